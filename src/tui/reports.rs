//! The reports screen: the association's statements, a member's statement
//! and the arrears of a month, on screen and exported beside the book.
//!
//! Every report is the library's ([`crate::report`]): it is laid out as a
//! [`Doc`] once, when the report or the month changes; the screen draws that
//! document and the export writes it in the chosen format.

use crate::ui::widgets::text_input::TextInput;
use std::path::PathBuf;

use super::app::{App, Screen};
use super::keymap::Action;
use super::msg::Msg;
use crate::books::BookError;
use crate::domain::member::Member;
use crate::domain::period::Month;
use crate::i18n::{Lang, fill};
use crate::report::render::{Doc, Format, Report, render_doc};

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
            ReportKind::Position => Msg::RepPosition.t(lang),
            ReportKind::Income => Msg::RepIncome.t(lang),
            ReportKind::Trial => Msg::RepTrial.t(lang),
            ReportKind::Cash => Msg::RepCash.t(lang),
            ReportKind::Member => Msg::RepMember.t(lang),
            ReportKind::Arrears => Msg::RepArrears.t(lang),
        }
    }

    /// The start of an exported file's name.
    pub fn file_stem(self, lang: Lang) -> &'static str {
        let es = lang == Lang::Es;
        match self {
            ReportKind::Position if es => "situacion-financiera",
            ReportKind::Position => "financial-position",
            ReportKind::Income if es => "estado-de-resultados",
            ReportKind::Income => "income-statement",
            ReportKind::Trial if es => "balance-de-comprobacion",
            ReportKind::Trial => "trial-balance",
            ReportKind::Cash if es => "libro-caja",
            ReportKind::Cash => "cash-book",
            ReportKind::Member if es => "estado-de-cuenta",
            ReportKind::Member => "member-statement",
            ReportKind::Arrears if es => "morosidad",
            ReportKind::Arrears => "arrears",
        }
    }

    fn step(self, by: i64) -> ReportKind {
        let n = Self::ALL.len() as i64;
        let i = Self::ALL.iter().position(|k| *k == self).unwrap_or(0) as i64;
        Self::ALL[(i + by).rem_euclid(n) as usize]
    }
}

/// The formats a report is exported in, with the key that picks each.
pub const EXPORT_FORMATS: [(char, Format); 4] = [
    ('c', Format::Csv),
    ('e', Format::Xlsx),
    ('h', Format::Html),
    ('p', Format::Pdf),
];

/// The member picker of the member statement.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    pub query: TextInput,
    pub matches: Vec<Member>,
    pub sel: usize,
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
    pub scroll: usize,
    /// Choosing the member.
    pub picker: Option<Picker>,
    /// Waiting for the export format's key.
    pub choosing_format: bool,
    /// Why the report could not be made, in words.
    pub error: Option<String>,
}

impl App {
    /// Opens the reports screen on the current month.
    pub fn open_reports(&mut self) {
        let month = self
            .book
            .as_ref()
            .and_then(|b| b.current_month().ok())
            .unwrap_or(self.accounts_month);
        if self.reports.month.is_none() {
            self.reports.month = Some(month);
        }
        self.reports.picker = None;
        self.reports.choosing_format = false;
        self.screen = Screen::Reports;
        self.load_report();
    }

