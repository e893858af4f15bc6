//! `ayni backup [-o FILE]`, `ayni backup list`, `ayni backup keep N` and
//! `ayni restore FILE`: round trips, damaged copies refused, nothing lost.

use std::path::{Path, PathBuf};

use crate::cli_common::{Env, ayni_in, json, today};

fn demo() -> Env {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "12", "--months", "4"])
        .ok();
    env
}

/// Entry count of the book at `book` (as `ayni check` counts them).
fn entries_of(env: &Env, book: &Path) -> u64 {
    let mut c = ayni_in(env.dir.path());
    c.args(["--lang", "en", "--book"])
        .arg(book)
        .args(["check", "--format", "json"]);
    let out = c.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&String::from_utf8_lossy(&out.stdout))["entries"]
        .as_u64()
        .expect("a count")
}

fn trial_balance(env: &Env) -> String {
    env.run("en", &["report", "trial-balance", "--format", "json"])
        .ok()
        .to_string()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

fn add_expense(env: &Env) {
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            &today(),
            "--description",
            "Late expense",
            "--debit",
            "4507=2,50",
            "--credit",
            "1101=2,50",
        ],
    )
    .ok();
}

#[test]
fn backup_then_restore_gives_back_the_same_books_and_keeps_the_replaced_one() {
    let env = demo();
    let count = entries_of(&env, &env.book);
    let tb = trial_balance(&env);
    let copy = env.path("copia.ayni");
    let out = env
        .run("es", &["backup", "-o", &copy.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Copia de seguridad guardada en"), "{out}");
    assert!(out.contains(&format!("{count} asientos")), "{out}");
    assert!(out.contains("pasa todas las verificaciones"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).expect("copy").permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads a backup: {mode:o}");
    }
    // Work goes on after the copy.
    add_expense(&env);
    assert_eq!(entries_of(&env, &env.book), count + 1);
    assert_ne!(trial_balance(&env), tb);
    // Restore: the books are as they were at the copy, the replaced book aside
    // (the entry made since is lost: confirmed with --yes).
    let out = env
        .run("es", &["restore", "--yes", &copy.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Libro restaurado"), "{out}");
    assert!(out.contains("pasó todas las verificaciones"), "{out}");
    let aside = files_in(env.dir.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains(".reemplazado-"))
        .expect("the replaced book is kept");
    assert!(out.contains(&aside.display().to_string()), "{out}");
    assert_eq!(entries_of(&env, &env.book), count);
    assert_eq!(trial_balance(&env), tb);
    assert_eq!(entries_of(&env, &aside), count + 1);
    env.run("en", &["check"]).ok();
    // In English too, from a copy taken into a folder.
    let usb = env.path("usb");
    std::fs::create_dir(&usb).expect("folder");
    let out = env
        .run("en", &["backup", "-o", &usb.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Backup saved to"), "{out}");
    let in_folder = files_in(&usb);
    assert_eq!(in_folder.len(), 1);
    let out = env
        .run("en", &["restore", &in_folder[0].to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Book restored at"), "{out}");
    assert!(out.contains("kept aside at"), "{out}");
    assert_eq!(trial_balance(&env), tb);
    // Two restores (here within the same second, likely) keep two replaced books.
    let asides: Vec<PathBuf> = files_in(env.dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".reemplazado-"))
        .collect();
    assert_eq!(asides.len(), 2, "{asides:?}");
    assert!(
        asides.contains(&aside),
        "the first replaced book is still there"
    );
    assert_eq!(entries_of(&env, &aside), count + 1);
}

#[test]
fn a_damaged_backup_is_refused_and_the_book_is_untouched() {
    let env = demo();
    let before = env.snapshot();
    let garbage = env.path("basura.ayni");
    std::fs::write(
        &garbage,
        b"esto no es un libro de ayni, son bytes cualesquiera",
    )
    .expect("w");
    let e = env
        .run("es", &["restore", &garbage.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.starts_with("No se restauró nada"), "{e}");
    assert!(e.contains("basura.ayni"), "{e}");
    // A copy cut short (a full disk, a pulled USB drive).
    let copy = env.path("copia.ayni");
    env.run("en", &["backup", "-o", &copy.to_string_lossy()])
        .ok();
    let bytes = std::fs::read(&copy).expect("copy");
    let cut = env.path("cortada.ayni");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).expect("w");
    let e = env
        .run("en", &["restore", &cut.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.starts_with("Nothing was restored"), "{e}");
    // A missing file, a folder, and the book itself.
    let e = env
        .run(
            "en",
            &["restore", &env.path("no-such.ayni").to_string_lossy()],
        )
        .refused()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
    env.run("en", &["restore", &env.dir.path().to_string_lossy()])
        .refused();
    let e = env
        .run("es", &["restore", &env.book.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.contains("mismo libro"), "{e}");
    // Nothing changed and nothing was set aside.
    assert_eq!(env.snapshot(), before);
    assert!(
        files_in(env.dir.path())
            .iter()
            .all(|p| !p.to_string_lossy().contains(".reemplazado-")
                && !p.to_string_lossy().contains("restaurando"))
    );
    env.run("en", &["check"]).ok();
}

#[test]
fn backups_in_the_book_folder_are_listed_and_rotated_by_the_setting() {
    let env = demo();
    let folder = env.path("libro.ayni.copias");
    let out = env.run("es", &["backup", "list"]).ok().to_string();
    assert!(out.contains("Copias de seguridad en"), "{out}");
    let out = env.run("es", &["backup", "keep"]).ok().to_string();
    assert!(out.contains("10 copias"), "{out}");
    let e = env
        .run("es", &["backup", "keep", "0"])
        .refused()
        .to_string();
    assert!(e.contains("de 1 a 1000"), "{e}");
    let e = env
        .run("en", &["backup", "keep", "5000"])
        .refused()
        .to_string();
    assert!(e.contains("from 1 to 1000"), "{e}");
    let out = env.run("en", &["backup", "keep", "2"]).ok().to_string();
    assert!(out.contains("newest 2"), "{out}");
    let out = env.run("en", &["backup", "keep"]).ok().to_string();
    assert!(out.contains("newest 2"), "{out}");
    for _ in 0..3 {
        let out = env.run("en", &["backup"]).ok().to_string();
        assert!(out.contains("the newest 2 are kept"), "{out}");
    }
    let files: Vec<PathBuf> = files_in(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "ayni"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let list = json(env.run("en", &["backup", "list", "--format", "json"]).ok());
    assert_eq!(list["keep"], 2);
    let items = list["backups"].as_array().expect("backups");
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|b| {
        b["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("manual"))
    }));
    assert!(
        items
            .iter()
            .all(|b| b["bytes"].as_u64().is_some_and(|n| n > 0))
    );
    let table = env.run("es", &["backup", "list"]).ok().to_string();
    assert!(table.contains("manual (ayni backup)"), "{table}");
    // A listed copy restores.
    let first = items[0]["file"].as_str().expect("file").to_string();
    env.run("en", &["restore", &first]).ok();
    env.run("en", &["check"]).ok();
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let env = demo();
    let target = env.path("notas.txt");
    std::fs::write(&target, "mis notas").expect("w");
    let e = env
        .run("es", &["backup", "-o", &target.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.contains("no se sobrescribe"), "{e}");
    assert_eq!(std::fs::read_to_string(&target).expect("r"), "mis notas");
    let e = env
        .run("en", &["backup", "-o", &env.book.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.contains("not overwritten"), "{e}");
    env.run("en", &["check"]).ok();
}

#[test]
fn a_restore_over_a_book_open_in_another_ayni_is_refused() {
    let env = demo();
    let copy = env.path("copia.ayni");
    env.run("en", &["backup", "-o", &copy.to_string_lossy()])
        .ok();
    add_expense(&env);
    let count = entries_of(&env, &env.book);
    {
        // Another program holds the book.
        let _held = ayni::books::Book::open(&env.book).expect("open");
        let e = env
            .run("es", &["restore", &copy.to_string_lossy()])
            .refused()
            .to_string();
        assert!(e.contains("está abierto en otro programa ayni"), "{e}");
        let e = env
            .run("en", &["restore", &copy.to_string_lossy()])
            .refused()
            .to_string();
        assert!(e.contains("open in another ayni"), "{e}");
    }
    assert_eq!(entries_of(&env, &env.book), count);
    assert!(
        files_in(env.dir.path())
            .iter()
            .all(|p| !p.to_string_lossy().contains(".reemplazado-"))
    );
}

/// The program on this book at `now` on its clock (`AYNI_NOW`).
fn run_at(env: &Env, now: &str, lang: &str, args: &[&str]) -> crate::cli_common::Run {
    let o = env
        .cmd(lang)
        .env(ayni::clock::ENV, now)
        .args(args)
        .output()
        .expect("ayni runs");
    crate::cli_common::Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// The names in the book's backup folder, in the order `backup list` gives
/// (oldest written first).
fn listed(env: &Env) -> Vec<String> {
    let list = json(env.run("en", &["backup", "list", "--format", "json"]).ok());
    list["backups"]
        .as_array()
        .expect("backups")
        .iter()
        .map(|b| {
            Path::new(b["file"].as_str().expect("file"))
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn a_restore_never_takes_a_file_of_its_temporary_name() {
    // Before, the restore copied into `<book stem>.restaurando`: a backup of
    // that very name was truncated and a 0-byte book left in place.
    let env = demo();
    let count = entries_of(&env, &env.book);
    let copy = env.path("libro.restaurando");
    env.run("en", &["backup", "-o", &copy.to_string_lossy()])
        .ok();
    let saved = std::fs::read(&copy).expect("the copy");
    add_expense(&env);
    let out = env
        .run("es", &["restore", "--yes", &copy.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Libro restaurado"), "{out}");
    assert_eq!(
        std::fs::read(&copy).expect("the copy"),
        saved,
        "the backup changed"
    );
    assert_eq!(entries_of(&env, &env.book), count);
    // Nothing of the restore's own is left beside the book.
    let left: Vec<PathBuf> = files_in(env.dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("restaurando-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    env.run("en", &["check"]).ok();
}

#[cfg(unix)]
#[test]
fn restoring_through_a_symbolic_link_restores_the_book_it_names() {
    let env = demo();
    let count = entries_of(&env, &env.book);
    let copy = env.path("copia.ayni");
    env.run("en", &["backup", "-o", &copy.to_string_lossy()])
        .ok();
    add_expense(&env);
    // The treasurer opens the book through a link (on the desktop, say).
    let link = env.path("enlace.ayni");
    std::os::unix::fs::symlink(&env.book, &link).expect("symlink");
    let out = ayni_in(env.dir.path())
        .args(["--lang", "en", "--book"])
        .arg(&link)
        .arg("restore")
        .arg("--yes")
        .arg(&copy)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::symlink_metadata(&link).expect("the link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    // The book the link names is the restored one; the replaced one is
    // kept beside it.
    assert_eq!(entries_of(&env, &env.book), count);
    assert_eq!(entries_of(&env, &link), count);
    let aside = files_in(env.dir.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("libro.ayni.reemplazado-"))
        .expect("the replaced book is kept beside the real one");
    assert_eq!(entries_of(&env, &aside), count + 1);
}

#[test]
fn a_clock_set_back_never_makes_a_new_copy_the_oldest() {
    let env = demo();
    let later = (crate::cli_common::test_now() + chrono::Duration::days(120))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    // Copies taken while the clock said four months later.
    run_at(&env, &later, "en", &["backup", "keep", "3"]).ok();
    for _ in 0..3 {
        run_at(&env, &later, "en", &["backup"]).ok();
    }
    let future = listed(&env);
    assert_eq!(future.len(), 3, "{future:?}");
    // The clock goes back to today: each new copy is kept, and the copies
    // removed are the oldest written, not the ones dated earliest.
    let out = env.run("es", &["backup"]).ok().to_string();
    assert!(out.contains("Copia de seguridad guardada"), "{out}");
    let first = listed(&env);
    assert_eq!(first.len(), 3, "{first:?}");
    assert_eq!(first[..2], future[1..], "the oldest written went");
    assert!(first[2].contains("manual"), "{first:?}");
    env.run("en", &["backup"]).ok();
    let second = listed(&env);
    assert_eq!(second[..2], first[1..], "{second:?}");
    assert_eq!(second.len(), 3);
    for name in &second {
        let p = env.path("libro.ayni.copias").join(name);
        entries_of(&env, &p);
    }
}

#[test]
fn a_clock_behind_the_book_is_named_as_the_problem() {
    // A book whose earlier months are closed, and a clock set a year back:
    // not "June is closed" but "the computer's date looks wrong".
    let env = demo();
    let before = env.snapshot();
    let year_ago = (crate::cli_common::test_now() - chrono::Duration::days(365))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let day = &year_ago[..10];
    let expense = [
        "entry",
        "add",
        "--description",
        "Luz",
        "--debit",
        "4503=5",
        "--credit",
        "1101=5",
    ];
    let e = run_at(&env, &year_ago, "es", &expense)
        .refused()
        .to_string();
    assert!(
        e.contains("La fecha de la computadora parece equivocada"),
        "{e}"
    );
    let shown = |d: &str| {
        ayni::domain::date::format_date(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date"),
            ayni::i18n::Lang::Es,
        )
    };
    assert!(e.contains(&shown(day)), "today is named: {e}");
    assert!(e.contains("ya se cerró"), "{e}");
    let e = run_at(&env, &year_ago, "en", &["dues", "generate"])
        .refused()
        .to_string();
    assert!(e.contains("The computer's date looks wrong"), "{e}");
    assert!(e.contains("is already closed"), "{e}");
    assert_eq!(env.snapshot(), before);

    // No month closed yet: an entry recorded today, then a clock ten days back.
    let env = Env::new();
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--description",
            "Donación",
            "--debit",
            "1101=50",
            "--credit",
            "3402=50",
        ],
    )
    .ok();
    let before = env.snapshot();
    let back = (crate::cli_common::test_now() - chrono::Duration::days(10))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let e = run_at(&env, &back, "en", &expense).refused().to_string();
    assert!(e.contains("The computer's date looks wrong"), "{e}");
    let en = |d: &str| {
        ayni::domain::date::format_date(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date"),
            ayni::i18n::Lang::En,
        )
    };
    assert!(e.contains(&en(&back[..10])), "{e}");
    assert!(
        e.contains(&format!("an entry recorded on {}", en(&today()))),
        "{e}"
    );
    assert_eq!(env.snapshot(), before);
    // Reading still works, and with the clock right the write goes through.
    run_at(&env, &back, "en", &["report", "trial-balance"]).ok();
    env.run("en", &expense).ok();
}

#[test]
fn every_writing_command_makes_the_days_copy_before_it_writes() {
    let env = Env::new();
    let folder = env.path("libro.ayni.copias");
    let daily = |env: &Env| -> Vec<String> {
        listed(env)
            .into_iter()
            .filter(|n| n.contains("diaria"))
            .collect()
    };
    // A read, and a write refused before it writes (an amount that reads two
    // ways), make none.
    env.run("en", &["member", "list"]).ok();
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--description",
            "x",
            "--debit",
            "4503=1.500",
            "--credit",
            "1101=1.500",
        ],
    )
    .refused();
    assert!(!folder.exists(), "no copy without a write");
    // The first write of the day copies the book as it was before it.
    let ced = env.add_member(5_000_001, "Killa", "Farinango");
    let first = daily(&env);
    assert_eq!(first.len(), 1, "{first:?}");
    let members_in = |p: &Path| {
        let mut c = ayni_in(env.dir.path());
        c.args(["--lang", "en", "--book"])
            .arg(p)
            .args(["check", "--format", "json"]);
        let out = c.output().expect("runs");
        json(&String::from_utf8_lossy(&out.stdout))["members"]
            .as_u64()
            .expect("a count")
    };
    assert_eq!(
        members_in(&folder.join(&first[0])),
        0,
        "taken before the write"
    );
    // Later writes that day make no other.
    env.add_member(5_000_002, "Inti", "Perugachi");
    env.run("en", &["member", "retire", &ced, "--reason", "mudanza"])
        .ok();
    assert_eq!(daily(&env), first);
    // Two more days of command-line writes: a copy each day.
    for days in [1, 2] {
        let then = (crate::cli_common::test_now() + chrono::Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        run_at(&env, &then, "en", &["backup", "keep", "5"]).ok();
        run_at(&env, &then, "en", &["backup", "keep", "6"]).ok();
        assert_eq!(daily(&env).len(), 1 + days as usize, "day +{days}");
    }
    let table = env.run("es", &["backup", "list"]).ok().to_string();
    assert!(table.contains("diaria"), "{table}");
    env.run("en", &["check"]).ok();
}

#[test]
fn a_daily_copy_that_cannot_be_made_is_a_warning_and_the_work_goes_on() {
    let env = Env::new();
    // A file where the backup folder should be: no copy can be made there.
    let folder = env.path("libro.ayni.copias");
    std::fs::write(&folder, "no soy una carpeta").expect("write");
    for (lang, says, body) in [
        ("es", "Aviso: no se pudo hacer la copia diaria", 5_000_011),
        (
            "en",
            "Warning: the daily copy of the book could not be made",
            5_000_012,
        ),
    ] {
        let ced = ayni::domain::ident::make_cedula(17, body);
        let out = env.run(
            lang,
            &[
                "member",
                "add",
                "--id-number",
                &ced,
                "--first-names",
                "Rosa",
                "--last-names",
                "Quispe",
                "--gender",
                "F",
                "--join-date",
                "2024-03-01",
            ],
        );
        out.ok();
        assert!(out.stderr.contains(says), "{}", out.stderr);
        let shown = env.run("en", &["member", "show", &ced]).ok().to_string();
        assert!(shown.contains("Quispe"), "{shown}");
    }
    assert_eq!(
        std::fs::read_to_string(&folder).expect("read"),
        "no soy una carpeta"
    );
    env.run("en", &["check"]).ok();
}
