//! The chart of accounts, after the SEPS Catálogo Único de Cuentas (CUC).
//!
//! Codes nest by length: element (1 digit) > group (2) > account (4) >
//! sub-account (6). Entries post only to leaves: a 4-digit account without
//! sub-accounts, or a 6-digit sub-account.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

/// The element (first digit) of an account code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Element {
    Assets,
    Liabilities,
    Equity,
    Expenses,
    Income,
    Contingent,
    Memorandum,
}

impl Element {
    pub fn of(code: &str) -> Option<Element> {
        Some(match code.as_bytes().first()? {
            b'1' => Element::Assets,
            b'2' => Element::Liabilities,
            b'3' => Element::Equity,
            b'4' => Element::Expenses,
            b'5' => Element::Income,
            b'6' => Element::Contingent,
            b'7' => Element::Memorandum,
            _ => return None,
        })
    }
    /// Whether the element's accounts normally carry a debit balance.
    pub fn debit_normal(self) -> bool {
        matches!(
            self,
            Element::Assets | Element::Expenses | Element::Contingent | Element::Memorandum
        )
    }
}

/// Level of an account by the length of its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Element,
    Group,
    Account,
    SubAccount,
}

impl Level {
    pub fn of(code: &str) -> Option<Level> {
        match code.len() {
            1 => Some(Level::Element),
            2 => Some(Level::Group),
            4 => Some(Level::Account),
            6 => Some(Level::SubAccount),
            _ => None,
        }
    }
}

/// The code of the parent of `code` in the CUC tree (`"110101"` -> `"1101"`).
pub fn parent_code(code: &str) -> Option<&str> {
    match code.len() {
        2 => Some(&code[..1]),
        4 => Some(&code[..2]),
        6 => Some(&code[..4]),
        _ => None,
    }
}

/// An account of the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// CUC code: 1, 2, 4 or 6 digits.
    pub code: String,
    /// Official (Spanish) name.
    pub name: String,
    /// English name, for the English interface; user accounts may have none.
    pub name_en: Option<String>,
    /// Contra account: its balance runs against its element (provisions,
    /// depreciation, losses). Shown negative in reports.
    pub contra: bool,
    /// Member subledger control account: every posting to it names a member,
    /// and the members' balances must add up to it.
    pub subledger: bool,
    /// Added by the user (a sub-account), not seeded from the CUC.
    pub user_defined: bool,
}

impl Account {
    pub fn element(&self) -> Option<Element> {
        Element::of(&self.code)
    }
    pub fn level(&self) -> Option<Level> {
        Level::of(&self.code)
    }
    /// Whether a debit increases the account's natural balance.
    pub fn debit_normal(&self) -> bool {
        self.element().is_some_and(|e| e.debit_normal()) != self.contra
    }
    /// The name in the user's language (the official name when there is no translation).
    pub fn display_name(&self, lang: Lang) -> &str {
        match (lang, &self.name_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.name,
        }
    }
}

/// Why an account code or a new sub-account is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("'{0}' is not an account code: a sub-account has 6 digits")]
    BadCode(String),
    #[error("sub-account {code} must begin with the code of its account {parent}")]
    WrongParent { code: String, parent: String },
    #[error("the account name is empty")]
    EmptyName,
    #[error("the account name is too long (at most 80 characters)")]
    NameTooLong,
    #[error("the account name {0}")]
    Text(crate::domain::text::TextProblem),
}

impl AccountError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AccountError::BadCode(c) => {
                Msg::ErrAccountBadCode.fill(lang, &[("c", &crate::domain::text::visible(c))])
            }
            AccountError::WrongParent { code, parent } => {
                Msg::ErrAccountWrongParent.fill(lang, &[("code", &code), ("parent", &parent)])
            }
            AccountError::EmptyName => Msg::ErrAccountEmptyName.t(lang).into(),
            AccountError::NameTooLong => Msg::ErrAccountNameTooLong.t(lang).into(),
            AccountError::Text(p) => {
                Msg::ErrAccountText.fill(lang, &[("problem", &p.message(lang))])
            }
        }
    }
}

