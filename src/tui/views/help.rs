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
