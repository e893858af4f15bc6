//! The one clock. Every date and time ayni reads comes from here, in the
//! computer's local time (a payment at 20:00 on the 31st in Ecuador, UTC−5,
//! belongs to that month whatever the time is in UTC).
//!
//! The clock can be moved, never frozen: `AYNI_NOW=2026-11-18T10:30` (or a
//! date alone, meaning 10:00 that day) starts the program's clock at that
//! local time and lets it run from there. Trainers use it to hold a class "on"
//! a given day; the tests use it (and [`pin`]) so that a book built by a test
//! is the same whatever day the suite runs.

use std::sync::OnceLock;

use chrono::{Local, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// The environment variable that moves the clock.
pub const ENV: &str = "AYNI_NOW";

/// How far the program's clock is from the computer's: zero unless moved.
static SHIFT: OnceLock<TimeDelta> = OnceLock::new();

/// Why `AYNI_NOW` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{ENV}={0} is not a local date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])")]
pub struct ClockError(pub String);

/// Reads a local date and time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`,
/// `YYYY-MM-DDTHH:MM:SS` (a space may replace the `T`).
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN)))
}

fn system_now() -> NaiveDateTime {
    Local::now().naive_local()
}

fn shift_from_env() -> Result<TimeDelta, ClockError> {
    match std::env::var(ENV) {
        Ok(v) if !v.trim().is_empty() => parse(&v).map(|t| t - system_now()).ok_or(ClockError(v)),
        _ => Ok(TimeDelta::zero()),
    }
}

/// Reads `AYNI_NOW` once, at the start of the program; an unreadable value is
/// an error for the program to report (the clock then stays the computer's).
pub fn init() -> Result<(), ClockError> {
    let shift = shift_from_env();
    let _ = SHIFT.set(*shift.as_ref().unwrap_or(&TimeDelta::zero()));
    shift.map(|_| ())
}

/// Starts the clock at `at` for the rest of the process (tests). The first
/// call wins; later calls, and `AYNI_NOW`, change nothing once it is set.
pub fn pin(at: NaiveDateTime) {
    let _ = SHIFT.set(at - system_now());
}

/// Now, in local time.
pub fn now() -> NaiveDateTime {
    let shift = SHIFT.get_or_init(|| shift_from_env().unwrap_or_else(|_| TimeDelta::zero()));
    system_now() + *shift
}

/// Today, in local time.
pub fn today() -> NaiveDate {
    now().date()
}

/// A stamp for file names: `YYYYMMDD-HHMMSS` in local time.
pub fn stamp() -> String {
    now().format("%Y%m%d-%H%M%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        let t = |s| parse(s).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
        assert_eq!(t("2026-12-31T23:40"), Some("2026-12-31 23:40:00".into()));
        assert_eq!(t("2028-02-29 22:00:05"), Some("2028-02-29 22:00:05".into()));
        assert_eq!(t(" 2026-03-01 "), Some("2026-03-01 10:00:00".into()));
        assert_eq!(t("2027-02-29"), None);
        assert_eq!(t("31/12/2026"), None);
        assert_eq!(t(""), None);
    }
}
