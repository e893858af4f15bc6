//! Trial balance (balance de comprobación de sumas y saldos): each account's
//! debit and credit sums and its balance as a saldo deudor or a saldo
//! acreedor; renderers: table, CSV, JSON and the document the other formats
//! are written from.

use serde::Serialize;

use crate::books::ledger::TrialBalance;
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::money::Money;
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
    balance_debit: String,
    balance_credit: String,
}

#[derive(Serialize)]
struct JsonTotals {
    debit: String,
    credit: String,
    balance_debit: String,
    balance_credit: String,
}

#[derive(Serialize)]
struct Json<'a> {
    month: String,
    accounts: Vec<JsonRow<'a>>,
    totals: JsonTotals,
}

/// `{"month": "2026-10", "accounts": [{"code", "name", "debit", "credit",
/// "balance", "balance_debit", "balance_credit"}], "totals": {"debit",
/// "credit", "balance_debit", "balance_credit"}}`: `balance` is debit minus
/// credit; `balance_debit` and `balance_credit` are the saldo deudor and the
/// saldo acreedor, one of them zero.
pub fn to_json(tb: &TrialBalance, lang: Lang) -> String {
    serde_json::to_string_pretty(&json_value(tb, lang)).unwrap_or_default()
}

fn json_value(tb: &TrialBalance, lang: Lang) -> Json<'_> {
    let (bd, bc) = tb.balance_totals();
    Json {
        month: tb.month.to_string(),
        accounts: tb
            .rows
            .iter()
            .map(|r| {
                let (d, c) = r.sides();
                JsonRow {
                    code: &r.account.code,
                    name: r.account.display_name(lang),
                    debit: r.debit.plain(),
                    credit: r.credit.plain(),
                    balance: r.balance.plain(),
                    balance_debit: d.plain(),
                    balance_credit: c.plain(),
                }
            })
            .collect(),
        totals: JsonTotals {
            debit: tb.total_debit.plain(),
            credit: tb.total_credit.plain(),
            balance_debit: bd.plain(),
            balance_credit: bc.plain(),
        },
    }
}

/// A balance side as a cell of text: the amount, or nothing for zero (one
/// of the two balance columns is always empty).
fn side_plain(m: Money) -> String {
    if m.is_zero() {
        String::new()
    } else {
        m.plain()
    }
}

