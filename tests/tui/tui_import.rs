//! The import screen, driven by keys: members from an XLSX and opening
//! balances from a CSV, picked in the book's folder, previewed with their
//! errors by line, imported all or nothing.

use crate::tui_common::{clock, key, screen};
use ayni::books::Book;
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, Method};
use ayni::domain::money::Money;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::ui::App;
use ayni::ui::theme::Theme;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;

/// An empty book with a loan product in `dir/asociacion`, beside the files
/// the treasurer brings (and a folder of older papers).
fn app_in(dir: &tempfile::TempDir, lang: Lang) -> App {
    let folder = dir.path().join("asociacion");
    std::fs::create_dir_all(folder.join("papeles viejos")).unwrap();
    let path = folder.join("libro.ayni");
    let settings = Settings::new("Caja de Ahorro Sumak Kawsay", None, AssocKind::Caja).unwrap();
    let mut book = Book::create_with_clock(&path, settings, clock()).unwrap();
    book.add_loan_product(LoanProduct {
        id: 0,
        name: "Microcrédito".into(),
        method: Method::French,
        rate: Decimal::new(15, 0),
        max_months: 24,
        max_amount: Money::from_cents(500_000),
        late_rate: None,
        guarantee_percent: Decimal::ZERO,
        max_savings_multiple: None,
        rate_cap: None,
    })
    .unwrap();
    std::fs::write(folder.join("socios.xlsx"), members_xlsx()).unwrap();
    std::fs::write(folder.join("notas.txt"), "not listed").unwrap();
    App::new(Some(book), path, lang, Theme::builtin("oscuro").unwrap())
}

fn folder(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("asociacion")
}

fn members_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Cédula",
        "Nombres",
        "Apellidos",
        "Género",
        "Fecha de ingreso",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("Rosa Elena", "Quispe Anrango", "F"),
        ("Luis Alberto", "Morocho Cando", "M"),
        ("Ana María", "Anrango Pupiales", "F"),
    ];
    for (i, (first, last, g)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, make_cedula(10, 9_000_001 + i as u32))
            .unwrap();
        ws.write_string(r, 1, *first).unwrap();
        ws.write_string(r, 2, *last).unwrap();
        ws.write_string(r, 3, *g).unwrap();
        ws.write_number(r, 4, 45323.0).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

/// From the members tab: `i`, the kind (Down for the balances), Enter.
fn open_import(a: &mut App, balances: bool) -> usize {
    let mut n = key(a, KeyCode::Char('2')) + key(a, KeyCode::Char('i'));
    if balances {
        n += key(a, KeyCode::Down);
    }
    n + key(a, KeyCode::Enter)
}

#[test]
fn members_are_imported_from_an_xlsx_picked_in_the_books_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('2'));
    key(&mut a, KeyCode::Char('i'));
    insta::assert_snapshot!("import_asks_what_to_import_es", screen(&mut a, 80, 24));
    key(&mut a, KeyCode::Enter);
    // The picker: the book's folder, its folders and its spreadsheets only,
    // and the columns a members' file must have.
    insta::assert_snapshot!(
        "import_picker_shows_folders_files_and_columns_es",
        screen(&mut a, 80, 24)
    );
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(
        "import_members_preview_lists_the_rows_es",
        screen(&mut a, 80, 24)
    );
    assert!(
        book(&a).members().unwrap().is_empty(),
        "the preview writes nothing"
    );
    key(&mut a, KeyCode::Enter);
    assert_eq!(book(&a).members().unwrap().len(), 3);
    insta::assert_snapshot!(
        "import_members_done_shows_the_members_tab_es",
        screen(&mut a, 80, 24)
    );
}

#[test]
fn the_picker_goes_into_folders_and_back_up_with_backspace() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::Es);
    open_import(&mut a, false);
    // Up to "papeles viejos/" (the first file is selected), Enter, then Backspace.
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Enter);
    let inside = screen(&mut a, 80, 24);
    assert!(inside.contains("Carpeta: papeles viejos"), "{inside}");
    assert!(inside.contains("No hay archivos .csv ni .xlsx"), "{inside}");
    key(&mut a, KeyCode::Backspace);
    let back = screen(&mut a, 80, 24);
    assert!(back.contains("Carpeta: asociacion"), "{back}");
    assert!(
        back.contains("▸ papeles viejos/"),
        "the folder left stays selected:\n{back}"
    );
    // Esc: back to the choice, then out to the members tab.
    key(&mut a, KeyCode::Esc);
    assert!(screen(&mut a, 80, 24).contains("¿Qué desea importar"));
    key(&mut a, KeyCode::Esc);
    assert!(!screen(&mut a, 80, 24).contains("¿Qué desea importar"));
}

