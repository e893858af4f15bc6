//! The book follows the computer's local date: one clock, moved by
//! `AYNI_NOW` for a class or a test, in local time (Ecuador is UTC−5, so a
//! payment at 20:00 on the 31st is already the 1st in UTC and still belongs
//! to the 31st).

use crate::cli_common::{Env, json};
use chrono::{Duration, NaiveDate, Utc};

/// Ecuador's time zone, written so that it needs no time zone database.
const ECUADOR: &str = "<-05>5";

/// An expense posted without a date, at `now` on the program's clock.
fn post_undated(env: &Env, now: Option<&str>, tz: &str) -> crate::cli_common::Run {
    let mut c = env.cmd("en");
    match now {
        Some(t) => c.env(ayni::clock::ENV, t),
        None => c.env_remove(ayni::clock::ENV),
    };
    let o = c
        .env("TZ", tz)
        .args([
            "entry",
            "add",
            "--description",
            "Luz de la sede",
            "--debit",
            "4503=5",
            "--credit",
            "1101=5",
        ])
        .output()
        .expect("runs");
    crate::cli_common::Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A cash donation on the first of the month, so the expense has cash,
/// recorded on that day.
fn with_cash(env: &Env, first: &str) {
    let o = env
        .cmd("en")
        .env(ayni::clock::ENV, first)
        .args([
            "entry",
            "add",
            "--date",
            first,
            "--description",
            "Donación",
            "--debit",
            "1101=50",
            "--credit",
            "3402=50",
        ])
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn twenty_hours_on_the_31st_in_ecuador_is_still_the_31st() {
    // 2026-10-31 20:00 in Ecuador is 2026-11-01 01:00 in UTC.
    let env = Env::new();
    with_cash(&env, "2026-10-01");
    post_undated(&env, Some("2026-10-31T20:00:00"), ECUADOR).ok();
    assert_eq!(expense_date(&env), "2026-10-31");
    // It is October's: October's trial balance has it, November has not begun.
    let tb = env
        .cmd("en")
        .env(ayni::clock::ENV, "2026-10-31T20:00:00")
        .args([
            "report",
            "trial-balance",
            "--month",
            "2026-10",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    let tb = String::from_utf8_lossy(&tb.stdout).into_owned();
    assert!(tb.lines().any(|l| l.starts_with("4503,")), "{tb}");
}

#[test]
fn without_a_moved_clock_the_book_follows_the_computers_local_date() {
    // The program on the computer's own clock, in Ecuador's time zone: the
    // entry is dated with the local date, which the test works out from UTC
    // (before and after the run, in case midnight passes between them).
    let env = Env::new();
    let local = || (Utc::now() - Duration::hours(5)).date_naive();
    let before = local();
    let first = before.format("%Y-%m-01").to_string();
    with_cash(&env, &first);
    post_undated(&env, None, ECUADOR).ok();
    let after = local();
    let got = NaiveDate::parse_from_str(&expense_date(&env), "%Y-%m-%d").expect("a date");
    assert!(got == before || got == after, "{got} is not {before}");
}

/// The date of the expense (the entry that is not the donation).
fn expense_date(env: &Env) -> String {
    let v = json(env.run("en", &["entry", "list", "--format", "json"]).ok());
    v.as_array()
        .expect("a list")
        .iter()
        .find(|e| e["description"] == "Luz de la sede")
        .and_then(|e| e["date"].as_str())
        .expect("the expense")
        .to_string()
}

#[test]
fn a_moved_clock_that_cannot_be_read_is_refused_in_words() {
    let env = Env::new();
    let before = env.snapshot();
    for (lang, word) in [("es", "no es una fecha"), ("en", "is not a local date")] {
        let o = env
            .cmd(lang)
            .env(ayni::clock::ENV, "mañana")
            .args(["member", "list"])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(word), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_moved_clock_runs_from_where_it_was_set() {
    // AYNI_NOW sets where the clock starts, not a frozen instant: one second
    // before midnight the entry is dated that day, or the next if the run
    // took longer than that second.
    let env = Env::new();
    with_cash(&env, "2027-02-01");
    post_undated(&env, Some("2027-02-28T23:59:59"), ECUADOR).ok();
    let d = expense_date(&env);
    assert!(d == "2027-02-28" || d == "2027-03-01", "{d}");
}
