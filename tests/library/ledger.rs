//! The general ledger (libro mayor) and the trial balance of sums and
//! balances (sumas y saldos): every account's ledger ends at its trial
//! balance figure, a group's ledger is its sub-accounts' together, the two
//! balance columns add up, and what is refused is said.

use std::collections::BTreeMap;

use ayni::books::account_ledger::{AccountLedger, balance_sides};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::report::ledger::LedgerReport;
use ayni::report::registry::{self, Params};
use ayni::report::render::{Format, Report};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::training::scenarios::create_scenario;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S").expect("clock"),
    )
}

fn mo(y: i32, m: u32) -> Month {
    Month::new(y, m).expect("month")
}

fn demo(dir: &tempfile::TempDir) -> Book {
    create_demo_with_clock(&dir.path().join("p.ayni"), &DemoOptions::default(), clock())
        .expect("demo")
        .0
}

fn scenario(dir: &tempfile::TempDir, name: &str) -> Book {
    create_scenario(
        &dir.path().join(format!("{name}.ayni")),
        name,
        false,
        clock(),
    )
    .expect("scenario")
    .0
}

/// The running balance goes from the opening through every line to the
/// closing; the lines are in date order, inside the period, and the period's
/// sums are theirs.
fn assert_runs(l: &AccountLedger) {
    let mut balance = l.opening;
    let mut last: Option<(NaiveDate, u64)> = None;
    for x in &l.lines {
        balance = balance + x.debit - x.credit;
        assert_eq!(x.balance, balance, "{} entry {}", l.account.code, x.entry);
        assert!(x.date >= l.from.first_day() && x.date <= l.to.last_day());
        assert!(x.account.starts_with(&l.account.code));
        assert!(!(x.debit.is_zero() && x.credit.is_zero()), "a line moves");
        if let Some(prev) = last {
            assert!(prev <= (x.date, x.entry), "date order");
        }
        last = Some((x.date, x.entry));
    }
    assert_eq!(l.closing, balance);
    assert_eq!(l.debit, l.lines.iter().map(|x| x.debit).sum::<Money>());
    assert_eq!(l.credit, l.lines.iter().map(|x| x.credit).sum::<Money>());
    assert_eq!(l.closing, l.opening + l.debit - l.credit);
}

/// Every account of the chart (elements, groups, accounts, sub-accounts):
/// the whole history's ledger ends at the trial balance's figure, its sums
/// are the cumulative debits and credits; a ledger from a later month opens
/// at the balance of the month before and ends at the same figure.
fn every_ledger_ends_at_the_trial_balance(book: &Book) -> usize {
    let to = book.current_month().expect("month");
    let first = book.first_month().expect("first month");
    let balances = book.account_balances(to).expect("balances");
    let middle = Month::new(to.year(), 1).expect("month").max(first);
    let before = book.account_balances(middle.prev()).expect("balances");
    let tb = book.trial_balance(to).expect("tb");
    let mut moved = 0;
    for b in &balances {
        let code = &b.account.code;
        let l = book.account_ledger(code, first, to).expect("ledger");
        assert_runs(&l);
        assert_eq!(
            l.opening,
            Money::ZERO,
            "{code}: nothing before the first entry"
        );
        assert_eq!(l.closing, b.balance, "{code}");
        assert_eq!((l.debit, l.credit), (b.debit, b.credit), "{code}");
        if let Some(row) = tb.rows.iter().find(|r| &r.account.code == code) {
            assert_eq!(l.closing, row.balance, "{code}: the trial balance's figure");
            let (d, c) = row.sides();
            assert_eq!(balance_sides(l.closing), (d, c), "{code}");
        }
        let part = book.account_ledger(code, middle, to).expect("ledger");
        assert_runs(&part);
        let was = before
            .iter()
            .find(|x| &x.account.code == code)
            .expect("same chart");
        assert_eq!(part.opening, was.balance, "{code}: opening from the totals");
        assert_eq!(part.closing, b.balance, "{code}");
        moved += usize::from(!l.lines.is_empty());
    }
    moved
}

