//! `ayni backup --redact`: a copy of the book for a trainer or a developer,
//! without the members' personal data.
//!
//! Every figure stays: amounts, dates, accounts, members' numbers, loans,
//! savings, charges, closed months. What names or identifies a person is
//! replaced (see [`Redactor`] for the list, field by field), the journal is
//! re-sealed so that `ayni check` passes on the copy, and the copy is written
//! record by record into a new file ([`crate::store::Store::copy_to`]), so no
//! freed page of the original can carry an old name into it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::loans::LoanEvent;
use super::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::dues::{ChargeType, Waiver};
use crate::domain::entry::Entry;
use crate::domain::ident::{IdKind, make_cedula};
use crate::domain::loan::Loan;
use crate::domain::member::{Member, MemberStatus};
use crate::domain::savings::FundGrant;
use crate::domain::settings::Settings;
use crate::store::copy::CopyEdit;
use crate::store::{StoreError, StoreRead, WriteTx, decode, encode};

/// The meta key that marks a redacted copy; its value is the day it was made.
pub const REDACTED_KEY: &str = "redacted";

/// The last name every member gets in a redacted copy ("Socio 0001").
pub const PSEUDONYM: &str = "Socio";
/// What replaces a lone word of a person's name in free text.
pub const NAME_MARK: &str = "N.N.";
/// What replaces a phone number in free text.
pub const PHONE_MARK: &str = "***";

/// What a redacted copy changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RedactSummary {
    pub path: PathBuf,
    pub members: usize,
    pub entries: u64,
    /// Entries whose description or reference named someone.
    pub entries_rewritten: u64,
    /// Other records (loans, grants, waivers, charge types, accounts) with text rewritten.
    pub records_rewritten: u64,
}

