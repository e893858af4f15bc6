//! Estado de cuenta: what a member was charged, paid and still owes for a
//! month or a range of months; capital contributions (3103); savings
//! movements and balances; solidarity fund contributions; loans
//! (installments due and payments in the range, principal outstanding, days
//! in arrears). One member, or all members, one page each.
//!
//! Read from the member's own records: charges, passbooks, loans and the
//! member's entries (the journal's member index), never the whole journal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::books::dues::ChargeLine;
use crate::books::ledger::JournalFilter;
use crate::books::loans::LoanEvent;
use crate::books::{Book, BookError};
use crate::domain::account::codes::MEMBER_CONTRIBUTIONS;
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, EntryKind, Side};
use crate::domain::loan::{Loan, LoanStatus};
use crate::domain::member::{Member, MemberStatus};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, Doc, Format, Head, Letterhead, Msg, Page, Report, ReportError, Row, Style,
    Table, range_name, ser,
};

/// The solidarity fund's account (equity reserve 3303).
pub const FUND_ACCOUNT: &str = crate::books::savings::FUND_ACCOUNT;

/// An amount at the start of the range, what came in and went out in it, and the amount at its end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Movement {
    #[serde(serialize_with = "ser::amount")]
    pub opening: Money,
    #[serde(serialize_with = "ser::amount")]
    pub increase: Money,
    #[serde(serialize_with = "ser::amount")]
    pub decrease: Money,
    #[serde(serialize_with = "ser::amount")]
    pub closing: Money,
}

