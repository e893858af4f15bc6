//! Rendering: reads the [`App`] and draws; never touches the store.

pub mod accounts;
pub mod backup;
pub mod charges;
pub mod close;
pub mod cobro;
pub mod dashboard;
pub mod entry_form;
pub mod exercises;
pub mod help;
pub mod import;
pub mod journal;
pub mod ledger;
pub mod loans;
pub mod member_actions;
pub mod members;
pub mod money;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod teach;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::books::{Book, BookError};
use crate::domain::glyphs::Mark;
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::{Lang, Msg};
use crate::ui::app::{App, Input, Overlay, Screen, Tab};
use crate::ui::density::Density;
use crate::ui::keymap::{Action, Context, fit_footer, footer};
use crate::ui::screen::{Ctx, Effect, Look, OutsizedNext, ViewCtx};

/// What the router lends the screens' updates: the book (none before one
/// is open) and what a [`Ctx`] carries besides the members, which the
/// screens hold themselves.
pub(crate) struct Lent<'a> {
    pub book: Option<&'a mut Book>,
    pub lang: Lang,
    pub page: usize,
    pub book_path: &'a std::path::Path,
    pub density: Density,
    pub body: Option<Rect>,
}

/// Runs a screen's update with a [`Ctx`] built from what the router lent
/// and the screens' members (nothing without a book):
/// `run!(self, lent, cobro, |c, ctx| c.open(ctx))`.
macro_rules! run {
    ($screens:ident, $lent:ident, $screen:ident, |$s:ident, $ctx:ident| $body:expr) => {
        match $lent.book {
            Some(book) => {
                let $ctx = &mut Ctx {
                    book,
                    lang: $lent.lang,
                    page: $lent.page,
                    members: &$screens.members,
                    book_path: $lent.book_path,
                    density: $lent.density,
                    body: $lent.body,
                };
                let $s = &mut $screens.$screen;
                $body
            }
            None => Effect::None,
        }
    };
}

/// Every screen's own state, and what the book says that they all show (the
/// members, the header's name and marks). The router ([`App`]) holds one
/// and hands each key to the screen on show.
#[derive(Clone, Debug, Default)]
pub struct Screens {
    /// The association's name, in the header.
    pub(crate) assoc_name: String,
    /// A practice book (marked in the header).
    pub(crate) practice: bool,
    /// The book is a copy made by `ayni backup --redact`.
    pub(crate) redacted: bool,
    /// The book's members as last loaded.
    pub members: Vec<Member>,
    /// The dashboard's figures.
    pub dash: Option<dashboard::DashData>,
    /// The members tab (its list, search box and the member card).
    pub members_tab: members::MembersList,
    /// The journal tab (and the entry opened from it).
    pub journal: journal::JournalList,
    /// The accounts tab.
    pub accounts: accounts::AccountsList,
    pub member_form: Option<members::MemberForm>,
    pub entry_form: Option<entry_form::EntryForm>,
    pub(crate) welcome: welcome::Welcome,
    pub(crate) settings_form: Option<settings::SettingsForm>,
    pub cobro: cobro::Cobro,
    /// The exercises overlay (`E`).
    pub exercises: exercises::Exercises,
    /// The teaching panel (`T`, or `--teach`).
    pub teach: teach::TeachPanel,
    /// The month-close wizard.
    pub close: close::CloseWizard,
    pub reports: reports::Reports,
    /// Savings, the fund and loans.
    pub money: money::MoneyState,
    /// Configuración (and the first run's steps).
    pub setup: setup::Setup,
    /// The generation of charges (`G`).
    pub charges: charges::ChargeGeneration,
    /// A waiver or a retirement from the member card (`x`, `r`).
    pub member_action: Option<member_actions::MemberAction>,
    /// Backups and restores (`B`).
    pub backup: backup::Backups,
    /// Importing from a spreadsheet (`i` on the members tab).
    pub import: import::ImportScreen,
}

impl Screens {
    /// The screens before anything is loaded (the welcome screen looks
    /// beside `book_path`).
    pub fn new(book_path: &std::path::Path) -> Screens {
        Screens {
            welcome: welcome::Welcome::new(book_path),
            ..Screens::default()
        }
    }

    /// Reads again from the book everything the screens show.
    pub(crate) fn load(&mut self, book: &Book, lang: Lang) -> Result<(), BookError> {
        let settings = book.settings()?;
        self.practice = settings.practice;
        self.redacted = book.redacted_on()?.is_some();
        self.assoc_name = settings.name;
        let month = book.current_month()?;
        self.dash = Some(dashboard::DashData::load(book, month)?);
        self.members = book.members()?;
        self.members_tab.filter(&self.members);
        self.journal.load(book, &self.members, month)?;
        self.accounts.load(book, month, lang)?;
        if self.setup.shown {
            self.setup.load(book)?;
        }
        Ok(())
    }

    /// A list's search box has the keys.
    pub fn searching(&self) -> bool {
        self.members_tab.search.active || self.journal.search.active || self.accounts.search.active
    }

