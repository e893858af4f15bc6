//! `ayni report trial-balance`, `ayni export journal` (checked against
//! hledger when it is installed) and `ayni check` (fresh, demo, tampered).

use std::collections::BTreeMap;
use std::process::Command as StdCommand;

use crate::cli_common::{Env, json, this_month, today};
use ayni::store::{Mode, Store, StoreRead};

/// A book with members, a subledger, a sub-account and a reversal.
fn busy_book() -> (Env, String) {
    let env = Env::new();
    let a = env.add_member(2_100_001, "Rosa", "Tupiza");
    let b = env.add_member(2_100_002, "Luis", "Cando");
    env.run(
        "es",
        &[
            "account",
            "add",
            "--parent",
            "1103",
            "--code",
            "110301",
            "--name",
            "Banco Pichincha",
        ],
    )
    .ok();
    let t = today();
    for args in [
        vec![
            "--date",
            &t,
            "--description",
            "Aportes; enero",
            "--debit",
            "1101=30",
            "--credit",
            "3103=20@#1",
            "--credit",
            "3103=10@#2",
        ],
        vec![
            "--description",
            "Depósito: banco",
            "--debit",
            "110301=25,75",
            "--credit",
            "1101=25,75",
        ],
        vec![
            "--description",
            "Donación (ONG)",
            "--debit",
            "110301=1000",
            "--credit",
            "3402=1.000,00",
            "--reference",
            "=HYPERLINK()",
        ],
        vec![
            "--description",
            "Útiles #3",
            "--debit",
            "4501=3,33",
            "--credit",
            "1101=3,33",
        ],
    ] {
        let mut all = vec!["entry", "add"];
        all.extend(args);
        env.run("es", &all).ok();
    }
    env.run("es", &["entry", "reverse", "4"]).ok();
    let _ = (a, b);
    (env, t)
}

