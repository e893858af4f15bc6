//! The month's close: checks, the month's charges, savings interest and
//! reclassifications, the loan-loss provision, at the fiscal year's end the
//! previous year's result to accumulated results and the year-end closing
//! entry, then the lock.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Book, BookError};
use crate::books::provisions::ProvisionFigures;
use crate::domain::account::codes::{
    ACCUMULATED_LOSSES, ACCUMULATED_SURPLUS, CASH, YEAR_LOSS, YEAR_SURPLUS,
};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting, Side};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::store::charges::FastReads;
use crate::store::{ClosedMonth, StoreRead, WriteTx};

/// Income from a cash surplus (sobrante de caja) and the expense of a shortfall.
pub const CASH_SURPLUS: &str = "5690";
pub const CASH_SHORTFALL: &str = "4790";

/// Choices for a month's close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloseOptions {
    /// The cash counted at the month's end (arqueo); must match the book.
    pub cash_count: Option<Money>,
    /// Overdue principal more than this many days late moves to 1452.
    pub overdue_days: i64,
    /// Take an automatic backup before closing (the demo generator skips it).
    pub backup: bool,
    /// The explanation of a difference between the cash count and the book:
    /// when given, the difference is recorded as a surplus or shortfall in
    /// the close's own transaction, dated the month's last day, instead of
    /// refusing the close (used by [`Book::close_month_with`]).
    pub cash_explanation: Option<String>,
}

impl Default for CloseOptions {
    fn default() -> Self {
        CloseOptions {
            cash_count: None,
            overdue_days: 30,
            backup: true,
            cash_explanation: None,
        }
    }
}

/// Why a close is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    #[error(
        "the cash count ({counted}) differs from the book ({book}); explain the difference first"
    )]
    CashDifference { book: Money, counted: Money },
    #[error("the month has not ended yet")]
    NotEnded(Month),
    #[error("the books do not balance: {0}")]
    Unbalanced(String),
}

impl CloseError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CloseError::CashDifference { book, counted }, _) => Msg::ErrCloseCashDifference.fill(
                lang,
                &[
                    ("counted", &counted.localized(lang)),
                    ("book", &book.localized(lang)),
                    ("difference", &(*counted - *book).localized(lang)),
                ],
            ),
            (CloseError::NotEnded(m), _) => {
                Msg::ErrCloseNotEnded.fill(lang, &[("m", &m.name(lang))])
            }
            (CloseError::Unbalanced(d), _) => Msg::ErrCloseUnbalanced.fill(lang, &[("d", &d)]),
        }
    }
}

/// What a close did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CloseSummary {
    pub month: Month,
    pub closed: ClosedMonth,
    pub charges_generated: usize,
    /// The entry moving what was collected in advance for the month's
    /// charges from 299010 to their accounts, if any.
    pub advances_entry: Option<u64>,
    pub interest_entry: Option<u64>,
    pub reclassification_entry: Option<u64>,
    /// The adjustment of the loan-loss provision (1499), if anything changed.
    pub provision_entry: Option<u64>,
    /// The provision required at the month's end, what 1499 held, the change.
    pub provision: ProvisionFigures,
    /// At the fiscal year's end: the previous year's result moved from
    /// 3603/3604 to 3601/3602, if anything was left there.
    pub results_transfer_entry: Option<u64>,
    pub year_end_entry: Option<u64>,
    pub cash: Money,
    pub bank: Money,
    pub entries_in_month: usize,
    /// The entry recording an explained cash count difference, if any.
    pub cash_adjustment_entry: Option<u64>,
    /// The copy of the book taken before the close, if one was taken.
    pub backup: Option<std::path::PathBuf>,
}

/// One of the entries a close posts, in the order it posts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CloseStep {
    CashAdjustment,
    Advances,
    Interest,
    Reclassification,
    Provision,
    ResultsTransfer,
    YearEnd,
}

