//! The exercises overlay (`E`): a classroom scenario's tasks, each with its
//! verdict (✓ done, ✗ wrong, · not yet) and the words saying what is right and
//! what is wrong. The tasks are checked against the book every time the
//! overlay opens, and again with Enter, so a class sees its work judged as it
//! goes, without leaving the interface.
//!
//! The exercises overlay: each task with its mark and verdict in words (the
//! colour only repeats what the mark and the word say), then what is right and
//! what is wrong.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{block, styled};
use crate::books::Book;
use crate::books::practice_book::{Aside, aside_path};
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::training::exercises::{CheckExercises, ExerciseSheet, Verdict};
use crate::training::recipe::PracticeRecipe;
use crate::ui::keymap::Action;
use crate::ui::screen::{Effect, Look, ViewCtx};

/// The overlay's state.
#[derive(Clone, Debug, Default)]
pub struct Exercises {
    /// The overlay is shown.
    pub open: bool,
    /// Rows scrolled.
    scroll: u16,
    /// The tasks as last checked; `None` when the book has none.
    sheet: Option<ExerciseSheet>,
    /// Asking whether to start the book over: where the learner's book
    /// would be kept.
    asking: Option<std::path::PathBuf>,
    /// A line said at the top of the overlay (an error when `true`): the
    /// status line is under the overlay.
    note: Option<(String, bool)>,
}

impl Exercises {
    /// Opens the overlay, checking the tasks against the book now.
    pub fn open(&mut self, book: Option<&Book>, lang: Lang) -> Effect {
        self.open = true;
        self.scroll = 0;
        self.asking = None;
        self.note = None;
        self.check(book, lang)
    }

    /// Whether the overlay is asking to start the book over (only an
    /// explicit yes does).
    pub fn asking(&self) -> bool {
        self.open && self.asking.is_some()
    }

    /// After the book was started over (or that was refused): the overlay
    /// open again on the book, checked, with `note` said at its top.
    pub fn reopened(&mut self, book: Option<&Book>, lang: Lang, note: (String, bool)) -> Effect {
        let effect = self.open(book, lang);
        self.note = Some(note);
        effect
    }

    /// `r`: asks whether to start a practice book over; a real book is
    /// refused in words.
    fn ask_reset(&mut self, book: Option<&Book>, lang: Lang) {
        let Some(book) = book else {
            return;
        };
        match book.settings() {
            Ok(s) if s.practice => {
                let stamp = book.clock().now().format("%Y%m%d-%H%M").to_string();
                self.asking = Some(aside_path(book.path(), Aside::Before, &stamp));
            }
            Ok(_) => self.note = Some((Msg::UiExercisesResetReal.t(lang).to_string(), true)),
            Err(e) => self.note = Some((e.message(lang), true)),
        }
    }

    /// Checks the tasks again, in `lang`.
    fn check(&mut self, book: Option<&Book>, lang: Lang) -> Effect {
        let Some(book) = book else {
            self.sheet = None;
            return Effect::None;
        };
        match book.exercises(lang) {
            Ok(sheet) => {
                self.sheet = sheet;
                Effect::None
            }
            Err(e) => {
                self.sheet = None;
                Effect::Status {
                    text: e.message(lang),
                    error: true,
                }
            }
        }
    }

    /// A key while the overlay is open (`page`: rows a page scrolls). The
    /// overlay only reads the book.
    pub fn update(&mut self, action: Action, book: Option<&Book>, lang: Lang, page: u16) -> Effect {
        if let Some(aside) = self.asking.take() {
            if action == Action::Yes {
                return Effect::ResetPractice(aside);
            }
            self.note = Some((Msg::UiExercisesResetNo.t(lang).to_string(), false));
            return Effect::None;
        }
        self.note = None;
        match action {
            Action::ResetPractice => self.ask_reset(book, lang),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll = self.scroll.saturating_add(page),
            Action::Open | Action::Submit => return self.check(book, lang),
            Action::ToggleLang => {
                let lang = lang.other();
                // The language changes even when the check says what is wrong.
                return match self.check(book, lang) {
                    Effect::None => Effect::SetLang(lang),
                    said => Effect::Several(vec![Effect::SetLang(lang), said]),
                };
            }
            Action::Exercises | Action::Back | Action::Help | Action::Quit => self.open = false,
            _ => {}
        }
        Effect::None
    }
}

/// On opening a scenario's book, what says that it carries exercises.
pub fn announcement(book: Option<&crate::books::Book>, lang: crate::i18n::Lang) -> Option<String> {
    let has = book
        .and_then(|b| b.practice_recipe().ok().flatten())
        .is_some_and(|r| r.scenario().is_some());
    has.then(|| crate::i18n::Msg::UiExercisesAvailable.t(lang).to_string())
}

// ---- Drawing

