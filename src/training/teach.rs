//! What an operation does to the accounts, for teaching: each affected
//! account as a T-account (its balance before, the entry's debits and
//! credits, its balance after) and the accounting equation before and after.

use std::collections::BTreeMap;

use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::{Account, Element};
use crate::domain::entry::{Entry, Posting, Side};
use crate::domain::money::Money;
use crate::domain::period::Month;

/// One account drawn as a T.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TAccount {
    pub account: Account,
    /// Debit minus credit before the operation.
    pub before: Money,
    pub debits: Vec<Money>,
    pub credits: Vec<Money>,
}

impl TAccount {
    /// Debit minus credit after the operation.
    pub fn after(&self) -> Money {
        self.before + self.debits.iter().copied().sum::<Money>()
            - self.credits.iter().copied().sum::<Money>()
    }
}

/// Activo = Pasivo + Patrimonio + Ingresos - Gastos, each on its natural side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Equation {
    pub assets: Money,
    pub liabilities: Money,
    pub equity: Money,
    pub income: Money,
    pub expenses: Money,
}

impl Equation {
    /// Whether both sides are equal (they always are when every entry balances).
    pub fn holds(&self) -> bool {
        self.assets == self.liabilities + self.equity + self.income - self.expenses
    }

    fn from_totals(totals: &BTreeMap<String, i64>) -> Equation {
        let mut q = Equation::default();
        for (code, dc) in totals {
            let m = Money::from_cents(*dc);
            match Element::of(code) {
                Some(Element::Assets) => q.assets += m,
                Some(Element::Liabilities) => q.liabilities -= m,
                Some(Element::Equity) => q.equity -= m,
                Some(Element::Income) => q.income -= m,
                Some(Element::Expenses) => q.expenses += m,
                _ => {}
            }
        }
        q
    }

    fn apply(mut self, postings: &[Posting]) -> Equation {
        let mut t = BTreeMap::new();
        add_postings(&mut t, postings);
        let d = Equation::from_totals(&t);
        self.assets += d.assets;
        self.liabilities += d.liabilities;
        self.equity += d.equity;
        self.income += d.income;
        self.expenses += d.expenses;
        self
    }
}

/// The lesson of one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// In the order the accounts first appear in the entry.
    pub accounts: Vec<TAccount>,
    pub before: Equation,
    pub after: Equation,
}

fn add_postings(t: &mut BTreeMap<String, i64>, postings: &[Posting]) {
    for p in postings {
        let c = p.amount.cents();
        *t.entry(p.account.clone()).or_default() += match p.side {
            Side::Debit => c,
            Side::Credit => -c,
        };
    }
}

/// Leaf balances (debit minus credit, cents) from the maintained totals through `month`.
fn leaf_totals_through(book: &Book, month: Month) -> Result<BTreeMap<String, i64>, BookError> {
    Ok(book
        .account_balances(month)?
        .into_iter()
        .filter(|b| b.postable && (!b.debit.is_zero() || !b.credit.is_zero()))
        .map(|b| (b.account.code, b.balance.cents()))
        .collect())
}

fn lesson(book: &Book, before: BTreeMap<String, i64>, postings: &[Posting]) -> Lesson {
    let mut accounts: Vec<TAccount> = Vec::new();
    for p in postings {
        let i = match accounts.iter().position(|a| a.account.code == p.account) {
            Some(i) => i,
            None => {
                let account = book.account(&p.account).cloned().unwrap_or_else(|| {
                    // An account missing from the chart (a damaged book) still shows by code.
                    Account {
                        code: p.account.clone(),
                        name: p.account.clone(),
                        name_en: None,
                        contra: false,
                        subledger: false,
                        user_defined: false,
                    }
                });
                accounts.push(TAccount {
                    account,
                    before: Money::from_cents(before.get(&p.account).copied().unwrap_or(0)),
                    debits: Vec::new(),
                    credits: Vec::new(),
                });
                accounts.len() - 1
            }
        };
        match p.side {
            Side::Debit => accounts[i].debits.push(p.amount),
            Side::Credit => accounts[i].credits.push(p.amount),
        }
    }
    let eq = Equation::from_totals(&before);
    Lesson {
        accounts,
        before: eq,
        after: eq.apply(postings),
    }
}

/// The lessons of the teaching panel, read from a book.
pub trait Teach {
    /// What postings about to be posted will do, from the books as they are now.
    fn lesson_for_postings(&self, postings: &[Posting]) -> Result<Lesson, BookError>;
    /// What a posted entry did: the balances just before it and after it.
    /// "Before" is every earlier month plus the entries of its own month
    /// posted before it.
    fn lesson_for_entry(&self, e: &Entry) -> Result<Lesson, BookError>;
}

impl Teach for Book {
    fn lesson_for_postings(&self, postings: &[Posting]) -> Result<Lesson, BookError> {
        // Every month with totals, including entries dated ahead of the current month.
        let far = Month::new(9999, 12).unwrap_or_else(|| Month::of(self.today()));
        let before = leaf_totals_through(self, far)?;
        Ok(lesson(self, before, postings))
    }

    fn lesson_for_entry(&self, e: &Entry) -> Result<Lesson, BookError> {
        let month = Month::of(e.date);
        let mut before = leaf_totals_through(self, month.prev())?;
        // The same month's entries posted before this one.
        let f = JournalFilter {
            month: Some(month),
            ..Default::default()
        };
        let mut skip = 0;
        loop {
            let page = self.journal(&f, skip, 1024)?;
            if page.is_empty() {
                break;
            }
            skip += page.len();
            for other in page.iter().filter(|o| o.id < e.id) {
                add_postings(&mut before, &other.postings);
            }
        }
        Ok(lesson(self, before, &e.postings))
    }
}
