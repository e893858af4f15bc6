//! Classroom scenarios: deterministic, whole, resettable, never replacing a
//! real book; their exercises checked against the learner's work, done right
//! and done wrong through the library.

use std::path::{Path, PathBuf};

use ayni::books::close::CloseOptions;
use ayni::books::ledger::JournalFilter;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::loan::LoanStatus;
use ayni::domain::money::Money;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::store::StoreError;
use ayni::training::exercises::{CheckExercises, ExerciseSheet, Verdict};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::training::recipe::{CajaUnAno, Errores, PracticeRecipe, PrimerMes, Recipe};
use ayni::training::scenarios::{create_scenario, reset};
use ayni::training::{SCENARIOS, ScenarioError, TrainingError, find_scenario};
use chrono::{NaiveDate, NaiveDateTime};

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("a date"))
}

fn clock() -> Clock {
    clock_at("2026-11-20 10:00:00")
}

fn build(dir: &Path, name: &str) -> (Book, Recipe, PathBuf) {
    let path = dir.join(format!("{name}.ayni"));
    let (book, recipe) = create_scenario(&path, name, false, clock()).expect("scenario builds");
    (book, recipe, path)
}

fn sheet(book: &Book, lang: Lang) -> ExerciseSheet {
    book.exercises(lang)
        .expect("checks")
        .expect("has exercises")
}

fn verdicts(book: &Book) -> Vec<Verdict> {
    sheet(book, Lang::En)
        .exercises
        .iter()
        .map(|e| e.verdict)
        .collect()
}

/// Task `i` (from 0): its verdict and words in `lang`.
fn task(book: &Book, i: usize, lang: Lang) -> (Verdict, String) {
    let s = sheet(book, lang);
    let e = &s.exercises[i];
    (e.verdict, e.words.clone())
}

fn hashes(book: &Book) -> Vec<[u8; 32]> {
    book.journal(&JournalFilter::default(), 0, 1_000_000)
        .expect("journal")
        .iter()
        .map(|e| e.hash)
        .collect()
}

fn c(cents: i64) -> Money {
    Money::from_cents(cents)
}

fn post(book: &mut Book, date: NaiveDate, text: &str, lines: Vec<Posting>) -> u64 {
    book.post(EntryDraft::new(date, text, "", EntryKind::Manual, lines).expect("draft"))
        .expect("posted")
        .id
}

fn primer(r: &Recipe) -> PrimerMes {
    r.primer_mes()
        .unwrap_or_else(|| panic!("not primer-mes: {r:?}"))
}

fn caja(r: &Recipe) -> CajaUnAno {
    r.caja_un_ano()
        .unwrap_or_else(|| panic!("not caja-un-ano: {r:?}"))
}

fn errores(r: &Recipe) -> Errores {
    r.errores().unwrap_or_else(|| panic!("not errores: {r:?}"))
}

fn owed(book: &Book, member: u32) -> Money {
    let through = book.current_month().expect("month");
    book.owed(member, through)
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum()
}

#[test]
fn every_scenario_builds_the_same_book_for_the_same_clock_and_passes_the_check() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    assert_eq!(SCENARIOS.len(), 3);
    for s in SCENARIOS {
        let (book1, recipe1, _) = build(a.path(), s.name);
        let (book2, recipe2, _) = build(b.path(), s.name);
        let h = hashes(&book1);
        assert!(h.len() > 5, "{}: {} entries", s.name, h.len());
        assert_eq!(h, hashes(&book2), "{}: same clock, same hashes", s.name);
        assert_eq!(recipe1, recipe2);
        assert_eq!(recipe1.scenario(), Some(s.name));
        assert_eq!(book1.practice_recipe().expect("recipe"), Some(recipe1));
        let settings = book1.settings().expect("settings");
        assert!(settings.practice, "{} is marked as practice", s.name);
        let report = book1.check().expect("check runs");
        assert!(
            report.ok(),
            "{}: {:?}",
            s.name,
            report
                .first_problem()
                .map(|p| p.detail(Lang::En).to_string())
        );
        // Every task starts not done, with words in both languages.
        for lang in [Lang::Es, Lang::En] {
            let sh = sheet(&book1, lang);
            assert_eq!(sh.scenario, s.name);
            assert!(sh.exercises.len() >= 2);
            for e in &sh.exercises {
                assert_eq!(e.verdict, Verdict::NotYet, "{}: {}", s.name, e.words);
                assert!(!e.task.is_empty() && !e.words.is_empty());
            }
        }
    }
}

