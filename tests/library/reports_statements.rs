//! The association's statements checked against the journal, with their
//! comparison columns, and written in every format.

use std::io::Cursor;

use crate::reports_common::*;
use ayni::domain::entry::{EntryKind, Side};
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::report::render::{Format, render};
use ayni::report::statements::{
    LineKind, cash_book, financial_position, income_statement, trial_balance,
};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;

/// Natural (credit-positive for 2, 3, 5) sum of accounts under `prefix` over
/// entries dated in [from, to], optionally leaving out year-end entries.
fn natural(
    book: &ayni::books::Book,
    prefix: &str,
    from: NaiveDate,
    to: NaiveDate,
    without_year_end: bool,
) -> Money {
    let mut s = Money::ZERO;
    for e in all_entries(book) {
        if e.date < from || e.date > to || (without_year_end && e.kind == EntryKind::YearEnd) {
            continue;
        }
        for p in &e.postings {
            if p.account.starts_with(prefix) {
                s += p.signed();
            }
        }
    }
    if matches!(prefix.as_bytes().first(), Some(b'1' | b'4')) {
        s
    } else {
        -s
    }
}

fn begin() -> NaiveDate {
    d("2000-01-01")
}

#[test]
fn trial_balance_matches_the_journal_with_comparisons() {
    let f = build(true);
    let feb = mo(2026, 2);
    let tb = trial_balance(&f.book, feb, Lang::Es).expect("trial balance");
    assert!(tb.balanced);
    assert!(!tb.rows.is_empty());
    let entries = all_entries(&f.book);
    for r in &tb.rows {
        let (mut dr, mut cr) = (Money::ZERO, Money::ZERO);
        for e in entries.iter().filter(|e| e.date <= feb.last_day()) {
            for p in e.postings.iter().filter(|p| p.account == r.code) {
                match p.side {
                    Side::Debit => dr += p.amount,
                    Side::Credit => cr += p.amount,
                }
            }
        }
        assert_eq!((r.debit, r.credit), (dr, cr), "account {}", r.code);
        assert_eq!(r.balance.current, dr - cr);
        let prev = journal_sum(&f.book, &r.code, |x| x <= mo(2026, 1).last_day());
        let ly = journal_sum(&f.book, &r.code, |x| x <= mo(2025, 2).last_day());
        assert_eq!(r.balance.previous, prev, "previous {}", r.code);
        assert_eq!(r.balance.last_year, ly, "last year {}", r.code);
    }
    let books_tb = f.book.trial_balance(feb).expect("books tb");
    assert_eq!(tb.total_debit, books_tb.total_debit);
    assert_eq!(tb.total_credit, books_tb.total_credit);
    assert_eq!(tb.total_debit, tb.total_credit);
    // The sub-account with a formula-like name is there, under its own code.
    assert!(
        tb.rows
            .iter()
            .any(|r| r.code == "110301" && r.name == "=Banco Pichincha")
    );
}

