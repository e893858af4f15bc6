//! Opening balances per member, from a CSV or an XLSX: an association that
//! moves from a spreadsheet or paper brings each member's contributions,
//! savings, solidarity-fund contributions, outstanding loan and dues owed,
//! and its cash and bank figures, as ONE opening entry in ONE transaction,
//! with the subledgers set (savings accounts, loans, charges owed).
//!
//! - Debits: cash (1101), bank (1103), each loan's balance (1404, per member).
//! - Credits: contributions (3103), savings deposits (2101), the solidarity
//!   fund (3303), each per member.
//! - The difference: to accumulated surplus (3601, credit) or accumulated
//!   losses (3602, debit), the equity accounts of results of earlier years.
//! - Dues owed are charges owed, not postings: income is recognised when
//!   collected (cash basis), so they live in the members' subledger only,
//!   under a one-off charge type of the opening month.
//!
//! The opening is the book's first entry: a book that already has entries is
//! refused (their balances would be counted twice), as is any bad line, an
//! unknown member, a closed or future month. [`Book::opening_plan`] writes
//! nothing; [`Book::commit_opening`] plans again inside its transaction.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::import::{
    CellKind, ColName, Column, ImportLineError, ImportProblem, col, locate_columns, names,
    normalise_header, read_sheet,
};
use super::loans::LoanEvent;
use super::{Book, BookError};
use crate::domain::account::codes::{
    ACCUMULATED_LOSSES, ACCUMULATED_SURPLUS, BANKS, CASH, MEMBER_CONTRIBUTIONS,
    MICROCREDIT_CURRENT, SAVINGS_DEPOSITS,
};
use crate::domain::date::add_months_clamped;
use crate::domain::dues::{ChargeKind, ChargeType, Frequency};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use crate::domain::input;
use crate::domain::loan::{InstallmentState, Loan, LoanStatus, schedule};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::{MoveKind, SavingsMove};
use crate::i18n::{Lang, Msg};
use crate::store::{DuesFigures, StoreRead, WriteTx};

const MEMBER: usize = 0;
const ID_NUMBER: usize = 1;
// 2, 3 and 4: the member's names, which a file may carry; they are not read.
const CONTRIBUTIONS: usize = 5;
const SAVINGS: usize = 6;
const SAVINGS_PRODUCT: usize = 7;
const FUND: usize = 8;
const LOAN_BALANCE: usize = 9;
const LOAN_RATE: usize = 10;
const LOAN_INSTALLMENTS: usize = 11;
const LOAN_NEXT_DUE: usize = 12;
const LOAN_PRODUCT: usize = 13;
const DUES_OWED: usize = 14;
const BALANCE: usize = 15;

/// The columns of an opening file (compared without case, accents or spaces).
const COLUMNS: [Column; 16] = [
    col(
        "member",
        "socio",
        &[
            "numero",
            "number",
            "n_socio",
            "nro_socio",
            "numero_socio",
            "id",
        ],
    ),
    col(
        "id_number",
        "cedula",
        &["identificacion", "ci", "ruc", "cedula_identidad"],
    ),
    col(
        "name",
        "nombre",
        &["nombre_completo", "full_name", "nombres_apellidos"],
    ),
    col("first_names", "nombres", &[]),
    col("last_names", "apellidos", &[]),
    col(
        "contributions",
        "aportes",
        &[
            "aporte",
            "aportes_capital",
            "capital",
            "certificados_aportacion",
            "share_capital",
        ],
    ),
    col(
        "savings",
        "ahorros",
        &["ahorro", "saldo_ahorro", "saldo_ahorros", "savings_balance"],
    ),
    col("savings_product", "producto_ahorro", &["tipo_ahorro"]),
    col(
        "fund",
        "fondo",
        &[
            "fondo_solidario",
            "solidarity_fund",
            "aporte_fondo",
            "aportes_fondo",
        ],
    ),
    col(
        "loan_balance",
        "prestamo_saldo",
        &[
            "saldo_prestamo",
            "prestamo",
            "saldo_credito",
            "credito",
            "loan",
        ],
    ),
    col(
        "loan_rate",
        "prestamo_tasa",
        &[
            "tasa",
            "tasa_interes",
            "tasa_prestamo",
            "interest_rate",
            "rate",
        ],
    ),
    col(
        "loan_installments",
        "prestamo_cuotas",
        &[
            "cuotas_restantes",
            "plazo_restante",
            "installments_left",
            "installments",
        ],
    ),
    col(
        "loan_next_due",
        "prestamo_vence",
        &[
            "proxima_cuota",
            "fecha_proxima_cuota",
            "proximo_vencimiento",
            "next_due",
            "next_due_date",
        ],
    ),
    col("loan_product", "producto_credito", &["producto_prestamo"]),
    col(
        "dues_owed",
        "cuotas_adeudadas",
        &[
            "cuotas_por_cobrar",
            "deuda_cuotas",
            "cuotas_atrasadas",
            "cuotas_pendientes",
            "dues",
        ],
    ),
    col("balance", "saldo", &[]),
];

