//! The month-close wizard: the steps across the top, the step's content
//! below, and what to press at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{amount, block, error_text, field_label, fit, inner_w, spaced_in};
use crate::domain::date::format_date;
use crate::domain::entry::Entry;
use crate::domain::money::Money;
use crate::i18n::fill;
use crate::tui::app::App;
use crate::tui::close::{Step, difference_kind};
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = &app.close;
    let lang = app.lang;
    let month = w.month.map(|m| m.name(lang)).unwrap_or_default();
    let title = fill(app.t(Msg::CloseTitle), &[("month", &month)]);
    let inner_w = inner_w(app, area);
    let mut lines = vec![steps_line(app), Line::raw("")];
    match w.step {
        Step::Checks => checks(
            app,
            &mut lines,
            inner_w,
            area.height.saturating_sub(2) as usize,
        ),
        Step::Cash => cash(app, &mut lines, inner_w),
        Step::Preview => preview(app, &mut lines, inner_w),
        Step::Confirm => confirm(app, &mut lines, inner_w),
        Step::Done => done(app, &mut lines, inner_w),
    }
    if let Some(e) = &w.error {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(error_text(e), app.theme.error)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(app, &title, true)),
        area,
    );
}

/// "1 Verificaciones › 2 Arqueo de caja › 3 … › 4 …", the current one marked.
fn steps_line(app: &App) -> Line<'static> {
    let current = app.close.step.number();
    let mut spans = Vec::new();
    for (n, m) in [
        (1, Msg::CloseStepChecks),
        (2, Msg::CloseStepCash),
        (3, Msg::CloseStepPreview),
        (4, Msg::CloseStepConfirm),
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

fn mark(app: &App, ok: bool) -> Span<'static> {
    if ok {
        Span::styled("✓ ", app.theme.ok)
    } else {
        Span::styled("✗ ", app.theme.error)
    }
}

fn checks(app: &App, lines: &mut Vec<Line<'static>>, w: usize, h: usize) {
    let wiz = &app.close;
    let lang = app.lang;
    let closed = wiz
        .closed_through
        .map(|m| m.name(lang))
        .unwrap_or_else(|| app.t(Msg::NothingClosed).to_string());
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", app.t(Msg::ClosedThrough)), app.theme.muted),
        Span::raw(closed),
    ]));
    // Under the checks: a blank line, the verdict, and room for an error
    // when there is one.
    let below = if wiz.error.is_some() { 4 } else { 2 };
    let room = h.saturating_sub(lines.len() + below);
    let row = |c: &crate::tui::close::CheckLine| {
        Line::from(vec![
            mark(app, c.ok),
            Span::raw(fit(&c.title, w.saturating_sub(2))),
        ])
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
            Msg::CloseMoreChecksOk
        } else {
            Msg::CloseMoreChecks
        };
        let text = fill(app.t(more), &[("n", &rest.len().to_string())]);
        lines.push(Line::from(vec![
            mark(app, all_ok),
            Span::raw(fit(&text, w.saturating_sub(2))),
        ]));
    }
    lines.push(Line::raw(""));
    match &wiz.blocked {
        Some(reason) => lines.push(Line::from(Span::styled(
            error_text(&fill(app.t(Msg::CloseBlocked), &[("reason", reason)])),
            app.theme.error,
        ))),
        None => lines.push(Line::from(Span::styled(
            format!("✓ {}", app.t(Msg::CloseAllOk)),
            app.theme.ok,
        ))),
    }
}

