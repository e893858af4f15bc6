//! Practice books: a realistic association with members, dues, savings, the
//! solidarity fund and loans, M months of history ending in the current month
//! (earlier months closed). Deterministic for a seed and a clock. Every figure
//! is posted through the same operations a treasurer uses.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use super::TrainingError;
use super::recipe::{Recipe, store_recipe};
use crate::books::close::CloseOptions;
use crate::books::dues::ChargeTypeInput;
use crate::books::loans::LoanApplication;
use crate::books::practice_book::build_practice;
use crate::books::{Book, BookError, Clock};
use crate::domain::account::codes::{BANKS, CASH};
use crate::domain::dues::{ChargeKind, Frequency};
use crate::domain::entry::{EntryDraft, EntryKind, Posting};
use crate::domain::ident::{make_cedula, make_company_ruc};
use crate::domain::loan::{LoanProduct, LoanStatus, Method, Prepay};
use crate::domain::member::MemberInput;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::{InterestBase, SavingsKind};
use crate::domain::settings::{AssocKind, Settings};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub members: usize,
    pub months: u32,
    pub seed: u64,
    /// Replace an existing practice book (never a real one).
    pub force: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            members: 40,
            months: 12,
            seed: 1,
            force: false,
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSummary {
    pub path: PathBuf,
    pub members: usize,
    pub entries: u64,
    pub months_closed: u32,
    pub loans: usize,
}

/// splitmix64: a small, well-known generator; enough for practice data and
/// identical on every machine for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const WOMEN: &[&str] = &[
    "María",
    "Rosa",
    "Carmen",
    "Mercedes",
    "Luz María",
    "Sisa",
    "Nina",
    "Dolores",
    "Blanca",
    "Zoila",
    "Tránsito",
    "Inés",
    "Martha",
    "Juana",
    "Killa",
    "Alicia",
];
const MEN: &[&str] = &[
    "José", "Luis", "Manuel", "Segundo", "Juan", "Pedro", "Alfonso", "Rafael", "Inti", "Amaru",
    "César", "Jorge", "Ángel", "Miguel", "Carlos", "Héctor",
];
const SURNAMES: &[&str] = &[
    "Quispe",
    "Chango",
    "Guamán",
    "Morocho",
    "Pilataxi",
    "Yupanqui",
    "Tupac",
    "Sisa",
    "Cachiguango",
    "Lema",
    "Maldonado",
    "Farinango",
    "Anrango",
    "Tituaña",
    "Guandinango",
    "Chicaiza",
    "Toapanta",
    "Paucar",
    "Caiza",
    "Yamberla",
    "Perugachi",
    "Cotacachi",
    "Andrango",
    "Males",
];
const COMMUNITIES: &[&str] = &[
    "San Pablo del Lago",
    "Cotama",
    "Peguche",
    "La Calera",
    "Ilumán",
    "Agato",
    "Quinchuquí",
    "Gualsaquí",
    "Angla",
    "Cachiviro",
];
const NAMES: &[&str] = &[
    "Caja de Ahorro Sumak Kawsay",
    "Caja Comunal Ñukanchik Kullki",
    "Asociación de Productores Agropecuarios Inti Raymi",
    "Caja de Ahorro Mushuk Pakari",
    "Asociación de Tejedoras Allpa Makikuna",
];

/// Payment habits of a member, for realistic arrears.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Habit {
    OnTime,
    Late,
    Ahead,
    Irregular,
}

fn at(d: NaiveDate, h: u32) -> Clock {
    Clock::Fixed(NaiveDateTime::new(
        d,
        NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default(),
    ))
}

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

/// A charge type of `amount` cents from `start`, monthly on the default
/// account, for every member.
pub(crate) fn charge(name: &str, kind: ChargeKind, start: Month, amount: i64) -> ChargeTypeInput {
    ChargeTypeInput {
        name: name.into(),
        kind,
        frequency: None,
        account: None,
        start_month: start,
        amount: cents(amount),
        approval: String::new(),
        members: None,
    }
}

