//! Files for the regulator (SEPS), as ../shared/SEPS.md describes them:
//!
//! - **B11**, the monthly balance: an XML document (UTF-8, root `balance` in
//!   namespace `http://www.seps.gob.ec/balances`, attributes `estructura`,
//!   `rucEntidad`, `fechaCorte`, `numRegistro`, `valorCuadre`), rows nested
//!   `elemento` > `grupo` > `cuenta` > `subcuenta` with `codigo`, `nombre`
//!   (upper case) and `total` (two decimals, point); every CUC level of the
//!   accounts used is present and each parent's total is the sum of its
//!   children. Beside it a `-hash.txt` with the upper-case hex MD5 of the XML
//!   bytes, and both in a zip. `numRegistro` counts every row written;
//!   `valorCuadre` is the sum of every row's total (believed; one source).
//! - The **monthly-balances spreadsheet** small entities may send instead
//!   (code, name, balance of every row of the B11).
//! - **S01**, the members file: tab-separated, the columns of SEPS.md.
//!
//! All are refused, writing nothing, when the book has no RUC or the month is
//! not closed; the B11 also when the accounting equation does not hold.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use md5::{Digest, Md5};
use rust_xlsxwriter::{Format as XFormat, FormatBorder, Workbook};
use serde::Serialize;

use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::codes::MEMBER_CONTRIBUTIONS;
use crate::domain::account::{Level, parent_code};
use crate::domain::entry::Side;
use crate::domain::ident::IdKind;
use crate::domain::member::MemberStatus;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::report::render::{Letterhead, ser};

/// The namespace of the B11 document.
pub const B11_NAMESPACE: &str = "http://www.seps.gob.ec/balances";

