//! Loans: hand-computed allocation, late interest, prepayment, payoff,
//! guarantee, reclassification, write-off, arrears; the portfolio reconciles.

use ayni::books::loans::{LoanApplication, LoanOpError};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, LoanStatus, Method, Prepay, schedule};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use chrono::{NaiveDate, NaiveDateTime};
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
fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

fn setup(
    dir: &tempfile::TempDir,
    method: Method,
    rate: i64,
    guarantee: i64,
) -> (Book, Vec<u32>, u32) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids: Vec<u32> = (0..3)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(18, 8_000_000 + i),
                first_names: format!("Socio {i}"),
                last_names: "Pilataxi".into(),
                gender: "M".into(),
                join_date: "2025-01-15".into(),
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    // Cash to lend and savings for the guarantees.
    book.deposit(ids[0], None, m(50_000), d("2026-01-02"), "1101")
        .expect("savings");
    book.deposit(ids[1], None, m(50_000), d("2026-01-02"), "1101")
        .expect("savings");
    // Cash never goes below zero: a donation the loans are lent from.
    book.post(
        ayni::domain::entry::EntryDraft::new(
            d("2026-01-02"),
            "Donación para el fondo de crédito",
            "",
            ayni::domain::entry::EntryKind::Manual,
            vec![
                ayni::domain::entry::Posting::debit("1101", m(1_000_000)),
                ayni::domain::entry::Posting::credit("3402", m(1_000_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("donation");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method,
            rate: dec(rate),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: dec(guarantee),
            max_savings_multiple: Some(dec(5)),
            rate_cap: Some(Decimal::new(2850, 2)),
        })
        .expect("product");
    (book, ids, p.id)
}

fn lend(book: &mut Book, member: u32, product: u32, cents: i64, months: u32, date: &str) -> u32 {
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member,
            product,
            amount: m(cents),
            months,
            rate: None,
            purpose: "Compra de semillas".into(),
            guarantor: Some(if member == 1 { 2 } else { 1 }),
            approval: "Acta 4 del comité de crédito".into(),
            date: d(date),
        })
        .expect("applied");
    book.disburse_loan(loan.id, d(date), "1101")
        .expect("disbursed");
    loan.id
}

fn assert_whole(book: &Book) {
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn late_interest_first_then_interest_then_principal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::German, 12, 0);
    // 1200 at 12%, German, 3 months from 1 June: installment 1 = 400 + 12.00 due 1 July.
    let id = lend(&mut book, ids[0], p, 120_000, 3, "2026-06-01");
    // Paid 30 days late: late interest = 400 x 13.2% x 30/360 = 4.40.
    let (alloc, _) = book
        .plan_loan_payment(id, m(10_000), d("2026-07-31"))
        .expect("plan");
    assert_eq!(
        (alloc.late, alloc.interest, alloc.principal, alloc.extra),
        (m(440), m(1_200), m(8_360), Money::ZERO)
    );
    let (entry, loan) = book
        .pay_loan(id, m(10_000), d("2026-07-31"), "1101", Prepay::ShortenTerm)
        .expect("paid");
    let credits: Vec<(String, Money)> = entry
        .postings
        .iter()
        .filter(|p| p.side == ayni::domain::entry::Side::Credit)
        .map(|p| (p.account.clone(), p.amount))
        .collect();
    assert_eq!(
        credits,
        vec![
            ("1404".into(), m(8_360)),
            ("5104".into(), m(1_200)),
            ("5190".into(), m(440))
        ]
    );
    assert_eq!(loan.outstanding(), m(120_000 - 8_360));
    assert_eq!(loan.days_past_due(d("2026-08-01")), 31);
    assert_whole(&book);
}

