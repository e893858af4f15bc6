//! The month-close wizard, the reports screen and the dashboard's charts,
//! driven by keys on a practice book at a fixed clock.

use crate::tui_common::{key, keys, screen};
use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::App;
use ayni::ui::theme::Theme;
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::KeyCode;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default())
}

/// A practice book made on 20 November 2026 (September and October closed),
/// opened on 2 December: November is the month to close.
pub(crate) fn app(dir: &tempfile::TempDir, lang: Lang) -> App {
    let path = dir.path().join("practica.ayni");
    let (mut book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        at("2026-11-20 10:00:00"),
    )
    .expect("demo");
    book.set_clock(at("2026-12-02 10:00:00"));
    App::new(
        Some(book),
        path,
        lang,
        Theme::builtin("oscuro").expect("theme"),
    )
}

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn november() -> Month {
    Month::new(2026, 11).expect("month")
}

fn cash_in_november(a: &App) -> Money {
    book(a).balance_of("1101", november()).expect("cash")
}

/// The trial balance as JSON: the whole state of the accounts.
fn trial_json(a: &App) -> String {
    let tb = book(a).trial_balance(november()).expect("tb");
    ayni::report::trial_balance::to_json(&tb, Lang::En)
}

#[test]
fn the_wizard_closes_the_month_by_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    assert_eq!(
        book(&a).closed_through().expect("closed"),
        Some(Month::new(2026, 10).expect("month"))
    );
    let cash = cash_in_november(&a);
    let interest = book(&a)
        .savings_interest_preview(november())
        .expect("interest")
        .iter()
        .map(|(_, _, i)| *i)
        .sum::<Money>();

    keys(&mut a, "C");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_checks_es", s);
    assert!(s.contains("Cierre de mes: noviembre 2026"), "{s}");

    key(&mut a, KeyCode::Enter);
    keys(&mut a, &cash.localized(Lang::Es));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("El arqueo coincide con el libro"), "{s}");

    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_preview_es", s);
    // The preview's interest is the books' own computation.
    assert!(
        s.contains(&interest.localized(Lang::Es)),
        "{} not in {s}",
        interest.localized(Lang::Es)
    );
    // Nothing posted yet.
    assert_eq!(
        book(&a).closed_through().expect("c").map(|m| m.key()),
        Some(Month::new(2026, 10).expect("m").key())
    );

    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("¿Cerrar noviembre 2026?"), "{s}");
    // The footer says the keys the question takes; Enter, pressed out of
    // habit, closes nothing: it goes back to the preview.
    let foot = s.lines().last().unwrap_or_default();
    assert!(foot.contains("s Sí") && foot.contains("Esc No"), "{foot}");
    assert!(!foot.contains("Enter"), "{foot}");
    key(&mut a, KeyCode::Enter);
    assert!(screen(&mut a, 80, 24).contains("Al cerrar se registrará"));
    assert_eq!(
        book(&a).closed_through().expect("c").map(|m| m.key()),
        Some(Month::new(2026, 10).expect("m").key())
    );
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "s");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_done_es", s);

    let b = book(&a);
    assert_eq!(b.closed_through().expect("closed"), Some(november()));
    let summary = a.screens.close.summary.as_ref().expect("summary");
    let backup = summary.backup.as_ref().expect("a backup was taken");
    assert!(backup.exists(), "{}", backup.display());
    // A posting in the closed month is refused.
    let late = a.book.as_mut().expect("book").post(
        EntryDraft::new(
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
            "Tarde",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", Money::from_cents(100)),
                Posting::credit("1101", Money::from_cents(100)),
            ],
        )
        .expect("draft"),
    );
    assert!(matches!(late, Err(BookError::ClosedMonth(_))), "{late:?}");
    assert!(book(&a).check().expect("check").ok());

    // Enter goes back to the dashboard, which shows the month closed.
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Cerrado hasta          noviembre 2026"), "{s}");
}

