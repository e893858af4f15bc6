//! The one text field of the interface: it owns its text and a cursor, and
//! every field of every screen (searches, forms, amounts) is one of these.
//!
//! The cursor counts characters, not bytes, so "Ñ" and "á" are one step.
//! Typing inserts at the cursor; ← → move it, Home and End jump to either
//! end, Backspace removes the character before it and Delete the one at it.
//! A paste inserts a whole string at the cursor, or nothing: the text keeps
//! the rule on stored text (`crate::domain::text`), so a pasted line break
//! or control character is refused, naming it, rather than silently
//! dropped; only the line break that ends a copied spreadsheet cell is not
//! part of the text. A field may accept only some characters (an amount:
//! digits, comma and point) and may have a maximum length.
//!
//! Drawn, the field is its text with the cursor mark `▏` at the cursor
//! (no colour needed to see it); a text longer than the field scrolls by
//! half the field's width, so the cursor is always shown and the text on
//! both sides of it too.

use std::fmt;

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

use crate::domain::text;
use crate::i18n::Lang;

/// The mark drawn at the cursor.
pub const CURSOR: char = '▏';
/// The mark drawn where the text goes on beyond the field.
const MORE: char = '…';

/// Which characters a field takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    /// Any character the text rule allows.
    #[default]
    Any,
    /// An amount: digits, and a comma or point for the cents.
    Amount,
}

impl Filter {
    fn allows(self, c: char) -> bool {
        match self {
            Filter::Any => true,
            Filter::Amount => c.is_ascii_digit() || c == ',' || c == '.',
        }
    }
}

/// One edit of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A typed character, inserted at the cursor.
    Insert(char),
    /// A pasted string, inserted at the cursor.
    Paste(String),
    Left,
    Right,
    Home,
    End,
    /// Removes the character before the cursor.
    Backspace,
    /// Removes the character at the cursor.
    Delete,
}

/// Why an insertion was refused (the field is left as it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The field does not take this character (an amount, a letter).
    #[error("the field does not take the character {0:?}")]
    NotAllowed(char),
    /// A control or invisible character; `at` counts from 1 in what was typed or pasted.
    #[error("contains the character {} at position {at}", text::code(*ch))]
    Forbidden { ch: char, at: usize },
    /// The text would be longer than the field takes.
    #[error("at most {max} characters")]
    TooLong { max: usize },
}

impl Refused {
    /// The refusal in words, as a sentence.
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::Msg;
        match self {
            Refused::NotAllowed(_) => Msg::UiFieldDigitsOnly.t(lang).to_string(),
            Refused::Forbidden { ch, at } => {
                let problem = text::TextProblem::Forbidden { ch: *ch, at: *at }.message(lang);
                Msg::UiFieldPasted.fill(lang, &[("problem", &problem)])
            }
            Refused::TooLong { max } => Msg::UiFieldTooLong.fill(lang, &[("max", max)]),
        }
    }
}

/// A text field: its text, the cursor (in characters, `0..=len`), what it
/// takes and how long it may be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    cursor: usize,
    filter: Filter,
    max: Option<usize>,
}

impl TextInput {
    /// An empty field that takes any text.
    pub fn new() -> TextInput {
        TextInput::default()
    }

    /// The field takes only what `filter` allows (typed or pasted).
    pub fn with_filter(mut self, filter: Filter) -> TextInput {
        self.filter = filter;
        self
    }

