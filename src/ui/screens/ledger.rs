//! The libro mayor of one account, opened with Enter on the chart of
//! accounts: the balance brought forward, the month's movements with the
//! running balance (deudor "D" / acreedor "A") and the closing balance,
//! scrollable; `[` `]` change the month, `t` shows every month from the
//! book's first through the month shown, `x` exports it beside the book
//! and `d` opens the account's entries in the journal.
//!
//! The view draws the library's report ([`LedgerReport`]) as laid out for
//! paper, the same document its exports write.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::reports::{EXPORT_FORMATS, book_dir, doc_lines, line_count};
use super::{block, inner_w, styled};
use crate::books::ledger::JournalFilter;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg, fill};
use crate::report::ledger::LedgerReport;
use crate::report::render::{Doc, Format, Report, render_doc};
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};

/// The ledger view's state: the account, the period and the report laid out.
#[derive(Clone, Debug)]
pub struct LedgerView {
    /// The account's code (a group shows its sub-accounts' movements).
    pub code: String,
    /// Whether the account takes postings (the journal can list its entries).
    postable: bool,
    /// The last month shown.
    pub month: Month,
    /// Every month from the book's first through `month`, not `month` alone.
    pub all: bool,
    /// The first month of the period shown.
    pub from: Month,
    /// The report as on paper, and the language it was laid out in.
    pub doc: Option<Doc>,
    lang: Lang,
    /// The first line shown.
    scroll: usize,
    /// Waiting for the export format's key.
    choosing_format: bool,
    /// Why the ledger could not be made, in words.
    pub error: Option<String>,
}

impl LedgerView {
    /// The ledger of `code` in `month`.
    pub fn open(code: &str, postable: bool, month: Month, ctx: &mut Ctx) -> LedgerView {
        let mut v = LedgerView {
            code: code.to_string(),
            postable,
            month,
            all: false,
            from: month,
            doc: None,
            lang: ctx.lang,
            scroll: 0,
            choosing_format: false,
            error: None,
        };
        v.load(ctx);
        v
    }

    /// Which keymap applies: the export format's, or the view's.
    pub fn context(&self) -> Context {
        if self.choosing_format {
            Context::ExportFormat
        } else {
            Context::Ledger
        }
    }

    /// Lays the ledger out again for the period (in `update`, never in render).
    pub fn load(&mut self, ctx: &mut Ctx) {
        let book = &*ctx.book;
        self.lang = ctx.lang;
        self.error = None;
        self.doc = None;
        self.from = if self.all {
            book.first_month().unwrap_or(self.month).min(self.month)
        } else {
            self.month
        };
        match LedgerReport::of(book, &self.code, self.from, self.month, ctx.lang) {
            Ok(r) => self.doc = Some(r.to_doc(ctx.lang)),
            Err(e) => self.error = Some(e.message(ctx.lang)),
        }
        self.scroll = self.scroll.min(self.max_scroll(ctx));
    }

    /// The document as drawn: without the heading, which the panel's title says.
    fn shown(&self) -> Option<Doc> {
        let mut doc = self.doc.clone()?;
        if let Some(p) = doc.pages.first_mut() {
            p.heading = None;
        }
        Some(doc)
    }

    fn max_scroll(&self, ctx: &Ctx) -> usize {
        let lines = self
            .shown()
            .map(|d| line_count(&d, ctx.density))
            .unwrap_or(0);
        lines.saturating_sub(ctx.page.max(1))
    }

    fn scroll_by(&mut self, by: i64, ctx: &Ctx) {
        let max = self.max_scroll(ctx) as i64;
        self.scroll = (self.scroll as i64 + by).clamp(0, max) as usize;
    }

