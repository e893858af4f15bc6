//! Savings and solidarity fund reports: a savings account's passbook, a
//! member's accounts, and the solidarity fund statement (movements of 3303
//! with the running balance, and the grants). Each as an aligned table, CSV
//! and JSON.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::books::ledger::JournalFilter;
use crate::books::savings::{FUND_ACCOUNT, PassbookLine, SavingsView};
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::entry::{EntryKind, Side};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::{FundGrant, MoveKind, SavingsKind};
use crate::i18n::Lang;
use crate::report::dues::MemberRef;
use crate::report::dues::json_value;
use crate::report::entries::kind_code;
use crate::report::format::{
    amounts_block, csv_with_header, dash, decimal_text, fields_block, iso, member_line, to_json,
};
use crate::report::render::{Block, Doc, Letterhead, Msg, Report, csv_doc};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

/// Stable code of a savings movement, for CSV and JSON.
pub fn move_code(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Deposit => "deposit",
        MoveKind::Withdrawal => "withdrawal",
        MoveKind::TransferIn => "transfer_in",
        MoveKind::TransferOut => "transfer_out",
        MoveKind::Interest => "interest",
        MoveKind::Block => "block",
        MoveKind::Release => "release",
        MoveKind::Reversal => "reversal",
    }
}

/// Stable code of a savings product kind.
pub fn savings_kind_code(k: SavingsKind) -> &'static str {
    match k {
        SavingsKind::Ordinary => "ordinary",
        SavingsKind::Programmed => "programmed",
    }
}

// ---------------------------------------------------------------------------
// Passbook

#[derive(Serialize)]
struct PassbookLineJson {
    date: String,
    kind: &'static str,
    kind_label: &'static str,
    amount: String,
    blocked_change: String,
    balance: String,
    entry: u64,
}

#[derive(Serialize)]
struct PassbookJson<'a> {
    account: u32,
    product: &'a str,
    product_kind: &'static str,
    rate: String,
    member: MemberRef,
    opened: String,
    target: Option<String>,
    term_months: Option<u32>,
    lines: Vec<PassbookLineJson>,
    balance: String,
    blocked: String,
    min_balance: String,
    available: String,
}

/// A passbook as JSON: `{"account", "product", "product_kind", "rate", "member":
/// {"id", "id_number", "name"}, "opened", "target", "term_months", "lines":
/// [{"date", "kind", "kind_label", "amount", "blocked_change", "balance", "entry"}],
/// "balance", "blocked", "min_balance", "available"}`. `rate` is the annual
/// nominal rate in percent as given ("3", "4.5").
pub fn passbook_json(
    member: &Member,
    view: &SavingsView,
    lines: &[PassbookLine],
    lang: Lang,
) -> String {
    let a = &view.account;
    let v = PassbookJson {
        account: a.id,
        product: &view.product.name,
        product_kind: savings_kind_code(view.product.kind),
        rate: view.product.rate.normalize().to_string(),
        member: MemberRef::of(member),
        opened: iso(a.opened),
        target: a.target.map(Money::plain),
        term_months: a.term_months,
        lines: lines
            .iter()
            .map(|l| PassbookLineJson {
                date: iso(l.date),
                kind: move_code(l.kind),
                kind_label: l.kind.label(lang),
                amount: l.amount.plain(),
                blocked_change: l.blocked_change.plain(),
                balance: l.balance.plain(),
                entry: l.entry,
            })
            .collect(),
        balance: a.balance.plain(),
        blocked: a.blocked.plain(),
        min_balance: view.product.min_balance.plain(),
        available: view.available.plain(),
    };
    to_json(&v)
}

/// The passbook's movements as CSV (amount signed: deposits positive).
pub fn passbook_csv(lines: &[PassbookLine], lang: Lang) -> String {
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                iso(l.date),
                move_code(l.kind).to_string(),
                sheet_safe(l.kind.label(lang)),
                l.amount.plain(),
                l.blocked_change.plain(),
                l.balance.plain(),
                l.entry.to_string(),
            ]
        })
        .collect();
    csv_with_header(Msg::RepCsvSavingsPassbook, lang, &rows)
}

