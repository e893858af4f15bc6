//! Dues and contributions reports: charge types, what a member owes, the
//! arrears report (with its sorting and community filter), receipts and the
//! day's receipts, and the month's collection. Each as an aligned table,
//! CSV (plain amounts, text cells made safe for spreadsheets) and JSON
//! (amounts as strings with two decimals and a point, dates `YYYY-MM-DD`).
//!
//! The small formatting helpers at the end are shared with the savings and
//! loans reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::books::dues::{ArrearsRow, ChargeLine, Collection};
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::date::format_date;
use crate::domain::dues::{ChargeType, Frequency, Receipt};
use crate::domain::member::Member;
use crate::domain::money::{Money, round_cents};
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
pub use crate::report::format::month_text;
pub(crate) use crate::report::format::{
    csv_with_header, dash, decimal_text, fields_block, fold, iso, member_line, percent_plain,
    percent_text, printable, to_json, write_csv,
};
use crate::report::render::{Doc, Letterhead, Report, csv_doc, range_name};
use crate::report::table::{Column, Table};
use crate::report::trial_balance::sheet_safe;

/// What the receipt renderers need besides the receipts: the association's
/// name for the heading, and the names of members, charge types and accounts.
#[derive(Clone, Copy, Debug)]
pub struct DuesNames<'a> {
    pub association: &'a str,
    pub members: &'a [Member],
    pub types: &'a [ChargeType],
    pub chart: &'a [Account],
}

impl DuesNames<'_> {
    pub(crate) fn member(&self, id: u32) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
    pub(crate) fn member_name(&self, id: u32) -> String {
        self.member(id)
            .map(Member::full_name)
            .unwrap_or_else(|| format!("#{id}"))
    }
    fn member_id_number(&self, id: u32) -> String {
        self.member(id)
            .map(|m| m.id_number.clone())
            .unwrap_or_default()
    }
    pub(crate) fn type_name(&self, id: u32) -> String {
        self.types
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }
    pub(crate) fn account_name(&self, code: &str, lang: Lang) -> String {
        crate::report::format::account_name(self.chart, code, lang).to_string()
    }
}

/// A member as the reports name them in JSON.
#[derive(Serialize)]
pub(crate) struct MemberRef {
    pub id: u32,
    pub id_number: String,
    pub name: String,
}

impl MemberRef {
    pub(crate) fn of(m: &Member) -> MemberRef {
        MemberRef {
            id: m.id,
            id_number: m.id_number.clone(),
            name: m.full_name(),
        }
    }
}

// ---------------------------------------------------------------------------
// Charge types

/// Stable code of a frequency, for CSV and JSON.
pub fn frequency_code(f: Frequency) -> &'static str {
    match f {
        Frequency::Once => "once",
        Frequency::Monthly => "monthly",
    }
}

/// The frequency as a person reads it.
pub fn frequency_label(f: Frequency, lang: Lang) -> &'static str {
    match f {
        Frequency::Once => Msg::RepFrequencyOnce.t(lang),
        Frequency::Monthly => Msg::RepFrequencyMonthly.t(lang),
    }
}

/// The amount of a type in force in `month` (none when switched off or not started).
fn in_force(t: &ChargeType, month: Month) -> Option<Money> {
    if t.is_active_in(month) {
        t.amount_for(month)
    } else {
        None
    }
}

#[derive(Serialize)]
struct AmountFromJson {
    from: String,
    amount: String,
}

#[derive(Serialize)]
struct ChargeTypeJson<'a> {
    id: u32,
    name: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    frequency: &'static str,
    account: &'a str,
    /// In force in the report's month; null when switched off or not started.
    amount: Option<String>,
    start: String,
    switched_off_from: Option<String>,
    approval: &'a str,
    members: Option<&'a [u32]>,
    amounts: Vec<AmountFromJson>,
}

#[derive(Serialize)]
struct ChargeTypesJson<'a> {
    month: String,
    types: Vec<ChargeTypeJson<'a>>,
}

/// `{"month": "2026-11", "types": [{"id", "name", "kind", "kind_label", "frequency",
/// "account", "amount", "start", "switched_off_from", "approval", "members", "amounts": [{"from", "amount"}]}]}`
pub fn charge_types_json(types: &[ChargeType], month: Month, lang: Lang) -> String {
    let v = ChargeTypesJson {
        month: month.to_string(),
        types: types
            .iter()
            .map(|t| ChargeTypeJson {
                id: t.id,
                name: &t.name,
                kind: t.kind.code(),
                kind_label: t.kind.label(lang),
                frequency: frequency_code(t.frequency),
                account: &t.account,
                amount: in_force(t, month).map(Money::plain),
                start: t.start_month.to_string(),
                switched_off_from: t.end_month.map(|m| m.to_string()),
                approval: &t.approval,
                members: t.members.as_deref(),
                amounts: t
                    .amounts
                    .iter()
                    .map(|(m, a)| AmountFromJson {
                        from: m.to_string(),
                        amount: a.plain(),
                    })
                    .collect(),
            })
            .collect(),
    };
    to_json(&v)
}

