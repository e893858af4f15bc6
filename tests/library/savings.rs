//! Savings and the solidarity fund: movements, available balance, blocks,
//! interest, grants; the savings subledger reconciles after any sequence.

use ayni::books::savings::SavingsError;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::savings::{InterestBase, SavingsKind};
use ayni::domain::settings::{AssocKind, Settings};
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
fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}

fn setup(dir: &tempfile::TempDir, n: u32) -> (Book, Vec<u32>) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids = (0..n)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(6, 7_000_000 + i),
                first_names: format!("Socia {i}"),
                last_names: "Yupanqui".into(),
                gender: "F".into(),
                join_date: "2026-01-15".into(),
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    (book, ids)
}

fn ordinary(book: &Book, member: u32) -> u32 {
    book.member_savings(member).expect("savings")[0].account.id
}

#[test]
fn deposit_withdraw_and_available_balance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    book.deposit(ids[0], None, m(10_000), d("2026-11-02"), "1101")
        .expect("deposit");
    let acc = ordinary(&book, ids[0]);
    book.block_savings(acc, m(3_000), d("2026-11-03"), "Préstamo 1")
        .expect("block");
    let e = book
        .withdraw(acc, m(8_000), d("2026-11-04"), "1101")
        .expect_err("beyond available");
    let BookError::Savings(SavingsError::Insufficient { available, .. }) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*available, m(7_000));
    let msg = e.message(ayni::i18n::Lang::Es);
    assert!(
        msg.contains("70,00") && msg.contains("100,00") && msg.contains("30,00"),
        "{msg}"
    );
    book.withdraw(acc, m(7_000), d("2026-11-04"), "1101")
        .expect("withdraw all available");
    assert_eq!(
        book.balance_of("2101", mo(2026, 11)).expect("2101"),
        Money::ZERO
    );
    assert_eq!(
        book.balance_of("2105", mo(2026, 11)).expect("2105"),
        m(-3_000)
    );
    book.release_savings(acc, m(3_000), d("2026-11-05"), "Préstamo 1 pagado")
        .expect("release");
    let (view, lines) = book.passbook(acc).expect("passbook");
    assert_eq!(view.available, m(3_000));
    assert_eq!(lines.last().map(|l| l.balance), Some(m(3_000)));
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn bad_input_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    let before = book.entry_count(None).expect("count");
    assert!(matches!(
        book.deposit(ids[0], None, m(-100), d("2026-11-02"), "1101"),
        Err(BookError::Savings(SavingsError::NonPositive))
    ));
    assert!(matches!(
        book.deposit(99, None, m(100), d("2026-11-02"), "1101"),
        Err(BookError::UnknownMember(_))
    ));
    assert!(matches!(
        book.withdraw(42, m(100), d("2026-11-02"), "1101"),
        Err(BookError::Savings(SavingsError::UnknownAccount(42)))
    ));
    assert!(matches!(
        book.fund_grant(
            None,
            "Familia Chango",
            m(100),
            "Incendio",
            "Acta 3",
            d("2026-11-02"),
            "1101"
        ),
        Err(BookError::Savings(SavingsError::FundTooSmall { .. }))
    ));
    assert_eq!(book.entry_count(None).expect("count"), before);
    assert!(book.member_savings(ids[0]).expect("savings").is_empty());
}

#[test]
fn manual_entries_on_savings_reach_the_passbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    let lines = vec![
        Posting::debit("1101", m(2_500)),
        Posting::credit("2101", m(2_500)).for_member(ids[0]),
    ];
    book.post(
        EntryDraft::new(
            d("2026-11-02"),
            "Saldo inicial de ahorros",
            "",
            EntryKind::Opening,
            lines,
        )
        .expect("draft"),
    )
    .expect("posted");
    let acc = ordinary(&book, ids[0]);
    assert_eq!(
        book.passbook(acc).expect("passbook").0.account.balance,
        m(2_500)
    );
    let lines = vec![
        Posting::debit("1101", m(100)),
        Posting::credit("2105", m(100)).for_member(ids[0]),
    ];
    let e = book
        .post(EntryDraft::new(d("2026-11-02"), "x", "", EntryKind::Manual, lines).expect("draft"))
        .expect_err("2105 manual");
    assert!(matches!(
        e,
        BookError::Savings(SavingsError::RestrictedManual(_))
    ));
    // A reversal of the opening deposit takes the money back out.
    book.reverse(1, None, None).expect("reversed");
    assert_eq!(
        book.passbook(acc).expect("passbook").0.account.balance,
        Money::ZERO
    );
    assert!(book.check().expect("check").ok());
}

