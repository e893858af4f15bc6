//! Backups: automatic and rotating (the first write of a day, before each
//! month close), `ayni backup` and `ayni restore` (checked before it replaces
//! anything).
//!
//! An automatic copy is named `<n>-<time>-<reason>.ayni`, where `n` counts
//! the copies written into the folder: the rotation keeps the newest
//! *written* by that number, whatever the computer's clock said (a clock set
//! back must not make a new copy "the oldest"), and never removes the copy it
//! has just made. Copies of earlier versions (`<time>-<reason>.ayni`) count
//! as written before every numbered one.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::check::CheckItem;
use super::{Book, BookError, Clock};
use crate::i18n::{Lang, Msg};
use crate::store::{Store, StoreError, StoreRead};

/// How many automatic backups a book keeps unless its setting says otherwise.
pub const DEFAULT_KEEP: u32 = 10;

/// Why a backup or a restore is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the backup {file} does not pass the checks: {}", .problem.detail(Lang::En))]
    BadBackup {
        file: String,
        /// The first check that failed.
        problem: Box<CheckItem>,
    },
    #[error("{0} is the book itself")]
    SameFile(String),
    #[error("{0} is a redacted copy")]
    Redacted(String),
    #[error("could not write {file}: {detail}")]
    Write { file: String, detail: String },
}

impl BackupError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (BackupError::BadBackup { file, problem }, _) => {
                let problem = format!("{}: {}", problem.title(lang), problem.detail(lang));
                Msg::ErrBackupFailsChecks.fill(lang, &[("file", &file), ("problem", &problem)])
            }
            (BackupError::SameFile(file), _) => {
                Msg::ErrBackupSameFile.fill(lang, &[("file", &file)])
            }
            (BackupError::Redacted(file), _) => {
                Msg::ErrBackupRedacted.fill(lang, &[("file", &file)])
            }
            (BackupError::Write { file, detail }, _) => {
                Msg::ErrBackupWrite.fill(lang, &[("detail", &detail), ("file", &file)])
            }
        }
    }
}

/// The folder of a book's automatic backups: `<book>.copias/` beside it.
pub fn backup_dir(book: &Path) -> PathBuf {
    let name = book
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "libro".into());
    book.with_file_name(format!("{name}.copias"))
}

fn restrict(path: &Path) {
    crate::files::restrict(path);
}

/// The tag of a copy being written (`.<name>.part-<process>-<n>`).
const PART: &str = "part";

/// The name of an automatic copy, read: (write number, time stamp, reason).
/// An older copy without a number counts as number 0.
pub fn parse_backup_name(p: &Path) -> (u64, Option<chrono::NaiveDateTime>, String) {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp_at = |s: &str| {
        s.get(..15)
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y%m%d-%H%M%S").ok())
    };
    let (seq, rest) = match stem.split_once('-') {
        Some((n, rest))
            if !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && stamp_at(rest).is_some() =>
        {
            (n.parse::<u64>().unwrap_or(u64::MAX), rest.to_string())
        }
        _ => (0, stem.clone()),
    };
    match stamp_at(&rest) {
        Some(t) => (
            seq,
            Some(t),
            rest.get(15..)
                .unwrap_or("")
                .trim_start_matches('-')
                .to_string(),
        ),
        None => (seq, None, stem),
    }
}

/// Order of automatic backups, oldest written first: by the write number,
/// then (for copies of earlier versions) by the time in the name and the
/// number added to copies taken in the same second (`-2`, `-3`...).
fn backup_order(p: &Path) -> (u64, Option<chrono::NaiveDateTime>, u32, String) {
    let (seq, stamp, reason) = parse_backup_name(p);
    let n = reason
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse::<u32>().ok())
        .unwrap_or(1);
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (seq, stamp, n, name)
}

/// Whether a file in the backup folder is a copy cut short: `*.part` (of
/// earlier versions) or `.<name>.part-<process>-<n>`.
fn is_partial(p: &Path) -> bool {
    if p.extension().is_some_and(|x| x == PART) {
        return true;
    }
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.')
        && name
            .rsplit_once(&format!(".{PART}-"))
            .is_some_and(|(of, _)| {
                crate::files::is_temp_of(&name, of.trim_start_matches('.'), PART)
            })
}