/// Lower case without the accents of Spanish and Kichwa writing, one char for one.
fn fold(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

fn folded(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

/// Words too common to be taken for a name when they stand alone.
const NOT_NAMES: [&str; 14] = [
    "de", "del", "la", "las", "los", "el", "y", "san", "santa", "da", "do", "dos", "van", "von",
];

/// Replaces known names, numbers and places in free text, whole words only,
/// ignoring case and accents; the longest match wins.
#[derive(Default)]
struct Scrubber {
    /// First word of a pattern -> (pattern, replacement), longest first.
    rules: HashMap<String, Vec<(Vec<char>, String)>>,
}

impl Scrubber {
    fn add(&mut self, pattern: &str, replacement: &str) {
        let p: Vec<char> = folded(pattern.trim());
        if p.is_empty() || !p[0].is_alphanumeric() {
            return;
        }
        let first: String = p.iter().take_while(|c| c.is_alphanumeric()).collect();
        let list = self.rules.entry(first).or_default();
        if list.iter().any(|(q, _)| *q == p) {
            return;
        }
        list.push((p, replacement.to_string()));
        list.sort_by_key(|(q, _)| std::cmp::Reverse(q.len()));
    }

    /// Each word of a name alone (but not the little words of names).
    fn add_words(&mut self, name: &str, replacement: &str) {
        for w in name.split(|c: char| !c.is_alphanumeric()) {
            let f: String = folded(w).into_iter().collect();
            if f.chars().count() >= 3 && !NOT_NAMES.contains(&f.as_str()) {
                self.add(w, replacement);
            }
        }
    }

    fn scrub(&self, s: &str) -> String {
        if self.rules.is_empty() || s.is_empty() {
            return s.to_string();
        }
        let chars: Vec<char> = s.chars().collect();
        let low: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
        let n = chars.len();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        'outer: while i < n {
            if low[i].is_alphanumeric() && (i == 0 || !low[i - 1].is_alphanumeric()) {
                let end = (i..n).find(|&j| !low[j].is_alphanumeric()).unwrap_or(n);
                let word: String = low[i..end].iter().collect();
                if let Some(list) = self.rules.get(&word) {
                    for (p, repl) in list {
                        let e = i + p.len();
                        if e <= n && low[i..e] == p[..] && (e == n || !low[e].is_alphanumeric()) {
                            out.push_str(repl);
                            i = e;
                            continue 'outer;
                        }
                    }
                }
                // No rule starts here: the whole word stays.
                out.extend(&chars[i..end]);
                i = end;
                continue;
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }
}

/// Spanish month names as a date is written in words ("8 de marzo de 1978").
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Numbers however they are written: phones, cédulas and RUCs with spaces,
/// dashes, dots, brackets or the country code (`099-245-7250`,
/// `+593 99 245 7250`, `593992457250`, `081000982-9`, a cédula inside a RUC
/// `0810009829001`), and birth dates (`1978-03-08`, `08/03/1978`,
/// `8.3.1978`). A run of digit groups is compared by its digits alone; it
/// must be whole (a number inside a longer one is left alone).
#[derive(Default)]
struct Numbers {
    /// The digits of a phone, a cédula or a RUC -> what replaces them.
    exact: HashMap<String, String>,
    /// A cédula -> its replacement, for any RUC made of it and three digits.
    cedulas: HashMap<String, String>,
    /// Birth dates: (year, month, day).
    births: HashSet<(i32, u32, u32)>,
}

/// The digits of a phone as it can be written: national (`099…`),
/// international (`593 99…`, `+593 99…`, `00593 99…`, `+593 099…`).
fn phone_forms(digits: &str) -> Vec<String> {
    let national = match digits.strip_prefix("593") {
        Some(rest) if digits.len() >= 11 => format!("0{rest}"),
        _ => digits.to_string(),
    };
    let mut out = vec![digits.to_string(), national.clone()];
    if let Some(rest) = national.strip_prefix('0') {
        out.push(format!("593{rest}"));
        out.push(format!("00593{rest}"));
        out.push(format!("593{national}"));
        out.push(rest.to_string());
    }
    out.retain(|f| f.len() >= 7);
    out
}

impl Numbers {
    fn add_phone(&mut self, phone: &str) {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < 7 {
            return;
        }
        for f in phone_forms(&digits) {
            self.exact
                .entry(f)
                .or_insert_with(|| PHONE_MARK.to_string());
        }
    }

    fn add_id(&mut self, id: &str, replacement: &str) {
        if id.len() >= 7 && id.bytes().all(|b| b.is_ascii_digit()) {
            self.exact.insert(id.to_string(), replacement.to_string());
        }
        if id.len() == 10 && replacement.len() == 10 {
            self.cedulas.insert(id.to_string(), replacement.to_string());
        }
    }

    fn lookup(&self, digits: &str) -> Option<String> {
        if let Some(r) = self.exact.get(digits) {
            return Some(r.clone());
        }
        if digits.len() == 13
            && let (Some(c), Some(tail)) = (digits.get(..10), digits.get(10..))
            && let Some(r) = self.cedulas.get(c)
        {
            return Some(format!("{r}{tail}"));
        }
        None
    }

    /// Three groups read as a birth date (`Y-M-D` or `D/M/Y`, one separator
    /// of `-`, `/` or `.`): the date with its day and month made 01, as the
    /// member's record keeps it.
    fn date(&self, chars: &[char], g: &[(usize, usize)]) -> Option<String> {
        let [(a0, a1), (b0, b1), (c0, c1)] = g else {
            return None;
        };
        let sep = chars[*a1];
        if !(*b0 == a1 + 1 && *c0 == b1 + 1 && matches!(sep, '-' | '/' | '.') && chars[*b1] == sep)
        {
            return None;
        }
        let num = |x: usize, y: usize| chars[x..y].iter().collect::<String>();
        let (a, b, c) = (num(*a0, *a1), num(*b0, *b1), num(*c0, *c1));
        let small = |t: &str| (1..=2).contains(&t.len());
        let (ymd, year_first) = if a.len() == 4 && small(&b) && small(&c) {
            ((a.parse().ok()?, b.parse().ok()?, c.parse().ok()?), true)
        } else if small(&a) && small(&b) && c.len() == 4 {
            ((c.parse().ok()?, b.parse().ok()?, a.parse().ok()?), false)
        } else {
            return None;
        };
        if !self.births.contains(&ymd) {
            return None;
        }
        let y = ymd.0;
        Some(if year_first {
            format!("{y}{sep}01{sep}01")
        } else {
            format!("01{sep}01{sep}{y}")
        })
    }

    fn scrub(&self, s: &str) -> String {
        if (self.exact.is_empty() && self.births.is_empty())
            || !s.bytes().any(|b| b.is_ascii_digit())
        {
            return s.to_string();
        }
        let chars: Vec<char> = s.chars().collect();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                groups.push((start, i));
            } else {
                i += 1;
            }
        }
        // Between two groups of one number: up to three of ` -./()`.
        let joined = |a: (usize, usize), b: (usize, usize)| {
            b.0 - a.1 <= 3 && chars[a.1..b.0].iter().all(|c| " -./()".contains(*c))
        };
        let mut out = String::with_capacity(s.len());
        let mut copied = 0;
        let mut gi = 0;
        while gi < groups.len() {
            let mut best: Option<(usize, String)> = None;
            let mut digits = String::new();
            for gj in gi..groups.len() {
                if gj > gi && !joined(groups[gj - 1], groups[gj]) {
                    break;
                }
                digits.extend(&chars[groups[gj].0..groups[gj].1]);
                if digits.len() > 16 {
                    break;
                }
                if let Some(r) = self.lookup(&digits) {
                    best = Some((gj, r));
                }
            }
            if best.is_none()
                && let Some(g) = groups.get(gi..gi + 3)
                && let Some(r) = self.date(&chars, g)
            {
                best = Some((gi + 2, r));
            }
            match best {
                Some((gj, r)) => {
                    let mut start = groups[gi].0;
                    while start > copied && matches!(chars[start - 1], '+' | '(') {
                        start -= 1;
                    }
                    out.extend(&chars[copied..start]);
                    out.push_str(&r);
                    copied = groups[gj].1;
                    gi = gj + 1;
                }
                None => gi += 1,
            }
        }
        out.extend(&chars[copied..]);
        out
    }
}

/// Builds the redacted records and rewrites the copy as it is written.
///
/// Fields redacted:
/// - members: names -> "Socio NNNN" (`last_names` "Socio", `first_names` the
///   number); identification number -> a synthetic valid one of the same kind
///   (cédula with its check digit, natural-person RUC, passport); phone ->
///   empty; birth date -> 1 January of the same year; community -> "Comunidad
///   N" (the same community keeps one label); retirement reason -> scrubbed.
/// - settings: treasurer and president -> their role. The association's name,
///   RUC (public) and address are kept.
/// - fund grants: beneficiary -> the member's pseudonym when it is the member,
///   else "Beneficiario NNNN"; reason and approval scrubbed.
/// - entries: description and reference scrubbed, then re-sealed in order
///   (the hash chain and its head follow).
/// - loans (and the copies of loans kept by payment events): purpose,
///   approval and write-off approval scrubbed.
/// - waivers: reason and approval scrubbed; charge types: name and approval
///   scrubbed; user-defined accounts: names scrubbed.
///
/// "Scrubbed": every member's full name (both orders), each word of it, their
/// identification numbers, phones and communities, the officers' names and
/// the grant beneficiaries are replaced wherever they appear in the text.
struct Redactor {
    scrub: Redact,
    members: BTreeMap<u32, Member>,
    old_members: BTreeMap<u32, Member>,
    new_ids: HashMap<String, String>,
    grants: HashMap<u64, String>,
    old_types: Vec<ChargeType>,
    new_types: Vec<ChargeType>,
    settings: Settings,
    prev_hash: [u8; 32],
    last_entry: u64,
    today: NaiveDate,
    summary: RedactSummary,
}

fn edit_value<T: Serialize + DeserializeOwned>(
    table: &'static str,
    bytes: &[u8],
    f: impl FnOnce(&mut T),
) -> Result<Option<Vec<u8>>, StoreError> {
    let mut v: T = decode(table, bytes)?;
    f(&mut v);
    let out = encode(&v)?;
    Ok((out.as_slice() != bytes).then_some(out))
}

/// A synthetic identification number of `kind`, valid, not among `taken`.
fn synthetic_id(kind: IdKind, next: &mut u32, taken: &HashSet<String>) -> String {
    loop {
        *next += 1;
        let body = 5_000_000 + (*next % 1_000_000);
        let ced = make_cedula(17, body);
        let id = match kind {
            IdKind::Cedula => ced.clone(),
            IdKind::Ruc => format!("{ced}001"),
            IdKind::Passport => format!("X{body:07}"),
        };
        if !taken.contains(&id) && !taken.contains(&ced) {
            return id;
        }
    }
}

/// Numbers first (however they are written), then names and places.
#[derive(Default)]
struct Redact {
    numbers: Numbers,
    words: Scrubber,
}

impl Redact {
    fn scrub(&self, s: &str) -> String {
        self.words.scrub(&self.numbers.scrub(s))
    }
}

fn scrub_loan(s: &Redact, l: &mut Loan) {
    l.purpose = s.scrub(&l.purpose);
    l.approval = s.scrub(&l.approval);
    l.write_off_approval = s.scrub(&l.write_off_approval);
}

impl Redactor {
    fn new(book: &Book) -> Result<Redactor, BookError> {
        let tx = book.store().read()?;
        let old_members = tx.members()?;
        let settings = tx.settings()?;
        let grants = tx.fund_grants()?;
        let old_types = tx.charge_types()?;
        let width = old_members
            .iter()
            .map(|m| m.id.to_string().len())
            .max()
            .unwrap_or(0)
            .max(4);
        // Every original number (and the cédula inside a person's RUC) is
        // kept out of the synthetic ones.
        let mut taken: HashSet<String> = HashSet::new();
        for m in &old_members {
            taken.insert(m.id_number.clone());
            if let Some(c) = m.id_number.get(..10) {
                taken.insert(c.to_string());
            }
        }
        let mut next = 0u32;
        let mut scrub = Redact::default();
        let mut members = BTreeMap::new();
        let mut new_ids = HashMap::new();
        let mut communities: HashMap<String, String> = HashMap::new();
        for m in &old_members {
            let number = format!("{:0width$}", m.id);
            let pseudonym = format!("{PSEUDONYM} {number}");
            let id_number = synthetic_id(m.id_kind, &mut next, &taken);
            taken.insert(id_number.clone());
            let community = if m.community.trim().is_empty() {
                String::new()
            } else {
                let key: String = folded(m.community.trim()).into_iter().collect();
                let n = communities.len() + 1;
                communities
                    .entry(key)
                    .or_insert_with(|| format!("Comunidad {n}"))
                    .clone()
            };
            // Whole names first (they win over their words: longest match).
            let words = &mut scrub.words;
            words.add(&m.full_name(), &pseudonym);
            // As stored, too (a book made before the rule on stored text).
            words.add(&format!("{} {}", m.last_names, m.first_names), &pseudonym);
            words.add(&format!("{} {}", m.first_names, m.last_names), &pseudonym);
            words.add(&m.last_names, &pseudonym);
            words.add(&m.first_names, NAME_MARK);
            words.add_words(&m.last_names, NAME_MARK);
            words.add_words(&m.first_names, NAME_MARK);
            words.add(&m.id_number, &id_number);
            scrub.numbers.add_id(&m.id_number, &id_number);
            if m.id_kind == IdKind::Ruc
                && let (Some(c), Some(nc)) = (m.id_number.get(..10), id_number.get(..10))
            {
                scrub.words.add(c, nc);
                scrub.numbers.add_id(c, nc);
            }
            let phone = m.phone.trim();
            if !phone.is_empty() {
                scrub.words.add(phone, PHONE_MARK);
                let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 7 {
                    scrub.words.add(&digits, PHONE_MARK);
                }
                scrub.numbers.add_phone(phone);
            }
            if let Some(b) = m.birth_date {
                let y = b.year();
                scrub.numbers.births.insert((y, b.month(), b.day()));
                // In words: "8 de marzo de 1978" becomes "1 de enero de 1978".
                let month = MONTHS_ES[b.month0() as usize];
                let month = if month == "septiembre" {
                    vec![month, "setiembre"]
                } else {
                    vec![month]
                };
                for day in [b.day().to_string(), format!("{:02}", b.day())] {
                    for mo in &month {
                        for de in ["de", "del"] {
                            scrub.words.add(
                                &format!("{day} de {mo} {de} {y}"),
                                &format!("1 de enero de {y}"),
                            );
                        }
                    }
                }
            }
            if !community.is_empty() {
                scrub.words.add(m.community.trim(), &community);
            }
            new_ids.insert(m.id_number.clone(), id_number.clone());
            let mut r = m.clone();
            r.first_names = number;
            r.last_names = PSEUDONYM.to_string();
            r.id_number = id_number;
            r.phone = String::new();
            r.community = community;
            r.birth_date = m
                .birth_date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1));
            members.insert(m.id, r);
        }
        for officer in [&settings.treasurer, &settings.president] {
            let o = officer.trim();
            if !o.is_empty() {
                scrub.words.add(o, NAME_MARK);
                scrub.words.add_words(o, NAME_MARK);
            }
        }
        let mut grant_names = HashMap::new();
        for g in &grants {
            let own = g
                .member
                .and_then(|id| old_members.iter().find(|m| m.id == id))
                .filter(|m| folded(&m.full_name()) == folded(&g.beneficiary));
            let name = match own {
                Some(m) => members
                    .get(&m.id)
                    .map(Member::full_name)
                    .unwrap_or_default(),
                None => format!("Beneficiario {:04}", g.number),
            };
            scrub.words.add(&g.beneficiary, &name);
            grant_names.insert(g.number, name);
        }
        // Scrubbed after the scrubber knows every name.
        for r in members.values_mut() {
            if let MemberStatus::Retired { reason, .. } = &mut r.status {
                *reason = scrub.scrub(reason);
            }
        }
        let new_types: Vec<ChargeType> = old_types
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.name = scrub.scrub(&t.name);
                t.approval = scrub.scrub(&t.approval);
                t
            })
            .collect();
        let mut settings = settings;
        if !settings.treasurer.trim().is_empty() {
            settings.treasurer = "Tesorero/a".into();
        }
        if !settings.president.trim().is_empty() {
            settings.president = "Presidente/a".into();
        }
        Ok(Redactor {
            scrub,
            old_members: old_members.into_iter().map(|m| (m.id, m)).collect(),
            members,
            new_ids,
            grants: grant_names,
            old_types,
            new_types,
            settings,
            prev_hash: [0; 32],
            last_entry: 0,
            today: book.today(),
            summary: RedactSummary::default(),
        })
    }

    fn count(&mut self, changed: bool) {
        if changed {
            self.summary.records_rewritten += 1;
        }
    }
}

