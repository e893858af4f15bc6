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
    // So is 800.00: all the principal without the 4.00 of interest already run
    // (it used to end the loan and lose that interest).
    let entries = book.entry_count(None).expect("count");
    let before = book.loan(id).expect("loan");
    let e = book
        .pay_loan(id, m(80_200), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect_err("between principal and payoff");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::BetweenPrincipalAndPayoff { max, payoff })
            if max == m(79_999) && payoff == m(80_400)
    ));
    let all_principal = book
        .pay_loan(id, m(80_000), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect_err("all the principal, short of the payoff");
    assert!(matches!(
        all_principal,
        BookError::Loan(LoanOpError::BetweenPrincipalAndPayoff { max, payoff })
            if max == m(79_999) && payoff == m(80_400)
    ));
    assert!(
        e.message(ayni::i18n::Lang::Es).contains("804,00")
            && e.message(ayni::i18n::Lang::Es).contains("799,99"),
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
    // The largest prepayment it names is accepted and balances; the interest
    // already run stays owed: the payoff falls by exactly what was paid.
    book.pay_loan(id, m(79_999), d("2026-03-25"), "1101", Prepay::ShortenTerm)
        .expect("prepayment of all the principal but a cent");
    assert_eq!(
        book.payoff_amount(id, d("2026-03-25")).expect("payoff"),
        m(401)
    );
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
    let written_off = book.loan(a).expect("loan");
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
        // And the loan as an older ayni left it: every principal marked paid.
        let mut old = written_off.clone();
        for st in &mut old.installments {
            st.principal_paid = st.inst.principal;
        }
        let bytes = postcard::to_allocvec(&old).expect("encode");
        tx.raw_put("loans_v1", &RawKey::U32(a), &bytes)
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
    // Its statement shows the installments as they stood before the
    // write-off: the first paid, the rest written off, none repaid.
    let shown = book.loan_shown(a).expect("shown");
    assert_eq!(shown.installments, written_off.installments);
    assert_eq!(shown.outstanding(), m(60_000) - first.inst.principal);
}

// ---------------------------------------------------------------------------
// Money is never wrong (interest after a payment, late rate cap, dates of a
// loan, voided disbursements, write-offs).

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str(&format!("{s} 10:00:00"), "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

/// A book "on" `today` with one member, cash to lend and a product.
fn book_on(
    dir: &tempfile::TempDir,
    today: &str,
    method: Method,
    rate: Decimal,
    guarantee: i64,
) -> (Book, u32, u32) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock_at(today)).expect("book");
    let member = book
        .add_member(&MemberInput {
            id_number: make_cedula(18, 8_100_000),
            first_names: "Carmen".into(),
            last_names: "Caiza".into(),
            gender: "F".into(),
            join_date: "2024-01-15".into(),
            ..Default::default()
        })
        .expect("member")
        .id;
    // Savings bring the cash that is lent.
    book.deposit(member, None, m(3_000_000), d("2024-02-01"), "1101")
        .expect("savings");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method,
            rate,
            max_months: 360,
            max_amount: m(5_000_000),
            late_rate: None,
            guarantee_percent: dec(guarantee),
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    (book, member, p.id)
}

fn lend_on(
    book: &mut Book,
    member: u32,
    product: u32,
    cents: i64,
    months: u32,
    date: NaiveDate,
) -> u32 {
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member,
            product,
            amount: m(cents),
            months,
            rate: None,
            purpose: "Capital de trabajo".into(),
            guarantor: None,
            approval: "Acta 3".into(),
            date,
        })
        .expect("applied");
    book.disburse_loan(loan.id, date, "1101")
        .expect("disbursed");
    loan.id
}

/// The installments not yet due on `date` amortise what is owed: their
/// principal is the outstanding principal not yet due, the balances run down
/// to zero, and each installment is its principal plus its interest.
fn assert_amortises(loan: &ayni::domain::loan::Loan, date: NaiveDate) {
    let future: Vec<_> = loan
        .installments
        .iter()
        .filter(|i| i.inst.due > date)
        .collect();
    let owed: Money = future.iter().map(|i| i.principal_due()).sum();
    let mut balance = owed;
    for i in &future {
        assert_eq!(i.inst.payment, i.inst.principal + i.inst.interest, "{i:?}");
        assert!(!i.inst.principal.is_negative() && !i.inst.interest.is_negative());
        balance -= i.inst.principal;
        assert_eq!(i.inst.balance, balance, "{i:?}");
    }
    assert_eq!(balance, Money::ZERO);
    for w in loan.installments.windows(2) {
        assert!(w[0].inst.due < w[1].inst.due && w[0].inst.n + 1 == w[1].inst.n);
    }
}

