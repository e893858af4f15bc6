//! A network of associations: each book sends one signed package a month
//! ([`package`]); the coordinator's ayni reads any number of them, refuses
//! those whose hash or signature fails or whose key the network's registry
//! does not know, and consolidates the rest ([`NetworkReport`]): each
//! association's indicators, the network's trial balance (the sum by code),
//! its members, portfolio and savings, its indicators worked out from the
//! summed inputs, and the months each association has sent or not.

pub mod package;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::period::Month;
use crate::i18n::{Lang, Msg};
use crate::report::indicators::{Indicator, IndicatorJson, Inputs, indicators, percent, ratio};
use crate::report::render::{Block, Cell, Column, Doc, Letterhead, Report, Row, Table};
use package::{Content, MemberStats, PortfolioStats, Refusal, SavingsStats, TbRow, Verified};

/// The network's registry (`red.toml`): its associations and their keys.
///
/// ```toml
/// name = "Red de Cotopaxi"
///
/// [[association]]
/// ruc = "0591234567001"
/// name = "Asociación Agroartesanal Sumak Pacha"
/// key = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "association")]
    pub associations: Vec<Member>,
}

/// One association of the registry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub ruc: String,
    #[serde(default)]
    pub name: String,
    /// The public key, 64 hexadecimal digits.
    pub key: String,
}

/// Why a registry was not read.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error("{path}: {detail}")]
    Registry { path: String, detail: String },
    #[error("{path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path}: the key of {ruc} is not 64 hexadecimal digits")]
    RegistryKey { path: String, ruc: String },
    #[error("no package was found")]
    NoPackages,
    #[error("no package could be read")]
    AllRefused(Vec<Refused>),
}

impl NetworkError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NetworkError::Registry { path, detail } => {
                Msg::NetErrRegistry.fill(lang, &[("path", path), ("detail", detail)])
            }
            NetworkError::Read { path, detail } => {
                Msg::RepErrIo.fill(lang, &[("path", path), ("detail", detail)])
            }
            NetworkError::RegistryKey { path, ruc } => {
                Msg::NetErrRegistryKey.fill(lang, &[("path", path), ("ruc", ruc)])
            }
            NetworkError::NoPackages => Msg::NetErrNoPackages.t(lang).to_string(),
            NetworkError::AllRefused(list) => {
                let mut s = Msg::NetErrAllRefused.t(lang).to_string();
                for r in list {
                    s.push_str(&format!(
                        "\n  {}: {}",
                        r.file,
                        refusal_text(&r.reason, lang)
                    ));
                }
                s
            }
        }
    }
}

/// A refusal in the user's language.
pub fn refusal_text(r: &Refusal, lang: Lang) -> String {
    match r {
        Refusal::NotAPackage => Msg::NetRefNotPackage.t(lang).to_string(),
        Refusal::Hash => Msg::NetRefHash.t(lang).to_string(),
        Refusal::Signature => Msg::NetRefSignature.t(lang).to_string(),
        Refusal::Content(d) => Msg::NetRefContent.fill(lang, &[("detail", d)]),
        Refusal::UnknownKey => Msg::NetRefUnknownKey.t(lang).to_string(),
        Refusal::WrongAssociation => Msg::NetRefWrongAssociation.t(lang).to_string(),
        Refusal::Missing => Msg::NetRefMissing.t(lang).to_string(),
        Refusal::Unreadable(d) => d.clone(),
    }
}

impl Registry {
    /// Reads a registry file (at most 1 MB).
    pub fn read(path: &Path) -> Result<Registry, NetworkError> {
        let err = |detail: String| NetworkError::Registry {
            path: path.display().to_string(),
            detail,
        };
        let bytes = crate::files::read_capped(path, 1 << 20).map_err(|e| err(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| err(e.to_string()))?;
        let r: Registry = toml::from_str(&text).map_err(|e| err(e.message().to_string()))?;
        for a in &r.associations {
            let ok = a.key.len() == 64 && a.key.bytes().all(|b| b.is_ascii_hexdigit());
            if !ok {
                return Err(NetworkError::RegistryKey {
                    path: path.display().to_string(),
                    ruc: a.ruc.clone(),
                });
            }
        }
        Ok(r)
    }

    fn by_key(&self, key: &str) -> Option<&Member> {
        self.associations
            .iter()
            .find(|a| a.key.eq_ignore_ascii_case(key))
    }
}

/// A package file refused, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub file: String,
    pub reason: Refusal,
}