fn cash(app: &App, lines: &mut Vec<Line<'static>>, w: usize) {
    let wiz = &app.close;
    let lang = app.lang;
    let label_w = 36.min(w.saturating_sub(16));
    let date = wiz
        .month
        .map(|m| format_date(m.last_day(), lang))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        field_label(
            app,
            &fill(app.t(Msg::CloseBookCash), &[("date", &date)]),
            false,
            label_w,
        ),
        amount(app, wiz.book_cash, 14),
    ]));
    lines.push(Line::from(vec![
        field_label(app, app.t(Msg::CloseCounted), wiz.focus == 0, label_w),
        Span::styled(
            format!("{:>14}", wiz.counted.value.view(wiz.focus == 0, 14)),
            if wiz.focus == 0 {
                app.theme.input
            } else {
                app.theme.base
            },
        ),
    ]));
    if let Some(e) = &wiz.counted.error {
        lines.push(Line::from(Span::styled(error_text(e), app.theme.error)));
    }
    if let Some(diff) = wiz.difference() {
        let kind = if diff.is_zero() {
            String::new()
        } else {
            format!(" ({})", difference_kind(diff, lang))
        };
        lines.push(Line::from(vec![
            field_label(
                app,
                &format!("{}{kind}", app.t(Msg::Difference)),
                false,
                label_w,
            ),
            amount(app, diff, 14),
        ]));
        lines.push(Line::raw(""));
        if diff.is_zero() {
            lines.push(Line::from(Span::styled(
                format!("✓ {}", app.t(Msg::CloseCashMatches)),
                app.theme.ok,
            )));
        } else {
            lines.push(Line::from(field_label(
                app,
                app.t(Msg::CloseExplanation),
                wiz.focus == 1,
                w,
            )));
            lines.push(Line::from(Span::styled(
                fit(&wiz.explanation.value.view(wiz.focus == 1, w), w),
                if wiz.focus == 1 {
                    app.theme.input
                } else {
                    app.theme.base
                },
            )));
            if let Some(e) = &wiz.explanation.error {
                lines.push(Line::from(Span::styled(error_text(e), app.theme.error)));
            }
            lines.push(Line::from(Span::styled(
                fill(
                    app.t(Msg::CloseExplainHint),
                    &[("kind", &difference_kind(diff, lang))],
                ),
                app.theme.muted,
            )));
        }
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            app.t(Msg::CloseCountHint),
            app.theme.muted,
        )));
    }
}

/// A line of the preview or the summary: a label and an amount.
fn item(app: &App, label: &str, value: Option<Money>, w: usize) -> Line<'static> {
    let label_w = w.saturating_sub(16);
    let mut spans = vec![Span::raw(fit(&format!("• {label}"), label_w))];
    if let Some(v) = value {
        spans.push(amount(app, v, 14));
    }
    Line::from(spans)
}

fn preview(app: &App, lines: &mut Vec<Line<'static>>, w: usize) {
    let Some(p) = &app.close.preview else { return };
    let lang = app.lang;
    lines.push(Line::from(Span::styled(
        app.t(Msg::ClosePreviewIntro),
        app.theme.header,
    )));
    if p.adjustment.is_some() {
        let diff = app.close.difference().unwrap_or_default();
        let label = fill(
            app.t(Msg::CloseAdjustment),
            &[("kind", &difference_kind(diff, lang))],
        );
        lines.push(item(app, &label, Some(diff), w));
    }
    lines.push(item(
        app,
        &fill(
            app.t(Msg::CloseCharges),
            &[("n", &p.charges_generated.to_string())],
        ),
        Some(p.charges_amount),
        w,
    ));
    if let Some(e) = &p.advances {
        lines.push(item(app, app.t(Msg::CloseAdvances), Some(e.total()), w));
    }
    match &p.interest {
        Some(e) => lines.push(item(app, app.t(Msg::CloseInterest), Some(e.total()), w)),
        None => lines.push(item(app, app.t(Msg::CloseNoInterest), None, w)),
    }
    match &p.reclassification {
        Some(e) => lines.push(item(app, app.t(Msg::CloseReclass), Some(e.total()), w)),
        None => lines.push(item(app, app.t(Msg::CloseNoReclass), None, w)),
    }
    // The provision: its change (negative when released), with what was
    // required and held in the label.
    let pr = &p.provision;
    let required = pr.required.total.localized(lang);
    if p.provision_entry.is_some() {
        let label = fill(
            app.t(Msg::CloseProvision),
            &[("required", &required), ("held", &pr.held.localized(lang))],
        );
        lines.push(item(app, &label, Some(pr.adjustment.change()), w));
    } else {
        let label = fill(app.t(Msg::CloseNoProvision), &[("required", &required)]);
        lines.push(item(app, &label, None, w));
    }
    if let Some(e) = &p.results_transfer {
        lines.push(item(
            app,
            app.t(Msg::CloseResultsTransfer),
            Some(e.total()),
            w,
        ));
    }
    if let Some(e) = &p.year_end {
        lines.push(item(app, app.t(Msg::CloseYearEnd), Some(e.total()), w));
    }
    lines.push(item(app, app.t(Msg::CloseLateInterest), None, w));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        app.t(Msg::CloseBackupNote),
        app.theme.muted,
    )));
    let month = p.month.name(lang);
    lines.push(Line::from(Span::styled(
        fill(app.t(Msg::CloseLockNote), &[("month", &month)]),
        app.theme.warning,
    )));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        app.t(Msg::ClosePreviewNext),
        app.theme.muted,
    )));
}

