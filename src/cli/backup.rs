//! `ayni backup [-o FILE]`, `ayni backup list`, `ayni backup keep [N]` and
//! `ayni restore FILE`.
//!
//! Copies are made by `Book::backup_to` / `Book::auto_backup` and restored by
//! `books::backup::restore`, which checks the copy with the same checks as
//! `ayni check` before anything is replaced and keeps the replaced book aside.

use crate::i18n::Msg;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::output::{Format, check_target, print, println};
use super::{CliError, Ctx};
use crate::books::StoreError;
use crate::books::backup::{backup_dir, restore as restore_book};
use crate::books::{Book, BookError};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// Where to write the copy: a file, or a folder (e.g. a USB drive)
    /// [default: the book's backup folder, with the automatic copies]
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write a copy for a trainer or a developer: names, identification
    /// numbers, phones, birth dates and communities replaced, every figure
    /// kept (needs -o FILE)
    #[arg(long)]
    pub redact: bool,
    #[command(subcommand)]
    pub cmd: Option<BackupCmd>,
}

#[derive(Subcommand, Debug)]
pub enum BackupCmd {
    /// List the copies in the book's backup folder, oldest first
    List {
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// How many automatic copies the book keeps (shows it when N is not given)
    Keep {
        /// 1 to 1000
        n: Option<u32>,
    },
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup to restore (an .ayni copy)
    pub file: PathBuf,
    /// Restore without asking, even if the copy has fewer entries than the book
    #[arg(long)]
    pub yes: bool,
}

pub fn run(ctx: &Ctx, a: BackupArgs) -> Result<(), CliError> {
    if a.output.as_deref().is_some_and(crate::files::is_stdout) {
        return Err(CliError::BackupNeedsFile);
    }
    match a.cmd {
        None if a.redact => redacted(ctx, a.output.as_deref()),
        None => backup(ctx, a.output.as_deref()),
        Some(BackupCmd::List { format }) => list(ctx, format),
        Some(BackupCmd::Keep { n }) => keep(ctx, n),
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// The copy's file name when `-o` names a folder: `<book>-copia-<time>.ayni`.
fn name_in_folder(book: &Book) -> String {
    let stem = book
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "libro".into());
    format!(
        "{stem}-copia-{}.ayni",
        book.clock().now().format("%Y%m%d-%H%M%S")
    )
}

fn backup(ctx: &Ctx, out: Option<&Path>) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let path = match out {
        None => book.auto_backup("manual")?,
        Some(p) => {
            let dest = if p.is_dir() {
                p.join(name_in_folder(&book))
            } else {
                p.to_path_buf()
            };
            // An existing file is never overwritten (`backup_to` refuses it).
            if !dest.exists() {
                check_target(&dest, book.path(), ctx.lang)?;
            }
            book.backup_to(&dest)?
        }
    };
    // The copy is opened and checked like `ayni check` does.
    let (entries, members, problem) = {
        let copy = Book::open_read_only(&path)?;
        let report = copy.check()?;
        let problem = report
            .first_problem()
            .map(|p| format!("{}: {}", p.title(ctx.lang), p.detail(ctx.lang)));
        (report.entries, report.members, problem)
    };
    let mut text = Msg::CliBackupSaved.fill(
        ctx.lang,
        &[
            ("entries", &entries),
            ("members", &members),
            ("path", &path.display()),
            ("size", &size(file_size(&path))),
        ],
    );
    match problem {
        None => text.push_str(Msg::CliRedactedCopyChecks.t(ctx.lang)),
        Some(p) => text.push_str(&Msg::CliBackupBookFailsCheck.fill(ctx.lang, &[("problem", &p)])),
    }
    if out.is_none() {
        let keep = book.backups_to_keep()?;
        text.push_str(&Msg::CliBackupKeptWithAutomatic.fill(ctx.lang, &[("keep", &keep)]));
    }
    print(&text)
}

/// `ayni backup --redact -o FILE`: a copy without personal data (see
/// `books::redact`), checked like any copy. The book is only read.
fn redacted(ctx: &Ctx, out: Option<&Path>) -> Result<(), CliError> {
    let Some(p) = out else {
        return Err(CliError::RedactNeedsOutput);
    };
    let book = ctx.open_ro()?;
    let dest = if p.is_dir() {
        let stem = book
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "libro".into());
        p.join(format!(
            "{stem}-anonimizada-{}.ayni",
            book.clock().now().format("%Y%m%d-%H%M%S")
        ))
    } else {
        p.to_path_buf()
    };
    // Never over the book, another book or any file (`redacted_copy` refuses it).
    check_target(&dest, book.path(), ctx.lang)?;
    let summary = book.redacted_copy(&dest)?;
    let path = summary.path.clone();
    let problem = {
        let copy = Book::open_read_only(&path)?;
        let report = copy.check()?;
        report
            .first_problem()
            .map(|p| format!("{}: {}", p.title(ctx.lang), p.detail(ctx.lang)))
    };
    let mut text = Msg::CliRedactedCopySaved.fill(
        ctx.lang,
        &[
            ("entries", &summary.entries),
            ("entries_rewritten", &summary.entries_rewritten),
            ("members", &summary.members),
            ("path", &path.display()),
            ("records_rewritten", &summary.records_rewritten),
            ("size", &size(file_size(&path))),
        ],
    );
    match problem {
        None => text.push_str(Msg::CliRedactedCopyChecks.t(ctx.lang)),
        Some(p) => {
            text.push_str(&Msg::CliRedactedCopyFailsCheck.fill(ctx.lang, &[("problem", &p)]))
        }
    }
    text.push_str(Msg::CliRedactedFreeTextWarning.t(ctx.lang));
    print(&text)
}

