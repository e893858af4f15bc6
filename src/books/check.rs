//! `ayni check`: proves the books are whole.
//!
//! The check returns data: each [`CheckItem`] carries a [`Finding`] with its
//! figures (what was verified, or the first problem found), and
//! [`Finding::message`] words it from the catalogue in either language.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::domain::money::Money;

use super::{Book, BookError};
use crate::domain::entry::Side;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::store::StoreRead;
use crate::store::seal::{SealFault, SealProblem, Sealed};

/// One verified property of the book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckItem {
    /// Stable identifier: `balanced`, `chain`, `accounts`, `totals`, `subledgers`, `closed_months`, `dues`, `savings`, `loans`, `provisions`, `cash`, `trial_balance`. `chain` covers the seals of the
    /// records besides the journal (members, loans, products, charges, settings).
    pub name: &'static str,
    pub ok: bool,
    /// What was checked (counts) and, when it failed, the first problem.
    pub finding: Finding,
}

/// What a check found, with its figures: the counts verified when it passed,
/// the first problem when it failed. Worded by [`Finding::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    // What passed.
    EntriesVerified {
        entries: u64,
    },
    LinksVerified {
        links: u64,
        sealed: usize,
    },
    ReferencesExist,
    TotalsRecomputed {
        account_months: usize,
        member_balances: usize,
    },
    SubledgersReconcile {
        control_accounts: usize,
        members: usize,
    },
    ClosedMonthsVerified {
        months: usize,
    },
    DuesReconcile {
        charges: usize,
        outstanding: usize,
        in_advance: usize,
        accounts: usize,
    },
    SavingsReconcile {
        accounts: usize,
        movements: usize,
    },
    LoansReconcile {
        loans: usize,
    },
    NoProvisionYet,
    ProvisionHeld {
        held: Money,
        month: Month,
    },
    ProvisionReleaseLimited {
        held: Money,
        required: Money,
    },
    CashNeverNegative {
        days: usize,
        accounts: usize,
    },
    TrialBalanceEven {
        total: Money,
    },
    // The first problem.
    EntryMissing {
        expected: u64,
        found: u64,
    },
    EntryUnlinked {
        entry: u64,
    },
    EntryHashDiffers {
        entry: u64,
    },
    ChainHeadDiffers,
    /// The first ten records whose seal does not hold, and how many more.
    Seals {
        problems: Vec<SealProblem>,
        more: usize,
    },
    EntryUnbalanced {
        entry: u64,
    },
    EntryInClosedMonth {
        entry: u64,
        month: Month,
    },
    UnknownAccount {
        entry: u64,
        account: String,
    },
    NoMemberOnSubledger {
        entry: u64,
        account: String,
    },
    UnknownMember {
        entry: u64,
        member: u32,
    },
    MonthTotalDiffers {
        account: String,
        month: Option<Month>,
    },
    MemberTotalDiffers {
        member: u32,
        account: String,
    },
    AllTimeTotalDiffers {
        account: String,
    },
    CashDayDiffers {
        account: String,
        day: Option<NaiveDate>,
    },
    SubledgerDiffers {
        account: String,
        difference: Money,
    },
    ImpossibleCharge {
        member: u32,
        month: Month,
    },
    ArrearsIndexDiffers {
        member: u32,
        month: Month,
    },
    ArrearsIndexExtra,
    DuesMonthTotalsDiffer,
    AdvanceDiffers {
        member: u32,
        month: Month,
    },
    AdvanceBalanceDiffers {
        member: u32,
        account: &'static str,
        balance: Money,
        held: Money,
    },
    CollectedDiffers {
        account: String,
        difference: Money,
    },
    SavingsMovementsDiffer {
        account: u32,
    },
    SavingsBalanceImpossible {
        account: u32,
    },
    MemberSavingsDiffer {
        member: u32,
    },
    FundNegative,
    LoanBalancesImpossible {
        loan: u32,
    },
    MemberLoansDiffer {
        member: u32,
    },
    ProvisionRequiredDiffers {
        month: Month,
        recorded: Money,
        required: Money,
    },
    ProvisionHeldDiffers {
        month: Month,
        held: Money,
        left: Money,
    },
    CashNegative {
        account: String,
        balance: Money,
        day: NaiveDate,
    },
    TrialBalanceUneven {
        debits: Money,
        credits: Money,
    },
}

