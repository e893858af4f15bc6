//! The month-close wizard: checks, the cash count, a preview of what the
//! close will post, the confirmation, and the summary.
//!
//! Everything is done by the books: the preview is the close's plan, made in
//! a read transaction ([`Book::close_preview`]: the plan of `ayni close
//! --dry-run` without the book check the wizard showed first), and the yes
//! commits that plan ([`Book::commit_close`]): an explained cash difference
//! and the close in one write transaction, so a refusal leaves nothing
//! half-done. The summary shows what the commit posted.
//!
//! The month-close wizard: the steps across the top, the step's content
//! below, and what to press at the bottom.

use crate::domain::glyphs::Mark;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{amount, error_text, field_label, fit, inner_w, spaced_in, styled};
use crate::books::close::{CloseOptions, CloseOutcome, ClosePlan};
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::entry::Entry;
use crate::domain::input;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Msg;
use crate::i18n::{Lang, fill};
use crate::ui::app::{Input, Screen};
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::text_input::{Filter, Refused, TextInput};

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Checks,
    Cash,
    Preview,
    Confirm,
    Done,
}

impl Step {
    /// 1 to 4 (the summary counts as the last).
    pub fn number(self) -> usize {
        match self {
            Step::Checks => 1,
            Step::Cash => 2,
            Step::Preview => 3,
            Step::Confirm | Step::Done => 4,
        }
    }
}

/// One line of the checks step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    pub ok: bool,
    pub title: String,
    /// What was found (shown for failures).
    pub detail: String,
}

/// The wizard's state.
#[derive(Clone, Debug, Default)]
pub struct CloseWizard {
    pub step: Step,
    /// The month to close: the one after the last closed.
    month: Option<Month>,
    closed_through: Option<Month>,
    checks: Vec<CheckLine>,
    /// Why the close cannot go on, in words (the first failed check).
    blocked: Option<String>,
    /// Cash in the book at the month's end.
    book_cash: Money,
    pub counted: Input,
    explanation: Input,
    /// 0: the counted cash; 1: the explanation.
    focus: usize,
    /// The close's plan, shown before the yes and committed as it is.
    preview: Option<ClosePlan>,
    /// What the close posted.
    pub summary: Option<CloseOutcome>,
    /// A refusal of the books, in words.
    error: Option<String>,
    /// Where the close's backup went, shown from the book's folder.
    backup_shown: Option<String>,
}

impl CloseWizard {
    /// The counted cash, when what was typed is an amount.
    pub fn counted_amount(&self) -> Option<Money> {
        input::amount(&self.counted.value).ok()
    }

    /// Counted minus book, when the count is typed.
    pub fn difference(&self) -> Option<Money> {
        self.counted_amount().map(|c| c - self.book_cash)
    }

    /// What the close's plan will post, every entry of it in the order it
    /// posts them, while the preview or the confirmation is shown: what
    /// the teaching panel teaches.
    pub fn taught(&self) -> Vec<crate::domain::entry::Posting> {
        let Some(p) = self
            .preview
            .as_ref()
            .filter(|_| matches!(self.step, Step::Preview | Step::Confirm))
        else {
            return Vec::new();
        };
        [
            &p.adjustment,
            &p.advances,
            &p.interest,
            &p.reclassification,
            &p.provision_entry,
            &p.results_transfer,
            &p.year_end,
        ]
        .into_iter()
        .flatten()
        .flat_map(|e| e.postings.iter().cloned())
        .collect()
    }

    /// Whether the explanation is needed (a difference was counted).
    pub fn needs_explanation(&self) -> bool {
        self.difference().is_some_and(|d| !d.is_zero())
    }

    fn options(&self) -> CloseOptions {
        CloseOptions {
            cash_count: self.counted_amount(),
            ..CloseOptions::default()
        }
    }

    fn explanation(&self) -> Option<&str> {
        let t = self.explanation.value.trim();
        (self.needs_explanation() && !t.is_empty()).then_some(t)
    }
}

