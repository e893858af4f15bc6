//! Money: US dollars with two decimals, on `rust_decimal`.
//!
//! A [`Money`] always holds a whole number of cents. Arithmetic that can produce
//! fractions of a cent happens on plain `Decimal`s and is rounded with
//! [`round_cents`] (half away from zero, like a spreadsheet's ROUND) only where
//! the amount is posted or scheduled.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

/// The largest amount ayni accepts anywhere: 999,999,999,999.99 dollars.
pub const MAX_CENTS: i64 = 99_999_999_999_999;

/// An amount of money in US dollars, always a whole number of cents.
///
/// Stored as an `i64` of cents (compact, exact); shown and parsed as a decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("the amount is empty")]
    Empty,
    #[error(
        "'{0}' is not an amount: only digits, one decimal separator and thousands separators are allowed"
    )]
    NotANumber(String),
    #[error("'{0}' has more than two decimals")]
    TooManyDecimals(String),
    #[error("'{0}' has misplaced thousands separators")]
    BadGrouping(String),
    #[error("'{0}' is too large (the maximum is 999,999,999,999.99)")]
    OutOfRange(String),
    #[error("'{0}' is ambiguous: write it without thousands separator, or with two decimals")]
    Ambiguous(String),
}

impl MoneyError {
    /// The error as a sentence in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            MoneyError::Empty => Msg::ErrMoneyEmpty.t(lang).into(),
            MoneyError::NotANumber(s) => Msg::ErrMoneyNotANumber.fill(lang, &[("text", &s)]),
            MoneyError::TooManyDecimals(s) => {
                Msg::ErrMoneyTooManyDecimals.fill(lang, &[("text", &s)])
            }
            MoneyError::BadGrouping(s) => Msg::ErrMoneyBadGrouping.fill(lang, &[("text", &s)]),
            MoneyError::OutOfRange(s) => Msg::ErrMoneyOutOfRange.fill(lang, &[("text", &s)]),
            MoneyError::Ambiguous(s) => Msg::ErrMoneyAmbiguous.fill(lang, &[("text", &s)]),
        }
    }
}

