//! What people type, read the same way by both front ends.
//!
//! The command line and the interface call these functions, and nothing
//! else, to read an amount, a rate, a percentage, a number of months, a
//! month or a date, so a value one accepts the other accepts too, with the
//! same message when it is refused. The rules:
//!
//! - **Amount** ([`amount`]): dollars with at most two decimals, the decimal
//!   comma or point, optional thousands separators: `1234.56`, `1234,56`,
//!   `1.234,56`, `1,234.56`, `$ 25`; an amount that reads two ways (`1.500`)
//!   is refused rather than guessed (see [`Money::parse`]).
//! - **Rate** ([`rate`]): a nominal annual rate in percent from 0 to 100:
//!   digits with at most one decimal comma or point and an optional `%`
//!   (`15`, `15,5`, `15.5`, `15 %`). No sign, no thousands separator.
//! - **Percent** ([`percent`]): the same shape, from 0 to 100, with at most
//!   two decimals (`10`, `2,5`, `12.25 %`).
//! - **Multiple** ([`multiple`]): the same shape, above 0 and at most 1000
//!   (`3`, `2,5`: times a member's savings).
//! - **Months** ([`months`]): a whole number of months (`12`). The range
//!   (1 to 360 for a loan, a product's maximum) is the operation's rule; a
//!   negative number is refused with the words of that rule.
//! - **Month** ([`month`]): `2026-03` or `03/2026`.
//! - **Date** ([`date`]): `2026-01-31`, `31/01/2026` or `31-01-2026`, a day
//!   that exists, year 1900 to 2200.
//!
//! Spaces around the text never matter. Every function returns an
//! [`InputError`] whose [`InputError::message`] is a sentence in Spanish or
//! English; none panics, whatever the text.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::date::{DateError, parse_date};
use crate::domain::loan::LoanError;
use crate::domain::money::{Money, MoneyError};
use crate::domain::period::{Month, MonthError};
use crate::domain::text::visible;
use crate::i18n::{Lang, Msg};

/// Why a typed text is not the value asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Amount(#[from] MoneyError),
    #[error("'{0}' is not a rate from 0 to 100")]
    Rate(String),
    #[error("'{0}' is not a percentage from 0 to 100")]
    Percent(String),
    #[error("'{0}' is not a multiple above 0")]
    Multiple(String),
    #[error("'{0}' is not a number of months")]
    Months(String),
    /// A negative number of months: refused with the words of the term's range.
    #[error("the term must be 1 to 360 months")]
    NegativeMonths(String),
    #[error(transparent)]
    Month(#[from] MonthError),
    #[error(transparent)]
    Date(#[from] DateError),
}

impl InputError {
    /// The refusal as a sentence in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InputError::Amount(e) => e.message(lang),
            InputError::Month(e) => e.message(lang),
            InputError::Date(e) => e.message(lang),
            InputError::NegativeMonths(_) => LoanError::BadTerm.message(lang),
            InputError::Rate(t) => Msg::ErrInputRate.fill(lang, &[("visible", &visible(t))]),
            InputError::Percent(t) => Msg::ErrInputPercent.fill(lang, &[("visible", &visible(t))]),
            InputError::Multiple(t) => {
                Msg::ErrInputMultiple.fill(lang, &[("visible", &visible(t))])
            }
            InputError::Months(t) => Msg::ErrInputMonths.fill(lang, &[("visible", &visible(t))]),
        }
    }
}

/// An amount of money (see the module's rules). Its sign and zero are left
/// to the operation, which refuses them in its own words.
pub fn amount(text: &str) -> Result<Money, InputError> {
    Ok(Money::parse(text)?)
}

/// A nominal annual rate in percent, 0 to 100.
pub fn rate(text: &str) -> Result<Decimal, InputError> {
    plain_decimal(text)
        .filter(|d| *d <= Decimal::ONE_HUNDRED)
        .ok_or_else(|| InputError::Rate(text.trim().to_string()))
}

/// A percentage, 0 to 100, with at most two decimals.
pub fn percent(text: &str) -> Result<Decimal, InputError> {
    plain_decimal(text)
        .filter(|d| *d <= Decimal::ONE_HUNDRED && d.normalize().scale() <= 2)
        .ok_or_else(|| InputError::Percent(text.trim().to_string()))
}

/// A multiple above 0 and at most 1000 (of a member's savings).
pub fn multiple(text: &str) -> Result<Decimal, InputError> {
    plain_decimal(text)
        .filter(|d| *d > Decimal::ZERO && *d <= Decimal::from(1000))
        .ok_or_else(|| InputError::Multiple(text.trim().to_string()))
}

