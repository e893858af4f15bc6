//! Journal entries: balanced by construction, chained by hash.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::money::{MAX_CENTS, Money};
use crate::domain::text::{self, TextError, TextField};
use crate::i18n::{Lang, Msg};

/// Debit or credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn opposite(self) -> Side {
        match self {
            Side::Debit => Side::Credit,
            Side::Credit => Side::Debit,
        }
    }
}

/// One line of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    /// Account code (a leaf of the chart).
    pub account: String,
    pub side: Side,
    /// Always positive.
    pub amount: Money,
    /// The member this line belongs to, for member subledger accounts.
    pub member: Option<u32>,
}

impl Posting {
    pub fn debit(account: &str, amount: Money) -> Posting {
        Posting {
            account: account.to_string(),
            side: Side::Debit,
            amount,
            member: None,
        }
    }
    pub fn credit(account: &str, amount: Money) -> Posting {
        Posting {
            account: account.to_string(),
            side: Side::Credit,
            amount,
            member: None,
        }
    }
    pub fn for_member(mut self, member: u32) -> Posting {
        self.member = Some(member);
        self
    }
    /// Debit positive, credit negative.
    pub fn signed(&self) -> Money {
        match self.side {
            Side::Debit => self.amount,
            Side::Credit => -self.amount,
        }
    }
}

/// What kind of operation posted an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    /// Typed by a person: expenses, bank deposits, donations ...
    Manual,
    /// Opening balances of a book that starts mid-life.
    Opening,
    /// Undoes an earlier entry.
    Reversal,
    /// A member's payment of dues and contributions (has a receipt).
    DuesPayment,
    /// A savings movement: deposit, withdrawal, transfer, block, release.
    Savings,
    /// The month's interest on savings.
    SavingsInterest,
    /// Solidarity fund: voluntary contribution or grant.
    Fund,
    /// Loans: disbursement, repayment, reclassification, write-off.
    Loan,
    /// Year end: income and expenses closed to results (36).
    YearEnd,
    /// A cash count difference (sobrante or faltante de caja).
    CashAdjustment,
    /// Dues and contributions collected in advance move from the liability
    /// (299010) to their accounts when the month of their charges comes.
    DuesAdvance,
}

impl EntryKind {
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
}

/// Why an entry cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("an entry needs at least one debit and one credit")]
    TooFewPostings,
    #[error("line {line}: the amount must be greater than zero")]
    NonPositiveAmount { line: usize },
    #[error("the entry does not balance: debits {debits}, credits {credits}")]
    Unbalanced { debits: Money, credits: Money },
    #[error("the description is empty")]
    EmptyDescription,
    #[error("the description is too long (at most 200 characters)")]
    DescriptionTooLong,
    #[error("the reference is too long (at most 40 characters)")]
    ReferenceTooLong,
    #[error("the entry's total exceeds the largest amount ayni records")]
    Overflow,
    /// A control or invisible character in the description or the reference.
    #[error(transparent)]
    Text(TextError),
}

impl EntryError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EntryError::TooFewPostings => Msg::ErrEntryTooFewPostings.t(lang).into(),
            EntryError::NonPositiveAmount { line } => {
                Msg::ErrEntryNonPositiveAmount.fill(lang, &[("line", &line)])
            }
            EntryError::Unbalanced { debits, credits } => Msg::ErrEntryUnbalanced.fill(
                lang,
                &[
                    ("debits", &debits.localized(lang)),
                    ("credits", &credits.localized(lang)),
                    ("difference", &(*debits - *credits).abs().localized(lang)),
                ],
            ),
            EntryError::EmptyDescription => Msg::ErrEntryEmptyDescription.t(lang).into(),
            EntryError::DescriptionTooLong => Msg::ErrEntryDescriptionTooLong.t(lang).into(),
            EntryError::ReferenceTooLong => Msg::ErrEntryReferenceTooLong.t(lang).into(),
            EntryError::Overflow => Msg::ErrEntryOverflow.t(lang).into(),
            EntryError::Text(e) => e.message(lang),
        }
    }
}