impl Finding {
    /// The finding in words, from the catalogue.
    pub fn message(&self, lang: Lang) -> String {
        use Finding::*;
        let money = |m: &Money| m.localized(lang);
        match self {
            EntriesVerified { entries } => {
                Msg::BkChkEntriesVerified.fill(lang, &[("entries", entries)])
            }
            LinksVerified { links, sealed } => {
                Msg::BkChkLinksVerified.fill(lang, &[("links", links), ("sealed", sealed)])
            }
            ReferencesExist => Msg::BkChkReferencesExist.t(lang).to_string(),
            TotalsRecomputed {
                account_months,
                member_balances,
            } => Msg::BkChkTotalsRecomputed.fill(
                lang,
                &[
                    ("account_months", account_months),
                    ("member_balances", member_balances),
                ],
            ),
            SubledgersReconcile {
                control_accounts,
                members,
            } => Msg::BkChkSubledgersReconcile.fill(
                lang,
                &[("control_accounts", control_accounts), ("members", members)],
            ),
            ClosedMonthsVerified { months } => {
                Msg::BkChkClosedMonthsVerified.fill(lang, &[("months", months)])
            }
            DuesReconcile {
                charges,
                outstanding,
                in_advance,
                accounts,
            } => Msg::BkChkDuesReconcile.fill(
                lang,
                &[
                    ("charges", charges),
                    ("outstanding", outstanding),
                    ("in_advance", in_advance),
                    ("accounts", accounts),
                ],
            ),
            SavingsReconcile {
                accounts,
                movements,
            } => Msg::BkChkSavingsReconcile
                .fill(lang, &[("accounts", accounts), ("movements", movements)]),
            LoansReconcile { loans } => Msg::BkChkLoansReconcile.fill(lang, &[("loans", loans)]),
            NoProvisionYet => Msg::BkChkNoProvisionYet.t(lang).to_string(),
            ProvisionHeld { held, month } => Msg::BkChkProvisionHeld.fill(
                lang,
                &[("held", &money(held)), ("month", &month.name(lang))],
            ),
            ProvisionReleaseLimited { held, required } => Msg::BkChkProvisionReleaseLimited.fill(
                lang,
                &[("held", &money(held)), ("required", &money(required))],
            ),
            CashNeverNegative { days, accounts } => {
                Msg::BkChkCashNeverNegative.fill(lang, &[("days", days), ("accounts", accounts)])
            }
            TrialBalanceEven { total } => {
                Msg::BkChkTrialBalanceEven.fill(lang, &[("total", &money(total))])
            }
            EntryMissing { expected, found } => {
                Msg::BkChkEntryMissing.fill(lang, &[("expected", expected), ("found", found)])
            }
            EntryUnlinked { entry } => Msg::BkChkEntryUnlinked.fill(lang, &[("entry", entry)]),
            EntryHashDiffers { entry } => {
                Msg::BkChkEntryHashDiffers.fill(lang, &[("entry", entry)])
            }
            ChainHeadDiffers => Msg::BkChkChainHeadDiffers.t(lang).to_string(),
            Seals { problems, more } => {
                let mut parts: Vec<String> =
                    problems.iter().map(|p| seal_message(p, lang)).collect();
                if *more > 0 {
                    parts.push(Msg::BkChkSealsMore.fill(lang, &[("more", more)]));
                }
                parts.join("; ")
            }
            EntryUnbalanced { entry } => Msg::BkChkEntryUnbalanced.fill(lang, &[("entry", entry)]),
            EntryInClosedMonth { entry, month } => {
                Msg::BkChkEntryInClosedMonth.fill(lang, &[("entry", entry), ("month", month)])
            }
            UnknownAccount { entry, account } => {
                Msg::BkChkUnknownAccount.fill(lang, &[("entry", entry), ("account", account)])
            }
            NoMemberOnSubledger { entry, account } => {
                Msg::BkChkNoMemberOnSubledger.fill(lang, &[("entry", entry), ("account", account)])
            }
            UnknownMember { entry, member } => {
                Msg::BkChkUnknownMember.fill(lang, &[("entry", entry), ("member", member)])
            }
            MonthTotalDiffers { account, month } => {
                let month = month.map(|m| m.to_string()).unwrap_or_default();
                Msg::BkChkMonthTotalDiffers.fill(lang, &[("account", account), ("month", &month)])
            }
            MemberTotalDiffers { member, account } => {
                Msg::BkChkMemberTotalDiffers.fill(lang, &[("member", member), ("account", account)])
            }
            AllTimeTotalDiffers { account } => {
                Msg::BkChkAllTimeTotalDiffers.fill(lang, &[("account", account)])
            }
            CashDayDiffers { account, day } => {
                let day = day.map(|d| d.to_string()).unwrap_or_default();
                Msg::BkChkCashDayDiffers.fill(lang, &[("account", account), ("day", &day)])
            }
            SubledgerDiffers {
                account,
                difference,
            } => Msg::BkChkSubledgerDiffers.fill(
                lang,
                &[("account", account), ("difference", &money(difference))],
            ),
            ImpossibleCharge { member, month } => {
                Msg::BkChkImpossibleCharge.fill(lang, &[("member", member), ("month", month)])
            }
            ArrearsIndexDiffers { member, month } => {
                Msg::BkChkArrearsIndexDiffers.fill(lang, &[("member", member), ("month", month)])
            }
            ArrearsIndexExtra => Msg::BkChkArrearsIndexExtra.t(lang).to_string(),
            DuesMonthTotalsDiffer => Msg::BkChkDuesMonthTotalsDiffer.t(lang).to_string(),
            AdvanceDiffers { member, month } => {
                Msg::BkChkAdvanceDiffers.fill(lang, &[("member", member), ("month", month)])
            }
            AdvanceBalanceDiffers {
                member,
                account,
                balance,
                held,
            } => Msg::BkChkAdvanceBalanceDiffers.fill(
                lang,
                &[
                    ("member", member),
                    ("account", account),
                    ("balance", &money(balance)),
                    ("held", &money(held)),
                ],
            ),
            CollectedDiffers {
                account,
                difference,
            } => Msg::BkChkCollectedDiffers.fill(
                lang,
                &[("account", account), ("difference", &money(difference))],
            ),
            SavingsMovementsDiffer { account } => {
                Msg::BkChkSavingsMovementsDiffer.fill(lang, &[("account", account)])
            }
            SavingsBalanceImpossible { account } => {
                Msg::BkChkSavingsBalanceImpossible.fill(lang, &[("account", account)])
            }
            MemberSavingsDiffer { member } => {
                Msg::BkChkMemberSavingsDiffer.fill(lang, &[("member", member)])
            }
            FundNegative => Msg::BkChkFundNegative.t(lang).to_string(),
            LoanBalancesImpossible { loan } => {
                Msg::BkChkLoanBalancesImpossible.fill(lang, &[("loan", loan)])
            }
            MemberLoansDiffer { member } => {
                Msg::BkChkMemberLoansDiffer.fill(lang, &[("member", member)])
            }
            ProvisionRequiredDiffers {
                month,
                recorded,
                required,
            } => Msg::BkChkProvisionRequiredDiffers.fill(
                lang,
                &[
                    ("month", &month.name(lang)),
                    ("recorded", &money(recorded)),
                    ("required", &money(required)),
                ],
            ),
            ProvisionHeldDiffers { month, held, left } => Msg::BkChkProvisionHeldDiffers.fill(
                lang,
                &[
                    ("held", &money(held)),
                    ("month", &month.name(lang)),
                    ("left", &money(left)),
                ],
            ),
            CashNegative {
                account,
                balance,
                day,
            } => Msg::BkChkCashNegative.fill(
                lang,
                &[
                    ("account", account),
                    ("balance", &money(balance)),
                    ("day", &crate::domain::date::format_date(*day, lang)),
                ],
            ),
            TrialBalanceUneven { debits, credits } => Msg::BkChkTrialBalanceUneven.fill(
                lang,
                &[("debits", &money(debits)), ("credits", &money(credits))],
            ),
        }
    }
}

