//! The help overlay, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::tui::app::App;
use crate::tui::keymap::help_lines;
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let lines = help_lines(app.context(), app.lang);
    // Two columns when one does not fit the height (so no key is cut off).
    let cols = if lines.len() + 2 > area.height as usize && area.width >= 78 {
        2
    } else {
        1
    };
    let per_col = lines.len().div_ceil(cols);
    let h = (per_col as u16 + 2).min(area.height);
    let w = if cols == 2 { 78 } else { 50 }.min(area.width);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let col_w = (w.saturating_sub(2) / cols as u16) as usize;
    let cell = |(k, what): &(String, String)| {
        vec![
            Span::styled(format!(" {k:<7}"), app.theme.header),
            Span::styled(super::fit(what, col_w.saturating_sub(8)), app.theme.base),
        ]
    };
    let text: Vec<Line> = (0..per_col)
        .map(|row| {
            let mut spans = Vec::new();
            for c in 0..cols {
                if let Some(item) = lines.get(c * per_col + row) {
                    spans.extend(cell(item));
                }
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(
        Paragraph::new(text)
            .block(block(app, app.t(Msg::HelpTitle), true))
            .style(app.theme.base),
        r,
    );
}

/// The glossary overlay: each term and its explanation, scrollable.
pub fn render_glossary(app: &App, f: &mut Frame, area: Rect, top: u16) {
    let w = 76.min(area.width);
    let h = area.height.saturating_sub(2).max(3).min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let mut text: Vec<Line> = Vec::new();
    for t in crate::glossary::TERMS {
        let (term, def) = t.get(app.lang);
        text.push(Line::from(Span::styled(term, app.theme.header)));
        text.push(Line::from(Span::styled(format!("  {def}"), app.theme.base)));
        text.push(Line::from(""));
    }
    f.render_widget(
        Paragraph::new(text)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((top, 0))
            .block(block(app, app.t(Msg::GlossaryTitle), true))
            .style(app.theme.base),
        r,
    );
}
