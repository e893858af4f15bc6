//! Member import from CSV: a preview with every error by line number, then
//! all or nothing in one transaction.
//!
//! The columns are the ones `ayni member list --format csv` writes (in
//! Spanish or English), so an exported list imports back as it was: the
//! kind of identification, the status and the retirement, and the members'
//! numbers when the book can keep them.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Book, BookError};
use crate::domain::date::parse_date;
use crate::domain::ident::IdKind;
use crate::domain::member::{Field, MemberError, MemberInput, MemberStatus, ValidMember};
use crate::domain::text::{self, TextProblem, visible};
use crate::i18n::{Lang, Msg};
use crate::store::StoreRead;

/// One column: the English and Spanish names the export writes, and other
/// names people give it (compared without accents, case or spaces).
pub(crate) struct Column {
    pub(crate) en: &'static str,
    pub(crate) es: &'static str,
    pub(crate) aliases: &'static [&'static str],
}

pub(crate) const fn col(
    en: &'static str,
    es: &'static str,
    aliases: &'static [&'static str],
) -> Column {
    Column { en, es, aliases }
}

const ID_NUMBER: usize = 0;
const FIRST_NAMES: usize = 1;
const LAST_NAMES: usize = 2;
const GENDER: usize = 3;
const BIRTH_DATE: usize = 4;
const JOIN_DATE: usize = 5;
const PHONE: usize = 6;
const COMMUNITY: usize = 7;
const NUMBER: usize = 8;
const ID_KIND: usize = 9;
const STATUS: usize = 10;
const RETIRED_ON: usize = 11;
const RETIRE_REASON: usize = 12;

/// Every column, in the order the export writes them.
const COLUMNS: [Column; 13] = [
    col(
        "id_number",
        "cedula",
        &[
            "identificacion",
            "ci",
            "cedula_identidad",
            "cedula_ruc",
            "ruc",
            "numero_identificacion",
            "documento",
        ],
    ),
    col("first_names", "nombres", &["nombre", "first_name", "names"]),
    col(
        "last_names",
        "apellidos",
        &["apellido", "last_name", "surname", "surnames"],
    ),
    col("gender", "genero", &["sexo", "sex"]),
    col(
        "birth_date",
        "fecha_nacimiento",
        &["nacimiento", "date_birth", "birthday", "birthdate"],
    ),
    col(
        "join_date",
        "fecha_ingreso",
        &["ingreso", "fecha_afiliacion", "date_joined", "joined"],
    ),
    col(
        "phone",
        "telefono",
        &[
            "celular",
            "telefono_celular",
            "movil",
            "phone_number",
            "mobile",
        ],
    ),
    col("community", "comunidad", &["sector", "barrio", "recinto"]),
    col(
        "id",
        "numero",
        &[
            "number",
            "socio",
            "n_socio",
            "nro_socio",
            "numero_socio",
            "member_number",
        ],
    ),
    col(
        "id_kind",
        "tipo_identificacion",
        &["tipo_documento", "id_type"],
    ),
    col("status", "estado", &[]),
    col("retired_on", "fecha_retiro", &["retiro", "retirement_date"]),
    col(
        "retire_reason",
        "motivo_retiro",
        &["motivo", "retirement_reason"],
    ),
];
const REQUIRED: [usize; 5] = [ID_NUMBER, FIRST_NAMES, LAST_NAMES, GENDER, JOIN_DATE];

/// The names of the columns as the export writes them, in `lang`.
pub fn column_names(lang: Lang) -> [&'static str; 13] {
    let mut out = [""; 13];
    for (o, c) in out.iter_mut().zip(COLUMNS.iter()) {
        *o = lang.pick(c.es, c.en);
    }
    out
}

/// Every column a member file may have: its Spanish and English names and
/// whether it must be there, the required ones first.
pub fn member_columns() -> Vec<(&'static str, &'static str, bool)> {
    let mut v: Vec<_> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.es, c.en, REQUIRED.contains(&i)))
        .collect();
    v.sort_by_key(|(_, _, r)| !*r);
    v
}

