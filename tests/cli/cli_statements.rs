//! `ayni report balance-sheet|income-statement|cash-book|member-statement`
//! and `ayni export seps-b11|seps-s01|balances-xlsx` on a practice book: the
//! figures read back from every format agree with the trial balance.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::cli_common::{Env, json};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use md5::{Digest, Md5};

/// A practice book with 14 months of history (13 closed) and its RUC.
fn demo() -> (Env, String) {
    let env = Env::empty();
    let out = env
        .run("es", &["demo", "--members", "20", "--months", "14"])
        .ok()
        .to_string();
    let ruc = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("RUC: "))
        .expect("the demo has a RUC")
        .to_string();
    (env, ruc)
}

/// "1234.56" -> 123456.
fn cents(s: &str) -> i64 {
    let neg = s.starts_with('-');
    let (w, f) = s
        .trim_start_matches('-')
        .split_once('.')
        .expect("two decimals");
    let v = w.parse::<i64>().expect("whole") * 100 + f.parse::<i64>().expect("cents");
    if neg { -v } else { v }
}

fn cents_of(v: &serde_json::Value) -> i64 {
    cents(
        v.as_str()
            .unwrap_or_else(|| panic!("an amount string: {v}")),
    )
}

/// 1075213 -> "10.752,13" (Spanish style).
fn es_amount(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let a = c.unsigned_abs();
    let whole = (a / 100).to_string();
    let mut g = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            g.push('.');
        }
        g.push(ch);
    }
    format!("{sign}{g},{:02}", a % 100)
}

/// The trial balance's balances (debit minus credit) summed by element.
struct Tb {
    by_code: BTreeMap<String, i64>,
}

impl Tb {
    fn of(env: &Env, month: Option<&str>) -> Tb {
        let mut args = vec!["report", "trial-balance", "--format", "json"];
        if let Some(m) = month {
            args.extend(["--month", m]);
        }
        let v = json(env.run("en", &args).ok());
        let by_code = v["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .map(|a| {
                (
                    a["code"].as_str().expect("code").to_string(),
                    cents_of(&a["balance"]),
                )
            })
            .collect();
        Tb { by_code }
    }
    fn element(&self, e: char) -> i64 {
        self.by_code
            .iter()
            .filter(|(c, _)| c.starts_with(e))
            .map(|(_, b)| b)
            .sum()
    }
    fn code(&self, c: &str) -> i64 {
        self.by_code.get(c).copied().unwrap_or(0)
    }
    fn assets(&self) -> i64 {
        self.element('1')
    }
    fn liabilities(&self) -> i64 {
        -self.element('2')
    }
    /// Equity with the year's running result (income minus expenses).
    fn equity_with_result(&self) -> i64 {
        -self.element('3') + self.result()
    }
    fn result(&self) -> i64 {
        -(self.element('4') + self.element('5'))
    }
}

fn stdout_json(env: &Env, args: &[&str]) -> serde_json::Value {
    json(env.run("en", args).ok())
}

/// CSV rows as fields.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .map(|x| x.expect("csv").iter().map(str::to_string).collect())
        .collect()
}

fn csv_value(rows: &[Vec<String>], label: &str, col: usize) -> i64 {
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == label))
        .unwrap_or_else(|| panic!("a row {label}"));
    cents(&row[col])
}

fn months_back(env: &Env, n: u32) -> String {
    // The current open month of the demo is today's month.
    let _ = env;
    let today = crate::cli_common::today_date();
    let first = chrono::Datelike::with_day(&today, 1).expect("day 1");
    first
        .checked_sub_months(chrono::Months::new(n))
        .expect("month")
        .format("%Y-%m")
        .to_string()
}

fn has_key(v: &serde_json::Value, key: &str) -> bool {
    match v {
        serde_json::Value::Object(m) => m.contains_key(key) || m.values().any(|x| has_key(x, key)),
        serde_json::Value::Array(a) => a.iter().any(|x| has_key(x, key)),
        _ => false,
    }
}

