//! XLSX: the association's name and RUC, the title and period on top; bold
//! headers; amounts as numbers in `#,##0.00`; totals in bold with a rule;
//! column widths; A4 print setup with a page break between members. A text
//! cell that a spreadsheet would run as a formula is stored as text with the
//! quote prefix, so no spreadsheet runs it, even after editing the cell.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Format as XFormat, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{Block, Cell, Doc, Kind, Msg, ReportError, Style, formula_like};
use crate::domain::date::format_date;
use crate::i18n::Lang;

const AMOUNT_FORMAT: &str = "#,##0.00";
const HEADER_FILL: u32 = 0xD9E1F2;

fn err(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// The number format of a running balance: the amount with its side, "D"
/// or "A" (a credit balance without a minus sign), zero alone.
fn balance_format(lang: Lang) -> String {
    format!(
        "{AMOUNT_FORMAT}\" {}\";{AMOUNT_FORMAT}\" {}\";0.00",
        Msg::RepSideDebit.t(lang),
        Msg::RepSideCredit.t(lang)
    )
}

/// Format of a cell by row style and column kind.
fn cell_format(style: Style, kind: Kind, indent: u8) -> XFormat {
    let mut f = XFormat::new();
    if kind == Kind::Amount {
        f = f.set_num_format(AMOUNT_FORMAT);
    }
    if matches!(style, Style::Group | Style::Total) {
        f = f.set_bold();
    }
    if style == Style::Total {
        f = f.set_border_top(FormatBorder::Thin);
    }
    if indent > 0 {
        f = f.set_indent(indent);
    }
    f
}

/// Writes a text cell, formula-looking text as quoted text.
pub(crate) fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    base: &XFormat,
) -> Result<(), XlsxError> {
    if formula_like(text) {
        ws.write_string_with_format(row, col, text, &base.clone().set_quote_prefix())?;
    } else {
        ws.write_string_with_format(row, col, text, base)?;
    }
    Ok(())
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .take(31)
        .collect();
    let s = s.trim().trim_matches('\'').to_string();
    if s.is_empty() { "Hoja1".to_string() } else { s }
}

/// Writes the association's header rows; returns the next free row.
pub(crate) fn write_letterhead(
    ws: &mut Worksheet,
    doc_title: &str,
    period: &str,
    lh: &super::Letterhead,
    lang: Lang,
) -> Result<u32, XlsxError> {
    let big = XFormat::new().set_bold().set_font_size(14);
    let bold = XFormat::new().set_bold().set_font_size(12);
    let plain = XFormat::new();
    write_text(ws, 0, 0, &lh.name, &big)?;
    let mut second = lh.ruc_line(lang);
    if !lh.address.trim().is_empty() {
        second.push_str(" — ");
        second.push_str(lh.address.trim());
    }
    write_text(ws, 1, 0, &second, &plain)?;
    write_text(ws, 2, 0, doc_title, &bold)?;
    write_text(ws, 3, 0, period, &plain)?;
    write_text(
        ws,
        4,
        0,
        &format!(
            "{}: {}",
            Msg::RepPrinted.t(lang),
            format_date(lh.printed, lang)
        ),
        &plain,
    )?;
    Ok(6)
}

pub(crate) fn to_xlsx(doc: &Doc, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    build(ws, doc, lang).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn build(ws: &mut Worksheet, doc: &Doc, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&doc.title))?;
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    let mut row = write_letterhead(ws, &doc.title, &doc.period, &doc.letterhead, lang)?;
    // Column widths: the widest hint of each column over all tables.
    let mut widths: Vec<u8> = vec![14, 18];
    for page in &doc.pages {
        for b in &page.blocks {
            if let Block::Table(t) = b {
                for (i, c) in t.columns.iter().enumerate() {
                    if widths.len() <= i {
                        widths.push(c.width);
                    } else {
                        widths[i] = widths[i].max(c.width);
                    }
                }
            }
        }
    }
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let ncols = widths.len() as u16;
    let bold = XFormat::new().set_bold();
    let heading = XFormat::new().set_bold().set_font_size(12);
    let header = XFormat::new()
        .set_bold()
        .set_background_color(HEADER_FILL)
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let header_right = header.clone().set_align(FormatAlign::Right);
    let plain = XFormat::new();
    let mut breaks = Vec::new();
    for (pi, page) in doc.pages.iter().enumerate() {
        if pi > 0 {
            breaks.push(row);
        }
        if let Some(h) = &page.heading {
            write_text(ws, row, 0, h, &heading)?;
            row += 2;
        }
        for block in &page.blocks {
            match block {
                Block::Fields(pairs) => {
                    for (l, v) in pairs {
                        write_text(ws, row, 0, l, &bold)?;
                        write_text(ws, row, 1, v, &plain)?;
                        row += 1;
                    }
                    row += 1;
                }
                Block::Note(n) => {
                    write_text(ws, row, 0, n, &plain)?;
                    row += 2;
                }
                Block::Table(t) => {
                    if let Some(title) = &t.title {
                        write_text(ws, row, 0, title, &heading)?;
                        row += 1;
                    }
                    for (ci, c) in t.columns.iter().enumerate() {
                        let f = if c.kind == Kind::Text {
                            &header
                        } else {
                            &header_right
                        };
                        write_text(ws, row, ci as u16, &c.header, f)?;
                    }
                    row += 1;
                    for r in &t.rows {
                        for (ci, cell) in r.cells.iter().enumerate() {
                            let kind = t.columns.get(ci).map(|c| c.kind).unwrap_or(Kind::Text);
                            let indent = if ci == t.indent_col { r.indent } else { 0 };
                            let col = ci as u16;
                            match cell {
                                Cell::Text(s) => {
                                    let f = cell_format(r.style, kind, indent);
                                    write_text(ws, row, col, s, &f)?;
                                }
                                Cell::Amount(m) => {
                                    let f = cell_format(r.style, Kind::Amount, 0);
                                    ws.write_with_format(row, col, m.to_decimal(), &f)?;
                                }
                                Cell::Balance(m) => {
                                    let f = cell_format(r.style, Kind::Number, 0)
                                        .set_num_format(balance_format(lang));
                                    ws.write_with_format(row, col, m.to_decimal(), &f)?;
                                }
                                Cell::Number(n) => {
                                    let f = cell_format(r.style, Kind::Number, 0);
                                    ws.write_with_format(row, col, Decimal::from(*n), &f)?;
                                }
                                Cell::Empty => {
                                    if r.style == Style::Total {
                                        let f = cell_format(r.style, kind, 0);
                                        ws.write_blank(row, col, &f)?;
                                    }
                                }
                            }
                        }
                        row += 1;
                    }
                    row += 1;
                }
            }
        }
        if doc.signatures {
            row += 2;
            let line = XFormat::new().set_border_top(FormatBorder::Thin);
            let right_col = ncols.saturating_sub(2).max(2);
            for (col, name, role) in [
                (0u16, &doc.letterhead.treasurer, Msg::RepTreasurer.t(lang)),
                (
                    right_col,
                    &doc.letterhead.president,
                    Msg::RepPresident.t(lang),
                ),
            ] {
                write_text(ws, row, col, name, &line)?;
                ws.write_blank(row, col + 1, &line)?;
                write_text(ws, row + 1, col, role, &plain)?;
            }
            row += 3;
        }
    }
    breaks.truncate(1023);
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    Ok(())
}
