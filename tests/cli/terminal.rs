//! The terminal is always given back: the interface is run in a real
//! pseudo-terminal (util-linux `script`) and ended by SIGTERM, by SIGHUP, by
//! a panic, and by `q`; each time the output ends by leaving the alternate
//! screen, and a panic shows one sentence, never a backtrace.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";

fn practice_book(dir: &Path) -> std::path::PathBuf {
    let book = dir.join("terminal-prueba.ayni");
    let out = Command::new(env!("CARGO_BIN_EXE_ayni"))
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

/// Starts ayni on the book inside a pseudo-terminal of 80x24.
fn start(book: &Path, extra_env: &[(&str, &str)]) -> Child {
    start_sized(book, extra_env, 80, 24)
}

fn start_sized(book: &Path, extra_env: &[(&str, &str)], cols: u16, rows: u16) -> Child {
    start_with(book, extra_env, &format!("stty cols {cols} rows {rows}"))
}

/// Starts ayni inside a pseudo-terminal after the shell line `setup`.
fn start_with(book: &Path, extra_env: &[(&str, &str)], setup: &str) -> Child {
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
        .env_remove("AYNI_BOOK");
    for (k, v) in extra_env {
        c.env(k, v);
    }
    c.spawn()
        .expect("util-linux script is installed (bsdutils)")
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

/// Waits for the interface to draw (it entered the alternate screen).
fn wait_started(book: &Path) -> i32 {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Some(pid) = ayni_pid(book) {
            // Give it time to enter raw mode and draw the first frame.
            std::thread::sleep(Duration::from_millis(700));
            return pid;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("ayni did not start");
}

/// Waits for the end and returns the terminal output and the exit code.
fn finish(mut child: Child) -> (String, Option<i32>) {
    let t = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if t.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("ayni did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut out = Vec::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_end(&mut out);
    }
    let code = child.wait().ok().and_then(|s| s.code());
    (String::from_utf8_lossy(&out).into_owned(), code)
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
    let child = start(&book, &[]);
    let pid = wait_started(&book);
    signal(pid, "TERM");
    let (out, code) = finish(child);
    assert_given_back(&out);
    assert_eq!(code, Some(0), "a clean exit");
    // The book is closed properly: it opens again at once.
    ayni::books::Book::open(&book).expect("the book opens after SIGTERM");
}

#[test]
fn sighup_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let child = start(&book, &[]);
    let pid = wait_started(&book);
    signal(pid, "HUP");
    let (out, _) = finish(child);
    assert_given_back(&out);
    ayni::books::Book::open(&book).expect("the book opens after SIGHUP");
}

#[test]
fn quitting_with_q_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut child = start(&book, &[]);
    wait_started(&book);
    if let Some(i) = child.stdin.as_mut() {
        i.write_all(b"q").expect("type q");
    }
    let (out, code) = finish(child);
    assert_given_back(&out);
    assert_eq!(code, Some(0));
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_gives_the_terminal_back_and_one_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut child = start(&book, &[("AYNI_DEBUG_PANIC_KEY", "1")]);
    wait_started(&book);
    if let Some(i) = child.stdin.as_mut() {
        // F12 in xterm.
        i.write_all(b"\x1b[24~").expect("type F12");
    }
    let (out, code) = finish(child);
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
    let mut child = start_sized(&book, &[], 20, 5);
    wait_started(&book);
    if let Some(i) = child.stdin.as_mut() {
        i.write_all(b"q").expect("type q");
    }
    let (out, code) = finish(child);
    assert_given_back(&out);
    assert!(
        out.contains("peque"),
        "the window is too small, it says\n{out}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn ctrl_c_gives_the_terminal_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut child = start(&book, &[]);
    wait_started(&book);
    if let Some(i) = child.stdin.as_mut() {
        // In raw mode Ctrl-C arrives as a key, not as SIGINT.
        i.write_all(b"\x03").expect("type Ctrl-C");
    }
    let (out, code) = finish(child);
    assert_given_back(&out);
    assert_eq!(code, Some(0));
    ayni::books::Book::open(&book).expect("the book opens after Ctrl-C");
}

#[test]
fn a_resize_to_20x5_while_running_is_told_and_given_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    // The window shrinks to 20x5 once the program is up (the kernel sends
    // SIGWINCH to the program when the pty's size changes).
    let mut child = start_with(
        &book,
        &[],
        "stty cols 80 rows 24; (sleep 1.5; stty cols 20 rows 5 </dev/tty) &",
    );
    wait_started(&book);
    std::thread::sleep(Duration::from_millis(2500));
    if let Some(i) = child.stdin.as_mut() {
        i.write_all(b"q").expect("type q");
    }
    let (out, code) = finish(child);
    assert_given_back(&out);
    assert!(
        out.contains("Panel"),
        "the full screen was drawn first\n{out}"
    );
    assert!(
        out.contains("peque"),
        "after the resize the window is too small, it says\n{out}"
    );
    assert_eq!(code, Some(0));
}

#[test]
fn a_terminal_that_goes_away_ends_the_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = practice_book(dir.path());
    let mut child = start(&book, &[]);
    let pid = wait_started(&book);
    // The terminal emulator dies (tmux killed, an ssh link dropped): the
    // pseudo-terminal's master end closes under the program.
    let _ = child.kill();
    let _ = child.wait();
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