/// One record whose seal does not hold, in words.
fn seal_message(p: &SealProblem, lang: Lang) -> String {
    let record = match &p.record {
        Sealed::Member(n) => Msg::BkChkSealedMember.fill(lang, &[("n", n)]),
        Sealed::Loan(n) => Msg::BkChkSealedLoan.fill(lang, &[("n", n)]),
        Sealed::LoanProduct(n) => Msg::BkChkSealedLoanProduct.fill(lang, &[("n", n)]),
        Sealed::SavingsProduct(n) => Msg::BkChkSealedSavingsProduct.fill(lang, &[("n", n)]),
        Sealed::ChargeType(n) => Msg::BkChkSealedChargeType.fill(lang, &[("n", n)]),
        Sealed::Charge(member, month, kind) => Msg::BkChkSealedCharge.fill(
            lang,
            &[
                ("member", member),
                ("month", &Month::from_key(*month)),
                ("kind", kind),
            ],
        ),
        Sealed::Settings => Msg::BkChkSealedSettings.t(lang).to_string(),
        Sealed::Unknown(table) => Msg::BkChkSealedUnknown.fill(lang, &[("table", table)]),
    };
    let fault = match p.fault {
        SealFault::Changed => Msg::BkChkSealChanged,
        SealFault::Unsealed => Msg::BkChkSealMissing,
        SealFault::Removed => Msg::BkChkSealRemoved,
    };
    fault.fill(lang, &[("record", &record)])
}

impl CheckItem {
    pub fn title(&self, lang: Lang) -> &'static str {
        match self.name {
            "balanced" => Msg::BkChkBalanced,
            "chain" => Msg::BkChkChain,
            "accounts" => Msg::BkChkAccounts,
            "totals" => Msg::BkChkTotals,
            "subledgers" => Msg::BkChkSubledgers,
            "closed_months" => Msg::BkChkClosedMonths,
            "dues" => Msg::BkChkDues,
            "savings" => Msg::BkChkSavings,
            "loans" => Msg::BkChkLoans,
            "provisions" => Msg::BkChkProvisions,
            "cash" => Msg::BkChkCash,
            "trial_balance" => Msg::BkChkTrialBalance,
            _ => Msg::BkChkOther,
        }
        .t(lang)
    }
    /// A check's result: failed with `problem`, else passed with `passed`.
    pub(crate) fn result(
        name: &'static str,
        problem: Option<Finding>,
        passed: Finding,
    ) -> CheckItem {
        match problem {
            None => CheckItem {
                name,
                ok: true,
                finding: passed,
            },
            Some(finding) => CheckItem {
                name,
                ok: false,
                finding,
            },
        }
    }
    /// What was checked, or the problem, in words.
    pub fn detail(&self, lang: Lang) -> String {
        self.finding.message(lang)
    }
}

/// The result of `ayni check`.
#[derive(Clone, Debug)]
pub struct CheckReport {
    pub entries: u64,
    pub members: usize,
    pub items: Vec<CheckItem>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }
    /// The first failed check, if any.
    pub fn first_problem(&self) -> Option<&CheckItem> {
        self.items.iter().find(|i| !i.ok)
    }
}

fn item(name: &'static str, problem: Option<Finding>, passed: Finding) -> CheckItem {
    CheckItem::result(name, problem, passed)
}

type Totals = BTreeMap<(String, u32), (i64, i64)>;