impl Movement {
    fn is_zero(&self) -> bool {
        self.opening.is_zero()
            && self.increase.is_zero()
            && self.decrease.is_zero()
            && self.closing.is_zero()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberInfo {
    pub id: u32,
    pub id_kind: String,
    pub id_number: String,
    pub name: String,
    pub community: String,
    #[serde(serialize_with = "ser::date")]
    pub join_date: NaiveDate,
    pub status: String,
    #[serde(serialize_with = "ser::opt_date")]
    pub retired_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuesLine {
    #[serde(serialize_with = "ser::month")]
    pub month: Month,
    pub concept: String,
    pub account: String,
    #[serde(serialize_with = "ser::amount")]
    pub amount: Money,
    #[serde(serialize_with = "ser::amount")]
    pub paid: Money,
    #[serde(serialize_with = "ser::amount")]
    pub waived: Money,
    #[serde(serialize_with = "ser::amount")]
    pub due: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentLine {
    #[serde(serialize_with = "ser::date")]
    pub date: NaiveDate,
    pub entry: u64,
    pub reference: String,
    #[serde(serialize_with = "ser::amount")]
    pub amount: Money,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DuesSection {
    /// Charges of the months in the range, with what was paid and waived of
    /// them by the range's end (payments and waivers after it do not count).
    pub lines: Vec<DuesLine>,
    #[serde(serialize_with = "ser::amount")]
    pub charged: Money,
    #[serde(serialize_with = "ser::amount")]
    pub paid: Money,
    #[serde(serialize_with = "ser::amount")]
    pub waived: Money,
    /// Still due of the range's charges.
    #[serde(serialize_with = "ser::amount")]
    pub owed_in_range: Money,
    /// Still due of every charge up to the range's last month.
    #[serde(serialize_with = "ser::amount")]
    pub owed_total: Money,
    /// Dues payments (receipts) made in the range.
    pub payments: Vec<PaymentLine>,
    #[serde(serialize_with = "ser::amount")]
    pub paid_in_range: Money,
    /// Paid by the range's end for charges of later months (saldo a favor).
    #[serde(serialize_with = "ser::amount")]
    pub credit_in_advance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SavingsLine {
    #[serde(serialize_with = "ser::date")]
    pub date: NaiveDate,
    pub movement: String,
    #[serde(serialize_with = "ser::amount")]
    pub amount: Money,
    #[serde(serialize_with = "ser::amount")]
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SavingsSection {
    pub account: u32,
    pub product: String,
    pub movement: Movement,
    pub lines: Vec<SavingsLine>,
    /// Pledged as loan guarantee, today.
    #[serde(serialize_with = "ser::amount")]
    pub blocked: Money,
    /// What the member may withdraw, today.
    #[serde(serialize_with = "ser::amount")]
    pub available: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstallmentLine {
    pub n: u32,
    #[serde(serialize_with = "ser::date")]
    pub due: NaiveDate,
    #[serde(serialize_with = "ser::amount")]
    pub payment: Money,
    #[serde(serialize_with = "ser::amount")]
    pub principal: Money,
    #[serde(serialize_with = "ser::amount")]
    pub interest: Money,
    /// Paid of it (principal, interest and late interest) by the range's end.
    #[serde(serialize_with = "ser::amount")]
    pub paid: Money,
    /// Principal and interest still due of it at the range's end.
    #[serde(serialize_with = "ser::amount")]
    pub pending: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanPaymentLine {
    #[serde(serialize_with = "ser::date")]
    pub date: NaiveDate,
    pub entry: u64,
    #[serde(serialize_with = "ser::amount")]
    pub amount: Money,
    #[serde(serialize_with = "ser::amount")]
    pub principal: Money,
    #[serde(serialize_with = "ser::amount")]
    pub interest: Money,
    #[serde(serialize_with = "ser::amount")]
    pub late: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoanSection {
    pub loan: u32,
    #[serde(serialize_with = "ser::amount")]
    pub amount: Money,
    /// Annual nominal rate in percent, as text ("18.00").
    pub rate: String,
    #[serde(serialize_with = "ser::opt_date")]
    pub disbursed_on: Option<NaiveDate>,
    pub status: String,
    /// Principal: outstanding at the start, disbursed, repaid, outstanding at the end.
    pub principal: Movement,
    pub installments: Vec<InstallmentLine>,
    pub payments: Vec<LoanPaymentLine>,
    #[serde(serialize_with = "ser::amount")]
    pub overdue_principal: Money,
    pub days_late: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberStatement {
    pub member: MemberInfo,
    pub dues: DuesSection,
    /// Capital contributions (3103), credit balance.
    pub contributions: Movement,
    /// Solidarity fund (3303): contributions in, grants received out.
    pub fund: Movement,
    pub savings: Vec<SavingsSection>,
    pub loans: Vec<LoanSection>,
}

/// Statements of one or more members for the same range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MemberStatements {
    pub association: Letterhead,
    #[serde(serialize_with = "ser::month")]
    pub from: Month,
    #[serde(serialize_with = "ser::month")]
    pub to: Month,
    /// Balances are at the end of this day (the range's last day).
    #[serde(serialize_with = "ser::date")]
    pub as_of: NaiveDate,
    pub statements: Vec<MemberStatement>,
}

/// The statement of one member for the months `from` to `to`.
pub fn member_statement(
    book: &Book,
    member: u32,
    from: Month,
    to: Month,
    lang: Lang,
) -> Result<MemberStatements, BookError> {
    let mm = book
        .member(member)?
        .ok_or_else(|| BookError::UnknownMember(member.to_string()))?;
    let (from, to) = (from.min(to), from.max(to));
    Ok(MemberStatements {
        association: Letterhead::of(book)?,
        from,
        to,
        as_of: to.last_day(),
        statements: vec![statement_of(book, &mm, from, to, lang)?],
    })
}

/// Every member's statement of the range, one at a time, to `f`: members
/// who had joined by its end and had not retired before it began.
fn each_statement<E: From<BookError>>(
    book: &Book,
    from: Month,
    to: Month,
    lang: Lang,
    mut f: impl FnMut(MemberStatement) -> Result<(), E>,
) -> Result<(), E> {
    let members = book.members()?;
    crate::domain::progress::begin(crate::i18n::Msg::ProgressStatements, members.len() as u64);
    for mm in members {
        crate::domain::progress::advance(1);
        if mm.join_date > to.last_day() {
            continue;
        }
        if let MemberStatus::Retired { date, .. } = &mm.status
            && *date < from.first_day()
        {
            continue;
        }
        f(statement_of(book, &mm, from, to, lang)?)?;
    }
    Ok(())
}

/// Every member's statement for the range (one page each).
pub fn all_member_statements(
    book: &Book,
    from: Month,
    to: Month,
    lang: Lang,
) -> Result<MemberStatements, BookError> {
    let (from, to) = (from.min(to), from.max(to));
    let mut statements = Vec::new();
    each_statement(book, from, to, lang, |s| {
        statements.push(s);
        Ok::<(), BookError>(())
    })?;
    Ok(MemberStatements {
        association: Letterhead::of(book)?,
        from,
        to,
        as_of: to.last_day(),
        statements,
    })
}

/// Every member's statement for the range written to `out` as HTML or PDF
/// one member at a time, never all held at once: the same document as
/// [`all_member_statements`] rendered, in the memory of one statement.
/// `Ok(false)`, with nothing written, for a format that needs the whole
/// document (the caller renders [`all_member_statements`] then).
pub fn write_all_member_statements(
    book: &Book,
    from: Month,
    to: Month,
    lang: Lang,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<bool, ReportError> {
    let (from, to) = (from.min(to), from.max(to));
    let letterhead = Letterhead::of(book)?;
    let period = range_name(from, to, lang);
    let head = Head {
        letterhead: &letterhead,
        title: Msg::RepMemberStatement.t(lang),
        period: &period,
        signatures: true,
    };
    let Some(mut sink) = crate::report::render::paged(format, head, lang, out)? else {
        return Ok(false);
    };
    let mut any = false;
    each_statement(book, from, to, lang, |s| {
        any = true;
        sink.page(&page_of(&s, from, to, lang))
    })?;
    if !any {
        sink.page(&no_members_page(lang))?;
    }
    sink.finish()?;
    Ok(true)
}

/// The one page of statements for a book without members in the range.
fn no_members_page(lang: Lang) -> Page {
    Page {
        heading: None,
        key: vec![String::new(), String::new()],
        blocks: vec![Block::Note(Msg::RepNoMembers.t(lang).to_string())],
    }
}

/// The member's entries from `since` on (newest first from the member index).
fn entries_since(book: &Book, member: u32, since: NaiveDate) -> Result<Vec<Entry>, BookError> {
    let filter = JournalFilter {
        member: Some(member),
        ..Default::default()
    };
    let mut out = Vec::new();
    for page in crate::report::journal::pages(book, &filter, 200) {
        let page = page?;
        let done = page.iter().any(|e| e.date < since);
        out.extend(page.into_iter().filter(|e| e.date >= since));
        if done {
            break;
        }
    }
    Ok(out)
}

/// The member's (debit, credit) on accounts under `code` in the entries, filtered by date.
fn member_sums(
    entries: &[Entry],
    member: u32,
    code: &str,
    keep: impl Fn(NaiveDate) -> bool,
) -> (Money, Money) {
    let (mut d, mut c) = (Money::ZERO, Money::ZERO);
    for e in entries.iter().filter(|e| keep(e.date)) {
        for p in &e.postings {
            if p.member == Some(member) && p.account.starts_with(code) {
                match p.side {
                    Side::Debit => d += p.amount,
                    Side::Credit => c += p.amount,
                }
            }
        }
    }
    (d, c)
}

/// A credit-side subledger account of the member over the range.
fn credit_movement(
    current: &BTreeMap<String, (Money, Money)>,
    entries: &[Entry],
    member: u32,
    code: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Movement {
    let (cd, cc) = current
        .iter()
        .filter(|(a, _)| a.starts_with(code))
        .fold((Money::ZERO, Money::ZERO), |acc, (_, v)| {
            (acc.0 + v.0, acc.1 + v.1)
        });
    let now = cc - cd;
    let (ad, ac) = member_sums(entries, member, code, |d| d > end);
    let closing = now - (ac - ad);
    let (rd, rc) = member_sums(entries, member, code, |d| d >= start && d <= end);
    Movement {
        opening: closing - (rc - rd),
        increase: rc,
        decrease: rd,
        closing,
    }
}

fn status_label(s: &MemberStatus, lang: Lang) -> String {
    match s {
        MemberStatus::Active => Msg::RepActive.t(lang).to_string(),
        MemberStatus::Retired { .. } => Msg::RepRetired.t(lang).to_string(),
    }
}

fn loan_status(s: &LoanStatus, as_of: NaiveDate, lang: Lang) -> String {
    match s {
        LoanStatus::Applied => Msg::RepApplied.t(lang).to_string(),
        LoanStatus::PaidOff(d) if *d <= as_of => Msg::RepPaidOff.t(lang).to_string(),
        LoanStatus::WrittenOff(d) if *d <= as_of => Msg::RepWrittenOff.t(lang).to_string(),
        LoanStatus::Voided(d) if *d <= as_of => {
            crate::report::loans::loan_status_label("voided", lang).to_string()
        }
        _ => Msg::RepActive.t(lang).to_string(),
    }
}

/// The loan as it stood at the end of `day`: the state saved before the first
/// payment made after that day, or the loan as it is now.
fn loan_at(loan: &Loan, payments: &[(Entry, Loan)], day: NaiveDate) -> Loan {
    payments
        .iter()
        .find(|(e, _)| e.date > day)
        .map(|(_, before)| before.clone())
        .unwrap_or_else(|| loan.clone())
}

/// Principal outstanding at the end of `day`.
fn outstanding_at(
    loan: &Loan,
    payments: &[(Entry, Loan)],
    written_off: Money,
    day: NaiveDate,
) -> Money {
    if loan.disbursed_on.is_none_or(|d| d > day) {
        return Money::ZERO;
    }
    let state = loan_at(loan, payments, day);
    match state.status {
        LoanStatus::WrittenOff(d) if d > day => written_off,
        LoanStatus::WrittenOff(_) | LoanStatus::PaidOff(_) => Money::ZERO,
        LoanStatus::Voided(d) if d <= day => Money::ZERO,
        _ => state.outstanding(),
    }
}

fn loan_section(
    book: &Book,
    loan: &Loan,
    start: NaiveDate,
    end: NaiveDate,
    lang: Lang,
) -> Result<Option<LoanSection>, BookError> {
    let Some(disbursed) = loan.disbursed_on else {
        return Ok(None);
    };
    if disbursed > end {
        return Ok(None);
    }
    let mut payments: Vec<(Entry, Loan)> = Vec::new();
    let mut lines = Vec::new();
    let mut written_off = Money::ZERO;
    for (entry, event) in book.loan_events(loan.id)? {
        match event {
            LoanEvent::Payment {
                amount,
                late,
                interest,
                principal,
                before,
                ..
            } => {
                if entry.reverses.is_some() || book.reversed_by(entry.id)?.is_some() {
                    continue;
                }
                if entry.date >= start && entry.date <= end {
                    lines.push(LoanPaymentLine {
                        date: entry.date,
                        entry: entry.id,
                        amount,
                        principal,
                        interest,
                        late,
                    });
                }
                payments.push((entry, *before));
            }
            ev => {
                if let Some(principal) = ev.written_off() {
                    written_off = principal;
                }
            }
        }
    }
    // Settled and untouched before the range: nothing to tell.
    let opening = outstanding_at(
        loan,
        &payments,
        written_off,
        start.pred_opt().unwrap_or(start),
    );
    let closing = outstanding_at(loan, &payments, written_off, end);
    let disbursed_in = if disbursed >= start {
        loan.amount
    } else {
        Money::ZERO
    };
    if opening.is_zero() && closing.is_zero() && disbursed_in.is_zero() && lines.is_empty() {
        return Ok(None);
    }
    let state = loan_at(loan, &payments, end);
    let arrears_day = end.min(book.today());
    let active = matches!(state.status, LoanStatus::Active)
        || matches!(state.status, LoanStatus::WrittenOff(d) | LoanStatus::PaidOff(d) | LoanStatus::Voided(d) if d > end);
    let installments = state
        .installments
        .iter()
        .filter(|i| i.inst.due >= start && i.inst.due <= end)
        .map(|i| InstallmentLine {
            n: i.inst.n,
            due: i.inst.due,
            payment: i.inst.payment,
            principal: i.inst.principal,
            interest: i.inst.interest,
            paid: i.principal_paid + i.interest_paid + i.late_paid,
            pending: i.principal_due() + i.interest_due(),
        })
        .collect();
    Ok(Some(LoanSection {
        loan: loan.id,
        amount: loan.amount,
        rate: format!("{:.2}", loan.rate),
        disbursed_on: loan.disbursed_on,
        status: loan_status(&loan.status, end, lang),
        principal: Movement {
            opening,
            increase: disbursed_in,
            decrease: opening + disbursed_in - closing,
            closing,
        },
        installments,
        payments: lines,
        overdue_principal: if active {
            state.overdue_principal(arrears_day)
        } else {
            Money::ZERO
        },
        days_late: if active {
            state.days_past_due(arrears_day)
        } else {
            0
        },
    }))
}

/// A member's charges as they stood at the end of a day: what payments
/// (receipts) and waivers made after it, and reversals after it of payments
/// made by then, changed since.
struct DuesAsOf {
    /// Paid since the day, per charge (month, type): taken off.
    paid_after: BTreeMap<(Month, u32), Money>,
    /// Waived since the day, per charge: taken off.
    waived_after: BTreeMap<(Month, u32), Money>,
    /// Dues payment entries already reversed by the day's end.
    reversed_by_end: std::collections::BTreeSet<u64>,
}

impl DuesAsOf {
    /// From the member's entries since the range's start (which hold every
    /// entry after `end`).
    fn new(book: &Book, member: u32, entries: &[Entry], end: NaiveDate) -> Result<Self, BookError> {
        let mut paid_after: BTreeMap<(Month, u32), Money> = BTreeMap::new();
        let mut reversed_by_end = std::collections::BTreeSet::new();
        for e in entries {
            match (e.kind, e.reverses) {
                (EntryKind::DuesPayment, None) if e.date > end => {
                    // Paid after the day (and still standing): not paid then.
                    if let Some(r) = book.receipt_of_entry(e.id)?
                        && r.reversed_by.is_none()
                    {
                        for l in &r.lines {
                            *paid_after.entry((l.month, l.charge_type)).or_default() += l.amount;
                        }
                    }
                }
                (_, Some(orig)) => {
                    let Some(r) = book.receipt_of_entry(orig)? else {
                        continue;
                    };
                    if e.date <= end {
                        reversed_by_end.insert(orig);
                    } else if r.date <= end {
                        // Paid by the day and undone after it: paid then.
                        for l in &r.lines {
                            *paid_after.entry((l.month, l.charge_type)).or_default() -= l.amount;
                        }
                    }
                }
                _ => {}
            }
        }
        let mut waived_after: BTreeMap<(Month, u32), Money> = BTreeMap::new();
        for w in book.waivers()? {
            if w.member == member && w.date > end {
                *waived_after.entry((w.month, w.charge_type)).or_default() += w.amount;
            }
        }
        Ok(DuesAsOf {
            paid_after,
            waived_after,
            reversed_by_end,
        })
    }

    fn apply(&self, mut c: ChargeLine) -> ChargeLine {
        let key = (c.month, c.charge_type);
        c.paid -= self.paid_after.get(&key).copied().unwrap_or_default();
        c.waived -= self.waived_after.get(&key).copied().unwrap_or_default();
        c.due = c.amount - c.paid - c.waived;
        c
    }
}

fn statement_of(
    book: &Book,
    mm: &Member,
    from: Month,
    to: Month,
    lang: Lang,
) -> Result<MemberStatement, BookError> {
    let start = from.first_day();
    let end = to.last_day();
    let entries = entries_since(book, mm.id, start)?;
    let current: BTreeMap<String, (Money, Money)> = book
        .member_balances(mm.id)?
        .into_iter()
        .map(|b| (b.account, (b.debit, b.credit)))
        .collect();

    // Dues: the range's charges as they stood at its end, and the payments
    // made in it.
    let asof = DuesAsOf::new(book, mm.id, &entries, end)?;
    let charges: Vec<ChargeLine> = book
        .member_charges(mm.id, to)?
        .into_iter()
        .map(|c| asof.apply(c))
        .collect();
    let owed_total = charges.iter().map(|c| c.due).sum();
    let credit_in_advance = book
        .member_charges_after(mm.id, to)?
        .into_iter()
        .map(|c| asof.apply(c).paid)
        .filter(|p| p.is_positive())
        .sum();
    let lines: Vec<DuesLine> = charges
        .into_iter()
        .filter(|c| c.month >= from)
        .map(|c| DuesLine {
            month: c.month,
            concept: c.type_name,
            account: c.account,
            amount: c.amount,
            paid: c.paid,
            waived: c.waived,
            due: c.due,
        })
        .collect();
    let payments: Vec<PaymentLine> = {
        let mut v: Vec<PaymentLine> = entries
            .iter()
            .filter(|e| e.date <= end && e.kind == EntryKind::DuesPayment)
            .filter(|e| e.reverses.is_none() && !asof.reversed_by_end.contains(&e.id))
            .map(|e| PaymentLine {
                date: e.date,
                entry: e.id,
                reference: e.reference.clone(),
                amount: e
                    .postings
                    .iter()
                    .filter(|p| p.side == Side::Credit)
                    .map(|p| p.amount)
                    .sum(),
            })
            .collect();
        v.sort_by_key(|p| (p.date, p.entry));
        v
    };
    let dues = DuesSection {
        charged: lines.iter().map(|l| l.amount).sum(),
        paid: lines.iter().map(|l| l.paid).sum(),
        waived: lines.iter().map(|l| l.waived).sum(),
        owed_in_range: lines.iter().map(|l| l.due).sum(),
        owed_total,
        paid_in_range: payments.iter().map(|p| p.amount).sum(),
        payments,
        lines,
        credit_in_advance,
    };

    let contributions =
        credit_movement(&current, &entries, mm.id, MEMBER_CONTRIBUTIONS, start, end);
    let fund = credit_movement(&current, &entries, mm.id, FUND_ACCOUNT, start, end);

    let mut savings = Vec::new();
    for view in book.member_savings(mm.id)? {
        let (view, book_lines) = book.passbook(view.account.id)?;
        let opening: Money = book_lines
            .iter()
            .filter(|l| l.date < start)
            .map(|l| l.amount)
            .sum();
        let mut balance = opening;
        let mut lines = Vec::new();
        let (mut inc, mut dec) = (Money::ZERO, Money::ZERO);
        for l in book_lines
            .iter()
            .filter(|l| l.date >= start && l.date <= end && !l.amount.is_zero())
        {
            balance += l.amount;
            if l.amount.is_positive() {
                inc += l.amount;
            } else {
                dec -= l.amount;
            }
            lines.push(SavingsLine {
                date: l.date,
                movement: l.kind.label(lang).to_string(),
                amount: l.amount,
                balance,
            });
        }
        let movement = Movement {
            opening,
            increase: inc,
            decrease: dec,
            closing: balance,
        };
        if movement.is_zero() && view.account.opened > end {
            continue;
        }
        savings.push(SavingsSection {
            account: view.account.id,
            product: view.product.name.clone(),
            movement,
            lines,
            blocked: view.account.blocked,
            available: view.available,
        });
    }

    let mut loans = Vec::new();
    for loan in book.member_loans(mm.id)? {
        if let Some(s) = loan_section(book, &loan, start, end, lang)? {
            loans.push(s);
        }
    }

    Ok(MemberStatement {
        member: MemberInfo {
            id: mm.id,
            id_kind: mm.id_kind.label(lang).to_string(),
            id_number: mm.id_number.clone(),
            name: mm.full_name(),
            community: mm.community.clone(),
            join_date: mm.join_date,
            status: status_label(&mm.status, lang),
            retired_on: match &mm.status {
                MemberStatus::Retired { date, .. } => Some(*date),
                MemberStatus::Active => None,
            },
        },
        dues,
        contributions,
        fund,
        savings,
        loans,
    })
}

fn movement_row(label: String, m: &Movement) -> Row {
    Row::new(vec![
        Cell::Text(label),
        Cell::Amount(m.opening),
        Cell::Amount(m.increase),
        Cell::Amount(m.decrease),
        Cell::Amount(m.closing),
    ])
}

fn page_of(s: &MemberStatement, from: Month, to: Month, lang: Lang) -> Page {
    let m = &s.member;
    let mut blocks = Vec::new();
    let mut fields = vec![
        (
            Msg::RepIdentification.t(lang).to_string(),
            format!("{} {}", m.id_kind, m.id_number),
        ),
        (Msg::RepMember.t(lang).to_string(), format!("#{}", m.id)),
        (
            Msg::RepJoinDate.t(lang).to_string(),
            format_date(m.join_date, lang),
        ),
        (
            Msg::RepStatus.t(lang).to_string(),
            match m.retired_on {
                Some(d) => format!("{} ({})", m.status, format_date(d, lang)),
                None => m.status.clone(),
            },
        ),
    ];
    if !m.community.is_empty() {
        fields.push((Msg::RepCommunity.t(lang).to_string(), m.community.clone()));
    }
    fields.push((
        Msg::RepPeriod.t(lang).to_string(),
        range_name(from, to, lang),
    ));
    blocks.push(Block::Fields(fields));

    // Summary: every balance the member has with the association.
    let mut summary = Table::new(
        "summary",
        Some(Msg::RepSummary.t(lang).to_string()),
        vec![
            Column::text(Msg::RepConcept.t(lang), 40),
            Column::amount(Msg::RepOpening.t(lang)),
            Column::amount(Msg::RepIncreases.t(lang)),
            Column::amount(Msg::RepDecreases.t(lang)),
            Column::amount(Msg::RepClosing.t(lang)),
        ],
        0,
    );
    summary.push(movement_row(
        Msg::RepContributions.t(lang).to_string(),
        &s.contributions,
    ));
    if !s.fund.is_zero() {
        summary.push(movement_row(Msg::RepFund.t(lang).to_string(), &s.fund));
    }
    for sv in &s.savings {
        summary.push(movement_row(
            format!(
                "{} #{} ({})",
                Msg::RepSavingsAccount.t(lang),
                sv.account,
                sv.product
            ),
            &sv.movement,
        ));
    }
    for l in &s.loans {
        summary.push(movement_row(
            format!(
                "{} #{} — {}",
                Msg::RepLoan.t(lang),
                l.loan,
                Msg::RepOutstanding.t(lang)
            ),
            &l.principal,
        ));
    }
    blocks.push(Block::Table(summary));

    // Dues of the range.
    let d = &s.dues;
    let mut dues = Table::new(
        "dues",
        Some(Msg::RepDues.t(lang).to_string()),
        vec![
            Column::text(Msg::RepMonth.t(lang), 9),
            Column::text(Msg::RepConcept.t(lang), 24),
            Column::amount(Msg::RepCharged.t(lang)),
            Column::amount(Msg::RepPaid.t(lang)),
            Column::amount(Msg::RepWaived.t(lang)),
            Column::amount(Msg::RepOwed.t(lang)),
        ],
        1,
    );
    for l in &d.lines {
        dues.push(Row::new(vec![
            Cell::text(crate::report::render::month_short(l.month, lang)),
            Cell::text(&l.concept),
            Cell::Amount(l.amount),
            Cell::Amount(l.paid),
            Cell::Amount(l.waived),
            Cell::Amount(l.due),
        ]));
    }
    let totals = [d.charged, d.paid, d.waived, d.owed_in_range];
    dues.push(Row::total(1, Msg::RepTotal.t(lang), totals));
    if d.lines.is_empty() {
        blocks.push(Block::Note(format!(
            "{}: {}",
            Msg::RepDues.t(lang),
            Msg::RepNothing.t(lang)
        )));
    } else {
        blocks.push(Block::Table(dues));
    }
    if !d.payments.is_empty() {
        let mut pay = Table::new(
            "dues-payments",
            Some(Msg::RepPaymentsReceived.t(lang).to_string()),
            vec![
                Column::text(Msg::RepDate.t(lang), 11),
                Column::text(Msg::RepReference.t(lang), 24),
                Column::amount(Msg::RepAmount.t(lang)),
            ],
            1,
        );
        for p in &d.payments {
            pay.push(Row::new(vec![
                Cell::text(format_date(p.date, lang)),
                Cell::text(&p.reference),
                Cell::Amount(p.amount),
            ]));
        }
        pay.push(Row::total(1, Msg::RepTotal.t(lang), [d.paid_in_range]));
        blocks.push(Block::Table(pay));
    }
    let mut owed = vec![(
        Msg::RepOwedTotal.t(lang).to_string(),
        d.owed_total.localized(lang),
    )];
    if d.credit_in_advance.is_positive() {
        owed.push((
            Msg::RepCreditInAdvance.t(lang).to_string(),
            d.credit_in_advance.localized(lang),
        ));
    }
    blocks.push(Block::Fields(owed));

    for sv in &s.savings {
        if sv.lines.is_empty() {
            continue;
        }
        let mut t = Table::new(
            &format!("savings-{}", sv.account),
            Some(format!(
                "{} #{} — {}",
                Msg::RepSavingsAccount.t(lang),
                sv.account,
                sv.product
            )),
            vec![
                Column::text(Msg::RepDate.t(lang), 11),
                Column::text(Msg::RepMovement.t(lang), 24),
                Column::amount(Msg::RepAmount.t(lang)),
                Column::amount(Msg::RepBalance.t(lang)),
            ],
            1,
        );
        t.push(Row::styled(
            vec![
                Cell::Empty,
                Cell::text(Msg::RepOpening.t(lang)),
                Cell::Empty,
                Cell::Amount(sv.movement.opening),
            ],
            Style::Group,
            0,
        ));
        for l in &sv.lines {
            t.push(Row::new(vec![
                Cell::text(format_date(l.date, lang)),
                Cell::text(&l.movement),
                Cell::Amount(l.amount),
                Cell::Amount(l.balance),
            ]));
        }
        t.push(Row::styled(
            vec![
                Cell::Empty,
                Cell::text(Msg::RepClosing.t(lang)),
                Cell::Empty,
                Cell::Amount(sv.movement.closing),
            ],
            Style::Total,
            0,
        ));
        blocks.push(Block::Table(t));
        if sv.blocked.is_positive() {
            blocks.push(Block::Fields(vec![
                (
                    Msg::RepBlocked.t(lang).to_string(),
                    sv.blocked.localized(lang),
                ),
                (
                    Msg::RepAvailable.t(lang).to_string(),
                    sv.available.localized(lang),
                ),
            ]));
        }
    }

    for l in &s.loans {
        let mut f = vec![
            (
                Msg::RepLoan.t(lang).to_string(),
                format!("#{} — {}", l.loan, l.status),
            ),
            (
                Msg::RepDisbursed.t(lang).to_string(),
                format!(
                    "{} ({})",
                    l.amount.localized(lang),
                    l.disbursed_on
                        .map(|d| format_date(d, lang))
                        .unwrap_or_default()
                ),
            ),
            (
                Msg::RepRate.t(lang).to_string(),
                format!("{} %", crate::report::format::decimal_point(&l.rate, lang)),
            ),
            (
                Msg::RepOutstanding.t(lang).to_string(),
                l.principal.closing.localized(lang),
            ),
        ];
        if l.days_late > 0 {
            f.push((
                Msg::RepOverduePrincipal.t(lang).to_string(),
                l.overdue_principal.localized(lang),
            ));
            f.push((
                Msg::RepDaysLate.t(lang).to_string(),
                l.days_late.to_string(),
            ));
        } else {
            f.push((Msg::RepDaysLate.t(lang).to_string(), "0".to_string()));
        }
        blocks.push(Block::Fields(f));
        if !l.installments.is_empty() {
            let mut t = Table::new(
                &format!("loan-{}-installments", l.loan),
                Some(format!(
                    "{} #{} — {}",
                    Msg::RepLoan.t(lang),
                    l.loan,
                    Msg::RepInstallmentsDue.t(lang)
                )),
                vec![
                    Column::number(Msg::RepInstallment.t(lang), 10),
                    Column::text(Msg::RepDueDate.t(lang), 11),
                    Column::amount(Msg::RepAmount.t(lang)),
                    Column::amount(Msg::RepPaid.t(lang)),
                    Column::amount(Msg::RepOwed.t(lang)),
                ],
                1,
            );
            for i in &l.installments {
                t.push(Row::new(vec![
                    Cell::Number(i64::from(i.n)),
                    Cell::text(format_date(i.due, lang)),
                    Cell::Amount(i.payment),
                    Cell::Amount(i.paid),
                    Cell::Amount(i.pending),
                ]));
            }
            blocks.push(Block::Table(t));
        }
        if !l.payments.is_empty() {
            let mut t = Table::new(
                &format!("loan-{}-payments", l.loan),
                Some(format!(
                    "{} #{} — {}",
                    Msg::RepLoan.t(lang),
                    l.loan,
                    Msg::RepLoanPayments.t(lang)
                )),
                vec![
                    Column::text(Msg::RepDate.t(lang), 11),
                    Column::amount(Msg::RepAmount.t(lang)),
                    Column::amount(Msg::RepPrincipal.t(lang)),
                    Column::amount(Msg::RepInterest.t(lang)),
                    Column::amount(Msg::RepLateInterest.t(lang)),
                ],
                0,
            );
            for p in &l.payments {
                t.push(Row::new(vec![
                    Cell::text(format_date(p.date, lang)),
                    Cell::Amount(p.amount),
                    Cell::Amount(p.principal),
                    Cell::Amount(p.interest),
                    Cell::Amount(p.late),
                ]));
            }
            blocks.push(Block::Table(t));
        }
    }

    Page {
        heading: Some(format!("{} — {}", m.name, m.id_number)),
        key: vec![m.id_number.clone(), m.name.clone()],
        blocks,
    }
}

impl Report for MemberStatements {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut pages: Vec<Page> = self
            .statements
            .iter()
            .map(|s| page_of(s, self.from, self.to, lang))
            .collect();
        if pages.is_empty() {
            pages.push(no_members_page(lang));
        }
        Doc {
            letterhead: self.association.clone(),
            title: Msg::RepMemberStatement.t(lang).to_string(),
            period: range_name(self.from, self.to, lang),
            page_key_headers: vec![
                Msg::RepIdentification.t(lang).to_string(),
                Msg::RepMember.t(lang).to_string(),
            ],
            pages,
            signatures: true,
        }
    }
}
