//! Shared harness for the interface tests: a practice book at a fixed clock,
//! the app on it, keys, and the screen rendered by ratatui's TestBackend as text.
#![allow(dead_code)]

use std::path::PathBuf;

use ayni::books::{Book, Clock};
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::App;
use ayni::ui::theme::Theme;
use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The practice books' clock: 20 November 2026, 10:00.
pub fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

/// A small practice book (12 members, 3 months) in `dir`.
pub fn practice(dir: &tempfile::TempDir) -> (Book, PathBuf) {
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    (book, path)
}

/// The app on a book, with a built-in theme.
pub fn app_on(book: Book, path: PathBuf, lang: Lang, theme: &str) -> App {
    App::new(
        Some(book),
        path,
        lang,
        Theme::builtin(theme).expect("theme"),
    )
}

/// The app on a fresh practice book, in the default theme.
pub fn app(dir: &tempfile::TempDir, lang: Lang) -> App {
    let (book, path) = practice(dir);
    app_on(book, path, lang, "oscuro")
}

/// The screen as text, one line per row.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| ayni::ui::screens::render(app, f)).expect("draw");
    app.resize(w, h);
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

/// Presses one key; returns 1 (for counting keystrokes).
pub fn key(app: &mut App, code: KeyCode) -> usize {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    1
}

/// Types a text; returns how many keys.
pub fn keys(app: &mut App, text: &str) -> usize {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    text.chars().count()
}
