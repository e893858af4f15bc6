//! The month's close: cash count, charges, interest, reclassification, year end, lock.

use ayni::books::close::{CloseError, CloseOptions};
use ayni::books::dues::ChargeTypeInput;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::dues::ChargeKind;
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::savings::{InterestBase, SavingsKind};
use ayni::domain::settings::{AssocKind, Settings};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default())
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}
fn m(c: i64) -> Money {
    Money::from_cents(c)
}
fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}

#[test]
fn close_generates_charges_posts_interest_and_locks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2026-10-05 09:00:00"),
    )
    .expect("book");
    let id = book
        .add_member(&MemberInput {
            id_number: make_cedula(10, 9_000_001),
            first_names: "Rosa".into(),
            last_names: "Sisa".into(),
            gender: "F".into(),
            join_date: "2026-01-10".into(),
            ..Default::default()
        })
        .expect("member")
        .id;
    book.add_charge_type(&ChargeTypeInput {
        name: "Cuota".into(),
        kind: ChargeKind::MonthlyDues,
        frequency: None,
        account: None,
        start_month: mo(2026, 9),
        amount: m(300),
        approval: String::new(),
        members: None,
    })
    .expect("type");
    let p = book
        .add_savings_product(
            "Ahorro",
            SavingsKind::Ordinary,
            Decimal::from(6),
            InterestBase::Minimum,
            Money::ZERO,
        )
        .expect("product");
    let acc = book
        .open_savings_account(id, p.id, None, None, d("2026-09-01"))
        .expect("account")
        .id;
    book.set_clock(at("2026-09-02 09:00:00"));
    book.deposit(id, Some(acc), m(120_000), d("2026-09-01"), "1101")
        .expect("deposit");
    book.set_clock(at("2026-09-30 18:00:00"));
    // Cash count that does not match: refused, nothing changes.
    let e = book
        .close_month_with(
            mo(2026, 9),
            &CloseOptions {
                cash_count: Some(m(119_990)),
                ..CloseOptions::default()
            },
        )
        .expect_err("difference");
    assert!(
        matches!(e, BookError::Close(CloseError::CashDifference { .. })),
        "{e:?}"
    );
    assert!(e.message(ayni::i18n::Lang::Es).contains("-0,10"));
    assert_eq!(book.closed_through().expect("closed"), None);
    // The difference explained (a shortfall), then the close goes through.
    book.adjust_cash(d("2026-09-30"), m(119_990), "Faltante de arqueo")
        .expect("adjusted");
    let s = book
        .close_month_with(
            mo(2026, 9),
            &CloseOptions {
                cash_count: Some(m(119_990)),
                ..CloseOptions::default()
            },
        )
        .expect("closed");
    assert_eq!(s.charges_generated, 1);
    let interest = book
        .entry(s.interest_entry.expect("interest posted"))
        .expect("read")
        .expect("entry");
    // 1200 x 6% x 30/360 = 6.00
    assert_eq!(interest.total(), m(600));
    assert_eq!(book.closed_through().expect("closed"), Some(mo(2026, 9)));
    let late = book.post(
        EntryDraft::new(
            d("2026-09-30"),
            "Tarde",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", m(100)),
                Posting::credit("1101", m(100)),
            ],
        )
        .expect("draft"),
    );
    assert!(matches!(late, Err(BookError::ClosedMonth(_))));
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn the_current_month_closes_only_from_its_last_day_and_year_end_closes_results() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings =
        Settings::new("Asociación Prueba", None, AssocKind::Asociacion).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2026-12-15 09:00:00"),
    )
    .expect("book");
    book.post(
        EntryDraft::new(
            d("2026-12-02"),
            "Donación",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("1101", m(50_000)),
                Posting::credit("5690", m(50_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("posted");
    book.post(
        EntryDraft::new(
            d("2026-12-03"),
            "Útiles",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", m(12_000)),
                Posting::credit("1101", m(12_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("posted");
    let e = book
        .close_month_with(mo(2026, 12), &CloseOptions::default())
        .expect_err("not ended");
    assert!(matches!(e, BookError::Close(CloseError::NotEnded(_))));
    book.set_clock(at("2026-12-31 17:00:00"));
    let s = book
        .close_month_with(mo(2026, 12), &CloseOptions::default())
        .expect("closed");
    assert!(s.year_end_entry.is_some());
    let dec = mo(2026, 12);
    assert_eq!(book.balance_of("5", dec).expect("income"), Money::ZERO);
    assert_eq!(book.balance_of("4", dec).expect("expenses"), Money::ZERO);
    assert_eq!(book.balance_of("3603", dec).expect("surplus"), m(-38_000));
    // After closing: Activo = Pasivo + Patrimonio.
    let assets = book.balance_of("1", dec).expect("assets");
    let liabilities_equity =
        -(book.balance_of("2", dec).expect("l") + book.balance_of("3", dec).expect("e"));
    assert_eq!(assets, liabilities_equity);
    assert!(book.check().expect("check").ok());
}

#[test]
fn backups_rotate_and_restore_checks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book =
        Book::create_with_clock(&path, settings, at("2026-11-20 09:00:00")).expect("book");
    book.set_backups_to_keep(2).expect("setting");
    book.post(
        EntryDraft::new(
            d("2026-10-02"),
            "Donación",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("1101", m(1_000)),
                Posting::credit("3402", m(1_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("posted");
    for i in 0..3 {
        book.set_clock(at(&format!("2026-11-20 09:0{i}:00")));
        book.auto_backup("prueba").expect("backup");
    }
    let backups = book.list_backups();
    assert_eq!(backups.len(), 2, "only the newest two are kept");
    assert!(book.daily_backup().expect("daily").is_some());
    assert!(book.daily_backup().expect("daily").is_none(), "once a day");
    let manual = dir.path().join("copia.ayni");
    book.backup_to(&manual).expect("manual backup");
    assert!(book.backup_to(&manual).is_err(), "never overwrites");
    // A later entry, then restore the copy: the entry is gone, the replaced book kept aside.
    book.post(
        EntryDraft::new(
            d("2026-11-02"),
            "Gasto",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", m(100)),
                Posting::credit("1101", m(100)),
            ],
        )
        .expect("draft"),
    )
    .expect("posted");
    let e = ayni::books::backup::restore(&manual, &path).expect_err("the book is open here");
    assert!(
        matches!(e, BookError::Store(ayni::store::StoreError::Locked(_))),
        "{e:?}"
    );
    drop(book);
    // A damaged backup is refused and nothing is replaced.
    let bad = dir.path().join("mala.ayni");
    std::fs::write(&bad, b"no es un libro").expect("write");
    assert!(ayni::books::backup::restore(&bad, &path).is_err());
    assert_eq!(
        Book::open_read_only(&path)
            .expect("open")
            .entry_count(None)
            .expect("count"),
        2
    );
    let aside = ayni::books::backup::restore(&manual, &path)
        .expect("restored")
        .expect("kept aside");
    assert!(aside.exists());
    assert_eq!(
        Book::open_read_only(&path)
            .expect("open")
            .entry_count(None)
            .expect("count"),
        1
    );
    assert_eq!(
        Book::open_read_only(&aside)
            .expect("open")
            .entry_count(None)
            .expect("count"),
        2
    );
}

fn manual(date: &str, debit: &str, credit: &str, cents: i64) -> EntryDraft {
    EntryDraft::new(
        d(date),
        "Movimiento",
        "",
        EntryKind::Manual,
        vec![
            Posting::debit(debit, m(cents)),
            Posting::credit(credit, m(cents)),
        ],
    )
    .expect("draft")
}

#[test]
fn the_next_month_to_close_is_the_oldest_entrys_and_a_cash_difference_can_be_explained_in_the_close()
 {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book =
        Book::create_with_clock(&path, settings, at("2026-10-05 09:00:00")).expect("book");
    assert_eq!(book.next_month_to_close().expect("next"), None);
    book.post(manual("2026-09-10", "1101", "3402", 10_000))
        .expect("posted");
    book.post(manual("2026-08-20", "1101", "3402", 5_000))
        .expect("posted");
    // Entry 2 is older than entry 1: the first month to close is August.
    assert_eq!(book.next_month_to_close().expect("next"), Some(mo(2026, 8)));
    // August closes with an explained shortfall of 0.25: the adjustment is
    // posted in the close's own transaction, dated the month's last day.
    let s = book
        .close_month_with(
            mo(2026, 8),
            &CloseOptions {
                cash_count: Some(m(4_975)),
                cash_explanation: Some("Faltante: billete roto".into()),
                ..CloseOptions::default()
            },
        )
        .expect("closed");
    let adj = book
        .entry(s.cash_adjustment_entry.expect("adjustment"))
        .expect("read")
        .expect("entry");
    assert_eq!(adj.kind, EntryKind::CashAdjustment);
    assert_eq!(adj.date, d("2026-08-31"));
    assert_eq!(adj.description, "Faltante: billete roto");
    assert_eq!(adj.total(), m(25));
    assert_eq!(s.cash, m(4_975));
    assert_eq!(book.balance_of("4790", mo(2026, 8)).expect("4790"), m(25));
    // The backup taken before the close is named in the summary and holds
    // the book as it was: no adjustment, nothing closed.
    let backup = s.backup.expect("backup taken");
    assert!(backup.exists());
    let before = Book::open_read_only(&backup).expect("open backup");
    assert_eq!(before.entry_count(None).expect("count"), 2);
    assert_eq!(before.closed_through().expect("closed"), None);
    // September is next; a count that differs without an explanation is refused.
    assert_eq!(book.next_month_to_close().expect("next"), Some(mo(2026, 9)));
    let e = book
        .close_month_with(
            mo(2026, 9),
            &CloseOptions {
                cash_count: Some(m(1)),
                cash_explanation: Some("   ".into()),
                ..CloseOptions::default()
            },
        )
        .expect_err("blank explanation");
    assert!(matches!(
        e,
        BookError::Close(CloseError::CashDifference { .. })
    ));
    assert_eq!(book.closed_through().expect("closed"), Some(mo(2026, 8)));
    assert!(book.check().expect("check").ok());
}

#[test]
fn restoring_a_book_onto_itself_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book =
        Book::create_with_clock(&path, settings, at("2026-10-05 09:00:00")).expect("book");
    book.post(manual("2026-10-01", "1101", "3402", 10_000))
        .expect("posted");
    drop(book);
    let e = ayni::books::backup::restore(&path, &path).expect_err("same file");
    assert!(
        matches!(
            e,
            BookError::Backup(ayni::books::backup::BackupError::SameFile(_))
        ),
        "{e:?}"
    );
    assert!(e.message(ayni::i18n::Lang::Es).contains("mismo libro"));
    assert_eq!(
        Book::open_read_only(&path)
            .expect("open")
            .entry_count(None)
            .expect("count"),
        1
    );
    let siblings = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(siblings, 1, "nothing was set aside");
}

#[test]
fn backups_taken_in_the_same_second_rotate_oldest_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book =
        Book::create_with_clock(&path, settings, at("2026-10-05 09:00:00")).expect("book");
    book.set_backups_to_keep(2).expect("setting");
    // The same clock second: "…-manual", "…-manual-2", "…-manual-3".
    let taken: Vec<_> = (0..3)
        .map(|_| book.auto_backup("manual").expect("backup"))
        .collect();
    let kept = book.list_backups();
    assert_eq!(
        kept,
        taken[1..].to_vec(),
        "the two newest are kept, in order"
    );
    assert!(!taken[0].exists());
}

/// A book with one member, monthly dues from September and a savings deposit.
fn small_book(dir: &tempfile::TempDir) -> Book {
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2026-09-01 09:00:00"),
    )
    .expect("book");
    let id = book
        .add_member(&MemberInput {
            id_number: make_cedula(10, 9_000_001),
            first_names: "Rosa".into(),
            last_names: "Sisa".into(),
            gender: "F".into(),
            join_date: "2026-01-10".into(),
            ..Default::default()
        })
        .expect("member")
        .id;
    book.add_charge_type(&ChargeTypeInput {
        name: "Cuota".into(),
        kind: ChargeKind::MonthlyDues,
        frequency: None,
        account: None,
        start_month: mo(2026, 9),
        amount: m(300),
        approval: String::new(),
        members: None,
    })
    .expect("type");
    let p = book
        .add_savings_product(
            "Ahorro",
            SavingsKind::Ordinary,
            Decimal::from(6),
            InterestBase::Minimum,
            Money::ZERO,
        )
        .expect("product");
    let acc = book
        .open_savings_account(id, p.id, None, None, d("2026-09-01"))
        .expect("account")
        .id;
    book.deposit(id, Some(acc), m(120_000), d("2026-09-01"), "1101")
        .expect("deposit");
    book.set_clock(at("2026-10-02 09:00:00"));
    book
}

#[test]
fn the_preview_shows_what_the_close_posts_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = small_book(&dir);
    let opts = CloseOptions {
        cash_count: Some(m(120_050)),
        backup: false,
        ..CloseOptions::default()
    };
    let entries = book.entry_count(None).expect("count");
    let tb = book.trial_balance(mo(2026, 9)).expect("tb");
    // Unexplained: the preview is refused like the close.
    let e = book
        .close_preview(mo(2026, 9), &opts, Some("  "))
        .expect_err("difference");
    assert!(matches!(
        e,
        BookError::Close(CloseError::CashDifference { .. })
    ));
    let p = book
        .close_preview(mo(2026, 9), &opts, Some("Sobrante del arqueo"))
        .expect("preview");
    assert_eq!(p.cash_before, m(120_000));
    assert_eq!(p.charges_generated, 1);
    assert_eq!(p.charges_amount, m(300));
    let adj = p.adjustment.as_ref().expect("adjustment");
    assert_eq!(adj.total(), m(50));
    assert_eq!(adj.description, "Sobrante del arqueo");
    let interest = p.interest.as_ref().expect("interest").total();
    assert_eq!(interest, m(600));
    // Nothing was written.
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(book.trial_balance(mo(2026, 9)).expect("tb"), tb);
    assert_eq!(book.closed_through().expect("closed"), None);
    // The close posts the same, the adjustment with it, in one go.
    let s = book
        .close_month_explained(mo(2026, 9), &opts, Some("Sobrante del arqueo"))
        .expect("closed");
    assert_eq!(s.backup, None);
    assert_eq!(s.charges_generated, 1);
    assert_eq!(s.cash, m(120_050));
    let posted = book
        .entry(s.cash_adjustment_entry.expect("adjusted"))
        .expect("read")
        .expect("entry");
    assert_eq!(posted.total(), m(50));
    assert_eq!(posted.date, d("2026-09-30"));
    assert_eq!(
        book.entry(s.interest_entry.expect("interest"))
            .expect("read")
            .expect("entry")
            .total(),
        interest
    );
    assert_eq!(book.closed_through().expect("closed"), Some(mo(2026, 9)));
    assert!(book.check().expect("check").ok());
}

#[test]
fn an_explained_close_that_fails_leaves_no_adjustment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = small_book(&dir);
    book.set_clock(at("2026-09-20 09:00:00"));
    let entries = book.entry_count(None).expect("count");
    let e = book
        .close_month_explained(
            mo(2026, 9),
            &CloseOptions {
                cash_count: Some(m(119_000)),
                backup: false,
                ..CloseOptions::default()
            },
            Some("Faltante"),
        )
        .expect_err("not ended");
    assert!(matches!(e, BookError::Close(CloseError::NotEnded(_))));
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(book.closed_through().expect("closed"), None);
}

/// Over three year ends (a surplus in 2024, a loss in 2025, a surplus in
/// 2026), each December close puts the year's result in 3603 (surplus) or
/// 3604 (loss) and moves what was left there from the year before to 3601
/// (accumulated surplus) or 3602 (accumulated losses): 3603/3604 never hold
/// two years together.
#[test]
fn each_year_end_moves_the_previous_year_s_result_to_accumulated_results() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings::new("Caja Tres Años", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2024-01-02 09:00:00"),
    )
    .expect("book");
    let post = |book: &mut Book, date: &str, debit: &str, credit: &str, cents: i64| {
        book.set_clock(at(&format!("{date} 09:00:00")));
        book.post(
            EntryDraft::new(
                d(date),
                "Movimiento",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit(debit, m(cents)),
                    Posting::credit(credit, m(cents)),
                ],
            )
            .expect("draft"),
        )
        .expect("posted");
    };
    let opts = CloseOptions {
        backup: false,
        ..CloseOptions::default()
    };
    let mut month = mo(2024, 1);
    let mut transfers = Vec::new();
    while month <= mo(2026, 12) {
        match (month.year(), month.month()) {
            // 2024: a donation of 500.00, expenses of 120.00: surplus 380.00.
            (2024, 3) => post(&mut book, "2024-03-10", "1101", "5690", 50_000),
            (2024, 7) => post(&mut book, "2024-07-10", "4507", "1101", 12_000),
            // 2025: expenses of 200.00, no income: a loss of 200.00.
            (2025, 6) => post(&mut book, "2025-06-10", "4507", "1101", 20_000),
            // 2026: a donation of 300.00: surplus 300.00.
            (2026, 9) => post(&mut book, "2026-09-10", "1101", "5690", 30_000),
            _ => {}
        }
        book.set_clock(at(&format!(
            "{} 18:00:00",
            month.last_day().format("%Y-%m-%d")
        )));
        let s = book.close_month_with(month, &opts).expect("closed");
        if month.month() == 12 {
            assert!(s.year_end_entry.is_some(), "{month:?}");
            transfers.push(s.results_transfer_entry);
            let bal = |code: &str| book.balance_of(code, month).expect("balance");
            match month.year() {
                2024 => {
                    assert_eq!(bal("3603"), m(-38_000));
                    assert_eq!(bal("3601"), Money::ZERO);
                }
                2025 => {
                    // 2024's surplus moved to 3601; 3603 holds nothing of it.
                    assert_eq!(bal("3601"), m(-38_000));
                    assert_eq!(bal("3603"), Money::ZERO);
                    assert_eq!(bal("3604"), m(20_000));
                }
                _ => {
                    assert_eq!(bal("3601"), m(-38_000));
                    assert_eq!(bal("3602"), m(20_000));
                    assert_eq!(bal("3604"), Money::ZERO);
                    assert_eq!(bal("3603"), m(-30_000));
                }
            }
        }
        month = month.next();
    }
    // The first year end has nothing earlier to move; the next two do, each
    // in one entry described in words.
    assert_eq!(transfers[0], None);
    for (id, words) in [(transfers[1], "380,00"), (transfers[2], "200,00")] {
        let e = book
            .entry(id.expect("a transfer"))
            .expect("read")
            .expect("entry");
        assert_eq!(e.kind, EntryKind::YearEnd);
        assert!(e.description.contains(words), "{}", e.description);
    }
    let r = book.check().expect("check");
    assert!(r.ok(), "{:?}", r.first_problem());
}

#[test]
fn the_month_to_close_is_one_answer_from_an_empty_book_to_a_closed_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book =
        Book::create_with_clock(&path, settings, at("2026-10-05 09:00:00")).expect("book");
    // An empty book: the last month that has ended, which a close accepts.
    assert_eq!(book.month_to_close().expect("month"), mo(2026, 9));
    book.check_can_close(book.month_to_close().expect("month"))
        .expect("the month to close can be closed");
    // With entries: the month of the oldest one.
    book.post(manual("2026-09-10", "1101", "3402", 10_000))
        .expect("posted");
    book.post(manual("2026-07-20", "1101", "3402", 5_000))
        .expect("posted");
    assert_eq!(book.month_to_close().expect("month"), mo(2026, 7));
    // After a close: the month after it.
    book.close_month_with(
        mo(2026, 7),
        &CloseOptions {
            cash_count: Some(m(5_000)),
            ..CloseOptions::default()
        },
    )
    .expect("closed");
    assert_eq!(book.month_to_close().expect("month"), mo(2026, 8));
    assert_eq!(
        book.next_month_to_close().expect("next"),
        Some(book.month_to_close().expect("month"))
    );
}