/// CSV with a header row: one line per charge type.
pub fn charge_types_csv(types: &[ChargeType], month: Month, lang: Lang) -> String {
    let rows = types
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                sheet_safe(&t.name),
                t.kind.code().to_string(),
                frequency_code(t.frequency).to_string(),
                t.account.clone(),
                in_force(t, month).map(Money::plain).unwrap_or_default(),
                t.start_month.to_string(),
                t.end_month.map(|m| m.to_string()).unwrap_or_default(),
                sheet_safe(&t.approval),
            ]
        })
        .collect::<Vec<_>>();
    csv_with_header(Msg::RepCsvDuesChargeTypes, lang, &rows)
}

/// The charge types as an aligned table, with the amount in force in `month`.
pub fn charge_types_table(types: &[ChargeType], month: Month, lang: Lang) -> String {
    if types.is_empty() {
        return Msg::RepNoChargeTypesDefined.t(lang).to_string();
    }
    let mut t = Table::new(vec![
        Column::right(Msg::RepNo.t(lang)),
        Column::left(Msg::RepColName.t(lang), 30),
        Column::left(Msg::RepKind.t(lang), 28),
        Column::left(Msg::RepFrequency.t(lang), 12),
        Column::left(Msg::RepAccount.t(lang), 8),
        Column::right(&Msg::RepAmountInMonth.fill(lang, &[("month", &month_text(month, lang))])),
        Column::left(Msg::RepStart.t(lang), 8),
        Column::left(Msg::RepSwitchedOff.t(lang), 14),
    ]);
    for ty in types {
        t.row(&[
            ty.id.to_string(),
            ty.name.clone(),
            ty.kind.label(lang).to_string(),
            frequency_label(ty.frequency, lang).to_string(),
            ty.account.clone(),
            in_force(ty, month)
                .map(|a| a.localized(lang))
                .unwrap_or_else(dash),
            month_text(ty.start_month, lang),
            match ty.end_month {
                Some(m) => Msg::RepFromMonth.fill(lang, &[("month", &month_text(m, lang))]),
                None => dash(),
            },
        ]);
    }
    t.render()
}

// ---------------------------------------------------------------------------
// What a member owes

#[derive(Serialize)]
struct OwedLineJson<'a> {
    month: String,
    charge_type: u32,
    #[serde(rename = "type")]
    type_name: &'a str,
    account: &'a str,
    amount: String,
    paid: String,
    waived: String,
    due: String,
}

#[derive(Serialize)]
struct OwedTotalsJson {
    amount: String,
    paid: String,
    waived: String,
    due: String,
}

#[derive(Serialize)]
struct OwedJson<'a> {
    member: MemberRef,
    through: String,
    lines: Vec<OwedLineJson<'a>>,
    totals: OwedTotalsJson,
}

struct OwedTotals {
    amount: Money,
    paid: Money,
    waived: Money,
    due: Money,
}

fn owed_totals(lines: &[ChargeLine]) -> OwedTotals {
    OwedTotals {
        amount: lines.iter().map(|l| l.amount).sum(),
        paid: lines.iter().map(|l| l.paid).sum(),
        waived: lines.iter().map(|l| l.waived).sum(),
        due: lines.iter().map(|l| l.due).sum(),
    }
}

/// What a member owes through `through` (the lines of `Book::owed`, or all
/// of `Book::member_charges`): `{"member": {"id", "id_number", "name"},
/// "through": "2026-11", "lines": [{"month", "charge_type", "type", "account",
/// "amount", "paid", "waived", "due"}], "totals": {"amount", "paid", "waived", "due"}}`
pub fn owed_json(member: &Member, through: Month, lines: &[ChargeLine]) -> String {
    let t = owed_totals(lines);
    let v = OwedJson {
        member: MemberRef::of(member),
        through: through.to_string(),
        lines: lines
            .iter()
            .map(|l| OwedLineJson {
                month: l.month.to_string(),
                charge_type: l.charge_type,
                type_name: &l.type_name,
                account: &l.account,
                amount: l.amount.plain(),
                paid: l.paid.plain(),
                waived: l.waived.plain(),
                due: l.due.plain(),
            })
            .collect(),
        totals: OwedTotalsJson {
            amount: t.amount.plain(),
            paid: t.paid.plain(),
            waived: t.waived.plain(),
            due: t.due.plain(),
        },
    };
    to_json(&v)
}

/// CSV with a header row, one line per charge and a TOTAL line.
pub fn owed_csv(lines: &[ChargeLine], lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.month.to_string(),
                sheet_safe(&l.type_name),
                l.account.clone(),
                l.amount.plain(),
                l.paid.plain(),
                l.waived.plain(),
                l.due.plain(),
            ]
        })
        .collect();
    let t = owed_totals(lines);
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        t.amount.plain(),
        t.paid.plain(),
        t.waived.plain(),
        t.due.plain(),
    ]);
    csv_with_header(Msg::RepCsvDuesOwed, lang, &rows)
}

