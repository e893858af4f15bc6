//! The exercises overlay (E): a scenario's tasks checked as the class works,
//! driven by keys as a trainer at a projector would.

use crate::tui_common::{key, screen};
use std::path::PathBuf;

use ayni::books::{Book, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::training::recipe::{Errores, Recipe};
use ayni::training::scenarios::create_scenario;
use ayni::ui::App;
use ayni::ui::theme::Theme;
use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

fn scenario(dir: &tempfile::TempDir, name: &str) -> (Book, PathBuf, Recipe) {
    let path = dir.path().join(format!("{name}.ayni"));
    let (book, recipe) = create_scenario(&path, name, false, clock()).expect("scenario");
    (book, path, recipe)
}

fn app_on(book: Book, path: PathBuf, lang: Lang) -> App {
    App::new(
        Some(book),
        path,
        lang,
        Theme::builtin("oscuro").expect("theme"),
    )
}

/// Shift-E, as a terminal sends it.
fn shift_e(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::SHIFT));
}

fn errores(r: &Recipe) -> Errores {
    r.errores().unwrap_or_else(|| panic!("not errores: {r:?}"))
}

#[test]
fn a_scenario_book_says_it_has_exercises_and_e_shows_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, _) = scenario(&dir, "errores");
    let mut a = app_on(book, path, Lang::Es);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Este libro de práctica trae ejercicios: E los muestra"),
        "{s}"
    );
    shift_e(&mut a);
    assert!(a.screens.exercises.open);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Ejercicios · errores · 0 de 3 hechos"), "{s}");
    assert!(
        s.contains("· 1. PENDIENTE · Un socio pagó sus cuotas"),
        "{s}"
    );
    insta::assert_snapshot!("exercises_errores_es_80x24", s);
    // Esc closes it; the dashboard is back.
    key(&mut a, KeyCode::Esc);
    assert!(!a.screens.exercises.open);
    assert!(!screen(&mut a, 80, 24).contains("Ejercicios ·"));
}

#[test]
fn reversing_the_duplicate_in_the_journal_is_checked_as_done() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, recipe) = scenario(&dir, "errores");
    let f = errores(&recipe);
    let mut a = app_on(book, path, Lang::En);
    // Journal, down to the second of Rosa's two payments, reverse, yes.
    key(&mut a, KeyCode::Char('3'));
    let sel = a
        .screens
        .journal
        .entries
        .iter()
        .position(|e| e.id == f.payment_entries[1])
        .expect("in the month's journal");
    for _ in 0..sel {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.book
            .as_ref()
            .and_then(|b| b.reversed_by(f.payment_entries[1]).ok().flatten()),
        Some(11),
        "{:?}",
        a.status
    );
    shift_e(&mut a);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Exercises · errores · 1 of 3 done"), "{s}");
    assert!(
        s.contains("✓ 1. DONE · A member paid their dues once"),
        "{s}"
    );
    assert!(
        s.contains("→ Reversed entry 4: Rosa Quispe has one payment of"),
        "{s}"
    );
    insta::assert_snapshot!("exercises_after_reversing_the_duplicate_en", s);

    // Enter checks again: the other payment reversed too is wrong, in words.
    if let Some(b) = a.book.as_mut() {
        b.reverse(f.payment_entries[0], None, None)
            .expect("reversed");
    }
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("0 of 3 done"), "{s}");
    assert!(s.contains("✗ 1. WRONG · A member paid"), "{s}");
    assert!(
        s.contains("→ Reversed both payments: Rosa Quispe now has none recorded"),
        "{s}"
    );
    // L switches the language and checks again.
    key(&mut a, KeyCode::Char('L'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("✗ 1. INCORRECTO · Un socio pagó"), "{s}");
    assert!(s.contains("Se reversaron los dos pagos"), "{s}");
}

