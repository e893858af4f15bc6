//! The teaching panel: the operation's accounts drawn as T-accounts (the
//! balance before in words, every debit and credit on its side in the
//! journal's colours, their sums when a side has more than one, the balance
//! after) and the accounting equation before and after. Signs and words
//! carry the meaning, not colour alone. Nothing is left out: when the lines
//! do not fit, the panel pages (Alt-↓ / Alt-↑) and says there is more.

use crate::domain::glyphs::Mark;
use std::cell::Cell;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{block, fit, styled};
use crate::books::{Book, BookError};
use crate::domain::entry::{Entry, Posting};
use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::training::teach::{Equation, Lesson, TAccount, Teach};
use crate::ui::screen::ViewCtx;

/// Columns between two T-accounts side by side.
const GAP: usize = 2;
/// The fewest rows the panel takes (its borders and four lines) when the
/// operation above needs the rest.
const MIN_PANEL: u16 = 6;
/// The fewest rows the operation above keeps.
const MIN_SCREEN: u16 = 8;
/// The body's fewest rows for the panel to be drawn at all.
pub const MIN_BODY: u16 = MIN_PANEL + MIN_SCREEN;

/// The teaching panel: whether it is shown (`T`, or `--teach`) and what the
/// operation on screen does to the accounts (set by the router after each
/// key, while shown).
#[derive(Clone, Debug, Default)]
pub struct TeachPanel {
    pub on: bool,
    pub lesson: Option<Lesson>,
    /// The first of the panel's lines in view (Alt-↓ / Alt-↑ page it).
    pub top: u16,
    /// At the last drawing: the rows in view and the lines in all.
    shown: Cell<(u16, u16)>,
}

/// What the operation on screen teaches: an entry posted, or postings
/// about to be.
pub enum Taught<'a> {
    Entry(&'a Entry),
    Postings(&'a [Posting]),
}

impl TeachPanel {
    /// The lesson of `taught` (none while the panel is hidden). A new
    /// lesson starts at its first line.
    pub fn refresh(&mut self, book: &Book, taught: Option<Taught>) -> Result<(), BookError> {
        let lesson = if self.on {
            match taught {
                Some(Taught::Entry(e)) => Some(book.lesson_for_entry(e)?),
                Some(Taught::Postings(p)) if !p.is_empty() => Some(book.lesson_for_postings(p)?),
                _ => None,
            }
        } else {
            None
        };
        if lesson != self.lesson {
            self.top = 0;
        }
        self.lesson = lesson;
        Ok(())
    }

    /// Whether the panel has something to draw.
    pub fn showing(&self) -> bool {
        self.on && self.lesson.is_some()
    }

    /// Pages the panel's lines: down (`true`) or up, a page less a line at
    /// a time, never past the last page.
    pub fn scroll(&mut self, down: bool) {
        if !self.showing() {
            return;
        }
        let (rows, total) = self.shown.get();
        let step = rows.saturating_sub(1).max(1);
        let last = total.saturating_sub(rows);
        self.top = if down {
            (self.top + step).min(last)
        } else {
            self.top.min(last).saturating_sub(step)
        };
    }

    /// Whether lines are out of view: (above, below), at the last drawing.
    pub fn more(&self) -> (bool, bool) {
        let (rows, total) = self.shown.get();
        let top = self.top.min(total.saturating_sub(rows));
        (top > 0, top + rows < total)
    }

    /// Draws the panel under the operation in `body` when it has a lesson
    /// and the room; answers the part of `body` left to the screen. `need`:
    /// the rows the operation above would like to keep (it keeps at least
    /// [`MIN_SCREEN`]; the panel takes at least [`MIN_PANEL`]).
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, body: Rect, need: u16) -> Rect {
        let Some(lesson) = self.lesson.as_ref().filter(|_| self.on) else {
            return body;
        };
        if body.height < MIN_BODY {
            return body;
        }
        let lines = lesson_lines(app, lesson, inner_width(app, body.width));
        let want = lines.len() as u16 + 2;
        let left = body.height.saturating_sub(need.max(MIN_SCREEN));
        let h = want.min(left.max(MIN_PANEL)).min(body.height - MIN_SCREEN);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(MIN_SCREEN), Constraint::Length(h)]).areas(body);
        self.draw(app, f, bottom, lines);
        top
    }

    fn draw(&self, app: &ViewCtx, f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
        let rows = area.height.saturating_sub(2);
        let total = lines.len() as u16;
        self.shown.set((rows, total));
        let top = self.top.min(total.saturating_sub(rows));
        let (above, below) = (top > 0, top + rows < total);
        let mut outer = block(app, app.t(Msg::UiTeachTitle), false);
        if above || below {
            // Never a silent cut: the border says where the rest is, and the keys.
            let mut marks = Vec::new();
            if above {
                marks.push(app.t(Msg::UiTeachMoreAbove));
            }
            if below {
                marks.push(app.t(Msg::UiTeachMoreBelow));
            }
            marks.push(app.t(Msg::UiTeachScrollKeys));
            outer = outer.title_bottom(
                Line::from(Span::styled(
                    format!(" {} ", marks.join(" · ")),
                    app.theme.warning,
                ))
                .alignment(Alignment::Right),
            );
        }
        let inner = outer.inner(area);
        f.render_widget(outer, area);
        let shown: Vec<Line> = lines
            .into_iter()
            .skip(top as usize)
            .take(rows as usize)
            .collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}

