//! The teaching panel: the operation's accounts drawn as T-accounts (balance
//! before, the debits and credits, balance after) and the accounting equation
//! before and after. Signs and words carry the meaning, not colour alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fit, styled};
use crate::books::{Book, BookError};
use crate::domain::entry::{Entry, Posting};
use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::training::teach::{Equation, Lesson, TAccount, Teach};
use crate::ui::screen::ViewCtx;

/// Width of one T-account.
const T_WIDTH: u16 = 26;
/// Height of one T-account: name, sides, rule, before, movements (2), rule, after.
const T_HEIGHT: u16 = 7;

/// The teaching panel: whether it is shown (`T`, or `--teach`) and what the
/// operation on screen does to the accounts (set by the router after each
/// key, while shown).
#[derive(Clone, Debug, Default)]
pub struct TeachPanel {
    pub on: bool,
    pub lesson: Option<Lesson>,
}

/// What the operation on screen teaches: an entry posted, or postings
/// about to be.
pub enum Taught<'a> {
    Entry(&'a Entry),
    Postings(&'a [Posting]),
}

impl TeachPanel {
    /// The lesson of `taught` (none while the panel is hidden).
    pub fn refresh(&mut self, book: &Book, taught: Option<Taught>) -> Result<(), BookError> {
        self.lesson = None;
        if self.on {
            self.lesson = match taught {
                Some(Taught::Entry(e)) => Some(book.lesson_for_entry(e)?),
                Some(Taught::Postings(p)) => Some(book.lesson_for_postings(p)?),
                None => None,
            };
        }
        Ok(())
    }

    /// Draws the panel under the operation in `body` when it has a lesson
    /// and the room; answers the part of `body` left to the screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, body: Rect) -> Rect {
        match (&self.lesson, self.on) {
            (Some(lesson), true) if body.height >= 16 => {
                let want = wanted_height(lesson, body.width);
                let h = want.min(body.height - 8).max(8);
                let [top, bottom] =
                    Layout::vertical([Constraint::Min(8), Constraint::Length(h)]).areas(body);
                render_lesson(app, f, bottom, lesson);
                top
            }
            _ => body,
        }
    }
}

/// Rows the panel would like for a lesson at this width.
fn wanted_height(lesson: &Lesson, width: u16) -> u16 {
    let per_row = (width.saturating_sub(2) / T_WIDTH).max(1) as usize;
    let rows = lesson.accounts.len().div_ceil(per_row) as u16;
    rows * T_HEIGHT + 3 + 2
}

fn render_lesson(app: &ViewCtx, f: &mut Frame, area: Rect, lesson: &Lesson) {
    let outer = block(app, app.t(Msg::UiTeachTitle), false);
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    if inner.height < 4 {
        return;
    }
    let [grid, eq] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
    let per_row = (grid.width / T_WIDTH).max(1) as usize;
    let fit_rows = (grid.height / T_HEIGHT).max(1) as usize;
    let room = per_row * fit_rows;
    for (i, t) in lesson.accounts.iter().take(room).enumerate() {
        let (row, col) = ((i / per_row) as u16, (i % per_row) as u16);
        let r = Rect {
            x: grid.x + col * T_WIDTH,
            y: grid.y + row * T_HEIGHT,
            // One column apart from the next T.
            width: (T_WIDTH - 1).min(grid.width),
            height: T_HEIGHT.min(grid.height.saturating_sub(row * T_HEIGHT)),
        };
        if r.height > 0 {
            render_t(app, f, r, t);
        }
    }
    if lesson.accounts.len() > room {
        let more = format!("… +{}", lesson.accounts.len() - room);
        let r = Rect {
            x: grid.x + grid.width.saturating_sub(8),
            y: grid.y,
            width: 8.min(grid.width),
            height: 1,
        };
        f.render_widget(Paragraph::new(more).style(app.theme.muted), r);
    }
    render_equation(app, f, eq, lesson);
}

/// A balance on its side: `(debit column, credit column)`. A zero balance
/// shows as 0 on the account's natural side.
fn sides(balance: Money, debit_normal: bool) -> (Option<Money>, Option<Money>) {
    if balance.is_negative() {
        (None, Some(-balance))
    } else if balance.is_positive() || debit_normal {
        (Some(balance), None)
    } else {
        (None, Some(Money::ZERO))
    }
}

