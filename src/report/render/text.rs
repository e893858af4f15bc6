//! Plain text for the terminal: the letterhead, then each page's blocks as
//! aligned columns (amounts in the language's style).

use super::{Block, Cell, Doc, Kind, Msg, Style};
use crate::domain::date::format_date;
use crate::i18n::Lang;
use crate::report::table::{Column as TColumn, Table as TTable};
use unicode_width::UnicodeWidthStr;

/// Widest text column in the terminal, but for the label column which takes
/// what 80 columns leave (up to its width hint).
const LABEL_MAX: usize = 30;

/// The widest the label column may be so the table fits 80 columns, given
/// what the other columns need (never less than 14).
fn flex_width(t: &super::Table, lang: Lang) -> usize {
    let mut others = 0;
    for (i, c) in t.columns.iter().enumerate() {
        if i == t.indent_col {
            continue;
        }
        let cells = t
            .rows
            .iter()
            .filter_map(|r| r.cells.get(i))
            .map(|cell| cell.display(lang).width());
        let w = cells.chain([c.header.width()]).max().unwrap_or(0);
        others += match c.kind {
            Kind::Text => w.min((c.width as usize).clamp(4, LABEL_MAX)),
            _ => w,
        };
    }
    let seps = 2 * t.columns.len().saturating_sub(1);
    80usize
        .saturating_sub(others + seps)
        .clamp(14, LABEL_MAX.max(c_hint(t)))
}

fn c_hint(t: &super::Table) -> usize {
    t.columns
        .get(t.indent_col)
        .map(|c| c.width as usize)
        .unwrap_or(LABEL_MAX)
        .max(14)
}

pub(crate) fn to_text(doc: &Doc, lang: Lang) -> String {
    let lh = &doc.letterhead;
    let mut out = String::new();
    out.push_str(&lh.name);
    out.push('\n');
    out.push_str(&lh.ruc_line(lang));
    out.push('\n');
    out.push_str(&format!("{} — {}\n", doc.title, doc.period));
    out.push_str(&format!(
        "{}: {}\n",
        Msg::RepPrinted.t(lang),
        format_date(lh.printed, lang)
    ));
    for (i, page) in doc.pages.iter().enumerate() {
        out.push('\n');
        if i > 0 {
            out.push_str(&"═".repeat(80));
            out.push_str("\n\n");
        }
        if let Some(h) = &page.heading {
            out.push_str(h);
            out.push('\n');
            out.push_str(&"─".repeat(h.chars().count().min(80)));
            out.push('\n');
        }
        for block in &page.blocks {
            match block {
                Block::Fields(pairs) => {
                    let w = pairs
                        .iter()
                        .map(|(l, _)| l.chars().count())
                        .max()
                        .unwrap_or(0);
                    for (l, v) in pairs {
                        let pad = " ".repeat(w - l.chars().count());
                        out.push_str(&format!("{l}:{pad} {v}\n"));
                    }
                    out.push('\n');
                }
                Block::Note(n) => {
                    out.push_str(n);
                    out.push_str("\n\n");
                }
                Block::Table(t) => {
                    if let Some(title) = &t.title {
                        out.push_str(title);
                        out.push('\n');
                    }
                    let flex = flex_width(t, lang);
                    let cols = t
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| match c.kind {
                            Kind::Amount | Kind::Number => TColumn::right(&c.header),
                            Kind::Text if i == t.indent_col => TColumn::left(&c.header, flex),
                            Kind::Text => {
                                TColumn::left(&c.header, (c.width as usize).clamp(4, LABEL_MAX))
                            }
                        })
                        .collect();
                    let mut table = TTable::new(cols);
                    for row in &t.rows {
                        if row.style == Style::Total {
                            table.rule();
                        }
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let s = c.display(lang);
                                if i == t.indent_col && matches!(c, Cell::Text(_)) {
                                    format!("{}{s}", "  ".repeat(row.indent as usize))
                                } else {
                                    s
                                }
                            })
                            .collect();
                        table.row(&cells);
                    }
                    out.push_str(&table.render());
                    out.push('\n');
                }
            }
        }
    }
    out
}
