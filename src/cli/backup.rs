//! `ayni backup [-o FILE]`, `ayni backup list`, `ayni backup keep [N]` and
//! `ayni restore FILE`.
//!
//! Copies are made by `Book::backup_to` / `Book::auto_backup` and restored by
//! `books::backup::restore`, which checks the copy with the same checks as
//! `ayni check` before anything is replaced and keeps the replaced book aside.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;

use super::output::{ShortFormat, check_target, print, println};
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
        #[arg(long, value_enum, default_value_t)]
        format: ShortFormat,
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
    let mut text = if ctx.es() {
        format!(
            "Copia de seguridad guardada en {} ({} asientos, {} socios, {}).\n",
            path.display(),
            entries,
            members,
            size(file_size(&path))
        )
    } else {
        format!(
            "Backup saved to {} ({} entries, {} members, {}).\n",
            path.display(),
            entries,
            members,
            size(file_size(&path))
        )
    };
    match problem {
        None => text.push_str(ctx.t(
            "La copia se abrió y pasa todas las verificaciones.\n",
            "The copy was opened and passes every check.\n",
        )),
        Some(p) => text.push_str(&if ctx.es() {
            format!("Aviso: el libro (y por tanto la copia) no pasa una verificación: {p}.\n")
        } else {
            format!("Warning: the book (and so the copy) fails a check: {p}.\n")
        }),
    }
    if out.is_none() {
        let keep = book.backups_to_keep()?;
        text.push_str(&if ctx.es() {
            format!(
                "Está con las copias automáticas; se guardan las {keep} más recientes. Para una copia permanente use -o ARCHIVO (por ejemplo en una memoria USB).\n"
            )
        } else {
            format!(
                "It is with the automatic copies; the newest {keep} are kept. For a permanent copy use -o FILE (on a USB drive, for example).\n"
            )
        });
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
    let mut text = if ctx.es() {
        format!(
            "Copia anonimizada guardada en {} ({} asientos, {} socios, {}).\n\
             Nombres, números de identificación, teléfonos, fechas de nacimiento (queda el año) y comunidades fueron reemplazados; \
             {} asientos y {} registros más tenían nombres en su texto y se reescribieron. Las cifras son las mismas del libro.\n",
            path.display(),
            summary.entries,
            summary.members,
            size(file_size(&path)),
            summary.entries_rewritten,
            summary.records_rewritten
        )
    } else {
        format!(
            "Redacted copy saved to {} ({} entries, {} members, {}).\n\
             Names, identification numbers, phones, birth dates (the year stays) and communities were replaced; \
             {} entries and {} other records named someone in their text and were rewritten. The figures are the book's own.\n",
            path.display(),
            summary.entries,
            summary.members,
            size(file_size(&path)),
            summary.entries_rewritten,
            summary.records_rewritten
        )
    };
    match problem {
        None => text.push_str(ctx.t(
            "La copia se abrió y pasa todas las verificaciones.\n",
            "The copy was opened and passes every check.\n",
        )),
        Some(p) => text.push_str(&if ctx.es() {
            format!("Aviso: la copia no pasa una verificación: {p}.\n")
        } else {
            format!("Warning: the copy fails a check: {p}.\n")
        }),
    }
    text.push_str(ctx.t(
        "Texto libre que nombre a alguien que no está en el libro (un familiar, por ejemplo) no se reconoce: revise la copia antes de compartirla.\n",
        "Free text naming someone who is not in the book (a relative, say) is not recognised: look over the copy before sharing it.\n",
    ));
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
        "diaria" => ctx.t(
            "diaria (primer uso del día)",
            "daily (first use of the day)",
        ),
        "antes-del-cierre" => ctx.t("antes del cierre de mes", "before a month close"),
        "manual" => ctx.t("manual (ayni backup)", "manual (ayni backup)"),
        other => other,
    }
    .to_string()
}

