//! A class at once: every practice book in a folder, each checked against
//! its scenario's tasks, as one sheet of students × tasks (`ayni exercises
//! --class DIR`).
//!
//! Every book is opened only to read, and never waited for: a book open in a
//! student's interface is a row saying so, and so is a damaged or foreign
//! file, with its reason; neither stops the rest of the class from being
//! read.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::exercises::{CheckExercises, ExerciseSheet, Verdict};
use crate::books::practice_book::is_aside_name;
use crate::books::{Book, BookError, StoreError};
use crate::i18n::{Lang, Msg};

/// How a student's book was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Read, and its tasks checked.
    Checked,
    /// Open in another program (a student's interface): not read now.
    Open,
    /// Not a book that opens (damaged, foreign, too new...).
    Unreadable,
    /// A book without tasks (a real book, or a general demo).
    NoExercises,
    /// A book of another scenario than the class's.
    OtherScenario,
}

impl Standing {
    /// A word for the table, in place of the marks.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Standing::Checked => "",
            Standing::Open => Msg::TrClassOpen.t(lang),
            Standing::Unreadable => Msg::TrClassUnreadable.t(lang),
            Standing::NoExercises => Msg::TrClassNoExercises.t(lang),
            Standing::OtherScenario => Msg::TrClassOtherScenario.t(lang),
        }
    }
}

/// One student's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StudentRow {
    /// The student: the book's file name without `.ayni`.
    pub student: String,
    /// The book's file name.
    pub file: String,
    pub status: Standing,
    /// The verdict of each task, in the class's order (empty unless checked).
    pub verdicts: Vec<Verdict>,
    pub done: usize,
    pub wrong: usize,
    pub not_yet: usize,
    /// Why the book was not checked, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One task of the class, with how many students stand where on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClassTask {
    /// From 1.
    pub number: usize,
    pub task: String,
    pub done: usize,
    pub wrong: usize,
    pub not_yet: usize,
}

/// A class: its scenario, its tasks and its students.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClassSheet {
    pub folder: String,
    /// The scenario most of the books were built from (`None` when no book could be checked).
    pub scenario: Option<String>,
    pub tasks: Vec<ClassTask>,
    pub students: Vec<StudentRow>,
}

/// Why a class cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClassError {
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
    #[error("the folder {0} cannot be read: {1}")]
    Unreadable(PathBuf, String),
    #[error("the folder {0} holds no practice book")]
    Empty(PathBuf),
}

impl ClassError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ClassError::NotAFolder(p) => {
                Msg::ErrClassNotAFolder.fill(lang, &[("path", &p.display())])
            }
            ClassError::Unreadable(p, d) => {
                Msg::ErrClassUnreadable.fill(lang, &[("path", &p.display()), ("detail", d)])
            }
            ClassError::Empty(p) => Msg::ErrClassEmpty.fill(lang, &[("path", &p.display())]),
        }
    }
}

/// The books of a class: every `*.ayni` file in `dir` (not hidden, not a
/// copy kept aside by a reset), by name.
pub fn class_books(dir: &Path) -> Result<Vec<PathBuf>, ClassError> {
    if !dir.is_dir() {
        return Err(ClassError::NotAFolder(dir.to_path_buf()));
    }
    let rd = std::fs::read_dir(dir)
        .map_err(|e| ClassError::Unreadable(dir.to_path_buf(), e.to_string()))?;
    let mut books: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            p.extension().is_some_and(|x| x == "ayni")
                && !name.starts_with('.')
                && !is_aside_name(&name)
                && p.is_file()
        })
        .collect();
    books.sort();
    Ok(books)
}

/// What one book gave: its sheet, or why it has none.
enum Read {
    Sheet(ExerciseSheet),
    Not(Standing, String),
}