/// Every cash and bank account's balance at the end of every day with
/// movement, from the journal's own figures: none below zero.
fn cash_item(days: &BTreeMap<(String, i32), i64>) -> CheckItem {
    let mut problem = None;
    let mut accounts = 0;
    let mut balance = 0i64;
    let mut current: Option<&str> = None;
    for ((code, day), net) in days {
        if current != Some(code.as_str()) {
            current = Some(code.as_str());
            accounts += 1;
            balance = 0;
        }
        balance += net;
        if balance < 0 && problem.is_none() {
            problem = Some(Finding::CashNegative {
                account: code.clone(),
                balance: Money::from_cents(balance),
                day: NaiveDate::from_num_days_from_ce_opt(*day).unwrap_or_default(),
            });
        }
    }
    item(
        "cash",
        problem,
        Finding::CashNeverNegative {
            days: days.len(),
            accounts,
        },
    )
}

impl Book {
    /// Verifies the whole book: every entry balances, the hash chain, maintained
    /// totals against a recomputation, subledgers against control accounts,
    /// closed months. Reads all history; writes nothing.
    pub fn check(&self) -> Result<CheckReport, BookError> {
        let tx = self.store().read()?;
        let members = tx.members()?;
        let member_ids: std::collections::HashSet<u32> = members.iter().map(|mm| mm.id).collect();
        let closed: BTreeMap<u32, u64> = tx
            .closed_months()?
            .into_iter()
            .map(|c| (c.month.key(), c.last_entry))
            .collect();

        let mut n = 0u64;
        let mut unbalanced: Option<Finding> = None;
        let mut chain: Option<Finding> = None;
        let mut refs: Option<Finding> = None;
        let mut late: Option<Finding> = None;
        let mut prev = [0u8; 32];
        let mut expected_id = 1u64;
        let mut totals: Totals = BTreeMap::new();
        let mut mtotals: BTreeMap<(u32, String), (i64, i64)> = BTreeMap::new();
        // Net movement of each cash and bank account per day.
        let mut cash_days: BTreeMap<(String, i32), i64> = BTreeMap::new();
        // Net credits posted to each account by dues payments (and their reversals).
        let mut dues_posted: BTreeMap<String, i64> = BTreeMap::new();
        let mut dues_entries: std::collections::HashSet<u64> = std::collections::HashSet::new();

        let entries: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
        crate::domain::progress::begin(Msg::ProgressCheck, entries.saturating_sub(1));
        tx.for_each_entry(0, &mut |e| {
            n += 1;
            crate::domain::progress::advance(1);
            let is_dues = e.kind == crate::domain::entry::EntryKind::DuesPayment
                || e.kind == crate::domain::entry::EntryKind::DuesAdvance
                || e.reverses.is_some_and(|r| dues_entries.contains(&r));
            if e.kind == crate::domain::entry::EntryKind::DuesPayment {
                dues_entries.insert(e.id);
            }
            if is_dues {
                for p in &e.postings {
                    let v = match p.side {
                        Side::Credit => p.amount.cents(),
                        Side::Debit => -p.amount.cents(),
                    };
                    *dues_posted.entry(p.account.clone()).or_default() += v;
                }
            }
            if chain.is_none() {
                if e.id != expected_id {
                    chain = Some(Finding::EntryMissing {
                        expected: expected_id,
                        found: e.id,
                    });
                } else if e.prev_hash != prev {
                    chain = Some(Finding::EntryUnlinked { entry: e.id });
                } else if e.compute_hash() != e.hash {
                    chain = Some(Finding::EntryHashDiffers { entry: e.id });
                }
            }
            expected_id = e.id + 1;
            prev = e.hash;
            if unbalanced.is_none() && !e.is_balanced() {
                unbalanced = Some(Finding::EntryUnbalanced { entry: e.id });
            }
            let month = Month::of(e.date).key();
            if late.is_none()
                && let Some(&last) = closed.get(&month)
                && e.id > last
            {
                late = Some(Finding::EntryInClosedMonth {
                    entry: e.id,
                    month: Month::of(e.date),
                });
            }
            for p in &e.postings {
                if refs.is_none() {
                    match self.account(&p.account) {
                        None => {
                            refs = Some(Finding::UnknownAccount {
                                entry: e.id,
                                account: p.account.clone(),
                            })
                        }
                        Some(a) if a.subledger && p.member.is_none() => {
                            refs = Some(Finding::NoMemberOnSubledger {
                                entry: e.id,
                                account: p.account.clone(),
                            })
                        }
                        _ => {}
                    }
                    if let Some(mid) = p.member
                        && !member_ids.contains(&mid)
                    {
                        refs = Some(Finding::UnknownMember {
                            entry: e.id,
                            member: mid,
                        });
                    }
                }
                let (d, c) = match p.side {
                    Side::Debit => (p.amount.cents(), 0),
                    Side::Credit => (0, p.amount.cents()),
                };
                let t = totals.entry((p.account.clone(), month)).or_default();
                t.0 += d;
                t.1 += c;
                if crate::domain::account::is_cash_or_bank(&p.account) {
                    *cash_days
                        .entry((p.account.clone(), e.date.num_days_from_ce()))
                        .or_default() += d - c;
                }
                if let Some(mid) = p.member {
                    let t = mtotals.entry((mid, p.account.clone())).or_default();
                    t.0 += d;
                    t.1 += c;
                }
            }
            Ok(true)
        })?;
        if chain.is_none() {
            let head: [u8; 32] = tx.meta_get("chain_head")?.unwrap_or([0; 32]);
            let next: u64 = tx.meta_get("next_entry_id")?.unwrap_or(1);
            if head != prev || next != expected_id {
                chain = Some(Finding::ChainHeadDiffers);
            }
        }

        // The records besides the journal, against their seals.
        let verified = tx.verify_seals(10)?;
        let sealed = verified.records;
        let seal_problem = (verified.count > 0).then(|| Finding::Seals {
            more: verified.count - verified.problems.len(),
            problems: verified.problems,
        });

        let mut items = vec![
            item(
                "balanced",
                unbalanced,
                Finding::EntriesVerified { entries: n },
            ),
            item(
                "chain",
                chain.or(seal_problem),
                Finding::LinksVerified { links: n, sealed },
            ),
            item("accounts", refs, Finding::ReferencesExist),
        ];

        // Maintained totals against the recomputation.
        let stored = tx.all_month_totals()?;
        let stored_nz: Totals = stored.into_iter().filter(|(_, v)| *v != (0, 0)).collect();
        let mut totals_problem = None;
        if let Some(key) = first_difference(&totals, &stored_nz) {
            let (account, month) = (key.0, Some(Month::from_key(key.1)));
            totals_problem = Some(Finding::MonthTotalDiffers { account, month });
        }
        let stored_m: BTreeMap<(u32, String), (i64, i64)> = tx
            .all_member_totals()?
            .into_iter()
            .filter(|(_, v)| *v != (0, 0))
            .collect();
        totals_problem = totals_problem.or_else(|| {
            first_difference(&mtotals, &stored_m)
                .map(|(member, account)| Finding::MemberTotalDiffers { member, account })
        });
        // The all-time totals and the cash days (schema 3) against the same recomputation.
        let mut all_time: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for ((code, _), (d, c)) in &totals {
            let t = all_time.entry(code.clone()).or_default();
            t.0 += d;
            t.1 += c;
        }
        all_time.retain(|_, v| *v != (0, 0));
        let stored_all: BTreeMap<String, (i64, i64)> = tx
            .all_account_totals()?
            .into_iter()
            .filter(|(_, v)| *v != (0, 0))
            .collect();
        totals_problem = totals_problem.or_else(|| {
            first_difference(&all_time, &stored_all)
                .map(|account| Finding::AllTimeTotalDiffers { account })
        });
        cash_days.retain(|_, v| *v != 0);
        let stored_days = tx.all_cash_days()?;
        totals_problem = totals_problem.or_else(|| {
            first_difference(&cash_days, &stored_days).map(|(account, day)| {
                let day = NaiveDate::from_num_days_from_ce_opt(day);
                Finding::CashDayDiffers { account, day }
            })
        });
        items.push(item(
            "totals",
            totals_problem,
            Finding::TotalsRecomputed {
                account_months: totals.len(),
                member_balances: mtotals.len(),
            },
        ));

        // Subledgers: for each control account, the members' balances add up to the account.
        let mut sub_problem = None;
        let mut control = 0;
        for a in self.chart().iter().filter(|a| a.subledger) {
            control += 1;
            let acc_total: (i64, i64) = totals
                .iter()
                .filter(|((c, _), _)| c == &a.code)
                .fold((0, 0), |s, (_, v)| (s.0 + v.0, s.1 + v.1));
            let mem_total: (i64, i64) = stored_m
                .iter()
                .filter(|((_, c), _)| c == &a.code)
                .fold((0, 0), |s, (_, v)| (s.0 + v.0, s.1 + v.1));
            if acc_total.0 - acc_total.1 != mem_total.0 - mem_total.1 && sub_problem.is_none() {
                sub_problem = Some(Finding::SubledgerDiffers {
                    account: a.code.clone(),
                    difference: Money::from_cents(
                        (acc_total.0 - acc_total.1) - (mem_total.0 - mem_total.1),
                    ),
                });
            }
        }
        items.push(item(
            "subledgers",
            sub_problem,
            Finding::SubledgersReconcile {
                control_accounts: control,
                members: members.len(),
            },
        ));
        items.push(item(
            "closed_months",
            late,
            Finding::ClosedMonthsVerified {
                months: closed.len(),
            },
        ));

        items.push(self.check_dues(&tx, &dues_posted, &stored_m)?);
        items.push(self.check_savings(&tx, &stored_m, &totals)?);
        items.push(self.check_loans(&tx, &stored_m)?);
        items.push(self.check_provisions(&tx)?);

        items.push(cash_item(&cash_days));

        let (d, c) = totals
            .values()
            .fold((0i64, 0i64), |s, v| (s.0 + v.0, s.1 + v.1));
        let tb_problem = (d != c).then(|| Finding::TrialBalanceUneven {
            debits: Money::from_cents(d),
            credits: Money::from_cents(c),
        });
        items.push(item(
            "trial_balance",
            tb_problem,
            Finding::TrialBalanceEven {
                total: Money::from_cents(d),
            },
        ));
        Ok(CheckReport {
            entries: n,
            members: members.len(),
            items,
        })
    }