impl CloseWizard {
    /// Starts the wizard afresh on its first step, with the checks made.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        let mut w = CloseWizard::default();
        // The cash count takes an amount only (as the cobro's amount).
        w.counted.value = TextInput::new().with_filter(Filter::Amount);
        if let Err(e) = w.load_checks(ctx.book, ctx.lang) {
            w.blocked = Some(e.message(ctx.lang));
        }
        *self = w;
        Effect::Show(Screen::Close)
    }

    fn load_checks(&mut self, book: &Book, lang: Lang) -> Result<(), BookError> {
        let w = self;
        let month = book.month_to_close()?;
        w.month = Some(month);
        w.closed_through = book.closed_through()?;
        w.book_cash = book.balance_of(CASH, month)?;
        let mut checks = Vec::new();
        let today = book.today();
        let ended = today >= month.last_day() || month < Month::of(today);
        checks.push(CheckLine {
            ok: ended,
            title: if ended {
                fill(
                    Msg::UiCloseEnded.t(lang),
                    &[("date", &format_date(month.last_day(), lang))],
                )
            } else {
                fill(
                    Msg::UiCloseNotEnded.t(lang),
                    &[("date", &format_date(month.last_day(), lang))],
                )
            },
            detail: String::new(),
        });
        let tb = book.trial_balance(month)?;
        checks.push(CheckLine {
            ok: tb.total_debit == tb.total_credit,
            title: fill(
                Msg::UiCloseTrial.t(lang),
                &[
                    ("debit", &tb.total_debit.localized(lang)),
                    ("credit", &tb.total_credit.localized(lang)),
                ],
            ),
            detail: String::new(),
        });
        let report = book.check()?;
        for item in &report.items {
            checks.push(CheckLine {
                ok: item.ok,
                title: item.title(lang).to_string(),
                detail: item.detail(lang).to_string(),
            });
        }
        let read_only = book.is_read_only();
        w.blocked = if read_only {
            Some(BookError::ReadOnly.message(lang))
        } else {
            checks.iter().find(|c| !c.ok).map(|c| {
                if c.detail.is_empty() {
                    c.title.clone()
                } else {
                    format!("{} — {}", c.title, c.detail)
                }
            })
        };
        w.checks = checks;
        Ok(())
    }

    /// A key in the wizard.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if action == Action::Help {
            return Effect::Help;
        }
        match self.step {
            Step::Checks => match action {
                Action::Submit | Action::NextField | Action::Open
                    if self.blocked.is_none() && self.month.is_some() =>
                {
                    self.step = Step::Cash;
                    self.focus = 0;
                }
                Action::Back | Action::No => return Effect::Home,
                _ => {}
            },
            Step::Cash => return self.on_cash(action, ctx),
            Step::Preview => match action {
                Action::Submit | Action::NextField | Action::Open => {
                    self.step = Step::Confirm;
                    self.error = None;
                }
                Action::Back | Action::No => {
                    self.step = Step::Cash;
                    self.preview = None;
                }
                _ => {}
            },
            Step::Confirm => match action {
                Action::Yes | Action::Char('s' | 'S' | 'y' | 'Y') => return self.commit(ctx),
                Action::Back | Action::No | Action::Char('n' | 'N') => {
                    self.step = Step::Preview;
                    self.error = None;
                }
                _ => {}
            },
            Step::Done => match action {
                Action::Submit | Action::NextField | Action::Open | Action::Back => {
                    return Effect::Home;
                }
                _ => {}
            },
        }
        Effect::None
    }

    fn on_cash(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let w = &mut *self;
        match action {
            a if a.moves_cursor() => {
                let field = if w.focus == 0 {
                    &mut w.counted
                } else {
                    &mut w.explanation
                };
                let _ = a.apply_to(&mut field.value);
            }
            a if a.edit().is_some() => {
                let field = if w.focus == 0 {
                    &mut w.counted
                } else {
                    &mut w.explanation
                };
                field.error = match a.apply_to(&mut field.value) {
                    Some(Err(Refused::NotAllowed(_))) => {
                        Some(Msg::UiCobroDigitsOnly.t(lang).to_string())
                    }
                    Some(Err(r)) => Some(r.message(lang)),
                    _ => None,
                };
            }
            Action::PrevField | Action::Up => w.focus = 0,
            Action::NextField | Action::Down if w.focus == 0 && w.needs_explanation() => {
                w.focus = 1
            }
            Action::NextField | Action::Down => w.focus = 0,
            Action::Submit | Action::Open => self.cash_done(ctx),
            Action::Back => {
                w.step = Step::Checks;
                w.error = None;
            }
            _ => {}
        }
        if !self.needs_explanation() {
            self.focus = 0;
        }
        Effect::None
    }

    /// Enter on the cash count: the amount checked, a difference explained,
    /// then the preview.
    fn cash_done(&mut self, ctx: &mut Ctx) {
        let lang = ctx.lang;
        let w = &mut *self;
        w.error = None;
        if let Err(e) = input::amount(&w.counted.value) {
            w.counted.error = Some(e.message(lang));
            w.focus = 0;
            return;
        }
        if w.needs_explanation() && w.explanation.value.trim().is_empty() {
            if w.focus == 0 {
                // Enter on the amount moves on to the explanation.
                w.focus = 1;
            } else {
                w.explanation.error = Some(Msg::UiCloseNeedsExplanation.t(lang).to_string());
            }
            return;
        }
        self.load_preview(ctx);
    }

    fn load_preview(&mut self, ctx: &mut Ctx) {
        let Some(month) = self.month else {
            return;
        };
        let w = self;
        match ctx.book.close_preview(month, &w.options(), w.explanation()) {
            Ok(p) => {
                w.preview = Some(p);
                w.step = Step::Preview;
            }
            Err(e) => w.error = Some(e.message(ctx.lang)),
        }
    }

    /// Closes the month: the adjustment (if any), the close and the lock in
    /// one transaction; a refusal changes nothing and is shown in words.
    fn commit(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(plan) = &self.preview else {
            return Effect::None;
        };
        let month = plan.month;
        match ctx.book.commit_close(plan) {
            Ok(done) => {
                self.backup_shown = done.backup.as_ref().map(|p| beside_book(ctx.book_path, p));
                self.summary = Some(done);
                self.step = Step::Done;
                self.error = None;
                Effect::say(fill(
                    Msg::UiCloseDone.t(lang),
                    &[("month", &month.name(lang))],
                ))
                .then(Effect::Reload)
            }
            Err(e) => {
                self.error = Some(e.message(lang));
                Effect::None
            }
        }
    }
}

