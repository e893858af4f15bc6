//! `ayni init`, `ayni demo`, the book's location, the configuration file, and
//! the refusals that protect a book: locked, foreign, missing folder.

use crate::cli_common::{Env, ayni_in, json};
use ayni::books::Book;

#[test]
fn init_creates_a_book_and_refuses_an_existing_file() {
    let env = Env::empty();
    let r = env.run(
        "es",
        &[
            "init",
            "--name",
            "Asociación de Productores El Chaupi",
            "--kind",
            "asociacion",
        ],
    );
    let out = r.ok();
    assert!(out.contains("Libro creado en"), "{out}");
    assert!(out.contains("Asociación de Productores El Chaupi"), "{out}");
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let before = env.bytes();

    let r = env.run("es", &["init", "--name", "Otra"]);
    let err = r.refused();
    assert!(err.contains("Ya existe un archivo"), "{err}");
    assert!(env.bytes() == before, "the existing book is untouched");

    let r = env.run("en", &["init", "--name", "Other"]);
    assert!(r.refused().contains("already exists"), "{}", r.stderr);
}

#[test]
fn init_validates_kind_name_and_ruc() {
    let env = Env::empty();
    let r = env.run("es", &["init", "--name", "X", "--kind", "banco"]);
    assert!(r.refused().contains("no es un tipo de organización"));
    let r = env.run("es", &["init", "--name", "   "]);
    assert!(r.refused().contains("Falta el nombre"), "{}", r.stderr);
    let r = env.run("en", &["init", "--name", "X", "--ruc", "1790012345002"]);
    assert!(r.refused().contains("RUC"), "{}", r.stderr);
    assert!(!env.book.exists(), "nothing was created");
}

#[test]
fn explicit_book_in_a_missing_folder_is_a_clear_error() {
    let env = Env::empty();
    let missing = env.path("no/such/folder/libro.ayni");
    for args in [
        &[][..], // the TUI: refused before it starts
        &["init", "--name", "Caja"][..],
        &["member", "list"][..],
        &["check"][..],
        &["demo"][..],
    ] {
        let r = ayni_in(env.dir.path())
            .args(["--lang", "es", "--book"])
            .arg(&missing)
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(r.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("La carpeta"), "{args:?}: {err}");
        assert!(err.contains("no existe"), "{args:?}: {err}");
    }
    assert!(!env.path("no").exists(), "no folder was created");
}