fn write_err(file: &Path, e: std::io::Error) -> BookError {
    if crate::store::is_disk_full(&e) {
        return BookError::Store(StoreError::DiskFull);
    }
    if matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    ) {
        return BookError::Store(StoreError::Permission(file.to_path_buf()));
    }
    BookError::Backup(BackupError::Write {
        file: file.display().to_string(),
        detail: e.to_string(),
    })
}

/// Copies the file `src` to `dest`, which must not exist: into a temporary
/// file beside it (a name no other file has), synced, then put in place
/// without replacing anything that appeared there meanwhile. A copy cut
/// short never carries the final name.
pub(crate) fn copy_file(src: &Path, dest: &Path) -> Result<PathBuf, BookError> {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if exists(dest) {
        return Err(BookError::Store(StoreError::AlreadyExists(
            dest.to_path_buf(),
        )));
    }
    let tmp = copy_to_temp(src, dest, PART)?;
    let placed = match std::fs::hard_link(&tmp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BookError::Store(
            StoreError::AlreadyExists(dest.to_path_buf()),
        )),
        // A file system without hard links (some USB drives): a rename.
        Err(_) if exists(dest) => Err(BookError::Store(StoreError::AlreadyExists(
            dest.to_path_buf(),
        ))),
        Err(_) => std::fs::rename(&tmp, dest).map_err(|e| write_err(dest, e)),
    };
    let _ = std::fs::remove_file(&tmp);
    placed?;
    Ok(dest.to_path_buf())
}

/// Copies the file `src` into a new temporary file beside `dest` (tagged
/// `tag`), synced; its path. A copy cut short (a full disk) is not left
/// behind.
fn copy_to_temp(src: &Path, dest: &Path, tag: &str) -> Result<PathBuf, BookError> {
    let (tmp, mut out) = crate::files::temp_beside(dest, tag).map_err(|e| write_err(dest, e))?;
    let copied = std::fs::File::open(src)
        .and_then(|mut f| std::io::copy(&mut f, &mut out))
        .and_then(|_| out.flush())
        .and_then(|_| out.sync_all());
    drop(out);
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_err(dest, e));
    }
    Ok(tmp)
}

/// How many automatic backups the book at `store` keeps.
fn keep_of(store: &Store) -> Result<u32, BookError> {
    Ok(store
        .read()?
        .meta_get::<u32>("backups_keep")?
        .unwrap_or(DEFAULT_KEEP))
}

/// An automatic copy of the book at `store` in its backup folder, numbered
/// after every copy there; the oldest written beyond the setting are
/// removed, never the new one. A copy that fails leaves nothing behind (not
/// even the folder, when it made it).
fn auto_copy(store: &Store, clock: Clock, reason: &str) -> Result<PathBuf, BookError> {
    let dir = backup_dir(store.path());
    let made_dir = !dir.exists();
    std::fs::create_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
    restrict(&dir);
    let result = (|| {
        let stamp = clock.now().format("%Y%m%d-%H%M%S");
        let mut seq = std::fs::read_dir(&dir)
            .map_err(|e| write_err(&dir, e))?
            .flatten()
            .map(|e| parse_backup_name(&e.path()).0)
            .filter(|&n| n < u64::MAX)
            .max()
            .unwrap_or(0)
            + 1;
        let mut dest = dir.join(format!("{seq:04}-{stamp}-{reason}.ayni"));
        while dest.exists() {
            seq += 1;
            dest = dir.join(format!("{seq:04}-{stamp}-{reason}.ayni"));
        }
        let out = copy_file(store.path(), &dest)?;
        rotate(store, &dir, &out)?;
        Ok(out)
    })();
    if result.is_err() && made_dir {
        let _ = std::fs::remove_dir(&dir);
    }
    result
}