    /// Charges against what dues payments posted; the arrears index and month totals against the charges.
    fn check_dues(
        &self,
        tx: &impl crate::store::charges::FastReads,
        dues_posted: &BTreeMap<String, i64>,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
    ) -> Result<CheckItem, BookError> {
        let types: BTreeMap<u32, String> = tx
            .charge_types()?
            .into_iter()
            .map(|t| (t.id, t.account))
            .collect();
        let charges = tx.all_charges()?;
        let owed: BTreeMap<(u32, u32, u32), i64> = tx
            .all_owed()?
            .into_iter()
            .map(|o| ((o.key.member, o.key.month, o.key.ty), o.due))
            .collect();
        let mut paid_by_account: BTreeMap<String, i64> = BTreeMap::new();
        let mut month_totals: BTreeMap<u32, (i64, i64, i64)> = BTreeMap::new();
        let mut problem: Option<Finding> = None;
        let mut index_count = 0usize;
        for (k, v) in &charges {
            let (mem, mo, ty) = (&k.member, &k.month, &k.ty);
            let (a, p, w) = (&v.amount, &v.paid, &v.waived);
            if problem.is_none() && (*p < 0 || *w < 0 || p + w > *a) {
                problem = Some(Finding::ImpossibleCharge {
                    member: *mem,
                    month: Month::from_key(*mo),
                });
            }
            let due = a - p - w;
            let indexed = owed.get(&(*mem, *mo, *ty)).copied().unwrap_or(0);
            if due > 0 {
                index_count += 1;
            }
            if problem.is_none() && indexed != due.max(0) {
                problem = Some(Finding::ArrearsIndexDiffers {
                    member: *mem,
                    month: Month::from_key(*mo),
                });
            }
            if let Some(acc) = types.get(ty) {
                *paid_by_account.entry(acc.clone()).or_default() += p;
            }
            let t = month_totals.entry(*mo).or_default();
            t.0 += a;
            t.1 += p;
            t.2 += w;
        }
        if problem.is_none() && index_count != owed.len() {
            problem = Some(Finding::ArrearsIndexExtra);
        }
        let stored_months: BTreeMap<u32, (i64, i64, i64)> = tx
            .all_dues_month_totals()?
            .into_iter()
            .map(|(k, v)| (k, v.stored()))
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect();
        let month_totals: BTreeMap<u32, (i64, i64, i64)> = month_totals
            .into_iter()
            .filter(|(_, v)| *v != (0, 0, 0))
            .collect();
        if problem.is_none() && stored_months != month_totals {
            problem = Some(Finding::DuesMonthTotalsDiffer);
        }
        // Collected in advance: still held in 299010, not yet in the charge's
        // account; each row within its charge's payments, each member's rows
        // equal to the member's balance in 299010.
        use crate::domain::account::codes::ADVANCE_COLLECTIONS;
        let advances = tx.all_advances()?;
        let mut held_by_member: BTreeMap<u32, i64> = BTreeMap::new();
        let mut held_by_charge: BTreeMap<(u32, u32, u32), i64> = BTreeMap::new();
        for &((mo, mem, ty, _), cents) in &advances {
            if let Some(acc) = types.get(&ty) {
                *paid_by_account.entry(acc.clone()).or_default() -= cents;
            }
            *paid_by_account
                .entry(ADVANCE_COLLECTIONS.to_string())
                .or_default() += cents;
            *held_by_member.entry(mem).or_default() += cents;
            *held_by_charge.entry((mem, mo, ty)).or_default() += cents;
        }
        if problem.is_none() {
            let paid_of: BTreeMap<(u32, u32, u32), i64> = charges
                .iter()
                .map(|(k, v)| ((k.member, k.month, k.ty), v.paid))
                .collect();
            if let Some(((mem, mo, _), _)) = held_by_charge
                .iter()
                .find(|(k, held)| **held <= 0 || paid_of.get(*k).is_none_or(|p| *p < **held))
            {
                problem = Some(Finding::AdvanceDiffers {
                    member: *mem,
                    month: Month::from_key(*mo),
                });
            }
        }
        if problem.is_none() {
            let members: BTreeSet<u32> = held_by_member
                .keys()
                .copied()
                .chain(
                    member_totals
                        .keys()
                        .filter(|(_, c)| c == ADVANCE_COLLECTIONS)
                        .map(|(mm, _)| *mm),
                )
                .collect();
            for mem in members {
                let held = held_by_member.get(&mem).copied().unwrap_or(0);
                let credit = member_totals
                    .get(&(mem, ADVANCE_COLLECTIONS.to_string()))
                    .map(|(d, c)| c - d)
                    .unwrap_or(0);
                if held != credit {
                    problem = Some(Finding::AdvanceBalanceDiffers {
                        member: mem,
                        account: ADVANCE_COLLECTIONS,
                        balance: Money::from_cents(credit),
                        held: Money::from_cents(held),
                    });
                    break;
                }
            }
        }
        if problem.is_none() {
            let accounts: BTreeSet<&String> = paid_by_account
                .keys()
                .chain(dues_posted.keys().filter(|a| !a.starts_with("11")))
                .collect();
            for acc in accounts {
                let paid = paid_by_account.get(acc).copied().unwrap_or(0);
                let posted = dues_posted.get(acc).copied().unwrap_or(0);
                if paid != posted {
                    problem = Some(Finding::CollectedDiffers {
                        account: acc.clone(),
                        difference: Money::from_cents(posted - paid),
                    });
                    break;
                }
            }
        }
        Ok(item(
            "dues",
            problem,
            Finding::DuesReconcile {
                charges: charges.len(),
                outstanding: owed.len(),
                in_advance: advances.len(),
                accounts: paid_by_account.len(),
            },
        ))
    }

