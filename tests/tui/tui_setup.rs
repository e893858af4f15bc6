//! Configuración and the first run: a treasurer sets the association up in
//! the interface alone (charge types, savings and loan products, a bank
//! account), the loan application never dead-ends, and a refused field
//! changes nothing.

use crate::tui_common::*;

use ayni::books::Book;
use ayni::domain::dues::ChargeKind;
use ayni::domain::period::Month;
use ayni::domain::savings::SavingsKind;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::ui::App;
use ayni::ui::app::Screen;
use ayni::ui::screens::money::View;
use ayni::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;

fn book_of(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn month(s: &str) -> Month {
    Month::parse(s).expect("month")
}

/// A new association's empty book at the tests' clock, the app on it.
fn empty_book(dir: &tempfile::TempDir, lang: Lang) -> App {
    let path = dir.path().join("nueva.ayni");
    let settings =
        Settings::new("Asociación Sumak Kawsay", None, AssocKind::Asociacion).expect("settings");
    let book = Book::create_with_clock(&path, settings, clock()).expect("book");
    app_on(book, path, lang, "oscuro")
}

/// Replaces a field's text (its suggestion or what was typed).
fn retype(a: &mut App, text: &str) {
    key(a, KeyCode::End);
    for _ in 0..30 {
        key(a, KeyCode::Backspace);
    }
    keys(a, text);
}

#[test]
fn first_run_sets_up_dues_savings_a_loan_product_and_a_bank_account() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = App::new(
        None,
        dir.path().join("libro.ayni"),
        Lang::Es,
        Theme::default(),
    );
    key(&mut a, KeyCode::Char('1'));
    keys(&mut a, "Caja Solidaria San Pablo");
    key(&mut a, KeyCode::F(2));
    assert!(a.book.is_some(), "the book was created");
    // The new book reads the computer's clock; the test's is the practice
    // books' day, whatever day the suite runs.
    a.book.as_mut().expect("the book").set_clock(clock());
    a.reload();
    assert_eq!(a.screen, Screen::Setup, "the setup follows");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("paso 1 de 5") && s.contains("Caja Solidaria San Pablo"),
        "{s}"
    );
    insta::assert_snapshot!("first_run_starts_with_the_association_data", s);

    // Step 1: the association's data in the settings form, then back here.
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Settings);
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    keys(&mut a, "Rosa Quishpe");
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.screen, Screen::Setup, "back to the setup once saved");
    assert!(screen(&mut a, 80, 24).contains("Rosa Quishpe"));
    assert_eq!(
        book_of(&a).settings().expect("settings").treasurer,
        "Rosa Quishpe"
    );

    // Step 2: a bank account, a sub-account of 1103.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Banco Pichincha cta. 2201");
    key(&mut a, KeyCode::Tab);
    assert!(
        screen(&mut a, 80, 24).contains("110301"),
        "a free code is suggested"
    );
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("110301") && s.contains("Banco Pichincha"), "{s}");
    insta::assert_snapshot!("first_run_lists_cash_and_the_new_bank_account", s);

    // Step 3: the monthly dues.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Cuota mensual");
    key(&mut a, KeyCode::Tab); // the kind: monthly dues already
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "5");
    insta::assert_snapshot!(
        "charge_type_form_with_the_monthly_dues",
        screen(&mut a, 80, 24)
    );
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Cuota mensual") && s.contains("5,00") && s.contains("11/2026"),
        "{s}"
    );

    // Step 4: a programmed savings product at 3 %.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Ahorro navideño");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "3");
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("Ahorro navideño"));

    // Step 5: a loan product at 30 % when its cap is 25,50 %: it warns.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Microcrédito");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "30");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "12");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "2000");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    keys(&mut a, "25,50");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("supera el techo legal"), "{s}");
    insta::assert_snapshot!("loan_product_form_warns_of_a_rate_above_its_cap", s);
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Microcrédito") && s.contains("30 %"), "{s}");
    insta::assert_snapshot!("first_run_lists_the_new_loan_product", s);

    // Past the last step: the dashboard.
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.screen, Screen::Main);
    assert_eq!(a.tab, ayni::ui::Tab::Dashboard);

    let book = book_of(&a);
    let bank = book.account("110301").expect("the bank account");
    assert_eq!(bank.name, "Banco Pichincha cta. 2201");
    let types = book.charge_types().expect("charge types");
    assert_eq!(types.len(), 1);
    let dues = &types[0];
    assert_eq!(
        (dues.name.as_str(), dues.kind, dues.account.as_str()),
        ("Cuota mensual", ChargeKind::MonthlyDues, "5490")
    );
    assert_eq!(dues.start_month, month("2026-11"));
    assert_eq!(
        dues.amount_for(month("2026-11")).map(|m| m.to_string()),
        Some("5.00".to_string())
    );
    let savings = book.savings_products().expect("savings products");
    let xmas = savings
        .iter()
        .find(|p| p.name == "Ahorro navideño")
        .expect("the savings product");
    assert_eq!(
        (xmas.kind, xmas.rate),
        (SavingsKind::Programmed, Decimal::from(3))
    );
    let loans = book.loan_products().expect("loan products");
    assert_eq!(loans.len(), 1);
    assert_eq!(loans[0].name, "Microcrédito");
    assert_eq!(loans[0].rate, Decimal::from(30));
    assert_eq!(loans[0].rate_cap, Some(Decimal::new(2550, 2)));
    assert_eq!(loans[0].max_months, 12);
}

