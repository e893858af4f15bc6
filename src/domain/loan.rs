//! Loan schedules: French (fixed installment), German (fixed principal) and
//! flat (for teaching). Monthly periods; amounts rounded to cents half away
//! from zero as each is scheduled.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::date::add_months_clamped;
use crate::domain::money::{Money, round_cents};
use crate::i18n::Lang;

/// How installments are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// Cuota fija: equal installments, decreasing interest.
    French,
    /// Cuota decreciente: equal principal, decreasing installments.
    German,
    /// Interés plano: interest on the original amount (teaching only: it hides the real cost).
    Flat,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_lowercase().as_str() {
            "french" | "frances" | "francés" | "fija" | "cuota-fija" => Some(Method::French),
            "german" | "aleman" | "alemán" | "decreciente" => Some(Method::German),
            "flat" | "plano" => Some(Method::Flat),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Method::French => "french",
            Method::German => "german",
            Method::Flat => "flat",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Method::French, Lang::Es) => "Francés (cuota fija)",
            (Method::French, Lang::En) => "French (fixed installment)",
            (Method::German, Lang::Es) => "Alemán (cuota decreciente)",
            (Method::German, Lang::En) => "German (fixed principal)",
            (Method::Flat, Lang::Es) => "Plano (solo para enseñar)",
            (Method::Flat, Lang::En) => "Flat (teaching only)",
        }
    }
}

/// One installment of a schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub n: u32,
    #[serde(with = "crate::domain::date::days")]
    pub due: NaiveDate,
    pub payment: Money,
    pub interest: Money,
    pub principal: Money,
    /// Principal still owed after this installment.
    pub balance: Money,
}

/// A whole schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub method: Method,
    pub amount: Money,
    /// Annual nominal rate in percent.
    pub rate: Decimal,
    pub months: u32,
    #[serde(with = "crate::domain::date::days")]
    pub start: NaiveDate,
    pub installments: Vec<Installment>,
}

impl Schedule {
    pub fn total_interest(&self) -> Money {
        self.installments.iter().map(|i| i.interest).sum()
    }
    pub fn total_paid(&self) -> Money {
        self.installments.iter().map(|i| i.payment).sum()
    }
    /// Effective annual rate in percent, two decimals: (1 + r)^12 - 1.
    pub fn effective_annual_rate(&self) -> Decimal {
        effective_annual_rate(self.rate)
    }
}

/// Why a schedule cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoanError {
    #[error("the amount must be greater than zero")]
    NonPositiveAmount,
    #[error("the term must be 1 to 360 months")]
    BadTerm,
    #[error("the rate must be between 0 and 100 percent a year")]
    BadRate,
    #[error("the schedule's dates are out of range")]
    BadDate,
}

impl LoanError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoanError::NonPositiveAmount, Lang::Es) => "El monto debe ser mayor que cero.".into(),
            (LoanError::NonPositiveAmount, Lang::En) => {
                "The amount must be greater than zero.".into()
            }
            (LoanError::BadTerm, Lang::Es) => "El plazo debe ser de 1 a 360 meses.".into(),
            (LoanError::BadTerm, Lang::En) => "The term must be 1 to 360 months.".into(),
            (LoanError::BadRate, Lang::Es) => "La tasa debe estar entre 0 y 100 % anual.".into(),
            (LoanError::BadRate, Lang::En) => {
                "The rate must be between 0 and 100 percent a year.".into()
            }
            (LoanError::BadDate, Lang::Es) => {
                "Las fechas del plan de pagos están fuera de rango.".into()
            }
            (LoanError::BadDate, Lang::En) => "The schedule's dates are out of range.".into(),
        }
    }
}

/// The periodic (monthly) rate: annual nominal % / 12 / 100.
pub fn periodic_rate(annual_percent: Decimal) -> Decimal {
    annual_percent / Decimal::from(1200)
}

fn pow(base: Decimal, n: u32) -> Decimal {
    let mut r = Decimal::ONE;
    for _ in 0..n {
        r *= base;
    }
    r
}

/// (1 + r)^12 - 1, in percent, rounded to two decimals.
pub fn effective_annual_rate(annual_percent: Decimal) -> Decimal {
    let r = periodic_rate(annual_percent);
    round_cents((pow(Decimal::ONE + r, 12) - Decimal::ONE) * Decimal::ONE_HUNDRED)
}

