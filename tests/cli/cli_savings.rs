//! `ayni savings deposit|withdraw|transfer|statement|accounts|open|products`
//! and `ayni fund contribute|grant|statement`, on a fresh book and on a
//! practice book.

use crate::cli_common::{Env, json, today};
use chrono::{Datelike, Months};
use serde_json::Value;

/// Cents from a JSON amount string ("12.50").
fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not an amount: {v}"));
    let (units, dec) = s.split_once('.').expect("two decimals");
    let sign = if units.starts_with('-') { -1 } else { 1 };
    let units: i64 = units.trim_start_matches('-').parse().expect("units");
    let dec: i64 = dec.parse().expect("cents");
    sign * (units * 100 + dec)
}

/// The first day of the month `k` months back, `YYYY-MM-DD`.
fn first_of_month_back(k: u32) -> String {
    crate::cli_common::today_date()
        .with_day(1)
        .expect("the first of a month exists")
        .checked_sub_months(Months::new(k))
        .expect("a month in range")
        .format("%Y-%m-%d")
        .to_string()
}

/// Everything a savings or fund operation could change.
fn state(env: &Env, members: &[String]) -> String {
    let mut s = env.snapshot();
    s.push_str(
        env.run("en", &["fund", "statement", "--format", "json"])
            .ok(),
    );
    for m in members {
        s.push_str(
            env.run("en", &["savings", "accounts", m, "--format", "json"])
                .ok(),
        );
    }
    s
}

