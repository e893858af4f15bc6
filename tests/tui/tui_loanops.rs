//! The last loan operations of the command line, in the interface: a
//! write-off (castigo) and the void of a disbursement from the loan card,
//! each posted only on an explicit yes, and a loan product's terms edited in
//! Configuración for the applications made from then on.

use crate::tui_common::*;

use ayni::books::Book;
use ayni::books::loans::{LoanApplication, LoanOpError};
use ayni::domain::loan::LoanStatus;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::App;
use ayni::ui::app::Screen;
use ayni::ui::screens::money::View;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

/// A practice book with a year of history (16 members): loans paid, late
/// and overdue.
fn year_book(dir: &tempfile::TempDir, lang: Lang) -> App {
    let path = dir.path().join("practica.ayni");
    let (b, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 16,
            months: 12,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    app_on(b, path, lang, "oscuro")
}

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn entries(a: &App) -> u64 {
    book(a).entry_count(None).expect("count")
}

fn whole(a: &App) -> bool {
    book(a).check().expect("check").ok()
}

/// Selects a loan in the list and opens its card.
fn open_loan(a: &mut App, id: u32) {
    key(a, KeyCode::Char('6'));
    let row = a
        .screens
        .money
        .loans
        .iter()
        .position(|r| r.loan == id)
        .expect("the loan is listed");
    for _ in 0..row {
        key(a, KeyCode::Down);
    }
    key(a, KeyCode::Enter);
    assert_eq!(a.screens.money.view, View::LoanCard);
    assert_eq!(
        a.screens.money.statement.as_ref().map(|s| s.loan.id),
        Some(id)
    );
}

/// The running loan with the most days late.
fn overdue_loan(a: &App) -> u32 {
    let b = book(a);
    let row = b
        .loan_portfolio(b.today())
        .expect("portfolio")
        .into_iter()
        .filter(|r| r.status == "active")
        .max_by_key(|r| r.days_past_due)
        .expect("an active loan");
    assert!(
        row.days_past_due > 30,
        "the practice book has an overdue loan"
    );
    row.loan
}

/// A running loan the book will not void because it has a payment.
fn paid_loan(a: &App) -> u32 {
    let b = book(a);
    b.loans()
        .expect("loans")
        .into_iter()
        .filter(|l| l.status == LoanStatus::Active)
        .find(|l| {
            matches!(
                b.void_plan(l.id, b.today(), "prueba"),
                Err(ayni::books::BookError::Loan(LoanOpError::NotVoidable))
            )
        })
        .map(|l| l.id)
        .expect("a loan with a payment")
}

/// A loan applied for and disbursed today through the book, by a member
/// with no loan and savings enough for the guarantee.
fn disbursed_today(a: &mut App) -> u32 {
    let b = book(a);
    let mut members = b.members().expect("members");
    members.sort_by_key(|m| m.id);
    let active: Vec<_> = members
        .into_iter()
        .filter(|m| m.status.is_active())
        .collect();
    let borrower = active
        .iter()
        .find(|m| {
            b.member_loans(m.id).expect("loans").is_empty()
                && b.member_savings(m.id)
                    .expect("savings")
                    .iter()
                    .any(|v| v.available >= Money::parse("30").expect("30"))
        })
        .expect("a member who can borrow")
        .id;
    let guarantor = active
        .iter()
        .find(|m| m.id != borrower)
        .expect("a guarantor")
        .id;
    let product = b.loan_products().expect("products")[0].id;
    let today = b.today();
    let b = a.book.as_mut().expect("a book is open");
    let (loan, _) = b
        .apply_loan(&LoanApplication {
            member: borrower,
            product,
            amount: Money::parse("150").expect("150"),
            months: 6,
            rate: None,
            purpose: String::new(),
            guarantor: Some(guarantor),
            approval: "Acta 31".into(),
            date: today,
        })
        .expect("applied");
    b.disburse_loan(loan.id, today, "1101").expect("disbursed");
    loan.id
}

#[test]
fn an_overdue_loan_is_written_off_by_keys_only_on_an_explicit_yes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = year_book(&dir, Lang::Es);
    let id = overdue_loan(&a);
    let outstanding = book(&a).loan(id).expect("loan").outstanding();
    open_loan(&mut a, id);
    let card = screen(&mut a, 80, 24);
    assert!(card.contains("x Castigar"), "{card}");
    let before = entries(&a);

    key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.screens.money.view, View::Form);
    // The reason is required: nothing is reviewed without it.
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 12 del consejo");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Se requiere el motivo."), "{s}");
    assert!(
        a.screens
            .money
            .form
            .as_ref()
            .is_some_and(|f| f.pending.is_none())
    );
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "El socio emigró sin dejar bienes");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    let plan = book(&a)
        .write_off_plan(
            id,
            book(&a).today(),
            "Acta 12 del consejo",
            "El socio emigró sin dejar bienes",
        )
        .expect("the book's plan");
    assert_eq!(plan.principal, outstanding);
    assert!(
        s.contains(&format!(
            "Castigar {} de capital",
            outstanding.localized(Lang::Es)
        )),
        "{s}"
    );
    assert!(s.contains(&plan.from_provision.localized(Lang::Es)), "{s}");
    assert!(s.contains(&plan.to_expense.localized(Lang::Es)), "{s}");
    assert!(s.contains("s registra (solo s o y)"), "{s}");
    insta::assert_snapshot!("write_off_review_shows_the_books_plan_es", s);

    // Enter, out of habit, is not a yes: back to the form, nothing posted.
    key(&mut a, KeyCode::Enter);
    assert_eq!(entries(&a), before);
    assert_eq!(book(&a).loan(id).expect("loan").status, LoanStatus::Active);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("No se registró: solo s (o y) registra."), "{s}");
    insta::assert_snapshot!("write_off_refused_by_enter_es", s);

    // Reviewed again and confirmed with s.
    key(&mut a, KeyCode::F(2));
    key(&mut a, KeyCode::Char('s'));
    let loan = book(&a).loan(id).expect("loan");
    assert!(
        matches!(loan.status, LoanStatus::WrittenOff(d) if d == book(&a).today()),
        "{:?}",
        loan.status
    );
    assert_eq!(entries(&a), before + 1);
    assert!(whole(&a));
    assert_eq!(a.screens.money.view, View::LoanCard);
    let said = a.status.clone().unwrap_or_default().0;
    assert!(said.contains(&format!("Préstamo {id} castigado")), "{said}");
    // A written-off loan is neither written off nor voided again.
    key(&mut a, KeyCode::Char('x'));
    assert_eq!(a.screens.money.view, View::LoanCard);
    assert!(a.status.as_ref().is_some_and(|(_, error)| *error));
    key(&mut a, KeyCode::Char('v'));
    assert_eq!(a.screens.money.view, View::LoanCard);
    assert_eq!(entries(&a), before + 1);
}

