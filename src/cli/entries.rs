//! `ayni entry add|reverse|list|show` and `ayni account list|add`.

use crate::i18n::Msg;
use std::collections::HashMap;
use std::path::Path;

use super::dues::{parse_date, parse_month};
use super::output::{Format, print};
use super::{AccountCmd, CliError, Ctx, EntryCmd};
use crate::books::Book;
use crate::books::ledger::JournalFilter;
use crate::domain::date::format_date;
use crate::domain::entry::{EntryDraft, EntryKind, Posting, Side};
use crate::domain::input;
use crate::report::entries::{self as render, Names};

pub fn run(ctx: &Ctx, cmd: EntryCmd) -> Result<(), CliError> {
    match cmd {
        EntryCmd::Add {
            date,
            description,
            reference,
            debit,
            credit,
            opening,
        } => add(
            ctx,
            date.as_deref(),
            &description,
            &reference,
            &debit,
            &credit,
            opening,
        ),
        EntryCmd::Reverse {
            id,
            date,
            description,
        } => reverse(ctx, id, date.as_deref(), description.as_deref()),
        EntryCmd::List {
            month,
            account,
            member,
            format,
            limit,
            output,
        } => list(
            ctx,
            month.as_deref(),
            account,
            member.as_deref(),
            format,
            limit,
            output.as_deref(),
        ),
        EntryCmd::Show { id, format } => show(ctx, id, format),
    }
}

/// Parses `ACCOUNT=AMOUNT[@MEMBER]` into a posting on `side`.
pub fn parse_posting(book: &Book, spec: &str, side: Side) -> Result<Posting, CliError> {
    let syntax = || CliError::PostingSyntax(spec.to_string());
    let (account, rest) = spec.split_once('=').ok_or_else(syntax)?;
    let account = account.trim();
    if account.is_empty() {
        return Err(syntax());
    }
    let (amount, member) = match rest.split_once('@') {
        Some((a, m)) if m.trim().is_empty() => {
            return Err(CliError::PostingSyntax(format!("{a}@")));
        }
        Some((a, m)) => (a, Some(m.trim())),
        None => (rest, None),
    };
    let amount = input::amount(amount).map_err(|err| CliError::Input {
        spec: spec.to_string(),
        err,
    })?;
    let mut p = match side {
        Side::Debit => Posting::debit(account, amount),
        Side::Credit => Posting::credit(account, amount),
    };
    if let Some(m) = member {
        p = p.for_member(book.find_member(m)?.id);
    }
    Ok(p)
}

fn names_of(book: &Book) -> Result<HashMap<u32, String>, CliError> {
    Ok(book
        .members()?
        .into_iter()
        .map(|m| (m.id, m.id_number))
        .collect())
}

fn add(
    ctx: &Ctx,
    date: Option<&str>,
    description: &str,
    reference: &str,
    debits: &[String],
    credits: &[String],
    opening: bool,
) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let date = match date {
        Some(d) => parse_date("--date", d)?,
        None => book.today(),
    };
    let mut postings = Vec::new();
    for d in debits {
        postings.push(parse_posting(&book, d, Side::Debit)?);
    }
    for c in credits {
        postings.push(parse_posting(&book, c, Side::Credit)?);
    }
    let kind = if opening {
        EntryKind::Opening
    } else {
        EntryKind::Manual
    };
    let draft = EntryDraft::new(date, description, reference, kind, postings)?;
    let entry = book.post(draft)?;
    let members = names_of(&book)?;
    let names = Names {
        chart: book.chart(),
        members: &members,
    };
    let mut text = Msg::CliEntryPosted.t(ctx.lang).to_string();
    text.push_str(&render::entry_card(&entry, &names, ctx.lang));
    print(&text)
}

fn reverse(
    ctx: &Ctx,
    id: u64,
    date: Option<&str>,
    description: Option<&str>,
) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let date = date.map(|d| parse_date("--date", d)).transpose()?;
    let entry = book.reverse(id, date, description)?;
    let members = names_of(&book)?;
    let names = Names {
        chart: book.chart(),
        members: &members,
    };
    let mut text = Msg::CliEntryReversed.fill(ctx.lang, &[("id", &id), ("reversal", &entry.id)]);
    text.push_str(&render::entry_card(&entry, &names, ctx.lang));
    print(&text)
}

fn list(
    ctx: &Ctx,
    month: Option<&str>,
    account: Option<String>,
    member: Option<&str>,
    format: Format,
    limit: Option<usize>,
    output: Option<&Path>,
) -> Result<(), CliError> {
    crate::cli::output::list_needs_output(format, output)?;
    let book = ctx.open_ro()?;
    let month = month.map(|m| parse_month("--month", m)).transpose()?;
    if let Some(a) = &account
        && book.account(a.trim()).is_none()
    {
        return Err(crate::books::BookError::UnknownAccount(a.trim().to_string()).into());
    }
    let member = match member {
        Some(m) => Some(book.find_member(m)?.id),
        None => None,
    };
    let filter = JournalFilter {
        month,
        account: account.map(|a| a.trim().to_string()),
        member,
    };
    let report = render::EntriesList::of(&book, &filter, limit, ctx.lang)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn show(ctx: &Ctx, id: u64, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let entry = book
        .entry(id)?
        .ok_or(crate::books::BookError::EntryNotFound(id))?;
    let members = names_of(&book)?;
    let names = Names {
        chart: book.chart(),
        members: &members,
    };
    let text = match format {
        Format::Json => render::entry_to_json(&entry, &names, ctx.lang) + "\n",
        _ => {
            let mut t = render::entry_card(&entry, &names, ctx.lang);
            if let Some(by) = book.reversed_by(id)? {
                t.push_str(&Msg::CliEntryReversedBy.fill(ctx.lang, &[("by", &by)]));
            }
            t
        }
    };
    print(&text)
}

pub fn run_account(ctx: &Ctx, cmd: AccountCmd) -> Result<(), CliError> {
    match cmd {
        AccountCmd::List {
            month,
            format,
            output,
        } => {
            crate::cli::output::list_needs_output(format, output.as_deref())?;
            let book = ctx.open_ro()?;
            let month = match month {
                Some(m) => parse_month("--month", &m)?,
                None => book.current_month()?,
            };
            let rows = book.account_balances(month)?;
            let name = book.settings()?.name;
            let title = Msg::CliChartBalancesTitle.fill(
                ctx.lang,
                &[
                    ("date", &format_date(month.last_day(), ctx.lang)),
                    ("name", &name),
                ],
            );
            let text = match crate::cli::output::list_text_format(format) {
                Format::Csv => crate::report::accounts::to_csv(&rows, ctx.lang),
                Format::Json => crate::report::accounts::to_json(month, &rows, ctx.lang) + "\n",
                _ => crate::report::accounts::to_table(&rows, ctx.lang, &title),
            };
            crate::cli::output::emit_list(&book, format, &title, &text, output.as_deref(), ctx.lang)
        }
        AccountCmd::Add { parent, code, name } => {
            let mut book = ctx.open_rw()?;
            let acc = book.add_sub_account(parent.trim(), &code, &name)?;
            let parent_name = book
                .account(parent.trim())
                .map(|a| a.display_name(ctx.lang).to_string())
                .unwrap_or_default();
            print(&Msg::CliAccountCreated.fill(
                ctx.lang,
                &[
                    ("code", &acc.code),
                    ("name", &acc.name),
                    ("parent_name", &parent_name),
                    ("parent", &parent.trim()),
                ],
            ))
        }
    }
}
