//! The dashboard: the association at a glance.

use crate::domain::glyphs::Mark;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use super::{amount, block, fit, fit_rows, inner_w, spaced, styled};
use crate::books::ledger::Dashboard;
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Msg;
use crate::ui::screen::ViewCtx;

/// Dashboard figures beyond the books' own.
#[derive(Clone, Debug)]
pub struct DashData {
    base: Dashboard,
    savings: Money,
    portfolio: Money,
    par30: rust_decimal::Decimal,
    fund: Money,
    collection_rate: Option<i64>,
    /// The last 12 months, oldest first, for the charts.
    pub months: Vec<MonthFigures>,
}

/// One month of the dashboard's charts (from the maintained totals).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: Month,
    /// Dues collected of those charged for the month, in percent.
    pub collection_rate: Option<i64>,
    pub cash: Money,
    pub savings: Money,
    /// Gross loan portfolio (14 without its provisions, 1499).
    pub portfolio: Money,
}

impl DashData {
    /// The dashboard's figures as the book has them, the charts ending with `month`.
    pub fn load(book: &Book, month: Month) -> Result<DashData, BookError> {
        let base = book.dashboard()?;
        let today = book.today();
        let arrears = book.loan_arrears(today)?;
        // The charts end with this month: its collection is the panel's.
        let months = month_figures(book, month, 12)?;
        let collection_rate = match months.last() {
            Some(f) if f.month == month => f.collection_rate,
            _ => book.collection(month)?.rate_percent(),
        };
        Ok(DashData {
            savings: match months.last() {
                Some(f) if f.month == month => f.savings,
                _ => book.month_position(month)?.savings,
            },
            portfolio: arrears.outstanding,
            par30: arrears.par30,
            fund: book.fund_balance()?,
            collection_rate,
            months,
            base,
        })
    }
}

/// The `n` months ending with `last`, oldest first: collection rate, cash,
/// members' savings and the loan portfolio at each month's end, read from
/// the maintained per-account and dues totals (not from the journal).
pub fn month_figures(book: &Book, last: Month, n: u32) -> Result<Vec<MonthFigures>, BookError> {
    let mut out = Vec::new();
    for back in (0..n).rev() {
        let month = crate::report::statements::months_back(last, back);
        let p = book.month_position(month)?;
        out.push(MonthFigures {
            month,
            collection_rate: book.collection(month)?.rate_percent(),
            cash: p.cash,
            savings: p.savings,
            portfolio: p.portfolio,
        });
    }
    Ok(out)
}

// ---- Drawing

impl DashData {
    /// Draws the dashboard of the association called `name`.
    pub fn render(&self, app: &ViewCtx, name: &str, f: &mut Frame, area: Rect) {
        let d = self;
        // The charts take 6 rows at 80x24 and grow with the window.
        let chart_rows = if area.height >= 30 { 9 } else { 6 };
        let [top, charts_area, bottom] = Layout::vertical([
            Constraint::Length(9),
            Constraint::Length(chart_rows),
            Constraint::Min(3),
        ])
        .areas(area);
        charts(app, &d.months, f, charts_area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        let lang = app.lang;
        let lw = inner_w(app, left).saturating_sub(15).clamp(12, 30);
        let row = |label: Msg, value: Span<'static>| {
            Line::from(vec![
                Span::styled(fit(label.t(lang), lw), app.theme.muted),
                value,
            ])
        };
        let closed = d
            .base
            .closed_through
            .map(|m| m.name(lang))
            .unwrap_or_else(|| app.t(Msg::UiNoneClosedShort).to_string());
        let left_lines = vec![
            row(
                Msg::UiCurrentMonth,
                Span::styled(d.base.current_month.name(lang), app.theme.title),
            ),
            row(Msg::UiClosedThrough, Span::raw(closed)),
            row(Msg::UiCash, amount(app, d.base.cash, 13)),
            row(Msg::UiBank, amount(app, d.base.bank, 13)),
            row(
                Msg::UiActiveMembers,
                Span::raw(format!(
                    "{:>13}",
                    format!("{} / {}", d.base.members_active, d.base.members_total)
                )),
            ),
            row(
                Msg::UiEntries,
                Span::raw(format!("{:>13}", d.base.entry_count)),
            ),
        ];
        f.render_widget(
            Paragraph::new(left_lines).block(block(app, name, false)),
            left,
        );
        let rate = d
            .collection_rate
            .map(|r| format!("{r} %"))
            .unwrap_or_else(|| "—".into());
        let right_lines = vec![
            row(Msg::UiCollection, Span::raw(format!("{rate:>13}"))),
            row(Msg::UiSavings, amount(app, d.savings, 13)),
            row(Msg::UiFund, amount(app, d.fund, 13)),
            row(Msg::UiPortfolio, amount(app, d.portfolio, 13)),
            row(Msg::UiPar30Short, {
                // Above 5 % is a risk: said by a mark and a word, not by colour alone.
                let high = d.par30 > rust_decimal::Decimal::from(5);
                // The word when the panel has room for it, else the mark alone.
                let (mark, word, style) = if high {
                    (
                        super::mark(Mark::Warn),
                        app.t(Msg::UiParHigh),
                        app.theme.overdue,
                    )
                } else {
                    (super::mark(Mark::Ok), app.t(Msg::UiParOk), app.theme.ok)
                };
                let pct = percent(d.par30, lang);
                let room = inner_w(app, right).saturating_sub(lw);
                let long = format!("{pct} % {mark} {word}");
                let text = if long.chars().count() < room {
                    long
                } else {
                    format!("{pct} % {mark}")
                };
                // At least one space after the label.
                let w = 13.max(text.chars().count() + 1);
                Span::styled(format!("{text:>w$}"), style)
            }),
        ];
        f.render_widget(
            Paragraph::new(right_lines).block(super::tab_block(app, Msg::UiTabDashboard, false)),
            right,
        );
        let w = inner_w(app, bottom);
        let desc_w = w.saturating_sub(6 + 11 + 14 + 3);
        let rows: Vec<Line> = d
            .base
            .latest
            .iter()
            .take(fit_rows(app, bottom.height.saturating_sub(2) as usize))
            .map(|e| {
                Line::from(vec![
                    Span::styled(format!("{:>5} ", e.id), app.theme.muted),
                    Span::raw(format!("{} ", format_date(e.date, lang))),
                    Span::raw(fit(&e.description, desc_w)),
                    amount(app, e.total(), 14),
                ])
            })
            .collect();
        f.render_widget(
            Paragraph::new(spaced(app, rows)).block(
                block(app, app.t(Msg::UiLatestEntries), false).title_bottom(
                    styled(format!(" {} ", app.t(Msg::UiDashMoreKeys)), app.theme.muted)
                        .right_aligned(),
                ),
            ),
            bottom,
        );
    }
}

