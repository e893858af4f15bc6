//! Every list in every format a spreadsheet opens: the CSV (comma and point),
//! the Spanish CSV (semicolon, decimal comma, UTF-8 mark) with the same rows,
//! and the spreadsheet, whose rows are the CSV's with amounts as numbers.

use std::io::Cursor;

use crate::cli_common::Env;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

const BOM: &str = "\u{feff}";

/// A practice book with members, loans, savings and the fund, and one
/// payment today (so the day's receipts have a row).
fn book() -> (Env, String) {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "10", "--months", "4"])
        .ok();
    let csv = env.run("es", &["member", "list", "--format", "csv"]);
    let key = csv
        .ok()
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .expect("a member")
        .to_string();
    env.run("es", &["dues", "pay", &key, "--amount", "3"]).ok();
    (env, key)
}

fn rows(text: &str, sep: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// "-1234.50" as Excel in Spanish writes it: "-1234,50".
fn spanish(cell: &str) -> String {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    match digits.split_once('.') {
        Some((i, f))
            if !i.is_empty()
                && !f.is_empty()
                && i.chars().chain(f.chars()).all(|c| c.is_ascii_digit()) =>
        {
            cell.replacen('.', ",", 1)
        }
        _ => cell.to_string(),
    }
}

fn sheet(path: &std::path::Path) -> Vec<Vec<Data>> {
    let bytes = std::fs::read(path).expect("the spreadsheet was written");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an xlsx file");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("its first sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(x) => format!("{x:.2}"),
        Data::Int(x) => format!("{x}.00"),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The lists, each with what it needs.
fn lists(key: &str) -> Vec<Vec<String>> {
    let l = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        l(&["member", "list"]),
        l(&["entry", "list"]),
        l(&["account", "list"]),
        l(&["loan", "list"]),
        l(&["loan", "product", "list"]),
        l(&["loan", "schedule", "1"]),
        l(&["loan", "show", "1"]),
        l(&["savings", "statement", key]),
        l(&["savings", "accounts", key]),
        l(&["savings", "products"]),
        l(&["fund", "statement"]),
        l(&["fund", "statement", "--grants"]),
        l(&["dues", "owed", key, "--all"]),
        l(&["dues", "receipts"]),
        l(&["dues", "types", "list"]),
    ]
}

#[test]
fn every_list_writes_a_spanish_csv_with_the_csvs_rows_and_decimal_commas() {
    let (env, key) = book();
    let mut with_commas = 0;
    for args in lists(&key) {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let plain = env
            .run("es", &[&a[..], &["--format", "csv"]].concat())
            .ok()
            .to_string();
        let es = env
            .run("es", &[&a[..], &["--format", "csv-es"]].concat())
            .ok()
            .to_string();
        let body = es
            .strip_prefix(BOM)
            .unwrap_or_else(|| panic!("{a:?}: the Spanish CSV starts with the UTF-8 mark"));
        assert!(
            body.split_terminator('\n').all(|l| l.ends_with('\r')),
            "{a:?}: lines end in CRLF"
        );
        let want: Vec<Vec<String>> = rows(&plain, b',')
            .into_iter()
            .map(|r| r.iter().map(|c| spanish(c)).collect())
            .collect();
        let got = rows(body, b';');
        assert!(want.len() > 1, "{a:?}: the list has rows:\n{plain}");
        assert_eq!(got, want, "{a:?}");
        if got.iter().flatten().any(|c| c.contains(',')) {
            with_commas += 1;
        }
    }
    // Every list but the members' and the charge types' has amounts.
    assert!(with_commas >= 12, "{with_commas} lists with decimal commas");
}

#[test]
fn every_list_writes_a_spreadsheet_with_the_csvs_rows_only_to_a_file() {
    let (env, key) = book();
    for (n, args) in lists(&key).into_iter().enumerate() {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        // Without -o, or with -o -, it is refused in words before any file appears.
        let e = env.run("es", &[&a[..], &["--format", "xlsx"]].concat());
        assert!(
            e.refused().contains("-o ARCHIVO.xlsx"),
            "{a:?}: {}",
            e.stderr
        );
        assert!(e.stdout.is_empty(), "{a:?}");
        let e = env.run("en", &[&a[..], &["--format", "xlsx", "-o", "-"]].concat());
        assert!(e.refused().contains("-o FILE.xlsx"), "{a:?}: {}", e.stderr);

        let path = env.path(&format!("list{n}.xlsx"));
        let p = path.to_str().expect("a path");
        let run = env.run("es", &[&a[..], &["--format", "xlsx", "-o", p]].concat());
        run.ok();
        assert!(run.stderr.contains("Guardado en"), "{a:?}: {}", run.stderr);
        let sheet = sheet(&path);
        let texts: Vec<Vec<String>> = sheet
            .iter()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        assert!(
            texts.iter().flatten().any(|c| c.contains("Asociación")),
            "{a:?}: the sheet is headed with the association"
        );
        let csv = rows(
            env.run("es", &[&a[..], &["--format", "csv"]].concat()).ok(),
            b',',
        );
        let header = &csv[0];
        let at = texts
            .iter()
            .position(|r| r.len() >= header.len() && r[..header.len()] == header[..])
            .unwrap_or_else(|| panic!("{a:?}: the CSV's header row {header:?} in {texts:?}"));
        let body: Vec<&Vec<String>> = texts[at + 1..]
            .iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()))
            .collect();
        for (i, row) in csv[1..].iter().enumerate() {
            let got = body
                .get(i)
                .unwrap_or_else(|| panic!("{a:?}: row {i} of the CSV in the sheet"));
            let got: Vec<&str> = got.iter().map(String::as_str).take(row.len()).collect();
            let want: Vec<&str> = row.iter().map(String::as_str).collect();
            assert_eq!(got, want, "{a:?}: row {i}");
        }
        // Amounts are numbers a formula can add, not text.
        if csv[1..].iter().flatten().any(|c| {
            let (i, f) = c
                .trim_start_matches('-')
                .split_once('.')
                .unwrap_or(("", ""));
            !i.is_empty() && f.len() == 2 && i.chars().all(|c| c.is_ascii_digit())
        }) {
            assert!(
                sheet[at + 1..]
                    .iter()
                    .flatten()
                    .any(|d| matches!(d, Data::Float(_))),
                "{a:?}: amounts are numbers"
            );
        }
    }
}

#[test]
fn a_simulation_and_the_reports_write_the_spanish_csv_too() {
    let env = Env::new();
    let out = env
        .run(
            "es",
            &[
                "loan", "simulate", "--amount", "1000", "--rate", "15", "--months", "3",
                "--format", "csv-es",
            ],
        )
        .ok()
        .to_string();
    let body = out.strip_prefix(BOM).expect("the UTF-8 mark");
    let r = rows(body, b';');
    assert_eq!(r[1][2], "341,70", "{out}");
    assert_eq!(r.last().expect("the total")[4], "1000,00", "{out}");

    let (env, _) = book();
    let path = env.path("balance.csv");
    let p = path.to_str().expect("a path");
    env.run(
        "es",
        &["report", "trial-balance", "--format", "csv-es", "-o", p],
    )
    .ok();
    let written = std::fs::read_to_string(&path).expect("written");
    let plain = env
        .run("es", &["report", "trial-balance", "--format", "csv"])
        .ok()
        .to_string();
    let want: Vec<Vec<String>> = rows(&plain, b',')
        .into_iter()
        .map(|r| r.iter().map(|c| spanish(c)).collect())
        .collect();
    assert_eq!(
        rows(written.strip_prefix(BOM).expect("the UTF-8 mark"), b';'),
        want
    );
}
