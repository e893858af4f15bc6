//! A plain-text table for the terminal: aligned columns measured in display
//! width (accents and `ñ` count as one column), long text cut with `…`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::{Lang, Msg};
use crate::report::render::{self, Kind};

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column: its header, alignment and widest allowed cell.
#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    pub align: Align,
    /// Cells wider than this are cut with `…` (0 means no limit).
    pub max: usize,
}

impl Column {
    pub fn left(header: &str, max: usize) -> Column {
        Column {
            header: header.to_string(),
            align: Align::Left,
            max,
        }
    }
    pub fn right(header: &str) -> Column {
        Column {
            header: header.to_string(),
            align: Align::Right,
            max: 0,
        }
    }
    /// The columns of account balances ([`render::Column::ledger`]) for the
    /// terminal.
    pub fn ledger(lang: Lang, code: (Msg, u8), name: (Msg, u8)) -> Vec<Column> {
        render::Column::ledger(lang, code, name)
            .iter()
            .map(Column::of)
            .collect()
    }
    /// A document's column on the terminal: text to the left, cut at its
    /// width; figures to the right.
    pub fn of(c: &render::Column) -> Column {
        match c.kind {
            Kind::Text => Column::left(&c.header, c.width.into()),
            Kind::Amount | Kind::Number => Column::right(&c.header),
        }
    }
}

/// A table being built row by row.
#[derive(Clone, Debug)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Row>,
}

#[derive(Clone, Debug)]
enum Row {
    Cells(Vec<String>),
    Rule,
}

/// Writes control and invisible characters as their escape (`\u001b`), so a
/// cell can never break the layout or the terminal, and shows what is there.
fn printable(s: &str) -> String {
    crate::domain::text::visible(s).into_owned()
}

/// Cuts `s` to at most `max` display columns, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if max == 0 || s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    match align {
        Align::Left => format!("{s}{fill}"),
        Align::Right => format!("{fill}{s}"),
    }
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are ignored.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells = (0..self.columns.len())
            .map(|i| {
                let raw = cells
                    .get(i)
                    .map(|c| printable(c.as_ref()))
                    .unwrap_or_default();
                truncate(&raw, self.columns[i].max)
            })
            .collect();
        self.rows.push(Row::Cells(cells));
    }

    /// Adds a horizontal rule (before totals).
    pub fn rule(&mut self) {
        self.rows.push(Row::Rule);
    }

    pub fn is_empty(&self) -> bool {
        !self.rows.iter().any(|r| matches!(r, Row::Cells(_)))
    }

    /// The table as text, or nothing when it has no rows.
    pub fn render_nonempty(&self) -> String {
        if self.is_empty() {
            String::new()
        } else {
            self.render()
        }
    }

    /// The table as text, one line per row, each ending in a newline.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.header.width()).collect();
        for r in &self.rows {
            if let Row::Cells(cells) = r {
                for (i, c) in cells.iter().enumerate() {
                    widths[i] = widths[i].max(c.width());
                }
            }
        }
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let line = |cells: &[String]| -> String {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| pad(c, widths[i], self.columns[i].align))
                .collect();
            let mut s = parts.join("  ");
            s.truncate(s.trim_end().len());
            s.push('\n');
            s
        };
        let mut out = String::new();
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        out.push_str(&line(&headers));
        out.push_str(&"─".repeat(total));
        out.push('\n');
        for r in &self.rows {
            match r {
                Row::Cells(cells) => out.push_str(&line(cells)),
                Row::Rule => {
                    out.push_str(&"─".repeat(total));
                    out.push('\n');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let mut t = Table::new(vec![Column::left("Nombre", 10), Column::right("Saldo")]);
        t.row(&["Peña", "1.234,50"]);
        t.row(&["Quishpe Guamán", "5,00"]);
        let s = t.render();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "Nombre         Saldo");
        assert_eq!(lines[2], "Peña        1.234,50");
        assert_eq!(lines[3], "Quishpe G…      5,00");
    }

    #[test]
    fn control_characters_do_not_reach_the_terminal() {
        let mut t = Table::new(vec![Column::left("A", 0)]);
        t.row(&["x\u{1b}[31my"]);
        assert!(!t.render().contains('\u{1b}'));
    }
}
