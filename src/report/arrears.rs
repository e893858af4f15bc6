//! Arrears at a month's end as one printable document: members behind on
//! dues and contributions, then the loan portfolio by days past due with
//! PAR30. The figures are the books' own ([`Book::arrears`],
//! [`Book::loan_arrears`]); this only lays them out for every format.

use serde::Serialize;

use crate::books::dues::ArrearsRow;
use crate::books::loans::LoanArrears;
use crate::books::{Book, BookError};
use crate::domain::loan::AGING_BUCKETS;
use crate::domain::money::{Money, round_cents};
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::format::month_text;
use crate::report::render::{
    Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Style, Table, ser,
};
use rust_decimal::Decimal;

/// The arrears of a month.
#[derive(Clone, Debug, Serialize)]
pub struct ArrearsReport {
    pub association: Letterhead,
    #[serde(serialize_with = "ser::month")]
    pub month: Month,
    /// Members owing dues or contributions through the month, most owed first.
    pub dues: Vec<ArrearsRow>,
    /// The loan portfolio's arrears at the month's end (or today, if earlier).
    pub loans: LoanArrears,
}

/// Arrears through `month`.
pub fn arrears_report(book: &Book, month: Month) -> Result<ArrearsReport, BookError> {
    let mut dues = book.arrears(month)?;
    dues.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.name.cmp(&b.name)));
    let date = month.last_day().min(book.today());
    Ok(ArrearsReport {
        association: Letterhead::of(book)?,
        month,
        dues,
        loans: book.loan_arrears(date)?,
    })
}

fn percent(part: Money, whole: Money, lang: Lang) -> String {
    let d = if whole.is_positive() {
        round_cents(part.to_decimal() * Decimal::ONE_HUNDRED / whole.to_decimal())
    } else {
        Decimal::ZERO
    };
    let s = format!("{d:.2} %");
    match Msg::RepDecimalPoint.t(lang) {
        "." => s,
        point => s.replace('.', point),
    }
}

impl Report for ArrearsReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let blocks = vec![
            dues_block(&self.dues, lang),
            Block::Table(loan_aging_table(&self.loans, lang)),
            par30_note(&self.loans, lang),
        ];
        Doc::one_page(
            self.association.clone(),
            Msg::RepArrears.t(lang),
            self.month.name(lang),
            blocks,
        )
    }
}

/// The members behind on dues and contributions, most owed first, and a
/// TOTAL row; a note when nobody is behind.
pub(crate) fn dues_block(rows: &[ArrearsRow], lang: Lang) -> Block {
    if rows.is_empty() {
        return Block::Note(Msg::RepNobodyBehind.t(lang).to_string());
    }
    let mut dues = Table::new(
        "dues-arrears",
        Some(Msg::RepDuesBehind.t(lang).to_string()),
        vec![
            Column::text(Msg::RepColCedula.t(lang), 13),
            Column::text(Msg::RepMember.t(lang), 30),
            Column::number(Msg::RepColMonths.t(lang), 6),
            Column::amount(Msg::RepColOwed.t(lang)),
            Column::text(Msg::RepColSince.t(lang), 9),
        ],
        1,
    );
    for r in rows {
        dues.push(Row::new(vec![
            Cell::text(&r.id_number),
            Cell::text(&r.name),
            Cell::Number(r.months as i64),
            Cell::Amount(r.amount),
            Cell::text(month_text(r.oldest, lang)),
        ]));
    }
    let owed: Money = rows.iter().map(|r| r.amount).sum();
    dues.push(Row::styled(
        vec![
            Cell::Empty,
            Cell::text(Msg::RepTotal.t(lang)),
            Cell::Number(rows.len() as i64),
            Cell::Amount(owed),
            Cell::Empty,
        ],
        Style::Total,
        0,
    ));
    Block::Table(dues)
}

/// The active loans by days past due: current, each aging bucket, TOTAL.
pub(crate) fn loan_aging_table(a: &LoanArrears, lang: Lang) -> Table {
    let mut loans = Table::new(
        "loan-arrears",
        Some(Msg::RepPortfolioByDays.t(lang).to_string()),
        vec![
            Column::text(Msg::RepColDaysPastDue.t(lang), 16),
            Column::number(Msg::RepLoans.t(lang), 9),
            Column::amount(Msg::RepColPrincipalOutstanding.t(lang)),
            Column::text(Msg::RepColShare.t(lang), 14),
        ],
        0,
    );
    let in_buckets: Money = a.buckets.iter().copied().sum();
    let current = a.outstanding - in_buckets;
    loans.push(Row::new(vec![
        Cell::text(Msg::RepCurrent.t(lang)),
        Cell::Number(a.loans_current as i64),
        Cell::Amount(current),
        Cell::text(percent(current, a.outstanding, lang)),
    ]));
    for (k, label) in AGING_BUCKETS.iter().enumerate() {
        loans.push(Row::new(vec![
            Cell::text(*label),
            Cell::Number(a.loans_in_bucket[k] as i64),
            Cell::Amount(a.buckets[k]),
            Cell::text(percent(a.buckets[k], a.outstanding, lang)),
        ]));
    }
    loans.push(Row::styled(
        vec![
            Cell::text(Msg::RepTotal.t(lang)),
            Cell::Number(a.active_loans as i64),
            Cell::Amount(a.outstanding),
            Cell::text(percent(a.outstanding, a.outstanding, lang)),
        ],
        Style::Total,
        0,
    ));
    loans
}

/// "Portfolio at risk over 30 days (PAR30): 12,50 % (...)".
pub(crate) fn par30_note(a: &LoanArrears, lang: Lang) -> Block {
    Block::Note(format!(
        "{}: {} ({} {} {})",
        Msg::RepPar30.t(lang),
        percent(a.at_risk_30, a.outstanding, lang),
        a.at_risk_30.localized(lang),
        Msg::RepOf.t(lang),
        a.outstanding.localized(lang)
    ))
}
