//! The one list of reports: for each, the name the command line knows it by
//! (`ayni report <id>`), its title in the catalogue, the parameters it takes
//! and how it is built from a book. Every entry builds an [`AnyReport`],
//! written in any [`Format`] from one document.
//!
//! ```no_run
//! # fn f(book: &ayni::books::Book) -> Result<(), ayni::report::render::ReportError> {
//! use ayni::i18n::Lang;
//! use ayni::report::registry::{self, Params};
//! for entry in registry::REPORTS {
//!     let report = entry.build(book, &Params::new(Lang::default()))?;
//!     let lines = registry::lines(report.as_ref(), Lang::default(), 100);
//!     # let _ = lines;
//! }
//! # Ok(()) }
//! ```

use chrono::NaiveDate;
use serde::Serialize;

use crate::books::ledger::JournalFilter;
use crate::books::loans::LoanOpError;
use crate::books::{Book, BookError};
use crate::domain::loan::{Loan, Method, Schedule, schedule};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::SavingsKind;
use crate::i18n::{Lang, Msg};
use crate::report::accounts::ChartBalances;
use crate::report::check::BookCheck;
use crate::report::dues::{
    ArrearsSort, ChargeTypes, DayReceipts, DuesArrears, DuesCollection, DuesOwed,
};
use crate::report::entries::EntriesList;
use crate::report::indicators::IndicatorsReport;
use crate::report::journal::JournalExport;
use crate::report::ledger::LedgerReport;
use crate::report::loans::{
    LoanAging, LoanSchedule, LoanSimulation, LoanStatementReport, Portfolio,
};
use crate::report::member_statement::{all_member_statements, member_statement};
use crate::report::members::MemberCard;
use crate::report::members::MembersList;
use crate::report::render::{AnyReport, Block, Doc, Format, Report, ReportError};
use crate::report::savings::Fund;
use crate::report::savings::{Passbook, SavingsAccounts};
use crate::report::statements::{cash_book, financial_position, income_statement};
use crate::report::trial_balance::TrialBalanceReport;
use rust_decimal::Decimal;

/// What a report can be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `--month YYYY-MM` (default: the current open month).
    Month,
    /// `--date` (default: today) or `--month` (its last day, today at most).
    Date,
    /// `--compare`: the previous month and the same month last year beside it.
    Compare,
    /// A member (identification or #n), or `--all` for every member.
    Member,
    /// `--from` and `--to`, a range of months.
    Range,
    /// `--community` and `--sort` of the dues arrears.
    Filter,
    /// A search of members by name or identification, and `--all` to
    /// include the retired.
    Search,
    /// A loan by number (default: the book's first loan).
    Loan,
    /// A savings account by number (default: the member's ordinary one, else
    /// their first).
    Account,
    /// An account of the chart by its code, with its sub-accounts (default:
    /// cash, 1101).
    LedgerAccount,
    /// `--all` of `dues owed`: every charge, paid or not.
    AllCharges,
    /// `--limit`: at most this many entries.
    Limit,
    /// A loan's terms to simulate (amount, rate, months, method, start);
    /// each one left out is the loan's (see [`Param::Loan`]).
    Terms,
}

/// The terms of a simulated loan; what is left `None` is the chosen loan's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    pub method: Option<Method>,
    pub amount: Option<Money>,
    /// Annual nominal rate in percent.
    pub rate: Option<Decimal>,
    pub months: Option<u32>,
    pub start: Option<NaiveDate>,
}

/// The values asked for; what is left `None` takes its default.
#[derive(Clone, Debug)]
pub struct Params {
    pub lang: Lang,
    pub month: Option<Month>,
    pub date: Option<NaiveDate>,
    pub compare: bool,
    /// A member's identification or `#n`.
    pub member: Option<String>,
    /// Every member (one page each), when no member is named.
    pub all: bool,
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub community: Option<String>,
    pub sort: ArrearsSort,
    /// Members whose name or identification matches.
    pub search: Option<String>,
    /// A loan's number.
    pub loan: Option<u32>,
    /// A savings account's number.
    pub account: Option<u32>,
    /// An account of the chart, by its code (the general ledger's).
    pub ledger_account: Option<String>,
    /// At most this many entries.
    pub limit: Option<usize>,
    /// The terms of a simulation.
    pub terms: Terms,
}

