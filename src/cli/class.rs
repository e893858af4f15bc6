//! `ayni exercises --class DIR`: every practice book of a folder checked at
//! once, as students × tasks (✓ done, ✗ wrong, · not yet) with totals per
//! student and per task, in 80 columns: the tasks are numbered columns and
//! their texts follow as a legend.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::output::{Format, println};
use super::{CliError, Ctx};
use crate::i18n::{Lang, Msg};
use crate::training::class::{ClassSheet, Standing, check_class};
use crate::training::exercises::Verdict;

/// The width the table keeps within.
const WIDTH: usize = 80;

pub fn run(ctx: &Ctx, dir: &Path, format: Format) -> Result<(), CliError> {
    let sheet = check_class(dir, ctx.lang)?;
    match format {
        Format::Json => println(&serde_json::to_string_pretty(&sheet).unwrap_or_default()),
        Format::Csv => println(&csv(&sheet)),
        _ => println(&table(&sheet, ctx.lang)),
    }
}

fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Done => "done",
        Verdict::Wrong => "wrong",
        Verdict::NotYet => "not_yet",
    }
}

fn status_code(s: Standing) -> &'static str {
    match s {
        Standing::Checked => "checked",
        Standing::Open => "open",
        Standing::Unreadable => "unreadable",
        Standing::NoExercises => "no_exercises",
        Standing::OtherScenario => "other_scenario",
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row a student: `student,file,status,task_1..task_n,done,wrong,not_yet,reason`.
fn csv(sheet: &ClassSheet) -> String {
    let mut head = vec!["student".to_string(), "file".into(), "status".into()];
    head.extend(sheet.tasks.iter().map(|t| format!("task_{}", t.number)));
    head.extend(["done", "wrong", "not_yet", "reason"].map(String::from));
    let mut out = head.join(",");
    out.push('\n');
    for s in &sheet.students {
        let mut row = vec![
            csv_field(&s.student),
            csv_field(&s.file),
            status_code(s.status).to_string(),
        ];
        for i in 0..sheet.tasks.len() {
            row.push(
                s.verdicts
                    .get(i)
                    .map(|v| verdict_code(*v))
                    .unwrap_or("")
                    .to_string(),
            );
        }
        if s.status == Standing::Checked {
            row.extend([s.done, s.wrong, s.not_yet].map(|n| n.to_string()));
        } else {
            row.extend(["", "", ""].map(String::from));
        }
        row.push(csv_field(s.reason.as_deref().unwrap_or("")));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// `text` cut to `width` columns (with `…`), then padded to it.
fn cell(text: &str, width: usize) -> String {
    let mut out = String::new();
    if text.width() <= width {
        out.push_str(text);
    } else {
        let mut used = 0;
        for c in text.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
    }
    let pad = width.saturating_sub(out.width());
    out.push_str(&" ".repeat(pad));
    out
}

/// `text` wrapped at `width` columns, every line after the first indented by `indent`.
fn wrap(text: &str, first: &str, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.width() + 1 + word.width() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn table(sheet: &ClassSheet, lang: Lang) -> String {
    let n = sheet.tasks.len();
    let marks = [
        Verdict::Done.mark(),
        Verdict::Wrong.mark(),
        Verdict::NotYet.mark(),
    ];
    // Task columns 3 wide, or 2 when many tasks would not fit in 80 columns.
    let totals = 3 * 4;
    let col = if 16 + 3 * n + totals <= WIDTH { 3 } else { 2 };
    let longest = sheet
        .students
        .iter()
        .map(|s| s.student.width())
        .chain([
            Msg::CliClassStudent.t(lang).width(),
            Msg::CliClassPerTask.t(lang).width() + 2,
        ])
        .max()
        .unwrap_or(10);
    let name_w = longest
        .min(WIDTH.saturating_sub(col * n + totals + 1))
        .max(8);
    let mut out = Msg::CliClassHeading.fill(
        lang,
        &[
            ("folder", &sheet.folder),
            (
                "scenario",
                &sheet
                    .scenario
                    .as_deref()
                    .unwrap_or(Msg::CliClassNoScenario.t(lang)),
            ),
            ("students", &sheet.students.len()),
            ("tasks", &n),
        ],
    );
    out.push_str("\n\n");
    // The head: task numbers, then the totals' marks.
    let mut head = cell(Msg::CliClassStudent.t(lang), name_w);
    for t in &sheet.tasks {
        head.push_str(&format!("{:>col$}", t.number));
    }
    head.push_str("  ");
    for m in marks {
        head.push_str(&format!("{m:>4}"));
    }
    out.push_str(head.trim_end());
    out.push('\n');
    let mut notes = Vec::new();
    for s in &sheet.students {
        let mut line = cell(&s.student, name_w);
        if s.status == Standing::Checked {
            for i in 0..n {
                let m = s.verdicts.get(i).map(|v| v.mark()).unwrap_or(" ");
                line.push_str(&" ".repeat(col - 1));
                line.push_str(m);
            }
            line.push_str("  ");
            for k in [s.done, s.wrong, s.not_yet] {
                line.push_str(&format!("{k:>4}"));
            }
        } else {
            line.push_str("  ");
            line.push_str(&format!("({})", s.status.label(lang)));
            if let Some(r) = &s.reason {
                notes.push((s.student.clone(), r.clone()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    // Totals per task, one row a mark.
    if n > 0 {
        for (k, m) in marks.iter().enumerate() {
            let label = if k == 0 {
                Msg::CliClassPerTask.t(lang)
            } else {
                ""
            };
            let mut line = cell(&format!("{label} {m}"), name_w);
            if label.is_empty() {
                line = cell(
                    &format!(
                        "{}{m}",
                        " ".repeat(Msg::CliClassPerTask.t(lang).width() + 1)
                    ),
                    name_w,
                );
            }
            for t in &sheet.tasks {
                let v = [t.done, t.wrong, t.not_yet][k];
                line.push_str(&format!("{v:>col$}"));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(Msg::CliClassLegend.t(lang));
    out.push('\n');
    if n > 0 {
        out.push('\n');
        out.push_str(Msg::CliClassTasks.t(lang));
        out.push('\n');
        for t in &sheet.tasks {
            let first = format!("{:>2}. ", t.number);
            out.push_str(&wrap(&t.task, &first, first.width(), WIDTH));
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(Msg::CliClassNotes.t(lang));
        out.push('\n');
        for (who, why) in notes {
            let first = format!("{who}: ");
            out.push_str(&wrap(&why, &first, 4, WIDTH));
        }
    }
    out
}
