//! One test binary for the cli tests (linking one binary instead of many keeps a clean `cargo test` within budget).
// Tests may unwrap, expect and panic: a failed test says where (the
// crate denies them everywhere else, see Cargo.toml's [lints]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unreachable_pub
)]
mod bad_files;
mod cli_backup;
mod cli_book;
mod cli_cash;
mod cli_class;
mod cli_clock;
mod cli_close;
mod cli_common;
mod cli_dues;
mod cli_entries;
mod cli_layout;
mod cli_ledger;
mod cli_list_formats;
mod cli_loans;
mod cli_members;
mod cli_network;
mod cli_reports;
mod cli_savings;
mod cli_scenarios;
mod cli_sheets;
mod cli_statements;
mod cli_text;
mod crash_import;
mod crash_kills;
mod redact;
mod restore_loss;
mod terminal;
