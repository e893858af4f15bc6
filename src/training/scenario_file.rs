//! Scenario files: a classroom scenario written as TOML, by ayni (the three
//! built-in scenarios, embedded from `scenarios/*.toml`) or by a trainer
//! (`ayni demo --scenario-file FILE.toml`). A file `<config_dir>/scenarios/
//! <name>.toml` replaces the built-in scenario of that name.
//!
//! A file says which month is built, the association, its charge types, its
//! members and a list of operations with their day and hour (or asks the
//! practice generator for a year of history, `[generate]`), and the learner's
//! tasks, each naming a check ayni applies, with optional words for a right,
//! a wrong and a not-yet answer. The README documents the format with a
//! commented example.
//!
//! Reading a file ([`parse`]) checks everything that can be checked without
//! a book, and says what is wrong line by line; building it ([`build`])
//! goes through the operations a treasurer uses, so a scenario obeys every
//! rule a real book does; an operation the books refuse is reported with
//! its line. The book keeps the file's text in its recipe, so `ayni reset`
//! rebuilds it even when the file is gone.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use toml::Spanned;

use super::practice::DemoOptions;
use super::recipe::{FileRecipe, Recipe, TaskFacts, TaskRecipe, TaskWords};
use super::{ScenarioError, TrainingError};
use crate::books::close::CloseOptions;
use crate::books::dues::ChargeTypeInput;
use crate::books::loans::{LoanApplication, LoanOpError};
use crate::books::{Book, BookError, Clock};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::dues::ChargeKind;
use crate::domain::entry::{EntryDraft, EntryKind, Posting};
use crate::domain::ident::make_cedula;
use crate::domain::loan::{LoanStatus, Prepay};
use crate::domain::member::MemberInput;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::SavingsKind;
use crate::domain::settings::{AssocKind, Settings};
use crate::i18n::{Lang, Msg};

/// The version of the format this ayni reads.
pub const FORMAT_VERSION: u32 = 1;

/// The built-in scenario files, in the order a course would use them.
pub const BUILTIN_FILES: [(&str, &str); 3] = [
    (
        "primer-mes",
        include_str!("../../scenarios/primer-mes.toml"),
    ),
    (
        "caja-un-ano",
        include_str!("../../scenarios/caja-un-ano.toml"),
    ),
    ("errores", include_str!("../../scenarios/errores.toml")),
];

/// The text of scenario `name`: `<config_dir>/scenarios/<name>.toml` when it
/// exists, else the built-in file; `None` for an unknown name.
pub fn scenario_text(name: &str, config_dir: Option<&Path>) -> Option<String> {
    let (name, builtin) = BUILTIN_FILES.iter().find(|(n, _)| *n == name)?;
    if let Some(dir) = config_dir {
        let file = dir.join("scenarios").join(format!("{name}.toml"));
        if let Ok(text) = std::fs::read_to_string(file) {
            return Some(text);
        }
    }
    Some((*builtin).to_string())
}

/// One thing wrong in a scenario file, and the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    /// 1-based; `None` when the problem is the whole file's.
    pub line: Option<usize>,
    pub what: Problem,
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The TOML cannot be read (the detail is the reader's, in English).
    Syntax(String),
    Version(u32),
    /// A field is needed (`field`) by `what` (an operation, a task, a section).
    Missing {
        what: String,
        field: String,
    },
    /// A value is not valid for the field.
    BadValue {
        field: String,
        value: String,
    },
    UnknownOp(String),
    UnknownCheck(String),
    /// A member number beyond the members listed.
    NoSuchMember {
        n: i64,
        count: usize,
    },
    /// A label no operation before carries.
    UnknownLabel(String),
    /// Neither `[association]` nor `[generate]`, or both.
    Source,
    /// The books refused an operation.
    Refused(String),
}

impl FileProblem {
    fn at(line: Option<usize>, what: Problem) -> FileProblem {
        FileProblem { line, what }
    }
    /// "línea 12: …" / "line 12: …".
    pub fn message(&self, lang: Lang) -> String {
        let what = match &self.what {
            Problem::Syntax(d) => Msg::ErrScnSyntax.fill(lang, &[("detail", d)]),
            Problem::Version(v) => {
                Msg::ErrScnVersion.fill(lang, &[("version", v), ("supported", &FORMAT_VERSION)])
            }
            Problem::Missing { what, field } => {
                Msg::ErrScnMissing.fill(lang, &[("what", what), ("field", field)])
            }
            Problem::BadValue { field, value } => {
                Msg::ErrScnBadValue.fill(lang, &[("field", field), ("value", value)])
            }
            Problem::UnknownOp(o) => {
                Msg::ErrScnUnknownOp.fill(lang, &[("op", o), ("ops", &OPS.join(", "))])
            }
            Problem::UnknownCheck(c) => {
                Msg::ErrScnUnknownCheck.fill(lang, &[("check", c), ("checks", &CHECKS.join(", "))])
            }
            Problem::NoSuchMember { n, count } => {
                Msg::ErrScnNoSuchMember.fill(lang, &[("n", n), ("count", count)])
            }
            Problem::UnknownLabel(l) => Msg::ErrScnUnknownLabel.fill(lang, &[("label", l)]),
            Problem::Source => Msg::ErrScnSource.t(lang).to_string(),
            Problem::Refused(m) => Msg::ErrScnRefused.fill(lang, &[("detail", m)]),
        };
        match self.line {
            Some(l) => Msg::ErrScnAtLine.fill(lang, &[("line", &l), ("what", &what)]),
            None => what,
        }
    }
}

/// The operations a file may list.
pub const OPS: [&str; 11] = [
    "pay_dues",
    "expense",
    "entry",
    "deposit",
    "withdraw",
    "fund_grant",
    "reverse",
    "close_month",
    "cash_to_bank",
    "disburse_loan",
    "repay_loan",
];

/// The checks a task may name.
pub const CHECKS: [&str; 17] = [
    "collect_dues",
    "expense_paid_in_cash",
    "close_month",
    "collect_arrears",
    "loan_up_to_date",
    "duplicate_payment",
    "wrong_account",
    "cash_count",
    "balance",
    "entry",
    "month_closed",
    "dues_paid",
    "savings_deposit",
    "savings_withdrawal",
    "fund_grant",
    "loan_disbursement",
    "loan_payoff",
];

