//! Loan reports: the simulator (JSON exactly as issue 5 shows it, and a
//! table with the nominal and the effective annual rate), French and German
//! side by side, a loan's schedule against its payments, the loan statement,
//! the portfolio and the arrears report (aging buckets and PAR30).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::books::loans::{LoanArrears, LoanEvent, LoanRow};
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::loan::{
    AGING_BUCKETS, InstallmentState, Loan, LoanProduct, LoanStatus, Method, Schedule,
    effective_annual_rate, effective_annual_rate_of,
};
use crate::domain::loan_status::share;
pub use crate::domain::loan_status::{InstallmentStatus, installment_status, loan_status_code};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::report::dues::MemberRef;
use crate::report::format::{
    amounts_block, csv_with_header, dash, decimal_text, fields_block, iso, member_line,
    percent_plain, percent_text, to_json, write_csv,
};
use crate::report::render::{Block, Doc, Letterhead, Msg, Report, as_of, csv_doc};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

/// A rate as given, without trailing zeros: 15 -> "15", 15.50 -> "15.5".
pub fn rate_plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The effective annual rate of a nominal annual rate for a French or German
/// loan (a product's), two decimals: "16.08".
pub fn effective_plain(nominal: Decimal) -> String {
    percent_plain(effective_annual_rate(nominal))
}

/// The true effective annual rate of a loan's terms (the internal rate of
/// its schedule's cash flows, annualised), for every method.
pub fn loan_effective_rate(l: &Loan) -> Decimal {
    effective_annual_rate_of(l.method, l.amount, l.rate, l.months)
}

fn method_short(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::French => Msg::RepMethodFrench.t(lang),
        Method::German => Msg::RepMethodGerman.t(lang),
        Method::Flat => Msg::RepMethodFlat.t(lang),
    }
}

fn rate_text(d: Decimal, lang: Lang) -> String {
    Msg::RepPercent.fill(lang, &[("p", &decimal_text(d, lang))])
}

fn blank_zero(m: Money, lang: Lang) -> String {
    if m.is_zero() {
        String::new()
    } else {
        m.localized(lang)
    }
}

// ---------------------------------------------------------------------------
// Simulator

#[derive(Serialize)]
struct InstallmentJson {
    n: u32,
    due: String,
    payment: String,
    interest: String,
    principal: String,
    balance: String,
}

#[derive(Serialize)]
struct SimulationJson {
    method: &'static str,
    amount: String,
    rate: String,
    months: u32,
    effective_annual_rate: String,
    installments: Vec<InstallmentJson>,
    total_interest: String,
    total_paid: String,
}

fn simulation_value(s: &Schedule) -> SimulationJson {
    SimulationJson {
        method: s.method.code(),
        amount: s.amount.plain(),
        rate: rate_plain(s.rate),
        months: s.months,
        effective_annual_rate: percent_plain(s.effective_annual_rate()),
        installments: s
            .installments
            .iter()
            .map(|i| InstallmentJson {
                n: i.n,
                due: iso(i.due),
                payment: i.payment.plain(),
                interest: i.interest.plain(),
                principal: i.principal.plain(),
                balance: i.balance.plain(),
            })
            .collect(),
        total_interest: s.total_interest().plain(),
        total_paid: s.total_paid().plain(),
    }
}

/// The simulator's JSON, on one line, exactly as issue 5 shows it:
/// `{"method":"french","amount":"1000.00","rate":"15","months":12,
/// "effective_annual_rate":"16.08","installments":[{"n":1,"due":"2026-02-15",
/// "payment":"90.26","interest":"12.50","principal":"77.76","balance":"922.24"}, ...],
/// "total_interest":"...","total_paid":"..."}`.
pub fn simulation_json(s: &Schedule) -> String {
    serde_json::to_string(&simulation_value(s)).unwrap_or_else(|_| "{}".to_string())
}

/// The schedule as CSV: one line per installment and a TOTAL line.
pub fn simulation_csv(s: &Schedule, lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = s
        .installments
        .iter()
        .map(|i| {
            vec![
                i.n.to_string(),
                iso(i.due),
                i.payment.plain(),
                i.interest.plain(),
                i.principal.plain(),
                i.balance.plain(),
            ]
        })
        .collect();
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        s.total_paid().plain(),
        s.total_interest().plain(),
        s.installments
            .iter()
            .map(|i| i.principal)
            .sum::<Money>()
            .plain(),
        String::new(),
    ]);
    csv_with_header(Msg::RepCsvLoansSimulation, lang, &rows)
}

fn schedule_summary(s: &Schedule, lang: Lang) -> String {
    let first = s
        .installments
        .first()
        .map(|i| i.payment)
        .unwrap_or_default();
    let last = s.installments.last().map(|i| i.payment).unwrap_or_default();
    let payment = if s.installments.iter().all(|i| i.payment == first) {
        first.localized(lang)
    } else if s.method == Method::German {
        Msg::RepFromTo.fill(
            lang,
            &[
                ("first", &first.localized(lang)),
                ("last", &last.localized(lang)),
            ],
        )
    } else {
        // French and flat: the same installment, the last one differing by cents.
        Msg::RepFirstAndLast.fill(
            lang,
            &[
                ("first", &first.localized(lang)),
                ("last", &last.localized(lang)),
            ],
        )
    };
    let f: Vec<(&str, String)> = vec![
        (Msg::RepMethod.t(lang), s.method.label(lang).to_string()),
        (Msg::RepColAmount.t(lang), s.amount.localized(lang)),
        term_field(s.months, lang),
        (Msg::RepStartDate.t(lang), format_date(s.start, lang)),
        (Msg::RepNominalAnnualRate.t(lang), rate_text(s.rate, lang)),
        (
            Msg::RepEffectiveAnnualRate.t(lang),
            percent_text(s.effective_annual_rate(), lang),
        ),
        (Msg::RepInstallment.t(lang), payment),
        (
            Msg::RepTotalInterest.t(lang),
            s.total_interest().localized(lang),
        ),
        (Msg::RepTotalToPay.t(lang), s.total_paid().localized(lang)),
    ];
    fields_block(&f)
}

/// "Term: 12 months", a field of a loan's terms.
fn term_field(months: u32, lang: Lang) -> (&'static str, String) {
    (
        Msg::RepTerm.t(lang),
        Msg::RepNMonths.fill(lang, &[("months", &months)]),
    )
}

fn flat_note(lang: Lang) -> &'static str {
    Msg::RepFlatNote.t(lang)
}

/// The sentence saying that cent rounding makes the last installment differ
/// from the others by more than 1 % ([`Schedule::last_installment_gap`]).
pub fn last_installment_note(s: &Schedule, lang: Lang) -> Option<String> {
    let (regular, last) = s.last_installment_gap()?;
    Some(Msg::RepLastInstallmentNote.fill(
        lang,
        &[
            ("last", &last.localized(lang)),
            ("regular", &regular.localized(lang)),
        ],
    ))
}

