//! Dues and contributions: generation, payments oldest first, advances,
//! waivers, reversals, arrears; property tests for the subledger.

use ayni::books::dues::{ChargeTypeInput, DuesError};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::dues::{ChargeKind, Frequency};
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

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

/// A caja with monthly dues of $3.00 and a monthly contribution of $5.00 from
/// September 2026, and members who joined in July 2026.
fn setup(dir: &tempfile::TempDir, members: u32) -> (Book, Vec<u32>) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids = (0..members)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(17, 6_000_000 + i),
                first_names: format!("Socio {i}"),
                last_names: "Guamán".into(),
                gender: "M".into(),
                join_date: "2026-07-15".into(),
                community: if i % 2 == 0 {
                    "Peguche".into()
                } else {
                    "Cotama".into()
                },
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    book.add_charge_type(&ChargeTypeInput {
        name: "Cuota mensual".into(),
        kind: ChargeKind::MonthlyDues,
        frequency: None,
        account: None,
        start_month: mo(2026, 9),
        amount: m(300),
        approval: String::new(),
        members: None,
    })
    .expect("dues type");
    book.add_charge_type(&ChargeTypeInput {
        name: "Aporte de capital".into(),
        kind: ChargeKind::Contribution,
        frequency: None,
        account: None,
        start_month: mo(2026, 9),
        amount: m(500),
        approval: String::new(),
        members: None,
    })
    .expect("contribution type");
    (book, ids)
}

#[test]
fn generation_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 3);
    let n = book.generate_charges(mo(2026, 11)).expect("generated");
    assert_eq!(n, 3 * 3 * 2, "3 members x Sep-Nov x 2 types");
    assert_eq!(book.generate_charges(mo(2026, 11)).expect("again"), 0);
    let owed = book.owed(ids[0], mo(2026, 11)).expect("owed");
    assert_eq!(owed.iter().map(|c| c.due).sum::<Money>(), m(2_400));
    assert_eq!(owed.first().map(|c| c.month), Some(mo(2026, 9)));
    assert!(book.check().expect("check").ok());
}

#[test]
fn payment_applies_oldest_first_and_posts_one_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    // $10.00 pays September (3 + 5) and $2.00 of October's dues.
    let r = book
        .pay_dues(ids[0], m(1_000), d("2026-11-05"), "1101", None)
        .expect("paid");
    assert_eq!(r.number, 1);
    let applied: Vec<(Month, Money)> = r.lines.iter().map(|l| (l.month, l.amount)).collect();
    assert_eq!(
        applied,
        vec![
            (mo(2026, 9), m(300)),
            (mo(2026, 9), m(500)),
            (mo(2026, 10), m(200))
        ]
    );
    let e = book.entry(r.entry).expect("read").expect("entry");
    assert!(e.is_balanced());
    let credits: Vec<(String, Money)> = e
        .postings
        .iter()
        .filter(|p| p.side == ayni::domain::entry::Side::Credit)
        .map(|p| (p.account.clone(), p.amount))
        .collect();
    assert_eq!(
        credits,
        vec![("3103".to_string(), m(500)), ("5490".to_string(), m(500))]
    );
    let owed = book.owed(ids[0], mo(2026, 11)).expect("owed");
    assert_eq!(owed.iter().map(|c| c.due).sum::<Money>(), m(1_400));
    assert_eq!(
        book.balance_of("1101", mo(2026, 11)).expect("cash"),
        m(1_000)
    );
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn advance_payment_covers_future_months_up_to_a_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    // Owes 3 x $8 = $24; pays $40: two months ahead.
    let r = book
        .pay_dues(ids[0], m(4_000), d("2026-11-05"), "1101", None)
        .expect("paid");
    assert_eq!(r.lines.last().map(|l| l.month), Some(mo(2027, 1)));
    assert!(book.owed(ids[0], mo(2026, 11)).expect("owed").is_empty());
    // Beyond twelve months ahead is refused, and nothing changes.
    let before = book.entry_count(None).expect("count");
    let e = book
        .pay_dues(ids[0], m(20_000), d("2026-11-05"), "1101", None)
        .expect_err("too much");
    assert!(
        matches!(e, BookError::Dues(DuesError::TooMuch { .. })),
        "{e:?}"
    );
    assert_eq!(book.entry_count(None).expect("count"), before);
    assert!(book.check().expect("check").ok());
}