/// A problem on one line of the file (line 1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLineError {
    pub line: usize,
    pub problem: ImportProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    NotText,
    Empty,
    MissingColumn(&'static str),
    UnknownColumn(String),
    /// Two headers name the same column (as written in the file, and their places from 1).
    DuplicateColumn {
        first: (usize, String),
        second: (usize, String),
    },
    Csv(String),
    /// The file is a spreadsheet that could not be read.
    Xlsx(String),
    WrongFieldCount {
        expected: usize,
        found: usize,
    },
    Field(Field, MemberError),
    DuplicateInFile {
        first_line: usize,
    },
    DuplicateInBook {
        name: String,
    },
    BadIdKind(String),
    BadStatus(String),
    BadNumber(String),
    /// The same member number on two lines.
    DuplicateNumber {
        first_line: usize,
    },
    BadRetireDate(crate::domain::date::DateError),
    /// Retired, but no date of retirement.
    RetiredWithoutDate,
    /// Active, with a date or a reason of retirement.
    ActiveButRetirement,
    /// The retirement is before joining, or after today.
    RetireDateOutOfRange,
    RetireReason(TextProblem),
    /// Opening balances: an amount below zero in the column.
    OpeningNegative(ColName),
    /// Opening balances: a value the column cannot take.
    OpeningValue(ColName, crate::domain::input::InputError),
    /// A `CAJA` or `BANCO` line with member figures.
    OpeningSpecialWithOthers,
    /// Neither a member number nor an identification number.
    OpeningNoMember,
    /// A figure under `saldo` on a member's line (it is for `CAJA`/`BANCO`).
    OpeningBalanceOnMember,
    /// A loan without one of its figures.
    OpeningLoanMissing(ColName),
    OpeningInstallments(String),
    /// Cash or bank given both as an option and on a line.
    OpeningGivenTwice(ColName),
    OpeningMemberMismatch {
        number: u32,
        id_number: String,
    },
    OpeningUnknownMember(String),
    OpeningRetired(String),
    OpeningJoinedLater(String),
    OpeningUnknownProduct(String),
    OpeningNoLoanProducts,
    /// The next due date is not after the opening date (or more than a year after it).
    OpeningNextDue,
    OpeningLoan(crate::domain::loan::LoanError),
    /// The totals exceed what a book holds.
    OpeningTooLarge,
}

/// A column's name in Spanish and English.
pub type ColName = (&'static str, &'static str);