/// Why a SEPS file was not written.
#[derive(Debug, thiserror::Error)]
pub enum SepsError {
    #[error("the association has no RUC")]
    MissingRuc,
    #[error("{month} is not closed")]
    NotClosed {
        month: Month,
        closed_through: Option<Month>,
    },
    #[error("the book has no entries up to {month}")]
    NoEntries {
        month: Month,
        /// The month of the book's first entry, if it has any.
        first: Option<Month>,
    },
    #[error("the accounting equation does not hold")]
    Unbalanced {
        assets: Money,
        liabilities: Money,
        equity: Money,
        income: Money,
        expenses: Money,
    },
    #[error("account {0}: the total differs from the sum of its sub-accounts")]
    Inconsistent(String),
    #[error(transparent)]
    Book(#[from] BookError),
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    #[error("spreadsheet: {0}")]
    Xlsx(String),
}

impl SepsError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SepsError::MissingRuc => Msg::RepSepsMissingRuc.t(lang).into(),
            SepsError::NotClosed {
                month,
                closed_through,
            } => {
                let last = match closed_through {
                    Some(c) => Msg::RepSepsLastClosed.fill(lang, &[("month", &c.name(lang))]),
                    None => Msg::RepSepsNoneClosed.t(lang).to_string(),
                };
                Msg::RepSepsNotClosed.fill(lang, &[("month", &month.name(lang)), ("last", &last)])
            }
            SepsError::NoEntries {
                month,
                first: Some(first),
            } => Msg::RepSepsNoEntriesBefore.fill(
                lang,
                &[("month", &month.name(lang)), ("first", &first.name(lang))],
            ),
            SepsError::NoEntries { month, first: None } => {
                Msg::RepSepsNoEntries.fill(lang, &[("month", &month.name(lang))])
            }
            SepsError::Unbalanced {
                assets,
                liabilities,
                equity,
                income,
                expenses,
            } => Msg::RepSepsUnbalanced.fill(
                lang,
                &[
                    ("assets", &assets.localized(lang)),
                    ("liabilities", &liabilities.localized(lang)),
                    ("equity", &equity.localized(lang)),
                    ("income", &income.localized(lang)),
                    ("expenses", &expenses.localized(lang)),
                ],
            ),
            SepsError::Inconsistent(c) => Msg::RepSepsInconsistent.fill(lang, &[("code", c)]),
            SepsError::Book(e) => e.message(lang),
            SepsError::Io { path, detail } => {
                Msg::RepErrIo.fill(lang, &[("path", path), ("detail", detail)])
            }
            SepsError::Xlsx(d) => Msg::RepErrXlsx.fill(lang, &[("detail", d)]),
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> SepsError {
    SepsError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// The book's RUC, and the month checked closed.
fn preconditions(book: &Book, month: Month) -> Result<String, SepsError> {
    let ruc = book
        .settings()?
        .ruc
        .filter(|r| !r.trim().is_empty())
        .ok_or(SepsError::MissingRuc)?;
    let closed_through = book.closed_through()?;
    if closed_through.is_none_or(|c| month > c) {
        return Err(SepsError::NotClosed {
            month,
            closed_through,
        });
    }
    Ok(ruc)
}

/// The book's RUC for a file of `month`: refused without a RUC, for a month
/// not closed, and for a month before the book's first entry.
pub fn checked_ruc(book: &Book, month: Month) -> Result<String, SepsError> {
    let ruc = preconditions(book, month)?;
    no_history_refused(book, month)?;
    Ok(ruc)
}

/// A month before the book's first entry is "closed" only in the sense that
/// later months are: it has no balance of its own, and is refused like a
/// month not closed yet.
fn no_history_refused(book: &Book, month: Month) -> Result<(), SepsError> {
    if book.has_entries_through(month.last_day())? {
        return Ok(());
    }
    let first = book.first_entry_date()?.map(Month::of);
    Err(SepsError::NoEntries { month, first })
}

/// A row's level in the B11 document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum B11Level {
    Elemento,
    Grupo,
    Cuenta,
    Subcuenta,
}

impl B11Level {
    pub fn tag(self) -> &'static str {
        match self {
            B11Level::Elemento => "elemento",
            B11Level::Grupo => "grupo",
            B11Level::Cuenta => "cuenta",
            B11Level::Subcuenta => "subcuenta",
        }
    }
    fn of(code: &str) -> Option<B11Level> {
        Some(match Level::of(code)? {
            Level::Element => B11Level::Elemento,
            Level::Group => B11Level::Grupo,
            Level::Account => B11Level::Cuenta,
            Level::SubAccount => B11Level::Subcuenta,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct B11Row {
    pub level: B11Level,
    pub code: String,
    /// Upper case.
    pub name: String,
    /// On the account's natural side; only contra accounts are negative.
    #[serde(serialize_with = "ser::amount")]
    pub total: Money,
}

/// The monthly balance as reported: rows in code order (each parent before its children).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct B11 {
    pub ruc: String,
    #[serde(serialize_with = "ser::month")]
    pub month: Month,
    #[serde(serialize_with = "ser::date")]
    pub cut: NaiveDate,
    pub rows: Vec<B11Row>,
    /// The number of rows.
    pub num_registro: usize,
    /// The sum of every row's total.
    #[serde(serialize_with = "ser::amount")]
    pub valor_cuadre: Money,
}

impl B11 {
    /// "31/03/2026".
    pub fn fecha_corte(&self) -> String {
        self.cut.format("%d/%m/%Y").to_string()
    }
    /// "B11_<RUC>_31-03-2026", the stem of the three files.
    pub fn file_stem(&self) -> String {
        format!("B11_{}_{}", self.ruc, self.cut.format("%d-%m-%Y"))
    }
}

/// Builds the month's balance and checks it: the RUC, the month closed, the
/// accounting equation (Activo = Pasivo + Patrimonio + Ingresos − Gastos; after
/// the year-end close income and expenses are zero) and every parent's total.
pub fn b11(book: &Book, month: Month) -> Result<B11, SepsError> {
    let ruc = preconditions(book, month)?;
    no_history_refused(book, month)?;
    let balances = book.account_balances(month)?;
    let natural: BTreeMap<&str, Money> = balances
        .iter()
        .map(|b| (b.account.code.as_str(), b.natural()))
        .collect();
    let nat = |c: &str| natural.get(c).copied().unwrap_or_default();
    let (assets, liabilities, equity, expenses, income) =
        (nat("1"), nat("2"), nat("3"), nat("4"), nat("5"));
    if assets != liabilities + equity + income - expenses {
        return Err(SepsError::Unbalanced {
            assets,
            liabilities,
            equity,
            income,
            expenses,
        });
    }
    // Leaves of elements 1 to 5 with a balance, and every ancestor of each.
    let mut used: BTreeMap<String, ()> = BTreeMap::new();
    for b in &balances {
        let code = b.account.code.as_str();
        if !matches!(code.as_bytes().first(), Some(b'1'..=b'5'))
            || !b.postable
            || b.balance.is_zero()
        {
            continue;
        }
        let mut c = Some(code);
        while let Some(x) = c {
            used.insert(x.to_string(), ());
            c = parent_code(x);
        }
    }
    let mut rows = Vec::new();
    for b in &balances {
        let code = b.account.code.as_str();
        if !used.contains_key(code) {
            continue;
        }
        let Some(level) = B11Level::of(code) else {
            continue;
        };
        rows.push(B11Row {
            level,
            code: code.to_string(),
            name: b.account.name.trim().to_uppercase(),
            total: b.natural(),
        });
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    // Each parent's total is the sum of its children's.
    for r in &rows {
        let children: Vec<&B11Row> = rows
            .iter()
            .filter(|c| parent_code(&c.code) == Some(r.code.as_str()))
            .collect();
        if !children.is_empty() && children.iter().map(|c| c.total).sum::<Money>() != r.total {
            return Err(SepsError::Inconsistent(r.code.clone()));
        }
    }
    let valor_cuadre = rows.iter().map(|r| r.total).sum();
    Ok(B11 {
        ruc,
        month,
        cut: month.last_day(),
        num_registro: rows.len(),
        valor_cuadre,
        rows,
    })
}

/// Escapes text for an XML attribute value.
fn attr(s: &str) -> String {
    crate::report::render::escape_markup(s, "&apos;", |c, out| {
        out.push(if c.is_control() { ' ' } else { c })
    })
}

/// The B11 XML document of a checked balance.
pub fn b11_document(b: &B11) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<balance xmlns=\"{B11_NAMESPACE}\" estructura=\"B11\" rucEntidad=\"{}\" fechaCorte=\"{}\" numRegistro=\"{}\" valorCuadre=\"{}\">\n",
        attr(&b.ruc),
        b.fecha_corte(),
        b.num_registro,
        b.valor_cuadre.plain()
    ));
    // Open elements, innermost last.
    let mut open: Vec<&B11Row> = Vec::new();
    for (i, r) in b.rows.iter().enumerate() {
        while let Some(top) = open.last() {
            if r.code.starts_with(top.code.as_str()) && r.code.len() > top.code.len() {
                break;
            }
            out.push_str(&"  ".repeat(open.len()));
            out.push_str(&format!("</{}>\n", top.level.tag()));
            open.pop();
        }
        let has_children = b
            .rows
            .get(i + 1)
            .is_some_and(|n| n.code.starts_with(r.code.as_str()) && n.code.len() > r.code.len());
        out.push_str(&"  ".repeat(open.len() + 1));
        out.push_str(&format!(
            "<{} codigo=\"{}\" nombre=\"{}\" total=\"{}\"",
            r.level.tag(),
            attr(&r.code),
            attr(&r.name),
            r.total.plain()
        ));
        if has_children {
            out.push_str(">\n");
            open.push(r);
        } else {
            out.push_str("/>\n");
        }
    }
    while let Some(top) = open.pop() {
        out.push_str(&"  ".repeat(open.len() + 1));
        out.push_str(&format!("</{}>\n", top.level.tag()));
    }
    out.push_str("</balance>\n");
    out
}

/// The month's B11 XML document (checked; see [`b11`]).
pub fn b11_xml(book: &Book, month: Month) -> Result<String, SepsError> {
    Ok(b11_document(&b11(book, month)?))
}

/// Upper-case hexadecimal MD5 of the bytes.
pub fn md5_upper_hex(bytes: &[u8]) -> String {
    let digest = Md5::digest(bytes);
    digest.iter().map(|b| format!("{b:02X}")).collect()
}

/// The three files of a B11 package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct B11Paths {
    pub xml: PathBuf,
    pub hash: PathBuf,
    pub zip: PathBuf,
}

