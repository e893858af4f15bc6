//! Financial indicators of a book at a month's end: the WOCCU PEARLS ratios
//! the books support (E1, E5, E7, E8, A1, A2, R9, R12, L1, P1, P2) and the set
//! the SEPS publishes for the sector (morosidad, by portfolio too; cobertura
//! de provisiones; liquidez; ROA; ROE; a solvency proxy).
//!
//! Every ratio is worked out from [`Inputs`]: figures read from the
//! maintained per-account totals and, for the aging of loans, from the loans
//! subledger as it stood on the month's last day. The inputs are plain sums,
//! so a network adds its associations' inputs and works the same ratios out
//! for the whole network. Each indicator carries its formula in words, the
//! inputs it used, its norm and a status; one whose denominator is missing
//! (no loans, no savings) is "n/a" with the reason. README.md lists the
//! formulas, the norms and their sources.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::books::{Book, BookError};
use crate::domain::glyphs::Mark;
use crate::domain::money::{Money, round_cents};
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::report::render::{Block, Cell, Column, Doc, Letterhead, Report, Row, Table};
use crate::report::statements::{BalanceCache, fiscal_year_start, months_back};

/// The figures the indicators are worked out from, at a month's end. Every
/// amount is positive on its usual side (assets as assets, deposits as
/// deposits); results and expenses are annualised.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// Total assets (1), net of the contra accounts (provisions, depreciation).
    #[serde(with = "amount")]
    pub assets: Money,
    /// Available funds (11): cash and banks.
    #[serde(with = "amount")]
    pub available_funds: Money,
    /// The loan portfolio's accounts (14) without their provision (1499).
    #[serde(with = "amount")]
    pub gross_portfolio: Money,
    /// The allowance for loan losses (1499), as a positive figure.
    #[serde(with = "amount")]
    pub provisions: Money,
    /// The non-performing portfolio: the accounts of loans that earn no
    /// interest and of overdue loans (1425 to 1472).
    #[serde(with = "amount")]
    pub nonperforming: Money,
    /// The members' deposits (21).
    #[serde(with = "amount")]
    pub savings_deposits: Money,
    /// Demand deposits (2101): the short-term deposits.
    #[serde(with = "amount")]
    pub demand_deposits: Money,
    /// The members' share capital (31).
    #[serde(with = "amount")]
    pub member_shares: Money,
    /// Reserves (33), donations and other equity contributions (34) and the
    /// results of earlier years (36), net of losses.
    #[serde(with = "amount")]
    pub institutional_capital: Money,
    /// Assets less liabilities (the year's result included).
    #[serde(with = "amount")]
    pub equity: Money,
    /// Assets that earn nothing: cash on hand (1101), receivables (16),
    /// assets for sale (17), property and equipment net of depreciation (18)
    /// and other assets (19).
    #[serde(with = "amount")]
    pub non_earning_assets: Money,
    /// Short-term payables: immediate obligations (23) and payables (25).
    #[serde(with = "amount")]
    pub short_term_payables: Money,
    /// Operating expenses (45) of the fiscal year to date, annualised.
    #[serde(with = "amount")]
    pub operating_expenses: Money,
    /// Income (5) less expenses (4) of the fiscal year to date, annualised.
    #[serde(with = "amount")]
    pub net_result: Money,
    /// The average of the assets at the month ends from the end of the
    /// previous fiscal year (when the book has it) to this month.
    #[serde(with = "amount")]
    pub average_assets: Money,
    /// The average of equity at the same month ends.
    #[serde(with = "amount")]
    pub average_equity: Money,
    /// How many months of the fiscal year the annualised figures cover.
    pub months_of_year: u32,
    /// The loans' outstanding principal, from the loans subledger.
    #[serde(with = "amount")]
    pub loans_outstanding: Money,
    /// Outstanding principal of loans 1 to 30 days past due.
    #[serde(with = "amount")]
    pub late_1_30_days: Money,
    /// Outstanding principal of loans more than 30 days past due (PAR30).
    #[serde(with = "amount")]
    pub late_over_30_days: Money,
    /// Outstanding principal of loans 31 to 360 days past due (1 to 12 months).
    #[serde(with = "amount")]
    pub late_1_12_months: Money,
    /// Outstanding principal of loans more than 360 days past due.
    #[serde(with = "amount")]
    pub late_over_12_months: Money,
    /// The portfolio by kind of credit (consumer, microcredit, ...).
    pub portfolios: Vec<PortfolioKind>,
}