    /// Each savings account against its movements; members' savings against 2101 and 2105.
    fn check_savings(
        &self,
        tx: &impl StoreRead,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
        totals: &Totals,
    ) -> Result<CheckItem, BookError> {
        use crate::domain::account::codes::{RESTRICTED_DEPOSITS, SAVINGS_DEPOSITS};
        let accounts = tx.savings_accounts()?;
        let mut problem: Option<Finding> = None;
        let mut per_member: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
        let mut moves_n = 0usize;
        for a in &accounts {
            let moves = tx.savings_moves(a.id)?;
            moves_n += moves.len();
            let bal: i64 = moves.iter().map(|mv| mv.amount.cents()).sum();
            let blk: i64 = moves.iter().map(|mv| mv.blocked_change.cents()).sum();
            if problem.is_none() && (bal != a.balance.cents() || blk != a.blocked.cents()) {
                problem = Some(Finding::SavingsMovementsDiffer { account: a.id });
            }
            if problem.is_none()
                && (a.balance.is_negative() || a.blocked.is_negative() || a.balance < a.blocked)
            {
                problem = Some(Finding::SavingsBalanceImpossible { account: a.id });
            }
            let e = per_member.entry(a.member).or_default();
            e.0 += a.balance.cents() - a.blocked.cents();
            e.1 += a.blocked.cents();
        }
        // Deposits are credit balances: (free, blocked) against 2101 and 2105.
        let codes = [SAVINGS_DEPOSITS, RESTRICTED_DEPOSITS];
        problem = problem.or_else(|| {
            first_member_differing(&per_member, member_totals, codes, -1)
                .map(|member| Finding::MemberSavingsDiffer { member })
        });
        let fund: i64 = totals
            .iter()
            .filter(|((c, _), _)| c == crate::books::savings::FUND_ACCOUNT)
            .map(|(_, (d, c))| c - d)
            .sum();
        if problem.is_none() && fund < 0 {
            problem = Some(Finding::FundNegative);
        }
        Ok(item(
            "savings",
            problem,
            Finding::SavingsReconcile {
                accounts: accounts.len(),
                movements: moves_n,
            },
        ))
    }

