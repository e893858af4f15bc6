//! Practice books (`ayni demo`): deterministic by seed and clock, whole and
//! realistic, history ending in the clock's month; they never replace
//! anything but a practice book, and a failed build leaves what was there.

use std::collections::HashSet;
use std::path::Path;

use ayni::books::ledger::JournalFilter;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{Entry, EntryKind};
use ayni::domain::ident::{validate_cedula, validate_ruc};
use ayni::domain::loan::LoanStatus;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::store::StoreError;
use ayni::training::TrainingError;
use ayni::training::practice::{DemoOptions, create_demo, create_demo_with_clock};
use chrono::{NaiveDate, NaiveDateTime};

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock"))
}

fn clock() -> Clock {
    clock_at("2026-11-20 10:00:00")
}

fn opts(members: usize, months: u32, seed: u64) -> DemoOptions {
    DemoOptions {
        members,
        months,
        seed,
        force: false,
    }
}

/// A practice book, made with `clock()`.
fn demo(path: &Path, o: &DemoOptions) -> Book {
    create_demo_with_clock(path, o, clock()).expect("demo").0
}

/// The whole journal, oldest first.
fn journal(book: &Book) -> Vec<Entry> {
    let mut v = book
        .journal(&JournalFilter::default(), 0, usize::MAX)
        .expect("journal");
    v.reverse();
    v
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read")
}

/// Only the given names are left in the folder (no temporary files).
fn assert_folder_holds(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(found, want);
}

/// Every invariant a practice book must hold, for a book made with `clock()`.
fn assert_whole(book: &Book, o: &DemoOptions) {
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());

    let settings = book.settings().expect("settings");
    assert!(settings.practice);
    let ruc = settings.ruc.as_deref().expect("ruc");
    assert_eq!(validate_ruc(ruc).as_deref(), Ok(ruc));
    assert_eq!(&ruc[2..3], "9", "legal-entity RUC");
    assert!(!settings.treasurer.is_empty() && !settings.president.is_empty());
    assert!(!settings.address.is_empty());

    // History: o.months months ending in November 2026, all but the last closed.
    let end = Month::new(2026, 11).expect("month");
    let mut start = end;
    for _ in 1..o.months {
        start = start.prev();
    }
    assert_eq!(book.current_month().expect("current"), end);
    let closed = book.closed_through().expect("closed");
    if o.months > 1 {
        assert_eq!(closed, Some(end.prev()));
    } else {
        assert_eq!(closed, None);
    }
    let entries = journal(book);
    assert_eq!(entries.first().map(|e| Month::of(e.date)), Some(start));
    assert!(
        entries
            .iter()
            .all(|e| Month::of(e.date) >= start && e.date <= clock().today())
    );
    // Nothing recorded after the clock's day (the computer's clock is never
    // taken for behind the book's on the day it was built).
    let tomorrow = (clock().today() + chrono::Days::new(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp();
    assert!(
        entries.iter().all(|e| e.recorded_at < tomorrow),
        "nothing recorded after the clock's day"
    );
    assert!(
        entries
            .windows(2)
            .all(|w| w[0].recorded_at <= w[1].recorded_at),
        "recorded_at follows the journal's order"
    );

    // Members: as many as asked (two at least: a loan needs a guarantor),
    // valid unique cédulas, realistic fields.
    let members = book.members().expect("members");
    assert_eq!(members.len(), o.members.max(2));
    let ids: HashSet<u32> = members.iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), members.len());
    let numbers: HashSet<&str> = members.iter().map(|m| m.id_number.as_str()).collect();
    assert_eq!(numbers.len(), members.len());
    for m in &members {
        assert_eq!(
            validate_cedula(&m.id_number).as_deref(),
            Ok(m.id_number.as_str())
        );
        assert!(
            m.phone.starts_with("09") && m.phone.len() == 10,
            "{}",
            m.phone
        );
        assert!(!m.community.is_empty());
        let birth = m.birth_date.expect("birth date");
        let age = clock().today().years_since(birth).expect("age");
        assert!((18..=75).contains(&age), "age {age}");
        assert!(m.join_date <= clock().today());
    }

    // Balances: cash and bank never negative at a month's end; the trial
    // balance adds up every month.
    let mut month = start;
    while month <= end {
        for acc in ["1101", "1103"] {
            let b = book.balance_of(acc, month).expect("balance");
            assert!(!b.is_negative(), "{acc} is {b} at the end of {month}");
        }
        let tb = book.trial_balance(month).expect("tb");
        assert_eq!(tb.total_debit, tb.total_credit);
        assert!(tb.total_debit > Money::ZERO);
        month = month.next();
    }
}

