//! Savings, the solidarity fund and loans in the interactive program, driven
//! by keys on a practice book: each flow posts only after its confirmation,
//! moves the books as the library says, and a refusal changes nothing.

use crate::tui_common::{key, keys, screen};
use std::path::PathBuf;

use ayni::books::{Book, Clock};
use ayni::domain::loan::{LoanStatus, Method, schedule};
use ayni::domain::member::Member;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::App;
use ayni::ui::screens::money::View;
use ayni::ui::theme::Theme;
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rust_decimal::Decimal;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

fn practice(dir: &tempfile::TempDir) -> (Book, PathBuf) {
    let path = dir.path().join("practica.ayni");
    let (book, _) = create_demo_with_clock(
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
    (book, path)
}

pub(crate) fn app(dir: &tempfile::TempDir, lang: Lang) -> App {
    let (book, path) = practice(dir);
    App::new(
        Some(book),
        path,
        lang,
        Theme::builtin("oscuro").expect("theme"),
    )
}

/// Shift-Tab, as terminals send it.
fn backtab(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
}

pub(crate) fn enter(app: &mut App, n: usize) {
    for _ in 0..n {
        key(app, KeyCode::Enter);
    }
}

/// Clears the focused field of a form (its text, or the suggestion in it).
pub(crate) fn clear(app: &mut App) {
    for _ in 0..20 {
        key(app, KeyCode::Backspace);
    }
}

pub(crate) fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

fn entries(a: &App) -> u64 {
    book(a).entry_count(None).expect("count")
}

fn books_whole(a: &App) -> bool {
    book(a).check().expect("check").ok()
}

fn cash(a: &App) -> Money {
    let b = book(a);
    b.balance_of("1101", b.current_month().expect("month"))
        .expect("cash")
}

/// Opens a member's card from the members tab by searching the cédula.
pub(crate) fn open_card(a: &mut App, m: &Member) {
    key(a, KeyCode::Char('2'));
    key(a, KeyCode::Char('/'));
    keys(a, &m.id_number);
    enter(a, 2);
    assert_eq!(
        a.screens.members_tab.card.as_ref().map(|c| c.member.id),
        Some(m.id),
        "the card of {}",
        m.full_name()
    );
}

/// An active member with money available in the ordinary savings account.
pub(crate) fn saver(a: &App, skip: usize) -> (Member, u32, Money) {
    let b = book(a);
    let mut members = b.members().expect("members");
    members.sort_by_key(|m| m.id);
    members
        .into_iter()
        .filter(|m| m.status.is_active())
        .filter_map(|m| {
            let v = b.member_savings(m.id).ok()?.into_iter().next()?;
            v.available
                .is_positive()
                .then_some((m, v.account.id, v.available))
        })
        .nth(skip)
        .expect("the practice book has savers")
}

fn account_balance(a: &App, account: u32) -> Money {
    book(a)
        .passbook(account)
        .expect("passbook")
        .0
        .account
        .balance
}

// ---- savings ----

#[test]
fn the_member_card_opens_the_savings_and_passbook() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        let (m, account, _) = saver(&a, 0);
        open_card(&mut a, &m);
        let card = screen(&mut a, 80, 24);
        // The card's footer offers the savings keys.
        let wanted = match lang {
            Lang::Es => "h Ahorros d Depositar w Retirar",
            Lang::En => "h Savings d Deposit w Withdraw",
        };
        assert!(card.contains(wanted), "{card}");
        key(&mut a, KeyCode::Char('h'));
        assert_eq!(a.screens.money.view, View::Savings);
        let s = screen(&mut a, 80, 24);
        let (view, lines) = book(&a).passbook(account).expect("passbook");
        // The balance and the latest running balance are the books'.
        assert!(s.contains(&view.account.balance.localized(lang)), "{s}");
        let last = lines.last().expect("movements");
        assert!(s.contains(&last.balance.localized(lang)), "{s}");
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "savings_of_a_member_es",
                Lang::En => "savings_of_a_member_en",
            },
            s
        );
        // Esc goes back to the card.
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screen, ayni::ui::app::Screen::MemberCard);
    }
}

