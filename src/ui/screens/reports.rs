//! The reports screen: the association's statements, a member's statement
//! and the arrears of a month, on screen and exported beside the book.
//!
//! Every report is the library's ([`crate::report`]): it is laid out as a
//! [`Doc`] once, when the report or the month changes; the screen draws that
//! document and the export writes it in the chosen format.
//!
//! The reports screen: the report selector and the month on top, the report
//! below (scrollable), and the member picker over it when open.
//!
//! A report is drawn from its [`Doc`], the same layout the exports write:
//! tables fit the window by narrowing the account names, and columns that
//! still do not fit are left out (and named under the report).

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style as TStyle};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{block, fit, inner_w, list_window, sel_mark, spaced, styled};
use crate::books::BookError;
use crate::domain::member::Member;
use crate::domain::period::Month;
use crate::i18n::Msg;
use crate::i18n::{Lang, fill};
use crate::report::registry::{self, Param, Params};
use crate::report::render::{Block, Cell, Doc, Format, Kind, Report, Style, Table, render_doc};
use crate::report::seps;
use crate::ui::app::Screen;
use crate::ui::density::Density;
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::text_input::TextInput;

/// The reports on offer, in the order the screen shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReportKind {
    /// Estado de situación financiera (the balance sheet).
    #[default]
    Position,
    Income,
    Trial,
    Cash,
    Member,
    Arrears,
}

impl ReportKind {
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Position,
        ReportKind::Income,
        ReportKind::Trial,
        ReportKind::Cash,
        ReportKind::Member,
        ReportKind::Arrears,
    ];

    /// The short name on the screen's selector.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportKind::Position => Msg::UiRepPosition.t(lang),
            ReportKind::Income => Msg::UiRepIncome.t(lang),
            ReportKind::Trial => Msg::UiRepTrial.t(lang),
            ReportKind::Cash => Msg::UiRepCash.t(lang),
            ReportKind::Member => Msg::UiRepMember.t(lang),
            ReportKind::Arrears => Msg::UiRepArrears.t(lang),
        }
    }

    /// The start of an exported file's name.
    pub fn file_stem(self, lang: Lang) -> &'static str {
        match self {
            ReportKind::Position => Msg::UiStemPosition,
            ReportKind::Income => Msg::UiStemIncome,
            ReportKind::Trial => Msg::UiStemTrial,
            ReportKind::Cash => Msg::UiStemCash,
            ReportKind::Member => Msg::UiStemMember,
            ReportKind::Arrears => Msg::UiStemArrears,
        }
        .t(lang)
    }

    fn step(self, by: i64) -> ReportKind {
        let n = Self::ALL.len() as i64;
        let i = Self::ALL.iter().position(|k| *k == self).unwrap_or(0) as i64;
        Self::ALL[(i + by).rem_euclid(n) as usize]
    }
}

/// The formats a report is exported in, with the key that picks each.
pub const EXPORT_FORMATS: [(char, Format); 5] = [
    ('c', Format::Csv),
    ('s', Format::CsvEs),
    ('e', Format::Xlsx),
    ('h', Format::Html),
    ('p', Format::Pdf),
];

/// How an exported file's name ends: its extension, and `-excel` before it
/// for the CSV that Excel in Spanish opens as it is (beside the plain CSV).
pub fn file_ending(format: Format) -> String {
    match format {
        Format::CsvEs => format!("-excel.{}", format.extension()),
        _ => format!(".{}", format.extension()),
    }
}

/// The files the list offers after the reports: the regulator's (the B11
/// has its own key, `b`) and the whole journal in plain-text accounting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SepsExport {
    S01,
    Balances,
    /// The registry's `journal` in hledger's plain text (as `ayni export
    /// journal`), named with the association.
    Journal,
    /// The month's signed package for the network (as `ayni export
    /// network`), and the book's public key for the coordinator beside it.
    Network,
}

/// The exports at the end of the list of every report, with their titles.
pub const EXPORTS: [(Msg, SepsExport); 4] = [
    (Msg::UiRepJournalTextExport, SepsExport::Journal),
    (Msg::UiRepS01Export, SepsExport::S01),
    (Msg::UiRepBalancesExport, SepsExport::Balances),
    (Msg::UiRepNetworkExport, SepsExport::Network),
];