impl ImportLineError {
    pub fn message(&self, lang: Lang) -> String {
        let what = match &self.problem {
            ImportProblem::NotText => Msg::ErrImportLineNotText.t(lang).into(),
            ImportProblem::Empty => Msg::ErrImportLineEmpty.t(lang).into(),
            ImportProblem::MissingColumn(c) => {
                Msg::ErrImportLineMissingColumn.fill(lang, &[("c", &c)])
            }
            ImportProblem::UnknownColumn(c) => {
                Msg::ErrImportLineUnknownColumn.fill(lang, &[("visible", &visible(c))])
            }
            ImportProblem::DuplicateColumn { first, second } => Msg::ErrImportLineDuplicateColumn
                .fill(
                    lang,
                    &[
                        ("first", &first.0),
                        ("second", &second.0),
                        ("first_name", &visible(&first.1)),
                        ("second_name", &visible(&second.1)),
                    ],
                ),
            ImportProblem::Csv(e) => Msg::ErrImportLineCsv.fill(lang, &[("visible", &visible(e))]),
            ImportProblem::Xlsx(e) => {
                Msg::ErrImportLineXlsx.fill(lang, &[("visible", &visible(e))])
            }
            ImportProblem::WrongFieldCount { expected, found } => Msg::ErrImportLineWrongFieldCount
                .fill(lang, &[("expected", &expected), ("found", &found)]),
            ImportProblem::Field(f, e) => format!("{}: {}", f.label(lang), e.message(lang)),
            ImportProblem::DuplicateInFile { first_line } => {
                Msg::ErrImportLineDuplicateInFile.fill(lang, &[("first_line", &first_line)])
            }
            ImportProblem::DuplicateInBook { name } => {
                Msg::ErrImportLineDuplicateInBook.fill(lang, &[("visible", &visible(name))])
            }
            ImportProblem::BadIdKind(k) => {
                Msg::ErrImportLineBadIdKind.fill(lang, &[("visible", &visible(k))])
            }
            ImportProblem::BadStatus(s) => {
                Msg::ErrImportLineBadStatus.fill(lang, &[("visible", &visible(s))])
            }
            ImportProblem::BadNumber(n) => {
                Msg::ErrImportLineBadNumber.fill(lang, &[("visible", &visible(n))])
            }
            ImportProblem::DuplicateNumber { first_line } => {
                Msg::ErrImportLineDuplicateNumber.fill(lang, &[("first_line", &first_line)])
            }
            ImportProblem::BadRetireDate(e) => {
                format!("{}: {}", Msg::BkRetirementDate.t(lang), e.message(lang))
            }
            ImportProblem::RetiredWithoutDate => {
                Msg::ErrImportLineRetiredWithoutDate.t(lang).into()
            }
            ImportProblem::ActiveButRetirement => {
                Msg::ErrImportLineActiveButRetirement.t(lang).into()
            }
            ImportProblem::RetireDateOutOfRange => {
                Msg::ErrImportLineRetireDateOutOfRange.t(lang).into()
            }
            ImportProblem::RetireReason(p) => {
                format!("{}: {}", Msg::BkRetirementReason.t(lang), p.message(lang))
            }
            ImportProblem::OpeningNegative(c) => {
                Msg::ErrOpeningNegative.fill(lang, &[("c", &lang.pick(c.0, c.1))])
            }
            ImportProblem::OpeningValue(c, e) => {
                format!("{}: {}", lang.pick(c.0, c.1), e.message(lang))
            }
            ImportProblem::OpeningSpecialWithOthers => {
                Msg::ErrOpeningSpecialWithOthers.t(lang).into()
            }
            ImportProblem::OpeningNoMember => Msg::ErrOpeningNoMember.t(lang).into(),
            ImportProblem::OpeningBalanceOnMember => Msg::ErrOpeningBalanceOnMember.t(lang).into(),
            ImportProblem::OpeningLoanMissing(c) => {
                Msg::ErrOpeningLoanMissing.fill(lang, &[("c", &lang.pick(c.0, c.1))])
            }
            ImportProblem::OpeningInstallments(t) => {
                Msg::ErrOpeningInstallments.fill(lang, &[("visible", &visible(t))])
            }
            ImportProblem::OpeningGivenTwice(c) => {
                Msg::ErrOpeningGivenTwice.fill(lang, &[("c", &lang.pick(c.0, c.1))])
            }
            ImportProblem::OpeningMemberMismatch { number, id_number } => {
                Msg::ErrOpeningMemberMismatch.fill(
                    lang,
                    &[("number", number), ("visible", &visible(id_number))],
                )
            }
            ImportProblem::OpeningUnknownMember(k) => {
                Msg::ErrOpeningUnknownMember.fill(lang, &[("visible", &visible(k))])
            }
            ImportProblem::OpeningRetired(n) => {
                Msg::ErrOpeningRetired.fill(lang, &[("name", &visible(n))])
            }
            ImportProblem::OpeningJoinedLater(n) => {
                Msg::ErrOpeningJoinedLater.fill(lang, &[("name", &visible(n))])
            }
            ImportProblem::OpeningUnknownProduct(k) => {
                Msg::ErrOpeningUnknownProduct.fill(lang, &[("visible", &visible(k))])
            }
            ImportProblem::OpeningNoLoanProducts => Msg::ErrOpeningNoLoanProducts.t(lang).into(),
            ImportProblem::OpeningNextDue => Msg::ErrOpeningNextDue.t(lang).into(),
            ImportProblem::OpeningLoan(e) => e.message(lang),
            ImportProblem::OpeningTooLarge => Msg::ErrOpeningTooLarge.t(lang).into(),
        };
        let what = what.trim_end_matches('.');
        Msg::BkLine.fill(lang, &[("line", &self.line), ("what", &what)])
    }
}

