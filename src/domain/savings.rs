//! Savings: products, accounts, available balance, interest on savings.
//! Pure rules; the books store and post them.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::money::{Money, round_cents};
use crate::domain::period::Month;
use crate::i18n::Lang;

/// How the interest base of a month is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InterestBase {
    /// The average of the end-of-day balances of the month.
    AverageDaily,
    /// The lowest end-of-day balance of the month.
    Minimum,
}

/// The day count for a month's interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayCount {
    /// Every month is 30 days of a 360-day year (the custom in Ecuador).
    Thirty360,
    /// The month's actual days over 365.
    Actual365,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavingsKind {
    /// Ahorro ordinario (a la vista).
    Ordinary,
    /// Ahorro programado: a target and a term.
    Programmed,
}

impl SavingsKind {
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// A savings product of the book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsProduct {
    pub id: u32,
    pub name: String,
    pub kind: SavingsKind,
    /// Annual nominal rate in percent (0 = no interest).
    pub rate: Decimal,
    pub base: InterestBase,
    /// Balance that must stay in the account.
    pub min_balance: Money,
}

/// A member's savings account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsAccount {
    pub id: u32,
    pub member: u32,
    pub product: u32,
    #[serde(with = "crate::domain::date::days")]
    pub opened: NaiveDate,
    /// Programmed savings: the goal and the months to reach it.
    pub target: Option<Money>,
    pub term_months: Option<u32>,
    /// The member's money in the account, blocked part included.
    pub balance: Money,
    /// Pledged as loan guarantee (encaje), held in restricted deposits (2105).
    pub blocked: Money,
}

impl SavingsAccount {
    /// What the member may withdraw now.
    pub fn available(&self, product: &SavingsProduct) -> Money {
        (self.balance - product.min_balance - self.blocked).max(Money::ZERO)
    }
}

/// What a savings movement was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveKind {
    Deposit,
    Withdrawal,
    TransferIn,
    TransferOut,
    Interest,
    Block,
    Release,
    Reversal,
}

impl MoveKind {
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// One movement of a savings account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsMove {
    pub account: u32,
    #[serde(with = "crate::domain::date::days")]
    pub date: NaiveDate,
    pub kind: MoveKind,
    /// Change of the balance (deposits positive); blocks and releases change
    /// `blocked` instead and carry the amount here with balance change zero.
    pub amount: Money,
    /// Change of the blocked amount.
    pub blocked_change: Money,
    pub entry: u64,
}

/// A grant from the solidarity fund to a member or family in need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundGrant {
    pub number: u64,
    pub entry: u64,
    /// The member who receives it, or none for a family outside the association.
    pub member: Option<u32>,
    pub beneficiary: String,
    pub amount: Money,
    pub reason: String,
    pub approval: String,
    #[serde(with = "crate::domain::date::days")]
    pub date: NaiveDate,
}

/// The interest base of a month from the balance at its start and the
/// movements dated in it (`(date, change)`, any order).
pub fn interest_base(
    opening: Money,
    moves: &[(NaiveDate, Money)],
    month: Month,
    base: InterestBase,
) -> Decimal {
    let days = month.last_day().day();
    let mut per_day = vec![Money::ZERO; days as usize + 1];
    for (d, a) in moves {
        if month.contains(*d) {
            per_day[d.day() as usize] += *a;
        }
    }
    let mut bal = opening;
    let mut sum = Decimal::ZERO;
    // The lowest end-of-day balance (a deposit on the 1st counts from the 1st).
    let mut min: Option<Money> = None;
    for change in per_day.iter().skip(1) {
        bal += *change;
        sum += bal.to_decimal();
        min = Some(min.map_or(bal, |x| x.min(bal)));
    }
    match base {
        InterestBase::AverageDaily => sum / Decimal::from(days),
        InterestBase::Minimum => min.unwrap_or(opening).to_decimal(),
    }
    .max(Decimal::ZERO)
}

/// A month's interest on a base, rounded to cents (half away from zero).
pub fn month_interest(
    base: Decimal,
    annual_rate_percent: Decimal,
    month: Month,
    count: DayCount,
) -> Money {
    let (days, year) = match count {
        DayCount::Thirty360 => (30, 360),
        DayCount::Actual365 => (month.last_day().day(), 365),
    };
    // Multiply first and divide once, so that 0.325 stays 0.325 (not 0.3249999...).
    let raw = base * annual_rate_percent * Decimal::from(days) / Decimal::from(100 * year);
    Money::from_decimal_rounded(round_cents(raw)).unwrap_or(Money::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    /// The month's average daily balance and its minimum balance, from
    /// `opening` cents and the moves.
    fn both_bases(opening: i64, moves: &[(NaiveDate, Money)], month: Month) -> (Decimal, Decimal) {
        let base = |b| interest_base(Money::from_cents(opening), moves, month, b);
        (
            base(InterestBase::AverageDaily),
            base(InterestBase::Minimum),
        )
    }

    #[test]
    fn average_daily_balance_hand_case() {
        // April 2026 (30 days): $100 all month, $60 deposited on the 11th,
        // $30 withdrawn on the 21st.
        // Days 1-10: 100 (10 days), 11-20: 160 (10 days), 21-30: 130 (10 days).
        // Average = (1000 + 1600 + 1300) / 30 = 130.
        let month = Month::new(2026, 4).unwrap_or(Month::from_key(0));
        let moves = [
            (d("2026-04-11"), Money::from_cents(6_000)),
            (d("2026-04-21"), Money::from_cents(-3_000)),
        ];
        let (avg, min) = both_bases(10_000, &moves, month);
        assert_eq!(avg, dec("130"));
        assert_eq!(min, dec("100"));
        for (base, days, cents) in [
            // 130 x 3% x 30/360 = 0.325 -> 0.33 (half away from zero).
            (avg, DayCount::Thirty360, 33),
            // 100 x 3% x 30/360 = 0.25.
            (min, DayCount::Thirty360, 25),
            // Actual/365: 130 x 3% x 30/365 = 0.32054... -> 0.32.
            (avg, DayCount::Actual365, 32),
        ] {
            assert_eq!(
                month_interest(base, dec("3"), month, days),
                Money::from_cents(cents),
                "{base} {days:?}"
            );
        }
    }

    #[test]
    fn a_withdrawal_on_the_first_lowers_the_minimum() {
        let month = Month::new(2026, 2).unwrap_or(Month::from_key(0));
        let moves = [
            (d("2026-02-01"), Money::from_cents(-5_000)),
            (d("2026-02-28"), Money::from_cents(9_000)),
        ];
        let (avg, min) = both_bases(8_000, &moves, month);
        assert_eq!(min, dec("30"));
        // Feb 2026 has 28 days: 27 days at 30 and 1 at 120: (810 + 120) / 28.
        assert_eq!(avg, dec("930") / dec("28"));
    }

    #[test]
    fn available_balance() {
        let p = SavingsProduct {
            id: 1,
            name: "Ahorro".into(),
            kind: SavingsKind::Ordinary,
            rate: Decimal::ZERO,
            base: InterestBase::AverageDaily,
            min_balance: Money::from_cents(500),
        };
        let a = SavingsAccount {
            id: 1,
            member: 1,
            product: 1,
            opened: d("2026-01-01"),
            target: None,
            term_months: None,
            balance: Money::from_cents(10_000),
            blocked: Money::from_cents(2_000),
        };
        assert_eq!(a.available(&p), Money::from_cents(7_500));
    }
}
