//! Processes killed (SIGKILL) at spread moments of a long write — `ayni demo`
//! onto a new path, `ayni demo --force` over a practice book, `ayni close` —
//! leave the book whole or untouched, never half-applied; `ayni check`
//! passes after every kill, and the leftovers (temporary books, partial
//! backups) neither block the next run nor pass for good copies.
//!
//! Each operation is first timed unkilled; the kills then fall at moments
//! spread uniformly over [0, 1.2 × that duration] (one seeded pseudo-random
//! moment in each of the equal slices), so some land before the work
//! starts, most during it, some after it ended.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use ayni::books::Book;
use ayni::books::Clock;
use ayni::domain::account::codes::CASH;
use ayni::domain::period::Month;
use ayni::training::practice::{DemoOptions, create_demo_with_clock};

use crate::cli_common::json;

/// Kills per operation.
pub(crate) const KILLS: u32 = 20;

/// splitmix64: deterministic moments, the same on every run.
struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The `i`-th of `n` kill moments over [0, 1.2 × `d`].
fn moment(rng: &mut Rng, i: u32, n: u32, d: Duration) -> Duration {
    d.mul_f64(1.2 * (f64::from(i % n) + rng.unit()) / f64::from(n))
}

/// Runs `attempt` at spread moments until [`KILLS`] of them killed the
/// program (a run that finished before its moment does not count); returns
/// how many runs finished first.
///
/// `d` is measured beforehand on a shared machine, so the runs that follow
/// may be faster than it says: each run that finishes before its kill
/// shrinks the span the later moments are drawn from by a quarter, so the
/// series keeps killing inside the real run however the machine's load
/// changed (no race to win).
pub(crate) fn kill_series(
    seed: u64,
    d: Duration,
    mut attempt: impl FnMut(u32, Duration) -> bool,
) -> u32 {
    let mut rng = Rng(seed);
    let (mut killed, mut finished) = (0, 0);
    let mut span = d;
    let mut i = 0;
    while killed < KILLS {
        assert!(
            i < 3 * KILLS,
            "{finished} of {i} runs finished before their kill"
        );
        if attempt(i, moment(&mut rng, i, KILLS, span)) {
            killed += 1;
        } else {
            finished += 1;
            span = span.mul_f64(0.75);
        }
        i += 1;
    }
    finished
}

/// The mean of two unkilled runs (the machine is shared: one run alone may
/// be slowed down by others, or not).
pub(crate) fn duration_of(mut make: impl FnMut() -> Command) -> Duration {
    (timed(make()) + timed(make())) / 2
}

/// The program with a hermetic environment (as `cli_common::ayni_in`), as a
/// std command that can be spawned and killed.
pub(crate) fn ayni(home: &Path, book: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ayni"));
    c.env_remove("AYNI_BOOK")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .args(["--lang", "en", "--book"])
        .arg(book)
        .stdin(Stdio::null());
    c
}