/// The example (loan 8 of `demo --scenario caja-un-ano` built on
/// 2026-12-01): 800 at 18 % for 12 months from 5 August, three installments
/// paid. On 1 December the payoff is 613.21 + 7.97 accrued (26 days); a
/// prepayment of 313.21 must leave 307.97, and installment 4 then carries
/// 7.97 + 300 x 1.5 % x 4/30 = 8.57 of interest (it carried 12.47).
#[test]
fn a_prepayment_keeps_the_interest_already_run_and_lowers_the_payoff_by_what_was_paid() {
    for how in [Prepay::ShortenTerm, Prepay::LowerInstallment] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, member, p) = book_on(&dir, "2026-12-01", Method::French, dec(18), 0);
        let id = lend_on(&mut book, member, p, 80_000, 12, d("2026-08-05"));
        for due in ["2026-09-05", "2026-10-05", "2026-11-05"] {
            book.pay_loan(id, m(7_334), d(due), "1101", Prepay::ShortenTerm)
                .expect("installment");
        }
        let day = d("2026-12-01");
        assert_eq!(book.payoff_amount(id, day).expect("payoff"), m(62_118));
        let (entry, loan) = book
            .pay_loan(id, m(31_321), day, "1101", how)
            .expect("prepaid");
        assert_eq!(entry.total(), m(31_321));
        assert_eq!(loan.outstanding(), m(30_000));
        assert_eq!(book.payoff_amount(id, day).expect("payoff"), m(30_797));
        let fourth = &loan.installments[3].inst;
        assert_eq!(fourth.interest, m(857), "{how:?}");
        assert_amortises(&loan, day);
        match how {
            // The installment stays 73.34; the next one also carries the
            // interest run on the prepaid 313.21 (7.97 - 3.90).
            Prepay::ShortenTerm => {
                assert_eq!(fourth.payment, m(7_334 + 797 - 390));
                let rest = &loan.installments[4..];
                assert!(
                    rest[..rest.len() - 1]
                        .iter()
                        .all(|i| i.inst.payment == m(7_334))
                );
                assert!(loan.installments.len() < 12);
            }
            Prepay::LowerInstallment => {
                assert_eq!(loan.installments.len(), 12);
                assert!(loan.installments[4].inst.payment < m(7_334));
            }
        }
        // On the due date the payoff is the installment's interest and the principal.
        assert_eq!(
            book.payoff_amount(id, d("2026-12-05")).expect("payoff"),
            m(30_000 + 857)
        );
        assert_whole(&book);
    }
}

/// A payment made a few days before its installment falls due (nothing is
/// due yet, so it prepays): the interest run so far stays owed.
#[test]
fn an_installment_paid_early_keeps_the_interest_run_to_that_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, member, p) = book_on(&dir, "2026-11-20", Method::German, dec(12), 0);
    // 1200 at 12 %, German, 3 months from 1 June: 400 + 12.00 due 1 July.
    let id = lend_on(&mut book, member, p, 120_000, 3, d("2026-06-01"));
    let day = d("2026-06-21");
    // 20 days: 1200 x 1 % x 20/30 = 8.00.
    let before = book.payoff_amount(id, day).expect("payoff");
    assert_eq!(before, m(120_800));
    let (_, loan) = book
        .pay_loan(id, m(41_200), day, "1101", Prepay::ShortenTerm)
        .expect("paid early");
    assert_eq!(
        book.payoff_amount(id, day).expect("payoff"),
        before - m(41_200)
    );
    // 1 July: 8.00 run on 1200, then 10 days on 788.00: 7.88 - 5.25 = 2.63.
    assert_eq!(loan.installments[0].inst.interest, m(800 + 263));
    assert_amortises(&loan, day);
    assert_whole(&book);
}

/// 1000.50 at 28 % for one month: 23.35 of interest (half away from zero).
#[test]
fn a_loans_interest_rounds_ties_half_away_from_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, member, p) = book_on(&dir, "2026-11-20", Method::French, dec(28), 0);
    let id = lend_on(&mut book, member, p, 100_050, 1, d("2026-10-10"));
    let loan = book.loan(id).expect("loan");
    assert_eq!(loan.installments[0].inst.interest, m(2_335));
    assert_eq!(
        book.payoff_amount(id, d("2026-11-10")).expect("payoff"),
        m(100_050 + 2_335)
    );
}

