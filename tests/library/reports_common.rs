//! A small book with fourteen months of history for the report tests:
//! three members (one whose surname looks like a spreadsheet formula), dues,
//! savings, a loan, expenses, a bank sub-account with a formula-like name,
//! every month from January 2025 to February 2026 closed (December with its
//! year-end entry), March 2026 open.
#![allow(dead_code)]

use ayni::books::dues::ChargeTypeInput;
use ayni::books::ledger::JournalFilter;
use ayni::books::loans::LoanApplication;
use ayni::books::{Book, Clock};
use ayni::domain::dues::ChargeKind;
use ayni::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use ayni::domain::ident::{make_cedula, make_company_ruc};
use ayni::domain::loan::{LoanProduct, Method, Prepay};
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

pub fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock"))
}
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}
pub fn m(c: i64) -> Money {
    Money::from_cents(c)
}
pub fn mo(y: i32, mm: u32) -> Month {
    Month::new(y, mm).expect("month")
}

pub const NAME: &str = "Caja <Unión> & Progreso";
pub const TREASURER: &str = "María Quishpe";
pub const PRESIDENT: &str = "José Tituaña";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub book: Book,
    pub ana: u32,
    pub beto: u32,
    pub carla: u32,
    pub loan: u32,
}

pub fn ruc() -> String {
    make_company_ruc(17, 123_456)
}

fn member(book: &mut Book, n: u32, first: &str, last: &str, gender: &str) -> u32 {
    book.add_member(&MemberInput {
        id_number: make_cedula(10, 1_000_000 + n),
        first_names: first.into(),
        last_names: last.into(),
        gender: gender.into(),
        birth_date: "1980-05-02".into(),
        join_date: "2025-01-02".into(),
        community: "San Pablo".into(),
        ..Default::default()
    })
    .expect("member")
    .id
}

fn post(book: &mut Book, date: &str, text: &str, lines: Vec<Posting>) -> Entry {
    let draft = EntryDraft::new(d(date), text, "", EntryKind::Manual, lines).expect("draft");
    book.post(draft).expect("post")
}

/// Closes every month from `from` through `to`, the clock on the next month's first day.
pub fn close_through(book: &mut Book, from: Month, to: Month) {
    let mut mth = from;
    while mth <= to {
        let next = mth.next().first_day();
        book.set_clock(Clock::Fixed(next.and_hms_opt(8, 0, 0).expect("time")));
        book.close_month(mth).expect("close");
        mth = mth.next();
    }
}

