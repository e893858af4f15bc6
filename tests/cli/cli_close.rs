//! `ayni close`: the month's close from the command line, its refusals
//! (nothing changes), the dry run, and the lock on the closed month.

use crate::cli_common::{Env, json};
use chrono::{Datelike, Months, NaiveDate};

/// The first day of the month `n` months before today's.
fn month_start(n: u32) -> NaiveDate {
    let today = crate::cli_common::today_date();
    let first = today.with_day(1).expect("day 1 exists");
    first
        .checked_sub_months(Months::new(n))
        .expect("a past month")
}

/// The entries a close of the month starting `m` posts besides the cash
/// count's: December's close also posts the year-end entry.
fn year_end_entries(m: NaiveDate) -> usize {
    usize::from(m.month() == 12)
}

fn ym(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn day(d: NaiveDate, n: u32) -> String {
    d.with_day(n).expect("day").format("%Y-%m-%d").to_string()
}

/// A fresh book with a donation of 100.00 in cash and an expense of 12.50
/// paid in cash, both in the month `n` months ago: cash 87.50 at its end.
fn book_with_entries(n: u32) -> (Env, NaiveDate) {
    let env = Env::new();
    let m = month_start(n);
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--date",
            &day(m, 3),
            "--description",
            "Donación de la parroquia",
            "--debit",
            "1101=100",
            "--credit",
            "3402=100",
        ],
    )
    .ok();
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--date",
            &day(m, 12),
            "--description",
            "Útiles de oficina",
            "--debit",
            "4507=12,50",
            "--credit",
            "1101=12,50",
        ],
    )
    .ok();
    (env, m)
}

