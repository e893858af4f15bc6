//! The one rule on stored free text (names, descriptions, references,
//! reasons, purposes, approvals, account names, communities, settings), and
//! the one way to print text that may break it.
//!
//! Stored text is one line of what a person can read: no control character
//! (C0, DEL, C1: escape, bell, tab, newline, carriage return ...), no
//! invisible formatting character (zero-width spaces and joiners, the marks
//! and overrides that change the direction of text, the byte order mark,
//! soft hyphens, tags), no line or paragraph separator, no Hangul filler. Such
//! a character is refused, naming it and its place, rather than stripped:
//! what is kept is then exactly what was typed. Spaces at either end are
//! trimmed. A text that is not empty must show something: text made only of
//! spaces and combining marks is refused too.
//!
//! Books made before the rule may hold such characters already; every output
//! that prints stored or typed text goes through [`visible`], which writes a
//! forbidden character as its escape `\u001b` (JSON's own escape, so a JSON
//! document keeps its meaning), so nothing raw reaches a terminal or a file.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use crate::i18n::{Lang, Msg};

/// Unicode's format characters (general category Cf, Unicode 15.1).
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE007F),
];

/// Whether stored text may not hold `c`: a control character, an invisible
/// format character, a line or paragraph separator, or a Hangul filler
/// (letters that print as nothing).
pub fn forbidden(c: char) -> bool {
    if c.is_control() {
        return true;
    }
    let u = c as u32;
    // Below the soft hyphen only controls are forbidden (the common case).
    if u < 0xAD {
        return false;
    }
    matches!(u, 0x2028 | 0x2029 | 0x115F | 0x1160 | 0x3164 | 0xFFA0)
        || FORMAT.iter().any(|&(a, b)| (a..=b).contains(&u))
}

/// Whether a person sees `c`: not a space, not a combining mark or other
/// zero-width character, not a forbidden one, not the blank Braille cell.
fn shows(c: char) -> bool {
    !c.is_whitespace() && !forbidden(c) && c != '\u{2800}' && c.width().is_some_and(|w| w > 0)
}

/// Whether the text has at least one character a person can see.
pub fn has_visible(s: &str) -> bool {
    s.chars().any(shows)
}

/// Why a text cannot be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    /// A forbidden character; `at` counts characters from 1 in the text as given.
    #[error("contains the character {} at position {at}, which cannot be stored", code(*ch))]
    Forbidden { ch: char, at: usize },
    /// Not empty, but nothing in it can be seen.
    #[error("has no visible characters")]
    Invisible,
}

impl TextProblem {
    /// The problem in words, without a field name and without a final period.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TextProblem::Forbidden { ch, at } => {
                // "U+001B, escape" where the character has a name.
                let what = match name(*ch, lang) {
                    Some(n) => format!("{}, {n}", code(*ch)),
                    None => code(*ch),
                };
                Msg::ErrTextForbidden.fill(lang, &[("what", &what), ("at", at)])
            }
            TextProblem::Invisible => Msg::ErrTextProblemInvisible.t(lang).into(),
        }
    }
}

/// `U+001B`.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The name of the forbidden characters a person is likely to meet.
fn name(c: char, lang: Lang) -> Option<&'static str> {
    Some(
        match c {
            '\0' => Msg::DomCharNull,
            '\u{7}' => Msg::DomCharBell,
            '\u{8}' => Msg::DomCharBackspace,
            '\t' => Msg::DomCharTab,
            '\n' => Msg::DomCharLineFeed,
            '\r' => Msg::DomCharCarriageReturn,
            '\u{1b}' => Msg::DomCharEscape,
            '\u{7f}' => Msg::DomCharDelete,
            '\u{ad}' => Msg::DomCharSoftHyphen,
            '\u{200b}' => Msg::DomCharZeroWidthSpace,
            '\u{200c}' | '\u{200d}' | '\u{2060}' => Msg::DomCharZeroWidthJoiner,
            '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => Msg::DomCharDirection,
            '\u{2028}' | '\u{2029}' => Msg::DomCharLineSeparator,
            '\u{feff}' => Msg::DomCharByteOrderMark,
            _ => return None,
        }
        .t(lang),
    )
}

/// The first forbidden character of `s` and its position (from 1, in characters).
pub fn find_forbidden(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| forbidden(*c))
        .map(|(i, c)| (i + 1, c))
}

/// Checks one line of free text as typed: trimmed at both ends, then refused
/// when it holds a forbidden character (its position counted in `s` as
/// given) or, not being empty, shows nothing. Returns the trimmed text (empty
/// when it was only spaces: whether that is allowed is the field's rule).
pub fn line(s: &str) -> Result<&str, TextProblem> {
    let t = s.trim();
    let lead = s.len() - s.trim_start().len();
    if let Some((at, ch)) = find_forbidden(t) {
        let at = at + s[..lead].chars().count();
        return Err(TextProblem::Forbidden { ch, at });
    }
    if !t.is_empty() && !has_visible(t) {
        return Err(TextProblem::Invisible);
    }
    Ok(t)
}