/// A chart: its title, the latest figure, a value per month (absent when
/// there is none) and the top of the scale (the largest value when `None`).
type Series = (Msg, String, Vec<Option<u64>>, Option<u64>);

/// Four small charts of the last 12 months: collection rate, cash, members'
/// savings and the loan portfolio; each month's initial under its bar.
fn charts(app: &ViewCtx, months: &[MonthFigures], f: &mut Frame, area: Rect) {
    if months.is_empty() || area.height < 4 {
        return;
    }
    let lang = app.lang;
    let cents = |m: crate::domain::money::Money| m.cents().max(0) as u64;
    let last = months.last();
    let rate = last
        .and_then(|m| m.collection_rate)
        .map(|r| format!("{r} %"))
        .unwrap_or_else(|| "—".into());
    let series: [Series; 4] = [
        (
            Msg::UiChartCollection,
            rate,
            months
                .iter()
                .map(|m| m.collection_rate.map(|r| r.max(0) as u64))
                .collect(),
            Some(100),
        ),
        (
            Msg::UiCash,
            last.map(|m| m.cash.localized(lang)).unwrap_or_default(),
            months.iter().map(|m| Some(cents(m.cash))).collect(),
            None,
        ),
        (
            Msg::UiChartSavings,
            last.map(|m| m.savings.localized(lang)).unwrap_or_default(),
            months.iter().map(|m| Some(cents(m.savings))).collect(),
            None,
        ),
        (
            Msg::UiChartPortfolio,
            last.map(|m| m.portfolio.localized(lang))
                .unwrap_or_default(),
            months.iter().map(|m| Some(cents(m.portfolio))).collect(),
            None,
        ),
    ];
    let cells = Layout::horizontal([Constraint::Ratio(1, 4); 4]).split(area);
    let initials: Vec<char> = months
        .iter()
        .map(|m| {
            m.month
                .name(lang)
                .chars()
                .next()
                .map(|c| c.to_uppercase().next().unwrap_or(c))
                .unwrap_or(' ')
        })
        .collect();
    for ((label, value, data, max), cell) in series.into_iter().zip(cells.iter()) {
        let b = block(app, app.t(label), false)
            .title_bottom(styled(format!(" {value} "), app.theme.base).right_aligned());
        let inner = b.inner(*cell);
        f.render_widget(b, *cell);
        if inner.height < 2 || inner.width < 2 {
            continue;
        }
        // Each month as wide as the room allows (one column at 80x24).
        let k = (inner.width as usize / data.len().max(1)).max(1);
        let wide: Vec<Option<u64>> = data
            .iter()
            .flat_map(|v| std::iter::repeat_n(*v, k))
            .collect();
        let used = (wide.len() as u16).min(inner.width);
        let left = inner.x + (inner.width - used) / 2;
        let [spark, names] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(Rect {
                x: left,
                width: used,
                ..inner
            });
        let mut s = Sparkline::default()
            .data(wide)
            .style(app.theme.title)
            .absent_value_symbol("·")
            .absent_value_style(app.theme.muted);
        if let Some(m) = max {
            s = s.max(m);
        }
        f.render_widget(s, spark);
        let text: String = initials
            .iter()
            .map(|c| format!("{c:<k$}"))
            .collect::<String>();
        f.render_widget(Paragraph::new(Span::styled(text, app.theme.muted)), names);
    }
}

/// A percentage with the language's decimal mark.
fn percent(d: rust_decimal::Decimal, lang: crate::i18n::Lang) -> String {
    let s = format!("{:.2}", d);
    s.replace('.', Msg::UiDecimalMark.t(lang))
}
