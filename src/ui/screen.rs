//! What the router and a screen say to each other. A screen owns its state;
//! `update` changes it through a [`Ctx`] (the book and the language) and
//! answers with an [`Effect`] for the router; `render` draws it from a
//! [`ViewCtx`] (theme, language, layout), which carries no book. The
//! settings form and the exercises overlay (which only reads the book) work
//! this way so far.

use crate::books::Book;
use crate::i18n::Lang;
use crate::ui::density::Density;
use crate::ui::theme::Theme;

/// What an update gives a screen: the book (and through it the clock).
pub struct Ctx<'a> {
    pub book: &'a mut Book,
    pub lang: Lang,
}

/// What drawing gives a screen: how to look, never the book.
#[derive(Clone, Copy)]
pub struct ViewCtx<'a> {
    pub theme: &'a Theme,
    pub lang: Lang,
    pub density: Density,
}

/// What a screen asks the router to do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond the screen's own state.
    None,
    /// A line on the status bar (`error`: said as an error).
    Status { text: String, error: bool },
    /// Switch the interface to this language.
    SetLang(Lang),
    /// These, in order.
    Several(Vec<Effect>),
    /// Leave the screen for the main one; `saved` reloads the book's figures
    /// first and says so on the status bar.
    Pop { saved: Option<String> },
}

/// What the drawing helpers read: the theme, the language and the layout.
pub trait Look {
    fn theme(&self) -> &Theme;
    fn lang(&self) -> Lang;
    fn density(&self) -> Density;
}

impl Look for ViewCtx<'_> {
    fn theme(&self) -> &Theme {
        self.theme
    }
    fn lang(&self) -> Lang {
        self.lang
    }
    fn density(&self) -> Density {
        self.density
    }
}
