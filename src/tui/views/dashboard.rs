//! The dashboard: the association at a glance.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{amount, block, fit};
use crate::domain::date::format_date;
use crate::tui::app::App;
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(d) = &app.dash else { return };
    let [top, bottom] = Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let lang = app.lang;
    let lw = (left.width as usize).saturating_sub(2 + 15).clamp(12, 30);
    let row = |label: Msg, value: Span<'static>| {
        Line::from(vec![
            Span::styled(fit(label.t(lang), lw), app.theme.muted),
            value,
        ])
    };
    let closed = d
        .base
        .closed_through
        .map(|m| m.name(lang))
        .unwrap_or_else(|| app.t(Msg::NothingClosed).to_string());
    let left_lines = vec![
        row(
            Msg::CurrentMonth,
            Span::styled(d.base.current_month.name(lang), app.theme.title),
        ),
        row(Msg::ClosedThrough, Span::raw(closed)),
        row(Msg::Cash, amount(app, d.base.cash, 13)),
        row(Msg::Bank, amount(app, d.base.bank, 13)),
        row(
            Msg::ActiveMembers,
            Span::raw(format!(
                "{:>13}",
                format!("{} / {}", d.base.members_active, d.base.members_total)
            )),
        ),
        row(
            Msg::Entries,
            Span::raw(format!("{:>13}", d.base.entry_count)),
        ),
    ];
    f.render_widget(
        Paragraph::new(left_lines).block(block(app, &app.assoc_name, false)),
        left,
    );
    let rate = d
        .collection_rate
        .map(|r| format!("{r} %"))
        .unwrap_or_else(|| "—".into());
    let right_lines = vec![
        row(Msg::Collection, Span::raw(format!("{rate:>13}"))),
        row(Msg::Savings, amount(app, d.savings, 13)),
        row(Msg::Fund, amount(app, d.fund, 13)),
        row(Msg::Portfolio, amount(app, d.portfolio, 13)),
        row(
            Msg::Par30,
            Span::styled(
                format!("{:>11} %", percent(d.par30, lang)),
                if d.par30 > rust_decimal::Decimal::from(5) {
                    app.theme.overdue
                } else {
                    app.theme.ok
                },
            ),
        ),
    ];
    f.render_widget(
        Paragraph::new(right_lines).block(block(
            app,
            app.t(Msg::TabDashboard)
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' '),
            false,
        )),
        right,
    );
    let w = bottom.width.saturating_sub(2) as usize;
    let desc_w = w.saturating_sub(6 + 11 + 14 + 3);
    let lines: Vec<Line> = d
        .base
        .latest
        .iter()
        .take(bottom.height.saturating_sub(2) as usize)
        .map(|e| {
            Line::from(vec![
                Span::styled(format!("{:>5} ", e.id), app.theme.muted),
                Span::raw(format!("{} ", format_date(e.date, lang))),
                Span::raw(fit(&e.description, desc_w)),
                amount(app, e.total(), 14),
            ])
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::LatestEntries), false)),
        bottom,
    );
}

/// A percentage with the language's decimal mark.
fn percent(d: rust_decimal::Decimal, lang: crate::i18n::Lang) -> String {
    let s = format!("{:.2}", d);
    if lang == crate::i18n::Lang::Es {
        s.replace('.', ",")
    } else {
        s
    }
}
