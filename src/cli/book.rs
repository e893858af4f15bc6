//! `ayni init`, `ayni demo`, and `ayni` alone (the TUI).

use crate::i18n::Msg;
use std::path::{Path, PathBuf};

use super::output::{Format, println};
use super::{CliError, Ctx};
use crate::books::practice_book::{Aside, aside_path, move_aside};
use crate::books::{Book, BookError, Clock, StoreError};
use crate::domain::period::Month;
use crate::domain::settings::{AssocKind, Settings};
use crate::training::exercises::{CheckExercises, ExerciseSheet};
use crate::training::recipe::Recipe;
use crate::training::scenarios;
use crate::training::{SCENARIOS, ScenarioError, TrainingError, find_scenario};
use chrono::NaiveTime;

/// `ayni init --name NAME [--ruc RUC] [--kind asociacion|caja|cooperativa]`
pub fn init(ctx: &Ctx, name: &str, ruc: Option<&str>, kind: &str) -> Result<(), CliError> {
    let kind = AssocKind::parse(kind).ok_or_else(|| CliError::Kind(kind.to_string()))?;
    let settings = Settings::new(name, ruc, kind)?;
    let path = ctx.book_path(true)?;
    let book = Book::create(&path, settings)?;
    let s = book.settings()?;
    let mut text = Msg::CliBookCreatedAt.fill(ctx.lang, &[("path", &path.display())]);
    text.push_str(&format!(
        "  {}: {} · {}",
        Msg::CliInfoAssociation.t(ctx.lang),
        s.name,
        s.kind.label(ctx.lang)
    ));
    if let Some(r) = &s.ruc {
        text.push_str(&format!(" · RUC {r}"));
    }
    text.push('\n');
    text.push_str(Msg::CliBookCreatedNext.t(ctx.lang));
    println(&text)
}

/// Number of months from `from` to `to`, both included (0 when `to` is before `from`).
fn months_between(from: Month, to: Month) -> u32 {
    let (a, b) = (
        from.year() * 12 + from.month() as i32,
        to.year() * 12 + to.month() as i32,
    );
    if b < a { 0 } else { (b - a + 1) as u32 }
}

/// Whether an error opening a book means the file cannot be read as one
/// (damaged or cut short; a file that is not a book at all is refused): a practice book in that state
/// is rebuilt, the file kept aside.
fn is_damage(e: &BookError) -> bool {
    matches!(e, BookError::Store(StoreError::Damaged(..)))
}

/// `--date YYYY-MM-DD`: the clock fixed at 10:00 that day.
fn date_clock(date: Option<&str>) -> Result<Option<Clock>, CliError> {
    let Some(d) = date else {
        return Ok(None);
    };
    let day = super::dues::parse_date("--date", d)?;
    let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN);
    Ok(Some(Clock::Fixed(day.and_time(ten))))
}

/// A stamp for a name kept aside: `YYYYMMDD-HHMM`, local time.
fn aside_stamp() -> String {
    crate::clock::now().format("%Y%m%d-%H%M").to_string()
}

/// `ayni demo [--members N] [--months M] [--seed S] [--force] [--open] [--date D]`
pub fn demo(
    ctx: &Ctx,
    members: usize,
    months: u32,
    seed: u64,
    force: bool,
    open: bool,
    date: Option<&str>,
) -> Result<(), CliError> {
    if !(1..=2000).contains(&members) || !(1..=120).contains(&months) {
        return Err(CliError::DemoRange);
    }
    let clock = date_clock(date)?;
    let (path, damaged) = practice_book_path(ctx, force)?;
    let (book, aside) = over_damaged(&path, damaged, || {
        create_demo(&path, members, months, seed, force, clock)
    })?;
    summary(ctx, &book, &path)?;
    kept_notes(ctx, &book, aside.as_deref(), true)?;
    if open {
        // The book is closed before the interface opens it again.
        drop(book);
        return run_ui(ctx, path);
    }
    Ok(())
}

