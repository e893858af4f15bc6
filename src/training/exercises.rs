//! Exercises: the tasks a classroom scenario carries, and the checker that
//! reads the book and says, task by task, whether the learner's work is done,
//! not done yet, or wrong, with a sentence saying what is right and what is
//! wrong. The checker only reads; the facts it checks against (members, entry
//! ids, amounts, the cash count) are in the book's recipe
//! ([`super::recipe::Recipe`]), kept when the scenario was built.

use serde::Serialize;

use super::recipe::{
    CajaUnAno, Errores, FileRecipe, PracticeRecipe, PrimerMes, Recipe, TaskFacts, TaskRecipe,
};
use super::scenarios::loan_overdue;
use super::{TrainingError, find_scenario};
use crate::books::loans::LoanEvent;
use crate::books::{Book, BookError};
use crate::domain::account::codes::{BANKS, CASH, MEMBER_CONTRIBUTIONS};
use crate::domain::date::format_date;
use crate::domain::entry::{Entry, EntryKind, Side};
use crate::domain::loan::LoanStatus;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};

/// How a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Done, and done right.
    Done,
    /// Not done (or not finished) yet.
    NotYet,
    /// Something was done, and it is wrong.
    Wrong,
}

impl Verdict {
    /// The mark shown before the task: ✓ done, ✗ wrong, · not yet.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Done => "✓",
            Verdict::NotYet => "·",
            Verdict::Wrong => "✗",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Done => Msg::TrVerdictDone,
            Verdict::NotYet => Msg::TrVerdictNotYet,
            Verdict::Wrong => Msg::TrVerdictWrong,
        }
        .t(lang)
    }
}

/// One task and how it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exercise {
    /// What to do.
    pub task: String,
    pub verdict: Verdict,
    /// What is right and what is wrong, in words.
    pub words: String,
}

/// A scenario's tasks, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExerciseSheet {
    pub scenario: String,
    pub description: String,
    pub exercises: Vec<Exercise>,
}

impl ExerciseSheet {
    /// How many tasks are done.
    pub fn done(&self) -> usize {
        self.exercises
            .iter()
            .filter(|e| e.verdict == Verdict::Done)
            .count()
    }
}

/// A practice book's exercises, checked.
pub trait CheckExercises {
    /// The exercises of this book's scenario, checked against the book now;
    /// `None` when the book was not built from a scenario with tasks.
    fn exercises(&self, lang: Lang) -> Result<Option<ExerciseSheet>, TrainingError>;
}

impl CheckExercises for Book {
    fn exercises(&self, lang: Lang) -> Result<Option<ExerciseSheet>, TrainingError> {
        let Some(recipe) = self.practice_recipe()? else {
            return Ok(None);
        };
        let c = Checker { book: self, lang };
        if let Recipe::File(f) = &recipe {
            let mut exercises = Vec::new();
            for t in &f.tasks {
                exercises.push(c.file_task(f, t)?);
            }
            return Ok(Some(ExerciseSheet {
                scenario: f.name.clone(),
                description: lang.pick(&f.es, &f.en).to_string(),
                exercises,
            }));
        }
        let Some(sc) = recipe.scenario().and_then(find_scenario) else {
            return Ok(None);
        };
        let exercises = match &recipe {
            Recipe::PrimerMes(f) => c.primer_mes(f)?,
            Recipe::CajaUnAno(f) => c.caja_un_ano(f)?,
            Recipe::Errores(f) => c.errores(f)?,
            Recipe::Demo { .. } | Recipe::File(_) => return Ok(None),
        };
        Ok(Some(ExerciseSheet {
            scenario: sc.name.to_string(),
            description: sc.description(lang).to_string(),
            exercises,
        }))
    }
}

/// An entry the learner posted after the scenario, and what reversed it.
struct NewEntry {
    entry: Entry,
    reversed_by: Option<u64>,
}

impl NewEntry {
    /// Standing: neither a reversal nor reversed.
    fn standing(&self) -> bool {
        self.reversed_by.is_none() && self.entry.reverses.is_none()
    }
}

/// How an entry meant as "an expense paid in cash" came out.
enum ExpenseProblem {
    /// The debit is not on an expense account (45..).
    Debit(u64, String),
    /// The credit is not on cash (1101).
    Credit(u64, String),
    /// Right accounts, other amount.
    Amount(u64, Money),
}

struct Checker<'a> {
    book: &'a Book,
    lang: Lang,
}

fn is_expense(code: &str) -> bool {
    code.starts_with("45")
}

/// A checked task; its words start with a capital letter.
fn w(verdict: Verdict, task: String, words: String) -> Exercise {
    let mut chars = words.chars();
    let words = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    };
    Exercise {
        task,
        verdict,
        words,
    }
}

