//! The router: the screen stack (a tab, the screen over it), the overlays
//! and questions, the status line. `update` hands each action to the
//! screen on show and carries out the [`Effect`] it answers; the screens
//! own their state ([`Screens`]). Rendering reads this state and never
//! touches the store.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::keymap::{Action, Context, lookup};
use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::i18n::{Lang, Msg};
use crate::ui::screen::{Effect, ViewCtx};
pub use crate::ui::screen::{Outsized, Screen, Tab};
pub use crate::ui::screens::help::Overlay;
use crate::ui::screens::help::{Glossary, HelpOverlay};
use crate::ui::screens::{Lent, Screens};
use crate::ui::theme::Theme;
/// A form's field (the forms import it from here too).
pub use crate::ui::widgets::text_input::Input;

/// The whole state.
pub struct App {
    pub book: Option<Book>,
    pub(crate) book_path: PathBuf,
    pub lang: Lang,
    pub(crate) theme: Theme,
    pub tab: Tab,
    pub screen: Screen,
    /// The help or the glossary, over the screen.
    pub(crate) overlay: Option<Overlay>,
    pub(crate) confirm_reverse: Option<u64>,
    /// Esc on a changed form: whether to throw away what was typed.
    pub confirm_discard: bool,
    /// An outsized amount's yes/no question, before its preview.
    pub confirm_outsized: Option<Outsized>,
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// Every screen's own state.
    pub screens: Screens,
    /// The terminal's size as last known (width, height; set by
    /// [`App::resize`]): paging reads it, drawing does not write it.
    pub(crate) size: Option<(u16, u16)>,
    /// Roomy or compact layout (`--layout`, the configuration, the `A` key).
    pub density: crate::ui::density::Density,
    /// Where the configuration file is (the layout chosen with `A` is saved
    /// there); `None` saves nothing.
    pub config_dir: Option<PathBuf>,
    /// Publishes the book's view for a second window (see [`super::view`]).
    pub(crate) publisher: super::view::Publisher,
    /// The header's mark when the book shown is another window's view.
    pub(crate) viewing: Option<String>,
    /// Draw with ASCII only: an old console (a raster font, a code page that
    /// is not UTF-8) or `--ascii`; see [`crate::domain::glyphs`].
    pub ascii: bool,
}

impl App {
    /// A new app on an open book, or on the welcome screen when there is none.
    pub fn new(book: Option<Book>, book_path: PathBuf, lang: Lang, theme: Theme) -> App {
        let mut app = App {
            screen: if book.is_some() {
                Screen::Main
            } else {
                Screen::Welcome
            },
            screens: Screens::new(&book_path),
            book,
            book_path,
            lang,
            theme,
            tab: Tab::Dashboard,
            overlay: None,
            confirm_reverse: None,
            confirm_discard: false,
            confirm_outsized: None,
            status: None,
            quit: false,
            size: None,
            density: crate::ui::density::Density::default(),
            config_dir: None,
            publisher: super::view::Publisher::default(),
            viewing: None,
            ascii: false,
        };
        app.reload();
        if app.status.is_none() {
            let said = super::screens::exercises::announcement(app.book.as_ref(), app.lang);
            app.status = said.map(|text| (text, false));
        }
        app
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.t(self.lang)
    }