/// The columns that hold amounts, and their kinds as a spreadsheet gives them.
fn cell_kind(h: &str) -> CellKind {
    if names(&COLUMNS[LOAN_NEXT_DUE], h) {
        CellKind::Date
    } else if names(&COLUMNS[ID_NUMBER], h) {
        CellKind::Id
    } else if names(&COLUMNS[LOAN_RATE], h) {
        CellKind::Percent
    } else {
        CellKind::Text
    }
}

/// Every column the file may have, for the screens and the help: its names
/// in Spanish and English and whether it must be there. The member is named
/// by `socio` (number) or `cedula`: one of them is required.
pub fn opening_columns() -> Vec<(&'static str, &'static str, bool)> {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.es, c.en, i == MEMBER || i == ID_NUMBER))
        .collect()
}

/// What the special lines `CAJA`/`CASH` and `BANCO`/`BANK` carry (in the
/// member column, their figure under `saldo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Special {
    Cash,
    Bank,
}

fn special(s: &str) -> Option<Special> {
    match normalise_header(s).as_str() {
        "caja" | "cash" | "efectivo" => Some(Special::Cash),
        "banco" | "bancos" | "bank" | "banks" => Some(Special::Bank),
        _ => None,
    }
}

/// An outstanding loan as a line gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpeningLoan {
    /// Principal still owed.
    pub balance: Money,
    /// Annual nominal rate in percent.
    pub rate: Decimal,
    pub installments: u32,
    pub next_due: NaiveDate,
    pub product: u32,
}

/// One member's opening balances, valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpeningLine {
    /// The line of the file.
    pub line: usize,
    pub member: u32,
    pub name: String,
    pub contributions: Money,
    pub savings: Money,
    /// The savings product the savings go to (its account is opened if missing).
    pub savings_product: u32,
    pub fund: Money,
    pub loan: Option<OpeningLoan>,
    pub dues_owed: Money,
}

/// The totals an opening posts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OpeningTotals {
    pub cash: Money,
    pub bank: Money,
    pub loans: Money,
    pub contributions: Money,
    pub savings: Money,
    pub fund: Money,
    /// Dues owed (charges, not posted).
    pub dues_owed: Money,
    /// Debits less credits of the members' and cash lines: credited to
    /// 3601 when positive, debited to 3602 when negative.
    pub difference: Money,
}

/// The figures the user gives beside the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpeningOptions {
    /// The opening date (today when `None`).
    pub date: Option<NaiveDate>,
    /// Cash and bank on that date (a `CAJA` or `BANCO` line of the file may
    /// give them instead, not both).
    pub cash: Option<Money>,
    pub bank: Option<Money>,
}

/// Why an opening is refused as a whole (the lines' problems are
/// [`ImportLineError`]s in the plan).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpeningError {
    #[error("the book already has {entries} entries; opening balances go in a book's first entry")]
    BookHasEntries { entries: u64 },
    #[error("the opening date is after today")]
    FutureDate,
    #[error("the file gives no balance at all")]
    Nothing,
    #[error("the book has no postable account for {0}")]
    NoAccount(&'static str),
    #[error("the cash or bank figure given is below zero")]
    Negative(ColName),
    #[error("the file has errors; nothing was imported")]
    Lines(Vec<ImportLineError>),
}

impl OpeningError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            OpeningError::BookHasEntries { entries } => {
                Msg::ErrOpeningBookHasEntries.fill(lang, &[("n", entries)])
            }
            OpeningError::FutureDate => Msg::ErrOpeningFutureDate.t(lang).into(),
            OpeningError::Nothing => Msg::ErrOpeningNothing.t(lang).into(),
            OpeningError::NoAccount(c) => Msg::ErrOpeningNoAccount.fill(lang, &[("c", c)]),
            OpeningError::Negative(c) => {
                Msg::ErrOpeningNegativeFigure.fill(lang, &[("c", &lang.pick(c.0, c.1))])
            }
            OpeningError::Lines(errs) => {
                let mut s = Msg::ErrBookImport.fill(lang, &[("n", &errs.len())]);
                for e in errs.iter().take(50) {
                    s.push('\n');
                    s.push_str(&e.message(lang));
                }
                s
            }
        }
    }
}

