//! First run: create the association's book, or open a practice book.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{inner_w, styled};
use crate::books::{Book, BookError};
use crate::domain::settings::{AssocKind, Settings};
use crate::i18n::Msg;
use crate::i18n::{Lang, fill};
use crate::ui::app::Input;
use crate::ui::keymap::Action;
use crate::ui::screen::{Effect, ViewCtx};

/// The welcome screen when there is no book.
#[derive(Clone, Debug, Default)]
pub struct Welcome {
    pub creating: bool,
    name: Input,
    ruc: Input,
    kind: Input,
    focus: usize,
    /// Where the book will be, as shown.
    path: String,
}

impl Welcome {
    /// The screen for a book to be created at `book_path` (a caja by default).
    pub fn new(book_path: &Path) -> Welcome {
        Welcome {
            kind: Input::new("caja"),
            path: book_path.display().to_string(),
            ..Welcome::default()
        }
    }

    /// A key: choose, or fill the new association's form. There is no book
    /// yet, so the screen gets the language and where the book goes.
    pub fn update(&mut self, action: Action, lang: Lang, book_path: &Path) -> Effect {
        let w = self;
        if !w.creating {
            return match action {
                Action::CreateBook => {
                    w.creating = true;
                    Effect::None
                }
                Action::OpenPractice => open_practice(book_path, lang),
                Action::Quit => Effect::Quit,
                _ => Effect::None,
            };
        }
        match action {
            Action::Back => w.creating = false,
            Action::NextField | Action::Down => {
                if action == Action::NextField && w.focus == 2 {
                    return w.create_book(lang, book_path);
                }
                w.focus = (w.focus + 1) % 3;
            }
            Action::PrevField | Action::Up => w.focus = (w.focus + 2) % 3,
            Action::Submit => return w.create_book(lang, book_path),
            a => {
                let field = match w.focus {
                    0 => &mut w.name,
                    1 => &mut w.ruc,
                    _ => &mut w.kind,
                };
                if let Some(Err(r)) = a.apply_to(&mut field.value) {
                    return Effect::error(r.message(lang));
                }
            }
        }
        w.ruc.error = if w.ruc.value.trim().is_empty() {
            None
        } else {
            crate::domain::ident::validate_ruc(&w.ruc.value)
                .err()
                .map(|e| e.message(lang))
        };
        w.kind.error = AssocKind::parse(&w.kind.value)
            .is_none()
            .then(|| Msg::UiKind.t(lang).to_string());
        Effect::None
    }

    fn create_book(&self, lang: Lang, book_path: &Path) -> Effect {
        let w = self;
        let Some(kind) = AssocKind::parse(&w.kind.value) else {
            return Effect::None;
        };
        let ruc = (!w.ruc.value.trim().is_empty()).then_some(w.ruc.value.as_str());
        let r = Settings::new(&w.name.value, ruc, kind)
            .map_err(BookError::from)
            .and_then(|s| Book::create(book_path, s));
        match r {
            // The new book, then its setup step by step.
            Ok(b) => Effect::Opened {
                book: Box::new(b),
                path: book_path.to_path_buf(),
            }
            .then(Effect::Pass(Action::FirstRunSetup)),
            Err(e) => Effect::error(e.message(lang)),
        }
    }
}

/// The practice book beside the one that was not there, made afresh.
fn open_practice(book_path: &Path, lang: Lang) -> Effect {
    let path: PathBuf = book_path.with_file_name("practica.ayni");
    let opts = crate::training::practice::DemoOptions {
        force: true,
        ..Default::default()
    };
    match crate::training::practice::create_demo(&path, &opts) {
        Ok((b, _)) => Effect::Opened {
            book: Box::new(b),
            path,
        },
        Err(e) => Effect::error(e.message(lang)),
    }
}

// ---- Drawing

impl Welcome {
    /// Draws the screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let w = self;
        let mut lines = vec![
            styled(
                fill(app.t(Msg::UiWelcomeText), &[("path", &w.path)]),
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
        super::form_panel(app, f, app.t(Msg::UiWelcome), lines, area);
    }
}