#[test]
fn a_different_clock_gives_a_different_book() {
    let a = tempfile::tempdir().expect("tmp");
    let p1 = a.path().join("a.ayni");
    let p2 = a.path().join("b.ayni");
    let (b1, _) = create_scenario(&p1, "errores", false, clock()).expect("built");
    let (b2, _) =
        create_scenario(&p2, "errores", false, clock_at("2026-12-21 10:00:00")).expect("built");
    assert_ne!(hashes(&b1), hashes(&b2));
}

#[test]
fn scenario_names_are_found_loosely_and_unknown_ones_refused_in_words() {
    assert_eq!(
        find_scenario("Caja-Un-Año").map(|s| s.name),
        Some("caja-un-ano")
    );
    assert_eq!(find_scenario(" errores ").map(|s| s.name), Some("errores"));
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("x.ayni");
    let err = create_scenario(&path, "segundo-mes", false, clock()).expect_err("unknown");
    assert!(matches!(
        err,
        TrainingError::Scenario(ScenarioError::Unknown(ref n)) if n == "segundo-mes"
    ));
    assert_eq!(
        err.message(Lang::Es),
        "No hay un escenario «segundo-mes». Los escenarios son: primer-mes, caja-un-ano, errores."
    );
    assert!(
        err.message(Lang::En)
            .starts_with("There is no scenario 'segundo-mes'")
    );
    assert!(!path.exists(), "nothing was created");
}

#[test]
fn a_scenario_replaces_only_a_practice_book_and_only_with_force() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, _, path) = build(dir.path(), "errores");
    let before = hashes(&book);
    drop(book);
    let err = create_scenario(&path, "primer-mes", false, clock()).expect_err("exists");
    assert!(matches!(
        err,
        TrainingError::Book(BookError::Store(StoreError::AlreadyExists(_)))
    ));
    let (book, recipe) = create_scenario(&path, "primer-mes", true, clock()).expect("replaced");
    assert_eq!(recipe.scenario(), Some("primer-mes"));
    assert_ne!(hashes(&book), before);
    drop(book);

    // A real book is never replaced, not even with force.
    let real = dir.path().join("real.ayni");
    let settings = Settings::new("Caja Real", None, AssocKind::Caja).expect("settings");
    drop(Book::create(&real, settings).expect("real book"));
    let bytes = std::fs::read(&real).expect("read");
    let err = create_scenario(&real, "errores", true, clock()).expect_err("real");
    assert!(matches!(
        err,
        TrainingError::Book(BookError::NotPractice(_))
    ));
    assert_eq!(std::fs::read(&real).expect("read"), bytes);
    let book = Book::open_read_only(&real).expect("opens");
    assert!(!book.settings().expect("settings").practice);
    assert_eq!(book.entry_count(None).expect("count"), 0);
}

#[test]
fn reset_rebuilds_a_practice_book_from_its_recipe_and_never_touches_a_real_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, path) = build(dir.path(), "errores");
    let fresh = hashes(&book);
    // The learner works: reverses both payments.
    let f = errores(&recipe);
    for id in f.payment_entries {
        book.reverse(id, None, None).expect("reversed");
    }
    assert_ne!(hashes(&book), fresh);
    drop(book);
    let (book, again) = reset(&path, clock()).expect("reset");
    assert_eq!(again, recipe);
    assert_eq!(hashes(&book), fresh, "back as it was built");
    assert!(verdicts(&book).iter().all(|v| *v == Verdict::NotYet));
    drop(book);

    // A plain demo book keeps its options and is rebuilt from them.
    let demo = dir.path().join("demo.ayni");
    let opts = DemoOptions {
        members: 12,
        months: 3,
        seed: 5,
        force: false,
    };
    let (book, _) = create_demo_with_clock(&demo, &opts, clock()).expect("demo");
    assert_eq!(
        book.practice_recipe().expect("recipe"),
        Some(Recipe::Demo {
            members: 12,
            months: 3,
            seed: 5
        })
    );
    assert_eq!(book.exercises(Lang::En).expect("checks"), None);
    let demo_hashes = hashes(&book);
    drop(book);
    let (book, r) = reset(&demo, clock()).expect("reset demo");
    assert!(matches!(r, Recipe::Demo { seed: 5, .. }));
    assert_eq!(hashes(&book), demo_hashes);
    drop(book);

    // A real book: refused, and left exactly as it was.
    let real = dir.path().join("real.ayni");
    let settings = Settings::new("Caja Real", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&real, settings, clock()).expect("real book");
    let day = book.today();
    post(
        &mut book,
        day,
        "Donación",
        vec![
            Posting::debit("1101", c(5_000)),
            Posting::credit("3402", c(5_000)),
        ],
    );
    let before = hashes(&book);
    drop(book);
    let bytes = std::fs::read(&real).expect("read");
    let err = reset(&real, clock()).expect_err("a real book");
    assert!(matches!(
        err,
        TrainingError::Book(BookError::NotPractice(_))
    ));
    assert!(err.message(Lang::Es).contains("no es un libro de práctica"));
    assert_eq!(std::fs::read(&real).expect("read"), bytes);
    let book = Book::open_read_only(&real).expect("opens");
    assert_eq!(hashes(&book), before);
}

