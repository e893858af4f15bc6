//! `ayni member add|list|show|import|retire|edit`

use crate::cli_common::{Env, json, today, today_date};
use ayni::domain::ident::make_cedula;

#[test]
fn add_a_member_and_refuse_bad_or_duplicate_ones() {
    let env = Env::new();
    let ced = make_cedula(17, 1_234_567);
    let r = env.run(
        "es",
        &[
            "member",
            "add",
            "--id-number",
            &ced,
            "--first-names",
            "María Dolores",
            "--last-names",
            "Quishpe Guamán",
            "--gender",
            "F",
            "--join-date",
            "15/03/2024",
            "--birth-date",
            "1981-07-02",
            "--phone",
            "0991234567",
            "--community",
            "Peguche",
        ],
    );
    let out = r.ok();
    assert!(
        out.contains("Socio registrado: #1 Quishpe Guamán María Dolores"),
        "{out}"
    );
    assert!(out.contains(&ced), "{out}");

    // An invalid cédula (wrong check digit): a Spanish message naming the field.
    let mut bad = ced.clone();
    let last = bad.pop().and_then(|c| c.to_digit(10)).unwrap_or(0);
    bad.push(char::from_digit((last + 1) % 10, 10).unwrap_or('0'));
    let r = env.run(
        "es",
        &[
            "member",
            "add",
            "--id-number",
            &bad,
            "--first-names",
            "Ana",
            "--last-names",
            "Pilco",
            "--gender",
            "F",
            "--join-date",
            "2024-01-01",
        ],
    );
    let err = r.refused();
    assert!(err.contains("Identificación"), "{err}");
    assert!(err.contains("dígito verificador"), "{err}");

    // Missing fields and a bad gender: every problem, field by field.
    let r = env.run(
        "es",
        &[
            "member",
            "add",
            "--id-number",
            &make_cedula(17, 7_654_321),
            "--gender",
            "Z",
        ],
    );
    let err = r.refused();
    assert!(err.contains("Nombres: Este dato es obligatorio."), "{err}");
    assert!(
        err.contains("Apellidos: Este dato es obligatorio."),
        "{err}"
    );
    assert!(
        err.contains("Género: El género debe ser F, M u O."),
        "{err}"
    );
    assert!(err.contains("Fecha de ingreso"), "{err}");

    // The same identification twice is refused.
    let r = env.run(
        "en",
        &[
            "member",
            "add",
            "--id-number",
            &ced,
            "--first-names",
            "Rosa",
            "--last-names",
            "Otra",
            "--gender",
            "F",
            "--join-date",
            "2024-01-01",
        ],
    );
    let err = r.refused();
    assert!(
        err.contains(&format!(
            "Identification number {ced} already belongs to Quishpe Guamán María Dolores"
        )),
        "{err}"
    );
    let list = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "nothing else was added"
    );
}

#[test]
fn list_in_three_formats() {
    let env = Env::new();
    let a = env.add_member(1_000_001, "Rosa", "Tupiza");
    let b = env.add_member(1_000_002, "=1+2", "Andrango");

    let table = env.run("es", &["member", "list"]).ok().to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with('#') && lines[0].contains("Identificación"),
        "{table}"
    );
    // Sorted by surname: Andrango before Tupiza.
    assert!(lines[2].contains(&b), "{table}");
    assert!(
        lines[3].contains(&a) && lines[3].contains("Tupiza Rosa"),
        "{table}"
    );
    assert!(table.contains("Socios: 2 (activos: 2)."), "{table}");

    let csv = env
        .run("en", &["member", "list", "--format", "csv"])
        .ok()
        .to_string();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let headers = rdr.headers().expect("header").clone();
    assert_eq!(&headers[0], "id_number");
    assert_eq!(&headers[7], "community");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], b.as_str());
    assert!(rows[0][1].starts_with("'="), "formula made safe: {csv}");
    assert_eq!(&rows[1][5], "2024-03-01");

    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 2);
    let ids: Vec<&str> = arr.iter().filter_map(|m| m["id_number"].as_str()).collect();
    assert_eq!(ids, vec![b.as_str(), a.as_str()]);
    let m = &arr[1];
    for key in [
        "id",
        "id_number",
        "id_kind",
        "first_names",
        "last_names",
        "gender",
        "birth_date",
        "join_date",
        "phone",
        "community",
        "status",
    ] {
        assert!(m.get(key).is_some(), "missing {key} in {m}");
    }
    assert_eq!(m["id"], 1);
    assert_eq!(m["id_kind"], "cedula");
    assert_eq!(m["gender"], "F");
    assert_eq!(m["join_date"], "2024-03-01");
    assert!(m["birth_date"].is_null());
    assert_eq!(m["status"], "active");

    // Search.
    let v = json(
        env.run(
            "es",
            &["member", "list", "--format", "json", "--search", "tupiza"],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["id_number"], a.as_str());
}

