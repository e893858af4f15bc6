//! The counter (ventanilla) driven by keys: one visit pays the dues owed,
//! the loan installment due and a savings deposit under one receipt, in
//! search, Enter, amount, Enter, Enter; a meeting held last week is entered
//! with its date; a receipt is voided with a reason, dated today.

use crate::tui_common::*;

use ayni::books::Book;
use ayni::domain::member::Member;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::ui::App;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

/// A caja of three members on the tests' clock (20 November 2026), owing
/// September–November dues (3.00 + 5.00 a month); Inés Quishpe has a loan
/// of 600.00 over 6 months from 1 September (two installments due).
pub(crate) fn caja(dir: &tempfile::TempDir, lang: Lang) -> App {
    use ayni::books::dues::ChargeTypeInput;
    use ayni::books::loans::LoanApplication;
    use ayni::domain::dues::ChargeKind;
    use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
    use ayni::domain::loan::{LoanProduct, Method};
    use ayni::domain::member::MemberInput;
    use ayni::domain::period::Month;
    use ayni::domain::settings::{AssocKind, Settings};
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    let path = dir.path().join("caja.ayni");
    let settings =
        Settings::new("Caja Solidaria Sumak Kawsay", None, AssocKind::Caja).expect("settings");
    let mut b = Book::create_with_clock(&path, settings, clock()).expect("book");
    let ids: Vec<u32> = [
        ("Inés", "Quishpe Lema"),
        ("Rosa", "Andrango Males"),
        ("Luis", "Cotacachi Paucar"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (first, last))| {
        b.add_member(&MemberInput {
            id_number: ayni::domain::ident::make_cedula(10, 3_200_000 + i as u32),
            first_names: (*first).into(),
            last_names: (*last).into(),
            gender: if i == 2 { "M" } else { "F" }.into(),
            join_date: "2026-01-15".into(),
            ..Default::default()
        })
        .expect("member")
        .id
    })
    .collect();
    for (name, kind, cents) in [
        ("Cuota mensual", ChargeKind::MonthlyDues, 300),
        ("Aporte de capital", ChargeKind::Contribution, 500),
    ] {
        b.add_charge_type(&ChargeTypeInput {
            name: name.into(),
            kind,
            frequency: None,
            account: None,
            start_month: Month::new(2026, 9).expect("month"),
            amount: Money::from_cents(cents),
            approval: String::new(),
            members: None,
        })
        .expect("charge type");
    }
    b.post(
        EntryDraft::new(
            d("2026-08-02"),
            "Donación para el fondo de crédito",
            "",
            EntryKind::Manual,
            vec![
                Posting::debit("1101", Money::from_cents(300_000)),
                Posting::credit("3402", Money::from_cents(300_000)),
            ],
        )
        .expect("draft"),
    )
    .expect("donation");
    let (p, _) = b
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
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
    let (loan, _) = b
        .apply_loan(&LoanApplication {
            member: ids[0],
            product: p.id,
            amount: Money::from_cents(60_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: Some(ids[1]),
            approval: "Acta 2".into(),
            date: d("2026-09-01"),
        })
        .expect("applied");
    b.disburse_loan(loan.id, d("2026-09-01"), "1101")
        .expect("disbursed");
    app_on(b, path, lang, "oscuro")
}

/// The member who owes dues and has an installment due, with both amounts.
pub(crate) fn owes_dues_and_an_installment(a: &App) -> (Member, Money, Money) {
    let b = book(a);
    let m = b
        .members()
        .expect("members")
        .into_iter()
        .find(|m| m.first_names == "Inés")
        .expect("the borrower");
    let f = b.visit_figures(m.id, b.today()).expect("figures");
    let due = f.loan.as_ref().expect("a loan").due_now;
    assert!(f.dues_owed.is_positive() && due.is_positive());
    (m, f.dues_owed, due)
}

fn cash(a: &App) -> Money {
    let b = book(a);
    b.balance_of("1101", b.current_month().expect("month"))
        .expect("cash")
}

#[test]
fn dues_an_installment_and_a_deposit_in_one_receipt_take_search_enter_amount_enter_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = caja(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, dues, due) = owes_dues_and_an_installment(&a);
    let entries_before = book(&a).entry_count(None).expect("count");
    let cash_before = cash(&a);
    let savings_before = book(&a)
        .visit_figures(m.id, book(&a).today())
        .expect("figures")
        .savings;
    keys(&mut a, &m.id_number);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Cuotas adeudadas") && s.contains("a pagar hoy"),
        "{s}"
    );
    // Enter; the amount handed over (what is owed and 10.00 more); Enter
    // to review; Enter to record.
    let given = dues + due + Money::from_cents(1_000);
    let typed = given.plain().replace('.', ",");
    let mut pressed = key(&mut a, KeyCode::Enter);
    pressed += keys(&mut a, &typed);
    pressed += key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("counter_preview_of_dues_an_installment_and_a_deposit", s);
    assert!(
        s.contains("Depósito de ahorro") && s.contains("Préstamo N.º"),
        "{s}"
    );
    assert_eq!(book(&a).entry_count(None).expect("count"), entries_before);
    pressed += key(&mut a, KeyCode::Enter);
    assert_eq!(
        pressed,
        3 + typed.chars().count(),
        "search, Enter, amount, Enter, Enter"
    );

    // Three entries, one receipt number for all of them.
    assert_eq!(
        book(&a).entry_count(None).expect("count"),
        entries_before + 3
    );
    let v = a.screens.cobro.last.clone().expect("the visit is shown");
    assert_eq!(v.member, m.id);
    assert_eq!(v.total, given);
    assert_eq!(v.dues.as_ref().map(|d| d.amount), Some(dues));
    assert_eq!(v.loan.as_ref().map(|l| l.amount), Some(due));
    assert_eq!(
        v.savings.as_ref().map(|s| s.amount),
        Some(Money::from_cents(1_000))
    );
    let stored = book(&a).visit(v.number).expect("read").expect("stored");
    assert_eq!(stored, v);
    assert_eq!(cash(&a), cash_before + given);
    let after = book(&a)
        .visit_figures(m.id, book(&a).today())
        .expect("figures");
    assert_eq!(after.dues_owed, Money::ZERO);
    assert_eq!(after.savings, savings_before + Money::from_cents(1_000));
    assert!(book(&a).check().expect("check").ok());
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Último recibo") && s.contains(&format!("{:06}", v.number)),
        "{s}"
    );
    insta::assert_snapshot!(
        "counter_after_a_visit_shows_its_receipt_and_what_is_left",
        s
    );
}

