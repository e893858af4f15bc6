//! Report structures built from the books, and their renderers.

pub mod accounts;
pub mod arrears;
pub mod check;
pub mod dues;
pub mod entries;
pub mod format;
pub mod indicators;
pub mod journal;
pub mod ledger;
pub mod loans;
pub mod member_statement;
pub mod members;
pub mod network;
pub mod registry;
pub mod render;
pub mod savings;
pub mod seps;
pub mod statements;
pub mod table;
pub mod trial_balance;
pub mod visit;
