//! Bad book files through the binary, table-driven: truncated books, random
//! bytes, an empty file, a CSV file, a redb database that is not a book, a
//! book of a newer schema, a missing file, a missing folder, a folder in the
//! book's place, a read-only book and a full disk. For each, a read command
//! (`report trial-balance`) and a write command, in Spanish and in English:
//! exit code 1 with a message naming the problem in that language (or, where
//! reading is fine — a read-only book, a full disk — the same report as the
//! good book), no panic text, the file's bytes unchanged, no file created
//! beside it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use ayni::domain::ident::make_cedula;
use ayni::store::{SCHEMA_VERSION, tables};

use crate::cli_common::Env;

/// What is at the book's path.
enum Setup {
    /// These bytes (nothing else beside them).
    Bytes(Vec<u8>),
    /// Nothing.
    Missing,
    /// The book's folder does not exist.
    MissingFolder,
    /// A folder.
    Folder,
    /// The good book, without write permission.
    ReadOnly,
    /// The good book on a disk that is full: writes past its size fail.
    FullDisk,
}

struct Case {
    name: String,
    setup: Setup,
    /// Reading works (the same report as the good book).
    readable: bool,
    /// The message names one of these (Spanish, English).
    says: &'static [(&'static str, &'static str)],
}

const FOREIGN: &[(&str, &str)] = &[("no es un libro de ayni", "is not an ayni book")];
const DAMAGED_OR_FOREIGN: &[(&str, &str)] = &[
    ("está dañado", "is damaged"),
    ("no es un libro de ayni", "is not an ayni book"),
];
const TOO_NEW: &[(&str, &str)] = &[("versión más nueva de ayni", "from a newer ayni")];
const NOT_FOUND: &[(&str, &str)] = &[("No hay un libro en", "There is no book at")];
const NO_FOLDER: &[(&str, &str)] = &[("no existe", "does not exist")];
const READ_ONLY: &[(&str, &str)] = &[("es de solo lectura", "is read-only")];
const DISK_FULL: &[(&str, &str)] = &[("No hay espacio en el disco", "The disk is full")];

/// splitmix64, for reproducible noise.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

/// A redb database at `path` with one table of its own.
fn other_redb(path: &Path) -> Vec<u8> {
    {
        let db = redb::Database::create(path).expect("db");
        let tx = db.begin_write().expect("tx");
        {
            const T: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("cosas");
            let mut t = tx.open_table(T).expect("table");
            t.insert("a", &1).expect("insert");
        }
        tx.commit().expect("commit");
    }
    let bytes = std::fs::read(path).expect("read");
    std::fs::remove_file(path).expect("remove");
    bytes
}

/// The good book with its schema version raised past this build's.
fn newer_schema(good: &[u8], path: &Path) -> Vec<u8> {
    std::fs::write(path, good).expect("write");
    {
        let db = redb::Database::open(path).expect("db");
        let tx = db.begin_write().expect("tx");
        {
            let mut t = tx.open_table(tables::META).expect("meta");
            let v = postcard::to_allocvec(&(SCHEMA_VERSION + 1)).expect("encode");
            t.insert("schema_version", v.as_slice()).expect("insert");
        }
        tx.commit().expect("commit");
    }
    let bytes = std::fs::read(path).expect("read");
    std::fs::remove_file(path).expect("remove");
    bytes
}