/// "0007-20260320-091500-diaria.ayni" (or, from earlier versions,
/// "20260320-091500-diaria.ayni") -> ("2026-03-20 09:15:00", "diaria").
fn parse_name(p: &Path) -> (Option<String>, String) {
    let (_, stamp, reason) = crate::books::backup::parse_backup_name(p);
    (
        stamp.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        reason,
    )
}

fn reason_label(ctx: &Ctx, reason: &str) -> String {
    // Copies numbered within the same second end in "-2", "-3"...
    let base = reason
        .rsplit_once('-')
        .filter(|(_, n)| n.parse::<u32>().is_ok())
        .map(|(b, _)| b)
        .unwrap_or(reason);
    match base {
        "diaria" => Msg::CliBackupReasonDaily.t(ctx.lang),
        "antes-del-cierre" => Msg::CliBackupReasonClose.t(ctx.lang),
        "manual" => Msg::CliBackupReasonManual.t(ctx.lang),
        other => other,
    }
    .to_string()
}

fn list(ctx: &Ctx, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let dir = backup_dir(book.path());
    let keep = book.backups_to_keep()?;
    let files = book.list_backups();
    match format {
        Format::Json => {
            let items: Vec<_> = files
                .iter()
                .map(|p| {
                    let (when, reason) = parse_name(p);
                    json!({
                        "file": p.display().to_string(),
                        "taken": when,
                        "reason": reason,
                        "bytes": file_size(p),
                    })
                })
                .collect();
            let v = json!({
                "folder": dir.display().to_string(),
                "keep": keep,
                "backups": items,
            });
            print(&crate::report::render::to_json(&v))
        }
        _ => {
            let mut text =
                Msg::CliBackupListHead.fill(ctx.lang, &[("dir", &dir.display()), ("keep", &keep)]);
            if files.is_empty() {
                text.push_str(Msg::CliNoBackupsYet.t(ctx.lang));
                return print(&text);
            }
            use crate::report::table::{Column, Table};
            let mut t = Table::new(vec![
                Column::left(Msg::CliBackupTaken.t(ctx.lang), 19),
                Column::left(Msg::CliBackupReason.t(ctx.lang), 34),
                Column::right(Msg::CliBackupSize.t(ctx.lang)),
                Column::left(Msg::CliBackupFile.t(ctx.lang), 60),
            ]);
            for p in &files {
                let (when, reason) = parse_name(p);
                t.row(&[
                    when.unwrap_or_default(),
                    reason_label(ctx, &reason),
                    size(file_size(p)),
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ]);
            }
            text.push_str(&t.render());
            text.push_str(Msg::CliRestoreHint.t(ctx.lang));
            print(&text)
        }
    }
}