/// "sobrante" or "faltante" for a difference (counted minus book).
pub fn difference_kind(diff: Money, lang: Lang) -> &'static str {
    if diff.is_negative() {
        Msg::UiCloseShortfall.t(lang)
    } else {
        Msg::UiCloseSurplus.t(lang)
    }
}

impl CloseWizard {
    /// Which keymap applies: the last step is a question that only an
    /// explicit yes answers (its footer says so); the others type the count
    /// and go on with Enter.
    pub fn context(&self) -> crate::ui::keymap::Context {
        if self.step == Step::Confirm {
            crate::ui::keymap::Context::ConfirmStrict
        } else {
            crate::ui::keymap::Context::Close
        }
    }
}

// ---- Drawing

impl CloseWizard {
    /// Draws the wizard.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let wz = self;
        let w = &wz;
        let lang = app.lang;
        let month = w.month.map(|m| m.name(lang)).unwrap_or_default();
        let title = fill(app.t(Msg::UiCloseTitle), &[("month", &month)]);
        let inner_w = inner_w(app, area);
        let mut lines = vec![steps_line(wz, app), Line::raw("")];
        match w.step {
            Step::Checks => checks(
                wz,
                app,
                &mut lines,
                inner_w,
                area.height.saturating_sub(2) as usize,
            ),
            Step::Cash => cash(wz, app, &mut lines, inner_w),
            Step::Preview => preview(wz, app, &mut lines, inner_w),
            Step::Confirm => confirm(wz, app, &mut lines, inner_w),
            Step::Done => done(wz, app, &mut lines, inner_w),
        }
        if let Some(e) = &w.error {
            lines.push(Line::raw(""));
            lines.push(styled(error_text(e), app.theme.error));
        }
        // Short of rows (the teaching panel under it, a small window), the
        // blank lines go first, from the bottom up: the keys stay in view.
        squeeze(&mut lines, area.height.saturating_sub(2) as usize, inner_w);
        super::form_panel(app, f, &title, lines, area);
    }
}

/// Removes blank lines of `lines`, the last first, until they take no more
/// than `room` rows at `width` columns (or no blank line is left).
fn squeeze(lines: &mut Vec<Line<'_>>, room: usize, width: usize) {
    let rows = |lines: &[Line<'_>]| -> usize {
        lines
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                if text.trim().is_empty() {
                    1
                } else {
                    super::exercises::wrap(&text, width, 0).len()
                }
            })
            .sum()
    };
    while rows(lines) > room {
        let Some(i) = lines.iter().rposition(|l| l.width() == 0) else {
            break;
        };
        lines.remove(i);
    }
}