/// The member picker of the member statement.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    query: TextInput,
    matches: Vec<Member>,
    sel: usize,
}

/// The screen's state.
#[derive(Clone, Debug, Default)]
pub struct Reports {
    pub kind: ReportKind,
    /// The month shown; set when the screen opens.
    pub month: Option<Month>,
    /// The member of the member statement.
    pub member: Option<Member>,
    /// The report laid out, as on paper.
    pub doc: Option<Doc>,
    /// Lines the document takes on screen, and the first one shown.
    pub lines: usize,
    scroll: usize,
    /// Choosing the member.
    pub picker: Option<Picker>,
    /// Waiting for the export format's key.
    choosing_format: bool,
    /// Why the report could not be made, in words.
    pub error: Option<String>,
    /// A report of the registry shown instead of the six on the selector
    /// (every report the command line has is reachable here).
    other: Option<&'static registry::Entry>,
    /// The list of every report, when open: the line selected.
    list: Option<usize>,
}

/// What a registry entry is on the selector, when it is one of the six.
fn kind_of(id: &str) -> Option<ReportKind> {
    Some(match id {
        "balance-sheet" => ReportKind::Position,
        "income-statement" => ReportKind::Income,
        "cash-book" => ReportKind::Cash,
        "member-statement" => ReportKind::Member,
        "arrears" => ReportKind::Arrears,
        _ => return None,
    })
}

impl Reports {
    /// Which keymap applies: the member picker's, the list of every
    /// report's, the export format's, or the screen's.
    pub fn context(&self) -> Context {
        if self.picker.is_some() {
            Context::Picker
        } else if self.list.is_some() {
            Context::ReportList
        } else if self.choosing_format {
            Context::ExportFormat
        } else {
            Context::Reports
        }
    }

    /// Opens the screen on the current month (`fallback` when the book
    /// cannot say which it is).
    pub fn open(&mut self, fallback: Month, ctx: &mut Ctx) -> Effect {
        let month = ctx.book.current_month().unwrap_or(fallback);
        if self.month.is_none() {
            self.month = Some(month);
        }
        self.picker = None;
        self.choosing_format = false;
        self.load(ctx);
        Effect::Show(Screen::Reports)
    }

    /// Lays out the chosen report for the month (in `update`, never in render).
    pub fn load(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let r = self;
        r.scroll = 0;
        r.doc = None;
        r.lines = 0;
        r.error = None;
        let Some(month) = r.month else {
            return;
        };
        if let Some(entry) = r.other {
            let mut p = Params::new(lang);
            p.month = Some(month);
            if entry.takes(Param::Member) {
                p.member = r.member.as_ref().map(|m| format!("#{}", m.id));
            }
            match entry.build(book, &p) {
                Ok(report) => {
                    let doc = report.doc(lang);
                    r.lines = self::line_count(&doc, ctx.density);
                    r.doc = Some(doc);
                }
                Err(e) => r.error = Some(e.message(lang)),
            }
            return;
        }
        use crate::report::statements as st;
        let doc: Result<Option<Doc>, BookError> = match r.kind {
            ReportKind::Position => {
                st::financial_position(book, month, lang).map(|x| Some(x.to_doc(lang)))
            }
            ReportKind::Income => {
                st::income_statement(book, month, lang).map(|x| Some(x.to_doc(lang)))
            }
            // Sumas y saldos: the command line's trial balance.
            ReportKind::Trial => {
                crate::report::trial_balance::TrialBalanceReport::of(book, month, lang)
                    .map(|x| Some(x.to_doc(lang)))
            }
            ReportKind::Cash => st::cash_book(book, month, lang).map(|x| Some(x.to_doc(lang))),
            ReportKind::Member => match &r.member {
                Some(m) => crate::report::member_statement::member_statement(
                    book, m.id, month, month, lang,
                )
                .map(|x| Some(x.to_doc(lang))),
                None => Ok(None),
            },
            ReportKind::Arrears => {
                crate::report::arrears::arrears_report(book, month).map(|x| Some(x.to_doc(lang)))
            }
        };
        match doc {
            Ok(d) => {
                r.lines = d
                    .as_ref()
                    .map(|d| self::line_count(d, ctx.density))
                    .unwrap_or(0);
                r.doc = d;
            }
            Err(e) => r.error = Some(e.message(lang)),
        }
    }

