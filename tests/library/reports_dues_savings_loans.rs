//! Report renderers of dues, savings, the solidarity fund and loans: each
//! report built from a small book with a fixed clock, rendered as table, CSV
//! and JSON in Spanish and English; JSON parsed back, CSV read back, tables
//! checked for the right figures.

use ayni::books::dues::ChargeTypeInput;
use ayni::books::loans::LoanApplication;
use ayni::books::{Book, Clock};
use ayni::domain::dues::ChargeKind;
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, Method, Prepay, schedule};
use ayni::domain::member::{Member, MemberInput};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::savings::{InterestBase, SavingsKind};
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::report::dues::{self as rdues, ArrearsSort, DuesNames};
use ayni::report::loans::{self as rloans, InstallmentStatus};
use ayni::report::savings as rsav;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::Value;

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
fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}
fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}
/// Header and rows of a CSV text.
fn csv_rows(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(s.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn new_book(dir: &tempfile::TempDir) -> Book {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    Book::create_with_clock(&path, settings, clock()).expect("book")
}

fn add_member(
    book: &mut Book,
    n: u32,
    last: &str,
    first: &str,
    community: &str,
    joined: &str,
) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(10, 5_000_000 + n),
        first_names: first.into(),
        last_names: last.into(),
        gender: "F".into(),
        join_date: joined.into(),
        community: community.into(),
        ..Default::default()
    })
    .expect("member")
    .id
}

// ---------------------------------------------------------------------------
// Dues

struct Dues {
    book: Book,
    /// Paid 10.00; owes 14.00 over October and November.
    a: u32,
    /// Paid everything (24.00).
    b: u32,
    /// Named like a formula; paid 8.00 that was reversed; October's dues waived.
    c: u32,
}

/// Monthly dues of 3.00 and a contribution of 5.00 from September 2026;
/// three members who joined in July; payments on 20 November.
fn dues_book(dir: &tempfile::TempDir) -> Dues {
    let mut book = new_book(dir);
    let a = add_member(&mut book, 1, "Guamán", "Rosa", "Peguche", "2026-07-15");
    let b = add_member(&mut book, 2, "Cachimuel", "Ana", "Cotama", "2026-07-15");
    let c = add_member(&mut book, 3, "=1+1", "Luis", "Peguche", "2026-07-15");
    for (name, kind, cents) in [
        ("Cuota mensual", ChargeKind::MonthlyDues, 300),
        ("Aporte de capital", ChargeKind::Contribution, 500),
    ] {
        book.add_charge_type(&ChargeTypeInput {
            name: name.into(),
            kind,
            frequency: None,
            account: None,
            start_month: mo(2026, 9),
            amount: m(cents),
            approval: String::new(),
            members: None,
        })
        .expect("type");
    }
    book.generate_charges(mo(2026, 11)).expect("generated");
    book.pay_dues(a, m(1_000), d("2026-11-20"), "1101", None)
        .expect("a pays");
    book.pay_dues(b, m(2_400), d("2026-11-20"), "1101", None)
        .expect("b pays");
    let r = book
        .pay_dues(c, m(800), d("2026-11-20"), "1101", None)
        .expect("c pays");
    book.reverse(r.entry, None, None).expect("reversed");
    book.waive(
        c,
        mo(2026, 10),
        1,
        None,
        "Enfermedad",
        "Acta 7",
        d("2026-11-20"),
    )
    .expect("waived");
    // From December the dues are 4.00; charges already generated keep 3.00.
    book.set_charge_amount(1, mo(2026, 12), m(400))
        .expect("new amount");
    Dues { book, a, b, c }
}

#[test]
fn charge_types_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dues_book(&dir);
    let types = f.book.charge_types().expect("types");
    for (month, dues) in [(mo(2026, 11), "3.00"), (mo(2026, 12), "4.00")] {
        let v = json(&rdues::charge_types_json(&types, month, Lang::Es));
        assert_eq!(v["month"], month.to_string());
        assert_eq!(v["types"][0]["name"], "Cuota mensual");
        assert_eq!(v["types"][0]["kind"], "monthly");
        assert_eq!(v["types"][0]["frequency"], "monthly");
        assert_eq!(v["types"][0]["account"], "5490");
        assert_eq!(v["types"][0]["amount"], dues);
        assert_eq!(v["types"][0]["start"], "2026-09");
        assert_eq!(v["types"][0]["switched_off_from"], Value::Null);
        assert_eq!(v["types"][0]["amounts"][1]["from"], "2026-12");
        assert_eq!(v["types"][1]["account"], "3103");
        assert_eq!(v["types"][1]["amount"], "5.00");
    }
    // Before it started, nothing is in force.
    let v = json(&rdues::charge_types_json(&types, mo(2026, 8), Lang::En));
    assert_eq!(v["types"][0]["amount"], Value::Null);
    assert_eq!(v["types"][0]["kind_label"], "Monthly dues");

    let (h, rows) = csv_rows(&rdues::charge_types_csv(&types, mo(2026, 12), Lang::Es));
    assert_eq!(h[1], "nombre");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][5], "4.00");
    assert_eq!(rows[1][4], "3103");
    let (h, _) = csv_rows(&rdues::charge_types_csv(&types, mo(2026, 12), Lang::En));
    assert_eq!(h[5], "amount_in_force");

    let es = rdues::charge_types_table(&types, mo(2026, 12), Lang::Es);
    assert!(es.contains("Cuota ordinaria") && es.contains("Aporte de capital"));
    assert!(es.contains("Mensual") && es.contains("4,00") && es.contains("09/2026"));
    let en = rdues::charge_types_table(&types, mo(2026, 11), Lang::En);
    assert!(en.contains("Monthly dues") && en.contains("Capital contribution"));
    assert!(en.contains("3.00") && en.contains("2026-09") && en.contains("Switched off"));
}

