//! One page model for every printable report, and its writers: plain-text
//! table, CSV, XLSX, HTML and PDF. A report builds a [`Doc`] (see
//! [`Report::to_doc`]); JSON is written from the report's own data.
//!
//! Amounts stay [`Money`] (cents) until a writer turns them into text; the
//! XLSX writer hands them to the spreadsheet as decimals and the PDF writer
//! lays out text only.

mod csv_out;
mod html;
mod pdf;
pub mod slips;
mod text;
mod xlsx;

pub(crate) use html::escape_markup;

use chrono::NaiveDate;
use serde::Serialize;

use crate::books::{Book, BookError};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
pub use crate::i18n::Msg;
pub(crate) use xlsx::{sheet_name, write_letterhead, write_text};

/// The formats every report can be written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned columns for the terminal, amounts in the language's style.
    #[default]
    Table,
    /// Comma-separated values, amounts with a point.
    Csv,
    /// The same rows for a spreadsheet in a Spanish locale: separated by
    /// semicolons, amounts with a decimal comma, marked as UTF-8 (a byte-order
    /// mark), which Excel opens as they are.
    CsvEs,
    /// JSON, amounts as strings with two decimals and a point.
    Json,
    /// A spreadsheet with the association's header, number formats and totals.
    Xlsx,
    /// A printable A4 page (one per member), self-contained.
    Html,
    /// The same pages as PDF.
    Pdf,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Csv,
        Format::CsvEs,
        Format::Json,
        Format::Xlsx,
        Format::Html,
        Format::Pdf,
    ];

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_lowercase().as_str() {
            "table" | "tabla" | "txt" | "text" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "csv-es" | "csves" | "csv_es" => Some(Format::CsvEs),
            "json" => Some(Format::Json),
            "xlsx" | "excel" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The usual file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv | Format::CsvEs => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Pdf)
    }
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Book(#[from] BookError),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    #[error("unknown report: {0}")]
    UnknownReport(String),
    /// The book has none of what the report is about (no member, no loan).
    #[error("nothing to show: {0:?}")]
    NothingToShow(Msg),
}

impl ReportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReportError::Book(e) => e.message(lang),
            ReportError::Xlsx(d) => Msg::RepErrXlsx.fill(lang, &[("detail", d)]),
            ReportError::Pdf(d) => Msg::RepErrPdf.fill(lang, &[("detail", d)]),
            ReportError::Io { path, detail } => {
                Msg::RepErrIo.fill(lang, &[("path", path), ("detail", detail)])
            }
            ReportError::UnknownReport(id) => Msg::RepUnknownReport.fill(lang, &[("id", id)]),
            ReportError::NothingToShow(what) => {
                Msg::RepErrNothingToShow.fill(lang, &[("what", &what.t(lang))])
            }
        }
    }
}

/// Who the report is from: printed at the top of every page, and the names
/// under the signature lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Letterhead {
    pub name: String,
    pub ruc: Option<String>,
    pub address: String,
    pub treasurer: String,
    pub president: String,
    /// The day the report was made (the book's clock).
    #[serde(serialize_with = "ser::date")]
    pub printed: NaiveDate,
    /// From an association's book (false for [`Letterhead::blank`]: a
    /// network's report, a simulation without a book), which says when it
    /// has no RUC.
    #[serde(skip)]
    pub of_association: bool,
}

impl Letterhead {
    pub fn of(book: &Book) -> Result<Letterhead, BookError> {
        let s = book.settings()?;
        Ok(Letterhead {
            name: s.name,
            ruc: s.ruc,
            address: s.address,
            treasurer: s.treasurer,
            president: s.president,
            printed: book.today(),
            of_association: true,
        })
    }

    /// A letterhead naming no association (a loan simulation needs no book).
    pub fn blank(printed: NaiveDate) -> Letterhead {
        Letterhead {
            name: String::new(),
            ruc: None,
            address: String::new(),
            treasurer: String::new(),
            president: String::new(),
            printed,
            of_association: false,
        }
    }