impl Params {
    pub fn new(lang: Lang) -> Params {
        Params {
            lang,
            month: None,
            date: None,
            compare: false,
            member: None,
            all: false,
            from: None,
            to: None,
            community: None,
            sort: ArrearsSort::default(),
            search: None,
            loan: None,
            account: None,
            ledger_account: None,
            limit: None,
            terms: Terms::default(),
        }
    }

    /// The schedule of the terms asked for, each term missing taken from
    /// the loan named (else the book's first), starting today by default.
    fn simulated(&self, book: &Book) -> Result<Schedule, ReportError> {
        let t = self.terms;
        let whole =
            t.method.is_some() && t.amount.is_some() && t.rate.is_some() && t.months.is_some();
        let loan = if whole {
            None
        } else {
            Some(book.loan(self.loan_or_first(book)?)?)
        };
        let loan: Option<&Loan> = loan.as_ref();
        let (Some(method), Some(amount), Some(rate), Some(months)) = (
            t.method.or(loan.map(|l| l.method)),
            t.amount.or(loan.map(|l| l.amount)),
            t.rate.or(loan.map(|l| l.rate)),
            t.months.or(loan.map(|l| l.months)),
        ) else {
            return Err(ReportError::NothingToShow(Msg::RepWhatTerms));
        };
        let start = t.start.unwrap_or_else(|| book.today());
        schedule(method, amount, rate, months, start)
            .map_err(|e| ReportError::Book(LoanOpError::from(e).into()))
    }

    /// The member named, else the book's first active member.
    fn member_or_first(&self, book: &Book) -> Result<Member, ReportError> {
        if let Some(key) = &self.member {
            return Ok(book.find_member(key)?);
        }
        let members = book.members()?;
        members
            .iter()
            .find(|m| m.status.is_active())
            .or(members.first())
            .cloned()
            .ok_or(ReportError::NothingToShow(Msg::RepWhatMember))
    }

    /// The loan named, else the book's first loan.
    fn loan_or_first(&self, book: &Book) -> Result<u32, ReportError> {
        match self.loan {
            Some(id) => Ok(id),
            None => book
                .loans()?
                .first()
                .map(|l| l.id)
                .ok_or(ReportError::NothingToShow(Msg::RepWhatLoan)),
        }
    }

    /// The savings account named, else the first member with one and their
    /// ordinary account (or first).
    fn savings_account(&self, book: &Book) -> Result<(Member, u32), ReportError> {
        let candidates = match &self.member {
            Some(key) => vec![book.find_member(key)?],
            None => book.members()?,
        };
        for m in candidates {
            let views = book.member_savings(m.id)?;
            let pick = match self.account {
                Some(id) => views.iter().find(|v| v.account.id == id),
                None => views
                    .iter()
                    .find(|v| v.product.kind == SavingsKind::Ordinary)
                    .or(views.first()),
            };
            if let Some(v) = pick {
                return Ok((m, v.account.id));
            }
        }
        Err(ReportError::NothingToShow(Msg::RepWhatSavings))
    }

    fn month_or_current(&self, book: &Book) -> Result<Month, BookError> {
        match self.month {
            Some(m) => Ok(m),
            None => book.current_month(),
        }
    }

    /// The date of a dated report: `date`, else `month`'s last day (today
    /// at most), else today.
    fn date_or_today(&self, book: &Book) -> NaiveDate {
        let today = book.today();
        match (self.date, self.month) {
            (Some(d), _) => d,
            (None, Some(m)) => m.last_day().min(today),
            (None, None) => today,
        }
    }
}

/// How an entry builds its report.
pub type Builder = fn(&Book, &Params) -> Result<Box<dyn AnyReport>, ReportError>;