/// Like [`line`], with every run of spaces inside made one space.
pub fn words(s: &str) -> Result<String, TextProblem> {
    Ok(line(s)?.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `s` with each forbidden character written as its escape (`\u001b`; a
/// character beyond the first plane as its two UTF-16 halves, the way JSON
/// writes it), so that it can be printed anywhere. Borrowed when there is
/// nothing to escape.
pub fn visible(s: &str) -> Cow<'_, str> {
    if first_bad(s, false).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if forbidden(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a character that starts with byte `b` in UTF-8 may be forbidden:
/// ASCII controls, and the lead bytes of the blocks that hold forbidden
/// characters (accented Latin letters, `0xC3`, are not among them). Lets a
/// long output be checked byte by byte.
fn may_be_forbidden(b: u8) -> bool {
    b < 0x20 || b == 0x7f || matches!(b, 0xC2 | 0xD8..=0xDC | 0xE0..=0xE3 | 0xEF..=0xF4)
}

/// Where the first character to escape is, if any (in a document, newlines,
/// tabs and `\r\n` are its layout).
fn first_bad(s: &str, document: bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let candidate = |b: u8| may_be_forbidden(b) && !(document && (b == b'\n' || b == b'\t'));
    // A block at a time without stopping (the compiler makes it wide), then
    // character by character only in a block that may hold one.
    for (k, block) in bytes.chunks(64).enumerate() {
        if !block.iter().fold(false, |any, &b| any | candidate(b)) {
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            if !candidate(b) {
                continue;
            }
            let i = k * 64 + j;
            // `b` is ASCII or a lead byte, so `i` starts a character.
            let c = s[i..].chars().next()?;
            let layout = document && c == '\r' && bytes.get(i + 1) == Some(&b'\n');
            if forbidden(c) && !layout {
                return Some(i);
            }
        }
    }
    None
}

fn escape(c: char, out: &mut String) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        // Writing into a String cannot fail.
        let _ = write!(out, "\\u{:04x}", u);
    }
}

/// Like [`visible`] for a whole document printed to a terminal or a file:
/// newlines and tabs (the document's own layout) and a carriage return
/// before a newline are kept; every other forbidden character is escaped.
pub fn visible_document(s: &str) -> Cow<'_, str> {
    let bad = |i: usize, c: char| {
        forbidden(c) && !matches!(c, '\n' | '\t') && !(c == '\r' && s[i + 1..].starts_with('\n'))
    };
    if first_bad(s, true).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if bad(i, c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` without its forbidden characters (those that are spaces become a
/// space): for the text ayni writes itself from stored text, such as a
/// member's name in an entry's description, when the stored text comes from
/// a book made before the rule.
pub fn without_forbidden(s: &str) -> Cow<'_, str> {
    if !s.chars().any(forbidden) {
        return Cow::Borrowed(s);
    }
    let spaced: String = s
        .chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() && forbidden(c) => Some(' '),
            c if forbidden(c) => None,
            c => Some(c),
        })
        .collect();
    Cow::Owned(spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A text field of a record that has no error type of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Description,
    Reference,
    Reason,
    Purpose,
    Approval,
    Name,
    Beneficiary,
    Explanation,
    Address,
    Treasurer,
    President,
}

impl TextField {
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// A text that cannot be stored, and the field it was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field:?} {problem}")]
pub struct TextError {
    pub field: TextField,
    pub problem: TextProblem,
}

impl TextError {
    pub fn message(&self, lang: Lang) -> String {
        format!("{} {}.", self.field.label(lang), self.problem.message(lang))
    }
}

/// [`words`] for a field without an error type of its own.
pub fn field(field: TextField, s: &str) -> Result<String, TextError> {
    words(s).map_err(|problem| TextError { field, problem })
}

/// [`line`] (inner spaces kept as typed) for a field without an error type of its own.
pub fn field_line(field: TextField, s: &str) -> Result<String, TextError> {
    line(s)
        .map(str::to_string)
        .map_err(|problem| TextError { field, problem })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn controls_and_invisible_characters_are_refused_where_they_are() {
        for (s, ch, at) in [
            ("Pago\u{1b}]0;x\u{7}", '\u{1b}', 5),
            ("  Pago\nluz", '\n', 7),
            ("a\tb", '\t', 2),
            ("Rosa\u{200b}", '\u{200b}', 5),
            ("\u{202e}asoR", '\u{202e}', 1),
            ("x\u{2066}y", '\u{2066}', 2),
            ("caf\u{ad}e", '\u{ad}', 4),
            ("a\u{85}b", '\u{85}', 2),
            ("a\u{9b}b", '\u{9b}', 2),
            ("a\u{2028}b", '\u{2028}', 2),
            ("a\u{feff}b", '\u{feff}', 2),
            ("a\u{e0041}b", '\u{e0041}', 2),
            ("a\u{3164}b", '\u{3164}', 2),
        ] {
            assert_eq!(
                line(s),
                Err(TextProblem::Forbidden { ch, at }),
                "{}",
                s.escape_debug()
            );
        }
    }

    #[test]
    fn what_shows_nothing_is_refused_and_spaces_are_trimmed() {
        assert_eq!(line("\u{301}\u{301}"), Err(TextProblem::Invisible));
        assert_eq!(line(" \u{2800} "), Err(TextProblem::Invisible));
        assert_eq!(line("\u{a0}\u{3000}"), Ok(""));
        assert_eq!(line("  María José\u{a0}"), Ok("María José"));
        assert_eq!(
            words(" Pago   de\u{a0} luz "),
            Ok("Pago de luz".to_string())
        );
        // Accents, decomposed accents, Kichwa and other scripts are text.
        for s in ["Ñusta Quishpe", "Jose\u{301}", "Shuar Chicham", "日本", "Ω"] {
            assert_eq!(line(s), Ok(s));
        }
    }

    #[test]
    fn messages_name_the_character_and_the_place() {
        let e = TextError {
            field: TextField::Description,
            problem: TextProblem::Forbidden {
                ch: '\u{1b}',
                at: 5,
            },
        };
        assert_eq!(
            e.message(Lang::Es),
            "La descripción contiene un carácter de control o invisible (U+001B, escape) en la posición 5; escríbalo sin él."
        );
        assert_eq!(
            e.message(Lang::En),
            "The description contains a control or invisible character (U+001B, escape) at position 5; type it without it."
        );
    }

    #[test]
    fn visible_escapes_like_json() {
        assert_eq!(visible("Rosa"), Cow::Borrowed("Rosa"));
        assert_eq!(visible("a\u{1b}[2Jb\u{7}"), "a\\u001b[2Jb\\u0007");
        assert_eq!(visible("\u{202e}x\n"), "\\u202ex\\u000a");
        assert_eq!(visible("\u{e0041}"), "\\udb40\\udc41");
        let doc = "a\tb\r\nc\rd\u{1b}\n";
        assert_eq!(visible_document(doc), "a\tb\r\nc\\u000dd\\u001b\n");
        // What `visible` writes reads back, as JSON, as the original text.
        let s = "x\u{1b}\u{85}\u{202e}\u{e0041}y";
        let json = format!("\"{}\"", visible(s));
        assert_eq!(
            serde_json::from_str::<String>(&json).ok().as_deref(),
            Some(s)
        );
    }

    #[test]
    fn the_byte_scan_sees_every_forbidden_character() {
        for u in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if forbidden(c) {
                let mut b = [0; 4];
                c.encode_utf8(&mut b);
                assert!(may_be_forbidden(b[0]), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn stored_text_of_older_books_can_be_cleaned() {
        assert_eq!(without_forbidden("Quispe"), Cow::Borrowed("Quispe"));
        assert_eq!(
            without_forbidden("Qui\u{200b}spe\tRosa\u{1b}"),
            "Quispe Rosa"
        );
    }

    proptest! {
        /// Whatever is given: accepted text holds no forbidden character and
        /// shows something (or is empty); what `visible` prints holds none.
        #[test]
        fn the_rule_holds_for_any_text(s in "\\PC{0,8}|[\\x00-\\x20\\x7f-\\x9f\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}a\u{301}]{0,12}|.{0,12}") {
            match line(&s) {
                Ok(t) => {
                    prop_assert!(find_forbidden(t).is_none());
                    prop_assert!(t.is_empty() || has_visible(t));
                    prop_assert_eq!(t, s.trim());
                }
                Err(TextProblem::Forbidden { ch, at }) => {
                    prop_assert!(forbidden(ch));
                    prop_assert_eq!(s.chars().nth(at - 1), Some(ch));
                }
                Err(TextProblem::Invisible) => prop_assert!(!has_visible(&s)),
            }
            prop_assert!(!visible(&s).chars().any(forbidden));
            prop_assert!(find_forbidden(&without_forbidden(&s)).is_none());
        }

        /// The quick scan of long text finds what a character-by-character
        /// look finds, wherever it is.
        #[test]
        fn the_quick_scan_agrees(head in "\\PC{0,90}", tail in "\\PC{0,90}", c in any::<char>()) {
            let s = format!("{head}{c}{tail}");
            let naive = s.chars().any(forbidden);
            prop_assert_eq!(matches!(visible(&s), Cow::Owned(_)), naive);
            let doc_naive = s
                .replace("\r\n", "\n")
                .chars()
                .any(|c| forbidden(c) && !matches!(c, '\n' | '\t'));
            prop_assert_eq!(matches!(visible_document(&s), Cow::Owned(_)), doc_naive);
            prop_assert!(!visible_document(&s).chars().any(|c| forbidden(c) && !matches!(c, '\n' | '\t' | '\r')));
        }
    }
}