fn cases(good: &[u8], scratch: &Path) -> Vec<Case> {
    let mut v = Vec::new();
    let n = good.len();
    for cut in [5, 9, 100, 4096, n / 3, n / 2, n - 4096, n - 1] {
        v.push(Case {
            name: format!("book truncated to {cut} of {n} bytes"),
            setup: Setup::Bytes(good[..cut].to_vec()),
            readable: false,
            says: DAMAGED_OR_FOREIGN,
        });
    }
    for (seed, len) in [(1, 1), (2, 64), (3, 4096), (4, 70_000)] {
        v.push(Case {
            name: format!("{len} random bytes (seed {seed})"),
            setup: Setup::Bytes(noise(seed, len)),
            readable: false,
            says: FOREIGN,
        });
    }
    for (seed, len) in [(5, 512), (6, 20_000)] {
        // The redb signature, then noise.
        let mut b = good[..9].to_vec();
        b.extend(noise(seed, len));
        v.push(Case {
            name: format!("redb signature and {len} random bytes (seed {seed})"),
            setup: Setup::Bytes(b),
            readable: false,
            says: DAMAGED_OR_FOREIGN,
        });
    }
    v.push(Case {
        name: "empty file".into(),
        setup: Setup::Bytes(Vec::new()),
        readable: false,
        says: FOREIGN,
    });
    v.push(Case {
        name: "CSV file".into(),
        setup: Setup::Bytes(
            b"cedula,nombres,apellidos\n1710034065,Rosa,Quispe\n"
                .repeat(50)
                .to_vec(),
        ),
        readable: false,
        says: FOREIGN,
    });
    v.push(Case {
        name: "redb database that is not a book".into(),
        setup: Setup::Bytes(other_redb(&scratch.join("otro.redb"))),
        readable: false,
        says: FOREIGN,
    });
    v.push(Case {
        name: format!("book of schema {}", SCHEMA_VERSION + 1),
        setup: Setup::Bytes(newer_schema(good, &scratch.join("nuevo.ayni"))),
        readable: false,
        says: TOO_NEW,
    });
    v.push(Case {
        name: "missing file".into(),
        setup: Setup::Missing,
        readable: false,
        says: NOT_FOUND,
    });
    v.push(Case {
        name: "missing folder".into(),
        setup: Setup::MissingFolder,
        readable: false,
        says: NO_FOLDER,
    });
    v.push(Case {
        name: "a folder in the book's place".into(),
        setup: Setup::Folder,
        readable: false,
        says: FOREIGN,
    });
    v.push(Case {
        name: "read-only book".into(),
        setup: Setup::ReadOnly,
        readable: true,
        says: READ_ONLY,
    });
    v.push(Case {
        name: "full disk".into(),
        setup: Setup::FullDisk,
        readable: true,
        says: DISK_FULL,
    });
    v
}

/// Length and FNV-1a hash of a file's bytes, if it is a file.
fn digest(p: &Path) -> Option<(usize, u64)> {
    let b = std::fs::read(p).ok()?;
    let h = b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    Some((b.len(), h))
}

/// The names in a folder (recursively, relative), to see that nothing appeared.
fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p.clone());
            }
            out.insert(p.strip_prefix(dir).expect("inside").to_path_buf());
        }
    }
    out
}

