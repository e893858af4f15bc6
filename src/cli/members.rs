//! `ayni member add|list|show|import|retire|edit`

use crate::i18n::Msg;
use std::path::Path;

use super::output::{Format, eprintln, print, println};
use super::{CliError, Ctx, MemberCmd, MemberFields};
use crate::books::BookError;
use crate::domain::date::format_date;
use crate::domain::ident::IdKind;
use crate::domain::member::{Member, MemberInput};
use crate::report::members as render;

/// The largest member file `import` reads.
const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

pub fn run(ctx: &Ctx, cmd: MemberCmd) -> Result<(), CliError> {
    match cmd {
        MemberCmd::Add { fields } => add(ctx, &fields),
        MemberCmd::List {
            format,
            all,
            search,
            output,
        } => list(ctx, format, all, search.as_deref(), output.as_deref()),
        MemberCmd::Show { id, format } => show(ctx, &id, format),
        MemberCmd::Import { file, dry_run } => import(ctx, &file, dry_run),
        MemberCmd::ImportBalances {
            file,
            date,
            cash,
            bank,
            dry_run,
            format,
        } => import_balances(
            ctx,
            &file,
            BalanceFlags {
                date: date.as_deref(),
                cash: cash.as_deref(),
                bank: bank.as_deref(),
            },
            dry_run,
            format,
        ),
        MemberCmd::Retire { id, date, reason } => retire(ctx, &id, date.as_deref(), &reason),
        MemberCmd::Edit { id, fields } => edit(ctx, &id, &fields),
    }
}

fn parse_id_kind(s: &str) -> Result<IdKind, CliError> {
    match s.trim().to_lowercase().as_str() {
        "cedula" | "cédula" | "ci" => Ok(IdKind::Cedula),
        "ruc" => Ok(IdKind::Ruc),
        "pasaporte" | "passport" => Ok(IdKind::Passport),
        _ => Err(CliError::IdKind(s.to_string())),
    }
}

fn who(ctx: &Ctx, m: &Member) -> String {
    format!(
        "#{} {} ({} {})",
        m.id,
        m.full_name(),
        render::id_kind_label(m.id_kind, ctx.lang),
        m.id_number
    )
}

fn add(ctx: &Ctx, f: &MemberFields) -> Result<(), CliError> {
    let input = MemberInput {
        id_kind: f.id_kind.as_deref().map(parse_id_kind).transpose()?,
        id_number: f.id_number.clone().unwrap_or_default(),
        first_names: f.first_names.clone().unwrap_or_default(),
        last_names: f.last_names.clone().unwrap_or_default(),
        gender: f.gender.clone().unwrap_or_default(),
        birth_date: f.birth_date.clone().unwrap_or_default(),
        join_date: f.join_date.clone().unwrap_or_default(),
        phone: f.phone.clone().unwrap_or_default(),
        community: f.community.clone().unwrap_or_default(),
    };
    let mut book = ctx.open_rw()?;
    let m = book.add_member(&input)?;
    println(&Msg::CliMemberRegistered.fill(ctx.lang, &[("who", &who(ctx, &m))]))
}

fn list(
    ctx: &Ctx,
    format: Format,
    all: bool,
    search: Option<&str>,
    output: Option<&Path>,
) -> Result<(), CliError> {
    crate::cli::output::list_needs_output(format, output)?;
    let book = ctx.open_ro()?;
    let mut members = match search {
        Some(q) => book.search_members(q)?,
        None => book.members()?,
    };
    if !all {
        members.retain(|m| m.status.is_active());
    }
    let text = match crate::cli::output::list_text_format(format) {
        Format::Csv => render::list_csv(&members, ctx.lang),
        Format::Json => render::list_json(&members) + "\n",
        _ => render::list_table(&members, ctx.lang),
    };
    let title = Msg::CliListMembers.t(ctx.lang);
    crate::cli::output::emit_list(&book, format, title, &text, output, ctx.lang)
}

fn show(ctx: &Ctx, key: &str, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let m = book.find_member(key)?;
    let card = render::MemberCard::of(&book, &m, ctx.lang)?;
    let text = match format {
        Format::Json => crate::report::render::Report::to_json(&card),
        _ => crate::report::render::Report::to_table(&card, ctx.lang),
    };
    print(&text)
}

