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
    // Restore: the books are as they were at the copy, the replaced book aside.
    let out = env
        .run("es", &["restore", &copy.to_string_lossy()])
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
                && !p.to_string_lossy().ends_with(".restaurando"))
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
