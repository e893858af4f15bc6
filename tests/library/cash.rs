//! Cash and bank never go below zero on any day (issue 14, point 8), and no
//! accepted amount can break the maintained totals (point 9).

use ayni::books::close::CloseOptions;
use ayni::books::ledger::JournalFilter;
use ayni::books::loans::LoanApplication;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryError, EntryKind, Posting, Side};
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, Method};
use ayni::domain::member::MemberInput;
use ayni::domain::money::{MAX_CENTS, Money};
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::store::{Mode, SCHEMA_VERSION, Store, StoreRead, tables};
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::reports_common::{at, d, m, mo};

/// A new book whose clock stands on 2026-03-20 (March open, nothing closed).
fn new_book(dir: &std::path::Path) -> Book {
    let settings = Settings::new("Caja La Merced", None, AssocKind::Caja).expect("settings");
    Book::create_with_clock(&dir.join("libro.ayni"), settings, at("2026-03-20 10:00:00"))
        .expect("book")
}

fn draft(date: &str, text: &str, lines: Vec<Posting>) -> EntryDraft {
    EntryDraft::new(d(date), text, "", EntryKind::Manual, lines).expect("draft")
}

/// Money in: other income into `to`.
fn receipt(book: &mut Book, date: &str, to: &str, cents: i64) {
    book.post(draft(
        date,
        "Venta de productos",
        vec![
            Posting::debit(to, m(cents)),
            Posting::credit("5690", m(cents)),
        ],
    ))
    .expect("receipt posted");
}

/// Money out of `from`: an expense.
fn payment(book: &mut Book, date: &str, from: &str, cents: i64) -> Result<u64, BookError> {
    book.post(draft(
        date,
        "Compra de materiales",
        vec![
            Posting::debit("4507", m(cents)),
            Posting::credit(from, m(cents)),
        ],
    ))
    .map(|e| e.id)
}

fn member(book: &mut Book, n: u32) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(17, 2_000_000 + n),
        first_names: format!("Socia {n}"),
        last_names: "Tituaña".into(),
        gender: "F".into(),
        birth_date: "1985-04-02".into(),
        join_date: "2025-01-02".into(),
        community: "La Merced".into(),
        ..Default::default()
    })
    .expect("member")
    .id
}

/// Everything a refused operation must leave as it was.
fn snapshot(book: &Book) -> (u64, Vec<(String, i64, i64)>) {
    let rows = book
        .account_balances(mo(2026, 3))
        .expect("balances")
        .into_iter()
        .map(|b| (b.account.code, b.debit.cents(), b.credit.cents()))
        .collect();
    (book.entry_count(None).expect("count"), rows)
}