fn side_localized(m: Money, lang: Lang) -> String {
    if m.is_zero() {
        String::new()
    } else {
        m.localized(lang)
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

/// CSV with a header row; amounts plain with a point. After the debit
/// minus credit balance come the saldo deudor and the saldo acreedor (the
/// side an account's balance is not on is left empty).
pub fn to_csv(tb: &TrialBalance, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        Msg::RepCsvCode,
        Msg::RepCsvAccount,
        Msg::RepCsvDebit,
        Msg::RepCsvCredit,
        Msg::RepCsvBalance,
        Msg::RepCsvDebitBalance,
        Msg::RepCsvCreditBalance,
    ]
    .map(|m| m.t(lang));
    let _ = w.write_record(header);
    for r in &tb.rows {
        let (d, c) = r.sides();
        let _ = w.write_record([
            r.account.code.clone(),
            sheet_safe(r.account.display_name(lang)),
            r.debit.plain(),
            r.credit.plain(),
            r.balance.plain(),
            side_plain(d),
            side_plain(c),
        ]);
    }
    let total = Msg::RepTotal.t(lang);
    let (bd, bc) = tb.balance_totals();
    let _ = w.write_record([
        String::new(),
        total.to_string(),
        tb.total_debit.plain(),
        tb.total_credit.plain(),
        (tb.total_debit - tb.total_credit).plain(),
        bd.plain(),
        bc.plain(),
    ]);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The width of the amount columns of the table: the widest figure or
/// header, at least 11 ("S. acreedor").
fn amount_width(tb: &TrialBalance, lang: Lang, headers: &[&str]) -> usize {
    let (bd, bc) = tb.balance_totals();
    let figures = [tb.total_debit, tb.total_credit, bd, bc].into_iter().chain(
        tb.rows
            .iter()
            .flat_map(|r| [r.debit, r.credit, r.balance.abs()]),
    );
    figures
        .map(|m| m.localized(lang).chars().count())
        .chain(headers.iter().map(|h| h.chars().count()))
        .max()
        .unwrap_or(0)
        .max(11)
}

/// A plain-text table for the terminal, 80 columns wide (wider only when
/// the figures need it): code, account, Debe, Haber, S. deudor, S. acreedor.
pub fn to_table(tb: &TrialBalance, lang: Lang, title: &str) -> String {
    let h_code = Msg::RepCode.t(lang);
    let h_acc = Msg::RepAccount.t(lang);
    let amounts = [
        Msg::RepDebit.t(lang),
        Msg::RepCredit.t(lang),
        Msg::RepDebitBalanceShort.t(lang),
        Msg::RepCreditBalanceShort.t(lang),
    ];
    let aw = amount_width(tb, lang, &amounts);
    let code_w = 7;
    // Each amount column is its figures and one space before them.
    let name_w = 80usize.saturating_sub(code_w + 4 * (aw + 1)).max(16);
    let width = code_w + name_w + 4 * (aw + 1);
    let cell = |text: &str| format!(" {text:>aw$}");
    let name_cell = |name: &str| {
        let mut name: String = if name.chars().count() < name_w {
            name.to_string()
        } else {
            let mut cut: String = name.chars().take(name_w - 2).collect();
            cut.push('…');
            cut
        };
        while name.chars().count() < name_w {
            name.push(' ');
        }
        name
    };
    let mut out = String::new();
    out.push_str(title);
    out.push('\n');
    out.push_str(&format!("{h_code:<code_w$}{}", name_cell(h_acc)));
    for h in amounts {
        out.push_str(&cell(h));
    }
    out.push('\n');
    out.push_str(&"-".repeat(width));
    out.push('\n');
    for r in &tb.rows {
        let (d, c) = r.sides();
        let line = format!(
            "{:<code_w$}{}{}{}{}{}",
            r.account.code,
            name_cell(r.account.display_name(lang)),
            cell(&r.debit.localized(lang)),
            cell(&r.credit.localized(lang)),
            cell(&side_localized(d, lang)),
            cell(&side_localized(c, lang)),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&"-".repeat(width));
    out.push('\n');
    let (bd, bc) = tb.balance_totals();
    let mut total = Msg::RepTotal.t(lang).to_string();
    while total.chars().count() < name_w + code_w {
        total.push(' ');
    }
    out.push_str(&format!(
        "{}{}{}{}{}\n",
        total,
        cell(&tb.total_debit.localized(lang)),
        cell(&tb.total_credit.localized(lang)),
        cell(&bd.localized(lang)),
        cell(&bc.localized(lang)),
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
    /// Balance de comprobación de sumas y saldos: each account's Debe and
    /// Haber sums and its balance in the S. deudor or the S. acreedor
    /// column (never as a negative figure).
    fn to_doc(&self, lang: Lang) -> Doc {
        let tb = &self.trial;
        let mut columns = vec![
            Column::text(Msg::RepCode.t(lang), 8),
            Column::text(Msg::RepAccount.t(lang), 34),
        ];
        columns.extend(
            [
                Msg::RepDebit,
                Msg::RepCredit,
                Msg::RepDebitBalanceShort,
                Msg::RepCreditBalanceShort,
            ]
            .map(|m| Column::amount(m.t(lang))),
        );
        let side = |m: Money| {
            if m.is_zero() {
                Cell::Empty
            } else {
                Cell::Amount(m)
            }
        };
        let mut t = Table::new("trial-balance", None, columns, 1);
        for r in &tb.rows {
            let (d, c) = r.sides();
            t.push(Row::new(vec![
                Cell::text(&r.account.code),
                Cell::text(r.account.display_name(lang)),
                Cell::Amount(r.debit),
                Cell::Amount(r.credit),
                side(d),
                side(c),
            ]));
        }
        let (bd, bc) = tb.balance_totals();
        let totals = [tb.total_debit, tb.total_credit, bd, bc];
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