    /// "RUC 1790012345001" or "RUC no registrado"; nothing for a letterhead
    /// of no association (a network's report, a simulation without a book).
    pub fn ruc_line(&self, lang: Lang) -> String {
        match &self.ruc {
            Some(r) => format!("{} {r}", Msg::RepRuc.t(lang)),
            None if self.is_blank() => String::new(),
            None => Msg::RepNoRuc.t(lang).to_string(),
        }
    }

    /// Whether it is of no association (see [`Letterhead::blank`]).
    fn is_blank(&self) -> bool {
        !self.of_association
    }
}

/// A report ready to be laid out: a title, a period, and pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub letterhead: Letterhead,
    pub title: String,
    /// "marzo 2026", "Al 31/03/2026", "enero 2026 – marzo 2026".
    pub period: String,
    /// Headers of the columns CSV adds before every row to tell pages apart
    /// (e.g. the member's identification), empty for one-page reports.
    pub page_key_headers: Vec<String>,
    /// One page per member in member statements; one page otherwise (long
    /// pages flow onto more sheets of paper in HTML and PDF).
    pub pages: Vec<Page>,
    /// Signature lines for the treasurer and the president at each page's end.
    pub signatures: bool,
}

impl Doc {
    /// A one-page document with the signature lines.
    pub fn one_page(
        letterhead: Letterhead,
        title: &str,
        period: String,
        blocks: Vec<Block>,
    ) -> Doc {
        Doc {
            letterhead,
            title: title.to_string(),
            period,
            page_key_headers: Vec::new(),
            pages: vec![Page {
                heading: None,
                key: Vec::new(),
                blocks,
            }],
            signatures: true,
        }
    }
}

impl Doc {
    /// The document with `heading` under the title of its first page (the
    /// member or the loan a one-page report is about).
    pub fn headed(mut self, heading: Option<String>) -> Doc {
        if let Some(p) = self.pages.first_mut() {
            p.heading = heading;
        }
        self
    }
}

/// One logical page.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Page {
    /// A heading under the report's title (the member's name).
    pub heading: Option<String>,
    /// Values of [`Doc::page_key_headers`] for this page.
    pub key: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A piece of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Label and value pairs (the member's data, a loan's terms).
    Fields(Vec<(String, String)>),
    /// A table of figures.
    Table(Table),
    /// A line of text (a remark, "no movements").
    Note(String),
}

/// A table: columns and rows, with an optional title above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// A short stable name, the "section" column of CSV ("dues", "savings-3").
    pub key: String,
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The column whose text is indented by [`Row::indent`] (the account name).
    pub indent_col: usize,
}

impl Table {
    pub fn new(key: &str, title: Option<String>, columns: Vec<Column>, indent_col: usize) -> Table {
        Table {
            key: key.to_string(),
            title,
            columns,
            rows: Vec::new(),
            indent_col,
        }
    }
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }
}

/// A column: header, kind of content and a width hint in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
    /// Width in characters (XLSX column width, share of the PDF line).
    pub width: u8,
}

impl Column {
    pub fn text(header: &str, width: u8) -> Column {
        Column {
            header: header.to_string(),
            kind: Kind::Text,
            width,
        }
    }
    pub fn amount(header: &str) -> Column {
        Column {
            header: header.to_string(),
            kind: Kind::Amount,
            width: 14,
        }
    }
    pub fn number(header: &str, width: u8) -> Column {
        Column {
            header: header.to_string(),
            kind: Kind::Number,
            width,
        }
    }
    /// The columns of account balances: a code and a name (each a header
    /// from the catalogue and a width), then debit, credit and balance.
    pub fn ledger(lang: Lang, code: (Msg, u8), name: (Msg, u8)) -> Vec<Column> {
        let mut columns = vec![
            Column::text(code.0.t(lang), code.1),
            Column::text(name.0.t(lang), name.1),
        ];
        columns.extend(
            [Msg::RepDebit, Msg::RepCredit, Msg::RepBalance].map(|m| Column::amount(m.t(lang))),
        );
        columns
    }
}

