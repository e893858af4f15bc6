//! Classroom scenarios: practice books built for a lesson, each with tasks
//! for the learners (see [`super::exercises`]).
//!
//! Every scenario is built through the operations a treasurer uses (members,
//! charge types, dues payments, entries, reversals, loans, closes), so it obeys
//! every rule a real book does and `ayni check` passes on it. For a given clock
//! a scenario is built identically, entry for entry and hash for hash. Like
//! [`super::practice`], a scenario is built beside the target and renamed over
//! it only when complete, and only ever replaces a practice book.
//!
//! The book keeps its recipe (the scenario, or the demo options) in its meta
//! table under [`RECIPE_KEY`], with the figures and ids its exercises check.
//! `ayni reset` rebuilds a practice book from it.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::dues::ChargeTypeInput;
use super::practice::{DemoOptions, build_practice};
use super::{Book, BookError, Clock};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::dues::ChargeKind;
use crate::domain::entry::{EntryDraft, EntryKind, Posting};
use crate::domain::ident::make_cedula;
use crate::domain::loan::LoanStatus;
use crate::domain::member::MemberInput;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::{AssocKind, Settings};
use crate::i18n::Lang;
use crate::store::StoreRead;

/// The meta key of a practice book's recipe (JSON text).
pub const RECIPE_KEY: &str = "practice_recipe";

/// A scenario a trainer can build: its name and what it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: &'static str,
    pub es: &'static str,
    pub en: &'static str,
}

impl Scenario {
    pub fn description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.es,
            Lang::En => self.en,
        }
    }
}

/// The scenarios, in the order a course would use them.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "primer-mes",
        es: "El primer mes de una asociación nueva: socios, cuotas, aportes y una compra; el mes queda abierto para cobrar lo pendiente y cerrarlo.",
        en: "A new association's first month: members, dues, contributions and a purchase; the month is left open to collect what is owed and close it.",
    },
    Scenario {
        name: "caja-un-ano",
        es: "Un año de una caja de ahorro: ahorros, fondo solidario, cuotas atrasadas y préstamos en mora.",
        en: "A year of a savings bank (caja de ahorro): savings, the solidarity fund, dues in arrears and loans past due.",
    },
    Scenario {
        name: "errores",
        es: "Un mes con errores para encontrar y corregir con reversos: un pago registrado dos veces, una compra en la cuenta equivocada y una caja que no cuadra con el arqueo.",
        en: "A month with mistakes to find and correct by reversal: a payment recorded twice, a purchase in the wrong account and cash that does not match the count.",
    },
];

/// The scenario of that name (case and accents aside: `caja-un-año` works too).
pub fn find_scenario(name: &str) -> Option<&'static Scenario> {
    let n = name
        .trim()
        .to_lowercase()
        .replace('ñ', "n")
        .replace('_', "-");
    SCENARIOS.iter().find(|s| s.name == n)
}

/// Why a scenario cannot be built or a practice book reset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("unknown scenario {0}")]
    Unknown(String),
    #[error("{0} has no recipe to rebuild it from")]
    NoRecipe(PathBuf),
    #[error("the practice book's recipe cannot be read: {0}")]
    BadRecipe(String),
    #[error("no loan is in arrears on this date")]
    NoArrears,
}

impl ScenarioError {
    pub fn message(&self, lang: Lang) -> String {
        let names = SCENARIOS
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(", ");
        match (self, lang) {
            (ScenarioError::Unknown(n), Lang::Es) => {
                format!("No hay un escenario «{n}». Los escenarios son: {names}.")
            }
            (ScenarioError::Unknown(n), Lang::En) => {
                format!("There is no scenario '{n}'. The scenarios are: {names}.")
            }
            (ScenarioError::NoRecipe(p), Lang::Es) => format!(
                "{} es un libro de práctica, pero no guarda cómo se construyó (lo hizo una versión anterior): créelo de nuevo con «ayni demo --force» o «ayni demo --scenario NOMBRE --force».",
                p.display()
            ),
            (ScenarioError::NoRecipe(p), Lang::En) => format!(
                "{} is a practice book, but it does not record how it was built (an earlier version made it): build it anew with 'ayni demo --force' or 'ayni demo --scenario NAME --force'.",
                p.display()
            ),
            (ScenarioError::BadRecipe(d), Lang::Es) => format!(
                "No se puede leer cómo se construyó este libro de práctica ({d}); créelo de nuevo con «ayni demo --force»."
            ),
            (ScenarioError::BadRecipe(d), Lang::En) => format!(
                "How this practice book was built cannot be read ({d}); build it anew with 'ayni demo --force'."
            ),
            (ScenarioError::NoArrears, Lang::Es) => {
                "En esta fecha ningún préstamo del escenario está en mora; no se puede armar el ejercicio.".into()
            }
            (ScenarioError::NoArrears, Lang::En) => {
                "On this date no loan of the scenario is in arrears; the exercise cannot be set.".into()
            }
        }
    }
}

