//! Rendering: reads the [`App`] and draws; never touches the store.

pub mod accounts;
pub mod close;
pub mod cobro;
pub mod dashboard;
pub mod entry_form;
pub mod exercises;
pub mod help;
pub mod journal;
pub mod loans;
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
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::ui::app::{App, Input, Overlay, Screen, Tab};
use crate::ui::keymap::{fit_footer, footer};
use crate::ui::screen::Look;

/// Draws the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme.base), area);
    if too_small(area.width, area.height) {
        let p = Paragraph::new(app.t(Msg::UiTooSmall))
            .style(app.theme.warning)
            .wrap(ratatui::widgets::Wrap { trim: true });
        f.render_widget(p, area);
        return;
    }
    let [head, _, body, status, foot] = frame_areas(app, area);
    header(app, f, head);
    // The teaching panel takes the lower part of the screen under the operation.
    let body = app.teach.render(&app.view(), f, body);
    match app.screen {
        Screen::Welcome => app.welcome.render(&app.view(), f, body),
        Screen::MemberForm => {
            if let Some(form) = &app.member_form {
                form.render(&app.view(), f, body);
            }
        }
        Screen::EntryForm => {
            if let Some(form) = &app.entry_form {
                form.render(&app.view(), f, body);
            }
        }
        Screen::Settings => {
            if let Some(s) = &app.settings_form {
                s.render(&app.view(), f, body);
            }
        }
        Screen::Close => app.close.render(&app.view(), f, body),
        Screen::Reports => app.reports.render(&app.view(), f, body),
        Screen::MemberCard => app.members_tab.render_card(&app.view(), f, body),
        Screen::EntryDetail => app.journal.render_detail(&app.view(), f, body),
        Screen::Money => money::render(app, f, body),
        Screen::Main => match app.tab {
            Tab::Dashboard => {
                if let Some(d) = &app.dash {
                    d.render(&app.view(), &app.assoc_name, f, body);
                }
            }
            Tab::Members => app.members_tab.render_list(&app.view(), f, body),
            Tab::Journal => app.journal.render_list(&app.view(), f, body),
            Tab::Accounts => app.accounts.render(&app.view(), f, body),
            Tab::Cobro => app.cobro.render(&app.view(), f, body),
        },
    }
    if let Some((text, is_error)) = &app.status {
        // An error or a success is said by a mark and a word, not by colour alone.
        let (style, mark) = if *is_error {
            (app.theme.error, app.t(Msg::UiStatusError))
        } else {
            (app.theme.ok, app.t(Msg::UiStatusOk))
        };
        let first = text.lines().next().unwrap_or("");
        let shown = if first.starts_with(mark) {
            first.to_string()
        } else {
            format!("{mark} {first}")
        };
        f.render_widget(Paragraph::new(shown).style(style), status);
    }
    if app.confirm_reverse.is_some() {
        f.render_widget(
            Paragraph::new(app.t(Msg::UiConfirmReverse)).style(app.theme.warning),
            status,
        );
    }
    if let Some(o) = &app.confirm_outsized {
        let q = crate::i18n::fill(
            app.t(Msg::UiConfirmOutsized),
            &[
                ("amount", &o.amount.localized(app.lang)),
                ("assets", &o.assets.localized(app.lang)),
            ],
        );
        f.render_widget(Paragraph::new(q).style(app.theme.warning), status);
    }
    let keys = fit_footer(footer(app.key_context(), app.lang), foot.width as usize);
    // Roomy: more air between the keys, when the line still fits.
    let roomy_w: usize = keys
        .iter()
        .map(|(k, w)| k.chars().count() + w.chars().count() + 4)
        .sum::<usize>()
        + 1;
    let roomy = app.density.is_roomy() && roomy_w <= foot.width as usize;
    let mut spans = Vec::new();
    if roomy {
        spans.push(Span::raw(" "));
    }
    for (k, what) in keys {
        if roomy {
            spans.push(Span::styled(k.to_string(), app.theme.key_hint));
            spans.push(Span::styled(format!(" {what}   "), app.theme.muted));
        } else {
            spans.push(Span::styled(k.to_string(), app.theme.key_hint));
            spans.push(Span::styled(format!(" {what} "), app.theme.muted));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), foot);
    match &app.overlay {
        Some(Overlay::Help(h)) => h.render(&app.view(), f, area),
        Some(Overlay::Glossary(g)) => g.render(&app.view(), f, area),
        None => {}
    }
    if app.exercises.open {
        app.exercises.render(&app.view(), f, area);
    }
}