#[test]
fn a_cash_difference_needs_an_explanation_and_nothing_changes_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let before = trial_json(&a);
    let entries = book(&a).entry_count(None).expect("count");
    let cash = cash_in_november(&a);
    let counted = cash - Money::from_cents(250);

    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &counted.localized(Lang::En).replace(',', ""));
    // Enter moves to the explanation; Enter again with none is refused.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_difference_refused_en", s);
    assert!(
        s.contains("A cash difference needs an explanation before closing."),
        "{s}"
    );
    assert!(s.contains("-2.50"), "{s}");
    // Nothing changed: no entry, no close, the same balances.
    assert_eq!(book(&a).entry_count(None).expect("count"), entries);
    assert_eq!(trial_json(&a), before);
    assert_eq!(
        book(&a).closed_through().expect("closed"),
        Some(Month::new(2026, 10).expect("month"))
    );
    // Leaving the wizard changes nothing either.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    assert_eq!(book(&a).entry_count(None).expect("count"), entries);

    // Explained, the shortfall is posted with the close.
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &counted.localized(Lang::En).replace(',', ""));
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "Coins missing after the meeting");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Cash adjustment: shortfall"), "{s}");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "y");
    let summary = a.screens.close.summary.clone().expect("closed");
    let adj = book(&a)
        .entry(summary.close.adjustment.as_ref().expect("adjustment").id)
        .expect("read")
        .expect("entry");
    assert_eq!(adj.description, "Coins missing after the meeting");
    assert_eq!(adj.total(), Money::from_cents(250));
    assert_eq!(cash_in_november(&a), counted);
    assert_eq!(book(&a).closed_through().expect("closed"), Some(november()));
}

#[test]
fn the_wizard_refuses_a_month_that_has_not_ended() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        at("2026-11-20 10:00:00"),
    )
    .expect("demo");
    let mut a = App::new(
        Some(book),
        path,
        Lang::En,
        Theme::builtin("oscuro").expect("theme"),
    );
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("close_refused_month_not_ended_en", s);
    assert!(s.contains("Cannot close"), "{s}");
    assert_eq!(a.screens.close.step, ayni::ui::screens::close::Step::Checks);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, ayni::ui::app::Screen::Main);
    assert_eq!(
        a.book.as_ref().expect("book").closed_through().expect("c"),
        Some(Month::new(2026, 10).expect("month"))
    );
}

#[test]
fn a_bad_amount_is_refused_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    keys(&mut a, "C");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "12,345");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert_eq!(a.screens.close.step, ayni::ui::screens::close::Step::Cash);
    assert!(a.screens.close.counted.error.is_some(), "{s}");
    // Letters are refused as they are typed.
    keys(&mut a, "x");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Escriba solo el valor"), "{s}");
}

// ---- reports ----

fn line_with<'a>(s: &'a str, label: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no line with {label} in\n{s}"))
}

#[test]
fn the_reports_screen_shows_the_balance_sheet_with_the_books_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in [Lang::Es, Lang::En] {
        let mut a = app(&dir_for(&dir, lang), lang);
        keys(&mut a, "R");
        let s = screen(&mut a, 80, 24);
        // The reports open on the current month.
        let month = a.screens.reports.month.expect("month");
        assert_eq!(month, book(&a).current_month().expect("current"));
        let fp =
            ayni::report::statements::financial_position(book(&a), month, lang).expect("position");
        // The totals on screen are the library's, in the three columns.
        let (assets, total) = match lang {
            Lang::Es => ("TOTAL ACTIVOS", "TOTAL PASIVO Y PATRIMONIO"),
            Lang::En => ("TOTAL ASSETS", "TOTAL LIABILITIES AND EQUITY"),
        };
        let mut all = s.clone();
        // Scroll to the end for the last total.
        for _ in 0..6 {
            key(&mut a, KeyCode::PageDown);
            all.push_str(&screen(&mut a, 80, 24));
        }
        let line = line_with(&all, assets);
        for m in [fp.assets.total.current, fp.assets.total.previous] {
            assert!(line.contains(&m.localized(lang)), "{m:?} not in {line}");
        }
        let line = line_with(&all, total);
        assert!(
            line.contains(&fp.total_liabilities_and_equity.current.localized(lang)),
            "{line}"
        );
        assert!(fp.balanced);
        match lang {
            Lang::Es => insta::assert_snapshot!("reports_financial_position_es", s),
            Lang::En => insta::assert_snapshot!("reports_financial_position_en", s),
        }
    }
}