/// The member, then their charges (month, type, amount, paid, waived, due) and the total.
pub fn owed_table(member: &Member, through: Month, lines: &[ChargeLine], lang: Lang) -> String {
    let mut out = fields_block(&[
        (Msg::RepMember.t(lang), member_line(member)),
        (Msg::RepThrough.t(lang), through.name(lang)),
    ]);
    out.push('\n');
    if lines.is_empty() {
        out.push_str(Msg::RepNothingOwed.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::left(Msg::RepMonth.t(lang), 8),
        Column::left(Msg::RepType.t(lang), 30),
        Column::right(Msg::RepAmount.t(lang)),
        Column::right(Msg::RepPaid.t(lang)),
        Column::right(Msg::RepWaived.t(lang)),
        Column::right(Msg::RepDue.t(lang)),
    ]);
    for l in lines {
        t.row(&[
            month_text(l.month, lang),
            l.type_name.clone(),
            l.amount.localized(lang),
            l.paid.localized(lang),
            l.waived.localized(lang),
            l.due.localized(lang),
        ]);
    }
    let tot = owed_totals(lines);
    t.rule();
    t.row(&[
        "TOTAL".to_string(),
        String::new(),
        tot.amount.localized(lang),
        tot.paid.localized(lang),
        tot.waived.localized(lang),
        tot.due.localized(lang),
    ]);
    out.push_str(&t.render());
    out
}

// ---------------------------------------------------------------------------
// Arrears

/// How the arrears report is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ArrearsSort {
    /// Largest amount owed first (the default).
    #[default]
    Amount,
    /// Most months owed first.
    Months,
    /// By name, A to Z.
    Name,
}

impl ArrearsSort {
    /// Reads `amount|monto|valor`, `months|meses`, `name|nombre`.
    pub fn parse(s: &str) -> Option<ArrearsSort> {
        match s.trim().to_lowercase().as_str() {
            "amount" | "monto" | "valor" => Some(ArrearsSort::Amount),
            "months" | "meses" => Some(ArrearsSort::Months),
            "name" | "nombre" => Some(ArrearsSort::Name),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ArrearsSort::Amount => "amount",
            ArrearsSort::Months => "months",
            ArrearsSort::Name => "name",
        }
    }
}

/// Keeps the rows of one community (compared without case or accents; an
/// empty or absent filter keeps all), then sorts them. Ties are broken by the
/// other figures and then by name, so the order is always the same.
pub fn sort_and_filter(
    rows: &[ArrearsRow],
    sort: ArrearsSort,
    community: Option<&str>,
) -> Vec<ArrearsRow> {
    let wanted = community.map(fold).filter(|c| !c.is_empty());
    let mut out: Vec<ArrearsRow> = rows
        .iter()
        .filter(|r| wanted.as_ref().is_none_or(|w| fold(&r.community) == *w))
        .cloned()
        .collect();
    let name_key = |r: &ArrearsRow| (fold(&r.name), r.member);
    match sort {
        ArrearsSort::Amount => out.sort_by(|a, b| {
            b.amount
                .cmp(&a.amount)
                .then(b.months.cmp(&a.months))
                .then_with(|| name_key(a).cmp(&name_key(b)))
        }),
        ArrearsSort::Months => out.sort_by(|a, b| {
            b.months
                .cmp(&a.months)
                .then(b.amount.cmp(&a.amount))
                .then_with(|| name_key(a).cmp(&name_key(b)))
        }),
        ArrearsSort::Name => out.sort_by_key(name_key),
    }
    out
}

#[derive(Serialize)]
struct ArrearsRowJson<'a> {
    member: u32,
    id_number: &'a str,
    name: &'a str,
    community: &'a str,
    months: usize,
    amount: String,
    oldest: String,
}

#[derive(Serialize)]
struct ArrearsTotalJson {
    members: usize,
    months: usize,
    amount: String,
}

#[derive(Serialize)]
struct ArrearsJson<'a> {
    through: String,
    members: Vec<ArrearsRowJson<'a>>,
    total: ArrearsTotalJson,
}

/// `{"through": "2026-11", "members": [{"member", "id_number", "name",
/// "community", "months", "amount", "oldest": "2026-09"}], "total": {"members", "months", "amount"}}`
fn arrears_value(rows: &[ArrearsRow], through: Month) -> ArrearsJson<'_> {
    ArrearsJson {
        through: through.to_string(),
        members: rows
            .iter()
            .map(|r| ArrearsRowJson {
                member: r.member,
                id_number: &r.id_number,
                name: &r.name,
                community: &r.community,
                months: r.months,
                amount: r.amount.plain(),
                oldest: r.oldest.to_string(),
            })
            .collect(),
        total: ArrearsTotalJson {
            members: rows.len(),
            months: rows.iter().map(|r| r.months).sum(),
            amount: rows.iter().map(|r| r.amount).sum::<Money>().plain(),
        },
    }
}

pub fn arrears_json(rows: &[ArrearsRow], through: Month) -> String {
    to_json(&arrears_value(rows, through))
}

