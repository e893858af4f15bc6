//! The monthly package a book sends to its network: `<RUC>_<YYYY-MM>.ayni-red`.
//!
//! A text file: four lines of header, a blank line, then the content as
//! JSON (anyone can read it):
//!
//! ```text
//! AYNI-RED 1
//! sha256 <64 hex digits: SHA-256 of the content's bytes>
//! key <64 hex digits: the book's Ed25519 public key>
//! signature <128 hex digits: the Ed25519 signature of the content's bytes>
//!
//! {"format": "ayni-red", "version": 1, "month": "2026-10", ...}
//! ```
//!
//! The content carries the association (name, RUC, kind, province and canton
//! from its address), the trial balance at every level of the CUC, the
//! indicators and the figures they come from, and statistics without
//! personal data: members by gender, age band and community, joined and left
//! in the month; the portfolio by aging bucket with the loans and amounts to
//! women; savings; the month's dues collection. No name of a member, no
//! identification number, no phone, no officer's name.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::books::{Book, BookError};
use crate::domain::member::{Gender, MemberStatus};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::report::indicators::{IndicatorJson, Inputs, amount, indicators};

/// The first line of every package.
pub const MAGIC: &str = "AYNI-RED 1";
/// The packages' file extension.
pub const EXTENSION: &str = "ayni-red";
/// The largest package read (a package is a few kB).
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Who sends the package.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Association {
    pub name: String,
    pub ruc: String,
    /// `asociacion`, `caja` or `cooperativa`.
    pub kind: String,
    pub province: String,
    pub canton: String,
}

/// One account of the trial balance, at any level of the CUC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TbRow {
    pub code: String,
    pub name: String,
    #[serde(with = "amount")]
    pub debit: Money,
    #[serde(with = "amount")]
    pub credit: Money,
    /// Debit minus credit.
    #[serde(with = "amount")]
    pub balance: Money,
}

/// Members at the month's end, without anyone's data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStats {
    pub active: u64,
    /// `F`, `M`, `O`.
    pub by_gender: BTreeMap<String, u64>,
    /// `0-17`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`, `65+`, `unknown`.
    pub by_age: BTreeMap<String, u64>,
    pub by_community: BTreeMap<String, u64>,
    pub joined: u64,
    pub left: u64,
}

impl MemberStats {
    pub fn add(&mut self, o: &MemberStats) {
        self.active += o.active;
        self.joined += o.joined;
        self.left += o.left;
        for (map, other) in [
            (&mut self.by_gender, &o.by_gender),
            (&mut self.by_age, &o.by_age),
            (&mut self.by_community, &o.by_community),
        ] {
            for (k, v) in other {
                *map.entry(k.clone()).or_default() += v;
            }
        }
    }
}

/// One aging bucket of the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// `current`, `1-30`, `31-60`, `61-90`, `91-180`, `181-360`, `>360`.
    pub bucket: String,
    pub loans: u64,
    #[serde(with = "amount")]
    pub outstanding: Money,
}

/// The loans outstanding at the month's end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioStats {
    pub loans: u64,
    #[serde(with = "amount")]
    pub outstanding: Money,
    pub buckets: Vec<Bucket>,
    /// Loans to women, and their outstanding principal.
    pub loans_to_women: u64,
    #[serde(with = "amount")]
    pub outstanding_to_women: Money,
    /// Outstanding principal more than 30 days late.
    #[serde(with = "amount")]
    pub par30: Money,
}

impl PortfolioStats {
    pub fn add(&mut self, o: &PortfolioStats) {
        self.loans += o.loans;
        self.outstanding += o.outstanding;
        self.loans_to_women += o.loans_to_women;
        self.outstanding_to_women += o.outstanding_to_women;
        self.par30 += o.par30;
        for b in &o.buckets {
            match self.buckets.iter_mut().find(|x| x.bucket == b.bucket) {
                Some(x) => {
                    x.loans += b.loans;
                    x.outstanding += b.outstanding;
                }
                None => self.buckets.push(b.clone()),
            }
        }
    }
}

