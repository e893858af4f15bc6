//! The month-close wizard: checks, the cash count, a preview of what the
//! close will post, the confirmation, and the summary.
//!
//! Everything is done by the books: the preview is the close itself run in a
//! transaction that is thrown away ([`Book::close_preview`]), and the close
//! posts an explained cash difference in its own transaction
//! ([`Book::close_month_explained`]), so a refusal leaves nothing half-done.

use super::app::{App, Input, Screen};
use super::keymap::Action;
use super::msg::Msg;
use crate::books::close::{CloseOptions, ClosePreview, CloseSummary};
use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::input;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, fill};
use crate::ui::widgets::text_input::{Filter, Refused, TextInput};

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Checks,
    Cash,
    Preview,
    Confirm,
    Done,
}

impl Step {
    /// 1 to 4 (the summary counts as the last).
    pub fn number(self) -> usize {
        match self {
            Step::Checks => 1,
            Step::Cash => 2,
            Step::Preview => 3,
            Step::Confirm | Step::Done => 4,
        }
    }
}

/// One line of the checks step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    pub ok: bool,
    pub title: String,
    /// What was found (shown for failures).
    pub detail: String,
}

/// The wizard's state.
#[derive(Clone, Debug, Default)]
pub struct CloseWizard {
    pub step: Step,
    /// The month to close: the one after the last closed.
    pub month: Option<Month>,
    pub closed_through: Option<Month>,
    pub checks: Vec<CheckLine>,
    /// Why the close cannot go on, in words (the first failed check).
    pub blocked: Option<String>,
    /// Cash in the book at the month's end.
    pub book_cash: Money,
    pub counted: Input,
    pub explanation: Input,
    /// 0: the counted cash; 1: the explanation.
    pub focus: usize,
    pub preview: Option<ClosePreview>,
    pub summary: Option<CloseSummary>,
    /// A refusal of the books, in words.
    pub error: Option<String>,
}

impl CloseWizard {
    /// The counted cash, when what was typed is an amount.
    pub fn counted_amount(&self) -> Option<Money> {
        input::amount(&self.counted.value).ok()
    }

    /// Counted minus book, when the count is typed.
    pub fn difference(&self) -> Option<Money> {
        self.counted_amount().map(|c| c - self.book_cash)
    }

    /// Whether the explanation is needed (a difference was counted).
    pub fn needs_explanation(&self) -> bool {
        self.difference().is_some_and(|d| !d.is_zero())
    }

    fn options(&self) -> CloseOptions {
        CloseOptions {
            cash_count: self.counted_amount(),
            ..CloseOptions::default()
        }
    }

    fn explanation(&self) -> Option<&str> {
        let t = self.explanation.value.trim();
        (self.needs_explanation() && !t.is_empty()).then_some(t)
    }
}

/// The month the next close is for: the one after the last closed, or the
/// month of the oldest entry when nothing is closed yet (the month before
/// the current one in an empty book).
pub fn month_to_close(book: &Book) -> Result<Month, BookError> {
    if let Some(c) = book.closed_through()? {
        return Ok(c.next());
    }
    let count = book.entry_count(None)? as usize;
    let oldest = if count > 0 {
        book.journal(&JournalFilter::default(), count - 1, 1)?
            .first()
            .map(|e| Month::of(e.date))
    } else {
        None
    };
    Ok(oldest.unwrap_or_else(|| Month::of(book.today()).prev()))
}

impl App {
    /// Opens the wizard on its first step, with the checks made.
    pub fn open_close(&mut self) {
        self.close = CloseWizard::default();
        // The cash count takes an amount only (as the cobro's amount).
        self.close.counted.value = TextInput::new().with_filter(Filter::Amount);
        self.screen = Screen::Close;
        if let Err(e) = self.close_load_checks() {
            let msg = e.message(self.lang);
            self.close.blocked = Some(msg);
        }
    }

    fn close_load_checks(&mut self) -> Result<(), BookError> {
        let lang = self.lang;
        let Some(book) = &self.book else {
            return Ok(());
        };
        let w = &mut self.close;
        let month = month_to_close(book)?;
        w.month = Some(month);
        w.closed_through = book.closed_through()?;
        w.book_cash = book.balance_of(CASH, month)?;
        let mut checks = Vec::new();
        let today = book.today();
        let ended = today >= month.last_day() || month < Month::of(today);
        checks.push(CheckLine {
            ok: ended,
            title: if ended {
                fill(
                    Msg::CloseEnded.t(lang),
                    &[("date", &format_date(month.last_day(), lang))],
                )
            } else {
                fill(
                    Msg::CloseNotEnded.t(lang),
                    &[("date", &format_date(month.last_day(), lang))],
                )
            },
            detail: String::new(),
        });
        let tb = book.trial_balance(month)?;
        checks.push(CheckLine {
            ok: tb.total_debit == tb.total_credit,
            title: fill(
                Msg::CloseTrial.t(lang),
                &[
                    ("debit", &tb.total_debit.localized(lang)),
                    ("credit", &tb.total_credit.localized(lang)),
                ],
            ),
            detail: String::new(),
        });
        let report = book.check()?;
        for item in &report.items {
            checks.push(CheckLine {
                ok: item.ok,
                title: item.title(lang).to_string(),
                detail: item.detail(lang).to_string(),
            });
        }
        let read_only = book.is_read_only();
        w.blocked = if read_only {
            Some(BookError::ReadOnly.message(lang))
        } else {
            checks.iter().find(|c| !c.ok).map(|c| {
                if c.detail.is_empty() {
                    c.title.clone()
                } else {
                    format!("{} — {}", c.title, c.detail)
                }
            })
        };
        w.checks = checks;
        Ok(())
    }