/// How a practice book was built, with what its exercises check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipe {
    /// `ayni demo` with these options.
    Demo {
        members: usize,
        months: u32,
        seed: u64,
    },
    PrimerMes(PrimerMes),
    CajaUnAno(CajaUnAno),
    Errores(Errores),
}

impl Recipe {
    /// The scenario's name, or `None` for a plain demo book.
    pub fn scenario(&self) -> Option<&'static str> {
        match self {
            Recipe::Demo { .. } => None,
            Recipe::PrimerMes(_) => Some("primer-mes"),
            Recipe::CajaUnAno(_) => Some("caja-un-ano"),
            Recipe::Errores(_) => Some("errores"),
        }
    }
}

/// A new association's first month (`primer-mes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimerMes {
    /// The month built, left open (the clock's previous month).
    pub month: Month,
    /// The three members who have not paid yet.
    pub unpaid: Vec<u32>,
    /// What each of them owes for the month.
    pub owed_each: Money,
    /// The office supplies bought today, to record.
    pub supplies: Money,
    /// The cash counted at the month's end.
    pub cash_count: Money,
    /// The last entry and receipt of the scenario (the learner's work comes after).
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// A year of a caja de ahorro (`caja-un-ano`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CajaUnAno {
    pub seed: u64,
    /// A member in arrears with dues, and what they owed when the book was built.
    pub member: u32,
    pub member_owed: Money,
    /// A loan with installments overdue, and what was overdue when the book was built.
    pub loan: u32,
    pub loan_overdue: Money,
    pub loan_installments: usize,
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// A month with mistakes (`errores`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Errores {
    pub month: Month,
    /// The member whose payment was recorded twice, the amount, and the two entries.
    pub member: u32,
    pub payment: Money,
    pub payment_entries: [u64; 2],
    /// The purchase posted to 3103 instead of an expense account.
    pub purchase_entry: u64,
    pub purchase: Money,
    /// The cash sale posted to the bank instead of cash.
    pub sale_entry: u64,
    pub sale: Money,
    /// What the box holds (the count), and what the bank should show.
    pub cash_count: Money,
    pub bank: Money,
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// Writes the recipe into the book's meta table.
pub(crate) fn store_recipe(book: &mut Book, recipe: &Recipe) -> Result<(), BookError> {
    let text = serde_json::to_string(recipe)
        .map_err(|e| ScenarioError::BadRecipe(e.to_string()))
        .map_err(BookError::from)?;
    let tx = book.store().write()?;
    tx.meta_put(RECIPE_KEY, &text)?;
    tx.commit()?;
    Ok(())
}

impl Book {
    /// How this practice book was built (`None` for a real book or one built
    /// before recipes were kept).
    pub fn practice_recipe(&self) -> Result<Option<Recipe>, BookError> {
        let text: Option<String> = self.store().read()?.meta_get(RECIPE_KEY)?;
        match text {
            None => Ok(None),
            Some(t) => serde_json::from_str(&t)
                .map(Some)
                .map_err(|e| ScenarioError::BadRecipe(e.to_string()).into()),
        }
    }

    /// The id the next entry will get, and the number of the next receipt.
    pub(crate) fn next_ids(&self) -> Result<(u64, u64), BookError> {
        let tx = self.store().read()?;
        Ok((
            tx.meta_get("next_entry_id")?.unwrap_or(1),
            tx.meta_get("next_receipt")?.unwrap_or(1),
        ))
    }
}

/// Builds scenario `name` at `path`; the book's history ends at the clock.
/// Refuses to replace anything but a practice book, and anything without `force`.
pub fn create_scenario(
    path: &Path,
    name: &str,
    force: bool,
    clock: Clock,
) -> Result<(Book, Recipe), BookError> {
    let sc = find_scenario(name).ok_or_else(|| ScenarioError::Unknown(name.trim().into()))?;
    let (mut book, recipe) = build_practice(path, force, |tmp| {
        let (mut book, recipe) = match sc.name {
            "primer-mes" => primer_mes(tmp, clock)?,
            "caja-un-ano" => caja_un_ano(tmp, clock)?,
            _ => errores(tmp, clock)?,
        };
        store_recipe(&mut book, &recipe)?;
        Ok(recipe)
    })?;
    book.set_clock(clock);
    Ok((book, recipe))
}