/// What an opening would post: the lines, their problems, the totals and
/// the entry. Nothing is written while it is only a plan.
#[derive(Clone, Debug)]
pub struct OpeningPlan {
    pub date: NaiveDate,
    pub lines: Vec<OpeningLine>,
    pub errors: Vec<ImportLineError>,
    pub cash_account: String,
    pub bank_account: String,
    pub totals: OpeningTotals,
    /// The entry it will post (`None` while there are errors, or when the
    /// file brings only dues owed, which are charges and post nothing).
    pub draft: Option<EntryDraft>,
    /// What the book refuses as a whole, if anything (entries already there).
    pub refused: Option<OpeningError>,
    options: OpeningOptions,
    bytes_lines: Vec<RawLine>,
}

impl OpeningPlan {
    /// Whether [`Book::commit_opening`] would take it.
    pub fn is_ready(&self) -> bool {
        self.errors.is_empty()
            && self.refused.is_none()
            && (self.draft.is_some() || self.totals.dues_owed.is_positive())
    }
}

/// What an opening did.
#[derive(Clone, Debug)]
pub struct OpeningOutcome {
    /// The opening entry (none when the file brought only dues owed).
    pub entry: Option<Entry>,
    pub members: usize,
    /// The loans it created, by number.
    pub loans: Vec<u32>,
    /// The savings accounts it opened.
    pub savings_opened: usize,
    /// The charges owed it recorded.
    pub charges: usize,
    pub totals: OpeningTotals,
}

/// A line as read, before the book is asked who the member is.
#[derive(Clone, Debug)]
struct RawLine {
    line: usize,
    kind: RawKind,
}

#[derive(Clone, Debug)]
enum RawKind {
    Member {
        number: Option<u32>,
        id_number: String,
        contributions: Money,
        savings: Money,
        savings_product: String,
        fund: Money,
        loan: Option<RawLoan>,
        loan_product: String,
        dues_owed: Money,
    },
    Special(Special, Money),
}

#[derive(Clone, Debug)]
struct RawLoan {
    balance: Money,
    rate: Option<Decimal>,
    installments: u32,
    next_due: NaiveDate,
}