#[test]
fn the_balance_sheet_agrees_with_the_trial_balance_in_json_and_csv() {
    let (env, _) = demo();
    let closed = months_back(&env, 1);
    for month in [None, Some(closed.as_str())] {
        let tb = Tb::of(&env, month);
        let mut args = vec!["report", "balance-sheet", "--format", "json"];
        if let Some(m) = month {
            args.extend(["--month", m]);
        }
        let bs = stdout_json(&env, &args);
        assert_eq!(cents_of(&bs["assets"]["total"]["current"]), tb.assets());
        assert_eq!(
            cents_of(&bs["liabilities"]["total"]["current"]),
            tb.liabilities()
        );
        assert_eq!(
            cents_of(&bs["equity"]["total"]["current"]),
            tb.equity_with_result()
        );
        assert_eq!(cents_of(&bs["current_result"]["current"]), tb.result());
        // Assets = liabilities + equity + result.
        assert_eq!(
            tb.assets(),
            tb.liabilities() + tb.equity_with_result(),
            "the demo's books balance"
        );
        assert_eq!(
            cents_of(&bs["total_liabilities_and_equity"]["current"]),
            tb.assets()
        );
        assert_eq!(bs["balanced"], true);
        assert!(tb.assets() > 0);
        // Without --compare only the month's figures are given.
        assert!(!has_key(&bs, "previous") && !has_key(&bs, "last_year"));
        // The CSV carries the same totals.
        args[3] = "csv";
        let rows = csv_rows(env.run("en", &args).ok());
        assert_eq!(rows[0].len(), 3, "code, account, the month: {:?}", rows[0]);
        assert_eq!(csv_value(&rows, "TOTAL ASSETS", 2), tb.assets());
        assert_eq!(csv_value(&rows, "TOTAL LIABILITIES", 2), tb.liabilities());
        assert_eq!(csv_value(&rows, "TOTAL EQUITY", 2), tb.equity_with_result());
        assert_eq!(csv_value(&rows, "1101", 2), tb.code("1101"));
    }
    // The Spanish table shows the totals in Spanish style.
    let tb = Tb::of(&env, None);
    let table = env.run("es", &["report", "balance-sheet"]).ok().to_string();
    assert!(table.contains("Estado de situación financiera"), "{table}");
    let line = table
        .lines()
        .find(|l| l.contains("TOTAL ACTIVOS"))
        .expect("total line");
    assert!(line.contains(&es_amount(tb.assets())), "{line}");
}

#[test]
fn compare_adds_the_previous_month_and_the_same_month_last_year() {
    let (env, _) = demo();
    let (prev, last_year) = (months_back(&env, 1), months_back(&env, 12));
    let bs = stdout_json(
        &env,
        &["report", "balance-sheet", "--compare", "--format", "json"],
    );
    for (key, month) in [("previous", &prev), ("last_year", &last_year)] {
        let tb = Tb::of(&env, Some(month));
        assert_eq!(cents_of(&bs["assets"]["total"][key]), tb.assets(), "{key}");
        assert_eq!(
            cents_of(&bs["liabilities"]["total"][key]),
            tb.liabilities(),
            "{key}"
        );
    }
    assert_eq!(bs["periods"]["previous"], prev.as_str());
    let rows = csv_rows(
        env.run(
            "en",
            &["report", "balance-sheet", "--compare", "--format", "csv"],
        )
        .ok(),
    );
    assert_eq!(rows[0].len(), 5, "{:?}", rows[0]);
    let tb_prev = Tb::of(&env, Some(&prev));
    assert_eq!(csv_value(&rows, "TOTAL ASSETS", 3), tb_prev.assets());
}

