//! The association's statements for a month, each with the previous month
//! and the same month last year beside it: trial balance (balance de
//! comprobación), statement of financial position (estado de situación
//! financiera), income statement (estado de resultados) and cash book (libro
//! caja). Built from the maintained per-account totals
//! ([`Book::account_balances`]); only the cash book reads entries, and only
//! the month's cash entries through the journal's account index.

mod cash;
mod income;
mod position;
mod trial;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::ops::{Add, Sub};

use serde::Serialize;

pub use cash::{CashBook, CashFigures, CashLine, CashSummary, cash_book};
pub use income::{IncomeCols, IncomeLine, IncomeSection, IncomeStatement, income_statement};
pub use position::{
    FinancialPosition, LineKind, PositionLine, PositionSection, financial_position,
};
pub use trial::{TrialBalanceStatement, TrialRow, trial_balance};

use crate::books::ledger::{AccountBalance, JournalFilter};
use crate::books::{Book, BookError};
use crate::domain::entry::{EntryKind, Side};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{Column, Msg, month_short, ser};

/// The accounts under an element of the chart (`"5"`, income): every
/// account whose code starts with it, the element itself left out.
pub(crate) fn element_accounts<'a>(
    book: &'a Book,
    element: &'a str,
) -> impl Iterator<Item = &'a crate::domain::account::Account> + 'a {
    book.chart()
        .iter()
        .filter(move |a| a.code.len() >= 2 && a.code.starts_with(element))
}

/// An element's name in the language (empty when the chart lacks it).
pub(crate) fn element_name(book: &Book, element: &str, lang: crate::i18n::Lang) -> String {
    book.account(element)
        .map(|a| a.display_name(lang).to_string())
        .unwrap_or_default()
}

/// A month shifted back by `n` months.
pub fn months_back(m: Month, n: u32) -> Month {
    Month::from_key(m.key().saturating_sub(n))
}

/// The first month of the fiscal year that contains `m`.
pub fn fiscal_year_start(m: Month, start_month: u32) -> Month {
    let s = start_month.clamp(1, 12);
    let year = if m.month() >= s {
        m.year()
    } else {
        m.year() - 1
    };
    Month::new(year, s).unwrap_or(m)
}

/// The three months every statement shows side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Periods {
    #[serde(serialize_with = "ser::month")]
    pub current: Month,
    #[serde(serialize_with = "ser::month")]
    pub previous: Month,
    #[serde(serialize_with = "ser::month")]
    pub last_year: Month,
}

impl Periods {
    pub fn of(m: Month) -> Periods {
        Periods {
            current: m,
            previous: months_back(m, 1),
            last_year: months_back(m, 12),
        }
    }

    /// A statement's columns: the account's code and name (`account_width`
    /// wide), then an amount for each of the three months.
    pub(crate) fn columns(&self, account_width: u8, lang: Lang) -> Vec<Column> {
        let mut columns = vec![
            Column::text(Msg::RepCode.t(lang), 8),
            Column::text(Msg::RepAccount.t(lang), account_width),
        ];
        for m in [self.current, self.previous, self.last_year] {
            columns.push(Column::amount(&month_short(m, lang)));
        }
        columns
    }
}

/// An amount for the month, the previous month and the same month last year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    #[serde(serialize_with = "ser::amount")]
    pub current: Money,
    #[serde(serialize_with = "ser::amount")]
    pub previous: Money,
    #[serde(serialize_with = "ser::amount")]
    pub last_year: Money,
}

impl Compared {
    pub fn is_zero(&self) -> bool {
        self.amounts().into_iter().all(Money::is_zero)
    }
    /// The month's, the previous month's and last year's amounts, in the
    /// order of a statement's columns.
    pub fn amounts(&self) -> [Money; 3] {
        [self.current, self.previous, self.last_year]
    }
}

impl Add for Compared {
    type Output = Compared;
    fn add(self, o: Compared) -> Compared {
        Compared {
            current: self.current + o.current,
            previous: self.previous + o.previous,
            last_year: self.last_year + o.last_year,
        }
    }
}

impl Sub for Compared {
    type Output = Compared;
    fn sub(self, o: Compared) -> Compared {
        Compared {
            current: self.current - o.current,
            previous: self.previous - o.previous,
            last_year: self.last_year - o.last_year,
        }
    }
}

/// Every account's cumulative figures at a month's end, by code.
#[derive(Clone, Debug, Default)]
pub(crate) struct Balances {
    by_code: HashMap<String, AccountBalance>,
}