/// The simulation: the loan's terms with the nominal AND the effective
/// annual rate, the totals, and every installment.
pub fn simulation_table(s: &Schedule, lang: Lang) -> String {
    let mut out = Msg::RepLoanSimulation.t(lang).to_string();
    out.push_str(&schedule_summary(s, lang));
    if s.method == Method::Flat {
        out.push_str(flat_note(lang));
    }
    if let Some(note) = last_installment_note(s, lang) {
        out.push_str(&note);
    }
    out.push('\n');
    let mut t = Table::new(vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepDueDate.t(lang), 10),
        Column::right(Msg::RepPayment.t(lang)),
        Column::right(Msg::RepInterest.t(lang)),
        Column::right(Msg::RepPrincipal.t(lang)),
        Column::right(Msg::RepBalance.t(lang)),
    ]);
    for i in &s.installments {
        t.row(&[
            i.n.to_string(),
            format_date(i.due, lang),
            i.payment.localized(lang),
            i.interest.localized(lang),
            i.principal.localized(lang),
            i.balance.localized(lang),
        ]);
    }
    t.rule();
    t.row(&[
        String::new(),
        "TOTAL".to_string(),
        s.total_paid().localized(lang),
        s.total_interest().localized(lang),
        s.installments
            .iter()
            .map(|i| i.principal)
            .sum::<Money>()
            .localized(lang),
        String::new(),
    ]);
    out.push_str(&t.render());
    out
}

// ---------------------------------------------------------------------------
// Two methods side by side

/// Two schedules of the same loan (French and German, usually) side by side:
/// each installment's payment and interest, the totals, and which costs less.
pub fn comparison_table(a: &Schedule, b: &Schedule, lang: Lang) -> String {
    let (na, nb) = (method_short(a.method, lang), method_short(b.method, lang));
    let mut out = Msg::RepComparison.fill(lang, &[("na", &na), ("nb", &nb)]);
    let mut terms = vec![
        (Msg::RepColAmount.t(lang), a.amount.localized(lang)),
        term_field(a.months, lang),
        (Msg::RepNominalAnnualRate.t(lang), rate_text(a.rate, lang)),
        (
            Msg::RepEffectiveAnnualRate.t(lang),
            format!(
                "{} ({na}), {} ({nb})",
                percent_text(a.effective_annual_rate(), lang),
                percent_text(b.effective_annual_rate(), lang)
            ),
        ),
    ];
    if b.amount != a.amount || b.rate != a.rate || b.months != a.months {
        terms.push((
            nb,
            Msg::RepSimulationTerms.fill(
                lang,
                &[
                    ("b", &b.amount.localized(lang)),
                    ("months", &b.months),
                    ("rate", &rate_text(b.rate, lang)),
                ],
            ),
        ));
    }
    out.push_str(&fields_block(&terms));
    out.push('\n');
    let h = |m: &str, what: &str| format!("{m}: {what}");
    let (pay, int) = (Msg::RepColPayment.t(lang), Msg::RepColInterest.t(lang));
    let mut t = Table::new(vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepDueDate.t(lang), 10),
        Column::right(&h(na, pay)),
        Column::right(&h(na, int)),
        Column::right(&h(nb, pay)),
        Column::right(&h(nb, int)),
    ]);
    let n = a.installments.len().max(b.installments.len());
    for k in 0..n {
        let ia = a.installments.get(k);
        let ib = b.installments.get(k);
        let due = ia
            .or(ib)
            .map(|i| format_date(i.due, lang))
            .unwrap_or_default();
        t.row(&[
            (k + 1).to_string(),
            due,
            ia.map(|i| i.payment.localized(lang)).unwrap_or_default(),
            ia.map(|i| i.interest.localized(lang)).unwrap_or_default(),
            ib.map(|i| i.payment.localized(lang)).unwrap_or_default(),
            ib.map(|i| i.interest.localized(lang)).unwrap_or_default(),
        ]);
    }
    t.rule();
    t.row(&[
        String::new(),
        "TOTAL".to_string(),
        a.total_paid().localized(lang),
        a.total_interest().localized(lang),
        b.total_paid().localized(lang),
        b.total_interest().localized(lang),
    ]);
    out.push_str(&t.render());
    let (ta, tb) = (a.total_interest(), b.total_interest());
    let cheaper = |method: Method, saving: Money| {
        let method = match method {
            Method::French => Msg::RepMethodFrenchInText,
            Method::German => Msg::RepMethodGermanInText,
            Method::Flat => Msg::RepMethodFlatInText,
        };
        Msg::RepCheaperMethod.fill(
            lang,
            &[
                ("method", &method.t(lang)),
                ("saving", &saving.localized(lang)),
            ],
        )
    };
    let line = match ta.cmp(&tb) {
        std::cmp::Ordering::Less => cheaper(a.method, tb - ta),
        std::cmp::Ordering::Greater => cheaper(b.method, ta - tb),
        std::cmp::Ordering::Equal => Msg::RepSameInterest.t(lang).to_string(),
    };
    out.push_str(&line);
    if a.method == Method::Flat || b.method == Method::Flat {
        out.push_str(flat_note(lang));
    }
    out
}

#[derive(Serialize)]
struct ComparisonJson {
    schedules: [SimulationJson; 2],
}

/// `{"schedules": [simulation, simulation]}`, each as in [`simulation_json`].
pub fn comparison_json(a: &Schedule, b: &Schedule) -> String {
    to_json(&ComparisonJson {
        schedules: [simulation_value(a), simulation_value(b)],
    })
}

/// CSV: installment, due date, then payment, interest and balance of each
/// method (columns named by the method's code: `french_payment` ...).
pub fn comparison_csv(a: &Schedule, b: &Schedule, lang: Lang) -> String {
    let (ca, cb) = (a.method.code(), b.method.code());
    let names: Vec<String> = Msg::RepCsvLoansComparison
        .t(lang)
        .split(',')
        .map(|c| c.replace("{a}", ca).replace("{b}", cb))
        .collect();
    let header: Vec<&str> = names.iter().map(String::as_str).collect();
    let n = a.installments.len().max(b.installments.len());
    let three = |i: Option<&crate::domain::loan::Installment>| match i {
        Some(i) => [i.payment.plain(), i.interest.plain(), i.balance.plain()],
        None => [String::new(), String::new(), String::new()],
    };
    let mut rows = Vec::with_capacity(n + 1);
    for k in 0..n {
        let ia = a.installments.get(k);
        let ib = b.installments.get(k);
        let mut r = vec![
            (k + 1).to_string(),
            ia.or(ib).map(|i| iso(i.due)).unwrap_or_default(),
        ];
        r.extend(three(ia));
        r.extend(three(ib));
        rows.push(r);
    }
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        a.total_paid().plain(),
        a.total_interest().plain(),
        String::new(),
        b.total_paid().plain(),
        b.total_interest().plain(),
        String::new(),
    ]);
    write_csv(&header, &rows)
}

