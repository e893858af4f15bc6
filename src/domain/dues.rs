//! Dues and contributions: charge types, which months a member owes, and how a
//! payment is applied (oldest first). Pure rules; the books store and post them.

use serde::{Deserialize, Serialize};

use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;

/// What a charge is for; decides its default account and how often it falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChargeKind {
    /// Cuota de ingreso: once, in the month the member joins.
    Admission,
    /// Cuota ordinaria mensual.
    MonthlyDues,
    /// Cuota extraordinaria: once, approved by the assembly.
    Extraordinary,
    /// Aporte de capital (3103), monthly or once.
    Contribution,
    /// Aporte al fondo solidario.
    SolidarityFund,
}

impl ChargeKind {
    pub fn parse(s: &str) -> Option<ChargeKind> {
        match s.trim().to_lowercase().as_str() {
            "admission" | "ingreso" | "cuota-ingreso" => Some(ChargeKind::Admission),
            "monthly" | "dues" | "mensual" | "cuota" | "ordinaria" => Some(ChargeKind::MonthlyDues),
            "extraordinary" | "extraordinaria" => Some(ChargeKind::Extraordinary),
            "contribution" | "aporte" | "capital" => Some(ChargeKind::Contribution),
            "fund" | "solidarity" | "fondo" | "solidario" => Some(ChargeKind::SolidarityFund),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ChargeKind::Admission => "admission",
            ChargeKind::MonthlyDues => "monthly",
            ChargeKind::Extraordinary => "extraordinary",
            ChargeKind::Contribution => "contribution",
            ChargeKind::SolidarityFund => "fund",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        crate::i18n::Label::label(&self, lang)
    }
    /// The account a payment of this kind is credited to, by default.
    pub fn default_account(self) -> &'static str {
        match self {
            ChargeKind::Admission | ChargeKind::MonthlyDues | ChargeKind::Extraordinary => "5490",
            ChargeKind::Contribution => "3103",
            ChargeKind::SolidarityFund => "3303",
        }
    }
}

/// How often a charge type falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Frequency {
    Once,
    Monthly,
}

/// A kind of charge the association collects, defined per book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeType {
    pub id: u32,
    pub name: String,
    pub kind: ChargeKind,
    pub frequency: Frequency,
    /// Account credited when paid.
    pub account: String,
    pub start_month: Month,
    /// Switched off from this month on (no charges in it or later).
    pub end_month: Option<Month>,
    /// The amount from each month on, in month order. History is never rewritten:
    /// a new amount applies from its month; charges already generated keep theirs.
    pub amounts: Vec<(Month, Money)>,
    /// Assembly approval reference (extraordinary dues).
    pub approval: String,
    /// For extraordinary dues for a chosen list: those members only.
    pub members: Option<Vec<u32>>,
}

impl ChargeType {
    /// The amount in force in `month`.
    pub fn amount_for(&self, month: Month) -> Option<Money> {
        self.amounts
            .iter()
            .rev()
            .find(|(from, _)| *from <= month)
            .map(|(_, a)| *a)
    }

    /// Sets a new amount from `month` on (later scheduled changes are dropped).
    pub fn set_amount_from(&mut self, month: Month, amount: Money) {
        self.amounts.retain(|(from, _)| *from < month);
        self.amounts.push((month, amount));
    }

    pub fn is_active_in(&self, month: Month) -> bool {
        month >= self.start_month && self.end_month.is_none_or(|e| month < e)
    }