fn rotate(store: &Store, dir: &Path, just_made: &Path) -> Result<(), BookError> {
    let keep = keep_of(store)? as usize;
    let all: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| write_err(dir, e))?
        .flatten()
        .map(|e| e.path())
        .collect();
    // A partial copy was cut short by a killed program. Open read-write,
    // this book is ours alone (no other ayni can open it, not even to
    // read), so none is being written now; a read-only program leaves them.
    if !store.is_read_only() {
        for part in all.iter().filter(|p| is_partial(p)) {
            let _ = std::fs::remove_file(part);
        }
    }
    let mut files: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "ayni") && p.as_path() != just_made)
        .collect();
    files.sort_by_key(|p| backup_order(p));
    // The new copy is one of those kept.
    while files.len() + 1 > keep {
        let old = files.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// The daily copy of the book at `store`: taken when none was taken today
/// (a read-only book takes none).
fn daily_copy(store: &Store, clock: Clock) -> Result<Option<PathBuf>, BookError> {
    if store.is_read_only() {
        return Ok(None);
    }
    let today = clock.today().to_string();
    let last: Option<String> = store.read()?.meta_get("last_daily_backup")?;
    if last.as_deref() == Some(today.as_str()) {
        return Ok(None);
    }
    let p = auto_copy(store, clock, "diaria")?;
    let tx = store.write()?;
    tx.meta_put("last_daily_backup", &today)?;
    tx.commit()?;
    Ok(Some(p))
}

impl Book {
    /// Copies the book to `dest` (consistent: no transaction is open while copying;
    /// the file is locked against other programs). Written to a temporary name and
    /// put in place, so a half-written copy never carries the final name; never
    /// over an existing file.
    pub fn backup_to(&self, dest: &Path) -> Result<PathBuf, BookError> {
        copy_file(self.path(), dest)
    }

    /// How many automatic backups to keep.
    pub fn backups_to_keep(&self) -> Result<u32, BookError> {
        keep_of(self.store())
    }

    pub fn set_backups_to_keep(&mut self, n: u32) -> Result<(), BookError> {
        self.check_writable()?;
        let tx = self.store().write()?;
        tx.meta_put("backups_keep", &n.max(1))?;
        tx.commit()?;
        Ok(())
    }

    /// An automatic backup named by write number, time and reason in the
    /// book's backup folder; the oldest written beyond the setting are
    /// removed, never this one.
    pub fn auto_backup(&self, reason: &str) -> Result<PathBuf, BookError> {
        auto_copy(self.store(), self.clock(), reason)
    }

    /// The first open of a day takes a backup (best effort: a failure to copy
    /// never stops the treasurer from working; the error is returned to show).
    pub fn daily_backup(&mut self) -> Result<Option<PathBuf>, BookError> {
        daily_copy(self.store(), self.clock())
    }

    /// The daily copy, taken just before this open book's first write (when
    /// none was taken today): every command that writes makes it, one that
    /// writes nothing (refused, a dry run) does not. A failure to copy does
    /// not stop the write; it is handed to `failed` to be shown.
    pub fn daily_backup_before_writing(&self, failed: impl FnOnce(BookError) + 'static) {
        let clock = self.clock();
        self.store().before_first_write(Box::new(move |store| {
            if let Err(e) = daily_copy(store, clock) {
                failed(e);
            }
        }));
    }

    /// Every automatic backup of the book, oldest written first.
    pub fn list_backups(&self) -> Vec<PathBuf> {
        let dir = backup_dir(self.path());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ayni"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort_by_key(|p| backup_order(p));
        files
    }
}

/// The tag of a book being restored (`.<name>.restaurando-<process>-<n>`).
const RESTORING: &str = "restaurando";

/// Removes what killed restores left beside `book` (their temporary copies).
fn remove_stale_restores(book: &Path) {
    let Some(name) = book.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    crate::files::remove_beside(book, |file, _| {
        crate::files::is_temp_of(file, &name, RESTORING)
    });
}

/// Keeps the book at `book` aside as `aside` without ever leaving its path
/// empty: a hard link (the same file under a second name), or where the
/// file system has none, a copy.
fn keep_aside(book: &Path, aside: &Path) -> Result<(), BookError> {
    match std::fs::hard_link(book, aside) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BookError::Store(
            StoreError::AlreadyExists(aside.to_path_buf()),
        )),
        Err(_) => copy_file(book, aside).map(|_| ()),
    }
}