/// Rebuilds the practice book at `path` from its recipe, for the clock's date.
/// A real book is refused and left untouched.
pub fn reset(path: &Path, clock: Clock) -> Result<(Book, Recipe), BookError> {
    let recipe = {
        let book = Book::open_read_only(path)?;
        if !book.settings()?.practice {
            return Err(BookError::NotPractice(path.to_path_buf()));
        }
        book.practice_recipe()?
            .ok_or_else(|| ScenarioError::NoRecipe(path.to_path_buf()))?
    };
    match recipe {
        Recipe::Demo {
            members,
            months,
            seed,
        } => {
            let opts = DemoOptions {
                members,
                months,
                seed,
                force: true,
            };
            let (book, _) = super::practice::create_demo_with_clock(path, &opts, clock)?;
            let recipe = book.practice_recipe()?.unwrap_or(Recipe::Demo {
                members,
                months,
                seed,
            });
            Ok((book, recipe))
        }
        other => {
            let name = other.scenario().unwrap_or("primer-mes");
            create_scenario(path, name, true, clock)
        }
    }
}

/// The clock at hour `h` of day `d`, never after `limit` (the scenario's "now").
fn at(d: NaiveDate, h: u32, limit: Clock) -> Clock {
    let t = NaiveDateTime::new(d, NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default());
    Clock::Fixed(t.min(limit.now()))
}

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

/// A founding member: first names, last names, gender, birth date.
type Founder = (&'static str, &'static str, &'static str, (i32, u32, u32));

fn member_input(i: usize, f: &Founder, join: NaiveDate, community: &str) -> MemberInput {
    let (first, last, gender, (y, m, d)) = *f;
    MemberInput {
        id_kind: None,
        id_number: make_cedula(10, 1_300_000 + i as u32 * 7_919),
        first_names: first.into(),
        last_names: last.into(),
        gender: gender.into(),
        birth_date: format!("{y:04}-{m:02}-{d:02}"),
        join_date: join.to_string(),
        phone: format!("09{}", 87_654_300 + i as u32 * 1_111),
        community: community.into(),
    }
}

fn charge(name: &str, kind: ChargeKind, start: Month, amount: i64) -> ChargeTypeInput {
    ChargeTypeInput {
        name: name.into(),
        kind,
        frequency: None,
        account: None,
        start_month: start,
        amount: cents(amount),
        approval: String::new(),
        members: None,
    }
}

fn manual(
    book: &mut Book,
    date: NaiveDate,
    text: &str,
    reference: &str,
    lines: Vec<Posting>,
) -> Result<u64, BookError> {
    Ok(book
        .post(EntryDraft::new(
            date,
            text,
            reference,
            EntryKind::Manual,
            lines,
        )?)?
        .id)
}

fn owed_total(book: &Book, member: u32, through: Month) -> Result<Money, BookError> {
    Ok(book.owed(member, through)?.iter().map(|c| c.due).sum())
}

const FOUNDERS: &[Founder] = &[
    ("Rosa Elena", "Quispe Lema", "F", (1979, 4, 12)),
    ("José Manuel", "Chango Pilataxi", "M", (1972, 9, 3)),
    ("María Dolores", "Guamán Tituaña", "F", (1985, 1, 27)),
    ("Segundo Luis", "Morocho Anrango", "M", (1968, 11, 8)),
    ("Carmen Sisa", "Farinango Males", "F", (1990, 6, 15)),
    ("Pedro Pablo", "Yamberla Caiza", "M", (1982, 2, 21)),
    ("Luz María", "Cachiguango Perugachi", "F", (1976, 8, 30)),
    ("Inti Amaru", "Toapanta Paucar", "M", (1995, 12, 5)),
];

/// `primer-mes`: founded on the 1st of the clock's previous month; five of
/// eight members pay at the first meeting, two purchases; the month is open.
fn primer_mes(tmp: &Path, clock: Clock) -> Result<(Book, Recipe), BookError> {
    let month = Month::of(clock.today()).prev();
    let first = month.first_day();
    let day = |d: u32| first.with_day(d).unwrap_or(first);
    let mut settings = Settings::new(
        "Asociación de Productores Agroecológicos Nueva Esperanza",
        None,
        AssocKind::Asociacion,
    )?;
    settings.address = "Comunidad La Calera, parroquia San José de Quichinche, Otavalo".into();
    settings.treasurer = "Rosa Elena Quispe Lema".into();
    settings.president = "José Manuel Chango Pilataxi".into();
    settings.practice = true;
    let mut book = Book::create_with_clock(tmp, settings, at(first, 8, clock))?;
    book.set_bulk(true)?;
    book.add_charge_type(&charge(
        "Cuota de ingreso",
        ChargeKind::Admission,
        month,
        1_000,
    ))?;
    book.add_charge_type(&charge(
        "Cuota mensual",
        ChargeKind::MonthlyDues,
        month,
        300,
    ))?;
    book.add_charge_type(&charge(
        "Aporte de capital",
        ChargeKind::Contribution,
        month,
        500,
    ))?;
    let mut ids = Vec::new();
    for (i, f) in FOUNDERS.iter().enumerate() {
        ids.push(book.add_member(&member_input(i, f, first, "La Calera"))?.id);
    }
    // The first meeting: five members pay what they owe, in cash.
    let meeting = day(6);
    book.set_clock(at(meeting, 10, clock));
    let owed_each = owed_total(&book, ids[0], month)?;
    for k in [0usize, 1, 3, 5, 7] {
        let owed = owed_total(&book, ids[k], month)?;
        book.pay_dues(ids[k], owed, meeting, CASH, None)?;
    }
    book.set_clock(at(day(8), 15, clock));
    manual(
        &mut book,
        day(8),
        "Libro de actas y talonario de recibos",
        "Factura 001-002-000871",
        vec![
            Posting::debit("4507", cents(840)),
            Posting::credit(CASH, cents(840)),
        ],
    )?;
    book.set_clock(at(day(20), 16, clock));
    manual(
        &mut book,
        day(20),
        "Sello de la asociación",
        "Nota de venta 004512",
        vec![
            Posting::debit("4507", cents(1_500)),
            Posting::credit(CASH, cents(1_500)),
        ],
    )?;
    let cash_count = book.balance_of(CASH, month)?;
    let (next_entry, next_receipt) = book.next_ids()?;
    book.set_clock(clock);
    book.set_bulk(false)?;
    let recipe = Recipe::PrimerMes(PrimerMes {
        month,
        unpaid: vec![ids[2], ids[4], ids[6]],
        owed_each,
        supplies: cents(1_250),
        cash_count,
        last_entry: next_entry - 1,
        last_receipt: next_receipt - 1,
    });
    Ok((book, recipe))
}

/// The seed of `caja-un-ano` (the same book for the same clock).
pub const CAJA_SEED: u64 = 2024;

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
    Ok((
        overdue
            .iter()
            .map(|i| i.late_due() + i.interest_due() + i.principal_due())
            .sum(),
        overdue.len(),
    ))
}