#[test]
fn primer_mes_done_right() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "primer-mes");
    let f = primer(&recipe);
    let today = book.today();
    assert_eq!(f.month.to_string(), "2026-10", "the previous month");
    assert_eq!(book.closed_through().expect("closed"), None);
    assert_eq!(book.members().expect("members").len(), 8);
    assert_eq!(f.unpaid.len(), 3);
    assert_eq!(f.owed_each, c(1_800));
    assert_eq!(f.cash_count, c(6_660));

    // 1. Two of the three pay: not yet, with who is missing.
    for &id in &f.unpaid[..2] {
        book.pay_dues(id, f.owed_each, today, "1101", None)
            .expect("paid");
    }
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.starts_with("Collected: María Guamán (receipt 6) and Carmen Farinango (receipt 7)."),
        "{words}"
    );
    assert!(
        words.contains("Still to collect from Luz Cachiguango ($18.00)"),
        "{words}"
    );
    book.pay_dues(f.unpaid[2], f.owed_each, today, "1101", None)
        .expect("paid");
    let (v, words) = task(&book, 0, Lang::Es);
    assert_eq!(v, Verdict::Done, "{words}");
    assert!(
        words.ends_with("Nadie debe nada de octubre 2026."),
        "{words}"
    );

    // 2. The purchase: Dr an expense account, Cr cash.
    let id = post(
        &mut book,
        today,
        "Útiles de oficina",
        vec![
            Posting::debit("4507", c(1_250)),
            Posting::credit("1101", c(1_250)),
        ],
    );
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::Done);
    assert_eq!(
        words,
        format!(
            "Entry {id}: debit 4507 Other operating expenses and credit 1101 Cash, $12.50. Expenses go up and cash goes down."
        )
    );

    // 3. The close with the count.
    book.close_month_with(
        f.month,
        &CloseOptions {
            cash_count: Some(f.cash_count),
            backup: false,
            ..CloseOptions::default()
        },
    )
    .expect("closed");
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::Done);
    assert_eq!(
        words,
        "October 2026 is closed with $66.60 in cash, as counted."
    );
    assert_eq!(verdicts(&book), vec![Verdict::Done; 3]);
    assert!(book.check().expect("check").ok());
}

