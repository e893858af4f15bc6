//! The command line's progress bar on long work ([`crate::domain::progress`]):
//! drawn by indicatif on standard error, only when standard error is a
//! terminal, and only once the work has run for a moment (a quick command
//! shows nothing). Taken away when the work ends, before its result is
//! printed. A pipe, a file or a test gets nothing from it.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::domain::progress::Progress;
use crate::i18n::{Lang, Msg};

/// How long work runs before its bar is shown ([`AFTER_ENV`] changes it).
const AFTER: Duration = Duration::from_millis(400);

/// The milliseconds before a bar is shown, for the tests of the bar itself.
pub const AFTER_ENV: &str = "AYNI_PROGRESS_AFTER_MS";

struct Bar {
    bar: ProgressBar,
    lang: Lang,
    started: Instant,
    after: Duration,
    shown: bool,
}

impl Bar {
    fn new(lang: Lang, ascii: bool) -> Bar {
        let chars = if ascii { "#>-" } else { "█▓░" };
        let style = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {eta}")
            .map(|s| s.progress_chars(chars))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = ProgressBar::hidden();
        bar.set_style(style);
        let after = std::env::var(AFTER_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(AFTER, Duration::from_millis);
        Bar {
            bar,
            lang,
            started: Instant::now(),
            after,
            shown: false,
        }
    }
}

impl Progress for Bar {
    fn begin(&mut self, what: Msg, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(what.t(self.lang));
        self.bar.reset_eta();
    }

    fn advance(&mut self, n: u64) {
        self.bar.inc(n);
        if !self.shown && self.started.elapsed() >= self.after {
            self.shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn end(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Runs `work` with a bar on standard error when it is a terminal.
pub fn shown<T>(lang: Lang, ascii: bool, work: impl FnOnce() -> T) -> T {
    if std::io::stderr().is_terminal() {
        crate::domain::progress::shown_by(Box::new(Bar::new(lang, ascii)), work)
    } else {
        work()
    }
}