fn read_input(ctx: &Ctx, path: &Path) -> Result<Vec<u8>, CliError> {
    let meta = super::error::input_file(path, ctx.lang)?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(CliError::InputTooLarge(path.to_path_buf()));
    }
    std::fs::read(path).map_err(|e| CliError::ReadInput {
        path: path.to_path_buf(),
        detail: super::error::io_detail(&e, ctx.lang),
    })
}

fn import(ctx: &Ctx, file: &Path, dry_run: bool) -> Result<(), CliError> {
    let bytes = read_input(ctx, file)?;
    let mut book = if dry_run {
        ctx.open_ro()?
    } else {
        ctx.open_rw()?
    };
    let preview = book.preview_import(&bytes)?;
    let rows = preview.rows();
    let mut text = String::new();
    if !rows.is_empty() {
        let ok = preview.errors.is_empty();
        let head = if ok {
            Msg::CliImportPreview
        } else {
            Msg::CliImportLinesOk
        };
        text.push_str(&head.fill(ctx.lang, &[("n", &rows.len()), ("file", &file.display())]));
        let mut t = crate::report::table::Table::new(vec![
            crate::report::table::Column::right(Msg::CliImportLine.t(ctx.lang)),
            crate::report::table::Column::right("#"),
            crate::report::table::Column::left(Msg::CliImportIdNumber.t(ctx.lang), 14),
            crate::report::table::Column::left(Msg::CliMemberFullName.t(ctx.lang), 50),
            crate::report::table::Column::left(Msg::CliLoanStatus.t(ctx.lang), 10),
        ]);
        for r in &rows {
            t.row(&[
                r.line.to_string(),
                r.number.to_string(),
                r.id_number.clone(),
                r.name.clone(),
                if r.retired {
                    Msg::CliMemberRetired.t(ctx.lang)
                } else {
                    Msg::CliMemberActive.t(ctx.lang)
                }
                .to_string(),
            ]);
        }
        text.push_str(&t.render());
        if preview.numbers_renumbered {
            text.push_str(Msg::CliImportNumbersNotKept.t(ctx.lang));
        }
    }
    if !preview.errors.is_empty() {
        if !text.is_empty() {
            print(&text)?;
        }
        let n = preview.errors.len();
        // Every problem, by line number, then the verdict.
        let mut err = String::new();
        for e in &preview.errors {
            err.push_str(&e.message(ctx.lang));
            err.push('\n');
        }
        eprintln(&err);
        return Err(CliError::ImportErrors(n));
    }
    if dry_run {
        text.push_str(&Msg::CliImportDryRun.fill(ctx.lang, &[("members", &rows.len())]));
        return print(&text);
    }
    let n = match book.import_members(&bytes) {
        Ok(n) => n,
        // The preview just passed; a failure here is reported as it comes.
        Err(BookError::Import(p)) => return Err(CliError::ImportErrors(p.errors.len())),
        Err(e) => return Err(e.into()),
    };
    text.push_str(&Msg::CliMembersImported.fill(ctx.lang, &[("n", &n)]));
    print(&text)
}

/// The figures `import-balances` takes beside the file.
struct BalanceFlags<'a> {
    date: Option<&'a str>,
    cash: Option<&'a str>,
    bank: Option<&'a str>,
}

fn import_balances(
    ctx: &Ctx,
    file: &Path,
    flags: BalanceFlags<'_>,
    dry_run: bool,
    format: Format,
) -> Result<(), CliError> {
    use crate::books::opening::OpeningOptions;
    let bytes = read_input(ctx, file)?;
    let options = OpeningOptions {
        date: flags
            .date
            .map(|d| super::dues::parse_date("--date", d))
            .transpose()?,
        cash: flags
            .cash
            .map(|c| super::dues::parse_amount("--cash", c))
            .transpose()?,
        bank: flags
            .bank
            .map(|b| super::dues::parse_amount("--bank", b))
            .transpose()?,
    };
    let mut book = if dry_run {
        ctx.open_ro()?
    } else {
        ctx.open_rw()?
    };
    let plan = book.opening_plan(&bytes, &options)?;
    let text = match format {
        Format::Json => opening_json(&plan, None) + "\n",
        _ => opening_table(&plan, book.chart(), ctx.lang),
    };
    if !plan.errors.is_empty() {
        if !plan.lines.is_empty() {
            print(&text)?;
        }
        let mut err = String::new();
        for e in &plan.errors {
            err.push_str(&e.message(ctx.lang));
            err.push('\n');
        }
        eprintln(&err);
        return Err(CliError::ImportErrors(plan.errors.len()));
    }
    if let Some(r) = &plan.refused {
        return Err(BookError::Opening(r.clone()).into());
    }
    if dry_run {
        let mut text = text;
        if format != Format::Json {
            text.push_str(&Msg::CliOpeningDryRun.fill(ctx.lang, &[("members", &plan.lines.len())]));
        }
        return print(&text);
    }
    let done = book.commit_opening(&plan)?;
    if format == Format::Json {
        return print(&(opening_json(&plan, done.entry.as_ref().map(|e| e.id)) + "\n"));
    }
    let mut text = text;
    {
        text.push_str(&Msg::CliOpeningPosted.fill(
            ctx.lang,
            &[
                ("entry", &done.entry.as_ref().map(|e| e.id).unwrap_or(0)),
                ("members", &done.members),
                ("loans", &done.loans.len()),
                ("accounts", &done.savings_opened),
            ],
        ));
    }
    print(&text)
}

