//! What the router and a screen say to each other. A screen owns its state;
//! `update` changes it through a [`Ctx`] (the book and the language) and
//! answers with an [`Effect`] for the router; `render` draws it from a
//! [`ViewCtx`] (theme, language, layout), which carries no book: what a
//! screen shows of the book is loaded into its state when it updates.

use crate::books::{Book, BookError};
use crate::domain::entry::EntryDraft;
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::ui::density::Density;
use crate::ui::theme::Theme;

/// What an update gives a screen: the book (and through it the clock), the
/// language, the rows of a page in the last known size, the book's members
/// as last loaded, and where the book is (files are written beside it).
pub struct Ctx<'a> {
    pub book: &'a mut Book,
    pub lang: Lang,
    pub page: usize,
    pub members: &'a [crate::domain::member::Member],
    pub book_path: &'a std::path::Path,
    pub density: Density,
    /// The screen's area in the last known size (under the header, above
    /// the status line), when the size is known.
    pub body: Option<ratatui::layout::Rect>,
}

impl Ctx<'_> {
    /// A catalogue text in the interface's language.
    pub fn t(&self, m: crate::i18n::Msg) -> &'static str {
        m.t(self.lang)
    }
}

/// What drawing gives a screen: how to look, never the book.
#[derive(Clone, Copy)]
pub struct ViewCtx<'a> {
    pub theme: &'a Theme,
    pub lang: Lang,
    pub density: Density,
}

/// The main tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Dashboard,
    Members,
    Journal,
    Accounts,
    /// Taking dues at the meeting.
    Cobro,
}

/// What covers the tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Main,
    MemberCard,
    MemberForm,
    EntryDetail,
    EntryForm,
    Settings,
    /// The month-close wizard.
    Close,
    /// The reports screen.
    Reports,
    /// Savings, the solidarity fund and loans (see `money`).
    Money,
    /// Configuración: accounts, charge types, savings and loan products.
    Setup,
    /// The generation of charges, planned, waiting for a yes.
    Charges,
    /// A waiver or a retirement of the member on the card.
    MemberAction,
    /// Backups: a copy now, a restore.
    Backup,
    /// Importing members or opening balances from a spreadsheet.
    Import,
    /// The libro mayor of an account (Enter on the chart of accounts).
    Ledger,
}

/// What a screen asks the router to do after an update.
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
    /// Open the help overlay.
    Help,
    /// Back to the dashboard tab.
    Home,
    /// Reload what the screens show from the book (after a commit).
    Reload,
    /// Ask whether an amount far beyond the book's size is right.
    Ask(Box<Outsized>),
    /// Close the program.
    Quit,
    /// The journal tab on this month, unfiltered, after a posting.
    Journal(crate::domain::period::Month),
    /// The members tab, this member selected, after saving them.
    Member(u32),
    /// Work on this book from now on (created or opened on the welcome screen).
    Opened {
        book: Box<crate::books::Book>,
        path: std::path::PathBuf,
    },
    /// Show this screen.
    Show(Screen),
    /// Back to the member card, its balances read again.
    Card,
    /// Ask whether to reverse this entry.
    AskReverse(u64),
    /// Ask whether to throw away what was typed in the form on show (Esc
    /// on a changed form); a yes hands the form [`Action::Discard`](crate::ui::keymap::Action::Discard).
    AskDiscard,
    /// The journal tab under this filter in this month (an account's movements).
    Account(
        crate::books::ledger::JournalFilter,
        crate::domain::period::Month,
    ),
    /// Clear the status bar.
    ClearStatus,
    /// Back to the main screen (the tab under the screen).
    Main,
    /// Close the book, restore it from this backup file (checked; the
    /// replaced book kept aside) and open it again.
    Restore(std::path::PathBuf),
    /// Close the practice book, keep it at this path and build it again
    /// from its scenario, then open it (the exercises overlay's `r`).
    ResetPractice(std::path::PathBuf),
    /// A key the screen leaves to the main screen (tabs, help, the
    /// language, opening other screens).
    Pass(crate::ui::keymap::Action),
}

impl Effect {
    /// A line on the status bar.
    pub fn say(text: impl Into<String>) -> Effect {
        Effect::Status {
            text: text.into(),
            error: false,
        }
    }

    /// An error on the status bar.
    pub fn error(text: impl Into<String>) -> Effect {
        Effect::Status {
            text: text.into(),
            error: true,
        }
    }

    /// This effect, then `next`.
    pub fn then(self, next: Effect) -> Effect {
        match (self, next) {
            (Effect::None, e) | (e, Effect::None) => e,
            (Effect::Several(mut v), e) => {
                v.push(e);
                Effect::Several(v)
            }
            (a, b) => Effect::Several(vec![a, b]),
        }
    }
}

impl ViewCtx<'_> {
    /// A catalogue text in the interface's language.
    pub fn t(&self, m: crate::i18n::Msg) -> &'static str {
        m.t(self.lang)
    }
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

/// An amount far beyond the book's size (see [`Book::outsized_limit`]),
/// waiting for a yes before its preview is shown.
#[derive(Clone, Debug)]
pub struct Outsized {
    pub amount: Money,
    pub assets: Money,
    pub then: OutsizedNext,
}

/// What a yes to [`Outsized`] shows.
#[derive(Clone, Debug)]
pub enum OutsizedNext {
    /// The entry form's review of this draft.
    Entry(EntryDraft),
    /// The cobro screen's receipt preview.
    Cobro(Box<crate::books::visit::VisitPlan>),
}

/// `Some((amount, total assets))` when an amount is beyond the book's size
/// and the interface must ask whether it is right.
pub(crate) fn outsized(book: &Book, amount: Money) -> Result<Option<(Money, Money)>, BookError> {
    let (assets, limit) = book.outsized_limit()?;
    Ok((amount > limit).then_some((amount, assets)))
}
