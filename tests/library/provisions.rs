//! Loan-loss provisions (1499): each close brings them to what the portfolio
//! requires by days past due; a cure releases them; a write-off uses them
//! first; the balance sheet shows the net portfolio.

use ayni::books::close::CloseOptions;
use ayni::books::loans::LoanApplication;
use ayni::books::{Book, Clock};
use ayni::domain::entry::{Entry, Side};
use ayni::domain::ident::make_cedula;
use ayni::domain::loan::{LoanProduct, LoanStatus, Method, Prepay};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, ProvisionRates, Settings};
use ayni::i18n::Lang;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default())
}
fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}
fn m(c: i64) -> Money {
    Money::from_cents(c)
}
fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}

/// A caja with two members, cash to lend, and a German product at 12 % with
/// no guarantee: loan A of 1200.00 for 12 months and loan B of 600.00 for
/// 6 months, both disbursed on 5 January 2026 (installments on the 5th).
fn book_with_two_loans(dir: &tempfile::TempDir) -> (Book, u32, u32) {
    let settings = Settings::new("Caja Provisiones", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(
        &dir.path().join("b.ayni"),
        settings,
        at("2026-01-02 09:00:00"),
    )
    .expect("book");
    let ids: Vec<u32> = (0..2)
        .map(|i| {
            book.add_member(&MemberInput {
                id_number: make_cedula(10, 7_100_000 + i),
                first_names: format!("Socia {i}"),
                last_names: "Cotacachi".into(),
                gender: "F".into(),
                join_date: "2025-03-01".into(),
                ..Default::default()
            })
            .expect("member")
            .id
        })
        .collect();
    book.deposit(ids[0], None, m(300_000), d("2026-01-02"), "1101")
        .expect("savings");
    let (p, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::German,
            rate: Decimal::from(12),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("product");
    // The loans are disbursed on the 5th: no disbursement is dated after today.
    book.set_clock(at("2026-01-05 09:00:00"));
    let mut lend = |member: u32, cents: i64, months: u32| {
        let (loan, _) = book
            .apply_loan(&LoanApplication {
                member,
                product: p.id,
                amount: m(cents),
                months,
                rate: None,
                purpose: "Semillas".into(),
                guarantor: Some(ids[0] + ids[1] - member),
                approval: "Acta 2".into(),
                date: d("2026-01-05"),
            })
            .expect("applied");
        book.disburse_loan(loan.id, d("2026-01-05"), "1101")
            .expect("disbursed");
        loan.id
    };
    let a = lend(ids[0], 120_000, 12);
    let b = lend(ids[1], 60_000, 6);
    (book, a, b)
}

/// Pays what loan `id` owes on `date` (late interest, interest, principal due).
fn pay_due(book: &mut Book, id: u32, date: &str) -> Entry {
    book.set_clock(at(&format!("{date} 10:00:00")));
    let (alloc, _) = book
        .plan_loan_payment(id, m(10_000_000), d(date))
        .expect("plan");
    let due = alloc.late + alloc.interest + alloc.principal;
    book.pay_loan(id, due, d(date), "1101", Prepay::ShortenTerm)
        .expect("paid")
        .0
}

fn close(book: &mut Book, month: Month, now: &str) -> ayni::books::close::CloseSummary {
    book.set_clock(at(now));
    book.close_month_with(
        month,
        &CloseOptions {
            backup: false,
            ..CloseOptions::default()
        },
    )
    .expect("closed")
}

/// 1499's credit balance at a month's end.
fn held(book: &Book, month: Month) -> Money {
    -book.balance_of("1499", month).expect("1499")
}

fn line(e: &Entry, account: &str, side: Side) -> Money {
    e.postings
        .iter()
        .filter(|p| p.account == account && p.side == side)
        .map(|p| p.amount)
        .sum()
}

fn assert_whole(book: &Book) {
    let r = book.check().expect("check");
    assert!(r.ok(), "{:?}", r.first_problem());
}

#[test]
fn each_close_provisions_the_portfolio_by_days_past_due_and_releases_what_cures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, a, b) = book_with_two_loans(&dir);
    assert_eq!(
        book.provision_rates().expect("rates"),
        ProvisionRates::default()
    );

    // January: both loans up to date, 1 % of 1800.00.
    let jan = close(&mut book, mo(2026, 1), "2026-01-31 18:00:00");
    assert_eq!(jan.provision.required.total, m(1_800));
    assert_eq!(jan.provision.held, Money::ZERO);
    let e = book
        .entry(jan.provision_entry.expect("a provision entry"))
        .expect("read")
        .expect("entry");
    assert_eq!(e.date, d("2026-01-31"));
    assert_eq!(line(&e, "4402", Side::Debit), m(1_800));
    assert_eq!(line(&e, "1499", Side::Credit), m(1_800));
    assert_eq!(held(&book, mo(2026, 1)), m(1_800));

    // February: A pays its installment; B misses hers (23 days late on the 28th: 3 %).
    pay_due(&mut book, a, "2026-02-05");
    let feb = close(&mut book, mo(2026, 2), "2026-02-28 18:00:00");
    assert_eq!(feb.provision.required.buckets[0].outstanding, m(110_000));
    assert_eq!(feb.provision.required.buckets[1].outstanding, m(60_000));
    // 1100 x 1 % + 600 x 3 % = 11.00 + 18.00.
    assert_eq!(feb.provision.required.total, m(2_900));
    assert_eq!(feb.provision.adjustment.change(), m(1_100));
    assert_eq!(held(&book, mo(2026, 2)), m(2_900));

    // March is closed on 6 April, after A paid April's installment on the
    // 5th: the provision is of the loans as they stood on 31 March (A owed
    // 1000.00 then, 900.00 now). B is 54 days late: 10 %.
    pay_due(&mut book, a, "2026-03-05");
    pay_due(&mut book, a, "2026-04-05");
    let mar = close(&mut book, mo(2026, 3), "2026-04-06 09:00:00");
    assert_eq!(mar.provision.required.buckets[0].outstanding, m(100_000));
    assert_eq!(mar.provision.required.buckets[2].outstanding, m(60_000));
    assert_eq!(mar.provision.required.total, m(7_000));
    assert_eq!(held(&book, mo(2026, 3)), m(7_000));
    assert_whole(&book);

    // The balance sheet shows the portfolio net of the provision.
    let pos = ayni::report::statements::financial_position(&book, mo(2026, 3), Lang::Es)
        .expect("position");
    let find = |code: &str| {
        pos.assets
            .lines
            .iter()
            .find(|l| l.code.as_deref() == Some(code))
            .cloned()
            .unwrap_or_else(|| panic!("no line {code}: {:?}", pos.assets.lines))
    };
    assert_eq!(find("1499").amount.current, m(-7_000));
    let gross = find("1404").amount.current
        + pos
            .assets
            .lines
            .iter()
            .find(|l| l.code.as_deref() == Some("1452"))
            .map(|l| l.amount.current)
            .unwrap_or_default();
    assert_eq!(gross, m(160_000));
    let portfolio = find("14");
    assert_eq!(portfolio.amount.current, m(153_000));
    assert!(portfolio.name.contains("valor neto"), "{}", portfolio.name);
    assert!(pos.balanced);

    // April: B pays everything due on the 10th and is up to date at the
    // month's end; the provision falls from 70.00 to 9.00 + 3.00 and the
    // difference is released against this year's provision expense.
    pay_due(&mut book, b, "2026-04-10");
    let apr = close(&mut book, mo(2026, 4), "2026-04-30 18:00:00");
    assert_eq!(apr.provision.required.total, m(1_200));
    assert_eq!(apr.provision.adjustment.change(), m(-5_800));
    let e = book
        .entry(apr.provision_entry.expect("a release"))
        .expect("read")
        .expect("entry");
    assert_eq!(line(&e, "1499", Side::Debit), m(5_800));
    assert_eq!(line(&e, "4402", Side::Credit), m(5_800));
    assert_eq!(held(&book, mo(2026, 4)), m(1_200));
    // The year's provision expense: 18 + 11 + 41 - 58.
    assert_eq!(
        book.balance_of("4402", mo(2026, 4)).expect("4402"),
        m(1_200)
    );
    assert_whole(&book);
}

