//! `ayni demo --list-scenarios`, `ayni demo --scenario NAME`, `ayni exercises`
//! (`ayni ejercicios`) and `ayni reset`, run as a trainer would.

use crate::cli_common::{Env, json};

/// The entries of the book, oldest first: (id, description).
fn entries(env: &Env) -> Vec<(u64, String)> {
    let v = json(env.run("en", &["entry", "list", "--format", "json"]).ok());
    let mut out: Vec<(u64, String)> = v
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| {
            (
                e["id"].as_u64().expect("id"),
                e["description"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The verdicts of the exercises, from the JSON output.
fn verdicts(env: &Env) -> Vec<String> {
    let v = json(env.run("en", &["exercises", "--format", "json"]).ok());
    v["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .map(|e| e["verdict"].as_str().expect("verdict").to_string())
        .collect()
}

#[test]
fn list_scenarios_prints_one_a_line_name_first_in_the_users_language() {
    let env = Env::empty();
    let es = env.run("es", &["demo", "--list-scenarios"]);
    let lines: Vec<&str> = es.ok().lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("primer-mes "));
    assert!(lines[0].contains("El primer mes de una asociación nueva"));
    assert!(lines[1].starts_with("caja-un-ano "));
    assert!(lines[1].contains("préstamos en mora"));
    assert!(lines[2].starts_with("errores "));
    assert!(lines[2].contains("corregir con reversos"));
    let en = env.run("en", &["demo", "--list-scenarios"]);
    let lines: Vec<&str> = en.ok().lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("primer-mes "));
    assert!(lines[0].contains("A new association's first month"));
    assert!(lines[2].contains("correct by reversal"));
    assert!(!env.book.exists(), "listing builds nothing");
}

#[test]
fn a_scenario_builds_a_practice_book_with_its_exercises_that_passes_the_check() {
    let env = Env::empty();
    let out = env
        .run("en", &["demo", "--scenario", "primer-mes"])
        .ok()
        .to_string();
    assert!(out.contains("Practice book created at"), "{out}");
    assert!(out.contains("Members: 8 (active: 8)"), "{out}");
    assert!(out.contains("Exercises of scenario primer-mes"), "{out}");
    assert!(
        out.contains("· 1. Take from María Dolores Guamán Tituaña"),
        "{out}"
    );
    assert!(out.contains("Done: 0 of 3"), "{out}");
    let check = env.run("en", &["check"]);
    assert!(check.ok().contains("The book is whole"));
    // Spanish, by its Spanish name.
    let es = env.run("es", &["ejercicios"]).ok().to_string();
    assert!(es.contains("Ejercicios del escenario primer-mes"), "{es}");
    assert!(
        es.contains("· 2. Registre la compra de útiles de oficina de hoy: $12,50"),
        "{es}"
    );
    assert!(es.contains("· 3. Cierre "), "{es}");
    assert!(es.contains("Hechos: 0 de 3"), "{es}");
    assert_eq!(verdicts(&env), vec!["not_yet"; 3]);
}

#[test]
fn exercises_are_checked_anew_after_the_learners_work() {
    let env = Env::empty();
    env.run("es", &["demo", "--scenario", "errores"]).ok();
    let rosa: Vec<u64> = entries(&env)
        .into_iter()
        .filter(|(_, d)| d == "Cobro de cuotas y aportes: Quispe Lema Rosa Elena")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(rosa.len(), 2, "the payment recorded twice");
    env.run("en", &["entry", "reverse", &rosa[1].to_string()])
        .ok();
    let out = env.run("en", &["exercises"]).ok().to_string();
    assert!(
        out.contains("✓ 1. A member paid their dues once, but the payment was recorded twice."),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Reversed entry {}: Rosa Quispe has one payment of $8.00 recorded",
            rosa[1]
        )),
        "{out}"
    );
    assert!(out.contains("Done: 1 of 3"), "{out}");
    // Reversing the other one too is wrong, and said so.
    env.run("en", &["entry", "reverse", &rosa[0].to_string()])
        .ok();
    let out = env.run("es", &["ejercicios"]).ok().to_string();
    assert!(
        out.contains("✗ 1. Un socio pagó sus cuotas una sola vez"),
        "{out}"
    );
    assert!(
        out.contains("Se reversaron los dos pagos: Rosa Quispe ahora no tiene ninguno registrado"),
        "{out}"
    );
    assert_eq!(verdicts(&env), vec!["wrong", "not_yet", "not_yet"]);
    assert!(env.run("en", &["check"]).ok().contains("The book is whole"));
}

#[test]
fn an_unknown_scenario_is_refused_and_creates_nothing() {
    let env = Env::empty();
    let r = env.run("es", &["demo", "--scenario", "segundo-mes"]);
    assert_eq!(
        r.refused().trim(),
        "No hay un escenario «segundo-mes». Los escenarios son: primer-mes, caja-un-ano, errores."
    );
    let r = env.run("en", &["demo", "--scenario", "segundo-mes"]);
    assert!(
        r.refused()
            .starts_with("There is no scenario 'segundo-mes'.")
    );
    assert!(!env.book.exists());
    // The general demo's sizes do not go with a scenario: a usage error.
    let r = env.run("en", &["demo", "--scenario", "errores", "--members", "4"]);
    assert_eq!(r.code, 2);
    assert!(!env.book.exists());
}

#[test]
fn a_scenario_never_replaces_a_real_book() {
    let env = Env::new();
    env.add_member(1_234_567, "Rosa", "Quispe");
    let before = env.snapshot();
    let bytes = env.bytes();
    let r = env.run("es", &["demo", "--scenario", "errores"]);
    assert!(r.refused().contains("Ya existe un libro en"));
    let r = env.run("en", &["demo", "--scenario", "errores", "--force"]);
    assert!(
        r.refused()
            .contains("is a real book, not a practice book: it is not replaced, even with --force")
    );
    assert_eq!(env.bytes(), bytes);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn reset_rebuilds_a_scenario_as_it_was_built() {
    let env = Env::empty();
    env.run("en", &["demo", "--scenario", "errores"]).ok();
    let built = entries(&env);
    let first_purchase = built
        .iter()
        .find(|(_, d)| d.starts_with("Compra de escobas"))
        .map(|(id, _)| *id)
        .expect("the purchase");
    env.run("en", &["entry", "reverse", &first_purchase.to_string()])
        .ok();
    assert_eq!(entries(&env).len(), built.len() + 1);
    let out = env.run("en", &["reset", "--yes"]).ok().to_string();
    assert!(
        out.starts_with(
            "Practice book rebuilt as it was made (scenario errores); the work done in it was erased."
        ),
        "{out}"
    );
    assert!(out.contains("Exercises of scenario errores"), "{out}");
    assert_eq!(entries(&env), built);
    assert_eq!(verdicts(&env), vec!["not_yet"; 3]);
    assert!(env.run("en", &["check"]).ok().contains("The book is whole"));
    let es = env.run("es", &["reset", "--yes"]).ok().to_string();
    assert!(
        es.starts_with("Libro de práctica reconstruido como se creó (escenario errores)"),
        "{es}"
    );
}

#[test]
fn reset_rebuilds_a_demo_book_from_its_options() {
    let env = Env::empty();
    env.run(
        "en",
        &["demo", "--members", "10", "--months", "2", "--seed", "3"],
    )
    .ok();
    let built = entries(&env);
    let today = crate::cli_common::today();
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            &today,
            "--description",
            "Donación",
            "--debit",
            "1101=50",
            "--credit",
            "3402=50",
        ],
    )
    .ok();
    assert_eq!(entries(&env).len(), built.len() + 1);
    let out = env.run("en", &["reset", "--yes"]).ok().to_string();
    assert!(
        out.starts_with(
            "Practice book rebuilt as it was made (demo of 10 members, 2 months, seed 3)"
        ),
        "{out}"
    );
    assert_eq!(entries(&env).len(), built.len());
    // A demo book carries no exercises.
    let r = env.run("es", &["ejercicios"]);
    assert!(
        r.refused()
            .contains("no tiene ejercicios: los traen los escenarios")
    );
    let r = env.run("en", &["exercises"]);
    assert!(
        r.refused()
            .contains("has no exercises: scenarios carry them")
    );
}

