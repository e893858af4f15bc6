//! `ayni member import FILE.xlsx` and `ayni member import-balances`, run as
//! a treasurer would from a spreadsheet.

use crate::cli_common::{Env, json, today_date};
use ayni::domain::ident::make_cedula;
use rust_xlsxwriter::Workbook;

/// Three members, imported from an XLSX whose headers are written as
/// people write them.
fn env_with_members() -> (Env, Vec<String>) {
    let env = Env::new();
    let ceds: Vec<String> = (1..=3).map(|i| make_cedula(17, 8_000_000 + i)).collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Cédula",
        "Nombres",
        "Apellidos",
        "Género",
        "FECHA DE INGRESO",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (ced, name)) in ceds.iter().zip(["Rosa", "Luis", "Ana"]).enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, ced).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 2, "Quispe").unwrap();
        ws.write_string(r, 3, if name == "Luis" { "M" } else { "F" })
            .unwrap();
        ws.write_string(r, 4, "01/02/2024").unwrap();
    }
    // Named .dat: the content decides that it is a spreadsheet, not the name.
    let file = env.path("socios.dat");
    std::fs::write(&file, wb.save_to_buffer().unwrap()).unwrap();
    let out = env
        .run("es", &["member", "import", file.to_str().unwrap()])
        .ok()
        .to_string();
    assert!(out.contains("Se importaron 3 socio(s)."), "{out}");
    env.run(
        "es",
        &[
            "loan",
            "product",
            "add",
            "--name",
            "Microcrédito",
            "--rate",
            "15",
            "--max-months",
            "24",
            "--max-amount",
            "5000",
        ],
    )
    .ok();
    (env, ceds)
}

#[test]
fn members_import_from_an_xlsx_file() {
    let (env, ceds) = env_with_members();
    let v = json(env.run("en", &["member", "list", "--format", "json"]).ok());
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().any(|m| m["id_number"] == ceds[0].as_str()));
    assert!(all.iter().all(|m| m["join_date"] == "2024-02-01"));
}

#[test]
fn opening_balances_dry_run_then_commit_and_the_check_passes() {
    let (env, ceds) = env_with_members();
    let file = env.path("saldos.csv");
    std::fs::write(
        &file,
        format!(
            "socio,cedula,aportes,ahorros,fondo,prestamo_saldo,prestamo_tasa,prestamo_cuotas,prestamo_vence,cuotas_adeudadas\n\
             1,,100,250.50,10,1200,15,10,{},5\n\
             ,{},80,,5,,,,,\n",
            // The next installment: a couple of weeks after today, whatever day the suite runs.
            (today_date() + chrono::Duration::days(17)).format("%Y-%m-%d"),
            ceds[1]
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let dry = env
        .run(
            "en",
            &[
                "member",
                "import-balances",
                f,
                "--cash",
                "300",
                "--bank",
                "1000",
                "--dry-run",
            ],
        )
        .ok()
        .to_string();
    assert!(dry.contains("Opening entry:"), "{dry}");
    assert!(dry.contains("3601"), "{dry}");
    assert!(dry.contains("nothing was saved"), "{dry}");
    let before = env.snapshot();
    assert!(!before.contains("Opening"), "the dry run wrote nothing");
    let out = env
        .run(
            "en",
            &[
                "member",
                "import-balances",
                f,
                "--cash",
                "300",
                "--bank",
                "1000",
                "--format",
                "json",
            ],
        )
        .ok()
        .to_string();
    let v = json(&out);
    assert_eq!(v["entry"], 1);
    assert_eq!(v["totals"]["contributions"], "180.00");
    assert_eq!(v["totals"]["loans"], "1200.00");
    // 300 + 1000 + 1200 - (180 + 250.50 + 15)
    assert_eq!(v["totals"]["difference"], "2054.50");
    let check = env.run("en", &["check"]).ok().to_string();
    assert!(check.contains("The book is whole"), "{check}");
    let loans = env.run("en", &["loan", "list"]).ok().to_string();
    assert!(loans.contains("1,200.00"), "{loans}");
    // A second time: the book has an entry now; nothing changes.
    let again = env.run("es", &["member", "import-balances", f]);
    assert!(
        again.refused().contains("ya tiene 1 asiento"),
        "{}",
        again.stderr
    );
    assert_eq!(env.run("en", &["check"]).ok(), check);
}

#[test]
fn a_bad_line_is_named_in_the_users_language_and_nothing_is_written() {
    let (env, _) = env_with_members();
    let file = env.path("saldos.csv");
    std::fs::write(&file, "socio;aportes;ahorros\n1;100;20\n7;50;\n2;abc;\n").unwrap();
    let before = env.snapshot();
    let es = env.run(
        "es",
        &[
            "member",
            "import-balances",
            file.to_str().unwrap(),
            "--cash",
            "10",
        ],
    );
    let err = es.refused();
    assert!(err.contains("Línea 3: no hay ningún socio «#7»"), "{err}");
    assert!(err.contains("Línea 4: aportes"), "{err}");
    let en = env.run("en", &["member", "import-balances", file.to_str().unwrap()]);
    assert!(
        en.refused().contains("Line 3: there is no member '#7'"),
        "{}",
        en.stderr
    );
    assert_eq!(env.snapshot(), before);
    let neg = env.run(
        "en",
        &[
            "member",
            "import-balances",
            file.to_str().unwrap(),
            "--bank=-5",
        ],
    );
    assert!(
        neg.refused().contains("The bank figure cannot be negative"),
        "{}",
        neg.stderr
    );
    assert_eq!(env.snapshot(), before);
}