fn money(d: Decimal) -> Money {
    Money::from_decimal_rounded(d).unwrap_or(Money::ZERO)
}

/// Builds the schedule of a loan of `amount` at `annual_percent` for `months`,
/// starting on `start` (installment k falls due k months later, clamped to the
/// month's last day).
pub fn schedule(
    method: Method,
    amount: Money,
    annual_percent: Decimal,
    months: u32,
    start: NaiveDate,
) -> Result<Schedule, LoanError> {
    if !amount.is_positive() {
        return Err(LoanError::NonPositiveAmount);
    }
    if !(1..=360).contains(&months) {
        return Err(LoanError::BadTerm);
    }
    if annual_percent < Decimal::ZERO || annual_percent > Decimal::ONE_HUNDRED {
        return Err(LoanError::BadRate);
    }
    let p = amount.to_decimal();
    let r = periodic_rate(annual_percent);
    let n = Decimal::from(months);
    let mut out = Vec::with_capacity(months as usize);
    let mut balance = amount;
    let due = |k: u32| add_months_clamped(start, k).ok_or(LoanError::BadDate);
    match method {
        Method::French | Method::German => {
            let fixed_payment = if r.is_zero() {
                money(p / n)
            } else {
                let denom = Decimal::ONE - Decimal::ONE / pow(Decimal::ONE + r, months);
                money(p * r / denom)
            };
            let fixed_principal = money(p / n);
            for k in 1..=months {
                let interest = money(balance.to_decimal() * r);
                let mut principal = match method {
                    Method::French => fixed_payment - interest,
                    _ => fixed_principal,
                };
                // Never more than what is owed, never negative; the last takes the rest.
                if k == months || principal > balance {
                    principal = balance;
                }
                principal = principal.max(Money::ZERO);
                balance -= principal;
                out.push(Installment {
                    n: k,
                    due: due(k)?,
                    payment: principal + interest,
                    interest,
                    principal,
                    balance,
                });
            }
        }
        Method::Flat => {
            let total_interest =
                money(p * annual_percent / Decimal::ONE_HUNDRED * n / Decimal::from(12));
            let each_interest = money(total_interest.to_decimal() / n);
            let each_principal = money(p / n);
            let mut interest_left = total_interest;
            for k in 1..=months {
                let (principal, interest) = if k == months {
                    (balance, interest_left)
                } else {
                    (
                        each_principal.min(balance),
                        each_interest.min(interest_left),
                    )
                };
                balance -= principal;
                interest_left -= interest;
                out.push(Installment {
                    n: k,
                    due: due(k)?,
                    payment: principal + interest,
                    interest,
                    principal,
                    balance,
                });
            }
        }
    }
    Ok(Schedule {
        method,
        amount,
        rate: annual_percent,
        months,
        start,
        installments: out,
    })
}

/// A loan product of the book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanProduct {
    pub id: u32,
    pub name: String,
    pub method: Method,
    /// Annual nominal rate, percent.
    pub rate: Decimal,
    pub max_months: u32,
    pub max_amount: Money,
    /// Late-interest rate, percent a year; `None`: the loan's rate plus 10 % of it.
    pub late_rate: Option<Decimal>,
    /// Part of the amount blocked from the borrower's savings, percent.
    pub guarantee_percent: Decimal,
    /// The amount may be at most this many times the borrower's savings.
    pub max_savings_multiple: Option<Decimal>,
    /// The legal cap (BCE) for this kind of credit; a higher rate warns.
    pub rate_cap: Option<Decimal>,
}

impl LoanProduct {
    /// The late rate for a loan at `rate`: the product's, or the legal maximum surcharge (rate + 10 % of it).
    pub fn late_rate_for(&self, rate: Decimal) -> Decimal {
        self.late_rate
            .unwrap_or_else(|| rate + rate / Decimal::from(10))
    }
}

/// Where a loan stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoanStatus {
    Applied,
    Active,
    PaidOff(#[serde(with = "crate::domain::date::days")] NaiveDate),
    WrittenOff(#[serde(with = "crate::domain::date::days")] NaiveDate),
}

/// An installment with what has been paid of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentState {
    pub inst: Installment,
    pub principal_paid: Money,
    pub interest_paid: Money,
    /// Late interest accrued on this installment's overdue principal, and paid.
    pub late_accrued: Money,
    pub late_paid: Money,
    /// Late interest is accrued up to this date.
    #[serde(with = "crate::domain::date::days")]
    pub accrued_to: NaiveDate,
}

