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
    /// A scenario file (see [`super::scenario_file`]).
    File(FileRecipe),
}

impl Recipe {
    /// The scenario's name, or `None` for a plain demo book.
    pub fn scenario(&self) -> Option<&str> {
        match self {
            Recipe::Demo { .. } => None,
            Recipe::PrimerMes(_) => Some("primer-mes"),
            Recipe::CajaUnAno(_) => Some("caja-un-ano"),
            Recipe::Errores(_) => Some("errores"),
            Recipe::File(f) => Some(&f.name),
        }
    }

    /// The figures of `primer-mes`, from a book built before scenario files
    /// or from the file's tasks (`None` when they are not primer-mes's).
    pub fn primer_mes(&self) -> Option<PrimerMes> {
        let f = match self {
            Recipe::PrimerMes(p) => return Some(p.clone()),
            Recipe::File(f) => f,
            _ => return None,
        };
        let (mut unpaid, mut owed_each, mut supplies, mut cash_count) = (None, None, None, None);
        for t in &f.tasks {
            match &t.facts {
                TaskFacts::CollectDues {
                    unpaid: u,
                    owed_each: o,
                } => {
                    unpaid = Some(u.clone());
                    owed_each = Some(*o);
                }
                TaskFacts::ExpensePaidInCash { amount } => supplies = Some(*amount),
                TaskFacts::CloseMonth { cash_count: c } => cash_count = Some(*c),
                _ => {}
            }
        }
        Some(PrimerMes {
            month: f.month,
            unpaid: unpaid?,
            owed_each: owed_each?,
            supplies: supplies?,
            cash_count: cash_count?,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        })
    }

    /// The figures of `caja-un-ano` (see [`Recipe::primer_mes`]).
    pub fn caja_un_ano(&self) -> Option<CajaUnAno> {
        let f = match self {
            Recipe::CajaUnAno(p) => return Some(p.clone()),
            Recipe::File(f) => f,
            _ => return None,
        };
        let (mut member, mut loan) = (None, None);
        for t in &f.tasks {
            match &t.facts {
                TaskFacts::CollectArrears {
                    member: m,
                    member_owed,
                } => member = Some((*m, *member_owed)),
                TaskFacts::LoanUpToDate {
                    loan: l,
                    loan_overdue,
                    loan_installments,
                } => loan = Some((*l, *loan_overdue, *loan_installments)),
                _ => {}
            }
        }
        let (member, member_owed) = member?;
        let (loan, loan_overdue, loan_installments) = loan?;
        Some(CajaUnAno {
            seed: f.seed()?,
            member,
            member_owed,
            loan,
            loan_overdue,
            loan_installments,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        })
    }

    /// The figures of `errores` (see [`Recipe::primer_mes`]).
    pub fn errores(&self) -> Option<Errores> {
        let f = match self {
            Recipe::Errores(p) => return Some(p.clone()),
            Recipe::File(f) => f,
            _ => return None,
        };
        let (mut dup, mut purchase, mut cash) = (None, None, None);
        for t in &f.tasks {
            match &t.facts {
                TaskFacts::DuplicatePayment {
                    member,
                    payment,
                    payment_entries,
                } => dup = Some((*member, *payment, *payment_entries)),
                TaskFacts::WrongAccount {
                    purchase_entry,
                    purchase: p,
                } => purchase = Some((*purchase_entry, *p)),
                TaskFacts::CashCount {
                    cash_count,
                    bank,
                    sale_entry,
                    sale,
                } => cash = Some((*cash_count, *bank, *sale_entry, *sale)),
                _ => {}
            }
        }
        let (member, payment, payment_entries) = dup?;
        let (purchase_entry, purchase) = purchase?;
        let (cash_count, bank, sale_entry, sale) = cash?;
        Some(Errores {
            month: f.month,
            member,
            payment,
            payment_entries,
            purchase_entry,
            purchase,
            sale_entry,
            sale,
            cash_count,
            bank,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        })
    }

