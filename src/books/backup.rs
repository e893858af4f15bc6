//! Backups: automatic and rotating (first open of the day, before each month
//! close), `ayni backup` and `ayni restore` (checked before it replaces anything).

use std::path::{Path, PathBuf};

use super::{Book, BookError};
use crate::i18n::Lang;
use crate::store::StoreRead;

/// How many automatic backups a book keeps unless its setting says otherwise.
pub const DEFAULT_KEEP: u32 = 10;

/// Why a backup or a restore is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the backup {file} does not pass the checks: {problem_en}")]
    BadBackup {
        file: String,
        problem_es: String,
        problem_en: String,
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
            (
                BackupError::BadBackup {
                    file, problem_es, ..
                },
                Lang::Es,
            ) => format!(
                "La copia {file} no pasa las verificaciones ({problem_es}); no se restauró nada."
            ),
            (
                BackupError::BadBackup {
                    file, problem_en, ..
                },
                Lang::En,
            ) => format!(
                "The backup {file} does not pass the checks ({problem_en}); nothing was restored."
            ),
            (BackupError::SameFile(file), Lang::Es) => format!(
                "{file} es el mismo libro que se quiere reemplazar; elija una copia de seguridad."
            ),
            (BackupError::SameFile(file), Lang::En) => {
                format!("{file} is the very book to be replaced; choose a backup copy.")
            }
            (BackupError::Redacted(file), Lang::Es) => format!(
                "{file} es una copia anonimizada (ayni backup --redact): sus nombres y números de identificación son inventados, no reemplaza un libro real. Ábrala con «ayni --book {file}»."
            ),
            (BackupError::Redacted(file), Lang::En) => format!(
                "{file} is a redacted copy (ayni backup --redact): its names and identification numbers are made up, it does not replace a real book. Open it with 'ayni --book {file}'."
            ),
            (BackupError::Write { file, detail }, Lang::Es) => {
                format!("No se pudo escribir {file}: {detail}.")
            }
            (BackupError::Write { file, detail }, Lang::En) => {
                format!("Could not write {file}: {detail}.")
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

/// Order of automatic backups, oldest first: by the time in the name, then by
/// the number added to copies taken in the same second (`-2`, `-3`...).
fn backup_order(p: &Path) -> (String, u32, String) {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = stem.get(..15).unwrap_or(&stem).to_string();
    let n = stem
        .rsplit_once('-')
        .and_then(|(_, n)| n.parse::<u32>().ok())
        .filter(|_| stem.len() > 15)
        .unwrap_or(1);
    (stamp, n, stem)
}

fn write_err(file: &Path, e: std::io::Error) -> BookError {
    if crate::store::is_disk_full(&e) {
        return BookError::Store(crate::store::StoreError::DiskFull);
    }
    if matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    ) {
        return BookError::Store(crate::store::StoreError::Permission(file.to_path_buf()));
    }
    BookError::Backup(BackupError::Write {
        file: file.display().to_string(),
        detail: e.to_string(),
    })
}

impl Book {
    /// Copies the book to `dest` (consistent: no transaction is open while copying;
    /// the file is locked against other programs). Written to a temporary name and
    /// renamed, so a half-written copy never carries the final name.
    pub fn backup_to(&self, dest: &Path) -> Result<PathBuf, BookError> {
        if dest.exists() {
            return Err(BookError::Store(crate::store::StoreError::AlreadyExists(
                dest.to_path_buf(),
            )));
        }
        let tmp = dest.with_extension("part");
        if let Err(e) = std::fs::copy(self.path(), &tmp) {
            // A copy cut short (a full disk) is not left behind.
            let _ = std::fs::remove_file(&tmp);
            return Err(write_err(&tmp, e));
        }
        restrict(&tmp);
        if let Ok(f) = std::fs::File::open(&tmp) {
            let _ = f.sync_all();
        }
        if let Err(e) = std::fs::rename(&tmp, dest) {
            let _ = std::fs::remove_file(&tmp);
            return Err(write_err(dest, e));
        }
        Ok(dest.to_path_buf())
    }

    /// How many automatic backups to keep.
    pub fn backups_to_keep(&self) -> Result<u32, BookError> {
        Ok(self
            .store()
            .read()?
            .meta_get::<u32>("backups_keep")?
            .unwrap_or(DEFAULT_KEEP))
    }

    pub fn set_backups_to_keep(&mut self, n: u32) -> Result<(), BookError> {
        if self.is_read_only() {
            return Err(BookError::ReadOnly);
        }
        let tx = self.store().write()?;
        tx.meta_put("backups_keep", &n.max(1))?;
        tx.commit()?;
        Ok(())
    }

    /// An automatic backup named by time and reason in the book's backup
    /// folder; the oldest beyond the setting are removed.
    pub fn auto_backup(&self, reason: &str) -> Result<PathBuf, BookError> {
        let dir = backup_dir(self.path());
        std::fs::create_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
        restrict(&dir);
        let stamp = self.clock().now().format("%Y%m%d-%H%M%S");
        let mut dest = dir.join(format!("{stamp}-{reason}.ayni"));
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = dir.join(format!("{stamp}-{reason}-{n}.ayni"));
        }
        let out = self.backup_to(&dest)?;
        self.rotate_backups(&dir)?;
        Ok(out)
    }

    fn rotate_backups(&self, dir: &Path) -> Result<(), BookError> {
        let keep = self.backups_to_keep()? as usize;
        let all: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| write_err(dir, e))?
            .flatten()
            .map(|e| e.path())
            .collect();
        // A `.part` is a copy cut short by a killed program. Open read-write,
        // this book is ours alone (no other ayni can open it, not even to
        // read), so none is being written now; a read-only program leaves them.
        if !self.is_read_only() {
            for part in all
                .iter()
                .filter(|p| p.extension().is_some_and(|x| x == "part"))
            {
                let _ = std::fs::remove_file(part);
            }
        }
        let mut files: Vec<PathBuf> = all
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "ayni"))
            .collect();
        files.sort_by_key(|p| backup_order(p));
        while files.len() > keep {
            let old = files.remove(0);
            let _ = std::fs::remove_file(old);
        }
        Ok(())
    }

    /// The first open of a day takes a backup (best effort: a failure to copy
    /// never stops the treasurer from working; the error is returned to show).
    pub fn daily_backup(&mut self) -> Result<Option<PathBuf>, BookError> {
        if self.is_read_only() {
            return Ok(None);
        }
        let today = self.today().to_string();
        let last: Option<String> = self.store().read()?.meta_get("last_daily_backup")?;
        if last.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let p = self.auto_backup("diaria")?;
        let tx = self.store().write()?;
        tx.meta_put("last_daily_backup", &today)?;
        tx.commit()?;
        Ok(Some(p))
    }

    /// Every automatic backup of the book, oldest first.
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