/// One kind of credit of the CUC: its current account (1402 consumo, 1404
/// microcrédito) and what is booked under all its accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioKind {
    /// The kind's account of current loans ("1404"): 1401 to 1408.
    pub code: String,
    #[serde(with = "amount")]
    pub gross: Money,
    #[serde(with = "amount")]
    pub nonperforming: Money,
}

impl Inputs {
    /// The figures of a book at the end of `month`.
    pub fn of(book: &Book, month: Month) -> Result<Inputs, BookError> {
        let fys = book.settings()?.fiscal_year_start;
        let year_from = fiscal_year_start(month, fys);
        let first = book.first_month()?;
        let mut cache = BalanceCache::new(book);
        // Income and expenses before a year-end closing entry of the month.
        let end = cache.before_year_end(month)?;
        let start = cache.at(months_back(year_from, 1))?;
        let ytd = |code: &str| end.natural(code) - start.natural(code);

        // Months of the fiscal year the book covers, for annualising.
        let from = year_from.max(first);
        let months = if month < from {
            0
        } else {
            month.key() - from.key() + 1
        };
        let annual = |m: Money| -> Money {
            if months == 0 {
                return Money::ZERO;
            }
            let d = m.to_decimal() * Decimal::from(12) / Decimal::from(months);
            Money::from_decimal_rounded(d).unwrap_or_default()
        };

        // Month ends averaged: the previous fiscal year's end, when the book
        // has it, then each month of this year to `month`.
        let mut ends = Vec::new();
        let before = months_back(year_from, 1);
        if before >= first && before < month {
            ends.push(before);
        }
        let mut k = from;
        while k <= month {
            ends.push(k);
            k = k.next();
        }
        let (mut assets_sum, mut equity_sum) = (Decimal::ZERO, Decimal::ZERO);
        for m in &ends {
            let b = cache.at(*m)?;
            assets_sum += b.natural("1").to_decimal();
            equity_sum += (b.natural("1") - b.natural("2")).to_decimal();
        }
        let average = |sum: Decimal| -> Money {
            if ends.is_empty() {
                return Money::ZERO;
            }
            Money::from_decimal_rounded(sum / Decimal::from(ends.len())).unwrap_or_default()
        };

        let provisions = end.credit("1499") - end.debit("1499");
        let mut gross = Money::ZERO;
        let mut nonperforming = Money::ZERO;
        let mut kinds: Vec<PortfolioKind> = Vec::new();
        for a in book.chart() {
            let Ok(n) = a.code.parse::<u32>() else {
                continue;
            };
            if a.code.len() != 4 || !(1401..=1498).contains(&n) {
                continue;
            }
            let balance = end.natural(&a.code);
            gross += balance;
            let bad = (1425..=1472).contains(&n);
            if bad {
                nonperforming += balance;
            }
            if n <= 1472 && !balance.is_zero() {
                let code = (1401 + (n - 1401) % 8).to_string();
                let k = match kinds.iter_mut().find(|k| k.code == code) {
                    Some(k) => k,
                    None => {
                        kinds.push(PortfolioKind {
                            code,
                            ..Default::default()
                        });
                        let last = kinds.len() - 1;
                        &mut kinds[last]
                    }
                };
                k.gross += balance;
                if bad {
                    k.nonperforming += balance;
                }
            }
        }
        kinds.sort_by(|a, b| a.code.cmp(&b.code));

        let (required, _) = book.provision_at(month)?;
        let b = &required.buckets;
        let sum = |r: std::ops::RangeInclusive<usize>| -> Money {
            b[r].iter().map(|x| x.outstanding).sum()
        };

        Ok(Inputs {
            assets: end.natural("1"),
            available_funds: end.natural("11"),
            gross_portfolio: gross,
            provisions,
            nonperforming,
            savings_deposits: end.natural("21"),
            demand_deposits: end.natural("2101"),
            member_shares: end.natural("31"),
            institutional_capital: end.natural("33") + end.natural("34") + end.natural("36"),
            equity: end.natural("1") - end.natural("2"),
            non_earning_assets: ["1101", "16", "17", "18", "19"]
                .iter()
                .map(|c| end.natural(c))
                .sum(),
            short_term_payables: end.natural("23") + end.natural("25"),
            operating_expenses: annual(ytd("45")),
            net_result: annual(ytd("5") - ytd("4")),
            average_assets: average(assets_sum),
            average_equity: average(equity_sum),
            months_of_year: months,
            loans_outstanding: sum(0..=6),
            late_1_30_days: b[1].outstanding,
            late_over_30_days: sum(2..=6),
            late_1_12_months: sum(2..=5),
            late_over_12_months: b[6].outstanding,
            portfolios: kinds,
        })
    }

