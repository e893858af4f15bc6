//! First run: create the association's book, or open a practice book.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, fit};
use crate::i18n::fill;
use crate::tui::app::App;
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = &app.welcome;
    let mut lines = vec![
        Line::from(Span::styled(
            fill(
                app.t(Msg::WelcomeText),
                &[("path", &app.book_path.display())],
            ),
            app.theme.base,
        )),
        Line::from(""),
    ];
    if !w.creating {
        lines.push(Line::from(Span::styled(
            app.t(Msg::CreateAssociation),
            app.theme.title,
        )));
        lines.push(Line::from(Span::styled(
            app.t(Msg::OpenPractice),
            app.theme.title,
        )));
    } else {
        for (i, (label, input)) in [
            (Msg::AssociationName, &w.name),
            (Msg::Ruc, &w.ruc),
            (Msg::Kind, &w.kind),
        ]
        .into_iter()
        .enumerate()
        {
            let focus = i == w.focus;
            let style = if input.error.is_some() {
                app.theme.input_invalid
            } else if focus {
                app.theme.input
            } else {
                app.theme.base
            };
            lines.push(Line::from(vec![
                Span::styled(
                    fit(app.t(label), 40),
                    if focus {
                        app.theme.title
                    } else {
                        app.theme.muted
                    },
                ),
                Span::styled(
                    format!("{}{}", input.value, if focus { "▏" } else { "" }),
                    style,
                ),
            ]));
            if let Some(e) = &input.error {
                lines.push(Line::from(Span::styled(
                    format!("{:40}{e}", ""),
                    app.theme.error,
                )));
            }
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(app, app.t(Msg::Welcome), true)),
        area,
    );
}