/// Runs to the end; asserts success; returns the time taken.
pub(crate) fn timed(mut c: Command) -> Duration {
    let start = Instant::now();
    let out = c.output().expect("ayni runs");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "unkilled run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// Starts `c`, kills it (SIGKILL) after `after`; true when it was killed,
/// false when it had already finished (successfully: asserted).
pub(crate) fn kill_after(mut c: Command, after: Duration) -> bool {
    let mut child = c
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ayni");
    std::thread::sleep(after);
    // SIGKILL on Unix; an error only when the child has already ended.
    let _ = child.kill();
    let status = child.wait().expect("wait for ayni");
    match was_killed(&status) {
        true => true,
        false => {
            assert!(status.success(), "ayni ended badly: {status:?}");
            false
        }
    }
}

/// Whether the child ended by the kill: SIGKILL on Unix.
#[cfg(unix)]
fn was_killed(status: &ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(9)
}

/// Whether the child ended by the kill: on Windows `Child::kill` is
/// `TerminateProcess` with exit code 1.
#[cfg(windows)]
fn was_killed(status: &ExitStatus) -> bool {
    status.code() == Some(1)
}

/// `ayni check --format json` on `book`: asserts exit 0 and that every check
/// passed; returns (entries, members).
pub(crate) fn check(home: &Path, book: &Path, what: &str) -> (u64, u64) {
    let out = ayni(home, book)
        .args(["check", "--format", "json"])
        .output()
        .expect("check runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{what}: check failed: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    let v = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(v["ok"], true, "{what}: {v}");
    (
        v["entries"].as_u64().expect("entries"),
        v["members"].as_u64().expect("members"),
    )
}

/// The temporary books the demo generator builds beside `book`
/// (`.<name>.generando…`).
fn demo_temps(book: &Path) -> Vec<PathBuf> {
    let name = book
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let dir = book.parent().expect("a folder");
    std::fs::read_dir(dir)
        .expect("read folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with(&format!(".{name}.generando"))
            })
        })
        .collect()
}

fn demo_args(members: u32, months: u32, seed: u32) -> Vec<String> {
    vec![
        "demo".into(),
        "--members".into(),
        members.to_string(),
        "--months".into(),
        months.to_string(),
        "--seed".into(),
        seed.to_string(),
    ]
}

/// Two different practice books of the same size (members, months, seed).
const BOOK_A: (u32, u32, u32) = (30, 9, 1);
const BOOK_B: (u32, u32, u32) = (30, 9, 2);

#[test]
fn killed_demo_onto_a_new_path_leaves_nothing_or_a_whole_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let args = demo_args(BOOK_A.0, BOOK_A.1, BOOK_A.2);

    // The unkilled run: its duration and the whole book it makes.
    let reference = home.join("referencia.ayni");
    let d = duration_of(|| {
        let _ = std::fs::remove_file(&reference);
        let mut c = ayni(home, &reference);
        c.args(&args);
        c
    });
    let whole = check(home, &reference, "reference");

    let book = home.join("libro.ayni");
    let (mut absent, mut complete, mut leftovers) = (0, 0, 0);
    let finished = kill_series(0xA1, d, |i, at| {
        let mut c = ayni(home, &book);
        c.args(&args);
        let killed = kill_after(c, at);
        leftovers += demo_temps(&book).len();
        if book.exists() {
            let got = check(home, &book, &format!("run {i} killed at {at:?}"));
            assert_eq!(
                got, whole,
                "run {i} killed at {at:?}: a book that is not whole"
            );
            complete += 1;
            std::fs::remove_file(&book).expect("remove for the next run");
        } else {
            absent += 1;
        }
        killed
    });
    // Whatever the kills left behind neither blocks nor stays: the next
    // run builds the book and removes the leftovers.
    let out = ayni(home, &book).args(&args).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(check(home, &book, "after the kills"), whole);
    assert!(
        demo_temps(&book).is_empty(),
        "temporary books left after an unkilled run: {:?}",
        demo_temps(&book)
    );
    eprintln!(
        "demo onto a new path ({d:?} unkilled): {KILLS} kills ({finished} more runs finished \
         first); book absent {absent}, whole {complete}; temporary books left by kills: {leftovers}"
    );
}