#[test]
fn bad_payments_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    let before = book.entry_count(None).expect("count");
    assert!(matches!(
        book.pay_dues(ids[0], m(0), d("2026-11-05"), "1101", None),
        Err(BookError::Dues(DuesError::NonPositive))
    ));
    assert!(matches!(
        book.pay_dues(ids[0], m(-100), d("2026-11-05"), "1101", None),
        Err(BookError::Dues(DuesError::NonPositive))
    ));
    assert!(matches!(
        book.pay_dues(999, m(100), d("2026-11-05"), "1101", None),
        Err(BookError::UnknownMember(_))
    ));
    assert!(matches!(
        book.pay_dues(ids[0], m(100), d("2026-11-05"), "5490", None),
        Err(BookError::Dues(DuesError::BadCashAccount(_)))
    ));
    book.close_month(mo(2026, 10)).expect("close");
    assert!(matches!(
        book.pay_dues(ids[0], m(100), d("2026-10-30"), "1101", None),
        Err(BookError::ClosedMonth(_))
    ));
    // A retired member: pays what was owed once; a second payment is refused.
    book.retire_member(ids[1], d("2026-10-31"), "Retiro voluntario")
        .expect("retired");
    let owed: Money = book
        .owed(ids[1], mo(2026, 11))
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum();
    assert_eq!(owed, m(1_600), "Sep and Oct only");
    assert_eq!(book.entry_count(None).expect("count"), before);
    book.pay_dues(ids[1], owed, d("2026-11-05"), "1101", None)
        .expect("paid");
    let e = book
        .pay_dues(ids[1], owed, d("2026-11-05"), "1101", None)
        .expect_err("twice");
    assert!(
        matches!(e, BookError::Dues(DuesError::NothingOwed { .. })),
        "{e:?}"
    );
    assert!(e.message(ayni::i18n::Lang::Es).contains("no debe nada"));
}

#[test]
fn waiver_and_reversal_restore_and_reduce_what_is_owed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    let w = book
        .waive(
            ids[0],
            mo(2026, 9),
            1,
            None,
            "Enfermedad",
            "Acta 12",
            d("2026-11-05"),
        )
        .expect("waived");
    assert_eq!(w.amount, m(300));
    let income_before = book.balance_of("5490", mo(2026, 11)).expect("income");
    assert_eq!(income_before, Money::ZERO, "a waiver posts no income");
    let e = book
        .waive(
            ids[0],
            mo(2026, 9),
            1,
            Some(m(1)),
            "Otra vez",
            "",
            d("2026-11-05"),
        )
        .expect_err("nothing due");
    assert!(
        matches!(e, BookError::Dues(DuesError::WaiverTooLarge { .. })),
        "{e:?}"
    );
    let r = book
        .pay_dues(ids[0], m(500), d("2026-11-06"), "1101", None)
        .expect("paid");
    assert_eq!(
        book.owed(ids[0], mo(2026, 11))
            .expect("owed")
            .iter()
            .map(|c| c.due)
            .sum::<Money>(),
        m(1_600)
    );
    book.reverse(r.entry, None, None).expect("reversed");
    assert_eq!(
        book.owed(ids[0], mo(2026, 11))
            .expect("owed")
            .iter()
            .map(|c| c.due)
            .sum::<Money>(),
        m(2_100)
    );
    assert!(
        book.receipt(r.number)
            .expect("read")
            .and_then(|r| r.reversed_by)
            .is_some()
    );
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
}

#[test]
fn arrears_by_member_and_collection_rate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 3);
    book.generate_charges(mo(2026, 11)).expect("generated");
    book.pay_dues(ids[0], m(2_400), d("2026-11-05"), "1101", None)
        .expect("all paid");
    book.pay_dues(ids[1], m(800), d("2026-11-05"), "1101", None)
        .expect("September paid");
    let rows = book.arrears(mo(2026, 11)).expect("arrears");
    assert_eq!(rows.len(), 2);
    let r1 = rows
        .iter()
        .find(|r| r.member == ids[1])
        .expect("member 2 owes");
    assert_eq!(
        (r1.months, r1.amount, r1.oldest),
        (2, m(1_600), mo(2026, 10))
    );
    let r2 = rows
        .iter()
        .find(|r| r.member == ids[2])
        .expect("member 3 owes");
    assert_eq!((r2.months, r2.amount), (3, m(2_400)));
    let c = book.collection(mo(2026, 9)).expect("collection");
    assert_eq!((c.charged, c.paid), (m(2_400), m(1_600)));
    assert_eq!(c.rate_percent(), Some(66));
}

#[test]
fn extraordinary_dues_need_approval_and_can_target_members() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 3);
    let input = ChargeTypeInput {
        name: "Cuota para el local".into(),
        kind: ChargeKind::Extraordinary,
        frequency: Some(Frequency::Once),
        account: None,
        start_month: mo(2026, 11),
        amount: m(1_000),
        approval: String::new(),
        members: Some(vec![ids[0], ids[2]]),
    };
    assert!(matches!(
        book.add_charge_type(&input),
        Err(BookError::Dues(DuesError::ApprovalRequired))
    ));
    let t = book
        .add_charge_type(&ChargeTypeInput {
            approval: "Acta 7 de asamblea".into(),
            ..input
        })
        .expect("added");
    book.generate_charges(mo(2026, 11)).expect("generated");
    let has = |id: u32| {
        book.owed(id, mo(2026, 11))
            .expect("owed")
            .iter()
            .any(|c| c.charge_type == t.id)
    };
    assert!(has(ids[0]) && !has(ids[1]) && has(ids[2]));
}

