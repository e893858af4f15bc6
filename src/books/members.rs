//! Members: add, edit, retire (never delete), list, search.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Book, BookError, m};
use crate::domain::member::{Member, MemberInput, MemberStatus, ValidMember};
use crate::domain::money::Money;
use crate::domain::text::{self, TextField};
use crate::store::{StoreRead, WriteTx};

/// A member's balance in one subledger account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberBalance {
    pub account: String,
    pub debit: Money,
    pub credit: Money,
    pub balance: Money,
}

impl Book {
    /// All members, sorted by surnames then names.
    pub fn members(&self) -> Result<Vec<Member>, BookError> {
        let mut v = self.store().read()?.members()?;
        v.sort_by(|a, b| {
            (a.last_names.to_lowercase(), a.first_names.to_lowercase())
                .cmp(&(b.last_names.to_lowercase(), b.first_names.to_lowercase()))
        });
        Ok(v)
    }

    pub fn member(&self, id: u32) -> Result<Option<Member>, BookError> {
        Ok(self.store().read()?.member(id)?)
    }

    /// Finds a member by internal number or identification number.
    pub fn find_member(&self, key: &str) -> Result<Member, BookError> {
        let key = key.trim();
        let tx = self.store().read()?;
        if let Some(id) = tx.member_by_id_number(key)?
            && let Some(mm) = tx.member(id)?
        {
            return Ok(mm);
        }
        if let Some(num) = key
            .strip_prefix('#')
            .unwrap_or(key)
            .parse::<u32>()
            .ok()
            .filter(|n| *n < 1_000_000)
            && let Some(mm) = tx.member(num)?
        {
            return Ok(mm);
        }
        Err(BookError::UnknownMember(key.to_string()))
    }

    pub(crate) fn insert_member(&self, tx: &WriteTx, v: ValidMember) -> Result<Member, BookError> {
        let id: u32 = tx.meta_get("next_member_id")?.unwrap_or(1);
        self.insert_member_as(tx, v, id, MemberStatus::Active)
    }

    /// Inserts a member under number `id` (free, and not below the book's
    /// next number: numbers are never reused) with `status`; the next number
    /// follows it.
    pub(crate) fn insert_member_as(
        &self,
        tx: &WriteTx,
        v: ValidMember,
        id: u32,
        status: MemberStatus,
    ) -> Result<Member, BookError> {
        let next: u32 = tx.meta_get("next_member_id")?.unwrap_or(1);
        if id < next || tx.member(id)?.is_some() {
            return Err(BookError::MemberNumberTaken(id));
        }
        id_number_free(tx, &v.id_number)?;
        let member = member_of(v, id, status);
        tx.put_member(&member)?;
        tx.index_member_id_number(&member.id_number, id)?;
        tx.meta_put("next_member_id", &(id + 1))?;
        Ok(member)
    }

    /// Registers a new member.
    pub fn add_member(&mut self, input: &MemberInput) -> Result<Member, BookError> {
        self.check_writable()?;
        let v = input.validate(self.today()).map_err(BookError::Member)?;
        let tx = self.store().write()?;
        let member = self.insert_member(&tx, v)?;
        tx.commit()?;
        Ok(member)
    }

    /// Changes a member's data (the status is kept).
    pub fn edit_member(&mut self, id: u32, input: &MemberInput) -> Result<Member, BookError> {
        self.check_writable()?;
        let v = input.validate(self.today()).map_err(BookError::Member)?;
        let tx = self.store().write()?;
        let old = tx
            .member(id)?
            .ok_or_else(|| BookError::UnknownMember(id.to_string()))?;
        if v.id_number != old.id_number {
            id_number_free(&tx, &v.id_number)?;
            tx.unindex_member_id_number(&old.id_number)?;
            tx.index_member_id_number(&v.id_number, id)?;
        }
        let member = member_of(v, id, old.status);
        tx.put_member(&member)?;
        tx.commit()?;
        Ok(member)
    }

    /// Retires a member. Members are never deleted: their history stays.
    /// Returns the member and their subledger balances (what is still owed or held).
    pub fn retire_member(
        &mut self,
        id: u32,
        date: NaiveDate,
        reason: &str,
    ) -> Result<(Member, Vec<MemberBalance>), BookError> {
        let plan = self.retire_plan(id, date, reason, None)?;
        let done = self.commit_retire(&plan)?;
        Ok((done.member, done.balances))
    }