    /// The figures of several books together: each amount summed, the
    /// portfolios by kind merged (a network's consolidated inputs).
    pub fn sum<'a>(all: impl IntoIterator<Item = &'a Inputs>) -> Inputs {
        let mut t = Inputs::default();
        for i in all {
            t.assets += i.assets;
            t.available_funds += i.available_funds;
            t.gross_portfolio += i.gross_portfolio;
            t.provisions += i.provisions;
            t.nonperforming += i.nonperforming;
            t.savings_deposits += i.savings_deposits;
            t.demand_deposits += i.demand_deposits;
            t.member_shares += i.member_shares;
            t.institutional_capital += i.institutional_capital;
            t.equity += i.equity;
            t.non_earning_assets += i.non_earning_assets;
            t.short_term_payables += i.short_term_payables;
            t.operating_expenses += i.operating_expenses;
            t.net_result += i.net_result;
            t.average_assets += i.average_assets;
            t.average_equity += i.average_equity;
            t.months_of_year = t.months_of_year.max(i.months_of_year);
            t.loans_outstanding += i.loans_outstanding;
            t.late_1_30_days += i.late_1_30_days;
            t.late_over_30_days += i.late_over_30_days;
            t.late_1_12_months += i.late_1_12_months;
            t.late_over_12_months += i.late_over_12_months;
            for k in &i.portfolios {
                match t.portfolios.iter_mut().find(|x| x.code == k.code) {
                    Some(x) => {
                        x.gross += k.gross;
                        x.nonperforming += k.nonperforming;
                    }
                    None => t.portfolios.push(k.clone()),
                }
            }
        }
        t.portfolios.sort_by(|a, b| a.code.cmp(&b.code));
        t
    }
}

/// Amounts as strings with a point and two decimals ("1234.50"), read back
/// strictly.
pub mod amount {
    use crate::domain::money::Money;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&m.plain())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not an amount: {s:?}")))
    }

    /// `-1234.50`: an optional minus, digits, a point and two digits.
    pub fn parse(s: &str) -> Option<Money> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (whole, cents) = body.split_once('.')?;
        if whole.is_empty()
            || whole.len() > 13
            || cents.len() != 2
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !cents.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let c = whole.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?;
        Some(Money::from_cents(if neg { -c } else { c }))
    }
}

/// Which set an indicator belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Pearls,
    Seps,
}

/// How an indicator stands against its norm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Within the norm.
    Ok,
    /// Outside the norm but near it.
    Warn,
    /// Far outside the norm.
    Bad,
    /// Not worked out: an input is missing.
    Na,
}

impl Status {
    /// The mark drawn beside the value (never colour alone).
    pub fn mark(self) -> &'static str {
        match self {
            Status::Ok => Mark::Ok.text(false),
            Status::Warn => Mark::Warn.text(false),
            Status::Bad => Mark::Bad.text(false),
            Status::Na => "–",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Bad => "bad",
            Status::Na => "na",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Ok => Msg::IndStatusOk.t(lang),
            Status::Warn => Msg::IndStatusWarn.t(lang),
            Status::Bad => Msg::IndStatusBad.t(lang),
            Status::Na => Msg::IndStatusNa.t(lang),
        }
    }
}

/// A range of values: either end may be open; both ends are included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl Band {
    fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// "0.70-0.80", ">=0.10", "<=0.05": the band as ratios.
    pub fn plain(&self) -> String {
        let f = |d: Decimal| format!("{:.2}", d);
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{}-{}", f(a), f(b)),
            (Some(a), None) => format!(">={}", f(a)),
            (None, Some(b)) => format!("<={}", f(b)),
            (None, None) => String::new(),
        }
    }

    /// "70–80 %", "≥ 10 %", "≤ 5 %": the band as a person reads it.
    pub fn localized(&self, lang: Lang) -> String {
        let p = |d: Decimal| percent_number(d, lang);
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{}–{} %", p(a), p(b)),
            (Some(a), None) => format!("≥ {} %", p(a)),
            (None, Some(b)) => format!("≤ {} %", p(b)),
            (None, None) => String::new(),
        }
    }
}

/// The norm of an indicator: within `ok` is on target; outside it but
/// within `warn` needs attention; anything else is bad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Norm {
    pub ok: Band,
    pub warn: Option<Band>,
}

impl Norm {
    fn status(&self, v: Decimal) -> Status {
        if self.ok.contains(v) {
            Status::Ok
        } else if self.warn.is_some_and(|w| w.contains(v)) {
            Status::Warn
        } else {
            Status::Bad
        }
    }
}