/// A group's ledger is its direct sub-accounts' ledgers together, line for
/// line, and its closing balance their sum.
fn every_group_is_its_children(book: &Book) -> usize {
    let to = book.current_month().expect("month");
    let from = book.first_month().expect("first month");
    let chart = book.chart().to_vec();
    let mut groups = 0;
    for a in &chart {
        // Direct children: the next level down (1 → 11 → 1101 → 110101).
        let children: Vec<&str> = chart
            .iter()
            .filter(|c| c.code.len() > a.code.len() && c.code.starts_with(&a.code))
            .filter(|c| {
                !chart.iter().any(|m| {
                    m.code.len() > a.code.len()
                        && m.code.len() < c.code.len()
                        && c.code.starts_with(&m.code)
                })
            })
            .map(|c| c.code.as_str())
            .collect();
        if children.is_empty() {
            continue;
        }
        let g = book
            .account_ledger(&a.code, from, to)
            .expect("group ledger");
        assert!(g.group, "{}", a.code);
        let mut closing = Money::ZERO;
        let mut lines: Vec<(u64, String, Money, Money)> = Vec::new();
        for c in &children {
            let l = book.account_ledger(c, from, to).expect("child ledger");
            closing += l.closing;
            lines.extend(
                l.lines
                    .iter()
                    .map(|x| (x.entry, x.account.clone(), x.debit, x.credit)),
            );
        }
        let mut mine: Vec<(u64, String, Money, Money)> = g
            .lines
            .iter()
            .map(|x| (x.entry, x.account.clone(), x.debit, x.credit))
            .collect();
        lines.sort();
        mine.sort();
        assert_eq!(mine, lines, "{}", a.code);
        assert_eq!(g.closing, closing, "{}", a.code);
        groups += usize::from(!g.lines.is_empty());
    }
    groups
}

/// Sumas y saldos: Debe = Haber, saldo deudor = saldo acreedor in total;
/// each account's balance in one column, never negative, and the two
/// columns give back debit minus credit.
fn sums_and_balances_agree(book: &Book, month: Month) {
    let tb = book.trial_balance(month).expect("tb");
    assert_eq!(tb.total_debit, tb.total_credit);
    let (bd, bc) = tb.balance_totals();
    assert_eq!(bd, bc, "sum of debit balances = sum of credit balances");
    assert!(bd.is_positive());
    for r in &tb.rows {
        let (d, c) = r.sides();
        assert!(!d.is_negative() && !c.is_negative(), "{}", r.account.code);
        assert!(d.is_zero() || c.is_zero(), "{}: one side", r.account.code);
        assert_eq!(d - c, r.balance, "{}", r.account.code);
        assert_eq!(r.balance, r.debit - r.credit);
    }
    // The report's JSON carries the same figures.
    let mut p = Params::new(Lang::En);
    p.month = Some(month);
    let report = registry::get("trial-balance")
        .expect("entry")
        .build(book, &p)
        .expect("tb report");
    let v: serde_json::Value =
        serde_json::from_slice(&report.write(Format::Json, Lang::En).expect("json")).expect("json");
    assert_eq!(v["totals"]["balance_debit"], bd.plain());
    assert_eq!(v["totals"]["balance_credit"], bc.plain());
    for (row, json) in tb.rows.iter().zip(v["accounts"].as_array().expect("rows")) {
        let (d, c) = row.sides();
        assert_eq!(json["code"], row.account.code.as_str());
        assert_eq!(json["balance_debit"], d.plain());
        assert_eq!(json["balance_credit"], c.plain());
        assert_eq!(json["balance"], row.balance.plain(), "kept as it was");
    }
}

#[test]
fn every_ledger_of_the_demo_book_ends_at_the_trial_balance_and_groups_add_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = demo(&dir);
    assert!(every_ledger_ends_at_the_trial_balance(&book) > 20);
    assert!(every_group_is_its_children(&book) > 10);
    let now = book.current_month().expect("month");
    sums_and_balances_agree(&book, now);
    sums_and_balances_agree(&book, now.prev());
}

#[test]
fn every_ledger_of_a_scenario_ends_at_the_trial_balance_and_groups_add_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = scenario(&dir, "caja-un-ano");
    assert!(every_ledger_ends_at_the_trial_balance(&book) > 5);
    assert!(every_group_is_its_children(&book) > 3);
    sums_and_balances_agree(&book, book.current_month().expect("month"));
}

