//! Loan-loss provisions (provisiones para créditos incobrables, 1499): what
//! the portfolio requires by days past due, and how the close adjusts what is
//! held to it. Pure arithmetic; the books post it.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::money::Money;
use crate::domain::settings::ProvisionRates;

/// The provision one bucket requires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BucketProvision {
    pub loans: usize,
    /// Outstanding principal of the bucket's loans.
    pub outstanding: Money,
    pub percent: Decimal,
    /// outstanding x percent, to the cent (for display; the total is rounded once).
    pub required: Money,
}

/// What the portfolio requires on a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RequiredProvision {
    /// Current (0 days), then the aging buckets 1-30 ... >360.
    pub buckets: [BucketProvision; 7],
    /// The sum over every loan of outstanding x percent, rounded to the cent
    /// once (half away from zero).
    pub total: Money,
}

/// The required provision of loans given as (outstanding principal, days
/// past due): each loan's outstanding principal times its bucket's percent.
pub fn required_provision(
    loans: impl IntoIterator<Item = (Money, i64)>,
    rates: &ProvisionRates,
) -> RequiredProvision {
    let mut exact = [Decimal::ZERO; 7];
    let mut out = RequiredProvision::default();
    for (i, b) in out.buckets.iter_mut().enumerate() {
        b.percent = rates.percent[i];
    }
    for (outstanding, days) in loans {
        if !outstanding.is_positive() {
            continue;
        }
        let i = match crate::domain::loan::aging_bucket(days) {
            None => 0,
            Some(b) => (b + 1).min(6),
        };
        out.buckets[i].loans += 1;
        out.buckets[i].outstanding += outstanding;
        exact[i] += outstanding.to_decimal() * rates.percent[i] / Decimal::ONE_HUNDRED;
    }
    let mut total = Decimal::ZERO;
    for (b, e) in out.buckets.iter_mut().zip(exact) {
        b.required = Money::from_decimal_rounded(e).unwrap_or_default();
        total += e;
    }
    out.total = Money::from_decimal_rounded(total).unwrap_or_default();
    out
}

/// The close's adjustment of the provision, as amounts to post.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProvisionAdjustment {
    /// Dr provision expense (4402), Cr 1499.
    pub increase: Money,
    /// Dr 1499, Cr 4402: a release against this year's provision expense.
    pub release_to_expense: Money,
    /// Dr 1499, Cr 5604: a release beyond this year's provision expense
    /// (provisions of earlier years reversed, an income).
    pub release_to_income: Money,
}

impl ProvisionAdjustment {
    pub fn is_zero(&self) -> bool {
        self.increase.is_zero()
            && self.release_to_expense.is_zero()
            && self.release_to_income.is_zero()
    }
    /// The change in what 1499 holds: positive when the provision grows.
    pub fn change(&self) -> Money {
        self.increase - self.release_to_expense - self.release_to_income
    }
}

/// How the close brings the provision held (1499's credit balance at the
/// month's end) to the one required.
///
/// - More required: the difference is provisioned (an expense).
/// - Less required (loans paid, cured or written off): the difference is
///   released, at most `release_room` (so that 1499 never turns into a
///   debit balance in a later month already recorded), first against this
///   year's provision expense (`expense_this_year`, 4402's debit balance),
///   the rest as income (reversal of earlier years' provisions).
pub fn adjust_provision(
    required: Money,
    held: Money,
    expense_this_year: Money,
    release_room: Money,
) -> ProvisionAdjustment {
    let mut a = ProvisionAdjustment::default();
    if required > held {
        a.increase = required - held;
    } else if held > required {
        let release = (held - required).min(release_room.max(Money::ZERO));
        a.release_to_expense = release.min(expense_this_year.max(Money::ZERO));
        a.release_to_income = release - a.release_to_expense;
    }
    a
}