/// A month's close worked out: what [`Book::plan_close`] says it will do
/// (in a read transaction: nothing is written), or, in a [`CloseOutcome`],
/// what [`Book::commit_close`] did. Everything the close's review shows.
#[derive(Clone, Debug)]
pub struct ClosePlan {
    pub month: Month,
    pub options: CloseOptions,
    /// Cash in the book at the month's end, before any adjustment.
    pub cash_before: Money,
    /// The entry recording an explained cash count difference.
    pub adjustment: Option<Entry>,
    /// Dues and contributions charges generated, and their total.
    pub charges_generated: usize,
    pub charges_amount: Money,
    /// What was collected in advance for the month's charges, applied to them.
    pub advances: Option<Entry>,
    /// The savings interest entry.
    pub interest: Option<Entry>,
    /// The reclassification of overdue loans.
    pub reclassification: Option<Entry>,
    /// The adjustment of the loan-loss provision, and its figures.
    pub provision_entry: Option<Entry>,
    pub provision: ProvisionFigures,
    /// Whether the month ends the fiscal year.
    pub fiscal_year_end: bool,
    /// The previous year's result to accumulated results (the fiscal year's
    /// last month only).
    pub results_transfer: Option<Entry>,
    /// The year-end closing entry (the fiscal year's last month only).
    pub year_end: Option<Entry>,
    /// The fiscal year's result through the month's end with the close's
    /// entries (income less expenses: a surplus is positive); at the year's
    /// end, what the year-end entry moves to 3603 or 3604.
    pub result: Money,
    /// Cash and banks at the month's end after the close.
    pub cash: Money,
    pub bank: Money,
    /// Entries dated in the month, the close's included.
    pub entries_in_month: usize,
    /// The lock: the month and the last entry it covers.
    pub closed: ClosedMonth,
    /// `ayni check` on the book as it stands (made by [`Book::plan_close`];
    /// a month is not closed over a book that is not whole).
    pub check: Option<crate::books::check::CheckReport>,
}

impl ClosePlan {
    /// The entries the close posts, in order, each with its step.
    pub fn entries(&self) -> Vec<(CloseStep, &Entry)> {
        [
            (CloseStep::CashAdjustment, &self.adjustment),
            (CloseStep::Advances, &self.advances),
            (CloseStep::Interest, &self.interest),
            (CloseStep::Reclassification, &self.reclassification),
            (CloseStep::Provision, &self.provision_entry),
            (CloseStep::ResultsTransfer, &self.results_transfer),
            (CloseStep::YearEnd, &self.year_end),
        ]
        .into_iter()
        .filter_map(|(k, e)| e.as_ref().map(|e| (k, e)))
        .collect()
    }
}

/// What [`Book::commit_close`] did: the close as posted (entry numbers are
/// the real ones) and the copy of the book taken before it.
#[derive(Clone, Debug)]
pub struct CloseOutcome {
    pub close: ClosePlan,
    pub backup: Option<std::path::PathBuf>,
}

/// The entries a close plan has sealed so far, not written.
struct Planned {
    next_id: u64,
    head: [u8; 32],
    entries: Vec<Entry>,
}

impl Planned {
    /// Posts `draft` in `write`, or, without it, seals it as the next entry.
    fn post(
        &mut self,
        book: &Book,
        tx: &impl FastReads,
        write: Option<&WriteTx>,
        draft: EntryDraft,
    ) -> Result<Entry, BookError> {
        let e = match write {
            Some(w) => book.post_in(w, draft)?,
            None => {
                let e = book.seal_planned(tx, draft, self.next_id, self.head)?;
                self.entries.push(e.clone());
                e
            }
        };
        self.next_id = e.id + 1;
        self.head = e.hash;
        Ok(e)
    }

    /// [`Planned::post`] without writing, of a draft there may not be.
    fn post_some(
        &mut self,
        book: &Book,
        tx: &impl FastReads,
        draft: Option<EntryDraft>,
    ) -> Result<Option<Entry>, BookError> {
        draft.map(|d| self.post(book, tx, None, d)).transpose()
    }

