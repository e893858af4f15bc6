//! Posting, reversing, the journal, balances and closing months.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Book, BookError, m};
use crate::domain::account::{Account, Level, validate_sub_account};
use crate::domain::entry::{Entry, EntryDraft};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::store::charges::FastReads;
use crate::store::{ClosedMonth, StoreRead, WriteTx};

/// Which entries to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalFilter {
    pub month: Option<Month>,
    pub account: Option<String>,
    pub member: Option<u32>,
}

/// One account's figures up to a month's end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountBalance {
    pub account: Account,
    /// False for elements, groups and accounts with sub-accounts.
    pub postable: bool,
    pub debit: Money,
    pub credit: Money,
    /// Debit minus credit.
    pub balance: Money,
}

impl AccountBalance {
    /// The balance on the account's natural side (positive when normal).
    pub fn natural(&self) -> Money {
        if self.account.element().is_some_and(|e| e.debit_normal()) {
            self.balance
        } else {
            -self.balance
        }
    }
}

/// Trial balance (balance de comprobación) at a month's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialBalance {
    pub month: Month,
    /// Leaf accounts with any movement, in code order.
    pub rows: Vec<AccountBalance>,
    pub total_debit: Money,
    pub total_credit: Money,
}

/// What the dashboard shows.
#[derive(Clone, Debug)]
pub struct Dashboard {
    pub current_month: Month,
    pub closed_through: Option<Month>,
    pub cash: Money,
    pub bank: Money,
    pub members_active: usize,
    pub members_total: usize,
    pub entry_count: u64,
    pub latest: Vec<Entry>,
}

impl Book {
    fn check_writable(&self) -> Result<(), BookError> {
        if self.is_read_only() {
            return Err(BookError::ReadOnly);
        }
        Ok(())
    }

    /// Refuses a date in a closed month or a future month.
    pub fn check_date_open(&self, date: NaiveDate) -> Result<(), BookError> {
        let month = Month::of(date);
        if let Some(c) = self.closed_through()?
            && month <= c
        {
            return Err(BookError::ClosedMonth(month));
        }
        if month > Month::of(self.today()) {
            return Err(BookError::FutureMonth(month));
        }
        Ok(())
    }

    /// Checks a draft against the chart and the members, without posting it.
    pub fn validate_draft(&self, draft: &EntryDraft) -> Result<(), BookError> {
        self.check_date_open(draft.date())?;
        let tx = self.store().read()?;
        self.validate_lines(&tx, draft)
    }

    fn validate_lines(&self, tx: &impl FastReads, draft: &EntryDraft) -> Result<(), BookError> {
        // Each member is looked up once, without decoding the record.
        let mut known: Vec<u32> = Vec::new();
        for p in draft.postings() {
            let acc = self
                .account(&p.account)
                .ok_or_else(|| BookError::UnknownAccount(p.account.clone()))?;
            if !self.is_postable(&p.account) {
                return Err(BookError::NotPostable(p.account.clone()));
            }
            match p.member {
                Some(mid) if !known.contains(&mid) => {
                    if !tx.has_member(mid)? {
                        return Err(BookError::UnknownMember(mid.to_string()));
                    }
                    known.push(mid);
                }
                Some(_) => {}
                None if acc.subledger => return Err(BookError::MemberRequired(p.account.clone())),
                None => {}
            }
        }
        Ok(())
    }

    /// Posts a balanced entry: one transaction, chained to the previous entry,
    /// with the maintained totals updated.
    pub fn post(&mut self, draft: EntryDraft) -> Result<Entry, BookError> {
        self.check_writable()?;
        self.check_date_open(draft.date())?;
        let tx = self.store().write()?;
        let entry = self.post_in(&tx, draft)?;
        tx.commit()?;
        Ok(entry)
    }

    /// Posts within a caller's transaction (for operations that write more than an entry).
    pub(crate) fn post_in(&self, tx: &WriteTx, draft: EntryDraft) -> Result<Entry, BookError> {
        self.validate_lines(tx, &draft)?;
        let id: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
        let head: [u8; 32] = tx.meta_get("chain_head")?.unwrap_or([0; 32]);
        let entry = Entry::seal(draft, id, self.now_ts(), head);
        tx.put_entry(&entry)?;
        tx.meta_put("next_entry_id", &(id + 1))?;
        tx.meta_put("chain_head", &entry.hash)?;
        self.savings_hook(tx, &entry)?;
        self.loan_hook(&entry)?;
        Ok(entry)
    }