#[test]
fn what_a_member_owes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dues_book(&dir);
    let member = f.book.member(f.a).expect("read").expect("member");
    let lines = f.book.owed(f.a, mo(2026, 11)).expect("owed");
    // October's dues 3.00 with 2.00 paid, October's contribution, November's two.
    let v = json(&rdues::owed_json(&member, mo(2026, 11), &lines));
    assert_eq!(v["member"]["name"], "Guamán Rosa");
    assert_eq!(v["through"], "2026-11");
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(4));
    assert_eq!(v["lines"][0]["month"], "2026-10");
    assert_eq!(v["lines"][0]["type"], "Cuota mensual");
    assert_eq!(v["lines"][0]["amount"], "3.00");
    assert_eq!(v["lines"][0]["paid"], "2.00");
    assert_eq!(v["lines"][0]["due"], "1.00");
    assert_eq!(v["totals"]["due"], "14.00");
    assert_eq!(v["totals"]["paid"], "2.00");

    let (h, rows) = csv_rows(&rdues::owed_csv(&lines, Lang::En));
    assert_eq!(
        h,
        [
            "month", "type", "account", "amount", "paid", "waived", "due"
        ]
    );
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4][0], "TOTAL");
    assert_eq!(rows[4][6], "14.00");
    let (h, _) = csv_rows(&rdues::owed_csv(&lines, Lang::Es));
    assert_eq!(h[6], "saldo");

    let es = rdues::owed_table(&member, mo(2026, 11), &lines, Lang::Es);
    assert!(es.contains("Guamán Rosa") && es.contains("noviembre 2026"));
    assert!(es.contains("10/2026") && es.contains("14,00") && es.contains("Exonerado"));
    let en = rdues::owed_table(&member, mo(2026, 11), &lines, Lang::En);
    assert!(en.contains("2026-10") && en.contains("14.00") && en.contains("Waived"));
    let paid_up = f.book.member(f.b).expect("read").expect("member");
    let none = rdues::owed_table(&paid_up, mo(2026, 11), &[], Lang::Es);
    assert!(none.contains("No tiene cuotas"));
}

#[test]
fn arrears_report_sorted_filtered_and_safe_for_spreadsheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dues_book(&dir);
    let rows = f.book.arrears(mo(2026, 11)).expect("arrears");
    let by_amount = rdues::sort_and_filter(&rows, ArrearsSort::Amount, None);
    let ids: Vec<u32> = by_amount.iter().map(|r| r.member).collect();
    // c owes 24.00 - 3.00 waived = 21.00 over 3 months; a owes 14.00 over 2.
    assert_eq!(ids, vec![f.c, f.a]);
    assert_eq!(by_amount[0].amount, m(2_100));
    assert_eq!(by_amount[0].months, 3);
    assert_eq!(by_amount[1].amount, m(1_400));
    assert_eq!(by_amount[1].months, 2);
    let by_name = rdues::sort_and_filter(&rows, ArrearsSort::Name, None);
    assert_eq!(by_name[1].member, f.a);
    assert!(rdues::sort_and_filter(&rows, ArrearsSort::Months, Some("cotama")).is_empty());
    assert_eq!(
        rdues::sort_and_filter(&rows, ArrearsSort::Months, Some("PEGUCHE")).len(),
        2
    );

    let v = json(&rdues::arrears_json(&by_amount, mo(2026, 11)));
    assert_eq!(v["through"], "2026-11");
    assert_eq!(
        v["members"][0]["name"], "=1+1 Luis",
        "JSON keeps the text as it is"
    );
    assert_eq!(v["members"][0]["amount"], "21.00");
    assert_eq!(v["members"][0]["oldest"], "2026-09");
    assert_eq!(v["members"][1]["oldest"], "2026-10");
    assert_eq!(v["total"]["members"], 2);
    assert_eq!(v["total"]["amount"], "35.00");

    for lang in Lang::ALL {
        let (h, rows) = csv_rows(&rdues::arrears_csv(&by_amount, lang));
        assert_eq!(h.len(), 6);
        assert_eq!(
            rows[0][1], "'=1+1 Luis",
            "a formula-looking name is neutralised"
        );
        assert_eq!(rows[0][4], "21.00");
        assert_eq!(rows[1][2], "Peguche");
        assert_eq!(rows[2][0], "TOTAL");
        assert_eq!(rows[2][4], "35.00");
    }
    let es = rdues::arrears_table(&by_amount, mo(2026, 11), Lang::Es);
    assert!(es.contains("Socios en mora") && es.contains("21,00") && es.contains("35,00"));
    assert!(es.contains("09/2026") && es.contains("Comunidad"));
    let en = rdues::arrears_table(&by_amount, mo(2026, 11), Lang::En);
    assert!(en.contains("Members in arrears") && en.contains("35.00") && en.contains("2026-09"));
    assert!(rdues::arrears_table(&[], mo(2026, 11), Lang::En).contains("Nobody is behind"));
}

