//! Posting, reversing, the journal, balances and closing months.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Book, BookError, m};
use crate::domain::account::{Account, Level, is_cash_or_bank, validate_sub_account};
use crate::domain::entry::{Entry, EntryDraft, Side};
use crate::domain::member::Member;
use crate::domain::money::{MAX_CENTS, Money};
use crate::domain::period::Month;
use crate::store::charges::FastReads;
use crate::store::{ClosedMonth, StoreRead, WriteTx};

/// How much can leave cash or bank account `code` on `date`: the lowest
/// end-of-day balance from `date` on (the balance of `date` itself, and of
/// every later day with movement), and the first of those days whose balance
/// is below `out`. The balance of `date` is the balance of all time less the
/// movements after `date`, so only the days from `date` on are read.
fn cash_room(
    tx: &impl StoreRead,
    code: &str,
    date: NaiveDate,
    out: i64,
) -> Result<(i64, Option<NaiveDate>), BookError> {
    let day = date.num_days_from_ce();
    let (td, tc) = tx.account_total(code)?;
    let rows = tx.cash_days_from(code, day)?;
    let later: i128 = rows
        .iter()
        .filter(|(d, _)| *d > day)
        .map(|(_, n)| i128::from(*n))
        .sum();
    let mut balance = i128::from(td) - i128::from(tc) - later;
    let mut lowest = balance;
    let mut short_on = (balance < i128::from(out)).then_some(day);
    for &(d, n) in rows.iter().filter(|(d, _)| *d > day) {
        balance += i128::from(n);
        lowest = lowest.min(balance);
        if short_on.is_none() && balance < i128::from(out) {
            short_on = Some(d);
        }
    }
    // Every figure read is within MAX_CENTS and there are far fewer days than
    // it would take to leave i64; clamp anyway rather than wrap.
    let lowest = lowest.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    Ok((
        lowest,
        short_on.and_then(NaiveDate::from_num_days_from_ce_opt),
    ))
}