/// Reads the file's lines, each checked on its own (amounts, dates, the
/// loan's figures). Problems go to `errors`.
fn read_lines(bytes: &[u8], errors: &mut Vec<ImportLineError>) -> Vec<RawLine> {
    let sheet = match read_sheet(bytes, &cell_kind) {
        Ok(s) => s,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    let pos = locate_columns(&sheet, &COLUMNS, &[], errors);
    if pos[MEMBER].is_none() && pos[ID_NUMBER].is_none() {
        errors.push(ImportLineError {
            line: sheet.header_line,
            problem: ImportProblem::MissingColumn(COLUMNS[MEMBER].en),
        });
    }
    if !errors.is_empty() {
        return Vec::new();
    }
    let width = sheet.headers.len();
    let mut out = Vec::new();
    for (line, rec) in sheet.rows {
        let err = |problem| ImportLineError { line, problem };
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(e));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != width {
            errors.push(err(ImportProblem::WrongFieldCount {
                expected: width,
                found: rec.len(),
            }));
            continue;
        }
        let get = |c: usize| -> &str {
            pos[c]
                .and_then(|i| rec.get(i))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        let before = errors.len();
        let amount = |c: usize, errors: &mut Vec<ImportLineError>| -> Money {
            let t = get(c);
            if t.is_empty() {
                return Money::ZERO;
            }
            match input::amount(t) {
                Ok(m) if !m.is_negative() => m,
                Ok(_) => {
                    errors.push(err(ImportProblem::OpeningNegative((
                        COLUMNS[c].es,
                        COLUMNS[c].en,
                    ))));
                    Money::ZERO
                }
                Err(e) => {
                    errors.push(err(ImportProblem::OpeningValue(
                        (COLUMNS[c].es, COLUMNS[c].en),
                        e,
                    )));
                    Money::ZERO
                }
            }
        };
        let key = if get(MEMBER).is_empty() {
            get(ID_NUMBER)
        } else {
            get(MEMBER)
        };
        if let Some(sp) = special(key) {
            let figure = amount(BALANCE, errors);
            let others = [
                CONTRIBUTIONS,
                SAVINGS,
                FUND,
                LOAN_BALANCE,
                LOAN_RATE,
                LOAN_INSTALLMENTS,
                LOAN_NEXT_DUE,
                DUES_OWED,
            ];
            if others.iter().any(|&c| !get(c).is_empty()) {
                errors.push(err(ImportProblem::OpeningSpecialWithOthers));
            }
            if errors.len() == before {
                out.push(RawLine {
                    line,
                    kind: RawKind::Special(sp, figure),
                });
            }
            continue;
        }
        let number_text = get(MEMBER).trim_start_matches('#');
        let number = if number_text.is_empty() {
            None
        } else {
            match number_text.parse::<u32>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    errors.push(err(ImportProblem::BadNumber(get(MEMBER).to_string())));
                    None
                }
            }
        };
        let id_number = get(ID_NUMBER).to_string();
        if number.is_none() && id_number.is_empty() && get(MEMBER).is_empty() {
            errors.push(err(ImportProblem::OpeningNoMember));
        }
        if !get(BALANCE).is_empty() {
            errors.push(err(ImportProblem::OpeningBalanceOnMember));
        }
        let contributions = amount(CONTRIBUTIONS, errors);
        let savings = amount(SAVINGS, errors);
        let fund = amount(FUND, errors);
        let dues_owed = amount(DUES_OWED, errors);
        let loan_balance = amount(LOAN_BALANCE, errors);
        let loan_given = [LOAN_RATE, LOAN_INSTALLMENTS, LOAN_NEXT_DUE]
            .iter()
            .any(|&c| !get(c).is_empty());
        let loan = if loan_balance.is_positive() {
            let rate = match get(LOAN_RATE) {
                "" => None,
                t => match input::rate(t) {
                    Ok(r) => Some(r),
                    Err(e) => {
                        errors.push(err(ImportProblem::OpeningValue(
                            (COLUMNS[LOAN_RATE].es, COLUMNS[LOAN_RATE].en),
                            e,
                        )));
                        None
                    }
                },
            };
            let installments = match input::months(get(LOAN_INSTALLMENTS)) {
                Ok(n) if (1..=360).contains(&n) => n,
                Ok(_) | Err(_) if get(LOAN_INSTALLMENTS).is_empty() => {
                    errors.push(err(ImportProblem::OpeningLoanMissing((
                        COLUMNS[LOAN_INSTALLMENTS].es,
                        COLUMNS[LOAN_INSTALLMENTS].en,
                    ))));
                    0
                }
                _ => {
                    errors.push(err(ImportProblem::OpeningInstallments(
                        get(LOAN_INSTALLMENTS).to_string(),
                    )));
                    0
                }
            };
            let next_due = match get(LOAN_NEXT_DUE) {
                "" => {
                    errors.push(err(ImportProblem::OpeningLoanMissing((
                        COLUMNS[LOAN_NEXT_DUE].es,
                        COLUMNS[LOAN_NEXT_DUE].en,
                    ))));
                    None
                }
                t => match input::date(t) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(err(ImportProblem::OpeningValue(
                            (COLUMNS[LOAN_NEXT_DUE].es, COLUMNS[LOAN_NEXT_DUE].en),
                            e,
                        )));
                        None
                    }
                },
            };
            next_due.map(|next_due| RawLoan {
                balance: loan_balance,
                rate,
                installments,
                next_due,
            })
        } else {
            if loan_given {
                errors.push(err(ImportProblem::OpeningLoanMissing((
                    COLUMNS[LOAN_BALANCE].es,
                    COLUMNS[LOAN_BALANCE].en,
                ))));
            }
            None
        };
        if errors.len() > before {
            continue;
        }
        out.push(RawLine {
            line,
            kind: RawKind::Member {
                number,
                id_number,
                contributions,
                savings,
                savings_product: get(SAVINGS_PRODUCT).to_string(),
                fund,
                loan,
                loan_product: get(LOAN_PRODUCT).to_string(),
                dues_owed,
            },
        });
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(ImportLineError {
            line: sheet.header_line + 1,
            problem: ImportProblem::Empty,
        });
    }
    out
}