#[test]
fn reset_refuses_a_real_book_and_changes_nothing() {
    let env = Env::new();
    env.add_member(1_234_567, "Rosa", "Quispe");
    let before = env.snapshot();
    let bytes = env.bytes();
    let r = env.run("es", &["reset"]);
    assert_eq!(
        r.refused().trim(),
        format!(
            "{} es un libro real, no de práctica: «ayni reset» nunca lo toca. No se cambió nada.",
            env.book.display()
        )
    );
    let r = env.run("en", &["reset"]);
    assert_eq!(
        r.refused().trim(),
        format!(
            "{} is a real book, not a practice book: 'ayni reset' never touches it. Nothing was changed.",
            env.book.display()
        )
    );
    assert_eq!(env.bytes(), bytes);
    assert_eq!(env.snapshot(), before);
    // And a missing book is a clear refusal too.
    let none = Env::empty();
    let r = none.run("en", &["reset"]);
    r.refused();
    assert!(!none.book.exists());
}

fn own_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mi-escenario.toml")
}

#[test]
fn a_trainers_scenario_file_builds_a_practice_book_with_its_tasks() {
    let env = Env::empty();
    let file = own_file();
    let out = env
        .run(
            "es",
            &["demo", "--scenario-file", file.to_str().expect("path")],
        )
        .ok()
        .to_string();
    assert!(
        out.contains("Ejercicios del escenario partida-doble"),
        "{out}"
    );
    assert!(
        out.contains("· 1. Registre la compra de un cuaderno de actas por $6,50"),
        "{out}"
    );
    assert_eq!(verdicts(&env), vec!["not_yet", "not_yet", "not_yet"]);
    assert!(env.run("en", &["check"]).ok().contains("The book is whole"));
    // Built again by reset, from the recipe (the file is not read again).
    let before = entries(&env);
    env.run("en", &["reset", "--yes"]).ok();
    assert_eq!(entries(&env), before);
}