#[test]
fn receipts_and_the_days_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dues_book(&dir);
    let members: Vec<Member> = f.book.members().expect("members");
    let types = f.book.charge_types().expect("types");
    let names = DuesNames {
        association: "Caja Prueba",
        members: &members,
        types: &types,
        chart: f.book.chart(),
    };
    let day = f.book.receipts_of_day(d("2026-11-20")).expect("receipts");
    assert_eq!(day.len(), 3);
    let first = &day[0];

    let v = json(&rdues::receipt_json(first, &names, Lang::Es));
    assert_eq!(v["number"], 1);
    assert_eq!(v["date"], "2026-11-20");
    assert_eq!(v["member"]["name"], "Guamán Rosa");
    assert_eq!(v["total"], "10.00");
    assert_eq!(v["cash_account"], "1101");
    assert_eq!(v["cash_account_name"], "Caja");
    assert_eq!(v["reversed"], false);
    let lines: Vec<(String, String)> = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| (l["month"].to_string(), l["amount"].to_string()))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("\"2026-09\"".into(), "\"3.00\"".into()),
            ("\"2026-09\"".into(), "\"5.00\"".into()),
            ("\"2026-10\"".into(), "\"2.00\"".into())
        ]
    );
    let (h, rows) = csv_rows(&rdues::receipt_csv(first, &names, Lang::En));
    assert_eq!(h[0], "receipt");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][5], "Aporte de capital");
    assert_eq!(rows[1][6], "5.00");

    let es = rdues::receipt_table(first, &names, Lang::Es);
    assert!(es.starts_with("Caja Prueba\nRECIBO N.º 000001\n"));
    assert!(es.contains("20/11/2026") && es.contains("1101 Caja") && es.contains("10,00"));
    assert!(!es.contains("ANULADO"));
    let reversed = &day[2];
    let es = rdues::receipt_table(reversed, &names, Lang::Es);
    assert!(es.contains("RECIBO N.º 000003 — ANULADO"));
    let en = rdues::receipt_table(reversed, &names, Lang::En);
    assert!(en.contains("RECEIPT No. 000003 — REVERSED") && en.contains("1101 Cash"));
    let v = json(&rdues::receipt_json(reversed, &names, Lang::En));
    assert_eq!(v["reversed"], true);
    // A formula-looking member on a receipt is neutralised in CSV.
    let (_, rows) = csv_rows(&rdues::receipt_csv(reversed, &names, Lang::Es));
    assert_eq!(rows[0][3], "'=1+1 Luis");
    assert_eq!(rows[0][8], "reversed");

    // The day: 10.00 + 24.00; the reversed 8.00 is left out.
    assert_eq!(rdues::day_total(&day), m(3_400));
    let v = json(&rdues::day_receipts_json(
        d("2026-11-20"),
        &day,
        &names,
        Lang::Es,
    ));
    assert_eq!(v["date"], "2026-11-20");
    assert_eq!(v["count"], 2);
    assert_eq!(v["reversed"], 1);
    assert_eq!(v["total"], "34.00");
    assert_eq!(v["receipts"].as_array().map(Vec::len), Some(3));
    for lang in Lang::ALL {
        let (h, rows) = csv_rows(&rdues::day_receipts_csv(&day, &names, lang));
        assert_eq!(h.len(), 7);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[2][3], "'=1+1 Luis");
        assert_eq!(rows[3][0], "TOTAL");
        assert_eq!(rows[3][4], "34.00");
    }
    let es = rdues::day_receipts_table(d("2026-11-20"), &day, &names, Lang::Es);
    assert!(es.contains("Recibos del 20/11/2026") && es.contains("34,00"));
    assert!(es.contains("ANULADO") && es.contains("2 recibos") && es.contains("fuera del total"));
    let en = rdues::day_receipts_table(d("2026-11-20"), &day, &names, Lang::En);
    assert!(en.contains("Receipts of 2026-11-20") && en.contains("34.00"));
    assert!(en.contains("REVERSED") && en.contains("left out of the total"));
    // The running column: 10.00, then 34.00, and it stays at 34.00 on the reversed one.
    let running: Vec<&str> = en
        .lines()
        .filter(|l| l.starts_with("00000"))
        .map(|l| l.split_whitespace().nth(5).unwrap_or(""))
        .collect();
    assert_eq!(running, vec!["10.00", "34.00", "34.00"], "{en}");
}

#[test]
fn collection_of_the_months() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dues_book(&dir);
    let months: Vec<(Month, ayni::books::dues::Collection)> = [9, 10, 11]
        .iter()
        .map(|&k| {
            (
                mo(2026, k),
                f.book.collection(mo(2026, k)).expect("collection"),
            )
        })
        .collect();
    let v = json(&rdues::collection_json(&months));
    // September: 24.00 charged, 16.00 paid. October: 24.00 charged, 3.00
    // waived, 10.00 paid (10 / 21). November: 8.00 paid of 24.00.
    assert_eq!(v["months"][0]["charged"], "24.00");
    assert_eq!(v["months"][0]["paid"], "16.00");
    assert_eq!(v["months"][0]["rate"], "66.67");
    assert_eq!(v["months"][1]["waived"], "3.00");
    assert_eq!(v["months"][1]["paid"], "10.00");
    assert_eq!(v["months"][1]["pending"], "11.00");
    assert_eq!(v["months"][1]["rate"], "47.62");
    assert_eq!(v["months"][2]["rate"], "33.33");
    assert_eq!(v["total"]["charged"], "72.00");
    assert_eq!(v["total"]["paid"], "34.00");
    assert_eq!(v["total"]["rate"], "49.28");
    let v = json(&rdues::collection_json(&[(
        mo(2026, 8),
        f.book.collection(mo(2026, 8)).expect("collection"),
    )]));
    assert_eq!(
        v["months"][0]["rate"],
        Value::Null,
        "nothing charged in August"
    );

    let (h, rows) = csv_rows(&rdues::collection_csv(&months, Lang::Es));
    assert_eq!(h[5], "porcentaje_cobro");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][0], "2026-10");
    assert_eq!(rows[1][5], "47.62");
    let (h, _) = csv_rows(&rdues::collection_csv(&months, Lang::En));
    assert_eq!(h[3], "paid");
    let es = rdues::collection_table(&months, Lang::Es);
    assert!(es.contains("octubre 2026") && es.contains("47,62 %") && es.contains("72,00"));
    let en = rdues::collection_table(&months, Lang::En);
    assert!(en.contains("October 2026") && en.contains("47.62%") && en.contains("TOTAL"));
}

// ---------------------------------------------------------------------------
// Savings and the solidarity fund

