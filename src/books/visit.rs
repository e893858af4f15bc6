//! The counter (ventanilla): one member's visit — the dues owed, the loan
//! installment due and a savings deposit — paid with one amount, posted in
//! one transaction under one receipt number; and its voiding.

use chrono::NaiveDate;

use super::dues::{ChargeLine, DuesPaymentPlan};
use super::loans::LoanPaymentPlan;
use super::savings::{FUND_ACCOUNT, SavingsMovePlan};
use super::{Book, BookError};
use crate::domain::loan::{Loan, LoanStatus, Prepay, payoff};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::visit::{
    Split, Visit, VisitAfter, VisitDues, VisitLoan, VisitSavings, VisitVoid,
};
use crate::i18n::{Lang, Msg};
use crate::store::StoreRead;
use crate::store::visits::VisitReads;

/// Why the counter refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    #[error("nothing to pay: every part of the split is zero")]
    Nothing,
    #[error("a part of the split is negative")]
    Negative,
    #[error("the member has no active loan to pay")]
    NoLoan,
    #[error("receipt {0} does not exist")]
    UnknownReceipt(u64),
    #[error("receipt {0} is already void")]
    AlreadyVoid(u64),
    #[error("voiding a receipt needs a reason")]
    ReasonRequired,
    #[error("entry {entry} belongs to receipt {receipt}; void the receipt at the counter")]
    PartOfReceipt { entry: u64, receipt: u64 },
}

impl VisitError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            VisitError::Nothing => Msg::ErrVisitNothing.t(lang).to_string(),
            VisitError::Negative => Msg::ErrVisitNegative.t(lang).to_string(),
            VisitError::NoLoan => Msg::ErrVisitNoLoan.t(lang).to_string(),
            VisitError::UnknownReceipt(n) => {
                Msg::ErrVisitUnknownReceipt.fill(lang, &[("n", &crate::domain::visit::number(*n))])
            }
            VisitError::AlreadyVoid(n) => {
                Msg::ErrVisitAlreadyVoid.fill(lang, &[("n", &crate::domain::visit::number(*n))])
            }
            VisitError::ReasonRequired => Msg::ErrVisitReasonRequired.t(lang).to_string(),
            VisitError::PartOfReceipt { entry, receipt } => Msg::ErrVisitPartOfReceipt.fill(
                lang,
                &[
                    ("entry", entry),
                    ("n", &crate::domain::visit::number(*receipt)),
                ],
            ),
        }
    }
}

/// The loan a visit pays: what is due on the visit's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanDue {
    pub loan: u32,
    /// Everything due on or before the date: late interest, interest, principal.
    pub due_now: Money,
    /// Of which late interest (mora), accrued to the date.
    pub late: Money,
    /// The first installment not yet due: its date and amount.
    pub next_due: Option<NaiveDate>,
    pub next_amount: Money,
    /// Principal still owed.
    pub balance: Money,
    /// What pays the loan off on the date.
    pub payoff: Money,
    /// The member's other active loans (paid from their own screen).
    pub others: usize,
}

/// What the counter shows for a member on a date.
#[derive(Clone, Debug)]
pub struct VisitFigures {
    pub member: Member,
    pub date: NaiveDate,
    /// Dues are counted through this month.
    pub through: Month,
    /// The charges owed, oldest first.
    pub owed: Vec<ChargeLine>,
    pub dues_owed: Money,
    pub loan: Option<LoanDue>,
    /// The member's savings (every account, blocked part included).
    pub savings: Money,
    /// What the member has contributed to the solidarity fund.
    pub fund: Money,
}

impl VisitFigures {
    /// The common case: what is owed today (dues and the installment due).
    pub fn suggested(&self) -> Money {
        self.dues_owed + self.loan.as_ref().map_or(Money::ZERO, |l| l.due_now)
    }

    /// The default split of `given`.
    pub fn split(&self, given: Money) -> Split {
        Split::default_for(
            given,
            self.dues_owed,
            self.loan.as_ref().map_or(Money::ZERO, |l| l.due_now),
        )
    }
}