/// The longest description of an entry, in characters (after trimming).
pub const DESCRIPTION_MAX: usize = 200;
/// The longest reference of an entry, in characters (after trimming).
pub const REFERENCE_MAX: usize = 40;

/// A balanced entry not yet posted. The only way to make one is
/// [`EntryDraft::new`], which refuses unbalanced or zero postings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryDraft {
    date: NaiveDate,
    description: String,
    reference: String,
    kind: EntryKind,
    postings: Vec<Posting>,
    reverses: Option<u64>,
}

impl EntryDraft {
    pub fn new(
        date: NaiveDate,
        description: &str,
        reference: &str,
        kind: EntryKind,
        postings: Vec<Posting>,
    ) -> Result<EntryDraft, EntryError> {
        let bad = |field| move |problem| EntryError::Text(TextError { field, problem });
        let description = text::line(description).map_err(bad(TextField::Description))?;
        if description.is_empty() {
            return Err(EntryError::EmptyDescription);
        }
        if description.chars().count() > DESCRIPTION_MAX {
            return Err(EntryError::DescriptionTooLong);
        }
        let reference = text::line(reference).map_err(bad(TextField::Reference))?;
        if reference.chars().count() > REFERENCE_MAX {
            return Err(EntryError::ReferenceTooLong);
        }
        let (debits, credits) = totals(&postings).ok_or(EntryError::Overflow)?;
        for (i, p) in postings.iter().enumerate() {
            if !p.amount.is_positive() {
                return Err(EntryError::NonPositiveAmount { line: i + 1 });
            }
        }
        if debits.is_zero() || credits.is_zero() {
            return Err(EntryError::TooFewPostings);
        }
        if debits != credits {
            return Err(EntryError::Unbalanced { debits, credits });
        }
        Ok(EntryDraft {
            date,
            description: description.to_string(),
            reference: reference.to_string(),
            kind,
            postings,
            reverses: None,
        })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn description(&self) -> &str {
        &self.description
    }
    pub fn reference(&self) -> &str {
        &self.reference
    }
    pub fn kind(&self) -> EntryKind {
        self.kind
    }
    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }
    pub fn reverses(&self) -> Option<u64> {
        self.reverses
    }
    /// Sum of the debits (equal to the credits).
    pub fn total(&self) -> Money {
        totals(&self.postings).map(|t| t.0).unwrap_or_default()
    }
}

/// Sums of debits and credits; `None` when either is beyond [`MAX_CENTS`],
/// the largest amount ayni holds anywhere (an entry's total is one).
pub fn totals(postings: &[Posting]) -> Option<(Money, Money)> {
    let mut d = Money::ZERO;
    let mut c = Money::ZERO;
    for p in postings {
        match p.side {
            Side::Debit => d = d.checked_add(p.amount)?,
            Side::Credit => c = c.checked_add(p.amount)?,
        }
    }
    (d.abs().cents() <= MAX_CENTS && c.abs().cents() <= MAX_CENTS).then_some((d, c))
}

/// A posted entry, as stored. History: never edited, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Sequential number, from 1.
    pub id: u64,
    #[serde(with = "crate::domain::date::days")]
    pub date: NaiveDate,
    pub description: String,
    pub reference: String,
    pub kind: EntryKind,
    pub postings: Vec<Posting>,
    /// The entry this one reverses.
    pub reverses: Option<u64>,
    /// When it was recorded (seconds since the Unix epoch, UTC).
    pub recorded_at: i64,
    /// Hash of the previous entry (zeros for the first).
    pub prev_hash: [u8; 32],
    /// SHA-256 over this entry's content and `prev_hash`.
    pub hash: [u8; 32],
}

/// The fields the hash covers, in a fixed order.
#[derive(Serialize)]
struct Hashed<'a> {
    id: u64,
    #[serde(with = "crate::domain::date::days")]
    date: NaiveDate,
    description: &'a str,
    reference: &'a str,
    kind: EntryKind,
    postings: &'a [Posting],
    reverses: Option<u64>,
    recorded_at: i64,
    prev_hash: &'a [u8; 32],
}