/// "1 Verificaciones › 2 Arqueo de caja › 3 … › 4 …", the current one marked.
fn steps_line(wz: &CloseWizard, app: &ViewCtx) -> Line<'static> {
    let current = wz.step.number();
    let mut spans = Vec::new();
    for (n, m) in [
        (1, Msg::UiCloseStepChecks),
        (2, Msg::UiCloseStepCash),
        (3, Msg::UiCloseStepPreview),
        (4, Msg::UiCloseStepConfirm),
    ] {
        if n > 1 {
            spans.push(Span::styled(" › ", app.theme.muted));
        }
        let text = format!("{n} {}", app.t(m));
        if n == current {
            spans.push(Span::styled(format!("[{text}]"), app.theme.tab_active));
        } else {
            spans.push(Span::styled(text, app.theme.muted));
        }
    }
    Line::from(spans)
}

fn mark(app: &ViewCtx, ok: bool) -> Span<'static> {
    if ok {
        Span::styled(format!("{} ", super::mark(Mark::Ok)), app.theme.ok)
    } else {
        Span::styled(format!("{} ", super::mark(Mark::Bad)), app.theme.error)
    }
}

fn checks(wz: &CloseWizard, app: &ViewCtx, lines: &mut Vec<Line<'static>>, w: usize, h: usize) {
    let wiz = &wz;
    let lang = app.lang;
    let closed = wiz
        .closed_through
        .map(|m| m.name(lang))
        .unwrap_or_else(|| app.t(Msg::UiNothingClosed).to_string());
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}: ", app.t(Msg::UiClosedThrough)),
            app.theme.muted,
        ),
        Span::raw(closed),
    ]));
    // Under the checks: a blank line, the verdict, and room for an error
    // when there is one.
    let below = if wiz.error.is_some() { 4 } else { 2 };
    let room = h.saturating_sub(lines.len() + below);
    let row = |c: &crate::ui::screens::close::CheckLine| {
        let m = mark(app, c.ok);
        let title = fit(&c.title, w.saturating_sub(m.width()));
        Line::from(vec![m, Span::raw(title)])
    };
    if wiz.checks.len() <= room {
        let rows = wiz.checks.iter().map(row).collect();
        lines.extend(spaced_in(app, rows, room));
    } else {
        // Too many to show on this screen: the failed ones first, then as
        // many passed ones as fit, and one line for the rest, so the verdict
        // below is never pushed off the screen.
        let mut order: Vec<_> = wiz.checks.iter().filter(|c| !c.ok).collect();
        order.extend(wiz.checks.iter().filter(|c| c.ok));
        let shown = room.saturating_sub(1);
        lines.extend(order.iter().take(shown).map(|c| row(c)));
        let rest = &order[shown.min(order.len())..];
        let all_ok = rest.iter().all(|c| c.ok);
        let more = if all_ok {
            Msg::UiCloseMoreChecksOk
        } else {
            Msg::UiCloseMoreChecks
        };
        let text = fill(app.t(more), &[("n", &rest.len().to_string())]);
        let m = mark(app, all_ok);
        let room = w.saturating_sub(m.width());
        lines.push(Line::from(vec![m, Span::raw(fit(&text, room))]));
    }
    lines.push(Line::raw(""));
    match &wiz.blocked {
        Some(reason) => lines.push(styled(
            error_text(&fill(app.t(Msg::UiCloseBlocked), &[("reason", reason)])),
            app.theme.error,
        )),
        None => lines.push(styled(
            format!("{} {}", super::mark(Mark::Ok), app.t(Msg::UiCloseAllOk)),
            app.theme.ok,
        )),
    }
}