#[test]
fn passbook_and_member_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(&dir);
    let a = add_member(&mut book, 1, "Yupanqui", "Socia", "Peguche", "2026-01-15");
    book.deposit(a, None, m(10_000), d("2026-02-01"), "1101")
        .expect("deposit");
    let acc = book.member_savings(a).expect("savings")[0].account.id;
    book.withdraw(acc, m(3_000), d("2026-03-10"), "1101")
        .expect("withdraw");
    book.block_savings(acc, m(2_000), d("2026-04-01"), "Préstamo 1")
        .expect("block");
    let p = book
        .add_savings_product(
            "Ahorro navideño",
            SavingsKind::Programmed,
            Decimal::new(45, 1),
            InterestBase::Minimum,
            Money::ZERO,
        )
        .expect("product");
    let prog = book
        .open_savings_account(a, p.id, Some(m(60_000)), Some(12), d("2026-05-01"))
        .expect("programmed");
    book.deposit(a, Some(prog.id), m(5_000), d("2026-05-02"), "1101")
        .expect("deposit");
    let member = book.member(a).expect("read").expect("member");
    let (view, lines) = book.passbook(acc).expect("passbook");

    let v = json(&rsav::passbook_json(&member, &view, &lines, Lang::Es));
    assert_eq!(v["account"], acc);
    assert_eq!(v["member"]["name"], "Yupanqui Socia");
    assert_eq!(v["product_kind"], "ordinary");
    let kinds: Vec<&str> = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, vec!["deposit", "withdrawal", "block"]);
    assert_eq!(v["lines"][1]["amount"], "-30.00");
    assert_eq!(v["lines"][1]["balance"], "70.00");
    assert_eq!(v["lines"][1]["date"], "2026-03-10");
    assert_eq!(v["lines"][2]["blocked_change"], "20.00");
    assert_eq!(v["lines"][2]["kind_label"], "Bloqueo (encaje)");
    assert_eq!(v["balance"], "70.00");
    assert_eq!(v["blocked"], "20.00");
    assert_eq!(v["available"], "50.00");

    let (h, rows) = csv_rows(&rsav::passbook_csv(&lines, Lang::En));
    assert_eq!(h[0], "date");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][3], "-30.00");
    assert_eq!(rows[1][5], "70.00");
    let (h, _) = csv_rows(&rsav::passbook_csv(&lines, Lang::Es));
    assert_eq!(h[1], "movimiento");

    let es = rsav::passbook_table(&member, &view, &lines, Lang::Es);
    assert!(es.contains("Libreta de ahorros") && es.contains("10/03/2026"));
    assert!(es.contains("Retiro") && es.contains("-30,00") && es.contains("70,00"));
    assert!(es.contains("Bloqueado (encaje)") && es.contains("20,00"));
    assert!(es.contains("Disponible") && es.contains("50,00"));
    let en = rsav::passbook_table(&member, &view, &lines, Lang::En);
    assert!(en.contains("Savings passbook") && en.contains("2026-03-10"));
    assert!(en.contains("Withdrawal") && en.contains("Available") && en.contains("50.00"));

    // The programmed account shows its rate, target and term.
    let (pview, plines) = book.passbook(prog.id).expect("passbook");
    let es = rsav::passbook_table(&member, &pview, &plines, Lang::Es);
    assert!(es.contains("4,5 % anual") && es.contains("600,00 en 12 meses"));
    let v = json(&rsav::passbook_json(&member, &pview, &plines, Lang::En));
    assert_eq!(v["rate"], "4.5");
    assert_eq!(v["target"], "600.00");
    assert_eq!(v["term_months"], 12);

    let views = book.member_savings(a).expect("savings");
    let v = json(&rsav::accounts_json(&member, &views));
    assert_eq!(v["accounts"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["accounts"][1]["product"], "Ahorro navideño");
    assert_eq!(v["accounts"][1]["product_kind"], "programmed");
    assert_eq!(v["total"]["balance"], "120.00");
    assert_eq!(v["total"]["blocked"], "20.00");
    assert_eq!(v["total"]["available"], "100.00");
    for lang in Lang::ALL {
        let (_, rows) = csv_rows(&rsav::accounts_csv(&views, lang));
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2][0], "TOTAL");
        assert_eq!(rows[2][6], "120.00");
    }
    let es = rsav::accounts_table(&member, &views, Lang::Es);
    assert!(es.contains("Ahorro navideño") && es.contains("120,00") && es.contains("Disponible"));
    let en = rsav::accounts_table(&member, &views, Lang::En);
    assert!(en.contains("Available") && en.contains("100.00"));
}