    /// Each member's loans against their balances in 1404 (current) and 1452 (overdue).
    fn check_loans(
        &self,
        tx: &impl StoreRead,
        member_totals: &BTreeMap<(u32, String), (i64, i64)>,
    ) -> Result<CheckItem, BookError> {
        use crate::domain::account::codes::{MICROCREDIT_CURRENT, MICROCREDIT_OVERDUE};
        let loans: Vec<crate::domain::loan::Loan> = tx.loans()?;
        let mut per: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
        let mut problem: Option<Finding> = None;
        for l in &loans {
            if l.status != crate::domain::loan::LoanStatus::Active {
                continue;
            }
            let out = l.outstanding();
            if problem.is_none()
                && (out.is_negative() || l.in_overdue > out || l.in_overdue.is_negative())
            {
                problem = Some(Finding::LoanBalancesImpossible { loan: l.id });
            }
            let e = per.entry(l.member).or_default();
            e.0 += (out - l.in_overdue).cents();
            e.1 += l.in_overdue.cents();
        }
        // Loans are debit balances: (current, overdue) against 1404 and 1452.
        let codes = [MICROCREDIT_CURRENT, MICROCREDIT_OVERDUE];
        problem = problem.or_else(|| {
            first_member_differing(&per, member_totals, codes, 1)
                .map(|member| Finding::MemberLoansDiffer { member })
        });
        Ok(item(
            "loans",
            problem,
            Finding::LoansReconcile { loans: loans.len() },
        ))
    }
}