const fn pct(n: i64) -> Decimal {
    Decimal::from_parts(n as u32, 0, 0, n < 0, 2)
}

const fn band(min: Option<i64>, max: Option<i64>) -> Band {
    Band {
        min: match min {
            Some(n) => Some(pct(n)),
            None => None,
        },
        max: match max {
            Some(n) => Some(pct(n)),
            None => None,
        },
    }
}

const fn between(lo: i64, hi: i64, wlo: i64, whi: i64) -> Norm {
    Norm {
        ok: band(Some(lo), Some(hi)),
        warn: Some(band(Some(wlo), Some(whi))),
    }
}
const fn at_most(ok: i64, warn: i64) -> Norm {
    Norm {
        ok: band(None, Some(ok)),
        warn: Some(band(None, Some(warn))),
    }
}
const fn at_least(ok: i64, warn: Option<i64>) -> Norm {
    Norm {
        ok: band(Some(ok), None),
        warn: match warn {
            Some(w) => Some(band(Some(w), None)),
            None => None,
        },
    }
}

/// One input of a formula: its key in JSON, its label, and how it is read.
type Input = (&'static str, Msg, fn(&Inputs) -> Money);

const ASSETS: Input = ("assets", Msg::IndInAssets, |i| i.assets);
const AVERAGE_ASSETS: Input = ("average_assets", Msg::IndInAverageAssets, |i| {
    i.average_assets
});

/// How an indicator is worked out: numerator / denominator.
struct Def {
    id: &'static str,
    family: Family,
    name: Msg,
    formula: Msg,
    norm: Norm,
    numerator: &'static [Input],
    /// Subtracted from the numerator's first input (L1's payables, P2's
    /// allowance used by P1).
    less: &'static [Input],
    denominator: Input,
    /// Why it is n/a when the denominator is not positive.
    na: Msg,
}

const DEFS: &[Def] = &[
    Def {
        id: "E1",
        family: Family::Pearls,
        name: Msg::IndE1,
        formula: Msg::IndE1Formula,
        norm: between(70, 80, 60, 90),
        numerator: &[("gross_portfolio", Msg::IndInGrossPortfolio, |i| {
            i.gross_portfolio
        })],
        less: &[("provisions", Msg::IndInProvisions, |i| i.provisions)],
        denominator: ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "E5",
        family: Family::Pearls,
        name: Msg::IndE5,
        formula: Msg::IndE5Formula,
        norm: between(70, 80, 60, 90),
        numerator: &[("savings_deposits", Msg::IndInSavings, |i| {
            i.savings_deposits
        })],
        less: &[],
        denominator: ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "E7",
        family: Family::Pearls,
        name: Msg::IndE7,
        formula: Msg::IndE7Formula,
        norm: at_most(20, 30),
        numerator: &[("member_shares", Msg::IndInShares, |i| i.member_shares)],
        less: &[],
        denominator: ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "E8",
        family: Family::Pearls,
        name: Msg::IndE8,
        formula: Msg::IndE8Formula,
        norm: at_least(10, Some(5)),
        numerator: &[("institutional_capital", Msg::IndInInstitutional, |i| {
            i.institutional_capital
        })],
        less: &[],
        denominator: ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "A1",
        family: Family::Pearls,
        name: Msg::IndA1,
        formula: Msg::IndA1Formula,
        norm: at_most(5, 10),
        numerator: &[("late_over_30_days", Msg::IndInPar30, |i| {
            i.late_over_30_days
        })],
        less: &[],
        denominator: ("loans_outstanding", Msg::IndInLoansOutstanding, |i| {
            i.loans_outstanding
        }),
        na: Msg::IndNaLoans,
    },
    Def {
        id: "A2",
        family: Family::Pearls,
        name: Msg::IndA2,
        formula: Msg::IndA2Formula,
        norm: at_most(5, 10),
        numerator: &[("non_earning_assets", Msg::IndInNonEarning, |i| {
            i.non_earning_assets
        })],
        less: &[],
        denominator: ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "R9",
        family: Family::Pearls,
        name: Msg::IndR9,
        formula: Msg::IndR9Formula,
        norm: at_most(5, 10),
        numerator: &[("operating_expenses", Msg::IndInOperating, |i| {
            i.operating_expenses
        })],
        less: &[],
        denominator: AVERAGE_ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "R12",
        family: Family::Pearls,
        name: Msg::IndR12,
        formula: Msg::IndR12Formula,
        norm: at_least(1, Some(0)),
        numerator: &[("net_result", Msg::IndInResult, |i| i.net_result)],
        less: &[],
        denominator: AVERAGE_ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "L1",
        family: Family::Pearls,
        name: Msg::IndL1,
        formula: Msg::IndL1Formula,
        norm: between(15, 20, 10, 30),
        numerator: &[("available_funds", Msg::IndInAvailable, |i| {
            i.available_funds
        })],
        less: &[("short_term_payables", Msg::IndInPayables, |i| {
            i.short_term_payables
        })],
        denominator: ("savings_deposits", Msg::IndInSavings, |i| {
            i.savings_deposits
        }),
        na: Msg::IndNaSavings,
    },
    Def {
        id: "P1",
        family: Family::Pearls,
        name: Msg::IndP1,
        formula: Msg::IndP1Formula,
        norm: at_least(100, Some(75)),
        numerator: &[("provisions", Msg::IndInProvisions, |i| i.provisions)],
        less: &[],
        denominator: ("late_over_12_months", Msg::IndInLateOver12, |i| {
            i.late_over_12_months
        }),
        na: Msg::IndNaOver12,
    },
    Def {
        id: "P2",
        family: Family::Pearls,
        name: Msg::IndP2,
        formula: Msg::IndP2Formula,
        norm: at_least(35, Some(25)),
        numerator: &[("provisions", Msg::IndInProvisions, |i| i.provisions)],
        less: &[("late_over_12_months", Msg::IndInLateOver12, |i| {
            i.late_over_12_months
        })],
        denominator: ("late_1_12_months", Msg::IndInLate1To12, |i| {
            i.late_1_12_months
        }),
        na: Msg::IndNaLate1To12,
    },
    Def {
        id: "MOR",
        family: Family::Seps,
        name: Msg::IndMor,
        formula: Msg::IndMorFormula,
        norm: at_most(5, 10),
        numerator: &[("nonperforming", Msg::IndInNonperforming, |i| {
            i.nonperforming
        })],
        less: &[],
        denominator: ("gross_portfolio", Msg::IndInGrossPortfolio, |i| {
            i.gross_portfolio
        }),
        na: Msg::IndNaLoans,
    },
    Def {
        id: "COB",
        family: Family::Seps,
        name: Msg::IndCob,
        formula: Msg::IndCobFormula,
        norm: at_least(100, Some(75)),
        numerator: &[("provisions", Msg::IndInProvisions, |i| i.provisions)],
        less: &[],
        denominator: ("nonperforming", Msg::IndInNonperforming, |i| {
            i.nonperforming
        }),
        na: Msg::IndNaNonperforming,
    },
    Def {
        id: "LIQ",
        family: Family::Seps,
        name: Msg::IndLiq,
        formula: Msg::IndLiqFormula,
        norm: at_least(15, Some(10)),
        numerator: &[("available_funds", Msg::IndInAvailable, |i| {
            i.available_funds
        })],
        less: &[],
        denominator: ("demand_deposits", Msg::IndInDemand, |i| i.demand_deposits),
        na: Msg::IndNaSavings,
    },
    Def {
        id: "ROA",
        family: Family::Seps,
        name: Msg::IndRoa,
        formula: Msg::IndRoaFormula,
        norm: at_least(1, Some(0)),
        numerator: &[("net_result", Msg::IndInResult, |i| i.net_result)],
        less: &[],
        denominator: AVERAGE_ASSETS,
        na: Msg::IndNaAssets,
    },
    Def {
        id: "ROE",
        family: Family::Seps,
        name: Msg::IndRoe,
        formula: Msg::IndRoeFormula,
        norm: at_least(0, None),
        numerator: &[("net_result", Msg::IndInResult, |i| i.net_result)],
        less: &[],
        denominator: ("average_equity", Msg::IndInAverageEquity, |i| {
            i.average_equity
        }),
        na: Msg::IndNaEquity,
    },
    Def {
        id: "SOL",
        family: Family::Seps,
        name: Msg::IndSol,
        formula: Msg::IndSolFormula,
        norm: at_least(9, None),
        numerator: &[("equity", Msg::IndInEquity, |i| i.equity)],
        less: &[],
        denominator: ("risk_assets", Msg::IndInRiskAssets, |i| {
            i.assets - i.available_funds
        }),
        na: Msg::IndNaRiskAssets,
    },
];

/// One indicator worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// "E1", "MOR", "MOR-1404".
    pub id: String,
    pub family: Family,
    pub name: String,
    /// The ratio, rounded to four decimals (0.7312 is 73.12 %); `None` when
    /// an input is missing.
    pub value: Option<Decimal>,
    pub norm: Option<Norm>,
    pub status: Status,
    pub formula: String,
    /// The inputs used: (key, label, amount).
    pub inputs: Vec<(String, String, Money)>,
    /// Why the value is missing.
    pub reason: Option<String>,
}

