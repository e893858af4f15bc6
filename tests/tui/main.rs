//! One test binary for the tui tests (linking one binary instead of many keeps a clean `cargo test` within budget).
// Tests may unwrap, expect and panic: a failed test says where (the
// crate denies them everywhere else, see Cargo.toml's [lints]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unreachable_pub
)]
mod roomy;
mod tui;
mod tui_ascii;
mod tui_backup;
mod tui_cash;
mod tui_charges;
mod tui_close;
mod tui_cobro;
mod tui_common;
mod tui_counter;
mod tui_docs;
mod tui_dues;
mod tui_exercises;
mod tui_forms;
mod tui_gauge;
mod tui_import;
mod tui_ledger;
mod tui_lists;
mod tui_loanops;
mod tui_loans;
mod tui_member_actions;
mod tui_money;
mod tui_network;
mod tui_redact;
mod tui_setup;
mod tui_teach;
mod tui_teach_panel;
mod tui_text_input;
