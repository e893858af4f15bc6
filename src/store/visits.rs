//! The counter's visits (see [`super::tables::VISITS`]): one receipt number
//! for the dues, the loan installment and the savings deposit a member paid
//! at one visit. Books made before the table existed simply have none.

use super::tables::{VISIT_BY_ENTRY, VISITS};
use super::{ReadTx, StoreError, WriteTx, db_err, decode, encode};
use crate::domain::visit::Visit;

/// Reads of the visits, in a read or a write transaction.
pub trait VisitReads {
    /// Visit `number`, if the receipt of that number is a visit's.
    fn visit(&self, number: u64) -> Result<Option<Visit>, StoreError>;
    /// The visit an entry belongs to.
    fn visit_of_entry(&self, entry: u64) -> Result<Option<u64>, StoreError>;
    /// Visits from the newest backwards; `f` returns false to stop.
    fn visits_rev(&self, f: &mut dyn FnMut(Visit) -> bool) -> Result<(), StoreError>;
}

macro_rules! impl_visit_reads {
    ($ty:ty) => {
        impl VisitReads for $ty {
            fn visit(&self, number: u64) -> Result<Option<Visit>, StoreError> {
                let t = match self.open(VISITS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(db_err(e)),
                };
                t.decoded(number, "visits")
            }
            fn visit_of_entry(&self, entry: u64) -> Result<Option<u64>, StoreError> {
                let t = match self.open(VISIT_BY_ENTRY) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
                    Err(e) => return Err(db_err(e)),
                };
                Ok(t.get(entry).map_err(db_err)?.map(|v| v.value()))
            }
            fn visits_rev(&self, f: &mut dyn FnMut(Visit) -> bool) -> Result<(), StoreError> {
                let t = match self.open(VISITS) {
                    Ok(t) => t,
                    Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
                    Err(e) => return Err(db_err(e)),
                };
                for row in t.iter().map_err(db_err)?.rev() {
                    let (_, v) = row.map_err(db_err)?;
                    if !f(decode("visits", v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
        }
    };
}

impl_visit_reads!(ReadTx);
impl_visit_reads!(WriteTx);

impl WriteTx {
    /// Writes a visit and indexes its entries.
    pub fn put_visit(&self, v: &Visit) -> Result<(), StoreError> {
        self.0
            .open_table(VISITS)
            .map_err(db_err)?
            .insert(v.number, encode(v)?.as_slice())
            .map_err(db_err)?;
        let mut by = self.0.open_table(VISIT_BY_ENTRY).map_err(db_err)?;
        for e in v.entries() {
            by.insert(e, v.number).map_err(db_err)?;
        }
        Ok(())
    }
}