#[test]
fn the_income_statement_agrees_with_the_trial_balance() {
    let (env, _) = demo();
    let prev = months_back(&env, 1);
    let (tb, tb_prev) = (Tb::of(&env, None), Tb::of(&env, Some(&prev)));
    let is = stdout_json(&env, &["report", "income-statement", "--format", "json"]);
    // Cumulative income and expenses start at the fiscal year (the year-end
    // entry closes them), so the year to date is the trial balance's result
    // and the month is its change since the previous month.
    assert_eq!(cents_of(&is["result"]["year_to_date"]), tb.result());
    assert_eq!(
        cents_of(&is["result"]["current"]),
        tb.result() - tb_prev.result()
    );
    assert_eq!(
        cents_of(&is["income"]["total"]["year_to_date"]),
        -tb.element('5')
    );
    assert_eq!(
        cents_of(&is["expenses"]["total"]["year_to_date"]),
        tb.element('4')
    );
    assert!(!has_key(&is, "year_to_date_last_year"));
    let rows = csv_rows(
        env.run("es", &["report", "income-statement", "--format", "csv"])
            .ok(),
    );
    assert_eq!(rows[0].len(), 4, "{:?}", rows[0]);
    assert_eq!(csv_value(&rows, "RESULTADO", 3), tb.result());
    let rows = csv_rows(
        env.run(
            "en",
            &["report", "income-statement", "--compare", "--format", "csv"],
        )
        .ok(),
    );
    assert_eq!(rows[0].len(), 7, "{:?}", rows[0]);
    // The comparison column is the previous month's own statement.
    let is_prev = stdout_json(
        &env,
        &[
            "report",
            "income-statement",
            "--month",
            &prev,
            "--format",
            "json",
        ],
    );
    assert_eq!(
        csv_value(&rows, "RESULT", 3),
        cents_of(&is_prev["result"]["current"])
    );
    // And that is the trial balance's change over the month, unless the
    // month is December, whose trial balance is after the year-end entry
    // (income and expenses closed into 3603).
    if !prev.ends_with("-12") {
        assert_eq!(
            csv_value(&rows, "RESULT", 3),
            tb_prev.result() - Tb::of(&env, Some(&months_back(&env, 2))).result()
        );
    } else {
        assert_eq!(
            tb_prev.result(),
            0,
            "December's trial balance is after the year end"
        );
    }
}

#[test]
fn the_cash_book_runs_from_the_previous_balance_to_the_trial_balance() {
    let (env, _) = demo();
    let prev = months_back(&env, 1);
    let cb = stdout_json(&env, &["report", "cash-book", "--format", "json"]);
    let (opening, closing) = (cents_of(&cb["opening"]), cents_of(&cb["closing"]));
    assert_eq!(opening, Tb::of(&env, Some(&prev)).code("1101"));
    assert_eq!(closing, Tb::of(&env, None).code("1101"));
    let lines = cb["lines"].as_array().expect("lines");
    assert!(!lines.is_empty());
    let moved: i64 = lines
        .iter()
        .map(|l| cents_of(&l["debit"]) - cents_of(&l["credit"]))
        .sum();
    assert_eq!(opening + moved, closing);
    assert_eq!(
        cents_of(&lines[lines.len() - 1]["balance"]),
        closing,
        "the running balance ends at the closing balance"
    );
    let rows = csv_rows(
        env.run("en", &["report", "cash-book", "--format", "csv"])
            .ok(),
    );
    let last = rows
        .iter()
        .rfind(|r| r.iter().any(|c| c == "Closing balance") && r[0] == "cash-book")
        .expect("closing row");
    assert_eq!(cents(&last[last.len() - 1]), closing);
}

fn xlsx(path: &Path) -> calamine::Range<Data> {
    let bytes = std::fs::read(path).expect("xlsx written");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an xlsx file");
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name).expect("range")
}

