//! PDF with printpdf and the standard Helvetica fonts (WinAnsi: every Spanish
//! letter): A4 sheets, the letterhead on each, tables that continue on the
//! next sheet with their header repeated, signature lines, "page i of n".
//! Each logical page (each member) starts on a new sheet.
//!
//! Coordinates are points (floats, as PDF itself uses); amounts arrive here
//! already as text.

use printpdf::{
    BuiltinFont, Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

use super::{Block, Cell, Doc, Kind, Msg, Style, Table};
use crate::domain::date::format_date;
use crate::i18n::Lang;

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 15.0 * MM;
const RIGHT: f32 = PAGE_W - 15.0 * MM;
const TOP: f32 = PAGE_H - 14.0 * MM;
const BOTTOM: f32 = 18.0 * MM;
const TABLE_SIZE: f32 = 8.0;
const ROW_H: f32 = 11.0;
const CELL_PAD: f32 = 2.5;
/// Height the signature block needs above the bottom margin.
const SIGNATURE_H: f32 = 30.0 * MM;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    fn builtin(self) -> BuiltinFont {
        match self {
            Face::Regular => BuiltinFont::Helvetica,
            Face::Bold => BuiltinFont::HelveticaBold,
            Face::Italic => BuiltinFont::HelveticaOblique,
        }
    }
}

/// Glyph widths of the standard fonts, to right-align amounts and cut long text.
struct Metrics {
    regular: Option<ParsedFont>,
    bold: Option<ParsedFont>,
}

impl Metrics {
    fn load() -> Metrics {
        Metrics {
            regular: BuiltinFont::Helvetica.get_parsed_font(),
            bold: BuiltinFont::HelveticaBold.get_parsed_font(),
        }
    }

    fn width(&self, s: &str, face: Face, size: f32) -> f32 {
        let font = match face {
            Face::Bold => self.bold.as_ref(),
            _ => self.regular.as_ref(),
        };
        let Some(f) = font else {
            // Without metrics: an average Helvetica glyph.
            return s.chars().count() as f32 * 0.56 * size;
        };
        let upm = f32::from(f.units_per_em.max(1));
        let units: u32 = s
            .chars()
            .map(|c| {
                f.lookup_glyph_index(c as u32)
                    .and_then(|g| f.get_glyph_width(g))
                    .map(u32::from)
                    .unwrap_or(556)
            })
            .sum();
        units as f32 * size / upm
    }