#[test]
fn setup_in_english_changes_an_amount_switches_a_type_off_and_edits_savings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('8'));
    assert_eq!(a.screen, Screen::Setup);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("[Charges]") && s.contains("Cuota mensual"),
        "{s}"
    );
    insta::assert_snapshot!("setup_charge_types_en", s);
    key(&mut a, KeyCode::Char('?'));
    let help = screen(&mut a, 80, 24);
    assert!(
        help.contains("Next section") && help.contains("Switch off/on"),
        "{help}"
    );
    key(&mut a, KeyCode::Esc);
    let types = book_of(&a).charge_types().expect("types");
    let row = a.screens.setup.selected();
    let id = types[row].id;
    let before = types[row].amount_for(month("2026-11"));

    // A new amount from December on.
    key(&mut a, KeyCode::Enter);
    retype(&mut a, "6.50");
    key(&mut a, KeyCode::Tab);
    retype(&mut a, "2026-12");
    key(&mut a, KeyCode::F(2));
    let t = book_of(&a)
        .charge_types()
        .expect("types")
        .into_iter()
        .find(|t| t.id == id)
        .expect("the type");
    assert_eq!(
        t.amount_for(month("2026-11")),
        before,
        "November keeps its amount"
    );
    assert_eq!(
        t.amount_for(month("2026-12")).map(|m| m.to_string()),
        Some("6.50".to_string())
    );

    // Switched off from January, then back on.
    key(&mut a, KeyCode::Char('o'));
    retype(&mut a, "2027-01");
    key(&mut a, KeyCode::F(2));
    let off = |a: &App| {
        book_of(a)
            .charge_types()
            .expect("types")
            .into_iter()
            .find(|t| t.id == id)
            .and_then(|t| t.end_month)
    };
    assert_eq!(off(&a), Some(month("2027-01")));
    assert!(screen(&mut a, 80, 24).contains("Off from 01/2027"));
    key(&mut a, KeyCode::Char('o'));
    key(&mut a, KeyCode::F(2));
    assert_eq!(off(&a), None);

    // The ordinary savings product earns 1.5 % from now on.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    retype(&mut a, "1.5");
    key(&mut a, KeyCode::F(2));
    let products = book_of(&a).savings_products().expect("products");
    assert_eq!(products[0].rate, Decimal::new(15, 1));
    assert!(screen(&mut a, 80, 24).contains("1.5%"));

    // Esc: back to the main screen.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Main);
}

#[test]
fn a_loan_application_without_products_offers_one_and_goes_on_to_the_application() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = empty_book(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('a'));
    assert_eq!(a.screen, Screen::Setup, "the product form, not a dead end");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Nuevo producto de crédito") && s.contains("hace falta un producto"),
        "{s}"
    );
    insta::assert_snapshot!("loan_application_without_products_offers_a_product", s);

    // Esc: back to the loan list, nothing made.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Money);
    assert_eq!(a.screens.money.view, View::Loans);
    assert!(book_of(&a).loan_products().expect("products").is_empty());

    // Again, and the product saved: the application follows with it.
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Crédito productivo");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "18");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "24");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "3000");
    a.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let products = book_of(&a).loan_products().expect("products");
    assert_eq!(products.len(), 1);
    assert_eq!(products[0].name, "Crédito productivo");
    assert_eq!(a.screen, Screen::Money);
    assert_eq!(a.screens.money.view, View::Form, "the application is open");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Crédito productivo"), "{s}");
}

#[test]
fn a_refused_rate_or_late_rate_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = empty_book(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('8'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Emergente");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "abc");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("«abc» no es una tasa"),
        "the rate is refused as typed: {s}"
    );
    key(&mut a, KeyCode::F(2));
    assert!(book_of(&a).loan_products().expect("products").is_empty());
    assert!(a.status.as_ref().is_some_and(|(_, error)| *error));

    // A good rate, but a late rate beyond 1.1 times it (20 % allows 22 %).
    retype(&mut a, "20");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "6");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "500");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "30");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("como máximo 22 %"), "{s}");
    insta::assert_snapshot!("loan_product_late_rate_above_the_cap_refused", s);
    key(&mut a, KeyCode::F(2));
    assert!(book_of(&a).loan_products().expect("products").is_empty());
    let said = a.status.clone().unwrap_or_default();
    assert!(said.1 && said.0.contains("como máximo 22 %"), "{said:?}");

    // A charge type with an amount that reads two ways is refused too.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Aporte");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "1.500");
    key(&mut a, KeyCode::F(2));
    assert!(book_of(&a).charge_types().expect("types").is_empty());
    assert!(a.status.as_ref().is_some_and(|(_, error)| *error));
}