    /// A key on the ledger view.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.choosing_format {
            self.choosing_format = false;
            if let Action::Char(c) = action
                && let Some((_, format)) = EXPORT_FORMATS.iter().find(|(k, _)| *k == c)
            {
                return self.export(*format, ctx);
            }
            return Effect::ClearStatus;
        }
        let page = ctx.page.max(1) as i64;
        match action {
            Action::Up => self.scroll_by(-1, ctx),
            Action::Down => self.scroll_by(1, ctx),
            Action::PageUp => self.scroll_by(-page, ctx),
            Action::PageDown => self.scroll_by(page, ctx),
            Action::PrevMonth | Action::NextMonth => {
                let latest = ctx.book.current_month().unwrap_or(self.month);
                let next = if action == Action::PrevMonth {
                    self.month.prev()
                } else {
                    self.month.next()
                };
                if next > latest {
                    return Effect::error(ctx.t(Msg::UiRepNoLaterMonth));
                }
                self.month = next;
                self.scroll = 0;
                self.load(ctx);
                return Effect::ClearStatus;
            }
            Action::AllMonths => {
                self.all = !self.all;
                self.scroll = 0;
                self.load(ctx);
                return Effect::ClearStatus;
            }
            Action::Export => {
                if self.doc.is_some() {
                    self.choosing_format = true;
                    return Effect::say(ctx.t(Msg::UiRepChooseFormat));
                }
                return Effect::error(ctx.t(Msg::UiRepNothingToExport));
            }
            Action::AccountJournal => {
                if !self.postable {
                    return Effect::error(ctx.t(Msg::UiLedgerGroupJournal));
                }
                let filter = JournalFilter {
                    account: Some(self.code.clone()),
                    ..JournalFilter::default()
                };
                return Effect::Main.then(Effect::Account(filter, self.month));
            }
            Action::Back => return Effect::Main,
            Action::Open | Action::Submit => {}
            other => return Effect::Pass(other),
        }
        Effect::None
    }

    /// Where the ledger is exported in `format`, beside the book:
    /// `libro-mayor-1101-2026-11.csv` (a period of months: both ends).
    pub fn export_path(
        &self,
        format: Format,
        book_path: &std::path::Path,
        lang: Lang,
    ) -> std::path::PathBuf {
        let stem = Msg::UiStemLedger.t(lang);
        let period = if self.from == self.month {
            self.month.to_string()
        } else {
            format!("{}-{}", self.from, self.month)
        };
        let name = format!(
            "{stem}-{}-{period}{}",
            self.code,
            super::reports::file_ending(format)
        );
        book_dir(book_path).join(name)
    }

    /// Writes the ledger beside the book; the status line says where.
    fn export(&mut self, format: Format, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(doc) = &self.doc else {
            return Effect::None;
        };
        let path = self.export_path(format, ctx.book_path, lang);
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

    /// Draws the period line and the ledger.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let [info, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let (label, period, keys) = if self.all {
            (
                Msg::UiLedgerMonths,
                crate::report::render::range_name(self.from, self.month, lang),
                Msg::UiLedgerKeysAll,
            )
        } else {
            (Msg::UiRepMonth, self.month.name(lang), Msg::UiLedgerKeys)
        };
        let mut spans = vec![
            Span::styled(format!(" {}: ", app.t(label)), app.theme.muted),
            Span::styled(period, app.theme.title),
            Span::styled(format!("  {}", app.t(keys)), app.theme.muted),
        ];
        // What does not fit whole is left out (the keys are in the footer too).
        let room = info.width as usize;
        let mut used = 0;
        spans.retain(|sp| {
            used += sp.width();
            used <= room
        });
        f.render_widget(Paragraph::new(Line::from(spans)), info);

        let title = self
            .doc
            .as_ref()
            .and_then(|d| {
                let heading = d.pages.first()?.heading.clone()?;
                Some(format!("{} — {heading}", d.title))
            })
            .unwrap_or_else(|| format!("{} — {}", app.t(Msg::RepLedger), self.code));
        let height = body.height.saturating_sub(2) as usize;
        let (lines, hidden, total) = match (self.shown(), &self.error) {
            (_, Some(e)) => (vec![styled(e.clone(), app.theme.error)], Vec::new(), 1),
            (Some(doc), None) => {
                let (lines, hidden) = doc_lines(app, &doc, inner_w(app, body));
                let n = lines.len();
                (lines, hidden, n)
            }
            (None, None) => (Vec::new(), Vec::new(), 0),
        };
        let shown: Vec<Line> = lines.into_iter().skip(self.scroll).take(height).collect();
        let mut b = block(app, &title, true);
        let mut bottom = Vec::new();
        if total > height {
            bottom.push(format!(
                "{}-{}/{total}",
                self.scroll + 1,
                (self.scroll + height).min(total)
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
    }

    /// The language the ledger was laid out in (the view lays it out again
    /// when the interface's language changes).
    pub fn lang(&self) -> Lang {
        self.lang
    }
}
