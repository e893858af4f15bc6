//! The registry of reports: every entry builds on a practice book and is
//! written in every format, in both languages.

use std::collections::HashSet;

use ayni::books::{Book, Clock};
use ayni::i18n::Lang;
use ayni::report::registry::{self, Param, Params, REPORTS};
use ayni::report::render::{Format, ReportError};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use chrono::NaiveDateTime;

fn practice(dir: &tempfile::TempDir) -> Book {
    let clock = Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S").expect("clock"),
    );
    let o = DemoOptions {
        members: 12,
        months: 8,
        seed: 7,
        force: false,
    };
    create_demo_with_clock(&dir.path().join("p.ayni"), &o, clock)
        .expect("demo")
        .0
}

fn params(lang: Lang) -> Params {
    let mut p = Params::new(lang);
    p.all = true;
    p
}

#[test]
fn every_registry_entry_builds_on_a_practice_book_and_renders_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice(&dir);
    let ids: HashSet<&str> = REPORTS.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), REPORTS.len(), "ids are unique");
    for entry in REPORTS {
        assert_eq!(registry::find(entry.id).map(|e| e.id), Some(entry.id));
        for lang in [Lang::Es, Lang::En] {
            assert!(!entry.title.t(lang).is_empty());
            let report = entry.build(&book, &params(lang)).expect(entry.id);
            let doc = report.doc(lang);
            assert!(!doc.pages.is_empty(), "{}: no pages", entry.id);
            for format in Format::ALL {
                let bytes = report
                    .write(format, lang)
                    .unwrap_or_else(|e| panic!("{} {format:?}: {e}", entry.id));
                assert!(!bytes.is_empty(), "{} {format:?}: empty", entry.id);
                match format {
                    Format::Json => {
                        let v: serde_json::Value = serde_json::from_slice(&bytes)
                            .unwrap_or_else(|e| panic!("{}: JSON {e}", entry.id));
                        assert!(v.is_object() || v.is_array(), "{}: {v}", entry.id);
                    }
                    Format::Xlsx => assert!(bytes.starts_with(b"PK"), "{}", entry.id),
                    Format::Pdf => assert!(bytes.starts_with(b"%PDF"), "{}", entry.id),
                    Format::Html => {
                        let s = String::from_utf8(bytes).expect("utf-8");
                        assert!(s.contains(&doc.title), "{}: title missing", entry.id);
                    }
                    Format::Table | Format::Csv => {
                        String::from_utf8(bytes).expect("utf-8");
                    }
                    Format::CsvEs => {
                        // The CSV's rows with semicolons, after the UTF-8 mark.
                        let s = String::from_utf8(bytes).expect("utf-8");
                        let body = s.strip_prefix('\u{feff}').expect("the UTF-8 mark");
                        let plain =
                            String::from_utf8(report.write(Format::Csv, lang).expect("the CSV"))
                                .expect("utf-8");
                        assert_eq!(
                            body.split_terminator('\n').count(),
                            plain.split_terminator('\n').count(),
                            "{}",
                            entry.id
                        );
                    }
                }
            }
            let lines = registry::lines(report.as_ref(), lang, 40);
            assert!(!lines.is_empty(), "{}", entry.id);
            assert!(
                lines.iter().all(|l| l.chars().count() <= 40),
                "{}",
                entry.id
            );
        }
    }
}

#[test]
fn the_registry_builds_what_the_parameters_ask_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice(&dir);
    let month = book.current_month().expect("month");
    // One member's statement: one page.
    let mut p = Params::new(Lang::En);
    p.member = Some("#1".into());
    let one = registry::get("member-statement")
        .expect("entry")
        .build(&book, &p)
        .expect("statement");
    assert_eq!(one.doc(Lang::En).pages.len(), 1);
    // Every member: one page each.
    p.all = true;
    let all = registry::get("member-statement")
        .expect("entry")
        .build(&book, &p)
        .expect("statements");
    assert!(all.doc(Lang::En).pages.len() > 1);
    // Without --compare the statements leave the comparison months out.
    let mut p = Params::new(Lang::En);
    p.month = Some(month);
    let entry = registry::get("balance-sheet").expect("entry");
    assert!(entry.takes(Param::Compare));
    let plain = entry.build(&book, &p).expect("plain");
    p.compare = true;
    let compared = entry.build(&book, &p).expect("compared");
    let json = |r: &dyn ayni::report::render::AnyReport| {
        String::from_utf8(r.write(Format::Json, Lang::En).expect("json")).expect("utf-8")
    };
    assert!(!json(plain.as_ref()).contains("\"last_year\""));
    assert!(json(compared.as_ref()).contains("\"last_year\""));
    // The trial balance's JSON is the command's shape.
    let tb = registry::get("trial-balance")
        .expect("entry")
        .build(&book, &p)
        .expect("tb");
    let v: serde_json::Value = serde_json::from_str(&json(tb.as_ref())).expect("json");
    assert_eq!(v["month"], month.to_string());
    assert!(v["accounts"].is_array() && v["totals"]["debit"].is_string());
}