#[test]
fn financial_position_balances_and_matches_the_journal() {
    let f = build(true);
    let b = &f.book;
    // A month inside the year: the running result sits in equity.
    let nov = mo(2025, 11);
    let end = nov.last_day();
    let fp = financial_position(b, nov, Lang::Es).expect("position");
    let assets = natural(b, "1", begin(), end, false);
    let liabilities = natural(b, "2", begin(), end, false);
    let equity = natural(b, "3", begin(), end, false);
    let income = natural(b, "5", begin(), end, false);
    let expenses = natural(b, "4", begin(), end, false);
    assert_eq!(fp.assets.total.current, assets);
    assert_eq!(fp.liabilities.total.current, liabilities);
    assert_eq!(fp.current_result.current, income - expenses);
    assert_eq!(fp.equity.total.current, equity + income - expenses);
    assert_eq!(assets, liabilities + equity + income - expenses);
    assert!(fp.balanced);
    let result_line = fp
        .equity
        .lines
        .iter()
        .find(|l| l.kind == LineKind::CurrentResult)
        .expect("current result line");
    assert_eq!(result_line.amount.current, income - expenses);
    assert!(result_line.code.is_none());
    // Only contra accounts and a running loss may be negative (and groups holding them).
    for s in [&fp.assets, &fp.liabilities, &fp.equity] {
        let allowed = |l: &ayni::report::statements::PositionLine| {
            l.contra || l.kind == LineKind::CurrentResult
        };
        for l in &s.lines {
            if !l.amount.current.is_negative() || allowed(l) {
                continue;
            }
            assert_eq!(l.kind, LineKind::Group, "{l:?}");
            let code = l.code.clone().unwrap_or_default();
            let has_negative_child = s.lines.iter().any(|c| {
                allowed(c)
                    && c.amount.current.is_negative()
                    && (c
                        .code
                        .as_deref()
                        .is_some_and(|cc| cc.starts_with(&code) && cc != code)
                        || (c.code.is_none() && code == "36"))
            });
            assert!(has_negative_child, "{l:?}");
        }
    }
    // Groups carry the sum of their accounts.
    let g14 = fp
        .assets
        .lines
        .iter()
        .find(|l| l.code.as_deref() == Some("14"));
    let g14 = g14.expect("loan portfolio group");
    let accounts14: Money = fp
        .assets
        .lines
        .iter()
        .filter(|l| {
            l.kind == LineKind::Account && l.code.as_deref().is_some_and(|c| c.starts_with("14"))
        })
        .map(|l| l.amount.current)
        .sum();
    assert_eq!(g14.amount.current, accounts14);

    // December after the close: the result is in 3603, assets = liabilities + equity.
    let dec = mo(2025, 12);
    let fp = financial_position(b, dec, Lang::Es).expect("position");
    assert!(fp.current_result.current.is_zero());
    assert!(fp.balanced);
    let year = natural(b, "5", d("2025-01-01"), dec.last_day(), true)
        - natural(b, "4", d("2025-01-01"), dec.last_day(), true);
    // A surplus goes to 3603, a loss to 3604 (a contra account, shown negative).
    let code = if year.is_negative() { "3604" } else { "3603" };
    let line = fp
        .equity
        .lines
        .iter()
        .find(|l| l.code.as_deref() == Some(code));
    assert_eq!(
        line.map(|l| l.amount.current),
        Some(year),
        "year's result in {code}"
    );
    assert_eq!(
        fp.assets.total.current,
        fp.liabilities.total.current + fp.equity.total.current
    );

    // Comparisons: the previous month and the same month last year.
    let feb = financial_position(b, mo(2026, 2), Lang::Es).expect("feb");
    let jan = financial_position(b, mo(2026, 1), Lang::Es).expect("jan");
    let feb25 = financial_position(b, mo(2025, 2), Lang::Es).expect("feb 2025");
    assert_eq!(feb.assets.total.previous, jan.assets.total.current);
    assert_eq!(feb.assets.total.last_year, feb25.assets.total.current);
    assert_eq!(feb.equity.total.previous, jan.equity.total.current);
    assert_eq!(feb.equity.total.last_year, feb25.equity.total.current);
    assert_eq!(feb.current_result.last_year, feb25.current_result.current);
    assert!(feb.balanced && jan.balanced && feb25.balanced);
}

#[test]
fn income_statement_shows_figures_before_the_year_end_entry() {
    let f = build(true);
    let b = &f.book;
    let dec = mo(2025, 12);
    let is = income_statement(b, dec, Lang::Es).expect("income statement");
    assert!(is.before_year_end);
    let month_income = natural(b, "5", dec.first_day(), dec.last_day(), true);
    let month_exp = natural(b, "4", dec.first_day(), dec.last_day(), true);
    let ytd_income = natural(b, "5", d("2025-01-01"), dec.last_day(), true);
    let ytd_exp = natural(b, "4", d("2025-01-01"), dec.last_day(), true);
    assert!(ytd_income.is_positive() && ytd_exp.is_positive());
    assert_eq!(is.income.total.current, month_income);
    assert_eq!(is.expenses.total.current, month_exp);
    assert_eq!(is.income.total.year_to_date, ytd_income);
    assert_eq!(is.expenses.total.year_to_date, ytd_exp);
    assert_eq!(is.result.year_to_date, ytd_income - ytd_exp);
    // The bank interest of December is there, although the close moved it to 3603.
    let l5190 = is
        .income
        .lines
        .iter()
        .find(|l| l.code == "5190")
        .expect("5190");
    assert_eq!(l5190.amount.current, m(350));
    // The year's result equals what the close put into 3603.
    let closed = -f.book.balance_of("3603", dec).expect("3603")
        - f.book.balance_of("3604", dec).expect("3604");
    assert_eq!(is.result.year_to_date, closed);

    // February 2026: month, previous, same month last year, both years to date.
    let feb = mo(2026, 2);
    let is = income_statement(b, feb, Lang::En).expect("income statement");
    assert!(!is.before_year_end);
    let check = |prefix: &str, cols: &ayni::report::statements::IncomeCols| {
        assert_eq!(
            cols.current,
            natural(b, prefix, d("2026-02-01"), d("2026-02-28"), true)
        );
        assert_eq!(
            cols.previous,
            natural(b, prefix, d("2026-01-01"), d("2026-01-31"), true)
        );
        assert_eq!(
            cols.last_year,
            natural(b, prefix, d("2025-02-01"), d("2025-02-28"), true)
        );
        assert_eq!(
            cols.year_to_date,
            natural(b, prefix, d("2026-01-01"), d("2026-02-28"), true)
        );
        assert_eq!(
            cols.year_to_date_last_year,
            natural(b, prefix, d("2025-01-01"), d("2025-02-28"), true)
        );
    };
    check("5", &is.income.total);
    check("4", &is.expenses.total);
    let r = is.result;
    assert_eq!(
        r.current,
        is.income.total.current - is.expenses.total.current
    );
    assert_eq!(
        r.last_year,
        is.income.total.last_year - is.expenses.total.last_year
    );
    assert!(
        is.income.total.last_year.is_positive(),
        "dues were paid in February 2025"
    );
}

