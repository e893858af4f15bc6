//! How a practice book was built: the demo options or the scenario, with
//! the figures and ids its exercises check. The book keeps it as JSON text
//! (see [`crate::books::practice_book::RECIPE_KEY`]); `ayni reset` rebuilds a
//! practice book from it.

use serde::{Deserialize, Serialize};

use super::{ScenarioError, TrainingError};
use crate::books::Book;
use crate::domain::money::Money;
use crate::domain::period::Month;

/// How a practice book was built, with what its exercises check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipe {
    /// `ayni demo` with these options.
    Demo {
        members: usize,
        months: u32,
        seed: u64,
    },
    PrimerMes(PrimerMes),
    CajaUnAno(CajaUnAno),
    Errores(Errores),
}

impl Recipe {
    /// The scenario's name, or `None` for a plain demo book.
    pub fn scenario(&self) -> Option<&'static str> {
        match self {
            Recipe::Demo { .. } => None,
            Recipe::PrimerMes(_) => Some("primer-mes"),
            Recipe::CajaUnAno(_) => Some("caja-un-ano"),
            Recipe::Errores(_) => Some("errores"),
        }
    }
}

/// A new association's first month (`primer-mes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimerMes {
    /// The month built, left open (the clock's previous month).
    pub month: Month,
    /// The three members who have not paid yet.
    pub unpaid: Vec<u32>,
    /// What each of them owes for the month.
    pub owed_each: Money,
    /// The office supplies bought today, to record.
    pub supplies: Money,
    /// The cash counted at the month's end.
    pub cash_count: Money,
    /// The last entry and receipt of the scenario (the learner's work comes after).
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// A year of a caja de ahorro (`caja-un-ano`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CajaUnAno {
    pub seed: u64,
    /// A member in arrears with dues, and what they owed when the book was built.
    pub member: u32,
    pub member_owed: Money,
    /// A loan with installments overdue, and what was overdue when the book was built.
    pub loan: u32,
    pub loan_overdue: Money,
    pub loan_installments: usize,
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// A month with mistakes (`errores`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Errores {
    pub month: Month,
    /// The member whose payment was recorded twice, the amount, and the two entries.
    pub member: u32,
    pub payment: Money,
    pub payment_entries: [u64; 2],
    /// The purchase posted to 3103 instead of an expense account.
    pub purchase_entry: u64,
    pub purchase: Money,
    /// The cash sale posted to the bank instead of cash.
    pub sale_entry: u64,
    pub sale: Money,
    /// What the box holds (the count), and what the bank should show.
    pub cash_count: Money,
    pub bank: Money,
    pub last_entry: u64,
    pub last_receipt: u64,
}

/// Writes the recipe into the book.
pub(crate) fn store_recipe(book: &mut Book, recipe: &Recipe) -> Result<(), TrainingError> {
    let text =
        serde_json::to_string(recipe).map_err(|e| ScenarioError::BadRecipe(e.to_string()))?;
    book.set_practice_recipe_text(&text)?;
    Ok(())
}

/// The recipe a practice book keeps, read as a [`Recipe`].
pub trait PracticeRecipe {
    /// How this practice book was built (`None` for a real book or one built
    /// before recipes were kept).
    fn practice_recipe(&self) -> Result<Option<Recipe>, TrainingError>;
}

impl PracticeRecipe for Book {
    fn practice_recipe(&self) -> Result<Option<Recipe>, TrainingError> {
        match self.practice_recipe_text()? {
            None => Ok(None),
            Some(t) => serde_json::from_str(&t)
                .map(Some)
                .map_err(|e| ScenarioError::BadRecipe(e.to_string()).into()),
        }
    }
}