fn xlsx_amount(range: &calamine::Range<Data>, label: &str) -> i64 {
    let row = range
        .rows()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == label)))
        .unwrap_or_else(|| panic!("a row {label}"));
    let pos = row
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == label))
        .expect("label");
    match &row[pos + 1] {
        Data::Float(x) => (x * 100.0).round() as i64,
        Data::Int(x) => x * 100,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn statements_in_every_format_and_files_only_with_o() {
    let (env, _) = demo();
    let tb = Tb::of(&env, None);
    let month_result = tb.result() - Tb::of(&env, Some(&months_back(&env, 1))).result();
    let name = "Asociación";
    // Binary formats need -o: refused, in both languages, and no file appears.
    let e = env
        .run("es", &["report", "balance-sheet", "--format", "xlsx"])
        .refused()
        .to_string();
    assert!(e.contains("-o ARCHIVO.xlsx"), "{e}");
    let e = env
        .run("en", &["report", "cash-book", "--format", "pdf"])
        .refused()
        .to_string();
    assert!(e.contains("-o FILE.pdf"), "{e}");
    // Never over the book.
    let before = env.snapshot();
    let book = env.book.to_string_lossy().to_string();
    let e = env
        .run(
            "en",
            &["report", "balance-sheet", "--format", "pdf", "-o", &book],
        )
        .refused()
        .to_string();
    assert!(e.contains("is an ayni book"), "{e}");
    assert_eq!(env.snapshot(), before);

    for (report, total_label, total) in [
        ("balance-sheet", "TOTAL ACTIVOS", tb.assets()),
        // The month's result (the column after the label; the year to date follows).
        ("income-statement", "RESULTADO", month_result),
        ("cash-book", "Saldo final", tb.code("1101")),
    ] {
        let x = env.path(&format!("{report}.xlsx"));
        let out = env.run(
            "es",
            &[
                "report",
                report,
                "--format",
                "xlsx",
                "-o",
                &x.to_string_lossy(),
            ],
        );
        out.ok();
        assert!(out.stderr.contains("Guardado en"), "{}", out.stderr);
        let range = xlsx(&x);
        assert!(
            matches!(range.get_value((0, 0)), Some(Data::String(s)) if s.contains(name)),
            "{report}: the association's name heads the sheet"
        );
        if report == "cash-book" {
            // The summary's closing balance is a row of its own.
            let closing = range
                .rows()
                .rfind(|r| {
                    r.iter()
                        .any(|c| matches!(c, Data::String(s) if s == total_label))
                })
                .expect("closing rows");
            assert!(
                closing
                    .iter()
                    .any(|c| matches!(c, Data::Float(f) if (f * 100.0).round() as i64 == total)),
                "{closing:?}"
            );
        } else {
            assert_eq!(xlsx_amount(&range, total_label), total, "{report}");
        }
        let h = env.path(&format!("{report}.html"));
        env.run(
            "es",
            &[
                "report",
                report,
                "--format",
                "html",
                "-o",
                &h.to_string_lossy(),
            ],
        )
        .ok();
        let html = std::fs::read_to_string(&h).expect("html");
        assert!(html.contains("<html"), "{report}");
        assert!(html.contains(name));
        assert!(html.contains(&es_amount(total)), "{report}: {total}");
        assert!(html.contains("Tesorero"), "signature lines");
        let p = env.path(&format!("{report}.pdf"));
        env.run(
            "en",
            &[
                "report",
                report,
                "--format",
                "pdf",
                "-o",
                &p.to_string_lossy(),
            ],
        )
        .ok();
        let pdf = std::fs::read(&p).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"), "{report}");
        assert!(pdf.len() > 1000);
        // The terminal table in English.
        let t = env.run("en", &["report", report]).ok().to_string();
        assert!(t.contains(name), "{t}");
    }
}

#[test]
fn member_statements_for_one_member_and_for_all() {
    let (env, _) = demo();
    let card = stdout_json(&env, &["member", "show", "#1", "--format", "json"]);
    let contributions: i64 = card["balances"]
        .as_array()
        .expect("balances")
        .iter()
        .filter(|b| b["account"].as_str().is_some_and(|a| a.starts_with("3103")))
        .map(|b| -cents_of(&b["balance"]))
        .sum();
    let id_number = card["id_number"].as_str().expect("id").to_string();
    let st = stdout_json(
        &env,
        &["report", "member-statement", &id_number, "--format", "json"],
    );
    let s = &st["statements"][0];
    assert_eq!(s["member"]["id"], 1);
    assert_eq!(cents_of(&s["contributions"]["closing"]), contributions);
    // A range: the opening balance of the range is the closing of the month before.
    let (from, before) = (months_back(&env, 3), months_back(&env, 4));
    let range = stdout_json(
        &env,
        &[
            "report",
            "member-statement",
            "#1",
            "--from",
            &from,
            "--format",
            "json",
        ],
    );
    let earlier = stdout_json(
        &env,
        &[
            "report",
            "member-statement",
            "#1",
            "--to",
            &before,
            "--format",
            "json",
        ],
    );
    assert_eq!(range["from"], from.as_str());
    assert_eq!(
        range["statements"][0]["contributions"]["opening"],
        earlier["statements"][0]["contributions"]["closing"]
    );
    let table = env
        .run("es", &["report", "member-statement", "#1"])
        .ok()
        .to_string();
    let first = card["first_names"].as_str().expect("name");
    assert!(table.contains(first), "{table}");
    assert!(table.contains("Estado de cuenta"), "{table}");
    // Every member, one page each, as HTML, XLSX and PDF.
    let all = stdout_json(
        &env,
        &["report", "member-statement", "--all", "--format", "json"],
    );
    let n = all["statements"].as_array().expect("statements").len();
    // Members who belonged in the month: joined by its end, not retired before it.
    let (start, end) = (
        format!("{}-01", months_back(&env, 0)),
        format!("{}-31", months_back(&env, 0)),
    );
    let members = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    let expected = members
        .as_array()
        .expect("members")
        .iter()
        .filter(|m| m["join_date"].as_str().is_some_and(|d| d <= end.as_str()))
        .filter(|m| m["retired_on"].as_str().is_none_or(|d| d >= start.as_str()))
        .count();
    assert_eq!(n, expected);
    let h = env.path("todos.html");
    env.run(
        "es",
        &[
            "report",
            "member-statement",
            "--all",
            "--format",
            "html",
            "-o",
            &h.to_string_lossy(),
        ],
    )
    .ok();
    let html = std::fs::read_to_string(&h).expect("html");
    for st in all["statements"].as_array().expect("statements") {
        let nm = st["member"]["id_number"].as_str().expect("id");
        assert!(html.contains(nm), "{nm} has a page");
    }
    let p = env.path("todos.pdf");
    env.run(
        "en",
        &[
            "report",
            "member-statement",
            "--all",
            "--format",
            "pdf",
            "-o",
            &p.to_string_lossy(),
        ],
    )
    .ok();
    assert!(std::fs::read(&p).expect("pdf").starts_with(b"%PDF"));
    let x = env.path("uno.xlsx");
    env.run(
        "es",
        &[
            "report",
            "member-statement",
            "#1",
            "--format",
            "xlsx",
            "-o",
            &x.to_string_lossy(),
        ],
    )
    .ok();
    let range = xlsx(&x);
    assert!(
        range
            .rows()
            .flatten()
            .any(|c| matches!(c, Data::String(s) if s.contains(&id_number))),
        "the member's identification is in the sheet"
    );
    // Refusals.
    let e = env
        .run("en", &["report", "member-statement", "#999"])
        .refused()
        .to_string();
    assert!(e.contains("no member"), "{e}");
    let e = env
        .run("es", &["report", "member-statement"])
        .refused()
        .to_string();
    assert!(e.contains("--all"), "{e}");
    let e = env
        .run(
            "es",
            &["report", "member-statement", "#1", "--from", "2026-13"],
        )
        .refused()
        .to_string();
    assert!(e.contains("2026-13"), "{e}");
}

/// The value of attribute `name` in the first tag of `xml` that contains `marker`.
fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    let end = tag[start..].find('"').expect("closing quote") + start;
    &tag[start..end]
}

