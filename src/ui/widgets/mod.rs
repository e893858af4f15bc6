//! Widgets shared by the screens.

pub mod search;
pub mod text_input;
