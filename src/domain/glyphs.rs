//! Drawing for old consoles: ASCII in place of the marks, lines and arrows a
//! raster font cannot show.
//!
//! The console of Windows 7 and 8 with its raster font (and a terminal whose
//! locale is not UTF-8) shows the letters of Spanish (á, ñ, ¿) but not `▸ ✓ ✗
//! ⚠ █ ▁` or box drawing: those come out as boxes or question marks. With
//! ASCII on, the marks are written in words of ASCII (`[ok]`, `[x]`, `!`,
//! `>`), and every other such character by one ASCII character of the same
//! width, so a screen keeps its layout and nothing is lost in meaning.
//! Latin-1 (U+0000 to U+00FF: the Spanish letters, `¿ ¡ º ª · « »`) is kept.

use std::borrow::Cow;

/// A mark whose meaning matters: said in ASCII with more than one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Done, right, balanced: `✓`, `[ok]`.
    Ok,
    /// Wrong, failed: `✗`, `[x]`.
    Bad,
    /// Needs attention: `⚠`, `!`.
    Warn,
    /// The selected row: `▸`, `>`.
    Selected,
    /// Does not hold (a T-account's sides): `≠`, `!=`.
    NotEqual,
}

impl Mark {
    /// The mark as drawn: Unicode, or ASCII when `ascii`.
    pub fn text(self, ascii: bool) -> &'static str {
        match (self, ascii) {
            (Mark::Ok, false) => "✓",
            (Mark::Ok, true) => "[ok]",
            (Mark::Bad, false) => "✗",
            (Mark::Bad, true) => "[x]",
            (Mark::Warn, false) => "⚠",
            (Mark::Warn, true) => "!",
            (Mark::Selected, false) => "▸",
            (Mark::Selected, true) => ">",
            (Mark::NotEqual, false) => "≠",
            (Mark::NotEqual, true) => "!=",
        }
    }
}

/// The one ASCII character drawn in place of `c`, of the same width; `None`
/// when `c` is kept (ASCII and Latin-1).
pub fn fallback(c: char) -> Option<char> {
    if (c as u32) <= 0xFF {
        return None;
    }
    Some(match c {
        // Lines.
        '─' | '━' | '═' | '╌' | '╍' | '┄' | '┅' | '┈' | '┉' | '╴' | '╶' | '╸' | '╺' | '╼' | '╾' => {
            '-'
        }
        '│' | '┃' | '║' | '╎' | '╏' | '┆' | '┇' | '┊' | '┋' | '╵' | '╷' | '╹' | '╻' | '▏' | '▎'
        | '▍' | '▕' => '|',
        // Corners, tees and crossings, rounded or not, single or double.
        '\u{250C}'..='\u{254B}' | '\u{2552}'..='\u{256C}' | '╭' | '╮' | '╯' | '╰' => '+',
        '╱' => '/',
        '╲' => '\\',
        '╳' => 'X',
        // Arrows and pointers.
        '▸' | '►' | '▶' | '▹' | '▻' | '›' | '→' | '⇒' | '⟶' | '➜' => '>',
        '◂' | '◄' | '◀' | '◃' | '◅' | '‹' | '←' | '⇐' | '⟵' => '<',
        '↑' | '▲' | '▴' | '⇑' => '^',
        '↓' | '▼' | '▾' | '⇓' => 'v',
        '↔' | '⇔' => '-',
        // Blocks, bars and the levels of a bar chart.
        '█' | '▓' | '▒' | '░' | '■' | '▀' | '▌' | '▐' | '▇' | '▆' | '▅' => {
            '#'
        }
        '▄' | '▃' | '▂' => '=',
        '▁' => '_',
        '□' | '▢' => 'o',
        // Marks said in one character (the words are [`Mark::text`]).
        '✓' | '✔' => '+',
        '✗' | '✘' | '✕' | '✖' => 'x',
        '⚠' => '!',
        '≠' => '#',
        '≈' | '∼' => '~',
        '≤' => '<',
        '≥' => '>',
        '−' | '—' | '–' | '‒' | '―' | '‐' | '‑' => '-',
        '•' | '◦' | '∙' | '●' | '○' | '⋅' => '*',
        '…' | '⋯' => '.',
        '‘' | '’' | '‚' | '′' => '\'',
        '“' | '”' | '„' | '″' => '"',
        '€' => 'E',
        _ => '?',
    })
}

/// Whether `s` needs no change to be shown in ASCII.
pub fn is_plain(s: &str) -> bool {
    s.chars().all(|c| fallback(c).is_none())
}

/// A text for an old console: the marks in words of ASCII, everything else
/// by [`fallback`]. Used on what is printed to a console, never on a file.
pub fn text(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '✓' | '✔' => out.push_str(Mark::Ok.text(true)),
            '✗' | '✘' => out.push_str(Mark::Bad.text(true)),
            '≠' => out.push_str(Mark::NotEqual.text(true)),
            '…' => out.push_str("..."),
            c => out.push(fallback(c).unwrap_or(c)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spanish_letters_are_kept_and_marks_are_said_in_ascii() {
        assert_eq!(
            text("Año: señora Núñez ¿sí? · «ok»"),
            "Año: señora Núñez ¿sí? · «ok»"
        );
        assert_eq!(
            text("✓ hecho   ✗ incorrecto   ⚠ vencido"),
            "[ok] hecho   [x] incorrecto   ! vencido"
        );
        assert_eq!(text("más ↑ ─┼─ …"), "más ^ -+- ...");
    }

    #[test]
    fn every_mark_has_an_ascii_form() {
        for m in [
            Mark::Ok,
            Mark::Bad,
            Mark::Warn,
            Mark::Selected,
            Mark::NotEqual,
        ] {
            assert!(m.text(true).is_ascii(), "{m:?}");
            assert!(!m.text(false).is_ascii(), "{m:?}");
        }
    }

    proptest! {
        /// Whatever the text, the ASCII form shows only ASCII and Latin-1.
        #[test]
        fn the_ascii_form_holds_only_latin1(s in "\\PC{0,40}") {
            let shown = text(&s);
            prop_assert!(shown.chars().all(|c| (c as u32) <= 0xFF), "{shown:?}");
            prop_assert!(is_plain(&shown));
        }

        /// One character stands for one: the width of a line is kept.
        #[test]
        fn a_fallback_is_one_ascii_character(c in any::<char>()) {
            if let Some(f) = fallback(c) {
                prop_assert!(f.is_ascii() && !f.is_ascii_control());
            } else {
                prop_assert!((c as u32) <= 0xFF);
            }
        }
    }
}
