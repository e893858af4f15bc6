//! Savings accounts, the guarantee block (encaje), interest on savings, and the
//! solidarity fund. Every movement posts one balanced entry and updates the
//! account in the same transaction.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Book, BookError};
use crate::domain::account::codes::{CASH, RESTRICTED_DEPOSITS, SAVINGS_DEPOSITS};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting, Side};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::{
    DayCount, FundGrant, InterestBase, MoveKind, SavingsAccount, SavingsKind, SavingsMove,
    SavingsProduct, interest_base, month_interest,
};
use crate::i18n::{Lang, Msg};
use crate::store::{StoreRead, WriteTx};

/// The solidarity fund's account (33 Reservas, 3303 Especiales).
pub const FUND_ACCOUNT: &str = "3303";
/// Interest paid on members' deposits.
pub const SAVINGS_INTEREST_EXPENSE: &str = "4101";

/// Why a savings or fund operation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavingsError {
    #[error("the amount must be greater than zero")]
    NonPositive,
    #[error("savings account {0} not found")]
    UnknownAccount(u32),
    #[error("savings product {0} not found")]
    UnknownProduct(u32),
    #[error(
        "withdrawal of {amount} exceeds the available balance {available} (balance {balance}, minimum {minimum}, blocked {blocked})"
    )]
    Insufficient {
        amount: Money,
        available: Money,
        balance: Money,
        minimum: Money,
        blocked: Money,
    },
    #[error("only {blocked} is blocked in this account")]
    NotBlocked { blocked: Money },
    #[error("both accounts must belong to the same member and differ")]
    BadTransfer,
    #[error("the interest of {0} was already posted")]
    InterestPosted(Month),
    #[error("the interest of {0} can be posted once the month has ended")]
    MonthNotEnded(Month),
    #[error("the grant of {amount} exceeds the fund's balance {balance}")]
    FundTooSmall { amount: Money, balance: Money },
    #[error("a grant needs a beneficiary, a reason and an approval reference")]
    GrantIncomplete,
    #[error("account {0}: restricted deposits move only by blocking or releasing savings")]
    RestrictedManual(String),
    #[error(
        "reversing this entry would leave savings account {0} below zero or below its blocked amount"
    )]
    ReversalOverdraws(u32),
    #[error("the product needs a name and a rate between 0 and 100")]
    BadProduct,
}

impl SavingsError {
    pub fn message(&self, lang: Lang) -> String {
        use SavingsError::*;
        let l = |m: &Money| m.localized(lang);
        match self {
            NonPositive => Msg::ErrSavingsNonPositive.t(lang).into(),
            UnknownAccount(a) => Msg::ErrSavingsUnknownAccount.fill(lang, &[("a", &a)]),
            UnknownProduct(p) => Msg::ErrSavingsUnknownProduct.fill(lang, &[("product", &p)]),
            Insufficient {
                amount,
                available,
                balance,
                minimum,
                blocked,
            } => Msg::ErrSavingsInsufficient.fill(
                lang,
                &[
                    ("amount", &l(amount)),
                    ("available", &l(available)),
                    ("balance", &l(balance)),
                    ("minimum", &l(minimum)),
                    ("blocked", &l(blocked)),
                ],
            ),
            NotBlocked { blocked } => {
                Msg::ErrSavingsNotBlocked.fill(lang, &[("blocked", &l(blocked))])
            }
            BadTransfer => Msg::ErrSavingsBadTransfer.t(lang).into(),
            InterestPosted(m) => Msg::ErrSavingsInterestPosted.fill(lang, &[("m", &m.name(lang))]),
            MonthNotEnded(m) => Msg::ErrSavingsMonthNotEnded.fill(lang, &[("m", &m.name(lang))]),
            FundTooSmall { amount, balance } => Msg::ErrSavingsFundTooSmall
                .fill(lang, &[("grant", &l(amount)), ("fund", &l(balance))]),
            GrantIncomplete => Msg::ErrSavingsGrantIncomplete.t(lang).into(),
            RestrictedManual(a) => Msg::ErrSavingsRestrictedManual.fill(lang, &[("a", &a)]),
            ReversalOverdraws(a) => Msg::ErrSavingsReversalOverdraws.fill(lang, &[("a", &a)]),
            BadProduct => Msg::ErrSavingsBadProduct.t(lang).into(),
        }
    }
}

/// A line of a passbook: a movement with the balance after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PassbookLine {
    pub date: NaiveDate,
    pub kind: MoveKind,
    pub amount: Money,
    pub blocked_change: Money,
    pub balance: Money,
    pub entry: u64,
}

/// A savings account with its product and what is available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavingsView {
    pub account: SavingsAccount,
    pub product: SavingsProduct,
    pub available: Money,
}

impl SavingsView {
    fn new(account: SavingsAccount, product: SavingsProduct) -> Self {
        let available = account.available(&product);
        SavingsView {
            account,
            product,
            available,
        }
    }
}

/// What a deposit or a withdrawal did: its entry, and the account after it.
#[derive(Clone, Debug)]
pub struct SavingsMoveOutcome {
    pub entry: Entry,
    pub account: SavingsView,
}

