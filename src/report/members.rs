//! Member list and member card renderers: table, CSV, JSON.

use serde::Serialize;

use crate::books::members::MemberBalance;
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::date::format_date;
use crate::domain::ident::IdKind;
use crate::domain::member::{Member, MemberStatus};
use crate::i18n::Lang;
use crate::report::format::account_name;
use crate::report::render::{self, Block, Cell, Doc, Letterhead, Msg, Report};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

/// Stable code of an identification kind, for CSV and JSON.
pub fn id_kind_code(k: IdKind) -> &'static str {
    k.code()
}

/// The kind as a person reads it.
pub fn id_kind_label(k: IdKind, lang: Lang) -> &'static str {
    k.label(lang)
}

/// Stable code of a status, for CSV and JSON.
pub fn status_code(s: &MemberStatus) -> &'static str {
    match s {
        MemberStatus::Active => "active",
        MemberStatus::Retired { .. } => "retired",
    }
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A member as JSON: every field, dates as `YYYY-MM-DD`.
#[derive(Serialize)]
pub struct MemberJson<'a> {
    pub id: u32,
    pub id_number: &'a str,
    pub id_kind: &'static str,
    pub first_names: &'a str,
    pub last_names: &'a str,
    pub gender: &'static str,
    pub birth_date: Option<String>,
    pub join_date: String,
    pub phone: &'a str,
    pub community: &'a str,
    pub status: &'static str,
    pub retired_on: Option<String>,
    pub retire_reason: Option<&'a str>,
}