impl Balances {
    /// As the books stand at the month's end.
    pub(crate) fn at(book: &Book, month: Month) -> Result<Balances, BookError> {
        Ok(Balances {
            by_code: book
                .account_balances(month)?
                .into_iter()
                .map(|b| (b.account.code.clone(), b))
                .collect(),
        })
    }

    /// At the month's end but without the month's year-end closing entry:
    /// income and expenses as they were before they were closed into 36.
    pub(crate) fn before_year_end(book: &Book, month: Month) -> Result<Balances, BookError> {
        let mut b = Balances::at(book, month)?;
        let lines = year_end_lines(book, month)?;
        if lines.is_empty() {
            return Ok(b);
        }
        for (code, ab) in b.by_code.iter_mut() {
            let (mut d, mut c) = (0i64, 0i64);
            for (acc, (ld, lc)) in &lines {
                if acc.starts_with(code.as_str()) {
                    d += ld;
                    c += lc;
                }
            }
            ab.debit -= Money::from_cents(d);
            ab.credit -= Money::from_cents(c);
            ab.balance = ab.debit - ab.credit;
        }
        Ok(b)
    }

    pub(crate) fn get(&self, code: &str) -> Option<&AccountBalance> {
        self.by_code.get(code)
    }

    /// Debit minus credit.
    pub(crate) fn signed(&self, code: &str) -> Money {
        self.get(code).map(|b| b.balance).unwrap_or_default()
    }

    /// On the side of the account's element (contra accounts come out negative).
    pub(crate) fn natural(&self, code: &str) -> Money {
        self.get(code).map(|b| b.natural()).unwrap_or_default()
    }

    pub(crate) fn debit(&self, code: &str) -> Money {
        self.get(code).map(|b| b.debit).unwrap_or_default()
    }

    pub(crate) fn credit(&self, code: &str) -> Money {
        self.get(code).map(|b| b.credit).unwrap_or_default()
    }
}

/// The lines of the year-end closing entry posted in `month`, per account as
/// (debit, credit) cents; empty when the month has none. The closing entry is
/// dated the month's last day and is the last entry of a closed month, so only
/// the newest entries of that day are read. (The move of earlier years'
/// results to 3601/3602 just before it is not undone: it is not this year's.)
pub(crate) fn year_end_lines(
    book: &Book,
    month: Month,
) -> Result<BTreeMap<String, (i64, i64)>, BookError> {
    let mut out = BTreeMap::new();
    if book.closed_through()?.is_none_or(|c| month > c) {
        return Ok(out);
    }
    let filter = JournalFilter {
        month: Some(month),
        ..Default::default()
    };
    for page in crate::report::journal::pages(book, &filter, 32) {
        for e in &page? {
            if e.date < month.last_day() {
                return Ok(out);
            }
            // The closing entry, not the move of earlier years' results
            // (also a year-end entry, posted just before it) that touches
            // no income or expense.
            let closes_results = e
                .postings
                .iter()
                .any(|p| p.account.starts_with('4') || p.account.starts_with('5'));
            if e.kind == EntryKind::YearEnd && e.reverses.is_none() && closes_results {
                for p in &e.postings {
                    let slot = out.entry(p.account.clone()).or_insert((0, 0));
                    match p.side {
                        Side::Debit => slot.0 += p.amount.cents(),
                        Side::Credit => slot.1 += p.amount.cents(),
                    }
                }
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// Balances of several months, each read once.
pub(crate) struct BalanceCache<'a> {
    book: &'a Book,
    real: HashMap<u32, Balances>,
    before_close: HashMap<u32, Balances>,
}

impl<'a> BalanceCache<'a> {
    pub(crate) fn new(book: &'a Book) -> BalanceCache<'a> {
        BalanceCache {
            book,
            real: HashMap::new(),
            before_close: HashMap::new(),
        }
    }

    pub(crate) fn at(&mut self, m: Month) -> Result<Balances, BookError> {
        Ok(match self.real.entry(m.key()) {
            Entry::Occupied(o) => o.get().clone(),
            Entry::Vacant(v) => v.insert(Balances::at(self.book, m)?).clone(),
        })
    }

    pub(crate) fn before_year_end(&mut self, m: Month) -> Result<Balances, BookError> {
        Ok(match self.before_close.entry(m.key()) {
            Entry::Occupied(o) => o.get().clone(),
            Entry::Vacant(v) => v.insert(Balances::before_year_end(self.book, m)?).clone(),
        })
    }
}