    /// The totals through `month` in `tx` with the entries sealed so far.
    fn totals(
        &self,
        tx: &impl StoreRead,
        month: Month,
    ) -> Result<std::collections::BTreeMap<String, (i64, i64)>, BookError> {
        let mut t = tx.totals_through(month)?;
        self.add_to(&mut t, month);
        Ok(t)
    }

    /// What the entries so far do to `totals` (debit and credit cents per
    /// account, through `month`).
    fn add_to(&self, totals: &mut std::collections::BTreeMap<String, (i64, i64)>, month: Month) {
        for e in self.entries.iter().filter(|e| Month::of(e.date) <= month) {
            for p in &e.postings {
                let t = totals.entry(p.account.clone()).or_default();
                match p.side {
                    Side::Debit => t.0 += p.amount.cents(),
                    Side::Credit => t.1 += p.amount.cents(),
                }
            }
        }
    }
}

/// The lines recording a cash count that differs from the book by `diff`
/// (counted less book): a surplus to income (5690), a shortfall to expense
/// (4790).
fn cash_difference_lines(diff: Money) -> Vec<Posting> {
    if diff.is_positive() {
        vec![
            Posting::debit(CASH, diff),
            Posting::credit(CASH_SURPLUS, diff),
        ]
    } else {
        vec![
            Posting::debit(CASH_SHORTFALL, -diff),
            Posting::credit(CASH, -diff),
        ]
    }
}

/// The change `entries` make to the debit balance of `code` and the
/// accounts under it, through `month`.
fn change_under(entries: &[&Entry], code: &str, month: Month) -> Money {
    entries
        .iter()
        .filter(|e| Month::of(e.date) <= month)
        .flat_map(|e| e.postings.iter())
        .filter(|p| p.account.starts_with(code))
        .map(|p| match p.side {
            Side::Debit => p.amount,
            Side::Credit => -p.amount,
        })
        .sum()
}

impl Book {
    /// The month a close must take next: the one after the last closed month;
    /// in a book never closed, the month of its oldest entry (None when the
    /// book has no entries, and then any ended month may be closed first).
    pub fn next_month_to_close(&self) -> Result<Option<Month>, BookError> {
        if let Some(c) = self.closed_through()? {
            return Ok(Some(c.next()));
        }
        let tx = self.store().read()?;
        let n = tx.count_by_date(i32::MIN, i32::MAX)?;
        if n == 0 {
            return Ok(None);
        }
        // Entry numbers by date come newest first: the last is the oldest.
        let oldest = tx.entry_ids_by_date(i32::MIN, i32::MAX, n - 1, 1)?;
        let Some(id) = oldest.first() else {
            return Ok(None);
        };
        Ok(tx.entry(*id)?.map(|e| Month::of(e.date)))
    }

    /// The one answer to "which month does the next close take": the month
    /// after the last closed one; in a book never closed, the month of its
    /// oldest entry; in a book with no entries, the month before today's (the
    /// last one that has ended). Both front ends ask this.
    pub fn month_to_close(&self) -> Result<Month, BookError> {
        Ok(self
            .next_month_to_close()?
            .unwrap_or_else(|| Month::of(self.today()).prev()))
    }

    /// The checks of order and time a close makes before anything else: the
    /// month is not closed yet, it follows the last closed month, and it has
    /// ended. Writes nothing. (A book never closed may close any ended month
    /// first here; `ayni close` also asks for [`Book::next_month_to_close`].)
    pub fn check_can_close(&self, month: Month) -> Result<(), BookError> {
        if let Some(c) = self.closed_through()? {
            if month <= c {
                return Err(BookError::ClosedMonth(month));
            }
            if month != c.next() {
                return Err(BookError::CloseOrder(c.next()));
            }
        }
        if month > Month::of(self.today()) {
            return Err(BookError::FutureMonth(month));
        }
        if month == Month::of(self.today()) && self.today() < month.last_day() {
            return Err(CloseError::NotEnded(month).into());
        }
        Ok(())
    }