#[test]
fn a_late_rate_above_the_bce_cap_is_refused_with_the_figure_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _, _) = book_on(&dir, "2026-11-20", Method::French, dec(18), 0);
    let product = |late: Decimal| LoanProduct {
        id: 0,
        name: "Consumo".into(),
        method: Method::French,
        rate: dec(18),
        max_months: 24,
        max_amount: m(500_000),
        late_rate: Some(late),
        guarantee_percent: Decimal::ZERO,
        max_savings_multiple: None,
        rate_cap: None,
    };
    let before = book.loan_products().expect("products").len();
    let e = book
        .add_loan_product(product(Decimal::new(1981, 2)))
        .expect_err("19.81 > 1.1 x 18");
    assert!(
        matches!(&e, BookError::Loan(LoanOpError::LateRateAboveCap { allowed }) if *allowed == Decimal::new(198, 1)),
        "{e:?}"
    );
    assert!(
        e.message(ayni::i18n::Lang::Es).contains("19,8 %"),
        "{}",
        e.message(ayni::i18n::Lang::Es)
    );
    assert!(
        e.message(ayni::i18n::Lang::En).contains("19.8%"),
        "{}",
        e.message(ayni::i18n::Lang::En)
    );
    assert_eq!(book.loan_products().expect("products").len(), before);
    let (p, _) = book
        .add_loan_product(product(Decimal::new(198, 1)))
        .expect("exactly 1.1 x 18 is allowed");
    // A loan granted below the product's rate keeps to the rule too.
    assert_eq!(p.late_rate_for(dec(10)), dec(11));
    assert_eq!(p.late_rate_for(dec(18)), Decimal::new(198, 1));
}

#[test]
fn a_disbursement_is_not_before_its_application_nor_in_the_future() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, member, p) = book_on(&dir, "2026-11-20", Method::French, dec(18), 0);
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member,
            product: p,
            amount: m(50_000),
            months: 6,
            rate: None,
            purpose: String::new(),
            guarantor: None,
            approval: "Acta 5".into(),
            date: d("2026-11-10"),
        })
        .expect("applied");
    let entries = book.entry_count(None).expect("count");
    let e = book
        .disburse_loan(loan.id, d("2026-11-09"), "1101")
        .expect_err("before the application");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::DisbursedBeforeApplication { applied }) if applied == d("2026-11-10")
    ));
    // Later this month is still in the future (the month itself is open).
    let e = book
        .disburse_loan(loan.id, d("2026-11-21"), "1101")
        .expect_err("tomorrow");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::FutureDate { today }) if today == d("2026-11-20")
    ));
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(
        book.loan(loan.id).expect("loan").status,
        LoanStatus::Applied
    );
    book.disburse_loan(loan.id, d("2026-11-10"), "1101")
        .expect("on the application's day");
    // A payment dated before the disbursement is refused too.
    let e = book
        .pay_loan(
            loan.id,
            m(1_000),
            d("2026-11-09"),
            "1101",
            Prepay::ShortenTerm,
        )
        .expect_err("before the disbursement");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::BeforeDisbursement { disbursed }) if disbursed == d("2026-11-10")
    ));
    assert_whole(&book);
}

/// The guarantee blocks savings that existed on the day of the disbursement:
/// a deposit made later cannot guarantee a loan disbursed earlier.
#[test]
fn a_guarantee_blocks_only_savings_that_existed_on_the_disbursement_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 15, 10);
    // Member 3 saves 200.00 on 15 November only.
    book.deposit(ids[2], None, m(20_000), d("2026-11-15"), "1101")
        .expect("savings");
    let apply = |book: &mut Book, date: &str| {
        book.apply_loan(&LoanApplication {
            member: ids[2],
            product: p,
            amount: m(100_000),
            months: 6,
            rate: None,
            purpose: String::new(),
            guarantor: None,
            approval: "Acta 6".into(),
            date: d(date),
        })
        .expect("applied")
        .0
        .id
    };
    let early = apply(&mut book, "2026-11-02");
    let e = book
        .disburse_loan(early, d("2026-11-02"), "1101")
        .expect_err("no savings on 2 November");
    assert!(
        matches!(e, BookError::Loan(LoanOpError::GuaranteeShort { needed, available }) if needed == m(10_000) && available == Money::ZERO),
        "{e:?}"
    );
    // Disbursed after the deposit, the same savings guarantee it.
    let later = apply(&mut book, "2026-11-16");
    let loan = book
        .disburse_loan(later, d("2026-11-16"), "1101")
        .expect("disbursed");
    assert_eq!(loan.guarantee.map(|g| g.1), Some(m(10_000)));
    assert_whole(&book);
}

