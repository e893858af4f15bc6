//! The counter: one visit pays dues, a loan installment and a savings
//! deposit under one receipt number, in one transaction; voiding reverses
//! it whole; a refused part writes nothing.

use ayni::books::dues::ChargeTypeInput;
use ayni::books::loans::LoanApplication;
use ayni::books::visit::VisitError;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::dues::ChargeKind;
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, Method};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::domain::visit::Split;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}
fn m(c: i64) -> Money {
    Money::from_cents(c)
}

/// A caja with two members owing September–November dues (3.00 + 5.00 a
/// month), member 1 with a loan of 600.00 over 6 months from 1 September
/// (two installments due by the 20 November clock).
fn setup(dir: &tempfile::TempDir) -> (Book, Vec<u32>, u32) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids: Vec<u32> = (0..2)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(17, 7_100_000 + i),
                first_names: format!("Socia {i}"),
                last_names: "Quishpe".into(),
                gender: "F".into(),
                join_date: "2026-01-15".into(),
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    for (name, kind, cents) in [
        ("Cuota mensual", ChargeKind::MonthlyDues, 300),
        ("Aporte de capital", ChargeKind::Contribution, 500),
    ] {
        book.add_charge_type(&ChargeTypeInput {
            name: name.into(),
            kind,
            frequency: None,
            account: None,
            start_month: Month::new(2026, 9).expect("month"),
            amount: m(cents),
            approval: String::new(),
            members: None,
        })
        .expect("charge type");
    }
    book.post(
        ayni::domain::entry::EntryDraft::new(
            d("2026-08-02"),
            "Donación para el fondo de crédito",
            "",
            ayni::domain::entry::EntryKind::Manual,
            vec![
                ayni::domain::entry::Posting::debit("1101", m(500_000)),
                ayni::domain::entry::Posting::credit("3402", m(500_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("donation");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::French,
            rate: Decimal::from(15),
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
            member: ids[0],
            product: p.id,
            amount: m(60_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: Some(ids[1]),
            approval: "Acta 2".into(),
            date: d("2026-09-01"),
        })
        .expect("applied");
    book.disburse_loan(loan.id, d("2026-09-01"), "1101")
        .expect("disbursed");
    (book, ids, loan.id)
}

fn cash(book: &Book) -> Money {
    book.balance_of("1101", Month::new(2026, 11).expect("month"))
        .expect("cash")
}

fn assert_whole(book: &Book) {
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn one_visit_pays_dues_then_the_installment_then_savings_under_one_receipt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, loan) = setup(&dir);
    let day = d("2026-11-14");
    let f = book.visit_figures(ids[0], day).expect("figures");
    // Three months of 3.00 + 5.00.
    assert_eq!(f.dues_owed, m(2_400));
    let due = f.loan.as_ref().expect("loan").due_now;
    assert!(due.is_positive(), "two installments are due");
    assert_eq!(f.suggested(), m(2_400) + due);
    let given = f.suggested() + m(1_000);
    let split = f.split(given);
    assert_eq!(
        (split.dues, split.loan, split.savings),
        (m(2_400), due, m(1_000))
    );
    let payoff_before = book.payoff_amount(loan, day).expect("payoff");
    let cash_before = cash(&book);
    let plan = book.visit_plan(ids[0], day, "1101", split).expect("plan");
    let number = plan.number;
    let v = book.commit_visit(&plan).expect("visit");
    assert_eq!(v.number, number);
    assert_eq!(v.total, given);
    assert_eq!(v.entries().len(), 3);
    // The dues receipt has the visit's number; the next visit the next one.
    let r = book.receipt(number).expect("read").expect("dues receipt");
    assert_eq!(r.total, m(2_400));
    assert_eq!(cash(&book), cash_before + given);
    assert_eq!(
        book.payoff_amount(loan, day).expect("payoff"),
        payoff_before - due,
        "paying X lowers the payoff by exactly X"
    );
    let after = book.visit_figures(ids[0], day).expect("figures");
    assert_eq!(after.dues_owed, Money::ZERO);
    assert_eq!(after.savings, m(1_000));
    assert_eq!(after.loan.as_ref().expect("loan").due_now, Money::ZERO);
    assert_eq!(v.after.dues_owed, Money::ZERO);
    assert_eq!(v.after.savings, m(1_000));
    assert_eq!(
        v.after.loan_balance,
        Some(after.loan.expect("loan").balance)
    );
    assert_eq!(book.visits_of_day(day).expect("day"), vec![v.clone()]);
    assert_eq!(book.visit(number).expect("read"), Some(v));
    assert_whole(&book);
}

#[test]
fn a_visit_with_no_dues_still_takes_the_next_receipt_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, _) = setup(&dir);
    let day = d("2026-11-20");
    let split = Split {
        dues: Money::ZERO,
        loan: Money::ZERO,
        savings: m(2_000),
    };
    let a = book
        .commit_visit(&book.visit_plan(ids[1], day, "1101", split).expect("plan"))
        .expect("visit");
    let b = book
        .commit_visit(&book.visit_plan(ids[1], day, "1101", split).expect("plan"))
        .expect("visit");
    assert_eq!(b.number, a.number + 1);
    assert!(a.dues.is_none() && a.loan.is_none());
    // A dues payment after them takes the number after theirs.
    let r = book
        .pay_dues(ids[1], m(300), day, "1101", None)
        .expect("dues");
    assert_eq!(r.number, b.number + 1);
    assert_whole(&book);
}

