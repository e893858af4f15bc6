//! One test binary for the library tests (linking one binary instead of many keeps a clean `cargo test` within budget).
// Tests may unwrap, expect and panic: a failed test says where (the
// crate denies them everywhere else, see Cargo.toml's [lints]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unreachable_pub
)]
mod backups;
mod books;
mod cash;
mod close;
mod close_plan;
mod dues;
mod exercises_solved;
mod fuzz;
mod indicators;
mod layering;
mod ledger;
mod loans;
mod network;
mod practice;
mod provisions;
mod redact;
mod reports_common;
mod reports_dues_savings_loans;
mod reports_member;
mod reports_registry;
mod reports_seps;
mod reports_statements;
mod savings;
mod scenario_files;
mod scenarios;
mod sheets;
mod store;
mod training_layer;
mod visit;
