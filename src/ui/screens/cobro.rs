//! The "cobro" screen: taking dues and contributions at the meeting.
//!
//! Built for a queue of members: type part of a name or cédula, Enter, the
//! amount (what is owed is already there), Enter to see the receipt, Enter to
//! record it — and the search is ready for the next member. The day's receipts
//! and their running total stay on screen; Ctrl-P writes them to files for
//! printing.
//!
//! The cobro screen: the search and its matches on the left, the chosen
//! member's debts, the amount and the receipt on the right, the day's
//! receipts with their running total below.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{
    amount, block, error_text, fit, fit_rows, inner_w, list_window, sel_mark, spaced, styled,
};
use crate::books::BookError;
use crate::books::dues::{ChargeLine, DuesPaymentPlan};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::dues::Receipt;
use crate::domain::input;
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::i18n::fill;
use crate::report::dues::{month_text, receipt_number};
use crate::ui::app::Input;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::text_input::{Filter, Refused, TextInput};

/// Where the treasurer is in one payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// Typing a name or number; ↑↓ pick the member.
    #[default]
    Search,
    /// The member is chosen; typing the amount.
    Amount,
    /// The receipt preview; Enter records it.
    Confirm,
}

/// The screen's state.
#[derive(Clone, Debug, Default)]
pub struct Cobro {
    pub phase: Phase,
    pub query: TextInput,
    /// Members matching the query (active first).
    matches: Vec<Member>,
    sel: usize,
    /// The chosen (or highlighted) member and what they owe, oldest first.
    member: Option<Member>,
    owed: Vec<ChargeLine>,
    pub amount: Input,
    /// The amount shown is the suggestion: the first key typed replaces it.
    pub suggested: bool,
    /// The payment worked out by the books, shown for confirmation.
    pub(super) plan: Option<DuesPaymentPlan>,
    /// The day's receipts, oldest first.
    pub today: Vec<Receipt>,
    day: Option<NaiveDate>,
    /// The receipt just recorded, shown until the next member.
    pub last: Option<Receipt>,
    /// Names of the charge types, for the receipts shown.
    type_names: std::collections::HashMap<u32, String>,
    /// The members' names, for the receipts shown.
    member_names: std::collections::HashMap<u32, String>,
}

impl Cobro {
    /// What the member owes in all.
    pub fn owed_total(&self) -> Money {
        self.owed.iter().map(|c| c.due).sum()
    }

    /// The day's total, leaving out reversed receipts.
    pub fn day_total(&self) -> Money {
        crate::report::dues::day_total(&self.today)
    }
}