#[test]
fn prepayment_shortens_the_term_or_lowers_the_installment() {
    for how in [Prepay::ShortenTerm, Prepay::LowerInstallment] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids, p) = setup(&dir, Method::French, 15, 0);
        // The example: 1000 at 15% for 12 months from 15 January.
        let id = lend(&mut book, ids[0], p, 100_000, 12, "2026-01-15");
        // Installment 1 (90.26) and 200.00 more on its due date.
        let (_, loan) = book
            .pay_loan(id, m(29_026), d("2026-02-15"), "1101", how)
            .expect("paid");
        assert_eq!(loan.outstanding(), m(72_224));
        let future: Vec<_> = loan
            .installments
            .iter()
            .filter(|i| i.inst.due > d("2026-02-15"))
            .collect();
        assert_eq!(future.last().map(|i| i.inst.balance), Some(Money::ZERO));
        assert_eq!(
            future.iter().map(|i| i.inst.principal).sum::<Money>(),
            m(72_224)
        );
        match how {
            Prepay::ShortenTerm => {
                assert!(future.len() < 11, "{} installments left", future.len());
                assert!(
                    future[..future.len() - 1]
                        .iter()
                        .all(|i| i.inst.payment == m(9_026))
                );
            }
            Prepay::LowerInstallment => {
                assert_eq!(future.len(), 11);
                let expected = schedule(Method::French, m(72_224), dec(15), 11, d("2026-02-15"))
                    .expect("schedule");
                assert_eq!(future[0].inst.payment, expected.installments[0].payment);
                assert!(future[0].inst.payment < m(9_026));
            }
        }
        assert_whole(&book);
    }
}

#[test]
fn early_payoff_charges_interest_only_to_that_day_and_releases_the_guarantee() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::German, 12, 10);
    // 1000 at 12%, German, 10 months from 10 January; 10% guarantee = 100.00 blocked.
    let id = lend(&mut book, ids[0], p, 100_000, 10, "2026-01-10");
    let acc = book.member_savings(ids[0]).expect("savings")[0]
        .account
        .clone();
    assert_eq!(acc.blocked, m(10_000));
    book.pay_loan(id, m(11_000), d("2026-02-10"), "1101", Prepay::ShortenTerm)
        .expect("inst 1: 100 + 10.00");
    book.pay_loan(id, m(10_900), d("2026-03-10"), "1101", Prepay::ShortenTerm)
        .expect("inst 2: 100 + 9.00");
    // On 25 March: 800 outstanding, 15 days of interest: 800 x 1% x 15/30 = 4.00.
    assert_eq!(
        book.payoff_amount(id, d("2026-03-25")).expect("payoff"),
        m(80_400)
    );
    let e = book
        .pay_loan(id, m(80_500), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect_err("too much");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::AbovePayoff { .. })
    ));
    let (_, loan) = book
        .pay_loan(id, m(80_400), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect("paid off");
    assert_eq!(loan.status, LoanStatus::PaidOff(d("2026-03-25")));
    assert_eq!(loan.outstanding(), Money::ZERO);
    assert_eq!(
        book.member_savings(ids[0]).expect("savings")[0]
            .account
            .blocked,
        Money::ZERO
    );
    assert_eq!(
        book.balance_of("5104", Month::new(2026, 3).expect("m"))
            .expect("interest"),
        m(-(1_000 + 900 + 400))
    );
    assert_whole(&book);
}