/// The package files among `paths`: files as given, and the `.ayni-red`
/// files of folders (not their subfolders), in name order.
pub fn package_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, NetworkError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| NetworkError::Read {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
            let mut found: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| {
                    f.extension()
                        .is_some_and(|x| x.eq_ignore_ascii_case(package::EXTENSION))
                        && f.is_file()
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// The packages read: those whose hash, signature and key hold, and the
/// refused by name. With a registry a key must be in it and belong to the
/// RUC the package names.
pub fn read_packages(
    files: &[PathBuf],
    registry: Option<&Registry>,
) -> (Vec<Verified>, Vec<Refused>) {
    let mut ok = Vec::new();
    let mut refused = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let result = crate::files::read_capped(f, package::MAX_BYTES)
            .map_err(|e| match e {
                crate::files::ReadError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                    Refusal::Missing
                }
                crate::files::ReadError::NotRegular | crate::files::ReadError::TooLarge(_) => {
                    Refusal::NotAPackage
                }
                other => Refusal::Unreadable(other.to_string()),
            })
            .and_then(|b| package::open(&b))
            .and_then(|v| match registry {
                None => Ok(v),
                Some(r) => match r.by_key(&v.key) {
                    None => Err(Refusal::UnknownKey),
                    Some(m) if m.ruc != v.content.association.ruc => Err(Refusal::WrongAssociation),
                    Some(_) => Ok(v),
                },
            });
        match result {
            Ok(v) => ok.push(v),
            Err(reason) => refused.push(Refused { file: name, reason }),
        }
    }
    (ok, refused)
}

/// One association in the report.
#[derive(Clone, Debug)]
pub struct AssocLine {
    pub ruc: String,
    pub name: String,
    pub province: String,
    pub canton: String,
    /// The month's package, if it was sent.
    pub content: Option<Content>,
    /// The indicators of the month, worked out from the package's inputs.
    pub indicators: Vec<Indicator>,
    /// Every month sent, oldest first.
    pub months: Vec<Month>,
    /// The indicators' values of earlier months sent: (month, id → value).
    pub trend: Vec<(Month, BTreeMap<String, Option<String>>)>,
}

/// The network as a whole for the month.
#[derive(Clone, Debug, Default)]
pub struct NetworkTotals {
    pub trial_balance: Vec<TbRow>,
    pub members: MemberStats,
    pub portfolio: PortfolioStats,
    pub savings: SavingsStats,
    pub inputs: Inputs,
    pub indicators: Vec<Indicator>,
    /// How many associations the totals add up.
    pub associations: usize,
}

/// `ayni network report`: the associations' packages consolidated.
#[derive(Clone, Debug)]
pub struct NetworkReport {
    pub letterhead: Letterhead,
    pub month: Month,
    pub associations: Vec<AssocLine>,
    pub network: NetworkTotals,
    /// Associations and the months of the period (from the earliest package
    /// read to the month) they have not sent.
    pub missing: Vec<(String, String, Vec<Month>)>,
    pub refused: Vec<Refused>,
    pub lang: Lang,
}