#[test]
fn killed_demo_force_leaves_the_old_book_or_the_whole_new_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    // Two different practice books, replaced by each other in turn.
    let variants = [
        demo_args(BOOK_A.0, BOOK_A.1, BOOK_A.2),
        demo_args(BOOK_B.0, BOOK_B.1, BOOK_B.2),
    ];
    let book = home.join("practica.ayni");
    let out = ayni(home, &book).args(&variants[0]).output().expect("runs");
    assert!(out.status.success());
    let a = check(home, &book, "book A");
    let d = duration_of(|| {
        let mut c = ayni(home, &book);
        c.args(&variants[1]).arg("--force");
        c
    });
    let b = check(home, &book, "book B");
    assert_ne!(a, b, "the two practice books differ");
    let wholes = [a, b];

    let (mut old, mut new) = (0, 0);
    let mut current = 1usize;
    let finished = kill_series(0xB2, d, |i, at| {
        let next = 1 - current;
        let mut c = ayni(home, &book);
        c.args(&variants[next]).arg("--force");
        let killed = kill_after(c, at);
        let what = format!("run {i} killed at {at:?}");
        assert!(book.exists(), "{what}: the practice book is gone");
        let got = check(home, &book, &what);
        if got == wholes[current] {
            old += 1;
        } else {
            assert_eq!(
                got, wholes[next],
                "{what}: neither the old book nor the whole new one"
            );
            new += 1;
            current = next;
        }
        killed
    });
    let out = ayni(home, &book)
        .args(&variants[1 - current])
        .arg("--force")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(check(home, &book, "after the kills"), wholes[1 - current]);
    assert!(demo_temps(&book).is_empty(), "{:?}", demo_temps(&book));
    eprintln!(
        "demo --force ({d:?} unkilled): {KILLS} kills ({finished} more runs finished first); \
         old book kept {old}, new book whole {new}"
    );
}

/// A book whose open month has ended, the cash of that month, and the book
/// kept aside untouched.
pub(crate) struct CloseSetup {
    pub month: Month,
    pub cash: String,
    pub pristine: PathBuf,
}

/// A practice book whose history ends in the month before this one (built
/// with a clock set then), so that month is open and has ended.
pub(crate) fn book_with_an_ended_open_month(home: &Path) -> CloseSetup {
    let this = Month::of(crate::cli_common::today_date());
    let month = this.prev();
    // Its last day, when the treasurer counts the cash.
    let then = month
        .last_day()
        .and_hms_opt(18, 0, 0)
        .expect("a valid time");
    let pristine = home.join("pristine.ayni");
    let opts = DemoOptions {
        members: 60,
        months: 8,
        seed: 7,
        force: false,
    };
    let (book, _) = create_demo_with_clock(&pristine, &opts, Clock::Fixed(then)).expect("demo");
    assert_eq!(book.closed_through().expect("read"), Some(month.prev()));
    let cash = book.balance_of(CASH, month).expect("cash").to_string();
    drop(book);
    CloseSetup {
        month,
        cash,
        pristine,
    }
}

