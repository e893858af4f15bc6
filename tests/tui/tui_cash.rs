//! The interface and the limits of issue 14: an amount far beyond the book's
//! size asks "is it right?" before its preview (the entry form and the cobro
//! screen), and money that is not in the box is refused before the preview.

use crate::tui_common::*;

use ayni::books::dues::ChargeTypeInput;
use ayni::domain::dues::ChargeKind;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::ui::App;
use crossterm::event::KeyCode;

fn entries(a: &App) -> u64 {
    a.book
        .as_ref()
        .map(|b| b.entry_count(None).unwrap_or(0))
        .unwrap_or(0)
}

/// The entry form filled with one debit and one credit line.
fn fill_entry(a: &mut App, debit: (&str, &str), credit: (&str, &str)) {
    key(a, KeyCode::Char('n'));
    keys(a, "Donación recibida");
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    keys(a, debit.0);
    key(a, KeyCode::Tab);
    keys(a, debit.1);
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    keys(a, credit.0);
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    keys(a, credit.1);
}

#[test]
fn an_outsized_entry_asks_before_its_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (assets, limit) = a
        .book
        .as_ref()
        .expect("book")
        .outsized_limit()
        .expect("limit");
    assert!(assets.is_positive() && limit == Money::from_cents(assets.cents() * 100));
    let before = entries(&a);
    // A phone number pasted into the amount.
    fill_entry(&mut a, ("1101", "593991234567"), ("3402", "593991234567"));
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("¿Es correcto 593.991.234.567,00? Pasa de 100 veces los activos"),
        "{s}"
    );
    assert!(s.contains(&assets.localized(Lang::Es)), "{s}");
    assert!(
        !s.contains("Enter confirma"),
        "no preview before the answer\n{s}"
    );
    insta::assert_snapshot!("entry_form_outsized_question_es", s);
    // Enter, out of habit, is not a yes: back to the form, the amount still there.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("¿Es correcto"), "{s}");
    assert!(!s.contains("Enter confirma"), "{s}");
    assert!(s.contains("593991234567"), "{s}");
    // Asked again; yes shows the preview, Enter posts it.
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("¿Es correcto"));
    key(&mut a, KeyCode::Char('s'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Enter confirma"), "{s}");
    assert!(s.contains("593.991.234.567,00"), "{s}");
    assert_eq!(
        entries(&a),
        before,
        "nothing is posted before the confirmation"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(entries(&a), before + 1);
    // A second one would take 1101's totals beyond what a book holds: refused
    // before the question and the preview, nothing posted.
    fill_entry(&mut a, ("1101", "593991234567"), ("3402", "593991234567"));
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("pasarían de 999.999.999.999,99"), "{s}");
    assert!(!s.contains("¿Es correcto"), "{s}");
    assert_eq!(entries(&a), before + 1);
}

#[test]
fn an_ordinary_entry_is_not_questioned_and_english_asks_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    fill_entry(&mut a, ("1101", "25,00"), ("3402", "25,00"));
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Enter confirms"), "{s}");
    assert!(a.confirm_outsized.is_none());
    key(&mut a, KeyCode::Esc);
    // Esc on the filled form asks; "y" throws it away.
    key(&mut a, KeyCode::Esc);
    assert!(a.confirm_discard);
    key(&mut a, KeyCode::Char('y'));
    fill_entry(&mut a, ("1101", "90000000"), ("3402", "90000000"));
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Is 90,000,000.00 right? It is over 100 times the assets"),
        "{s}"
    );
    key(&mut a, KeyCode::Char('n'));
    assert!(a.confirm_outsized.is_none());
    assert!(
        a.screens
            .entry_form
            .as_ref()
            .is_some_and(|f| f.review.is_none()),
        "no is back to the form"
    );
}

#[test]
fn the_entry_form_refuses_cash_that_is_not_there_before_the_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let before = entries(&a);
    fill_entry(&mut a, ("4507", "900000"), ("1101", "900000"));
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("No alcanza: la cuenta 1101 Caja"), "{s}");
    assert!(!s.contains("Enter confirma"), "{s}");
    assert_eq!(entries(&a), before);
}

#[test]
fn an_outsized_payment_at_the_cobro_asks_before_the_receipt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, path) = practice(&dir);
    // A charge typed with a pasted number: every member owes 5,000,000.00.
    let month = book.current_month().expect("month");
    book.add_charge_type(&ChargeTypeInput {
        name: "Cuota extraordinaria".into(),
        kind: ChargeKind::Extraordinary,
        frequency: None,
        account: None,
        start_month: month,
        amount: Money::from_cents(500_000_000),
        approval: "Acta 9".into(),
        members: None,
    })
    .expect("charge type");
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('5'));
    let before = entries(&a);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Valor recibido"), "{s}");
    // The suggestion (all that is owed) is over 100 times the assets.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("¿Es correcto 5.000."), "{s}");
    assert!(!s.contains("Recibo a emitir"), "{s}");
    key(&mut a, KeyCode::Char('n'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Valor recibido") && !s.contains("¿Es correcto"),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Recibo a emitir"), "{s}");
    assert_eq!(entries(&a), before);
    key(&mut a, KeyCode::Esc);
    assert_eq!(entries(&a), before, "nothing recorded");
}