    /// Clears every list's search box and the journal's filter; says
    /// whether there was anything to clear.
    pub(crate) fn clear_searches(&mut self) -> bool {
        self.members_tab.search.clear()
            | self.accounts.search.clear()
            | self.journal.clear_filters()
    }

    /// Clears the lists' search boxes (a tab is changed).
    pub(crate) fn clear_search_boxes(&mut self) {
        self.members_tab.search.clear();
        self.accounts.search.clear();
        self.journal.search.clear();
        self.members_tab.filter(&self.members);
    }

    /// The yes to an outsized amount's question: the preview it was asked before.
    pub(crate) fn outsized_yes(&mut self, then: OutsizedNext, book: Option<&Book>, lang: Lang) {
        match then {
            OutsizedNext::Entry(d) => {
                if let (Some(f), Some(book)) = (&mut self.entry_form, book) {
                    f.reviewed(d, book, lang);
                }
            }
            OutsizedNext::Cobro(plan) => self.cobro.confirmed(*plan),
        }
    }

    /// Which keymap applies on `screen` (over `tab`).
    pub(crate) fn context(&self, screen: &Screen, tab: Tab) -> Context {
        if *screen == Screen::Money {
            return self.money.context();
        }
        if *screen == Screen::Setup {
            return self.setup.context();
        }
        if *screen == Screen::Import {
            return self.import.context();
        }
        if self.searching() && matches!(screen, Screen::Main) {
            return Context::ListSearch;
        }
        if *screen == Screen::EntryForm
            && self.entry_form.as_ref().is_some_and(|f| f.review.is_some())
        {
            // The reviewed entry waits for Enter (post) or Esc (correct).
            return Context::MoneyConfirm;
        }
        if self.searching() || *screen == Screen::EntryForm {
            return Context::Form;
        }
        if matches!(
            screen,
            Screen::MemberForm | Screen::Welcome | Screen::Settings
        ) {
            return Context::RecordForm;
        }
        match (screen, tab) {
            (Screen::Charges, _) => self.charges.context(),
            (Screen::MemberAction, _) => self
                .member_action
                .as_ref()
                .map_or(Context::Global, |m| m.context()),
            (Screen::Backup, _) => self.backup.context(),
            (Screen::Close, _) => self.close.context(),
            (Screen::Reports, _) => self.reports.context(),
            (Screen::Ledger, _) => self
                .accounts
                .ledger
                .as_ref()
                .map_or(Context::Global, |l| l.context()),
            (Screen::Main, Tab::Cobro) => Context::Cobro,
            (Screen::Main, Tab::Members) => Context::Members,
            (Screen::Main, Tab::Journal) | (Screen::EntryDetail, _) => Context::Journal,
            (Screen::Main, Tab::Accounts) => Context::Accounts,
            (Screen::MemberCard, _) => Context::MemberCard,
            _ => Context::Global,
        }
    }

    /// Hands `action` to the screen on show (over `tab`); what it leaves
    /// to the main screen comes back as [`Effect::Pass`].
    pub(crate) fn dispatch(
        &mut self,
        screen: &Screen,
        tab: Tab,
        action: Action,
        lent: Lent,
    ) -> Effect {
        let fallback = self.accounts.month;
        let on_card = *screen == Screen::MemberCard;
        let on_detail = *screen == Screen::EntryDetail;
        match screen {
            Screen::Welcome => self.welcome.update(action, lent.lang, lent.book_path),
            Screen::MemberForm => run!(self, lent, member_form, |f, ctx| f
                .as_mut()
                .map_or(Effect::None, |f| f.update(action, ctx))),
            Screen::EntryForm => run!(self, lent, entry_form, |f, ctx| f
                .as_mut()
                .map_or(Effect::None, |f| f.update(action, ctx))),
            Screen::Settings => {
                let effect = run!(self, lent, settings_form, |s, ctx| s
                    .as_mut()
                    .map_or(Effect::None, |s| s.update(action, ctx)));
                match effect {
                    // Opened from Configuración: back there, saved or not.
                    Effect::Pop { saved } if self.setup.in_settings => {
                        self.settings_form = None;
                        self.setup.back_from_settings(saved)
                    }
                    e => e,
                }
            }
            Screen::Setup => run!(self, lent, setup, |s, ctx| s.update(action, ctx)),
            Screen::Close => run!(self, lent, close, |w, ctx| w.update(action, ctx)),
            Screen::Reports => run!(self, lent, reports, |r, ctx| r.update(action, ctx)),
            Screen::Money => run!(self, lent, money, |m, ctx| m.update(action, ctx)),
            Screen::Charges => run!(self, lent, charges, |c, ctx| c.update(action, ctx)),
            Screen::MemberAction => run!(self, lent, member_action, |m, ctx| m
                .as_mut()
                .map_or(Effect::Card, |m| m.update(action, ctx))),
            Screen::Backup => run!(self, lent, backup, |b, ctx| b.update(action, ctx)),
            Screen::Import => run!(self, lent, import, |i, ctx| i.update(action, ctx)),
            Screen::Ledger => run!(self, lent, accounts, |a, ctx| a.update_ledger(action, ctx)),
            Screen::Main if tab == Tab::Cobro => {
                run!(self, lent, cobro, |c, ctx| c.update(action, ctx))
            }
            Screen::Main | Screen::MemberCard if tab == Tab::Members => {
                run!(self, lent, members_tab, |m, ctx| m
                    .update(action, on_card, fallback, ctx))
            }
            Screen::Main | Screen::EntryDetail if tab == Tab::Journal => {
                run!(self, lent, journal, |j, ctx| j
                    .update(action, on_detail, fallback, ctx))
            }
            Screen::Main if tab == Tab::Accounts => {
                run!(self, lent, accounts, |a, ctx| a.update(action, ctx))
            }
            _ => Effect::Pass(action),
        }
    }

