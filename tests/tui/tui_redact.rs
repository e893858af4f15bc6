//! A redacted copy says so in the interface's header.

use ayni::books::Book;
use ayni::i18n::Lang;

use crate::tui_common::{app_on, practice, screen};

#[test]
fn the_header_marks_a_redacted_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, path) = practice(&dir);
    let dest = dir.path().join("anonima.ayni");
    book.redacted_copy(&dest).expect("copy");
    let mut original = app_on(book, path, Lang::Es, "oscuro");
    let s = screen(&mut original, 120, 30);
    assert!(!s.contains("COPIA ANONIMIZADA"), "{s}");
    drop(original);

    let copy = Book::open_read_only(&dest).expect("opens");
    let mut a = app_on(copy, dest.clone(), Lang::Es, "oscuro");
    let s = screen(&mut a, 120, 30);
    assert!(
        s.lines()
            .next()
            .is_some_and(|l| l.contains("COPIA ANONIMIZADA")),
        "{s}"
    );
    let copy = Book::open_read_only(&dest).expect("opens");
    let mut a = app_on(copy, dest, Lang::En, "oscuro");
    let s = screen(&mut a, 120, 30);
    assert!(s.contains("REDACTED COPY"), "{s}");
}
