//! Loans to members: products, applications, disbursement with the savings
//! guarantee, repayments (late interest, interest, principal, oldest first),
//! prepayments, payoff, arrears, reclassification to overdue, write-off.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Book, BookError};
use crate::domain::account::codes::{
    MICROCREDIT_CURRENT, MICROCREDIT_OVERDUE, RESTRICTED_DEPOSITS, SAVINGS_DEPOSITS,
};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use crate::domain::loan::{
    Allocation, InstallmentState, Loan, LoanError, LoanProduct, LoanStatus, Method, Prepay,
    aging_bucket, allocate_payment, max_late_rate, payoff, recompute_after, schedule,
};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::store::charges::FastReads;
use crate::store::{StoreRead, WriteTx};

/// Interest earned on loans.
pub const LOAN_INTEREST: &str = "5104";
/// Late interest earned.
pub const LATE_INTEREST: &str = "5190";
/// Expense for loans written off.
pub const WRITE_OFF_EXPENSE: &str = "4402";
/// The longest approval reference kept: it becomes the reference of the
/// disbursement and write-off entries, which hold at most 40 characters.
pub const APPROVAL_MAX: usize = 40;
/// The longest write-off reason kept in the entry's description.
pub const REASON_MAX: usize = 150;

/// Why a loan operation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoanOpError {
    #[error(transparent)]
    Schedule(#[from] LoanError),
    #[error("loan {0} not found")]
    UnknownLoan(u32),
    #[error("loan product {0} not found")]
    UnknownProduct(u32),
    #[error("the amount exceeds the product's maximum ({0})")]
    AboveMaxAmount(Money),
    #[error("the term exceeds the product's maximum ({0} months)")]
    AboveMaxTerm(u32),
    #[error("the amount exceeds {multiple} times the member's savings ({savings})")]
    AboveSavingsMultiple { multiple: Decimal, savings: Money },
    #[error("the guarantor must be another active member")]
    BadGuarantor,
    #[error("the borrower is not an active member")]
    InactiveBorrower,
    #[error("the loan is not in a state that allows this")]
    WrongState,
    #[error("the guarantee needs {needed} available in savings; there is {available}")]
    GuaranteeShort { needed: Money, available: Money },
    #[error("the payment exceeds what ends the loan ({payoff})")]
    AbovePayoff { payoff: Money },
    #[error(
        "the payment covers all the principal but not the interest to date: pay {payoff} to end the loan, or at most {max} as a prepayment"
    )]
    BetweenPrincipalAndPayoff { max: Money, payoff: Money },
    #[error("a product needs a name, a French or German method and sensible limits")]
    BadProduct,
    #[error("an approval reference is required")]
    ApprovalRequired,
    #[error(
        "only the latest payment of a loan can be reversed, and not the one that paid it off or a disbursement"
    )]
    NotReversible,
    #[error("account {0} is the loan portfolio: it moves only through loan operations")]
    PortfolioManual(String),
    #[error("the late rate may be at most 1.1 times the rate ({allowed} %)")]
    LateRateAboveCap { allowed: Decimal },
    #[error("the disbursement is dated before the application ({applied})")]
    DisbursedBeforeApplication { applied: NaiveDate },
    #[error("the date is later than today ({today})")]
    FutureDate { today: NaiveDate },
    #[error("the date is before the disbursement ({disbursed})")]
    BeforeDisbursement { disbursed: NaiveDate },
    #[error(
        "the loan has payments or other operations after its disbursement: it cannot be voided"
    )]
    NotVoidable,
    #[error("a reason is required")]
    ReasonRequired,
}

impl LoanOpError {
    pub fn message(&self, lang: Lang) -> String {
        use LoanOpError::*;
        let l = |m: &Money| m.localized(lang);
        let date = |d: chrono::NaiveDate| crate::domain::date::format_date(d, lang);
        match self {
            Schedule(e) => e.message(lang),
            UnknownLoan(n) => Msg::ErrLoanOpUnknownLoan.fill(lang, &[("n", &n)]),
            UnknownProduct(n) => Msg::ErrLoanOpUnknownProduct.fill(lang, &[("n", &n)]),
            AboveMaxAmount(a) => Msg::ErrLoanOpAboveMaxAmount.fill(lang, &[("max_amount", &l(a))]),
            AboveMaxTerm(n) => Msg::ErrLoanOpAboveMaxTerm.fill(lang, &[("n", &n)]),
            AboveSavingsMultiple { multiple, savings } => Msg::ErrLoanOpAboveSavingsMultiple
                .fill(lang, &[("savings", &l(savings)), ("multiple", &multiple)]),
            BadGuarantor => Msg::ErrLoanOpBadGuarantor.t(lang).into(),
            InactiveBorrower => Msg::ErrLoanOpInactiveBorrower.t(lang).into(),
            WrongState => Msg::ErrLoanOpWrongState.t(lang).into(),
            GuaranteeShort { needed, available } => Msg::ErrLoanOpGuaranteeShort.fill(
                lang,
                &[("needed", &l(needed)), ("available", &l(available))],
            ),
            AbovePayoff { payoff } => {
                Msg::ErrLoanOpAbovePayoff.fill(lang, &[("payoff", &l(payoff))])
            }
            BetweenPrincipalAndPayoff { max, payoff } => Msg::ErrLoanOpBetweenPrincipalAndPayoff
                .fill(lang, &[("payoff", &l(payoff)), ("max_prepayment", &l(max))]),
            BadProduct => Msg::ErrLoanOpBadProduct.t(lang).into(),
            ApprovalRequired => Msg::ErrLoanOpApprovalRequired.t(lang).into(),
            NotReversible => Msg::ErrLoanOpNotReversible.t(lang).into(),
            PortfolioManual(a) => Msg::ErrLoanOpPortfolioManual.fill(lang, &[("a", &a)]),
            LateRateAboveCap { allowed } => {
                let mark = lang.number_marks().1.to_string();
                let rate = allowed.normalize().to_string().replace('.', &mark);
                Msg::ErrLoanOpLateRateAboveCap.fill(lang, &[("rate", &rate)])
            }
            DisbursedBeforeApplication { applied } => {
                Msg::ErrLoanOpDisbursedBeforeApplication.fill(lang, &[("date", &date(*applied))])
            }
            FutureDate { today } => Msg::ErrLoanOpFutureDate.fill(lang, &[("date", &date(*today))]),
            BeforeDisbursement { disbursed } => {
                Msg::ErrLoanOpBeforeDisbursement.fill(lang, &[("date", &date(*disbursed))])
            }
            NotVoidable => Msg::ErrLoanOpNotVoidable.t(lang).into(),
            ReasonRequired => Msg::ErrLoanOpReasonRequired.t(lang).into(),
        }
    }
}

/// The warning shown when a rate exceeds the legal cap kept in the product.
pub fn rate_cap_warning(rate: Decimal, cap: Decimal, lang: Lang) -> String {
    // Without trailing zeros, in the language's decimal mark (25,5 in Spanish).
    let shown = |d: Decimal| {
        d.normalize()
            .to_string()
            .replace('.', Msg::RepDecimalPoint.t(lang))
    };
    Msg::BkRateAboveCap.fill(lang, &[("rate", &shown(rate)), ("cap", &shown(cap))])
}

/// What an entry did to a loan (kept for statements and reversals).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoanEvent {
    Disbursed {
        loan: u32,
    },
    Payment {
        loan: u32,
        amount: Money,
        late: Money,
        interest: Money,
        principal: Money,
        prepaid: Money,
        paid_off: bool,
        before: Box<Loan>,
    },
    Reclassified {
        loans: Vec<(u32, Money)>,
    },
    /// A write-off in books written before the loan's prior state was kept
    /// with it (read only; new write-offs are [`LoanEvent::WrittenOffFrom`]).
    WrittenOff {
        loan: u32,
        principal: Money,
    },
    /// A write-off, with the loan as it was before it (for reports of an
    /// earlier day). Appended last: stored events keep their variant numbers.
    WrittenOffFrom {
        loan: u32,
        principal: Money,
        before: Box<Loan>,
    },
    /// Loans brought by the opening balances (`books::opening`), each with
    /// its balance as its amount. Appended last, as the one before.
    Opened {
        loans: Vec<u32>,
    },
}

impl LoanEvent {
    /// The principal written off, when the event is a write-off.
    pub fn written_off(&self) -> Option<Money> {
        match self {
            LoanEvent::WrittenOff { principal, .. }
            | LoanEvent::WrittenOffFrom { principal, .. } => Some(*principal),
            _ => None,
        }
    }
}