/// The contents of a B11 package: the XML, its hash and the zip of both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct B11Files {
    /// `B11_<RUC>_<dd-MM-yyyy>`, the stem of the three file names.
    pub stem: String,
    pub xml: String,
    /// Upper-case hex MD5 of the XML bytes.
    pub hash: String,
    pub zip: Vec<u8>,
    /// The balance the XML was written from.
    pub balance: B11,
}

impl B11Files {
    pub fn xml_name(&self) -> String {
        format!("{}.xml", self.stem)
    }
    pub fn hash_name(&self) -> String {
        format!("{}-hash.txt", self.stem)
    }
    pub fn zip_name(&self) -> String {
        format!("{}.zip", self.stem)
    }
}

/// Builds the month's B11 package in memory (checked; see [`b11`]).
pub fn b11_files(book: &Book, month: Month) -> Result<B11Files, SepsError> {
    let b = b11(book, month)?;
    let xml = b11_document(&b);
    let hash = md5_upper_hex(xml.as_bytes());
    let stem = b.file_stem();
    let zip = zip_files(
        &[
            (&format!("{stem}.xml"), xml.as_bytes()),
            (&format!("{stem}-hash.txt"), hash.as_bytes()),
        ],
        book.clock().now(),
    )
    .map_err(|e| SepsError::Io {
        path: format!("{stem}.zip"),
        detail: e,
    })?;
    Ok(B11Files {
        stem,
        xml,
        hash,
        zip,
        balance: b,
    })
}