#[test]
fn the_b11_package_holds_the_xml_and_its_hash_and_agrees_with_the_trial_balance() {
    let (env, ruc) = demo();
    let closed = months_back(&env, 1);
    let dir = env.path("sep");
    let out = env
        .run("es", &["export", "seps-b11", "-o", &dir.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Archivos escritos"), "{out}");
    // The last closed month by default, named as SEPS.md says.
    let cut = {
        let d =
            chrono::NaiveDate::parse_from_str(&format!("{closed}-01"), "%Y-%m-%d").expect("date");
        let next = d.checked_add_months(chrono::Months::new(1)).expect("next");
        next.pred_opt().expect("last day")
    };
    let stem = format!("B11_{ruc}_{}", cut.format("%d-%m-%Y"));
    let xml_path = dir.join(format!("{stem}.xml"));
    let hash_path = dir.join(format!("{stem}-hash.txt"));
    let zip_path = dir.join(format!("{stem}.zip"));
    for p in [&xml_path, &hash_path, &zip_path] {
        assert!(p.exists(), "{}", p.display());
        assert!(out.contains(&p.display().to_string()), "{out}");
    }
    let xml = std::fs::read(&xml_path).expect("xml");
    let digest: String = Md5::digest(&xml)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let hash = std::fs::read_to_string(&hash_path).expect("hash");
    assert_eq!(hash.trim(), digest);
    assert!(out.contains(&digest));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("a zip archive");
    assert_eq!(zip.len(), 2);
    let mut inner = Vec::new();
    zip.by_name(&format!("{stem}.xml"))
        .expect("xml in zip")
        .read_to_end(&mut inner)
        .expect("read");
    assert_eq!(inner, xml);
    let mut inner_hash = String::new();
    zip.by_name(&format!("{stem}-hash.txt"))
        .expect("hash in zip")
        .read_to_string(&mut inner_hash)
        .expect("read");
    assert_eq!(inner_hash, hash);
    // The document: root attributes, rows, totals against the trial balance.
    let text = String::from_utf8(xml).expect("utf-8");
    let root = text
        .lines()
        .find(|l| l.starts_with("<balance"))
        .expect("root");
    assert!(root.contains("xmlns=\"http://www.seps.gob.ec/balances\""));
    assert_eq!(attr(root, "estructura"), "B11");
    assert_eq!(attr(root, "rucEntidad"), ruc);
    assert_eq!(attr(root, "fechaCorte"), cut.format("%d/%m/%Y").to_string());
    let rows: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            ["<elemento ", "<grupo ", "<cuenta ", "<subcuenta "]
                .iter()
                .any(|t| l.starts_with(t))
        })
        .collect();
    assert_eq!(attr(root, "numRegistro"), rows.len().to_string());
    let sum: i64 = rows.iter().map(|r| cents(attr(r, "total"))).sum();
    assert_eq!(cents(attr(root, "valorCuadre")), sum);
    let tb = Tb::of(&env, Some(&closed));
    let total_of = |code: &str| {
        rows.iter()
            .find(|r| attr(r, "codigo") == code)
            .map(|r| cents(attr(r, "total")))
            .unwrap_or_else(|| panic!("row {code}"))
    };
    assert_eq!(total_of("1"), tb.assets());
    assert_eq!(total_of("2"), tb.liabilities());
    assert_eq!(total_of("1101"), tb.code("1101"));
    // -o FILE.zip writes only the package, with the same XML inside.
    let single = env.path("paquete.zip");
    env.run(
        "en",
        &[
            "export",
            "seps-b11",
            "--month",
            &closed,
            "-o",
            &single.to_string_lossy(),
        ],
    )
    .ok();
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&single).expect("zip")).expect("a zip archive");
    let mut again = Vec::new();
    zip.by_name(&format!("{stem}.xml"))
        .expect("xml in zip")
        .read_to_end(&mut again)
        .expect("read");
    assert_eq!(again, text.into_bytes());
    // The open month is refused and nothing is written.
    let open_dir = env.path("abierto");
    let e = env
        .run(
            "en",
            &[
                "export",
                "seps-b11",
                "--month",
                &months_back(&env, 0),
                "-o",
                &open_dir.to_string_lossy(),
            ],
        )
        .refused()
        .to_string();
    assert!(e.contains("is not closed"), "{e}");
    assert!(!open_dir.exists());
}