fn cash(wz: &CloseWizard, app: &ViewCtx, lines: &mut Vec<Line<'static>>, w: usize) {
    let wiz = &wz;
    let lang = app.lang;
    let label_w = 36.min(w.saturating_sub(16));
    let date = wiz
        .month
        .map(|m| format_date(m.last_day(), lang))
        .unwrap_or_default();
    // A figure beside its label; a field's style; what is wrong with a field.
    let figure = |label: &str, m: Money| {
        Line::from(vec![
            field_label(app, label, false, label_w),
            amount(app, m, 14),
        ])
    };
    let typing = |focus: bool| {
        if focus {
            app.theme.input
        } else {
            app.theme.base
        }
    };
    let refused = |input: &Input| {
        input
            .error
            .as_ref()
            .map(|e| styled(error_text(e), app.theme.error))
    };
    let book_cash = fill(app.t(Msg::UiCloseBookCash), &[("date", &date)]);
    lines.push(figure(&book_cash, wiz.book_cash));
    lines.push(Line::from(vec![
        field_label(app, app.t(Msg::UiCloseCounted), wiz.focus == 0, label_w),
        Span::styled(
            format!("{:>14}", wiz.counted.value.view(wiz.focus == 0, 14)),
            typing(wiz.focus == 0),
        ),
    ]));
    lines.extend(refused(&wiz.counted));
    if let Some(diff) = wiz.difference() {
        let kind = if diff.is_zero() {
            String::new()
        } else {
            format!(" ({})", difference_kind(diff, lang))
        };
        lines.push(figure(&format!("{}{kind}", app.t(Msg::UiDifference)), diff));
        lines.push(Line::raw(""));
        if diff.is_zero() {
            lines.push(styled(
                format!(
                    "{} {}",
                    super::mark(Mark::Ok),
                    app.t(Msg::UiCloseCashMatches)
                ),
                app.theme.ok,
            ));
        } else {
            lines.push(Line::from(field_label(
                app,
                app.t(Msg::UiCloseExplanation),
                wiz.focus == 1,
                w,
            )));
            lines.push(styled(
                fit(&wiz.explanation.value.view(wiz.focus == 1, w), w),
                typing(wiz.focus == 1),
            ));
            lines.extend(refused(&wiz.explanation));
            lines.push(styled(
                fill(
                    app.t(Msg::UiCloseExplainHint),
                    &[("kind", &difference_kind(diff, lang))],
                ),
                app.theme.muted,
            ));
        }
    } else {
        lines.push(Line::raw(""));
        lines.push(styled(app.t(Msg::UiCloseCountHint), app.theme.muted));
    }
}

/// A line of the preview or the summary: a label and an amount.
fn item(app: &ViewCtx, label: &str, value: Option<Money>, w: usize) -> Line<'static> {
    let label_w = w.saturating_sub(16);
    let mut spans = vec![Span::raw(fit(&format!("• {label}"), label_w))];
    if let Some(v) = value {
        spans.push(amount(app, v, 14));
    }
    Line::from(spans)
}

fn preview(wz: &CloseWizard, app: &ViewCtx, lines: &mut Vec<Line<'static>>, w: usize) {
    let Some(p) = &wz.preview else { return };
    let lang = app.lang;
    lines.push(styled(app.t(Msg::UiClosePreviewIntro), app.theme.header));
    if p.adjustment.is_some() {
        let diff = wz.difference().unwrap_or_default();
        let label = fill(
            app.t(Msg::UiCloseAdjustment),
            &[("kind", &difference_kind(diff, lang))],
        );
        lines.push(item(app, &label, Some(diff), w));
    }
    lines.push(charges_line(app, Msg::UiCloseCharges, p, w));
    if let Some(e) = &p.advances {
        lines.push(item(app, app.t(Msg::UiCloseAdvances), Some(e.total()), w));
    }
    match &p.interest {
        Some(e) => lines.push(item(app, app.t(Msg::UiCloseInterest), Some(e.total()), w)),
        None => lines.push(item(app, app.t(Msg::UiCloseNoInterest), None, w)),
    }
    match &p.reclassification {
        Some(e) => lines.push(item(app, app.t(Msg::UiCloseReclass), Some(e.total()), w)),
        None => lines.push(item(app, app.t(Msg::UiCloseNoReclass), None, w)),
    }
    // The provision: its change (negative when released), with what was
    // required and held in the label.
    let pr = &p.provision;
    let required = pr.required.total.localized(lang);
    if p.provision_entry.is_some() {
        let label = fill(
            app.t(Msg::UiCloseProvision),
            &[("required", &required), ("held", &pr.held.localized(lang))],
        );
        lines.push(item(app, &label, Some(pr.adjustment.change()), w));
    } else {
        let label = fill(app.t(Msg::UiCloseNoProvision), &[("required", &required)]);
        lines.push(item(app, &label, None, w));
    }
    if let Some(e) = &p.results_transfer {
        lines.push(item(
            app,
            app.t(Msg::UiCloseResultsTransfer),
            Some(e.total()),
            w,
        ));
    }
    if let Some(e) = &p.year_end {
        lines.push(item(app, app.t(Msg::UiCloseYearEnd), Some(e.total()), w));
    }
    lines.push(item(app, app.t(Msg::UiCloseLateInterest), None, w));
    lines.push(Line::raw(""));
    lines.push(styled(app.t(Msg::UiCloseBackupNote), app.theme.muted));
    lines.push(month_warning(
        app,
        Msg::UiCloseLockNote,
        &p.month.name(lang),
    ));
    lines.push(Line::raw(""));
    lines.push(styled(app.t(Msg::UiClosePreviewNext), app.theme.muted));
}

