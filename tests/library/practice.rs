//! Practice books: deterministic, whole, realistic; never replace a real book.

use ayni::books::practice::{DemoOptions, create_demo_with_clock};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use chrono::NaiveDateTime;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

fn sha(p: &std::path::Path) -> String {
    use sha2::Digest;
    format!(
        "{:x}",
        sha2::Sha256::digest(std::fs::read(p).unwrap_or_default())
    )
}

#[test]
fn demo_books_are_whole_and_realistic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let (book, summary) =
        create_demo_with_clock(&path, &DemoOptions::default(), clock()).expect("demo");
    assert_eq!(summary.months_closed, 11);
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    assert!(book.settings().expect("settings").practice);
    assert_eq!(book.closed_through().expect("closed"), Month::new(2026, 10));
    assert_eq!(
        book.current_month().expect("month"),
        Month::new(2026, 11).expect("m")
    );
    let members = book.members().expect("members");
    assert_eq!(members.len(), 40);
    assert!(
        members.iter().any(|m| !m.status.is_active()),
        "some retired"
    );
    let nov = Month::new(2026, 11).expect("m");
    // Realistic arrears, a waiver, savings, the fund, loans in several states.
    let arrears = book.arrears(nov).expect("arrears");
    assert!(
        arrears.iter().any(|r| r.months >= 3),
        "someone months behind"
    );
    assert!(!book.waivers().expect("waivers").is_empty());
    assert!(book.balance_of("2101", nov).expect("savings").is_negative());
    assert!(!book.fund_grants().expect("grants").is_empty());
    let loans = book.loans().expect("loans");
    use ayni::domain::loan::LoanStatus;
    assert!(
        loans
            .iter()
            .any(|l| matches!(l.status, LoanStatus::PaidOff(_)))
    );
    assert!(
        loans
            .iter()
            .any(|l| matches!(l.status, LoanStatus::WrittenOff(_)))
    );
    let a = book
        .loan_arrears(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default())
        .expect("arrears");
    assert!(a.loans_in_bucket.iter().filter(|n| **n > 0).count() >= 1);
    // A reversal exists and cash is never negative at a month's end.
    let mut month = Month::new(2025, 12).expect("m");
    while month <= nov {
        assert!(
            !book.balance_of("1101", month).expect("cash").is_negative(),
            "cash negative in {month}"
        );
        month = month.next();
    }
    let tb = book.trial_balance(nov).expect("tb");
    assert_eq!(tb.total_debit, tb.total_credit);
    assert!(tb.total_debit > Money::ZERO);
}

#[test]
fn same_seed_same_book_other_seed_other_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = DemoOptions {
        members: 12,
        months: 4,
        seed: 7,
        force: false,
    };
    let (a, _) = create_demo_with_clock(&dir.path().join("a.ayni"), &opts, clock()).expect("a");
    let (b, _) = create_demo_with_clock(&dir.path().join("b.ayni"), &opts, clock()).expect("b");
    let (c, _) = create_demo_with_clock(
        &dir.path().join("c.ayni"),
        &DemoOptions { seed: 8, ..opts },
        clock(),
    )
    .expect("c");
    let journal = |bk: &Book| {
        bk.journal(&Default::default(), 0, 100_000)
            .expect("journal")
            .into_iter()
            .map(|e| e.hash)
            .collect::<Vec<_>>()
    };
    assert_eq!(journal(&a), journal(&b));
    assert_ne!(journal(&a), journal(&c));
    for bk in [&a, &b, &c] {
        assert!(bk.check().expect("check").ok());
    }
}

#[test]
fn never_replaces_a_real_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    let opts = DemoOptions {
        members: 5,
        months: 2,
        seed: 1,
        force: false,
    };
    create_demo_with_clock(&path, &opts, clock()).expect("first");
    let e = create_demo_with_clock(&path, &opts, clock()).expect_err("exists");
    assert!(matches!(
        e,
        BookError::Store(ayni::store::StoreError::AlreadyExists(_))
    ));
    create_demo_with_clock(
        &path,
        &DemoOptions {
            force: true,
            seed: 2,
            ..opts.clone()
        },
        clock(),
    )
    .expect("practice replaced");
    let real = dir.path().join("real.ayni");
    drop(
        Book::create(
            &real,
            Settings::new("Asociación Real", None, AssocKind::Asociacion).expect("s"),
        )
        .expect("real"),
    );
    let before = sha(&real);
    let e = create_demo_with_clock(
        &real,
        &DemoOptions {
            force: true,
            ..opts
        },
        clock(),
    )
    .expect_err("real book");
    assert!(matches!(e, BookError::NotPractice(_)));
    assert!(
        e.message(ayni::i18n::Lang::Es)
            .contains("no es un libro de práctica")
    );
    assert_eq!(sha(&real), before);
}

/// The loan reports of each closed month's last day, rebuilt from the loans'
/// events, agree with the books of that month: the outstanding principal is
/// the balance of 1404 (current) plus 1452 (overdue), to the cent.
#[test]
fn past_loan_reports_agree_with_the_ledger_of_each_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(&path, &DemoOptions::default(), clock()).expect("demo");
    let closed = book
        .closed_through()
        .expect("closed")
        .expect("a closed month");
    let mut month = closed;
    let mut checked = 0;
    for _ in 0..11 {
        let day = month.last_day();
        let ledger = book.balance_of("1404", month).expect("1404")
            + book.balance_of("1452", month).expect("1452");
        let portfolio: Money = book
            .loan_portfolio(day)
            .expect("portfolio")
            .iter()
            .map(|r| r.outstanding)
            .sum();
        assert_eq!(portfolio, ledger, "portfolio at {day}");
        assert_eq!(
            book.loan_arrears(day).expect("arrears").outstanding,
            ledger,
            "arrears at {day}"
        );
        if ledger.is_positive() {
            checked += 1;
        }
        month = month.prev();
    }
    assert!(checked >= 6, "loans outstanding in {checked} of the months");
}