/// A visit worked out, not yet posted.
#[derive(Clone, Debug)]
pub struct VisitPlan {
    pub member: u32,
    pub date: NaiveDate,
    pub cash_account: String,
    pub split: Split,
    /// The receipt's number.
    pub number: u64,
    pub dues: Option<DuesPaymentPlan>,
    pub loan: Option<LoanPaymentPlan>,
    pub savings: Option<SavingsMovePlan>,
    /// What the member owes and holds after it.
    pub after: VisitAfter,
    /// Every line the visit will post (its entries' lines together).
    pub postings: Vec<crate::domain::entry::Posting>,
}

impl VisitPlan {
    pub fn total(&self) -> Money {
        self.split.total()
    }
}

/// The loan a member's visit pays: the active loan with the oldest
/// installment due (the first active one when none is due), as of `date`.
fn loan_due(loans: Vec<Loan>, date: NaiveDate) -> Option<LoanDue> {
    let mut active: Vec<Loan> = loans
        .into_iter()
        .filter(|l| l.status == LoanStatus::Active && l.disbursed_on.is_some_and(|d| d <= date))
        .collect();
    for l in &mut active {
        l.accrue_late(date);
    }
    let oldest_due = |l: &Loan| {
        l.installments
            .iter()
            .find(|i| !i.is_settled())
            .map(|i| i.inst.due)
    };
    active.sort_by_key(|l| (oldest_due(l), l.id));
    let others = active.len().saturating_sub(1);
    let l = active.into_iter().next()?;
    let next = l
        .installments
        .iter()
        .find(|i| !i.is_settled() && i.inst.due > date);
    Some(LoanDue {
        loan: l.id,
        due_now: l.due_through(date),
        late: l
            .installments
            .iter()
            .filter(|i| i.inst.due <= date)
            .map(|i| i.late_due())
            .sum(),
        next_due: next.map(|i| i.inst.due),
        next_amount: next.map_or(Money::ZERO, |i| i.total_due()),
        balance: l.outstanding(),
        payoff: payoff(&l, date).0,
        others,
    })
}

impl Book {
    /// What member `member` owes and holds on `date`, for the counter.
    pub fn visit_figures(&self, member: u32, date: NaiveDate) -> Result<VisitFigures, BookError> {
        let m = self
            .member(member)?
            .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
        let through = self.current_month()?.max(Month::of(date));
        let owed = self.owed(member, through)?;
        let dues_owed = owed.iter().map(|c| c.due).sum();
        let loan = loan_due(self.member_loans(member)?, date);
        let savings = self
            .member_savings(member)?
            .iter()
            .map(|s| s.account.balance)
            .sum();
        let fund = self
            .member_balances(member)?
            .iter()
            .filter(|b| b.account == FUND_ACCOUNT)
            .map(|b| b.credit)
            .sum();
        Ok(VisitFigures {
            member: m,
            date,
            through,
            owed,
            dues_owed,
            loan,
            savings,
            fund,
        })
    }