// ---------------------------------------------------------------------------
// A loan's schedule against its payments

impl InstallmentStatus {
    pub fn label(self, lang: Lang) -> String {
        match self {
            InstallmentStatus::Paid => Msg::RepInstPaid.t(lang).into(),
            InstallmentStatus::Partial => Msg::RepInstPartial.t(lang).into(),
            InstallmentStatus::Overdue {
                days,
                partial: false,
            } => Msg::RepInstOverdue.fill(lang, &[("days", &days)]),
            InstallmentStatus::Overdue {
                days,
                partial: true,
            } => Msg::RepInstOverduePartial.fill(lang, &[("days", &days)]),
            InstallmentStatus::Pending => Msg::RepInstPending.t(lang).into(),
            InstallmentStatus::WrittenOff => Msg::RepInstWrittenOff.t(lang).into(),
            InstallmentStatus::Voided => Msg::RepInstVoided.t(lang).into(),
        }
    }
}

/// A copy of the loan with late interest accrued to `date` (active loans only).
fn accrued(loan: &Loan, date: NaiveDate) -> Loan {
    let mut l = loan.clone();
    if l.status == LoanStatus::Active {
        l.accrue_late(date);
    }
    l
}

#[derive(Serialize)]
struct ScheduleLineJson {
    n: u32,
    due: String,
    payment: String,
    interest: String,
    principal: String,
    principal_paid: String,
    interest_paid: String,
    late_paid: String,
    late_due: String,
    status: &'static str,
    days_overdue: i64,
}

#[derive(Serialize)]
struct ScheduleTotalsJson {
    payment: String,
    interest: String,
    principal: String,
    principal_paid: String,
    interest_paid: String,
    late_paid: String,
    late_due: String,
}

#[derive(Serialize)]
struct ScheduleJson {
    loan: u32,
    date: String,
    installments: Vec<ScheduleLineJson>,
    totals: ScheduleTotalsJson,
}

struct ScheduleTotals {
    payment: Money,
    interest: Money,
    principal: Money,
    principal_paid: Money,
    interest_paid: Money,
    late_paid: Money,
    late_due: Money,
}

fn schedule_totals(l: &Loan) -> ScheduleTotals {
    let sum = |f: &dyn Fn(&InstallmentState) -> Money| l.installments.iter().map(f).sum::<Money>();
    ScheduleTotals {
        payment: sum(&|i| i.inst.payment),
        interest: sum(&|i| i.inst.interest),
        principal: sum(&|i| i.inst.principal),
        principal_paid: sum(&|i| i.principal_paid),
        interest_paid: sum(&|i| i.interest_paid),
        late_paid: sum(&|i| i.late_paid),
        late_due: sum(&|i| i.late_due()),
    }
}

fn schedule_value(loan: &Loan, date: NaiveDate) -> ScheduleJson {
    let l = accrued(loan, date);
    let t = schedule_totals(&l);
    ScheduleJson {
        loan: l.id,
        date: iso(date),
        installments: l
            .installments
            .iter()
            .map(|i| {
                let st = installment_status(&l, i, date);
                ScheduleLineJson {
                    n: i.inst.n,
                    due: iso(i.inst.due),
                    payment: i.inst.payment.plain(),
                    interest: i.inst.interest.plain(),
                    principal: i.inst.principal.plain(),
                    principal_paid: i.principal_paid.plain(),
                    interest_paid: i.interest_paid.plain(),
                    late_paid: i.late_paid.plain(),
                    late_due: i.late_due().plain(),
                    status: st.code(),
                    days_overdue: st.days(),
                }
            })
            .collect(),
        totals: ScheduleTotalsJson {
            payment: t.payment.plain(),
            interest: t.interest.plain(),
            principal: t.principal.plain(),
            principal_paid: t.principal_paid.plain(),
            interest_paid: t.interest_paid.plain(),
            late_paid: t.late_paid.plain(),
            late_due: t.late_due.plain(),
        },
    }
}

/// A loan's schedule against its payments on `date` (late interest accrued
/// to `date`): `{"loan", "date", "installments": [{"n", "due", "payment",
/// "interest", "principal", "principal_paid", "interest_paid", "late_paid",
/// "late_due", "status": "paid|partial|overdue|pending|written_off|voided",
/// "days_overdue"}], "totals": {...}}`
pub fn schedule_json(loan: &Loan, date: NaiveDate) -> String {
    to_json(&schedule_value(loan, date))
}

/// CSV of the schedule against payments, with a TOTAL line.
pub fn schedule_csv(loan: &Loan, date: NaiveDate, lang: Lang) -> String {
    let l = accrued(loan, date);
    let mut rows: Vec<Vec<String>> = l
        .installments
        .iter()
        .map(|i| {
            let st = installment_status(&l, i, date);
            vec![
                i.inst.n.to_string(),
                iso(i.inst.due),
                i.inst.payment.plain(),
                i.inst.interest.plain(),
                i.inst.principal.plain(),
                i.principal_paid.plain(),
                i.interest_paid.plain(),
                i.late_paid.plain(),
                i.late_due().plain(),
                st.code().to_string(),
                st.days().to_string(),
            ]
        })
        .collect();
    let t = schedule_totals(&l);
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        t.payment.plain(),
        t.interest.plain(),
        t.principal.plain(),
        t.principal_paid.plain(),
        t.interest_paid.plain(),
        t.late_paid.plain(),
        t.late_due.plain(),
        String::new(),
        String::new(),
    ]);
    csv_with_header(Msg::RepCsvLoansSchedule, lang, &rows)
}

