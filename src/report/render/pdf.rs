//! PDF with the standard Helvetica fonts (WinAnsi: every Spanish letter):
//! A4 sheets, the letterhead on each, tables that continue on the next
//! sheet with their header repeated, signature lines, "page i of n". Each
//! logical page (each member) starts on a new sheet.
//!
//! The file is written as it is laid out, sheet by sheet ([`PdfPages`]):
//! each sheet's drawing is compressed and written when the sheet is done,
//! so a document of thousands of members takes the memory of one sheet.
//! The number of sheets, which every sheet's footer shows, is known only at
//! the end: it is one small drawing (a form XObject) every footer refers to,
//! written last. The glyph widths are printpdf's, of the same fonts.
//!
//! Coordinates are points (floats, as PDF itself uses); amounts arrive here
//! already as text.

use std::io::Write;

use printpdf::{BuiltinFont, ParsedFont};

use super::{Block, Cell, Doc, Kind, Msg, Page, Style, Table};
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
/// The size of the footer's "page i of n".
const FOOTER_SIZE: f32 = 7.5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    /// The font's name in every sheet's resources.
    fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
            Face::Italic => "F3",
        }
    }
}

/// The standard fonts, in [`Face::resource`] order.
const FONTS: [&str; 3] = ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"];

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
        let s = in_win_ansi(s);
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
        let s = in_win_ansi(s);
        if self.width(&s, face, size) <= max {
            return s.into_owned();
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

/// Why a PDF could not be written: where it was going refused the bytes.
fn pdf_error(e: std::io::Error) -> super::ReportError {
    super::ReportError::Pdf(e.to_string())
}

/// A document laid out page by page and written to `out` sheet by sheet:
/// [`PdfPages::page`] for each logical page, then [`PdfPages::finish`].
pub(crate) struct PdfPages<'a> {
    head: super::Head<'a>,
    lang: Lang,
    m: Metrics,
    file: PdfFile<'a>,
    /// The drawing of the sheet being laid out (none before the first).
    ops: Option<String>,
    y: f32,
    /// The logical page's heading, repeated on the sheets it continues onto.
    heading: Option<String>,
    pages: usize,
}

/// Object numbers fixed before any sheet: the catalogue, the page tree, the
/// three fonts, the sheets' count (a form XObject) and the document's
/// information. Each sheet then takes two: its drawing and itself.
const CATALOG: usize = 1;
const PAGE_TREE: usize = 2;
const FONT_OBJ: usize = 3;
const SHEET_COUNT: usize = 6;
const INFO: usize = 7;
const FIXED: usize = 7;

/// The file as it is written: where each object starts, for the cross
/// reference table at its end.
struct PdfFile<'a> {
    out: &'a mut dyn Write,
    at: u64,
    /// Where object `n` starts, at `n - 1` (0: not written yet).
    offsets: Vec<u64>,
    sheets: Vec<usize>,
}

impl PdfFile<'_> {
    fn bytes(&mut self, b: &[u8]) -> Result<(), super::ReportError> {
        self.out.write_all(b).map_err(pdf_error)?;
        self.at += b.len() as u64;
        Ok(())
    }

    /// Writes object `n` with its dictionary and, when given, its stream.
    fn object(
        &mut self,
        n: usize,
        dict: &str,
        stream: Option<&[u8]>,
    ) -> Result<(), super::ReportError> {
        if self.offsets.len() < n {
            self.offsets.resize(n, 0);
        }
        self.offsets[n - 1] = self.at;
        match stream {
            None => self.bytes(format!("{n} 0 obj\n{dict}\nendobj\n").as_bytes()),
            Some(data) => {
                self.bytes(format!("{n} 0 obj\n{dict}\nstream\n").as_bytes())?;
                self.bytes(data)?;
                self.bytes(b"\nendstream\nendobj\n")
            }
        }
    }

    /// A drawing compressed (Flate) with its stream dictionary's entries.
    fn drawing(&mut self, n: usize, extra: &str, ops: &str) -> Result<(), super::ReportError> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(ops.as_bytes()).map_err(pdf_error)?;
        let data = z.finish().map_err(pdf_error)?;
        let dict = format!("<< {extra}/Filter /FlateDecode /Length {} >>", data.len());
        self.object(n, &dict, Some(&data))
    }
}

/// Text in a PDF string: WinAnsi bytes (the standard fonts' encoding), the
/// delimiters escaped, and everything outside ASCII as an octal escape.
fn pdf_string(s: &str) -> String {
    let s = in_win_ansi(s);
    let mut out = String::with_capacity(s.len() + 2);
    out.push('(');
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\{:03o}", win_ansi(c))),
        }
    }
    out.push(')');
    out
}

