//! `ayni savings deposit|withdraw|transfer|statement|accounts|open|products`
//! and `ayni fund contribute|grant|statement`.
//!
//! The operations are the books layer's (`src/books/savings.rs`), the reports
//! its renderers' (`src/report/savings.rs`); this module reads the command
//! line, resolves members, accounts and products, and words the result.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::dues::{cash_account, date_or_today, find_by_key, parse_amount, who};
use super::output::{Format, print};
use super::{CliError, Ctx};
use crate::books::Book;
use crate::books::savings::SavingsView;
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::savings::{InterestBase, SavingsKind, SavingsProduct};
use crate::i18n::{Lang, Msg};
use crate::report::dues::{decimal_text, fold};
use crate::report::savings as render;
use crate::report::table::{Column, Table};

#[derive(Subcommand, Debug)]
pub enum SavingsCmd {
    /// Deposit into a member's savings (the ordinary account unless told otherwise)
    #[command(
        mut_arg("member", |a| a.help("Identification number, or #n (the member's number)")),
        mut_arg("account", |a| a.help(
            "Savings account number [default: the ordinary account, opened if needed]"
        )),
        mut_arg("cash", |a| a.help("Where the money comes in: caja, bancos, or an account code")),
    )]
    Deposit(MoveArgs),
    /// Withdraw from a member's savings; never beyond the available balance
    Withdraw(MoveArgs),
    /// Move savings between two accounts of the same member
    Transfer {
        /// Identification number, or #n
        member: String,
        /// From this savings account number
        #[arg(long)]
        from: u32,
        /// To this savings account number
        #[arg(long)]
        to: u32,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// A savings account's passbook: movements with the running balance
    Statement {
        /// Identification number, or #n
        member: String,
        /// Savings account number [default: the ordinary account]
        #[arg(long)]
        account: Option<u32>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A member's savings accounts: balance, blocked and available
    Accounts {
        /// Identification number, or #n
        member: String,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Open a savings account of a product (programmed savings: a target and a term)
    Open {
        /// Identification number, or #n
        member: String,
        /// Product number or name (see: ayni savings products)
        #[arg(long)]
        product: String,
        /// Amount the member means to reach
        #[arg(long, allow_hyphen_values = true)]
        target: Option<String>,
        /// Term in months
        #[arg(long)]
        term: Option<u32>,
        /// Opening date [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// The savings products with their rate and minimum balance
    Products {
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal (required for xlsx)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// A deposit or a withdrawal: the member, the amount and the account; the
/// help words are the withdrawal's (the deposit says its own).
#[derive(Args, Debug)]
pub struct MoveArgs {
    /// Identification number, or #n
    member: String,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Date [default: today]
    #[arg(long)]
    date: Option<String>,
    /// Savings account number [default: the ordinary account]
    #[arg(long)]
    account: Option<u32>,
    /// The member's account of this product (number or name)
    #[arg(long, conflicts_with = "account")]
    product: Option<String>,
    /// Where the money is paid from: caja, bancos, or an account code
    #[arg(long, default_value = "caja")]
    cash: String,
}

#[derive(Subcommand, Debug)]
pub enum FundCmd {
    /// A contribution to the solidarity fund
    Contribute(ContributeArgs),
    /// A grant from the fund to a member or a family in need (never beyond the fund)
    Grant(GrantArgs),
    /// The fund's movements with the running balance, and its grants
    Statement {
        /// Only this month, YYYY-MM [default: all history]
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// With --format csv: the grants instead of the movements
        #[arg(long)]
        grants: bool,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct ContributeArgs {
    /// Identification number or #n of the member who gives it (omit for an outside donor)
    member: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Date [default: today]
    #[arg(long)]
    date: Option<String>,
    /// Where the money comes in: caja, bancos, or an account code
    #[arg(long, default_value = "caja")]
    cash: String,
    /// What it was (a raffle, a donation) [default: voluntary contribution]
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Args, Debug)]
pub struct GrantArgs {
    /// The member it is for (identification number or #n)
    #[arg(long)]
    member: Option<String>,
    /// Who receives it [default: the member]
    #[arg(long)]
    beneficiary: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Why (illness, a death in the family, a lost harvest, ...)
    #[arg(long)]
    reason: String,
    /// Reference of the approval (assembly or board act)
    #[arg(long)]
    approval: String,
    /// Date [default: today]
    #[arg(long)]
    date: Option<String>,
    /// Where the money is paid from: caja, bancos, or an account code
    #[arg(long, default_value = "caja")]
    cash: String,
}

pub fn run(ctx: &Ctx, cmd: SavingsCmd) -> Result<(), CliError> {
    match cmd {
        SavingsCmd::Deposit(a) => deposit(ctx, &a),
        SavingsCmd::Withdraw(a) => withdraw(ctx, &a),
        SavingsCmd::Transfer {
            member,
            from,
            to,
            amount,
            date,
        } => transfer(ctx, &member, from, to, &amount, date.as_deref()),
        SavingsCmd::Statement {
            member,
            account,
            format,
            output,
        } => statement(ctx, &member, account, format, output.as_deref()),
        SavingsCmd::Accounts {
            member,
            format,
            output,
        } => accounts(ctx, &member, format, output.as_deref()),
        SavingsCmd::Open {
            member,
            product,
            target,
            term,
            date,
        } => open(
            ctx,
            &member,
            &product,
            target.as_deref(),
            term,
            date.as_deref(),
        ),
        SavingsCmd::Products { format, output } => products(ctx, format, output.as_deref()),
    }
}

// ---------------------------------------------------------------------------
// Accounts and products

/// A product by number or by name (without case or accents).
fn find_product(book: &Book, key: &str) -> Result<SavingsProduct, CliError> {
    let products = book.savings_products()?;
    find_by_key(&products, key, |p| p.id, |p| &p.name, fold)
        .cloned()
        .ok_or_else(|| CliError::UnknownProduct(key.trim().to_string()))
}

/// The member's account chosen by `--account` or `--product`, else the
/// ordinary one; `None` when the member has no account yet and none was named.
fn pick_account(
    book: &Book,
    member: &Member,
    account: Option<u32>,
    product: Option<&str>,
) -> Result<Option<SavingsView>, CliError> {
    let views = book.member_savings(member.id)?;
    if let Some(id) = account {
        return match views.into_iter().find(|v| v.account.id == id) {
            Some(v) => Ok(Some(v)),
            None => Err(CliError::NotMembersAccount {
                account: id,
                member: who(member),
            }),
        };
    }
    if let Some(p) = product {
        let p = find_product(book, p)?;
        return match views.into_iter().find(|v| v.product.id == p.id) {
            Some(v) => Ok(Some(v)),
            None => Err(CliError::NoAccountOfProduct {
                member: who(member),
                product: p.name,
            }),
        };
    }
    Ok(views
        .into_iter()
        .find(|v| v.product.kind == SavingsKind::Ordinary))
}

/// The account's balances after an operation, in words.
fn balances_line(ctx: &Ctx, v: &SavingsView) -> String {
    let l = ctx.lang;
    Msg::CliSavingsAccountBalance.fill(
        ctx.lang,
        &[
            ("id", &v.account.id),
            ("balance", &v.account.balance.localized(l)),
            ("blocked", &v.account.blocked.localized(l)),
            ("available", &v.available.localized(l)),
            ("name", &v.product.name),
        ],
    )
}

/// The account `id` as it stands now.
fn view_of(book: &Book, member: u32, id: u32) -> Result<Option<SavingsView>, CliError> {
    Ok(book
        .member_savings(member)?
        .into_iter()
        .find(|v| v.account.id == id))
}

/// The book open for a deposit or a withdrawal, with its member, amount and date.
fn open_move(ctx: &Ctx, a: &MoveArgs) -> Result<(Book, Member, Money, NaiveDate), CliError> {
    let amount = parse_amount("--amount", &a.amount)?;
    let book = ctx.open_rw()?;
    let member = book.find_member(&a.member)?;
    let date = date_or_today(&book, a.date.as_deref())?;
    Ok((book, member, amount, date))
}

/// What a deposit or a withdrawal says: the entry, the amount, the member,
/// then the account's balances.
fn print_move(
    ctx: &Ctx,
    said: Msg,
    entry: u64,
    amount: Money,
    member: &Member,
    account: &SavingsView,
) -> Result<(), CliError> {
    let mut text = said.fill(
        ctx.lang,
        &[
            ("id", &entry),
            ("amount", &amount.localized(ctx.lang)),
            ("who", &who(member)),
        ],
    );
    text.push_str(&balances_line(ctx, account));
    print(&text)
}

fn deposit(ctx: &Ctx, a: &MoveArgs) -> Result<(), CliError> {
    let (mut book, member, amount, date) = open_move(ctx, a)?;
    // A named account must be the member's; without one the ordinary account
    // is used (and opened on the first deposit).
    let target = match (a.account, a.product.as_deref()) {
        (None, None) => None,
        (account, product) => pick_account(&book, &member, account, product)?.map(|v| v.account.id),
    };
    let done = book.record_deposit(member.id, target, amount, date, &cash_account(&a.cash))?;
    print_move(
        ctx,
        Msg::CliDepositRecorded,
        done.entry.id,
        amount,
        &member,
        &done.account,
    )
}

fn withdraw(ctx: &Ctx, a: &MoveArgs) -> Result<(), CliError> {
    let (mut book, member, amount, date) = open_move(ctx, a)?;
    let view = pick_account(&book, &member, a.account, a.product.as_deref())?
        .ok_or_else(|| CliError::NoSavingsAccount(who(&member)))?;
    let done = book.record_withdrawal(view.account.id, amount, date, &cash_account(&a.cash))?;
    print_move(
        ctx,
        Msg::CliWithdrawalRecorded,
        done.entry.id,
        amount,
        &member,
        &done.account,
    )
}

fn transfer(
    ctx: &Ctx,
    key: &str,
    from: u32,
    to: u32,
    amount: &str,
    date: Option<&str>,
) -> Result<(), CliError> {
    let amount = parse_amount("--amount", amount)?;
    let mut book = ctx.open_rw()?;
    let member = book.find_member(key)?;
    let date = date_or_today(&book, date)?;
    for id in [from, to] {
        pick_account(&book, &member, Some(id), None)?;
    }
    let entry = book.transfer_savings(from, to, amount, date)?;
    let mut text = Msg::CliTransferRecorded.fill(
        ctx.lang,
        &[
            ("from", &from),
            ("id", &entry.id),
            ("amount", &amount.localized(ctx.lang)),
            ("to", &to),
            ("who", &who(&member)),
        ],
    );
    for id in [from, to] {
        if let Some(v) = view_of(&book, member.id, id)? {
            text.push_str(&balances_line(ctx, &v));
        }
    }
    print(&text)
}

fn statement(
    ctx: &Ctx,
    key: &str,
    account: Option<u32>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let member = book.find_member(key)?;
    let view = pick_account(&book, &member, account, None)?
        .ok_or_else(|| CliError::NoSavingsAccount(who(&member)))?;
    let report = render::Passbook::of(&book, &member, view.account.id, ctx.lang)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn accounts(ctx: &Ctx, key: &str, format: Format, output: Option<&Path>) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let member = book.find_member(key)?;
    let report = render::SavingsAccounts::of(&book, &member)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn open(
    ctx: &Ctx,
    key: &str,
    product: &str,
    target: Option<&str>,
    term: Option<u32>,
    date: Option<&str>,
) -> Result<(), CliError> {
    let target = target.map(|t| parse_amount("--target", t)).transpose()?;
    if let Some(t) = target
        && !t.is_positive()
    {
        return Err(crate::books::BookError::from(
            crate::books::savings::SavingsError::NonPositive,
        )
        .into());
    }
    let mut book = ctx.open_rw()?;
    let member = book.find_member(key)?;
    let date = date_or_today(&book, date)?;
    let p = find_product(&book, product)?;
    let a = book.open_savings_account(member.id, p.id, target, term, date)?;
    let mut text = Msg::CliSavingsAccountOpened.fill(
        ctx.lang,
        &[("id", &a.id), ("name", &p.name), ("who", &who(&member))],
    );
    if let Some(t) = a.target {
        text.push_str(&Msg::CliSavingsTarget.fill(ctx.lang, &[("target", &t.localized(ctx.lang))]));
        if let Some(n) = a.term_months {
            text.push_str(&Msg::CliSavingsTargetMonths.fill(ctx.lang, &[("n", &n)]));
        }
        text.push_str(".\n");
    }
    text.push_str(
        &Msg::CliSavingsDepositHint
            .fill(ctx.lang, &[("id", &a.id), ("id_number", &member.id_number)]),
    );
    print(&text)
}

fn base_code(b: InterestBase) -> &'static str {
    match b {
        InterestBase::AverageDaily => "average_daily",
        InterestBase::Minimum => "minimum",
    }
}

fn base_label(b: InterestBase, lang: Lang) -> &'static str {
    crate::i18n::Label::label(&b, lang)
}

#[derive(Serialize)]
struct ProductJson<'a> {
    id: u32,
    name: &'a str,
    kind: &'static str,
    rate: String,
    interest_base: &'static str,
    min_balance: String,
}

fn products(ctx: &Ctx, wanted: Format, output: Option<&Path>) -> Result<(), CliError> {
    crate::cli::output::list_needs_output(wanted, output)?;
    let format = crate::cli::output::list_text_format(wanted);
    let book = ctx.open_ro()?;
    let list = book.savings_products()?;
    let text = match format {
        Format::Json => {
            let v: Vec<ProductJson> = list
                .iter()
                .map(|p| ProductJson {
                    id: p.id,
                    name: &p.name,
                    kind: render::savings_kind_code(p.kind),
                    rate: p.rate.normalize().to_string(),
                    interest_base: base_code(p.base),
                    min_balance: p.min_balance.plain(),
                })
                .collect();
            crate::report::dues::to_json(&v) + "\n"
        }
        _ => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_string(),
                        p.name.clone(),
                        match format {
                            Format::Csv => render::savings_kind_code(p.kind).to_string(),
                            _ => p.kind.label(ctx.lang).to_string(),
                        },
                        match format {
                            Format::Csv => p.rate.normalize().to_string(),
                            _ => format!("{} %", decimal_text(p.rate, ctx.lang)),
                        },
                        match format {
                            Format::Csv => base_code(p.base).to_string(),
                            _ => base_label(p.base, ctx.lang).to_string(),
                        },
                        match format {
                            Format::Csv => p.min_balance.plain(),
                            _ => p.min_balance.localized(ctx.lang),
                        },
                    ]
                })
                .collect();
            if format == Format::Csv {
                let header: &[&str] = ctx.lang.pick(
                    &[
                        "producto",
                        "nombre",
                        "tipo",
                        "tasa",
                        "base_interes",
                        "saldo_minimo",
                    ],
                    &[
                        "product",
                        "name",
                        "kind",
                        "rate",
                        "interest_base",
                        "min_balance",
                    ],
                );
                crate::report::dues::write_csv(header, &rows)
            } else {
                let mut t = Table::new(vec![
                    Column::right(Msg::CliNumberShort.t(ctx.lang)),
                    Column::left(Msg::CliProduct.t(ctx.lang), 30),
                    Column::left(Msg::CliCloseEntryKind.t(ctx.lang), 20),
                    Column::right(Msg::CliSavingsAnnualRate.t(ctx.lang)),
                    Column::left(Msg::CliSavingsInterestBase.t(ctx.lang), 22),
                    Column::right(Msg::CliSavingsMinimum.t(ctx.lang)),
                ]);
                for r in &rows {
                    t.row(r);
                }
                t.render()
            }
        }
    };
    let title = Msg::CliListSavingsProducts.t(ctx.lang);
    crate::cli::output::emit_list(&book, wanted, title, &text, output, ctx.lang)
}

