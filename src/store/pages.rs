//! Reading every page of a book once, when it is opened.
//!
//! redb trusts the bytes of its file: a page damaged outside ayni (one byte
//! changed on a failing disk or USB stick) may make it return an error, or
//! panic deep inside the engine ("entered unreachable code", a slice index out
//! of range). So that no read path of ayni meets such a page half-way through
//! a command (or the interface, in the middle of a screen), [`walk`] reads
//! every key and value of every table of the book in the open's read
//! snapshot; the open runs it inside [`super::guard`], which turns a panic
//! into [`super::StoreError::Damaged`]. A book that fails is refused before
//! anything reads or writes it: writes never start on a book whose pages do
//! not read. Iterating a table visits every branch and leaf page reachable
//! from its root, the same pages any lookup can reach.

use redb::{Key, ReadableDatabase, ReadableTable, TableDefinition, TableError, Value};

use super::tables::*;
use super::{StoreError, db_err};

/// Reads every entry of one table (a table not created yet is skipped).
fn table<K: Key + 'static, V: Value + 'static>(
    tx: &redb::ReadTransaction,
    def: TableDefinition<K, V>,
) -> Result<(), StoreError> {
    let t = match tx.open_table(def) {
        Ok(t) => t,
        Err(TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(db_err(e)),
    };
    for row in t.iter().map_err(db_err)? {
        let (k, v) = row.map_err(db_err)?;
        // Decode both: a key or value redb cannot read panics or errs here.
        let _ = K::as_bytes(&k.value());
        let _ = V::as_bytes(&v.value());
    }
    Ok(())
}

/// Reads every table of the book (see the module's documentation).
pub(crate) fn walk(db: &impl ReadableDatabase) -> Result<(), StoreError> {
    let tx = db.begin_read().map_err(db_err)?;
    table(&tx, META)?;
    table(&tx, ACCOUNTS)?;
    table(&tx, ENTRIES)?;
    table(&tx, ENTRIES_BY_DATE)?;
    table(&tx, ENTRIES_BY_ACCOUNT)?;
    table(&tx, ENTRIES_BY_MEMBER)?;
    table(&tx, REVERSED_BY)?;
    table(&tx, ACCOUNT_MONTH_TOTALS)?;
    table(&tx, MEMBER_ACCOUNT_TOTALS)?;
    table(&tx, MEMBERS)?;
    table(&tx, MEMBER_BY_ID_NUMBER)?;
    table(&tx, CLOSED_MONTHS)?;
    table(&tx, CHARGE_TYPES)?;
    table(&tx, CHARGES)?;
    table(&tx, CHARGES_OWED)?;
    table(&tx, RECEIPTS)?;
    table(&tx, RECEIPT_BY_ENTRY)?;
    table(&tx, WAIVERS)?;
    table(&tx, DUES_MONTH_TOTALS)?;
    table(&tx, SAVINGS_PRODUCTS)?;
    table(&tx, SAVINGS_ACCOUNTS)?;
    table(&tx, SAVINGS_BY_MEMBER)?;
    table(&tx, SAVINGS_MOVES)?;
    table(&tx, SAVINGS_MOVES_BY_ENTRY)?;
    table(&tx, SAVINGS_INTEREST)?;
    table(&tx, FUND_GRANTS)?;
    table(&tx, LOAN_PRODUCTS)?;
    table(&tx, LOANS)?;
    table(&tx, LOANS_BY_MEMBER)?;
    table(&tx, LOAN_EVENTS)?;
    table(&tx, LOAN_EVENTS_BY_LOAN)?;
    table(&tx, CHARGES_COMPLETE)?;
    table(&tx, ACCOUNT_TOTALS)?;
    table(&tx, CASH_DAY_TOTALS)?;
    table(&tx, VISITS)?;
    table(&tx, VISIT_BY_ENTRY)?;
    table(&tx, SEALS)?;
    // Tables this list does not know (added by a later change to tables.rs
    // without a line here) are still read page by page through their sizes.
    for h in tx.list_tables().map_err(db_err)? {
        let t = tx.open_untyped_table(h).map_err(db_err)?;
        redb::ReadableTableMetadata::stats(&t).map_err(db_err)?;
    }
    Ok(())
}