    /// Records a cash count difference as an adjustment (surplus income or shortfall expense).
    pub fn adjust_cash(
        &mut self,
        date: NaiveDate,
        counted: Money,
        explanation: &str,
    ) -> Result<Option<crate::domain::entry::Entry>, BookError> {
        let book = self.balance_of(CASH, Month::of(date))?;
        let diff = counted - book;
        if diff.is_zero() {
            return Ok(None);
        }
        let text = if explanation.trim().is_empty() {
            "Diferencia de arqueo de caja"
        } else {
            explanation
        };
        let lines = cash_difference_lines(diff);
        Ok(Some(self.post(EntryDraft::new(
            date,
            text,
            "",
            EntryKind::CashAdjustment,
            lines,
        )?)?))
    }

    /// Closes a month, in one transaction: checks (order, the month has ended,
    /// the cash count when given), generates the month's charges, posts the
    /// savings interest, reclassifies overdue loans, closes the fiscal year when
    /// it ends, and locks the month. A closed month is never reopened.
    pub fn close_month_with(
        &mut self,
        month: Month,
        opts: &CloseOptions,
    ) -> Result<CloseSummary, BookError> {
        self.close_month_explained(month, opts, opts.cash_explanation.as_deref())
    }

    /// Like [`Book::close_month_with`], but a cash count that differs from the
    /// book is accepted when `explanation` says why: the surplus or shortfall
    /// is posted (as [`Book::adjust_cash`] does, on the month's last day) in
    /// the same transaction as the close, so either both happen or neither.
    pub fn close_month_explained(
        &mut self,
        month: Month,
        opts: &CloseOptions,
        explanation: Option<&str>,
    ) -> Result<CloseSummary, BookError> {
        let opts = CloseOptions {
            cash_explanation: explanation.map(str::to_string),
            ..opts.clone()
        };
        let done = self.close_committed(month, &opts)?;
        let p = &done.close;
        Ok(CloseSummary {
            month,
            closed: p.closed.clone(),
            charges_generated: p.charges_generated,
            advances_entry: p.advances.as_ref().map(|e| e.id),
            interest_entry: p.interest.as_ref().map(|e| e.id),
            reclassification_entry: p.reclassification.as_ref().map(|e| e.id),
            provision_entry: p.provision_entry.as_ref().map(|e| e.id),
            provision: p.provision,
            results_transfer_entry: p.results_transfer.as_ref().map(|e| e.id),
            year_end_entry: p.year_end.as_ref().map(|e| e.id),
            cash: self.balance_of(CASH, month)?,
            bank: self.balance_of(crate::domain::account::codes::BANKS, month)?,
            entries_in_month: p.entries_in_month,
            cash_adjustment_entry: p.adjustment.as_ref().map(|e| e.id),
            backup: done.backup,
        })
    }

    /// What closing `month` will do, worked out in a read transaction
    /// (nothing is written, and a read-only book can be asked): the same
    /// checks as the close, its entries with the numbers they will take, the
    /// provision, the year's result, the balances after, and `ayni check` on
    /// the book. The explanation of a cash difference is
    /// `opts.cash_explanation`. Refused for the same reasons as the close.
    pub fn plan_close(&self, month: Month, opts: &CloseOptions) -> Result<ClosePlan, BookError> {
        let explanation = opts.cash_explanation.as_deref();
        self.close_checks(month, opts, explanation)?;
        let tx = self.store().read()?;
        let mut plan = self.close_work(&tx, None, month, opts)?;
        plan.check = Some(self.check()?);
        Ok(plan)
    }