/// Each cash and bank account's balance at the end of every day with movement,
/// recomputed from the journal itself.
fn daily_balances(book: &Book) -> Vec<(String, NaiveDate, i64)> {
    let mut days: std::collections::BTreeMap<(String, NaiveDate), i64> = Default::default();
    for e in book
        .journal(&JournalFilter::default(), 0, usize::MAX)
        .expect("journal")
    {
        for p in &e.postings {
            if p.account.starts_with("11") {
                *days.entry((p.account.clone(), e.date)).or_default() += p.signed().cents();
            }
        }
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let mut balance = 0;
    for ((code, day), net) in days {
        if code != current {
            current = code.clone();
            balance = 0;
        }
        balance += net;
        out.push((code, day, balance));
    }
    out
}

#[test]
fn a_payment_beyond_the_cash_is_refused_with_the_balance_available() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    receipt(&mut book, "2026-03-02", "1101", 10_000);
    let before = snapshot(&book);
    let e = payment(&mut book, "2026-03-05", "1101", 15_000).expect_err("refused");
    match &e {
        BookError::CashShort {
            account,
            date,
            short_on,
            out,
            available,
            ..
        } => {
            assert_eq!(account, "1101");
            assert_eq!(*date, d("2026-03-05"));
            assert_eq!(*short_on, d("2026-03-05"));
            assert_eq!(*out, m(15_000));
            assert_eq!(*available, m(10_000));
        }
        other => panic!("{other:?}"),
    }
    let es = e.message(Lang::Es);
    assert!(es.contains("1101 Caja"), "{es}");
    assert!(es.contains("05/03/2026"), "{es}");
    assert!(es.contains("100,00"), "{es}");
    assert!(es.contains("No se registró nada"), "{es}");
    let en = e.message(Lang::En);
    assert!(en.contains("1101 Cash"), "{en}");
    assert!(en.contains("2026-03-05"), "{en}");
    assert!(en.contains("100.00"), "{en}");
    assert_eq!(snapshot(&book), before, "a refused payment changes nothing");
    // The interface's check before the preview says the same.
    let refused = book.validate_draft(&draft(
        "2026-03-05",
        "Compra",
        vec![
            Posting::debit("4507", m(15_000)),
            Posting::credit("1101", m(15_000)),
        ],
    ));
    assert!(
        matches!(refused, Err(BookError::CashShort { .. })),
        "{refused:?}"
    );
    // Exactly what there is can go out; then nothing more.
    assert_eq!(
        book.cash_available("1101", d("2026-03-05")).expect("read"),
        m(10_000)
    );
    payment(&mut book, "2026-03-05", "1101", 10_000).expect("all the cash");
    assert!(payment(&mut book, "2026-03-06", "1101", 1).is_err());
    assert_eq!(
        book.cash_available("1101", d("2026-03-06")).expect("read"),
        Money::ZERO
    );
}

#[test]
fn a_backdated_payment_may_not_leave_a_later_day_below_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    receipt(&mut book, "2026-03-01", "1101", 10_000);
    payment(&mut book, "2026-03-10", "1101", 8_000).expect("paid on the 10th");
    receipt(&mut book, "2026-03-15", "1101", 5_000);
    let before = snapshot(&book);
    // On the 5th there were 100.00, but the 10th would fall to -30.00.
    let e = payment(&mut book, "2026-03-05", "1101", 5_000).expect_err("refused");
    match &e {
        BookError::CashShort {
            short_on,
            available,
            ..
        } => {
            assert_eq!(*short_on, d("2026-03-10"));
            assert_eq!(*available, m(2_000));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.message(Lang::Es).contains("10/03/2026"),
        "{}",
        e.message(Lang::Es)
    );
    assert!(
        e.message(Lang::En)
            .contains("already recorded after 2026-03-05"),
        "{}",
        e.message(Lang::En)
    );
    assert_eq!(snapshot(&book), before);
    // What the later days leave room for is accepted; after the 15th, more.
    payment(&mut book, "2026-03-05", "1101", 2_000).expect("within what is left");
    assert_eq!(
        book.cash_available("1101", d("2026-03-05")).expect("read"),
        Money::ZERO
    );
    assert_eq!(
        book.cash_available("1101", d("2026-03-16")).expect("read"),
        m(5_000)
    );
    assert!(
        daily_balances(&book).iter().all(|(_, _, b)| *b >= 0),
        "{:?}",
        daily_balances(&book)
    );
}

#[test]
fn banks_and_their_sub_accounts_follow_the_rule_and_money_moves_between_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    book.add_sub_account("1103", "110301", "Banco Pichincha")
        .expect("sub-account");
    receipt(&mut book, "2026-03-02", "1101", 50_000);
    // Cash to the bank: cash goes down, the bank up.
    book.post(draft(
        "2026-03-03",
        "Depósito en el banco",
        vec![
            Posting::debit("110301", m(40_000)),
            Posting::credit("1101", m(40_000)),
        ],
    ))
    .expect("deposit in the bank");
    let e = payment(&mut book, "2026-03-04", "110301", 40_001).expect_err("refused");
    assert!(
        matches!(&e, BookError::CashShort { account, available, .. } if account == "110301" && *available == m(40_000)),
        "{e:?}"
    );
    assert!(
        e.message(Lang::Es).contains("110301 Banco Pichincha"),
        "{}",
        e.message(Lang::Es)
    );
    // An entry that takes from cash and puts back into cash is judged by its net.
    book.post(draft(
        "2026-03-04",
        "Cambio de billetes",
        vec![
            Posting::debit("1101", m(10_000)),
            Posting::credit("1101", m(10_000)),
        ],
    ))
    .expect("nets to nothing");
    // The reversal of the bank deposit needs the bank to hold it.
    payment(&mut book, "2026-03-05", "110301", 1_000).expect("bank fee");
    let deposit = book
        .journal(&JournalFilter::default(), 0, 50)
        .expect("journal")
        .into_iter()
        .find(|e| e.description == "Depósito en el banco")
        .expect("deposit entry");
    let e = book
        .reverse(deposit.id, Some(d("2026-03-06")), None)
        .expect_err("the bank no longer holds 400.00");
    assert!(matches!(e, BookError::CashShort { .. }), "{e:?}");
    assert!(book.reversed_by(deposit.id).expect("read").is_none());
}