    /// The report's line count in a new layout, the scroll kept inside it.
    pub fn relayout(&mut self, density: Density) {
        if let Some(doc) = &self.doc {
            self.lines = line_count(doc, density);
            self.scroll = self.scroll.min(self.lines.saturating_sub(1));
        }
    }

    /// A key on the reports screen.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.picker.is_some() {
            return self.update_picker(action, ctx);
        }
        if self.list.is_some() {
            return self.update_list(action, ctx);
        }
        if self.choosing_format {
            self.choosing_format = false;
            if let Action::Char(c) = action
                && let Some((_, format)) = EXPORT_FORMATS.iter().find(|(k, _)| *k == c)
            {
                return self.export_report(*format, ctx);
            }
            return Effect::ClearStatus;
        }
        let page = ctx.page.max(1);
        match action {
            Action::NextField | Action::PrevField => {
                let by = if action == Action::NextField { 1 } else { -1 };
                // From a report of the list, the selector starts again at
                // the one it showed last.
                self.kind = if self.other.take().is_some() {
                    self.kind
                } else {
                    self.kind.step(by)
                };
                if self.kind == ReportKind::Member && self.member.is_none() {
                    self.open_picker(ctx);
                }
                self.load(ctx);
            }
            Action::PrevMonth | Action::NextMonth => {
                let Some(m) = self.month else {
                    return Effect::None;
                };
                let latest = ctx.book.current_month().unwrap_or(m);
                let next = if action == Action::PrevMonth {
                    m.prev()
                } else {
                    m.next()
                };
                if next > latest {
                    return Effect::error(ctx.t(Msg::UiRepNoLaterMonth));
                }
                self.month = Some(next);
                self.load(ctx);
            }
            Action::Up => self.scroll_by(-1, page),
            Action::Down => self.scroll_by(1, page),
            Action::PageUp => self.scroll_by(-(page as i64), page),
            Action::PageDown => self.scroll_by(page as i64, page),
            Action::PickMember => self.open_picker(ctx),
            Action::Export => {
                if self.doc.is_some() {
                    self.choosing_format = true;
                    return Effect::say(ctx.t(Msg::UiRepChooseFormat));
                }
                return Effect::error(ctx.t(Msg::UiRepNothingToExport));
            }
            Action::SepsExport => return self.export_b11(ctx),
            Action::OtherReports => {
                let at = self
                    .other
                    .and_then(|e| registry::REPORTS.iter().position(|x| x.id == e.id))
                    .unwrap_or(0);
                self.list = Some(at);
            }
            Action::Back => return Effect::Main,
            Action::Open | Action::Submit => {}
            // Tabs, help, the language, the other screens.
            other => return Effect::Pass(other),
        }
        Effect::None
    }

    fn scroll_by(&mut self, by: i64, page: usize) {
        let max = self.lines.saturating_sub(page);
        self.scroll = (self.scroll as i64 + by).clamp(0, max as i64) as usize;
    }

    fn open_picker(&mut self, ctx: &Ctx) {
        let mut p = Picker {
            matches: crate::books::members::search(ctx.members.to_vec(), ""),
            ..Picker::default()
        };
        if let Some(m) = &self.member {
            p.sel = p.matches.iter().position(|x| x.id == m.id).unwrap_or(0);
        }
        self.picker = Some(p);
    }

    fn update_picker(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(p) = &mut self.picker else {
            return Effect::None;
        };
        match action {
            a if a.moves_cursor() => {
                let _ = a.apply_to(&mut p.query);
            }
            a if a.edit().is_some() => {
                if let Some(Err(r)) = a.apply_to(&mut p.query) {
                    return Effect::error(r.message(ctx.lang));
                }
                p.matches = crate::books::members::search(ctx.members.to_vec(), &p.query);
                p.sel = 0;
            }
            Action::Up => p.sel = p.sel.saturating_sub(1),
            Action::Down => p.sel = (p.sel + 1).min(p.matches.len().saturating_sub(1)),
            Action::Submit | Action::NextField | Action::Open => {
                let Some(m) = p.matches.get(p.sel).cloned() else {
                    return Effect::error(ctx.t(Msg::UiCobroNoMember));
                };
                self.member = Some(m);
                self.kind = ReportKind::Member;
                self.picker = None;
                self.load(ctx);
            }
            Action::Back => self.picker = None,
            _ => {}
        }
        Effect::None
    }

    /// A key in the list of every report.
    fn update_list(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(sel) = self.list else {
            return Effect::None;
        };
        let last = registry::REPORTS.len() + EXPORTS.len() - 1;
        match action {
            Action::Up => self.list = Some(sel.saturating_sub(1)),
            Action::Down => self.list = Some((sel + 1).min(last)),
            Action::PageUp => self.list = Some(sel.saturating_sub(ctx.page.max(1))),
            Action::PageDown => self.list = Some((sel + ctx.page.max(1)).min(last)),
            Action::Submit | Action::Open => {
                let Some(entry) = registry::REPORTS.get(sel) else {
                    self.list = None;
                    return match EXPORTS.get(sel - registry::REPORTS.len()) {
                        Some((_, export)) => self.export_seps(*export, ctx),
                        None => Effect::None,
                    };
                };
                self.list = None;
                match kind_of(entry.id) {
                    Some(kind) => {
                        self.other = None;
                        self.kind = kind;
                        if kind == ReportKind::Member && self.member.is_none() {
                            self.open_picker(ctx);
                        }
                    }
                    None => self.other = Some(entry),
                }
                self.load(ctx);
            }
            Action::Back => self.list = None,
            Action::Quit => return Effect::Pass(action),
            _ => {}
        }
        Effect::None
    }

    /// Where the report on screen is exported in `format`, beside the book
    /// at `book_path`.
    pub fn export_path(&self, format: Format, book_path: &Path, lang: Lang) -> Option<PathBuf> {
        let month = self.month?;
        let stem = match self.other {
            Some(entry) => file_stem(entry.title.t(lang)),
            None => self.kind.file_stem(lang).to_string(),
        };
        let name = match (self.other, self.kind, &self.member) {
            // The member's number, not their cédula: a file name shows in
            // every folder listing and attachment.
            (None, ReportKind::Member, Some(m)) => {
                format!("{stem}-{}-{}{}", m.id, month, file_ending(format))
            }
            _ => format!("{stem}-{}{}", month, file_ending(format)),
        };
        Some(book_dir(book_path).join(name))
    }

    /// Writes the report on screen beside the book; the status line says where.
    fn export_report(&mut self, format: Format, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let (Some(doc), Some(path)) = (&self.doc, self.export_path(format, ctx.book_path, lang))
        else {
            return Effect::None;
        };
        let result = render_doc(doc, format, lang)
            .map_err(|e| e.message(lang))
            .and_then(|bytes| {
                super::cobro::write_atomically(&path, &bytes).map_err(|e| {
                    fill(
                        Msg::UiCobroExportFailed.t(lang),
                        &[("path", &path.display()), ("error", &e)],
                    )
                })
            });
        match result {
            Ok(()) => Effect::say(fill(
                Msg::UiRepExported.t(lang),
                &[("path", &path.display())],
            )),
            Err(msg) => Effect::error(msg),
        }
    }

    /// Writes the regulator's S01 members file or the monthly-balances
    /// spreadsheet of the month beside the book, under the name the
    /// regulator expects (as `ayni export seps-s01|balances-xlsx`).
    fn export_seps(&mut self, export: SepsExport, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(month) = self.month else {
            return Effect::None;
        };
        if export == SepsExport::Journal {
            return self.export_journal(ctx);
        }
        if export == SepsExport::Network {
            return export_network(month, ctx);
        }
        let book = &*ctx.book;
        let made = match export {
            SepsExport::S01 => {
                let opts = seps::S01Options::default();
                seps::s01(book, month, &opts).and_then(|text| {
                    let members = text
                        .lines()
                        .count()
                        .saturating_sub(usize::from(opts.header));
                    Ok((
                        seps::s01_file_name(book, month)?,
                        text.into_bytes(),
                        members,
                    ))
                })
            }
            SepsExport::Balances | SepsExport::Journal | SepsExport::Network => {
                seps::monthly_balances_xlsx(book, month, lang).and_then(|bytes| {
                    Ok((seps::monthly_balances_file_name(book, month)?, bytes, 0))
                })
            }
        };
        let (name, bytes, members) = match made {
            Ok(m) => m,
            Err(e) => return Effect::error(e.message(lang)),
        };
        let path = book_dir(ctx.book_path).join(name);
        if let Err(e) = super::cobro::write_atomically(&path, &bytes) {
            return Effect::error(fill(
                Msg::UiCobroExportFailed.t(lang),
                &[("path", &path.display()), ("error", &e)],
            ));
        }
        let said = match export {
            SepsExport::S01 => Msg::RepCliS01Written.fill(
                lang,
                &[
                    ("month", &month.name(lang)),
                    ("members", &members),
                    ("path", &path.display()),
                ],
            ),
            SepsExport::Balances | SepsExport::Journal | SepsExport::Network => {
                Msg::RepCliBalancesWritten.fill(
                    lang,
                    &[("month", &month.name(lang)), ("path", &path.display())],
                )
            }
        };
        Effect::say(said)
    }

    /// Writes the whole journal in plain-text accounting (the registry's
    /// `journal`, as `ayni export journal` writes it) beside the book, named
    /// with the association: `<association>-diario.journal`.
    fn export_journal(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let made = registry::get("journal").and_then(|entry| {
            let report = entry.build(book, &Params::new(lang))?;
            report.write(Format::Table, lang)
        });
        let bytes = match made {
            Ok(b) => b,
            Err(e) => return Effect::error(e.message(lang)),
        };
        let assoc = book
            .settings()
            .map(|s| file_stem(&s.name))
            .unwrap_or_default();
        let stem = Msg::UiStemJournal.t(lang);
        let name = if assoc.is_empty() {
            format!("{stem}.journal")
        } else {
            format!("{assoc}-{stem}.journal")
        };
        let path = book_dir(ctx.book_path).join(name);
        if let Err(e) = super::cobro::write_atomically(&path, &bytes) {
            return Effect::error(fill(
                Msg::UiCobroExportFailed.t(lang),
                &[("path", &path.display()), ("error", &e)],
            ));
        }
        let n = book.entry_count(None).unwrap_or(0);
        Effect::say(Msg::RepCliJournalExported.fill(lang, &[("n", &n), ("path", &path.display())]))
    }

    /// Writes the SEPS B11 package of the month beside the book.
    fn export_b11(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(month) = self.month else {
            return Effect::None;
        };
        let dir = book_dir(ctx.book_path);
        match crate::report::seps::write_b11_package(ctx.book, month, &dir) {
            Ok(paths) => Effect::say(fill(
                Msg::UiRepB11Written.t(lang),
                &[("zip", &paths.zip.display())],
            )),
            Err(e) => Effect::error(e.message(lang)),
        }
    }
}