    /// Closes the month `plan` was made for, with its options: the plan is
    /// made again inside the close's one write transaction (so what is
    /// posted is what the book holds then), after the backup.
    pub fn commit_close(&mut self, plan: &ClosePlan) -> Result<CloseOutcome, BookError> {
        self.close_committed(plan.month, &plan.options)
    }

    fn close_committed(
        &mut self,
        month: Month,
        opts: &CloseOptions,
    ) -> Result<CloseOutcome, BookError> {
        self.check_writable()?;
        self.close_checks(month, opts, opts.cash_explanation.as_deref())?;
        // A copy of the book as it was before the close.
        let backup = if opts.backup {
            Some(self.auto_backup("antes-del-cierre")?)
        } else {
            None
        };
        let tx = self.store().write()?;
        let close = self.close_work(&tx, Some(&tx), month, opts)?;
        tx.commit()?;
        Ok(CloseOutcome { close, backup })
    }

    /// What closing `month` would post, without changing anything: the
    /// close's plan ([`Book::plan_close`]) without the book check, for a
    /// front end that has shown the checks already (the close wizard's
    /// first step). Refused for the same reasons as the close; its
    /// [`ClosePlan::options`] carry `explanation`, so the plan commits as is.
    pub fn close_preview(
        &self,
        month: Month,
        opts: &CloseOptions,
        explanation: Option<&str>,
    ) -> Result<ClosePlan, BookError> {
        self.check_writable()?;
        self.close_checks(month, opts, explanation)?;
        let opts = CloseOptions {
            cash_explanation: explanation.map(str::to_string),
            ..opts.clone()
        };
        self.close_work(&self.store().read()?, None, month, &opts)
    }

    /// The checks before a close: order, the month has ended, the cash count
    /// (a difference needs an explanation), the books balance.
    fn close_checks(
        &self,
        month: Month,
        opts: &CloseOptions,
        explanation: Option<&str>,
    ) -> Result<(), BookError> {
        self.check_can_close(month)?;
        if let Some(e) = explanation {
            crate::domain::text::field(crate::domain::text::TextField::Explanation, e)?;
        }
        let cash = self.balance_of(CASH, month)?;
        let explained = explanation.is_some_and(|e| !e.trim().is_empty());
        if let Some(counted) = opts.cash_count
            && counted != cash
            && !explained
        {
            return Err(CloseError::CashDifference {
                book: cash,
                counted,
            }
            .into());
        }
        let tb = self.trial_balance(month)?;
        if tb.total_debit != tb.total_credit {
            return Err(CloseError::Unbalanced(format!(
                "{} ≠ {}",
                tb.total_debit, tb.total_credit
            ))
            .into());
        }
        Ok(())
    }