#[test]
fn a_disbursement_just_made_is_voided_from_the_loan_card() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let id = disbursed_today(&mut a);
    let guarantee = book(&a).loan(id).expect("loan").guarantee;
    let before = entries(&a);
    open_loan(&mut a, id);
    key(&mut a, KeyCode::Char('v'));
    assert_eq!(a.screens.money.view, View::Form);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Wrong member");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Void the disbursement of 150.00 of loan"), "{s}");
    assert!(s.contains("s posts (only s or y)"), "{s}");
    insta::assert_snapshot!("void_review_shows_the_reversal_en", s);
    key(&mut a, KeyCode::Char('y'));
    let loan = book(&a).loan(id).expect("loan");
    assert!(
        matches!(loan.status, LoanStatus::Voided(_)),
        "{:?}",
        loan.status
    );
    // The reversal, and the guarantee's release when one was blocked.
    let released = guarantee.is_some_and(|(_, g)| g.is_positive());
    assert!(entries(&a) > before);
    assert!(whole(&a));
    let said = a.status.clone().unwrap_or_default().0;
    assert!(
        said.contains(&format!("Disbursement of loan {id} voided")),
        "{said}"
    );
    assert_eq!(said.contains("Guarantee released"), released, "{said}");
    assert_eq!(a.screens.money.view, View::LoanCard);
}

#[test]
fn a_void_of_a_loan_with_a_payment_is_refused_with_the_books_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = year_book(&dir, Lang::Es);
    let id = paid_loan(&a);
    let before = entries(&a);
    let loan_before = book(&a).loan(id).expect("loan");
    open_loan(&mut a, id);
    key(&mut a, KeyCode::Char('v'));
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Error de digitación");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    let why = LoanOpError::NotVoidable.message(Lang::Es);
    // The message wraps in the form: its first words on screen.
    let head: String = why.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    assert!(s.contains(&head), "{s}");
    assert!(
        a.screens
            .money
            .form
            .as_ref()
            .is_some_and(|f| f.pending.is_none())
    );
    insta::assert_snapshot!("void_refused_when_the_loan_has_a_payment_es", s);
    assert_eq!(entries(&a), before);
    assert_eq!(book(&a).loan(id).expect("loan"), loan_before);
}

#[test]
fn a_loan_products_rate_is_edited_in_configuracion_for_new_applications() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let products = book(&a).loan_products().expect("products");
    let first = products[0].clone();
    let loans_before: Vec<_> = book(&a).loans().expect("loans");
    key(&mut a, KeyCode::Char('8'));
    assert_eq!(a.screen, Screen::Setup);
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("Producto de crédito «{}»", first.name)),
        "{s}"
    );
    insta::assert_snapshot!("loan_product_edit_form_filled_es", s);
    // The rate: the third field; typing replaces the suggestion.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "21,5");
    key(&mut a, KeyCode::F(2));
    let said = a.status.clone().unwrap_or_default().0;
    assert!(said.contains("actualizado"), "{said}");
    let after = book(&a).loan_products().expect("products");
    assert_eq!(after.len(), products.len(), "edited, not added");
    assert_eq!(after[0].rate, Decimal::new(215, 1));
    assert_eq!(
        (after[0].id, &after[0].name, after[0].max_months),
        (first.id, &first.name, first.max_months)
    );
    // The loans already made keep their terms.
    assert_eq!(book(&a).loans().expect("loans"), loans_before);
    assert!(whole(&a));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("21,5"), "{s}");
}