/// A report's title as the start of a file name, in the user's language:
/// lower case, without accents, words joined by hyphens
/// ("Cartera de préstamos" → "cartera-de-prestamos").
pub(crate) fn file_stem(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The folder exports go to: the book's.
pub(crate) fn book_dir(book_path: &Path) -> PathBuf {
    book_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

// ---- Drawing

impl Reports {
    /// Draws the screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let [selector, info, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
        ])
        .areas(area);
        render_selector(self, app, f, selector);
        let r = self;
        let lang = app.lang;
        let month = r.month.map(|m| m.name(lang)).unwrap_or_default();
        let mut spans = vec![
            Span::styled(format!("{}: ", app.t(Msg::UiRepMonth)), app.theme.muted),
            Span::styled(month, app.theme.title),
            Span::styled(format!("  {}", app.t(Msg::UiRepMonthKeys)), app.theme.muted),
        ];
        if r.kind == ReportKind::Member && r.other.is_none() {
            let name = r
                .member
                .as_ref()
                .map(|m| m.full_name())
                .unwrap_or_else(|| "—".to_string());
            spans.push(Span::styled(
                format!("  {}: ", app.t(Msg::UiMember)),
                app.theme.muted,
            ));
            spans.push(Span::raw(name));
            spans.push(Span::styled(
                format!("  {}", app.t(Msg::UiRepMemberKey)),
                app.theme.muted,
            ));
        }
        spans.push(Span::styled(
            format!("  {}", app.t(Msg::UiRepAllReportsKey)),
            app.theme.muted,
        ));
        // What does not fit whole is left out, from the end (the keys are
        // in the footer and the help too): nothing is cut mid-word.
        let room = info.width as usize;
        let mut used = 0;
        let spans: Vec<Span> = spans
            .into_iter()
            .take_while(|sp| {
                used += sp.width();
                used <= room
            })
            .collect();
        f.render_widget(Paragraph::new(Line::from(spans)), info);

        let inner_w = inner_w(app, body);
        let height = body.height.saturating_sub(2) as usize;
        let label = match r.other {
            Some(entry) => entry.title.t(lang),
            None => r.kind.label(lang),
        };
        let (title, lines, hidden) = match (&r.doc, &r.error) {
            (_, Some(e)) => (
                label.to_string(),
                vec![styled(e.clone(), app.theme.error)],
                Vec::new(),
            ),
            (Some(doc), None) => {
                let (lines, hidden) = doc_lines(app, doc, inner_w);
                (format!("{} — {}", doc.title, doc.period), lines, hidden)
            }
            (None, None) => (
                label.to_string(),
                vec![styled(app.t(Msg::UiRepChooseMember), app.theme.muted)],
                Vec::new(),
            ),
        };
        let shown: Vec<Line> = lines.into_iter().skip(r.scroll).take(height).collect();
        let mut b = block(app, &title, true);
        let mut bottom = Vec::new();
        if r.lines > height {
            bottom.push(format!(
                "{}-{}/{}",
                r.scroll + 1,
                (r.scroll + height).min(r.lines),
                r.lines
            ));
        }
        if !hidden.is_empty() {
            bottom.push(fill(
                app.t(Msg::UiRepHiddenColumns),
                &[("columns", &hidden.join(", "))],
            ));
        }
        if !bottom.is_empty() {
            b = b.title_bottom(Span::styled(
                format!(" {} ", bottom.join(" · ")),
                app.theme.muted,
            ));
        }
        f.render_widget(Paragraph::new(shown).block(b), body);
        if r.picker.is_some() {
            render_picker(self, app, f, body);
        }
        if r.list.is_some() {
            render_list(self, app, f, body);
        }
    }
}