/// One member line of the file, valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The line of the file (the header is line 1).
    pub line: usize,
    pub member: ValidMember,
    /// The member number written in the file, if any.
    pub file_number: Option<u32>,
    /// The number the member gets: the file's when the book can keep them
    /// all (see [`Book::preview_import`]), else the book's next ones.
    pub number: u32,
    pub status: MemberStatus,
}

/// What an import would do: the members it would add and every problem found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    pub members: Vec<ImportRow>,
    pub errors: Vec<ImportLineError>,
    /// The file gave member numbers but the book cannot keep them (some
    /// line has none, or a number is taken or below the book's next one).
    pub numbers_renumbered: bool,
}

/// A member line in a preview, for display and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewRow {
    pub line: usize,
    pub number: u32,
    pub id_number: String,
    pub name: String,
    pub retired: bool,
}

/// A header (or a word such as a status) as it is compared: without case,
/// accents, spaces, dots or the little words between the others, so
/// "Fecha de nacimiento", "FECHA DE INGRESO", "Cédula" and "N.º socio"
/// read as `fecha_nacimiento`, `fecha_ingreso`, `cedula` and `n_socio`.
pub(crate) fn normalise_header(h: &str) -> String {
    let lower = h
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['á', 'à', 'ä', 'â'], "a")
        .replace(['é', 'è', 'ë', 'ê'], "e")
        .replace(['í', 'ì', 'ï', 'î'], "i")
        .replace(['ó', 'ò', 'ö', 'ô'], "o")
        .replace(['ú', 'ù', 'ü', 'û'], "u")
        .replace(['º', '°', '.', '(', ')', ':', '$', '%'], " ")
        .replace(['-', '/'], "_");
    lower
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty() && !matches!(*w, "de" | "del" | "la" | "el" | "of" | "the"))
        .collect::<Vec<_>>()
        .join("_")
}

/// Undoes the spreadsheet-safety mark of ayni's CSV exports: a field written
/// as `'=…`, `'+…`, `'-…`, `'@…` or `''…` is read without its first `'`.
fn unmark(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => s,
    }
}

fn parse_kind(s: &str) -> Option<IdKind> {
    match normalise_header(s).as_str() {
        "cedula" | "ci" => Some(IdKind::Cedula),
        "ruc" => Some(IdKind::Ruc),
        "passport" | "pasaporte" => Some(IdKind::Passport),
        _ => None,
    }
}

/// `Some(true)`: retired; `Some(false)`: active; `None`: not a status.
fn parse_status(s: &str) -> Option<bool> {
    match normalise_header(s).as_str() {
        "active" | "activo" | "activa" => Some(false),
        "retired" | "retirado" | "retirada" => Some(true),
        _ => None,
    }
}

/// Where each line of `text` starts (after a `\n`, a `\r\n` or a lone `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            out.push(i + 1);
        }
    }
    out
}

/// The line (from 1) of the first character at or after byte `at` that is
/// not a line break: a record's position can fall on the end of the line
/// before it.
fn line_at(text: &str, starts: &[usize], at: usize) -> usize {
    let b = text.as_bytes();
    let mut at = at.min(b.len());
    while at < b.len() && matches!(b[at], b'\r' | b'\n') {
        at += 1;
    }
    starts.partition_point(|&s| s <= at) + 1
}

/// How a column's cells are read from a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellKind {
    Text,
    /// A date: a date cell or a serial number reads as `YYYY-MM-DD`.
    Date,
    /// An identification number: a number cell that lost its leading zero
    /// (9 or 12 digits) gets it back.
    Id,
    /// A rate in percent: a number cell below 1 is a spreadsheet's
    /// percentage (0.15 shown as 15 %) and reads as 15.
    Percent,
}