/// The ratio of two amounts to four decimals; `None` when the denominator
/// is not positive.
pub fn ratio(numerator: Money, denominator: Money) -> Option<Decimal> {
    if !denominator.is_positive() {
        return None;
    }
    let r = numerator.to_decimal() / denominator.to_decimal();
    Some(r.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
}

/// The indicator with its status read from its value and norm, and the
/// reason `na` when it has no value.
fn judged(mut i: Indicator, na: String) -> Indicator {
    i.status = match (i.value, i.norm) {
        (Some(v), Some(n)) => n.status(v),
        _ => Status::Na,
    };
    i.reason = i.value.is_none().then_some(na);
    i
}

/// Every indicator worked out from `inputs`, in the order of the README:
/// the PEARLS ratios, then the SEPS set (morosidad by kind of credit after
/// the total).
pub fn indicators(inputs: &Inputs, lang: Lang) -> Vec<Indicator> {
    let mut out = Vec::new();
    for d in DEFS {
        let mut used = Vec::new();
        let mut num = Money::ZERO;
        for (i, (key, label, get)) in d.numerator.iter().enumerate() {
            let v = get(inputs);
            num = if i == 0 { v } else { num + v };
            used.push((key.to_string(), label.t(lang).to_string(), v));
        }
        for (key, label, get) in d.less {
            let v = get(inputs);
            num -= v;
            used.push((key.to_string(), label.t(lang).to_string(), v));
        }
        // P2: the allowance left after P1's loans, never below zero.
        if d.id == "P2" && num.is_negative() {
            num = Money::ZERO;
        }
        let (dkey, dlabel, dget) = d.denominator;
        let den = dget(inputs);
        used.push((dkey.to_string(), dlabel.t(lang).to_string(), den));
        out.push(judged(
            Indicator {
                id: d.id.to_string(),
                family: d.family,
                name: d.name.t(lang).to_string(),
                value: ratio(num, den),
                norm: Some(d.norm),
                status: Status::Na,
                formula: d.formula.t(lang).to_string(),
                inputs: used,
                reason: None,
            },
            d.na.t(lang).to_string(),
        ));
        if d.id == "MOR" {
            for k in &inputs.portfolios {
                if !k.gross.is_positive() {
                    continue;
                }
                out.push(judged(
                    Indicator {
                        id: format!("MOR-{}", k.code),
                        family: Family::Seps,
                        name: Msg::IndMorKind.fill(lang, &[("kind", &kind_name(&k.code, lang))]),
                        formula: Msg::IndMorKindFormula.fill(lang, &[("code", &k.code)]),
                        norm: Some(d.norm),
                        status: Status::Na,
                        reason: None,
                        value: ratio(k.nonperforming, k.gross),
                        inputs: vec![
                            (
                                "nonperforming".into(),
                                Msg::IndInNonperforming.t(lang).into(),
                                k.nonperforming,
                            ),
                            (
                                "gross_portfolio".into(),
                                Msg::IndInGrossPortfolio.t(lang).into(),
                                k.gross,
                            ),
                        ],
                    },
                    Msg::IndNaLoans.t(lang).to_string(),
                ));
            }
        }
    }
    out
}

/// The name of a kind of credit by its current account's code.
fn kind_name(code: &str, lang: Lang) -> String {
    match code {
        "1402" => Msg::IndKindConsumer.t(lang).to_string(),
        "1404" => Msg::IndKindMicro.t(lang).to_string(),
        other => Msg::IndKindOther.fill(lang, &[("code", &other)]),
    }
}

/// A ratio as a percentage with two decimals in the language's style:
/// 0.7312 as "73,12" (es) or "73.12" (en).
fn percent_digits(d: Decimal, lang: Lang) -> String {
    let s = format!("{:.2}", round_cents(d * Decimal::ONE_HUNDRED));
    match lang.number_marks().1 {
        ',' => s.replace('.', ","),
        _ => s,
    }
}

/// A ratio as a percentage number, whole when it is ("5", "73,12"): a
/// target as a person reads it.
pub fn percent_number(d: Decimal, lang: Lang) -> String {
    let s = percent_digits(d, lang);
    match s.strip_suffix(",00").or(s.strip_suffix(".00")) {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// A ratio as a person reads it: "73,12 %", or "n/d" when missing.
pub fn percent(value: Option<Decimal>, lang: Lang) -> String {
    match value {
        Some(v) => format!("{} %", percent_digits(v, lang)),
        None => Msg::IndStatusNa.t(lang).to_string(),
    }
}

/// The indicators as JSON: `{"id", "family", "name", "value", "target",
/// "status", "formula", "inputs": {key: amount}, "reason"}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IndicatorJson {
    pub id: String,
    pub family: Family,
    pub name: String,
    /// The ratio with four decimals ("0.7312"), or null.
    pub value: Option<String>,
    /// The norm as ratios ("0.70-0.80", ">=0.10", "<=0.05").
    pub target: Option<String>,
    pub status: Status,
    pub formula: String,
    pub inputs: std::collections::BTreeMap<String, String>,
    pub reason: Option<String>,
}

impl IndicatorJson {
    pub fn of(i: &Indicator) -> IndicatorJson {
        IndicatorJson {
            id: i.id.clone(),
            family: i.family,
            name: i.name.clone(),
            value: i.value.map(|v| format!("{v:.4}")),
            target: i.norm.map(|n| n.ok.plain()),
            status: i.status,
            formula: i.formula.clone(),
            inputs: i
                .inputs
                .iter()
                .map(|(k, _, m)| (k.clone(), m.plain()))
                .collect(),
            reason: i.reason.clone(),
        }
    }
}

/// `ayni report indicators`: the indicators of a month's end.
#[derive(Clone, Debug)]
pub struct IndicatorsReport {
    pub letterhead: Letterhead,
    pub month: Month,
    pub inputs: Inputs,
    pub indicators: Vec<Indicator>,
}

impl IndicatorsReport {
    pub fn of(book: &Book, month: Month, lang: Lang) -> Result<IndicatorsReport, BookError> {
        let inputs = Inputs::of(book, month)?;
        Ok(IndicatorsReport {
            letterhead: Letterhead::of(book)?,
            month,
            indicators: indicators(&inputs, lang),
            inputs,
        })
    }
}

#[derive(Serialize)]
struct Json {
    month: String,
    indicators: Vec<IndicatorJson>,
}

impl Serialize for IndicatorsReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Json {
            month: self.month.to_string(),
            indicators: self.indicators.iter().map(IndicatorJson::of).collect(),
        }
        .serialize(s)
    }
}