/// The postable account for `code`: itself, or its first postable sub-account.
fn postable_under(book: &Book, code: &'static str) -> Result<String, OpeningError> {
    if book.is_postable(code) {
        return Ok(code.to_string());
    }
    book.chart()
        .iter()
        .find(|a| a.code.starts_with(code) && book.is_postable(&a.code))
        .map(|a| a.code.clone())
        .ok_or(OpeningError::NoAccount(code))
}

/// A product named by its number or its name (compared as headers are).
fn find_product<'a, T>(
    list: &'a [T],
    key: &str,
    id: impl Fn(&T) -> u32,
    name: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let k = key.trim().trim_start_matches('#');
    if let Ok(n) = k.parse::<u32>() {
        return list.iter().find(|p| id(p) == n);
    }
    let k = normalise_header(k);
    list.iter().find(|p| normalise_header(name(p)) == k)
}

impl Book {
    /// What importing these opening balances would do on `options.date`
    /// (today when not given); writes nothing. Errors by line are in the
    /// plan; a refusal of the whole book is `refused`.
    pub fn opening_plan(
        &self,
        bytes: &[u8],
        options: &OpeningOptions,
    ) -> Result<OpeningPlan, BookError> {
        let mut errors = Vec::new();
        let raw = read_lines(bytes, &mut errors);
        let tx = self.store().read()?;
        self.opening_plan_in(&tx, raw, errors, options)
    }

