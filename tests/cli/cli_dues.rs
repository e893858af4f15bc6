//! `ayni dues types|generate|pay|waive|owed|receipts|receipt` and
//! `ayni report dues-arrears`, on a fresh book and on a practice book.

use crate::cli_common::{Env, json, this_month, today};
use ayni::domain::ident::make_cedula;
use chrono::{Datelike, Months};
use serde_json::Value;

/// The month `k` months before the current one, `YYYY-MM`.
fn month_back(k: u32) -> String {
    let first = crate::cli_common::today_date()
        .with_day(1)
        .expect("the first of a month exists");
    first
        .checked_sub_months(Months::new(k))
        .expect("a month in range")
        .format("%Y-%m")
        .to_string()
}

/// Cents from a JSON amount string ("12.50").
fn cents(v: &Value) -> i64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not an amount: {v}"));
    let (units, dec) = s.split_once('.').expect("two decimals");
    let sign = if units.starts_with('-') { -1 } else { 1 };
    let units: i64 = units.trim_start_matches('-').parse().expect("units");
    let dec: i64 = dec.parse().expect("cents");
    sign * (units * 100 + dec)
}

/// Adds a member in `community`; returns the cédula.
fn add_member_in(env: &Env, body: u32, first: &str, last: &str, community: &str) -> String {
    let ced = make_cedula(17, body);
    env.run(
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
            "M",
            "--join-date",
            "2024-03-01",
            "--community",
            community,
        ],
    )
    .ok();
    ced
}

/// A fresh book with three members (two in Peguche, one in Cotama), monthly
/// dues of 3.00 and a capital contribution of 5.00 from two months ago.
fn dues_book() -> (Env, Vec<String>) {
    let env = Env::new();
    let a = env.add_member(3_100_001, "Rosa", "Tupiza");
    let b = env.add_member(3_100_002, "Luis", "Cando");
    let c = add_member_in(&env, 3_100_003, "Inti", "Guamán", "Cotama");
    let from = month_back(2);
    let out = env
        .run(
            "es",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "Cuota mensual",
                "--kind",
                "monthly",
                "--amount",
                "3",
                "--from",
                &from,
            ],
        )
        .ok()
        .to_string();
    assert!(
        out.contains("Tipo de cobro 1 creado: Cuota mensual"),
        "{out}"
    );
    assert!(out.contains("a la cuenta 5490"), "{out}");
    let out = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "Aporte de capital",
                "--kind",
                "capital",
                "--amount",
                "5,00",
                "--from",
                &from,
            ],
        )
        .ok()
        .to_string();
    assert!(
        out.contains("Charge type 2 created: Aporte de capital"),
        "{out}"
    );
    assert!(out.contains("to account 3103"), "{out}");
    (env, vec![a, b, c])
}

/// Everything a dues operation could change, as the program shows it.
fn state(env: &Env, members: &[String]) -> String {
    let mut s = env.snapshot();
    s.push_str(env.run("en", &["dues", "types", "--format", "json"]).ok());
    s.push_str(
        env.run("en", &["report", "dues-arrears", "--format", "json"])
            .ok(),
    );
    s.push_str(
        env.run("en", &["dues", "receipts", "--format", "json"])
            .ok(),
    );
    for m in members {
        s.push_str(
            env.run("en", &["dues", "owed", m, "--all", "--format", "json"])
                .ok(),
        );
    }
    s
}

fn owed_due(env: &Env, member: &str, through: Option<&str>) -> i64 {
    let mut args = vec!["dues", "owed", member, "--format", "json"];
    if let Some(t) = through {
        args.extend(["--through", t]);
    }
    cents(&json(env.run("en", &args).ok())["totals"]["due"])
}

#[test]
fn types_list_in_every_format() {
    let (env, _) = dues_book();
    let v = json(env.run("en", &["dues", "types", "--format", "json"]).ok());
    let types = v["types"].as_array().expect("types");
    assert_eq!(types.len(), 2);
    assert_eq!(types[0]["name"], "Cuota mensual");
    assert_eq!(types[0]["kind"], "monthly");
    assert_eq!(types[0]["frequency"], "monthly");
    assert_eq!(types[0]["account"], "5490");
    assert_eq!(types[0]["amount"], "3.00");
    assert_eq!(types[1]["kind"], "contribution");
    assert_eq!(types[1]["account"], "3103");
    assert_eq!(types[1]["amount"], "5.00");
    assert_eq!(types[1]["start"], month_back(2));
    // `types list` is the same as `types`.
    assert_eq!(
        env.run("en", &["dues", "types", "list", "--format", "json"])
            .ok(),
        env.run("en", &["dues", "types", "--format", "json"]).ok()
    );
    let table = env.run("es", &["dues", "types"]).ok().to_string();
    assert!(table.contains("Cuota ordinaria"), "{table}");
    assert!(table.contains("Aporte de capital"), "{table}");
    assert!(table.contains("5,00"), "{table}");
    let csv = env
        .run("en", &["dues", "types", "--format", "csv"])
        .ok()
        .to_string();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    // Before the types start, no amount is in force.
    let v = json(
        env.run(
            "en",
            &[
                "dues",
                "types",
                "--format",
                "json",
                "--month",
                &month_back(3),
            ],
        )
        .ok(),
    );
    assert!(v["types"][0]["amount"].is_null(), "{v}");
}

