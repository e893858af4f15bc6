//! The terminal is always given back: the interface is run in a real
//! pseudo-terminal (util-linux `script`) and ended by SIGTERM, by SIGHUP, by
//! a panic, and by `q`; each time the output ends by leaving the alternate
//! screen, and a panic shows one sentence, never a backtrace.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";

fn practice_book(dir: &Path) -> std::path::PathBuf {
    let book = dir.join("terminal-prueba.ayni");
    let out = Command::new(env!("CARGO_BIN_EXE_ayni"))
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .args(["--lang", "es", "--book"])
        .arg(&book)
        .args(["demo", "--members", "8", "--months", "2"])
        .output()
        .expect("demo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    book
}

/// The interface running inside a pseudo-terminal, with what it has written
/// so far (read by a thread as it comes, so a test waits on what it sees).
struct Pty {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Pty {
    /// What the terminal has received so far.
    fn output(&self) -> String {
        let b = self.out.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&b).into_owned()
    }

    /// Waits until the terminal has received `needle` (at most 30 s).
    fn wait_for(&self, needle: &str) {
        let t = Instant::now();
        while !self.output().contains(needle) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "the terminal never showed {needle:?}:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types on the terminal's keyboard.
    fn type_keys(&mut self, keys: &[u8]) {
        if let Some(i) = self.child.stdin.as_mut() {
            i.write_all(keys).expect("type");
            i.flush().expect("flush");
        }
    }

    /// Waits for the end; returns everything the terminal received and the exit code.
    fn finish(mut self) -> (String, Option<i32>) {
        let t = Instant::now();
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            if t.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!("ayni did not end:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let code = self.child.wait().ok().and_then(|s| s.code());
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (self.output(), code)
    }
}

/// Starts ayni on the book inside a pseudo-terminal of 80x24.
fn start(book: &Path, extra_env: &[(&str, &str)]) -> Pty {
    start_sized(book, extra_env, 80, 24)
}

fn start_sized(book: &Path, extra_env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
    start_with(book, extra_env, &format!("stty cols {cols} rows {rows}"))
}

/// Starts ayni inside a pseudo-terminal after the shell line `setup`.
fn start_with(book: &Path, extra_env: &[(&str, &str)], setup: &str) -> Pty {
    let cmd = format!(
        "{setup}\nexec '{}' --lang es --book '{}'",
        env!("CARGO_BIN_EXE_ayni"),
        book.display()
    );
    let mut c = Command::new("script");
    c.args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("TERM", "xterm-256color")
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .env_remove("AYNI_BOOK");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let mut child = c
        .spawn()
        .expect("util-linux script is installed (bsdutils)");
    let out = Arc::new(Mutex::new(Vec::new()));
    let reader = child.stdout.take().map(|mut o| {
        let out = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = o.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut b) = out.lock() {
                    b.extend_from_slice(&buf[..n]);
                }
            }
        })
    });
    Pty { child, out, reader }
}

/// The pid of the ayni process running on `book` (found in /proc).
fn ayni_pid(book: &Path) -> Option<i32> {
    let want = book.display().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().is_some_and(|a| a.ends_with("/ayni")) && args.contains(&want) {
            return Some(pid);
        }
    }
    None
}

/// Waits until the interface has drawn `seen` (so it is in raw mode and
/// reading keys) and returns its pid.
fn wait_started(pty: &Pty, book: &Path, seen: &str) -> i32 {
    pty.wait_for(seen);
    ayni_pid(book).unwrap_or_else(|| panic!("no ayni process on {}", book.display()))
}

fn signal(pid: i32, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(ok.success());
}

fn assert_given_back(out: &str) {
    let enter = out
        .find(ENTER_ALT)
        .expect("the interface entered the alternate screen");
    let leave = out.rfind(LEAVE_ALT).expect("the alternate screen was left");
    assert!(leave > enter);
    assert!(!out.contains("panicked at"), "{out}");
    assert!(!out.contains("RUST_BACKTRACE"), "{out}");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let pty = start(&book, &[]);
    let pid = wait_started(&pty, &book, "Panel");
    signal(pid, "TERM");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0), "a clean exit");
    // The book is closed properly: it opens again at once.
    ayni::books::Book::open(&book).expect("the book opens after SIGTERM");
}

#[test]
fn sighup_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let pty = start(&book, &[]);
    let pid = wait_started(&pty, &book, "Panel");
    signal(pid, "HUP");
    let (out, _) = pty.finish();
    assert_given_back(&out);
    ayni::books::Book::open(&book).expect("the book opens after SIGHUP");
}

#[test]
fn quitting_with_q_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start(&book, &[]);
    wait_started(&pty, &book, "Panel");
    pty.type_keys(b"q");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0));
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_gives_the_terminal_back_and_one_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start(&book, &[("AYNI_DEBUG_PANIC_KEY", "1")]);
    wait_started(&pty, &book, "Panel");
    // F12 in xterm.
    pty.type_keys(b"\x1b[24~");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(3), "an internal error exits with 3");
    let after = &out[out.rfind(LEAVE_ALT).unwrap_or(0)..];
    assert!(after.contains("error interno"), "{after}");
    ayni::books::Book::open(&book).expect("the book opens after the panic");
}