/// Validates a new sub-account's code and name against its parent's code.
pub fn validate_sub_account(parent: &str, code: &str, name: &str) -> Result<(), AccountError> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AccountError::BadCode(code.to_string()));
    }
    if parent.len() != 4 || !code.starts_with(parent) || code.ends_with("00") {
        return Err(AccountError::WrongParent {
            code: code.to_string(),
            parent: parent.to_string(),
        });
    }
    let name = crate::domain::text::line(name).map_err(AccountError::Text)?;
    if name.is_empty() {
        return Err(AccountError::EmptyName);
    }
    if name.chars().count() > 80 {
        return Err(AccountError::NameTooLong);
    }
    Ok(())
}

/// Whether an account holds cash or bank money: the accounts of group 11,
/// Fondos disponibles (1101 Caja, 1103 Bancos and their sub-accounts). Their
/// balance never goes below zero on any day.
pub fn is_cash_or_bank(code: &str) -> bool {
    code.len() >= 4 && code.starts_with("11")
}

/// Accounts ayni's own operations use.
pub mod codes {
    pub const CASH: &str = "1101";
    pub const BANKS: &str = "1103";
    pub const MICROCREDIT_CURRENT: &str = "1404";
    pub const MICROCREDIT_OVERDUE: &str = "1452";
    pub const SAVINGS_DEPOSITS: &str = "2101";
    pub const RESTRICTED_DEPOSITS: &str = "2105";
    /// Dues and contributions collected in advance (a liability until the
    /// month of the charge they pay): a member subledger account.
    pub const ADVANCE_COLLECTIONS: &str = "299010";
    pub const MEMBER_CONTRIBUTIONS: &str = "3103";
    pub const LEGAL_RESERVE: &str = "3301";
    pub const DONATIONS: &str = "3402";
    pub const ACCUMULATED_SURPLUS: &str = "3601";
    pub const ACCUMULATED_LOSSES: &str = "3602";
    pub const YEAR_SURPLUS: &str = "3603";
    pub const YEAR_LOSS: &str = "3604";
}

