//! What the books offer practice books (built by `crate::training`): a book
//! built beside its target and put in place only when complete, never over
//! a real book; the recipe text a practice book keeps of how it was built;
//! and the numbers the next entry and receipt will get.

use std::path::{Path, PathBuf};

use super::{Book, BookError};
use crate::store::{StoreError, StoreRead};

/// The meta key under which a practice book keeps its recipe (JSON text).
pub const RECIPE_KEY: &str = "practice_recipe";

/// The meta key under which a practice book built for a fixed date (`ayni
/// demo --date`) keeps that instant (`YYYY-MM-DDTHH:MM:SS`), so that `ayni
/// reset` rebuilds it for the same date whatever day it runs.
pub const DATE_KEY: &str = "practice_date";

/// What a practice book kept aside was: the learner's work before a reset
/// (`antes`), or a file that could not be opened (`danado`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aside {
    Before,
    Damaged,
}

impl Aside {
    fn tag(self) -> &'static str {
        match self {
            Aside::Before => "antes",
            Aside::Damaged => "danado",
        }
    }
}

/// The name a practice book at `path` is kept aside under at `stamp`
/// (`YYYYMMDD-HHMM`): `practica.antes-20261202-1015.ayni` beside
/// `practica.ayni`; `-2`, `-3`... when that name is taken.
pub fn aside_path(path: &Path, what: Aside, stamp: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "practica".into());
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let tag = what.tag();
    let mut aside = path.with_file_name(format!("{stem}.{tag}-{stamp}{ext}"));
    let mut n = 1;
    while std::fs::symlink_metadata(&aside).is_ok() {
        n += 1;
        aside = path.with_file_name(format!("{stem}.{tag}-{stamp}-{n}{ext}"));
    }
    aside
}

/// Whether `name` is a practice book's kept-aside copy (see [`aside_path`]).
pub fn is_aside_name(name: &str) -> bool {
    [Aside::Before, Aside::Damaged].iter().any(|a| {
        name.split('.').any(|part| {
            part.strip_prefix(a.tag())
                .is_some_and(|r| r.starts_with('-'))
        })
    })
}

/// Keeps the book at `path` aside as `aside` while it stays at its place
/// too: a hard link (the same file under a second name), or where the file
/// system has none, a copy. Never over an existing file.
pub fn keep_aside(path: &Path, aside: &Path) -> Result<(), BookError> {
    match std::fs::hard_link(path, aside) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists(aside.to_path_buf()).into())
        }
        Err(_) => super::backup::copy_file(path, aside).map(|_| ()),
    }
}

/// Moves a file that cannot be opened as a book from `path` to `aside`
/// (never over an existing file): the path is then free for a new practice
/// book, and nothing is deleted.
pub fn move_aside(path: &Path, aside: &Path) -> Result<(), BookError> {
    keep_aside(path, aside)?;
    std::fs::remove_file(path).map_err(|e| BookError::File(format!("{}: {e}", path.display())))
}

/// Builds a practice book at `path` with `build`, which writes a complete
/// book at the temporary path it is given. Refuses to replace anything but a
/// practice book (and anything at all without `force`): a real book, a
/// foreign file, a book open in another program or a read-only file is left
/// as it was. The book is built beside the target and renamed over it only
/// when complete: a failure or a kill half-way leaves any earlier practice
/// book as it was, and the temporary file is removed.
pub fn build_practice<T, E: From<BookError>>(
    path: &Path,
    force: bool,
    build: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<(Book, T), E> {
    if path.exists() {
        if !force {
            return Err(BookError::from(StoreError::AlreadyExists(path.to_path_buf())).into());
        }
        let practice = Book::open_read_only(path)
            .and_then(|b| b.settings())
            .map(|s| s.practice);
        match practice {
            Ok(true) => {}
            Err(e @ BookError::Store(StoreError::Locked(_))) => return Err(e.into()),
            _ => return Err(BookError::NotPractice(path.to_path_buf()).into()),
        }
        // A book made read-only is kept as it is, practice or not.
        if crate::store::is_read_only_file(path) {
            return Err(BookError::from(StoreError::ReadOnlyFile(path.to_path_buf())).into());
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "practica.ayni".into());
    // One temporary name per process: two programs building the same book
    // never write into, remove or rename each other's.
    let tmp = path.with_file_name(format!(".{name}.generando-{}", std::process::id()));
    remove_stale_temps(path, &name);
    let out = match build(&tmp) {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if let Err(e) = put_in_place(&tmp, path, force) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    let book = Book::open(path)?;
    Ok((book, out))
}

/// Moves the finished book to `path`. With `force` the rename replaces the
/// old practice book in one step; without it nothing may be there, not even
/// a book made by another program while this one was being built (a hard
/// link refuses atomically where a rename would replace it).
fn put_in_place(tmp: &Path, path: &Path, force: bool) -> Result<(), BookError> {
    let file_err = |e: std::io::Error| BookError::File(format!("{}: {e}", path.display()));
    if force {
        return std::fs::rename(tmp, path).map_err(file_err);
    }
    match std::fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists(path.to_path_buf()).into())
        }
        // File systems without hard links: check, then rename.
        Err(_) => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
            }
            std::fs::rename(tmp, path).map_err(file_err)
        }
    }
}

/// Removes the temporary books that killed runs left beside `path`
/// (`.<name>.generando-<process>`, or `.<name>.generando` of earlier
/// versions). One being built by a running ayni is held open by it, and left
/// alone.
fn remove_stale_temps(path: &Path, name: &str) {
    let prefix = format!(".{name}.generando");
    crate::files::remove_beside(path, |file, at| {
        let Some(rest) = file.strip_prefix(&prefix) else {
            return false;
        };
        let ours = rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        ours && !crate::store::held_open(at)
    });
}

impl Book {
    /// The recipe text this book keeps under [`RECIPE_KEY`] (`None` for a
    /// real book, or a practice book built before recipes were kept). What
    /// it means is training's business; the books only keep it.
    pub fn practice_recipe_text(&self) -> Result<Option<String>, BookError> {
        Ok(self.store().read()?.meta_get(RECIPE_KEY)?)
    }

    /// Keeps `text` as this book's recipe (under [`RECIPE_KEY`]), in one
    /// transaction; it replaces any recipe kept before. A book whose clock
    /// is fixed (built for a given date: `ayni demo --date`) keeps that
    /// instant with it (under [`DATE_KEY`]), so `ayni reset` rebuilds it
    /// for the same date.
    pub fn set_practice_recipe_text(&mut self, text: &str) -> Result<(), BookError> {
        let tx = self.store().write()?;
        tx.meta_put(RECIPE_KEY, &text)?;
        if let super::Clock::Fixed(at) = self.clock() {
            tx.meta_put(DATE_KEY, &at.format("%Y-%m-%dT%H:%M:%S").to_string())?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The instant this practice book was built for, when it was built for
    /// a fixed date (see [`DATE_KEY`]).
    pub fn practice_date(&self) -> Result<Option<chrono::NaiveDateTime>, BookError> {
        let text: Option<String> = self.store().read()?.meta_get(DATE_KEY)?;
        Ok(text.and_then(|t| crate::clock::parse(&t)))
    }

    /// The id the next entry will get, and the number of the next receipt.
    pub fn next_ids(&self) -> Result<(u64, u64), BookError> {
        let tx = self.store().read()?;
        Ok((
            tx.meta_get("next_entry_id")?.unwrap_or(1),
            tx.meta_get("next_receipt")?.unwrap_or(1),
        ))
    }
}