fn account_fields(member: &Member, view: &SavingsView, lang: Lang) -> String {
    let a = &view.account;
    let mut f: Vec<(&str, String)> = vec![
        (Msg::RepAccount.t(lang), format!("{}", a.id)),
        (
            Msg::RepProduct.t(lang),
            format!("{} ({})", view.product.name, view.product.kind.label(lang)),
        ),
        (Msg::RepMember.t(lang), member_line(member)),
        (Msg::RepOpened.t(lang), format_date(a.opened, lang)),
    ];
    if view.product.rate > Decimal::ZERO {
        f.push((
            Msg::RepInterest.t(lang),
            Msg::RepRateAYear.fill(lang, &[("rate", &decimal_text(view.product.rate, lang))]),
        ));
    }
    if let Some(t) = a.target {
        let term = a
            .term_months
            .map(|n| Msg::RepInMonths.fill(lang, &[("n", &n)]))
            .unwrap_or_default();
        f.push((
            Msg::RepTarget.t(lang),
            format!("{}{term}", t.localized(lang)),
        ));
    }
    fields_block(&f)
}

fn balance_fields(view: &SavingsView, lang: Lang) -> String {
    let a = &view.account;
    let mut f: Vec<(&str, String)> = vec![
        (Msg::RepCurrentBalance.t(lang), a.balance.localized(lang)),
        (Msg::RepBlocked.t(lang), a.blocked.localized(lang)),
    ];
    if !view.product.min_balance.is_zero() {
        f.push((
            Msg::RepMinimumBalance.t(lang),
            view.product.min_balance.localized(lang),
        ));
    }
    f.push((Msg::RepAvailable.t(lang), view.available.localized(lang)));
    amounts_block(&f)
}

/// The passbook: the account, its movements with the running balance, and
/// the current, blocked and available balances.
pub fn passbook_table(
    member: &Member,
    view: &SavingsView,
    lines: &[PassbookLine],
    lang: Lang,
) -> String {
    let mut out = Msg::RepSavingsPassbook.t(lang).to_string();
    out.push_str(&account_fields(member, view, lang));
    out.push('\n');
    if lines.is_empty() {
        out.push_str(Msg::RepNoMovements.t(lang));
    } else {
        let mut t = Table::new(vec![
            Column::left(Msg::RepDate.t(lang), 10),
            Column::left(Msg::RepMovement.t(lang), 24),
            Column::right(Msg::RepAmount.t(lang)),
            Column::right(Msg::RepBlockedChange.t(lang)),
            Column::right(Msg::RepBalance.t(lang)),
        ]);
        for l in lines {
            t.row(&[
                format_date(l.date, lang),
                l.kind.label(lang).to_string(),
                if l.amount.is_zero() {
                    String::new()
                } else {
                    l.amount.localized(lang)
                },
                if l.blocked_change.is_zero() {
                    String::new()
                } else {
                    l.blocked_change.localized(lang)
                },
                l.balance.localized(lang),
            ]);
        }
        out.push_str(&t.render());
    }
    out.push('\n');
    out.push_str(&balance_fields(view, lang));
    out
}

// ---------------------------------------------------------------------------
// A member's accounts

#[derive(Serialize)]
struct AccountJson<'a> {
    account: u32,
    product: &'a str,
    product_kind: &'static str,
    opened: String,
    target: Option<String>,
    term_months: Option<u32>,
    balance: String,
    blocked: String,
    available: String,
}

#[derive(Serialize)]
struct AccountsTotalJson {
    balance: String,
    blocked: String,
    available: String,
}

#[derive(Serialize)]
struct AccountsJson<'a> {
    member: MemberRef,
    accounts: Vec<AccountJson<'a>>,
    total: AccountsTotalJson,
}

struct Totals {
    balance: Money,
    blocked: Money,
    available: Money,
}

fn totals(views: &[SavingsView]) -> Totals {
    Totals {
        balance: views.iter().map(|v| v.account.balance).sum(),
        blocked: views.iter().map(|v| v.account.blocked).sum(),
        available: views.iter().map(|v| v.available).sum(),
    }
}

/// `{"member": {...}, "accounts": [{"account", "product", "product_kind", "opened",
/// "target", "term_months", "balance", "blocked", "available"}], "total": {"balance", "blocked", "available"}}`
pub fn accounts_json(member: &Member, views: &[SavingsView]) -> String {
    let t = totals(views);
    let v = AccountsJson {
        member: MemberRef::of(member),
        accounts: views
            .iter()
            .map(|v| AccountJson {
                account: v.account.id,
                product: &v.product.name,
                product_kind: savings_kind_code(v.product.kind),
                opened: iso(v.account.opened),
                target: v.account.target.map(Money::plain),
                term_months: v.account.term_months,
                balance: v.account.balance.plain(),
                blocked: v.account.blocked.plain(),
                available: v.available.plain(),
            })
            .collect(),
        total: AccountsTotalJson {
            balance: t.balance.plain(),
            blocked: t.blocked.plain(),
            available: t.available.plain(),
        },
    };
    to_json(&v)
}

