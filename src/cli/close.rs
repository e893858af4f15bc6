//! `ayni close YYYY-MM [--cash-count X] [--explain TEXT] [--dry-run]`
//!
//! The close itself is `Book::commit_close` (one transaction: charges,
//! savings interest, reclassification of overdue loans, the loan-loss
//! provision, the year end, the lock; a backup just before). This command adds the checks a treasurer
//! expects first: the order of months, the cash count (arqueo) and that the
//! books are whole (`ayni check`). A dry run prints the close's plan
//! (`Book::plan_close`, made in a read transaction): the book is not touched.

use crate::i18n::Msg;
use std::path::Path;

use clap::Args;
use serde_json::json;

use super::output::{Format, print};
use super::{CliError, Ctx};
use crate::books::BookError;
use crate::books::close::{CloseError, CloseOptions, ClosePlan, CloseStep};
use crate::books::provisions::ProvisionFigures;
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::money::Money;
use crate::domain::settings::{PROVISION_BUCKETS, percent_text, provision_bucket_label};

#[derive(Args, Debug)]
pub struct CloseArgs {
    /// The month to close, YYYY-MM
    pub month: String,
    /// The cash counted at the month's end (arqueo de caja), e.g. 1234,56
    #[arg(long, value_name = "AMOUNT")]
    pub cash_count: Option<String>,
    /// Why the count differs from the book: the surplus or shortfall is recorded with the close
    #[arg(long, value_name = "TEXT")]
    pub explain: Option<String>,
    /// Show what the close would do and change nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
    pub format: Format,
}

/// One entry the close posted, for the summary.
struct Posted {
    id: u64,
    label: &'static str,
    date: chrono::NaiveDate,
    description: String,
    amount: Money,
}

fn posted(ctx: &Ctx, s: &ClosePlan) -> Vec<Posted> {
    s.entries()
        .into_iter()
        .map(|(step, e)| Posted {
            id: e.id,
            label: match step {
                CloseStep::CashAdjustment => Msg::CliCloseCashDifference.t(ctx.lang),
                CloseStep::Advances => Msg::CliCloseAdvancesApplied.t(ctx.lang),
                CloseStep::Interest => Msg::CliCloseSavingsInterest.t(ctx.lang),
                CloseStep::Reclassification => Msg::CliCloseOverdueLoans.t(ctx.lang),
                CloseStep::Provision => Msg::CliCloseProvision.t(ctx.lang),
                CloseStep::ResultsTransfer => Msg::CliCloseEarlierYears.t(ctx.lang),
                CloseStep::YearEnd => Msg::CliCloseYearEnd.t(ctx.lang),
            },
            date: e.date,
            description: e.description.clone(),
            amount: e.total(),
        })
        .collect()
}

pub fn run(ctx: &Ctx, a: CloseArgs) -> Result<(), CliError> {
    let month = super::dues::parse_month("", &a.month)?;
    let counted = a
        .cash_count
        .as_deref()
        .map(|s| super::dues::parse_amount("--cash-count", s))
        .transpose()?;
    let explain = a
        .explain
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if explain.is_some() && counted.is_none() {
        return Err(CliError::ExplainWithoutCount);
    }
    let book = if a.dry_run {
        ctx.open_ro()?
    } else {
        ctx.open_rw()?
    };
    // Order and time first: the month is the next to close and has ended.
    match book.check_can_close(month) {
        Ok(()) => {}
        Err(BookError::ClosedMonth(m)) => {
            return Err(CliError::AlreadyClosed {
                month: m,
                next: book.next_month_to_close()?,
            });
        }
        Err(BookError::FutureMonth(m)) => {
            return Err(BookError::Close(CloseError::NotEnded(m)).into());
        }
        Err(e) => return Err(e.into()),
    }
    // In a book never closed, the first close is the month of the oldest
    // entry: no month with postings is locked without its own close.
    if book.closed_through()?.is_none()
        && let Some(first) = book.next_month_to_close()?
        && month > first
    {
        return Err(BookError::CloseOrder(first).into());
    }
    let cash = book.balance_of(CASH, month)?;
    if counted.is_none() && !a.dry_run {
        return Err(CliError::CashCountRequired { month, book: cash });
    }
    if let Some(c) = counted
        && c != cash
        && explain.is_none()
    {
        return Err(CliError::CashDifference(BookError::Close(
            CloseError::CashDifference {
                book: cash,
                counted: c,
            },
        )));
    }
    let opts = CloseOptions {
        cash_count: counted,
        cash_explanation: explain.map(str::to_string),
        backup: !a.dry_run,
        ..CloseOptions::default()
    };
    // What the close will do, worked out without writing; with the check.
    let plan = book.plan_close(month, &opts).map_err(cash_difference)?;
    // The books must be whole before a month is locked over them.
    if let Some(p) = plan.check.as_ref().and_then(|c| c.first_problem()) {
        return Err(CliError::NotWhole {
            title: p.title(ctx.lang).to_string(),
            detail: p.detail(ctx.lang).to_string(),
        });
    }
    if a.dry_run {
        let entries = posted(ctx, &plan);
        let text = render(ctx, &plan, None, &entries, cash, counted, true);
        return print(&text_or_json(a.format, text, &plan, None, &entries, true));
    }
    let mut book = book;
    let done = book.commit_close(&plan).map_err(cash_difference)?;
    let entries = posted(ctx, &done.close);
    let backup = done.backup.as_deref();
    let text = render(ctx, &done.close, backup, &entries, cash, counted, false);
    print(&text_or_json(
        a.format,
        text,
        &done.close,
        backup,
        &entries,
        false,
    ))
}

