//! `ayni check` renderers: one line per verified property, or JSON.

use serde::Serialize;

use crate::books::check::CheckReport;
use crate::books::{Book, BookError};
use crate::i18n::Lang;
use crate::report::render::{Block, Cell, Column, Doc, Letterhead, Msg, Report, Row, Table};

#[derive(Serialize)]
struct Item<'a> {
    name: &'a str,
    ok: bool,
    title: &'a str,
    detail: String,
}

#[derive(Serialize)]
struct Json<'a> {
    ok: bool,
    entries: u64,
    members: usize,
    checks: Vec<Item<'a>>,
}

/// `{"ok": true, "entries": 12, "members": 40, "checks": [{"name", "ok", "title", "detail"}]}`
pub fn to_json(r: &CheckReport, lang: Lang) -> String {
    serde_json::to_string_pretty(&json_value(r, lang)).unwrap_or_else(|_| "{}".into())
}

fn json_value(r: &CheckReport, lang: Lang) -> Json<'_> {
    Json {
        ok: r.ok(),
        entries: r.entries,
        members: r.members,
        checks: r
            .items
            .iter()
            .map(|i| Item {
                name: i.name,
                ok: i.ok,
                title: i.title(lang),
                detail: i.detail(lang),
            })
            .collect(),
    }
}

/// Each check on its line with ✓ or ✗ and its detail, then a verdict.
pub fn to_table(r: &CheckReport, lang: Lang, title: &str) -> String {
    let mut out = format!("{title}\n");
    for i in &r.items {
        out.push_str(&format!(
            "{} {}\n    {}\n",
            if i.ok { "✓" } else { "✗" },
            i.title(lang),
            i.detail(lang)
        ));
    }
    out.push_str(&verdict(r, lang));
    out.push('\n');
    out
}

/// "The book is whole: ..." or "2 of 12 checks failed."
fn verdict(r: &CheckReport, lang: Lang) -> String {
    match r.items.iter().filter(|i| !i.ok).count() {
        0 => Msg::RepBookWhole.fill(lang, &[("entries", &r.entries), ("members", &r.members)]),
        n => Msg::RepChecksFailed.fill(lang, &[("n", &n), ("total", &r.items.len())]),
    }
}

/// `ayni check`: every verified property of the book, and a verdict.
#[derive(Clone, Debug)]
pub struct BookCheck {
    pub letterhead: Letterhead,
    pub report: CheckReport,
    /// The day a redacted copy was made, when the book is one.
    pub redacted_on: Option<String>,
    /// The language of the titles and details in the JSON.
    pub lang: Lang,
}

impl BookCheck {
    pub fn of(book: &Book, lang: Lang) -> Result<BookCheck, BookError> {
        Ok(BookCheck {
            letterhead: Letterhead::of(book)?,
            report: book.check()?,
            redacted_on: book.redacted_on()?,
            lang,
        })
    }

    fn title(&self, lang: Lang) -> String {
        let mut t = Msg::RepBookCheckTitle.fill(lang, &[("name", &self.letterhead.name)]);
        if let Some(day) = &self.redacted_on {
            t.push_str(&Msg::RepRedactedCopy.fill(lang, &[("day", day)]));
        }
        t
    }
}

impl Serialize for BookCheck {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&self.report, self.lang).serialize(s)
    }
}

impl Report for BookCheck {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut t = Table::new(
            "check",
            None,
            vec![
                Column::text("", 2),
                Column::text(Msg::RepColCheck.t(lang), 40),
                Column::text(Msg::RepColDetail.t(lang), 60),
            ],
            1,
        );
        for i in &self.report.items {
            t.push(Row::new(vec![
                Cell::text(if i.ok { "✓" } else { "✗" }),
                Cell::text(i.title(lang)),
                Cell::text(i.detail(lang)),
            ]));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepBookCheck.t(lang),
            self.letterhead.printed.format("%d/%m/%Y").to_string(),
            vec![Block::Table(t), Block::Note(verdict(&self.report, lang))],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        to_table(&self.report, lang, &self.title(lang))
    }
}
