//! The general ledger of one account (libro mayor): its balance before the
//! period, each movement of the period in date order with the running
//! balance, and the balance at the period's end.
//!
//! The opening balance comes from the maintained per-account, per-month
//! totals; only the period's entries that touch the account (or, for a
//! group, one of its sub-accounts) are read, through the journal's account
//! index. Balances are debit minus credit, as in the trial balance: a
//! positive balance is a debit balance (saldo deudor), a negative one a
//! credit balance (saldo acreedor).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{Book, BookError, m};
use crate::domain::account::Account;
use crate::domain::entry::Side;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::store::StoreRead;

/// One movement of the ledger: what one entry did to the account (to one of
/// its sub-accounts, for a group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerLine {
    pub date: NaiveDate,
    pub entry: u64,
    pub reference: String,
    pub description: String,
    /// The account moved: the account itself, or the sub-account of a group.
    pub account: String,
    /// What the entry debited to that account (its debit postings together).
    pub debit: Money,
    /// What the entry credited to it.
    pub credit: Money,
    /// Debit minus credit after this line, from the opening balance.
    pub balance: Money,
}

/// The ledger of an account over a range of months ([`Book::account_ledger`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountLedger {
    pub account: Account,
    /// Whether the account groups others (its lines name the sub-account).
    pub group: bool,
    pub from: Month,
    pub to: Month,
    /// Debit minus credit at the end of the month before `from`.
    pub opening: Money,
    /// In date order; an entry's lines in sub-account order.
    pub lines: Vec<LedgerLine>,
    /// The period's debits and credits.
    pub debit: Money,
    pub credit: Money,
    /// Debit minus credit at the end of `to`: the opening balance plus the
    /// period's debits less its credits.
    pub closing: Money,
}

/// A balance as the two columns of the trial balance: (saldo deudor, saldo
/// acreedor), one of them zero, neither negative.
pub fn balance_sides(balance: Money) -> (Money, Money) {
    if balance.is_negative() {
        (Money::ZERO, -balance)
    } else {
        (balance, Money::ZERO)
    }
}

impl Book {
    /// The ledger of account `code` (with its sub-accounts) from the start
    /// of `from` to the end of `to`. Refuses an account the chart does not
    /// have and a range whose first month is after its last.
    pub fn account_ledger(
        &self,
        code: &str,
        from: Month,
        to: Month,
    ) -> Result<AccountLedger, BookError> {
        let mut lines = Vec::new();
        let mut ledger = self.each_ledger_line(code, from, to, |_, line| {
            lines.push(line);
            Ok::<(), BookError>(())
        })?;
        ledger.lines = lines;
        Ok(ledger)
    }

    /// The ledger of [`Book::account_ledger`] one line at a time, in its
    /// order, to `f` with the ledger so far (its totals and balance through
    /// the line; no lines kept); returns the whole ledger without its lines.
    /// Memory does not grow with the lines: a ledger of ten years of cash is
    /// written as it is read.
    pub fn each_ledger_line<E: From<BookError>>(
        &self,
        code: &str,
        from: Month,
        to: Month,
        mut f: impl FnMut(&AccountLedger, LedgerLine) -> Result<(), E>,
    ) -> Result<AccountLedger, E> {
        let code = code.trim();
        let account = self
            .account(code)
            .cloned()
            .ok_or_else(|| BookError::UnknownAccount(code.to_string()))?;
        if from > to {
            return Err(BookError::MonthRange { from, to }.into());
        }
        let under = |c: &str| c.starts_with(code);
        let group = self
            .chart
            .iter()
            .any(|a| a.code.len() > code.len() && under(&a.code));
        let tx = self.store().read().map_err(BookError::from)?;
        let (mut od, mut oc) = (0i64, 0i64);
        for (c, (d, cr)) in tx.totals_through(from.prev()).map_err(BookError::from)? {
            if under(&c) {
                od += d;
                oc += cr;
            }
        }
        let opening = m(od - oc);
        // The period's entries on the account and every account under it.
        let (first, last) = (
            from.first_day().num_days_from_ce(),
            to.last_day().num_days_from_ce(),
        );
        // In date order (an entry numbered later may be dated earlier: a
        // backdated payment), each entry once, its lines by sub-account.
        let mut keys = BTreeSet::new();
        for a in self.chart.iter().filter(|a| under(&a.code)) {
            keys.extend(
                tx.entry_keys_by_account(&a.code, first, last)
                    .map_err(BookError::from)?,
            );
        }
        let mut head = AccountLedger {
            account,
            group,
            from,
            to,
            opening,
            lines: Vec::new(),
            debit: Money::ZERO,
            credit: Money::ZERO,
            closing: opening,
        };
        for (_, id) in keys {
            let e = tx
                .entry(id)
                .map_err(BookError::from)?
                .ok_or(BookError::EntryNotFound(id))?;
            let mut moved: BTreeMap<&str, (Money, Money)> = BTreeMap::new();
            for p in e.postings.iter().filter(|p| under(&p.account)) {
                let sides = moved.entry(p.account.as_str()).or_default();
                match p.side {
                    Side::Debit => sides.0 += p.amount,
                    Side::Credit => sides.1 += p.amount,
                }
            }
            for (acc, (debit, credit)) in moved {
                head.closing = head.closing + debit - credit;
                head.debit += debit;
                head.credit += credit;
                let line = LedgerLine {
                    date: e.date,
                    entry: e.id,
                    reference: e.reference.clone(),
                    description: e.description.clone(),
                    account: acc.to_string(),
                    debit,
                    credit,
                    balance: head.closing,
                };
                f(&head, line)?;
            }
        }
        Ok(head)
    }

    /// The month of the book's first entry (the current month when it has
    /// none): where a ledger asked for no first month starts.
    pub fn first_month(&self) -> Result<Month, BookError> {
        Ok(match self.first_entry_date()? {
            Some(d) => Month::of(d),
            None => self.current_month()?,
        })
    }
}