#[test]
fn a_meeting_held_last_week_is_entered_with_its_date_for_the_whole_queue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('5'));
    let today = book(&a).today();
    let week_ago = today - chrono::Duration::days(7);
    assert_eq!(
        week_ago.format("%m").to_string(),
        today.format("%m").to_string(),
        "same open month"
    );
    let mut members = book(&a).members().expect("members");
    members.retain(|m| m.status.is_active());
    members.sort_by_key(|m| m.full_name());
    let (first, second) = (members[0].clone(), members[1].clone());
    keys(&mut a, &first.id_number);
    key(&mut a, KeyCode::Enter);
    // Typed over the suggestion: 2.00; then Tab to the date.
    keys(&mut a, "2");
    let has_loan = a
        .screens
        .cobro
        .figures
        .as_ref()
        .is_some_and(|f| f.loan.is_some());
    for _ in 0..(if has_loan { 4 } else { 3 }) {
        key(&mut a, KeyCode::Tab);
    }
    keys(&mut a, &week_ago.format("%Y-%m-%d").to_string());
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&week_ago.format("%Y-%m-%d").to_string()), "{s}");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("counter_preview_dated_a_week_ago_in_english", s);
    key(&mut a, KeyCode::Enter);
    let v1 = a.screens.cobro.last.clone().expect("recorded");
    assert_eq!(v1.date, week_ago);
    for e in v1.entries() {
        assert_eq!(
            book(&a).entry(e).expect("read").expect("entry").date,
            week_ago
        );
    }
    // The next member of that meeting: the date stays.
    keys(&mut a, &second.id_number);
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "3");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let v2 = a.screens.cobro.last.clone().expect("recorded");
    assert_eq!(v2.date, week_ago);
    assert_eq!(v2.number, v1.number + 1);
    // The day's list is that day's.
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("Receipts of {}", week_ago.format("%Y-%m-%d"))),
        "{s}"
    );
    assert_eq!(
        book(&a).visits_of_day(week_ago).expect("day").len(),
        2,
        "both visits are on the meeting's day"
    );
    assert!(book(&a).check().expect("check").ok());
}