#[test]
fn every_operation_that_pays_out_obeys_the_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    book.set_clock(at("2026-02-20 10:00:00"));
    let ana = member(&mut book, 1);
    let beto = member(&mut book, 2);
    // February: savings come in, and the whole box goes to the bank.
    book.deposit(ana, None, m(50_000), d("2026-02-10"), "1101")
        .expect("deposit");
    book.fund_contribute(Some(beto), m(20_000), d("2026-02-10"), "1101", "")
        .expect("fund");
    book.post(draft(
        "2026-02-11",
        "Depósito en el banco",
        vec![
            Posting::debit("1103", m(70_000)),
            Posting::credit("1101", m(70_000)),
        ],
    ))
    .expect("to the bank");
    let before = snapshot(&book);
    // A withdrawal paid from the empty box is refused; from the bank it is paid.
    let acc = book.member_savings(ana).expect("savings")[0].account.id;
    let e = book
        .withdraw(acc, m(10_000), d("2026-02-12"), "1101")
        .expect_err("no cash");
    assert!(matches!(e, BookError::CashShort { .. }), "{e:?}");
    assert_eq!(snapshot(&book), before);
    assert_eq!(
        book.member_savings(ana).expect("savings")[0]
            .account
            .balance,
        m(50_000),
        "the savings account is unchanged"
    );
    book.withdraw(acc, m(10_000), d("2026-02-12"), "1103")
        .expect("from the bank");
    // A fund grant from the empty box.
    let e = book
        .fund_grant(
            Some(beto),
            "",
            m(5_000),
            "Enfermedad",
            "Acta 2",
            d("2026-02-12"),
            "1101",
        )
        .expect_err("no cash");
    assert!(matches!(e, BookError::CashShort { .. }), "{e:?}");
    assert!(book.fund_grants().expect("grants").is_empty());
    // A loan larger than the bank holds.
    let (product, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::French,
            rate: Decimal::from(18),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member: ana,
            product: product.id,
            amount: m(80_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: Some(beto),
            approval: "Acta 3".into(),
            date: d("2026-02-13"),
        })
        .expect("apply");
    let before = snapshot(&book);
    let e = book
        .disburse_loan(loan.id, d("2026-02-13"), "1103")
        .expect_err("the bank holds 600.00");
    assert!(
        matches!(&e, BookError::CashShort { available, .. } if *available == m(60_000)),
        "{e:?}"
    );
    assert_eq!(snapshot(&book), before);
    assert_eq!(
        book.loan(loan.id).expect("loan").status,
        ayni::domain::loan::LoanStatus::Applied
    );
    // March: 50.00 spent from the box on the 2nd.
    book.set_clock(at("2026-03-20 10:00:00"));
    receipt(&mut book, "2026-02-25", "1101", 6_000);
    payment(&mut book, "2026-03-02", "1101", 5_000).expect("spent in March");
    // Closing February with a count of 5.00 (a shortfall of 55.00, dated 28
    // February) would leave 2 March at -45.00: the close is refused whole.
    let e = book
        .close_month_with(
            Month::new(2026, 2).expect("month"),
            &CloseOptions {
                cash_count: Some(m(500)),
                cash_explanation: Some("Faltante sin explicar".into()),
                backup: false,
                ..CloseOptions::default()
            },
        )
        .expect_err("refused");
    assert!(matches!(e, BookError::CashShort { .. }), "{e:?}");
    assert_eq!(book.closed_through().expect("closed"), None);
    // The balances every day are still zero or above; the book is whole.
    assert!(daily_balances(&book).iter().all(|(_, _, b)| *b >= 0));
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn check_names_a_day_below_zero() {
    // A book written by an older ayni (or by hand) can hold a negative day:
    // `check` names the account and the day.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    drop(new_book(dir.path()));
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let e = ayni::domain::entry::Entry::seal(
            draft(
                "2026-03-04",
                "Pago sin fondos",
                vec![
                    Posting::debit("4507", m(2_500)),
                    Posting::credit("1101", m(2_500)),
                ],
            ),
            1,
            0,
            [0; 32],
        );
        tx.put_entry(&e).expect("put");
        tx.meta_put("next_entry_id", &2u64).expect("meta");
        tx.meta_put("chain_head", &e.hash).expect("meta");
        tx.commit().expect("commit");
    }
    let book = Book::open_read_only(&path).expect("open");
    let report = book.check().expect("check");
    let p = report.first_problem().expect("a problem");
    assert_eq!(p.name, "cash");
    assert!(
        matches!(&p.finding, ayni::books::check::Finding::CashNegative { account, balance, .. }
            if account == "1101" && balance.cents() == -2500),
        "{p:?}"
    );
    let (es, en) = (p.detail(Lang::Es), p.detail(Lang::En));
    assert!(es.contains("1101") && es.contains("04/03/2026"), "{es}");
    assert!(en.contains("-25.00"), "{en}");
}

