//! `ayni report ledger` (libro mayor) against `ayni report trial-balance`
//! (sumas y saldos) on practice books: every account's ledger, and every
//! group's, ends at the trial balance's figure; the JSON has the issue's
//! shape; refusals say why; and, when hledger is installed, its register of
//! the exported journal runs the same balances.

use std::collections::BTreeMap;
use std::process::Command as StdCommand;

use crate::cli_common::{Env, json, this_month};

/// "1234.56" -> 123456 (amounts are strings with two decimals and a point).
fn cents(v: &serde_json::Value) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("an amount string: {v}"));
    let neg = s.starts_with('-');
    let (w, f) = s.trim_start_matches('-').split_once('.').expect("a point");
    assert_eq!(f.len(), 2, "{s}");
    let c = w.parse::<i64>().expect("whole") * 100 + f.parse::<i64>().expect("cents");
    if neg { -c } else { c }
}

/// The trial balance's accounts: code -> debit minus credit, in cents; and
/// checks its sums and balances.
fn trial_balance(env: &Env) -> BTreeMap<String, i64> {
    let v = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let t = &v["totals"];
    assert_eq!(t["debit"], t["credit"], "sum of Debe = sum of Haber");
    assert_eq!(
        t["balance_debit"], t["balance_credit"],
        "sum of saldos deudores = sum of saldos acreedores"
    );
    let mut out = BTreeMap::new();
    let (mut bd, mut bc) = (0, 0);
    for a in v["accounts"].as_array().expect("accounts") {
        let balance = cents(&a["balance"]);
        let (d, c) = (cents(&a["balance_debit"]), cents(&a["balance_credit"]));
        assert!(d >= 0 && c >= 0 && (d == 0 || c == 0), "{a}");
        assert_eq!(d - c, balance, "{a}");
        bd += d;
        bc += c;
        out.insert(a["code"].as_str().expect("code").to_string(), balance);
    }
    assert_eq!(bd, cents(&t["balance_debit"]));
    assert_eq!(bc, cents(&t["balance_credit"]));
    out
}

fn ledger(env: &Env, code: &str) -> serde_json::Value {
    json(
        env.run(
            "en",
            &["report", "ledger", "--account", code, "--format", "json"],
        )
        .ok(),
    )
}

/// Every account of the trial balance, and every group above them, has a
/// ledger that runs from its opening to its closing and ends at the trial
/// balance's figure (a group's: its accounts' together).
fn every_ledger_agrees(env: &Env) -> usize {
    let tb = trial_balance(env);
    let mut groups: BTreeMap<String, i64> = BTreeMap::new();
    for (code, balance) in &tb {
        for len in [1, 2, 4] {
            if code.len() > len {
                *groups.entry(code[..len].to_string()).or_default() += balance;
            }
        }
    }
    let mut checked = 0;
    for (code, balance) in tb.iter().chain(groups.iter()) {
        let v = ledger(env, code);
        assert_eq!(v["account"], code.as_str());
        assert_eq!(v["to"], this_month().as_str());
        assert_eq!(
            cents(&v["opening"]),
            0,
            "{code}: from the book's first month"
        );
        let mut running = cents(&v["opening"]);
        let lines = v["lines"].as_array().expect("lines");
        for l in lines {
            running += cents(&l["debit"]) - cents(&l["credit"]);
            assert_eq!(cents(&l["balance"]), running, "{code}: {l}");
            let group = code.len() < 4 || l.get("account").is_some();
            if group {
                let sub = l["account"]
                    .as_str()
                    .expect("a group's line names its account");
                assert!(sub.starts_with(code.as_str()), "{code}: {l}");
            }
        }
        assert_eq!(cents(&v["closing"]), running, "{code}");
        assert_eq!(
            cents(&v["closing"]),
            *balance,
            "{code}: the trial balance's figure"
        );
        checked += 1;
    }
    checked
}

#[test]
fn every_ledger_of_the_demo_book_ends_at_the_trial_balance() {
    let env = Env::empty();
    env.run("es", &["demo"]).ok();
    assert!(every_ledger_agrees(&env) > 25);
}

#[test]
fn every_ledger_of_a_scenario_ends_at_the_trial_balance() {
    let env = Env::empty();
    env.run("es", &["demo", "--scenario", "caja-un-ano"]).ok();
    assert!(every_ledger_agrees(&env) > 10);
}