// ---------------------------------------------------------------------------
// The file as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: Spanned<u32>,
    name: Spanned<String>,
    description: Option<RawWords>,
    month: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    association: Option<Spanned<RawAssociation>>,
    generate: Option<Spanned<RawGenerate>>,
    #[serde(default)]
    charge_types: Vec<Spanned<RawCharge>>,
    #[serde(default)]
    members: Vec<Spanned<RawMember>>,
    #[serde(default)]
    operations: Vec<Spanned<RawOp>>,
    #[serde(default)]
    tasks: Vec<Spanned<RawTask>>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawWords {
    es: Option<String>,
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssociation {
    name: String,
    kind: Option<String>,
    ruc: Option<String>,
    #[serde(default)]
    address: String,
    #[serde(default)]
    treasurer: String,
    #[serde(default)]
    president: String,
    day: Option<u32>,
    hour: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGenerate {
    members: usize,
    months: u32,
    seed: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCharge {
    name: String,
    kind: String,
    amount: String,
    start: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    first_names: String,
    last_names: String,
    gender: String,
    birth_date: String,
    joined: Option<String>,
    #[serde(default)]
    community: String,
    cedula: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawLine {
    account: String,
    debit: Option<String>,
    credit: Option<String>,
    member: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOp {
    op: String,
    label: Option<String>,
    day: Option<u32>,
    hour: Option<u32>,
    member: Option<i64>,
    amount: Option<String>,
    account: Option<String>,
    from: Option<String>,
    text: Option<String>,
    reference: Option<String>,
    kind: Option<String>,
    lines: Option<Vec<RawLine>>,
    reason: Option<String>,
    approval: Option<String>,
    entry: Option<String>,
    months: Option<u32>,
    product: Option<String>,
    loan: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    check: String,
    member: Option<toml::Value>,
    members: Option<Vec<i64>>,
    loan: Option<String>,
    amount: Option<String>,
    account: Option<String>,
    debit: Option<String>,
    credit: Option<String>,
    month: Option<String>,
    count: Option<String>,
    entry: Option<String>,
    entries: Option<Vec<String>>,
    missing: Option<Vec<String>>,
    to_cash: Option<Vec<String>>,
    months: Option<u32>,
    product: Option<String>,
    task: Option<RawWords>,
    done: Option<RawWords>,
    wrong: Option<RawWords>,
    not_yet: Option<RawWords>,
}

// ---------------------------------------------------------------------------
// The file as read.

/// A scenario file, read and checked.
#[derive(Clone, Debug)]
pub struct ScenarioFile {
    pub name: String,
    pub es: String,
    pub en: String,
    /// The file's text, kept in the book's recipe.
    pub text: String,
    month: MonthSpec,
    date: Option<NaiveDate>,
    source: Source,
    tasks: Vec<TaskSpec>,
}

impl ScenarioFile {
    pub fn description(&self, lang: Lang) -> &str {
        lang.pick(&self.es, &self.en)
    }
    /// How many tasks the file gives the learner.
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }
}

#[derive(Clone, Copy, Debug)]
enum MonthSpec {
    Previous,
    Current,
    Fixed(Month),
}

#[derive(Clone, Debug)]
enum Source {
    Generate(DemoOptions),
    Build(Box<Plan>),
}

#[derive(Clone, Debug)]
struct Plan {
    settings: Settings,
    day: u32,
    hour: u32,
    charges: Vec<(String, ChargeKind, Money, Option<Month>)>,
    members: Vec<MemberSpec>,
    ops: Vec<(usize, Op)>,
}

#[derive(Clone, Debug)]
struct MemberSpec {
    first_names: String,
    last_names: String,
    gender: String,
    birth_date: String,
    joined: Joined,
    community: String,
    cedula: Option<String>,
    phone: Option<String>,
}

/// When a member joined.
#[derive(Clone, Copy, Debug)]
enum Joined {
    /// The 1st of the month built.
    MonthStart,
    Fixed(NaiveDate),
    /// Month and day of `years` before the month built.
    YearsBefore(i32, u32, u32),
}

#[derive(Clone, Debug)]
enum Amount {
    Owed,
    Fixed(Money),
}

#[derive(Clone, Debug)]
struct Op {
    label: Option<String>,
    day: u32,
    hour: u32,
    what: OpKind,
}

#[derive(Clone, Debug)]
enum OpKind {
    PayDues {
        member: usize,
        amount: Amount,
        account: String,
    },
    Entry {
        kind: EntryKind,
        text: String,
        reference: String,
        lines: Vec<(String, bool, Money, Option<usize>)>,
    },
    Deposit {
        member: usize,
        amount: Money,
        account: String,
    },
    Withdraw {
        member: usize,
        amount: Money,
        account: String,
    },
    FundGrant {
        member: usize,
        amount: Money,
        reason: String,
        approval: String,
        account: String,
    },
    Reverse {
        label: String,
        reason: String,
    },
    CloseMonth,
    DisburseLoan {
        member: usize,
        amount: Money,
        months: u32,
        product: Option<String>,
        purpose: String,
        approval: String,
        account: String,
    },
    RepayLoan {
        label: String,
        amount: Amount,
        account: String,
    },
}

#[derive(Clone, Debug)]
struct TaskSpec {
    line: Option<usize>,
    check: CheckSpec,
    words: TaskWords,
}

/// Who a task is about: a member of the file's list, or a rule ayni applies
/// to the book built (the only way for a generated history).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum MemberPick {
    /// The active member most months behind with dues.
    MostBehind,
    /// The active member with the most ordinary savings available.
    Saver,
    /// An active member who owes nothing.
    UpToDate,
    /// An active member with no loan, whom the loan products accept.
    NewBorrower,
    Position(usize),
}

impl MemberPick {
    const RULES: [(&'static str, MemberPick); 4] = [
        ("most_behind", MemberPick::MostBehind),
        ("saver", MemberPick::Saver),
        ("up_to_date", MemberPick::UpToDate),
        ("new_borrower", MemberPick::NewBorrower),
    ];
}

/// Which loan a task is about.
#[derive(Clone, Debug)]
enum LoanPick {
    /// The overdue loan with the least to pay.
    LeastOverdue,
    /// The overdue loan with the least to pay after the one `loan_up_to_date` takes.
    NextOverdue,
    /// The loan an operation of the file disbursed.
    Label(String),
}

#[derive(Clone, Debug)]
enum CheckSpec {
    CollectDues(Vec<usize>),
    ExpensePaidInCash(Money),
    CloseMonth(Option<Money>),
    CollectArrears(MemberPick),
    LoanUpToDate,
    DuplicatePayment([String; 2]),
    WrongAccount(String),
    CashCount {
        missing: Vec<String>,
        to_cash: Vec<String>,
    },
    Balance {
        account: String,
        amount: Money,
    },
    Entry {
        debit: String,
        credit: String,
        amount: Money,
    },
    MonthClosed(Option<Month>),
    DuesPaid {
        member: usize,
        through: Option<Month>,
    },
    SavingsDeposit(MemberPick, Money),
    SavingsWithdrawal(MemberPick, Money),
    FundGrant(MemberPick, Money),
    LoanDisbursement {
        member: MemberPick,
        amount: Money,
        months: u32,
        product: Option<String>,
    },
    LoanPayoff(LoanPick),
}

/// Reads a scenario file; every problem found, by line.
pub fn parse(text: &str) -> Result<ScenarioFile, Vec<FileProblem>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().and_then(|s| line_of(text, s.start));
        vec![FileProblem::at(
            line,
            Problem::Syntax(e.message().trim().to_string()),
        )]
    })?;
    let mut p = Reader {
        text,
        problems: Vec::new(),
        labels: Vec::new(),
    };
    let file = p.read(raw);
    if p.problems.is_empty() {
        file.ok_or_else(Vec::new)
    } else {
        Err(p.problems)
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> Option<usize> {
    Some(text.get(..offset)?.matches('\n').count() + 1)
}

struct Reader<'a> {
    text: &'a str,
    problems: Vec<FileProblem>,
    /// The labels of the operations read so far.
    labels: Vec<String>,
}

impl Reader<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> Option<usize> {
        line_of(self.text, s.span().start)
    }
    fn bad(&mut self, line: Option<usize>, what: Problem) {
        self.problems.push(FileProblem::at(line, what));
    }
    fn missing(&mut self, line: Option<usize>, what: &str, field: &str) {
        self.bad(
            line,
            Problem::Missing {
                what: what.into(),
                field: field.into(),
            },
        );
    }
    fn bad_value(&mut self, line: Option<usize>, field: &str, value: &str) {
        self.bad(
            line,
            Problem::BadValue {
                field: field.into(),
                value: value.into(),
            },
        );
    }
    fn money(&mut self, line: Option<usize>, field: &str, s: &str) -> Money {
        match Money::parse(s) {
            Ok(m) if !m.is_negative() => m,
            _ => {
                self.bad_value(line, field, s);
                Money::ZERO
            }
        }
    }
    fn month(&mut self, line: Option<usize>, field: &str, s: &str) -> Option<Month> {
        match Month::parse(s) {
            Ok(m) => Some(m),
            Err(_) => {
                self.bad_value(line, field, s);
                None
            }
        }
    }
    fn member(&mut self, line: Option<usize>, n: Option<i64>, count: usize, what: &str) -> usize {
        match n {
            None => {
                self.missing(line, what, "member");
                0
            }
            Some(n) if n >= 1 && (n as usize) <= count => n as usize - 1,
            Some(n) => {
                self.bad(line, Problem::NoSuchMember { n, count });
                0
            }
        }
    }
    /// A loan product named by a file: one of the practice products.
    fn product(&mut self, line: Option<usize>, name: &Option<String>) {
        if let Some(n) = name
            && !super::practice::PRACTICE_PRODUCTS
                .iter()
                .any(|p| same_name(p, n))
        {
            self.bad_value(line, "product", n);
        }
    }
    fn label(&mut self, line: Option<usize>, l: &str) -> String {
        if !self.labels.iter().any(|x| x == l) {
            self.bad(line, Problem::UnknownLabel(l.into()));
        }
        l.to_string()
    }

    fn read(&mut self, raw: RawFile) -> Option<ScenarioFile> {
        if *raw.version.get_ref() != FORMAT_VERSION {
            let l = self.line(&raw.version);
            self.bad(l, Problem::Version(*raw.version.get_ref()));
            return None;
        }
        let name = raw.name.get_ref().trim().to_string();
        if name.is_empty() {
            let l = self.line(&raw.name);
            self.bad_value(l, "name", "");
        }
        let description = raw.description.unwrap_or_default();
        let es = description.es.clone().or(description.en.clone());
        let en = description.en.or(description.es);
        let month = match &raw.month {
            None => MonthSpec::Current,
            Some(m) => match m.get_ref().trim() {
                "previous" | "anterior" => MonthSpec::Previous,
                "current" | "actual" => MonthSpec::Current,
                s => {
                    let l = self.line(m);
                    self.month(l, "month", s)
                        .map_or(MonthSpec::Current, MonthSpec::Fixed)
                }
            },
        };
        let date = raw.date.as_ref().and_then(|d| {
            let s = d.get_ref().trim();
            let parsed = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            if parsed.is_none() {
                let l = self.line(d);
                self.bad_value(l, "date", s);
            }
            parsed
        });
        let source = match (raw.association, raw.generate) {
            (Some(a), None) => {
                let plan = self.plan(a, raw.charge_types, raw.members, raw.operations)?;
                Source::Build(Box::new(plan))
            }
            (None, Some(g)) => {
                let l = self.line(&g);
                let g = g.into_inner();
                if g.members < 2 || g.months == 0 || g.months > 240 {
                    self.bad_value(l, "generate", &format!("{} / {}", g.members, g.months));
                }
                if !raw.members.is_empty() || !raw.charge_types.is_empty() {
                    self.bad(l, Problem::Source);
                }
                // Operations after a generated history: only those that name
                // no member of the file (there is no member list).
                let ops = self.ops(raw.operations, 0);
                if !ops.is_empty() {
                    self.bad(l, Problem::Source);
                }
                Source::Generate(DemoOptions {
                    members: g.members,
                    months: g.months,
                    seed: g.seed,
                    force: true,
                })
            }
            _ => {
                self.bad(None, Problem::Source);
                return None;
            }
        };
        let count = match &source {
            Source::Build(p) => p.members.len(),
            Source::Generate(_) => 0,
        };
        let generated = matches!(source, Source::Generate(_));
        let mut tasks = Vec::new();
        for t in raw.tasks {
            if let Some(t) = self.task(t, count, generated) {
                tasks.push(t);
            }
        }
        Some(ScenarioFile {
            name,
            es: es.unwrap_or_default(),
            en: en.unwrap_or_default(),
            text: self.text.to_string(),
            month,
            date,
            source,
            tasks,
        })
    }

    fn plan(
        &mut self,
        a: Spanned<RawAssociation>,
        charges: Vec<Spanned<RawCharge>>,
        members: Vec<Spanned<RawMember>>,
        ops: Vec<Spanned<RawOp>>,
    ) -> Option<Plan> {
        let line = self.line(&a);
        let a = a.into_inner();
        let kind = match a.kind.as_deref() {
            None => AssocKind::Asociacion,
            Some(k) => AssocKind::parse(k).unwrap_or_else(|| {
                self.bad_value(line, "kind", k);
                AssocKind::Asociacion
            }),
        };
        let settings = Settings::new(&a.name, a.ruc.as_deref(), kind);
        if let Err(e) = &settings {
            self.bad(line, Problem::Refused(e.to_string()));
        }
        let mut out_charges = Vec::new();
        for c in charges {
            let l = self.line(&c);
            let c = c.into_inner();
            let kind = ChargeKind::parse(&c.kind).unwrap_or_else(|| {
                self.bad_value(l, "kind", &c.kind);
                ChargeKind::MonthlyDues
            });
            let amount = self.money(l, "amount", &c.amount);
            let start = c.start.as_deref().and_then(|s| self.month(l, "start", s));
            out_charges.push((c.name, kind, amount, start));
        }
        let mut out_members = Vec::new();
        for m in members {
            let l = self.line(&m);
            let m = m.into_inner();
            let joined = match m.joined.as_deref().map(str::trim) {
                None => Joined::MonthStart,
                Some(s) => self.joined(l, s),
            };
            out_members.push(MemberSpec {
                first_names: m.first_names,
                last_names: m.last_names,
                gender: m.gender,
                birth_date: m.birth_date,
                joined,
                community: m.community,
                cedula: m.cedula,
                phone: m.phone,
            });
        }
        let count = out_members.len();
        let ops = self.ops(ops, count);
        let mut settings = settings.ok()?;
        settings.address = a.address;
        settings.treasurer = a.treasurer;
        settings.president = a.president;
        settings.practice = true;
        Some(Plan {
            settings,
            day: a.day.unwrap_or(1),
            hour: a.hour.unwrap_or(8),
            charges: out_charges,
            members: out_members,
            ops,
        })
    }

    fn joined(&mut self, l: Option<usize>, s: &str) -> Joined {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Joined::Fixed(d);
        }
        // "Y-1-03-10": the 10th of March of the year before the month built.
        let parts: Vec<&str> = s.split('-').collect();
        if let ["Y", n, m, d] = parts.as_slice()
            && let (Ok(n), Ok(m), Ok(d)) = (n.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
            && NaiveDate::from_ymd_opt(2000, m, d).is_some()
        {
            return Joined::YearsBefore(n, m, d);
        }
        self.bad_value(l, "joined", s);
        Joined::MonthStart
    }

    fn ops(&mut self, ops: Vec<Spanned<RawOp>>, count: usize) -> Vec<(usize, Op)> {
        let mut out = Vec::new();
        for o in ops {
            let l = self.line(&o);
            let o = o.into_inner();
            let name = o.op.trim().to_string();
            let what = name.as_str();
            let amount = |r: &mut Self| match o.amount.as_deref() {
                Some(a) => r.money(l, "amount", a),
                None => {
                    r.missing(l, what, "amount");
                    Money::ZERO
                }
            };
            let account = o.account.clone();
            let kind = match what {
                "pay_dues" => {
                    let member = self.member(l, o.member, count, what);
                    let amount = match o.amount.as_deref().map(str::trim) {
                        None | Some("owed") | Some("adeudado") => Amount::Owed,
                        Some(a) => Amount::Fixed(self.money(l, "amount", a)),
                    };
                    OpKind::PayDues {
                        member,
                        amount,
                        account: account.unwrap_or_else(|| CASH.into()),
                    }
                }
                "expense" | "cash_to_bank" => {
                    let amount = amount(self);
                    let debit = if what == "cash_to_bank" {
                        account.unwrap_or_else(|| BANKS.into())
                    } else {
                        account.unwrap_or_else(|| {
                            self.missing(l, what, "account");
                            String::new()
                        })
                    };
                    OpKind::Entry {
                        kind: EntryKind::Manual,
                        text: o.text.clone().unwrap_or_else(|| {
                            self.missing(l, what, "text");
                            String::new()
                        }),
                        reference: o.reference.clone().unwrap_or_default(),
                        lines: vec![
                            (debit, true, amount, None),
                            (
                                o.from.clone().unwrap_or_else(|| CASH.into()),
                                false,
                                amount,
                                None,
                            ),
                        ],
                    }
                }
                "entry" => {
                    let kind = match o.kind.as_deref() {
                        None | Some("manual") => EntryKind::Manual,
                        Some("opening") | Some("apertura") => EntryKind::Opening,
                        Some(k) => {
                            self.bad_value(l, "kind", k);
                            EntryKind::Manual
                        }
                    };
                    let mut lines = Vec::new();
                    for line in o.lines.clone().unwrap_or_default() {
                        let (debit, value) = match (&line.debit, &line.credit) {
                            (Some(d), None) => (true, d.clone()),
                            (None, Some(c)) => (false, c.clone()),
                            _ => {
                                self.missing(l, "lines", "debit | credit");
                                (true, "0".into())
                            }
                        };
                        let m = self.money(l, "lines", &value);
                        let member = line.member.map(|n| self.member(l, Some(n), count, "lines"));
                        lines.push((line.account, debit, m, member));
                    }
                    if lines.len() < 2 {
                        self.missing(l, what, "lines");
                    }
                    OpKind::Entry {
                        kind,
                        text: o.text.clone().unwrap_or_else(|| {
                            self.missing(l, what, "text");
                            String::new()
                        }),
                        reference: o.reference.clone().unwrap_or_default(),
                        lines,
                    }
                }
                "deposit" | "withdraw" => {
                    let member = self.member(l, o.member, count, what);
                    let amount = amount(self);
                    let account = account.unwrap_or_else(|| CASH.into());
                    if what == "deposit" {
                        OpKind::Deposit {
                            member,
                            amount,
                            account,
                        }
                    } else {
                        OpKind::Withdraw {
                            member,
                            amount,
                            account,
                        }
                    }
                }
                "fund_grant" => {
                    let member = self.member(l, o.member, count, what);
                    OpKind::FundGrant {
                        member,
                        amount: amount(self),
                        reason: o.reason.clone().unwrap_or_else(|| {
                            self.missing(l, what, "reason");
                            String::new()
                        }),
                        approval: o.approval.clone().unwrap_or_default(),
                        account: account.unwrap_or_else(|| CASH.into()),
                    }
                }
                "reverse" => {
                    let label = match o.entry.as_deref() {
                        Some(e) => self.label(l, e),
                        None => {
                            self.missing(l, what, "entry");
                            String::new()
                        }
                    };
                    OpKind::Reverse {
                        label,
                        reason: o.reason.clone().unwrap_or_default(),
                    }
                }
                "close_month" => OpKind::CloseMonth,
                "disburse_loan" => {
                    let member = self.member(l, o.member, count, what);
                    let months = o.months.unwrap_or_else(|| {
                        self.missing(l, what, "months");
                        1
                    });
                    if months == 0 {
                        self.bad_value(l, "months", "0");
                    }
                    self.product(l, &o.product);
                    OpKind::DisburseLoan {
                        member,
                        amount: amount(self),
                        months,
                        product: o.product.clone(),
                        purpose: o.text.clone().unwrap_or_else(|| {
                            self.missing(l, what, "text");
                            String::new()
                        }),
                        approval: o.approval.clone().unwrap_or_default(),
                        account: account.unwrap_or_else(|| CASH.into()),
                    }
                }
                "repay_loan" => {
                    let label = match o.loan.as_deref() {
                        Some(e) => self.label(l, e),
                        None => {
                            self.missing(l, what, "loan");
                            String::new()
                        }
                    };
                    let amount = match o.amount.as_deref().map(str::trim) {
                        None | Some("due") | Some("vencido") => Amount::Owed,
                        Some(a) => Amount::Fixed(self.money(l, "amount", a)),
                    };
                    OpKind::RepayLoan {
                        label,
                        amount,
                        account: account.unwrap_or_else(|| CASH.into()),
                    }
                }
                other => {
                    self.bad(l, Problem::UnknownOp(other.into()));
                    continue;
                }
            };
            let day = o.day.unwrap_or(1);
            if !(1..=31).contains(&day) {
                self.bad_value(l, "day", &day.to_string());
            }
            let hour = o.hour.unwrap_or(10);
            if hour > 23 {
                self.bad_value(l, "hour", &hour.to_string());
            }
            if let Some(label) = &o.label {
                self.labels.push(label.clone());
            }
            out.push((
                l.unwrap_or(0),
                Op {
                    label: o.label,
                    day,
                    hour,
                    what: kind,
                },
            ));
        }
        out
    }

    fn task(&mut self, t: Spanned<RawTask>, count: usize, generated: bool) -> Option<TaskSpec> {
        let l = self.line(&t);
        let t = t.into_inner();
        let what = t.check.trim().to_string();
        let words = TaskWords {
            task: words(&t.task),
            done: words(&t.done),
            wrong: words(&t.wrong),
            not_yet: words(&t.not_yet),
        };
        let amount = |r: &mut Self| match t.amount.as_deref() {
            Some(a) => r.money(l, "amount", a),
            None => {
                r.missing(l, &what, "amount");
                Money::ZERO
            }
        };
        let month = |r: &mut Self| t.month.as_deref().and_then(|m| r.month(l, "month", m));
        let label = |r: &mut Self, field: &str, s: &Option<String>| match s {
            Some(s) => r.label(l, s),
            None => {
                r.missing(l, &what, field);
                String::new()
            }
        };
        let position = |r: &mut Self| -> usize {
            match &t.member {
                Some(toml::Value::Integer(n)) => r.member(l, Some(*n), count, &what),
                Some(v) => {
                    r.bad_value(l, "member", &v.to_string());
                    0
                }
                None => r.member(l, None, count, &what),
            }
        };
        // A member named by position (a listed member) or by a rule.
        let pick = |r: &mut Self, default: MemberPick| -> MemberPick {
            match &t.member {
                Some(toml::Value::String(s)) => {
                    match MemberPick::RULES.iter().find(|(n, _)| n == s) {
                        Some((_, p)) => *p,
                        None => {
                            r.bad_value(l, "member", s);
                            default
                        }
                    }
                }
                None if generated => default,
                _ if generated => {
                    r.bad_value(
                        l,
                        "member",
                        &t.member.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                    );
                    default
                }
                _ => MemberPick::Position(position(r)),
            }
        };
        let check = match what.as_str() {
            "savings_deposit" => {
                CheckSpec::SavingsDeposit(pick(self, MemberPick::Saver), amount(self))
            }
            "savings_withdrawal" => {
                CheckSpec::SavingsWithdrawal(pick(self, MemberPick::Saver), amount(self))
            }
            "fund_grant" => CheckSpec::FundGrant(pick(self, MemberPick::UpToDate), amount(self)),
            "loan_disbursement" => {
                let member = pick(self, MemberPick::NewBorrower);
                let amount = amount(self);
                let months = t.months.unwrap_or_else(|| {
                    self.missing(l, &what, "months");
                    1
                });
                if months == 0 {
                    self.bad_value(l, "months", "0");
                }
                self.product(l, &t.product);
                CheckSpec::LoanDisbursement {
                    member,
                    amount,
                    months,
                    product: t.product.clone(),
                }
            }
            "loan_payoff" => CheckSpec::LoanPayoff(match t.loan.as_deref() {
                None | Some("next_overdue") => LoanPick::NextOverdue,
                Some("least_overdue") => LoanPick::LeastOverdue,
                Some(label) if !generated => LoanPick::Label(self.label(l, label)),
                Some(v) => {
                    self.bad_value(l, "loan", v);
                    LoanPick::NextOverdue
                }
            }),
            "collect_dues" => {
                let members = t.members.clone().unwrap_or_default();
                if members.is_empty() {
                    self.missing(l, &what, "members");
                }
                CheckSpec::CollectDues(
                    members
                        .iter()
                        .map(|n| self.member(l, Some(*n), count, &what))
                        .collect(),
                )
            }
            "expense_paid_in_cash" => CheckSpec::ExpensePaidInCash(amount(self)),
            "close_month" => {
                CheckSpec::CloseMonth(t.count.as_deref().map(|c| self.money(l, "count", c)))
            }
            "collect_arrears" => CheckSpec::CollectArrears(match &t.member {
                Some(toml::Value::String(s)) if s == "most_behind" => MemberPick::MostBehind,
                None if generated => MemberPick::MostBehind,
                _ if generated => {
                    self.bad_value(l, "member", "most_behind");
                    MemberPick::MostBehind
                }
                _ => MemberPick::Position(position(self)),
            }),
            "loan_up_to_date" => {
                if let Some(v) = t.loan.as_deref()
                    && v != "least_overdue"
                {
                    self.bad_value(l, "loan", v);
                }
                CheckSpec::LoanUpToDate
            }
            "duplicate_payment" => {
                let e = t.entries.clone().unwrap_or_default();
                match e.as_slice() {
                    [a, b] => CheckSpec::DuplicatePayment([self.label(l, a), self.label(l, b)]),
                    _ => {
                        self.missing(l, &what, "entries");
                        return None;
                    }
                }
            }
            "wrong_account" => CheckSpec::WrongAccount(label(self, "entry", &t.entry)),
            "cash_count" => {
                let missing = t.missing.clone().unwrap_or_default();
                let to_cash = t.to_cash.clone().unwrap_or_default();
                if to_cash.is_empty() {
                    self.missing(l, &what, "to_cash");
                }
                CheckSpec::CashCount {
                    missing: missing.iter().map(|s| self.label(l, s)).collect(),
                    to_cash: to_cash.iter().map(|s| self.label(l, s)).collect(),
                }
            }
            "balance" => CheckSpec::Balance {
                account: t.account.clone().unwrap_or_else(|| {
                    self.missing(l, &what, "account");
                    String::new()
                }),
                amount: amount(self),
            },
            "entry" => CheckSpec::Entry {
                debit: t.debit.clone().unwrap_or_else(|| {
                    self.missing(l, &what, "debit");
                    String::new()
                }),
                credit: t.credit.clone().unwrap_or_else(|| {
                    self.missing(l, &what, "credit");
                    String::new()
                }),
                amount: amount(self),
            },
            "month_closed" => CheckSpec::MonthClosed(month(self)),
            "dues_paid" => CheckSpec::DuesPaid {
                member: position(self),
                through: month(self),
            },
            other => {
                self.bad(l, Problem::UnknownCheck(other.into()));
                return None;
            }
        };
        Some(TaskSpec {
            line: l,
            check,
            words,
        })
    }
}

/// Two names alike but for case and the spaces around them.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn words(w: &Option<RawWords>) -> Option<(String, String)> {
    let w = w.as_ref()?;
    let es = w.es.clone().or(w.en.clone())?;
    let en = w.en.clone().unwrap_or_else(|| es.clone());
    Some((es, en))
}