/// The balance row of a T: the mark and the figure on the balance's side.
fn balance_row(app: &ViewCtx, m: Money, debit_normal: bool, mark: &str, half: usize) -> String {
    let mw = mark.chars().count();
    match sides(m, debit_normal) {
        (Some(d), _) => format!(
            "{mark}{:>w$}│",
            d.localized(app.lang),
            w = half.saturating_sub(mw)
        ),
        (_, Some(c)) => format!(
            "{}│{:>w$}{mark}",
            " ".repeat(half),
            c.localized(app.lang),
            w = half.saturating_sub(mw)
        ),
        _ => format!("{}│", " ".repeat(half)),
    }
}

fn render_t(app: &ViewCtx, f: &mut Frame, area: Rect, t: &TAccount) {
    let lang = app.lang;
    let half = (area.width.saturating_sub(2) / 2) as usize;
    let name = format!("{} {}", t.account.code, t.account.display_name(lang));
    let mut lines = vec![
        styled(
            fit(&name, area.width.saturating_sub(1) as usize),
            app.theme.header,
        ),
        styled(
            format!(
                "{}│{}",
                fit(app.t(Msg::UiDebit), half),
                fit(&format!(" {}", app.t(Msg::UiCredit)), half)
            ),
            app.theme.muted,
        ),
    ];
    // The balance before, on its side, marked "a" (antes / before).
    let dn = t.account.debit_normal();
    lines.push(styled(
        balance_row(app, t.before, dn, app.t(Msg::UiTeachBeforeMark), half),
        app.theme.muted,
    ));
    // The movements: debits on the left, credits on the right, with + signs.
    let n = t.debits.len().max(t.credits.len()).clamp(1, 2);
    for i in 0..n {
        let d = t.debits.get(i).copied().unwrap_or_default();
        let c = t.credits.get(i).copied().unwrap_or_default();
        let dl = if d.is_zero() {
            " ".repeat(half)
        } else {
            format!("+{:>w$}", d.localized(lang), w = half.saturating_sub(1))
        };
        let cr = if c.is_zero() {
            String::new()
        } else {
            format!(" +{:>w$}", c.localized(lang), w = half.saturating_sub(2))
        };
        lines.push(Line::from(vec![
            Span::styled(dl, app.theme.ok),
            Span::raw("│"),
            Span::styled(cr, app.theme.ok),
        ]));
    }
    lines.push(Line::from(format!(
        "{}┼{}",
        "─".repeat(half),
        "─".repeat(half)
    )));
    lines.push(styled(
        balance_row(app, t.after(), dn, app.t(Msg::UiTeachAfterMark), half),
        app.theme.title,
    ));
    f.render_widget(Paragraph::new(lines), area);
}

fn render_equation(app: &ViewCtx, f: &mut Frame, area: Rect, lesson: &Lesson) {
    let w = ((area.width as usize).saturating_sub(10) / 5).clamp(8, 13);
    let head = format!(
        "{}{:>w$}{:>w$}{:>w$}{:>w$}{:>w$}",
        fit("", 10),
        app.t(Msg::UiTeachAssets),
        app.t(Msg::UiTeachLiabilities),
        app.t(Msg::UiTeachEquity),
        app.t(Msg::UiTeachIncome),
        app.t(Msg::UiTeachExpenses),
    );
    let row = |label: Msg, q: &Equation| {
        let ok = if q.holds() { "" } else { " ≠" };
        format!(
            "{}{:>w$}{:>w$}{:>w$}{:>w$}{:>w$}{ok}",
            fit(label.t(app.lang), 10),
            q.assets.localized(app.lang),
            q.liabilities.localized(app.lang),
            q.equity.localized(app.lang),
            q.income.localized(app.lang),
            q.expenses.localized(app.lang),
        )
    };
    let lines = vec![
        styled(head, app.theme.header),
        styled(row(Msg::UiTeachBefore, &lesson.before), app.theme.muted),
        styled(row(Msg::UiTeachAfter, &lesson.after), app.theme.base),
    ];
    f.render_widget(Paragraph::new(lines), area);
}