/// CSV with a header row, one line per member in arrears and a TOTAL line.
pub fn arrears_csv(rows: &[ArrearsRow], lang: Lang) -> String {
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                sheet_safe(&r.id_number),
                sheet_safe(&r.name),
                sheet_safe(&r.community),
                r.months.to_string(),
                r.amount.plain(),
                r.oldest.to_string(),
            ]
        })
        .collect();
    out.push(vec![
        "TOTAL".to_string(),
        rows.len().to_string(),
        String::new(),
        rows.iter().map(|r| r.months).sum::<usize>().to_string(),
        rows.iter().map(|r| r.amount).sum::<Money>().plain(),
        String::new(),
    ]);
    csv_with_header(Msg::RepCsvDuesArrears, lang, &out)
}

/// The arrears report as an aligned table with a total line.
pub fn arrears_table(rows: &[ArrearsRow], through: Month, lang: Lang) -> String {
    let mut out = Msg::RepMembersInArrearsThrough.fill(lang, &[("through", &through.name(lang))]);
    if rows.is_empty() {
        out.push_str(Msg::RepNobodyIsBehind.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::left(Msg::RepColCedula.t(lang), 14),
        Column::left(Msg::RepMember.t(lang), 34),
        Column::left(Msg::RepColCommunity.t(lang), 18),
        Column::right(Msg::RepColMonths.t(lang)),
        Column::right(Msg::RepColOwed.t(lang)),
        Column::left(Msg::RepColSince.t(lang), 8),
    ]);
    for r in rows {
        t.row(&[
            r.id_number.clone(),
            r.name.clone(),
            r.community.clone(),
            r.months.to_string(),
            r.amount.localized(lang),
            month_text(r.oldest, lang),
        ]);
    }
    let total: Money = rows.iter().map(|r| r.amount).sum();
    t.rule();
    t.row(&[
        "TOTAL".to_string(),
        Msg::RepNMembers.fill(lang, &[("n", &rows.len())]),
        String::new(),
        rows.iter().map(|r| r.months).sum::<usize>().to_string(),
        total.localized(lang),
        String::new(),
    ]);
    out.push_str(&t.render());
    out
}

// ---------------------------------------------------------------------------
// Receipts

#[derive(Serialize)]
struct ReceiptLineJson {
    month: String,
    charge_type: u32,
    #[serde(rename = "type")]
    type_name: String,
    amount: String,
}

#[derive(Serialize)]
struct ReceiptJson {
    number: u64,
    date: String,
    entry: u64,
    member: ReceiptMemberJson,
    lines: Vec<ReceiptLineJson>,
    total: String,
    cash_account: String,
    cash_account_name: String,
    reversed: bool,
    reversed_by: Option<u64>,
}

#[derive(Serialize)]
struct ReceiptMemberJson {
    id: u32,
    id_number: String,
    name: String,
}

fn receipt_json_value(r: &Receipt, names: &DuesNames, lang: Lang) -> ReceiptJson {
    ReceiptJson {
        number: r.number,
        date: iso(r.date),
        entry: r.entry,
        member: ReceiptMemberJson {
            id: r.member,
            id_number: names.member_id_number(r.member),
            name: names.member_name(r.member),
        },
        lines: r
            .lines
            .iter()
            .map(|l| ReceiptLineJson {
                month: l.month.to_string(),
                charge_type: l.charge_type,
                type_name: names.type_name(l.charge_type),
                amount: l.amount.plain(),
            })
            .collect(),
        total: r.total.plain(),
        cash_account: r.cash_account.clone(),
        cash_account_name: names.account_name(&r.cash_account, lang),
        reversed: r.reversed_by.is_some(),
        reversed_by: r.reversed_by,
    }
}

/// Receipt number as printed: `000012`.
pub fn receipt_number(n: u64) -> String {
    format!("{n:06}")
}

/// "ANULADO" / "REVERSED".
pub fn reversed_label(lang: Lang) -> &'static str {
    Msg::RepReversedWord.t(lang)
}

/// `{"number", "date", "entry", "member": {"id", "id_number", "name"}, "lines":
/// [{"month", "charge_type", "type", "amount"}], "total", "cash_account",
/// "cash_account_name", "reversed", "reversed_by"}`
pub fn receipt_json(r: &Receipt, names: &DuesNames, lang: Lang) -> String {
    to_json(&receipt_json_value(r, names, lang))
}

fn receipt_header(lang: Lang) -> Vec<&'static str> {
    Msg::RepCsvDuesReceiptHeader.t(lang).split(',').collect()
}

fn status_code(r: &Receipt) -> &'static str {
    if r.reversed_by.is_some() {
        "reversed"
    } else {
        "valid"
    }
}

fn receipt_rows(r: &Receipt, names: &DuesNames) -> Vec<Vec<String>> {
    r.lines
        .iter()
        .map(|l| {
            vec![
                r.number.to_string(),
                iso(r.date),
                sheet_safe(&names.member_id_number(r.member)),
                sheet_safe(&names.member_name(r.member)),
                l.month.to_string(),
                sheet_safe(&names.type_name(l.charge_type)),
                l.amount.plain(),
                r.cash_account.clone(),
                status_code(r).to_string(),
            ]
        })
        .collect()
}

/// CSV of one receipt: a line per charge paid.
pub fn receipt_csv(r: &Receipt, names: &DuesNames, lang: Lang) -> String {
    write_csv(&receipt_header(lang), &receipt_rows(r, names))
}