/// A report on offer.
pub struct Entry {
    /// The command line's name: `ayni report <id>`.
    pub id: &'static str,
    /// Its title in the catalogue.
    pub title: Msg,
    pub params: &'static [Param],
    builder: Builder,
}

impl Entry {
    pub fn build(&self, book: &Book, p: &Params) -> Result<Box<dyn AnyReport>, ReportError> {
        (self.builder)(book, p)
    }
    pub fn takes(&self, param: Param) -> bool {
        self.params.contains(&param)
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id)
            .field("params", &self.params)
            .finish()
    }
}

/// Every report, in the order they are offered.
pub const REPORTS: &[Entry] = &[
    Entry {
        id: "balance-sheet",
        title: Msg::RepFinancialPosition,
        params: &[Param::Month, Param::Compare],
        builder: |b, p| {
            let r = financial_position(b, p.month_or_current(b)?, p.lang)?;
            Ok(Statement::boxed(
                r,
                p.compare,
                &[("financial-position", &[3, 4])],
            ))
        },
    },
    Entry {
        id: "income-statement",
        title: Msg::RepIncomeStatement,
        params: &[Param::Month, Param::Compare],
        builder: |b, p| {
            let r = income_statement(b, p.month_or_current(b)?, p.lang)?;
            Ok(Statement::boxed(
                r,
                p.compare,
                &[("income-statement", &[3, 4, 6])],
            ))
        },
    },
    Entry {
        id: "cash-book",
        title: Msg::RepCashBook,
        params: &[Param::Month, Param::Compare],
        builder: |b, p| {
            let r = cash_book(b, p.month_or_current(b)?, p.lang)?;
            Ok(Statement::boxed(r, p.compare, &[("summary", &[2, 3])]))
        },
    },
    Entry {
        id: "trial-balance",
        title: Msg::RepTrialBalance,
        params: &[Param::Month],
        builder: |b, p| {
            let month = p.month_or_current(b)?;
            Ok(Box::new(TrialBalanceReport::of(b, month, p.lang)?))
        },
    },
    Entry {
        id: "ledger",
        title: Msg::RepLedger,
        params: &[Param::LedgerAccount, Param::Range],
        builder: |b, p| {
            // From the book's first month to the current one by default; a
            // month asked for alone (the reports screen's) is the last one.
            let code = p
                .ledger_account
                .as_deref()
                .unwrap_or(crate::domain::account::codes::CASH);
            let to = match p.to.or(p.month) {
                Some(m) => m,
                None => b.current_month()?,
            };
            let from = match p.from {
                Some(m) => m,
                None => b.first_month()?.min(to),
            };
            Ok(Box::new(LedgerReport::of(b, code, from, to, p.lang)?))
        },
    },
    Entry {
        id: "member-statement",
        title: Msg::RepMemberStatement,
        params: &[Param::Member, Param::Range],
        builder: |b, p| {
            let to = match p.to {
                Some(m) => m,
                None => b.current_month()?,
            };
            let from = p.from.unwrap_or(to);
            let r = match &p.member {
                Some(key) if !p.all => {
                    let m = b.find_member(key)?;
                    member_statement(b, m.id, from, to, p.lang)?
                }
                _ => all_member_statements(b, from, to, p.lang)?,
            };
            Ok(Box::new(r))
        },
    },
    Entry {
        id: "loans",
        title: Msg::RepPortfolio,
        params: &[Param::Date],
        builder: |b, p| Ok(Box::new(Portfolio::of(b, p.date_or_today(b))?)),
    },
    Entry {
        id: "loan-arrears",
        title: Msg::RepLoanAging,
        params: &[Param::Date],
        builder: |b, p| Ok(Box::new(LoanAging::of(b, p.date_or_today(b))?)),
    },
    Entry {
        id: "dues-arrears",
        title: Msg::RepDuesArrears,
        params: &[Param::Month, Param::Filter],
        builder: |b, p| {
            let through = p.month_or_current(b)?;
            let r = DuesArrears::of(b, through, p.sort, p.community.as_deref())?;
            Ok(Box::new(r))
        },
    },
    Entry {
        id: "arrears",
        title: Msg::RepArrears,
        params: &[Param::Month],
        builder: |b, p| {
            let month = p.month_or_current(b)?;
            Ok(Box::new(crate::report::arrears::arrears_report(b, month)?))
        },
    },
    Entry {
        id: "accounts",
        title: Msg::RepChartBalances,
        params: &[Param::Month],
        builder: |b, p| {
            let month = p.month_or_current(b)?;
            Ok(Box::new(ChartBalances::of(b, month, p.lang)?))
        },
    },
    Entry {
        id: "members",
        title: Msg::RepMembersList,
        params: &[Param::Search],
        builder: |b, p| Ok(Box::new(MembersList::of(b, p.all, p.search.as_deref())?)),
    },
    Entry {
        id: "fund",
        title: Msg::RepFund,
        params: &[Param::Month],
        builder: |b, p| Ok(Box::new(Fund::of(b, p.month)?)),
    },
    Entry {
        id: "loan-simulation",
        title: Msg::RepLoanSimulationDoc,
        params: &[Param::Terms, Param::Loan],
        builder: |b, p| Ok(Box::new(LoanSimulation::of(p.simulated(b)?))),
    },
    Entry {
        id: "loan-schedule",
        title: Msg::RepLoanSchedule,
        params: &[Param::Loan, Param::Date],
        builder: |b, p| {
            let id = p.loan_or_first(b)?;
            Ok(Box::new(LoanSchedule::of(b, id, p.date_or_today(b))?))
        },
    },
    Entry {
        id: "loan-statement",
        title: Msg::RepLoanStatement,
        params: &[Param::Loan, Param::Date],
        builder: |b, p| {
            let id = p.loan_or_first(b)?;
            Ok(Box::new(LoanStatementReport::of(
                b,
                id,
                p.date_or_today(b),
            )?))
        },
    },
    Entry {
        id: "dues-owed",
        title: Msg::RepDuesOwed,
        params: &[Param::Member, Param::Month, Param::AllCharges],
        builder: |b, p| {
            let m = p.member_or_first(b)?;
            let through = p.month_or_current(b)?;
            Ok(Box::new(DuesOwed::of(b, &m, through, p.all)?))
        },
    },
    Entry {
        id: "dues-receipts",
        title: Msg::RepDayReceipts,
        params: &[Param::Date],
        builder: |b, p| Ok(Box::new(DayReceipts::of(b, p.date_or_today(b), p.lang)?)),
    },
    Entry {
        id: "dues-collection",
        title: Msg::RepCollection,
        params: &[Param::Range],
        builder: |b, p| {
            let to = p.month_or_current(b).map(|m| p.to.unwrap_or(m))?;
            let from = p.from.unwrap_or(to);
            Ok(Box::new(DuesCollection::of(b, from, to)?))
        },
    },
    Entry {
        id: "charge-types",
        title: Msg::RepChargeTypes,
        params: &[Param::Month],
        builder: |b, p| {
            Ok(Box::new(ChargeTypes::of(
                b,
                p.month_or_current(b)?,
                p.lang,
            )?))
        },
    },
    Entry {
        id: "passbook",
        title: Msg::RepSavingsPassbookTitle,
        params: &[Param::Member, Param::Account],
        builder: |b, p| {
            let (m, account) = p.savings_account(b)?;
            Ok(Box::new(Passbook::of(b, &m, account, p.lang)?))
        },
    },
    Entry {
        id: "savings-accounts",
        title: Msg::RepSavingsAccountsTitle,
        params: &[Param::Member],
        builder: |b, p| {
            let m = p.member_or_first(b)?;
            Ok(Box::new(SavingsAccounts::of(b, &m)?))
        },
    },
    Entry {
        id: "member-card",
        title: Msg::RepMemberCard,
        params: &[Param::Member],
        builder: |b, p| {
            let m = p.member_or_first(b)?;
            Ok(Box::new(MemberCard::of(b, &m, p.lang)?))
        },
    },
    Entry {
        id: "entries",
        title: Msg::RepEntriesTitle,
        params: &[Param::Month, Param::Member, Param::Limit],
        builder: |b, p| {
            let member = match &p.member {
                Some(key) => Some(b.find_member(key)?.id),
                None => None,
            };
            let filter = JournalFilter {
                month: p.month,
                account: None,
                member,
            };
            Ok(Box::new(EntriesList::of(b, &filter, p.limit, p.lang)?))
        },
    },
    Entry {
        id: "journal",
        title: Msg::RepJournalExport,
        params: &[],
        builder: |b, _| Ok(Box::new(JournalExport::of(b)?)),
    },
    Entry {
        id: "indicators",
        title: Msg::RepIndicators,
        params: &[Param::Month],
        builder: |b, p| {
            let month = p.month_or_current(b)?;
            Ok(Box::new(IndicatorsReport::of(b, month, p.lang)?))
        },
    },
    Entry {
        id: "check",
        title: Msg::RepBookCheck,
        params: &[],
        builder: |b, p| Ok(Box::new(BookCheck::of(b, p.lang)?)),
    },
];

