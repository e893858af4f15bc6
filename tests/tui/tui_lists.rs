//! Lists that find and footers that tell the truth: the loan list's search,
//! the members a member field lists as it is typed, and every footer's keys
//! against the keymap.

use crate::tui_common::{app, app_on, key, keys, practice, screen};
use ayni::books::loans::LoanApplication;
use ayni::domain::loan::{LoanProduct, Method};
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::ui::app::Screen;
use ayni::ui::keymap::{Context, bindings, footer, lookup};
use ayni::ui::screens::money::{Field, View};
use crossterm::event::{KeyCode, KeyEvent};

/// Every context of the keymap. The match makes a new context a compile
/// error here until it is added to the list.
fn all_contexts() -> Vec<Context> {
    fn listed(c: Context) -> bool {
        use Context::*;
        match c {
            Global | Members | Journal | Accounts | Cobro | Form | RecordForm | Close | Reports
            | Picker | ExportFormat | ReportList | MemberCard | Savings | Fund | Loans
            | LoanCard | MoneyForm | Simulator | MoneyConfirm | Field | Confirm | ConfirmStrict
            | Welcome | Setup | SetupFirstRun | SetupForm | Backup | BackupPath | Import
            | ImportStep | ListSearch | Ledger | Teach | ExercisesOverlay => true,
        }
    }
    use Context::*;
    let all = vec![
        Global,
        Members,
        Journal,
        Accounts,
        Cobro,
        Form,
        RecordForm,
        Close,
        Reports,
        Picker,
        ExportFormat,
        ReportList,
        Ledger,
        MemberCard,
        Savings,
        Fund,
        Loans,
        LoanCard,
        MoneyForm,
        Simulator,
        MoneyConfirm,
        Field,
        Confirm,
        ConfirmStrict,
        Welcome,
        Setup,
        SetupFirstRun,
        SetupForm,
        Backup,
        BackupPath,
        Import,
        ImportStep,
        ListSearch,
        Teach,
        ExercisesOverlay,
    ];
    assert!(all.iter().all(|c| listed(*c)));
    all
}

#[test]
fn every_footer_key_does_what_its_label_says_on_that_screen() {
    let table = bindings();
    let mut checked = 0;
    for ctx in all_contexts() {
        for lang in [Lang::Es, Lang::En] {
            for (shown, label) in footer(ctx, lang) {
                // A binding of that key with that label: the screen's own, or
                // the global one (a field's keys where letters are typed)...
                let found = table.iter().find(|b| {
                    b.key == shown
                        && b.help.t(lang) == label
                        && (b.context == ctx
                            || b.context == Context::Global
                            || b.context == Context::Field)
                });
                let Some(b) = found else {
                    panic!("{ctx:?}: the footer shows {shown} \"{label}\", which no binding says");
                };
                // ... and the key, pressed there, does that binding's action.
                assert_eq!(
                    lookup(ctx, KeyEvent::new(b.code, b.mods)),
                    Some(b.action.clone()),
                    "{ctx:?}: {shown} is shown as \"{label}\" but does something else"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} footer keys were checked");
}

#[test]
fn the_fund_screen_footer_says_g_gives_a_grant_and_g_does() {
    for (lang, label) in [(Lang::Es, "Entregar ayuda"), (Lang::En, "Give a grant")] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('7'));
        assert_eq!(a.screens.money.view, View::Fund);
        let s = screen(&mut a, 80, 24);
        let last = s.lines().nth(23).unwrap_or_default();
        assert!(last.contains(&format!("g {label}")), "{s}");
        assert!(
            !last.contains("Glosario") && !last.contains("Glossary"),
            "{s}"
        );
        key(&mut a, KeyCode::Char('g'));
        assert_eq!(a.screens.money.view, View::Form, "g opened the grant form");
        let s = screen(&mut a, 80, 24);
        assert!(!s.contains("Glosario") && !s.contains("Glossary"), "{s}");
    }
}

#[test]
fn the_global_keys_work_on_the_loans_and_fund_screens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    for screen_key in ['6', '7'] {
        for (k, opened) in [
            ('8', Screen::Setup),
            ('C', Screen::Close),
            ('R', Screen::Reports),
            ('G', Screen::Charges),
            ('B', Screen::Backup),
        ] {
            key(&mut a, KeyCode::Esc);
            key(&mut a, KeyCode::Esc);
            key(&mut a, KeyCode::Char('1'));
            key(&mut a, KeyCode::Char(screen_key));
            assert_eq!(a.screen, Screen::Money, "{screen_key}");
            key(&mut a, KeyCode::Char(k));
            assert_eq!(a.screen, opened, "{k} on the screen of {screen_key}");
        }
    }
}

