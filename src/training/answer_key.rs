//! The answer key of a scenario's tasks: for each task, the entries a right
//! answer posts (account, name, debit, credit), found by doing the task on a
//! scratch copy of the book through the same operations a treasurer's screen
//! uses, and reading what was posted. The worksheet's answer pages print it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::money::Money;

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
