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
use super::output::{Format, ShortFormat, emit, eprintln, print, println};
use super::{CliError, Ctx};
use crate::books::Book;
use crate::books::loans::{LoanApplication, LoanEvent, LoanOpError, rate_cap_warning};
use crate::domain::account::codes::RESTRICTED_DEPOSITS;
use crate::domain::date::format_date;
use crate::domain::entry::Side;
use crate::domain::input;
use crate::domain::loan::{
    Loan, LoanProduct, LoanStatus, Method, Prepay, effective_annual_rate, schedule,
};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Lang;
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
        #[arg(long, value_enum, default_value_t)]
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
        #[arg(long, value_enum, default_value_t)]
        format: ShortFormat,
    },
    /// A loan's schedule against its payments
    Schedule {
        id: u32,
        /// Status of each installment on this date [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List loans
    List {
        /// applied, active, paid_off, written_off or voided (solicitado, vigente, cancelado, castigado, anulado)
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_enum, default_value_t)]
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
        #[arg(long, value_enum, default_value_t)]
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
        #[arg(long, value_enum, default_value_t)]
        format: Format,
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

/// `ayni report loans` and `ayni report loan-arrears`.
#[derive(Args, Debug)]
pub struct LoanReportArgs {
    /// The date of the report [default: today]
    #[arg(long, conflicts_with = "month")]
    pub date: Option<String>,
    /// YYYY-MM: at the month's last day (today for the current month)
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
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
        LoanCmd::Product(ProductCmd::List { format }) => product_list(ctx, format),
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
        } => schedule_cmd(ctx, id, date.as_deref(), format, output.as_deref()),
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
        } => show(ctx, id, date.as_deref(), format, output.as_deref()),
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
    let k = norm(key);
    let by_id = k
        .strip_prefix('#')
        .unwrap_or(&k)
        .parse::<u32>()
        .ok()
        .and_then(|n| products.iter().find(|p| p.id == n));
    by_id
        .or_else(|| products.iter().find(|p| norm(&p.name) == k))
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
    match lang {
        Lang::Es => format!("{} %", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    }
}

fn months_text(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("{n} meses"),
        Lang::En => format!("{n} months"),
    }
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
    let text = match format {
        Format::Table => render::simulation_table(&s, ctx.lang),
        Format::Csv => render::simulation_csv(&s, ctx.lang),
        Format::Json => render::simulation_json(&s) + "\n",
    };
    print(&text)
}

// ---------------------------------------------------------------------------
// Products

fn product_fields(p: &LoanProduct, ctx: &Ctx) -> Vec<(String, String)> {
    let lang = ctx.lang;
    let t = |es: &str, en: &str| ctx.t(es, en).to_string();
    vec![
        (t("Producto", "Product"), format!("{} {}", p.id, p.name)),
        (t("Método", "Method"), p.method.label(lang).to_string()),
        (
            t("Tasa nominal anual", "Nominal annual rate"),
            rate_text(p.rate, lang),
        ),
        (
            t("Tasa efectiva anual", "Effective annual rate"),
            percent_text(effective_annual_rate(p.rate), lang),
        ),
        (
            t("Tasa de mora", "Late rate"),
            match p.late_rate {
                Some(r) => rate_text(r, lang),
                None => format!(
                    "{} {}",
                    rate_text(p.late_rate_for(p.rate), lang),
                    ctx.t(
                        "(la tasa del préstamo más el 10 % de ella)",
                        "(the loan's rate plus 10% of it)"
                    )
                ),
            },
        ),
        (
            t("Plazo máximo", "Longest term"),
            months_text(p.max_months, lang),
        ),
        (
            t("Monto máximo", "Largest amount"),
            p.max_amount.localized(lang),
        ),
        (
            t("Encaje", "Guarantee"),
            format!(
                "{} {}",
                rate_text(p.guarantee_percent, lang),
                ctx.t(
                    "del monto, bloqueado de los ahorros",
                    "of the amount, blocked from savings"
                )
            ),
        ),
        (
            t("Máximo según ahorros", "Limit by savings"),
            match p.max_savings_multiple {
                Some(m) => format!(
                    "{} {}",
                    render::rate_plain(m),
                    ctx.t("veces los ahorros", "times the savings")
                ),
                None => "—".to_string(),
            },
        ),
        (
            t("Techo legal de tasa", "Legal rate cap"),
            p.rate_cap
                .map(|c| rate_text(c, lang))
                .unwrap_or_else(|| "—".to_string()),
        ),
    ]
}