impl CopyEdit for Redactor {
    fn value(&mut self, table: &'static str, bytes: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let s = &self.scrub;
        let out = match table {
            "entries" => {
                let mut e: Entry = decode(table, bytes)?;
                let description = s.scrub(&e.description);
                let reference = s.scrub(&e.reference);
                if description != e.description || reference != e.reference {
                    self.summary.entries_rewritten += 1;
                }
                e.description = description;
                e.reference = reference;
                e.prev_hash = self.prev_hash;
                e.hash = e.compute_hash();
                self.prev_hash = e.hash;
                self.last_entry = e.id;
                self.summary.entries += 1;
                return Ok(Some(encode(&e)?));
            }
            "members" => {
                let m: Member = decode(table, bytes)?;
                let r = self.members.get(&m.id).ok_or_else(|| StoreError::Decode {
                    table,
                    detail: format!("member {} changed during the copy", m.id),
                })?;
                self.summary.members += 1;
                return Ok(Some(encode(r)?));
            }
            "charge_types" => {
                let t: ChargeType = decode(table, bytes)?;
                match self.new_types.iter().find(|n| n.id == t.id) {
                    Some(n) => Some(encode(n)?).filter(|b| b.as_slice() != bytes),
                    None => None,
                }
            }
            "accounts" => edit_value(table, bytes, |a: &mut Account| {
                if a.user_defined {
                    a.name = s.scrub(&a.name);
                    a.name_en = a.name_en.as_deref().map(|n| s.scrub(n));
                }
            })?,
            "waivers" => edit_value(table, bytes, |w: &mut Waiver| {
                w.reason = s.scrub(&w.reason);
                w.approval = s.scrub(&w.approval);
            })?,
            "fund_grants" => {
                let grants = &self.grants;
                edit_value(table, bytes, |g: &mut FundGrant| {
                    if let Some(n) = grants.get(&g.number) {
                        g.beneficiary = n.clone();
                    }
                    g.reason = s.scrub(&g.reason);
                    g.approval = s.scrub(&g.approval);
                })?
            }
            "loans" => edit_value(table, bytes, |l: &mut Loan| scrub_loan(s, l))?,
            "loan_events" => edit_value(table, bytes, |ev: &mut LoanEvent| {
                if let LoanEvent::Payment { before, .. }
                | LoanEvent::WrittenOffFrom { before, .. } = ev
                {
                    scrub_loan(s, before);
                }
            })?,
            _ => None,
        };
        self.count(out.is_some());
        Ok(out)
    }

