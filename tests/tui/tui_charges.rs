//! Charge generation from the interface (`G`): the plan's count and total
//! before anything is written, a no that writes nothing, a yes that
//! generates them, and a second look that says there is nothing left; the
//! journal in plain-text accounting from the reports screen, named with
//! the association.

use crate::tui_common::{app_on, clock, key, screen};

use ayni::books::Book;
use ayni::books::dues::ChargeTypeInput;
use ayni::domain::dues::ChargeKind;
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use crossterm::event::KeyCode;

/// Six members with monthly dues of 3.00 from October 2026, none generated.
pub fn dues_book(dir: &tempfile::TempDir) -> (Book, std::path::PathBuf, Vec<u32>) {
    let path = dir.path().join("libro.ayni");
    let settings = Settings::new("Caja San Pedro", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids = (0..6)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(17, 7_100_000 + i),
                first_names: format!("Socia {i}"),
                last_names: "Quishpe".into(),
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
        start_month: Month::new(2026, 10).expect("month"),
        amount: Money::from_cents(300),
        approval: String::new(),
        members: None,
    })
    .expect("type");
    (book, path, ids)
}

fn nov() -> Month {
    Month::new(2026, 11).expect("month")
}

#[test]
fn charge_generation_shows_the_count_and_total_then_generates_on_a_yes() {
    let dir = tempfile::tempdir().expect("dir");
    let (book, path, ids) = dues_book(&dir);
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('G'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("12 cargos hasta noviembre 2026"), "{s}");
    assert!(s.contains("36,00"), "{s}");
    insta::assert_snapshot!("charge_generation_asks_with_count_and_total_es", s);

    // A no writes nothing.
    key(&mut a, KeyCode::Esc);
    let b = a.book.as_ref().expect("book");
    assert_eq!(b.charges_to_generate(nov()).expect("count"), 12);
    assert!(!screen(&mut a, 80, 24).contains("Generar cargos"));

    // A yes generates them.
    key(&mut a, KeyCode::Char('G'));
    key(&mut a, KeyCode::Char('s'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Generados 12 cargos hasta noviembre 2026"),
        "{s}"
    );
    let b = a.book.as_ref().expect("book");
    assert_eq!(b.charges_to_generate(nov()).expect("count"), 0);
    let owed = b.owed(ids[0], nov()).expect("owed");
    assert_eq!(owed.len(), 2);
    assert!(owed.iter().all(|c| c.amount == Money::from_cents(300)));

    // Nothing left: said, and any key goes back.
    key(&mut a, KeyCode::Char('G'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("No hay cargos que generar"), "{s}");
    insta::assert_snapshot!("charge_generation_with_nothing_left_says_so_es", s);
    key(&mut a, KeyCode::Char('s'));
    assert!(!screen(&mut a, 80, 24).contains("No hay cargos que generar"));
}

#[test]
fn the_journal_is_exported_in_plain_text_named_with_the_association() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut book, path, ids) = dues_book(&dir);
    book.pay_dues(
        ids[1],
        Money::from_cents(300),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 12).expect("date"),
        "1101",
        None,
    )
    .expect("paid");
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('R'));
    key(&mut a, KeyCode::Char('o'));
    // The journal comes before the regulator's two files and the network's
    // package, the last of the list.
    for _ in 0..60 {
        key(&mut a, KeyCode::Down);
    }
    for _ in 0..3 {
        key(&mut a, KeyCode::Up);
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Exportar el diario (texto contable"), "{s}");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Diario exportado: 1 asientos"), "{s}");
    let file = dir.path().join("caja-san-pedro-diario.journal");
    let text = std::fs::read_to_string(&file).expect("journal written");
    assert!(text.starts_with("; ayni — Caja San Pedro"), "{text}");
    assert!(text.contains("2026-11-12"), "{text}");
}