/// The smallest book size the interface's question about an outsized amount
/// assumes: 1,000.00 (see [`Book::outsized_limit`]).
const OUTSIZED_FLOOR_CENTS: i64 = 100_000;

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

    /// The balance as the trial balance's two columns: (saldo deudor,
    /// saldo acreedor), one of them zero, neither negative.
    pub fn sides(&self) -> (Money, Money) {
        super::account_ledger::balance_sides(self.balance)
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

impl TrialBalance {
    /// The sums of the debit balances and of the credit balances (saldos
    /// deudores, saldos acreedores): equal when the books balance.
    pub fn balance_totals(&self) -> (Money, Money) {
        self.rows
            .iter()
            .fold((Money::ZERO, Money::ZERO), |(d, c), r| {
                let (rd, rc) = r.sides();
                (d + rd, c + rc)
            })
    }
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

/// A manual entry worked out and not yet posted ([`Book::entry_plan`]).
#[derive(Clone, Debug)]
pub struct EntryPlan {
    pub draft: EntryDraft,
    /// The entry as it will be posted, with its number.
    pub entry: Entry,
}

/// A reversal worked out and not yet posted ([`Book::reversal_plan`]).
#[derive(Clone, Debug)]
pub struct ReversalPlan {
    /// The entry it reverses.
    pub original: Entry,
    pub date: NaiveDate,
    /// The description as given (none: "Reverso del asiento N: ...").
    pub description: Option<String>,
    /// The entry it will post.
    pub draft: EntryDraft,
}

impl Book {
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

    /// Checks a draft against the chart, the members, the limits of the
    /// maintained totals and the cash and bank balances, without posting it.
    pub fn validate_draft(&self, draft: &EntryDraft) -> Result<(), BookError> {
        self.check_date_open(draft.date())?;
        let tx = self.store().read()?;
        self.validate_lines(&tx, draft)?;
        self.check_amounts(&tx, draft)
    }

    /// The most that can leave cash or bank account `code` on `date` without
    /// its balance going below zero on that day or on any later day (zero when
    /// nothing can). Reads the account's days from `date` on, not the journal.
    pub fn cash_available(&self, code: &str, date: NaiveDate) -> Result<Money, BookError> {
        let tx = self.store().read()?;
        let (available, _) = cash_room(&tx, code, date, 0)?;
        Ok(m(available.max(0)))
    }

    /// The book's size, for the interface's question "is this amount right?"
    /// before it previews an amount: the association's total assets now, and
    /// the limit beyond which an amount is questioned, 100 times the total
    /// assets but never less than 100,000.00 (100 times 1,000.00, for a new
    /// or nearly empty book).
    pub fn outsized_limit(&self) -> Result<(Money, Money), BookError> {
        let assets = self.balance_of("1", self.current_month()?)?;
        let base = i128::from(assets.cents().max(OUTSIZED_FLOOR_CENTS));
        let limit = (base * 100).min(i128::from(MAX_CENTS)) as i64;
        Ok((assets, m(limit)))
    }

    /// Refuses, before anything is written, a draft whose amounts the book
    /// could not hold (an account's debits or credits of all time beyond
    /// [`MAX_CENTS`], the bound every stored figure is read back with), or
    /// that would leave a cash or bank account below zero on its date or on
    /// any later day.
    fn check_amounts(&self, tx: &impl StoreRead, draft: &EntryDraft) -> Result<(), BookError> {
        // What the draft does to each account: (code, debit cents, credit cents).
        let mut per: Vec<(&str, i64, i64)> = Vec::with_capacity(draft.postings().len());
        for p in draft.postings() {
            let i = match per.iter().position(|(c, _, _)| *c == p.account) {
                Some(i) => i,
                None => {
                    per.push((p.account.as_str(), 0, 0));
                    per.len() - 1
                }
            };
            match p.side {
                Side::Debit => per[i].1 += p.amount.cents(),
                Side::Credit => per[i].2 += p.amount.cents(),
            }
        }
        for &(code, d, c) in &per {
            let (td, tc) = tx.account_total(code)?;
            if td + d > MAX_CENTS || tc + c > MAX_CENTS {
                return Err(BookError::TotalTooLarge {
                    account: code.to_string(),
                    names: self.names_of(code),
                });
            }
            if is_cash_or_bank(code) && c > d {
                let out = c - d;
                let (available, short_on) = cash_room(tx, code, draft.date(), out)?;
                if out > available {
                    return Err(BookError::CashShort {
                        account: code.to_string(),
                        names: self.names_of(code),
                        date: draft.date(),
                        short_on: short_on.unwrap_or(draft.date()),
                        out: m(out),
                        available: m(available.max(0)),
                    });
                }
            }
        }
        Ok(())
    }

    /// An account's name in Spanish and in English.
    fn names_of(&self, code: &str) -> (String, String) {
        match self.account(code) {
            Some(a) => (
                a.name.clone(),
                a.display_name(crate::i18n::Lang::En).to_string(),
            ),
            None => (String::new(), String::new()),
        }
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

    /// Works out the posting of a manual entry without writing: its checks
    /// (the month is open, the lines, the amounts against the accounts) and
    /// the entry with the number it will take. What posting it does to the
    /// savings and loan subledgers is checked by [`Book::commit_entry`].
    pub fn entry_plan(&self, draft: EntryDraft) -> Result<EntryPlan, BookError> {
        self.check_writable()?;
        self.check_date_open(draft.date())?;
        let entry = self.seal_next(&self.store().read()?, draft.clone())?;
        Ok(EntryPlan { draft, entry })
    }

    /// Posts a planned entry (checked again in its one write transaction).
    pub fn commit_entry(&mut self, plan: &EntryPlan) -> Result<Entry, BookError> {
        self.post(plan.draft.clone())
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
        let entry = self.post_unhooked_in(tx, draft)?;
        self.savings_hook(tx, &entry)?;
        self.loan_hook(&entry)?;
        Ok(entry)
    }

    /// [`Book::post_in`] for an operation that records its own subledger
    /// changes (the opening balances): the entry is checked and chained the
    /// same way, and no hook adds savings movements or refuses loan accounts.
    pub(crate) fn post_unhooked_in(
        &self,
        tx: &WriteTx,
        draft: EntryDraft,
    ) -> Result<Entry, BookError> {
        self.validate_lines(tx, &draft)?;
        self.check_amounts(tx, &draft)?;
        let id: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
        let head: [u8; 32] = tx.meta_get("chain_head")?.unwrap_or([0; 32]);
        let entry = Entry::seal(draft, id, self.now_ts(), head);
        tx.put_entry(&entry)?;
        tx.meta_put("next_entry_id", &(id + 1))?;
        tx.meta_put("chain_head", &entry.hash)?;
        Ok(entry)
    }

    /// What [`Book::post_in`] would post as entry `id` after `head`, checked
    /// the same way, without writing (for plans made in a read transaction).
    pub(crate) fn seal_planned(
        &self,
        tx: &impl FastReads,
        draft: EntryDraft,
        id: u64,
        head: [u8; 32],
    ) -> Result<Entry, BookError> {
        self.check_draft(tx, &draft)?;
        Ok(Entry::seal(draft, id, self.now_ts(), head))
    }

    /// [`Book::seal_planned`] as the next entry of `tx`.
    pub(crate) fn seal_next(
        &self,
        tx: &impl FastReads,
        draft: EntryDraft,
    ) -> Result<Entry, BookError> {
        let id: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
        let head: [u8; 32] = tx.meta_get("chain_head")?.unwrap_or([0; 32]);
        self.seal_planned(tx, draft, id, head)
    }

    /// The checks [`Book::post_in`] makes of a draft (its lines, the
    /// amounts against the accounts), without writing.
    pub(crate) fn check_draft(
        &self,
        tx: &impl FastReads,
        draft: &EntryDraft,
    ) -> Result<(), BookError> {
        self.validate_lines(tx, draft)?;
        self.check_amounts(tx, draft)
    }

    /// Reverses entry `id` with a new entry dated `date` (today when `None`).
    pub fn reverse(
        &mut self,
        id: u64,
        date: Option<NaiveDate>,
        description: Option<&str>,
    ) -> Result<Entry, BookError> {
        let plan = self.reversal_plan(id, date, description)?;
        self.commit_reversal(&plan)
    }

    /// Works out the reversal of entry `id` without writing: checked, the
    /// entry it reverses and the one it will post.
    pub fn reversal_plan(
        &self,
        id: u64,
        date: Option<NaiveDate>,
        description: Option<&str>,
    ) -> Result<ReversalPlan, BookError> {
        self.check_writable()?;
        self.reversal_in(&self.store().read()?, id, date, description)
    }

    /// Posts a planned reversal (the plan is made again inside the one write
    /// transaction) and undoes what the original did to receipts, savings
    /// and loans. Gives the reversal entry.
    pub fn commit_reversal(&mut self, plan: &ReversalPlan) -> Result<Entry, BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        let given = plan.description.as_deref();
        let ReversalPlan {
            original: orig,
            draft,
            ..
        } = self.reversal_in(&tx, plan.original.id, Some(plan.date), given)?;
        let entry = self.post_in(&tx, draft)?;
        self.undo_receipt_in(&tx, orig.id, entry.id)?;
        self.undo_savings_in(&tx, &orig, &entry)?;
        self.undo_loan_in(&tx, &orig)?;
        tx.commit()?;
        Ok(entry)
    }

    /// The plan of a reversal as the book stands in `tx`.
    fn reversal_in(
        &self,
        tx: &(impl FastReads + crate::store::visits::VisitReads),
        id: u64,
        date: Option<NaiveDate>,
        description: Option<&str>,
    ) -> Result<ReversalPlan, BookError> {
        let orig = tx.entry(id)?.ok_or(BookError::EntryNotFound(id))?;
        if orig.reverses.is_some() {
            return Err(BookError::ReverseOfReversal(id));
        }
        if let Some(by) = tx.reversed_by(id)? {
            return Err(BookError::AlreadyReversed { id, by });
        }
        if let Some(receipt) = crate::store::visits::VisitReads::visit_of_entry(tx, id)? {
            return Err(super::visit::VisitError::PartOfReceipt { entry: id, receipt }.into());
        }
        let date = date.unwrap_or_else(|| self.today());
        self.check_date_open(date)?;
        let text = match description {
            Some(d) if !d.trim().is_empty() => d.trim().to_string(),
            _ => {
                let mut t = format!(
                    "Reverso del asiento {id}: {}",
                    crate::domain::text::without_forbidden(&orig.description)
                );
                t = t.chars().take(200).collect();
                t
            }
        };
        let draft = self.reversal_of(tx, &orig, date, &text)?;
        Ok(ReversalPlan {
            date,
            description: description.map(str::to_string),
            original: orig,
            draft,
        })
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
        let bal = self.balance_finder(current_month)?;
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

/// The journal in date order, for the reports that walk all of it.
impl Book {
    /// Calls `f` with every entry in date order (entries of one day in
    /// number order), reading one entry at a time in one read transaction;
    /// returns how many there were. The journal export streams through it.
    pub fn each_entry_in_date_order(
        &self,
        mut f: impl FnMut(&Entry) -> Result<(), BookError>,
    ) -> Result<u64, BookError> {
        let tx = self.store().read()?;
        // The entries-by-date index, (day, number) newest first: reversed, in
        // date order.
        let mut ids = tx.entry_ids_by_date(i32::MIN, i32::MAX, 0, usize::MAX)?;
        ids.reverse();
        let mut n = 0u64;
        for id in ids {
            let e = tx.entry(id)?.ok_or(BookError::EntryNotFound(id))?;
            f(&e)?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether any entry is dated `day` or earlier.
    pub fn has_entries_through(&self, day: NaiveDate) -> Result<bool, BookError> {
        let tx = self.store().read()?;
        let end = day.num_days_from_ce();
        Ok(!tx.entry_ids_by_date(i32::MIN, end, 0, 1)?.is_empty())
    }

    /// The date of the earliest entry, if the book has any.
    pub fn first_entry_date(&self) -> Result<Option<NaiveDate>, BookError> {
        let tx = self.store().read()?;
        let n = tx.count_by_date(i32::MIN, i32::MAX)?;
        let Some(last) = n.checked_sub(1) else {
            return Ok(None);
        };
        match tx.entry_ids_by_date(i32::MIN, i32::MAX, last, 1)?.first() {
            Some(id) => Ok(tx.entry(*id)?.map(|e| e.date)),
            None => Ok(None),
        }
    }
}

/// What the dashboard shows of one month, at its end: cash, the members'
/// savings and the gross loan portfolio, from the maintained totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MonthPosition {
    /// Cash on hand (1101).
    pub cash: Money,
    /// The members' deposits (21), as a positive figure.
    pub savings: Money,
    /// The gross loan portfolio: the loans (14) leaving out their provisions
    /// (1499), so a provision does not lower it.
    pub portfolio: Money,
}

impl Book {
    /// Cash, the members' savings and the gross loan portfolio at the end of
    /// `month`, read from the per-account totals (not from the journal).
    pub fn month_position(&self, month: Month) -> Result<MonthPosition, BookError> {
        use crate::domain::account::codes::CASH;
        let bal = self.balance_finder(month)?;
        Ok(MonthPosition {
            cash: bal(CASH),
            savings: -bal("21"),
            portfolio: bal("14") - bal("1499"),
        })
    }

    /// The balance of an account (by its code) at the end of `month`, read
    /// once from the per-account totals; zero for an account not there.
    fn balance_finder(&self, month: Month) -> Result<impl Fn(&str) -> Money, BookError> {
        let balances = self.account_balances(month)?;
        Ok(move |code: &str| {
            balances
                .iter()
                .find(|b| b.account.code == code)
                .map(|b| b.balance)
                .unwrap_or_default()
        })
    }
}