    /// Reads the report again (in a new language).
    pub(crate) fn reload_report(&mut self, lent: Lent) -> Effect {
        run!(self, lent, reports, |r, ctx| {
            r.load(ctx);
            Effect::None
        })
    }

    /// Lays the libro mayor out again (in a new language).
    pub(crate) fn reload_ledger(&mut self, lent: Lent) -> Effect {
        run!(self, lent, accounts, |a, ctx| {
            a.reload_ledger(ctx);
            Effect::None
        })
    }

    /// Reverses entry `id` (the yes to its question).
    pub(crate) fn reverse(&mut self, id: u64, lent: Lent) -> Effect {
        run!(self, lent, journal, |j, ctx| j.reverse(id, ctx))
    }

    /// The openings of the other screens from the main one (`on_card`: from
    /// the member card); other keys open nothing.
    pub(crate) fn open(&mut self, action: Action, on_card: bool, lent: Lent) -> Effect {
        use Action::*;
        match action {
            GoCobro => run!(self, lent, cobro, |c, ctx| c.open(ctx)),
            NewMember => run!(self, lent, member_form, |f, ctx| {
                members::MemberForm::open_in(f, None, ctx)
            }),
            EditMember => match self.members_tab.current(on_card).map(|mm| mm.id) {
                Some(id) => run!(self, lent, member_form, |f, ctx| {
                    members::MemberForm::open_in(f, Some(id), ctx)
                }),
                None => Effect::None,
            },
            NewEntry => run!(self, lent, entry_form, |f, ctx| {
                entry_form::EntryForm::open_in(f, ctx)
            }),
            GoLoans => run!(self, lent, money, |m, ctx| m.open_loans_afresh(ctx)),
            GoFund => run!(self, lent, money, |m, ctx| m.open_fund(ctx)),
            OpenSavings | Deposit | Withdraw => match (on_card, &self.members_tab.card) {
                (true, Some(card)) => {
                    let member = card.member.clone();
                    run!(self, lent, money, |m, ctx| m
                        .card_savings(action, &member, ctx))
                }
                _ => Effect::None,
            },
            OpenSettings => run!(self, lent, settings_form, |s, ctx| {
                settings::SettingsForm::open_in(s, ctx)
            }),
            OpenClose => run!(self, lent, close, |w, ctx| w.open(ctx)),
            OpenSetup => run!(self, lent, setup, |s, ctx| s.open(false, ctx)),
            FirstRunSetup => run!(self, lent, setup, |s, ctx| s.open(true, ctx)),
            // A loan application with no product: make one first.
            NewLoanProduct => run!(self, lent, setup, |s, ctx| s.open_for_loan(ctx)),
            // The product made, the application it was made for.
            NewLoan => run!(self, lent, money, |m, ctx| {
                let listed = m.open_loans(ctx);
                listed.then(m.update(NewLoan, ctx))
            }),
            GenerateCharges => run!(self, lent, charges, |c, ctx| c.open(ctx)),
            OpenBackup => run!(self, lent, backup, |b, ctx| b.open(ctx)),
            Waive | Retire => match (on_card, &self.members_tab.card) {
                (true, Some(card)) => {
                    let member = card.member.clone();
                    run!(self, lent, member_action, |slot, ctx| if action == Waive {
                        member_actions::MemberAction::open_waiver(slot, &member, ctx)
                    } else {
                        member_actions::MemberAction::open_retire(slot, &member, ctx)
                    })
                }
                _ => Effect::None,
            },
            OpenImport => run!(self, lent, import, |i, ctx| i.open(ctx)),
            OpenReports => {
                let fallback = self.accounts.month;
                run!(self, lent, reports, |r, ctx| r.open(fallback, ctx))
            }
            _ => Effect::None,
        }
    }

    /// The members' list (as the search box leaves it).
    pub fn members_view(&self) -> &[Member] {
        &self.members_tab.view
    }

    /// Whether the header marks the current tab on `screen` (not on the
    /// loans and fund screens).
    pub fn tab_shown(&self, screen: &Screen) -> bool {
        match screen {
            Screen::Money => self.money.tab_shown(),
            Screen::Setup => false,
            _ => true,
        }
    }

    /// The member card, its balances read again; the main screen when
    /// there is no card (or no book).
    pub(crate) fn back_to_card(&mut self, book: Option<&Book>) -> Screen {
        if let (Some(book), Some(card)) = (book, &mut self.members_tab.card) {
            card.refresh(book);
            Screen::MemberCard
        } else {
            Screen::Main
        }
    }