/// The files in the book's backup folder (the day's copy made by the first
/// write of the test's setup, and any other).
fn copies_of(env: &Env) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(env.path("libro.ayni.copias"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn entry_count(env: &Env) -> usize {
    json(env.run("en", &["entry", "list", "--format", "json"]).ok())
        .as_array()
        .expect("a list of entries")
        .len()
}

fn trial_balance(env: &Env, month: &str) -> serde_json::Value {
    json(
        env.run(
            "en",
            &[
                "report",
                "trial-balance",
                "--month",
                month,
                "--format",
                "json",
            ],
        )
        .ok(),
    )
}

fn balance(tb: &serde_json::Value, code: &str) -> String {
    tb["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["code"] == code)
        .map(|a| a["balance"].as_str().expect("a string").to_string())
        .unwrap_or_else(|| "0.00".into())
}

#[test]
fn a_closed_month_refuses_postings_and_the_close_reports_its_backup() {
    let (env, m) = book_with_entries(1);
    let month = ym(m);
    let out = env
        .run("es", &["close", &month, "--cash-count", "87,50"])
        .ok()
        .to_string();
    assert!(out.contains("Mes cerrado"), "{out}");
    assert!(
        out.contains("Arqueo de caja: 87,50 (coincide con el libro)"),
        "{out}"
    );
    assert!(out.contains("caja 87,50"), "{out}");
    // The backup taken before the close exists and holds the book as it was.
    let backup_line = out
        .lines()
        .find(|l| l.contains("Copia de seguridad previa"))
        .expect("the backup is named");
    let backup = backup_line
        .split_once(": ")
        .map(|(_, p)| p.trim())
        .expect("a path");
    assert!(std::path::Path::new(backup).exists(), "{backup}");
    // A posting dated in the closed month is refused, and nothing changes.
    let before = env.snapshot();
    let e = env
        .run(
            "es",
            &[
                "entry",
                "add",
                "--date",
                &day(m, 20),
                "--description",
                "Tarde",
                "--debit",
                "4507=1",
                "--credit",
                "1101=1",
            ],
        )
        .refused()
        .to_string();
    assert!(e.contains("está cerrado"), "{e}");
    let e = env
        .run(
            "en",
            &[
                "entry",
                "add",
                "--date",
                &day(m, 1),
                "--description",
                "Late",
                "--debit",
                "4507=1",
                "--credit",
                "1101=1",
            ],
        )
        .refused()
        .to_string();
    assert!(e.contains("is closed"), "{e}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(entry_count(&env), 2 + year_end_entries(m));
    // The books are whole after the close.
    env.run("en", &["check"]).ok();
}

#[test]
fn a_dry_run_changes_nothing_and_shows_what_the_close_does() {
    let (env, m) = book_with_entries(1);
    let month = ym(m);
    let tmp = env.path("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let before = env.snapshot();
    let bytes = env.bytes();
    // The entries above made the day's automatic copy; a dry run adds none.
    let copies = copies_of(&env);
    assert_eq!(copies.len(), 1, "{copies:?}");
    let run = env
        .cmd("en")
        .env("TMPDIR", &tmp)
        .args([
            "close",
            &month,
            "--cash-count",
            "87.00",
            "--explain",
            "Shortfall: torn note",
            "--dry-run",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let dry = json(&String::from_utf8_lossy(&run.stdout));
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["month"], month.as_str());
    assert_eq!(dry["cash"], "87.00");
    assert_eq!(dry["backup"], serde_json::Value::Null);
    let entries = dry["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1 + year_end_entries(m), "{dry}");
    assert_eq!(entries[0]["description"], "Shortfall: torn note");
    assert_eq!(entries[0]["amount"], "0.50");
    // Nothing changed: the same book, byte for byte, no month closed, no
    // backup taken, and the temporary copy is gone.
    assert!(env.bytes() == bytes, "the book's bytes changed");
    assert_eq!(env.snapshot(), before);
    assert_eq!(copies_of(&env), copies);
    assert_eq!(std::fs::read_dir(&tmp).expect("tmp").count(), 0);
    // Without a cash count a dry run still works and says it was not given.
    let out = env
        .run("es", &["close", &month, "--dry-run"])
        .ok()
        .to_string();
    assert!(out.contains("no se guardó nada"), "{out}");
    assert!(out.contains("Arqueo de caja: no indicado"), "{out}");
    assert_eq!(env.snapshot(), before);
    // The real close does what the dry run said.
    let real = json(
        env.run(
            "en",
            &[
                "close",
                &month,
                "--cash-count",
                "87.00",
                "--explain",
                "Shortfall: torn note",
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(real["dry_run"], false);
    assert_eq!(real["entries"], dry["entries"]);
    assert_eq!(real["cash"], dry["cash"]);
    assert_eq!(real["last_entry"], dry["last_entry"]);
    let tb = trial_balance(&env, &month);
    assert_eq!(balance(&tb, "1101"), "87.00");
    if year_end_entries(m) == 0 {
        assert_eq!(balance(&tb, "4790"), "0.50");
    } else {
        // December: the year's expenses (12.50 + 0.50) closed into the
        // year's loss.
        assert_eq!(balance(&tb, "4790"), "0.00");
        assert_eq!(balance(&tb, "3604"), "13.00");
    }
}

#[test]
fn closing_twice_out_of_order_or_without_a_count_is_refused_and_changes_nothing() {
    let (env, older) = book_with_entries(2);
    let newer = month_start(1);
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            &day(newer, 5),
            "--description",
            "Fee",
            "--debit",
            "1101=10",
            "--credit",
            "5490=10",
        ],
    )
    .ok();
    let before = env.snapshot();
    // The oldest month with entries closes first.
    let e = env
        .run("es", &["close", &ym(newer), "--cash-count", "97,50"])
        .refused()
        .to_string();
    assert!(
        e.contains("Los meses se cierran en orden") && e.contains(&older.year().to_string()),
        "{e}"
    );
    // No cash count: the message gives the book's cash at the month's end.
    let e = env.run("es", &["close", &ym(older)]).refused().to_string();
    assert!(e.contains("--cash-count") && e.contains("87,50"), "{e}");
    let e = env.run("en", &["close", &ym(older)]).refused().to_string();
    assert!(
        e.contains("give the cash count") && e.contains("87.50"),
        "{e}"
    );
    // A count that differs, not explained.
    let e = env
        .run("en", &["close", &ym(older), "--cash-count", "90"])
        .refused()
        .to_string();
    assert!(
        e.contains("does not match") && e.contains("2.50") && e.contains("--explain"),
        "{e}"
    );
    // --explain alone, a bad amount, a bad month, a month not ended yet.
    let e = env
        .run("en", &["close", &ym(older), "--explain", "x"])
        .refused()
        .to_string();
    assert!(e.contains("--cash-count"), "{e}");
    let e = env
        .run("es", &["close", &ym(older), "--cash-count", "12,3,4"])
        .refused()
        .to_string();
    assert!(e.contains("12,3,4"), "{e}");
    env.run("en", &["close", "2026-13", "--cash-count", "1"])
        .refused();
    let next_year = format!("{}-01", crate::cli_common::today_date().year() + 1);
    let e = env
        .run("en", &["close", &next_year, "--cash-count", "1"])
        .refused()
        .to_string();
    assert!(e.contains("has not ended"), "{e}");
    assert_eq!(env.snapshot(), before);
    // Now in order: the older month, then the newer one.
    env.run("en", &["close", &ym(older), "--cash-count", "87.50"])
        .ok();
    let after_first = env.snapshot();
    let e = env
        .run("en", &["close", &ym(older), "--cash-count", "87.50"])
        .refused()
        .to_string();
    assert!(e.contains("already closed"), "{e}");
    assert!(e.contains("The next to close is"), "{e}");
    let e = env
        .run("es", &["close", &ym(older), "--cash-count", "87,50"])
        .refused()
        .to_string();
    assert!(e.contains("ya está cerrado"), "{e}");
    assert_eq!(env.snapshot(), after_first);
    let out = env
        .run("en", &["close", &ym(newer), "--cash-count", "97.50"])
        .ok()
        .to_string();
    assert!(out.contains("Month closed"), "{out}");
    assert!(out.contains("accepts no more entries"), "{out}");
}

#[test]
fn a_close_on_books_that_are_not_whole_is_refused() {
    let (env, m) = book_with_entries(1);
    // Change history outside ayni (entry 2's amounts, still balanced): only
    // the hash chain can tell.
    {
        use ayni::store::{Mode, Store, StoreRead};
        let store = Store::open(&env.book, Mode::ReadWrite).expect("open the file directly");
        let tx = store.write().expect("write tx");
        let mut e = tx.entry(2).expect("read").expect("entry 2");
        for p in &mut e.postings {
            p.amount = ayni::domain::money::Money::from_cents(p.amount.cents() + 100);
        }
        let bytes = postcard::to_allocvec(&e).expect("encode");
        tx.raw_put_entry_bytes(2, &bytes).expect("tamper");
        tx.commit().expect("commit");
    }
    let before = env.snapshot();
    let copies = copies_of(&env);
    let e = env
        .run("es", &["close", &ym(m), "--cash-count", "87,50"])
        .refused()
        .to_string();
    assert!(e.contains("no están íntegros"), "{e}");
    assert!(e.contains("asiento 2"), "{e}");
    assert_eq!(env.snapshot(), before);
    let e = env
        .run("en", &["close", &ym(m), "--dry-run"])
        .refused()
        .to_string();
    assert!(e.contains("not whole"), "{e}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(copies_of(&env), copies, "no backup was taken");
}

/// A book with one loan of 600.00 for 6 months disbursed in cash on the 3rd
/// of last month (1000.00 deposited on the 2nd): cash 400.00 at its end.
fn book_with_a_loan() -> (Env, NaiveDate) {
    let env = Env::new();
    let m = month_start(1);
    env.add_member(2_300_001, "Ana", "Lema");
    env.add_member(2_300_002, "Luis", "Males");
    {
        let mut book = ayni::books::Book::open(&env.book).expect("the book opens");
        book.deposit(
            1,
            None,
            ayni::domain::money::Money::from_cents(100_000),
            m.with_day(2).expect("day 2"),
            "1101",
        )
        .expect("deposit");
    }
    env.run(
        "es",
        &[
            "loan",
            "product",
            "add",
            "--name",
            "Microcrédito",
            "--method",
            "german",
            "--rate",
            "12",
            "--max-months",
            "24",
            "--max-amount",
            "3000",
            "--guarantee",
            "0",
        ],
    )
    .ok();
    env.run(
        "es",
        &[
            "loan",
            "new",
            "#1",
            "--product",
            "microcrédito",
            "--purpose",
            "Semillas",
            "--approval",
            "Acta 3",
            "--amount",
            "600",
            "--months",
            "6",
            "--guarantor",
            "#2",
            "--date",
            &day(m, 3),
        ],
    )
    .ok();
    env.run(
        "es",
        &[
            "loan",
            "disburse",
            "1",
            "--date",
            &day(m, 3),
            "--account",
            "caja",
        ],
    )
    .ok();
    (env, m)
}

#[test]
fn provision_percentages_are_shown_set_and_applied_by_the_close_with_its_dry_run() {
    let (env, m) = book_with_a_loan();
    let month = ym(m);
    // The defaults, in both languages and as JSON.
    let out = env.run("es", &["settings", "provisions"]).ok().to_string();
    assert!(
        out.contains("31 a 60 días de mora") && out.contains("361+"),
        "{out}"
    );
    let v = json(
        env.run("en", &["settings", "provisions", "--format", "json"])
            .ok(),
    );
    let percents: Vec<&str> = v["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| b["percent"].as_str().expect("percent"))
        .collect();
    assert_eq!(percents, ["1", "3", "10", "40", "100", "100", "100"]);
    // Refusals change nothing and say why.
    let before = env.snapshot();
    for (lang, set, says) in [
        ("es", "31-60=2", "no puede ser menor"),
        ("en", "31-60=2", "cannot be lower"),
        ("es", "30-60=5", "No existe el tramo"),
        ("en", "0=abc", "not a percentage"),
        ("en", "0", "write the bucket and the percentage"),
    ] {
        let err = env
            .run(lang, &["settings", "provisions", "--set", set])
            .refused()
            .to_string();
        assert!(err.contains(says), "{set}: {err}");
        assert_eq!(env.snapshot(), before, "{set}");
    }
    let out = env
        .run("es", &["settings", "provisions", "--set", "0=2"])
        .ok()
        .to_string();
    assert!(out.contains("guardados"), "{out}");

    // The dry run shows the provision it would post and posts nothing:
    // 600.00 up to date at 2 %.
    let before = env.snapshot();
    let out = env
        .run("es", &["close", &month, "--cash-count", "400", "--dry-run"])
        .ok()
        .to_string();
    assert!(
        out.contains("Provisión para créditos incobrables (1499)"),
        "{out}"
    );
    assert!(out.contains("se provisionaría 12,00"), "{out}");
    assert_eq!(env.snapshot(), before);
    let real = json(
        env.run(
            "en",
            &["close", &month, "--cash-count", "400", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(real["provision"]["required"], "12.00");
    assert_eq!(real["provision"]["held_before"], "0.00");
    assert_eq!(real["provision"]["change"], "12.00");
    assert_eq!(real["provision"]["buckets"][0]["outstanding"], "600.00");
    let tb = trial_balance(&env, &month);
    if year_end_entries(m) == 0 {
        assert_eq!(balance(&tb, "4402"), "12.00");
    }
    assert!(balance(&tb, "1499").contains("12.00"), "{tb}");
    let v = json(env.run("en", &["check", "--format", "json"]).ok());
    let item = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|i| i["name"] == "provisions")
        .cloned()
        .expect("a provisions item");
    assert_eq!(item["ok"], true, "{v}");
    // The balance sheet shows the portfolio net of the provision.
    let out = env
        .run("en", &["report", "balance-sheet", "--month", &month])
        .ok()
        .to_string();
    assert!(out.contains("(net)"), "{out}");
}

/// Closing month by month over two year ends: a surplus the first year, a
/// loss the next. At the second December close the first year's surplus
/// leaves 3603 for 3601, and the close says so; 3603/3604 hold one year.
#[test]
fn the_next_year_end_moves_the_previous_result_to_accumulated_results() {
    let env = Env::new();
    // January two years ago: both Decembers that follow have ended.
    let today = crate::cli_common::today_date();
    let first = NaiveDate::from_ymd_opt(today.year() - 2, 1, 1).expect("a January");
    let entry = |date: NaiveDate, what: &str, debit: &str, credit: &str| {
        env.run(
            "es",
            &[
                "entry",
                "add",
                "--date",
                &day(date, 10),
                "--description",
                what,
                "--debit",
                debit,
                "--credit",
                credit,
            ],
        )
        .ok();
    };
    // Year one: a donation of 500.00 to the bank; year two: 80.00 of expenses.
    entry(first, "Donación", "1103=500", "5690=500");
    let second_year = first
        .checked_add_months(Months::new(12))
        .expect("a year on");
    entry(
        second_year.with_month(5).expect("May"),
        "Útiles",
        "4507=80",
        "1103=80",
    );
    let mut m = first;
    let mut decembers = Vec::new();
    while decembers.len() < 2 {
        let lang = if decembers.is_empty() { "en" } else { "es" };
        let out = env
            .run(lang, &["close", &ym(m), "--cash-count", "0"])
            .ok()
            .to_string();
        if m.month() == 12 {
            decembers.push((ym(m), out));
        }
        m = m.checked_add_months(Months::new(1)).expect("next month");
    }
    let (dec1, out1) = &decembers[0];
    assert!(!out1.contains("Earlier years' results"), "{out1}");
    let tb = trial_balance(&env, dec1);
    // Balances are debit minus credit: a surplus is a credit.
    assert_eq!(balance(&tb, "3603"), "-500.00");
    assert_eq!(balance(&tb, "3601"), "0.00");
    let (dec2, out2) = &decembers[1];
    assert!(out2.contains("Resultados anteriores"), "{out2}");
    let tb = trial_balance(&env, dec2);
    assert_eq!(balance(&tb, "3601"), "-500.00");
    assert_eq!(balance(&tb, "3603"), "0.00");
    assert_eq!(balance(&tb, "3604"), "80.00");
    env.run("en", &["check"]).ok();
}