#[test]
fn a_deposit_from_the_card_posts_only_after_the_confirmation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, account, _) = saver(&a, 1);
    open_card(&mut a, &m);
    let (before, cash_before, balance_before) =
        (entries(&a), cash(&a), account_balance(&a, account));
    let deposits = |a: &App| {
        book(a)
            .member_balances(m.id)
            .expect("balances")
            .into_iter()
            .find(|b| b.account == "2101")
            .map(|b| -b.balance)
            .unwrap_or_default()
    };
    let deposits_before = deposits(&a);

    key(&mut a, KeyCode::Char('d'));
    keys(&mut a, "25,50");
    // Amount, date, cash account: the third Enter reviews.
    enter(&mut a, 3);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Depositar 25,50 en la cuenta"), "{s}");
    assert!(s.contains("Enter registra"), "{s}");
    assert_eq!(entries(&a), before, "the review writes nothing");
    insta::assert_snapshot!("deposit_review_es", s);

    key(&mut a, KeyCode::Enter);
    let amount = Money::parse("25,50").expect("amount");
    assert_eq!(entries(&a), before + 1);
    assert_eq!(account_balance(&a, account), balance_before + amount);
    assert_eq!(cash(&a), cash_before + amount);
    assert!(books_whole(&a));
    // The passbook shows the deposit; the card shows the new balance.
    assert_eq!(a.screens.money.view, View::Savings);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&(balance_before + amount).localized(Lang::Es)),
        "{s}"
    );
    // Back on the card, the member's deposits (2101) include it.
    key(&mut a, KeyCode::Esc);
    assert_eq!(deposits(&a), deposits_before + amount);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&deposits(&a).localized(Lang::Es)), "{s}");
}

#[test]
fn a_withdrawal_beyond_the_available_balance_is_refused_with_the_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, account, available) = saver(&a, 0);
    open_card(&mut a, &m);
    let (before, balance_before) = (entries(&a), account_balance(&a, account));
    key(&mut a, KeyCode::Char('w'));
    let too_much = available + Money::parse("0,01").expect("cent");
    keys(&mut a, &too_much.plain());
    enter(&mut a, 3);
    let s = screen(&mut a, 80, 24);
    let wanted = format!(
        "No se puede retirar {}: el disponible es {}",
        too_much.localized(Lang::Es),
        available.localized(Lang::Es)
    );
    assert!(s.contains(&wanted), "{s}");
    insta::assert_snapshot!("withdrawal_beyond_available_es", s);
    // Enter again only reviews again: nothing is posted.
    key(&mut a, KeyCode::F(2));
    enter(&mut a, 2);
    assert_eq!(entries(&a), before);
    assert_eq!(account_balance(&a, account), balance_before);
    // Esc on the filled form asks; "s" leaves it, and the card is there again.
    key(&mut a, KeyCode::Esc);
    assert!(a.confirm_discard);
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.screen, ayni::ui::app::Screen::MemberCard);
    assert!(books_whole(&a));
}

#[test]
fn a_withdrawal_within_the_available_balance_posts_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let (m, account, available) = saver(&a, 0);
    open_card(&mut a, &m);
    key(&mut a, KeyCode::Char('h'));
    let (before, cash_before, balance_before) =
        (entries(&a), cash(&a), account_balance(&a, account));
    key(&mut a, KeyCode::Char('w'));
    let amount = Money::from_cents(available.cents().min(1000));
    keys(&mut a, &amount.plain());
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Withdraw "), "{s}");
    assert!(s.contains("Available after"), "{s}");
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(entries(&a), before + 1);
    assert_eq!(account_balance(&a, account), balance_before - amount);
    assert_eq!(cash(&a), cash_before - amount);
    assert!(books_whole(&a));
    let status = a.status.clone().unwrap_or_default();
    assert!(
        !status.1 && status.0.starts_with("Withdrawal of"),
        "{status:?}"
    );
}