    /// Recomputes the teaching panel's lesson for the operation on `screen`
    /// (under `tab`); none without a book.
    pub(crate) fn refresh_lesson(
        &mut self,
        book: Option<&Book>,
        screen: &Screen,
        tab: Tab,
    ) -> Result<(), BookError> {
        let Some(book) = book else {
            self.teach.lesson = None;
            return Ok(());
        };
        let close = self.close.taught();
        let taught = match (screen, tab) {
            (Screen::EntryDetail, _) => self
                .journal
                .detail
                .as_ref()
                .map(|d| teach::Taught::Entry(&d.entry)),
            (Screen::EntryForm, _) => self
                .entry_form
                .as_ref()
                .and_then(|f| f.review.as_ref())
                .map(|d| teach::Taught::Postings(d.postings())),
            (Screen::Main, Tab::Cobro) => self
                .cobro
                .plan
                .as_ref()
                .filter(|_| self.cobro.phase == cobro::Phase::Confirm)
                .map(|p| teach::Taught::Postings(&p.postings)),
            (Screen::Money, _) => self
                .money
                .form
                .as_ref()
                .filter(|f| f.pending.is_some() && self.money.view == money::View::Form)
                .map(|f| teach::Taught::Postings(&f.taught)),
            (Screen::Close, _) => Some(teach::Taught::Postings(&close)),
            _ => None,
        };
        self.teach.refresh(book, taught)
    }
}

/// Draws the screen on show in `body`.
fn render_screen(app: &App, f: &mut Frame, body: Rect) {
    match app.screen {
        Screen::Welcome => app.screens.welcome.render(&app.view(), f, body),
        Screen::MemberForm => {
            if let Some(form) = &app.screens.member_form {
                form.render(&app.view(), f, body);
            }
        }
        Screen::EntryForm => {
            if let Some(form) = &app.screens.entry_form {
                form.render(&app.view(), f, body);
            }
        }
        Screen::Settings => {
            if let Some(s) = &app.screens.settings_form {
                s.render(&app.view(), f, body);
            }
        }
        Screen::Close => app.screens.close.render(&app.view(), f, body),
        Screen::Reports => app.screens.reports.render(&app.view(), f, body),
        Screen::MemberCard => app.screens.members_tab.render_card(&app.view(), f, body),
        Screen::EntryDetail => app.screens.journal.render_detail(&app.view(), f, body),
        Screen::Money => app.screens.money.render(&app.view(), f, body),
        Screen::Setup => app.screens.setup.render(&app.view(), f, body),
        Screen::Charges => app.screens.charges.render(&app.view(), f, body),
        Screen::MemberAction => {
            if let Some(m) = &app.screens.member_action {
                m.render(&app.view(), f, body);
            }
        }
        Screen::Backup => app.screens.backup.render(&app.view(), f, body),
        Screen::Import => app.screens.import.render(&app.view(), f, body),
        Screen::Ledger => {
            if let Some(l) = &app.screens.accounts.ledger {
                l.render(&app.view(), f, body);
            }
        }
        Screen::Main => match app.tab {
            Tab::Dashboard => {
                if let Some(d) = &app.screens.dash {
                    d.render(&app.view(), &app.screens.assoc_name, f, body);
                }
            }
            Tab::Members => app.screens.members_tab.render_list(&app.view(), f, body),
            Tab::Journal => app.screens.journal.render_list(&app.view(), f, body),
            Tab::Accounts => app.screens.accounts.render(&app.view(), f, body),
            Tab::Cobro => app.screens.cobro.render(&app.view(), f, body),
        },
    }
}

thread_local! {
    /// Whether the screen being drawn is drawn in ASCII ([`App::ascii`]):
    /// set by [`render`], read by [`mark`].
    static ASCII: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A mark as this console draws it: `✓` or `[ok]`, `✗` or `[x]`, `⚠` or `!`.
pub fn mark(m: Mark) -> &'static str {
    m.text(ASCII.with(std::cell::Cell::get))
}

/// Draws the whole screen; on an old console ([`App::ascii`]) every
/// character it cannot show is then drawn in ASCII.
pub fn render(app: &App, f: &mut Frame) {
    ASCII.with(|a| a.set(app.ascii));
    render_unicode(app, f);
    if app.ascii {
        let area = f.area();
        to_ascii(f.buffer_mut(), area);
    }
}

/// Draws in ASCII every character of `area` a raster font cannot show
/// ([`crate::domain::glyphs::fallback`]), one for one.
pub fn to_ascii(buf: &mut ratatui::buffer::Buffer, area: Rect) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y))
                && !crate::domain::glyphs::is_plain(cell.symbol())
            {
                // One character per cell (a combining accent is dropped).
                let first = cell.symbol().chars().next().unwrap_or(' ');
                let shown = crate::domain::glyphs::fallback(first).unwrap_or(first);
                cell.set_char(shown);
            }
        }
    }
}

/// What a status line starts with: a mark and, for an error, the word.
pub fn status_mark(error: bool, lang: Lang) -> String {
    if error {
        format!("{} {}", mark(Mark::Bad), Msg::UiStatusError.t(lang))
    } else {
        mark(Mark::Ok).to_string()
    }
}

