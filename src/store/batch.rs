//! Batched bulk writes (for generating practice books).
//!
//! In normal use every operation is one write transaction, committed durably.
//! A generator that posts hundreds of thousands of operations cannot afford a
//! commit each: even without waiting for the disk, a redb commit flushes every
//! touched table root and checksums every dirty page, and each operation then
//! copies afresh the pages the previous one had just written.
//!
//! With batching on ([`super::Store::set_batching`], only in bulk mode), the
//! store keeps ONE write transaction open across operations: every
//! `Store::write()` hands out a handle on it, `WriteTx::commit` only marks the
//! operation done, and `Store::read()` reads through the same transaction, so
//! each operation sees everything before it. The batch is committed (without
//! waiting for the disk) every [`BATCH_OPS`] operations and when batching is
//! switched off; leaving bulk mode makes it durable.
//!
//! An operation that fails half-way cannot be rolled back inside a shared
//! transaction, so it poisons the batch: every later read, write or commit is
//! refused and the batch is never committed. A generator runs the operations
//! that may legitimately refuse with batching off.

use std::borrow::Borrow;
use std::cell::{Cell, RefCell};
use std::ops::{Deref, RangeBounds};
use std::rc::Rc;

use redb::{
    AccessGuard, Key, Range, ReadableTable, ReadableTableMetadata, StorageError, TableDefinition,
    TableError, Value,
};

/// Operations per batch before it is committed (without waiting for the disk).
pub(crate) const BATCH_OPS: u32 = 20_000;

/// State shared between the store and the handles it gave out.
#[derive(Default)]
pub(crate) struct BatchFlags {
    /// An operation failed inside the batch: nothing more may be written.
    pub poisoned: Cell<bool>,
    /// Operations done since the batch began.
    pub ops: Cell<u32>,
}

/// The store's bulk state.
#[derive(Default)]
pub(crate) struct Bulk {
    /// Commits skip the wait for the disk.
    pub on: Cell<bool>,
    /// Operations share one open transaction.
    pub batching: Cell<bool>,
    pub open: RefCell<Option<Rc<redb::WriteTransaction>>>,
    pub flags: Rc<BatchFlags>,
}

/// A write transaction of one's own, or a handle on the open batch.
// As large as the transaction it holds, as a write transaction always was;
// boxing it would cost every operation an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum TxHandle {
    Own(redb::WriteTransaction),
    Shared(Rc<redb::WriteTransaction>),
}

impl Deref for TxHandle {
    type Target = redb::WriteTransaction;
    fn deref(&self) -> &redb::WriteTransaction {
        match self {
            TxHandle::Own(t) => t,
            TxHandle::Shared(t) => t,
        }
    }
}

/// Marks an operation on the batch that ended without `commit`: it failed,
/// and what it wrote so far cannot be taken back.
pub(crate) struct OpGuard {
    pub flags: Option<Rc<BatchFlags>>,
    pub done: bool,
}

impl Drop for OpGuard {
    fn drop(&mut self) {
        if let Some(f) = &self.flags
            && !self.done
        {
            f.poisoned.set(true);
        }
    }
}

/// What a read transaction reads: a snapshot, or the open batch.
pub(crate) enum AnyRead {
    Snapshot(redb::ReadTransaction),
    Batch(Rc<redb::WriteTransaction>),
}

impl AnyRead {
    pub(crate) fn open_table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<K, V>,
    ) -> Result<AnyTable<'_, K, V>, TableError> {
        Ok(match self {
            AnyRead::Snapshot(t) => AnyTable::Ro(t.open_table(def)?),
            AnyRead::Batch(t) => AnyTable::Rw(t.open_table(def)?),
        })
    }
}

/// A table opened for reading in a snapshot, in the open batch or in a
/// write transaction, or one a read transaction holds open in its
/// [`super::tables::Tables`].
pub(crate) enum AnyTable<'t, K: Key + 'static, V: Value + 'static> {
    Ro(redb::ReadOnlyTable<K, V>),
    Rw(redb::Table<'t, K, V>),
    Held(Rc<redb::ReadOnlyTable<K, V>>),
}