/// What a column holds: aligns cells and picks the spreadsheet format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Amount,
    Number,
}

/// A row with its cells and how it is emphasised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub style: Style,
    /// Nesting of the row's label (CUC level), for indentation.
    pub indent: u8,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            style: Style::Normal,
            indent: 0,
        }
    }
    pub fn styled(cells: Vec<Cell>, style: Style, indent: u8) -> Row {
        Row {
            cells,
            style,
            indent,
        }
    }
    /// A total (bold, ruled above): `lead` empty cells, the label, then the
    /// amounts.
    pub fn total(lead: usize, label: &str, amounts: impl IntoIterator<Item = Money>) -> Row {
        let mut cells = vec![Cell::Empty; lead];
        cells.push(Cell::text(label));
        cells.extend(amounts.into_iter().map(Cell::Amount));
        Row::styled(cells, Style::Total, 0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Normal,
    /// A parent's subtotal (bold).
    Group,
    /// A total (bold, ruled above).
    Total,
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Amount(Money),
    /// A running balance, debit minus credit: shown as the amount and its
    /// side ("1.234,56 D" deudor, "500,00 A" acreedor), never with a minus
    /// sign; signed in CSV and as a number in a spreadsheet.
    Balance(Money),
    Number(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// The cell as text: amounts in the language's style.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Amount(m) => m.localized(lang),
            Cell::Balance(m) => balance_text(*m, lang),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
    /// The cell for machines: amounts plain with a point.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Amount(m) | Cell::Balance(m) => m.plain(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A balance (debit minus credit) as the ledger shows it: the amount and
/// its side, "1.234,56 D" (deudor) or "500,00 A" (acreedor); zero alone.
pub fn balance_text(balance: Money, lang: Lang) -> String {
    if balance.is_zero() {
        balance.localized(lang)
    } else if balance.is_negative() {
        format!(
            "{} {}",
            (-balance).localized(lang),
            Msg::RepSideCredit.t(lang)
        )
    } else {
        format!("{} {}", balance.localized(lang), Msg::RepSideDebit.t(lang))
    }
}

/// A report: its data (serialised as JSON) laid out as one document that
/// every format is written from.
///
/// The terminal table, the CSV and the JSON come from the document and the
/// data by default; a report whose command has a fixed text or CSV shape
/// (the loan portfolio, the trial balance of `ayni report trial-balance`)
/// writes those itself, and every other format still comes from its
/// document.
pub trait Report: Serialize + Sized {
    fn to_doc(&self, lang: Lang) -> Doc;

    /// Aligned columns for the terminal.
    fn to_table(&self, lang: Lang) -> String {
        text::to_text(&self.to_doc(lang), lang)
    }

    /// Comma-separated values.
    fn to_csv(&self, lang: Lang) -> String {
        csv_out::to_csv(&self.to_doc(lang))
    }

    /// The report's data as pretty JSON ending in a newline.
    fn to_json(&self) -> String {
        to_json(self)
    }
}

/// Writes a report in `format`. Text formats come back as UTF-8 bytes.
pub fn render<R: Report>(report: &R, format: Format, lang: Lang) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Table => Ok(report.to_table(lang).into_bytes()),
        Format::Csv => Ok(report.to_csv(lang).into_bytes()),
        Format::CsvEs => Ok(spanish_csv(&report.to_csv(lang)).into_bytes()),
        Format::Json => Ok(report.to_json().into_bytes()),
        other => render_doc(&report.to_doc(lang), other, lang),
    }
}

/// A report behind a pointer: what the registry hands out
/// ([`crate::report::registry`]). Every [`Report`] is one.
pub trait AnyReport {
    fn doc(&self, lang: Lang) -> Doc;
    /// The report in `format` (UTF-8 bytes for the text formats).
    fn write(&self, format: Format, lang: Lang) -> Result<Vec<u8>, ReportError>;
}

impl<R: Report> AnyReport for R {
    fn doc(&self, lang: Lang) -> Doc {
        self.to_doc(lang)
    }
    fn write(&self, format: Format, lang: Lang) -> Result<Vec<u8>, ReportError> {
        render(self, format, lang)
    }
}

/// A one-page document holding a CSV's rows as one table (keyed `key`),
/// for the reports whose table and CSV are their commands' own: their
/// spreadsheet, HTML and PDF show the same rows as their CSV. A column whose
/// every filled cell is a plain amount (`12.50`) holds amounts.
pub fn csv_doc(letterhead: Letterhead, title: &str, period: String, key: &str, csv: &str) -> Doc {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let amount = |s: &str| {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let (int, cents) = digits.split_once('.').unwrap_or((digits, "x"));
        !int.is_empty()
            && cents.len() == 2
            && int.chars().chain(cents.chars()).all(|c| c.is_ascii_digit())
    };
    let is_amount: Vec<bool> = (0..headers.len())
        .map(|i| {
            let mut cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| !c.is_empty());
            let first = cells.next();
            first.is_some_and(|c| amount(c)) && cells.all(|c| amount(c))
        })
        .collect();
    let columns = headers
        .iter()
        .zip(&is_amount)
        .map(|(h, a)| {
            if *a {
                Column::amount(h)
            } else {
                Column::text(h, 16)
            }
        })
        .collect();
    let mut t = Table::new(key, None, columns, 0);
    for r in rows {
        let cells = r
            .into_iter()
            .enumerate()
            .map(|(i, c)| match c.parse::<rust_decimal::Decimal>() {
                Ok(d) if is_amount.get(i) == Some(&true) => {
                    Money::from_decimal_rounded(d).map_or(Cell::Text(c), Cell::Amount)
                }
                _ if c.is_empty() => Cell::Empty,
                _ => Cell::Text(c),
            })
            .collect();
        t.push(Row::new(cells));
    }
    Doc::one_page(letterhead, title, period, vec![Block::Table(t)])
}

