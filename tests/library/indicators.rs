//! The financial indicators worked out by hand on small books: every
//! account-based formula on a book whose balances are known to the cent, and
//! the loan-based ones (A1, P2, E1, MOR, COB) on a book with one loan late.

use ayni::books::close::CloseOptions;
use ayni::books::loans::LoanApplication;
use ayni::books::{Book, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, Method, Prepay};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::report::indicators::{Indicator, Inputs, Status, indicators, ratio};
use ayni::report::registry::{self, Params};
use ayni::report::render::Format;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock"))
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}
fn m(c: i64) -> Money {
    Money::from_cents(c)
}
fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}
fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn member(book: &mut Book, n: u32) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(10, 7_300_000 + n),
        first_names: format!("Socia {n}"),
        last_names: "Guamán".into(),
        gender: "F".into(),
        join_date: "2025-06-01".into(),
        ..Default::default()
    })
    .expect("member")
    .id
}

fn post(book: &mut Book, date: &str, text: &str, lines: Vec<Posting>) {
    let draft = EntryDraft::new(d(date), text, "", EntryKind::Manual, lines).expect("draft");
    book.post(draft).expect("posted");
}

fn find<'a>(list: &'a [Indicator], id: &str) -> &'a Indicator {
    list.iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

/// January and February 2026, no loans: savings 4,000.00, shares 1,000.00,
/// reserve 2,500.00, a donation 1,500.00, 5,000.00 to the bank, staff
/// 60.00 and services 30.00 paid, 150.00 of income, 300.00 of furniture,
/// 100.00 owed to a supplier.
fn plain_book(dir: &tempfile::TempDir) -> Book {
    let settings = Settings::new("Caja Indicadores", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("i.ayni"),
        settings,
        at("2026-01-02 09:00:00"),
    )
    .expect("book");
    let a = member(&mut book, 1);
    book.deposit(a, None, m(400_000), d("2026-01-02"), "1101")
        .expect("savings");
    post(
        &mut book,
        "2026-01-02",
        "Saldo inicial",
        vec![
            Posting::debit("1103", m(500_000)),
            Posting::credit("3103", m(100_000)).for_member(a),
            Posting::credit("3301", m(250_000)),
            Posting::credit("3402", m(150_000)),
        ],
    );
    book.set_clock(at("2026-01-20 09:00:00"));
    post(
        &mut book,
        "2026-01-10",
        "Sueldo",
        vec![
            Posting::debit("4501", m(6_000)),
            Posting::credit("1101", m(6_000)),
        ],
    );
    post(
        &mut book,
        "2026-01-15",
        "Servicio",
        vec![
            Posting::debit("1101", m(15_000)),
            Posting::credit("5490", m(15_000)),
        ],
    );
    book.set_clock(at("2026-02-26 09:00:00"));
    post(
        &mut book,
        "2026-02-10",
        "Muebles",
        vec![
            Posting::debit("1805", m(30_000)),
            Posting::credit("1103", m(30_000)),
        ],
    );
    post(
        &mut book,
        "2026-02-20",
        "Compra a crédito",
        vec![
            Posting::debit("1101", m(10_000)),
            Posting::credit("2590", m(10_000)),
        ],
    );
    post(
        &mut book,
        "2026-02-25",
        "Servicios",
        vec![
            Posting::debit("4503", m(3_000)),
            Posting::credit("1101", m(3_000)),
        ],
    );
    book
}

