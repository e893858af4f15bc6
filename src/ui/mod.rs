//! The interactive program (ratatui + crossterm). `run` always gives the
//! terminal back: on quit, on error, on Ctrl-C, and on a panic.

pub mod app;
pub mod density;
pub mod gauge;
pub mod keymap;
pub mod network;
pub mod screen;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::books::{Book, BookError};
use crate::i18n::Lang;
use crate::ui::theme::Theme;
pub use app::{App, Tab};

/// How the program starts.
#[derive(Clone, Debug)]
pub struct Options {
    pub book: PathBuf,
    pub lang: Lang,
    pub theme: String,
    pub config_dir: Option<PathBuf>,
    pub teach: bool,
    /// Roomy or compact (`--layout`, else the configuration file).
    pub layout: crate::ui::density::Density,
    /// Draw with ASCII only (an old console, `--ascii`).
    pub ascii: bool,
}

/// Why the program could not run.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Book(#[from] BookError),
    #[error("terminal error: {0}")]
    Terminal(#[from] io::Error),
}

impl UiError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            UiError::Book(e) => e.message(lang),
            UiError::Terminal(e) => crate::i18n::Msg::UiTerminalError.fill(lang, &[("error", e)]),
        }
    }
}

/// The watcher of [`run`]: see the comment where it starts.
#[cfg(unix)]
fn watch_the_terminal(
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    finished: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use std::sync::atomic::Ordering::Relaxed;
    let tty_alive = || std::fs::File::open("/dev/tty").is_ok();
    // Without a controlling terminal at the start there is nothing to watch
    // for; signals are still watched.
    let had_tty = tty_alive();
    std::thread::spawn(move || {
        let mut asked: Option<std::time::Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if finished.load(Relaxed) {
                return;
            }
            if had_tty && !tty_alive() {
                stop.store(true, Relaxed);
            }
            if stop.load(Relaxed) {
                let since = *asked.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() >= Duration::from_secs(2) && !finished.load(Relaxed) {
                    restore_terminal();
                    std::process::exit(0);
                }
            }
        }
    });
}

/// Windows: Ctrl-C, Ctrl-Break and closing the console window (or logging
/// off, shutting down) end the interface like `q`. Windows ends the program
/// as soon as the handler returns from a close, so the handler waits (at
/// most two seconds) for the loop to give the console back.
#[cfg(windows)]
#[allow(
    unsafe_code,
    reason = "the console's handler is registered through its API"
)]
mod console_close {
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    use std::time::Duration;
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, SetConsoleCtrlHandler,
    };

    /// Asked to stop (read by the loop with its own flag).
    pub(super) static STOP: AtomicBool = AtomicBool::new(false);
    /// The loop has ended and the console is given back.
    pub(super) static FINISHED: AtomicBool = AtomicBool::new(false);

    unsafe extern "system" fn handler(kind: u32) -> windows_sys::core::BOOL {
        STOP.store(true, Relaxed);
        if kind != CTRL_C_EVENT && kind != CTRL_BREAK_EVENT {
            for _ in 0..20 {
                if FINISHED.load(Relaxed) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        1
    }

    pub(super) fn watch() {
        // SAFETY: registers a handler that only touches atomics and sleeps;
        // a failure leaves Windows' own handling.
        let _ = unsafe { SetConsoleCtrlHandler(Some(handler), 1) };
    }
}

fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), crossterm::event::DisableBracketedPaste);
    let _ = execute!(io::stdout(), LeaveAlternateScreen, crossterm::cursor::Show);
}