/// A CSV as Excel in a Spanish locale opens it: the same rows separated by
/// semicolons, every plain number (`-1234.50`) with a decimal comma
/// (`-1234,50`), and a UTF-8 byte-order mark so accents and ñ show as they
/// are. Dates, identifications and text stay as they were.
pub fn spanish_csv(csv: &str) -> String {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in reader.records().filter_map(Result::ok) {
        let cells: Vec<String> = record.iter().map(decimal_comma).collect();
        let _ = w.write_record(&cells);
    }
    // Writing to a Vec cannot fail.
    let body = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("{UTF8_BOM}{body}")
}

/// A CSV written record by record to `out`, as [`csv_out::to_csv`] writes a
/// document's (cells made spreadsheet-safe, amounts plain with a point) or,
/// `spanish`, as [`spanish_csv`] turns it: for a long report written as it
/// is read, never held whole.
pub(crate) struct CsvRecords<'a> {
    w: ::csv::Writer<&'a mut dyn std::io::Write>,
    spanish: bool,
}

impl<'a> CsvRecords<'a> {
    pub(crate) fn new(
        out: &'a mut dyn std::io::Write,
        spanish: bool,
    ) -> Result<CsvRecords<'a>, ReportError> {
        let mut b = ::csv::WriterBuilder::new();
        b.flexible(true);
        if spanish {
            out.write_all(UTF8_BOM.as_bytes()).map_err(csv_error)?;
            b.delimiter(b';').terminator(::csv::Terminator::CRLF);
        }
        Ok(CsvRecords {
            w: b.from_writer(out),
            spanish,
        })
    }

    /// A header row.
    pub(crate) fn header(&mut self, columns: &[Column]) -> Result<(), ReportError> {
        let cells: Vec<Cell> = columns.iter().map(|c| Cell::text(&c.header)).collect();
        self.row(&cells)
    }

    /// A row of cells.
    pub(crate) fn row(&mut self, cells: &[Cell]) -> Result<(), ReportError> {
        let rec: Vec<String> = cells
            .iter()
            .map(|c| {
                // Stored text that breaks the text rule (a book made before
                // it) is escaped, as every output escapes it.
                let s = crate::domain::text::visible(&csv_out::safe(c)).into_owned();
                if self.spanish { decimal_comma(&s) } else { s }
            })
            .collect();
        self.w.write_record(&rec).map_err(|e| csv_error(e.into()))
    }

    pub(crate) fn finish(mut self) -> Result<(), ReportError> {
        self.w.flush().map_err(csv_error)
    }
}