/// The program on `book` in `lang`, hermetic; under a file size limit of
/// `limit_kb` kilobytes when given (bash's `ulimit -f` counts 1024 bytes).
fn run(home: &Path, book: &Path, lang: &str, args: &[&str], limit_kb: Option<u64>) -> Out {
    let bin = env!("CARGO_BIN_EXE_ayni");
    let mut c = match limit_kb {
        Some(kb) => {
            let mut c = Command::new("bash");
            c.args(["-c", "ulimit -f \"$1\" && shift && exec \"$@\"", "ulimit"])
                .arg(kb.to_string())
                .arg(bin);
            c
        }
        None => Command::new(bin),
    };
    c.env_remove("AYNI_BOOK")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("RUST_BACKTRACE", "1")
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .args(["--lang", lang, "--book"])
        .arg(book)
        .args(args);
    let o = c.output().expect("ayni runs");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

const MEMBER_ADD: &[&str] = &[
    "member",
    "add",
    "--id-number",
    "1710034065",
    "--first-names",
    "Rosa",
    "--last-names",
    "Quispe",
    "--gender",
    "F",
    "--join-date",
    "2024-03-01",
];

#[test]
fn bad_books_are_refused_clearly_and_left_untouched() {
    // The good book: two members and an entry.
    let source = Env::new();
    let ced = source.add_member(4_000_001, "Killa", "Farinango");
    source.add_member(4_000_002, "Inti", "Perugachi");
    let credit = format!("3103=15@{ced}");
    source
        .run(
            "en",
            &[
                "entry",
                "add",
                "--date",
                "2025-03-05",
                "--description",
                "Aporte",
                "--debit",
                "1101=15",
                "--credit",
                &credit,
            ],
        )
        .ok();
    let good = source.bytes();
    let tb_args = ["report", "trial-balance", "--format", "csv"];
    let good_tb = source.run("en", &tb_args).ok().to_string();

    // Thousands of members to import: more than a full disk takes.
    let csv = {
        let mut s = String::from(
            "cedula,nombres,apellidos,genero,fecha_nacimiento,fecha_ingreso,telefono,comunidad\n",
        );
        for i in 0..3000u32 {
            s.push_str(&format!(
                "{},Rosa {i},Quispe,F,1980-01-01,2024-02-01,0991234567,Peguche\n",
                make_cedula((i % 24 + 1) as u8, 6_000_000 + i)
            ));
        }
        s
    };

    let scratch = tempfile::tempdir().expect("tempdir");
    let mut tried = 0;
    for case in cases(&good, scratch.path()) {
        for lang in ["es", "en"] {
            let dir = tempfile::tempdir().expect("tempdir");
            let home = dir.path();
            let csv_file = home.join("socios.csv");
            std::fs::write(&csv_file, &csv).expect("csv");
            let mut book = home.join("libro.ayni");
            let mut limit = None;
            match &case.setup {
                Setup::Bytes(b) => std::fs::write(&book, b).expect("write"),
                Setup::Missing => {}
                Setup::MissingFolder => book = home.join("nada").join("libro.ayni"),
                Setup::Folder => std::fs::create_dir(&book).expect("mkdir"),
                Setup::ReadOnly => {
                    std::fs::write(&book, &good).expect("write");
                    let mut p = std::fs::metadata(&book).expect("meta").permissions();
                    p.set_readonly(true);
                    std::fs::set_permissions(&book, p).expect("chmod");
                }
                Setup::FullDisk => {
                    std::fs::write(&book, &good).expect("write");
                    // Just above the book's size.
                    limit = Some(good.len() as u64 / 1024 + 4);
                }
            }
            let bytes_before = digest(&book);
            let files_before = listing(home);
            let write: Vec<&str> = match case.setup {
                Setup::FullDisk => vec!["member", "import", "socios.csv"],
                _ => MEMBER_ADD.to_vec(),
            };
            let csv_arg = csv_file.display().to_string();
            let write: Vec<&str> = write
                .into_iter()
                .map(|a| {
                    if a == "socios.csv" {
                        csv_arg.as_str()
                    } else {
                        a
                    }
                })
                .collect();

            for (kind, args) in [("read", &tb_args[..]), ("write", &write[..])] {
                tried += 1;
                let what = format!("{} / {kind} / {lang}", case.name);
                let out = run(home, &book, lang, args, limit);
                for text in [&out.stdout, &out.stderr] {
                    assert!(!text.contains("panicked"), "{what}: {text}");
                    assert!(!text.contains("RUST_BACKTRACE"), "{what}: {text}");
                }
                if kind == "read" && case.readable {
                    assert_eq!(out.code, 0, "{what}: {}", out.stderr);
                    if lang == "en" {
                        assert_eq!(out.stdout, good_tb, "{what}");
                    }
                } else {
                    assert_eq!(out.code, 1, "{what}: {}{}", out.stdout, out.stderr);
                    let named = case
                        .says
                        .iter()
                        .any(|(es, en)| out.stderr.contains(if lang == "es" { *es } else { *en }));
                    assert!(
                        named,
                        "{what}: the message does not name the problem: {}",
                        out.stderr
                    );
                }
                // A refused write on a full disk may leave pages rewritten
                // inside the file by the storage engine (not what it holds:
                // compared below).
                if !matches!(case.setup, Setup::FullDisk) {
                    assert_eq!(digest(&book), bytes_before, "{what}: the file changed");
                }
                assert_eq!(listing(home), files_before, "{what}: files appeared");
            }
            if matches!(case.setup, Setup::FullDisk | Setup::ReadOnly) {
                // Without the limit: the book is whole and as it was.
                let out = run(home, &book, "en", &["check", "--format", "json"], None);
                assert_eq!(out.code, 0, "{}: {}", case.name, out.stderr);
                let v = crate::cli_common::json(&out.stdout);
                assert_eq!(v["members"], 2, "{}: {v}", case.name);
                let out = run(home, &book, "en", &tb_args, None);
                assert_eq!(out.stdout, good_tb, "{}", case.name);
                let out = run(home, &book, lang, &["export", "journal"], None);
                assert_eq!(out.code, 0, "{}: {}", case.name, out.stderr);
                assert!(out.stdout.contains("Aporte"), "{}", case.name);
                if matches!(case.setup, Setup::ReadOnly) {
                    // check, report and export never wrote a byte.
                    assert_eq!(digest(&book), bytes_before, "{}", case.name);
                }
            }
        }
    }
    eprintln!("bad inputs tried through the binary: {tried} (cases × read/write × es/en)");
}

#[test]
fn full_disk_refuses_a_close_and_a_demo_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let setup = crate::crash_kills::book_with_an_ended_open_month(home);
    let book = home.join("libro.ayni");
    std::fs::copy(&setup.pristine, &book).expect("copy");
    let size = std::fs::metadata(&book).expect("meta").len();
    // Below the book's size: the copy the close takes first cannot be
    // written whole (the close itself fits in the book's free pages), nor
    // can a new practice book of this size.
    let limit = Some(size / 1024 - 64);
    let state = |lang: &str| {
        let out = run(home, &book, lang, &["check", "--format", "json"], None);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let v = crate::cli_common::json(&out.stdout);
        let tb = run(
            home,
            &book,
            "en",
            &["report", "trial-balance", "--format", "csv"],
            None,
        );
        (v["entries"].clone(), v["members"].clone(), tb.stdout)
    };
    let before = state("en");
    let month = setup.month.to_string();
    for (lang, says) in [
        ("es", "No hay espacio en el disco"),
        ("en", "The disk is full"),
    ] {
        // The close: its backup does not fit.
        let out = run(
            home,
            &book,
            lang,
            &["close", &month, "--cash-count", &setup.cash],
            limit,
        );
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        assert_eq!(state(lang), before, "a refused close changed the book");
        let closed = ayni::books::Book::open_read_only(&book)
            .expect("opens")
            .closed_through()
            .expect("reads");
        assert_eq!(closed, Some(setup.month.prev()), "the month stays open");

        // A new practice book over it: the old one stays, no leftover.
        let digest_before = digest(&book);
        let out = run(
            home,
            &book,
            lang,
            &["demo", "--members", "60", "--months", "12", "--force"],
            limit,
        );
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert_eq!(
            digest(&book),
            digest_before,
            "the old practice book changed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(home)
            .expect("read dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("generando"))
            .map(|e| e.path())
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // No copy could be taken whole: none is left, partial or not, nor the
    // backup folder the refused closes made.
    let copies = home.join("libro.ayni.copias");
    assert!(!copies.exists(), "{:?}", listing(home));
    // Without the limit the close goes through.
    let out = run(
        home,
        &book,
        "en",
        &["close", &month, "--cash-count", &setup.cash],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_read_only_practice_book_is_not_replaced() {
    let env = Env::empty();
    env.run("en", &["demo", "--members", "8", "--months", "3"])
        .ok();
    let mut p = std::fs::metadata(&env.book).expect("meta").permissions();
    p.set_readonly(true);
    std::fs::set_permissions(&env.book, p).expect("chmod");
    let before = digest(&env.book);
    for (lang, says) in [("es", "es de solo lectura"), ("en", "is read-only")] {
        let err = env
            .run(lang, &["demo", "--members", "9", "--force"])
            .refused()
            .to_string();
        assert!(err.contains(says), "{err}");
        assert_eq!(digest(&env.book), before);
        // Reading it still works.
        env.run(lang, &["report", "trial-balance"]).ok();
    }
}

/// The program on `book`, hermetic, with `config` as its XDG config home;
/// killed after 30 s so that a program waiting for ever fails the test
/// instead of hanging it (a working run takes well under a second).
#[cfg(unix)]
fn run_bounded(home: &Path, book: &Path, lang: &str, args: &[&str]) -> Out {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ayni"))
        .env_remove("AYNI_BOOK")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "C")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env(ayni::clock::ENV, crate::cli_common::test_now_arg())
        .args(["--lang", lang, "--book"])
        .arg(book)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("try_wait") {
            break s;
        }
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ayni {args:?} was still running after 30 s: it waits for ever");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .map(|mut o| o.read_to_string(&mut stdout));
    child
        .stderr
        .take()
        .map(|mut e| e.read_to_string(&mut stderr));
    Out {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    }
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo")
        .arg(p)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {p:?}");
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o7777
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_never_waited_on_nor_changed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let home = env.dir.path();
    let tb = ["report", "trial-balance", "--format", "csv"];
    let good_tb = env.run("en", &tb).ok().to_string();

    // A named pipe as the book: refused at once, read or write.
    let pipe_book = home.join("tuberia.ayni");
    mkfifo(&pipe_book);
    for (lang, says) in [
        ("es", "no es un archivo común"),
        ("en", "is not a regular file"),
    ] {
        for args in [&tb[..], MEMBER_ADD] {
            let out = run_bounded(home, &pipe_book, lang, args);
            assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
            assert!(out.stderr.contains(says), "{}", out.stderr);
        }
    }
    // A device as the book (it reads as endless zeros): refused too.
    let out = run_bounded(home, Path::new("/dev/zero"), "en", MEMBER_ADD);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not a regular file"),
        "{}",
        out.stderr
    );

    // Nor is a pipe at the book's path replaced by a restore.
    let copy = home.join("copia.ayni");
    env.run("en", &["backup", "-o", copy.to_str().expect("utf-8")])
        .ok();
    let out = run_bounded(
        home,
        &pipe_book,
        "en",
        &["restore", copy.to_str().expect("utf-8")],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not a regular file"),
        "{}",
        out.stderr
    );
    {
        use std::os::unix::fs::FileTypeExt;
        let t = std::fs::symlink_metadata(&pipe_book)
            .expect("meta")
            .file_type();
        assert!(t.is_fifo(), "the pipe was replaced");
    }

    // `-o` a named pipe that no program reads: refused at once, in words.
    let pipe = home.join("salida.csv");
    mkfifo(&pipe);
    std::fs::set_permissions(&pipe, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    for (lang, says) in [
        ("es", "ningún programa está leyendo"),
        ("en", "no program is reading"),
    ] {
        let mut args = tb.to_vec();
        args.extend(["-o", pipe.to_str().expect("utf-8")]);
        let out = run_bounded(home, &env.book, lang, &args);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
        let out = run_bounded(
            home,
            &env.book,
            lang,
            &["export", "journal", "-o", pipe.to_str().expect("utf-8")],
        );
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
    }
    // With a program reading it, the report goes down the pipe as it is;
    // the pipe keeps its permissions (they are not ayni's to change).
    {
        // The test holds the pipe open to read (and write, so that opening
        // it never waits), then reads what ayni wrote.
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&pipe)
            .expect("open the pipe");
        let mut args = tb.to_vec();
        args.extend(["-o", pipe.to_str().expect("utf-8")]);
        let out = run_bounded(home, &env.book, "en", &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let flags = rustix::fs::fcntl_getfl(&reader).expect("flags");
        rustix::fs::fcntl_setfl(&reader, flags | rustix::fs::OFlags::NONBLOCK).expect("flags");
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match std::io::Read::read(&mut &reader, &mut buf) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(String::from_utf8_lossy(&got), good_tb);
    }
    assert_eq!(mode(&pipe), 0o644, "the pipe's permissions changed");

    // A device: written as it is, its permissions untouched (as root,
    // earlier versions set /dev/null to 0600 for the whole machine).
    let null_mode = mode(Path::new("/dev/null"));
    let mut args = tb.to_vec();
    args.extend(["-o", "/dev/null"]);
    let out = run_bounded(home, &env.book, "en", &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run_bounded(
        home,
        &env.book,
        "en",
        &["export", "journal", "-o", "/dev/null"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(mode(Path::new("/dev/null")), null_mode);

    // `-o -` is standard output, not a file named "-".
    let out = run_bounded(
        home,
        &env.book,
        "en",
        &["report", "trial-balance", "--format", "csv", "-o", "-"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, good_tb);
    let journal = env.run("en", &["export", "journal"]).ok().to_string();
    let out = run_bounded(home, &env.book, "en", &["export", "journal", "-o", "-"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, journal);
    assert!(!home.join("-").exists(), "a file named '-' was written");

    // The configuration as a named pipe, or as /dev/zero: a warning at
    // once, and the command runs on defaults.
    let config = home.join("config").join("ayni");
    std::fs::create_dir_all(&config).expect("mkdir");
    let toml = config.join("config.toml");
    mkfifo(&toml);
    for (lang, says) in [
        ("es", "no es un archivo común"),
        ("en", "is not a regular file"),
    ] {
        let out = run_bounded(home, &env.book, lang, &tb);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains(says), "{}", out.stderr);
    }
    std::fs::remove_file(&toml).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &toml).expect("symlink");
    let out = run_bounded(home, &env.book, "en", &tb);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not a regular file"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, good_tb);
    env.run("en", &["check"]).ok();
}

#[test]
fn an_export_that_fails_leaves_the_old_file_as_it_was() {
    let env = Env::empty();
    env.run("en", &["demo", "--members", "20", "--months", "4"])
        .ok();
    let home = env.dir.path();
    let journal = home.join("libro.journal");
    let tb = home.join("asientos.csv");
    env.run(
        "en",
        &["export", "journal", "-o", journal.to_str().expect("utf-8")],
    )
    .ok();
    env.run(
        "en",
        &[
            "entry",
            "list",
            "--format",
            "csv",
            "-o",
            tb.to_str().expect("utf-8"),
        ],
    )
    .ok();
    // The journal changes, then the exports fail half-way: a file size limit
    // of 1 kB (what a full disk does to a long file).
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--description",
            "Luz",
            "--debit",
            "4503=5",
            "--credit",
            "1101=5",
        ],
    )
    .ok();
    let files_before = listing(home);
    for (path, args) in [
        (
            &journal,
            vec!["export", "journal", "-o", journal.to_str().expect("utf-8")],
        ),
        (
            &tb,
            vec![
                "entry",
                "list",
                "--format",
                "csv",
                "-o",
                tb.to_str().expect("utf-8"),
            ],
        ),
    ] {
        let old = digest(path);
        for (lang, says) in [("es", "el disco está lleno"), ("en", "the disk is full")] {
            let out = run(home, &env.book, lang, &args, Some(1));
            assert_eq!(out.code, 1, "{args:?}: {}{}", out.stdout, out.stderr);
            assert!(out.stderr.contains(says), "{}", out.stderr);
            assert_eq!(digest(path), old, "{args:?}: the old file changed");
            assert_eq!(listing(home), files_before, "{args:?}: files were left");
        }
    }
    // Without the limit the new export takes the old one's place.
    let out = run(
        home,
        &env.book,
        "en",
        &["export", "journal", "-o", journal.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::read_to_string(&journal)
            .expect("read")
            .contains("Luz")
    );
}

/// Issue 15, point 7: a book with a damaged page (a tree node whose entry
/// count reads past its page: redb panicked on it, "internal error", exit 3)
/// gives "the book is damaged" with exit 1 on every read command, and a write
/// (`entry add`) is refused with the file's bytes unchanged.
#[test]
fn damaged_pages_give_exit_1_on_every_read_and_refuse_writes() {
    let source = Env::new();
    let ced = source.add_member(4_000_011, "Killa", "Farinango");
    let credit = format!("3103=15@{ced}");
    let add = [
        "entry",
        "add",
        "--date",
        "2025-03-05",
        "--description",
        "Aporte",
        "--debit",
        "1101=15",
        "--credit",
        credit.as_str(),
    ];
    source.run("en", &add).ok();
    let good = source.bytes();
    const PAGE: usize = 4096;
    let mut damaged_books = 0;
    for start in (PAGE..good.len()).step_by(PAGE) {
        if !matches!(good[start], 1 | 2) {
            continue;
        }
        let mut bytes = good.clone();
        bytes[start + 2] = 0xFF;
        bytes[start + 3] = 0xFF;
        let env = Env::empty();
        std::fs::write(&env.book, &bytes).expect("write the copy");
        let page = start / PAGE;
        let check = env.run("es", &["check"]);
        assert_ne!(check.code, 3, "page {page}: check: {}", check.stderr);
        if check.code == 0 {
            continue; // a page the book no longer uses
        }
        damaged_books += 1;
        assert!(
            check.refused().contains("dañado"),
            "page {page}: {}",
            check.stderr
        );
        let out = env.path("copia.ayni");
        let out = out.to_str().expect("utf-8 path");
        for args in [
            &["entry", "list"][..],
            &["member", "list"],
            &["report", "trial-balance"],
            &["backup", "-o", out],
            &["export", "journal", "-o", "-"],
        ] {
            let r = env.run("en", args);
            assert_ne!(r.code, 3, "page {page}: {args:?}: {}", r.stderr);
            if r.code != 0 {
                assert!(
                    r.refused().contains("damaged"),
                    "page {page}: {args:?}: {}",
                    r.stderr
                );
            }
        }
        let before = std::fs::read(&env.book).expect("read");
        let w = env.run("en", &add);
        assert!(
            w.refused().contains("damaged"),
            "page {page}: entry add: {}",
            w.stderr
        );
        assert!(
            std::fs::read(&env.book).expect("read") == before,
            "page {page}: entry add wrote to a damaged book"
        );
    }
    assert!(
        damaged_books > 0,
        "no damaged page was in use: the test tests nothing"
    );
}