fn keep(ctx: &Ctx, n: Option<u32>) -> Result<(), CliError> {
    let Some(n) = n else {
        let book = ctx.open_ro()?;
        let keep = book.backups_to_keep()?;
        return println(&Msg::CliBackupKeepShown.fill(ctx.lang, &[("keep", &keep)]));
    };
    if !(1..=1000).contains(&n) {
        return Err(CliError::KeepRange(n));
    }
    let mut book = ctx.open_rw()?;
    book.set_backups_to_keep(n)?;
    println(&Msg::CliBackupKeepSet.fill(ctx.lang, &[("n", &n)]))
}

/// A copy older than the book: says how many entries would be lost and asks
/// to go on (at a terminal), or refuses and names `--yes`.
fn confirm_loss(ctx: &Ctx, n: u64, last: chrono::NaiveDate) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let date = crate::domain::date::format_date(last, ctx.lang);
    let loss = if n == 1 {
        Msg::CliCopyLosesOne
    } else {
        Msg::CliCopyLosesMany
    }
    .fill(ctx.lang, &[("n", &n), ("date", &date)]);
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let mut question = loss.clone();
        if let Some(first) = question.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        super::output::eprintln(&Msg::CliRestoreConfirm.fill(ctx.lang, &[("question", &question)]));
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        let a = answer.trim().to_lowercase();
        if ["s", "si", "sí", "y", "yes"].contains(&a.as_str()) {
            return Ok(());
        }
        return Err(CliError::Restore(
            Msg::CliRestoreDeclined.t(ctx.lang).to_string(),
        ));
    }
    Err(CliError::Restore(
        Msg::CliRestoreNeedsYes.fill(ctx.lang, &[("loss", &loss)]),
    ))
}

pub fn restore(ctx: &Ctx, a: RestoreArgs) -> Result<(), CliError> {
    let file = &a.file;
    super::error::input_file(file, ctx.lang)?;
    let book = ctx.book_path(true)?;
    if let Some((n, last)) = crate::books::backup::entries_lost(file, &book)
        && !a.yes
    {
        confirm_loss(ctx, n, last)?;
    }
    let aside = match restore_book(file, &book) {
        Ok(a) => a,
        // Another program has the book open: its own message says so.
        Err(e @ BookError::Store(StoreError::Locked(_))) => return Err(e.into()),
        Err(e @ BookError::Backup(_)) => return Err(e.into()),
        // What is at the book's path is not a file: its own message says so.
        Err(e @ BookError::Store(StoreError::NotAFile(_))) => return Err(e.into()),
        Err(e) => {
            return Err(CliError::Restore(Msg::CliNotABook.fill(
                ctx.lang,
                &[("file", &file.display()), ("message", &e.message(ctx.lang))],
            )));
        }
    };
    let restored = Book::open_read_only(&book)?;
    let entries = restored.entry_count(None)?;
    let members = restored.members()?.len();
    let name = restored.settings()?.name;
    let mut text = Msg::CliBookRestored.fill(
        ctx.lang,
        &[
            ("book", &book.display()),
            ("entries", &entries),
            ("file", &file.display()),
            ("members", &members),
            ("name", &name),
        ],
    );
    if let Some(p) = aside {
        text.push_str(&Msg::CliReplacedBookKept.fill(ctx.lang, &[("path", &p.display())]));
    }
    print(&text)
}