/// A new loan application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanApplication {
    pub member: u32,
    pub product: u32,
    pub amount: Money,
    pub months: u32,
    /// `None`: the product's rate.
    pub rate: Option<Decimal>,
    pub purpose: String,
    pub guarantor: Option<u32>,
    pub approval: String,
    pub date: NaiveDate,
}

/// One row of the loan portfolio report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanRow {
    pub loan: u32,
    pub member: u32,
    /// The loan product's number (the loan list searches its name).
    pub product: u32,
    pub name: String,
    pub amount: Money,
    pub outstanding: Money,
    pub overdue_principal: Money,
    pub days_past_due: i64,
    pub bucket: Option<&'static str>,
    pub status: &'static str,
}

/// The arrears report: aging buckets and portfolio at risk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanArrears {
    pub date: NaiveDate,
    pub outstanding: Money,
    /// Outstanding principal of loans in each bucket (1-30 ... >360).
    pub buckets: [Money; 6],
    pub loans_in_bucket: [usize; 6],
    /// Active loans, and those of them with nothing overdue.
    pub active_loans: usize,
    pub loans_current: usize,
    /// Outstanding principal of loans more than 30 days late.
    pub at_risk_30: Money,
    /// PAR30 in percent with two decimals.
    pub par30: Decimal,
}

impl Book {
    pub fn loan_products(&self) -> Result<Vec<LoanProduct>, BookError> {
        Ok(self.store().read()?.loan_products()?)
    }

    /// Adds a loan product. Flat interest is for teaching only and not offered.
    pub fn add_loan_product(
        &mut self,
        p: LoanProduct,
    ) -> Result<(LoanProduct, Option<Decimal>), BookError> {
        self.check_writable()?;
        let mut p = checked_product(p)?;
        let tx = self.store().write()?;
        let id: u32 = tx.meta_get("next_loan_product")?.unwrap_or(1);
        p.id = id;
        tx.put_loan_product(&p)?;
        tx.meta_put("next_loan_product", &(id + 1))?;
        tx.commit()?;
        let warning = p.rate_cap.filter(|cap| p.rate > *cap);
        Ok((p, warning))
    }

    /// Changes the terms of loan product `p.id` with the checks of
    /// [`Book::add_loan_product`]. The new terms are for applications made
    /// from now on: a loan keeps the rate, late rate, method and term it was
    /// made with. Gives the product as stored and, when its rate exceeds its
    /// cap, the cap (a warning).
    pub fn update_loan_product(
        &mut self,
        p: LoanProduct,
    ) -> Result<(LoanProduct, Option<Decimal>), BookError> {
        self.check_writable()?;
        let p = checked_product(p)?;
        let tx = self.store().write()?;
        if tx.loan_product(p.id)?.is_none() {
            return Err(LoanOpError::UnknownProduct(p.id).into());
        }
        tx.put_loan_product(&p)?;
        tx.commit()?;
        let warning = p.rate_cap.filter(|cap| p.rate > *cap);
        Ok((p, warning))
    }

    pub fn loan(&self, id: u32) -> Result<Loan, BookError> {
        Ok(self
            .store()
            .read()?
            .loan(id)?
            .ok_or(LoanOpError::UnknownLoan(id))?)
    }

    pub fn loans(&self) -> Result<Vec<Loan>, BookError> {
        Ok(self.store().read()?.loans()?)
    }

