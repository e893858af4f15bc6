//! The exercises overlay (`E`): a classroom scenario's tasks, each with its
//! verdict (✓ done, ✗ wrong, · not yet) and the words saying what is right and
//! what is wrong. The tasks are checked against the book every time the
//! overlay opens, and again with Enter, so a class sees its work judged as it
//! goes, without leaving the interface.

use super::app::App;
use super::keymap::Action;
use crate::i18n::Lang;
use crate::training::exercises::{CheckExercises, ExerciseSheet};
use crate::training::recipe::PracticeRecipe;

/// The overlay's state.
#[derive(Clone, Debug, Default)]
pub struct Exercises {
    /// The overlay is shown.
    pub open: bool,
    /// Rows scrolled.
    pub scroll: u16,
    /// The tasks as last checked; `None` when the book has none.
    pub sheet: Option<ExerciseSheet>,
}

impl App {
    /// Opens the overlay, checking the tasks against the book now.
    pub fn open_exercises(&mut self) {
        self.exercises.open = true;
        self.exercises.scroll = 0;
        // The overlay covers the status line; an old message would peek out.
        self.status = None;
        self.check_exercises();
    }

    /// Checks the tasks again (in the interface's language).
    fn check_exercises(&mut self) {
        let Some(book) = &self.book else {
            self.exercises.sheet = None;
            return;
        };
        match book.exercises(self.lang) {
            Ok(sheet) => self.exercises.sheet = sheet,
            Err(e) => {
                self.exercises.sheet = None;
                self.status = Some((e.message(self.lang), true));
            }
        }
    }

    /// A key while the overlay is open.
    pub(crate) fn update_exercises(&mut self, action: Action) {
        let x = &mut self.exercises;
        match action {
            Action::Up => x.scroll = x.scroll.saturating_sub(1),
            Action::Down => x.scroll = x.scroll.saturating_add(1),
            Action::PageUp => x.scroll = x.scroll.saturating_sub(self.page as u16),
            Action::PageDown => x.scroll = x.scroll.saturating_add(self.page as u16),
            Action::Open | Action::Submit => self.check_exercises(),
            Action::ToggleLang => {
                self.lang = if self.lang == Lang::Es {
                    Lang::En
                } else {
                    Lang::Es
                };
                self.check_exercises();
            }
            Action::Exercises | Action::Back | Action::Help | Action::Quit => {
                x.open = false;
            }
            _ => {}
        }
    }
}

impl App {
    /// On opening a scenario's book, says that it carries exercises.
    pub(crate) fn announce_exercises(&mut self) {
        let has = self
            .book
            .as_ref()
            .and_then(|b| b.practice_recipe().ok().flatten())
            .is_some_and(|r| r.scenario().is_some());
        if has && self.status.is_none() {
            self.status = Some((
                self.t(super::msg::Msg::ExercisesAvailable).to_string(),
                false,
            ));
        }
    }
}
