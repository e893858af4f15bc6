//! The whole journal in the plain-text accounting format that hledger and
//! ledger read. Each account is written as its CUC path (`1 Activos:11 Fondos
//! disponibles:1101 Caja`), so `hledger bal` agrees with ayni's trial balance.
//! A member's line is tagged with the member's number (`; member: #7`, the
//! `#n` every command accepts), not their identification number: the journal
//! goes to accountants and tools that need a key, not a cédula.

use std::collections::HashMap;
use std::io::Write;

use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::parent_code;
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, Side};
use crate::i18n::{Lang, Msg};
use crate::report::render::{Block, Doc, Letterhead, Report};
use serde::Serialize;

/// Makes a text safe inside a journal line: no comment or separator characters.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ';' | '#' | '\n' | '\r' | '\t' => ',',
            ':' => '-',
            '(' => '[',
            ')' => ']',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .map(|w| crate::domain::text::visible(w).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The full `CODE Name` path of every account.
pub fn account_paths(book: &Book) -> HashMap<String, String> {
    let names: HashMap<&str, &str> = book
        .chart()
        .iter()
        .map(|a| (a.code.as_str(), a.name.as_str()))
        .collect();
    let mut out = HashMap::new();
    for a in book.chart() {
        let mut parts = Vec::new();
        let mut code: Option<&str> = Some(&a.code);
        while let Some(c) = code {
            parts.push(format!(
                "{c} {}",
                clean(names.get(c).copied().unwrap_or(""))
            ));
            code = parent_code(c);
        }
        parts.reverse();
        out.insert(a.code.clone(), parts.join(":"));
    }
    out
}

fn write_entry(
    w: &mut dyn Write,
    e: &Entry,
    paths: &HashMap<String, String>,
) -> std::io::Result<()> {
    write!(
        w,
        "{} * ({}) {}",
        e.date.format("%Y-%m-%d"),
        e.id,
        clean(&e.description)
    )?;
    if !e.reference.is_empty() {
        write!(w, " | {}", clean(&e.reference))?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "    ; hash: {}",
        e.hash
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )?;
    if let Some(r) = e.reverses {
        writeln!(w, "    ; reverses: {r}")?;
    }
    for p in &e.postings {
        let path = paths
            .get(&p.account)
            .cloned()
            .unwrap_or_else(|| p.account.clone());
        let amount = match p.side {
            Side::Debit => p.amount,
            Side::Credit => -p.amount,
        };
        write!(w, "    {path}  {} USD", amount.plain())?;
        if let Some(mid) = p.member {
            write!(w, "  ; member: #{mid}")?;
        }
        writeln!(w)?;
    }
    writeln!(w)
}

/// The entries under `filter`, newest first, read `size` at a time: one
/// page after another until an empty one.
pub(crate) fn pages<'a>(
    book: &'a Book,
    filter: &'a JournalFilter,
    size: usize,
) -> impl Iterator<Item = Result<Vec<Entry>, BookError>> + 'a {
    let mut skip = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let page = book.journal(filter, skip, size);
        match &page {
            Ok(p) if p.is_empty() => return None,
            Ok(p) => skip += p.len(),
            Err(_) => done = true,
        }
        Some(page)
    })
}

/// Writes the whole journal in date order (entries of one day in number
/// order), so that `hledger check ordereddates` passes: an entry may be
/// dated before one recorded earlier (a back-dated payment, a close dated
/// the month's last day).
pub fn export_journal(book: &Book, w: &mut dyn Write) -> Result<u64, BookError> {
    let settings = book.settings()?;
    let paths = account_paths(book);
    let io = |e: std::io::Error| BookError::File(e.to_string());
    writeln!(w, "; ayni — {}", clean(&settings.name)).map_err(io)?;
    if let Some(r) = &settings.ruc {
        writeln!(w, "; RUC {r}").map_err(io)?;
    }
    writeln!(w, "; amounts in USD; debits positive, credits negative\n").map_err(io)?;
    crate::domain::progress::begin(Msg::ProgressExport, book.entry_count(None)?);
    let n = book.each_entry_in_date_order(|e| {
        crate::domain::progress::advance(1);
        write_entry(w, e, &paths).map_err(io)
    })?;
    w.flush().map_err(io)?;
    Ok(n)
}

/// `ayni export journal` as a report: the whole journal in hledger's plain
/// text (its table), one note per line in the printed formats.
#[derive(Clone, Debug, Serialize)]
pub struct JournalExport {
    #[serde(skip)]
    pub letterhead: Letterhead,
    /// How many entries the journal holds.
    pub entries: u64,
    /// The journal's text.
    pub journal: String,
}

impl JournalExport {
    pub fn of(book: &Book) -> Result<JournalExport, BookError> {
        let mut bytes = Vec::new();
        let entries = export_journal(book, &mut bytes)?;
        Ok(JournalExport {
            letterhead: Letterhead::of(book)?,
            entries,
            journal: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

impl Report for JournalExport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let blocks = self
            .journal
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Block::Note(l.to_string()))
            .collect();
        let period = format_date(self.letterhead.printed, lang);
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepJournalExport.t(lang),
            period,
            blocks,
        )
    }
    fn to_table(&self, _lang: Lang) -> String {
        self.journal.clone()
    }
}