/// `caja-un-ano`: the practice generator with fixed options; picks a member in
/// arrears with dues and a loan with installments overdue.
fn caja_un_ano(tmp: &Path, clock: Clock) -> Result<(Book, Recipe), BookError> {
    let opts = DemoOptions {
        members: 25,
        months: 12,
        seed: CAJA_SEED,
        force: true,
    };
    super::practice::generate(tmp, &opts, clock)?;
    let mut book = Book::open(tmp)?;
    book.set_clock(clock);
    let today = clock.today();
    let current = book.current_month()?;
    // The overdue loan with the least to pay: a task a class can do.
    let mut loan: Option<(Money, usize, u32, u32)> = None;
    for l in book.loans()? {
        if l.status != LoanStatus::Active {
            continue;
        }
        let (due, n) = loan_overdue(&book, l.id, today)?;
        if n > 0 && loan.is_none_or(|(d, _, _, id)| (due, l.id) < (d, id)) {
            loan = Some((due, n, l.id, l.member));
        }
    }
    let (loan_overdue, loan_installments, loan, borrower) = loan.ok_or(ScenarioError::NoArrears)?;
    // The active member most months behind with dues (not the borrower, when possible).
    let mut rows = Vec::new();
    for r in book.arrears(current)? {
        if book.member(r.member)?.is_some_and(|m| m.status.is_active()) {
            rows.push(r);
        }
    }
    rows.sort_by(|a, b| {
        (a.member == borrower)
            .cmp(&(b.member == borrower))
            .then(b.months.cmp(&a.months))
            .then(b.amount.cmp(&a.amount))
            .then(a.member.cmp(&b.member))
    });
    let member = rows
        .first()
        .map(|r| r.member)
        .ok_or(ScenarioError::NoArrears)?;
    let member_owed = owed_total(&book, member, current)?;
    let (next_entry, next_receipt) = book.next_ids()?;
    let recipe = Recipe::CajaUnAno(CajaUnAno {
        seed: CAJA_SEED,
        member,
        member_owed,
        loan,
        loan_overdue,
        loan_installments,
        last_entry: next_entry - 1,
        last_receipt: next_receipt - 1,
    });
    Ok((book, recipe))
}