#[test]
fn the_overlay_is_checked_again_each_time_it_opens_and_scrolls() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, recipe) = scenario(&dir, "errores");
    let f = errores(&recipe);
    let mut a = app_on(book, path, Lang::En);
    shift_e(&mut a);
    assert!(screen(&mut a, 80, 24).contains("· 2. NOT YET · A purchase of $16.80"));
    key(&mut a, KeyCode::Esc);
    // The purchase moved to an expense account, through the library.
    if let Some(b) = a.book.as_mut() {
        let today = b.today();
        b.reverse(f.purchase_entry, None, None).expect("reversed");
        b.post(
            EntryDraft::new(
                today,
                "Escobas",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit("4507", f.purchase),
                    Posting::credit("1101", f.purchase),
                ],
            )
            .expect("draft"),
        )
        .expect("posted");
    }
    shift_e(&mut a);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("✓ 2. DONE · A purchase of $16.80"), "{s}");
    assert!(s.contains("1 of 3 done"), "{s}");
    // Scrolling moves the text; it never panics past the end.
    let first = s.clone();
    key(&mut a, KeyCode::Down);
    assert_ne!(screen(&mut a, 80, 24), first);
    for _ in 0..60 {
        key(&mut a, KeyCode::PageDown);
    }
    let _ = screen(&mut a, 80, 24);
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::Char('q'));
    assert!(
        !a.screens.exercises.open,
        "q closes the overlay, not the program"
    );
    assert!(!a.quit);
}

#[test]
fn a_book_without_exercises_says_how_to_get_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("demo.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    let mut a = app_on(book, path, Lang::En);
    assert!(a.status.is_none(), "a demo book announces no exercises");
    shift_e(&mut a);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("This book has no exercises: practice scenarios carry"),
        "{s}"
    );
}

#[test]
fn the_overlay_fits_small_terminals_without_panicking() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, _) = scenario(&dir, "primer-mes");
    let mut a = app_on(book, path, Lang::Es);
    shift_e(&mut a);
    for (w, h) in [(60, 12), (61, 13), (80, 24), (120, 40), (30, 8)] {
        let s = screen(&mut a, w, h);
        assert!(!s.trim().is_empty());
    }
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Ejercicios · primer-mes · 0 de 3 hechos"), "{s}");
    assert!(s.contains("María Dolores Guamán Tituaña"), "{s}");
}

#[test]
fn help_lists_e_and_cuts_no_key_off_at_80x24() {
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, _) = scenario(&dir, "errores");
    let mut a = app_on(book, path, Lang::Es);
    // The journal has the most keys: they flow into two columns.
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 80, 24);
    for k in [
        "Ejercicios de la práctica",
        "Glosario contable",
        "Salir",
        "Mes anterior",
        "Todos los meses",
        "Filtrar",
        "Reversar asiento",
    ] {
        assert!(s.contains(k), "help lacks {k}:\n{s}");
    }
    insta::assert_snapshot!("help_in_the_journal_two_columns_80x24", s);
    // E from the help opens the exercises.
    shift_e(&mut a);
    assert!(a.screens.exercises.open && !a.help_open());
}

/// caja-un-ano's savings deposit and fund grant done by keys, as the hints
/// say: the member card from the members screen, and the fund screen with
/// the member's number.
#[test]
fn caja_un_ano_s_deposit_and_grant_are_done_by_the_keys_the_hints_name() {
    use crate::tui_common::keys;
    use ayni::training::answer_key::recipe_tasks;
    use ayni::training::recipe::TaskFacts;
    let dir = tempfile::tempdir().expect("tmp");
    let (book, path, recipe) = scenario(&dir, "caja-un-ano");
    let (_, tasks) = recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
    let TaskFacts::SavingsDeposit { member, .. } = tasks[2] else {
        panic!("deposit");
    };
    let TaskFacts::FundGrant {
        member: grantee, ..
    } = tasks[4]
    else {
        panic!("grant");
    };
    let saver = book.member(member).expect("reads").expect("a member");
    let mut a = app_on(book, path, Lang::Es);
    // 2, / and the surname, Enter ends the search, Enter opens the card, d.
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('/'));
    keys(
        &mut a,
        &format!("{} {}", saver.last_names, saver.first_names),
    );
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('d'));
    keys(&mut a, "20.00");
    key(&mut a, KeyCode::F(2));
    key(&mut a, KeyCode::Enter);
    assert!(
        a.status.as_ref().is_some_and(|(s, _)| s.contains("20,00")),
        "{:?}",
        a.status
    );
    // 7, g: the member's number, the amount, the reason, the approval.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('7'));
    key(&mut a, KeyCode::Char('g'));
    keys(&mut a, &grantee.to_string());
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "25.00");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Enfermedad");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 5");
    key(&mut a, KeyCode::F(2));
    key(&mut a, KeyCode::Enter);
    shift_e(&mut a);
    let s = screen(&mut a, 80, 40);
    assert!(
        s.contains("✓ 3. HECHO · Registre un depósito de $20,00"),
        "{s}"
    );
    assert!(
        s.contains("✓ 5. HECHO · Entregue $25,00 del fondo solidario"),
        "{s}"
    );
    assert!(s.contains("2 de 8 hechos"), "{s}");
}