#[test]
fn show_a_member_with_balances() {
    let env = Env::new();
    let ced = env.add_member(2_000_001, "Rosa", "Tupiza");
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--date",
            &today(),
            "--description",
            "Aporte",
            "--debit",
            "1101=25,50",
            "--credit",
            &format!("3103=25,50@{ced}"),
        ],
    )
    .ok();
    let out = env.run("es", &["member", "show", &ced]).ok().to_string();
    assert!(out.contains("Tupiza"), "{out}");
    assert!(out.contains("Rosa"), "{out}");
    assert!(out.contains("Peguche"), "{out}");
    assert!(out.contains("3103"), "{out}");
    assert!(out.contains("-25,50"), "{out}");

    let out = env
        .run("en", &["member", "show", "#1", "--format", "json"])
        .ok()
        .to_string();
    let v = json(&out);
    assert_eq!(v["id_number"], ced.as_str());
    assert_eq!(v["balances"][0]["account"], "3103");
    assert_eq!(v["balances"][0]["credit"], "25.50");
    assert_eq!(v["balances"][0]["balance"], "-25.50");

    let r = env.run("es", &["member", "show", "9999999999"]);
    assert!(r.refused().contains("No hay un socio «9999999999»"));
}

#[test]
fn retire_a_member_and_show_what_remains() {
    let env = Env::new();
    let ced = env.add_member(3_000_001, "Rosa", "Tupiza");
    let clean = env.add_member(3_000_002, "Luis", "Cando");
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--description",
            "Aporte",
            "--debit",
            "1101=10",
            "--credit",
            &format!("3103=10@{ced}"),
        ],
    )
    .ok();
    let out = env
        .run(
            "es",
            &["member", "retire", &ced, "--reason", "Cambio de domicilio"],
        )
        .ok()
        .to_string();
    assert!(out.contains("Socio retirado el"), "{out}");
    assert!(out.contains("Saldos que quedan por liquidar"), "{out}");
    assert!(out.contains("3103") && out.contains("-10,00"), "{out}");

    let out = env
        .run("en", &["member", "retire", &clean])
        .ok()
        .to_string();
    assert!(out.contains("No balances remain"), "{out}");

    let r = env.run("es", &["member", "retire", &ced]);
    assert!(r.refused().contains("ya está retirado"));

    // Retired members leave the default list but stay in the book.
    let active = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(active.as_array().map(Vec::len), Some(0));
    let all = json(
        env.run("es", &["member", "list", "--format", "json", "--all"])
            .ok(),
    );
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    let rosa = all
        .as_array()
        .and_then(|a| a.iter().find(|m| m["id_number"] == ced.as_str()))
        .expect("still there");
    assert_eq!(rosa["status"], "retired");
    assert_eq!(rosa["retire_reason"], "Cambio de domicilio");
}

