//! The roomy layout for classroom projectors (`--layout roomy`, the `A` key,
//! remembered in the configuration) and the marks that make every screen
//! readable without colour: the selected row, the focused field, errors,
//! negative amounts and the active tab are told by symbols and words.

use crate::tui_common::*;

use ayni::books::Clock;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::App;
use ayni::ui::density::Density;
use ayni::ui::theme::Theme;
use chrono::NaiveDateTime;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier, Style};

/// A larger practice book (16 members, 12 months: loans in arrears).
fn big_app(dir: &tempfile::TempDir, lang: Lang, theme: Theme) -> App {
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 16,
            months: 12,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    App::new(Some(book), path, lang, theme)
}

fn roomy(mut a: App) -> App {
    a.density = Density::Roomy;
    a
}

/// Every style of a theme emptied: no colour, no attribute.
fn colourless() -> Theme {
    let mut t = Theme::builtin("oscuro").expect("theme");
    for s in [
        &mut t.base,
        &mut t.muted,
        &mut t.title,
        &mut t.border,
        &mut t.border_focus,
        &mut t.selected,
        &mut t.header,
        &mut t.amount_positive,
        &mut t.amount_negative,
        &mut t.debit,
        &mut t.credit,
        &mut t.overdue,
        &mut t.ok,
        &mut t.warning,
        &mut t.error,
        &mut t.info,
        &mut t.key_hint,
        &mut t.input,
        &mut t.input_invalid,
        &mut t.practice_banner,
        &mut t.tab_active,
        &mut t.tab_inactive,
    ] {
        *s = Style::default();
    }
    t.name = "sin-color".into();
    t
}

/// The screen as text, after checking that no cell carries a colour, or a
/// reversed or underlined attribute: what is seen is only the symbols.
fn plain_screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| ayni::ui::screens::render(app, f)).expect("draw");
    app.resize(w, h);
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, Color::Reset, "colour at {x},{y}");
            assert_eq!(c.bg, Color::Reset, "background at {x},{y}");
            assert!(
                !c.modifier
                    .intersects(Modifier::REVERSED | Modifier::UNDERLINED),
                "attribute at {x},{y}"
            );
            line.push_str(c.symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The lines of a screen that show the selection mark.
fn marked(s: &str) -> Vec<&str> {
    s.lines().filter(|l| l.contains("▸ ")).collect()
}

/// Rows of the members list on screen (lines holding a member's ID number).
fn member_rows(a: &App, s: &str) -> usize {
    s.lines()
        .filter(|l| {
            a.screens
                .members_view()
                .iter()
                .any(|m| l.contains(&m.id_number))
        })
        .count()
}

#[test]
fn roomy_lists_at_80x24_and_100x30() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = roomy(big_app(
        &dir,
        Lang::Es,
        Theme::builtin("proyector").expect("t"),
    ));
    key(&mut a, KeyCode::Char('2'));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("roomy_members_80x24_es", s);
    // A blank line between two rows: fewer rows than the compact list.
    let roomy_rows = member_rows(&a, &s);
    a.density = Density::Compact;
    let s = screen(&mut a, 80, 24);
    let compact_rows = member_rows(&a, &s);
    assert!(
        roomy_rows >= 5 && roomy_rows < compact_rows,
        "{roomy_rows} {compact_rows}"
    );
    a.density = Density::Roomy;

    key(&mut a, KeyCode::Char('3'));
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("roomy_journal_100x30_es", s);
    assert_eq!(marked(&s).len(), 1, "{s}");

    key(&mut a, KeyCode::Char('6'));
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("roomy_loans_100x30_es", s);
    assert!(s.contains("⚠ vencido"), "{s}");

    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("roomy_help_100x30_es", s);
    assert!(s.contains("Diseño amplio (proyector)"), "{s}");
    assert!(s.contains("--layout roomy"), "{s}");
}