#[derive(Debug, Clone)]
enum Op {
    Generate,
    Pay(usize, i64),
    Waive(usize, u32, u32),
    Reverse(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Generate),
        4 => (0usize..3, 1i64..6_000).prop_map(|(i, c)| Op::Pay(i, c)),
        1 => (0usize..3, 9u32..12, 1u32..3).prop_map(|(i, mm, t)| Op::Waive(i, mm, t)),
        1 => (1u64..12).prop_map(Op::Reverse),
    ]
}

proptest! {
    // Failures are kept beside this file (dues.proptest-regressions): in a test
    // binary of several modules proptest would otherwise look beside main.rs.
    #![proptest_config(ProptestConfig {
        cases: 20,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// After any sequence of generations, payments, waivers and reversals the
    /// dues subledger reconciles to its accounts (ayni check), and what each
    /// member owes equals charged - paid - waived.
    #[test]
    fn dues_subledger_reconciles(ops in prop::collection::vec(op(), 1..20)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, ids) = setup(&dir, 3);
        let mut cash = Money::ZERO;
        for op in ops {
            match op {
                Op::Generate => { book.generate_charges(mo(2026, 11)).expect("generate"); }
                Op::Pay(i, c) => {
                    if book.pay_dues(ids[i], m(c), d("2026-11-10"), "1101", None).is_ok() {
                        cash += m(c);
                    }
                }
                Op::Waive(i, mm, t) => { let _ = book.waive(ids[i], mo(2026, mm), t, None, "Motivo", "Acta", d("2026-11-10")); }
                Op::Reverse(id) => {
                    if let Ok(Some(e)) = book.entry(id)
                        && book.reverse(id, None, None).is_ok()
                    {
                        cash -= e.total();
                    }
                }
            }
        }
        let report = book.check().expect("check");
        prop_assert!(report.ok(), "{:?}", report.first_problem());
        prop_assert_eq!(book.balance_of("1101", mo(2026, 11)).expect("cash"), cash);
        let before = book.generate_charges(mo(2026, 11)).expect("generate");
        prop_assert_eq!(book.generate_charges(mo(2026, 11)).expect("again"), 0, "second generation after {} created more", before);
    }
}

#[test]
fn retirement_refunds_contributions_only_where_the_setting_allows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    book.pay_dues(ids[0], m(800), d("2026-11-05"), "1101", None)
        .expect("paid Sep");
    // A caja: not refundable by default.
    assert!(!book.contributions_refundable().expect("setting"));
    let e = book
        .retire_member_with_refund(ids[0], d("2026-11-10"), "Viaje", "1101")
        .expect_err("not refundable");
    assert!(matches!(e, BookError::NotRefundable));
    assert!(
        book.member(ids[0])
            .expect("read")
            .expect("member")
            .status
            .is_active(),
        "nothing changed"
    );
    book.set_contributions_refundable(true).expect("set");
    let (member, balances, entry) = book
        .retire_member_with_refund(ids[0], d("2026-11-10"), "Viaje", "1101")
        .expect("retired");
    assert!(!member.status.is_active());
    let entry = entry.expect("refund posted");
    assert_eq!(entry.total(), m(500));
    assert_eq!(
        balances
            .iter()
            .find(|b| b.account == "3103")
            .map(|b| b.balance),
        Some(Money::ZERO)
    );
    assert_eq!(book.balance_of("1101", mo(2026, 11)).expect("cash"), m(300));
    assert!(book.check().expect("check").ok());
}

#[test]
fn charges_to_generate_counts_what_generation_would_create() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 3);
    // Nothing generated yet: 3 members x Sep-Nov x 2 types, and nothing written.
    assert_eq!(book.charges_to_generate(mo(2026, 11)).expect("count"), 18);
    assert_eq!(book.charges_to_generate(mo(2026, 11)).expect("again"), 18);
    assert_eq!(book.charges_to_generate(mo(2026, 9)).expect("sep"), 6);
    // A payment stores the charges it pays; those are no longer missing.
    book.pay_dues(ids[0], m(800), d("2026-11-10"), "1101", None)
        .expect("paid");
    assert_eq!(book.charges_to_generate(mo(2026, 11)).expect("count"), 16);
    let n = book.generate_charges(mo(2026, 10)).expect("generated");
    assert_eq!(n, 10, "Sep-Oct for 3 members and 2 types, less the 2 paid");
    assert_eq!(book.charges_to_generate(mo(2026, 10)).expect("count"), 0);
    assert_eq!(book.charges_to_generate(mo(2026, 11)).expect("count"), 6);
    book.generate_charges(mo(2026, 11)).expect("generated");
    assert_eq!(book.charges_to_generate(mo(2026, 11)).expect("count"), 0);
}