    pub fn member_loans(&self, member: u32) -> Result<Vec<Loan>, BookError> {
        let tx = self.store().read()?;
        let mut out = Vec::new();
        for id in tx.loans_of_member(member)? {
            if let Some(l) = tx.loan(id)? {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// Checks an application against the product and the member without
    /// recording it: the same checks [`Book::apply_loan`] makes. Returns the
    /// product and, when the rate exceeds the product's cap, the cap (a warning).
    pub fn check_loan_application(
        &self,
        a: &LoanApplication,
    ) -> Result<(LoanProduct, Option<Decimal>), BookError> {
        let tx = self.store().read()?;
        let (product, rate) = validate_application(&tx, a)?;
        let warning = product.rate_cap.filter(|cap| rate > *cap);
        Ok((product, warning))
    }

    /// Records an application after checking it against the product and the member.
    /// Returns the loan and, when its rate exceeds the product's cap, the cap (a warning: see [`rate_cap_warning`]).
    pub fn apply_loan(
        &mut self,
        a: &LoanApplication,
    ) -> Result<(Loan, Option<Decimal>), BookError> {
        self.check_writable()?;
        crate::domain::text::field(crate::domain::text::TextField::Purpose, &a.purpose)?;
        crate::domain::text::field(crate::domain::text::TextField::Approval, &a.approval)?;
        let tx = self.store().write()?;
        let (product, rate) = validate_application(&tx, a)?;
        let id: u32 = tx.meta_get("next_loan")?.unwrap_or(1);
        let loan = Loan {
            id,
            member: a.member,
            product: product.id,
            amount: a.amount,
            months: a.months,
            rate,
            late_rate: product.late_rate_for(rate),
            method: product.method,
            purpose: super::squashed(&a.purpose, 200),
            guarantor: a.guarantor,
            approval: a.approval.trim().chars().take(APPROVAL_MAX).collect(),
            applied_on: a.date,
            status: LoanStatus::Applied,
            disbursed_on: None,
            installments: Vec::new(),
            guarantee: None,
            in_overdue: Money::ZERO,
            write_off_approval: String::new(),
        };
        tx.put_loan(&loan)?;
        tx.index_loan(a.member, id)?;
        tx.meta_put("next_loan", &(id + 1))?;
        tx.commit()?;
        let warning = product.rate_cap.filter(|cap| rate > *cap);
        Ok((loan, warning))
    }

    /// Disburses an approved loan: Dr loan portfolio (1404), Cr cash or bank;
    /// stores the schedule and blocks the guarantee from the borrower's savings.
    pub fn disburse_loan(
        &mut self,
        id: u32,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<Loan, BookError> {
        Ok(self.record_disbursement(id, date, cash_account)?.loan)
    }

    /// A disbursement (as [`Book::disburse_loan`]), with the entry it posted:
    /// [`Book::disbursement_plan`] and [`Book::commit_disbursement`].
    pub fn record_disbursement(
        &mut self,
        id: u32,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<LoanDisbursement, BookError> {
        let plan = self.disbursement_plan(id, date, cash_account)?;
        self.commit_disbursement(&plan)
    }

    /// Works out a disbursement without writing: checked (the entry's
    /// amounts too), the entry it will post, the savings it blocks as the
    /// guarantee, the loan after it with its schedule.
    pub fn disbursement_plan(
        &self,
        id: u32,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<DisbursementPlan, BookError> {
        self.disbursement_guard(date, cash_account)?;
        self.disbursement_in(&self.store().read()?, id, date, cash_account)
    }

    /// Disburses a planned loan, in one transaction with one entry; the plan
    /// is made again inside the transaction.
    pub fn commit_disbursement(
        &mut self,
        plan: &DisbursementPlan,
    ) -> Result<LoanDisbursement, BookError> {
        let (id, date) = (plan.loan_id, plan.date);
        self.disbursement_guard(date, &plan.cash_account)?;
        let tx = self.store().write()?;
        let DisbursementPlan {
            draft,
            guarantee,
            after: loan,
            ..
        } = self.disbursement_in(&tx, id, date, &plan.cash_account)?;
        let entry = self.post_in(&tx, draft)?;
        tx.put_loan_event(entry.id, id, &LoanEvent::Disbursed { loan: id })?;
        if let Some((acc, needed)) = guarantee {
            self.block_in(&tx, acc, needed, date, &format!("Préstamo {id}"))?;
        }
        tx.put_loan(&loan)?;
        tx.commit()?;
        Ok(LoanDisbursement { entry, loan })
    }

    fn disbursement_guard(&self, date: NaiveDate, cash_account: &str) -> Result<(), BookError> {
        self.check_writable()?;
        // Said before the month's check: tomorrow may be in the next month.
        self.not_future(date)?;
        self.cash_guard(date, cash_account)
    }

    /// The plan of a disbursement as the book stands in `tx`.
    fn disbursement_in(
        &self,
        tx: &impl FastReads,
        id: u32,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<DisbursementPlan, BookError> {
        let mut loan: Loan = tx.loan(id)?.ok_or(LoanOpError::UnknownLoan(id))?;
        if loan.status != LoanStatus::Applied {
            return Err(LoanOpError::WrongState.into());
        }
        if date < loan.applied_on {
            return Err(LoanOpError::DisbursedBeforeApplication {
                applied: loan.applied_on,
            }
            .into());
        }
        let product: LoanProduct = tx
            .loan_product(loan.product)?
            .ok_or(LoanOpError::UnknownProduct(loan.product))?;
        let s = schedule(loan.method, loan.amount, loan.rate, loan.months, date)
            .map_err(LoanOpError::from)?;
        let name = tx.member_name(loan.member)?;
        let draft = EntryDraft::new(
            date,
            &format!("Desembolso del préstamo {id}: {name}"),
            // Books made before approvals were cut to the reference's length.
            &loan.approval.chars().take(APPROVAL_MAX).collect::<String>(),
            EntryKind::Loan,
            vec![
                Posting::debit(MICROCREDIT_CURRENT, loan.amount).for_member(loan.member),
                Posting::credit(cash_account, loan.amount).for_member(loan.member),
            ],
        )?;
        // What posting it would refuse comes before the guarantee.
        self.check_draft(tx, &draft)?;
        let needed = Money::from_decimal_rounded(
            loan.amount.to_decimal() * product.guarantee_percent / Decimal::ONE_HUNDRED,
        )
        .unwrap_or_default();
        let mut guarantee = None;
        if needed.is_positive() {
            let products = tx.savings_products()?;
            let best = tx
                .savings_of_member(loan.member)?
                .into_iter()
                .map(|a| {
                    let min_balance = products
                        .iter()
                        .find(|p| p.id == a.product)
                        .map(|p| p.min_balance)
                        .unwrap_or_default();
                    // What is free now, and what was there on the day of the
                    // disbursement: a later deposit cannot guarantee it.
                    let (balance, blocked) = savings_on(tx, &a, date)?;
                    let avail = (a.balance - min_balance - a.blocked)
                        .min(balance - min_balance - blocked)
                        .max(Money::ZERO);
                    Ok((a, avail))
                })
                .collect::<Result<Vec<_>, BookError>>()?
                .into_iter()
                .max_by_key(|(_, avail)| *avail);
            match best {
                Some((acc, avail)) if avail >= needed => {
                    guarantee = Some((acc.id, needed));
                    loan.guarantee = guarantee;
                }
                other => {
                    return Err(LoanOpError::GuaranteeShort {
                        needed,
                        available: other.map(|o| o.1).unwrap_or_default(),
                    }
                    .into());
                }
            }
        }
        loan.installments = s
            .installments
            .into_iter()
            .map(|inst| InstallmentState {
                accrued_to: inst.due,
                inst,
                principal_paid: Money::ZERO,
                interest_paid: Money::ZERO,
                late_accrued: Money::ZERO,
                late_paid: Money::ZERO,
            })
            .collect();
        loan.status = LoanStatus::Active;
        loan.disbursed_on = Some(date);
        Ok(DisbursementPlan {
            loan_id: id,
            date,
            cash_account: cash_account.to_string(),
            draft,
            guarantee,
            after: loan,
        })
    }

    /// A loan's money cannot move on a day that has not come yet.
    fn not_future(&self, date: NaiveDate) -> Result<(), BookError> {
        let today = self.today();
        if date > today {
            return Err(LoanOpError::FutureDate { today }.into());
        }
        Ok(())
    }

    /// What paying off the loan on `date` costs: everything due (late interest
    /// included), the rest of the principal, and interest only to that date.
    pub fn payoff_amount(&self, id: u32, date: NaiveDate) -> Result<Money, BookError> {
        let mut loan = self.loan(id)?;
        loan.accrue_late(date);
        Ok(payoff(&loan, date).0)
    }

    /// Shows how a payment would be applied, without posting it.
    pub fn plan_loan_payment(
        &self,
        id: u32,
        amount: Money,
        date: NaiveDate,
    ) -> Result<(Allocation, Money), BookError> {
        let mut loan = self.loan(id)?;
        if loan.status != LoanStatus::Active {
            return Err(LoanOpError::WrongState.into());
        }
        loan.accrue_late(date);
        Ok((allocate_payment(&loan, date, amount), payoff(&loan, date).0))
    }

    /// Records a repayment: late interest, then interest, then principal, oldest
    /// installment first; anything beyond what is due is a prepayment (`how`),
    /// or pays the loan off with interest only to the payment date. (The plan
    /// and its commit in one: [`Book::loan_payment_plan`] and
    /// [`Book::commit_loan_payment`].)
    pub fn pay_loan(
        &mut self,
        id: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        how: Prepay,
    ) -> Result<(Entry, Loan), BookError> {
        let plan = self.loan_payment_plan(id, amount, date, cash_account, how)?;
        let done = self.commit_loan_payment(&plan)?;
        Ok((done.entry, done.loan))
    }

    /// Works out a repayment without writing: how it splits, the entry it
    /// will post and the loan after it. Refused for the same reasons as the
    /// payment.
    pub fn loan_payment_plan(
        &self,
        id: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        how: Prepay,
    ) -> Result<LoanPaymentPlan, BookError> {
        self.cash_guard(date, cash_account)?;
        if !amount.is_positive() {
            return Err(LoanOpError::Schedule(LoanError::NonPositiveAmount).into());
        }
        Self::loan_payment_in(&self.store().read()?, id, amount, date, cash_account, how)
    }

    /// Posts a planned repayment, in one transaction with one entry. The plan
    /// is made again inside the transaction, so what is posted is what the
    /// book holds at that moment.
    pub fn commit_loan_payment(
        &mut self,
        plan: &LoanPaymentPlan,
    ) -> Result<LoanPaymentOutcome, BookError> {
        self.cash_guard(plan.date, &plan.cash_account)?;
        let tx = self.store().write()?;
        let done = self.commit_loan_payment_in(&tx, plan)?;
        tx.commit()?;
        Ok(done)
    }

    /// A planned repayment made again and posted in `tx`, not committed.
    pub(crate) fn commit_loan_payment_in(
        &self,
        tx: &WriteTx,
        plan: &LoanPaymentPlan,
    ) -> Result<LoanPaymentOutcome, BookError> {
        let (id, date) = (plan.loan_id, plan.date);
        let plan = Self::loan_payment_in(tx, id, plan.amount, date, &plan.cash_account, plan.how)?;
        let event = LoanEvent::Payment {
            loan: id,
            amount: plan.amount,
            late: plan.late,
            interest: plan.interest,
            principal: plan.principal,
            prepaid: plan.prepaid,
            paid_off: plan.paid_off,
            before: Box::new(plan.before),
        };
        let entry = self.post_in(tx, plan.draft)?;
        let mut loan = plan.after;
        if plan.paid_off {
            loan.status = LoanStatus::PaidOff(date);
            if let Some((acc, still)) = plan.release {
                self.release_in(tx, acc, still, date, &format!("Préstamo {id} cancelado"))?;
            }
        }
        tx.put_loan_event(entry.id, id, &event)?;
        tx.put_loan(&loan)?;
        let next = loan
            .installments
            .iter()
            .find(|i| !i.is_settled())
            .map(|next| NextInstallment {
                n: next.inst.n,
                due: next.inst.due,
                owed: next.principal_due() + next.interest_due() + next.late_due(),
            });
        Ok(LoanPaymentOutcome {
            entry,
            late: plan.late,
            interest: plan.interest,
            principal: plan.principal,
            prepaid: plan.prepaid,
            paid_off: plan.paid_off,
            next,
            loan,
        })
    }

    /// The plan of a repayment as the book stands in `tx`.
    fn loan_payment_in(
        tx: &impl StoreRead,
        id: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        how: Prepay,
    ) -> Result<LoanPaymentPlan, BookError> {
        let mut loan = active_loan_on(tx, id, date)?;
        let before = loan.clone();
        loan.accrue_late(date);
        let (payoff_total, accrued_now) = payoff(&loan, date);
        if amount > payoff_total {
            return Err(LoanOpError::AbovePayoff {
                payoff: payoff_total,
            }
            .into());
        }
        let alloc = allocate_payment(&loan, date, amount);
        let overdue_before: Money = loan
            .installments
            .iter()
            .filter(|i| i.inst.due < date)
            .map(|i| i.principal_due())
            .sum();
        for &(k, l, i, p) in &alloc.lines {
            let st = &mut loan.installments[k];
            st.late_paid += l;
            st.interest_paid += i;
            st.principal_paid += p;
        }
        let mut interest = alloc.interest;
        let mut principal = alloc.principal;
        let mut paid_off = false;
        let mut prepaid = Money::ZERO;
        if alloc.extra.is_positive() {
            let outstanding = loan.outstanding();
            if alloc.extra == payoff_total - (alloc.late + alloc.interest + alloc.principal) {
                // Early payoff: the rest of the principal and interest to this date.
                interest += accrued_now;
                principal += outstanding;
                for st in loan.installments.iter_mut().filter(|s| s.inst.due > date) {
                    st.principal_paid = st.inst.principal;
                    st.inst.interest = st.interest_paid;
                    st.inst.payment = st.inst.principal + st.inst.interest;
                }
                if let Some(st) = loan.installments.iter_mut().find(|s| s.inst.due > date) {
                    st.inst.interest += accrued_now;
                    st.interest_paid += accrued_now;
                    st.inst.payment = st.inst.principal + st.inst.interest;
                }
                paid_off = true;
            } else {
                // Prepayment: principal down now; the schedule recomputed from
                // this date, the interest already run staying owed. All the
                // principal left (or more), short of the payoff, would end the
                // loan without that interest: refused, with both figures.
                if alloc.extra >= outstanding {
                    return Err(LoanOpError::BetweenPrincipalAndPayoff {
                        max: amount - alloc.extra + outstanding - Money::from_cents(1),
                        payoff: payoff_total,
                    }
                    .into());
                }
                let extra = alloc.extra;
                prepaid = extra;
                principal += extra;
                let new_balance = outstanding - extra;
                let kept: Vec<InstallmentState> = loan
                    .installments
                    .iter()
                    .filter(|s| s.inst.due <= date)
                    .cloned()
                    .collect();
                let fresh = recompute_after(&loan, date, new_balance, accrued_now, how);
                loan.installments = kept;
                loan.installments
                    .extend(fresh.into_iter().map(|inst| InstallmentState {
                        accrued_to: inst.due,
                        inst,
                        principal_paid: Money::ZERO,
                        interest_paid: Money::ZERO,
                        late_accrued: Money::ZERO,
                        late_paid: Money::ZERO,
                    }));
            }
        }
        if loan.installments.iter().all(InstallmentState::is_settled) {
            paid_off = true;
        }
        // Overdue principal paid comes out of 1452 first, up to what was moved there.
        let from_overdue = loan.in_overdue.min(alloc.principal.min(overdue_before));
        loan.in_overdue -= from_overdue;
        let name = tx.member_name(loan.member)?;
        let mm = loan.member;
        let mut postings = vec![Posting::debit(cash_account, amount).for_member(mm)];
        if from_overdue.is_positive() {
            postings.push(Posting::credit(MICROCREDIT_OVERDUE, from_overdue).for_member(mm));
        }
        if (principal - from_overdue).is_positive() {
            postings.push(
                Posting::credit(MICROCREDIT_CURRENT, principal - from_overdue).for_member(mm),
            );
        }
        if interest.is_positive() {
            postings.push(Posting::credit(LOAN_INTEREST, interest).for_member(mm));
        }
        if alloc.late.is_positive() {
            postings.push(Posting::credit(LATE_INTEREST, alloc.late).for_member(mm));
        }
        let draft = EntryDraft::new(
            date,
            &format!("Pago del préstamo {id}: {name}"),
            "",
            EntryKind::Loan,
            postings,
        )?;
        let release = if paid_off {
            still_blocked(tx, &loan)?
        } else {
            None
        };
        Ok(LoanPaymentPlan {
            loan_id: id,
            amount,
            date,
            cash_account: cash_account.to_string(),
            how,
            late: alloc.late,
            interest,
            principal,
            prepaid,
            paid_off,
            draft,
            release,
            before,
            after: loan,
        })
    }

    /// Entries not made by the loans module may not touch the loan portfolio.
    pub(crate) fn loan_hook(&self, e: &Entry) -> Result<(), BookError> {
        if matches!(e.kind, EntryKind::Loan | EntryKind::Reversal) {
            return Ok(());
        }
        if let Some(p) = e
            .postings
            .iter()
            .find(|p| p.account.starts_with("14") && p.account != "1499")
        {
            return Err(LoanOpError::PortfolioManual(p.account.clone()).into());
        }
        Ok(())
    }

    /// Reversing a loan entry: only the latest payment of a loan that it did not pay off.
    pub(crate) fn undo_loan_in(&self, tx: &WriteTx, orig: &Entry) -> Result<(), BookError> {
        let Some(bytes) = tx.loan_event_bytes(orig.id)? else {
            return Ok(());
        };
        let event: LoanEvent = crate::store::decode("loan_events", &bytes)?;
        match event {
            LoanEvent::Payment {
                loan,
                paid_off: false,
                before,
                ..
            } => {
                let last = tx.loan_event_entries(loan)?.into_iter().max();
                if last != Some(orig.id) {
                    return Err(LoanOpError::NotReversible.into());
                }
                tx.put_loan(&before)?;
                Ok(())
            }
            _ => Err(LoanOpError::NotReversible.into()),
        }
    }

    /// Moves overdue principal (more than `days` late at the month's end) from
    /// the current portfolio (1404) to the overdue portfolio (1452). At month close.
    pub fn reclassify_overdue(
        &mut self,
        month: Month,
        days: i64,
    ) -> Result<Option<Entry>, BookError> {
        self.check_writable()?;
        let date = month.last_day();
        self.check_date_open(date)?;
        let tx = self.store().write()?;
        let e = self.reclassify_in(&tx, month, days)?;
        tx.commit()?;
        Ok(e)
    }

    pub(crate) fn reclassify_in(
        &self,
        tx: &WriteTx,
        month: Month,
        days: i64,
    ) -> Result<Option<Entry>, BookError> {
        let Some((draft, loans, moves)) = Self::reclassify_plan(tx, month, days)? else {
            return Ok(None);
        };
        for loan in &loans {
            tx.put_loan(loan)?;
        }
        let entry = self.post_in(tx, draft)?;
        let ids: Vec<u32> = moves.iter().map(|m| m.0).collect();
        tx.put_loan_event(entry.id, ids[0], &LoanEvent::Reclassified { loans: moves })?;
        for id in &ids[1..] {
            tx.index_loan_event(entry.id, *id)?;
        }
        Ok(Some(entry))
    }

    /// The reclassification entry of `month`, the loans it changes (as they
    /// are after it) and what moves on each, worked out in `tx` without
    /// writing.
    #[allow(clippy::type_complexity)]
    pub(crate) fn reclassify_plan(
        tx: &impl FastReads,
        month: Month,
        days: i64,
    ) -> Result<Option<(EntryDraft, Vec<Loan>, Vec<(u32, Money)>)>, BookError> {
        let date = month.last_day();
        let mut changed = Vec::new();
        let mut moves = Vec::new();
        let mut postings = Vec::new();
        for mut loan in active_loans(tx)? {
            let late: Money = loan
                .installments
                .iter()
                .filter(|i| (date - i.inst.due).num_days() > days)
                .map(|i| i.principal_due())
                .sum();
            let delta = late - loan.in_overdue;
            if delta.is_positive() {
                postings.push(Posting::debit(MICROCREDIT_OVERDUE, delta).for_member(loan.member));
                postings.push(Posting::credit(MICROCREDIT_CURRENT, delta).for_member(loan.member));
                loan.in_overdue += delta;
                moves.push((loan.id, delta));
                changed.push(loan);
            }
        }
        if postings.is_empty() {
            return Ok(None);
        }
        let draft = EntryDraft::new(
            date,
            &format!(
                "Reclasificación de cartera vencida ({} días) de {}",
                days,
                month.name(Lang::BOOK)
            ),
            "",
            EntryKind::Loan,
            postings,
        )?;
        Ok(Some((draft, changed, moves)))
    }

    /// Writes a loan off with an approval reference: the blocked guarantee is
    /// applied first, then the loan-loss provision (1499) up to what it holds,
    /// and the rest of the principal goes to expense (4402).
    pub fn write_off_loan(
        &mut self,
        id: u32,
        date: NaiveDate,
        approval: &str,
    ) -> Result<Entry, BookError> {
        self.write_off_loan_because(id, date, approval, "")
    }

    /// [`Book::write_off_loan`] with the reason written into the entry's
    /// description ("Castigo del préstamo 7: REASON"), cut to [`REASON_MAX`].
    pub fn write_off_loan_because(
        &mut self,
        id: u32,
        date: NaiveDate,
        approval: &str,
        reason: &str,
    ) -> Result<Entry, BookError> {
        let plan = self.write_off_plan(id, date, approval, reason)?;
        Ok(self.commit_write_off(&plan)?.entry)
    }

    /// Works out a write-off without writing: checked, what the guarantee,
    /// the provision (1499) and the expense (4402) take, the entry it will
    /// post and the loan after it.
    pub fn write_off_plan(
        &self,
        id: u32,
        date: NaiveDate,
        approval: &str,
        reason: &str,
    ) -> Result<WriteOffPlan, BookError> {
        self.write_off_guard(date, approval, reason)?;
        self.write_off_in(&self.store().read()?, id, date, approval, reason)
    }

    /// Writes a planned loan off, in one transaction with one entry; the
    /// plan is made again inside the transaction.
    pub fn commit_write_off(&mut self, plan: &WriteOffPlan) -> Result<WriteOffOutcome, BookError> {
        let (id, date) = (plan.loan_id, plan.date);
        self.write_off_guard(date, &plan.approval, &plan.reason)?;
        let tx = self.store().write()?;
        let plan = self.write_off_in(&tx, id, date, &plan.approval, &plan.reason)?;
        let guarantee_used = plan.guarantee_used;
        let guarantee = plan
            .before
            .guarantee
            .filter(|_| guarantee_used.is_positive());
        if let Some((acc, _)) = guarantee {
            // The pledged savings pay part of the debt: out of restricted deposits.
            let mut a = tx
                .savings_account(acc)?
                .ok_or(crate::books::savings::SavingsError::UnknownAccount(acc))?;
            a.balance -= guarantee_used;
            a.blocked -= guarantee_used;
            tx.put_savings_account(&a)?;
        }
        let entry = self.post_in(&tx, plan.draft)?;
        if let Some((acc, _)) = guarantee {
            tx.put_savings_move(&crate::domain::savings::SavingsMove {
                account: acc,
                date,
                kind: crate::domain::savings::MoveKind::Withdrawal,
                amount: -guarantee_used,
                blocked_change: -guarantee_used,
                entry: entry.id,
            })?;
        }
        tx.put_loan_event(
            entry.id,
            id,
            &LoanEvent::WrittenOffFrom {
                loan: id,
                principal: plan.principal,
                before: Box::new(plan.before),
            },
        )?;
        tx.put_loan(&plan.after)?;
        tx.commit()?;
        Ok(WriteOffOutcome {
            entry,
            principal: plan.principal,
            guarantee_used,
            from_provision: plan.from_provision,
            to_expense: plan.to_expense,
            loan: plan.after,
        })
    }

    fn write_off_guard(
        &self,
        date: NaiveDate,
        approval: &str,
        reason: &str,
    ) -> Result<(), BookError> {
        self.check_writable()?;
        if approval.trim().is_empty() {
            return Err(LoanOpError::ApprovalRequired.into());
        }
        crate::domain::text::field(crate::domain::text::TextField::Approval, approval)?;
        crate::domain::text::field(crate::domain::text::TextField::Reason, reason)?;
        self.check_date_open(date)
    }

    /// The plan of a write-off as the book stands in `tx`.
    fn write_off_in(
        &self,
        tx: &impl StoreRead,
        id: u32,
        date: NaiveDate,
        approval_given: &str,
        reason_given: &str,
    ) -> Result<WriteOffPlan, BookError> {
        let mut loan: Loan = tx.loan(id)?.ok_or(LoanOpError::UnknownLoan(id))?;
        if loan.status != LoanStatus::Active {
            return Err(LoanOpError::WrongState.into());
        }
        let outstanding = loan.outstanding();
        let mm = loan.member;
        let mut postings = Vec::new();
        let mut guarantee_used = Money::ZERO;
        if let Some((acc, still)) = still_blocked(tx, &loan)? {
            let still = still.min(outstanding);
            if still.is_positive() {
                tx.savings_account(acc)?
                    .ok_or(crate::books::savings::SavingsError::UnknownAccount(acc))?;
                guarantee_used = still;
                postings.push(Posting::debit(RESTRICTED_DEPOSITS, still).for_member(mm));
            }
        }
        let loss = outstanding - guarantee_used;
        // The provision (1499) absorbs the loss first, up to what it holds
        // (see `provision_available`); the rest is an expense (4402).
        let available = crate::books::provisions::provision_available(
            tx,
            Month::of(date),
            Month::of(self.today()),
        )?;
        let from_provision = crate::domain::provision::write_off_from_provision(loss, available);
        if from_provision.is_positive() {
            postings.push(Posting::debit(
                crate::books::provisions::PROVISIONS,
                from_provision,
            ));
        }
        if (loss - from_provision).is_positive() {
            postings.push(Posting::debit(WRITE_OFF_EXPENSE, loss - from_provision));
        }
        if loan.in_overdue.is_positive() {
            postings.push(Posting::credit(MICROCREDIT_OVERDUE, loan.in_overdue).for_member(mm));
        }
        if (outstanding - loan.in_overdue).is_positive() {
            postings.push(
                Posting::credit(MICROCREDIT_CURRENT, outstanding - loan.in_overdue).for_member(mm),
            );
        }
        let approval: String = approval_given.trim().chars().take(APPROVAL_MAX).collect();
        let reason = super::squashed(reason_given, REASON_MAX);
        let description = if reason.is_empty() {
            format!("Castigo del préstamo {id}")
        } else {
            format!("Castigo del préstamo {id}: {reason}")
        };
        let draft = EntryDraft::new(date, &description, &approval, EntryKind::Loan, postings)?;
        let before = loan.clone();
        // The installments keep what was really paid of them: the principal
        // left is written off, not repaid (the status says so).
        loan.in_overdue = Money::ZERO;
        loan.status = LoanStatus::WrittenOff(date);
        loan.write_off_approval = approval;
        Ok(WriteOffPlan {
            loan_id: id,
            date,
            approval: approval_given.to_string(),
            reason: reason_given.to_string(),
            principal: outstanding,
            guarantee_used,
            from_provision,
            to_expense: loss - from_provision,
            draft,
            before,
            after: loan,
        })
    }

    /// Voids a disbursement that has no payments yet: posts the reversal of
    /// the disbursement entry on `date` (Dr cash or bank, Cr loan portfolio),
    /// releases the guarantee blocked for it, and leaves the loan voided
    /// ([`LoanStatus::Voided`]). Refused once the loan has a payment (one
    /// that was itself reversed does not count), a reclassification or a
    /// write-off; `date` is on or after the disbursement, not later than
    /// today, in an open month. Gives the reversal entry.
    pub fn void_disbursement(
        &mut self,
        id: u32,
        date: NaiveDate,
        reason: &str,
    ) -> Result<Entry, BookError> {
        let plan = self.void_plan(id, date, reason)?;
        Ok(self.commit_void(&plan)?.entry)
    }

    /// Works out the void of a disbursement without writing: checked, the
    /// reversal it will post, the guarantee it releases, the loan after it.
    pub fn void_plan(&self, id: u32, date: NaiveDate, reason: &str) -> Result<VoidPlan, BookError> {
        let reason = self.void_guard(date, reason)?;
        self.void_in(&self.store().read()?, id, date, reason)
    }

    /// Voids a planned disbursement, in one transaction with one entry; the
    /// plan is made again inside the transaction.
    pub fn commit_void(&mut self, plan: &VoidPlan) -> Result<VoidOutcome, BookError> {
        let (id, date) = (plan.loan_id, plan.date);
        let reason = self.void_guard(date, &plan.reason)?;
        let tx = self.store().write()?;
        let plan = self.void_in(&tx, id, date, reason)?;
        let entry = self.post_in(&tx, plan.draft)?;
        if let Some((acc, still)) = plan.release {
            self.release_in(&tx, acc, still, date, &format!("Préstamo {id} anulado"))?;
        }
        tx.put_loan(&plan.after)?;
        tx.commit()?;
        Ok(VoidOutcome {
            entry,
            released: plan.release.map(|r| r.1).unwrap_or_default(),
            loan: plan.after,
        })
    }

    /// The checks of a void before its plan; the reason as it is recorded.
    fn void_guard(&self, date: NaiveDate, reason: &str) -> Result<String, BookError> {
        self.check_writable()?;
        let reason = super::squashed(reason, REASON_MAX);
        if reason.is_empty() {
            return Err(LoanOpError::ReasonRequired.into());
        }
        self.not_future(date)?;
        self.check_date_open(date)?;
        Ok(reason)
    }

    /// The plan of a void as the book stands in `tx`.
    fn void_in(
        &self,
        tx: &impl StoreRead,
        id: u32,
        date: NaiveDate,
        reason: String,
    ) -> Result<VoidPlan, BookError> {
        let mut loan = active_loan_on(tx, id, date)?;
        let mut disbursement = None;
        for e in tx.loan_event_entries(id)? {
            let Some(bytes) = tx.loan_event_bytes(e)? else {
                continue;
            };
            match crate::store::decode::<LoanEvent>("loan_events", &bytes)? {
                LoanEvent::Disbursed { .. } => disbursement = Some(e),
                LoanEvent::Payment { .. } if tx.reversed_by(e)?.is_some() => {}
                _ => return Err(LoanOpError::NotVoidable.into()),
            }
        }
        let orig = match disbursement {
            Some(e) if tx.reversed_by(e)?.is_none() => {
                tx.entry(e)?.ok_or(BookError::EntryNotFound(e))?
            }
            _ => return Err(LoanOpError::WrongState.into()),
        };
        let text: String = format!("Anulación del desembolso del préstamo {id}: {reason}")
            .chars()
            .take(200)
            .collect();
        let draft = orig.reversal_draft(date, &text)?;
        let release = still_blocked(tx, &loan)?;
        loan.status = LoanStatus::Voided(date);
        loan.in_overdue = Money::ZERO;
        Ok(VoidPlan {
            loan_id: id,
            date,
            reason,
            draft,
            release,
            after: loan,
        })
    }

    /// The loan as its statement and schedule show it. A loan written off by
    /// an older ayni had every installment's principal marked paid; its
    /// installments are shown as they stood before the write-off, so what was
    /// written off never reads as repaid.
    pub fn loan_shown(&self, id: u32) -> Result<Loan, BookError> {
        let loan = self.loan(id)?;
        if !matches!(loan.status, LoanStatus::WrittenOff(_)) {
            return Ok(loan);
        }
        let mut shown = loan.clone();
        for (_, ev) in self.loan_events(id)? {
            match ev {
                LoanEvent::WrittenOffFrom {
                    principal, before, ..
                } if principal.is_positive() && loan.outstanding().is_zero() => {
                    shown.installments = before.installments;
                }
                LoanEvent::WrittenOff { principal, .. }
                    if principal.is_positive() && loan.outstanding().is_zero() =>
                {
                    let mut left = principal;
                    for st in shown.installments.iter_mut().rev() {
                        let back = left.min(st.principal_paid);
                        st.principal_paid -= back;
                        left -= back;
                    }
                }
                _ => {}
            }
        }
        Ok(shown)
    }

    /// The portfolio on `date`: each loan with its outstanding principal and arrears.
    pub fn loan_portfolio(&self, date: NaiveDate) -> Result<Vec<LoanRow>, BookError> {
        let tx = self.store().read()?;
        let past = date < self.today();
        let picks = scan_loans(&tx, date, past)?;
        let mut names: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(picks.len());
        for pick in picks {
            let (id, member, product, amount, status, loan) = match pick {
                Pick::Head(id, member, product, amount, status) => {
                    (id, member, product, amount, status, None)
                }
                Pick::Full(bytes) => {
                    let loan: Loan = crate::store::decode("loans", &bytes)?;
                    let loan = if past {
                        match loan_as_of(&tx, loan, date)? {
                            Some(l) => l,
                            None => continue,
                        }
                    } else {
                        loan
                    };
                    (
                        loan.id,
                        loan.member,
                        loan.product,
                        loan.amount,
                        loan.status.clone(),
                        Some(loan),
                    )
                }
            };
            let name = match names.get(&member) {
                Some(n) => n.clone(),
                None => {
                    let n = tx.member_name(member)?;
                    names.insert(member, n.clone());
                    n
                }
            };
            let active = loan.as_ref().filter(|l| l.status == LoanStatus::Active);
            let days = active.map_or(0, |l| l.days_past_due(date));
            out.push(LoanRow {
                loan: id,
                member,
                product,
                name,
                amount,
                outstanding: active.map_or(Money::ZERO, |l| l.outstanding()),
                overdue_principal: active.map_or(Money::ZERO, |l| l.overdue_principal(date)),
                days_past_due: days,
                bucket: aging_bucket(days).map(|b| crate::domain::loan::AGING_BUCKETS[b]),
                status: crate::domain::loan_status::loan_status_code(&status),
            });
        }
        Ok(out)
    }

    /// Aging buckets and PAR30 on `date`, from the active loans only (the
    /// others are skipped without decoding their schedules). For a past date,
    /// the loans as they stood then (see [`loan_as_of`]).
    pub fn loan_arrears(&self, date: NaiveDate) -> Result<LoanArrears, BookError> {
        let tx = self.store().read()?;
        let loans = if date < self.today() {
            let mut then = Vec::new();
            for pick in scan_loans(&tx, date, true)? {
                if let Pick::Full(bytes) = pick
                    && let Some(l) = loan_as_of(&tx, crate::store::decode("loans", &bytes)?, date)?
                    && l.status == LoanStatus::Active
                {
                    then.push(l);
                }
            }
            then
        } else {
            active_loans(&tx)?
        };
        let mut a = LoanArrears {
            date,
            outstanding: Money::ZERO,
            buckets: [Money::ZERO; 6],
            loans_in_bucket: [0; 6],
            active_loans: 0,
            loans_current: 0,
            at_risk_30: Money::ZERO,
            par30: Decimal::ZERO,
        };
        for loan in loans {
            let outstanding = loan.outstanding();
            let days = loan.days_past_due(date);
            a.outstanding += outstanding;
            a.active_loans += 1;
            if let Some(b) = aging_bucket(days) {
                a.buckets[b] += outstanding;
                a.loans_in_bucket[b] += 1;
            } else {
                a.loans_current += 1;
            }
            if days > 30 {
                a.at_risk_30 += outstanding;
            }
        }
        if a.outstanding.is_positive() {
            a.par30 = crate::domain::money::round_cents(
                a.at_risk_30.to_decimal() * Decimal::ONE_HUNDRED / a.outstanding.to_decimal(),
            );
        }
        Ok(a)
    }

    /// A loan's operations (entries) in order, for its statement.
    pub fn loan_events(&self, id: u32) -> Result<Vec<(Entry, LoanEvent)>, BookError> {
        let tx = self.store().read()?;
        let mut out = Vec::new();
        for e in tx.loan_event_entries(id)? {
            if let (Some(entry), Some(bytes)) = (tx.entry(e)?, tx.loan_event_bytes(e)?) {
                out.push((entry, crate::store::decode("loan_events", &bytes)?));
            }
        }
        Ok(out)
    }
}

/// A loan product as it may be stored: a name (cleaned), a French or German
/// method, rates between 0 and 100, a term of 1 to 360 months, a maximum
/// above zero, a guarantee of 0 to 100 %, and a late rate within the BCE rule.
fn checked_product(mut p: LoanProduct) -> Result<LoanProduct, BookError> {
    p.name = crate::domain::text::field(crate::domain::text::TextField::Name, &p.name)?;
    let bad_rate = |r: Decimal| r < Decimal::ZERO || r > Decimal::ONE_HUNDRED;
    if p.name.is_empty()
        || p.method == Method::Flat
        || bad_rate(p.rate)
        || p.late_rate.is_some_and(bad_rate)
        || !(1..=360).contains(&p.max_months)
        || !p.max_amount.is_positive()
        || p.guarantee_percent < Decimal::ZERO
        || p.guarantee_percent > Decimal::ONE_HUNDRED
    {
        return Err(LoanOpError::BadProduct.into());
    }
    if p.late_rate.is_some_and(|l| l > max_late_rate(p.rate)) {
        return Err(LoanOpError::LateRateAboveCap {
            allowed: max_late_rate(p.rate),
        }
        .into());
    }
    Ok(p)
}

/// The checks of an application: the product exists, the borrower is active,
/// the guarantor is another active member, an approval is given, the schedule
/// can be made, and the product's limits hold. Gives the product and the rate.
fn validate_application(
    tx: &impl StoreRead,
    a: &LoanApplication,
) -> Result<(LoanProduct, Decimal), BookError> {
    let product: LoanProduct = tx
        .loan_product(a.product)?
        .ok_or(LoanOpError::UnknownProduct(a.product))?;
    let borrower = tx
        .member(a.member)?
        .ok_or_else(|| BookError::UnknownMember(a.member.to_string()))?;
    if !borrower.status.is_active() {
        return Err(LoanOpError::InactiveBorrower.into());
    }
    if let Some(g) = a.guarantor {
        let ok = g != a.member && tx.member(g)?.is_some_and(|gm| gm.status.is_active());
        if !ok {
            return Err(LoanOpError::BadGuarantor.into());
        }
    }
    if a.approval.trim().is_empty() {
        return Err(LoanOpError::ApprovalRequired.into());
    }
    let rate = a.rate.unwrap_or(product.rate);
    // Validates amount, term and rate the same way the schedule will.
    schedule(product.method, a.amount, rate, a.months, a.date).map_err(LoanOpError::from)?;
    if a.amount > product.max_amount {
        return Err(LoanOpError::AboveMaxAmount(product.max_amount).into());
    }
    if a.months > product.max_months {
        return Err(LoanOpError::AboveMaxTerm(product.max_months).into());
    }
    if let Some(multiple) = product.max_savings_multiple {
        let savings: Money = tx
            .savings_of_member(a.member)?
            .iter()
            .map(|s| s.balance)
            .sum();
        if a.amount.to_decimal() > savings.to_decimal() * multiple {
            return Err(LoanOpError::AboveSavingsMultiple { multiple, savings }.into());
        }
    }
    Ok((product, rate))
}

/// A savings account's balance and blocked amount at the end of `date`: the
/// present figures less the movements dated later.
fn savings_on(
    tx: &impl StoreRead,
    a: &crate::domain::savings::SavingsAccount,
    date: NaiveDate,
) -> Result<(Money, Money), BookError> {
    let (mut balance, mut blocked) = (a.balance, a.blocked);
    for mv in tx.savings_moves(a.id)? {
        if mv.date > date {
            balance -= mv.amount;
            blocked -= mv.blocked_change;
        }
    }
    Ok((balance, blocked))
}

/// The leading fields of a stored [`Loan`], through its status, borrowed from
/// the stored bytes: enough to skip the loans that are no longer active
/// without decoding their schedules. Postcard writes fields in order, so this
/// must mirror the start of `Loan` (the tests below check it).
// The portfolio reads id, member, amount, the application day and the
// status; the other fields are read to get past them.
#[allow(dead_code)]
#[derive(Deserialize)]
struct LoanHead<'a> {
    id: u32,
    member: u32,
    product: u32,
    amount: Money,
    months: u32,
    rate: Decimal,
    late_rate: Decimal,
    method: crate::domain::loan::Method,
    purpose: &'a str,
    guarantor: Option<u32>,
    approval: &'a str,
    #[serde(with = "crate::domain::date::days")]
    applied_on: NaiveDate,
    status: LoanStatus,
}

/// The status of a stored loan, read from the start of its bytes.
fn stored_status(bytes: &[u8]) -> Result<LoanStatus, BookError> {
    postcard::take_from_bytes::<LoanHead>(bytes)
        .map(|(h, _)| h.status)
        .map_err(|e| {
            crate::store::StoreError::Decode {
                table: "loans",
                detail: e.to_string(),
            }
            .into()
        })
}

/// A loan of a report on `date`: read from the head of its bytes when it was
/// settled by then (paid off, written off) or is an application, else whole.
enum Pick {
    Head(u32, u32, u32, Money, LoanStatus),
    Full(Vec<u8>),
}

/// The loans of a report on `date` (for a `past` day, without those applied
/// for later), only the ones that may be open on it with their schedules.
fn scan_loans(tx: &impl FastReads, date: NaiveDate, past: bool) -> Result<Vec<Pick>, BookError> {
    let mut picks = Vec::new();
    let mut failed = None;
    tx.for_each_raw_loan(&mut |_, bytes| {
        let h = match postcard::take_from_bytes::<LoanHead>(bytes) {
            Ok((h, _)) => h,
            Err(e) => {
                failed = Some(crate::store::StoreError::Decode {
                    table: "loans",
                    detail: e.to_string(),
                });
                return Ok(false);
            }
        };
        if past && h.applied_on > date {
            return Ok(true);
        }
        let settled = match h.status {
            LoanStatus::PaidOff(d) | LoanStatus::WrittenOff(d) | LoanStatus::Voided(d) => {
                !past || d <= date
            }
            LoanStatus::Applied => true,
            LoanStatus::Active => false,
        };
        picks.push(if settled {
            Pick::Head(h.id, h.member, h.product, h.amount, h.status)
        } else {
            Pick::Full(bytes.to_vec())
        });
        Ok(true)
    })?;
    match failed {
        Some(e) => Err(e.into()),
        None => Ok(picks),
    }
}

/// A loan as it stood at the end of `date`, for reports of a past day: a
/// loan applied for later is absent (`None`); one disbursed later is still an
/// application; payments and a write-off dated after `date` are undone, since
/// each of their events keeps the loan as it was before it.
///
/// The loan's events are read from the last back while they are dated after
/// `date` (for a recent day that is one or two): the loan before the earliest
/// of them is the answer. Events are in the order they were posted, which is
/// the order of their dates except within the open month, where a payment may
/// be posted with an earlier date than one posted before it; the reading then
/// stops at that payment.
fn loan_as_of(tx: &impl StoreRead, loan: Loan, date: NaiveDate) -> Result<Option<Loan>, BookError> {
    if loan.applied_on > date {
        return Ok(None);
    }
    let mut loan = loan;
    match loan.status {
        LoanStatus::PaidOff(d) | LoanStatus::WrittenOff(d) | LoanStatus::Voided(d) if d <= date => {
            return Ok(Some(loan));
        }
        // Voided later: it was being repaid (no payment stands) on `date`.
        LoanStatus::Voided(_) => loan.status = LoanStatus::Active,
        _ => {}
    }
    if loan.disbursed_on.is_none_or(|d| d > date) {
        let mut applied = loan;
        applied.status = LoanStatus::Applied;
        return Ok(Some(applied));
    }
    let events = tx.loan_event_entries(loan.id)?;
    let mut earliest_after = None;
    for &e in events.iter().rev() {
        match tx.entry(e)? {
            Some(entry) if entry.date > date => earliest_after = Some(e),
            Some(_) => break,
            None => {}
        }
    }
    let Some(e) = earliest_after else {
        return Ok(Some(loan));
    };
    // The earliest event after `date` that changed the loan's state (a
    // disbursement or reclassification of the same day changes no schedule).
    for &e in events.iter().skip_while(|&&x| x != e) {
        let Some(bytes) = tx.loan_event_bytes(e)? else {
            continue;
        };
        match crate::store::decode::<LoanEvent>("loan_events", &bytes)? {
            LoanEvent::Payment { before, .. } | LoanEvent::WrittenOffFrom { before, .. } => {
                return Ok(Some(*before));
            }
            LoanEvent::WrittenOff { principal, .. } => {
                // An older book kept only the principal written off, and
                // marked it paid in the schedule: it is owed again from the
                // last installments back (payments settle the oldest first).
                let mut then = loan;
                if then.outstanding().is_zero() {
                    let mut left = principal;
                    for st in then.installments.iter_mut().rev() {
                        let back = left.min(st.principal_paid);
                        st.principal_paid -= back;
                        left -= back;
                    }
                }
                then.status = LoanStatus::Active;
                return Ok(Some(then));
            }
            LoanEvent::Disbursed { .. }
            | LoanEvent::Reclassified { .. }
            | LoanEvent::Opened { .. } => {}
        }
    }
    Ok(Some(loan))
}

/// The loans being repaid, decoded; the others are skipped by their status.
fn active_loans(tx: &impl FastReads) -> Result<Vec<Loan>, BookError> {
    let mut out = Vec::new();
    let mut failed = None;
    tx.for_each_raw_loan(&mut |_, bytes| {
        match stored_status(bytes) {
            Ok(LoanStatus::Active) => out.push(crate::store::decode("loans", bytes)?),
            Ok(_) => {}
            Err(e) => {
                failed = Some(e);
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The loans active at the end of `date`, as they stood then (see
/// [`loan_as_of`]); for `today` or later, the loans active now.
/// What of `loan`'s guarantee is still blocked in its savings account (no
/// more than the loan blocked, nor than the account holds blocked now), when
/// anything is.
fn still_blocked(tx: &impl StoreRead, loan: &Loan) -> Result<Option<(u32, Money)>, BookError> {
    let Some((acc, blocked)) = loan.guarantee else {
        return Ok(None);
    };
    let still = tx
        .savings_account(acc)?
        .map(|a| a.blocked)
        .unwrap_or_default()
        .min(blocked);
    Ok(still.is_positive().then_some((acc, still)))
}

pub(crate) fn active_loans_on(
    tx: &impl FastReads,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<Loan>, BookError> {
    if date >= today {
        return active_loans(tx);
    }
    let mut then = Vec::new();
    for pick in scan_loans(tx, date, true)? {
        if let Pick::Full(bytes) = pick
            && let Some(l) = loan_as_of(tx, crate::store::decode("loans", &bytes)?, date)?
            && l.status == LoanStatus::Active
        {
            then.push(l);
        }
    }
    Ok(then)
}

/// A disbursement worked out and not yet posted ([`Book::disbursement_plan`]).
#[derive(Clone, Debug)]
pub struct DisbursementPlan {
    pub loan_id: u32,
    pub date: NaiveDate,
    pub cash_account: String,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// The savings account blocked as the loan's guarantee, and how much.
    pub guarantee: Option<(u32, Money)>,
    /// The loan after it: active, with its schedule.
    pub after: Loan,
}

impl DisbursementPlan {
    /// Every posting the disbursement makes: its entry's, then the
    /// guarantee blocked from the borrower's savings (2101 to the restricted
    /// deposits, 2105), which is posted as a second entry in the same
    /// transaction. What the teaching panel shows before it is confirmed.
    pub fn postings(&self) -> Vec<Posting> {
        let mut all = self.draft.postings().to_vec();
        if let Some((_, amount)) = self.guarantee
            && amount.is_positive()
        {
            let member = self.after.member;
            all.push(Posting::debit(SAVINGS_DEPOSITS, amount).for_member(member));
            all.push(Posting::credit(RESTRICTED_DEPOSITS, amount).for_member(member));
        }
        all
    }
}

/// A write-off worked out and not yet posted ([`Book::write_off_plan`]).
#[derive(Clone, Debug)]
pub struct WriteOffPlan {
    pub loan_id: u32,
    pub date: NaiveDate,
    /// The approval and reason as given.
    pub approval: String,
    pub reason: String,
    /// The principal written off, and what takes it: the blocked guarantee,
    /// the provision (1499), the expense (4402).
    pub principal: Money,
    pub guarantee_used: Money,
    pub from_provision: Money,
    pub to_expense: Money,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// The loan before and after it.
    pub before: Loan,
    pub after: Loan,
}

/// What a write-off did ([`Book::commit_write_off`]).
#[derive(Clone, Debug)]
pub struct WriteOffOutcome {
    pub entry: Entry,
    pub principal: Money,
    pub guarantee_used: Money,
    pub from_provision: Money,
    pub to_expense: Money,
    pub loan: Loan,
}

/// The void of a disbursement worked out and not yet posted ([`Book::void_plan`]).
#[derive(Clone, Debug)]
pub struct VoidPlan {
    pub loan_id: u32,
    pub date: NaiveDate,
    /// The reason as it is recorded.
    pub reason: String,
    /// The reversal of the disbursement it will post.
    pub draft: EntryDraft,
    /// The guarantee it releases: the savings account and how much.
    pub release: Option<(u32, Money)>,
    /// The loan after it, voided.
    pub after: Loan,
}

/// What a void did ([`Book::commit_void`]).
#[derive(Clone, Debug)]
pub struct VoidOutcome {
    pub entry: Entry,
    pub released: Money,
    pub loan: Loan,
}

/// What a disbursement did ([`Book::record_disbursement`]).
#[derive(Clone, Debug)]
pub struct LoanDisbursement {
    pub entry: Entry,
    /// The loan with its schedule, disbursed.
    pub loan: Loan,
}

/// A repayment worked out and not yet posted ([`Book::loan_payment_plan`]).
#[derive(Clone, Debug)]
pub struct LoanPaymentPlan {
    pub loan_id: u32,
    pub amount: Money,
    pub date: NaiveDate,
    pub cash_account: String,
    pub how: Prepay,
    /// What goes to late interest, interest and principal (prepayment included).
    pub late: Money,
    pub interest: Money,
    pub principal: Money,
    /// Principal paid ahead of the schedule.
    pub prepaid: Money,
    /// The payment ends the loan.
    pub paid_off: bool,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// A payoff releases what is still blocked of the loan's guarantee:
    /// that savings account and the amount (a second entry, in the same
    /// transaction).
    pub release: Option<(u32, Money)>,
    /// The loan before and after the payment.
    pub before: Loan,
    pub after: Loan,
}

impl LoanPaymentPlan {
    /// Every posting the payment makes: its entry's, then the release of
    /// the guarantee a payoff frees (2105 back to 2101). What the teaching
    /// panel shows before it is confirmed.
    pub fn postings(&self) -> Vec<Posting> {
        let mut all = self.draft.postings().to_vec();
        if let Some((_, amount)) = self.release {
            let member = self.after.member;
            all.push(Posting::debit(RESTRICTED_DEPOSITS, amount).for_member(member));
            all.push(Posting::credit(SAVINGS_DEPOSITS, amount).for_member(member));
        }
        all
    }
}

/// The next installment still open after a payment, and what it owes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextInstallment {
    pub n: u32,
    pub due: NaiveDate,
    pub owed: Money,
}

/// What a posted repayment did ([`Book::commit_loan_payment`]).
#[derive(Clone, Debug)]
pub struct LoanPaymentOutcome {
    pub entry: Entry,
    pub late: Money,
    pub interest: Money,
    /// Principal paid, the prepayment included.
    pub principal: Money,
    pub prepaid: Money,
    pub paid_off: bool,
    /// The next installment still open (none when paid off).
    pub next: Option<NextInstallment>,
    /// The loan as it stands after the payment.
    pub loan: Loan,
}

/// Loan `id`, read in `tx` for an operation dated `date` (a payment, a
/// write-off): it must be active and `date` not before its disbursement.
fn active_loan_on(tx: &impl StoreRead, id: u32, date: NaiveDate) -> Result<Loan, BookError> {
    let loan: Loan = tx.loan(id)?.ok_or(LoanOpError::UnknownLoan(id))?;
    if loan.status != LoanStatus::Active {
        return Err(LoanOpError::WrongState.into());
    }
    if let Some(disbursed) = loan.disbursed_on.filter(|d| date < *d) {
        return Err(LoanOpError::BeforeDisbursement { disbursed }.into());
    }
    Ok(loan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::{Method, schedule};

    #[test]
    fn the_loan_head_reads_the_status_of_a_stored_loan() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let plan = schedule(
            Method::French,
            Money::from_cents(100_000),
            Decimal::from(18),
            6,
            d("2026-01-10"),
        )
        .expect("schedule");
        for status in [
            LoanStatus::Applied,
            LoanStatus::Active,
            LoanStatus::PaidOff(d("2026-05-02")),
            LoanStatus::WrittenOff(d("2026-06-30")),
        ] {
            let loan = Loan {
                id: 7,
                member: 3,
                product: 1,
                amount: Money::from_cents(100_000),
                months: 6,
                rate: Decimal::from(18),
                late_rate: Decimal::new(275, 1),
                method: Method::French,
                purpose: "Compra de semillas, ñ".into(),
                guarantor: Some(9),
                approval: "Acta 4".into(),
                applied_on: d("2026-01-08"),
                status: status.clone(),
                disbursed_on: Some(d("2026-01-10")),
                installments: plan
                    .installments
                    .iter()
                    .map(|i| InstallmentState {
                        accrued_to: i.due,
                        inst: i.clone(),
                        principal_paid: Money::ZERO,
                        interest_paid: Money::ZERO,
                        late_accrued: Money::ZERO,
                        late_paid: Money::ZERO,
                    })
                    .collect(),
                guarantee: Some((2, Money::from_cents(10_000))),
                in_overdue: Money::from_cents(5),
                write_off_approval: String::new(),
            };
            let bytes = crate::store::encode(&loan).expect("encode");
            assert_eq!(stored_status(&bytes).ok(), Some(status));
        }
    }
}