/// Text the standard fonts can show: the marks and signs WinAnsi lacks
/// written in ASCII (`✓` as `[ok]`, `≤` as `<=`, the minus sign as `-`), any
/// other such character by its one-character fallback of old consoles.
fn in_win_ansi(s: &str) -> std::borrow::Cow<'_, str> {
    use crate::domain::glyphs::{Mark, fallback};
    if s.chars().all(|c| c.is_ascii() || win_ansi(c) != b'?') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    // A row of marks (one per indicator) keeps one character each.
    let marks = s
        .chars()
        .filter(|c| matches!(c, '✓' | '✔' | '✗' | '✘' | '⚠'))
        .count();
    for c in s.chars() {
        if c.is_ascii() || win_ansi(c) != b'?' {
            out.push(c);
            continue;
        }
        match c {
            '✓' | '✔' | '✗' | '✘' | '⚠' if marks > 1 => {
                out.push(fallback(c).unwrap_or('?'));
            }
            '✓' | '✔' => out.push_str(Mark::Ok.text(true)),
            '✗' | '✘' => out.push_str(Mark::Bad.text(true)),
            '⚠' => out.push_str("[!]"),
            '≠' => out.push_str(Mark::NotEqual.text(true)),
            '≤' => out.push_str("<="),
            '≥' => out.push_str(">="),
            '−' => out.push('-'),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            other => out.push(fallback(other).unwrap_or('?')),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The character's byte in WinAnsiEncoding (`?` for one it lacks).
fn win_ansi(c: char) -> u8 {
    match c {
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => b'?',
    }
}

/// A text string of the document's information: UTF-16 with its mark.
fn info_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for u in s.encode_utf16() {
        out.push_str(&format!("{u:04X}"));
    }
    out.push('>');
    out
}

impl<'a> PdfPages<'a> {
    /// Appends to the sheet's drawing.
    fn draw(&mut self, op: &str) {
        self.ops.get_or_insert_with(String::new).push_str(op);
    }

    fn text(&mut self, x: f32, y: f32, s: &str, face: Face, size: f32) {
        if s.is_empty() {
            return;
        }
        let op = format!(
            "BT /{} {} Tf {} {} Td {} Tj ET\n",
            face.resource(),
            num(size),
            num(x),
            num(y),
            pdf_string(s)
        );
        self.draw(&op);
    }

    fn text_right(&mut self, right: f32, y: f32, s: &str, face: Face, size: f32) {
        let w = self.m.width(s, face, size);
        self.text(right - w, y, s, face, size);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        let op = format!(
            "{} w {} {} m {} {} l S\n",
            num(thickness),
            num(x1),
            num(y),
            num(x2),
            num(y)
        );
        self.draw(&op);
    }

    /// Ends the current sheet (if any) and starts one with the letterhead.
    fn new_sheet(&mut self) -> Result<(), super::ReportError> {
        self.end_sheet()?;
        self.ops = Some(String::new());
        let lh = self.head.letterhead;
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
        let title = self.m.fit(self.head.title, Face::Bold, 11.5, RIGHT - LEFT);
        self.text(LEFT, y, &title, Face::Bold, 11.5);
        y -= 12.0;
        let period = self.head.period;
        self.text(LEFT, y, period, Face::Regular, 9.0);
        let printed = format!(
            "{}: {}",
            Msg::RepPrinted.t(lang),
            format_date(lh.printed, lang)
        );
        self.text_right(RIGHT, y, &printed, Face::Regular, 9.0);
        y -= 6.0;
        self.rule(LEFT, RIGHT, y, 1.0);
        self.y = y - 16.0;
        Ok(())
    }

    /// Writes the sheet laid out so far, with its footer: "page i of" and
    /// the count of sheets, drawn at the end (see the module's notes).
    fn end_sheet(&mut self) -> Result<(), super::ReportError> {
        let Some(mut ops) = self.ops.take() else {
            return Ok(());
        };
        let i = self.file.sheets.len() + 1;
        let label = format!(
            "{} {i} {} ",
            Msg::RepPage.t(self.lang),
            Msg::RepOf.t(self.lang)
        );
        let x = LEFT;
        let y = BOTTOM - 10.0 * MM;
        let w = self.m.width(&label, Face::Regular, FOOTER_SIZE);
        ops.push_str(&format!(
            "BT /F1 {} Tf {} {} Td {} Tj ET\nq 1 0 0 1 {} {} cm /N Do Q\n",
            num(FOOTER_SIZE),
            num(x),
            num(y),
            pdf_string(&label),
            num(x + w),
            num(y)
        ));
        let drawing = FIXED + 2 * self.file.sheets.len() + 1;
        let sheet = drawing + 1;
        self.file.drawing(drawing, "", &ops)?;
        let fonts: String = FONTS
            .iter()
            .enumerate()
            .map(|(k, _)| format!("/F{} {} 0 R ", k + 1, FONT_OBJ + k))
            .collect();
        let dict = format!(
            "<< /Type /Page /Parent {PAGE_TREE} 0 R /MediaBox [0 0 {} {}] \
             /Resources << /Font << {fonts}>> /XObject << /N {SHEET_COUNT} 0 R >> >> \
             /Contents {drawing} 0 R >>",
            num(PAGE_W),
            num(PAGE_H)
        );
        self.file.object(sheet, &dict, None)?;
        self.file.sheets.push(sheet);
        Ok(())
    }

    /// Starts a new sheet when less than `h` points are left (with the page's
    /// heading marked as continued).
    fn ensure(&mut self, h: f32) -> Result<bool, super::ReportError> {
        if self.y - h < BOTTOM {
            self.new_sheet()?;
            if let Some(head) = self.heading.clone() {
                let text = format!("{head} ({})", Msg::RepContinued.t(self.lang));
                let text = self.m.fit(&text, Face::Bold, 10.0, RIGHT - LEFT);
                let y = self.y;
                self.text(LEFT, y, &text, Face::Bold, 10.0);
                self.y -= 16.0;
            }
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn fields(&mut self, pairs: &[(String, String)]) -> Result<(), super::ReportError> {
        let size = 9.0;
        let half = (RIGHT - LEFT) / 2.0;
        let rows = pairs.len().div_ceil(2);
        for r in 0..rows {
            self.ensure(12.0)?;
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
        Ok(())
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
        let band = format!(
            "0.92 g {} {} {} {} re f 0 g\n",
            num(LEFT),
            num(y - 3.5),
            num(RIGHT - LEFT),
            num(ROW_H + 1.0)
        );
        self.draw(&band);
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

    fn table(&mut self, t: &Table) -> Result<(), super::ReportError> {
        self.table_start(t)?;
        for row in &t.rows {
            self.table_row(t, row)?;
        }
        self.table_end();
        Ok(())
    }

    /// A table's title and header, its rows to come one at a time.
    pub(crate) fn table_start(&mut self, t: &Table) -> Result<(), super::ReportError> {
        let cols = self.columns(t);
        let title_h = if t.title.is_some() { 16.0 } else { 0.0 };
        self.ensure(title_h + 3.0 * ROW_H)?;
        if let Some(title) = &t.title {
            self.y -= 2.0;
            let title = self.m.fit(title, Face::Bold, 10.0, RIGHT - LEFT);
            let y = self.y;
            self.text(LEFT, y, &title, Face::Bold, 10.0);
            self.y -= 14.0;
        }
        self.table_header(t, &cols);
        Ok(())
    }

    /// One row of the table begun (a new sheet repeats the header).
    pub(crate) fn table_row(
        &mut self,
        t: &Table,
        row: &super::Row,
    ) -> Result<(), super::ReportError> {
        let cols = self.columns(t);
        {
            if self.ensure(ROW_H)? {
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
        Ok(())
    }

    /// After a table's last row.
    pub(crate) fn table_end(&mut self) {
        self.y -= 8.0;
    }

    /// A note, wrapped at the page's width (a word too long for a line is cut).
    fn note(&mut self, n: &str) -> Result<(), super::ReportError> {
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
            self.ensure(14.0)?;
            let l = self.m.fit(l, Face::Italic, 9.0, RIGHT - LEFT);
            let y = self.y;
            self.text(LEFT, y, &l, Face::Italic, 9.0);
            self.y -= if i + 1 == lines.len() { 16.0 } else { 11.0 };
        }
        Ok(())
    }

    fn signatures(&mut self) -> Result<(), super::ReportError> {
        self.ensure(SIGNATURE_H)?;
        let lh = self.head.letterhead;
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
        Ok(())
    }
}

impl<'a> PdfPages<'a> {
    /// Starts the file: its header and the fonts.
    pub(crate) fn new(
        head: super::Head<'a>,
        lang: Lang,
        out: &'a mut dyn Write,
    ) -> Result<PdfPages<'a>, super::ReportError> {
        let mut file = PdfFile {
            out,
            at: 0,
            offsets: Vec::new(),
            sheets: Vec::new(),
        };
        file.bytes(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")?;
        for (k, name) in FONTS.iter().enumerate() {
            let dict = format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>"
            );
            file.object(FONT_OBJ + k, &dict, None)?;
        }
        Ok(PdfPages {
            head,
            lang,
            m: Metrics::load(),
            file,
            ops: None,
            y: TOP,
            heading: None,
            pages: 0,
        })
    }

    /// Lays out one logical page (a member's statement) from a new sheet,
    /// writing each sheet it fills.
    pub(crate) fn page(&mut self, page: &Page) -> Result<(), super::ReportError> {
        self.page_start(page.heading.as_deref())?;
        for block in &page.blocks {
            self.block(block)?;
        }
        self.page_end()
    }

    /// A logical page begins on a new sheet, under its heading.
    pub(crate) fn page_start(&mut self, heading: Option<&str>) -> Result<(), super::ReportError> {
        self.pages += 1;
        self.new_sheet()?;
        self.heading = heading.map(str::to_string);
        if let Some(h) = heading {
            let h = self.m.fit(h, Face::Bold, 11.0, RIGHT - LEFT);
            let y = self.y;
            self.text(LEFT, y, &h, Face::Bold, 11.0);
            self.y -= 18.0;
        }
        Ok(())
    }

    /// A whole block of the page begun.
    pub(crate) fn block(&mut self, block: &Block) -> Result<(), super::ReportError> {
        match block {
            Block::Fields(pairs) => self.fields(pairs),
            Block::Table(t) => self.table(t),
            Block::Note(n) => self.note(n),
        }
    }

    /// The page's end: its signature lines.
    pub(crate) fn page_end(&mut self) -> Result<(), super::ReportError> {
        if self.head.signatures {
            self.signatures()?;
        }
        Ok(())
    }

    /// Writes the last sheet, the count of sheets, the page tree, the
    /// catalogue, the information and the cross reference table.
    pub(crate) fn finish(mut self) -> Result<(), super::ReportError> {
        if self.pages == 0 {
            self.new_sheet()?;
        }
        self.end_sheet()?;
        let n = self.file.sheets.len();
        let count = format!("BT /F1 {} Tf 0 0 Td ({n}) Tj ET\n", num(FOOTER_SIZE));
        let count_dict = format!(
            "/Type /XObject /Subtype /Form /BBox [0 -3 60 10] \
             /Resources << /Font << /F1 {FONT_OBJ} 0 R >> >> "
        );
        self.file.drawing(SHEET_COUNT, &count_dict, &count)?;
        let kids: String = self
            .file
            .sheets
            .iter()
            .map(|s| format!("{s} 0 R "))
            .collect();
        self.file.object(
            PAGE_TREE,
            &format!("<< /Type /Pages /Kids [{kids}] /Count {n} >>"),
            None,
        )?;
        self.file.object(
            CATALOG,
            &format!("<< /Type /Catalog /Pages {PAGE_TREE} 0 R >>"),
            None,
        )?;
        let lh = self.head.letterhead;
        let title = format!("{} — {}", self.head.title, lh.name);
        let date = lh.printed.format("D:%Y%m%d120000Z");
        let info = format!(
            "<< /Title {} /Author {} /Creator (ayni) /Producer (ayni) \
             /CreationDate ({date}) /ModDate ({date}) >>",
            info_string(&title),
            info_string(&lh.name)
        );
        self.file.object(INFO, &info, None)?;
        let xref = self.file.at;
        let size = self.file.offsets.len() + 1;
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for at in &self.file.offsets {
            table.push_str(&format!("{at:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        self.file.bytes(table.as_bytes())?;
        self.file.out.flush().map_err(pdf_error)
    }
}

/// A number as PDF writes it: at most two decimals, no exponent.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Writes a whole laid-out document as PDF.
pub(crate) fn to_pdf(doc: &Doc, lang: Lang) -> Result<Vec<u8>, super::ReportError> {
    let mut bytes = Vec::new();
    let mut w = PdfPages::new(super::Head::of(doc), lang, &mut bytes)?;
    crate::domain::progress::begin(crate::i18n::Msg::ProgressWriting, doc.pages.len() as u64);
    for page in &doc.pages {
        crate::domain::progress::advance(1);
        w.page(page)?;
    }
    w.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::in_win_ansi;

    #[test]
    fn marks_and_signs_the_standard_fonts_lack_are_written_in_ascii() {
        assert_eq!(in_win_ansi("✓"), "[ok]");
        assert_eq!(in_win_ansi("✗ fuera"), "[x] fuera");
        assert_eq!(in_win_ansi("≤ 5 % · ≥ 10 %"), "<= 5 % · >= 10 %");
        assert_eq!(in_win_ansi("a − b ÷ c"), "a - b ÷ c");
        // A row of marks keeps one character per mark, so it keeps its width.
        assert_eq!(in_win_ansi("✓✗⚠–"), "+x!–");
        assert_eq!(in_win_ansi("Año ñandú"), "Año ñandú");
    }
}