/// The receipt as printed for the member.
pub fn receipt_table(r: &Receipt, names: &DuesNames, lang: Lang) -> String {
    let mut out = String::new();
    if !names.association.trim().is_empty() {
        out.push_str(&printable(names.association.trim()));
        out.push('\n');
    }
    let mut title = Msg::RepReceiptNo.fill(lang, &[("number", &receipt_number(r.number))]);
    if r.reversed_by.is_some() {
        title.push_str(" — ");
        title.push_str(reversed_label(lang));
    }
    out.push_str(&title);
    out.push('\n');
    let member = match names.member(r.member) {
        Some(m) => member_line(m),
        None => format!("#{}", r.member),
    };
    let account = {
        let name = names.account_name(&r.cash_account, lang);
        if name.is_empty() {
            r.cash_account.clone()
        } else {
            format!("{} {}", r.cash_account, name)
        }
    };
    out.push_str(&fields_block(&[
        (Msg::RepDate.t(lang), format_date(r.date, lang)),
        (Msg::RepMember.t(lang), member),
        (Msg::RepReceivedIn.t(lang), account),
    ]));
    out.push('\n');
    let mut t = Table::new(vec![
        Column::left(Msg::RepMonth.t(lang), 8),
        Column::left(Msg::RepType.t(lang), 34),
        Column::right(Msg::RepAmount.t(lang)),
    ]);
    for l in &r.lines {
        t.row(&[
            month_text(l.month, lang),
            names.type_name(l.charge_type),
            l.amount.localized(lang),
        ]);
    }
    t.rule();
    t.row(&["TOTAL".to_string(), String::new(), r.total.localized(lang)]);
    out.push_str(&t.render());
    if let Some(e) = r.reversed_by {
        out.push_str(
            &Msg::RepReceiptReversedBy
                .fill(lang, &[("reversed", &reversed_label(lang)), ("e", &e)]),
        );
    }
    out
}

/// The day's total: the receipts that were not reversed.
pub fn day_total(receipts: &[Receipt]) -> Money {
    receipts
        .iter()
        .filter(|r| r.reversed_by.is_none())
        .map(|r| r.total)
        .sum()
}

#[derive(Serialize)]
struct DayJson {
    date: String,
    receipts: Vec<ReceiptJson>,
    count: usize,
    reversed: usize,
    total: String,
}

/// `{"date", "receipts": [receipt...], "count", "reversed", "total"}`; the
/// total leaves out reversed receipts.
pub fn day_receipts_json(
    day: NaiveDate,
    receipts: &[Receipt],
    names: &DuesNames,
    lang: Lang,
) -> String {
    let v = DayJson {
        date: iso(day),
        receipts: receipts
            .iter()
            .map(|r| receipt_json_value(r, names, lang))
            .collect(),
        count: receipts.iter().filter(|r| r.reversed_by.is_none()).count(),
        reversed: receipts.iter().filter(|r| r.reversed_by.is_some()).count(),
        total: day_total(receipts).plain(),
    };
    to_json(&v)
}