#[test]
fn killed_close_leaves_the_month_closed_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let setup = book_with_an_ended_open_month(home);
    let (before, members) = check(home, &setup.pristine, "pristine");
    let close_args = |c: &mut Command| {
        c.args([
            "close",
            &setup.month.to_string(),
            "--cash-count",
            &setup.cash,
        ]);
    };

    // The unkilled close, in a folder of its own.
    std::fs::create_dir(home.join("timing")).expect("mkdir");
    let timing = home.join("timing").join("libro.ayni");
    let d = duration_of(|| {
        let _ = std::fs::remove_file(&timing);
        std::fs::copy(&setup.pristine, &timing).expect("copy");
        let mut c = ayni(home, &timing);
        close_args(&mut c);
        c
    });
    let (after, _) = check(home, &timing, "closed");
    assert!(
        after > before,
        "the close posts entries ({before} -> {after})"
    );

    let book = home.join("libro.ayni");
    let copies = home.join("libro.ayni.copias");
    std::fs::copy(&setup.pristine, &book).expect("copy");
    let (mut closed, mut open) = (0, 0);
    let mut partial_backups = HashSet::new();
    let finished = kill_series(0xC3, d, |i, at| {
        let what = format!("run {i} killed at {at:?}");
        let mut c = ayni(home, &book);
        close_args(&mut c);
        let killed = kill_after(c, at);
        // The binary first: it opens (repairing after the kill if needed) and checks.
        let (entries, m) = check(home, &book, &what);
        assert_eq!(m, members, "{what}");
        let through = Book::open_read_only(&book)
            .expect("opens")
            .closed_through()
            .expect("reads");
        if through == Some(setup.month) {
            assert_eq!(entries, after, "{what}: closed without all its entries");
            closed += 1;
            // Back to the open month for the next kill.
            std::fs::remove_file(&book).expect("remove");
            std::fs::copy(&setup.pristine, &book).expect("copy");
        } else {
            assert_eq!(through, Some(setup.month.prev()), "{what}");
            assert_eq!(entries, before, "{what}: not closed, yet entries changed");
            open += 1;
        }

        // Every copy `backup list` shows is a good one: the book before the close.
        let out = ayni(home, &book)
            .args(["backup", "list", "--format", "json"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{what}");
        let list = json(&String::from_utf8_lossy(&out.stdout));
        for b in list["backups"].as_array().expect("a list") {
            let p = PathBuf::from(b["file"].as_str().expect("a file"));
            let (e, _) = check(home, &p, &format!("{what}: listed copy {}", p.display()));
            assert_eq!(
                e, before,
                "{what}: a listed copy is not the book before the close"
            );
        }
        // A copy cut short is never restored.
        let parts: Vec<PathBuf> = std::fs::read_dir(&copies)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        for (j, part) in parts
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x != "ayni"))
            .enumerate()
        {
            partial_backups.insert(part.clone());
            // One path per copy tried: a whole copy restored before must not
            // be taken for what a refused one left.
            let scratch = home.join(format!("restaurado-{i}-{j}.ayni"));
            let out = ayni(home, &scratch)
                .arg("restore")
                .arg(part)
                .output()
                .expect("runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            if out.status.success() {
                // Only a copy that is whole: then it is the book before the close.
                assert_eq!(check(home, &scratch, &what).0, before, "{what}");
            } else {
                assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
                assert!(!scratch.exists(), "{what}: a refused restore left a book");
            }
        }
        killed
    });
    eprintln!(
        "close ({d:?} unkilled): {KILLS} kills ({finished} more runs finished first); \
         month closed whole {closed}, left open untouched {open}; partial backups seen {}",
        partial_backups.len()
    );
}

/// A file that appears at the path while a demo (without `--force`) is
/// being built — another program's new book — is never replaced by it.
#[test]
fn a_book_made_meanwhile_is_not_replaced_by_a_demo() {
    let mine = b"not a practice book: somebody else's file".to_vec();
    // The other file must appear while the demo builds: after the demo made
    // its temporary file (it has looked for a book and found none) and
    // before it puts the book in place. The test waits for the temporary
    // file, then creates its own file only if the path is still free
    // (O_EXCL); when the demo won that race the run proves nothing and is
    // made again, at most 20 times.
    for attempt in 1..=20 {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path();
        let book = home.join("libro.ayni");
        let args = demo_args(BOOK_A.0, BOOK_A.1, BOOK_A.2);
        let mut child = ayni(home, &book)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut building = false;
        while !building {
            building = !demo_temps(&book).is_empty();
            if !building && child.try_wait().expect("try_wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let made = building
            && std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&book)
                .and_then(|mut f| std::io::Write::write_all(&mut f, &mine))
                .is_ok();
        let out = child.wait_with_output().expect("wait");
        if !made {
            eprintln!("attempt {attempt}: the demo finished first; again");
            continue;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("already"), "{stderr}");
        assert_eq!(std::fs::read(&book).expect("read"), mine);
        assert!(demo_temps(&book).is_empty(), "{:?}", demo_temps(&book));
        return;
    }
    panic!("in 20 attempts the other file never appeared while the demo was building");
}

/// Two demos building the same new book at once (two terminals): each
/// builds in a temporary file of its own, one puts its whole book in place,
/// the other is refused; never a half-built book.
#[test]
fn two_demos_at_once_leave_one_whole_book() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let reference = home.join("referencia.ayni");
    let args = demo_args(BOOK_A.0, BOOK_A.1, BOOK_A.2);
    let out = ayni(home, &reference).args(&args).output().expect("runs");
    assert!(out.status.success());
    let whole = check(home, &reference, "reference");

    let book = home.join("libro.ayni");
    let spawn = || {
        ayni(home, &book)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    // Both start at once; whichever finishes first, one whole book remains.
    let first = spawn();
    let second = spawn();
    let codes: Vec<Option<i32>> = [first, second]
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait").status.code())
        .collect();
    assert!(codes.contains(&Some(0)), "{codes:?}");
    assert!(codes.iter().all(|c| matches!(c, Some(0 | 1))), "{codes:?}");
    assert_eq!(check(home, &book, "after two demos"), whole);
    assert!(demo_temps(&book).is_empty(), "{:?}", demo_temps(&book));
}

/// The files a restore of `book` may leave while it runs: its temporary
/// copies (`.<name>.restaurando-…`).
fn restore_temps(book: &Path) -> Vec<PathBuf> {
    let name = book
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(book.parent().expect("a folder"))
        .expect("read folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with(&format!(".{name}.restaurando"))
            })
        })
        .collect()
}

