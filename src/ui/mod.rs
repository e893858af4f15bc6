
pub mod theme;