    fn opening_plan_in(
        &self,
        tx: &impl StoreRead,
        raw: Vec<RawLine>,
        mut errors: Vec<ImportLineError>,
        options: &OpeningOptions,
    ) -> Result<OpeningPlan, BookError> {
        let date = options.date.unwrap_or_else(|| self.today());
        let mut refused = None;
        if date > self.today() {
            refused = Some(OpeningError::FutureDate);
        }
        self.check_date_open(date)?;
        let entries = tx
            .meta_get::<u64>("next_entry_id")?
            .unwrap_or(1)
            .saturating_sub(1);
        if entries > 0 {
            refused = Some(OpeningError::BookHasEntries { entries });
        }
        let cash_account = postable_under(self, CASH)?;
        let bank_account = postable_under(self, BANKS)?;
        let mut savings_products = tx.savings_products()?;
        if !savings_products.iter().any(|p| p.id == 1) {
            savings_products.insert(0, super::savings::default_product());
        }
        let loan_products = tx.loan_products()?;
        let mut totals = OpeningTotals {
            cash: options.cash.unwrap_or_default(),
            bank: options.bank.unwrap_or_default(),
            ..OpeningTotals::default()
        };
        for (v, name) in [
            (options.cash, ("caja", "cash")),
            (options.bank, ("banco", "bank")),
        ] {
            if v.is_some_and(|m| m.is_negative()) {
                return Err(OpeningError::Negative(name).into());
            }
        }
        let mut special_seen: HashMap<ColName, usize> = HashMap::new();
        let mut seen: HashMap<u32, usize> = HashMap::new();
        let mut lines = Vec::new();
        for r in &raw {
            let line = r.line;
            let err = |problem| ImportLineError { line, problem };
            match &r.kind {
                RawKind::Special(sp, figure) => {
                    let (label, given, total) = match sp {
                        Special::Cash => {
                            (("caja", "cash"), options.cash.is_some(), &mut totals.cash)
                        }
                        Special::Bank => {
                            (("banco", "bank"), options.bank.is_some(), &mut totals.bank)
                        }
                    };
                    if given {
                        errors.push(err(ImportProblem::OpeningGivenTwice(label)));
                    } else if let Some(&first) = special_seen.get(&label) {
                        errors.push(err(ImportProblem::DuplicateInFile { first_line: first }));
                    } else {
                        special_seen.insert(label, line);
                        *total = *figure;
                    }
                }
                RawKind::Member {
                    number,
                    id_number,
                    contributions,
                    savings,
                    savings_product,
                    fund,
                    loan,
                    loan_product,
                    dues_owed,
                } => {
                    let by_id = if id_number.is_empty() {
                        None
                    } else {
                        tx.member_by_id_number(id_number)?
                    };
                    let id = match (number, by_id) {
                        (Some(n), Some(i)) if *n != i => {
                            errors.push(err(ImportProblem::OpeningMemberMismatch {
                                number: *n,
                                id_number: id_number.clone(),
                            }));
                            continue;
                        }
                        (Some(n), _) => *n,
                        (None, Some(i)) => i,
                        (None, None) => {
                            errors
                                .push(err(ImportProblem::OpeningUnknownMember(id_number.clone())));
                            continue;
                        }
                    };
                    let Some(mm) = tx.member(id)? else {
                        errors.push(err(ImportProblem::OpeningUnknownMember(format!("#{id}"))));
                        continue;
                    };
                    if let Some(&first) = seen.get(&id) {
                        errors.push(err(ImportProblem::DuplicateInFile { first_line: first }));
                        continue;
                    }
                    seen.insert(id, line);
                    let before = errors.len();
                    if !mm.status.is_active() {
                        errors.push(err(ImportProblem::OpeningRetired(mm.full_name())));
                    }
                    if mm.join_date > date {
                        errors.push(err(ImportProblem::OpeningJoinedLater(mm.full_name())));
                    }
                    let savings_product = if savings_product.is_empty() {
                        1
                    } else {
                        match find_product(
                            &savings_products,
                            savings_product,
                            |p| p.id,
                            |p| p.name.as_str(),
                        ) {
                            Some(p) => p.id,
                            None => {
                                errors.push(err(ImportProblem::OpeningUnknownProduct(
                                    savings_product.clone(),
                                )));
                                1
                            }
                        }
                    };
                    let loan = match loan {
                        None => None,
                        Some(l) => {
                            let product = if loan_product.is_empty() {
                                loan_products.first()
                            } else {
                                find_product(
                                    &loan_products,
                                    loan_product,
                                    |p| p.id,
                                    |p| p.name.as_str(),
                                )
                            };
                            match product {
                                None if loan_products.is_empty() => {
                                    errors.push(err(ImportProblem::OpeningNoLoanProducts));
                                    None
                                }
                                None => {
                                    errors.push(err(ImportProblem::OpeningUnknownProduct(
                                        loan_product.clone(),
                                    )));
                                    None
                                }
                                Some(p) => {
                                    let latest = add_months_clamped(date, 12).unwrap_or(date);
                                    if l.next_due <= date || l.next_due > latest {
                                        errors.push(err(ImportProblem::OpeningNextDue));
                                    }
                                    let rate = l.rate.unwrap_or(p.rate);
                                    if let Err(e) = schedule(
                                        p.method,
                                        l.balance,
                                        rate,
                                        l.installments,
                                        l.next_due,
                                    ) {
                                        errors.push(err(ImportProblem::OpeningLoan(e)));
                                    }
                                    Some(OpeningLoan {
                                        balance: l.balance,
                                        rate,
                                        installments: l.installments,
                                        next_due: l.next_due,
                                        product: p.id,
                                    })
                                }
                            }
                        }
                    };
                    if errors.len() > before {
                        continue;
                    }
                    lines.push(OpeningLine {
                        line,
                        member: id,
                        name: mm.full_name(),
                        contributions: *contributions,
                        savings: *savings,
                        savings_product,
                        fund: *fund,
                        loan,
                        dues_owed: *dues_owed,
                    });
                }
            }
        }
        let sum = |f: &dyn Fn(&OpeningLine) -> Money| -> Option<Money> {
            lines
                .iter()
                .try_fold(Money::ZERO, |a, l| a.checked_add(f(l)))
        };
        let too_large = || ImportLineError {
            line: 1,
            problem: ImportProblem::OpeningTooLarge,
        };
        let mut add_total = |v: Option<Money>| {
            v.unwrap_or_else(|| {
                errors.push(too_large());
                Money::ZERO
            })
        };
        totals.contributions = add_total(sum(&|l| l.contributions));
        totals.savings = add_total(sum(&|l| l.savings));
        totals.fund = add_total(sum(&|l| l.fund));
        totals.dues_owed = add_total(sum(&|l| l.dues_owed));
        totals.loans = add_total(sum(&|l| {
            l.loan.as_ref().map(|x| x.balance).unwrap_or_default()
        }));
        let debits = totals
            .cash
            .checked_add(totals.bank)
            .and_then(|d| d.checked_add(totals.loans));
        let credits = totals
            .contributions
            .checked_add(totals.savings)
            .and_then(|c| c.checked_add(totals.fund));
        match debits.zip(credits).and_then(|(d, c)| d.checked_add(-c)) {
            Some(d) => totals.difference = d,
            None => errors.push(too_large()),
        }
        let nothing = [
            totals.cash,
            totals.bank,
            totals.loans,
            totals.contributions,
            totals.savings,
            totals.fund,
            totals.dues_owed,
        ]
        .iter()
        .all(|m| m.is_zero());
        if nothing && errors.is_empty() && refused.is_none() {
            refused = Some(OpeningError::Nothing);
        }
        // Every problem in the order of the file's lines.
        errors.sort_by_key(|e| e.line);
        let draft = if errors.is_empty() && refused.is_none() {
            self.opening_draft(tx, date, &lines, &totals, &cash_account, &bank_account)?
        } else {
            None
        };
        Ok(OpeningPlan {
            date,
            lines,
            errors,
            cash_account,
            bank_account,
            totals,
            draft,
            refused,
            options: options.clone(),
            bytes_lines: raw,
        })
    }

