//! The books layer: posting, reversals, members, totals, check, property tests.

use std::path::PathBuf;

use ayni::books::ledger::JournalFilter;
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
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

fn new_book(dir: &tempfile::TempDir) -> (Book, PathBuf) {
    let path = dir.path().join("libro.ayni");
    let settings =
        Settings::new("Caja de Ahorro Prueba", None, AssocKind::Caja).expect("valid settings");
    let book = Book::create_with_clock(&path, settings, clock()).expect("book created");
    (book, path)
}

fn member(book: &mut Book, body: u32, name: &str) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(17, body),
        first_names: name.into(),
        last_names: "Quispe".into(),
        gender: "F".into(),
        join_date: "2025-01-10".into(),
        ..Default::default()
    })
    .expect("member added")
    .id
}

fn draft(date: &str, lines: Vec<Posting>) -> EntryDraft {
    EntryDraft::new(d(date), "Prueba", "", EntryKind::Manual, lines).expect("balanced draft")
}

#[test]
fn posting_updates_totals_and_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    let e1 = book
        .post(draft(
            "2026-10-05",
            vec![
                Posting::debit("1101", m(50_000)),
                Posting::credit("3402", m(50_000)),
            ],
        ))
        .expect("posted");
    let e2 = book
        .post(draft(
            "2026-11-02",
            vec![
                Posting::debit("4503", m(1_250)),
                Posting::credit("1101", m(1_250)),
            ],
        ))
        .expect("posted");
    assert_eq!(e1.id, 1);
    assert_eq!(e2.prev_hash, e1.hash);
    let oct = Month::new(2026, 10).expect("month");
    let nov = oct.next();
    assert_eq!(book.balance_of("1101", oct).expect("balance"), m(50_000));
    assert_eq!(book.balance_of("1101", nov).expect("balance"), m(48_750));
    assert_eq!(
        book.balance_of("11", nov).expect("group rolls up"),
        m(48_750)
    );
    let tb = book.trial_balance(nov).expect("tb");
    assert_eq!(tb.total_debit, tb.total_credit);
    assert_eq!(tb.total_debit, m(51_250));
    assert!(book.check().expect("check").ok());
}

