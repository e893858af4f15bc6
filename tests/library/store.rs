//! The book file: round trip, migration from a fixture, and files ayni must refuse untouched.

use std::path::Path;

use ayni::books::{Book, BookError, Clock};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::ident::make_cedula;
use ayni::domain::member::MemberInput;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::store::{Mode, SCHEMA_VERSION, Store, StoreError, StoreRead, tables};
use chrono::{NaiveDate, NaiveDateTime};
use redb::ReadableDatabase;

fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

fn sample_book(path: &Path) -> Book {
    let settings =
        Settings::new("Asociación Prueba", None, AssocKind::Asociacion).expect("settings");
    let mut book = Book::create_with_clock(path, settings, clock()).expect("created");
    let id = book
        .add_member(&MemberInput {
            id_number: make_cedula(10, 4_000_001),
            first_names: "Rosa".into(),
            last_names: "Sisa".into(),
            gender: "F".into(),
            join_date: "2025-03-01".into(),
            ..Default::default()
        })
        .expect("member")
        .id;
    let date = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
    let lines = vec![
        Posting::debit("1101", Money::from_cents(1_500)),
        Posting::credit("3103", Money::from_cents(1_000)).for_member(id),
        Posting::credit("2101", Money::from_cents(500)).for_member(id),
    ];
    book.post(
        EntryDraft::new(date, "Aporte y ahorro", "R-1", EntryKind::Manual, lines).expect("draft"),
    )
    .expect("posted");
    book
}

/// A digest of the file's bytes (compared, never printed whole).
fn bytes(p: &Path) -> String {
    use sha2::Digest;
    let data = std::fs::read(p).expect("read file");
    format!(
        "{} bytes, sha256 {:x}",
        data.len(),
        sha2::Sha256::digest(&data)
    )
}

#[test]
fn round_trip_survives_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let before = {
        let b = sample_book(&path);
        (
            b.trial_balance(Month::new(2026, 11).expect("m"))
                .expect("tb"),
            b.members().expect("members"),
            b.settings().expect("s"),
        )
    };
    let b = Book::open(&path).expect("reopened");
    assert_eq!(
        b.trial_balance(Month::new(2026, 11).expect("m"))
            .expect("tb"),
        before.0
    );
    assert_eq!(b.members().expect("members"), before.1);
    assert_eq!(b.settings().expect("s"), before.2);
    assert!(b.check().expect("check").ok());
}

#[test]
fn read_only_open_never_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    let snapshot = bytes(&path);
    {
        let b = Book::open_read_only(&path).expect("opened");
        b.check().expect("check");
        b.trial_balance(Month::new(2026, 11).expect("m"))
            .expect("tb");
    }
    assert_eq!(bytes(&path), snapshot);
}

#[test]
fn second_program_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let _held = sample_book(&path);
    for r in [Book::open(&path).err(), Book::open_read_only(&path).err()] {
        let e = r.expect("second open refused");
        assert!(
            matches!(e, BookError::Store(StoreError::Locked(_))),
            "{e:?}"
        );
        assert!(
            e.message(ayni::i18n::Lang::Es)
                .contains("abierto en otro programa ayni")
        );
    }
}