/// The report called `id` on the command line.
pub fn find(id: &str) -> Option<&'static Entry> {
    REPORTS.iter().find(|e| e.id == id)
}

/// The entry called `id`, or an error naming it.
pub fn get(id: &str) -> Result<&'static Entry, ReportError> {
    find(id).ok_or_else(|| ReportError::UnknownReport(id.to_string()))
}

/// A report as the lines of its terminal table, each cut to `width`
/// characters (for a screen that shows it).
pub fn lines(report: &dyn AnyReport, lang: Lang, width: usize) -> Vec<String> {
    let bytes = report.write(Format::Table, lang).unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .lines()
        .map(|l| l.chars().take(width).collect())
        .collect()
}

/// Keys of the JSON figures that belong to the comparison months.
const COMPARISON_KEYS: [&str; 3] = ["previous", "last_year", "year_to_date_last_year"];

/// A statement with or without its comparison months: without them, the
/// columns (by table key) and the JSON figures of the previous month and of
/// last year are left out. The income statement keeps the year to date.
struct Statement<R> {
    report: R,
    compare: bool,
    comparison_columns: &'static [(&'static str, &'static [usize])],
}

impl<R: Report + 'static> Statement<R> {
    fn boxed(
        report: R,
        compare: bool,
        comparison_columns: &'static [(&'static str, &'static [usize])],
    ) -> Box<dyn AnyReport> {
        Box::new(Statement {
            report,
            compare,
            comparison_columns,
        })
    }
}

