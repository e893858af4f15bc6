//! The search box of a list (members, journal, accounts): what is typed and
//! whether it is being typed.

use crate::ui::keymap::Action;
use crate::ui::widgets::text_input::{Refused, TextInput};

/// A list's search box.
#[derive(Clone, Debug, Default)]
pub struct SearchBox {
    pub query: TextInput,
    /// The box has the keys (`/` was pressed).
    pub active: bool,
}

/// What a key did to a search box that has the keys.
pub enum Typed {
    /// The text changed or the cursor moved; nothing more to do.
    Edited,
    /// Esc: the box gave the keys back, its text cleared.
    Cancelled,
    /// Tab or Enter: the box gave the keys back, its text kept.
    Done,
    /// The text refused what was typed.
    Refused(Refused),
    /// A key the box leaves to its list (the arrows).
    Other(Action),
}

impl SearchBox {
    /// Clears the text; says whether there was any.
    pub fn clear(&mut self) -> bool {
        let had = !self.query.is_empty();
        self.query.clear();
        had
    }

    /// A key while the box has the keys.
    pub fn key(&mut self, action: Action) -> Typed {
        if action.moves_cursor() {
            let _ = action.apply_to(&mut self.query);
            return Typed::Edited;
        }
        match action {
            a if a.edit().is_some() => match a.apply_to(&mut self.query) {
                Some(Err(r)) => Typed::Refused(r),
                _ => Typed::Edited,
            },
            Action::Back => {
                self.active = false;
                self.query.clear();
                Typed::Cancelled
            }
            Action::NextField | Action::Submit | Action::Open => {
                self.active = false;
                Typed::Done
            }
            a => Typed::Other(a),
        }
    }
}