#[test]
fn bad_amounts_and_dates_are_explained_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, account, _) = saver(&a, 0);
    open_card(&mut a, &m);
    let (before, balance_before) = (entries(&a), account_balance(&a, account));
    key(&mut a, KeyCode::Char('d'));
    // Three decimals are refused as typed.
    keys(&mut a, "1,005");
    let s = screen(&mut a, 80, 24);
    assert!(
        a.screens
            .money
            .form
            .as_ref()
            .is_some_and(|f| f.fields[0].1.error.is_some()),
        "{s}"
    );
    clear(&mut a);
    keys(&mut a, "0");
    key(&mut a, KeyCode::F(2));
    assert!(
        screen(&mut a, 80, 24).contains("El valor debe ser mayor que cero."),
        "zero"
    );
    clear(&mut a);
    keys(&mut a, "10");
    // A date that does not exist, then one in a closed month.
    key(&mut a, KeyCode::Tab);
    clear(&mut a);
    keys(&mut a, "2026-02-30");
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("no es una fecha válida"));
    clear(&mut a);
    keys(&mut a, "2026-01-15");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        a.screens
            .money
            .form
            .as_ref()
            .is_some_and(|f| f.pending.is_none()),
        "{s}"
    );
    // Not a cash account.
    clear(&mut a);
    keys(&mut a, "2026-11-20");
    key(&mut a, KeyCode::Tab);
    clear(&mut a);
    keys(&mut a, "2101");
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("La cuenta 2101 no es de caja ni de bancos."));
    key(&mut a, KeyCode::Esc);
    assert_eq!(entries(&a), before);
    assert_eq!(account_balance(&a, account), balance_before);
}

// ---- the solidarity fund ----

#[test]
fn the_fund_screen_shows_the_balance_movements_and_grants() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('7'));
        assert_eq!(a.screens.money.view, View::Fund);
        let s = screen(&mut a, 80, 24);
        let balance = book(&a).fund_balance().expect("fund");
        assert!(s.contains(&balance.localized(lang)), "{s}");
        for g in book(&a).fund_grants().expect("grants").iter().rev().take(3) {
            let who: String = g.beneficiary.chars().take(15).collect();
            assert!(s.contains(&who), "{s}");
            assert!(s.contains(&g.amount.localized(lang)), "{s}");
        }
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "fund_screen_es",
                Lang::En => "fund_screen_en",
            },
            s
        );
    }
}

#[test]
fn a_grant_is_reviewed_then_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, _, _) = saver(&a, 2);
    key(&mut a, KeyCode::Char('7'));
    let (before, fund_before, grants_before) = (
        entries(&a),
        book(&a).fund_balance().expect("fund"),
        book(&a).fund_grants().expect("grants").len(),
    );
    key(&mut a, KeyCode::Char('g'));
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "15");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Enfermedad");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 21");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("Entregar 15,00 a {}", m.full_name())),
        "{s}"
    );
    insta::assert_snapshot!("grant_review_es", s);
    assert_eq!(entries(&a), before);
    key(&mut a, KeyCode::Enter);
    let amount = Money::parse("15").expect("amount");
    assert_eq!(entries(&a), before + 1);
    assert_eq!(book(&a).fund_balance().expect("fund"), fund_before - amount);
    let grants = book(&a).fund_grants().expect("grants");
    assert_eq!(grants.len(), grants_before + 1);
    let g = grants.last().expect("the grant");
    assert_eq!(
        (g.member, g.amount, g.reason.as_str(), g.approval.as_str()),
        (Some(m.id), amount, "Enfermedad", "Acta 21")
    );
    assert!(books_whole(&a));
    assert_eq!(a.screens.money.view, View::Fund);
}