#[test]
fn solidarity_fund_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = new_book(&dir);
    let a = add_member(&mut book, 1, "Yupanqui", "Socia", "Peguche", "2026-01-15");
    book.fund_contribute(Some(a), m(5_000), d("2026-09-05"), "1101", "")
        .expect("contribution");
    book.fund_contribute(None, m(3_000), d("2026-10-05"), "1101", "Rifa")
        .expect("contribution");
    book.fund_grant(
        Some(a),
        "",
        m(4_000),
        "Operación",
        "Acta 3",
        d("2026-10-20"),
        "1101",
    )
    .expect("grant");
    let g = book
        .fund_grant(
            None,
            "=1+1 familia",
            m(1_000),
            "Incendio",
            "Acta 4",
            d("2026-11-02"),
            "1101",
        )
        .expect("grant");
    let s = rsav::fund_statement(&book, None).expect("statement");
    assert_eq!(s.balance, m(3_000));
    let running: Vec<Money> = s.movements.iter().map(|x| x.balance).collect();
    assert_eq!(running, vec![m(5_000), m(8_000), m(4_000), m(3_000)]);

    let v = json(&rsav::fund_json(&s));
    assert_eq!(v["account"], "3303");
    assert_eq!(v["balance"], "30.00");
    assert_eq!(v["movements"][0]["date"], "2026-09-05");
    assert_eq!(v["movements"][0]["contributions"], "50.00");
    assert_eq!(v["movements"][2]["grants"], "40.00");
    assert_eq!(v["movements"][3]["balance"], "30.00");
    assert_eq!(v["movements"][1]["kind"], "fund");
    assert_eq!(v["grants"][0]["beneficiary"], "Yupanqui Socia");
    assert_eq!(v["grants"][0]["reason"], "Operación");
    assert_eq!(v["grants"][0]["approval"], "Acta 3");
    assert_eq!(v["grants"][1]["member"], Value::Null);
    assert_eq!(v["grants_total"], "50.00");

    let (h, rows) = csv_rows(&rsav::fund_csv(&s, Lang::Es));
    assert_eq!(h[5], "aportes");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3][7], "30.00");
    assert!(rows[3][3].starts_with("Ayuda del fondo solidario"));
    let (h, rows) = csv_rows(&rsav::fund_csv(&s, Lang::En));
    assert_eq!(h[5], "contributions");
    assert_eq!(rows[2][6], "40.00");
    assert_eq!(rows[2][7], "40.00");
    for lang in Lang::ALL {
        let (_, rows) = csv_rows(&rsav::fund_grants_csv(&s, lang));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][2], "'=1+1 familia", "formula neutralised");
        assert_eq!(rows[1][4], "10.00");
    }
    let es = rsav::fund_table(&s, Lang::Es);
    assert!(es.contains("Fondo solidario") && es.contains("Saldo del fondo  30,00"));
    assert!(es.contains("Ayudas entregadas") && es.contains("Incendio") && es.contains("80,00"));
    let en = rsav::fund_table(&s, Lang::En);
    assert!(en.contains("Fund balance  30.00") && en.contains("Grants") && en.contains("Acta 4"));

    // One month, with its opening balance; a reversed grant is marked and left out of the total.
    book.reverse(g.entry, Some(d("2026-11-20")), None)
        .expect("reversed");
    let s = rsav::fund_statement(&book, Some(mo(2026, 11))).expect("statement");
    assert_eq!(s.opening, m(4_000));
    assert_eq!(s.movements.len(), 2);
    assert_eq!(s.movements[1].balance, m(4_000));
    assert_eq!(s.balance, m(4_000));
    assert_eq!(s.grants.len(), 1);
    let v = json(&rsav::fund_json(&s));
    assert_eq!(v["month"], "2026-11");
    assert_eq!(v["opening"], "40.00");
    assert_eq!(v["grants"][0]["reversed"], true);
    assert_eq!(v["grants_total"], "0.00");
    let es = rsav::fund_table(&s, Lang::Es);
    assert!(
        es.contains("Saldo inicial") && es.contains("ANULADA") && es.contains("noviembre 2026")
    );
    let en = rsav::fund_table(&s, Lang::En);
    assert!(en.contains("Opening balance") && en.contains("REVERSED"));
}

// ---------------------------------------------------------------------------
// Loans

#[test]
fn simulator_json_matches_the_issue() {
    let s = schedule(
        Method::French,
        m(100_000),
        Decimal::from(15),
        12,
        d("2026-01-15"),
    )
    .expect("schedule");
    let text = rloans::simulation_json(&s);
    assert!(
        text.starts_with(
            r#"{"method":"french","amount":"1000.00","rate":"15","months":12,"effective_annual_rate":"16.08","installments":[{"n":1,"due":"2026-02-15","payment":"90.26","interest":"12.50","principal":"77.76","balance":"922.24"},"#
        ),
        "{text}"
    );
    assert!(!text.contains('\n'));
    let v = json(&text);
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 8);
    let i = v["installments"].as_array().expect("installments");
    assert_eq!(i.len(), 12);
    assert_eq!(i[11]["balance"], "0.00");
    assert_eq!(i[11]["due"], "2027-01-15");
    assert_eq!(v["total_interest"], s.total_interest().plain());
    assert_eq!(v["total_paid"], s.total_paid().plain());
    assert_eq!(v["total_paid"], (m(100_000) + s.total_interest()).plain());
    // The rate is printed as given, without trailing zeros.
    let s = schedule(
        Method::German,
        m(100_000),
        Decimal::new(1550, 2),
        6,
        d("2026-01-31"),
    )
    .expect("schedule");
    let v = json(&rloans::simulation_json(&s));
    assert_eq!(v["rate"], "15.5");
    assert_eq!(v["method"], "german");
    assert_eq!(v["installments"][0]["due"], "2026-02-28");
    let s =
        schedule(Method::French, m(60_000), Decimal::ZERO, 3, d("2026-01-15")).expect("schedule");
    let v = json(&rloans::simulation_json(&s));
    assert_eq!(v["rate"], "0");
    assert_eq!(v["effective_annual_rate"], "0.00");
    assert_eq!(v["total_interest"], "0.00");
}