#[test]
fn edit_a_member() {
    let env = Env::new();
    let ced = env.add_member(4_000_001, "Rosa", "Tupiza");
    let out = env
        .run(
            "es",
            &[
                "member",
                "edit",
                &ced,
                "--phone",
                "0987654321",
                "--community",
                "Ilumán",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Datos actualizados"), "{out}");
    let v = json(
        env.run("es", &["member", "show", &ced, "--format", "json"])
            .ok(),
    );
    assert_eq!(v["phone"], "0987654321");
    assert_eq!(v["community"], "Ilumán");
    assert_eq!(v["first_names"], "Rosa");

    let r = env.run("es", &["member", "edit", &ced]);
    assert!(r.refused().contains("No indicó ningún dato"));
    let r = env.run("es", &["member", "edit", &ced, "--phone", "12"]);
    assert!(r.refused().contains("Teléfono"), "{}", r.stderr);
}

const HEADER_EN: &str =
    "id_number,first_names,last_names,gender,birth_date,join_date,phone,community\n";

fn csv_line(body: u32, name: &str) -> String {
    format!(
        "{},{name},Quispe,F,1980-01-01,2024-02-01,0991234567,Peguche\n",
        make_cedula(10, body)
    )
}

#[test]
fn import_a_good_file() {
    let env = Env::new();
    let mut csv = HEADER_EN.to_string();
    for i in 0..5 {
        csv.push_str(&csv_line(5_000_000 + i, &format!("Rosa {i}")));
    }
    let file = env.path("socios.csv");
    std::fs::write(&file, &csv).expect("write");
    let out = env
        .run("es", &["member", "import", file.to_str().expect("utf8")])
        .ok()
        .to_string();
    assert!(out.contains("Se importaron 5 socio(s)."), "{out}");
    assert!(out.contains(&make_cedula(10, 5_000_003)), "{out}");
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v.as_array().map(Vec::len), Some(5));

    // Importing the same file again: every line is a duplicate; nothing changes.
    let r = env.run("en", &["member", "import", file.to_str().expect("utf8")]);
    let err = r.refused();
    assert!(
        err.contains("Line 2: the identification number already belongs to"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
}

#[test]
fn one_bad_line_imports_nothing_and_is_named() {
    let env = Env::new();
    let mut csv = HEADER_EN.to_string();
    csv.push_str(&csv_line(6_000_001, "Rosa"));
    csv.push_str(&csv_line(6_000_002, "Ana"));
    csv.push_str(&format!(
        "{},Luis,Cando,Z,1980-01-01,2024-02-01,,Peguche\n",
        make_cedula(10, 6_000_003)
    ));
    csv.push_str(&csv_line(6_000_004, "Eva"));
    let file = env.path("socios.csv");
    std::fs::write(&file, &csv).expect("write");
    let before = env.snapshot();
    let r = env.run("es", &["member", "import", file.to_str().expect("utf8")]);
    let err = r.refused();
    assert!(
        err.contains("Línea 4: Género: El género debe ser F, M u O."),
        "{err}"
    );
    assert!(err.contains("No se importó nada"), "{err}");
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v.as_array().map(Vec::len), Some(0), "all or nothing");
    assert_eq!(env.snapshot(), before, "nothing was imported");
}

#[test]
fn a_binary_file_is_refused() {
    let env = Env::new();
    let file = env.path("foto.jpg");
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
    bytes.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&file, &bytes).expect("write");
    let r = env.run("es", &["member", "import", file.to_str().expect("utf8")]);
    let err = r.refused();
    assert!(
        err.contains("Línea 1: el archivo no es un CSV de texto"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        bytes,
        "the input is untouched"
    );
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v.as_array().map(Vec::len), Some(0));

    let r = env.run(
        "en",
        &[
            "member",
            "import",
            env.path("missing.csv").to_str().expect("utf8"),
        ],
    );
    assert!(r.refused().contains("Could not read"), "{}", r.stderr);
    let r = env.run(
        "en",
        &["member", "import", env.dir.path().to_str().expect("utf8")],
    );
    assert!(r.refused().contains("is not a file"), "{}", r.stderr);
}

#[test]
fn spanish_headers_and_semicolons_are_accepted() {
    let env = Env::new();
    let csv = format!(
        "cedula;nombres;apellidos;genero;fecha_nacimiento;fecha_ingreso;telefono;comunidad\n\
         {};Rosa;Quispe;F;02/07/1981;01/02/2024;0991234567;Peguche\n\
         {};Luis;Cando;M;;01/02/2024;;Ilumán\n",
        make_cedula(10, 7_000_001),
        make_cedula(10, 7_000_002)
    );
    let file = env.path("socios.csv");
    std::fs::write(&file, csv).expect("write");
    let out = env
        .run("en", &["member", "import", file.to_str().expect("utf8")])
        .ok()
        .to_string();
    assert!(out.contains("2 member(s) imported."), "{out}");
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v[0]["last_names"], "Cando");
    assert_eq!(v[0]["community"], "Ilumán");
    assert_eq!(v[1]["birth_date"], "1981-07-02");
}