#[test]
fn generate_pay_oldest_first_owed_and_arrears_on_a_fresh_book() {
    let (env, m) = dues_book();
    let (a, b, c) = (&m[0], &m[1], &m[2]);
    let this = this_month();

    // What is owed is known before generation (3 months x 3.00 + 5.00).
    assert_eq!(owed_due(&env, a, None), 2_400);
    let out = env.run("en", &["dues", "generate"]).ok().to_string();
    assert!(out.contains("18 charge(s) generated through"), "{out}");
    let out = env.run("es", &["dues", "generate"]).ok().to_string();
    assert!(out.contains("No hay cobros nuevos"), "{out}");

    let v = json(env.run("en", &["dues", "owed", a, "--format", "json"]).ok());
    let lines = v["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["month"], month_back(2));
    assert_eq!(v["totals"]["due"], "24.00");
    assert_eq!(v["through"], this);

    // 10.00 pays the oldest month in full (3 + 5) and 2.00 of the next dues.
    let r = json(
        env.run(
            "en",
            &["dues", "pay", a, "--amount", "10", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(r["number"], 1);
    assert_eq!(r["total"], "10.00");
    assert_eq!(r["cash_account"], "1101");
    let applied: Vec<(String, String)> = r["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["month"].as_str().unwrap_or_default().to_string(),
                l["amount"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        applied,
        vec![
            (month_back(2), "3.00".to_string()),
            (month_back(2), "5.00".to_string()),
            (month_back(1), "2.00".to_string()),
        ]
    );
    assert_eq!(owed_due(&env, a, None), 1_400);

    // The rest, in English, as a table: receipt 2, up to date.
    let out = env
        .run("en", &["dues", "pay", a, "--amount", "14"])
        .ok()
        .to_string();
    assert!(out.contains("receipt No. 000002, 14.00"), "{out}");
    assert!(out.contains("RECEIPT No. 000002"), "{out}");
    assert!(out.contains("Up to date through"), "{out}");
    assert_eq!(owed_due(&env, a, None), 0);

    // B pays 32.00 into the bank: 24.00 owed and 8.00 in advance (next month).
    let out = env
        .run(
            "es",
            &["dues", "pay", b, "--amount", "32", "--account", "bancos"],
        )
        .ok()
        .to_string();
    assert!(out.contains("recibo N.º 000003, 32,00"), "{out}");
    assert!(out.contains("1103 Bancos"), "{out}");
    assert!(out.contains("Por adelantado"), "{out}");
    assert!(out.contains("8,00"), "{out}");
    assert!(out.contains("Al día hasta"), "{out}");
    let next = json(
        env.run(
            "en",
            &[
                "dues",
                "owed",
                b,
                "--all",
                "--through",
                &month_back(0),
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(next["totals"]["paid"], "24.00");

    // Arrears: only C, with three months and 24.00, the same as `dues owed`.
    let v = json(
        env.run("en", &["report", "dues-arrears", "--format", "json"])
            .ok(),
    );
    let rows = v["members"].as_array().expect("members");
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!(rows[0]["id_number"], c.as_str());
    assert_eq!(rows[0]["months"], 3);
    assert_eq!(rows[0]["amount"], "24.00");
    assert_eq!(rows[0]["oldest"], month_back(2));
    assert_eq!(rows[0]["community"], "Cotama");
    let total_owed: i64 = m.iter().map(|x| owed_due(&env, x, None)).sum();
    assert_eq!(cents(&v["total"]["amount"]), total_owed);

    // Through last month: two months.
    let v = json(
        env.run(
            "en",
            &[
                "report",
                "dues-arrears",
                "--month",
                &month_back(1),
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(v["members"][0]["months"], 2);
    assert_eq!(v["total"]["amount"], "16.00");
    assert_eq!(
        cents(&v["total"]["amount"]),
        owed_due(&env, c, Some(&month_back(1)))
    );

    // Filter by community (case and accents aside), table and CSV.
    let out = env
        .run("es", &["report", "dues-arrears", "--community", "COTAMA"])
        .ok()
        .to_string();
    assert!(out.contains("Guamán Inti"), "{out}");
    assert!(out.contains("24,00"), "{out}");
    let out = env
        .run(
            "en",
            &[
                "report",
                "dues-arrears",
                "--community",
                "Peguche",
                "--format",
                "json",
            ],
        )
        .ok()
        .to_string();
    assert_eq!(json(&out)["members"].as_array().map(Vec::len), Some(0));
    let file = env.path("mora.csv");
    let file_s = file.to_string_lossy().to_string();
    let r = env.run(
        "es",
        &[
            "report",
            "dues-arrears",
            "--sort",
            "meses",
            "--format",
            "csv",
            "-o",
            &file_s,
        ],
    );
    r.ok();
    assert!(r.stderr.contains("Guardado en"), "{}", r.stderr);
    let csv = std::fs::read_to_string(&file).expect("written");
    assert!(csv.starts_with("cedula,socio,comunidad,meses"), "{csv}");
    assert!(
        csv.contains(&format!("{c},Guamán Inti,Cotama,3,24.00")),
        "{csv}"
    );

    // The day's receipts: three, 56.00 in all.
    let v = json(
        env.run("en", &["dues", "receipts", "--format", "json"])
            .ok(),
    );
    assert_eq!(v["date"], today());
    assert_eq!(v["count"], 3);
    assert_eq!(v["total"], "56.00");
    let out = env.run("es", &["dues", "receipts"]).ok().to_string();
    assert!(out.contains("3 recibos"), "{out}");
    assert!(out.contains("56,00"), "{out}");
    let out = env.run("en", &["dues", "receipt", "2"]).ok().to_string();
    assert!(out.contains("RECEIPT No. 000002"), "{out}");
    assert!(out.contains("14.00"), "{out}");
    // Printed again as a PDF: a 58 mm roll, an 80 mm roll, A4; a PDF needs
    // a file (refused, nothing written, when it has none).
    for paper in ["58mm", "80mm", "a4"] {
        let file = env.path(&format!("recibo-{paper}.pdf"));
        let file_s = file.to_string_lossy().to_string();
        env.run(
            "es",
            &[
                "dues", "receipt", "2", "--format", "pdf", "--paper", paper, "-o", &file_s,
            ],
        )
        .ok();
        let bytes = std::fs::read(&file).expect("the PDF");
        assert!(bytes.starts_with(b"%PDF"), "{paper}");
    }
    let r = env.run("es", &["dues", "receipt", "2", "--format", "pdf"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("-o ARCHIVO.pdf"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = env.run(
        "en",
        &[
            "dues", "receipt", "2", "--format", "pdf", "--paper", "letter", "-o", "x.pdf",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!env.path("x.pdf").exists());

    // The money is in the books: 1101 +24, 1103 +32, 5490 and 3103 credited.
    let tb = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let bal = |code: &str| {
        tb["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|x| x["code"] == code)
            .map(|x| cents(&x["balance"]))
            .unwrap_or(0)
    };
    assert_eq!(bal("1101"), 2_400);
    assert_eq!(bal("1103"), 3_200);
    // A: 3 months; B: 3 months, and next month's 8.00 held in 299010 (a
    // liability until that month), not in income or capital.
    assert_eq!(bal("5490"), -(3 * 300 + 3 * 300));
    assert_eq!(bal("3103"), -(3 * 500 + 3 * 500));
    assert_eq!(bal("299010"), -800);
    env.run("en", &["check"]).ok();
}

#[test]
fn picked_charges_are_paid_first() {
    let (env, m) = dues_book();
    let a = &m[0];
    let last = month_back(1);
    let pick = format!("{last}:2");
    let r = json(
        env.run(
            "en",
            &[
                "dues", "pay", a, "--amount", "5", "--charge", &pick, "--format", "json",
            ],
        )
        .ok(),
    );
    assert_eq!(r["lines"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["lines"][0]["month"], last);
    assert_eq!(r["lines"][0]["type"], "Aporte de capital");
    // A whole month: both of its charges.
    let r = json(
        env.run(
            "en",
            &[
                "dues",
                "pay",
                a,
                "--amount",
                "8",
                "--charge",
                &month_back(2),
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(r["lines"].as_array().map(Vec::len), Some(2));
    assert_eq!(owed_due(&env, a, None), 2_400 - 1_300);
    // More than the picked charges owe is refused.
    let before = state(&env, &m);
    let err = env
        .run(
            "en",
            &["dues", "pay", a, "--amount", "9", "--charge", &pick],
        )
        .refused()
        .to_string();
    assert!(err.contains("owes nothing"), "{err}");
    let dues_last = format!("{last}:1");
    let err = env
        .run(
            "en",
            &["dues", "pay", a, "--amount", "9", "--charge", &dues_last],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("The payment exceeds what is owed (at most 3.00)."),
        "{err}"
    );
    let err = env
        .run(
            "es",
            &["dues", "pay", a, "--amount", "9", "--charge", &dues_last],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("El pago supera lo adeudado (máximo 3,00)."),
        "{err}"
    );
    let err = env
        .run(
            "es",
            &["dues", "pay", a, "--amount", "1", "--charge", "mayo"],
        )
        .refused()
        .to_string();
    assert!(err.contains("no indica un cobro"), "{err}");
    assert_eq!(before, state(&env, &m));
}

#[test]
fn waivers_post_no_income_and_reduce_what_is_owed() {
    let (env, m) = dues_book();
    let a = &m[0];
    let first = month_back(2);
    let tb_before = env
        .run("en", &["report", "trial-balance", "--format", "json"])
        .ok()
        .to_string();
    // The month has two charges: which one must be said.
    let before = state(&env, &m);
    let err = env
        .run(
            "es",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--reason",
                "Enfermedad",
                "--approval",
                "Acta 3",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("varios cobros pendientes"), "{err}");
    assert!(err.contains("1 Cuota mensual: 3,00"), "{err}");
    assert!(err.contains("--type"), "{err}");
    assert_eq!(before, state(&env, &m));

    let out = env
        .run(
            "es",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--type",
                "cuota mensual",
                "--reason",
                "Enfermedad",
                "--approval",
                "Acta 3",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Exoneración N.º 1 registrada: 3,00"), "{out}");
    assert!(out.contains("No se registra ingreso"), "{out}");
    assert!(out.contains("21,00"), "{out}");
    // Now the month has one charge left: --type may be left out; part of it.
    let out = env
        .run(
            "en",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--amount",
                "2",
                "--reason",
                "Illness",
                "--approval",
                "Act 3",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Waiver No. 2 recorded: 2.00"), "{out}");
    assert!(out.contains("Aporte de capital"), "{out}");
    assert_eq!(owed_due(&env, a, None), 2_400 - 500);
    let v = json(
        env.run("en", &["dues", "owed", a, "--all", "--format", "json"])
            .ok(),
    );
    assert_eq!(v["totals"]["waived"], "5.00");
    // No entry: the trial balance is as it was.
    assert_eq!(
        tb_before,
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok()
    );

    // Refusals: more than is due, no reason, an unknown type, a month without charges.
    let before = state(&env, &m);
    let err = env
        .run(
            "en",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--type",
                "2",
                "--amount",
                "4",
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("exceeds what is still due (3.00)"), "{err}");
    let err = env
        .run(
            "es",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--type",
                "2",
                "--reason",
                "  ",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("necesita un motivo"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &first,
                "--type",
                "7",
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("There is no charge type '7'"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "waive",
                a,
                "--month",
                &month_back(5),
                "--reason",
                "x",
                "--approval",
                "y",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("has nothing due in"), "{err}");
    assert!(err.contains("nothing to waive"), "{err}");
    assert_eq!(before, state(&env, &m));
    env.run("en", &["check"]).ok();
}

#[test]
fn amounts_change_from_a_month_and_types_switch_off() {
    let (env, m) = dues_book();
    let a = &m[0];
    let this = month_back(0);
    let out = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "set-amount",
                "1",
                "--amount",
                "4",
                "--from",
                &this,
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Cuota mensual (type 1): 4.00 from"), "{out}");
    let out = env
        .run("es", &["dues", "types", "off", "2", "--from", &this])
        .ok()
        .to_string();
    assert!(
        out.contains("Aporte de capital (tipo 2) suspendido desde"),
        "{out}"
    );
    // Two months of 3 + 5, and this month's 4.00 dues only.
    assert_eq!(owed_due(&env, a, None), 2 * 800 + 400);
    let v = json(env.run("en", &["dues", "types", "--format", "json"]).ok());
    assert_eq!(v["types"][0]["amount"], "4.00");
    assert_eq!(v["types"][0]["amounts"].as_array().map(Vec::len), Some(2));
    assert!(v["types"][1]["amount"].is_null());
    assert_eq!(v["types"][1]["switched_off_from"], this.as_str());
    let out = env.run("en", &["dues", "generate"]).ok().to_string();
    assert!(out.contains("15 charge(s) generated"), "{out}");
    let out = env
        .run("en", &["dues", "types", "on", "aporte de capital"])
        .ok()
        .to_string();
    assert!(out.contains("is charged again"), "{out}");
    assert_eq!(owed_due(&env, a, None), 3 * 800 + 100);
    let out = env.run("en", &["dues", "generate"]).ok().to_string();
    assert!(out.contains("3 charge(s) generated"), "{out}");

    // An extraordinary charge for one member, with its approval.
    let err = env
        .run(
            "es",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "Minga del local",
                "--kind",
                "extraordinaria",
                "--amount",
                "10",
                "--from",
                &this,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("acta de asamblea"), "{err}");
    let out = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "Minga del local",
                "--kind",
                "extraordinary",
                "--amount",
                "10",
                "--from",
                &this,
                "--approval",
                "Acta 7",
                "--members",
                &format!("{a},#2"),
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Charge type 3 created"), "{out}");
    assert!(out.contains("once"), "{out}");
    assert!(out.contains("For 2 member(s) only."), "{out}");
    assert_eq!(owed_due(&env, a, None), 3 * 800 + 100 + 1_000);
    assert_eq!(owed_due(&env, &m[2], None), 3 * 800 + 100);

    // Refusals that change nothing.
    let before = state(&env, &m);
    let err = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "set-amount",
                "9",
                "--amount",
                "4",
                "--from",
                &this,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("There is no charge type '9'"), "{err}");
    let err = env
        .run(
            "es",
            &[
                "dues",
                "types",
                "set-amount",
                "1",
                "--amount",
                "0",
                "--from",
                &this,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("mayor que cero"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "X",
                "--kind",
                "monthly",
                "--amount",
                "1",
                "--from",
                &this,
                "--account",
                "1101",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("Account 1101 cannot receive dues"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues", "types", "add", "--name", "X", "--kind", "monthly", "--amount", "1",
                "--from", "2026-13",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("2026-13"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "types",
                "add",
                "--name",
                "X",
                "--kind",
                "monthly",
                "--amount",
                "1",
                "--from",
                &this,
                "--members",
                "0999999999",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("There is no member '0999999999'"), "{err}");
    // A kind clap does not know is a usage error (exit 2) naming the choices.
    let r = env.run(
        "en",
        &[
            "dues", "types", "add", "--name", "X", "--kind", "weekly", "--amount", "1", "--from",
            &this,
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("admission"), "{}", r.stderr);
    assert_eq!(before, state(&env, &m));
}

#[test]
fn bad_payments_are_refused_and_change_nothing() {
    let (env, m) = dues_book();
    let a = &m[0];
    env.run("en", &["dues", "pay", a, "--amount", "3"]).ok();
    let before = state(&env, &m);

    let err = env
        .run("es", &["dues", "pay", "0999999999", "--amount", "5"])
        .refused()
        .to_string();
    assert_eq!(err.trim(), "No hay un socio «0999999999».");
    let err = env
        .run("en", &["dues", "pay", "#99", "--amount", "5"])
        .refused()
        .to_string();
    assert!(err.contains("There is no member '#99'"), "{err}");
    let err = env
        .run("es", &["dues", "pay", a, "--amount", "0"])
        .refused()
        .to_string();
    assert!(err.contains("El valor debe ser mayor que cero."), "{err}");
    let err = env
        .run("en", &["dues", "pay", a, "--amount", "-5"])
        .refused()
        .to_string();
    assert!(
        err.contains("The amount must be greater than zero."),
        "{err}"
    );
    let err = env
        .run("es", &["dues", "pay", a, "--amount", "1.234,567"])
        .refused()
        .to_string();
    assert!(err.contains("más de dos decimales"), "{err}");
    let err = env
        .run("en", &["dues", "pay", a, "--amount", "12.3456"])
        .refused()
        .to_string();
    assert!(err.contains("more than two decimals"), "{err}");
    let err = env
        .run("en", &["dues", "pay", a, "--amount", "10.555"])
        .refused()
        .to_string();
    assert!(err.contains("ambiguous"), "{err}");
    let err = env
        .run("en", &["dues", "pay", a, "--amount", "diez"])
        .refused()
        .to_string();
    assert!(err.contains("'diez' is not an amount"), "{err}");
    // Not a cash or bank account.
    let err = env
        .run(
            "en",
            &["dues", "pay", a, "--amount", "5", "--account", "5490"],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("Account 5490 is not a cash or bank account."),
        "{err}"
    );
    // A future date.
    let err = env
        .run(
            "en",
            &["dues", "pay", a, "--amount", "5", "--date", "2099-01-05"],
        )
        .refused()
        .to_string();
    assert!(err.contains("is in the future"), "{err}");
    let err = env
        .run(
            "es",
            &["dues", "pay", a, "--amount", "5", "--date", "31/02/2026"],
        )
        .refused()
        .to_string();
    assert!(err.contains("31/02/2026"), "{err}");
    // More than owed plus a year ahead.
    let err = env
        .run("en", &["dues", "pay", a, "--amount", "1000"])
        .refused()
        .to_string();
    assert!(err.contains("12 months in advance"), "{err}");
    // Generating beyond the open month.
    let err = env
        .run("es", &["dues", "generate", "--through", "2099-01"])
        .refused()
        .to_string();
    assert!(err.contains("No se generan cobros de enero 2099"), "{err}");
    let err = env
        .run("en", &["dues", "receipt", "42"])
        .refused()
        .to_string();
    assert!(err.contains("There is no receipt No. 000042."), "{err}");
    assert_eq!(before, state(&env, &m));
    env.run("en", &["check"]).ok();
}

#[test]
fn a_retired_member_settles_once_and_no_more() {
    let (env, m) = dues_book();
    let c = &m[2];
    let out = env
        .run(
            "es",
            &[
                "member",
                "retire",
                c,
                "--date",
                &today(),
                "--reason",
                "Migró",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Socio retirado"), "{out}");
    // What they owe up to their retirement can still be paid...
    assert_eq!(owed_due(&env, c, None), 2_400);
    let before = state(&env, &m);
    let err = env
        .run("en", &["dues", "pay", c, "--amount", "30"])
        .refused()
        .to_string();
    assert!(
        err.contains("The payment exceeds what is owed (at most 24.00)."),
        "{err}"
    );
    assert_eq!(before, state(&env, &m));
    let out = env
        .run("en", &["dues", "pay", c, "--amount", "24"])
        .ok()
        .to_string();
    assert!(out.contains("Up to date through"), "{out}");
    // ...but nothing beyond: no advance for a retired member.
    let before = state(&env, &m);
    let err = env
        .run("es", &["dues", "pay", c, "--amount", "3"])
        .refused()
        .to_string();
    assert!(err.contains("se retiró el"), "{err}");
    assert!(err.contains("no debe nada"), "{err}");
    let err = env
        .run("en", &["dues", "pay", c, "--amount", "3"])
        .refused()
        .to_string();
    assert!(err.contains("retired on"), "{err}");
    assert_eq!(before, state(&env, &m));
    env.run("en", &["check"]).ok();
}

#[test]
fn on_a_practice_book() {
    let env = Env::empty();
    env.run(
        "en",
        // Seed 1: a book with members behind at the last closed month (seed 3
        // has none since the practice book's late payers catch up).
        &["demo", "--members", "25", "--months", "6", "--seed", "1"],
    )
    .ok();
    let members: Vec<String> = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    )
    .as_array()
    .expect("members")
    .iter()
    .map(|m| m["id_number"].as_str().unwrap_or_default().to_string())
    .collect();
    assert!(members.len() >= 25);

    // The demo's charge types.
    let v = json(env.run("en", &["dues", "types", "--format", "json"]).ok());
    assert_eq!(v["types"].as_array().map(Vec::len), Some(4));

    // Arrears through the last closed month agree with `dues owed` member by member.
    let last = month_back(1);
    let v = json(
        env.run(
            "en",
            &[
                "report",
                "dues-arrears",
                "--month",
                &last,
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    let rows = v["members"].as_array().expect("members").clone();
    assert!(!rows.is_empty(), "the demo has members behind: {v}");
    let mut sum = 0;
    for id in &members {
        let due = owed_due(&env, id, Some(&last));
        sum += due;
        let row = rows.iter().find(|r| r["id_number"] == id.as_str());
        match row {
            Some(r) => assert_eq!(cents(&r["amount"]), due, "{id}"),
            None => assert_eq!(due, 0, "{id} owes but is not in the report"),
        }
    }
    assert_eq!(cents(&v["total"]["amount"]), sum);
    // Sorted by amount, largest first.
    let amounts: Vec<i64> = rows.iter().map(|r| cents(&r["amount"])).collect();
    let mut sorted = amounts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(amounts, sorted);

    // Through the open month, before its charges are generated, the arrears
    // count them as `dues owed` (and the interface) do, member by member...
    let open = |env: &Env| {
        json(
            env.run("en", &["report", "dues-arrears", "--format", "json"])
                .ok(),
        )
    };
    let v = open(&env);
    let open_rows = v["members"].as_array().expect("members").clone();
    for id in &members {
        let due = owed_due(&env, id, None);
        let row = open_rows.iter().find(|r| r["id_number"] == id.as_str());
        assert_eq!(row.map(|r| cents(&r["amount"])).unwrap_or(0), due, "{id}");
    }
    let open_sum: i64 = members.iter().map(|id| owed_due(&env, id, None)).sum();
    assert_eq!(cents(&v["total"]["amount"]), open_sum);
    // ...and the same once generated.
    env.run("en", &["dues", "generate"]).ok();
    assert_eq!(open(&env), v);

    // The member most behind pays: the oldest month goes first.
    let worst = rows[0]["id_number"].as_str().expect("id").to_string();
    let oldest = rows[0]["oldest"].as_str().expect("month").to_string();
    let owed_before = owed_due(&env, &worst, None);
    let first = json(
        env.run("en", &["dues", "owed", &worst, "--format", "json"])
            .ok(),
    )["lines"][0]
        .clone();
    assert_eq!(first["month"], oldest.as_str());
    let r = json(
        env.run(
            "en",
            &["dues", "pay", &worst, "--amount", "1", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(r["lines"][0]["month"], oldest.as_str());
    assert_eq!(r["lines"][0]["charge_type"], first["charge_type"]);
    assert_eq!(owed_due(&env, &worst, None), owed_before - 100);
    let number = r["number"].as_u64().expect("number");
    let day = json(
        env.run("en", &["dues", "receipts", "--format", "json"])
            .ok(),
    );
    assert!(
        day["receipts"]
            .as_array()
            .expect("receipts")
            .iter()
            .any(|x| x["number"] == number),
        "{day}"
    );
    // Receipt 1 of the demo can be shown again; its day lists it.
    let one = json(
        env.run("en", &["dues", "receipt", "1", "--format", "json"])
            .ok(),
    );
    let date = one["date"].as_str().expect("date").to_string();
    let day = json(
        env.run(
            "en",
            &["dues", "receipts", "--date", &date, "--format", "json"],
        )
        .ok(),
    );
    assert!(day["count"].as_u64().unwrap_or(0) >= 1, "{day}");
    assert_eq!(day["receipts"][0]["number"], 1);

    // A waiver of what is left of the oldest charge: the arrears go down by it.
    let row_of = |v: &Value| {
        v["members"]
            .as_array()
            .expect("members")
            .iter()
            .find(|r| r["id_number"] == worst.as_str())
            .map(|r| cents(&r["amount"]))
            .unwrap_or(0)
    };
    let arrears_before = row_of(&json(
        env.run("en", &["report", "dues-arrears", "--format", "json"])
            .ok(),
    ));
    let first = json(
        env.run("en", &["dues", "owed", &worst, "--format", "json"])
            .ok(),
    )["lines"][0]
        .clone();
    let waived = cents(&first["due"]);
    let month = first["month"].as_str().expect("month").to_string();
    let ty = first["charge_type"].as_u64().expect("type").to_string();
    let out = env
        .run(
            "es",
            &[
                "dues",
                "waive",
                &worst,
                "--month",
                &month,
                "--type",
                &ty,
                "--reason",
                "Calamidad doméstica",
                "--approval",
                "Acta 20",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Exoneración N.º"), "{out}");
    let arrears_after = row_of(&json(
        env.run("en", &["report", "dues-arrears", "--format", "json"])
            .ok(),
    ));
    assert_eq!(arrears_after, arrears_before - waived);
    assert_eq!(owed_due(&env, &worst, None), arrears_after);

    // A payment dated in a closed month is refused and changes nothing.
    let before = state(&env, std::slice::from_ref(&worst));
    let closed_day = format!("{last}-05");
    let err = env
        .run(
            "es",
            &[
                "dues",
                "pay",
                &worst,
                "--amount",
                "5",
                "--date",
                &closed_day,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("está cerrado"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "pay",
                &worst,
                "--amount",
                "5",
                "--date",
                &closed_day,
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("is closed"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "dues",
                "waive",
                &worst,
                "--month",
                &oldest,
                "--type",
                "3",
                "--reason",
                "x",
                "--approval",
                "y",
                "--amount",
                "9999",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("exceeds what is still due"), "{err}");
    assert_eq!(before, state(&env, std::slice::from_ref(&worst)));

    // The demo's retired members: what they left owing is paid once, no more.
    let all = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    let retired: Vec<String> = all
        .as_array()
        .expect("members")
        .iter()
        .filter(|m| m["status"] == "retired")
        .map(|m| m["id_number"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!retired.is_empty(), "the demo retires members");
    for id in &retired {
        // Arrears left at retirement can be settled, to the cent...
        let due = owed_due(&env, id, None);
        if due > 0 {
            let amount = format!("{}.{:02}", due / 100, due % 100);
            env.run("en", &["dues", "pay", id, "--amount", &amount])
                .ok();
            assert_eq!(owed_due(&env, id, None), 0, "{id}");
        }
        // ...and then nothing more is taken.
        let err = env
            .run("en", &["dues", "pay", id, "--amount", "3"])
            .refused()
            .to_string();
        assert!(err.contains("retired on"), "{err}");
    }
    env.run("en", &["check"]).ok();
}

#[test]
fn dues_paid_ahead_move_to_their_accounts_when_their_month_is_generated() {
    let (env, m) = dues_book();
    let a = &m[0];
    // Three months owed (24.00) and next month's 8.00 ahead.
    let out = env
        .run("es", &["dues", "pay", a, "--amount", "32"])
        .ok()
        .to_string();
    assert!(
        out.contains("en la cuenta 299010 hasta que llegue su mes"),
        "{out}"
    );
    let balance = |env: &Env, code: &str, now: Option<&str>| {
        let mut c = env.cmd("en");
        if let Some(t) = now {
            c.env(ayni::clock::ENV, t);
        }
        let o = c
            .args(["report", "trial-balance", "--format", "json"])
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v = json(&String::from_utf8_lossy(&o.stdout));
        v["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|x| x["code"] == code)
            .map(|x| cents(&x["balance"]))
            .unwrap_or(0)
    };
    assert_eq!(balance(&env, "299010", None), -800);
    // This month's generation leaves it where it is...
    let out = env.run("en", &["dues", "generate"]).ok().to_string();
    assert!(!out.contains("299010"), "{out}");
    assert_eq!(balance(&env, "299010", None), -800);
    // ...next month's moves it, and says so.
    let next = crate::cli_common::today_date()
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .expect("next month")
        .format("%Y-%m-01T09:00")
        .to_string();
    let o = env
        .cmd("en")
        .env(ayni::clock::ENV, &next)
        .args(["dues", "generate"])
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("8.00) moved from account 299010 to their accounts"),
        "{out}"
    );
    assert_eq!(balance(&env, "299010", Some(&next)), 0);
    assert_eq!(balance(&env, "5490", Some(&next)), -1_200);
    let o = env
        .cmd("en")
        .env(ayni::clock::ENV, &next)
        .arg("check")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_receipt_is_voided_with_a_reason_dated_today_and_only_once() {
    let (env, ceds) = dues_book();
    let a = ceds[0].as_str();
    env.run("en", &["dues", "pay", a, "--amount", "10"]).ok();
    let owed_before = json(env.run("en", &["dues", "owed", a, "--format", "json"]).ok());
    // A reason is required (clap refuses, nothing written).
    let r = env.run("es", &["dues", "void", "1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let out = env
        .run(
            "es",
            &["dues", "void", "1", "--reason", "Valor mal digitado"],
        )
        .ok()
        .to_string();
    assert!(out.contains("Recibo 000001 anulado"), "{out}");
    // What was paid is owed again, and the books are whole.
    let owed_after = json(env.run("en", &["dues", "owed", a, "--format", "json"]).ok());
    assert_eq!(
        cents(&owed_after["totals"]["due"]) - cents(&owed_before["totals"]["due"]),
        1_000,
        "the 10.00 paid is owed again: {owed_after}"
    );
    env.run("en", &["check"]).ok();
    let receipts = json(
        env.run("en", &["dues", "receipts", "--format", "json"])
            .ok(),
    );
    assert_eq!(receipts["receipts"][0]["reversed"], true, "{receipts}");
    assert_eq!(receipts["total"], "0.00", "{receipts}");
    // Twice: refused in words, exit 1.
    let r = env.run("en", &["dues", "void", "1", "--reason", "again"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("already void"), "{}", r.stderr);
    let r = env.run("en", &["dues", "void", "99", "--reason", "x"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no receipt 000099"), "{}", r.stderr);
}