#[test]
fn a_grant_beyond_the_fund_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('7'));
    let before = entries(&a);
    let fund = book(&a).fund_balance().expect("fund");
    key(&mut a, KeyCode::Char('g'));
    keys(&mut a, "Perugachi family");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, &(fund + Money::parse("1").expect("one")).plain());
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Fire");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Minutes 3");
    enter(&mut a, 3);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!(
            "exceeds the solidarity fund's balance ({})",
            fund.localized(Lang::En)
        )),
        "{s}"
    );
    enter(&mut a, 2);
    assert_eq!(entries(&a), before);
    assert_eq!(book(&a).fund_balance().expect("fund"), fund);
    // Without an approval reference, a grant is refused too (Esc on the
    // filled form asks first; "s" throws it away).
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Char('g'));
    keys(&mut a, "Perugachi family");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "1");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Fire");
    key(&mut a, KeyCode::F(2));
    assert!(
        screen(&mut a, 80, 24).contains("A grant needs a beneficiary, a reason and an approval")
    );
    assert_eq!(entries(&a), before);
}

#[test]
fn a_voluntary_contribution_goes_into_the_fund() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('7'));
    let (before, fund_before, cash_before) = (
        entries(&a),
        book(&a).fund_balance().expect("fund"),
        cash(&a),
    );
    key(&mut a, KeyCode::Char('a'));
    // No member: a contribution from outside the association.
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "30");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Rifa de la fiesta");
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("Aporte de 30,00 al fondo solidario"));
    key(&mut a, KeyCode::Enter);
    let amount = Money::parse("30").expect("amount");
    assert_eq!(entries(&a), before + 1);
    assert_eq!(book(&a).fund_balance().expect("fund"), fund_before + amount);
    assert_eq!(cash(&a), cash_before + amount);
    assert!(books_whole(&a));
    assert!(screen(&mut a, 80, 24).contains("Rifa de la fiesta"));
}

// ---- loans ----

/// The active loan with the most days late.
pub(crate) fn late_loan(a: &App) -> u32 {
    let b = book(a);
    b.loan_portfolio(b.today())
        .expect("portfolio")
        .into_iter()
        .filter(|r| r.status == "active")
        .max_by_key(|r| r.days_past_due)
        .map(|r| r.loan)
        .expect("an active loan")
}

/// Selects a loan in the list (its row) and opens its card.
pub(crate) fn open_loan(a: &mut App, id: u32) {
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
}

#[test]
fn the_loan_list_shows_the_portfolio_with_arrears() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('6'));
        assert_eq!(a.screens.money.view, View::Loans);
        let s = screen(&mut a, 80, 24);
        let b = book(&a);
        let arrears = b.loan_arrears(b.today()).expect("arrears");
        assert!(s.contains(&arrears.outstanding.localized(lang)), "{s}");
        let late = b
            .loan_portfolio(b.today())
            .expect("rows")
            .into_iter()
            .max_by_key(|r| r.days_past_due)
            .expect("rows");
        assert!(s.contains(&format!(" {}  ", late.days_past_due)), "{s}");
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "loan_list_es",
                Lang::En => "loan_list_en",
            },
            s
        );
    }
}

#[test]
fn the_loan_card_shows_the_schedule_the_operations_and_the_payoff() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        let id = late_loan(&a);
        open_loan(&mut a, id);
        let s = screen(&mut a, 80, 24);
        let b = book(&a);
        let payoff = b.payoff_amount(id, b.today()).expect("payoff");
        assert!(s.contains(&payoff.localized(lang)), "{s}");
        let overdue = match lang {
            Lang::Es => "Vencida",
            Lang::En => "Overdue",
        };
        assert!(s.contains(overdue), "{s}");
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "loan_card_es",
                Lang::En => "loan_card_en",
            },
            s
        );
        // Esc goes back to the list, the loan still selected.
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screens.money.view, View::Loans);
        assert_eq!(a.screens.money.loans[a.screens.money.loan_sel].loan, id);
    }
}

