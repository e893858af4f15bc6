//! Loan-loss provisions in the books: the percentages (a setting of the
//! book), the provision the portfolio requires at a month's end, and the
//! close's adjustment of account 1499 to it (see
//! [`crate::domain::provision`] for the rule).

use serde::{Deserialize, Serialize};

use super::{Book, BookError};
use crate::books::check::{CheckItem, Finding};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::provision::{
    ProvisionAdjustment, RequiredProvision, adjust_provision, required_provision,
};
use crate::domain::settings::{ProvisionRates, Settings};
use crate::i18n::Lang;
use crate::store::{StoreRead, WriteTx};

/// Provisiones para créditos incobrables: the allowance for loan losses
/// (a contra account of the portfolio, with a credit balance).
pub const PROVISIONS: &str = "1499";
/// The provision expense (CUC 4402, Provisiones: cartera de créditos).
pub const PROVISION_EXPENSE: &str = "4402";
/// Recoveries of financial assets (CUC 5604): provisions of earlier years
/// released.
pub const PROVISION_REVERSAL: &str = "5604";
/// The meta key holding the book's [`ProvisionRates`].
const RATES_KEY: &str = "provision_rates";
/// The meta key holding what the last close provisioned ([`ProvisionRecord`]).
const LAST_CLOSE_KEY: &str = "provision_last_close";

/// What the last close provisioned, kept so that `ayni check` can
/// recompute it with the percentages then in force (they may change later).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ProvisionRecord {
    pub month: Month,
    pub rates: ProvisionRates,
    /// The required provision, in cents.
    pub required: i64,
    /// 1499's credit balance at the month's end after the adjustment, in cents.
    pub held_after: i64,
}

/// The provision of a month's close: what was required, what 1499 held
/// before, and the adjustment posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProvisionFigures {
    pub month: Month,
    pub required: RequiredProvision,
    /// 1499's credit balance at the month's end before the adjustment.
    pub held: Money,
    pub adjustment: ProvisionAdjustment,
}

/// Credit minus debit of the accounts under `prefix` in `totals`.
fn credit_balance(totals: &std::collections::BTreeMap<String, (i64, i64)>, prefix: &str) -> i64 {
    totals
        .iter()
        .filter(|(code, _)| code.starts_with(prefix))
        .map(|(_, (d, c))| c - d)
        .sum()
}

/// What the provision can give up in `from` without turning into a debit
/// balance at the end of that month or any later one through `to`: the
/// smallest credit balance of 1499 at those month ends (never negative).
pub(crate) fn provision_available(
    tx: &impl StoreRead,
    from: Month,
    to: Month,
) -> Result<Money, BookError> {
    let mut running = credit_balance(&tx.totals_through(from)?, PROVISIONS);
    let mut least = running;
    let mut k = from;
    while k < to {
        k = k.next();
        running += credit_balance(&tx.totals_of_month(k)?, PROVISIONS);
        least = least.min(running);
    }
    Ok(Money::from_cents(least.max(0)))
}

impl Book {
    /// The book's provision percentages (the defaults until they are set).
    pub fn provision_rates(&self) -> Result<ProvisionRates, BookError> {
        Ok(self
            .store()
            .read()?
            .meta_get::<ProvisionRates>(RATES_KEY)?
            .unwrap_or_default())
    }

    /// Sets the provision percentages, after checking them. They apply from
    /// the next close on; closed months keep what they posted.
    pub fn set_provision_rates(
        &mut self,
        rates: ProvisionRates,
    ) -> Result<ProvisionRates, BookError> {
        self.check_writable()?;
        let rates = rates.validate()?;
        let tx = self.store().write()?;
        tx.meta_put(RATES_KEY, &rates)?;
        tx.commit()?;
        Ok(rates)
    }

    /// Saves the association's settings and the provision percentages
    /// together (the interface's settings form), both checked first: either
    /// both are saved or neither.
    pub fn update_settings_and_provisions(
        &mut self,
        settings: Settings,
        rates: ProvisionRates,
    ) -> Result<(Settings, ProvisionRates), BookError> {
        self.check_writable()?;
        let settings = settings.validate()?;
        let rates = rates.validate()?;
        let tx = self.store().write()?;
        tx.meta_put("settings", &settings)?;
        tx.meta_put(RATES_KEY, &rates)?;
        tx.commit()?;
        Ok((settings, rates))
    }

    /// The provision the portfolio requires at the end of `month` (loans as
    /// they stood on its last day), and what 1499 holds then.
    pub fn provision_at(&self, month: Month) -> Result<(RequiredProvision, Money), BookError> {
        let tx = self.store().read()?;
        let rates = tx
            .meta_get::<ProvisionRates>(RATES_KEY)?
            .unwrap_or_default();
        let required = self.required_at(&tx, month, &rates)?;
        let held = credit_balance(&tx.totals_through(month)?, PROVISIONS);
        Ok((required, Money::from_cents(held)))
    }