/// CSV of the day's receipts: one line per receipt and a TOTAL line (reversed ones left out of it).
pub fn day_receipts_csv(receipts: &[Receipt], names: &DuesNames, lang: Lang) -> String {
    let mut rows: Vec<Vec<String>> = receipts
        .iter()
        .map(|r| {
            vec![
                r.number.to_string(),
                iso(r.date),
                sheet_safe(&names.member_id_number(r.member)),
                sheet_safe(&names.member_name(r.member)),
                r.total.plain(),
                r.cash_account.clone(),
                status_code(r).to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        String::new(),
        day_total(receipts).plain(),
        String::new(),
        String::new(),
    ]);
    csv_with_header(Msg::RepCsvDuesDayReceipts, lang, &rows)
}

/// The day's receipts with the running total of the day.
pub fn day_receipts_table(
    day: NaiveDate,
    receipts: &[Receipt],
    names: &DuesNames,
    lang: Lang,
) -> String {
    let mut out = Msg::RepReceiptsOf.fill(lang, &[("day", &format_date(day, lang))]);
    if receipts.is_empty() {
        out.push_str(Msg::RepNoReceiptsThatDay.t(lang));
        return out;
    }
    let mut t = Table::new(vec![
        Column::left(Msg::RepReceipt.t(lang), 8),
        Column::left(Msg::RepColCedula.t(lang), 14),
        Column::left(Msg::RepMember.t(lang), 34),
        Column::right(Msg::RepAmount.t(lang)),
        Column::right(Msg::RepRunning.t(lang)),
        Column::left(Msg::RepAccount.t(lang), 8),
        Column::left(Msg::RepColStatus.t(lang), 10),
    ]);
    let mut running = Money::ZERO;
    for r in receipts {
        if r.reversed_by.is_none() {
            running += r.total;
        }
        t.row(&[
            receipt_number(r.number),
            names.member_id_number(r.member),
            names.member_name(r.member),
            r.total.localized(lang),
            running.localized(lang),
            r.cash_account.clone(),
            if r.reversed_by.is_some() {
                reversed_label(lang).to_string()
            } else {
                String::new()
            },
        ]);
    }
    let valid = receipts.iter().filter(|r| r.reversed_by.is_none()).count();
    t.rule();
    t.row(&[
        "TOTAL".to_string(),
        String::new(),
        Msg::RepNReceipts.fill(lang, &[("valid", &valid)]),
        day_total(receipts).localized(lang),
    ]);
    out.push_str(&t.render());
    let reversed = receipts.len() - valid;
    if reversed > 0 {
        out.push_str(&Msg::RepReversedReceiptsLeftOut.fill(lang, &[("reversed", &reversed)]));
    }
    out
}

// ---------------------------------------------------------------------------
// Collection

/// Paid over (charged - waived), in percent with two decimals; `None` when nothing is to collect.
pub fn collection_rate(c: &Collection) -> Option<Decimal> {
    let base = c.charged - c.waived;
    if !base.is_positive() {
        return None;
    }
    Some(round_cents(
        Decimal::from(c.paid.cents()) * Decimal::ONE_HUNDRED / Decimal::from(base.cents()),
    ))
}

fn pending(c: &Collection) -> Money {
    (c.charged - c.waived - c.paid).max(Money::ZERO)
}

fn collection_sum(months: &[(Month, Collection)]) -> Collection {
    months
        .iter()
        .fold(Collection::default(), |a, (_, c)| Collection {
            charged: a.charged + c.charged,
            paid: a.paid + c.paid,
            waived: a.waived + c.waived,
        })
}

#[derive(Serialize)]
struct CollectionJson {
    month: String,
    charged: String,
    waived: String,
    paid: String,
    pending: String,
    rate: Option<String>,
}

fn collection_json_value(month: String, c: &Collection) -> CollectionJson {
    CollectionJson {
        month,
        charged: c.charged.plain(),
        waived: c.waived.plain(),
        paid: c.paid.plain(),
        pending: pending(c).plain(),
        rate: collection_rate(c).map(percent_plain),
    }
}

#[derive(Serialize)]
struct CollectionsJson {
    months: Vec<CollectionJson>,
    total: CollectionJson,
}

/// `{"months": [{"month", "charged", "waived", "paid", "pending", "rate"}], "total": {...}}`;
/// `rate` is a percent with two decimals ("87.50"), null when nothing was charged.
pub fn collection_json(months: &[(Month, Collection)]) -> String {
    let v = CollectionsJson {
        months: months
            .iter()
            .map(|(m, c)| collection_json_value(m.to_string(), c))
            .collect(),
        total: collection_json_value("TOTAL".to_string(), &collection_sum(months)),
    };
    to_json(&v)
}

/// CSV: one line per month and a TOTAL line.
pub fn collection_csv(months: &[(Month, Collection)], lang: Lang) -> String {
    let row = |label: String, c: &Collection| {
        vec![
            label,
            c.charged.plain(),
            c.waived.plain(),
            c.paid.plain(),
            pending(c).plain(),
            collection_rate(c).map(percent_plain).unwrap_or_default(),
        ]
    };
    let mut rows: Vec<Vec<String>> = months.iter().map(|(m, c)| row(m.to_string(), c)).collect();
    rows.push(row("TOTAL".to_string(), &collection_sum(months)));
    csv_with_header(Msg::RepCsvDuesCollection, lang, &rows)
}

/// The collection of one or more months: charged, waived, paid, pending and the rate.
pub fn collection_table(months: &[(Month, Collection)], lang: Lang) -> String {
    let mut t = Table::new(vec![
        Column::left(Msg::RepMonth.t(lang), 16),
        Column::right(Msg::RepCollCharged.t(lang)),
        Column::right(Msg::RepWaived.t(lang)),
        Column::right(Msg::RepCollPaid.t(lang)),
        Column::right(Msg::RepPending.t(lang)),
        Column::right(Msg::RepCollRate.t(lang)),
    ]);
    let row = |label: String, c: &Collection| {
        vec![
            label,
            c.charged.localized(lang),
            c.waived.localized(lang),
            c.paid.localized(lang),
            pending(c).localized(lang),
            collection_rate(c)
                .map(|r| percent_text(r, lang))
                .unwrap_or_else(dash),
        ]
    };
    for (m, c) in months {
        t.row(&row(m.name(lang), c));
    }
    if months.len() > 1 {
        t.rule();
        t.row(&row("TOTAL".to_string(), &collection_sum(months)));
    }
    let mut out = Msg::RepCollectionTitle.t(lang).to_string();
    out.push_str(&t.render());
    out
}

/// `ayni report dues-arrears`: the members who owe dues and contributions
/// through a month, sorted and filtered as asked. Its JSON is
/// [`arrears_json`]'s.
#[derive(Clone, Debug)]
pub struct DuesArrears {
    pub letterhead: crate::report::render::Letterhead,
    pub through: Month,
    pub rows: Vec<ArrearsRow>,
}

impl DuesArrears {
    pub fn of(
        book: &crate::books::Book,
        through: Month,
        sort: ArrearsSort,
        community: Option<&str>,
    ) -> Result<DuesArrears, crate::books::BookError> {
        Ok(DuesArrears {
            letterhead: crate::report::render::Letterhead::of(book)?,
            through,
            rows: sort_and_filter(&book.arrears(through)?, sort, community),
        })
    }
}

impl Serialize for DuesArrears {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        arrears_value(&self.rows, self.through).serialize(s)
    }
}