impl InstallmentState {
    pub fn principal_due(&self) -> Money {
        self.inst.principal - self.principal_paid
    }
    pub fn interest_due(&self) -> Money {
        self.inst.interest - self.interest_paid
    }
    pub fn late_due(&self) -> Money {
        self.late_accrued - self.late_paid
    }
    pub fn is_settled(&self) -> bool {
        self.principal_due().is_zero() && self.interest_due().is_zero() && self.late_due().is_zero()
    }
}

/// A loan to a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    pub id: u32,
    pub member: u32,
    pub product: u32,
    pub amount: Money,
    pub months: u32,
    pub rate: Decimal,
    pub late_rate: Decimal,
    pub method: Method,
    pub purpose: String,
    pub guarantor: Option<u32>,
    pub approval: String,
    #[serde(with = "crate::domain::date::days")]
    pub applied_on: NaiveDate,
    pub status: LoanStatus,
    #[serde(with = "crate::domain::date::days::opt")]
    pub disbursed_on: Option<NaiveDate>,
    pub installments: Vec<InstallmentState>,
    /// Savings account and amount blocked as guarantee.
    pub guarantee: Option<(u32, Money)>,
    /// Principal currently carried in the overdue portfolio account (1452).
    pub in_overdue: Money,
    pub write_off_approval: String,
}

impl Loan {
    /// Principal still owed.
    pub fn outstanding(&self) -> Money {
        self.installments.iter().map(|i| i.principal_due()).sum()
    }
    /// Principal of installments due on or before `date` and not paid.
    pub fn overdue_principal(&self, date: NaiveDate) -> Money {
        self.installments
            .iter()
            .filter(|i| i.inst.due < date)
            .map(|i| i.principal_due())
            .sum()
    }
    /// Days since the oldest installment that is due and not settled (0 when up to date).
    pub fn days_past_due(&self, date: NaiveDate) -> i64 {
        self.installments
            .iter()
            .find(|i| {
                i.inst.due < date && !(i.principal_due().is_zero() && i.interest_due().is_zero())
            })
            .map(|i| (date - i.inst.due).num_days())
            .unwrap_or(0)
    }
    /// Accrues late interest on each installment's overdue principal up to `date`:
    /// principal x late rate x days / 360, from the due date (or the last accrual).
    pub fn accrue_late(&mut self, date: NaiveDate) {
        for i in &mut self.installments {
            let from = i.inst.due.max(i.accrued_to);
            if date > from && i.principal_due().is_positive() {
                let days = (date - from).num_days();
                let late = i.principal_due().to_decimal() * self.late_rate * Decimal::from(days)
                    / Decimal::from(36_000);
                i.late_accrued += money(late);
                i.accrued_to = date;
            } else if date > i.accrued_to && i.inst.due <= date {
                i.accrued_to = date;
            }
        }
    }
}

/// The late-interest bucket of a loan by days past due.
pub fn aging_bucket(days: i64) -> Option<usize> {
    match days {
        d if d <= 0 => None,
        1..=30 => Some(0),
        31..=60 => Some(1),
        61..=90 => Some(2),
        91..=180 => Some(3),
        181..=360 => Some(4),
        _ => Some(5),
    }
}

/// Labels of the aging buckets.
pub const AGING_BUCKETS: [&str; 6] = ["1-30", "31-60", "61-90", "91-180", "181-360", ">360"];

/// How a payment splits over a loan's installments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allocation {
    /// (installment index, late interest, interest, principal)
    pub lines: Vec<(usize, Money, Money, Money)>,
    pub late: Money,
    pub interest: Money,
    pub principal: Money,
    /// Left after everything due is paid: a prepayment.
    pub extra: Money,
}

