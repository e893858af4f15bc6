//! `ayni report ...`, `ayni export ...` and `ayni check`.

use std::io::Write;

use super::dues::parse_month;
use super::output::{Format, ShortFormat, emit, eprintln, open_stream, print, stream_error};
use super::{CliError, Ctx, ExportCmd, ReportCmd};
use crate::report::registry::{self, Params};
use crate::report::render::Format as RFormat;
use crate::report::{check as check_render, journal};

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<(), CliError> {
    match cmd {
        ReportCmd::TrialBalance {
            month,
            format,
            output,
        } => {
            let book = ctx.open_ro()?;
            let mut p = Params::new(ctx.lang);
            p.month = month
                .as_deref()
                .map(|m| parse_month("--month", m))
                .transpose()?;
            text_report(ctx, &book, "trial-balance", &p, format, output.as_deref())
        }
        ReportCmd::Statements(c) => super::statements::run(ctx, c),
        ReportCmd::Loans(a) => dated(ctx, "loans", a),
        ReportCmd::LoanArrears(a) => dated(ctx, "loan-arrears", a),
        ReportCmd::DuesArrears(a) => {
            let book = ctx.open_ro()?;
            let mut p = Params::new(ctx.lang);
            p.month = a
                .month
                .as_deref()
                .map(|m| parse_month("--month", m))
                .transpose()?;
            p.sort = a.sort.into();
            p.community = a.community;
            text_report(
                ctx,
                &book,
                "dues-arrears",
                &p,
                a.format,
                a.output.as_deref(),
            )
        }
    }
}

/// `ayni report loans` and `loan-arrears`: at `--date`, or at `--month`'s
/// last day (today at most), else today.
fn dated(ctx: &Ctx, id: &str, a: super::loans::LoanReportArgs) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let mut p = Params::new(ctx.lang);
    if let Some(m) = &a.month {
        p.month = Some(parse_month("--month", m)?);
    } else if let Some(d) = &a.date {
        p.date = Some(super::dues::parse_date("--date", d)?);
    }
    text_report(ctx, &book, id, &p, a.format, a.output.as_deref())
}

/// A registry report in one of the text formats, to the terminal or a file.
fn text_report(
    ctx: &Ctx,
    book: &crate::books::Book,
    id: &str,
    p: &Params,
    format: Format,
    output: Option<&std::path::Path>,
) -> Result<(), CliError> {
    let format = match format {
        Format::Table => RFormat::Table,
        Format::Csv => RFormat::Csv,
        Format::Json => RFormat::Json,
    };
    let report = registry::get(id)?.build(book, p)?;
    let bytes = report.write(format, ctx.lang)?;
    emit(
        &String::from_utf8_lossy(&bytes),
        output,
        book.path(),
        ctx.lang,
    )
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
                eprintln(&if ctx.es() {
                    format!("Diario exportado: {n} asientos en {}.", p.display())
                } else {
                    format!("Journal exported: {n} entries to {}.", p.display())
                });
            }
            Ok(())
        }
        ExportCmd::Seps(c) => super::statements::export(ctx, c),
    }
}

pub fn check(ctx: &Ctx, format: ShortFormat) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let report = book.check()?;
    let text = match format {
        ShortFormat::Table => {
            let name = book.settings()?.name;
            let mut title = if ctx.es() {
                format!("Verificación del libro — {name}")
            } else {
                format!("Book check — {name}")
            };
            if let Some(day) = book.redacted_on()? {
                title.push_str(&if ctx.es() {
                    format!(" (copia anonimizada el {day})")
                } else {
                    format!(" (redacted copy made on {day})")
                });
            }
            check_render::to_table(&report, ctx.lang, &title)
        }
        ShortFormat::Json => check_render::to_json(&report, ctx.lang) + "\n",
    };
    print(&text)?;
    match report.first_problem() {
        None => Ok(()),
        Some(item) => Err(CliError::CheckFailed {
            title: item.title(ctx.lang).to_string(),
            detail: item.detail(ctx.lang).to_string(),
        }),
    }
}
