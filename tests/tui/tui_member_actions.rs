//! The member card's waiver (`x`) and retirement (`r`), by keys: what is
//! refused changes nothing and says why under its field; what is reviewed
//! and confirmed is what the book then holds.

use crate::tui_charges::dues_book;
use crate::tui_common::{app_on, key, keys, screen};

use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use crossterm::event::KeyCode;

fn nov() -> Month {
    Month::new(2026, 11).expect("month")
}

/// Clears a form field (the cursor at its end).
fn clear(a: &mut ayni::ui::App, n: usize) {
    for _ in 0..n {
        key(a, KeyCode::Backspace);
    }
}

#[test]
fn a_waiver_from_the_card_forgives_part_of_a_charge_with_reason_and_approval() {
    let dir = tempfile::tempdir().expect("dir");
    let (book, path, ids) = dues_book(&dir);
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("x Exonerar"),
        "the card's footer names the key:\n{s}"
    );
    let member = a.screens.members_tab.card.as_ref().expect("card").member.id;
    key(&mut a, KeyCode::Char('x'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("octubre 2026 · Cuota mensual · debe 3,00"),
        "{s}"
    );
    insta::assert_snapshot!("waiver_form_lists_the_owed_charges_es", s);

    // November's charge, and nothing typed: refused under the fields.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("La exoneración necesita un motivo."), "{s}");
    assert!(s.contains("referencia de la aprobación"), "{s}");
    // More than is due: refused in the book's words.
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "5");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Enfermedad");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 12");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("3,00"), "{s}");
    insta::assert_snapshot!("waiver_refuses_more_than_is_due_es", s);
    let b = a.book.as_ref().expect("book");
    assert!(b.waivers().expect("waivers").is_empty(), "nothing recorded");
    assert_eq!(
        b.owed(member, nov())
            .expect("owed")
            .iter()
            .map(|c| c.due)
            .sum::<Money>(),
        Money::from_cents(600)
    );

    // 1.25 of November's 3.00 (up from the approval to the amount).
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    clear(&mut a, 1);
    keys(&mut a, "1,25");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("waiver_review_before_posting_es", s);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Exoneración N.º 1 registrada: 1,25"), "{s}");
    let b = a.book.as_ref().expect("book");
    let w = b.waivers().expect("waivers");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].amount, Money::from_cents(125));
    assert_eq!(w[0].month, nov());
    assert_eq!(w[0].reason, "Enfermedad");
    assert_eq!(w[0].approval, "Acta 12");
    assert_eq!(w[0].member, member);
    let due: Money = b
        .owed(member, nov())
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum();
    assert_eq!(due, Money::from_cents(475));
    assert!(ids.contains(&member));
}

#[test]
fn retiring_from_the_card_asks_then_retires_and_a_bad_date_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let (book, path, _) = dues_book(&dir);
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Enter);
    let member = a.screens.members_tab.card.as_ref().expect("card").member.id;
    key(&mut a, KeyCode::Char('r'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("2026-11-20"), "dated today:\n{s}");
    // No reason: refused under the field.
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("Escriba el motivo."));
    // Before the member joined: the book's refusal.
    clear(&mut a, 10);
    keys(&mut a, "2025-12-31");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Se mudó a Quito");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("retire_refused_before_the_member_joined_es", s);
    let b = a.book.as_ref().expect("book");
    assert!(
        b.member(member)
            .expect("read")
            .expect("member")
            .status
            .is_active()
    );

    key(&mut a, KeyCode::Up);
    clear(&mut a, 10);
    keys(&mut a, "15/11/2026");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("retire_review_asks_before_retiring_es", s);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("retirado desde el 15/11/2026"), "{s}");
    let b = a.book.as_ref().expect("book");
    let m = b.member(member).expect("read").expect("member");
    assert!(!m.status.is_active());
}
