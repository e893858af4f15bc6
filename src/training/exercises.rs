//! Exercises: the tasks a classroom scenario carries, and the checker that
//! reads the book and says, task by task, whether the learner's work is done,
//! not done yet, or wrong, with a sentence saying what is right and what is
//! wrong. The checker only reads; the facts it checks against (members, entry
//! ids, amounts, the cash count) are in the book's recipe
//! ([`super::recipe::Recipe`]), kept when the scenario was built.

use serde::Serialize;

use super::recipe::{CajaUnAno, Errores, PracticeRecipe, PrimerMes, Recipe};
use super::scenarios::loan_overdue;
use super::{TrainingError, find_scenario};
use crate::books::loans::LoanEvent;
use crate::books::{Book, BookError};
use crate::domain::account::codes::{BANKS, CASH, MEMBER_CONTRIBUTIONS};
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, EntryKind, Side};
use crate::domain::loan::LoanStatus;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};

/// How a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Done, and done right.
    Done,
    /// Not done (or not finished) yet.
    NotYet,
    /// Something was done, and it is wrong.
    Wrong,
}

impl Verdict {
    /// The mark shown before the task: ✓ done, ✗ wrong, · not yet.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Done => "✓",
            Verdict::NotYet => "·",
            Verdict::Wrong => "✗",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Done => Msg::TrVerdictDone,
            Verdict::NotYet => Msg::TrVerdictNotYet,
            Verdict::Wrong => Msg::TrVerdictWrong,
        }
        .t(lang)
    }
}

/// One task and how it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exercise {
    /// What to do.
    pub task: String,
    pub verdict: Verdict,
    /// What is right and what is wrong, in words.
    pub words: String,
}

/// A scenario's tasks, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExerciseSheet {
    pub scenario: &'static str,
    pub description: &'static str,
    pub exercises: Vec<Exercise>,
}

impl ExerciseSheet {
    /// How many tasks are done.
    pub fn done(&self) -> usize {
        self.exercises
            .iter()
            .filter(|e| e.verdict == Verdict::Done)
            .count()
    }
}

/// A practice book's exercises, checked.
pub trait CheckExercises {
    /// The exercises of this book's scenario, checked against the book now;
    /// `None` when the book was not built from a scenario with tasks.
    fn exercises(&self, lang: Lang) -> Result<Option<ExerciseSheet>, TrainingError>;
}

impl CheckExercises for Book {
    fn exercises(&self, lang: Lang) -> Result<Option<ExerciseSheet>, TrainingError> {
        let Some(recipe) = self.practice_recipe()? else {
            return Ok(None);
        };
        let Some(sc) = recipe.scenario().and_then(find_scenario) else {
            return Ok(None);
        };
        let c = Checker { book: self, lang };
        let exercises = match &recipe {
            Recipe::PrimerMes(f) => c.primer_mes(f)?,
            Recipe::CajaUnAno(f) => c.caja_un_ano(f)?,
            Recipe::Errores(f) => c.errores(f)?,
            Recipe::Demo { .. } => return Ok(None),
        };
        Ok(Some(ExerciseSheet {
            scenario: sc.name,
            description: sc.description(lang),
            exercises,
        }))
    }
}

/// An entry the learner posted after the scenario, and what reversed it.
struct NewEntry {
    entry: Entry,
    reversed_by: Option<u64>,
}

impl NewEntry {
    /// Standing: neither a reversal nor reversed.
    fn standing(&self) -> bool {
        self.reversed_by.is_none() && self.entry.reverses.is_none()
    }
}

/// How an entry meant as "an expense paid in cash" came out.
enum ExpenseProblem {
    /// The debit is not on an expense account (45..).
    Debit(u64, String),
    /// The credit is not on cash (1101).
    Credit(u64, String),
    /// Right accounts, other amount.
    Amount(u64, Money),
}

struct Checker<'a> {
    book: &'a Book,
    lang: Lang,
}

fn is_expense(code: &str) -> bool {
    code.starts_with("45")
}

/// A checked task; its words start with a capital letter.
fn w(verdict: Verdict, task: String, words: String) -> Exercise {
    let mut chars = words.chars();
    let words = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    };
    Exercise {
        task,
        verdict,
        words,
    }
}

