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
    let h = (lines.len() as u16 + 2).min(area.height);
    let w = 50.min(area.width);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let text: Vec<Line> = lines
        .into_iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<7}"), app.theme.header),
                Span::styled(what, app.theme.base),
            ])
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