#[test]
fn refuses_group_accounts_unknown_accounts_and_subledger_without_member() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    let r = book.post(draft(
        "2026-11-02",
        vec![
            Posting::debit("11", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ));
    assert!(matches!(r, Err(BookError::NotPostable(_))));
    let r = book.post(draft(
        "2026-11-02",
        vec![
            Posting::debit("1199", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ));
    assert!(matches!(r, Err(BookError::UnknownAccount(_))));
    let r = book.post(draft(
        "2026-11-02",
        vec![
            Posting::debit("1101", m(100)),
            Posting::credit("2101", m(100)),
        ],
    ));
    assert!(matches!(r, Err(BookError::MemberRequired(_))));
    let r = book.post(draft(
        "2026-12-02",
        vec![
            Posting::debit("1101", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ));
    assert!(matches!(r, Err(BookError::FutureMonth(_))));
    assert_eq!(
        book.entry_count(None).expect("count"),
        0,
        "nothing was posted"
    );
    let msg = BookError::MemberRequired("2101".into()).message(ayni::i18n::Lang::Es);
    assert!(msg.contains("socio"), "{msg}");
}

#[test]
fn reversal_undoes_and_cannot_repeat() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    // The cash the expense is paid from (cash never goes below zero).
    book.post(draft(
        "2026-11-01",
        vec![
            Posting::debit("1101", m(990)),
            Posting::credit("3402", m(990)),
        ],
    ))
    .expect("donation");
    let e = book
        .post(draft(
            "2026-11-02",
            vec![
                Posting::debit("4503", m(990)),
                Posting::credit("1101", m(990)),
            ],
        ))
        .expect("posted");
    let r = book.reverse(e.id, None, None).expect("reversed");
    assert_eq!(r.reverses, Some(e.id));
    assert_eq!(book.reversed_by(e.id).expect("lookup"), Some(r.id));
    let nov = Month::new(2026, 11).expect("month");
    assert_eq!(book.balance_of("4503", nov).expect("balance"), Money::ZERO);
    assert!(matches!(
        book.reverse(e.id, None, None),
        Err(BookError::AlreadyReversed { .. })
    ));
    assert!(matches!(
        book.reverse(r.id, None, None),
        Err(BookError::ReverseOfReversal(_))
    ));
    assert!(matches!(
        book.reverse(99, None, None),
        Err(BookError::EntryNotFound(99))
    ));
}

#[test]
fn closed_months_refuse_postings_and_close_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    book.post(draft(
        "2026-09-05",
        vec![
            Posting::debit("1101", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ))
    .expect("posted");
    let sep = Month::new(2026, 9).expect("month");
    book.close_month(sep).expect("closed");
    let r = book.post(draft(
        "2026-09-30",
        vec![
            Posting::debit("1101", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ));
    assert!(matches!(r, Err(BookError::ClosedMonth(_))));
    assert!(matches!(
        book.close_month(sep.next().next()),
        Err(BookError::CloseOrder(_))
    ));
    assert!(matches!(
        book.close_month(sep),
        Err(BookError::ClosedMonth(_))
    ));
    // A reversal of a September entry is dated in an open month.
    let r = book.reverse(1, Some(d("2026-09-30")), None);
    assert!(matches!(r, Err(BookError::ClosedMonth(_))));
    book.reverse(1, Some(d("2026-10-01")), None)
        .expect("reversal in open month");
    assert_eq!(
        book.current_month().expect("month"),
        Month::new(2026, 11).expect("month")
    );
    assert!(book.check().expect("check").ok());
}

#[test]
fn members_unique_ids_search_and_retire() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    let a = member(&mut book, 1_000_001, "Rosa");
    let _b = member(&mut book, 1_000_002, "Manuel");
    let dup = book.add_member(&MemberInput {
        id_number: make_cedula(17, 1_000_001),
        first_names: "Otra".into(),
        last_names: "Persona".into(),
        gender: "M".into(),
        join_date: "2025-01-10".into(),
        ..Default::default()
    });
    assert!(matches!(dup, Err(BookError::DuplicateId { .. })));
    let found = book.search_members("rosa").expect("search");
    assert_eq!(found.first().map(|x| x.id), Some(a));
    book.post(draft(
        "2026-11-03",
        vec![
            Posting::debit("1101", m(2_000)),
            Posting::credit("2101", m(2_000)).for_member(a),
        ],
    ))
    .expect("savings deposit");
    let (retired, balances) = book
        .retire_member(a, d("2026-11-10"), "Cambio de domicilio")
        .expect("retired");
    assert!(!retired.status.is_active());
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].balance, m(-2_000));
    assert!(matches!(
        book.retire_member(a, d("2026-11-10"), ""),
        Err(BookError::AlreadyRetired(_))
    ));
    // Never deleted.
    assert_eq!(book.members().expect("members").len(), 2);
    let by_member = book
        .journal(
            &JournalFilter {
                member: Some(a),
                ..Default::default()
            },
            0,
            10,
        )
        .expect("journal");
    assert_eq!(by_member.len(), 1);
}

#[test]
fn import_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    let good = format!(
        "cedula;nombres;apellidos;genero;fecha_nacimiento;fecha_ingreso;telefono;comunidad\n{};Rosa;Quispe;F;1980-01-01;2024-02-01;0991234567;Peguche\n{};Luis;Chango;M;;01/03/2024;;Cotama\n",
        make_cedula(10, 2_000_001),
        make_cedula(10, 2_000_002)
    );
    let bad = format!(
        "id_number,first_names,last_names,gender,birth_date,join_date,phone,community\n{},Ana,Sisa,F,,2024-01-01,,\n1710034066,Jose,Tupac,M,,2024-01-01,,\n",
        make_cedula(10, 2_000_003)
    );
    let err = book.import_members(bad.as_bytes());
    let Err(BookError::Import(p)) = err else {
        panic!("bad import accepted: {err:?}")
    };
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].line, 3);
    assert_eq!(
        book.members().expect("members").len(),
        0,
        "one bad line imports nothing"
    );
    assert_eq!(book.import_members(good.as_bytes()).expect("imported"), 2);
    // The same file again: every line is a duplicate now.
    assert!(matches!(
        book.import_members(good.as_bytes()),
        Err(BookError::Import(_))
    ));
    assert!(matches!(
        book.import_members(b"\x00\x01\x02binary"),
        Err(BookError::Import(_))
    ));
    assert_eq!(book.members().expect("members").len(), 2);
}

#[test]
fn sub_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = new_book(&dir);
    book.add_sub_account("1103", "110301", "Banco Pichincha")
        .expect("added");
    assert!(!book.is_postable("1103"));
    assert!(book.is_postable("110301"));
    assert!(matches!(
        book.add_sub_account("1103", "110301", "Otro"),
        Err(BookError::AccountExists(_))
    ));
    book.post(draft(
        "2026-11-02",
        vec![
            Posting::debit("1101", m(100)),
            Posting::credit("3402", m(100)),
        ],
    ))
    .expect("posted");
    assert!(matches!(
        book.add_sub_account("1101", "110101", "Caja chica"),
        Err(BookError::ParentHasPostings(_))
    ));
}