impl Exercises {
    /// Draws the overlay over `area`.
    pub fn render(&self, v: &ViewCtx, f: &mut Frame, area: Rect) {
        let app = v;
        let r = super::centered(area, 78, area.height.saturating_sub(2).max(3));
        // The rows it covers, from edge to edge: no frame of the screen
        // under it peeks out at the sides.
        let band = Rect {
            x: area.x,
            width: area.width,
            ..r
        };
        f.render_widget(Clear, band);
        f.render_widget(
            ratatui::widgets::Block::default().style(app.theme().base),
            band,
        );
        let x = self;
        let mut text: Vec<Line> = Vec::new();
        if let Some((said, error)) = &x.note {
            let (style, mark) = if *error {
                (app.theme().error, super::status_mark(true, app.lang()))
            } else {
                (app.theme().ok, super::status_mark(false, app.lang()))
            };
            for line in wrap(&format!("{mark} {said}"), super::inner_w(app, r), 2) {
                text.push(styled(line, style));
            }
            text.push(Line::from(""));
        }
        let title = match &x.sheet {
            None => {
                text.push(styled(Msg::UiExercisesNone.t(app.lang()), app.theme().base));
                Msg::UiExercisesNoneTitle.t(app.lang()).to_string()
            }
            Some(sheet) => {
                text.push(styled(sheet.description.clone(), app.theme().muted));
                let inner = super::inner_w(app, r);
                for (i, e) in sheet.exercises.iter().enumerate() {
                    let style = match e.verdict {
                        Verdict::Done => app.theme().ok,
                        Verdict::Wrong => app.theme().error,
                        Verdict::NotYet => app.theme().warning,
                    };
                    text.push(Line::from(""));
                    // The mark and the verdict in words, then the task, hanging under it.
                    let head = format!(
                        "{} {}. {}",
                        e.verdict.mark(),
                        i + 1,
                        e.verdict.label(app.lang()).to_uppercase()
                    );
                    let task = wrap(&format!("{head} · {}", e.task), inner, 5);
                    for (k, line) in task.into_iter().enumerate() {
                        if k == 0 && line.starts_with(&head) {
                            let rest = line[head.len()..].to_string();
                            text.push(Line::from(vec![
                                Span::styled(head.clone(), style),
                                Span::styled(rest, app.theme().header),
                            ]));
                        } else {
                            text.push(styled(line, app.theme().header));
                        }
                    }
                    for line in wrap(&format!("     → {}", e.words), inner, 7) {
                        text.push(styled(line, app.theme().base));
                    }
                }
                Msg::UiExercisesTitle.fill(
                    app.lang(),
                    &[
                        ("scenario", &sheet.scenario),
                        ("done", &sheet.done()),
                        ("total", &sheet.exercises.len()),
                    ],
                )
            }
        };
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .scroll((x.scroll, 0))
                .block(block(app, &title, true).title_bottom(styled(
                    format!(" {} ", Msg::UiExercisesHint.t(app.lang())),
                    app.theme().muted,
                )))
                .style(app.theme().base),
            r,
        );
        if let Some(aside) = &x.asking {
            self.render_question(v, f, r, aside);
        }
    }

    /// The question before starting the book over, in a box over the tasks.
    fn render_question(&self, app: &ViewCtx, f: &mut Frame, over: Rect, aside: &std::path::Path) {
        let name = aside
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let question = Msg::UiExercisesResetAsk.fill(app.lang(), &[("aside", &name)]);
        let width = over.width.saturating_sub(8).clamp(20, 64);
        let lines: Vec<Line> = wrap(&question, width.saturating_sub(4) as usize, 0)
            .into_iter()
            .map(|l| styled(l, app.theme().warning))
            .collect();
        let height = (lines.len() as u16 + 2).min(over.height);
        let r = super::centered(over, width, height);
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(lines)
                .block(block(app, Msg::UiExercisesResetTitle.t(app.lang()), true))
                .style(app.theme().base),
            r,
        );
    }
}

/// Breaks `text` into lines of at most `width` columns at spaces; lines after
/// the first are indented by `indent` columns. A word longer than a line is cut.
pub(super) fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let lead = text.len() - text.trim_start().len();
    let mut lines = Vec::new();
    let mut line = text[..lead].to_string();
    let mut used = UnicodeWidthStr::width(&text[..lead]);
    let mut empty = true;
    for word in text[lead..].split(' ').filter(|w| !w.is_empty()) {
        let ww = UnicodeWidthStr::width(word);
        if !empty && used + 1 + ww > width {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            used = indent;
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        let word: String = if used + ww > width {
            word.chars().take(width.saturating_sub(used)).collect()
        } else {
            word.to_string()
        };
        used += UnicodeWidthStr::width(word.as_str());
        line.push_str(&word);
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_with_a_hanging_indent() {
        let lines = wrap("· 1. HECHO · uno dos tres cuatro cinco seis", 20, 5);
        assert_eq!(
            lines,
            vec![
                "· 1. HECHO · uno dos",
                "     tres cuatro",
                "     cinco seis"
            ]
        );
        for l in &lines {
            assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= 20);
        }
        assert_eq!(wrap("     → corto", 40, 7), vec!["     → corto"]);
    }
}