#[test]
fn the_simulator_follows_the_figures_typed() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('6'));
        key(&mut a, KeyCode::Char('s'));
        assert_eq!(a.screens.money.view, View::Simulator);
        // The example of issue 5: 1000 at 15 % over 12 months from 2026-01-15.
        keys(&mut a, "1000");
        key(&mut a, KeyCode::Tab);
        keys(&mut a, "15");
        key(&mut a, KeyCode::Tab);
        keys(&mut a, "12");
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        keys(&mut a, "2026-01-15");
        let s = screen(&mut a, 80, 24);
        let start = NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
        let amount = Money::parse("1000").expect("amount");
        let fr = schedule(Method::French, amount, Decimal::from(15), 12, start).expect("french");
        let ge = schedule(Method::German, amount, Decimal::from(15), 12, start).expect("german");
        assert_eq!(
            fr.installments[0].payment,
            Money::parse("90.26").expect("p")
        );
        for m in [
            fr.installments[0].payment,
            ge.installments[0].payment,
            fr.total_interest(),
            ge.total_interest(),
        ] {
            assert!(s.contains(&m.localized(lang)), "{s}");
        }
        assert!(s.contains("16"), "{s}");
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "simulator_es",
                Lang::En => "simulator_en",
            },
            s
        );
        // The method: German shows its own schedule; the rest of the schedule by PgDn.
        backtab(&mut a);
        keys(&mut a, "g");
        key(&mut a, KeyCode::PageDown);
        let s = screen(&mut a, 80, 24);
        let last = ge.installments.last().expect("last");
        assert!(s.contains(&last.payment.localized(lang)), "{s}");
        // A bad figure is explained and the schedule goes away.
        key(&mut a, KeyCode::Tab);
        keys(&mut a, "x");
        let s = screen(&mut a, 80, 24);
        assert!(a.screens.money.sim.chosen.is_none(), "{s}");
        assert!(
            s.contains(match lang {
                Lang::Es => "no es una fecha válida",
                Lang::En => "is not a valid date",
            }),
            "{s}"
        );
        // Nothing is ever written by the simulator.
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screens.money.view, View::Loans);
    }
}

/// Two active members with no loan: the borrower has savings enough for the guarantee.
pub(crate) fn borrower_and_guarantor(a: &App) -> (Member, Member) {
    let b = book(a);
    let mut ms = b.members().expect("members");
    ms.sort_by_key(|m| m.id);
    let active: Vec<Member> = ms.into_iter().filter(|m| m.status.is_active()).collect();
    let borrower = active
        .iter()
        .find(|m| {
            b.member_loans(m.id).expect("loans").is_empty()
                && b.member_savings(m.id)
                    .expect("savings")
                    .iter()
                    .any(|v| v.available >= Money::parse("50").expect("50"))
        })
        .cloned()
        .expect("a member who can borrow");
    let guarantor = active
        .into_iter()
        .find(|m| m.id != borrower.id)
        .expect("a guarantor");
    (borrower, guarantor)
}