/// The columns inside the panel's borders (and padding) at this width.
fn inner_width(app: &ViewCtx, width: u16) -> usize {
    width.saturating_sub(2 + 2 * app.density.padding()) as usize
}

/// The rows of `area` that the screen drawn in `buf` uses: down to its
/// last row with anything but borders and blanks, and the border under it.
/// The teaching panel measures the operation above with it, so that an
/// entry's lines are not cut when there is room.
pub fn used_rows(buf: &Buffer, area: Rect) -> u16 {
    let is_drawn = |y: u16| {
        (area.x..area.x + area.width).any(|x| {
            buf.cell((x, y)).is_some_and(|c| {
                !c.symbol()
                    .chars()
                    .all(|ch| ch == ' ' || ('\u{2500}'..='\u{257F}').contains(&ch))
            })
        })
    };
    (area.y..area.y + area.height)
        .rev()
        .find(|&y| is_drawn(y))
        .map_or(0, |y| (y - area.y + 2).min(area.height))
}

/// Every line of the panel: the T-accounts, as many side by side as fit in
/// `width`, then the equation.
fn lesson_lines(app: &ViewCtx, lesson: &Lesson, width: usize) -> Vec<Line<'static>> {
    let mut dims = Dims::of(app, lesson);
    let per_row = ((width + GAP) / (dims.width() + GAP)).max(1);
    // The room left over widens the words' column as far as the longest
    // name that then fits on the sides' row needs (a longer one takes a
    // row of its own anyway).
    let used = per_row * dims.width() + (per_row - 1) * GAP;
    let spare = width.saturating_sub(used) / per_row;
    let room = dims.name_room(app);
    dims.label += lesson
        .accounts
        .iter()
        .map(|t| name_of(app, t).width().saturating_sub(room))
        .filter(|more| *more <= spare)
        .max()
        .unwrap_or(0);
    let mut out: Vec<Line<'static>> = Vec::new();
    for (r, row) in lesson.accounts.chunks(per_row).enumerate() {
        if r > 0 && app.density.is_roomy() {
            out.push(Line::from(""));
        }
        // A name too long for the sides' row takes a row of its own, for
        // every T of the row so that their lines stay side by side.
        let own_row = row
            .iter()
            .any(|t| name_of(app, t).width() > dims.name_room(app));
        // The T's of a row take as many rows each, so that their rules
        // and balances line up.
        let shape = Shape {
            own_row,
            movements: row.iter().map(movement_rows).max().unwrap_or(1),
            sums: row.iter().any(has_sums),
        };
        let ts: Vec<Vec<Vec<Span<'static>>>> =
            row.iter().map(|t| t_lines(app, &dims, t, &shape)).collect();
        let height = ts.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..height {
            let mut spans = Vec::new();
            for (j, t) in ts.iter().enumerate() {
                if j > 0 {
                    spans.push(Span::raw(" ".repeat(GAP)));
                }
                match t.get(i) {
                    Some(line) => spans.extend(line.iter().cloned()),
                    None => spans.push(Span::raw(" ".repeat(dims.width()))),
                }
            }
            out.push(Line::from(spans));
        }
    }
    if app.density.is_roomy() {
        out.push(Line::from(""));
    }
    out.extend(equation_lines(app, lesson, width));
    out
}

/// The widths of a lesson's T-accounts: the words' column and each side's.
struct Dims {
    label: usize,
    side: usize,
}

impl Dims {
    fn of(app: &ViewCtx, lesson: &Lesson) -> Dims {
        let label = [
            Msg::UiTeachBalanceBefore,
            Msg::UiTeachBalanceAfter,
            Msg::UiTeachSums,
        ]
        .iter()
        .map(|m| m.t(app.lang).width())
        .max()
        .unwrap_or(0);
        let w = |m: Money| m.abs().localized(app.lang).width();
        let side = lesson
            .accounts
            .iter()
            .flat_map(|t| {
                let sums = [sum(&t.debits), sum(&t.credits), t.before, t.after()];
                t.debits
                    .iter()
                    .chain(t.credits.iter())
                    .copied()
                    .chain(sums)
                    .map(w)
                    .collect::<Vec<_>>()
            })
            .chain([app.t(Msg::UiDebit).width(), app.t(Msg::UiCredit).width(), 8])
            .max()
            .unwrap_or(8);
        Dims { label, side }
    }

