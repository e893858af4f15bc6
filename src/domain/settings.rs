//! The association's settings.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::ident;
use crate::i18n::{Lang, Msg};

/// The legal kind of association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssocKind {
    /// Asociación (LOEPS art. 18): contributions are not refundable.
    Asociacion,
    /// Caja de ahorro / banco comunal.
    Caja,
    /// Cooperativa de ahorro y crédito: contribution certificates are refundable.
    Cooperativa,
}

impl AssocKind {
    pub fn parse(s: &str) -> Option<AssocKind> {
        match s.trim().to_lowercase().as_str() {
            "asociacion" | "asociación" | "association" => Some(AssocKind::Asociacion),
            "caja" | "caja de ahorro" | "savings-group" => Some(AssocKind::Caja),
            "cooperativa" | "cooperative" | "coop" => Some(AssocKind::Cooperativa),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            AssocKind::Asociacion => "asociacion",
            AssocKind::Caja => "caja",
            AssocKind::Cooperativa => "cooperativa",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// Settings of one book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub name: String,
    /// 13-digit RUC, validated; may be missing until the association has one.
    pub ruc: Option<String>,
    pub kind: AssocKind,
    pub address: String,
    pub treasurer: String,
    pub president: String,
    /// First month of the fiscal year (Ecuador: 1, January).
    pub fiscal_year_start: u32,
    /// Always "USD" (Ecuador is dollarised).
    pub currency: String,
    /// A practice book for training: marked on every screen, can be reset.
    pub practice: bool,
}

/// Why settings are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("the association's name is empty")]
    EmptyName,
    #[error("the name is too long (at most 120 characters)")]
    NameTooLong,
    #[error("invalid RUC: {0}")]
    Ruc(ident::IdError),
    #[error("the fiscal year starts in month 1 to 12")]
    FiscalYear,
    #[error(transparent)]
    Text(crate::domain::text::TextError),
    /// A provision percentage that is not a number from 0 to 100 with at
    /// most two decimals (the bucket's index in [`PROVISION_BUCKETS`]).
    #[error("a provision percentage must be from 0 to 100")]
    ProvisionPercent(usize),
    /// A bucket provisioned below the one before it (its index).
    #[error("a longer delay cannot have a lower provision percentage")]
    ProvisionOrder(usize),
    /// A name that is not one of [`PROVISION_BUCKETS`].
    #[error("unknown provision bucket: {0}")]
    ProvisionBucket(String),
    /// A change not written BUCKET=PERCENT.
    #[error("write the change as BUCKET=PERCENT: {0}")]
    ProvisionSpec(String),
}

impl SettingsError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SettingsError::EmptyName => Msg::ErrSettingsEmptyName.t(lang).into(),
            SettingsError::NameTooLong => Msg::ErrSettingsNameTooLong.t(lang).into(),
            SettingsError::Ruc(e) => Msg::ErrSettingsRuc.fill(lang, &[("e", &e.message(lang))]),
            SettingsError::FiscalYear => Msg::ErrSettingsFiscalYear.t(lang).into(),
            SettingsError::Text(e) => e.message(lang),
            SettingsError::ProvisionPercent(i) => Msg::ErrSettingsProvisionPercent
                .fill(lang, &[("bucket", &provision_bucket_label(*i, lang))]),
            SettingsError::ProvisionOrder(i) => Msg::ErrSettingsProvisionOrder.fill(
                lang,
                &[
                    ("bucket", &provision_bucket_label(*i, lang)),
                    (
                        "previous",
                        &provision_bucket_label(i.saturating_sub(1), lang),
                    ),
                ],
            ),
            SettingsError::ProvisionBucket(b) => Msg::ErrSettingsProvisionBucket.fill(
                lang,
                &[("b", b), ("buckets", &PROVISION_BUCKETS.join(", "))],
            ),
            SettingsError::ProvisionSpec(t) => Msg::ErrSettingsProvisionSpec.fill(
                lang,
                &[("t", t), ("buckets", &PROVISION_BUCKETS.join(", "))],
            ),
        }
    }
}

impl Settings {
    /// New settings with defaults for what is not given.
    pub fn new(name: &str, ruc: Option<&str>, kind: AssocKind) -> Result<Settings, SettingsError> {
        let s = Settings {
            name: name.trim().to_string(),
            ruc: ruc.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()),
            kind,
            address: String::new(),
            treasurer: String::new(),
            president: String::new(),
            fiscal_year_start: 1,
            currency: "USD".to_string(),
            practice: false,
        };
        s.validate()
    }

    /// Checks and normalises the settings.
    pub fn validate(mut self) -> Result<Settings, SettingsError> {
        use crate::domain::text::{TextField, field_line};
        let text = |f: TextField, s: &str| field_line(f, s).map_err(SettingsError::Text);
        self.name = text(TextField::Name, &self.name)?;
        self.address = text(TextField::Address, &self.address)?;
        self.treasurer = text(TextField::Treasurer, &self.treasurer)?;
        self.president = text(TextField::President, &self.president)?;
        if self.name.is_empty() {
            return Err(SettingsError::EmptyName);
        }
        if self.name.chars().count() > 120 {
            return Err(SettingsError::NameTooLong);
        }
        if let Some(r) = &self.ruc {
            self.ruc = Some(ident::validate_ruc(r).map_err(SettingsError::Ruc)?);
        }
        if !(1..=12).contains(&self.fiscal_year_start) {
            return Err(SettingsError::FiscalYear);
        }
        self.currency = "USD".to_string();
        Ok(self)
    }
}

