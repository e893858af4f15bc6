//! Every task of every built-in scenario can be done, and the checker says
//! so: doing each task the right way (as [`solve_task`] does, through the
//! operations the screens use) turns every verdict to done and leaves books
//! that pass `check`. The answer key shows balanced entries and never
//! touches the student's book. caja-un-ano's tasks cover savings, the fund,
//! loans and the close, and no hint sends anyone to the command line.

use ayni::books::{Book, Clock};
use ayni::domain::account::codes::CASH;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::SCENARIOS;
use ayni::training::answer_key::{answer_key, recipe_tasks, solve_task};
use ayni::training::exercises::{CheckExercises, Verdict};
use ayni::training::recipe::{PracticeRecipe, TaskFacts};
use ayni::training::scenarios::{create_from_file, create_scenario, read_file};
use chrono::NaiveDateTime;

const CLOCKS: [&str; 3] = [
    "2026-03-15T10:00:00",
    "2026-12-02T10:00:00",
    "2027-01-05T16:30:00",
];

fn clock_at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").expect("a date"))
}

fn money(s: &str) -> Money {
    Money::parse(s).expect("an amount")
}

/// Does every task of the book's recipe, in order.
fn solve_all(book: &mut Book) {
    let recipe = book.practice_recipe().expect("reads").expect("a recipe");
    let (month, tasks) =
        recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
    for t in &tasks {
        solve_task(book, t, month, Lang::Es).unwrap_or_else(|e| {
            panic!("{t:?}: {}", e.message(Lang::Es));
        });
    }
}

#[test]
fn every_task_of_every_scenario_done_the_right_way_is_done_and_the_books_stay_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    for s in SCENARIOS {
        for at in CLOCKS {
            let path = dir.path().join(format!("{}-{}.ayni", s.name, &at[..10]));
            let (mut book, _) =
                create_scenario(&path, s.name, false, clock_at(at)).expect("builds");
            let before = book.exercises(Lang::Es).expect("checks").expect("tasks");
            assert!(
                before
                    .exercises
                    .iter()
                    .all(|e| e.verdict == Verdict::NotYet),
                "{} at {at}: nothing done yet: {before:#?}",
                s.name
            );
            solve_all(&mut book);
            for lang in [Lang::Es, Lang::En] {
                let after = book.exercises(lang).expect("checks").expect("tasks");
                for e in &after.exercises {
                    assert_eq!(e.verdict, Verdict::Done, "{} at {at}: {e:#?}", s.name);
                }
                assert_eq!(after.done(), before.exercises.len());
            }
            let report = book.check().expect("check runs");
            assert!(
                report.ok(),
                "{} at {at}: {:?}",
                s.name,
                report.first_problem()
            );
        }
    }
}