    /// The close's work (checked by [`Book::close_checks`]), step by step as
    /// `tx` stands: with `write` (the same transaction) each step is posted
    /// before the next is worked out; without it nothing is written and each
    /// entry is sealed with the number it will take, the later steps seeing
    /// the earlier ones' postings where they read balances.
    fn close_work<T: FastReads>(
        &self,
        tx: &T,
        write: Option<&WriteTx>,
        month: Month,
        opts: &CloseOptions,
    ) -> Result<ClosePlan, BookError> {
        let explanation = opts.cash_explanation.as_deref();
        let mut planned = Planned {
            next_id: tx.meta_get::<u64>("next_entry_id")?.unwrap_or(1),
            head: tx.meta_get("chain_head")?.unwrap_or([0; 32]),
            entries: Vec::new(),
        };
        let cash_before = self.balance_of(CASH, month)?;
        let bank_before = self.balance_of(crate::domain::account::codes::BANKS, month)?;
        let adjustment = match (opts.cash_count, explanation) {
            (Some(counted), Some(text)) if counted != cash_before && !text.trim().is_empty() => {
                let diff = counted - cash_before;
                let lines = cash_difference_lines(diff);
                let draft = EntryDraft::new(
                    month.last_day(),
                    text.trim(),
                    "",
                    EntryKind::CashAdjustment,
                    lines,
                )?;
                Some(planned.post(self, tx, write, draft)?)
            }
            _ => None,
        };
        let (mut charges_generated, charges_amount) = Self::charges_plan(tx, month)?;
        let interest_posted = tx.savings_interest_entry(month.key())?.is_some();
        let (advances, interest, reclassification, provision_entry, provision) = match write {
            Some(w) => {
                charges_generated = self.generate_in(w, month)?;
                let advances = self.apply_advances_in(w, month)?;
                let interest = match interest_posted {
                    true => None,
                    false => self.post_interest_in(w, month)?,
                };
                let reclassification = self.reclassify_in(w, month, opts.overdue_days)?;
                // Before the year end, so that the provision expense is in the year's result.
                let (provision_entry, provision) = self.provision_in(w, month)?;
                for e in [&advances, &interest, &reclassification, &provision_entry]
                    .into_iter()
                    .flatten()
                {
                    planned.next_id = e.id + 1;
                }
                (
                    advances,
                    interest,
                    reclassification,
                    provision_entry,
                    provision,
                )
            }
            None => {
                let advances = self.advances_plan(tx, month)?.map(|p| p.0);
                let advances = planned.post_some(self, tx, advances)?;
                let interest = match interest_posted {
                    true => None,
                    false => self.interest_plan(tx, month)?.map(|p| p.0),
                };
                let interest = planned.post_some(self, tx, interest)?;
                let reclassification =
                    Self::reclassify_plan(tx, month, opts.overdue_days)?.map(|p| p.0);
                let reclassification = planned.post_some(self, tx, reclassification)?;
                let (draft, provision, _) = self.provision_plan(tx, month)?;
                let provision_entry = planned.post_some(self, tx, draft)?;
                (
                    advances,
                    interest,
                    reclassification,
                    provision_entry,
                    provision,
                )
            }
        };
        let fiscal_end = tx.settings()?.fiscal_year_start.clamp(1, 12);
        let year_end_month = if fiscal_end == 1 { 12 } else { fiscal_end - 1 };
        let fiscal_year_end = month.month() == year_end_month;
        let result = Money::from_cents(self.year_result(&planned.totals(tx, month)?));
        let (results_transfer, year_end) = if fiscal_year_end {
            let draft = Self::results_transfer_draft(&planned.totals(tx, month)?, month)?;
            let transfer = match draft {
                Some(d) => Some(planned.post(self, tx, write, d)?),
                None => None,
            };
            let draft = self.year_end_draft(&planned.totals(tx, month)?, month)?;
            let year_end = match draft {
                Some(d) => Some(planned.post(self, tx, write, d)?),
                None => None,
            };
            (transfer, year_end)
        } else {
            (None, None)
        };
        let closed = ClosedMonth {
            month,
            closed_at: self.now_ts(),
            last_entry: planned.next_id - 1,
        };
        if let Some(w) = write {
            w.put_closed_month(&closed)?;
            w.meta_put("closed_through", &month.key())?;
        }
        let entries_in_month = {
            use chrono::Datelike;
            tx.count_by_date(
                month.first_day().num_days_from_ce(),
                month.last_day().num_days_from_ce(),
            )? + planned
                .entries
                .iter()
                .filter(|e| month.contains(e.date))
                .count()
        };
        let mut plan = ClosePlan {
            month,
            options: opts.clone(),
            cash_before,
            adjustment,
            charges_generated,
            charges_amount,
            advances,
            interest,
            reclassification,
            provision_entry,
            provision,
            fiscal_year_end,
            results_transfer,
            year_end,
            result,
            cash: cash_before,
            bank: bank_before,
            entries_in_month,
            closed,
            check: None,
        };
        let posted: Vec<&Entry> = plan.entries().into_iter().map(|(_, e)| e).collect();
        let cash = cash_before + change_under(&posted, CASH, month);
        let bank = bank_before + change_under(&posted, crate::domain::account::codes::BANKS, month);
        (plan.cash, plan.bank) = (cash, bank);
        Ok(plan)
    }