#[test]
fn cash_book_runs_from_opening_to_the_book_balance() {
    let f = build(true);
    let b = &f.book;
    for month in [mo(2025, 1), mo(2026, 2), mo(2026, 3)] {
        let cb = cash_book(b, month, Lang::Es).expect("cash book");
        assert_eq!(
            cb.opening,
            b.balance_of("1101", month.prev()).expect("opening")
        );
        assert_eq!(cb.closing, b.balance_of("1101", month).expect("closing"));
        let journal_lines: Vec<_> = all_entries(b)
            .into_iter()
            .filter(|e| month.contains(e.date) && e.postings.iter().any(|p| p.account == "1101"))
            .collect();
        assert_eq!(cb.lines.len(), journal_lines.len(), "{month}");
        let mut running = cb.opening;
        for (l, e) in cb.lines.iter().zip(&journal_lines) {
            assert_eq!(l.entry, e.id);
            running = running + l.debit - l.credit;
            assert_eq!(l.balance, running);
        }
        assert_eq!(running, cb.closing);
        assert_eq!(cb.summary.current.receipts, cb.receipts);
        assert_eq!(cb.summary.current.payments, cb.payments);
        assert_eq!(cb.summary.current.closing, cb.closing);
    }
    let feb = cash_book(b, mo(2026, 2), Lang::Es).expect("feb");
    let jan = cash_book(b, mo(2026, 1), Lang::Es).expect("jan");
    let feb25 = cash_book(b, mo(2025, 2), Lang::Es).expect("feb 2025");
    assert_eq!(feb.summary.previous, jan.summary.current);
    assert_eq!(feb.summary.last_year, feb25.summary.current);
    assert!(feb.receipts.is_positive() && feb.payments.is_positive());
}

fn xlsx_cells(bytes: Vec<u8>) -> (calamine::Range<Data>, calamine::Range<String>) {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("range");
    let formulas = wb.worksheet_formula(&name).expect("formulas");
    (range, formulas)
}

fn find_row(range: &calamine::Range<Data>, col: usize, text: &str) -> Option<usize> {
    range
        .rows()
        .position(|r| matches!(r.get(col), Some(Data::String(s)) if s == text))
}