impl<R: Report> Serialize for Statement<R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.compare {
            return self.report.serialize(s);
        }
        let mut v = serde_json::to_value(&self.report).map_err(serde::ser::Error::custom)?;
        strip_comparison(&mut v);
        v.serialize(s)
    }
}

impl<R: Report> Report for Statement<R> {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut doc = self.report.to_doc(lang);
        if !self.compare {
            drop_columns(&mut doc, self.comparison_columns);
        }
        doc
    }
}

/// Removes the comparison figures from a report's JSON.
fn strip_comparison(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for k in COMPARISON_KEYS {
                map.remove(k);
            }
            for (_, x) in map.iter_mut() {
                strip_comparison(x);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_comparison),
        _ => {}
    }
}

/// Removes columns, by table key, from a laid-out document.
fn drop_columns(doc: &mut Doc, drop: &[(&str, &[usize])]) {
    for page in &mut doc.pages {
        for block in &mut page.blocks {
            let Block::Table(t) = block else { continue };
            let Some((_, cols)) = drop.iter().find(|(k, _)| *k == t.key) else {
                continue;
            };
            let mut cols = cols.to_vec();
            cols.sort_unstable_by(|a, b| b.cmp(a));
            for i in cols {
                if i < t.columns.len() {
                    t.columns.remove(i);
                }
                for r in &mut t.rows {
                    if i < r.cells.len() {
                        r.cells.remove(i);
                    }
                }
            }
        }
    }
}