#[test]
fn bad_applications_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 18, 10);
    let base = LoanApplication {
        member: ids[0],
        product: p,
        amount: m(100_000),
        months: 12,
        rate: None,
        purpose: "Negocio".into(),
        guarantor: Some(ids[1]),
        approval: "Acta 1".into(),
        date: d("2026-11-02"),
    };
    let err = |a: LoanApplication, book: &mut Book| book.apply_loan(&a).expect_err("refused");
    assert!(matches!(
        err(
            LoanApplication {
                guarantor: Some(ids[0]),
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::BadGuarantor)
    ));
    assert!(matches!(
        err(
            LoanApplication {
                amount: m(0),
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::Schedule(_))
    ));
    assert!(matches!(
        err(
            LoanApplication {
                months: 0,
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::Schedule(_))
    ));
    assert!(matches!(
        err(
            LoanApplication {
                months: 36,
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::AboveMaxTerm(24))
    ));
    assert!(matches!(
        err(
            LoanApplication {
                amount: m(600_000),
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::AboveMaxAmount(_))
    ));
    // 5 x savings of 500 = 2,500 at most.
    assert!(matches!(
        err(
            LoanApplication {
                amount: m(300_000),
                ..base.clone()
            },
            &mut book
        ),
        BookError::Loan(LoanOpError::AboveSavingsMultiple { .. })
    ));
    // The rate cap warns (18% is under the 28.50% cap: no warning).
    let (_, warning) = book
        .apply_loan(&LoanApplication {
            amount: m(1_000),
            ..base.clone()
        })
        .expect("applied");
    assert!(warning.is_none());
    let before = book.entry_count(None).expect("count");
    let (l3, _) = book
        .apply_loan(&LoanApplication {
            member: ids[1],
            amount: m(250_000),
            guarantor: Some(ids[0]),
            ..base.clone()
        })
        .expect("applied");
    book.withdraw(
        book.member_savings(ids[1]).expect("s")[0].account.id,
        m(40_000),
        d("2026-11-02"),
        "1101",
    )
    .expect("withdraw");
    let e = book
        .disburse_loan(l3.id, d("2026-11-03"), "1101")
        .expect_err("guarantee short");
    assert!(
        matches!(e, BookError::Loan(LoanOpError::GuaranteeShort { .. })),
        "{e:?}"
    );
    assert_eq!(
        book.entry_count(None).expect("count"),
        before + 1,
        "only the withdrawal was posted"
    );
    assert_eq!(book.loan(l3.id).expect("loan").status, LoanStatus::Applied);
}

#[test]
fn arrears_buckets_par30_reclassification_and_write_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::German, 12, 10);
    let on_time = lend(&mut book, ids[0], p, 60_000, 6, "2026-10-05");
    let late = lend(&mut book, ids[1], p, 120_000, 12, "2026-06-01");
    // The late loan's first installment fell due on 1 July; nothing paid.
    let a = book.loan_arrears(d("2026-11-20")).expect("arrears");
    assert_eq!(a.outstanding, m(180_000));
    // 1 July -> 20 November is 142 days: the 91-180 bucket.
    assert_eq!(a.buckets[3], m(120_000));
    assert_eq!(a.at_risk_30, m(120_000));
    assert_eq!(a.par30, Decimal::new(6667, 2));
    // The younger loan's first installment (5 Nov) is 15 days late: both
    // loans are in a bucket, none current.
    assert_eq!((a.active_loans, a.loans_current), (2, 0));
    assert_eq!((a.loans_in_bucket[0], a.loans_in_bucket[3]), (1, 1));
    let _ = on_time;
    // Month-end reclassification of principal more than 30 days late (Jul, Aug, Sep at 31 Oct).
    let e = book
        .reclassify_overdue(Month::new(2026, 10).expect("m"), 30)
        .expect("reclassified")
        .expect("an entry");
    assert_eq!(e.total(), m(30_000));
    assert_eq!(
        book.balance_of("1452", Month::new(2026, 11).expect("m"))
            .expect("1452"),
        m(30_000)
    );
    // Running it again moves nothing new.
    assert!(
        book.reclassify_overdue(Month::new(2026, 10).expect("m"), 30)
            .expect("again")
            .is_none()
    );
    // A payment takes overdue principal out of 1452 first.
    let (entry, _) = book
        .pay_loan(
            late,
            m(20_000),
            d("2026-11-20"),
            "1101",
            Prepay::ShortenTerm,
        )
        .expect("paid");
    assert!(entry.postings.iter().any(|p| p.account == "1452"));
    assert_whole(&book);
    // Write-off: the 120.00 guarantee is applied, the rest goes to expense.
    let outstanding = book.loan(late).expect("loan").outstanding();
    let e = book
        .write_off_loan(late, d("2026-11-20"), "")
        .expect_err("approval needed");
    assert!(matches!(e, BookError::Loan(LoanOpError::ApprovalRequired)));
    book.write_off_loan(late, d("2026-11-20"), "Acta 9 de asamblea")
        .expect("written off");
    assert_eq!(
        book.balance_of("4402", Month::new(2026, 11).expect("m"))
            .expect("expense"),
        outstanding - m(12_000)
    );
    assert_eq!(
        book.loan(late).expect("loan").status,
        LoanStatus::WrittenOff(d("2026-11-20"))
    );
    assert_whole(&book);
}

#[test]
fn only_the_latest_payment_reverses_and_manual_portfolio_entries_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 15, 0);
    let id = lend(&mut book, ids[0], p, 100_000, 12, "2026-01-15");
    let (e1, _) = book
        .pay_loan(id, m(9_026), d("2026-02-15"), "1101", Prepay::ShortenTerm)
        .expect("paid");
    let (e2, _) = book
        .pay_loan(id, m(9_026), d("2026-03-15"), "1101", Prepay::ShortenTerm)
        .expect("paid");
    let err = book.reverse(e1.id, None, None).expect_err("not the latest");
    assert!(matches!(err, BookError::Loan(LoanOpError::NotReversible)));
    let before = book.loan(id).expect("loan");
    book.reverse(e2.id, None, None).expect("latest reversed");
    let after = book.loan(id).expect("loan");
    assert!(after.outstanding() > before.outstanding());
    assert_whole(&book);
    let lines = vec![
        ayni::domain::entry::Posting::debit("1404", m(100)).for_member(ids[0]),
        ayni::domain::entry::Posting::credit("1101", m(100)),
    ];
    let draft = ayni::domain::entry::EntryDraft::new(
        d("2026-11-02"),
        "x",
        "",
        ayni::domain::entry::EntryKind::Manual,
        lines,
    )
    .expect("draft");
    assert!(matches!(
        book.post(draft),
        Err(BookError::Loan(LoanOpError::PortfolioManual(_)))
    ));
}

