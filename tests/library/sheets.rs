//! Spreadsheets into the book: members from an XLSX (headers as people
//! write them, dates as cells or serials), and each member's opening
//! balances as one opening entry with the subledgers set.

use std::path::PathBuf;

use ayni::books::opening::{OpeningError, OpeningOptions};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryKind, Side};
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, LoanStatus, Method};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn m(c: i64) -> Money {
    Money::from_cents(c)
}

fn new_book(dir: &tempfile::TempDir) -> (Book, PathBuf) {
    let path = dir.path().join("libro.ayni");
    let settings =
        Settings::new("Caja de Ahorro Prueba", None, AssocKind::Caja).expect("valid settings");
    let book = Book::create_with_clock(&path, settings, clock()).expect("book created");
    (book, path)
}

fn member(book: &mut Book, body: u32, name: &str) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(17, body),
        first_names: name.into(),
        last_names: "Quispe".into(),
        gender: "F".into(),
        join_date: "2025-01-10".into(),
        ..Default::default()
    })
    .expect("member added")
    .id
}

fn loan_product(book: &mut Book) -> u32 {
    book.add_loan_product(LoanProduct {
        id: 0,
        name: "Microcrédito".into(),
        method: Method::French,
        rate: Decimal::new(15, 0),
        max_months: 24,
        max_amount: m(500_000),
        late_rate: None,
        guarantee_percent: Decimal::ZERO,
        max_savings_multiple: None,
        rate_cap: None,
    })
    .expect("product")
    .0
    .id
}

/// A book with three members and a loan product.
fn book_with_members(dir: &tempfile::TempDir) -> (Book, Vec<u32>) {
    let (mut book, _) = new_book(dir);
    let ids = vec![
        member(&mut book, 101, "Rosa"),
        member(&mut book, 102, "Luis"),
        member(&mut book, 103, "Ana"),
    ];
    loan_product(&mut book);
    (book, ids)
}

/// The members' file the way a treasurer keeps it in a spreadsheet: Spanish
/// headers with accents and spaces, a birth date as a date cell, the join
/// date as a plain serial number, a cédula of a province under 10 typed as
/// a number (so it lost its leading zero) and a phone as a number.
fn members_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let heads = [
        "Cédula",
        "Nombres",
        "Apellidos",
        "Género",
        "Fecha de nacimiento",
        "FECHA DE INGRESO",
        "Teléfono",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let first = make_cedula(9, 4567);
    assert!(first.starts_with('0'));
    ws.write_number(1, 0, first.parse::<f64>().unwrap())
        .unwrap();
    ws.write_string(1, 1, "Rosa Elena").unwrap();
    ws.write_string(1, 2, "Quispe Anrango").unwrap();
    ws.write_string(1, 3, "F").unwrap();
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(1981, 7, 2).unwrap(), &date)
        .unwrap();
    // 2024-02-01 as the spreadsheet's day number, without a date format.
    ws.write_number(1, 5, 45323.0).unwrap();
    ws.write_number(1, 6, 991_234_567.0).unwrap();
    ws.write_string(2, 0, make_cedula(17, 4568)).unwrap();
    ws.write_string(2, 1, "Luis").unwrap();
    ws.write_string(2, 2, "Morocho").unwrap();
    ws.write_string(2, 3, "M").unwrap();
    ws.write_string(2, 5, "01/03/2024").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn members_import_from_an_xlsx_with_headers_as_people_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _) = new_book(&dir);
    let bytes = members_xlsx();
    let p = book.preview_import(&bytes).unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.members.len(), 2);
    assert_eq!(p.members[0].line, 2, "the spreadsheet's row numbers");
    assert_eq!(book.import_members(&bytes).unwrap(), 2);
    let all = book.members().unwrap();
    let rosa = all.iter().find(|x| x.first_names == "Rosa Elena").unwrap();
    assert_eq!(
        rosa.id_number,
        make_cedula(9, 4567),
        "the leading zero is back"
    );
    assert_eq!(rosa.birth_date, Some(d("1981-07-02")));
    assert_eq!(rosa.join_date, d("2024-02-01"));
    assert_eq!(rosa.phone, "991234567");
    let luis = all.iter().find(|x| x.first_names == "Luis").unwrap();
    assert_eq!(luis.join_date, d("2024-03-01"));
}

