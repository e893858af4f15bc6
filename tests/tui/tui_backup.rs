//! Backups from the interface (`B`): a copy now into the book's backup
//! folder or a typed folder (named with the association), a folder that is
//! not one refused, and a restore from the copy, after its check and a
//! yes, that brings the earlier book back and keeps the replaced one aside.

use crate::tui_charges::dues_book;
use crate::tui_common::{app_on, key, keys, screen};

use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::i18n::Lang;
use crossterm::event::KeyCode;

#[test]
fn a_copy_now_then_a_restore_brings_the_earlier_book_back_en() {
    let dir = tempfile::tempdir().expect("dir");
    let (book, path, _) = dues_book(&dir);
    let mut a = app_on(book, path.clone(), Lang::En, "oscuro");
    a.screens.backup.drives = Some(vec![dir.path().join("USB")]);
    key(&mut a, KeyCode::Char('B'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("the book's backup folder"), "{s}");
    assert!(s.contains("(no automatic copies yet)"), "{s}");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Copy saved and checked"), "{s}");
    assert_eq!(a.book.as_ref().expect("book").list_backups().len(), 1);
    let before = a.book.as_ref().expect("book").members().expect("m").len();

    // A member added after the copy.
    a.book
        .as_mut()
        .expect("book")
        .add_member(&MemberInput {
            id_number: make_cedula(17, 7_200_001),
            first_names: "Rosa".into(),
            last_names: "Tituaña".into(),
            gender: "F".into(),
            join_date: "2026-11-01".into(),
            ..Default::default()
        })
        .expect("member");
    assert_eq!(
        a.book.as_ref().expect("book").members().expect("m").len(),
        before + 1
    );

    // The copy is listed under the restore; choosing it asks.
    for _ in 0..3 {
        key(&mut a, KeyCode::Down);
    }
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!(
        "backup_screen_lists_the_copy_en",
        s.replace(&dir.path().display().to_string(), "<dir>")
    );
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("The copy passes the check"), "{s}");
    insta::assert_snapshot!(
        "backup_restore_asks_after_the_check_en",
        s.replace(&dir.path().display().to_string(), "<dir>")
    );
    // Enter, pressed out of habit, is a no.
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.book.as_ref().expect("book").members().expect("m").len(),
        before + 1
    );
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('y'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Restored from 0001-20261120-100000-manual.ayni; the old book is kept aside."),
        "{s}"
    );
    let b = a.book.as_ref().expect("book");
    assert_eq!(b.members().expect("m").len(), before, "the earlier book");
    assert!(!b.is_read_only());
    let aside = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".reemplazado-"));
    assert!(aside, "the replaced book is kept aside");
}

#[test]
fn a_copy_to_a_typed_folder_is_named_with_the_association_and_a_file_is_not_a_folder() {
    let dir = tempfile::tempdir().expect("dir");
    let usb = tempfile::tempdir().expect("usb");
    let (book, path, _) = dues_book(&dir);
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    a.screens.backup.drives = Some(Vec::new());
    key(&mut a, KeyCode::Char('B'));
    // "another folder", after the book's folder.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    // A file is not a folder: refused, nothing written.
    let not_folder = usb.path().join("nota.txt");
    std::fs::write(&not_folder, "x").expect("file");
    keys(&mut a, &not_folder.display().to_string());
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("no es una carpeta"), "{s}");
    assert_eq!(std::fs::read_dir(usb.path()).expect("dir").count(), 1);
    for _ in 0..not_folder.display().to_string().chars().count() {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, &usb.path().display().to_string());
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Copia guardada y revisada"), "{s}");
    let copy = usb.path().join("caja-san-pedro-copia-20261120-100000.ayni");
    assert!(copy.is_file(), "{s}");
    let b = ayni::books::Book::open_read_only(&copy).expect("a book");
    assert_eq!(b.members().expect("m").len(), 6);
}

#[cfg(unix)]
#[test]
fn a_pipe_is_never_restored_from_and_nothing_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let (book, path, _) = dues_book(&dir);
    let fifo = dir.path().join("copia.ayni");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let mut a = app_on(book, path, Lang::Es, "oscuro");
    a.screens.backup.drives = Some(Vec::new());
    key(&mut a, KeyCode::Char('B'));
    for _ in 0..20 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &fifo.display().to_string());
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("no es un archivo de copia"), "{s}");
    assert_eq!(
        a.book.as_ref().expect("book").members().expect("m").len(),
        6
    );
}