fn list(ctx: &Ctx, format: ShortFormat) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let dir = backup_dir(book.path());
    let keep = book.backups_to_keep()?;
    let files = book.list_backups();
    match format {
        ShortFormat::Json => {
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
        ShortFormat::Table => {
            let mut text = if ctx.es() {
                format!(
                    "Copias de seguridad en {} (se guardan las {keep} más recientes):\n",
                    dir.display()
                )
            } else {
                format!(
                    "Backups in {} (the newest {keep} are kept):\n",
                    dir.display()
                )
            };
            if files.is_empty() {
                text.push_str(ctx.t(
                    "  Aún no hay copias. Haga una con «ayni backup».\n",
                    "  No copies yet. Make one with 'ayni backup'.\n",
                ));
                return print(&text);
            }
            use crate::report::table::{Column, Table};
            let mut t = Table::new(vec![
                Column::left(ctx.t("Fecha", "Taken"), 19),
                Column::left(ctx.t("Motivo", "Reason"), 34),
                Column::right(ctx.t("Tamaño", "Size")),
                Column::left(ctx.t("Archivo", "File"), 60),
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
            text.push_str(ctx.t(
                "Para volver a una copia: ayni restore ARCHIVO\n",
                "To go back to a copy: ayni restore FILE\n",
            ));
            print(&text)
        }
    }
}

fn keep(ctx: &Ctx, n: Option<u32>) -> Result<(), CliError> {
    let Some(n) = n else {
        let book = ctx.open_ro()?;
        let keep = book.backups_to_keep()?;
        return println(&if ctx.es() {
            format!(
                "El libro guarda las {keep} copias automáticas más recientes (cámbielo con «ayni backup keep N»)."
            )
        } else {
            format!(
                "The book keeps the newest {keep} automatic copies (change it with 'ayni backup keep N')."
            )
        });
    };
    if !(1..=1000).contains(&n) {
        return Err(CliError::KeepRange(n));
    }
    let mut book = ctx.open_rw()?;
    book.set_backups_to_keep(n)?;
    println(&if ctx.es() {
        format!(
            "Se guardarán las {n} copias automáticas más recientes; las más antiguas se borran en la próxima copia."
        )
    } else {
        format!(
            "The newest {n} automatic copies will be kept; older ones are removed at the next copy."
        )
    })
}

/// A copy older than the book: says how many entries would be lost and asks
/// to go on (at a terminal), or refuses and names `--yes`.
fn confirm_loss(ctx: &Ctx, n: u64, last: chrono::NaiveDate) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let date = crate::domain::date::format_date(last, ctx.lang);
    let loss = if ctx.es() {
        format!(
            "la copia tiene {n} asiento(s) menos que el libro (el último, del {date}): se perderán al restaurarla"
        )
    } else {
        format!(
            "the copy has {n} entr{} fewer than the book (the last one of {date}): they will be lost",
            if n == 1 { "y" } else { "ies" }
        )
    };
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let mut question = loss.clone();
        if let Some(first) = question.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        super::output::eprintln(&if ctx.es() {
            format!("{question}. ¿Restaurar igual? [s/N]")
        } else {
            format!("{question}. Restore anyway? [y/N]")
        });
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        let a = answer.trim().to_lowercase();
        if ["s", "si", "sí", "y", "yes"].contains(&a.as_str()) {
            return Ok(());
        }
        return Err(CliError::Restore(if ctx.es() {
            "el libro sigue como estaba.".into()
        } else {
            "the book is as it was.".into()
        }));
    }
    Err(CliError::Restore(if ctx.es() {
        format!("{loss}. Para restaurarla igual, repita con --yes.")
    } else {
        format!("{loss}. To restore it anyway, run it again with --yes.")
    }))
}

pub fn restore(ctx: &Ctx, a: RestoreArgs) -> Result<(), CliError> {
    let file = &a.file;
    let meta = std::fs::metadata(file).map_err(|e| CliError::ReadInput {
        path: file.clone(),
        detail: super::error::io_detail(&e, ctx.lang),
    })?;
    if !meta.is_file() {
        return Err(CliError::NotAFile(file.clone()));
    }
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
            return Err(CliError::Restore(if ctx.es() {
                format!(
                    "{} no se puede abrir como libro: {}",
                    file.display(),
                    e.message(ctx.lang)
                )
            } else {
                format!(
                    "{} cannot be opened as a book: {}",
                    file.display(),
                    e.message(ctx.lang)
                )
            }));
        }
    };
    let restored = Book::open_read_only(&book)?;
    let entries = restored.entry_count(None)?;
    let members = restored.members()?.len();
    let name = restored.settings()?.name;
    let mut text = if ctx.es() {
        format!(
            "Libro restaurado en {} desde {}: {name}, {entries} asientos, {members} socios; la copia pasó todas las verificaciones.\n",
            book.display(),
            file.display()
        )
    } else {
        format!(
            "Book restored at {} from {}: {name}, {entries} entries, {members} members; the copy passed every check.\n",
            book.display(),
            file.display()
        )
    };
    if let Some(p) = aside {
        text.push_str(&if ctx.es() {
            format!(
                "El libro reemplazado se guardó aparte en {}.\n",
                p.display()
            )
        } else {
            format!("The replaced book was kept aside at {}.\n", p.display())
        });
    }
    print(&text)
}