#[test]
fn the_default_practice_book_is_whole_and_realistic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let o = DemoOptions::default();
    let (book, summary) = create_demo_with_clock(&path, &o, clock()).expect("demo");
    assert_whole(&book, &o);
    assert_eq!(book.clock(), clock());
    assert_eq!(book.path(), path.as_path());
    assert!(!book.is_read_only());
    assert_eq!(summary.path, path);
    assert_eq!(summary.months_closed, 11);
    assert_eq!(summary.members, 40);
    assert_eq!(summary.entries, book.entry_count(None).expect("count"));
    assert_eq!(summary.loans, book.loans().expect("loans").len());

    let members = book.members().expect("members");
    let retired = members.iter().filter(|m| !m.status.is_active()).count();
    assert_eq!(retired, 2, "a couple of members retired");
    assert!(members.iter().any(|m| m.gender.code() == "F"));
    assert!(members.iter().any(|m| m.gender.code() == "M"));
    let communities: HashSet<&str> = members.iter().map(|m| m.community.as_str()).collect();
    assert!(communities.len() >= 3);
    // Retired members pay no dues after leaving.
    let entries = journal(&book);
    for m in members.iter().filter(|m| !m.status.is_active()) {
        let ayni::domain::member::MemberStatus::Retired { date, reason } = &m.status else {
            unreachable!("filtered on retired members");
        };
        assert!(!reason.is_empty());
        assert!(
            entries
                .iter()
                .filter(|e| e.postings.iter().any(|p| p.member == Some(m.id)))
                .filter(|e| e.date > *date)
                .all(|e| !matches!(e.kind, EntryKind::DuesPayment | EntryKind::DuesAdvance)),
            "no dues after leaving"
        );
    }
    let first_day = NaiveDate::from_ymd_opt(2025, 12, 1).expect("date");
    assert!(
        members.iter().any(|m| m.join_date < first_day),
        "members before the history"
    );
    assert!(
        members.iter().any(|m| m.join_date >= first_day),
        "members who joined during it"
    );

    // One mistake, reversed.
    let reversals: Vec<&Entry> = entries.iter().filter(|e| e.reverses.is_some()).collect();
    assert_eq!(reversals.len(), 1);
    let original = reversals[0].reverses.expect("reverses");
    assert_eq!(
        book.reversed_by(original).expect("reversed by"),
        Some(reversals[0].id)
    );
    let dup = book.entry(original).expect("entry").expect("original");
    assert!(
        entries.iter().any(|e| e.id != dup.id
            && e.description == dup.description
            && e.total() == dup.total()),
        "the reversed entry duplicated another"
    );
    // Opening balances, contributions, savings, dues, expenses, a donation.
    assert!(entries.iter().any(|e| e.kind == EntryKind::Opening));
    let posts_to = |code: &str| {
        entries
            .iter()
            .any(|e| e.postings.iter().any(|p| p.account == code))
    };
    for code in [
        "1101", "1103", "1805", "2101", "3103", "3402", "5490", "4503", "4507",
    ] {
        assert!(posts_to(code), "no entry posts to {code}");
    }
    for p in entries.iter().flat_map(|e| &e.postings) {
        if ["2101", "3103"].contains(&p.account.as_str()) {
            assert!(p.member.is_some(), "member line without a member");
        }
    }
    let nov = Month::new(2026, 11).expect("month");
    assert!(book.balance_of("2101", nov).expect("savings").is_negative());
    assert!(book.balance_of("3103", nov).expect("aportes").is_negative());
    assert!(book.balance_of("3402", nov).expect("donations") < Money::from_cents(-50_000));
    // Dues in rural Ecuador: a few dollars a month.
    let dues = entries
        .iter()
        .flat_map(|e| &e.postings)
        .filter(|p| p.account == "5490")
        .map(|p| p.amount)
        .min()
        .expect("dues");
    assert!(dues >= Money::from_cents(200) && dues <= Money::from_cents(2_000));
    // December's close posted the year-end entry.
    assert!(entries.iter().any(|e| e.kind == EntryKind::YearEnd));

    // Realistic arrears, a waiver, the fund, loans in several states.
    let arrears = book.arrears(nov).expect("arrears");
    assert!(
        arrears.iter().any(|r| r.months >= 3),
        "someone months behind"
    );
    assert!(!book.waivers().expect("waivers").is_empty());
    assert!(!book.fund_grants().expect("grants").is_empty());
    let loans = book.loans().expect("loans");
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
    let a = book.loan_arrears(clock().today()).expect("arrears");
    assert!(a.loans_in_bucket.iter().filter(|n| **n > 0).count() >= 1);
    assert_folder_holds(dir.path(), &["practica.ayni"]);
}