    fn opening_draft(
        &self,
        tx: &impl StoreRead,
        date: NaiveDate,
        lines: &[OpeningLine],
        t: &OpeningTotals,
        cash_account: &str,
        bank_account: &str,
    ) -> Result<Option<EntryDraft>, BookError> {
        let mut p = Vec::new();
        if t.cash.is_positive() {
            p.push(Posting::debit(cash_account, t.cash));
        }
        if t.bank.is_positive() {
            p.push(Posting::debit(bank_account, t.bank));
        }
        for l in lines {
            if let Some(loan) = &l.loan {
                p.push(Posting::debit(MICROCREDIT_CURRENT, loan.balance).for_member(l.member));
            }
        }
        for l in lines {
            if l.contributions.is_positive() {
                p.push(Posting::credit(MEMBER_CONTRIBUTIONS, l.contributions).for_member(l.member));
            }
            if l.savings.is_positive() {
                p.push(Posting::credit(SAVINGS_DEPOSITS, l.savings).for_member(l.member));
            }
            if l.fund.is_positive() {
                p.push(Posting::credit(super::savings::FUND_ACCOUNT, l.fund).for_member(l.member));
            }
        }
        if t.difference.is_positive() {
            p.push(Posting::credit(ACCUMULATED_SURPLUS, t.difference));
        } else if t.difference.is_negative() {
            p.push(Posting::debit(ACCUMULATED_LOSSES, -t.difference));
        }
        if p.is_empty() {
            // Only dues owed: charges, no entry.
            return Ok(None);
        }
        let draft = EntryDraft::new(
            date,
            "Saldos iniciales importados de una hoja de cálculo",
            "Saldos iniciales",
            EntryKind::Opening,
            p,
        )?;
        let _ = tx;
        Ok(Some(draft))
    }