/// Rounds to cents, half away from zero.
pub fn round_cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// From a whole number of cents.
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// The number of cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Rounds a decimal to cents (half away from zero). `None` when out of range.
    pub fn from_decimal_rounded(d: Decimal) -> Option<Money> {
        let r = round_cents(d);
        let cents = (r * Decimal::ONE_HUNDRED).trunc();
        let c: i64 = cents.try_into().ok()?;
        if c.abs() > MAX_CENTS {
            return None;
        }
        Some(Money(c))
    }

    /// The amount as a `Decimal` with two decimals.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
    pub fn is_positive(self) -> bool {
        self.0 > 0
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Adds, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Parses an amount typed by a person or read from a file.
    ///
    /// Accepts `1234.56`, `1234,56`, `1.234,56`, `1,234.56`, `1234`, `-5,50` and
    /// `$ 12.00`. When a single separator is followed by exactly three digits
    /// (`1.234`, `1,234`) it is read as a thousands separator. Refuses letters,
    /// more than two decimals, misplaced separators and amounts beyond
    /// [`MAX_CENTS`].
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let original = input.trim();
        let mut s = original;
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let negative = if let Some(rest) = s.strip_prefix('-') {
            s = rest.trim_start();
            true
        } else {
            false
        };
        if let Some(rest) = s.strip_prefix('$') {
            s = rest.trim_start();
        }
        if s.is_empty() {
            return Err(MoneyError::NotANumber(original.to_string()));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(MoneyError::NotANumber(original.to_string()));
        }
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber(original.to_string()));
        }
        let dots = s.matches('.').count();
        let commas = s.matches(',').count();
        // Decide which character (if any) is the decimal separator.
        let decimal_sep: Option<char> = match (dots, commas) {
            (0, 0) => None,
            (_, 0) | (0, _) => {
                let sep = if dots > 0 { '.' } else { ',' };
                let count = dots + commas;
                let last = s.rfind(sep).unwrap_or(0);
                let after = s.len() - last - 1;
                if count == 1 && after == 3 {
                    // `1.500`: a thousand and five hundred, or one and a half? Never guess with money.
                    return Err(MoneyError::Ambiguous(original.to_string()));
                } else if count == 1 {
                    Some(sep)
                } else {
                    // Several of the same separator: grouping (`1.234.567`).
                    None
                }
            }
            _ => {
                // Both present: the one that comes last is the decimal separator.
                let last_dot = s.rfind('.').unwrap_or(0);
                let last_comma = s.rfind(',').unwrap_or(0);
                Some(if last_dot > last_comma { '.' } else { ',' })
            }
        };
        let (int_part, frac_part) = match decimal_sep {
            Some(sep) => {
                let idx = s.rfind(sep).unwrap_or(s.len());
                let frac = &s[idx + 1..];
                let int = &s[..idx];
                if int.contains(sep) {
                    return Err(MoneyError::BadGrouping(original.to_string()));
                }
                (int, frac)
            }
            None => (s, ""),
        };
        if frac_part.contains(['.', ',']) {
            return Err(MoneyError::BadGrouping(original.to_string()));
        }
        if frac_part.is_empty() && decimal_sep.is_some() {
            return Err(MoneyError::NotANumber(original.to_string()));
        }
        if frac_part.len() > 2 {
            return Err(MoneyError::TooManyDecimals(original.to_string()));
        }
        // The integer part: digits, optionally grouped by threes with one separator kind.
        let group_sep = match decimal_sep {
            Some('.') => ',',
            Some(_) => '.',
            None => {
                if dots > 0 {
                    '.'
                } else {
                    ','
                }
            }
        };
        if int_part.contains(if group_sep == '.' { ',' } else { '.' }) {
            return Err(MoneyError::BadGrouping(original.to_string()));
        }
        let digits: String = if int_part.contains(group_sep) {
            let groups: Vec<&str> = int_part.split(group_sep).collect();
            let first_ok = groups
                .first()
                .is_some_and(|g| !g.is_empty() && g.len() <= 3 && !g.starts_with('0'));
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return Err(MoneyError::BadGrouping(original.to_string()));
            }
            groups.concat()
        } else {
            int_part.to_string()
        };
        if digits.is_empty() {
            return Err(MoneyError::NotANumber(original.to_string()));
        }
        let digits = digits.trim_start_matches('0');
        if digits.len() > 12 {
            return Err(MoneyError::OutOfRange(original.to_string()));
        }
        let whole: i64 = if digits.is_empty() {
            0
        } else {
            digits
                .parse()
                .map_err(|_| MoneyError::NotANumber(original.to_string()))?
        };
        let frac: i64 = match frac_part.len() {
            0 => 0,
            1 => {
                frac_part
                    .parse::<i64>()
                    .map_err(|_| MoneyError::NotANumber(original.to_string()))?
                    * 10
            }
            _ => frac_part
                .parse()
                .map_err(|_| MoneyError::NotANumber(original.to_string()))?,
        };
        let cents = whole * 100 + frac;
        if cents > MAX_CENTS {
            return Err(MoneyError::OutOfRange(original.to_string()));
        }
        Ok(Money(if negative { -cents } else { cents }))
    }

    /// Plain form with a point and two decimals, no grouping: `-1234.50`.
    /// Used in JSON, CSV and journal exports.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// As a person reads it in the given language: `1.234,50` (es) or `1,234.50` (en).
    pub fn localized(self, lang: Lang) -> String {
        let (group, dec) = lang.number_marks();
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let whole = (a / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(ch);
        }
        format!("{sign}{grouped}{dec}{:02}", a % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.plain())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        self.0 -= o.0;
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}
impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let c = i64::deserialize(d)?;
        if c.abs() > MAX_CENTS {
            return Err(serde::de::Error::custom("amount out of range"));
        }
        Ok(Money(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<i64, MoneyError> {
        Money::parse(s).map(Money::cents)
    }

    #[test]
    fn accepts_the_four_written_forms() {
        for (text, cents) in [
            ("1234.56", 123_456),
            ("1234,56", 123_456),
            ("1.234,56", 123_456),
            ("1,234.56", 123_456),
            ("1.234.567,89", 123_456_789),
            ("1,234,567.89", 123_456_789),
        ] {
            assert_eq!(p(text), Ok(cents), "{text:?}");
        }
    }

    #[test]
    fn accepts_whole_and_short_forms() {
        for (text, cents) in [
            ("12", 1200),
            ("12,5", 1250),
            ("0.05", 5),
            (" 7 ", 700),
            ("$ 10,00", 1000),
            ("-5,50", -550),
            ("1.234.567", 123_456_700),
        ] {
            assert_eq!(p(text), Ok(cents), "{text:?}");
        }
    }

    #[test]
    fn refuses_bad_text() {
        assert_eq!(p(""), Err(MoneyError::Empty));
        assert!(matches!(p("abc"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p("12a"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p("1e5"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p(".5"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p("5."), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p("-"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(p("1.2345"), Err(MoneyError::TooManyDecimals(_))));
        assert!(matches!(p("12,345,6"), Err(MoneyError::BadGrouping(_))));
        assert!(matches!(p("1,23.45"), Err(MoneyError::BadGrouping(_))));
        assert!(matches!(p("1.234.56"), Err(MoneyError::BadGrouping(_))));
        assert!(matches!(
            p("12.34,567"),
            Err(MoneyError::TooManyDecimals(_))
        ));
        assert!(matches!(p("1000000000000"), Err(MoneyError::OutOfRange(_))));
        assert!(matches!(
            p("99999999999999999999999"),
            Err(MoneyError::OutOfRange(_))
        ));
    }

    #[test]
    fn three_decimals_are_refused() {
        assert!(matches!(p("10.1255"), Err(MoneyError::TooManyDecimals(_))));
        assert!(matches!(p("10.125"), Err(MoneyError::Ambiguous(_))));
        assert!(matches!(p("0,001"), Err(MoneyError::Ambiguous(_))));
        assert!(matches!(p("1,234"), Err(MoneyError::Ambiguous(_))));
        assert!(matches!(p("0.001.000"), Err(MoneyError::BadGrouping(_))));
    }

    #[test]
    fn formats_per_language() {
        let m = Money::from_cents(123_456_789);
        assert_eq!(m.localized(Lang::Es), "1.234.567,89");
        assert_eq!(m.localized(Lang::En), "1,234,567.89");
        assert_eq!(Money::from_cents(-5).localized(Lang::Es), "-0,05");
        assert_eq!(Money::from_cents(-123_450).plain(), "-1234.50");
        assert_eq!(Money::ZERO.plain(), "0.00");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        use std::str::FromStr;
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(round_cents(d("2.345")), d("2.35"));
        assert_eq!(round_cents(d("-2.345")), d("-2.35"));
        assert_eq!(round_cents(d("2.344")), d("2.34"));
        assert_eq!(
            Money::from_decimal_rounded(d("12.505")),
            Some(Money::from_cents(1251))
        );
    }

    #[test]
    fn messages_in_both_languages() {
        let e = MoneyError::TooManyDecimals("1.234".into());
        assert!(e.message(Lang::Es).contains("más de dos decimales"));
        assert!(e.message(Lang::En).contains("more than two decimals"));
    }

    proptest::proptest! {
        #[test]
        fn localized_text_parses_back(c in -MAX_CENTS..=MAX_CENTS) {
            let m = Money::from_cents(c);
            proptest::prop_assert_eq!(Money::parse(&m.localized(Lang::Es)), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.localized(Lang::En)), Ok(m));
            proptest::prop_assert_eq!(Money::parse(&m.plain()), Ok(m));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Money::parse(&s);
        }
    }
}