/// Opens the book (or the welcome screen when there is none) and runs until the user quits.
pub fn run(opts: Options) -> Result<(), UiError> {
    // A book another window holds is shown from its view, read-only.
    let mut viewer: Option<view::Viewer> = None;
    let mut taken = None;
    let book = if opts.book.exists() {
        match Book::open(&opts.book) {
            Ok(mut b) => {
                // The first open of a day keeps a copy (best effort).
                let _ = b.daily_backup();
                Some(b)
            }
            Err(e @ BookError::Store(crate::books::StoreError::Locked(_))) => {
                match crate::books::view::open_view(&opts.book) {
                    Ok(Some(v)) => {
                        viewer = Some(view::Viewer::new(&opts.book));
                        taken = Some(v.taken_at);
                        Some(v.book)
                    }
                    _ => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let (theme, warning) = Theme::load_or_default(Some(&opts.theme), opts.config_dir.as_deref());
    let mut app = App::new(book, opts.book.clone(), opts.lang, theme);
    app.set_teach(opts.teach);
    app.density = opts.layout;
    app.ascii = opts.ascii;
    app.config_dir = opts.config_dir.clone();
    if let Some(w) = warning {
        app.status = Some((w.message(opts.lang), true));
    }
    if let Some(t) = taken {
        app.viewing = Some(view::mark(opts.lang, t));
        app.status = Some((view::notice(opts.lang, t), false));
    }

    let guard = TerminalGuard::begin()?;
    let stop = guard.stop.clone();
    let mut stdout = io::stdout();
    // A paste arrives as one event, into the focused field (not as keys, where
    // a line break would be Enter). Best effort: the legacy Windows console
    // has no bracketed paste, and there a paste still arrives as keys.
    let _ = execute!(stdout, crossterm::event::EnableBracketedPaste);
    let result = (|| -> Result<(), UiError> {
        // Shared with the gauge of long work, which draws while a key's
        // operation runs (see [`gauge`]), over the last screen drawn.
        let terminal = std::rc::Rc::new(std::cell::RefCell::new(Terminal::new(
            CrosstermBackend::new(io::stdout()),
        )?));
        let last = std::rc::Rc::new(std::cell::RefCell::new(ratatui::buffer::Buffer::default()));
        let gauge = gauge::Gauge::new(
            terminal.clone(),
            last.clone(),
            app.theme.clone(),
            app.lang,
            app.ascii,
            gauge::AFTER,
            gauge::EVERY,
        );
        crate::domain::progress::shown_by(Box::new(gauge), || {
            run_loop(&mut app, &terminal, &last, &mut viewer, &stop)
        })
    })();
    guard.end(|| app.publisher.finish());
    result
}

type PanicHook = std::sync::Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send>;

/// The terminal taken for a screen and given back whatever happens: a panic
/// (the hook gives it back before anything is printed), SIGTERM, SIGHUP or
/// SIGINT (`stop` is set; the loop ends like `q`), the terminal gone, the
/// Windows console closed.
pub(crate) struct TerminalGuard {
    previous: PanicHook,
    /// Asked to stop: the loop reads it once a poll.
    pub(crate) stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    finished: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl TerminalGuard {
    /// Raw mode and the alternate screen, with the hooks that give them back.
    pub(crate) fn begin() -> Result<TerminalGuard, UiError> {
        let previous: PanicHook = std::panic::take_hook().into();
        let chained = previous.clone();
        std::panic::set_hook(Box::new(move |info| {
            // A damaged page caught by the store: the interface goes on (and shows it).
            if !crate::books::panic_is_guarded() {
                restore_terminal();
            }
            chained(info);
        }));
        // SIGTERM, SIGHUP (the terminal window closed) and SIGINT end the program
        // like `q`: the loop sees the flag within one poll and gives the terminal back.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            // Registration only fails for forbidden signals, which these are not;
            // without it the program still works, it just isn't told.
            let _ = signal_hook::flag::register(sig, stop.clone());
        }
        // crossterm's event reader spins for ever, without returning to the loop,
        // on a terminal that has gone away (a read gives 0 bytes again and again:
        // crossterm-rs/crossterm#793), so the loop would never see the signal and
        // the program would burn a core. A watcher ends it then: once a signal
        // asked to stop, or the terminal is gone (`/dev/tty` no longer opens),
        // and the loop has not ended within two seconds, it gives the terminal
        // back and exits. Every operation is one transaction, so this loses no
        // more than a window closed in the middle of a form.
        let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        #[cfg(unix)]
        watch_the_terminal(stop.clone(), finished.clone());
        #[cfg(windows)]
        console_close::watch();
        let guard = TerminalGuard {
            previous,
            stop,
            finished,
        };
        let taken = enable_raw_mode().and_then(|()| execute!(io::stdout(), EnterAlternateScreen));
        match taken {
            Ok(()) => Ok(guard),
            Err(e) => {
                guard.end(|| {});
                Err(e.into())
            }
        }
    }

    /// Whether the loop is asked to stop (a signal, the console closed).
    pub(crate) fn stopping(&self) -> bool {
        #[cfg(windows)]
        if console_close::STOP.load(std::sync::atomic::Ordering::Relaxed) {
            return true;
        }
        self.stop.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Gives the terminal back (after `last`, the screen's own ending) and
    /// the panic hook that was there before.
    pub(crate) fn end(self, last: impl FnOnce()) {
        self.finished
            .store(true, std::sync::atomic::Ordering::Relaxed);
        last();
        restore_terminal();
        #[cfg(windows)]
        console_close::FINISHED.store(true, std::sync::atomic::Ordering::Relaxed);
        let previous = self.previous;
        std::panic::set_hook(Box::new(move |info| previous(info)));
    }
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Draws and reads keys until the user quits (or a signal asks to stop).
fn run_loop(
    app: &mut App,
    terminal: &std::cell::RefCell<Term>,
    last: &std::cell::RefCell<ratatui::buffer::Buffer>,
    viewer: &mut Option<view::Viewer>,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<(), UiError> {
    // A plain clear: `Terminal::clear` asks the terminal where the cursor
    // is, which some terminals (and pseudo-terminals) never answer.
    execute!(
        io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    while !app.quit {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        #[cfg(windows)]
        if console_close::STOP.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        // The view: published by the window that holds the book, read
        // again by one that shows it.
        match viewer.as_mut() {
            Some(v) => match v.tick(app.lang) {
                Some(view::Refresh::View(b, t)) => {
                    app.book = Some(b);
                    app.reload();
                    app.viewing = Some(view::mark(app.lang, t));
                    app.status = Some((view::notice(app.lang, t), false));
                }
                Some(view::Refresh::Gone(text)) => app.status = Some((text, true)),
                None => {}
            },
            None => app.publisher.tick(app.book.as_ref()),
        }
        // Drawing reads the app; the size it drew in is then told to it.
        let drawn = {
            let mut t = terminal.borrow_mut();
            let frame = t.draw(|f| screens::render(app, f))?;
            last.borrow_mut().clone_from(frame.buffer);
            frame.area
        };
        app.resize(drawn.width, drawn.height);
        if !event::poll(Duration::from_millis(100))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind == KeyEventKind::Press => {
                if keymap::interrupts(&k) {
                    app.quit = true;
                    continue;
                }
                app.status = None;
                // Debug builds only: lets the tests prove the terminal is
                // given back after a panic inside the interface.
                #[cfg(debug_assertions)]
                #[allow(
                    clippy::panic,
                    reason = "debug builds only: the tests' deliberate panic"
                )]
                if k.code == crossterm::event::KeyCode::F(12)
                    && std::env::var_os("AYNI_DEBUG_PANIC_KEY").is_some()
                {
                    panic!("AYNI_DEBUG_PANIC_KEY");
                }
                app.on_key(k);
            }
            Event::Paste(text) => {
                app.status = None;
                app.on_paste(text);
            }
            Event::Resize(w, h) => {
                terminal.borrow_mut().autoresize()?;
                app.resize(w, h);
            }
            _ => {}
        }
    }
    Ok(())
}