impl Entry {
    /// Seals a draft as entry number `id`, chained to `prev_hash`.
    pub fn seal(draft: EntryDraft, id: u64, recorded_at: i64, prev_hash: [u8; 32]) -> Entry {
        let mut e = Entry {
            id,
            date: draft.date,
            description: draft.description,
            reference: draft.reference,
            kind: draft.kind,
            postings: draft.postings,
            reverses: draft.reverses,
            recorded_at,
            prev_hash,
            hash: [0; 32],
        };
        e.hash = e.compute_hash();
        e
    }

    /// The hash the entry's content gives now (differs from `hash` when tampered).
    pub fn compute_hash(&self) -> [u8; 32] {
        let h = Hashed {
            id: self.id,
            date: self.date,
            description: &self.description,
            reference: &self.reference,
            kind: self.kind,
            postings: &self.postings,
            reverses: self.reverses,
            recorded_at: self.recorded_at,
            prev_hash: &self.prev_hash,
        };
        // Serialising plain data into a Vec cannot fail; an empty buffer would
        // still hash deterministically, so the fallback is safe.
        let bytes = postcard::to_allocvec(&h).unwrap_or_default();
        let mut hasher = Sha256::new();
        hasher.update(b"ayni-entry-v1");
        hasher.update(&bytes);
        hasher.finalize().into()
    }

    /// Whether debits equal credits and every amount is positive.
    pub fn is_balanced(&self) -> bool {
        self.postings.iter().all(|p| p.amount.is_positive())
            && matches!(totals(&self.postings), Some((d, c)) if d == c && !d.is_zero())
    }

    pub fn total(&self) -> Money {
        totals(&self.postings).map(|t| t.0).unwrap_or_default()
    }

    /// The draft of the entry that undoes this one: same lines, sides swapped.
    pub fn reversal_draft(
        &self,
        date: NaiveDate,
        description: &str,
    ) -> Result<EntryDraft, EntryError> {
        let postings = self
            .postings
            .iter()
            .map(|p| Posting {
                side: p.side.opposite(),
                ..p.clone()
            })
            .collect();
        self.reversal_draft_with(date, description, postings)
    }

    /// A reversal of this entry with the given lines (which must balance):
    /// for an operation whose effect has partly moved on since it was posted
    /// (a payment in advance already applied to its month).
    pub fn reversal_draft_with(
        &self,
        date: NaiveDate,
        description: &str,
        postings: Vec<Posting>,
    ) -> Result<EntryDraft, EntryError> {
        let mut d = EntryDraft::new(
            date,
            description,
            &format!("#{}", self.id),
            EntryKind::Reversal,
            postings,
        )?;
        d.reverses = Some(self.id);
        Ok(d)
    }

