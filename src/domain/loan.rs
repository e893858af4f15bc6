//! Loan schedules: French (fixed installment), German (fixed principal) and
//! flat (for teaching). Monthly periods; amounts rounded to cents half away
//! from zero as each is scheduled.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::date::add_months_clamped;
use crate::domain::money::{MAX_CENTS, Money, round_cents};
use crate::i18n::{Lang, Msg};

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
        crate::i18n::Label::label(&self, lang)
    }
    /// The name without its gloss ("Francés"), for tables.
    pub fn short_label(self, lang: Lang) -> &'static str {
        crate::i18n::labels::method_short(self).t(lang)
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
    /// The true effective annual rate in percent, two decimals: the internal
    /// rate of return of the cash flows (the amount lent, then each
    /// installment a month apart), annualised as (1 + i)^12 - 1. For French
    /// and German schedules it is the nominal rate compounded monthly; for the
    /// flat method it shows the real cost (1000 at 15 % flat for 12 months
    /// costs 30.12 % a year).
    pub fn effective_annual_rate(&self) -> Decimal {
        let payments: Vec<Money> = self.installments.iter().map(|i| i.payment).collect();
        annual_rate_of_flows(self.amount, &payments)
    }
    /// `(regular installment, last installment)` when cent rounding makes the
    /// last installment of a French or flat schedule differ from the others by
    /// more than 1 %: the simulator says so.
    pub fn last_installment_gap(&self) -> Option<(Money, Money)> {
        if self.method == Method::German || self.installments.len() < 2 {
            return None;
        }
        let regular = self.installments.first()?.payment;
        let last = self.installments.last()?.payment;
        let gap = (last - regular).abs().to_decimal() * Decimal::ONE_HUNDRED;
        (gap > regular.to_decimal()).then_some((regular, last))
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
    /// A figure of the schedule (an installment, the interest, the total)
    /// would exceed the largest amount ayni keeps.
    #[error("the loan's figures exceed the largest amount (999,999,999,999.99)")]
    TooLarge,
}

impl LoanError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LoanError::NonPositiveAmount => Msg::ErrLoanNonPositiveAmount.t(lang).into(),
            LoanError::BadTerm => Msg::ErrLoanBadTerm.t(lang).into(),
            LoanError::BadRate => Msg::ErrLoanBadRate.t(lang).into(),
            LoanError::BadDate => Msg::ErrLoanBadDate.t(lang).into(),
            LoanError::TooLarge => Msg::ErrLoanTooLarge.t(lang).into(),
        }
    }
}

/// The periodic (monthly) rate: annual nominal % / 12 / 100. For the
/// annuity and the effective rate only: interest in cents is computed with
/// [`month_interest`] and [`interest_for_days`], which divide last so that a
/// tie rounds half away from zero.
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

/// (1 + r)^12 - 1, in percent, rounded to two decimals: the effective annual
/// rate of a French or German loan at the nominal rate `annual_percent` (a
/// product's rate, before there is a schedule; a schedule's own figure is
/// [`Schedule::effective_annual_rate`]).
pub fn effective_annual_rate(annual_percent: Decimal) -> Decimal {
    let r = periodic_rate(annual_percent);
    round_cents((pow(Decimal::ONE + r, 12) - Decimal::ONE) * Decimal::ONE_HUNDRED)
}

/// The effective annual rate, in percent with two decimals, of lending
/// `amount` and receiving `payments` one month apart (the first a month
/// later): the monthly internal rate of return i, as (1 + i)^12 - 1. Zero
/// when the payments do not exceed the amount.
///
/// i is the root of f(i) = sum(P_k / (1 + i)^k) - amount, found by Newton's
/// method from i = 0: f is decreasing and convex, so every step stays below
/// the root and the steps only grow towards it.
pub fn annual_rate_of_flows(amount: Money, payments: &[Money]) -> Decimal {
    let total: Money = payments.iter().copied().sum();
    if !amount.is_positive() || total <= amount {
        return Decimal::ZERO;
    }
    let a = amount.to_decimal();
    let mut i = Decimal::ZERO;
    for _ in 0..100 {
        // f(i) and f'(i) = -sum(k P_k / (1 + i)^(k + 1)) in one pass.
        let v = Decimal::ONE / (Decimal::ONE + i);
        let (mut f, mut slope, mut disc) = (-a, Decimal::ZERO, Decimal::ONE);
        for (k, p) in payments.iter().enumerate() {
            disc *= v;
            let pv = p.to_decimal() * disc;
            f += pv;
            slope -= Decimal::from(k as u64 + 1) * pv * v;
        }
        if slope.is_zero() {
            break;
        }
        let step = f / slope;
        i -= step;
        if step.abs() < Decimal::new(1, 12) {
            break;
        }
    }
    let annual = pow(Decimal::ONE + i, 12) - Decimal::ONE;
    round_cents(annual * Decimal::ONE_HUNDRED)
}