#[test]
fn a_disbursement_without_payments_is_voided_and_its_guarantee_released() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 15, 10);
    let id = lend(&mut book, ids[0], p, 100_000, 12, "2026-11-05");
    let savings = |b: &Book| {
        b.member_savings(ids[0]).expect("savings")[0]
            .account
            .clone()
    };
    assert_eq!(savings(&book).blocked, m(10_000));
    let cash = |b: &Book| {
        b.balance_of("1101", Month::new(2026, 11).expect("m"))
            .expect("cash")
    };
    let cash_before = cash(&book);
    let e = book
        .void_disbursement(id, d("2026-11-20"), "  ")
        .expect_err("a reason is needed");
    assert!(matches!(e, BookError::Loan(LoanOpError::ReasonRequired)));
    let e = book
        .void_disbursement(id, d("2026-11-04"), "Error de digitación")
        .expect_err("before the disbursement");
    assert!(matches!(
        e,
        BookError::Loan(LoanOpError::BeforeDisbursement { .. })
    ));
    let reversal = book
        .void_disbursement(id, d("2026-11-20"), "Error de digitación")
        .expect("voided");
    assert!(reversal.reverses.is_some());
    assert!(reversal.description.contains("Error de digitación"));
    assert_eq!(cash(&book), cash_before + m(100_000));
    let loan = book.loan(id).expect("loan");
    assert_eq!(loan.status, LoanStatus::Voided(d("2026-11-20")));
    assert_eq!(savings(&book).blocked, Money::ZERO);
    assert_eq!(
        book.balance_of("1404", Month::new(2026, 11).expect("m"))
            .expect("1404"),
        Money::ZERO
    );
    // It shows as voided, owes nothing today, and was being repaid before.
    let now = book.loan_portfolio(d("2026-11-20")).expect("portfolio");
    let row = now.iter().find(|r| r.loan == id).expect("row");
    assert_eq!((row.status, row.outstanding), ("voided", Money::ZERO));
    let then = book.loan_portfolio(d("2026-11-10")).expect("portfolio");
    let row = then.iter().find(|r| r.loan == id).expect("row");
    assert_eq!((row.status, row.outstanding), ("active", m(100_000)));
    assert_eq!(
        book.loan_arrears(d("2026-11-10"))
            .expect("arrears")
            .outstanding,
        m(100_000)
    );
    // Nothing more can be done with it.
    assert!(matches!(
        book.pay_loan(id, m(1_000), d("2026-11-20"), "1101", Prepay::ShortenTerm),
        Err(BookError::Loan(LoanOpError::WrongState))
    ));
    assert!(matches!(
        book.void_disbursement(id, d("2026-11-20"), "otra vez"),
        Err(BookError::Loan(LoanOpError::WrongState))
    ));
    assert_whole(&book);
}

#[test]
fn a_disbursement_with_a_payment_cannot_be_voided_until_the_payment_is_reversed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 15, 10);
    let id = lend(&mut book, ids[0], p, 100_000, 12, "2026-10-05");
    let (payment, _) = book
        .pay_loan(id, m(9_026), d("2026-11-05"), "1101", Prepay::ShortenTerm)
        .expect("paid");
    let entries = book.entry_count(None).expect("count");
    let e = book
        .void_disbursement(id, d("2026-11-20"), "Error")
        .expect_err("a payment stands");
    assert!(matches!(e, BookError::Loan(LoanOpError::NotVoidable)));
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(book.loan(id).expect("loan").status, LoanStatus::Active);
    book.reverse(payment.id, None, None)
        .expect("payment reversed");
    book.void_disbursement(id, d("2026-11-20"), "Error")
        .expect("voided");
    assert_eq!(
        book.member_savings(ids[0]).expect("savings")[0]
            .account
            .blocked,
        Money::ZERO
    );
    assert_whole(&book);
}