// ---------------------------------------------------------------------------
// The solidarity fund

/// The book open for a fund operation, with the member when one is named,
/// the amount and the date.
fn open_fund(
    ctx: &Ctx,
    member: Option<&str>,
    amount: &str,
    date: Option<&str>,
) -> Result<(Book, Option<Member>, Money, NaiveDate), CliError> {
    let amount = parse_amount("--amount", amount)?;
    let book = ctx.open_rw()?;
    let member = member.map(|k| book.find_member(k)).transpose()?;
    let date = date_or_today(&book, date)?;
    Ok((book, member, amount, date))
}

fn contribute(ctx: &Ctx, a: &ContributeArgs) -> Result<(), CliError> {
    let (mut book, member, amount, date) =
        open_fund(ctx, a.member.as_deref(), &a.amount, a.date.as_deref())?;
    let entry = book.fund_contribute(
        member.as_ref().map(|m| m.id),
        amount,
        date,
        &cash_account(&a.cash),
        &a.description,
    )?;
    let balance = book.fund_balance()?;
    let from = match &member {
        Some(m) => who(m),
        None => Msg::CliOutsideTheMembership.t(ctx.lang).into(),
    };
    print(&Msg::CliFundContributionRecorded.fill(
        ctx.lang,
        &[
            ("from", &from),
            ("id", &entry.id),
            ("amount", &amount.localized(ctx.lang)),
            ("fund_balance", &balance.localized(ctx.lang)),
        ],
    ))
}