#[test]
fn a_write_off_uses_the_provision_first_and_the_next_close_rebuilds_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, a, b) = book_with_two_loans(&dir);
    close(&mut book, mo(2026, 1), "2026-01-31 18:00:00");
    pay_due(&mut book, a, "2026-02-05");
    close(&mut book, mo(2026, 2), "2026-02-28 18:00:00");
    pay_due(&mut book, a, "2026-03-05");
    close(&mut book, mo(2026, 3), "2026-03-31 18:00:00");
    // 31 March: A 1000.00 at 1 %, B 600.00 at 54 days, 10 %: 70.00 held.
    assert_eq!(held(&book, mo(2026, 3)), m(7_000));
    // B is written off on 20 April: 600.00, of which 70.00 from the provision.
    book.set_clock(at("2026-04-20 10:00:00"));
    let e = book
        .write_off_loan(b, d("2026-04-20"), "Acta 5 de asamblea")
        .expect("written off");
    assert_eq!(line(&e, "1499", Side::Debit), m(7_000));
    assert_eq!(line(&e, "4402", Side::Debit), m(53_000));
    assert_eq!(
        line(&e, "1404", Side::Credit) + line(&e, "1452", Side::Credit),
        m(60_000)
    );
    assert_eq!(held(&book, mo(2026, 4)), Money::ZERO);
    assert_whole(&book);
    // The April close provisions A alone: 900.00 x 1 %.
    pay_due(&mut book, a, "2026-04-05");
    let apr = close(&mut book, mo(2026, 4), "2026-04-30 18:00:00");
    assert_eq!(apr.provision.required.total, m(900));
    assert_eq!(apr.provision.held, Money::ZERO);
    assert_eq!(held(&book, mo(2026, 4)), m(900));
    // A second write-off larger than the provision: only what it holds.
    book.set_clock(at("2026-05-06 10:00:00"));
    let e = book
        .write_off_loan(a, d("2026-05-06"), "Acta 6 de asamblea")
        .expect("written off");
    assert_eq!(line(&e, "1499", Side::Debit), m(900));
    assert_eq!(line(&e, "4402", Side::Debit), m(90_000) - m(900));
    assert_whole(&book);
}