fn render_unicode(app: &App, f: &mut Frame) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base), area);
    if too_small(area.width, area.height) {
        let p = Paragraph::new(app.t(Msg::UiTooSmall))
            .style(app.theme.warning)
            .wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(p, area);
        return;
    }
    // A status line longer than the window takes a second row (the body
    // gives it up) rather than losing its end.
    let status_rows = match &app.status {
        Some((text, _)) => {
            let first = text.lines().next().unwrap_or("");
            let w = unicode_width::UnicodeWidthStr::width(first) + 2;
            if w > area.width as usize { 2 } else { 1 }
        }
        None => 1,
    };
    let [head, _, body, status, foot] = frame_areas_with(app.density, area, status_rows);
    header(app, f, head);
    // The teaching panel takes the lower part of the screen under the
    // operation: the operation is drawn once in the whole body to measure
    // the rows it uses, then again above the panel. The counter is measured
    // by its right half, the visit's preview: its member list on the left
    // takes whatever it is given.
    let body = if app.screens.teach.showing() && body.height >= teach::MIN_BODY {
        render_screen(app, f, body);
        let measured = if app.screen == Screen::Main && app.tab == Tab::Cobro {
            let half = body.width / 2;
            Rect {
                x: body.x + half,
                width: body.width - half,
                ..body
            }
        } else {
            body
        };
        let need = teach::used_rows(f.buffer_mut(), measured);
        f.render_widget(ratatui::widgets::Clear, body);
        f.render_widget(Block::default().style(app.theme.base), body);
        app.screens.teach.render(&app.view(), f, body, need)
    } else {
        body
    };
    render_screen(app, f, body);
    if let Some((text, is_error)) = &app.status {
        // An error or a success is said by a mark and a word, not by colour alone.
        let (style, mark) = if *is_error {
            (app.theme.error, status_mark(true, app.lang))
        } else {
            (app.theme.ok, status_mark(false, app.lang))
        };
        let first = text.lines().next().unwrap_or("");
        let shown = if first.starts_with(&mark) {
            first.to_string()
        } else {
            format!("{mark} {first}")
        };
        f.render_widget(
            Paragraph::new(shown)
                .style(style)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            status,
        );
    }
    if app.confirm_reverse.is_some() {
        f.render_widget(
            Paragraph::new(app.t(Msg::UiConfirmReverse)).style(app.theme.warning),
            status,
        );
    }
    if app.confirm_discard {
        f.render_widget(
            Paragraph::new(app.t(Msg::UiConfirmDiscard)).style(app.theme.warning),
            status,
        );
    }
    if let Some(o) = &app.confirm_outsized {
        let q = crate::i18n::fill(
            app.t(Msg::UiConfirmOutsized),
            &[
                ("amount", &o.amount.localized(app.lang)),
                ("assets", &o.assets.localized(app.lang)),
            ],
        );
        f.render_widget(Paragraph::new(q).style(app.theme.warning), status);
    }
    let keys = fit_footer(footer(app.key_context(), app.lang), foot.width as usize);
    // Roomy: more air between the keys, when the line still fits.
    let roomy_w: usize = keys
        .iter()
        .map(|(k, w)| k.chars().count() + w.chars().count() + 4)
        .sum::<usize>()
        + 1;
    let roomy = app.density.is_roomy() && roomy_w <= foot.width as usize;
    let mut spans = Vec::new();
    if roomy {
        spans.push(Span::raw(" "));
    }
    for (k, what) in keys {
        if roomy {
            spans.push(Span::styled(k.to_string(), app.theme.key_hint));
            spans.push(Span::styled(format!(" {what}   "), app.theme.muted));
        } else {
            spans.push(Span::styled(k.to_string(), app.theme.key_hint));
            spans.push(Span::styled(format!(" {what} "), app.theme.muted));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), foot);
    match &app.overlay {
        Some(Overlay::Help(h)) => h.render(&app.view(), f, area),
        Some(Overlay::Glossary(g)) => g.render(&app.view(), f, area),
        None => {}
    }
    if app.screens.exercises.open {
        app.screens.exercises.render(&app.view(), f, area);
    }
}

/// Whether a window is too small to draw the screens in (they say so instead).
pub fn too_small(width: u16, height: u16) -> bool {
    width < 60 || height < 12
}

/// The frame's parts: header, gap, body, status line, footer.
fn frame_areas(density: Density, area: Rect) -> [Rect; 5] {
    frame_areas_with(density, area, 1)
}