#[test]
fn the_ledger_report_names_the_sub_account_of_a_group_and_reads_balances_by_side() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = demo(&dir);
    let (from, to) = (
        book.first_month().expect("first"),
        book.current_month().expect("now"),
    );
    // A group: its JSON lines name the sub-account; a leaf's do not.
    let group = LedgerReport::of(&book, "14", from, to, Lang::Es).expect("14");
    let v = serde_json::to_value(&group).expect("json");
    let lines = v["lines"].as_array().expect("lines");
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l["account"].as_str().is_some_and(|a| a.starts_with("14")))
    );
    let cash = LedgerReport::of(&book, "1101", from, to, Lang::Es).expect("1101");
    let v = serde_json::to_value(&cash).expect("json");
    assert_eq!(
        v.as_object().expect("object").keys().collect::<Vec<_>>(),
        vec![
            "account", "closing", "from", "lines", "name", "opening", "to"
        ]
    );
    let line = &v["lines"][0];
    assert_eq!(
        line.as_object().expect("line").keys().collect::<Vec<_>>(),
        vec!["balance", "credit", "date", "debit", "description", "entry"]
    );
    assert!(line["entry"].is_u64());
    // On paper a credit balance reads "A" (acreedor), never a negative figure.
    let deposits = LedgerReport::of(&book, "2101", from, to, Lang::Es).expect("2101");
    assert!(deposits.ledger.closing.is_negative());
    let text = String::from_utf8(
        ayni::report::render::render(&deposits, Format::Table, Lang::Es).expect("table"),
    )
    .expect("utf-8");
    let closing = text
        .lines()
        .find(|l| l.contains("Saldo final"))
        .expect("closing line");
    let figure = format!("{} A", (-deposits.ledger.closing).localized(Lang::Es));
    assert!(closing.ends_with(&figure), "{closing}");
    assert!(!text.contains(&format!(
        "-{}",
        (-deposits.ledger.closing).localized(Lang::Es)
    )));
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let en = String::from_utf8(
        ayni::report::render::render(&deposits, Format::Table, Lang::En).expect("table"),
    )
    .expect("utf-8");
    assert!(
        en.contains(&format!(
            "{} Cr",
            (-deposits.ledger.closing).localized(Lang::En)
        )),
        "{en}"
    );
    // A group's table names the sub-account on each line.
    let text = String::from_utf8(
        ayni::report::render::render(&group, Format::Table, Lang::Es).expect("table"),
    )
    .expect("utf-8");
    assert!(text.contains("1404"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    // The CSV's balance is signed, as the JSON's.
    let csv = deposits.to_csv(Lang::En);
    assert!(csv.contains(&deposits.ledger.closing.plain()), "{csv}");
}

#[test]
fn an_unknown_account_and_a_backwards_period_are_refused_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = demo(&dir);
    let now = book.current_month().expect("month");
    let e = book.account_ledger("9999", now, now).expect_err("unknown");
    assert!(matches!(e, BookError::UnknownAccount(ref c) if c == "9999"));
    assert!(
        e.message(Lang::Es).contains("9999"),
        "{}",
        e.message(Lang::Es)
    );
    let e = book
        .account_ledger("1101", now, now.prev())
        .expect_err("backwards");
    assert!(matches!(e, BookError::MonthRange { .. }));
    assert!(
        e.message(Lang::Es).contains(&now.name(Lang::Es)),
        "{}",
        e.message(Lang::Es)
    );
    assert!(
        e.message(Lang::En).contains(&now.prev().name(Lang::En)),
        "{}",
        e.message(Lang::En)
    );
    // The registry's default: cash, from the first month to the current one.
    let r = registry::get("ledger")
        .expect("entry")
        .build(&book, &Params::new(Lang::En))
        .expect("default ledger");
    let v: serde_json::Value =
        serde_json::from_slice(&r.write(Format::Json, Lang::En).expect("json")).expect("json");
    assert_eq!(v["account"], "1101");
    assert_eq!(v["from"], book.first_month().expect("first").to_string());
    assert_eq!(v["to"], now.to_string());
    assert_eq!(v["opening"], "0.00");
}

