//! The README lists every screen of the interface and every key it takes,
//! from the one keymap: a key added without its line in the README fails.

use ayni::i18n::Lang;
use ayni::ui::keymap::{Context, bindings};

/// The README's section of screens and keys.
fn section() -> &'static str {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## Pantallas y teclas")
        .expect("the README has its section of screens and keys");
    let rest = &readme[start + 3..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i);
    &rest[..end]
}

/// The keys of a context as the README writes them: "`k` label" after each other.
fn row_of(context: Context) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut parts = Vec::new();
    for b in bindings().iter().filter(|b| b.context == context) {
        if seen.contains(&b.key.to_string()) {
            continue;
        }
        seen.push(b.key.to_string());
        parts.push(format!("`{}` {}", b.key, b.help.t(Lang::Es)));
    }
    parts.join(" · ")
}

#[test]
fn the_readme_lists_every_screen_and_its_keys() {
    let s = section();
    let mut contexts: Vec<Context> = Vec::new();
    for b in bindings() {
        if !contexts.contains(&b.context) {
            contexts.push(b.context);
        }
    }
    let mut missing = Vec::new();
    for c in contexts {
        let id = format!("`{c:?}`");
        let Some(line) = s.lines().find(|l| l.contains(&id)) else {
            missing.push(format!("no line for {id}: | … | {id} | {} |", row_of(c)));
            continue;
        };
        for b in bindings().iter().filter(|b| b.context == c) {
            if !line.contains(&format!("`{}`", b.key)) {
                missing.push(format!("{id} lacks `{}` ({})", b.key, b.help.t(Lang::Es)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the README's screens and keys:\n{}",
        missing.join("\n")
    );
}