    /// Works out a member's retirement without writing: checked, the member
    /// retired, the refund of their capital contributions from
    /// `refund_from` (cash or bank) where the book's setting allows it, and
    /// their subledger balances after it.
    pub fn retire_plan(
        &self,
        id: u32,
        date: NaiveDate,
        reason: &str,
        refund_from: Option<&str>,
    ) -> Result<RetirePlan, BookError> {
        let stored = self.retire_guard(date, reason, refund_from)?;
        self.retire_in(&self.store().read()?, id, date, reason, stored, refund_from)
    }

    /// Retires a planned member (and posts the refund), in one transaction;
    /// the plan is made again inside it.
    pub fn commit_retire(&mut self, plan: &RetirePlan) -> Result<RetireOutcome, BookError> {
        let (id, date, refund_from) = (plan.after.id, plan.date, plan.refund_from.as_deref());
        let stored = self.retire_guard(date, &plan.reason, refund_from)?;
        let tx = self.store().write()?;
        let plan = self.retire_in(&tx, id, date, &plan.reason, stored, refund_from)?;
        let refund = match plan.refund {
            Some(draft) => Some(self.post_in(&tx, draft)?),
            None => None,
        };
        tx.put_member(&plan.after)?;
        let balances = balances_from(tx.member_totals(id)?);
        tx.commit()?;
        Ok(RetireOutcome {
            member: plan.after,
            balances,
            refund,
        })
    }

    /// The checks of a retirement before its plan; the reason as stored.
    fn retire_guard(
        &self,
        date: NaiveDate,
        reason: &str,
        refund_from: Option<&str>,
    ) -> Result<String, BookError> {
        self.check_writable()?;
        let Some(cash_account) = refund_from else {
            return retire_reason(reason);
        };
        if !self.contributions_refundable()? {
            return Err(BookError::NotRefundable);
        }
        let reason = retire_reason(reason)?;
        self.check_cash_account(cash_account)?;
        self.check_date_open(date)?;
        Ok(reason)
    }

    /// The plan of a retirement as the book stands in `tx`.
    fn retire_in(
        &self,
        tx: &impl StoreRead,
        id: u32,
        date: NaiveDate,
        given: &str,
        reason: String,
        refund_from: Option<&str>,
    ) -> Result<RetirePlan, BookError> {
        let mut member = tx
            .member(id)?
            .ok_or_else(|| BookError::UnknownMember(id.to_string()))?;
        if !member.status.is_active() {
            return Err(BookError::AlreadyRetired(member.full_name()));
        }
        if date < member.join_date || date > self.today() {
            return Err(BookError::RetireDate);
        }
        let mut totals = tx.member_totals(id)?;
        let contributed = totals
            .get(crate::domain::account::codes::MEMBER_CONTRIBUTIONS)
            .map(|(d, c)| c - d)
            .unwrap_or(0);
        let refund = match refund_from {
            Some(cash_account) if contributed > 0 => {
                let amount = m(contributed);
                let draft = crate::domain::entry::EntryDraft::new(
                    date,
                    &format!("Devolución de aportes por retiro: {}", member.full_name()),
                    "",
                    crate::domain::entry::EntryKind::Manual,
                    vec![
                        crate::domain::entry::Posting::debit(
                            crate::domain::account::codes::MEMBER_CONTRIBUTIONS,
                            amount,
                        )
                        .for_member(id),
                        crate::domain::entry::Posting::credit(cash_account, amount).for_member(id),
                    ],
                )?;
                for p in draft.postings() {
                    let t = totals.entry(p.account.clone()).or_default();
                    match p.side {
                        crate::domain::entry::Side::Debit => t.0 += p.amount.cents(),
                        crate::domain::entry::Side::Credit => t.1 += p.amount.cents(),
                    }
                }
                Some(draft)
            }
            _ => None,
        };
        member.status = MemberStatus::Retired { date, reason };
        Ok(RetirePlan {
            date,
            reason: given.to_string(),
            refund_from: refund_from.map(str::to_string),
            refund,
            balances: balances_from(totals),
            after: member,
        })
    }

    /// A member's balances in the member subledger accounts.
    pub fn member_balances(&self, id: u32) -> Result<Vec<MemberBalance>, BookError> {
        Ok(balances_from(self.store().read()?.member_totals(id)?))
    }

    /// Members matching a fuzzy query over names, identification and community,
    /// best match first. An empty query lists everyone in name order.
    pub fn search_members(&self, query: &str) -> Result<Vec<Member>, BookError> {
        Ok(search(self.members()?, query))
    }
}

