//! Reads that spare the work a hot path does not need: the charge indexes
//! that keep payments and closes from reading a member's whole history (see
//! [`super::tables::CHARGES_COMPLETE`]), and a member check without decoding.

use super::tables::{CHARGES, CHARGES_COMPLETE, CHARGES_OWED, DUES_ADVANCES, MEMBERS};
use super::{ChargeRow, DuesFigures, ReadTx, StoreError, StoreRead, WriteTx, db_err, figure};

/// A member's charges that still have something due: ((month key, type), due cents).
pub type OwedRow = ((u32, u32), i64);

/// A part of a payment held as collected in advance: ((month key, member,
/// type, receipt number), cents).
pub type AdvanceRow = ((u32, u32, u32, u64), i64);

/// A member's charges-complete record (month key, fingerprint), if any, and
/// its stored charges of the months after it (see
/// [`FastReads::charges_after_complete`]).
pub type ChargesAfterComplete = (Option<(u32, u64)>, Vec<ChargeRow>);

/// Visits one stored value: its key and undecoded bytes; false stops.
pub type RawVisit<'a> = dyn FnMut(u32, &[u8]) -> Result<bool, StoreError> + 'a;

/// Reads beyond [`StoreRead`] for the hot paths.
pub trait FastReads: StoreRead {
    /// Whether member `id` exists (without decoding the record).
    fn has_member(&self, id: u32) -> Result<bool, StoreError>;
    /// Every stored value of a `u32`-keyed table, undecoded, in key order;
    /// `f` returns false to stop.
    fn for_each_raw_u32(
        &self,
        table: redb::TableDefinition<u32, &[u8]>,
        f: &mut RawVisit<'_>,
    ) -> Result<(), StoreError>;
    /// Every stored loan, undecoded, in number order; `f` returns false to stop.
    fn for_each_raw_loan(&self, f: &mut RawVisit<'_>) -> Result<(), StoreError> {
        self.for_each_raw_u32(super::tables::LOANS, f)
    }
    /// The oldest month (key) in which the member still owes a charge.
    fn oldest_owed(&self, member: u32) -> Result<Option<u32>, StoreError>;
    /// A member's charges of months `from` and later (month keys), oldest first.
    fn member_charges_from(&self, member: u32, from: u32) -> Result<Vec<ChargeRow>, StoreError>;
    /// A member's charges with something due (the arrears index), oldest first.
    fn member_owed(&self, member: u32) -> Result<Vec<OwedRow>, StoreError>;
    /// Through which month the member's charges are known complete, and the fingerprint then.
    fn charges_complete(&self, member: u32) -> Result<Option<(u32, u64)>, StoreError>;
    /// For each member given (in that order): its charges-complete record, and
    /// its stored charges of the months after that record's month (all its
    /// charges when it has none). Each table is opened once, for the reports
    /// that look at every member.
    fn charges_after_complete(
        &self,
        members: &[u32],
    ) -> Result<Vec<ChargesAfterComplete>, StoreError>;
    /// The payments held in advance for charges of months `through` (key) and
    /// earlier, in key order (see [`super::tables::DUES_ADVANCES`]).
    fn advances_through(&self, through: u32) -> Result<Vec<AdvanceRow>, StoreError>;
    /// Every payment held in advance (for checks), in key order.
    fn all_advances(&self) -> Result<Vec<AdvanceRow>, StoreError>;
    /// What one receipt holds in advance for one charge.
    fn advance(&self, key: (u32, u32, u32, u64)) -> Result<Option<i64>, StoreError>;
}

