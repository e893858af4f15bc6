//! Schema migrations. Each step runs in its own transaction, is idempotent
//! (running it twice gives the same book), and bumps `schema_version` in the
//! same transaction. A backup copy of the file is taken before any migration.

use std::path::{Path, PathBuf};

use super::{Store, StoreError, StoreRead};

/// One migration step: from `from` to `from + 1`.
pub struct Migration {
    pub from: u32,
    pub name: &'static str,
    pub apply: fn(&super::WriteTx) -> Result<(), StoreError>,
}

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        from: 1,
        name: "member subledger balances: maintained per member and account, built from the journal",
        apply: |tx| {
            tx.create_all_tables()?;
            tx.rebuild_member_totals()?;
            Ok(())
        },
    },
    Migration {
        from: 2,
        name: "account totals of all time and the cash and bank accounts' day totals, built from the journal",
        apply: |tx| {
            tx.create_all_tables()?;
            tx.rebuild_account_and_cash_totals()?;
            Ok(())
        },
    },
    Migration {
        from: 3,
        name: "seals over members, loans, products, charge types, charges and the settings, made from what the book holds",
        apply: |tx| {
            tx.create_all_tables()?;
            tx.seal_all()?;
            Ok(())
        },
    },
    Migration {
        from: 4,
        name: "the counter's visits: one receipt for dues, a loan installment and a deposit",
        apply: |tx| {
            tx.create_all_tables()?;
            Ok(())
        },
    },
];

/// Where the pre-migration copy of a book goes.
pub fn backup_path(book: &Path, from_version: u32) -> PathBuf {
    let stamp = crate::clock::stamp();
    let name = book
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    book.with_file_name(format!("{name}.schema{from_version}-{stamp}.bak"))
}

/// Copies the book aside before migrating it.
pub fn backup_before_migration(book: &Path, from_version: u32) -> Result<PathBuf, StoreError> {
    let dest = backup_path(book, from_version);
    std::fs::copy(book, &dest).map_err(|e| super::io_error(&dest, e))?;
    super::restrict_permissions(&dest);
    Ok(dest)
}

/// Applies every migration from `version` to the current schema.
pub fn run(store: &Store, mut version: u32) -> Result<(), StoreError> {
    while version < super::SCHEMA_VERSION {
        let step = MIGRATIONS
            .iter()
            .find(|m| m.from == version)
            .ok_or_else(|| {
                StoreError::Damaged(
                    store.path().to_path_buf(),
                    format!("no migration from schema {version}"),
                )
            })?;
        let tx = store.write()?;
        // Another process may have migrated between our read and this write: re-read.
        let current: u32 = tx.meta_get("schema_version")?.unwrap_or(version);
        if current == version {
            (step.apply)(&tx)?;
            tx.meta_put("schema_version", &(version + 1))?;
        }
        tx.commit()?;
        version = current.max(version) + 1;
    }
    Ok(())
}