/// Applies `amount` to what is due on `date` (late interest accrued first):
/// late interest, then interest, then principal, each oldest installment first.
/// Installments not yet due take nothing; the rest is `extra`.
pub fn allocate_payment(loan: &Loan, date: NaiveDate, amount: Money) -> Allocation {
    let mut left = amount.max(Money::ZERO);
    let due: Vec<usize> = (0..loan.installments.len())
        .filter(|&k| loan.installments[k].inst.due <= date)
        .collect();
    let mut per: std::collections::BTreeMap<usize, (Money, Money, Money)> =
        std::collections::BTreeMap::new();
    for part in 0..3 {
        for &k in &due {
            let i = &loan.installments[k];
            let owed = match part {
                0 => i.late_due(),
                1 => i.interest_due(),
                _ => i.principal_due(),
            };
            let take = left.min(owed);
            if take.is_positive() {
                left -= take;
                let e = per.entry(k).or_default();
                match part {
                    0 => e.0 += take,
                    1 => e.1 += take,
                    _ => e.2 += take,
                }
            }
        }
    }
    // Late interest accrued on installments not yet due cannot exist; but late
    // interest of an installment that fell due earlier is always in `due`.
    let mut a = Allocation {
        extra: left,
        ..Allocation::default()
    };
    for (k, (l, i, p)) in per {
        a.late += l;
        a.interest += i;
        a.principal += p;
        a.lines.push((k, l, i, p));
    }
    a
}

/// What to do with a prepayment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prepay {
    /// Keep the installment, finish sooner (the default).
    ShortenTerm,
    /// Keep the end date, lower the installments.
    LowerInstallment,
}