#[test]
fn dry_run_writes_nothing() {
    let env = Env::new();
    let mut csv = HEADER_EN.to_string();
    csv.push_str(&csv_line(8_000_001, "Rosa"));
    csv.push_str(&csv_line(8_000_002, "Ana"));
    let file = env.path("socios.csv");
    std::fs::write(&file, &csv).expect("write");
    let before = env.bytes();
    let out = env
        .run(
            "es",
            &[
                "member",
                "import",
                "--dry-run",
                file.to_str().expect("utf8"),
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Se agregarían 2 socio(s)"), "{out}");
    assert!(out.contains(&make_cedula(10, 8_000_002)), "{out}");
    assert!(out.contains("no se guardó nada"), "{out}");
    assert!(env.bytes() == before, "the book file is byte-identical");

    // A dry run with an error exits 1 and names the line.
    std::fs::write(
        &file,
        format!("{csv}{}", "1710034066,Eva,Quispe,F,,2024-01-01,,\n"),
    )
    .expect("write");
    let r = env.run(
        "en",
        &[
            "member",
            "import",
            "--dry-run",
            file.to_str().expect("utf8"),
        ],
    );
    let err = r.refused();
    assert!(err.contains("Line 4: Identification"), "{err}");
    assert!(
        r.stdout.contains("Lines without errors in") && r.stdout.contains(": 2\n"),
        "{}",
        r.stdout
    );
    assert!(env.bytes() == before, "the book file is byte-identical");
}

/// Lines ended as Excel ends them on Windows (CRLF): errors and the preview
/// name the lines of the file (the header is line 1).
#[test]
fn crlf_files_are_numbered_by_their_lines() {
    let env = Env::new();
    let rows = [
        csv_line(9_100_001, "Rosa"),
        csv_line(9_100_002, "Ana"),
        format!(
            "{},Luis,Cando,Z,1980-01-01,2024-02-01,,Peguche\n",
            make_cedula(10, 9_100_003)
        ),
    ];
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let file = env.path("socios.csv");
    std::fs::write(&file, crlf(&format!("{HEADER_EN}{}", rows.concat()))).expect("write");
    let r = env.run("es", &["member", "import", file.to_str().expect("utf8")]);
    let err = r.refused();
    assert!(
        err.contains("Línea 4: Género: El género debe ser F, M u O."),
        "{err}"
    );
    // The preview of the good lines: lines 2 and 3.
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("2 ") && l.contains(&make_cedula(10, 9_100_001))),
        "{}",
        r.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim_start().starts_with("3 ") && l.contains(&make_cedula(10, 9_100_002))),
        "{}",
        r.stdout
    );
    // A blank line and a quoted field over two lines keep the count right.
    let text = format!(
        "{HEADER_EN}\n{}\"{}\",\"Eva\nMaría\",Sisa,F,,2024-02-01,,\n{}",
        csv_line(9_100_004, "Rosa"),
        make_cedula(10, 9_100_005),
        "1710034066,Eva,Quispe,F,,2024-01-01,,\n"
    );
    std::fs::write(&file, crlf(&text)).expect("write");
    let err = env
        .run(
            "en",
            &[
                "member",
                "import",
                "--dry-run",
                file.to_str().expect("utf8"),
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("Line 4: First names:"), "{err}");
    assert!(err.contains("Line 6: Identification"), "{err}");
}

