//! `ayni report ...`, `ayni export ...` and `ayni check`.

use std::io::Write;

use super::dues::parse_month;
use std::path::{Path, PathBuf};

use super::output::{Format, emit, eprintln, open_stream, print, stream_error};
use super::{CliError, Ctx, ExportCmd, ReportCmd};
use crate::books::Book;
use crate::i18n::{Lang, Msg};
use crate::report::check::BookCheck;
use crate::report::journal;
use crate::report::registry::{self, Params};
use crate::report::render::Format as RFormat;
use crate::report::render::Report;

/// `ayni report loans` and `ayni report loan-arrears`.
#[derive(clap::Args, Debug)]
pub struct DatedArgs {
    /// The date of the report [default: today]
    #[arg(long, conflicts_with = "month")]
    pub date: Option<String>,
    /// YYYY-MM: at the month's last day (today for the current month)
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `ayni report ledger`.
#[derive(clap::Args, Debug)]
pub struct LedgerArgs {
    /// The account's code (1101, or a group such as 14 with its sub-accounts)
    #[arg(long)]
    pub account: String,
    /// First month, YYYY-MM [default: the month of the book's first entry]
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

/// `ayni report dues-arrears`.
#[derive(clap::Args, Debug)]
pub struct DuesArrearsArgs {
    /// Charges of months up to this one, YYYY-MM [default: the open month]
    #[arg(long)]
    pub month: Option<String>,
    /// Only the members of this community
    #[arg(long)]
    pub community: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub sort: super::dues::SortArg,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<(), CliError> {
    match cmd {
        ReportCmd::TrialBalance {
            month,
            format,
            output,
        } => {
            let (format, book) = open_for(ctx, format, output.as_deref())?;
            let mut p = Params::new(ctx.lang);
            p.month = month
                .as_deref()
                .map(|m| parse_month("--month", m))
                .transpose()?;
            write_report(ctx, &book, "trial-balance", &p, format, output.as_deref())
        }
        ReportCmd::Ledger(a) => {
            let mut p = Params::new(ctx.lang);
            p.from = a
                .from
                .as_deref()
                .map(|m| parse_month("--from", m))
                .transpose()?;
            p.to =
                a.to.as_deref()
                    .map(|m| parse_month("--to", m))
                    .transpose()?;
            let (format, book) = open_for(ctx, a.format, a.output.as_deref())?;
            // To a file, CSV, HTML and PDF are written line by line as the
            // book is read: a ledger of ten years of cash is never held whole.
            if matches!(
                format,
                RFormat::Csv | RFormat::CsvEs | RFormat::Html | RFormat::Pdf
            ) && a.output.is_some()
            {
                return ledger_csv(ctx, &book, &a.account, &p, format, a.output.as_deref());
            }
            p.ledger_account = Some(a.account);
            write_report(ctx, &book, "ledger", &p, format, a.output.as_deref())
        }
        ReportCmd::Statements(c) => super::statements::run(ctx, c),
        ReportCmd::Loans(a) => dated(ctx, "loans", a),
        ReportCmd::LoanArrears(a) => dated(ctx, "loan-arrears", a),
        ReportCmd::DuesArrears(a) => {
            let (format, book) = open_for(ctx, a.format, a.output.as_deref())?;
            let mut p = Params::new(ctx.lang);
            p.month = a
                .month
                .as_deref()
                .map(|m| parse_month("--month", m))
                .transpose()?;
            p.sort = a.sort.into();
            p.community = a.community;
            write_report(ctx, &book, "dues-arrears", &p, format, a.output.as_deref())
        }
    }
}

/// `ayni report ledger --format csv|csv-es|html|pdf -o FILE`, streamed to a
/// file (whole or not at all) or `-o -`, over the registry's range: from
/// the book's first month to the current one unless asked.
fn ledger_csv(
    ctx: &Ctx,
    book: &Book,
    code: &str,
    p: &Params,
    format: RFormat,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let to = match p.to {
        Some(m) => m,
        None => book.current_month()?,
    };
    let from = match p.from {
        Some(m) => m,
        None => book.first_month()?.min(to),
    };
    let mut w = open_stream(out, book.path(), ctx.lang)?;
    let result =
        crate::report::ledger::write_ledger(book, code, from, to, ctx.lang, format, &mut w);
    let flushed = w.flush();
    if let Some(e) = stream_error(w.failed, out, ctx.lang) {
        return Err(e);
    }
    result?;
    if let Err(e) = flushed {
        return Err(super::output::stdout_error(e));
    }
    super::output::finish_stream(w, out, ctx.lang)?;
    if let Some(path) = out.filter(|p| !crate::files::is_stdout(p)) {
        let saved = match format {
            RFormat::Html | RFormat::Pdf => Msg::RepCliSaved,
            _ => Msg::CliSavedTo,
        };
        eprintln(&saved.fill(ctx.lang, &[("path", &path.display())]));
    }
    Ok(())
}

/// Refuses a binary format without `-o FILE` before any work, then opens
/// the book to read.
fn open_for(ctx: &Ctx, format: RFormat, out: Option<&Path>) -> Result<(RFormat, Book), CliError> {
    super::statements::needs_output(format, out)?;
    Ok((format, ctx.open_ro()?))
}

/// `ayni report loans` and `loan-arrears`: at `--date`, or at `--month`'s
/// last day (today at most), else today.
fn dated(ctx: &Ctx, id: &str, a: DatedArgs) -> Result<(), CliError> {
    let (format, book) = open_for(ctx, a.format, a.output.as_deref())?;
    let mut p = Params::new(ctx.lang);
    if let Some(m) = &a.month {
        p.month = Some(parse_month("--month", m)?);
    } else if let Some(d) = &a.date {
        p.date = Some(super::dues::parse_date("--date", d)?);
    }
    write_report(ctx, &book, id, &p, format, a.output.as_deref())
}

/// A registry report to the terminal or a file: the text formats as text
/// (made visible, like every listing), the printable and binary ones as
/// they are.
fn write_report(
    ctx: &Ctx,
    book: &Book,
    id: &str,
    p: &Params,
    format: RFormat,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let report = registry::get(id)?.build(book, p)?;
    let bytes = report.write(format, ctx.lang)?;
    match format {
        RFormat::Table | RFormat::Csv | RFormat::CsvEs | RFormat::Json => emit(
            &String::from_utf8_lossy(&bytes),
            output,
            book.path(),
            ctx.lang,
        ),
        RFormat::Xlsx | RFormat::Html | RFormat::Pdf => {
            super::statements::deliver(&bytes, output, book.path(), ctx.lang)
        }
    }
}

/// A report in a command's list format (table, CSV or JSON), as text.
pub(crate) fn list_text<R: Report>(report: &R, format: Format, lang: Lang) -> String {
    match format {
        Format::Csv => report.to_csv(lang),
        Format::CsvEs => crate::report::render::spanish_csv(&report.to_csv(lang)),
        Format::Json => report.to_json(),
        _ => report.to_table(lang),
    }
}

pub fn export(ctx: &Ctx, cmd: ExportCmd) -> Result<(), CliError> {
    match cmd {
        ExportCmd::Journal { output } => {
            let book = ctx.open_ro()?;
            let out = output.as_deref();
            let mut w = open_stream(out, book.path(), ctx.lang)?;
            let result = journal::export_journal(&book, &mut w);
            let flushed = w.flush();
            if let Some(e) = stream_error(w.failed, out, ctx.lang) {
                return Err(e);
            }
            let n = result?;
            if let Err(e) = flushed {
                return Err(super::output::stdout_error(e));
            }
            // Only a whole journal takes the file's place.
            super::output::finish_stream(w, out, ctx.lang)?;
            if let Some(p) = out.filter(|p| !crate::files::is_stdout(p)) {
                eprintln(
                    &Msg::RepCliJournalExported
                        .fill(ctx.lang, &[("n", &n), ("path", &p.display())]),
                );
            }
            Ok(())
        }
        ExportCmd::Seps(c) => super::statements::export(ctx, c),
        ExportCmd::Network(a) => super::network::export(ctx, a),
    }
}

pub fn check(ctx: &Ctx, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let check = BookCheck::of(&book, ctx.lang)?;
    let text = match format {
        Format::Json => check.to_json(),
        _ => check.to_table(ctx.lang),
    };
    print(&text)?;
    match check.report.first_problem() {
        None => Ok(()),
        Some(item) => Err(CliError::CheckFailed {
            title: item.title(ctx.lang).to_string(),
            detail: item.detail(ctx.lang).to_string(),
        }),
    }
}