/// A folder of its own for each language's book.
fn dir_for(dir: &tempfile::TempDir, lang: Lang) -> tempfile::TempDir {
    let sub = dir.path().join(match lang {
        Lang::Es => "es",
        Lang::En => "en",
    });
    std::fs::create_dir_all(&sub).expect("mkdir");
    tempfile::tempdir_in(&sub).expect("tempdir")
}

#[test]
fn reports_change_with_the_keys_and_export_files_that_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    keys(&mut a, "R");
    // [ [ go back to October (from December); → to the income statement,
    // then the trial balance.
    assert_eq!(
        a.screens.reports.month,
        Some(Month::new(2026, 12).expect("m"))
    );
    keys(&mut a, "[[");
    key(&mut a, KeyCode::Right);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Estado de resultados — octubre 2026"), "{s}");
    key(&mut a, KeyCode::Right);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("reports_trial_balance_es", s);
    let october = Month::new(2026, 10).expect("month");
    let tb = book(&a).trial_balance(october).expect("tb");
    // The total is on the first page, or a page down when the rows do not
    // fit (the provision's 1499 and 4402 lines make the table longer).
    let total = tb.total_debit.localized(Lang::Es);
    if !s.contains(&total) {
        key(&mut a, KeyCode::PageDown);
        let down = screen(&mut a, 80, 24);
        assert!(down.contains(&total), "{down}");
        key(&mut a, KeyCode::PageUp);
    }

    // x then c: CSV beside the book, the library's own CSV of the statement.
    keys(&mut a, "x");
    keys(&mut a, "c");
    let path = dir.path().join("balance-de-comprobacion-2026-10.csv");
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(!is_error, "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    let csv = std::fs::read_to_string(&path).expect("csv written");
    // The screen shows sumas y saldos, the command line's trial balance.
    use ayni::report::render::Report;
    let st = ayni::report::trial_balance::TrialBalanceReport::of(book(&a), october, Lang::Es)
        .expect("tb");
    let expected = ayni::report::render::render_doc(
        &st.to_doc(Lang::Es),
        ayni::report::render::Format::Csv,
        Lang::Es,
    )
    .expect("render");
    assert_eq!(csv.as_bytes(), expected.as_slice());
    let st = &st.trial;
    assert!(csv.contains(&st.total_debit.plain()), "{csv}");
    let (bd, bc) = st.balance_totals();
    assert!(
        csv.contains(&format!("{},{}", bd.plain(), bc.plain())),
        "{csv}"
    );

    // x then s: the CSV Excel in Spanish opens as it is, beside the plain one:
    // a UTF-8 mark, semicolons, decimal commas; the same figures.
    keys(&mut a, "x");
    keys(&mut a, "s");
    let es = std::fs::read(dir.path().join("balance-de-comprobacion-2026-10-excel.csv"))
        .expect("csv-es written");
    assert!(es.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 mark");
    let es = String::from_utf8(es).expect("utf8");
    assert!(
        es.contains(
            &format!("{};{}", bd.localized(Lang::Es), bc.localized(Lang::Es)).replace('.', "")
        ),
        "{es}"
    );
    assert_eq!(es.lines().count(), csv.lines().count());

    // x then e: a spreadsheet whose total reads back.
    keys(&mut a, "x");
    keys(&mut a, "e");
    let xlsx = dir.path().join("balance-de-comprobacion-2026-10.xlsx");
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("xlsx reads back");
    let sheet = wb.sheet_names().first().cloned().expect("a sheet");
    let range = wb.worksheet_range(&sheet).expect("sheet");
    let total = st
        .total_debit
        .to_decimal()
        .to_string()
        .parse::<f64>()
        .expect("f64");
    let found = range.rows().any(|r| {
        r.iter()
            .any(|c| c.get_float().is_some_and(|v| (v - total).abs() < 0.005))
    });
    assert!(found, "total {total} not in the spreadsheet");

    // x then p: a PDF.
    keys(&mut a, "x");
    keys(&mut a, "p");
    let pdf = std::fs::read(dir.path().join("balance-de-comprobacion-2026-10.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");

    // Any other key after x cancels: nothing written.
    keys(&mut a, "x");
    keys(&mut a, "z");
    assert!(
        !dir.path()
            .join("balance-de-comprobacion-2026-10.html")
            .exists()
    );
}

#[test]
fn the_member_statement_is_chosen_by_name_and_the_b11_is_written_for_a_closed_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let member = {
        let mut ms = book(&a).members().expect("members");
        ms.sort_by_key(|m| m.full_name());
        ms.remove(0)
    };
    keys(&mut a, "R");
    // Four steps right: the member statement, which asks for the member.
    for _ in 0..4 {
        key(&mut a, KeyCode::Right);
    }
    assert!(a.screens.reports.picker.is_some());
    keys(&mut a, &member.id_number[..8]);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("reports_member_picker_en", s);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&member.full_name()), "{s}");
    assert!(s.contains("Member statement"), "{s}");

    // November is not closed: the B11 is refused in words, nothing written.
    keys(&mut a, "[");
    keys(&mut a, "b");
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(is_error);
    assert!(msg.contains("November 2026 is not closed"), "{msg}");
    let written = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("B11_"))
            .count()
    };
    assert_eq!(written(dir.path()), 0);
    // October is: the package is written beside the book.
    keys(&mut a, "[");
    keys(&mut a, "b");
    let (msg, is_error) = a.status.clone().expect("status");
    assert!(!is_error, "{msg}");
    assert_eq!(written(dir.path()), 3, "{msg}");

    // The arrears report lays out the books' arrears.
    key(&mut a, KeyCode::Right);
    a.status = None;
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("reports_arrears_en", s);
    let arrears = book(&a)
        .arrears(Month::new(2026, 10).expect("m"))
        .expect("arrears");
    let owed: Money = arrears.iter().map(|r| r.amount).sum();
    assert!(
        line_with(&s, "TOTAL").contains(&owed.localized(Lang::En)),
        "{s}"
    );
}