#[test]
fn caja_un_ano_asks_for_savings_the_fund_a_loan_a_payoff_and_the_close_and_every_hint_says_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    for at in CLOCKS {
        let path = dir.path().join(format!("c-{}.ayni", &at[..10]));
        let (book, recipe) =
            create_scenario(&path, "caja-un-ano", false, clock_at(at)).expect("builds");
        let (_, tasks) =
            recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
        let kinds: Vec<&str> = tasks
            .iter()
            .map(|t| match t {
                TaskFacts::CollectArrears { .. } => "arrears",
                TaskFacts::LoanUpToDate { .. } => "up_to_date",
                TaskFacts::SavingsDeposit { .. } => "deposit",
                TaskFacts::SavingsWithdrawal { .. } => "withdrawal",
                TaskFacts::FundGrant { .. } => "grant",
                TaskFacts::LoanDisbursed { .. } => "disbursed",
                TaskFacts::LoanPayoff { .. } => "payoff",
                TaskFacts::CloseMonth { .. } => "close",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "arrears",
                "up_to_date",
                "deposit",
                "withdrawal",
                "grant",
                "disbursed",
                "payoff",
                "close"
            ]
        );
        // The payoff is of another loan than the one brought up to date, and
        // it carries late interest and interest.
        let (
            TaskFacts::LoanUpToDate { loan: a, .. },
            TaskFacts::LoanPayoff {
                loan: b,
                late,
                interest,
                ..
            },
        ) = (&tasks[1], &tasks[6])
        else {
            panic!("loan tasks");
        };
        assert_ne!(a, b);
        assert!(
            late.is_positive() && interest.is_positive(),
            "{at}: {late} {interest}"
        );
        // The people asked about: the grant goes to someone who owes nothing.
        let TaskFacts::FundGrant { member, .. } = &tasks[4] else {
            panic!("grant");
        };
        let owed: Money = book
            .owed(
                *member,
                recipe_tasks(&recipe, book.current_month().expect("month"))
                    .expect("tasks")
                    .0,
            )
            .expect("owed")
            .iter()
            .map(|c| c.due)
            .sum();
        assert!(owed.is_zero());
        for lang in [Lang::Es, Lang::En] {
            let sheet = book.exercises(lang).expect("checks").expect("tasks");
            for e in &sheet.exercises {
                assert!(
                    !e.words.contains("ayni ") && !e.words.contains("--"),
                    "{at}: a hint names the command line: {}",
                    e.words
                );
            }
        }
    }
    // No hint of any scenario names the command line either.
    for s in SCENARIOS {
        let path = dir.path().join(format!("{}.ayni", s.name));
        let (book, _) = create_scenario(&path, s.name, false, clock_at(CLOCKS[1])).expect("builds");
        for e in book
            .exercises(Lang::Es)
            .expect("checks")
            .expect("tasks")
            .exercises
        {
            assert!(
                !e.words.contains("ayni ") && !e.words.contains("--"),
                "{}",
                e.words
            );
        }
    }
}

#[test]
fn a_deposit_of_another_amount_a_grant_to_someone_else_and_a_loan_not_disbursed_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.ayni");
    let (mut book, recipe) =
        create_scenario(&path, "caja-un-ano", false, clock_at(CLOCKS[1])).expect("builds");
    let (_, tasks) = recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
    let today = book.today();
    let verdict = |book: &Book, i: usize| {
        let s = book.exercises(Lang::Es).expect("checks").expect("tasks");
        (s.exercises[i].verdict, s.exercises[i].words.clone())
    };
    // The deposit: 2,00 instead of 20,00.
    let TaskFacts::SavingsDeposit { member, amount } = tasks[2] else {
        panic!("deposit");
    };
    assert_eq!(amount, money("20.00"));
    let wrong = book
        .deposit(member, None, money("2.00"), today, CASH)
        .expect("deposits");
    let (v, words) = verdict(&book, 2);
    assert_eq!(v, Verdict::Wrong);
    assert!(
        words.contains(&wrong.id.to_string()) && words.contains("$2,00"),
        "{words}"
    );
    book.reverse(wrong.id, Some(today), Some("monto errado"))
        .expect("reverses");
    assert_eq!(verdict(&book, 2).0, Verdict::NotYet);
    book.deposit(member, None, amount, today, CASH)
        .expect("deposits");
    assert_eq!(verdict(&book, 2).0, Verdict::Done);

    // The grant: to another member.
    let TaskFacts::FundGrant { member, amount } = tasks[4] else {
        panic!("grant");
    };
    let other = book
        .members()
        .expect("members")
        .iter()
        .find(|m| m.id != member && m.status.is_active())
        .map(|m| m.id)
        .expect("another member");
    book.fund_grant(Some(other), "", amount, "enfermedad", "acta 3", today, CASH)
        .expect("grants");
    let (v, words) = verdict(&book, 4);
    assert_eq!(v, Verdict::Wrong, "{words}");

    // The loan: applied for, not disbursed yet.
    let TaskFacts::LoanDisbursed {
        member,
        product,
        amount,
        months,
    } = tasks[5]
    else {
        panic!("loan");
    };
    let (loan, _) = book
        .apply_loan(&ayni::books::loans::LoanApplication {
            member,
            product,
            amount,
            months,
            rate: None,
            purpose: "semillas".into(),
            guarantor: None,
            approval: "acta 4".into(),
            date: today,
        })
        .expect("applies");
    let (v, words) = verdict(&book, 5);
    assert_eq!(v, Verdict::NotYet);
    assert!(words.contains(&format!("préstamo {}", loan.id)), "{words}");
    book.disburse_loan(loan.id, today, CASH).expect("disburses");
    assert_eq!(verdict(&book, 5).0, Verdict::Done);

    // The payoff: a part paid is not yet done, and says what is left.
    let TaskFacts::LoanPayoff { loan, .. } = tasks[6] else {
        panic!("payoff");
    };
    book.pay_loan(
        loan,
        money("10.00"),
        today,
        CASH,
        ayni::domain::loan::Prepay::ShortenTerm,
    )
    .expect("pays");
    let (v, words) = verdict(&book, 6);
    assert_eq!(v, Verdict::NotYet);
    let left = book.payoff_amount(loan, today).expect("payoff");
    assert!(
        words.contains(&format!("${}", left.localized(Lang::Es))),
        "{words}"
    );
    assert!(book.check().expect("check").ok());
}