/// The inputs of an indicator in words: "Activo total 12.000,00 · ...".
pub fn inputs_text(i: &Indicator, lang: Lang) -> String {
    i.inputs
        .iter()
        .map(|(_, label, m)| format!("{label} {}", m.localized(lang)))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The summary table: mark, code, name, value, norm, and the status in
/// words unless `terminal` (80 columns leave no room for it there; the
/// mark says it).
pub fn summary_table(list: &[Indicator], lang: Lang, terminal: bool) -> Table {
    let mut columns = vec![
        Column::text("", 4),
        Column::text(Msg::IndColId.t(lang), 8),
        Column::text(Msg::IndColName.t(lang), 44),
        Column::text(Msg::IndColValue.t(lang), 9),
        Column::text(Msg::IndColTarget.t(lang), 10),
    ];
    if !terminal {
        columns.push(Column::text(Msg::IndColStatus.t(lang), 10));
    }
    let mut t = Table::new("indicators", None, columns, 2);
    for i in list {
        let mut cells = vec![
            Cell::text(i.status.mark()),
            Cell::text(&i.id),
            Cell::text(&i.name),
            Cell::text(percent(i.value, lang)),
            Cell::text(i.norm.map(|n| n.ok.localized(lang)).unwrap_or_default()),
        ];
        if !terminal {
            cells.push(Cell::text(i.status.label(lang)));
        }
        t.push(Row::new(cells));
    }
    t
}

/// The inputs of an indicator and, when it is n/a, why.
fn data_text(i: &Indicator, lang: Lang) -> String {
    let data = inputs_text(i, lang);
    match &i.reason {
        Some(r) => format!("{data} — {r}"),
        None => data,
    }
}

impl Report for IndicatorsReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut formulas = Table::new(
            "formulas",
            Some(Msg::IndFormulasTitle.t(lang).to_string()),
            vec![
                Column::text(Msg::IndColId.t(lang), 8),
                Column::text(Msg::IndColFormula.t(lang), 40),
                Column::text(Msg::IndColInputs.t(lang), 60),
            ],
            1,
        );
        for i in &self.indicators {
            formulas.push(Row::new(vec![
                Cell::text(&i.id),
                Cell::text(&i.formula),
                Cell::text(data_text(i, lang)),
            ]));
        }
        Doc::one_page(
            self.letterhead.clone(),
            Msg::RepIndicators.t(lang),
            self.month.name(lang),
            vec![
                Block::Table(summary_table(&self.indicators, lang, false)),
                Block::Table(formulas),
                Block::Note(Msg::IndNote.t(lang).to_string()),
            ],
        )
    }

    /// The summary's columns, then each indicator's formula and inputs on
    /// lines of their own (they are too long for a column of 80).
    fn to_table(&self, lang: Lang) -> String {
        let doc = Doc::one_page(
            self.letterhead.clone(),
            Msg::RepIndicators.t(lang),
            self.month.name(lang),
            vec![Block::Table(summary_table(&self.indicators, lang, true))],
        );
        let mut out = super::render::text_of(&doc, lang);
        out.push_str(Msg::IndFormulasTitle.t(lang));
        out.push('\n');
        for i in &self.indicators {
            let formula = wrap(&i.formula, 70);
            for (n, line) in formula.iter().enumerate() {
                let id = if n == 0 { i.id.as_str() } else { "" };
                out.push_str(&format!("{id:<9} {line}\n"));
            }
            for line in wrap(&data_text(i, lang), 68) {
                out.push_str(&format!("            {line}\n"));
            }
        }
        out.push('\n');
        for line in wrap(Msg::IndNote.t(lang), 80) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// One row per indicator for machines: the ratio with four decimals,
    /// the norm as ratios, the status's code, the formula and the inputs.
    fn to_csv(&self, lang: Lang) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            Msg::IndColId.t(lang),
            Msg::IndColName.t(lang),
            Msg::IndColValue.t(lang),
            Msg::IndColTarget.t(lang),
            Msg::IndColStatus.t(lang),
            Msg::IndColFormula.t(lang),
            Msg::IndColInputs.t(lang),
        ]);
        for i in &self.indicators {
            let j = IndicatorJson::of(i);
            let inputs = j
                .inputs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ");
            let _ = w.write_record([
                j.id,
                j.name,
                j.value.unwrap_or_default(),
                j.target.unwrap_or_default(),
                j.status.code().to_string(),
                j.formula,
                inputs,
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// Words of `s` in lines of at most `width` characters.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for w in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        amount::parse(s).expect("amount")
    }

    #[test]
    fn amounts_read_back_strictly() {
        assert_eq!(amount::parse("1234.50"), Some(Money::from_cents(123_450)));
        assert_eq!(amount::parse("-0.05"), Some(Money::from_cents(-5)));
        for bad in [
            "", "1", "1.5", "1.505", "+1.00", "1,00", "1e3.00", ".50", "--1.00",
        ] {
            assert_eq!(amount::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn norms_read_as_bands() {
        let e1 = DEFS[0].norm;
        assert_eq!(e1.ok.plain(), "0.70-0.80");
        assert_eq!(e1.status(Decimal::new(7312, 4)), Status::Ok);
        assert_eq!(e1.status(Decimal::new(8500, 4)), Status::Warn);
        assert_eq!(e1.status(Decimal::new(5000, 4)), Status::Bad);
        assert_eq!(at_most(5, 10).ok.plain(), "<=0.05");
        assert_eq!(at_least(10, Some(5)).ok.plain(), ">=0.10");
        assert_eq!(e1.ok.localized(Lang::Es), "70–80 %");
    }

    #[test]
    fn a_missing_denominator_is_na_with_its_reason() {
        let list = indicators(&Inputs::default(), Lang::En);
        assert!(
            list.iter()
                .all(|i| i.status == Status::Na && i.reason.is_some())
        );
        let mut i = Inputs {
            assets: m("1000.00"),
            gross_portfolio: m("750.00"),
            ..Default::default()
        };
        i.provisions = m("20.00");
        let e1 = indicators(&i, Lang::En)
            .into_iter()
            .find(|x| x.id == "E1")
            .expect("E1");
        assert_eq!(e1.value, Some(Decimal::new(7300, 4)));
        assert_eq!(e1.status, Status::Ok);
    }

    #[test]
    fn percentages_in_each_language() {
        assert_eq!(percent(Some(Decimal::new(7312, 4)), Lang::Es), "73,12 %");
        assert_eq!(percent(Some(Decimal::new(7312, 4)), Lang::En), "73.12 %");
        assert_eq!(percent_number(Decimal::new(5, 2), Lang::Es), "5");
    }
}
