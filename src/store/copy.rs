//! A fresh copy of a book, record by record, with some records rewritten on
//! the way (for `ayni backup --redact`).
//!
//! Unlike a file copy, the new file holds only the records written to it: a
//! redb file may keep old versions of records in freed pages, so an edited
//! book copied byte for byte could still carry what the edit removed. Here
//! every record is rewritten BEFORE it is written, into a file created empty.

use std::path::{Path, PathBuf};

use redb::{Key, TableDefinition, TableError, Value};

use super::batch::AnyRead;
use super::tables::*;
use super::{Store, StoreError, WriteTx, db_err};

/// What a copy rewrites. Every method has the "keep it" default.
pub trait CopyEdit {
    /// A value of one of the postcard tables, named as in [`TABLE_NAMES`]
    /// (`entries` in number order, so a hash chain can be re-sealed). `None`
    /// keeps the value as it is.
    fn value(
        &mut self,
        _table: &'static str,
        _value: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(None)
    }
    /// A key of the identification-number index (the value is the member).
    fn id_number(&mut self, key: &str, _member: u32) -> Result<String, StoreError> {
        Ok(key.to_string())
    }
    /// A record that a member's charges are complete: the record to keep, if any.
    fn charges_complete(
        &mut self,
        _member: u32,
        v: (u32, u64),
    ) -> Result<Option<(u32, u64)>, StoreError> {
        Ok(Some(v))
    }
    /// A value of the book-wide facts; called after every other table is copied.
    fn meta(&mut self, _key: &str, _value: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(None)
    }
    /// Last writes in the copy's transaction (new keys only).
    fn finish(&mut self, _tx: &WriteTx) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The name of every table this build knows. A book with any other table is
/// not copied: a record the copy does not know could not be rewritten.
pub const TABLE_NAMES: [&str; 38] = [
    "meta_v1",
    "accounts_v1",
    "entries_v1",
    "entries_by_date_v1",
    "entries_by_account_v1",
    "entries_by_member_v1",
    "reversed_by_v1",
    "account_month_totals_v1",
    "member_account_totals_v1",
    "members_v1",
    "member_by_id_number_v1",
    "closed_months_v1",
    "charge_types_v1",
    "charges_v1",
    "charges_owed_v1",
    "receipts_v1",
    "receipt_by_entry_v1",
    "waivers_v1",
    "dues_month_totals_v1",
    "savings_products_v1",
    "savings_accounts_v1",
    "savings_by_member_v1",
    "savings_moves_v1",
    "savings_moves_by_entry_v1",
    "savings_interest_v1",
    "fund_grants_v1",
    "loan_products_v1",
    "loans_v1",
    "loans_by_member_v1",
    "loan_events_v1",
    "loan_events_by_loan_v1",
    "charges_complete_v1",
    "account_totals_v1",
    "cash_day_totals_v1",
    "dues_advances_v1",
    "visits_v1",
    "visit_by_entry_v1",
    "seals_v1",
];

fn missing(e: &TableError) -> bool {
    matches!(e, TableError::TableDoesNotExist(_))
}

/// Copies a table row by row, unchanged.
fn plain<K: Key + 'static, V: Value + 'static>(
    src: &AnyRead,
    dst: &redb::WriteTransaction,
    def: TableDefinition<K, V>,
) -> Result<(), StoreError> {
    let s = match src.open_table(def) {
        Ok(t) => t,
        Err(e) if missing(&e) => return Ok(()),
        Err(e) => return Err(db_err(e)),
    };
    let mut d = dst.open_table(def).map_err(db_err)?;
    for row in s.iter().map_err(db_err)? {
        let (k, v) = row.map_err(db_err)?;
        d.insert(k.value(), v.value()).map_err(db_err)?;
    }
    Ok(())
}

/// Copies a postcard table row by row, each value through `edit`.
fn edited<K: Key + 'static>(
    src: &AnyRead,
    dst: &redb::WriteTransaction,
    def: TableDefinition<K, &'static [u8]>,
    name: &'static str,
    edit: &mut dyn CopyEdit,
) -> Result<(), StoreError> {
    let s = match src.open_table(def) {
        Ok(t) => t,
        Err(e) if missing(&e) => return Ok(()),
        Err(e) => return Err(db_err(e)),
    };
    let mut d = dst.open_table(def).map_err(db_err)?;
    for row in s.iter().map_err(db_err)? {
        let (k, v) = row.map_err(db_err)?;
        match edit.value(name, v.value())? {
            Some(new) => {
                d.insert(k.value(), new.as_slice()).map_err(db_err)?;
                if let Some(table) = super::seal::copy_table(name) {
                    let key = K::as_bytes(&k.value()).as_ref().to_vec();
                    reseal(src, dst, table, &key, v.value(), &new)?;
                }
            }
            None => {
                d.insert(k.value(), v.value()).map_err(db_err)?;
            }
        };
    }
    Ok(())
}