#[test]
fn opening_balances_are_previewed_with_their_entry_and_imported_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::Es);
    // The members first, by keys.
    open_import(&mut a, false);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    std::fs::write(
        folder(&dir).join("saldos.csv"),
        "socio;aportes;ahorros;fondo;prestamo_saldo;prestamo_cuotas;prestamo_vence;cuotas_adeudadas;saldo\n\
         1;120,00;250,50;10;1.200,00;10;05/12/2026;5;\n\
         2;80;;5;;;;;\n\
         3;50;20;;;;;;\n\
         CAJA;;;;;;;;340\n\
         BANCO;;;;;;;;1000,00\n",
    )
    .unwrap();
    open_import(&mut a, true);
    insta::assert_snapshot!(
        "import_balances_picker_shows_their_columns_es",
        screen(&mut a, 80, 24)
    );
    // saldos.csv is the first file.
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!(
        "import_balances_preview_shows_the_opening_entry_es",
        screen(&mut a, 80, 24)
    );
    assert_eq!(book(&a).entry_count(None).unwrap(), 0);
    key(&mut a, KeyCode::Enter);
    assert_eq!(book(&a).entry_count(None).unwrap(), 1);
    assert!(book(&a).check().unwrap().ok());
    let shown = screen(&mut a, 80, 24);
    assert!(
        shown.contains("Saldos iniciales registrados en el asiento 1"),
        "{shown}"
    );
}

#[test]
fn a_file_with_errors_shows_them_by_line_and_enter_imports_nothing_en() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::En);
    open_import(&mut a, false);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    std::fs::write(
        folder(&dir).join("saldos.csv"),
        "member,contributions,savings,loan_balance\n1,100,20,\n7,50,,\n2,abc,,\n3,,,300\n",
    )
    .unwrap();
    open_import(&mut a, true);
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("import_balances_errors_by_line_en", screen(&mut a, 80, 24));
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        book(&a).entry_count(None).unwrap(),
        0,
        "nothing was imported"
    );
    assert!(screen(&mut a, 80, 24).contains("Nothing was imported"));
    // Esc goes back to the picker.
    key(&mut a, KeyCode::Esc);
    assert!(screen(&mut a, 80, 24).contains("Folder: asociacion"));
}

#[test]
fn a_long_preview_scrolls_at_80x24_and_the_picker_speaks_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::En);
    let mut csv = String::from("cedula,nombres,apellidos,genero,fecha_ingreso\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "{},Socia {i},Apellido {i},F,2024-02-01\n",
            make_cedula(11, 5_000_000 + i)
        ));
    }
    std::fs::write(folder(&dir).join("lista larga.csv"), csv).unwrap();
    open_import(&mut a, false);
    insta::assert_snapshot!(
        "import_picker_lists_files_and_columns_en",
        screen(&mut a, 80, 24)
    );
    // "lista larga.csv" is the first file.
    key(&mut a, KeyCode::Enter);
    let top = screen(&mut a, 80, 24);
    assert!(top.contains("30 line(s) ready"), "{top}");
    assert!(!top.contains("Apellido 29 Socia 29"), "{top}");
    key(&mut a, KeyCode::PageDown);
    key(&mut a, KeyCode::PageDown);
    let bottom = screen(&mut a, 80, 24);
    assert!(bottom.contains("Apellido 29 Socia 29"), "{bottom}");
    assert!(bottom.contains("Enter imports everything"), "{bottom}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(book(&a).members().unwrap().len(), 30);
}

/// A named pipe called like a spreadsheet is never listed (so never opened:
/// opening it to read would wait for a writer); a file the picker lists that
/// turns into one before Enter is refused without waiting.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_not_listed_and_never_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_in(&dir, Lang::Es);
    let pipe = folder(&dir).join("tubo.csv");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    open_import(&mut a, false);
    let shown = screen(&mut a, 80, 24);
    assert!(!shown.contains("tubo.csv"), "{shown}");
    // socios.xlsx becomes a pipe after it was listed.
    std::fs::remove_file(folder(&dir).join("socios.xlsx")).unwrap();
    std::process::Command::new("mkfifo")
        .arg(folder(&dir).join("socios.xlsx"))
        .status()
        .unwrap();
    key(&mut a, KeyCode::Enter);
    let refused = screen(&mut a, 80, 24);
    assert!(refused.contains("no es un archivo común"), "{refused}");
    assert!(book(&a).members().unwrap().is_empty());
}
