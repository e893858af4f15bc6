//! Pure rules: money, accounts, entries, members, periods, reading typed input. No redb, no ratatui, no I/O.

pub mod account;
pub mod date;
pub mod dues;
pub mod entry;
pub mod glyphs;
pub mod ident;
pub mod input;
pub mod loan;
pub mod loan_status;
pub mod member;
pub mod money;
pub mod period;
pub mod progress;
pub mod provision;
pub mod savings;
pub mod settings;
pub mod text;
pub mod visit;