#[derive(Debug, Clone)]
enum Op {
    Post {
        lines: Vec<(usize, bool, i64, Option<usize>)>,
        day: u32,
    },
    Reverse(usize),
}

const ACCOUNTS: [&str; 7] = ["1101", "1103", "2101", "3103", "3402", "4503", "5490"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (prop::collection::vec((0..ACCOUNTS.len(), any::<bool>(), 1i64..100_000, prop::option::of(0usize..3)), 1..5), 1u32..28)
            .prop_map(|(lines, day)| Op::Post { lines, day }),
        1 => (0usize..20).prop_map(Op::Reverse),
    ]
}

proptest! {
    // Failures are kept beside this file (books.proptest-regressions): in a test
    // binary of several modules proptest would otherwise look beside main.rs.
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// After any sequence of postings (balanced or not) and reversals, the book
    /// checks whole: entries balance, maintained totals equal the journal,
    /// member subledgers reconcile, and refused operations changed nothing.
    #[test]
    fn any_sequence_keeps_the_books_whole(ops in prop::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, _) = new_book(&dir);
        let members: Vec<u32> = (0..3).map(|i| member(&mut book, 3_000_000 + i, "Socio")).collect();
        let mut posted = 0u64;
        for op in ops {
            match op {
                Op::Post { mut lines, day } => {
                    // Balance half of the attempts by adding a closing line.
                    let sum: i64 = lines.iter().map(|l| if l.1 { l.2 } else { -l.2 }).sum();
                    if day % 2 == 0 && sum != 0 {
                        lines.push((0, sum < 0, sum.abs(), None));
                    }
                    let postings: Vec<Posting> = lines.iter().map(|&(a, debit, c, mem)| {
                        let p = if debit { Posting::debit(ACCOUNTS[a], m(c)) } else { Posting::credit(ACCOUNTS[a], m(c)) };
                        match mem { Some(i) => p.for_member(members[i]), None => p }
                    }).collect();
                    let date = NaiveDate::from_ymd_opt(2026, 11, day).expect("date");
                    let before = book.entry_count(None).expect("count");
                    if let Ok(dr) = EntryDraft::new(date, "prop", "", EntryKind::Manual, postings) {
                        match book.post(dr) {
                            Ok(_) => posted += 1,
                            Err(_) => prop_assert_eq!(book.entry_count(None).expect("count"), before),
                        }
                    }
                }
                Op::Reverse(i) => {
                    let before = book.entry_count(None).expect("count");
                    match book.reverse(i as u64 + 1, None, None) {
                        Ok(_) => posted += 1,
                        Err(_) => prop_assert_eq!(book.entry_count(None).expect("count"), before),
                    }
                }
            }
        }
        prop_assert_eq!(book.entry_count(None).expect("count"), posted);
        let report = book.check().expect("check runs");
        prop_assert!(report.ok(), "{:?}", report.first_problem());
        let tb = book.trial_balance(Month::new(2026, 11).expect("month")).expect("tb");
        prop_assert_eq!(tb.total_debit, tb.total_credit);
        // Subledger: members' balances add up to each control account.
        for code in ["2101", "3103"] {
            let control = book.balance_of(code, Month::new(2026, 11).expect("month")).expect("balance");
            let mut sum = Money::ZERO;
            for &mid in &members {
                sum += book.member_balances(mid).expect("balances").iter().filter(|b| b.account == code).map(|b| b.balance).sum::<Money>();
            }
            prop_assert_eq!(control, sum);
        }
    }
}

