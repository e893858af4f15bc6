//! `ayni report balance-sheet|income-statement|cash-book|member-statement`
//! and `ayni export seps-b11|seps-s01|balances-xlsx`.
//!
//! The statements are built by `crate::report::statements` and
//! `crate::report::member_statement` and written by `crate::report::render`;
//! the SEPS files by `crate::report::seps`. This module picks the month, the
//! format and the destination.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::dues::parse_month;
use super::output::{check_target, eprintln, print, println};
use super::{CliError, Ctx};
use crate::books::Book;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::report::registry::{self, Params};
use crate::report::render::Format as RFormat;
use crate::report::seps;

/// Options shared by the association's statements.
#[derive(Args, Debug)]
pub struct StatementArgs {
    /// YYYY-MM [default: the current open month]
    #[arg(long)]
    pub month: Option<String>,
    /// Show the previous month and the same month last year beside the month
    #[arg(long)]
    pub compare: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of the member statement.
#[derive(Args, Debug)]
pub struct MemberStatementArgs {
    /// Identification number, or #n (the member's number)
    pub member: Option<String>,
    /// Every member, one page each
    #[arg(long, conflicts_with = "member")]
    pub all: bool,
    /// First month, YYYY-MM [default: the last month of the range]
    #[arg(long)]
    pub from: Option<String>,
    /// Last month, YYYY-MM [default: the current open month]
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The statements, as `ayni report` subcommands.
#[derive(Subcommand, Debug)]
pub enum StatementCmd {
    /// Statement of financial position (estado de situación financiera / balance general)
    BalanceSheet(StatementArgs),
    /// Income statement (estado de resultados): the month and the year to date
    IncomeStatement(StatementArgs),
    /// Cash book (libro caja): the month's cash movements and running balance
    CashBook(StatementArgs),
    /// A member's statement (estado de cuenta) for a month or a range, or every member's
    MemberStatement(MemberStatementArgs),
    /// Financial indicators at the month's end: WOCCU PEARLS and the SEPS set,
    /// each with its formula, inputs, target and status
    Indicators(IndicatorArgs),
}

/// Options of the indicators.
#[derive(Args, Debug)]
pub struct IndicatorArgs {
    /// YYYY-MM [default: the current open month]
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of the SEPS files.
#[derive(Args, Debug)]
pub struct SepsArgs {
    /// A closed month, YYYY-MM [default: the last closed month]
    #[arg(long)]
    pub month: Option<String>,
    /// A folder, or a file name [default: the current folder]
    #[arg(short = 'o', long = "output", value_name = "DIR_OR_FILE")]
    pub output: Option<PathBuf>,
}

/// Options of the S01 members file.
#[derive(Args, Debug)]
pub struct S01Args {
    #[command(flatten)]
    pub common: SepsArgs,
    /// Leave out the line of column names
    #[arg(long)]
    pub no_header: bool,
}

/// The files for the regulator, as `ayni export` subcommands.
#[derive(Subcommand, Debug)]
pub enum SepsCmd {
    /// SEPS B11 monthly balance: the XML, its MD5 hash file and the zip of both
    SepsB11(SepsArgs),
    /// SEPS S01 members file (tab-separated text)
    #[command(visible_alias = "s01")]
    SepsS01(S01Args),
    /// Monthly-balances spreadsheet that small entities may send instead of the B11
    BalancesXlsx(SepsArgs),
}

pub fn run(ctx: &Ctx, cmd: StatementCmd) -> Result<(), CliError> {
    match cmd {
        StatementCmd::BalanceSheet(a) => statement(ctx, "balance-sheet", &a),
        StatementCmd::IncomeStatement(a) => statement(ctx, "income-statement", &a),
        StatementCmd::CashBook(a) => statement(ctx, "cash-book", &a),
        StatementCmd::MemberStatement(a) => member(ctx, &a),
        StatementCmd::Indicators(a) => statement(
            ctx,
            "indicators",
            &StatementArgs {
                month: a.month,
                compare: false,
                format: a.format,
                output: a.output,
            },
        ),
    }
}

pub fn export(ctx: &Ctx, cmd: SepsCmd) -> Result<(), CliError> {
    match cmd {
        SepsCmd::SepsB11(a) => b11(ctx, &a),
        SepsCmd::SepsS01(a) => s01(ctx, &a),
        SepsCmd::BalancesXlsx(a) => balances_xlsx(ctx, &a),
    }
}

/// Binary formats go to a file: refused before any work when there is none.
pub(super) fn needs_output(format: RFormat, out: Option<&Path>) -> Result<(), CliError> {
    if format.is_binary() && out.is_none() {
        return Err(CliError::BinaryNeedsOutput(format.extension()));
    }
    Ok(())
}

/// Writes a report to `out` (checked: never over a book) or to the terminal.
pub(super) fn deliver(
    bytes: &[u8],
    out: Option<&Path>,
    book: &Path,
    lang: Lang,
) -> Result<(), CliError> {
    match out {
        None => print(&String::from_utf8_lossy(bytes)),
        // `-o -`: the bytes as they are (a PDF to a printer's pipe, say).
        Some(p) if crate::files::is_stdout(p) => print_bytes(bytes),
        Some(path) => {
            write_checked(path, bytes, book, lang)?;
            eprintln(&Msg::RepCliSaved.fill(lang, &[("path", &path.display())]));
            Ok(())
        }
    }
}

/// The summary of an export: on standard error when the export itself went
/// to standard output (`-o -`), so the two never mix.
pub(super) fn say(out: Option<&Path>, text: &str) -> Result<(), CliError> {
    if out.is_some_and(crate::files::is_stdout) {
        eprintln(text);
        Ok(())
    } else {
        println(text)
    }
}

/// Writes raw bytes to standard output.
fn print_bytes(bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(super::output::stdout_error)
}

/// Writes a file whole or not at all (standard output for `-o -`).
pub(super) fn write_checked(
    path: &Path,
    bytes: &[u8],
    book: &Path,
    lang: Lang,
) -> Result<(), CliError> {
    if crate::files::is_stdout(path) {
        return print_bytes(bytes);
    }
    check_target(path, book, lang)?;
    crate::files::write(path, bytes).map_err(|e| CliError::WriteOutput {
        path: path.to_path_buf(),
        detail: super::error::io_detail(&e, lang),
    })
}

fn month_or_current(book: &Book, flag: &str, m: Option<&str>) -> Result<Month, CliError> {
    Ok(match m {
        Some(m) => parse_month(flag, m)?,
        None => book.current_month()?,
    })
}

fn statement(ctx: &Ctx, id: &str, a: &StatementArgs) -> Result<(), CliError> {
    let format = a.format;
    let out = a.output.as_deref();
    needs_output(format, out)?;
    let book = ctx.open_ro()?;
    let mut p = Params::new(ctx.lang);
    p.month = Some(month_or_current(&book, "--month", a.month.as_deref())?);
    p.compare = a.compare;
    let bytes = registry::get(id)?
        .build(&book, &p)?
        .write(format, ctx.lang)?;
    deliver(&bytes, out, book.path(), ctx.lang)
}

fn member(ctx: &Ctx, a: &MemberStatementArgs) -> Result<(), CliError> {
    let format = a.format;
    let out = a.output.as_deref();
    needs_output(format, out)?;
    let book = ctx.open_ro()?;
    let mut p = Params::new(ctx.lang);
    let to = month_or_current(&book, "--to", a.to.as_deref())?;
    p.to = Some(to);
    p.from = Some(match &a.from {
        Some(m) => parse_month("--from", m)?,
        None => to,
    });
    p.all = a.all;
    p.member = a.member.clone();
    if !a.all && a.member.is_none() {
        return Err(CliError::MemberOrAll);
    }
    // Every member, to a file or `-o -`: HTML and PDF are written member by
    // member, never all held at once.
    if a.all
        && let Some(path) = out
        && matches!(format, RFormat::Html | RFormat::Pdf)
    {
        let from = p.from.unwrap_or(to);
        return all_statements_streamed(&book, from, to, format, path, ctx.lang);
    }
    let bytes = registry::get("member-statement")?
        .build(&book, &p)?
        .write(format, ctx.lang)?;
    deliver(&bytes, out, book.path(), ctx.lang)
}

/// Every member's statement written to `path` (or standard output) as it
/// is made: into a temporary file renamed into place at the end, so a
/// failure leaves no half-written file and the old one as it was.
fn all_statements_streamed(
    book: &Book,
    from: Month,
    to: Month,
    format: RFormat,
    path: &Path,
    lang: Lang,
) -> Result<(), CliError> {
    use crate::report::member_statement::write_all_member_statements;
    use crate::report::render::ReportError;
    let failed = |detail: String| CliError::WriteOutput {
        path: path.to_path_buf(),
        detail,
    };
    let io_failed = |e: std::io::Error| failed(super::error::io_detail(&e, lang));
    let written = |r: Result<bool, ReportError>| match r {
        Err(ReportError::Io { detail, .. }) | Err(ReportError::Pdf(detail)) => Err(failed(detail)),
        Err(e) => Err(CliError::from(e)),
        Ok(_) => Ok(()),
    };
    if crate::files::is_stdout(path) {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        return written(write_all_member_statements(
            book, from, to, lang, format, &mut out,
        ));
    }
    check_target(path, book.path(), lang)?;
    let mut file = crate::files::create(path).map_err(io_failed)?;
    {
        let mut out = std::io::BufWriter::new(&mut file);
        written(write_all_member_statements(
            book, from, to, lang, format, &mut out,
        ))?;
        use std::io::Write;
        out.flush().map_err(io_failed)?;
    }
    file.commit().map_err(io_failed)?;
    eprintln(&Msg::RepCliSaved.fill(lang, &[("path", &path.display())]));
    Ok(())
}

/// The month of a SEPS file: the one asked for, else the last closed month
/// (else the current month, which the library then refuses as not closed).
pub(super) fn seps_month(book: &Book, m: Option<&str>) -> Result<Month, CliError> {
    Ok(match m {
        Some(m) => parse_month("--month", m)?,
        None => match book.closed_through()? {
            Some(c) => c,
            None => book.current_month()?,
        },
    })
}

/// Where a single SEPS file goes: into a folder (existing, or named with a
/// trailing separator) under its regulated name, or to the file named.
pub(super) fn file_target(out: Option<&Path>, name: &str) -> PathBuf {
    match out {
        None => PathBuf::from(name),
        Some(p) if crate::files::is_stdout(p) => p.to_path_buf(),
        Some(p) if p.is_dir() || ends_with_separator(p) => p.join(name),
        Some(p) => p.to_path_buf(),
    }
}

fn ends_with_separator(p: &Path) -> bool {
    let s = p.as_os_str().to_string_lossy();
    s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR)
}

pub(super) fn create_folder(ctx: &Ctx, dir: &Path) -> Result<(), CliError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError::CreateFolder {
        path: dir.to_path_buf(),
        detail: super::error::io_detail(&e, ctx.lang),
    })
}