/// The schedule against payments as a table: each installment, what was paid
/// of it, and its status on `date`; the late interest pending below.
pub fn schedule_table(loan: &Loan, date: NaiveDate, lang: Lang) -> String {
    let l = accrued(loan, date);
    if l.installments.is_empty() {
        return Msg::RepNoScheduleYet.t(lang).to_string();
    }
    let tot = schedule_totals(&l);
    // The late-interest column only when some was paid: the table stays narrow.
    let with_late = tot.late_paid.is_positive();
    let mut cols = vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepDueDate.t(lang), 10),
        Column::right(Msg::RepPayment.t(lang)),
        Column::right(Msg::RepInterest.t(lang)),
        Column::right(Msg::RepPrincipal.t(lang)),
        Column::right(Msg::RepPaidPrinc.t(lang)),
        Column::right(Msg::RepPaidInt.t(lang)),
    ];
    if with_late {
        cols.push(Column::right(Msg::RepPaidLate.t(lang)));
    }
    cols.push(Column::left(Msg::RepColStatus.t(lang), 24));
    let mut t = Table::new(cols);
    for i in &l.installments {
        let mut row = vec![
            i.inst.n.to_string(),
            format_date(i.inst.due, lang),
            i.inst.payment.localized(lang),
            i.inst.interest.localized(lang),
            i.inst.principal.localized(lang),
            blank_zero(i.principal_paid, lang),
            blank_zero(i.interest_paid, lang),
        ];
        if with_late {
            row.push(blank_zero(i.late_paid, lang));
        }
        row.push(installment_status(&l, i, date).label(lang));
        t.row(&row);
    }
    t.rule();
    let mut row = vec![
        String::new(),
        "TOTAL".to_string(),
        tot.payment.localized(lang),
        tot.interest.localized(lang),
        tot.principal.localized(lang),
        tot.principal_paid.localized(lang),
        tot.interest_paid.localized(lang),
    ];
    if with_late {
        row.push(tot.late_paid.localized(lang));
    }
    t.row(&row);
    let mut out = t.render();
    match l.status {
        LoanStatus::WrittenOff(d) => {
            let written_off: Money = l.installments.iter().map(|i| i.principal_due()).sum();
            out.push_str(&Msg::RepLoanWrittenOffOn.fill(
                lang,
                &[
                    ("d", &format_date(d, lang)),
                    ("written_off", &written_off.localized(lang)),
                ],
            ));
        }
        LoanStatus::Voided(d) => {
            out.push_str(&Msg::RepDisbursementVoided.fill(lang, &[("d", &format_date(d, lang))]));
        }
        _ => {}
    }
    if tot.late_due.is_positive() {
        out.push_str(&Msg::RepLateInterestOwedAt.fill(
            lang,
            &[
                ("date", &format_date(date, lang)),
                ("tot", &tot.late_due.localized(lang)),
            ],
        ));
    }
    out
}

// ---------------------------------------------------------------------------
// Loan statement

/// What an operation did to the loan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Disbursement,
    Payment,
    /// The payment that paid the loan off.
    Payoff,
    /// Overdue principal moved to the overdue portfolio (1452).
    Reclassification,
    WriteOff,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Disbursement => "disbursement",
            EventKind::Payment => "payment",
            EventKind::Payoff => "payoff",
            EventKind::Reclassification => "reclassification",
            EventKind::WriteOff => "write_off",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Disbursement => Msg::RepEventDisbursement.t(lang),
            EventKind::Payment => Msg::RepEventPayment.t(lang),
            EventKind::Payoff => Msg::RepEventPayoff.t(lang),
            EventKind::Reclassification => Msg::RepEventReclassification.t(lang),
            EventKind::WriteOff => Msg::RepEventWriteOff.t(lang),
        }
    }
}

/// One operation of a loan, for its statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLine {
    pub entry: u64,
    pub date: NaiveDate,
    pub kind: EventKind,
    /// Disbursed, paid, moved or written off.
    pub amount: Money,
    pub late: Money,
    pub interest: Money,
    pub principal: Money,
    /// Of a payment, the part beyond what was due.
    pub prepaid: Money,
    /// The reversal entry when the operation was undone.
    pub reversed_by: Option<u64>,
}

/// Everything a loan statement shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoanStatement {
    pub date: NaiveDate,
    /// The loan, with late interest accrued to `date` when active.
    pub loan: Loan,
    pub member: Option<Member>,
    pub guarantor: Option<Member>,
    pub product: Option<LoanProduct>,
    pub events: Vec<EventLine>,
    /// What pays the loan off on `date` (active loans).
    pub payoff: Option<Money>,
}

impl LoanStatement {
    pub fn outstanding(&self) -> Money {
        match self.loan.status {
            LoanStatus::Active => self.loan.outstanding(),
            _ => Money::ZERO,
        }
    }
    pub fn overdue_principal(&self) -> Money {
        match self.loan.status {
            LoanStatus::Active => self.loan.overdue_principal(self.date),
            _ => Money::ZERO,
        }
    }
    pub fn days_past_due(&self) -> i64 {
        match self.loan.status {
            LoanStatus::Active => self.loan.days_past_due(self.date),
            _ => 0,
        }
    }
    pub fn late_due(&self) -> Money {
        self.loan.installments.iter().map(|i| i.late_due()).sum()
    }
}

/// Gathers a loan's statement on `date`: the loan and its people, every
/// operation (marking reversed ones), and the payoff amount.
pub fn loan_statement(book: &Book, id: u32, date: NaiveDate) -> Result<LoanStatement, BookError> {
    let loan = book.loan_shown(id)?;
    let member = book.member(loan.member)?;
    let guarantor = match loan.guarantor {
        Some(g) => book.member(g)?,
        None => None,
    };
    let product = book
        .loan_products()?
        .into_iter()
        .find(|p| p.id == loan.product);
    let mut events = Vec::new();
    for (entry, ev) in book.loan_events(id)? {
        let z = Money::ZERO;
        let (kind, amount, late, interest, principal, prepaid) = match ev {
            LoanEvent::Disbursed { .. } | LoanEvent::Opened { .. } => {
                (EventKind::Disbursement, loan.amount, z, z, z, z)
            }
            LoanEvent::Payment {
                amount,
                late,
                interest,
                principal,
                prepaid,
                paid_off,
                ..
            } => (
                if paid_off {
                    EventKind::Payoff
                } else {
                    EventKind::Payment
                },
                amount,
                late,
                interest,
                principal,
                prepaid,
            ),
            LoanEvent::Reclassified { loans } => {
                let moved = loans
                    .iter()
                    .filter(|(l, _)| *l == id)
                    .map(|(_, a)| *a)
                    .sum();
                (EventKind::Reclassification, moved, z, z, z, z)
            }
            LoanEvent::WrittenOff { principal, .. }
            | LoanEvent::WrittenOffFrom { principal, .. } => {
                (EventKind::WriteOff, principal, z, z, principal, z)
            }
        };
        events.push(EventLine {
            entry: entry.id,
            date: entry.date,
            kind,
            amount,
            late,
            interest,
            principal,
            prepaid,
            reversed_by: book.reversed_by(entry.id)?,
        });
    }
    events.sort_by_key(|e| (e.date, e.entry));
    let payoff = if loan.status == LoanStatus::Active {
        Some(book.payoff_amount(id, date)?)
    } else {
        None
    };
    Ok(LoanStatement {
        date,
        loan: accrued(&loan, date),
        member,
        guarantor,
        product,
        events,
        payoff,
    })
}

/// A status code of the portfolio (`applied`, `active`, `paid_off`, `written_off`) as a person reads it.
pub fn loan_status_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "applied" => Msg::RepApplied,
        "active" => Msg::RepLoanActive,
        "paid_off" => Msg::RepPaidOff,
        "written_off" => Msg::RepWrittenOff,
        "voided" => Msg::RepLoanVoided,
        _ => Msg::RepLoanUnknown,
    }
    .t(lang)
}