/// A retirement worked out and not yet recorded ([`Book::retire_plan`]).
#[derive(Clone, Debug)]
pub struct RetirePlan {
    pub date: NaiveDate,
    /// The reason as given.
    pub reason: String,
    /// The cash or bank account a refund of contributions is paid from.
    pub refund_from: Option<String>,
    /// The refund's entry, when there is something to refund.
    pub refund: Option<crate::domain::entry::EntryDraft>,
    /// The member's subledger balances after it.
    pub balances: Vec<MemberBalance>,
    /// The member, retired.
    pub after: Member,
}

/// What a retirement did ([`Book::commit_retire`]).
#[derive(Clone, Debug)]
pub struct RetireOutcome {
    pub member: Member,
    pub balances: Vec<MemberBalance>,
    pub refund: Option<crate::domain::entry::Entry>,
}

/// A retirement reason as stored: the rule on stored text, at most 200 characters.
fn retire_reason(reason: &str) -> Result<String, BookError> {
    Ok(text::field(TextField::Reason, reason)?
        .chars()
        .take(200)
        .collect())
}

fn balances_from(t: BTreeMap<String, (i64, i64)>) -> Vec<MemberBalance> {
    t.into_iter()
        .map(|(account, (d, c))| MemberBalance {
            account,
            debit: m(d),
            credit: m(c),
            balance: m(d - c),
        })
        .collect()
}

/// Fuzzy search over members (pure; used by the books and the screens).
pub fn search(members: Vec<Member>, query: &str) -> Vec<Member> {
    let q = query.trim();
    if q.is_empty() {
        return members;
    }
    let number = q.strip_prefix('#').unwrap_or(q).parse::<u32>().ok();
    let first = members
        .iter()
        .find(|mm| mm.id_number == q)
        .or_else(|| members.iter().find(|mm| Some(mm.id) == number))
        .cloned();
    let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, Member)> = members
        .into_iter()
        .filter_map(|mm| {
            let hay = format!(
                "{} {} {} {}",
                mm.last_names, mm.first_names, mm.id_number, mm.community
            );
            pattern
                .score(Utf32Str::new(&hay, &mut buf), &mut matcher)
                .map(|s| (s, mm))
        })
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out: Vec<Member> = scored.into_iter().map(|(_, mm)| mm).collect();
    // A query that is a whole cédula or a member's number ("13", "#13")
    // names that member: it comes first, before cédulas that start alike.
    if let Some(mm) = first {
        out.retain(|m| m.id != mm.id);
        out.insert(0, mm);
    }
    out
}

impl Book {
    /// Whether a departing member gets their capital contributions (3103) back.
    /// By default: cooperatives yes (certificados de aportación refundable under
    /// their statutes), associations and cajas no (LOEPS art. 20); a setting of the book.
    pub fn contributions_refundable(&self) -> Result<bool, BookError> {
        let tx = self.store().read()?;
        match tx.meta_get::<bool>("contributions_refundable")? {
            Some(v) => Ok(v),
            None => Ok(tx.settings()?.kind == crate::domain::settings::AssocKind::Cooperativa),
        }
    }

    pub fn set_contributions_refundable(&mut self, refundable: bool) -> Result<(), BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        tx.meta_put("contributions_refundable", &refundable)?;
        tx.commit()?;
        Ok(())
    }

    /// Retires a member and, where the book's setting allows it, refunds their
    /// capital contributions from cash or bank in the same transaction.
    /// Returns the member, their remaining balances, and the refund entry.
    pub fn retire_member_with_refund(
        &mut self,
        id: u32,
        date: NaiveDate,
        reason: &str,
        cash_account: &str,
    ) -> Result<
        (
            Member,
            Vec<MemberBalance>,
            Option<crate::domain::entry::Entry>,
        ),
        BookError,
    > {
        let plan = self.retire_plan(id, date, reason, Some(cash_account))?;
        let done = self.commit_retire(&plan)?;
        Ok((done.member, done.balances, done.refund))
    }
}

/// Refuses an identification number another member already has (naming them).
fn id_number_free(tx: &WriteTx, id_number: &str) -> Result<(), BookError> {
    match tx.member_by_id_number(id_number)? {
        Some(other) => Err(BookError::DuplicateId {
            id_number: id_number.to_string(),
            name: tx.member_name(other)?,
        }),
        None => Ok(()),
    }
}

/// The member numbered `id` with the validated data `v` and `status`.
fn member_of(v: ValidMember, id: u32, status: MemberStatus) -> Member {
    Member {
        id,
        id_kind: v.id_kind,
        id_number: v.id_number,
        first_names: v.first_names,
        last_names: v.last_names,
        gender: v.gender,
        birth_date: v.birth_date,
        join_date: v.join_date,
        phone: v.phone,
        community: v.community,
        status,
    }
}