/// The opening as JSON: the date, each line, the totals and the entry's
/// postings (amounts as strings with two decimals and a point).
fn opening_json(plan: &crate::books::opening::OpeningPlan, entry: Option<u64>) -> String {
    use serde_json::json;
    let m = |m: crate::domain::money::Money| m.to_string();
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let lines: Vec<_> = plan
        .lines
        .iter()
        .map(|l| {
            json!({
                "line": l.line,
                "member": l.member,
                "name": l.name,
                "contributions": m(l.contributions),
                "savings": m(l.savings),
                "savings_product": l.savings_product,
                "fund": m(l.fund),
                "dues_owed": m(l.dues_owed),
                "loan": l.loan.as_ref().map(|x| json!({
                    "balance": m(x.balance),
                    "rate": x.rate.normalize().to_string(),
                    "installments": x.installments,
                    "next_due": iso(x.next_due),
                    "product": x.product,
                })),
            })
        })
        .collect();
    let postings: Vec<_> = plan
        .draft
        .iter()
        .flat_map(|d| d.postings())
        .map(|p| {
            let debit = p.side == crate::domain::entry::Side::Debit;
            json!({
                "account": p.account,
                "member": p.member,
                "debit": debit.then(|| m(p.amount)),
                "credit": (!debit).then(|| m(p.amount)),
            })
        })
        .collect();
    let t = &plan.totals;
    let doc = json!({
        "date": iso(plan.date),
        "entry": entry,
        "cash_account": plan.cash_account,
        "bank_account": plan.bank_account,
        "totals": {
            "cash": m(t.cash),
            "bank": m(t.bank),
            "loans": m(t.loans),
            "contributions": m(t.contributions),
            "savings": m(t.savings),
            "fund": m(t.fund),
            "dues_owed": m(t.dues_owed),
            "difference": m(t.difference),
        },
        "lines": lines,
        "postings": postings,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The opening as tables: the members' lines, then the entry by account.
fn opening_table(
    plan: &crate::books::opening::OpeningPlan,
    chart: &[crate::domain::account::Account],
    lang: crate::i18n::Lang,
) -> String {
    use crate::report::table::{Column, Table};
    let money = |m: crate::domain::money::Money| m.localized(lang);
    let mut text = Msg::CliOpeningPreview.fill(
        lang,
        &[
            ("n", &plan.lines.len()),
            ("date", &format_date(plan.date, lang)),
        ],
    );
    let mut t = Table::new(vec![
        Column::right(Msg::CliImportLine.t(lang)),
        Column::right("#"),
        Column::left(Msg::CliMemberFullName.t(lang), 30),
        Column::right(Msg::OpenColContributions.t(lang)),
        Column::right(Msg::OpenColSavings.t(lang)),
        Column::right(Msg::OpenColFund.t(lang)),
        Column::right(Msg::OpenColLoan.t(lang)),
        Column::right(Msg::OpenColDues.t(lang)),
    ]);
    for l in &plan.lines {
        t.row(&[
            l.line.to_string(),
            l.member.to_string(),
            l.name.clone(),
            money(l.contributions),
            money(l.savings),
            money(l.fund),
            money(l.loan.as_ref().map(|x| x.balance).unwrap_or_default()),
            money(l.dues_owed),
        ]);
    }
    text.push_str(&t.render());
    if let Some(d) = &plan.draft {
        text.push_str(Msg::CliOpeningEntry.t(lang));
        let mut e = Table::new(vec![
            Column::left(Msg::Account.t(lang), 48),
            Column::right(Msg::Debit.t(lang)),
            Column::right(Msg::Credit.t(lang)),
        ]);
        // One line per account: the members' lines added up.
        let mut by: Vec<(String, bool, crate::domain::money::Money)> = Vec::new();
        for p in d.postings() {
            let debit = p.side == crate::domain::entry::Side::Debit;
            match by
                .iter_mut()
                .find(|(a, s, _)| *a == p.account && *s == debit)
            {
                Some(x) => x.2 += p.amount,
                None => by.push((p.account.clone(), debit, p.amount)),
            }
        }
        for (code, debit, amount) in by {
            let name = crate::report::format::account_name(chart, &code, lang);
            let (dr, cr) = if debit {
                (money(amount), String::new())
            } else {
                (String::new(), money(amount))
            };
            e.row(&[format!("{code} {name}"), dr, cr]);
        }
        text.push_str(&e.render());
    }
    if plan.totals.dues_owed.is_positive() {
        text.push_str(
            &Msg::CliOpeningDuesOwed.fill(lang, &[("amount", &money(plan.totals.dues_owed))]),
        );
    }
    text
}

fn retire(ctx: &Ctx, key: &str, date: Option<&str>, reason: &str) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let m = book.find_member(key)?;
    let date = match date {
        Some(d) => super::dues::parse_date("--date", d)?,
        None => book.today(),
    };
    let (m, balances) = book.retire_member(m.id, date, reason)?;
    let mut text = Msg::CliMemberRetiredOnDate.fill(
        ctx.lang,
        &[
            ("date", &format_date(date, ctx.lang)),
            ("who", &who(ctx, &m)),
        ],
    );
    let open: Vec<_> = balances
        .into_iter()
        .filter(|b| !b.balance.is_zero())
        .collect();
    if open.is_empty() {
        text.push_str(Msg::CliRetireNoBalances.t(ctx.lang));
    } else {
        text.push_str(Msg::CliRetireBalancesToSettle.t(ctx.lang));
        text.push_str(&render::balances_table(&open, book.chart(), ctx.lang));
    }
    print(&text)
}

fn edit(ctx: &Ctx, key: &str, f: &MemberFields) -> Result<(), CliError> {
    let given = [
        &f.id_number,
        &f.id_kind,
        &f.first_names,
        &f.last_names,
        &f.gender,
        &f.birth_date,
        &f.join_date,
        &f.phone,
        &f.community,
    ];
    if given.iter().all(|g| g.is_none()) {
        return Err(CliError::NothingToEdit);
    }
    let mut book = ctx.open_rw()?;
    let m = book.find_member(key)?;
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let id_kind = match (&f.id_kind, &f.id_number) {
        (Some(k), _) => Some(parse_id_kind(k)?),
        // A new number: its kind is guessed again.
        (None, Some(_)) => None,
        (None, None) => Some(m.id_kind),
    };
    let input = MemberInput {
        id_kind,
        id_number: f.id_number.clone().unwrap_or_else(|| m.id_number.clone()),
        first_names: f
            .first_names
            .clone()
            .unwrap_or_else(|| m.first_names.clone()),
        last_names: f.last_names.clone().unwrap_or_else(|| m.last_names.clone()),
        gender: f
            .gender
            .clone()
            .unwrap_or_else(|| m.gender.code().to_string()),
        birth_date: f
            .birth_date
            .clone()
            .unwrap_or_else(|| m.birth_date.map(iso).unwrap_or_default()),
        join_date: f.join_date.clone().unwrap_or_else(|| iso(m.join_date)),
        phone: f.phone.clone().unwrap_or_else(|| m.phone.clone()),
        community: f.community.clone().unwrap_or_else(|| m.community.clone()),
    };
    let m = book.edit_member(m.id, &input)?;
    let balances = book.member_balances(m.id)?;
    let mut text = Msg::CliDataUpdated.fill(ctx.lang, &[("who", &who(ctx, &m))]);
    text.push_str(&render::card_table(&m, &balances, book.chart(), ctx.lang));
    print(&text)
}
