//! Shared helpers for the command-line tests: a temporary book and a hermetic
//! environment (no user configuration, no AYNI_BOOK, no locale).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use ayni::domain::ident::make_cedula;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub book: PathBuf,
}

/// What one run of the program gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
    /// Asserts exit 0 and no panic text; returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        &self.stdout
    }
    /// Asserts exit 1 (a refused operation) and no panic text; returns stderr.
    pub fn refused(&self) -> &str {
        assert_eq!(
            self.code, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains("RUST_BACKTRACE"), "{}", self.stderr);
        assert!(!self.stderr.trim().is_empty(), "a refusal says why");
        &self.stderr
    }
}

/// The program with a hermetic environment rooted in `home`.
pub fn ayni_in(home: &Path) -> Command {
    let mut c = Command::cargo_bin("ayni").expect("the ayni binary is built");
    c.env_remove("AYNI_BOOK")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("RUST_BACKTRACE", "1")
        .env(ayni::clock::ENV, test_now_arg());
    c
}

impl Env {
    /// A temporary folder; the book path inside it is not created yet.
    pub fn empty() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let book = dir.path().join("libro.ayni");
        Env { dir, book }
    }

    /// A temporary folder with a fresh book (`init`).
    pub fn new() -> Env {
        let env = Env::empty();
        env.run(
            "es",
            &[
                "init",
                "--name",
                "Caja de Ahorro Sumak Kawsay",
                "--kind",
                "caja",
            ],
        )
        .ok();
        env
    }

    /// The program on this book, in `lang`.
    pub fn cmd(&self, lang: &str) -> Command {
        let mut c = ayni_in(self.dir.path());
        c.arg("--lang").arg(lang).arg("--book").arg(&self.book);
        c
    }

    pub fn run(&self, lang: &str, args: &[&str]) -> Run {
        Run::from(self.cmd(lang).args(args).output().expect("ayni runs"))
    }

    /// Runs without `--book` (the default book in the temporary data folder).
    pub fn run_default(&self, lang: &str, args: &[&str]) -> Run {
        let mut c = ayni_in(self.dir.path());
        c.arg("--lang").arg(lang).args(args);
        Run::from(c.output().expect("ayni runs"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Adds a member with a valid cédula made from `body`; returns the cédula.
    pub fn add_member(&self, body: u32, first: &str, last: &str) -> String {
        let ced = make_cedula(17, body);
        self.run(
            "es",
            &[
                "member",
                "add",
                "--id-number",
                &ced,
                "--first-names",
                first,
                "--last-names",
                last,
                "--gender",
                "F",
                "--join-date",
                "2024-03-01",
                "--community",
                "Peguche",
            ],
        )
        .ok();
        ced
    }

    /// What the book holds, as the program shows it: journal, members, chart.
    /// (A refused write may still touch the file's bytes through the storage
    /// engine's bookkeeping; this compares what matters.)
    pub fn snapshot(&self) -> String {
        let mut s = self.run("en", &["export", "journal"]).ok().to_string();
        s.push_str(
            self.run("en", &["member", "list", "--all", "--format", "json"])
                .ok(),
        );
        s.push_str(self.run("en", &["account", "list", "--format", "csv"]).ok());
        s
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.book).expect("the book exists")
    }
}

/// The instant the tests run "at": `AYNI_TEST_NOW` (CI sets it to month and
/// year ends, leap days and today), else a fixed Wednesday in November, so a
/// book built by a test is the same whatever day the suite runs. The program
/// under test gets it as `AYNI_NOW`; library calls made by the tests read the
/// same instant (the process clock is pinned to it).
pub fn test_now() -> chrono::NaiveDateTime {
    let at = std::env::var("AYNI_TEST_NOW").unwrap_or_default();
    let t = if at.trim().is_empty() {
        ayni::clock::parse(DEFAULT_TEST_NOW)
    } else {
        ayni::clock::parse(&at)
    };
    let t = t.unwrap_or_else(|| panic!("AYNI_TEST_NOW={at} is not YYYY-MM-DDTHH:MM[:SS]"));
    ayni::clock::pin(t);
    t
}

/// [`test_now`] as the program reads it in `AYNI_NOW`.
pub fn test_now_arg() -> String {
    test_now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The default instant of the tests.
pub const DEFAULT_TEST_NOW: &str = "2026-11-18T10:30:00";

/// Today, as the program under test sees it.
pub fn today_date() -> chrono::NaiveDate {
    test_now().date()
}

/// Today, as the program under test sees it, `YYYY-MM-DD`.
pub fn today() -> String {
    today_date().format("%Y-%m-%d").to_string()
}

/// The current month, `YYYY-MM`.
pub fn this_month() -> String {
    today_date().format("%Y-%m").to_string()
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}
