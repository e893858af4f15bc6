//! One test binary for the cli tests (linking one binary instead of many keeps a clean `cargo test` within budget).
mod bad_files;
mod cli_backup;
mod cli_book;
mod cli_close;
mod cli_common;
mod cli_dues;
mod cli_entries;
mod cli_loans;
mod cli_members;
mod cli_reports;
mod cli_savings;
mod cli_scenarios;
mod cli_statements;
mod crash_import;
mod crash_kills;
mod terminal;
