//! Forms that forgive: Esc on a changed form asks before throwing it away,
//! the entry form scrolls when its lines do not fit, and its account picker
//! finds accounts by code or by name (accents and case ignored) and reaches
//! every match.

use crate::tui_common::*;

use ayni::i18n::Lang;
use ayni::ui::App;
use ayni::ui::app::Screen;
use ayni::ui::screens::money::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn backtab(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
}

/// What the entry form's line `line` has in its account field.
fn account_of(a: &App, line: usize) -> String {
    a.screens
        .entry_form
        .as_ref()
        .and_then(|f| f.account_typed(line))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn esc_on_a_filled_entry_form_asks_and_no_keeps_everything_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "Compra de escobas");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "F-001");
    key(&mut a, KeyCode::Esc);
    assert_eq!(
        a.screen,
        Screen::EntryForm,
        "Esc on a filled form only asks"
    );
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("¿Descartar lo escrito?"), "{s}");
    insta::assert_snapshot!("entry_form_esc_on_a_filled_form_asks", s);

    // "n" (or Enter, pressed out of habit) is a no: back to the form, nothing lost.
    for (i, no) in [KeyCode::Char('n'), KeyCode::Enter].into_iter().enumerate() {
        if i > 0 {
            key(&mut a, KeyCode::Esc);
        }
        key(&mut a, no);
        assert_eq!(a.screen, Screen::EntryForm);
        let s = screen(&mut a, 80, 24);
        assert!(!s.contains("¿Descartar lo escrito?"), "{s}");
        assert!(
            s.contains("Compra de escobas") && s.contains("F-001"),
            "{s}"
        );
    }
    // Typing goes on where it was: the reference field still has the keys.
    keys(&mut a, "2");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("F-0012"), "{s}");

    // "s" discards: the main screen, and a new form is empty again.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.screen, Screen::Main);
    assert!(a.screens.entry_form.is_none());
    key(&mut a, KeyCode::Char('n'));
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("Compra de escobas"), "{s}");
}

#[test]
fn esc_on_an_untouched_entry_form_leaves_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    // Moving around changes nothing.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Main, "an untouched form leaves at once");
    assert!(!a.confirm_discard);
    // Typed and then taken back is as it opened.
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "ab");
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Main);
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("¿Descartar lo escrito?"), "{s}");
}

#[test]
fn esc_on_a_filled_money_form_asks_in_both_languages() {
    for (lang, question, yes) in [
        (Lang::Es, "¿Descartar lo escrito?", 's'),
        (Lang::En, "Discard what was typed?", 'y'),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('7'));
        assert_eq!(a.screens.money.view, View::Fund);
        // Untouched: Esc goes back to the fund at once.
        key(&mut a, KeyCode::Char('g'));
        assert_eq!(a.screens.money.view, View::Form);
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screens.money.view, View::Fund);
        assert!(!a.confirm_discard);

        key(&mut a, KeyCode::Char('g'));
        key(&mut a, KeyCode::Tab);
        keys(&mut a, "15");
        key(&mut a, KeyCode::Esc);
        let s = screen(&mut a, 80, 24);
        assert!(s.contains(question), "{s}");
        if lang == Lang::En {
            insta::assert_snapshot!("money_form_esc_on_a_filled_grant_asks_en", s);
        }
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(a.screens.money.view, View::Form, "a no keeps the form");
        let form = a.screens.money.form.as_ref().expect("the grant form");
        assert!(
            form.fields.iter().any(|(_, i)| i.value.as_str() == "15"),
            "what was typed is kept"
        );
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char(yes));
        assert_eq!(a.screens.money.view, View::Fund, "a yes discards");
        assert!(a.screens.money.form.is_none());
    }
}

#[test]
fn the_entry_form_scrolls_at_80x24_and_marks_the_lines_above_and_below() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "Gastos del mes");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    // Fourteen lines: more than the form has rows for at 80x24. Each of
    // the first thirteen pays an expense (account, debit, on to the next).
    let expenses = ["4501", "4502", "4503", "4504", "4505", "4506", "4507"];
    for i in 0..13 {
        if i >= 2 {
            ctrl(&mut a, 'n');
        }
        keys(&mut a, expenses[i % expenses.len()]);
        key(&mut a, KeyCode::Tab);
        keys(&mut a, &format!("{}", i + 1));
        for _ in 0..3 {
            key(&mut a, KeyCode::Tab);
        }
    }
    ctrl(&mut a, 'n');
    // The focus is on the last line's account, its picker open under it.
    keys(&mut a, "11");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("más ↑"), "the lines above are marked: {s}");
    assert!(
        s.contains("Escriba código o nombre"),
        "the picker shows: {s}"
    );
    assert!(s.contains("│11▏"), "the focused line shows: {s}");
    assert!(
        !s.contains("Gastos del mes"),
        "the top has scrolled away: {s}"
    );
    insta::assert_snapshot!("entry_form_scrolled_to_its_last_line", s);

    // Back up to the description: the top shows, and the rest is marked below.
    for _ in 0..(3 + 13 * 4 - 1) {
        backtab(&mut a);
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Gastos del mes"), "{s}");
    assert!(s.contains("más ↓"), "the lines below are marked: {s}");
    assert!(!s.contains("más ↑"), "{s}");
    insta::assert_snapshot!("entry_form_scrolled_to_its_top", s);
    // Every row of the screen is drawn: nothing runs past the footer.
    assert_eq!(s.lines().count(), 24);
}

