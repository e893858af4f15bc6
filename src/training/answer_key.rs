//! The answer key of a scenario's tasks: for each task, the entries a right
//! answer posts (account, name, debit, credit), found by doing the task on a
//! scratch copy of the book through the same operations a treasurer's screen
//! uses, and reading what was posted. The worksheet's answer pages print it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use serde::Serialize;

use super::exercises::CheckExercises;
use super::recipe::{PracticeRecipe, Recipe, TaskFacts};
use super::{ScenarioError, TrainingError};
use crate::books::close::CloseOptions;
use crate::books::loans::LoanApplication;
use crate::books::{Book, BookError};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting, Side};
use crate::domain::loan::Prepay;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::SavingsKind;
use crate::i18n::{Lang, Msg};

/// One task's answer: what to do, the keys that do it, and the entries posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerTask {
    /// The task, as the exercises screen says it.
    pub task: String,
    /// How it is done in the interface, by keys.
    pub keys: String,
    /// The entries a right answer posts, in order.
    pub entries: Vec<AnswerEntry>,
}

/// One entry of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerEntry {
    pub date: NaiveDate,
    pub description: String,
    pub lines: Vec<AnswerLine>,
}

/// One line of an answer's entry: a debit or a credit (the other is zero).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerLine {
    pub account: String,
    pub name: String,
    pub debit: Money,
    pub credit: Money,
}

/// Does `facts`' task the right way on `book`, as a treasurer would from the
/// screens on the book's day: the dues collected, the entries posted and
/// reversed, the loan paid, the month closed. `month` is the month the
/// scenario built. A task that asks for a balance has no single answer
/// ([`ScenarioError::NoAnswer`]).
pub fn solve_task(
    book: &mut Book,
    facts: &TaskFacts,
    month: Month,
    lang: Lang,
) -> Result<(), TrainingError> {
    let today = book.today();
    let owed = super::scenario_file::owed_total;
    let expense = |book: &mut Book, amount: Money, credit: &str| {
        post_manual(
            book,
            today,
            Msg::TrAnsSuppliesText.t(lang),
            "",
            vec![
                Posting::debit(OFFICE_SUPPLIES, amount),
                Posting::credit(credit, amount),
            ],
        )
    };
    let close = |book: &mut Book, month: Month, count: Option<Money>| -> Result<(), BookError> {
        if book.closed_through()?.is_some_and(|c| c >= month) {
            return Ok(());
        }
        book.close_month_with(
            month,
            &CloseOptions {
                cash_count: count,
                backup: false,
                ..CloseOptions::default()
            },
        )?;
        Ok(())
    };
    match facts {
        TaskFacts::CollectDues { unpaid, .. } => {
            for &m in unpaid {
                let due = owed(book, m, month)?;
                if due.is_positive() {
                    book.pay_dues(m, due, today, CASH, None)?;
                }
            }
        }
        TaskFacts::ExpensePaidInCash { amount } => expense(book, *amount, CASH)?,
        TaskFacts::CloseMonth { cash_count } => close(book, month, Some(*cash_count))?,
        TaskFacts::MonthClosed { month } => close(book, *month, None)?,
        TaskFacts::CollectArrears { member, .. } => {
            let due = owed(book, *member, book.current_month()?)?;
            book.pay_dues(*member, due, today, CASH, None)?;
        }
        TaskFacts::DuesPaid { member, through } => {
            let due = owed(book, *member, *through)?;
            book.pay_dues(*member, due, today, CASH, None)?;
        }
        TaskFacts::LoanUpToDate { loan, .. } => {
            let mut l = book.loan(*loan)?;
            l.accrue_late(today);
            let due = l.due_through(today);
            book.pay_loan(*loan, due, today, CASH, Prepay::ShortenTerm)?;
        }
        TaskFacts::LoanPayoff { loan, .. } => {
            let payoff = book.payoff_amount(*loan, today)?;
            book.pay_loan(*loan, payoff, today, CASH, Prepay::ShortenTerm)?;
        }
        TaskFacts::DuplicatePayment {
            payment_entries, ..
        } => {
            if book.reversed_by(payment_entries[1])?.is_none() {
                book.reverse(
                    payment_entries[1],
                    Some(today),
                    Some(Msg::TrAnsDuplicateReason.t(lang)),
                )?;
            }
        }
        TaskFacts::WrongAccount {
            purchase_entry,
            purchase,
        } => {
            let credit = credit_of(book, *purchase_entry)?;
            book.reverse(
                *purchase_entry,
                Some(today),
                Some(Msg::TrAnsWrongAccountReason.t(lang)),
            )?;
            expense(book, *purchase, &credit)?;
        }
        TaskFacts::CashCount { sale_entry, .. } => {
            let sale = book
                .entry(*sale_entry)?
                .ok_or(BookError::EntryNotFound(*sale_entry))?;
            book.reverse(
                *sale_entry,
                Some(today),
                Some(Msg::TrAnsCashSaleReason.t(lang)),
            )?;
            let postings = sale
                .postings
                .iter()
                .map(|p| {
                    let account = if p.account == BANKS { CASH } else { &p.account };
                    Posting {
                        account: account.to_string(),
                        ..p.clone()
                    }
                })
                .collect();
            post_manual(book, today, &sale.description, &sale.reference, postings)?;
        }
        TaskFacts::Entry {
            debit,
            credit,
            amount,
        } => {
            let debit = leaf(book, debit);
            let credit = leaf(book, credit);
            post_manual(
                book,
                today,
                Msg::TrAnsEntryText.t(lang),
                "",
                vec![
                    Posting::debit(&debit, *amount),
                    Posting::credit(&credit, *amount),
                ],
            )?;
        }
        TaskFacts::Balance { .. } => return Err(ScenarioError::NoAnswer.into()),
        TaskFacts::SavingsDeposit { member, amount } => {
            book.deposit(*member, None, *amount, today, CASH)?;
        }
        TaskFacts::SavingsWithdrawal { member, amount } => {
            let account = book
                .member_savings(*member)?
                .into_iter()
                .find(|s| s.product.kind == SavingsKind::Ordinary)
                .map(|s| s.account.id)
                .unwrap_or_default();
            book.withdraw(account, *amount, today, CASH)?;
        }
        TaskFacts::FundGrant { member, amount } => {
            book.fund_grant(
                Some(*member),
                "",
                *amount,
                Msg::TrAnsGrantReason.t(lang),
                Msg::TrAnsApproval.t(lang),
                today,
                CASH,
            )?;
        }
        TaskFacts::LoanDisbursed {
            member,
            product,
            amount,
            months,
        } => {
            let (loan, _) = book.apply_loan(&LoanApplication {
                member: *member,
                product: *product,
                amount: *amount,
                months: *months,
                rate: None,
                purpose: Msg::TrAnsLoanPurpose.t(lang).to_string(),
                guarantor: None,
                approval: Msg::TrAnsApproval.t(lang).to_string(),
                date: today,
            })?;
            book.disburse_loan(loan.id, today, CASH)?;
        }
    }
    Ok(())
}