fn b11(ctx: &Ctx, a: &SepsArgs) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let month = seps_month(&book, a.month.as_deref())?;
    let files = seps::b11_files(&book, month)?;
    let b = &files.balance;
    let mut text = Msg::RepCliB11Written.fill(
        ctx.lang,
        &[
            ("month", &month.name(ctx.lang)),
            ("ruc", &b.ruc),
            ("cut", &b.fecha_corte()),
            ("n", &b.num_registro),
            ("check", &b.valor_cuadre.localized(ctx.lang)),
        ],
    );
    let zip_only = a
        .output
        .as_deref()
        .filter(|p| !p.is_dir() && !ends_with_separator(p))
        .filter(|p| {
            crate::files::is_stdout(p)
                || p.extension().is_some_and(|x| x.eq_ignore_ascii_case("zip"))
        });
    let written: Vec<PathBuf> = match zip_only {
        // A file name ending in .zip: only the package (XML and hash inside).
        Some(p) => {
            write_checked(p, &files.zip, book.path(), ctx.lang)?;
            vec![p.to_path_buf()]
        }
        None => {
            let dir = a.output.clone().unwrap_or_else(|| PathBuf::from("."));
            create_folder(ctx, &dir)?;
            let out = [
                (dir.join(files.xml_name()), files.xml.as_bytes()),
                (dir.join(files.hash_name()), files.hash.as_bytes()),
                (dir.join(files.zip_name()), files.zip.as_slice()),
            ];
            for (p, _) in &out {
                check_target(p, book.path(), ctx.lang)?;
            }
            for (i, (p, bytes)) in out.iter().enumerate() {
                if let Err(e) = write_checked(p, bytes, book.path(), ctx.lang) {
                    // All three or none.
                    for (q, _) in &out[..i] {
                        let _ = std::fs::remove_file(q);
                    }
                    return Err(e);
                }
            }
            out.into_iter().map(|(p, _)| p).collect()
        }
    };
    text.push_str(Msg::RepCliFilesWritten.t(ctx.lang));
    for p in &written {
        text.push_str(&format!("  {}\n", p.display()));
    }
    text.push_str(&format!("MD5: {}\n", files.hash));
    say(a.output.as_deref(), &text)
}