/// The charges the close generates (`m`: "will generate" or "generated"),
/// how many and their total.
fn charges_line(app: &ViewCtx, m: Msg, p: &ClosePlan, w: usize) -> Line<'static> {
    let n = p.charges_generated.to_string();
    item(
        app,
        &fill(app.t(m), &[("n", &n)]),
        Some(p.charges_amount),
        w,
    )
}

/// A warning about the month to close, named in it.
fn month_warning(app: &ViewCtx, m: Msg, month: &str) -> Line<'static> {
    styled(fill(app.t(m), &[("month", &month)]), app.theme.warning)
}

fn confirm(wz: &CloseWizard, app: &ViewCtx, lines: &mut Vec<Line<'static>>, _w: usize) {
    let lang = app.lang;
    let month = wz.month.map(|m| m.name(lang)).unwrap_or_default();
    lines.push(month_warning(app, Msg::UiCloseConfirm, &month));
    lines.push(Line::raw(""));
    lines.push(styled(app.t(Msg::UiCloseConfirmKeys), app.theme.header));
}

fn done(wz: &CloseWizard, app: &ViewCtx, lines: &mut Vec<Line<'static>>, w: usize) {
    let Some(done) = &wz.summary else { return };
    let s = &done.close;
    let lang = app.lang;
    lines.push(styled(
        format!(
            "{} {}",
            super::mark(Mark::Ok),
            fill(app.t(Msg::UiCloseDone), &[("month", &s.month.name(lang))])
        ),
        app.theme.ok,
    ));
    // Each entry the close posted: its number and its amount.
    let posted = |label: &str, e: Option<&Entry>, value: Option<Money>| -> Option<Line<'static>> {
        e.map(|e| {
            // The entry's number always shows: a long label gives way to it.
            let number = format!(" — {} {}", app.t(Msg::UiNumber), e.id);
            let room = w.saturating_sub(16 + 2 + number.chars().count());
            let label = if label.chars().count() > room {
                let cut: String = label.chars().take(room.saturating_sub(1)).collect();
                format!("{cut}…")
            } else {
                label.to_string()
            };
            item(app, &format!("{label}{number}"), value, w)
        })
    };
    let diff = wz.difference().unwrap_or_default();
    let adjustment = fill(
        app.t(Msg::UiCloseAdjustment),
        &[("kind", &difference_kind(diff, lang))],
    );
    lines.extend(posted(&adjustment, s.adjustment.as_ref(), Some(diff)));
    lines.push(charges_line(app, Msg::UiCloseChargesDone, s, w));
    let provision = Some(s.provision.adjustment.change());
    #[rustfmt::skip]
    let entries = [
        (Msg::UiCloseAdvances, &s.advances, None),
        (Msg::UiCloseInterest, &s.interest, None),
        (Msg::UiCloseReclass, &s.reclassification, None),
        (Msg::UiCloseProvisionDone, &s.provision_entry, provision),
        (Msg::UiCloseResultsTransfer, &s.results_transfer, None),
        (Msg::UiCloseYearEnd, &s.year_end, None),
    ];
    for (label, e, value) in entries {
        let value = value.or(e.as_ref().map(Entry::total));
        lines.extend(posted(app.t(label), e.as_ref(), value));
    }
    lines.push(item(
        app,
        &fill(
            app.t(Msg::UiCloseEntriesInMonth),
            &[("n", &s.entries_in_month.to_string())],
        ),
        None,
        w,
    ));
    lines.push(item(app, app.t(Msg::UiCash), Some(s.cash), w));
    lines.push(item(app, app.t(Msg::UiBank), Some(s.bank), w));
    lines.push(Line::raw(""));
    let backup = done
        .backup
        .as_ref()
        .and(wz.backup_shown.clone())
        .unwrap_or_else(|| app.t(Msg::UiCloseNoBackup).to_string());
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", app.t(Msg::UiCloseBackup)), app.theme.muted),
        Span::raw(backup),
    ]));
    lines.push(Line::raw(""));
    lines.push(styled(app.t(Msg::UiCloseDoneBack), app.theme.muted));
}

/// A path shown from the book's folder when it is inside it
/// ("practica.ayni.copias/…"), whole otherwise.
pub fn beside_book(book_path: &std::path::Path, path: &std::path::Path) -> String {
    book_path
        .parent()
        .and_then(|dir| path.strip_prefix(dir).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| path.display().to_string())
}
