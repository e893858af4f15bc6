//! The interactive program, rendered with ratatui's TestBackend and driven by
//! keys: screens compared as text snapshots named by behaviour.

use crate::tui_common::*;

use ayni::i18n::Lang;
use ayni::ui::App;
use ayni::ui::theme::Theme;
use crossterm::event::KeyCode;

#[test]
fn welcome_first_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = App::new(
        None,
        dir.path().join("libro.ayni"),
        Lang::Es,
        Theme::default(),
    );
    let s = screen(&mut a, 80, 24).replace(&dir.path().display().to_string(), "<dir>");
    assert!(s.contains("Crear el libro de mi asociación") && s.contains("libro de práctica"));
    insta::assert_snapshot!("welcome_first_run_es", s);
    key(&mut a, KeyCode::Char('1'));
    keys(&mut a, "Caja Solidaria San Pablo");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "179001167400");
    let s = screen(&mut a, 80, 24).replace(&dir.path().display().to_string(), "<dir>");
    assert!(s.contains("El RUC debe tener 13 dígitos"), "{s}");
    keys(&mut a, "1");
    key(&mut a, KeyCode::F(2));
    assert!(a.book.is_some(), "the book was created");
    assert!(dir.path().join("libro.ayni").exists());
}

#[test]
fn dashboard_80x24_es_and_en() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("LIBRO DE PRÁCTICA") && s.contains("noviembre 2026") && s.contains("Caja"));
    insta::assert_snapshot!("dashboard_80x24_es", s);
    a.lang = Lang::En;
    insta::assert_snapshot!("dashboard_80x24_en", screen(&mut a, 80, 24));
}

#[test]
fn members_search_filters_list_and_opens_the_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('2'));
    let all = screen(&mut a, 80, 24);
    key(&mut a, KeyCode::Char('/'));
    let first = a.screens.members_view()[3]
        .last_names
        .split(' ')
        .next()
        .unwrap_or("")
        .to_string();
    keys(&mut a, &first.to_lowercase());
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(
        a.screens.members_view().len() < a.screens.members.len()
            && !a.screens.members_view().is_empty()
    );
    assert_ne!(all, s);
    insta::assert_snapshot!("members_search_filters_list", s);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Saldos en el auxiliar de socios"));
    insta::assert_snapshot!("member_card_shows_the_members_accounts", s);
}

#[test]
fn member_form_validates_as_you_type_and_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, "1710034066");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("dígito verificador"), "{s}");
    insta::assert_snapshot!("member_form_flags_a_bad_cedula", s);
    key(&mut a, KeyCode::Backspace);
    keys(&mut a, "5");
    for (text, _) in [("Rosa Elena", 0), ("Quilumbaquín", 0), ("F", 0)] {
        key(&mut a, KeyCode::Tab);
        keys(&mut a, text);
    }
    let before = a.screens.members.len();
    key(&mut a, KeyCode::F(2));
    assert_eq!(a.screens.members.len(), before + 1, "{:?}", a.status);
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.0.contains("Quilumbaquín Rosa Elena"))
    );
}

#[test]
fn journal_shows_debit_and_credit_columns_and_filters_by_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('3'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Debit") && s.contains("Credit") && s.contains("November 2026"));
    insta::assert_snapshot!("journal_november_en", s);
    key(&mut a, KeyCode::Char('['));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("October 2026"));
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Hash"));
    insta::assert_snapshot!("entry_detail_en", s);
}

#[test]
fn entry_form_shows_the_entry_before_posting_and_refuses_unbalanced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('n'));
    keys(&mut a, "Compra de escobas");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "F-001");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "4507");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "12,50");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "1101");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "12");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("no cuadra"), "{s}");
    insta::assert_snapshot!("entry_form_refuses_unbalanced", s);
    keys(&mut a, ",50");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Enter confirma"), "{s}");
    insta::assert_snapshot!("entry_form_confirmation_shows_the_entry", s);
    let before = a
        .book
        .as_ref()
        .map(|b| b.entry_count(None).unwrap_or(0))
        .unwrap_or(0);
    key(&mut a, KeyCode::Enter);
    let after = a
        .book
        .as_ref()
        .map(|b| b.entry_count(None).unwrap_or(0))
        .unwrap_or(0);
    assert_eq!(after, before + 1);
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.0.contains("registrado"))
    );
}

#[test]
fn reversal_from_the_journal_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('3'));
    let before = a
        .book
        .as_ref()
        .map(|b| b.entry_count(None).unwrap_or(0))
        .unwrap_or(0);
    key(&mut a, KeyCode::Char('r'));
    assert!(screen(&mut a, 80, 24).contains("¿Reversar este asiento"));
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(
        a.book
            .as_ref()
            .map(|b| b.entry_count(None).unwrap_or(0))
            .unwrap_or(0),
        before
    );
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('s'));
    let after = a
        .book
        .as_ref()
        .map(|b| b.entry_count(None).unwrap_or(0))
        .unwrap_or(0);
    // The newest entry may be a loan or dues entry the books refuse to reverse
    // out of order; either it posted, or the message says why.
    assert!(
        after == before + 1 || a.status.as_ref().is_some_and(|s| s.1),
        "{:?}",
        a.status
    );
}

#[test]
fn chart_of_accounts_and_help_overlay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('4'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("1101") && s.contains("Caja"));
    insta::assert_snapshot!("chart_of_accounts_80x24", s);
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 80, 24);
    for k in ["Mes anterior", "Buscar cuenta", "Salir"] {
        assert!(s.contains(k), "help lacks {k}");
    }
    insta::assert_snapshot!("help_overlay_lists_the_keymap", s);
}

#[test]
fn tiny_terminal_says_so_and_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    for (w, h) in [(20, 5), (1, 1), (59, 30), (200, 60)] {
        let s = screen(&mut a, w, h);
        if w < 60 {
            assert!(s.contains("pequeña") || w * h < 40, "{s}");
        }
    }
    for c in ['2', '3', '4', 'n'] {
        key(&mut a, KeyCode::Char(c));
        let _ = screen(&mut a, 20, 5);
        key(&mut a, KeyCode::Esc);
    }
}

#[test]
fn settings_form_validates_and_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('c'));
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "9");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Configuración de la asociación") && s.contains("RUC"),
        "{s}"
    );
    assert!(
        s.contains("13 dígitos"),
        "a RUC with 14 digits is flagged: {s}"
    );
    key(&mut a, KeyCode::Backspace);
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    for _ in 0..40 {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "Rosa Elena Quilumbaquín");
    insta::assert_snapshot!("settings_form_es", screen(&mut a, 80, 24));
    key(&mut a, KeyCode::F(2));
    let treasurer = a
        .book
        .as_ref()
        .and_then(|b| b.settings().ok())
        .map(|s| s.treasurer)
        .unwrap_or_default();
    assert_eq!(treasurer, "Rosa Elena Quilumbaquín");
}

#[test]
fn esc_backs_out_to_the_dashboard_and_never_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('3'));
    assert!(screen(&mut a, 80, 24).contains("Diario"));
    key(&mut a, KeyCode::Esc);
    assert_eq!(
        a.tab,
        ayni::ui::Tab::Dashboard,
        "Esc on a tab goes to the dashboard"
    );
    for _ in 0..3 {
        key(&mut a, KeyCode::Esc);
    }
    assert!(!a.quit, "Esc on the dashboard must not close the program");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Para salir de ayni pulse q"), "{s}");
    a.lang = Lang::En;
    key(&mut a, KeyCode::Esc);
    assert!(screen(&mut a, 80, 24).contains("To quit ayni press q"));
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit, "q quits");
}