#[test]
fn a_duplicated_column_is_refused_naming_both() {
    let env = Env::new();
    let ced = make_cedula(10, 9_200_001);
    let file = env.path("socios.csv");
    for (header, first, second) in [
        ("cedula,cedula", "1 («cedula»)", "2 («cedula»)"),
        ("cedula,id_number", "1 («cedula»)", "2 («id_number»)"),
        ("Cédula,CEDULA", "1 («Cédula»)", "2 («CEDULA»)"),
    ] {
        std::fs::write(
            &file,
            format!("{header},nombres,apellidos,genero,fecha_ingreso\n{ced},{ced},Rosa,Quispe,F,2024-01-01\n"),
        )
        .expect("write");
        let err = env
            .run("es", &["member", "import", file.to_str().expect("utf8")])
            .refused()
            .to_string();
        assert!(
            err.contains(&format!(
                "Línea 1: las columnas {first} y {second} son la misma; deje solo una."
            )),
            "{header}: {err}"
        );
    }
    std::fs::write(
        &file,
        format!("cedula,nombres,apellidos,genero,fecha_ingreso,apellidos\n{ced},Rosa,Quispe,F,2024-01-01,Sisa\n"),
    )
    .expect("write");
    let err = env
        .run("en", &["member", "import", file.to_str().expect("utf8")])
        .refused()
        .to_string();
    assert!(
        err.contains("Line 1: columns 3 ('apellidos') and 6 ('apellidos') are the same column"),
        "{err}"
    );
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v.as_array().map(Vec::len), Some(0));
}

/// Members of every kind, added through the program.
fn every_kind_of_member(env: &Env) {
    let add = |args: &[&str]| {
        let mut a = vec!["member", "add"];
        a.extend_from_slice(args);
        env.run("es", &a).ok();
    };
    add(&[
        "--id-number",
        &make_cedula(17, 9_300_001),
        "--first-names",
        "María José",
        "--last-names",
        "Quishpe Ñacato",
        "--gender",
        "F",
        "--birth-date",
        "1981-07-02",
        "--join-date",
        "2024-03-01",
        "--phone",
        "+593 99 245 7250",
        "--community",
        "San José de Ilumán",
    ]);
    add(&[
        "--id-number",
        &format!("{}001", make_cedula(10, 9_300_002)),
        "--first-names",
        "Luis",
        "--last-names",
        "O'Neil Cando",
        "--gender",
        "M",
        "--join-date",
        "2024-03-01",
        "--phone",
        "099-245-7251",
    ]);
    // A passport of ten digits that would also pass for a cédula.
    add(&[
        "--id-kind",
        "pasaporte",
        "--id-number",
        &make_cedula(9, 9_300_003),
        "--first-names",
        "Ana",
        "--last-names",
        "=Sisa",
        "--gender",
        "O",
        "--join-date",
        "2024-04-15",
        "--community",
        "Peguche",
    ]);
    add(&[
        "--id-number",
        &make_cedula(12, 9_300_004),
        "--first-names",
        "Rosa",
        "--last-names",
        "Tupiza",
        "--gender",
        "F",
        "--birth-date",
        "1970-01-31",
        "--join-date",
        "2024-03-01",
    ]);
    let retired_on = (today_date() - chrono::Days::new(10))
        .format("%Y-%m-%d")
        .to_string();
    env.run(
        "es",
        &[
            "member",
            "retire",
            &make_cedula(12, 9_300_004),
            "--date",
            &retired_on,
            "--reason",
            "Cambio de domicilio, a Quito; sin deudas",
        ],
    )
    .ok();
}

fn all_members(env: &Env) -> serde_json::Value {
    json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    )
}