#[test]
fn same_seed_and_clock_same_book_other_seed_other_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = opts(12, 4, 7);
    let a = demo(&dir.path().join("a.ayni"), &o);
    let b = demo(&dir.path().join("b.ayni"), &o);
    let other = DemoOptions {
        seed: 8,
        ..o.clone()
    };
    let c = demo(&dir.path().join("c.ayni"), &other);
    let (ja, jb, jc) = (journal(&a), journal(&b), journal(&c));
    assert!(!ja.is_empty());
    assert_eq!(
        ja, jb,
        "same seed and clock: identical entries, hashes included"
    );
    assert_ne!(ja, jc);
    assert_eq!(a.members().expect("a"), b.members().expect("b"));
    assert_ne!(a.members().expect("a"), c.members().expect("c"));
    assert_eq!(a.settings().expect("a"), b.settings().expect("b"));
    for bk in [&a, &b, &c] {
        assert!(bk.check().expect("check").ok());
    }
    drop((a, b, c));
    // The same bytes on disk, too.
    assert_eq!(
        bytes(&dir.path().join("a.ayni")),
        bytes(&dir.path().join("b.ayni"))
    );
}

#[test]
fn practice_books_of_several_sizes_are_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, o) in [
        opts(1, 1, 3),
        opts(2, 2, 4),
        opts(5, 3, 5),
        opts(9, 15, 6),
        opts(25, 6, u64::MAX),
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("d{i}.ayni"));
        let book = demo(&path, o);
        assert_whole(&book, o);
        if o.months >= 2 {
            assert!(
                journal(&book).iter().any(|e| e.reverses.is_some()),
                "a reversal in {o:?}"
            );
        }
        // Members leave only where there are more than ten.
        if o.members >= 16 {
            assert!(
                book.members()
                    .expect("members")
                    .iter()
                    .any(|m| !m.status.is_active()),
                "someone retired in {o:?}"
            );
        }
    }
}

#[test]
fn the_history_ends_in_the_clocks_month_whatever_the_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    // First day of a month, early: the month's events happen on that day.
    let early = clock_at("2027-03-01 07:30:00");
    let o = opts(6, 3, 11);
    let (book, _) = create_demo_with_clock(&dir.path().join("e.ayni"), &o, early).expect("demo");
    assert!(book.check().expect("check").ok());
    assert_eq!(
        book.current_month().expect("month"),
        Month::new(2027, 3).expect("m")
    );
    assert_eq!(book.closed_through().expect("closed"), Month::new(2027, 2));
    assert!(
        journal(&book).iter().all(
            |e| e.date <= early.today() && Month::of(e.date) >= Month::new(2027, 1).expect("m")
        )
    );
}

#[test]
fn the_system_clock_works_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, _) = create_demo(&dir.path().join("s.ayni"), &opts(3, 2, 1)).expect("demo");
    assert!(book.check().expect("check").ok());
    assert_eq!(book.clock(), Clock::System);
    assert_eq!(
        book.current_month().expect("month"),
        Month::of(Clock::System.today())
    );
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    drop(demo(&path, &opts(3, 2, 1)));
    let before = bytes(&path);
    let e = create_demo_with_clock(&path, &opts(3, 2, 2), clock()).expect_err("exists");
    assert!(
        matches!(
            e,
            TrainingError::Book(BookError::Store(StoreError::AlreadyExists(_)))
        ),
        "{e:?}"
    );
    assert!(e.message(Lang::Es).contains("no se sobrescribe"));
    assert_eq!(bytes(&path), before);
    // Any file at all, not only books.
    let notes = dir.path().join("notas.txt");
    std::fs::write(&notes, "lista de socios").expect("write");
    let e = create_demo_with_clock(&notes, &opts(3, 2, 2), clock()).expect_err("exists");
    assert!(
        matches!(
            e,
            TrainingError::Book(BookError::Store(StoreError::AlreadyExists(_)))
        ),
        "{e:?}"
    );
    assert_eq!(bytes(&notes), b"lista de socios");
    assert_folder_holds(dir.path(), &["libro.ayni", "notas.txt"]);
}

#[test]
fn force_replaces_a_practice_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let first = demo(&path, &opts(4, 2, 1));
    let old = journal(&first);
    drop(first);
    let o = DemoOptions {
        force: true,
        ..opts(6, 3, 2)
    };
    let book = demo(&path, &o);
    assert_whole(&book, &o);
    assert_ne!(journal(&book), old);
    assert_eq!(book.members().expect("members").len(), 6);
    assert_folder_holds(dir.path(), &["practica.ayni"]);
}