    /// Works out a visit without writing: each part checked as its own
    /// operation would check it, the receipt's number, and what the member
    /// owes and holds after it.
    pub fn visit_plan(
        &self,
        member: u32,
        date: NaiveDate,
        cash_account: &str,
        split: Split,
    ) -> Result<VisitPlan, BookError> {
        if split.dues.is_negative() || split.loan.is_negative() || split.savings.is_negative() {
            return Err(VisitError::Negative.into());
        }
        if !split.total().is_positive() {
            return Err(VisitError::Nothing.into());
        }
        self.cash_guard(date, cash_account)?;
        let figures = self.visit_figures(member, date)?;
        let number: u64 = self.store().read()?.meta_get("next_receipt")?.unwrap_or(1);
        let dues = match split.dues.is_positive() {
            true => Some(self.dues_payment_plan(member, split.dues, date, cash_account, None)?),
            false => None,
        };
        let loan = match (split.loan.is_positive(), &figures.loan) {
            (false, _) => None,
            (true, None) => return Err(VisitError::NoLoan.into()),
            (true, Some(l)) => Some(self.loan_payment_plan(
                l.loan,
                split.loan,
                date,
                cash_account,
                Prepay::ShortenTerm,
            )?),
        };
        let savings = match split.savings.is_positive() {
            true => Some(self.deposit_plan(member, None, split.savings, date, cash_account)?),
            false => None,
        };
        let dues_after = match &dues {
            Some(d) => d.still_owed,
            None => figures.dues_owed,
        };
        let (loan_balance, next_due, next_amount) = match (&loan, &figures.loan) {
            (Some(p), _) => {
                let next = p.after.installments.iter().find(|i| !i.is_settled());
                let balance = if p.paid_off {
                    Money::ZERO
                } else {
                    p.after.outstanding()
                };
                (
                    Some(balance),
                    next.filter(|_| !p.paid_off).map(|i| i.inst.due),
                    next.filter(|_| !p.paid_off)
                        .map_or(Money::ZERO, |i| i.total_due()),
                )
            }
            (None, Some(l)) => (
                Some(l.balance),
                l.next_due,
                if l.due_now.is_positive() {
                    l.due_now
                } else {
                    l.next_amount
                },
            ),
            (None, None) => (None, None, Money::ZERO),
        };
        let after = VisitAfter {
            dues_owed: dues_after,
            loan_balance,
            next_due,
            next_amount,
            savings: figures.savings + split.savings,
        };
        let mut postings = Vec::new();
        for d in [
            dues.as_ref().map(|p| &p.draft),
            loan.as_ref().map(|p| &p.draft),
            savings.as_ref().map(|p| &p.draft),
        ]
        .into_iter()
        .flatten()
        {
            postings.extend(d.postings().iter().cloned());
        }
        Ok(VisitPlan {
            member,
            date,
            cash_account: cash_account.to_string(),
            split,
            number,
            dues,
            loan,
            savings,
            after,
            postings,
        })
    }

    /// Posts a planned visit: each part made again and posted in ONE write
    /// transaction (the dues payment, the loan payment, the deposit: one
    /// entry each), and the visit recorded under one receipt number. Nothing
    /// is written when any part is refused.
    pub fn commit_visit(&mut self, plan: &VisitPlan) -> Result<Visit, BookError> {
        self.cash_guard(plan.date, &plan.cash_account)?;
        let tx = self.store().write()?;
        let done = self.visit_in(&tx, plan).and_then(|v| {
            tx.commit()?;
            Ok(v)
        });
        if done.is_err() {
            // The advance accounts a refused dues part put in the cached chart.
            self.chart = self.store().read()?.accounts()?;
        }
        done
    }

    fn visit_in(
        &mut self,
        tx: &crate::store::WriteTx,
        plan: &VisitPlan,
    ) -> Result<Visit, BookError> {
        let (date, cash) = (plan.date, plan.cash_account.as_str());
        let number: u64 = tx.meta_get("next_receipt")?.unwrap_or(1);
        let through = self.current_month()?.max(Month::of(date));
        let dues = match &plan.dues {
            Some(d) => {
                let r =
                    self.pay_dues_in(tx, plan.member, d.payment.total, date, cash, None, through)?;
                Some(VisitDues {
                    entry: r.entry,
                    amount: r.total,
                })
            }
            None => {
                // No dues receipt takes the number: the visit does.
                tx.meta_put("next_receipt", &(number + 1))?;
                None
            }
        };
        let loan = match &plan.loan {
            Some(p) => {
                let o = self.commit_loan_payment_in(tx, p)?;
                Some(VisitLoan {
                    loan: p.loan_id,
                    entry: o.entry.id,
                    amount: p.amount,
                    late: o.late,
                    interest: o.interest,
                    principal: o.principal,
                    prepaid: o.prepaid,
                    paid_off: o.paid_off,
                })
            }
            None => None,
        };
        let savings = match &plan.savings {
            Some(p) => {
                let o = self.commit_savings_move_in(tx, p)?;
                Some(VisitSavings {
                    account: o.account.account.id,
                    entry: o.entry.id,
                    amount: p.amount,
                })
            }
            None => None,
        };
        let visit = Visit {
            number,
            member: plan.member,
            date,
            cash_account: cash.to_string(),
            total: plan.split.total(),
            dues,
            loan,
            savings,
            after: plan.after.clone(),
            voided: None,
        };
        tx.put_visit(&visit)?;
        Ok(visit)
    }