#[test]
fn a_bad_scenario_file_is_refused_by_line_with_exit_code_2_and_nothing_written() {
    let env = Env::empty();
    let text = std::fs::read_to_string(own_file())
        .expect("example")
        .replace("op = \"pay_dues\"", "op = \"pagar\"");
    let line = text
        .lines()
        .position(|l| l.contains("op = \"pagar\""))
        .expect("there")
        // The operation's table starts on the line before.
        ;
    let bad = env.path("malo.toml");
    std::fs::write(&bad, &text).expect("write");
    let r = env.run(
        "es",
        &["demo", "--scenario-file", bad.to_str().expect("path")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("El archivo de escenario no se puede usar; no se escribió nada:"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("línea {line}: no hay una operación «pagar»")),
        "{}",
        r.stderr
    );
    assert!(!env.book.exists());
    // An operation the books refuse: its line, and still nothing written.
    let text = std::fs::read_to_string(own_file())
        .expect("example")
        .replacen("debit = \"200.00\"", "debit = \"201.00\"", 1);
    std::fs::write(&bad, &text).expect("write");
    let r = env.run(
        "en",
        &["demo", "--scenario-file", bad.to_str().expect("path")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("ayni refuses this operation: The entry does not balance"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("line "), "{}", r.stderr);
    assert!(!env.book.exists());
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("libro"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `ayni exercises --worksheet [--answers]`: the tasks to print, and the
/// answer key with balanced entries; the book only read; a PDF needs `-o`,
/// and the printable formats are the worksheet's.
#[test]
fn the_worksheet_prints_the_tasks_and_the_answer_key_without_changing_the_book() {
    let env = Env::empty();
    env.run("es", &["demo", "--scenario", "caja-un-ano"]).ok();
    let before = entries(&env);
    let tasks = json(
        env.run("en", &["exercises", "--worksheet", "--format", "json"])
            .ok(),
    );
    let tasks = tasks["tasks"].as_array().expect("tasks").clone();
    assert_eq!(tasks.len(), 8);
    assert!(tasks.iter().all(|t| t.get("entries").is_none()));
    let key = json(
        env.run(
            "es",
            &["exercises", "--worksheet", "--answers", "--format", "json"],
        )
        .ok(),
    );
    let key = key["tasks"].as_array().expect("tasks");
    for t in key {
        for e in t["entries"].as_array().expect("entries") {
            let sum = |side: &str| -> i64 {
                e["lines"]
                    .as_array()
                    .expect("lines")
                    .iter()
                    .map(|l| {
                        let s = l[side].as_str().expect("an amount");
                        (s.parse::<f64>().expect("a number") * 100.0).round() as i64
                    })
                    .sum()
            };
            assert_eq!(sum("debit"), sum("credit"), "{e}");
        }
        assert!(!t["keys"].as_str().expect("keys").contains("ayni "), "{t}");
    }
    // The deposit's answer: cash debited, savings credited, 20.00.
    let deposit = key[2]["entries"][0]["lines"].as_array().expect("lines");
    assert_eq!(deposit[0]["account"], "1101");
    assert_eq!(deposit[0]["debit"], "20.00");

    // HTML to the terminal, a PDF to a file.
    let html = env
        .run(
            "es",
            &["exercises", "--worksheet", "--answers", "--format", "html"],
        )
        .ok()
        .to_string();
    assert!(html.contains("Hoja de ejercicios · caja-un-ano"), "{html}");
    assert!(html.contains("Respuestas: los asientos"));
    let pdf = env.path("hoja.pdf");
    env.run(
        "es",
        &[
            "exercises",
            "--worksheet",
            "--format",
            "pdf",
            "-o",
            pdf.to_str().expect("a path"),
        ],
    )
    .ok();
    assert!(std::fs::read(&pdf).expect("the pdf").starts_with(b"%PDF"));
    // Refused as every report's PDF without a file is, and nothing written.
    let refused = env.run("es", &["exercises", "--worksheet", "--format", "pdf"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("-o"), "{}", refused.stderr);
    assert!(refused.stdout.is_empty());
    let refused = env.run("en", &["exercises", "--format", "html"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("--worksheet"), "{}", refused.stderr);
    assert_eq!(entries(&env), before, "the book is only read");
}
