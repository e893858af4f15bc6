//! A computer whose date was set back (a flat clock battery, a wrong
//! setting) would date new work before what the book already holds: a
//! payment "in June 2025" when October 2026 is closed. Such a date is
//! recognised from the book itself, and said in words naming both dates,
//! instead of a refusal that blames the month ("June 2025 is closed").

use chrono::{DateTime, NaiveDate};

use super::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::store::StoreRead;

/// The computer's date is before what the book already holds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the computer's date {today} is before the book's {book_date}")]
pub struct ClockBehind {
    /// Today, on the program's clock.
    pub today: NaiveDate,
    /// The book's own date that today is before: the day the last closed
    /// month was closed, or the day the last entry was recorded.
    pub book_date: NaiveDate,
    /// The last closed month, when today falls in it or before it.
    pub closed: Option<Month>,
}

impl ClockBehind {
    pub fn message(&self, lang: Lang) -> String {
        let today = format_date(self.today, lang);
        let date = format_date(self.book_date, lang);
        match self.closed {
            Some(m) => Msg::ErrClockBehindClosed.fill(
                lang,
                &[("today", &today), ("month", &m.name(lang)), ("date", &date)],
            ),
            None => Msg::ErrClockBehindEntry.fill(lang, &[("today", &today), ("date", &date)]),
        }
    }
}

/// A stored instant (seconds, the local time read as UTC) as its day.
fn day_of(ts: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(ts, 0).map(|t| t.naive_utc().date())
}

impl Book {
    /// Whether today, on the program's clock, is certainly before what the
    /// book holds: it falls in (or before) the last closed month (a month is
    /// closed only once it has ended), or it is before the day the last entry
    /// was recorded, or before that entry's month (no entry is posted to a
    /// month still to come).
    pub fn clock_behind(&self) -> Result<Option<ClockBehind>, BookError> {
        let today = self.today();
        let tx = self.store().read()?;
        if let Some(c) = self.closed_through()?
            && Month::of(today) <= c
        {
            let closed_on = tx
                .closed_months()?
                .iter()
                .filter(|m| m.month == c)
                .find_map(|m| day_of(m.closed_at))
                .unwrap_or(c.last_day());
            return Ok(Some(ClockBehind {
                today,
                book_date: closed_on.max(c.last_day()),
                closed: Some(c),
            }));
        }
        let last = tx
            .meta_get::<u64>("next_entry_id")?
            .unwrap_or(1)
            .saturating_sub(1);
        if last == 0 {
            return Ok(None);
        }
        let Some(entry) = tx.entry(last)? else {
            return Ok(None);
        };
        let recorded = day_of(entry.recorded_at).unwrap_or(entry.date);
        if recorded > today {
            return Ok(Some(ClockBehind {
                today,
                book_date: recorded,
                closed: None,
            }));
        }
        if Month::of(entry.date) > Month::of(today) {
            return Ok(Some(ClockBehind {
                today,
                book_date: entry.date,
                closed: None,
            }));
        }
        Ok(None)
    }

    /// Refuses to write with a clock that is behind the book (see
    /// [`Book::clock_behind`]).
    pub fn check_clock(&self) -> Result<(), BookError> {
        match self.clock_behind()? {
            Some(b) => Err(BookError::Clock(b)),
            None => Ok(()),
        }
    }
}