/// CSV: one line per account and a TOTAL line.
pub fn accounts_csv(views: &[SavingsView], lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            vec![
                v.account.id.to_string(),
                sheet_safe(&v.product.name),
                savings_kind_code(v.product.kind).to_string(),
                iso(v.account.opened),
                v.account.target.map(Money::plain).unwrap_or_default(),
                v.account
                    .term_months
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                v.account.balance.plain(),
                v.account.blocked.plain(),
                v.available.plain(),
            ]
        })
        .collect();
    let t = totals(views);
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        t.balance.plain(),
        t.blocked.plain(),
        t.available.plain(),
    ]);
    csv_with_header(Msg::RepCsvSavingsAccounts, lang, &rows)
}

/// A member's savings accounts with balance, blocked and available, and the total.
pub fn accounts_table(member: &Member, views: &[SavingsView], lang: Lang) -> String {
    let mut out = fields_block(&[(Msg::RepMember.t(lang), member_line(member))]);
    out.push('\n');
    if views.is_empty() {
        out.push_str(Msg::RepNoSavingsAccounts.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::right(Msg::RepAccount.t(lang)),
        Column::left(Msg::RepProduct.t(lang), 26),
        Column::left(Msg::RepOpened.t(lang), 10),
        Column::right(Msg::RepTarget.t(lang)),
        Column::right(Msg::RepBalance.t(lang)),
        Column::right(Msg::RepBlockedShort.t(lang)),
        Column::right(Msg::RepAvailable.t(lang)),
    ]);
    for v in views {
        t.row(&[
            v.account.id.to_string(),
            v.product.name.clone(),
            format_date(v.account.opened, lang),
            v.account
                .target
                .map(|m| m.localized(lang))
                .unwrap_or_default(),
            v.account.balance.localized(lang),
            v.account.blocked.localized(lang),
            v.available.localized(lang),
        ]);
    }
    let tot = totals(views);
    t.rule();
    t.row(&[
        String::new(),
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        tot.balance.localized(lang),
        tot.blocked.localized(lang),
        tot.available.localized(lang),
    ]);
    out.push_str(&t.render());
    out
}

// ---------------------------------------------------------------------------
// Solidarity fund

/// One entry that moved the fund (3303), with the fund's balance after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundMove {
    pub date: NaiveDate,
    pub entry: u64,
    pub kind: EntryKind,
    pub description: String,
    pub reference: String,
    /// Credits to the fund (contributions; a reversed grant).
    pub contributions: Money,
    /// Debits to the fund (grants; a reversed contribution).
    pub grants: Money,
    /// The fund's balance after this entry.
    pub balance: Money,
    /// Neither a reversal nor reversed: counts in the fund's totals of what
    /// came in and what was given (a voided operation and its reversal count
    /// in neither).
    pub standing: bool,
}

/// A grant and whether its entry was reversed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantLine {
    pub grant: FundGrant,
    pub reversed_by: Option<u64>,
}

/// The solidarity fund statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundStatement {
    /// `None`: all history; else only the movements of that month.
    pub month: Option<Month>,
    /// The fund's balance before the first movement shown.
    pub opening: Money,
    pub movements: Vec<FundMove>,
    /// The fund's balance now (`Book::fund_balance`).
    pub balance: Money,
    pub grants: Vec<GrantLine>,
}

