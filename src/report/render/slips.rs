//! Receipts as PDF, from their plain text (see `report::visit`): on A4,
//! several to a sheet in two columns with a cut line between them (a
//! receipt never splits across columns or sheets); or on a roll of 80 mm or
//! 58 mm paper, one receipt to a page as long as the receipt. Courier, so
//! the columns of the text stay lined up.

use printpdf::{
    BuiltinFont, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem,
};

use super::ReportError;

const MM: f32 = 72.0 / 25.4;

/// The paper a receipt is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Paper {
    /// A4 sheets, several receipts to each.
    #[default]
    A4,
    /// A roll 80 mm wide (72 mm printed).
    Roll80,
    /// A roll 58 mm wide (48 mm printed).
    Roll58,
}

impl Paper {
    /// The names `--paper` takes.
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "80" | "80mm" | "80-mm" => Some(Paper::Roll80),
            "58" | "58mm" | "58-mm" => Some(Paper::Roll58),
            _ => None,
        }
    }

    /// The font size that fits the receipt's width of characters.
    fn size(self) -> f32 {
        match self {
            Paper::A4 | Paper::Roll80 => 9.0,
            Paper::Roll58 => 7.0,
        }
    }
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

fn text_ops(ops: &mut Vec<Op>, x: f32, y: f32, s: &str, size: f32) {
    if s.trim().is_empty() {
        return;
    }
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::Builtin(BuiltinFont::Courier),
            size: Pt(size),
        },
        Op::SetTextCursor { pos: pt(x, y) },
        Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        },
        Op::EndTextSection,
    ]);
}

/// A dashed cut line from `x1` to `x2` at `y`.
fn cut_line(ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32) {
    let dash = 3.0;
    let mut x = x1;
    ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
    while x < x2 {
        let end = (x + dash).min(x2);
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: pt(x, y),
                        bezier: false,
                    },
                    LinePoint {
                        p: pt(end, y),
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        x += dash * 2.0;
    }
}

/// The receipts (each the lines of its text) as a PDF on `paper`.
pub fn slips_pdf(slips: &[String], paper: Paper, title: &str) -> Result<Vec<u8>, ReportError> {
    let size = paper.size();
    let line_h = size * 1.2;
    let mut pages = Vec::new();
    match paper {
        Paper::A4 => {
            let (w, h) = (210.0, 297.0);
            let top = (h - 12.0) * MM;
            let bottom = 12.0 * MM;
            let cols = [14.0 * MM, 110.0 * MM];
            let mut ops = Vec::new();
            let (mut col, mut y) = (0usize, top);
            for slip in slips {
                let lines: Vec<&str> = slip.lines().collect();
                let need = (lines.len() as f32 + 2.0) * line_h;
                if y - need < bottom && y < top {
                    // The next column, or a new sheet.
                    col += 1;
                    y = top;
                    if col == cols.len() {
                        pages.push(PdfPage::new(Mm(w), Mm(h), std::mem::take(&mut ops)));
                        col = 0;
                    }
                }
                let x = cols[col];
                for l in &lines {
                    y -= line_h;
                    text_ops(&mut ops, x, y, l, size);
                }
                y -= line_h;
                cut_line(&mut ops, x, x + 85.0 * MM, y);
                y -= line_h;
            }
            if !ops.is_empty() || pages.is_empty() {
                pages.push(PdfPage::new(Mm(w), Mm(h), ops));
            }
        }
        Paper::Roll80 | Paper::Roll58 => {
            let w = if paper == Paper::Roll80 { 80.0 } else { 58.0 };
            let margin = if paper == Paper::Roll80 { 4.0 } else { 5.0 };
            for slip in slips {
                let lines: Vec<&str> = slip.lines().collect();
                let h_pt = (lines.len() as f32 + 2.0) * line_h + 10.0 * MM;
                let mut ops = Vec::new();
                let mut y = h_pt - 5.0 * MM;
                for l in &lines {
                    y -= line_h;
                    text_ops(&mut ops, margin * MM, y, l, size);
                }
                pages.push(PdfPage::new(Mm(w), Mm(h_pt / MM), ops));
            }
            if pages.is_empty() {
                pages.push(PdfPage::new(Mm(w), Mm(40.0), Vec::new()));
            }
        }
    }
    let mut pdf = PdfDocument::new(title);
    pdf.metadata.info.creator = "ayni".to_string();
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.starts_with(b"%PDF") {
        Ok(bytes)
    } else {
        Err(ReportError::Pdf(format!("{} warnings", warnings.len())))
    }
}
