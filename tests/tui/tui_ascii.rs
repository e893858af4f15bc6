//! Old consoles (`--ascii`, a raster font, a code page that is not UTF-8):
//! the same screens drawn with ASCII only, the marks said as `[ok]`, `[x]`,
//! `!` and `>`, the Spanish letters kept, and the layout unchanged.

use crate::tui_close::app as close_app;
use crate::tui_common::{key, keys, screen};
use ayni::i18n::Lang;
use crossterm::event::KeyCode;

/// Only what a raster font shows: ASCII and Latin-1 (the Spanish letters).
fn only_latin1(s: &str) -> bool {
    s.chars().all(|c| (c as u32) <= 0xFF)
}

/// The same screen drawn both ways, with every key pressed on both apps.
fn both(lang: Lang, press: impl Fn(&mut ayni::ui::App)) -> (String, String) {
    let dirs = [
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    ];
    let mut unicode = close_app(&dirs[0], lang);
    let mut ascii = close_app(&dirs[1], lang);
    ascii.ascii = true;
    press(&mut unicode);
    press(&mut ascii);
    (screen(&mut unicode, 80, 24), screen(&mut ascii, 80, 24))
}

/// Every row keeps its place: the panels' sides are at the same columns.
fn same_layout(unicode: &str, ascii: &str) {
    let sides = |l: &str, side: char| -> Vec<usize> {
        let mut at = 0;
        let mut found = Vec::new();
        for c in l.chars() {
            if c == side {
                found.push(at);
            }
            at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        found
    };
    assert_eq!(unicode.lines().count(), ascii.lines().count());
    for (u, a) in unicode.lines().zip(ascii.lines()) {
        if !u.contains('|') {
            // A side of a panel, or the cursor of a field.
            let mut upright = sides(u, '│');
            upright.extend(sides(u, '▏'));
            upright.sort_unstable();
            assert_eq!(upright, sides(a, '|'), "\n{u}\n{a}");
        }
    }
}

#[test]
fn the_dashboard_in_ascii_keeps_its_marks_and_its_letters() {
    let (unicode, ascii) = both(Lang::Es, |_| {});
    insta::assert_snapshot!("ascii_dashboard_unicode_es", unicode);
    insta::assert_snapshot!("ascii_dashboard_ascii_es", ascii);
    assert!(
        !only_latin1(&unicode),
        "the Unicode screen draws lines:\n{unicode}"
    );
    assert!(only_latin1(&ascii), "{ascii}");
    // The arrears mark of the dashboard, said without colour either way.
    assert!(unicode.contains('✓') || unicode.contains('⚠'), "{unicode}");
    assert!(ascii.contains("[ok]") || ascii.contains('!'), "{ascii}");
    // The Spanish letters stay.
    assert!(
        ascii.contains("ó") || ascii.contains("í") || ascii.contains("é"),
        "{ascii}"
    );
    same_layout(&unicode, &ascii);
}

#[test]
fn the_close_checks_in_ascii_say_ok_and_x_in_words() {
    let (unicode, ascii) = both(Lang::En, |a| {
        keys(a, "C");
    });
    insta::assert_snapshot!("ascii_close_checks_unicode_en", unicode);
    insta::assert_snapshot!("ascii_close_checks_ascii_en", ascii);
    assert!(unicode.contains("✓ "), "{unicode}");
    assert!(ascii.contains("[ok] "), "{ascii}");
    assert_eq!(
        unicode.matches('✓').count(),
        ascii.matches("[ok]").count(),
        "each mark has its word"
    );
    assert!(only_latin1(&ascii), "{ascii}");
    same_layout(&unicode, &ascii);
}

#[test]
fn an_error_in_ascii_is_marked_x_and_changes_nothing_else() {
    let (unicode, ascii) = both(Lang::Es, |a| {
        keys(a, "C");
        key(a, KeyCode::Enter);
        // Enter on the empty cash count: the field says what is missing.
        key(a, KeyCode::Enter);
    });
    insta::assert_snapshot!("ascii_close_bad_amount_unicode_es", unicode);
    insta::assert_snapshot!("ascii_close_bad_amount_ascii_es", ascii);
    assert!(unicode.contains("✗ "), "{unicode}");
    assert!(ascii.contains("[x] "), "{ascii}");
    assert!(!ascii.contains('✗'), "{ascii}");
    assert!(only_latin1(&ascii), "{ascii}");
    same_layout(&unicode, &ascii);
}