    /// Posts a planned opening: the entry, the savings accounts and their
    /// movements, the loans with their schedules and the charges owed, in
    /// one transaction. The plan is made again inside it.
    pub fn commit_opening(&mut self, plan: &OpeningPlan) -> Result<OpeningOutcome, BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        let plan = self.opening_plan_in(
            &tx,
            plan.bytes_lines.clone(),
            plan.errors.clone(),
            &plan.options,
        )?;
        if let Some(r) = plan.refused {
            return Err(r.into());
        }
        if !plan.errors.is_empty() {
            return Err(OpeningError::Lines(plan.errors).into());
        }
        let date = plan.date;
        let entry = match plan.draft {
            Some(d) => Some(self.post_unhooked_in(&tx, d)?),
            None if plan.totals.dues_owed.is_positive() => None,
            None => return Err(OpeningError::Nothing.into()),
        };
        let entry_id = entry.as_ref().map(|e| e.id).unwrap_or(0);
        super::savings::ensure_default_product(&tx)?;
        let mut savings_opened = 0;
        let mut loans = Vec::new();
        let mut owed = Vec::new();
        for l in &plan.lines {
            if l.savings.is_positive() {
                let existing = tx
                    .savings_of_member(l.member)?
                    .into_iter()
                    .find(|a| a.product == l.savings_product);
                let acc = match existing {
                    Some(a) => a,
                    None => {
                        savings_opened += 1;
                        super::savings::new_account(
                            &tx,
                            l.member,
                            l.savings_product,
                            None,
                            None,
                            date,
                        )?
                    }
                };
                super::savings::apply_move(
                    &tx,
                    &SavingsMove {
                        account: acc.id,
                        date,
                        kind: MoveKind::Deposit,
                        amount: l.savings,
                        blocked_change: Money::ZERO,
                        entry: entry_id,
                    },
                )?;
            }
            if let Some(ol) = &l.loan {
                let id = self.open_loan_in(&tx, l, ol, date)?;
                loans.push(id);
            }
            if l.dues_owed.is_positive() {
                owed.push((l.member, l.dues_owed));
            }
        }
        if let (Some((&first, rest)), Some(e)) = (loans.split_first(), &entry) {
            let entry_id = e.id;
            tx.put_loan_event(
                entry_id,
                first,
                &LoanEvent::Opened {
                    loans: loans.clone(),
                },
            )?;
            for &id in rest {
                tx.index_loan_event(entry_id, id)?;
            }
        }
        if !owed.is_empty() {
            self.charges_owed_in(&tx, date, &owed)?;
        }
        tx.commit()?;
        Ok(OpeningOutcome {
            entry,
            members: plan.lines.len(),
            loans,
            savings_opened,
            charges: owed.len(),
            totals: plan.totals,
        })
    }

    /// A loan as the opening brings it: active, disbursed on the opening
    /// date for its balance, with a schedule of its installments left whose
    /// first falls on the next due date, one a month.
    fn open_loan_in(
        &self,
        tx: &WriteTx,
        l: &OpeningLine,
        ol: &OpeningLoan,
        date: NaiveDate,
    ) -> Result<u32, BookError> {
        let product = tx
            .loan_product(ol.product)?
            .ok_or(super::loans::LoanOpError::UnknownProduct(ol.product))?;
        let s = schedule(
            product.method,
            ol.balance,
            ol.rate,
            ol.installments,
            ol.next_due,
        )
        .map_err(super::loans::LoanOpError::from)?;
        let id: u32 = tx.meta_get("next_loan")?.unwrap_or(1);
        let mut installments = Vec::with_capacity(s.installments.len());
        for (k, mut inst) in s.installments.into_iter().enumerate() {
            inst.due = add_months_clamped(ol.next_due, k as u32).unwrap_or(inst.due);
            installments.push(InstallmentState {
                accrued_to: inst.due,
                inst,
                principal_paid: Money::ZERO,
                interest_paid: Money::ZERO,
                late_accrued: Money::ZERO,
                late_paid: Money::ZERO,
            });
        }
        let loan = Loan {
            id,
            member: l.member,
            product: product.id,
            amount: ol.balance,
            months: ol.installments,
            rate: ol.rate,
            late_rate: product.late_rate_for(ol.rate),
            method: product.method,
            purpose: "Saldo inicial".into(),
            guarantor: None,
            approval: "Saldos iniciales".into(),
            applied_on: date,
            status: LoanStatus::Active,
            disbursed_on: Some(date),
            installments,
            guarantee: None,
            in_overdue: Money::ZERO,
            write_off_approval: String::new(),
        };
        tx.put_loan(&loan)?;
        tx.index_loan(l.member, id)?;
        tx.meta_put("next_loan", &(id + 1))?;
        Ok(id)
    }

    /// The dues owed at the opening, as charges of a one-off charge type of
    /// the opening month for those members only (paid later like any charge).
    fn charges_owed_in(
        &self,
        tx: &WriteTx,
        date: NaiveDate,
        owed: &[(u32, Money)],
    ) -> Result<(), BookError> {
        let month = Month::of(date);
        let types = tx.charge_types()?;
        let account = types
            .iter()
            .find(|t| t.kind == ChargeKind::MonthlyDues && self.is_postable(&t.account))
            .map(|t| t.account.clone())
            .unwrap_or_else(|| ChargeKind::MonthlyDues.default_account().to_string());
        let id: u32 = tx.meta_get("next_charge_type")?.unwrap_or(1);
        let largest = owed.iter().map(|(_, a)| *a).max().unwrap_or_default();
        let t = ChargeType {
            id,
            name: "Cuotas adeudadas al inicio".into(),
            kind: ChargeKind::MonthlyDues,
            frequency: Frequency::Once,
            account,
            start_month: month,
            end_month: None,
            amounts: vec![(month, largest)],
            approval: "Saldos iniciales".into(),
            members: Some(owed.iter().map(|(m, _)| *m).collect()),
        };
        tx.put_charge_type(&t)?;
        tx.meta_put("next_charge_type", &(id + 1))?;
        for (member, amount) in owed {
            tx.put_charge(
                *member,
                month.key(),
                id,
                DuesFigures::charged(amount.cents()),
            )?;
        }
        Ok(())
    }
}