impl Cobro {
    /// Starts the cobro screen afresh: an empty search, and the day's receipts.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        *self = Cobro::default();
        self.search(ctx).then(self.load_day(ctx))
    }

    fn load_day(&mut self, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let day = book.today();
        if let Ok(types) = book.charge_types() {
            self.type_names = types.into_iter().map(|t| (t.id, t.name)).collect();
        }
        self.member_names = ctx.members.iter().map(|m| (m.id, m.full_name())).collect();
        match book.receipts_of_day(day) {
            Ok(r) => {
                self.today = r;
                self.day = Some(day);
                Effect::None
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// Filters the members by the query and loads what the highlighted one owes.
    fn search(&mut self, ctx: &mut Ctx) -> Effect {
        let mut found = crate::books::members::search(ctx.members.to_vec(), &self.query);
        // Active members first; retired ones may still settle old dues.
        found.sort_by_key(|m| !m.status.is_active());
        self.matches = found;
        self.sel = self.sel.min(self.matches.len().saturating_sub(1));
        self.load_member(ctx)
    }

    fn load_member(&mut self, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let chosen = self.matches.get(self.sel).cloned();
        let mut effect = Effect::None;
        self.owed = match &chosen {
            Some(m) => {
                let through = match book.current_month() {
                    Ok(mo) => mo,
                    Err(e) => return Effect::error(e.message(ctx.lang)),
                };
                match book.owed(m.id, through) {
                    Ok(v) => v,
                    Err(e) => {
                        effect = Effect::error(e.message(ctx.lang));
                        Vec::new()
                    }
                }
            }
            None => Vec::new(),
        };
        self.member = chosen;
        effect
    }

    /// A key on the cobro screen.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.phase {
            Phase::Search => self.on_search(action, ctx),
            Phase::Amount => self.on_amount(action, ctx),
            Phase::Confirm => self.on_confirm(action, ctx),
        }
    }

    /// A yes to the outsized amount's question: the receipt preview.
    pub fn confirmed(&mut self, plan: DuesPaymentPlan) {
        self.plan = Some(plan);
        self.phase = Phase::Confirm;
    }

    fn on_search(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            a if a.moves_cursor() => {
                let _ = a.apply_to(&mut self.query);
            }
            a if a.edit().is_some() => {
                if matches!(a, Action::Char(_) | Action::Paste(_)) {
                    self.last = None;
                }
                if let Some(Err(r)) = a.apply_to(&mut self.query) {
                    return Effect::error(r.message(ctx.lang));
                }
                self.sel = 0;
                return self.search(ctx);
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let len = self.matches.len();
                if len == 0 {
                    return Effect::None;
                }
                let by: i64 = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(ctx.page as i64),
                    _ => ctx.page as i64,
                };
                self.sel = (self.sel as i64 + by).clamp(0, len as i64 - 1) as usize;
                self.last = None;
                return self.load_member(ctx);
            }
            Action::Submit | Action::Open | Action::NextField => {
                if self.member.is_none() {
                    return Effect::error(ctx.t(Msg::UiCobroNoMember));
                }
                self.last = None;
                let owed = self.owed_total();
                let mut amount = TextInput::new().with_filter(Filter::Amount);
                if owed.is_positive() {
                    amount.set(&owed.localized(ctx.lang));
                }
                self.amount = Input {
                    value: amount,
                    error: None,
                };
                self.suggested = owed.is_positive();
                self.phase = Phase::Amount;
            }
            Action::Back => {
                if self.query.is_empty() {
                    return Effect::Home;
                }
                self.query.clear();
                self.sel = 0;
                return self.search(ctx);
            }
            Action::Export => return self.export(ctx),
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    fn on_amount(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        match action {
            a if a.edit().is_some() => {
                let amount = &mut self.amount;
                // The suggestion is replaced by what is typed or pasted, and
                // edited in place once the cursor moves or a key deletes.
                let replaces = matches!(a, Action::Char(_) | Action::Paste(_));
                let mut typed = amount.value.clone();
                if self.suggested && replaces {
                    typed.clear();
                }
                match a.apply_to(&mut typed) {
                    Some(Err(Refused::NotAllowed(_))) => {
                        amount.error = Some(Msg::UiCobroDigitsOnly.t(lang).to_string());
                    }
                    Some(Err(r)) => amount.error = Some(r.message(lang)),
                    _ => {
                        amount.value = typed;
                        amount.error = None;
                        self.suggested = false;
                    }
                }
            }
            Action::Submit | Action::Open | Action::NextField => return self.plan(ctx),
            Action::Back => {
                self.phase = Phase::Search;
                self.amount = Input::default();
            }
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    /// Checks the amount and shows the receipt that would be issued.
    fn plan(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let Some(member) = &self.member else {
            return Effect::None;
        };
        let amount = match input::amount(&self.amount.value) {
            Ok(a) => a,
            Err(e) => {
                self.amount.error = Some(e.message(lang));
                return Effect::None;
            }
        };
        match book.dues_payment_plan(member.id, amount, book.today(), CASH, None) {
            Ok(plan) => match crate::ui::screen::outsized(book, plan.payment.total) {
                // Far beyond the book's size: a yes first (see `App::update`).
                Ok(Some((amount, assets))) => {
                    return Effect::Ask(Box::new(crate::ui::screen::Outsized {
                        amount,
                        assets,
                        then: crate::ui::screen::OutsizedNext::Cobro(Box::new(plan)),
                    }));
                }
                Ok(None) => self.confirmed(plan),
                Err(e) => self.amount.error = Some(e.message(lang)),
            },
            Err(e) => self.amount.error = Some(e.message(lang)),
        }
        Effect::None
    }

    fn on_confirm(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Submit | Action::Open | Action::NextField | Action::Yes => self.post(ctx),
            Action::Char('s' | 'S' | 'y' | 'Y') => self.post(ctx),
            Action::Back | Action::No | Action::Char('n' | 'N') => {
                self.plan = None;
                self.phase = Phase::Amount;
                Effect::None
            }
            Action::Help => Effect::Help,
            _ => Effect::None,
        }
    }

    /// Records the payment: one entry, one receipt; then ready for the next member.
    fn post(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(plan) = self.plan.take() else {
            return Effect::None;
        };
        match ctx.book.commit_dues_payment(&plan) {
            Ok(done) => {
                let receipt = done.receipt;
                let done = Effect::say(fill(
                    ctx.t(Msg::UiCobroDone),
                    &[
                        ("n", &crate::report::dues::receipt_number(receipt.number)),
                        ("name", &plan.payment.member.full_name()),
                        ("amount", &receipt.total.localized(lang)),
                    ],
                ));
                self.last = Some(receipt);
                self.phase = Phase::Search;
                self.query.clear();
                self.sel = 0;
                self.amount = Input::default();
                // The dashboard, the journal and the lists see the payment
                // (a payment leaves the members as they were).
                done.then(Effect::Reload)
                    .then(self.search(ctx))
                    .then(self.load_day(ctx))
            }
            Err(e) => {
                self.phase = Phase::Amount;
                self.amount.error = Some(e.message(lang));
                Effect::None
            }
        }
    }

    /// Writes the day's receipts beside the book: a text file to print (the
    /// day's list, then each receipt) and a CSV for a spreadsheet.
    fn export(&mut self, ctx: &mut Ctx) -> Effect {
        match self.try_export(ctx) {
            Ok(paths) => {
                let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                Effect::say(fill(
                    ctx.t(Msg::UiCobroExported),
                    &[("paths", &shown.join(", "))],
                ))
            }
            Err(msg) => Effect::error(msg),
        }
    }

    fn try_export(&self, ctx: &Ctx) -> Result<Vec<PathBuf>, String> {
        let book = &*ctx.book;
        let lang = ctx.lang;
        let fail = |e: BookError| e.message(lang);
        let day = self.day.unwrap_or_else(|| book.today());
        let receipts = book.receipts_of_day(day).map_err(fail)?;
        let settings = book.settings().map_err(fail)?;
        let types = book.charge_types().map_err(fail)?;
        let chart = book.chart();
        let names = crate::report::dues::DuesNames {
            association: &settings.name,
            members: ctx.members,
            types: &types,
            chart,
        };
        let mut text = crate::report::dues::day_receipts_table(day, &receipts, &names, lang);
        for r in &receipts {
            text.push_str("\n\n");
            text.push_str(&crate::report::dues::receipt_table(r, &names, lang));
        }
        let csv = crate::report::dues::day_receipts_csv(&receipts, &names, lang);
        let dir = ctx
            .book_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let stem = Msg::UiStemReceipts.t(lang);
        let base = format!("{stem}-{}", day.format("%Y-%m-%d"));
        let txt_path = dir.join(format!("{base}.txt"));
        let csv_path = dir.join(format!("{base}.csv"));
        for (path, body) in [(&txt_path, text), (&csv_path, csv)] {
            write_atomically(path, body.as_bytes()).map_err(|e| {
                fill(
                    Msg::UiCobroExportFailed.t(lang),
                    &[("path", &path.display()), ("error", &e)],
                )
            })?;
        }
        Ok(vec![txt_path, csv_path])
    }
}

/// Writes a file whole or not at all (see `crate::files`: a temporary file
/// that takes no existing file's name, renamed into place).
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::files::write(path, bytes)
}

