//! Trial balance (balance de comprobación) renderers: table, CSV, JSON.

use serde::Serialize;

use crate::books::ledger::TrialBalance;
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Table, as_of};

#[derive(Serialize)]
struct JsonRow<'a> {
    code: &'a str,
    name: &'a str,
    debit: String,
    credit: String,
    balance: String,
}

#[derive(Serialize)]
struct JsonTotals {
    debit: String,
    credit: String,
}

#[derive(Serialize)]
struct Json<'a> {
    month: String,
    accounts: Vec<JsonRow<'a>>,
    totals: JsonTotals,
}

/// `{"month": "2026-10", "accounts": [{"code", "name", "debit", "credit", "balance"}], "totals": {"debit", "credit"}}`
pub fn to_json(tb: &TrialBalance, lang: Lang) -> String {
    serde_json::to_string_pretty(&json_value(tb, lang)).unwrap_or_default()
}

fn json_value(tb: &TrialBalance, lang: Lang) -> Json<'_> {
    Json {
        month: tb.month.to_string(),
        accounts: tb
            .rows
            .iter()
            .map(|r| JsonRow {
                code: &r.account.code,
                name: r.account.display_name(lang),
                debit: r.debit.plain(),
                credit: r.credit.plain(),
                balance: r.balance.plain(),
            })
            .collect(),
        totals: JsonTotals {
            debit: tb.total_debit.plain(),
            credit: tb.total_credit.plain(),
        },
    }
}

/// A text cell for CSV: control and invisible characters written as their
/// escape (`\u001b`, see [`crate::domain::text::visible`]), and a cell that a
/// spreadsheet would run as a formula prefixed with an apostrophe. A cell
/// that starts with an apostrophe before such a character gets one more, so
/// that `ayni member import` (which takes the first one away) reads back
/// exactly what was written.
pub fn sheet_safe(s: &str) -> String {
    let s = crate::domain::text::visible(s);
    let marked = |t: &str| t.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if marked(&s)
        || s.strip_prefix('\'')
            .is_some_and(|r| marked(r) || r.starts_with('\''))
    {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// CSV with a header row; amounts plain with a point.
pub fn to_csv(tb: &TrialBalance, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        Msg::RepCsvCode,
        Msg::RepCsvAccount,
        Msg::RepCsvDebit,
        Msg::RepCsvCredit,
        Msg::RepCsvBalance,
    ]
    .map(|m| m.t(lang));
    let _ = w.write_record(header);
    for r in &tb.rows {
        let _ = w.write_record([
            r.account.code.clone(),
            sheet_safe(r.account.display_name(lang)),
            r.debit.plain(),
            r.credit.plain(),
            r.balance.plain(),
        ]);
    }
    let total = Msg::RepTotal.t(lang);
    let _ = w.write_record([
        String::new(),
        total.to_string(),
        tb.total_debit.plain(),
        tb.total_credit.plain(),
        (tb.total_debit - tb.total_credit).plain(),
    ]);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A plain-text table for the terminal, `width` columns wide at most.
pub fn to_table(tb: &TrialBalance, lang: Lang, title: &str) -> String {
    let (h_code, h_acc, h_d, h_c, h_b) = (
        Msg::RepCode.t(lang),
        Msg::RepAccount.t(lang),
        Msg::RepDebit.t(lang),
        Msg::RepCredit.t(lang),
        Msg::RepBalance.t(lang),
    );
    let mut out = String::new();
    out.push_str(title);
    out.push('\n');
    let name_w = 34;
    let line = format!(
        "{:<7}{:<name_w$}{:>14}{:>14}{:>15}\n",
        h_code, h_acc, h_d, h_c, h_b
    );
    out.push_str(&line);
    out.push_str(&"-".repeat(84));
    out.push('\n');
    for r in &tb.rows {
        let mut name: String = r
            .account
            .display_name(lang)
            .chars()
            .take(name_w - 1)
            .collect();
        while name.chars().count() < name_w {
            name.push(' ');
        }
        out.push_str(&format!(
            "{:<7}{}{:>14}{:>14}{:>15}\n",
            r.account.code,
            name,
            r.debit.localized(lang),
            r.credit.localized(lang),
            r.balance.localized(lang)
        ));
    }
    out.push_str(&"-".repeat(84));
    out.push('\n');
    let mut total = "TOTAL".to_string();
    while total.chars().count() < name_w + 7 {
        total.push(' ');
    }
    out.push_str(&format!(
        "{}{:>14}{:>14}{:>15}\n",
        total,
        tb.total_debit.localized(lang),
        tb.total_credit.localized(lang),
        (tb.total_debit - tb.total_credit).localized(lang)
    ));
    out
}

/// `ayni report trial-balance`: the ledger's trial balance at a month's
/// end, in the command's own table, CSV and JSON shapes (the statement with
/// comparison months is [`crate::report::statements::trial_balance`]).
#[derive(Clone, Debug)]
pub struct TrialBalanceReport {
    pub letterhead: Letterhead,
    pub trial: TrialBalance,
    /// The language of the account names in the JSON.
    pub lang: Lang,
}

impl TrialBalanceReport {
    pub fn of(book: &Book, month: Month, lang: Lang) -> Result<TrialBalanceReport, BookError> {
        Ok(TrialBalanceReport {
            letterhead: Letterhead::of(book)?,
            trial: book.trial_balance(month)?,
            lang,
        })
    }

    fn title(&self, lang: Lang) -> String {
        let date = format_date(self.trial.month.last_day(), lang);
        Msg::RepTrialBalanceTitle.fill(lang, &[("name", &self.letterhead.name), ("date", &date)])
    }
}

impl Serialize for TrialBalanceReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&self.trial, self.lang).serialize(s)
    }
}

impl Report for TrialBalanceReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let tb = &self.trial;
        let columns = Column::ledger(lang, (Msg::RepCode, 8), (Msg::RepAccount, 34));
        let mut t = Table::new("trial-balance", None, columns, 1);
        for r in &tb.rows {
            t.push(Row::new(vec![
                Cell::text(&r.account.code),
                Cell::text(r.account.display_name(lang)),
                Cell::Amount(r.debit),
                Cell::Amount(r.credit),
                Cell::Amount(r.balance),
            ]));
        }
        let balance = tb.total_debit - tb.total_credit;
        let totals = [tb.total_debit, tb.total_credit, balance];
        t.push(Row::total(1, Msg::RepTotal.t(lang), totals));
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepTrialBalance.t(lang),
            as_of(tb.month.last_day(), lang),
            vec![Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        to_table(&self.trial, lang, &self.title(lang))
    }
    fn to_csv(&self, lang: Lang) -> String {
        to_csv(&self.trial, lang)
    }
}