    /// The recipe as books built before scenario files kept it, for a
    /// built-in scenario (a trainer's own file stays as it is).
    pub fn legacy(&self) -> Recipe {
        match self.scenario() {
            Some("primer-mes") => self.primer_mes().map(Recipe::PrimerMes),
            Some("caja-un-ano") => self.caja_un_ano().map(Recipe::CajaUnAno),
            Some("errores") => self.errores().map(Recipe::Errores),
            _ => None,
        }
        .unwrap_or_else(|| self.clone())
    }
}

/// A scenario built from a scenario file (a built-in one or a trainer's own):
/// the file's text, to rebuild it, and what each task checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecipe {
    pub name: String,
    /// What the scenario is about, in Spanish and English.
    pub es: String,
    pub en: String,
    /// The scenario file's text.
    pub source: String,
    /// The month built (for a generated history, the book's open month).
    pub month: Month,
    /// The last entry and receipt of the scenario (the learner's work comes after).
    pub last_entry: u64,
    pub last_receipt: u64,
    pub tasks: Vec<TaskRecipe>,
}

impl FileRecipe {
    /// The generator's seed, for a file with a `[generate]` section.
    pub fn seed(&self) -> Option<u64> {
        let v: toml::Value = toml::from_str(&self.source).ok()?;
        v.get("generate")?
            .get("seed")?
            .as_integer()
            .map(|s| s as u64)
    }
}

/// One task of a scenario file: what its check reads, and the trainer's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecipe {
    pub facts: TaskFacts,
    #[serde(default)]
    pub words: TaskWords,
}

/// The trainer's own words (Spanish, English) for a task, replacing ayni's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskWords {
    pub task: Option<(String, String)>,
    pub done: Option<(String, String)>,
    pub wrong: Option<(String, String)>,
    pub not_yet: Option<(String, String)>,
}

/// A task's check and the figures and ids it reads, fixed when the book was built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "check")]
pub enum TaskFacts {
    /// These members pay what they owe for the month built.
    CollectDues { unpaid: Vec<u32>, owed_each: Money },
    /// A purchase of `amount` paid from the box, posted to an expense account.
    ExpensePaidInCash { amount: Money },
    /// The month built closed, with the box holding `cash_count`.
    CloseMonth { cash_count: Money },
    /// A member in arrears pays everything owed.
    CollectArrears { member: u32, member_owed: Money },
    /// A loan with installments overdue brought up to date.
    LoanUpToDate {
        loan: u32,
        loan_overdue: Money,
        loan_installments: usize,
    },
    /// One of two entries of the same payment reversed.
    DuplicatePayment {
        member: u32,
        payment: Money,
        payment_entries: [u64; 2],
    },
    /// An entry on the wrong account reversed and posted again on an expense.
    WrongAccount {
        purchase_entry: u64,
        purchase: Money,
    },
    /// Cash and bank agreeing with the count once the mistakes are fixed.
    CashCount {
        cash_count: Money,
        bank: Money,
        sale_entry: u64,
        sale: Money,
    },
    /// An account's balance equals `amount`.
    Balance { account: String, amount: Money },
    /// An entry debiting `debit` and crediting `credit` for `amount` posted.
    Entry {
        debit: String,
        credit: String,
        amount: Money,
    },
    /// The month closed.
    MonthClosed { month: Month },
    /// A member's dues paid through a month.
    DuesPaid { member: u32, through: Month },
    /// A deposit of `amount` into a member's ordinary savings.
    SavingsDeposit { member: u32, amount: Money },
    /// A withdrawal of `amount` from a member's ordinary savings.
    SavingsWithdrawal { member: u32, amount: Money },
    /// A grant of `amount` from the solidarity fund to a member.
    FundGrant { member: u32, amount: Money },
    /// A loan of `amount` over `months` applied for and disbursed to a member.
    LoanDisbursed {
        member: u32,
        product: u32,
        amount: Money,
        months: u32,
    },
    /// A loan paid off; what paying it off cost when the book was built:
    /// late interest, interest to the day, and principal.
    LoanPayoff {
        loan: u32,
        late: Money,
        interest: Money,
        principal: Money,
    },
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