impl<'a> MemberJson<'a> {
    pub fn of(m: &'a Member) -> MemberJson<'a> {
        let (retired_on, retire_reason) = match &m.status {
            MemberStatus::Active => (None, None),
            MemberStatus::Retired { date, reason } => (Some(iso(*date)), Some(reason.as_str())),
        };
        MemberJson {
            id: m.id,
            id_number: &m.id_number,
            id_kind: id_kind_code(m.id_kind),
            first_names: &m.first_names,
            last_names: &m.last_names,
            gender: m.gender.code(),
            birth_date: m.birth_date.map(iso),
            join_date: iso(m.join_date),
            phone: &m.phone,
            community: &m.community,
            status: status_code(&m.status),
            retired_on,
            retire_reason,
        }
    }
}

/// A JSON array of members.
pub fn list_json(members: &[Member]) -> String {
    let v: Vec<MemberJson> = members.iter().map(MemberJson::of).collect();
    // Plain strings and numbers: serialising cannot fail.
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".to_string())
}

/// CSV with a header row: the columns `ayni member import` reads, named
/// as it reads them (Spanish or English, after the language), so a list
/// exported with `--all` imports into a new book as it was: numbers, kinds
/// of identification, status and retirement included.
pub fn list_csv(members: &[Member], lang: Lang) -> String {
    let header = crate::books::import::column_names(lang);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = w.write_record(header).is_ok();
    for m in members {
        let (retired_on, reason) = match &m.status {
            MemberStatus::Active => (String::new(), String::new()),
            MemberStatus::Retired { date, reason } => (iso(*date), sheet_safe(reason)),
        };
        ok &= w
            .write_record([
                sheet_safe(&m.id_number),
                sheet_safe(&m.first_names),
                sheet_safe(&m.last_names),
                m.gender.code().to_string(),
                m.birth_date.map(iso).unwrap_or_default(),
                iso(m.join_date),
                sheet_safe(&m.phone),
                sheet_safe(&m.community),
                m.id.to_string(),
                id_kind_code(m.id_kind).to_string(),
                status_code(&m.status).to_string(),
                retired_on,
                reason,
            ])
            .is_ok();
    }
    // Writing into a Vec cannot fail; `ok` only guards against a future change.
    let bytes = w.into_inner().unwrap_or_default();
    if !ok {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// An aligned table of members, with a count line at the end.
pub fn list_table(members: &[Member], lang: Lang) -> String {
    let mut t = Table::new(vec![
        Column::right("#"),
        Column::left(Msg::RepColIdNumber.t(lang), 14),
        Column::left(Msg::RepName.t(lang), 36),
        Column::left(Msg::RepColCommunity.t(lang), 20),
        Column::left(Msg::RepPhone.t(lang), 14),
        Column::left(Msg::RepColJoined.t(lang), 10),
        Column::left(Msg::RepColStatus.t(lang), 10),
    ]);
    for m in members {
        t.row(&[
            m.id.to_string(),
            m.id_number.clone(),
            m.full_name(),
            m.community.clone(),
            m.phone.clone(),
            format_date(m.join_date, lang),
            m.status.label(lang).to_string(),
        ]);
    }
    let active = members.iter().filter(|m| m.status.is_active()).count();
    let mut out = t.render_nonempty();
    out.push_str(&match members.len() {
        0 => Msg::RepNoMembersToShow.t(lang).to_string(),
        n => Msg::RepMembersCount.fill(lang, &[("n", &n), ("active", &active)]),
    });
    out
}

/// A member with their subledger balances, for `member show`.
#[derive(Serialize)]
struct CardJson<'a> {
    #[serde(flatten)]
    member: MemberJson<'a>,
    balances: Vec<BalanceJson<'a>>,
}

#[derive(Serialize)]
struct BalanceJson<'a> {
    account: &'a str,
    name: &'a str,
    debit: String,
    credit: String,
    balance: String,
}

/// The member and their balances in the subledger accounts, as JSON.
pub fn card_json(m: &Member, balances: &[MemberBalance], chart: &[Account], lang: Lang) -> String {
    let v = CardJson {
        member: MemberJson::of(m),
        balances: balances
            .iter()
            .map(|b| BalanceJson {
                account: &b.account,
                name: account_name(chart, &b.account, lang),
                debit: b.debit.plain(),
                credit: b.credit.plain(),
                balance: b.balance.plain(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".to_string())
}

/// The balances of a member as a table (empty text when there are none).
pub fn balances_table(balances: &[MemberBalance], chart: &[Account], lang: Lang) -> String {
    let mut t = Table::new(Column::ledger(
        lang,
        (Msg::RepAccount, 6),
        (Msg::RepColName, 40),
    ));
    for b in balances {
        t.row(&[
            b.account.clone(),
            account_name(chart, &b.account, lang).to_string(),
            b.debit.localized(lang),
            b.credit.localized(lang),
            b.balance.localized(lang),
        ]);
    }
    t.render_nonempty()
}

/// The member's data and balances, for the terminal.
pub fn card_table(m: &Member, balances: &[MemberBalance], chart: &[Account], lang: Lang) -> String {
    let dash = "—".to_string();
    let mut fields: Vec<(&str, String)> = vec![
        (Msg::RepMember.t(lang), format!("#{}", m.id)),
        (
            Msg::RepIdentification.t(lang),
            format!("{} ({})", m.id_number, id_kind_label(m.id_kind, lang)),
        ),
        (Msg::RepLastNames.t(lang), m.last_names.clone()),
        (Msg::RepFirstNames.t(lang), m.first_names.clone()),
        (Msg::RepGender.t(lang), m.gender.label(lang).to_string()),
        (
            Msg::RepBorn.t(lang),
            m.birth_date
                .map(|d| format_date(d, lang))
                .unwrap_or(dash.clone()),
        ),
        (Msg::RepColJoined.t(lang), format_date(m.join_date, lang)),
        (
            Msg::RepPhone.t(lang),
            if m.phone.is_empty() {
                dash.clone()
            } else {
                m.phone.clone()
            },
        ),
        (
            Msg::RepColCommunity.t(lang),
            if m.community.is_empty() {
                dash.clone()
            } else {
                m.community.clone()
            },
        ),
    ];
    let status = match &m.status {
        MemberStatus::Active => m.status.label(lang).to_string(),
        MemberStatus::Retired { date, reason } if reason.is_empty() => {
            format!("{} ({})", m.status.label(lang), format_date(*date, lang))
        }
        MemberStatus::Retired { date, reason } => format!(
            "{} ({}): {}",
            m.status.label(lang),
            format_date(*date, lang),
            reason
        ),
    };
    fields.push((Msg::RepColStatus.t(lang), status));
    let label_w = fields
        .iter()
        .map(|(l, _)| unicode_width::UnicodeWidthStr::width(*l))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (l, v) in fields {
        let fill = " ".repeat(label_w - unicode_width::UnicodeWidthStr::width(l));
        let v = crate::domain::text::visible(&v);
        out.push_str(&format!("{l}{fill}  {v}\n"));
    }
    out.push('\n');
    let table = balances_table(balances, chart, lang);
    if table.is_empty() {
        out.push_str(Msg::RepNoMemberMovements.t(lang));
    } else {
        out.push_str(Msg::RepMemberBalancesHeading.t(lang));
        out.push_str(&table);
    }
    out
}

/// `ayni member list`: the members (the active ones, or all with `all`),
/// optionally those matching a search. Its JSON is [`list_json`]'s.
#[derive(Clone, Debug)]
pub struct MembersList {
    pub letterhead: Letterhead,
    pub members: Vec<Member>,
}

impl MembersList {
    pub fn of(book: &Book, all: bool, search: Option<&str>) -> Result<MembersList, BookError> {
        let mut members = match search {
            Some(q) => book.search_members(q)?,
            None => book.members()?,
        };
        if !all {
            members.retain(|m| m.status.is_active());
        }
        Ok(MembersList {
            letterhead: Letterhead::of(book)?,
            members,
        })
    }
}

impl Serialize for MembersList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<MemberJson> = self.members.iter().map(MemberJson::of).collect();
        v.serialize(s)
    }
}

impl Report for MembersList {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut t = render::Table::new(
            "members",
            None,
            vec![
                render::Column::number("#", 5),
                render::Column::text(Msg::RepColIdNumber.t(lang), 14),
                render::Column::text(Msg::RepColName.t(lang), 36),
                render::Column::text(Msg::RepColCommunity.t(lang), 18),
                render::Column::text(Msg::RepColJoined.t(lang), 10),
                render::Column::text(Msg::RepColStatus.t(lang), 9),
            ],
            2,
        );
        for m in &self.members {
            let status = match m.status {
                MemberStatus::Active => Msg::RepActive.t(lang),
                MemberStatus::Retired { .. } => Msg::RepRetired.t(lang),
            };
            t.push(render::Row::new(vec![
                Cell::Number(i64::from(m.id)),
                Cell::text(&m.id_number),
                Cell::text(m.full_name()),
                Cell::text(&m.community),
                Cell::text(format_date(m.join_date, lang)),
                Cell::text(status),
            ]));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepMembersList.t(lang),
            format_date(self.letterhead.printed, lang),
            vec![Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        list_table(&self.members, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        list_csv(&self.members, lang)
    }
    fn to_json(&self) -> String {
        list_json(&self.members) + "\n"
    }
}

/// `ayni member show`: a member's data and balances in the subledger accounts.
#[derive(Clone, Debug)]
pub struct MemberCard {
    pub letterhead: Letterhead,
    pub member: Member,
    pub balances: Vec<MemberBalance>,
    pub chart: Vec<Account>,
    pub lang: Lang,
}

impl MemberCard {
    pub fn of(book: &Book, member: &Member, lang: Lang) -> Result<MemberCard, BookError> {
        Ok(MemberCard {
            letterhead: Letterhead::of(book)?,
            member: member.clone(),
            balances: book.member_balances(member.id)?,
            chart: book.chart().to_vec(),
            lang,
        })
    }
}

impl Serialize for MemberCard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = card_json(&self.member, &self.balances, &self.chart, self.lang);
        crate::report::dues::json_value(&text).serialize(s)
    }
}

impl Report for MemberCard {
    fn to_doc(&self, lang: Lang) -> Doc {
        let m = &self.member;
        let fields = vec![
            (Msg::RepMember.t(lang).to_string(), format!("#{}", m.id)),
            (
                Msg::RepIdentification.t(lang).to_string(),
                m.id_number.clone(),
            ),
            (Msg::RepColName.t(lang).to_string(), m.full_name()),
            (
                Msg::RepColCommunity.t(lang).to_string(),
                m.community.clone(),
            ),
            (
                Msg::RepColJoined.t(lang).to_string(),
                format_date(m.join_date, lang),
            ),
            (
                Msg::RepColStatus.t(lang).to_string(),
                m.status.label(lang).to_string(),
            ),
        ];
        let columns = render::Column::ledger(lang, (Msg::RepAccount, 8), (Msg::RepColName, 36));
        let mut t = render::Table::new("balances", None, columns, 1);
        for b in &self.balances {
            t.push(render::Row::new(vec![
                Cell::text(&b.account),
                Cell::text(account_name(&self.chart, &b.account, lang)),
                Cell::Amount(b.debit),
                Cell::Amount(b.credit),
                Cell::Amount(b.balance),
            ]));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepMemberCard.t(lang),
            format_date(self.letterhead.printed, lang),
            vec![Block::Fields(fields), Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        card_table(&self.member, &self.balances, &self.chart, lang)
    }
    fn to_json(&self) -> String {
        card_json(&self.member, &self.balances, &self.chart, self.lang) + "\n"
    }
}
