//! One test binary for the library tests (linking one binary instead of many keeps a clean `cargo test` within budget).
mod books;
mod cash;
mod close;
mod demo;
mod dues;
mod fuzz;
mod loans;
mod practice;
mod redact;
mod reports_common;
mod reports_dues_savings_loans;
mod reports_member;
mod reports_seps;
mod reports_statements;
mod savings;
mod scenarios;
mod store;