#[test]
fn roomy_reports_cobro_and_dashboard_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = roomy(big_app(
        &dir,
        Lang::En,
        Theme::builtin("proyector").expect("t"),
    ));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("roomy_dashboard_80x24_en", s);
    // The active tab in brackets.
    assert!(s.contains("[1 Dashboard]"), "{s}");

    keys(&mut a, "R");
    // The trial balance.
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("roomy_trial_balance_80x24_en", s);
    // The report's line count follows the layout (scrolling stops at its end).
    let doc = a.screens.reports.doc.clone().expect("a report");
    for d in [Density::Compact, Density::Roomy] {
        a.density = d;
        let (lines, _) = ayni::ui::screens::reports::doc_lines(&a.view(), &doc, 76);
        assert_eq!(
            lines.len(),
            ayni::ui::screens::reports::line_count(&doc, d),
            "{d:?}"
        );
    }
    let compact = ayni::ui::screens::reports::line_count(&doc, Density::Compact);
    assert!(
        a.screens.reports.lines > compact,
        "{} {compact}",
        a.screens.reports.lines
    );

    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('5'));
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("roomy_cobro_100x30_en", s);
}

#[test]
fn roomy_scrolling_keeps_the_selected_row_on_screen_even_when_small() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = roomy(big_app(
        &dir,
        Lang::Es,
        Theme::builtin("oscuro").expect("t"),
    ));
    key(&mut a, KeyCode::Char('2'));
    let n = a.screens.members_view().len();
    for (w, h) in [(80, 24), (100, 30), (60, 12)] {
        for i in 0..n {
            a.screens.members_tab.sel = i;
            let s = screen(&mut a, w, h);
            let id = &a.screens.members_view()[i].id_number;
            let rows = marked(&s);
            assert_eq!(rows.len(), 1, "{w}x{h} row {i}\n{s}");
            assert!(rows[0].contains(id.as_str()), "{w}x{h} row {i}\n{s}");
        }
    }
    // A page is fewer rows when roomy.
    screen(&mut a, 80, 24);
    let roomy_page = a.page();
    a.density = Density::Compact;
    screen(&mut a, 80, 24);
    assert!(roomy_page < a.page(), "{roomy_page} {}", a.page());
    // Too small a window is refused in words, roomy or not.
    a.density = Density::Roomy;
    let s = screen(&mut a, 40, 10);
    assert!(s.contains("muy pequeña"), "{s}");
}

#[test]
fn the_layout_key_toggles_and_is_remembered_in_the_configuration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config");
    let mut a = app(&dir, Lang::Es);
    a.config_dir = Some(config.clone());
    assert_eq!(a.density, Density::Compact);
    keys(&mut a, "A");
    assert_eq!(a.density, Density::Roomy);
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(!is_error);
    assert!(msg.contains("Diseño amplio (guardado en"), "{msg}");
    let text = std::fs::read_to_string(config.join("config.toml")).expect("config");
    assert!(text.contains("layout = \"roomy\""), "{text}");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("✓ Diseño amplio"), "{s}");

    // In a form letters are typed: F4 changes the layout there.
    a.lang = Lang::En;
    keys(&mut a, "c");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Screen layout: roomy"), "{s}");
    key(&mut a, KeyCode::F(4));
    assert_eq!(a.density, Density::Compact);
    let (msg, _) = a.status.clone().expect("status");
    assert!(msg.starts_with("Layout: compact (saved in"), "{msg}");
    let text = std::fs::read_to_string(config.join("config.toml")).expect("config");
    assert!(text.contains("layout = \"compact\""), "{text}");
    assert!(!text.contains("roomy"), "{text}");

    // Without a configuration folder it still changes, and says so.
    let dir2 = tempfile::tempdir().expect("tempdir");
    let mut b = app(&dir2, Lang::En);
    keys(&mut b, "A");
    assert_eq!(b.density, Density::Roomy);
    assert_eq!(b.status.clone().expect("status").0, "Layout: roomy.");
}

#[test]
fn an_unwritable_configuration_is_an_error_in_words_and_the_layout_still_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A file where the configuration folder should be.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").expect("file");
    let mut a = app(&dir, Lang::Es);
    a.config_dir = Some(blocker.clone());
    keys(&mut a, "A");
    assert_eq!(a.density, Density::Roomy);
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(is_error);
    assert!(msg.contains("no se pudo guardar"), "{msg}");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("✗ Error: Diseño amplio"), "{s}");
    assert_eq!(std::fs::read_to_string(&blocker).expect("file"), "x");
}