impl<K: Key + 'static, V: Value + 'static> AnyTable<'_, K, V> {
    pub(crate) fn get<'a>(
        &self,
        key: impl Borrow<K::SelfType<'a>>,
    ) -> Result<Option<AccessGuard<'_, V>>, StorageError> {
        match self {
            AnyTable::Ro(t) => ReadableTable::get(t, key),
            AnyTable::Rw(t) => ReadableTable::get(t, key),
            AnyTable::Held(t) => ReadableTable::get(&**t, key),
        }
    }

    pub(crate) fn range<'a, KR>(
        &self,
        range: impl RangeBounds<KR> + 'a,
    ) -> Result<Range<'_, K, V>, StorageError>
    where
        KR: Borrow<K::SelfType<'a>> + 'a,
    {
        match self {
            AnyTable::Ro(t) => ReadableTable::range(t, range),
            AnyTable::Rw(t) => ReadableTable::range(t, range),
            AnyTable::Held(t) => ReadableTable::range(&**t, range),
        }
    }

    pub(crate) fn iter(&self) -> Result<Range<'_, K, V>, StorageError> {
        match self {
            AnyTable::Ro(t) => ReadableTable::iter(t),
            AnyTable::Rw(t) => ReadableTable::iter(t),
            AnyTable::Held(t) => ReadableTable::iter(&**t),
        }
    }

    pub(crate) fn len(&self) -> Result<u64, StorageError> {
        match self {
            AnyTable::Ro(t) => ReadableTableMetadata::len(t),
            AnyTable::Rw(t) => ReadableTableMetadata::len(t),
            AnyTable::Held(t) => ReadableTableMetadata::len(&**t),
        }
    }
}

/// A row of a member's table keyed (member, month key, type): ((month key,
/// type), value).
pub(crate) type MemberRow<T> = ((u32, u32), T);

impl<V: Value + 'static> AnyTable<'_, (u32, u32, u32), V> {
    /// A member's rows of a table keyed (member, month key, type), of months
    /// `from` and later, oldest first: ((month key, type), the value as
    /// `read` decodes it).
    pub(crate) fn member_rows<T>(
        &self,
        member: u32,
        from: u32,
        read: impl Fn(V::SelfType<'_>) -> Result<T, super::StoreError>,
    ) -> Result<Vec<MemberRow<T>>, super::StoreError> {
        use super::db_err;
        let mut out = Vec::new();
        for row in self
            .range((member, from, 0u32)..=(member, u32::MAX, u32::MAX))
            .map_err(db_err)?
        {
            let (k, v) = row.map_err(db_err)?;
            let (_, month, ty) = k.value();
            out.push(((month, ty), read(v.value())?));
        }
        Ok(out)
    }
}

impl<K: Key + 'static> AnyTable<'_, K, &'static [u8]> {
    /// The value under `key`, decoded from postcard (`name` names the table
    /// in the error).
    pub(crate) fn decoded<'a, T: serde::de::DeserializeOwned>(
        &self,
        key: impl Borrow<K::SelfType<'a>>,
        name: &'static str,
    ) -> Result<Option<T>, super::StoreError> {
        match self.get(key).map_err(super::db_err)? {
            Some(v) => Ok(Some(super::decode(name, v.value())?)),
            None => Ok(None),
        }
    }

    /// Every value in key order, decoded from postcard.
    pub(crate) fn decoded_all<T: serde::de::DeserializeOwned>(
        &self,
        name: &'static str,
    ) -> Result<Vec<T>, super::StoreError> {
        let mut out = Vec::new();
        for row in self.iter().map_err(super::db_err)? {
            let (_, v) = row.map_err(super::db_err)?;
            out.push(super::decode(name, v.value())?);
        }
        Ok(out)
    }
}

impl<K: Key + 'static, V: Value + 'static> AnyTable<'_, K, V> {
    /// What `f` takes from each key in `range`, newest first, skipping
    /// `skip`, at most `limit` (the journal's indexes, read a page at a time).
    pub(crate) fn keys_newest_first<'a, KR, R>(
        &self,
        range: impl RangeBounds<KR> + 'a,
        skip: usize,
        limit: usize,
        f: impl for<'k> Fn(K::SelfType<'k>) -> R,
    ) -> Result<Vec<R>, super::StoreError>
    where
        KR: Borrow<K::SelfType<'a>> + 'a,
    {
        let mut out = Vec::new();
        for row in self
            .range(range)
            .map_err(super::db_err)?
            .rev()
            .skip(skip)
            .take(limit)
        {
            let (k, _) = row.map_err(super::db_err)?;
            out.push(f(k.value()));
        }
        Ok(out)
    }
}
