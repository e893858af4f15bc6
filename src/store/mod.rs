//! The only module that touches redb: tables, encoding, opening, migrations.

pub(crate) mod batch;
pub mod charges;
pub mod copy;
pub mod migrate;
mod pages;
#[doc(hidden)]
pub mod raw;
pub mod seal;
pub mod tables;
pub mod visits;

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Read;
use std::path::{Path, PathBuf};

use redb::{Database, Durability, ReadOnlyDatabase, ReadableDatabase, ReadableTable};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::account::Account;
use crate::domain::dues::{ChargeType, Receipt, Waiver};
use crate::domain::entry::Entry;
use crate::domain::loan::{Loan, LoanProduct};
use crate::domain::member::Member;
use crate::domain::money::MAX_CENTS;
use crate::domain::period::Month;
use crate::domain::savings::{FundGrant, SavingsAccount, SavingsMove, SavingsProduct};
use crate::domain::settings::Settings;
use crate::i18n::{Lang, Msg};
use batch::{AnyRead, AnyTable, BATCH_OPS, Bulk, OpGuard, TxHandle};
use tables::*;

/// The schema version this build writes. Older books are migrated on open.
pub const SCHEMA_VERSION: u32 = 5;

/// The marker in `meta.format` that says a redb file is an ayni book.
pub const FORMAT_MARKER: &[u8] = b"ayni-book";

const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// Maintained totals keyed by (account code, month key): (debit cents, credit cents).
pub type MonthTotals = BTreeMap<(String, u32), (i64, i64)>;
/// Member balances keyed by (member number, account code): (debit cents, credit cents).
pub type MemberTotals = BTreeMap<(u32, String), (i64, i64)>;

/// A closed month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedMonth {
    pub month: Month,
    /// Seconds since the epoch.
    pub closed_at: i64,
    /// Number of the last entry when the month was closed.
    pub last_entry: u64,
}

/// What can go wrong with the book file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("there is no book at {0}")]
    NotFound(PathBuf),
    #[error("the folder {0} does not exist")]
    MissingFolder(PathBuf),
    #[error("a file already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("the book {0} is open in another ayni")]
    Locked(PathBuf),
    #[error("{0} is not an ayni book")]
    Foreign(PathBuf),
    #[error("{0} is not a regular file")]
    NotAFile(PathBuf),
    #[error("the book {0} is damaged: {1}")]
    Damaged(PathBuf, String),
    #[error(
        "the book {path} was written by a newer ayni (schema {found}, this one reads up to {supported})"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("the book {0} needs an upgrade; open it once without --read-only")]
    NeedsMigration(PathBuf),
    #[error("permission denied on {0}")]
    Permission(PathBuf),
    #[error("the book {0} is read-only")]
    ReadOnlyFile(PathBuf),
    #[error("the disk is full")]
    DiskFull,
    #[error("input/output error: {0}")]
    Io(String),
    #[error("stored value in {table} could not be read: {detail}")]
    Decode { table: &'static str, detail: String },
    #[error("storage error: {0}")]
    Db(String),
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        use StoreError::*;
        match (self, lang) {
            (NotFound(p), _) => Msg::ErrStoreNotFound.fill(lang, &[("path", &p.display())]),
            (MissingFolder(p), _) => {
                Msg::ErrStoreMissingFolder.fill(lang, &[("path", &p.display())])
            }
            (AlreadyExists(p), _) => {
                Msg::ErrStoreAlreadyExists.fill(lang, &[("path", &p.display())])
            }
            (Locked(p), _) => Msg::ErrStoreLocked.fill(lang, &[("path", &p.display())]),
            (Foreign(p), _) => Msg::ErrStoreForeign.fill(lang, &[("path", &p.display())]),
            (NotAFile(p), _) => Msg::ErrStoreNotAFile.fill(lang, &[("path", &p.display())]),
            (Damaged(p, d), _) => {
                Msg::ErrStoreDamaged.fill(lang, &[("detail", &d), ("path", &p.display())])
            }
            (
                TooNew {
                    path,
                    found,
                    supported,
                },
                _,
            ) => Msg::ErrStoreTooNew.fill(
                lang,
                &[
                    ("path", &path.display()),
                    ("found", found),
                    ("supported", supported),
                ],
            ),
            (NeedsMigration(p), _) => {
                Msg::ErrStoreNeedsMigration.fill(lang, &[("path", &p.display())])
            }
            (Permission(p), _) => Msg::ErrStorePermission.fill(lang, &[("path", &p.display())]),
            (ReadOnlyFile(p), _) => Msg::ErrStoreReadOnlyFile.fill(lang, &[("path", &p.display())]),
            (DiskFull, _) => Msg::ErrStoreDiskFull.t(lang).into(),
            (Io(e), _) => Msg::ErrStoreIo.fill(lang, &[("e", &e)]),
            (Decode { table, detail }, _) => {
                Msg::ErrStoreDecode.fill(lang, &[("detail", &detail), ("table", &table)])
            }
            (Db(e), _) => Msg::ErrStoreDb.fill(lang, &[("e", &e)]),
        }
    }
}

/// Whether an I/O error means there is no room left to write: a full disk
/// (ENOSPC, 28), a file over the size limit or quota (EFBIG, 27; the limit of
/// `ulimit -f`), or a full quota (EDQUOT).
pub fn is_disk_full(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), StorageFull | FileTooLarge | QuotaExceeded)
        || matches!(e.raw_os_error(), Some(27 | 28))
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    if is_disk_full(&e) {
        return StoreError::DiskFull;
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            if path
                .parent()
                .is_some_and(|p| !p.as_os_str().is_empty() && !p.exists())
            {
                StoreError::MissingFolder(path.parent().map(Path::to_path_buf).unwrap_or_default())
            } else {
                StoreError::NotFound(path.to_path_buf())
            }
        }
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::Permission(path.to_path_buf())
        }
        _ => StoreError::Io(e.to_string()),
    }
}

fn db_open_error(path: &Path, e: redb::DatabaseError) -> StoreError {
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen => StoreError::Locked(path.to_path_buf()),
        // A file that ends before its header does: cut short.
        redb::DatabaseError::Storage(redb::StorageError::Io(io))
            if io.kind() == std::io::ErrorKind::UnexpectedEof =>
        {
            StoreError::Damaged(path.to_path_buf(), format!("truncated: {io}"))
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(io)) => io_error(path, io),
        redb::DatabaseError::Storage(redb::StorageError::Corrupted(d)) => {
            StoreError::Damaged(path.to_path_buf(), d)
        }
        redb::DatabaseError::UpgradeRequired(_) => StoreError::Foreign(path.to_path_buf()),
        other => StoreError::Damaged(path.to_path_buf(), other.to_string()),
    }
}

/// Converts any redb error into a [`StoreError`].
pub(crate) fn db_err(e: impl Into<redb::Error>) -> StoreError {
    match e.into() {
        redb::Error::Io(io) if is_disk_full(&io) => StoreError::DiskFull,
        redb::Error::Io(io) => StoreError::Io(io.to_string()),
        redb::Error::DatabaseAlreadyOpen => StoreError::Db("already open".into()),
        other => StoreError::Db(other.to_string()),
    }
}

pub(crate) fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_allocvec(v).map_err(|e| StoreError::Db(format!("encoding: {e}")))
}

pub(crate) fn decode<T: DeserializeOwned>(
    table: &'static str,
    bytes: &[u8],
) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| StoreError::Decode {
        table,
        detail: e.to_string(),
    })
}

/// A maintained figure (a total, a charge, an amount owed) read from the file.
/// No amount exceeds [`MAX_CENTS`] and no association's monthly or lifetime
/// total comes near it: a figure beyond it can only be damage, refused here
/// before a sum overflows.
pub(crate) fn figure(table: &'static str, v: i64) -> Result<i64, StoreError> {
    if v.checked_abs().is_some_and(|a| a <= MAX_CENTS) {
        Ok(v)
    } else {
        Err(StoreError::Decode {
            table,
            detail: format!("the figure {v} is out of range"),
        })
    }
}

/// Two figures (debit, credit), checked as [`figure`].
pub(crate) fn figures2(table: &'static str, v: (i64, i64)) -> Result<(i64, i64), StoreError> {
    Ok((figure(table, v.0)?, figure(table, v.1)?))
}

/// Three figures (amount, paid, waived), checked as [`figure`].
pub(crate) fn figures3(
    table: &'static str,
    v: (i64, i64, i64),
) -> Result<(i64, i64, i64), StoreError> {
    Ok((
        figure(table, v.0)?,
        figure(table, v.1)?,
        figure(table, v.2)?,
    ))
}

thread_local! {
    /// How many [`guard`]s this thread is inside.
    static GUARDED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether a panic now would be caught by the store's [`guard`] (and become
/// [`StoreError::Damaged`]): a panic hook then has nothing to clean up (the
/// interface keeps its terminal).
pub fn panic_is_guarded() -> bool {
    GUARDED.with(|g| g.get() > 0)
}

/// Whether a panic's source file is the storage engine's (redb): a panic
/// there is a damaged file, never a bug of ayni's own.
pub fn panic_is_the_engines(file: &str) -> bool {
    let f = file.replace('\\', "/");
    f.contains("/redb-") || f.starts_with("redb-")
}

/// Runs `f`, turning a panic inside the storage engine (which a damaged file
/// can cause) into [`StoreError::Damaged`].
pub(crate) fn guard<T>(
    path: &Path,
    f: impl FnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    match result {
        Ok(r) => r,
        Err(p) => {
            let detail = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "internal check failed".to_string());
            Err(StoreError::Damaged(path.to_path_buf(), detail))
        }
    }
}