/// The members' savings at the month's end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsStats {
    /// Every deposit of the members (21).
    #[serde(with = "amount")]
    pub deposits: Money,
    /// Demand deposits (2101).
    #[serde(with = "amount")]
    pub demand: Money,
}

/// The dues and contributions of the month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesStats {
    #[serde(with = "amount")]
    pub charged: Money,
    #[serde(with = "amount")]
    pub waived: Money,
    #[serde(with = "amount")]
    pub paid: Money,
    /// The collection rate: paid ÷ (charged − waived), four decimals; null
    /// when nothing was due.
    pub rate: Option<String>,
}

/// What a package says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    /// Always `ayni-red`.
    pub format: String,
    pub version: u32,
    /// `YYYY-MM`.
    pub month: String,
    /// When the package was made (the book's clock), `YYYY-MM-DDTHH:MM:SS`.
    pub created: String,
    pub association: Association,
    pub trial_balance: Vec<TbRow>,
    pub inputs: Inputs,
    pub indicators: Vec<IndicatorJson>,
    pub members: MemberStats,
    pub portfolio: PortfolioStats,
    pub savings: SavingsStats,
    pub dues: DuesStats,
}

impl Content {
    pub fn month(&self) -> Option<Month> {
        Month::parse(&self.month).ok()
    }
}

/// Why a package was not made.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error(transparent)]
    Seps(#[from] crate::report::seps::SepsError),
    #[error(transparent)]
    Book(#[from] BookError),
}

impl PackageError {
    /// The reason in the user's language, in the network's words (the
    /// package, not a file for the SEPS).
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::Msg;
        use crate::report::seps::SepsError;
        match self {
            PackageError::Seps(SepsError::MissingRuc) => Msg::NetPkgMissingRuc.t(lang).to_string(),
            PackageError::Seps(SepsError::NotClosed {
                month,
                closed_through,
            }) => {
                let last = match closed_through {
                    Some(c) => Msg::RepSepsLastClosed.fill(lang, &[("month", &c.name(lang))]),
                    None => Msg::RepSepsNoneClosed.t(lang).to_string(),
                };
                Msg::NetPkgNotClosed.fill(lang, &[("month", &month.name(lang)), ("last", &last)])
            }
            PackageError::Seps(e) => e.message(lang),
            PackageError::Book(e) => e.message(lang),
        }
    }
}

/// The provinces of Ecuador, as an address names them.
const PROVINCES: [&str; 24] = [
    "Azuay",
    "Bolívar",
    "Cañar",
    "Carchi",
    "Chimborazo",
    "Cotopaxi",
    "El Oro",
    "Esmeraldas",
    "Galápagos",
    "Guayas",
    "Imbabura",
    "Loja",
    "Los Ríos",
    "Manabí",
    "Morona Santiago",
    "Napo",
    "Orellana",
    "Pastaza",
    "Pichincha",
    "Santa Elena",
    "Santo Domingo de los Tsáchilas",
    "Sucumbíos",
    "Tungurahua",
    "Zamora Chinchipe",
];

/// Letters without accents, lower case: how two spellings are compared.
fn folded(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            'á' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'Ú' | 'ü' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The province and the canton of an address written as places separated by
/// commas, the province last ("Comunidad Angla, San Rafael, Otavalo,
/// Imbabura"); empty when the last place is not a province of Ecuador.
pub fn province_and_canton(address: &str) -> (String, String) {
    let parts: Vec<&str> = address
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return (String::new(), String::new());
    };
    let strip = |s: &str, words: &[&str]| -> String {
        let f = folded(s);
        for w in words {
            if let Some(rest) = f.strip_prefix(w) {
                let n = s.chars().count() - rest.chars().count();
                return s.chars().skip(n).collect::<String>().trim().to_string();
            }
        }
        s.to_string()
    };
    let last = strip(last, &["provincia de ", "provincia "]);
    let Some(province) = PROVINCES.iter().find(|p| folded(p) == folded(&last)) else {
        return (String::new(), String::new());
    };
    let canton = match parts.len() {
        n if n >= 2 => strip(parts[n - 2], &["canton ", "cantón "]),
        _ => String::new(),
    };
    (province.to_string(), canton)
}

