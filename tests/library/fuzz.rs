//! Fuzz targets (issue 9): bad input from the keyboard, a CSV or a damaged
//! file never panics; it gives a clear error in both languages and changes
//! nothing.
//!
//! One proptest per target. `AYNI_FUZZ_CASES` sets the number of cases of
//! every target (each has a small default so that `cargo test` stays fast);
//! `scripts/fuzz.sh` runs them for longer with distinct seeds
//! (`PROPTEST_RNG_SEED`). Failures are saved by proptest next to this file in
//! `fuzz.proptest-regressions` and replayed first on every run.
//!
//! Targets (test names, for `cargo test --test library fuzz::NAME`):
//! `fuzz_money`, `fuzz_posting`, `fuzz_date`, `fuzz_month`, `fuzz_ident`,
//! `fuzz_csv_import`, `fuzz_text`, `fuzz_stored_values`, `fuzz_keyboard`.

use std::path::{Path, PathBuf};

use ayni::books::{Book, BookError, Clock};
use ayni::domain::date::{format_date, parse_date};
use ayni::domain::entry::{EntryDraft, EntryKind, Posting, Side};
use ayni::domain::ident::{IdKind, guess_kind, make_cedula, validate_id};
use ayni::domain::member::MemberInput;
use ayni::domain::money::{MAX_CENTS, Money, MoneyError};
use ayni::domain::period::Month;
use ayni::domain::settings::{AssocKind, Settings};
use ayni::i18n::Lang;
use ayni::store::raw::{RAW_TABLES, RawKey};
use ayni::store::{Mode, Store};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError, TestRunner};

// ---------------------------------------------------------------------------
// Harness

