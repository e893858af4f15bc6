//! The settings form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, field_label, inner_w};
use crate::i18n::Lang;
use crate::tui::app::App;
use crate::tui::msg::Msg;
use crate::tui::settings::label;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(form) = &app.settings_form else {
        return;
    };
    let mut lines = Vec::new();
    for (i, input) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let label = label(i, app.lang);
        let style = if input.error.is_some() {
            app.theme.input_invalid
        } else if focus {
            app.theme.input
        } else {
            app.theme.base
        };
        lines.push(Line::from(vec![
            field_label(app, &label, focus, 40),
            Span::styled(input.value.view_whole(focus), style),
        ]));
        if let Some(e) = &input.error {
            lines.push(Line::from(Span::styled(
                super::under_field(e, 40, inner_w(app, area)),
                app.theme.error,
            )));
        }
    }
    // The screen layout is this computer's choice (kept in the configuration
    // file), not the association's: shown here with its key.
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        Msg::LayoutSetting.fill(app.lang, &[("layout", &app.density.label(app.lang))]),
        app.theme.info,
    )));
    let title = if app.lang == Lang::Es {
        "Configuración de la asociación"
    } else {
        "Association settings"
    };
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, title, true)),
        area,
    );
}
