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

fn own_file() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mi-escenario.toml"),
    )
    .expect("the example file")
}

#[test]
fn the_listed_scenarios_are_described_as_their_files_say() {
    use ayni::training::scenario_file::{BUILTIN_FILES, parse};
    assert_eq!(BUILTIN_FILES.len(), SCENARIOS.len());
    for (s, (name, text)) in SCENARIOS.iter().zip(BUILTIN_FILES) {
        let f = parse(text).expect("a built-in file reads");
        assert_eq!(s.name, name);
        assert_eq!(f.name, s.name);
        assert_eq!(f.es, s.es);
        assert_eq!(f.en, s.en);
    }
}

#[test]
fn a_trainers_file_with_a_fixed_date_gives_every_learner_the_same_book_and_its_own_words() {
    use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
    use ayni::domain::money::Money;
    use ayni::i18n::Lang;
    use ayni::training::exercises::{CheckExercises, Verdict};
    use ayni::training::recipe::PracticeRecipe;
    use ayni::training::scenarios::{create_from_file, read_file, reset};
    let file = read_file(&own_file()).expect("reads");
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.ayni");
    let b = dir.path().join("b.ayni");
    let (book_a, _) = create_from_file(&a, &file, false, clock_at(CLOCKS[0])).expect("builds");
    let (mut book_b, _) = create_from_file(&b, &file, false, clock_at(CLOCKS[1])).expect("builds");
    assert_eq!(
        fingerprint(&book_a)["hashes"],
        fingerprint(&book_b)["hashes"],
        "the file's date, not the day it is built"
    );
    drop(book_a);
    let sheet = book_b.exercises(Lang::Es).expect("checks").expect("tasks");
    assert_eq!(sheet.scenario, "partida-doble");
    assert_eq!(sheet.exercises.len(), 3);
    assert_eq!(
        sheet.exercises[0].task,
        "Registre la compra de un cuaderno de actas por $6,50, pagada de la caja."
    );
    let verdicts = |book: &Book| -> Vec<Verdict> {
        book.exercises(Lang::En)
            .expect("checks")
            .expect("tasks")
            .exercises
            .iter()
            .map(|e| e.verdict)
            .collect()
    };
    assert_eq!(verdicts(&book_b), vec![Verdict::NotYet; 3]);
    // Done wrong: the purchase debited to the bank.
    let today = book_b.today();
    let wrong = book_b
        .post(
            EntryDraft::new(
                today,
                "Cuaderno de actas",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit("1103", Money::from_cents(650)),
                    Posting::credit("1101", Money::from_cents(650)),
                ],
            )
            .expect("draft"),
        )
        .expect("posts");
    let s = book_b.exercises(Lang::En).expect("checks").expect("tasks");
    assert_eq!(s.exercises[0].verdict, Verdict::Wrong);
    assert!(
        s.exercises[0]
            .words
            .contains(&format!("Entry {} has the amount asked", wrong.id))
            && s.exercises[0].words.contains("1103"),
        "{}",
        s.exercises[0].words
    );
    // Done right: reversed, posted on an expense account; the trainer's words.
    book_b.reverse(wrong.id, None, None).expect("reverses");
    book_b
        .post(
            EntryDraft::new(
                today,
                "Cuaderno de actas",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit("4507", Money::from_cents(650)),
                    Posting::credit("1101", Money::from_cents(650)),
                ],
            )
            .expect("draft"),
        )
        .expect("posts");
    let s = book_b.exercises(Lang::Es).expect("checks").expect("tasks");
    assert_eq!(s.exercises[0].verdict, Verdict::Done);
    assert_eq!(s.exercises[0].words, "¡Bien! Gasto al Debe, Caja al Haber.");
    // Member 2 pays what is owed.
    let jose = book_b
        .members()
        .expect("members")
        .iter()
        .find(|m| m.first_names == "José")
        .expect("José")
        .id;
    let owed: Money = book_b
        .owed(
            jose,
            ayni::domain::period::Month::parse("2026-03").expect("month"),
        )
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum();
    assert_eq!(owed, Money::from_cents(300));
    book_b
        .pay_dues(jose, owed, today, "1101", None)
        .expect("pays");
    let s = book_b.exercises(Lang::En).expect("checks").expect("tasks");
    assert_eq!(
        s.exercises[1].verdict,
        Verdict::Done,
        "{}",
        s.exercises[1].words
    );
    assert_eq!(
        s.exercises[1].words,
        "José Chango owes nothing through March 2026."
    );
    // Reset rebuilds the file's book from the recipe, as built.
    assert!(matches!(
        book_b.practice_recipe().expect("recipe"),
        Some(ayni::training::recipe::Recipe::File(_))
    ));
    drop(book_b);
    let (book, _) = reset(&b, clock_at(CLOCKS[0])).expect("resets");
    assert_eq!(verdicts(&book), vec![Verdict::NotYet; 3]);
    assert_eq!(
        fingerprint(&book)["hashes"],
        fingerprint(&Book::open_read_only(&a).expect("opens"))["hashes"]
    );
}

