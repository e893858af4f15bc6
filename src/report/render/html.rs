//! Printable HTML: one self-contained file, A4 pages, one `<section
//! class="page">` per logical page (per member) that ends in a page break,
//! the association's name, RUC and the date on each, signature lines for the
//! treasurer and the president. Every text from the book is escaped.

use super::{Block, Cell, Doc, Kind, Msg, Style};
use crate::domain::date::format_date;
use crate::i18n::Lang;

/// Escapes the markup characters `& < > "` and the apostrophe (as
/// `apostrophe`), and writes every other character with `other` (HTML and
/// the SEPS XML differ only in the apostrophe and in control characters).
pub(crate) fn escape_markup(
    s: &str,
    apostrophe: &str,
    other: impl Fn(char, &mut String),
) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => other(c, &mut out),
        }
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    escape_markup(s, "&#39;", |c, out| match c {
        '\n' => out.push('\n'),
        c if crate::domain::text::forbidden(c) => {
            out.push_str(&crate::domain::text::visible(c.encode_utf8(&mut [0; 4])))
        }
        c => out.push(c),
    })
}

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt; color: #000; margin: 0; background: #e9e9e9; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 14mm; page-break-after: always; break-after: page; display: flex; flex-direction: column; }
.page:last-of-type { page-break-after: auto; break-after: auto; }
header.lh { border-bottom: 1.5px solid #000; padding-bottom: 2mm; margin-bottom: 4mm; }
header.lh .name { font-size: 14pt; font-weight: bold; }
header.lh .title { font-size: 12pt; font-weight: bold; margin-top: 2mm; }
header.lh .meta { display: flex; justify-content: space-between; color: #333; }
h2 { font-size: 11pt; margin: 3mm 0 2mm 0; }
h3 { font-size: 10pt; margin: 4mm 0 1mm 0; }
dl.fields { display: grid; grid-template-columns: max-content auto; gap: 0.6mm 4mm; margin: 0 0 3mm 0; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th { text-align: left; border-bottom: 1px solid #000; padding: 1mm 1.5mm; background: #eef1f7; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td { padding: 0.6mm 1.5mm; border-bottom: 0.5px solid #ddd; vertical-align: top; }
tr.group td { font-weight: bold; }
tr.total td { font-weight: bold; border-top: 1px solid #000; border-bottom: none; }
p.note { margin: 1mm 0 3mm 0; font-style: italic; }
.signatures { margin-top: auto; padding-top: 22mm; display: flex; justify-content: space-around; }
.sig { width: 38%; border-top: 1px solid #000; text-align: center; padding-top: 1.5mm; }
.sig .role { color: #333; }
@media print {
  body { background: none; }
  .page { margin: 0; width: auto; min-height: 265mm; padding: 0; box-shadow: none; }
  tr, .signatures { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// A document written page by page as HTML to `out`: the head and style
/// first, each logical page as it comes ([`HtmlPages::page`]), the end last.
pub(crate) struct HtmlPages<'a> {
    head: super::Head<'a>,
    lang: Lang,
    out: &'a mut dyn std::io::Write,
    ruc: String,
    printed: String,
}

fn html_error(e: std::io::Error) -> super::ReportError {
    super::ReportError::Io {
        path: String::new(),
        detail: e.to_string(),
    }
}

impl<'a> HtmlPages<'a> {
    pub(crate) fn new(
        head: super::Head<'a>,
        lang: Lang,
        out: &'a mut dyn std::io::Write,
    ) -> Result<HtmlPages<'a>, super::ReportError> {
        let lh = head.letterhead;
        let mut start = String::new();
        start.push_str("<!DOCTYPE html>\n");
        start.push_str(&format!("<html lang=\"{}\">\n<head>\n", lang.code()));
        start.push_str("<meta charset=\"utf-8\">\n");
        start.push_str(&format!(
            "<title>{} — {}</title>\n",
            escape(head.title),
            escape(&lh.name)
        ));
        start.push_str("<style>");
        start.push_str(STYLE);
        start.push_str("</style>\n</head>\n<body>\n");
        out.write_all(start.as_bytes()).map_err(html_error)?;
        let mut ruc = lh.ruc_line(lang);
        if !lh.address.trim().is_empty() {
            ruc.push_str(" — ");
            ruc.push_str(lh.address.trim());
        }
        let printed = format!(
            "{}: {}",
            Msg::RepPrinted.t(lang),
            format_date(lh.printed, lang)
        );
        Ok(HtmlPages {
            head,
            lang,
            out,
            ruc,
            printed,
        })
    }

    fn put(&mut self, s: &str) -> Result<(), super::ReportError> {
        self.out.write_all(s.as_bytes()).map_err(html_error)
    }

    /// Writes one logical page.
    pub(crate) fn page(&mut self, page: &super::Page) -> Result<(), super::ReportError> {
        self.page_start(page.heading.as_deref())?;
        for block in &page.blocks {
            self.block(block)?;
        }
        self.page_end()
    }

    pub(crate) fn page_start(&mut self, heading: Option<&str>) -> Result<(), super::ReportError> {
        let s = page_start_html(&self.head, heading, &self.ruc, &self.printed);
        self.put(&s)
    }

    pub(crate) fn block(&mut self, block: &Block) -> Result<(), super::ReportError> {
        let s = block_html(block, self.lang);
        self.put(&s)
    }

    pub(crate) fn table_start(&mut self, t: &super::Table) -> Result<(), super::ReportError> {
        self.put(&table_start_html(t))
    }

    pub(crate) fn table_row(
        &mut self,
        t: &super::Table,
        r: &super::Row,
    ) -> Result<(), super::ReportError> {
        let s = table_row_html(t, r, self.lang);
        self.put(&s)
    }

    pub(crate) fn table_end(&mut self) -> Result<(), super::ReportError> {
        self.put(TABLE_END_HTML)
    }

    pub(crate) fn page_end(&mut self) -> Result<(), super::ReportError> {
        let s = page_end_html(&self.head, self.lang);
        self.put(&s)
    }

    pub(crate) fn finish(self) -> Result<(), super::ReportError> {
        self.out
            .write_all(b"</body>\n</html>\n")
            .and_then(|_| self.out.flush())
            .map_err(html_error)
    }
}

/// Writes a whole laid-out document as HTML.
pub(crate) fn to_html(doc: &Doc, lang: Lang) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = (|| -> Result<(), super::ReportError> {
        let mut w = HtmlPages::new(super::Head::of(doc), lang, &mut bytes)?;
        crate::domain::progress::begin(Msg::ProgressWriting, doc.pages.len() as u64);
        for page in &doc.pages {
            crate::domain::progress::advance(1);
            w.page(page)?;
        }
        w.finish()
    })();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A logical page's start: the letterhead and its heading.
fn page_start_html(
    head: &super::Head<'_>,
    heading: Option<&str>,
    ruc: &str,
    printed: &str,
) -> String {
    let lh = head.letterhead;
    let mut out = String::new();
    out.push_str("<section class=\"page\">\n");
    out.push_str("<header class=\"lh\">\n");
    out.push_str(&format!("<div class=\"name\">{}</div>\n", escape(&lh.name)));
    out.push_str(&format!("<div class=\"ruc\">{}</div>\n", escape(ruc)));
    out.push_str(&format!(
        "<div class=\"title\">{}</div>\n",
        escape(head.title)
    ));
    out.push_str(&format!(
        "<div class=\"meta\"><span class=\"period\">{}</span><span class=\"date\">{}</span></div>\n",
        escape(head.period),
        escape(printed)
    ));
    out.push_str("</header>\n");
    if let Some(h) = heading {
        out.push_str(&format!("<h2>{}</h2>\n", escape(h)));
    }
    out
}

/// A table's title and header, its rows to come.
fn table_start_html(t: &super::Table) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(&format!("<h3>{}</h3>\n", escape(title)));
    }
    out.push_str("<table>\n<thead><tr>");
    for c in &t.columns {
        let class = if c.kind == Kind::Text {
            ""
        } else {
            " class=\"num\""
        };
        out.push_str(&format!("<th{class}>{}</th>", escape(&c.header)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    out
}

/// One row of a table.
fn table_row_html(t: &super::Table, r: &super::Row, lang: Lang) -> String {
    let mut out = String::new();
    let class = match r.style {
        Style::Normal => "",
        Style::Group => " class=\"group\"",
        Style::Total => " class=\"total\"",
    };
    out.push_str(&format!("<tr{class}>"));
    for (ci, cell) in r.cells.iter().enumerate() {
        let num = !matches!(cell, Cell::Text(_) | Cell::Empty)
            || t.columns.get(ci).is_some_and(|c| c.kind != Kind::Text);
        let mut attrs = String::new();
        if num {
            attrs.push_str(" class=\"num\"");
        }
        if ci == t.indent_col && r.indent > 0 {
            attrs.push_str(&format!(
                " style=\"padding-left:{}mm\"",
                2 + 4 * u32::from(r.indent)
            ));
        }
        out.push_str(&format!("<td{attrs}>{}</td>", escape(&cell.display(lang))));
    }
    out.push_str("</tr>\n");
    out
}

const TABLE_END_HTML: &str = "</tbody>\n</table>\n";

/// A whole block.
fn block_html(block: &Block, lang: Lang) -> String {
    let mut out = String::new();
    match block {
        Block::Fields(pairs) => {
            out.push_str("<dl class=\"fields\">\n");
            for (l, v) in pairs {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(l), escape(v)));
            }
            out.push_str("</dl>\n");
        }
        Block::Note(n) => {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
        }
        Block::Table(t) => {
            out.push_str(&table_start_html(t));
            for r in &t.rows {
                out.push_str(&table_row_html(t, r, lang));
            }
            out.push_str(TABLE_END_HTML);
        }
    }
    out
}

/// A logical page's end: the signature lines.
fn page_end_html(head: &super::Head<'_>, lang: Lang) -> String {
    let lh = head.letterhead;
    let mut out = String::new();
    if head.signatures {
        out.push_str("<div class=\"signatures\">\n");
        for (name, role) in [
            (&lh.treasurer, Msg::RepTreasurer.t(lang)),
            (&lh.president, Msg::RepPresident.t(lang)),
        ] {
            out.push_str(&format!(
                "<div class=\"sig\"><div class=\"signame\">{}</div><div class=\"role\">{}</div></div>\n",
                escape(name),
                escape(role)
            ));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
    out
}
