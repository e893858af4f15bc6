//! Rendering: reads the [`App`] and draws; never touches the store.

pub mod accounts;
pub mod close;
pub mod cobro;
pub mod dashboard;
pub mod entry_form;
pub mod exercises;
pub mod help;
pub mod journal;
pub mod members;
pub mod money;
pub mod reports;
pub mod settings;
pub mod teach;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::{App, Screen, Tab};
use super::keymap::{fit_footer, footer};
use super::msg::Msg;
use crate::domain::money::Money;

/// Draws the whole screen.
pub fn render(app: &mut App, f: &mut Frame) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base), area);
    if area.width < 60 || area.height < 12 {
        let p = Paragraph::new(app.t(Msg::TooSmall))
            .style(app.theme.warning)
            .wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(p, area);
        return;
    }
    let [head, body, status, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    app.page = body.height.saturating_sub(4).max(1) as usize;
    header(app, f, head);
    // The teaching panel takes the lower part of the screen under the operation.
    let body = match (&app.lesson, app.teach) {
        (Some(lesson), true) if body.height >= 16 => {
            let want = teach::wanted_height(lesson, body.width);
            let h = want.min(body.height - 8).max(8);
            let [top, bottom] =
                Layout::vertical([Constraint::Min(8), Constraint::Length(h)]).areas(body);
            teach::render(app, f, bottom, lesson);
            top
        }
        _ => body,
    };
    match app.screen {
        Screen::Welcome => welcome::render(app, f, body),
        Screen::MemberForm => members::render_form(app, f, body),
        Screen::EntryForm => entry_form::render(app, f, body),
        Screen::Settings => settings::render(app, f, body),
        Screen::Close => close::render(app, f, body),
        Screen::Reports => reports::render(app, f, body),
        Screen::MemberCard => members::render_card(app, f, body),
        Screen::EntryDetail => journal::render_detail(app, f, body),
        Screen::Money => money::render(app, f, body),
        Screen::Main => match app.tab {
            Tab::Dashboard => dashboard::render(app, f, body),
            Tab::Members => members::render_list(app, f, body),
            Tab::Journal => journal::render_list(app, f, body),
            Tab::Accounts => accounts::render(app, f, body),
            Tab::Cobro => cobro::render(app, f, body),
        },
    }
    if let Some((text, is_error)) = &app.status {
        let style = if *is_error {
            app.theme.error
        } else {
            app.theme.ok
        };
        f.render_widget(
            Paragraph::new(text.lines().next().unwrap_or("").to_string()).style(style),
            status,
        );
    }
    if app.confirm_reverse.is_some() {
        f.render_widget(
            Paragraph::new(app.t(Msg::ConfirmReverse)).style(app.theme.warning),
            status,
        );
    }
    let mut spans = Vec::new();
    for (k, what) in fit_footer(footer(app.context(), app.lang), foot.width as usize) {
        spans.push(Span::styled(k.to_string(), app.theme.key_hint));
        spans.push(Span::styled(format!(" {what} "), app.theme.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), foot);
    if app.help {
        help::render(app, f, area);
    }
    if let Some(top) = app.glossary {
        help::render_glossary(app, f, area, top);
    }
    if app.exercises.open {
        exercises::render(app, f, area);
    }
}

fn header(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" ayni ", app.theme.title)];
    if app.book.is_some() {
        for (tab, m) in [
            (Tab::Dashboard, Msg::TabDashboard),
            (Tab::Members, Msg::TabMembers),
            (Tab::Journal, Msg::TabJournal),
            (Tab::Accounts, Msg::TabAccounts),
            (Tab::Cobro, Msg::TabCobro),
        ] {
            let style = if app.tab == tab && app.screen != Screen::Welcome && app.tab_shown() {
                app.theme.tab_active
            } else {
                app.theme.tab_inactive
            };
            spans.push(Span::styled(format!(" {} ", app.t(m)), style));
        }
    }
    if app.practice {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::Practice)),
            app.theme.practice_banner,
        ));
    }
    if app.redacted {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::Redacted)),
            app.theme.practice_banner,
        ));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let name_room = (area.width as usize).saturating_sub(used + 1);
    if name_room > 4 {
        let name: String = app.assoc_name.chars().take(name_room).collect();
        spans.push(Span::styled(format!("{name:>name_room$}"), app.theme.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block with a title.
pub fn block<'a>(app: &App, title: &'a str, focus: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focus {
            app.theme.border_focus
        } else {
            app.theme.border
        })
        .title(Span::styled(format!(" {title} "), app.theme.title))
}

/// An amount right-aligned in `w` columns, styled by sign.
pub fn amount<'a>(app: &App, m: Money, w: usize) -> Span<'a> {
    let style: Style = if m.is_negative() {
        app.theme.amount_negative
    } else {
        app.theme.base
    };
    Span::styled(format!("{:>w$}", m.localized(app.lang)), style)
}

/// Cuts or pads a text to `w` columns.
pub fn fit(s: &str, w: usize) -> String {
    let mut out: String = s.chars().take(w).collect();
    let n = out.chars().count();
    if n < w {
        out.push_str(&" ".repeat(w - n));
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