/// A written-off loan keeps what was really paid of each installment: what
/// was left is written off, not repaid.
#[test]
fn a_write_off_shows_as_written_off_never_as_principal_repaid() {
    use ayni::report::loans::{InstallmentStatus, installment_status, loan_statement};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::German, 12, 0);
    let id = lend(&mut book, ids[0], p, 60_000, 6, "2026-05-01");
    book.pay_loan(id, m(10_600), d("2026-06-01"), "1101", Prepay::ShortenTerm)
        .expect("first installment: 100 + 6.00");
    book.write_off_loan(id, d("2026-11-20"), "Acta 9 de asamblea")
        .expect("written off");
    let loan = book.loan(id).expect("loan");
    let paid: Money = loan.installments.iter().map(|i| i.principal_paid).sum();
    assert_eq!(
        paid,
        m(10_000),
        "only the first installment's principal was paid"
    );
    let s = loan_statement(&book, id, d("2026-11-20")).expect("statement");
    let statuses: Vec<InstallmentStatus> = s
        .loan
        .installments
        .iter()
        .map(|i| installment_status(&s.loan, i, d("2026-11-20")))
        .collect();
    assert_eq!(statuses[0], InstallmentStatus::Paid);
    assert!(
        statuses[1..]
            .iter()
            .all(|st| *st == InstallmentStatus::WrittenOff),
        "{statuses:?}"
    );
    assert_eq!(s.outstanding(), Money::ZERO);
    assert_whole(&book);
}

fn method_strategy() -> impl proptest::strategy::Strategy<Value = Method> {
    use proptest::prelude::*;
    prop_oneof![Just(Method::French), Just(Method::German)]
}

/// One payment of the property: how many days after the previous one, what
/// it pays (see below), a fraction, and what a prepayment does.
type Step = (i64, u8, u32, bool);