#[test]
fn foreign_damaged_and_missing_files_are_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("notas.txt");
    std::fs::write(&text, "fecha,valor\n2026-01-01,10\n").expect("write");
    let random = dir.path().join("random.bin");
    let noise: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, &noise).expect("write");
    let empty = dir.path().join("vacio.ayni");
    std::fs::write(&empty, b"").expect("write");
    for p in [&text, &random, &empty] {
        let snap = bytes(p);
        for mode in [Mode::ReadWrite, Mode::ReadOnly] {
            let e = Store::open(p, mode).err().expect("refused");
            assert!(matches!(e, StoreError::Foreign(_)), "{p:?}: {e:?}");
        }
        assert_eq!(bytes(p), snap, "{p:?} was modified");
    }

    // A redb database that is not an ayni book.
    let other = dir.path().join("otro.redb");
    {
        let db = redb::Database::create(&other).expect("db");
        let tx = db.begin_write().expect("tx");
        {
            const T: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("cosas");
            let mut t = tx.open_table(T).expect("table");
            t.insert("a", &1).expect("insert");
        }
        tx.commit().expect("commit");
    }
    let snap = bytes(&other);
    let e = Store::open(&other, Mode::ReadOnly).err().expect("refused");
    assert!(matches!(e, StoreError::Foreign(_)), "{e:?}");
    assert_eq!(bytes(&other), snap);

    // Truncated book.
    let book = dir.path().join("b.ayni");
    drop(sample_book(&book));
    let full = std::fs::read(&book).expect("read");
    let cut = dir.path().join("cortado.ayni");
    std::fs::write(&cut, &full[..full.len() / 3]).expect("write");
    let snap = bytes(&cut);
    for r in [Book::open_read_only(&cut).err(), Book::open(&cut).err()] {
        let e = r.expect("truncated book refused");
        assert!(
            matches!(
                e,
                BookError::Store(StoreError::Damaged(..))
                    | BookError::Store(StoreError::Foreign(_))
            ),
            "{e:?}"
        );
    }
    assert_eq!(bytes(&cut), snap);

    // Missing file and missing folder.
    let e = Store::open(&dir.path().join("no.ayni"), Mode::ReadOnly)
        .err()
        .expect("refused");
    assert!(matches!(e, StoreError::NotFound(_)), "{e:?}");
    let e = Store::open(&dir.path().join("nada/no.ayni"), Mode::ReadOnly)
        .err()
        .expect("refused");
    assert!(matches!(e, StoreError::MissingFolder(_)), "{e:?}");
    let s = Settings::new("X", None, AssocKind::Caja).expect("s");
    let e = Book::create(&dir.path().join("nada/no.ayni"), s.clone()).expect_err("refused");
    assert!(
        matches!(e, BookError::Store(StoreError::MissingFolder(_))),
        "{e:?}"
    );
    assert!(!dir.path().join("nada").exists());
    let e = Book::create(&text, s).expect_err("refused");
    assert!(
        matches!(e, BookError::Store(StoreError::AlreadyExists(_))),
        "{e:?}"
    );
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    {
        let db = redb::Database::open(&path).expect("db");
        let tx = db.begin_write().expect("tx");
        {
            let mut t = tx.open_table(tables::META).expect("meta");
            let v = postcard::to_allocvec(&(SCHEMA_VERSION + 1)).expect("encode");
            t.insert("schema_version", v.as_slice()).expect("insert");
        }
        tx.commit().expect("commit");
    }
    let snap = bytes(&path);
    for mode in [Mode::ReadWrite, Mode::ReadOnly] {
        let e = Store::open(&path, mode).err().expect("refused");
        assert!(matches!(e, StoreError::TooNew { .. }), "{e:?}");
        assert!(e.message(ayni::i18n::Lang::En).contains("newer ayni"));
    }
    assert_eq!(bytes(&path), snap);
}

#[test]
fn corrupted_values_give_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        tx.raw_put_entry_bytes(
            1,
            &[
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        )
        .expect("put");
        tx.commit().expect("commit");
    }
    let book = Book::open_read_only(&path).expect("opens");
    let e = book.entry(1).expect_err("decode error");
    assert!(
        matches!(e, BookError::Store(StoreError::Decode { .. })),
        "{e:?}"
    );
    assert!(book.check().is_err());
}

#[test]
fn tampered_history_is_named_by_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    {
        let mut b = sample_book(&path);
        let date = NaiveDate::from_ymd_opt(2026, 11, 4).expect("date");
        for i in 0..3 {
            b.post(
                EntryDraft::new(
                    date,
                    &format!("Gasto {i}"),
                    "",
                    EntryKind::Manual,
                    vec![
                        Posting::debit("4507", Money::from_cents(100)),
                        Posting::credit("1101", Money::from_cents(100)),
                    ],
                )
                .expect("draft"),
            )
            .expect("posted");
        }
    }
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let mut e = tx.entry(3).expect("read").expect("exists");
        e.description = "Gasto cambiado".into();
        tx.raw_put_entry_bytes(3, &postcard::to_allocvec(&e).expect("encode"))
            .expect("put");
        tx.commit().expect("commit");
    }
    let report = Book::open_read_only(&path)
        .expect("open")
        .check()
        .expect("check");
    assert!(!report.ok());
    let p = report.first_problem().expect("problem");
    assert_eq!(p.name, "chain");
    let en = p.detail(ayni::i18n::Lang::En);
    assert!(en.contains("entry 3"), "{en}");
}