/// Where a practice book is to be written, and whether what is there now
/// cannot be opened (with `--force`, it is moved aside, never deleted). An
/// existing file is refused without `--force`; with it, only ever a practice
/// book is replaced: a real book or a book open elsewhere is refused (and
/// left untouched).
fn practice_book_path(ctx: &Ctx, force: bool) -> Result<(PathBuf, bool), CliError> {
    let path = ctx.book_path(true)?;
    if path.exists() {
        if !force {
            return Err(CliError::DemoExists(path));
        }
        match Book::open_read_only(&path) {
            Ok(b) if b.settings()?.practice => {}
            Ok(_) => return Err(CliError::DemoNotPractice(path)),
            Err(e) if is_damage(&e) => return Ok((path, true)),
            Err(e) => return Err(e.into()),
        }
    }
    Ok((path, false))
}

/// Runs `build` at `path`; when what is there cannot be opened (`damaged`),
/// it is first moved aside (never deleted), and put back if the build fails.
/// Returns what `build` gave and where the damaged file went.
fn over_damaged<T>(
    path: &Path,
    damaged: bool,
    build: impl FnOnce() -> Result<T, CliError>,
) -> Result<(T, Option<PathBuf>), CliError> {
    if !damaged {
        return Ok((build()?, None));
    }
    let aside = aside_path(path, Aside::Damaged, &aside_stamp());
    move_aside(path, &aside)?;
    match build() {
        Ok(v) => Ok((v, Some(aside))),
        Err(e) => {
            if !path.exists() {
                let _ = std::fs::rename(&aside, path);
            }
            Err(e)
        }
    }
}

/// What is said after a build: where a damaged file or the work done went,
/// and the date a book was built for.
fn kept_notes(ctx: &Ctx, book: &Book, aside: Option<&Path>, damaged: bool) -> Result<(), CliError> {
    let mut text = String::new();
    if let Some(a) = aside {
        let msg = if damaged {
            Msg::CliDamagedKeptAs
        } else {
            Msg::CliWorkKeptAs
        };
        text.push_str(&msg.fill(ctx.lang, &[("path", &a.display())]));
    }
    if let Some(at) = book.practice_date()? {
        let date = crate::domain::date::format_date(at.date(), ctx.lang);
        text.push_str(&Msg::CliBuiltForDate.fill(ctx.lang, &[("date", &date)]));
    }
    if text.is_empty() {
        return Ok(());
    }
    super::output::print(&text)
}

fn create_demo(
    path: &Path,
    members: usize,
    months: u32,
    seed: u64,
    force: bool,
    clock: Option<Clock>,
) -> Result<Book, CliError> {
    // The practice book: every module (dues, savings, the fund, loans, closes)
    // exercised through the operations a treasurer uses.
    let opts = crate::training::practice::DemoOptions {
        members,
        months,
        seed,
        force,
    };
    let clock = clock.unwrap_or(Clock::System);
    Ok(crate::training::practice::create_demo_with_clock(path, &opts, clock)?.0)
}