    /// The months in which a member owes this charge, up to `through`.
    /// `join` is the member's join month, `left` the month they retired (no
    /// charges after it).
    pub fn due_months(
        &self,
        member: u32,
        join: Month,
        left: Option<Month>,
        through: Month,
    ) -> Vec<Month> {
        if let Some(list) = &self.members
            && !list.contains(&member)
        {
            return Vec::new();
        }
        let last = match left {
            Some(l) => l.min(through),
            None => through,
        };
        let in_force = |m: Month| {
            self.is_active_in(m)
                && m >= join
                && m <= last
                && self.amount_for(m).is_some_and(|a| a.is_positive())
        };
        match (self.kind, self.frequency) {
            // The admission fee falls due when the member joins, if the fee existed then.
            (ChargeKind::Admission, _) => [join].into_iter().filter(|&m| in_force(m)).collect(),
            // A one-off charge falls on its start month, for members there by then.
            (_, Frequency::Once) => {
                let m = self.start_month;
                if join <= m
                    && m <= last
                    && self.is_active_in(m)
                    && self.amount_for(m).is_some_and(|a| a.is_positive())
                {
                    vec![m]
                } else {
                    Vec::new()
                }
            }
            (_, Frequency::Monthly) => {
                let mut out = Vec::new();
                let mut m = join.max(self.start_month);
                while m <= last {
                    if in_force(m) {
                        out.push(m);
                    }
                    m = m.next();
                }
                out
            }
        }
    }
}

/// A charge still (partly) owed, for allocation: oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owed {
    pub month: Month,
    pub charge_type: u32,
    /// What is left to pay (amount - paid - waived), positive.
    pub due: Money,
}

/// Applies `amount` to the owed charges in the order given (oldest first):
/// each charge is paid in full before the next gets anything. Returns how
/// much goes to each charge (same order, zeros omitted) and what is left over
/// (an advance for future months, or change).
pub fn allocate(owed: &[Owed], amount: Money) -> (Vec<(usize, Money)>, Money) {
    let mut left = amount.max(Money::ZERO);
    let mut out = Vec::new();
    for (i, o) in owed.iter().enumerate() {
        if left.is_zero() {
            break;
        }
        if !o.due.is_positive() {
            continue;
        }
        let take = left.min(o.due);
        out.push((i, take));
        left -= take;
    }
    (out, left)
}

/// Sorts owed charges oldest first (then by charge type, for a stable order).
pub fn oldest_first(owed: &mut [Owed]) {
    owed.sort_by_key(|o| (o.month, o.charge_type));
}

/// One charge paid by a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub month: Month,
    pub charge_type: u32,
    pub amount: Money,
}

/// A dues payment: what the member paid and what it paid for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Receipt number, from 1.
    pub number: u64,
    /// The entry that posted it.
    pub entry: u64,
    pub member: u32,
    #[serde(with = "crate::domain::date::days")]
    pub date: chrono::NaiveDate,
    /// Account that received the money (1101 Caja or a bank).
    pub cash_account: String,
    pub total: Money,
    pub lines: Vec<ReceiptLine>,
    /// Reversed by this entry (the payment was undone).
    pub reversed_by: Option<u64>,
}

