//! Report structures built from the books, and their renderers.

pub mod journal;
pub mod trial_balance;
