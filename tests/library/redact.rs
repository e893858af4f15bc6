//! `Book::redacted_copy`: the figures of the book, none of its people.

use ayni::books::{Book, Clock};
use ayni::domain::ident::{IdKind, validate_cedula};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use chrono::NaiveDateTime;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

#[test]
fn a_redacted_copy_checks_balances_alike_and_can_be_redacted_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("libro.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 15,
            months: 4,
            seed: 7,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    let dest = dir.path().join("anonima.ayni");
    let summary = book.redacted_copy(&dest).expect("copy");
    assert_eq!(summary.members, 15);
    assert!(summary.entries_rewritten > 0, "{summary:?}");
    assert_eq!(book.redacted_on().expect("meta"), None);

    let copy = Book::open_read_only(&dest).expect("opens");
    assert!(copy.redacted_on().expect("meta").is_some());
    let report = copy.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    assert_eq!(report.entries, summary.entries);
    let month = book.current_month().expect("month");
    assert_eq!(
        copy.trial_balance(month).expect("tb"),
        book.trial_balance(month).expect("tb")
    );

    let originals = book.members().expect("members");
    let redacted = copy.members().expect("members");
    assert_eq!(redacted.len(), originals.len());
    let mut seen = std::collections::HashSet::new();
    for m in &redacted {
        assert_eq!(m.last_names, "Socio");
        assert_eq!(m.first_names, format!("{:04}", m.id));
        assert!(seen.insert(m.id_number.clone()), "numbers stay unique");
        assert!(originals.iter().all(|o| o.id_number != m.id_number));
        if m.id_kind == IdKind::Cedula {
            assert!(validate_cedula(&m.id_number).is_ok(), "{}", m.id_number);
        }
    }
    let settings = copy.settings().expect("settings");
    assert_eq!(settings.name, book.settings().expect("settings").name);
    assert_eq!(settings.treasurer, "Tesorero/a");

    // A copy of the copy: the pseudonyms stay what they are, and it checks.
    let again = dir.path().join("otra.ayni");
    copy.redacted_copy(&again).expect("copy of a copy");
    let twice = Book::open_read_only(&again).expect("opens");
    assert!(twice.check().expect("check").ok());
    let names: Vec<String> = twice
        .members()
        .expect("members")
        .iter()
        .map(|m| m.full_name())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("Socio 0")), "{names:?}");
    // Never over an existing file.
    assert!(copy.redacted_copy(&again).is_err());
}