fn csv_error(e: std::io::Error) -> ReportError {
    ReportError::Io {
        path: String::new(),
        detail: e.to_string(),
    }
}

/// The mark a Spanish CSV starts with, so that Excel reads it as UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// `-1234.50` as `-1234,50`; anything that is not a plain decimal number as it is.
fn decimal_comma(cell: &str) -> String {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    match digits.split_once('.') {
        Some((int, frac))
            if !int.is_empty()
                && !frac.is_empty()
                && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) =>
        {
            cell.replacen('.', ",", 1)
        }
        _ => cell.to_string(),
    }
}

/// The parts of a document every sheet or page shows (its letterhead,
/// title and period) and whether its pages end in signature lines.
pub(crate) struct Head<'a> {
    pub(crate) letterhead: &'a Letterhead,
    pub(crate) title: &'a str,
    pub(crate) period: &'a str,
    pub(crate) signatures: bool,
}

impl<'a> Head<'a> {
    pub(crate) fn of(doc: &'a Doc) -> Head<'a> {
        Head {
            letterhead: &doc.letterhead,
            title: &doc.title,
            period: &doc.period,
            signatures: doc.signatures,
        }
    }
}

/// Where the pages of a long document go as they are made: HTML and PDF
/// are written page by page ([`paged`]), so a document of thousands of
/// members takes the memory of one.
pub(crate) trait PageSink {
    /// A whole logical page.
    fn page(&mut self, page: &Page) -> Result<(), ReportError>;
    /// A logical page made as it is written: its start under `heading`,
    /// whole blocks, tables row by row, its end.
    fn page_start(&mut self, heading: Option<&str>) -> Result<(), ReportError>;
    fn block(&mut self, block: &Block) -> Result<(), ReportError>;
    /// A table's title and header (`t`'s rows are not read).
    fn table_start(&mut self, t: &Table) -> Result<(), ReportError>;
    fn table_row(&mut self, t: &Table, row: &Row) -> Result<(), ReportError>;
    fn table_end(&mut self) -> Result<(), ReportError>;
    fn page_end(&mut self) -> Result<(), ReportError>;
    fn finish(self: Box<Self>) -> Result<(), ReportError>;
}

impl PageSink for pdf::PdfPages<'_> {
    fn page(&mut self, page: &Page) -> Result<(), ReportError> {
        pdf::PdfPages::page(self, page)
    }
    fn page_start(&mut self, heading: Option<&str>) -> Result<(), ReportError> {
        pdf::PdfPages::page_start(self, heading)
    }
    fn block(&mut self, block: &Block) -> Result<(), ReportError> {
        pdf::PdfPages::block(self, block)
    }
    fn table_start(&mut self, t: &Table) -> Result<(), ReportError> {
        pdf::PdfPages::table_start(self, t)
    }
    fn table_row(&mut self, t: &Table, row: &Row) -> Result<(), ReportError> {
        pdf::PdfPages::table_row(self, t, row)
    }
    fn table_end(&mut self) -> Result<(), ReportError> {
        pdf::PdfPages::table_end(self);
        Ok(())
    }
    fn page_end(&mut self) -> Result<(), ReportError> {
        pdf::PdfPages::page_end(self)
    }
    fn finish(self: Box<Self>) -> Result<(), ReportError> {
        pdf::PdfPages::finish(*self)
    }
}

