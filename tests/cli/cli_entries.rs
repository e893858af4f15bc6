//! `ayni entry add|reverse|list|show` and `ayni account list|add`.

use crate::cli_common::{Env, json, this_month, today};

fn post(env: &Env, lang: &str, args: &[&str]) -> crate::cli_common::Run {
    let mut all = vec!["entry", "add"];
    all.extend_from_slice(args);
    env.run(lang, &all)
}

#[test]
fn post_a_good_entry_and_see_it() {
    let env = Env::new();
    let ced = env.add_member(1_100_001, "Rosa", "Tupiza");
    let out = post(
        &env,
        "es",
        &[
            "--date",
            &today(),
            "--description",
            "Aporte de capital",
            "--reference",
            "REC-001",
            "--debit",
            "1101=1.234,56",
            "--credit",
            &format!("3103=1234.56@{ced}"),
        ],
    )
    .ok()
    .to_string();
    assert!(
        out.starts_with("Asiento registrado.\nAsiento 1 · "),
        "{out}"
    );
    assert!(out.contains("Aporte de capital"), "{out}");
    assert!(out.contains("Referencia: REC-001"), "{out}");
    assert!(out.contains("1101") && out.contains("Caja"), "{out}");
    assert!(out.contains("3103") && out.contains(&ced), "{out}");
    assert!(out.contains("1.234,56"), "{out}");
    let hash_line = out
        .lines()
        .find(|l| l.starts_with("hash "))
        .expect("hash shown");
    assert_eq!(hash_line.len(), "hash ".len() + 64, "{hash_line}");

    // Two debits, member by #n, amounts with a decimal comma.
    let out = post(
        &env,
        "en",
        &[
            "--description",
            "Bank deposit and fee",
            "--debit",
            "1103=200,00",
            "--debit",
            "4501=0,50",
            "--credit",
            "1101=200.50",
        ],
    )
    .ok()
    .to_string();
    assert!(out.contains("Entry posted.\nEntry 2 · "), "{out}");
    assert!(out.contains("200.50"), "{out}");

    let v = json(
        env.run("en", &["entry", "show", "1", "--format", "json"])
            .ok(),
    );
    assert_eq!(v["id"], 1);
    assert_eq!(v["reference"], "REC-001");
    assert_eq!(v["total"], "1234.56");
    assert_eq!(v["lines"][0]["account"], "1101");
    assert_eq!(v["lines"][0]["debit"], "1234.56");
    assert_eq!(v["lines"][1]["credit"], "1234.56");
    assert_eq!(v["lines"][1]["member"], ced.as_str());
    assert_eq!(v["hash"].as_str().map(str::len), Some(64));

    let v = json(env.run("es", &["entry", "list", "--format", "json"]).ok());
    let ids: Vec<u64> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["id"].as_u64())
        .collect();
    assert_eq!(ids, vec![2, 1], "newest first");

    let v = json(
        env.run(
            "es",
            &["entry", "list", "--format", "json", "--account", "1103"],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    let v = json(
        env.run(
            "es",
            &["entry", "list", "--format", "json", "--member", &ced],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    let v = json(
        env.run(
            "es",
            &[
                "entry",
                "list",
                "--format",
                "json",
                "--month",
                &this_month(),
                "--limit",
                "1",
            ],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1));

    let csv = env
        .run("en", &["entry", "list", "--format", "csv"])
        .ok()
        .to_string();
    assert!(
        csv.starts_with(
            "entry,date,description,reference,account,account_name,debit,credit,member\n"
        ),
        "{csv}"
    );
    assert!(csv.contains(",1103,"), "{csv}");
    assert!(csv.contains(",200.00,0.00,"), "{csv}");

    let table = env.run("es", &["entry", "list"]).ok().to_string();
    assert!(table.contains("Aporte de capital"), "{table}");
    assert!(table.contains("2 asientos."), "{table}");
}

#[test]
fn bad_entries_are_refused_with_a_message_and_change_nothing() {
    let env = Env::new();
    let before = env.snapshot();
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "1101=10",
                "--credit",
                "4501=9",
            ],
            "El asiento no cuadra: débitos 10,00, créditos 9,00 (diferencia 1,00).",
        ),
        (
            "en",
            &[
                "--description",
                "x",
                "--debit",
                "1101=10",
                "--credit",
                "4501=9",
            ],
            "The entry does not balance: debits 10.00, credits 9.00 (difference 1.00).",
        ),
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "1101=12,345,6",
                "--credit",
                "4501=1",
            ],
            "En «1101=12,345,6»: «12,345,6»",
        ),
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "9999=10",
                "--credit",
                "1101=10",
            ],
            "La cuenta 9999 no existe en el plan de cuentas.",
        ),
        (
            "en",
            &[
                "--description",
                "x",
                "--debit",
                "1101=10",
                "--credit",
                "3103=10",
            ],
            "Account 3103 belongs to the members' subledger: each line must name a member.",
        ),
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "11=10",
                "--credit",
                "1101=10",
            ],
            "La cuenta 11 agrupa otras cuentas",
        ),
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "1101",
                "--credit",
                "4501=10",
            ],
            "«1101» no es una línea de asiento",
        ),
        (
            "es",
            &[
                "--description",
                "x",
                "--debit",
                "1101=10",
                "--credit",
                "3103=10@1799999999",
            ],
            "No hay un socio «1799999999».",
        ),
        (
            "es",
            &["--description", "x", "--debit", "1101=10"],
            "Un asiento necesita al menos un débito y un crédito.",
        ),
        (
            "es",
            &[
                "--description",
                " ",
                "--debit",
                "1101=10",
                "--credit",
                "4501=10",
            ],
            "Falta la descripción",
        ),
        (
            "es",
            &[
                "--date",
                "2026-02-30",
                "--description",
                "x",
                "--debit",
                "1101=1",
                "--credit",
                "4501=1",
            ],
            "«2026-02-30» no es una fecha válida",
        ),
        (
            "en",
            &[
                "--description",
                "x",
                "--debit",
                "1101=0",
                "--credit",
                "4501=0",
            ],
            "Line 1: the amount must be greater than zero.",
        ),
    ];
    for (lang, args, expected) in cases {
        let r = post(&env, lang, args);
        let err = r.refused();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    // A date in a future month.
    let next_year = (crate::cli_common::today_date() + chrono::Days::new(400))
        .format("%Y-%m-%d")
        .to_string();
    let r = post(
        &env,
        "es",
        &[
            "--date",
            &next_year,
            "--description",
            "x",
            "--debit",
            "1101=1",
            "--credit",
            "4501=1",
        ],
    );
    assert!(r.refused().contains("está en el futuro"), "{}", r.stderr);
    assert_eq!(env.snapshot(), before, "nothing was written");
}