// ---- dashboard charts ----

#[test]
fn the_dashboard_charts_twelve_months_of_the_books_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in [Lang::Es, Lang::En] {
        let mut a = app(&dir_for(&dir, lang), lang);
        let s = screen(&mut a, 80, 24);
        let b = book(&a);
        let months = &a.screens.dash.as_ref().expect("dashboard").months;
        assert_eq!(months.len(), 12);
        let current = b.current_month().expect("month");
        assert_eq!(months.last().map(|m| m.month), Some(current));
        for m in months {
            assert_eq!(m.cash, b.balance_of("1101", m.month).expect("cash"));
            assert_eq!(m.savings, -b.balance_of("21", m.month).expect("savings"));
            assert_eq!(
                m.collection_rate,
                b.collection(m.month).expect("collection").rate_percent()
            );
        }
        // The latest month's loan portfolio is the loans' outstanding principal.
        let outstanding = b.loan_arrears(b.today()).expect("arrears").outstanding;
        assert_eq!(months.last().map(|m| m.portfolio), Some(outstanding));
        // Each chart shows the latest figure.
        let last = months.last().expect("last");
        for v in [last.cash, last.savings, last.portfolio] {
            assert!(s.contains(&v.localized(lang)), "{v:?} not in\n{s}");
        }
        match lang {
            Lang::Es => insta::assert_snapshot!("dashboard_charts_es", s),
            Lang::En => insta::assert_snapshot!("dashboard_charts_en", s),
        }
    }
}