impl Checker<'_> {
    fn es(&self) -> bool {
        self.lang == Lang::Es
    }
    fn t(&self, es: String, en: String) -> String {
        if self.es() { es } else { en }
    }
    fn money(&self, m: Money) -> String {
        format!("${}", m.localized(self.lang))
    }
    fn month(&self, m: Month) -> String {
        m.name(self.lang)
    }
    /// "1101 Caja".
    fn account(&self, code: &str) -> String {
        match self.book.account(code) {
            Some(a) => format!("{code} {}", a.display_name(self.lang)),
            None => code.to_string(),
        }
    }
    /// Names and surnames, as the member is called in class.
    fn full_name(&self, id: u32) -> Result<String, BookError> {
        Ok(self
            .book
            .member(id)?
            .map(|m| format!("{} {}", m.first_names, m.last_names))
            .unwrap_or_else(|| format!("#{id}")))
    }
    /// The first name and first surname.
    fn short_name(&self, id: u32) -> Result<String, BookError> {
        Ok(self
            .book
            .member(id)?
            .map(|m| {
                let first = m.first_names.split_whitespace().next().unwrap_or("");
                let last = m.last_names.split_whitespace().next().unwrap_or("");
                format!("{first} {last}")
            })
            .unwrap_or_else(|| format!("#{id}")))
    }
    /// "a, b y c" / "a, b and c".
    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!(
                "{} {} {last}",
                rest.join(", "),
                self.t("y".into(), "and".into())
            ),
        }
    }
    /// Entries posted after `after`, oldest first.
    fn entries_after(&self, after: u64) -> Result<Vec<NewEntry>, BookError> {
        let (next, _) = self.book.next_ids()?;
        let mut out = Vec::new();
        for id in after + 1..next {
            if let Some(entry) = self.book.entry(id)? {
                let reversed_by = self.book.reversed_by(id)?;
                out.push(NewEntry { entry, reversed_by });
            }
        }
        Ok(out)
    }
    fn owed(&self, member: u32, through: Month) -> Result<Money, BookError> {
        Ok(self.book.owed(member, through)?.iter().map(|c| c.due).sum())
    }
    fn waived(&self, member: u32, through: Month) -> Result<Money, BookError> {
        Ok(self
            .book
            .member_charges(member, through)?
            .iter()
            .map(|c| c.waived)
            .sum())
    }

    /// Dues payments of members other than `skip` that the learner changed:
    /// a right payment reversed, or one recorded that was not asked for.
    fn payment_problems(&self, last_receipt: u64, skip: &[u32]) -> Result<Vec<String>, BookError> {
        let all = self.book.receipts_after(0)?;
        // Per member: receipts of the scenario, receipts standing now.
        let mut per: std::collections::BTreeMap<u32, (usize, usize)> = Default::default();
        for r in all.iter().filter(|r| !skip.contains(&r.member)) {
            let e = per.entry(r.member).or_default();
            if r.number <= last_receipt {
                e.0 += 1;
            }
            if r.reversed_by.is_none() {
                e.1 += 1;
            }
        }
        let mut out = Vec::new();
        for (member, (before, now)) in per {
            let name = self.short_name(member)?;
            if now < before {
                let entry = all
                    .iter()
                    .find(|r| {
                        r.member == member && r.number <= last_receipt && r.reversed_by.is_some()
                    })
                    .map(|r| r.entry)
                    .unwrap_or_default();
                out.push(self.t(
                    format!("El pago de {name} (asiento {entry}) se reversó, pero estaba bien: sí pagó; regístrelo de nuevo."),
                    format!("{name}'s payment (entry {entry}) was reversed, but it was right: the payment was made; record it again."),
                ));
            } else if now > before {
                let number = all
                    .iter()
                    .rev()
                    .find(|r| {
                        r.member == member && r.number > last_receipt && r.reversed_by.is_none()
                    })
                    .map(|r| r.number)
                    .unwrap_or_default();
                out.push(if before > 0 {
                    self.t(
                        format!("También se registró un pago de {name} (recibo {number}), que ya había pagado: no se pidió; si fue un error, revérselo (Diario, r)."),
                        format!("A payment was also recorded for {name} (receipt {number}), who had already paid: it was not asked for; if it was a mistake, reverse it (Journal, r)."),
                    )
                } else {
                    self.t(
                        format!("También se registró un pago de {name} (recibo {number}), que no ha pagado: no se pidió; si fue un error, revérselo (Diario, r)."),
                        format!("A payment was also recorded for {name} (receipt {number}), who has not paid: it was not asked for; if it was a mistake, reverse it (Journal, r)."),
                    )
                });
            }
        }
        Ok(out)
    }

    /// Sorts the learner's standing manual entries for "an expense of `amount`
    /// paid in cash" into right ones and wrong ones.
    fn expenses(&self, entries: &[NewEntry], amount: Money) -> (Vec<u64>, Vec<ExpenseProblem>) {
        let mut right = Vec::new();
        let mut wrong = Vec::new();
        for n in entries.iter().filter(|n| n.standing()) {
            let e = &n.entry;
            if e.kind != EntryKind::Manual {
                continue;
            }
            let sum = |side: Side, ok: &dyn Fn(&str) -> bool| -> Money {
                e.postings
                    .iter()
                    .filter(|p| p.side == side && ok(&p.account))
                    .map(|p| p.amount)
                    .sum()
            };
            let expense = sum(Side::Debit, &is_expense);
            let cash = sum(Side::Credit, &|c| c == CASH);
            let total = e.total();
            let first_other = |side: Side, ok: &dyn Fn(&str) -> bool| {
                e.postings
                    .iter()
                    .find(|p| p.side == side && !ok(&p.account))
                    .map(|p| p.account.clone())
                    .unwrap_or_default()
            };
            if expense == amount && cash == amount && total == amount {
                right.push(e.id);
            } else if total == amount && expense != amount {
                wrong.push(ExpenseProblem::Debit(
                    e.id,
                    first_other(Side::Debit, &is_expense),
                ));
            } else if total == amount {
                wrong.push(ExpenseProblem::Credit(
                    e.id,
                    first_other(Side::Credit, &|c| c == CASH),
                ));
            } else if expense == total && cash == total {
                wrong.push(ExpenseProblem::Amount(e.id, total));
            }
        }
        (right, wrong)
    }

    /// Words for a wrong expense entry.
    fn expense_problem(&self, p: &ExpenseProblem, amount: Money) -> String {
        match p {
            ExpenseProblem::Debit(id, code) => self.t(
                format!(
                    "El asiento {id} carga el gasto a {}, que no es una cuenta de gastos: revérselo y regístrelo de nuevo con el débito en una cuenta de gastos (45.., por ejemplo {}).",
                    self.account(code),
                    self.account("4507")
                ),
                format!(
                    "Entry {id} debits {}, which is not an expense account: reverse it and record it again debiting an expense account (45.., e.g. {}).",
                    self.account(code),
                    self.account("4507")
                ),
            ),
            ExpenseProblem::Credit(id, code) => self.t(
                format!(
                    "El asiento {id} saca el dinero de {}, pero se pagó en efectivo: el crédito va a {}. Revérselo y regístrelo de nuevo.",
                    self.account(code),
                    self.account(CASH)
                ),
                format!(
                    "Entry {id} takes the money from {}, but it was paid in cash: the credit goes to {}. Reverse it and record it again.",
                    self.account(code),
                    self.account(CASH)
                ),
            ),
            ExpenseProblem::Amount(id, got) => self.t(
                format!(
                    "El asiento {id} es por {}, pero la compra fue de {}: revérselo y registre {}.",
                    self.money(*got),
                    self.money(amount),
                    self.money(amount)
                ),
                format!(
                    "Entry {id} is for {}, but the purchase was {}: reverse it and record {}.",
                    self.money(*got),
                    self.money(amount),
                    self.money(amount)
                ),
            ),
        }
    }

    fn primer_mes(&self, f: &PrimerMes) -> Result<Vec<Exercise>, BookError> {
        let month = self.month(f.month);
        let mut out = Vec::new();

        // 1. The dues of three members.
        let mut full = Vec::new();
        for &id in &f.unpaid {
            full.push(self.full_name(id)?);
        }
        let task = self.t(
            format!(
                "Cobre a {} lo que deben de {month}: {} cada una (cuota de ingreso, cuota mensual y aporte de capital), en efectivo y con recibo.",
                self.list(&full),
                self.money(f.owed_each)
            ),
            format!(
                "Take from {} what they owe for {month}: {} each (admission fee, monthly dues and capital contribution), in cash and with a receipt.",
                self.list(&full),
                self.money(f.owed_each)
            ),
        );
        let receipts = self.book.receipts_after(f.last_receipt)?;
        let mut paid = Vec::new();
        let mut missing = Vec::new();
        let mut waived = Vec::new();
        for &id in &f.unpaid {
            let name = self.short_name(id)?;
            let owed = self.owed(id, f.month)?;
            let numbers: Vec<String> = receipts
                .iter()
                .filter(|r| r.member == id && r.reversed_by.is_none())
                .map(|r| r.number.to_string())
                .collect();
            if self.waived(id, f.month)?.is_positive() {
                waived.push(name);
            } else if owed.is_zero() {
                paid.push(format!(
                    "{name} ({} {})",
                    self.t("recibo".into(), "receipt".into()),
                    numbers.join(", ")
                ));
            } else {
                missing.push(format!("{name} ({})", self.money(owed)));
            }
        }
        let others = self.payment_problems(f.last_receipt, &f.unpaid)?;
        let done_part = if paid.is_empty() {
            String::new()
        } else {
            self.t(
                format!("Cobrado: {}. ", self.list(&paid)),
                format!("Collected: {}. ", self.list(&paid)),
            )
        };
        out.push(if !others.is_empty() {
            w(
                Verdict::Wrong,
                task,
                format!("{done_part}{}", others.join(" ")),
            )
        } else if !waived.is_empty() {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "{done_part}A {} se le exoneró la deuda en vez de cobrarla: la tarea es cobrar, con recibo.",
                        self.list(&waived)
                    ),
                    format!(
                        "{done_part}{} had the dues waived instead of collected: the task is to collect them, with a receipt.",
                        self.list(&waived)
                    ),
                ),
            )
        } else if missing.is_empty() {
            w(
                Verdict::Done,
                task,
                self.t(
                    format!("{done_part}Nadie debe nada de {month}."),
                    format!("{done_part}Nobody owes anything for {month}."),
                ),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "{done_part}Falta cobrar a {} (pantalla 5, Cobro).",
                        self.list(&missing)
                    ),
                    format!(
                        "{done_part}Still to collect from {} (screen 5, Dues).",
                        self.list(&missing)
                    ),
                ),
            )
        });

        // 2. A purchase paid in cash.
        let task = self.t(
            format!(
                "Registre la compra de útiles de oficina de hoy: {} pagados en efectivo.",
                self.money(f.supplies)
            ),
            format!(
                "Record today's purchase of office supplies: {} paid in cash.",
                self.money(f.supplies)
            ),
        );
        let entries = self.entries_after(f.last_entry)?;
        let (right, wrong) = self.expenses(&entries, f.supplies);
        out.push(match (right.as_slice(), wrong.first()) {
            ([id], None) => {
                let e = entries.iter().find(|n| n.entry.id == *id);
                let debit = e
                    .and_then(|n| n.entry.postings.iter().find(|p| p.side == Side::Debit))
                    .map(|p| self.account(&p.account))
                    .unwrap_or_default();
                w(
                    Verdict::Done,
                    task,
                    self.t(
                        format!(
                            "Asiento {id}: débito a {debit} y crédito a {}, {}. El gasto sube y el efectivo baja.",
                            self.account(CASH),
                            self.money(f.supplies)
                        ),
                        format!(
                            "Entry {id}: debit {debit} and credit {}, {}. Expenses go up and cash goes down.",
                            self.account(CASH),
                            self.money(f.supplies)
                        ),
                    ),
                )
            }
            (_, Some(p)) => w(Verdict::Wrong, task, self.expense_problem(p, f.supplies)),
            ([], None) => w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "Aún no está registrada: un asiento nuevo (n) con débito a una cuenta de gastos (45..) y crédito a {}, por {}.",
                        self.account(CASH),
                        self.money(f.supplies)
                    ),
                    format!(
                        "Not recorded yet: a new entry (n) debiting an expense account (45..) and crediting {}, for {}.",
                        self.account(CASH),
                        self.money(f.supplies)
                    ),
                ),
            ),
            (many, None) => w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "La compra está registrada {} veces (asientos {}): reverse las que sobran.",
                        many.len(),
                        self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>())
                    ),
                    format!(
                        "The purchase is recorded {} times (entries {}): reverse the extra ones.",
                        many.len(),
                        self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>())
                    ),
                ),
            ),
        });

        // 3. The month's close with the cash count.
        let last_day = format_date(f.month.last_day(), self.lang);
        let task = self.t(
            format!(
                "Cierre {month}. El arqueo de caja del {last_day} contó {}.",
                self.money(f.cash_count)
            ),
            format!(
                "Close {month}. The cash count on {last_day} found {}.",
                self.money(f.cash_count)
            ),
        );
        let cash = self.book.balance_of(CASH, f.month)?;
        let closed = self.book.closed_through()?.is_some_and(|c| c >= f.month);
        out.push(if closed && cash == f.cash_count {
            w(
                Verdict::Done,
                task,
                self.t(
                    format!(
                        "{month} está cerrado con {} en caja, igual al arqueo.",
                        self.money(cash)
                    ),
                    format!(
                        "{month} is closed with {} in cash, as counted.",
                        self.money(cash)
                    ),
                ),
            )
        } else if closed {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "{month} se cerró con {} en caja, pero el arqueo contó {}: un mes se cierra con la caja cuadrada (un asiento con fecha de {month} cambió la caja).",
                        self.money(cash),
                        self.money(f.cash_count)
                    ),
                    format!(
                        "{month} was closed with {} in cash, but the count found {}: a month is closed with the cash matching (an entry dated in {month} changed the cash).",
                        self.money(cash),
                        self.money(f.cash_count)
                    ),
                ),
            )
        } else if cash == f.cash_count {
            w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "{month} sigue abierto. La caja del libro al {last_day} es {}, igual al arqueo: ya se puede cerrar.",
                        self.money(cash)
                    ),
                    format!(
                        "{month} is still open. Cash in the book on {last_day} is {}, as counted: it can be closed.",
                        self.money(cash)
                    ),
                ),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "{month} sigue abierto, y la caja del libro al {last_day} es {}, no {}: diferencia de {}. Busque el asiento con fecha de {month} que la cambió antes de cerrar.",
                        self.money(cash),
                        self.money(f.cash_count),
                        self.money(f.cash_count - cash)
                    ),
                    format!(
                        "{month} is still open, and cash in the book on {last_day} is {}, not {}: a difference of {}. Find the entry dated in {month} that changed it before closing.",
                        self.money(cash),
                        self.money(f.cash_count),
                        self.money(f.cash_count - cash)
                    ),
                ),
            )
        });
        Ok(out)
    }

    fn caja_un_ano(&self, f: &CajaUnAno) -> Result<Vec<Exercise>, BookError> {
        let mut out = Vec::new();
        let current = self.book.current_month()?;
        let today = self.book.today();

        // 1. Everything a member in arrears owes.
        let name = self.full_name(f.member)?;
        let task = self.t(
            format!(
                "Cobre todo lo que adeuda {name} en cuotas y aportes ({} al armar el ejercicio).",
                self.money(f.member_owed)
            ),
            format!(
                "Collect everything {name} owes in dues and contributions ({} when the exercise was set).",
                self.money(f.member_owed)
            ),
        );
        let owed = self.book.owed(f.member, current)?;
        let still: Money = owed.iter().map(|c| c.due).sum();
        let received: Money = self
            .book
            .receipts_after(f.last_receipt)?
            .iter()
            .filter(|r| r.member == f.member && r.reversed_by.is_none())
            .map(|r| r.total)
            .sum();
        let short = self.short_name(f.member)?;
        out.push(if still.is_zero() && received.is_zero() {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!("{short} ya no debe nada, pero no hay ningún recibo nuevo: se le exoneró la deuda en vez de cobrarla."),
                    format!("{short} owes nothing now, but there is no new receipt: the debt was waived instead of collected."),
                ),
            )
        } else if still.is_zero() {
            w(
                Verdict::Done,
                task,
                self.t(
                    format!(
                        "Cobrado {}: {short} está al día hasta {}.",
                        self.money(received),
                        self.month(current)
                    ),
                    format!(
                        "Collected {}: {short} is up to date through {}.",
                        self.money(received),
                        self.month(current)
                    ),
                ),
            )
        } else {
            let oldest = owed.first().map(|c| self.month(c.month)).unwrap_or_default();
            let start = if received.is_positive() {
                self.t(
                    format!("Cobrado {}, pero ", self.money(received)),
                    format!("Collected {}, but ", self.money(received)),
                )
            } else {
                String::new()
            };
            w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "{start}{short} todavía adeuda {}, desde {oldest} (pantalla 5, Cobro).",
                        self.money(still)
                    ),
                    format!(
                        "{start}{short} still owes {}, since {oldest} (screen 5, Dues).",
                        self.money(still)
                    ),
                ),
            )
        });

        // 2. A loan brought up to date.
        let loan = self.book.loan(f.loan)?;
        let borrower = self.full_name(loan.member)?;
        let task = self.t(
            format!(
                "Ponga al día el préstamo {} de {borrower}: al armar el ejercicio tenía {} cuota(s) vencida(s), {} con el interés de mora.",
                f.loan,
                f.loan_installments,
                self.money(f.loan_overdue)
            ),
            format!(
                "Bring loan {} of {borrower} up to date: when the exercise was set it had {} installment(s) overdue, {} with late interest.",
                f.loan,
                f.loan_installments,
                self.money(f.loan_overdue)
            ),
        );
        let paid: Money = self
            .book
            .loan_events(f.loan)?
            .iter()
            .filter(|(e, _)| e.id > f.last_entry && e.kind == EntryKind::Loan)
            .filter(|(e, _)| self.book.reversed_by(e.id).ok().flatten().is_none())
            .map(|(_, ev)| match ev {
                LoanEvent::Payment { amount, .. } => *amount,
                _ => Money::ZERO,
            })
            .sum();
        out.push(match loan.status {
            LoanStatus::WrittenOff(d) => w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "El préstamo {} se castigó el {}: eso no lo pone al día, lo da por perdido. Un castigo necesita la aprobación de la asamblea.",
                        f.loan,
                        format_date(d, self.lang)
                    ),
                    format!(
                        "Loan {} was written off on {}: that does not bring it up to date, it gives it up as lost. A write-off needs the assembly's approval.",
                        f.loan,
                        format_date(d, self.lang)
                    ),
                ),
            ),
            LoanStatus::PaidOff(_) => w(
                Verdict::Done,
                task,
                self.t(
                    format!(
                        "Cobrado {}: el préstamo {} quedó cancelado; no queda nada vencido.",
                        self.money(paid),
                        f.loan
                    ),
                    format!(
                        "Collected {}: loan {} is paid off; nothing is overdue.",
                        self.money(paid),
                        f.loan
                    ),
                ),
            ),
            _ => {
                let (due, n) = loan_overdue(self.book, f.loan, today)?;
                if n == 0 {
                    let next = loan
                        .installments
                        .iter()
                        .find(|i| !i.is_settled())
                        .map(|i| format_date(i.inst.due, self.lang))
                        .unwrap_or_default();
                    w(
                        Verdict::Done,
                        task,
                        self.t(
                            format!(
                                "Cobrado {}: el préstamo {} no tiene cuotas vencidas; la próxima vence el {next}.",
                                self.money(paid),
                                f.loan
                            ),
                            format!(
                                "Collected {}: loan {} has no installment overdue; the next one falls due on {next}.",
                                self.money(paid),
                                f.loan
                            ),
                        ),
                    )
                } else {
                    let start = if paid.is_positive() {
                        self.t(
                            format!("Cobrado {}, pero ", self.money(paid)),
                            format!("Collected {}, but ", self.money(paid)),
                        )
                    } else {
                        String::new()
                    };
                    w(
                        Verdict::NotYet,
                        task,
                        self.t(
                            format!(
                                "{start}el préstamo {} aún tiene {n} cuota(s) vencida(s): hoy se deben {} con el interés de mora («ayni loan pay {} --amount {}»).",
                                f.loan,
                                self.money(due),
                                f.loan,
                                due.plain()
                            ),
                            format!(
                                "{start}loan {} still has {n} installment(s) overdue: {} is due today with late interest ('ayni loan pay {} --amount {}').",
                                f.loan,
                                self.money(due),
                                f.loan,
                                due.plain()
                            ),
                        ),
                    )
                }
            }
        });
        Ok(out)
    }

    fn errores(&self, f: &Errores) -> Result<Vec<Exercise>, BookError> {
        let mut out = Vec::new();
        let entries = self.entries_after(f.last_entry)?;
        let receipts = self.book.receipts_after(f.last_receipt)?;

        // 1. The payment recorded twice.
        let task = self.t(
            "Un socio pagó sus cuotas una sola vez, pero el pago quedó registrado dos veces. Encuéntrelo y reverse uno de los dos.".to_string(),
            "A member paid their dues once, but the payment was recorded twice. Find it and reverse one of the two.".to_string(),
        );
        let name = self.short_name(f.member)?;
        let mut reversed = Vec::new();
        for &id in &f.payment_entries {
            if self.book.reversed_by(id)?.is_some() {
                reversed.push(id);
            }
        }
        let again = receipts
            .iter()
            .filter(|r| r.member == f.member && r.reversed_by.is_none())
            .count();
        let standing = 2 - reversed.len() + again;
        let others = self.payment_problems(f.last_receipt, &[f.member])?;
        out.push(if !others.is_empty() {
            w(Verdict::Wrong, task, others.join(" "))
        } else if reversed.is_empty() && again == 0 {
            w(
                Verdict::NotYet,
                task,
                self.t(
                    "Los dos pagos siguen registrados. Revise los cobros del mes en el Diario (3): un socio tiene dos recibos iguales el mismo día.".into(),
                    "Both payments still stand. Look at the month's dues payments in the Journal (3): one member has two equal receipts on the same day.".into(),
                ),
            )
        } else if standing == 1 {
            let which = reversed
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>();
            w(
                Verdict::Done,
                task,
                self.t(
                    format!(
                        "Reversado el asiento {}: {name} tiene un solo pago de {} registrado, como pagó.",
                        self.list(&which),
                        self.money(f.payment)
                    ),
                    format!(
                        "Reversed entry {}: {name} has one payment of {} recorded, as she paid.",
                        self.list(&which),
                        self.money(f.payment)
                    ),
                ),
            )
        } else if standing == 0 {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "Se reversaron los dos pagos: {name} ahora no tiene ninguno registrado, pero sí pagó {}; registre el pago otra vez (pantalla 5, Cobro).",
                        self.money(f.payment)
                    ),
                    format!(
                        "Reversed both payments: {name} now has none recorded, but she did pay {}; record one again (screen 5, Dues).",
                        self.money(f.payment)
                    ),
                ),
            )
        } else {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "{name} tiene {standing} pagos registrados, pero pagó una sola vez: reverse los que sobran."
                    ),
                    format!(
                        "{name} has {standing} payments recorded, but she paid once: reverse the extra ones."
                    ),
                ),
            )
        });

        // 2. The purchase in the wrong account.
        let task = self.t(
            format!(
                "Una compra de {} se registró en una cuenta equivocada. Pásela a la cuenta correcta: reverse el asiento y regístrelo de nuevo.",
                self.money(f.purchase)
            ),
            format!(
                "A purchase of {} was posted to a wrong account. Move it to the right one: reverse the entry and record it again.",
                self.money(f.purchase)
            ),
        );
        let original_reversed = self.book.reversed_by(f.purchase_entry)?.is_some();
        let (right, wrong) = self.expenses(&entries, f.purchase);
        let contributions = self.account(MEMBER_CONTRIBUTIONS);
        out.push(match (original_reversed, right.as_slice(), wrong.first()) {
            (true, [id], None) => {
                let debit = entries
                    .iter()
                    .find(|n| n.entry.id == *id)
                    .and_then(|n| n.entry.postings.iter().find(|p| p.side == Side::Debit))
                    .map(|p| self.account(&p.account))
                    .unwrap_or_default();
                w(
                    Verdict::Done,
                    task,
                    self.t(
                        format!(
                            "La compra salió de {contributions} (reverso del asiento {}) y está en {debit} (asiento {id}): es un gasto, no un aporte de socio.",
                            f.purchase_entry
                        ),
                        format!(
                            "The purchase left {contributions} (entry {} reversed) and is in {debit} (entry {id}): it is an expense, not a member's contribution.",
                            f.purchase_entry
                        ),
                    ),
                )
            }
            (_, _, Some(p)) => w(Verdict::Wrong, task, self.expense_problem(p, f.purchase)),
            (false, [], None) => w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "La compra sigue en {contributions}: reverse el asiento y regístrela en una cuenta de gastos (45..)."
                    ),
                    format!(
                        "The purchase is still in {contributions}: reverse it and post it to an expense account (45..)."
                    ),
                ),
            ),
            (false, _, None) => w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "La compra ya está en gastos, pero sigue también en {contributions} (asiento {}): así el dinero sale dos veces de la caja. Reverse el asiento {}.",
                        f.purchase_entry, f.purchase_entry
                    ),
                    format!(
                        "The purchase is now in expenses, but still also in {contributions} (entry {}): so the money leaves the cash twice. Reverse entry {}.",
                        f.purchase_entry, f.purchase_entry
                    ),
                ),
            ),
            (true, [], None) => w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "Asiento {} reversado: la compra ya no está en {contributions}. Ahora regístrela de nuevo, con débito a una cuenta de gastos (45..) y crédito a {}.",
                        f.purchase_entry,
                        self.account(CASH)
                    ),
                    format!(
                        "Entry {} reversed: the purchase is no longer in {contributions}. Now record it again, debiting an expense account (45..) and crediting {}.",
                        f.purchase_entry,
                        self.account(CASH)
                    ),
                ),
            ),
            (true, many, None) => w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "La compra está registrada {} veces en gastos (asientos {}): reverse las que sobran.",
                        many.len(),
                        self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>())
                    ),
                    format!(
                        "The purchase is recorded {} times in expenses (entries {}): reverse the extra ones.",
                        many.len(),
                        self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>())
                    ),
                ),
            ),
        });

        // 3. Cash that does not match the count.
        let task = self.t(
            format!(
                "El arqueo de hoy contó {} en caja, pero el libro dice otra cosa. Encuentre por qué y corríjalo.",
                self.money(f.cash_count)
            ),
            format!(
                "Today's cash count found {} in the box, but the book says otherwise. Find why and correct it.",
                self.money(f.cash_count)
            ),
        );
        let month = self.book.current_month()?.max(f.month);
        let cash = self.book.balance_of(CASH, month)?;
        let bank = self.book.balance_of(BANKS, month)?;
        let sale_reversed = self.book.reversed_by(f.sale_entry)?.is_some();
        let adjusted = entries
            .iter()
            .any(|n| n.standing() && n.entry.kind == EntryKind::CashAdjustment);
        out.push(if cash == f.cash_count && bank == f.bank {
            w(
                Verdict::Done,
                task,
                self.t(
                    format!(
                        "La caja del libro es {}, igual al arqueo, y {} muestra {}: la venta en efectivo estaba registrada en el banco.",
                        self.money(cash),
                        self.account(BANKS),
                        self.money(bank)
                    ),
                    format!(
                        "Cash in the book is {}, as counted, and {} shows {}: the cash sale had been recorded in the bank.",
                        self.money(cash),
                        self.account(BANKS),
                        self.money(bank)
                    ),
                ),
            )
        } else if cash == f.cash_count {
            w(
                Verdict::Wrong,
                task,
                self.t(
                    format!(
                        "La caja ya cuadra con el arqueo, pero {} muestra {} en vez de {}: la venta de {} sigue registrada en el banco{}. Corrija la venta en vez de ajustar la caja.",
                        self.account(BANKS),
                        self.money(bank),
                        self.money(f.bank),
                        self.money(f.sale),
                        if adjusted { " y se registró un ajuste de caja" } else { "" }
                    ),
                    format!(
                        "Cash now matches the count, but {} shows {} instead of {}: the sale of {} is still recorded in the bank{}. Correct the sale instead of adjusting the cash.",
                        self.account(BANKS),
                        self.money(bank),
                        self.money(f.bank),
                        self.money(f.sale),
                        if adjusted { " and a cash adjustment was recorded" } else { "" }
                    ),
                ),
            )
        } else {
            let diff = f.cash_count - cash;
            let hint = if sale_reversed && bank == f.bank {
                self.t(
                    format!(
                        " La venta ya salió del banco (asiento {} reversado); ahora regístrela de nuevo en {}.",
                        f.sale_entry,
                        self.account(CASH)
                    ),
                    format!(
                        " The sale has left the bank (entry {} reversed); now record it again in {}.",
                        f.sale_entry,
                        self.account(CASH)
                    ),
                )
            } else {
                self.t(
                    " Busque en el Diario (3) de este mes dinero que entró en efectivo pero se registró en otra cuenta, y pagos registrados de más.".into(),
                    " Look in this month's Journal (3) for money received in cash but recorded in another account, and for payments recorded too many times.".into(),
                )
            };
            w(
                Verdict::NotYet,
                task,
                self.t(
                    format!(
                        "El libro tiene {} en caja; el arqueo contó {}: {} de diferencia.{hint}",
                        self.money(cash),
                        self.money(f.cash_count),
                        self.money(diff)
                    ),
                    format!(
                        "The book has {} in cash; the count found {}: a difference of {}.{hint}",
                        self.money(cash),
                        self.money(f.cash_count),
                        self.money(diff)
                    ),
                ),
            )
        });
        Ok(out)
    }
}