#[test]
fn a_date_in_a_closed_month_or_a_wrong_account_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let before = book(&a).entry_count(None).expect("count");
    let m = book(&a).members().expect("members")[0].clone();
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "5");
    // To the account: the last field (Shift-Tab from the first).
    a.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "5101");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("no es de caja ni de bancos"), "{s}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(book(&a).entry_count(None).expect("count"), before);
    // Back to 1101, and a date in a closed month.
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "1101");
    a.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    keys(&mut a, "2020-01-15");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("cerrado") || s.contains("anterior"), "{s}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(book(&a).entry_count(None).expect("count"), before);
    assert!(a.screens.cobro.plan_shown().is_none());
}

#[test]
fn voiding_a_receipt_asks_for_a_reason_and_reverses_it_dated_today() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = caja(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, _, _) = owes_dues_and_an_installment(&a);
    let cash_before = cash(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let v = a.screens.cobro.last.clone().expect("recorded");
    assert!(v.entries().len() >= 2);
    // Ctrl-X: the last receipt is proposed; a reason is required.
    a.on_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Anular un recibo") && s.contains(&v.number.to_string()),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("escriba el motivo"), "{s}");
    assert!(
        book(&a)
            .visit(v.number)
            .expect("read")
            .expect("visit")
            .voided
            .is_none()
    );
    keys(&mut a, "Valor mal digitado");
    let s = screen(&mut a, 80, 24);
    insta::assert_snapshot!("counter_void_form_with_its_reason", s);
    key(&mut a, KeyCode::Enter);
    let stored = book(&a).visit(v.number).expect("read").expect("visit");
    let void = stored.voided.expect("voided");
    assert_eq!(void.reason, "Valor mal digitado");
    assert_eq!(void.date, book(&a).today());
    assert_eq!(void.entries.len(), v.entries().len());
    assert_eq!(cash(&a), cash_before);
    assert!(book(&a).check().expect("check").ok());
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("ANULADO"), "{s}");
    // Twice: refused, in words.
    a.on_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    // No receipt of the day is left to propose: the number is asked first.
    assert!(a.screens.cobro.void.number.value.is_empty());
    keys(&mut a, &v.number.to_string());
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "otra vez");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("ya está anulado"), "{s}");
}

#[test]
fn a_receipt_printed_again_and_the_days_receipts_are_text_and_pdf_beside_the_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = caja(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, _, _) = owes_dues_and_an_installment(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "300");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let v = a.screens.cobro.last.clone().expect("recorded");
    // Ctrl-R: the receipt just recorded is proposed; Enter writes it.
    a.on_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Reimprimir un recibo"), "{s}");
    key(&mut a, KeyCode::Enter);
    let base = format!("caja-solidaria-sumak-kawsay-recibo-{:06}", v.number);
    let txt = std::fs::read_to_string(dir.path().join(format!("{base}.txt")))
        .expect("the receipt's text, named with the association");
    // What a member takes home: who, what each part paid, what is left.
    for part in [
        "Caja Solidaria Sumak Kawsay",
        &format!("RECIBO N.º {:06}", v.number),
        "Quishpe Lema Inés",
        "09/2026 Cuota mensual",
        "Préstamo N.º 1",
        "  capital",
        "interés de mora",
        "Depósito de ahorro",
        "TOTAL",
        "Queda adeudando en cuotas",
        "Saldo del préstamo",
        "próxima cuota",
        "Ahorros",
        "Tesorero/a",
    ] {
        assert!(txt.contains(part), "{part} in\n{txt}");
    }
    assert!(
        txt.lines().all(|l| l.chars().count() <= 32),
        "a 58 mm roll's width\n{txt}"
    );
    let pdf = std::fs::read(dir.path().join(format!("{base}.pdf"))).expect("the roll PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("recibo-{:06}.txt y .pdf", v.number)),
        "{s}"
    );
    // Ctrl-P: the day's receipts, with an A4 PDF of them.
    a.on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    let day = book(&a).today().format("%Y-%m-%d").to_string();
    let pdf = std::fs::read(
        dir.path()
            .join(format!("caja-solidaria-sumak-kawsay-recibos-{day}.pdf")),
    )
    .expect("the day's PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(".txt .csv .pdf"), "{s}");
}

