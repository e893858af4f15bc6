//! The training module sits above the books: it uses their public API only
//! (never the store), and nothing below it names it.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("source folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The lines of the files under `src/<folder>` that contain any of `words`.
fn lines_naming(folder: &str, words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if words.iter().any(|w| code.contains(w)) {
                found.push(format!("{}:{}: {}", f.display(), n + 1, code));
            }
        }
    }
    found
}

#[test]
fn training_uses_the_books_public_api_only() {
    let found = lines_naming(
        "training",
        &["crate::store", ".store()", "crate::cli", "crate::ui"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn nothing_below_training_names_it() {
    for folder in ["books", "store", "domain"] {
        let found = lines_naming(folder, &["crate::training", "training::"]);
        assert!(found.is_empty(), "{found:#?}");
    }
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/books/demo.rs")
            .exists()
    );
}
