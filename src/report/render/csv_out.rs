//! CSV: a header row then the rows of each table, amounts plain with a point,
//! text through the spreadsheet-safety rule. When a document has several
//! pages or tables, each row starts with the page's key and the table's key.

use serde::Serialize;

use super::{Block, Cell, Doc};
use crate::report::trial_balance::sheet_safe;

pub(crate) fn safe(c: &Cell) -> String {
    match c {
        Cell::Text(s) => sheet_safe(s),
        other => other.plain(),
    }
}

pub(crate) fn to_csv(doc: &Doc) -> String {
    let keyed_pages = !doc.page_key_headers.is_empty();
    let sectioned = doc.pages.iter().any(|p| count(p) > 1);
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for page in &doc.pages {
        for block in &page.blocks {
            let Block::Table(t) = block else { continue };
            let mut header: Vec<String> = Vec::new();
            if keyed_pages {
                header.extend(doc.page_key_headers.iter().map(|h| sheet_safe(h)));
            }
            if sectioned {
                header.push("section".to_string());
            }
            header.extend(t.columns.iter().map(|c| sheet_safe(&c.header)));
            let _ = w.write_record(&header);
            for row in &t.rows {
                let mut rec: Vec<String> = Vec::new();
                if keyed_pages {
                    rec.extend(page.key.iter().map(|k| sheet_safe(k)));
                }
                if sectioned {
                    rec.push(t.key.clone());
                }
                rec.extend(row.cells.iter().map(safe));
                let _ = w.write_record(&rec);
            }
        }
    }
    let written = doc.pages.iter().any(|p| count(p) > 0);
    if !written {
        // Nothing to list: the header of the page keys, or of the notes.
        let header: Vec<String> = if keyed_pages {
            doc.page_key_headers.iter().map(|h| sheet_safe(h)).collect()
        } else {
            vec![sheet_safe(&doc.title)]
        };
        let _ = w.write_record(&header);
    }
    // Writing to a Vec cannot fail.
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn count(p: &super::Page) -> usize {
    p.blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count()
}

#[derive(Serialize)]
struct JsonTable<'a> {
    page: &'a [String],
    section: &'a str,
    title: Option<&'a str>,
    columns: Vec<&'a str>,
    rows: Vec<Vec<String>>,
}

/// The document's tables as JSON (amounts as strings with a point).
pub(crate) fn to_json_cells(doc: &Doc) -> String {
    let mut out = Vec::new();
    for page in &doc.pages {
        for block in &page.blocks {
            let Block::Table(t) = block else { continue };
            out.push(JsonTable {
                page: &page.key,
                section: &t.key,
                title: t.title.as_deref(),
                columns: t.columns.iter().map(|c| c.header.as_str()).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.cells.iter().map(Cell::plain).collect())
                    .collect(),
            });
        }
    }
    super::to_json(&out)
}