    /// The columns for an account's name on the row of the sides' names.
    fn name_room(&self, app: &ViewCtx) -> usize {
        (self.label + self.side).saturating_sub(app.t(Msg::UiDebit).width())
    }

    /// One T's width: words, a space, the debit side, " │ ", the credit side.
    fn width(&self) -> usize {
        self.label + 1 + self.side + 3 + self.side
    }
}

fn sum(ms: &[Money]) -> Money {
    ms.iter().copied().sum()
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

/// One row of a T: words, then a figure (or none) on each side, each side
/// in its own style.
fn t_row(
    app: &ViewCtx,
    d: &Dims,
    words: &str,
    debit: Option<Money>,
    credit: Option<Money>,
    styles: (ratatui::style::Style, ratatui::style::Style),
) -> Vec<Span<'static>> {
    let side = |m: Option<Money>| match m {
        Some(m) => format!("{:>w$}", m.localized(app.lang), w = d.side),
        None => " ".repeat(d.side),
    };
    vec![
        Span::styled(format!("{} ", fit(words, d.label)), app.theme.muted),
        Span::styled(side(debit), styles.0),
        Span::styled(" │ ".to_string(), app.theme.base),
        Span::styled(side(credit), styles.1),
    ]
}

/// How the T's of one row are drawn.
struct Shape {
    /// The names on a row of their own.
    own_row: bool,
    /// Rows of movements.
    movements: usize,
    /// A row of sums.
    sums: bool,
}

/// The rows a T's movements take: a debit and a credit share a row.
fn movement_rows(t: &TAccount) -> usize {
    t.debits.len().max(t.credits.len()).max(1)
}

/// Whether a T shows its sums: when a side has more than one movement.
fn has_sums(t: &TAccount) -> bool {
    t.debits.len() > 1 || t.credits.len() > 1
}

/// An account's code and name, as a T is titled.
fn name_of(app: &ViewCtx, t: &TAccount) -> String {
    format!("{} {}", t.account.code, t.account.display_name(app.lang))
}

/// A T-account's lines, each `d.width()` wide: its name (on a row of its
/// own when `shape` says) with Debe │ Haber, the balance before, every
/// movement (debits on the left, credits on the right), the rule, the sums
/// when a side has more than one movement, and the balance after.
fn t_lines(app: &ViewCtx, d: &Dims, t: &TAccount, shape: &Shape) -> Vec<Vec<Span<'static>>> {
    let name = name_of(app, t);
    let dn = t.account.debit_normal();
    let debit = app.t(Msg::UiDebit);
    let sides_row = |name: &str| {
        vec![
            Span::styled(fit(name, d.name_room(app)), app.theme.header),
            Span::styled(
                format!(" {debit} │ {:>s$}", app.t(Msg::UiCredit), s = d.side),
                app.theme.muted,
            ),
        ]
    };
    let mut lines = if shape.own_row {
        vec![
            vec![Span::styled(fit(&name, d.width()), app.theme.header)],
            sides_row(""),
        ]
    } else {
        vec![sides_row(&name)]
    };
    let (bd, bc) = sides(t.before, dn);
    lines.push(t_row(
        app,
        d,
        app.t(Msg::UiTeachBalanceBefore),
        bd,
        bc,
        (app.theme.base, app.theme.base),
    ));
    for i in 0..shape.movements {
        lines.push(t_row(
            app,
            d,
            "",
            t.debits.get(i).copied(),
            t.credits.get(i).copied(),
            (app.theme.debit, app.theme.credit),
        ));
    }
    lines.push(vec![Span::styled(
        format!(
            "{}┼{}",
            "─".repeat(d.label + d.side + 2),
            "─".repeat(d.side + 1)
        ),
        app.theme.muted,
    )]);
    if has_sums(t) {
        lines.push(t_row(
            app,
            d,
            app.t(Msg::UiTeachSums),
            Some(sum(&t.debits)),
            Some(sum(&t.credits)),
            (app.theme.debit, app.theme.credit),
        ));
    } else if shape.sums {
        lines.push(t_row(
            app,
            d,
            "",
            None,
            None,
            (app.theme.base, app.theme.base),
        ));
    }
    let (ad, ac) = sides(t.after(), dn);
    lines.push(t_row(
        app,
        d,
        app.t(Msg::UiTeachBalanceAfter),
        ad,
        ac,
        (app.theme.title, app.theme.title),
    ));
    lines
}

fn equation_lines(app: &ViewCtx, lesson: &Lesson, width: usize) -> Vec<Line<'static>> {
    let w = (width.saturating_sub(10) / 5).clamp(8, 13);
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
        let ok = if q.holds() {
            String::new()
        } else {
            format!(" {}", super::mark(Mark::NotEqual))
        };
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
    vec![
        styled(head, app.theme.header),
        styled(row(Msg::UiTeachBefore, &lesson.before), app.theme.muted),
        styled(row(Msg::UiTeachAfter, &lesson.after), app.theme.base),
    ]
}