#[test]
fn the_s01_members_file_and_the_monthly_balances_spreadsheet() {
    let (env, ruc) = demo();
    let closed = months_back(&env, 1);
    let dir = env.path("sep");
    std::fs::create_dir(&dir).expect("dir");
    let out = env
        .run("en", &["export", "seps-s01", "-o", &dir.to_string_lossy()])
        .ok()
        .to_string();
    let file = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("S01_"))
        .expect("the S01 file");
    let name = file
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    assert!(
        name.starts_with(&format!("S01_{ruc}_")) && name.ends_with(".txt"),
        "{name}"
    );
    assert!(out.contains(&name), "{out}");
    let text = std::fs::read_to_string(&file).expect("text");
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("tipoIdentificacion\tnumeroIdentificacion"));
    assert!(lines.iter().all(|l| l.split('\t').count() == 12));
    let members = lines.len() - 1;
    assert!(out.contains(&format!("({members} members)")), "{out}");
    // The alias and --no-header.
    let plain = env.path("s01.txt");
    env.run(
        "es",
        &[
            "export",
            "s01",
            "--no-header",
            "-o",
            &plain.to_string_lossy(),
        ],
    )
    .ok();
    let plain_text = std::fs::read_to_string(&plain).expect("text");
    assert_eq!(plain_text.lines().count(), members);
    // The spreadsheet of monthly balances.
    let out = env
        .run(
            "es",
            &["export", "balances-xlsx", "-o", &dir.to_string_lossy()],
        )
        .ok()
        .to_string();
    assert!(out.contains("Hoja de saldos mensuales"), "{out}");
    let x = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("the spreadsheet");
    let range = xlsx(&x);
    let tb = Tb::of(&env, Some(&closed));
    let row = range
        .rows()
        .find(|r| r.first() == Some(&Data::String("1".into())))
        .expect("row 1");
    assert!(
        matches!(row[2], Data::Float(f) if (f * 100.0).round() as i64 == tb.assets()),
        "{row:?}"
    );
}

