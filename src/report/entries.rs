//! Journal entries for the command line: one entry in detail, or a list,
//! as table, CSV or JSON.

use std::collections::HashMap;

use serde::Serialize;

use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, EntryKind, Side};
use crate::i18n::{Lang, Msg};
use crate::report::render::{Doc, Letterhead, Report, csv_doc};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

/// What a rendering needs besides the entries: account names and member numbers.
pub struct Names<'a> {
    pub chart: &'a [Account],
    /// Internal member number -> identification number.
    pub members: &'a HashMap<u32, String>,
}

impl Names<'_> {
    fn account(&self, code: &str, lang: Lang) -> String {
        crate::report::format::account_name(self.chart, code, lang).to_string()
    }
    fn member(&self, id: u32) -> String {
        self.members
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

/// Stable snake_case code of an entry kind (`manual`, `reversal`, `dues_payment` ...).
pub fn kind_code(k: EntryKind) -> String {
    let mut out = String::new();
    for (i, c) in format!("{k:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn hex(h: &[u8; 32]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// Control and invisible characters written as their escape (`\u001b`).
fn clean(s: &str) -> String {
    crate::domain::text::visible(s).into_owned()
}

#[derive(Serialize)]
struct LineJson {
    account: String,
    name: String,
    debit: String,
    credit: String,
    member: Option<String>,
}

#[derive(Serialize)]
struct EntryJson {
    id: u64,
    date: String,
    description: String,
    reference: String,
    kind: String,
    reverses: Option<u64>,
    total: String,
    hash: String,
    prev_hash: String,
    lines: Vec<LineJson>,
}

fn entry_json(e: &Entry, names: &Names, lang: Lang) -> EntryJson {
    EntryJson {
        id: e.id,
        date: e.date.format("%Y-%m-%d").to_string(),
        description: e.description.clone(),
        reference: e.reference.clone(),
        kind: kind_code(e.kind),
        reverses: e.reverses,
        total: e.total().plain(),
        hash: hex(&e.hash),
        prev_hash: hex(&e.prev_hash),
        lines: e
            .postings
            .iter()
            .map(|p| {
                let (d, c) = match p.side {
                    Side::Debit => (p.amount.plain(), "0.00".to_string()),
                    Side::Credit => ("0.00".to_string(), p.amount.plain()),
                };
                LineJson {
                    account: p.account.clone(),
                    name: names.account(&p.account, lang),
                    debit: d,
                    credit: c,
                    member: p.member.map(|m| names.member(m)),
                }
            })
            .collect(),
    }
}

/// One entry as a JSON object.
pub fn entry_to_json(e: &Entry, names: &Names, lang: Lang) -> String {
    serde_json::to_string_pretty(&entry_json(e, names, lang)).unwrap_or_else(|_| "{}".into())
}

/// A JSON array of entries.
pub fn list_json(entries: &[Entry], names: &Names, lang: Lang) -> String {
    let v: Vec<EntryJson> = entries.iter().map(|e| entry_json(e, names, lang)).collect();
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".into())
}

/// CSV, one row per line of each entry, amounts plain with a point.
pub fn list_csv(entries: &[Entry], names: &Names, lang: Lang) -> String {
    let mut rows = Vec::new();
    for e in entries {
        for p in &e.postings {
            let (d, c) = match p.side {
                Side::Debit => (p.amount.plain(), "0.00".to_string()),
                Side::Credit => ("0.00".to_string(), p.amount.plain()),
            };
            rows.push(vec![
                e.id.to_string(),
                e.date.format("%Y-%m-%d").to_string(),
                sheet_safe(&e.description),
                sheet_safe(&e.reference),
                p.account.clone(),
                sheet_safe(&names.account(&p.account, lang)),
                d,
                c,
                p.member
                    .map(|m| sheet_safe(&names.member(m)))
                    .unwrap_or_default(),
            ]);
        }
    }
    crate::report::format::csv_with_header(Msg::RepCsvEntriesList, lang, &rows)
}

fn lines_table(e: &Entry, names: &Names, lang: Lang) -> Table {
    let mut t = Table::new(vec![
        Column::left(Msg::RepAccount.t(lang), 6),
        Column::left(Msg::RepColName.t(lang), 36),
        Column::left(Msg::RepMember.t(lang), 14),
        Column::right(Msg::RepDebit.t(lang)),
        Column::right(Msg::RepCredit.t(lang)),
    ]);
    for p in &e.postings {
        let (d, c) = match p.side {
            Side::Debit => (p.amount.localized(lang), String::new()),
            Side::Credit => (String::new(), p.amount.localized(lang)),
        };
        t.row(&[
            p.account.clone(),
            names.account(&p.account, lang),
            p.member.map(|m| names.member(m)).unwrap_or_default(),
            d,
            c,
        ]);
    }
    t.rule();
    t.row(&[
        String::new(),
        "TOTAL".to_string(),
        String::new(),
        e.total().localized(lang),
        e.total().localized(lang),
    ]);
    t
}

/// One entry in detail: heading, lines with debit and credit columns, hash.
pub fn entry_card(e: &Entry, names: &Names, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} {} · {} · {}\n",
        Msg::RepEntry.t(lang),
        e.id,
        format_date(e.date, lang),
        clean(&e.description)
    ));
    if e.kind != EntryKind::Manual {
        out.push_str(&format!(
            "{}: {}\n",
            Msg::RepKind.t(lang),
            e.kind.label(lang)
        ));
    }
    if !e.reference.is_empty() {
        out.push_str(&format!(
            "{}: {}\n",
            Msg::RepReference.t(lang),
            clean(&e.reference)
        ));
    }
    if let Some(r) = e.reverses {
        out.push_str(&Msg::RepReversesEntry.fill(lang, &[("r", &r)]));
    }
    out.push_str(&lines_table(e, names, lang).render());
    out.push_str(&format!("hash {}\n", hex(&e.hash)));
    out
}