/// The list of every report of the registry, over the report.
fn render_list(r: &Reports, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let Some(sel) = r.list else { return };
    let n = registry::REPORTS.len() + EXPORTS.len();
    let r = super::centered(area, 56, (n as u16 + 2).min(area.height));
    f.render_widget(Clear, r);
    let inner_w = inner_w(app, r);
    let rows = (r.height as usize).saturating_sub(2);
    let mut shown = Vec::new();
    for i in list_window(app, sel, n, rows) {
        let title = match registry::REPORTS.get(i) {
            Some(entry) => entry.title,
            None => EXPORTS[i - registry::REPORTS.len()].0,
        };
        let style = if i == sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        shown.push(styled(
            fit(
                &format!("{}{}", sel_mark(i == sel), title.t(app.lang)),
                inner_w,
            ),
            style,
        ));
    }
    f.render_widget(
        Paragraph::new(spaced(app, shown))
            .style(app.theme.base)
            .block(block(app, app.t(Msg::UiRepAllReports), true)),
        r,
    );
}

fn render_selector(r: &Reports, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for k in ReportKind::ALL {
        // The chosen one is marked by brackets as well as by colour.
        if k == r.kind && r.other.is_none() {
            spans.push(Span::styled(
                format!("[{}]", k.label(app.lang)),
                app.theme.tab_active,
            ));
        } else {
            spans.push(Span::styled(
                format!(" {} ", k.label(app.lang)),
                app.theme.tab_inactive,
            ));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_picker(r: &Reports, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let Some(p) = &r.picker else { return };
    let r = super::centered(area, 56, 14);
    f.render_widget(Clear, r);
    let inner_w = inner_w(app, r);
    let mut lines = vec![
        styled(app.t(Msg::UiCobroSearch), app.theme.muted),
        styled(fit(&p.query.view(true, inner_w), inner_w), app.theme.input),
    ];
    if p.matches.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroNoMember), app.theme.warning));
    }
    let rows = (r.height as usize).saturating_sub(4);
    let mut shown = Vec::new();
    for i in list_window(app, p.sel, p.matches.len(), rows) {
        let m = &p.matches[i];
        let mark = sel_mark(i == p.sel);
        let style = if i == p.sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        shown.push(styled(
            fit(
                &format!("{mark}{} · {}", m.full_name(), m.id_number),
                inner_w,
            ),
            style,
        ));
    }
    lines.extend(spaced(app, shown));
    f.render_widget(
        Paragraph::new(lines).style(app.theme.base).block(block(
            app,
            app.t(Msg::UiRepPickMember),
            true,
        )),
        r,
    );
}