fn conservation_case(
    method: Method,
    rate_bp: u32,
    months: u32,
    cents: i64,
    start_day: i64,
    steps: &[Step],
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::prelude::*;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, member, p) = book_on(
        &dir,
        "2026-11-20",
        method,
        Decimal::new(rate_bp as i64, 2),
        0,
    );
    let today = d("2026-11-20");
    let start = d("2024-03-01") + chrono::Duration::days(start_day);
    let id = lend_on(&mut book, member, p, cents, months, start);
    let mut date = start;
    for &(gap, kind, frac, lower) in steps {
        date = (date + chrono::Duration::days(gap)).min(today);
        let loan = book.loan(id).expect("loan");
        if loan.status != LoanStatus::Active {
            break;
        }
        let before = book.payoff_amount(id, date).expect("payoff");
        let (alloc, _) = book.plan_loan_payment(id, before, date).expect("plan");
        let due = alloc.late + alloc.interest + alloc.principal;
        let part = |whole: Money| Money::from_cents((whole.cents() * frac as i64 / 10_000).max(1));
        let amount = match kind {
            // Part of what is due (or of the payoff when nothing is).
            0 => part(if due.is_positive() { due } else { before }),
            // Exactly what is due.
            1 if due.is_positive() => due,
            // What is due and a prepayment of part of the principal left.
            2 => due + part(loan.outstanding()),
            // The payoff.
            3 => before,
            // The next installment's amount, early or late.
            4 => loan
                .installments
                .iter()
                .find(|i| !i.is_settled())
                .map(|i| i.inst.payment)
                .unwrap_or(before),
            _ => part(before),
        }
        .min(before);
        let how = if lower {
            Prepay::LowerInstallment
        } else {
            Prepay::ShortenTerm
        };
        let entries = book.entry_count(None).expect("count");
        match book.pay_loan(id, amount, date, "1101", how) {
            Ok((entry, after)) => {
                prop_assert_eq!(entry.total(), amount);
                let left = if after.status == LoanStatus::Active {
                    book.payoff_amount(id, date).expect("payoff")
                } else {
                    Money::ZERO
                };
                prop_assert_eq!(
                    left,
                    before - amount,
                    "paying {} on {} ({:?}) of a payoff of {}",
                    amount,
                    date,
                    how,
                    before
                );
                if after.status == LoanStatus::Active {
                    assert_amortises(&after, date);
                    prop_assert!(
                        after.installments.iter().all(|i| i.inst.due
                            <= loan
                                .installments
                                .last()
                                .map(|l| l.inst.due)
                                .unwrap_or(i.inst.due)),
                        "never later than the old end"
                    );
                } else {
                    prop_assert_eq!(after.status.clone(), LoanStatus::PaidOff(date));
                    prop_assert_eq!(amount, before);
                }
            }
            Err(BookError::Loan(LoanOpError::BetweenPrincipalAndPayoff { payoff, .. })) => {
                prop_assert_eq!(payoff, before);
                prop_assert!(amount < before);
                prop_assert_eq!(book.entry_count(None).expect("count"), entries);
                prop_assert_eq!(book.loan(id).expect("loan"), loan);
            }
            Err(e) => prop_assert!(false, "paying {} on {}: {:?}", amount, date, e),
        }
    }
    let report = book.check().expect("check");
    prop_assert!(report.ok(), "{:?}", report.first_problem());
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 48,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    })]
    /// A payment of X on a day lowers that day's payoff by exactly X, for
    /// every payment accepted (part of what is due, exactly what is due, a
    /// prepayment shortening the term or lowering the installment, early,
    /// late, the payoff), over random loans; the schedule left amortises what
    /// is owed to zero; the books stay whole.
    #[test]
    fn a_payment_lowers_the_same_days_payoff_by_exactly_its_amount(
        method in method_strategy(),
        rate_bp in 0u32..=4_000,
        months in 1u32..=30,
        cents in 5_000i64..=2_000_000,
        start_day in 0i64..700,
        steps in proptest::collection::vec((0i64..50, 0u8..6, 1u32..10_000, proptest::bool::ANY), 1..10),
    ) {
        conservation_case(method, rate_bp, months, cents, start_day, &steps)?;
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 24,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    })]
    /// A repayment's plan is what its commit does: the plan writes nothing,
    /// the entry posted has the plan's lines, the loan read after the commit
    /// is the plan's loan after (its installments and principal left), and
    /// the outcome's split and payoff are the plan's.
    #[test]
    fn a_loan_payments_plan_is_what_its_commit_posts(
        method in method_strategy(),
        months in 2u32..=18,
        cents in 20_000i64..=200_000,
        pays in proptest::collection::vec((0i64..80, 1u32..=1_000, proptest::bool::ANY), 1..5),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids, product) = setup(&dir, method, 18, 0);
        let id = lend(&mut book, ids[0], product, cents, months, "2026-01-10");
        let mut day = d("2026-01-10");
        for (gap, permille, lower) in pays {
            day += chrono::Duration::days(gap);
            if day > d("2026-11-20") {
                break;
            }
            if book.loan(id).expect("loan").status != LoanStatus::Active {
                break;
            }
            let payoff = book.payoff_amount(id, day).expect("payoff");
            let amount = m((payoff.cents() * i64::from(permille) / 1_000).max(1));
            let how = if lower { Prepay::LowerInstallment } else { Prepay::ShortenTerm };
            let before = book.entry_count(None).expect("count");
            let plan = match book.loan_payment_plan(id, amount, day, "1101", how) {
                Ok(p) => p,
                // Past the principal but short of the payoff: refused by both.
                Err(_) => {
                    proptest::prop_assert!(book.pay_loan(id, amount, day, "1101", how).is_err());
                    continue;
                }
            };
            proptest::prop_assert_eq!(book.entry_count(None).expect("count"), before);
            let done = book.commit_loan_payment(&plan).expect("committed");
            proptest::prop_assert_eq!(book.entry_count(None).expect("count"), before + 1);
            proptest::prop_assert_eq!(&done.entry.postings[..], plan.draft.postings());
            proptest::prop_assert_eq!(done.entry.total(), amount);
            let after = book.loan(id).expect("loan");
            proptest::prop_assert_eq!(&after, &done.loan);
            proptest::prop_assert_eq!(&after.installments, &plan.after.installments);
            proptest::prop_assert_eq!(after.outstanding(), plan.after.outstanding());
            proptest::prop_assert_eq!(
                (done.late, done.interest, done.principal, done.prepaid, done.paid_off),
                (plan.late, plan.interest, plan.principal, plan.prepaid, plan.paid_off)
            );
            proptest::prop_assert_eq!(done.paid_off, after.status != LoanStatus::Active);
            proptest::prop_assert_eq!(done.late + done.interest + done.principal, amount);
        }
        assert_whole(&book);
    }
}