impl Checker<'_> {
    fn money(&self, m: Money) -> String {
        format!("${}", m.localized(self.lang))
    }
    fn month(&self, m: Month) -> String {
        m.name(self.lang)
    }
    /// "1101 Caja".
    fn account(&self, code: &str) -> String {
        match self.book.account(code) {
            Some(a) => format!("{code} {}", a.display_name(self.lang)),
            None => code.to_string(),
        }
    }
    /// Names and surnames, as the member is called in class.
    fn full_name(&self, id: u32) -> Result<String, BookError> {
        Ok(self
            .book
            .member(id)?
            .map(|m| format!("{} {}", m.first_names, m.last_names))
            .unwrap_or_else(|| format!("#{id}")))
    }
    /// The first name and first surname.
    fn short_name(&self, id: u32) -> Result<String, BookError> {
        Ok(self
            .book
            .member(id)?
            .map(|m| {
                let first = m.first_names.split_whitespace().next().unwrap_or("");
                let last = m.last_names.split_whitespace().next().unwrap_or("");
                format!("{first} {last}")
            })
            .unwrap_or_else(|| format!("#{id}")))
    }
    /// "a, b y c" / "a, b and c".
    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), Msg::TrAnd.t(self.lang)),
        }
    }
    /// Entries posted after `after`, oldest first.
    fn entries_after(&self, after: u64) -> Result<Vec<NewEntry>, BookError> {
        let (next, _) = self.book.next_ids()?;
        let mut out = Vec::new();
        for id in after + 1..next {
            if let Some(entry) = self.book.entry(id)? {
                let reversed_by = self.book.reversed_by(id)?;
                out.push(NewEntry { entry, reversed_by });
            }
        }
        Ok(out)
    }
    fn owed(&self, member: u32, through: Month) -> Result<Money, BookError> {
        Ok(self.book.owed(member, through)?.iter().map(|c| c.due).sum())
    }
    fn waived(&self, member: u32, through: Month) -> Result<Money, BookError> {
        Ok(self
            .book
            .member_charges(member, through)?
            .iter()
            .map(|c| c.waived)
            .sum())
    }

    /// Dues payments of members other than `skip` that the learner changed:
    /// a right payment reversed, or one recorded that was not asked for.
    fn payment_problems(&self, last_receipt: u64, skip: &[u32]) -> Result<Vec<String>, BookError> {
        let all = self.book.receipts_after(0)?;
        // Per member: receipts of the scenario, receipts standing now.
        let mut per: std::collections::BTreeMap<u32, (usize, usize)> = Default::default();
        for r in all.iter().filter(|r| !skip.contains(&r.member)) {
            let e = per.entry(r.member).or_default();
            if r.number <= last_receipt {
                e.0 += 1;
            }
            if r.reversed_by.is_none() {
                e.1 += 1;
            }
        }
        let mut out = Vec::new();
        for (member, (before, now)) in per {
            let name = self.short_name(member)?;
            if now < before {
                let entry = all
                    .iter()
                    .find(|r| {
                        r.member == member && r.number <= last_receipt && r.reversed_by.is_some()
                    })
                    .map(|r| r.entry)
                    .unwrap_or_default();
                out.push(
                    Msg::TrRightPaymentReversed
                        .fill(self.lang, &[("entry", &entry), ("name", &name)]),
                );
            } else if now > before {
                let number = all
                    .iter()
                    .rev()
                    .find(|r| {
                        r.member == member && r.number > last_receipt && r.reversed_by.is_none()
                    })
                    .map(|r| r.number)
                    .unwrap_or_default();
                out.push(if before > 0 {
                    Msg::TrPaymentForPaidMember
                        .fill(self.lang, &[("name", &name), ("number", &number)])
                } else {
                    Msg::TrPaymentForUnpaidMember
                        .fill(self.lang, &[("name", &name), ("number", &number)])
                });
            }
        }
        Ok(out)
    }

    /// Sorts the learner's standing manual entries for "an expense of `amount`
    /// paid in cash" into right ones and wrong ones.
    fn expenses(&self, entries: &[NewEntry], amount: Money) -> (Vec<u64>, Vec<ExpenseProblem>) {
        let mut right = Vec::new();
        let mut wrong = Vec::new();
        for n in entries.iter().filter(|n| n.standing()) {
            let e = &n.entry;
            if e.kind != EntryKind::Manual {
                continue;
            }
            let sum = |side: Side, ok: &dyn Fn(&str) -> bool| -> Money {
                e.postings
                    .iter()
                    .filter(|p| p.side == side && ok(&p.account))
                    .map(|p| p.amount)
                    .sum()
            };
            let expense = sum(Side::Debit, &is_expense);
            let cash = sum(Side::Credit, &|c| c == CASH);
            let total = e.total();
            let first_other = |side: Side, ok: &dyn Fn(&str) -> bool| {
                e.postings
                    .iter()
                    .find(|p| p.side == side && !ok(&p.account))
                    .map(|p| p.account.clone())
                    .unwrap_or_default()
            };
            if expense == amount && cash == amount && total == amount {
                right.push(e.id);
            } else if total == amount && expense != amount {
                wrong.push(ExpenseProblem::Debit(
                    e.id,
                    first_other(Side::Debit, &is_expense),
                ));
            } else if total == amount {
                wrong.push(ExpenseProblem::Credit(
                    e.id,
                    first_other(Side::Credit, &|c| c == CASH),
                ));
            } else if expense == total && cash == total {
                wrong.push(ExpenseProblem::Amount(e.id, total));
            }
        }
        (right, wrong)
    }

    /// Words for a wrong expense entry.
    fn expense_problem(&self, p: &ExpenseProblem, amount: Money) -> String {
        match p {
            ExpenseProblem::Debit(id, code) => Msg::TrDebitNotExpense.fill(
                self.lang,
                &[
                    ("account", &self.account(code)),
                    ("expense_account", &self.account("4507")),
                    ("id", &id),
                ],
            ),
            ExpenseProblem::Credit(id, code) => Msg::TrCreditNotCash.fill(
                self.lang,
                &[
                    ("account", &self.account(code)),
                    ("cash_account", &self.account(CASH)),
                    ("id", &id),
                ],
            ),
            ExpenseProblem::Amount(id, got) => Msg::TrWrongPurchaseAmount.fill(
                self.lang,
                &[
                    ("id", &id),
                    ("money", &self.money(*got)),
                    ("purchase", &self.money(amount)),
                ],
            ),
        }
    }

    /// One task of a scenario file, checked, in the trainer's words when given.
    fn file_task(&self, f: &FileRecipe, t: &TaskRecipe) -> Result<Exercise, BookError> {
        let pm = PrimerMes {
            month: f.month,
            unpaid: Vec::new(),
            owed_each: Money::ZERO,
            supplies: Money::ZERO,
            cash_count: Money::ZERO,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        };
        let cj = CajaUnAno {
            seed: 0,
            member: 0,
            member_owed: Money::ZERO,
            loan: 0,
            loan_overdue: Money::ZERO,
            loan_installments: 0,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        };
        let er = Errores {
            month: f.month,
            member: 0,
            payment: Money::ZERO,
            payment_entries: [0, 0],
            purchase_entry: 0,
            purchase: Money::ZERO,
            sale_entry: 0,
            sale: Money::ZERO,
            cash_count: Money::ZERO,
            bank: Money::ZERO,
            last_entry: f.last_entry,
            last_receipt: f.last_receipt,
        };
        let mut e = match &t.facts {
            TaskFacts::CollectDues { unpaid, owed_each } => self.pm_collect(&PrimerMes {
                unpaid: unpaid.clone(),
                owed_each: *owed_each,
                ..pm
            })?,
            TaskFacts::ExpensePaidInCash { amount } => self.pm_purchase(&PrimerMes {
                supplies: *amount,
                ..pm
            })?,
            TaskFacts::CloseMonth { cash_count } => self.pm_close(&PrimerMes {
                cash_count: *cash_count,
                ..pm
            })?,
            TaskFacts::CollectArrears {
                member,
                member_owed,
            } => self.cj_arrears(&CajaUnAno {
                member: *member,
                member_owed: *member_owed,
                ..cj
            })?,
            TaskFacts::LoanUpToDate {
                loan,
                loan_overdue,
                loan_installments,
            } => self.cj_loan(&CajaUnAno {
                loan: *loan,
                loan_overdue: *loan_overdue,
                loan_installments: *loan_installments,
                ..cj
            })?,
            TaskFacts::DuplicatePayment {
                member,
                payment,
                payment_entries,
            } => self.er_duplicate(&Errores {
                member: *member,
                payment: *payment,
                payment_entries: *payment_entries,
                ..er
            })?,
            TaskFacts::WrongAccount {
                purchase_entry,
                purchase,
            } => self.er_wrong_account(&Errores {
                purchase_entry: *purchase_entry,
                purchase: *purchase,
                ..er
            })?,
            TaskFacts::CashCount {
                cash_count,
                bank,
                sale_entry,
                sale,
            } => self.er_cash(&Errores {
                cash_count: *cash_count,
                bank: *bank,
                sale_entry: *sale_entry,
                sale: *sale,
                ..er
            })?,
            TaskFacts::Balance { account, amount } => self.balance_task(account, *amount)?,
            TaskFacts::Entry {
                debit,
                credit,
                amount,
            } => self.entry_task(f.last_entry, debit, credit, *amount)?,
            TaskFacts::MonthClosed { month } => self.closed_task(*month)?,
            TaskFacts::DuesPaid { member, through } => self.dues_paid_task(*member, *through)?,
            TaskFacts::SavingsDeposit { member, amount } => {
                self.savings_task(f.last_entry, *member, *amount, Side::Credit)?
            }
            TaskFacts::SavingsWithdrawal { member, amount } => {
                self.savings_task(f.last_entry, *member, *amount, Side::Debit)?
            }
            TaskFacts::FundGrant { member, amount } => {
                self.grant_task(f.last_entry, *member, *amount)?
            }
            TaskFacts::LoanDisbursed {
                member,
                product,
                amount,
                months,
            } => self.disbursed_task(f.last_entry, *member, *product, *amount, *months)?,
            TaskFacts::LoanPayoff {
                loan,
                late,
                interest,
                principal,
            } => self.payoff_task(f.last_entry, *loan, [*late, *interest, *principal])?,
        };
        let pick = |w: &Option<(String, String)>| {
            w.as_ref()
                .map(|(es, en)| self.lang.pick(es, en).to_string())
        };
        if let Some(task) = pick(&t.words.task) {
            e.task = task;
        }
        let words = match e.verdict {
            Verdict::Done => pick(&t.words.done),
            Verdict::Wrong => pick(&t.words.wrong),
            Verdict::NotYet => pick(&t.words.not_yet),
        };
        if let Some(words) = words {
            e.words = words;
        }
        Ok(e)
    }

    /// Named arguments for a message, from owned values.
    fn fill(&self, msg: Msg, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> = args
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        msg.fill(self.lang, &args)
    }

    /// The learner's standing savings deposits (`Side::Credit`) or
    /// withdrawals (`Side::Debit`) in cash or at the bank: (entry, member, amount).
    fn savings_moves(
        &self,
        last_entry: u64,
        side: Side,
    ) -> Result<Vec<(u64, u32, Money)>, BookError> {
        let mut out = Vec::new();
        for n in self.entries_after(last_entry)? {
            let e = &n.entry;
            if !n.standing() || e.kind != EntryKind::Savings {
                continue;
            }
            let on_savings = |p: &&crate::domain::entry::Posting| p.account.starts_with("21");
            let both_sides = e.postings.iter().filter(on_savings).any(|p| p.side != side);
            let funds = e.postings.iter().any(|p| p.account.starts_with("11"));
            if both_sides || !funds {
                continue;
            }
            for p in e.postings.iter().filter(on_savings) {
                if let Some(m) = p.member
                    && p.side == side
                {
                    out.push((e.id, m, p.amount));
                }
            }
        }
        Ok(out)
    }

    /// A deposit into (`Side::Credit`) or a withdrawal from (`Side::Debit`)
    /// a member's savings, of `amount`.
    fn savings_task(
        &self,
        last_entry: u64,
        member: u32,
        amount: Money,
        side: Side,
    ) -> Result<Exercise, BookError> {
        let deposit = side == Side::Credit;
        let args = [
            ("name", self.full_name(member)?),
            ("short", self.short_name(member)?),
            ("number", member.to_string()),
            ("money", self.money(amount)),
        ];
        let task = self.fill(
            if deposit {
                Msg::TrSavingsDepositTask
            } else {
                Msg::TrSavingsWithdrawalTask
            },
            &args,
        );
        let moves = self.savings_moves(last_entry, side)?;
        let right: Vec<u64> = moves
            .iter()
            .filter(|(_, m, a)| *m == member && *a == amount)
            .map(|(e, _, _)| *e)
            .collect();
        let other_amount = moves.iter().find(|(_, m, a)| *m == member && *a != amount);
        let other_member = moves.iter().find(|(_, m, a)| *m != member && *a == amount);
        Ok(match (right.as_slice(), other_amount, other_member) {
            ([id], None, None) => {
                let mut a = args.to_vec();
                a.push(("id", id.to_string()));
                w(
                    Verdict::Done,
                    task,
                    self.fill(
                        if deposit {
                            Msg::TrSavingsDepositDone
                        } else {
                            Msg::TrSavingsWithdrawalDone
                        },
                        &a,
                    ),
                )
            }
            (_, Some((id, _, got)), _) => {
                let mut a = args.to_vec();
                a.push(("id", id.to_string()));
                a.push(("got", self.money(*got)));
                w(
                    Verdict::Wrong,
                    task,
                    self.fill(Msg::TrSavingsOtherAmount, &a),
                )
            }
            (_, None, Some((id, other, _))) => {
                let mut a = args.to_vec();
                a.push(("id", id.to_string()));
                a.push(("other", self.short_name(*other)?));
                w(
                    Verdict::Wrong,
                    task,
                    self.fill(Msg::TrSavingsOtherMember, &a),
                )
            }
            ([], None, None) => w(
                Verdict::NotYet,
                task,
                self.fill(
                    if deposit {
                        Msg::TrSavingsDepositNotYet
                    } else {
                        Msg::TrSavingsWithdrawalNotYet
                    },
                    &args,
                ),
            ),
            (many, None, None) => {
                let list: Vec<String> = many.iter().map(u64::to_string).collect();
                w(
                    Verdict::Wrong,
                    task,
                    self.fill(
                        Msg::TrSavingsTwice,
                        &[("n", many.len().to_string()), ("entries", self.list(&list))],
                    ),
                )
            }
        })
    }

    /// A grant of `amount` from the solidarity fund to `member`.
    fn grant_task(
        &self,
        last_entry: u64,
        member: u32,
        amount: Money,
    ) -> Result<Exercise, BookError> {
        let args = [
            ("name", self.full_name(member)?),
            ("short", self.short_name(member)?),
            ("number", member.to_string()),
            ("money", self.money(amount)),
        ];
        let task = self.fill(Msg::TrFundGrantTask, &args);
        let mut grants = Vec::new();
        for g in self.book.fund_grants()? {
            if g.entry > last_entry && self.book.reversed_by(g.entry)?.is_none() {
                grants.push(g);
            }
        }
        let right: Vec<_> = grants
            .iter()
            .filter(|g| g.member == Some(member) && g.amount == amount)
            .collect();
        let mut a = args.to_vec();
        Ok(if let [g] = right.as_slice() {
            a.push(("id", g.entry.to_string()));
            w(Verdict::Done, task, self.fill(Msg::TrFundGrantDone, &a))
        } else if right.len() > 1 {
            let list: Vec<String> = right.iter().map(|g| g.entry.to_string()).collect();
            w(
                Verdict::Wrong,
                task,
                self.fill(
                    Msg::TrSavingsTwice,
                    &[
                        ("n", right.len().to_string()),
                        ("entries", self.list(&list)),
                    ],
                ),
            )
        } else if let Some(g) = grants.first() {
            let to = match g.member {
                Some(m) if m == member => a[1].1.clone(),
                Some(m) => self.short_name(m)?,
                None => g.beneficiary.clone(),
            };
            a.push(("id", g.entry.to_string()));
            a.push(("got", self.money(g.amount)));
            a.push(("to", to));
            w(Verdict::Wrong, task, self.fill(Msg::TrFundGrantWrong, &a))
        } else {
            w(Verdict::NotYet, task, self.fill(Msg::TrFundGrantNotYet, &a))
        })
    }

    /// A loan of `amount` over `months` applied for and disbursed to `member`.
    fn disbursed_task(
        &self,
        last_entry: u64,
        member: u32,
        product: u32,
        amount: Money,
        months: u32,
    ) -> Result<Exercise, BookError> {
        let product_name = self
            .book
            .loan_products()?
            .into_iter()
            .find(|p| p.id == product)
            .map(|p| p.name)
            .unwrap_or_default();
        let args = [
            ("name", self.full_name(member)?),
            ("short", self.short_name(member)?),
            ("number", member.to_string()),
            ("money", self.money(amount)),
            ("months", months.to_string()),
            ("product", product_name),
        ];
        let task = self.fill(Msg::TrLoanDisbursedTask, &args);
        let mut disbursed = Vec::new();
        let mut applied = None;
        for l in self.book.member_loans(member)? {
            if l.status == LoanStatus::Applied {
                applied = Some(l.id);
                continue;
            }
            for (e, ev) in self.book.loan_events(l.id)? {
                if e.id > last_entry
                    && matches!(ev, LoanEvent::Disbursed { .. })
                    && self.book.reversed_by(e.id)?.is_none()
                {
                    disbursed.push((l.clone(), e.id));
                }
            }
        }
        let mut a = args.to_vec();
        let right = disbursed
            .iter()
            .find(|(l, _)| l.amount == amount && l.months == months);
        Ok(if let Some((l, entry)) = right {
            a.push(("loan", l.id.to_string()));
            a.push(("id", entry.to_string()));
            w(Verdict::Done, task, self.fill(Msg::TrLoanDisbursedDone, &a))
        } else if let Some((l, entry)) = disbursed.first() {
            a.push(("loan", l.id.to_string()));
            a.push(("id", entry.to_string()));
            a.push(("got", self.money(l.amount)));
            a.push(("got_months", l.months.to_string()));
            w(
                Verdict::Wrong,
                task,
                self.fill(Msg::TrLoanDisbursedWrong, &a),
            )
        } else if let Some(id) = applied {
            a.push(("loan", id.to_string()));
            w(
                Verdict::NotYet,
                task,
                self.fill(Msg::TrLoanAppliedNotDisbursed, &a),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                self.fill(Msg::TrLoanDisbursedNotYet, &a),
            )
        })
    }

    /// A loan paid off; `split` is what paying it off cost when the book was
    /// built (late interest, interest, principal).
    fn payoff_task(
        &self,
        last_entry: u64,
        id: u32,
        split: [Money; 3],
    ) -> Result<Exercise, BookError> {
        let loan = self.book.loan(id)?;
        let [late, interest, principal] = split;
        let mut a = vec![
            ("loan", id.to_string()),
            ("borrower", self.full_name(loan.member)?),
            ("money", self.money(late + interest + principal)),
            ("late", self.money(late)),
            ("interest", self.money(interest)),
            ("principal", self.money(principal)),
        ];
        let task = self.fill(Msg::TrLoanPayoffTask, &a);
        let mut paid = [Money::ZERO; 3];
        for (e, ev) in self.book.loan_events(id)? {
            if e.id <= last_entry || self.book.reversed_by(e.id)?.is_some() {
                continue;
            }
            if let LoanEvent::Payment {
                late,
                interest,
                principal,
                prepaid,
                ..
            } = ev
            {
                paid[0] += late;
                paid[1] += interest;
                paid[2] += principal + prepaid;
            }
        }
        let total: Money = paid.iter().copied().sum();
        Ok(match loan.status {
            LoanStatus::PaidOff(_) => {
                a.push(("paid", self.money(total)));
                a.push(("paid_late", self.money(paid[0])));
                a.push(("paid_interest", self.money(paid[1])));
                a.push(("paid_principal", self.money(paid[2])));
                w(Verdict::Done, task, self.fill(Msg::TrLoanPayoffDone, &a))
            }
            LoanStatus::WrittenOff(d) => w(
                Verdict::Wrong,
                task,
                Msg::TrLoanWrittenOffNotPaid.fill(
                    self.lang,
                    &[("date", &format_date(d, self.lang)), ("loan", &id)],
                ),
            ),
            _ => {
                let now = self.book.payoff_amount(id, self.book.today())?;
                a.push(("now", self.money(now)));
                a.push((
                    "start",
                    if total.is_positive() {
                        Msg::TrCollectedButShort.fill(self.lang, &[("money", &self.money(total))])
                    } else {
                        String::new()
                    },
                ));
                w(
                    Verdict::NotYet,
                    task,
                    self.fill(Msg::TrLoanPayoffNotYet, &a),
                )
            }
        })
    }

    /// An account's balance in the open month equals `amount`.
    fn balance_task(&self, account: &str, amount: Money) -> Result<Exercise, BookError> {
        let month = self.book.current_month()?;
        let balance = self.book.balance_of(account, month)?;
        let task = Msg::TrBalanceTask.fill(
            self.lang,
            &[
                ("account", &self.account(account)),
                ("money", &self.money(amount)),
            ],
        );
        let args = [
            ("account", self.account(account)),
            ("money", self.money(amount)),
            ("balance", self.money(balance)),
        ];
        let args: Vec<(&str, &dyn std::fmt::Display)> = args
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        Ok(if balance == amount {
            w(
                Verdict::Done,
                task,
                Msg::TrBalanceDone.fill(self.lang, &args),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                Msg::TrBalanceNotYet.fill(self.lang, &args),
            )
        })
    }

    /// An entry debiting `debit` and crediting `credit` (a code or the start
    /// of one: "45" is any expense) for `amount`, posted after the scenario.
    fn entry_task(
        &self,
        last_entry: u64,
        debit: &str,
        credit: &str,
        amount: Money,
    ) -> Result<Exercise, BookError> {
        let task = Msg::TrEntryTask.fill(
            self.lang,
            &[
                ("debit", &self.account(debit)),
                ("credit", &self.account(credit)),
                ("money", &self.money(amount)),
            ],
        );
        let entries = self.entries_after(last_entry)?;
        let sum = |e: &Entry, side: Side, code: &str| -> Money {
            e.postings
                .iter()
                .filter(|p| p.side == side && p.account.starts_with(code))
                .map(|p| p.amount)
                .sum()
        };
        let standing: Vec<&Entry> = entries
            .iter()
            .filter(|n| n.standing())
            .map(|n| &n.entry)
            .collect();
        let right = standing.iter().find(|e| {
            sum(e, Side::Debit, debit) == amount && sum(e, Side::Credit, credit) == amount
        });
        let near = standing.iter().find(|e| e.total() == amount);
        Ok(match (right, near) {
            (Some(e), _) => w(
                Verdict::Done,
                task,
                Msg::TrEntryDone.fill(
                    self.lang,
                    &[
                        ("id", &e.id),
                        ("debit", &self.account(debit)),
                        ("credit", &self.account(credit)),
                        ("money", &self.money(amount)),
                    ],
                ),
            ),
            (None, Some(e)) => {
                let first = |side: Side| {
                    e.postings
                        .iter()
                        .find(|p| p.side == side)
                        .map(|p| self.account(&p.account))
                        .unwrap_or_default()
                };
                w(
                    Verdict::Wrong,
                    task,
                    Msg::TrEntryWrong.fill(
                        self.lang,
                        &[
                            ("id", &e.id),
                            ("got_debit", &first(Side::Debit)),
                            ("got_credit", &first(Side::Credit)),
                            ("debit", &self.account(debit)),
                            ("credit", &self.account(credit)),
                        ],
                    ),
                )
            }
            (None, None) => w(
                Verdict::NotYet,
                task,
                Msg::TrEntryNotYet.fill(
                    self.lang,
                    &[
                        ("debit", &self.account(debit)),
                        ("credit", &self.account(credit)),
                        ("money", &self.money(amount)),
                    ],
                ),
            ),
        })
    }

    /// The month closed.
    fn closed_task(&self, month: Month) -> Result<Exercise, BookError> {
        let name = self.month(month);
        let task = Msg::TrMonthClosedTask.fill(self.lang, &[("month", &name)]);
        let closed = self.book.closed_through()?.is_some_and(|c| c >= month);
        Ok(if closed {
            w(
                Verdict::Done,
                task,
                Msg::TrMonthClosedDone.fill(self.lang, &[("month", &name)]),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                Msg::TrMonthClosedNotYet.fill(self.lang, &[("month", &name)]),
            )
        })
    }

    /// A member's dues paid through a month.
    fn dues_paid_task(&self, member: u32, through: Month) -> Result<Exercise, BookError> {
        let name = self.full_name(member)?;
        let short = self.short_name(member)?;
        let month = self.month(through);
        let task = Msg::TrDuesPaidTask.fill(self.lang, &[("name", &name), ("month", &month)]);
        let owed = self.book.owed(member, through)?;
        let still: Money = owed.iter().map(|c| c.due).sum();
        Ok(if still.is_zero() {
            w(
                Verdict::Done,
                task,
                Msg::TrDuesPaidDone.fill(self.lang, &[("short", &short), ("month", &month)]),
            )
        } else {
            let oldest = owed
                .first()
                .map(|c| self.month(c.month))
                .unwrap_or_default();
            w(
                Verdict::NotYet,
                task,
                Msg::TrDuesPaidNotYet.fill(
                    self.lang,
                    &[
                        ("short", &short),
                        ("money", &self.money(still)),
                        ("oldest", &oldest),
                    ],
                ),
            )
        })
    }

    fn primer_mes(&self, f: &PrimerMes) -> Result<Vec<Exercise>, BookError> {
        Ok(vec![
            self.pm_collect(f)?,
            self.pm_purchase(f)?,
            self.pm_close(f)?,
        ])
    }

    fn pm_collect(&self, f: &PrimerMes) -> Result<Exercise, BookError> {
        let month = self.month(f.month);
        // 1. The dues of three members.
        let mut full = Vec::new();
        for &id in &f.unpaid {
            full.push(self.full_name(id)?);
        }
        let task = Msg::TrCollectDuesTask.fill(
            self.lang,
            &[
                ("list", &self.list(&full)),
                ("money", &self.money(f.owed_each)),
                ("month", &month),
            ],
        );
        let receipts = self.book.receipts_after(f.last_receipt)?;
        let mut paid = Vec::new();
        let mut missing = Vec::new();
        let mut waived = Vec::new();
        for &id in &f.unpaid {
            let name = self.short_name(id)?;
            let owed = self.owed(id, f.month)?;
            let numbers: Vec<String> = receipts
                .iter()
                .filter(|r| r.member == id && r.reversed_by.is_none())
                .map(|r| r.number.to_string())
                .collect();
            if self.waived(id, f.month)?.is_positive() {
                waived.push(name);
            } else if owed.is_zero() {
                paid.push(format!(
                    "{name} ({} {})",
                    Msg::TrReceipt.t(self.lang),
                    numbers.join(", ")
                ));
            } else {
                missing.push(format!("{name} ({})", self.money(owed)));
            }
        }
        let others = self.payment_problems(f.last_receipt, &f.unpaid)?;
        let done_part = if paid.is_empty() {
            String::new()
        } else {
            Msg::TrCollected.fill(self.lang, &[("list", &self.list(&paid))])
        };
        Ok(if !others.is_empty() {
            w(
                Verdict::Wrong,
                task,
                format!("{done_part}{}", others.join(" ")),
            )
        } else if !waived.is_empty() {
            w(
                Verdict::Wrong,
                task,
                Msg::TrDuesWaivedInstead.fill(
                    self.lang,
                    &[("done_part", &done_part), ("list", &self.list(&waived))],
                ),
            )
        } else if missing.is_empty() {
            w(
                Verdict::Done,
                task,
                Msg::TrNobodyOwes.fill(self.lang, &[("done_part", &done_part), ("month", &month)]),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                Msg::TrStillToCollect.fill(
                    self.lang,
                    &[("done_part", &done_part), ("list", &self.list(&missing))],
                ),
            )
        })
    }

    fn pm_purchase(&self, f: &PrimerMes) -> Result<Exercise, BookError> {
        // 2. A purchase paid in cash.
        let task = Msg::TrPurchaseTask.fill(self.lang, &[("money", &self.money(f.supplies))]);
        let entries = self.entries_after(f.last_entry)?;
        let (right, wrong) = self.expenses(&entries, f.supplies);
        Ok(match (right.as_slice(), wrong.first()) {
            ([id], None) => {
                let e = entries.iter().find(|n| n.entry.id == *id);
                let debit = e
                    .and_then(|n| n.entry.postings.iter().find(|p| p.side == Side::Debit))
                    .map(|p| self.account(&p.account))
                    .unwrap_or_default();
                w(
                    Verdict::Done,
                    task,
                    Msg::TrPurchaseRecorded.fill(
                        self.lang,
                        &[
                            ("account", &self.account(CASH)),
                            ("debit", &debit),
                            ("id", &id),
                            ("money", &self.money(f.supplies)),
                        ],
                    ),
                )
            }
            (_, Some(p)) => w(Verdict::Wrong, task, self.expense_problem(p, f.supplies)),
            ([], None) => w(
                Verdict::NotYet,
                task,
                Msg::TrPurchaseNotRecorded.fill(
                    self.lang,
                    &[
                        ("account", &self.account(CASH)),
                        ("money", &self.money(f.supplies)),
                    ],
                ),
            ),
            (many, None) => w(
                Verdict::Wrong,
                task,
                Msg::TrPurchaseRecordedTimes.fill(
                    self.lang,
                    &[
                        ("n", &many.len()),
                        (
                            "entries",
                            &self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>()),
                        ),
                    ],
                ),
            ),
        })
    }

    fn pm_close(&self, f: &PrimerMes) -> Result<Exercise, BookError> {
        let month = self.month(f.month);
        // 3. The month's close with the cash count.
        let last_day = format_date(f.month.last_day(), self.lang);
        let task = Msg::TrCloseTask.fill(
            self.lang,
            &[
                ("last_day", &last_day),
                ("money", &self.money(f.cash_count)),
                ("month", &month),
            ],
        );
        let cash = self.book.balance_of(CASH, f.month)?;
        let closed = self.book.closed_through()?.is_some_and(|c| c >= f.month);
        Ok(if closed && cash == f.cash_count {
            w(
                Verdict::Done,
                task,
                Msg::TrClosedMatching.fill(
                    self.lang,
                    &[("money", &self.money(cash)), ("month", &month)],
                ),
            )
        } else if closed {
            w(
                Verdict::Wrong,
                task,
                Msg::TrClosedNotMatching.fill(
                    self.lang,
                    &[
                        ("money", &self.money(cash)),
                        ("counted", &self.money(f.cash_count)),
                        ("month", &month),
                    ],
                ),
            )
        } else if cash == f.cash_count {
            w(
                Verdict::NotYet,
                task,
                Msg::TrOpenMatching.fill(
                    self.lang,
                    &[
                        ("last_day", &last_day),
                        ("money", &self.money(cash)),
                        ("month", &month),
                    ],
                ),
            )
        } else {
            w(
                Verdict::NotYet,
                task,
                Msg::TrOpenNotMatching.fill(
                    self.lang,
                    &[
                        ("last_day", &last_day),
                        ("money", &self.money(cash)),
                        ("counted", &self.money(f.cash_count)),
                        ("difference", &self.money(f.cash_count - cash)),
                        ("month", &month),
                    ],
                ),
            )
        })
    }

    fn caja_un_ano(&self, f: &CajaUnAno) -> Result<Vec<Exercise>, BookError> {
        Ok(vec![self.cj_arrears(f)?, self.cj_loan(f)?])
    }

    fn cj_arrears(&self, f: &CajaUnAno) -> Result<Exercise, BookError> {
        let current = self.book.current_month()?;
        // 1. Everything a member in arrears owes.
        let name = self.full_name(f.member)?;
        let task = Msg::TrCollectArrearsTask.fill(
            self.lang,
            &[("money", &self.money(f.member_owed)), ("name", &name)],
        );
        let owed = self.book.owed(f.member, current)?;
        let still: Money = owed.iter().map(|c| c.due).sum();
        let received: Money = self
            .book
            .receipts_after(f.last_receipt)?
            .iter()
            .filter(|r| r.member == f.member && r.reversed_by.is_none())
            .map(|r| r.total)
            .sum();
        let short = self.short_name(f.member)?;
        Ok(if still.is_zero() && received.is_zero() {
            w(
                Verdict::Wrong,
                task,
                Msg::TrDebtWaivedNotCollected.fill(self.lang, &[("short", &short)]),
            )
        } else if still.is_zero() {
            w(
                Verdict::Done,
                task,
                Msg::TrCollectedUpToDate.fill(
                    self.lang,
                    &[
                        ("money", &self.money(received)),
                        ("month", &self.month(current)),
                        ("short", &short),
                    ],
                ),
            )
        } else {
            let oldest = owed
                .first()
                .map(|c| self.month(c.month))
                .unwrap_or_default();
            let start = if received.is_positive() {
                Msg::TrCollectedButShort.fill(self.lang, &[("money", &self.money(received))])
            } else {
                String::new()
            };
            w(
                Verdict::NotYet,
                task,
                Msg::TrStillOwesSince.fill(
                    self.lang,
                    &[
                        ("money", &self.money(still)),
                        ("oldest", &oldest),
                        ("short", &short),
                        ("start", &start),
                    ],
                ),
            )
        })
    }

    fn cj_loan(&self, f: &CajaUnAno) -> Result<Exercise, BookError> {
        let today = self.book.today();
        // 2. A loan brought up to date.
        let loan = self.book.loan(f.loan)?;
        let borrower = self.full_name(loan.member)?;
        let task = Msg::TrLoanUpToDateTask.fill(
            self.lang,
            &[
                ("borrower", &borrower),
                ("loan", &f.loan),
                ("loan_installments", &f.loan_installments),
                ("money", &self.money(f.loan_overdue)),
            ],
        );
        let paid: Money = self
            .book
            .loan_events(f.loan)?
            .iter()
            .filter(|(e, _)| e.id > f.last_entry && e.kind == EntryKind::Loan)
            .filter(|(e, _)| self.book.reversed_by(e.id).ok().flatten().is_none())
            .map(|(_, ev)| match ev {
                LoanEvent::Payment { amount, .. } => *amount,
                _ => Money::ZERO,
            })
            .sum();
        Ok(match loan.status {
            LoanStatus::WrittenOff(d) => w(
                Verdict::Wrong,
                task,
                Msg::TrLoanWrittenOffNotPaid.fill(
                    self.lang,
                    &[("date", &format_date(d, self.lang)), ("loan", &f.loan)],
                ),
            ),
            LoanStatus::PaidOff(_) => w(
                Verdict::Done,
                task,
                Msg::TrLoanPaidOff.fill(
                    self.lang,
                    &[("loan", &f.loan), ("money", &self.money(paid))],
                ),
            ),
            _ => {
                let (due, n) = loan_overdue(self.book, f.loan, today)?;
                if n == 0 {
                    let next = loan
                        .installments
                        .iter()
                        .find(|i| !i.is_settled())
                        .map(|i| format_date(i.inst.due, self.lang))
                        .unwrap_or_default();
                    w(
                        Verdict::Done,
                        task,
                        Msg::TrLoanNothingOverdue.fill(
                            self.lang,
                            &[
                                ("loan", &f.loan),
                                ("money", &self.money(paid)),
                                ("next", &next),
                            ],
                        ),
                    )
                } else {
                    let start = if paid.is_positive() {
                        Msg::TrCollectedButShort.fill(self.lang, &[("money", &self.money(paid))])
                    } else {
                        String::new()
                    };
                    w(
                        Verdict::NotYet,
                        task,
                        Msg::TrLoanStillOverdue.fill(
                            self.lang,
                            &[
                                ("loan", &f.loan),
                                ("money", &self.money(due)),
                                ("n", &n),
                                ("amount_digits", &due.plain()),
                                ("start", &start),
                            ],
                        ),
                    )
                }
            }
        })
    }

    fn errores(&self, f: &Errores) -> Result<Vec<Exercise>, BookError> {
        Ok(vec![
            self.er_duplicate(f)?,
            self.er_wrong_account(f)?,
            self.er_cash(f)?,
        ])
    }

    fn er_duplicate(&self, f: &Errores) -> Result<Exercise, BookError> {
        let receipts = self.book.receipts_after(f.last_receipt)?;
        // 1. The payment recorded twice.
        let task = Msg::TrDuplicatePaymentTask.t(self.lang).to_string();
        let name = self.short_name(f.member)?;
        let mut reversed = Vec::new();
        for &id in &f.payment_entries {
            if self.book.reversed_by(id)?.is_some() {
                reversed.push(id);
            }
        }
        let again = receipts
            .iter()
            .filter(|r| r.member == f.member && r.reversed_by.is_none())
            .count();
        let standing = 2 - reversed.len() + again;
        let others = self.payment_problems(f.last_receipt, &[f.member])?;
        Ok(if !others.is_empty() {
            w(Verdict::Wrong, task, others.join(" "))
        } else if reversed.is_empty() && again == 0 {
            w(
                Verdict::NotYet,
                task,
                Msg::TrBothPaymentsStand.t(self.lang).to_string(),
            )
        } else if standing == 1 {
            let which = reversed.iter().map(u64::to_string).collect::<Vec<_>>();
            w(
                Verdict::Done,
                task,
                Msg::TrDuplicateReversed.fill(
                    self.lang,
                    &[
                        ("list", &self.list(&which)),
                        ("money", &self.money(f.payment)),
                        ("name", &name),
                    ],
                ),
            )
        } else if standing == 0 {
            w(
                Verdict::Wrong,
                task,
                Msg::TrBothPaymentsReversed.fill(
                    self.lang,
                    &[("money", &self.money(f.payment)), ("name", &name)],
                ),
            )
        } else {
            w(
                Verdict::Wrong,
                task,
                Msg::TrExtraPaymentsStand
                    .fill(self.lang, &[("name", &name), ("standing", &standing)]),
            )
        })
    }

    fn er_wrong_account(&self, f: &Errores) -> Result<Exercise, BookError> {
        let entries = self.entries_after(f.last_entry)?;
        // 2. The purchase in the wrong account.
        let task = Msg::TrWrongAccountTask.fill(self.lang, &[("money", &self.money(f.purchase))]);
        let original_reversed = self.book.reversed_by(f.purchase_entry)?.is_some();
        let (right, wrong) = self.expenses(&entries, f.purchase);
        let contributions = self.account(MEMBER_CONTRIBUTIONS);
        Ok(match (original_reversed, right.as_slice(), wrong.first()) {
            (true, [id], None) => {
                let debit = entries
                    .iter()
                    .find(|n| n.entry.id == *id)
                    .and_then(|n| n.entry.postings.iter().find(|p| p.side == Side::Debit))
                    .map(|p| self.account(&p.account))
                    .unwrap_or_default();
                w(
                    Verdict::Done,
                    task,
                    Msg::TrPurchaseMoved.fill(
                        self.lang,
                        &[
                            ("contributions", &contributions),
                            ("debit", &debit),
                            ("id", &id),
                            ("purchase_entry", &f.purchase_entry),
                        ],
                    ),
                )
            }
            (_, _, Some(p)) => w(Verdict::Wrong, task, self.expense_problem(p, f.purchase)),
            (false, [], None) => w(
                Verdict::NotYet,
                task,
                Msg::TrPurchaseStillInContributions
                    .fill(self.lang, &[("contributions", &contributions)]),
            ),
            (false, _, None) => w(
                Verdict::Wrong,
                task,
                Msg::TrPurchaseInBoth.fill(
                    self.lang,
                    &[
                        ("contributions", &contributions),
                        ("purchase_entry", &f.purchase_entry),
                    ],
                ),
            ),
            (true, [], None) => w(
                Verdict::NotYet,
                task,
                Msg::TrWrongAccountReversed.fill(
                    self.lang,
                    &[
                        ("account", &self.account(CASH)),
                        ("contributions", &contributions),
                        ("purchase_entry", &f.purchase_entry),
                    ],
                ),
            ),
            (true, many, None) => w(
                Verdict::Wrong,
                task,
                Msg::TrPurchaseRecordedTimesInExpenses.fill(
                    self.lang,
                    &[
                        ("n", &many.len()),
                        (
                            "entries",
                            &self.list(&many.iter().map(u64::to_string).collect::<Vec<_>>()),
                        ),
                    ],
                ),
            ),
        })
    }

    fn er_cash(&self, f: &Errores) -> Result<Exercise, BookError> {
        let entries = self.entries_after(f.last_entry)?;
        // 3. Cash that does not match the count.
        let task = Msg::TrCashCountTask.fill(self.lang, &[("money", &self.money(f.cash_count))]);
        let month = self.book.current_month()?.max(f.month);
        let cash = self.book.balance_of(CASH, month)?;
        let bank = self.book.balance_of(BANKS, month)?;
        let sale_reversed = self.book.reversed_by(f.sale_entry)?.is_some();
        let adjusted = entries
            .iter()
            .any(|n| n.standing() && n.entry.kind == EntryKind::CashAdjustment);
        Ok(if cash == f.cash_count && bank == f.bank {
            w(
                Verdict::Done,
                task,
                Msg::TrCashFixedBankWrong.fill(
                    self.lang,
                    &[
                        ("account", &self.account(BANKS)),
                        ("money", &self.money(cash)),
                        ("bank_balance", &self.money(bank)),
                    ],
                ),
            )
        } else if cash == f.cash_count {
            w(
                Verdict::Wrong,
                task,
                if adjusted {
                    Msg::TrCashMatchesBankWrongAdjusted
                } else {
                    Msg::TrCashMatchesBankWrong
                }
                .fill(
                    self.lang,
                    &[
                        ("bank_account", &self.account(BANKS)),
                        ("bank", &self.money(bank)),
                        ("expected", &self.money(f.bank)),
                        ("sale", &self.money(f.sale)),
                    ],
                ),
            )
        } else {
            let diff = f.cash_count - cash;
            let hint = if sale_reversed && bank == f.bank {
                Msg::TrSaleLeftBank.fill(
                    self.lang,
                    &[
                        ("account", &self.account(CASH)),
                        ("sale_entry", &f.sale_entry),
                    ],
                )
            } else {
                Msg::TrCashHint.t(self.lang).to_string()
            };
            w(
                Verdict::NotYet,
                task,
                Msg::TrCashDiffers.fill(
                    self.lang,
                    &[
                        ("hint", &hint),
                        ("money", &self.money(cash)),
                        ("counted", &self.money(f.cash_count)),
                        ("difference", &self.money(diff)),
                    ],
                ),
            )
        })
    }
}