// ---------------------------------------------------------------------------
// Building.

/// The clock at hour `h` of day `d`, never after `limit` (the scenario's "now").
fn at(d: NaiveDate, h: u32, limit: Clock) -> Clock {
    let t = NaiveDateTime::new(d, NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default());
    Clock::Fixed(t.min(limit.now()))
}

/// What is overdue on a loan at `date` (late interest included) and in how many installments.
pub(crate) fn loan_overdue(
    book: &Book,
    id: u32,
    date: NaiveDate,
) -> Result<(Money, usize), BookError> {
    let mut loan = book.loan(id)?;
    loan.accrue_late(date);
    let overdue: Vec<_> = loan
        .installments
        .iter()
        .filter(|i| i.inst.due < date && !i.is_settled())
        .collect();
    Ok((overdue.iter().map(|i| i.total_due()).sum(), overdue.len()))
}

/// What a member owes through a month.
pub(crate) fn owed_total(book: &Book, member: u32, through: Month) -> Result<Money, BookError> {
    Ok(book.owed(member, through)?.iter().map(|c| c.due).sum())
}

/// The clock a file is built at: its fixed `date` (at noon) when it has one.
pub fn build_clock(file: &ScenarioFile, clock: Clock) -> Clock {
    match file.date {
        Some(d) => Clock::Fixed(NaiveDateTime::new(
            d,
            NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
        )),
        None => clock,
    }
}