/// A cash count the book does not match is the command's own error.
fn cash_difference(e: BookError) -> CliError {
    match e {
        e @ BookError::Close(CloseError::CashDifference { .. }) => CliError::CashDifference(e),
        e => e.into(),
    }
}

fn text_or_json(
    format: Format,
    text: String,
    s: &ClosePlan,
    backup: Option<&Path>,
    entries: &[Posted],
    dry_run: bool,
) -> String {
    match format {
        Format::Json => {
            let v = json!({
                "month": s.month.to_string(),
                "dry_run": dry_run,
                "closed": !dry_run,
                "entries_in_month": s.entries_in_month,
                "charges_generated": s.charges_generated,
                "last_entry": s.closed.last_entry,
                "cash": s.cash.plain(),
                "bank": s.bank.plain(),
                "entries": entries.iter().map(|p| json!({
                    "id": p.id,
                    "kind": p.label,
                    "date": p.date.format("%Y-%m-%d").to_string(),
                    "description": p.description,
                    "amount": p.amount.plain(),
                })).collect::<Vec<_>>(),
                "provision": provision_json(&s.provision),
                "backup": backup.map(|p: &Path| p.display().to_string()),
                "next_open_month": s.month.next().to_string(),
            });
            crate::report::render::to_json(&v)
        }
        _ => text,
    }
}

fn provision_json(p: &ProvisionFigures) -> serde_json::Value {
    json!({
        "date": p.month.last_day().format("%Y-%m-%d").to_string(),
        "required": p.required.total.plain(),
        "held_before": p.held.plain(),
        "change": p.adjustment.change().plain(),
        "released_against_expense": p.adjustment.release_to_expense.plain(),
        "released_as_income": p.adjustment.release_to_income.plain(),
        "buckets": p.required.buckets.iter().enumerate().map(|(i, b)| json!({
            "bucket": PROVISION_BUCKETS[i],
            "loans": b.loans,
            "outstanding": b.outstanding.plain(),
            "percent": b.percent.normalize().to_string(),
            "required": b.required.plain(),
        })).collect::<Vec<_>>(),
    })
}

/// The provision at the month's end: the buckets with loans, then what was
/// required, what 1499 held and what the close posts.
fn provision_lines(ctx: &Ctx, p: &ProvisionFigures, dry_run: bool) -> String {
    let lang = ctx.lang;
    let mut t = format!(
        "  {} {}:\n",
        Msg::CliCloseProvisionAt.t(ctx.lang),
        format_date(p.month.last_day(), lang)
    );
    if p.required.buckets.iter().all(|b| b.loans == 0) && p.held.is_zero() {
        t.push_str(&format!(
            "    {}\n",
            Msg::CliCloseNothingToProvision.t(ctx.lang)
        ));
        return t;
    }
    let mut table = crate::report::table::Table::new(vec![
        crate::report::table::Column::left(Msg::CliProvisionBucketDays.t(ctx.lang), 24),
        crate::report::table::Column::right(Msg::CliProvisionLoans.t(ctx.lang)),
        crate::report::table::Column::right(Msg::CliProvisionOutstanding.t(ctx.lang)),
        crate::report::table::Column::right("%"),
        crate::report::table::Column::right(Msg::CliProvisionRequired.t(ctx.lang)),
    ]);
    for (i, b) in p.required.buckets.iter().enumerate() {
        if b.loans == 0 {
            continue;
        }
        table.row(&[
            provision_bucket_label(i, lang).to_string(),
            b.loans.to_string(),
            b.outstanding.localized(lang),
            percent_text(b.percent, lang),
            b.required.localized(lang),
        ]);
    }
    for line in table.render().lines() {
        t.push_str(&format!("    {line}\n"));
    }
    let change = p.adjustment.change();
    // What the close does, or (with --dry-run) would do.
    let done = |would: Msg, did: Msg| if dry_run { would } else { did }.t(ctx.lang);
    let what = if change.is_zero() {
        Msg::CliProvisionNoChange.t(ctx.lang).to_string()
    } else if change.is_positive() {
        format!(
            "{} {} ({})",
            done(Msg::CliProvisionWouldPost, Msg::CliProvisionPosted),
            change.localized(lang),
            Msg::CliProvisionExpense.t(ctx.lang)
        )
    } else {
        format!(
            "{} {} ({} 4402 {}; 5604 {})",
            done(Msg::CliProvisionWouldRelease, Msg::CliProvisionReleased),
            (-change).localized(lang),
            Msg::CliProvisionAgainstExpense.t(ctx.lang),
            p.adjustment.release_to_expense.localized(lang),
            p.adjustment.release_to_income.localized(lang)
        )
    };
    t.push_str(&format!(
        "    {} {}; {} {}; {what}.\n",
        Msg::CliProvisionRequired.t(ctx.lang),
        p.required.total.localized(lang),
        Msg::CliProvisionHeld.t(ctx.lang),
        p.held.localized(lang),
    ));
    t
}