    /// Reverses entry `id` with a new entry dated `date` (today when `None`).
    pub fn reverse(
        &mut self,
        id: u64,
        date: Option<NaiveDate>,
        description: Option<&str>,
    ) -> Result<Entry, BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        let orig = tx.entry(id)?.ok_or(BookError::EntryNotFound(id))?;
        if orig.reverses.is_some() {
            return Err(BookError::ReverseOfReversal(id));
        }
        if let Some(by) = tx.reversed_by(id)? {
            return Err(BookError::AlreadyReversed { id, by });
        }
        let date = date.unwrap_or_else(|| self.today());
        self.check_date_open(date)?;
        let text = match description {
            Some(d) if !d.trim().is_empty() => d.trim().to_string(),
            _ => {
                let mut t = format!("Reverso del asiento {id}: {}", orig.description);
                t = t.chars().take(200).collect();
                t
            }
        };
        let draft = self.reversal_of(&tx, &orig, date, &text)?;
        let entry = self.post_in(&tx, draft)?;
        self.undo_receipt_in(&tx, id, entry.id)?;
        self.undo_savings_in(&tx, &orig, &entry)?;
        self.undo_loan_in(&tx, &orig)?;
        tx.commit()?;
        Ok(entry)
    }

    pub fn entry(&self, id: u64) -> Result<Option<Entry>, BookError> {
        Ok(self.store().read()?.entry(id)?)
    }

    /// The entry that reversed `id`, if any.
    pub fn reversed_by(&self, id: u64) -> Result<Option<u64>, BookError> {
        Ok(self.store().read()?.reversed_by(id)?)
    }

    /// Entries matching the filter, newest first: `skip` then at most `limit`.
    pub fn journal(
        &self,
        f: &JournalFilter,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Entry>, BookError> {
        let tx = self.store().read()?;
        let (from, to) = match f.month {
            Some(mo) => (
                mo.first_day().num_days_from_ce(),
                mo.last_day().num_days_from_ce(),
            ),
            None => (i32::MIN, i32::MAX),
        };
        let mut out = Vec::new();
        if let Some(mem) = f.member {
            // Narrowest index first, then the account filter on the entries.
            let mut s = 0;
            let mut skipped = 0;
            loop {
                let ids = tx.entry_ids_by_member(mem, from, to, s, 256)?;
                if ids.is_empty() {
                    break;
                }
                s += ids.len();
                for id in ids {
                    let Some(e) = tx.entry(id)? else { continue };
                    if f.account.as_ref().is_some_and(|a| {
                        !e.postings
                            .iter()
                            .any(|p| &p.account == a && p.member == Some(mem))
                    }) {
                        continue;
                    }
                    if skipped < skip {
                        skipped += 1;
                        continue;
                    }
                    out.push(e);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
            return Ok(out);
        }
        // Index keys are unique per entry, so an entry appears once per index.
        let ids = match &f.account {
            Some(a) => tx.entry_ids_by_account(a, from, to, skip, limit)?,
            None => tx.entry_ids_by_date(from, to, skip, limit)?,
        };
        for id in ids {
            if let Some(e) = tx.entry(id)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// How many entries fall in the month (or in all history).
    pub fn entry_count(&self, month: Option<Month>) -> Result<u64, BookError> {
        let tx = self.store().read()?;
        Ok(match month {
            Some(mo) => tx.count_by_date(
                mo.first_day().num_days_from_ce(),
                mo.last_day().num_days_from_ce(),
            )? as u64,
            None => tx.entry_count()?,
        })
    }

    /// Every account of the chart with its cumulative figures to the end of
    /// `month`; parents carry the sum of their children.
    pub fn account_balances(&self, month: Month) -> Result<Vec<AccountBalance>, BookError> {
        let totals = self.store().read()?.totals_through(month)?;
        Ok(self.roll_up(&totals))
    }

    fn roll_up(&self, totals: &BTreeMap<String, (i64, i64)>) -> Vec<AccountBalance> {
        self.chart
            .iter()
            .map(|a| {
                let (mut d, mut c) = (0i64, 0i64);
                for (code, (td, tc)) in totals.range(a.code.clone()..) {
                    if !code.starts_with(&a.code) {
                        break;
                    }
                    d += td;
                    c += tc;
                }
                AccountBalance {
                    account: a.clone(),
                    postable: self.is_postable(&a.code),
                    debit: m(d),
                    credit: m(c),
                    balance: m(d - c),
                }
            })
            .collect()
    }

    /// Balance of one account (with its sub-accounts) at a month's end.
    pub fn balance_of(&self, code: &str, month: Month) -> Result<Money, BookError> {
        Ok(self
            .account_balances(month)?
            .into_iter()
            .find(|b| b.account.code == code)
            .map(|b| b.balance)
            .unwrap_or_default())
    }

    /// Trial balance: each leaf account's cumulative debits, credits and balance.
    pub fn trial_balance(&self, month: Month) -> Result<TrialBalance, BookError> {
        let rows: Vec<AccountBalance> = self
            .account_balances(month)?
            .into_iter()
            .filter(|b| b.postable && (!b.debit.is_zero() || !b.credit.is_zero()))
            .collect();
        let total_debit = rows.iter().map(|r| r.debit).sum();
        let total_credit = rows.iter().map(|r| r.credit).sum();
        Ok(TrialBalance {
            month,
            rows,
            total_debit,
            total_credit,
        })
    }

    /// Adds a 6-digit sub-account under a 4-digit account without postings.
    pub fn add_sub_account(
        &mut self,
        parent: &str,
        code: &str,
        name: &str,
    ) -> Result<Account, BookError> {
        self.check_writable()?;
        let code = code.trim();
        let parent_acc = self
            .account(parent)
            .cloned()
            .ok_or_else(|| BookError::UnknownAccount(parent.to_string()))?;
        if parent_acc.level() != Some(Level::Account) {
            return Err(BookError::Account(
                crate::domain::account::AccountError::WrongParent {
                    code: code.to_string(),
                    parent: parent.to_string(),
                },
            ));
        }
        validate_sub_account(parent, code, name)?;
        if self.account(code).is_some() {
            return Err(BookError::AccountExists(code.to_string()));
        }
        let tx = self.store().write()?;
        if !tx
            .entry_ids_by_account(parent, i32::MIN, i32::MAX, 0, 1)?
            .is_empty()
        {
            return Err(BookError::ParentHasPostings(parent.to_string()));
        }
        let acc = Account {
            code: code.to_string(),
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            name_en: None,
            contra: parent_acc.contra,
            subledger: parent_acc.subledger,
            user_defined: true,
        };
        tx.put_account(&acc)?;
        tx.commit()?;
        self.chart = self.store().read()?.accounts()?;
        Ok(acc)
    }

    /// Closes a month with the default options: see [`Book::close_month_with`].
    pub fn close_month(&mut self, month: Month) -> Result<ClosedMonth, BookError> {
        Ok(self
            .close_month_with(month, &crate::books::close::CloseOptions::default())?
            .closed)
    }

    /// Figures for the dashboard.
    pub fn dashboard(&self) -> Result<Dashboard, BookError> {
        let current_month = self.current_month()?;
        let balances = self.account_balances(current_month)?;
        let bal = |code: &str| {
            balances
                .iter()
                .find(|b| b.account.code == code)
                .map(|b| b.balance)
                .unwrap_or_default()
        };
        let members: Vec<Member> = self.store().read()?.members()?;
        Ok(Dashboard {
            current_month,
            closed_through: self.closed_through()?,
            cash: bal(crate::domain::account::codes::CASH),
            bank: bal(crate::domain::account::codes::BANKS),
            members_active: members.iter().filter(|mm| mm.status.is_active()).count(),
            members_total: members.len(),
            entry_count: self.entry_count(None)?,
            latest: self.journal(&JournalFilter::default(), 0, 8)?,
        })
    }
}