#[test]
fn env_var_names_the_book() {
    let env = Env::empty();
    let out = ayni_in(env.dir.path())
        .env("AYNI_BOOK", &env.book)
        .args(["--lang", "en", "init", "--name", "Caja Env"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(env.book.exists());
}

#[test]
fn default_book_lives_in_the_data_folder_which_is_created() {
    let env = Env::empty();
    // No book yet: a read command says how to make one.
    let r = env.run_default("es", &["member", "list"]);
    let err = r.refused();
    assert!(err.contains("No hay un libro en"), "{err}");
    assert!(err.contains("ayni init"), "{err}");

    let r = env.run_default("en", &["init", "--name", "Caja Default"]);
    r.ok();
    let expected = env.path("data").join("ayni").join("libro.ayni");
    assert!(expected.exists(), "{}", r.stdout);
    assert!(r.stdout.contains(&expected.display().to_string()));
    env.run_default("en", &["member", "list"]).ok();
}

#[test]
fn a_book_beside_the_program_is_its_default_book_the_portable_folder() {
    // The portable folder: the program, and libro.ayni beside it.
    let env = Env::empty();
    let folder = env.path("USB");
    std::fs::create_dir(&folder).expect("folder");
    let exe = folder.join(if cfg!(windows) { "ayni.exe" } else { "ayni" });
    std::fs::copy(env!("CARGO_BIN_EXE_ayni"), &exe).expect("copy the program");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&exe)
            .env_remove("AYNI_BOOK")
            .env("HOME", env.dir.path())
            .env("XDG_CONFIG_HOME", env.path("config"))
            .env("XDG_DATA_HOME", env.path("data"))
            .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
            .args(["--lang", "en"])
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // Without the book beside it, the data folder's (none yet).
    assert_eq!(run(&["member", "list"]).0, Some(1));
    let book = folder.join("libro.ayni");
    let (code, out) = run(&[
        "--book",
        book.to_str().expect("path"),
        "init",
        "--name",
        "Caja Portatil Llankay",
    ]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(&["check"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(&["report", "trial-balance"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Caja Portatil Llankay"), "{out}");
    assert!(
        !env.path("data").join("ayni").join("libro.ayni").exists(),
        "nothing was made in the data folder"
    );
}

#[test]
fn a_book_open_in_another_ayni_is_refused_with_a_clear_message() {
    let env = Env::new();
    let held = Book::open(&env.book).expect("the test holds the book open");
    for (lang, args, expected) in [
        (
            "es",
            &["member", "list"][..],
            "está abierto en otro programa ayni",
        ),
        ("en", &["check"][..], "is open in another ayni"),
        (
            "es",
            &[
                "member",
                "add",
                "--id-number",
                "1710034065",
                "--first-names",
                "Ana",
                "--last-names",
                "Pilco",
                "--gender",
                "F",
                "--join-date",
                "2024-01-01",
            ][..],
            "está abierto en otro programa ayni",
        ),
        ("en", &["demo", "--force"][..], "is open in another ayni"),
    ] {
        let r = env.run(lang, args);
        let err = r.refused();
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    drop(held);
    assert!(
        env.run("es", &["member", "list"])
            .ok()
            .contains("No hay socios que mostrar.")
    );
}

#[test]
fn foreign_files_are_refused_and_left_byte_identical() {
    let env = Env::empty();
    let mut random = Vec::with_capacity(8192);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..8192 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push((x >> 24) as u8);
    }
    let text = "fecha,detalle,valor\n2026-01-01,cuota,5.00\n"
        .as_bytes()
        .to_vec();
    for (name, content) in [
        ("random.bin", random),
        ("notes.csv", text),
        ("empty", vec![]),
    ] {
        let path = env.path(name);
        std::fs::write(&path, &content).expect("write");
        for args in [
            &["member", "list"][..],
            &["check"][..],
            &["report", "trial-balance"][..],
            &[
                "entry",
                "add",
                "--description",
                "x",
                "--debit",
                "1101=1",
                "--credit",
                "3402=1",
            ][..],
            &["demo", "--force"][..],
            &["init", "--name", "X"][..],
        ] {
            let out = ayni_in(env.dir.path())
                .args(["--lang", "es", "--book"])
                .arg(&path)
                .args(args)
                .output()
                .expect("runs");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name} {args:?}: {err}");
            assert!(
                err.contains("no es un libro de ayni") || err.contains("Ya existe un archivo"),
                "{name} {args:?}: {err}"
            );
            assert_eq!(
                std::fs::read(&path).expect("read"),
                content,
                "{name} {args:?}"
            );
        }
    }
}

#[test]
fn demo_creates_a_practice_book_and_protects_real_books() {
    let env = Env::empty();
    let r = env.run(
        "es",
        &["demo", "--members", "8", "--months", "3", "--seed", "7"],
    );
    let out = r.ok().to_string();
    assert!(out.contains("Libro de práctica creado"), "{out}");
    assert!(out.contains("Socios: 8"), "{out}");
    assert!(out.contains(&env.book.display().to_string()), "{out}");

    let list = json(
        env.run("es", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    assert_eq!(list.as_array().map(Vec::len), Some(8));

    // Without --force an existing book is never overwritten.
    let before = env.bytes();
    let r = env.run("es", &["demo", "--members", "5", "--months", "2"]);
    assert!(r.refused().contains("--force"), "{}", r.stderr);
    assert!(env.bytes() == before, "the book file is byte-identical");

    // With --force a practice book is replaced.
    let r = env.run(
        "en",
        &["demo", "--members", "5", "--months", "2", "--force"],
    );
    assert!(r.ok().contains("Members: 5"), "{}", r.stdout);

    // A real book is refused even with --force.
    let real = Env::new();
    let before = real.bytes();
    let r = real.run("es", &["demo", "--force"]);
    let err = r.refused();
    assert!(err.contains("es un libro real"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(real.bytes() == before, "the book file is byte-identical");
    let r = real.run("en", &["demo", "--force"]);
    assert!(r.refused().contains("is a real book"), "{}", r.stderr);
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let a = Env::empty();
    let b = Env::empty();
    for env in [&a, &b] {
        env.run(
            "es",
            &["demo", "--members", "6", "--months", "2", "--seed", "42"],
        )
        .ok();
    }
    let list = |e: &Env| {
        e.run("en", &["member", "list", "--format", "csv"])
            .ok()
            .to_string()
    };
    assert_eq!(list(&a), list(&b));
    let tb = |e: &Env| {
        e.run("en", &["report", "trial-balance", "--format", "json"])
            .ok()
            .to_string()
    };
    assert_eq!(tb(&a), tb(&b));
}

#[test]
fn demo_sizes_are_bounded() {
    let env = Env::empty();
    let r = env.run("es", &["demo", "--members", "0"]);
    assert!(r.refused().contains("de 1 a 2000 socios"));
    let r = env.run("en", &["demo", "--months", "500"]);
    assert!(r.refused().contains("1 to 120 months"));
    assert!(!env.book.exists());
}

#[test]
fn language_comes_from_flag_then_config_then_locale() {
    let env = Env::new();
    let cfg = env.path("config").join("ayni");
    std::fs::create_dir_all(&cfg).expect("mkdir");

    // Locale only.
    let out = ayni_in(env.dir.path())
        .env("LANG", "en_US.UTF-8")
        .arg("--book")
        .arg(&env.book)
        .args(["member", "list"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No members to show."));

    // The config file wins over the locale.
    std::fs::write(cfg.join("config.toml"), "lang = \"es\"\n").expect("write");
    let out = ayni_in(env.dir.path())
        .env("LANG", "en_US.UTF-8")
        .arg("--book")
        .arg(&env.book)
        .args(["member", "list"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No hay socios que mostrar."));

    // --lang wins over everything.
    let out = ayni_in(env.dir.path())
        .args(["--lang", "en", "--book"])
        .arg(&env.book)
        .args(["member", "list"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No members to show."));
}

#[test]
fn a_malformed_config_is_a_warning_not_a_crash() {
    let env = Env::new();
    let cfg = env.path("config").join("ayni");
    std::fs::create_dir_all(&cfg).expect("mkdir");
    std::fs::write(cfg.join("config.toml"), "lang = \"es\ntheme = [").expect("write");
    let r = env.run("es", &["member", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("Aviso"), "{}", r.stderr);
    assert!(r.stderr.contains("mal escrita"), "{}", r.stderr);
    assert!(r.stdout.contains("No hay socios que mostrar."));

    std::fs::write(cfg.join("config.toml"), "lang = \"fr\"\n").expect("write");
    let r = env.run("en", &["member", "list"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("'fr'"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    let r = env.run("es", &["member", "frobnicate"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.run("es", &["entry", "reverse", "abc"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let out = ayni_in(env.dir.path())
        .args(["--lang", "xx", "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(debug_assertions)]
#[test]
fn an_internal_error_is_one_sentence_without_backtrace() {
    let env = Env::new();
    let out = env
        .cmd("es")
        .env("AYNI_DEBUG_PANIC", "1")
        .args(["member", "list"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("error interno"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("stack backtrace"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