/// Point 9: two entries of 593,991,234,567 (a phone number pasted into an
/// amount) made the book unreadable. The second is refused before it commits;
/// the book is read, reversed and checked as before.
#[test]
fn totals_the_book_cannot_hold_are_refused_before_commit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    let huge = Money::parse("593991234567").expect("parses");
    let donation = || {
        draft(
            "2026-03-05",
            "Donación",
            vec![Posting::debit("1101", huge), Posting::credit("3402", huge)],
        )
    };
    let first = book.post(donation()).expect("the first fits");
    let before = snapshot(&book);
    let e = book.post(donation()).expect_err("the second would not fit");
    assert!(
        matches!(&e, BookError::TotalTooLarge { account, .. } if account == "1101"),
        "{e:?}"
    );
    assert!(e.message(Lang::Es).contains("999.999.999.999,99"));
    assert!(e.message(Lang::En).contains("999,999,999,999.99"));
    assert_eq!(snapshot(&book), before);
    // Everything still reads.
    book.trial_balance(mo(2026, 3)).expect("trial balance");
    book.dashboard().expect("dashboard");
    // The mistake is undone by its reversal, and the book is whole.
    book.reverse(first.id, None, None).expect("reversed");
    assert_eq!(
        book.balance_of("1101", mo(2026, 3)).expect("read"),
        Money::ZERO
    );
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    // An entry whose own total is beyond the largest amount is refused by its constructor.
    let max = Money::from_cents(MAX_CENTS);
    let e = EntryDraft::new(
        d("2026-03-05"),
        "Dos líneas enormes",
        "",
        EntryKind::Manual,
        vec![
            Posting::debit("1101", max),
            Posting::debit("1103", max),
            Posting::credit("3402", max),
            Posting::credit("3402", max),
        ],
    )
    .expect_err("refused");
    assert_eq!(e, EntryError::Overflow);
    assert!(e.message(Lang::Es).contains("999.999.999.999,99"));
}

#[test]
fn the_interface_asks_about_amounts_far_beyond_the_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    // A new book: assets 0, the question comes above 100,000.00.
    assert_eq!(
        book.outsized_limit().expect("limit"),
        (Money::ZERO, m(10_000_000))
    );
    receipt(&mut book, "2026-03-02", "1101", 500_000);
    receipt(&mut book, "2026-03-02", "1103", 1_000_000);
    // Assets 15,000.00: above 1,500,000.00.
    assert_eq!(
        book.outsized_limit().expect("limit"),
        (m(1_500_000), m(150_000_000))
    );
}