#[test]
fn simulator_table_csv_and_comparison() {
    let fr = schedule(
        Method::French,
        m(100_000),
        Decimal::from(15),
        12,
        d("2026-01-15"),
    )
    .expect("schedule");
    let de = schedule(
        Method::German,
        m(100_000),
        Decimal::from(15),
        12,
        d("2026-01-15"),
    )
    .expect("schedule");
    let es = rloans::simulation_table(&fr, Lang::Es);
    assert!(es.contains("Tasa nominal anual") && es.contains("15 %"));
    assert!(es.contains("Tasa efectiva anual") && es.contains("16,08 %"));
    assert!(es.contains("90,26") && es.contains("1.000,00") && es.contains("15/02/2026"));
    assert!(es.contains(&fr.total_interest().localized(Lang::Es)));
    let en = rloans::simulation_table(&fr, Lang::En);
    assert!(en.contains("Nominal annual rate") && en.contains("15%"));
    assert!(en.contains("Effective annual rate") && en.contains("16.08%"));
    assert!(en.contains("90.26") && en.contains("1,000.00") && en.contains("2026-02-15"));
    let flat = schedule(
        Method::Flat,
        m(100_000),
        Decimal::from(15),
        12,
        d("2026-01-15"),
    )
    .expect("schedule");
    assert!(rloans::simulation_table(&flat, Lang::Es).contains("solo para enseñar"));
    assert!(rloans::simulation_table(&flat, Lang::En).contains("teaching only"));

    for lang in Lang::ALL {
        let (h, rows) = csv_rows(&rloans::simulation_csv(&fr, lang));
        assert_eq!(h.len(), 6);
        assert_eq!(rows.len(), 13);
        assert_eq!(
            rows[0],
            ["1", "2026-02-15", "90.26", "12.50", "77.76", "922.24"]
        );
        assert_eq!(rows[12][0], "TOTAL");
        assert_eq!(rows[12][4], "1000.00");
    }

    let es = rloans::comparison_table(&fr, &de, Lang::Es);
    assert!(es.contains("Francés: cuota") && es.contains("Alemán: cuota"));
    assert!(es.contains("16,08 %") && es.contains("15 %"));
    assert!(es.contains(&fr.total_interest().localized(Lang::Es)));
    assert!(es.contains(&de.total_interest().localized(Lang::Es)));
    let saving = fr.total_interest() - de.total_interest();
    assert!(saving.is_positive());
    assert!(es.contains(&format!(
        "Con el método alemán paga {} menos de intereses",
        saving.localized(Lang::Es)
    )));
    let en = rloans::comparison_table(&fr, &de, Lang::En);
    assert!(en.contains("French: payment") && en.contains("German: interest"));
    assert!(en.contains(&format!(
        "The German method costs {} less",
        saving.localized(Lang::En)
    )));
    let v = json(&rloans::comparison_json(&fr, &de));
    assert_eq!(v["schedules"][0]["method"], "french");
    assert_eq!(v["schedules"][1]["method"], "german");
    assert_eq!(v["schedules"][1]["installments"][0]["payment"], "95.83");
    let (h, rows) = csv_rows(&rloans::comparison_csv(&fr, &de, Lang::En));
    assert_eq!(h[2], "french_payment");
    assert_eq!(h[5], "german_payment");
    assert_eq!(rows[0][2], "90.26");
    assert_eq!(rows[0][5], "95.83");
    assert_eq!(rows.len(), 13);
    let (h, _) = csv_rows(&rloans::comparison_csv(&fr, &de, Lang::Es));
    assert_eq!(h[3], "french_interes");
}

struct Loans {
    book: Book,
    /// 600.00 at 12 %, German, 6 months from 5 October; installment 1 paid on time.
    on_time: u32,
    /// 1200.00 at 12 %, German, 12 months from 1 June; 100.00 paid 30 days late, nothing since.
    late: u32,
}

