//! The libro mayor from the chart of accounts: Enter on an account opens its
//! ledger (a group's shows its sub-accounts), the month changes with `[`
//! `]`, `t` shows every month, the ledger scrolls, exports beside the book,
//! opens the journal, and Esc goes back to the chart.

use ayni::books::Book;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::report::ledger::LedgerReport;
use ayni::report::render::{Format, Report, render_doc};
use ayni::ui::App;
use ayni::ui::app::{Screen, Tab};
use crossterm::event::KeyCode;

use crate::tui_common::{app, app_on, key, keys, practice, screen};

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn november() -> Month {
    Month::new(2026, 11).expect("month")
}

/// The chart of accounts, searched for `code`, and Enter on it.
fn open_ledger(a: &mut App, code: &str) {
    key(a, KeyCode::Char('4'));
    key(a, KeyCode::Char('/'));
    keys(a, code);
    key(a, KeyCode::Enter);
    key(a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::Ledger);
}

/// The closing balance as the view shows it: the amount and its side.
fn closing_text(a: &App, code: &str, month: Month, lang: Lang) -> String {
    let b = book(a).balance_of(code, month).expect("balance");
    ayni::report::render::balance_text(b, lang)
}

#[test]
fn enter_on_an_account_opens_its_ledger_for_the_month_and_every_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    open_ledger(&mut a, "1101");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("ledger_cash_month_80x24_es", s);
    assert!(s.contains("Libro mayor — 1101 Caja"), "{s}");
    assert!(s.contains("Saldo anterior"), "{s}");
    assert!(!s.contains(" -"), "no negative figure on the ledger: {s}");
    // The month is longer than the window: PgDn reaches its closing balance.
    let closing = closing_text(&a, "1101", november(), Lang::Es);
    key(&mut a, KeyCode::PageDown);
    let s = screen(&mut a, 80, 24);
    let line = s
        .lines()
        .find(|l| l.contains("Saldo final"))
        .expect("closing line");
    assert!(line.contains(&closing), "{line} / {closing}");
    key(&mut a, KeyCode::PageUp);

    // [ : October, opening at September's end.
    key(&mut a, KeyCode::Char('['));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("octubre 2026"), "{s}");
    let october = november().prev();
    let opening = closing_text(&a, "1101", october.prev(), Lang::Es);
    let line = s
        .lines()
        .find(|l| l.contains("Saldo anterior"))
        .expect("opening line");
    assert!(line.contains(&opening), "{line} / {opening}");
    // ] back, and ] once more: no month after the current one.
    key(&mut a, KeyCode::Char(']'));
    key(&mut a, KeyCode::Char(']'));
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(is_error && msg.contains("posteriores"), "{msg}");

    // t: every month from the book's first, scrolled to its end.
    key(&mut a, KeyCode::Char('t'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Meses: "), "{s}");
    let view = a.screens.accounts.ledger.as_ref().expect("the view");
    assert_eq!(view.from, book(&a).first_month().expect("first"));
    assert!(!s.contains("Saldo final"), "a long ledger scrolls: {s}");
    for _ in 0..20 {
        key(&mut a, KeyCode::PageDown);
    }
    let s = screen(&mut a, 80, 24);
    let line = s
        .lines()
        .find(|l| l.contains("Saldo final"))
        .expect("closing line at the end");
    assert!(line.contains(&closing), "{line}");
    insta::assert_snapshot!("ledger_cash_every_month_end_80x24_es", s);

    // Esc: back to the chart of accounts.
    key(&mut a, KeyCode::Esc);
    assert_eq!((a.screen.clone(), a.tab), (Screen::Main, Tab::Accounts));
}

#[test]
fn a_groups_ledger_names_its_sub_accounts_roomy_at_100x30() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (b, path) = practice(&dir);
    let mut a = app_on(b, path, Lang::En, "proyector");
    a.density = ayni::ui::density::Density::Roomy;
    open_ledger(&mut a, "14");
    // No loan moved in November: the balance brought forward and a note.
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("No movements in the period."), "{s}");
    // t: every month, the disbursements and the provision among them.
    key(&mut a, KeyCode::Char('t'));
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("ledger_group_roomy_100x30_en", s);
    assert!(s.contains("General ledger — 14 "), "{s}");
    assert!(s.contains("1404"), "each line names its sub-account: {s}");
    assert!(s.contains("1499"), "{s}");
    let closing = closing_text(&a, "14", november(), Lang::En);
    for _ in 0..5 {
        key(&mut a, KeyCode::PageDown);
    }
    let s = screen(&mut a, 100, 30);
    assert!(
        s.lines()
            .any(|l| l.contains("Closing balance") && l.contains(&closing)),
        "{s}"
    );
    // The journal lists one account's entries, not a group's.
    key(&mut a, KeyCode::Char('d'));
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(is_error && msg.contains("groups others"), "{msg}");
    assert_eq!(a.screen, Screen::Ledger);
    // The language changes the ledger's words.
    key(&mut a, KeyCode::Char('L'));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("Libro mayor — 14 "), "{s}");
}

#[test]
fn the_ledger_exports_beside_the_book_and_opens_the_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    open_ledger(&mut a, "1101");
    keys(&mut a, "x");
    assert_eq!(a.context(), ayni::ui::keymap::Context::ExportFormat);
    keys(&mut a, "c");
    let path = dir.path().join("libro-mayor-1101-2026-11.csv");
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(!is_error, "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    let csv = std::fs::read_to_string(&path).expect("csv written");
    let report =
        LedgerReport::of(book(&a), "1101", november(), november(), Lang::Es).expect("ledger");
    let expected = render_doc(&report.to_doc(Lang::Es), Format::Csv, Lang::Es).expect("csv");
    assert_eq!(csv.as_bytes(), expected.as_slice());
    assert!(csv.contains(&report.ledger.closing.plain()), "{csv}");

    // d: the account's entries in the journal, on the ledger's month.
    key(&mut a, KeyCode::Char('d'));
    assert_eq!((a.screen.clone(), a.tab), (Screen::Main, Tab::Journal));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("1101"), "{s}");
}