enum Db {
    Rw(Database),
    Ro(ReadOnlyDatabase),
}

/// An open book file.
pub struct Store {
    db: Db,
    path: PathBuf,
    /// Bulk mode: commits do not wait for the disk until it ends; with
    /// batching, operations share one transaction (see [`batch`]).
    bulk: Bulk,
    /// Run once, just before the first write transaction begins (the daily
    /// copy of the book; see [`Store::before_first_write`]).
    before_write: BeforeWrite,
}

/// Something to run once with the store.
pub type StoreHook = Box<dyn FnOnce(&Store)>;

/// What runs before the first write of an open store.
#[derive(Default)]
struct BeforeWrite(std::cell::Cell<Option<StoreHook>>);

/// How to open a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    ReadWrite,
    /// For commands that only read: the file is never written.
    ReadOnly,
}

/// Checks the first bytes of a file: is it a redb database at all? A named
/// pipe or a device is refused without being opened to wait or read.
fn sniff(path: &Path) -> Result<(), StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotAFile(path.to_path_buf()));
    }
    let mut f = crate::files::open_regular(path).map_err(|e| match e {
        crate::files::ReadError::Io(e) => io_error(path, e),
        _ => StoreError::NotAFile(path.to_path_buf()),
    })?;
    let mut head = [0u8; 9];
    let n = f.read(&mut head).map_err(|e| io_error(path, e))?;
    if n < head.len() || head != REDB_MAGIC {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    Ok(())
}

/// The engine's page cache, in bytes. redb's own default is 1 GiB, which a
/// pass over the whole journal (`check`, an export) fills with every page of
/// the file it reads, to the size of the book. The interior pages every
/// lookup touches are a few MB even on a book of 2,000 members and ten
/// years; a pass over the leaves gains nothing from keeping them.
pub const CACHE_BYTES: usize = 16 * 1024 * 1024;

/// How every database is opened: with [`CACHE_BYTES`] of cache.
fn engine() -> redb::Builder {
    let mut b = redb::Builder::new();
    b.set_cache_size(CACHE_BYTES);
    b
}

/// Whether a program holds the file open as a database to write (probed
/// read-only: nothing is written to it).
pub fn held_open(path: &Path) -> bool {
    // A damaged file may make the engine panic: then nobody holds it either.
    std::panic::catch_unwind(|| {
        matches!(
            engine().open_read_only(path),
            Err(redb::DatabaseError::DatabaseAlreadyOpen)
        )
    })
    .unwrap_or(false)
}

/// Whether the file's permissions forbid writing it (for everybody: on Unix,
/// no write bit at all), whoever runs the program.
pub fn is_read_only_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Best effort: a book holds personal data, readable by its owner only.
fn restrict_permissions(path: &Path) {
    crate::files::restrict(path);
}

impl Store {
    /// Creates a new, empty book file (schema current) and writes `init` in its first transaction.
    pub fn create(
        path: &Path,
        init: impl FnOnce(&WriteTx) -> Result<(), StoreError>,
    ) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            return Err(StoreError::MissingFolder(parent.to_path_buf()));
        }
        // Refuse to touch anything that exists (even empty: redb would take it over).
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    StoreError::AlreadyExists(path.to_path_buf())
                } else {
                    io_error(path, e)
                }
            })?;
        drop(file);
        restrict_permissions(path);
        let result = (|| {
            let db = engine().create(path).map_err(|e| db_open_error(path, e))?;
            let store = Store {
                db: Db::Rw(db),
                path: path.to_path_buf(),
                bulk: Bulk::default(),
                before_write: BeforeWrite::default(),
            };
            let tx = store.write()?;
            tx.create_all_tables()?;
            tx.meta_put_raw("format", FORMAT_MARKER)?;
            tx.meta_put("schema_version", &SCHEMA_VERSION)?;
            init(&tx)?;
            tx.commit()?;
            Ok(store)
        })();
        if result.is_err() {
            // Nothing of value was written: do not leave a half-made book behind.
            let _ = std::fs::remove_file(path);
        }
        result
    }

    /// Opens an existing book. Refuses foreign, damaged and too-new files
    /// without writing to them; migrates older books (read-write only).
    pub fn open(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        guard(path, || Store::open_inner(path, mode))
    }

    fn open_inner(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        sniff(path)?;
        // Validate through a read-only handle first, so that a foreign or
        // too-new book is refused without a single byte written to it.
        let ro = match engine().open_read_only(path) {
            Ok(db) => Some(db),
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(StoreError::Locked(path.to_path_buf()));
            }
            // A book left by a power cut needs redb's recovery, which writes; the
            // read-write open below does it, and any open of a crashed book must.
            Err(redb::DatabaseError::RepairAborted) => None,
            // Anything else (truncated, damaged): refuse without writing.
            Err(e) => return Err(db_open_error(path, e)),
        };
        // The read-only handle reads every page first; the same file's pages
        // need not be read again by the read-write one.
        let walked = ro.is_some();
        if let Some(db) = ro {
            let store = Store {
                db: Db::Ro(db),
                path: path.to_path_buf(),
                bulk: Bulk::default(),
                before_write: BeforeWrite::default(),
            };
            let version = store.validate()?;
            store.walk_pages()?;
            if mode == Mode::ReadOnly {
                if version < SCHEMA_VERSION {
                    return Err(StoreError::NeedsMigration(path.to_path_buf()));
                }
                return Ok(store);
            }
        }
        // Here the book is to be written (read-write, or a crash's repair). A
        // file without write permission never is, even by a user (root) whom
        // the system would let write it.
        if is_read_only_file(path) {
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        let store = Store {
            db: Db::Rw(engine().open(path).map_err(|e| db_open_error(path, e))?),
            path: path.to_path_buf(),
            bulk: Bulk::default(),
            before_write: BeforeWrite::default(),
        };
        let version = store.validate()?;
        if !walked {
            store.walk_pages()?;
        }
        if mode == Mode::ReadOnly {
            // Only reached after a recovery: reopen read-only.
            drop(store);
            return Store::open_inner(path, mode);
        }
        if version < SCHEMA_VERSION {
            drop(store);
            migrate::backup_before_migration(path, version)?;
            let db = engine().open(path).map_err(|e| db_open_error(path, e))?;
            let store = Store {
                db: Db::Rw(db),
                path: path.to_path_buf(),
                bulk: Bulk::default(),
                before_write: BeforeWrite::default(),
            };
            migrate::run(&store, version)?;
            return Ok(store);
        }
        Ok(store)
    }

    /// Checks that the file is an ayni book this build can read; returns its schema version.
    fn validate(&self) -> Result<u32, StoreError> {
        let path = &self.path;
        let tx = self.read()?;
        let format = tx
            .meta_get_raw("format")
            .map_err(|_| StoreError::Foreign(path.to_path_buf()))?;
        if format.as_deref() != Some(FORMAT_MARKER) {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
        let version = tx
            .meta_get::<u32>("schema_version")?
            .ok_or_else(|| StoreError::Damaged(path.to_path_buf(), "no schema version".into()))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(version)
    }

    /// Reads every page of the book once (see [`pages`]); an error reading
    /// them is damage. Run by the open, inside [`guard`] (a panic of the
    /// engine on a damaged page is damage too).
    fn walk_pages(&self) -> Result<(), StoreError> {
        let r = match &self.db {
            Db::Rw(db) => pages::walk(db),
            Db::Ro(db) => pages::walk(db),
        };
        r.map_err(|e| match e {
            StoreError::DiskFull | StoreError::Io(_) | StoreError::Damaged(..) => e,
            other => StoreError::Damaged(self.path.clone(), other.to_string()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        matches!(self.db, Db::Ro(_))
    }

    /// Runs `f` once, just before the first write transaction of this open
    /// store begins (no transaction of ours is writing then): a command that
    /// writes nothing never runs it.
    pub fn before_first_write(&self, f: StoreHook) {
        self.before_write.0.set(Some(f));
    }

    pub fn read(&self) -> Result<ReadTx, StoreError> {
        if let Some(batch) = self.bulk.open.borrow().as_ref() {
            self.check_batch()?;
            return Ok(ReadTx(AnyRead::Batch(batch.clone()), Tables::default()));
        }
        let tx = match &self.db {
            Db::Rw(db) => db.begin_read(),
            Db::Ro(db) => db.begin_read(),
        }
        .map_err(db_err)?;
        Ok(ReadTx(AnyRead::Snapshot(tx), Tables::default()))
    }

    /// A write transaction; refused on a read-only store. With batching on,
    /// a handle on the open batch.
    pub fn write(&self) -> Result<WriteTx, StoreError> {
        let db = match &self.db {
            Db::Rw(db) => db,
            Db::Ro(_) => return Err(StoreError::Permission(self.path.clone())),
        };
        // Taken out first: what it writes itself does not run it again.
        if let Some(f) = self.before_write.0.take() {
            f(self);
        }
        if self.bulk.batching.get() {
            self.check_batch()?;
            // Committed only when no handle on it is left.
            let full = self.bulk.flags.ops.get() >= BATCH_OPS
                && self
                    .bulk
                    .open
                    .borrow()
                    .as_ref()
                    .is_some_and(|t| std::rc::Rc::strong_count(t) == 1);
            if full {
                self.commit_batch()?;
            }
            let mut open = self.bulk.open.borrow_mut();
            if open.is_none() {
                let mut tx = db.begin_write().map_err(db_err)?;
                let _ = tx.set_durability(Durability::None);
                *open = Some(std::rc::Rc::new(tx));
                self.bulk.flags.ops.set(0);
            }
            if let Some(tx) = open.as_ref() {
                return Ok(WriteTx(
                    TxHandle::Shared(tx.clone()),
                    OpGuard {
                        flags: Some(self.bulk.flags.clone()),
                        done: false,
                    },
                ));
            }
        }
        let mut tx = WriteTx(
            TxHandle::Own(db.begin_write().map_err(db_err)?),
            OpGuard {
                flags: None,
                done: false,
            },
        );
        if self.bulk.on.get() {
            tx.set_fast();
        }
        Ok(tx)
    }

    /// Bulk mode (for generating practice books): commits skip the wait for the
    /// disk. Leaving it with `set_bulk(false)` ends any batch and makes
    /// everything durable at once.
    pub fn set_bulk(&self, on: bool) -> Result<(), StoreError> {
        if !on {
            self.set_batching(false)?;
        }
        self.bulk.on.set(on);
        if !on && let Db::Rw(db) = &self.db {
            // An empty durable commit makes every earlier commit durable.
            let tx = db.begin_write().map_err(db_err)?;
            tx.commit().map_err(db_err)?;
        }
        Ok(())
    }

    /// Batching (in bulk mode only): operations share one open transaction,
    /// committed every [`BATCH_OPS`] operations and when batching ends. An
    /// operation that fails inside a batch poisons it (see [`batch`]): the
    /// batch is then never committed and every later use is refused.
    pub fn set_batching(&self, on: bool) -> Result<(), StoreError> {
        if on && !self.bulk.on.get() {
            return Err(StoreError::Db("batching needs bulk mode".into()));
        }
        if !on {
            self.commit_batch()?;
        }
        self.bulk.batching.set(on);
        Ok(())
    }

    fn check_batch(&self) -> Result<(), StoreError> {
        if self.bulk.flags.poisoned.get() {
            return Err(StoreError::Db(
                "an operation failed inside a bulk batch; the batch was abandoned".into(),
            ));
        }
        Ok(())
    }

    /// Commits the open batch (without waiting for the disk), if any.
    fn commit_batch(&self) -> Result<(), StoreError> {
        let mut open = self.bulk.open.borrow_mut();
        if open.is_none() {
            return Ok(());
        }
        self.check_batch()?;
        if open
            .as_ref()
            .is_some_and(|t| std::rc::Rc::strong_count(t) > 1)
        {
            return Err(StoreError::Db(
                "a bulk batch was committed while still in use".into(),
            ));
        }
        let Some(tx) = open.take().and_then(|t| std::rc::Rc::try_unwrap(t).ok()) else {
            return Ok(());
        };
        self.bulk.flags.ops.set(0);
        tx.commit().map_err(db_err)
    }

    /// Runs redb's own page checksum verification (reads the whole file).
    pub fn check_integrity(&mut self) -> Result<bool, StoreError> {
        match &mut self.db {
            Db::Rw(db) => db
                .check_integrity()
                .map_err(|e| db_open_error(&self.path, e)),
            Db::Ro(_) => Ok(true),
        }
    }
}

/// A read transaction: a consistent snapshot of the book (in a bulk batch,
/// the batch as written so far), and the tables it has opened.
pub struct ReadTx(AnyRead, Tables);

impl ReadTx {
    /// A table to read, opened once per transaction (in a batch, opened
    /// for each read: the batch's writes open its tables too).
    pub(crate) fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: redb::TableDefinition<K, V>,
    ) -> Result<AnyTable<'_, K, V>, redb::TableError> {
        match &self.0 {
            AnyRead::Snapshot(tx) => self.1.open(tx, def).map(AnyTable::Held),
            AnyRead::Batch(tx) => tx.open_table(def).map(AnyTable::Rw),
        }
    }
}

impl WriteTx {
    /// A table to read in this transaction (opened for each read: a write
    /// opens the same tables mutably, which redb allows once at a time).
    pub(crate) fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        &self,
        def: redb::TableDefinition<K, V>,
    ) -> Result<AnyTable<'_, K, V>, redb::TableError> {
        self.0.open_table(def).map(AnyTable::Rw)
    }
}