/// (code, Spanish name, English name, contra, member subledger)
type Seed = (&'static str, &'static str, &'static str, bool, bool);

/// What an association of the popular and solidarity economy needs from the CUC.
const SEED: &[Seed] = &[
    ("1", "Activos", "Assets", false, false),
    ("11", "Fondos disponibles", "Available funds", false, false),
    ("1101", "Caja", "Cash", false, false),
    (
        "1103",
        "Bancos y otras entidades financieras",
        "Banks and other financial institutions",
        false,
        false,
    ),
    ("13", "Inversiones", "Investments", false, false),
    (
        "1305",
        "Mantenidas hasta su vencimiento de entidades del sector privado",
        "Held to maturity, private sector",
        false,
        false,
    ),
    ("14", "Cartera de créditos", "Loan portfolio", false, false),
    (
        "1402",
        "Cartera de créditos de consumo por vencer",
        "Consumer loans, current",
        false,
        true,
    ),
    (
        "1404",
        "Cartera de microcrédito por vencer",
        "Microcredit, current",
        false,
        true,
    ),
    (
        "1428",
        "Cartera de microcrédito que no devenga intereses",
        "Microcredit, non-accruing",
        false,
        true,
    ),
    (
        "1452",
        "Cartera de microcrédito vencida",
        "Microcredit, overdue",
        false,
        true,
    ),
    (
        "1499",
        "Provisiones para créditos incobrables",
        "Allowance for loan losses",
        true,
        false,
    ),
    ("16", "Cuentas por cobrar", "Receivables", false, false),
    (
        "1603",
        "Intereses por cobrar de cartera de créditos",
        "Interest receivable on loans",
        false,
        false,
    ),
    (
        "1614",
        "Pagos por cuenta de socios",
        "Payments on behalf of members",
        false,
        true,
    ),
    (
        "1690",
        "Cuentas por cobrar varias",
        "Other receivables",
        false,
        false,
    ),
    (
        "1699",
        "Provisión para cuentas por cobrar",
        "Allowance for receivables",
        true,
        false,
    ),
    (
        "18",
        "Propiedades y equipo",
        "Property and equipment",
        false,
        false,
    ),
    (
        "1805",
        "Muebles, enseres y equipos de oficina",
        "Furniture and office equipment",
        false,
        false,
    ),
    (
        "1806",
        "Equipos de computación",
        "Computer equipment",
        false,
        false,
    ),
    (
        "1899",
        "Depreciación acumulada",
        "Accumulated depreciation",
        true,
        false,
    ),
    ("19", "Otros activos", "Other assets", false, false),
    (
        "1904",
        "Gastos y pagos anticipados",
        "Prepaid expenses",
        false,
        false,
    ),
    ("2", "Pasivos", "Liabilities", false, false),
    (
        "21",
        "Obligaciones con el público",
        "Deposits from members",
        false,
        false,
    ),
    (
        "2101",
        "Depósitos a la vista",
        "Demand deposits (savings)",
        false,
        true,
    ),
    (
        "2104",
        "Depósitos de garantía",
        "Guarantee deposits",
        false,
        true,
    ),
    (
        "2105",
        "Depósitos restringidos",
        "Restricted deposits",
        false,
        true,
    ),
    ("25", "Cuentas por pagar", "Payables", false, false),
    (
        "2501",
        "Intereses por pagar",
        "Interest payable",
        false,
        false,
    ),
    ("2504", "Retenciones", "Withholdings", false, false),
    ("2506", "Proveedores", "Suppliers", false, false),
    (
        "2590",
        "Cuentas por pagar varias",
        "Other payables",
        false,
        false,
    ),
    ("26", "Obligaciones financieras", "Borrowings", false, false),
    (
        "2690",
        "Otras obligaciones",
        "Other borrowings",
        false,
        false,
    ),
    ("29", "Otros pasivos", "Other liabilities", false, false),
    ("2990", "Otros", "Other", false, false),
    (
        "299010",
        "Cuotas y aportes anticipados",
        "Dues and contributions in advance",
        false,
        true,
    ),
    ("3", "Patrimonio", "Equity", false, false),
    ("31", "Capital social", "Share capital", false, false),
    (
        "3103",
        "Aportes de socios",
        "Member contributions",
        false,
        true,
    ),
    ("33", "Reservas", "Reserves", false, false),
    (
        "3301",
        "Fondo irrepartible de reserva legal",
        "Non-distributable legal reserve",
        false,
        false,
    ),
    ("3303", "Especiales", "Special reserves", false, false),
    (
        "34",
        "Otros aportes patrimoniales",
        "Other equity contributions",
        false,
        false,
    ),
    ("3402", "Donaciones", "Donations", false, false),
    ("36", "Resultados", "Results", false, false),
    (
        "3601",
        "Utilidades o excedentes acumuladas",
        "Accumulated surplus",
        false,
        false,
    ),
    (
        "3602",
        "Pérdidas acumuladas",
        "Accumulated losses",
        true,
        false,
    ),
    (
        "3603",
        "Utilidad o excedente del ejercicio",
        "Surplus for the year",
        false,
        false,
    ),
    (
        "3604",
        "Pérdida del ejercicio",
        "Loss for the year",
        true,
        false,
    ),
    ("4", "Gastos", "Expenses", false, false),
    ("41", "Intereses causados", "Interest expense", false, false),
    (
        "4101",
        "Obligaciones con el público",
        "Interest on member deposits",
        false,
        false,
    ),
    ("44", "Provisiones", "Provisions", false, false),
    (
        "4402",
        "Cartera de créditos",
        "Loan loss provisions",
        false,
        false,
    ),
    (
        "45",
        "Gastos de operación",
        "Operating expenses",
        false,
        false,
    ),
    ("4501", "Gastos de personal", "Staff costs", false, false),
    ("4502", "Honorarios", "Professional fees", false, false),
    ("4503", "Servicios varios", "Services", false, false),
    (
        "4504",
        "Impuestos, contribuciones y multas",
        "Taxes, contributions and fines",
        false,
        false,
    ),
    ("4505", "Depreciaciones", "Depreciation", false, false),
    ("4506", "Amortizaciones", "Amortisation", false, false),
    (
        "4507",
        "Otros gastos",
        "Other operating expenses",
        false,
        false,
    ),
    (
        "47",
        "Otros gastos y pérdidas",
        "Other expenses and losses",
        false,
        false,
    ),
    ("4790", "Otros", "Other", false, false),
    ("5", "Ingresos", "Income", false, false),
    (
        "51",
        "Intereses y descuentos ganados",
        "Interest income",
        false,
        false,
    ),
    (
        "5104",
        "Intereses y descuentos de cartera de créditos",
        "Interest on loans",
        false,
        false,
    ),
    (
        "5190",
        "Otros intereses y descuentos",
        "Other interest",
        false,
        false,
    ),
    (
        "54",
        "Ingresos por servicios",
        "Service income",
        false,
        false,
    ),
    (
        "5490",
        "Otros servicios",
        "Other services (dues and fees)",
        false,
        false,
    ),
    ("56", "Otros ingresos", "Other income", false, false),
    (
        "5604",
        "Recuperaciones de activos financieros",
        "Recoveries of financial assets",
        false,
        false,
    ),
    ("5690", "Otros", "Other", false, false),
];

/// The accounts that hold dues and contributions collected in advance
/// ([`codes::ADVANCE_COLLECTIONS`] and its parents), as seeded: books made
/// before they were seeded get them on their first payment in advance.
pub fn advance_accounts() -> Vec<Account> {
    seed_chart()
        .into_iter()
        .filter(|a| codes::ADVANCE_COLLECTIONS.starts_with(a.code.as_str()) && a.code.len() > 1)
        .collect()
}

/// The seeded chart, in code order.
pub fn seed_chart() -> Vec<Account> {
    let mut v: Vec<Account> = SEED
        .iter()
        .map(|&(code, es, en, contra, subledger)| Account {
            code: code.to_string(),
            name: es.to_string(),
            name_en: Some(en.to_string()),
            contra,
            subledger,
            user_defined: false,
        })
        .collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_a_well_formed_tree() {
        let chart = seed_chart();
        for a in &chart {
            assert!(a.level().is_some(), "bad code length {}", a.code);
            if let Some(p) = parent_code(&a.code) {
                assert!(
                    chart.iter().any(|x| x.code == p),
                    "{} has no parent",
                    a.code
                );
            }
        }
        let mut codes: Vec<&str> = chart.iter().map(|a| a.code.as_str()).collect();
        codes.dedup();
        assert_eq!(codes.len(), chart.len());
    }

    #[test]
    fn natural_sides() {
        let chart = seed_chart();
        let find = |c: &str| chart.iter().find(|a| a.code == c).cloned();
        assert_eq!(find("1101").map(|a| a.debit_normal()), Some(true));
        assert_eq!(find("1499").map(|a| a.debit_normal()), Some(false));
        assert_eq!(find("2101").map(|a| a.debit_normal()), Some(false));
        assert_eq!(find("3602").map(|a| a.debit_normal()), Some(true));
        assert_eq!(find("4501").map(|a| a.debit_normal()), Some(true));
        assert_eq!(find("5104").map(|a| a.debit_normal()), Some(false));
    }

    #[test]
    fn sub_account_rules() {
        assert!(validate_sub_account("1101", "110101", "Caja chica").is_ok());
        assert!(matches!(
            validate_sub_account("1101", "11010", "x"),
            Err(AccountError::BadCode(_))
        ));
        assert!(matches!(
            validate_sub_account("1101", "110301", "x"),
            Err(AccountError::WrongParent { .. })
        ));
        assert!(matches!(
            validate_sub_account("1101", "110100", "x"),
            Err(AccountError::WrongParent { .. })
        ));
        assert_eq!(
            validate_sub_account("1101", "110102", "  "),
            Err(AccountError::EmptyName)
        );
    }
}