#[test]
fn a_manual_entry_and_its_reversal_are_planned_as_they_are_posted() {
    use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = ayni::domain::settings::Settings::new(
        "Caja Plan",
        None,
        ayni::domain::settings::AssocKind::Caja,
    )
    .expect("settings");
    let clock = ayni::books::Clock::Fixed(
        chrono::NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .expect("time"),
    );
    let mut book =
        ayni::books::Book::create_with_clock(&dir.path().join("b.ayni"), settings, clock)
            .expect("book");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).expect("day");
    let cents = ayni::domain::money::Money::from_cents(12_345);
    let draft = EntryDraft::new(
        day,
        "Donación",
        "Acta 1",
        EntryKind::Manual,
        vec![
            Posting::debit("1101", cents),
            Posting::credit("3402", cents),
        ],
    )
    .expect("draft");
    let count = book.entry_count(None).expect("count");
    let plan = book.entry_plan(draft).expect("plan");
    assert_eq!(
        book.entry_count(None).expect("count"),
        count,
        "a plan posts nothing"
    );
    let posted = book.commit_entry(&plan).expect("posted");
    assert_eq!(
        (plan.entry.id, &plan.entry.postings, plan.entry.prev_hash),
        (posted.id, &posted.postings, posted.prev_hash)
    );
    // Taking more cash out than there is is refused by the plan.
    let out = EntryDraft::new(
        day,
        "Pago",
        "",
        EntryKind::Manual,
        vec![
            Posting::debit("4501", cents + cents),
            Posting::credit("1101", cents + cents),
        ],
    )
    .expect("draft");
    let refused = book.entry_plan(out).expect_err("refused");
    assert!(
        matches!(refused, ayni::books::BookError::CashShort { .. }),
        "{refused:?}"
    );
    let plan = book
        .reversal_plan(posted.id, Some(day), None)
        .expect("plan");
    assert_eq!(plan.original.id, posted.id);
    assert_eq!(book.reversed_by(posted.id).expect("read"), None);
    let rev = book.commit_reversal(&plan).expect("reversed");
    assert_eq!(rev.postings, plan.draft.postings());
    assert_eq!(
        rev.description,
        format!("Reverso del asiento {}: Donación", posted.id)
    );
    assert_eq!(book.reversed_by(posted.id).expect("read"), Some(rev.id));
    assert!(
        book.reversal_plan(posted.id, Some(day), None).is_err(),
        "once only"
    );
}

/// Typing a member's number or whole cédula where a member is asked for
/// (cobro, loan and fund forms) offers that member first, not one whose
/// cédula happens to start with the same digits.
#[test]
fn a_members_number_or_cedula_finds_that_member_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("c.ayni");
    let clock = ayni::books::Clock::Fixed(
        chrono::NaiveDateTime::parse_from_str("2026-12-02 10:00:00", "%Y-%m-%d %H:%M:%S")
            .expect("a date"),
    );
    let (book, _) = ayni::training::scenarios::create_scenario(&path, "caja-un-ano", false, clock)
        .expect("builds");
    let members = book.members().expect("members");
    // The book has a cédula that starts with another member's number.
    assert!(members.iter().any(|m| {
        members
            .iter()
            .any(|o| o.id != m.id && o.id_number.starts_with(&m.id.to_string()))
    }));
    for m in &members {
        for q in [m.id.to_string(), format!("#{}", m.id), m.id_number.clone()] {
            let found = book.search_members(&q).expect("search");
            assert_eq!(found.first().map(|f| f.id), Some(m.id), "{q}");
        }
    }
}
