//! Estado de resultados: income (5) and expenses (4) by group and account,
//! for the month, the previous month, the same month last year, the fiscal
//! year to date and last year's year to date; the result is income minus
//! expenses. In the fiscal year's last month the figures are those before the
//! year-end closing entry (which moves them into 36).

use serde::Serialize;

use super::{BalanceCache, Periods, fiscal_year_start, months_back};
use crate::books::{Book, BookError};
use crate::domain::account::Level;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::render::{
    Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Style, Table, ser,
};

/// The five columns of the income statement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IncomeCols {
    #[serde(serialize_with = "ser::amount")]
    pub current: Money,
    #[serde(serialize_with = "ser::amount")]
    pub previous: Money,
    #[serde(serialize_with = "ser::amount")]
    pub last_year: Money,
    #[serde(serialize_with = "ser::amount")]
    pub year_to_date: Money,
    #[serde(serialize_with = "ser::amount")]
    pub year_to_date_last_year: Money,
}

impl IncomeCols {
    fn is_zero(&self) -> bool {
        self.amounts().into_iter().all(Money::is_zero)
    }
    fn minus(self, o: IncomeCols) -> IncomeCols {
        IncomeCols {
            current: self.current - o.current,
            previous: self.previous - o.previous,
            last_year: self.last_year - o.last_year,
            year_to_date: self.year_to_date - o.year_to_date,
            year_to_date_last_year: self.year_to_date_last_year - o.year_to_date_last_year,
        }
    }
    /// The five amounts in the order of the statement's columns.
    fn amounts(&self) -> [Money; 5] {
        [
            self.current,
            self.previous,
            self.last_year,
            self.year_to_date,
            self.year_to_date_last_year,
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncomeLine {
    pub code: String,
    pub name: String,
    /// 2 group, 4 account, 6 sub-account.
    pub level: u8,
    pub amount: IncomeCols,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncomeSection {
    pub code: String,
    pub name: String,
    pub lines: Vec<IncomeLine>,
    pub total: IncomeCols,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncomeStatement {
    pub association: Letterhead,
    pub periods: Periods,
    /// The first month of the fiscal year to date.
    #[serde(serialize_with = "ser::month")]
    pub year_from: Month,
    pub income: IncomeSection,
    pub expenses: IncomeSection,
    /// Income minus expenses.
    pub result: IncomeCols,
    /// Some column's month held a year-end closing entry, left out here.
    pub before_year_end: bool,
}

/// The income statement of `month`.
pub fn income_statement(
    book: &Book,
    month: Month,
    lang: Lang,
) -> Result<IncomeStatement, BookError> {
    let periods = Periods::of(month);
    let fys = book.settings()?.fiscal_year_start;
    let year_from = fiscal_year_start(month, fys);
    let year_from_ly = fiscal_year_start(periods.last_year, fys);
    let mut cache = BalanceCache::new(book);
    // Ends of months (before their own year-end entry) and the real balances they start from.
    let end_cur = cache.before_year_end(periods.current)?;
    let end_prev = cache.before_year_end(periods.previous)?;
    let end_ly = cache.before_year_end(periods.last_year)?;
    let start_cur = cache.at(months_back(periods.current, 1))?;
    let start_prev = cache.at(months_back(periods.previous, 1))?;
    let start_ly = cache.at(months_back(periods.last_year, 1))?;
    let start_ytd = cache.at(months_back(year_from, 1))?;
    let start_ytd_ly = cache.at(months_back(year_from_ly, 1))?;
    let before_year_end = [periods.current, periods.previous, periods.last_year]
        .iter()
        .map(|m| super::year_end_lines(book, *m).map(|l| !l.is_empty()))
        .collect::<Result<Vec<bool>, BookError>>()?
        .into_iter()
        .any(|b| b);
    let cols = |code: &str| IncomeCols {
        current: end_cur.natural(code) - start_cur.natural(code),
        previous: end_prev.natural(code) - start_prev.natural(code),
        last_year: end_ly.natural(code) - start_ly.natural(code),
        year_to_date: end_cur.natural(code) - start_ytd.natural(code),
        year_to_date_last_year: end_ly.natural(code) - start_ytd_ly.natural(code),
    };
    let section = |element: &str| {
        let mut lines = Vec::new();
        for a in super::element_accounts(book, element) {
            let amount = cols(&a.code);
            if amount.is_zero() {
                continue;
            }
            lines.push(IncomeLine {
                code: a.code.clone(),
                name: a.display_name(lang).to_string(),
                level: match a.level() {
                    Some(Level::Group) => 2,
                    Some(Level::Account) => 4,
                    _ => 6,
                },
                amount,
            });
        }
        IncomeSection {
            code: element.to_string(),
            name: super::element_name(book, element, lang),
            lines,
            total: cols(element),
        }
    };
    let income = section("5");
    let expenses = section("4");
    let result = income.total.minus(expenses.total);
    Ok(IncomeStatement {
        association: Letterhead::of(book)?,
        periods,
        year_from,
        income,
        expenses,
        result,
        before_year_end,
    })
}

fn push_section(t: &mut Table, s: &IncomeSection, total_label: &str) {
    let mut head = vec![Cell::text(&s.code), Cell::text(s.name.to_uppercase())];
    head.extend(std::iter::repeat_n(Cell::Empty, 5));
    t.push(Row::styled(head, Style::Group, 0));
    for l in &s.lines {
        let mut cells = vec![Cell::text(&l.code), Cell::text(&l.name)];
        cells.extend(l.amount.amounts().map(Cell::Amount));
        let (style, indent) = match l.level {
            2 => (Style::Group, 1),
            4 => (Style::Normal, 2),
            _ => (Style::Normal, 3),
        };
        t.push(Row::styled(cells, style, indent));
    }
    t.push(Row::total(1, total_label, s.total.amounts()));
}

impl Report for IncomeStatement {
    fn to_doc(&self, lang: Lang) -> Doc {
        let p = &self.periods;
        let mut columns = p.columns(34, lang);
        for year in [p.current.year(), p.last_year.year()] {
            let header = format!("{} {year}", Msg::RepYearToDateShort.t(lang));
            columns.push(Column::amount(&header));
        }
        let mut t = Table::new("income-statement", None, columns, 1);
        push_section(&mut t, &self.income, Msg::RepTotalIncome.t(lang));
        push_section(&mut t, &self.expenses, Msg::RepTotalExpenses.t(lang));
        t.push(Row::total(1, Msg::RepResult.t(lang), self.result.amounts()));
        let mut blocks = vec![Block::Table(t)];
        if self.before_year_end {
            blocks.push(Block::Note(Msg::RepBeforeYearEnd.t(lang).to_string()));
        }
        Doc::one_page(
            self.association.clone(),
            Msg::RepIncomeStatement.t(lang),
            format!(
                "{} ({}: {})",
                p.current.name(lang),
                Msg::RepYearToDate.t(lang),
                crate::report::render::range_name(self.year_from, p.current, lang)
            ),
            blocks,
        )
    }
}