/// `r` in the overlay starts a practice book over: it asks first (only `s`
/// is a yes), keeps the learner's book beside it and shows the tasks all to
/// do again; any other key leaves the book as it was.
#[test]
fn r_starts_the_practice_book_over_after_asking_and_keeps_the_work_aside() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut book, path, recipe) = scenario(&dir, "errores");
    let f = errores(&recipe);
    book.reverse(f.payment_entries[1], None, None)
        .expect("reversed");
    let entries = book.entry_count(None).expect("count");
    let mut a = app_on(book, path.clone(), Lang::Es);
    shift_e(&mut a);
    assert!(screen(&mut a, 80, 24).contains("1 de 3 hechos"));

    // The question, with where the work will be kept; Esc is a no.
    key(&mut a, KeyCode::Char('r'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Reiniciar el libro"), "{s}");
    assert!(s.contains("errores.antes-20261120-1000.ayni"), "{s}");
    insta::assert_snapshot!("exercises_reset_asks_first_es_80x24", s);
    // Enter, pressed out of habit, is a no too.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("No se reinició: el libro sigue como estaba."),
        "{s}"
    );
    assert!(s.contains("1 de 3 hechos"), "{s}");
    assert_eq!(
        a.book.as_ref().map(|b| b.entry_count(None).expect("count")),
        Some(entries)
    );
    assert!(!dir.path().join("errores.antes-20261120-1000.ayni").exists());

    // r, s: rebuilt, all to do; the work kept aside, whole.
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('s'));
    assert!(
        a.screens.exercises.open,
        "the overlay shows the tasks again"
    );
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Libro de práctica reiniciado; su trabajo anterior quedó en"),
        "{s}"
    );
    assert!(s.contains("0 de 3 hechos"), "{s}");
    insta::assert_snapshot!("exercises_reset_done_es_80x24", s);
    let b = a.book.as_ref().expect("open again");
    assert_eq!(b.entry_count(None).expect("count"), entries - 1);
    assert_eq!(b.reversed_by(f.payment_entries[1]).expect("read"), None);
    drop(a);
    let kept = Book::open_read_only(&dir.path().join("errores.antes-20261120-1000.ayni"))
        .expect("the work kept aside opens");
    assert_eq!(kept.entry_count(None).expect("count"), entries);
    assert!(
        kept.reversed_by(f.payment_entries[1])
            .expect("read")
            .is_some()
    );
}

/// In English, and on a real book, which is refused in words and untouched.
#[test]
fn r_on_a_real_book_is_refused_in_words() {
    use ayni::domain::settings::{AssocKind, Settings};
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("caja.ayni");
    let settings = Settings::new("Caja San Pedro", None, AssocKind::Caja).expect("settings");
    let book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let mut a = app_on(book, path.clone(), Lang::En);
    shift_e(&mut a);
    key(&mut a, KeyCode::Char('r'));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("This is not a practice book: only a practice book can be"),
        "{s}"
    );
    assert!(!s.contains("Start this practice book over?"), "{s}");
    key(&mut a, KeyCode::Char('s'));
    assert!(a.book.as_ref().is_some_and(|b| b.path() == path));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("antes"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