/// An older book (schema 2) gets the new totals built from its journal on
/// open, and the rule holds on it at once.
#[test]
fn a_schema_2_book_gets_its_cash_days_on_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    {
        let mut book = new_book(dir.path());
        receipt(&mut book, "2026-03-01", "1101", 10_000);
        payment(&mut book, "2026-03-10", "1101", 8_000).expect("paid");
    }
    {
        let db = redb::Database::open(&path).expect("db");
        let tx = db.begin_write().expect("tx");
        tx.delete_table(tables::ACCOUNT_TOTALS).expect("delete");
        tx.delete_table(tables::CASH_DAY_TOTALS).expect("delete");
        {
            let mut t = tx.open_table(tables::META).expect("meta");
            let v = postcard::to_allocvec(&2u32).expect("encode");
            t.insert("schema_version", v.as_slice()).expect("insert");
        }
        tx.commit().expect("commit");
    }
    drop(Book::open(&path).expect("migrated"));
    let version: Option<u32> = Store::open(&path, Mode::ReadOnly)
        .expect("store")
        .read()
        .expect("tx")
        .meta_get("schema_version")
        .expect("meta");
    assert_eq!(version, Some(SCHEMA_VERSION));
    let mut book = Book::open(&path).expect("open");
    book.set_clock(at("2026-03-20 10:00:00"));
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    let e = payment(&mut book, "2026-03-05", "1101", 5_000).expect_err("refused");
    assert!(
        matches!(&e, BookError::CashShort { short_on, available, .. } if *short_on == d("2026-03-10") && *available == m(2_000)),
        "{e:?}"
    );
}

/// One step of the property: money in or out of a cash or bank account on a day of March.
#[derive(Clone, Debug)]
enum Step {
    In {
        account: usize,
        day: u32,
        cents: i64,
    },
    Out {
        account: usize,
        day: u32,
        cents: i64,
    },
    Transfer {
        from: usize,
        day: u32,
        cents: i64,
    },
}

const ACCOUNTS: [&str; 3] = ["1101", "110301", "110302"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0..3usize, 1..=20u32, 1..50_000i64).prop_map(|(account, day, cents)| Step::In { account, day, cents }),
        3 => (0..3usize, 1..=20u32, 1..50_000i64).prop_map(|(account, day, cents)| Step::Out { account, day, cents }),
        1 => (0..3usize, 1..=20u32, 1..50_000i64).prop_map(|(from, day, cents)| Step::Transfer { from, day, cents }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random dated receipts, payments and transfers (many backdated): after
    /// each accepted one every cash and bank account's balance is zero or
    /// above at the end of every day; a refused one changes nothing and is
    /// refused only when it would have made some day negative.
    #[test]
    fn cash_is_never_negative(steps in prop::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut book = new_book(dir.path());
        book.add_sub_account("1103", "110301", "Banco del Austro").expect("sub-account");
        book.add_sub_account("1103", "110302", "Cooperativa Atuntaqui").expect("sub-account");
        for s in steps {
            let (date, lines) = match s {
                Step::In { account, day, cents } => (day, vec![
                    Posting::debit(ACCOUNTS[account], m(cents)),
                    Posting::credit("5690", m(cents)),
                ]),
                Step::Out { account, day, cents } => (day, vec![
                    Posting::debit("4507", m(cents)),
                    Posting::credit(ACCOUNTS[account], m(cents)),
                ]),
                Step::Transfer { from, day, cents } => (day, vec![
                    Posting::debit(ACCOUNTS[(from + 1) % 3], m(cents)),
                    Posting::credit(ACCOUNTS[from], m(cents)),
                ]),
            };
            let date = NaiveDate::from_ymd_opt(2026, 3, date).expect("date");
            let d = EntryDraft::new(date, "Movimiento", "", EntryKind::Manual, lines.clone()).expect("draft");
            let before = snapshot(&book);
            let days_before = daily_balances(&book);
            match book.post(d) {
                Ok(_) => {
                    for (code, day, b) in daily_balances(&book) {
                        prop_assert!(b >= 0, "{code} at {b} on {day}");
                    }
                }
                Err(BookError::CashShort { account, available, out, .. }) => {
                    prop_assert_eq!(snapshot(&book), before);
                    // It really would have gone below zero: the lowest
                    // end-of-day balance of that account from the date on
                    // (the date's own, then each later day's) is less than what goes out.
                    let mine: Vec<(NaiveDate, i64)> = days_before
                        .iter()
                        .filter(|(c, _, _)| *c == account)
                        .map(|(_, day, b)| (*day, *b))
                        .collect();
                    let on_date = mine.iter().rev().find(|(day, _)| *day <= date).map(|x| x.1).unwrap_or(0);
                    let room = mine
                        .iter()
                        .filter(|(day, _)| *day > date)
                        .map(|x| x.1)
                        .fold(on_date, i64::min);
                    prop_assert_eq!(available, m(room.max(0)));
                    prop_assert!(out.cents() > room);
                    let out_lines: i64 = lines
                        .iter()
                        .filter(|p| p.account == account)
                        .map(|p| if p.side == Side::Credit { p.amount.cents() } else { -p.amount.cents() })
                        .sum();
                    prop_assert_eq!(out.cents(), out_lines);
                }
                Err(e) => prop_assert!(false, "unexpected refusal: {e:?}"),
            }
        }
        let report = book.check().expect("check");
        prop_assert!(report.ok(), "{:?}", report.first_problem());
        prop_assert!(book.today().day() == 20);
    }
}