#[test]
fn primer_mes_done_wrong_is_said_in_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "primer-mes");
    let f = primer(&recipe);
    let today = book.today();

    // A payment for someone who was not on the list (and had paid).
    let jose = book
        .members()
        .expect("members")
        .into_iter()
        .find(|m| m.first_names == "José Manuel")
        .expect("José");
    book.pay_dues(jose.id, c(800), today, "1101", None)
        .expect("paid ahead");
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.contains(
            "A payment was also recorded for José Chango (receipt 6), who had already paid"
        ),
        "{words}"
    );

    // The purchase credited to suppliers, not to cash. (From the bank it
    // cannot even be posted: this book's bank holds nothing, and cash and
    // bank never go below zero.)
    let refused = book.post(
        EntryDraft::new(
            today,
            "Útiles",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", c(1_250)),
                Posting::credit("1103", c(1_250)),
            ],
        )
        .expect("draft"),
    );
    assert!(
        matches!(refused, Err(ayni::books::BookError::CashShort { .. })),
        "{refused:?}"
    );
    let id = post(
        &mut book,
        today,
        "Útiles",
        vec![
            Posting::debit("4507", c(1_250)),
            Posting::credit("2506", c(1_250)),
        ],
    );
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.starts_with(&format!("Entry {id} takes the money from 2506")),
        "{words}"
    );
    assert!(words.contains("the credit goes to 1101 Cash"), "{words}");
    // Reversed: not yet again. Then debited to furniture: wrong.
    book.reverse(id, None, None).expect("reversed");
    assert_eq!(task(&book, 1, Lang::En).0, Verdict::NotYet);
    let id = post(
        &mut book,
        today,
        "Útiles",
        vec![
            Posting::debit("1805", c(1_250)),
            Posting::credit("1101", c(1_250)),
        ],
    );
    let (v, words) = task(&book, 1, Lang::Es);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.starts_with(&format!("El asiento {id} carga el gasto a 1805")),
        "{words}"
    );
    assert!(words.contains("que no es una cuenta de gastos"), "{words}");

    // A purchase dated in October changes October's cash: the count does not match.
    post(
        &mut book,
        f.month.last_day(),
        "Útiles de octubre",
        vec![
            Posting::debit("4507", c(500)),
            Posting::credit("1101", c(500)),
        ],
    );
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.contains(
            "cash in the book on 2026-10-31 is $61.60, not $66.60: a difference of $5.00"
        ),
        "{words}"
    );
    let refused = book.close_month_with(
        f.month,
        &CloseOptions {
            cash_count: Some(f.cash_count),
            backup: false,
            ..CloseOptions::default()
        },
    );
    assert!(refused.is_err(), "the close refuses a count that differs");
    // Closed anyway, without the count: wrong.
    book.close_month_with(
        f.month,
        &CloseOptions {
            backup: false,
            ..CloseOptions::default()
        },
    )
    .expect("closed");
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words
            .starts_with("October 2026 was closed with $61.60 in cash, but the count found $66.60"),
        "{words}"
    );
}

#[test]
fn primer_mes_a_waiver_is_not_collecting() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "primer-mes");
    let f = primer(&recipe);
    let today = book.today();
    for &id in &f.unpaid[..2] {
        book.pay_dues(id, f.owed_each, today, "1101", None)
            .expect("paid");
    }
    let owed = book.owed(f.unpaid[2], f.month).expect("owed");
    for line in owed {
        book.waive(
            f.unpaid[2],
            line.month,
            line.charge_type,
            None,
            "Calamidad",
            "Acta 1",
            today,
        )
        .expect("waived");
    }
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.ends_with("Luz Cachiguango had the dues waived instead of collected: the task is to collect them, with a receipt."),
        "{words}"
    );
}

/// What is overdue on a loan today, late interest included.
fn overdue(book: &Book, id: u32) -> Money {
    let today = book.today();
    let mut loan = book.loan(id).expect("loan");
    loan.accrue_late(today);
    loan.installments
        .iter()
        .filter(|i| i.inst.due < today && !i.is_settled())
        .map(|i| i.late_due() + i.interest_due() + i.principal_due())
        .sum()
}

#[test]
fn caja_un_ano_has_loans_in_arrears_and_its_tasks_are_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "caja-un-ano");
    let f = caja(&recipe);
    let today = book.today();
    let arrears = book.loan_arrears(today).expect("arrears");
    assert!(
        arrears.loans_in_bucket.iter().sum::<usize>() >= 2,
        "loans in arrears: {:?}",
        arrears.loans_in_bucket
    );
    let loan = book.loan(f.loan).expect("loan");
    assert_eq!(loan.status, LoanStatus::Active);
    assert!(loan.days_past_due(today) > 0);
    assert_eq!(overdue(&book, f.loan), f.loan_overdue);
    assert!(f.loan_installments >= 1);
    assert_eq!(owed(&book, f.member), f.member_owed);
    assert!(f.member_owed.is_positive());

    // 1. Part of what the member owes: not yet, with what is left.
    book.pay_dues(f.member, c(1_000), today, "1101", None)
        .expect("paid");
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::NotYet);
    let left = f.member_owed - c(1_000);
    assert!(words.starts_with("Collected $10.00, but"), "{words}");
    assert!(
        words.contains(&format!("still owes ${}", left.localized(Lang::En))),
        "{words}"
    );
    book.pay_dues(f.member, left, today, "1101", None)
        .expect("paid");
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Done, "{words}");
    assert!(
        words.contains("is up to date through November 2026"),
        "{words}"
    );

    // 2. Half of the overdue: not yet; the rest: done.
    let half = Money::from_cents(f.loan_overdue.cents() / 2);
    book.pay_loan(
        f.loan,
        half,
        today,
        "1101",
        ayni::domain::loan::Prepay::ShortenTerm,
    )
    .expect("paid");
    let (v, words) = task(&book, 1, Lang::Es);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.starts_with(&format!(
            "Cobrado ${}, pero el préstamo",
            half.localized(Lang::Es)
        )),
        "{words}"
    );
    let rest = overdue(&book, f.loan);
    assert!(rest.is_positive());
    // The hint says the keys and the amount, never a command line.
    assert!(
        words.contains(&format!("${}", rest.localized(Lang::Es)))
            && words.contains("pantalla 6")
            && !words.contains("--amount"),
        "{words}"
    );
    book.pay_loan(
        f.loan,
        rest,
        today,
        "1101",
        ayni::domain::loan::Prepay::ShortenTerm,
    )
    .expect("paid");
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::Done, "{words}");
    assert!(words.contains("has no installment overdue"), "{words}");
    assert!(book.check().expect("check").ok());
}