    /// The provision `rates` require at the end of `month`: each loan active
    /// on its last day, its outstanding principal by its days past due then.
    fn required_at(
        &self,
        tx: &impl crate::store::charges::FastReads,
        month: Month,
        rates: &ProvisionRates,
    ) -> Result<RequiredProvision, BookError> {
        let date = month.last_day();
        let loans = super::loans::active_loans_on(tx, date, self.today())?;
        Ok(required_provision(
            loans
                .iter()
                .map(|l| (l.outstanding(), l.days_past_due(date))),
            rates,
        ))
    }

    /// The close's provision inside `tx`: the required provision at the
    /// month's end (each active loan's outstanding principal times the
    /// percentage of its bucket by days past due on the last day) against
    /// what 1499 holds, the difference posted on the last day as one entry.
    pub(crate) fn provision_in(
        &self,
        tx: &WriteTx,
        month: Month,
    ) -> Result<(Option<Entry>, ProvisionFigures), BookError> {
        let (draft, figures, record) = self.provision_plan(tx, month)?;
        tx.meta_put(LAST_CLOSE_KEY, &record)?;
        match draft {
            Some(draft) => Ok((Some(self.post_in(tx, draft)?), figures)),
            None => Ok((None, figures)),
        }
    }

    /// The provision's entry at the end of `month` (none when nothing
    /// changes), its figures and the record the close keeps, worked out in
    /// `tx` without writing.
    pub(crate) fn provision_plan(
        &self,
        tx: &impl crate::store::charges::FastReads,
        month: Month,
    ) -> Result<(Option<EntryDraft>, ProvisionFigures, ProvisionRecord), BookError> {
        let rates = tx
            .meta_get::<ProvisionRates>(RATES_KEY)?
            .unwrap_or_default();
        let date = month.last_day();
        let required = self.required_at(tx, month, &rates)?;
        let totals = tx.totals_through(month)?;
        let held = Money::from_cents(credit_balance(&totals, PROVISIONS));
        // 4402's debit balance: this fiscal year's provision expense (the
        // year end closes it to zero).
        let expense = Money::from_cents(-credit_balance(&totals, PROVISION_EXPENSE));
        let today_month = Month::of(self.today()).max(month);
        let room = if today_month > month {
            provision_available(tx, month.next(), today_month)?
        } else {
            held
        }
        .min(held.max(Money::ZERO));
        let adjustment = adjust_provision(required.total, held, expense, room);
        let figures = ProvisionFigures {
            month,
            required,
            held,
            adjustment,
        };
        let record = ProvisionRecord {
            month,
            rates,
            required: required.total.cents(),
            held_after: (held + adjustment.change()).cents(),
        };
        if adjustment.is_zero() {
            return Ok((None, figures, record));
        }
        let mut postings = Vec::new();
        if adjustment.increase.is_positive() {
            postings.push(Posting::debit(PROVISION_EXPENSE, adjustment.increase));
            postings.push(Posting::credit(PROVISIONS, adjustment.increase));
        } else {
            let released = adjustment.release_to_expense + adjustment.release_to_income;
            postings.push(Posting::debit(PROVISIONS, released));
            if adjustment.release_to_expense.is_positive() {
                postings.push(Posting::credit(
                    PROVISION_EXPENSE,
                    adjustment.release_to_expense,
                ));
            }
            if adjustment.release_to_income.is_positive() {
                postings.push(Posting::credit(
                    PROVISION_REVERSAL,
                    adjustment.release_to_income,
                ));
            }
        }
        let es = Lang::BOOK;
        let description = format!(
            "Provisión para créditos incobrables de {}: requerida {}, había {}",
            month.name(es),
            required.total.localized(es),
            held.localized(es)
        );
        let draft = EntryDraft::new(date, &description, "", EntryKind::Loan, postings)?;
        Ok((Some(draft), figures, record))
    }
}

impl Book {
    /// `ayni check`'s reconciliation of the provision: at the end of the last
    /// closed month, 1499 holds what that close left in it, and that is the
    /// provision the loans as they stood that day require with the
    /// percentages then in force (short of it only where a release was
    /// limited so that 1499 does not turn debit in a later month).
    pub(crate) fn check_provisions(
        &self,
        tx: &impl crate::store::charges::FastReads,
    ) -> Result<CheckItem, BookError> {
        let last = tx.closed_months()?.into_iter().map(|c| c.month).max();
        let record = tx.meta_get::<ProvisionRecord>(LAST_CLOSE_KEY)?;
        let (Some(last), Some(r)) = (last, record.filter(|r| Some(r.month) == last)) else {
            return Ok(CheckItem::result(
                "provisions",
                None,
                Finding::NoProvisionYet,
            ));
        };
        let required = self.required_at(tx, last, &r.rates)?.total;
        let held = Money::from_cents(credit_balance(&tx.totals_through(last)?, PROVISIONS));
        let problem = if required.cents() != r.required {
            Some(Finding::ProvisionRequiredDiffers {
                month: last,
                recorded: Money::from_cents(r.required),
                required,
            })
        } else if held.cents() != r.held_after {
            Some(Finding::ProvisionHeldDiffers {
                month: last,
                held,
                left: Money::from_cents(r.held_after),
            })
        } else {
            None
        };
        let passed = if r.required == r.held_after {
            Finding::ProvisionHeld { held, month: last }
        } else {
            Finding::ProvisionReleaseLimited { held, required }
        };
        Ok(CheckItem::result("provisions", problem, passed))
    }
}
