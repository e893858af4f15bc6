//! Libro mayor: the general ledger of one account over a range of months
//! (`ayni report ledger --account CODE`), from the books'
//! [`AccountLedger`]: the balance brought forward, each movement with the
//! running balance, and the closing balance with the period's sums.
//!
//! Balances are debit minus credit, as in the trial balance: on paper and
//! on screen they read "1.234,56 D" (deudor) or "500,00 A" (acreedor),
//! never as a negative figure; in JSON and CSV they are signed.

use serde::Serialize;

use crate::books::account_ledger::{AccountLedger, LedgerLine};
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, CsvRecords, Doc, Format, Head, Letterhead, Msg, PageSink, Report,
    ReportError, Row, Style, Table, paged, range_name,
};

/// The report of `ayni report ledger`.
#[derive(Clone, Debug)]
pub struct LedgerReport {
    pub letterhead: Letterhead,
    pub ledger: AccountLedger,
    /// The language of the account's name in the JSON.
    pub lang: Lang,
}

impl LedgerReport {
    /// The ledger of account `code` (with its sub-accounts) from `from` to `to`.
    pub fn of(
        book: &Book,
        code: &str,
        from: Month,
        to: Month,
        lang: Lang,
    ) -> Result<LedgerReport, BookError> {
        Ok(LedgerReport {
            letterhead: Letterhead::of(book)?,
            ledger: book.account_ledger(code, from, to)?,
            lang,
        })
    }

    /// "1101 Caja".
    pub fn heading(&self, lang: Lang) -> String {
        let a = &self.ledger.account;
        format!("{} {}", a.code, a.display_name(lang))
    }
}

#[derive(Serialize)]
struct JsonLine<'a> {
    date: String,
    entry: u64,
    description: &'a str,
    debit: String,
    credit: String,
    balance: String,
    /// The sub-account moved, for a group account.
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
}

#[derive(Serialize)]
struct Json<'a> {
    account: &'a str,
    name: &'a str,
    from: String,
    to: String,
    opening: String,
    lines: Vec<JsonLine<'a>>,
    closing: String,
}

/// `{"account", "name", "from", "to", "opening", "lines": [{"date", "entry",
/// "description", "debit", "credit", "balance"}], "closing"}`; a group's
/// lines also name their sub-account (`"account"`).
impl Serialize for LedgerReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = &self.ledger;
        Json {
            account: &l.account.code,
            name: l.account.display_name(self.lang),
            from: l.from.to_string(),
            to: l.to.to_string(),
            opening: l.opening.plain(),
            lines: l
                .lines
                .iter()
                .map(|x| JsonLine {
                    date: x.date.format("%Y-%m-%d").to_string(),
                    entry: x.entry,
                    description: &x.description,
                    debit: x.debit.plain(),
                    credit: x.credit.plain(),
                    balance: x.balance.plain(),
                    account: l.group.then_some(x.account.as_str()),
                })
                .collect(),
            closing: l.closing.plain(),
        }
        .serialize(s)
    }
}

/// The ledger's columns: the date, the entry, the sub-account (a group's
/// only), the text, the debit, the credit and the balance.
fn columns(group: bool, lang: Lang) -> (Vec<Column>, usize) {
    let mut columns = vec![
        Column::text(Msg::RepDate.t(lang), 11),
        Column::number(Msg::RepEntry.t(lang), 7),
    ];
    if group {
        columns.push(Column::text(Msg::RepAccount.t(lang), 8));
    }
    let desc = columns.len();
    columns.push(Column::text(Msg::RepDescription.t(lang), 34));
    columns.extend([Msg::RepDebit, Msg::RepCredit].map(|m| Column::amount(m.t(lang))));
    columns.push(Column::amount(Msg::RepBalance.t(lang)));
    (columns, desc)
}

/// A row: the date, the entry, the sub-account (groups only), the text,
/// then the amounts.
fn cells(
    group: bool,
    date: Cell,
    entry: Cell,
    account: Cell,
    text: String,
    amounts: [Cell; 3],
) -> Vec<Cell> {
    let mut cells = vec![date, entry];
    if group {
        cells.push(account);
    }
    cells.push(Cell::text(text));
    cells.extend(amounts);
    cells
}

fn side(m: crate::domain::money::Money) -> Cell {
    if m.is_zero() {
        Cell::Empty
    } else {
        Cell::Amount(m)
    }
}

/// The balance brought forward.
fn opening_row(l: &AccountLedger, lang: Lang) -> Row {
    Row::styled(
        cells(
            l.group,
            Cell::text(format_date(l.from.first_day(), lang)),
            Cell::Empty,
            Cell::Empty,
            Msg::RepLedgerOpening.t(lang).to_string(),
            [Cell::Empty, Cell::Empty, Cell::Balance(l.opening)],
        ),
        Style::Group,
        0,
    )
}