/// Whether a window is too small to draw the screens in (they say so instead).
pub fn too_small(width: u16, height: u16) -> bool {
    width < 60 || height < 12
}

/// The frame's parts: header, gap, body, status line, footer.
fn frame_areas(app: &App, area: Rect) -> [Rect; 5] {
    // Roomy: a blank line under the header when the window has the rows for it.
    let gap = u16::from(app.density.is_roomy() && area.height >= 20);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(gap),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The screens' part of a window of `area` (under the header, above the
/// status line).
pub fn body_area(app: &App, area: Rect) -> Rect {
    frame_areas(app, area)[2]
}

/// Rows a list shows on a page in a window of `area`.
pub fn page_rows(app: &App, area: Rect) -> usize {
    let [_, _, body, _, _] = frame_areas(app, area);
    fit_rows(app, body.height.saturating_sub(4) as usize).max(1)
}

fn header(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" ayni ", app.theme.title)];
    if app.book.is_some() {
        for (tab, m) in [
            (Tab::Dashboard, Msg::UiTabDashboard),
            (Tab::Members, Msg::UiTabMembers),
            (Tab::Journal, Msg::UiTabJournal),
            (Tab::Accounts, Msg::UiTabAccounts),
            (Tab::Cobro, Msg::UiTabCobro),
        ] {
            // The active tab is marked by brackets as well as by colour.
            if app.tab == tab && app.screen != Screen::Welcome && app.tab_shown() {
                spans.push(Span::styled(
                    format!("[{}]", app.t(m)),
                    app.theme.tab_active,
                ));
            } else {
                spans.push(Span::styled(
                    format!(" {} ", app.t(m)),
                    app.theme.tab_inactive,
                ));
            }
        }
    }
    if app.practice {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::UiPractice)),
            app.theme.practice_banner,
        ));
    }
    if app.redacted {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", app.t(Msg::UiRedacted)),
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

/// A bordered block with a title (padded inside in the roomy layout: see
/// [`inner_w`]).
pub fn block<'a>(app: &impl Look, title: &'a str, focus: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(app.density().padding()))
        .border_style(if focus {
            app.theme().border_focus
        } else {
            app.theme().border
        })
        .title(Span::styled(format!(" {title} "), app.theme().title))
}

/// An amount right-aligned in `w` columns, styled by sign.
pub fn amount<'a>(app: &impl Look, m: Money, w: usize) -> Span<'a> {
    let style: Style = if m.is_negative() {
        app.theme().amount_negative
    } else {
        app.theme().base
    };
    Span::styled(format!("{:>w$}", m.localized(app.lang())), style)
}

/// The columns of text inside a [`block`] drawn on `area` (its borders and,
/// when roomy, its padding left out).
pub fn inner_w(app: &impl Look, area: Rect) -> usize {
    area.width.saturating_sub(2 + 2 * app.density().padding()) as usize
}

/// How many rows of a list fit in `lines` screen lines in the app's layout
/// (roomy leaves a blank line between rows).
pub fn fit_rows(app: &impl Look, lines: usize) -> usize {
    app.density().rows_in(lines)
}

/// The rows of a list to show, keeping `sel` visible in `lines` screen lines
/// (fewer rows when roomy).
pub fn list_window(
    app: &impl Look,
    sel: usize,
    len: usize,
    lines: usize,
) -> std::ops::Range<usize> {
    window(sel, len, fit_rows(app, lines))
}