fn status_text(s: &LoanStatus, lang: Lang) -> String {
    let label = loan_status_label(loan_status_code(s), lang);
    match s {
        LoanStatus::PaidOff(d) | LoanStatus::WrittenOff(d) | LoanStatus::Voided(d) => {
            format!("{label} ({})", format_date(*d, lang))
        }
        _ => label.to_string(),
    }
}

#[derive(Serialize)]
struct EventJson {
    entry: u64,
    date: String,
    kind: &'static str,
    amount: String,
    late: String,
    interest: String,
    principal: String,
    prepaid: String,
    reversed: bool,
}

#[derive(Serialize)]
struct LoanDataJson {
    id: u32,
    member: Option<MemberRef>,
    product: Option<String>,
    amount: String,
    method: &'static str,
    months: u32,
    rate: String,
    effective_annual_rate: String,
    late_rate: String,
    purpose: String,
    guarantor: Option<MemberRef>,
    approval: String,
    applied_on: String,
    disbursed_on: Option<String>,
    status: &'static str,
    closed_on: Option<String>,
    guarantee: Option<GuaranteeJson>,
}

#[derive(Serialize)]
struct GuaranteeJson {
    savings_account: u32,
    amount: String,
}

#[derive(Serialize)]
struct StatementJson {
    date: String,
    loan: LoanDataJson,
    events: Vec<EventJson>,
    schedule: ScheduleJson,
    outstanding: String,
    overdue_principal: String,
    days_past_due: i64,
    late_due: String,
    payoff: Option<String>,
}

/// The loan statement as JSON: `{"date", "loan": {"id", "member", "product",
/// "amount", "method", "months", "rate", "effective_annual_rate", "late_rate",
/// "purpose", "guarantor", "approval", "applied_on", "disbursed_on", "status",
/// "closed_on", "guarantee"}, "events": [{"entry", "date", "kind", "amount",
/// "late", "interest", "principal", "prepaid", "reversed"}], "schedule": {...
/// as schedule_json}, "outstanding", "overdue_principal", "days_past_due",
/// "late_due", "payoff"}`
pub fn statement_json(s: &LoanStatement) -> String {
    let l = &s.loan;
    let closed_on = match l.status {
        LoanStatus::PaidOff(d) | LoanStatus::WrittenOff(d) | LoanStatus::Voided(d) => Some(iso(d)),
        _ => None,
    };
    let v = StatementJson {
        date: iso(s.date),
        loan: LoanDataJson {
            id: l.id,
            member: s.member.as_ref().map(MemberRef::of),
            product: s.product.as_ref().map(|p| p.name.clone()),
            amount: l.amount.plain(),
            method: l.method.code(),
            months: l.months,
            rate: rate_plain(l.rate),
            effective_annual_rate: percent_plain(loan_effective_rate(l)),
            late_rate: rate_plain(l.late_rate),
            purpose: l.purpose.clone(),
            guarantor: s.guarantor.as_ref().map(MemberRef::of),
            approval: l.approval.clone(),
            applied_on: iso(l.applied_on),
            disbursed_on: l.disbursed_on.map(iso),
            status: loan_status_code(&l.status),
            closed_on,
            guarantee: l.guarantee.map(|(acc, a)| GuaranteeJson {
                savings_account: acc,
                amount: a.plain(),
            }),
        },
        events: s
            .events
            .iter()
            .map(|e| EventJson {
                entry: e.entry,
                date: iso(e.date),
                kind: e.kind.code(),
                amount: e.amount.plain(),
                late: e.late.plain(),
                interest: e.interest.plain(),
                principal: e.principal.plain(),
                prepaid: e.prepaid.plain(),
                reversed: e.reversed_by.is_some(),
            })
            .collect(),
        schedule: schedule_value(l, s.date),
        outstanding: s.outstanding().plain(),
        overdue_principal: s.overdue_principal().plain(),
        days_past_due: s.days_past_due(),
        late_due: s.late_due().plain(),
        payoff: s.payoff.map(Money::plain),
    };
    to_json(&v)
}

/// The loan's operations as CSV (its schedule is in [`schedule_csv`]).
pub fn statement_csv(s: &LoanStatement, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = s
        .events
        .iter()
        .map(|e| {
            vec![
                iso(e.date),
                e.entry.to_string(),
                e.kind.code().to_string(),
                e.amount.plain(),
                e.late.plain(),
                e.interest.plain(),
                e.principal.plain(),
                e.prepaid.plain(),
                if e.reversed_by.is_some() {
                    "reversed"
                } else {
                    "valid"
                }
                .to_string(),
            ]
        })
        .collect();
    csv_with_header(Msg::RepCsvLoansStatement, lang, &rows)
}