pub fn build(with_ruc: bool) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let ruc = ruc();
    let mut settings =
        Settings::new(NAME, with_ruc.then_some(ruc.as_str()), AssocKind::Caja).expect("settings");
    settings.address = "Otavalo, <Imbabura>".into();
    settings.treasurer = TREASURER.into();
    settings.president = PRESIDENT.into();
    let mut book = Book::create_with_clock(
        &dir.path().join("libro.ayni"),
        settings,
        at("2025-01-02 08:00:00"),
    )
    .expect("book");
    let ana = member(&mut book, 1, "Ana", "Quispe Lema", "F");
    let beto = member(&mut book, 2, "Alberto", "Chango", "M");
    let carla = member(&mut book, 3, "Carla", "=SUMA(1;2)", "F");
    book.add_sub_account("1103", "110301", "=Banco Pichincha")
        .expect("sub-account");
    for (name, kind, cents) in [
        ("Cuota mensual", ChargeKind::MonthlyDues, 300),
        ("Aporte de capital", ChargeKind::Contribution, 500),
        ("Fondo mortuorio", ChargeKind::SolidarityFund, 100),
    ] {
        book.add_charge_type(&ChargeTypeInput {
            name: name.into(),
            kind,
            frequency: None,
            account: None,
            start_month: mo(2025, 1),
            amount: m(cents),
            approval: String::new(),
            members: None,
        })
        .expect("charge type");
    }
    let (product, _) = book
        .add_loan_product(LoanProduct {
            id: 0,
            name: "Microcrédito".into(),
            method: Method::French,
            rate: Decimal::from(18),
            max_months: 24,
            max_amount: m(500_000),
            late_rate: None,
            guarantee_percent: Decimal::ZERO,
            max_savings_multiple: None,
            rate_cap: None,
        })
        .expect("loan product");

    // January 2025: opening donation, dues, savings, an expense, cash to the bank.
    book.set_clock(at("2025-01-20 10:00:00"));
    let opening = EntryDraft::new(
        d("2025-01-02"),
        "Saldo inicial: donación <de la parroquia>",
        "",
        EntryKind::Opening,
        vec![
            Posting::debit("1101", m(200_000)),
            Posting::credit("3402", m(200_000)),
        ],
    )
    .expect("opening");
    book.post(opening).expect("post opening");
    book.pay_dues(ana, m(900), d("2025-01-10"), "1101", None)
        .expect("dues");
    book.pay_dues(beto, m(900), d("2025-01-10"), "1101", None)
        .expect("dues");
    book.deposit(ana, None, m(5_000), d("2025-01-15"), "1101")
        .expect("deposit");
    post(
        &mut book,
        "2025-01-18",
        "Útiles de oficina",
        vec![
            Posting::debit("4503", m(1_250)),
            Posting::credit("1101", m(1_250)),
        ],
    );
    post(
        &mut book,
        "2025-01-19",
        "Depósito en el banco",
        vec![
            Posting::debit("110301", m(100_000)),
            Posting::credit("1101", m(100_000)),
        ],
    );
    close_through(&mut book, mo(2025, 1), mo(2025, 1));

    // February 2025.
    book.set_clock(at("2025-02-20 10:00:00"));
    book.pay_dues(ana, m(900), d("2025-02-10"), "1101", None)
        .expect("dues");
    book.pay_dues(carla, m(1_800), d("2025-02-10"), "1101", None)
        .expect("dues");
    post(
        &mut book,
        "2025-02-12",
        "Refrigerio de la asamblea",
        vec![
            Posting::debit("4507", m(2_000)),
            Posting::credit("1101", m(2_000)),
        ],
    );
    close_through(&mut book, mo(2025, 2), mo(2025, 2));

    // March 2025: a loan to Ana.
    book.set_clock(at("2025-03-05 10:00:00"));
    let (loan, _) = book
        .apply_loan(&LoanApplication {
            member: ana,
            product: product.id,
            amount: m(30_000),
            months: 6,
            rate: None,
            purpose: "Semillas".into(),
            guarantor: Some(beto),
            approval: "Acta 3".into(),
            date: d("2025-03-05"),
        })
        .expect("apply");
    book.disburse_loan(loan.id, d("2025-03-05"), "1101")
        .expect("disburse");
    book.pay_dues(ana, m(600), d("2025-03-10"), "1101", None)
        .expect("dues");
    close_through(&mut book, mo(2025, 3), mo(2025, 3));

    // April 2025: the first installment is paid on time.
    book.set_clock(at("2025-04-05 10:00:00"));
    let first = book.loan(loan.id).expect("loan").installments[0]
        .inst
        .payment;
    book.pay_loan(loan.id, first, d("2025-04-05"), "1101", Prepay::ShortenTerm)
        .expect("loan payment");
    close_through(&mut book, mo(2025, 4), mo(2025, 11));

    // December 2025: bank interest; the year closes.
    book.set_clock(at("2025-12-15 10:00:00"));
    post(
        &mut book,
        "2025-12-15",
        "Intereses del banco",
        vec![
            Posting::debit("110301", m(350)),
            Posting::credit("5190", m(350)),
        ],
    );
    close_through(&mut book, mo(2025, 12), mo(2025, 12));

    // January and February 2026.
    book.set_clock(at("2026-01-20 10:00:00"));
    book.pay_dues(beto, m(2_700), d("2026-01-12"), "1101", None)
        .expect("dues");
    post(
        &mut book,
        "2026-01-14",
        "Pago de luz",
        vec![
            Posting::debit("4503", m(1_500)),
            Posting::credit("1101", m(1_500)),
        ],
    );
    close_through(&mut book, mo(2026, 1), mo(2026, 1));
    book.set_clock(at("2026-02-20 10:00:00"));
    book.pay_dues(ana, m(1_800), d("2026-02-09"), "1101", None)
        .expect("dues");
    let acc = book.member_savings(ana).expect("savings")[0].account.id;
    book.withdraw(acc, m(1_000), d("2026-02-11"), "1101")
        .expect("withdraw");
    book.fund_contribute(Some(beto), m(500), d("2026-02-12"), "1101", "")
        .expect("fund");
    close_through(&mut book, mo(2026, 2), mo(2026, 2));

    // March 2026 stays open.
    book.set_clock(at("2026-03-10 10:00:00"));
    book.deposit(beto, None, m(2_000), d("2026-03-05"), "1101")
        .expect("deposit");
    Fixture {
        dir,
        book,
        ana,
        beto,
        carla,
        loan: loan.id,
    }
}

/// Every entry of the book, oldest first (tests only: reports never do this).
pub fn all_entries(book: &Book) -> Vec<Entry> {
    let mut v = book
        .journal(&JournalFilter::default(), 0, usize::MAX)
        .expect("journal");
    v.sort_by_key(|e| (e.date, e.id));
    v
}

/// Debit minus credit of accounts under `prefix` from the journal, for entries whose date passes `keep`.
pub fn journal_sum(book: &Book, prefix: &str, keep: impl Fn(NaiveDate) -> bool) -> Money {
    let mut s = Money::ZERO;
    for e in all_entries(book) {
        if !keep(e.date) {
            continue;
        }
        for p in &e.postings {
            if p.account.starts_with(prefix) {
                s += p.signed();
            }
        }
    }
    s
}