#[test]
fn trial_balance_json_has_exactly_the_issue_shape() {
    let (env, _) = busy_book();
    let v = json(
        env.run("es", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let obj = v.as_object().expect("object");
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        vec!["accounts", "month", "totals"]
    );
    assert_eq!(v["month"], this_month().as_str());
    let accounts = v["accounts"].as_array().expect("accounts");
    assert!(!accounts.is_empty());
    for a in accounts {
        let keys: Vec<&String> = a.as_object().expect("row").keys().collect();
        assert_eq!(
            keys,
            vec![
                "balance",
                "balance_credit",
                "balance_debit",
                "code",
                "credit",
                "debit",
                "name"
            ],
            "{a}"
        );
        for k in [
            "debit",
            "credit",
            "balance",
            "balance_debit",
            "balance_credit",
        ] {
            let s = a[k].as_str().expect("amounts are strings");
            let (_, dec) = s.rsplit_once('.').expect("a point");
            assert_eq!(dec.len(), 2, "{s}");
            assert!(!s.contains(','), "{s}");
        }
        // Sumas y saldos: the balance is on one side, never negative.
        let (bd, bc) = (a["balance_debit"].as_str(), a["balance_credit"].as_str());
        assert!(bd == Some("0.00") || bc == Some("0.00"), "{a}");
        assert!(!bd.unwrap_or("-").starts_with('-') && !bc.unwrap_or("-").starts_with('-'));
    }
    let t = v["totals"].as_object().expect("totals");
    assert_eq!(
        t.keys().collect::<Vec<_>>(),
        vec!["balance_credit", "balance_debit", "credit", "debit"]
    );
    assert_eq!(v["totals"]["debit"], v["totals"]["credit"]);
    assert_eq!(v["totals"]["balance_debit"], v["totals"]["balance_credit"]);
    assert_eq!(v["totals"]["debit"], "1062.41");
    let caja = accounts.iter().find(|a| a["code"] == "1101").expect("1101");
    assert_eq!(caja["name"], "Caja");
    assert_eq!(caja["debit"], "33.33");
    assert_eq!(caja["credit"], "29.08");
    assert_eq!(caja["balance"], "4.25");
    assert_eq!(caja["balance_debit"], "4.25");
    assert_eq!(caja["balance_credit"], "0.00");

    let v = json(
        env.run(
            "en",
            &[
                "report",
                "trial-balance",
                "--format",
                "json",
                "--month",
                "2020-01",
            ],
        )
        .ok(),
    );
    assert_eq!(v["month"], "2020-01");
    assert_eq!(v["accounts"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["totals"]["debit"], "0.00");

    let r = env.run("es", &["report", "trial-balance", "--month", "2026-13"]);
    r.refused();
}

#[test]
fn trial_balance_table_and_csv() {
    let (env, _) = busy_book();
    let table = env.run("es", &["report", "trial-balance"]).ok().to_string();
    assert!(
        table.starts_with("Balance de comprobación — Caja de Ahorro Sumak Kawsay — al "),
        "{table}"
    );
    assert!(
        table.contains("Código") && table.contains("Debe") && table.contains("Haber"),
        "{table}"
    );
    assert!(table.contains("1.062,41"), "{table}");
    let total = table
        .lines()
        .find(|l| l.starts_with("TOTAL"))
        .expect("total line");
    assert_eq!(total.matches("1.062,41").count(), 2, "{total}");

    let en = env.run("en", &["report", "trial-balance"]).ok().to_string();
    assert!(en.starts_with("Trial balance — "), "{en}");
    assert!(en.contains("1,062.41"), "{en}");

    let csv = env
        .run("en", &["report", "trial-balance", "--format", "csv"])
        .ok()
        .to_string();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rdr.headers().expect("header").iter().collect::<Vec<_>>(),
        vec![
            "code",
            "account",
            "debit",
            "credit",
            "balance",
            "debit_balance",
            "credit_balance"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    let last = rows.last().expect("total row");
    assert_eq!(&last[1], "TOTAL");
    assert_eq!(&last[2], &last[3]);
    assert_eq!(&last[4], "0.00");
    assert_eq!(
        &last[5], &last[6],
        "sum of debit balances = sum of credit balances"
    );
    assert!(
        rows.iter().any(|r| &r[0] == "110301"
            && &r[4] == "1025.75"
            && &r[5] == "1025.75"
            && r[6].is_empty()),
        "{csv}"
    );
    // A credit balance is in its own column, as a positive figure.
    for r in &rows[..rows.len() - 1] {
        let balance: f64 = r[4].parse().expect("balance");
        if balance < 0.0 {
            assert_eq!(
                (&r[5], r[6].parse::<f64>().ok()),
                ("", Some(-balance)),
                "{r:?}"
            );
        }
    }

    // -o writes the report to a file.
    let file = env.path("balance.csv");
    let r = env.run(
        "es",
        &[
            "report",
            "trial-balance",
            "--format",
            "csv",
            "-o",
            file.to_str().expect("utf8"),
        ],
    );
    r.ok();
    assert!(
        r.stderr.is_empty() || r.stderr.contains("Guardado en"),
        "{}",
        r.stderr
    );
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(
        written.starts_with("codigo,cuenta,debe,haber,saldo,saldo_deudor,saldo_acreedor\n"),
        "{written}"
    );

    // ... but never over a book.
    let before = env.bytes();
    let r = env.run(
        "es",
        &[
            "report",
            "trial-balance",
            "-o",
            env.book.to_str().expect("utf8"),
        ],
    );
    assert!(
        r.refused()
            .contains("es un libro de ayni; no se sobrescribe"),
        "{}",
        r.stderr
    );
    assert!(env.bytes() == before, "the book file is byte-identical");
}

/// Balances per account code from `hledger bal` CSV output.
fn hledger_balances(csv: &str) -> BTreeMap<String, String> {
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let mut out = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.expect("hledger csv row");
        let account = rec[0].to_string();
        let leaf = account.rsplit(':').next().unwrap_or("").to_string();
        let code = leaf.split(' ').next().unwrap_or("").to_string();
        let amount = rec[1]
            .trim()
            .trim_end_matches("USD")
            .trim()
            .replace(',', "");
        out.insert(code, amount);
    }
    out
}

#[test]
fn export_journal_agrees_with_the_trial_balance_in_hledger() {
    let (env, t) = busy_book();
    let out = env.run("es", &["export", "journal"]).ok().to_string();
    assert!(
        out.contains("1 Activos:11 Fondos disponibles:1103 Bancos"),
        "{out}"
    );
    assert!(out.contains(&format!("{t} * (1) Aportes, enero")), "{out}");
    assert!(out.contains("; reverses: 4"), "{out}");
    assert_eq!(out.matches(" * (").count(), 5, "{out}");

    let file = env.path("diario.journal");
    let r = env.run(
        "en",
        &["export", "journal", "-o", file.to_str().expect("utf8")],
    );
    r.ok();
    assert!(
        r.stderr.contains("Journal exported: 5 entries"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).expect("written"), out);

    let Some(from_ayni) = hledger_agrees(&env, &file) else {
        return;
    };
    assert!(from_ayni.contains_key("110301"));

    // And on a demo book with a year of history, closed months and retirements.
    let demo = Env::empty();
    demo.run(
        "es",
        &["demo", "--members", "25", "--months", "12", "--seed", "5"],
    )
    .ok();
    let file = demo.path("demo.journal");
    demo.run(
        "es",
        &["export", "journal", "-o", file.to_str().expect("utf8")],
    )
    .ok();
    let balances = hledger_agrees(&demo, &file).expect("hledger ran above");
    assert!(balances.len() > 5, "{balances:?}");
}

/// Compares every account's balance in `hledger bal` on the exported journal
/// with ayni's trial balance, to the cent. Returns the balances compared, or
/// `None` (with a note) when hledger is not installed.
fn hledger_agrees(env: &Env, file: &std::path::Path) -> Option<BTreeMap<String, String>> {
    let Ok(version) = StdCommand::new("hledger").arg("--version").output() else {
        println!(
            "NOTE: hledger is not installed; skipping the hledger comparison (apt-get install hledger)"
        );
        return None;
    };
    if !version.status.success() {
        println!("NOTE: hledger does not run here; skipping the hledger comparison");
        return None;
    }
    let hl = StdCommand::new("hledger")
        .arg("-f")
        .arg(file)
        .args(["bal", "--flat", "--no-total", "-O", "csv"])
        .output()
        .expect("hledger runs");
    let hl_out = String::from_utf8_lossy(&hl.stdout).to_string();
    assert!(
        hl.status.success(),
        "{}",
        String::from_utf8_lossy(&hl.stderr)
    );
    let from_hledger = hledger_balances(&hl_out);
    // The entries are in date order.
    let order = StdCommand::new("hledger")
        .arg("-f")
        .arg(file)
        .args(["check", "ordereddates"])
        .output()
        .expect("hledger runs");
    assert!(
        order.status.success(),
        "hledger check ordereddates: {}",
        String::from_utf8_lossy(&order.stderr)
    );

    let v = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let mut from_ayni = BTreeMap::new();
    for a in v["accounts"].as_array().expect("accounts") {
        let balance = a["balance"].as_str().expect("balance").to_string();
        if balance != "0.00" {
            from_ayni.insert(a["code"].as_str().expect("code").to_string(), balance);
        }
    }
    // hledger drops zero balances and writes "0" for them; compare to the cent.
    let from_hledger: BTreeMap<String, String> = from_hledger
        .into_iter()
        .filter(|(_, v)| v != "0")
        .map(|(k, v)| {
            let cents = v.parse::<rust_decimal::Decimal>().expect("hledger amount");
            (k, format!("{cents:.2}"))
        })
        .collect();
    assert_eq!(from_hledger, from_ayni, "hledger:\n{hl_out}");
    Some(from_ayni)
}

#[test]
fn check_passes_on_a_fresh_and_a_busy_book() {
    let fresh = Env::new();
    let out = fresh.run("es", &["check"]).ok().to_string();
    assert!(out.contains("✓ Cada asiento cuadra"), "{out}");
    assert!(
        out.contains("✓ Cadena de hashes del diario y sellos de los registros intactos"),
        "{out}"
    );
    assert!(!out.contains('✗'), "{out}");
    assert!(out.contains("El libro está íntegro"), "{out}");

    let (busy, _) = busy_book();
    let out = busy.run("en", &["check"]).ok().to_string();
    assert!(
        out.contains("✓ Member subledgers reconcile to their control accounts"),
        "{out}"
    );
    assert!(
        out.contains("The book is whole: 5 entries and 2 members verified."),
        "{out}"
    );
    let v = json(busy.run("en", &["check", "--format", "json"]).ok());
    assert_eq!(v["ok"], true);
    assert_eq!(v["entries"], 5);
    assert!(
        v["checks"]
            .as_array()
            .is_some_and(|c| c.iter().all(|i| i["ok"] == true))
    );
}

#[test]
fn check_passes_on_demo_books() {
    for args in [
        &["demo"][..],
        &["demo", "--members", "12", "--months", "4", "--seed", "3"][..],
        &["demo", "--members", "3", "--months", "1", "--seed", "99"][..],
    ] {
        let env = crate::cli_common::Env::empty();
        env.run("es", args).ok();
        let out = env.run("es", &["check"]).ok().to_string();
        assert!(!out.contains('✗'), "{args:?}: {out}");
        assert!(out.contains("El libro está íntegro"), "{args:?}: {out}");
    }
}

#[test]
fn check_fails_naming_the_entry_on_a_tampered_book() {
    let (env, _) = busy_book();
    {
        let store = Store::open(&env.book, Mode::ReadWrite).expect("open the file directly");
        let tx = store.write().expect("write tx");
        let mut e = tx.entry(2).expect("read").expect("entry 2");
        // Keep it balanced: only the hash chain can tell.
        for p in &mut e.postings {
            p.amount = ayni::domain::money::Money::from_cents(p.amount.cents() + 100);
        }
        let bytes = postcard::to_allocvec(&e).expect("encode");
        tx.raw_put_entry_bytes(2, &bytes).expect("tamper");
        tx.commit().expect("commit");
    }
    let r = env.run("es", &["check"]);
    let err = r.refused();
    assert!(
        r.stdout
            .contains("✗ Cadena de hashes del diario y sellos de los registros intactos"),
        "{}",
        r.stdout
    );
    assert!(err.contains("asiento 2"), "{err}");
    assert!(err.starts_with("Falla:"), "{err}");

    let r = env.run("en", &["check", "--format", "json"]);
    let err = r.refused();
    assert!(err.contains("entry 2"), "{err}");
    let v = json(&r.stdout);
    assert_eq!(v["ok"], false);
    let chain = v["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|i| i["name"] == "chain"))
        .expect("chain item");
    assert_eq!(chain["ok"], false);
    assert!(
        chain["detail"]
            .as_str()
            .is_some_and(|d| d.contains("entry 2")),
        "{chain}"
    );
}

/// The dates of the transactions of an exported journal, in file order.
fn journal_dates(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(" * ("))
        .filter_map(|l| l.split(' ').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_exported_journal_is_in_date_order() {
    let env = Env::new();
    let t = today();
    // An entry of today, then one dated in the month before (still open: the
    // book was never closed), then one of today again.
    let before = {
        let d = crate::cli_common::today_date();
        let first = chrono::Datelike::with_day(&d, 1).expect("day 1");
        (first - chrono::Days::new(10))
            .format("%Y-%m-%d")
            .to_string()
    };
    for (date, text) in [
        (t.as_str(), "Aporte de hoy"),
        (before.as_str(), "Aporte del mes pasado"),
        (t.as_str(), "Otro aporte de hoy"),
    ] {
        env.run(
            "es",
            &[
                "entry",
                "add",
                "--date",
                date,
                "--description",
                text,
                "--debit",
                "1101=10",
                "--credit",
                "3402=10",
            ],
        )
        .ok();
    }
    let out = env.run("en", &["export", "journal"]).ok().to_string();
    let dates = journal_dates(&out);
    assert_eq!(dates, vec![before.clone(), t.clone(), t.clone()], "{out}");
    // Same-day entries keep their numbers' order.
    let one = out.find(&format!("{t} * (1)")).expect("entry 1");
    let three = out.find(&format!("{t} * (3)")).expect("entry 3");
    assert!(one < three, "{out}");
    // A demo book with a year of closes, back-dated payments and advances.
    let demo = Env::empty();
    demo.run(
        "es",
        &["demo", "--members", "25", "--months", "12", "--seed", "5"],
    )
    .ok();
    let out = demo.run("en", &["export", "journal"]).ok().to_string();
    let dates = journal_dates(&out);
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    demo.run("en", &["check"]).ok();
}

/// Every report command takes the one `--format` of the registry: the
/// trial balance, the loan portfolio, loan arrears and dues arrears are
/// written as spreadsheets, printable pages and PDF too (before, only
/// table, CSV and JSON).
#[test]
fn every_report_command_writes_every_format() {
    let (env, _) = busy_book();
    for cmd in ["trial-balance", "loans", "loan-arrears", "dues-arrears"] {
        // A binary format needs a file, and nothing is written without one.
        let refused = env
            .run("es", &["report", cmd, "--format", "pdf"])
            .refused()
            .to_string();
        assert!(refused.contains("-o ARCHIVO.pdf"), "{cmd}: {refused}");
        for (format, magic) in [
            ("xlsx", &b"PK"[..]),
            ("pdf", &b"%PDF"[..]),
            ("html", &b"<!DOCTYPE html"[..]),
        ] {
            let path = env.dir.path().join(format!("{cmd}.{format}"));
            let out = path.to_string_lossy().to_string();
            env.run("en", &["report", cmd, "--format", format, "-o", &out])
                .ok();
            let bytes = std::fs::read(&path).expect("written");
            assert!(bytes.starts_with(magic), "{cmd} {format}");
        }
    }
    let html = std::fs::read_to_string(env.dir.path().join("trial-balance.html")).expect("html");
    assert!(html.contains("Trial balance"), "{html}");
}

#[test]
fn each_command_takes_the_formats_it_can_write_and_refuses_the_others() {
    let env = Env::new();
    env.add_member(2_100_001, "Rosa", "Tupiza");
    // A report writes any of the seven; a list, table, the two CSVs, JSON or
    // a spreadsheet; a single record and the check, table or JSON.
    let out = env.path("cuentas.xlsx");
    let out = out.to_str().expect("path");
    env.run(
        "es",
        &["report", "trial-balance", "--format", "xlsx", "-o", out],
    )
    .ok();
    assert!(std::fs::read(out).expect("xlsx").starts_with(b"PK"));
    let csv = env.run("es", &["member", "list", "--format", "csv"]);
    assert!(csv.ok().lines().count() >= 2, "{}", csv.stdout);
    let v = json(env.run("en", &["check", "--format", "json"]).ok());
    assert_eq!(v["ok"], true, "{v}");
    let listing = env.path("socios.xlsx");
    for (args, allowed) in [
        (
            vec!["member", "list", "--format", "pdf", "-o"],
            "[possible values: table, csv, csv-es, json, xlsx]",
        ),
        (
            vec!["check", "--format", "csv"],
            "[possible values: table, json]",
        ),
    ] {
        let mut args: Vec<&str> = args;
        if args.last() == Some(&"-o") {
            args.push(listing.to_str().expect("path"));
        }
        let r = env.run("es", &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(allowed), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    assert!(!listing.exists(), "a refused format writes no file");
}
