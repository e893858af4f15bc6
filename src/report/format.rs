//! Formatting shared by every report: dates, months, percents, rates,
//! label-value blocks with their columns lined up, CSV and JSON text, and
//! cells made safe for the terminal and for spreadsheets.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::domain::account::Account;
use crate::domain::member::Member;
use crate::domain::money::round_cents;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};

pub use crate::report::render::{formula_like, month_short, range_name};
pub use crate::report::trial_balance::sheet_safe;

/// Lowercase without accents, for comparing names and communities the way people do.
pub(crate) fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        })
        .collect()
}

/// `2026-01-31`.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A month as people in the language write it: `09/2026` (es), `2026-09` (en).
pub fn month_text(m: Month, lang: Lang) -> String {
    Msg::RepMonthNumeric.fill(
        lang,
        &[
            ("mm", &format!("{:02}", m.month())),
            ("yyyy", &format!("{:04}", m.year())),
        ],
    )
}

pub(crate) fn dash() -> String {
    "—".to_string()
}

/// A percentage with two decimals and a point: `66.67`.
pub(crate) fn percent_plain(d: Decimal) -> String {
    format!("{:.2}", round_cents(d))
}

/// A percentage as people read it: `66,67 %` (es), `66.67%` (en).
pub(crate) fn percent_text(d: Decimal, lang: Lang) -> String {
    let p = decimal_point(&percent_plain(d), lang);
    Msg::RepPercent.fill(lang, &[("p", &p)])
}

/// A rate without trailing zeros in the language's style: `15`, `15,5` (es), `15.5` (en).
pub(crate) fn decimal_text(d: Decimal, lang: Lang) -> String {
    decimal_point(&d.normalize().to_string(), lang)
}

/// A number written with a point (`15.5`) in the language's decimal mark.
pub(crate) fn decimal_point(s: &str, lang: Lang) -> String {
    s.replace('.', Msg::RepDecimalPoint.t(lang))
}

/// An account's name in the language, by code (empty when the chart lacks it).
pub(crate) fn account_name<'a>(chart: &'a [Account], code: &str, lang: Lang) -> &'a str {
    chart
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.display_name(lang))
        .unwrap_or_default()
}

/// "Surnames Names — 1712345678 (#3)".
pub(crate) fn member_line(m: &Member) -> String {
    format!("{} — {} (#{})", m.full_name(), m.id_number, m.id)
}

/// Control and invisible characters written as their escape (`\u001b`), so
/// a text can never break the terminal.
pub(crate) fn printable(s: &str) -> String {
    crate::domain::text::visible(s).into_owned()
}

/// Label-value lines with the values lined up.
pub(crate) fn fields_block(fields: &[(&str, String)]) -> String {
    let w = fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (l, v) in fields {
        out.push_str(l);
        out.push_str(&" ".repeat(w - l.width() + 2));
        out.push_str(&printable(v));
        out.push('\n');
    }
    out
}

/// Label-value lines with the values (amounts) right-aligned in one column.
pub(crate) fn amounts_block(fields: &[(&str, String)]) -> String {
    let vw = fields.iter().map(|(_, v)| v.width()).max().unwrap_or(0);
    let padded: Vec<(&str, String)> = fields
        .iter()
        .map(|(l, v)| (*l, format!("{}{v}", " ".repeat(vw - v.width()))))
        .collect();
    fields_block(&padded)
}

/// CSV text from a header and rows of the same length.
pub(crate) fn write_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = w.write_record(header).is_ok();
    for r in rows {
        ok &= w.write_record(r).is_ok();
    }
    // Writing into memory cannot fail; every row has the header's length.
    match (ok, w.into_inner()) {
        (true, Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => String::new(),
    }
}

/// CSV text under a header from the catalogue (the columns' names
/// separated by commas) and rows of the same length.
pub(crate) fn csv_with_header(header: Msg, lang: Lang, rows: &[Vec<String>]) -> String {
    let header: Vec<&str> = header.t(lang).split(',').collect();
    write_csv(&header, rows)
}

/// Pretty JSON; our structs hold only strings, numbers and options, so this cannot fail.
pub(crate) fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".to_string())
}