/// The part of a written-off loss (principal less the guarantee applied)
/// taken from the provision, given what the provision can give: the rest is
/// an expense.
pub fn write_off_from_provision(loss: Money, available: Money) -> Money {
    loss.min(available).max(Money::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    #[test]
    fn each_loan_is_provisioned_by_its_bucket_and_rounded_once() {
        let rates = ProvisionRates::default();
        // 333.33 current (1 %: 3.3333), 333.33 current, 1000 at 45 days (10 %),
        // 500 at 200 days (100 %).
        let r = required_provision(
            [
                (m(33_333), 0),
                (m(33_333), 0),
                (m(100_000), 45),
                (m(50_000), 200),
                (m(0), 400),
            ],
            &rates,
        );
        assert_eq!(r.buckets[0].loans, 2);
        assert_eq!(r.buckets[0].outstanding, m(66_666));
        // 6.6666 -> 6.67 (one rounding, not 3.33 + 3.33).
        assert_eq!(r.buckets[0].required, m(667));
        assert_eq!(r.buckets[2].required, m(10_000));
        assert_eq!(r.buckets[5].required, m(50_000));
        assert_eq!(r.buckets[6].loans, 0);
        assert_eq!(r.total, m(60_667));
    }

    #[test]
    fn the_adjustment_raises_or_releases_the_difference() {
        let up = adjust_provision(m(10_000), m(4_000), m(0), m(0));
        assert_eq!((up.increase, up.change()), (m(6_000), m(6_000)));
        // Released 50.00: 30.00 against this year's expense, 20.00 as income.
        let down = adjust_provision(m(1_000), m(6_000), m(3_000), m(100_000));
        assert_eq!(
            (down.release_to_expense, down.release_to_income),
            (m(3_000), m(2_000))
        );
        // Never more than the room a later month leaves.
        let capped = adjust_provision(m(0), m(6_000), m(9_000), m(2_500));
        assert_eq!(capped.change(), m(-2_500));
        assert!(adjust_provision(m(5), m(5), m(0), m(0)).is_zero());
        assert_eq!(write_off_from_provision(m(700), m(500)), m(500));
        assert_eq!(write_off_from_provision(m(300), m(500)), m(300));
        assert_eq!(write_off_from_provision(m(300), m(-5)), m(0));
    }

    proptest! {
        /// After the adjustment the provision held is the required one
        /// whenever the room allows, the parts are never negative, and the
        /// release never exceeds the room.
        #[test]
        fn the_adjustment_reaches_the_required_provision(
            required in 0i64..10_000_000,
            held in -1_000_000i64..10_000_000,
            expense in -1_000_000i64..10_000_000,
            room in -1_000_000i64..10_000_000,
        ) {
            let a = adjust_provision(m(required), m(held), m(expense), m(room));
            prop_assert!(!a.increase.is_negative());
            prop_assert!(!a.release_to_expense.is_negative());
            prop_assert!(!a.release_to_income.is_negative());
            prop_assert!(a.release_to_expense <= m(expense.max(0)));
            let released = a.release_to_expense + a.release_to_income;
            prop_assert!(released <= m(room.max(0)));
            if required >= held || held - required <= room {
                prop_assert_eq!(m(held) + a.change(), m(required));
            }
        }

        /// The required provision is the sum of the buckets' exact parts,
        /// rounded once, and never more than the portfolio.
        #[test]
        fn the_required_provision_is_within_the_portfolio(
            loans in proptest::collection::vec((0i64..5_000_000, -5i64..800), 0..40),
        ) {
            let rates = ProvisionRates::default();
            let r = required_provision(loans.iter().map(|&(c, d)| (m(c), d)), &rates);
            let portfolio: Money = loans.iter().map(|&(c, _)| m(c)).sum();
            prop_assert!(r.total <= portfolio);
            prop_assert!(!r.total.is_negative());
            let by_bucket: Money = r.buckets.iter().map(|b| b.outstanding).sum();
            prop_assert_eq!(by_bucket, portfolio);
            // Each bucket's cent rounding moves the sum by at most half a cent.
            let rounded: Money = r.buckets.iter().map(|b| b.required).sum();
            prop_assert!((rounded - r.total).abs() <= m(4));
        }
    }
}