/// What an operation posted, for the tasks that name it by its label.
#[derive(Clone, Copy)]
struct Posted {
    entry: u64,
    member: Option<u32>,
    amount: Money,
    /// The loan a `disburse_loan` disbursed.
    loan: Option<u32>,
}

/// Builds the file's book at `tmp` (a fresh path) for `clock`, and its recipe.
pub fn build(
    tmp: &Path,
    file: &ScenarioFile,
    clock: Clock,
) -> Result<(Book, Recipe), TrainingError> {
    let clock = build_clock(file, clock);
    let today = clock.today();
    let built = match file.month {
        MonthSpec::Previous => Month::of(today).prev(),
        MonthSpec::Current => Month::of(today),
        MonthSpec::Fixed(m) => m,
    };
    let mut labels: BTreeMap<String, Posted> = BTreeMap::new();
    let mut ids: Vec<u32> = Vec::new();
    let (mut book, month) = match &file.source {
        Source::Generate(opts) => {
            // A history ending in the month built: for the previous month,
            // generated as on its last evening, so that month is left open.
            let end = match file.month {
                MonthSpec::Current => clock,
                _ => at(built.last_day(), 18, clock),
            };
            super::practice::generate(tmp, opts, end)?;
            let mut book = Book::open(tmp)?;
            book.set_clock(clock);
            let month = match file.month {
                MonthSpec::Current => book.current_month()?,
                _ => built,
            };
            (book, month)
        }
        Source::Build(plan) => {
            let first = built.first_day();
            let day = |d: u32| {
                first
                    .with_day(d.min(built.last_day().day()))
                    .unwrap_or(first)
                    .min(today.max(first))
            };
            let mut book = Book::create_with_clock(
                tmp,
                plan.settings.clone(),
                at(day(plan.day), plan.hour, clock),
            )?;
            book.set_bulk(true)?;
            for (name, kind, amount, start) in &plan.charges {
                book.add_charge_type(&ChargeTypeInput {
                    name: name.clone(),
                    kind: *kind,
                    frequency: None,
                    account: None,
                    start_month: start.unwrap_or(built),
                    amount: *amount,
                    approval: String::new(),
                    members: None,
                })?;
            }
            for (i, m) in plan.members.iter().enumerate() {
                let join = match m.joined {
                    Joined::MonthStart => first,
                    Joined::Fixed(d) => d,
                    Joined::YearsBefore(n, mo, d) => {
                        NaiveDate::from_ymd_opt(first.year() - n, mo, d).unwrap_or(first)
                    }
                };
                let input = MemberInput {
                    id_kind: None,
                    id_number: m
                        .cedula
                        .clone()
                        .unwrap_or_else(|| make_cedula(10, 1_300_000 + i as u32 * 7_919)),
                    first_names: m.first_names.clone(),
                    last_names: m.last_names.clone(),
                    gender: m.gender.clone(),
                    birth_date: m.birth_date.clone(),
                    join_date: join.to_string(),
                    phone: m
                        .phone
                        .clone()
                        .unwrap_or_else(|| format!("09{}", 87_654_300 + i as u32 * 1_111)),
                    community: m.community.clone(),
                };
                ids.push(book.add_member(&input)?.id);
            }
            for (line, op) in &plan.ops {
                let d = day(op.day);
                book.set_clock(at(d, op.hour, clock));
                let posted = run_op(&mut book, op, d, built, &ids, &labels).map_err(|e| {
                    TrainingError::Operation {
                        line: *line,
                        error: e,
                    }
                })?;
                if let (Some(label), Some(p)) = (&op.label, posted) {
                    labels.insert(label.clone(), p);
                }
            }
            (book, built)
        }
    };
    // The tasks' figures are those of the scenario's "now".
    book.set_clock(clock);
    let tasks = resolve_tasks(&book, file, month, &ids, &labels)?;
    let (next_entry, next_receipt) = book.next_ids()?;
    book.set_bulk(false)?;
    let recipe = Recipe::File(FileRecipe {
        name: file.name.clone(),
        es: file.es.clone(),
        en: file.en.clone(),
        source: file.text.clone(),
        month,
        last_entry: next_entry - 1,
        last_receipt: next_receipt - 1,
        tasks,
    });
    Ok((book, recipe))
}

