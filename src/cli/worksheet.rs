//! `ayni exercises --worksheet [--answers]`: a scenario's tasks as a sheet
//! to print and hand out (HTML or PDF, or text), and with `--answers` the
//! answer key: for each task the keys that do it and the entries a right
//! answer posts, found by doing every task on a scratch copy of the book
//! ([`crate::training::answer_key::answer_key`]); the book is only read.

use std::path::Path;

use super::error::CliError;
use crate::books::Book;
use crate::domain::date::format_date;
use crate::i18n::{Lang, Msg};
use crate::report::render::{
    Block, Cell, Column, Doc, Format, Letterhead, Page, Row, Table, render_doc,
};
use crate::training::answer_key::{AnswerTask, answer_key};
use crate::training::exercises::{CheckExercises, ExerciseSheet};

/// The worksheet of a practice book's scenario: the tasks to do, with room
/// to write each entry, and the answer key on pages of its own.
pub fn worksheet_doc(
    letterhead: Letterhead,
    sheet: &ExerciseSheet,
    answers: Option<&[AnswerTask]>,
    lang: Lang,
) -> Doc {
    let title = Msg::CliWorksheetTitle.fill(lang, &[("scenario", &sheet.scenario)]);
    let mut tasks = Vec::new();
    for (i, e) in sheet.exercises.iter().enumerate() {
        tasks.push(Block::Note(format!("{}. {}", i + 1, e.task)));
        // Room for the learner's entry: account, debit, credit.
        let mut room = Table::new(
            "entry",
            None,
            vec![
                Column::text(Msg::RepAccount.t(lang), 40),
                Column::amount(Msg::RepDebit.t(lang)),
                Column::amount(Msg::RepCredit.t(lang)),
            ],
            0,
        );
        for _ in 0..3 {
            room.push(Row::new(vec![Cell::Empty, Cell::Empty, Cell::Empty]));
        }
        tasks.push(Block::Table(room));
    }
    let mut pages = vec![Page {
        heading: Some(Msg::CliWorksheetTasks.t(lang).to_string()),
        key: Vec::new(),
        blocks: tasks,
    }];
    if let Some(answers) = answers {
        let mut blocks = Vec::new();
        for (i, a) in answers.iter().enumerate() {
            blocks.push(Block::Note(format!("{}. {}", i + 1, a.task)));
            blocks.push(Block::Note(
                Msg::CliWorksheetKeys.fill(lang, &[("keys", &a.keys)]),
            ));
            if a.entries.is_empty() {
                blocks.push(Block::Note(Msg::CliWorksheetNoEntry.t(lang).to_string()));
            }
            for e in &a.entries {
                let mut t = Table::new(
                    "answer",
                    Some(format!("{} · {}", format_date(e.date, lang), e.description)),
                    vec![
                        Column::text(Msg::RepAccount.t(lang), 8),
                        Column::text(Msg::RepColName.t(lang), 36),
                        Column::amount(Msg::RepDebit.t(lang)),
                        Column::amount(Msg::RepCredit.t(lang)),
                    ],
                    0,
                );
                for l in &e.lines {
                    let amount = |m: crate::domain::money::Money| {
                        if m.is_zero() {
                            Cell::Empty
                        } else {
                            Cell::Amount(m)
                        }
                    };
                    t.push(Row::new(vec![
                        Cell::text(&l.account),
                        Cell::text(&l.name),
                        amount(l.debit),
                        amount(l.credit),
                    ]));
                }
                blocks.push(Block::Table(t));
            }
        }
        pages.push(Page {
            heading: Some(Msg::CliWorksheetAnswers.t(lang).to_string()),
            key: Vec::new(),
            blocks,
        });
    }
    Doc {
        letterhead,
        title,
        period: sheet.description.clone(),
        page_key_headers: Vec::new(),
        pages,
        signatures: false,
    }
}

/// Writes the worksheet of the book at --book in `format`.
pub fn run(
    book: &Book,
    path: &Path,
    with_answers: bool,
    format: Format,
    out: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    super::statements::needs_output(format, out)?;
    let sheet = book
        .exercises(lang)?
        .ok_or_else(|| CliError::NoExercises(path.to_path_buf()))?;
    let answers = if with_answers {
        answer_key(book, lang)?
    } else {
        None
    };
    if format == Format::Json {
        let tasks: Vec<serde_json::Value> = sheet
            .exercises
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut v = serde_json::json!({ "number": i + 1, "task": e.task });
                if let Some(a) = answers.as_ref().and_then(|a| a.get(i)) {
                    v["keys"] = serde_json::json!(a.keys);
                    let entries: Vec<serde_json::Value> = a
                        .entries
                        .iter()
                        .map(|e| {
                            let lines: Vec<serde_json::Value> = e
                                .lines
                                .iter()
                                .map(|l| {
                                    serde_json::json!({
                                        "account": l.account,
                                        "name": l.name,
                                        "debit": l.debit.plain(),
                                        "credit": l.credit.plain(),
                                    })
                                })
                                .collect();
                            serde_json::json!({
                                "date": e.date.to_string(),
                                "description": e.description,
                                "lines": lines,
                            })
                        })
                        .collect();
                    v["entries"] = serde_json::json!(entries);
                }
                v
            })
            .collect();
        let v = serde_json::json!({
            "scenario": sheet.scenario,
            "description": sheet.description,
            "tasks": tasks,
        });
        return super::output::emit(
            &serde_json::to_string_pretty(&v).unwrap_or_default(),
            out,
            book.path(),
            lang,
        );
    }
    let doc = worksheet_doc(Letterhead::of(book)?, &sheet, answers.as_deref(), lang);
    let bytes = render_doc(&doc, format, lang)?;
    super::statements::deliver(&bytes, out, book.path(), lang)
}