#[test]
fn a_terminal_of_20x5_is_told_to_grow_and_given_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start_sized(&book, &[], 20, 5);
    // The window is too small, it says.
    wait_started(&pty, &book, "peque");
    pty.type_keys(b"q");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0));
}

#[test]
fn ctrl_c_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start(&book, &[]);
    wait_started(&pty, &book, "Panel");
    // In raw mode Ctrl-C arrives as a key, not as SIGINT.
    pty.type_keys(b"\x03");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0));
    ayni::books::Book::open(&book).expect("the book opens after Ctrl-C");
}

#[test]
fn a_resize_to_20x5_while_running_is_told_and_given_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    // The window shrinks to 20x5 when the test says so (a file appears), once
    // the full screen has been drawn; the kernel sends SIGWINCH to the
    // program when the pty's size changes.
    let go = dir.path().join("encoger");
    let mut pty = start_with(
        &book,
        &[],
        &format!(
            "stty cols 80 rows 24; (while [ ! -e '{}' ]; do sleep 0.02; done; stty cols 20 rows 5 </dev/tty) &",
            go.display()
        ),
    );
    wait_started(&pty, &book, "Panel");
    std::fs::write(&go, b"").expect("the signal file");
    // After the resize the window is too small, it says.
    pty.wait_for("peque");
    pty.type_keys(b"q");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0));
}

#[test]
fn a_terminal_that_goes_away_ends_the_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start(&book, &[]);
    let pid = wait_started(&pty, &book, "Panel");
    // The terminal emulator dies (tmux killed, an ssh link dropped): the
    // pseudo-terminal's master end closes under the program.
    let _ = pty.child.kill();
    let _ = pty.child.wait();
    let t = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let alive = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false);
    assert!(
        !alive,
        "ayni ({pid}) still runs 10 s after its terminal went away"
    );
    ayni::books::Book::open(&book).expect("the book opens afterwards");
}

/// A locale that is not UTF-8 (an old console): the interface draws its
/// lines and marks in ASCII, by itself, and still shows the Spanish letters.
#[test]
fn a_console_that_is_not_utf8_is_drawn_in_ascii() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut pty = start(&book, &[("LC_ALL", "es_EC.ISO-8859-1")]);
    wait_started(&pty, &book, "Panel");
    pty.type_keys(b"q");
    let (out, code) = pty.finish();
    assert_given_back(&out);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("----") && out.contains('+') && out.contains('|'),
        "the panels' lines in ASCII:\n{out}"
    );
    for c in ['─', '│', '┌', '✓', '▸', '█'] {
        assert!(!out.contains(c), "{c} drawn on an old console:\n{out}");
    }
    assert!(out.contains("PRÁCTICA"), "{out}");
}

/// `--ascii` on the command line: the console is told `[ok]`, a pipe or a
/// file gets the text as it is.
#[test]
fn ascii_marks_go_to_the_console_and_not_to_a_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let cmd = format!(
        "exec '{}' --lang es --ascii --book '{}' check",
        env!("CARGO_BIN_EXE_ayni"),
        book.display()
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .stdin(Stdio::null())
        .output()
        .expect("util-linux script is installed (bsdutils)");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("[ok] "), "{shown}");
    assert!(!shown.contains('✓'), "{shown}");
    let piped = Command::new(env!("CARGO_BIN_EXE_ayni"))
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .args(["--lang", "es", "--ascii", "--book"])
        .arg(&book)
        .arg("check")
        .output()
        .expect("check runs");
    let text = String::from_utf8_lossy(&piped.stdout);
    assert!(piped.status.success(), "{text}");
    assert!(text.contains("✓ "), "{text}");
}

/// Long work shows its progress on a terminal, and writes nothing of it to
/// a pipe: the same demo, the bar asked for from the first step.
#[test]
fn progress_is_shown_on_a_terminal_and_nothing_when_output_is_not_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shown_book = dir.path().join("en-terminal.ayni");
    let cmd = format!(
        "exec '{}' --lang es --book '{}' demo --members 6 --months 3",
        env!("CARGO_BIN_EXE_ayni"),
        shown_book.display()
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .env(ayni::cli::progress::AFTER_ENV, "0")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux script is installed (bsdutils)");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("Creando los meses del libro de práctica"),
        "{shown}"
    );

    let piped_book = dir.path().join("en-tubo.ayni");
    let piped = Command::new(env!("CARGO_BIN_EXE_ayni"))
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .env(ayni::cli::progress::AFTER_ENV, "0")
        .args(["--lang", "es", "--book"])
        .arg(&piped_book)
        .args(["demo", "--members", "6", "--months", "3"])
        .output()
        .expect("demo runs");
    assert!(piped.status.success());
    assert!(
        piped.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let text = String::from_utf8_lossy(&piped.stdout);
    assert!(!text.contains("Creando los meses"), "{text}");
    assert!(!text.contains('\r'), "{text:?}");
    // What is shown never changes what is done: the two books are the same.
    let journal = |book: &Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_ayni"))
            .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
            .args(["--lang", "es", "--book"])
            .arg(book)
            .args(["export", "journal"])
            .output()
            .expect("export runs");
        assert!(o.status.success());
        o.stdout
    };
    assert_eq!(journal(&shown_book), journal(&piped_book));
}