fn run_op(
    book: &mut Book,
    op: &Op,
    date: NaiveDate,
    month: Month,
    ids: &[u32],
    labels: &BTreeMap<String, Posted>,
) -> Result<Option<Posted>, BookError> {
    let member = |i: usize| ids.get(i).copied().unwrap_or_default();
    Ok(Some(match &op.what {
        OpKind::PayDues {
            member: m,
            amount,
            account,
        } => {
            let id = member(*m);
            let amount = match amount {
                Amount::Owed => owed_total(book, id, month)?,
                Amount::Fixed(a) => *a,
            };
            let r = book.pay_dues(id, amount, date, account, None)?;
            Posted {
                entry: r.entry,
                member: Some(id),
                amount,
                loan: None,
            }
        }
        OpKind::Entry {
            kind,
            text,
            reference,
            lines,
        } => {
            let postings = lines
                .iter()
                .map(|(account, debit, amount, m)| {
                    let p = if *debit {
                        Posting::debit(account, *amount)
                    } else {
                        Posting::credit(account, *amount)
                    };
                    match m {
                        Some(i) => p.for_member(member(*i)),
                        None => p,
                    }
                })
                .collect();
            let e = book.post(EntryDraft::new(date, text, reference, *kind, postings)?)?;
            Posted {
                entry: e.id,
                member: None,
                amount: e.total(),
                loan: None,
            }
        }
        OpKind::Deposit {
            member: m,
            amount,
            account,
        } => {
            let e = book.deposit(member(*m), None, *amount, date, account)?;
            Posted {
                entry: e.id,
                member: Some(member(*m)),
                amount: *amount,
                loan: None,
            }
        }
        OpKind::Withdraw {
            member: m,
            amount,
            account,
        } => {
            let id = member(*m);
            let acc = book
                .member_savings(id)?
                .into_iter()
                .find(|s| s.product.kind == SavingsKind::Ordinary)
                .map(|s| s.account.id)
                .unwrap_or_default();
            let e = book.withdraw(acc, *amount, date, account)?;
            Posted {
                entry: e.id,
                member: Some(id),
                amount: *amount,
                loan: None,
            }
        }
        OpKind::FundGrant {
            member: m,
            amount,
            reason,
            approval,
            account,
        } => {
            let g = book.fund_grant(
                Some(member(*m)),
                "",
                *amount,
                reason,
                approval,
                date,
                account,
            )?;
            Posted {
                entry: g.entry,
                member: Some(member(*m)),
                amount: *amount,
                loan: None,
            }
        }
        OpKind::Reverse { label, reason } => {
            let target = labels.get(label).map(|p| p.entry).unwrap_or_default();
            let reason = (!reason.is_empty()).then_some(reason.as_str());
            let e = book.reverse(target, Some(date), reason)?;
            Posted {
                entry: e.id,
                member: None,
                amount: e.total(),
                loan: None,
            }
        }
        OpKind::DisburseLoan {
            member: m,
            amount,
            months,
            product,
            purpose,
            approval,
            account,
        } => {
            let id = member(*m);
            if book.loan_products()?.is_empty() {
                super::practice::add_practice_loan_products(book)?;
            }
            let products = book.loan_products()?;
            let wanted: Vec<u32> = match product {
                Some(name) => {
                    let p = products
                        .iter()
                        .find(|p| same_name(&p.name, name))
                        .ok_or(BookError::from(LoanOpError::UnknownProduct(0)))?;
                    vec![p.id]
                }
                None => products.iter().map(|p| p.id).collect(),
            };
            let application = |product: u32| LoanApplication {
                member: id,
                product,
                amount: *amount,
                months: *months,
                rate: None,
                purpose: purpose.clone(),
                guarantor: None,
                approval: approval.clone(),
                date,
            };
            // The first product that takes the application (the error of the
            // first one when none does).
            let mut chosen = Err(BookError::from(LoanOpError::UnknownProduct(0)));
            for (i, p) in wanted.iter().enumerate() {
                match book.check_loan_application(&application(*p)) {
                    Ok(_) => {
                        chosen = Ok(*p);
                        break;
                    }
                    Err(e) if i == 0 => chosen = Err(e),
                    Err(_) => {}
                }
            }
            let (loan, _) = book.apply_loan(&application(chosen?))?;
            let d = book.record_disbursement(loan.id, date, account)?;
            Posted {
                entry: d.entry.id,
                member: Some(id),
                amount: *amount,
                loan: Some(loan.id),
            }
        }
        OpKind::RepayLoan {
            label,
            amount,
            account,
        } => {
            let id = labels.get(label).and_then(|p| p.loan).unwrap_or_default();
            let amount = match amount {
                Amount::Fixed(a) => *a,
                Amount::Owed => {
                    let mut loan = book.loan(id)?;
                    loan.accrue_late(date);
                    loan.due_through(date)
                }
            };
            let (e, loan) = book.pay_loan(id, amount, date, account, Prepay::ShortenTerm)?;
            Posted {
                entry: e.id,
                member: Some(loan.member),
                amount,
                loan: Some(id),
            }
        }
        OpKind::CloseMonth => {
            book.close_month_with(
                month,
                &CloseOptions {
                    backup: false,
                    ..CloseOptions::default()
                },
            )?;
            return Ok(None);
        }
    }))
}