impl crate::report::render::Report for DuesArrears {
    fn to_doc(&self, lang: Lang) -> crate::report::render::Doc {
        use crate::report::render::{Doc, Msg};
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepDuesArrears.t(lang),
            self.through.name(lang),
            vec![crate::report::arrears::dues_block(&self.rows, lang)],
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        arrears_table(&self.rows, self.through, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        arrears_csv(&self.rows, lang)
    }
}

// ---------------------------------------------------------------------------
// The dues reports of the command line, as reports of the registry

/// The names a dues report prints, owned (a report outlives the book's reads).
#[derive(Clone, Debug)]
pub struct DuesBook {
    pub letterhead: Letterhead,
    pub members: Vec<Member>,
    pub types: Vec<ChargeType>,
    pub chart: Vec<Account>,
}

impl DuesBook {
    pub fn of(book: &Book) -> Result<DuesBook, BookError> {
        Ok(DuesBook {
            letterhead: Letterhead::of(book)?,
            members: book.members()?,
            types: book.charge_types()?,
            chart: book.chart().to_vec(),
        })
    }
    pub fn names(&self) -> DuesNames<'_> {
        DuesNames {
            association: &self.letterhead.name,
            members: &self.members,
            types: &self.types,
            chart: &self.chart,
        }
    }
}

/// A JSON text of the command line as a value, to serialise it unchanged.
pub(crate) fn json_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
}

/// `ayni dues types`: the charge types with the amount in force in `month`.
#[derive(Clone, Debug)]
pub struct ChargeTypes {
    pub letterhead: Letterhead,
    pub types: Vec<ChargeType>,
    pub month: Month,
    pub lang: Lang,
}

impl ChargeTypes {
    pub fn of(book: &Book, month: Month, lang: Lang) -> Result<ChargeTypes, BookError> {
        Ok(ChargeTypes {
            letterhead: Letterhead::of(book)?,
            types: book.charge_types()?,
            month,
            lang,
        })
    }
}

impl Serialize for ChargeTypes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&charge_types_json(&self.types, self.month, self.lang)).serialize(s)
    }
}

impl Report for ChargeTypes {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepChargeTypes.t(lang);
        csv_doc(
            self.letterhead.clone(),
            title,
            self.month.name(lang),
            "types",
            &csv,
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        charge_types_table(&self.types, self.month, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        charge_types_csv(&self.types, self.month, lang)
    }
    fn to_json(&self) -> String {
        charge_types_json(&self.types, self.month, self.lang) + "\n"
    }
}

/// `ayni dues owed`: what a member owes (every charge, with `all`) through a month.
#[derive(Clone, Debug)]
pub struct DuesOwed {
    pub letterhead: Letterhead,
    pub member: Member,
    pub through: Month,
    pub lines: Vec<ChargeLine>,
}

impl DuesOwed {
    pub fn of(
        book: &Book,
        member: &Member,
        through: Month,
        all: bool,
    ) -> Result<DuesOwed, BookError> {
        let lines = if all {
            book.member_charges(member.id, through)?
        } else {
            book.owed(member.id, through)?
        };
        Ok(DuesOwed {
            letterhead: Letterhead::of(book)?,
            member: member.clone(),
            through,
            lines,
        })
    }
}

impl Serialize for DuesOwed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&owed_json(&self.member, self.through, &self.lines)).serialize(s)
    }
}

impl Report for DuesOwed {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepDuesOwed.t(lang);
        csv_doc(
            self.letterhead.clone(),
            title,
            self.through.name(lang),
            "owed",
            &csv,
        )
        .headed(Some(member_line(&self.member)))
    }
    fn to_table(&self, lang: Lang) -> String {
        owed_table(&self.member, self.through, &self.lines, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        owed_csv(&self.lines, lang)
    }
    fn to_json(&self) -> String {
        owed_json(&self.member, self.through, &self.lines) + "\n"
    }
}

/// `ayni dues receipts`: the receipts of a day.
#[derive(Clone, Debug)]
pub struct DayReceipts {
    pub names: DuesBook,
    pub day: NaiveDate,
    pub receipts: Vec<Receipt>,
    pub lang: Lang,
}

impl DayReceipts {
    pub fn of(book: &Book, day: NaiveDate, lang: Lang) -> Result<DayReceipts, BookError> {
        Ok(DayReceipts {
            names: DuesBook::of(book)?,
            day,
            receipts: book.receipts_of_day(day)?,
            lang,
        })
    }
}

impl Serialize for DayReceipts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = day_receipts_json(self.day, &self.receipts, &self.names.names(), self.lang);
        json_value(&text).serialize(s)
    }
}