    /// The fiscal year's result in `totals` (cumulative debits and credits
    /// through a month): income (5) less expenses (4), a surplus positive.
    fn year_result(&self, totals: &std::collections::BTreeMap<String, (i64, i64)>) -> i64 {
        totals
            .iter()
            .filter(|(code, _)| {
                (code.starts_with('4') || code.starts_with('5')) && self.is_postable(code)
            })
            .map(|(_, (d, c))| c - d)
            .sum()
    }

    /// At the fiscal year's end, before the year's closing entry: what
    /// 3603 (surplus for the year) and 3604 (loss for the year) still hold
    /// from earlier years (the assembly may already have applied it) moves to
    /// accumulated results: a credit balance to 3601 (accumulated surplus),
    /// a debit balance to 3602 (accumulated losses). One entry, or none when
    /// both are empty.
    fn results_transfer_draft(
        totals: &std::collections::BTreeMap<String, (i64, i64)>,
        month: Month,
    ) -> Result<Option<EntryDraft>, BookError> {
        let mut postings = Vec::new();
        let mut words = Vec::new();
        for code in [YEAR_SURPLUS, YEAR_LOSS] {
            let (d, c) = totals.get(code).copied().unwrap_or((0, 0));
            let credit = c - d;
            if credit > 0 {
                let a = Money::from_cents(credit);
                postings.push(Posting::debit(code, a));
                postings.push(Posting::credit(ACCUMULATED_SURPLUS, a));
                words.push(format!(
                    "{} de {code} a {ACCUMULATED_SURPLUS}",
                    a.localized(Lang::BOOK)
                ));
            } else if credit < 0 {
                let a = Money::from_cents(-credit);
                postings.push(Posting::debit(ACCUMULATED_LOSSES, a));
                postings.push(Posting::credit(code, a));
                words.push(format!(
                    "{} de {code} a {ACCUMULATED_LOSSES}",
                    a.localized(Lang::BOOK)
                ));
            }
        }
        if postings.is_empty() {
            return Ok(None);
        }
        let draft = EntryDraft::new(
            month.last_day(),
            &format!(
                "Resultado de ejercicios anteriores a resultados acumulados, antes del cierre del ejercicio {}: {}",
                month.year(),
                words.join("; ")
            ),
            "",
            EntryKind::YearEnd,
            postings,
        )?;
        Ok(Some(draft))
    }

    /// Closes income (5) and expenses (4) into the year's result: a surplus
    /// to 3603, a loss to 3604. The last entry of the fiscal year.
    fn year_end_draft(
        &self,
        totals: &std::collections::BTreeMap<String, (i64, i64)>,
        month: Month,
    ) -> Result<Option<EntryDraft>, BookError> {
        let mut postings = Vec::new();
        let mut net = 0i64; // credit positive: surplus
        for (code, (d, c)) in totals {
            if !(code.starts_with('4') || code.starts_with('5')) || !self.is_postable(code) {
                continue;
            }
            let bal = d - c;
            if bal > 0 {
                postings.push(Posting::credit(code, Money::from_cents(bal)));
            } else if bal < 0 {
                postings.push(Posting::debit(code, Money::from_cents(-bal)));
            }
            net -= bal;
        }
        if postings.is_empty() {
            return Ok(None);
        }
        if net > 0 {
            postings.push(Posting::credit(YEAR_SURPLUS, Money::from_cents(net)));
        } else if net < 0 {
            postings.push(Posting::debit(YEAR_LOSS, Money::from_cents(-net)));
        }
        let draft = EntryDraft::new(
            month.last_day(),
            &format!("Cierre del ejercicio {}", month.year()),
            "",
            EntryKind::YearEnd,
            postings,
        )?;
        Ok(Some(draft))
    }
}