// ---- Drawing

impl Cobro {
    /// Draws the screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let day_rows = match area.height {
            18.. => 7,
            14..=17 => 4,
            _ => 0,
        };
        let [top, day] =
            Layout::vertical([Constraint::Min(8), Constraint::Length(day_rows)]).areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(46), Constraint::Percentage(54)]).areas(top);
        render_search(self, app, f, left);
        render_member(self, app, f, right);
        if day_rows > 0 {
            render_day(self, app, f, day);
        }
    }
}

fn render_search(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let searching = c.phase == Phase::Search;
    let inner_w = inner_w(app, area);
    let mut lines = vec![
        styled(app.t(Msg::UiCobroSearch), app.theme.muted),
        styled(
            fit(&c.query.view(searching, inner_w), inner_w),
            if searching {
                app.theme.input
            } else {
                app.theme.base
            },
        ),
    ];
    let height = area.height.saturating_sub(4) as usize;
    if c.matches.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroNoMember), app.theme.warning));
    }
    let mut rows = Vec::new();
    for i in list_window(app, c.sel, c.matches.len(), height) {
        let m = &c.matches[i];
        let mut text = format!("{} · {}", m.full_name(), m.id_number);
        if !m.status.is_active() {
            text.push_str(&format!(" ({})", app.t(Msg::UiCobroRetired)));
        }
        let style = super::row_style(app, i == c.sel, m.status.is_active(), app.theme.muted);
        // The selection is marked by a sign as well as by colour.
        let mark = sel_mark(i == c.sel);
        rows.push(styled(fit(&format!("{mark}{text}"), inner_w), style));
    }
    lines.extend(spaced(app, rows));
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::UiCobroTitle), searching)),
        area,
    );
}