    /// Short hexadecimal form of the hash, for display.
    pub fn short_hash(&self) -> String {
        self.hash[..6].iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default()
    }
    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }
    /// A debit and a credit of the same `cents`.
    fn pair(debit: &str, credit: &str, cents: i64) -> Vec<Posting> {
        vec![
            Posting::debit(debit, m(cents)),
            Posting::credit(credit, m(cents)),
        ]
    }
    /// A manual entry dated [`day`].
    fn draft(text: &str, reference: &str, lines: Vec<Posting>) -> Result<EntryDraft, EntryError> {
        EntryDraft::new(day(), text, reference, EntryKind::Manual, lines)
    }

    #[test]
    fn refuses_unbalanced_and_zero() {
        let e = draft(
            "x",
            "",
            vec![
                Posting::debit("1101", m(100)),
                Posting::credit("5690", m(90)),
            ],
        );
        assert_eq!(
            e,
            Err(EntryError::Unbalanced {
                debits: m(100),
                credits: m(90)
            })
        );
        let e = draft("x", "", pair("1101", "5690", 0));
        assert_eq!(e, Err(EntryError::NonPositiveAmount { line: 1 }));
        let e = draft("x", "", vec![]);
        assert_eq!(e, Err(EntryError::TooFewPostings));
        let e = draft("  ", "", pair("1101", "5690", 1));
        assert_eq!(e, Err(EntryError::EmptyDescription));
    }

    #[test]
    fn control_characters_are_refused_in_description_and_reference() {
        let lines = || pair("4503", "1101", 100);
        let e = draft("Luz\u{1b}]0;x\u{7}", "", lines());
        let Err(EntryError::Text(t)) = e else {
            panic!("accepted: {e:?}")
        };
        assert_eq!(t.field, TextField::Description);
        assert!(
            t.message(Lang::En)
                .contains("(U+001B, escape) at position 4")
        );
        let e = draft("Luz", "F-1\u{202e}", lines());
        assert!(
            matches!(&e, Err(EntryError::Text(t)) if t.field == TextField::Reference),
            "{e:?}"
        );
        let e = draft("Pago\nde luz", "", lines());
        assert!(matches!(e, Err(EntryError::Text(_))), "{e:?}");
        let e = draft("\u{200b}", "", lines());
        assert!(matches!(e, Err(EntryError::Text(_))), "{e:?}");
        let e = draft("\u{301}", "", lines());
        assert!(matches!(e, Err(EntryError::Text(_))), "{e:?}");
        let e = draft(" Luz de marzo ", " F-1 ", lines());
        assert_eq!(
            e.map(|d| (d.description, d.reference)),
            Ok(("Luz de marzo".into(), "F-1".into()))
        );
    }

    #[test]
    fn chain_detects_changes() {
        let d = draft("Donación", "R-1", pair("1101", "3402", 5000));
        let Ok(d) = d else { panic!("draft refused") };
        let e1 = Entry::seal(d.clone(), 1, 0, [0; 32]);
        let e2 = Entry::seal(d, 2, 0, e1.hash);
        assert_eq!(e2.prev_hash, e1.hash);
        assert_eq!(e1.compute_hash(), e1.hash);
        let mut t = e1.clone();
        t.postings[0].amount = m(4000);
        assert_ne!(t.compute_hash(), e1.hash);
    }

    #[test]
    fn reversal_swaps_sides() {
        let Ok(d) = draft("Pago luz", "", pair("4503", "1101", 1234)) else {
            panic!("draft refused")
        };
        let e = Entry::seal(d, 7, 0, [0; 32]);
        let Ok(r) = e.reversal_draft(day(), "Reverso") else {
            panic!("reversal refused")
        };
        assert_eq!(r.reverses(), Some(7));
        assert_eq!(r.postings()[0].side, Side::Credit);
        assert_eq!(r.postings()[1].side, Side::Debit);
    }

    fn posting() -> impl Strategy<Value = Posting> {
        (
            prop::sample::select(vec!["1101", "1103", "4503", "5690", "3402"]),
            any::<bool>(),
            -500_000_i64..500_000,
        )
            .prop_map(|(a, debit, c)| Posting {
                account: a.to_string(),
                side: if debit { Side::Debit } else { Side::Credit },
                amount: Money::from_cents(c),
                member: None,
            })
    }

    proptest! {
        /// Whatever lines are offered, a draft exists only when it balances with positive amounts.
        #[test]
        fn drafts_always_balance(lines in prop::collection::vec(posting(), 0..8)) {
            match draft("prop", "", lines.clone()) {
                Ok(d) => {
                    let (dr, cr) = totals(d.postings()).unwrap_or_default();
                    prop_assert_eq!(dr, cr);
                    prop_assert!(dr.is_positive());
                    prop_assert!(d.postings().iter().all(|p| p.amount.is_positive()));
                    let sum: Money = d.postings().iter().map(Posting::signed).sum();
                    prop_assert!(sum.is_zero());
                }
                Err(_) => {
                    let ok = lines.iter().all(|p| p.amount.is_positive())
                        && matches!(totals(&lines), Some((d, c)) if d == c && d.is_positive());
                    prop_assert!(!ok, "a balanced draft was refused");
                }
            }
        }

        /// Balanced lines completed by a balancing line are always accepted.
        #[test]
        fn balanced_lines_are_accepted(amounts in prop::collection::vec(1i64..1_000_000, 1..10)) {
            let mut lines: Vec<Posting> = amounts.iter().map(|&c| Posting::debit("4503", Money::from_cents(c))).collect();
            let total: i64 = amounts.iter().sum();
            lines.push(Posting::credit("1101", Money::from_cents(total)));
            let d = draft("prop", "", lines);
            prop_assert!(d.is_ok());
        }
    }
}