    /// Visit `number` (`None`: no visit has that receipt number).
    pub fn visit(&self, number: u64) -> Result<Option<Visit>, BookError> {
        Ok(self.store().read()?.visit(number)?)
    }

    /// The visit (its receipt number) entry `entry` belongs to.
    pub fn visit_of_entry(&self, entry: u64) -> Result<Option<u64>, BookError> {
        Ok(self.store().read()?.visit_of_entry(entry)?)
    }

    /// The visits of one day, oldest first.
    pub fn visits_of_day(&self, day: NaiveDate) -> Result<Vec<Visit>, BookError> {
        let tx = self.store().read()?;
        let mut out = Vec::new();
        let mut older = 0;
        tx.visits_rev(&mut |v| {
            if v.date == day {
                out.push(v);
                older = 0;
            } else if v.date < day {
                // Numbered in time; a few back-dated ones may interleave.
                older += 1;
            }
            older < 50
        })?;
        out.reverse();
        Ok(out)
    }

    /// Voids receipt `number`, dated today, for `reason`: every entry it
    /// posted reversed (the deposit, the loan payment, the dues, in that
    /// order) in one transaction. A dues receipt that is no visit's is
    /// voided the same way.
    pub fn void_receipt(&mut self, number: u64, reason: &str) -> Result<Vec<u64>, BookError> {
        self.check_writable()?;
        let reason = super::squashed(reason, 200);
        let reason = crate::domain::text::field(crate::domain::text::TextField::Reason, &reason)?;
        if reason.is_empty() {
            return Err(VisitError::ReasonRequired.into());
        }
        let date = self.today();
        self.check_date_open(date)?;
        let tx = self.store().write()?;
        let visit = tx.visit(number)?;
        let entries = match (&visit, tx.receipt(number)?) {
            (Some(v), _) if v.voided.is_some() => {
                return Err(VisitError::AlreadyVoid(number).into());
            }
            (Some(v), _) => v.entries(),
            (None, Some(r)) if r.reversed_by.is_some() => {
                return Err(VisitError::AlreadyVoid(number).into());
            }
            (None, Some(r)) => vec![r.entry],
            (None, None) => return Err(VisitError::UnknownReceipt(number).into()),
        };
        // Entries are described in Spanish, as every entry the book posts.
        let text: String = format!(
            "Anulación del recibo {}: {reason}",
            crate::domain::visit::number(number)
        )
        .chars()
        .take(200)
        .collect();
        let mut reversals = Vec::new();
        for id in entries.iter().rev() {
            let orig = tx.entry(*id)?.ok_or(BookError::EntryNotFound(*id))?;
            let draft = self.reversal_of(&tx, &orig, date, &text)?;
            let entry = self.post_in(&tx, draft)?;
            self.undo_receipt_in(&tx, orig.id, entry.id)?;
            self.undo_savings_in(&tx, &orig, &entry)?;
            self.undo_loan_in(&tx, &orig)?;
            reversals.push(entry.id);
        }
        if let Some(mut v) = visit {
            v.voided = Some(VisitVoid {
                date,
                reason,
                entries: reversals.clone(),
            });
            tx.put_visit(&v)?;
        }
        tx.commit()?;
        Ok(reversals)
    }
}