impl NetworkReport {
    /// Consolidates `packages` for `month` (default: the latest month any
    /// package is for).
    pub fn of(
        packages: Vec<Verified>,
        refused: Vec<Refused>,
        registry: Option<&Registry>,
        month: Option<Month>,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> NetworkReport {
        // One package per association and month: the latest made.
        let mut by: BTreeMap<(String, Month), Content> = BTreeMap::new();
        for v in packages {
            let Some(m) = v.content.month() else { continue };
            let key = (v.content.association.ruc.clone(), m);
            let newer = by.get(&key).is_none_or(|c| c.created < v.content.created);
            if newer {
                by.insert(key, v.content);
            }
        }
        let month = month
            .or_else(|| by.keys().map(|(_, m)| *m).max())
            .unwrap_or_else(|| Month::of(today));
        let first = by
            .keys()
            .map(|(_, m)| *m)
            .filter(|m| *m <= month)
            .min()
            .unwrap_or(month);

        // Every association: the registry's, then any other that sent.
        let mut rucs: Vec<(String, String)> = registry
            .map(|r| {
                r.associations
                    .iter()
                    .map(|a| (a.ruc.clone(), a.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for ((ruc, _), c) in &by {
            if !rucs.iter().any(|(r, _)| r == ruc) {
                rucs.push((ruc.clone(), c.association.name.clone()));
            }
        }

        let mut associations = Vec::new();
        let mut missing = Vec::new();
        let mut network = NetworkTotals::default();
        let mut tb: BTreeMap<String, TbRow> = BTreeMap::new();
        let mut inputs = Vec::new();
        for (ruc, reg_name) in rucs {
            let sent: Vec<Month> = by
                .keys()
                .filter(|(r, _)| *r == ruc)
                .map(|(_, m)| *m)
                .collect();
            let content = by.get(&(ruc.clone(), month)).cloned();
            let mut gaps = Vec::new();
            let mut k = first;
            while k <= month {
                if !sent.contains(&k) {
                    gaps.push(k);
                }
                k = k.next();
            }
            let latest = sent.iter().rev().find_map(|m| by.get(&(ruc.clone(), *m)));
            let name = latest
                .map(|c| c.association.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or(reg_name);
            if !gaps.is_empty() {
                missing.push((ruc.clone(), name.clone(), gaps));
            }
            let trend = sent
                .iter()
                .filter(|m| **m < month)
                .filter_map(|m| {
                    let c = by.get(&(ruc.clone(), *m))?;
                    let values = indicators(&c.inputs, lang)
                        .iter()
                        .map(|i| (i.id.clone(), IndicatorJson::of(i).value))
                        .collect();
                    Some((*m, values))
                })
                .collect();
            let list = content
                .as_ref()
                .map(|c| indicators(&c.inputs, lang))
                .unwrap_or_default();
            if let Some(c) = &content {
                network.associations += 1;
                network.members.add(&c.members);
                network.portfolio.add(&c.portfolio);
                network.savings.deposits += c.savings.deposits;
                network.savings.demand += c.savings.demand;
                inputs.push(c.inputs.clone());
                for row in &c.trial_balance {
                    let t = tb.entry(row.code.clone()).or_insert_with(|| TbRow {
                        code: row.code.clone(),
                        name: row.name.clone(),
                        ..Default::default()
                    });
                    t.debit += row.debit;
                    t.credit += row.credit;
                    t.balance += row.balance;
                }
            }
            let (province, canton) = latest
                .map(|c| (c.association.province.clone(), c.association.canton.clone()))
                .unwrap_or_default();
            associations.push(AssocLine {
                ruc,
                name,
                province,
                canton,
                content,
                indicators: list,
                months: sent,
                trend,
            });
        }
        network.trial_balance = tb.into_values().collect();
        network.inputs = Inputs::sum(&inputs);
        network.indicators = indicators(&network.inputs, lang);
        let mut letterhead = Letterhead::blank(today);
        letterhead.name = registry
            .map(|r| r.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| Msg::NetTitle.t(lang).to_string());
        NetworkReport {
            letterhead,
            month,
            associations,
            network,
            missing,
            refused,
            lang,
        }
    }

    /// PAR30 of the network: the principal over 30 days late over the
    /// principal outstanding (each association weighed by its portfolio).
    pub fn par30(&self) -> Option<rust_decimal::Decimal> {
        ratio(
            self.network.portfolio.par30,
            self.network.portfolio.outstanding,
        )
    }
}

#[derive(Serialize)]
struct JsonAssoc {
    ruc: String,
    name: String,
    province: String,
    canton: String,
    sent: bool,
    months: Vec<String>,
    indicators: Vec<IndicatorJson>,
    members: Option<MemberStats>,
    portfolio: Option<PortfolioStats>,
    savings: Option<SavingsStats>,
    dues: Option<package::DuesStats>,
    trend: Vec<JsonTrend>,
}

#[derive(Serialize)]
struct JsonTrend {
    month: String,
    values: BTreeMap<String, Option<String>>,
}

#[derive(Serialize)]
struct JsonNetwork {
    associations: usize,
    trial_balance: Vec<TbRow>,
    members: MemberStats,
    portfolio: PortfolioStats,
    par30: Option<String>,
    savings: SavingsStats,
    indicators: Vec<IndicatorJson>,
}

#[derive(Serialize)]
struct JsonMissing {
    ruc: String,
    name: String,
    months: Vec<String>,
}

#[derive(Serialize)]
struct JsonRefused {
    file: String,
    reason: String,
}

#[derive(Serialize)]
struct Json {
    month: String,
    associations: Vec<JsonAssoc>,
    network: JsonNetwork,
    missing: Vec<JsonMissing>,
    refused: Vec<JsonRefused>,
}

impl Serialize for NetworkReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let months = |v: &[Month]| v.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        Json {
            month: self.month.to_string(),
            associations: self
                .associations
                .iter()
                .map(|a| JsonAssoc {
                    ruc: a.ruc.clone(),
                    name: a.name.clone(),
                    province: a.province.clone(),
                    canton: a.canton.clone(),
                    sent: a.content.is_some(),
                    months: months(&a.months),
                    indicators: a.indicators.iter().map(IndicatorJson::of).collect(),
                    members: a.content.as_ref().map(|c| c.members.clone()),
                    portfolio: a.content.as_ref().map(|c| c.portfolio.clone()),
                    savings: a.content.as_ref().map(|c| c.savings.clone()),
                    dues: a.content.as_ref().map(|c| c.dues.clone()),
                    trend: a
                        .trend
                        .iter()
                        .map(|(m, v)| JsonTrend {
                            month: m.to_string(),
                            values: v.clone(),
                        })
                        .collect(),
                })
                .collect(),
            network: JsonNetwork {
                associations: self.network.associations,
                trial_balance: self.network.trial_balance.clone(),
                members: self.network.members.clone(),
                portfolio: self.network.portfolio.clone(),
                par30: self.par30().map(|v| format!("{v:.4}")),
                savings: self.network.savings.clone(),
                indicators: self
                    .network
                    .indicators
                    .iter()
                    .map(IndicatorJson::of)
                    .collect(),
            },
            missing: self
                .missing
                .iter()
                .map(|(ruc, name, m)| JsonMissing {
                    ruc: ruc.clone(),
                    name: name.clone(),
                    months: months(m),
                })
                .collect(),
            refused: self
                .refused
                .iter()
                .map(|r| JsonRefused {
                    file: r.file.clone(),
                    reason: refusal_text(&r.reason, self.lang),
                })
                .collect(),
        }
        .serialize(s)
    }
}

/// The status marks of a list of indicators in one string: "✓✗⚠–…".
pub fn marks(list: &[Indicator]) -> String {
    list.iter().map(|i| i.status.mark()).collect()
}

impl NetworkReport {
    fn associations_table(&self, lang: Lang) -> Table {
        let mut t = Table::new(
            "associations",
            Some(Msg::NetAssociations.t(lang).to_string()),
            vec![
                Column::text(Msg::NetColRuc.t(lang), 13),
                Column::text(Msg::NetColName.t(lang), 30),
                Column::number(Msg::NetColMembers.t(lang), 7),
                Column::amount(Msg::NetColPortfolio.t(lang)),
                Column::text(Msg::NetColPar30.t(lang), 8),
                Column::text(Msg::NetColMarks.t(lang), 18),
            ],
            1,
        );
        for a in &self.associations {
            let (members, portfolio, par) = match &a.content {
                Some(c) => (
                    Cell::Number(c.members.active as i64),
                    Cell::Amount(c.portfolio.outstanding),
                    Cell::text(percent(
                        ratio(c.portfolio.par30, c.portfolio.outstanding),
                        lang,
                    )),
                ),
                None => (
                    Cell::Empty,
                    Cell::Empty,
                    Cell::text(Msg::NetNotSent.t(lang)),
                ),
            };
            t.push(Row::new(vec![
                Cell::text(&a.ruc),
                Cell::text(&a.name),
                members,
                portfolio,
                par,
                Cell::text(marks(&a.indicators)),
            ]));
        }
        t
    }

    fn totals_fields(&self, lang: Lang) -> Vec<(String, String)> {
        let n = &self.network;
        let g = |k: &str| n.members.by_gender.get(k).copied().unwrap_or(0).to_string();
        vec![
            (
                Msg::NetAssociationsSent.t(lang).to_string(),
                format!("{} / {}", n.associations, self.associations.len()),
            ),
            (
                Msg::NetMembersActive.t(lang).to_string(),
                Msg::NetMembersByGender.fill(
                    lang,
                    &[
                        ("n", &n.members.active),
                        ("f", &g("F")),
                        ("m", &g("M")),
                        ("o", &g("O")),
                    ],
                ),
            ),
            (
                Msg::NetColPortfolio.t(lang).to_string(),
                Msg::NetPortfolioLine.fill(
                    lang,
                    &[
                        ("amount", &n.portfolio.outstanding.localized(lang)),
                        ("loans", &n.portfolio.loans),
                        (
                            "women",
                            &percent(
                                ratio(n.portfolio.outstanding_to_women, n.portfolio.outstanding),
                                lang,
                            ),
                        ),
                    ],
                ),
            ),
            (
                Msg::NetColPar30.t(lang).to_string(),
                percent(self.par30(), lang),
            ),
            (
                Msg::NetSavings.t(lang).to_string(),
                n.savings.deposits.localized(lang),
            ),
        ]
    }

    fn trial_balance_table(&self, lang: Lang) -> Table {
        let mut t = Table::new(
            "trial-balance",
            Some(Msg::NetTrialBalance.t(lang).to_string()),
            Column::ledger(lang, (Msg::RepCode, 8), (Msg::RepAccount, 40)),
            1,
        );
        for r in &self.network.trial_balance {
            let indent = match r.code.len() {
                1 => 0,
                2 => 1,
                4 => 2,
                _ => 3,
            };
            t.push(Row::styled(
                vec![
                    Cell::text(&r.code),
                    Cell::text(&r.name),
                    Cell::Amount(r.debit),
                    Cell::Amount(r.credit),
                    Cell::Balance(r.balance),
                ],
                if r.code.len() <= 2 {
                    crate::report::render::Style::Group
                } else {
                    crate::report::render::Style::Normal
                },
                indent,
            ));
        }
        t
    }

    fn notes(&self, lang: Lang) -> Vec<Block> {
        let mut out = Vec::new();
        let ids: Vec<&str> = self
            .network
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        out.push(Block::Note(
            Msg::NetMarksLegend.fill(lang, &[("ids", &ids.join(" "))]),
        ));
        for (ruc, name, months) in &self.missing {
            let list: Vec<String> = months.iter().map(|m| m.name(lang)).collect();
            out.push(Block::Note(Msg::NetMissing.fill(
                lang,
                &[("name", name), ("ruc", ruc), ("months", &list.join(", "))],
            )));
        }
        for r in &self.refused {
            out.push(Block::Note(Msg::NetRefused.fill(
                lang,
                &[
                    ("file", &r.file),
                    ("reason", &refusal_text(&r.reason, lang)),
                ],
            )));
        }
        out
    }
}

impl Report for NetworkReport {
    fn to_doc(&self, lang: Lang) -> Doc {
        let mut blocks = vec![
            Block::Fields(self.totals_fields(lang)),
            Block::Table(self.associations_table(lang)),
        ];
        blocks.extend(self.notes(lang));
        let mut summary =
            crate::report::indicators::summary_table(&self.network.indicators, lang, false);
        summary.title = Some(Msg::NetIndicators.t(lang).to_string());
        blocks.push(Block::Table(summary));
        blocks.push(Block::Table(self.trial_balance_table(lang)));
        let mut doc = Doc::one_page(
            self.letterhead.clone(),
            Msg::NetTitle.t(lang),
            self.month.name(lang),
            blocks,
        );
        doc.signatures = false;
        doc
    }

    fn to_table(&self, lang: Lang) -> String {
        let mut doc = self.to_doc(lang);
        for page in &mut doc.pages {
            for b in &mut page.blocks {
                if let Block::Table(t) = b
                    && t.key == "indicators"
                {
                    let title = t.title.clone();
                    *t = crate::report::indicators::summary_table(
                        &self.network.indicators,
                        lang,
                        true,
                    );
                    t.title = title;
                }
            }
        }
        crate::report::render::text_of(&doc, lang)
    }
}