    /// Lays out the chosen report for the month (in `update`, never in render).
    pub(crate) fn load_report(&mut self) {
        let lang = self.lang;
        let r = &mut self.reports;
        r.scroll = 0;
        r.doc = None;
        r.lines = 0;
        r.error = None;
        let (Some(book), Some(month)) = (&self.book, r.month) else {
            return;
        };
        use crate::report::statements as st;
        let doc: Result<Option<Doc>, BookError> = match r.kind {
            ReportKind::Position => {
                st::financial_position(book, month, lang).map(|x| Some(x.to_doc(lang)))
            }
            ReportKind::Income => {
                st::income_statement(book, month, lang).map(|x| Some(x.to_doc(lang)))
            }
            ReportKind::Trial => st::trial_balance(book, month, lang).map(|x| Some(x.to_doc(lang))),
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
                let density = self.density;
                r.lines = d
                    .as_ref()
                    .map(|d| super::views::reports::line_count(d, density))
                    .unwrap_or(0);
                r.doc = d;
            }
            Err(e) => r.error = Some(e.message(lang)),
        }
    }

    /// A key on the reports screen.
    pub(crate) fn update_reports(&mut self, action: Action) {
        if self.reports.picker.is_some() {
            return self.update_picker(action);
        }
        if self.reports.choosing_format {
            self.reports.choosing_format = false;
            if let Action::Char(c) = action
                && let Some((_, format)) = EXPORT_FORMATS.iter().find(|(k, _)| *k == c)
            {
                self.export_report(*format);
            } else {
                self.status = None;
            }
            return;
        }
        let page = self.page.max(1);
        match action {
            Action::NextField | Action::PrevField => {
                let by = if action == Action::NextField { 1 } else { -1 };
                self.reports.kind = self.reports.kind.step(by);
                if self.reports.kind == ReportKind::Member && self.reports.member.is_none() {
                    self.open_picker();
                }
                self.load_report();
            }
            Action::PrevMonth | Action::NextMonth => {
                let Some(m) = self.reports.month else { return };
                let latest = self
                    .book
                    .as_ref()
                    .and_then(|b| b.current_month().ok())
                    .unwrap_or(m);
                let next = if action == Action::PrevMonth {
                    m.prev()
                } else {
                    m.next()
                };
                if next > latest {
                    self.status = Some((self.t(Msg::RepNoLaterMonth).to_string(), true));
                    return;
                }
                self.reports.month = Some(next);
                self.load_report();
            }
            Action::Up => self.scroll_report(-1),
            Action::Down => self.scroll_report(1),
            Action::PageUp => self.scroll_report(-(page as i64)),
            Action::PageDown => self.scroll_report(page as i64),
            Action::PickMember => self.open_picker(),
            Action::Export => {
                if self.reports.doc.is_some() {
                    self.reports.choosing_format = true;
                    self.status = Some((self.t(Msg::RepChooseFormat).to_string(), false));
                } else {
                    self.status = Some((self.t(Msg::RepNothingToExport).to_string(), true));
                }
            }
            Action::SepsExport => self.export_b11(),
            Action::Back => {
                self.screen = Screen::Main;
            }
            Action::Open | Action::Submit => {}
            other => self.update_main_from_reports(other),
        }
    }

    fn scroll_report(&mut self, by: i64) {
        let r = &mut self.reports;
        let max = r.lines.saturating_sub(self.page.max(1));
        r.scroll = (r.scroll as i64 + by).clamp(0, max as i64) as usize;
    }

    fn open_picker(&mut self) {
        let mut p = Picker {
            matches: crate::books::members::search(self.members.clone(), ""),
            ..Picker::default()
        };
        if let Some(m) = &self.reports.member {
            p.sel = p.matches.iter().position(|x| x.id == m.id).unwrap_or(0);
        }
        self.reports.picker = Some(p);
    }

    fn update_picker(&mut self, action: Action) {
        let Some(p) = &mut self.reports.picker else {
            return;
        };
        let refilter = |p: &mut Picker, members: &[Member]| {
            p.matches = crate::books::members::search(members.to_vec(), &p.query);
            p.sel = 0;
        };
        match action {
            a if a.moves_cursor() => {
                let _ = a.apply_to(&mut p.query);
            }
            a if a.edit().is_some() => {
                if let Some(Err(r)) = a.apply_to(&mut p.query) {
                    return self.refused(r);
                }
                refilter(p, &self.members);
            }
            Action::Up => p.sel = p.sel.saturating_sub(1),
            Action::Down => p.sel = (p.sel + 1).min(p.matches.len().saturating_sub(1)),
            Action::Submit | Action::NextField | Action::Open => {
                if let Some(m) = p.matches.get(p.sel).cloned() {
                    self.reports.member = Some(m);
                    self.reports.kind = ReportKind::Member;
                    self.reports.picker = None;
                    self.load_report();
                } else {
                    self.status = Some((self.t(Msg::CobroNoMember).to_string(), true));
                }
            }
            Action::Back => self.reports.picker = None,
            _ => {}
        }
    }

    /// The folder exports go to: the book's.
    pub(crate) fn book_dir(&self) -> PathBuf {
        self.book_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Where the report on screen is exported in `format`.
    pub fn export_path(&self, format: Format) -> Option<PathBuf> {
        let r = &self.reports;
        let month = r.month?;
        let stem = r.kind.file_stem(self.lang);
        let name = match (&r.kind, &r.member) {
            // The member's number, not their cédula: a file name shows in
            // every folder listing and attachment.
            (ReportKind::Member, Some(m)) => {
                format!("{stem}-{}-{}.{}", m.id, month, format.extension())
            }
            _ => format!("{stem}-{}.{}", month, format.extension()),
        };
        Some(self.book_dir().join(name))
    }

    /// Writes the report on screen beside the book; the status line says where.
    fn export_report(&mut self, format: Format) {
        let lang = self.lang;
        let (Some(doc), Some(path)) = (&self.reports.doc, self.export_path(format)) else {
            return;
        };
        let result = render_doc(doc, format, lang)
            .map_err(|e| e.message(lang))
            .and_then(|bytes| {
                super::cobro::write_atomically(&path, &bytes).map_err(|e| {
                    fill(
                        Msg::CobroExportFailed.t(lang),
                        &[("path", &path.display()), ("error", &e)],
                    )
                })
            });
        self.status = Some(match result {
            Ok(()) => (
                fill(Msg::RepExported.t(lang), &[("path", &path.display())]),
                false,
            ),
            Err(msg) => (msg, true),
        });
    }

    /// Writes the SEPS B11 package of the month beside the book.
    fn export_b11(&mut self) {
        let lang = self.lang;
        let (Some(book), Some(month)) = (&self.book, self.reports.month) else {
            return;
        };
        let dir = self.book_dir();
        self.status = Some(
            match crate::report::seps::write_b11_package(book, month, &dir) {
                Ok(paths) => (
                    fill(Msg::RepB11Written.t(lang), &[("zip", &paths.zip.display())]),
                    false,
                ),
                Err(e) => (e.message(lang), true),
            },
        );
    }

    /// Keys the reports screen leaves to the rest of the program (tabs,
    /// help, the language, the other screens).
    fn update_main_from_reports(&mut self, action: Action) {
        let lang = self.lang;
        self.update_main(action);
        if self.lang != lang && self.screen == Screen::Reports {
            // The report speaks the new language.
            self.load_report();
        }
    }
}