/// A sealed record the copy rewrote gets the seal of what it now holds, if
/// its seal held for what it held: a record changed outside ayni is not
/// laundered by a copy, its seal still fails in the copy.
fn reseal(
    src: &AnyRead,
    dst: &redb::WriteTransaction,
    table: &'static str,
    key: &[u8],
    old: &[u8],
    new: &[u8],
) -> Result<(), StoreError> {
    let held = match src.open_table(SEALS) {
        Ok(t) => t
            .get((table, key))
            .map_err(db_err)?
            .is_some_and(|s| s.value() == super::seal::digest(table, key, old)),
        Err(e) if missing(&e) => false,
        Err(e) => return Err(db_err(e)),
    };
    if held {
        dst.open_table(SEALS)
            .map_err(db_err)?
            .insert((table, key), super::seal::digest(table, key, new))
            .map_err(db_err)?;
    }
    Ok(())
}

fn table_names(src: &AnyRead) -> Result<Vec<String>, StoreError> {
    use redb::{MultimapTableHandle, TableHandle};
    let mut names: Vec<String> = match src {
        AnyRead::Snapshot(t) => t
            .list_tables()
            .map_err(db_err)?
            .map(|h| h.name().to_string())
            .collect(),
        AnyRead::Batch(t) => t
            .list_tables()
            .map_err(db_err)?
            .map(|h| h.name().to_string())
            .collect(),
    };
    let multi: Vec<String> = match src {
        AnyRead::Snapshot(t) => t
            .list_multimap_tables()
            .map_err(db_err)?
            .map(|h| h.name().to_string())
            .collect(),
        AnyRead::Batch(t) => t
            .list_multimap_tables()
            .map_err(db_err)?
            .map(|h| h.name().to_string())
            .collect(),
    };
    names.extend(multi);
    Ok(names)
}

impl Store {
    /// Writes a new book at `dest` (which must not exist) holding every record
    /// of this one, each passed through `edit` first. Written under a
    /// temporary name and renamed, so a half-made copy never has the final
    /// name; readable by its owner only.
    pub fn copy_to(&self, dest: &Path, edit: &mut dyn CopyEdit) -> Result<PathBuf, StoreError> {
        if dest.exists() {
            return Err(StoreError::AlreadyExists(dest.to_path_buf()));
        }
        let src = self.read()?;
        let tmp = dest.with_extension("part");
        if tmp.exists() {
            return Err(StoreError::AlreadyExists(tmp));
        }
        copy_records(&src.0, dest, &tmp, edit)
    }

    /// A consistent snapshot of the book as it is now (a read transaction),
    /// to be copied elsewhere, on another thread if wanted: the writer goes
    /// on committing meanwhile, never waiting for it.
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        use redb::ReadableDatabase;
        let tx = match &self.db {
            super::Db::Rw(db) => db.begin_read(),
            super::Db::Ro(db) => db.begin_read(),
        }
        .map_err(db_err)?;
        Ok(Snapshot(tx))
    }
}

/// A book as it was when [`Store::snapshot`] was taken; it can be sent to
/// another thread.
pub struct Snapshot(redb::ReadTransaction);