fn confirm(app: &App, lines: &mut Vec<Line<'static>>, _w: usize) {
    let lang = app.lang;
    let month = app.close.month.map(|m| m.name(lang)).unwrap_or_default();
    lines.push(Line::from(Span::styled(
        fill(app.t(Msg::CloseConfirm), &[("month", &month)]),
        app.theme.warning,
    )));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        app.t(Msg::CloseConfirmKeys),
        app.theme.header,
    )));
}

fn done(app: &App, lines: &mut Vec<Line<'static>>, w: usize) {
    let Some(s) = &app.close.summary else { return };
    let lang = app.lang;
    lines.push(Line::from(Span::styled(
        format!(
            "✓ {}",
            fill(app.t(Msg::CloseDone), &[("month", &s.month.name(lang))])
        ),
        app.theme.ok,
    )));
    // The amounts are the preview's: the close posted exactly what it showed.
    let p = app.close.preview.as_ref();
    let amount_of = |e: Option<&Entry>| e.map(|e| e.total());
    let posted = |label: &str, id: Option<u64>, value: Option<Money>| -> Option<Line<'static>> {
        id.map(|n| {
            item(
                app,
                &format!("{label} — {} {n}", app.t(Msg::Number)),
                value,
                w,
            )
        })
    };
    let diff = app.close.difference().unwrap_or_default();
    let adjustment = fill(
        app.t(Msg::CloseAdjustment),
        &[("kind", &difference_kind(diff, lang))],
    );
    lines.extend(posted(&adjustment, s.cash_adjustment_entry, Some(diff)));
    lines.push(item(
        app,
        &fill(
            app.t(Msg::CloseChargesDone),
            &[("n", &s.charges_generated.to_string())],
        ),
        p.map(|p| p.charges_amount),
        w,
    ));
    lines.extend(posted(
        app.t(Msg::CloseAdvances),
        s.advances_entry,
        amount_of(p.and_then(|p| p.advances.as_ref())),
    ));
    lines.extend(posted(
        app.t(Msg::CloseInterest),
        s.interest_entry,
        amount_of(p.and_then(|p| p.interest.as_ref())),
    ));
    lines.extend(posted(
        app.t(Msg::CloseReclass),
        s.reclassification_entry,
        amount_of(p.and_then(|p| p.reclassification.as_ref())),
    ));
    lines.extend(posted(
        app.t(Msg::CloseProvisionDone),
        s.provision_entry,
        Some(s.provision.adjustment.change()),
    ));
    lines.extend(posted(
        app.t(Msg::CloseResultsTransfer),
        s.results_transfer_entry,
        amount_of(p.and_then(|p| p.results_transfer.as_ref())),
    ));
    lines.extend(posted(
        app.t(Msg::CloseYearEnd),
        s.year_end_entry,
        amount_of(p.and_then(|p| p.year_end.as_ref())),
    ));
    lines.push(item(
        app,
        &fill(
            app.t(Msg::CloseEntriesInMonth),
            &[("n", &s.entries_in_month.to_string())],
        ),
        None,
        w,
    ));
    lines.push(item(app, app.t(Msg::Cash), Some(s.cash), w));
    lines.push(item(app, app.t(Msg::Bank), Some(s.bank), w));
    lines.push(Line::raw(""));
    let backup = s
        .backup
        .as_ref()
        .map(|p| beside_book(app, p))
        .unwrap_or_else(|| app.t(Msg::CloseNoBackup).to_string());
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", app.t(Msg::CloseBackup)), app.theme.muted),
        Span::raw(backup),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        app.t(Msg::CloseDoneBack),
        app.theme.muted,
    )));
}

/// A path shown from the book's folder when it is inside it
/// ("practica.ayni.copias/…"), whole otherwise.
pub fn beside_book(app: &App, path: &std::path::Path) -> String {
    app.book_path
        .parent()
        .and_then(|dir| path.strip_prefix(dir).ok())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| path.display().to_string())
}