/// Migration from schema 1, from a fixture file kept in the repository.
#[test]
fn migrates_schema_1_fixture() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book_schema1.ayni");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("viejo.ayni");
    std::fs::copy(&fixture, &path).expect("copy fixture");
    // Read-only commands do not migrate: they say so and leave the file alone.
    let snap = bytes(&path);
    let e = Store::open(&path, Mode::ReadOnly).err().expect("refused");
    assert!(matches!(e, StoreError::NeedsMigration(_)), "{e:?}");
    assert_eq!(bytes(&path), snap);

    let book = Book::open(&path).expect("migrated on open");
    let version: Option<u32> = {
        drop(book);
        let s = Store::open(&path, Mode::ReadOnly).expect("open");
        s.read()
            .expect("tx")
            .meta_get("schema_version")
            .expect("meta")
    };
    assert_eq!(version, Some(SCHEMA_VERSION));
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".schema1-"))
        .collect();
    assert_eq!(backups.len(), 1, "a backup is taken before migrating");
    let book = Book::open_read_only(&path).expect("open");
    let report = book.check().expect("check");
    assert!(report.ok(), "{:?}", report.first_problem());
    let member = book
        .find_member(&make_cedula(10, 4_000_001))
        .expect("member");
    let balances = book.member_balances(member.id).expect("balances");
    assert_eq!(
        balances
            .iter()
            .find(|b| b.account == "3103")
            .map(|b| b.balance),
        Some(Money::from_cents(-1_000))
    );
    assert_eq!(
        balances
            .iter()
            .find(|b| b.account == "2101")
            .map(|b| b.balance),
        Some(Money::from_cents(-500))
    );
}

/// Writes tests/fixtures/book_schema1.ayni: the schema-1 layout had no
/// member_account_totals table. Run once with `cargo test --test store -- --ignored`.
#[test]
#[ignore]
fn make_schema1_fixture() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/book_schema1.ayni");
    let _ = std::fs::remove_file(&out);
    drop(sample_book(&out));
    let db = redb::Database::open(&out).expect("db");
    let tx = db.begin_write().expect("tx");
    tx.delete_table(tables::MEMBER_ACCOUNT_TOTALS)
        .expect("delete");
    {
        let mut t = tx.open_table(tables::META).expect("meta");
        let v = postcard::to_allocvec(&1u32).expect("encode");
        t.insert("schema_version", v.as_slice()).expect("insert");
    }
    tx.commit().expect("commit");
    let mut db = db;
    db.compact().expect("compact");
    let r = db.begin_read().expect("read");
    assert!(r.open_table(tables::MEMBER_ACCOUNT_TOTALS).is_err());
}

#[test]
fn read_only_file_is_read_but_never_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("chmod");
    let snap = bytes(&path);
    // Even for a user the system lets write anything (root).
    let e = Store::open(&path, Mode::ReadWrite).err().expect("refused");
    assert!(matches!(e, StoreError::ReadOnlyFile(_)), "{e:?}");
    assert!(e.message(ayni::i18n::Lang::Es).contains("solo lectura"));
    assert!(e.message(ayni::i18n::Lang::En).contains("read-only"));
    let b = Book::open_read_only(&path).expect("read-only open works");
    assert_eq!(b.members().expect("members").len(), 1);
    drop(b);
    assert_eq!(bytes(&path), snap);
}

#[test]
fn no_room_to_write_is_a_full_disk() {
    use std::io::{Error, ErrorKind};
    for e in [
        Error::from(ErrorKind::StorageFull),
        Error::from(ErrorKind::FileTooLarge),
        Error::from_raw_os_error(27),
        Error::from_raw_os_error(28),
    ] {
        assert!(ayni::store::is_disk_full(&e), "{e:?}");
    }
    assert!(!ayni::store::is_disk_full(&Error::from(
        ErrorKind::PermissionDenied
    )));
    let m = StoreError::DiskFull.message(ayni::i18n::Lang::Es);
    assert!(m.contains("No hay espacio en el disco"), "{m}");
}