#[test]
fn an_application_then_a_disbursement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, g) = borrower_and_guarantor(&a);
    let loans_before = book(&a).loans().expect("loans").len();
    let before = entries(&a);
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "2");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "200");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "6");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, &g.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 30");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Semillas");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("Solicitud de {}: 200,00 a 6 meses", m.full_name())),
        "{s}"
    );
    assert!(s.contains(&g.full_name()), "{s}");
    insta::assert_snapshot!("application_review_es", s);
    assert_eq!(book(&a).loans().expect("loans").len(), loans_before);
    key(&mut a, KeyCode::Enter);

    // Recorded as an application: no money moved.
    let loans = book(&a).loans().expect("loans");
    assert_eq!(loans.len(), loans_before + 1);
    let loan = loans.iter().max_by_key(|l| l.id).expect("the loan").clone();
    assert_eq!(
        (
            loan.member,
            loan.guarantor,
            loan.amount,
            loan.months,
            &loan.status
        ),
        (
            m.id,
            Some(g.id),
            Money::parse("200").expect("200"),
            6,
            &LoanStatus::Applied
        )
    );
    assert_eq!(entries(&a), before);
    assert_eq!(a.screens.money.view, View::LoanCard);

    // The disbursement from the loan card.
    let cash_before = cash(&a);
    key(&mut a, KeyCode::Char('d'));
    enter(&mut a, 2);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!("Desembolsar 200,00 a {}", m.full_name())),
        "{s}"
    );
    assert!(s.contains("Encaje que se bloquea de sus ahorros"), "{s}");
    assert!(s.contains("20,00"), "{s}");
    key(&mut a, KeyCode::Enter);
    let loan = book(&a).loan(loan.id).expect("loan");
    assert_eq!(loan.status, LoanStatus::Active);
    assert_eq!(loan.installments.len(), 6);
    assert_eq!(
        loan.guarantee.map(|(_, g)| g),
        Some(Money::parse("20").expect("20"))
    );
    // The disbursement and the guarantee block.
    assert_eq!(entries(&a), before + 2);
    assert_eq!(cash(&a), cash_before - loan.amount);
    assert!(books_whole(&a));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Por vencer"), "{s}");
}

#[test]
fn an_application_with_the_borrower_as_guarantor_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    let (m, _) = borrower_and_guarantor(&a);
    let loans_before = book(&a).loans().expect("loans").len();
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "2");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "200");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "6");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Minutes 30");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("The guarantor must be another active member."),
        "{s}"
    );
    // Beyond the product's limits: refused before the confirmation too. The
    // focus is on the guarantor, the field at fault.
    clear(&mut a);
    backtab(&mut a);
    backtab(&mut a);
    clear(&mut a);
    keys(&mut a, "99999");
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("The amount exceeds the product's maximum"),
        "{s}"
    );
    enter(&mut a, 1);
    assert_eq!(book(&a).loans().expect("loans").len(), loans_before);
}

#[test]
fn a_repayment_shows_the_allocation_before_it_is_recorded() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        let id = late_loan(&a);
        open_loan(&mut a, id);
        let before = entries(&a);
        let b = book(&a);
        let today = b.today();
        let loan_before = b.loan(id).expect("loan");
        key(&mut a, KeyCode::Char('p'));
        // What is due today is suggested; a smaller amount replaces it.
        keys(&mut a, "20");
        key(&mut a, KeyCode::F(2));
        let amount = Money::parse("20").expect("20");
        let (alloc, _) = book(&a).plan_loan_payment(id, amount, today).expect("plan");
        let s = screen(&mut a, 80, 24);
        for m in [alloc.late, alloc.interest, alloc.principal] {
            assert!(s.contains(&m.localized(lang)), "{s}");
        }
        assert!(alloc.late.is_positive(), "the loan is late: {alloc:?}");
        insta::assert_snapshot!(
            match lang {
                Lang::Es => "repayment_review_es",
                Lang::En => "repayment_review_en",
            },
            s
        );
        assert_eq!(entries(&a), before);
        key(&mut a, KeyCode::Enter);
        assert_eq!(entries(&a), before + 1);
        let loan = book(&a).loan(id).expect("loan");
        assert_eq!(
            loan.outstanding(),
            loan_before.outstanding() - alloc.principal
        );
        assert!(books_whole(&a));
        assert_eq!(a.screens.money.view, View::LoanCard);
    }
}