fn balance_of(env: &Env, code: &str) -> i64 {
    let tb = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    tb["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|x| x["code"] == code)
        .map(|x| cents(&x["balance"]))
        .unwrap_or(0)
}

fn accounts(env: &Env, member: &str) -> Value {
    json(
        env.run("en", &["savings", "accounts", member, "--format", "json"])
            .ok(),
    )
}

#[test]
fn deposit_withdraw_transfer_and_passbook_on_a_fresh_book() {
    let env = Env::new();
    let a = env.add_member(4_100_001, "Rosa", "Tupiza");
    let b = env.add_member(4_100_002, "Luis", "Cando");
    let m = vec![a.clone(), b.clone()];

    // No account yet: the first deposit opens the ordinary one.
    let out = env.run("es", &["savings", "accounts", &a]).ok().to_string();
    assert!(out.contains("No tiene cuentas de ahorro."), "{out}");
    let out = env
        .run("es", &["savings", "deposit", &a, "--amount", "100"])
        .ok()
        .to_string();
    assert!(out.contains("Depósito registrado: 100,00"), "{out}");
    assert!(
        out.contains(
            "Cuenta 1 (Ahorro a la vista): saldo 100,00, bloqueado 0,00, disponible 100,00."
        ),
        "{out}"
    );
    let out = env
        .run(
            "en",
            &[
                "savings", "deposit", &a, "--amount", "25,50", "--cash", "bancos",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("balance 125.50"), "{out}");
    let out = env
        .run("en", &["savings", "withdraw", &a, "--amount", "30"])
        .ok()
        .to_string();
    assert!(out.contains("Withdrawal recorded: 30.00"), "{out}");
    assert!(out.contains("available 95.50"), "{out}");
    assert_eq!(balance_of(&env, "2101"), -9_550);
    assert_eq!(balance_of(&env, "1101"), 7_000);
    assert_eq!(balance_of(&env, "1103"), 2_550);

    // Beyond what is available: refused with the figures, nothing changes.
    let before = state(&env, &m);
    let err = env
        .run("es", &["savings", "withdraw", &a, "--amount", "95,51"])
        .refused()
        .to_string();
    assert!(
        err.contains("No se puede retirar 95,51: el disponible es 95,50 (saldo 95,50 − mínimo 0,00 − bloqueado 0,00)."),
        "{err}"
    );
    let err = env
        .run("en", &["savings", "withdraw", &a, "--amount", "200"])
        .refused()
        .to_string();
    assert!(
        err.contains("Cannot withdraw 200.00: the available balance is 95.50"),
        "{err}"
    );
    assert_eq!(before, state(&env, &m));

    // A second account, and a transfer between the two.
    let out = env
        .run("en", &["savings", "products", "--format", "json"])
        .ok()
        .to_string();
    let products = json(&out);
    assert_eq!(products[0]["id"], 1);
    assert_eq!(products[0]["kind"], "ordinary");
    let out = env
        .run(
            "en",
            &[
                "savings",
                "open",
                &a,
                "--product",
                "ahorro a la vista",
                "--target",
                "500",
                "--term",
                "12",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Savings account 2 opened"), "{out}");
    assert!(out.contains("Target: 500.00 in 12 months."), "{out}");
    let out = env
        .run(
            "es",
            &[
                "savings", "transfer", &a, "--from", "1", "--to", "2", "--amount", "40",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Transferencia registrada: 40,00"), "{out}");
    let v = accounts(&env, &a);
    assert_eq!(v["accounts"][0]["balance"], "55.50");
    assert_eq!(v["accounts"][1]["balance"], "40.00");
    assert_eq!(v["total"]["balance"], "95.50");
    // Savings as a whole did not move.
    assert_eq!(balance_of(&env, "2101"), -9_550);
    let out = env
        .run(
            "en",
            &["savings", "deposit", &a, "--account", "2", "--amount", "10"],
        )
        .ok()
        .to_string();
    assert!(out.contains("Account 2"), "{out}");
    assert!(out.contains("balance 50.00"), "{out}");

    // The passbook of the ordinary account, with the running balance.
    let v = json(
        env.run("en", &["savings", "statement", &a, "--format", "json"])
            .ok(),
    );
    assert_eq!(v["account"], 1);
    assert_eq!(v["member"]["id_number"], a.as_str());
    let running: Vec<&str> = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["balance"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(running, vec!["100.00", "125.50", "95.50", "55.50"]);
    let kinds: Vec<&str> = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        vec!["deposit", "deposit", "withdrawal", "transfer_out"]
    );
    assert_eq!(v["available"], "55.50");
    let out = env
        .run("es", &["savings", "statement", &a, "--account", "2"])
        .ok()
        .to_string();
    assert!(out.contains("Libreta de ahorros"), "{out}");
    assert!(out.contains("50,00"), "{out}");
    let csv = env
        .run("en", &["savings", "statement", &a, "--format", "csv"])
        .ok()
        .to_string();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    env.run("en", &["check"]).ok();
}

#[test]
fn bad_savings_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let a = env.add_member(4_200_001, "Rosa", "Tupiza");
    let b = env.add_member(4_200_002, "Luis", "Cando");
    let c = env.add_member(4_200_003, "Inti", "Guamán");
    let m = vec![a.clone(), b.clone(), c.clone()];
    env.run("en", &["savings", "deposit", &a, "--amount", "50"])
        .ok();
    env.run("en", &["savings", "deposit", &b, "--amount", "20"])
        .ok();
    let before = state(&env, &m);

    let err = env
        .run("es", &["savings", "deposit", "0999999999", "--amount", "5"])
        .refused()
        .to_string();
    assert!(err.contains("No hay un socio «0999999999»."), "{err}");
    let err = env
        .run("en", &["savings", "withdraw", "#77", "--amount", "5"])
        .refused()
        .to_string();
    assert!(err.contains("There is no member '#77'."), "{err}");
    let err = env
        .run("es", &["savings", "deposit", &a, "--amount", "-5"])
        .refused()
        .to_string();
    assert!(err.contains("El valor debe ser mayor que cero."), "{err}");
    let err = env
        .run("en", &["savings", "deposit", &a, "--amount", "0"])
        .refused()
        .to_string();
    assert!(
        err.contains("The amount must be greater than zero."),
        "{err}"
    );
    let err = env
        .run("en", &["savings", "deposit", &a, "--amount", "1.234,567"])
        .refused()
        .to_string();
    assert!(err.contains("more than two decimals"), "{err}");
    let err = env
        .run(
            "en",
            &["savings", "deposit", &a, "--amount", "5", "--cash", "2101"],
        )
        .refused()
        .to_string();
    assert!(err.contains("not a cash or bank account"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "savings",
                "deposit",
                &a,
                "--amount",
                "5",
                "--date",
                "2099-02-01",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("in the future"), "{err}");
    // Someone else's account, an unknown one, an unknown product.
    let err = env
        .run(
            "es",
            &["savings", "withdraw", &a, "--account", "2", "--amount", "5"],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("La cuenta de ahorros 2 no es de Tupiza Rosa"),
        "{err}"
    );
    let err = env
        .run(
            "en",
            &["savings", "deposit", &a, "--account", "9", "--amount", "5"],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("Savings account 9 does not belong to"),
        "{err}"
    );
    let err = env
        .run("en", &["savings", "open", &a, "--product", "Plazo fijo"])
        .refused()
        .to_string();
    assert!(
        err.contains("There is no savings product 'Plazo fijo'"),
        "{err}"
    );
    let err = env
        .run(
            "en",
            &[
                "savings", "transfer", &a, "--from", "1", "--to", "2", "--amount", "5",
            ],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("Savings account 2 does not belong to"),
        "{err}"
    );
    let err = env
        .run(
            "en",
            &[
                "savings", "transfer", &a, "--from", "1", "--to", "1", "--amount", "5",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("must differ"), "{err}");
    // A member without an account cannot withdraw or have a passbook.
    let err = env
        .run("es", &["savings", "withdraw", &c, "--amount", "1"])
        .refused()
        .to_string();
    assert!(err.contains("no tiene cuenta de ahorros"), "{err}");
    let err = env
        .run("en", &["savings", "statement", &c])
        .refused()
        .to_string();
    assert!(err.contains("has no savings account"), "{err}");
    assert_eq!(before, state(&env, &m));
    env.run("en", &["check"]).ok();
}

#[test]
fn the_solidarity_fund_on_a_fresh_book() {
    let env = Env::new();
    let a = env.add_member(4_300_001, "Rosa", "Tupiza");
    let m = vec![a.clone()];
    let out = env
        .run("es", &["fund", "contribute", &a, "--amount", "50"])
        .ok()
        .to_string();
    assert!(
        out.contains("Aporte al fondo solidario registrado: 50,00"),
        "{out}"
    );
    assert!(out.contains("Saldo del fondo: 50,00."), "{out}");
    let out = env
        .run(
            "en",
            &[
                "fund",
                "contribute",
                "--amount",
                "20",
                "--description",
                "Rifa pro fondo",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("from outside the membership"), "{out}");
    assert!(out.contains("Fund balance: 70.00."), "{out}");
    let out = env
        .run(
            "es",
            &[
                "fund",
                "grant",
                "--member",
                &a,
                "--beneficiary",
                "Familia Tupiza",
                "--amount",
                "30",
                "--reason",
                "Incendio de la vivienda",
                "--approval",
                "Acta 4",
            ],
        )
        .ok()
        .to_string();
    assert!(
        out.contains("Ayuda N.º 1 del fondo solidario registrada: 30,00 para Familia Tupiza"),
        "{out}"
    );
    assert!(out.contains("Socio: Tupiza Rosa"), "{out}");
    assert!(out.contains("Saldo del fondo: 40,00."), "{out}");
    assert_eq!(balance_of(&env, "3303"), -4_000);

    // Beyond the fund, or without what a grant needs: refused, nothing changes.
    let before = state(&env, &m);
    let err = env
        .run(
            "en",
            &[
                "fund",
                "grant",
                "--member",
                &a,
                "--amount",
                "40,01",
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("The grant of 40.01 exceeds the solidarity fund's balance (40.00)."),
        "{err}"
    );
    let err = env
        .run(
            "es",
            &[
                "fund",
                "grant",
                "--amount",
                "5",
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("necesita beneficiario"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "fund",
                "grant",
                "--member",
                "0999999999",
                "--amount",
                "5",
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("There is no member '0999999999'."), "{err}");
    let err = env
        .run("en", &["fund", "contribute", &a, "--amount", "-3"])
        .refused()
        .to_string();
    assert!(err.contains("greater than zero"), "{err}");
    assert_eq!(before, state(&env, &m));

    // A grant to someone outside, then the statement.
    env.run(
        "en",
        &[
            "fund",
            "grant",
            "--beneficiary",
            "Familia Chango",
            "--amount",
            "15",
            "--reason",
            "Enfermedad",
            "--approval",
            "Acta 5",
        ],
    )
    .ok();
    let v = json(
        env.run("en", &["fund", "statement", "--format", "json"])
            .ok(),
    );
    assert_eq!(v["balance"], "25.00");
    let running: Vec<&str> = v["movements"]
        .as_array()
        .expect("movements")
        .iter()
        .map(|x| x["balance"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(running, vec!["50.00", "70.00", "40.00", "25.00"]);
    let grants = v["grants"].as_array().expect("grants");
    assert_eq!(grants.len(), 2);
    assert_eq!(grants[0]["beneficiary"], "Familia Tupiza");
    assert_eq!(grants[0]["reason"], "Incendio de la vivienda");
    assert_eq!(grants[0]["approval"], "Acta 4");
    assert_eq!(grants[1]["beneficiary"], "Familia Chango");
    assert!(grants[1]["member"].is_null());
    let out = env.run("es", &["fund", "statement"]).ok().to_string();
    assert!(out.contains("Saldo del fondo  25,00"), "{out}");
    let csv = env
        .run("en", &["fund", "statement", "--format", "csv", "--grants"])
        .ok()
        .to_string();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("Familia Chango"), "{csv}");
    let month = today()[..7].to_string();
    let v = json(
        env.run(
            "en",
            &["fund", "statement", "--month", &month, "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(v["month"], month.as_str());
    assert_eq!(v["movements"].as_array().map(Vec::len), Some(4));
    assert_eq!(balance_of(&env, "3303"), -2_500);
    env.run("en", &["check"]).ok();
}

#[test]
fn on_a_practice_book() {
    let env = Env::empty();
    env.run(
        "en",
        &["demo", "--members", "25", "--months", "6", "--seed", "4"],
    )
    .ok();
    // A member with programmed savings (the demo opens some in its second month).
    let members: Vec<String> = json(env.run("en", &["member", "list", "--format", "json"]).ok())
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["id_number"].as_str().unwrap_or_default().to_string())
        .collect();
    let (who, views) = members
        .iter()
        .map(|m| (m.clone(), accounts(&env, m)))
        .find(|(_, v)| {
            v["accounts"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["product_kind"] == "programmed"))
        })
        .expect("the demo has programmed savings");
    let list = views["accounts"].as_array().expect("accounts");
    let ordinary = list
        .iter()
        .find(|x| x["product_kind"] == "ordinary")
        .expect("an ordinary account");
    let programmed = list
        .iter()
        .find(|x| x["product_kind"] == "programmed")
        .expect("a programmed account");
    let ord_id = ordinary["account"].as_u64().expect("id").to_string();
    let prog_id = programmed["account"].as_u64().expect("id").to_string();
    let prog_before = cents(&programmed["balance"]);
    let ord_before = cents(&ordinary["balance"]);
    let avail = cents(&ordinary["available"]);

    // A deposit into the programmed account, named by its product.
    let out = env
        .run(
            "en",
            &[
                "savings",
                "deposit",
                &who,
                "--product",
                "Ahorro programado",
                "--amount",
                "12,50",
            ],
        )
        .ok()
        .to_string();
    assert!(
        out.contains(&format!("Account {prog_id} (Ahorro programado)")),
        "{out}"
    );
    let v = accounts(&env, &who);
    let bal = |v: &Value, id: &str| {
        v["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|x| x["account"].as_u64().map(|n| n.to_string()).as_deref() == Some(id))
            .map(|x| cents(&x["balance"]))
            .expect("account")
    };
    assert_eq!(bal(&v, &prog_id), prog_before + 1_250);

    // Deposit to the ordinary account, then transfer a part to the programmed one.
    env.run("en", &["savings", "deposit", &who, "--amount", "20"])
        .ok();
    env.run(
        "en",
        &[
            "savings", "transfer", &who, "--from", &ord_id, "--to", &prog_id, "--amount", "5",
        ],
    )
    .ok();
    let v = accounts(&env, &who);
    assert_eq!(bal(&v, &ord_id), ord_before + 2_000 - 500);
    assert_eq!(bal(&v, &prog_id), prog_before + 1_250 + 500);
    let pb = json(
        env.run(
            "en",
            &[
                "savings",
                "statement",
                &who,
                "--account",
                &prog_id,
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    let last = pb["lines"]
        .as_array()
        .and_then(|l| l.last())
        .expect("movements");
    assert_eq!(last["kind"], "transfer_in");
    assert_eq!(cents(&last["balance"]), prog_before + 1_750);
    assert_eq!(pb["balance"], last["balance"]);

    // Beyond the available balance: the figures, in both languages.
    let before = state(&env, std::slice::from_ref(&who));
    let too_much = avail + 1_500 + 1;
    let text = format!("{}.{:02}", too_much / 100, too_much % 100);
    let err = env
        .run("en", &["savings", "withdraw", &who, "--amount", &text])
        .refused()
        .to_string();
    assert!(err.contains("Cannot withdraw"), "{err}");
    let expected = avail + 1_500;
    assert!(
        err.contains(&format!(
            "the available balance is {}.{:02}",
            expected / 100,
            expected % 100
        )),
        "{err}"
    );
    // A date in a closed month.
    let closed = first_of_month_back(1);
    let err = env
        .run(
            "es",
            &[
                "savings", "deposit", &who, "--amount", "5", "--date", &closed,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("está cerrado"), "{err}");
    // A grant beyond the fund.
    let fund = json(
        env.run("en", &["fund", "statement", "--format", "json"])
            .ok(),
    );
    let balance = cents(&fund["balance"]);
    assert_eq!(-balance_of(&env, "3303"), balance);
    let over = balance + 100;
    let err = env
        .run(
            "en",
            &[
                "fund",
                "grant",
                "--member",
                &who,
                "--amount",
                &format!("{}.{:02}", over / 100, over % 100),
                "--reason",
                "Enfermedad",
                "--approval",
                "Acta 9",
            ],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("exceeds the solidarity fund's balance"),
        "{err}"
    );
    assert_eq!(before, state(&env, std::slice::from_ref(&who)));

    // A withdrawal within the available balance, and a contribution to the fund.
    let out = env
        .run(
            "en",
            &[
                "savings",
                "withdraw",
                &who,
                "--account",
                &ord_id,
                "--amount",
                "1",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Withdrawal recorded: 1.00"), "{out}");
    let v = accounts(&env, &who);
    assert_eq!(bal(&v, &ord_id), ord_before + 2_000 - 500 - 100);
    let out = env
        .run("es", &["fund", "contribute", &who, "--amount", "2"])
        .ok()
        .to_string();
    assert!(
        out.contains("Aporte al fondo solidario registrado: 2,00"),
        "{out}"
    );
    let fund_now = json(
        env.run("en", &["fund", "statement", "--format", "json"])
            .ok(),
    );
    assert_eq!(cents(&fund_now["balance"]), balance + 200);
    let balance = balance + 200;

    // The demo's grants are in the statement; a new one is added to them.
    let grants_before = fund["grants"].as_array().map(Vec::len).unwrap_or(0);
    env.run(
        "en",
        &[
            "fund",
            "grant",
            "--member",
            &who,
            "--amount",
            "1",
            "--reason",
            "Enfermedad",
            "--approval",
            "Acta 9",
        ],
    )
    .ok();
    let fund = json(
        env.run("en", &["fund", "statement", "--format", "json"])
            .ok(),
    );
    assert_eq!(
        fund["grants"].as_array().map(Vec::len),
        Some(grants_before + 1)
    );
    assert_eq!(cents(&fund["balance"]), balance - 100);
    env.run("en", &["check"]).ok();
}