const ACCOUNTS: [&str; 5] = ["1805", "3402", "4503", "4507", "5490"];

fn new_book(dir: &tempfile::TempDir) -> Book {
    let settings = Settings::new("Caja de Ahorro Prueba", None, AssocKind::Caja).expect("settings");
    Book::create_with_clock(&dir.path().join("libro.ayni"), settings, clock()).expect("book")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    /// Entries posted in any order of dates (backdated too): for any period,
    /// each account's ledger runs from its opening to its closing, the
    /// closing is the trial balance's figure at the period's end, and the
    /// opening is the figure at the end of the month before.
    #[test]
    fn any_entries_any_period_the_ledger_agrees_with_the_totals(
        entries in prop::collection::vec(
            (0usize..ACCOUNTS.len(), 0usize..ACCOUNTS.len(), 1i64..500_000, 1u32..12, 1u32..28),
            1..30,
        ),
        from in 1u32..12,
        len in 0u32..11,
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut book = new_book(&dir);
        let mut posted: BTreeMap<u64, NaiveDate> = BTreeMap::new();
        for (a, b, cents, month, day) in entries {
            if a == b {
                continue;
            }
            let date = NaiveDate::from_ymd_opt(2026, month, day).expect("date");
            let amount = Money::from_cents(cents);
            let draft = EntryDraft::new(
                date,
                "prop",
                "",
                EntryKind::Manual,
                vec![Posting::debit(ACCOUNTS[a], amount), Posting::credit(ACCOUNTS[b], amount)],
            )
            .expect("balanced");
            let e = book.post(draft).expect("posted");
            posted.insert(e.id, date);
        }
        let from = mo(2026, from);
        let to = mo(2026, (from.month() + len).min(11));
        for code in ACCOUNTS.iter().copied().chain(["1", "18", "4", "45"]) {
            let l = book.account_ledger(code, from, to).expect("ledger");
            assert_runs(&l);
            prop_assert_eq!(l.closing, book.balance_of(code, to).expect("balance"));
            prop_assert_eq!(l.opening, book.balance_of(code, from.prev()).expect("balance"));
            for x in &l.lines {
                prop_assert_eq!(posted.get(&x.entry), Some(&x.date));
            }
        }
    }
}

/// The ledger written line by line as the book is read (the command line's
/// CSV, HTML and PDF to a file) is the report's own, byte for byte, plain
/// CSV and as Excel in Spanish opens it, for a group, an account, and a
/// range without movements.
#[test]
fn a_ledger_written_as_it_is_read_is_the_reports_csv() {
    use ayni::report::ledger::write_ledger;
    use ayni::report::render::AnyReport;
    let dir = tempfile::tempdir().expect("tempdir");
    let book = demo(&dir);
    let (first, now) = (
        book.first_month().expect("first"),
        book.current_month().expect("now"),
    );
    for (code, from, to) in [
        ("14", first, now),
        ("1101", first, now),
        ("2101", now, now),
        ("1805", now, now),
    ] {
        let report = LedgerReport::of(&book, code, from, to, Lang::Es).expect("ledger");
        for format in [Format::Csv, Format::CsvEs, Format::Html, Format::Pdf] {
            let whole = report.write(format, Lang::Es).expect("whole");
            let mut streamed = Vec::new();
            let n = write_ledger(&book, code, from, to, Lang::Es, format, &mut streamed)
                .expect("streamed");
            assert_eq!(n, Some(report.ledger.lines.len() as u64));
            assert_eq!(
                String::from_utf8_lossy(&whole),
                String::from_utf8_lossy(&streamed),
                "{code} {format:?}"
            );
        }
    }
    assert!(matches!(
        write_ledger(
            &book,
            "9999",
            first,
            now,
            Lang::Es,
            Format::Csv,
            &mut Vec::new()
        ),
        Err(ayni::report::render::ReportError::Book(
            BookError::UnknownAccount(_)
        ))
    ));
    let mut none = Vec::new();
    let whole_only = write_ledger(&book, "1101", now, now, Lang::Es, Format::Json, &mut none);
    assert!(matches!(whole_only, Ok(None)) && none.is_empty());
}
