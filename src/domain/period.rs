//! Accounting periods: calendar months.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

/// A calendar month, stored as `year * 12 + (month - 1)` so months order and
/// subtract naturally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(u32);

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a month (use YYYY-MM)")]
pub struct MonthError(pub String);

impl MonthError {
    pub fn message(&self, lang: Lang) -> String {
        Msg::ErrMonth.fill(lang, &[("typed", &self.0)])
    }
}

impl Month {
    /// `None` when the month number is not 1-12 or the year is outside 1900-2200.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(Month(year as u32 * 12 + month - 1))
    }
    pub fn of(d: NaiveDate) -> Month {
        Month(d.year().clamp(1900, 2200) as u32 * 12 + d.month0())
    }
    /// From the stored key.
    pub fn from_key(k: u32) -> Month {
        Month(k)
    }
    /// The stored key (orders like the months).
    pub fn key(self) -> u32 {
        self.0
    }
    pub fn year(self) -> i32 {
        (self.0 / 12) as i32
    }
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }
    pub fn next(self) -> Month {
        Month(self.0.saturating_add(1))
    }
    pub fn prev(self) -> Month {
        Month(self.0.saturating_sub(1))
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or_default()
    }
    pub fn last_day(self) -> NaiveDate {
        crate::domain::date::month_end(self.year(), self.month()).unwrap_or_default()
    }
    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }
    /// Parses `2026-03` (also `03/2026`).
    pub fn parse(s: &str) -> Result<Month, MonthError> {
        let t = s.trim();
        let err = || MonthError(t.to_string());
        let (y, m) = if let Some((y, m)) = t.split_once('-') {
            (y, m)
        } else if let Some((m, y)) = t.split_once('/') {
            (y, m)
        } else {
            return Err(err());
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(err());
        }
        let y: i32 = y.parse().map_err(|_| err())?;
        let m: u32 = m.parse().map_err(|_| err())?;
        Month::new(y, m).ok_or_else(err)
    }
    /// "marzo 2026" / "March 2026".
    pub fn name(self, lang: Lang) -> String {
        let idx = (self.month() - 1) as usize;
        format!(
            "{} {}",
            crate::i18n::labels::MONTHS[idx].t(lang),
            self.year()
        )
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{:04}-{:02}", self.year(), self.month()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m = Month::parse("2026-03").ok();
        assert_eq!(m, Month::new(2026, 3));
        assert_eq!(m.map(|m| m.to_string()), Some("2026-03".to_string()));
        assert_eq!(Month::parse("3/2026").ok(), Month::new(2026, 3));
        assert!(Month::parse("2026-13").is_err());
        assert!(Month::parse("2026").is_err());
        assert!(Month::parse("marzo").is_err());
    }

    #[test]
    fn steps_across_years() {
        let dec = Month::new(2025, 12).unwrap_or(Month(0));
        assert_eq!(dec.next(), Month::new(2026, 1).unwrap_or(Month(0)));
        assert_eq!(dec.next().prev(), dec);
        assert_eq!(dec.last_day().to_string(), "2025-12-31");
        assert_eq!(dec.name(Lang::Es), "diciembre 2025");
    }
}
