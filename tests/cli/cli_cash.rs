//! Cash and limits through the program: money that is not in the box is not
//! paid out, and an amount the book could not hold is refused before it is
//! written (issue 14, points 8 and 9).

use crate::cli_common::{Env, json, today};

fn entry(env: &Env, lang: &str, debit: &str, credit: &str) -> crate::cli_common::Run {
    env.run(
        lang,
        &[
            "entry",
            "add",
            "--date",
            &today(),
            "--description",
            "Movimiento de prueba",
            "--debit",
            debit,
            "--credit",
            credit,
        ],
    )
}

fn balance(env: &Env, code: &str) -> String {
    let v = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    v["accounts"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["code"] == code))
        .map(|r| r["balance"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| "0.00".into())
}

/// Two entries of 593,991,234,567 (a phone number pasted into an amount):
/// before, both were accepted and the book could no longer be read, reversed
/// or backed up. Now the second is refused before it is written, and the book
/// is read, reversed, backed up and checked.
#[test]
fn a_pasted_phone_number_twice_cannot_break_the_book() {
    let env = Env::new();
    let huge = "593991234567";
    entry(&env, "es", &format!("1101={huge}"), &format!("3402={huge}")).ok();
    let err = entry(&env, "es", &format!("1101={huge}"), &format!("3402={huge}"))
        .refused()
        .to_string();
    assert!(err.contains("No se registró nada"), "{err}");
    assert!(err.contains("1101"), "{err}");
    assert!(err.contains("999.999.999.999,99"), "{err}");
    let err = entry(&env, "en", &format!("1101={huge}"), &format!("3402={huge}"))
        .refused()
        .to_string();
    assert!(err.contains("Nothing was recorded"), "{err}");
    assert!(err.contains("999,999,999,999.99"), "{err}");

    // Read: the entries, the trial balance, the dashboard's figures.
    let list = env.run("en", &["entry", "list"]).ok().to_string();
    assert!(list.contains("593,991,234,567.00"), "{list}");
    assert_eq!(balance(&env, "1101"), "593991234567.00");
    env.run("es", &["report", "balance-sheet"]).ok();
    // Reverse the mistake.
    env.run("es", &["entry", "reverse", "1"]).ok();
    assert_eq!(balance(&env, "1101"), "0.00");
    // Back up, check, and export to hledger's format.
    let copy = env.path("copia.ayni");
    env.run("es", &["backup", "-o", copy.to_str().unwrap_or_default()])
        .ok();
    assert!(copy.exists());
    let out = env.run("en", &["check"]).ok().to_string();
    assert!(!out.contains('✗'), "{out}");
    let journal = env.path("libro.journal");
    env.run(
        "en",
        &[
            "export",
            "journal",
            "-o",
            journal.to_str().unwrap_or_default(),
        ],
    )
    .ok();
    assert!(
        std::fs::read_to_string(&journal)
            .unwrap_or_default()
            .contains("593991234567.00"),
    );
}

#[test]
fn money_that_is_not_in_the_box_is_not_paid_out() {
    let env = Env::new();
    let a = env.add_member(4_700_001, "Rosa", "Tupiza");
    // A fresh book has no cash: an expense from it is refused, in both languages.
    let err = entry(&env, "es", "4503=12,50", "1101=12,50")
        .refused()
        .to_string();
    assert!(
        err.contains("No alcanza: la cuenta 1101 Caja quedaría en negativo"),
        "{err}"
    );
    assert!(
        err.contains("Salen 12,50 y el saldo disponible ese día es 0,00"),
        "{err}"
    );
    let err = entry(&env, "en", "4503=12,50", "1103=12,50")
        .refused()
        .to_string();
    assert!(
        err.contains(
            "Not enough: account 1103 Banks and other financial institutions would go below zero"
        ),
        "{err}"
    );
    assert!(err.contains("12.50 goes out"), "{err}");
    let list = env
        .run("en", &["entry", "list", "--format", "json"])
        .ok()
        .to_string();
    assert_eq!(json(&list).as_array().map(Vec::len), Some(0), "{list}");

    // Savings into the bank, then a withdrawal paid from the empty box.
    env.run(
        "es",
        &[
            "savings", "deposit", &a, "--amount", "100", "--cash", "bancos",
        ],
    )
    .ok();
    let err = env
        .run("es", &["savings", "withdraw", &a, "--amount", "30"])
        .refused()
        .to_string();
    assert!(err.contains("1101 Caja"), "{err}");
    assert!(err.contains("0,00"), "{err}");
    // From the bank it is paid.
    env.run(
        "en",
        &[
            "savings", "withdraw", &a, "--amount", "30", "--cash", "bank",
        ],
    )
    .ok();
    assert_eq!(balance(&env, "1103"), "70.00");
    let out = env.run("en", &["check"]).ok().to_string();
    assert!(
        out.contains("Cash and bank never below zero on any day"),
        "{out}"
    );
}