#[test]
fn a_repayment_above_the_payoff_is_refused_and_the_payoff_closes_the_loan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let id = late_loan(&a);
    open_loan(&mut a, id);
    let before = entries(&a);
    let b = book(&a);
    let payoff = b.payoff_amount(id, b.today()).expect("payoff");
    key(&mut a, KeyCode::Char('p'));
    keys(&mut a, &(payoff + Money::parse("1").expect("1")).plain());
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!(
            "El pago supera lo que cancela el préstamo ({})",
            payoff.localized(Lang::Es)
        )),
        "{s}"
    );
    // Reviewing again is refused again; the focus stays on the amount.
    key(&mut a, KeyCode::F(2));
    assert_eq!(entries(&a), before);

    // The payoff itself pays the loan off and releases the guarantee.
    clear(&mut a);
    keys(&mut a, &payoff.plain());
    key(&mut a, KeyCode::F(2));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Este pago cancela el préstamo"), "{s}");
    key(&mut a, KeyCode::Enter);
    let loan = book(&a).loan(id).expect("loan");
    assert!(
        matches!(loan.status, LoanStatus::PaidOff(_)),
        "{:?}",
        loan.status
    );
    assert!(books_whole(&a));
    let status = a.status.clone().unwrap_or_default();
    assert!(status.0.contains("quedó cancelado"), "{status:?}");
    // A paid-off loan takes no more payments.
    key(&mut a, KeyCode::Char('p'));
    assert_eq!(a.screens.money.view, View::LoanCard);
    assert!(a.status.as_ref().is_some_and(|(_, err)| *err));
}

#[test]
fn the_screens_survive_small_terminals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    let (m, _, _) = saver(&a, 0);
    let id = late_loan(&a);
    let sizes = [(60, 12), (61, 13), (80, 24), (120, 40), (20, 5)];
    let visit = |a: &mut App| {
        for (w, h) in sizes {
            screen(a, w, h);
        }
    };
    open_card(&mut a, &m);
    key(&mut a, KeyCode::Char('h'));
    visit(&mut a);
    key(&mut a, KeyCode::Char('w'));
    visit(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('7'));
    visit(&mut a);
    key(&mut a, KeyCode::Char('g'));
    visit(&mut a);
    key(&mut a, KeyCode::Esc);
    open_loan(&mut a, id);
    visit(&mut a);
    key(&mut a, KeyCode::Char('p'));
    key(&mut a, KeyCode::F(2));
    visit(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('s'));
    visit(&mut a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('a'));
    visit(&mut a);
}

#[test]
fn the_help_of_the_loan_list_lists_its_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 80, 24);
    for k in [
        "Solicitud",
        "Desembolsar",
        "Pagar",
        "Simulador",
        "Fondo solidario",
    ] {
        assert!(s.contains(k), "{k}: {s}");
    }
}

#[test]
fn the_lists_scroll_within_their_bounds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    // The fund's movements: the latest at the bottom; up as far as the first, and back.
    key(&mut a, KeyCode::Char('7'));
    let first = screen(&mut a, 80, 24);
    let n = a
        .screens
        .money
        .fund
        .as_ref()
        .map(|f| f.movements.len())
        .unwrap_or(0);
    let rows = a
        .screens
        .money
        .table_rows(a.density, a.body().expect("a size"))
        .expect("the fund's table");
    assert!(n > rows, "more movements than rows");
    for _ in 0..n + 5 {
        key(&mut a, KeyCode::Up);
    }
    let top = screen(&mut a, 80, 24);
    assert_ne!(top, first);
    let oldest = &a.screens.money.fund.as_ref().expect("fund").movements[0];
    assert!(top.contains(&oldest.balance.localized(Lang::Es)), "{top}");
    // One Down moves the window at once (no dead presses at the end).
    key(&mut a, KeyCode::Down);
    assert_ne!(screen(&mut a, 80, 24), top);
    key(&mut a, KeyCode::PageDown);
    for _ in 0..n {
        key(&mut a, KeyCode::PageDown);
    }
    assert_eq!(screen(&mut a, 80, 24), first);

    // The loan card's schedule: a long one scrolls to its last installment and back.
    let id = late_loan(&a);
    open_loan(&mut a, id);
    let len = a
        .screens
        .money
        .statement
        .as_ref()
        .map(|s| s.loan.installments.len())
        .unwrap_or(0);
    screen(&mut a, 80, 24);
    for _ in 0..len + 3 {
        key(&mut a, KeyCode::Down);
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&format!(" {len} ")), "{s}");
    key(&mut a, KeyCode::Up);
    assert_ne!(
        screen(&mut a, 80, 24),
        s,
        "one Up shows an earlier installment"
    );
}

