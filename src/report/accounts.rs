//! The chart of accounts with balances at a month's end: table, CSV, JSON.

use serde::Serialize;

use crate::books::ledger::AccountBalance;
use crate::books::{Book, BookError};
use crate::domain::account::Level;
use crate::domain::date::format_date;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{self, Block, Cell, Doc, Letterhead, Msg, Report, Style};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    postable: bool,
    subledger: bool,
    user_defined: bool,
    debit: String,
    credit: String,
    balance: String,
}

#[derive(Serialize)]
struct Json<'a> {
    month: String,
    accounts: Vec<Row<'a>>,
}

/// `{"month": "2026-10", "accounts": [{"code", "name", "postable", "subledger", "user_defined", "debit", "credit", "balance"}]}`
pub fn to_json(month: Month, rows: &[AccountBalance], lang: Lang) -> String {
    serde_json::to_string_pretty(&json_value(month, rows, lang)).unwrap_or_else(|_| "{}".into())
}

fn json_value(month: Month, rows: &[AccountBalance], lang: Lang) -> Json<'_> {
    Json {
        month: month.to_string(),
        accounts: rows
            .iter()
            .map(|r| Row {
                code: &r.account.code,
                name: r.account.display_name(lang),
                postable: r.postable,
                subledger: r.account.subledger,
                user_defined: r.account.user_defined,
                debit: r.debit.plain(),
                credit: r.credit.plain(),
                balance: r.balance.plain(),
            })
            .collect(),
    }
}

/// CSV with a header row; amounts plain with a point.
pub fn to_csv(rows: &[AccountBalance], lang: Lang) -> String {
    let header = [
        Msg::RepCsvCode,
        Msg::RepCsvAccount,
        Msg::RepCsvLevel,
        Msg::RepCsvDebit,
        Msg::RepCsvCredit,
        Msg::RepCsvBalance,
    ]
    .map(|m| m.t(lang));
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = w.write_record(header).is_ok();
    for r in rows {
        ok &= w
            .write_record([
                r.account.code.clone(),
                sheet_safe(r.account.display_name(lang)),
                r.account.code.len().to_string(),
                r.debit.plain(),
                r.credit.plain(),
                r.balance.plain(),
            ])
            .is_ok();
    }
    // Writing into a Vec cannot fail.
    let bytes = w.into_inner().unwrap_or_default();
    if !ok {
        return String::new();
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// The chart indented by level; `*` marks accounts that take postings,
/// `(S)` the members' subledger control accounts.
pub fn to_table(rows: &[AccountBalance], lang: Lang, title: &str) -> String {
    let mut t = Table::new(Column::ledger(
        lang,
        (Msg::RepCode, 8),
        (Msg::RepAccount, 52),
    ));
    for r in rows {
        let indent = match r.account.level() {
            Some(Level::Element) | None => "",
            Some(Level::Group) => "  ",
            Some(Level::Account) => "    ",
            Some(Level::SubAccount) => "      ",
        };
        let mut name = format!("{indent}{}", r.account.display_name(lang));
        if r.account.subledger {
            name.push_str(" (S)");
        }
        let amount = |m: crate::domain::money::Money| {
            if m.is_zero() {
                String::new()
            } else {
                m.localized(lang)
            }
        };
        t.row(&[
            format!("{}{}", r.account.code, if r.postable { "*" } else { "" }),
            name,
            amount(r.debit),
            amount(r.credit),
            if r.debit.is_zero() && r.credit.is_zero() {
                String::new()
            } else {
                r.balance.localized(lang)
            },
        ]);
    }
    let mut out = format!("{title}\n");
    out.push_str(&t.render());
    out.push_str(Msg::RepChartLegend.t(lang));
    out.push('\n');
    out
}

/// `ayni account list`: the chart of accounts with each account's balance at
/// a month's end.
#[derive(Clone, Debug)]
pub struct ChartBalances {
    pub letterhead: Letterhead,
    pub month: Month,
    pub rows: Vec<AccountBalance>,
    /// The language of the account names in the JSON.
    pub lang: Lang,
}

impl ChartBalances {
    pub fn of(book: &Book, month: Month, lang: Lang) -> Result<ChartBalances, BookError> {
        Ok(ChartBalances {
            letterhead: Letterhead::of(book)?,
            month,
            rows: book.account_balances(month)?,
            lang,
        })
    }
}

impl Serialize for ChartBalances {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(self.month, &self.rows, self.lang).serialize(s)
    }
}

impl Report for ChartBalances {
    fn to_doc(&self, lang: Lang) -> Doc {
        let columns = render::Column::ledger(lang, (Msg::RepCode, 8), (Msg::RepAccount, 40));
        let mut t = render::Table::new("accounts", None, columns, 1);
        for r in &self.rows {
            let style = if r.postable {
                Style::Normal
            } else {
                Style::Group
            };
            let indent = r.account.code.len().saturating_sub(1).min(8) as u8;
            t.push(render::Row::styled(
                vec![
                    Cell::text(&r.account.code),
                    Cell::text(r.account.display_name(lang)),
                    Cell::Amount(r.debit),
                    Cell::Amount(r.credit),
                    Cell::Amount(r.balance),
                ],
                style,
                indent,
            ));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepChartBalances.t(lang),
            render::as_of(self.month.last_day(), lang),
            vec![Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        let date = format_date(self.month.last_day(), lang);
        let title =
            Msg::RepChartTitle.fill(lang, &[("name", &self.letterhead.name), ("date", &date)]);
        to_table(&self.rows, lang, &title)
    }
    fn to_csv(&self, lang: Lang) -> String {
        to_csv(&self.rows, lang)
    }
}