#[test]
fn interest_is_posted_once_per_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    let p = book
        .add_savings_product(
            "Ahorro con interés",
            SavingsKind::Ordinary,
            Decimal::from(3),
            InterestBase::AverageDaily,
            Money::ZERO,
        )
        .expect("product");
    let a = book
        .open_savings_account(ids[0], p.id, None, None, d("2026-09-01"))
        .expect("account")
        .id;
    // September (30 days): 100 from the 1st, +60 on the 11th, -30 on the 21st: average 130.
    book.set_clock(Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-09-25 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    ));
    book.deposit(ids[0], Some(a), m(10_000), d("2026-09-01"), "1101")
        .expect("deposit");
    book.deposit(ids[0], Some(a), m(6_000), d("2026-09-11"), "1101")
        .expect("deposit");
    book.withdraw(a, m(3_000), d("2026-09-21"), "1101")
        .expect("withdraw");
    let e = book
        .post_savings_interest(mo(2026, 9))
        .expect_err("month not ended");
    assert!(matches!(
        e,
        BookError::Savings(SavingsError::MonthNotEnded(_))
    ));
    book.set_clock(clock());
    let entry = book
        .post_savings_interest(mo(2026, 9))
        .expect("posted")
        .expect("an entry");
    // 130 x 3% x 30/360 = 0.325 -> 0.33
    assert_eq!(entry.total(), m(33));
    assert_eq!(entry.date, d("2026-09-30"));
    let e = book.post_savings_interest(mo(2026, 9)).expect_err("twice");
    assert!(matches!(
        e,
        BookError::Savings(SavingsError::InterestPosted(_))
    ));
    assert_eq!(
        book.passbook(a).expect("passbook").0.account.balance,
        m(13_033)
    );
    // October: 130.33 all month -> 0.325825 -> 0.33
    let entry = book
        .post_savings_interest(mo(2026, 10))
        .expect("posted")
        .expect("an entry");
    assert_eq!(entry.total(), m(33));
    assert!(book.check().expect("check").ok());
}

#[test]
fn a_grant_for_a_member_may_name_another_beneficiary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    book.fund_contribute(None, m(5_000), d("2026-11-02"), "1101", "Rifa")
        .expect("contribution");
    let g = book
        .fund_grant(
            Some(ids[0]),
            "  Familia   del socio ",
            m(1_000),
            "Incendio",
            "Acta 4",
            d("2026-11-03"),
            "1101",
        )
        .expect("grant");
    assert_eq!(g.beneficiary, "Familia del socio");
    assert_eq!(g.member, Some(ids[0]));
    let g = book
        .fund_grant(
            Some(ids[1]),
            "",
            m(1_000),
            "Enfermedad",
            "Acta 4",
            d("2026-11-03"),
            "1101",
        )
        .expect("grant");
    assert_eq!(g.beneficiary, "Yupanqui Socia 1");
    assert_eq!(book.fund_balance().expect("balance"), m(3_000));
    assert!(book.check().expect("check").ok());
}

#[test]
fn fund_contributions_and_grants() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    book.fund_contribute(Some(ids[0]), m(5_000), d("2026-11-02"), "1101", "")
        .expect("contribution");
    book.fund_contribute(None, m(2_000), d("2026-11-02"), "1101", "Rifa pro fondo")
        .expect("contribution");
    assert_eq!(book.fund_balance().expect("balance"), m(7_000));
    let e = book
        .fund_grant(
            Some(ids[1]),
            "",
            m(8_000),
            "Enfermedad",
            "Acta 9",
            d("2026-11-03"),
            "1101",
        )
        .expect_err("too much");
    assert!(matches!(
        e,
        BookError::Savings(SavingsError::FundTooSmall { .. })
    ));
    let e = book
        .fund_grant(
            Some(ids[1]),
            "",
            m(1_000),
            "Enfermedad",
            "",
            d("2026-11-03"),
            "1101",
        )
        .expect_err("no approval");
    assert!(matches!(
        e,
        BookError::Savings(SavingsError::GrantIncomplete)
    ));
    let g = book
        .fund_grant(
            Some(ids[1]),
            "",
            m(6_000),
            "Enfermedad",
            "Acta 9",
            d("2026-11-03"),
            "1101",
        )
        .expect("grant");
    assert_eq!(g.beneficiary, "Yupanqui Socia 1");
    assert_eq!(book.fund_balance().expect("balance"), m(1_000));
    assert_eq!(book.fund_grants().expect("grants").len(), 1);
    assert!(book.check().expect("check").ok());
}