fn loans_book(dir: &tempfile::TempDir) -> Loans {
    let mut book = new_book(dir);
    let a = add_member(&mut book, 1, "Pilataxi", "Juan", "Peguche", "2025-01-15");
    let b = add_member(&mut book, 2, "=1+1", "Rosa", "Cotama", "2025-01-15");
    book.deposit(a, None, m(50_000), d("2026-01-02"), "1101")
        .expect("savings");
    book.deposit(b, None, m(50_000), d("2026-01-02"), "1101")
        .expect("savings");
    // Cash never goes below zero: a donation the loans are lent from.
    book.post(
        ayni::domain::entry::EntryDraft::new(
            d("2026-01-02"),
            "Donación para el fondo de crédito",
            "",
            ayni::domain::entry::EntryKind::Manual,
            vec![
                ayni::domain::entry::Posting::debit("1101", m(1_000_000)),
                ayni::domain::entry::Posting::credit("3402", m(1_000_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("donation");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::German,
            rate: Decimal::from(12),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::from(10),
            max_savings_multiple: Some(Decimal::from(5)),
            rate_cap: None,
        })
        .expect("product");
    let mut lend = |member: u32, guarantor: u32, cents: i64, months: u32, date: &str| {
        let (loan, _) = book
            .apply_loan(&LoanApplication {
                member,
                product: p.id,
                amount: m(cents),
                months,
                rate: None,
                purpose: "Compra de semillas".into(),
                guarantor: Some(guarantor),
                approval: "Acta 4".into(),
                date: d(date),
            })
            .expect("applied");
        book.disburse_loan(loan.id, d(date), "1101")
            .expect("disbursed");
        loan.id
    };
    let late = lend(b, a, 120_000, 12, "2026-06-01");
    let on_time = lend(a, b, 60_000, 6, "2026-10-05");
    book.pay_loan(
        late,
        m(10_000),
        d("2026-07-31"),
        "1101",
        Prepay::ShortenTerm,
    )
    .expect("late payment");
    book.pay_loan(
        on_time,
        m(10_600),
        d("2026-11-05"),
        "1101",
        Prepay::ShortenTerm,
    )
    .expect("on time");
    Loans {
        book,
        on_time,
        late,
    }
}

#[test]
fn schedule_against_payments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = loans_book(&dir);
    let loan = f.book.loan(f.late).expect("loan");
    let today = d("2026-11-20");
    let v = json(&rloans::schedule_json(&loan, today));
    assert_eq!(v["loan"], f.late);
    assert_eq!(v["date"], "2026-11-20");
    let i = v["installments"].as_array().expect("installments");
    assert_eq!(i.len(), 12);
    // Installment 1: 100.00 + 12.00 due 1 July; paid 30 days late: late 1.10,
    // interest 12.00, principal 86.90.
    assert_eq!(i[0]["due"], "2026-07-01");
    assert_eq!(i[0]["payment"], "112.00");
    assert_eq!(i[0]["late_paid"], "1.10");
    assert_eq!(i[0]["interest_paid"], "12.00");
    assert_eq!(i[0]["principal_paid"], "86.90");
    assert_eq!(i[0]["status"], "overdue");
    assert_eq!(i[0]["days_overdue"], 142);
    assert_eq!(i[4]["status"], "overdue");
    assert_eq!(i[4]["days_overdue"], 19);
    assert_eq!(i[5]["status"], "pending");
    assert_eq!(i[5]["days_overdue"], 0);
    assert_eq!(v["totals"]["principal"], "1200.00");
    assert_eq!(v["totals"]["principal_paid"], "86.90");
    let late_due = v["totals"]["late_due"].as_str().expect("late").to_string();
    assert_ne!(
        late_due, "0.00",
        "late interest runs on the overdue principal"
    );

    let l = &loan.installments[0];
    assert_eq!(
        rloans::installment_status(&loan, l, today),
        InstallmentStatus::Overdue {
            days: 142,
            partial: true
        }
    );
    assert_eq!(
        rloans::installment_status(&loan, l, d("2026-07-01")),
        InstallmentStatus::Partial,
        "on its due date an installment is not overdue yet"
    );
    let paid = f.book.loan(f.on_time).expect("loan");
    assert_eq!(
        rloans::installment_status(&paid, &paid.installments[0], today),
        InstallmentStatus::Paid
    );
    assert_eq!(
        rloans::installment_status(&paid, &paid.installments[1], today),
        InstallmentStatus::Pending
    );

    let (h, rows) = csv_rows(&rloans::schedule_csv(&loan, today, Lang::En));
    assert_eq!(h[9], "status");
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[0][5], "86.90");
    assert_eq!(rows[0][9], "overdue");
    assert_eq!(rows[0][10], "142");
    assert_eq!(rows[12][0], "TOTAL");
    let (h, _) = csv_rows(&rloans::schedule_csv(&loan, today, Lang::Es));
    assert_eq!(h[9], "estado");

    let es = rloans::schedule_table(&loan, today, Lang::Es);
    assert!(es.contains("Vencida 142 d, parcial") && es.contains("Por vencer"));
    assert!(es.contains("86,90") && es.contains("01/07/2026"));
    assert!(es.contains("Interés de mora pendiente al 20/11/2026"));
    let en = rloans::schedule_table(&loan, today, Lang::En);
    assert!(en.contains("Overdue 142 d, partial") && en.contains("Not due"));
    assert!(en.contains("86.90") && en.contains("Late interest owed"));
    let es = rloans::schedule_table(&paid, today, Lang::Es);
    assert!(es.contains("Pagada"));
}

#[test]
fn loan_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = loans_book(&dir);
    let today = d("2026-11-20");
    let s = rloans::loan_statement(&f.book, f.late, today).expect("statement");
    assert_eq!(s.events.len(), 2);
    assert_eq!(s.days_past_due(), 142);
    assert_eq!(s.outstanding(), m(120_000 - 8_690));
    // Principal of installments 1 to 5 (due July to November) less what was paid.
    assert_eq!(s.overdue_principal(), m(50_000 - 8_690));
    let payoff = f.book.payoff_amount(f.late, today).expect("payoff");
    assert_eq!(s.payoff, Some(payoff));

    let v = json(&rloans::statement_json(&s));
    assert_eq!(v["loan"]["id"], f.late);
    assert_eq!(v["loan"]["member"]["name"], "=1+1 Rosa");
    assert_eq!(v["loan"]["guarantor"]["name"], "Pilataxi Juan");
    assert_eq!(v["loan"]["product"], "Microcrédito");
    assert_eq!(v["loan"]["rate"], "12");
    assert_eq!(v["loan"]["effective_annual_rate"], "12.68");
    assert_eq!(v["loan"]["late_rate"], "13.2");
    assert_eq!(v["loan"]["status"], "active");
    assert_eq!(v["loan"]["disbursed_on"], "2026-06-01");
    assert_eq!(v["loan"]["guarantee"]["amount"], "120.00");
    assert_eq!(v["events"][0]["kind"], "disbursement");
    assert_eq!(v["events"][0]["amount"], "1200.00");
    assert_eq!(v["events"][1]["kind"], "payment");
    assert_eq!(v["events"][1]["date"], "2026-07-31");
    assert_eq!(v["events"][1]["late"], "1.10");
    assert_eq!(v["events"][1]["principal"], "86.90");
    assert_eq!(v["events"][1]["reversed"], false);
    assert_eq!(v["schedule"]["installments"][0]["status"], "overdue");
    assert_eq!(v["outstanding"], "1113.10");
    assert_eq!(v["overdue_principal"], "413.10");
    assert_eq!(v["days_past_due"], 142);
    assert_eq!(v["payoff"], payoff.plain());

    let (h, rows) = csv_rows(&rloans::statement_csv(&s, Lang::Es));
    assert_eq!(h[2], "operacion");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][2], "payment");
    assert_eq!(rows[1][3], "100.00");
    let (h, _) = csv_rows(&rloans::statement_csv(&s, Lang::En));
    assert_eq!(h[2], "operation");

    let es = rloans::statement_table(&s, Lang::Es);
    assert!(es.contains("Estado de cuenta del préstamo N.º 1 al 20/11/2026"));
    assert!(es.contains("Tasa nominal anual") && es.contains("12 %"));
    assert!(es.contains("Tasa efectiva anual") && es.contains("12,68 %"));
    assert!(es.contains("Tasa de mora") && es.contains("13,2 %"));
    assert!(es.contains("Desembolso") && es.contains("Pago") && es.contains("1.113,10"));
    assert!(es.contains("Días de atraso") && es.contains("142"));
    assert!(es.contains("Para cancelar al 20/11/2026") && es.contains(&payoff.localized(Lang::Es)));
    let en = rloans::statement_table(&s, Lang::En);
    assert!(en.contains("Statement of loan No. 1 at 2026-11-20"));
    assert!(en.contains("Effective annual rate") && en.contains("12.68%"));
    assert!(en.contains("Disbursement") && en.contains("1,113.10") && en.contains("Days past due"));
    assert!(en.contains("Payoff at 2026-11-20") && en.contains(&payoff.localized(Lang::En)));
}