/// A whole number of months. Zero and a number beyond the operation's limit
/// are left to the operation; a negative number is refused with its words.
pub fn months(text: &str) -> Result<u32, InputError> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = t.strip_prefix('-')
        && digits(rest)
    {
        return Err(InputError::NegativeMonths(t.to_string()));
    }
    if !digits(t) {
        return Err(InputError::Months(t.to_string()));
    }
    t.parse::<u32>()
        .map_err(|_| InputError::Months(t.to_string()))
}

/// A calendar month: `2026-03` or `03/2026`.
pub fn month(text: &str) -> Result<Month, InputError> {
    Ok(Month::parse(text)?)
}

/// A date: `2026-01-31`, `31/01/2026` or `31-01-2026`.
pub fn date(text: &str) -> Result<NaiveDate, InputError> {
    Ok(parse_date(text)?)
}

/// Digits with at most one decimal comma or point between digits, then an
/// optional `%` (spaces before it allowed). No sign, no grouping; at most 20
/// characters.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    if t.is_empty() || t.len() > 20 {
        return None;
    }
    let (whole, frac) = match t.find([',', '.']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    let plain = match frac {
        Some(f) => format!("{whole}.{f}"),
        None => whole.to_string(),
    };
    plain.parse::<Decimal>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::percent_text;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn rates_parse_as_people_type_them() {
        for t in ["15", "15,5", "15.5", "15 %", "15,5%", " 15.5 % "] {
            assert!(rate(t).is_ok(), "{t}");
        }
        assert_eq!(rate("15,5"), Ok(dec("15.5")));
        assert_eq!(rate("15 %"), Ok(dec("15")));
        assert_eq!(rate("0"), Ok(Decimal::ZERO));
        assert_eq!(rate("100"), Ok(Decimal::ONE_HUNDRED));
        assert_eq!(rate("15.8734"), Ok(dec("15.8734")));
        // No rate is a thousand: `1,000` can only be one.
        assert_eq!(rate("1,000"), Ok(Decimal::ONE));
        for t in [
            "", "%", "-1", "+15", "150", "100.01", "15%%", "1.5.5", "1,5.5", ".5", "5.", "quince",
            "1 5", "15 % %",
        ] {
            assert_eq!(
                rate(t),
                Err(InputError::Rate(t.trim().to_string())),
                "{t:?}"
            );
        }
    }

    #[test]
    fn percentages_parse_as_people_type_them() {
        assert_eq!(percent("2,5"), Ok(dec("2.5")));
        assert_eq!(percent(" 10 % "), Ok(dec("10")));
        assert_eq!(percent("100"), Ok(dec("100")));
        assert_eq!(percent("12.50"), Ok(dec("12.5")));
        for t in ["100.01", "-1", "1.2.3", "0,125", "", "120", "diez", "10%%"] {
            assert!(percent(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn multiples_are_above_zero() {
        assert_eq!(multiple("2,5"), Ok(dec("2.5")));
        assert_eq!(multiple("1000"), Ok(dec("1000")));
        for t in ["0", "0,0", "1000.5", "-2", "tres"] {
            assert!(multiple(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn months_are_whole_numbers() {
        assert_eq!(months("12"), Ok(12));
        assert_eq!(months(" 12 "), Ok(12));
        assert_eq!(months("0"), Ok(0));
        assert_eq!(months("999999"), Ok(999_999));
        assert_eq!(months("-3"), Err(InputError::NegativeMonths("-3".into())));
        for t in ["", "doce", "+12", "1.5", "12 meses", "1234567", "-", "--3"] {
            assert_eq!(months(t), Err(InputError::Months(t.trim().into())), "{t:?}");
        }
    }

    #[test]
    fn months_and_dates_use_the_domain_parsers() {
        assert_eq!(month("2026-03").ok(), Month::new(2026, 3));
        assert_eq!(month("03/2026").ok(), Month::new(2026, 3));
        assert!(matches!(month("marzo"), Err(InputError::Month(_))));
        assert_eq!(
            date("31/01/2026").ok(),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        assert!(matches!(date("2026-02-30"), Err(InputError::Date(_))));
        assert!(matches!(
            amount("1.500"),
            Err(InputError::Amount(MoneyError::Ambiguous(_)))
        ));
    }

    #[test]
    fn messages_in_both_languages_name_the_text() {
        let cases = [
            (
                rate("150").err(),
                "«150» no es una tasa",
                "'150' is not a rate",
            ),
            (
                percent("120").err(),
                "«120» no es un porcentaje",
                "'120' is not a percentage",
            ),
            (
                months("doce").err(),
                "«doce» no es un plazo",
                "'doce' is not a term",
            ),
            (
                multiple("0").err(),
                "«0» no es un número de veces",
                "'0' is not a multiple",
            ),
            (
                months("-3").err(),
                "El plazo debe ser de 1 a 360 meses.",
                "The term must be 1 to 360 months.",
            ),
            (
                amount("mil").err(),
                "«mil» no es un valor",
                "'mil' is not an amount",
            ),
            (
                month("2026-13").err(),
                "«2026-13» no es un mes",
                "'2026-13' is not a month",
            ),
            (
                date("hoy").err(),
                "«hoy» no es una fecha válida",
                "'hoy' is not a valid date",
            ),
        ];
        for (result, es, en) in cases {
            let e = result.map(|e| (e.message(Lang::Es), e.message(Lang::En)));
            let (got_es, got_en) = e.unwrap_or_default();
            assert!(got_es.contains(es), "{got_es}");
            assert!(got_en.contains(en), "{got_en}");
        }
        // A control character typed in is never echoed raw.
        let m = rate("1\u{1b}5")
            .err()
            .map(|e| e.message(Lang::En))
            .unwrap_or_default();
        assert!(!m.contains('\u{1b}') && m.contains("\\u001b"), "{m}");
    }

    /// Rates and percentages with up to `scale` decimals, 0 to 100.
    fn hundredths(scale: u32) -> impl Strategy<Value = Decimal> {
        let top = 100 * 10i64.pow(scale);
        (0..=top).prop_map(move |n| Decimal::new(n, scale))
    }

    proptest! {
        #[test]
        fn a_shown_rate_parses_back(d in hundredths(4), pct in any::<bool>()) {
            for lang in [Lang::Es, Lang::En] {
                let shown = percent_text(d, lang);
                let typed = if pct { format!("{shown} %") } else { shown };
                prop_assert_eq!(rate(&typed), Ok(d));
            }
        }

        #[test]
        fn a_shown_percent_parses_back(d in hundredths(2)) {
            for lang in [Lang::Es, Lang::En] {
                prop_assert_eq!(percent(&percent_text(d, lang)), Ok(d));
            }
        }

        #[test]
        fn a_shown_amount_parses_back(c in -crate::domain::money::MAX_CENTS..=crate::domain::money::MAX_CENTS) {
            let m = Money::from_cents(c);
            for lang in [Lang::Es, Lang::En] {
                prop_assert_eq!(amount(&m.localized(lang)), Ok(m));
            }
            prop_assert_eq!(amount(&m.plain()), Ok(m));
        }

        #[test]
        fn a_shown_date_parses_back(n in 693_596i32..=803_533) {
            // Every day from 1900-01-01 to 2200-12-31.
            let d = NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default();
            for lang in [Lang::Es, Lang::En] {
                prop_assert_eq!(date(&crate::domain::date::format_date(d, lang)), Ok(d));
            }
            let m = Month::of(d);
            prop_assert_eq!(month(&m.to_string()), Ok(m));
            prop_assert_eq!(month(&format!("{:02}/{}", d.month(), d.year())), Ok(m));
        }

        #[test]
        fn a_term_parses_back(n in 0u32..=999_999) {
            prop_assert_eq!(months(&n.to_string()), Ok(n));
        }

        #[test]
        fn garbage_never_panics(s in "\\PC{0,30}", raw in proptest::collection::vec(any::<char>(), 0..30)) {
            let raw: String = raw.into_iter().collect();
            for t in [s.as_str(), raw.as_str()] {
                let _ = amount(t).map_err(|e| e.message(Lang::Es));
                let _ = rate(t).map_err(|e| e.message(Lang::En));
                let _ = percent(t).map_err(|e| e.message(Lang::Es));
                let _ = multiple(t).map_err(|e| e.message(Lang::En));
                let _ = months(t).map_err(|e| e.message(Lang::Es));
                let _ = month(t).map_err(|e| e.message(Lang::En));
                let _ = date(t).map_err(|e| e.message(Lang::Es));
            }
        }

        /// What a rate or percent accepts is exactly the plain decimal shape
        /// within its range, whatever the text.
        #[test]
        fn rate_and_percent_agree_with_their_rule(s in "[0-9.,% -]{0,8}") {
            match (rate(&s), percent(&s)) {
                (Ok(r), Ok(p)) => prop_assert_eq!(r, p),
                (Err(_), Ok(p)) => prop_assert!(false, "percent {} but no rate for {:?}", p, s),
                (Ok(r), Err(_)) => prop_assert!(r.normalize().scale() > 2, "{:?}", s),
                (Err(_), Err(_)) => {}
            }
        }
    }
}