/// The practice book with a product of an accented name and an
/// application of one of its loans by each of five members.
fn with_loans(dir: &tempfile::TempDir, lang: Lang) -> ayni::ui::App {
    let (mut b, path) = practice(dir);
    let (p, _) = b
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Crédito Ágil".into(),
            method: Method::French,
            rate: rust_decimal::Decimal::from(15),
            max_months: 24,
            max_amount: Money::from_cents(500_000),
            late_rate: None,
            guarantee_percent: rust_decimal::Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    let members = b.members().expect("members");
    let date = b.today();
    for m in members
        .iter()
        .filter(|m| m.status.is_active())
        .skip(1)
        .take(5)
    {
        b.apply_loan(&LoanApplication {
            member: m.id,
            product: p.id,
            amount: Money::from_cents(30_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: None,
            approval: "Acta 3".into(),
            date,
        })
        .expect("applied");
    }
    app_on(b, path, lang, "oscuro")
}

/// The loan list's rows as shown (the lines with a loan number).
fn loan_rows(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| {
            let t = l.trim_start_matches(['│', ' ', '▸', '>']);
            t.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_loan_list_filters_as_a_name_is_typed_and_esc_clears_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = with_loans(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('6'));
    let all = a.screens.money.loans.clone();
    assert!(all.len() >= 3, "the practice book has loans: {}", all.len());
    // The first word of one borrower's surname, typed without its accents
    // and in capitals.
    let target = &all[all.len() - 1];
    let word: String = target
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let plain: String = word
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            c => c,
        })
        .collect::<String>()
        .to_uppercase();
    let expected: Vec<u32> = all
        .iter()
        .filter(|r| r.name.to_lowercase().contains(&word.to_lowercase()))
        .map(|r| r.loan)
        .collect();
    assert!(expected.len() < all.len(), "the search leaves some out");
    key(&mut a, KeyCode::Char('/'));
    assert_eq!(a.key_context(), Context::ListSearch);
    keys(&mut a, &plain);
    let s = screen(&mut a, 80, 24);
    let rows = loan_rows(&s);
    assert_eq!(rows.len(), expected.len(), "{s}");
    assert!(
        s.contains(&format!("{} / {}", expected.len(), all.len())),
        "{s}"
    );
    insta::assert_snapshot!("loan_list_filtered_by_a_surname_es", s);
    // Enter keeps the filter and gives the keys back: d, p, Enter work on it.
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.key_context(), Context::Loans);
    assert_eq!(loan_rows(&screen(&mut a, 80, 24)).len(), expected.len());
    // Esc clears it: every loan again, and the list stays on screen.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Money);
    let s = screen(&mut a, 80, 24);
    assert!(
        !s.lines().nth(1).unwrap_or_default().contains("Buscar:"),
        "{s}"
    );
    assert_eq!(loan_rows(&s).len(), all.len(), "{s}");
    insta::assert_snapshot!("loan_list_search_cleared_es", s);
}