fn render_member(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let w = inner_w(app, area);
    let amount_w = 12;
    let label_w = w.saturating_sub(amount_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    // The receipt just recorded, until the next member is searched.
    if let (Phase::Search, Some(r)) = (c.phase, &c.last) {
        let name = c.member_names.get(&r.member).cloned().unwrap_or_default();
        lines.push(styled(
            format!(
                "{} {} · {}",
                app.t(Msg::UiNumber),
                receipt_number(r.number),
                format_date(r.date, lang)
            ),
            app.theme.header,
        ));
        let mut rows = Vec::new();
        for l in &r.lines {
            let type_name = type_name(c, l.charge_type);
            rows.push(Line::from(vec![
                Span::raw(fit(
                    &format!("{} {}", month_text(l.month, lang), type_name),
                    label_w,
                )),
                amount(app, l.amount, amount_w),
            ]));
        }
        lines.extend(spaced(app, rows));
        lines.push(Line::from(vec![
            Span::styled(fit(app.t(Msg::UiTotal), label_w), app.theme.header),
            amount(app, r.total, amount_w),
        ]));
        let title = format!("{}: {name}", app.t(Msg::UiCobroLast));
        f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), area);
        return;
    }
    let Some(m) = &c.member else {
        f.render_widget(
            Paragraph::new(styled(app.t(Msg::UiCobroNoMember), app.theme.muted)).block(block(
                app,
                app.t(Msg::UiMember),
                false,
            )),
            area,
        );
        return;
    };
    let title = format!("{} · {}", m.full_name(), m.id_number);
    match (c.phase, &c.plan) {
        (Phase::Confirm, Some(plan)) => {
            lines.push(styled(app.t(Msg::UiCobroPreview), app.theme.header));
            // Header, total, advance, blank and hint need 5 rows; the lines get the rest.
            let room = fit_rows(app, area.height.saturating_sub(2 + 5) as usize).max(1);
            let cut = if plan.payment.lines.len() > room {
                room.saturating_sub(1)
            } else {
                plan.payment.lines.len()
            };
            let mut rows = Vec::new();
            for l in &plan.payment.lines[..cut] {
                rows.push(Line::from(vec![
                    Span::raw(fit(
                        &format!("{} {}", month_text(l.month, lang), l.type_name),
                        label_w,
                    )),
                    amount(app, l.applied, amount_w),
                ]));
            }
            if cut < plan.payment.lines.len() {
                let rest: crate::domain::money::Money =
                    plan.payment.lines[cut..].iter().map(|l| l.applied).sum();
                rows.push(Line::from(vec![
                    Span::styled(
                        fit(&format!("… +{}", plan.payment.lines.len() - cut), label_w),
                        app.theme.muted,
                    ),
                    amount(app, rest, amount_w),
                ]));
            }
            lines.extend(spaced(app, rows));
            if plan.payment.advance.is_positive() {
                lines.push(Line::from(vec![
                    Span::styled(fit(app.t(Msg::UiCobroAdvance), label_w), app.theme.muted),
                    amount(app, plan.payment.advance, amount_w),
                ]));
            }
            lines.push(Line::from(vec![
                Span::styled(fit(app.t(Msg::UiTotal), label_w), app.theme.header),
                amount(app, plan.payment.total, amount_w),
            ]));
            if area.height > 12 {
                lines.push(Line::from(""));
            }
            lines.push(styled(app.t(Msg::UiCobroConfirm), app.theme.warning));
        }
        _ => {
            let room = area
                .height
                .saturating_sub(if c.phase == Phase::Amount { 8 } else { 5 })
                as usize;
            if c.owed.is_empty() {
                lines.push(styled(app.t(Msg::UiCobroOwesNothing), app.theme.muted));
            } else {
                lines.push(styled(app.t(Msg::UiCobroOwes), app.theme.header));
                let shown = c.owed.len().min(fit_rows(app, room).max(1));
                // When the list is long, the oldest stay visible and the rest is summed.
                let cut = if shown < c.owed.len() {
                    shown.saturating_sub(1)
                } else {
                    shown
                };
                let mut rows = Vec::new();
                for l in &c.owed[..cut] {
                    rows.push(Line::from(vec![
                        Span::raw(fit(
                            &format!("{} {}", month_text(l.month, lang), l.type_name),
                            label_w,
                        )),
                        amount(app, l.due, amount_w),
                    ]));
                }
                if cut < c.owed.len() {
                    let rest: crate::domain::money::Money =
                        c.owed[cut..].iter().map(|l| l.due).sum();
                    rows.push(Line::from(vec![
                        Span::styled(
                            fit(&format!("… +{}", c.owed.len() - cut), label_w),
                            app.theme.muted,
                        ),
                        amount(app, rest, amount_w),
                    ]));
                }
                lines.extend(spaced(app, rows));
                lines.push(Line::from(vec![
                    Span::styled(fit(app.t(Msg::UiTotal), label_w), app.theme.header),
                    amount(app, c.owed_total(), amount_w),
                ]));
            }
            if c.phase == Phase::Amount {
                lines.push(Line::from(""));
                let label = format!("{}{}: ", sel_mark(true), app.t(Msg::UiCobroAmount));
                let room = inner_w(app, area).saturating_sub(label.chars().count() + 2);
                lines.push(Line::from(vec![
                    Span::styled(label, app.theme.header),
                    Span::styled(
                        format!(" {} ", c.amount.value.view(!c.suggested, room)),
                        if c.suggested {
                            app.theme.selected
                        } else {
                            app.theme.input
                        },
                    ),
                ]));
                match &c.amount.error {
                    Some(e) => lines.push(styled(error_text(e), app.theme.error)),
                    None => lines.push(styled(app.t(Msg::UiCobroAmountHint), app.theme.muted)),
                }
            }
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, &title, c.phase != Phase::Search)),
        area,
    );
}