#[test]
fn every_account_based_formula_agrees_with_a_hand_computation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = plain_book(&dir);
    let i = Inputs::of(&book, mo(2026, 2)).expect("inputs");
    // Assets: cash 4,160.00 + bank 4,700.00 + furniture 300.00.
    assert_eq!(i.assets, m(916_000));
    assert_eq!(i.available_funds, m(886_000));
    assert_eq!(i.savings_deposits, m(400_000));
    assert_eq!(i.demand_deposits, m(400_000));
    assert_eq!(i.member_shares, m(100_000));
    assert_eq!(i.institutional_capital, m(400_000));
    assert_eq!(i.non_earning_assets, m(446_000));
    assert_eq!(i.short_term_payables, m(10_000));
    assert_eq!(i.equity, m(506_000));
    // Two months of the year: expenses 90.00 and result 60.00, times 12 / 2.
    assert_eq!(i.months_of_year, 2);
    assert_eq!(i.operating_expenses, m(54_000));
    assert_eq!(i.net_result, m(36_000));
    // Averages of January's end (9,090.00; equity 5,090.00) and February's.
    assert_eq!(i.average_assets, m(912_500));
    assert_eq!(i.average_equity, m(507_500));
    assert_eq!(i.loans_outstanding, Money::ZERO);

    let list = indicators(&i, Lang::Es);
    let expect = [
        ("E1", Some("0.0000"), Status::Bad),
        ("E5", Some("0.4367"), Status::Bad),
        ("E7", Some("0.1092"), Status::Ok),
        ("E8", Some("0.4367"), Status::Ok),
        ("A1", None, Status::Na),
        ("A2", Some("0.4869"), Status::Bad),
        ("R9", Some("0.0592"), Status::Warn),
        ("R12", Some("0.0395"), Status::Ok),
        ("L1", Some("2.1900"), Status::Bad),
        ("P1", None, Status::Na),
        ("P2", None, Status::Na),
        ("MOR", None, Status::Na),
        ("COB", None, Status::Na),
        ("LIQ", Some("2.2150"), Status::Ok),
        ("ROA", Some("0.0395"), Status::Ok),
        ("ROE", Some("0.0709"), Status::Ok),
        ("SOL", Some("16.8667"), Status::Ok),
    ];
    assert_eq!(
        list.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        expect.iter().map(|e| e.0).collect::<Vec<_>>(),
        "no portfolio, no morosidad by kind"
    );
    for (id, value, status) in expect {
        let x = find(&list, id);
        assert_eq!(x.value, value.map(dec), "{id}");
        assert_eq!(x.status, status, "{id}");
        assert_eq!(
            x.reason.is_some(),
            value.is_none(),
            "{id}: a reason only when n/a"
        );
        assert!(!x.formula.is_empty() && !x.inputs.is_empty(), "{id}");
    }
    assert_eq!(
        find(&list, "A1").reason.as_deref(),
        Some("no hay préstamos vigentes")
    );
}