#[test]
fn a_long_approval_still_disburses_and_a_write_off_keeps_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 15, 0);
    // 60 characters: more than an entry's reference holds (40).
    let long = "Acta 12 del comité de crédito, sesión ordinaria de noviembre";
    assert!(long.chars().count() > 40);
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member: ids[0],
            product: p,
            amount: m(50_000),
            months: 6,
            rate: None,
            purpose: "Animales".into(),
            guarantor: Some(ids[1]),
            approval: long.into(),
            date: d("2026-03-02"),
        })
        .expect("applied");
    assert_eq!(loan.approval, long.chars().take(40).collect::<String>());
    book.disburse_loan(loan.id, d("2026-03-02"), "1101")
        .expect("a long approval does not stop the disbursement");
    let e = book
        .write_off_loan_because(
            loan.id,
            d("2026-11-20"),
            long,
            "  Socio   fallecido sin herederos ",
        )
        .expect("written off");
    assert_eq!(
        e.description,
        format!(
            "Castigo del préstamo {}: Socio fallecido sin herederos",
            loan.id
        )
    );
    assert_eq!(e.reference, long.chars().take(40).collect::<String>());
    assert_eq!(
        book.loan(loan.id).expect("loan").write_off_approval,
        e.reference
    );
    assert_whole(&book);
}

#[test]
fn a_payment_past_the_principal_but_short_of_the_payoff_is_refused_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::German, 12, 10);
    let id = lend(&mut book, ids[0], p, 100_000, 10, "2026-01-10");
    book.pay_loan(id, m(11_000), d("2026-02-10"), "1101", Prepay::ShortenTerm)
        .expect("inst 1");
    book.pay_loan(id, m(10_900), d("2026-03-10"), "1101", Prepay::ShortenTerm)
        .expect("inst 2");
    // 800 outstanding, payoff 804.00 on 25 March: 802.00 is more than the
    // principal and less than the payoff (it used to post an unbalanced entry).
    let entries = book.entry_count(None).expect("count");
    let before = book.loan(id).expect("loan");
    let e = book
        .pay_loan(id, m(80_200), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect_err("between principal and payoff");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::BetweenPrincipalAndPayoff { max, payoff })
            if max == m(80_000) && payoff == m(80_400)
    ));
    assert!(
        e.message(ayni::i18n::Lang::Es).contains("804,00")
            && e.message(ayni::i18n::Lang::Es).contains("800,00"),
        "{}",
        e.message(ayni::i18n::Lang::Es)
    );
    assert!(
        e.message(ayni::i18n::Lang::En).contains("804.00"),
        "{}",
        e.message(ayni::i18n::Lang::En)
    );
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(book.loan(id).expect("loan"), before);
    // The largest prepayment it names is accepted and balances.
    book.pay_loan(id, m(80_000), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect("prepayment of all the principal");
    assert!(book.check().expect("check").ok());
}