#[test]
fn a_status_message_longer_than_the_window_takes_two_rows_and_is_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = caja(&dir, Lang::Es);
    // The B11 of a book without a RUC: refused, with a long sentence.
    key(&mut a, KeyCode::Char('R'));
    key(&mut a, KeyCode::Char('b'));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("antes de generar archivos para la SEPS."), "{s}");
    assert!(s.contains("✗"), "{s}");
    insta::assert_snapshot!("status_long_error_on_two_rows_80x24", s);
}

#[test]
fn p_in_the_journal_prints_an_entrys_voucher_or_the_receipt_it_belongs_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = caja(&dir, Lang::Es);
    // The loan's disbursement: no receipt of its own, a voucher.
    let disbursement = book(&a).entry_count(None).expect("count");
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Char('t'));
    let s = screen(&mut a, 80, 24);
    // All months: the current one has no entries, and that is no reason to
    // fall back to it.
    assert!(s.contains("todos los meses"), "{s}");
    let pos = a
        .screens
        .journal
        .entries
        .iter()
        .position(|e| e.id == disbursement)
        .unwrap_or_else(|| {
            panic!(
                "{disbursement} in {:?}",
                a.screens
                    .journal
                    .entries
                    .iter()
                    .map(|e| e.id)
                    .collect::<Vec<_>>()
            )
        });
    a.screens.journal.sel = pos;
    key(&mut a, KeyCode::Char('p'));
    let base = format!("caja-solidaria-sumak-kawsay-comprobante-{disbursement:06}");
    let txt = std::fs::read_to_string(dir.path().join(format!("{base}.txt")))
        .expect("the voucher's text");
    for part in [
        &format!("COMPROBANTE N.º {disbursement:06}"),
        "Quishpe Lema Inés",
        "D 1404",
        "H 1101",
        "TOTAL",
        "Tesorero/a",
        "Socio/a",
    ] {
        assert!(txt.contains(part), "{part} in\n{txt}");
    }
    assert!(txt.lines().all(|l| l.chars().count() <= 32), "{txt}");
    assert!(
        std::fs::read(dir.path().join(format!("{base}.pdf")))
            .expect("the PDF")
            .starts_with(b"%PDF")
    );
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("comprobante-{disbursement:06}.txt y .pdf")),
        "{s}"
    );

    // An entry of a counter visit: the visit's receipt.
    key(&mut a, KeyCode::Char('5'));
    let (m, _, _) = owes_dues_and_an_installment(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let v = a.screens.cobro.last.clone().expect("recorded");
    let loan_entry = v.loan.as_ref().expect("a loan part").entry;
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Char('t'));
    screen(&mut a, 80, 24);
    let pos = a
        .screens
        .journal
        .entries
        .iter()
        .position(|e| e.id == loan_entry)
        .expect("the visit's loan entry is listed");
    a.screens.journal.sel = pos;
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('p'));
    let txt = std::fs::read_to_string(dir.path().join(format!(
        "caja-solidaria-sumak-kawsay-comprobante-{loan_entry:06}.txt"
    )))
    .expect("written");
    assert!(
        txt.contains(&format!("RECIBO N.º {:06}", v.number)),
        "{txt}"
    );
}