/// Posts a manual entry, as the journal's new-entry form does.
fn post_manual(
    book: &mut Book,
    date: NaiveDate,
    text: &str,
    reference: &str,
    postings: Vec<Posting>,
) -> Result<(), BookError> {
    book.post(EntryDraft::new(
        date,
        text,
        reference,
        EntryKind::Manual,
        postings,
    )?)?;
    Ok(())
}

/// The office supplies expense account a right answer debits.
const OFFICE_SUPPLIES: &str = "4507";

/// The first account an entry credits.
fn credit_of(book: &Book, id: u64) -> Result<String, BookError> {
    Ok(book
        .entry(id)?
        .ok_or(BookError::EntryNotFound(id))?
        .postings
        .iter()
        .find(|p| p.side == Side::Credit)
        .map(|p| p.account.clone())
        .unwrap_or_else(|| CASH.to_string()))
}

/// `code` when it can be posted to, else the first account under it that can.
fn leaf(book: &Book, code: &str) -> String {
    if book.is_postable(code) {
        return code.to_string();
    }
    book.chart()
        .iter()
        .find(|a| a.code.starts_with(code) && book.is_postable(&a.code))
        .map(|a| a.code.clone())
        .unwrap_or_else(|| code.to_string())
}

/// The tasks a recipe gives, with the month it built. A caja-un-ano book
/// built before scenario files kept no month; its tasks are of the book's
/// open month, `open`.
pub fn recipe_tasks(recipe: &Recipe, open: Month) -> Option<(Month, Vec<TaskFacts>)> {
    if let Recipe::File(f) = recipe {
        return Some((f.month, f.tasks.iter().map(|t| t.facts.clone()).collect()));
    }
    let legacy = match recipe {
        Recipe::PrimerMes(p) => (
            p.month,
            vec![
                TaskFacts::CollectDues {
                    unpaid: p.unpaid.clone(),
                    owed_each: p.owed_each,
                },
                TaskFacts::ExpensePaidInCash { amount: p.supplies },
                TaskFacts::CloseMonth {
                    cash_count: p.cash_count,
                },
            ],
        ),
        Recipe::CajaUnAno(c) => (
            open,
            vec![
                TaskFacts::CollectArrears {
                    member: c.member,
                    member_owed: c.member_owed,
                },
                TaskFacts::LoanUpToDate {
                    loan: c.loan,
                    loan_overdue: c.loan_overdue,
                    loan_installments: c.loan_installments,
                },
            ],
        ),
        Recipe::Errores(e) => (
            e.month,
            vec![
                TaskFacts::DuplicatePayment {
                    member: e.member,
                    payment: e.payment,
                    payment_entries: e.payment_entries,
                },
                TaskFacts::WrongAccount {
                    purchase_entry: e.purchase_entry,
                    purchase: e.purchase,
                },
                TaskFacts::CashCount {
                    cash_count: e.cash_count,
                    bank: e.bank,
                    sale_entry: e.sale_entry,
                    sale: e.sale,
                },
            ],
        ),
        _ => return None,
    };
    Some(legacy)
}