#[test]
fn an_xlsx_with_a_bad_row_imports_nothing_and_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _) = new_book(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["cedula", "nombres", "apellidos", "genero", "fecha_ingreso"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, make_cedula(17, 1)).unwrap();
    ws.write_string(1, 1, "Rosa").unwrap();
    ws.write_string(1, 2, "Quispe").unwrap();
    ws.write_string(1, 3, "F").unwrap();
    ws.write_string(1, 4, "2024-01-01").unwrap();
    ws.write_string(2, 0, "1234").unwrap();
    ws.write_string(2, 1, "Luis").unwrap();
    ws.write_string(2, 2, "Morocho").unwrap();
    ws.write_string(2, 3, "M").unwrap();
    ws.write_string(2, 4, "2024-01-01").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let p = book.preview_import(&bytes).unwrap();
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].line, 3);
    assert!(p.errors[0].message(Lang::Es).starts_with("Línea 3"));
    assert!(matches!(
        book.import_members(&bytes),
        Err(BookError::Import(_))
    ));
    assert!(book.members().unwrap().is_empty());
}

#[test]
fn a_file_that_is_not_a_spreadsheet_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (book, _) = new_book(&dir);
    let p = book.preview_import(b"PK\x03\x04not really a zip").unwrap();
    assert_eq!(p.errors.len(), 1);
    assert!(
        p.errors[0].message(Lang::En).contains("XLSX"),
        "{:?}",
        p.errors
    );
}

const BALANCES: &str = "\
Socio;Cédula;Aportes;Ahorros;Fondo solidario;Préstamo saldo;Préstamo tasa;Préstamo cuotas;Préstamo vence;Cuotas adeudadas;Saldo
1;;120,00;250,50;10;1.200,00;15;10;05/12/2026;5;
;{ced2};80;;5;;;;;;
3;;50;20;;300;;3;2026-12-10;;
CAJA;;;;;;;;;;340,00
BANCO;;;;;;;;;;1.000,00
";

fn balances(book: &Book) -> Vec<u8> {
    let ced2 = book.member(2).unwrap().unwrap().id_number;
    BALANCES.replace("{ced2}", &ced2).into_bytes()
}

#[test]
fn opening_balances_post_one_balanced_entry_and_the_subledgers_reconcile() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, ids) = book_with_members(&dir);
    let bytes = balances(&book);
    let options = OpeningOptions {
        date: Some(d("2026-11-15")),
        ..Default::default()
    };
    let plan = book.opening_plan(&bytes, &options).unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert!(plan.is_ready());
    let t = plan.totals;
    assert_eq!(t.cash, m(34_000));
    assert_eq!(t.bank, m(100_000));
    assert_eq!(t.loans, m(150_000));
    assert_eq!(t.contributions, m(25_000));
    assert_eq!(t.savings, m(27_050));
    assert_eq!(t.fund, m(1_500));
    assert_eq!(t.dues_owed, m(500));
    // 340 + 1000 + 1500 - (250 + 270.50 + 15)
    assert_eq!(t.difference, m(230_450));
    // The plan writes nothing.
    assert_eq!(book.entry_count(None).unwrap(), 0);

    let done = book.commit_opening(&plan).unwrap();
    assert_eq!(done.members, 3);
    assert_eq!(done.loans.len(), 2);
    let e = done.entry.as_ref().expect("an entry");
    assert_eq!(e.kind, EntryKind::Opening);
    assert_eq!(e.date, d("2026-11-15"));
    let side = |s: Side| -> i64 {
        e.postings
            .iter()
            .filter(|p| p.side == s)
            .map(|p| p.amount.cents())
            .sum()
    };
    assert_eq!(side(Side::Debit), side(Side::Credit));
    assert_eq!(book.entry_count(None).unwrap(), 1, "one entry");
    let month = Month::of(d("2026-11-15"));
    assert_eq!(book.balance_of("3601", month).unwrap(), m(-230_450));
    assert_eq!(book.balance_of("1404", month).unwrap(), m(150_000));
    assert_eq!(book.balance_of("3103", month).unwrap(), m(-25_000));

    // Savings: the ordinary account opened and holding the balance.
    let rosa = book.member_savings(ids[0]).unwrap();
    assert_eq!(rosa.len(), 1);
    assert_eq!(rosa[0].account.balance, m(25_050));
    // Loans: active, their balance owed, the first installment on the next due date.
    let loans = book.member_loans(ids[0]).unwrap();
    assert_eq!(loans.len(), 1);
    let l = &loans[0];
    assert_eq!(l.status, LoanStatus::Active);
    assert_eq!(l.outstanding(), m(120_000));
    assert_eq!(l.installments.len(), 10);
    assert_eq!(l.installments[0].inst.due, d("2026-12-05"));
    assert_eq!(l.installments[1].inst.due, d("2027-01-05"));
    assert_eq!(l.rate, Decimal::new(15, 0));
    // The third line named no rate: the product's.
    let ana = book.member_loans(ids[2]).unwrap();
    assert_eq!(ana[0].rate, Decimal::new(15, 0));
    assert_eq!(ana[0].installments[0].inst.due, d("2026-12-10"));
    // Dues owed: a charge owed, no posting.
    let owed = book.owed(ids[0], month).unwrap();
    assert_eq!(owed.iter().map(|c| c.due).sum::<Money>(), m(500));
    assert!(book.owed(ids[1], month).unwrap().is_empty());

    let report = book.check().unwrap();
    assert!(report.ok(), "{report:?}");

    // A second opening is refused: the book has an entry now.
    let again = book.opening_plan(&bytes, &options).unwrap();
    assert!(matches!(
        again.refused,
        Some(OpeningError::BookHasEntries { entries: 1 })
    ));
    assert!(matches!(
        book.commit_opening(&again),
        Err(BookError::Opening(OpeningError::BookHasEntries { .. }))
    ));
    assert_eq!(book.entry_count(None).unwrap(), 1);
}

