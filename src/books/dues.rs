//! Dues and contributions: charge types, charge generation, payments at the
//! meeting (oldest first, advances), waivers, arrears.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Book, BookError, m};
use crate::domain::account::codes::ADVANCE_COLLECTIONS;
use crate::domain::dues::{
    ChargeKind, ChargeType, Frequency, Owed, Receipt, ReceiptLine, Waiver, allocate, oldest_first,
};
use crate::domain::entry::{EntryDraft, EntryKind, Posting};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::store::charges::FastReads;
use crate::store::{DuesFigures, StoreRead, WriteTx};

/// A member's charges not stored yet: (month, charge type, amount).
type MissingCharges = Vec<(Month, u32, Money)>;

/// How many months ahead a payment in advance may reach.
pub const MAX_ADVANCE_MONTHS: u32 = 12;

/// Why a dues operation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DuesError {
    #[error("the amount must be greater than zero")]
    NonPositive,
    #[error("the charge type needs a name")]
    EmptyName,
    #[error("extraordinary dues need the assembly's approval reference")]
    ApprovalRequired,
    #[error("account {0} cannot receive dues (use an income, equity or liability account)")]
    BadAccount(String),
    #[error("account {0} is not a cash or bank account")]
    BadCashAccount(String),
    #[error("charge type {0} not found")]
    UnknownType(u32),
    #[error("{member} owes nothing")]
    NothingOwed { member: String },
    #[error("the payment exceeds what is owed plus {months} months ahead (at most {max})")]
    TooMuch { max: Money, months: u32 },
    #[error("no such charge for that member and month")]
    NoSuchCharge,
    #[error("the waiver exceeds what is still due ({due})")]
    WaiverTooLarge { due: Money },
    #[error("a waiver needs a reason")]
    ReasonRequired,
    #[error("entry {0} applies payments in advance to their month; reverse the payment instead")]
    AppliedAdvance(u64),
}

impl DuesError {
    pub fn message(&self, lang: Lang) -> String {
        use DuesError::*;
        match self {
            NonPositive => Msg::ErrDuesNonPositive.t(lang).into(),
            EmptyName => Msg::ErrDuesEmptyName.t(lang).into(),
            ApprovalRequired => Msg::ErrDuesApprovalRequired.t(lang).into(),
            BadAccount(a) => Msg::ErrDuesBadAccount.fill(lang, &[("a", &a)]),
            BadCashAccount(a) => Msg::ErrDuesBadCashAccount.fill(lang, &[("a", &a)]),
            UnknownType(t) => Msg::ErrDuesUnknownType.fill(lang, &[("t", &t)]),
            NothingOwed { member } => Msg::ErrDuesNothingOwed.fill(lang, &[("member", &member)]),
            TooMuch { max, months: 0 } => {
                Msg::ErrDuesTooMuch.fill(lang, &[("most", &max.localized(lang))])
            }
            TooMuch { max, months } => Msg::ErrDuesTooMuchWithAdvance
                .fill(lang, &[("most", &max.localized(lang)), ("months", &months)]),
            NoSuchCharge => Msg::ErrDuesNoSuchCharge.t(lang).into(),
            WaiverTooLarge { due } => {
                Msg::ErrDuesWaiverTooLarge.fill(lang, &[("due", &due.localized(lang))])
            }
            ReasonRequired => Msg::ErrDuesReasonRequired.t(lang).into(),
            AppliedAdvance(id) => Msg::ErrDuesAppliedAdvance.fill(lang, &[("id", &id)]),
        }
    }
}

/// A new charge type, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeTypeInput {
    pub name: String,
    pub kind: ChargeKind,
    /// `None`: monthly for dues, contributions and fund; once for admission and extraordinary.
    pub frequency: Option<Frequency>,
    /// `None`: the kind's default account.
    pub account: Option<String>,
    pub start_month: Month,
    pub amount: Money,
    pub approval: String,
    pub members: Option<Vec<u32>>,
}

/// A charge of a member with its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChargeLine {
    pub month: Month,
    pub charge_type: u32,
    pub type_name: String,
    pub account: String,
    pub amount: Money,
    pub paid: Money,
    pub waived: Money,
    pub due: Money,
}

/// One charge a payment pays (all or part of).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedLine {
    pub month: Month,
    pub charge_type: u32,
    pub type_name: String,
    pub account: String,
    /// Still due before this payment.
    pub due_before: Money,
    /// Applied by this payment.
    pub applied: Money,
}

/// What a payment will do, before it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentPlan {
    pub member: Member,
    pub total: Money,
    /// Charges paid, oldest first (advance months last).
    pub lines: Vec<PlannedLine>,
    /// Of the total, how much pays charges of months after the payment's
    /// own: held as collected in advance (299010) until their month.
    pub advance: Money,
    /// The journal lines that will post.
    pub postings: Vec<Posting>,
}

/// The generation of charges worked out ([`Book::charge_generation_plan`]).
#[derive(Clone, Debug)]
pub struct ChargeGenerationPlan {
    pub through: Month,
    /// The charges it creates, and their total.
    pub count: usize,
    pub amount: Money,
    /// The entry applying what was collected in advance for them.
    pub advances: Option<crate::domain::entry::Entry>,
}

/// What a generation of charges did ([`Book::commit_charge_generation`]).
#[derive(Clone, Debug)]
pub struct ChargeGenerationOutcome {
    pub generated: usize,
    pub amount: Money,
    pub advances: Option<crate::domain::entry::Entry>,
}

/// A dues payment worked out and not yet recorded
/// ([`Book::dues_payment_plan`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuesPaymentPlan {
    /// The charges it pays, the part held in advance, the journal lines.
    pub payment: PaymentPlan,
    pub date: NaiveDate,
    pub cash_account: String,
    /// The charges picked, if the payment is not oldest first.
    pub picks: Option<Vec<(Month, u32)>>,
    /// The receipt's number.
    pub receipt: u64,
    /// The entry it will post.
    pub draft: EntryDraft,
    /// The month the member's balance is counted through.
    pub through: Month,
    /// What the member will still owe through `through`.
    pub still_owed: Money,
}

/// What a dues payment did ([`Book::record_dues_payment`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuesPaymentOutcome {
    pub receipt: Receipt,
    /// What pays months after the payment's own: held as collected in
    /// advance (299010) until their month.
    pub advance: Money,
    /// The month the member's balance is counted through: the current
    /// month, or the payment's when later.
    pub through: Month,
    /// What the member still owes through `through`.
    pub still_owed: Money,
}

