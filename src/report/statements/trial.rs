//! Balance de comprobación: each postable account's cumulative debits and
//! credits to the month's end and its balance, with the balance at the end of
//! the previous month and of the same month last year.

use serde::Serialize;

use super::{Balances, Compared, Periods};
use crate::books::{Book, BookError};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Table, month_short, ser,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrialRow {
    pub code: String,
    pub name: String,
    /// Debits to the month's end.
    #[serde(serialize_with = "ser::amount")]
    pub debit: Money,
    /// Credits to the month's end.
    #[serde(serialize_with = "ser::amount")]
    pub credit: Money,
    /// Debit minus credit at each month's end.
    pub balance: Compared,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrialBalanceStatement {
    pub association: Letterhead,
    pub periods: Periods,
    pub rows: Vec<TrialRow>,
    #[serde(serialize_with = "ser::amount")]
    pub total_debit: Money,
    #[serde(serialize_with = "ser::amount")]
    pub total_credit: Money,
    /// Sum of the balances (zero when the books balance).
    pub total_balance: Compared,
    pub balanced: bool,
}

/// The trial balance of `month` with the two comparison months.
pub fn trial_balance(
    book: &Book,
    month: Month,
    lang: Lang,
) -> Result<TrialBalanceStatement, BookError> {
    let periods = Periods::of(month);
    let cur = Balances::at(book, periods.current)?;
    let prev = Balances::at(book, periods.previous)?;
    let ly = Balances::at(book, periods.last_year)?;
    let mut rows = Vec::new();
    for a in book.chart() {
        if !book.is_postable(&a.code) {
            continue;
        }
        let row = TrialRow {
            code: a.code.clone(),
            name: a.display_name(lang).to_string(),
            debit: cur.debit(&a.code),
            credit: cur.credit(&a.code),
            balance: Compared {
                current: cur.signed(&a.code),
                previous: prev.signed(&a.code),
                last_year: ly.signed(&a.code),
            },
        };
        if row.debit.is_zero() && row.credit.is_zero() && row.balance.is_zero() {
            continue;
        }
        rows.push(row);
    }
    let total_debit = rows.iter().map(|r| r.debit).sum();
    let total_credit = rows.iter().map(|r| r.credit).sum();
    let total_balance = rows
        .iter()
        .fold(Compared::default(), |acc, r| acc + r.balance);
    Ok(TrialBalanceStatement {
        association: Letterhead::of(book)?,
        periods,
        rows,
        total_debit,
        total_credit,
        balanced: total_debit == total_credit && total_balance.is_zero(),
        total_balance,
    })
}

impl Report for TrialBalanceStatement {
    fn to_doc(&self, lang: Lang) -> Doc {
        let p = &self.periods;
        let mut columns = Column::ledger(lang, (Msg::RepCode, 8), (Msg::RepAccount, 34));
        columns.push(Column::amount(&month_short(p.previous, lang)));
        columns.push(Column::amount(&month_short(p.last_year, lang)));
        let mut t = Table::new("trial-balance", None, columns, 1);
        for r in &self.rows {
            t.push(Row::new(vec![
                Cell::text(&r.code),
                Cell::text(&r.name),
                Cell::Amount(r.debit),
                Cell::Amount(r.credit),
                Cell::Amount(r.balance.current),
                Cell::Amount(r.balance.previous),
                Cell::Amount(r.balance.last_year),
            ]));
        }
        let b = &self.total_balance;
        let totals = [
            self.total_debit,
            self.total_credit,
            b.current,
            b.previous,
            b.last_year,
        ];
        t.push(Row::total(1, Msg::RepTotal.t(lang), totals));
        Doc::one_page(
            self.association.clone(),
            Msg::RepTrialBalance.t(lang),
            p.current.name(lang),
            vec![Block::Table(t)],
        )
    }
}