/// An exoneración: part or all of a charge forgiven; posts no income.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    pub number: u64,
    pub member: u32,
    pub month: Month,
    pub charge_type: u32,
    pub amount: Money,
    pub reason: String,
    /// Approval reference (assembly or board act).
    pub approval: String,
    #[serde(with = "crate::domain::date::days")]
    pub date: chrono::NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mo(y: i32, m: u32) -> Month {
        Month::new(y, m).unwrap_or(Month::from_key(0))
    }

    fn monthly(amount: i64) -> ChargeType {
        ChargeType {
            id: 1,
            name: "Cuota".into(),
            kind: ChargeKind::MonthlyDues,
            frequency: Frequency::Monthly,
            account: "5490".into(),
            start_month: mo(2026, 1),
            end_month: None,
            amounts: vec![(mo(2026, 1), Money::from_cents(amount))],
            approval: String::new(),
            members: None,
        }
    }

    #[test]
    fn monthly_from_join_to_retirement() {
        let t = monthly(300);
        let months = t.due_months(1, mo(2026, 3), Some(mo(2026, 6)), mo(2026, 11));
        assert_eq!(
            months,
            vec![mo(2026, 3), mo(2026, 4), mo(2026, 5), mo(2026, 6)]
        );
        let months = t.due_months(1, mo(2025, 6), None, mo(2026, 2));
        assert_eq!(months, vec![mo(2026, 1), mo(2026, 2)]);
    }

    #[test]
    fn amount_changes_from_a_month_without_rewriting_earlier_ones() {
        let mut t = monthly(300);
        t.set_amount_from(mo(2026, 7), Money::from_cents(400));
        assert_eq!(t.amount_for(mo(2026, 6)), Some(Money::from_cents(300)));
        assert_eq!(t.amount_for(mo(2026, 7)), Some(Money::from_cents(400)));
        assert_eq!(t.amount_for(mo(2025, 12)), None);
    }

    #[test]
    fn switched_off_stops_charges() {
        let mut t = monthly(300);
        t.end_month = Some(mo(2026, 4));
        assert_eq!(t.due_months(1, mo(2026, 1), None, mo(2026, 11)).len(), 3);
    }

    #[test]
    fn admission_and_one_off() {
        let mut adm = monthly(1000);
        adm.kind = ChargeKind::Admission;
        adm.frequency = Frequency::Once;
        assert_eq!(
            adm.due_months(1, mo(2026, 5), None, mo(2026, 11)),
            vec![mo(2026, 5)]
        );
        assert!(
            adm.due_months(1, mo(2025, 5), None, mo(2026, 11))
                .is_empty(),
            "joined before the fee existed"
        );
        let mut ext = monthly(500);
        ext.kind = ChargeKind::Extraordinary;
        ext.frequency = Frequency::Once;
        ext.start_month = mo(2026, 8);
        ext.members = Some(vec![2, 3]);
        assert_eq!(
            ext.due_months(2, mo(2026, 1), None, mo(2026, 11)),
            vec![mo(2026, 8)]
        );
        assert!(
            ext.due_months(1, mo(2026, 1), None, mo(2026, 11))
                .is_empty()
        );
        assert!(
            ext.due_months(2, mo(2026, 9), None, mo(2026, 11))
                .is_empty(),
            "joined after"
        );
    }

    #[test]
    fn allocation_hand_case() {
        let owed = vec![
            Owed {
                month: mo(2026, 1),
                charge_type: 1,
                due: Money::from_cents(300),
            },
            Owed {
                month: mo(2026, 2),
                charge_type: 1,
                due: Money::from_cents(300),
            },
            Owed {
                month: mo(2026, 3),
                charge_type: 1,
                due: Money::from_cents(300),
            },
        ];
        let (applied, rest) = allocate(&owed, Money::from_cents(750));
        assert_eq!(
            applied,
            vec![
                (0, Money::from_cents(300)),
                (1, Money::from_cents(300)),
                (2, Money::from_cents(150))
            ]
        );
        assert_eq!(rest, Money::ZERO);
        let (applied, rest) = allocate(&owed, Money::from_cents(1000));
        assert_eq!(applied.len(), 3);
        assert_eq!(rest, Money::from_cents(100));
    }

    proptest! {
        /// Allocation never over- or under-applies a payment, and pays oldest first.
        #[test]
        fn allocation_is_exact_and_ordered(dues in prop::collection::vec(0i64..10_000, 0..30), amount in 0i64..200_000) {
            let owed: Vec<Owed> = dues.iter().enumerate().map(|(i, &d)| Owed {
                month: Month::from_key(24_300 + i as u32), charge_type: 1, due: Money::from_cents(d),
            }).collect();
            let (applied, rest) = allocate(&owed, Money::from_cents(amount));
            let total: Money = applied.iter().map(|a| a.1).sum();
            prop_assert_eq!(total + rest, Money::from_cents(amount));
            prop_assert!(!rest.is_negative());
            for &(i, a) in &applied {
                prop_assert!(a.is_positive() && a <= owed[i].due);
            }
            // Only the last charge applied may be partial, and nothing is left
            // over while some charge is still owed.
            for w in applied.windows(2) {
                prop_assert_eq!(w[0].1, owed[w[0].0].due);
            }
            let owed_total: Money = owed.iter().map(|o| o.due).sum();
            prop_assert_eq!(rest, (Money::from_cents(amount) - owed_total).max(Money::ZERO));
        }
    }
}
