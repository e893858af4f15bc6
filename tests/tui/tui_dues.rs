//! The dues figures of the interface: the dashboard's collection of the open
//! month counts every charge due (not only those a payment made), the
//! arrears screen agrees with what each member owes, and the fund screen's
//! totals leave voided operations out.

use crate::tui_common::{app_on, clock, key, keys, screen};

use ayni::books::dues::ChargeTypeInput;
use ayni::books::{Book, Clock};
use ayni::domain::dues::ChargeKind;
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use chrono::NaiveDate;
use crossterm::event::KeyCode;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Eight members with monthly dues of 3.00 from November 2026 (the clock's
/// month, not generated): one of them has paid.
fn book(dir: &tempfile::TempDir, clock: Clock) -> (Book, std::path::PathBuf, Vec<u32>) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja Prueba", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock).expect("book");
    let ids: Vec<u32> = (0..8)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(17, 7_000_000 + i),
                first_names: format!("Socia {i}"),
                last_names: "Cachiguango".into(),
                gender: "F".into(),
                join_date: "2026-01-10".into(),
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    book.add_charge_type(&ChargeTypeInput {
        name: "Cuota mensual".into(),
        kind: ChargeKind::MonthlyDues,
        frequency: None,
        account: None,
        start_month: Month::new(2026, 11).expect("month"),
        amount: Money::from_cents(300),
        approval: String::new(),
        members: None,
    })
    .expect("type");
    book.pay_dues(
        ids[0],
        Money::from_cents(300),
        d("2026-11-12"),
        "1101",
        None,
    )
    .expect("paid");
    (book, path, ids)
}

/// The figure after a label on the dashboard.
fn figure_after(s: &str, label: &str) -> String {
    let line = s
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label} in\n{s}"));
    let rest = &line[line.find(label).map(|i| i + label.len()).unwrap_or(0)..];
    rest.split('│').next().unwrap_or("").trim().to_string()
}

#[test]
fn the_dashboard_counts_every_charge_due_in_the_open_month() {
    for (lang, label) in [
        (Lang::Es, "Cuotas cobradas (mes)"),
        (Lang::En, "Dues collected (month)"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (book, path, _) = book(&dir, clock());
        let mut a = app_on(book, path, lang, "oscuro");
        let s = screen(&mut a, 80, 24);
        // One of eight members has paid November's 3.00.
        assert_eq!(figure_after(&s, label), "12 %", "{s}");
    }
}

#[test]
fn the_arrears_screen_of_the_open_month_agrees_with_what_each_member_owes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path, ids) = book(&dir, clock());
    let nov = Month::new(2026, 11).expect("month");
    let owed: Money = ids
        .iter()
        .map(|&id| {
            book.owed(id, nov)
                .expect("owed")
                .iter()
                .map(|c| c.due)
                .sum::<Money>()
        })
        .sum();
    assert_eq!(owed, Money::from_cents(7 * 300));
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    keys(&mut a, "R");
    // Past the member statement (whose member picker Esc puts away).
    for _ in 0..4 {
        key(&mut a, KeyCode::Right);
    }
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Right);
    let s = screen(&mut a, 100, 40);
    assert!(s.contains("Cuotas y aportes atrasados"), "{s}");
    assert_eq!(s.matches("Cachiguango").count(), 7, "{s}");
    assert!(s.contains(&owed.localized(Lang::Es)), "{s}");
}

#[test]
fn the_fund_screen_does_not_count_a_voided_grant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, path, ids) = book(&dir, clock());
    book.fund_contribute(
        Some(ids[1]),
        Money::from_cents(5_000),
        d("2026-11-12"),
        "1101",
        "",
    )
    .expect("contribution");
    let g = book
        .fund_grant(
            Some(ids[2]),
            "",
            Money::from_cents(2_000),
            "Enfermedad",
            "Acta 4",
            d("2026-11-13"),
            "1101",
        )
        .expect("grant");
    book.reverse(g.entry, None, Some("Ayuda anulada: socia equivocada"))
        .expect("voided");
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('7'));
    let s = screen(&mut a, 100, 30);
    let line = s
        .lines()
        .find(|l| l.contains("Saldo del fondo:"))
        .unwrap_or_else(|| panic!("no summary in\n{s}"));
    // The grant and its reversal count in neither total.
    assert!(line.contains("Saldo del fondo: 50,00"), "{line}");
    assert!(line.contains("Aportes recibidos 50,00"), "{line}");
    assert!(line.contains("Ayudas entregadas 0,00"), "{line}");
}