/// A file of rows read from a CSV or the first sheet of an XLSX: the
/// header as written, and each data row with its line (the header is line 1
/// in a CSV; a spreadsheet's rows keep their own numbers).
#[derive(Clone, Debug, Default)]
pub(crate) struct Sheet {
    pub headers: Vec<String>,
    pub header_line: usize,
    pub rows: Vec<(usize, Result<Vec<String>, ImportProblem>)>,
}

/// Whether `bytes` look like an XLSX (a zip archive), whatever the file's name.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a CSV (comma or semicolon, UTF-8) or an XLSX (its first sheet).
/// `kind` says how the cells under a header (normalised) are read from a
/// spreadsheet. A file that cannot be read at all is one problem on line 1.
pub(crate) fn read_sheet(
    bytes: &[u8],
    kind: &dyn Fn(&str) -> CellKind,
) -> Result<Sheet, ImportLineError> {
    if is_xlsx(bytes) {
        return read_xlsx(bytes, kind);
    }
    let err = |line, problem| ImportLineError { line, problem };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(err(1, ImportProblem::NotText));
    };
    if text.contains('\0') {
        return Err(err(1, ImportProblem::NotText));
    }
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim().is_empty() {
        return Err(err(1, ImportProblem::Empty));
    }
    let starts = line_starts(text);
    // Spreadsheets in Spanish save CSV with semicolons.
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(err(1, ImportProblem::Csv(e.to_string()))),
    };
    let mut sheet = Sheet {
        headers,
        header_line: 1,
        rows: Vec::new(),
    };
    for (i, rec) in rdr.records().enumerate() {
        let at = match &rec {
            Ok(r) => r.position(),
            Err(e) => e.position(),
        };
        let line = at
            .map(|pp| line_at(text, &starts, pp.byte() as usize))
            .unwrap_or(i + 2);
        sheet.rows.push((
            line,
            rec.map(|r| r.iter().map(|f| unmark(f).to_string()).collect())
                .map_err(|e| ImportProblem::Csv(e.to_string())),
        ));
    }
    Ok(sheet)
}

fn read_xlsx(bytes: &[u8], kind: &dyn Fn(&str) -> CellKind) -> Result<Sheet, ImportLineError> {
    use calamine::{Reader, Xlsx};
    let bad = |e: String| ImportLineError {
        line: 1,
        problem: ImportProblem::Xlsx(e),
    };
    let empty = |line| ImportLineError {
        line,
        problem: ImportProblem::Empty,
    };
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| bad(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(bad(e.to_string())),
        None => return Err(empty(1)),
    };
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut rows = range.rows();
    let Some(head) = rows.next() else {
        return Err(empty(1));
    };
    let headers: Vec<String> = head.iter().map(|c| cell_text(c, CellKind::Text)).collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(empty(first_row + 1));
    }
    let kinds: Vec<CellKind> = headers.iter().map(|h| kind(&normalise_header(h))).collect();
    let mut sheet = Sheet {
        headers,
        header_line: first_row + 1,
        rows: Vec::new(),
    };
    for (i, row) in rows.enumerate() {
        let cells = row
            .iter()
            .enumerate()
            .map(|(j, c)| cell_text(c, kinds.get(j).copied().unwrap_or(CellKind::Text)))
            .collect();
        sheet.rows.push((first_row + i + 2, Ok(cells)));
    }
    Ok(sheet)
}

