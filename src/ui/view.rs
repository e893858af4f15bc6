//! The second window for the projector (see [`crate::books::view`]).
//!
//! The interface that holds a book publishes its view beside it
//! ([`Publisher`]): once at open, then after the book changed, at most every
//! [`EVERY`], copied on a thread of its own from a read transaction; the
//! view is removed when the interface closes. An interface opened on a book
//! another window holds shows that view, read-only ([`Viewer`]), and reads
//! it again when it changes.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::books::Book;
use crate::books::view::{open_view, remove_view, view_path};
use crate::i18n::{Lang, Msg};

/// The least time between two views published.
pub const EVERY: Duration = Duration::from_secs(2);

/// How often a window showing a view looks whether it changed.
const LOOK: Duration = Duration::from_millis(500);

/// What a file's metadata says of its last change.
type Stamp = (u64, Option<SystemTime>);

fn stamp(p: &Path) -> Option<Stamp> {
    std::fs::metadata(p)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// Publishes the view of the book an interface holds.
#[derive(Debug, Default)]
pub struct Publisher {
    /// The book whose view was last published.
    published: Option<PathBuf>,
    /// The book file as it was when its view was last taken.
    seen: Option<Stamp>,
    last: Option<Instant>,
    worker: Option<JoinHandle<()>>,
}

impl Publisher {
    /// Called on every turn of the interface's loop: publishes the view
    /// when the book changed since the last one and [`EVERY`] has passed,
    /// and the last one is written. Takes an instant on this thread (a read
    /// transaction begins); the copy is made on another.
    pub fn tick(&mut self, book: Option<&Book>) {
        let Some(book) = book else {
            return;
        };
        if book.is_read_only() {
            return;
        }
        if self.worker.as_ref().is_some_and(|w| !w.is_finished()) {
            return;
        }
        self.wait();
        let path = book.path().to_path_buf();
        let same_book = self.published.as_deref() == Some(path.as_path());
        if same_book && self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        // The file's stamp first: a commit after it is seen next time.
        let now = stamp(&path);
        if same_book && now.is_some() && now == self.seen {
            return;
        }
        let Ok(source) = book.view_source() else {
            return;
        };
        if let Some(old) = self.published.take().filter(|p| *p != path) {
            remove_view(&old);
        }
        self.seen = now;
        self.last = Some(Instant::now());
        self.published = Some(path.clone());
        // Best effort: a view that cannot be written is simply not there.
        self.worker = Some(std::thread::spawn(move || {
            let _ = source.publish(&path);
        }));
    }

    /// Waits for the view being written, if one is (before the book is
    /// closed: the copy holds the book's file open).
    pub fn wait(&mut self) {
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }

    /// The interface closes: the view goes.
    pub fn finish(&mut self) {
        self.wait();
        if let Some(p) = self.published.take() {
            remove_view(&p);
        }
    }
}

/// An interface showing the view of a book another window holds.
#[derive(Debug)]
pub struct Viewer {
    book: PathBuf,
    seen: Option<Stamp>,
    looked: Instant,
    /// The other window closed the book: said once.
    gone: bool,
}

/// "VISTA 10:42": the header's mark of a view.
pub fn mark(lang: Lang, taken: chrono::NaiveDateTime) -> String {
    Msg::UiViewMark.fill(lang, &[("time", &taken.format("%H:%M"))])
}

/// The status line's words when a view is shown.
pub fn notice(lang: Lang, taken: chrono::NaiveDateTime) -> String {
    Msg::UiViewNotice.fill(lang, &[("time", &taken.format("%H:%M"))])
}

impl Viewer {
    pub fn new(book: &Path) -> Viewer {
        Viewer {
            book: book.to_path_buf(),
            seen: stamp(&view_path(book)),
            looked: Instant::now(),
            gone: false,
        }
    }

    /// Called on every turn of the loop: when the view changed, the newer
    /// one (its book and when it was taken); when the other window closed
    /// the book, the words to say so (once).
    pub fn tick(&mut self, lang: Lang) -> Option<Refresh> {
        if self.gone || self.looked.elapsed() < LOOK {
            return None;
        }
        self.looked = Instant::now();
        let now = stamp(&view_path(&self.book));
        if now == self.seen {
            return None;
        }
        match open_view(&self.book) {
            Ok(Some(v)) => {
                self.seen = now;
                Some(Refresh::View(v.book, v.taken_at))
            }
            Ok(None) if now.is_none() || !crate::books::view::book_held_open(&self.book) => {
                self.gone = true;
                Some(Refresh::Gone(Msg::UiViewGone.t(lang).to_string()))
            }
            // Being replaced, or not whole: looked at again next time.
            _ => None,
        }
    }
}

/// What a window showing a view is told.
pub enum Refresh {
    View(Book, chrono::NaiveDateTime),
    Gone(String),
}