#[test]
fn a_retired_member_pays_what_is_owed_and_nothing_in_advance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 1);
    book.retire_member(ids[0], d("2026-11-10"), "Viaje")
        .expect("retired");
    // Sep-Nov: 3 x (3.00 + 5.00).
    let owed: Money = book
        .owed(ids[0], mo(2026, 11))
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum();
    assert_eq!(owed, m(2_400));
    let e = book
        .pay_dues(ids[0], m(2_500), d("2026-11-12"), "1101", None)
        .expect_err("more than owed");
    assert!(
        matches!(e, BookError::Dues(DuesError::TooMuch { max, months: 0 }) if max == m(2_400)),
        "{e:?}"
    );
    assert_eq!(
        e.message(ayni::i18n::Lang::En),
        "The payment exceeds what is owed (at most 24.00)."
    );
    book.pay_dues(ids[0], m(2_400), d("2026-11-12"), "1101", None)
        .expect("settled");
    assert!(matches!(
        book.pay_dues(ids[0], m(100), d("2026-11-12"), "1101", None),
        Err(BookError::Dues(DuesError::NothingOwed { .. }))
    ));
    assert!(book.check().expect("check").ok());
}

/// What is owed, read from the whole history: the reference for `owed`, which
/// reads only the arrears index and the months not known complete.
fn owed_from_history(book: &Book, member: u32, through: Month) -> Vec<(Month, u32, Money)> {
    book.member_charges(member, through)
        .expect("charges")
        .into_iter()
        .filter(|c| c.due.is_positive())
        .map(|c| (c.month, c.charge_type, c.due))
        .collect()
}

fn owed_now(book: &Book, member: u32, through: Month) -> Vec<(Month, u32, Money)> {
    book.owed(member, through)
        .expect("owed")
        .into_iter()
        .map(|c| (c.month, c.charge_type, c.due))
        .collect()
}

#[test]
fn charges_known_complete_are_not_trusted_once_the_types_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, ids) = setup(&dir, 2);
    let nov = mo(2026, 11);
    book.generate_charges(mo(2026, 10)).expect("generate");
    assert_eq!(owed_now(&book, ids[0], nov).len(), 6, "Sep-Nov, two types");
    assert_eq!(
        owed_now(&book, ids[0], nov),
        owed_from_history(&book, ids[0], nov)
    );
    // A type that starts in the past, added after the charges were generated:
    // its months before the generation must still be owed.
    book.add_charge_type(&ChargeTypeInput {
        name: "Fondo solidario".into(),
        kind: ChargeKind::SolidarityFund,
        frequency: None,
        account: None,
        start_month: mo(2026, 8),
        amount: m(100),
        approval: String::new(),
        members: None,
    })
    .expect("fund type");
    let owed = owed_now(&book, ids[0], nov);
    assert_eq!(owed.len(), 10, "{owed:?}");
    assert_eq!(owed, owed_from_history(&book, ids[0], nov));
    let total: Money = owed.iter().map(|o| o.2).sum();
    assert_eq!(total, m(2_800));
    // Paying it all leaves nothing owed, by either reading.
    book.pay_dues(ids[0], total, d("2026-11-20"), "1101", None)
        .expect("pay");
    assert!(owed_now(&book, ids[0], nov).is_empty());
    assert!(owed_from_history(&book, ids[0], nov).is_empty());
    // Generating again records the new completeness; the other member still owes all.
    book.generate_charges(nov).expect("generate");
    assert_eq!(
        owed_now(&book, ids[1], nov),
        owed_from_history(&book, ids[1], nov)
    );
    assert_eq!(owed_now(&book, ids[1], nov).len(), 10);
    // Switched off from October and back on: the months come back.
    let fund = book
        .charge_types()
        .expect("types")
        .into_iter()
        .find(|t| t.kind == ChargeKind::SolidarityFund)
        .expect("fund")
        .id;
    book.switch_off_charge_type(fund, Some(mo(2026, 10)))
        .expect("off");
    assert_eq!(
        owed_now(&book, ids[1], nov),
        owed_from_history(&book, ids[1], nov)
    );
    book.switch_off_charge_type(fund, None).expect("on");
    assert_eq!(
        owed_now(&book, ids[1], nov),
        owed_from_history(&book, ids[1], nov)
    );
    assert!(book.check().expect("check").ok());
}