#[test]
fn a_transfer_between_a_members_accounts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    // A member with two accounts and money available in the first (the ordinary one).
    let b = book(&a);
    let (m, from, to) = b
        .members()
        .expect("members")
        .into_iter()
        .filter(|m| m.status.is_active())
        .find_map(|m| {
            let v = b.member_savings(m.id).ok()?;
            (v.len() == 2 && v[0].available >= Money::parse("5").ok()?)
                .then(|| (m, v[0].account.id, v[1].account.id))
        })
        .expect("a member with two accounts");
    open_card(&mut a, &m);
    key(&mut a, KeyCode::Char('h'));
    let (before, from_before, to_before) = (
        entries(&a),
        account_balance(&a, from),
        account_balance(&a, to),
    );
    key(&mut a, KeyCode::Char('t'));
    // Too much is refused with the figures.
    keys(&mut a, "999999");
    key(&mut a, KeyCode::F(2));
    assert!(screen(&mut a, 80, 24).contains("No se puede retirar 999.999,00"));
    clear(&mut a);
    keys(&mut a, "5");
    // The other account is suggested: amount, account, date, then the review.
    enter(&mut a, 3);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(&format!(
            "Transferir 5,00 de la cuenta {from} a la cuenta {to}"
        )),
        "{s}"
    );
    assert_eq!(entries(&a), before);
    key(&mut a, KeyCode::Enter);
    let five = Money::parse("5").expect("5");
    assert_eq!(entries(&a), before + 1);
    assert_eq!(account_balance(&a, from), from_before - five);
    assert_eq!(account_balance(&a, to), to_before + five);
    assert!(books_whole(&a));
    assert_eq!(a.screens.money.view, View::Savings);
}

/// The simulator reads the rate and the term with the command line's rules
/// (one parser for both): `15 %` and `15,5` are rates, `15%%` and `150` are
/// not, nor is `+12` a term; each refusal says why, in the field's words.
#[test]
fn the_simulator_reads_rates_and_terms_as_the_command_line_does() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        key(&mut a, KeyCode::Char('6'));
        key(&mut a, KeyCode::Char('s'));
        assert_eq!(a.screens.money.view, View::Simulator);
        keys(&mut a, "1000");
        key(&mut a, KeyCode::Tab);
        let (not_rate, not_term) = match lang {
            Lang::Es => ("no es una tasa", "no es un plazo"),
            Lang::En => ("is not a rate", "is not a term"),
        };
        for (typed, ok) in [
            ("15%%", false),
            ("150", false),
            ("1.5.5", false),
            ("15 %", true),
            ("15,5", true),
            ("15.5%", true),
        ] {
            clear(&mut a);
            keys(&mut a, typed);
            let s = screen(&mut a, 80, 24);
            assert_eq!(a.screens.money.sim.chosen.is_some(), ok, "{typed}: {s}");
            assert_eq!(s.contains(not_rate), !ok, "{typed}: {s}");
            // The whole reason fits the screen's line.
            assert!(ok || s.contains("15,5.") || s.contains("15.5."), "{s}");
            assert_eq!(
                ayni::domain::input::rate(typed).is_ok(),
                ok,
                "the command line agrees on {typed}"
            );
        }
        key(&mut a, KeyCode::Tab);
        for (typed, ok) in [("+12", false), ("doce", false), ("12", true)] {
            clear(&mut a);
            keys(&mut a, typed);
            let s = screen(&mut a, 80, 24);
            assert_eq!(a.screens.money.sim.chosen.is_some(), ok, "{typed}: {s}");
            assert_eq!(s.contains(not_term), !ok, "{typed}: {s}");
        }
    }
}
