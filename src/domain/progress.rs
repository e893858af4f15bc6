//! How far long work has gone (checking the books, every member's
//! statement, an import, a large export, a practice book), told to whoever
//! shows it: a bar on the command line's terminal, a gauge in the interface,
//! nobody at all when the output is not a terminal (and in the tests).
//!
//! The work says [`begin`] and [`advance`]; the front end that shows it puts
//! a [`Progress`] in place with [`shown_by`] for as long as the work runs, on
//! the thread that runs it. What is shown never changes what is done.

use std::cell::RefCell;

use crate::i18n::Msg;

/// What shows the progress of long work.
pub trait Progress {
    /// A stage begins: what it is, in the user's words, and how many steps
    /// it has (0 when that is not known).
    fn begin(&mut self, what: Msg, total: u64);
    /// `n` more steps of the stage are done.
    fn advance(&mut self, n: u64);
    /// The work is over: whatever was shown is taken away.
    fn end(&mut self);
}

thread_local! {
    static SHOWN_BY: RefCell<Option<Box<dyn Progress>>> = const { RefCell::new(None) };
}

/// A stage of long work begins (see [`Progress::begin`]).
pub fn begin(what: Msg, total: u64) {
    with(|p| p.begin(what, total));
}

/// `n` more steps of the stage are done.
pub fn advance(n: u64) {
    with(|p| p.advance(n));
}

fn with(f: impl FnOnce(&mut dyn Progress)) {
    SHOWN_BY.with(|s| {
        // A progress that reports inside its own report is not told twice.
        if let Ok(mut s) = s.try_borrow_mut()
            && let Some(p) = s.as_mut()
        {
            f(p.as_mut());
        }
    });
}

/// Runs `work` with `shown_by` told its progress, then ends it (whatever
/// `work` returns); the one shown before is put back after.
pub fn shown_by<T>(shown_by: Box<dyn Progress>, work: impl FnOnce() -> T) -> T {
    let before = SHOWN_BY.with(|s| s.replace(Some(shown_by)));
    struct Restore(Option<Option<Box<dyn Progress>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take().flatten();
            SHOWN_BY.with(|s| {
                if let Some(mut p) = s.replace(before) {
                    p.end();
                }
            });
        }
    }
    let _restore = Restore(Some(before));
    work()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[derive(Default)]
    struct Seen(Rc<RefCell<Vec<String>>>);
    impl Progress for Seen {
        fn begin(&mut self, what: Msg, total: u64) {
            self.0.borrow_mut().push(format!("{what:?} {total}"));
        }
        fn advance(&mut self, n: u64) {
            self.0.borrow_mut().push(format!("+{n}"));
        }
        fn end(&mut self) {
            self.0.borrow_mut().push("end".into());
        }
    }

    #[test]
    fn the_work_tells_whoever_shows_it_and_nobody_after() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let got = shown_by(Box::new(Seen(log.clone())), || {
            begin(Msg::ProgressCheck, 2);
            advance(1);
            advance(1);
            7
        });
        assert_eq!(got, 7);
        advance(1);
        assert_eq!(*log.borrow(), ["ProgressCheck 2", "+1", "+1", "end"]);
    }

    #[test]
    fn without_anyone_to_show_it_nothing_happens() {
        begin(Msg::ProgressCheck, 10);
        advance(3);
    }
}
