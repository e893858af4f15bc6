//! The layers of the house (ARCHITECTURE.md), checked on the source: each
//! layer imports only the layers below it, the storage engine stays in
//! `store`, the terminal crates stay in the interface, and nothing below
//! the front ends reaches up to them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layer a source file belongs to: its folder under src/, or the file's
/// own name for the modules of one file (`i18n.rs`, `clock.rs`...).
fn layer(rel: &Path) -> String {
    let mut parts = rel.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// What each layer may import from the crate (besides itself). A layer not
/// listed here is a new one: the test asks for its place.
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        // `crate::catalog!` is the catalogue's own macro, exported at the root.
        "i18n" => &["domain", "catalog"],
        "clock" => &[],
        "glossary" => &["i18n"],
        "domain" => &["i18n"],
        "files" => &["domain", "i18n"],
        "store" => &["domain", "files", "clock", "i18n"],
        "books" => &["store", "domain", "files", "clock", "i18n"],
        // Practice books, scenarios, exercises, the teaching panel's figures:
        // built on books' public API only (tests/library/training_layer.rs
        // also forbids `.store()` there).
        "training" => &["books", "domain", "clock", "i18n"],
        "report" => &["books", "domain", "files", "clock", "i18n", "catalog"],
        // The user's settings file (language, theme, layout): read by the
        // front ends, it knows their layout choice but not the book.
        "config" => &["ui", "domain", "files", "i18n"],
        // The front ends: anything below, never the store itself.
        "ui" => &[
            "config", "training", "books", "report", "domain", "files", "clock", "i18n",
            "glossary", "catalog",
        ],
        "cli" => &[
            "ui", "config", "training", "books", "report", "domain", "files", "clock", "i18n",
            "catalog",
        ],
        "lib" | "main" => return None,
        _ => &["?"],
    })
}

/// Outside crates only some layers may name.
const EXTERNAL: [(&str, &[&str]); 3] = [
    ("redb", &["store"]),
    ("ratatui", &["ui"]),
    ("crossterm", &["ui"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src/ readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its comments (line comments and doc
/// comments: a doc link to a higher layer is not an import).
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        // A comment after code on the same line.
        let l = match line.find(" // ") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The crate modules a piece of code names: `crate::NAME`, and inside
/// `use crate::{a, b::c}` groups.
fn crate_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // `catalog!` is a macro exported at the crate's root (from i18n).
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// Whether `code` names the outside crate `name` (`name::` as a path, not
/// inside another word).
fn names_external(code: &str, name: &str) -> bool {
    let pat = format!("{name}::");
    code.match_indices(&pat).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    })
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "the source was found: {}", files.len());
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let layer = layer(rel);
        let text = std::fs::read_to_string(f).expect("readable");
        let code = code(&text);
        if let Some(ok) = allowed(&layer) {
            for m in crate_modules(&code) {
                if m != layer && !ok.contains(&m.as_str()) {
                    wrong.push(format!("{}: {layer} imports crate::{m}", rel.display()));
                }
            }
        }
        for (name, layers) in EXTERNAL {
            if names_external(&code, name) && !layers.contains(&layer.as_str()) {
                wrong.push(format!("{}: {layer} names {name}", rel.display()));
            }
        }
        // The front ends reach the store only through books (which
        // re-exports its errors), never by a handle of their own.
        if matches!(layer.as_str(), "cli" | "ui" | "report" | "training")
            && code.contains(".store()")
        {
            wrong.push(format!("{}: {layer} opens the store", rel.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports across layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_must_refuse() {
    // The same reading the test above relies on, on small pieces of code.
    let c =
        code("use crate::store::StoreRead;\n/// [`crate::ui::App`]\nlet x = 1; // crate::cli\n");
    let m = crate_modules(&c);
    assert!(m.contains("store"), "{m:?}");
    assert!(!m.contains("ui"), "a doc comment is not an import: {m:?}");
    assert!(
        !m.contains("cli"),
        "a trailing comment is not an import: {m:?}"
    );
    let m = crate_modules("use crate::{books::Book, report::{self, Doc}};");
    assert!(m.contains("books") && m.contains("report"), "{m:?}");
    assert!(names_external("use redb::Database;", "redb"));
    assert!(!names_external("let my_redb::x = 1;", "redb"));
    assert!(!names_external("crate::store::redb::x", "redb"));
    assert_eq!(layer(Path::new("books/loans.rs")), "books");
    assert_eq!(layer(Path::new("i18n.rs")), "i18n");
    assert_eq!(allowed("newlayer"), Some(&["?"][..]));
}

/// The places in `code` where a language picks a text: any `Lang::Es`, and
/// `Lang::En` in a comparison or a match arm. Tests are left out: they name
/// a language to ask for it.
fn language_switches(text: &str) -> Vec<String> {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code = code(before_tests);
    let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    if flat.contains("Lang::Es") {
        out.push("Lang::Es".to_string());
    }
    for pat in [
        "Lang::En =>",
        "Lang::En) =>",
        "Lang::En |",
        "| Lang::En",
        "== Lang::En",
        "!= Lang::En",
        "Lang::En ==",
    ] {
        if flat.contains(pat) {
            out.push(pat.to_string());
        }
    }
    out
}

#[test]
fn every_text_comes_from_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(root).expect("under the crate");
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.starts_with("src/i18n/") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("readable");
        for s in language_switches(&text) {
            wrong.push(format!("{name}: {s}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "texts chosen by language outside src/i18n/ (put them in src/i18n/catalog.rs):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_text_checker_sees_a_switch() {
    assert!(!language_switches("let x = Lang::Es;").is_empty());
    assert!(!language_switches("match l { Lang::En\n => 1 }").is_empty());
    assert!(!language_switches("if lang == Lang::En { }").is_empty());
    assert!(!language_switches("(Kind::A, Lang::En) => \"a\"").is_empty());
    // A comment, a test, or a language passed along is no switch.
    assert!(language_switches("// Lang::Es\nf(lang);").is_empty());
    assert!(language_switches("fn f() {}\n#[cfg(test)]\nmod t { Lang::Es }").is_empty());
    assert!(language_switches("Msg::Yes.t(lang)").is_empty());
}