/// A list of entries for the terminal: each entry's heading and its lines.
pub fn list_table(entries: &[Entry], names: &Names, lang: Lang) -> String {
    let mut t = Table::new(vec![
        Column::right("N°"),
        Column::left(Msg::RepDate.t(lang), 10),
        Column::left(Msg::RepAccountDescription.t(lang), 48),
        Column::left(Msg::RepMember.t(lang), 14),
        Column::right(Msg::RepDebit.t(lang)),
        Column::right(Msg::RepCredit.t(lang)),
    ]);
    for e in entries {
        let mut desc = clean(&e.description);
        if let Some(r) = e.reverses {
            desc = Msg::RepDescReverses.fill(lang, &[("desc", &desc), ("r", &r)]);
        }
        t.row(&[e.id.to_string(), format_date(e.date, lang), desc]);
        for p in &e.postings {
            let (d, c) = match p.side {
                Side::Debit => (p.amount.localized(lang), String::new()),
                Side::Credit => (String::new(), p.amount.localized(lang)),
            };
            let acc = format!(
                "{}{} {}",
                if p.side == Side::Credit { "    " } else { "  " },
                p.account,
                names.account(&p.account, lang)
            );
            t.row(&[
                String::new(),
                String::new(),
                acc,
                p.member.map(|m| names.member(m)).unwrap_or_default(),
                d,
                c,
            ]);
        }
    }
    let mut out = t.render_nonempty();
    out.push_str(&match entries.len() {
        0 => Msg::RepNoEntriesToShow.t(lang).to_string(),
        1 => Msg::RepOneEntry.t(lang).to_string(),
        n => Msg::RepNEntries.fill(lang, &[("n", &n)]),
    });
    out
}

/// `ayni entries list`: the entries a filter picks, newest first as the
/// journal gives them.
#[derive(Clone, Debug)]
pub struct EntriesList {
    pub letterhead: Letterhead,
    pub entries: Vec<Entry>,
    pub chart: Vec<Account>,
    /// Internal member number -> identification number.
    pub members: HashMap<u32, String>,
    pub lang: Lang,
}

impl EntriesList {
    pub fn of(
        book: &Book,
        filter: &JournalFilter,
        limit: Option<usize>,
        lang: Lang,
    ) -> Result<EntriesList, BookError> {
        Ok(EntriesList {
            letterhead: Letterhead::of(book)?,
            entries: book.journal(filter, 0, limit.unwrap_or(usize::MAX))?,
            chart: book.chart().to_vec(),
            members: book
                .members()?
                .into_iter()
                .map(|m| (m.id, m.id_number))
                .collect(),
            lang,
        })
    }
    fn names(&self) -> Names<'_> {
        Names {
            chart: &self.chart,
            members: &self.members,
        }
    }
}

impl Serialize for EntriesList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<EntryJson> = self
            .entries
            .iter()
            .map(|e| entry_json(e, &self.names(), self.lang))
            .collect();
        v.serialize(s)
    }
}

impl Report for EntriesList {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepEntriesTitle.t(lang);
        let period = format_date(self.letterhead.printed, lang);
        csv_doc(self.letterhead.clone(), title, period, "entries", &csv)
    }
    fn to_table(&self, lang: Lang) -> String {
        list_table(&self.entries, &self.names(), lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        list_csv(&self.entries, &self.names(), lang)
    }
    fn to_json(&self) -> String {
        list_json(&self.entries, &self.names(), self.lang) + "\n"
    }
}