/// A write transaction: everything in it commits together or not at all (in
/// a bulk batch, together with the whole batch).
pub struct WriteTx(TxHandle, OpGuard);

/// Typed reads, shared by read and write transactions.
pub trait StoreRead {
    fn meta_get_raw(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn meta_get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        match self.meta_get_raw(key)? {
            Some(b) => Ok(Some(decode("meta", &b)?)),
            None => Ok(None),
        }
    }
    fn settings(&self) -> Result<Settings, StoreError> {
        self.meta_get("settings")?.ok_or(StoreError::Decode {
            table: "meta",
            detail: "no settings".into(),
        })
    }
    fn account(&self, code: &str) -> Result<Option<Account>, StoreError>;
    fn accounts(&self) -> Result<Vec<Account>, StoreError>;
    fn entry(&self, id: u64) -> Result<Option<Entry>, StoreError>;
    /// Entries with numbers in `from..=to`, in number order, calling `f` for each;
    /// `f` returns false to stop.
    fn for_each_entry(
        &self,
        from: u64,
        f: &mut dyn FnMut(Entry) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError>;
    fn entry_count(&self) -> Result<u64, StoreError>;
    /// Entry numbers dated within `[from_day, to_day]` (day numbers), newest first, skipping `skip`, at most `limit`.
    fn entry_ids_by_date(
        &self,
        from_day: i32,
        to_day: i32,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<u64>, StoreError>;
    fn entry_ids_by_account(
        &self,
        code: &str,
        from_day: i32,
        to_day: i32,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<u64>, StoreError>;
    fn entry_ids_by_member(
        &self,
        member: u32,
        from_day: i32,
        to_day: i32,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<u64>, StoreError>;
    /// (day, entry number) of every entry that moved `code` in the days,
    /// oldest first.
    fn entry_keys_by_account(
        &self,
        code: &str,
        from_day: i32,
        to_day: i32,
    ) -> Result<Vec<(i32, u64)>, StoreError>;
    fn count_by_date(&self, from_day: i32, to_day: i32) -> Result<usize, StoreError>;
    fn reversed_by(&self, id: u64) -> Result<Option<u64>, StoreError>;
    /// Per account: (debit, credit) cents of every month up to and including `through`.
    fn totals_through(&self, through: Month) -> Result<BTreeMap<String, (i64, i64)>, StoreError>;
    /// Per account: (debit, credit) cents of one month.
    fn totals_of_month(&self, month: Month) -> Result<BTreeMap<String, (i64, i64)>, StoreError>;
    /// All maintained month totals: (account, month) -> (debit, credit).
    fn all_month_totals(&self) -> Result<MonthTotals, StoreError>;
    /// All maintained member balances: (member, account) -> (debit, credit).
    fn all_member_totals(&self) -> Result<MemberTotals, StoreError>;
    fn member_totals(&self, member: u32) -> Result<BTreeMap<String, (i64, i64)>, StoreError>;
    fn member(&self, id: u32) -> Result<Option<Member>, StoreError>;
    /// Member `id`'s full name, empty when there is no such member (for the
    /// text of an entry).
    fn member_name(&self, id: u32) -> Result<String, StoreError> {
        Ok(self
            .member(id)?
            .map(|mm| mm.full_name())
            .unwrap_or_default())
    }
    fn member_by_id_number(&self, id_number: &str) -> Result<Option<u32>, StoreError>;
    fn members(&self) -> Result<Vec<Member>, StoreError>;
    fn closed_months(&self) -> Result<Vec<ClosedMonth>, StoreError>;
    fn charge_types(&self) -> Result<Vec<ChargeType>, StoreError>;
    /// The figures of one charge.
    fn charge(&self, member: u32, month: u32, ty: u32) -> Result<Option<DuesFigures>, StoreError>;
    /// A member's charges: ((month key, type), figures), oldest first.
    fn member_charges(&self, member: u32) -> Result<Vec<ChargeRow>, StoreError>;
    /// Every charge with something still due.
    fn all_owed(&self) -> Result<Vec<OwedCharge>, StoreError>;
    /// Every charge of the book (for checks), with its key.
    fn all_charges(&self) -> Result<Vec<ChargeKeyed>, StoreError>;
    fn receipt(&self, number: u64) -> Result<Option<Receipt>, StoreError>;
    fn receipt_by_entry(&self, entry: u64) -> Result<Option<u64>, StoreError>;
    /// Receipts from the newest backwards; `f` returns false to stop.
    fn receipts_rev(&self, f: &mut dyn FnMut(Receipt) -> bool) -> Result<(), StoreError>;
    fn waivers(&self) -> Result<Vec<Waiver>, StoreError>;
    /// The figures of the charges of a month, together.
    fn dues_month_totals(&self, month: u32) -> Result<DuesFigures, StoreError>;
    fn savings_products(&self) -> Result<Vec<SavingsProduct>, StoreError>;
    fn savings_account(&self, id: u32) -> Result<Option<SavingsAccount>, StoreError>;
    fn savings_accounts(&self) -> Result<Vec<SavingsAccount>, StoreError>;
    fn savings_of_member(&self, member: u32) -> Result<Vec<SavingsAccount>, StoreError>;
    /// An account's movements in date order (then entry order).
    fn savings_moves(&self, account: u32) -> Result<Vec<SavingsMove>, StoreError>;
    /// The savings movements an entry made: (account, day).
    fn savings_moves_of_entry(&self, entry: u64) -> Result<Vec<(u32, i32)>, StoreError>;
    fn savings_interest_entry(&self, month: u32) -> Result<Option<u64>, StoreError>;
    fn fund_grants(&self) -> Result<Vec<FundGrant>, StoreError>;
    /// Every value of a `u32`-keyed postcard table (loan products, loans), decoded.
    fn all_u32<T: DeserializeOwned>(
        &self,
        table: redb::TableDefinition<u32, &[u8]>,
        name: &'static str,
    ) -> Result<Vec<T>, StoreError>;
    fn get_u32<T: DeserializeOwned>(
        &self,
        table: redb::TableDefinition<u32, &[u8]>,
        name: &'static str,
        key: u32,
    ) -> Result<Option<T>, StoreError>;
    fn loan(&self, id: u32) -> Result<Option<Loan>, StoreError> {
        self.get_u32(LOANS, "loans", id)
    }
    fn loans(&self) -> Result<Vec<Loan>, StoreError> {
        self.all_u32(LOANS, "loans")
    }
    fn loan_product(&self, id: u32) -> Result<Option<LoanProduct>, StoreError> {
        self.get_u32(LOAN_PRODUCTS, "loan_products", id)
    }
    fn loan_products(&self) -> Result<Vec<LoanProduct>, StoreError> {
        self.all_u32(LOAN_PRODUCTS, "loan_products")
    }
    fn loans_of_member(&self, member: u32) -> Result<Vec<u32>, StoreError>;
    fn loan_event_bytes(&self, entry: u64) -> Result<Option<Vec<u8>>, StoreError>;
    /// Entry numbers of a loan's operations, in order.
    fn loan_event_entries(&self, loan: u32) -> Result<Vec<u64>, StoreError>;
    /// Every maintained month of dues totals (for checks).
    fn all_dues_month_totals(&self) -> Result<BTreeMap<u32, DuesFigures>, StoreError>;
    /// An account's (debit, credit) cents of all time (schema 3).
    fn account_total(&self, code: &str) -> Result<(i64, i64), StoreError>;
    /// Every account's (debit, credit) cents of all time (for checks).
    fn all_account_totals(&self) -> Result<BTreeMap<String, (i64, i64)>, StoreError>;
    /// A cash or bank account's net movement (debit minus credit cents) of
    /// each day from `from_day` on, in day order (days without movement left out).
    fn cash_days_from(&self, code: &str, from_day: i32) -> Result<Vec<(i32, i64)>, StoreError>;
    /// Every maintained cash day: (account, day number) -> net cents (for checks).
    fn all_cash_days(&self) -> Result<BTreeMap<(String, i32), i64>, StoreError>;
    /// Every sealed record as (sealed table, key bytes, stored bytes) (see [`seal`]).
    fn sealed_records(&self) -> Result<Vec<SealedRecord>, StoreError>;
    /// Every sealed record (table, key, stored bytes) to `f`, one at a time.
    fn each_sealed(&self, f: &mut SealedVisitor<'_>) -> Result<(), StoreError>;
    /// Every sealed record against its seal, and every seal against its
    /// record, one at a time (nothing of the tables held in memory); keeps
    /// the first `keep` problems and counts the rest.
    fn verify_seals(&self, keep: usize) -> Result<seal::Verified, StoreError>;
}

/// A sealed record as stored (see [`seal`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedRecord {
    /// The sealed table's name in the seals.
    pub table: &'static str,
    /// The record's key as bytes.
    pub key: Vec<u8>,
    /// The record's stored bytes.
    pub value: Vec<u8>,
}

/// The figures of a charge, or of all the charges of a month, in cents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DuesFigures {
    /// What was charged.
    pub amount: i64,
    pub paid: i64,
    pub waived: i64,
}

impl DuesFigures {
    /// A charge of `amount` with nothing paid or waived.
    pub fn charged(amount: i64) -> DuesFigures {
        DuesFigures {
            amount,
            paid: 0,
            waived: 0,
        }
    }

    /// What is still to pay.
    pub fn due(&self) -> i64 {
        self.amount - self.paid - self.waived
    }

    /// As stored: (amount, paid, waived).
    pub(crate) fn stored(self) -> (i64, i64, i64) {
        (self.amount, self.paid, self.waived)
    }

    /// Read from a table, each figure checked as [`figure`].
    pub(crate) fn read(table: &'static str, v: (i64, i64, i64)) -> Result<DuesFigures, StoreError> {
        let (amount, paid, waived) = figures3(table, v)?;
        Ok(DuesFigures {
            amount,
            paid,
            waived,
        })
    }
}

/// Which charge: the member, the month (key) and the charge type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChargeKey {
    pub member: u32,
    pub month: u32,
    pub ty: u32,
}

/// A charge with its full key.
pub type ChargeKeyed = (ChargeKey, DuesFigures);

/// A member's charge: ((month key, type), figures).
pub type ChargeRow = ((u32, u32), DuesFigures);

/// A charge with something still due (the arrears index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwedCharge {
    pub key: ChargeKey,
    /// Cents still due.
    pub due: i64,
}

/// What is told each sealed record: its table's name in the seals, its key
/// and its stored bytes.
pub type SealedVisitor<'a> = dyn FnMut(&'static str, &[u8], &[u8]) -> Result<(), StoreError> + 'a;