#[test]
fn a_bad_scenario_file_is_refused_line_by_line_in_both_languages() {
    use ayni::i18n::Lang;
    use ayni::training::scenario_file::parse;
    let good = own_file();
    let bad = good
        .replace("amount = \"3.00\"", "amount = \"tres\"")
        .replace("op = \"pay_dues\"", "op = \"pagar\"")
        .replace("check = \"month_closed\"", "check = \"cerrado\"")
        .replace("member = 2\n", "member = 9\n");
    let problems = parse(&bad).expect_err("refused");
    let line_of = |needle: &str| {
        bad.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("in the file")
    };
    let es: Vec<String> = problems.iter().map(|p| p.message(Lang::Es)).collect();
    let en: Vec<String> = problems.iter().map(|p| p.message(Lang::En)).collect();
    assert_eq!(problems.len(), 4, "{es:?}");
    assert!(
        es[0].starts_with("línea ") && es[0].contains("«tres» no es un valor válido para «amount»"),
        "{es:?}"
    );
    assert_eq!(
        en[1],
        format!(
            "line {}: there is no operation 'pagar'; the operations are: pay_dues, expense, entry, deposit, withdraw, fund_grant, reverse, close_month, cash_to_bank, disburse_loan, repay_loan.",
            line_of("op = \"pagar\"") - 1
        )
    );
    assert!(
        en[2].contains("there is no member 9: the file has 3 members"),
        "{en:?}"
    );
    assert!(
        es[3].contains("no hay una comprobación «cerrado»"),
        "{es:?}"
    );
    // A syntax error: its line.
    let broken = good.replacen("[association]", "[association", 1);
    let p = parse(&broken).expect_err("refused");
    assert_eq!(p[0].line, Some(line_of("[association]")));
    // A key the format does not know.
    let typo = good.replacen("treasurer =", "tesorero =", 1);
    let p = parse(&typo).expect_err("refused");
    assert_eq!(p[0].line, Some(line_of("treasurer =")));
    assert!(p[0].message(Lang::En).contains("unknown field `tesorero`"));
    // An unknown version.
    let p = parse(&good.replacen("version = 1", "version = 7", 1)).expect_err("refused");
    assert_eq!(
        p[0].message(Lang::Es),
        "línea 2: la versión 7 del formato no se conoce (esta versión de ayni lee la 1)."
    );
}

#[test]
fn a_scenario_file_in_the_configuration_folder_replaces_the_built_in_one() {
    use ayni::training::scenario_file::BUILTIN_FILES;
    use ayni::training::scenarios::create_scenario_in;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("scenarios")).expect("folder");
    let text = BUILTIN_FILES[0]
        .1
        .replace("Nueva Esperanza", "Nuevo Amanecer");
    std::fs::write(config.join("scenarios/primer-mes.toml"), text).expect("write");
    let (book, _) = create_scenario_in(
        &dir.path().join("p.ayni"),
        "primer-mes",
        false,
        clock_at(CLOCKS[1]),
        Some(&config),
    )
    .expect("builds");
    assert!(
        book.settings()
            .expect("settings")
            .name
            .ends_with("Nuevo Amanecer")
    );
}