/// The frame's parts with a status line of `status_rows` rows.
fn frame_areas_with(density: Density, area: Rect, status_rows: u16) -> [Rect; 5] {
    // Roomy: a blank line under the header when the window has the rows for it.
    let gap = u16::from(density.is_roomy() && area.height >= 20);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(gap),
        Constraint::Min(5),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The screens' part of a window of `area` (under the header, above the
/// status line).
pub fn body_area(density: Density, area: Rect) -> Rect {
    frame_areas(density, area)[2]
}

/// Rows a list shows on a page in a window of `area`.
pub fn page_rows(density: Density, area: Rect) -> usize {
    let [_, _, body, _, _] = frame_areas(density, area);
    density
        .rows_in(body.height.saturating_sub(4) as usize)
        .max(1)
}

fn header(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" ayni ", app.theme.title)];
    if app.book.is_some() {
        for (tab, m) in [
            (Tab::Dashboard, Msg::UiTabDashboard),
            (Tab::Members, Msg::UiTabMembers),
            (Tab::Journal, Msg::UiTabJournal),
            (Tab::Accounts, Msg::UiTabAccounts),
            (Tab::Cobro, Msg::UiTabCobro),
        ] {
            // The active tab is marked by brackets as well as by colour.
            if app.tab == tab && app.screen != Screen::Welcome && app.screens.tab_shown(&app.screen)
            {
                spans.push(Span::styled(
                    format!("[{}]", app.t(m)),
                    app.theme.tab_active,
                ));
            } else {
                spans.push(Span::styled(
                    format!(" {} ", app.t(m)),
                    app.theme.tab_inactive,
                ));
            }
        }
    }
    // A view of a book another window holds, before any other mark.
    if let Some(mark) = &app.viewing {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" {mark} "), app.theme.practice_banner));
    }
    if app.screens.practice {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::UiPractice)),
            app.theme.practice_banner,
        ));
    }
    if app.screens.redacted {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::UiRedacted)),
            app.theme.practice_banner,
        ));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let name_room = (area.width as usize).saturating_sub(used + 1);
    if name_room > 4 {
        // A name too long for the room ends at a word, with "…".
        let name = fit(&app.screens.assoc_name, name_room)
            .trim_end()
            .to_string();
        spans.push(Span::styled(format!("{name:>name_room$}"), app.theme.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block with a title (padded inside in the roomy layout: see
/// [`inner_w`]).
pub fn block<'a>(app: &impl Look, title: &'a str, focus: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(app.density().padding()))
        .border_style(if focus {
            app.theme().border_focus
        } else {
            app.theme().border
        })
        .title(Span::styled(format!(" {title} "), app.theme().title))
}

/// A form's lines, wrapped, in a focused block titled `title`.
pub fn form_panel(app: &impl Look, f: &mut Frame, title: &str, lines: Vec<Line>, area: Rect) {
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, title, true)),
        area,
    );
}

/// The style of a list's row: selected, plain, or `other` (a retired
/// member, an account that takes no postings).
pub fn row_style(app: &impl Look, selected: bool, plain: bool, other: Style) -> Style {
    if selected {
        app.theme().selected
    } else if plain {
        app.theme().base
    } else {
        other
    }
}

/// A posting's amount in its column, `w` wide (debit or credit), the other
/// column blank.
pub fn posting_sides<'a>(
    app: &impl Look,
    p: &crate::domain::entry::Posting,
    w: usize,
) -> (Span<'a>, Span<'a>) {
    use crate::domain::entry::Side;
    let blank = || Span::raw(" ".repeat(w));
    match p.side {
        Side::Debit => (amount(app, p.amount, w), blank()),
        Side::Credit => (blank(), amount(app, p.amount, w)),
    }
}

/// A tab's block, titled with the tab's name without its key ("2 Socios":
/// "Socios").
pub fn tab_block<'a>(app: &impl Look, tab: Msg, focus: bool) -> Block<'a> {
    let name = tab.t(app.lang());
    block(
        app,
        name.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' '),
        focus,
    )
}

/// An amount right-aligned in `w` columns, styled by sign.
pub fn amount<'a>(app: &impl Look, m: Money, w: usize) -> Span<'a> {
    let style: Style = if m.is_negative() {
        app.theme().amount_negative
    } else {
        app.theme().base
    };
    Span::styled(format!("{:>w$}", m.localized(app.lang())), style)
}

/// The columns of text inside a [`block`] drawn on `area` (its borders and,
/// when roomy, its padding left out).
pub fn inner_w(app: &impl Look, area: Rect) -> usize {
    area.width.saturating_sub(2 + 2 * app.density().padding()) as usize
}

/// How many rows of a list fit in `lines` screen lines in the app's layout
/// (roomy leaves a blank line between rows).
pub fn fit_rows(app: &impl Look, lines: usize) -> usize {
    app.density().rows_in(lines)
}

/// The rows of a list to show, keeping `sel` visible in `lines` screen lines
/// (fewer rows when roomy).
pub fn list_window(
    app: &impl Look,
    sel: usize,
    len: usize,
    lines: usize,
) -> std::ops::Range<usize> {
    window(sel, len, fit_rows(app, lines))
}

/// The rows of a list or table as screen lines: as they are when compact,
/// with a blank line between two rows when roomy. Every list and table
/// goes through here, so the layout is decided in one place.
pub fn spaced<'a>(app: &impl Look, rows: Vec<Line<'a>>) -> Vec<Line<'a>> {
    if !app.density().is_roomy() {
        return rows;
    }
    let mut out = Vec::with_capacity(rows.len() * 2);
    for (i, r) in rows.into_iter().enumerate() {
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(r);
    }
    out
}