/// What restoring `backup` over `book` would lose: how many entries the book
/// has beyond the copy's, and the date of the book's last entry. `None` when
/// nothing would be lost, or when either file does not open as a book (the
/// restore itself then says why, or replaces a book that cannot be read).
/// Entries are numbered one by one and never removed, so the book's entries
/// beyond the copy's count are exactly those the copy does not have.
pub fn entries_lost(backup: &Path, book: &Path) -> Option<(u64, chrono::NaiveDate)> {
    let copy = Book::open_read_only(backup).ok()?.entry_count(None).ok()?;
    let current = Book::open_read_only(book).ok()?;
    let n = current.entry_count(None).ok()?;
    if n <= copy {
        return None;
    }
    let last = current.entry(n).ok()??.date;
    Some((n - copy, last))
}

/// Restores `backup` into `book` after checking it with the same checks as
/// `ayni check`; the replaced book is kept aside (`<book>.reemplazado-<time>`).
/// Returns where the replaced book went (if there was one).
///
/// A symbolic link at `book` is followed: the book it names is restored and
/// the link stays. The copy is written to a temporary file that takes no
/// existing file's name, then renamed over the book in one step, so at every
/// moment the path holds the old book or the restored one.
pub fn restore(backup: &Path, book: &Path) -> Result<Option<PathBuf>, BookError> {
    if let (Ok(a), Ok(b)) = (backup.canonicalize(), book.canonicalize())
        && a == b
    {
        return Err(BookError::Backup(BackupError::SameFile(
            backup.display().to_string(),
        )));
    }
    {
        let b = Book::open_read_only(backup)?;
        if b.redacted_on()?.is_some() {
            return Err(BookError::Backup(BackupError::Redacted(
                backup.display().to_string(),
            )));
        }
        let report = b.check()?;
        if let Some(p) = report.first_problem() {
            return Err(BookError::Backup(BackupError::BadBackup {
                file: backup.display().to_string(),
                problem: Box::new(p.clone()),
            }));
        }
    }
    // The file the book's path names (through any symbolic links).
    let real = crate::files::resolve_links(book);
    let exists = match std::fs::metadata(&real) {
        // A pipe, a device or a folder at the book's path is never replaced.
        Ok(m) if !m.is_file() => {
            return Err(BookError::Store(StoreError::NotAFile(book.to_path_buf())));
        }
        Ok(_) => true,
        Err(_) => false,
    };
    if exists {
        // Refused while another ayni holds the book; a damaged book is what a
        // restore is for, so any other failure to open it does not stop it.
        if let Err(e @ BookError::Store(StoreError::Locked(_))) = Book::open_read_only(&real) {
            return Err(e);
        }
    }
    remove_stale_restores(&real);
    // 1. The copy, beside the book under a name no file has.
    let tmp = copy_to_temp(backup, &real, RESTORING)?;
    // 2. The book kept aside, still at its place too.
    let aside = if exists {
        let stamp = crate::clock::stamp();
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Never over an earlier replaced book (two restores in one second).
        let mut aside = real.with_file_name(format!("{name}.reemplazado-{stamp}"));
        let mut n = 1;
        while std::fs::symlink_metadata(&aside).is_ok() {
            n += 1;
            aside = real.with_file_name(format!("{name}.reemplazado-{stamp}-{n}"));
        }
        if let Err(e) = keep_aside(&real, &aside) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        Some(aside)
    } else {
        None
    };
    // 3. One rename: the restored book takes the old one's place.
    if let Err(e) = std::fs::rename(&tmp, &real) {
        let _ = std::fs::remove_file(&tmp);
        if let Some(a) = &aside {
            // The book never left its place: the second name goes.
            let _ = std::fs::remove_file(a);
        }
        return Err(write_err(&real, e));
    }
    Ok(aside)
}