#[test]
fn opening_balances_from_an_xlsx_with_cash_and_bank_given_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, ids) = book_with_members(&dir);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let heads = [
        "N.º socio",
        "Aportes",
        "Ahorros",
        "Préstamo",
        "Tasa",
        "Cuotas restantes",
        "Próxima cuota",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_number(1, 0, 1.0).unwrap();
    ws.write_number(1, 1, 100.0).unwrap();
    ws.write_number(1, 2, 12.35).unwrap();
    ws.write_number(1, 3, 600.0).unwrap();
    // 18 % as a spreadsheet's percentage cell holds it.
    ws.write_number(1, 4, 0.18).unwrap();
    ws.write_number(1, 5, 6.0).unwrap();
    ws.write_datetime_with_format(1, 6, ExcelDateTime::from_ymd(2026, 12, 1).unwrap(), &date)
        .unwrap();
    ws.write_number(2, 0, 2.0).unwrap();
    ws.write_number(2, 1, 40.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let options = OpeningOptions {
        cash: Some(m(20_000)),
        bank: Some(m(50_000)),
        ..Default::default()
    };
    let plan = book.opening_plan(&bytes, &options).unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.date, d("2026-11-20"), "today by the book's clock");
    let done = book.commit_opening(&plan).unwrap();
    let l = &book.member_loans(ids[0]).unwrap()[0];
    assert_eq!(l.rate, Decimal::new(18, 0));
    assert_eq!(l.installments.len(), 6);
    assert_eq!(l.installments[0].inst.due, d("2026-12-01"));
    assert_eq!(
        book.member_savings(ids[0]).unwrap()[0].account.balance,
        m(1_235)
    );
    // 200 + 500 + 600 - (140 + 12.35)
    assert_eq!(done.totals.difference, m(114_765));
    assert!(book.check().unwrap().ok());
}