#[test]
fn the_account_picker_reaches_4507_by_typing_45() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "45");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("4501") && s.contains("más ↓"), "{s}");
    assert!(!s.contains("4507"), "six at a time: {s}");
    for _ in 0..6 {
        key(&mut a, KeyCode::Down);
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("▸ 4507 Otros gastos"), "{s}");
    assert!(s.contains("más ↑"), "{s}");
    insta::assert_snapshot!("account_picker_scrolled_to_4507", s);
    // PgUp and PgDn move a picker's page.
    key(&mut a, KeyCode::PageUp);
    assert!(screen(&mut a, 80, 24).contains("▸ 4501"));
    key(&mut a, KeyCode::PageDown);
    assert!(screen(&mut a, 80, 24).contains("▸ 4507"));
    key(&mut a, KeyCode::Tab);
    assert_eq!(
        account_of(&a, 0),
        "4507",
        "the chosen account is the line's"
    );
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Otros gastos"), "{s}");
}

#[test]
fn the_account_picker_finds_an_account_by_its_name_without_accents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, path) = practice(&dir);
    book.add_sub_account("4502", "450201", "Útiles de oficina")
        .expect("a sub-account");
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('n'));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "utiles");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("▸ 450201 Útiles de oficina"), "{s}");
    insta::assert_snapshot!("account_picker_finds_utiles_by_name", s);
    key(&mut a, KeyCode::Tab);
    assert_eq!(account_of(&a, 0), "450201");
    // In capitals, with the accent, too.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "ÚTILES");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("▸ 450201 Útiles de oficina"), "{s}");
    key(&mut a, KeyCode::Tab);
    assert_eq!(account_of(&a, 1), "450201");
}

#[test]
fn esc_asks_on_the_member_settings_setup_and_card_forms_only_once_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let asks = |a: &mut App| {
        let s = screen(a, 80, 24);
        a.confirm_discard && s.contains("¿Descartar lo escrito?")
    };

    // The member form.
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('a'));
    assert_eq!(a.screen, Screen::MemberForm);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Main, "untouched: leaves at once");
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "17");
    key(&mut a, KeyCode::Esc);
    assert!(asks(&mut a));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.screen, Screen::MemberForm);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.screen, Screen::Main);

    // The association's settings.
    key(&mut a, KeyCode::Char('c'));
    assert_eq!(a.screen, Screen::Settings);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Main, "untouched: leaves at once");
    key(&mut a, KeyCode::Char('c'));
    keys(&mut a, " nueva");
    key(&mut a, KeyCode::Esc);
    assert!(asks(&mut a));
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.screen, Screen::Main);
    let name = a
        .book
        .as_ref()
        .and_then(|b| b.settings().ok())
        .map(|s| s.name)
        .unwrap_or_default();
    assert!(!name.ends_with("nueva"), "nothing saved: {name}");

    // A form of Configuración: a bank account.
    key(&mut a, KeyCode::Char('8'));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    assert!(a.screens.setup.form.is_some());
    key(&mut a, KeyCode::Esc);
    assert!(a.screens.setup.form.is_none(), "untouched: leaves at once");
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "Banco del Barrio");
    key(&mut a, KeyCode::Esc);
    assert!(asks(&mut a));
    key(&mut a, KeyCode::Char('x'));
    assert!(a.screens.setup.form.is_some(), "any other key is a no");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('S'));
    assert!(a.screens.setup.form.is_none());
    assert_eq!(a.screen, Screen::Setup);
    key(&mut a, KeyCode::Esc);

    // A retirement from the member card.
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::MemberCard);
    key(&mut a, KeyCode::Char('r'));
    assert_eq!(a.screen, Screen::MemberAction);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::MemberCard, "untouched: leaves at once");
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Se muda de ciudad");
    key(&mut a, KeyCode::Esc);
    assert!(asks(&mut a));
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.screen, Screen::MemberCard);
}