/// Whether a table row gets a blank line before it (roomy: between rows,
/// but not before a total, which has its rule).
fn gap_before(density: Density, n: usize, style: Style) -> bool {
    density.is_roomy() && n > 0 && style != Style::Total
}

/// How many lines [`doc_lines`] makes of a document (the same at any width).
pub fn line_count(doc: &Doc, density: Density) -> usize {
    let mut n = 0;
    for (i, page) in doc.pages.iter().enumerate() {
        if i > 0 {
            n += 2;
        }
        if page.heading.is_some() {
            n += 2;
        }
        for b in &page.blocks {
            n += match b {
                Block::Fields(pairs) => pairs.len() + 1,
                Block::Note(_) => 2,
                Block::Table(t) => {
                    usize::from(t.title.is_some())
                        + 1
                        + t.rows.len()
                        + t.rows.iter().filter(|r| r.style == Style::Total).count()
                        + t.rows
                            .iter()
                            .enumerate()
                            .filter(|(n, r)| gap_before(density, *n, r.style))
                            .count()
                        + 1
                }
            };
        }
    }
    n
}

/// The document as screen lines `width` columns wide, and the headers of the
/// columns left out for want of room.
pub fn doc_lines(app: &ViewCtx, doc: &Doc, width: usize) -> (Vec<Line<'static>>, Vec<String>) {
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut hidden: Vec<String> = Vec::new();
    for (i, page) in doc.pages.iter().enumerate() {
        if i > 0 {
            out.push(styled("═".repeat(width), app.theme.border));
            out.push(Line::raw(""));
        }
        if let Some(h) = &page.heading {
            out.push(styled(fit(h, width), app.theme.title));
            out.push(styled("─".repeat(h.width().min(width)), app.theme.border));
        }
        for b in &page.blocks {
            match b {
                Block::Fields(pairs) => {
                    let lw = pairs.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
                    for (l, v) in pairs {
                        out.push(Line::from(vec![
                            Span::styled(format!("{}: ", fit(l, lw)), app.theme.muted),
                            Span::raw(fit(v, width.saturating_sub(lw + 2))),
                        ]));
                    }
                    out.push(Line::raw(""));
                }
                Block::Note(n) => {
                    out.push(styled(fit(n, width), app.theme.info));
                    out.push(Line::raw(""));
                }
                Block::Table(t) => {
                    let (mut lines, h) = table_lines(app, t, width, lang);
                    out.append(&mut lines);
                    for name in h {
                        if !hidden.contains(&name) {
                            hidden.push(name);
                        }
                    }
                    out.push(Line::raw(""));
                }
            }
        }
    }
    (out, hidden)
}

