//! Libro caja: the month's cash (1101, with its sub-accounts) movements in
//! date order, from the opening balance through each entry's receipt or
//! payment and the running balance to the closing balance; and a summary
//! (opening, receipts, payments, closing) for the month, the previous month
//! and the same month last year from the maintained totals. Only the month's
//! cash entries are read, through the journal's account index.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Balances, Periods};
use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, Side};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, Doc, Letterhead, Msg, Page, Report, Row, Style, Table, month_short, ser,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CashLine {
    #[serde(serialize_with = "ser::date")]
    pub date: NaiveDate,
    pub entry: u64,
    pub reference: String,
    pub description: String,
    /// Money in.
    #[serde(serialize_with = "ser::amount")]
    pub debit: Money,
    /// Money out.
    #[serde(serialize_with = "ser::amount")]
    pub credit: Money,
    /// Cash after this entry.
    #[serde(serialize_with = "ser::amount")]
    pub balance: Money,
}

/// A month's cash figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CashFigures {
    #[serde(serialize_with = "ser::amount")]
    pub opening: Money,
    #[serde(serialize_with = "ser::amount")]
    pub receipts: Money,
    #[serde(serialize_with = "ser::amount")]
    pub payments: Money,
    #[serde(serialize_with = "ser::amount")]
    pub closing: Money,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CashSummary {
    pub current: CashFigures,
    pub previous: CashFigures,
    pub last_year: CashFigures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CashBook {
    pub association: Letterhead,
    pub periods: Periods,
    pub account: String,
    pub account_name: String,
    #[serde(serialize_with = "ser::amount")]
    pub opening: Money,
    pub lines: Vec<CashLine>,
    #[serde(serialize_with = "ser::amount")]
    pub receipts: Money,
    #[serde(serialize_with = "ser::amount")]
    pub payments: Money,
    #[serde(serialize_with = "ser::amount")]
    pub closing: Money,
    pub summary: CashSummary,
}

fn figures(book: &Book, month: Month) -> Result<CashFigures, BookError> {
    let before = Balances::at(book, super::months_back(month, 1))?;
    let after = Balances::at(book, month)?;
    Ok(CashFigures {
        opening: before.signed(CASH),
        receipts: after.debit(CASH) - before.debit(CASH),
        payments: after.credit(CASH) - before.credit(CASH),
        closing: after.signed(CASH),
    })
}

/// The month's entries that touch one account (newest first from the index).
fn entries_of(book: &Book, code: &str, month: Month) -> Result<Vec<Entry>, BookError> {
    let filter = JournalFilter {
        month: Some(month),
        account: Some(code.to_string()),
        member: None,
    };
    let mut out = Vec::new();
    for page in crate::report::journal::pages(book, &filter, 500) {
        out.extend(page?);
    }
    Ok(out)
}

/// The cash book of `month`.
pub fn cash_book(book: &Book, month: Month, lang: Lang) -> Result<CashBook, BookError> {
    let periods = Periods::of(month);
    let leaves: Vec<String> = book
        .chart()
        .iter()
        .filter(|a| a.code.starts_with(CASH) && book.is_postable(&a.code))
        .map(|a| a.code.clone())
        .collect();
    let mut entries: BTreeMap<(NaiveDate, u64), Entry> = BTreeMap::new();
    for code in &leaves {
        for e in entries_of(book, code, month)? {
            entries.insert((e.date, e.id), e);
        }
    }
    let current = figures(book, month)?;
    let mut balance = current.opening;
    let mut lines = Vec::with_capacity(entries.len());
    for e in entries.into_values() {
        let (mut debit, mut credit) = (Money::ZERO, Money::ZERO);
        for p in e.postings.iter().filter(|p| p.account.starts_with(CASH)) {
            match p.side {
                Side::Debit => debit += p.amount,
                Side::Credit => credit += p.amount,
            }
        }
        balance = balance + debit - credit;
        lines.push(CashLine {
            date: e.date,
            entry: e.id,
            reference: e.reference,
            description: e.description,
            debit,
            credit,
            balance,
        });
    }
    let receipts = lines.iter().map(|l| l.debit).sum();
    let payments = lines.iter().map(|l| l.credit).sum();
    Ok(CashBook {
        association: Letterhead::of(book)?,
        periods,
        account: CASH.to_string(),
        account_name: book
            .account(CASH)
            .map(|a| a.display_name(lang).to_string())
            .unwrap_or_default(),
        opening: current.opening,
        receipts,
        payments,
        closing: current.opening + receipts - payments,
        lines,
        summary: CashSummary {
            current,
            previous: figures(book, periods.previous)?,
            last_year: figures(book, periods.last_year)?,
        },
    })
}

impl Report for CashBook {
    fn to_doc(&self, lang: Lang) -> Doc {
        let p = &self.periods;
        let mut t = Table::new(
            "cash-book",
            None,
            vec![
                Column::text(Msg::RepDate.t(lang), 11),
                Column::number(Msg::RepEntry.t(lang), 7),
                Column::text(Msg::RepDescription.t(lang), 34),
                Column::amount(Msg::RepReceipts.t(lang)),
                Column::amount(Msg::RepPayments.t(lang)),
                Column::amount(Msg::RepBalance.t(lang)),
            ],
            2,
        );
        t.push(Row::styled(
            vec![
                Cell::text(format_date(p.current.first_day(), lang)),
                Cell::Empty,
                Cell::text(Msg::RepOpening.t(lang)),
                Cell::Empty,
                Cell::Empty,
                Cell::Amount(self.opening),
            ],
            Style::Group,
            0,
        ));
        for l in &self.lines {
            let mut text = l.description.clone();
            if !l.reference.is_empty() {
                text = format!("{text} ({})", l.reference);
            }
            t.push(Row::new(vec![
                Cell::text(format_date(l.date, lang)),
                Cell::Number(i64::try_from(l.entry).unwrap_or(i64::MAX)),
                Cell::text(text),
                Cell::Amount(l.debit),
                Cell::Amount(l.credit),
                Cell::Amount(l.balance),
            ]));
        }
        t.push(Row::styled(
            vec![
                Cell::text(format_date(p.current.last_day(), lang)),
                Cell::Empty,
                Cell::text(Msg::RepClosing.t(lang)),
                Cell::Amount(self.receipts),
                Cell::Amount(self.payments),
                Cell::Amount(self.closing),
            ],
            Style::Total,
            0,
        ));
        let mut s = Table::new(
            "summary",
            Some(Msg::RepSummary.t(lang).to_string()),
            vec![
                Column::text("", 34),
                Column::amount(&month_short(p.current, lang)),
                Column::amount(&month_short(p.previous, lang)),
                Column::amount(&month_short(p.last_year, lang)),
            ],
            0,
        );
        let sm = &self.summary;
        for (label, f) in [
            (
                Msg::RepOpening,
                (|x: &CashFigures| x.opening) as fn(&CashFigures) -> Money,
            ),
            (Msg::RepReceipts, |x| x.receipts),
            (Msg::RepPayments, |x| x.payments),
            (Msg::RepClosing, |x| x.closing),
        ] {
            let style = if label == Msg::RepClosing {
                Style::Total
            } else {
                Style::Normal
            };
            s.push(Row::styled(
                vec![
                    Cell::text(label.t(lang)),
                    Cell::Amount(f(&sm.current)),
                    Cell::Amount(f(&sm.previous)),
                    Cell::Amount(f(&sm.last_year)),
                ],
                style,
                0,
            ));
        }
        Doc {
            letterhead: self.association.clone(),
            title: format!(
                "{} ({} {})",
                Msg::RepCashBook.t(lang),
                self.account,
                self.account_name
            ),
            period: p.current.name(lang),
            page_key_headers: Vec::new(),
            pages: vec![Page {
                heading: None,
                key: Vec::new(),
                blocks: vec![Block::Table(t), Block::Table(s)],
            }],
            signatures: true,
        }
    }
}