macro_rules! impl_fast_reads {
    ($ty:ty) => {
        impl FastReads for $ty {
            fn has_member(&self, id: u32) -> Result<bool, StoreError> {
                let t = self.open(MEMBERS).map_err(db_err)?;
                Ok(t.get(id).map_err(db_err)?.is_some())
            }
            fn for_each_raw_u32(
                &self,
                table: redb::TableDefinition<u32, &[u8]>,
                f: &mut RawVisit<'_>,
            ) -> Result<(), StoreError> {
                let t = self.open(table).map_err(db_err)?;
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    if !f(k.value(), v.value())? {
                        break;
                    }
                }
                Ok(())
            }
            fn oldest_owed(&self, member: u32) -> Result<Option<u32>, StoreError> {
                let t = self.open(CHARGES_OWED).map_err(db_err)?;
                let mut range = t
                    .range((member, 0u32, 0u32)..=(member, u32::MAX, u32::MAX))
                    .map_err(db_err)?;
                match range.next() {
                    Some(row) => Ok(Some(row.map_err(db_err)?.0.value().1)),
                    None => Ok(None),
                }
            }
            fn member_charges_from(
                &self,
                member: u32,
                from: u32,
            ) -> Result<Vec<ChargeRow>, StoreError> {
                self.open(CHARGES)
                    .map_err(db_err)?
                    .member_rows(member, from, |v| DuesFigures::read("charges", v))
            }
            fn member_owed(&self, member: u32) -> Result<Vec<OwedRow>, StoreError> {
                self.open(CHARGES_OWED)
                    .map_err(db_err)?
                    .member_rows(member, 0, |v| figure("charges_owed", v))
            }
            fn charges_complete(&self, member: u32) -> Result<Option<(u32, u64)>, StoreError> {
                let t = match self.open(CHARGES_COMPLETE) {
                    Ok(t) => t,
                    // A book made before the table existed.
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(db_err(e)),
                };
                Ok(t.get(member).map_err(db_err)?.map(|v| v.value()))
            }
            fn charges_after_complete(
                &self,
                members: &[u32],
            ) -> Result<Vec<ChargesAfterComplete>, StoreError> {
                let complete = match self.open(CHARGES_COMPLETE) {
                    Ok(t) => Some(t),
                    // A book made before the table existed.
                    Err(redb::TableError::TableDoesNotExist(_)) => None,
                    Err(e) => return Err(db_err(e)),
                };
                let charges = self.open(CHARGES).map_err(db_err)?;
                let mut out = Vec::with_capacity(members.len());
                for &m in members {
                    let rec = match &complete {
                        Some(t) => t.get(m).map_err(db_err)?.map(|v| v.value()),
                        None => None,
                    };
                    let from = rec.map_or(0, |(w, _)| w.saturating_add(1));
                    let rows = charges.member_rows(m, from, |v| DuesFigures::read("charges", v))?;
                    out.push((rec, rows));
                }
                Ok(out)
            }
            fn advances_through(&self, through: u32) -> Result<Vec<AdvanceRow>, StoreError> {
                let t = match self.open(DUES_ADVANCES) {
                    Ok(t) => t,
                    // A book made before the table existed.
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
                    Err(e) => return Err(db_err(e)),
                };
                let mut out = Vec::new();
                for row in t
                    .range((0u32, 0u32, 0u32, 0u64)..=(through, u32::MAX, u32::MAX, u64::MAX))
                    .map_err(db_err)?
                {
                    let (k, v) = row.map_err(db_err)?;
                    out.push((k.value(), figure("dues_advances", v.value())?));
                }
                Ok(out)
            }
            fn all_advances(&self) -> Result<Vec<AdvanceRow>, StoreError> {
                self.advances_through(u32::MAX)
            }
            fn advance(&self, key: (u32, u32, u32, u64)) -> Result<Option<i64>, StoreError> {
                let t = match self.open(DUES_ADVANCES) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(db_err(e)),
                };
                t.get(key)
                    .map_err(db_err)?
                    .map(|v| figure("dues_advances", v.value()))
                    .transpose()
            }
        }
    };
}

impl_fast_reads!(ReadTx);
impl_fast_reads!(WriteTx);

impl WriteTx {
    /// Sets what a receipt holds in advance for a charge; zero removes the row.
    pub fn put_advance(&self, key: (u32, u32, u32, u64), cents: i64) -> Result<(), StoreError> {
        let mut t = self.0.open_table(DUES_ADVANCES).map_err(db_err)?;
        if cents == 0 {
            t.remove(key).map_err(db_err)?;
        } else {
            t.insert(key, cents).map_err(db_err)?;
        }
        Ok(())
    }

    /// Records that the member's charges are complete through `month` (key)
    /// for the given fingerprint.
    pub fn set_charges_complete(
        &self,
        member: u32,
        month: u32,
        fingerprint: u64,
    ) -> Result<(), StoreError> {
        self.0
            .open_table(CHARGES_COMPLETE)
            .map_err(db_err)?
            .insert(member, (month, fingerprint))
            .map_err(db_err)?;
        Ok(())
    }
}