#[test]
fn the_report_writes_the_json_the_issue_describes_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = plain_book(&dir);
    let mut p = Params::new(Lang::En);
    p.month = Some(mo(2026, 2));
    let r = registry::get("indicators")
        .expect("registered")
        .build(&book, &p)
        .expect("built");
    let json: serde_json::Value =
        serde_json::from_slice(&r.write(Format::Json, Lang::En).expect("json")).expect("parse");
    assert_eq!(json["month"], "2026-02");
    let e5 = &json["indicators"][1];
    assert_eq!(e5["id"], "E5");
    assert_eq!(e5["value"], "0.4367");
    assert_eq!(e5["target"], "0.70-0.80");
    assert_eq!(e5["status"], "bad");
    assert_eq!(e5["inputs"]["savings_deposits"], "4000.00");
    assert_eq!(e5["inputs"]["assets"], "9160.00");
    let a1 = &json["indicators"][4];
    assert_eq!(a1["status"], "na");
    assert!(a1["value"].is_null());
    assert_eq!(a1["reason"], "there are no loans outstanding");

    let csv = String::from_utf8(r.write(Format::Csv, Lang::En).expect("csv")).expect("utf8");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("E5,") && l.contains(",0.4367,0.70-0.80,bad,"))
    );
    let table = String::from_utf8(r.write(Format::Table, Lang::Es).expect("table")).expect("utf8");
    assert!(table.contains("43,67 %"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    for f in [Format::Html, Format::Pdf, Format::Xlsx, Format::CsvEs] {
        assert!(!r.write(f, Lang::Es).expect("written").is_empty(), "{f:?}");
    }
}

#[test]
fn loans_late_drive_a1_p2_and_the_accounts_drive_morosidad() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings::new("Caja Cartera", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("l.ayni"),
        settings,
        at("2026-01-02 09:00:00"),
    )
    .expect("book");
    let a = member(&mut book, 1);
    let b = member(&mut book, 2);
    book.deposit(a, None, m(300_000), d("2026-01-02"), "1101")
        .expect("savings");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::German,
            rate: Decimal::from(12),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    book.set_clock(at("2026-01-05 09:00:00"));
    let mut lend = |member: u32, guarantor: u32, cents: i64, months: u32| {
        let (loan, _) = book
            .apply_loan(&LoanApplication {
                member,
                product: p.id,
                amount: m(cents),
                months,
                rate: None,
                purpose: "Semillas".into(),
                guarantor: Some(guarantor),
                approval: "Acta 1".into(),
                date: d("2026-01-05"),
            })
            .expect("applied");
        book.disburse_loan(loan.id, d("2026-01-05"), "1101")
            .expect("disbursed");
        loan.id
    };
    // Loan A (1,200.00 over 12 months) is never paid; loan B (600.00 over 6)
    // pays its February and March installments of 100.00 each.
    let _late = lend(a, b, 120_000, 12);
    let paid = lend(b, a, 60_000, 6);
    for date in ["2026-02-05", "2026-03-05"] {
        book.set_clock(at(&format!("{date} 10:00:00")));
        let (alloc, _) = book
            .plan_loan_payment(paid, m(10_000_000), d(date))
            .expect("plan");
        let due = alloc.late + alloc.interest + alloc.principal;
        book.pay_loan(paid, due, d(date), "1101", Prepay::ShortenTerm)
            .expect("paid");
    }
    for (month, now) in [
        (mo(2026, 1), "2026-02-01 08:00:00"),
        (mo(2026, 2), "2026-03-01 08:00:00"),
        (mo(2026, 3), "2026-04-01 08:00:00"),
    ] {
        book.set_clock(at(now));
        book.close_month_with(
            month,
            &CloseOptions {
                backup: false,
                ..CloseOptions::default()
            },
        )
        .expect("closed");
    }
    let march = mo(2026, 3);
    let i = Inputs::of(&book, march).expect("inputs");
    // On 31 March loan A is 54 days late (its first installment fell due on
    // 5 February): 1,200.00 over 30 days and within 1 to 12 months; B current.
    assert_eq!(i.loans_outstanding, m(160_000));
    assert_eq!(i.late_over_30_days, m(120_000));
    assert_eq!(i.late_1_12_months, m(120_000));
    assert_eq!(i.late_over_12_months, Money::ZERO);
    assert_eq!(i.late_1_30_days, Money::ZERO);

    let bal = |code: &str| book.balance_of(code, march).expect("balance");
    let held = -bal("1499");
    assert!(held.is_positive(), "the close provisioned loan A");
    assert_eq!(i.provisions, held);
    // The accounts: gross portfolio is 14 without 1499; the non-performing
    // part is what the close moved to 1428 and 1452.
    assert_eq!(i.gross_portfolio, bal("14") + held);
    assert_eq!(
        i.gross_portfolio, i.loans_outstanding,
        "accounts agree with the subledger"
    );
    assert_eq!(i.nonperforming, bal("1428") + bal("1452"));
    assert!(i.nonperforming.is_positive());

    let list = indicators(&i, Lang::En);
    assert_eq!(find(&list, "A1").value, Some(dec("0.7500")));
    assert_eq!(find(&list, "A1").status, Status::Bad);
    assert_eq!(find(&list, "E1").value, ratio(bal("14"), bal("1")));
    assert_eq!(find(&list, "P2").value, ratio(held, m(120_000)));
    assert_eq!(find(&list, "P1").status, Status::Na);
    assert_eq!(
        find(&list, "MOR").value,
        ratio(i.nonperforming, i.gross_portfolio)
    );
    assert_eq!(find(&list, "COB").value, ratio(held, i.nonperforming));
    let kind = find(&list, "MOR-1404");
    assert_eq!(kind.value, find(&list, "MOR").value, "all microcredit");
    assert_eq!(kind.name, "Non-performing: microcredit");
}

#[test]
fn inputs_of_several_books_sum_and_their_ratios_are_the_network_s() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = Inputs::of(&plain_book(&dir), mo(2026, 2)).expect("inputs");
    let dir2 = tempfile::tempdir().expect("tempdir");
    let two = Inputs::of(&plain_book(&dir2), mo(2026, 2)).expect("inputs");
    let both = Inputs::sum([&one, &two]);
    assert_eq!(both.assets, one.assets + two.assets);
    assert_eq!(both.average_equity, m(1_015_000));
    // Twice the same book: the same ratios.
    let a = indicators(&one, Lang::Es);
    let b = indicators(&both, Lang::Es);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((x.id.as_str(), x.value), (y.id.as_str(), y.value));
    }
    // The inputs go to JSON and back unchanged.
    let text = serde_json::to_string(&both).expect("json");
    assert!(text.contains("\"assets\":\"18320.00\""), "{text}");
    let back: Inputs = serde_json::from_str(&text).expect("read back");
    assert_eq!(back, both);
}