#[test]
fn reverse_an_entry_once() {
    let env = Env::new();
    post(
        &env,
        "es",
        &[
            "--description",
            "Compra de útiles a crédito",
            "--debit",
            "4501=15",
            "--credit",
            // Owed to the supplier: a fresh book has no cash to pay from.
            "2506=15",
        ],
    )
    .ok();
    let out = env.run("es", &["entry", "reverse", "1"]).ok().to_string();
    assert!(
        out.contains("Asiento 1 reversado con el asiento 2."),
        "{out}"
    );
    assert!(out.contains("Reverso del asiento 1"), "{out}");
    assert!(out.contains("Reversa el asiento 1"), "{out}");

    let v = json(
        env.run("en", &["entry", "show", "2", "--format", "json"])
            .ok(),
    );
    assert_eq!(v["reverses"], 1);
    assert_eq!(v["kind"], "reversal");
    assert_eq!(v["lines"][0]["account"], "4501");
    assert_eq!(v["lines"][0]["credit"], "15.00");

    let shown = env.run("en", &["entry", "show", "1"]).ok().to_string();
    assert!(shown.contains("Reversed by entry 2."), "{shown}");

    let r = env.run("es", &["entry", "reverse", "1"]);
    assert!(
        r.refused()
            .contains("El asiento 1 ya fue reversado por el asiento 2.")
    );
    let r = env.run("en", &["entry", "reverse", "2"]);
    assert!(r.refused().contains("Entry 2 is a reversal"));
    let r = env.run("es", &["entry", "reverse", "77"]);
    assert!(r.refused().contains("No existe el asiento 77."));

    // The balance owed to the supplier is back to zero.
    let v = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let owed = v["accounts"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["code"] == "2506"))
        .expect("suppliers row");
    assert_eq!(owed["balance"], "0.00");
}

#[test]
fn accounts_list_and_add() {
    let env = Env::new();
    let out = env
        .run(
            "es",
            &[
                "account",
                "add",
                "--parent",
                "1101",
                "--code",
                "110101",
                "--name",
                "Caja chica",
            ],
        )
        .ok()
        .to_string();
    assert!(
        out.contains("Cuenta creada: 110101 Caja chica (bajo 1101 Caja)."),
        "{out}"
    );

    post(
        &env,
        "es",
        &[
            "--description",
            "Fondo de caja chica",
            "--debit",
            "110101=40",
            "--credit",
            "3402=40",
        ],
    )
    .ok();
    // 1101 now groups 110101: it takes no postings itself.
    let r = post(
        &env,
        "es",
        &[
            "--description",
            "x",
            "--debit",
            "1101=1",
            "--credit",
            "3402=1",
        ],
    );
    assert!(r.refused().contains("La cuenta 1101 agrupa otras cuentas"));

    let v = json(env.run("en", &["account", "list", "--format", "json"]).ok());
    let find = |code: &str| {
        v["accounts"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["code"] == code))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(find("110101")["balance"], "40.00");
    assert_eq!(find("1101")["balance"], "40.00", "parents roll up");
    assert_eq!(find("1")["balance"], "40.00");
    assert_eq!(find("110101")["postable"], true);
    assert_eq!(find("1101")["postable"], false);

    let table = env.run("es", &["account", "list"]).ok().to_string();
    assert!(
        table.starts_with("Plan de cuentas — Caja de Ahorro Sumak Kawsay"),
        "{table}"
    );
    assert!(
        table.contains("110101*") && table.contains("Caja chica"),
        "{table}"
    );

    let csv = env
        .run("es", &["account", "list", "--format", "csv"])
        .ok()
        .to_string();
    assert!(
        csv.starts_with("codigo,cuenta,nivel,debe,haber,saldo\n"),
        "{csv}"
    );
    assert!(
        csv.contains("110101,Caja chica,6,40.00,0.00,40.00"),
        "{csv}"
    );

    let r = env.run(
        "es",
        &[
            "account", "add", "--parent", "1101", "--code", "110101", "--name", "Otra",
        ],
    );
    assert!(r.refused().contains("La cuenta 110101 ya existe."));
    let r = env.run(
        "es",
        &[
            "account", "add", "--parent", "9999", "--code", "999901", "--name", "X",
        ],
    );
    assert!(r.refused().contains("La cuenta 9999 no existe"));
    let r = env.run(
        "en",
        &[
            "account", "add", "--parent", "1103", "--code", "110101x", "--name", "X",
        ],
    );
    r.refused();
}