/// The last writes of a snapshot's copy: book-wide facts it adds.
struct Marks<'a>(&'a [(&'a str, String)]);

impl CopyEdit for Marks<'_> {
    fn finish(&mut self, tx: &WriteTx) -> Result<(), StoreError> {
        for (k, v) in self.0 {
            tx.meta_put(k, v)?;
        }
        Ok(())
    }
}

impl Snapshot {
    /// Writes the snapshot as a book at `dest`, with the facts `marks` added
    /// to its meta table: record by record into a temporary file `tmp`
    /// (which must not exist), synced, then renamed over `dest` in one step,
    /// so `dest` always holds a whole copy or the previous one.
    pub fn write_to(
        self,
        dest: &Path,
        tmp: &Path,
        marks: &[(&str, String)],
    ) -> Result<PathBuf, StoreError> {
        let src = AnyRead::Snapshot(self.0);
        copy_records(&src, dest, tmp, &mut Marks(marks))
    }
}

/// Copies every record of `src` into a new book at `tmp`, each through
/// `edit`, then renames it to `dest`.
fn copy_records(
    src: &AnyRead,
    dest: &Path,
    tmp: &Path,
    edit: &mut dyn CopyEdit,
) -> Result<PathBuf, StoreError> {
    {
        if let Some(other) = table_names(src)?
            .into_iter()
            .find(|n| !TABLE_NAMES.contains(&n.as_str()))
        {
            return Err(StoreError::Db(format!(
                "the book has a table this ayni does not know ({other}); it cannot be copied record by record"
            )));
        }
        let made = Store::create(tmp, |tx| {
            let dst: &redb::WriteTransaction = &tx.0;
            // First: the records rewritten below replace their own seals.
            plain(src, dst, SEALS)?;
            edited(src, dst, ACCOUNTS, "accounts", edit)?;
            edited(src, dst, ENTRIES, "entries", edit)?;
            plain(src, dst, ENTRIES_BY_DATE)?;
            plain(src, dst, ENTRIES_BY_ACCOUNT)?;
            plain(src, dst, ENTRIES_BY_MEMBER)?;
            plain(src, dst, REVERSED_BY)?;
            plain(src, dst, ACCOUNT_MONTH_TOTALS)?;
            plain(src, dst, MEMBER_ACCOUNT_TOTALS)?;
            plain(src, dst, ACCOUNT_TOTALS)?;
            plain(src, dst, CASH_DAY_TOTALS)?;
            edited(src, dst, MEMBERS, "members", edit)?;
            {
                let s = src.open_table(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
                let mut d = dst.open_table(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
                for row in s.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let key = edit.id_number(k.value(), v.value())?;
                    d.insert(key.as_str(), v.value()).map_err(db_err)?;
                }
            }
            edited(src, dst, CLOSED_MONTHS, "closed_months", edit)?;
            edited(src, dst, CHARGE_TYPES, "charge_types", edit)?;
            plain(src, dst, CHARGES)?;
            plain(src, dst, CHARGES_OWED)?;
            edited(src, dst, RECEIPTS, "receipts", edit)?;
            plain(src, dst, RECEIPT_BY_ENTRY)?;
            edited(src, dst, WAIVERS, "waivers", edit)?;
            plain(src, dst, DUES_MONTH_TOTALS)?;
            edited(src, dst, SAVINGS_PRODUCTS, "savings_products", edit)?;
            edited(src, dst, SAVINGS_ACCOUNTS, "savings_accounts", edit)?;
            plain(src, dst, SAVINGS_BY_MEMBER)?;
            edited(src, dst, SAVINGS_MOVES, "savings_moves", edit)?;
            plain(src, dst, SAVINGS_MOVES_BY_ENTRY)?;
            plain(src, dst, SAVINGS_INTEREST)?;
            edited(src, dst, FUND_GRANTS, "fund_grants", edit)?;
            edited(src, dst, LOAN_PRODUCTS, "loan_products", edit)?;
            edited(src, dst, LOANS, "loans", edit)?;
            plain(src, dst, LOANS_BY_MEMBER)?;
            edited(src, dst, LOAN_EVENTS, "loan_events", edit)?;
            plain(src, dst, LOAN_EVENTS_BY_LOAN)?;
            plain(src, dst, DUES_ADVANCES)?;
            edited(src, dst, VISITS, "visits", edit)?;
            plain(src, dst, VISIT_BY_ENTRY)?;
            match src.open_table(CHARGES_COMPLETE) {
                Ok(s) => {
                    let mut d = dst.open_table(CHARGES_COMPLETE).map_err(db_err)?;
                    for row in s.iter().map_err(db_err)? {
                        let (k, v) = row.map_err(db_err)?;
                        if let Some(nv) = edit.charges_complete(k.value(), v.value())? {
                            d.insert(k.value(), nv).map_err(db_err)?;
                        }
                    }
                }
                Err(e) if missing(&e) => {}
                Err(e) => return Err(db_err(e)),
            }
            // Last, so that what it holds (the chain head) can follow the edits.
            {
                let s = src.open_table(META).map_err(db_err)?;
                let mut d = dst.open_table(META).map_err(db_err)?;
                for row in s.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    match edit.meta(k.value(), v.value())? {
                        Some(new) => {
                            d.insert(k.value(), new.as_slice()).map_err(db_err)?;
                            if k.value() == "settings" {
                                let seal = super::seal::SETTINGS;
                                reseal(src, dst, seal, &[], v.value(), &new)?;
                            }
                        }
                        None => {
                            d.insert(k.value(), v.value()).map_err(db_err)?;
                        }
                    };
                }
            }
            edit.finish(tx)
        });
        let made = match made {
            Ok(store) => store,
            Err(e) => {
                let _ = std::fs::remove_file(tmp);
                return Err(e);
            }
        };
        drop(made);
        if let Ok(f) = std::fs::File::open(tmp) {
            let _ = f.sync_all();
        }
        if let Err(e) = std::fs::rename(tmp, dest) {
            let _ = std::fs::remove_file(tmp);
            return Err(super::io_error(dest, e));
        }
        Ok(dest.to_path_buf())
    }
}