/// The rows of a list or table as screen lines: as they are when compact,
/// with a blank line between two rows when roomy. Every list and table
/// goes through here, so the layout is decided in one place.
pub fn spaced<'a>(app: &impl Look, rows: Vec<Line<'a>>) -> Vec<Line<'a>> {
    if !app.density().is_roomy() {
        return rows;
    }
    let mut out = Vec::with_capacity(rows.len() * 2);
    for (i, r) in rows.into_iter().enumerate() {
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(r);
    }
    out
}

/// [`spaced`] when the spaced rows fit in `room` lines, else the rows as
/// they are: the roomy layout gives way before anything is pushed off screen.
pub fn spaced_in<'a>(app: &impl Look, rows: Vec<Line<'a>>, room: usize) -> Vec<Line<'a>> {
    if rows.len() * 2 > room + 1 {
        return rows;
    }
    spaced(app, rows)
}

/// The mark of the selected row ("▸ "), or as many spaces: the selection is
/// seen without colour too.
pub const fn sel_mark(selected: bool) -> &'static str {
    if selected { "▸ " } else { "  " }
}

/// Columns the selection mark takes.
pub const MARK_W: usize = 2;

/// A form field's label, `w` columns wide, the focused one marked "▸ " (and
/// styled as a title), the others indented to match.
pub fn field_label<'a>(app: &impl Look, label: &str, focus: bool, w: usize) -> Span<'a> {
    Span::styled(
        fit(&format!("{}{label}", sel_mark(focus)), w),
        if focus {
            app.theme().title
        } else {
            app.theme().muted
        },
    )
}

/// One line of text in one style.
pub fn styled<'a>(text: impl Into<std::borrow::Cow<'a, str>>, style: Style) -> Line<'a> {
    Line::from(Span::styled(text, style))
}

/// A field's style: refused, focused (`fresh`: focused and not typed in yet,
/// shown as selected), or plain.
pub fn field_style(app: &impl Look, input: &Input, focus: bool, fresh: bool) -> Style {
    if input.error.is_some() {
        app.theme().input_invalid
    } else if focus && fresh {
        app.theme().selected
    } else if focus {
        app.theme().input
    } else {
        app.theme().base
    }
}

/// A form field as lines: its label (`label_w` columns) and its whole value,
/// then what is wrong with it under the value, wrapped to `width`.
pub fn form_field(
    app: &impl Look,
    label: &str,
    input: &Input,
    focus: bool,
    label_w: usize,
    width: usize,
    lines: &mut Vec<Line<'_>>,
) {
    lines.push(Line::from(vec![
        field_label(app, label, focus, label_w),
        Span::styled(
            input.value.view_whole(focus),
            field_style(app, input, focus, false),
        ),
    ]));
    if let Some(e) = &input.error {
        lines.push(styled(under_field(e, label_w, width), app.theme().error));
    }
}

/// A `w` by `h` rectangle in the middle of `area` (an overlay), no larger
/// than it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// An error under a field: a mark and the message.
pub fn error_text(e: &str) -> String {
    format!("✗ {e}")
}

/// An error under a form's field: under the value (`indent` columns in)
/// when it fits in `w` columns, else from the left edge.
pub fn under_field(e: &str, indent: usize, w: usize) -> String {
    let e = error_text(e);
    if indent + unicode_width::UnicodeWidthStr::width(e.as_str()) <= w {
        format!("{:indent$}{e}", "")
    } else {
        e
    }
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

/// A list's selection after an arrow or a page key (`page` rows a page),
/// kept inside the list's `len` rows; other keys leave it.
pub fn moved(sel: usize, len: usize, action: crate::ui::keymap::Action, page: usize) -> usize {
    use crate::ui::keymap::Action;
    let by = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -(page as i64),
        Action::PageDown => page as i64,
        _ => 0,
    };
    if len == 0 {
        return sel;
    }
    (sel as i64 + by).clamp(0, len as i64 - 1) as usize
}