#[test]
fn without_colour_the_marks_still_tell_selection_focus_errors_and_signs() {
    for density in [Density::Compact, Density::Roomy] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = big_app(&dir, Lang::Es, colourless());
        a.density = density;

        // The active tab and the selected row.
        key(&mut a, KeyCode::Char('2'));
        let s = plain_screen(&mut a, 80, 24);
        assert!(s.contains("[2 Socios]"), "{s}");
        assert!(!s.contains("[1 Panel]"), "{s}");
        let first = a.screens.members_view()[0].id_number.clone();
        let second = a.screens.members_view()[1].id_number.clone();
        assert!(marked(&s)[0].contains(&first), "{s}");
        key(&mut a, KeyCode::Down);
        let s = plain_screen(&mut a, 80, 24);
        assert_eq!(marked(&s).len(), 1, "{s}");
        assert!(marked(&s)[0].contains(&second), "{s}");

        // The same in the journal, the accounts and the loans.
        for tab in ['3', '4', '6'] {
            key(&mut a, KeyCode::Char(tab));
            let s = plain_screen(&mut a, 80, 24);
            assert_eq!(marked(&s).len(), 1, "{tab}\n{s}");
            key(&mut a, KeyCode::Esc);
        }

        // The focused field, and an error under it.
        key(&mut a, KeyCode::Char('2'));
        keys(&mut a, "a");
        let s = plain_screen(&mut a, 80, 24);
        assert!(s.contains("▸ Identificación"), "{s}");
        keys(&mut a, "1710034066");
        key(&mut a, KeyCode::Tab);
        let s = plain_screen(&mut a, 80, 24);
        assert!(s.contains("▸ Nombres"), "{s}");
        assert!(!s.contains("▸ Identificación"), "{s}");
        assert!(s.contains("✗ El dígito verificador no coincide"), "{s}");
        // Esc on the filled form asks; "s" throws it away.
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('s'));

        // An error in the status line.
        key(&mut a, KeyCode::Char('3'));
        keys(&mut a, "/");
        keys(&mut a, "zzzz-nadie");
        key(&mut a, KeyCode::Enter);
        let s = plain_screen(&mut a, 80, 24);
        assert!(
            s.contains("✗ Error: «zzzz-nadie» no es una cuenta ni un socio."),
            "{s}"
        );
        key(&mut a, KeyCode::Esc);

        // The cobro amount: the field marked, a bad amount explained.
        key(&mut a, KeyCode::Char('5'));
        let m = a
            .screens
            .members
            .iter()
            .find(|m| m.status.is_active())
            .cloned()
            .expect("a member");
        keys(&mut a, &m.id_number);
        key(&mut a, KeyCode::Enter);
        keys(&mut a, "1,005");
        key(&mut a, KeyCode::Enter);
        let s = plain_screen(&mut a, 100, 30);
        assert!(s.contains("▸ Valor recibido"), "{s}");
        assert!(s.contains("✗ «1,005» es ambiguo"), "{s}");
    }
}

#[test]
fn without_colour_a_negative_amount_has_its_sign_and_verdicts_their_words() {
    // December: November can be closed; a counted cash short of the book.
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, path) = practice(&dir);
    book.set_clock(Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-12-02 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    ));
    let month = ayni::domain::period::Month::new(2026, 11).expect("month");
    let cash = book.balance_of("1101", month).expect("cash");
    let mut a = App::new(Some(book), path, Lang::Es, colourless());
    a.density = Density::Roomy;
    keys(&mut a, "C");
    let s = plain_screen(&mut a, 80, 24);
    // The checks: a mark and words each.
    assert!(s.contains("✓ "), "{s}");
    assert!(s.contains("✓ Todo en orden."), "{s}");
    // Roomy at 80x24 cannot show every check: the rest are one line, and the
    // verdict stays on the screen.
    assert!(s.contains("verificaciones más, en orden"), "{s}");
    key(&mut a, KeyCode::Enter);
    let counted = cash - Money::from_cents(250);
    keys(&mut a, &counted.localized(Lang::En).replace(',', ""));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let s = plain_screen(&mut a, 80, 24);
    insta::assert_snapshot!("roomy_close_shortfall_without_colour_es", s);
    assert!(s.contains("-2,50"), "{s}");
    assert!(s.contains("(faltante)"), "{s}");
    assert!(s.contains("▸ Explicación de la diferencia"), "{s}");
    assert!(
        s.contains("✗ Una diferencia de caja necesita una explicación"),
        "{s}"
    );
    // The month is still open: nothing was posted.
    assert_eq!(
        a.book
            .as_ref()
            .and_then(|b| b.closed_through().ok().flatten()),
        Some(ayni::domain::period::Month::new(2026, 10).expect("m"))
    );
}
