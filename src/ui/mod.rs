pub mod density;
pub mod theme;
pub mod widgets;

// The interactive program lives in `crate::tui`; this is its agreed entry point.
pub use crate::tui::{Options, UiError, run};