/// The true effective annual rate of a loan of `amount` at `annual_percent`
/// for `months` by `method` (see [`Schedule::effective_annual_rate`]); the
/// nominal formula when no schedule can be made.
pub fn effective_annual_rate_of(
    method: Method,
    amount: Money,
    annual_percent: Decimal,
    months: u32,
) -> Decimal {
    let start = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default();
    match schedule(method, amount, annual_percent, months, start) {
        Ok(s) => s.effective_annual_rate(),
        Err(_) => effective_annual_rate(annual_percent),
    }
}

fn checked(d: Decimal) -> Result<Money, LoanError> {
    Money::from_decimal_rounded(d).ok_or(LoanError::TooLarge)
}

/// A month's interest on `balance` at the nominal annual rate (percent):
/// balance x rate / 1200, rounded to cents half away from zero (multiplied
/// before dividing, so 1000.50 at 28 % gives 23.35, not 23.34).
pub fn month_interest(balance: Money, annual_percent: Decimal) -> Option<Money> {
    Money::from_decimal_rounded(balance.to_decimal() * annual_percent / Decimal::from(1200))
}

/// Interest on `balance` for `days` of a 30-day month (30/360):
/// balance x rate x days / 36000, rounded to cents half away from zero.
pub fn interest_for_days(balance: Money, annual_percent: Decimal, days: i64) -> Money {
    Money::from_decimal_rounded(
        balance.to_decimal() * annual_percent * Decimal::from(days) / Decimal::from(36_000),
    )
    .unwrap_or_default()
}

fn mi(balance: Money, annual_percent: Decimal) -> Money {
    month_interest(balance, annual_percent).unwrap_or_default()
}

/// The last installment of a French schedule of `amount` over `months` at
/// `annual_percent` paid `payment` a month, or `None` when a figure overflows.
fn french_last(
    amount: Money,
    annual_percent: Decimal,
    months: u32,
    payment: Money,
) -> Option<Money> {
    let mut bal = amount;
    for _ in 1..months {
        let interest = month_interest(bal, annual_percent)?;
        let principal = (payment - interest).max(Money::ZERO).min(bal);
        bal -= principal;
    }
    bal.checked_add(month_interest(bal, annual_percent)?)
}

/// The fixed installment of a French schedule: the annuity rounded to cents;
/// when cent rounding would make the last installment differ from it by
/// more than two cents, the cent (within three of the annuity) that brings
/// the last installment closest.
pub fn french_payment(
    amount: Money,
    annual_percent: Decimal,
    months: u32,
) -> Result<Money, LoanError> {
    let r = periodic_rate(annual_percent);
    let p = amount.to_decimal();
    if r.is_zero() {
        return checked(p / Decimal::from(months.max(1)));
    }
    let denom = Decimal::ONE - Decimal::ONE / pow(Decimal::ONE + r, months);
    let base = checked(p * r / denom)?;
    let gap = |pay: Money| {
        french_last(amount, annual_percent, months, pay).map(|last| (last - pay).abs())
    };
    let Some(base_gap) = gap(base) else {
        return Err(LoanError::TooLarge);
    };
    if base_gap <= Money::from_cents(2) {
        return Ok(base);
    }
    let mut best = (base_gap, base);
    for step in [-1i64, 1, -2, 2, -3, 3] {
        let pay = base + Money::from_cents(step);
        if !pay.is_positive() {
            continue;
        }
        if let Some(g) = gap(pay)
            && g < best.0
        {
            best = (g, pay);
        }
    }
    Ok(best.1)
}