/// What the answer key must leave as it was: every entry (by its hash), the
/// next numbers, the loans and what each member owes.
fn state(book: &Book) -> String {
    let journal = book
        .journal(&ayni::books::ledger::JournalFilter::default(), 0, 1_000_000)
        .expect("journal");
    let hashes: Vec<[u8; 32]> = journal.iter().map(|e| e.hash).collect();
    let mut owed = Vec::new();
    for m in book.members().expect("members") {
        owed.push(
            book.owed(m.id, book.current_month().expect("month"))
                .expect("owed")
                .len(),
        );
    }
    format!(
        "{hashes:?} {:?} {:?} {owed:?} {:?}",
        book.next_ids().expect("ids"),
        book.loans().expect("loans"),
        book.closed_through().expect("closed")
    )
}

#[test]
fn the_answer_key_shows_balanced_entries_and_leaves_the_book_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    for s in SCENARIOS {
        let path = dir.path().join(format!("{}.ayni", s.name));
        let (book, recipe) =
            create_scenario(&path, s.name, false, clock_at(CLOCKS[1])).expect("builds");
        let (_, tasks) =
            recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
        let before = state(&book);
        let key = answer_key(&book, Lang::Es).expect("key").expect("tasks");
        let sheet = book.exercises(Lang::Es).expect("checks").expect("tasks");
        assert_eq!(key.len(), sheet.exercises.len());
        for ((a, e), t) in key.iter().zip(&sheet.exercises).zip(&tasks) {
            assert_eq!(a.task, e.task);
            // The keys are what the screen says before the task is done
            // (with the tasks before it done, as the key does them in order).
            assert!(!a.keys.is_empty());
            if std::ptr::eq(a, &key[0]) {
                assert_eq!(a.keys, e.words);
            }
            // A close may post nothing of its own; every other answer posts.
            let close = matches!(
                t,
                TaskFacts::CloseMonth { .. } | TaskFacts::MonthClosed { .. }
            );
            assert!(
                close || !a.entries.is_empty(),
                "{}: {} has entries",
                s.name,
                a.task
            );
            for entry in &a.entries {
                let debit: Money = entry.lines.iter().map(|l| l.debit).sum();
                let credit: Money = entry.lines.iter().map(|l| l.credit).sum();
                assert_eq!(debit, credit, "{}: {entry:?}", s.name);
                assert!(debit.is_positive());
                assert!(entry.lines.iter().all(|l| !l.name.is_empty()));
            }
        }
        assert_eq!(
            state(&book),
            before,
            "{}: the answer key changed the book",
            s.name
        );
    }
    let prefix = format!("ayni-respuestas-{}-", std::process::id());
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .collect();
    assert!(left.is_empty(), "scratch copies left: {left:?}");
}

