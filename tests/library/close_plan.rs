//! The month's close as a plan and its commit: the plan, made in a read
//! transaction, writes nothing and is what the close then posts.

use std::path::Path;

use ayni::books::close::{CloseOptions, ClosePlan};
use ayni::books::{Book, Clock};
use ayni::domain::account::codes::{BANKS, CASH, YEAR_LOSS, YEAR_SURPLUS};
use ayni::domain::entry::Side;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::training::scenarios::create_scenario;
use chrono::NaiveDateTime;

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("a date"))
}

/// Plans the close of `month` (on a read-only opening too), checks that the
/// plan changed no byte of the book, commits it and checks the commit posted
/// what the plan said, with the figures read afterwards.
fn plan_then_commit(path: &Path, now: &str, month: Month, opts: &CloseOptions) -> ClosePlan {
    let open = |ro: bool| {
        let mut b = if ro {
            Book::open_read_only(path)
        } else {
            Book::open(path)
        }
        .expect("open");
        b.set_clock(clock_at(now));
        b
    };
    let before = std::fs::read(path).expect("read");
    let plan = open(true).plan_close(month, opts).expect("planned");
    assert!(
        std::fs::read(path).expect("read") == before,
        "a plan writes nothing"
    );
    // Planned in a book open for writing: still nothing is written.
    let book = open(false);
    let closed_before = book.closed_through().expect("closed");
    let again = book.plan_close(month, opts).expect("planned");
    assert_eq!(book.closed_through().expect("closed"), closed_before);
    assert_eq!(book.month_to_close().expect("month"), month);
    drop(book);
    assert!(
        plan.check.as_ref().is_some_and(|c| c.ok()),
        "the check is in the plan"
    );
    assert_eq!(plan.closed.last_entry, again.closed.last_entry);
    let mut book = open(false);
    let done = book.commit_close(&plan).expect("committed").close;
    let planned: Vec<_> = plan.entries();
    let posted: Vec<_> = done.entries();
    assert_eq!(planned.len(), posted.len());
    for ((k1, p), (k2, e)) in planned.iter().zip(&posted) {
        assert_eq!(k1, k2);
        assert_eq!(
            (
                p.id,
                p.date,
                &p.description,
                &p.reference,
                p.kind,
                &p.postings
            ),
            (
                e.id,
                e.date,
                &e.description,
                &e.reference,
                e.kind,
                &e.postings
            )
        );
        let stored = book.entry(e.id).expect("read").expect("posted");
        assert_eq!(stored.postings, p.postings);
    }
    assert_eq!(plan.charges_generated, done.charges_generated);
    assert_eq!(plan.charges_amount, done.charges_amount);
    assert_eq!(plan.provision, done.provision);
    assert_eq!(plan.result, done.result);
    assert_eq!(plan.entries_in_month, done.entries_in_month);
    assert_eq!(plan.closed.last_entry, done.closed.last_entry);
    assert_eq!(plan.cash, book.balance_of(CASH, month).expect("cash"));
    assert_eq!(plan.bank, book.balance_of(BANKS, month).expect("bank"));
    assert_eq!(book.closed_through().expect("closed"), Some(month));
    plan
}

#[test]
fn a_year_end_close_plan_is_what_the_close_posts_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("primer.ayni");
    let (book, _) =
        create_scenario(&path, "primer-mes", true, clock_at("2026-01-05 09:00:00")).expect("built");
    let month = book.month_to_close().expect("month");
    let cash = book.balance_of(CASH, month).expect("cash");
    drop(book);
    assert_eq!(month.to_string(), "2025-12");
    // A counted surplus, explained: the adjustment is part of the plan.
    let opts = CloseOptions {
        cash_count: Some(cash + Money::from_cents(1_050)),
        cash_explanation: Some("Sobrante del arqueo".into()),
        backup: false,
        ..CloseOptions::default()
    };
    let plan = plan_then_commit(&path, "2026-01-05 09:00:00", month, &opts);
    assert!(plan.fiscal_year_end && plan.adjustment.is_some());
    assert_eq!(plan.cash, cash + Money::from_cents(1_050));
    // The year's result is what the year-end entry moves to 3603 or 3604.
    let year_end = plan.year_end.as_ref().expect("December closes the year");
    let to_result: Money = year_end
        .postings
        .iter()
        .filter(|p| p.account == YEAR_SURPLUS || p.account == YEAR_LOSS)
        .map(|p| match p.side {
            Side::Credit => p.amount,
            Side::Debit => -p.amount,
        })
        .sum();
    assert_eq!(plan.result, to_result);
}

#[test]
fn every_close_of_a_year_s_book_is_planned_as_it_is_posted() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("caja.ayni");
    let (book, _) = create_scenario(&path, "caja-un-ano", false, clock_at("2026-11-20 10:00:00"))
        .expect("built");
    drop(book);
    // The scenario leaves October open for the class to close; two months
    // later October, November and December (the year's end) are to close.
    let now = "2027-01-05 09:00:00";
    let today = clock_at(now).today();
    let mut closed = 0;
    loop {
        let mut book = Book::open(&path).expect("open");
        book.set_clock(clock_at(now));
        let month = book.month_to_close().expect("month");
        if month.last_day() >= today {
            break;
        }
        let cash = book.balance_of(CASH, month).expect("cash");
        drop(book);
        let opts = CloseOptions {
            cash_count: Some(cash),
            backup: false,
            ..CloseOptions::default()
        };
        let plan = plan_then_commit(&path, now, month, &opts);
        assert_eq!(
            plan.fiscal_year_end,
            plan.year_end.is_some() || month.month() == 12
        );
        closed += 1;
    }
    assert_eq!(closed, 3, "October, November and December");
}
