//! The teaching panel: T-accounts and the accounting equation for the entry
//! on screen, checked against the books' own balances.

use crate::tui_common::*;

use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::teach::Teach;
use crossterm::event::KeyCode;

fn m(s: &str) -> Money {
    Money::parse(s).expect("amount")
}

#[test]
fn lesson_of_the_newest_entry_ends_at_the_books_balances() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _) = practice(&dir);
    let date = book.today();
    let e = book
        .post(
            EntryDraft::new(
                date,
                "Compra de útiles de oficina",
                "F-77",
                EntryKind::Manual,
                vec![
                    Posting::debit("4507", m("12.50")),
                    Posting::credit("1101", m("12.50")),
                ],
            )
            .expect("balanced"),
        )
        .expect("posted");
    let lesson = book.lesson_for_entry(&e).expect("lesson");
    let month = book.current_month().expect("month");
    assert_eq!(lesson.accounts.len(), 2);
    for t in &lesson.accounts {
        let now = book.balance_of(&t.account.code, month).expect("balance");
        assert_eq!(t.after(), now, "{}", t.account.code);
    }
    let cash = &lesson.accounts[1];
    assert_eq!(cash.account.code, "1101");
    assert_eq!(cash.before - cash.after(), m("12.50"));
    assert_eq!(cash.credits, vec![m("12.50")]);
    // The equation holds before and after; assets fall and expenses rise by the amount.
    assert!(lesson.before.holds() && lesson.after.holds());
    assert_eq!(lesson.before.assets - lesson.after.assets, m("12.50"));
    assert_eq!(lesson.after.expenses - lesson.before.expenses, m("12.50"));

    // A draft not yet posted: before is the books as they are now.
    let draft = [
        Posting::debit("1101", m("3.00")),
        Posting::credit("5490", m("3.00")),
    ];
    let l2 = book.lesson_for_postings(&draft).expect("lesson");
    assert_eq!(
        l2.accounts[0].before,
        book.balance_of("1101", month).expect("b")
    );
    assert_eq!(l2.after.income - l2.before.income, m("3.00"));
    assert!(l2.after.holds());
}

#[test]
fn an_older_entry_shows_the_balances_of_its_moment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, _) = practice(&dir);
    // The first entry of the book: every account starts at zero.
    let first = book.entry(1).expect("read").expect("entry 1");
    let lesson = book.lesson_for_entry(&first).expect("lesson");
    assert!(lesson.accounts.iter().all(|t| t.before.is_zero()));
    assert_eq!(lesson.before, ayni::training::teach::Equation::default());
    assert!(lesson.after.holds());
}

#[test]
fn teaching_panel_shows_t_accounts_on_the_entry_and_toggles_with_t() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path) = practice(&dir);
    let mut a = app_on(book, path, Lang::Es, "proyector");
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Enter);
    assert!(a.screens.teach.lesson.is_none());
    key(&mut a, KeyCode::Char('T'));
    assert!(a.screens.teach.on);
    let s = screen(&mut a, 100, 32);
    assert!(s.contains("Cuentas T"), "{s}");
    assert!(s.contains("Activo ="), "{s}");
    assert!(s.contains("Después"), "{s}");
    insta::assert_snapshot!("teach_entry_detail_with_t_accounts_100x32", s);
    key(&mut a, KeyCode::Char('T'));
    assert!(!a.screens.teach.on && a.screens.teach.lesson.is_none());
    assert!(!screen(&mut a, 100, 32).contains("Cuentas T"));
}

#[test]
fn teaching_panel_on_the_confirmation_of_a_manual_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path) = practice(&dir);
    let mut a = app_on(book, path, Lang::En, "proyector");
    a.set_teach(true);
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "Brooms");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "4507");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "7.25");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "1101");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "7.25");
    key(&mut a, KeyCode::F(2));
    let lesson = a
        .screens
        .teach
        .lesson
        .clone()
        .expect("a lesson for the draft");
    assert_eq!(lesson.after.expenses - lesson.before.expenses, m("7.25"));
    let s = screen(&mut a, 100, 32);
    assert!(s.contains("T-accounts"), "{s}");
    insta::assert_snapshot!("teach_manual_entry_confirmation_en", s);
}

#[test]
fn teaching_panel_on_the_cobro_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path) = practice(&dir);
    let mut a = app_on(book, path, Lang::Es, "proyector");
    a.set_teach(true);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "4");
    key(&mut a, KeyCode::Enter);
    let lesson = a
        .screens
        .teach
        .lesson
        .clone()
        .expect("a lesson for the payment");
    let cash = lesson
        .accounts
        .iter()
        .find(|t| t.account.code == "1101")
        .expect("cash is debited");
    assert_eq!(cash.after() - cash.before, m("4"));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Enter registra el pago"), "{s}");
    assert!(s.contains("1101 Caja"), "{s}");
    insta::assert_snapshot!("teach_cobro_preview_80x24", s);
}

#[test]
fn glossary_is_reachable_from_help_and_scrolls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path) = practice(&dir);
    let mut a = app_on(book, path, Lang::Es, "proyector");
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Glosario contable"),
        "the help lists the glossary key\n{s}"
    );
    key(&mut a, KeyCode::Char('g'));
    assert!(!a.help_open() && a.glossary_top() == Some(0));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Partida doble"), "{s}");
    insta::assert_snapshot!("glossary_es_80x24", s);
    for _ in 0..30 {
        key(&mut a, KeyCode::Down);
    }
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("Partida doble"), "scrolled\n{s}");
    key(&mut a, KeyCode::Esc);
    assert!(a.glossary_top().is_none());
    // In English too.
    a.lang = Lang::En;
    key(&mut a, KeyCode::Char('g'));
    assert!(screen(&mut a, 80, 24).contains("Double entry"));
}
