//! The one text field: a treasurer moves back inside a field to fix one
//! digit, and what is posted is the fixed amount; a pasted name goes in
//! whole, a paste with a line break inside is refused and changes nothing.

use crate::tui_common::*;

use ayni::books::Book;
use ayni::domain::entry::Side;
use ayni::domain::member::Member;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::ui::App;
use crossterm::event::KeyCode;

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

/// The first active member, in name order, who owes something.
fn debtor(a: &App) -> Member {
    let b = book(a);
    let month = b.current_month().expect("month");
    let mut members = b.members().expect("members");
    members.sort_by_key(|m| m.full_name());
    members
        .into_iter()
        .filter(|m| m.status.is_active())
        .find(|m| {
            b.owed(m.id, month)
                .map(|v| v.iter().any(|c| c.due.is_positive()))
                .unwrap_or(false)
        })
        .expect("the practice book has members in arrears")
}

fn money(s: &str) -> Money {
    Money::parse(s).expect("an amount")
}

#[test]
fn cobro_amount_fixed_one_digit_back_posts_the_fixed_amount() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let m = debtor(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    // Typed 2,50 when 1,50 was meant: three keys back, delete the 2, type 1.
    keys(&mut a, "2,50");
    for _ in 0..3 {
        key(&mut a, KeyCode::Left);
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(" 2▏,50 "), "the cursor after the 2\n{s}");
    key(&mut a, KeyCode::Backspace);
    keys(&mut a, "1");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(" 1▏,50 "), "{s}");
    insta::assert_snapshot!("cobro_amount_fixed_in_the_middle_es", s);
    // End, and the Delete at the end changes nothing.
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Delete);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Recibo a emitir"), "{s}");
    key(&mut a, KeyCode::Enter);
    let today = book(&a).today();
    let receipts = book(&a).receipts_of_day(today).expect("receipts");
    let r = receipts.last().expect("the new receipt");
    assert_eq!(r.member, m.id);
    assert_eq!(r.total, money("1,50"));
}

#[test]
fn cobro_suggestion_is_edited_in_place_once_the_cursor_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let m = debtor(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    let owed = a.screens.cobro.amount().value.to_string();
    assert!(a.screens.cobro.suggested && !owed.is_empty());
    // Home, then a 1 in front: the suggestion is kept and edited.
    key(&mut a, KeyCode::Home);
    assert!(!a.screens.cobro.suggested);
    keys(&mut a, "1");
    assert_eq!(
        a.screens.cobro.amount().value.to_string(),
        format!("1{owed}")
    );
    // A letter is refused as before, the amount unchanged.
    keys(&mut a, "x");
    assert_eq!(
        a.screens.cobro.amount().value.to_string(),
        format!("1{owed}")
    );
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Escriba solo el valor"), "{s}");
}

#[test]
fn new_entry_amount_fixed_one_digit_back_posts_the_fixed_amount() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let before = book(&a).entry_count(None).expect("count");
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "Donación recibida");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "1101");
    key(&mut a, KeyCode::Tab);
    // 180 typed, 130 meant: back to the 8, fix it.
    keys(&mut a, "180");
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Backspace);
    keys(&mut a, "3");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "3402");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    // The credit typed 130 too, with a stray digit in front removed with Delete.
    keys(&mut a, "9130");
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::Delete);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("entry_form_amount_fixed_in_the_middle_es", s);
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("130,00"), "{s}");
    key(&mut a, KeyCode::Enter);
    let count = book(&a).entry_count(None).expect("count");
    assert_eq!(count, before + 1, "{:?}", a.status);
    let e = book(&a).entry(count).expect("read").expect("the new entry");
    let debit = e
        .postings
        .iter()
        .find(|p| p.side == Side::Debit)
        .expect("a debit");
    assert_eq!(
        (debit.account.as_str(), debit.amount),
        ("1101", money("130"))
    );
    assert!(e.postings.iter().all(|p| p.amount == money("130")));
}

#[test]
fn a_name_pasted_into_the_member_form_goes_in_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('a'));
    key(&mut a, KeyCode::Tab);
    // Copied from a spreadsheet cell: the line break that ends it is not kept.
    a.on_paste("María José\r\n".to_string());
    key(&mut a, KeyCode::Tab);
    a.on_paste("Quishpe Ñacata".to_string());
    // Back into the middle, a second surname's accent fixed with a paste.
    let f = a.screens.member_form.as_ref().expect("the form");
    assert_eq!(f.fields[1].1.value.to_string(), "María José");
    assert_eq!(f.fields[2].1.value.to_string(), "Quishpe Ñacata");
    for _ in 0..6 {
        key(&mut a, KeyCode::Left);
    }
    a.on_paste("Tupiza ".to_string());
    let f = a.screens.member_form.as_ref().expect("the form");
    assert_eq!(f.fields[2].1.value.to_string(), "Quishpe Tupiza Ñacata");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Quishpe Tupiza ▏Ñacata"), "{s}");
    insta::assert_snapshot!("member_form_pasted_names_es", s);

    // Two lines pasted: refused, naming the line break, the field unchanged.
    a.on_paste("Ana\nLuis".to_string());
    let f = a.screens.member_form.as_ref().expect("the form");
    assert_eq!(f.fields[2].1.value.to_string(), "Quishpe Tupiza Ñacata");
    let (msg, is_error) = a.status.clone().expect("a message");
    assert!(is_error && msg.contains("salto de línea"), "{msg}");
}

#[test]
fn a_paste_outside_a_field_does_nothing_and_left_right_keep_their_meaning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    // On the members list (no field), a paste is not typed anywhere.
    key(&mut a, KeyCode::Char('2'));
    let listed = a.screens.members_view().len();
    a.on_paste("xyz".to_string());
    assert!(
        a.screens.members_tab.search.query.is_empty() && a.screens.members_view().len() == listed
    );
    // The search box takes it, with its cursor.
    key(&mut a, KeyCode::Char('/'));
    a.on_paste("zz".to_string());
    key(&mut a, KeyCode::Home);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("▏zz"), "{s}");
    key(&mut a, KeyCode::Esc);
    // The reports screen: ← → still change the report.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('R'));
    let first = a.screens.reports.kind;
    key(&mut a, KeyCode::Right);
    assert_ne!(a.screens.reports.kind, first);
    key(&mut a, KeyCode::Left);
    assert_eq!(a.screens.reports.kind, first);
}

#[test]
fn the_help_inside_a_form_lists_the_field_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    // In a form `?` is typed; the help is opened as its screens do.
    a.open_help();
    let s = screen(&mut a, 100, 40);
    for k in [
        "Mover el cursor en el campo",
        "Al inicio del campo",
        "Borrar en el cursor",
    ] {
        assert!(s.contains(k), "help lacks {k}\n{s}");
    }
}