/// The text of a cell as the screen shows it (names indented by level).
fn cell_text(t: &Table, col: usize, cell: &Cell, indent: u8, lang: crate::i18n::Lang) -> String {
    let s = cell.display(lang);
    if col == t.indent_col && matches!(cell, Cell::Text(_)) {
        format!("{}{s}", " ".repeat(indent as usize))
    } else {
        s
    }
}

fn table_lines(
    app: &ViewCtx,
    t: &Table,
    width: usize,
    lang: crate::i18n::Lang,
) -> (Vec<Line<'static>>, Vec<String>) {
    // Natural widths: the widest cell or header of each column.
    let mut widths: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = t
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i).map(|cell| (cell, r.indent)))
                .map(|(cell, ind)| cell_text(t, i, cell, ind, lang).width());
            let w = cells.chain([c.header.width()]).max().unwrap_or(0);
            match c.kind {
                Kind::Text if i == t.indent_col => w.min(40),
                Kind::Text => w.min((c.width as usize).clamp(4, 30)),
                _ => w,
            }
        })
        .collect();
    let mut shown: Vec<usize> = (0..t.columns.len()).collect();
    let total_with = |gap: usize, shown: &[usize], widths: &[usize]| -> usize {
        shown.iter().map(|i| widths[*i]).sum::<usize>() + gap * shown.len().saturating_sub(1)
    };
    // Roomy: wider gaps between the columns, when nothing is cut for them.
    let gap = if total_with(app.density.column_gap(), &shown, &widths) <= width {
        app.density.column_gap()
    } else {
        1
    };
    let total = |shown: &[usize], widths: &[usize]| total_with(gap, shown, widths);
    // Narrow the names first, then leave columns out from the right.
    let over = total(&shown, &widths).saturating_sub(width);
    if over > 0 && t.indent_col < widths.len() {
        let min = 12.min(widths[t.indent_col]);
        widths[t.indent_col] = widths[t.indent_col].saturating_sub(over).max(min);
    }
    let mut hidden = Vec::new();
    while total(&shown, &widths) > width && shown.len() > 2 {
        let Some(pos) = shown.iter().rposition(|i| *i != t.indent_col) else {
            break;
        };
        let i = shown.remove(pos);
        hidden.push(t.columns[i].header.clone());
    }
    hidden.reverse();
    let mut out = Vec::new();
    if let Some(title) = &t.title {
        out.push(styled(fit(title, width), app.theme.title));
    }
    let align = |i: usize, s: &str| -> String {
        let w = widths[i];
        match t.columns[i].kind {
            Kind::Text => fit(s, w),
            _ => format!("{:>w$}", s.chars().take(w).collect::<String>()),
        }
    };
    // One line of the shown columns, `gap` apart: each column's text and style.
    let line = |cell: &dyn Fn(usize) -> (String, TStyle)| -> Line<'static> {
        let spans: Vec<Span> = shown
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let sep = if n > 0 {
                    " ".repeat(gap)
                } else {
                    String::new()
                };
                let (text, style) = cell(i);
                Span::styled(format!("{sep}{}", align(i, &text)), style)
            })
            .collect();
        Line::from(spans)
    };
    out.push(line(&|i| (t.columns[i].header.clone(), app.theme.header)));
    let used = total(&shown, &widths).min(width);
    for (rn, row) in t.rows.iter().enumerate() {
        if gap_before(app.density, rn, row.style) {
            out.push(Line::raw(""));
        }
        let style: TStyle = match row.style {
            Style::Normal => app.theme.base,
            Style::Group => app.theme.base.add_modifier(Modifier::BOLD),
            Style::Total => app.theme.header.add_modifier(Modifier::BOLD),
        };
        if row.style == Style::Total {
            out.push(styled("─".repeat(used), app.theme.border));
        }
        out.push(line(&|i| {
            let cell = row.cells.get(i).unwrap_or(&Cell::Empty);
            let s = match cell {
                Cell::Amount(m) if m.is_negative() && row.style == Style::Normal => {
                    app.theme.amount_negative
                }
                _ => style,
            };
            (cell_text(t, i, cell, row.indent, lang), s)
        }));
    }
    (out, hidden)
}