/// The figures and ids each task checks, read from the book just built.
fn resolve_tasks(
    book: &Book,
    file: &ScenarioFile,
    month: Month,
    ids: &[u32],
    labels: &BTreeMap<String, Posted>,
) -> Result<Vec<TaskRecipe>, TrainingError> {
    let member = |i: usize| ids.get(i).copied().unwrap_or_default();
    let posted = |l: &str| {
        labels.get(l).copied().unwrap_or(Posted {
            entry: 0,
            member: None,
            amount: Money::ZERO,
            loan: None,
        })
    };
    let today = book.today();
    let open = book.current_month()?;
    // The overdue loans, least to pay first: the first is a task a class can do.
    let wants_loan = file.tasks.iter().any(|t| {
        matches!(
            t.check,
            CheckSpec::LoanUpToDate
                | CheckSpec::LoanPayoff(LoanPick::LeastOverdue | LoanPick::NextOverdue)
        )
    });
    let mut overdue: Vec<(Money, usize, u32, u32)> = Vec::new();
    if wants_loan {
        for l in book.loans()? {
            if l.status != LoanStatus::Active {
                continue;
            }
            let (due, n) = loan_overdue(book, l.id, today)?;
            if n > 0 {
                overdue.push((due, n, l.id, l.member));
            }
        }
        overdue.sort_by_key(|&(due, _, id, _)| (due, id));
    }
    let up_to_date_task = file
        .tasks
        .iter()
        .any(|t| matches!(t.check, CheckSpec::LoanUpToDate));
    let loan = overdue.first().copied();
    let next_loan = overdue.get(usize::from(up_to_date_task)).copied();
    let borrower = if up_to_date_task {
        loan.map(|l| l.3)
    } else {
        None
    };
    let mut picker = Picker {
        book,
        month: open,
        built: month,
        borrower,
        picked: BTreeMap::new(),
        withdrawal: file
            .tasks
            .iter()
            .filter_map(|t| match t.check {
                CheckSpec::SavingsWithdrawal(_, a) => Some(a),
                _ => None,
            })
            .max()
            .unwrap_or(Money::ZERO),
        loan: None,
    };
    // A member asked for by position, or by a rule (each rule picks once).
    let who = |p: MemberPick, picker: &mut Picker| -> Result<u32, TrainingError> {
        match p {
            MemberPick::Position(i) => Ok(member(i)),
            rule => picker.pick(rule),
        }
    };
    let mut out = Vec::new();
    for t in &file.tasks {
        let facts = match &t.check {
            CheckSpec::CollectDues(members) => {
                let unpaid: Vec<u32> = members.iter().map(|&i| member(i)).collect();
                let owed_each = match unpaid.first() {
                    Some(&id) => owed_total(book, id, month)?,
                    None => Money::ZERO,
                };
                TaskFacts::CollectDues { unpaid, owed_each }
            }
            CheckSpec::ExpensePaidInCash(amount) => {
                TaskFacts::ExpensePaidInCash { amount: *amount }
            }
            CheckSpec::CloseMonth(count) => TaskFacts::CloseMonth {
                cash_count: match count {
                    Some(c) => *c,
                    None => book.balance_of(CASH, month)?,
                },
            },
            CheckSpec::CollectArrears(pick) => {
                let id = who(*pick, &mut picker)?;
                TaskFacts::CollectArrears {
                    member: id,
                    member_owed: owed_total(book, id, open)?,
                }
            }
            CheckSpec::SavingsDeposit(pick, amount) => TaskFacts::SavingsDeposit {
                member: who(*pick, &mut picker)?,
                amount: *amount,
            },
            CheckSpec::SavingsWithdrawal(pick, amount) => TaskFacts::SavingsWithdrawal {
                member: who(*pick, &mut picker)?,
                amount: *amount,
            },
            CheckSpec::FundGrant(pick, amount) => TaskFacts::FundGrant {
                member: who(*pick, &mut picker)?,
                amount: *amount,
            },
            CheckSpec::LoanDisbursement {
                member: pick,
                amount,
                months,
                product,
            } => {
                picker.loan = Some((*amount, *months, product.clone()));
                let id = who(*pick, &mut picker)?;
                let product = picker.product_for(id, *amount, *months, product)?;
                TaskFacts::LoanDisbursed {
                    member: id,
                    product,
                    amount: *amount,
                    months: *months,
                }
            }
            CheckSpec::LoanPayoff(pick) => {
                let id = match pick {
                    LoanPick::Label(l) => posted(l).loan.unwrap_or_default(),
                    LoanPick::LeastOverdue => loan.ok_or(ScenarioError::NoArrears)?.2,
                    LoanPick::NextOverdue => next_loan.ok_or(ScenarioError::NoArrears)?.2,
                };
                let (late, interest, principal) = payoff_split(book, id, today)?;
                TaskFacts::LoanPayoff {
                    loan: id,
                    late,
                    interest,
                    principal,
                }
            }
            CheckSpec::LoanUpToDate => {
                let (loan_overdue, loan_installments, loan, _) =
                    loan.ok_or(ScenarioError::NoArrears)?;
                TaskFacts::LoanUpToDate {
                    loan,
                    loan_overdue,
                    loan_installments,
                }
            }
            CheckSpec::DuplicatePayment([a, b]) => {
                let (a, b) = (posted(a), posted(b));
                TaskFacts::DuplicatePayment {
                    member: a.member.unwrap_or_default(),
                    payment: a.amount,
                    payment_entries: [a.entry, b.entry],
                }
            }
            CheckSpec::WrongAccount(l) => {
                let p = posted(l);
                TaskFacts::WrongAccount {
                    purchase_entry: p.entry,
                    purchase: p.amount,
                }
            }
            CheckSpec::CashCount { missing, to_cash } => {
                let missing: Money = missing.iter().map(|l| posted(l).amount).sum();
                let sale: Money = to_cash.iter().map(|l| posted(l).amount).sum();
                let sale_entry = to_cash.first().map(|l| posted(l).entry).unwrap_or_default();
                TaskFacts::CashCount {
                    cash_count: book.balance_of(CASH, month)? - missing + sale,
                    bank: book.balance_of(BANKS, month)? - sale,
                    sale_entry,
                    sale,
                }
            }
            CheckSpec::Balance { account, amount } => TaskFacts::Balance {
                account: account.clone(),
                amount: *amount,
            },
            CheckSpec::Entry {
                debit,
                credit,
                amount,
            } => TaskFacts::Entry {
                debit: debit.clone(),
                credit: credit.clone(),
                amount: *amount,
            },
            CheckSpec::MonthClosed(m) => TaskFacts::MonthClosed {
                month: m.unwrap_or(month),
            },
            CheckSpec::DuesPaid { member: m, through } => TaskFacts::DuesPaid {
                member: member(*m),
                through: through.unwrap_or(month),
            },
        };
        let _ = t.line;
        out.push(TaskRecipe {
            facts,
            words: t.words.clone(),
        });
    }
    Ok(out)
}

