//! The cobro screen: the search and its matches on the left, the chosen
//! member's debts, the amount and the receipt on the right, the day's
//! receipts with their running total below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{amount, block, error_text, fit, fit_rows, inner_w, list_window, sel_mark, spaced};
use crate::domain::date::format_date;
use crate::report::dues::{month_text, receipt_number};
use crate::tui::app::App;
use crate::tui::cobro::Phase;
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let day_rows = match area.height {
        18.. => 7,
        14..=17 => 4,
        _ => 0,
    };
    let [top, day] =
        Layout::vertical([Constraint::Min(8), Constraint::Length(day_rows)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(46), Constraint::Percentage(54)]).areas(top);
    render_search(app, f, left);
    render_member(app, f, right);
    if day_rows > 0 {
        render_day(app, f, day);
    }
}

fn render_search(app: &App, f: &mut Frame, area: Rect) {
    let c = &app.cobro;
    let searching = c.phase == Phase::Search;
    let inner_w = inner_w(app, area);
    let mut lines = vec![
        Line::from(Span::styled(app.t(Msg::CobroSearch), app.theme.muted)),
        Line::from(Span::styled(
            fit(&c.query.view(searching, inner_w), inner_w),
            if searching {
                app.theme.input
            } else {
                app.theme.base
            },
        )),
    ];
    let height = area.height.saturating_sub(4) as usize;
    if c.matches.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::CobroNoMember),
            app.theme.warning,
        )));
    }
    let mut rows = Vec::new();
    for i in list_window(app, c.sel, c.matches.len(), height) {
        let m = &c.matches[i];
        let mut text = format!("{} · {}", m.full_name(), m.id_number);
        if !m.status.is_active() {
            text.push_str(&format!(" ({})", app.t(Msg::CobroRetired)));
        }
        let style = if i == c.sel {
            app.theme.selected
        } else if m.status.is_active() {
            app.theme.base
        } else {
            app.theme.muted
        };
        // The selection is marked by a sign as well as by colour.
        let mark = sel_mark(i == c.sel);
        rows.push(Line::from(Span::styled(
            fit(&format!("{mark}{text}"), inner_w),
            style,
        )));
    }
    lines.extend(spaced(app, rows));
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::CobroTitle), searching)),
        area,
    );
}

fn render_member(app: &App, f: &mut Frame, area: Rect) {
    let c = &app.cobro;
    let lang = app.lang;
    let w = inner_w(app, area);
    let amount_w = 12;
    let label_w = w.saturating_sub(amount_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    // The receipt just recorded, until the next member is searched.
    if let (Phase::Search, Some(r)) = (c.phase, &c.last) {
        let name = app
            .members
            .iter()
            .find(|m| m.id == r.member)
            .map(|m| m.full_name())
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!(
                "{} {} · {}",
                app.t(Msg::Number),
                receipt_number(r.number),
                format_date(r.date, lang)
            ),
            app.theme.header,
        )));
        let mut rows = Vec::new();
        for l in &r.lines {
            let type_name = type_name(app, l.charge_type);
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
            Span::styled(fit(app.t(Msg::Total), label_w), app.theme.header),
            amount(app, r.total, amount_w),
        ]));
        let title = format!("{}: {name}", app.t(Msg::CobroLast));
        f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), area);
        return;
    }
    let Some(m) = &c.member else {
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                app.t(Msg::CobroNoMember),
                app.theme.muted,
            )))
            .block(block(app, app.t(Msg::Member), false)),
            area,
        );
        return;
    };
    let title = format!("{} · {}", m.full_name(), m.id_number);
    match (c.phase, &c.plan) {
        (Phase::Confirm, Some(plan)) => {
            lines.push(Line::from(Span::styled(
                app.t(Msg::CobroPreview),
                app.theme.header,
            )));
            // Header, total, advance, blank and hint need 5 rows; the lines get the rest.
            let room = fit_rows(app, area.height.saturating_sub(2 + 5) as usize).max(1);
            let cut = if plan.lines.len() > room {
                room.saturating_sub(1)
            } else {
                plan.lines.len()
            };
            let mut rows = Vec::new();
            for l in &plan.lines[..cut] {
                rows.push(Line::from(vec![
                    Span::raw(fit(
                        &format!("{} {}", month_text(l.month, lang), l.type_name),
                        label_w,
                    )),
                    amount(app, l.applied, amount_w),
                ]));
            }
            if cut < plan.lines.len() {
                let rest: crate::domain::money::Money =
                    plan.lines[cut..].iter().map(|l| l.applied).sum();
                rows.push(Line::from(vec![
                    Span::styled(
                        fit(&format!("… +{}", plan.lines.len() - cut), label_w),
                        app.theme.muted,
                    ),
                    amount(app, rest, amount_w),
                ]));
            }
            lines.extend(spaced(app, rows));
            if plan.advance.is_positive() {
                lines.push(Line::from(vec![
                    Span::styled(fit(app.t(Msg::CobroAdvance), label_w), app.theme.muted),
                    amount(app, plan.advance, amount_w),
                ]));
            }
            lines.push(Line::from(vec![
                Span::styled(fit(app.t(Msg::Total), label_w), app.theme.header),
                amount(app, plan.total, amount_w),
            ]));
            if area.height > 12 {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(
                app.t(Msg::CobroConfirm),
                app.theme.warning,
            )));
        }
        _ => {
            let room = area
                .height
                .saturating_sub(if c.phase == Phase::Amount { 8 } else { 5 })
                as usize;
            if c.owed.is_empty() {
                lines.push(Line::from(Span::styled(
                    app.t(Msg::CobroOwesNothing),
                    app.theme.muted,
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    app.t(Msg::CobroOwes),
                    app.theme.header,
                )));
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
                    Span::styled(fit(app.t(Msg::Total), label_w), app.theme.header),
                    amount(app, c.owed_total(), amount_w),
                ]));
            }
            if c.phase == Phase::Amount {
                lines.push(Line::from(""));
                let label = format!("{}{}: ", sel_mark(true), app.t(Msg::CobroAmount));
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
                    Some(e) => lines.push(Line::from(Span::styled(error_text(e), app.theme.error))),
                    None => lines.push(Line::from(Span::styled(
                        app.t(Msg::CobroAmountHint),
                        app.theme.muted,
                    ))),
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

fn type_name(app: &App, id: u32) -> String {
    app.cobro
        .type_names
        .get(&id)
        .cloned()
        .unwrap_or_else(|| format!("#{id}"))
}

fn render_day(app: &App, f: &mut Frame, area: Rect) {
    let c = &app.cobro;
    let lang = app.lang;
    let count = c.today.iter().filter(|r| r.reversed_by.is_none()).count();
    let title = Msg::CobroDay.fill(
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
        lines.push(Line::from(Span::styled(
            app.t(Msg::CobroNoReceipts),
            app.theme.muted,
        )));
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
        let name = app
            .members
            .iter()
            .find(|m| m.id == r.member)
            .map(|m| m.full_name())
            .unwrap_or_default();
        let mut label = name;
        if r.reversed_by.is_some() {
            label = format!("{label} — {}", app.t(Msg::CobroReversed));
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
