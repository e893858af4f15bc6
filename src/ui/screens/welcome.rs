//! First run: create the association's book, or open a practice book.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, inner_w, styled};
use crate::i18n::Msg;
use crate::i18n::fill;
use crate::ui::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let w = &app.welcome;
    let mut lines = vec![
        styled(
            fill(
                app.t(Msg::UiWelcomeText),
                &[("path", &app.book_path.display())],
            ),
            app.theme.base,
        ),
        Line::from(""),
    ];
    if !w.creating {
        lines.push(styled(app.t(Msg::UiCreateAssociation), app.theme.title));
        lines.push(styled(app.t(Msg::UiOpenPractice), app.theme.title));
    } else {
        for (i, (label, input)) in [
            (Msg::UiAssociationName, &w.name),
            (Msg::UiRuc, &w.ruc),
            (Msg::UiKind, &w.kind),
        ]
        .into_iter()
        .enumerate()
        {
            let focus = i == w.focus;
            let width = inner_w(app, area);
            super::form_field(app, app.t(label), input, focus, 42, width, &mut lines);
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(app, app.t(Msg::UiWelcome), true)),
        area,
    );
}