/// One movement with the running balance.
fn line_row(group: bool, x: &LedgerLine, lang: Lang) -> Row {
    let mut text = x.description.clone();
    if !x.reference.is_empty() {
        text = format!("{text} ({})", x.reference);
    }
    Row::new(cells(
        group,
        Cell::text(format_date(x.date, lang)),
        Cell::Number(i64::try_from(x.entry).unwrap_or(i64::MAX)),
        Cell::text(&x.account),
        text,
        [side(x.debit), side(x.credit), Cell::Balance(x.balance)],
    ))
}

/// The closing balance with the period's sums, dated the period's last day
/// (or `printed`, when the period is not over).
fn closing_row(l: &AccountLedger, printed: chrono::NaiveDate, lang: Lang) -> Row {
    Row::styled(
        cells(
            l.group,
            Cell::text(format_date(l.to.last_day().min(printed), lang)),
            Cell::Empty,
            Cell::Empty,
            Msg::RepClosing.t(lang).to_string(),
            [
                Cell::Amount(l.debit),
                Cell::Amount(l.credit),
                Cell::Balance(l.closing),
            ],
        ),
        Style::Total,
        0,
    )
}

/// Where a ledger written as it is read goes: CSV records, or the pages of
/// an HTML or PDF document (the table's columns kept for each row).
enum LedgerOut<'a> {
    Csv(Box<CsvRecords<'a>>),
    Paged(Box<dyn PageSink + 'a>, Table),
}

impl LedgerOut<'_> {
    fn start(&mut self, l: &AccountLedger, lang: Lang) -> Result<(), ReportError> {
        let (columns, desc) = columns(l.group, lang);
        match self {
            LedgerOut::Csv(w) => {
                w.header(&columns)?;
                w.row(&opening_row(l, lang).cells)
            }
            LedgerOut::Paged(sink, t) => {
                *t = Table::new("ledger", None, columns, desc);
                let heading = format!("{} {}", l.account.code, l.account.display_name(lang));
                sink.page_start(Some(&heading))?;
                sink.table_start(t)?;
                sink.table_row(t, &opening_row(l, lang))
            }
        }
    }

    fn row(&mut self, row: &Row) -> Result<(), ReportError> {
        match self {
            LedgerOut::Csv(w) => w.row(&row.cells),
            LedgerOut::Paged(sink, t) => sink.table_row(t, row),
        }
    }

    /// After the closing row: the table's end, `note` under it (a
    /// period without movements), the page's end.
    fn finish(self, note: Option<&Block>) -> Result<(), ReportError> {
        match self {
            LedgerOut::Csv(w) => w.finish(),
            LedgerOut::Paged(mut sink, _) => {
                sink.table_end()?;
                if let Some(note) = note {
                    sink.block(note)?;
                }
                sink.page_end()?;
                sink.finish()
            }
        }
    }
}

/// The ledger of `code` written to `out` line by line as the book is read,
/// never held whole: as CSV (`csv-es`: as Excel in Spanish opens it), HTML
/// or PDF, the same bytes as [`LedgerReport`]'s. Returns how many movements,
/// or `None`, with nothing written, for a format that needs the whole
/// report (table, JSON, XLSX).
pub fn write_ledger(
    book: &Book,
    code: &str,
    from: Month,
    to: Month,
    lang: Lang,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<Option<u64>, ReportError> {
    let letterhead = Letterhead::of(book)?;
    let period = range_name(from, to, lang);
    let head = Head {
        letterhead: &letterhead,
        title: Msg::RepLedger.t(lang),
        period: &period,
        signatures: true,
    };
    let mut w = match format {
        Format::Csv | Format::CsvEs => {
            LedgerOut::Csv(Box::new(CsvRecords::new(out, format == Format::CsvEs)?))
        }
        Format::Html | Format::Pdf => match paged(format, head, lang, out)? {
            Some(sink) => LedgerOut::Paged(sink, Table::new("ledger", None, Vec::new(), 0)),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    let mut n = 0u64;
    let mut started = false;
    crate::domain::progress::begin(Msg::ProgressExport, 0);
    let ledger = book.each_ledger_line(code, from, to, |l, line| {
        crate::domain::progress::advance(1);
        if !started {
            started = true;
            w.start(l, lang)?;
        }
        n += 1;
        w.row(&line_row(l.group, &line, lang))
    })?;
    if !started {
        w.start(&ledger, lang)?;
    }
    w.row(&closing_row(&ledger, letterhead.printed, lang))?;
    let note = (n == 0).then(|| Block::Note(Msg::RepNothing.t(lang).to_string()));
    w.finish(note.as_ref())?;
    Ok(Some(n))
}

impl Report for LedgerReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let l = &self.ledger;
        let (columns, desc) = columns(l.group, lang);
        let mut t = Table::new("ledger", None, columns, desc);
        t.push(opening_row(l, lang));
        for x in &l.lines {
            t.push(line_row(l.group, x, lang));
        }
        t.push(closing_row(l, self.letterhead.printed, lang));
        let mut blocks = vec![Block::Table(t)];
        if l.lines.is_empty() {
            blocks.push(Block::Note(Msg::RepNothing.t(lang).to_string()));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepLedger.t(lang),
            range_name(l.from, l.to, lang),
            blocks,
        )
        .headed(Some(self.heading(lang)))
    }
}
