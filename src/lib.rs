//! ayni: bookkeeping for associations of the popular and solidarity economy.
//!
//! Layers (dependencies point one way): `ui`, `cli` -> `books` -> `domain`, `store`;
//! `report` reads `books`/`domain`. `domain` depends on nothing of ours.

pub mod books;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod files;
pub mod glossary;
pub mod i18n;
pub mod report;
pub mod store;
pub mod training;
pub mod ui;