/// Copies of `path`, one per page that holds a tree node (first byte 1, a
/// leaf, or 2, a branch), with that node's entry count set to 65535: the
/// engine then reads past its page ("range end index out of range" and the
/// like, a panic inside redb before issue 15).
fn page_damaged_copies(path: &Path, dir: &Path) -> Vec<(usize, std::path::PathBuf)> {
    const PAGE: usize = 4096;
    let good = std::fs::read(path).expect("read");
    let mut out = Vec::new();
    for start in (PAGE..good.len()).step_by(PAGE) {
        if !matches!(good[start], 1 | 2) {
            continue;
        }
        let mut b = good.clone();
        b[start + 2] = 0xFF;
        b[start + 3] = 0xFF;
        let p = dir.join(format!("page-{}.ayni", start / PAGE));
        std::fs::write(&p, &b).expect("write");
        out.push((start / PAGE, p));
    }
    out
}

/// Issue 15, point 7: a damaged page is "the book is damaged" on every read
/// path (never a panic), and a book whose pages do not read is never written.
#[test]
fn damaged_pages_are_refused_by_every_read_and_every_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let book = sample_book(&path);
    drop(book);
    let copies = page_damaged_copies(&path, dir.path());
    assert!(!copies.is_empty(), "the book has tree pages");
    let mut refused = 0;
    for (page, copy) in &copies {
        let before = std::fs::read(copy).expect("read");
        let outcome = std::panic::catch_unwind(|| {
            let ro = Book::open_read_only(copy);
            let reads = ro.as_ref().ok().map(|b| {
                (
                    b.members().map(|_| ()),
                    b.check().map(|_| ()),
                    b.journal(&Default::default(), 0, 50).map(|_| ()),
                )
            });
            let ro = ro.err();
            let rw = Book::open(copy).map(|_| ()).err();
            (ro, rw, reads)
        });
        let (ro_err, rw_err, _) =
            outcome.unwrap_or_else(|_| panic!("page {page}: a panic reached the caller"));
        match (&ro_err, &rw_err) {
            // A damaged page of the data (every open refuses it) or of the
            // engine's own pages (read by the open that writes: the book can
            // still be read, never written).
            (None | Some(BookError::Store(StoreError::Damaged(..))), Some(e)) => {
                refused += 1;
                assert!(
                    matches!(e, BookError::Store(StoreError::Damaged(..))),
                    "page {page}: the write open gave {e:?}"
                );
                assert!(e.message(ayni::i18n::Lang::Es).contains("dañado"));
                assert!(e.message(ayni::i18n::Lang::En).contains("damaged"));
                assert!(
                    std::fs::read(copy).expect("read") == before,
                    "page {page}: the damaged book was written"
                );
            }
            (None, None) => {} // a page the book no longer uses
            other => panic!("page {page}: {other:?}"),
        }
    }
    assert!(
        refused > 0,
        "no damaged page was in use: the test tests nothing"
    );
}

/// The check's item of the hash chain and the seals, and its English detail.
fn seals_of(book: &Book) -> (bool, String) {
    let report = book.check().expect("check");
    let item = report
        .items
        .iter()
        .find(|i| i.name == "chain")
        .expect("check has a chain item");
    (item.ok, item.detail(ayni::i18n::Lang::En))
}

/// Issue 15, point 8: a member's cédula edited in place in the file (a valid
/// one of the same length) passed `ayni check`; now check names the member.
#[test]
fn a_cedula_edited_in_the_file_is_named_by_check() {
    use ayni::store::raw::RawKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    {
        let book = Book::open_read_only(&path).expect("open");
        assert!(seals_of(&book).0, "a book written by ayni has good seals");
    }
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let mut m = tx.member(1).expect("read").expect("member #1");
        let other = make_cedula(10, 4_000_002);
        assert_eq!(other.len(), m.id_number.len());
        assert_ne!(other, m.id_number);
        m.id_number = other;
        let bytes = postcard::to_allocvec(&m).expect("encode");
        tx.raw_put("members_v1", &RawKey::U32(1), &bytes)
            .expect("raw put");
        tx.commit().expect("commit");
    }
    let book = Book::open_read_only(&path).expect("open");
    let (ok, detail) = seals_of(&book);
    assert!(!ok, "the edited cédula passes check");
    assert!(
        detail.contains("member #1's record was changed outside ayni"),
        "{detail}"
    );
    let report = book.check().expect("check");
    let item = report
        .items
        .iter()
        .find(|i| i.name == "chain")
        .expect("item");
    assert!(
        item.detail(ayni::i18n::Lang::Es)
            .contains("el registro del socio #1 fue cambiado fuera de ayni")
    );
}