/// The first key (in order) under which `recomputed` and `stored` differ:
/// a different value, or a key only one of them has.
fn first_difference<K: Ord + Clone, V: PartialEq>(
    recomputed: &BTreeMap<K, V>,
    stored: &BTreeMap<K, V>,
) -> Option<K> {
    recomputed
        .iter()
        .find(|(k, v)| stored.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .or_else(|| {
            stored
                .keys()
                .find(|k| !recomputed.contains_key(*k))
                .cloned()
        })
}

/// The first member whose two figures in `per` are not their balances on
/// the two accounts `codes` in `member_totals` (debit less credit, times
/// `sign`); a member in either counts.
fn first_member_differing(
    per: &BTreeMap<u32, (i64, i64)>,
    member_totals: &BTreeMap<(u32, String), (i64, i64)>,
    codes: [&str; 2],
    sign: i64,
) -> Option<u32> {
    let members: BTreeSet<u32> = per
        .keys()
        .copied()
        .chain(
            member_totals
                .keys()
                .filter(|(_, c)| codes.contains(&c.as_str()))
                .map(|(mm, _)| *mm),
        )
        .collect();
    members.into_iter().find(|&mm| {
        let (a, b) = per.get(&mm).copied().unwrap_or((0, 0));
        let balance = |code: &str| {
            member_totals
                .get(&(mm, code.to_string()))
                .map_or(0, |(d, c)| sign * (d - c))
        };
        a != balance(codes[0]) || b != balance(codes[1])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One finding of each kind, with figures that show in the text.
    fn every_finding() -> Vec<Finding> {
        use Finding::*;
        let m = Month::new(2026, 3).expect("month");
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).expect("date");
        let a = || "1101".to_string();
        let x = Money::from_cents(-2500);
        let seals = [
            Sealed::Member(7),
            Sealed::Loan(7),
            Sealed::LoanProduct(7),
            Sealed::SavingsProduct(7),
            Sealed::ChargeType(7),
            Sealed::Charge(7, m.key(), 2),
            Sealed::Settings,
            Sealed::Unknown("t".into()),
        ];
        let faults = [SealFault::Changed, SealFault::Unsealed, SealFault::Removed];
        let problems = seals
            .iter()
            .zip(faults.iter().cycle())
            .map(|(record, fault)| SealProblem {
                record: record.clone(),
                fault: *fault,
            })
            .collect();
        vec![
            EntriesVerified { entries: 3 },
            LinksVerified {
                links: 3,
                sealed: 4,
            },
            ReferencesExist,
            TotalsRecomputed {
                account_months: 3,
                member_balances: 4,
            },
            SubledgersReconcile {
                control_accounts: 3,
                members: 4,
            },
            ClosedMonthsVerified { months: 3 },
            DuesReconcile {
                charges: 3,
                outstanding: 4,
                in_advance: 5,
                accounts: 6,
            },
            SavingsReconcile {
                accounts: 3,
                movements: 4,
            },
            LoansReconcile { loans: 3 },
            NoProvisionYet,
            ProvisionHeld { held: x, month: m },
            ProvisionReleaseLimited {
                held: x,
                required: x,
            },
            CashNeverNegative {
                days: 3,
                accounts: 4,
            },
            TrialBalanceEven { total: x },
            EntryMissing {
                expected: 3,
                found: 4,
            },
            EntryUnlinked { entry: 3 },
            EntryHashDiffers { entry: 3 },
            ChainHeadDiffers,
            Seals { problems, more: 2 },
            EntryUnbalanced { entry: 3 },
            EntryInClosedMonth { entry: 3, month: m },
            UnknownAccount {
                entry: 3,
                account: a(),
            },
            NoMemberOnSubledger {
                entry: 3,
                account: a(),
            },
            UnknownMember {
                entry: 3,
                member: 7,
            },
            MonthTotalDiffers {
                account: a(),
                month: Some(m),
            },
            MemberTotalDiffers {
                member: 7,
                account: a(),
            },
            AllTimeTotalDiffers { account: a() },
            CashDayDiffers {
                account: a(),
                day: Some(d),
            },
            SubledgerDiffers {
                account: a(),
                difference: x,
            },
            ImpossibleCharge {
                member: 7,
                month: m,
            },
            ArrearsIndexDiffers {
                member: 7,
                month: m,
            },
            ArrearsIndexExtra,
            DuesMonthTotalsDiffer,
            AdvanceDiffers {
                member: 7,
                month: m,
            },
            AdvanceBalanceDiffers {
                member: 7,
                account: "299010",
                balance: x,
                held: x,
            },
            CollectedDiffers {
                account: a(),
                difference: x,
            },
            SavingsMovementsDiffer { account: 3 },
            SavingsBalanceImpossible { account: 3 },
            MemberSavingsDiffer { member: 7 },
            FundNegative,
            LoanBalancesImpossible { loan: 3 },
            MemberLoansDiffer { member: 7 },
            ProvisionRequiredDiffers {
                month: m,
                recorded: x,
                required: x,
            },
            ProvisionHeldDiffers {
                month: m,
                held: x,
                left: x,
            },
            CashNegative {
                account: a(),
                balance: x,
                day: d,
            },
            TrialBalanceUneven {
                debits: x,
                credits: x,
            },
        ]
    }

    /// Every finding is worded in both languages with all its figures in
    /// place: no placeholder of the catalogue is left unfilled.
    #[test]
    fn every_finding_fills_its_placeholders() {
        for f in every_finding() {
            for lang in Lang::ALL {
                let text = f.message(lang);
                assert!(!text.is_empty(), "{f:?}");
                assert!(!text.contains('{') && !text.contains('}'), "{f:?}: {text}");
            }
        }
    }

    /// The words are the ones `ayni check` has always printed.
    #[test]
    fn findings_read_as_before() {
        let m = Month::new(2026, 3).expect("month");
        let f = Finding::CashNegative {
            account: "1101".into(),
            balance: Money::from_cents(-2500),
            day: NaiveDate::from_ymd_opt(2026, 3, 4).expect("date"),
        };
        assert_eq!(
            f.message(Lang::En),
            "account 1101 was at -25.00 on 2026-03-04"
        );
        let f = Finding::Seals {
            problems: vec![SealProblem {
                record: Sealed::Charge(1, m.key(), 2),
                fault: SealFault::Unsealed,
            }],
            more: 3,
        };
        assert_eq!(
            f.message(Lang::Es),
            "el registro de la cuota del socio #1 de 2026-03 (tipo #2) fue añadido fuera de ayni (no tiene sello); y 3 más"
        );
        let f = Finding::ProvisionHeld {
            held: Money::from_cents(1800),
            month: m,
        };
        assert_eq!(
            f.message(Lang::En),
            format!(
                "1499 = 18.00 = provision required at the close of {}",
                m.name(Lang::En)
            )
        );
    }
}