#[test]
fn the_percentages_are_a_setting_of_the_book_and_the_preview_shows_the_provision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, _a, _b) = book_with_two_loans(&dir);
    let mut rates = ProvisionRates::default();
    rates.percent[0] = Decimal::new(25, 1); // 2.5 % on loans up to date
    book.set_provision_rates(rates).expect("saved");
    assert_eq!(book.provision_rates().expect("rates"), rates);
    // Out of order: refused, the saved ones stay.
    let mut bad = rates;
    bad.percent[1] = Decimal::ONE;
    let e = book.set_provision_rates(bad).expect_err("refused");
    assert!(e.message(Lang::En).contains("cannot be lower"), "{e}");
    assert_eq!(book.provision_rates().expect("rates"), rates);

    book.set_clock(at("2026-01-31 18:00:00"));
    let entries = book.entry_count(None).expect("count");
    let p = book
        .close_preview(mo(2026, 1), &CloseOptions::default(), None)
        .expect("preview");
    // 1800.00 x 2.5 %.
    assert_eq!(p.provision.required.total, m(4_500));
    let e = p.provision_entry.expect("the entry it would post");
    assert_eq!(line(&e, "1499", Side::Credit), m(4_500));
    // The preview posted nothing.
    assert_eq!(book.entry_count(None).expect("count"), entries);
    assert_eq!(book.closed_through().expect("closed"), None);
    let s = close(&mut book, mo(2026, 1), "2026-01-31 18:00:00");
    assert_eq!(s.provision, p.provision);
    assert_eq!(held(&book, mo(2026, 1)), m(4_500));
}