#[test]
fn a_disbursements_outcome_is_its_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, product) = setup(&dir, Method::French, 18, 10);
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member: ids[0],
            product,
            amount: m(60_000),
            months: 6,
            rate: None,
            purpose: "Compra de semillas".into(),
            guarantor: Some(ids[1]),
            approval: "Acta 4 del comité de crédito".into(),
            date: d("2026-03-02"),
        })
        .expect("applied");
    let before = book.entry_count(None).expect("count");
    let done = book
        .record_disbursement(loan.id, d("2026-03-02"), "1101")
        .expect("disbursed");
    assert_eq!(done.loan, book.loan(loan.id).expect("loan"));
    assert_eq!(done.entry.total(), m(60_000));
    let events = book.loan_events(loan.id).expect("events");
    assert!(
        events.iter().any(|(e, ev)| e.id == done.entry.id
            && matches!(ev, ayni::books::loans::LoanEvent::Disbursed { .. })),
        "the entry is the loan's disbursement: {events:?}"
    );
    assert!(book.entry_count(None).expect("count") > before);
    assert_whole(&book);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(16))]
    /// A disbursement's plan writes nothing and is what its commit does: the
    /// entry has the plan's lines, the loan read afterwards is the plan's
    /// loan after, and the savings blocked are the plan's guarantee.
    #[test]
    fn a_disbursements_plan_is_what_its_commit_does(
        method in method_strategy(),
        months in 2u32..=18,
        cents in 10_000i64..=300_000,
        guarantee in 0i64..=40,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids, product) = setup(&dir, method, 18, guarantee);
        let Ok((loan, _)) = book.apply_loan(&LoanApplication {
            member: ids[0],
            product,
            amount: m(cents),
            months,
            rate: None,
            purpose: "Compra de semillas".into(),
            guarantor: Some(1),
            approval: "Acta 4".into(),
            date: d("2026-03-02"),
        }) else {
            return Ok(());
        };
        let blocked = |book: &Book| {
            book.member_savings(ids[0]).expect("savings").iter().map(|v| v.account.blocked).sum::<Money>()
        };
        let (count, before) = (book.entry_count(None).expect("count"), blocked(&book));
        let planned = book.disbursement_plan(loan.id, d("2026-03-05"), "1101");
        proptest::prop_assert_eq!(book.entry_count(None).expect("count"), count);
        proptest::prop_assert_eq!(book.loan(loan.id).expect("loan").status, LoanStatus::Applied);
        let plan = match planned {
            Ok(p) => p,
            Err(e) => {
                // Refused by the plan, refused the same by the disbursement.
                let again = book.disburse_loan(loan.id, d("2026-03-05"), "1101").expect_err("refused");
                proptest::prop_assert_eq!(e.to_string(), again.to_string());
                return Ok(());
            }
        };
        let done = book.commit_disbursement(&plan).expect("disbursed");
        proptest::prop_assert_eq!(&done.entry.postings[..], plan.draft.postings());
        let after = book.loan(loan.id).expect("loan");
        proptest::prop_assert_eq!(&after, &plan.after);
        proptest::prop_assert_eq!(&after, &done.loan);
        let held = plan.guarantee.map(|g| g.1).unwrap_or_default();
        proptest::prop_assert_eq!(blocked(&book), before + held);
        assert_whole(&book);
    }
}

#[test]
fn a_write_off_and_a_void_are_planned_as_they_are_posted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, product) = setup(&dir, Method::French, 18, 20);
    let blocked = |book: &Book, member: u32| {
        book.member_savings(member)
            .expect("savings")
            .iter()
            .map(|v| v.account.blocked)
            .sum::<Money>()
    };
    // A write-off: the guarantee first, then the expense (no provision yet).
    let w = lend(&mut book, ids[0], product, 100_000, 6, "2026-02-02");
    let count = book.entry_count(None).expect("count");
    let plan = book
        .write_off_plan(w, d("2026-11-10"), "Acta 9", "Migró")
        .expect("plan");
    assert_eq!(
        book.entry_count(None).expect("count"),
        count,
        "a plan posts nothing"
    );
    assert_eq!(book.loan(w).expect("loan").status, LoanStatus::Active);
    assert_eq!(plan.guarantee_used, m(20_000));
    assert_eq!(
        plan.guarantee_used + plan.from_provision + plan.to_expense,
        plan.principal
    );
    let done = book.commit_write_off(&plan).expect("written off");
    assert_eq!(done.entry.postings, plan.draft.postings());
    assert_eq!(book.loan(w).expect("loan"), plan.after);
    assert_eq!(blocked(&book, ids[0]), Money::ZERO);
    // A void: the reversal of the disbursement and the guarantee released.
    let v = lend(&mut book, ids[1], product, 50_000, 6, "2026-11-02");
    let held = blocked(&book, ids[1]);
    let plan = book
        .void_plan(v, d("2026-11-03"), "  Error de monto ")
        .expect("plan");
    assert_eq!(plan.reason, "Error de monto");
    assert_eq!(plan.release.map(|r| r.1), Some(m(10_000)));
    assert_eq!(blocked(&book, ids[1]), held);
    let done = book.commit_void(&plan).expect("voided");
    assert_eq!(done.entry.postings, plan.draft.postings());
    assert_eq!(book.loan(v).expect("loan"), plan.after);
    assert_eq!(blocked(&book, ids[1]), held - m(10_000));
    assert_whole(&book);
}