#[test]
fn caja_un_ano_a_write_off_is_not_bringing_a_loan_up_to_date() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "caja-un-ano");
    let f = caja(&recipe);
    let today = book.today();
    book.write_off_loan(f.loan, today, "Acta 9 de asamblea")
        .expect("written off");
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.starts_with(&format!("Loan {} was written off on 2026-11-20", f.loan)),
        "{words}"
    );
}

#[test]
fn caja_un_ano_finds_loans_in_arrears_whatever_the_month() {
    let dir = tempfile::tempdir().expect("tmp");
    for (i, when) in [
        "2026-01-01 09:00:00",
        "2026-03-31 18:00:00",
        "2026-06-15 10:00:00",
        "2026-09-02 10:00:00",
        "2027-02-28 10:00:00",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("c{i}.ayni"));
        let (book, recipe) =
            create_scenario(&path, "caja-un-ano", false, clock_at(when)).expect("built");
        let f = caja(&recipe);
        let loan = book.loan(f.loan).expect("loan");
        assert!(loan.days_past_due(book.today()) > 0, "{when}");
        assert!(f.member_owed.is_positive(), "{when}");
    }
}

#[test]
fn errores_done_right() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "errores");
    let f = errores(&recipe);
    let today = book.today();
    assert_eq!(f.month.to_string(), "2026-11");
    for e in book
        .journal(&JournalFilter::default(), 0, 1000)
        .expect("journal")
    {
        assert!(
            e.date >= f.month.first_day() && e.date <= today,
            "{} on {}",
            e.id,
            e.date
        );
    }

    // 1. Reverse the second of the two payments.
    book.reverse(f.payment_entries[1], None, None)
        .expect("reversed");
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Done);
    assert_eq!(
        words,
        format!(
            "Reversed entry {}: Rosa Quispe has one payment of $8.00 recorded, as she paid.",
            f.payment_entries[1]
        )
    );

    // 2. Reverse the purchase and post it to an expense account.
    book.reverse(f.purchase_entry, None, None)
        .expect("reversed");
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.starts_with(&format!(
            "Entry {} reversed: the purchase is no longer in 3103",
            f.purchase_entry
        )),
        "{words}"
    );
    post(
        &mut book,
        today,
        "Escobas y material de limpieza",
        vec![
            Posting::debit("4507", f.purchase),
            Posting::credit("1101", f.purchase),
        ],
    );
    assert_eq!(task(&book, 1, Lang::En).0, Verdict::Done);

    // 3. Cash is short of the count by the sale; correct the sale.
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.starts_with(
            "The book has $358.20 in cash; the count found $382.20: a difference of $24.00."
        ),
        "{words}"
    );
    book.reverse(f.sale_entry, None, None).expect("reversed");
    let (v, words) = task(&book, 2, Lang::Es);
    assert_eq!(v, Verdict::NotYet);
    assert!(
        words.contains("ahora regístrela de nuevo en 1101 Caja"),
        "{words}"
    );
    post(
        &mut book,
        today,
        "Venta de libretas en efectivo",
        vec![
            Posting::debit("1101", f.sale),
            Posting::credit("5690", f.sale),
        ],
    );
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::Done, "{words}");
    assert!(
        words.starts_with("Cash in the book is $382.20, as counted"),
        "{words}"
    );
    assert_eq!(verdicts(&book), vec![Verdict::Done; 3]);
    assert!(book.check().expect("check").ok());
}