/// The number of cases: `AYNI_FUZZ_CASES`, or the target's default.
fn cases(default: u32) -> u32 {
    std::env::var("AYNI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A proptest configuration with the case count from the environment; the
/// rest (seed, persistence of failures next to this file) as proptest does.
fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        source_file: Some(file!()),
        // Shrinking a slow case (a whole book) must not run for ever.
        max_shrink_iters: 256,
        // `tests/library/fuzz.proptest-regressions` (proptest's default would
        // look for the crate root and find this binary's main.rs instead).
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Runs a manual proptest runner (for targets that build a book once).
fn run<S: Strategy>(
    name: &'static str,
    default: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut cfg = config(default);
    cfg.test_name = Some(name);
    let mut runner = TestRunner::new(cfg);
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
}

/// The practice books' clock: 20 November 2026, 10:00.
fn clock() -> Clock {
    Clock::Fixed(
        NaiveDateTime::parse_from_str("2026-11-20 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap_or_default(),
    )
}

/// An error message must say something, in both languages, and differently.
fn assert_messages(es: String, en: String) -> Result<(), TestCaseError> {
    prop_assert!(!es.trim().is_empty(), "empty Spanish message");
    prop_assert!(!en.trim().is_empty(), "empty English message");
    Ok(())
}

fn book_messages(e: &BookError) -> Result<(), TestCaseError> {
    assert_messages(e.message(Lang::Es), e.message(Lang::En))
}

/// A copy of `base` for one case, under a name no other case uses.
fn copy_book(base: &Path, dir: &Path, n: &mut u64) -> PathBuf {
    *n += 1;
    let p = dir.join(format!("case-{n}.ayni"));
    std::fs::copy(base, &p).expect("copy of the book");
    p
}

/// Removes a case's book and anything written beside it (backups, exports).
fn clean(dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n != "base.ayni") {
                if p.is_dir() {
                    let _ = std::fs::remove_dir_all(&p);
                } else {
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
    }
}

/// A practice book (12 members, 3 months: dues, savings, fund, loans, closed
/// months) at `dir/base.ayni`, made once per test and copied per case.
fn practice_base(dir: &Path) -> PathBuf {
    let path = dir.join("base.ayni");
    let (book, _) = create_demo_with_clock(
        &path,
        &DemoOptions {
            members: 12,
            months: 3,
            seed: 3,
            force: false,
        },
        clock(),
    )
    .expect("demo");
    drop(book);
    path
}

// ---------------------------------------------------------------------------
// 1. Money

/// Text built from what amounts are made of, and what people type near them.
fn amount_alphabet() -> impl Strategy<Value = String> {
    let chars = vec![
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '5', '9', ',', '.', ',', '.',
        '-', '+', ' ', '$', '€', '\u{a0}', '\t', '\n', '٣', '１', '߂', '²', 'e', 'E', '_', '\'',
        '%', '(', ')',
    ];
    prop::collection::vec(prop::sample::select(chars), 0..32).prop_map(|v| v.into_iter().collect())
}

/// A well-formed amount and what the documented rules make of it.
#[derive(Clone, Debug)]
struct Written {
    text: String,
    expected: Result<i64, fn(&MoneyError) -> bool>,
}

fn written_amount() -> impl Strategy<Value = Written> {
    (
        "[1-9][0-9]{0,17}|0",
        "[0-9]{0,5}",
        any::<bool>(),
        any::<bool>(),
        0usize..6,
        "[ \t]{0,2}",
    )
        .prop_map(|(int, frac, comma_decimal, grouped, prefix, pad)| {
            let (dec, group) = if comma_decimal {
                (',', '.')
            } else {
                ('.', ',')
            };
            let grouped = grouped && int.len() > 3;
            let mut int_text = String::new();
            for (i, c) in int.chars().enumerate() {
                if grouped && i > 0 && (int.len() - i) % 3 == 0 {
                    int_text.push(group);
                }
                int_text.push(c);
            }
            let prefixes = ["", "$", "$ ", "-", "-$", "- $ "];
            let negative = prefix >= 3;
            let mut text = format!("{pad}{}{int_text}", prefixes[prefix]);
            if !frac.is_empty() {
                text.push(dec);
                text.push_str(&frac);
            }
            text.push_str(&pad);
            let group_count = int_text.matches(group).count();
            let expected: Result<i64, fn(&MoneyError) -> bool> =
                if frac.len() > 3 || (frac.len() == 3 && grouped) {
                    Err(|e| matches!(e, MoneyError::TooManyDecimals(_)))
                } else if (frac.len() == 3 && !grouped) || (frac.is_empty() && group_count == 1) {
                    Err(|e| matches!(e, MoneyError::Ambiguous(_)))
                } else if int.len() > 12 {
                    Err(|e| matches!(e, MoneyError::OutOfRange(_)))
                } else {
                    let whole: i64 = int.parse().unwrap_or(-1);
                    let f: i64 = match frac.len() {
                        0 => 0,
                        1 => frac.parse::<i64>().unwrap_or(-1) * 10,
                        _ => frac.parse().unwrap_or(-1),
                    };
                    let c = whole * 100 + f;
                    Ok(if negative { -c } else { c })
                };
            Written { text, expected }
        })
}

/// Whatever `Money::parse` accepts is in range and reads back the same from
/// each of the forms ayni writes.
fn money_holds(s: &str) -> Result<(), TestCaseError> {
    match Money::parse(s) {
        Ok(m) => {
            prop_assert!(m.cents().abs() <= MAX_CENTS, "{s:?} gave {m:?}");
            prop_assert_eq!(Money::parse(&m.plain()), Ok(m));
            prop_assert_eq!(Money::parse(&m.localized(Lang::Es)), Ok(m));
            prop_assert_eq!(Money::parse(&m.localized(Lang::En)), Ok(m));
            prop_assert_eq!(Money::parse(&format!(" {} ", m)), Ok(m));
        }
        Err(e) => assert_messages(e.message(Lang::Es), e.message(Lang::En))?,
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// Target 1: amounts.
    #[test]
    fn fuzz_money(
        any_text in "\\PC{0,40}",
        alphabet in amount_alphabet(),
        written in written_amount(),
        huge in "[1-9][0-9]{12,400}",
        huge_grouped in "[0-9.,]{20,3000}",
    ) {
        money_holds(&any_text)?;
        money_holds(&alphabet)?;
        money_holds(&huge_grouped)?;
        // Beyond 999,999,999,999.99 is an error, never a wrap.
        prop_assert!(matches!(Money::parse(&huge), Err(MoneyError::OutOfRange(_))), "{huge}");
        let with_cents = format!("{huge},00");
        prop_assert!(Money::parse(&with_cents).is_err(), "{}", with_cents);
        let negative = format!("-{huge}");
        prop_assert!(Money::parse(&negative).is_err(), "{}", negative);
        // Well-formed amounts give what the documented rules say.
        money_holds(&written.text)?;
        let got = Money::parse(&written.text);
        match written.expected {
            Ok(c) => prop_assert_eq!(got, Ok(Money::from_cents(c)), "{:?}", written.text),
            Err(is) => prop_assert!(
                got.as_ref().is_err_and(is),
                "{:?} gave {:?}", written.text, got
            ),
        }
    }

    /// Target 2: dates typed as text.
    #[test]
    fn fuzz_date(
        any_text in "\\PC{0,24}",
        shaped in "[ ]?[0-9+-]{0,5}[-/.][0-9+-]{0,3}[-/.][0-9+-]{0,5}[ ]?",
        y in 1800i32..2300, m in 0u32..14, d in 0u32..33, form in 0usize..3,
    ) {
        let built = match form {
            0 => format!("{y:04}-{m:02}-{d:02}"),
            1 => format!("{d:02}/{m:02}/{y:04}"),
            _ => format!("{d}-{m}-{y}"),
        };
        for s in [any_text.as_str(), shaped.as_str(), built.as_str()] {
            match parse_date(s) {
                Ok(date) => {
                    prop_assert!((1900..=2200).contains(&chrono::Datelike::year(&date)));
                    prop_assert_eq!(parse_date(&format_date(date, Lang::Es)), Ok(date));
                    prop_assert_eq!(parse_date(&format_date(date, Lang::En)), Ok(date));
                }
                Err(e) => assert_messages(e.message(Lang::Es), e.message(Lang::En))?,
            }
        }
        // A real day in range is accepted in each written form.
        if let Some(real) = NaiveDate::from_ymd_opt(y, m, d)
            && (1900..=2200).contains(&y)
        {
            prop_assert_eq!(parse_date(&built), Ok(real), "{}", built);
        }
    }

    /// Target 2: months (`YYYY-MM`, `MM/YYYY`).
    #[test]
    fn fuzz_month(
        any_text in "\\PC{0,16}",
        shaped in "[ ]?[0-9+-]{0,5}[-/][0-9+-]{0,3}[ ]?",
        key in any::<u32>(),
    ) {
        for s in [any_text.as_str(), shaped.as_str()] {
            match Month::parse(s) {
                Ok(m) => {
                    prop_assert_eq!(Month::parse(&m.to_string()), Ok(m));
                    prop_assert!((1900..=2200).contains(&m.year()));
                    prop_assert!(m.first_day() <= m.last_day());
                    prop_assert!(m.contains(m.first_day()) && m.contains(m.last_day()));
                    prop_assert!(!m.name(Lang::Es).is_empty() && !m.name(Lang::En).is_empty());
                    prop_assert_eq!(m.next().prev(), m);
                }
                Err(e) => assert_messages(e.message(Lang::Es), e.message(Lang::En))?,
            }
        }
        // A month read back from any stored key can be shown and stepped.
        let m = Month::from_key(key);
        let _ = (m.to_string(), m.name(Lang::Es), m.first_day(), m.last_day(), m.prev());
    }

    /// Target 3: identification numbers.
    #[test]
    fn fuzz_ident(
        any_text in "\\PC{0,30}",
        digits in "[0-9 -]{0,16}",
        province in 0u8..30, body in any::<u32>(), pos in 0usize..10, digit in 0u8..10,
    ) {
        let valid = make_cedula(province, body);
        let mut typo: Vec<u8> = valid.bytes().collect();
        typo[pos] = b'0' + digit;
        let typo = String::from_utf8(typo).unwrap_or_default();
        prop_assert_eq!(validate_id(IdKind::Cedula, &valid), Ok(valid.clone()));
        for s in [any_text.as_str(), digits.as_str(), valid.as_str(), typo.as_str()] {
            for kind in [IdKind::Cedula, IdKind::Ruc, IdKind::Passport, guess_kind(s)] {
                match validate_id(kind, s) {
                    // Normalised numbers validate again to themselves.
                    Ok(n) => prop_assert_eq!(validate_id(kind, &n), Ok(n.clone())),
                    Err(e) => assert_messages(e.message(Lang::Es), e.message(Lang::En))?,
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 1b. Postings typed on the command line: ACCOUNT=AMOUNT[@MEMBER]

#[test]
fn fuzz_posting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.ayni");
    let settings = Settings::new("Caja Fuzz", None, AssocKind::Caja).expect("settings");
    let mut book = Book::create_with_clock(&path, settings, clock()).expect("book");
    let member = book
        .add_member(&MemberInput {
            id_number: make_cedula(10, 4_000_001),
            first_names: "Rosa".into(),
            last_names: "Sisa".into(),
            gender: "F".into(),
            join_date: "2025-03-01".into(),
            ..Default::default()
        })
        .expect("member");
    let spec = (
        prop::sample::select(vec!["1101", "4507", "", " 1101 ", "x", "١١٠١"]),
        prop_oneof![
            amount_alphabet(),
            "\\PC{0,12}",
            written_amount().prop_map(|w| w.text)
        ],
        prop::sample::select(vec![
            "".to_string(),
            "@".to_string(),
            "@1".to_string(),
            format!("@{}", member.id_number),
            "@999999".to_string(),
            "@Sisa".to_string(),
            "@ ".to_string(),
        ]),
        any::<bool>(),
        "\\PC{0,20}",
    );
    run(
        "fuzz::fuzz_posting",
        256,
        spec,
        |(account, amount, who, debit, junk)| {
            let side = if debit { Side::Debit } else { Side::Credit };
            for s in [format!("{account}={amount}{who}"), junk] {
                match ayni::cli::entries::parse_posting(&book, &s, side) {
                    Ok(p) => {
                        let typed = s.split_once('=').map(|(_, r)| r).unwrap_or("");
                        let typed = typed.split_once('@').map(|(a, _)| a).unwrap_or(typed);
                        prop_assert_eq!(Ok(p.amount), Money::parse(typed), "{}", s);
                        prop_assert_eq!(p.side, side);
                    }
                    Err(e) => assert_messages(e.message(Lang::Es), e.message(Lang::En))?,
                }
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// 4. CSV member import

const HEADERS_EN: [&str; 8] = [
    "id_number",
    "first_names",
    "last_names",
    "gender",
    "birth_date",
    "join_date",
    "phone",
    "community",
];
const HEADERS_ES: [&str; 8] = [
    "cédula",
    "nombres",
    "apellidos",
    "género",
    "fecha_nacimiento",
    "fecha_ingreso",
    "teléfono",
    "comunidad",
];
/// Columns an import can do without.
const OPTIONAL: [usize; 3] = [4, 6, 7];

/// Something done to the table before it is written.
#[derive(Clone, Debug)]
enum Shape {
    DropColumn(usize),
    DuplicateColumn(usize),
    DuplicateRow(usize),
    HugeField { row: usize, col: usize, len: usize },
    ExistingCedula(usize),
    BadCedula { row: usize, text: String },
}

/// Something done to the bytes after.
#[derive(Clone, Debug)]
enum Damage {
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Replace(usize, u8),
}

#[derive(Clone, Debug)]
struct CsvCase {
    rows: Vec<[String; 8]>,
    spanish: bool,
    order: Vec<usize>,
    semicolon: bool,
    quote_all: bool,
    crlf: bool,
    bom: bool,
    blank_lines: bool,
    shapes: Vec<Shape>,
    damage: Vec<Damage>,
}

impl CsvCase {
    /// Changes that keep exactly the same members (a column given twice is
    /// refused, naming both).
    fn benign(&self) -> bool {
        self.damage.is_empty()
            && !self.duplicated_column()
            && self.shapes.iter().all(|s| match s {
                Shape::DropColumn(c) => OPTIONAL.contains(c),
                Shape::DuplicateColumn(_) => true,
                _ => false,
            })
    }

    /// The columns written, in order, after the shapes.
    fn columns(&self) -> Vec<usize> {
        let mut cols: Vec<usize> = self.order.clone();
        for s in &self.shapes {
            match s {
                Shape::DropColumn(c) => cols.retain(|x| x != c),
                Shape::DuplicateColumn(c) if cols.contains(c) => cols.push(*c),
                _ => {}
            }
        }
        cols
    }

    fn duplicated_column(&self) -> bool {
        let cols = self.columns();
        cols.iter().enumerate().any(|(i, c)| cols[..i].contains(c))
    }

    fn cedulas(&self) -> Vec<String> {
        self.rows.iter().map(|r| r[0].clone()).collect()
    }

    fn bytes(&self, existing: &str) -> Vec<u8> {
        let names = if self.spanish { HEADERS_ES } else { HEADERS_EN };
        let cols = self.columns();
        let mut rows = self.rows.clone();
        for s in &self.shapes {
            match s {
                Shape::DropColumn(_) | Shape::DuplicateColumn(_) => {}
                Shape::DuplicateRow(r) => {
                    if let Some(row) = rows.get(r % rows.len().max(1)).cloned() {
                        rows.push(row);
                    }
                }
                Shape::HugeField { row, col, len } => {
                    let n = rows.len().max(1);
                    if let Some(r) = rows.get_mut(row % n) {
                        r[*col] = "x".repeat(*len);
                    }
                }
                Shape::ExistingCedula(r) => {
                    let n = rows.len().max(1);
                    if let Some(row) = rows.get_mut(r % n) {
                        row[0] = existing.to_string();
                    }
                }
                Shape::BadCedula { row, text } => {
                    let n = rows.len().max(1);
                    if let Some(r) = rows.get_mut(row % n) {
                        r[0] = text.clone();
                    }
                }
            }
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(if self.semicolon { b';' } else { b',' })
            .quote_style(if self.quote_all {
                csv::QuoteStyle::Always
            } else {
                csv::QuoteStyle::Necessary
            })
            .terminator(if self.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        let _ = w.write_record(cols.iter().map(|&c| names[c]));
        for r in &rows {
            let _ = w.write_record(cols.iter().map(|&c| r[c].as_str()));
        }
        let mut out = Vec::new();
        if self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend(w.into_inner().unwrap_or_default());
        if self.blank_lines {
            out.extend_from_slice(if self.crlf { b"\r\n\r\n" } else { b"\n\n" });
        }
        for d in &self.damage {
            let n = out.len().max(1);
            match *d {
                Damage::Insert(p, b) => out.insert(p % (n + 1).min(out.len() + 1), b),
                Damage::Delete(p, len) => {
                    let p = p % n;
                    let end = (p + len).min(out.len());
                    if p < end {
                        out.drain(p..end);
                    }
                }
                Damage::Truncate(p) => out.truncate(p % n),
                Damage::Replace(p, b) => {
                    if let Some(x) = out.get_mut(p % n) {
                        *x = b;
                    }
                }
            }
        }
        out
    }
}

fn csv_case() -> impl Strategy<Value = CsvCase> {
    let names = vec![
        "Rosa",
        "José María",
        "Ñusta",
        "O'Neil",
        "Ana \"Anita\"",
        "Luz, Clara",
    ];
    let row = (
        prop::sample::select(names.clone()),
        prop::sample::select(names),
        prop::sample::select(vec!["F", "M", "femenino", "masculino"]),
        prop::sample::select(vec!["", "1980-05-02", "02/05/1980"]),
        prop::sample::select(vec!["2025-01-15", "15/01/2025", "2026-11-20"]),
        prop::sample::select(vec!["", "0991234567", "+593 99 123 4567"]),
        prop::sample::select(vec!["", "San Pablo", "Peguche; Alto"]),
    );
    let shape =
        prop_oneof![
            (0usize..8).prop_map(Shape::DropColumn),
            (0usize..8).prop_map(Shape::DuplicateColumn),
            (0usize..8).prop_map(Shape::DuplicateRow),
            (0usize..8, 1usize..3, 100usize..200_000)
                .prop_map(|(row, col, len)| Shape::HugeField { row, col, len }),
            (0usize..8).prop_map(Shape::ExistingCedula),
            (0usize..8, "[0-9]{0,14}|\\PC{0,12}")
                .prop_map(|(row, text)| Shape::BadCedula { row, text }),
        ];
    let damage = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Damage::Insert(p, b)),
        (
            any::<usize>(),
            prop::sample::select(vec![b'"', b',', b';', b'\n', b'\r', 0, 0xff, 0xc3])
        )
            .prop_map(|(p, b)| Damage::Insert(p, b)),
        (any::<usize>(), 1usize..40).prop_map(|(p, l)| Damage::Delete(p, l)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Damage::Replace(p, b)),
    ];
    (
        prop::collection::btree_set(0u32..6_000_000, 1..6),
        prop::collection::vec(row, 6),
        any::<bool>(),
        Just((0usize..8).collect::<Vec<_>>()).prop_shuffle(),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        prop::collection::vec(shape, 0..3),
        prop::collection::vec(damage, 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(
                bodies,
                rows,
                spanish,
                order,
                (semicolon, quote_all, crlf, bom, blank_lines),
                shapes,
                damage,
                no_shapes,
            )| {
                let rows = bodies
                    .iter()
                    .zip(rows)
                    .enumerate()
                    .map(
                        |(i, (body, (first, last, gender, birth, join, phone, community)))| {
                            [
                                make_cedula((i % 24) as u8 + 1, *body),
                                first.to_string(),
                                last.to_string(),
                                gender.to_string(),
                                birth.to_string(),
                                join.to_string(),
                                phone.to_string(),
                                community.to_string(),
                            ]
                        },
                    )
                    .collect();
                // Half the cases keep the table whole, so benign variants get tested often.
                let (shapes, damage) = if no_shapes {
                    (Vec::new(), Vec::new())
                } else {
                    (shapes, damage)
                };
                CsvCase {
                    rows,
                    spanish,
                    order,
                    semicolon,
                    quote_all,
                    crlf,
                    bom,
                    blank_lines,
                    shapes,
                    damage,
                }
            },
        )
}

/// What a refusal must leave as it was.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    members: Vec<(u32, String)>,
    entries: u64,
    check_ok: bool,
}

fn snapshot(book: &Book) -> Snapshot {
    Snapshot {
        members: book
            .members()
            .expect("members")
            .into_iter()
            .map(|m| (m.id, m.id_number))
            .collect(),
        entries: book.entry_count(None).expect("entries"),
        check_ok: book.check().expect("check").ok(),
    }
}

#[test]
fn fuzz_csv_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.ayni");
    let existing = make_cedula(10, 4_000_001);
    {
        let settings = Settings::new("Caja Fuzz", None, AssocKind::Caja).expect("settings");
        let mut book = Book::create_with_clock(&base, settings, clock()).expect("book");
        let m = book
            .add_member(&MemberInput {
                id_number: existing.clone(),
                first_names: "Rosa".into(),
                last_names: "Sisa".into(),
                gender: "F".into(),
                join_date: "2025-03-01".into(),
                ..Default::default()
            })
            .expect("member");
        let date = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
        book.post(
            EntryDraft::new(
                date,
                "Aporte",
                "",
                EntryKind::Manual,
                vec![
                    Posting::debit("1101", Money::from_cents(1000)),
                    Posting::credit("310105", Money::from_cents(1000)).for_member(m.id),
                ],
            )
            .expect("draft"),
        )
        .or_else(|_| {
            book.post(
                EntryDraft::new(
                    date,
                    "Gasto",
                    "",
                    EntryKind::Manual,
                    vec![
                        Posting::debit("4507", Money::from_cents(1000)),
                        Posting::credit("2506", Money::from_cents(1000)),
                    ],
                )
                .expect("draft"),
            )
        })
        .expect("entry");
    }
    let cell = std::cell::Cell::new(0u64);
    let arbitrary = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        "\\PC{0,400}".prop_map(String::into_bytes),
    ];
    run(
        "fuzz::fuzz_csv_import",
        96,
        (csv_case(), arbitrary, any::<bool>()),
        |(case, junk, use_junk)| {
            let mut n = cell.get();
            let path = copy_book(&base, dir.path(), &mut n);
            cell.set(n);
            let bytes = if use_junk {
                junk
            } else {
                case.bytes(&existing)
            };
            let mut book = Book::open(&path).expect("open");
            book.set_clock(clock());
            let before = snapshot(&book);
            let preview = book.preview_import(&bytes);
            let result = book.import_members(&bytes);
            let after = snapshot(&book);
            prop_assert!(after.check_ok, "check fails after an import");
            match &result {
                Ok(added) => {
                    let preview = preview.expect("a preview when the import worked");
                    prop_assert!(preview.errors.is_empty());
                    prop_assert_eq!(*added, preview.members.len());
                    prop_assert_eq!(after.members.len(), before.members.len() + added);
                    prop_assert_eq!(after.entries, before.entries);
                    // Members come sorted by name: the new ones are those not there before.
                    let new: Vec<String> = after
                        .members
                        .iter()
                        .filter(|m| !before.members.contains(m))
                        .map(|(_, c)| c.clone())
                        .collect();
                    prop_assert_eq!(new.len(), *added);
                    let mut sorted = new.clone();
                    sorted.sort();
                    sorted.dedup();
                    prop_assert_eq!(sorted.len(), new.len(), "a cédula imported twice");
                    if !use_junk && case.benign() {
                        let mut want = case.cedulas();
                        want.sort();
                        prop_assert_eq!(sorted, want);
                    }
                    prop_assert!(
                        use_junk || !case.damage.is_empty() || !case.duplicated_column(),
                        "a column given twice was accepted"
                    );
                    // Nothing imported holds a control or invisible character.
                    for m in book.members().expect("members") {
                        for t in [&m.first_names, &m.last_names, &m.community, &m.phone] {
                            prop_assert!(
                                ayni::domain::text::find_forbidden(t).is_none(),
                                "imported {:?}",
                                t
                            );
                        }
                    }
                }
                Err(e) => {
                    prop_assert_eq!(&after, &before, "a refused import changed the book");
                    book_messages(e)?;
                    if let BookError::Import(p) = e {
                        prop_assert!(!p.errors.is_empty());
                        for le in &p.errors {
                            assert_messages(le.message(Lang::Es), le.message(Lang::En))?;
                        }
                    }
                    prop_assert!(
                        use_junk || !case.benign(),
                        "a benign variant of a valid file was refused: {}",
                        e.message(Lang::En)
                    );
                }
            }
            drop(book);
            clean(dir.path());
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// 4b. Control and invisible characters in stored text

/// Text with the characters that must never be stored nor printed raw:
/// C0 and C1 controls, DEL, direction overrides and isolates, zero-width
/// characters, line separators, tags, Hangul fillers, combining marks alone.
fn hostile_text() -> impl Strategy<Value = String> {
    let nasty = prop::sample::select(vec![
        '\u{0}',
        '\u{7}',
        '\u{8}',
        '\t',
        '\n',
        '\u{b}',
        '\r',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{ad}',
        '\u{200b}',
        '\u{200d}',
        '\u{200e}',
        '\u{202a}',
        '\u{202e}',
        '\u{2028}',
        '\u{2060}',
        '\u{2066}',
        '\u{2069}',
        '\u{3164}',
        '\u{feff}',
        '\u{e0041}',
        '\u{301}',
        '\u{a0}',
        ' ',
    ]);
    let piece = prop_oneof![
        3 => prop::sample::select(vec!["Rosa", "Ñusta", "Pago de luz", "Acta 4", "José", "=1+2", "'"]).prop_map(String::from),
        3 => nasty.prop_map(String::from),
        1 => "\\PC{0,6}",
        1 => "[\\x00-\\x1f]{1,3}\\[2J\\x1b\\]0;x\\x07",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

/// No character the rule forbids, outside the layout of a document (line
/// ends, `\r\n` included, and tabs).
fn no_raw(what: &str, s: &str) -> Result<(), TestCaseError> {
    let bad = s
        .replace("\r\n", "\n")
        .chars()
        .find(|&c| ayni::domain::text::forbidden(c) && !matches!(c, '\n' | '\t'));
    prop_assert!(bad.is_none(), "{} prints {:?} raw: {:?}", what, bad, s);
    Ok(())
}

#[derive(Clone, Debug)]
enum TextTarget {
    FirstNames,
    Community,
    Description,
    Reference,
    AccountName,
    RetireReason,
    BookName,
}

#[test]
fn fuzz_text() {
    use ayni::domain::text::{find_forbidden, has_visible};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.ayni");
    let settings = Settings::new("Caja Texto", None, AssocKind::Caja).expect("settings");
    let book =
        std::cell::RefCell::new(Book::create_with_clock(&path, settings, clock()).expect("book"));
    let body = std::cell::Cell::new(5_000_000u32);
    let target = prop::sample::select(vec![
        TextTarget::FirstNames,
        TextTarget::Community,
        TextTarget::Description,
        TextTarget::Reference,
        TextTarget::AccountName,
        TextTarget::RetireReason,
        TextTarget::BookName,
    ]);
    run(
        "fuzz::fuzz_text",
        256,
        (target, hostile_text()),
        |(target, text)| {
            let mut book = book.borrow_mut();
            let date = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
            body.set(body.get() + 1);
            let member = MemberInput {
                id_number: make_cedula(10, body.get()),
                first_names: "Rosa".into(),
                last_names: "Sisa".into(),
                gender: "F".into(),
                join_date: "2025-03-01".into(),
                ..Default::default()
            };
            // What was stored, when the operation went through.
            let stored: Result<Vec<String>, String> = match target {
                TextTarget::FirstNames | TextTarget::Community => {
                    let input = match target {
                        TextTarget::FirstNames => MemberInput {
                            first_names: text.clone(),
                            ..member
                        },
                        _ => MemberInput {
                            community: text.clone(),
                            ..member
                        },
                    };
                    book.add_member(&input)
                        .map(|m| vec![m.full_name(), m.first_names, m.community])
                        .map_err(|e| e.message(Lang::Es) + &e.message(Lang::En))
                }
                TextTarget::Description | TextTarget::Reference => {
                    let (d, r) = match target {
                        TextTarget::Description => (text.as_str(), ""),
                        _ => ("Luz", text.as_str()),
                    };
                    EntryDraft::new(
                        date,
                        d,
                        r,
                        EntryKind::Manual,
                        vec![
                            Posting::debit("4503", Money::from_cents(1)),
                            Posting::credit("1101", Money::from_cents(1)),
                        ],
                    )
                    .map(|d| vec![d.description().to_string(), d.reference().to_string()])
                    .map_err(|e| e.message(Lang::Es) + &e.message(Lang::En))
                }
                TextTarget::AccountName => {
                    let code = format!("4507{:02}", body.get() % 90 + 10);
                    match book.add_sub_account("4507", &code, &text) {
                        Ok(a) => Ok(vec![a.name]),
                        Err(BookError::AccountExists(_)) => Ok(vec![]),
                        Err(e) => Err(e.message(Lang::Es) + &e.message(Lang::En)),
                    }
                }
                TextTarget::RetireReason => {
                    let m = book.add_member(&member).expect("a plain member");
                    book.retire_member(m.id, date, &text)
                        .map(|(m, _)| match m.status {
                            ayni::domain::member::MemberStatus::Retired { reason, .. } => {
                                vec![reason]
                            }
                            _ => vec![],
                        })
                        .map_err(|e| e.message(Lang::Es) + &e.message(Lang::En))
                }
                TextTarget::BookName => Settings::new(&text, None, AssocKind::Caja)
                    .map(|s| vec![s.name])
                    .map_err(|e| e.message(Lang::Es) + &e.message(Lang::En)),
            };
            match stored {
                Ok(texts) => {
                    for t in &texts {
                        prop_assert!(
                            find_forbidden(t).is_none(),
                            "stored {:?} from {:?}",
                            t,
                            text
                        );
                        prop_assert!(t.is_empty() || has_visible(t), "stored {:?}", t);
                    }
                }
                Err(msg) => {
                    prop_assert!(!msg.trim().is_empty());
                    // A message quoting the text would be printed escaped.
                    no_raw("a message", &ayni::domain::text::visible_document(&msg))?;
                }
            }
            // Whatever the text, what prints it has nothing raw.
            no_raw(
                "a CSV cell",
                &ayni::report::trial_balance::sheet_safe(&text),
            )?;
            let mut t =
                ayni::report::table::Table::new(vec![ayni::report::table::Column::left("x", 0)]);
            t.row(&[text.as_str()]);
            no_raw("a table", &t.render())?;
            no_raw("a document", &ayni::domain::text::visible_document(&text))?;
            let members = book.members().expect("members");
            no_raw(
                "the member list",
                &ayni::report::members::list_csv(&members, Lang::Es),
            )?;
            no_raw(
                "the member table",
                &ayni::report::members::list_table(&members, Lang::En),
            )?;
            Ok(())
        },
    );
    let book = book.into_inner();
    assert_checks(&book);
}

fn assert_checks(book: &Book) {
    assert!(
        book.check().expect("check").ok(),
        "the book checks after the text cases"
    );
}

// ---------------------------------------------------------------------------
// 5. Stored values

/// One stored value: its key and bytes.
type StoredValue = (RawKey, Vec<u8>);

#[derive(Clone, Debug)]
enum Corrupt {
    Random(Vec<u8>),
    Flip {
        at: usize,
        mask: u8,
    },
    Truncate(usize),
    Append(Vec<u8>),
    Empty,
    /// A number where the value was (counters, month keys, amounts): its
    /// postcard encoding, then the rest of the old value.
    Number(u64, bool),
}

/// Runs every read the program makes on a book; each gives a value or an
/// error with a message, never a panic.
fn read_everything(path: &Path) -> Result<(), TestCaseError> {
    let book = match Book::open_read_only(path) {
        Ok(b) => b,
        Err(e) => return book_messages(&e),
    };
    let mut book = book;
    book.set_clock(clock());
    macro_rules! tolerate {
        ($e:expr) => {
            match $e {
                Ok(v) => Some(v),
                Err(e) => {
                    book_messages(&e)?;
                    None
                }
            }
        };
    }
    if let Some(r) = tolerate!(book.check()) {
        for item in &r.items {
            prop_assert!(!item.title(Lang::Es).is_empty() && !item.title(Lang::En).is_empty());
            let _ = (item.detail(Lang::Es), item.detail(Lang::En));
        }
    }
    let _ = tolerate!(book.settings());
    let _ = tolerate!(book.closed_through());
    let month = tolerate!(book.current_month()).unwrap_or(Month::of(book.today()));
    let today = book.today();
    let _ = tolerate!(book.trial_balance(month));
    let _ = tolerate!(book.dashboard());
    let _ = tolerate!(book.entry_count(None));
    let _ = tolerate!(book.journal(&Default::default(), 0, 50));
    let _ = tolerate!(book.account_balances(month));
    let members = tolerate!(book.members()).unwrap_or_default();
    for m in members.iter().take(3) {
        let _ = tolerate!(book.member_balances(m.id));
        let _ = tolerate!(book.member_savings(m.id));
        let _ = tolerate!(book.owed(m.id, month));
        let _ = tolerate!(ayni::report::member_statement::member_statement(
            &book,
            m.id,
            month.prev().prev(),
            month,
            Lang::Es
        ));
    }
    if let Some(loans) = tolerate!(book.loans()) {
        for l in loans.iter().take(3) {
            let _ = tolerate!(book.loan_events(l.id));
            let _ = ayni::report::loans::schedule_table(l, today, Lang::En);
        }
    }
    let _ = tolerate!(book.loan_portfolio(today));
    let _ = tolerate!(book.arrears(month));
    let _ = tolerate!(book.collection(month));
    let _ = tolerate!(book.charge_types());
    let _ = tolerate!(book.all_savings());
    let _ = tolerate!(book.fund_grants());
    let _ = tolerate!(ayni::report::savings::fund_statement(&book, Some(month)));
    let _ = tolerate!(ayni::report::statements::trial_balance(
        &book,
        month,
        Lang::Es
    ));
    let _ = tolerate!(ayni::report::statements::income_statement(
        &book,
        month,
        Lang::En
    ));
    let _ = tolerate!(ayni::report::statements::financial_position(
        &book,
        month,
        Lang::Es
    ));
    let _ = tolerate!(ayni::report::statements::cash_book(&book, month, Lang::Es));
    let mut sink = Vec::new();
    let _ = tolerate!(ayni::report::journal::export_journal(&book, &mut sink));
    if let Err(e) = ayni::report::seps::b11(&book, month.prev()) {
        assert_messages(e.message(Lang::Es), e.message(Lang::En))?;
    }
    drop(book);
    // Opening for writing (which may migrate) refuses or opens, too.
    if let Err(e) = Book::open(path) {
        book_messages(&e)?;
    }
    Ok(())
}

#[test]
fn fuzz_stored_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = practice_base(dir.path());
    // Every stored value, table by table, read once.
    let values: Vec<(&str, Vec<StoredValue>)> = {
        let store = Store::open(&base, Mode::ReadWrite).expect("store");
        let tx = store.write().expect("tx");
        let v = RAW_TABLES
            .iter()
            .map(|t| (*t, tx.raw_values(t).expect("raw values")))
            .collect();
        tx.abort().expect("abort");
        v
    };
    let corrupt = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..48).prop_map(Corrupt::Random),
        (any::<usize>(), 1u8..=255).prop_map(|(at, mask)| Corrupt::Flip { at, mask }),
        any::<usize>().prop_map(Corrupt::Truncate),
        prop::collection::vec(any::<u8>(), 1..16).prop_map(Corrupt::Append),
        Just(Corrupt::Empty),
        (
            prop_oneof![
                prop::sample::select(vec![
                    0,
                    1,
                    u64::from(u32::MAX),
                    u64::from(u32::MAX) - 1,
                    u64::MAX,
                    i64::MAX as u64,
                    99_999_999_999_999,
                    100_000_000_000_000,
                    2201 * 12,
                    1899 * 12 + 11,
                ]),
                any::<u64>(),
            ],
            any::<bool>()
        )
            .prop_map(|(n, keep_rest)| Corrupt::Number(n, keep_rest)),
    ];
    let cell = std::cell::Cell::new(0u64);
    run(
        "fuzz::fuzz_stored_values",
        24,
        prop::collection::vec((0..RAW_TABLES.len(), any::<usize>(), corrupt), 1..3),
        |damages| {
            let mut n = cell.get();
            let path = copy_book(&base, dir.path(), &mut n);
            cell.set(n);
            {
                let store = Store::open(&path, Mode::ReadWrite).expect("store");
                let tx = store.write().expect("tx");
                for (t, pick, how) in &damages {
                    let (table, rows) = &values[*t];
                    let Some((key, old)) = rows.get(pick % rows.len().max(1)) else {
                        continue;
                    };
                    let mut b = old.clone();
                    match how {
                        Corrupt::Random(r) => b = r.clone(),
                        Corrupt::Flip { at, mask } => {
                            let len = b.len().max(1);
                            if let Some(x) = b.get_mut(at % len) {
                                *x ^= mask;
                            }
                        }
                        Corrupt::Truncate(at) => b.truncate(at % b.len().max(1)),
                        Corrupt::Append(r) => b.extend_from_slice(r),
                        Corrupt::Empty => b.clear(),
                        Corrupt::Number(n, keep_rest) => {
                            let mut v = postcard::to_allocvec(n).unwrap_or_default();
                            if *keep_rest {
                                v.extend_from_slice(b.get(v.len()..).unwrap_or_default());
                            }
                            b = v;
                        }
                    }
                    tx.raw_put(table, key, &b).expect("raw put");
                }
                tx.commit().expect("commit");
            }
            read_everything(&path)?;
            clean(dir.path());
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// 6. The keyboard

fn key_event() -> impl Strategy<Value = crossterm::event::KeyEvent> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let printable = prop::sample::select(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-/:?+*=@#$%ñáéíóú¿¡"
            .chars()
            .collect::<Vec<_>>(),
    );
    let special = prop::sample::select(vec![
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Insert,
        KeyCode::F(1),
        KeyCode::F(2),
        KeyCode::F(5),
        KeyCode::F(10),
        KeyCode::F(12),
    ]);
    prop_oneof![
        6 => printable.clone().prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        2 => special.prop_map(|k| KeyEvent::new(k, KeyModifiers::NONE)),
        // Navigation keys, Enter and digits come often: they move between screens.
        2 => prop::sample::select("123456789sgnpcrxhTE?/".chars().collect::<Vec<_>>())
            .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        1 => printable.clone().prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        1 => printable.prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)),
    ]
}

#[test]
fn fuzz_keyboard() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let dir = tempfile::tempdir().expect("tempdir");
    let base = practice_base(dir.path());
    let keys_per_case: usize = std::env::var("AYNI_FUZZ_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let sizes = [(20u16, 5u16), (80, 24), (200, 60), (1, 1), (45, 12)];
    let cell = std::cell::Cell::new(0u64);
    run(
        "fuzz::fuzz_keyboard",
        6,
        (
            prop::collection::vec((key_event(), 0..sizes.len()), keys_per_case),
            any::<bool>(),
        ),
        |(keys, spanish)| {
            let mut n = cell.get();
            let path = copy_book(&base, dir.path(), &mut n);
            cell.set(n);
            let mut book = Book::open(&path).expect("open");
            book.set_clock(clock());
            let lang = if spanish { Lang::Es } else { Lang::En };
            let theme = ayni::ui::theme::Theme::builtin("oscuro").expect("theme");
            let mut app = ayni::ui::App::new(Some(book), path.clone(), lang, theme);
            let mut terms: Vec<Terminal<TestBackend>> = sizes
                .iter()
                .map(|(w, h)| Terminal::new(TestBackend::new(*w, *h)).expect("terminal"))
                .collect();
            for (k, size) in keys {
                app.on_key(k);
                // The real loop would end here; carry on to reach more screens.
                app.quit = false;
                let drawn = terms[size]
                    .draw(|f| ayni::ui::screens::render(&app, f))
                    .expect("draw")
                    .area;
                app.resize(drawn.width, drawn.height);
            }
            drop(app);
            let book = Book::open_read_only(&path).expect("reopen");
            let report = book.check().expect("check");
            prop_assert!(
                report.ok(),
                "check fails after the keys: {:?}",
                report
                    .first_problem()
                    .map(|p| p.detail(Lang::En).to_string())
            );
            drop(book);
            clean(dir.path());
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// Regressions found by the fuzz targets

/// Found by `fuzz_stored_values`: a maintained total damaged to a huge number
/// (here i64::MIN in `account_month_totals_v1`) made the account balances
/// overflow and panic. It is now a decode error naming the table, in both
/// languages, and `check` does not panic either.
#[test]
fn regression_damaged_total_is_an_error_not_a_panic() {
    use ayni::store::raw::TotalsKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let base = practice_base(dir.path());
    type IsKey = fn(&RawKey) -> bool;
    let damaged: [(&str, IsKey); 4] = [
        ("account_month_totals_v1", |k| {
            matches!(k, RawKey::Totals(TotalsKey::AccountMonth(..)))
        }),
        ("member_account_totals_v1", |k| {
            matches!(k, RawKey::Totals(TotalsKey::MemberAccount(..)))
        }),
        ("charges_v1", |k| {
            matches!(k, RawKey::Totals(TotalsKey::Charge(..)))
        }),
        ("dues_month_totals_v1", |k| {
            matches!(k, RawKey::Totals(TotalsKey::DuesMonth(..)))
        }),
    ];
    for (i, (table, is_key)) in damaged.iter().enumerate() {
        let path = dir.path().join(format!("damaged-{i}.ayni"));
        std::fs::copy(&base, &path).expect("copy");
        {
            let store = Store::open(&path, Mode::ReadWrite).expect("store");
            let tx = store.write().expect("tx");
            let rows = tx.raw_values(table).expect("values");
            assert!(!rows.is_empty(), "{table} is empty in the practice book");
            for (key, _) in &rows {
                assert!(is_key(key), "{key:?}");
                // Every figure of the row becomes i64::MIN.
                tx.raw_put(table, key, &i64::MIN.to_le_bytes().repeat(3))
                    .expect("put");
            }
            tx.commit().expect("commit");
        }
        let mut book = Book::open_read_only(&path).expect("opens");
        book.set_clock(clock());
        let month = Month::new(2026, 11).expect("month");
        let results: Vec<Result<(), BookError>> = vec![
            book.account_balances(month).map(drop),
            book.trial_balance(month).map(drop),
            book.dashboard().map(drop),
            book.members().and_then(|ms| {
                ms.iter()
                    .try_for_each(|m| book.member_balances(m.id).map(drop))
            }),
            book.collection(month).map(drop),
            book.arrears(month).map(drop),
            book.check().map(drop),
        ];
        let errors: Vec<BookError> = results.into_iter().filter_map(Result::err).collect();
        assert!(!errors.is_empty(), "{table}: the damage went unnoticed");
        for e in &errors {
            let (es, en) = (e.message(Lang::Es), e.message(Lang::En));
            assert!(
                es.contains("no se puede leer") && es.contains("puede estar dañado"),
                "{es}"
            );
            assert!(
                en.contains("cannot be read") && en.contains("may be damaged"),
                "{en}"
            );
            let short = table.trim_end_matches("_v1");
            assert!(es.contains(short) && en.contains(short), "{en}");
        }
    }
}

/// Found while fuzzing stored values: a `closed_through` month key damaged to
/// the largest number made `current_month` step past it and overflow. The
/// key is now checked when read: outside 1900-2200 it is a decode error.
#[test]
fn regression_damaged_closed_month_key_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = practice_base(dir.path());
    for (i, key) in [u32::MAX, 2201 * 12, 1899 * 12 + 11]
        .into_iter()
        .enumerate()
    {
        let path = dir.path().join(format!("damaged-{i}.ayni"));
        std::fs::copy(&base, &path).expect("copy");
        {
            let store = Store::open(&path, Mode::ReadWrite).expect("store");
            let tx = store.write().expect("tx");
            tx.meta_put("closed_through", &key).expect("put");
            tx.commit().expect("commit");
        }
        let mut book = Book::open_read_only(&path).expect("opens");
        book.set_clock(clock());
        let e = book.current_month().expect_err("a damaged month key");
        assert!(
            e.message(Lang::Es).contains("closed_through")
                && e.message(Lang::Es).contains("dañado"),
            "{}",
            e.message(Lang::Es)
        );
        assert!(
            e.message(Lang::En).contains("may be damaged"),
            "{}",
            e.message(Lang::En)
        );
        assert!(book.closed_through().is_err());
        read_everything(&path).expect("reads give errors, not panics");
    }
}

// ---------------------------------------------------------------------------
// 7. Damaged pages (issue 15, point 7)

/// SplitMix64: the seeded offsets and masks of [`fuzz_damaged_pages`].
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An interface session on a book: every screen's key, then the keys that
/// move, page, open and close within it, drawn on a TestBackend after each.
fn interface_session(book: Book, path: &Path) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let theme = ayni::ui::theme::Theme::builtin("oscuro").expect("theme");
    let mut app = ayni::ui::App::new(Some(book), path.to_path_buf(), Lang::Es, theme);
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let ch = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let code = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let inside = [
        code(KeyCode::Down),
        code(KeyCode::Down),
        code(KeyCode::PageDown),
        ch('['),
        ch(']'),
        ch('['),
        code(KeyCode::End),
        code(KeyCode::Home),
        code(KeyCode::Tab),
        code(KeyCode::Enter),
        code(KeyCode::Esc),
        code(KeyCode::Esc),
    ];
    for screen in ['1', '2', '3', '4', '5', 'C', 'R', 'T', 'g', '?'] {
        for k in std::iter::once(ch(screen)).chain(inside.iter().copied()) {
            app.on_key(k);
            app.quit = false;
            term.draw(|f| ayni::ui::screens::render(&app, f))
                .expect("draw");
            app.resize(100, 30);
        }
    }
}

/// What one damaged copy gave.
#[derive(Debug, PartialEq)]
enum CopyOutcome {
    /// Opened, and every read path answered (a value or a clear error).
    Read,
    /// Refused at the open with a clear error.
    Refused,
    /// A panic escaped (its message).
    Panic(String),
}

/// Every read path on one damaged copy: the opens, check, the journal, the
/// members, every report, the journal export, a backup, an interface session.
fn every_read_path(path: &Path, out_dir: &Path) -> CopyOutcome {
    let run = || -> Result<bool, String> {
        let mut opened = false;
        match Book::open_read_only(path) {
            Ok(_) => opened = true,
            Err(e) if !e.message(Lang::Es).trim().is_empty() => {}
            Err(e) => return Err(format!("empty message for {e:?}")),
        }
        read_everything(path).map_err(|e| e.to_string())?;
        if let Ok(mut book) = Book::open_read_only(path) {
            book.set_clock(clock());
            let _ = book.backup_to(&out_dir.join("copy.ayni"));
            interface_session(book, path);
        }
        Ok(opened)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(true)) => CopyOutcome::Read,
        Ok(Ok(false)) => CopyOutcome::Refused,
        Ok(Err(e)) => CopyOutcome::Panic(format!("a read path failed: {e}")),
        Err(p) => CopyOutcome::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

/// Copies of a practice book, each with one byte changed at a seeded random
/// offset, through every read path: no panic, no hang (a copy taking over a
/// minute), whatever the damage. `AYNI_DAMAGE_COPIES` (default 40) and
/// `AYNI_DAMAGE_SEED` choose how many and which; `scripts/fuzz.sh` runs 1,000.
#[test]
fn fuzz_damaged_pages() {
    let copies: u64 = std::env::var("AYNI_DAMAGE_COPIES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("AYNI_DAMAGE_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(15_007);
    let dir = tempfile::tempdir().expect("tempdir");
    let base = practice_base(dir.path());
    let good = std::fs::read(&base).expect("read the book");
    let mut state = seed;
    let (mut read, mut refused) = (0u64, 0u64);
    let mut failures = Vec::new();
    let started = std::time::Instant::now();
    for i in 0..copies {
        let at = (splitmix(&mut state) % good.len() as u64) as usize;
        let mask = (splitmix(&mut state) % 255 + 1) as u8;
        let mut bytes = good.clone();
        bytes[at] ^= mask;
        let case = dir.path().join(format!("damaged-{i}"));
        std::fs::create_dir_all(&case).expect("case dir");
        let path = case.join("book.ayni");
        std::fs::write(&path, &bytes).expect("write the copy");
        let (tx, rx) = std::sync::mpsc::channel();
        let (p, c) = (path.clone(), case.clone());
        std::thread::spawn(move || {
            let _ = tx.send(every_read_path(&p, &c));
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(CopyOutcome::Read) => read += 1,
            Ok(CopyOutcome::Refused) => refused += 1,
            Ok(CopyOutcome::Panic(m)) => {
                failures.push(format!("copy {i}: byte {at} ^ {mask:#04x}: panic: {m}"))
            }
            Err(_) => {
                failures.push(format!(
                    "copy {i}: byte {at} ^ {mask:#04x}: hang (over 60 s)"
                ));
                // The stuck thread still holds the copy: leave it and go on.
                continue;
            }
        }
        let _ = std::fs::remove_dir_all(&case);
    }
    eprintln!(
        "fuzz_damaged_pages: {copies} copies (seed {seed}) in {:.1} s: {read} read, {refused} refused at the open, {} panics or hangs",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