/// The loan statement: the loan's data (both rates), its operations, the
/// schedule against payments, and where it stands on the date.
pub fn statement_table(s: &LoanStatement, lang: Lang) -> String {
    let l = &s.loan;
    let mut out = Msg::RepStatementOfLoanNo
        .fill(lang, &[("id", &l.id), ("date", &format_date(s.date, lang))]);
    let none = dash;
    let mut f: Vec<(&str, String)> = vec![
        (
            Msg::RepMember.t(lang),
            s.member
                .as_ref()
                .map(member_line)
                .unwrap_or_else(|| format!("#{}", l.member)),
        ),
        (
            Msg::RepProduct.t(lang),
            s.product
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(none),
        ),
        (Msg::RepColAmount.t(lang), l.amount.localized(lang)),
        (Msg::RepMethod.t(lang), l.method.label(lang).to_string()),
        term_field(l.months, lang),
        (Msg::RepNominalAnnualRate.t(lang), rate_text(l.rate, lang)),
        (
            Msg::RepEffectiveAnnualRate.t(lang),
            percent_text(loan_effective_rate(l), lang),
        ),
        (Msg::RepLateRate.t(lang), rate_text(l.late_rate, lang)),
        (
            Msg::RepPurpose.t(lang),
            if l.purpose.is_empty() {
                none()
            } else {
                l.purpose.clone()
            },
        ),
        (
            Msg::RepGuarantor.t(lang),
            s.guarantor.as_ref().map(member_line).unwrap_or_else(none),
        ),
        (
            Msg::RepApproval.t(lang),
            if l.approval.is_empty() {
                none()
            } else {
                l.approval.clone()
            },
        ),
        (Msg::RepApplied.t(lang), format_date(l.applied_on, lang)),
        (
            Msg::RepDisbursed.t(lang),
            l.disbursed_on
                .map(|d| format_date(d, lang))
                .unwrap_or_else(none),
        ),
        (Msg::RepColStatus.t(lang), status_text(&l.status, lang)),
    ];
    if let Some((acc, a)) = l.guarantee {
        f.push((
            match &l.status {
                LoanStatus::Voided(_) => Msg::RepGuaranteeReleased.t(lang),
                _ => Msg::RepGuaranteeBlocked.t(lang),
            },
            Msg::RepGuaranteeSavings.fill(lang, &[("a", &a.localized(lang)), ("acc", &acc)]),
        ));
    }
    out.push_str(&fields_block(&f));
    out.push('\n');
    out.push_str(Msg::RepOperations.t(lang));
    if s.events.is_empty() {
        out.push_str(Msg::RepNone.t(lang));
    } else {
        let mut t = Table::new(vec![
            Column::left(Msg::RepDate.t(lang), 10),
            Column::right(Msg::RepEntry.t(lang)),
            Column::left(Msg::RepOperation.t(lang), 26),
            Column::right(Msg::RepAmount.t(lang)),
            Column::right(Msg::RepLate.t(lang)),
            Column::right(Msg::RepInterest.t(lang)),
            Column::right(Msg::RepPrincipal.t(lang)),
            Column::right(Msg::RepPrepaid.t(lang)),
        ]);
        for e in &s.events {
            let mut op = e.kind.label(lang).to_string();
            if e.reversed_by.is_some() {
                op.push_str(Msg::RepReversedTag.t(lang));
            }
            t.row(&[
                format_date(e.date, lang),
                e.entry.to_string(),
                op,
                e.amount.localized(lang),
                blank_zero(e.late, lang),
                blank_zero(e.interest, lang),
                blank_zero(e.principal, lang),
                blank_zero(e.prepaid, lang),
            ]);
        }
        out.push_str(&t.render());
    }
    out.push('\n');
    out.push_str(Msg::RepScheduleAndPayments.t(lang));
    out.push_str(&schedule_table(l, s.date, lang));
    out.push('\n');
    let mut f: Vec<(&str, String)> = vec![
        (Msg::RepOutstanding.t(lang), s.outstanding().localized(lang)),
        (
            Msg::RepColOverdue.t(lang),
            s.overdue_principal().localized(lang),
        ),
        (
            Msg::RepColDaysPastDue.t(lang),
            s.days_past_due().to_string(),
        ),
    ];
    if s.late_due().is_positive() {
        f.push((
            Msg::RepLateInterestOwed.t(lang),
            s.late_due().localized(lang),
        ));
    }
    let payoff_label = Msg::RepPayoffAt.fill(lang, &[("date", &format_date(s.date, lang))]);
    if let Some(p) = s.payoff {
        f.push((&payoff_label, p.localized(lang)));
    }
    out.push_str(&amounts_block(&f));
    out
}

// ---------------------------------------------------------------------------
// Portfolio

#[derive(Serialize)]
struct PortfolioRowJson<'a> {
    loan: u32,
    member: u32,
    name: &'a str,
    amount: String,
    outstanding: String,
    overdue_principal: String,
    days_past_due: i64,
    bucket: Option<&'static str>,
    status: &'static str,
}

#[derive(Serialize)]
struct PortfolioTotalsJson {
    loans: usize,
    active: usize,
    outstanding: String,
    overdue_principal: String,
}

#[derive(Serialize)]
struct PortfolioJson<'a> {
    date: String,
    loans: Vec<PortfolioRowJson<'a>>,
    totals: PortfolioTotalsJson,
}

fn active(rows: &[LoanRow]) -> usize {
    rows.iter().filter(|r| r.status == "active").count()
}

/// `{"date", "loans": [{"loan", "member", "name", "amount", "outstanding",
/// "overdue_principal", "days_past_due", "bucket", "status"}], "totals":
/// {"loans", "active", "outstanding", "overdue_principal"}}`
fn portfolio_value(rows: &[LoanRow], date: NaiveDate) -> PortfolioJson<'_> {
    PortfolioJson {
        date: iso(date),
        loans: rows
            .iter()
            .map(|r| PortfolioRowJson {
                loan: r.loan,
                member: r.member,
                name: &r.name,
                amount: r.amount.plain(),
                outstanding: r.outstanding.plain(),
                overdue_principal: r.overdue_principal.plain(),
                days_past_due: r.days_past_due,
                bucket: r.bucket,
                status: r.status,
            })
            .collect(),
        totals: PortfolioTotalsJson {
            loans: rows.len(),
            active: active(rows),
            outstanding: rows.iter().map(|r| r.outstanding).sum::<Money>().plain(),
            overdue_principal: rows
                .iter()
                .map(|r| r.overdue_principal)
                .sum::<Money>()
                .plain(),
        },
    }
}

pub fn portfolio_json(rows: &[LoanRow], date: NaiveDate) -> String {
    to_json(&portfolio_value(rows, date))
}

/// CSV: one line per loan and a TOTAL line.
pub fn portfolio_csv(rows: &[LoanRow], lang: Lang) -> String {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.loan.to_string(),
                r.member.to_string(),
                sheet_safe(&r.name),
                r.amount.plain(),
                r.outstanding.plain(),
                r.overdue_principal.plain(),
                r.days_past_due.to_string(),
                r.bucket.unwrap_or_default().to_string(),
                r.status.to_string(),
            ]
        })
        .collect();
    out.push(vec![
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        String::new(),
        rows.iter().map(|r| r.outstanding).sum::<Money>().plain(),
        rows.iter()
            .map(|r| r.overdue_principal)
            .sum::<Money>()
            .plain(),
        String::new(),
        String::new(),
        String::new(),
    ]);
    csv_with_header(Msg::RepCsvLoansPortfolio, lang, &out)
}

/// The portfolio on `date`: every loan with its outstanding principal, what is overdue and for how long.
pub fn portfolio_table(rows: &[LoanRow], date: NaiveDate, lang: Lang) -> String {
    let mut out = Msg::RepLoanPortfolioAt.fill(lang, &[("date", &format_date(date, lang))]);
    if rows.is_empty() {
        out.push_str(Msg::RepNoLoans.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepMember.t(lang), 30),
        Column::right(Msg::RepColAmount.t(lang)),
        Column::right(Msg::RepColOutstanding.t(lang)),
        Column::right(Msg::RepOverdue.t(lang)),
        Column::right(Msg::RepDays.t(lang)),
        Column::left(Msg::RepColBucket.t(lang), 7),
        Column::left(Msg::RepColStatus.t(lang), 11),
    ]);
    for r in rows {
        t.row(&[
            r.loan.to_string(),
            r.name.clone(),
            r.amount.localized(lang),
            r.outstanding.localized(lang),
            blank_zero(r.overdue_principal, lang),
            if r.days_past_due > 0 {
                r.days_past_due.to_string()
            } else {
                String::new()
            },
            r.bucket.unwrap_or_default().to_string(),
            loan_status_label(r.status, lang).to_string(),
        ]);
    }
    t.rule();
    t.row(&[
        String::new(),
        Msg::RepTotalActive.fill(lang, &[("rows", &active(rows))]),
        String::new(),
        rows.iter()
            .map(|r| r.outstanding)
            .sum::<Money>()
            .localized(lang),
        rows.iter()
            .map(|r| r.overdue_principal)
            .sum::<Money>()
            .localized(lang),
    ]);
    out.push_str(&t.render());
    out
}