#[test]
fn seps_files_need_a_ruc() {
    let env = Env::new();
    let today = crate::cli_common::today_date();
    let first = chrono::Datelike::with_day(&today, 1).expect("day 1");
    let prev = first.pred_opt().expect("previous day");
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            &prev.format("%Y-%m-%d").to_string(),
            "--description",
            "Donation",
            "--debit",
            "1101=50",
            "--credit",
            "3402=50",
        ],
    )
    .ok();
    let month = prev.format("%Y-%m").to_string();
    env.run("en", &["close", &month, "--cash-count", "50"]).ok();
    let dir = env.path("sep");
    let e = env
        .run("es", &["export", "seps-b11", "-o", &dir.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.contains("RUC"), "{e}");
    let e = env
        .run("en", &["export", "seps-s01", "-o", &dir.to_string_lossy()])
        .refused()
        .to_string();
    assert!(e.contains("RUC"), "{e}");
    assert!(!dir.exists());
}

/// A fresh book with one member and monthly dues of 3.00 from three months
/// ago (never closed, so every month is open); returns the member's cédula.
fn dues_book() -> (Env, String) {
    let env = Env::new();
    let a = env.add_member(5_200_001, "Rosa", "Tupiza");
    env.run(
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
            &months_back(&env, 3),
        ],
    )
    .ok();
    (env, a)
}