/// What a waiver did ([`Book::record_waiver`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverOutcome {
    pub waiver: Waiver,
    /// The current month, or the waived charge's when later.
    pub through: Month,
    /// What the member still owes through `through`.
    pub still_owed: Money,
}

/// One line of the arrears report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArrearsRow {
    pub member: u32,
    pub id_number: String,
    pub name: String,
    pub community: String,
    pub months: usize,
    pub amount: Money,
    pub oldest: Month,
}

/// Collection of a month: what was charged and what has been paid of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Collection {
    pub charged: Money,
    pub paid: Money,
    pub waived: Money,
}

impl Collection {
    /// Paid over (charged - waived), in percent; `None` when nothing was charged.
    pub fn rate_percent(&self) -> Option<i64> {
        let base = self.charged - self.waived;
        if base.is_positive() {
            Some(self.paid.cents() * 100 / base.cents())
        } else {
            None
        }
    }
}

fn member_months(mm: &Member) -> (Month, Option<Month>) {
    let left = match &mm.status {
        crate::domain::member::MemberStatus::Retired { date, .. } => Some(Month::of(*date)),
        crate::domain::member::MemberStatus::Active => None,
    };
    (Month::of(mm.join_date), left)
}

impl Book {
    pub fn charge_types(&self) -> Result<Vec<ChargeType>, BookError> {
        Ok(self.store().read()?.charge_types()?)
    }

    fn dues_account_ok(&self, code: &str) -> bool {
        self.is_postable(code) && matches!(code.as_bytes().first(), Some(b'2' | b'3' | b'5'))
    }

    /// Defines a new charge type.
    pub fn add_charge_type(&mut self, input: &ChargeTypeInput) -> Result<ChargeType, BookError> {
        self.check_writable()?;
        let name = crate::domain::text::field(crate::domain::text::TextField::Name, &input.name)?;
        crate::domain::text::field(crate::domain::text::TextField::Approval, &input.approval)?;
        if name.is_empty() {
            return Err(DuesError::EmptyName.into());
        }
        if !input.amount.is_positive() {
            return Err(DuesError::NonPositive.into());
        }
        if input.kind == ChargeKind::Extraordinary && input.approval.trim().is_empty() {
            return Err(DuesError::ApprovalRequired.into());
        }
        let account = input
            .account
            .clone()
            .unwrap_or_else(|| input.kind.default_account().to_string());
        if !self.dues_account_ok(&account) {
            return Err(DuesError::BadAccount(account).into());
        }
        let frequency = input.frequency.unwrap_or(match input.kind {
            ChargeKind::Admission | ChargeKind::Extraordinary => Frequency::Once,
            _ => Frequency::Monthly,
        });
        if let Some(list) = &input.members {
            let tx = self.store().read()?;
            for id in list {
                if tx.member(*id)?.is_none() {
                    return Err(BookError::UnknownMember(id.to_string()));
                }
            }
        }
        let tx = self.store().write()?;
        let id: u32 = tx.meta_get("next_charge_type")?.unwrap_or(1);
        let t = ChargeType {
            id,
            name,
            kind: input.kind,
            frequency,
            account,
            start_month: input.start_month,
            end_month: None,
            amounts: vec![(input.start_month, input.amount)],
            approval: input.approval.trim().to_string(),
            members: input.members.clone(),
        };
        tx.put_charge_type(&t)?;
        tx.meta_put("next_charge_type", &(id + 1))?;
        tx.commit()?;
        Ok(t)
    }

    /// Changes a type's amount from a month on; charges already generated keep theirs.
    pub fn set_charge_amount(
        &mut self,
        type_id: u32,
        from: Month,
        amount: Money,
    ) -> Result<ChargeType, BookError> {
        if !amount.is_positive() {
            return Err(DuesError::NonPositive.into());
        }
        self.update_charge_type(type_id, |t| t.set_amount_from(from, amount))
    }

    /// Switches a type off from a month on (or back on with `None`).
    pub fn switch_off_charge_type(
        &mut self,
        type_id: u32,
        from: Option<Month>,
    ) -> Result<ChargeType, BookError> {
        self.update_charge_type(type_id, |t| t.end_month = from)
    }