/// Gathers the fund statement: the movements of 3303 oldest first with the
/// running balance (of all history, or of `month` after its opening balance),
/// the fund's balance, and the grants (of `month`, or all).
pub fn fund_statement(book: &Book, month: Option<Month>) -> Result<FundStatement, BookError> {
    let filter = JournalFilter {
        account: Some(FUND_ACCOUNT.to_string()),
        ..JournalFilter::default()
    };
    let mut entries = book.journal(&filter, 0, usize::MAX)?;
    entries.reverse();
    let mut running = Money::ZERO;
    let mut opening = Money::ZERO;
    let mut movements = Vec::new();
    for e in entries {
        let (mut credit, mut debit) = (Money::ZERO, Money::ZERO);
        for p in e.postings.iter().filter(|p| p.account == FUND_ACCOUNT) {
            match p.side {
                Side::Credit => credit += p.amount,
                Side::Debit => debit += p.amount,
            }
        }
        running += credit - debit;
        match month {
            Some(m) if Month::of(e.date) < m => {
                opening = running;
                continue;
            }
            Some(m) if Month::of(e.date) > m => continue,
            _ => {}
        }
        let standing = e.reverses.is_none() && book.reversed_by(e.id)?.is_none();
        movements.push(FundMove {
            standing,
            date: e.date,
            entry: e.id,
            kind: e.kind,
            description: e.description,
            reference: e.reference,
            contributions: credit,
            grants: debit,
            balance: running,
        });
    }
    let mut grants = Vec::new();
    for g in book.fund_grants()? {
        if month.is_some_and(|m| Month::of(g.date) != m) {
            continue;
        }
        let reversed_by = book.reversed_by(g.entry)?;
        grants.push(GrantLine {
            grant: g,
            reversed_by,
        });
    }
    grants.sort_by_key(|g| (g.grant.date, g.grant.number));
    Ok(FundStatement {
        month,
        opening,
        movements,
        balance: book.fund_balance()?,
        grants,
    })
}

impl FundStatement {
    /// What came into the fund and what it gave, by the movements shown that
    /// still stand: a voided contribution or grant (and its reversal) counts
    /// in neither.
    pub fn standing_totals(&self) -> (Money, Money) {
        self.movements
            .iter()
            .filter(|m| m.standing)
            .fold((Money::ZERO, Money::ZERO), |(c, g), m| {
                (c + m.contributions, g + m.grants)
            })
    }
}

#[derive(Serialize)]
struct FundMoveJson<'a> {
    date: String,
    entry: u64,
    kind: String,
    description: &'a str,
    reference: &'a str,
    contributions: String,
    grants: String,
    balance: String,
}

#[derive(Serialize)]
struct GrantJson<'a> {
    number: u64,
    date: String,
    entry: u64,
    member: Option<u32>,
    beneficiary: &'a str,
    amount: String,
    reason: &'a str,
    approval: &'a str,
    reversed: bool,
}

#[derive(Serialize)]
struct FundJson<'a> {
    month: Option<String>,
    account: &'static str,
    opening: String,
    movements: Vec<FundMoveJson<'a>>,
    contributions: String,
    grants_total: String,
    balance: String,
    grants: Vec<GrantJson<'a>>,
}

fn grants_total(s: &FundStatement) -> Money {
    s.grants
        .iter()
        .filter(|g| g.reversed_by.is_none())
        .map(|g| g.grant.amount)
        .sum()
}

/// `{"month", "account": "3303", "opening", "movements": [{"date", "entry",
/// "kind", "description", "reference", "contributions", "grants", "balance"}],
/// "contributions", "grants_total", "balance", "grants": [{"number", "date",
/// "entry", "member", "beneficiary", "amount", "reason", "approval", "reversed"}]}`
pub fn fund_json(s: &FundStatement) -> String {
    to_json(&fund_value(s))
}

fn fund_value(s: &FundStatement) -> FundJson<'_> {
    FundJson {
        month: s.month.map(|m| m.to_string()),
        account: FUND_ACCOUNT,
        opening: s.opening.plain(),
        movements: s
            .movements
            .iter()
            .map(|m| FundMoveJson {
                date: iso(m.date),
                entry: m.entry,
                kind: kind_code(m.kind),
                description: &m.description,
                reference: &m.reference,
                contributions: m.contributions.plain(),
                grants: m.grants.plain(),
                balance: m.balance.plain(),
            })
            .collect(),
        contributions: s
            .movements
            .iter()
            .map(|m| m.contributions)
            .sum::<Money>()
            .plain(),
        grants_total: grants_total(s).plain(),
        balance: s.balance.plain(),
        grants: s
            .grants
            .iter()
            .map(|g| GrantJson {
                number: g.grant.number,
                date: iso(g.grant.date),
                entry: g.grant.entry,
                member: g.grant.member,
                beneficiary: &g.grant.beneficiary,
                amount: g.grant.amount.plain(),
                reason: &g.grant.reason,
                approval: &g.grant.approval,
                reversed: g.reversed_by.is_some(),
            })
            .collect(),
    }
}

/// The fund's movements as CSV, one line per entry with the running balance.
/// (The grants are in `fund_grants_csv`.)
pub fn fund_csv(s: &FundStatement, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = s
        .movements
        .iter()
        .map(|m| {
            vec![
                iso(m.date),
                m.entry.to_string(),
                kind_code(m.kind),
                sheet_safe(&m.description),
                sheet_safe(&m.reference),
                m.contributions.plain(),
                m.grants.plain(),
                m.balance.plain(),
            ]
        })
        .collect();
    csv_with_header(Msg::RepCsvSavingsFund, lang, &rows)
}