fn render(
    ctx: &Ctx,
    s: &ClosePlan,
    backup: Option<&Path>,
    entries: &[Posted],
    cash_before: Money,
    counted: Option<Money>,
    dry_run: bool,
) -> String {
    let lang = ctx.lang;
    let name = s.month.name(lang);
    let end = format_date(s.month.last_day(), lang);
    let head = if dry_run {
        Msg::CliCloseDryRun
    } else {
        Msg::CliMonthClosed
    };
    let mut t = head.fill(lang, &[("name", &name)]);
    t.push_str(&format!(
        "  {}: {}\n",
        Msg::CliCloseEntriesInMonth.t(ctx.lang),
        s.entries_in_month
    ));
    t.push_str(&format!(
        "  {}: {}\n",
        Msg::CliCloseChargesGenerated.t(ctx.lang),
        s.charges_generated
    ));
    match counted {
        Some(c) if c == cash_before => t.push_str(&format!(
            "  {}: {} ({})\n",
            Msg::CliCloseCashCount.t(ctx.lang),
            c.localized(lang),
            Msg::CliCashCountMatches.t(ctx.lang)
        )),
        Some(c) => t.push_str(&format!(
            "  {}: {} ({}: {}, {}: {})\n",
            Msg::CliCloseCashCount.t(ctx.lang),
            c.localized(lang),
            Msg::CliCashCountBook.t(ctx.lang),
            cash_before.localized(lang),
            Msg::CliCashCountDifferenceRecorded.t(ctx.lang),
            (c - cash_before).localized(lang)
        )),
        None => t.push_str(&format!(
            "  {}\n",
            Msg::CliCloseCashCountNotGiven.t(ctx.lang)
        )),
    }
    if entries.is_empty() {
        t.push_str(&format!("  {}\n", Msg::CliClosePostsNothing.t(ctx.lang)));
    } else {
        t.push_str(&format!(
            "  {}:\n",
            if dry_run {
                Msg::CliCloseEntriesToPost.t(ctx.lang)
            } else {
                Msg::CliCloseEntriesPosted.t(ctx.lang)
            }
        ));
        let mut table = crate::report::table::Table::new(vec![
            crate::report::table::Column::right("#"),
            crate::report::table::Column::left(Msg::Date.t(ctx.lang), 10),
            crate::report::table::Column::left(Msg::CliCloseEntryKind.t(ctx.lang), 24),
            crate::report::table::Column::left(Msg::Description.t(ctx.lang), 44),
            crate::report::table::Column::right(Msg::CliEntryAmount.t(ctx.lang)),
        ]);
        for p in entries {
            table.row(&[
                p.id.to_string(),
                format_date(p.date, lang),
                p.label.to_string(),
                p.description.clone(),
                p.amount.localized(lang),
            ]);
        }
        for line in table.render().lines() {
            t.push_str(&format!("    {line}\n"));
        }
    }
    t.push_str(&provision_lines(ctx, &s.provision, dry_run));
    t.push_str(&format!(
        "  {} {end}: {} {}; {} {}\n",
        Msg::CliCloseBalancesAt.t(ctx.lang),
        Msg::CliBalancesCash.t(ctx.lang),
        s.cash.localized(lang),
        Msg::CliBalancesBanks.t(ctx.lang),
        s.bank.localized(lang)
    ));
    if let Some(b) = backup {
        t.push_str(&format!(
            "  {}: {}\n",
            Msg::CliCloseBackupTaken.t(ctx.lang),
            b.display()
        ));
    }
    let next = s.month.next().name(lang);
    t.push_str(&if !dry_run {
        Msg::CliMonthTakesNoMoreEntries.fill(lang, &[("name", &name), ("next", &next)])
    } else if counted.is_none() {
        Msg::CliToCloseForRealCount.t(lang).to_string()
    } else {
        Msg::CliToCloseForReal.t(lang).to_string()
    });
    t
}