// ---------------------------------------------------------------------------
// Arrears

fn current(a: &LoanArrears) -> Money {
    a.outstanding - a.buckets.iter().copied().sum::<Money>()
}

#[derive(Serialize)]
struct BucketJson {
    days: &'static str,
    loans: usize,
    amount: String,
    percent: String,
}

#[derive(Serialize)]
struct ArrearsJson {
    date: String,
    outstanding: String,
    loans: usize,
    current: String,
    loans_current: usize,
    buckets: Vec<BucketJson>,
    at_risk_30: String,
    par30: String,
}

/// `{"date", "outstanding", "loans", "current", "loans_current", "buckets": [{"days": "1-30", "loans",
/// "amount", "percent"}], "at_risk_30", "par30": "66.67"}` (percent of the outstanding principal).
fn arrears_value(a: &LoanArrears) -> ArrearsJson {
    ArrearsJson {
        date: iso(a.date),
        outstanding: a.outstanding.plain(),
        loans: a.active_loans,
        current: current(a).plain(),
        loans_current: a.loans_current,
        buckets: AGING_BUCKETS
            .iter()
            .enumerate()
            .map(|(k, label)| BucketJson {
                days: label,
                loans: a.loans_in_bucket[k],
                amount: a.buckets[k].plain(),
                percent: percent_plain(share(a.buckets[k], a.outstanding)),
            })
            .collect(),
        at_risk_30: a.at_risk_30.plain(),
        par30: percent_plain(a.par30),
    }
}

pub fn arrears_json(a: &LoanArrears) -> String {
    to_json(&arrears_value(a))
}

/// CSV: the current portfolio, one line per bucket, the TOTAL and PAR30.
pub fn arrears_csv(a: &LoanArrears, lang: Lang) -> String {
    let mut rows = vec![vec![
        "0".to_string(),
        a.loans_current.to_string(),
        current(a).plain(),
        percent_plain(share(current(a), a.outstanding)),
    ]];
    for (k, label) in AGING_BUCKETS.iter().enumerate() {
        rows.push(vec![
            (*label).to_string(),
            a.loans_in_bucket[k].to_string(),
            a.buckets[k].plain(),
            percent_plain(share(a.buckets[k], a.outstanding)),
        ]);
    }
    rows.push(vec![
        "TOTAL".to_string(),
        a.active_loans.to_string(),
        a.outstanding.plain(),
        percent_plain(if a.outstanding.is_positive() {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ZERO
        }),
    ]);
    rows.push(vec![
        "PAR30".to_string(),
        String::new(),
        a.at_risk_30.plain(),
        percent_plain(a.par30),
    ]);
    csv_with_header(Msg::RepCsvLoansArrears, lang, &rows)
}

/// The arrears report: outstanding principal by days past due, and PAR30.
pub fn arrears_table(a: &LoanArrears, lang: Lang) -> String {
    let mut out = Msg::RepPortfolioArrearsAt.fill(lang, &[("date", &format_date(a.date, lang))]);
    let mut t = Table::new(vec![
        Column::left(Msg::RepColDaysPastDue.t(lang), 16),
        Column::right(Msg::RepLoans.t(lang)),
        Column::right(Msg::RepColPrincipalOutstanding.t(lang)),
        Column::right(Msg::RepColShare.t(lang)),
    ]);
    t.row(&[
        Msg::RepCurrent.t(lang).to_string(),
        a.loans_current.to_string(),
        current(a).localized(lang),
        percent_text(share(current(a), a.outstanding), lang),
    ]);
    for (k, label) in AGING_BUCKETS.iter().enumerate() {
        t.row(&[
            (*label).to_string(),
            a.loans_in_bucket[k].to_string(),
            a.buckets[k].localized(lang),
            percent_text(share(a.buckets[k], a.outstanding), lang),
        ]);
    }
    t.rule();
    t.row(&[
        "TOTAL".to_string(),
        a.active_loans.to_string(),
        a.outstanding.localized(lang),
        if a.outstanding.is_positive() {
            percent_text(Decimal::ONE_HUNDRED, lang)
        } else {
            dash()
        },
    ]);
    out.push_str(&t.render());
    out.push_str(&Msg::RepPar30Line.fill(
        lang,
        &[
            ("par", &percent_text(a.par30, lang)),
            ("at_risk", &a.at_risk_30.localized(lang)),
            ("outstanding", &a.outstanding.localized(lang)),
        ],
    ));
    out
}

// ---------------------------------------------------------------------------
// A loan's schedule and statement, as reports of the registry

/// `ayni loan schedule`: a loan's schedule against its payments on a date.
#[derive(Clone, Debug)]
pub struct LoanSchedule {
    pub letterhead: Letterhead,
    pub loan: Loan,
    pub member: Option<Member>,
    pub date: NaiveDate,
}

impl LoanSchedule {
    pub fn of(book: &Book, id: u32, date: NaiveDate) -> Result<LoanSchedule, BookError> {
        let loan = book.loan(id)?;
        Ok(LoanSchedule {
            letterhead: Letterhead::of(book)?,
            member: book.member(loan.member)?,
            loan,
            date,
        })
    }
    fn member_text(&self) -> String {
        match &self.member {
            Some(m) => format!("#{} {} ({})", m.id, m.full_name(), m.id_number),
            None => format!("#{}", self.loan.member),
        }
    }
}

impl Serialize for LoanSchedule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::report::dues::json_value(&schedule_json(&self.loan, self.date)).serialize(s)
    }
}

impl Report for LoanSchedule {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepLoanScheduleDoc.fill(lang, &[("id", &self.loan.id)]);
        let period = format_date(self.date, lang);
        csv_doc(self.letterhead.clone(), &title, period, "schedule", &csv)
            .headed(Some(self.member_text()))
    }
    /// The schedule under a line naming the loan, its member and the date.
    fn to_table(&self, lang: Lang) -> String {
        let mut s = Msg::RepLoanScheduleTitle.fill(
            lang,
            &[
                ("id", &self.loan.id),
                ("member", &self.member_text()),
                ("date", &format_date(self.date, lang)),
            ],
        );
        s.push_str(&schedule_table(&self.loan, self.date, lang));
        s
    }
    fn to_csv(&self, lang: Lang) -> String {
        schedule_csv(&self.loan, self.date, lang)
    }
    fn to_json(&self) -> String {
        schedule_json(&self.loan, self.date) + "\n"
    }
}