#[test]
fn a_statement_to_a_past_month_counts_only_the_payments_made_by_its_end() {
    let (env, a) = dues_book();
    let (first, last) = (months_back(&env, 3), months_back(&env, 1));
    // Today the member pays the three months before this one.
    env.run("es", &["dues", "pay", &a, "--amount", "9"]).ok();
    // To last month: nothing had been paid by its end.
    let v = stdout_json(
        &env,
        &[
            "report",
            "member-statement",
            &a,
            "--from",
            &first,
            "--to",
            &last,
            "--format",
            "json",
        ],
    );
    let dues = &v["statements"][0]["dues"];
    assert_eq!(dues["paid"], "0.00", "{dues}");
    assert_eq!(dues["owed_total"], "9.00", "{dues}");
    assert_eq!(dues["payments"].as_array().map(Vec::len), Some(0));
    for l in dues["lines"].as_array().expect("lines") {
        assert_eq!(l["due"], "3.00", "{l}");
    }
    let text = env
        .run(
            "es",
            &[
                "report",
                "member-statement",
                &a,
                "--from",
                &first,
                "--to",
                &last,
            ],
        )
        .ok()
        .to_string();
    assert!(text.contains("Total adeudado a la fecha"), "{text}");
    assert!(text.contains("9,00"), "{text}");
    // To this month: paid, and this month still owed.
    let v = stdout_json(
        &env,
        &[
            "report",
            "member-statement",
            &a,
            "--from",
            &first,
            "--format",
            "json",
        ],
    );
    let dues = &v["statements"][0]["dues"];
    assert_eq!(dues["paid"], "9.00", "{dues}");
    assert_eq!(dues["owed_total"], "3.00", "{dues}");
    assert_eq!(dues["credit_in_advance"], "0.00", "{dues}");
}

#[test]
fn a_statement_shows_dues_paid_ahead_as_credit_in_advance() {
    let (env, a) = dues_book();
    // 4 months owed (three back and this one) and two ahead.
    let out = env
        .run("en", &["dues", "pay", &a, "--amount", "18"])
        .ok()
        .to_string();
    assert!(out.contains("held in account 299010"), "{out}");
    let v = stdout_json(
        &env,
        &["report", "member-statement", &a, "--format", "json"],
    );
    assert_eq!(v["statements"][0]["dues"]["credit_in_advance"], "6.00");
    for (lang, label) in [
        ("es", "Saldo a favor (pagado por adelantado)"),
        ("en", "Credit in advance (paid ahead)"),
    ] {
        let text = env
            .run(lang, &["report", "member-statement", &a])
            .ok()
            .to_string();
        assert!(text.contains(label), "{text}");
    }
    // The books hold it as a liability, the member's own.
    let tb = Tb::of(&env, None);
    assert_eq!(tb.code("299010"), -600);
    assert_eq!(tb.code("5490"), -1_200);
    env.run("en", &["check"]).ok();
}

#[test]
fn the_b11_of_a_month_before_the_first_entry_is_refused_like_an_open_month() {
    let (env, _) = demo();
    let dir = env.path("antes");
    for (lang, text) in [
        ("es", "El libro no tiene asientos hasta"),
        ("en", "The book has no entries up to"),
    ] {
        let e = env
            .run(
                lang,
                &[
                    "export",
                    "seps-b11",
                    "--month",
                    "2001-06",
                    "-o",
                    &dir.to_string_lossy(),
                ],
            )
            .refused()
            .to_string();
        assert!(e.contains(text), "{e}");
        assert!(
            e.contains(&months_back(&env, 13)[..4]),
            "names the first month: {e}"
        );
        assert!(!dir.exists(), "nothing written");
    }
}