/// The sealed tables keyed by a number, with their names in the seals.
const SEALED_BY_NUMBER: [(redb::TableDefinition<u32, &[u8]>, &str); 5] = [
    (MEMBERS, seal::MEMBERS),
    (LOANS, seal::LOANS),
    (LOAN_PRODUCTS, seal::LOAN_PRODUCTS),
    (SAVINGS_PRODUCTS, seal::SAVINGS_PRODUCTS),
    (CHARGE_TYPES, seal::CHARGE_TYPES),
];

macro_rules! impl_store_read {
    ($ty:ty) => {
        impl StoreRead for $ty {
            fn meta_get_raw(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
                let t = self.open(META).map_err(db_err)?;
                Ok(t.get(key).map_err(db_err)?.map(|v| v.value().to_vec()))
            }
            fn account(&self, code: &str) -> Result<Option<Account>, StoreError> {
                self.open(ACCOUNTS)
                    .map_err(db_err)?
                    .decoded(code, "accounts")
            }
            fn accounts(&self) -> Result<Vec<Account>, StoreError> {
                self.open(ACCOUNTS).map_err(db_err)?.decoded_all("accounts")
            }
            fn entry(&self, id: u64) -> Result<Option<Entry>, StoreError> {
                self.open(ENTRIES).map_err(db_err)?.decoded(id, "entries")
            }
            fn for_each_entry(
                &self,
                from: u64,
                f: &mut dyn FnMut(Entry) -> Result<bool, StoreError>,
            ) -> Result<(), StoreError> {
                let t = self.open(ENTRIES).map_err(db_err)?;
                for row in t.range(from..).map_err(db_err)? {
                    let (_, v) = row.map_err(db_err)?;
                    if !f(decode("entries", v.value())?)? {
                        break;
                    }
                }
                Ok(())
            }
            fn entry_count(&self) -> Result<u64, StoreError> {
                let t = self.open(ENTRIES).map_err(db_err)?;
                t.len().map_err(db_err)
            }
            fn entry_ids_by_date(
                &self,
                from_day: i32,
                to_day: i32,
                skip: usize,
                limit: usize,
            ) -> Result<Vec<u64>, StoreError> {
                self.open(ENTRIES_BY_DATE)
                    .map_err(db_err)?
                    .keys_newest_first((from_day, 0u64)..=(to_day, u64::MAX), skip, limit, |k| k.1)
            }
            fn entry_ids_by_account(
                &self,
                code: &str,
                from_day: i32,
                to_day: i32,
                skip: usize,
                limit: usize,
            ) -> Result<Vec<u64>, StoreError> {
                self.open(ENTRIES_BY_ACCOUNT)
                    .map_err(db_err)?
                    .keys_newest_first(
                        (code, from_day, 0u64)..=(code, to_day, u64::MAX),
                        skip,
                        limit,
                        |k| k.2,
                    )
            }
            fn entry_keys_by_account(
                &self,
                code: &str,
                from_day: i32,
                to_day: i32,
            ) -> Result<Vec<(i32, u64)>, StoreError> {
                let t = self.open(ENTRIES_BY_ACCOUNT).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t
                    .range((code, from_day, 0u64)..=(code, to_day, u64::MAX))
                    .map_err(db_err)?
                {
                    let (k, _) = row.map_err(db_err)?;
                    let (_, day, id) = k.value();
                    out.push((day, id));
                }
                Ok(out)
            }
            fn entry_ids_by_member(
                &self,
                member: u32,
                from_day: i32,
                to_day: i32,
                skip: usize,
                limit: usize,
            ) -> Result<Vec<u64>, StoreError> {
                self.open(ENTRIES_BY_MEMBER)
                    .map_err(db_err)?
                    .keys_newest_first(
                        (member, from_day, 0u64)..=(member, to_day, u64::MAX),
                        skip,
                        limit,
                        |k| k.2,
                    )
            }
            fn count_by_date(&self, from_day: i32, to_day: i32) -> Result<usize, StoreError> {
                let t = self.open(ENTRIES_BY_DATE).map_err(db_err)?;
                let mut n = 0;
                for row in t
                    .range((from_day, 0u64)..=(to_day, u64::MAX))
                    .map_err(db_err)?
                {
                    row.map_err(db_err)?;
                    n += 1;
                }
                Ok(n)
            }
            fn reversed_by(&self, id: u64) -> Result<Option<u64>, StoreError> {
                let t = self.open(REVERSED_BY).map_err(db_err)?;
                Ok(t.get(id).map_err(db_err)?.map(|v| v.value()))
            }
            fn totals_through(
                &self,
                through: Month,
            ) -> Result<BTreeMap<String, (i64, i64)>, StoreError> {
                let t = self.open(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
                let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (code, month) = k.value();
                    if month <= through.key() {
                        let (d, c) = figures2("account_month_totals", v.value())?;
                        let e = out.entry(code.to_string()).or_default();
                        e.0 = figure("account_month_totals", e.0 + d)?;
                        e.1 = figure("account_month_totals", e.1 + c)?;
                    }
                }
                Ok(out)
            }
            fn totals_of_month(
                &self,
                month: Month,
            ) -> Result<BTreeMap<String, (i64, i64)>, StoreError> {
                let t = self.open(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (code, m) = k.value();
                    if m == month.key() {
                        out.insert(
                            code.to_string(),
                            figures2("account_month_totals", v.value())?,
                        );
                    }
                }
                Ok(out)
            }
            fn all_month_totals(&self) -> Result<MonthTotals, StoreError> {
                let t = self.open(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (code, m) = k.value();
                    out.insert(
                        (code.to_string(), m),
                        figures2("account_month_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn all_member_totals(&self) -> Result<MemberTotals, StoreError> {
                let t = self.open(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (m, code) = k.value();
                    out.insert(
                        (m, code.to_string()),
                        figures2("member_account_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn member_totals(
                &self,
                member: u32,
            ) -> Result<BTreeMap<String, (i64, i64)>, StoreError> {
                let t = self.open(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.range((member, "")..(member + 1, "")).map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    out.insert(
                        k.value().1.to_string(),
                        figures2("member_account_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn member(&self, id: u32) -> Result<Option<Member>, StoreError> {
                self.open(MEMBERS).map_err(db_err)?.decoded(id, "members")
            }
            fn member_by_id_number(&self, id_number: &str) -> Result<Option<u32>, StoreError> {
                let t = self.open(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
                Ok(t.get(id_number).map_err(db_err)?.map(|v| v.value()))
            }
            fn members(&self) -> Result<Vec<Member>, StoreError> {
                self.open(MEMBERS).map_err(db_err)?.decoded_all("members")
            }
            fn closed_months(&self) -> Result<Vec<ClosedMonth>, StoreError> {
                self.open(CLOSED_MONTHS)
                    .map_err(db_err)?
                    .decoded_all("closed_months")
            }
            fn charge_types(&self) -> Result<Vec<ChargeType>, StoreError> {
                self.open(CHARGE_TYPES)
                    .map_err(db_err)?
                    .decoded_all("charge_types")
            }
            fn charge(
                &self,
                member: u32,
                month: u32,
                ty: u32,
            ) -> Result<Option<DuesFigures>, StoreError> {
                let t = self.open(CHARGES).map_err(db_err)?;
                t.get((member, month, ty))
                    .map_err(db_err)?
                    .map(|v| DuesFigures::read("charges", v.value()))
                    .transpose()
            }
            fn member_charges(&self, member: u32) -> Result<Vec<ChargeRow>, StoreError> {
                self.open(CHARGES)
                    .map_err(db_err)?
                    .member_rows(member, 0, |v| DuesFigures::read("charges", v))
            }
            fn all_owed(&self) -> Result<Vec<OwedCharge>, StoreError> {
                let t = self.open(CHARGES_OWED).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (member, month, ty) = k.value();
                    out.push(OwedCharge {
                        key: ChargeKey { member, month, ty },
                        due: figure("charges_owed", v.value())?,
                    });
                }
                Ok(out)
            }
            fn all_charges(&self) -> Result<Vec<ChargeKeyed>, StoreError> {
                let t = self.open(CHARGES).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (member, month, ty) = k.value();
                    out.push((
                        ChargeKey { member, month, ty },
                        DuesFigures::read("charges", v.value())?,
                    ));
                }
                Ok(out)
            }
            fn receipt(&self, number: u64) -> Result<Option<Receipt>, StoreError> {
                self.open(RECEIPTS)
                    .map_err(db_err)?
                    .decoded(number, "receipts")
            }
            fn receipt_by_entry(&self, entry: u64) -> Result<Option<u64>, StoreError> {
                let t = self.open(RECEIPT_BY_ENTRY).map_err(db_err)?;
                Ok(t.get(entry).map_err(db_err)?.map(|v| v.value()))
            }
            fn receipts_rev(&self, f: &mut dyn FnMut(Receipt) -> bool) -> Result<(), StoreError> {
                let t = self.open(RECEIPTS).map_err(db_err)?;
                for row in t.iter().map_err(db_err)?.rev() {
                    let (_, v) = row.map_err(db_err)?;
                    if !f(decode("receipts", v.value())?) {
                        break;
                    }
                }
                Ok(())
            }
            fn dues_month_totals(&self, month: u32) -> Result<DuesFigures, StoreError> {
                let t = self.open(DUES_MONTH_TOTALS).map_err(db_err)?;
                Ok(t.get(month)
                    .map_err(db_err)?
                    .map(|v| DuesFigures::read("dues_month_totals", v.value()))
                    .transpose()?
                    .unwrap_or_default())
            }
            fn all_dues_month_totals(&self) -> Result<BTreeMap<u32, DuesFigures>, StoreError> {
                let t = self.open(DUES_MONTH_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    out.insert(
                        k.value(),
                        DuesFigures::read("dues_month_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn savings_products(&self) -> Result<Vec<SavingsProduct>, StoreError> {
                self.open(SAVINGS_PRODUCTS)
                    .map_err(db_err)?
                    .decoded_all("savings_products")
            }
            fn savings_account(&self, id: u32) -> Result<Option<SavingsAccount>, StoreError> {
                self.open(SAVINGS_ACCOUNTS)
                    .map_err(db_err)?
                    .decoded(id, "savings_accounts")
            }
            fn savings_accounts(&self) -> Result<Vec<SavingsAccount>, StoreError> {
                self.open(SAVINGS_ACCOUNTS)
                    .map_err(db_err)?
                    .decoded_all("savings_accounts")
            }
            fn savings_of_member(&self, member: u32) -> Result<Vec<SavingsAccount>, StoreError> {
                let t = self.open(SAVINGS_BY_MEMBER).map_err(db_err)?;
                let mut ids = Vec::new();
                for row in t
                    .range((member, 0u32)..=(member, u32::MAX))
                    .map_err(db_err)?
                {
                    let (k, _) = row.map_err(db_err)?;
                    ids.push(k.value().1);
                }
                let mut out = Vec::new();
                for id in ids {
                    if let Some(a) = self.savings_account(id)? {
                        out.push(a);
                    }
                }
                Ok(out)
            }
            fn savings_moves(&self, account: u32) -> Result<Vec<SavingsMove>, StoreError> {
                let t = self.open(SAVINGS_MOVES).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t
                    .range((account, i32::MIN, 0u64)..=(account, i32::MAX, u64::MAX))
                    .map_err(db_err)?
                {
                    let (_, v) = row.map_err(db_err)?;
                    out.push(decode("savings_moves", v.value())?);
                }
                Ok(out)
            }
            fn savings_moves_of_entry(&self, entry: u64) -> Result<Vec<(u32, i32)>, StoreError> {
                let t = self.open(SAVINGS_MOVES_BY_ENTRY).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t.range((entry, 0u32)..=(entry, u32::MAX)).map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    out.push((k.value().1, v.value()));
                }
                Ok(out)
            }
            fn savings_interest_entry(&self, month: u32) -> Result<Option<u64>, StoreError> {
                let t = self.open(SAVINGS_INTEREST).map_err(db_err)?;
                Ok(t.get(month).map_err(db_err)?.map(|v| v.value()))
            }
            fn all_u32<T: DeserializeOwned>(
                &self,
                table: redb::TableDefinition<u32, &[u8]>,
                name: &'static str,
            ) -> Result<Vec<T>, StoreError> {
                self.open(table).map_err(db_err)?.decoded_all(name)
            }
            fn get_u32<T: DeserializeOwned>(
                &self,
                table: redb::TableDefinition<u32, &[u8]>,
                name: &'static str,
                key: u32,
            ) -> Result<Option<T>, StoreError> {
                self.open(table).map_err(db_err)?.decoded(key, name)
            }
            fn loans_of_member(&self, member: u32) -> Result<Vec<u32>, StoreError> {
                let t = self.open(LOANS_BY_MEMBER).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t
                    .range((member, 0u32)..=(member, u32::MAX))
                    .map_err(db_err)?
                {
                    let (k, _) = row.map_err(db_err)?;
                    out.push(k.value().1);
                }
                Ok(out)
            }
            fn loan_event_bytes(&self, entry: u64) -> Result<Option<Vec<u8>>, StoreError> {
                let t = self.open(LOAN_EVENTS).map_err(db_err)?;
                Ok(t.get(entry).map_err(db_err)?.map(|v| v.value().to_vec()))
            }
            fn loan_event_entries(&self, loan: u32) -> Result<Vec<u64>, StoreError> {
                let t = self.open(LOAN_EVENTS_BY_LOAN).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t.range((loan, 0u64)..=(loan, u64::MAX)).map_err(db_err)? {
                    let (k, _) = row.map_err(db_err)?;
                    out.push(k.value().1);
                }
                Ok(out)
            }
            fn fund_grants(&self) -> Result<Vec<FundGrant>, StoreError> {
                self.open(FUND_GRANTS)
                    .map_err(db_err)?
                    .decoded_all("fund_grants")
            }
            fn waivers(&self) -> Result<Vec<Waiver>, StoreError> {
                self.open(WAIVERS).map_err(db_err)?.decoded_all("waivers")
            }
            fn account_total(&self, code: &str) -> Result<(i64, i64), StoreError> {
                let t = self.open(ACCOUNT_TOTALS).map_err(db_err)?;
                Ok(t.get(code)
                    .map_err(db_err)?
                    .map(|v| figures2("account_totals", v.value()))
                    .transpose()?
                    .unwrap_or((0, 0)))
            }
            fn all_account_totals(&self) -> Result<BTreeMap<String, (i64, i64)>, StoreError> {
                let t = self.open(ACCOUNT_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    out.insert(
                        k.value().to_string(),
                        figures2("account_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn cash_days_from(
                &self,
                code: &str,
                from_day: i32,
            ) -> Result<Vec<(i32, i64)>, StoreError> {
                let t = self.open(CASH_DAY_TOTALS).map_err(db_err)?;
                let mut out = Vec::new();
                for row in t
                    .range((code, from_day)..=(code, i32::MAX))
                    .map_err(db_err)?
                {
                    let (k, v) = row.map_err(db_err)?;
                    out.push((k.value().1, figure("cash_day_totals", v.value())?));
                }
                Ok(out)
            }
            fn all_cash_days(&self) -> Result<BTreeMap<(String, i32), i64>, StoreError> {
                let t = self.open(CASH_DAY_TOTALS).map_err(db_err)?;
                let mut out = BTreeMap::new();
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (code, day) = k.value();
                    out.insert(
                        (code.to_string(), day),
                        figure("cash_day_totals", v.value())?,
                    );
                }
                Ok(out)
            }
            fn sealed_records(&self) -> Result<Vec<SealedRecord>, StoreError> {
                let mut out = Vec::new();
                self.each_sealed(&mut |table, key, value| {
                    out.push(SealedRecord {
                        table,
                        key: key.to_vec(),
                        value: value.to_vec(),
                    });
                    Ok(())
                })?;
                Ok(out)
            }
            fn each_sealed(&self, f: &mut SealedVisitor<'_>) -> Result<(), StoreError> {
                for (def, name) in SEALED_BY_NUMBER {
                    let t = self.open(def).map_err(db_err)?;
                    for row in t.iter().map_err(db_err)? {
                        let (k, v) = row.map_err(db_err)?;
                        f(name, &k.value().to_le_bytes(), v.value())?;
                    }
                }
                let t = self.open(CHARGES).map_err(db_err)?;
                for row in t.iter().map_err(db_err)? {
                    let (k, v) = row.map_err(db_err)?;
                    let (m, mo, ty) = k.value();
                    f(
                        seal::CHARGES,
                        &seal::charge_key(m, mo, ty),
                        &seal::charge_value(v.value()),
                    )?;
                }
                if let Some(b) = self.meta_get_raw("settings")? {
                    f(seal::SETTINGS, &[], &b)?;
                }
                Ok(())
            }
            fn verify_seals(&self, keep: usize) -> Result<seal::Verified, StoreError> {
                use seal::{SealFault, SealProblem, Sealed};
                let seals = match self.open(SEALS) {
                    Ok(t) => Some(t),
                    Err(redb::TableError::TableDoesNotExist(_)) => None,
                    Err(e) => return Err(db_err(e)),
                };
                let mut out = seal::Verified::default();
                self.each_sealed(&mut |table, key, value| {
                    out.records += 1;
                    let sealed = match &seals {
                        Some(s) => s.get((table, key)).map_err(db_err)?.map(|g| g.value()),
                        None => None,
                    };
                    let fault = match sealed {
                        Some(s) if s == seal::digest(table, key, value) => return Ok(()),
                        Some(_) => SealFault::Changed,
                        None => SealFault::Unsealed,
                    };
                    out.push(
                        SealProblem {
                            record: Sealed::from_key(table, key),
                            fault,
                        },
                        keep,
                    );
                    Ok(())
                })?;
                let mut u32_tables = Vec::new();
                for (def, name) in SEALED_BY_NUMBER {
                    u32_tables.push((name, self.open(def).map_err(db_err)?));
                }
                let charges = self.open(CHARGES).map_err(db_err)?;
                let settings = self.meta_get_raw("settings")?;
                // A seal whose record is not there: removed outside ayni.
                let Some(seals) = &seals else { return Ok(out) };
                let u = |b: &[u8]| -> Option<u32> { Some(u32::from_le_bytes(b.try_into().ok()?)) };
                for row in seals.iter().map_err(db_err)? {
                    let (k, _) = row.map_err(db_err)?;
                    let (table, key) = k.value();
                    let there = if table == seal::SETTINGS {
                        settings.is_some()
                    } else if table == seal::CHARGES {
                        match (key.len() == 12).then(|| (u(&key[..4]), u(&key[4..8]), u(&key[8..])))
                        {
                            Some((Some(m), Some(mo), Some(ty))) => {
                                charges.get((m, mo, ty)).map_err(db_err)?.is_some()
                            }
                            _ => false,
                        }
                    } else {
                        match (u32_tables.iter().find(|(n, _)| *n == table), u(key)) {
                            (Some((_, t)), Some(n)) => t.get(n).map_err(db_err)?.is_some(),
                            _ => false,
                        }
                    };
                    if !there {
                        out.push(
                            SealProblem {
                                record: Sealed::from_key(table, key),
                                fault: SealFault::Removed,
                            },
                            keep,
                        );
                    }
                }
                Ok(out)
            }
        }
    };
}

impl_store_read!(ReadTx);
impl_store_read!(WriteTx);

/// Adds `d` debit and `c` credit cents to the figures `t` (the table
/// `what`) holds under `key`.
fn add_figures<'k, K: redb::Key + 'static>(
    t: &mut redb::Table<'_, K, (i64, i64)>,
    what: &'static str,
    key: K::SelfType<'k>,
    d: i64,
    c: i64,
) -> Result<(), StoreError> {
    let cur = t
        .get(&key)
        .map_err(db_err)?
        .map(|v| figures2(what, v.value()))
        .transpose()?
        .unwrap_or((0, 0));
    t.insert(&key, (cur.0 + d, cur.1 + c)).map_err(db_err)?;
    Ok(())
}

fn add_cash_day(
    t: &mut redb::Table<'_, (&str, i32), i64>,
    key: (&str, i32),
    net: i64,
) -> Result<(), StoreError> {
    let cur = t
        .get(key)
        .map_err(db_err)?
        .map(|v| figure("cash_day_totals", v.value()))
        .transpose()?
        .unwrap_or(0);
    let new = cur + net;
    // A day whose movements cancel out keeps no row: the table holds days with movement.
    if new == 0 {
        t.remove(key).map_err(db_err)?;
    } else {
        t.insert(key, new).map_err(db_err)?;
    }
    Ok(())
}

impl WriteTx {
    pub(crate) fn create_all_tables(&self) -> Result<(), StoreError> {
        self.0.open_table(META).map_err(db_err)?;
        self.0.open_table(ACCOUNTS).map_err(db_err)?;
        self.0.open_table(ENTRIES).map_err(db_err)?;
        self.0.open_table(ENTRIES_BY_DATE).map_err(db_err)?;
        self.0.open_table(ENTRIES_BY_ACCOUNT).map_err(db_err)?;
        self.0.open_table(ENTRIES_BY_MEMBER).map_err(db_err)?;
        self.0.open_table(REVERSED_BY).map_err(db_err)?;
        self.0.open_table(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
        self.0.open_table(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
        self.0.open_table(MEMBERS).map_err(db_err)?;
        self.0.open_table(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
        self.0.open_table(CLOSED_MONTHS).map_err(db_err)?;
        self.0.open_table(CHARGE_TYPES).map_err(db_err)?;
        self.0.open_table(CHARGES).map_err(db_err)?;
        self.0.open_table(CHARGES_OWED).map_err(db_err)?;
        self.0.open_table(RECEIPTS).map_err(db_err)?;
        self.0.open_table(RECEIPT_BY_ENTRY).map_err(db_err)?;
        self.0.open_table(WAIVERS).map_err(db_err)?;
        self.0.open_table(DUES_MONTH_TOTALS).map_err(db_err)?;
        self.0.open_table(SAVINGS_PRODUCTS).map_err(db_err)?;
        self.0.open_table(SAVINGS_ACCOUNTS).map_err(db_err)?;
        self.0.open_table(SAVINGS_BY_MEMBER).map_err(db_err)?;
        self.0.open_table(SAVINGS_MOVES).map_err(db_err)?;
        self.0.open_table(SAVINGS_MOVES_BY_ENTRY).map_err(db_err)?;
        self.0.open_table(SAVINGS_INTEREST).map_err(db_err)?;
        self.0.open_table(FUND_GRANTS).map_err(db_err)?;
        self.0.open_table(LOAN_PRODUCTS).map_err(db_err)?;
        self.0.open_table(LOANS).map_err(db_err)?;
        self.0.open_table(LOANS_BY_MEMBER).map_err(db_err)?;
        self.0.open_table(LOAN_EVENTS).map_err(db_err)?;
        self.0.open_table(LOAN_EVENTS_BY_LOAN).map_err(db_err)?;
        self.0.open_table(CHARGES_COMPLETE).map_err(db_err)?;
        self.0.open_table(ACCOUNT_TOTALS).map_err(db_err)?;
        self.0.open_table(CASH_DAY_TOTALS).map_err(db_err)?;
        self.0.open_table(DUES_ADVANCES).map_err(db_err)?;
        self.0.open_table(VISITS).map_err(db_err)?;
        self.0.open_table(VISIT_BY_ENTRY).map_err(db_err)?;
        self.0.open_table(SEALS).map_err(db_err)?;
        Ok(())
    }

    /// Writes the seal of one record (see [`seal`]), in this transaction.
    pub(crate) fn seal(&self, table: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.0
            .open_table(SEALS)
            .map_err(db_err)?
            .insert((table, key), seal::digest(table, key, value))
            .map_err(db_err)?;
        Ok(())
    }

    /// Seals every sealed record as it is now (the migration to schema 4);
    /// returns how many.
    pub(crate) fn seal_all(&self) -> Result<usize, StoreError> {
        let records = self.sealed_records()?;
        for r in &records {
            self.seal(r.table, &r.key, &r.value)?;
        }
        Ok(records.len())
    }

    /// Writes a loan, with its schedule and what was paid.
    pub fn put_loan(&self, loan: &Loan) -> Result<(), StoreError> {
        self.put_u32(LOANS, loan.id, loan)
    }

    /// Writes a loan product.
    pub fn put_loan_product(&self, p: &LoanProduct) -> Result<(), StoreError> {
        self.put_u32(LOAN_PRODUCTS, p.id, p)
    }

    /// Writes any postcard value under a `u32` key of a table (loan products, loans).
    pub fn put_u32(
        &self,
        table: redb::TableDefinition<u32, &[u8]>,
        key: u32,
        value: &impl Serialize,
    ) -> Result<(), StoreError> {
        let bytes = encode(value)?;
        self.0
            .open_table(table)
            .map_err(db_err)?
            .insert(key, bytes.as_slice())
            .map_err(db_err)?;
        if let Some(sealed) = seal::u32_table(redb::TableHandle::name(&table)) {
            self.seal(sealed, &key.to_le_bytes(), &bytes)?;
        }
        Ok(())
    }
    pub fn index_loan(&self, member: u32, loan: u32) -> Result<(), StoreError> {
        self.0
            .open_table(LOANS_BY_MEMBER)
            .map_err(db_err)?
            .insert((member, loan), ())
            .map_err(db_err)?;
        Ok(())
    }
    /// Lists an already stored event under one more loan (batch operations).
    pub fn index_loan_event(&self, entry: u64, loan: u32) -> Result<(), StoreError> {
        self.0
            .open_table(LOAN_EVENTS_BY_LOAN)
            .map_err(db_err)?
            .insert((loan, entry), ())
            .map_err(db_err)?;
        Ok(())
    }
    pub fn put_loan_event(
        &self,
        entry: u64,
        loan: u32,
        event: &impl Serialize,
    ) -> Result<(), StoreError> {
        self.0
            .open_table(LOAN_EVENTS)
            .map_err(db_err)?
            .insert(entry, encode(event)?.as_slice())
            .map_err(db_err)?;
        self.0
            .open_table(LOAN_EVENTS_BY_LOAN)
            .map_err(db_err)?
            .insert((loan, entry), ())
            .map_err(db_err)?;
        Ok(())
    }

    pub fn put_savings_product(&self, p: &SavingsProduct) -> Result<(), StoreError> {
        let bytes = encode(p)?;
        self.0
            .open_table(SAVINGS_PRODUCTS)
            .map_err(db_err)?
            .insert(p.id, bytes.as_slice())
            .map_err(db_err)?;
        self.seal(seal::SAVINGS_PRODUCTS, &p.id.to_le_bytes(), &bytes)?;
        Ok(())
    }
    pub fn put_savings_account(&self, a: &SavingsAccount) -> Result<(), StoreError> {
        self.0
            .open_table(SAVINGS_ACCOUNTS)
            .map_err(db_err)?
            .insert(a.id, encode(a)?.as_slice())
            .map_err(db_err)?;
        self.0
            .open_table(SAVINGS_BY_MEMBER)
            .map_err(db_err)?
            .insert((a.member, a.id), ())
            .map_err(db_err)?;
        Ok(())
    }
    pub fn put_savings_move(&self, mv: &SavingsMove) -> Result<(), StoreError> {
        let day = chrono::Datelike::num_days_from_ce(&mv.date);
        self.0
            .open_table(SAVINGS_MOVES)
            .map_err(db_err)?
            .insert((mv.account, day, mv.entry), encode(mv)?.as_slice())
            .map_err(db_err)?;
        self.0
            .open_table(SAVINGS_MOVES_BY_ENTRY)
            .map_err(db_err)?
            .insert((mv.entry, mv.account), day)
            .map_err(db_err)?;
        Ok(())
    }
    pub fn get_savings_move(
        &self,
        account: u32,
        day: i32,
        entry: u64,
    ) -> Result<Option<SavingsMove>, StoreError> {
        let t = self.0.open_table(SAVINGS_MOVES).map_err(db_err)?;
        match t.get((account, day, entry)).map_err(db_err)? {
            Some(v) => Ok(Some(decode("savings_moves", v.value())?)),
            None => Ok(None),
        }
    }
    pub fn set_savings_interest(&self, month: u32, entry: Option<u64>) -> Result<(), StoreError> {
        let mut t = self.0.open_table(SAVINGS_INTEREST).map_err(db_err)?;
        match entry {
            Some(e) => t.insert(month, e).map_err(db_err)?,
            None => t.remove(month).map_err(db_err)?,
        };
        Ok(())
    }
    pub fn put_fund_grant(&self, g: &FundGrant) -> Result<(), StoreError> {
        self.0
            .open_table(FUND_GRANTS)
            .map_err(db_err)?
            .insert(g.number, encode(g)?.as_slice())
            .map_err(db_err)?;
        Ok(())
    }

    pub fn put_charge_type(&self, t: &ChargeType) -> Result<(), StoreError> {
        let bytes = encode(t)?;
        let mut tb = self.0.open_table(CHARGE_TYPES).map_err(db_err)?;
        tb.insert(t.id, bytes.as_slice()).map_err(db_err)?;
        self.seal(seal::CHARGE_TYPES, &t.id.to_le_bytes(), &bytes)?;
        Ok(())
    }

    /// Writes a charge and keeps the arrears index in step.
    pub fn put_charge(
        &self,
        member: u32,
        month: u32,
        ty: u32,
        v: DuesFigures,
    ) -> Result<(), StoreError> {
        let v = v.stored();
        let key = (member, month, ty);
        self.seal(
            seal::CHARGES,
            &seal::charge_key(member, month, ty),
            &seal::charge_value(v),
        )?;
        let old = self
            .0
            .open_table(CHARGES)
            .map_err(db_err)?
            .insert(key, v)
            .map_err(db_err)?
            .map(|g| figures3("charges", g.value()))
            .transpose()?
            .unwrap_or((0, 0, 0));
        {
            let mut mt = self.0.open_table(DUES_MONTH_TOTALS).map_err(db_err)?;
            let cur = mt
                .get(month)
                .map_err(db_err)?
                .map(|g| figures3("dues_month_totals", g.value()))
                .transpose()?
                .unwrap_or((0, 0, 0));
            mt.insert(
                month,
                (
                    cur.0 + v.0 - old.0,
                    cur.1 + v.1 - old.1,
                    cur.2 + v.2 - old.2,
                ),
            )
            .map_err(db_err)?;
        }
        let mut owed = self.0.open_table(CHARGES_OWED).map_err(db_err)?;
        let due = v.0 - v.1 - v.2;
        if due > 0 {
            owed.insert(key, due).map_err(db_err)?;
        } else {
            owed.remove(key).map_err(db_err)?;
        }
        Ok(())
    }

    pub fn put_receipt(&self, r: &Receipt) -> Result<(), StoreError> {
        self.0
            .open_table(RECEIPTS)
            .map_err(db_err)?
            .insert(r.number, encode(r)?.as_slice())
            .map_err(db_err)?;
        self.0
            .open_table(RECEIPT_BY_ENTRY)
            .map_err(db_err)?
            .insert(r.entry, r.number)
            .map_err(db_err)?;
        Ok(())
    }

    pub fn put_waiver(&self, w: &Waiver) -> Result<(), StoreError> {
        self.0
            .open_table(WAIVERS)
            .map_err(db_err)?
            .insert(w.number, encode(w)?.as_slice())
            .map_err(db_err)?;
        Ok(())
    }

    /// For bulk work (the demo generator): commit without waiting for the disk.
    /// A later durable commit makes everything before it durable.
    pub fn set_fast(&mut self) {
        if let TxHandle::Own(t) = &mut self.0 {
            let _ = t.set_durability(Durability::None);
        }
    }

    pub fn meta_put_raw(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        let mut t = self.0.open_table(META).map_err(db_err)?;
        t.insert(key, value).map_err(db_err)?;
        if key == "settings" {
            self.seal(seal::SETTINGS, &[], value)?;
        }
        Ok(())
    }
    pub fn meta_put<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        self.meta_put_raw(key, &encode(value)?)
    }
    pub fn put_account(&self, a: &Account) -> Result<(), StoreError> {
        let mut t = self.0.open_table(ACCOUNTS).map_err(db_err)?;
        t.insert(a.code.as_str(), encode(a)?.as_slice())
            .map_err(db_err)?;
        Ok(())
    }

    /// Writes a sealed entry with its indexes and maintained totals.
    pub fn put_entry(&self, e: &Entry) -> Result<(), StoreError> {
        let day = chrono::Datelike::num_days_from_ce(&e.date);
        let month = Month::of(e.date).key();
        {
            let mut t = self.0.open_table(ENTRIES).map_err(db_err)?;
            t.insert(e.id, encode(e)?.as_slice()).map_err(db_err)?;
        }
        {
            let mut t = self.0.open_table(ENTRIES_BY_DATE).map_err(db_err)?;
            t.insert((day, e.id), ()).map_err(db_err)?;
        }
        {
            let mut by_acc = self.0.open_table(ENTRIES_BY_ACCOUNT).map_err(db_err)?;
            let mut by_mem = self.0.open_table(ENTRIES_BY_MEMBER).map_err(db_err)?;
            let mut totals = self.0.open_table(ACCOUNT_MONTH_TOTALS).map_err(db_err)?;
            let mut mtotals = self.0.open_table(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
            let mut all_time = self.0.open_table(ACCOUNT_TOTALS).map_err(db_err)?;
            let mut cash_days = self.0.open_table(CASH_DAY_TOTALS).map_err(db_err)?;
            for p in &e.postings {
                by_acc
                    .insert((p.account.as_str(), day, e.id), ())
                    .map_err(db_err)?;
                let (d, c) = match p.side {
                    crate::domain::entry::Side::Debit => (p.amount.cents(), 0),
                    crate::domain::entry::Side::Credit => (0, p.amount.cents()),
                };
                let code = p.account.as_str();
                add_figures(&mut totals, "account_month_totals", (code, month), d, c)?;
                add_figures(&mut all_time, "account_totals", code, d, c)?;
                if crate::domain::account::is_cash_or_bank(&p.account) {
                    add_cash_day(&mut cash_days, (p.account.as_str(), day), d - c)?;
                }
                if let Some(m) = p.member {
                    by_mem.insert((m, day, e.id), ()).map_err(db_err)?;
                    add_figures(&mut mtotals, "member_account_totals", (m, code), d, c)?;
                }
            }
        }
        if let Some(orig) = e.reverses {
            let mut t = self.0.open_table(REVERSED_BY).map_err(db_err)?;
            t.insert(orig, e.id).map_err(db_err)?;
        }
        Ok(())
    }

    pub fn put_member(&self, m: &Member) -> Result<(), StoreError> {
        let bytes = encode(m)?;
        let mut t = self.0.open_table(MEMBERS).map_err(db_err)?;
        t.insert(m.id, bytes.as_slice()).map_err(db_err)?;
        self.seal(seal::MEMBERS, &m.id.to_le_bytes(), &bytes)?;
        Ok(())
    }
    pub fn index_member_id_number(&self, id_number: &str, member: u32) -> Result<(), StoreError> {
        let mut t = self.0.open_table(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
        t.insert(id_number, member).map_err(db_err)?;
        Ok(())
    }
    pub fn unindex_member_id_number(&self, id_number: &str) -> Result<(), StoreError> {
        let mut t = self.0.open_table(MEMBER_BY_ID_NUMBER).map_err(db_err)?;
        t.remove(id_number).map_err(db_err)?;
        Ok(())
    }
    pub fn put_closed_month(&self, c: &ClosedMonth) -> Result<(), StoreError> {
        let mut t = self.0.open_table(CLOSED_MONTHS).map_err(db_err)?;
        t.insert(c.month.key(), encode(c)?.as_slice())
            .map_err(db_err)?;
        Ok(())
    }

    /// Rebuilds the member subledger balances from the journal (migration 1 -> 2).
    pub(crate) fn rebuild_member_totals(&self) -> Result<u64, StoreError> {
        let mut sums: BTreeMap<(u32, String), (i64, i64)> = BTreeMap::new();
        let mut n = 0u64;
        self.for_each_entry(0, &mut |e| {
            n += 1;
            for p in &e.postings {
                if let Some(m) = p.member {
                    let s = sums.entry((m, p.account.clone())).or_default();
                    match p.side {
                        crate::domain::entry::Side::Debit => s.0 += p.amount.cents(),
                        crate::domain::entry::Side::Credit => s.1 += p.amount.cents(),
                    }
                }
            }
            Ok(true)
        })?;
        let mut t = self.0.open_table(MEMBER_ACCOUNT_TOTALS).map_err(db_err)?;
        for ((m, code), v) in &sums {
            t.insert((*m, code.as_str()), *v).map_err(db_err)?;
        }
        Ok(n)
    }

    /// Builds the all-time account totals and the cash and bank accounts' day
    /// totals from the journal (migration 2 -> 3). Idempotent: both tables are
    /// emptied first.
    pub(crate) fn rebuild_account_and_cash_totals(&self) -> Result<u64, StoreError> {
        let mut sums: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut days: BTreeMap<(String, i32), i64> = BTreeMap::new();
        let mut n = 0u64;
        self.for_each_entry(0, &mut |e| {
            n += 1;
            let day = chrono::Datelike::num_days_from_ce(&e.date);
            for p in &e.postings {
                let (d, c) = match p.side {
                    crate::domain::entry::Side::Debit => (p.amount.cents(), 0),
                    crate::domain::entry::Side::Credit => (0, p.amount.cents()),
                };
                let s = sums.entry(p.account.clone()).or_default();
                s.0 += d;
                s.1 += c;
                if crate::domain::account::is_cash_or_bank(&p.account) {
                    *days.entry((p.account.clone(), day)).or_default() += d - c;
                }
            }
            Ok(true)
        })?;
        let mut t = self.0.open_table(ACCOUNT_TOTALS).map_err(db_err)?;
        t.retain(|_, _| false).map_err(db_err)?;
        for (code, v) in &sums {
            t.insert(code.as_str(), *v).map_err(db_err)?;
        }
        let mut t = self.0.open_table(CASH_DAY_TOTALS).map_err(db_err)?;
        t.retain(|_, _| false).map_err(db_err)?;
        for ((code, day), net) in &days {
            if *net != 0 {
                t.insert((code.as_str(), *day), *net).map_err(db_err)?;
            }
        }
        Ok(n)
    }

    /// Direct access for tests that must simulate tampering from outside ayni.
    #[doc(hidden)]
    pub fn raw_put_entry_bytes(&self, id: u64, bytes: &[u8]) -> Result<(), StoreError> {
        let mut t = self.0.open_table(ENTRIES).map_err(db_err)?;
        t.insert(id, bytes).map_err(db_err)?;
        Ok(())
    }

    pub fn commit(self) -> Result<(), StoreError> {
        let WriteTx(tx, mut guard) = self;
        match tx {
            TxHandle::Own(t) => t.commit().map_err(db_err),
            // In a batch: the operation is done; the batch commits later.
            TxHandle::Shared(_) => {
                guard.done = true;
                if let Some(f) = &guard.flags {
                    if f.poisoned.get() {
                        return Err(StoreError::Db(
                            "an operation failed inside a bulk batch; the batch was abandoned"
                                .into(),
                        ));
                    }
                    f.ops.set(f.ops.get() + 1);
                }
                Ok(())
            }
        }
    }

    /// Throws the transaction's changes away (a dry run). Inside a bulk batch
    /// the changes cannot be taken back alone: the batch is abandoned.
    pub fn abort(self) -> Result<(), StoreError> {
        let WriteTx(tx, guard) = self;
        match tx {
            TxHandle::Own(t) => t.abort().map_err(db_err),
            TxHandle::Shared(_) => {
                // Dropping the guard unfinished poisons the batch.
                drop(guard);
                Err(StoreError::Db(
                    "a dry run cannot run inside a bulk batch; the batch was abandoned".into(),
                ))
            }
        }
    }
}