/// Writes the month's package for the network beside the book
/// (`<RUC>_<YYYY-MM>.ayni-red`, the book's key made the first time) and,
/// beside it, `<RUC>_clave-red.txt`: the public key and the registry's lines
/// to give the network's coordinator once.
fn export_network(month: Month, ctx: &mut Ctx) -> Effect {
    use crate::report::network::package;
    let lang = ctx.lang;
    let key = match ctx.book.ensure_network_key() {
        Ok(k) => k,
        Err(e) => return Effect::error(e.message(lang)),
    };
    let content = match package::content(ctx.book, month, lang) {
        Ok(c) => c,
        Err(e) => return Effect::error(e.message(lang)),
    };
    let bytes = package::seal(&content, &key);
    let dir = book_dir(ctx.book_path);
    let path = dir.join(package::file_name(&content));
    let public = crate::books::network_key::public_hex(&key.verifying_key());
    let key_path = dir.join(format!("{}_clave-red.txt", content.association.ruc));
    let key_text = Msg::NetCliKey.fill(
        lang,
        &[
            ("key", &public),
            ("ruc", &content.association.ruc),
            ("name", &content.association.name.replace('"', "'")),
        ],
    );
    for (p, b) in [(&path, bytes.as_slice()), (&key_path, key_text.as_bytes())] {
        if let Err(e) = super::cobro::write_atomically(p, b) {
            return Effect::error(fill(
                Msg::UiCobroExportFailed.t(lang),
                &[("path", &p.display()), ("error", &e)],
            ));
        }
    }
    Effect::say(
        Msg::UiRepNetworkWritten.fill(
            lang,
            &[
                ("month", &month.name(lang)),
                ("path", &path.display()),
                (
                    "key",
                    &key_path
                        .file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
                ),
            ],
        ),
    )
}