/// What paying loan `id` off on `date` costs, split as the payment would
/// be: late interest, interest (to the day), principal.
pub(crate) fn payoff_split(
    book: &Book,
    id: u32,
    date: NaiveDate,
) -> Result<(Money, Money, Money), BookError> {
    let mut loan = book.loan(id)?;
    loan.accrue_late(date);
    let (total, accrued) = crate::domain::loan::payoff(&loan, date);
    let due = crate::domain::loan::allocate_payment(&loan, date, total);
    let interest = due.interest + accrued;
    Ok((due.late, interest, total - due.late - interest))
}

/// The members a file's rules pick from the book built; each rule picks
/// one member, and different rules different members when the book allows.
struct Picker<'a> {
    book: &'a Book,
    /// The open month (what members owe is counted through it).
    month: Month,
    /// The month built: a member up to date owes nothing through it.
    built: Month,
    /// The borrower of the loan to bring up to date, left to that task.
    borrower: Option<u32>,
    picked: BTreeMap<MemberPick, u32>,
    /// The largest withdrawal a saver is asked for.
    withdrawal: Money,
    /// The loan a new borrower asks for: amount, months, product.
    loan: Option<(Money, u32, Option<String>)>,
}

impl Picker<'_> {
    fn pick(&mut self, rule: MemberPick) -> Result<u32, TrainingError> {
        if let Some(id) = self.picked.get(&rule) {
            return Ok(*id);
        }
        let id = match rule {
            MemberPick::Position(_) => return Err(ScenarioError::NoArrears.into()),
            MemberPick::MostBehind => most_behind(self.book, self.month, self.borrower)?,
            rule => {
                let name = MemberPick::RULES
                    .iter()
                    .find(|(_, r)| *r == rule)
                    .map(|(n, _)| *n)
                    .unwrap_or_default();
                let taken: Vec<u32> = self.picked.values().copied().collect();
                let mut best: Option<(Money, u32)> = None;
                for m in self.book.members()? {
                    if !m.status.is_active() || taken.contains(&m.id) || Some(m.id) == self.borrower
                    {
                        continue;
                    }
                    let score = match rule {
                        MemberPick::Saver => {
                            let available = self
                                .book
                                .member_savings(m.id)?
                                .into_iter()
                                .find(|s| s.product.kind == SavingsKind::Ordinary)
                                .map(|s| s.available);
                            match available {
                                Some(a) if a >= self.withdrawal && a.is_positive() => a,
                                _ => continue,
                            }
                        }
                        MemberPick::UpToDate => {
                            if !owed_total(self.book, m.id, self.built)?.is_zero() {
                                continue;
                            }
                            Money::ZERO
                        }
                        _ => {
                            let busy = self.book.member_loans(m.id)?.iter().any(|l| {
                                !matches!(
                                    l.status,
                                    LoanStatus::PaidOff(_)
                                        | LoanStatus::WrittenOff(_)
                                        | LoanStatus::Voided(_)
                                )
                            });
                            let (amount, months, product) = self.loan.clone().unwrap_or_default();
                            if busy || self.product_for(m.id, amount, months, &product).is_err() {
                                continue;
                            }
                            Money::ZERO
                        }
                    };
                    // The highest score, the lowest number among equals.
                    if best.is_none_or(|(s, _)| score > s) {
                        best = Some((score, m.id));
                    }
                }
                best.map(|(_, id)| id)
                    .ok_or_else(|| ScenarioError::NoMember(name.to_string()))?
            }
        };
        self.picked.insert(rule, id);
        Ok(id)
    }

    /// The first loan product (the one named, when a name is given) that
    /// takes `member`'s application for `amount` over `months` today.
    fn product_for(
        &self,
        member: u32,
        amount: Money,
        months: u32,
        product: &Option<String>,
    ) -> Result<u32, TrainingError> {
        for p in self.book.loan_products()? {
            if product.as_ref().is_some_and(|n| !same_name(&p.name, n)) {
                continue;
            }
            let a = LoanApplication {
                member,
                product: p.id,
                amount,
                months,
                rate: None,
                // Checked only: an application needs both, the answer gives them.
                purpose: "-".into(),
                guarantor: None,
                approval: "-".into(),
                date: self.book.today(),
            };
            if self.book.check_loan_application(&a).is_ok() {
                return Ok(p.id);
            }
        }
        Err(ScenarioError::NoMember("new_borrower".into()).into())
    }
}

/// The active member most months behind with dues (not the borrower, when possible).
fn most_behind(book: &Book, current: Month, borrower: Option<u32>) -> Result<u32, TrainingError> {
    let mut rows = Vec::new();
    for r in book.arrears(current)? {
        if book.member(r.member)?.is_some_and(|m| m.status.is_active()) {
            rows.push(r);
        }
    }
    let is_borrower = |m: u32| Some(m) == borrower;
    rows.sort_by(|a, b| {
        is_borrower(a.member)
            .cmp(&is_borrower(b.member))
            .then(b.months.cmp(&a.months))
            .then(b.amount.cmp(&a.amount))
            .then(a.member.cmp(&b.member))
    });
    Ok(rows
        .first()
        .map(|r| r.member)
        .ok_or(ScenarioError::NoArrears)?)
}
