//! Training: practice books, classroom scenarios and their exercises, and
//! the T-accounts of the teaching panel. Everything here is built on the
//! books' public API (`crate::books`), through the same operations a
//! treasurer uses; nothing below reaches back up into this module.
//!
//! The modules depend on each other one way only: this file (the scenario
//! catalogue and the errors) <- [`recipe`] (how a practice book was built)
//! <- [`practice`] (the generated association) <- [`scenario_file`] (a
//! scenario written as TOML, read and built) <- [`scenarios`] (the
//! classroom books, and `ayni reset`) <- [`exercises`] (the tasks checked).
//! [`teach`] reads the books alone; [`class`] checks a folder of books at
//! once through [`exercises`].

pub mod answer_key;
pub mod class;
pub mod exercises;
pub mod practice;
pub mod recipe;
pub mod scenario_file;
pub mod scenarios;
pub mod teach;

use std::path::PathBuf;

use crate::books::BookError;
use crate::i18n::{Lang, Msg};

/// A scenario a trainer can build: its name and what it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: &'static str,
    pub es: &'static str,
    pub en: &'static str,
}

impl Scenario {
    pub fn description(&self, lang: Lang) -> &'static str {
        lang.pick(self.es, self.en)
    }
}

/// The scenarios, in the order a course would use them.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "primer-mes",
        es: "El primer mes de una asociación nueva: socios, cuotas, aportes y una compra; el mes queda abierto para cobrar lo pendiente y cerrarlo.",
        en: "A new association's first month: members, dues, contributions and a purchase; the month is left open to collect what is owed and close it.",
    },
    Scenario {
        name: "caja-un-ano",
        es: "Un año de una caja de ahorro: ahorros, fondo solidario, cuotas atrasadas y préstamos en mora.",
        en: "A year of a savings bank (caja de ahorro): savings, the solidarity fund, dues in arrears and loans past due.",
    },
    Scenario {
        name: "errores",
        es: "Un mes con errores para encontrar y corregir con reversos: un pago registrado dos veces, una compra en la cuenta equivocada y una caja que no cuadra con el arqueo.",
        en: "A month with mistakes to find and correct by reversal: a payment recorded twice, a purchase in the wrong account and cash that does not match the count.",
    },
];

/// The scenario of that name (case and accents aside: `caja-un-año` works too).
pub fn find_scenario(name: &str) -> Option<&'static Scenario> {
    let n = name
        .trim()
        .to_lowercase()
        .replace('ñ', "n")
        .replace('_', "-");
    SCENARIOS.iter().find(|s| s.name == n)
}

/// Why a scenario cannot be built or a practice book reset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    #[error("unknown scenario {0}")]
    Unknown(String),
    #[error("{0} has no recipe to rebuild it from")]
    NoRecipe(PathBuf),
    #[error("the practice book's recipe cannot be read: {0}")]
    BadRecipe(String),
    #[error("no loan is in arrears on this date")]
    NoArrears,
    /// No member of the book fits a task's rule (the rule's name).
    #[error("no member fits the rule {0}")]
    NoMember(String),
    /// A task has no entries to show as its answer (a balance to reach).
    #[error("the task has no answer to show")]
    NoAnswer,
    #[error("the scenario file has {} problem(s)", .0.len())]
    File(Vec<scenario_file::FileProblem>),
}

impl ScenarioError {
    pub fn message(&self, lang: Lang) -> String {
        let names = SCENARIOS
            .iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            ScenarioError::Unknown(n) => {
                Msg::ErrScenarioUnknown.fill(lang, &[("n", &n), ("names", &names)])
            }
            ScenarioError::NoRecipe(p) => {
                Msg::ErrScenarioNoRecipe.fill(lang, &[("path", &p.display())])
            }
            ScenarioError::BadRecipe(d) => Msg::ErrScenarioBadRecipe.fill(lang, &[("d", &d)]),
            ScenarioError::NoArrears => Msg::ErrScenarioNoArrears.t(lang).into(),
            ScenarioError::NoMember(rule) => {
                Msg::ErrScenarioNoMember.fill(lang, &[("rule", &rule)])
            }
            ScenarioError::NoAnswer => Msg::ErrScenarioNoAnswer.t(lang).into(),
            ScenarioError::File(problems) => {
                let mut text = Msg::ErrScnFileProblems.t(lang).to_string();
                for p in problems {
                    text.push_str("\n  ");
                    text.push_str(&p.message(lang));
                }
                text
            }
        }
    }
}

/// Everything building, resetting or checking a practice book can refuse:
/// what the books refuse, or what is training's own. Each has a message in
/// Spanish and English ([`TrainingError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error(transparent)]
    Book(#[from] BookError),
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The books refused an operation of a scenario file (its line given).
    #[error("line {line}: {error}")]
    Operation { line: usize, error: BookError },
}

impl TrainingError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TrainingError::Book(e) => e.message(lang),
            TrainingError::Scenario(e) => e.message(lang),
            TrainingError::Operation { line, error } => {
                let what = Msg::ErrScnRefused.fill(lang, &[("detail", &error.message(lang))]);
                format!(
                    "{}\n  {}",
                    Msg::ErrScnFileProblems.t(lang),
                    Msg::ErrScnAtLine.fill(lang, &[("line", line), ("what", &what)])
                )
            }
        }
    }
}