/// The grants as CSV.
pub fn fund_grants_csv(s: &FundStatement, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = s
        .grants
        .iter()
        .map(|g| {
            vec![
                g.grant.number.to_string(),
                iso(g.grant.date),
                sheet_safe(&g.grant.beneficiary),
                g.grant.member.map(|m| m.to_string()).unwrap_or_default(),
                g.grant.amount.plain(),
                sheet_safe(&g.grant.reason),
                sheet_safe(&g.grant.approval),
                if g.reversed_by.is_some() {
                    "reversed"
                } else {
                    "valid"
                }
                .to_string(),
            ]
        })
        .collect();
    csv_with_header(Msg::RepCsvSavingsFundGrants, lang, &rows)
}

/// The fund statement: balance, movements with the running balance, and the grants.
pub fn fund_table(s: &FundStatement, lang: Lang) -> String {
    let mut out = match s.month {
        Some(m) => Msg::RepFundTitleMonth.fill(lang, &[("month", &m.name(lang))]),
        None => Msg::RepFundTitle.t(lang).to_string(),
    };
    out.push_str(&fields_block(&[(
        Msg::RepFundBalanceNow.t(lang),
        s.balance.localized(lang),
    )]));
    out.push('\n');
    out.push_str(Msg::RepMovementsHeading.t(lang));
    if s.movements.is_empty() {
        out.push_str(Msg::RepNoMovements.t(lang));
    } else {
        let mut t = Table::new(vec![
            Column::left(Msg::RepDate.t(lang), 10),
            Column::right(Msg::RepEntry.t(lang)),
            Column::left(Msg::RepDescription.t(lang), 40),
            Column::right(Msg::RepIn.t(lang)),
            Column::right(Msg::RepOut.t(lang)),
            Column::right(Msg::RepBalance.t(lang)),
        ]);
        if s.month.is_some() {
            t.row(&[
                String::new(),
                String::new(),
                Msg::RepOpening.t(lang).to_string(),
                String::new(),
                String::new(),
                s.opening.localized(lang),
            ]);
        }
        let amount = |m: Money| {
            if m.is_zero() {
                String::new()
            } else {
                m.localized(lang)
            }
        };
        for m in &s.movements {
            t.row(&[
                format_date(m.date, lang),
                m.entry.to_string(),
                m.description.clone(),
                amount(m.contributions),
                amount(m.grants),
                m.balance.localized(lang),
            ]);
        }
        out.push_str(&t.render());
    }
    out.push('\n');
    out.push_str(Msg::RepGrants.t(lang));
    if s.grants.is_empty() {
        out.push_str(Msg::RepNone.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepDate.t(lang), 10),
        Column::left(Msg::RepBeneficiary.t(lang), 30),
        Column::right(Msg::RepAmount.t(lang)),
        Column::left(Msg::RepReason.t(lang), 30),
        Column::left(Msg::RepApproval.t(lang), 24),
        Column::left(Msg::RepColStatus.t(lang), 10),
    ]);
    for g in &s.grants {
        t.row(&[
            g.grant.number.to_string(),
            format_date(g.grant.date, lang),
            g.grant.beneficiary.clone(),
            g.grant.amount.localized(lang),
            g.grant.reason.clone(),
            g.grant.approval.clone(),
            match g.reversed_by {
                Some(_) => Msg::RepGrantReversed.t(lang).to_string(),
                None => dash(),
            },
        ]);
    }
    t.rule();
    t.row(&[
        String::new(),
        "TOTAL".to_string(),
        String::new(),
        grants_total(s).localized(lang),
    ]);
    out.push_str(&t.render());
    out
}

/// `ayni savings fund`: the solidarity fund's movements with the running
/// balance, and its grants. Its JSON is [`fund_json`]'s.
#[derive(Clone, Debug)]
pub struct Fund {
    pub letterhead: Letterhead,
    pub statement: FundStatement,
}

impl Fund {
    pub fn of(book: &Book, month: Option<Month>) -> Result<Fund, BookError> {
        Ok(Fund {
            letterhead: Letterhead::of(book)?,
            statement: fund_statement(book, month)?,
        })
    }
}

impl Serialize for Fund {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fund_value(&self.statement).serialize(s)
    }
}