#[test]
fn written_off_and_reversed_in_the_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut f = loans_book(&dir);
    let (e, _) = f
        .book
        .pay_loan(
            f.on_time,
            m(2_000),
            d("2026-11-20"),
            "1101",
            Prepay::ShortenTerm,
        )
        .expect("paid");
    f.book.reverse(e.id, None, None).expect("reversed");
    let s = rloans::loan_statement(&f.book, f.on_time, d("2026-11-20")).expect("statement");
    assert_eq!(s.events.len(), 3);
    assert!(s.events[2].reversed_by.is_some());
    assert!(rloans::statement_table(&s, Lang::Es).contains("Pago (ANULADO)"));
    assert!(rloans::statement_table(&s, Lang::En).contains("Payment (REVERSED)"));
    let (_, rows) = csv_rows(&rloans::statement_csv(&s, Lang::En));
    assert_eq!(rows[2][8], "reversed");

    f.book
        .write_off_loan(f.late, d("2026-11-20"), "Acta 9")
        .expect("written off");
    let s = rloans::loan_statement(&f.book, f.late, d("2026-11-20")).expect("statement");
    assert_eq!(s.payoff, None);
    assert_eq!(s.outstanding(), Money::ZERO);
    let v = json(&rloans::statement_json(&s));
    assert_eq!(v["loan"]["status"], "written_off");
    assert_eq!(v["loan"]["closed_on"], "2026-11-20");
    assert_eq!(v["events"][2]["kind"], "write_off");
    assert_eq!(v["events"][2]["amount"], "1113.10");
    assert_eq!(v["schedule"]["installments"][1]["status"], "written_off");
    assert_eq!(v["payoff"], Value::Null);
    let es = rloans::statement_table(&s, Lang::Es);
    assert!(es.contains("Castigado (20/11/2026)") && es.contains("Castigada"));
}

#[test]
fn portfolio_and_arrears_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = loans_book(&dir);
    let today = d("2026-11-20");
    let rows = f.book.loan_portfolio(today).expect("portfolio");
    let v = json(&rloans::portfolio_json(&rows, today));
    assert_eq!(v["date"], "2026-11-20");
    let loans = v["loans"].as_array().expect("loans");
    assert_eq!(loans.len(), 2);
    let late = loans
        .iter()
        .find(|l| l["loan"] == f.late)
        .expect("late loan");
    assert_eq!(late["outstanding"], "1113.10");
    assert_eq!(late["days_past_due"], 142);
    assert_eq!(late["bucket"], "91-180");
    assert_eq!(late["status"], "active");
    let on_time = loans
        .iter()
        .find(|l| l["loan"] == f.on_time)
        .expect("on-time loan");
    assert_eq!(on_time["bucket"], Value::Null);
    assert_eq!(on_time["outstanding"], "500.00");
    assert_eq!(v["totals"]["outstanding"], "1613.10");
    assert_eq!(v["totals"]["active"], 2);

    for lang in Lang::ALL {
        let (h, csv) = csv_rows(&rloans::portfolio_csv(&rows, lang));
        assert_eq!(h.len(), 9);
        assert_eq!(csv.len(), 3);
        let late = csv
            .iter()
            .find(|r| r[0] == f.late.to_string())
            .expect("late row");
        assert_eq!(late[2], "'=1+1 Rosa", "formula neutralised");
        assert_eq!(late[4], "1113.10");
        assert_eq!(late[7], "91-180");
        assert_eq!(csv[2][0], "TOTAL");
        assert_eq!(csv[2][4], "1613.10");
    }
    let es = rloans::portfolio_table(&rows, today, Lang::Es);
    assert!(es.contains("Cartera de préstamos al 20/11/2026") && es.contains("1.613,10"));
    assert!(es.contains("Vigente") && es.contains("91-180") && es.contains("142"));
    let en = rloans::portfolio_table(&rows, today, Lang::En);
    assert!(en.contains("Loan portfolio at 2026-11-20") && en.contains("1,613.10"));
    assert!(en.contains("Active") && en.contains("TOTAL (2 active)"));

    let a = f.book.loan_arrears(today).expect("arrears");
    let v = json(&rloans::arrears_json(&a));
    assert_eq!(v["outstanding"], "1613.10");
    assert_eq!(v["current"], "500.00");
    assert_eq!(
        (v["loans"].as_u64(), v["loans_current"].as_u64()),
        (Some(2), Some(1))
    );
    let b = v["buckets"].as_array().expect("buckets");
    assert_eq!(b.len(), 6);
    assert_eq!(b[3]["days"], "91-180");
    assert_eq!(b[3]["loans"], 1);
    assert_eq!(b[3]["amount"], "1113.10");
    assert_eq!(b[3]["percent"], "69.00");
    assert_eq!(b[0]["amount"], "0.00");
    assert_eq!(v["at_risk_30"], "1113.10");
    // 1113.10 / 1613.10 = 69.0038 %.
    assert_eq!(v["par30"], "69.00");

    let (h, csv) = csv_rows(&rloans::arrears_csv(&a, Lang::Es));
    assert_eq!(h, ["rango_dias", "prestamos", "saldo", "porcentaje"]);
    assert_eq!(csv.len(), 9);
    assert_eq!(csv[4], ["91-180", "1", "1113.10", "69.00"]);
    assert_eq!(csv[7][..2], ["TOTAL", "2"], "two active loans");
    assert_eq!(csv[0][..2], ["0", "1"], "one of them current");
    assert_eq!(csv[8], ["PAR30", "", "1113.10", "69.00"]);
    let (h, _) = csv_rows(&rloans::arrears_csv(&a, Lang::En));
    assert_eq!(h[0], "days");
    let es = rloans::arrears_table(&a, Lang::Es);
    assert!(es.contains("Morosidad de la cartera al 20/11/2026"));
    assert!(es.contains("Al día") && es.contains("181-360") && es.contains(">360"));
    assert!(es.contains("(PAR30): 69,00 % (1.113,10 de 1.613,10)"));
    let en = rloans::arrears_table(&a, Lang::En);
    assert!(en.contains("Portfolio arrears at 2026-11-20") && en.contains("Current"));
    assert!(en.contains("(PAR30): 69.00% (1,113.10 of 1,613.10)"));
}