/// `member list --all --format csv` imports into a new book as it was, in
/// both languages: numbers, kinds, phones with +593, retirements, accents.
#[test]
fn an_exported_member_list_imports_back_as_it_was() {
    let env = Env::new();
    every_kind_of_member(&env);
    let want = all_members(&env);
    assert_eq!(want.as_array().map(Vec::len), Some(4));
    assert!(
        want.as_array()
            .is_some_and(|a| a.iter().any(|m| m["id_kind"] == "passport")
                && a.iter().any(|m| m["status"] == "retired"))
    );
    for lang in ["es", "en"] {
        let file = env.path(&format!("socios-{lang}.csv"));
        env.run(
            lang,
            &[
                "member",
                "list",
                "--all",
                "--format",
                "csv",
                "-o",
                file.to_str().expect("utf8"),
            ],
        )
        .ok();
        let other = Env::new();
        let out = other
            .run(lang, &["member", "import", file.to_str().expect("utf8")])
            .ok()
            .to_string();
        assert!(out.contains('4'), "{out}");
        assert_eq!(all_members(&other), want, "{lang}: the members differ");
        // The new book goes on from the last number.
        let ced = other.add_member(9_300_005, "Eva", "Chango");
        let v = json(
            other
                .run("en", &["member", "show", &ced, "--format", "json"])
                .ok(),
        );
        assert_eq!(v["id"], 5);
    }

    // Into a book that has members already: the same members, numbered
    // after the book's own, and the preview says so.
    let busy = Env::new();
    busy.add_member(9_300_006, "Eva", "Chango");
    let file = env.path("socios-es.csv");
    let out = busy
        .run("es", &["member", "import", file.to_str().expect("utf8")])
        .ok()
        .to_string();
    assert!(out.contains("no se conservan"), "{out}");
    let got = all_members(&busy);
    let strip = |v: &serde_json::Value| {
        let mut a: Vec<serde_json::Value> = v
            .as_array()
            .expect("a list")
            .iter()
            .filter(|m| m["last_names"] != "Chango")
            .cloned()
            .map(|mut m| {
                m["id"] = serde_json::Value::Null;
                m
            })
            .collect();
        a.sort_by_key(|m| m["id_number"].to_string());
        a
    };
    assert_eq!(strip(&got), strip(&want));
}

#[test]
fn an_import_reads_status_and_kind_and_refuses_what_contradicts() {
    let env = Env::new();
    let file = env.path("socios.csv");
    let ced = make_cedula(10, 9_400_001);
    let joined = "2024-03-01";
    let later = (today_date() + chrono::Days::new(2))
        .format("%Y-%m-%d")
        .to_string();
    let text = format!(
        "cedula,nombres,apellidos,genero,fecha_ingreso,tipo_identificacion,estado,fecha_retiro,motivo_retiro\n\
         {ced},Rosa,Quispe,F,{joined},licencia,,,\n\
         {},Ana,Sisa,F,{joined},,retirado,,\n\
         {},Eva,Cando,F,{joined},,activo,2025-01-01,\n\
         {},Luz,Tupiza,F,{joined},,retirado,2023-01-01,\n\
         {},Sara,Guaman,F,{joined},,retirado,{later},\n\
         {},Lía,Chango,F,{joined},,jubilado,,\n",
        make_cedula(10, 9_400_002),
        make_cedula(10, 9_400_003),
        make_cedula(10, 9_400_004),
        make_cedula(10, 9_400_005),
        make_cedula(10, 9_400_006),
    );
    std::fs::write(&file, text).expect("write");
    let err = env
        .run("es", &["member", "import", file.to_str().expect("utf8")])
        .refused()
        .to_string();
    for want in [
        "Línea 2: tipo de identificación desconocido «licencia» (cedula, ruc o pasaporte).",
        "Línea 3: el socio está retirado pero falta la fecha de retiro.",
        "Línea 4: el socio está activo pero tiene fecha o motivo de retiro.",
        "Línea 5: la fecha de retiro debe estar entre la de ingreso y hoy.",
        "Línea 6: la fecha de retiro debe estar entre la de ingreso y hoy.",
        "Línea 7: estado desconocido «jubilado» (activo o retirado).",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    let v = json(
        env.run("es", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(0));
}