/// Writes `B11_<RUC>_<dd-MM-yyyy>.xml`, its `-hash.txt` (MD5, upper-case hex)
/// and the zip of both into `dir` (created if missing). Nothing is written
/// when the balance is refused; files half-written by a failure are removed.
pub fn write_b11_package(book: &Book, month: Month, dir: &Path) -> Result<B11Paths, SepsError> {
    let files = b11_files(book, month)?;
    let paths = B11Paths {
        xml: dir.join(files.xml_name()),
        hash: dir.join(files.hash_name()),
        zip: dir.join(files.zip_name()),
    };
    fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let result = (|| {
        crate::files::write(&paths.xml, files.xml.as_bytes()).map_err(|e| io_err(&paths.xml, e))?;
        crate::files::write(&paths.hash, files.hash.as_bytes())
            .map_err(|e| io_err(&paths.hash, e))?;
        crate::files::write(&paths.zip, &files.zip).map_err(|e| io_err(&paths.zip, e))
    })();
    if let Err(e) = result {
        for p in [&paths.xml, &paths.hash, &paths.zip] {
            let _ = fs::remove_file(p);
        }
        return Err(e);
    }
    Ok(paths)
}

/// A zip (deflated) of named files, stamped with `when`.
fn zip_files(files: &[(&str, &[u8])], when: chrono::NaiveDateTime) -> Result<Vec<u8>, String> {
    use chrono::{Datelike, Timelike};
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(when.year()).unwrap_or(1980),
        when.month() as u8,
        when.day() as u8,
        when.hour() as u8,
        when.minute() as u8,
        when.second() as u8,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(*name, options).map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The monthly-balances spreadsheet for small entities: the association's
/// header, then code, name and balance of every row of the month's B11.
/// The name the regulator expects for the monthly-balances spreadsheet:
/// `SaldosMensuales_<RUC>_<dd-mm-yyyy>.xlsx` (the month's last day).
pub fn monthly_balances_file_name(book: &Book, month: Month) -> Result<String, SepsError> {
    let ruc = book.settings()?.ruc.unwrap_or_default();
    Ok(format!(
        "SaldosMensuales_{ruc}_{}.xlsx",
        month.last_day().format("%d-%m-%Y")
    ))
}

pub fn monthly_balances_xlsx(book: &Book, month: Month, lang: Lang) -> Result<Vec<u8>, SepsError> {
    let b = b11(book, month)?;
    let lh = Letterhead::of(book)?;
    let xerr = |e: rust_xlsxwriter::XlsxError| SepsError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let title = Msg::RepMonthlyBalances.t(lang);
    ws.set_name(crate::report::render::sheet_name(
        Msg::RepMonthlyBalancesSheet.t(lang),
    ))
    .map_err(xerr)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let period = crate::report::render::as_of(b.cut, lang);
    let mut row =
        crate::report::render::write_letterhead(ws, title, &period, &lh, lang).map_err(xerr)?;
    let header = XFormat::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border_bottom(FormatBorder::Thin);
    let amount = XFormat::new().set_num_format("#,##0.00");
    let bold_amount = amount.clone().set_bold();
    let bold = XFormat::new().set_bold();
    let plain = XFormat::new();
    ws.set_column_width(0, 10).map_err(xerr)?;
    ws.set_column_width(1, 56).map_err(xerr)?;
    ws.set_column_width(2, 16).map_err(xerr)?;
    for (c, h) in [Msg::RepCode, Msg::RepAccount, Msg::RepBalance]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, c as u16, h.t(lang), &header)
            .map_err(xerr)?;
    }
    row += 1;
    for r in &b.rows {
        let parent = r.level != B11Level::Subcuenta
            && b.rows
                .iter()
                .any(|c| parent_code(&c.code) == Some(r.code.as_str()));
        let (tf, af) = if parent {
            (&bold, &bold_amount)
        } else {
            (&plain, &amount)
        };
        ws.write_string_with_format(row, 0, &r.code, tf)
            .map_err(xerr)?;
        crate::report::render::write_text(ws, row, 1, &r.name, tf).map_err(xerr)?;
        ws.write_with_format(row, 2, r.total.to_decimal(), af)
            .map_err(xerr)?;
        row += 1;
    }
    wb.save_to_buffer().map_err(xerr)
}