/// Builds the schedule of a loan of `amount` at `annual_percent` for `months`,
/// starting on `start` (installment k falls due k months later, clamped to the
/// month's last day). Refused when a figure would exceed the largest amount.
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
    if amount.cents() > MAX_CENTS {
        return Err(LoanError::TooLarge);
    }
    let p = amount.to_decimal();
    let n = Decimal::from(months);
    let mut out = Vec::with_capacity(months as usize);
    let mut balance = amount;
    // Installment k falls due k months after the start.
    let installment = |k: u32, principal: Money, interest: Money, balance: Money| {
        Ok::<_, LoanError>(Installment {
            n: k,
            due: add_months_clamped(start, k).ok_or(LoanError::BadDate)?,
            payment: principal.checked_add(interest).ok_or(LoanError::TooLarge)?,
            interest,
            principal,
            balance,
        })
    };
    match method {
        Method::French | Method::German => {
            let fixed_payment = match method {
                Method::French => french_payment(amount, annual_percent, months)?,
                _ => Money::ZERO,
            };
            let fixed_principal = checked(p / n)?;
            for k in 1..=months {
                let interest =
                    month_interest(balance, annual_percent).ok_or(LoanError::TooLarge)?;
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
                out.push(installment(k, principal, interest, balance)?);
            }
        }
        Method::Flat => {
            let total_interest = checked(p * annual_percent * n / Decimal::from(1200))?;
            let each_interest = checked(total_interest.to_decimal() / n)?;
            let each_principal = checked(p / n)?;
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
                out.push(installment(k, principal, interest, balance)?);
            }
        }
    }
    let mut total = Money::ZERO;
    for i in &out {
        total = total
            .checked_add(i.payment)
            .filter(|t| t.cents() <= MAX_CENTS)
            .ok_or(LoanError::TooLarge)?;
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

/// The highest late rate the BCE rule allows for a loan at `rate`: a
/// surcharge of at most 10 % over the agreed rate (1.1 x rate).
pub fn max_late_rate(rate: Decimal) -> Decimal {
    rate * Decimal::new(11, 1)
}

impl LoanProduct {
    /// The late rate for a loan at `rate`: the product's, or the legal maximum
    /// surcharge (rate + 10 % of it); never above that maximum, so a loan
    /// granted below the product's rate keeps to the rule too.
    pub fn late_rate_for(&self, rate: Decimal) -> Decimal {
        let max = max_late_rate(rate);
        self.late_rate.map_or(max, |l| l.min(max))
    }
}

/// Where a loan stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoanStatus {
    Applied,
    Active,
    PaidOff(#[serde(with = "crate::domain::date::days")] NaiveDate),
    WrittenOff(#[serde(with = "crate::domain::date::days")] NaiveDate),
    /// The disbursement was reversed (voided) on that date, before any
    /// payment. Appended last: stored statuses keep their variant numbers.
    Voided(#[serde(with = "crate::domain::date::days")] NaiveDate),
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
    /// All that is still owed on it: late interest, interest and principal.
    pub fn total_due(&self) -> Money {
        self.late_due() + self.interest_due() + self.principal_due()
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
    /// All still owed on the installments due on or before `date` (late
    /// interest as accrued so far, interest and principal).
    pub fn due_through(&self, date: NaiveDate) -> Money {
        self.installments
            .iter()
            .filter(|i| i.inst.due <= date)
            .map(|i| i.total_due())
            .sum()
    }
    /// Principal of the installments not yet due on `date`.
    pub fn principal_after(&self, date: NaiveDate) -> Money {
        self.installments
            .iter()
            .filter(|i| i.inst.due > date)
            .map(|i| i.principal_due())
            .sum()
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
                i.late_accrued += interest_for_days(i.principal_due(), self.late_rate, days);
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

/// The day the current period of `loan` began on `date` (the last due date
/// on or before it, else the disbursement) and the days run since, 30/360:
/// actual days capped at 30.
fn period_days(loan: &Loan, date: NaiveDate) -> i64 {
    let last = loan
        .installments
        .iter()
        .filter(|i| i.inst.due <= date)
        .map(|i| i.inst.due)
        .max()
        .or(loan.disbursed_on)
        .unwrap_or(date);
    (date - last).num_days().clamp(0, 30)
}

/// Interest run on `date` and not yet due: on the principal of the
/// installments not yet due, since the last due date (or the disbursement),
/// 30/360 with actual days capped at 30.
///
/// The next installment's interest is what the whole period costs; a
/// prepayment earlier in the period leaves it holding the interest already
/// run on the old balance (see [`recompute_after`]). That part beyond a
/// plain month on the present balance is carried: the accrued interest is
/// `balance x rate x days / 36000 + (next interest - balance x rate / 1200)`,
/// which is exactly the interest run on the old balance on the day of the
/// prepayment, and the next installment's interest on its due date.
pub fn accrued_interest(loan: &Loan, date: NaiveDate) -> Money {
    let mut future = loan.installments.iter().filter(|i| i.inst.due > date);
    let Some(next) = future.next() else {
        return Money::ZERO;
    };
    let balance: Money = next.principal_due() + future.map(|i| i.principal_due()).sum::<Money>();
    if !balance.is_positive() {
        return Money::ZERO;
    }
    let days = period_days(loan, date);
    let accrued = if loan.method == Method::Flat {
        // Flat interest does not run on the balance: the period's share.
        Money::from_decimal_rounded(
            next.interest_due().to_decimal() * Decimal::from(days) / Decimal::from(30),
        )
        .unwrap_or_default()
    } else {
        let carried = next.interest_due() - mi(balance, loan.rate);
        interest_for_days(balance, loan.rate, days) + carried
    };
    accrued.max(Money::ZERO)
}

/// What pays `loan` off on `date` (late interest accrued to `date` already
/// in it): everything due, the principal not yet due and the interest run on
/// it to that day. With the part that is that interest.
pub fn payoff(loan: &Loan, date: NaiveDate) -> (Money, Money) {
    let due_now = loan.due_through(date);
    let future_principal = loan.principal_after(date);
    let accrued = if future_principal.is_positive() {
        accrued_interest(loan, date)
    } else {
        Money::ZERO
    };
    (due_now + future_principal + accrued, accrued)
}

/// Rebuilds the installments not yet due on `date` for a new outstanding
/// principal `balance` after a prepayment made that day.
///
/// `accrued` is the interest already run on the old balance in the current
/// period ([`accrued_interest`] before the prepayment): it stays owed in the
/// next installment, and the rest of that period runs on the new balance,
/// so the next installment's interest is `accrued + balance x rate / 1200 -
/// balance x rate x days / 36000` (days run so far, 30/360). Then every
/// period runs a full month on the balance. Paying X lowers that day's payoff
/// by exactly X.
///
/// French: `ShortenTerm` keeps the installment (principal + a month's
/// interest on the balance; the next one also carries the interest run on
/// the prepaid part) and ends sooner; `LowerInstallment` keeps the end and
/// recomputes the annuity. German: the fixed principal stays (`ShortenTerm`)
/// or is spread over the installments left. Never later than the old end.
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
    let mut out = Vec::new();
    if !balance.is_positive() {
        return out;
    }
    let rate = loan.rate;
    let n_left = future.len() as u32;
    let first_n = first.inst.n;
    let start = loan.disbursed_on.unwrap_or(loan.applied_on);
    let old_balance: Money = future.iter().map(|i| i.principal_due()).sum();
    let days = period_days(loan, date);
    let first_interest = accrued + mi(balance, rate) - interest_for_days(balance, rate, days);
    let payment = match (loan.method, how) {
        // The regular installment: its principal and a month on the old balance.
        (Method::French, Prepay::ShortenTerm) => (first.inst.principal + mi(old_balance, rate))
            .max(mi(balance, rate) + Money::from_cents(1)),
        (Method::French, Prepay::LowerInstallment) => {
            french_payment(balance, rate, n_left).unwrap_or(first.inst.payment)
        }
        _ => Money::ZERO,
    };
    let fixed_principal = match how {
        Prepay::ShortenTerm => first.inst.principal,
        Prepay::LowerInstallment => {
            Money::from_decimal_rounded(balance.to_decimal() / Decimal::from(n_left))
                .unwrap_or(balance)
        }
    };
    let mut bal = balance;
    let mut k = 0u32;
    while bal.is_positive() && k < n_left {
        let n = first_n + k;
        let interest = if k == 0 {
            first_interest
        } else {
            mi(bal, rate)
        };
        let mut principal = match loan.method {
            Method::French => payment - mi(bal, rate),
            _ => fixed_principal,
        };
        if k + 1 == n_left || principal >= bal || !principal.is_positive() {
            principal = bal;
        }
        bal -= principal;
        let due = add_months_clamped(start, n)
            .or_else(|| future.get(k as usize).map(|i| i.inst.due))
            .unwrap_or(date);
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

    #[test]
    fn interest_ties_round_half_away_from_zero() {
        // 1000.50 at 28 % for a month: 1000.50 x 28 / 1200 = 23.345 -> 23.35
        // (dividing the rate first truncates it and gave 23.34).
        assert_eq!(month_interest(m(100_050), dec("28")), Some(m(2_335)));
        for method in [Method::French, Method::German] {
            let s = schedule(method, m(100_050), dec("28"), 1, d("2026-01-10")).expect("schedule");
            assert_eq!(s.installments[0].interest, m(2_335), "{method:?}");
        }
        // 30/360: 1000.50 at 28 % for 15 days = 11.6725 -> 11.67; 200 at 27 % for 1 day = 0.15.
        assert_eq!(interest_for_days(m(100_050), dec("28"), 15), m(1_167));
        assert_eq!(interest_for_days(m(20_000), dec("27"), 1), m(15));
    }

    #[test]
    fn the_effective_rate_is_the_real_cost_of_every_method() {
        // French and German at 15 %: the nominal rate compounded monthly.
        for method in [Method::French, Method::German] {
            let s = schedule(method, m(100_000), dec("15"), 12, d("2026-01-15")).expect("schedule");
            assert_eq!(s.effective_annual_rate(), dec("16.08"), "{method:?}");
        }
        // Flat at 15 % for 12 months costs about twice as much (IRR, annualised).
        let flat =
            schedule(Method::Flat, m(100_000), dec("15"), 12, d("2026-01-15")).expect("schedule");
        assert_eq!(flat.effective_annual_rate(), dec("30.12"));
        assert_eq!(
            effective_annual_rate_of(Method::Flat, m(100_000), dec("15"), 12),
            dec("30.12")
        );
        // No interest, no cost.
        let zero = schedule(Method::Flat, m(100_000), Decimal::ZERO, 12, d("2026-01-15"))
            .expect("schedule");
        assert_eq!(zero.effective_annual_rate(), Decimal::ZERO);
        // A hand case: 100 lent, 110 back a month later is 10 % a month: 1.1^12 - 1 = 213.84 %.
        assert_eq!(annual_rate_of_flows(m(10_000), &[m(11_000)]), dec("213.84"));
    }

    #[test]
    fn figures_beyond_the_largest_amount_are_refused() {
        // Issue 15: 40,000,000,000 flat at 100 % for 30 years showed 0.00 interest.
        for (method, cents) in [
            (Method::Flat, 4_000_000_000_000),
            (Method::French, MAX_CENTS),
            (Method::German, MAX_CENTS),
        ] {
            assert_eq!(
                schedule(method, m(cents), dec("100"), 360, d("2026-01-01")),
                Err(LoanError::TooLarge),
                "{method:?}"
            );
        }
        // Within the limit it is whole.
        let s = schedule(
            Method::Flat,
            m(4_000_000_000_000),
            dec("100"),
            12,
            d("2026-01-01"),
        )
        .expect("schedule");
        assert_eq!(s.total_interest(), m(4_000_000_000_000));
    }

    #[test]
    fn french_installments_keep_the_last_close_or_say_so() {
        // 131.70 at 10 % for 6 months: the annuity rounds to 22.59, which
        // leaves the last installment more than two cents away; 22.60 keeps
        // it within two.
        let last_with = |pay: i64| french_last(m(13_170), dec("10"), 6, m(pay)).expect("last");
        assert!((last_with(2_259) - m(2_259)).abs() > m(2));
        let s =
            schedule(Method::French, m(13_170), dec("10"), 6, d("2026-01-01")).expect("schedule");
        assert!(s.installments[..5].iter().all(|i| i.payment == m(2_260)));
        assert!((s.installments[5].payment - m(2_260)).abs() <= m(2));
        assert_eq!(s.last_installment_gap(), None);
        // 10,000 at 12 % for 360 months: a cent of the installment moves the
        // last by about 35 dollars, so no cent keeps it close; the gap (over
        // 1 %) is told.
        let s = schedule(
            Method::French,
            m(1_000_000),
            dec("12"),
            360,
            d("2026-01-01"),
        )
        .expect("schedule");
        let (regular, last) = s.last_installment_gap().expect("a gap over 1 %");
        assert_eq!((regular, last), (m(10_286), s.installments[359].payment));
        assert!(s.installments[..359].iter().all(|i| i.payment == regular));
        assert_eq!(s.installments.last().map(|i| i.balance), Some(Money::ZERO));
        // The issue's 12-month example is untouched: 90.26, the last within cents.
        let s =
            schedule(Method::French, m(100_000), dec("15"), 12, d("2026-01-15")).expect("schedule");
        assert_eq!(s.last_installment_gap(), None);
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

        /// The effective rate of a French or German schedule is its nominal
        /// rate compounded monthly (up to cent rounding); a flat schedule of
        /// two months or more costs more than that.
        #[test]
        fn the_effective_rate_is_the_cost_of_the_cash_flows(cents in 100_000i64..100_000_000, rate_bp in 100u32..6_000, months in 1u32..=120) {
            let rate = Decimal::new(rate_bp as i64, 2);
            let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            let nominal = effective_annual_rate(rate);
            for method in [Method::French, Method::German] {
                let s = schedule(method, Money::from_cents(cents), rate, months, start).expect("schedule");
                let tea = s.effective_annual_rate();
                prop_assert!((tea - nominal).abs() <= Decimal::new(5, 2), "{:?} {} vs {}", method, tea, nominal);
            }
            if months >= 2 {
                let flat = schedule(Method::Flat, Money::from_cents(cents), rate, months, start).expect("schedule");
                prop_assert!(flat.effective_annual_rate() > nominal);
            }
        }
    }
}