    fn id_number(&mut self, key: &str, member: u32) -> Result<String, StoreError> {
        self.new_ids
            .get(key)
            .cloned()
            .ok_or_else(|| StoreError::Decode {
                table: "member_by_id_number",
                detail: format!("the number of member {member} is not a member's"),
            })
    }

    fn charges_complete(
        &mut self,
        member: u32,
        (month, fp): (u32, u64),
    ) -> Result<Option<(u32, u64)>, StoreError> {
        let (Some(old), Some(new)) = (self.old_members.get(&member), self.members.get(&member))
        else {
            return Ok(None);
        };
        let fingerprint = |types: &[ChargeType], m: &Member| {
            super::dues::charges_fingerprint(types, m).map_err(|e| match e {
                BookError::Store(s) => s,
                other => StoreError::Db(other.to_string()),
            })
        };
        // Still trusted only if it was trusted in the original.
        if fingerprint(&self.old_types, old)? != fp {
            return Ok(None);
        }
        Ok(Some((month, fingerprint(&self.new_types, new)?)))
    }

    fn meta(&mut self, key: &str, _value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match key {
            "settings" => Ok(Some(encode(&self.settings)?)),
            "chain_head" => Ok(Some(encode(&self.prev_hash)?)),
            _ => Ok(None),
        }
    }