#[derive(Debug, Clone)]
enum Op {
    Deposit(usize, i64),
    Withdraw(usize, i64),
    Block(usize, i64),
    Release(usize, i64),
    Transfer(usize, i64),
    Manual(usize, bool, i64),
    Reverse(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..3, 1i64..50_000).prop_map(|(i, c)| Op::Deposit(i, c)),
        2 => (0usize..3, 1i64..50_000).prop_map(|(i, c)| Op::Withdraw(i, c)),
        1 => (0usize..3, 1i64..20_000).prop_map(|(i, c)| Op::Block(i, c)),
        1 => (0usize..3, 1i64..20_000).prop_map(|(i, c)| Op::Release(i, c)),
        1 => (0usize..3, 1i64..20_000).prop_map(|(i, c)| Op::Transfer(i, c)),
        1 => (0usize..3, any::<bool>(), 1i64..20_000).prop_map(|(i, dep, c)| Op::Manual(i, dep, c)),
        1 => (1u64..15).prop_map(Op::Reverse),
    ]
}

proptest! {
    // Failures are kept beside this file (savings.proptest-regressions): in a test
    // binary of several modules proptest would otherwise look beside main.rs.
    #![proptest_config(ProptestConfig {
        cases: 20,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// The savings subledger reconciles with 2101/2105 after any sequence of
    /// operations, reversals included; no account goes below zero or below
    /// its blocked amount; refused operations change nothing.
    #[test]
    fn savings_subledger_reconciles(ops in prop::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids) = setup(&dir, 3);
        let prog = book.add_savings_product("Programado", SavingsKind::Programmed, Decimal::ZERO, InterestBase::Minimum, m(500)).expect("product");
        let mut second = Vec::new();
        for &id in &ids {
            book.deposit(id, None, m(1_000), d("2026-11-01"), "1101").expect("first deposit");
            second.push(book.open_savings_account(id, prog.id, Some(m(100_000)), Some(12), d("2026-11-01")).expect("open").id);
        }
        let day = d("2026-11-10");
        for op in ops {
            let before = book.entry_count(None).expect("count");
            let ok = match op {
                Op::Deposit(i, c) => book.deposit(ids[i], None, m(c), day, "1101").is_ok(),
                Op::Withdraw(i, c) => book.withdraw(ordinary(&book, ids[i]), m(c), day, "1101").is_ok(),
                Op::Block(i, c) => book.block_savings(ordinary(&book, ids[i]), m(c), day, "").is_ok(),
                Op::Release(i, c) => book.release_savings(ordinary(&book, ids[i]), m(c), day, "").is_ok(),
                Op::Transfer(i, c) => book.transfer_savings(ordinary(&book, ids[i]), second[i], m(c), day).is_ok(),
                Op::Manual(i, dep, c) => {
                    let (a, b) = if dep { (Posting::debit("1101", m(c)), Posting::credit("2101", m(c)).for_member(ids[i])) }
                                 else { (Posting::debit("2101", m(c)).for_member(ids[i]), Posting::credit("1101", m(c))) };
                    book.post(EntryDraft::new(day, "manual", "", EntryKind::Manual, vec![a, b]).expect("draft")).is_ok()
                }
                Op::Reverse(id) => book.reverse(id, None, None).is_ok(),
            };
            let after = book.entry_count(None).expect("count");
            prop_assert_eq!(after, before + u64::from(ok));
        }
        let report = book.check().expect("check");
        prop_assert!(report.ok(), "{:?}", report.first_problem());
        for &id in &ids {
            for v in book.member_savings(id).expect("savings") {
                prop_assert!(!v.account.balance.is_negative());
                prop_assert!(v.account.blocked <= v.account.balance);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// A deposit's or a withdrawal's outcome is the account as the book reads
    /// it afterwards: balance, blocked and available; and its entry moves
    /// exactly the amount.
    #[test]
    fn a_savings_outcome_is_the_account_read_after_it(
        moves in proptest::collection::vec((proptest::bool::ANY, 1i64..=20_000), 1..8),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids) = setup(&dir, 1);
        // The first deposit opens the ordinary account.
        let first = book
            .record_deposit(ids[0], None, m(10_000), d("2026-02-01"), "1101")
            .expect("deposit");
        let acc = ordinary(&book, ids[0]);
        prop_assert_eq!(first.account.account.id, acc);
        for (deposit, cents) in moves {
            let done = if deposit {
                book.record_deposit(ids[0], Some(acc), m(cents), d("2026-02-02"), "1101")
            } else {
                book.record_withdrawal(acc, m(cents), d("2026-02-02"), "1101")
            };
            let Ok(done) = done else { continue };
            prop_assert_eq!(done.entry.total(), m(cents));
            let read = book
                .member_savings(ids[0])
                .expect("savings")
                .into_iter()
                .find(|v| v.account.id == acc)
                .expect("the account");
            prop_assert_eq!(&done.account, &read);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// A deposit's or a withdrawal's plan writes nothing, and the account it
    /// says comes after is the account the book reads after its commit.
    #[test]
    fn a_savings_plan_is_the_account_read_after_its_commit(
        moves in proptest::collection::vec((proptest::bool::ANY, 1i64..=20_000), 1..8),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids) = setup(&dir, 1);
        let read = |book: &Book, acc: u32| {
            book.member_savings(ids[0])
                .expect("savings")
                .into_iter()
                .find(|v| v.account.id == acc)
        };
        // The first deposit's plan opens the ordinary account.
        let first = book
            .deposit_plan(ids[0], None, m(10_000), d("2026-02-01"), "1101")
            .expect("plan");
        prop_assert!(first.opens_account);
        prop_assert!(book.member_savings(ids[0]).expect("savings").is_empty());
        book.commit_savings_move(&first).expect("deposit");
        let acc = ordinary(&book, ids[0]);
        prop_assert_eq!(Some(first.after.clone()), read(&book, acc));
        for (deposit, cents) in moves {
            let plan = if deposit {
                book.deposit_plan(ids[0], Some(acc), m(cents), d("2026-02-02"), "1101")
            } else {
                book.withdrawal_plan(acc, m(cents), d("2026-02-02"), "1101")
            };
            let before = (book.entry_count(None).expect("count"), read(&book, acc));
            let Ok(plan) = plan else { continue };
            prop_assert_eq!(&before, &(book.entry_count(None).expect("count"), read(&book, acc)));
            prop_assert_eq!(plan.draft.postings().iter().map(|p| p.amount).sum::<Money>(), m(2 * cents));
            let done = book.commit_savings_move(&plan).expect("committed");
            prop_assert_eq!(done.entry.total(), m(cents));
            prop_assert_eq!(Some(plan.after.clone()), read(&book, acc));
        }
    }
}

#[test]
fn a_fund_plan_writes_nothing_and_is_what_its_commit_posts() {
    use ayni::books::savings::FundRequest;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    let day = d("2026-02-03");
    let asks = [
        (
            FundRequest::Contribution {
                member: Some(ids[0]),
                description: String::new(),
            },
            5_000,
        ),
        (
            FundRequest::Contribution {
                member: None,
                description: "Rifa".into(),
            },
            2_500,
        ),
        (
            FundRequest::Grant {
                member: Some(ids[0]),
                beneficiary: String::new(),
                reason: "Enfermedad".into(),
                approval: "Acta 3".into(),
            },
            4_000,
        ),
    ];
    for (request, cents) in asks {
        let count = book.entry_count(None).expect("count");
        let fund = book.fund_balance().expect("fund");
        let plan = book
            .fund_plan(request, m(cents), day, "1101")
            .expect("plan");
        assert_eq!(
            book.entry_count(None).expect("count"),
            count,
            "a plan posts nothing"
        );
        assert_eq!(book.fund_balance().expect("fund"), fund);
        let done = book.commit_fund(&plan).expect("committed");
        assert_eq!(done.entry.postings, plan.draft.postings());
        assert_eq!(done.grant, plan.grant, "the grant's number and entry");
        assert_eq!(plan.fund_after, book.fund_balance().expect("fund"));
        assert_eq!(done.fund_after, plan.fund_after);
    }
    // A grant above what the fund holds is refused by the plan, as before.
    let too_much = FundRequest::Grant {
        member: None,
        beneficiary: "Familia Sisa".into(),
        reason: "Incendio".into(),
        approval: "Acta 4".into(),
    };
    let e = book
        .fund_plan(too_much, m(4_000), day, "1101")
        .expect_err("refused");
    assert!(
        matches!(e, BookError::Savings(SavingsError::FundTooSmall { .. })),
        "{e:?}"
    );
}