    /// `s` cut to fit `max` points, ending in "…" when cut.
    fn fit(&self, s: &str, face: Face, size: f32, max: f32) -> String {
        if self.width(s, face, size) <= max {
            return s.to_string();
        }
        let mut out = String::new();
        for c in s.chars() {
            let mut probe = out.clone();
            probe.push(c);
            probe.push('…');
            if self.width(&probe, face, size) > max {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }
}

struct Writer<'a> {
    doc: &'a Doc,
    lang: Lang,
    m: Metrics,
    sheets: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
    /// The logical page's heading, repeated on the sheets it continues onto.
    heading: Option<String>,
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

impl<'a> Writer<'a> {
    fn text(&mut self, x: f32, y: f32, s: &str, face: Face, size: f32) {
        if s.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(face.builtin()),
                size: Pt(size),
            },
            Op::SetTextCursor { pos: pt(x, y) },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    fn text_right(&mut self, right: f32, y: f32, s: &str, face: Face, size: f32) {
        let w = self.m.width(s, face, size);
        self.text(right - w, y, s, face, size);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: pt(x1, y),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(x2, y),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Ends the current sheet (if any) and starts one with the letterhead.
    fn new_sheet(&mut self) {
        if !self.ops.is_empty() {
            let done = std::mem::take(&mut self.ops);
            self.sheets.push(done);
        }
        let lh = &self.doc.letterhead;
        let lang = self.lang;
        let name = self.m.fit(&lh.name, Face::Bold, 13.0, RIGHT - LEFT);
        let mut y = TOP - 13.0;
        self.text(LEFT, y, &name, Face::Bold, 13.0);
        y -= 12.0;
        let mut second = lh.ruc_line(lang);
        if !lh.address.trim().is_empty() {
            second.push_str(" — ");
            second.push_str(lh.address.trim());
        }
        let second = self.m.fit(&second, Face::Regular, 9.0, RIGHT - LEFT);
        self.text(LEFT, y, &second, Face::Regular, 9.0);
        y -= 16.0;
        let title = self.m.fit(&self.doc.title, Face::Bold, 11.5, RIGHT - LEFT);
        self.text(LEFT, y, &title, Face::Bold, 11.5);
        y -= 12.0;
        let period = self.doc.period.clone();
        self.text(LEFT, y, &period, Face::Regular, 9.0);
        let printed = format!(
            "{}: {}",
            Msg::RepPrinted.t(lang),
            format_date(lh.printed, lang)
        );
        self.text_right(RIGHT, y, &printed, Face::Regular, 9.0);
        y -= 6.0;
        self.rule(LEFT, RIGHT, y, 1.0);
        self.y = y - 16.0;
    }

    /// Starts a new sheet when less than `h` points are left (with the page's
    /// heading marked as continued).
    fn ensure(&mut self, h: f32) -> bool {
        if self.y - h < BOTTOM {
            self.new_sheet();
            if let Some(head) = self.heading.clone() {
                let text = format!("{head} ({})", Msg::RepContinued.t(self.lang));
                let text = self.m.fit(&text, Face::Bold, 10.0, RIGHT - LEFT);
                let y = self.y;
                self.text(LEFT, y, &text, Face::Bold, 10.0);
                self.y -= 16.0;
            }
            true
        } else {
            false
        }
    }

    fn fields(&mut self, pairs: &[(String, String)]) {
        let size = 9.0;
        let half = (RIGHT - LEFT) / 2.0;
        let rows = pairs.len().div_ceil(2);
        for r in 0..rows {
            self.ensure(12.0);
            for c in 0..2 {
                let Some((l, v)) = pairs.get(r * 2 + c) else {
                    continue;
                };
                let x = LEFT + half * c as f32;
                let label = format!("{l}:");
                let lw = self.m.width(&label, Face::Bold, size);
                let y = self.y;
                self.text(x, y, &label, Face::Bold, size);
                let v = self.m.fit(v, Face::Regular, size, half - lw - 10.0);
                self.text(x + lw + 4.0, y, &v, Face::Regular, size);
            }
            self.y -= 12.0;
        }
        self.y -= 6.0;
    }

    fn columns(&self, t: &Table) -> Vec<(f32, f32)> {
        let total: f32 = t.columns.iter().map(|c| f32::from(c.width.max(1))).sum();
        let mut x = LEFT;
        t.columns
            .iter()
            .map(|c| {
                let w = f32::from(c.width.max(1)) / total * (RIGHT - LEFT);
                let col = (x, w);
                x += w;
                col
            })
            .collect()
    }

    fn table_header(&mut self, t: &Table, cols: &[(f32, f32)]) {
        let y = self.y;
        self.ops.push(Op::SetFillColor { col: grey(0.92) });
        self.ops.push(Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: Pt(LEFT),
                y: Pt(y - 3.5),
                width: Pt(RIGHT - LEFT),
                height: Pt(ROW_H + 1.0),
                mode: Some(printpdf::PaintMode::Fill),
                winding_order: None,
            },
        });
        self.ops.push(Op::SetFillColor { col: grey(0.0) });
        for (c, &(x, w)) in t.columns.iter().zip(cols) {
            let h = self
                .m
                .fit(&c.header, Face::Bold, TABLE_SIZE, w - 2.0 * CELL_PAD);
            if c.kind == Kind::Text {
                self.text(x + CELL_PAD, y, &h, Face::Bold, TABLE_SIZE);
            } else {
                self.text_right(x + w - CELL_PAD, y, &h, Face::Bold, TABLE_SIZE);
            }
        }
        self.rule(LEFT, RIGHT, y - 3.5, 0.6);
        self.y -= ROW_H + 2.0;
    }

    fn table(&mut self, t: &Table) {
        let cols = self.columns(t);
        let title_h = if t.title.is_some() { 16.0 } else { 0.0 };
        self.ensure(title_h + 3.0 * ROW_H);
        if let Some(title) = &t.title {
            self.y -= 2.0;
            let title = self.m.fit(title, Face::Bold, 10.0, RIGHT - LEFT);
            let y = self.y;
            self.text(LEFT, y, &title, Face::Bold, 10.0);
            self.y -= 14.0;
        }
        self.table_header(t, &cols);
        for row in &t.rows {
            if self.ensure(ROW_H) {
                self.table_header(t, &cols);
            }
            let face = if row.style == Style::Normal {
                Face::Regular
            } else {
                Face::Bold
            };
            let y = self.y;
            if row.style == Style::Total {
                self.rule(LEFT, RIGHT, y + ROW_H - 2.5, 0.6);
            }
            for (ci, cell) in row.cells.iter().enumerate() {
                let Some(&(x, w)) = cols.get(ci) else {
                    continue;
                };
                let kind = t.columns.get(ci).map(|c| c.kind).unwrap_or(Kind::Text);
                let s = cell.display(self.lang);
                match (cell, kind) {
                    (Cell::Text(_), Kind::Text) | (Cell::Empty, _) => {
                        let indent = if ci == t.indent_col {
                            f32::from(row.indent) * 8.0
                        } else {
                            0.0
                        };
                        let s = self
                            .m
                            .fit(&s, face, TABLE_SIZE, w - 2.0 * CELL_PAD - indent);
                        self.text(x + CELL_PAD + indent, y, &s, face, TABLE_SIZE);
                    }
                    _ => {
                        let s = self.m.fit(&s, face, TABLE_SIZE, w - CELL_PAD);
                        self.text_right(x + w - CELL_PAD, y, &s, face, TABLE_SIZE);
                    }
                }
            }
            self.y -= ROW_H;
        }
        self.y -= 8.0;
    }

    /// A note, wrapped at the page's width (a word too long for a line is cut).
    fn note(&mut self, n: &str) {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in n.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || self.m.width(&candidate, Face::Italic, 9.0) <= RIGHT - LEFT {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        lines.push(line);
        for (i, l) in lines.iter().enumerate() {
            self.ensure(14.0);
            let l = self.m.fit(l, Face::Italic, 9.0, RIGHT - LEFT);
            let y = self.y;
            self.text(LEFT, y, &l, Face::Italic, 9.0);
            self.y -= if i + 1 == lines.len() { 16.0 } else { 11.0 };
        }
    }

    fn signatures(&mut self) {
        self.ensure(SIGNATURE_H);
        let lh = &self.doc.letterhead;
        let (t_name, p_name) = (lh.treasurer.clone(), lh.president.clone());
        let y = BOTTOM + 14.0 * MM;
        let w = 62.0 * MM;
        let xs = [LEFT + 10.0 * MM, RIGHT - 10.0 * MM - w];
        for (x, (name, role)) in xs.into_iter().zip([
            (t_name, Msg::RepTreasurer.t(self.lang)),
            (p_name, Msg::RepPresident.t(self.lang)),
        ]) {
            self.rule(x, x + w, y, 0.7);
            let name = self.m.fit(&name, Face::Regular, 9.0, w);
            let nw = self.m.width(&name, Face::Regular, 9.0);
            self.text(x + (w - nw) / 2.0, y - 11.0, &name, Face::Regular, 9.0);
            let rw = self.m.width(role, Face::Bold, 9.0);
            self.text(x + (w - rw) / 2.0, y - 22.0, role, Face::Bold, 9.0);
        }
        self.y = BOTTOM;
    }
}

pub(crate) fn to_pdf(doc: &Doc, lang: Lang) -> Result<Vec<u8>, super::ReportError> {
    let mut w = Writer {
        doc,
        lang,
        m: Metrics::load(),
        sheets: Vec::new(),
        ops: Vec::new(),
        y: TOP,
        heading: None,
    };
    crate::domain::progress::begin(crate::i18n::Msg::ProgressWriting, doc.pages.len() as u64);
    for page in &doc.pages {
        crate::domain::progress::advance(1);
        w.new_sheet();
        w.heading = page.heading.clone();
        if let Some(h) = &page.heading {
            let h = w.m.fit(h, Face::Bold, 11.0, RIGHT - LEFT);
            let y = w.y;
            w.text(LEFT, y, &h, Face::Bold, 11.0);
            w.y -= 18.0;
        }
        for block in &page.blocks {
            match block {
                Block::Fields(pairs) => w.fields(pairs),
                Block::Table(t) => w.table(t),
                Block::Note(n) => w.note(n),
            }
        }
        if doc.signatures {
            w.signatures();
        }
    }
    if doc.pages.is_empty() {
        w.new_sheet();
    }
    if !w.ops.is_empty() {
        let last = std::mem::take(&mut w.ops);
        w.sheets.push(last);
    }
    let n = w.sheets.len();
    let label = format!("{} {{i}} {} {n}", Msg::RepPage.t(lang), Msg::RepOf.t(lang));
    let mut pages = Vec::with_capacity(n);
    let sheets = std::mem::take(&mut w.sheets);
    for (i, mut ops) in sheets.into_iter().enumerate() {
        let footer = label.replace("{i}", &(i + 1).to_string());
        w.ops = Vec::new();
        w.text_right(RIGHT, BOTTOM - 10.0 * MM, &footer, Face::Regular, 7.5);
        ops.append(&mut w.ops);
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let mut pdf = PdfDocument::new(&format!("{} — {}", doc.title, doc.letterhead.name));
    pdf.metadata.info.author = doc.letterhead.name.clone();
    pdf.metadata.info.creator = "ayni".to_string();
    let printed = doc
        .letterhead
        .printed
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc().timestamp());
    if let Some(Ok(when)) = printed.map(printpdf::DateTime::from_unix_timestamp) {
        pdf.metadata.info.creation_date = when;
        pdf.metadata.info.modification_date = when;
        pdf.metadata.info.metadata_date = when;
    }
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.starts_with(b"%PDF") {
        Ok(bytes)
    } else {
        Err(super::ReportError::Pdf(format!(
            "{} warnings",
            warnings.len()
        )))
    }
}