impl Report for DayReceipts {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let title = Msg::RepDayReceipts.t(lang);
        let period = format_date(self.day, lang);
        csv_doc(
            self.names.letterhead.clone(),
            title,
            period,
            "receipts",
            &csv,
        )
    }
    fn to_table(&self, lang: Lang) -> String {
        day_receipts_table(self.day, &self.receipts, &self.names.names(), lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        day_receipts_csv(&self.receipts, &self.names.names(), lang)
    }
    fn to_json(&self) -> String {
        day_receipts_json(self.day, &self.receipts, &self.names.names(), self.lang) + "\n"
    }
}

/// The collection of dues month by month, from `from` to `to`.
#[derive(Clone, Debug)]
pub struct DuesCollection {
    pub letterhead: Letterhead,
    pub months: Vec<(Month, Collection)>,
}

impl DuesCollection {
    pub fn of(book: &Book, from: Month, to: Month) -> Result<DuesCollection, BookError> {
        let mut months = Vec::new();
        let mut m = from;
        while m <= to {
            months.push((m, book.collection(m)?));
            m = m.next();
        }
        Ok(DuesCollection {
            letterhead: Letterhead::of(book)?,
            months,
        })
    }
}

impl Serialize for DuesCollection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json_value(&collection_json(&self.months)).serialize(s)
    }
}

impl Report for DuesCollection {
    fn to_doc(&self, lang: Lang) -> Doc {
        let csv = self.to_csv(lang);
        let period = match (self.months.first(), self.months.last()) {
            (Some((a, _)), Some((b, _))) => range_name(*a, *b, lang),
            _ => String::new(),
        };
        let title = Msg::RepCollection.t(lang);
        csv_doc(self.letterhead.clone(), title, period, "collection", &csv)
    }
    fn to_table(&self, lang: Lang) -> String {
        collection_table(&self.months, lang)
    }
    fn to_csv(&self, lang: Lang) -> String {
        collection_csv(&self.months, lang)
    }
    fn to_json(&self) -> String {
        collection_json(&self.months) + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(member: u32, name: &str, community: &str, months: usize, cents: i64) -> ArrearsRow {
        ArrearsRow {
            member,
            id_number: format!("17000000{member:02}"),
            name: name.to_string(),
            community: community.to_string(),
            months,
            amount: Money::from_cents(cents),
            oldest: Month::new(2026, 1).unwrap_or(Month::from_key(0)),
        }
    }

    #[test]
    fn sorts_and_filters_arrears() {
        let rows = vec![
            row(1, "Ñauta Rosa", "Peguche", 2, 1_600),
            row(2, "Álvarez Juan", "Cotama", 5, 1_500),
            row(3, "Cachimuel Ana", "peguche", 5, 4_000),
            row(4, "Bonilla Luis", "Ilumán", 1, 1_600),
        ];
        let ids = |v: Vec<ArrearsRow>| v.iter().map(|r| r.member).collect::<Vec<_>>();
        assert_eq!(
            ids(sort_and_filter(&rows, ArrearsSort::Amount, None)),
            vec![3, 1, 4, 2]
        );
        assert_eq!(
            ids(sort_and_filter(&rows, ArrearsSort::Months, None)),
            vec![3, 2, 1, 4]
        );
        assert_eq!(
            ids(sort_and_filter(&rows, ArrearsSort::Name, None)),
            vec![2, 4, 3, 1]
        );
        assert_eq!(
            ids(sort_and_filter(
                &rows,
                ArrearsSort::Amount,
                Some(" PEGUCHE ")
            )),
            vec![3, 1]
        );
        assert_eq!(
            ids(sort_and_filter(&rows, ArrearsSort::Name, Some("iluman"))),
            vec![4]
        );
        assert_eq!(sort_and_filter(&rows, ArrearsSort::Name, Some("")).len(), 4);
        assert!(sort_and_filter(&rows, ArrearsSort::Name, Some("Quito")).is_empty());
        assert_eq!(ArrearsSort::parse("meses"), Some(ArrearsSort::Months));
        assert_eq!(ArrearsSort::parse("Nombre"), Some(ArrearsSort::Name));
        assert_eq!(ArrearsSort::parse("x"), None);
    }

    #[test]
    fn formats_percentages_rates_and_months() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        let [es, en] = Lang::ALL;
        assert_eq!(percent_plain(d("66.666")), "66.67");
        assert_eq!(percent_plain(Decimal::ZERO), "0.00");
        assert_eq!(percent_text(d("5.5"), es), "5,50 %");
        assert_eq!(percent_text(d("5.5"), en), "5.50%");
        assert_eq!(decimal_text(d("15.50"), es), "15,5");
        assert_eq!(decimal_text(d("15.00"), en), "15");
        let m = Month::new(2026, 9).unwrap_or(Month::from_key(0));
        assert_eq!(month_text(m, es), "09/2026");
        assert_eq!(month_text(m, en), "2026-09");
    }

    #[test]
    fn collection_rate_has_two_decimals() {
        let c = Collection {
            charged: Money::from_cents(3_000),
            paid: Money::from_cents(1_000),
            waived: Money::ZERO,
        };
        assert_eq!(collection_rate(&c).map(percent_plain), Some("33.33".into()));
        assert_eq!(collection_rate(&Collection::default()), None);
    }
}