#[test]
fn an_application_is_checked_without_being_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 18, 10);
    let base = LoanApplication {
        member: ids[0],
        product: p,
        amount: m(100_000),
        months: 12,
        rate: None,
        purpose: "Negocio".into(),
        guarantor: Some(ids[1]),
        approval: "Acta 1".into(),
        date: d("2026-11-02"),
    };
    let loans = |b: &Book| b.loans().expect("loans").len();
    // The same refusals as apply_loan, and nothing is recorded by either.
    for (bad, wanted) in [
        (
            LoanApplication {
                guarantor: Some(ids[0]),
                ..base.clone()
            },
            LoanOpError::BadGuarantor,
        ),
        (
            LoanApplication {
                approval: " ".into(),
                ..base.clone()
            },
            LoanOpError::ApprovalRequired,
        ),
        (
            LoanApplication {
                months: 36,
                ..base.clone()
            },
            LoanOpError::AboveMaxTerm(24),
        ),
        (
            LoanApplication {
                amount: m(600_000),
                ..base.clone()
            },
            LoanOpError::AboveMaxAmount(m(500_000)),
        ),
    ] {
        let checked = book.check_loan_application(&bad).expect_err("refused");
        assert!(
            matches!(&checked, BookError::Loan(e) if *e == wanted),
            "{checked:?}"
        );
        let applied = book.apply_loan(&bad).expect_err("refused");
        assert_eq!(format!("{applied:?}"), format!("{checked:?}"));
        assert_eq!(loans(&book), 0);
    }
    // A good one: the product and no warning (18 % is under the 28.50 % cap), still nothing recorded.
    let (product, warning) = book.check_loan_application(&base).expect("fine");
    assert_eq!((product.id, warning), (p, None));
    assert_eq!(loans(&book), 0);
    // Above the cap: the warning carries the cap.
    let (_, warning) = book
        .check_loan_application(&LoanApplication {
            rate: Some(dec(30)),
            ..base.clone()
        })
        .expect("warns only");
    assert_eq!(warning, Some(Decimal::new(2850, 2)));
    book.apply_loan(&base).expect("applied");
    assert_eq!(loans(&book), 1);
}

#[test]
fn arrears_read_from_active_loans_agree_with_the_portfolio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 12, 10);
    let paid = lend(&mut book, ids[0], p, 30_000, 3, "2026-06-01");
    let late = lend(&mut book, ids[1], p, 60_000, 6, "2026-06-01");
    let payoff = book.payoff_amount(paid, d("2026-06-20")).expect("payoff");
    book.pay_loan(paid, payoff, d("2026-06-20"), "1101", Prepay::ShortenTerm)
        .expect("paid off");
    let date = d("2026-11-20");
    let a = book.loan_arrears(date).expect("arrears");
    let rows = book.loan_portfolio(date).expect("portfolio");
    let active: Vec<_> = rows.iter().filter(|r| r.status == "active").collect();
    assert_eq!(active.len(), 1, "only the late loan is active");
    assert_eq!(active[0].loan, late);
    let outstanding: Money = active.iter().map(|r| r.outstanding).sum();
    assert_eq!(a.outstanding, outstanding);
    assert_eq!(a.outstanding, m(60_000));
    assert_eq!(a.at_risk_30, m(60_000), "nothing paid since July");
    assert_eq!(a.loans_in_bucket.iter().sum::<usize>(), 1);
}