#[test]
fn statements_in_every_format() {
    let f = build(true);
    let b = &f.book;
    let month = mo(2026, 2);
    let fp = financial_position(b, month, Lang::Es).expect("position");

    // Table: letterhead, amounts in Spanish style, the accounts.
    let table =
        String::from_utf8(render(&fp, Format::Table, Lang::Es).expect("table")).expect("utf8");
    assert!(table.starts_with(NAME));
    assert!(table.contains(&ruc()));
    assert!(table.contains("Estado de situación financiera"));
    assert!(table.contains(&fp.assets.total.current.localized(Lang::Es)));
    assert!(table.contains("TOTAL PASIVO Y PATRIMONIO"));

    // CSV: plain amounts, formula-like text made safe.
    let csv_text =
        String::from_utf8(render(&fp, Format::Csv, Lang::Es).expect("csv")).expect("utf8");
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("record")).collect();
    let total = rows
        .iter()
        .find(|r| r.get(1) == Some("TOTAL ACTIVOS"))
        .expect("total row");
    assert_eq!(total.get(2), Some(fp.assets.total.current.plain().as_str()));
    assert!(csv_text.contains("'=Banco Pichincha"));

    // JSON: amounts as strings with a point.
    let json: serde_json::Value =
        serde_json::from_slice(&render(&fp, Format::Json, Lang::Es).expect("json")).expect("parse");
    assert_eq!(
        json["assets"]["total"]["current"],
        fp.assets.total.current.plain()
    );
    assert_eq!(json["periods"]["last_year"], "2025-02");
    assert_eq!(json["association"]["ruc"], ruc());

    // XLSX read back: header rows, numbers, totals, the formula-like name kept as text.
    let (range, formulas) = xlsx_cells(render(&fp, Format::Xlsx, Lang::Es).expect("xlsx"));
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String(NAME.to_string()))
    );
    assert!(matches!(range.get_value((1, 0)), Some(Data::String(s)) if s.contains(&ruc())));
    assert_eq!(
        range.get_value((2, 0)),
        Some(&Data::String("Estado de situación financiera".to_string()))
    );
    let header = find_row(&range, 0, "Código").expect("header row");
    assert_eq!(range.get((header, 1)), Some(&Data::String("Cuenta".into())));
    let total_row = find_row(&range, 1, "TOTAL ACTIVOS").expect("total row");
    let cell = range.get((total_row, 2)).expect("total cell");
    let Data::Float(x) = cell else {
        panic!("total is not a number: {cell:?}")
    };
    assert_eq!(format!("{x:.2}"), fp.assets.total.current.plain());
    let bank = find_row(&range, 1, "=Banco Pichincha").expect("formula-like name stored as text");
    assert_eq!(range.get((bank, 0)), Some(&Data::String("110301".into())));
    assert!(
        formulas.rows().flatten().all(|f| f.is_empty()),
        "no cell holds a formula"
    );

    // HTML and PDF.
    let html = String::from_utf8(render(&fp, Format::Html, Lang::Es).expect("html")).expect("utf8");
    assert!(html.contains("Caja &lt;Unión&gt; &amp; Progreso"));
    assert!(!html.contains("<Unión>"));
    assert!(html.contains(TREASURER) && html.contains(PRESIDENT));
    assert_eq!(html.matches("<section class=\"page\"").count(), 1);
    let pdf = render(&fp, Format::Pdf, Lang::Es).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));

    // The other statements render in every format, in both languages.
    let tb = trial_balance(b, month, Lang::En).expect("tb");
    let is = income_statement(b, month, Lang::En).expect("is");
    let cb = cash_book(b, month, Lang::En).expect("cb");
    for format in Format::ALL {
        for lang in Lang::ALL {
            assert!(!render(&tb, format, lang).expect("tb").is_empty());
            assert!(!render(&is, format, lang).expect("is").is_empty());
            assert!(!render(&cb, format, lang).expect("cb").is_empty());
        }
    }
    let cb_text =
        String::from_utf8(render(&cb, Format::Table, Lang::En).expect("cb")).expect("utf8");
    assert!(cb_text.contains("Cash book"));
    assert!(cb_text.contains(&cb.closing.localized(Lang::En)));
}

#[test]
fn text_tables_fit_eighty_columns() {
    let f = build(true);
    let b = &f.book;
    let month = mo(2026, 2);
    let texts = [
        render(
            &financial_position(b, month, Lang::Es).expect("fp"),
            Format::Table,
            Lang::Es,
        ),
        render(
            &trial_balance(b, month, Lang::Es).expect("tb"),
            Format::Table,
            Lang::Es,
        ),
        render(
            &income_statement(b, month, Lang::Es).expect("is"),
            Format::Table,
            Lang::Es,
        ),
        render(
            &cash_book(b, month, Lang::Es).expect("cb"),
            Format::Table,
            Lang::Es,
        ),
    ];
    for t in texts {
        let t = String::from_utf8(t.expect("render")).expect("utf8");
        for line in t.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
    }
}

#[test]
fn a_new_book_gives_empty_statements_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = ayni::domain::settings::Settings::new(
        "Asociación Nueva",
        None,
        ayni::domain::settings::AssocKind::Asociacion,
    )
    .expect("settings");
    let book = ayni::books::Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2026-05-10 09:00:00"),
    )
    .expect("book");
    let month = mo(2026, 5);
    let fp = financial_position(&book, month, Lang::Es).expect("fp");
    assert!(fp.balanced && fp.assets.lines.is_empty());
    let tb = trial_balance(&book, month, Lang::Es).expect("tb");
    assert!(tb.rows.is_empty() && tb.balanced);
    let is = income_statement(&book, month, Lang::Es).expect("is");
    assert!(is.result.current.is_zero());
    let cb = cash_book(&book, month, Lang::Es).expect("cb");
    assert!(cb.lines.is_empty() && cb.closing.is_zero());
    let ms = ayni::report::member_statement::all_member_statements(&book, month, month, Lang::Es)
        .expect("ms");
    assert!(ms.statements.is_empty());
    for format in Format::ALL {
        assert!(!render(&fp, format, Lang::Es).expect("fp").is_empty());
        assert!(!render(&tb, format, Lang::En).expect("tb").is_empty());
        assert!(!render(&is, format, Lang::Es).expect("is").is_empty());
        assert!(!render(&cb, format, Lang::En).expect("cb").is_empty());
        assert!(!render(&ms, format, Lang::Es).expect("ms").is_empty());
    }
    let html = String::from_utf8(render(&ms, Format::Html, Lang::Es).expect("html")).expect("utf8");
    assert!(html.contains("No hay socios para este período."));
}
