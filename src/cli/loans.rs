//! `ayni loan simulate|product|new|disburse|void|pay|payoff|schedule|list|show|writeoff`
//! and `ayni report loans|loan-arrears`.
//!
//! Everything here reads the user's words and calls the books layer
//! (`crate::books::loans`) and the renderers (`crate::report::loans`); no
//! accounting is done in this file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use serde::Serialize;

use super::dues::parse_amount;
use super::output::{Format, eprintln, print, println};
use super::{CliError, Ctx};
use crate::books::loans::{LoanApplication, LoanEvent, LoanOpError, rate_cap_warning};
use crate::books::{Book, BookError};
use crate::domain::account::codes::RESTRICTED_DEPOSITS;
use crate::domain::date::format_date;
use crate::domain::entry::Side;
use crate::domain::input;
use crate::domain::loan::{
    Loan, LoanProduct, LoanStatus, Method, Prepay, effective_annual_rate, schedule,
};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::{Lang, Msg};
use crate::report::dues::percent_text;
use crate::report::loans as render;
use crate::report::table::{Column, Table};

#[derive(Subcommand, Debug)]
pub enum LoanCmd {
    /// Simulate a loan's schedule (no book needed)
    Simulate {
        /// Amount lent, e.g. 1000 or 1.500,50
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Nominal annual rate in percent, e.g. 15 or 15,5
        #[arg(long, allow_hyphen_values = true)]
        rate: String,
        /// Term in months (1 to 360)
        #[arg(long, allow_hyphen_values = true)]
        months: String,
        /// french (fixed installment), german (fixed principal) or flat (teaching only)
        #[arg(long, default_value = "french")]
        method: String,
        /// Date of the loan [default: today]; installments fall due monthly from it
        #[arg(long)]
        start: Option<String>,
        #[arg(long, value_parser = crate::cli::output::shown_list_formats(), default_value = "table")]
        format: Format,
    },
    /// Loan products: add, list
    #[command(subcommand)]
    Product(ProductCmd),
    /// Record a loan application
    New {
        /// The borrower: identification number, or #n
        member: String,
        /// Loan product: its number or its name
        #[arg(long)]
        product: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Term in months
        #[arg(long, allow_hyphen_values = true)]
        months: String,
        /// What the money is for
        #[arg(long, default_value = "")]
        purpose: String,
        /// Another active member who guarantees the loan: identification number, or #n
        #[arg(long)]
        guarantor: Option<String>,
        /// Approval reference (minutes of the credit committee, resolution ...)
        #[arg(long)]
        approval: String,
        /// Nominal annual rate in percent [default: the product's]
        #[arg(long, allow_hyphen_values = true)]
        rate: Option<String>,
        /// Date of the application [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// Disburse an approved loan: the schedule starts that day
    Disburse {
        id: u32,
        /// Date of the disbursement [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Where the money comes from: caja, bancos, or an account code
        #[arg(long, default_value = "caja")]
        account: String,
    },
    /// Void a disbursement that has no payments yet: reverses its entry and releases the guarantee
    Void {
        id: u32,
        /// Why it is voided (kept in the reversal entry)
        #[arg(long)]
        reason: String,
        /// Date of the reversal [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// Record a repayment: late interest, interest, then principal; the rest prepays
    Pay {
        id: u32,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date of the payment [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Where the money goes: caja, bancos, or an account code
        #[arg(long, default_value = "caja")]
        account: String,
        /// A prepayment shortens the term (plazo) or lowers the installment (cuota)
        #[arg(long, default_value = "plazo")]
        prepay: String,
    },
    /// What pays a loan off on a date (interest only to that date)
    Payoff {
        id: u32,
        /// [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// A loan's schedule against its payments
    Schedule {
        id: u32,
        /// Status of each installment on this date [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List loans
    List {
        /// applied, active, paid_off, written_off or voided (solicitado, vigente, cancelado, castigado, anulado)
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A loan's statement: data, operations, schedule and payments, payoff
    Show {
        id: u32,
        /// [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a loan off (castigo), with the reason and the approval reference
    Writeoff {
        id: u32,
        #[arg(long)]
        reason: String,
        /// Approval reference (minutes of the assembly or the board)
        #[arg(long)]
        approval: String,
        /// [default: today]
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProductCmd {
    /// Add a loan product
    Add(Box<ProductArgs>),
    /// List the loan products
    List {
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal (required for xlsx)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The terms of a new loan product.
#[derive(Args, Debug)]
pub struct ProductArgs {
    #[arg(long)]
    pub name: String,
    /// french (fixed installment) or german (fixed principal)
    #[arg(long, default_value = "french")]
    pub method: String,
    /// Nominal annual rate in percent
    #[arg(long, allow_hyphen_values = true)]
    pub rate: String,
    /// Longest term, in months
    #[arg(long, allow_hyphen_values = true)]
    pub max_months: String,
    /// Largest amount
    #[arg(long, allow_hyphen_values = true)]
    pub max_amount: String,
    /// Late-interest rate, percent a year [default: the loan's rate plus 10 % of it]
    #[arg(long, allow_hyphen_values = true)]
    pub late_rate: Option<String>,
    /// Part of the amount blocked from the borrower's savings, percent
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub guarantee: String,
    /// The amount may be at most this many times the borrower's savings
    #[arg(long, allow_hyphen_values = true)]
    pub max_savings_multiple: Option<String>,
    /// Legal rate cap (BCE) for this kind of credit; a higher rate warns
    #[arg(long, allow_hyphen_values = true)]
    pub rate_cap: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: LoanCmd) -> Result<(), CliError> {
    match cmd {
        LoanCmd::Simulate {
            amount,
            rate,
            months,
            method,
            start,
            format,
        } => simulate(
            ctx,
            &amount,
            &rate,
            &months,
            &method,
            start.as_deref(),
            format,
        ),
        LoanCmd::Product(ProductCmd::Add(a)) => {
            let ProductArgs {
                name,
                method,
                rate,
                max_months,
                max_amount,
                late_rate,
                guarantee,
                max_savings_multiple,
                rate_cap,
            } = *a;
            let p = LoanProduct {
                id: 0,
                name,
                method: parse_method(&method)?,
                rate: parse_rate("--rate", &rate)?,
                max_months: parse_months("--max-months", &max_months)?,
                max_amount: parse_amount("--max-amount", &max_amount)?,
                late_rate: late_rate
                    .as_deref()
                    .map(|r| parse_rate("--late-rate", r))
                    .transpose()?,
                guarantee_percent: input::percent(&guarantee)
                    .map_err(CliError::input("--guarantee", &guarantee))?,
                max_savings_multiple: max_savings_multiple
                    .as_deref()
                    .map(|m| {
                        input::multiple(m).map_err(CliError::input("--max-savings-multiple", m))
                    })
                    .transpose()?,
                rate_cap: rate_cap
                    .as_deref()
                    .map(|r| parse_rate("--rate-cap", r))
                    .transpose()?,
            };
            product_add(ctx, p)
        }
        LoanCmd::Product(ProductCmd::List { format, output }) => {
            product_list(ctx, format, output.as_deref())
        }
        LoanCmd::New {
            member,
            product,
            amount,
            months,
            purpose,
            guarantor,
            approval,
            rate,
            date,
        } => apply(
            ctx,
            &NewLoan {
                member: &member,
                product: &product,
                amount: &amount,
                months: &months,
                purpose: &purpose,
                guarantor: guarantor.as_deref(),
                approval: &approval,
                rate: rate.as_deref(),
                date: date.as_deref(),
            },
        ),
        LoanCmd::Disburse { id, date, account } => disburse(ctx, id, date.as_deref(), &account),
        LoanCmd::Void { id, reason, date } => void(ctx, id, &reason, date.as_deref()),
        LoanCmd::Pay {
            id,
            amount,
            date,
            account,
            prepay,
        } => pay(ctx, id, &amount, date.as_deref(), &account, &prepay),
        LoanCmd::Payoff { id, date, format } => payoff(ctx, id, date.as_deref(), format),
        LoanCmd::Schedule {
            id,
            date,
            format,
            output,
        } => loan_report(
            ctx,
            id,
            date.as_deref(),
            format,
            output.as_deref(),
            render::LoanSchedule::of,
        ),
        LoanCmd::List {
            status,
            format,
            output,
        } => list(ctx, status.as_deref(), format, output.as_deref()),
        LoanCmd::Show {
            id,
            date,
            format,
            output,
        } => loan_report(
            ctx,
            id,
            date.as_deref(),
            format,
            output.as_deref(),
            render::LoanStatementReport::of,
        ),
        LoanCmd::Writeoff {
            id,
            reason,
            approval,
            date,
        } => write_off(ctx, id, &reason, &approval, date.as_deref()),
    }
}

// ---------------------------------------------------------------------------
// Reading what the user typed

/// A nominal annual rate in percent, 0 to 100.
fn parse_rate(flag: &str, s: &str) -> Result<Decimal, CliError> {
    input::rate(s).map_err(CliError::input(flag, s))
}

/// A term in whole months. Zero and other out-of-range terms are left to the
/// books layer, which gives its own message (1 to 360 months).
fn parse_months(flag: &str, s: &str) -> Result<u32, CliError> {
    input::months(s).map_err(CliError::input(flag, s))
}

fn parse_method(s: &str) -> Result<Method, CliError> {
    Method::parse(s).ok_or_else(|| CliError::BadMethod(s.to_string()))
}

fn parse_prepay(s: &str) -> Result<Prepay, CliError> {
    match s.trim().to_lowercase().as_str() {
        "plazo" | "term" | "shorten" | "shorten-term" => Ok(Prepay::ShortenTerm),
        "cuota" | "installment" | "lower" | "lower-installment" => Ok(Prepay::LowerInstallment),
        _ => Err(CliError::BadPrepay(s.to_string())),
    }
}

/// `caja` (1101), `bancos` (1103), or an account code (digits only).
fn parse_cash_account(s: &str) -> Result<String, CliError> {
    let code = super::dues::cash_account(s);
    if !code.is_empty() && code.len() <= 10 && code.chars().all(|ch| ch.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(CliError::BadCashAccount(s.to_string()))
    }
}

fn parse_status(s: &str) -> Result<&'static str, CliError> {
    match s.trim().to_lowercase().as_str() {
        "applied" | "solicitado" | "solicitud" => Ok("applied"),
        "active" | "vigente" | "activo" => Ok("active"),
        "paid_off" | "paid-off" | "paid" | "cancelado" | "pagado" => Ok("paid_off"),
        "written_off" | "written-off" | "castigado" => Ok("written_off"),
        "voided" | "void" | "anulado" => Ok("voided"),
        _ => Err(CliError::BadLoanStatus(s.to_string())),
    }
}

/// A date given to `flag`, or `today`.
fn date_or(flag: &str, s: Option<&str>, today: NaiveDate) -> Result<NaiveDate, CliError> {
    Ok(match s {
        Some(d) => super::dues::parse_date(flag, d)?,
        None => today,
    })
}

/// A product by its number or its name (without regard to case or spacing).
fn find_product(book: &Book, key: &str) -> Result<LoanProduct, CliError> {
    let products = book.loan_products()?;
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    super::dues::find_by_key(&products, key, |p| p.id, |p| &p.name, norm)
        .cloned()
        .ok_or_else(|| CliError::UnknownLoanProduct {
            key: key.to_string(),
            known: products
                .iter()
                .map(|p| format!("{} {}", p.id, p.name))
                .collect(),
        })
}

fn who(m: &Member) -> String {
    format!("#{} {} ({})", m.id, m.full_name(), m.id_number)
}

fn member_name(book: &Book, id: u32) -> Result<String, CliError> {
    Ok(book
        .member(id)?
        .map(|m| who(&m))
        .unwrap_or_else(|| format!("#{id}")))
}

fn rate_text(d: Decimal, lang: Lang) -> String {
    let s = render::rate_plain(d);
    let mark = lang.number_marks().1.to_string();
    Msg::CliRatePercent.fill(lang, &[("rate", &s.replace('.', &mark))])
}

fn months_text(n: u32, lang: Lang) -> String {
    Msg::CliTermMonths.fill(lang, &[("n", &n)])
}

fn account_text(book: &Book, code: &str, lang: Lang) -> String {
    match book.account(code) {
        Some(a) => format!("{} ({code})", a.display_name(lang)),
        None => code.to_string(),
    }
}

/// Label and value lines aligned on the values.
fn block(fields: &[(String, String)]) -> String {
    let w = fields
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (l, v) in fields {
        out.push_str(l);
        out.push_str(&" ".repeat(w - l.chars().count() + 2));
        out.push_str(v);
        out.push('\n');
    }
    out
}

/// Amounts right-aligned under each other.
fn amounts(fields: &[(String, Money)], lang: Lang) -> String {
    let texts: Vec<String> = fields.iter().map(|(_, m)| m.localized(lang)).collect();
    let vw = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let rows: Vec<(String, String)> = fields
        .iter()
        .zip(texts)
        .map(|((l, _), t)| {
            (
                l.clone(),
                format!("{}{t}", " ".repeat(vw - t.chars().count())),
            )
        })
        .collect();
    block(&rows)
}

// ---------------------------------------------------------------------------
// Simulator

fn simulate(
    ctx: &Ctx,
    amount: &str,
    rate: &str,
    months: &str,
    method: &str,
    start: Option<&str>,
    format: Format,
) -> Result<(), CliError> {
    // Every value is checked before anything is computed; no book is opened.
    let amount = parse_amount("--amount", amount)?;
    let rate = parse_rate("--rate", rate)?;
    let months = parse_months("--months", months)?;
    let method = parse_method(method)?;
    let start = date_or("--start", start, crate::clock::today())?;
    let s = schedule(method, amount, rate, months, start)
        .map_err(|e| CliError::Book(LoanOpError::from(e).into()))?;
    let report = render::LoanSimulation::of(s);
    print(&super::reports::list_text(&report, format, ctx.lang))
}

// ---------------------------------------------------------------------------
// Products

fn product_fields(p: &LoanProduct, ctx: &Ctx) -> Vec<(String, String)> {
    let lang = ctx.lang;
    vec![
        (
            Msg::CliProduct.t(ctx.lang).to_string(),
            format!("{} {}", p.id, p.name),
        ),
        (
            Msg::CliMethod.t(ctx.lang).to_string(),
            p.method.label(lang).to_string(),
        ),
        (
            Msg::CliNominalAnnualRate.t(ctx.lang).to_string(),
            rate_text(p.rate, lang),
        ),
        (
            Msg::CliEffectiveAnnualRate.t(ctx.lang).to_string(),
            percent_text(effective_annual_rate(p.rate), lang),
        ),
        (
            Msg::CliLateRate.t(ctx.lang).to_string(),
            match p.late_rate {
                Some(r) => rate_text(r, lang),
                None => format!(
                    "{} {}",
                    rate_text(p.late_rate_for(p.rate), lang),
                    Msg::CliLateRateDefault.t(ctx.lang)
                ),
            },
        ),
        (
            Msg::CliLongestTerm.t(ctx.lang).to_string(),
            months_text(p.max_months, lang),
        ),
        (
            Msg::CliLargestAmount.t(ctx.lang).to_string(),
            p.max_amount.localized(lang),
        ),
        (
            Msg::CliGuarantee.t(ctx.lang).to_string(),
            format!(
                "{} {}",
                rate_text(p.guarantee_percent, lang),
                Msg::CliGuaranteeOfAmount.t(ctx.lang)
            ),
        ),
        (
            Msg::CliLimitBySavings.t(ctx.lang).to_string(),
            match p.max_savings_multiple {
                Some(m) => format!(
                    "{} {}",
                    render::rate_plain(m),
                    Msg::CliTimesSavings.t(ctx.lang)
                ),
                None => "—".to_string(),
            },
        ),
        (
            Msg::CliLegalRateCap.t(ctx.lang).to_string(),
            p.rate_cap
                .map(|c| rate_text(c, lang))
                .unwrap_or_else(|| "—".to_string()),
        ),
    ]
}

fn product_add(ctx: &Ctx, p: LoanProduct) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let (p, warning) = book.add_loan_product(p)?;
    let mut text = Msg::CliLoanProductAdded.t(ctx.lang).to_string();
    text.push_str(&block(&product_fields(&p, ctx)));
    print(&text)?;
    if let Some(cap) = warning {
        eprintln(&rate_cap_warning(p.rate, cap, ctx.lang));
    }
    Ok(())
}

#[derive(Serialize)]
struct ProductJson {
    id: u32,
    name: String,
    method: &'static str,
    rate: String,
    effective_annual_rate: String,
    late_rate: String,
    late_rate_default: bool,
    max_months: u32,
    max_amount: String,
    guarantee_percent: String,
    max_savings_multiple: Option<String>,
    rate_cap: Option<String>,
}

fn product_list(ctx: &Ctx, format: Format, output: Option<&Path>) -> Result<(), CliError> {
    crate::cli::output::list_needs_output(format, output)?;
    let book = ctx.open_ro()?;
    let products = book.loan_products()?;
    let lang = ctx.lang;
    let text = match crate::cli::output::list_text_format(format) {
        Format::Json => {
            let v: Vec<ProductJson> = products
                .iter()
                .map(|p| ProductJson {
                    id: p.id,
                    name: p.name.clone(),
                    method: p.method.code(),
                    rate: render::rate_plain(p.rate),
                    effective_annual_rate: render::effective_plain(p.rate),
                    late_rate: render::rate_plain(p.late_rate_for(p.rate)),
                    late_rate_default: p.late_rate.is_none(),
                    max_months: p.max_months,
                    max_amount: p.max_amount.plain(),
                    guarantee_percent: render::rate_plain(p.guarantee_percent),
                    max_savings_multiple: p.max_savings_multiple.map(render::rate_plain),
                    rate_cap: p.rate_cap.map(render::rate_plain),
                })
                .collect();
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".to_string()) + "\n"
        }
        Format::Csv => {
            let header: &[&str] = lang.pick(
                &[
                    "producto",
                    "nombre",
                    "metodo",
                    "tasa",
                    "tasa_efectiva",
                    "tasa_mora",
                    "plazo_maximo",
                    "monto_maximo",
                    "encaje",
                    "veces_ahorros",
                    "techo_tasa",
                ],
                &[
                    "product",
                    "name",
                    "method",
                    "rate",
                    "effective_rate",
                    "late_rate",
                    "max_months",
                    "max_amount",
                    "guarantee",
                    "savings_multiple",
                    "rate_cap",
                ],
            );
            let cells: Vec<Vec<String>> = products
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_string(),
                        crate::report::trial_balance::sheet_safe(&p.name),
                        p.method.code().to_string(),
                        render::rate_plain(p.rate),
                        render::effective_plain(p.rate),
                        render::rate_plain(p.late_rate_for(p.rate)),
                        p.max_months.to_string(),
                        p.max_amount.plain(),
                        render::rate_plain(p.guarantee_percent),
                        p.max_savings_multiple
                            .map(render::rate_plain)
                            .unwrap_or_default(),
                        p.rate_cap.map(render::rate_plain).unwrap_or_default(),
                    ]
                })
                .collect();
            crate::report::dues::write_csv(header, &cells)
        }
        _ => {
            if products.is_empty() {
                Msg::CliNoLoanProducts.t(ctx.lang).to_string()
            } else {
                let mut t = Table::new(vec![
                    Column::right(Msg::CliNumberShort.t(ctx.lang)),
                    Column::left(Msg::CliProductName.t(ctx.lang), 30),
                    Column::left(Msg::CliMethod.t(ctx.lang), 10),
                    Column::right(Msg::CliRate.t(ctx.lang)),
                    Column::right(Msg::CliEffectiveRateShort.t(ctx.lang)),
                    Column::right(Msg::CliLateRateShort.t(ctx.lang)),
                    Column::right(Msg::CliMaxTerm.t(ctx.lang)),
                    Column::right(Msg::CliMaxAmount.t(ctx.lang)),
                    Column::right(Msg::CliGuarantee.t(ctx.lang)),
                    Column::right(Msg::CliTimesSavingsShort.t(ctx.lang)),
                    Column::right(Msg::CliCap.t(ctx.lang)),
                ]);
                for p in &products {
                    t.row(&[
                        p.id.to_string(),
                        p.name.clone(),
                        p.method.short_label(lang).to_string(),
                        rate_text(p.rate, lang),
                        percent_text(effective_annual_rate(p.rate), lang),
                        rate_text(p.late_rate_for(p.rate), lang),
                        p.max_months.to_string(),
                        p.max_amount.localized(lang),
                        rate_text(p.guarantee_percent, lang),
                        p.max_savings_multiple
                            .map(render::rate_plain)
                            .unwrap_or_default(),
                        p.rate_cap.map(|c| rate_text(c, lang)).unwrap_or_default(),
                    ]);
                }
                t.render()
            }
        }
    };
    let title = Msg::CliListLoanProducts.t(lang);
    crate::cli::output::emit_list(&book, format, title, &text, output, lang)
}

// ---------------------------------------------------------------------------
// Application, disbursement, repayment

struct NewLoan<'a> {
    member: &'a str,
    product: &'a str,
    amount: &'a str,
    months: &'a str,
    purpose: &'a str,
    guarantor: Option<&'a str>,
    approval: &'a str,
    rate: Option<&'a str>,
    date: Option<&'a str>,
}

fn apply(ctx: &Ctx, n: &NewLoan) -> Result<(), CliError> {
    let amount = parse_amount("--amount", n.amount)?;
    let months = parse_months("--months", n.months)?;
    let rate = n.rate.map(|r| parse_rate("--rate", r)).transpose()?;
    let mut book = ctx.open_rw()?;
    let date = date_or("--date", n.date, book.today())?;
    let member = book.find_member(n.member)?;
    let guarantor = n.guarantor.map(|g| book.find_member(g)).transpose()?;
    let product = find_product(&book, n.product)?;
    let (loan, warning) = book.apply_loan(&LoanApplication {
        member: member.id,
        product: product.id,
        amount,
        months,
        rate,
        purpose: n.purpose.to_string(),
        guarantor: guarantor.as_ref().map(|g| g.id),
        approval: n.approval.to_string(),
        date,
    })?;
    let lang = ctx.lang;
    let mut text = Msg::CliLoanApplicationRecorded.fill(ctx.lang, &[("id", &loan.id)]);
    let mut f = vec![
        (Msg::Member.t(ctx.lang).to_string(), who(&member)),
        (
            Msg::CliProduct.t(ctx.lang).to_string(),
            product.name.clone(),
        ),
        (
            Msg::CliLoanAmount.t(ctx.lang).to_string(),
            loan.amount.localized(lang),
        ),
        (
            Msg::CliTerm.t(ctx.lang).to_string(),
            months_text(loan.months, lang),
        ),
        (
            Msg::CliMethod.t(ctx.lang).to_string(),
            loan.method.label(lang).to_string(),
        ),
        (
            Msg::CliNominalAnnualRate.t(ctx.lang).to_string(),
            rate_text(loan.rate, lang),
        ),
        (
            Msg::CliEffectiveAnnualRate.t(ctx.lang).to_string(),
            percent_text(render::loan_effective_rate(&loan), lang),
        ),
        (
            Msg::CliLateRate.t(ctx.lang).to_string(),
            rate_text(loan.late_rate, lang),
        ),
    ];
    if let Some(g) = &guarantor {
        f.push((Msg::CliLoanGuarantor.t(ctx.lang).to_string(), who(g)));
    }
    if !loan.purpose.is_empty() {
        f.push((
            Msg::CliLoanPurpose.t(ctx.lang).to_string(),
            loan.purpose.clone(),
        ));
    }
    f.push((
        Msg::CliLoanApproval.t(ctx.lang).to_string(),
        loan.approval.clone(),
    ));
    f.push((
        Msg::Date.t(ctx.lang).to_string(),
        format_date(loan.applied_on, lang),
    ));
    text.push_str(&block(&f));
    text.push_str(&Msg::CliLoanDisburseHint.fill(ctx.lang, &[("id", &loan.id)]));
    print(&text)?;
    if let Some(cap) = warning {
        eprintln(&rate_cap_warning(loan.rate, cap, lang));
    }
    Ok(())
}

/// The entry of the latest operation of `loan` of the kind `pick` accepts.
fn last_event(
    book: &Book,
    loan: u32,
    pick: impl Fn(&LoanEvent) -> bool,
) -> Result<Option<(u64, LoanEvent)>, CliError> {
    Ok(book
        .loan_events(loan)?
        .into_iter()
        .filter(|(_, ev)| pick(ev))
        .max_by_key(|(e, _)| e.id)
        .map(|(e, ev)| (e.id, ev)))
}

fn disburse(ctx: &Ctx, id: u32, date: Option<&str>, account: &str) -> Result<(), CliError> {
    let account = parse_cash_account(account)?;
    let mut book = ctx.open_rw()?;
    let date = date_or("--date", date, book.today())?;
    let done = book.record_disbursement(id, date, &account)?;
    let (entry, loan) = (done.entry.id, done.loan);
    let lang = ctx.lang;
    let name = member_name(&book, loan.member)?;
    let mut text = Msg::CliLoanDisbursed.fill(
        ctx.lang,
        &[
            ("account_text", &account_text(&book, &account, lang)),
            ("entry", &entry),
            ("date", &format_date(date, lang)),
            ("id", &id),
            ("amount", &loan.amount.localized(lang)),
            ("name", &name),
        ],
    );
    if let Some((acc, blocked)) = loan.guarantee {
        text.push_str(&Msg::CliGuaranteeBlocked.fill(
            ctx.lang,
            &[("account", &acc), ("amount", &blocked.localized(lang))],
        ));
    }
    text.push('\n');
    text.push_str(Msg::CliScheduleHead.t(ctx.lang));
    text.push_str(&render::schedule_table(&loan, date, lang));
    print(&text)
}

fn void(ctx: &Ctx, id: u32, reason: &str, date: Option<&str>) -> Result<(), CliError> {
    if reason.trim().is_empty() {
        return Err(CliError::ReasonRequired);
    }
    let mut book = ctx.open_rw()?;
    let date = date_or("--date", date, book.today())?;
    let entry = book.void_disbursement(id, date, reason)?;
    let loan = book.loan(id)?;
    let lang = ctx.lang;
    let back_to = entry
        .postings
        .iter()
        .find(|p| p.side == Side::Debit)
        .map(|p| account_text(&book, &p.account, lang))
        .unwrap_or_default();
    let mut text = Msg::CliDisbursementVoided.fill(
        lang,
        &[
            ("id", &id),
            ("date", &format_date(date, lang)),
            ("entry", &entry.id),
            ("reverses", &entry.reverses.unwrap_or_default()),
            ("amount", &loan.amount.localized(lang)),
            ("back_to", &back_to),
        ],
    );
    if let Some((acc, blocked)) = loan.guarantee {
        text.push_str(&Msg::CliGuaranteeReleased.fill(
            ctx.lang,
            &[("account", &acc), ("amount", &blocked.localized(lang))],
        ));
    }
    print(&text)
}

fn pay(
    ctx: &Ctx,
    id: u32,
    amount: &str,
    date: Option<&str>,
    account: &str,
    prepay: &str,
) -> Result<(), CliError> {
    let amount = parse_amount("--amount", amount)?;
    let account = parse_cash_account(account)?;
    let how = parse_prepay(prepay)?;
    let mut book = ctx.open_rw()?;
    let date = date_or("--date", date, book.today())?;
    let plan = book.loan_payment_plan(id, amount, date, &account, how)?;
    let done = book.commit_loan_payment(&plan)?;
    let (entry, loan) = (&done.entry, &done.loan);
    let (late, interest, principal, prepaid, paid_off) = (
        done.late,
        done.interest,
        done.principal,
        done.prepaid,
        done.paid_off,
    );
    let lang = ctx.lang;
    let mut text = Msg::CliLoanPaymentRecorded.fill(
        ctx.lang,
        &[
            ("date", &format_date(date, lang)),
            ("id", &id),
            ("entry", &entry.id),
            ("amount", &amount.localized(lang)),
        ],
    );
    text.push_str(&amounts(
        &[
            (Msg::CliLateInterest.t(ctx.lang).to_string(), late),
            (Msg::CliInterest.t(ctx.lang).to_string(), interest),
            (
                Msg::CliPrincipal.t(ctx.lang).to_string(),
                principal - prepaid,
            ),
            (
                Msg::CliPrepaymentToPrincipal.t(ctx.lang).to_string(),
                prepaid,
            ),
            (Msg::Total.t(ctx.lang).to_string(), amount),
        ],
        lang,
    ));
    if paid_off {
        text.push_str(Msg::CliLoanPaidOff.t(ctx.lang));
        if loan.guarantee.is_some() {
            text.push_str(Msg::CliGuaranteeReleasedNote.t(ctx.lang));
        }
        text.push('\n');
    } else {
        if prepaid.is_positive() {
            text.push_str(match how {
                Prepay::ShortenTerm => Msg::CliPrepaymentShortensTerm.t(ctx.lang),
                Prepay::LowerInstallment => Msg::CliPrepaymentLowersInstallment.t(ctx.lang),
            });
        }
        text.push_str(&Msg::CliOutstandingPrincipal.fill(
            ctx.lang,
            &[("outstanding", &loan.outstanding().localized(lang))],
        ));
        if let Some(next) = &done.next {
            text.push_str(&Msg::CliNextInstallment.fill(
                ctx.lang,
                &[
                    ("due", &format_date(next.due, lang)),
                    ("amount", &next.owed.localized(lang)),
                    ("n", &next.n),
                ],
            ));
        }
    }
    print(&text)
}

#[derive(Serialize)]
struct PayoffJson {
    loan: u32,
    date: String,
    payoff: String,
    principal: String,
    interest: String,
    late_interest: String,
}

fn payoff(ctx: &Ctx, id: u32, date: Option<&str>, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = date_or("--date", date, book.today())?;
    let loan = book.loan(id)?;
    if loan.status != LoanStatus::Active {
        return Err(CliError::Book(LoanOpError::WrongState.into()));
    }
    let total = book.payoff_amount(id, date)?;
    // The parts, as the books layer counts them: principal owed, late
    // interest accrued to the date, and the rest is ordinary interest.
    let principal = loan.outstanding();
    let mut accrued = loan.clone();
    accrued.accrue_late(date);
    let late: Money = accrued.installments.iter().map(|i| i.late_due()).sum();
    let interest = total - principal - late;
    let lang = ctx.lang;
    let text = match format {
        Format::Json => {
            serde_json::to_string_pretty(&PayoffJson {
                loan: id,
                date: date.format("%Y-%m-%d").to_string(),
                payoff: total.plain(),
                principal: principal.plain(),
                interest: interest.plain(),
                late_interest: late.plain(),
            })
            .unwrap_or_else(|_| "{}".to_string())
                + "\n"
        }
        _ => {
            let mut s = Msg::CliPayoffAmount.fill(
                ctx.lang,
                &[
                    ("date", &format_date(date, lang)),
                    ("id", &id),
                    ("amount", &total.localized(lang)),
                ],
            );
            s.push_str(&amounts(
                &[
                    (Msg::CliPrincipal.t(ctx.lang).to_string(), principal),
                    (Msg::CliPayoffInterest.t(ctx.lang).to_string(), interest),
                    (Msg::CliLateInterest.t(ctx.lang).to_string(), late),
                ],
                lang,
            ));
            s.push_str(&Msg::CliPayoffHint.fill(
                ctx.lang,
                &[
                    ("date", &date.format("%Y-%m-%d")),
                    ("id", &id),
                    ("amount", &total.plain()),
                ],
            ));
            s
        }
    };
    print(&text)
}

/// A report on one loan as it stands at `--date` (today by default): its
/// schedule, or its statement.
fn loan_report<R: crate::report::render::Report>(
    ctx: &Ctx,
    id: u32,
    date: Option<&str>,
    format: Format,
    output: Option<&Path>,
    of: fn(&Book, u32, NaiveDate) -> Result<R, BookError>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = date_or("--date", date, book.today())?;
    let report = of(&book, id, date)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn write_off(
    ctx: &Ctx,
    id: u32,
    reason: &str,
    approval: &str,
    date: Option<&str>,
) -> Result<(), CliError> {
    if reason.trim().is_empty() {
        return Err(CliError::ReasonRequired);
    }
    let mut book = ctx.open_rw()?;
    let date = date_or("--date", date, book.today())?;
    let entry = book.write_off_loan_because(id, date, approval, reason)?;
    let lang = ctx.lang;
    let principal = last_event(&book, id, |e| e.written_off().is_some())?
        .and_then(|(_, e)| e.written_off())
        .unwrap_or(Money::ZERO);
    let guarantee: Money = entry
        .postings
        .iter()
        .filter(|p| p.account == RESTRICTED_DEPOSITS)
        .map(|p| p.amount)
        .sum();
    let mut text = Msg::CliLoanWrittenOff.fill(
        ctx.lang,
        &[
            ("date", &format_date(date, lang)),
            ("id", &id),
            ("entry", &entry.id),
            ("reference", &entry.reference),
        ],
    );
    text.push_str(&amounts(
        &[
            (
                Msg::CliPrincipalWrittenOff.t(ctx.lang).to_string(),
                principal,
            ),
            (
                Msg::CliCoveredByTheGuarantee.t(ctx.lang).to_string(),
                guarantee,
            ),
            (
                Msg::CliLossExpense.t(ctx.lang).to_string(),
                principal - guarantee,
            ),
        ],
        lang,
    ));
    println(&text)
}

// ---------------------------------------------------------------------------
// Lists and reports

#[derive(Serialize)]
struct LoanListJson {
    id: u32,
    member: u32,
    member_id_number: String,
    name: String,
    product: String,
    amount: String,
    months: u32,
    rate: String,
    method: &'static str,
    applied_on: String,
    disbursed_on: Option<String>,
    status: &'static str,
    outstanding: String,
    days_past_due: i64,
}

fn list(
    ctx: &Ctx,
    status: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let wanted = status.map(parse_status).transpose()?;
    crate::cli::output::list_needs_output(format, output)?;
    let book = ctx.open_ro()?;
    let today = book.today();
    let products = book.loan_products()?;
    let mut loans: Vec<Loan> = book.loans()?;
    loans.retain(|l| wanted.is_none_or(|w| render::loan_status_code(&l.status) == w));
    let lang = ctx.lang;
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut rows = Vec::with_capacity(loans.len());
    for l in &loans {
        let m = book.member(l.member)?;
        let active = l.status == LoanStatus::Active;
        rows.push(LoanListJson {
            id: l.id,
            member: l.member,
            member_id_number: m.as_ref().map(|m| m.id_number.clone()).unwrap_or_default(),
            name: m.as_ref().map(|m| m.full_name()).unwrap_or_default(),
            product: products
                .iter()
                .find(|p| p.id == l.product)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            amount: l.amount.plain(),
            months: l.months,
            rate: render::rate_plain(l.rate),
            method: l.method.code(),
            applied_on: iso(l.applied_on),
            disbursed_on: l.disbursed_on.map(iso),
            status: render::loan_status_code(&l.status),
            outstanding: if active { l.outstanding() } else { Money::ZERO }.plain(),
            days_past_due: if active { l.days_past_due(today) } else { 0 },
        });
    }
    let text = match crate::cli::output::list_text_format(format) {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()) + "\n",
        Format::Csv => {
            let header: &[&str] = lang.pick(
                &[
                    "prestamo",
                    "socio",
                    "identificacion",
                    "nombre",
                    "producto",
                    "monto",
                    "plazo",
                    "tasa",
                    "metodo",
                    "solicitado",
                    "desembolsado",
                    "estado",
                    "saldo",
                    "dias_atraso",
                ],
                &[
                    "loan",
                    "member",
                    "id_number",
                    "name",
                    "product",
                    "amount",
                    "months",
                    "rate",
                    "method",
                    "applied_on",
                    "disbursed_on",
                    "status",
                    "outstanding",
                    "days_past_due",
                ],
            );
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.member.to_string(),
                        r.member_id_number.clone(),
                        crate::report::trial_balance::sheet_safe(&r.name),
                        crate::report::trial_balance::sheet_safe(&r.product),
                        r.amount.clone(),
                        r.months.to_string(),
                        r.rate.clone(),
                        r.method.to_string(),
                        r.applied_on.clone(),
                        r.disbursed_on.clone().unwrap_or_default(),
                        r.status.to_string(),
                        r.outstanding.clone(),
                        r.days_past_due.to_string(),
                    ]
                })
                .collect();
            crate::report::dues::write_csv(header, &cells)
        }
        _ => {
            if rows.is_empty() {
                Msg::CliNoLoans.t(ctx.lang).to_string()
            } else {
                let mut t = Table::new(vec![
                    Column::right(Msg::CliNumberShort.t(ctx.lang)),
                    Column::left(Msg::Member.t(ctx.lang), 30),
                    Column::left(Msg::CliProduct.t(ctx.lang), 24),
                    Column::right(Msg::CliLoanAmount.t(ctx.lang)),
                    Column::right(Msg::CliTerm.t(ctx.lang)),
                    Column::right(Msg::CliRate.t(ctx.lang)),
                    Column::left(Msg::CliLoanSince.t(ctx.lang), 10),
                    Column::left(Msg::CliLoanStatus.t(ctx.lang), 11),
                    Column::right(Msg::CliProvisionOutstanding.t(ctx.lang)),
                    Column::right(Msg::CliLoanDaysLate.t(ctx.lang)),
                ]);
                let mut total = Money::ZERO;
                for (r, l) in rows.iter().zip(&loans) {
                    let out = if l.status == LoanStatus::Active {
                        l.outstanding()
                    } else {
                        Money::ZERO
                    };
                    total += out;
                    t.row(&[
                        r.id.to_string(),
                        r.name.clone(),
                        r.product.clone(),
                        l.amount.localized(lang),
                        l.months.to_string(),
                        rate_text(l.rate, lang),
                        format_date(l.disbursed_on.unwrap_or(l.applied_on), lang),
                        render::loan_status_label(r.status, lang).to_string(),
                        if l.status == LoanStatus::Active {
                            out.localized(lang)
                        } else {
                            String::new()
                        },
                        if r.days_past_due > 0 {
                            r.days_past_due.to_string()
                        } else {
                            String::new()
                        },
                    ]);
                }
                t.rule();
                t.row(&[
                    String::new(),
                    Msg::CliLoansTotalRow.fill(ctx.lang, &[("loans", &rows.len())]),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    total.localized(lang),
                    String::new(),
                ]);
                t.render()
            }
        }
    };
    let title = Msg::CliListLoans.t(lang);
    crate::cli::output::emit_list(&book, format, title, &text, output, lang)
}