/// Reports of a past day show the loans as they stood then: later payments,
/// a later payoff, a later write-off and later applications are not counted.
#[test]
fn portfolio_and_arrears_of_a_past_day_ignore_later_operations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 12, 10);
    let a = lend(&mut book, ids[0], p, 60_000, 6, "2026-06-01");
    let b = lend(&mut book, ids[1], p, 30_000, 3, "2026-06-01");
    let first = book.loan(a).expect("loan").installments[0].clone();
    assert_eq!(first.inst.due, d("2026-07-01"));
    let due = first.inst.principal + first.inst.interest;
    book.pay_loan(a, due, d("2026-07-01"), "1101", Prepay::ShortenTerm)
        .expect("first installment paid");
    let payoff = book.payoff_amount(b, d("2026-09-10")).expect("payoff");
    book.pay_loan(b, payoff, d("2026-09-10"), "1101", Prepay::ShortenTerm)
        .expect("paid off");
    book.write_off_loan(a, d("2026-11-20"), "Acta 9 de asamblea")
        .expect("written off");
    let (c, _) = book
        .apply_loan(&LoanApplication {
            member: ids[1],
            product: p,
            amount: m(20_000),
            months: 4,
            rate: None,
            purpose: "Compra de semillas".into(),
            guarantor: Some(ids[0]),
            approval: "Acta 10 del comité de crédito".into(),
            date: d("2026-11-20"),
        })
        .expect("applied");

    let row =
        |rows: &[ayni::books::loans::LoanRow], id: u32| rows.iter().find(|r| r.loan == id).cloned();
    // 30 June: both loans whole and current; the later application absent.
    let june = book.loan_portfolio(d("2026-06-30")).expect("portfolio");
    assert_eq!(row(&june, a).expect("a").outstanding, m(60_000));
    assert_eq!(row(&june, a).expect("a").status, "active");
    assert_eq!(row(&june, b).expect("b").outstanding, m(30_000));
    assert!(row(&june, c.id).is_none(), "applied in November");
    let arrears = book.loan_arrears(d("2026-06-30")).expect("arrears");
    assert_eq!(arrears.outstanding, m(90_000));
    assert_eq!((arrears.active_loans, arrears.loans_current), (2, 2));

    // 15 July: the first installment of A paid; B's first one (1 July) not.
    let july = book.loan_portfolio(d("2026-07-15")).expect("portfolio");
    let ra = row(&july, a).expect("a");
    assert_eq!(ra.outstanding, m(60_000) - first.inst.principal);
    assert_eq!(ra.days_past_due, 0);
    assert_eq!(row(&july, b).expect("b").days_past_due, 14);

    // 1 October: B paid off in September; A still active (written off later).
    let oct = book.loan_portfolio(d("2026-10-01")).expect("portfolio");
    assert_eq!(row(&oct, b).expect("b").status, "paid_off");
    assert_eq!(row(&oct, b).expect("b").outstanding, Money::ZERO);
    assert_eq!(row(&oct, a).expect("a").status, "active");
    let arrears = book.loan_arrears(d("2026-10-01")).expect("arrears");
    assert_eq!(arrears.active_loans, 1);
    assert_eq!(arrears.outstanding, m(60_000) - first.inst.principal);
    // 1 Aug -> 1 Oct: 61 days late.
    assert_eq!(arrears.loans_in_bucket[2], 1);

    // Today: A written off, C an application, nothing outstanding.
    let now = book.loan_portfolio(d("2026-11-20")).expect("portfolio");
    assert_eq!(row(&now, a).expect("a").status, "written_off");
    assert_eq!(row(&now, c.id).expect("c").status, "applied");
    assert_eq!(
        book.loan_arrears(d("2026-11-20"))
            .expect("arrears")
            .outstanding,
        Money::ZERO
    );
    assert_whole(&book);
}

/// A book written before write-offs kept the loan's prior state has only the
/// principal written off: reports of an earlier day owe it again from the
/// last installments back, and give the same figures as the kept state.
#[test]
fn a_write_off_of_an_older_book_is_undone_for_a_past_day() {
    use ayni::books::loans::LoanEvent;
    use ayni::store::raw::RawKey;
    use ayni::store::{Mode, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    let (mut book, ids, p) = setup(&dir, Method::French, 12, 10);
    let a = lend(&mut book, ids[0], p, 60_000, 6, "2026-06-01");
    let first = book.loan(a).expect("loan").installments[0].clone();
    book.pay_loan(
        a,
        first.inst.principal + first.inst.interest,
        d("2026-07-01"),
        "1101",
        Prepay::ShortenTerm,
    )
    .expect("paid");
    let entry = book
        .write_off_loan(a, d("2026-11-20"), "Acta 9 de asamblea")
        .expect("written off");
    let kept = book.loan_arrears(d("2026-10-01")).expect("arrears");
    assert_eq!(kept.outstanding, m(60_000) - first.inst.principal);
    let rows = book.loan_portfolio(d("2026-10-01")).expect("portfolio");
    drop(book);
    {
        // The event as an older ayni stored it.
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let legacy = LoanEvent::WrittenOff {
            loan: a,
            principal: m(60_000) - first.inst.principal,
        };
        let bytes = postcard::to_allocvec(&legacy).expect("encode");
        tx.raw_put("loan_events_v1", &RawKey::U64(entry.id), &bytes)
            .expect("put");
        tx.commit().expect("commit");
    }
    let mut book = Book::open(&path).expect("book");
    book.set_clock(clock());
    assert!(matches!(
        book.loan_events(a).expect("events").last(),
        Some((_, LoanEvent::WrittenOff { .. }))
    ));
    assert_eq!(book.loan_arrears(d("2026-10-01")).expect("arrears"), kept);
    assert_eq!(
        book.loan_portfolio(d("2026-10-01")).expect("portfolio"),
        rows
    );
}
