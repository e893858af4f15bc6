//! Estado de situación financiera: assets, liabilities and equity by CUC
//! element > group > account (> sub-account), on their natural side (only
//! contra accounts negative; a group with a contra account, such as the loan
//! portfolio 14 with its provisions 1499, is its net value and is labelled so). Before the year end, the year's running result
//! (income minus expenses) is shown in equity under 36 Resultados, so assets
//! equal liabilities plus equity in every month.

use serde::Serialize;

use super::{Balances, Compared, Periods};
use crate::books::{Book, BookError};
use crate::domain::account::Level;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{Block, Cell, Doc, Letterhead, Msg, Report, Row, Style, Table, as_of};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Group,
    Account,
    SubAccount,
    /// The year's result not yet closed into 36 (income minus expenses).
    CurrentResult,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PositionLine {
    /// `None` for the current result (it has no account of its own yet).
    pub code: Option<String>,
    pub name: String,
    pub kind: LineKind,
    pub contra: bool,
    pub amount: Compared,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PositionSection {
    pub code: String,
    pub name: String,
    pub lines: Vec<PositionLine>,
    pub total: Compared,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FinancialPosition {
    pub association: Letterhead,
    pub periods: Periods,
    pub assets: PositionSection,
    pub liabilities: PositionSection,
    pub equity: PositionSection,
    /// Income minus expenses not yet closed into equity (included in `equity`).
    pub current_result: Compared,
    pub total_liabilities_and_equity: Compared,
    /// Assets equal liabilities plus equity in all three columns.
    pub balanced: bool,
}

/// Income (5) minus expenses (4), as balances stand.
fn running_result(b: &Balances) -> Money {
    b.natural("5") - b.natural("4")
}

/// The statement of financial position at the end of `month`.
pub fn financial_position(
    book: &Book,
    month: Month,
    lang: Lang,
) -> Result<FinancialPosition, BookError> {
    let periods = Periods::of(month);
    let cols = [
        Balances::at(book, periods.current)?,
        Balances::at(book, periods.previous)?,
        Balances::at(book, periods.last_year)?,
    ];
    let compared = |f: &dyn Fn(&Balances) -> Money| Compared {
        current: f(&cols[0]),
        previous: f(&cols[1]),
        last_year: f(&cols[2]),
    };
    let current_result = compared(&running_result);
    let mut sections = Vec::new();
    for element in ["1", "2", "3"] {
        let name = super::element_name(book, element, lang);
        let mut lines = Vec::new();
        for a in super::element_accounts(book, element) {
            let mut amount = compared(&|b: &Balances| b.natural(&a.code));
            if a.code == "36" {
                amount = amount + current_result;
            }
            let kind = match a.level() {
                Some(Level::Group) => LineKind::Group,
                Some(Level::Account) => LineKind::Account,
                _ => LineKind::SubAccount,
            };
            // A group whose accounts net to zero (a portfolio fully
            // provisioned) is still shown when its accounts are.
            let shown_children = kind == LineKind::Group
                && book.chart().iter().any(|c| {
                    c.code.len() > a.code.len()
                        && c.code.starts_with(&a.code)
                        && !compared(&|b: &Balances| b.natural(&c.code)).is_zero()
                });
            if amount.is_zero() && !shown_children {
                continue;
            }
            // A group holding a contra account with a balance (the portfolio
            // and its provisions, 1499) is shown net of it, and says so.
            let net = kind == LineKind::Group
                && book.chart().iter().any(|c| {
                    c.contra
                        && c.code.len() > a.code.len()
                        && c.code.starts_with(&a.code)
                        && !compared(&|b: &Balances| b.natural(&c.code)).is_zero()
                });
            let name = if net {
                format!("{} ({})", a.display_name(lang), Msg::RepNetValue.t(lang))
            } else {
                a.display_name(lang).to_string()
            };
            lines.push(PositionLine {
                code: Some(a.code.clone()),
                name,
                kind,
                contra: a.contra,
                amount,
            });
        }
        let mut total = compared(&|b: &Balances| b.natural(element));
        if element == "3" && !current_result.is_zero() {
            total = total + current_result;
            // Under 36 Resultados, after its last account.
            let at = lines
                .iter()
                .rposition(|l| l.code.as_deref().is_some_and(|c| c.starts_with("36")))
                .map(|i| i + 1)
                .unwrap_or(lines.len());
            lines.insert(
                at,
                PositionLine {
                    code: None,
                    name: Msg::RepCurrentResult.t(lang).to_string(),
                    kind: LineKind::CurrentResult,
                    contra: false,
                    amount: current_result,
                },
            );
        }
        sections.push(PositionSection {
            code: element.to_string(),
            name,
            lines,
            total,
        });
    }
    let mut it = sections.into_iter();
    let (Some(assets), Some(liabilities), Some(equity)) = (it.next(), it.next(), it.next()) else {
        return Err(BookError::UnknownAccount("1".into()));
    };
    let total_liabilities_and_equity = liabilities.total + equity.total;
    let balanced = assets.total == total_liabilities_and_equity;
    Ok(FinancialPosition {
        association: Letterhead::of(book)?,
        periods,
        assets,
        liabilities,
        equity,
        current_result,
        total_liabilities_and_equity,
        balanced,
    })
}

fn indent_of(l: &PositionLine) -> u8 {
    match l.kind {
        LineKind::Group => 1,
        LineKind::Account | LineKind::CurrentResult => 2,
        LineKind::SubAccount => 3,
    }
}

/// The rows of one element: its lines, then its total.
pub(crate) fn section_rows(t: &mut Table, s: &PositionSection, total_label: &str) {
    t.push(Row::styled(
        vec![
            Cell::text(&s.code),
            Cell::text(s.name.to_uppercase()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ],
        Style::Group,
        0,
    ));
    for l in &s.lines {
        let style = if l.kind == LineKind::Group {
            Style::Group
        } else {
            Style::Normal
        };
        let code = l.code.as_deref().map(Cell::text).unwrap_or(Cell::Empty);
        let mut cells = vec![code, Cell::text(&l.name)];
        cells.extend(l.amount.amounts().map(Cell::Amount));
        t.push(Row::styled(cells, style, indent_of(l)));
    }
    t.push(Row::total(1, total_label, s.total.amounts()));
}

impl Report for FinancialPosition {
    fn to_doc(&self, lang: Lang) -> Doc {
        let p = &self.periods;
        let mut t = Table::new("financial-position", None, p.columns(40, lang), 1);
        section_rows(&mut t, &self.assets, Msg::RepTotalAssets.t(lang));
        section_rows(&mut t, &self.liabilities, Msg::RepTotalLiabilities.t(lang));
        section_rows(&mut t, &self.equity, Msg::RepTotalEquity.t(lang));
        let le = self.total_liabilities_and_equity.amounts();
        t.push(Row::total(1, Msg::RepTotalLiabilitiesEquity.t(lang), le));
        let mut blocks = vec![Block::Table(t)];
        if !self.balanced {
            blocks.push(Block::Note(Msg::RepUnbalanced.t(lang).to_string()));
        }
        Doc::one_page(
            self.association.clone(),
            Msg::RepFinancialPosition.t(lang),
            as_of(p.current.last_day(), lang),
            blocks,
        )
    }
}