/// Creates a practice book at `path` (refusing to replace anything but a practice book).
pub fn create_demo(path: &Path, opts: &DemoOptions) -> Result<(Book, DemoSummary), TrainingError> {
    create_demo_with_clock(path, opts, Clock::System)
}

/// The same with the clock given: the history ends in the clock's month.
pub fn create_demo_with_clock(
    path: &Path,
    opts: &DemoOptions,
    clock: Clock,
) -> Result<(Book, DemoSummary), TrainingError> {
    let (book, summary) = build_practice(path, opts.force, |tmp| -> Result<_, TrainingError> {
        let summary = generate(tmp, opts, clock)?;
        // What `ayni reset` rebuilds the book from.
        let mut book = Book::open(tmp)?;
        // A book built for a fixed date keeps it with its recipe.
        book.set_clock(clock);
        store_recipe(
            &mut book,
            &Recipe::Demo {
                members: opts.members,
                months: opts.months,
                seed: opts.seed,
            },
        )?;
        Ok(summary)
    })?;
    let mut book = book;
    book.set_clock(clock);
    Ok((
        book,
        DemoSummary {
            path: path.to_path_buf(),
            ..summary
        },
    ))
}

pub(crate) fn generate(
    tmp: &Path,
    opts: &DemoOptions,
    clock: Clock,
) -> Result<DemoSummary, BookError> {
    let mut rng = Rng(opts.seed ^ 0x00A7_1A11);
    let today = clock.today();
    let end = Month::of(today);
    let months = opts.months.clamp(1, 240);
    let mut start = end;
    for _ in 1..months {
        start = start.prev();
    }
    let first_day = start.first_day();
    let province = rng.range(1, 24) as u8;
    let mut settings = Settings::new(
        rng.pick(NAMES),
        Some(&make_company_ruc(10, rng.range(0, 999_999) as u32)),
        AssocKind::Caja,
    )?;
    settings.address = format!(
        "Comunidad {}, parroquia San Rafael, Otavalo, Imbabura",
        rng.pick(COMMUNITIES)
    );
    settings.treasurer = format!("{} {}", rng.pick(WOMEN), rng.pick(SURNAMES));
    settings.president = format!("{} {}", rng.pick(MEN), rng.pick(SURNAMES));
    settings.practice = true;
    let mut book = Book::create_with_clock(tmp, settings, at(first_day, 8))?;
    // Bulk mode with batching: operations share large store transactions,
    // made durable once at the end. Operations that may refuse (loan
    // applications) run with batching off, since a failure inside a batch
    // abandons it; every other operation here is prepared so it cannot refuse.
    book.set_bulk(true)?;
    book.set_batching(true)?;

    // What the association collects and offers.
    let monthly = |name: &str, kind, amount: i64| charge(name, kind, start, amount);
    book.add_charge_type(&monthly("Cuota de ingreso", ChargeKind::Admission, 1_000))?;
    let dues = book.add_charge_type(&monthly("Cuota mensual", ChargeKind::MonthlyDues, 300))?;
    book.add_charge_type(&monthly("Aporte de capital", ChargeKind::Contribution, 500))?;
    book.add_charge_type(&monthly("Fondo solidario", ChargeKind::SolidarityFund, 100))?;
    if months > 6 {
        // The assembly raised the dues half-way through.
        book.set_charge_amount(
            dues.id,
            Month::from_key(start.key() + months / 2),
            cents(400),
        )?;
    }
    let programmed = book.add_savings_product(
        "Ahorro programado",
        SavingsKind::Programmed,
        Decimal::from(5),
        InterestBase::Minimum,
        Money::ZERO,
    )?;
    let (micro, consumo) = add_practice_loan_products(&mut book)?;

    // Members: most were there before the period, some join during it.
    let n = opts.members.max(2);
    let mut members: Vec<(u32, Habit)> = Vec::with_capacity(n);
    let mut joiners: Vec<(Month, MemberInput)> = Vec::new();
    for i in 0..n {
        let woman = rng.chance(55);
        let first = if woman {
            rng.pick(WOMEN)
        } else {
            rng.pick(MEN)
        };
        let last = format!("{} {}", rng.pick(SURNAMES), rng.pick(SURNAMES));
        let born = NaiveDate::from_ymd_opt(
            today.year() - rng.range(20, 70) as i32,
            rng.range(1, 12) as u32,
            rng.range(1, 28) as u32,
        )
        .unwrap_or(first_day);
        let joins_later = i >= n / 4 * 3 && months > 2;
        let join_month = if joins_later {
            Month::from_key(start.key() + 1 + (rng.next() % u64::from(months - 1)) as u32)
        } else {
            start
        };
        let join_date = if joins_later {
            join_month
                .first_day()
                .with_day(rng.range(1, 10) as u32)
                .unwrap_or(join_month.first_day())
                .min(today)
        } else {
            NaiveDate::from_ymd_opt(
                start.year() - rng.range(1, 8) as i32,
                rng.range(1, 12) as u32,
                rng.range(1, 28) as u32,
            )
            .unwrap_or(first_day)
        };
        let input = MemberInput {
            id_kind: None,
            id_number: make_cedula(
                ((province as usize + i) % 24 + 1) as u8,
                (1_000_000 + i * 7_919 + (rng.next() % 997) as usize) as u32,
            ),
            first_names: first.to_string(),
            last_names: last,
            gender: if woman { "F".into() } else { "M".into() },
            birth_date: born.to_string(),
            join_date: join_date.to_string(),
            phone: format!("09{}", rng.range(80_000_000, 99_999_999)),
            community: rng.pick(COMMUNITIES).to_string(),
        };
        if joins_later {
            joiners.push((join_month, input));
        } else {
            let m = book.add_member(&input)?;
            members.push((m.id, habit(&mut rng)));
        }
    }

    // Opening balances: what the association had when it started using ayni.
    let mut lines = vec![
        Posting::debit(CASH, cents(rng.range(30_000, 60_000))),
        Posting::debit("1805", cents(45_000)),
    ];
    let mut bank = cents(200_000 + n as i64 * 2_000);
    let mut member_lines = Vec::new();
    for &(id, _) in &members {
        let saved = cents(rng.range(20, 400) * 100);
        let contributed = cents(rng.range(4, 24) * 500);
        member_lines.push(Posting::credit("2101", saved).for_member(id));
        member_lines.push(Posting::credit("3103", contributed).for_member(id));
        bank += saved + contributed;
    }
    lines.push(Posting::debit(BANKS, bank));
    let opening_total: Money = lines.iter().map(|p| p.amount).sum::<Money>()
        - member_lines.iter().map(|p| p.amount).sum::<Money>();
    lines.extend(member_lines);
    lines.push(Posting::credit("3402", cents(45_000)));
    lines.push(Posting::credit("3601", opening_total - cents(45_000)));
    book.post(EntryDraft::new(
        first_day,
        "Saldos iniciales al empezar a usar ayni",
        "Balance inicial",
        EntryKind::Opening,
        lines,
    )?)?;

    let mut loans: Vec<(u32, LoanHabit)> = Vec::new();
    // Loans still being repaid (the others are not read again).
    let mut active: Vec<(u32, LoanHabit)> = Vec::new();
    let mut gone: std::collections::HashSet<u32> = std::collections::HashSet::new();
    let mut programmed_accounts: Vec<(u32, u32)> = Vec::new();
    let mut months_closed = 0;
    let mut retired = 0;
    let mut wrote_off = false;
    let mut waived = false;
    let mut month = start;
    let mut idx = 0u32;
    crate::domain::progress::begin(crate::i18n::Msg::ProgressDemo, u64::from(months));
    loop {
        let last_day = month.last_day().min(today);
        let day = |d: u32| {
            month
                .first_day()
                .with_day(d.min(month.last_day().day()))
                .unwrap_or(month.first_day())
                .min(last_day)
        };
        let meeting = day(10 + (idx % 5));
        book.set_clock(at(meeting, 10));
        // New members this month: admission fee at their first meeting.
        let mut joined_now = Vec::new();
        for (_, input) in joiners.iter().filter(|(jm, _)| *jm == month) {
            let m = book.add_member(input)?;
            members.push((m.id, habit(&mut rng)));
            joined_now.push(m.id);
        }
        // The month's meeting: dues, contributions and savings.
        let types = book.charge_types()?;
        let due_in = |kind: Option<ChargeKind>| -> Money {
            types
                .iter()
                .filter(|t| match kind {
                    Some(k) => t.kind == k,
                    None => t.frequency == Frequency::Monthly,
                })
                .filter(|t| t.is_active_in(month))
                .filter_map(|t| t.amount_for(month))
                .sum()
        };
        let this_month = due_in(None);
        let admission = due_in(Some(ChargeKind::Admission));
        for &(id, h) in &members {
            if gone.contains(&id) {
                continue;
            }
            let (pay, owed) = if h == Habit::OnTime {
                // Always up to date: owes this month's charges, and the
                // admission fee in the month they join.
                let owed = if joined_now.contains(&id) {
                    this_month + admission
                } else {
                    this_month
                };
                (owed, owed)
            } else {
                let owed: Money = book.owed(id, month)?.iter().map(|c| c.due).sum();
                let pay = match h {
                    Habit::Ahead if idx % 3 == 0 => owed + this_month + this_month,
                    // Late payers come every few meetings and then settle what they owe.
                    Habit::Late if rng.chance(35) => owed,
                    Habit::Late => Money::ZERO,
                    // Irregular ones catch up at most three months at a time.
                    Habit::Irregular if rng.chance(70) => {
                        owed.min(this_month + this_month + this_month)
                    }
                    Habit::Irregular => Money::ZERO,
                    Habit::OnTime | Habit::Ahead => owed,
                };
                (pay, owed)
            };
            // Paying ahead is capped at a year; beyond it, pay what is owed.
            let pay = if pay > owed && book.plan_payment(id, pay, None).is_err() {
                owed
            } else {
                pay
            };
            if pay.is_positive() {
                book.pay_dues(id, pay, meeting, CASH, None)?;
            }
            if rng.chance(70) {
                book.deposit(id, None, cents(rng.range(2, 40) * 250), meeting, CASH)?;
            } else if rng.chance(40) {
                let acc = book
                    .member_savings(id)?
                    .into_iter()
                    .find(|s| s.product.kind == SavingsKind::Ordinary);
                if let Some(s) = acc {
                    let want = cents(rng.range(2, 30) * 100);
                    // Paid from the box: only what it holds (cash never goes below zero).
                    if s.available >= want && book.cash_available(CASH, meeting)? >= want {
                        book.withdraw(s.account.id, want, meeting, CASH)?;
                    }
                }
            }
        }
        // A few members start programmed savings.
        if idx == 1 {
            for &(id, _) in members.iter().step_by(7) {
                let acc = book.open_savings_account(
                    id,
                    programmed.id,
                    Some(cents(50_000)),
                    Some(12),
                    meeting,
                )?;
                book.deposit(id, Some(acc.id), cents(2_000), meeting, CASH)?;
                programmed_accounts.push((id, acc.id));
            }
        } else {
            // Programmed savers put in their monthly quota.
            for &(id, acc) in &programmed_accounts {
                if !gone.contains(&id) {
                    book.deposit(id, Some(acc), cents(2_000), meeting, CASH)?;
                }
            }
        }
        // Loans: new ones from the bank, repayments at the meeting.
        let new_loans = (members.len() / 20).max(1) + usize::from(rng.chance(50));
        // Applications may be refused (savings, guarantee): outside the batch.
        book.set_batching(false)?;
        for _ in 0..new_loans {
            if idx + 2 >= months && months > 3 {
                break;
            }
            let (who, _) = members[(rng.next() % members.len() as u64) as usize];
            let guarantor = members[(rng.next() % members.len() as u64) as usize].0;
            if guarantor == who
                || book
                    .member_loans(who)?
                    .iter()
                    .any(|l| l.status == LoanStatus::Active || l.status == LoanStatus::Applied)
            {
                continue;
            }
            let (product, amount, term) = if rng.chance(70) {
                (micro, rng.range(4, 30) * 5_000, rng.range(6, 12) as u32)
            } else {
                (consumo, rng.range(4, 16) * 5_000, rng.range(4, 10) as u32)
            };
            let app = LoanApplication {
                member: who,
                product,
                amount: cents(amount),
                months: term,
                rate: None,
                purpose: rng
                    .pick(&[
                        "Compra de semillas",
                        "Crianza de cuyes",
                        "Telar y lana",
                        "Mejora de vivienda",
                        "Útiles escolares",
                        "Fertilizantes",
                    ])
                    .to_string(),
                guarantor: Some(guarantor),
                approval: format!("Acta {} del comité de crédito", idx + 1),
                date: day(5),
            };
            // Disbursed from the bank: only what it holds from that day on.
            if book.cash_available(BANKS, day(5))? < cents(amount) {
                continue;
            }
            book.set_clock(at(day(5), 9));
            if let Ok((loan, _)) = book.apply_loan(&app)
                && book.disburse_loan(loan.id, day(5), BANKS).is_ok()
            {
                let habit = loan_habit(&mut rng, loans.len());
                loans.push((loan.id, habit));
                active.push((loan.id, habit));
            }
        }
        book.set_batching(true)?;
        book.set_clock(at(meeting, 11));
        let mut still_active = Vec::with_capacity(active.len());
        for &(id, h) in &active {
            let mut loan = book.loan(id)?;
            if loan.status != LoanStatus::Active {
                continue;
            }
            loan.accrue_late(meeting);
            // What ends the loan today: only the habits that may pay it read it.
            let payoff = match h {
                LoanHabit::Prepays | LoanHabit::PaysOff => book.payoff_amount(id, meeting)?,
                _ => Money::ZERO,
            };
            let due = loan.due_through(meeting);
            let amount = match h {
                LoanHabit::OnTime => due,
                LoanHabit::Behind(k) => {
                    // Keeps `k` installments behind: pays only those due k months ago.
                    let cutoff = crate::domain::date::add_months_clamped(meeting, 0)
                        .and_then(|d| d.checked_sub_months(chrono::Months::new(k)))
                        .unwrap_or(meeting);
                    loan.due_through(cutoff)
                }
                LoanHabit::Defaulter => Money::ZERO,
                LoanHabit::Prepays => {
                    let extra = if rng.chance(25) {
                        cents(5_000)
                    } else {
                        Money::ZERO
                    };
                    // An extra that would cover the rest of the principal pays the loan off.
                    let left = loan.principal_after(meeting);
                    if extra.is_positive() && extra >= left {
                        payoff
                    } else {
                        due + extra
                    }
                }
                LoanHabit::PaysOff => {
                    if loan
                        .installments
                        .iter()
                        .filter(|i| i.inst.due <= meeting)
                        .count()
                        >= 3
                    {
                        payoff
                    } else {
                        due
                    }
                }
            };
            // Never more than ends the loan (what is due never is).
            let amount = match h {
                LoanHabit::Prepays | LoanHabit::PaysOff => amount.min(payoff),
                _ => amount,
            };
            let mut open = true;
            if amount.is_positive() {
                let (_, after) = book.pay_loan(id, amount, meeting, CASH, Prepay::ShortenTerm)?;
                open = after.status == LoanStatus::Active;
            }
            // A loan long in default is written off by the assembly, once.
            if h == LoanHabit::Defaulter && !wrote_off && loan.days_past_due(meeting) > 120 {
                book.write_off_loan(id, meeting, "Acta de asamblea: castigo de cartera")?;
                wrote_off = true;
                open = false;
            }
            if open {
                still_active.push((id, h));
            }
        }
        active = still_active;
        // The solidarity fund helps a family now and then.
        if idx % 4 == 3 {
            let fund = book.fund_balance()?;
            let grant = cents(rng.range(2, 8) * 1_000)
                .min(fund)
                .min(book.cash_available(CASH, meeting)?);
            if grant.is_positive() {
                let (who, _) = members[(rng.next() % members.len() as u64) as usize];
                book.fund_grant(
                    Some(who),
                    "",
                    grant,
                    rng.pick(&[
                        "Enfermedad",
                        "Calamidad doméstica",
                        "Fallecimiento de un familiar",
                        "Pérdida de cosecha",
                    ]),
                    &format!("Acta {} de directiva", idx + 1),
                    meeting,
                    CASH,
                )?;
            }
        }
        // Running costs.
        let expense = |book: &mut Book,
                       d: NaiveDate,
                       text: &str,
                       account: &str,
                       c: i64,
                       from: &str|
         -> Result<(), BookError> {
            // Cash and bank never go below zero: from the other one, or not at all.
            let other = if from == CASH { BANKS } else { CASH };
            let from = if book.cash_available(from, d)? >= cents(c) {
                from
            } else if book.cash_available(other, d)? >= cents(c) {
                other
            } else {
                return Ok(());
            };
            book.post(EntryDraft::new(
                d,
                text,
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit(account, cents(c)),
                    Posting::credit(from, cents(c)),
                ],
            )?)?;
            Ok(())
        };
        expense(
            &mut book,
            meeting,
            "Arriendo del local de reuniones",
            "4503",
            1_500,
            CASH,
        )?;
        expense(
            &mut book,
            meeting,
            "Útiles de oficina y copias",
            "4507",
            rng.range(300, 900),
            CASH,
        )?;
        if month.last_day() <= today {
            expense(
                &mut book,
                month.last_day(),
                "Comisión bancaria",
                "4503",
                150,
                BANKS,
            )?;
        }
        if idx == 1 {
            // A mistake, found and corrected by reversal.
            let d = day(12);
            expense(
                &mut book,
                d,
                "Pasajes a Otavalo para trámites",
                "4503",
                800,
                CASH,
            )?;
            let dup = book.post(EntryDraft::new(
                d,
                "Pasajes a Otavalo para trámites",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit("4503", cents(800)),
                    Posting::credit(CASH, cents(800)),
                ],
            )?)?;
            book.reverse(
                dup.id,
                Some(d),
                Some("Reverso: pasajes registrados dos veces"),
            )?;
        }
        if idx == months / 2 {
            book.post(EntryDraft::new(
                day(20),
                "Donación de una ONG para capacitación",
                "Convenio 2026-07",
                EntryKind::Manual,
                vec![
                    Posting::debit(BANKS, cents(150_000)),
                    Posting::credit("3402", cents(150_000)),
                ],
            )?)?;
        }
        // A member leaves, and a late payer is exonerated one month.
        if idx == months / 3 && retired < 2 && members.len() > 10 {
            for k in [3usize, 8] {
                let (id, _) = members[k];
                book.retire_member(id, meeting, "Migró a la ciudad")?;
                gone.insert(id);
                retired += 1;
            }
        }
        if !waived && idx >= 2 {
            for &(id, h) in &members {
                if h == Habit::Late
                    && let Some(c) = book.owed(id, month)?.first().cloned()
                {
                    book.waive(
                        id,
                        c.month,
                        c.charge_type,
                        None,
                        "Calamidad doméstica (incendio)",
                        "Acta 5 de asamblea",
                        meeting,
                    )?;
                    waived = true;
                    break;
                }
            }
        }
        // Cash above what the meeting needs goes to the bank.
        let deposit_day = month.last_day().min(today);
        let cash = book.balance_of(CASH, month)?;
        if cash > cents(80_000) {
            book.set_clock(at(deposit_day, 16));
            expense(
                &mut book,
                deposit_day,
                "Depósito de la caja en el banco",
                BANKS,
                (cash - cents(50_000)).cents(),
                CASH,
            )?;
        }
        if month == end {
            crate::domain::progress::advance(1);
            break;
        }
        book.set_clock(at(month.last_day(), 18));
        book.close_month_with(
            month,
            &CloseOptions {
                backup: false,
                ..CloseOptions::default()
            },
        )?;
        months_closed += 1;
        month = month.next();
        idx += 1;
        crate::domain::progress::advance(1);
    }
    book.set_clock(clock);
    book.set_batching(false)?;
    book.set_bulk(false)?;
    let entries = book.entry_count(None)?;
    Ok(DemoSummary {
        path: tmp.to_path_buf(),
        members: book.members()?.len(),
        entries,
        months_closed,
        loans: loans.len(),
    })
}