/// A scratch copy of a book in the temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The answer key of a practice book's scenario: each task, the keys that do
/// it (the words the exercises screen says while it is not done) and the
/// entries a right answer posts, found by doing every task in order on a
/// scratch copy of the book; the book itself is only read. `None` for a
/// book with no scenario.
pub fn answer_key(book: &Book, lang: Lang) -> Result<Option<Vec<AnswerTask>>, TrainingError> {
    let Some(recipe) = book.practice_recipe()? else {
        return Ok(None);
    };
    let Some((month, tasks)) = recipe_tasks(&recipe, book.current_month()?) else {
        return Ok(None);
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "ayni-respuestas-{}-{}.ayni",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&path);
    let scratch = Scratch(book.backup_to(&path)?);
    let mut copy = Book::open(&scratch.0)?;
    copy.set_clock(book.clock());
    copy.set_bulk(true)?;
    let mut out = Vec::new();
    for (i, facts) in tasks.iter().enumerate() {
        let sheet = copy.exercises(lang)?;
        let shown = sheet.as_ref().and_then(|s| s.exercises.get(i));
        let task = shown.map(|e| e.task.clone()).unwrap_or_default();
        let keys = shown.map(|e| e.words.clone()).unwrap_or_default();
        let (first, _) = copy.next_ids()?;
        let entries = match solve_task(&mut copy, facts, month, lang) {
            Ok(()) => {
                let (next, _) = copy.next_ids()?;
                let mut entries = Vec::new();
                for id in first..next {
                    if let Some(e) = copy.entry(id)? {
                        entries.push(answer_entry(&copy, &e, lang));
                    }
                }
                entries
            }
            Err(TrainingError::Scenario(ScenarioError::NoAnswer)) => Vec::new(),
            Err(e) => return Err(e),
        };
        out.push(AnswerTask {
            task,
            keys,
            entries,
        });
    }
    drop(copy);
    drop(scratch);
    Ok(Some(out))
}

fn answer_entry(book: &Book, e: &Entry, lang: Lang) -> AnswerEntry {
    let lines = e
        .postings
        .iter()
        .map(|p| {
            let name = book
                .account(&p.account)
                .map(|a| a.display_name(lang).to_string())
                .unwrap_or_default();
            let (debit, credit) = match p.side {
                Side::Debit => (p.amount, Money::ZERO),
                Side::Credit => (Money::ZERO, p.amount),
            };
            AnswerLine {
                account: p.account.clone(),
                name,
                debit,
                credit,
            }
        })
        .collect();
    AnswerEntry {
        date: e.date,
        description: e.description.clone(),
        lines,
    }
}