/// A record added in the file (no seal) and one removed from it (a seal
/// without its record) are both named; the seals are read one at a time.
#[test]
fn a_record_added_or_removed_in_the_file_is_named_by_check() {
    use ayni::store::raw::RawKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let mut m = tx.member(1).expect("read").expect("member #1");
        m.id = 900;
        let bytes = postcard::to_allocvec(&m).expect("encode");
        tx.raw_put("members_v1", &RawKey::U32(900), &bytes)
            .expect("raw put");
        tx.raw_delete_u32("members_v1", 1).expect("raw delete");
        tx.commit().expect("commit");
    }
    let book = Book::open_read_only(&path).expect("open");
    let (ok, detail) = seals_of(&book);
    assert!(!ok, "an added and a removed member pass check");
    assert!(detail.contains("member #900"), "{detail}");
    assert!(
        detail.contains("member #1's record was removed outside ayni"),
        "{detail}"
    );
}

/// Issue 15, point 8: a loan's stored late rate changed from its figure to
/// 99.00 in the file passed `ayni check` and flowed into the late interest;
/// now check names the loan.
#[test]
fn a_late_rate_edited_in_the_file_is_named_by_check() {
    use ayni::domain::loan::Loan;
    use ayni::store::raw::RawKey;
    use ayni::training::practice::{DemoOptions, create_demo_with_clock};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 6,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    assert!(seals_of(&book).0, "the practice book's seals hold");
    drop(book);
    let id = {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let mut loans: Vec<Loan> = tx.all_u32(tables::LOANS, "loans").expect("loans");
        let mut loan = loans.pop().expect("the practice book has loans");
        assert_ne!(loan.late_rate, rust_decimal::Decimal::new(9900, 2));
        loan.late_rate = rust_decimal::Decimal::new(9900, 2);
        let bytes = postcard::to_allocvec(&loan).expect("encode");
        tx.raw_put("loans_v1", &RawKey::U32(loan.id), &bytes)
            .expect("raw put");
        tx.commit().expect("commit");
        loan.id
    };
    let book = Book::open_read_only(&path).expect("open");
    let (ok, detail) = seals_of(&book);
    assert!(!ok, "the edited late rate passes check");
    assert!(
        detail.contains(&format!("loan #{id}'s record was changed outside ayni")),
        "{detail}"
    );
}

/// A book of schema 3 (before seals) gets its seals when opened to write,
/// after the pre-migration copy; from then on an edit in the file is named.
#[test]
fn a_book_made_before_seals_is_sealed_on_open() {
    use ayni::store::raw::RawKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    drop(sample_book(&path));
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        tx.raw_as_schema_3().expect("schema 3");
        tx.commit().expect("commit");
    }
    assert!(matches!(
        Book::open_read_only(&path),
        Err(BookError::Store(StoreError::NeedsMigration(_)))
    ));
    drop(Book::open(&path).expect("migrated"));
    let backups = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".schema3-"))
        .count();
    assert_eq!(backups, 1, "the pre-migration copy was kept");
    let book = Book::open_read_only(&path).expect("open");
    let (ok, detail) = seals_of(&book);
    assert!(ok, "{detail}");
    assert!(book.check().expect("check").ok());
    drop(book);
    {
        let store = Store::open(&path, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let settings_bytes = tx
            .meta_get_raw("settings")
            .expect("read")
            .expect("settings");
        let mut s: Settings = postcard::from_bytes(&settings_bytes).expect("decode");
        s.name = "Asociación Otra".into();
        let bytes = postcard::to_allocvec(&s).expect("encode");
        tx.raw_put("meta_v1", &RawKey::Str("settings".into()), &bytes)
            .expect("raw put");
        tx.commit().expect("commit");
    }
    let book = Book::open_read_only(&path).expect("open");
    let (ok, detail) = seals_of(&book);
    assert!(!ok);
    assert!(
        detail.contains("the book's settings record was changed outside ayni"),
        "{detail}"
    );
}