#[test]
fn a_bad_line_or_an_unknown_member_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _) = book_with_members(&dir);
    let text = "socio,aportes,ahorros,prestamo_saldo,prestamo_cuotas,prestamo_vence\n\
                1,100,,,,\n\
                9,50,,,,\n\
                2,-5,,,,\n\
                3,,,300,,2026-12-01\n\
                3,10,,,,\n";
    let plan = book
        .opening_plan(text.as_bytes(), &OpeningOptions::default())
        .unwrap();
    let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5], "{:?}", plan.errors);
    let es: Vec<String> = plan.errors.iter().map(|e| e.message(Lang::Es)).collect();
    assert!(es[0].contains("no hay ningún socio"), "{es:?}");
    assert!(es[1].contains("negativo"), "{es:?}");
    assert!(es[2].contains("prestamo_cuotas"), "{es:?}");
    let en = plan.errors[0].message(Lang::En);
    assert!(en.starts_with("Line 3") && en.contains("no member"), "{en}");
    assert!(!plan.is_ready());
    assert!(matches!(
        book.commit_opening(&plan),
        Err(BookError::Opening(OpeningError::Lines(_)))
    ));
    assert_eq!(book.entry_count(None).unwrap(), 0);
    assert!(book.loans().unwrap().is_empty());
    assert!(book.all_savings().unwrap().is_empty());
}

#[test]
fn an_opening_in_a_closed_month_or_with_loans_and_no_product_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut book, _) = new_book(&dir);
    member(&mut book, 101, "Rosa");
    let text =
        "socio,aportes,prestamo_saldo,prestamo_cuotas,prestamo_vence\n1,10,300,3,2026-12-01\n";
    let plan = book
        .opening_plan(text.as_bytes(), &OpeningOptions::default())
        .unwrap();
    assert_eq!(plan.errors.len(), 1);
    assert!(
        plan.errors[0]
            .message(Lang::En)
            .contains("no loan products")
    );
    book.close_month(Month::of(d("2026-10-01"))).unwrap();
    let refused = book.opening_plan(
        b"socio,aportes\n1,10\n",
        &OpeningOptions {
            date: Some(d("2026-10-31")),
            ..Default::default()
        },
    );
    assert!(
        matches!(refused, Err(BookError::ClosedMonth(_))),
        "{refused:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the balances, the opening entry balances and the check passes.
    #[test]
    fn random_opening_balances_always_balance_and_pass_the_check(
        rows in proptest::collection::vec(
            (0i64..500_000, 0i64..500_000, 0i64..50_000, 0i64..300_000, 1u32..36, 0i64..10_000),
            1..5,
        ),
        cash in 0i64..2_000_000,
        bank in 0i64..2_000_000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut book, _) = new_book(&dir);
        loan_product(&mut book);
        let mut text = String::from(
            "socio,aportes,ahorros,fondo,prestamo_saldo,prestamo_cuotas,prestamo_vence,cuotas_adeudadas\n",
        );
        for (i, (a, s, f, l, n, due)) in rows.iter().enumerate() {
            let id = member(&mut book, 200 + i as u32, "Socia");
            let amt = |c: i64| m(c).to_string();
            let loan = if *l > 0 {
                format!("{},{},2026-12-05", amt(*l), n)
            } else {
                ",,".to_string()
            };
            text.push_str(&format!("{id},{},{},{},{loan},{}\n", amt(*a), amt(*s), amt(*f), amt(*due)));
        }
        let options = OpeningOptions { cash: Some(m(cash)), bank: Some(m(bank)), ..Default::default() };
        let plan = book.opening_plan(text.as_bytes(), &options).unwrap();
        prop_assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        if plan.refused.is_some() {
            // Nothing at all to open.
            prop_assert!(rows.iter().all(|r| r.0 + r.1 + r.2 + r.3 + r.5 == 0) && cash + bank == 0);
            return Ok(());
        }
        let t = plan.totals;
        match book.commit_opening(&plan) {
            Ok(done) if done.entry.is_none() => {
                // Only dues owed: charges, and no entry to post.
                prop_assert!(t.cash + t.bank + t.loans + t.contributions + t.savings + t.fund == Money::ZERO);
                prop_assert!(book.check().unwrap().ok());
            }
            Ok(done) => {
                let e = done.entry.as_ref().unwrap();
                let d: i64 = e.postings.iter().filter(|p| p.side == Side::Debit).map(|p| p.amount.cents()).sum();
                let c: i64 = e.postings.iter().filter(|p| p.side == Side::Credit).map(|p| p.amount.cents()).sum();
                prop_assert_eq!(d, c);
                prop_assert_eq!(
                    t.cash + t.bank + t.loans - t.contributions - t.savings - t.fund,
                    t.difference
                );
                let report = book.check().unwrap();
                prop_assert!(report.ok(), "{:?}", report);
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }
}
