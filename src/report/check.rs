//! `ayni check` renderers: one line per verified property, or JSON.

use serde::Serialize;

use crate::books::check::CheckReport;
use crate::i18n::Lang;

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
    let j = Json {
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
    };
    serde_json::to_string_pretty(&j).unwrap_or_else(|_| "{}".into())
}

/// Each check on its line with ✓ or ✗ and its detail, then a verdict.
pub fn to_table(r: &CheckReport, lang: Lang, title: &str) -> String {
    let es = lang == Lang::Es;
    let mut out = format!("{title}\n");
    for i in &r.items {
        out.push_str(&format!(
            "{} {}\n    {}\n",
            if i.ok { "✓" } else { "✗" },
            i.title(lang),
            i.detail(lang)
        ));
    }
    let failed = r.items.iter().filter(|i| !i.ok).count();
    out.push_str(&match (es, failed) {
        (true, 0) => format!(
            "El libro está íntegro: {} asientos y {} socios verificados.\n",
            r.entries, r.members
        ),
        (false, 0) => format!(
            "The book is whole: {} entries and {} members verified.\n",
            r.entries, r.members
        ),
        (true, n) => format!("{n} de {} verificaciones fallaron.\n", r.items.len()),
        (false, n) => format!("{n} of {} checks failed.\n", r.items.len()),
    });
    out
}