/// A deposit or a withdrawal worked out and not yet posted
/// ([`Book::deposit_plan`], [`Book::withdrawal_plan`]).
#[derive(Clone, Debug)]
pub struct SavingsMovePlan {
    /// [`MoveKind::Deposit`] or [`MoveKind::Withdrawal`].
    pub kind: MoveKind,
    pub member: u32,
    /// The account asked for (a deposit without one goes to the ordinary account).
    pub requested: Option<u32>,
    pub amount: Money,
    pub date: NaiveDate,
    pub cash_account: String,
    /// The deposit opens the member's ordinary account.
    pub opens_account: bool,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// The account after it.
    pub after: SavingsView,
}

/// A contribution to or a grant from the solidarity fund, as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FundRequest {
    Contribution {
        member: Option<u32>,
        description: String,
    },
    Grant {
        member: Option<u32>,
        beneficiary: String,
        reason: String,
        approval: String,
    },
}

/// A contribution or a grant worked out and not yet posted ([`Book::fund_plan`]).
#[derive(Clone, Debug)]
pub struct FundPlan {
    pub request: FundRequest,
    pub amount: Money,
    pub date: NaiveDate,
    pub cash_account: String,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// A grant's record, numbered, with the entry it will post.
    pub grant: Option<FundGrant>,
    /// The fund's balance after it.
    pub fund_after: Money,
}

/// What a contribution or a grant did ([`Book::commit_fund`]).
#[derive(Clone, Debug)]
pub struct FundOutcome {
    pub entry: Entry,
    pub grant: Option<FundGrant>,
    pub fund_after: Money,
}

fn positive(a: Money) -> Result<(), BookError> {
    if a.is_positive() {
        Ok(())
    } else {
        Err(SavingsError::NonPositive.into())
    }
}

impl Book {
    pub fn savings_day_count(&self) -> Result<DayCount, BookError> {
        Ok(self
            .store()
            .read()?
            .meta_get::<DayCount>("day_count")?
            .unwrap_or(DayCount::Thirty360))
    }

    pub fn set_savings_day_count(&mut self, d: DayCount) -> Result<(), BookError> {
        let tx = self.store().write()?;
        tx.meta_put("day_count", &d)?;
        tx.commit()?;
        Ok(())
    }

    pub fn savings_products(&self) -> Result<Vec<SavingsProduct>, BookError> {
        let mut v = self.store().read()?.savings_products()?;
        if v.is_empty() {
            v.push(default_product());
        }
        Ok(v)
    }

    /// Adds a savings product (name, kind, annual rate %, interest base, minimum balance).
    pub fn add_savings_product(
        &mut self,
        name: &str,
        kind: SavingsKind,
        rate: Decimal,
        base: InterestBase,
        min_balance: Money,
    ) -> Result<SavingsProduct, BookError> {
        self.check_writable()?;
        let name = crate::domain::text::field(crate::domain::text::TextField::Name, name)?;
        if name.is_empty()
            || rate < Decimal::ZERO
            || rate > Decimal::ONE_HUNDRED
            || min_balance.is_negative()
        {
            return Err(SavingsError::BadProduct.into());
        }
        let tx = self.store().write()?;
        ensure_default_product(&tx)?;
        let id: u32 = tx.meta_get("next_savings_product")?.unwrap_or(2);
        let p = SavingsProduct {
            id,
            name,
            kind,
            rate,
            base,
            min_balance,
        };
        tx.put_savings_product(&p)?;
        tx.meta_put("next_savings_product", &(id + 1))?;
        tx.commit()?;
        Ok(p)
    }

    /// Changes a product's rate, base or minimum balance (from now on).
    pub fn update_savings_product(&mut self, p: &SavingsProduct) -> Result<(), BookError> {
        if p.name.trim().is_empty()
            || p.rate < Decimal::ZERO
            || p.rate > Decimal::ONE_HUNDRED
            || p.min_balance.is_negative()
        {
            return Err(SavingsError::BadProduct.into());
        }
        let tx = self.store().write()?;
        ensure_default_product(&tx)?;
        if !tx.savings_products()?.iter().any(|x| x.id == p.id) {
            return Err(SavingsError::UnknownProduct(p.id).into());
        }
        tx.put_savings_product(p)?;
        tx.commit()?;
        Ok(())
    }