fn s01(ctx: &Ctx, a: &S01Args) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let month = seps_month(&book, a.common.month.as_deref())?;
    let opts = seps::S01Options {
        header: !a.no_header,
        ..seps::S01Options::default()
    };
    let text = seps::s01(&book, month, &opts)?;
    let name = seps::s01_file_name(&book, month)?;
    let path = file_target(a.common.output.as_deref(), &name);
    if let Some(dir) = path.parent() {
        create_folder(ctx, dir)?;
    }
    write_checked(&path, text.as_bytes(), book.path(), ctx.lang)?;
    let members = text
        .lines()
        .count()
        .saturating_sub(usize::from(opts.header));
    say(
        a.common.output.as_deref(),
        &Msg::RepCliS01Written.fill(
            ctx.lang,
            &[
                ("month", &month.name(ctx.lang)),
                ("members", &members),
                ("path", &path.display()),
            ],
        ),
    )
}

fn balances_xlsx(ctx: &Ctx, a: &SepsArgs) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let month = seps_month(&book, a.month.as_deref())?;
    let bytes = seps::monthly_balances_xlsx(&book, month, ctx.lang)?;
    // The spreadsheet was made, so the book has a RUC.
    let name = seps::monthly_balances_file_name(&book, month)?;
    let path = file_target(a.output.as_deref(), &name);
    if let Some(dir) = path.parent() {
        create_folder(ctx, dir)?;
    }
    write_checked(&path, &bytes, book.path(), ctx.lang)?;
    say(
        a.output.as_deref(),
        &Msg::RepCliBalancesWritten.fill(
            ctx.lang,
            &[("month", &month.name(ctx.lang)), ("path", &path.display())],
        ),
    )
}