    fn finish(&mut self, tx: &WriteTx) -> Result<(), StoreError> {
        // The copy is not the association: it does not sign its packages.
        tx.meta_put(
            super::network_key::NETWORK_KEY,
            &super::network_key::KeyRecord::default(),
        )?;
        tx.meta_put(REDACTED_KEY, &self.today.to_string())
    }
}

impl Book {
    /// Writes a redacted copy of the book to `dest` (which must not exist);
    /// the book itself is only read.
    pub fn redacted_copy(&self, dest: &Path) -> Result<RedactSummary, BookError> {
        let mut r = Redactor::new(self)?;
        let path = self.store().copy_to(dest, &mut r)?;
        let mut summary = r.summary;
        summary.path = path;
        Ok(summary)
    }

    /// The day this book was made as a redacted copy, if it is one.
    pub fn redacted_on(&self) -> Result<Option<String>, BookError> {
        Ok(self.store().read()?.meta_get::<String>(REDACTED_KEY)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber() -> Scrubber {
        let mut s = Scrubber::default();
        s.add("Pérez Quispe María Rosa", "Socio 0001");
        s.add("Pérez Quispe", "Socio 0001");
        s.add_words("Pérez Quispe", NAME_MARK);
        s.add_words("María Rosa", NAME_MARK);
        s.add_words("De la Cruz", NAME_MARK);
        s.add("1710034065", "1705000018");
        s
    }

    #[test]
    fn whole_names_win_over_their_words_ignoring_case_and_accents() {
        let s = scrubber();
        assert_eq!(
            s.scrub("Cobro de cuotas- Perez QUISPE maría rosa | Recibo 1"),
            "Cobro de cuotas- Socio 0001 | Recibo 1"
        );
        assert_eq!(s.scrub("Préstamo a María"), "Préstamo a N.N.");
        assert_eq!(s.scrub("C.I. 1710034065."), "C.I. 1705000018.");
    }

    #[test]
    fn only_whole_words_are_replaced() {
        let s = scrubber();
        // "Rosa" inside "Rosales", the number inside a longer one, "de" and "la" alone.
        assert_eq!(
            s.scrub("Rosales 17100340650 de la Cruz"),
            "Rosales 17100340650 de la N.N."
        );
        assert_eq!(s.scrub(""), "");
    }

    /// A member's numbers and birth date (0810009829, 099 245 7250, 8 March 1978).
    fn numbers() -> Numbers {
        let mut n = Numbers::default();
        n.add_id("0810009829", "1705000018");
        n.add_phone("099 245 7250");
        n.births.insert((1978, 3, 8));
        n
    }

    #[test]
    fn phones_are_found_however_they_are_written() {
        let n = numbers();
        for text in [
            "0992457250",
            "099 245 7250",
            "099-245-7250",
            "099.245.7250",
            "(099) 245-7250",
            "+593 99 245 7250",
            "+593-99-245-7250",
            "+593992457250",
            "593992457250",
            "00593 99 245 7250",
            "+593 (0)99 245 7250",
            "99 245 7250",
        ] {
            assert_eq!(
                n.scrub(&format!("Tel. {text}, llamar")),
                "Tel. ***, llamar",
                "{text}"
            );
        }
    }

    #[test]
    fn a_cedula_is_found_with_a_dash_or_inside_a_ruc() {
        let n = numbers();
        assert_eq!(n.scrub("C.I. 081000982-9."), "C.I. 1705000018.");
        assert_eq!(n.scrub("C.I. 08 1000982 9"), "C.I. 1705000018");
        assert_eq!(n.scrub("RUC 0810009829001"), "RUC 1705000018001");
        assert_eq!(n.scrub("RUC 0810009829-001"), "RUC 1705000018001");
        // Not inside a longer number, and not another number.
        assert_eq!(
            n.scrub("08100098291 y 0810009828"),
            "08100098291 y 0810009828"
        );
        assert_eq!(n.scrub("Recibo 12, 40,00"), "Recibo 12, 40,00");
    }

    #[test]
    fn birth_dates_keep_only_the_year() {
        let n = numbers();
        assert_eq!(n.scrub("nació el 1978-03-08."), "nació el 1978-01-01.");
        assert_eq!(n.scrub("nació el 08/03/1978"), "nació el 01/01/1978");
        assert_eq!(n.scrub("nació el 8/3/1978"), "nació el 01/01/1978");
        assert_eq!(
            n.scrub("nació el 08.03.1978"),
            "nació el 01/01/1978".replace('/', ".")
        );
        assert_eq!(n.scrub("nació el 08-03-1978"), "nació el 01-01-1978");
        // Another date, or mixed separators, stays.
        assert_eq!(
            n.scrub("pago del 09/03/1978 y 08/03-1978"),
            "pago del 09/03/1978 y 08/03-1978"
        );
        let mut w = Scrubber::default();
        w.add("8 de marzo de 1978", "1 de enero de 1978");
        assert_eq!(
            w.scrub("nació el 8 de Marzo de 1978"),
            "nació el 1 de enero de 1978"
        );
    }

    #[test]
    fn synthetic_ids_are_valid_and_avoid_the_originals() {
        let mut taken = HashSet::new();
        let first = make_cedula(17, 5_000_001);
        taken.insert(first.clone());
        let mut next = 0;
        let a = synthetic_id(IdKind::Cedula, &mut next, &taken);
        assert_ne!(a, first);
        assert!(crate::domain::ident::validate_cedula(&a).is_ok());
        let r = synthetic_id(IdKind::Ruc, &mut next, &taken);
        assert!(crate::domain::ident::validate_ruc(&r).is_ok(), "{r}");
        let p = synthetic_id(IdKind::Passport, &mut next, &taken);
        assert!(crate::domain::ident::validate_passport(&p).is_ok(), "{p}");
    }
}