    /// A key in the wizard.
    pub(crate) fn update_close(&mut self, action: Action) {
        if action == Action::Help {
            self.help = true;
            return;
        }
        match self.close.step {
            Step::Checks => match action {
                Action::Submit | Action::NextField | Action::Open
                    if self.close.blocked.is_none() && self.close.month.is_some() =>
                {
                    self.close.step = Step::Cash;
                    self.close.focus = 0;
                }
                Action::Back | Action::No => self.close_leave(),
                _ => {}
            },
            Step::Cash => self.close_on_cash(action),
            Step::Preview => match action {
                Action::Submit | Action::NextField | Action::Open => {
                    self.close.step = Step::Confirm;
                    self.close.error = None;
                }
                Action::Back | Action::No => {
                    self.close.step = Step::Cash;
                    self.close.preview = None;
                }
                _ => {}
            },
            Step::Confirm => match action {
                Action::Yes | Action::Char('s' | 'S' | 'y' | 'Y') => self.close_commit(),
                Action::Back | Action::No | Action::Char('n' | 'N') => {
                    self.close.step = Step::Preview;
                    self.close.error = None;
                }
                _ => {}
            },
            Step::Done => match action {
                Action::Submit | Action::NextField | Action::Open | Action::Back => {
                    self.close_leave()
                }
                _ => {}
            },
        }
    }

    fn close_leave(&mut self) {
        self.close = CloseWizard::default();
        self.screen = Screen::Main;
        self.go_dashboard();
    }

    fn close_on_cash(&mut self, action: Action) {
        let lang = self.lang;
        let w = &mut self.close;
        match action {
            a if a.moves_cursor() => {
                let field = if w.focus == 0 {
                    &mut w.counted
                } else {
                    &mut w.explanation
                };
                let _ = a.apply_to(&mut field.value);
            }
            a if a.edit().is_some() => {
                let field = if w.focus == 0 {
                    &mut w.counted
                } else {
                    &mut w.explanation
                };
                field.error = match a.apply_to(&mut field.value) {
                    Some(Err(Refused::NotAllowed(_))) => {
                        Some(Msg::CobroDigitsOnly.t(lang).to_string())
                    }
                    Some(Err(r)) => Some(r.message(lang)),
                    _ => None,
                };
            }
            Action::PrevField | Action::Up => w.focus = 0,
            Action::NextField | Action::Down if w.focus == 0 && w.needs_explanation() => {
                w.focus = 1
            }
            Action::NextField | Action::Down => w.focus = 0,
            Action::Submit | Action::Open => self.close_cash_done(),
            Action::Back => {
                w.step = Step::Checks;
                w.error = None;
            }
            _ => {}
        }
        if !self.close.needs_explanation() {
            self.close.focus = 0;
        }
    }

    /// Enter on the cash count: the amount checked, a difference explained,
    /// then the preview.
    fn close_cash_done(&mut self) {
        let lang = self.lang;
        let w = &mut self.close;
        w.error = None;
        if let Err(e) = input::amount(&w.counted.value) {
            w.counted.error = Some(e.message(lang));
            w.focus = 0;
            return;
        }
        if w.needs_explanation() && w.explanation.value.trim().is_empty() {
            if w.focus == 0 {
                // Enter on the amount moves on to the explanation.
                w.focus = 1;
            } else {
                w.explanation.error = Some(Msg::CloseNeedsExplanation.t(lang).to_string());
            }
            return;
        }
        self.close_load_preview();
    }

    fn close_load_preview(&mut self) {
        let lang = self.lang;
        let Some(book) = &self.book else { return };
        let Some(month) = self.close.month else {
            return;
        };
        let w = &mut self.close;
        match book.close_preview(month, &w.options(), w.explanation()) {
            Ok(p) => {
                w.preview = Some(p);
                w.step = Step::Preview;
            }
            Err(e) => w.error = Some(e.message(lang)),
        }
    }

    /// Closes the month: the adjustment (if any), the close and the lock in
    /// one transaction; a refusal changes nothing and is shown in words.
    fn close_commit(&mut self) {
        let lang = self.lang;
        let Some(month) = self.close.month else {
            return;
        };
        let opts = self.close.options();
        let explanation = self.close.explanation().map(str::to_string);
        let Some(book) = self.book.as_mut() else {
            return;
        };
        match book.close_month_explained(month, &opts, explanation.as_deref()) {
            Ok(s) => {
                self.status = Some((
                    fill(Msg::CloseDone.t(lang), &[("month", &month.name(lang))]),
                    false,
                ));
                self.close.summary = Some(s);
                self.close.step = Step::Done;
                self.close.error = None;
                self.reload();
            }
            Err(e) => self.close.error = Some(e.message(lang)),
        }
    }
}

/// "sobrante" or "faltante" for a difference (counted minus book).
pub fn difference_kind(diff: Money, lang: Lang) -> &'static str {
    if diff.is_negative() {
        Msg::CloseShortfall.t(lang)
    } else {
        Msg::CloseSurplus.t(lang)
    }
}