#[test]
fn the_loan_list_finds_by_loan_number_and_product_and_keeps_the_selection_visible() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = with_loans(&dir, Lang::En);
    key(&mut a, KeyCode::Char('6'));
    let all = a.screens.money.loans.clone();
    let last = all.last().expect("a loan").loan;
    key(&mut a, KeyCode::Char('/'));
    keys(&mut a, &format!("#{last}"));
    let s = screen(&mut a, 80, 24);
    assert!(
        loan_rows(&s)
            .iter()
            .any(|r| r.contains(&format!("{last} "))),
        "{s}"
    );
    // Enter on the filtered list opens the loan found.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screens.money.view, View::LoanCard);
    assert_eq!(
        a.screens.money.statement.as_ref().map(|s| s.loan.id),
        Some(last)
    );
    // A word nobody's loan has: an empty list that says so.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    keys(&mut a, "zzqx");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("No loan matches the search."), "{s}");
    // The product's name finds every loan of the product.
    key(&mut a, KeyCode::Esc);
    let products = a
        .book
        .as_ref()
        .expect("book")
        .loan_products()
        .expect("products");
    let product = products
        .iter()
        .find(|p| p.name == "Crédito Ágil")
        .expect("product");
    let of_product = all.iter().filter(|r| r.product == product.id).count();
    assert!(of_product == 5 && all.len() > 5, "{all:?}");
    key(&mut a, KeyCode::Char('/'));
    keys(&mut a, "credito AGIL");
    assert_eq!(a.screens.money.loan_sel, 0);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("{of_product} / {}", all.len())),
        "{} {s}",
        product.name
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('/'));
    // The arrows move the selection while the box has the keys; the
    // selected row is drawn.
    for _ in 0..all.len() {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.screens.money.loan_sel, all.len() - 1);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&format!("▸ {last} ")), "{s}");
}

/// Opens the loan application and types `borrower` in the member field.
fn apply_for(a: &mut ayni::ui::App, borrower: &str) {
    key(a, KeyCode::Char('6'));
    key(a, KeyCode::Char('a'));
    assert_eq!(a.screens.money.view, View::Form);
    keys(a, borrower);
}

#[test]
fn the_guarantor_field_lists_the_members_that_match_and_enter_takes_the_one_picked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let members = a.screens.members.clone();
    let active: Vec<_> = members.iter().filter(|m| m.status.is_active()).collect();
    let borrower = active[0];
    // The borrower by cédula; Tab to the guarantor field.
    apply_for(&mut a, &borrower.id_number);
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    // A letter most names have: a list of who matches, never the borrower.
    let letter = "a";
    keys(&mut a, letter);
    let form = a.screens.money.form.as_ref().expect("the form");
    assert!(form.suggest.len() >= 2, "{:?}", form.suggest);
    assert!(form.suggest.iter().all(|m| m.id != borrower.id));
    assert!(form.suggest.iter().all(|m| m.status.is_active()));
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("guarantor_field_lists_who_matches_es", s);
    // ↓ picks the second, Enter takes it: its cédula in the field, its name beside it.
    key(&mut a, KeyCode::Down);
    let second = a.screens.money.form.as_ref().expect("form").suggest[1].clone();
    key(&mut a, KeyCode::Enter);
    let form = a.screens.money.form.as_ref().expect("the form");
    assert_eq!(form.value(Field::Guarantor), second.id_number);
    assert!(form.suggest.is_empty(), "the list closes");
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&second.id_number) && s.contains(&second.full_name()),
        "{s}"
    );
    insta::assert_snapshot!("guarantor_taken_from_the_list_es", s);
}

#[test]
fn the_member_field_lists_matches_without_accents_and_tab_takes_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let members = a.screens.members.clone();
    // A member whose name has an accent, typed without it.
    let Some(m) = members
        .iter()
        .find(|m| m.status.is_active() && m.full_name().chars().any(|c| "áéíóú".contains(c)))
    else {
        panic!("the practice book has an accented name");
    };
    let word = m
        .full_name()
        .split_whitespace()
        .find(|w| w.chars().any(|c| "áéíóú".contains(c)))
        .unwrap_or_default()
        .to_string();
    let plain: String = word
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            c => c,
        })
        .collect();
    apply_for(&mut a, &plain.to_lowercase());
    let suggested = a
        .screens
        .money
        .form
        .as_ref()
        .expect("the form")
        .suggest
        .clone();
    let listed: Vec<u32> = suggested.iter().map(|s| s.id).collect();
    let s = screen(&mut a, 80, 24);
    if listed.is_empty() {
        // The one member with that word: named beside the field already.
        assert!(s.contains(&m.full_name()), "{s}");
        return;
    }
    assert!(listed.contains(&m.id), "{listed:?}\n{s}");
    let first = suggested[0].clone();
    key(&mut a, KeyCode::Tab);
    let form = a.screens.money.form.as_ref().expect("the form");
    assert_eq!(form.value(Field::Member), first.id_number);
}
