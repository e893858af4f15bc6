//! The association's settings.

use serde::{Deserialize, Serialize};

use crate::domain::ident;
use crate::i18n::Lang;

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
        match (self, lang) {
            (AssocKind::Asociacion, Lang::Es) => "Asociación",
            (AssocKind::Asociacion, Lang::En) => "Association",
            (AssocKind::Caja, Lang::Es) => "Caja de ahorro",
            (AssocKind::Caja, Lang::En) => "Savings group (caja de ahorro)",
            (AssocKind::Cooperativa, Lang::Es) => "Cooperativa de ahorro y crédito",
            (AssocKind::Cooperativa, Lang::En) => "Savings and credit cooperative",
        }
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
}

impl SettingsError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SettingsError::EmptyName, Lang::Es) => "Falta el nombre de la asociación.".into(),
            (SettingsError::EmptyName, Lang::En) => "The association's name is missing.".into(),
            (SettingsError::NameTooLong, Lang::Es) => {
                "El nombre es demasiado largo (máximo 120 caracteres).".into()
            }
            (SettingsError::NameTooLong, Lang::En) => {
                "The name is too long (at most 120 characters).".into()
            }
            (SettingsError::Ruc(e), Lang::Es) => format!("RUC no válido: {}", e.message(lang)),
            (SettingsError::Ruc(e), Lang::En) => format!("Invalid RUC: {}", e.message(lang)),
            (SettingsError::FiscalYear, Lang::Es) => {
                "El año fiscal empieza en un mes de 1 a 12.".into()
            }
            (SettingsError::FiscalYear, Lang::En) => {
                "The fiscal year starts in a month from 1 to 12.".into()
            }
            (SettingsError::Text(e), _) => e.message(lang),
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
