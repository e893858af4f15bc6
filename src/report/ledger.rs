//! Libro mayor: the general ledger of one account over a range of months
//! (`ayni report ledger --account CODE`), from the books'
//! [`AccountLedger`]: the balance brought forward, each movement with the
//! running balance, and the closing balance with the period's sums.
//!
//! Balances are debit minus credit, as in the trial balance: on paper and
//! on screen they read "1.234,56 D" (deudor) or "500,00 A" (acreedor),
//! never as a negative figure; in JSON and CSV they are signed.

use serde::Serialize;

use crate::books::account_ledger::AccountLedger;
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Style, Table, range_name,
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

impl Report for LedgerReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let l = &self.ledger;
        let mut columns = vec![
            Column::text(Msg::RepDate.t(lang), 11),
            Column::number(Msg::RepEntry.t(lang), 7),
        ];
        if l.group {
            columns.push(Column::text(Msg::RepAccount.t(lang), 8));
        }
        let desc = columns.len();
        columns.push(Column::text(Msg::RepDescription.t(lang), 34));
        columns.extend([Msg::RepDebit, Msg::RepCredit].map(|m| Column::amount(m.t(lang))));
        columns.push(Column::amount(Msg::RepBalance.t(lang)));
        let mut t = Table::new("ledger", None, columns, desc);
        // A row: the date, the entry, the sub-account (groups only), the
        // text, then the amounts.
        let row = |date: Cell, entry: Cell, account: Cell, text: String, amounts: [Cell; 3]| {
            let mut cells = vec![date, entry];
            if l.group {
                cells.push(account);
            }
            cells.push(Cell::text(text));
            cells.extend(amounts);
            cells
        };
        let side = |m: crate::domain::money::Money| {
            if m.is_zero() {
                Cell::Empty
            } else {
                Cell::Amount(m)
            }
        };
        t.push(Row::styled(
            row(
                Cell::text(format_date(l.from.first_day(), lang)),
                Cell::Empty,
                Cell::Empty,
                Msg::RepLedgerOpening.t(lang).to_string(),
                [Cell::Empty, Cell::Empty, Cell::Balance(l.opening)],
            ),
            Style::Group,
            0,
        ));
        for x in &l.lines {
            let mut text = x.description.clone();
            if !x.reference.is_empty() {
                text = format!("{text} ({})", x.reference);
            }
            t.push(Row::new(row(
                Cell::text(format_date(x.date, lang)),
                Cell::Number(i64::try_from(x.entry).unwrap_or(i64::MAX)),
                Cell::text(&x.account),
                text,
                [side(x.debit), side(x.credit), Cell::Balance(x.balance)],
            )));
        }
        t.push(Row::styled(
            row(
                // The period's last day, or today when it is not over.
                Cell::text(format_date(
                    l.to.last_day().min(self.letterhead.printed),
                    lang,
                )),
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
        ));
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