/// [`spaced`] when the spaced rows fit in `room` lines, else the rows as
/// they are: the roomy layout gives way before anything is pushed off screen.
pub fn spaced_in<'a>(app: &impl Look, rows: Vec<Line<'a>>, room: usize) -> Vec<Line<'a>> {
    if rows.len() * 2 > room + 1 {
        return rows;
    }
    spaced(app, rows)
}

/// The mark of the selected row ("▸ "), or as many spaces: the selection is
/// seen without colour too.
pub const fn sel_mark(selected: bool) -> &'static str {
    if selected { "▸ " } else { "  " }
}

/// Columns the selection mark takes.
pub const MARK_W: usize = 2;

/// A form field's label, `w` columns wide, the focused one marked "▸ " (and
/// styled as a title), the others indented to match.
pub fn field_label<'a>(app: &impl Look, label: &str, focus: bool, w: usize) -> Span<'a> {
    Span::styled(
        fit(&format!("{}{label}", sel_mark(focus)), w),
        if focus {
            app.theme().title
        } else {
            app.theme().muted
        },
    )
}

/// One line of text in one style.
pub fn styled<'a>(text: impl Into<std::borrow::Cow<'a, str>>, style: Style) -> Line<'a> {
    Line::from(Span::styled(text, style))
}

/// A field's style: refused, focused (`fresh`: focused and not typed in yet,
/// shown as selected), or plain.
pub fn field_style(app: &impl Look, input: &Input, focus: bool, fresh: bool) -> Style {
    if input.error.is_some() {
        app.theme().input_invalid
    } else if focus && fresh {
        app.theme().selected
    } else if focus {
        app.theme().input
    } else {
        app.theme().base
    }
}

/// A key for a form's field whose first value is a suggestion (`fresh`):
/// replaced by what is typed or pasted, edited in place once the cursor
/// moves or a key deletes. `Some`: what the form answers now (the refusal
/// in words, or nothing when only the cursor moved); `None`: the value
/// changed, the form works its figures out again.
pub fn type_fresh(
    input: &mut Input,
    fresh: &mut bool,
    a: &crate::ui::keymap::Action,
    lang: Lang,
) -> Option<crate::ui::screen::Effect> {
    use crate::ui::keymap::Action;
    use crate::ui::screen::Effect;
    let mut typed = input.value.clone();
    if *fresh && matches!(a, Action::Char(_) | Action::Paste(_)) {
        typed.clear();
    }
    if let Some(Err(r)) = a.apply_to(&mut typed) {
        return Some(Effect::error(r.message(lang)));
    }
    input.value = typed;
    *fresh = false;
    a.moves_cursor().then_some(Effect::None)
}

/// What a form's fields hold, kept when it opens: a form whose fields hold
/// something else has been changed, and Esc asks before throwing it away.
pub fn typed<'a>(inputs: impl IntoIterator<Item = &'a Input>) -> Vec<String> {
    inputs.into_iter().map(|i| i.value.to_string()).collect()
}

/// Moves a form's focus around its `n` fields for Tab, Shift-Tab and the
/// arrows (from the last to the first and back); says whether the key was
/// one of them.
pub fn move_focus(focus: &mut usize, n: usize, action: &crate::ui::keymap::Action) -> bool {
    use crate::ui::keymap::Action;
    match action {
        Action::NextField | Action::Down => *focus = (*focus + 1) % n,
        Action::PrevField | Action::Up => *focus = (*focus + n - 1) % n,
        _ => return false,
    }
    true
}

/// A form field as lines: its label (`label_w` columns) and its whole value,
/// then what is wrong with it under the value, wrapped to `width`.
pub fn form_field(
    app: &impl Look,
    label: &str,
    input: &Input,
    focus: bool,
    label_w: usize,
    width: usize,
    lines: &mut Vec<Line<'_>>,
) {
    lines.push(Line::from(vec![
        field_label(app, label, focus, label_w),
        Span::styled(
            input.value.view_whole(focus),
            field_style(app, input, focus, false),
        ),
    ]));
    if let Some(e) = &input.error {
        lines.push(styled(under_field(e, label_w, width), app.theme().error));
    }
}

/// The lines of a form that fit in `room` screen lines, rows `keep` (the
/// focused field, and what goes with it) always among them; a line marks
/// that there is more above ("más ↑") or below ("más ↓"). Lines that fit
/// are shown as they are.
pub fn scrolled<'a>(
    app: &impl Look,
    lines: Vec<Line<'a>>,
    room: usize,
    keep: std::ops::RangeInclusive<usize>,
) -> Vec<Line<'a>> {
    let len = lines.len();
    if len <= room || room < 3 {
        return lines;
    }
    let b = (*keep.end()).min(len - 1);
    let a = (*keep.start()).min(b);
    let (start, end) = if b < room - 1 {
        (0, room - 1)
    } else if len - (room - 1) <= a {
        (len - (room - 1), len)
    } else {
        let content = room - 2;
        let start = (b + 1).saturating_sub(content).max(1).min(a);
        (start, start + content)
    };
    let mark = |m: Msg| styled(format!("  {}", m.t(app.lang())), app.theme().info);
    let mut out = Vec::with_capacity(room);
    if start > 0 {
        out.push(mark(Msg::UiMoreAbove));
    }
    out.extend(lines.into_iter().skip(start).take(end - start));
    if end < len {
        out.push(mark(Msg::UiMoreBelow));
    }
    out
}