/// Choices for the S01 members file where SEPS.md is silent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S01Options {
    /// Write the column names as the first line.
    pub header: bool,
    /// `paisNacimiento` for every member (the book does not record it).
    pub country: String,
    /// In an association every member belongs to the general assembly: "S" for all.
    pub all_in_assembly: bool,
    /// Members who represent others in the assembly, with the date they were chosen.
    pub representatives: BTreeMap<u32, NaiveDate>,
    /// Members of the board (directivos), with the date they took office.
    pub directors: BTreeMap<u32, NaiveDate>,
}

impl Default for S01Options {
    fn default() -> Self {
        S01Options {
            header: true,
            country: "EC".to_string(),
            all_in_assembly: true,
            representatives: BTreeMap::new(),
            directors: BTreeMap::new(),
        }
    }
}

/// The S01 columns, in order.
pub const S01_COLUMNS: [&str; 12] = [
    "tipoIdentificacion",
    "numeroIdentificacion",
    "paisNacimiento",
    "apellidosNombres",
    "fechaNacimiento",
    "genero",
    "valorCertifAportacion",
    "fechaIngreso",
    "asambleaGeneral",
    "fechaRepresentanteAsamblea",
    "directivo",
    "fechaDirectivo",
];

/// The identification type code of S01: C cédula, R RUC, P passport (believed).
pub fn id_type_code(k: IdKind) -> &'static str {
    match k {
        IdKind::Cedula => "C",
        IdKind::Ruc => "R",
        IdKind::Passport => "P",
    }
}

fn tsv(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A member's capital contributions (3103, credit balance) at the end of `cut`:
/// today's balance less what was posted after that day.
fn contributions_at(book: &Book, member: u32, cut: NaiveDate) -> Result<Money, BookError> {
    let now: Money = book
        .member_balances(member)?
        .into_iter()
        .filter(|b| b.account.starts_with(MEMBER_CONTRIBUTIONS))
        .map(|b| b.credit - b.debit)
        .sum();
    let filter = JournalFilter {
        member: Some(member),
        account: None,
        month: None,
    };
    let mut after = Money::ZERO;
    'pages: for page in crate::report::journal::pages(book, &filter, 200) {
        for e in &page? {
            if e.date <= cut {
                break 'pages;
            }
            for p in &e.postings {
                if p.member == Some(member) && p.account.starts_with(MEMBER_CONTRIBUTIONS) {
                    match p.side {
                        Side::Credit => after += p.amount,
                        Side::Debit => after -= p.amount,
                    }
                }
            }
        }
    }
    Ok(now - after)
}

/// The S01 members file at the end of `month`: every member who had joined by
/// then and had not retired, tab-separated, lines ending in CRLF.
pub fn s01(book: &Book, month: Month, opts: &S01Options) -> Result<String, SepsError> {
    preconditions(book, month)?;
    let cut = month.last_day();
    let mut out = String::new();
    if opts.header {
        out.push_str(&S01_COLUMNS.join("\t"));
        out.push_str("\r\n");
    }
    for mm in book.members()? {
        if mm.join_date > cut {
            continue;
        }
        if let MemberStatus::Retired { date, .. } = &mm.status
            && *date <= cut
        {
            continue;
        }
        let contributions = contributions_at(book, mm.id, cut)?;
        let rep = opts.representatives.get(&mm.id);
        let dir = opts.directors.get(&mm.id);
        let fields = [
            id_type_code(mm.id_kind).to_string(),
            tsv(&mm.id_number),
            tsv(&opts.country),
            tsv(&format!("{} {}", mm.last_names, mm.first_names)).to_uppercase(),
            mm.birth_date.map(dmy).unwrap_or_default(),
            mm.gender.code().to_string(),
            contributions.plain(),
            dmy(mm.join_date),
            if opts.all_in_assembly || rep.is_some() {
                "S"
            } else {
                "N"
            }
            .to_string(),
            rep.map(|d| dmy(*d)).unwrap_or_default(),
            if dir.is_some() { "S" } else { "N" }.to_string(),
            dir.map(|d| dmy(*d)).unwrap_or_default(),
        ];
        out.push_str(&fields.join("\t"));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The file name of the S01: `S01_<RUC>_<dd-MM-yyyy>.txt`.
pub fn s01_file_name(book: &Book, month: Month) -> Result<String, SepsError> {
    let ruc = preconditions(book, month)?;
    Ok(format!(
        "S01_{ruc}_{}.txt",
        month.last_day().format("%d-%m-%Y")
    ))
}
