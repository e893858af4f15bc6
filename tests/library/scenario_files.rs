//! Scenario files: the built-in scenarios are built from their TOML files and
//! give, entry for entry and hash for hash, the books the code built before
//! the files existed (recorded in tests/fixtures/scenarios/*.json, one per
//! scenario and clock). A trainer's own file builds a book, is rebuilt by
//! reset, and a bad file is refused by line, in Spanish and English.

use std::path::Path;

use ayni::books::Book;
use ayni::books::Clock;
use ayni::books::ledger::JournalFilter;
use ayni::training::SCENARIOS;
use ayni::training::scenarios::create_scenario;
use chrono::NaiveDateTime;

const CLOCKS: [&str; 2] = ["2026-03-15T10:00:00", "2026-12-02T10:00:00"];

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").expect("a date"))
}

fn hex(h: &[u8; 32]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// What identifies a built book: every entry's hash, and the members.
fn fingerprint(book: &Book) -> serde_json::Value {
    let hashes: Vec<String> = book
        .journal(&JournalFilter::default(), 0, 1_000_000)
        .expect("journal")
        .iter()
        .map(|e| hex(&e.hash))
        .collect();
    let members: Vec<String> = book
        .members()
        .expect("members")
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m.id, m.id_number, m.first_names, m.last_names
            )
        })
        .collect();
    serde_json::json!({ "hashes": hashes, "members": members })
}

fn fixture(name: &str, clock: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios")
        .join(format!("{name}-{}.json", &clock[..10]))
}

#[test]
fn a_scenario_file_round_trips_the_built_in_scenarios_give_the_books_recorded_before_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    for s in SCENARIOS {
        for at in CLOCKS {
            let path = dir.path().join(format!("{}-{}.ayni", s.name, &at[..10]));
            let (book, recipe) =
                create_scenario(&path, s.name, false, clock_at(at)).expect("builds");
            let got = serde_json::json!({
                "book": fingerprint(&book),
                "recipe": serde_json::to_value(recipe.legacy()).expect("json"),
            });
            let file = fixture(s.name, at);
            if std::env::var_os("AYNI_RECORD_SCENARIOS").is_some() {
                std::fs::write(&file, serde_json::to_string_pretty(&got).expect("json"))
                    .expect("write fixture");
                continue;
            }
            let want: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture"))
                    .expect("fixture json");
            assert_eq!(got["book"], want["book"], "{} at {at}: same book", s.name);
            assert_eq!(
                got["recipe"], want["recipe"],
                "{} at {at}: same facts",
                s.name
            );
        }
    }
}
