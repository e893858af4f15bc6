//! One test binary for the tui tests (linking one binary instead of many keeps a clean `cargo test` within budget).
mod roomy;
mod tui;
mod tui_cash;
mod tui_close;
mod tui_cobro;
mod tui_common;
mod tui_dues;
mod tui_exercises;
mod tui_loans;
mod tui_money;
mod tui_redact;
mod tui_teach;
mod tui_text_input;