/// A `w` by `h` rectangle in the middle of `area` (an overlay), no larger
/// than it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// An error under a field: a mark and the message.
pub fn error_text(e: &str) -> String {
    format!("{} {e}", mark(Mark::Bad))
}

/// An error under a form's field: under the value (`indent` columns in)
/// when it fits in `w` columns, else from the left edge.
pub fn under_field(e: &str, indent: usize, w: usize) -> String {
    let e = error_text(e);
    if indent + unicode_width::UnicodeWidthStr::width(e.as_str()) <= w {
        format!("{:indent$}{e}", "")
    } else {
        e
    }
}

/// One column of a table's heading row.
pub enum Head<'a> {
    /// A title on the left of its width, cut or padded to it.
    L(&'a str, usize),
    /// A title on the right of its width (an amount's column).
    R(&'a str, usize),
    /// Text as it is: a gap, the room of the selection mark.
    Raw(&'a str),
}

/// A table's heading row, in the header style: the titles over the
/// columns the rows below fill at the same widths.
pub fn heading(app: &ViewCtx, cols: &[Head]) -> Line<'static> {
    let mut text = String::new();
    for c in cols {
        match *c {
            Head::L(t, w) => text.push_str(&fit(t, w)),
            Head::R(t, w) => text.push_str(&format!("{t:>w$}")),
            Head::Raw(t) => text.push_str(t),
        }
    }
    styled(text, app.theme.header)
}

/// Pads a text to `w` columns, or shortens it to them: at the end of a
/// word, with "…" for what is left out (a single word longer than the room
/// is cut, with "…"). Nothing is cut mid-word where a word boundary fits.
pub fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        let mut out = s.to_string();
        out.push_str(&" ".repeat(w - n));
        return out;
    }
    if w == 0 {
        return String::new();
    }
    let chars: Vec<char> = s.chars().collect();
    // The room for the text before the "…".
    let room = w - 1;
    let head: String = chars[..room].iter().collect();
    // The last word boundary within the room: a space (or a separator such
    // as "·" or "—" after one), when it keeps at least half the room.
    let cut = match head.rfind(' ') {
        Some(i) if head[..i].chars().count() * 2 >= room => head[..i].trim_end().to_string(),
        _ => head,
    };
    let cut = cut.trim_end_matches([' ', '·', '—', ',', ':']).to_string();
    let mut out = format!("{cut}…");
    let len = out.chars().count();
    if len < w {
        out.push_str(&" ".repeat(w - len));
    }
    out
}

/// The window of rows `len` rows long that keeps `sel` visible in `height` rows.
pub fn window(sel: usize, len: usize, height: usize) -> std::ops::Range<usize> {
    if len <= height {
        return 0..len;
    }
    let start = sel.saturating_sub(height / 2).min(len - height);
    start..start + height
}

/// A list's selection after an arrow or a page key (`page` rows a page),
/// kept inside the list's `len` rows; other keys leave it.
pub fn moved(sel: usize, len: usize, action: crate::ui::keymap::Action, page: usize) -> usize {
    use crate::ui::keymap::Action;
    let by = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -(page as i64),
        Action::PageDown => page as i64,
        _ => 0,
    };
    if len == 0 {
        return sel;
    }
    (sel as i64 + by).clamp(0, len as i64 - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::fit;
    use proptest::prelude::*;

    #[test]
    fn a_long_text_gives_way_at_a_word_with_an_ellipsis() {
        assert_eq!(
            fit("Caja Solidaria Sumak Kawsay", 24),
            "Caja Solidaria Sumak…   "
        );
        assert_eq!(
            fit("Cartera de microcrédito productivo", 24),
            "Cartera de microcrédito…"
        );
        // One long word: cut, and said so.
        assert_eq!(fit("Desmembramiento", 8), "Desmemb…");
        assert_eq!(fit("corto", 8), "corto   ");
        assert_eq!(fit("abc", 0), "");
    }

    proptest! {
        #[test]
        fn fit_is_always_the_width_asked_and_never_ends_mid_word_when_a_space_fits(
            words in proptest::collection::vec("[a-záéíóúñ]{1,12}", 1..8), w in 1usize..40,
        ) {
            let s = words.join(" ");
            let out = fit(&s, w);
            prop_assert_eq!(out.chars().count(), w);
            if s.chars().count() > w {
                let shown = out.trim_end();
                prop_assert!(shown.ends_with('…'));
                let kept = shown.trim_end_matches('…');
                prop_assert!(s.starts_with(kept));
                // Ends at a word's end, unless the first word alone is too long
                // or keeping whole words would leave less than half the room.
                let at_word_end = s[kept.len()..].starts_with(' ');
                prop_assert!(at_word_end || kept.chars().count() * 2 >= (w - 1) || !kept.contains(' '));
            } else {
                prop_assert_eq!(out.trim_end(), s.trim_end());
            }
        }
    }
}