/// A spreadsheet cell as the text a CSV would hold.
fn cell_text(c: &calamine::Data, kind: CellKind) -> String {
    use calamine::Data;
    let number = |f: f64| -> String {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            format!("{f}")
        }
    };
    // Serial 1 is 1900-01-01; counting from 1899-12-30 is right for every
    // day after February 1900 (the spreadsheet's 1900 leap-day bug).
    let serial_date = |f: f64| -> Option<String> {
        let days = f.floor() as i64;
        if !(61..=2_958_465).contains(&days) {
            return None;
        }
        let origin = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        let d = origin.checked_add_signed(chrono::Duration::days(days))?;
        Some(d.format("%Y-%m-%d").to_string())
    };
    let id = |digits: String| -> String {
        match digits.len() {
            9 | 12 if digits.bytes().all(|b| b.is_ascii_digit()) => format!("0{digits}"),
            _ => digits,
        }
    };
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("{e}"),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{d:02}")
        }
        Data::DateTime(dt) => number(dt.as_f64()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Int(i) => match kind {
            CellKind::Date => serial_date(*i as f64).unwrap_or_else(|| i.to_string()),
            CellKind::Id => id(i.to_string()),
            _ => i.to_string(),
        },
        Data::Float(f) => match kind {
            CellKind::Date => serial_date(*f).unwrap_or_else(|| number(*f)),
            CellKind::Id => id(number(*f)),
            CellKind::Percent if *f > 0.0 && *f < 1.0 => number(*f)
                .parse::<rust_decimal::Decimal>()
                .map(|d| {
                    (d * rust_decimal::Decimal::ONE_HUNDRED)
                        .normalize()
                        .to_string()
                })
                .unwrap_or_else(|_| number(*f)),
            _ => number(*f),
        },
    }
}

/// Where each header of `sheet` is among `columns`, with the problems of the
/// header line (unknown or repeated columns, required ones missing).
pub(crate) fn locate_columns<const N: usize>(
    sheet: &Sheet,
    columns: &[Column; N],
    required: &[usize],
    errors: &mut Vec<ImportLineError>,
) -> [Option<usize>; N] {
    let line = sheet.header_line;
    let err = |problem| ImportLineError { line, problem };
    let mut pos: [Option<usize>; N] = [None; N];
    for (i, raw) in sheet.headers.iter().enumerate() {
        let h = normalise_header(raw);
        if h.is_empty() {
            continue;
        }
        let found = columns
            .iter()
            .position(|c| c.en == h || c.es == h || c.aliases.contains(&h.as_str()));
        match found {
            Some(c) => match pos[c] {
                Some(j) => errors.push(err(ImportProblem::DuplicateColumn {
                    first: (
                        j + 1,
                        sheet
                            .headers
                            .get(j)
                            .map(|s| s.trim())
                            .unwrap_or("")
                            .to_string(),
                    ),
                    second: (i + 1, raw.trim().to_string()),
                })),
                None => pos[c] = Some(i),
            },
            None => errors.push(err(ImportProblem::UnknownColumn(raw.trim().to_string()))),
        }
    }
    for &c in required {
        if pos[c].is_none() {
            errors.push(err(ImportProblem::MissingColumn(columns[c].en)));
        }
    }
    pos
}

/// Whether normalised header `h` names `c`.
pub(crate) fn names(c: &Column, h: &str) -> bool {
    c.en == h || c.es == h || c.aliases.contains(&h)
}