#[test]
fn the_ledger_json_has_the_issue_shape_and_the_table_fits_80_columns() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "12", "--months", "4"])
        .ok();
    let v = ledger(&env, "1101");
    assert_eq!(
        v.as_object().expect("object").keys().collect::<Vec<_>>(),
        vec![
            "account", "closing", "from", "lines", "name", "opening", "to"
        ]
    );
    assert_eq!(v["name"], "Cash");
    let first = &v["lines"][0];
    assert_eq!(
        first.as_object().expect("line").keys().collect::<Vec<_>>(),
        vec!["balance", "credit", "date", "debit", "description", "entry"]
    );
    assert!(first["entry"].is_u64() && first["date"].as_str().is_some_and(|d| d.len() == 10));
    // A period: the opening is the balance at the end of the month before.
    let months = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["date"].as_str().expect("date")[..7].to_string())
        .collect::<std::collections::BTreeSet<_>>();
    let second = months.iter().nth(1).expect("two months").clone();
    let before_second: i64 = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .rfind(|l| l["date"].as_str().expect("date")[..7] < *second)
        .map(|l| cents(&l["balance"]))
        .expect("a line before");
    let part = json(
        env.run(
            "en",
            &[
                "report",
                "ledger",
                "--account",
                "1101",
                "--from",
                &second,
                "--to",
                &second,
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(
        (part["from"].as_str(), part["to"].as_str()),
        (Some(second.as_str()), Some(second.as_str()))
    );
    assert_eq!(cents(&part["opening"]), before_second);
    assert!(
        part["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .all(|l| l["date"].as_str().expect("date").starts_with(&second))
    );

    // The table: 80 columns, balances with their side, none negative.
    for (lang, side) in [("es", " A"), ("en", " Cr")] {
        let table = env
            .run(lang, &["report", "ledger", "--account", "2101"])
            .ok()
            .to_string();
        assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
        let closing = table
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .expect("a line");
        assert!(closing.ends_with(side), "a credit balance: {closing}");
        assert!(!table.contains(" -"), "{table}");
    }
    let es = env
        .run("es", &["report", "ledger", "--account", "14"])
        .ok()
        .to_string();
    assert!(
        es.contains("Libro mayor") && es.contains("Saldo anterior"),
        "{es}"
    );
    assert!(es.contains("1404"), "a group names its sub-accounts: {es}");
    // The trial balance's table fits 80 columns too, with its four columns.
    let tb = env.run("es", &["report", "trial-balance"]).ok().to_string();
    assert!(tb.lines().all(|l| l.chars().count() <= 80), "{tb}");
    assert!(
        tb.contains("S. deudor") && tb.contains("S. acreedor"),
        "{tb}"
    );
    assert!(!tb.contains(" -"), "no negative balance: {tb}");
    // Every format writes.
    for format in ["csv", "xlsx", "html", "pdf"] {
        let out = env.path(&format!("mayor.{format}"));
        env.run(
            "en",
            &[
                "report",
                "ledger",
                "--account",
                "1101",
                "--format",
                format,
                "-o",
                out.to_str().expect("utf-8"),
            ],
        )
        .ok();
        assert!(
            std::fs::metadata(&out).expect("written").len() > 100,
            "{format}"
        );
    }
}

#[test]
fn an_unknown_account_a_bad_month_and_a_backwards_period_are_refused() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "12", "--months", "3"])
        .ok();
    let before = env.snapshot();
    for (lang, says) in [
        ("es", "La cuenta 9999 no existe en el plan de cuentas."),
        (
            "en",
            "Account 9999 does not exist in the chart of accounts.",
        ),
    ] {
        let r = env.run(lang, &["report", "ledger", "--account", "9999"]);
        assert!(r.refused().contains(says), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    let r = env.run(
        "en",
        &["report", "ledger", "--account", "1101", "--from", "2026-13"],
    );
    assert!(r.refused().contains("--from 2026-13"), "{}", r.stderr);
    let r = env.run(
        "es",
        &[
            "report",
            "ledger",
            "--account",
            "1101",
            "--from",
            "2026-10",
            "--to",
            "2026-09",
        ],
    );
    assert!(
        r.refused().contains("El período empieza en octubre 2026"),
        "{}",
        r.stderr
    );
    // No account: a usage error.
    let r = env.run("en", &["report", "ledger"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--account"), "{}", r.stderr);
    // A binary format without -o.
    env.run(
        "en",
        &["report", "ledger", "--account", "1101", "--format", "pdf"],
    )
    .refused();
    assert_eq!(env.snapshot(), before, "nothing changed");
}

/// With hledger installed: its register of an account on the exported
/// journal ends every entry at the ledger's running balance.
#[test]
fn the_ledger_runs_as_hledger_register_does() {
    let Ok(version) = StdCommand::new("hledger").arg("--version").output() else {
        println!("NOTE: hledger is not installed; skipping the hledger comparison");
        return;
    };
    if !version.status.success() {
        println!("NOTE: hledger does not run here; skipping the hledger comparison");
        return;
    }
    let env = Env::empty();
    env.run("es", &["demo", "--members", "15", "--months", "6"])
        .ok();
    let file = env.path("diario.journal");
    env.run(
        "es",
        &["export", "journal", "-o", file.to_str().expect("utf-8")],
    )
    .ok();
    for (code, query) in [("1101", "1101 Caja"), ("2101", "2101 Dep"), ("14", ":14 ")] {
        let v = ledger(&env, code);
        // The running balance after each entry.
        let mut ours: BTreeMap<u64, i64> = BTreeMap::new();
        for l in v["lines"].as_array().expect("lines") {
            ours.insert(l["entry"].as_u64().expect("entry"), cents(&l["balance"]));
        }
        let hl = StdCommand::new("hledger")
            .arg("-f")
            .arg(&file)
            .args(["register", query, "-O", "csv"])
            .output()
            .expect("hledger runs");
        assert!(
            hl.status.success(),
            "{}",
            String::from_utf8_lossy(&hl.stderr)
        );
        let mut theirs: BTreeMap<u64, i64> = BTreeMap::new();
        let mut rdr = csv::Reader::from_reader(hl.stdout.as_slice());
        let headers = rdr.headers().expect("header").clone();
        let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
        let (code_col, total_col) = (col("code"), col("total"));
        for rec in rdr.records() {
            let rec = rec.expect("row");
            let entry: u64 = rec[code_col].parse().expect("entry number");
            let total = rec[total_col]
                .trim()
                .trim_end_matches("USD")
                .trim()
                .replace(',', "");
            let total: rust_decimal::Decimal = total.parse().expect("total");
            let total = (total * rust_decimal::Decimal::from(100)).round();
            // The last posting of an entry leaves its balance.
            theirs.insert(entry, i64::try_from(total.mantissa()).expect("cents"));
        }
        assert!(!ours.is_empty(), "{code}");
        assert_eq!(ours, theirs, "{code}");
    }
}