#[test]
fn the_dashboard_charts_fit_a_large_window_and_a_tiny_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let s = screen(&mut a, 132, 40);
    // Two columns per month when there is room: the initials are spaced.
    assert!(s.contains("E F M A M J J A S O N D"), "{s}");
    let s = screen(&mut a, 60, 12);
    assert!(s.contains("Panel"), "{s}");
    let s = screen(&mut a, 40, 10);
    assert!(s.contains("ventana"), "{s}");
}

/// `o` lists every report of the command line (the registry); each one opens
/// on the screen with its document, and exports beside the book.
#[test]
fn every_report_of_the_command_line_opens_from_the_reports_screen() {
    use ayni::report::registry::{self, Params};
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in [Lang::Es, Lang::En] {
        let folder = dir_for(&dir, lang);
        let mut a = app(&folder, lang);
        keys(&mut a, "R");
        keys(&mut a, "o");
        let s = screen(&mut a, 80, 30);
        match lang {
            Lang::Es => insta::assert_snapshot!("reports_every_report_listed_es", s),
            Lang::En => insta::assert_snapshot!("reports_every_report_listed_en", s),
        }
        key(&mut a, KeyCode::Esc);
        for (i, entry) in registry::REPORTS.iter().enumerate() {
            keys(&mut a, "o");
            // The list starts on the report shown; go to the top first.
            for _ in 0..registry::REPORTS.len() {
                key(&mut a, KeyCode::Up);
            }
            for _ in 0..i {
                key(&mut a, KeyCode::Down);
            }
            key(&mut a, KeyCode::Enter);
            if entry.id == "member-statement" && a.screens.reports.member.is_none() {
                // The member statement asks for its member first.
                key(&mut a, KeyCode::Enter);
            }
            let s = screen(&mut a, 100, 30);
            assert!(
                a.screens.reports.error.is_none(),
                "{}: {:?}",
                entry.id,
                a.screens.reports.error
            );
            let doc = a
                .screens
                .reports
                .doc
                .as_ref()
                .unwrap_or_else(|| panic!("{}: no report", entry.id));
            // What is on screen is the registry's report for the month shown.
            let mut p = Params::new(lang);
            p.month = a.screens.reports.month;
            if entry.takes(registry::Param::Member) {
                p.member = a
                    .screens
                    .reports
                    .member
                    .as_ref()
                    .map(|m| format!("#{}", m.id));
            }
            let built = entry.build(book(&a), &p).expect("builds").doc(lang);
            assert_eq!(doc.title, built.title, "{}", entry.id);
            assert!(s.contains(&doc.title), "{}: {s}", entry.id);
        }
        // The last one (not one of the six on the selector) exports under its
        // title in the user's language, and the file reads back as its CSV.
        let last = registry::REPORTS.last().expect("reports");
        assert_eq!(last.id, "check");
        keys(&mut a, "x");
        keys(&mut a, "c");
        let (msg, is_error) = a.status.clone().expect("status");
        assert!(!is_error, "{msg}");
        let stem = match lang {
            Lang::Es => "verificacion-del-libro",
            Lang::En => "book-check",
        };
        let month = a.screens.reports.month.expect("month");
        let path = folder.path().join(format!("{stem}-{month}.csv"));
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        let csv = std::fs::read_to_string(&path).expect("written");
        let doc = a.screens.reports.doc.as_ref().expect("doc");
        let expected =
            ayni::report::render::render_doc(doc, ayni::report::render::Format::Csv, lang)
                .expect("csv");
        assert_eq!(csv.as_bytes(), expected.as_slice());
        // After the reports, the list offers the regulator's S01, the
        // monthly-balances spreadsheet and the network's package (the last):
        // written beside the book, as the
        // command line writes them, for a closed month; for an open one,
        // the regulator's refusal in words and no file.
        keys(&mut a, "o");
        for _ in 0..registry::REPORTS.len() + 2 {
            key(&mut a, KeyCode::Down);
        }
        key(&mut a, KeyCode::Enter);
        let (msg, is_error) = a.status.clone().expect("status");
        assert!(is_error, "{msg}");
        assert!(!msg.contains("NotClosed"), "{msg}");
        keys(&mut a, "[[");
        let month = a.screens.reports.month.expect("month");
        for (last, name) in [
            (
                2,
                ayni::report::seps::s01_file_name(book(&a), month).expect("name"),
            ),
            (
                1,
                ayni::report::seps::monthly_balances_file_name(book(&a), month).expect("name"),
            ),
        ] {
            keys(&mut a, "o");
            let n = registry::REPORTS.len() + 2;
            for _ in 0..n {
                key(&mut a, KeyCode::Down);
            }
            // From the end of the list (the network's package) up.
            for _ in 0..last {
                key(&mut a, KeyCode::Up);
            }
            key(&mut a, KeyCode::Enter);
            let (msg, is_error) = a.status.clone().expect("status");
            assert!(!is_error, "{msg}");
            let path = folder.path().join(&name);
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            let written = std::fs::read(&path).expect("written");
            if name.ends_with(".xlsx") {
                assert!(written.starts_with(b"PK"), "{name}");
            } else {
                let expected = ayni::report::seps::s01(
                    book(&a),
                    month,
                    &ayni::report::seps::S01Options::default(),
                )
                .expect("s01");
                assert_eq!(written, expected.into_bytes());
            }
        }
        // Last, the month's package for the network and the public key for
        // the coordinator, beside the book; the package reads back whole.
        keys(&mut a, "o");
        for _ in 0..registry::REPORTS.len() + 3 {
            key(&mut a, KeyCode::Down);
        }
        key(&mut a, KeyCode::Enter);
        let (msg, is_error) = a.status.clone().expect("status");
        assert!(!is_error, "{msg}");
        let ruc = book(&a).settings().expect("settings").ruc.expect("ruc");
        let package = folder.path().join(format!("{ruc}_{month}.ayni-red"));
        assert!(msg.contains(&package.display().to_string()), "{msg}");
        let read = ayni::report::network::package::open(&std::fs::read(&package).expect("written"))
            .expect("verified");
        assert_eq!(read.content.month, month.to_string());
        let key_file = std::fs::read_to_string(folder.path().join(format!("{ruc}_clave-red.txt")))
            .expect("key");
        assert!(key_file.contains(&read.key), "{key_file}");
        // Tab goes back to the selector's reports.
        key(&mut a, KeyCode::Tab);
        assert!(a.screens.reports.doc.is_some());
        let s = screen(&mut a, 80, 24);
        assert!(s.contains('['), "{s}");
    }
}