/// Reads and validates a CSV or XLSX of members against the book, writing
/// nothing. The rows' numbers are the file's, or 0 when it has none: the
/// book gives them ([`Book::preview_import`]).
pub fn preview(
    bytes: &[u8],
    today: NaiveDate,
    existing: &dyn Fn(&str) -> Result<Option<String>, BookError>,
) -> Result<ImportPreview, BookError> {
    let mut p = ImportPreview::default();
    let err = |line, problem| ImportLineError { line, problem };
    let kind = |h: &str| {
        let is = |c: usize| names(&COLUMNS[c], h);
        if is(BIRTH_DATE) || is(JOIN_DATE) || is(RETIRED_ON) {
            CellKind::Date
        } else if is(ID_NUMBER) {
            CellKind::Id
        } else {
            CellKind::Text
        }
    };
    let sheet = match read_sheet(bytes, &kind) {
        Ok(s) => s,
        Err(e) => {
            p.errors.push(e);
            return Ok(p);
        }
    };
    let pos = locate_columns(&sheet, &COLUMNS, &REQUIRED, &mut p.errors);
    if !p.errors.is_empty() {
        return Ok(p);
    }
    let width = sheet.headers.len();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    crate::domain::progress::begin(crate::i18n::Msg::ProgressImport, sheet.rows.len() as u64);
    for (line, rec) in sheet.rows {
        crate::domain::progress::advance(1);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                p.errors.push(err(line, e));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != width {
            p.errors.push(err(
                line,
                ImportProblem::WrongFieldCount {
                    expected: width,
                    found: rec.len(),
                },
            ));
            continue;
        }
        let get = |c: usize| {
            pos[c]
                .and_then(|i| rec.get(i))
                .map(String::as_str)
                .unwrap_or("")
                .to_string()
        };
        let before = p.errors.len();
        let kind_text = get(ID_KIND);
        let id_kind = if kind_text.trim().is_empty() {
            None
        } else {
            match parse_kind(&kind_text) {
                Some(k) => Some(k),
                None => {
                    p.errors
                        .push(err(line, ImportProblem::BadIdKind(kind_text.clone())));
                    None
                }
            }
        };
        let number_text = get(NUMBER);
        let file_number = match number_text.trim().trim_start_matches('#') {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) if (1..1_000_000).contains(&n) => Some(n),
                _ => {
                    p.errors
                        .push(err(line, ImportProblem::BadNumber(number_text.clone())));
                    None
                }
            },
        };
        let input = MemberInput {
            id_kind,
            id_number: get(ID_NUMBER),
            first_names: get(FIRST_NAMES),
            last_names: get(LAST_NAMES),
            gender: get(GENDER),
            birth_date: get(BIRTH_DATE),
            join_date: get(JOIN_DATE),
            phone: get(PHONE),
            community: get(COMMUNITY),
        };
        let valid = match input.validate(today) {
            Err(errs) => {
                for (f, e) in errs {
                    p.errors.push(err(line, ImportProblem::Field(f, e)));
                }
                None
            }
            Ok(v) => Some(v),
        };
        let status = retirement(
            &get(STATUS),
            &get(RETIRED_ON),
            &get(RETIRE_REASON),
            valid.as_ref().map(|v| v.join_date),
            today,
        )
        .map_err(|e| p.errors.push(err(line, e)))
        .ok();
        let (Some(v), Some(status)) = (valid, status) else {
            continue;
        };
        if p.errors.len() > before {
            continue;
        }
        if let Some(&first) = seen.get(&v.id_number) {
            p.errors.push(err(
                line,
                ImportProblem::DuplicateInFile { first_line: first },
            ));
            continue;
        }
        if let Some(n) = file_number {
            if let Some(&first) = numbers.get(&n) {
                p.errors.push(err(
                    line,
                    ImportProblem::DuplicateNumber { first_line: first },
                ));
                continue;
            }
            numbers.insert(n, line);
        }
        if let Some(name) = existing(&v.id_number)? {
            p.errors
                .push(err(line, ImportProblem::DuplicateInBook { name }));
            continue;
        }
        seen.insert(v.id_number.clone(), line);
        p.members.push(ImportRow {
            line,
            member: v,
            file_number,
            number: file_number.unwrap_or(0),
            status,
        });
    }
    if p.members.is_empty() && p.errors.is_empty() {
        p.errors.push(err(2, ImportProblem::Empty));
    }
    Ok(p)
}