#[test]
fn force_never_replaces_a_real_book_or_another_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let forced = DemoOptions {
        force: true,
        ..opts(3, 2, 1)
    };
    // A real book.
    let real = dir.path().join("real.ayni");
    let settings =
        Settings::new("Asociación Agrícola Real", None, AssocKind::Asociacion).expect("settings");
    drop(Book::create(&real, settings).expect("real"));
    let before = bytes(&real);
    let e = create_demo_with_clock(&real, &forced, clock()).expect_err("real book");
    assert!(
        matches!(e, TrainingError::Book(BookError::NotPractice(_))),
        "{e:?}"
    );
    assert!(e.message(Lang::Es).contains("no es un libro de práctica"));
    assert!(e.message(Lang::En).contains("not a practice book"));
    assert_eq!(bytes(&real), before, "the real book is byte-identical");
    let book = Book::open_read_only(&real).expect("still a book");
    assert!(!book.settings().expect("settings").practice);
    drop(book);
    // A file that is not a book.
    let other = dir.path().join("socios.csv");
    std::fs::write(&other, "cedula,nombres\n").expect("write");
    let e = create_demo_with_clock(&other, &forced, clock()).expect_err("foreign");
    assert!(
        matches!(e, TrainingError::Book(BookError::NotPractice(_))),
        "{e:?}"
    );
    assert_eq!(bytes(&other), b"cedula,nombres\n");
    // A practice book open in another ayni is refused as such.
    let open = dir.path().join("abierto.ayni");
    let held = demo(&open, &opts(3, 2, 1));
    let e = create_demo_with_clock(&open, &forced, clock()).expect_err("locked");
    assert!(
        matches!(
            e,
            TrainingError::Book(BookError::Store(StoreError::Locked(_)))
        ),
        "{e:?}"
    );
    drop(held);
    assert_folder_holds(dir.path(), &["real.ayni", "socios.csv", "abierto.ayni"]);
}

#[test]
fn a_missing_folder_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no-existe").join("libro.ayni");
    let e = create_demo_with_clock(&path, &opts(3, 2, 1), clock()).expect_err("missing folder");
    assert!(
        matches!(
            e,
            TrainingError::Book(BookError::Store(StoreError::MissingFolder(_)))
        ),
        "{e:?}"
    );
    assert_folder_holds(dir.path(), &[]);
}

#[test]
fn a_failed_replacement_leaves_the_old_practice_book_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    drop(demo(&path, &opts(3, 2, 1)));
    let before = bytes(&path);
    // Something in the way of the temporary book: the generation fails.
    let tmp = dir
        .path()
        .join(format!(".practica.ayni.generando-{}", std::process::id()));
    std::fs::create_dir(&tmp).expect("dir");
    let forced = DemoOptions {
        force: true,
        ..opts(5, 3, 2)
    };
    assert!(create_demo_with_clock(&path, &forced, clock()).is_err());
    assert_eq!(bytes(&path), before, "the old practice book is untouched");
    std::fs::remove_dir(&tmp).expect("rmdir");
    // A leftover temporary file of an interrupted run is replaced.
    std::fs::write(&tmp, "medio libro").expect("write");
    let book = demo(&path, &forced);
    assert_whole(&book, &forced);
    assert_folder_holds(dir.path(), &["practica.ayni"]);
}

#[test]
fn force_leaves_an_older_book_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book_schema1.ayni");
    let path = dir.path().join("antiguo.ayni");
    std::fs::copy(&fixture, &path).expect("copy");
    let before = bytes(&path);
    let forced = DemoOptions {
        force: true,
        ..opts(3, 2, 1)
    };
    let e = create_demo_with_clock(&path, &forced, clock()).expect_err("older book");
    assert!(
        matches!(
            e,
            TrainingError::Book(BookError::Store(StoreError::NeedsMigration(_)))
                | TrainingError::Book(BookError::NotPractice(_))
        ),
        "{e:?}"
    );
    assert_eq!(bytes(&path), before);
    assert_folder_holds(dir.path(), &["antiguo.ayni"]);
}

/// The loan reports of each closed month's last day, rebuilt from the loans'
/// events, agree with the books of that month: the outstanding principal is
/// the balance of 1404 (current) plus 1452 (overdue), to the cent.
#[test]
fn past_loan_reports_agree_with_the_ledger_of_each_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let book = demo(&path, &DemoOptions::default());
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