fn summary(ctx: &Ctx, book: &Book, path: &Path) -> Result<(), CliError> {
    let s = book.settings()?;
    let members = book.members()?;
    let active = members.iter().filter(|m| m.status.is_active()).count();
    let entries = book.entry_count(None)?;
    let first = book.entry(1)?.map(|e| Month::of(e.date));
    let closed = book.closed_through()?;
    let current = book.current_month()?;
    let mut text = Msg::CliPracticeBookCreatedAt.fill(ctx.lang, &[("path", &path.display())]);
    text.push_str(&format!(
        "  {}: {}\n",
        Msg::CliInfoAssociation.t(ctx.lang),
        s.name
    ));
    if let Some(r) = &s.ruc {
        text.push_str(&format!("  RUC: {r}\n"));
    }
    text.push_str(&format!(
        "  {}: {} ({}: {active})\n",
        Msg::Members.t(ctx.lang),
        members.len(),
        Msg::CliActiveMembersWord.t(ctx.lang)
    ));
    text.push_str(&format!(
        "  {}: {entries}\n",
        Msg::CliInfoEntries.t(ctx.lang)
    ));
    let history = first.map(|f| months_between(f, current)).unwrap_or(0);
    let closed_count = match (first, closed) {
        (Some(f), Some(c)) => months_between(f, c),
        _ => 0,
    };
    text.push_str(&format!(
        "  {}: {history} ({}: {closed_count}{})\n",
        Msg::CliInfoMonthsOfHistory.t(ctx.lang),
        Msg::CliInfoClosed.t(ctx.lang),
        closed
            .map(|c| format!(", {} {}", Msg::CliInfoThrough.t(ctx.lang), c.name(ctx.lang)))
            .unwrap_or_default()
    ));
    text.push_str(&format!(
        "  {}: {}\n",
        Msg::CliInfoOpenMonth.t(ctx.lang),
        current.name(ctx.lang)
    ));
    let open_cmd = if ctx.book.is_some() {
        let p = path.display().to_string();
        if p.contains(char::is_whitespace) {
            format!("ayni --book \"{p}\"")
        } else {
            format!("ayni --book {p}")
        }
    } else {
        "ayni".to_string()
    };
    text.push_str(&Msg::CliOpenBookWith.fill(ctx.lang, &[("open_cmd", &open_cmd)]));
    println(&text)
}