/// The status a line gives: active unless it says retired or gives a
/// retirement date; retired needs the date (from the join date to today).
fn retirement(
    status: &str,
    date: &str,
    reason: &str,
    joined: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<MemberStatus, ImportProblem> {
    let retired = match status.trim() {
        "" => None,
        s => Some(parse_status(s).ok_or_else(|| ImportProblem::BadStatus(s.to_string()))?),
    };
    let reason = text::words(reason).map_err(ImportProblem::RetireReason)?;
    let date = match date.trim() {
        "" => None,
        d => Some(parse_date(d).map_err(ImportProblem::BadRetireDate)?),
    };
    match (retired, date) {
        (Some(false), d) if d.is_some() || !reason.is_empty() => {
            Err(ImportProblem::ActiveButRetirement)
        }
        (None, None) if !reason.is_empty() => Err(ImportProblem::ActiveButRetirement),
        (Some(false) | None, None) => Ok(MemberStatus::Active),
        (Some(true), None) => Err(ImportProblem::RetiredWithoutDate),
        (_, Some(d)) => {
            if d > today || joined.is_some_and(|j| d < j) {
                return Err(ImportProblem::RetireDateOutOfRange);
            }
            Ok(MemberStatus::Retired {
                date: d,
                reason: reason.chars().take(200).collect(),
            })
        }
    }
}

impl Book {
    /// What importing this CSV would do; writes nothing. The members keep
    /// the numbers the file gives when every line has one and none is taken
    /// or below the book's next number (a list moved to a new book); else
    /// they are numbered after the book's last member, in the file's order.
    pub fn preview_import(&self, bytes: &[u8]) -> Result<ImportPreview, BookError> {
        let tx = self.store().read()?;
        let mut p = preview(bytes, self.today(), &|idn| {
            Ok(match tx.member_by_id_number(idn)? {
                Some(id) => Some(tx.member(id)?.map(|mm| mm.full_name()).unwrap_or_default()),
                None => None,
            })
        })?;
        let next: u32 = tx.meta_get("next_member_id")?.unwrap_or(1);
        let any = p.members.iter().any(|r| r.file_number.is_some());
        let mut keep = any;
        for r in &p.members {
            match r.file_number {
                Some(n) if n >= next && tx.member(n)?.is_none() => {}
                _ => keep = false,
            }
        }
        p.numbers_renumbered = any && !keep;
        let mut n = next;
        for r in &mut p.members {
            r.number = match (keep, r.file_number) {
                (true, Some(f)) => f,
                _ => {
                    let this = n;
                    n = n.saturating_add(1);
                    this
                }
            };
        }
        Ok(p)
    }

    /// Imports every member of the CSV in one transaction, or none when any line is wrong.
    pub fn import_members(&mut self, bytes: &[u8]) -> Result<usize, BookError> {
        self.check_writable()?;
        let p = self.preview_import(bytes)?;
        if !p.errors.is_empty() {
            return Err(BookError::Import(p));
        }
        let tx = self.store().write()?;
        let n = p.members.len();
        let mut rows = p.members;
        // Numbers only grow: the lowest first.
        rows.sort_by_key(|r| r.number);
        for r in rows {
            self.insert_member_as(&tx, r.member, r.number, r.status)?;
        }
        tx.commit()?;
        Ok(n)
    }
}

impl ImportPreview {
    pub fn rows(&self) -> Vec<PreviewRow> {
        self.members
            .iter()
            .map(|r| PreviewRow {
                line: r.line,
                number: r.number,
                id_number: r.member.id_number.clone(),
                name: format!("{} {}", r.member.last_names, r.member.first_names),
                retired: !r.status.is_active(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_with_any_line_end() {
        for text in ["a\nb\nc\n", "a\r\nb\r\nc\r\n", "a\rb\rc\r"] {
            let starts = line_starts(text);
            let at = |s: &str| text.find(s).unwrap_or(0);
            assert_eq!(line_at(text, &starts, at("a")), 1, "{text:?}");
            assert_eq!(line_at(text, &starts, at("b")), 2, "{text:?}");
            assert_eq!(line_at(text, &starts, at("c")), 3, "{text:?}");
            // A position on the line end before a record is the record's line.
            assert_eq!(line_at(text, &starts, at("b") - 1), 2, "{text:?}");
        }
    }

    #[test]
    fn the_export_mark_is_undone_only_where_the_export_puts_it() {
        assert_eq!(unmark("'+593 99 245 7250"), "+593 99 245 7250");
        assert_eq!(unmark("'=1+2"), "=1+2");
        assert_eq!(unmark("''x"), "'x");
        assert_eq!(unmark("'Rosa"), "'Rosa");
        assert_eq!(unmark("O'Neil"), "O'Neil");
    }
}
