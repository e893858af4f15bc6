//! Importing from a spreadsheet: members, or each member's opening balances.
//!
//! Three steps: what to import; a file picker that starts in the book's
//! folder (and jumps to the user's Documents and Downloads), listing
//! folders and .csv/.xlsx files beside the columns the file must have; then
//! a preview with the rows and every error by line. Enter imports all or
//! nothing; Esc goes back a step. Files are opened only when they are
//! regular files (never a pipe or a device), at most 20 MB.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, fit, inner_w, list_window, sel_mark, styled};
use crate::books::import::{ImportPreview, member_columns};
use crate::books::opening::{OpeningOptions, OpeningPlan, opening_columns};
use crate::domain::money::Money;
use crate::i18n::{Lang, Msg, fill};
use crate::ui::app::Screen;
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};

/// The largest file the screen reads.
const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The most entries a folder shows.
const MAX_ENTRIES: usize = 2000;

/// What is imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Members,
    Balances,
}

/// Where the screen is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Choose,
    Pick,
    Preview,
}

/// One row of the picker: a folder (or the parent, `..`) or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}

/// What a file would import, as read.
#[derive(Clone, Debug)]
pub enum Preview {
    Members(ImportPreview),
    Balances(Box<OpeningPlan>),
}

impl Preview {
    fn ready(&self) -> bool {
        match self {
            Preview::Members(p) => p.errors.is_empty() && !p.members.is_empty(),
            Preview::Balances(p) => p.is_ready(),
        }
    }
}

/// The import screen's state.
#[derive(Clone, Debug, Default)]
pub struct ImportScreen {
    pub phase: Phase,
    pub kind: Kind,
    /// The folder on show and its rows (folders first, then files).
    pub dir: PathBuf,
    pub entries: Vec<DirEntry>,
    pub sel: usize,
    /// The chosen file, its bytes and what it would import.
    pub file: Option<PathBuf>,
    bytes: Vec<u8>,
    pub preview: Option<Preview>,
    /// The preview's first line on show.
    pub scroll: u16,
    /// The furthest the preview scrolls, as last drawn (its last line at the bottom).
    max_scroll: std::cell::Cell<u16>,
}