#[test]
fn a_product_update_changes_new_applications_and_leaves_existing_loans_as_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids, p) = setup(&dir, Method::French, 12, 0);
    let id = lend(&mut book, ids[0], p, 120_000, 6, "2026-06-01");
    let before = book.loan(id).expect("loan");
    let entries = book.entry_count(None).expect("count");
    let mut product = book
        .loan_products()
        .expect("products")
        .into_iter()
        .find(|x| x.id == p)
        .expect("the product");
    product.rate = dec(18);
    product.max_months = 12;
    product.name = "Microcrédito 2027".into();
    let (saved, warning) = book.update_loan_product(product).expect("updated");
    assert_eq!((saved.id, saved.rate, warning), (p, dec(18), None));
    // One product still, with the new terms.
    let products = book.loan_products().expect("products");
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].rate, dec(18));
    assert_eq!(products[0].name, "Microcrédito 2027");
    // The loan made before keeps its rate and its schedule; nothing posted.
    let after = book.loan(id).expect("loan");
    assert_eq!(after, before);
    assert_eq!(after.rate, dec(12));
    assert_eq!(book.entry_count(None).expect("count"), entries);
    // A new application takes the new rate and the new limits.
    let app = LoanApplication {
        member: ids[1],
        product: p,
        amount: m(60_000),
        months: 6,
        rate: None,
        purpose: String::new(),
        guarantor: Some(ids[0]),
        approval: "Acta 9".into(),
        date: d("2026-11-02"),
    };
    let (checked, _) = book.check_loan_application(&app).expect("checked");
    assert_eq!(checked.rate, dec(18));
    let (new_loan, _) = book.apply_loan(&app).expect("applied");
    assert_eq!(new_loan.rate, dec(18));
    assert!(matches!(
        book.check_loan_application(&LoanApplication { months: 18, ..app }),
        Err(BookError::Loan(LoanOpError::AboveMaxTerm(12)))
    ));
    // Above the cap: saved, with the warning.
    let mut over = book.loan_products().expect("products")[0].clone();
    over.rate = dec(30);
    let (_, warning) = book.update_loan_product(over).expect("saved");
    assert_eq!(warning, Some(Decimal::new(2850, 2)));
    assert_whole(&book);
}

#[test]
fn a_bad_product_update_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _ids, p) = setup(&dir, Method::French, 12, 0);
    let stored = book.loan_products().expect("products");
    let good = stored[0].clone();
    let refusals = [
        (
            LoanProduct {
                name: "  ".into(),
                ..good.clone()
            },
            BookError::Loan(LoanOpError::BadProduct),
        ),
        (
            LoanProduct {
                method: Method::Flat,
                ..good.clone()
            },
            BookError::Loan(LoanOpError::BadProduct),
        ),
        (
            LoanProduct {
                rate: dec(101),
                ..good.clone()
            },
            BookError::Loan(LoanOpError::BadProduct),
        ),
        (
            LoanProduct {
                max_months: 0,
                ..good.clone()
            },
            BookError::Loan(LoanOpError::BadProduct),
        ),
        (
            LoanProduct {
                late_rate: Some(dec(20)),
                ..good.clone()
            },
            BookError::Loan(LoanOpError::LateRateAboveCap {
                allowed: Decimal::new(132, 1),
            }),
        ),
        (
            LoanProduct {
                id: p + 7,
                ..good.clone()
            },
            BookError::Loan(LoanOpError::UnknownProduct(p + 7)),
        ),
    ];
    for (bad, why) in refusals {
        let e = book
            .update_loan_product(bad)
            .map(|_| ())
            .expect_err("refused");
        assert_eq!(
            e.message(ayni::i18n::Lang::En),
            why.message(ayni::i18n::Lang::En)
        );
        assert_eq!(book.loan_products().expect("products"), stored);
    }
    assert_whole(&book);
}