    fn update_charge_type(
        &mut self,
        type_id: u32,
        f: impl FnOnce(&mut ChargeType),
    ) -> Result<ChargeType, BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        let mut t = tx
            .charge_types()?
            .into_iter()
            .find(|t| t.id == type_id)
            .ok_or(DuesError::UnknownType(type_id))?;
        f(&mut t);
        tx.put_charge_type(&t)?;
        tx.commit()?;
        Ok(t)
    }

    /// Charges a member should have through `through` that are not stored yet.
    ///
    /// Reads only the months after those known complete (see
    /// [`charges_fingerprint`]); without that knowledge, the member's whole history.
    fn missing_charges(
        tx: &impl FastReads,
        types: &[ChargeType],
        mm: &Member,
        through: Month,
    ) -> Result<Vec<(Month, u32, Money)>, BookError> {
        let fp = charges_fingerprint(types, mm)?;
        let done = Self::complete_through(tx, mm.id, fp)?;
        let stored = match done {
            Some(w) => tx.member_charges_from(mm.id, w.saturating_add(1))?,
            None => tx.member_charges(mm.id)?,
        };
        Ok(Self::missing_given(types, mm, through, &stored, done))
    }

    /// Through which month (key) the member's charges are known complete,
    /// if the record was made with the same fingerprint.
    fn complete_through(
        tx: &impl FastReads,
        member: u32,
        fp: u64,
    ) -> Result<Option<u32>, BookError> {
        Ok(match tx.charges_complete(member)? {
            Some((w, f)) if f == fp => Some(w),
            _ => None,
        })
    }

    /// The same, given the member's stored charges (in key order, as the
    /// store returns them) of the months after `done` (all when `None`).
    fn missing_given(
        types: &[ChargeType],
        mm: &Member,
        through: Month,
        stored: &[crate::store::ChargeRow],
        done: Option<u32>,
    ) -> Vec<(Month, u32, Money)> {
        let (join, left) = member_months(mm);
        let join = match done {
            Some(w) => join.max(Month::from_key(w.saturating_add(1))),
            None => join,
        };
        let mut out = Vec::new();
        for t in types {
            // The admission fee falls on the join month itself.
            if t.kind == ChargeKind::Admission
                && done.is_some_and(|w| member_months(mm).0.key() <= w)
            {
                continue;
            }
            for month in t.due_months(mm.id, join, left, through) {
                let key = (month.key(), t.id);
                if stored.binary_search_by(|(k, _)| k.cmp(&key)).is_err()
                    && let Some(a) = t.amount_for(month)
                {
                    out.push((month, t.id, a));
                }
            }
        }
        out
    }

    /// [`Book::missing_charges`] of every member given, in that order: the
    /// types' fingerprint computed once and each table opened once (the
    /// reports that look at every member: arrears, the month's collection).
    fn missing_all(
        tx: &impl FastReads,
        types: &[ChargeType],
        members: &[Member],
        through: Month,
    ) -> Result<Vec<MissingCharges>, BookError> {
        let prefix = types_fingerprint(types)?;
        let ids: Vec<u32> = members.iter().map(|mm| mm.id).collect();
        let stored = tx.charges_after_complete(&ids)?;
        let mut out = Vec::with_capacity(members.len());
        for (mm, (rec, rows)) in members.iter().zip(stored) {
            let fp = member_fingerprint(prefix, mm)?;
            let missing = match rec {
                // Complete through `w` with this fingerprint: the rows after it.
                Some((w, f)) if f == fp => Self::missing_given(types, mm, through, &rows, Some(w)),
                // A record made before a change: the whole history.
                Some(_) => {
                    let all = tx.member_charges(mm.id)?;
                    Self::missing_given(types, mm, through, &all, None)
                }
                // No record: the rows are the whole history.
                None => Self::missing_given(types, mm, through, &rows, None),
            };
            out.push(missing);
        }
        Ok(out)
    }

    /// Generates every member's charges through `through`, and applies what
    /// was collected in advance for them (see [`Book::apply_advances_in`]).
    /// Generating twice creates nothing new.
    pub fn generate_charges(&mut self, through: Month) -> Result<usize, BookError> {
        Ok(self.generate_charges_and_apply(through)?.0)
    }

    /// [`Book::generate_charges`], also returning the entry that applied what
    /// was collected in advance for the charges, if anything was.
    pub fn generate_charges_and_apply(
        &mut self,
        through: Month,
    ) -> Result<(usize, Option<crate::domain::entry::Entry>), BookError> {
        let plan = self.charge_generation_plan(through)?;
        let done = self.commit_charge_generation(&plan)?;
        Ok((done.generated, done.advances))
    }

    /// Works out the generation of every member's charges through `through`
    /// without writing: how many and their total, and the entry applying
    /// what was collected in advance for them, with the number it will take.
    pub fn charge_generation_plan(
        &self,
        through: Month,
    ) -> Result<ChargeGenerationPlan, BookError> {
        self.check_writable()?;
        let tx = self.store().read()?;
        let (count, amount) = Self::charges_plan(&tx, through)?;
        let advances = match self.advances_plan(&tx, through)? {
            Some((draft, _)) => Some(self.seal_next(&tx, draft)?),
            None => None,
        };
        Ok(ChargeGenerationPlan {
            through,
            count,
            amount,
            advances,
        })
    }

    /// Generates the planned charges and applies the advances, in one
    /// transaction (planned again inside it).
    pub fn commit_charge_generation(
        &mut self,
        plan: &ChargeGenerationPlan,
    ) -> Result<ChargeGenerationOutcome, BookError> {
        self.check_writable()?;
        let through = plan.through;
        let tx = self.store().write()?;
        let (_, amount) = Self::charges_plan(&tx, through)?;
        let generated = self.generate_in(&tx, through)?;
        // The month's charges are here: what was collected for them in
        // advance becomes theirs.
        let advances = self.apply_advances_in(&tx, through)?;
        tx.commit()?;
        Ok(ChargeGenerationOutcome {
            generated,
            amount,
            advances,
        })
    }

    /// How many charges [`Book::generate_charges`] would create through
    /// `through` now. Writes nothing (the arrears report uses it to say when
    /// charges are still to be generated).
    pub fn charges_to_generate(&self, through: Month) -> Result<usize, BookError> {
        let tx = self.store().read()?;
        let types = tx.charge_types()?;
        let members = tx.members()?;
        Ok(Self::missing_all(&tx, &types, &members, through)?
            .iter()
            .map(Vec::len)
            .sum())
    }

    /// How many charges generating through `through` creates in `tx`, and
    /// their total. Writes nothing.
    pub(crate) fn charges_plan(
        tx: &impl FastReads,
        through: Month,
    ) -> Result<(usize, Money), BookError> {
        let types = tx.charge_types()?;
        let members = tx.members()?;
        let missing = Self::missing_all(tx, &types, &members, through)?;
        let n = missing.iter().map(Vec::len).sum();
        let total = missing.iter().flatten().map(|c| c.2).sum();
        Ok((n, total))
    }

    pub(crate) fn generate_in(&self, tx: &WriteTx, through: Month) -> Result<usize, BookError> {
        let types = tx.charge_types()?;
        let mut n = 0;
        for mm in tx.members()? {
            for (month, ty, amount) in Self::missing_charges(tx, &types, &mm, through)? {
                tx.put_charge(mm.id, month.key(), ty, DuesFigures::charged(amount.cents()))?;
                n += 1;
            }
            // Now complete through `through`: later reads start after it.
            let fp = charges_fingerprint(&types, &mm)?;
            let done = Self::complete_through(tx, mm.id, fp)?.unwrap_or(0);
            tx.set_charges_complete(mm.id, done.max(through.key()), fp)?;
        }
        Ok(n)
    }

    fn charge_lines(
        types: &HashMap<u32, ChargeType>,
        rows: impl IntoIterator<Item = (Month, u32, DuesFigures)>,
    ) -> Vec<ChargeLine> {
        rows.into_iter()
            .map(|(month, ty, v)| {
                let (a, p, w) = v.stored();
                let t = types.get(&ty);
                ChargeLine {
                    month,
                    charge_type: ty,
                    type_name: t.map(|t| t.name.clone()).unwrap_or_default(),
                    account: t.map(|t| t.account.clone()).unwrap_or_default(),
                    amount: m(a),
                    paid: m(p),
                    waived: m(w),
                    due: m(a - p - w),
                }
            })
            .collect()
    }

    /// A member's charges through `through` (stored or still to generate), oldest first.
    pub fn member_charges(
        &self,
        member: u32,
        through: Month,
    ) -> Result<Vec<ChargeLine>, BookError> {
        let tx = self.store().read()?;
        let mm = tx
            .member(member)?
            .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
        let types: Vec<ChargeType> = tx.charge_types()?;
        let stored = tx.member_charges(member)?;
        let missing = Self::missing_given(&types, &mm, through, &stored, None);
        let mut rows: Vec<(Month, u32, DuesFigures)> = stored
            .into_iter()
            .map(|((mo, ty), v)| (Month::from_key(mo), ty, v))
            .filter(|(mo, _, _)| *mo <= through)
            .collect();
        for (mo, ty, a) in missing {
            rows.push((mo, ty, DuesFigures::charged(a.cents())));
        }
        rows.sort_by_key(|r| (r.0, r.1));
        let map = types.into_iter().map(|t| (t.id, t)).collect();
        Ok(Self::charge_lines(&map, rows))
    }

    /// What a member owes through `through`, oldest first: the arrears index
    /// and the charges not generated yet, not the member's whole history.
    pub fn owed(&self, member: u32, through: Month) -> Result<Vec<ChargeLine>, BookError> {
        let tx = self.store().read()?;
        let mm = tx
            .member(member)?
            .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
        let types: Vec<ChargeType> = tx.charge_types()?;
        let mut rows: Vec<(Month, u32, DuesFigures)> = Vec::new();
        // The stored charges from the oldest one still owed (usually none or recent).
        if let Some(oldest) = tx.oldest_owed(member)? {
            for ((mo, ty), v) in tx.member_charges_from(member, oldest)? {
                if mo <= through.key() && v.due() > 0 {
                    rows.push((Month::from_key(mo), ty, v));
                }
            }
        }
        for (mo, ty, a) in Self::missing_charges(&tx, &types, &mm, through)? {
            rows.push((mo, ty, DuesFigures::charged(a.cents())));
        }
        rows.sort_by_key(|r| (r.0, r.1));
        let map = types.into_iter().map(|t| (t.id, t)).collect();
        Ok(Self::charge_lines(&map, rows))
    }

    /// Plans a payment without writing: the charges it pays (oldest first, or
    /// the ones picked), advance months, and the journal lines.
    pub fn plan_payment(
        &self,
        member: u32,
        amount: Money,
        picks: Option<&[(Month, u32)]>,
    ) -> Result<PaymentPlan, BookError> {
        let tx = self.store().read()?;
        let through = self.current_month()?;
        self.plan_in(&tx, member, amount, picks, through, Month::of(self.today()))
    }

    /// `pay_month` is the month of the payment's date: what it pays of
    /// later months is collected in advance.
    fn plan_in(
        &self,
        tx: &impl FastReads,
        member: u32,
        amount: Money,
        picks: Option<&[(Month, u32)]>,
        through: Month,
        pay_month: Month,
    ) -> Result<PaymentPlan, BookError> {
        if !amount.is_positive() {
            return Err(DuesError::NonPositive.into());
        }
        let mm = tx
            .member(member)?
            .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
        let types: Vec<ChargeType> = tx.charge_types()?;
        let type_map: HashMap<u32, ChargeType> = types.iter().map(|t| (t.id, t.clone())).collect();
        // Everything owed through this month, stored or not yet generated.
        // From the arrears index: only what is still due matters here.
        let mut rows: BTreeMap<(u32, u32), (i64, i64, i64)> = tx
            .member_owed(member)?
            .into_iter()
            .filter(|((mo, _), _)| *mo <= through.key())
            .map(|(k, due)| (k, (due, 0, 0)))
            .collect();
        for (mo, ty, a) in Self::missing_charges(tx, &types, &mm, through)? {
            rows.insert((mo.key(), ty), (a.cents(), 0, 0));
        }
        let mut owed: Vec<Owed> = rows
            .iter()
            .filter(|(k, v)| {
                v.0 - v.1 - v.2 > 0
                    && picks.is_none_or(|p| p.iter().any(|(pm, pt)| pm.key() == k.0 && *pt == k.1))
            })
            .map(|(k, v)| Owed {
                month: Month::from_key(k.0),
                charge_type: k.1,
                due: m(v.0 - v.1 - v.2),
            })
            .collect();
        oldest_first(&mut owed);
        let (applied, mut rest) = allocate(&owed, amount);
        // (month, type, due before, applied)
        let mut lines: Vec<(Month, u32, Money, Money)> = applied
            .iter()
            .map(|&(i, a)| (owed[i].month, owed[i].charge_type, owed[i].due, a))
            .collect();
        if rest.is_positive() && picks.is_none() {
            // Payment in advance: the monthly charges of the coming months, in order.
            let (join, left) = member_months(&mm);
            let last = through.key() + MAX_ADVANCE_MONTHS;
            let mut future: Vec<Owed> = Vec::new();
            if left.is_none() {
                for t in types.iter().filter(|t| t.frequency == Frequency::Monthly) {
                    for mo in t.due_months(mm.id, join, None, Month::from_key(last)) {
                        if mo <= through {
                            continue;
                        }
                        let stored = tx.charge(member, mo.key(), t.id)?;
                        let (a, p, w) = stored
                            .unwrap_or_else(|| {
                                DuesFigures::charged(
                                    t.amount_for(mo).map(Money::cents).unwrap_or(0),
                                )
                            })
                            .stored();
                        if a - p - w > 0 {
                            future.push(Owed {
                                month: mo,
                                charge_type: t.id,
                                due: m(a - p - w),
                            });
                        }
                    }
                }
            }
            oldest_first(&mut future);
            let (fa, frest) = allocate(&future, rest);
            for (i, a) in fa {
                lines.push((future[i].month, future[i].charge_type, future[i].due, a));
            }
            if frest.is_positive() {
                let max: Money = owed.iter().map(|o| o.due).sum::<Money>()
                    + future.iter().map(|o| o.due).sum::<Money>();
                if max.is_zero() {
                    return Err(DuesError::NothingOwed {
                        member: mm.full_name(),
                    }
                    .into());
                }
                return Err(DuesError::TooMuch {
                    max,
                    // A retired member pays nothing in advance.
                    months: if left.is_none() {
                        MAX_ADVANCE_MONTHS
                    } else {
                        0
                    },
                }
                .into());
            }
            rest = frest;
        }
        if rest.is_positive() {
            let max: Money = owed.iter().map(|o| o.due).sum();
            if max.is_zero() {
                return Err(DuesError::NothingOwed {
                    member: mm.full_name(),
                }
                .into());
            }
            return Err(DuesError::TooMuch { max, months: 0 }.into());
        }
        // One credit line per account, each naming the member. What pays a
        // later month than the payment's own is a liability until that month.
        let mut by_account: BTreeMap<String, Money> = BTreeMap::new();
        let mut planned = Vec::with_capacity(lines.len());
        let mut advance = Money::ZERO;
        for (month, ty, due_before, applied) in lines {
            let t = type_map.get(&ty).ok_or(DuesError::UnknownType(ty))?;
            let account = if month > pay_month {
                advance += applied;
                ADVANCE_COLLECTIONS.to_string()
            } else {
                t.account.clone()
            };
            *by_account.entry(account).or_default() += applied;
            planned.push(PlannedLine {
                month,
                charge_type: ty,
                type_name: t.name.clone(),
                account: t.account.clone(),
                due_before,
                applied,
            });
        }
        let mut postings =
            vec![Posting::debit(crate::domain::account::codes::CASH, amount).for_member(member)];
        postings.extend(
            by_account
                .into_iter()
                .map(|(acc, a)| Posting::credit(&acc, a).for_member(member)),
        );
        Ok(PaymentPlan {
            member: mm,
            total: amount,
            lines: planned,
            advance,
            postings,
        })
    }

    /// Records a member's payment: one balanced entry (Dr cash or bank, Cr the
    /// accounts of the charges paid, or 299010 for what pays a later month than
    /// the payment's own), the charges updated and a numbered receipt, all in
    /// one transaction.
    pub fn pay_dues(
        &mut self,
        member: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        picks: Option<&[(Month, u32)]>,
    ) -> Result<Receipt, BookError> {
        let through = self.dues_payment_guard(date, cash_account)?;
        let tx = self.store().write()?;
        let done = self
            .pay_dues_in(&tx, member, amount, date, cash_account, picks, through)
            .and_then(|r| {
                tx.commit()?;
                Ok(r)
            });
        if done.is_err() {
            // The advance accounts a failed payment put in the cached chart.
            self.chart = self.store().read()?.accounts()?;
        }
        done
    }

    /// A dues payment in `tx`, not committed: the entry, the charges, the
    /// advances held and the numbered receipt. A book made before the
    /// advance account was seeded gets it now, in this transaction (and in
    /// the cached chart: the caller reloads the chart if `tx` is dropped).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn pay_dues_in(
        &mut self,
        tx: &WriteTx,
        member: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        picks: Option<&[(Month, u32)]>,
        through: Month,
    ) -> Result<Receipt, BookError> {
        let plan = self.payment_in(tx, member, amount, picks, through, date, cash_account)?;
        if plan.advance.is_positive() && self.account(ADVANCE_COLLECTIONS).is_none() {
            for a in crate::domain::account::advance_accounts() {
                if tx.account(&a.code)?.is_none() {
                    tx.put_account(&a)?;
                }
                if self.account(&a.code).is_none() {
                    self.chart.push(a);
                }
            }
            self.chart.sort_by(|a, b| a.code.cmp(&b.code));
        }
        self.record_payment(tx, &plan, date, cash_account)
    }

    /// The checks of a dues payment before its plan (the book is writable,
    /// the cash account, the date is open); the month the member's charges
    /// are counted through.
    fn dues_payment_guard(&self, date: NaiveDate, cash_account: &str) -> Result<Month, BookError> {
        self.cash_guard(date, cash_account)?;
        Ok(self.current_month()?.max(Month::of(date)))
    }

    /// The plan of a payment dated `date` into `cash_account`, in `tx`.
    #[allow(clippy::too_many_arguments)]
    fn payment_in(
        &self,
        tx: &impl FastReads,
        member: u32,
        amount: Money,
        picks: Option<&[(Month, u32)]>,
        through: Month,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<PaymentPlan, BookError> {
        let mut plan = self.plan_in(tx, member, amount, picks, through, Month::of(date))?;
        if let Some(first) = plan.postings.first_mut() {
            first.account = cash_account.to_string();
        }
        Ok(plan)
    }

    /// Works out a dues payment dated `date` without writing: the charges it
    /// pays, the part held in advance, the receipt's number, the entry it
    /// will post and what the member still owes after it. Refused for the
    /// same reasons as the payment.
    pub fn dues_payment_plan(
        &self,
        member: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        picks: Option<&[(Month, u32)]>,
    ) -> Result<DuesPaymentPlan, BookError> {
        let through = self.dues_payment_guard(date, cash_account)?;
        let tx = self.store().read()?;
        let payment = self.payment_in(&tx, member, amount, picks, through, date, cash_account)?;
        let receipt: u64 = tx.meta_get("next_receipt")?.unwrap_or(1);
        let draft = Self::payment_draft(&payment, date, receipt)?;
        let owed_now: Money = payment
            .lines
            .iter()
            .filter(|l| l.month <= through)
            .map(|l| l.applied)
            .sum();
        Ok(DuesPaymentPlan {
            still_owed: self.still_owed(member, through)? - owed_now,
            payment,
            date,
            cash_account: cash_account.to_string(),
            picks: picks.map(<[_]>::to_vec),
            receipt,
            draft,
            through,
        })
    }

    /// Records a planned dues payment (the plan is made again inside the
    /// payment's one transaction) and returns its outcome.
    pub fn commit_dues_payment(
        &mut self,
        plan: &DuesPaymentPlan,
    ) -> Result<DuesPaymentOutcome, BookError> {
        let (member, date) = (plan.payment.member.id, plan.date);
        let receipt = self.pay_dues(
            member,
            plan.payment.total,
            date,
            &plan.cash_account,
            plan.picks.as_deref(),
        )?;
        let paid_month = Month::of(date);
        let through = self.current_month()?.max(paid_month);
        let advance = receipt
            .lines
            .iter()
            .filter(|l| l.month > paid_month)
            .map(|l| l.amount)
            .sum();
        Ok(DuesPaymentOutcome {
            receipt,
            advance,
            through,
            still_owed: self.still_owed(member, through)?,
        })
    }

    /// The entry of a payment with receipt `number`.
    fn payment_draft(
        plan: &PaymentPlan,
        date: NaiveDate,
        number: u64,
    ) -> Result<EntryDraft, BookError> {
        let name = plan.member.full_name();
        Ok(EntryDraft::new(
            date,
            &format!("Cobro de cuotas y aportes: {name}"),
            &format!("Recibo {number:06}"),
            EntryKind::DuesPayment,
            plan.postings.clone(),
        )?)
    }

    /// The payment's entry, charges, advances held and receipt, committed.
    fn record_payment(
        &self,
        tx: &WriteTx,
        plan: &PaymentPlan,
        date: NaiveDate,
        cash_account: &str,
    ) -> Result<Receipt, BookError> {
        let member = plan.member.id;
        let number: u64 = tx.meta_get("next_receipt")?.unwrap_or(1);
        let draft = Self::payment_draft(plan, date, number)?;
        let entry = self.post_in(tx, draft)?;
        let mut rlines = Vec::new();
        let types = tx.charge_types()?;
        let pay_month = Month::of(date);
        for l in &plan.lines {
            let stored = tx.charge(member, l.month.key(), l.charge_type)?;
            let amount_of = || {
                types
                    .iter()
                    .find(|t| t.id == l.charge_type)
                    .and_then(|t| t.amount_for(l.month))
                    .map(Money::cents)
                    .unwrap_or(0)
            };
            let v = stored.unwrap_or_else(|| DuesFigures::charged(amount_of()));
            tx.put_charge(
                member,
                l.month.key(),
                l.charge_type,
                DuesFigures {
                    paid: v.paid + l.applied.cents(),
                    ..v
                },
            )?;
            if l.month > pay_month {
                tx.put_advance(
                    (l.month.key(), member, l.charge_type, number),
                    l.applied.cents(),
                )?;
            }
            rlines.push(ReceiptLine {
                month: l.month,
                charge_type: l.charge_type,
                amount: l.applied,
            });
        }
        let receipt = Receipt {
            number,
            entry: entry.id,
            member,
            date,
            cash_account: cash_account.to_string(),
            total: plan.total,
            lines: rlines,
            reversed_by: None,
        };
        tx.put_receipt(&receipt)?;
        tx.meta_put("next_receipt", &(number + 1))?;
        Ok(receipt)
    }

    /// Moves what was collected in advance for charges of months through
    /// `through` (and not later than today's month) from 299010 to the
    /// charges' accounts: one balanced entry, dated the last day of `through`
    /// (today when that is later than today or in a closed month). Called
    /// where the month's charges are generated. `None` when nothing is held.
    pub(crate) fn apply_advances_in(
        &self,
        tx: &WriteTx,
        through: Month,
    ) -> Result<Option<crate::domain::entry::Entry>, BookError> {
        let Some((draft, rows)) = self.advances_plan(tx, through)? else {
            return Ok(None);
        };
        let entry = self.post_in(tx, draft)?;
        for (key, _) in rows {
            tx.put_advance(key, 0)?;
        }
        Ok(Some(entry))
    }

    /// The entry [`Book::apply_advances_in`] posts and the advances it
    /// empties, worked out in `tx` without writing.
    pub(crate) fn advances_plan(
        &self,
        tx: &impl FastReads,
        through: Month,
    ) -> Result<Option<(EntryDraft, Vec<crate::store::charges::AdvanceRow>)>, BookError> {
        let today = self.today();
        let limit = through.min(Month::of(today));
        let rows = tx.advances_through(limit.key())?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut date = limit.last_day().min(today);
        let closed: Option<u32> = tx.meta_get("closed_through")?;
        if closed.is_some_and(|c| Month::of(date).key() <= c) {
            date = today;
        }
        let accounts: HashMap<u32, String> = tx
            .charge_types()?
            .into_iter()
            .map(|t| (t.id, t.account))
            .collect();
        // Per member: the liability released, and what each account receives.
        let mut held: BTreeMap<u32, i64> = BTreeMap::new();
        let mut to: BTreeMap<(u32, String), i64> = BTreeMap::new();
        for &((_, mem, ty, _), cents) in &rows {
            let acc = accounts.get(&ty).ok_or(DuesError::UnknownType(ty))?;
            *held.entry(mem).or_default() += cents;
            *to.entry((mem, acc.clone())).or_default() += cents;
        }
        let mut postings = Vec::with_capacity(held.len() + to.len());
        for (mem, cents) in held.into_iter().filter(|(_, c)| *c > 0) {
            postings.push(Posting::debit(ADVANCE_COLLECTIONS, m(cents)).for_member(mem));
        }
        for ((mem, acc), cents) in to.into_iter().filter(|(_, c)| *c > 0) {
            postings.push(Posting::credit(&acc, m(cents)).for_member(mem));
        }
        let draft = EntryDraft::new(
            date,
            &format!(
                "Cobros anticipados aplicados a sus meses (hasta {})",
                limit.name(Lang::BOOK)
            ),
            "",
            EntryKind::DuesAdvance,
            postings,
        )?;
        Ok(Some((draft, rows)))
    }

    /// The lines that reverse entry `orig`: its lines with the sides swapped,
    /// except for a dues payment whose advance has since been applied to its
    /// month, where that part is taken back from the charge's account instead
    /// of 299010. An entry applying advances is not reversed on its own.
    pub(crate) fn reversal_of(
        &self,
        tx: &impl FastReads,
        orig: &crate::domain::entry::Entry,
        date: NaiveDate,
        text: &str,
    ) -> Result<EntryDraft, BookError> {
        use crate::domain::entry::Side;
        if orig.kind == EntryKind::DuesAdvance {
            return Err(DuesError::AppliedAdvance(orig.id).into());
        }
        let mirror = orig.reversal_draft(date, text)?;
        if orig.kind != EntryKind::DuesPayment
            || !orig
                .postings
                .iter()
                .any(|p| p.account == ADVANCE_COLLECTIONS)
        {
            return Ok(mirror);
        }
        let Some(r) = tx
            .receipt_by_entry(orig.id)?
            .map(|n| tx.receipt(n))
            .transpose()?
            .flatten()
        else {
            return Ok(mirror);
        };
        let accounts: HashMap<u32, String> = tx
            .charge_types()?
            .into_iter()
            .map(|t| (t.id, t.account))
            .collect();
        let mut still_held = 0i64;
        let mut applied: BTreeMap<String, i64> = BTreeMap::new();
        for l in r.lines.iter().filter(|l| l.month > Month::of(r.date)) {
            let held = tx
                .advance((l.month.key(), r.member, l.charge_type, r.number))?
                .unwrap_or(0)
                .clamp(0, l.amount.cents());
            still_held += held;
            if held < l.amount.cents() {
                let acc = accounts
                    .get(&l.charge_type)
                    .ok_or(DuesError::UnknownType(l.charge_type))?;
                *applied.entry(acc.clone()).or_default() += l.amount.cents() - held;
            }
        }
        if applied.is_empty() {
            return Ok(mirror);
        }
        let mut lines: Vec<Posting> = mirror
            .postings()
            .iter()
            .filter(|p| p.account != ADVANCE_COLLECTIONS)
            .cloned()
            .collect();
        if still_held > 0 {
            lines.push(Posting::debit(ADVANCE_COLLECTIONS, m(still_held)).for_member(r.member));
        }
        for (acc, cents) in applied {
            match lines
                .iter_mut()
                .find(|p| p.account == acc && p.side == Side::Debit && p.member == Some(r.member))
            {
                Some(p) => p.amount += m(cents),
                None => lines.push(Posting::debit(&acc, m(cents)).for_member(r.member)),
            }
        }
        Ok(orig.reversal_draft_with(date, text, lines)?)
    }

    /// When a dues payment entry is reversed, its charges become due again.
    pub(crate) fn undo_receipt_in(
        &self,
        tx: &WriteTx,
        entry: u64,
        reversal: u64,
    ) -> Result<(), BookError> {
        let Some(n) = tx.receipt_by_entry(entry)? else {
            return Ok(());
        };
        let Some(mut r) = tx.receipt(n)? else {
            return Ok(());
        };
        for l in &r.lines {
            if let Some(v) = tx.charge(r.member, l.month.key(), l.charge_type)? {
                tx.put_charge(
                    r.member,
                    l.month.key(),
                    l.charge_type,
                    DuesFigures {
                        paid: v.paid - l.amount.cents(),
                        ..v
                    },
                )?;
            }
            // What it still held in advance goes back with the payment.
            let key = (l.month.key(), r.member, l.charge_type, r.number);
            if tx.advance(key)?.is_some() {
                tx.put_advance(key, 0)?;
            }
        }
        r.reversed_by = Some(reversal);
        tx.put_receipt(&r)?;
        Ok(())
    }

    /// A dues payment (as [`Book::pay_dues`]), with what it left: the part
    /// held in advance and what the member still owes.
    pub fn record_dues_payment(
        &mut self,
        member: u32,
        amount: Money,
        date: NaiveDate,
        cash_account: &str,
        picks: Option<&[(Month, u32)]>,
    ) -> Result<DuesPaymentOutcome, BookError> {
        let plan = self.dues_payment_plan(member, amount, date, cash_account, picks)?;
        self.commit_dues_payment(&plan)
    }

    /// A waiver (as [`Book::waive`]), with what the member still owes after it.
    #[allow(clippy::too_many_arguments)]
    pub fn record_waiver(
        &mut self,
        member: u32,
        month: Month,
        charge_type: u32,
        amount: Option<Money>,
        reason: &str,
        approval: &str,
        date: NaiveDate,
    ) -> Result<WaiverOutcome, BookError> {
        let waiver = self.waive(member, month, charge_type, amount, reason, approval, date)?;
        let through = self.current_month()?.max(month);
        Ok(WaiverOutcome {
            waiver,
            through,
            still_owed: self.still_owed(member, through)?,
        })
    }

    /// What a member owes through `through`, in all.
    fn still_owed(&self, member: u32, through: Month) -> Result<Money, BookError> {
        Ok(self.owed(member, through)?.iter().map(|c| c.due).sum())
    }

    /// Forgives all or part of a charge (exoneración). Posts no income.
    #[allow(clippy::too_many_arguments)]
    pub fn waive(
        &mut self,
        member: u32,
        month: Month,
        charge_type: u32,
        amount: Option<Money>,
        reason: &str,
        approval: &str,
        date: NaiveDate,
    ) -> Result<Waiver, BookError> {
        self.check_writable()?;
        let reason = crate::domain::text::field(crate::domain::text::TextField::Reason, reason)?;
        crate::domain::text::field(crate::domain::text::TextField::Approval, approval)?;
        if reason.is_empty() {
            return Err(DuesError::ReasonRequired.into());
        }
        let tx = self.store().write()?;
        let mm = tx
            .member(member)?
            .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
        let types = tx.charge_types()?;
        if !types.iter().any(|t| t.id == charge_type) {
            return Err(DuesError::UnknownType(charge_type).into());
        }
        let stored = match tx.charge(member, month.key(), charge_type)? {
            Some(v) => Some(v),
            None => Self::missing_charges(&tx, &types, &mm, month.max(self.current_month()?))?
                .into_iter()
                .find(|(mo, ty, _)| *mo == month && *ty == charge_type)
                .map(|(_, _, a)| DuesFigures::charged(a.cents())),
        };
        let v = stored.ok_or(DuesError::NoSuchCharge)?;
        let due = m(v.due());
        let amount = amount.unwrap_or(due);
        if !amount.is_positive() {
            return Err(DuesError::NonPositive.into());
        }
        if amount > due {
            return Err(DuesError::WaiverTooLarge { due }.into());
        }
        tx.put_charge(
            member,
            month.key(),
            charge_type,
            DuesFigures {
                waived: v.waived + amount.cents(),
                ..v
            },
        )?;
        let number: u64 = tx.meta_get("next_waiver")?.unwrap_or(1);
        let waiver = Waiver {
            number,
            member,
            month,
            charge_type,
            amount,
            reason: reason.chars().take(200).collect(),
            approval: approval.trim().chars().take(60).collect(),
            date,
        };
        tx.put_waiver(&waiver)?;
        tx.meta_put("next_waiver", &(number + 1))?;
        tx.commit()?;
        Ok(waiver)
    }

    /// Members who owe charges of months up to `through`: months and amount
    /// owed, oldest month. Reads the arrears index, and counts the charges
    /// not generated yet (the open month's, before the close generates them)
    /// as [`Book::owed`] does, so the interface and the reports agree.
    pub fn arrears(&self, through: Month) -> Result<Vec<ArrearsRow>, BookError> {
        let tx = self.store().read()?;
        let mut per: BTreeMap<u32, (BTreeSet<u32>, i64, u32)> = BTreeMap::new();
        for o in tx.all_owed()? {
            let (mem, mo, due) = (o.key.member, o.key.month, o.due);
            if mo > through.key() {
                continue;
            }
            let e = per.entry(mem).or_insert((BTreeSet::new(), 0, u32::MAX));
            e.0.insert(mo);
            e.1 += due;
            e.2 = e.2.min(mo);
        }
        let types = tx.charge_types()?;
        let all = tx.members()?;
        let missing = Self::missing_all(&tx, &types, &all, through)?;
        let mut members: HashMap<u32, Member> = HashMap::new();
        for (mm, missing) in all.into_iter().zip(missing) {
            for (mo, _ty, a) in missing {
                let e = per.entry(mm.id).or_insert((BTreeSet::new(), 0, u32::MAX));
                e.0.insert(mo.key());
                e.1 += a.cents();
                e.2 = e.2.min(mo.key());
            }
            members.insert(mm.id, mm);
        }
        let mut out = Vec::new();
        for (mem, (months, due, oldest)) in per {
            let Some(mm) = members.get(&mem) else {
                continue;
            };
            if due <= 0 {
                continue;
            }
            out.push(ArrearsRow {
                member: mem,
                id_number: mm.id_number.clone(),
                name: mm.full_name(),
                community: mm.community.clone(),
                months: months.len(),
                amount: m(due),
                oldest: Month::from_key(oldest),
            });
        }
        Ok(out)
    }

    /// Receipts of one day, oldest first.
    pub fn receipts_of_day(&self, day: NaiveDate) -> Result<Vec<Receipt>, BookError> {
        let tx = self.store().read()?;
        let mut out = Vec::new();
        let mut older = 0;
        tx.receipts_rev(&mut |r| {
            if r.date == day {
                out.push(r);
                older = 0;
            } else if r.date < day {
                // Receipts are numbered in time; a few back-dated ones may interleave.
                older += 1;
            }
            older < 50
        })?;
        out.reverse();
        Ok(out)
    }

    /// The receipts numbered after `after`, oldest first (`0`: all of them).
    pub fn receipts_after(&self, after: u64) -> Result<Vec<Receipt>, BookError> {
        let tx = self.store().read()?;
        let mut out = Vec::new();
        tx.receipts_rev(&mut |r| {
            if r.number > after {
                out.push(r);
                true
            } else {
                false
            }
        })?;
        out.reverse();
        Ok(out)
    }

    /// The receipt of a dues payment entry, if it is one.
    pub fn receipt_of_entry(&self, entry: u64) -> Result<Option<Receipt>, BookError> {
        let tx = self.store().read()?;
        Ok(match tx.receipt_by_entry(entry)? {
            Some(n) => tx.receipt(n)?,
            None => None,
        })
    }

    /// A member's stored charges of months after `month`: those already paid
    /// (all or part) in advance, as they stand today.
    pub fn member_charges_after(
        &self,
        member: u32,
        month: Month,
    ) -> Result<Vec<ChargeLine>, BookError> {
        let tx = self.store().read()?;
        let types: HashMap<u32, ChargeType> =
            tx.charge_types()?.into_iter().map(|t| (t.id, t)).collect();
        let rows = tx
            .member_charges_from(member, month.key().saturating_add(1))?
            .into_iter()
            .map(|((mo, ty), v)| (Month::from_key(mo), ty, v));
        Ok(Self::charge_lines(&types, rows))
    }

    pub fn receipt(&self, number: u64) -> Result<Option<Receipt>, BookError> {
        Ok(self.store().read()?.receipt(number)?)
    }

    /// Charged and collected for the charges of a month (maintained totals).
    /// For a month not closed yet, the charges still to be generated count as
    /// charged (from the charge types), so the rate reads what share of the
    /// month's dues has come in, not only of those a payment already made.
    pub fn collection(&self, month: Month) -> Result<Collection, BookError> {
        let tx = self.store().read()?;
        let (mut c, p, w) = tx.dues_month_totals(month.key())?.stored();
        let closed: Option<u32> = tx.meta_get("closed_through")?;
        if closed.is_none_or(|k| month.key() > k) {
            let types = tx.charge_types()?;
            let members = tx.members()?;
            for missing in Self::missing_all(&tx, &types, &members, month)? {
                for (mo, _ty, a) in missing {
                    if mo == month {
                        c += a.cents();
                    }
                }
            }
        }
        Ok(Collection {
            charged: m(c),
            paid: m(p),
            waived: m(w),
        })
    }

    pub fn waivers(&self) -> Result<Vec<Waiver>, BookError> {
        Ok(self.store().read()?.waivers()?)
    }
}

/// A fingerprint of everything that decides which charges fall due to a
/// member (the member's record and the charge types): a record that the
/// member's charges are complete is trusted only while it is unchanged, so no
/// operation that edits members or types has to remember to clear it.
/// FNV-1a over the stored encodings.
pub(crate) fn charges_fingerprint(types: &[ChargeType], mm: &Member) -> Result<u64, BookError> {
    member_fingerprint(types_fingerprint(types)?, mm)
}

/// FNV-1a of one value into `h`, then a separator.
fn fnv_feed(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Separates one value from the next.
    *h ^= 0xff;
    *h = h.wrapping_mul(0x0000_0100_0000_01b3);
}

/// The fingerprint's state after the charge types (the same for every member).
fn types_fingerprint(types: &[ChargeType]) -> Result<u64, BookError> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in types {
        fnv_feed(&mut h, &crate::store::encode(t)?);
    }
    Ok(h)
}

/// [`charges_fingerprint`] from the types' state.
fn member_fingerprint(types: u64, mm: &Member) -> Result<u64, BookError> {
    let mut h = types;
    fnv_feed(&mut h, &crate::store::encode(mm)?);
    Ok(h)
}
