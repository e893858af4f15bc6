//! The month-close wizard, the reports screen and the dashboard's charts,
//! driven by keys on a practice book at a fixed clock.

use ayni::books::practice::{DemoOptions, create_demo_with_clock};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::tui::App;
use ayni::ui::theme::Theme;
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default())
}

/// A practice book made on 20 November 2026 (September and October closed),
/// opened on 2 December: November is the month to close.
fn app(dir: &tempfile::TempDir, lang: Lang) -> App {
    let path = dir.path().join("practica.ayni");
    let (mut book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        at("2026-11-20 10:00:00"),
    )
    .expect("demo");
    book.set_clock(at("2026-12-02 10:00:00"));
    App::new(
        Some(book),
        path,
        lang,
        Theme::builtin("oscuro").expect("theme"),
    )
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| ayni::tui::views::render(app, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn november() -> Month {
    Month::new(2026, 11).expect("month")
}

fn cash_in_november(a: &App) -> Money {
    book(a).balance_of("1101", november()).expect("cash")
}

/// The trial balance as JSON: the whole state of the accounts.
fn trial_json(a: &App) -> String {
    let tb = book(a).trial_balance(november()).expect("tb");
    ayni::report::trial_balance::to_json(&tb, Lang::En)
}

#[test]
fn the_wizard_closes_the_month_by_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    assert_eq!(
        book(&a).closed_through().expect("closed"),
        Some(Month::new(2026, 10).expect("month"))
    );
    let cash = cash_in_november(&a);
    let interest = book(&a)
        .savings_interest_preview(november())
        .expect("interest")
        .iter()
        .map(|(_, _, i)| *i)
        .sum::<Money>();

    keys(&mut a, "C");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_checks_es", s);
    assert!(s.contains("Cierre de mes: noviembre 2026"), "{s}");

    key(&mut a, KeyCode::Enter);
    keys(&mut a, &cash.localized(Lang::Es));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("El arqueo coincide con el libro"), "{s}");

    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_preview_es", s);
    // The preview's interest is the books' own computation.
    assert!(
        s.contains(&interest.localized(Lang::Es)),
        "{} not in {s}",
        interest.localized(Lang::Es)
    );
    // Nothing posted yet.
    assert_eq!(
        book(&a).closed_through().expect("c").map(|m| m.key()),
        Some(Month::new(2026, 10).expect("m").key())
    );

    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("¿Cerrar noviembre 2026?"), "{s}");
    keys(&mut a, "s");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_done_es", s);

    let b = book(&a);
    assert_eq!(b.closed_through().expect("closed"), Some(november()));
    let summary = a.close.summary.as_ref().expect("summary");
    let backup = summary.backup.as_ref().expect("a backup was taken");
    assert!(backup.exists(), "{}", backup.display());
    // A posting in the closed month is refused.
    let late = a.book.as_mut().expect("book").post(
        EntryDraft::new(
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
            "Tarde",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", Money::from_cents(100)),
                Posting::credit("1101", Money::from_cents(100)),
            ],
        )
        .expect("draft"),
    );
    assert!(matches!(late, Err(BookError::ClosedMonth(_))), "{late:?}");
    assert!(book(&a).check().expect("check").ok());

    // Enter goes back to the dashboard, which shows the month closed.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Cerrado hasta          noviembre 2026"), "{s}");
}

#[test]
fn a_cash_difference_needs_an_explanation_and_nothing_changes_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let before = trial_json(&a);
    let entries = book(&a).entry_count(None).expect("count");
    let cash = cash_in_november(&a);
    let counted = cash - Money::from_cents(250);

    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &counted.localized(Lang::En).replace(',', ""));
    // Enter moves to the explanation; Enter again with none is refused.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_difference_refused_en", s);
    assert!(
        s.contains("A cash difference needs an explanation before closing."),
        "{s}"
    );
    assert!(s.contains("-2.50"), "{s}");
    // Nothing changed: no entry, no close, the same balances.
    assert_eq!(book(&a).entry_count(None).expect("count"), entries);
    assert_eq!(trial_json(&a), before);
    assert_eq!(
        book(&a).closed_through().expect("closed"),
        Some(Month::new(2026, 10).expect("month"))
    );
    // Leaving the wizard changes nothing either.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    assert_eq!(book(&a).entry_count(None).expect("count"), entries);

    // Explained, the shortfall is posted with the close.
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &counted.localized(Lang::En).replace(',', ""));
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "Coins missing after the meeting");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Cash adjustment: shortfall"), "{s}");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "y");
    let summary = a.close.summary.clone().expect("closed");
    let adj = book(&a)
        .entry(summary.adjustment_entry.expect("adjustment"))
        .expect("read")
        .expect("entry");
    assert_eq!(adj.description, "Coins missing after the meeting");
    assert_eq!(adj.total(), Money::from_cents(250));
    assert_eq!(cash_in_november(&a), counted);
    assert_eq!(book(&a).closed_through().expect("closed"), Some(november()));
}

#[test]
fn the_wizard_refuses_a_month_that_has_not_ended() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        at("2026-11-20 10:00:00"),
    )
    .expect("demo");
    let mut a = App::new(
        Some(book),
        path,
        Lang::En,
        Theme::builtin("oscuro").expect("theme"),
    );
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_refused_month_not_ended_en", s);
    assert!(s.contains("Cannot close"), "{s}");
    assert_eq!(a.close.step, ayni::tui::close::Step::Checks);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, ayni::tui::app::Screen::Main);
    assert_eq!(
        a.book.as_ref().expect("book").closed_through().expect("c"),
        Some(Month::new(2026, 10).expect("month"))
    );
}

#[test]
fn a_bad_amount_is_refused_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "12,345");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert_eq!(a.close.step, ayni::tui::close::Step::Cash);
    assert!(a.close.counted.error.is_some(), "{s}");
    // Letters are refused as they are typed.
    keys(&mut a, "x");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Escriba solo el valor"), "{s}");
}