impl Report for Fund {
    fn to_doc(&self, lang: Lang) -> Doc {
        use crate::report::render::{Cell, Column, Row, Style, Table};
        let s = &self.statement;
        let mut t = Table::new(
            "fund",
            None,
            vec![
                Column::text(Msg::RepDate.t(lang), 10),
                Column::number("#", 6),
                Column::text(Msg::RepDescription.t(lang), 36),
                Column::amount(Msg::RepColContributions.t(lang)),
                Column::amount(Msg::RepColGrants.t(lang)),
                Column::amount(Msg::RepBalance.t(lang)),
            ],
            2,
        );
        t.push(Row::styled(
            vec![
                Cell::Empty,
                Cell::Empty,
                Cell::text(Msg::RepOpening.t(lang)),
                Cell::Empty,
                Cell::Empty,
                Cell::Amount(s.opening),
            ],
            Style::Group,
            0,
        ));
        for m in &s.movements {
            t.push(Row::new(vec![
                Cell::text(format_date(m.date, lang)),
                Cell::Number(m.entry as i64),
                Cell::text(&m.description),
                Cell::Amount(m.contributions),
                Cell::Amount(m.grants),
                Cell::Amount(m.balance),
            ]));
        }
        let contributions = s.movements.iter().map(|m| m.contributions).sum();
        let grants = s.movements.iter().map(|m| m.grants).sum();
        let totals = [contributions, grants, s.balance];
        t.push(Row::total(2, Msg::RepTotal.t(lang), totals));
        let period = match s.month {
            Some(m) => m.name(lang),
            None => Msg::RepAllHistory.t(lang).to_string(),
        };
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepFund.t(lang),
            period,
            vec![Block::Table(t)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        fund_table(&self.statement, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        fund_csv(&self.statement, lang)
    }
}

// ---------------------------------------------------------------------------
// The savings reports of the command line, as reports of the registry

/// `ayni savings statement`: the passbook of one savings account.
#[derive(Clone, Debug)]
pub struct Passbook {
    pub letterhead: Letterhead,
    pub member: Member,
    pub view: SavingsView,
    pub lines: Vec<PassbookLine>,
    pub lang: Lang,
}

impl Passbook {
    pub fn of(
        book: &Book,
        member: &Member,
        account: u32,
        lang: Lang,
    ) -> Result<Passbook, BookError> {
        let (view, lines) = book.passbook(account)?;
        Ok(Passbook {
            letterhead: Letterhead::of(book)?,
            member: member.clone(),
            view,
            lines,
            lang,
        })
    }
}

impl Serialize for Passbook {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = passbook_json(&self.member, &self.view, &self.lines, self.lang);
        json_value(&text).serialize(s)
    }
}

impl Report for Passbook {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepSavingsPassbookTitle.t(lang);
        let period = format_date(self.letterhead.printed, lang);
        csv_doc(self.letterhead.clone(), title, period, "passbook", &csv)
            .headed(Some(member_line(&self.member)))
    }
    fn to_table(&self, lang: Lang) -> String {
        passbook_table(&self.member, &self.view, &self.lines, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        passbook_csv(&self.lines, lang)
    }
    fn to_json(&self) -> String {
        passbook_json(&self.member, &self.view, &self.lines, self.lang) + "\n"
    }
}

/// `ayni savings accounts`: a member's savings accounts with their totals.
#[derive(Clone, Debug)]
pub struct SavingsAccounts {
    pub letterhead: Letterhead,
    pub member: Member,
    pub views: Vec<SavingsView>,
}

impl SavingsAccounts {
    pub fn of(book: &Book, member: &Member) -> Result<SavingsAccounts, BookError> {
        Ok(SavingsAccounts {
            letterhead: Letterhead::of(book)?,
            member: member.clone(),
            views: book.member_savings(member.id)?,
        })
    }
}

impl Serialize for SavingsAccounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&accounts_json(&self.member, &self.views)).serialize(s)
    }
}

impl Report for SavingsAccounts {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepSavingsAccountsTitle.t(lang);
        let period = format_date(self.letterhead.printed, lang);
        csv_doc(self.letterhead.clone(), title, period, "accounts", &csv)
            .headed(Some(member_line(&self.member)))
    }
    fn to_table(&self, lang: Lang) -> String {
        accounts_table(&self.member, &self.views, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        accounts_csv(&self.views, lang)
    }
    fn to_json(&self) -> String {
        accounts_json(&self.member, &self.views) + "\n"
    }
}
