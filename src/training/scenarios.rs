//! Classroom scenarios: practice books built for a lesson, each with tasks
//! for the learners (see [`super::exercises`]).
//!
//! Every scenario is written as a scenario file ([`super::scenario_file`]:
//! the built-in ones are embedded from `scenarios/*.toml`) and built through the operations a treasurer uses (members,
//! charge types, dues payments, entries, reversals, loans, closes), so it obeys
//! every rule a real book does and `ayni check` passes on it. For a given clock
//! a scenario is built identically, entry for entry and hash for hash. Like
//! [`super::practice`], a scenario is built beside the target and renamed over
//! it only when complete, and only ever replaces a practice book
//! ([`build_practice`]).
//!
//! The book keeps its recipe ([`Recipe`]: the scenario, or the demo options),
//! with the figures and ids its exercises check. `ayni reset` rebuilds a
//! practice book from it.

use std::path::Path;

use super::practice::DemoOptions;
use super::recipe::{PracticeRecipe, Recipe, store_recipe};
use super::scenario_file::{self, ScenarioFile, scenario_text};
use super::{ScenarioError, TrainingError, find_scenario};
use crate::books::practice_book::{build_practice, keep_aside};
use crate::books::{Book, BookError, Clock};

pub(crate) use super::scenario_file::loan_overdue;

/// Builds scenario `name` at `path`; the book's history ends at the clock.
/// Refuses to replace anything but a practice book, and anything without `force`.
pub fn create_scenario(
    path: &Path,
    name: &str,
    force: bool,
    clock: Clock,
) -> Result<(Book, Recipe), TrainingError> {
    create_scenario_in(path, name, force, clock, None)
}

/// The same, with the built-in scenario's file replaced by
/// `<config_dir>/scenarios/<name>.toml` when there is one.
pub fn create_scenario_in(
    path: &Path,
    name: &str,
    force: bool,
    clock: Clock,
    config_dir: Option<&Path>,
) -> Result<(Book, Recipe), TrainingError> {
    let sc = find_scenario(name).ok_or_else(|| ScenarioError::Unknown(name.trim().into()))?;
    let text =
        scenario_text(sc.name, config_dir).ok_or_else(|| ScenarioError::Unknown(sc.name.into()))?;
    let file = scenario_file::parse(&text).map_err(ScenarioError::File)?;
    create_from_file(path, &file, force, clock)
}

/// Builds the scenario of a file read by [`scenario_file::parse`] at `path`
/// (refusing to replace anything but a practice book, and anything without `force`).
pub fn create_from_file(
    path: &Path,
    file: &ScenarioFile,
    force: bool,
    clock: Clock,
) -> Result<(Book, Recipe), TrainingError> {
    let (mut book, recipe) = build_practice(path, force, |tmp| -> Result<_, TrainingError> {
        let (mut book, recipe) = scenario_file::build(tmp, file, clock)?;
        store_recipe(&mut book, &recipe)?;
        Ok(recipe)
    })?;
    book.set_clock(clock);
    Ok((book, recipe))
}

/// Reads a scenario file's text (for `ayni demo --scenario-file`).
pub fn read_file(text: &str) -> Result<ScenarioFile, TrainingError> {
    Ok(scenario_file::parse(text).map_err(ScenarioError::File)?)
}

/// Rebuilds the practice book at `path` from its recipe, for the clock's date.
/// A real book is refused and left untouched.
pub fn reset(path: &Path, clock: Clock) -> Result<(Book, Recipe), TrainingError> {
    let recipe = {
        let book = Book::open_read_only(path)?;
        if !book.settings()?.practice {
            return Err(BookError::NotPractice(path.to_path_buf()).into());
        }
        book.practice_recipe()?
            .ok_or_else(|| ScenarioError::NoRecipe(path.to_path_buf()))?
    };
    match recipe {
        Recipe::Demo {
            members,
            months,
            seed,
        } => {
            let opts = DemoOptions {
                members,
                months,
                seed,
                force: true,
            };
            let (book, _) = super::practice::create_demo_with_clock(path, &opts, clock)?;
            let recipe = book.practice_recipe()?.unwrap_or(Recipe::Demo {
                members,
                months,
                seed,
            });
            Ok((book, recipe))
        }
        Recipe::File(f) => {
            let file = read_file(&f.source)?;
            create_from_file(path, &file, true, clock)
        }
        other => {
            let name = other.scenario().unwrap_or("primer-mes").to_string();
            create_scenario(path, &name, true, clock)
        }
    }
}

/// Rebuilds the practice book at `path` ([`reset`], or as scenario
/// `scenario` when one is named), with the learner's book first kept at
/// `aside` (a hard link or a copy, never over an existing file): the work
/// done stays readable after the rebuild. A real book is refused before
/// anything is written; when the rebuild is refused the book is left as it
/// was and the name kept aside is removed.
pub fn reset_keeping(
    path: &Path,
    clock: Clock,
    aside: &Path,
    scenario: Option<&str>,
) -> Result<(Book, Recipe), TrainingError> {
    {
        let book = Book::open_read_only(path)?;
        if !book.settings()?.practice {
            return Err(BookError::NotPractice(path.to_path_buf()).into());
        }
    }
    keep_aside(path, aside)?;
    let rebuilt = match scenario {
        Some(name) => create_scenario(path, name, true, clock),
        None => reset(path, clock),
    };
    if rebuilt.is_err() {
        let _ = std::fs::remove_file(aside);
    }
    rebuilt
}

/// The seed of `caja-un-ano` (the same book for the same clock).
pub const CAJA_SEED: u64 = 2024;