#[test]
fn check_reconciles_the_provision_with_the_percentages_of_its_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut book, a, b) = book_with_two_loans(&dir);
    // Before any close there is nothing to reconcile, and that is said.
    let r = book.check().expect("check");
    let item = r
        .items
        .iter()
        .find(|i| i.name == "provisions")
        .expect("a provisions item");
    assert!(
        item.ok && item.detail(Lang::En).contains("no close"),
        "{item:?}"
    );
    close(&mut book, mo(2026, 1), "2026-01-31 18:00:00");
    // The percentages change after the close: the closed month keeps what it
    // posted and the check recomputes it with the ones then in force.
    let mut rates = ProvisionRates::default();
    rates.percent[0] = Decimal::from(2);
    book.set_provision_rates(rates).expect("saved");
    let r = book.check().expect("check");
    assert!(r.ok(), "{:?}", r.first_problem());
    let item = r
        .items
        .iter()
        .find(|i| i.name == "provisions")
        .expect("a provisions item");
    assert!(item.detail(Lang::Es).contains("18,00"), "{item:?}");
    // The next close applies them: both pay in February, 2 % of 1600.00.
    pay_due(&mut book, a, "2026-02-05");
    pay_due(&mut book, b, "2026-02-05");
    let feb = close(&mut book, mo(2026, 2), "2026-02-28 18:00:00");
    assert_eq!(feb.provision.required.buckets[0].percent, Decimal::from(2));
    assert_eq!(feb.provision.required.total, m(3_200));
    assert_eq!(held(&book, mo(2026, 2)), feb.provision.required.total);
    assert_whole(&book);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever each borrower pays, misses or catches up month by month
    /// (and whether a loan is written off on the way), after each close
    /// 1499 holds exactly the sum of the loans' required provisions at the
    /// month's end, and `ayni check` reconciles the book.
    #[test]
    fn after_each_close_1499_is_the_portfolio_s_required_provision(
        plan in proptest::collection::vec((0u8..3, 0u8..3), 1..8),
        write_off in proptest::option::of(1usize..8),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut book, a, b) = book_with_two_loans(&dir);
        let mut month = mo(2026, 1);
        let mut written_off = false;
        for (k, (pa, pb)) in plan.iter().enumerate() {
            // 0: nothing paid; 1: what is due on the 5th; 2: late, on the 20th.
            for (id, p) in [(a, *pa), (b, *pb)] {
                if written_off && id == b {
                    continue;
                }
                let day = match p {
                    1 => 5,
                    2 => 20,
                    _ => continue,
                };
                if let Some(date) = month.first_day().with_day(day) {
                    let date = date.format("%Y-%m-%d").to_string();
                    book.set_clock(at(&format!("{date} 10:00:00")));
                    let (alloc, _) = book
                        .plan_loan_payment(id, m(10_000_000), d(&date))
                        .expect("plan");
                    let due = alloc.late + alloc.interest + alloc.principal;
                    if due.is_positive() {
                        book.pay_loan(id, due, d(&date), "1101", Prepay::ShortenTerm)
                            .expect("paid");
                    }
                }
            }
            if write_off == Some(k) && !written_off {
                let date = month.first_day().with_day(25).expect("25th");
                book.set_clock(at(&format!("{} 11:00:00", date.format("%Y-%m-%d"))));
                let active = matches!(book.loan(b).expect("loan").status, LoanStatus::Active);
                if active {
                    let e = book.write_off_loan(b, date, "Acta de asamblea").expect("written off");
                    // What the provision held went first.
                    proptest::prop_assert!(!line(&e, "1499", Side::Debit).is_negative());
                    written_off = true;
                } else {
                    // Paid off by the catch-up payments: nothing is left to
                    // write off, and the refusal posts nothing.
                    let before = book.entry_count(None).expect("count");
                    proptest::prop_assert!(book.write_off_loan(b, date, "Acta de asamblea").is_err());
                    proptest::prop_assert_eq!(book.entry_count(None).expect("count"), before);
                }
            }
            let end = month.last_day().format("%Y-%m-%d").to_string();
            let s = close(&mut book, month, &format!("{end} 18:00:00"));
            let (required, now_held) = book.provision_at(month).expect("provision");
            proptest::prop_assert_eq!(required.total, s.provision.required.total);
            proptest::prop_assert_eq!(now_held, required.total);
            proptest::prop_assert_eq!(held(&book, month), required.total);
            let r = book.check().expect("check");
            proptest::prop_assert!(r.ok(), "{:?}", r.first_problem());
            month = month.next();
        }
    }
}