impl ImportScreen {
    /// Opens on the choice of what to import.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        *self = ImportScreen::default();
        self.dir = book_folder(ctx.book_path);
        Effect::Show(Screen::Import)
    }

    /// The keymap of the step on show.
    pub fn context(&self) -> Context {
        match self.phase {
            Phase::Pick => Context::Import,
            Phase::Choose | Phase::Preview => Context::ImportStep,
        }
    }

    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.phase {
            Phase::Choose => match action {
                Action::Up | Action::Down => {
                    self.kind = match self.kind {
                        Kind::Members => Kind::Balances,
                        Kind::Balances => Kind::Members,
                    };
                    Effect::None
                }
                Action::Open => {
                    self.phase = Phase::Pick;
                    self.list(ctx.lang)
                }
                Action::Back => Effect::Main,
                a => Effect::Pass(a),
            },
            Phase::Pick => self.pick(action, ctx),
            Phase::Preview => match action {
                Action::Up => {
                    self.scroll = self.scroll.saturating_sub(1);
                    Effect::None
                }
                Action::Down => {
                    self.scroll = self.scroll.saturating_add(1).min(self.lines_hint());
                    Effect::None
                }
                Action::PageUp => {
                    self.scroll = self.scroll.saturating_sub(ctx.page as u16);
                    Effect::None
                }
                Action::PageDown => {
                    self.scroll = self
                        .scroll
                        .saturating_add(ctx.page as u16)
                        .min(self.lines_hint());
                    Effect::None
                }
                Action::Open => self.commit(ctx),
                Action::Back => {
                    self.phase = Phase::Pick;
                    self.preview = None;
                    self.bytes.clear();
                    Effect::ClearStatus
                }
                a => Effect::Pass(a),
            },
        }
    }

    /// Where the preview's scroll stops: its last line at the bottom, as
    /// last drawn.
    fn lines_hint(&self) -> u16 {
        self.max_scroll.get()
    }

    fn pick(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.sel = super::moved(self.sel, self.entries.len(), action, ctx.page);
                Effect::None
            }
            Action::Backspace => self.go_up(ctx.lang),
            Action::Char('l') => {
                self.dir = book_folder(ctx.book_path);
                self.list(ctx.lang)
            }
            Action::Char('d') | Action::Char('D') => {
                let dirs = directories::UserDirs::new();
                let docs = action == Action::Char('d');
                let dir = dirs.as_ref().and_then(|u| {
                    if docs {
                        u.document_dir()
                    } else {
                        u.download_dir()
                    }
                });
                match dir {
                    Some(d) => {
                        self.dir = d.to_path_buf();
                        self.list(ctx.lang)
                    }
                    None => Effect::error(
                        if docs {
                            Msg::UiImportNoDocuments
                        } else {
                            Msg::UiImportNoDownloads
                        }
                        .t(ctx.lang),
                    ),
                }
            }
            Action::Open => {
                let Some(e) = self.entries.get(self.sel).cloned() else {
                    return Effect::None;
                };
                if e.name == ".." {
                    return self.go_up(ctx.lang);
                }
                let path = self.dir.join(&e.name);
                if e.is_dir {
                    self.dir = path;
                    return self.list(ctx.lang);
                }
                self.read(path, ctx)
            }
            Action::Back => {
                self.phase = Phase::Choose;
                Effect::ClearStatus
            }
            a => Effect::Pass(a),
        }
    }

    fn go_up(&mut self, lang: Lang) -> Effect {
        let from = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        match self.dir.parent() {
            Some(p) => {
                self.dir = p.to_path_buf();
                let e = self.list(lang);
                // The folder just left stays selected.
                if let Some(from) = from
                    && let Some(i) = self.entries.iter().position(|x| x.is_dir && x.name == from)
                {
                    self.sel = i;
                }
                e
            }
            None => Effect::None,
        }
    }

    /// Reads the folder on show: its folders and its .csv/.xlsx files,
    /// hidden ones left out, folders first, each group by name.
    fn list(&mut self, lang: Lang) -> Effect {
        self.sel = 0;
        self.entries.clear();
        if self.dir.parent().is_some() {
            self.entries.push(DirEntry {
                name: "..".into(),
                is_dir: true,
            });
        }
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) => {
                return Effect::error(Msg::UiImportCannotList.fill(
                    lang,
                    &[("folder", &folder_name(&self.dir)), ("detail", &e.kind())],
                ));
            }
        };
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        for entry in rd.flatten().take(MAX_ENTRIES * 4) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // Follows a link to see what it names; never opens it.
            let Ok(meta) = std::fs::metadata(entry.path()) else {
                continue;
            };
            if meta.is_dir() {
                dirs.push(name);
            } else if meta.is_file() && is_sheet(&name) {
                files.push(name);
            }
        }
        let key = |s: &String| s.to_lowercase();
        dirs.sort_by_key(key);
        files.sort_by_key(key);
        for name in dirs.into_iter().take(MAX_ENTRIES) {
            self.entries.push(DirEntry { name, is_dir: true });
        }
        for name in files.into_iter().take(MAX_ENTRIES) {
            self.entries.push(DirEntry {
                name,
                is_dir: false,
            });
        }
        // The first file, when there is one: what is usually wanted.
        if let Some(i) = self.entries.iter().position(|e| !e.is_dir) {
            self.sel = i;
        }
        Effect::ClearStatus
    }

    /// Reads the chosen file (a regular file only) and previews it.
    fn read(&mut self, path: PathBuf, ctx: &mut Ctx) -> Effect {
        let bytes = match crate::files::read_capped(&path, MAX_BYTES) {
            Ok(b) => b,
            Err(e) => {
                let detail = match e {
                    crate::files::ReadError::NotRegular => {
                        Msg::UiImportNotRegular.t(ctx.lang).to_string()
                    }
                    crate::files::ReadError::TooLarge(_) => {
                        Msg::UiImportTooLarge.t(ctx.lang).to_string()
                    }
                    crate::files::ReadError::Io(e) => format!("{:?}", e.kind()),
                };
                return Effect::error(Msg::UiImportCannotRead.fill(
                    ctx.lang,
                    &[("file", &folder_name(&path)), ("detail", &detail)],
                ));
            }
        };
        let preview = match self.kind {
            Kind::Members => ctx.book.preview_import(&bytes).map(Preview::Members),
            Kind::Balances => ctx
                .book
                .opening_plan(&bytes, &OpeningOptions::default())
                .map(|p| Preview::Balances(Box::new(p))),
        };
        match preview {
            Ok(p) => {
                let ready = p.ready();
                self.preview = Some(p);
                self.bytes = bytes;
                self.file = Some(path);
                self.phase = Phase::Preview;
                self.scroll = 0;
                self.max_scroll.set(u16::MAX);
                if ready {
                    Effect::ClearStatus
                } else {
                    Effect::error(Msg::UiImportNotReady.t(ctx.lang))
                }
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// Enter on the preview: everything, or nothing when anything is wrong.
    fn commit(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(p) = &self.preview else {
            return Effect::None;
        };
        if !p.ready() {
            return Effect::error(Msg::UiImportNotReady.t(ctx.lang));
        }
        let done = match p {
            Preview::Members(_) => ctx
                .book
                .import_members(&self.bytes)
                .map(|n| Msg::UiImportMembersDone.fill(ctx.lang, &[("n", &n)])),
            Preview::Balances(plan) => ctx.book.commit_opening(plan).map(|o| {
                Msg::UiImportBalancesDone.fill(
                    ctx.lang,
                    &[
                        ("entry", &o.entry.as_ref().map(|e| e.id).unwrap_or(0)),
                        ("members", &o.members),
                        ("loans", &o.loans.len()),
                    ],
                )
            }),
        };
        match done {
            Ok(text) => {
                *self = ImportScreen::default();
                Effect::Pop { saved: Some(text) }
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        match self.phase {
            Phase::Choose => self.render_choose(app, f, area),
            Phase::Pick => self.render_pick(app, f, area),
            Phase::Preview => self.render_preview(app, f, area),
        }
    }

    fn render_choose(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let mut lines = vec![
            styled(app.t(Msg::UiImportChoose), app.theme.header),
            Line::raw(""),
        ];
        for (k, m, help) in [
            (
                Kind::Members,
                Msg::UiImportKindMembers,
                Msg::UiImportKindMembersHelp,
            ),
            (
                Kind::Balances,
                Msg::UiImportKindBalances,
                Msg::UiImportKindBalancesHelp,
            ),
        ] {
            let on = self.kind == k;
            let style = if on {
                app.theme.selected
            } else {
                app.theme.base
            };
            lines.push(Line::from(Span::styled(
                format!("{}{}", sel_mark(on), app.t(m)),
                style,
            )));
            lines.push(styled(format!("  {}", app.t(help)), app.theme.muted));
            lines.push(Line::raw(""));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block(app, app.t(Msg::UiImportTitle), true)),
            area,
        );
    }

    fn title(&self, app: &ViewCtx) -> &'static str {
        match self.kind {
            Kind::Members => app.t(Msg::UiImportTitleMembers),
            Kind::Balances => app.t(Msg::UiImportTitleBalances),
        }
    }

    fn render_pick(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let right_w = 42.min(area.width / 2);
        let [left, right] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(right_w)]).areas(area);
        let w = inner_w(app, left);
        let mut lines = vec![styled(
            fit_ellipsis(
                &fill(
                    app.t(Msg::UiImportFolder),
                    &[("folder", &folder_name(&self.dir))],
                ),
                w,
            ),
            app.theme.header,
        )];
        let room = left.height.saturating_sub(3) as usize;
        let shown = list_window(app, self.sel, self.entries.len(), room);
        for i in shown {
            let e = &self.entries[i];
            let on = i == self.sel;
            let name = if e.is_dir {
                format!("{}/", e.name)
            } else {
                e.name.clone()
            };
            let style = if on {
                app.theme.selected
            } else if e.is_dir {
                app.theme.muted
            } else {
                app.theme.base
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "{}{}",
                    sel_mark(on),
                    fit_ellipsis(&name, w.saturating_sub(2))
                ),
                style,
            )));
        }
        if !self.entries.iter().any(|e| !e.is_dir) {
            lines.push(styled(app.t(Msg::UiImportNoFiles), app.theme.muted));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block(app, self.title(app), true)),
            left,
        );
        let cols = self.columns(app.lang);
        let mut help = vec![styled(app.t(Msg::UiImportColumns), app.theme.header)];
        for (name, required) in cols {
            let mark = if required { "* " } else { "  " };
            help.push(styled(
                format!("{mark}{name}"),
                if required {
                    app.theme.base
                } else {
                    app.theme.muted
                },
            ));
        }
        help.push(styled(
            match self.kind {
                Kind::Members => app.t(Msg::UiImportColumnsNoteMembers),
                Kind::Balances => app.t(Msg::UiImportColumnsNoteBalances),
            },
            app.theme.muted,
        ));
        f.render_widget(
            Paragraph::new(help).wrap(Wrap { trim: false }).block(block(
                app,
                app.t(Msg::UiImportColumnsTitle),
                false,
            )),
            right,
        );
    }

    /// The columns the file must or may have: "es / en" (the interface's
    /// language first) and whether required.
    fn columns(&self, lang: Lang) -> Vec<(String, bool)> {
        let cols = match self.kind {
            Kind::Members => member_columns(),
            // The names a file may carry are not read: not listed.
            Kind::Balances => opening_columns()
                .into_iter()
                .filter(|(es, _, _)| !matches!(*es, "nombre" | "nombres" | "apellidos"))
                .collect(),
        };
        cols.into_iter()
            .map(|(es, en, req)| {
                (
                    lang.pick(format!("{es} / {en}"), format!("{en} / {es}")),
                    req,
                )
            })
            .collect()
    }

    fn render_preview(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let w = inner_w(app, area);
        let file = self.file.as_deref().map(folder_name).unwrap_or_default();
        let mut lines = vec![styled(
            fit_ellipsis(&fill(app.t(Msg::UiImportFile), &[("file", &file)]), w),
            app.theme.header,
        )];
        let errors: Vec<String> = match &self.preview {
            Some(Preview::Members(p)) => {
                lines.push(summary(app, p.members.len(), p.errors.len()));
                lines.push(Line::raw(""));
                let name_w = w.saturating_sub(5 + 1 + 6 + 1 + 14 + 1).max(8);
                lines.push(styled(
                    format!(
                        "{:>5} {:>6} {} {}",
                        app.t(Msg::UiImportLine),
                        "#",
                        fit(app.t(Msg::UiIdShort), 14),
                        app.t(Msg::UiName)
                    ),
                    app.theme.header,
                ));
                for r in p.rows() {
                    lines.push(Line::raw(format!(
                        "{:>5} {:>6} {} {}",
                        r.line,
                        r.number,
                        fit(&r.id_number, 14),
                        fit_ellipsis(&r.name, name_w)
                    )));
                }
                if p.numbers_renumbered {
                    lines.push(styled(app.t(Msg::UiImportRenumbered), app.theme.muted));
                }
                p.errors.iter().map(|e| e.message(lang)).collect()
            }
            Some(Preview::Balances(p)) => {
                lines.push(summary(app, p.lines.len(), p.errors.len()));
                lines.push(Line::raw(""));
                // The fund and the dues owed are in the totals below.
                let aw = 12;
                let name_w = w.saturating_sub(5 + 1 + 5 + 1 + 3 * aw).max(8);
                let amt = |m: Money| format!("{:>aw$}", m.localized(lang));
                lines.push(styled(
                    format!(
                        "{:>5} {:>5} {}{:>aw$}{:>aw$}{:>aw$}",
                        app.t(Msg::UiImportLine),
                        "#",
                        fit(app.t(Msg::UiName), name_w),
                        app.t(Msg::UiImportColShares),
                        app.t(Msg::UiImportColSavings),
                        app.t(Msg::UiImportColLoan),
                    ),
                    app.theme.header,
                ));
                for l in &p.lines {
                    lines.push(Line::raw(format!(
                        "{:>5} {:>5} {}{}{}{}",
                        l.line,
                        l.member,
                        fit(&fit_ellipsis(&l.name, name_w), name_w),
                        amt(l.contributions),
                        amt(l.savings),
                        amt(l.loan.as_ref().map(|x| x.balance).unwrap_or_default()),
                    )));
                }
                if p.errors.is_empty() {
                    lines.push(Line::raw(""));
                    lines.push(styled(app.t(Msg::UiImportEntry), app.theme.header));
                    let t = &p.totals;
                    let labels = [
                        Msg::UiCash,
                        Msg::UiBank,
                        Msg::UiImportTotalLoans,
                        Msg::UiImportTotalContributions,
                        Msg::UiImportTotalSavings,
                        Msg::UiImportTotalFund,
                        Msg::UiImportDifferenceLoss,
                        Msg::UiImportDifferenceSurplus,
                        Msg::UiImportTotalDues,
                    ];
                    // The labels whole: as wide as the longest, when it fits.
                    let label_w = labels
                        .iter()
                        .map(|m| app.t(*m).chars().count())
                        .max()
                        .unwrap_or(0)
                        .min(w.saturating_sub(17));
                    let row = |label: &str, m: Money| -> Line<'static> {
                        Line::raw(format!(
                            "  {} {:>14}",
                            fit(label, label_w),
                            m.localized(lang)
                        ))
                    };
                    lines.push(row(app.t(Msg::UiCash), t.cash));
                    lines.push(row(app.t(Msg::UiBank), t.bank));
                    lines.push(row(app.t(Msg::UiImportTotalLoans), t.loans));
                    lines.push(row(app.t(Msg::UiImportTotalContributions), t.contributions));
                    lines.push(row(app.t(Msg::UiImportTotalSavings), t.savings));
                    lines.push(row(app.t(Msg::UiImportTotalFund), t.fund));
                    let diff = if t.difference.is_negative() {
                        Msg::UiImportDifferenceLoss
                    } else {
                        Msg::UiImportDifferenceSurplus
                    };
                    lines.push(row(app.t(diff), t.difference.abs()));
                    lines.push(row(app.t(Msg::UiImportTotalDues), t.dues_owed));
                }
                let mut errs: Vec<String> = p.errors.iter().map(|e| e.message(lang)).collect();
                if let Some(r) = &p.refused {
                    errs.push(r.message(lang));
                }
                errs
            }
            None => Vec::new(),
        };
        if !errors.is_empty() {
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiImportErrors), app.theme.error));
            for e in errors {
                lines.push(styled(super::error_text(&e), app.theme.error));
            }
        } else if self.preview.as_ref().is_some_and(Preview::ready) {
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiImportPressEnter), app.theme.ok));
        }
        // The lines as wrapped, to stop the scroll with the last one at the bottom.
        let rows: usize = lines
            .iter()
            .map(|l| l.width().div_ceil(w.max(1)).max(1))
            .sum();
        let height = area.height.saturating_sub(2) as usize;
        let max = u16::try_from(rows.saturating_sub(height)).unwrap_or(u16::MAX);
        self.max_scroll.set(max);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max), 0))
                .block(block(app, self.title(app), true)),
            area,
        );
    }
}

/// "3 rows ready, no errors" or "2 lines with errors: nothing will be imported".
fn summary(app: &ViewCtx, rows: usize, errors: usize) -> Line<'static> {
    if errors == 0 {
        styled(
            Msg::UiImportSummaryOk.fill(app.lang, &[("n", &rows)]),
            app.theme.ok,
        )
    } else {
        styled(
            Msg::UiImportSummaryErrors.fill(app.lang, &[("n", &rows), ("errors", &errors)]),
            app.theme.error,
        )
    }
}

/// The folder the book is in (the current folder when it has none).
fn book_folder(book: &Path) -> PathBuf {
    let dir = book.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.as_os_str().is_empty() {
        std::env::current_dir().unwrap_or_default()
    } else {
        std::fs::canonicalize(&dir).unwrap_or(dir)
    }
}

/// A path's last part, as shown (the whole path when it has none).
fn folder_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Whether a file name ends in .csv or .xlsx (any case).
fn is_sheet(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".xlsx")
}

/// `s` in at most `w` columns: whole, or cut with an ellipsis.
fn fit_ellipsis(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
    out.push('…');
    out
}
