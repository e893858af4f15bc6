//! The help overlay, generated from the keymap, and the glossary overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, spaced, styled};
use crate::i18n::Msg;
use crate::ui::keymap::{Action, Context, help_lines, teach_help_lines};
use crate::ui::screen::ViewCtx;

/// The help overlay: the keys of the screen it was opened over.
/// What is drawn over the screen (the exercises overlay keeps its own flag).
#[derive(Clone, Copy, Debug)]
pub enum Overlay {
    Help(HelpOverlay),
    Glossary(Glossary),
}

impl Overlay {
    /// Gives `action` to the overlay open in `slot`, if it takes it (the
    /// help lets the exercises and the glossary through); true when it
    /// did. An overlay that is done leaves the slot empty.
    pub fn update(slot: &mut Option<Overlay>, action: &Action, page: u16) -> bool {
        let open = match slot {
            Some(Overlay::Glossary(g)) => g.update(action, page),
            Some(Overlay::Help(h)) if !matches!(action, Action::Exercises | Action::Glossary) => {
                h.update(action)
            }
            _ => return false,
        };
        if !open {
            *slot = None;
        }
        true
    }

    /// Whether `slot` shows the help.
    pub fn is_help(slot: &Option<Overlay>) -> bool {
        matches!(slot, Some(Overlay::Help(_)))
    }

    /// The glossary's scrolled row, when `slot` shows it.
    pub fn glossary_top(slot: &Option<Overlay>) -> Option<u16> {
        match slot {
            Some(Overlay::Glossary(g)) => Some(g.top),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct HelpOverlay {
    context: Context,
    /// The teaching panel is shown: its keys are listed too.
    teach: bool,
}

impl HelpOverlay {
    /// The help of the keymap `context` (the screen's), and of the
    /// teaching panel's keys when it is shown (`teach`).
    pub fn open(context: Context, teach: bool) -> HelpOverlay {
        HelpOverlay { context, teach }
    }

    /// A key while the help is shown: whether it stays open (`?`, Esc and
    /// `q` close it; other keys do nothing).
    pub fn update(&self, action: &Action) -> bool {
        !matches!(action, Action::Help | Action::Back | Action::Quit)
    }

    /// Draws the keys over the whole screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let mut lines = help_lines(self.context, app.lang);
        if self.teach {
            lines.extend(teach_help_lines(app.lang));
        }
        // One column when it fits; else two side by side (the keymap keeps growing).
        let rows_room = area.height.saturating_sub(2).max(1) as usize;
        let columns = if lines.len() > rows_room && area.width >= 70 {
            2
        } else {
            1
        };
        let per_col = lines.len().div_ceil(columns);
        // Roomy: a blank line between the keys when they still fit.
        let airy = app.density.is_roomy() && per_col * 2 - 1 <= rows_room;
        let used = if airy { per_col * 2 - 1 } else { per_col };
        let h = (used as u16 + 2).min(area.height);
        let col_w: u16 = if columns == 2 { 38 } else { 50 };
        let r = super::centered(area, col_w * columns as u16, h);
        f.render_widget(Clear, r);
        let outer = block(app, app.t(Msg::UiHelpTitle), true)
            .style(app.theme.base)
            .title_bottom(styled(
                format!(" {} ", app.t(Msg::UiHelpLayout)),
                app.theme.muted,
            ));
        let inner = outer.inner(r);
        f.render_widget(outer, r);
        let key_w = 7;
        for (c, chunk) in lines.chunks(per_col.max(1)).enumerate() {
            let rows: Vec<Line> = chunk
                .iter()
                .map(|(k, what)| {
                    let room = (inner.width as usize / columns).saturating_sub(key_w + 2);
                    Line::from(vec![
                        Span::styled(format!(" {k:<key_w$}"), app.theme.header),
                        Span::styled(what.chars().take(room).collect::<String>(), app.theme.base),
                    ])
                })
                .collect();
            let text = if airy { spaced(app, rows) } else { rows };
            let cw = inner.width / columns as u16;
            let cr = Rect {
                x: inner.x + c as u16 * cw,
                y: inner.y,
                width: cw,
                height: inner.height,
            };
            f.render_widget(Paragraph::new(text).style(app.theme.base), cr);
        }
    }
}

/// The glossary overlay: each term and its explanation, scrolled `top` rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Glossary {
    pub top: u16,
}

impl Glossary {
    /// A key while the glossary is shown (`page` rows a page): scrolls;
    /// answers whether it stays open.
    pub fn update(&mut self, action: &Action, page: u16) -> bool {
        let top = self.top;
        self.top = match action {
            Action::Up => top.saturating_sub(1),
            Action::Down => top.saturating_add(1),
            Action::PageUp => top.saturating_sub(page),
            Action::PageDown => top.saturating_add(page),
            Action::Glossary | Action::Back | Action::Help | Action::Quit => return false,
            _ => top,
        };
        true
    }

    /// Draws the terms over the whole screen, from the scrolled row.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let top = self.top;
        let r = super::centered(area, 76, area.height.saturating_sub(2).max(3));
        f.render_widget(Clear, r);
        let mut text: Vec<Line> = Vec::new();
        for t in crate::glossary::TERMS {
            let (term, def) = t.get(app.lang);
            text.push(styled(term, app.theme.header));
            text.push(styled(format!("  {def}"), app.theme.base));
            text.push(Line::from(""));
        }
        f.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .scroll((top, 0))
                .block(block(app, app.t(Msg::UiGlossaryTitle), true))
                .style(app.theme.base),
            r,
        );
    }
}
