//! The read-only view of a book open in another window.
//!
//! The storage engine lets one program hold a book; a second program (a
//! report for the projector while the interface is open) cannot open it,
//! not even to read. So the interface that holds the book publishes a view
//! beside it: a whole copy (`.<name>.vista`) made from a read transaction,
//! record by record, on another thread, written to a temporary file and
//! renamed over the previous view in one step; it is removed when the
//! interface closes. The writer never waits for it.
//!
//! A second program that finds the book held uses the view, read-only, and
//! says from when it is. A view is used only while the book is held by the
//! program that wrote it (a view left by a program that is gone is stale,
//! and never read); a view that does not open whole is refused like any
//! damaged book.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{Book, BookError};
use crate::store::copy::Snapshot;
use crate::store::{StoreError, StoreRead};

/// The meta key of a view: when it was taken (`YYYY-MM-DDTHH:MM:SS`, the program's clock).
pub const VIEW_TAKEN_KEY: &str = "view_taken_at";
/// The meta key of a view: the process id of the program that holds the book.
pub const VIEW_WRITER_KEY: &str = "view_writer";

/// The view of the book at `book`: `.<name>.vista` beside it.
pub fn view_path(book: &Path) -> PathBuf {
    let name = book
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    book.with_file_name(format!(".{name}.vista"))
}

/// Removes the view of `book` (when the window that held it closes).
pub fn remove_view(book: &Path) {
    let _ = std::fs::remove_file(view_path(book));
}

/// A book as it was at one moment, to be published as its view.
pub struct ViewSource {
    snapshot: Snapshot,
    taken_at: NaiveDateTime,
}

// The snapshot is written on another thread than the one that took it.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<ViewSource>();
};

impl Book {
    /// The book as it is now, to publish as its view ([`ViewSource::publish`]):
    /// a read transaction, taken in an instant; the book goes on being
    /// written meanwhile.
    pub fn view_source(&self) -> Result<ViewSource, BookError> {
        Ok(ViewSource {
            snapshot: self.store().snapshot()?,
            taken_at: crate::clock::now(),
        })
    }
}

impl ViewSource {
    /// Writes the view of the book at `book` (see [`view_path`]), marked with
    /// when it was taken and this program's process id.
    pub fn publish(self, book: &Path) -> Result<PathBuf, BookError> {
        let dest = view_path(book);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!("{name}.part-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let marks = [
            (
                VIEW_TAKEN_KEY,
                self.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            ),
            (VIEW_WRITER_KEY, std::process::id().to_string()),
        ];
        Ok(self.snapshot.write_to(&dest, &tmp, &marks)?)
    }
}

/// A view opened to read, and when it was taken.
pub struct View {
    pub book: Book,
    pub taken_at: NaiveDateTime,
}

/// Whether the process `pid` is running (where the system says; elsewhere
/// assumed so, the book being held).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Opens the view of the book at `book`, read-only, when another program
/// holds the book and that program wrote the view. `None` when there is no
/// view to use (the book is not held, there is no view, or it is stale); a
/// view that does not open whole is refused with the store's error.
pub fn open_view(book: &Path) -> Result<Option<View>, BookError> {
    let path = view_path(book);
    if !path.is_file() || !crate::store::held_open(book) {
        return Ok(None);
    }
    let view = Book::open_read_only(&path)?;
    let (taken, writer) = {
        let tx = view.store().read()?;
        let taken: Option<String> = tx.meta_get(VIEW_TAKEN_KEY)?;
        let writer: Option<String> = tx.meta_get(VIEW_WRITER_KEY)?;
        (taken, writer)
    };
    let (Some(taken), Some(writer)) = (taken, writer) else {
        return Err(StoreError::Damaged(path, "not a view".into()).into());
    };
    let taken_at = crate::clock::parse(&taken)
        .ok_or_else(|| StoreError::Damaged(path.clone(), "no time".into()))?;
    let pid: u32 = writer
        .parse()
        .map_err(|_| StoreError::Damaged(path.clone(), "no writer".into()))?;
    if !running(pid) {
        return Ok(None);
    }
    Ok(Some(View {
        book: view,
        taken_at,
    }))
}

/// Whether a program holds the book at `path` open to write it (probed
/// read-only: nothing is written).
pub fn book_held_open(path: &std::path::Path) -> bool {
    crate::store::held_open(path)
}