    /// The field takes at most `max` characters (typed or pasted).
    pub fn with_max(mut self, max: usize) -> TextInput {
        self.max = Some(max);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The length in characters.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Replaces the text (a value the program fills in), the cursor at its end.
    pub fn set(&mut self, s: &str) {
        self.text = s.to_string();
        self.cursor = self.chars();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The byte offset of character `i` (the end when `i` is the length).
    fn byte(&self, i: usize) -> usize {
        self.text
            .char_indices()
            .nth(i)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    /// Applies one edit. A refused insertion changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), Refused> {
        let len = self.chars();
        match edit {
            Edit::Insert(c) => self.insert_str(&c.to_string())?,
            Edit::Paste(s) => self.insert_str(pasted(&s))?,
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::Backspace => {
                if self.cursor > 0 {
                    let at = self.byte(self.cursor - 1);
                    self.text.remove(at);
                    self.cursor -= 1;
                }
            }
            Edit::Delete => {
                if self.cursor < len {
                    let at = self.byte(self.cursor);
                    self.text.remove(at);
                }
            }
        }
        Ok(())
    }

    /// Inserts `s` at the cursor, whole or not at all.
    fn insert_str(&mut self, s: &str) -> Result<(), Refused> {
        if let Some((at, ch)) = text::find_forbidden(s) {
            return Err(Refused::Forbidden { ch, at });
        }
        if let Some(c) = s.chars().find(|c| !self.filter.allows(*c)) {
            return Err(Refused::NotAllowed(c));
        }
        let n = s.chars().count();
        if let Some(max) = self.max
            && self.chars() + n > max
        {
            return Err(Refused::TooLong { max });
        }
        let at = self.byte(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += n;
        Ok(())
    }

    /// What the field shows in `width` columns: the text, with the cursor
    /// mark at the cursor when `focused`. A longer text scrolls by half the
    /// width so that the cursor shows; `…` marks a side that goes on.
    pub fn view(&self, focused: bool, width: usize) -> String {
        let mut cells: Vec<char> = self.text.chars().collect();
        if focused {
            cells.insert(self.cursor.min(cells.len()), CURSOR);
        }
        let w = |c: &char| c.width().unwrap_or(1);
        let total: usize = cells.iter().map(w).sum();
        if total <= width {
            return cells.into_iter().collect();
        }
        if width == 0 {
            return String::new();
        }
        // The column the cursor mark starts at (or the start, unfocused).
        let mark_col: usize = if focused {
            cells.iter().take(self.cursor).map(w).sum()
        } else {
            0
        };
        let half = (width / 2).max(1);
        let start_col = (mark_col / half * half).min(total - width);
        // The cells wholly inside [start_col, start_col + width).
        let mut out: Vec<char> = Vec::new();
        let (mut col, mut first, mut last) = (0usize, None, 0usize);
        for (i, c) in cells.iter().enumerate() {
            let cw = w(c);
            if col >= start_col && col + cw <= start_col + width {
                first.get_or_insert(i);
                last = i;
                out.push(*c);
            }
            col += cw;
        }
        let first = first.unwrap_or(0);
        // Where the text goes on beyond either side, say so (never over the cursor).
        if first > 0 && out.first().is_some_and(|c| *c != CURSOR) {
            out[0] = MORE;
        }
        if last + 1 < cells.len()
            && let Some(end) = out.last_mut()
            && *end != CURSOR
        {
            *end = MORE;
        }
        out.into_iter().collect()
    }

    /// The whole text, with the cursor mark when `focused`: for a form whose
    /// lines wrap, where a field is as wide as its text.
    pub fn view_whole(&self, focused: bool) -> String {
        self.view(focused, usize::MAX)
    }

    /// [`view`](Self::view) as one span in `style`.
    pub fn span(&self, focused: bool, width: usize, style: Style) -> Span<'static> {
        Span::styled(self.view(focused, width), style)
    }
}

/// What of a paste goes into a field: all of it but the line breaks that
/// end it (copying one spreadsheet cell or one line adds one). A line
/// break inside stays, so the paste is refused by the text rule.
fn pasted(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

impl std::ops::Deref for TextInput {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for TextInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for TextInput {
    fn from(s: &str) -> TextInput {
        let mut t = TextInput::new();
        t.set(s);
        t
    }
}

impl From<String> for TextInput {
    fn from(s: String) -> TextInput {
        let cursor = s.chars().count();
        TextInput {
            text: s,
            cursor,
            ..TextInput::default()
        }
    }
}

impl PartialEq<str> for TextInput {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// A text field of a form: the field and what is wrong with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    pub value: TextInput,
    pub error: Option<String>,
}

impl Input {
    /// A field holding `s`, the cursor at its end.
    pub fn new(s: &str) -> Input {
        Input {
            value: s.into(),
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn typed(s: &str) -> TextInput {
        let mut t = TextInput::new();
        for c in s.chars() {
            t.apply(Edit::Insert(c)).unwrap();
        }
        t
    }

    #[test]
    fn the_cursor_counts_characters_not_bytes() {
        let mut t = typed("Peña");
        assert_eq!(t.cursor(), 4);
        t.apply(Edit::Left).unwrap();
        t.apply(Edit::Backspace).unwrap();
        assert_eq!(t.as_str(), "Pea");
        t.apply(Edit::Insert('ñ')).unwrap();
        assert_eq!(t.as_str(), "Peña");
        t.apply(Edit::Home).unwrap();
        t.apply(Edit::Delete).unwrap();
        assert_eq!(t.as_str(), "eña");
        t.apply(Edit::Insert('Á')).unwrap();
        assert_eq!((t.as_str(), t.cursor()), ("Áeña", 1));
        t.apply(Edit::End).unwrap();
        t.apply(Edit::Delete).unwrap();
        t.apply(Edit::Right).unwrap();
        assert_eq!((t.as_str(), t.cursor()), ("Áeña", 4));
        t.apply(Edit::Home).unwrap();
        t.apply(Edit::Backspace).unwrap();
        t.apply(Edit::Left).unwrap();
        assert_eq!((t.as_str(), t.cursor()), ("Áeña", 0));
    }

    #[test]
    fn one_digit_is_fixed_in_the_middle_of_an_amount() {
        let mut t = TextInput::new().with_filter(Filter::Amount);
        t.apply(Edit::Paste("15,50".into())).unwrap();
        for _ in 0..3 {
            t.apply(Edit::Left).unwrap();
        }
        t.apply(Edit::Backspace).unwrap();
        t.apply(Edit::Insert('2')).unwrap();
        assert_eq!(t.as_str(), "12,50");
        assert_eq!(t.apply(Edit::Insert('x')), Err(Refused::NotAllowed('x')));
        assert_eq!(
            t.apply(Edit::Paste("$3".into())),
            Err(Refused::NotAllowed('$'))
        );
        assert_eq!((t.as_str(), t.cursor()), ("12,50", 2));
    }

    #[test]
    fn a_paste_is_one_line_or_nothing() {
        let mut t = typed("Juan ");
        // A copied cell ends with a line break: it is not part of the name.
        t.apply(Edit::Paste("Pérez Quishpe\r\n".into())).unwrap();
        assert_eq!(t.as_str(), "Juan Pérez Quishpe");
        assert_eq!(t.cursor(), 18);
        let before = t.clone();
        assert_eq!(
            t.apply(Edit::Paste("Ana\nLuis".into())),
            Err(Refused::Forbidden { ch: '\n', at: 4 })
        );
        assert_eq!(
            t.apply(Edit::Paste("a\tb".into())),
            Err(Refused::Forbidden { ch: '\t', at: 2 })
        );
        assert_eq!(
            t.apply(Edit::Paste("x\u{200b}".into())),
            Err(Refused::Forbidden {
                ch: '\u{200b}',
                at: 2
            })
        );
        assert_eq!(t, before, "a refused paste changes nothing");
        let m = Refused::Forbidden { ch: '\n', at: 4 }.message(Lang::Es);
        assert!(
            m.contains("salto de línea") && m.contains("posición 4"),
            "{m}"
        );
        let m = Refused::Forbidden { ch: '\n', at: 4 }.message(Lang::En);
        assert!(m.contains("line feed") && m.contains("position 4"), "{m}");
    }

    #[test]
    fn a_field_with_a_maximum_takes_no_more() {
        let mut t = TextInput::new().with_max(5);
        t.apply(Edit::Paste("abcd".into())).unwrap();
        assert_eq!(
            t.apply(Edit::Paste("ef".into())),
            Err(Refused::TooLong { max: 5 })
        );
        t.apply(Edit::Insert('e')).unwrap();
        assert_eq!(t.apply(Edit::Insert('f')), Err(Refused::TooLong { max: 5 }));
        assert_eq!(t.as_str(), "abcde");
        assert!(Refused::TooLong { max: 5 }.message(Lang::Es).contains('5'));
    }

    #[test]
    fn the_view_shows_the_cursor_at_its_place() {
        let mut t = typed("1250");
        assert_eq!(t.view(true, 20), "1250▏");
        assert_eq!(t.view(false, 20), "1250");
        t.apply(Edit::Left).unwrap();
        t.apply(Edit::Left).unwrap();
        assert_eq!(t.view(true, 20), "12▏50");
        t.apply(Edit::Home).unwrap();
        assert_eq!(t.view(true, 20), "▏1250");
        assert_eq!(TextInput::new().view(true, 5), "▏");
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_cursor_in_view() {
        let mut t = typed("abcdefghijklmnopqrstuvwxyz");
        // At the end: the end shows, the start is marked as going on.
        assert_eq!(t.view(true, 10), "…stuvwxyz▏");
        t.apply(Edit::Home).unwrap();
        assert_eq!(t.view(true, 10), "▏abcdefgh…");
        for _ in 0..7 {
            t.apply(Edit::Right).unwrap();
        }
        // Half a field on: the text jumps by five columns.
        assert_eq!(t.view(true, 10), "…g▏hijklm…");
        assert_eq!(t.view(false, 10), "abcdefghi…");
    }

    #[test]
    fn wide_characters_take_two_columns_in_the_view() {
        let t = typed("日本語のテキスト");
        let v = t.view(true, 9);
        let cols: usize = v.chars().map(|c| c.width().unwrap_or(1)).sum();
        assert!(cols <= 9, "{v}");
        assert!(v.ends_with(CURSOR), "{v}");
    }

    /// An edit for the properties, over a few kinds of characters.
    fn edit() -> impl Strategy<Value = Edit> {
        let ch = prop::sample::select(vec!['a', 'Ñ', 'á', '1', ',', ' ', '日', '\n', '\t']);
        prop_oneof![
            ch.clone().prop_map(Edit::Insert),
            prop::collection::vec(ch, 0..5).prop_map(|v| Edit::Paste(v.into_iter().collect())),
            Just(Edit::Left),
            Just(Edit::Right),
            Just(Edit::Home),
            Just(Edit::End),
            Just(Edit::Backspace),
            Just(Edit::Delete),
        ]
    }

    /// The reference: the text as a vector of characters and a cursor.
    fn model(text: &mut Vec<char>, cursor: &mut usize, e: &Edit, filter: Filter, max: usize) {
        let insert = |text: &mut Vec<char>, cursor: &mut usize, s: Vec<char>| {
            let ok = s.iter().all(|c| !text::forbidden(*c) && filter.allows(*c))
                && text.len() + s.len() <= max;
            if ok {
                for (k, c) in s.into_iter().enumerate() {
                    text.insert(*cursor + k, c);
                }
            }
            ok
        };
        match e {
            Edit::Insert(c) => {
                if insert(text, cursor, vec![*c]) {
                    *cursor += 1;
                }
            }
            Edit::Paste(s) => {
                let s: Vec<char> = s.trim_end_matches(['\r', '\n']).chars().collect();
                let n = s.len();
                if insert(text, cursor, s) {
                    *cursor += n;
                }
            }
            Edit::Left => *cursor = cursor.saturating_sub(1),
            Edit::Right => *cursor = (*cursor + 1).min(text.len()),
            Edit::Home => *cursor = 0,
            Edit::End => *cursor = text.len(),
            Edit::Backspace => {
                if *cursor > 0 {
                    text.remove(*cursor - 1);
                    *cursor -= 1;
                }
            }
            Edit::Delete => {
                if *cursor < text.len() {
                    text.remove(*cursor);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_edits_keep_the_cursor_in_the_text_and_match_the_model(
            edits in prop::collection::vec(edit(), 0..60),
            amount in any::<bool>(),
            max in 0usize..12,
        ) {
            let filter = if amount { Filter::Amount } else { Filter::Any };
            let mut t = TextInput::new().with_filter(filter).with_max(max);
            let (mut text, mut cursor) = (Vec::new(), 0usize);
            for e in &edits {
                let before = t.clone();
                let r = t.apply(e.clone());
                model(&mut text, &mut cursor, e, filter, max);
                if r.is_err() {
                    prop_assert_eq!(&t, &before);
                }
                prop_assert!(t.cursor() <= t.chars());
                prop_assert_eq!(t.as_str(), text.iter().collect::<String>());
                prop_assert_eq!(t.cursor(), cursor);
                prop_assert!(t.chars() <= max);
            }
        }

        #[test]
        fn the_view_fits_its_width_and_shows_the_cursor(
            edits in prop::collection::vec(edit(), 0..60),
            width in 2usize..30,
        ) {
            let mut t = TextInput::new();
            for e in edits {
                let _ = t.apply(e);
            }
            let v = t.view(true, width);
            let cols: usize = v.chars().map(|c| c.width().unwrap_or(1)).sum();
            prop_assert!(cols <= width, "{} is wider than {}", v, width);
            prop_assert!(v.contains(CURSOR), "{} has no cursor", v);
            // What fits is shown whole, the cursor at its place.
            if t.chars() < width && !t.as_str().contains('日') {
                let mut whole: Vec<char> = t.as_str().chars().collect();
                whole.insert(t.cursor(), CURSOR);
                prop_assert_eq!(v, whole.into_iter().collect::<String>());
            }
        }
    }
}
