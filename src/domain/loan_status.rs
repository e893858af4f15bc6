//! Where a loan and its installments stand on a date: the rules the loan
//! reports and the interface read (which installment is paid, overdue or
//! pending, how many days late, a portfolio share in percent).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::loan::{InstallmentState, Loan, LoanStatus};
use crate::domain::money::{Money, round_cents};

/// Where an installment stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstallmentStatus {
    /// Principal, interest and late interest all paid.
    Paid,
    /// Not due yet, partly paid.
    Partial,
    /// Fell due and is not settled; `partial` when something was paid.
    Overdue { days: i64, partial: bool },
    /// Not due yet, nothing paid.
    Pending,
    /// The loan was written off with this installment unpaid.
    WrittenOff,
    /// The loan's disbursement was voided.
    Voided,
}

impl InstallmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            InstallmentStatus::Paid => "paid",
            InstallmentStatus::Partial => "partial",
            InstallmentStatus::Overdue { .. } => "overdue",
            InstallmentStatus::Pending => "pending",
            InstallmentStatus::WrittenOff => "written_off",
            InstallmentStatus::Voided => "voided",
        }
    }
    /// Days past due (zero unless overdue).
    pub fn days(self) -> i64 {
        match self {
            InstallmentStatus::Overdue { days, .. } => days,
            _ => 0,
        }
    }
}

/// The status of one installment of `loan` on `date`. An installment due on
/// `date` itself is not overdue yet.
pub fn installment_status(loan: &Loan, i: &InstallmentState, date: NaiveDate) -> InstallmentStatus {
    match loan.status {
        // What was paid before the write-off shows as paid; the rest was
        // written off, never repaid.
        LoanStatus::WrittenOff(_) => {
            return if i.is_settled() {
                InstallmentStatus::Paid
            } else {
                InstallmentStatus::WrittenOff
            };
        }
        LoanStatus::Voided(_) => return InstallmentStatus::Voided,
        _ => {}
    }
    if i.is_settled() {
        return InstallmentStatus::Paid;
    }
    let something_paid = (i.principal_paid + i.interest_paid + i.late_paid).is_positive();
    if i.inst.due < date {
        InstallmentStatus::Overdue {
            days: (date - i.inst.due).num_days(),
            partial: something_paid,
        }
    } else if something_paid {
        InstallmentStatus::Partial
    } else {
        InstallmentStatus::Pending
    }
}

/// Stable code of a loan status.
pub fn loan_status_code(s: &LoanStatus) -> &'static str {
    match s {
        LoanStatus::Applied => "applied",
        LoanStatus::Active => "active",
        LoanStatus::PaidOff(_) => "paid_off",
        LoanStatus::WrittenOff(_) => "written_off",
        LoanStatus::Voided(_) => "voided",
    }
}

/// `part` as a percent of `whole`, rounded to cents (zero when `whole` is
/// not positive): a bucket's share of the portfolio.
pub fn share(part: Money, whole: Money) -> Decimal {
    if whole.is_positive() {
        round_cents(part.to_decimal() * Decimal::ONE_HUNDRED / whole.to_decimal())
    } else {
        Decimal::ZERO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::{Installment, Method};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    fn state(due: &str, principal_paid: i64, interest_paid: i64) -> InstallmentState {
        InstallmentState {
            inst: Installment {
                n: 1,
                due: d(due),
                payment: m(11_000),
                interest: m(1_000),
                principal: m(10_000),
                balance: m(0),
            },
            principal_paid: m(principal_paid),
            interest_paid: m(interest_paid),
            late_accrued: m(0),
            late_paid: m(0),
            accrued_to: d(due),
        }
    }

    fn loan(status: LoanStatus) -> Loan {
        Loan {
            id: 1,
            member: 1,
            product: 1,
            amount: m(10_000),
            months: 1,
            rate: Decimal::new(18, 0),
            late_rate: Decimal::ZERO,
            method: Method::French,
            purpose: String::new(),
            guarantor: None,
            approval: String::new(),
            applied_on: d("2026-01-01"),
            status,
            disbursed_on: Some(d("2026-01-02")),
            installments: vec![state("2026-02-02", 0, 0)],
            guarantee: None,
            in_overdue: m(0),
            write_off_approval: String::new(),
        }
    }

    /// The installment's status on `date` in an active loan.
    fn active_status(i: &InstallmentState, date: &str) -> InstallmentStatus {
        installment_status(&loan(LoanStatus::Active), i, d(date))
    }

    #[test]
    fn an_installment_due_today_is_not_overdue_yet() {
        let i = state("2026-02-02", 0, 0);
        assert_eq!(active_status(&i, "2026-02-02"), InstallmentStatus::Pending);
        let late = active_status(&i, "2026-02-12");
        assert_eq!(
            late,
            InstallmentStatus::Overdue {
                days: 10,
                partial: false
            }
        );
        assert_eq!((late.code(), late.days()), ("overdue", 10));
    }

    #[test]
    fn something_paid_makes_an_installment_partial_and_all_paid_settles_it() {
        let part = state("2026-02-02", 5_000, 0);
        assert_eq!(
            active_status(&part, "2026-02-01"),
            InstallmentStatus::Partial
        );
        assert_eq!(
            active_status(&part, "2026-03-04"),
            InstallmentStatus::Overdue {
                days: 30,
                partial: true
            }
        );
        let paid = state("2026-02-02", 10_000, 1_000);
        assert_eq!(active_status(&paid, "2026-05-01"), InstallmentStatus::Paid);
        assert_eq!(InstallmentStatus::Paid.days(), 0);
    }

    #[test]
    fn a_written_off_or_voided_loan_shows_what_was_paid_and_nothing_due() {
        let off = loan(LoanStatus::WrittenOff(d("2026-06-01")));
        let paid = state("2026-02-02", 10_000, 1_000);
        let unpaid = state("2026-03-02", 0, 0);
        let day = d("2026-07-01");
        assert_eq!(
            installment_status(&off, &paid, day),
            InstallmentStatus::Paid
        );
        assert_eq!(
            installment_status(&off, &unpaid, day),
            InstallmentStatus::WrittenOff
        );
        let void = loan(LoanStatus::Voided(d("2026-01-03")));
        assert_eq!(
            installment_status(&void, &paid, day),
            InstallmentStatus::Voided
        );
        assert_eq!(loan_status_code(&off.status), "written_off");
        assert_eq!(loan_status_code(&LoanStatus::PaidOff(day)), "paid_off");
        assert_eq!(loan_status_code(&LoanStatus::Applied), "applied");
    }

    #[test]
    fn a_share_of_nothing_is_zero() {
        assert_eq!(share(m(1), m(3)), Decimal::new(3333, 2));
        assert_eq!(share(m(5), m(0)), Decimal::ZERO);
    }
}
