//! Classroom scenarios: practice books built for a lesson, each with tasks
//! for the learners (see [`super::exercises`]).
//!
//! Every scenario is built through the operations a treasurer uses (members,
//! charge types, dues payments, entries, reversals, loans, closes), so it obeys
//! every rule a real book does and `ayni check` passes on it. For a given clock
//! a scenario is built identically, entry for entry and hash for hash. Like
//! [`super::practice`], a scenario is built beside the target and renamed over
//! it only when complete, and only ever replaces a practice book
//! ([`build_practice`]).
//!
//! The book keeps its recipe ([`Recipe`]: the scenario, or the demo options),
//! with the figures and ids its exercises check. `ayni reset` rebuilds a
//! practice book from it.

use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::practice::{DemoOptions, charge};
use super::recipe::{CajaUnAno, Errores, PracticeRecipe, PrimerMes, Recipe, store_recipe};
use super::{ScenarioError, TrainingError, find_scenario};
use crate::books::practice_book::build_practice;
use crate::books::{Book, BookError, Clock};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::dues::ChargeKind;
use crate::domain::entry::{EntryDraft, EntryKind, Posting};
use crate::domain::ident::make_cedula;
use crate::domain::loan::LoanStatus;
use crate::domain::member::MemberInput;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::{AssocKind, Settings};

/// Builds scenario `name` at `path`; the book's history ends at the clock.
/// Refuses to replace anything but a practice book, and anything without `force`.
pub fn create_scenario(
    path: &Path,
    name: &str,
    force: bool,
    clock: Clock,
) -> Result<(Book, Recipe), TrainingError> {
    let sc = find_scenario(name).ok_or_else(|| ScenarioError::Unknown(name.trim().into()))?;
    let (mut book, recipe) = build_practice(path, force, |tmp| -> Result<_, TrainingError> {
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
pub fn reset(path: &Path, clock: Clock) -> Result<(Book, Recipe), TrainingError> {
    let recipe = {
        let book = Book::open_read_only(path)?;
        if !book.settings()?.practice {
            return Err(BookError::NotPractice(path.to_path_buf()).into());
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

/// The monthly dues (3.00) and the capital contribution (5.00) from `month`.
fn add_dues_and_contribution(book: &mut Book, month: Month) -> Result<(), BookError> {
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
    Ok(())
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

/// An expense paid from the box: the expense account debited, cash credited.
fn paid_in_cash(
    book: &mut Book,
    date: NaiveDate,
    text: &str,
    reference: &str,
    expense: &str,
    amount: Money,
) -> Result<u64, BookError> {
    manual(
        book,
        date,
        text,
        reference,
        vec![
            Posting::debit(expense, amount),
            Posting::credit(CASH, amount),
        ],
    )
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
    add_dues_and_contribution(&mut book, month)?;
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
    // Two purchases (day, hour, what, receipt, cents), paid from the box.
    for (d, hour, text, reference, amount) in [
        (
            8,
            15,
            "Libro de actas y talonario de recibos",
            "Factura 001-002-000871",
            840,
        ),
        (
            20,
            16,
            "Sello de la asociación",
            "Nota de venta 004512",
            1_500,
        ),
    ] {
        book.set_clock(at(day(d), hour, clock));
        paid_in_cash(&mut book, day(d), text, reference, "4507", cents(amount))?;
    }
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
    Ok((overdue.iter().map(|i| i.total_due()).sum(), overdue.len()))
}

/// `caja-un-ano`: the practice generator with fixed options; picks a member in
/// arrears with dues and a loan with installments overdue.
fn caja_un_ano(tmp: &Path, clock: Clock) -> Result<(Book, Recipe), TrainingError> {
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
    add_dues_and_contribution(&mut book, month)?;
    let meeting = day(3);
    book.set_clock(at(meeting, 9, clock));
    paid_in_cash(
        &mut book,
        meeting,
        "Arriendo del local de reuniones",
        "Recibo de arriendo 23",
        "4503",
        cents(1_500),
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