fn type_name(c: &Cobro, id: u32) -> String {
    c.type_names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| format!("#{id}"))
}

fn render_day(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let count = c.today.iter().filter(|r| r.reversed_by.is_none()).count();
    let title = Msg::UiCobroDay.fill(
        lang,
        &[
            (
                "date",
                &c.day.map(|d| format_date(d, lang)).unwrap_or_default(),
            ),
            ("count", &count),
            ("total", &c.day_total().localized(lang)),
        ],
    );
    let w = inner_w(app, area);
    let height = fit_rows(app, area.height.saturating_sub(2) as usize);
    let mut lines = Vec::new();
    if c.today.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroNoReceipts), app.theme.muted));
    }
    // Newest first, with the running total of the day at each.
    let mut running = crate::domain::money::Money::ZERO;
    let mut rows = Vec::new();
    for r in &c.today {
        if r.reversed_by.is_none() {
            running += r.total;
        }
        rows.push((r, running));
    }
    let name_w = w.saturating_sub(8 + 13 + 13 + 2).max(8);
    let mut shown = Vec::new();
    for (r, run) in rows.iter().rev().take(height) {
        let name = c.member_names.get(&r.member).cloned().unwrap_or_default();
        let mut label = name;
        if r.reversed_by.is_some() {
            label = format!("{label} — {}", app.t(Msg::UiCobroReversed));
        }
        shown.push(Line::from(vec![
            Span::raw(format!("{} ", receipt_number(r.number))),
            Span::styled(
                fit(&label, name_w),
                if r.reversed_by.is_some() {
                    app.theme.muted
                } else {
                    app.theme.base
                },
            ),
            amount(app, r.total, 13),
            Span::styled(format!("{:>13}", run.localized(lang)), app.theme.muted),
        ]));
    }
    lines.extend(spaced(app, shown));
    f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), area);
}