#[test]
fn an_unknown_report_is_named_in_the_users_language() {
    let e = registry::get("nope").expect_err("unknown");
    assert!(matches!(e, ReportError::UnknownReport(_)));
    assert!(e.message(Lang::Es).contains("«nope»"));
    assert!(e.message(Lang::En).contains("'nope'"));
}

/// The reports the command line prints outside `ayni report` are in the
/// registry, so the interface's reports screen lists them, and they take
/// the loan, member and account they are asked for.
#[test]
fn the_command_lines_own_reports_are_in_the_registry_and_take_their_parameters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice(&dir);
    for id in [
        "loan-simulation",
        "loan-schedule",
        "loan-statement",
        "dues-owed",
        "dues-receipts",
        "dues-collection",
        "charge-types",
        "passbook",
        "savings-accounts",
        "member-card",
        "entries",
        "journal",
    ] {
        assert!(registry::find(id).is_some(), "{id} is not in the registry");
    }
    let table = |id: &str, p: &Params| {
        let r = registry::get(id).expect("entry").build(&book, p).expect(id);
        String::from_utf8(r.write(Format::Table, Lang::En).expect("table")).expect("utf-8")
    };
    // The loan asked for, not the first one.
    let loans = book.loans().expect("loans");
    let last = loans.last().expect("the practice book has loans").id;
    let mut p = Params::new(Lang::En);
    p.loan = Some(last);
    assert!(
        registry::get("loan-schedule")
            .expect("entry")
            .takes(Param::Loan)
    );
    assert!(
        table("loan-schedule", &p).starts_with(&format!("Schedule of loan No. {last} — ")),
        "{}",
        table("loan-schedule", &p)
    );
    assert!(table("loan-statement", &p).contains(&format!("loan No. {last}")));
    // The member asked for.
    let member = book
        .members()
        .expect("members")
        .last()
        .cloned()
        .expect("a member");
    let mut p = Params::new(Lang::En);
    p.member = Some(member.id_number.clone());
    assert!(table("member-card", &p).contains(&member.id_number));
    assert!(table("dues-owed", &p).contains(&member.id_number));
    // The entries asked for: at most the limit.
    let mut p = Params::new(Lang::En);
    p.limit = Some(1);
    let r = registry::get("entries")
        .expect("entry")
        .build(&book, &p)
        .expect("entries");
    let v: serde_json::Value =
        serde_json::from_slice(&r.write(Format::Json, Lang::En).expect("json")).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    // A simulation of the terms given; a term left out is the loan's.
    let mut p = Params::new(Lang::En);
    p.terms.amount = Some(ayni::domain::money::Money::from_cents(100_000));
    p.terms.rate = Some("15".parse().expect("rate"));
    p.terms.months = Some(12);
    p.terms.method = Some(ayni::domain::loan::Method::French);
    let sim = registry::get("loan-simulation")
        .expect("entry")
        .build(&book, &p)
        .expect("sim");
    let v: serde_json::Value =
        serde_json::from_slice(&sim.write(Format::Json, Lang::En).expect("json")).expect("json");
    assert_eq!(
        (v["amount"].as_str(), v["months"].as_u64()),
        (Some("1000.00"), Some(12))
    );
    let mut p = Params::new(Lang::En);
    p.loan = Some(last);
    p.terms.months = Some(3);
    let sim = registry::get("loan-simulation")
        .expect("entry")
        .build(&book, &p)
        .expect("sim");
    let v: serde_json::Value =
        serde_json::from_slice(&sim.write(Format::Json, Lang::En).expect("json")).expect("json");
    let loan = book.loan(last).expect("loan");
    assert_eq!(v["amount"].as_str(), Some(loan.amount.plain().as_str()));
    assert_eq!(v["installments"].as_array().map(Vec::len), Some(3));
    // A loan that does not exist is the book's error, not a panic.
    let mut p = Params::new(Lang::En);
    p.loan = Some(9_999);
    assert!(
        registry::get("loan-schedule")
            .expect("entry")
            .build(&book, &p)
            .is_err()
    );
}
