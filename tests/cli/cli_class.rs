//! A class at once: `ayni exercises --class DIR` on the books of a folder,
//! `ayni demo --scenario X --date D` giving every student the same book
//! whatever day it is built, and `ayni reset`, which asks, keeps the work
//! done aside and rebuilds a damaged practice book.

use std::path::{Path, PathBuf};

use crate::cli_common::{Run, ayni_in, json};

/// The program on the book `book` of the folder `home`, in `lang`, "at" `now`.
fn run_at(home: &Path, book: &Path, now: &str, lang: &str, args: &[&str]) -> Run {
    let out = ayni_in(home)
        .env(ayni::clock::ENV, now)
        .arg("--lang")
        .arg(lang)
        .arg("--book")
        .arg(book)
        .args(args)
        .output()
        .expect("ayni runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The class folder's `name.ayni`.
fn student(dir: &Path, name: &str) -> PathBuf {
    dir.join("clase").join(format!("{name}.ayni"))
}

/// The ids of the entries whose description is `text`.
fn entries_named(home: &Path, book: &Path, text: &str) -> Vec<u64> {
    let v = json(
        run_at(
            home,
            book,
            "2026-11-20T11:00",
            "en",
            &["entry", "list", "--format", "json"],
        )
        .ok(),
    );
    let mut ids: Vec<u64> = v
        .as_array()
        .expect("a list")
        .iter()
        .filter(|e| e["description"] == text)
        .map(|e| e["id"].as_u64().expect("id"))
        .collect();
    ids.sort();
    ids
}

/// The journal with its hashes, as exported.
fn journal(home: &Path, book: &Path) -> String {
    run_at(home, book, "2026-11-20T11:00", "en", &["export", "journal"])
        .ok()
        .to_string()
}

/// Three students' books of `errores` for 20 November 2026, built on three
/// different days; Ana reverses the duplicate payment (right), Bruno both
/// payments (wrong), Carla nothing.
fn three_students(home: &Path) {
    std::fs::create_dir_all(home.join("clase")).expect("folder");
    for (name, day) in [
        ("ana", "2026-11-21T08:00"),
        ("bruno", "2027-01-15T19:30"),
        ("carla", "2026-12-02T10:15"),
    ] {
        let out = run_at(
            home,
            &student(home, name),
            day,
            "es",
            &["demo", "--scenario", "errores", "--date", "2026-11-20"],
        );
        assert!(
            out.ok().contains("Construido para el 20/11/2026"),
            "{}",
            out.stdout
        );
    }
    let rosa = "Cobro de cuotas y aportes: Quispe Lema Rosa Elena";
    let twice = entries_named(home, &student(home, "ana"), rosa);
    assert_eq!(twice.len(), 2, "the payment recorded twice");
    let reverse = |name: &str, id: u64| {
        run_at(
            home,
            &student(home, name),
            "2026-11-20T11:00",
            "en",
            &["entry", "reverse", &id.to_string()],
        )
        .ok();
    };
    reverse("ana", twice[1]);
    reverse("bruno", twice[1]);
    reverse("bruno", twice[0]);
}

#[test]
fn books_built_on_different_days_for_one_date_are_identical() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    std::fs::create_dir_all(dir.join("clase")).expect("folder");
    let mut books = Vec::new();
    for (name, day) in [("a", "2026-11-21T08:00"), ("b", "2027-03-02T16:45")] {
        let book = student(dir, name);
        run_at(
            dir,
            &book,
            day,
            "en",
            &["demo", "--scenario", "primer-mes", "--date", "2026-11-20"],
        )
        .ok();
        books.push(book);
    }
    assert_eq!(journal(dir, &books[0]), journal(dir, &books[1]));
    assert!(
        journal(dir, &books[0]).contains("2026-10-"),
        "built for October's month"
    );
    assert_eq!(
        std::fs::read(&books[0]).expect("a"),
        std::fs::read(&books[1]).expect("b"),
        "byte for byte"
    );
    // Reset on yet another day rebuilds it for the same date.
    let built = journal(dir, &books[0]);
    run_at(
        dir,
        &books[0],
        "2027-05-05T09:00",
        "en",
        &[
            "entry",
            "add",
            "--date",
            "2027-05-05",
            "--description",
            "Donación",
            "--debit",
            "1101=5",
            "--credit",
            "3402=5",
        ],
    );
    let out = run_at(
        dir,
        &books[0],
        "2027-06-01T09:00",
        "en",
        &["reset", "--yes"],
    );
    assert!(out.ok().contains("Built for "), "{}", out.stdout);
    assert_eq!(journal(dir, &books[0]), built);
    // A bad date is refused, and nothing is built.
    let bad = student(dir, "c");
    let r = run_at(
        dir,
        &bad,
        "2026-11-21T08:00",
        "en",
        &["demo", "--scenario", "primer-mes", "--date", "2026-13-01"],
    );
    assert!(r.refused().contains("--date 2026-13-01"), "{}", r.stderr);
    assert!(!bad.exists());
}

#[test]
fn class_table_shows_each_students_verdicts_with_totals_in_80_columns() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    three_students(dir);
    let class = dir.join("clase");
    let class_arg = class.to_str().expect("utf-8");
    let nobook = dir.join("nobook.ayni");
    let out = run_at(
        dir,
        &nobook,
        "2026-11-20T11:00",
        "es",
        &["exercises", "--class", class_arg],
    );
    let text = out.ok();
    assert!(
        text.contains("escenario errores: 3 estudiante(s), 3 tarea(s)"),
        "{text}"
    );
    assert!(
        text.contains("Estudiante   1  2  3     ✓   ✗   ·"),
        "{text}"
    );
    assert!(
        text.contains("ana          ✓  ·  ·     1   0   2"),
        "{text}"
    );
    assert!(
        text.contains("bruno        ✗  ·  ·     0   1   2"),
        "{text}"
    );
    assert!(
        text.contains("carla        ·  ·  ·     0   0   3"),
        "{text}"
    );
    assert!(text.contains("Por tarea ✓  1  0  0"), "{text}");
    assert!(text.contains("          ✗  1  0  0"), "{text}");
    assert!(text.contains("          ·  1  3  3"), "{text}");
    assert!(
        text.contains(" 1. Un socio pagó sus cuotas una sola vez"),
        "{text}"
    );
    for line in text.lines() {
        let cols = unicode_width::UnicodeWidthStr::width(line);
        assert!(cols <= 80, "{cols} columns: {line}");
    }
    // The books were only read.
    assert!(!nobook.exists());

    let v = json(
        run_at(
            dir,
            &nobook,
            "2026-11-20T11:00",
            "en",
            &["ejercicios", "--class", class_arg, "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(v["scenario"], "errores");
    let rows = v["students"].as_array().expect("students");
    let verdicts: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["student"].as_str().expect("name").to_string(),
                r["verdicts"][0].as_str().expect("verdict").to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("ana".to_string(), "done".to_string()),
            ("bruno".to_string(), "wrong".to_string()),
            ("carla".to_string(), "not_yet".to_string()),
        ]
    );
    assert_eq!(rows[0]["status"], "checked");
    assert_eq!(rows[0]["done"], 1);
    assert_eq!(rows[1]["wrong"], 1);
    assert_eq!(rows[2]["not_yet"], 3);
    assert_eq!(v["tasks"][0]["number"], 1);
    assert_eq!(v["tasks"][0]["done"], 1);
    assert_eq!(v["tasks"][0]["wrong"], 1);
    assert_eq!(v["tasks"][0]["not_yet"], 1);
    assert!(
        v["tasks"][0]["task"]
            .as_str()
            .expect("task")
            .starts_with("A member paid their dues once")
    );

    let csv = run_at(
        dir,
        &nobook,
        "2026-11-20T11:00",
        "en",
        &["exercises", "--class", class_arg, "--format", "csv"],
    );
    let lines: Vec<&str> = csv.ok().lines().collect();
    assert_eq!(
        lines[0],
        "student,file,status,task_1,task_2,task_3,done,wrong,not_yet,reason"
    );
    assert_eq!(lines[1], "ana,ana.ayni,checked,done,not_yet,not_yet,1,0,2,");
    assert_eq!(
        lines[2],
        "bruno,bruno.ayni,checked,wrong,not_yet,not_yet,0,1,2,"
    );
}

#[test]
fn a_book_open_elsewhere_or_damaged_is_a_row_with_its_reason() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    three_students(dir);
    let class = dir.join("clase");
    let class_arg = class.to_str().expect("utf-8");
    // Dora's file is cut short; Elena's book is open (this process holds it).
    let bytes = std::fs::read(student(dir, "carla")).expect("carla");
    std::fs::write(student(dir, "dora"), &bytes[..4096]).expect("dora");
    std::fs::copy(student(dir, "carla"), student(dir, "elena")).expect("elena");
    let held = ayni::books::Book::open(&student(dir, "elena")).expect("held open");
    let nobook = dir.join("nobook.ayni");
    let out = run_at(
        dir,
        &nobook,
        "2026-11-20T11:00",
        "es",
        &["exercises", "--class", class_arg],
    );
    let text = out.ok();
    assert!(text.contains("dora         (no se abre)"), "{text}");
    assert!(text.contains("elena        (abierto)"), "{text}");
    assert!(text.contains("dora: El libro"), "{text}");
    assert!(
        text.contains("elena: El libro está abierto en otra ventana"),
        "{text}"
    );
    // The others are still read.
    assert!(
        text.contains("ana          ✓  ·  ·     1   0   2"),
        "{text}"
    );
    let v = json(
        run_at(
            dir,
            &nobook,
            "2026-11-20T11:00",
            "en",
            &["exercises", "--class", class_arg, "--format", "json"],
        )
        .ok(),
    );
    let rows = v["students"].as_array().expect("students");
    assert_eq!(rows[3]["student"], "dora");
    assert_eq!(rows[3]["status"], "unreadable");
    assert!(rows[3]["reason"].as_str().expect("why").contains("damaged"));
    assert_eq!(rows[4]["status"], "open");
    drop(held);
    // A folder that is not there is refused clearly.
    let r = run_at(
        dir,
        &nobook,
        "2026-11-20T11:00",
        "en",
        &["exercises", "--class", "/no/such/folder"],
    );
    assert!(
        r.refused().contains("/no/such/folder is not a folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn reset_needs_a_yes_and_keeps_the_work_done_aside() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    three_students(dir);
    let ana = student(dir, "ana");
    let before = std::fs::read(&ana).expect("ana");
    let r = run_at(dir, &ana, "2026-12-02T10:15:00", "es", &["reset"]);
    assert!(
        r.refused()
            .contains("confírmelo con --yes. No se cambió nada."),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("ana.antes-20261202-1015.ayni"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&ana).expect("ana"), before);
    let out = run_at(dir, &ana, "2026-12-02T10:15:00", "en", &["reset", "--yes"]);
    let aside = dir.join("clase").join("ana.antes-20261202-1015.ayni");
    assert!(
        out.ok().contains(&format!(
            "The work done before was kept in {}",
            aside.display()
        )),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read(&aside).expect("kept"), before);
    // Rebuilt for the date it was built for: Carla's untouched book.
    assert_eq!(
        std::fs::read(&ana).expect("ana"),
        std::fs::read(student(dir, "carla")).expect("carla")
    );
    // The copy kept aside is not a student of the class.
    let nobook = dir.join("nobook.ayni");
    let v = json(
        run_at(
            dir,
            &nobook,
            "2026-12-02T10:20",
            "en",
            &[
                "exercises",
                "--class",
                dir.join("clase").to_str().expect("utf-8"),
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(v["students"].as_array().expect("rows").len(), 3);
    assert_eq!(v["students"][0]["verdicts"][0], "not_yet");
}

#[test]
fn a_damaged_practice_book_is_rebuilt_and_kept_aside() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path();
    let book = dir.join("practica.ayni");
    run_at(
        dir,
        &book,
        "2026-12-02T10:15",
        "en",
        &["demo", "--scenario", "errores"],
    )
    .ok();
    let bytes = std::fs::read(&book).expect("book");
    std::fs::write(&book, &bytes[..5000]).expect("cut short");
    // reset needs to be told which scenario it is.
    let r = run_at(dir, &book, "2026-12-02T10:15", "en", &["reset", "--yes"]);
    assert!(r.refused().contains("cannot be opened"), "{}", r.stderr);
    assert!(r.stderr.contains("--scenario NAME"), "{}", r.stderr);
    assert_eq!(std::fs::read(&book).expect("book").len(), 5000);
    let out = run_at(
        dir,
        &book,
        "2026-12-02T10:15",
        "en",
        &["reset", "--yes", "--scenario", "errores"],
    );
    let aside = dir.join("practica.danado-20261202-1015.ayni");
    assert!(
        out.ok().contains(&format!(
            "The file that could not be opened was not deleted: it was kept in {}",
            aside.display()
        )),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read(&aside).expect("kept").len(), 5000);
    assert!(
        run_at(dir, &book, "2026-12-02T10:15", "en", &["check"])
            .ok()
            .contains("The book is whole")
    );
    // demo --force over a damaged file: the same.
    std::fs::write(&book, &bytes[..3000]).expect("cut short");
    let out = run_at(
        dir,
        &book,
        "2026-12-02T10:16",
        "en",
        &["demo", "--force", "--members", "5", "--months", "2"],
    );
    let aside2 = dir.join("practica.danado-20261202-1016.ayni");
    assert!(
        out.ok().contains(&aside2.display().to_string()),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read(&aside2).expect("kept").len(), 3000);
    // A real book is never rebuilt, not even with --scenario.
    let real = dir.join("real.ayni");
    run_at(
        dir,
        &real,
        "2026-12-02T10:15",
        "es",
        &["init", "--name", "Caja Real"],
    )
    .ok();
    let r = run_at(
        dir,
        &real,
        "2026-12-02T10:15",
        "en",
        &["reset", "--yes", "--scenario", "errores"],
    );
    assert!(r.refused().contains("is a real book"), "{}", r.stderr);
}