/// Restores `backup` into `book` after checking it with the same checks as
/// `ayni check`; the replaced book is kept aside (`<book>.reemplazado-<time>`).
/// Returns where the replaced book went (if there was one).
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
                problem_es: format!("{}: {}", p.title(Lang::Es), p.detail_es),
                problem_en: format!("{}: {}", p.title(Lang::En), p.detail_en),
            }));
        }
    }
    let aside = if book.exists() {
        // Refused while another ayni holds the book; a damaged book is what a
        // restore is for, so any other failure to open it does not stop it.
        if let Err(e @ BookError::Store(crate::store::StoreError::Locked(_))) =
            Book::open_read_only(book)
        {
            return Err(e);
        }
        let stamp = crate::clock::stamp();
        let name = book
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Never over an earlier replaced book (two restores in one second).
        let mut aside = book.with_file_name(format!("{name}.reemplazado-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = book.with_file_name(format!("{name}.reemplazado-{stamp}-{n}"));
        }
        std::fs::rename(book, &aside).map_err(|e| write_err(&aside, e))?;
        Some(aside)
    } else {
        None
    };
    let tmp = book.with_extension("restaurando");
    let copied = std::fs::copy(backup, &tmp)
        .map_err(|e| write_err(&tmp, e))
        .and_then(|_| {
            restrict(&tmp);
            std::fs::rename(&tmp, book).map_err(|e| write_err(book, e))
        });
    if let Err(e) = copied {
        // The book goes back where it was: a failed restore changes nothing.
        let _ = std::fs::remove_file(&tmp);
        if let Some(a) = &aside {
            let _ = std::fs::rename(a, book);
        }
        return Err(e);
    }
    Ok(aside)
}