impl PageSink for html::HtmlPages<'_> {
    fn page(&mut self, page: &Page) -> Result<(), ReportError> {
        html::HtmlPages::page(self, page)
    }
    fn page_start(&mut self, heading: Option<&str>) -> Result<(), ReportError> {
        html::HtmlPages::page_start(self, heading)
    }
    fn block(&mut self, block: &Block) -> Result<(), ReportError> {
        html::HtmlPages::block(self, block)
    }
    fn table_start(&mut self, t: &Table) -> Result<(), ReportError> {
        html::HtmlPages::table_start(self, t)
    }
    fn table_row(&mut self, t: &Table, row: &Row) -> Result<(), ReportError> {
        html::HtmlPages::table_row(self, t, row)
    }
    fn table_end(&mut self) -> Result<(), ReportError> {
        html::HtmlPages::table_end(self)
    }
    fn page_end(&mut self) -> Result<(), ReportError> {
        html::HtmlPages::page_end(self)
    }
    fn finish(self: Box<Self>) -> Result<(), ReportError> {
        html::HtmlPages::finish(*self)
    }
}

/// A writer of `format` page by page to `out`, for the formats written so
/// (HTML and PDF); `None` for the others, which need the whole document.
pub(crate) fn paged<'a>(
    format: Format,
    head: Head<'a>,
    lang: Lang,
    out: &'a mut dyn std::io::Write,
) -> Result<Option<Box<dyn PageSink + 'a>>, ReportError> {
    Ok(match format {
        Format::Pdf => Some(Box::new(pdf::PdfPages::new(head, lang, out)?)),
        Format::Html => Some(Box::new(html::HtmlPages::new(head, lang, out)?)),
        _ => None,
    })
}

/// Writes a laid-out document (JSON is not available here: it comes from the
/// report's data; a JSON request gives the CSV's cells as JSON arrays).
/// A document as the terminal's text (what [`Report::to_table`] writes by
/// default), for a report that adds lines of its own after it.
pub fn text_of(doc: &Doc, lang: Lang) -> String {
    text::to_text(doc, lang)
}

pub fn render_doc(doc: &Doc, format: Format, lang: Lang) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Table => Ok(text::to_text(doc, lang).into_bytes()),
        Format::Csv => Ok(csv_out::to_csv(doc).into_bytes()),
        Format::CsvEs => Ok(spanish_csv(&csv_out::to_csv(doc)).into_bytes()),
        Format::Json => Ok(csv_out::to_json_cells(doc).into_bytes()),
        Format::Xlsx => xlsx::to_xlsx(doc, lang),
        Format::Html => Ok(html::to_html(doc, lang).into_bytes()),
        Format::Pdf => pdf::to_pdf(doc, lang),
    }
}

/// JSON of a report's data, pretty-printed, ending in a newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising plain structs of strings and numbers to a String cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// A text cell made safe for spreadsheets: one that starts with `=`, `+`,
/// `-` or `@` (or a tab or carriage return) would run as a formula.
pub fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A month in a column header: "mar 2026" / "Mar 2026".
pub fn month_short(m: Month, lang: Lang) -> String {
    let i = (m.month() as usize).saturating_sub(1);
    let name = Msg::RepMonthsShort
        .t(lang)
        .split(',')
        .nth(i)
        .unwrap_or_default();
    format!("{name} {}", m.year())
}

/// The period of a report on a day: "Al 31/03/2026" / "As of 03/31/2026".
pub fn as_of(day: NaiveDate, lang: Lang) -> String {
    format!(
        "{} {}",
        Msg::RepAsOf.t(lang),
        crate::domain::date::format_date(day, lang)
    )
}

/// "marzo 2026" or "enero 2026 – marzo 2026".
pub fn range_name(from: Month, to: Month, lang: Lang) -> String {
    if from == to {
        to.name(lang)
    } else {
        format!("{} – {}", from.name(lang), to.name(lang))
    }
}

/// Serde helpers: amounts as strings with two decimals and a point, months
/// as "YYYY-MM", dates as "YYYY-MM-DD".
pub mod ser {
    use chrono::NaiveDate;
    use serde::Serializer;

    use crate::domain::money::Money;
    use crate::domain::period::Month;

    pub fn amount<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&m.plain())
    }
    pub fn month<S: Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(m)
    }
    pub fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }
    pub fn opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }
}