const LOANS_FILE: &str = r#"
version = 1
name = "credito"
date = "2026-06-20"

[association]
name = "Caja de Ahorro Pakarina"
kind = "caja"

[[members]]
first_names = "Rosa"
last_names = "Quispe Lema"
gender = "F"
birth_date = "1979-04-12"
joined = "Y-1-03-10"

[[members]]
first_names = "José"
last_names = "Chango Pilataxi"
gender = "M"
birth_date = "1972-09-03"
joined = "Y-1-03-10"

[[operations]]
op = "entry"
kind = "opening"
day = 1
text = "Saldos iniciales"
lines = [
  { account = "1101", debit = "600.00" },
  { account = "3601", credit = "600.00" },
]

[[operations]]
op = "deposit"
day = 2
member = 1
amount = "200.00"

[[operations]]
op = "disburse_loan"
label = "rosa"
day = 3
member = 1
amount = "400.00"
months = 4
text = "Compra de semillas"
approval = "Acta 12"

[[operations]]
op = "repay_loan"
day = 5
loan = "rosa"
amount = "50.00"

[[tasks]]
check = "loan_payoff"
loan = "rosa"

[[tasks]]
check = "savings_deposit"
member = 2
amount = "30.00"
"#;

#[test]
fn a_trainers_file_disburses_and_repays_loans_and_asks_for_a_payoff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = read_file(LOANS_FILE).expect("reads");
    let path = dir.path().join("credito.ayni");
    let (mut book, recipe) =
        create_from_file(&path, &file, false, clock_at(CLOCKS[1])).expect("builds");
    let loans = book.loans().expect("loans");
    assert_eq!(loans.len(), 1);
    let (_, tasks) = recipe_tasks(&recipe, book.current_month().expect("month")).expect("tasks");
    let TaskFacts::LoanPayoff {
        loan,
        late,
        interest,
        principal,
    } = tasks[0]
    else {
        panic!("payoff");
    };
    assert_eq!(loan, loans[0].id);
    // The split is the payoff's on the file's date.
    let built = chrono::NaiveDate::from_ymd_opt(2026, 6, 20).expect("a date");
    assert_eq!(
        late + interest + principal,
        book.payoff_amount(loan, built).expect("payoff")
    );
    assert!(
        principal < money("400.00"),
        "the repayment paid some principal"
    );
    solve_all(&mut book);
    let sheet = book.exercises(Lang::En).expect("checks").expect("tasks");
    assert!(
        sheet.exercises.iter().all(|e| e.verdict == Verdict::Done),
        "{sheet:#?}"
    );
    assert!(book.check().expect("check").ok());

    // A repayment of a loan no operation disbursed is refused by its line.
    let bad = LOANS_FILE.replace(
        "loan = \"rosa\"\namount = \"50.00\"",
        "loan = \"pedro\"\namount = \"50.00\"",
    );
    let Err(e) = read_file(&bad) else {
        panic!("refused");
    };
    // The operation's table header is the line before its `op` (lines
    // counted from 1: the 0-based index of `op` is the header's number).
    let line = bad
        .lines()
        .position(|l| l == "op = \"repay_loan\"")
        .expect("the op");
    let msg = e.message(Lang::Es);
    assert!(
        msg.contains(&format!("línea {line}")) && msg.contains("pedro"),
        "{msg}"
    );
    // A product no practice book has is refused by its line too.
    let bad = LOANS_FILE.replace("months = 4\n", "months = 4\nproduct = \"Hipotecario\"\n");
    let msg = read_file(&bad).expect_err("refused").message(Lang::En);
    let line = bad
        .lines()
        .position(|l| l == "op = \"disburse_loan\"")
        .expect("the op");
    assert!(
        msg.contains(&format!("line {line}")) && msg.contains("Hipotecario"),
        "{msg}"
    );
}