/// `ayni loan show`: a loan's statement on a date (terms, operations, what pays it off).
#[derive(Clone, Debug)]
pub struct LoanStatementReport {
    pub letterhead: Letterhead,
    pub statement: LoanStatement,
}

impl LoanStatementReport {
    pub fn of(book: &Book, id: u32, date: NaiveDate) -> Result<LoanStatementReport, BookError> {
        Ok(LoanStatementReport {
            letterhead: Letterhead::of(book)?,
            statement: loan_statement(book, id, date)?,
        })
    }
}

impl Serialize for LoanStatementReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::report::dues::json_value(&statement_json(&self.statement)).serialize(s)
    }
}

impl Report for LoanStatementReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let s = &self.statement;
        let title = Msg::RepLoanStatementDoc.fill(lang, &[("id", &s.loan.id)]);
        let period = format_date(s.date, lang);
        let heading = s.member.as_ref().map(crate::report::format::member_line);
        csv_doc(self.letterhead.clone(), &title, period, "statement", &csv).headed(heading)
    }
    fn to_table(&self, lang: Lang) -> String {
        statement_table(&self.statement, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        statement_csv(&self.statement, lang)
    }
    fn to_json(&self) -> String {
        statement_json(&self.statement) + "\n"
    }
}

/// `ayni loan simulate`: a loan's terms with its nominal and effective
/// rates, its totals and every installment (no book needed).
#[derive(Clone, Debug)]
pub struct LoanSimulation {
    pub letterhead: Letterhead,
    pub schedule: Schedule,
}

impl LoanSimulation {
    /// The simulation of `schedule`, with no association named (a
    /// simulation needs no book).
    pub fn of(schedule: Schedule) -> LoanSimulation {
        LoanSimulation {
            letterhead: Letterhead::blank(crate::clock::today()),
            schedule,
        }
    }
}

impl Serialize for LoanSimulation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        simulation_value(&self.schedule).serialize(s)
    }
}

impl Report for LoanSimulation {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepLoanSimulationDoc.t(lang);
        let period = format_date(self.schedule.start, lang);
        csv_doc(self.letterhead.clone(), title, period, "simulation", &csv)
    }
    fn to_table(&self, lang: Lang) -> String {
        simulation_table(&self.schedule, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        simulation_csv(&self.schedule, lang)
    }
    fn to_json(&self) -> String {
        simulation_json(&self.schedule) + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_print_as_given() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(rate_plain(d("15")), "15");
        assert_eq!(rate_plain(d("15.00")), "15");
        assert_eq!(rate_plain(d("15.5")), "15.5");
        assert_eq!(rate_plain(d("15.50")), "15.5");
        assert_eq!(rate_plain(Decimal::ZERO), "0");
        assert_eq!(effective_plain(d("15")), "16.08");
        assert_eq!(effective_plain(Decimal::ZERO), "0.00");
    }
}

// ---------------------------------------------------------------------------
// The portfolio and its arrears as reports

/// `ayni report loans`: every loan's outstanding principal and arrears at a
/// date. Its JSON is [`portfolio_json`]'s.
#[derive(Clone, Debug)]
pub struct Portfolio {
    pub letterhead: Letterhead,
    pub date: NaiveDate,
    pub rows: Vec<LoanRow>,
}

impl Portfolio {
    pub fn of(book: &Book, date: NaiveDate) -> Result<Portfolio, BookError> {
        Ok(Portfolio {
            letterhead: Letterhead::of(book)?,
            date,
            rows: book.loan_portfolio(date)?,
        })
    }
}

impl Serialize for Portfolio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        portfolio_value(&self.rows, self.date).serialize(s)
    }
}

impl Report for Portfolio {
    fn to_doc(&self, lang: Lang) -> Doc {
        use crate::report::render::{Cell, Column, Row, Style};
        let mut t = crate::report::render::Table::new(
            "loans",
            None,
            vec![
                Column::number("#", 5),
                Column::number(Msg::RepMember.t(lang), 6),
                Column::text(Msg::RepColName.t(lang), 30),
                Column::amount(Msg::RepColAmount.t(lang)),
                Column::amount(Msg::RepColOutstanding.t(lang)),
                Column::amount(Msg::RepColOverdue.t(lang)),
                Column::number(Msg::RepColDaysLate.t(lang), 6),
                Column::text(Msg::RepColBucket.t(lang), 8),
                Column::text(Msg::RepColStatus.t(lang), 11),
            ],
            2,
        );
        for r in &self.rows {
            t.push(Row::new(vec![
                Cell::Number(i64::from(r.loan)),
                Cell::Number(i64::from(r.member)),
                Cell::text(&r.name),
                Cell::Amount(r.amount),
                Cell::Amount(r.outstanding),
                Cell::Amount(r.overdue_principal),
                Cell::Number(r.days_past_due),
                Cell::text(r.bucket.unwrap_or_default()),
                Cell::text(loan_status_label(r.status, lang)),
            ]));
        }
        t.push(Row::styled(
            vec![
                Cell::Number(self.rows.len() as i64),
                Cell::Empty,
                Cell::text(Msg::RepTotal.t(lang)),
                Cell::Amount(self.rows.iter().map(|r| r.amount).sum()),
                Cell::Amount(self.rows.iter().map(|r| r.outstanding).sum()),
                Cell::Amount(self.rows.iter().map(|r| r.overdue_principal).sum()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            Style::Total,
            0,
        ));
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepPortfolio.t(lang),
            as_of(self.date, lang),
            vec![Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        portfolio_table(&self.rows, self.date, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        portfolio_csv(&self.rows, lang)
    }
}

/// `ayni report loan-arrears`: the active loans by days past due, and PAR30.
/// Its JSON is [`arrears_json`]'s.
#[derive(Clone, Debug)]
pub struct LoanAging {
    pub letterhead: Letterhead,
    pub arrears: LoanArrears,
}

impl LoanAging {
    pub fn of(book: &Book, date: NaiveDate) -> Result<LoanAging, BookError> {
        Ok(LoanAging {
            letterhead: Letterhead::of(book)?,
            arrears: book.loan_arrears(date)?,
        })
    }
}

impl Serialize for LoanAging {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        arrears_value(&self.arrears).serialize(s)
    }
}

impl Report for LoanAging {
    fn to_doc(&self, lang: Lang) -> Doc {
        use crate::report::arrears::{loan_aging_table, par30_note};
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepLoanAging.t(lang),
            as_of(self.arrears.date, lang),
            vec![
                Block::Table(loan_aging_table(&self.arrears, lang)),
                par30_note(&self.arrears, lang),
            ],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        arrears_table(&self.arrears, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        arrears_csv(&self.arrears, lang)
    }
}