#[test]
fn a_refused_part_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, ids, loan) = setup(&dir);
    let day = d("2026-11-14");
    let before = book.check().expect("check");
    let cash_before = cash(&book);
    // More than pays the loan off.
    let too_much = book.payoff_amount(loan, day).expect("payoff") + m(100);
    let split = Split {
        dues: m(2_400),
        loan: too_much,
        savings: m(500),
    };
    assert!(book.visit_plan(ids[0], day, "1101", split).is_err());
    // The member without a loan cannot pay one.
    let split = Split {
        dues: Money::ZERO,
        loan: m(100),
        savings: Money::ZERO,
    };
    assert!(matches!(
        book.visit_plan(ids[1], day, "1101", split),
        Err(BookError::Visit(VisitError::NoLoan))
    ));
    assert!(matches!(
        book.visit_plan(ids[1], day, "1101", Split::default()),
        Err(BookError::Visit(VisitError::Nothing))
    ));
    // A closed-month date or an unknown account is refused the same way.
    assert!(
        book.visit_plan(
            ids[0],
            day,
            "9999",
            Split::default_for(m(100), m(100), Money::ZERO)
        )
        .is_err()
    );
    assert_eq!(cash(&book), cash_before);
    assert_eq!(book.check().expect("check").ok(), before.ok());
    assert!(book.visits_of_day(day).expect("day").is_empty());
}

#[test]
fn voiding_a_visit_reverses_every_part_dated_today_and_a_journal_reversal_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, loan) = setup(&dir);
    let day = d("2026-11-14");
    let f = book.visit_figures(ids[0], day).expect("figures");
    let payoff_before = book.payoff_amount(loan, day).expect("payoff");
    let cash_before = cash(&book);
    let v = book
        .commit_visit(
            &book
                .visit_plan(ids[0], day, "1101", f.split(f.suggested() + m(700)))
                .expect("plan"),
        )
        .expect("visit");
    let loan_entry = v.loan.as_ref().expect("loan part").entry;
    assert!(matches!(
        book.reverse(loan_entry, None, None),
        Err(BookError::Visit(VisitError::PartOfReceipt { .. }))
    ));
    assert!(matches!(
        book.void_receipt(v.number, "   "),
        Err(BookError::Visit(VisitError::ReasonRequired))
    ));
    let reversals = book
        .void_receipt(v.number, "Error de digitación")
        .expect("void");
    assert_eq!(reversals.len(), 3);
    for r in &reversals {
        let e = book.entry(*r).expect("read").expect("entry");
        assert_eq!(e.date, d("2026-11-20"), "a void is dated today");
        assert!(e.description.contains("Error de digitación"));
    }
    assert_eq!(cash(&book), cash_before);
    assert_eq!(
        book.payoff_amount(loan, day).expect("payoff"),
        payoff_before
    );
    let after = book.visit_figures(ids[0], day).expect("figures");
    assert_eq!(after.dues_owed, f.dues_owed);
    assert_eq!(after.savings, Money::ZERO);
    let stored = book.visit(v.number).expect("read").expect("visit");
    assert_eq!(
        stored.voided.as_ref().expect("void").reason,
        "Error de digitación"
    );
    assert!(matches!(
        book.void_receipt(v.number, "otra vez"),
        Err(BookError::Visit(VisitError::AlreadyVoid(_)))
    ));
    assert_whole(&book);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    /// Whatever is handed over, the default split posts balanced entries,
    /// cash rises by exactly the amount, and the books stay whole.
    #[test]
    fn any_amount_handed_over_keeps_the_books_whole(cents in 1i64..200_000) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids, _) = setup(&dir);
        let day = d("2026-11-14");
        let f = book.visit_figures(ids[0], day).expect("figures");
        let split = f.split(m(cents));
        prop_assert_eq!(split.total(), m(cents));
        let cash_before = cash(&book);
        match book.visit_plan(ids[0], day, "1101", split) {
            Ok(plan) => {
                book.commit_visit(&plan).expect("visit");
                prop_assert_eq!(cash(&book), cash_before + m(cents));
            }
            // Refused whole (a prepayment between principal and payoff):
            // nothing moved.
            Err(_) => prop_assert_eq!(cash(&book), cash_before),
        }
        let report = book.check().expect("check");
        prop_assert!(report.ok(), "{:?}", report.first_problem());
    }
}