#[test]
fn killed_restore_leaves_the_old_book_or_the_restored_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    // The book in use (A) and an older, different copy to restore (B).
    let pristine = home.join("a.ayni");
    let out = ayni(home, &pristine)
        .args(demo_args(BOOK_A.0, BOOK_A.1, BOOK_A.2))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let backup = home.join("copia.ayni");
    let out = ayni(home, &backup)
        .args(demo_args(BOOK_B.0, BOOK_B.1, BOOK_B.2))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let a = check(home, &pristine, "book A");
    let b = check(home, &backup, "backup B");
    assert_ne!(a, b);
    let backup_bytes = std::fs::read(&backup).expect("read");

    let book = home.join("libro.ayni");
    let restore = |book: &Path| {
        let mut c = ayni(home, book);
        // B may have fewer entries than A: confirmed, as a user would.
        c.arg("restore").arg("--yes").arg(&backup);
        c
    };
    // The unkilled restore, timed on copies of A.
    std::fs::create_dir(home.join("timing")).expect("mkdir");
    let timing = home.join("timing").join("libro.ayni");
    let d = duration_of(|| {
        let _ = std::fs::remove_file(&timing);
        std::fs::copy(&pristine, &timing).expect("copy");
        restore(&timing)
    });
    assert_eq!(check(home, &timing, "restored"), b);

    std::fs::copy(&pristine, &book).expect("copy");
    let (mut old, mut restored, mut leftovers) = (0, 0, 0);
    let finished = kill_series(0xD4, d, |i, at| {
        let what = format!("run {i} killed at {at:?}");
        let killed = kill_after(restore(&book), at);
        leftovers += restore_temps(&book).len();
        assert!(book.exists(), "{what}: no book at the path");
        let got = check(home, &book, &what);
        if got == a {
            old += 1;
        } else {
            assert_eq!(got, b, "{what}: neither the old book nor the restored one");
            restored += 1;
            // Back to A for the next kill.
            std::fs::remove_file(&book).expect("remove");
            std::fs::copy(&pristine, &book).expect("copy");
        }
        assert_eq!(
            std::fs::read(&backup).expect("read"),
            backup_bytes,
            "{what}: the backup changed"
        );
        killed
    });
    // The next restore finishes and removes what the kills left.
    let out = restore(&book).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(check(home, &book, "after the kills"), b);
    assert!(
        restore_temps(&book).is_empty(),
        "{:?}",
        restore_temps(&book)
    );
    eprintln!(
        "restore ({d:?} unkilled): {KILLS} kills ({finished} more runs finished first); \
         old book kept {old}, restored book whole {restored}; temporary copies left by kills: {leftovers}"
    );
}
