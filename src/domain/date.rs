//! Dates: parsing what people type, and a compact stored form.

use chrono::{Datelike, NaiveDate};

use crate::i18n::{Lang, Msg};

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)")]
pub struct DateError(pub String);

impl DateError {
    pub fn message(&self, lang: Lang) -> String {
        let typed = crate::domain::text::visible(&self.0);
        Msg::ErrDate.fill(lang, &[("typed", &typed)])
    }
}

/// Parses `2026-01-31`, `31/01/2026` or `31-01-2026`. A day that does not exist
/// (`2026-02-30`) is an error.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let t = s.trim();
    let err = || DateError(t.to_string());
    if t.len() > 10 {
        return Err(err());
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or_else(err)
}

/// A date as people in the language read it: 31/01/2026 (es) or 2026-01-31 (en).
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    d.format(lang.date_format()).to_string()
}

/// Serde helpers that store a date as its day number (compact, order-preserving).
pub mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(d.num_days_from_ce())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| serde::de::Error::custom("day number out of range"))
    }

    /// The same for an optional date.
    pub mod opt {
        use super::*;
        pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&d.num_days_from_ce()),
                None => s.serialize_none(),
            }
        }
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<i32>::deserialize(d)? {
                None => Ok(None),
                Some(n) => NaiveDate::from_num_days_from_ce_opt(n)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom("day number out of range")),
            }
        }
    }
}

/// The last day of the month of `d`.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Adds `n` months to `d`, clamping the day to the month's last day.
pub fn add_months_clamped(d: NaiveDate, n: u32) -> Option<NaiveDate> {
    let total = d.year() * 12 + d.month0() as i32 + n as i32;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = month_end(y, m)?.day();
    NaiveDate::from_ymd_opt(y, m, d.day().min(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31);
        assert_eq!(parse_date("2026-01-31").ok(), d);
        assert_eq!(parse_date("31/01/2026").ok(), d);
        assert_eq!(parse_date("31-01-2026").ok(), d);
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("31/04/2026").is_err());
        assert!(parse_date("hoy").is_err());
        assert!(parse_date("").is_err());
        assert!(parse_date("0001-01-01").is_err());
    }

    #[test]
    fn clamps_month_ends() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or_default();
        assert_eq!(
            add_months_clamped(d, 1),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            add_months_clamped(d, 2),
            NaiveDate::from_ymd_opt(2024, 3, 31)
        );
        assert_eq!(
            add_months_clamped(d, 13),
            NaiveDate::from_ymd_opt(2025, 2, 28)
        );
    }
}
