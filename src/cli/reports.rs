//! `ayni report ...`, `ayni export ...` and `ayni check`.

use std::io::Write;

use super::output::{Format, ShortFormat, emit, eprintln, open_stream, print, stream_error};
use super::{CliError, Ctx, ExportCmd, ReportCmd};
use crate::domain::date::format_date;
use crate::report::{check as check_render, journal, trial_balance};

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<(), CliError> {
    match cmd {
        ReportCmd::TrialBalance {
            month,
            format,
            output,
        } => {
            let book = ctx.open_ro()?;
            let month = match month {
                Some(m) => super::dues::parse_month("--month", &m)?,
                None => book.current_month()?,
            };
            let tb = book.trial_balance(month)?;
            let text = match format {
                Format::Table => {
                    let name = book.settings()?.name;
                    let title = if ctx.es() {
                        format!(
                            "Balance de comprobación — {name} — al {}",
                            format_date(month.last_day(), ctx.lang)
                        )
                    } else {
                        format!(
                            "Trial balance — {name} — at {}",
                            format_date(month.last_day(), ctx.lang)
                        )
                    };
                    trial_balance::to_table(&tb, ctx.lang, &title)
                }
                Format::Csv => trial_balance::to_csv(&tb, ctx.lang),
                Format::Json => trial_balance::to_json(&tb, ctx.lang) + "\n",
            };
            emit(&text, output.as_deref(), book.path(), ctx.lang)
        }
        ReportCmd::Statements(c) => super::statements::run(ctx, c),
        ReportCmd::Loans(a) => super::loans::report_portfolio(ctx, a),
        ReportCmd::LoanArrears(a) => super::loans::report_arrears(ctx, a),
        ReportCmd::DuesArrears(a) => super::dues::arrears(ctx, a),
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
