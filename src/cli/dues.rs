//! `ayni dues types|generate|pay|waive|owed|receipts|receipt` and
//! `ayni report dues-arrears`.
//!
//! Every figure comes from the books layer (`src/books/dues.rs`) and every
//! report from its renderers (`src/report/dues.rs`); this module only reads
//! the command line, resolves members and charge types, and words the result.

use crate::i18n::Msg;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::output::{Format, emit, print};
use super::{CliError, Ctx};
use crate::books::dues::{ChargeLine, ChargeTypeInput, DuesError};
use crate::books::{Book, BookError};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::dues::{ChargeKind, ChargeType, Frequency};
use crate::domain::input;
use crate::domain::member::{Member, MemberStatus};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::report::dues::{self as render, ArrearsSort, DuesNames};

#[derive(Subcommand, Debug)]
pub enum DuesCmd {
    /// Charge types: list them, or add one, change its amount, switch it off or on
    Types(TypesArgs),
    /// Generate every member's charges through a month (twice creates nothing new)
    Generate {
        /// YYYY-MM [default: the open month]
        #[arg(long)]
        through: Option<String>,
    },
    /// Record a member's payment: applied oldest first, the rest to coming months
    Pay {
        /// Identification number, or #n (the member's number)
        member: String,
        /// Amount received (1234,56 or 1234.56)
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Date of the payment [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Where the money goes: caja, bancos, or an account code
        #[arg(long, visible_alias = "cash", default_value = "caja")]
        account: String,
        /// Pay only these charges: YYYY-MM or YYYY-MM:TYPE, repeatable
        #[arg(long, value_name = "YYYY-MM[:TYPE]")]
        charge: Vec<String>,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// Forgive all or part of a member's charge (exoneración); posts no income
    Waive {
        /// Identification number, or #n
        member: String,
        /// Month of the charge, YYYY-MM
        #[arg(long)]
        month: String,
        /// Charge type number or name [default: the month's only charge due]
        #[arg(long = "type", value_name = "TYPE")]
        charge_type: Option<String>,
        /// Amount forgiven [default: all that is still due]
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// Why (calamity, illness, ...)
        #[arg(long)]
        reason: String,
        /// Reference of the approval (assembly or board act)
        #[arg(long)]
        approval: String,
        /// Date of the waiver [default: today]
        #[arg(long)]
        date: Option<String>,
    },
    /// What a member owes, oldest first
    Owed {
        /// Identification number, or #n
        member: String,
        /// YYYY-MM [default: the open month]
        #[arg(long)]
        through: Option<String>,
        /// Every charge, also those paid or waived
        #[arg(long)]
        all: bool,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The receipts of one day, with the day's total
    Receipts {
        /// YYYY-MM-DD or DD/MM/YYYY [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Void a receipt (a counter visit's or a dues payment's), dated today:
    /// every entry it posted is reversed, in one transaction
    Void {
        number: u64,
        /// Why it is voided (kept with the receipt)
        #[arg(long)]
        reason: String,
    },
    /// One receipt, to show or print it again (a counter visit's, with
    /// everything it paid and what is still owed)
    Receipt {
        number: u64,
        #[arg(long, value_parser = crate::cli::output::receipt_formats(), default_value = "table")]
        format: Format,
        /// The paper of a PDF: a4 (several to a sheet), 80mm or 58mm (a roll)
        #[arg(long, default_value = "80mm", value_parser = ["a4", "80mm", "58mm"])]
        paper: String,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// `ayni dues types` alone lists; with a sub-command it changes the types.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TypesArgs {
    #[command(subcommand)]
    pub cmd: Option<TypesCmd>,
    #[command(flatten)]
    pub list: TypesList,
}

#[derive(Args, Debug, Default)]
pub struct TypesList {
    /// Show the amounts in force in this month, YYYY-MM [default: the open month]
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
    pub format: Format,
    /// Write to a file instead of the terminal
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum TypesCmd {
    /// List the charge types with the amount in force in a month
    List(TypesList),
    /// Define a new charge type
    Add {
        /// Name as members know it (Cuota mensual, Aporte de capital, ...)
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// First month it is charged, YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// Assembly approval reference (required for extraordinary dues)
        #[arg(long, default_value = "")]
        approval: String,
        /// [default: once for admission and extraordinary, else monthly]
        #[arg(long, value_enum)]
        frequency: Option<FrequencyArg>,
        /// Account credited when paid [default: 5490 dues, 3103 capital, 3303 fund]
        #[arg(long)]
        account: Option<String>,
        /// Only these members (identification numbers or #n, comma-separated)
        #[arg(long, value_delimiter = ',')]
        members: Vec<String>,
    },
    /// Change a type's amount from a month on (charges already made keep theirs)
    #[command(visible_alias = "amount")]
    SetAmount {
        /// Charge type number or name
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
    },
    /// Switch a type off from a month on (no charges in it or later)
    Off {
        /// Charge type number or name
        id: String,
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
    },
    /// Switch a type back on
    On {
        /// Charge type number or name
        id: String,
    },
}

/// `--kind` values.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    /// Admission fee, once when a member joins (cuota de ingreso)
    #[value(alias = "ingreso")]
    Admission,
    /// Ordinary monthly dues (cuota ordinaria)
    #[value(alias = "mensual", alias = "ordinaria")]
    Monthly,
    /// Extraordinary dues approved by the assembly (cuota extraordinaria)
    #[value(alias = "extraordinaria")]
    Extraordinary,
    /// Capital contribution to 3103 (aporte de capital)
    #[value(alias = "aporte", alias = "contribution")]
    Capital,
    /// Solidarity fund contribution to 3303 (fondo solidario)
    #[value(alias = "fondo")]
    Fund,
}

impl From<KindArg> for ChargeKind {
    fn from(k: KindArg) -> ChargeKind {
        match k {
            KindArg::Admission => ChargeKind::Admission,
            KindArg::Monthly => ChargeKind::MonthlyDues,
            KindArg::Extraordinary => ChargeKind::Extraordinary,
            KindArg::Capital => ChargeKind::Contribution,
            KindArg::Fund => ChargeKind::SolidarityFund,
        }
    }
}

/// `--frequency` values.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrequencyArg {
    #[value(alias = "unica")]
    Once,
    #[value(alias = "mensual")]
    Monthly,
}

impl From<FrequencyArg> for Frequency {
    fn from(f: FrequencyArg) -> Frequency {
        match f {
            FrequencyArg::Once => Frequency::Once,
            FrequencyArg::Monthly => Frequency::Monthly,
        }
    }
}

/// `--sort` values of the arrears report.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortArg {
    /// Largest amount owed first
    #[default]
    #[value(alias = "monto", alias = "valor")]
    Amount,
    /// Most months owed first
    #[value(alias = "meses")]
    Months,
    /// By name
    #[value(alias = "nombre")]
    Name,
}

impl From<SortArg> for ArrearsSort {
    fn from(s: SortArg) -> ArrearsSort {
        match s {
            SortArg::Amount => ArrearsSort::Amount,
            SortArg::Months => ArrearsSort::Months,
            SortArg::Name => ArrearsSort::Name,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: DuesCmd) -> Result<(), CliError> {
    match cmd {
        DuesCmd::Types(args) => types(ctx, args),
        DuesCmd::Generate { through } => generate(ctx, through.as_deref()),
        DuesCmd::Pay {
            member,
            amount,
            date,
            account,
            charge,
            format,
        } => pay(
            ctx,
            &member,
            &amount,
            date.as_deref(),
            &account,
            &charge,
            format,
        ),
        DuesCmd::Waive {
            member,
            month,
            charge_type,
            amount,
            reason,
            approval,
            date,
        } => waive(
            ctx,
            &member,
            &month,
            charge_type.as_deref(),
            amount.as_deref(),
            &reason,
            &approval,
            date.as_deref(),
        ),
        DuesCmd::Owed {
            member,
            through,
            all,
            format,
            output,
        } => owed(
            ctx,
            &member,
            through.as_deref(),
            all,
            format,
            output.as_deref(),
        ),
        DuesCmd::Receipts {
            date,
            format,
            output,
        } => receipts(ctx, date.as_deref(), format, output.as_deref()),
        DuesCmd::Receipt {
            number,
            format,
            paper,
            output,
        } => receipt(ctx, number, format, &paper, output.as_deref()),
        DuesCmd::Void { number, reason } => {
            let mut book = ctx.open_rw()?;
            let reversals = book.void_receipt(number, &reason)?;
            let list: Vec<String> = reversals.iter().map(u64::to_string).collect();
            print(&format!(
                "{}\n",
                Msg::CliReceiptVoided.fill(
                    ctx.lang,
                    &[
                        ("n", &render::receipt_number(number)),
                        ("entries", &list.join(", ")),
                    ],
                )
            ))
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers shared with `savings` and `fund`

/// Parses an amount the user typed for `--amount` (sign and zero are left to
/// the books layer, which refuses them with its own words).
pub(crate) fn parse_amount(flag: &str, text: &str) -> Result<Money, CliError> {
    input::amount(text).map_err(CliError::input(flag, text))
}

/// A date given to `flag`.
pub(crate) fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    input::date(text).map_err(CliError::input(flag, text))
}

/// A month given to `flag` (`YYYY-MM`); with no flag, a positional argument.
pub(crate) fn parse_month(flag: &str, text: &str) -> Result<Month, CliError> {
    input::month(text).map_err(CliError::input(flag, text))
}

/// `--date`, or today by the book's clock.
pub(crate) fn date_or_today(book: &Book, date: Option<&str>) -> Result<NaiveDate, CliError> {
    Ok(match date {
        Some(d) => parse_date("--date", d)?,
        None => book.today(),
    })
}

/// `caja`/`cash` is 1101, `bancos`/`bank` is 1103, anything else an account
/// code (the books layer refuses what is not a cash or bank account).
pub(crate) fn cash_account(text: &str) -> String {
    let t = text.trim();
    match crate::report::dues::fold(t).as_str() {
        "caja" | "cash" | "efectivo" => CASH.to_string(),
        "bancos" | "banco" | "bank" | "banks" => BANKS.to_string(),
        _ => t.to_string(),
    }
}

/// A month given on the command line, or the book's open month.
fn month_or_current(book: &Book, flag: &str, month: Option<&str>) -> Result<Month, CliError> {
    Ok(match month {
        Some(m) => parse_month(flag, m)?,
        None => book.current_month()?,
    })
}

/// "Surnames Names — 1712345678 (#3)".
pub(crate) fn who(m: &Member) -> String {
    crate::report::dues::member_line(m)
}

/// A charge type by number or by name (without case or accents).
fn find_type(book: &Book, key: &str) -> Result<ChargeType, CliError> {
    let types = book.charge_types()?;
    find_by_key(&types, key, |t| t.id, |t| &t.name, render::fold)
        .cloned()
        .ok_or_else(|| CliError::UnknownChargeType(key.trim().to_string()))
}

/// The item that `key` names: by its number (`3` or `#3`), else by its name,
/// both sides compared through `norm` (the caller's rule for case, accents
/// and spacing).
pub(crate) fn find_by_key<'a, T>(
    items: &'a [T],
    key: &str,
    id: impl Fn(&T) -> u32,
    name: impl Fn(&T) -> &str,
    norm: impl Fn(&str) -> String,
) -> Option<&'a T> {
    let key = key.trim();
    let by_id = key
        .strip_prefix('#')
        .unwrap_or(key)
        .parse::<u32>()
        .ok()
        .and_then(|n| items.iter().find(|t| id(t) == n));
    let wanted = norm(key);
    by_id.or_else(|| items.iter().find(|t| norm(name(t)) == wanted))
}

fn write_json(text: String) -> String {
    text + "\n"
}

// ---------------------------------------------------------------------------
// Charge types

fn types(ctx: &Ctx, args: TypesArgs) -> Result<(), CliError> {
    match args.cmd {
        None => list_types(ctx, &args.list),
        Some(TypesCmd::List(l)) => list_types(ctx, &l),
        Some(TypesCmd::Add {
            name,
            kind,
            amount,
            from,
            approval,
            frequency,
            account,
            members,
        }) => {
            let amount = parse_amount("--amount", &amount)?;
            let start_month = parse_month("--from", &from)?;
            let mut book = ctx.open_rw()?;
            let members = if members.is_empty() {
                None
            } else {
                let mut ids = Vec::new();
                for key in members.iter().filter(|k| !k.trim().is_empty()) {
                    ids.push(book.find_member(key)?.id);
                }
                Some(ids)
            };
            let input = ChargeTypeInput {
                name,
                kind: kind.into(),
                frequency: frequency.map(Frequency::from),
                account: account.map(|a| a.trim().to_string()),
                start_month,
                amount,
                approval,
                members,
            };
            let t = book.add_charge_type(&input)?;
            let mut text = Msg::CliChargeTypeCreated.fill(
                ctx.lang,
                &[
                    ("account", &t.account),
                    ("amount", &amount.localized(ctx.lang)),
                    (
                        "frequency_label",
                        &render::frequency_label(t.frequency, ctx.lang).to_lowercase(),
                    ),
                    ("id", &t.id),
                    ("kind", &t.kind.label(ctx.lang)),
                    ("name", &t.name),
                    ("start_month", &t.start_month.name(ctx.lang)),
                ],
            );
            if let Some(list) = &t.members {
                text.push_str(
                    &Msg::CliChargeTypeForMembers.fill(ctx.lang, &[("members", &list.len())]),
                );
            }
            text.push_str(Msg::CliChargesGeneratedAtClose.t(ctx.lang));
            print(&text)
        }
        Some(TypesCmd::SetAmount { id, amount, from }) => {
            let amount = parse_amount("--amount", &amount)?;
            let from = parse_month("--from", &from)?;
            let mut book = ctx.open_rw()?;
            let t = find_type(&book, &id)?;
            let t = book.set_charge_amount(t.id, from, amount)?;
            print(&Msg::CliChargeTypeAmountChanged.fill(
                ctx.lang,
                &[
                    ("id", &t.id),
                    ("amount", &amount.localized(ctx.lang)),
                    ("name", &t.name),
                    ("month", &from.name(ctx.lang)),
                ],
            ))
        }
        Some(TypesCmd::Off { id, from }) => {
            let from = parse_month("--from", &from)?;
            let mut book = ctx.open_rw()?;
            let t = find_type(&book, &id)?;
            let t = book.switch_off_charge_type(t.id, Some(from))?;
            print(&Msg::CliChargeTypeSwitchedOff.fill(
                ctx.lang,
                &[
                    ("id", &t.id),
                    ("name", &t.name),
                    ("month", &from.name(ctx.lang)),
                ],
            ))
        }
        Some(TypesCmd::On { id }) => {
            let mut book = ctx.open_rw()?;
            let t = find_type(&book, &id)?;
            let t = book.switch_off_charge_type(t.id, None)?;
            print(&Msg::CliChargeTypeResumed.fill(ctx.lang, &[("id", &t.id), ("name", &t.name)]))
        }
    }
}

fn list_types(ctx: &Ctx, l: &TypesList) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let month = month_or_current(&book, "--month", l.month.as_deref())?;
    let report = render::ChargeTypes::of(&book, month, ctx.lang)?;
    crate::cli::output::emit_report_list(&book, &report, l.format, l.output.as_deref(), ctx.lang)
}

// ---------------------------------------------------------------------------
// Generation

fn generate(ctx: &Ctx, through: Option<&str>) -> Result<(), CliError> {
    let mut book = ctx.open_rw()?;
    let current = book.current_month()?;
    let through = month_or_current(&book, "--through", through)?;
    if through > current {
        return Err(CliError::GenerateFuture { through, current });
    }
    let plan = book.charge_generation_plan(through)?;
    let done = book.commit_charge_generation(&plan)?;
    let (n, applied) = (done.generated, done.advances);
    let through_name = through.name(ctx.lang);
    let mut text = match n {
        0 => Msg::CliNoNewCharges.fill(ctx.lang, &[("through", &through_name)]),
        n => Msg::CliChargesGenerated.fill(ctx.lang, &[("n", &n), ("through", &through_name)]),
    };
    if let Some(e) = applied {
        text.push_str(&Msg::CliAdvancesMoved.fill(
            ctx.lang,
            &[("id", &e.id), ("total", &e.total().localized(ctx.lang))],
        ));
    }
    print(&text)
}

// ---------------------------------------------------------------------------
// Payments

/// `YYYY-MM` or `YYYY-MM:TYPE`: the charges a payment should pay.
fn parse_picks(
    book: &Book,
    member: u32,
    specs: &[String],
) -> Result<Option<Vec<(Month, u32)>>, CliError> {
    if specs.is_empty() {
        return Ok(None);
    }
    let mut picks = Vec::new();
    for spec in specs {
        let (month, ty) = match spec.split_once(':') {
            Some((m, t)) => (m, Some(t)),
            None => (spec.as_str(), None),
        };
        let month = input::month(month.trim()).map_err(|_| CliError::ChargePick(spec.clone()))?;
        match ty {
            Some(t) if t.trim().is_empty() => return Err(CliError::ChargePick(spec.clone())),
            Some(t) => picks.push((month, find_type(book, t)?.id)),
            None => {
                // Every charge of that month still due.
                let through = month.max(book.current_month()?);
                let due: Vec<(Month, u32)> = book
                    .owed(member, through)?
                    .into_iter()
                    .filter(|c| c.month == month)
                    .map(|c| (c.month, c.charge_type))
                    .collect();
                if due.is_empty() {
                    return Err(BookError::from(DuesError::NoSuchCharge).into());
                }
                picks.extend(due);
            }
        }
    }
    Ok(Some(picks))
}

fn dues_names<'a>(
    association: &'a str,
    members: &'a [Member],
    types: &'a [ChargeType],
    book: &'a Book,
) -> DuesNames<'a> {
    DuesNames {
        association,
        members,
        types,
        chart: book.chart(),
    }
}

#[allow(clippy::too_many_arguments)]
fn pay(
    ctx: &Ctx,
    key: &str,
    amount: &str,
    date: Option<&str>,
    account: &str,
    charges: &[String],
    format: Format,
) -> Result<(), CliError> {
    let amount = parse_amount("--amount", amount)?;
    let mut book = ctx.open_rw()?;
    let member = book.find_member(key)?;
    let date = date_or_today(&book, date)?;
    let cash = cash_account(account);
    let picks = parse_picks(&book, member.id, charges)?;
    let done = match book.record_dues_payment(member.id, amount, date, &cash, picks.as_deref()) {
        Ok(r) => r,
        Err(BookError::Dues(DuesError::NothingOwed { .. })) if !member.status.is_active() => {
            let date = match &member.status {
                MemberStatus::Retired { date, .. } => *date,
                MemberStatus::Active => date,
            };
            return Err(CliError::RetiredOwesNothing {
                member: who(&member),
                date,
            });
        }
        Err(e) => return Err(e.into()),
    };
    let receipt = &done.receipt;
    let settings = book.settings()?;
    let members = vec![member.clone()];
    let types = book.charge_types()?;
    let names = dues_names(&settings.name, &members, &types, &book);
    if format == Format::Json {
        return print(&write_json(render::receipt_json(receipt, &names, ctx.lang)));
    }
    let (through, advance, still) = (done.through, done.advance, done.still_owed);
    // What pays months after the payment's own is held as collected in
    // advance (299010) until their month.
    let paid_month = Month::of(date);
    let mut text = Msg::CliDuesPaymentRecorded.fill(
        ctx.lang,
        &[
            ("entry", &receipt.entry),
            ("receipt_number", &render::receipt_number(receipt.number)),
            ("total", &receipt.total.localized(ctx.lang)),
        ],
    );
    text.push_str(&render::receipt_table(receipt, &names, ctx.lang));
    text.push('\n');
    if advance.is_positive() {
        text.push_str(&Msg::CliDuesPaidInAdvance.fill(
            ctx.lang,
            &[
                ("advance", &advance.localized(ctx.lang)),
                (
                    "advance_collections",
                    &crate::domain::account::codes::ADVANCE_COLLECTIONS,
                ),
                ("paid_month", &paid_month.name(ctx.lang)),
            ],
        ));
    }
    let owed = if still.is_positive() {
        Msg::CliStillOwedThrough
    } else {
        Msg::CliUpToDateThrough
    };
    text.push_str(&owed.fill(
        ctx.lang,
        &[
            ("through", &through.name(ctx.lang)),
            ("still", &still.localized(ctx.lang)),
        ],
    ));
    print(&text)
}

// ---------------------------------------------------------------------------
// Waivers

/// The one charge of `month` still due, when `--type` is not given.
fn only_charge_of(
    book: &Book,
    member: &Member,
    month: Month,
    lang: crate::i18n::Lang,
) -> Result<u32, CliError> {
    let through = month.max(book.current_month()?);
    let due: Vec<ChargeLine> = book
        .owed(member.id, through)?
        .into_iter()
        .filter(|c| c.month == month)
        .collect();
    match due.as_slice() {
        [] => Err(CliError::NothingDueInMonth {
            member: who(member),
            month,
        }),
        [one] => Ok(one.charge_type),
        several => Err(CliError::SeveralCharges {
            month,
            types: several
                .iter()
                .map(|c| {
                    format!(
                        "{} {}: {}",
                        c.charge_type,
                        c.type_name,
                        c.due.localized(lang)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn waive(
    ctx: &Ctx,
    key: &str,
    month: &str,
    charge_type: Option<&str>,
    amount: Option<&str>,
    reason: &str,
    approval: &str,
    date: Option<&str>,
) -> Result<(), CliError> {
    let month = parse_month("--month", month)?;
    let amount = amount.map(|a| parse_amount("--amount", a)).transpose()?;
    let mut book = ctx.open_rw()?;
    let member = book.find_member(key)?;
    let date = date_or_today(&book, date)?;
    let ty = match charge_type {
        Some(t) => find_type(&book, t)?.id,
        None => only_charge_of(&book, &member, month, ctx.lang)?,
    };
    let done = book.record_waiver(member.id, month, ty, amount, reason, approval, date)?;
    let w = &done.waiver;
    let type_name = find_type(&book, &ty.to_string())?.name;
    let (through, still) = (done.through, done.still_owed);
    let approval_text = if w.approval.is_empty() {
        String::new()
    } else {
        format!("; {}", w.approval)
    };
    print(&Msg::CliWaiverRecorded.fill(
        ctx.lang,
        &[
            ("approval_text", &approval_text),
            ("amount", &w.amount.localized(ctx.lang)),
            ("still_owed", &still.localized(ctx.lang)),
            ("name", &month.name(ctx.lang)),
            ("through", &through.name(ctx.lang)),
            ("number", &w.number),
            ("reason", &w.reason),
            ("type_name", &type_name),
            ("who", &who(&member)),
        ],
    ))
}

// ---------------------------------------------------------------------------
// What is owed, receipts, arrears

fn owed(
    ctx: &Ctx,
    key: &str,
    through: Option<&str>,
    all: bool,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let member = book.find_member(key)?;
    let through = month_or_current(&book, "--through", through)?;
    let report = render::DuesOwed::of(&book, &member, through, all)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn receipts(
    ctx: &Ctx,
    date: Option<&str>,
    format: Format,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    let day = date_or_today(&book, date)?;
    let report = render::DayReceipts::of(&book, day, ctx.lang)?;
    crate::cli::output::emit_report_list(&book, &report, format, output, ctx.lang)
}

fn receipt(
    ctx: &Ctx,
    number: u64,
    format: Format,
    paper: &str,
    output: Option<&Path>,
) -> Result<(), CliError> {
    let book = ctx.open_ro()?;
    if format == Format::Pdf {
        if output.is_none() {
            return Err(CliError::BinaryNeedsOutput("pdf"));
        }
        let slip = crate::report::visit::slip(&book, number, ctx.lang)?
            .ok_or(CliError::UnknownReceipt(number))?;
        let paper = crate::report::render::slips::Paper::parse(paper).unwrap_or_default();
        let title =
            Msg::RepReceiptNo.fill(ctx.lang, &[("number", &render::receipt_number(number))]);
        let bytes = crate::report::render::slips::slips_pdf(&[slip], paper, &title)?;
        return super::statements::deliver(&bytes, output, book.path(), ctx.lang);
    }
    if book.visit(number)?.is_some() && format == Format::Table {
        let slip = crate::report::visit::slip(&book, number, ctx.lang)?
            .ok_or(CliError::UnknownReceipt(number))?;
        return emit(&slip, output, book.path(), ctx.lang);
    }
    let r = match book.receipt(number)? {
        Some(r) => r,
        // A visit that paid no dues: its receipt is its slip.
        None if book.visit(number)?.is_some() => {
            let slip = crate::report::visit::slip(&book, number, ctx.lang)?
                .ok_or(CliError::UnknownReceipt(number))?;
            return emit(&slip, output, book.path(), ctx.lang);
        }
        None => return Err(CliError::UnknownReceipt(number)),
    };
    let settings = book.settings()?;
    let members = book.members()?;
    let types = book.charge_types()?;
    let names = dues_names(&settings.name, &members, &types, &book);
    let text = match format {
        Format::Csv => render::receipt_csv(&r, &names, ctx.lang),
        Format::Json => write_json(render::receipt_json(&r, &names, ctx.lang)),
        _ => render::receipt_table(&r, &names, ctx.lang),
    };
    emit(&text, output, book.path(), ctx.lang)
}