fn product_add(ctx: &Ctx, p: LoanProduct) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let (p, warning) = book.add_loan_product(p)?;
    let mut text = ctx
        .t("Producto de crédito registrado.\n", "Loan product added.\n")
        .to_string();
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

fn product_list(ctx: &Ctx, format: Format) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let products = book.loan_products()?;
    let lang = ctx.lang;
    let text = match format {
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
            let header: &[&str] = match lang {
                Lang::Es => &[
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
                Lang::En => &[
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
            };
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut ok = w.write_record(header).is_ok();
            for p in &products {
                ok &= w
                    .write_record([
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
                    ])
                    .is_ok();
            }
            // Writing into memory cannot fail; a failure shows as an empty text.
            match (ok, w.into_inner()) {
                (true, Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                _ => String::new(),
            }
        }
        Format::Table => {
            if products.is_empty() {
                ctx.t(
                    "No hay productos de crédito. Cree uno con: ayni loan product add --name NOMBRE --rate 15 --max-months 24 --max-amount 5000\n",
                    "No loan products. Add one with: ayni loan product add --name NAME --rate 15 --max-months 24 --max-amount 5000\n",
                )
                .to_string()
            } else {
                let mut t = Table::new(vec![
                    Column::right(ctx.t("N.º", "No.")),
                    Column::left(ctx.t("Nombre", "Name"), 30),
                    Column::left(ctx.t("Método", "Method"), 10),
                    Column::right(ctx.t("Tasa", "Rate")),
                    Column::right(ctx.t("Efectiva", "Effective")),
                    Column::right(ctx.t("Mora", "Late")),
                    Column::right(ctx.t("Plazo máx.", "Max term")),
                    Column::right(ctx.t("Monto máx.", "Max amount")),
                    Column::right(ctx.t("Encaje", "Guarantee")),
                    Column::right(ctx.t("× ahorros", "× savings")),
                    Column::right(ctx.t("Techo", "Cap")),
                ]);
                for p in &products {
                    t.row(&[
                        p.id.to_string(),
                        p.name.clone(),
                        match (p.method, lang) {
                            (Method::French, Lang::Es) => "Francés",
                            (Method::French, Lang::En) => "French",
                            (Method::German, Lang::Es) => "Alemán",
                            (Method::German, Lang::En) => "German",
                            (Method::Flat, Lang::Es) => "Plano",
                            (Method::Flat, Lang::En) => "Flat",
                        }
                        .to_string(),
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
    print(&text)
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
    let mut text = if ctx.es() {
        format!("Solicitud registrada: préstamo N.º {}.\n", loan.id)
    } else {
        format!("Application recorded: loan No. {}.\n", loan.id)
    };
    let t = |es: &str, en: &str| ctx.t(es, en).to_string();
    let mut f = vec![
        (t("Socio", "Member"), who(&member)),
        (t("Producto", "Product"), product.name.clone()),
        (t("Monto", "Amount"), loan.amount.localized(lang)),
        (t("Plazo", "Term"), months_text(loan.months, lang)),
        (t("Método", "Method"), loan.method.label(lang).to_string()),
        (
            t("Tasa nominal anual", "Nominal annual rate"),
            rate_text(loan.rate, lang),
        ),
        (
            t("Tasa efectiva anual", "Effective annual rate"),
            percent_text(render::loan_effective_rate(&loan), lang),
        ),
        (
            t("Tasa de mora", "Late rate"),
            rate_text(loan.late_rate, lang),
        ),
    ];
    if let Some(g) = &guarantor {
        f.push((t("Garante", "Guarantor"), who(g)));
    }
    if !loan.purpose.is_empty() {
        f.push((t("Destino", "Purpose"), loan.purpose.clone()));
    }
    f.push((t("Aprobación", "Approval"), loan.approval.clone()));
    f.push((t("Fecha", "Date"), format_date(loan.applied_on, lang)));
    text.push_str(&block(&f));
    text.push_str(&if ctx.es() {
        format!("Para entregar el dinero: ayni loan disburse {}\n", loan.id)
    } else {
        format!("To hand over the money: ayni loan disburse {}\n", loan.id)
    });
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
    let mut text = if ctx.es() {
        format!(
            "Préstamo N.º {id} desembolsado el {} (asiento {entry}): {} a {name}, desde {}.\n",
            format_date(date, lang),
            loan.amount.localized(lang),
            account_text(&book, &account, lang)
        )
    } else {
        format!(
            "Loan No. {id} disbursed on {} (entry {entry}): {} to {name}, from {}.\n",
            format_date(date, lang),
            loan.amount.localized(lang),
            account_text(&book, &account, lang)
        )
    };
    if let Some((acc, blocked)) = loan.guarantee {
        text.push_str(&if ctx.es() {
            format!(
                "Encaje bloqueado en la cuenta de ahorro {acc}: {}.\n",
                blocked.localized(lang)
            )
        } else {
            format!(
                "Guarantee blocked in savings account {acc}: {}.\n",
                blocked.localized(lang)
            )
        });
    }
    text.push('\n');
    text.push_str(ctx.t("Plan de pagos\n", "Schedule\n"));
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
    let mut text = if ctx.es() {
        format!(
            "Desembolso del préstamo N.º {id} anulado el {} (asiento {}, reverso del asiento {}): {} devueltos a {}.\n",
            format_date(date, lang),
            entry.id,
            entry.reverses.unwrap_or_default(),
            loan.amount.localized(lang),
            entry
                .postings
                .iter()
                .find(|p| p.side == Side::Debit)
                .map(|p| account_text(&book, &p.account, lang))
                .unwrap_or_default()
        )
    } else {
        format!(
            "Disbursement of loan No. {id} voided on {} (entry {}, reversing entry {}): {} back to {}.\n",
            format_date(date, lang),
            entry.id,
            entry.reverses.unwrap_or_default(),
            loan.amount.localized(lang),
            entry
                .postings
                .iter()
                .find(|p| p.side == Side::Debit)
                .map(|p| account_text(&book, &p.account, lang))
                .unwrap_or_default()
        )
    };
    if let Some((acc, blocked)) = loan.guarantee {
        text.push_str(&if ctx.es() {
            format!(
                "Se liberó el encaje de la cuenta de ahorro {acc}: {}.\n",
                blocked.localized(lang)
            )
        } else {
            format!(
                "The guarantee in savings account {acc} was released: {}.\n",
                blocked.localized(lang)
            )
        });
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
    let mut text = if ctx.es() {
        format!(
            "Pago registrado: préstamo N.º {id}, asiento {}, {} el {}.\n",
            entry.id,
            amount.localized(lang),
            format_date(date, lang)
        )
    } else {
        format!(
            "Payment recorded: loan No. {id}, entry {}, {} on {}.\n",
            entry.id,
            amount.localized(lang),
            format_date(date, lang)
        )
    };
    let t = |es: &str, en: &str| ctx.t(es, en).to_string();
    text.push_str(&amounts(
        &[
            (t("Interés de mora", "Late interest"), late),
            (t("Interés", "Interest"), interest),
            (t("Capital", "Principal"), principal - prepaid),
            (
                t("Prepago (abono a capital)", "Prepayment (to principal)"),
                prepaid,
            ),
            (t("Total", "Total"), amount),
        ],
        lang,
    ));
    if paid_off {
        text.push_str(ctx.t("El préstamo quedó cancelado.", "The loan is paid off."));
        if loan.guarantee.is_some() {
            text.push_str(ctx.t(
                " Se liberó el encaje de los ahorros.",
                " The guarantee was released from the savings.",
            ));
        }
        text.push('\n');
    } else {
        if prepaid.is_positive() {
            text.push_str(match how {
                Prepay::ShortenTerm => ctx.t(
                    "El prepago acorta el plazo; la cuota se mantiene.\n",
                    "The prepayment shortens the term; the installment stays.\n",
                ),
                Prepay::LowerInstallment => ctx.t(
                    "El prepago baja la cuota; el plazo se mantiene.\n",
                    "The prepayment lowers the installment; the term stays.\n",
                ),
            });
        }
        text.push_str(&if ctx.es() {
            format!(
                "Saldo de capital: {}.\n",
                loan.outstanding().localized(lang)
            )
        } else {
            format!(
                "Outstanding principal: {}.\n",
                loan.outstanding().localized(lang)
            )
        });
        if let Some(next) = &done.next {
            let owed = next.owed;
            text.push_str(&if ctx.es() {
                format!(
                    "Próxima cuota: N.º {}, vence el {}, {}.\n",
                    next.n,
                    format_date(next.due, lang),
                    owed.localized(lang)
                )
            } else {
                format!(
                    "Next installment: No. {}, due {}, {}.\n",
                    next.n,
                    format_date(next.due, lang),
                    owed.localized(lang)
                )
            });
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

fn payoff(ctx: &Ctx, id: u32, date: Option<&str>, format: ShortFormat) -> Result<(), CliError> {
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
        ShortFormat::Json => {
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
        ShortFormat::Table => {
            let mut s = if ctx.es() {
                format!(
                    "Para cancelar el préstamo N.º {id} el {}: {}\n",
                    format_date(date, lang),
                    total.localized(lang)
                )
            } else {
                format!(
                    "To pay off loan No. {id} on {}: {}\n",
                    format_date(date, lang),
                    total.localized(lang)
                )
            };
            let t = |es: &str, en: &str| ctx.t(es, en).to_string();
            s.push_str(&amounts(
                &[
                    (t("Capital", "Principal"), principal),
                    (
                        t("Interés hasta esa fecha", "Interest to that date"),
                        interest,
                    ),
                    (t("Interés de mora", "Late interest"), late),
                ],
                lang,
            ));
            s.push_str(&if ctx.es() {
                format!(
                    "Regístrelo con: ayni loan pay {id} --amount {} --date {}\n",
                    total.plain(),
                    date.format("%Y-%m-%d")
                )
            } else {
                format!(
                    "Record it with: ayni loan pay {id} --amount {} --date {}\n",
                    total.plain(),
                    date.format("%Y-%m-%d")
                )
            });
            s
        }
    };
    print(&text)
}

fn schedule_cmd(
    ctx: &Ctx,
    id: u32,
    date: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = date_or("--date", date, book.today())?;
    let loan = book.loan(id)?;
    let text = match format {
        Format::Table => {
            let mut s = if ctx.es() {
                format!(
                    "Plan de pagos del préstamo N.º {id} — {} — al {}\n",
                    member_name(&book, loan.member)?,
                    format_date(date, ctx.lang)
                )
            } else {
                format!(
                    "Schedule of loan No. {id} — {} — at {}\n",
                    member_name(&book, loan.member)?,
                    format_date(date, ctx.lang)
                )
            };
            s.push_str(&render::schedule_table(&loan, date, ctx.lang));
            s
        }
        Format::Csv => render::schedule_csv(&loan, date, ctx.lang),
        Format::Json => render::schedule_json(&loan, date) + "\n",
    };
    emit(&text, output, book.path(), ctx.lang)
}

fn show(
    ctx: &Ctx,
    id: u32,
    date: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = date_or("--date", date, book.today())?;
    let s = render::loan_statement(&book, id, date)?;
    let text = match format {
        Format::Table => render::statement_table(&s, ctx.lang),
        Format::Csv => render::statement_csv(&s, ctx.lang),
        Format::Json => render::statement_json(&s) + "\n",
    };
    emit(&text, output, book.path(), ctx.lang)
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
    let mut text = if ctx.es() {
        format!(
            "Préstamo N.º {id} castigado el {} (asiento {}, aprobación {}).\n",
            format_date(date, lang),
            entry.id,
            entry.reference
        )
    } else {
        format!(
            "Loan No. {id} written off on {} (entry {}, approval {}).\n",
            format_date(date, lang),
            entry.id,
            entry.reference
        )
    };
    let t = |es: &str, en: &str| ctx.t(es, en).to_string();
    text.push_str(&amounts(
        &[
            (t("Capital castigado", "Principal written off"), principal),
            (
                t("Cubierto con el encaje", "Covered by the guarantee"),
                guarantee,
            ),
            (
                t("Pérdida (gasto)", "Loss (expense)"),
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
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into()) + "\n",
        Format::Csv => {
            let header: &[&str] = match lang {
                Lang::Es => &[
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
                Lang::En => &[
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
            };
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut ok = w.write_record(header).is_ok();
            for r in &rows {
                ok &= w
                    .write_record([
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
                    ])
                    .is_ok();
            }
            // Writing into memory cannot fail; a failure shows as an empty text.
            match (ok, w.into_inner()) {
                (true, Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
                _ => String::new(),
            }
        }
        Format::Table => {
            if rows.is_empty() {
                ctx.t("No hay préstamos.\n", "No loans.\n").to_string()
            } else {
                let mut t = Table::new(vec![
                    Column::right(ctx.t("N.º", "No.")),
                    Column::left(ctx.t("Socio", "Member"), 30),
                    Column::left(ctx.t("Producto", "Product"), 24),
                    Column::right(ctx.t("Monto", "Amount")),
                    Column::right(ctx.t("Plazo", "Term")),
                    Column::right(ctx.t("Tasa", "Rate")),
                    Column::left(ctx.t("Desde", "Since"), 10),
                    Column::left(ctx.t("Estado", "Status"), 11),
                    Column::right(ctx.t("Saldo", "Outstanding")),
                    Column::right(ctx.t("Días atraso", "Days late")),
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
                    if ctx.es() {
                        format!("TOTAL ({} préstamos)", rows.len())
                    } else {
                        format!("TOTAL ({} loans)", rows.len())
                    },
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
    emit(&text, output, book.path(), lang)
}

/// The report's date: `--date`, else the last day of `--month` (today when
/// that is later), else today.
fn report_date(book: &Book, a: &LoanReportArgs) -> Result<NaiveDate, CliError> {
    let today = book.today();
    if let Some(m) = &a.month {
        return Ok(super::dues::parse_month("--month", m)?
            .last_day()
            .min(today));
    }
    date_or("--date", a.date.as_deref(), today)
}

/// `ayni report loans`: the portfolio.
pub fn report_portfolio(ctx: &Ctx, a: LoanReportArgs) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = report_date(&book, &a)?;
    let rows = book.loan_portfolio(date)?;
    let text = match a.format {
        Format::Table => render::portfolio_table(&rows, date, ctx.lang),
        Format::Csv => render::portfolio_csv(&rows, ctx.lang),
        Format::Json => render::portfolio_json(&rows, date) + "\n",
    };
    emit(&text, a.output.as_deref(), book.path(), ctx.lang)
}

/// `ayni report loan-arrears`: aging buckets and PAR30.
pub fn report_arrears(ctx: &Ctx, a: LoanReportArgs) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let date = report_date(&book, &a)?;
    let arrears = book.loan_arrears(date)?;
    let text = match a.format {
        Format::Table => render::arrears_table(&arrears, ctx.lang),
        Format::Csv => render::arrears_csv(&arrears, ctx.lang),
        Format::Json => render::arrears_json(&arrears) + "\n",
    };
    emit(&text, a.output.as_deref(), book.path(), ctx.lang)
}