/// Rebuilds the installments after `date` for a new outstanding `balance`.
/// `accrued` is the interest already run on the old balance since the last
/// due date, added to the next installment.
pub fn recompute_after(
    loan: &Loan,
    date: NaiveDate,
    balance: Money,
    accrued: Money,
    how: Prepay,
) -> Vec<Installment> {
    let future: Vec<&InstallmentState> = loan
        .installments
        .iter()
        .filter(|i| i.inst.due > date)
        .collect();
    let Some(first) = future.first() else {
        return Vec::new();
    };
    let n_left = future.len() as u32;
    let first_n = first.inst.n;
    let r = periodic_rate(loan.rate);
    let start = loan.disbursed_on.unwrap_or(loan.applied_on);
    let mut out = Vec::new();
    let mut bal = balance;
    if bal.is_zero() {
        return out;
    }
    let payment = match (loan.method, how) {
        (Method::French, Prepay::ShortenTerm) => first
            .inst
            .payment
            .max(money(bal.to_decimal() * r) + Money::from_cents(1)),
        (Method::French, Prepay::LowerInstallment) => {
            if r.is_zero() {
                money(bal.to_decimal() / Decimal::from(n_left))
            } else {
                money(
                    bal.to_decimal() * r
                        / (Decimal::ONE - Decimal::ONE / pow(Decimal::ONE + r, n_left)),
                )
            }
        }
        _ => Money::ZERO,
    };
    let fixed_principal = match how {
        Prepay::ShortenTerm => future.first().map(|i| i.inst.principal).unwrap_or(bal),
        Prepay::LowerInstallment => money(bal.to_decimal() / Decimal::from(n_left)),
    };
    let mut k = 0u32;
    while bal.is_positive() && k < 360 {
        let n = first_n + k;
        let mut interest = money(bal.to_decimal() * r);
        if k == 0 {
            // The first period ran partly on the old balance.
            interest = money(bal.to_decimal() * r) + accrued;
        }
        let mut principal = match loan.method {
            Method::French => payment - money(bal.to_decimal() * r),
            _ => fixed_principal,
        };
        let last = match how {
            Prepay::LowerInstallment => k + 1 == n_left,
            Prepay::ShortenTerm => false,
        };
        if last || principal >= bal || !principal.is_positive() {
            principal = bal;
        }
        bal -= principal;
        let due = add_months_clamped(start, n).unwrap_or(date);
        out.push(Installment {
            n,
            due,
            payment: principal + interest,
            interest,
            principal,
            balance: bal,
        });
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }
    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    #[test]
    fn french_matches_the_issue_example() {
        let s =
            schedule(Method::French, m(100_000), dec("15"), 12, d("2026-01-15")).expect("schedule");
        let first = &s.installments[0];
        assert_eq!(
            (
                first.due,
                first.payment,
                first.interest,
                first.principal,
                first.balance
            ),
            (d("2026-02-15"), m(9_026), m(1_250), m(7_776), m(92_224))
        );
        assert_eq!(s.effective_annual_rate(), dec("16.08"));
        assert_eq!(s.installments.last().map(|i| i.balance), Some(Money::ZERO));
        // Every installment but the last pays 90.26; the last differs by cents at most.
        assert!(s.installments[..11].iter().all(|i| i.payment == m(9_026)));
        let last = s.installments[11].payment;
        assert!((last - m(9_026)).abs() <= m(5), "{last}");
        assert_eq!(s.total_paid(), s.amount + s.total_interest());
    }

    #[test]
    fn german_hand_case() {
        // 1200 at 12% for 3 months: principal 400 each; interest 12.00, 8.00, 4.00.
        let s =
            schedule(Method::German, m(120_000), dec("12"), 3, d("2026-03-10")).expect("schedule");
        let rows: Vec<(i64, i64, i64)> = s
            .installments
            .iter()
            .map(|i| (i.payment.cents(), i.interest.cents(), i.principal.cents()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (41_200, 1_200, 40_000),
                (40_800, 800, 40_000),
                (40_400, 400, 40_000)
            ]
        );
    }

    #[test]
    fn flat_puts_remainders_in_the_last() {
        // 1000 at 10% for 3 months: total interest 25.00; 8.33, 8.33, 8.34; principal 333.33, 333.33, 333.34.
        let s =
            schedule(Method::Flat, m(100_000), dec("10"), 3, d("2026-01-01")).expect("schedule");
        let rows: Vec<(i64, i64)> = s
            .installments
            .iter()
            .map(|i| (i.interest.cents(), i.principal.cents()))
            .collect();
        assert_eq!(rows, vec![(833, 33_333), (833, 33_333), (834, 33_334)]);
        assert_eq!(s.total_interest(), m(2_500));
    }

    #[test]
    fn due_dates_clamp_to_month_end() {
        let s =
            schedule(Method::French, m(30_000), dec("12"), 3, d("2024-01-31")).expect("schedule");
        let dues: Vec<NaiveDate> = s.installments.iter().map(|i| i.due).collect();
        assert_eq!(
            dues,
            vec![d("2024-02-29"), d("2024-03-31"), d("2024-04-30")]
        );
    }

    #[test]
    fn zero_rate_and_bad_input() {
        let s = schedule(
            Method::French,
            m(100_000),
            Decimal::ZERO,
            3,
            d("2026-01-01"),
        )
        .expect("schedule");
        assert_eq!(s.total_interest(), Money::ZERO);
        assert_eq!(
            s.installments
                .iter()
                .map(|i| i.payment.cents())
                .collect::<Vec<_>>(),
            vec![33_333, 33_333, 33_334]
        );
        assert_eq!(
            schedule(Method::French, m(0), dec("5"), 3, d("2026-01-01")),
            Err(LoanError::NonPositiveAmount)
        );
        assert_eq!(
            schedule(Method::French, m(-5), dec("5"), 3, d("2026-01-01")),
            Err(LoanError::NonPositiveAmount)
        );
        assert_eq!(
            schedule(Method::German, m(100), dec("5"), 0, d("2026-01-01")),
            Err(LoanError::BadTerm)
        );
        assert_eq!(
            schedule(Method::German, m(100), dec("5"), 361, d("2026-01-01")),
            Err(LoanError::BadTerm)
        );
        assert_eq!(
            schedule(Method::German, m(100), dec("-1"), 3, d("2026-01-01")),
            Err(LoanError::BadRate)
        );
    }

    fn method() -> impl Strategy<Value = Method> {
        prop_oneof![
            Just(Method::French),
            Just(Method::German),
            Just(Method::Flat)
        ]
    }

    proptest! {
        /// Every schedule amortises exactly to zero, principal sums to the
        /// amount, and payments sum to principal plus interest.
        #[test]
        fn schedules_amortise_to_zero(method in method(), cents in 1i64..100_000_000, rate_bp in 0u32..6_000, months in 1u32..=360, day in 0i32..20_000) {
            let rate = Decimal::new(rate_bp as i64, 2);
            let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() + chrono::Duration::days(day as i64);
            let s = schedule(method, Money::from_cents(cents), rate, months, start).expect("schedule");
            prop_assert_eq!(s.installments.len() as u32, months);
            prop_assert_eq!(s.installments.last().map(|i| i.balance), Some(Money::ZERO));
            let principal: Money = s.installments.iter().map(|i| i.principal).sum();
            prop_assert_eq!(principal, Money::from_cents(cents));
            prop_assert_eq!(s.total_paid(), principal + s.total_interest());
            for i in &s.installments {
                prop_assert!(!i.principal.is_negative() && !i.interest.is_negative() && !i.balance.is_negative());
                prop_assert_eq!(i.payment, i.principal + i.interest);
            }
            for w in s.installments.windows(2) {
                prop_assert!(w[0].due < w[1].due);
            }
        }
    }
}