    /// What a screen draws with: theme, language, layout (no book).
    pub fn view(&self) -> ViewCtx<'_> {
        ViewCtx {
            theme: &self.theme,
            lang: self.lang,
            density: self.density,
        }
    }

    /// Runs `f` on the screens with what the router lends them (the book,
    /// the language, the page and the layout) and applies its [`Effect`].
    fn run(&mut self, f: impl FnOnce(&mut Screens, Lent) -> Effect) {
        let lent = Lent {
            page: self.page(),
            body: self.body(),
            lang: self.lang,
            density: self.density,
            book: self.book.as_mut(),
            book_path: &self.book_path,
        };
        let effect = f(&mut self.screens, lent);
        self.apply(effect);
    }

    /// Does what a screen's update asked.
    fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None => {}
            Effect::Status { text, error } => self.status = Some((text, error)),
            Effect::SetLang(lang) => self.lang = lang,
            Effect::Several(effects) => effects.into_iter().for_each(|e| self.apply(e)),
            Effect::Pop { saved } => {
                self.screens.settings_form = None;
                self.screen = Screen::Main;
                if let Some(text) = saved {
                    self.status = Some((text, false));
                    self.reload();
                }
            }
            Effect::Help => self.open_help(),
            Effect::Home => {
                self.screens.close = Default::default();
                self.go(Tab::Dashboard);
            }
            Effect::Reload => self.reload(),
            Effect::Ask(question) => self.confirm_outsized = Some(*question),
            Effect::Quit => self.quit = true,
            Effect::ClearStatus => self.status = None,
            Effect::Show(screen) => self.screen = screen,
            Effect::Card => self.screen = self.screens.back_to_card(self.book.as_ref()),
            Effect::Main => {
                self.screens.entry_form = None;
                self.screens.member_form = None;
                self.screen = Screen::Main;
            }
            Effect::Member(id) => {
                self.screens.member_form = None;
                self.screen = Screen::Main;
                self.tab = Tab::Members;
                self.screens.members_tab.search.clear();
                self.reload();
                self.screens.members_tab.select(id);
            }
            Effect::Opened { book, path } => {
                self.book = Some(*book);
                self.book_path = path;
                self.screen = Screen::Main;
                self.reload();
            }
            Effect::Journal(month) => {
                self.screens.entry_form = None;
                self.screen = Screen::Main;
                self.show_journal(month, JournalFilter::default());
            }
            Effect::Account(filter, month) => self.show_journal(month, filter),
            Effect::AskReverse(id) => self.confirm_reverse = Some(id),
            Effect::AskDiscard => self.confirm_discard = true,
            Effect::Restore(file) => self.restore(file),
            Effect::ResetPractice(aside) => self.reset_practice(aside),
            Effect::Pass(action) => self.update_main(action),
        }
    }

    /// Restores the book from the backup `file`: the book is closed (its
    /// file is replaced), restored by [`crate::books::backup::restore`]
    /// (checked first; the replaced book kept aside) and opened again on
    /// the same clock. A refused restore leaves the book as it was, open.
    fn restore(&mut self, file: PathBuf) {
        let Some(book) = self.book.take() else {
            return;
        };
        let (clock, path) = (book.clock(), book.path().to_path_buf());
        // A view being copied holds the file open: it ends first.
        self.publisher.wait();
        drop(book);
        let restored = crate::books::backup::restore(&file, &path);
        match Book::open(&path) {
            Ok(mut b) => {
                b.set_clock(clock);
                self.book = Some(b);
            }
            Err(e) => {
                self.err(e);
                self.screen = Screen::Welcome;
                return;
            }
        }
        match restored {
            Ok(aside) => {
                self.screens.members_tab.card = None;
                self.screens.backup = Default::default();
                self.go(Tab::Dashboard);
                self.reload();
                // The file's name: the whole path would not fit on the line.
                let shown = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let said = match aside {
                    Some(_) => Msg::UiBakRestored.fill(self.lang, &[("file", &shown)]),
                    None => Msg::UiBakRestoredNew.fill(self.lang, &[("file", &shown)]),
                };
                self.status = Some((said, false));
            }
            Err(e) => self.err(e),
        }
    }

    /// Starts the practice book over: the book is closed, kept at `aside`
    /// and built again from its recipe ([`crate::training::scenarios::reset_keeping`])
    /// for the date it was built for (or the clock's), then opened on the
    /// same clock with the exercises shown, all to do. A refused rebuild
    /// leaves the book as it was, open.
    fn reset_practice(&mut self, aside: PathBuf) {
        let Some(book) = self.book.take() else {
            return;
        };
        let (clock, path) = (book.clock(), book.path().to_path_buf());
        let built_for = book
            .practice_date()
            .ok()
            .flatten()
            .map(crate::books::Clock::Fixed)
            .unwrap_or(clock);
        // A view being copied holds the file open: it ends first.
        self.publisher.wait();
        drop(book);
        let rebuilt = crate::training::scenarios::reset_keeping(&path, built_for, &aside, None);
        let note = match rebuilt {
            Ok((mut b, _)) => {
                b.set_clock(clock);
                self.book = Some(b);
                let shown = aside
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (
                    Msg::UiExercisesResetDone.fill(self.lang, &[("aside", &shown)]),
                    false,
                )
            }
            Err(e) => {
                let said = e.message(self.lang);
                match Book::open(&path) {
                    Ok(mut b) => {
                        b.set_clock(clock);
                        self.book = Some(b);
                    }
                    Err(e) => {
                        self.screens.exercises.open = false;
                        self.err(e);
                        self.screen = Screen::Welcome;
                        return;
                    }
                }
                (said, true)
            }
        };
        // Nothing on show may point at the book as it was.
        let teach = self.screens.teach.on;
        self.screens = Screens::new(&path);
        self.screens.reports.relayout(self.density);
        self.screens.teach.on = teach;
        self.screen = Screen::Main;
        self.go(Tab::Dashboard);
        self.reload();
        let effect = self
            .screens
            .exercises
            .reopened(self.book.as_ref(), self.lang, note);
        self.apply(effect);
    }

    /// The journal tab on `month` under `filter`, read again.
    fn show_journal(&mut self, month: crate::domain::period::Month, filter: JournalFilter) {
        self.tab = Tab::Journal;
        self.screens.journal.show(Some(month), filter);
        self.reload();
    }

    fn err(&mut self, e: BookError) {
        self.status = Some((e.message(self.lang), true));
    }

    /// Reloads everything the screens show from the book.
    pub fn reload(&mut self) {
        let loaded = self.book.as_ref().map(|b| self.screens.load(b, self.lang));
        if let Some(Err(e)) = loaded {
            self.err(e);
        }
    }

    /// Opens the help of the screen on show.
    pub fn open_help(&mut self) {
        let teach = self.screens.teach.showing();
        self.overlay = Some(Overlay::Help(HelpOverlay::open(self.context(), teach)));
    }

    /// Whether the help is shown.
    pub fn help_open(&self) -> bool {
        Overlay::is_help(&self.overlay)
    }

    /// The glossary's scrolled row, when it is shown.
    pub fn glossary_top(&self) -> Option<u16> {
        Overlay::glossary_top(&self.overlay)
    }

    /// Which keymap applies now.
    pub fn context(&self) -> Context {
        self.screens.context(&self.screen, self.tab)
    }

    /// Which keymap a key press goes through: a question's, the first
    /// screen's, or the screen's ([`App::context`]).
    pub fn key_context(&self) -> Context {
        if self.screens.exercises.asking() {
            // Starting the book over takes an explicit yes.
            Context::ConfirmStrict
        } else if self.screens.exercises.open {
            Context::ExercisesOverlay
        } else if self.confirm_reverse.is_some() {
            Context::Confirm
        } else if self.confirm_outsized.is_some() || self.confirm_discard {
            // Only an explicit yes: Enter, pressed out of habit, goes back to
            // the amount (or to the form that was about to be thrown away).
            Context::ConfirmStrict
        } else if self.screen == Screen::Welcome && !self.screens.welcome.creating {
            Context::Welcome
        } else {
            self.context()
        }
    }

    /// The terminal's new size. A window too small to draw in keeps the page
    /// of the last one that was not.
    pub fn resize(&mut self, width: u16, height: u16) {
        if !super::screens::too_small(width, height) {
            self.size = Some((width, height));
        }
    }

    /// Rows a list shows on a page, in the last known terminal size.
    pub fn page(&self) -> usize {
        match self.size {
            Some((w, h)) => super::screens::page_rows(self.density, Rect::new(0, 0, w, h)),
            None => 15,
        }
    }

    /// The screens' area in the last known terminal size.
    pub fn body(&self) -> Option<Rect> {
        let (w, h) = self.size?;
        Some(super::screens::body_area(
            self.density,
            Rect::new(0, 0, w, h),
        ))
    }

    /// A key press: through the keymap to an action.
    pub fn on_key(&mut self, key: KeyEvent) {
        if let Some(a) = lookup(self.key_context(), key) {
            self.update(a);
        }
    }

    /// Text pasted in the terminal: into the focused field, if one is.
    pub fn on_paste(&mut self, text: String) {
        let in_a_field = super::keymap::typing(self.key_context());
        if in_a_field {
            self.update(Action::Paste(text));
        }
    }

    /// The reaction to an action.
    pub fn update(&mut self, action: Action) {
        let page = self.page() as u16;
        if Overlay::update(&mut self.overlay, &action, page) {
            return;
        }
        if self.screens.exercises.open {
            let effect = self
                .screens
                .exercises
                .update(action, self.book.as_ref(), self.lang, page);
            self.apply(effect);
            return;
        }
        if action == Action::Exercises
            && (self.help_open() || !matches!(self.context(), Context::Form | Context::RecordForm))
        {
            self.overlay = None;
            // The overlay covers the status line; an old message would peek out.
            self.status = None;
            let effect = self.screens.exercises.open(self.book.as_ref(), self.lang);
            self.apply(effect);
            return;
        }
        if action == Action::Glossary
            && (self.help_open() || !matches!(self.context(), Context::Form | Context::RecordForm))
        {
            self.overlay = Some(Overlay::Glossary(Glossary::default()));
            return;
        }
        if let Some(id) = self.confirm_reverse.take() {
            if action == Action::Yes {
                self.run(|s, lent| s.reverse(id, lent));
            }
            return;
        }
        if std::mem::take(&mut self.confirm_discard) {
            if action == Action::Yes {
                self.dispatch(Action::Discard);
            }
            return;
        }
        if let Some(o) = self.confirm_outsized.take() {
            if action == Action::Yes {
                self.screens
                    .outsized_yes(o.then, self.book.as_ref(), self.lang);
            }
            return;
        }
        match action {
            Action::ToggleTeach => {
                let on = !self.screens.teach.on;
                let said = self.t(if on { Msg::UiTeachOn } else { Msg::UiTeachOff });
                self.status = Some((said.to_string(), false));
                self.set_teach(on);
            }
            Action::ToggleLayout => self.toggle_layout(),
            Action::TeachDown => self.screens.teach.scroll(true),
            Action::TeachUp => self.screens.teach.scroll(false),
            action => {
                self.dispatch(action);
                self.refresh_lesson();
            }
        }
    }

    /// Roomy <-> compact, remembered in the configuration file when there is one.
    pub fn toggle_layout(&mut self) {
        self.density = self.density.toggled();
        // The report's line count depends on the layout.
        self.screens.reports.relayout(self.density);
        let saved = match &self.config_dir {
            Some(dir) => crate::config::save_layout(dir, self.density).map(Some),
            None => Ok(None),
        };
        self.status = Some(self.density.switched(self.lang, &saved));
    }

    /// Sets the teaching panel on or off (the `--teach` option).
    pub fn set_teach(&mut self, on: bool) {
        self.screens.teach.on = on;
        self.refresh_lesson();
    }

    /// Recomputes the lesson of the operation on screen (only while teaching).
    fn refresh_lesson(&mut self) {
        let book = self.book.as_ref();
        if let Err(e) = self.screens.refresh_lesson(book, &self.screen, self.tab) {
            self.err(e);
        }
    }

    /// Hands `action` to the screen on show and applies what it answers.
    fn dispatch(&mut self, action: Action) {
        let (screen, tab, lang) = (self.screen.clone(), self.tab, self.lang);
        self.run(|s, lent| s.dispatch(&screen, tab, action, lent));
        if screen == Screen::Reports && self.lang != lang && self.screen == Screen::Reports {
            // The report speaks the new language.
            self.run(|s, lent| s.reload_report(lent));
        }
        if screen == Screen::Ledger && self.lang != lang && self.screen == Screen::Ledger {
            self.run(|s, lent| s.reload_ledger(lent));
        }
    }

    /// The keys every screen leaves to the main one: tabs, help, the
    /// language and the openings of the other screens.
    pub(crate) fn update_main(&mut self, action: Action) {
        use Action::*;
        match action {
            Quit => self.quit = true,
            Back => self.back(),
            Help => self.open_help(),
            GoDashboard => self.go(Tab::Dashboard),
            Open if self.tab == Tab::Dashboard => self.go(Tab::Journal),
            GoMembers => self.go(Tab::Members),
            GoJournal => self.go(Tab::Journal),
            GoAccounts => self.go(Tab::Accounts),
            GoCobro => {
                self.go(Tab::Cobro);
                self.run(|s, lent| s.open(GoCobro, false, lent));
            }
            ToggleLang => self.lang = self.lang.other(),
            action => {
                let on_card = self.screen == Screen::MemberCard;
                self.run(|s, lent| s.open(action, on_card, lent));
            }
        }
    }

    /// Esc: back to the main screen, then the lists' searches cleared, then
    /// the dashboard; it never closes the program (a treasurer pressing Esc
    /// to get back must not land in the shell).
    fn back(&mut self) {
        if self.screen != Screen::Main {
            self.screen = Screen::Main;
        } else if self.screens.clear_searches() {
            self.reload();
        } else if self.tab != Tab::Dashboard {
            self.go(Tab::Dashboard);
        } else {
            self.status = Some((Msg::UiEscToQuit.t(self.lang).to_string(), false));
        }
    }

    fn go(&mut self, tab: Tab) {
        self.tab = tab;
        self.screen = Screen::Main;
        self.screens.clear_search_boxes();
    }
}