/// `ayni demo --list-scenarios`: one scenario a line, its name then what it is about.
pub fn list_scenarios(ctx: &Ctx) -> Result<(), CliError> {
    let width = SCENARIOS.iter().map(|s| s.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for s in SCENARIOS {
        text.push_str(&format!(
            "{:<width$}  {}\n",
            s.name,
            s.description(ctx.lang)
        ));
    }
    println(&text)
}

/// `ayni demo --scenario NAME [--force] [--open] [--date D]`
pub fn scenario(
    ctx: &Ctx,
    name: &str,
    force: bool,
    open: bool,
    date: Option<&str>,
) -> Result<(), CliError> {
    // An unknown name is refused before any file is looked at.
    let sc = find_scenario(name)
        .ok_or_else(|| TrainingError::from(ScenarioError::Unknown(name.trim().to_string())))?;
    let clock = date_clock(date)?.unwrap_or(Clock::System);
    let (path, damaged) = practice_book_path(ctx, force)?;
    let ((book, _), aside) = over_damaged(&path, damaged, || {
        Ok(scenarios::create_scenario_in(
            &path,
            sc.name,
            force,
            clock,
            ctx.config_dir.as_deref(),
        )?)
    })?;
    built(ctx, book, path, aside.as_deref(), open)
}

/// What a scenario just built says: the book, what was kept aside, its
/// exercises; then the interface on it when asked.
fn built(
    ctx: &Ctx,
    book: Book,
    path: PathBuf,
    aside: Option<&Path>,
    open: bool,
) -> Result<(), CliError> {
    summary(ctx, &book, &path)?;
    kept_notes(ctx, &book, aside, true)?;
    if let Some(sheet) = book.exercises(ctx.lang)? {
        println(&format!("\n{}", sheet_text(ctx, &sheet)))?;
    }
    if open {
        drop(book);
        return run_ui(ctx, path);
    }
    Ok(())
}

/// The largest scenario file read (a scenario is a few kilobytes).
const MAX_SCENARIO_FILE: u64 = 1 << 20;

/// `ayni demo --scenario-file FILE [--force] [--open]`: a trainer's own
/// scenario. A file with problems is refused by line (exit code 2) before
/// any book is looked at; an operation the books refuse leaves nothing written.
pub fn scenario_from_file(
    ctx: &Ctx,
    file: &std::path::Path,
    force: bool,
    open: bool,
) -> Result<(), CliError> {
    let meta = super::error::input_file(file, ctx.lang)?;
    if meta.len() > MAX_SCENARIO_FILE {
        return Err(CliError::InputTooLarge(file.to_path_buf()));
    }
    let text = std::fs::read_to_string(file).map_err(|e| CliError::ReadInput {
        path: file.to_path_buf(),
        detail: super::error::io_detail(&e, ctx.lang),
    })?;
    let scenario = scenarios::read_file(&text).map_err(CliError::ScenarioFile)?;
    let (path, damaged) = practice_book_path(ctx, force)?;
    let ((book, _), aside) = over_damaged(&path, damaged, || {
        scenarios::create_from_file(&path, &scenario, force, Clock::System).map_err(|e| match e {
            e @ TrainingError::Operation { .. } => CliError::ScenarioFile(e),
            e => CliError::Training(e),
        })
    })?;
    built(ctx, book, path, aside.as_deref(), open)
}

/// The exercises as text: each task with ✓ (done), ✗ (wrong) or · (not yet), and the words.
pub fn sheet_text(ctx: &Ctx, sheet: &ExerciseSheet) -> String {
    let mut text = format!(
        "{} {} — {}\n",
        Msg::CliInfoExercises.t(ctx.lang),
        sheet.scenario,
        sheet.description
    );
    for (i, e) in sheet.exercises.iter().enumerate() {
        text.push_str(&format!("{} {}. {}\n", e.verdict.mark(), i + 1, e.task));
        text.push_str(&format!("     {}\n", e.words));
    }
    text.push_str(&Msg::CliExercisesDone.fill(
        ctx.lang,
        &[("done", &sheet.done()), ("total", &sheet.exercises.len())],
    ));
    text
}

/// `ayni exercises --worksheet [--answers]`: the printable worksheet.
pub fn worksheet(
    ctx: &Ctx,
    answers: bool,
    format: Format,
    out: Option<&std::path::Path>,
) -> Result<(), CliError> {
    let path = ctx.book_path(false)?;
    let book = ctx.open_ro()?;
    super::worksheet::run(&book, &path, answers, format, out, ctx.lang)
}

/// `ayni exercises` (`ayni ejercicios`): the tasks checked against the book now.
pub fn exercises(ctx: &Ctx, format: Format) -> Result<(), CliError> {
    let path = ctx.book_path(false)?;
    let book = ctx.open_ro()?;
    let sheet = book
        .exercises(ctx.lang)?
        .ok_or(CliError::NoExercises(path))?;
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "scenario": sheet.scenario,
                "description": sheet.description,
                "done": sheet.done(),
                "total": sheet.exercises.len(),
                "exercises": sheet.exercises,
            });
            println(&serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        Format::Csv => {
            let mut text = String::from("number,task,verdict,words\n");
            for (i, e) in sheet.exercises.iter().enumerate() {
                let v = serde_json::to_value(e.verdict).unwrap_or_default();
                let field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                text.push_str(&format!(
                    "{},{},{},{}\n",
                    i + 1,
                    field(&e.task),
                    v.as_str().unwrap_or(""),
                    field(&e.words)
                ));
            }
            println(&text)
        }
        _ => println(&sheet_text(ctx, &sheet)),
    }
}