    /// Opens a savings account (programmed savings carry a target and a term).
    pub fn open_savings_account(
        &mut self,
        member: u32,
        product: u32,
        target: Option<Money>,
        term_months: Option<u32>,
        date: NaiveDate,
    ) -> Result<SavingsAccount, BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        ensure_default_product(&tx)?;
        if tx.member(member)?.is_none() {
            return Err(BookError::UnknownMember(member.to_string()));
        }
        if !tx.savings_products()?.iter().any(|p| p.id == product) {
            return Err(SavingsError::UnknownProduct(product).into());
        }
        let a = new_account(&tx, member, product, target, term_months, date)?;
        tx.commit()?;
        Ok(a)
    }

    /// A member's savings accounts with their products and available balances.
    pub fn member_savings(&self, member: u32) -> Result<Vec<SavingsView>, BookError> {
        let tx = self.store().read()?;
        let products = self.savings_products()?;
        Ok(tx
            .savings_of_member(member)?
            .into_iter()
            .map(|a| {
                let product = products
                    .iter()
                    .find(|p| p.id == a.product)
                    .cloned()
                    .unwrap_or_else(default_product);
                SavingsView::new(a, product)
            })
            .collect())
    }

    /// The member's ordinary account (opened on first use).
    fn ordinary_account(
        &self,
        tx: &WriteTx,
        member: u32,
        date: NaiveDate,
    ) -> Result<SavingsAccount, BookError> {
        ensure_default_product(tx)?;
        match Self::ordinary_account_plan(tx, member, date)? {
            (a, false) => Ok(a),
            (_, true) => new_account(tx, member, 1, None, None, date),
        }
    }

    /// A member's ordinary account as `tx` holds it, or (true) the one that
    /// would be opened for them (the default product counted as there, as
    /// [`Book::ordinary_account`] makes it). Writes nothing.
    fn ordinary_account_plan(
        tx: &impl StoreRead,
        member: u32,
        date: NaiveDate,
    ) -> Result<(SavingsAccount, bool), BookError> {
        let mut products = tx.savings_products()?;
        if !products.iter().any(|p| p.id == 1) {
            products.push(default_product());
        }
        let ordinary = |a: &SavingsAccount| {
            products
                .iter()
                .any(|p| p.id == a.product && p.kind == SavingsKind::Ordinary)
        };
        if let Some(a) = tx.savings_of_member(member)?.into_iter().find(ordinary) {
            return Ok((a, false));
        }
        if tx.member(member)?.is_none() {
            return Err(BookError::UnknownMember(member.to_string()));
        }
        Ok((planned_account(tx, member, 1, None, None, date)?, true))
    }

    fn account_in(
        &self,
        tx: &impl StoreRead,
        id: u32,
    ) -> Result<(SavingsAccount, SavingsProduct), BookError> {
        let a = tx
            .savings_account(id)?
            .ok_or(SavingsError::UnknownAccount(id))?;
        let p = product_of(tx, &a)?;
        Ok((a, p))
    }

    /// An account with its product and available balance, as `tx` holds it.
    fn view_in(&self, tx: &impl StoreRead, id: u32) -> Result<SavingsView, BookError> {
        let (account, product) = self.account_in(tx, id)?;
        Ok(SavingsView::new(account, product))
    }

    fn post_moves(
        &self,
        tx: &WriteTx,
        draft: EntryDraft,
        moves: Vec<(u32, MoveKind, Money, Money)>,
    ) -> Result<Entry, BookError> {
        let date = draft.date();
        let entry = self.post_in(tx, draft)?;
        for (account, kind, amount, blocked_change) in moves {
            apply_move(
                tx,
                &SavingsMove {
                    account,
                    date,
                    kind,
                    amount,
                    blocked_change,
                    entry: entry.id,
                },
            )?;
        }
        Ok(entry)
    }

    /// A deposit into a member's account (the ordinary one when `account` is `None`).
    pub fn deposit(
        &mut self,
        member: u32,
        account: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<Entry, BookError> {
        Ok(self
            .record_deposit(member, account, amount, date, cash_account)?
            .entry)
    }

    /// A deposit (as [`Book::deposit`]), with the account as it stands after
    /// it: its plan and its commit ([`Book::deposit_plan`],
    /// [`Book::commit_savings_move`]).
    pub fn record_deposit(
        &mut self,
        member: u32,
        account: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMoveOutcome, BookError> {
        let plan = self.deposit_plan(member, account, amount, date, cash_account)?;
        self.commit_savings_move(&plan)
    }

    /// A withdrawal, refused beyond the available balance with the figures in the message.
    pub fn withdraw(
        &mut self,
        account: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<Entry, BookError> {
        Ok(self
            .record_withdrawal(account, amount, date, cash_account)?
            .entry)
    }

    /// A withdrawal (as [`Book::withdraw`]), with the account as it stands
    /// after it: [`Book::withdrawal_plan`] and its commit.
    pub fn record_withdrawal(
        &mut self,
        account: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMoveOutcome, BookError> {
        let plan = self.withdrawal_plan(account, amount, date, cash_account)?;
        self.commit_savings_move(&plan)
    }

    /// Works out a deposit without writing: checked, the entry it will post,
    /// the account after it (a member's first deposit without an account
    /// opens the ordinary one).
    pub fn deposit_plan(
        &self,
        member: u32,
        account: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMovePlan, BookError> {
        self.move_checks(date, cash_account, amount)?;
        let tx = self.store().read()?;
        self.deposit_in(&tx, member, account, amount, date, cash_account)
    }

    /// Works out a withdrawal without writing: checked against what is
    /// available, the entry it will post, the account after it.
    pub fn withdrawal_plan(
        &self,
        account: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMovePlan, BookError> {
        self.move_checks(date, cash_account, amount)?;
        let tx = self.store().read()?;
        self.withdrawal_in(&tx, account, amount, date, cash_account)
    }

    /// Posts a planned deposit or withdrawal, in one transaction with one
    /// entry; the plan is made again inside the transaction.
    pub fn commit_savings_move(
        &mut self,
        plan: &SavingsMovePlan,
    ) -> Result<SavingsMoveOutcome, BookError> {
        self.move_checks(plan.date, &plan.cash_account, plan.amount)?;
        let tx = self.store().write()?;
        let done = self.commit_savings_move_in(&tx, plan)?;
        tx.commit()?;
        Ok(done)
    }

    /// A planned deposit or withdrawal made again and posted in `tx`, not
    /// committed.
    pub(crate) fn commit_savings_move_in(
        &self,
        tx: &WriteTx,
        plan: &SavingsMovePlan,
    ) -> Result<SavingsMoveOutcome, BookError> {
        let (amount, date) = (plan.amount, plan.date);
        let cash_account = plan.cash_account.as_str();
        let plan = if plan.kind == MoveKind::Withdrawal {
            self.withdrawal_in(tx, plan.after.account.id, amount, date, cash_account)?
        } else {
            if plan.requested.is_none() {
                ensure_default_product(tx)?;
            }
            self.deposit_in(tx, plan.member, plan.requested, amount, date, cash_account)?
        };
        let id = plan.after.account.id;
        if plan.opens_account {
            new_account(tx, plan.member, 1, None, None, date)?;
        }
        let signed = if plan.kind == MoveKind::Withdrawal {
            -amount
        } else {
            amount
        };
        let moves = vec![(id, plan.kind, signed, Money::ZERO)];
        let e = self.post_moves(tx, plan.draft, moves)?;
        let account = self.view_in(tx, id)?;
        Ok(SavingsMoveOutcome { entry: e, account })
    }

    /// The plan of a deposit as the book stands in `tx`.
    fn deposit_in(
        &self,
        tx: &impl StoreRead,
        member: u32,
        account: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMovePlan, BookError> {
        let (acc, opens_account) = match account {
            Some(id) => (self.account_in(tx, id)?.0, false),
            None => Self::ordinary_account_plan(tx, member, date)?,
        };
        if acc.member != member {
            return Err(SavingsError::UnknownAccount(acc.id).into());
        }
        let product = product_of(tx, &acc)?;
        let plan = move_plan(
            tx,
            MoveKind::Deposit,
            acc,
            product,
            amount,
            date,
            cash_account,
        )?;
        Ok(SavingsMovePlan {
            requested: account,
            opens_account,
            ..plan
        })
    }

    /// The plan of a withdrawal as the book stands in `tx`.
    fn withdrawal_in(
        &self,
        tx: &impl StoreRead,
        account: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<SavingsMovePlan, BookError> {
        let (acc, product) = self.account_in(tx, account)?;
        ensure_available(&acc, &product, amount)?;
        move_plan(
            tx,
            MoveKind::Withdrawal,
            acc,
            product,
            amount,
            date,
            cash_account,
        )
    }

    /// Moves savings between two accounts of the same member.
    pub fn transfer_savings(
        &mut self,
        from: u32,
        to: u32,
        amount: Money,
        date: NaiveDate,
    ) -> Result<Entry, BookError> {
        self.move_checks(date, CASH, amount)?;
        self.in_one_write(|book, tx| book.transfer_in(tx, from, to, amount, date))
    }

    fn transfer_in(
        &self,
        tx: &WriteTx,
        from: u32,
        to: u32,
        amount: Money,
        date: NaiveDate,
    ) -> Result<Entry, BookError> {
        let (draft, a, b) = self.transfer_draft(tx, from, to, amount, date)?;
        self.post_moves(
            tx,
            draft,
            vec![
                (a, MoveKind::TransferOut, -amount, Money::ZERO),
                (b, MoveKind::TransferIn, amount, Money::ZERO),
            ],
        )
    }

    /// Works out a transfer between a member's savings accounts without
    /// writing: checked as [`Book::transfer_savings`] checks it, the entry
    /// it will post (the teaching panel shows it before it is confirmed).
    pub fn transfer_plan(
        &self,
        from: u32,
        to: u32,
        amount: Money,
        date: NaiveDate,
    ) -> Result<EntryDraft, BookError> {
        self.move_checks(date, CASH, amount)?;
        let tx = self.store().read()?;
        Ok(self.transfer_draft(&tx, from, to, amount, date)?.0)
    }

    /// The entry of a transfer and the two accounts' ids, checked: one
    /// member's two accounts, the amount available in the first.
    fn transfer_draft(
        &self,
        tx: &impl StoreRead,
        from: u32,
        to: u32,
        amount: Money,
        date: NaiveDate,
    ) -> Result<(EntryDraft, u32, u32), BookError> {
        let (a, pa) = self.account_in(tx, from)?;
        let (b, _) = self.account_in(tx, to)?;
        if a.id == b.id || a.member != b.member {
            return Err(SavingsError::BadTransfer.into());
        }
        ensure_available(&a, &pa, amount)?;
        let draft = EntryDraft::new(
            date,
            &format!("Transferencia entre cuentas de ahorro {} → {}", a.id, b.id),
            "",
            EntryKind::Savings,
            vec![
                Posting::debit(SAVINGS_DEPOSITS, amount).for_member(a.member),
                Posting::credit(SAVINGS_DEPOSITS, amount).for_member(a.member),
            ],
        )?;
        Ok((draft, a.id, b.id))
    }

    /// Blocks savings as a loan guarantee (encaje): moves them to restricted deposits (2105).
    pub fn block_savings(
        &mut self,
        account: u32,
        amount: Money,
        date: NaiveDate,
        reference: &str,
    ) -> Result<Entry, BookError> {
        self.move_checks(date, CASH, amount)?;
        self.in_one_write(|book, tx| book.block_in(tx, account, amount, date, reference))
    }

    pub(crate) fn block_in(
        &self,
        tx: &WriteTx,
        account: u32,
        amount: Money,
        date: NaiveDate,
        reference: &str,
    ) -> Result<Entry, BookError> {
        let (acc, product) = self.account_in(tx, account)?;
        ensure_available(&acc, &product, amount)?;
        self.post_block_move(tx, &acc, MoveKind::Block, amount, date, reference)
    }

    /// Releases blocked savings back to the ordinary deposits.
    pub fn release_savings(
        &mut self,
        account: u32,
        amount: Money,
        date: NaiveDate,
        reference: &str,
    ) -> Result<Entry, BookError> {
        self.move_checks(date, CASH, amount)?;
        self.in_one_write(|book, tx| book.release_in(tx, account, amount, date, reference))
    }

    pub(crate) fn release_in(
        &self,
        tx: &WriteTx,
        account: u32,
        amount: Money,
        date: NaiveDate,
        reference: &str,
    ) -> Result<Entry, BookError> {
        let (acc, _) = self.account_in(tx, account)?;
        if amount > acc.blocked {
            return Err(SavingsError::NotBlocked {
                blocked: acc.blocked,
            }
            .into());
        }
        self.post_block_move(tx, &acc, MoveKind::Release, amount, date, reference)
    }

    /// Posts a block ([`MoveKind::Block`]: 2101 to the restricted deposits,
    /// 2105) or its release (back), and the account's movement.
    fn post_block_move(
        &self,
        tx: &WriteTx,
        acc: &SavingsAccount,
        kind: MoveKind,
        amount: Money,
        date: NaiveDate,
        reference: &str,
    ) -> Result<Entry, BookError> {
        let (text, from, to, blocked_change) = if kind == MoveKind::Block {
            let text = "Bloqueo de ahorro como garantía (encaje), cuenta";
            (text, SAVINGS_DEPOSITS, RESTRICTED_DEPOSITS, amount)
        } else {
            let text = "Liberación de ahorro bloqueado, cuenta";
            (text, RESTRICTED_DEPOSITS, SAVINGS_DEPOSITS, -amount)
        };
        let draft = EntryDraft::new(
            date,
            &format!("{text} {}", acc.id),
            reference,
            EntryKind::Savings,
            vec![
                Posting::debit(from, amount).for_member(acc.member),
                Posting::credit(to, amount).for_member(acc.member),
            ],
        )?;
        let moves = vec![(acc.id, kind, Money::ZERO, blocked_change)];
        self.post_moves(tx, draft, moves)
    }

    /// Runs `f` in one write transaction, committed when it succeeds.
    fn in_one_write<T>(
        &mut self,
        f: impl FnOnce(&Self, &WriteTx) -> Result<T, BookError>,
    ) -> Result<T, BookError> {
        let tx = self.store().write()?;
        let out = f(self, &tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The checks of a savings movement: those of any cash operation, and
    /// an amount above zero.
    fn move_checks(
        &self,
        date: NaiveDate,
        cash_account: &str,
        amount: Money,
    ) -> Result<(), BookError> {
        self.cash_guard(date, cash_account)?;
        positive(amount)
    }

    /// A passbook: the account's movements with the running balance.
    pub fn passbook(&self, account: u32) -> Result<(SavingsView, Vec<PassbookLine>), BookError> {
        let tx = self.store().read()?;
        let (a, p) = self.account_in(&tx, account)?;
        let mut bal = Money::ZERO;
        let lines = tx
            .savings_moves(account)?
            .into_iter()
            .map(|mv| {
                bal += mv.amount;
                PassbookLine {
                    date: mv.date,
                    kind: mv.kind,
                    amount: mv.amount,
                    blocked_change: mv.blocked_change,
                    balance: bal,
                    entry: mv.entry,
                }
            })
            .collect();
        Ok((SavingsView::new(a, p), lines))
    }

    /// Computes each account's interest for a month, without posting: (account, member, interest).
    pub fn savings_interest_preview(
        &self,
        month: Month,
    ) -> Result<Vec<(u32, u32, Money)>, BookError> {
        let tx = self.store().read()?;
        self.interest_lines(&tx, month)
    }

    fn interest_lines(
        &self,
        tx: &impl StoreRead,
        month: Month,
    ) -> Result<Vec<(u32, u32, Money)>, BookError> {
        let count = tx
            .meta_get::<DayCount>("day_count")?
            .unwrap_or(DayCount::Thirty360);
        let products: BTreeMap<u32, SavingsProduct> = tx
            .savings_products()?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut out = Vec::new();
        for a in tx.savings_accounts()? {
            let Some(p) = products.get(&a.product) else {
                continue;
            };
            if p.rate <= Decimal::ZERO {
                continue;
            }
            let moves = tx.savings_moves(a.id)?;
            let opening: Money = moves
                .iter()
                .filter(|mv| mv.date < month.first_day())
                .map(|mv| mv.amount)
                .sum();
            let within: Vec<(NaiveDate, Money)> = moves
                .iter()
                .filter(|mv| month.contains(mv.date))
                .map(|mv| (mv.date, mv.amount))
                .collect();
            let base = interest_base(opening, &within, month, p.base);
            let i = month_interest(base, p.rate, month, count);
            if i.is_positive() {
                out.push((a.id, a.member, i));
            }
        }
        Ok(out)
    }

    /// Posts the month's interest on savings (Dr 4101, Cr 2101 per member), dated
    /// the month's last day. Once per month; the month must have ended.
    pub fn post_savings_interest(&mut self, month: Month) -> Result<Option<Entry>, BookError> {
        self.check_writable()?;
        if month.last_day() >= self.today() && month >= Month::of(self.today()) {
            return Err(SavingsError::MonthNotEnded(month).into());
        }
        self.check_date_open(month.last_day())?;
        let tx = self.store().write()?;
        let e = self.post_interest_in(&tx, month)?;
        tx.commit()?;
        Ok(e)
    }

    pub(crate) fn post_interest_in(
        &self,
        tx: &WriteTx,
        month: Month,
    ) -> Result<Option<Entry>, BookError> {
        if tx.savings_interest_entry(month.key())?.is_some() {
            return Err(SavingsError::InterestPosted(month).into());
        }
        let Some((draft, moves)) = self.interest_plan(tx, month)? else {
            return Ok(None);
        };
        let e = self.post_moves(tx, draft, moves)?;
        tx.set_savings_interest(month.key(), Some(e.id))?;
        Ok(Some(e))
    }

    /// The interest entry of `month` and the savings movements it makes,
    /// worked out in `tx` without writing.
    #[allow(clippy::type_complexity)]
    pub(crate) fn interest_plan(
        &self,
        tx: &impl StoreRead,
        month: Month,
    ) -> Result<Option<(EntryDraft, Vec<(u32, MoveKind, Money, Money)>)>, BookError> {
        let lines = self.interest_lines(tx, month)?;
        if lines.is_empty() {
            return Ok(None);
        }
        let total: Money = lines.iter().map(|l| l.2).sum();
        let mut postings = vec![Posting::debit(SAVINGS_INTEREST_EXPENSE, total)];
        postings.extend(
            lines
                .iter()
                .map(|&(_, member, i)| Posting::credit(SAVINGS_DEPOSITS, i).for_member(member)),
        );
        let draft = EntryDraft::new(
            month.last_day(),
            &format!("Interés sobre ahorros de {}", month.name(Lang::BOOK)),
            "",
            EntryKind::SavingsInterest,
            postings,
        )?;
        let moves = lines
            .iter()
            .map(|&(acc, _, i)| (acc, MoveKind::Interest, i, Money::ZERO))
            .collect();
        Ok(Some((draft, moves)))
    }

    /// Called for every posted entry that the savings module did not make: a
    /// line on 2101 with a member is a deposit to (credit) or a withdrawal from
    /// (debit) that member's ordinary account; 2105 moves only through blocks.
    pub(crate) fn savings_hook(&self, tx: &WriteTx, e: &Entry) -> Result<(), BookError> {
        // The savings and loan modules record their own savings movements.
        if matches!(
            e.kind,
            EntryKind::Savings | EntryKind::SavingsInterest | EntryKind::Reversal | EntryKind::Loan
        ) {
            return Ok(());
        }
        // One movement per member and entry (several lines for one member add up).
        let mut per_member: std::collections::BTreeMap<u32, Money> =
            std::collections::BTreeMap::new();
        for p in &e.postings {
            if p.account == RESTRICTED_DEPOSITS {
                return Err(SavingsError::RestrictedManual(p.account.clone()).into());
            }
            if p.account != SAVINGS_DEPOSITS {
                continue;
            }
            let Some(member) = p.member else { continue };
            let signed = match p.side {
                Side::Credit => p.amount,
                Side::Debit => -p.amount,
            };
            *per_member.entry(member).or_default() += signed;
        }
        for (member, amount) in per_member {
            if amount.is_zero() {
                continue;
            }
            let acc = self.ordinary_account(tx, member, e.date)?;
            let kind = if amount.is_positive() {
                MoveKind::Deposit
            } else {
                MoveKind::Withdrawal
            };
            if acc.balance + amount < acc.blocked {
                let product = product_of(tx, &acc)?;
                return Err(insufficient(amount.abs(), &acc, &product));
            }
            apply_move(
                tx,
                &SavingsMove {
                    account: acc.id,
                    date: e.date,
                    kind,
                    amount,
                    blocked_change: Money::ZERO,
                    entry: e.id,
                },
            )?;
        }
        Ok(())
    }

    /// When an entry is reversed, its savings movements are undone by opposite movements.
    pub(crate) fn undo_savings_in(
        &self,
        tx: &WriteTx,
        orig: &Entry,
        reversal: &Entry,
    ) -> Result<(), BookError> {
        for (account, day) in tx.savings_moves_of_entry(orig.id)? {
            let Some(mv) = tx.get_savings_move(account, day, orig.id)? else {
                continue;
            };
            let acc = tx
                .savings_account(account)?
                .ok_or(SavingsError::UnknownAccount(account))?;
            let (bal, blocked) = (acc.balance - mv.amount, acc.blocked - mv.blocked_change);
            if bal.is_negative() || blocked.is_negative() || bal < blocked {
                return Err(SavingsError::ReversalOverdraws(account).into());
            }
            apply_move(
                tx,
                &SavingsMove {
                    account,
                    date: reversal.date,
                    kind: MoveKind::Reversal,
                    amount: -mv.amount,
                    blocked_change: -mv.blocked_change,
                    entry: reversal.id,
                },
            )?;
        }
        if orig.kind == EntryKind::SavingsInterest {
            let month = Month::of(orig.date);
            if tx.savings_interest_entry(month.key())? == Some(orig.id) {
                tx.set_savings_interest(month.key(), None)?;
            }
        }
        Ok(())
    }

    /// The solidarity fund's balance (credit balance of 3303).
    pub fn fund_balance(&self) -> Result<Money, BookError> {
        let month = Month::of(self.today()).max(self.current_month()?);
        Ok(-self.balance_of(FUND_ACCOUNT, month)?)
    }

    /// A voluntary contribution to the solidarity fund.
    pub fn fund_contribute(
        &mut self,
        member: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        description: &str,
    ) -> Result<Entry, BookError> {
        let request = FundRequest::Contribution {
            member,
            description: description.to_string(),
        };
        let plan = self.fund_plan(request, amount, date, cash_account)?;
        Ok(self.commit_fund(&plan)?.entry)
    }

    /// A grant from the solidarity fund; never more than the fund holds.
    /// `beneficiary` names who receives it; for a member's grant it may be
    /// empty (the member) or name someone else (their family).
    #[allow(clippy::too_many_arguments)]
    pub fn fund_grant(
        &mut self,
        member: Option<u32>,
        beneficiary: &str,
        amount: Money,
        reason: &str,
        approval: &str,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<FundGrant, BookError> {
        let request = FundRequest::Grant {
            member,
            beneficiary: beneficiary.to_string(),
            reason: reason.to_string(),
            approval: approval.to_string(),
        };
        let plan = self.fund_plan(request, amount, date, cash_account)?;
        self.commit_fund(&plan)?
            .grant
            .ok_or(SavingsError::GrantIncomplete.into())
    }

    /// Works out a contribution to or a grant from the solidarity fund
    /// without writing: checked, the entry it will post, the grant's record,
    /// and the fund's balance after it.
    pub fn fund_plan(
        &self,
        request: FundRequest,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<FundPlan, BookError> {
        self.move_checks(date, cash_account, amount)?;
        self.fund_in(&self.store().read()?, request, amount, date, cash_account)
    }

    /// Posts a planned contribution or grant, in one transaction with one
    /// entry; the plan is made again inside the transaction.
    pub fn commit_fund(&mut self, plan: &FundPlan) -> Result<FundOutcome, BookError> {
        self.move_checks(plan.date, &plan.cash_account, plan.amount)?;
        self.in_one_write(|book, tx| book.fund_committed(tx, plan))
    }

    fn fund_committed(&self, tx: &WriteTx, asked: &FundPlan) -> Result<FundOutcome, BookError> {
        let (amount, date, cash_account) = (asked.amount, asked.date, &asked.cash_account);
        let plan = self.fund_in(tx, asked.request.clone(), amount, date, cash_account)?;
        let entry = self.post_in(tx, plan.draft)?;
        let grant = match plan.grant {
            Some(grant) => {
                let grant = FundGrant {
                    entry: entry.id,
                    ..grant
                };
                tx.put_fund_grant(&grant)?;
                tx.meta_put("next_grant", &(grant.number + 1))?;
                Some(grant)
            }
            None => None,
        };
        Ok(FundOutcome {
            entry,
            grant,
            fund_after: plan.fund_after,
        })
    }

    /// The plan of a contribution or a grant as the book stands in `tx`.
    fn fund_in(
        &self,
        tx: &impl StoreRead,
        request: FundRequest,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<FundPlan, BookError> {
        let fund_before = self.fund_balance()?;
        let (draft, grant, fund_after) = match &request {
            FundRequest::Contribution {
                member,
                description,
            } => {
                let text = if description.trim().is_empty() {
                    "Aporte voluntario al fondo solidario"
                } else {
                    description
                };
                let mut debit = Posting::debit(cash_account, amount);
                let mut credit = Posting::credit(FUND_ACCOUNT, amount);
                if let Some(mm) = *member {
                    debit = debit.for_member(mm);
                    credit = credit.for_member(mm);
                }
                let draft = EntryDraft::new(date, text, "", EntryKind::Fund, vec![debit, credit])?;
                (draft, None, fund_before + amount)
            }
            FundRequest::Grant {
                member,
                beneficiary,
                reason,
                approval,
            } => {
                let (member, reason, approval) = (*member, reason.as_str(), approval.as_str());
                crate::domain::text::field(crate::domain::text::TextField::Reason, reason)?;
                crate::domain::text::field(crate::domain::text::TextField::Approval, approval)?;
                let named = crate::domain::text::field(
                    crate::domain::text::TextField::Beneficiary,
                    beneficiary,
                )?;
                // A grant for a member goes to them unless another beneficiary is
                // named (their family, say); the member is recorded either way.
                let beneficiary = match member {
                    Some(mm) => {
                        let mm = tx
                            .member(mm)?
                            .ok_or_else(|| BookError::UnknownMember(mm.to_string()))?;
                        if named.is_empty() {
                            mm.full_name()
                        } else {
                            named
                        }
                    }
                    None => named,
                };
                if beneficiary.is_empty() || reason.trim().is_empty() || approval.trim().is_empty()
                {
                    return Err(SavingsError::GrantIncomplete.into());
                }
                let totals = tx.totals_through(Month::of(date).max(Month::of(self.today())))?;
                let balance = totals
                    .get(FUND_ACCOUNT)
                    .map(|(d, c)| Money::from_cents(c - d))
                    .unwrap_or_default();
                if amount > balance {
                    return Err(SavingsError::FundTooSmall { amount, balance }.into());
                }
                let mut debit = Posting::debit(FUND_ACCOUNT, amount);
                let mut credit = Posting::credit(cash_account, amount);
                if let Some(mm) = member {
                    debit = debit.for_member(mm);
                    credit = credit.for_member(mm);
                }
                let draft = EntryDraft::new(
                    date,
                    &format!("Ayuda del fondo solidario: {beneficiary}"),
                    approval.trim(),
                    EntryKind::Fund,
                    vec![debit, credit],
                )?;
                let number: u64 = tx.meta_get("next_grant")?.unwrap_or(1);
                let grant = FundGrant {
                    number,
                    entry: tx.meta_get::<u64>("next_entry_id")?.unwrap_or(1),
                    member,
                    beneficiary,
                    amount,
                    reason: super::squashed(reason, 200),
                    approval: approval.trim().chars().take(60).collect(),
                    date,
                };
                (draft, Some(grant), fund_before - amount)
            }
        };
        Ok(FundPlan {
            request,
            amount,
            date,
            cash_account: cash_account.to_string(),
            draft,
            grant,
            fund_after,
        })
    }

    pub fn fund_grants(&self) -> Result<Vec<FundGrant>, BookError> {
        Ok(self.store().read()?.fund_grants()?)
    }

    /// Every savings account (for reports and the dashboard).
    pub fn all_savings(&self) -> Result<Vec<SavingsAccount>, BookError> {
        Ok(self.store().read()?.savings_accounts()?)
    }
}

pub(super) fn default_product() -> SavingsProduct {
    SavingsProduct {
        id: 1,
        name: "Ahorro a la vista".into(),
        kind: SavingsKind::Ordinary,
        rate: Decimal::ZERO,
        base: InterestBase::AverageDaily,
        min_balance: Money::ZERO,
    }
}

pub(super) fn ensure_default_product(tx: &WriteTx) -> Result<(), BookError> {
    if !tx.savings_products()?.iter().any(|p| p.id == 1) {
        tx.put_savings_product(&default_product())?;
    }
    Ok(())
}

pub(super) fn new_account(
    tx: &WriteTx,
    member: u32,
    product: u32,
    target: Option<Money>,
    term_months: Option<u32>,
    date: NaiveDate,
) -> Result<SavingsAccount, BookError> {
    let a = planned_account(tx, member, product, target, term_months, date)?;
    tx.put_savings_account(&a)?;
    tx.meta_put("next_savings_account", &(a.id + 1))?;
    Ok(a)
}

/// The account [`new_account`] opens next in `tx`, not written.
fn planned_account(
    tx: &impl StoreRead,
    member: u32,
    product: u32,
    target: Option<Money>,
    term_months: Option<u32>,
    date: NaiveDate,
) -> Result<SavingsAccount, BookError> {
    let id: u32 = tx.meta_get("next_savings_account")?.unwrap_or(1);
    Ok(SavingsAccount {
        id,
        member,
        product,
        opened: date,
        target,
        term_months,
        balance: Money::ZERO,
        blocked: Money::ZERO,
    })
}

/// The product of `acc` as `tx` holds it (the default product when it is
/// not stored yet).
fn product_of(tx: &impl StoreRead, acc: &SavingsAccount) -> Result<SavingsProduct, BookError> {
    Ok(tx
        .savings_products()?
        .into_iter()
        .find(|p| p.id == acc.product)
        .unwrap_or_else(default_product))
}

pub(super) fn apply_move(tx: &WriteTx, mv: &SavingsMove) -> Result<(), BookError> {
    let mut acc = tx
        .savings_account(mv.account)?
        .ok_or(SavingsError::UnknownAccount(mv.account))?;
    acc.balance += mv.amount;
    acc.blocked += mv.blocked_change;
    tx.put_savings_account(&acc)?;
    tx.put_savings_move(mv)?;
    let _ = mv.date.day();
    Ok(())
}

/// A deposit into or a withdrawal from `acc` (`kind`) through
/// `cash_account`, checked already: the entry it will post and the account
/// after it.
fn move_plan(
    tx: &impl StoreRead,
    kind: MoveKind,
    acc: SavingsAccount,
    product: SavingsProduct,
    amount: Money,
    date: NaiveDate,
    cash_account: &str,
) -> Result<SavingsMovePlan, BookError> {
    let member = acc.member;
    let (text, debit, credit, change) = if kind == MoveKind::Withdrawal {
        ("Retiro de ahorro", SAVINGS_DEPOSITS, cash_account, -amount)
    } else {
        ("Depósito de ahorro", cash_account, SAVINGS_DEPOSITS, amount)
    };
    let name = tx.member_name(member)?;
    let draft = EntryDraft::new(
        date,
        &format!("{text}: {name}"),
        &format!("Cta. {}", acc.id),
        EntryKind::Savings,
        vec![
            Posting::debit(debit, amount).for_member(member),
            Posting::credit(credit, amount).for_member(member),
        ],
    )?;
    let mut after = acc;
    after.balance += change;
    Ok(SavingsMovePlan {
        kind,
        member,
        requested: Some(after.id),
        amount,
        date,
        cash_account: cash_account.to_string(),
        opens_account: false,
        draft,
        after: SavingsView::new(after, product),
    })
}

/// The refusal of taking `amount` from `acc`, with its figures.
fn insufficient(amount: Money, acc: &SavingsAccount, product: &SavingsProduct) -> BookError {
    SavingsError::Insufficient {
        amount,
        available: acc.available(product),
        balance: acc.balance,
        minimum: product.min_balance,
        blocked: acc.blocked,
    }
    .into()
}

/// Refuses taking more than is available from `acc`.
fn ensure_available(
    acc: &SavingsAccount,
    product: &SavingsProduct,
    amount: Money,
) -> Result<(), BookError> {
    if amount > acc.available(product) {
        Err(insufficient(amount, acc, product))
    } else {
        Ok(())
    }
}