#[test]
fn errores_reversing_a_right_payment_is_wrong() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "errores");
    let f = errores(&recipe);
    // The payment after Rosa's two is someone else's, recorded once.
    let right = f.payment_entries[1] + 1;
    book.reverse(right, None, None).expect("reversed");
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert_eq!(
        words,
        format!(
            "José Chango's payment (entry {right}) was reversed, but it was right: the payment was made; record it again."
        )
    );
    let (_, palabras) = task(&book, 0, Lang::Es);
    assert!(
        palabras.starts_with(&format!(
            "El pago de José Chango (asiento {right}) se reversó"
        )),
        "{palabras}"
    );
}

#[test]
fn errores_done_wrong_is_said_in_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, recipe, _) = build(dir.path(), "errores");
    let f = errores(&recipe);
    let today = book.today();

    // Both payments reversed: none left.
    for id in f.payment_entries {
        book.reverse(id, None, None).expect("reversed");
    }
    let (v, words) = task(&book, 0, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert_eq!(
        words,
        "Reversed both payments: Rosa Quispe now has none recorded, but she did pay $8.00; record one again (screen 5, Dues)."
    );
    let (_, palabras) = task(&book, 0, Lang::Es);
    assert!(
        palabras.starts_with(
            "Se reversaron los dos pagos: Rosa Quispe ahora no tiene ninguno registrado"
        ),
        "{palabras}"
    );
    // Recorded again: one stands, done.
    book.pay_dues(f.member, f.payment, today, "1101", None)
        .expect("paid");
    assert_eq!(task(&book, 0, Lang::En).0, Verdict::Done);

    // The purchase posted to expenses without reversing the original.
    post(
        &mut book,
        today,
        "Escobas",
        vec![
            Posting::debit("4507", f.purchase),
            Posting::credit("1101", f.purchase),
        ],
    );
    let (v, words) = task(&book, 1, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert_eq!(
        words,
        format!(
            "The purchase is now in expenses, but still also in 3103 Member contributions (entry {0}): so the money leaves the cash twice. Reverse entry {0}.",
            f.purchase_entry
        )
    );
    book.reverse(f.purchase_entry, None, None)
        .expect("reversed");
    assert_eq!(task(&book, 1, Lang::En).0, Verdict::Done);

    // Cash made to match with an adjustment: the bank is still wrong.
    book.adjust_cash(today, f.cash_count, "Sobrante de caja")
        .expect("adjusted");
    let (v, words) = task(&book, 2, Lang::En);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.starts_with("Cash now matches the count, but 1103"),
        "{words}"
    );
    assert!(
        words.contains(
            "the sale of $24.00 is still recorded in the bank and a cash adjustment was recorded"
        ),
        "{words}"
    );
}

#[test]
fn scenarios_build_on_the_first_day_of_a_year_and_the_year_end_close_is_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    for when in ["2026-01-01 07:00:00", "2026-03-01 07:00:00"] {
        let clock = clock_at(when);
        for s in SCENARIOS {
            let path = dir.path().join(format!("{}-{}.ayni", s.name, &when[..10]));
            let (book, _) = create_scenario(&path, s.name, false, clock).expect("built");
            assert!(book.check().expect("check").ok(), "{} at {when}", s.name);
            let today = book.today();
            for e in book
                .journal(&JournalFilter::default(), 0, 1_000_000)
                .expect("journal")
            {
                assert!(
                    e.date <= today,
                    "{} at {when}: entry {} on {}",
                    s.name,
                    e.id,
                    e.date
                );
            }
        }
    }
    // primer-mes in January: the month to close is December, the year's end.
    let path = dir.path().join("primer-enero.ayni");
    let (mut book, recipe) =
        create_scenario(&path, "primer-mes", true, clock_at("2026-01-05 09:00:00")).expect("built");
    let f = primer(&recipe);
    assert_eq!(f.month.to_string(), "2025-12");
    let summary = book
        .close_month_with(
            f.month,
            &CloseOptions {
                cash_count: Some(f.cash_count),
                backup: false,
                ..CloseOptions::default()
            },
        )
        .expect("closed");
    assert!(summary.year_end_entry.is_some(), "December closes the year");
    let (v, words) = task(&book, 2, Lang::Es);
    assert_eq!(v, Verdict::Done, "{words}");
    assert_eq!(
        words,
        "Diciembre 2025 está cerrado con $66,60 en caja, igual al arqueo."
    );
    assert!(book.check().expect("check").ok());
}