/// `ayni reset [--yes] [--scenario NAME] [--date D]`: rebuilds the practice
/// book at --book from its recipe (or as the scenario named), for the date
/// it was built for (or `--date`, else today). The work done is kept aside
/// (`<name>.antes-<time>.ayni`), a book that cannot be opened too
/// (`<name>.danado-<time>.ayni`); nothing is deleted. Asks first at a
/// terminal; elsewhere it needs `--yes`.
pub fn reset(
    ctx: &Ctx,
    yes: bool,
    scenario: Option<&str>,
    date: Option<&str>,
) -> Result<(), CliError> {
    let path = ctx.book_path(false)?;
    let scenario = match scenario {
        Some(n) => Some(
            find_scenario(n)
                .ok_or_else(|| TrainingError::from(ScenarioError::Unknown(n.trim().to_string())))?
                .name,
        ),
        None => None,
    };
    let clock = date_clock(date)?;
    // A real book is refused here, before anything else happens to it.
    let (damaged, kept) = match Book::open_read_only(&path) {
        Ok(b) => {
            if !b.settings()?.practice {
                return Err(CliError::ResetNotPractice(path));
            }
            (false, b.practice_date()?)
        }
        Err(e) if is_damage(&e) => {
            if scenario.is_none() {
                return Err(CliError::Reset(Msg::ErrCliResetDamagedNeedsScenario.fill(
                    ctx.lang,
                    &[("path", &path.display()), ("detail", &e.message(ctx.lang))],
                )));
            }
            (true, None)
        }
        Err(e) => return Err(e.into()),
    };
    let clock = clock.or(kept.map(Clock::Fixed)).unwrap_or(Clock::System);
    let what = if damaged {
        Aside::Damaged
    } else {
        Aside::Before
    };
    let aside = aside_path(&path, what, &aside_stamp());
    if !yes {
        confirm_reset(ctx, &path, &aside)?;
    }
    let (book, recipe) = if damaged {
        let name = scenario.unwrap_or_default();
        over_damaged(&path, true, || {
            Ok(scenarios::create_scenario(&path, name, false, clock)?)
        })?
        .0
    } else {
        scenarios::reset_keeping(&path, clock, &aside, scenario)?
    };
    let what = match &recipe {
        Recipe::Demo {
            members,
            months,
            seed,
        } => Msg::CliRecipeDemo.fill(
            ctx.lang,
            &[("members", members), ("months", months), ("seed", seed)],
        ),
        r => Msg::CliRecipeScenario.fill(ctx.lang, &[("name", &r.scenario().unwrap_or(""))]),
    };
    println(&Msg::CliPracticeBookRebuilt.fill(ctx.lang, &[("what", &what)]))?;
    kept_notes(ctx, &book, Some(&aside), damaged)?;
    summary(ctx, &book, &path)?;
    if let Some(sheet) = book.exercises(ctx.lang)? {
        println(&format!("\n{}", sheet_text(ctx, &sheet)))?;
    }
    Ok(())
}

/// Asks at a terminal whether to rebuild (saying where the work will be
/// kept); without one, refuses and names `--yes`.
fn confirm_reset(ctx: &Ctx, path: &Path, aside: &Path) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let name = aside
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let question = Msg::CliResetConfirm.fill(ctx.lang, &[("aside", &name)]);
        {
            use std::io::Write;
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(question.as_bytes());
            let _ = err.flush();
        }
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        let a = answer.trim().to_lowercase();
        if ["s", "si", "sí", "y", "yes"].contains(&a.as_str()) {
            return Ok(());
        }
        return Err(CliError::Reset(
            Msg::CliResetDeclined.t(ctx.lang).to_string(),
        ));
    }
    Err(CliError::Reset(Msg::CliResetNeedsYes.fill(
        ctx.lang,
        &[("path", &path.display()), ("aside", &name)],
    )))
}

/// `ayni` with no command: the interactive program.
pub fn tui(ctx: &Ctx) -> Result<(), CliError> {
    let book = ctx.book_path(true)?;
    run_ui(ctx, book)
}

fn run_ui(ctx: &Ctx, book: std::path::PathBuf) -> Result<(), CliError> {
    let opts = crate::ui::Options {
        book,
        lang: ctx.lang,
        theme: ctx
            .theme
            .clone()
            .unwrap_or_else(|| crate::ui::theme::DEFAULT_THEME.to_string()),
        config_dir: ctx.config_dir.clone(),
        teach: ctx.teach,
        layout: ctx.layout.unwrap_or_default(),
        ascii: ctx.ascii,
    };
    let result = crate::ui::run(opts);
    // The interface chains and then removes its own panic hook; ours goes back.
    super::install_panic_hook();
    result.map_err(|e| CliError::Ui(e.message(ctx.lang)))
}