#[test]
fn practice_books_never_spend_cash_they_do_not_have() {
    use ayni::training::practice::DemoOptions;
    let dir = tempfile::tempdir().expect("tempdir");
    let clock: Clock = at("2026-11-18 10:30:00");
    let path = dir.path().join("demo.ayni");
    ayni::training::practice::create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 60,
            months: 14,
            seed: 7,
            force: false,
        },
        clock,
    )
    .expect("demo");
    let book = Book::open_read_only(&path).expect("open");
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    assert!(report.items.iter().any(|i| i.name == "cash" && i.ok));
}

/// The dashboard's month figures come from the books (issue 16, point 5):
/// cash, the members' deposits (21) as a positive figure, and the gross loan
/// portfolio (14 leaving out its provisions, 1499: a provision does not
/// lower it), at the end of the month asked for.
#[test]
fn month_position_reads_cash_savings_and_the_gross_portfolio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(dir.path());
    let socia = member(&mut book, 1);
    let with_member = |p: Posting| Posting {
        member: Some(socia),
        ..p
    };
    receipt(&mut book, "2026-02-03", "1101", 50_000);
    book.post(draft(
        "2026-02-10",
        "Depósito de ahorro",
        vec![
            Posting::debit("1101", m(30_000)),
            with_member(Posting::credit("2101", m(30_000))),
        ],
    ))
    .expect("deposit");
    let (product, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::French,
            rate: Decimal::from(18),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member: socia,
            product: product.id,
            amount: m(20_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: None,
            approval: "Acta 3".into(),
            date: d("2026-03-05"),
        })
        .expect("apply");
    book.disburse_loan(loan.id, d("2026-03-05"), "1101")
        .expect("disburse");
    book.post(draft(
        "2026-03-15",
        "Provisión",
        vec![
            Posting::debit("4402", m(1_000)),
            Posting::credit("1499", m(1_000)),
        ],
    ))
    .expect("provision");
    let feb = book.month_position(mo(2026, 2)).expect("february");
    assert_eq!(
        (feb.cash, feb.savings, feb.portfolio),
        (m(80_000), m(30_000), m(0))
    );
    let mar = book.month_position(mo(2026, 3)).expect("march");
    assert_eq!(
        (mar.cash, mar.savings, mar.portfolio),
        (m(60_000), m(30_000), m(20_000))
    );
}