fn grant(ctx: &Ctx, a: &GrantArgs) -> Result<(), CliError> {
    let (mut book, member, amount, date) =
        open_fund(ctx, a.member.as_deref(), &a.amount, a.date.as_deref())?;
    let g = book.fund_grant(
        member.as_ref().map(|m| m.id),
        a.beneficiary.as_deref().unwrap_or(""),
        amount,
        &a.reason,
        &a.approval,
        date,
        &cash_account(&a.cash),
    )?;
    let balance = book.fund_balance()?;
    let mut text = Msg::CliFundGrantRecorded.fill(
        ctx.lang,
        &[
            ("approval", &g.approval),
            ("beneficiary", &g.beneficiary),
            ("entry", &g.entry),
            ("amount", &g.amount.localized(ctx.lang)),
            ("number", &g.number),
            ("reason", &g.reason),
        ],
    );
    if let Some(m) = &member
        && m.full_name() != g.beneficiary
    {
        text.push_str(&Msg::CliSavingsMember.fill(ctx.lang, &[("who", &who(m))]));
    }
    text.push_str(
        &Msg::CliFundBalance.fill(ctx.lang, &[("balance", &balance.localized(ctx.lang))]),
    );
    print(&text)
}

pub fn run_fund(ctx: &Ctx, cmd: FundCmd) -> Result<(), CliError> {
    match cmd {
        FundCmd::Contribute(a) => contribute(ctx, &a),
        FundCmd::Grant(a) => grant(ctx, &a),
        FundCmd::Statement {
            month,
            format,
            grants,
            output,
        } => {
            crate::cli::output::list_needs_output(format, output.as_deref())?;
            let book = ctx.open_ro()?;
            let month = month
                .as_deref()
                .map(|m| super::dues::parse_month("--month", m))
                .transpose()?;
            let s = render::fund_statement(&book, month)?;
            let text = match crate::cli::output::list_text_format(format) {
                Format::Csv if grants => render::fund_grants_csv(&s, ctx.lang),
                Format::Csv => render::fund_csv(&s, ctx.lang),
                Format::Json => render::fund_json(&s) + "\n",
                _ => render::fund_table(&s, ctx.lang),
            };
            let title = if grants {
                Msg::CliListFundGrants
            } else {
                Msg::CliListFund
            }
            .t(ctx.lang);
            crate::cli::output::emit_list(&book, format, title, &text, output.as_deref(), ctx.lang)
        }
    }
}