fn read_book(path: &Path, lang: Lang) -> Read {
    let book = match Book::open_read_only(path) {
        Ok(b) => b,
        Err(BookError::Store(StoreError::Locked(_))) => {
            return Read::Not(Standing::Open, Msg::TrClassOpenWhy.t(lang).to_string());
        }
        Err(e) => return Read::Not(Standing::Unreadable, e.message(lang)),
    };
    match book.exercises(lang) {
        Ok(Some(sheet)) => Read::Sheet(sheet),
        Ok(None) => Read::Not(
            Standing::NoExercises,
            Msg::TrClassNoExercisesWhy.t(lang).to_string(),
        ),
        Err(e) => Read::Not(Standing::Unreadable, e.message(lang)),
    }
}

/// Reads every practice book in `dir` (see [`class_books`]) and checks its
/// tasks. The class's scenario is the one most books were built from (the
/// first book's, on a tie); a book of another scenario is a row saying so.
pub fn check_class(dir: &Path, lang: Lang) -> Result<ClassSheet, ClassError> {
    let files = class_books(dir)?;
    if files.is_empty() {
        return Err(ClassError::Empty(dir.to_path_buf()));
    }
    let read: Vec<(PathBuf, Read)> = files
        .into_iter()
        .map(|p| {
            let r = read_book(&p, lang);
            (p, r)
        })
        .collect();
    // The scenario of the class: the most common, the first on a tie.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (_, r) in &read {
        if let Read::Sheet(s) = r {
            match counts.iter_mut().find(|(n, _)| *n == s.scenario.as_str()) {
                Some((_, c)) => *c += 1,
                None => counts.push((s.scenario.clone(), 1)),
            }
        }
    }
    let mut scenario: Option<String> = None;
    let mut best = 0;
    for (n, c) in counts {
        if c > best {
            best = c;
            scenario = Some(n);
        }
    }
    let scenario = scenario.as_deref();
    let mut tasks: Vec<ClassTask> = read
        .iter()
        .find_map(|(_, r)| match r {
            Read::Sheet(s) if Some(s.scenario.as_str()) == scenario => Some(s),
            _ => None,
        })
        .map(|s| {
            s.exercises
                .iter()
                .enumerate()
                .map(|(i, e)| ClassTask {
                    number: i + 1,
                    task: e.task.clone(),
                    done: 0,
                    wrong: 0,
                    not_yet: 0,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut students = Vec::with_capacity(read.len());
    for (path, r) in read {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let student = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone());
        let mut row = StudentRow {
            student,
            file,
            status: Standing::Checked,
            verdicts: Vec::new(),
            done: 0,
            wrong: 0,
            not_yet: 0,
            reason: None,
        };
        match r {
            Read::Sheet(s) if Some(s.scenario.as_str()) == scenario => {
                for (i, e) in s.exercises.iter().enumerate() {
                    row.verdicts.push(e.verdict);
                    let (mine, task) = match e.verdict {
                        Verdict::Done => (&mut row.done, tasks.get_mut(i).map(|t| &mut t.done)),
                        Verdict::Wrong => (&mut row.wrong, tasks.get_mut(i).map(|t| &mut t.wrong)),
                        Verdict::NotYet => {
                            (&mut row.not_yet, tasks.get_mut(i).map(|t| &mut t.not_yet))
                        }
                    };
                    *mine += 1;
                    if let Some(t) = task {
                        *t += 1;
                    }
                }
            }
            Read::Sheet(s) => {
                row.status = Standing::OtherScenario;
                row.reason = Some(Msg::TrClassOtherScenarioWhy.fill(
                    lang,
                    &[
                        ("found", &s.scenario),
                        ("class", &scenario.unwrap_or_default()),
                    ],
                ));
            }
            Read::Not(status, reason) => {
                row.status = status;
                row.reason = Some(reason);
            }
        }
        students.push(row);
    }
    Ok(ClassSheet {
        folder: dir.display().to_string(),
        scenario: scenario.map(str::to_string),
        tasks,
        students,
    })
}