/// The age band of a birth date on `day`.
fn age_band(birth: Option<NaiveDate>, day: NaiveDate) -> &'static str {
    let Some(b) = birth else {
        return "unknown";
    };
    let mut age = day.year() - b.year();
    if (day.month(), day.day()) < (b.month(), b.day()) {
        age -= 1;
    }
    match age {
        a if a < 0 => "unknown",
        0..=17 => "0-17",
        18..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65+",
    }
}

/// The bucket names, current first.
pub const BUCKETS: [&str; 7] = [
    "current", "1-30", "31-60", "61-90", "91-180", "181-360", ">360",
];

/// The package's content for a closed month of the book; the indicators'
/// names and formulas in `lang` (the coordinator works them out again in
/// theirs), the accounts under their official CUC names.
pub fn content(book: &Book, month: Month, lang: Lang) -> Result<Content, PackageError> {
    let ruc = crate::report::seps::checked_ruc(book, month)?;
    let settings = book.settings()?;
    let last = month.last_day();
    let (province, canton) = province_and_canton(&settings.address);

    let trial_balance = book
        .account_balances(month)?
        .into_iter()
        .filter(|b| !b.debit.is_zero() || !b.credit.is_zero())
        .map(|b| TbRow {
            name: b.account.name,
            code: b.account.code,
            debit: b.debit,
            credit: b.credit,
            balance: b.balance,
        })
        .collect();

    let mut members = MemberStats::default();
    let mut women = std::collections::HashSet::new();
    for m in book.members()? {
        if m.gender == Gender::Female {
            women.insert(m.id);
        }
        let left_on = match &m.status {
            MemberStatus::Retired { date, .. } => Some(*date),
            MemberStatus::Active => None,
        };
        if Month::of(m.join_date) == month {
            members.joined += 1;
        }
        if left_on.is_some_and(|d| Month::of(d) == month) {
            members.left += 1;
        }
        let active = m.join_date <= last && left_on.is_none_or(|d| d > last);
        if !active {
            continue;
        }
        members.active += 1;
        *members
            .by_gender
            .entry(m.gender.code().to_string())
            .or_default() += 1;
        *members
            .by_age
            .entry(age_band(m.birth_date, last).to_string())
            .or_default() += 1;
        let community = if m.community.trim().is_empty() {
            "-".to_string()
        } else {
            m.community.trim().to_string()
        };
        *members.by_community.entry(community).or_default() += 1;
    }

    let mut portfolio = PortfolioStats {
        buckets: BUCKETS
            .iter()
            .map(|b| Bucket {
                bucket: b.to_string(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    for row in book.loan_portfolio(last)? {
        if !row.outstanding.is_positive() {
            continue;
        }
        portfolio.loans += 1;
        portfolio.outstanding += row.outstanding;
        let i = match crate::domain::loan::aging_bucket(row.days_past_due) {
            None => 0,
            Some(b) => b + 1,
        };
        portfolio.buckets[i].loans += 1;
        portfolio.buckets[i].outstanding += row.outstanding;
        if i >= 2 {
            portfolio.par30 += row.outstanding;
        }
        if women.contains(&row.member) {
            portfolio.loans_to_women += 1;
            portfolio.outstanding_to_women += row.outstanding;
        }
    }

    let inputs = Inputs::of(book, month)?;
    let collection = book.collection(month)?;
    Ok(Content {
        format: "ayni-red".into(),
        version: 1,
        month: month.to_string(),
        created: book.clock().now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        association: Association {
            name: settings.name.clone(),
            ruc,
            kind: settings.kind.code().to_string(),
            province,
            canton,
        },
        trial_balance,
        indicators: indicators(&inputs, lang)
            .iter()
            .map(IndicatorJson::of)
            .collect(),
        savings: SavingsStats {
            deposits: inputs.savings_deposits,
            demand: inputs.demand_deposits,
        },
        inputs,
        members,
        portfolio,
        dues: DuesStats {
            charged: collection.charged,
            waived: collection.waived,
            paid: collection.paid,
            rate: crate::report::indicators::ratio(
                collection.paid,
                collection.charged - collection.waived,
            )
            .map(|r| format!("{r:.4}")),
        },
    })
}

/// The package's file name: `<RUC>_<YYYY-MM>.ayni-red`.
pub fn file_name(c: &Content) -> String {
    format!("{}_{}.{EXTENSION}", c.association.ruc, c.month)
}

/// The package's bytes: the header, a blank line, the content signed.
pub fn seal(c: &Content, key: &SigningKey) -> Vec<u8> {
    let mut body = serde_json::to_vec(c).unwrap_or_default();
    body.push(b'\n');
    let digest = hex::encode(Sha256::digest(&body));
    let signature = hex::encode(key.sign(&body).to_bytes());
    let public = hex::encode(key.verifying_key().as_bytes());
    let mut out =
        format!("{MAGIC}\nsha256 {digest}\nkey {public}\nsignature {signature}\n\n").into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Why a package was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not an ayni network package")]
    NotAPackage,
    #[error("the content does not match its SHA-256: it was changed")]
    Hash,
    #[error("the signature does not match the content and key")]
    Signature,
    #[error("the content cannot be read: {0}")]
    Content(String),
    #[error("the key is not in the network's registry")]
    UnknownKey,
    #[error("the key belongs to another association in the registry")]
    WrongAssociation,
    #[error("the file does not exist")]
    Missing,
    #[error("{0}")]
    Unreadable(String),
}

/// A package whose hash and signature hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub content: Content,
    /// The key that signed it, in hex.
    pub key: String,
}

fn hex_field<const N: usize>(line: Option<&str>, name: &str) -> Result<[u8; N], Refusal> {
    let v = line
        .and_then(|l| l.strip_prefix(name))
        .and_then(|l| l.strip_prefix(' '))
        .ok_or(Refusal::NotAPackage)?;
    let bytes = hex::decode(v.trim_end_matches('\r')).map_err(|_| Refusal::NotAPackage)?;
    bytes.try_into().map_err(|_| Refusal::NotAPackage)
}

/// Reads a package's bytes: its header, then the hash and the signature of
/// its content, then the content. Nothing is trusted before both hold.
pub fn open(bytes: &[u8]) -> Result<Verified, Refusal> {
    let split = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or(Refusal::NotAPackage)?;
    let head = std::str::from_utf8(&bytes[..split]).map_err(|_| Refusal::NotAPackage)?;
    let body = &bytes[split + 2..];
    let mut lines = head.lines();
    if lines.next().map(|l| l.trim_end_matches('\r')) != Some(MAGIC) {
        return Err(Refusal::NotAPackage);
    }
    let digest: [u8; 32] = hex_field(lines.next(), "sha256")?;
    let key: [u8; 32] = hex_field(lines.next(), "key")?;
    let signature: [u8; 64] = hex_field(lines.next(), "signature")?;
    if Sha256::digest(body).as_slice() != digest {
        return Err(Refusal::Hash);
    }
    let public = VerifyingKey::from_bytes(&key).map_err(|_| Refusal::Signature)?;
    public
        .verify_strict(body, &Signature::from_bytes(&signature))
        .map_err(|_| Refusal::Signature)?;
    let content: Content =
        serde_json::from_slice(body).map_err(|e| Refusal::Content(e.to_string()))?;
    if content.format != "ayni-red" || content.month().is_none() {
        return Err(Refusal::Content("format".into()));
    }
    Ok(Verified {
        content,
        key: hex::encode(key),
    })
}
