//! A member's visit to the counter (ventanilla): one amount handed over,
//! split over the dues owed, the loan installment due and a savings
//! deposit, under one receipt number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::Money;

/// How an amount handed over splits: dues, the loan, savings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub dues: Money,
    pub loan: Money,
    pub savings: Money,
}

impl Split {
    /// The amount the split adds up to.
    pub fn total(&self) -> Money {
        self.dues + self.loan + self.savings
    }

    /// The counter's default: the dues owed first, then the loan
    /// installment due, then the rest to savings. Nothing negative.
    pub fn default_for(given: Money, dues_owed: Money, installment_due: Money) -> Split {
        let given = given.max(Money::ZERO);
        let dues = given.min(dues_owed.max(Money::ZERO));
        let loan = (given - dues).min(installment_due.max(Money::ZERO));
        Split {
            dues,
            loan,
            savings: given - dues - loan,
        }
    }
}

/// The dues part of a visit: the receipt of the dues payment carries the
/// visit's number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDues {
    pub entry: u64,
    pub amount: Money,
}

/// The loan part of a visit, as it was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLoan {
    pub loan: u32,
    pub entry: u64,
    pub amount: Money,
    pub late: Money,
    pub interest: Money,
    pub principal: Money,
    /// Beyond what was due: principal paid ahead.
    pub prepaid: Money,
    pub paid_off: bool,
}

/// The savings deposit of a visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSavings {
    pub account: u32,
    pub entry: u64,
    pub amount: Money,
}

/// What the member still owed and held right after the visit, for the
/// receipt they take home (a reprint says what was true that day).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitAfter {
    pub dues_owed: Money,
    /// The loan's principal still owed (`None`: no active loan).
    pub loan_balance: Option<Money>,
    /// The next installment: its date and amount.
    #[serde(with = "crate::domain::date::days::opt")]
    pub next_due: Option<NaiveDate>,
    pub next_amount: Money,
    pub savings: Money,
}

/// A voided visit: when, why, and the reversal entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitVoid {
    #[serde(with = "crate::domain::date::days")]
    pub date: NaiveDate,
    pub reason: String,
    pub entries: Vec<u64>,
}

/// One visit to the counter: one receipt number for everything paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub number: u64,
    pub member: u32,
    #[serde(with = "crate::domain::date::days")]
    pub date: NaiveDate,
    pub cash_account: String,
    pub total: Money,
    pub dues: Option<VisitDues>,
    pub loan: Option<VisitLoan>,
    pub savings: Option<VisitSavings>,
    pub after: VisitAfter,
    pub voided: Option<VisitVoid>,
}

/// A receipt number as printed: six digits.
pub fn number(n: u64) -> String {
    format!("{n:06}")
}

impl Visit {
    /// The entries the visit posted, in the order posted.
    pub fn entries(&self) -> Vec<u64> {
        let mut out = Vec::new();
        out.extend(self.dues.as_ref().map(|d| d.entry));
        out.extend(self.loan.as_ref().map(|l| l.entry));
        out.extend(self.savings.as_ref().map(|s| s.entry));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(n: i64) -> Money {
        Money::from_cents(n)
    }

    #[test]
    fn dues_first_then_the_installment_then_savings() {
        let s = Split::default_for(c(10_000), c(1_500), c(4_500));
        assert_eq!((s.dues, s.loan, s.savings), (c(1_500), c(4_500), c(4_000)));
        let s = Split::default_for(c(2_000), c(1_500), c(4_500));
        assert_eq!((s.dues, s.loan, s.savings), (c(1_500), c(500), c(0)));
        let s = Split::default_for(c(1_000), c(1_500), c(4_500));
        assert_eq!((s.dues, s.loan, s.savings), (c(1_000), c(0), c(0)));
    }

    proptest! {
        #[test]
        fn the_split_adds_up_to_what_was_handed_over(
            given in 0i64..10_000_000, dues in -100i64..1_000_000, inst in -100i64..1_000_000,
        ) {
            let s = Split::default_for(c(given), c(dues), c(inst));
            prop_assert_eq!(s.total(), c(given));
            prop_assert!(!s.dues.is_negative() && !s.loan.is_negative() && !s.savings.is_negative());
            prop_assert!(s.dues <= c(dues.max(0)) && s.loan <= c(inst.max(0)));
            // Savings take only what is left once dues and the installment are covered.
            if s.savings.is_positive() {
                prop_assert_eq!(s.dues, c(dues.max(0)));
                prop_assert_eq!(s.loan, c(inst.max(0)));
            }
        }
    }
}
