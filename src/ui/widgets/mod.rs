//! Widgets shared by the screens.

pub mod text_input;