/// `errores`: the clock's month from its 1st to the clock's day, with three
/// mistakes: a dues payment recorded twice, a purchase debited to 3103
/// Aportes, and a cash sale debited to the bank.
fn errores(tmp: &Path, clock: Clock) -> Result<(Book, Recipe), BookError> {
    let today = clock.today();
    let month = Month::of(today);
    let first = month.first_day();
    let day = |d: u32| first.with_day(d).unwrap_or(first).min(today);
    let mut settings = Settings::new("Caja de Ahorro Wiñari Kawsay", None, AssocKind::Caja)?;
    settings.address = "Comunidad Peguche, parroquia Miguel Egas Cabezas, Otavalo".into();
    settings.treasurer = "Carmen Sisa Farinango Males".into();
    settings.president = "Segundo Luis Morocho Anrango".into();
    settings.practice = true;
    let mut book = Book::create_with_clock(tmp, settings, at(first, 8, clock))?;
    book.set_bulk(true)?;
    let mut ids = Vec::new();
    for (i, f) in FOUNDERS.iter().take(6).enumerate() {
        let join = NaiveDate::from_ymd_opt(first.year() - 1 - (i as i32 % 3), 3 + i as u32, 10)
            .unwrap_or(first);
        ids.push(book.add_member(&member_input(i, f, join, "Peguche"))?.id);
    }
    // Opening balances: cash, bank, and each member's contributions.
    let mut lines = vec![
        Posting::debit(CASH, cents(35_000)),
        Posting::debit(BANKS, cents(120_000)),
    ];
    for &id in &ids {
        lines.push(Posting::credit("3103", cents(10_000)).for_member(id));
    }
    lines.push(Posting::credit("3601", cents(95_000)));
    book.post(EntryDraft::new(
        first,
        "Saldos iniciales al empezar a usar ayni",
        "Balance inicial",
        EntryKind::Opening,
        lines,
    )?)?;
    book.add_charge_type(&charge(
        "Cuota mensual",
        ChargeKind::MonthlyDues,
        month,
        300,
    ))?;
    book.add_charge_type(&charge(
        "Aporte de capital",
        ChargeKind::Contribution,
        month,
        500,
    ))?;
    let meeting = day(3);
    book.set_clock(at(meeting, 9, clock));
    manual(
        &mut book,
        meeting,
        "Arriendo del local de reuniones",
        "Recibo de arriendo 23",
        vec![
            Posting::debit("4503", cents(1_500)),
            Posting::credit(CASH, cents(1_500)),
        ],
    )?;
    // The meeting: everyone but one pays; the first payment is typed twice.
    book.set_clock(at(meeting, 10, clock));
    let payment = owed_total(&book, ids[0], month)?;
    let mut payment_entries = [0u64; 2];
    for (k, &id) in ids.iter().enumerate() {
        if k == 4 {
            continue;
        }
        let r = book.pay_dues(id, payment, meeting, CASH, None)?;
        if k == 0 {
            payment_entries[0] = r.entry;
            payment_entries[1] = book.pay_dues(id, payment, meeting, CASH, None)?.entry;
        }
    }
    let purchase = cents(1_680);
    book.set_clock(at(day(5), 11, clock));
    let purchase_entry = manual(
        &mut book,
        day(5),
        "Compra de escobas y material de limpieza del local",
        "Nota de venta 002318",
        vec![
            Posting::debit("3103", purchase).for_member(ids[2]),
            Posting::credit(CASH, purchase),
        ],
    )?;
    let sale = cents(2_400);
    book.set_clock(at(day(7), 12, clock));
    let sale_entry = manual(
        &mut book,
        day(7),
        "Venta de 12 libretas de ahorro a socios, cobradas en efectivo",
        "",
        vec![Posting::debit(BANKS, sale), Posting::credit("5690", sale)],
    )?;
    // The box holds what really came in: one payment less, the sale more.
    let cash_count = book.balance_of(CASH, month)? - payment + sale;
    let bank = book.balance_of(BANKS, month)? - sale;
    let (next_entry, next_receipt) = book.next_ids()?;
    book.set_clock(clock);
    book.set_bulk(false)?;
    let recipe = Recipe::Errores(Errores {
        month,
        member: ids[0],
        payment,
        payment_entries,
        purchase_entry,
        purchase,
        sale_entry,
        sale,
        cash_count,
        bank,
        last_entry: next_entry - 1,
        last_receipt: next_receipt - 1,
    });
    Ok((book, recipe))
}