/// Closes the month the wizard offers, counting the cash the book holds.
fn close_by_keys(a: &mut App, month: Month) {
    keys(a, "C");
    key(a, KeyCode::Enter);
    let cash = book(a).balance_of("1101", month).expect("cash");
    keys(a, &cash.localized(Lang::Es).replace('.', ""));
    key(a, KeyCode::Enter);
    key(a, KeyCode::Enter);
    keys(a, "s");
}

#[test]
fn the_year_end_close_shows_every_entry_number_whole_at_80_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    a.book
        .as_mut()
        .expect("book")
        .set_clock(at("2027-01-02 10:00:00"));
    close_by_keys(&mut a, november());
    key(&mut a, KeyCode::Enter);
    let december = Month::new(2026, 12).expect("month");
    close_by_keys(&mut a, december);
    assert_eq!(book(&a).closed_through().expect("closed"), Some(december));
    let s = screen(&mut a, 80, 24);
    let done = &a.screens.close.summary.as_ref().expect("closed").close;
    let year_end = done.year_end.as_ref().expect("the year-end entry");
    let line = line_with(&s, "Cierre del ejercicio");
    assert!(
        line.contains(&format!("N.º {}", year_end.id)),
        "the number is cut: {line}\n{s}"
    );
    assert!(
        line.contains(&year_end.total().localized(Lang::Es)),
        "{line}"
    );
    // Every posted entry's number shows.
    for (_, e) in done.entries() {
        assert!(s.contains(&format!("N.º {}", e.id)), "{}: {s}", e.id);
    }
}