fn habit(rng: &mut Rng) -> Habit {
    match rng.next() % 100 {
        0..=69 => Habit::OnTime,
        70..=81 => Habit::Late,
        82..=89 => Habit::Ahead,
        _ => Habit::Irregular,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LoanHabit {
    OnTime,
    Behind(u32),
    Defaulter,
    Prepays,
    PaysOff,
}

fn loan_habit(rng: &mut Rng, n: usize) -> LoanHabit {
    // The first loans cover every case; then mostly on time.
    match n {
        0 => LoanHabit::Defaulter,
        1 => LoanHabit::Behind(1),
        2 => LoanHabit::PaysOff,
        3 => LoanHabit::Prepays,
        4 => LoanHabit::Behind(2),
        5 => LoanHabit::Behind(4),
        _ => match rng.next() % 100 {
            0..=64 => LoanHabit::OnTime,
            65..=79 => LoanHabit::Behind(1 + (rng.next() % 3) as u32),
            80..=87 => LoanHabit::Prepays,
            88..=95 => LoanHabit::PaysOff,
            _ => LoanHabit::Defaulter,
        },
    }
}

/// The names of the practice books' loan products.
pub(crate) const PRACTICE_PRODUCTS: [&str; 2] = ["Microcrédito productivo", "Crédito de consumo"];

/// The practice books' two loan products (a productive microcredit and a
/// consumer loan): 10 % of the loan blocked from savings, at most five
/// times the savings; the rate and the legal cap in percent a year.
/// Returns their ids.
pub(crate) fn add_practice_loan_products(book: &mut Book) -> Result<(u32, u32), BookError> {
    let product =
        |name: &str, method, rate: i64, max_months, max_amount: i64, cap: i64| LoanProduct {
            id: 0,
            name: name.into(),
            method,
            rate: Decimal::from(rate),
            max_months,
            max_amount: cents(max_amount),
            late_rate: None,
            guarantee_percent: Decimal::from(10),
            max_savings_multiple: Some(Decimal::from(5)),
            rate_cap: Some(Decimal::new(cap, 2)),
        };
    let (micro, _) = book.add_loan_product(product(
        PRACTICE_PRODUCTS[0],
        Method::French,
        18,
        24,
        300_000,
        2850,
    ))?;
    let (consumo, _) = book.add_loan_product(product(
        PRACTICE_PRODUCTS[1],
        Method::German,
        16,
        12,
        100_000,
        1730,
    ))?;
    Ok((micro.id, consumo.id))
}