/// The names of the provision buckets, by days past due on the month's last
/// day: current (0), then the SEPS aging buckets.
pub const PROVISION_BUCKETS: [&str; 7] =
    ["0", "1-30", "31-60", "61-90", "91-180", "181-360", "361+"];

/// A provision bucket in words ("al día", "1 a 30 días" ...).
pub fn provision_bucket_label(i: usize, lang: Lang) -> &'static str {
    crate::i18n::labels::PROVISION_BUCKETS[i.min(6)].t(lang)
}

/// The loan-loss provision of the book: the percentage of each active loan's
/// outstanding principal set aside (account 1499) at each month close, by
/// the loan's days past due on the month's last day. Kept in the book (meta
/// key `provision_rates`); a book that never set them has the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionRates {
    /// Percent for each of [`PROVISION_BUCKETS`], in order.
    pub percent: [Decimal; 7],
}

impl Default for ProvisionRates {
    /// The minimum percentages of the Ecuadorian norm for provisions of
    /// savings and credit cooperatives (JPRMF resolution 129-2015-F, for
    /// microcredit: A-1 1 %, A-2 2 %, A-3 3 %, B-1 6 %, B-2 10 %, C-1 20 %,
    /// C-2 40 %, D 60 %, E 100 %), each bucket taking the worst category a
    /// loan reaches in it, so no loan is provisioned below the norm: current
    /// 1 %, 1-30 days 3 %, 31-60 10 %, 61-90 40 %, more than 90 100 %.
    fn default() -> Self {
        ProvisionRates {
            percent: [1, 3, 10, 40, 100, 100, 100].map(Decimal::from),
        }
    }
}

impl ProvisionRates {
    /// Checks that each percentage is from 0 to 100 with at most two
    /// decimals, and that none is lower than the one of a shorter delay.
    pub fn validate(self) -> Result<ProvisionRates, SettingsError> {
        for (i, p) in self.percent.iter().enumerate() {
            if *p < Decimal::ZERO || *p > Decimal::ONE_HUNDRED || p.normalize().scale() > 2 {
                return Err(SettingsError::ProvisionPercent(i));
            }
            if i > 0 && *p < self.percent[i - 1] {
                return Err(SettingsError::ProvisionOrder(i));
            }
        }
        Ok(self)
    }

    /// The percentage for a loan `days` past due (0 or less: current).
    pub fn percent_for(&self, days: i64) -> Decimal {
        match crate::domain::loan::aging_bucket(days) {
            None => self.percent[0],
            Some(b) => self.percent[(b + 1).min(6)],
        }
    }

    /// The bucket named `name` (one of [`PROVISION_BUCKETS`]; `>360` and
    /// `360+` name the last one too).
    pub fn bucket(name: &str) -> Result<usize, SettingsError> {
        let n = name.trim();
        let n = match n {
            ">360" | "360+" | "+360" => "361+",
            "al-dia" | "al-día" | "current" => "0",
            other => other,
        };
        PROVISION_BUCKETS
            .iter()
            .position(|b| *b == n)
            .ok_or_else(|| SettingsError::ProvisionBucket(name.trim().to_string()))
    }
}

/// A percentage as shown: `2,5` in Spanish, `2.5` in English, no trailing zeros.
pub fn percent_text(d: Decimal, lang: Lang) -> String {
    let mark = lang.number_marks().1.to_string();
    d.normalize().to_string().replace('.', &mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn default_provision_rates_follow_the_buckets() {
        let r = ProvisionRates::default();
        assert_eq!(r.validate(), Ok(r));
        assert_eq!(r.percent_for(0), dec("1"));
        assert_eq!(r.percent_for(-3), dec("1"));
        assert_eq!(r.percent_for(1), dec("3"));
        assert_eq!(r.percent_for(30), dec("3"));
        assert_eq!(r.percent_for(31), dec("10"));
        assert_eq!(r.percent_for(61), dec("40"));
        assert_eq!(r.percent_for(90), dec("40"));
        assert_eq!(r.percent_for(91), dec("100"));
        assert_eq!(r.percent_for(1_000), dec("100"));
    }

    #[test]
    fn provision_rates_out_of_range_or_out_of_order_are_refused() {
        let mut r = ProvisionRates::default();
        r.percent[2] = dec("100.5");
        assert_eq!(r.validate(), Err(SettingsError::ProvisionPercent(2)));
        r.percent[2] = dec("2");
        assert_eq!(r.validate(), Err(SettingsError::ProvisionOrder(2)));
        r.percent[2] = dec("3.125");
        assert_eq!(r.validate(), Err(SettingsError::ProvisionPercent(2)));
        let msg = SettingsError::ProvisionOrder(2).message(Lang::Es);
        assert!(msg.contains("31 a 60") && msg.contains("1 a 30"), "{msg}");
        assert_eq!(ProvisionRates::bucket(">360"), Ok(6));
        assert_eq!(ProvisionRates::bucket("31-60"), Ok(2));
        assert!(ProvisionRates::bucket("30-60").is_err());
    }
}
