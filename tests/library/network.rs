//! The network's monthly packages: made from a closed month, signed, read
//! back whole; a changed byte, a foreign key or a key the registry gives to
//! another association refused; no personal data inside; three books
//! consolidated to the cent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ayni::books::{Book, Clock};
use ayni::domain::member::{Gender, MemberStatus};
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::report::network::package::{self, Refusal};
use ayni::report::network::{self, NetworkReport, Registry};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use chrono::NaiveDateTime;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock"))
}
fn mo(y: i32, m: u32) -> Month {
    Month::new(y, m).expect("month")
}

/// A demo book made on 2 December 2026 (September to November closed).
fn demo(dir: &tempfile::TempDir, seed: u64, members: usize) -> Book {
    let (book, _) = create_demo_with_clock(
        &dir.path().join(format!("b{seed}.ayni")),
        &DemoOptions {
            members,
            months: 4,
            seed,
            force: false,
        },
        at("2026-12-02 10:00:00"),
    )
    .expect("demo");
    book
}

/// The package of `month`, sealed with the book's key.
fn sealed(book: &mut Book, month: Month) -> Vec<u8> {
    let key = book.ensure_network_key().expect("key");
    let content = package::content(book, month, Lang::Es).expect("content");
    package::seal(&content, &key)
}

#[test]
fn a_package_reads_back_whole_and_a_changed_byte_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = demo(&dir, 1, 12);
    let key = book.ensure_network_key().expect("key");
    assert_eq!(
        book.ensure_network_key().expect("again").to_bytes(),
        key.to_bytes(),
        "the key is made once"
    );
    let content = package::content(&book, mo(2026, 11), Lang::Es).expect("content");
    let bytes = package::seal(&content, &key);
    assert!(bytes.len() < 24 * 1024, "a few kB: {}", bytes.len());
    let v = package::open(&bytes).expect("verified");
    assert_eq!(v.content, content);
    assert_eq!(
        Some(v.key.clone()),
        book.network_public_key().expect("public")
    );
    assert_eq!(
        package::file_name(&content),
        format!("{}_2026-11.ayni-red", content.association.ruc)
    );

    // Any byte of the content changed: the hash no longer holds.
    let body = bytes.windows(2).position(|w| w == b"\n\n").expect("body") + 2;
    for i in [body, body + 100, bytes.len() - 2] {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        assert_eq!(package::open(&bad), Err(Refusal::Hash), "byte {i}");
    }
    // The hash made to match, the signature does not.
    let mut forged = bytes[body..].to_vec();
    forged[10] ^= 0x01;
    let head = String::from_utf8(bytes[..body].to_vec()).expect("head");
    let old = head.lines().nth(1).expect("sha line").to_string();
    use sha2::Digest;
    let new = format!("sha256 {}", hex::encode(sha2::Sha256::digest(&forged)));
    let mut re = head.replace(&old, &new).into_bytes();
    re.extend_from_slice(&forged);
    assert_eq!(package::open(&re), Err(Refusal::Signature));
    assert_eq!(package::open(b"hello\n\n{}"), Err(Refusal::NotAPackage));
    assert_eq!(package::open(b""), Err(Refusal::NotAPackage));
}

#[test]
fn no_package_carries_a_name_an_identification_or_a_phone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = demo(&dir, 2, 25);
    let bytes = sealed(&mut book, mo(2026, 11));
    let text = String::from_utf8(bytes).expect("utf8");
    let settings = book.settings().expect("settings");
    let mut checked = 0;
    for m in book.members().expect("members") {
        for s in [&m.first_names, &m.last_names, &m.id_number] {
            assert!(!text.contains(s.as_str()), "{s} is in the package");
        }
        if !m.phone.trim().is_empty() {
            assert!(!text.contains(m.phone.trim()), "a phone is in the package");
        }
        checked += 1;
    }
    assert!(checked > 20);
    for officer in [&settings.treasurer, &settings.president] {
        if !officer.is_empty() {
            assert!(!text.contains(officer.as_str()), "{officer}");
        }
    }
    assert!(text.contains(&settings.name), "the association is named");
}

#[test]
fn a_month_not_closed_or_a_book_without_ruc_makes_no_package() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = demo(&dir, 3, 8);
    assert!(
        package::content(&book, mo(2026, 12), Lang::Es).is_err(),
        "December is open"
    );
    let (cut, _) = create_demo_with_clock(
        &dir.path().join("copia.ayni"),
        &DemoOptions {
            members: 8,
            months: 4,
            seed: 3,
            force: false,
        },
        at("2026-12-02 10:00:00"),
    )
    .expect("demo");
    let mut s = cut.settings().expect("settings");
    s.ruc = None;
    let mut cut = cut;
    cut.update_settings(s).expect("no RUC");
    assert!(
        package::content(&cut, mo(2026, 11), Lang::Es).is_err(),
        "no RUC"
    );
}

#[test]
fn a_redacted_copy_does_not_carry_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = demo(&dir, 4, 8);
    let key = book.ensure_network_key().expect("key");
    let dest = dir.path().join("redactado.ayni");
    book.redacted_copy(&dest).expect("redacted");
    let copy = Book::open(&dest).expect("open");
    assert_eq!(copy.network_key().expect("read"), None);
    assert_ne!(
        copy.network_public_key().expect("read"),
        Some(hex::encode(key.verifying_key().as_bytes()))
    );
}

/// Three books, October and November each, written to a folder.
struct Network {
    dir: tempfile::TempDir,
    books: Vec<Book>,
    folder: PathBuf,
    registry: Registry,
}

fn network() -> Network {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("paquetes");
    std::fs::create_dir(&folder).expect("folder");
    let mut books = Vec::new();
    let mut registry = Registry {
        name: "Red de prueba".into(),
        associations: Vec::new(),
    };
    for (seed, members) in [(11, 10), (12, 20), (13, 30)] {
        let mut book = demo(&dir, seed, members);
        for month in [mo(2026, 10), mo(2026, 11)] {
            let bytes = sealed(&mut book, month);
            let c = package::open(&bytes).expect("own package").content;
            std::fs::write(folder.join(package::file_name(&c)), &bytes).expect("written");
        }
        let s = book.settings().expect("settings");
        registry.associations.push(network::Member {
            ruc: s.ruc.clone().expect("ruc"),
            name: s.name.clone(),
            key: book.network_public_key().expect("key").expect("made"),
        });
        books.push(book);
    }
    Network {
        dir,
        books,
        folder,
        registry,
    }
}

#[test]
fn three_books_consolidate_to_the_sum_of_their_trial_balances_and_member_lists() {
    let n = network();
    let files = network::package_files(std::slice::from_ref(&n.folder)).expect("files");
    assert_eq!(files.len(), 6);
    let (ok, refused) = network::read_packages(&files, Some(&n.registry));
    assert!(refused.is_empty(), "{refused:?}");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
    let r = NetworkReport::of(ok, refused, Some(&n.registry), None, today, Lang::Es);
    let nov = mo(2026, 11);
    assert_eq!(r.month, nov, "the latest month by default");
    assert_eq!(r.network.associations, 3);
    assert!(r.missing.is_empty(), "{:?}", r.missing);

    // The consolidated trial balance is the sum by code, to the cent.
    let mut sum: BTreeMap<String, (Money, Money)> = BTreeMap::new();
    for b in &n.books {
        for a in b.account_balances(nov).expect("balances") {
            if a.debit.is_zero() && a.credit.is_zero() {
                continue;
            }
            let e = sum.entry(a.account.code.clone()).or_default();
            e.0 += a.debit;
            e.1 += a.credit;
        }
    }
    let got: BTreeMap<String, (Money, Money)> = r
        .network
        .trial_balance
        .iter()
        .map(|t| (t.code.clone(), (t.debit, t.credit)))
        .collect();
    assert_eq!(got, sum);
    for t in &r.network.trial_balance {
        assert_eq!(t.balance, t.debit - t.credit, "{}", t.code);
    }

    // Members by gender: the member lists, active at November's end.
    let last = nov.last_day();
    let mut women = 0;
    let mut men = 0;
    for b in &n.books {
        for m in b.members().expect("members") {
            let active = m.join_date <= last
                && match &m.status {
                    MemberStatus::Active => true,
                    MemberStatus::Retired { date, .. } => *date > last,
                };
            if active {
                match m.gender {
                    Gender::Female => women += 1,
                    Gender::Male => men += 1,
                    Gender::Other => {}
                }
            }
        }
    }
    let g = &r.network.members.by_gender;
    assert_eq!(g.get("F").copied().unwrap_or(0), women);
    assert_eq!(g.get("M").copied().unwrap_or(0), men);
    assert_eq!(
        r.network.members.active,
        r.associations
            .iter()
            .filter_map(|a| a.content.as_ref())
            .map(|c| c.members.active)
            .sum::<u64>()
    );

    // The network's portfolio is the sum of the loans subledgers, and its
    // indicators come from the summed inputs.
    let outstanding: Money = n
        .books
        .iter()
        .flat_map(|b| b.loan_portfolio(last).expect("portfolio"))
        .map(|l| l.outstanding)
        .sum();
    assert_eq!(r.network.portfolio.outstanding, outstanding);
    assert_eq!(r.network.inputs.loans_outstanding, outstanding);
    // Each association's earlier month is its trend.
    for a in &r.associations {
        assert_eq!(a.months, vec![mo(2026, 10), nov]);
        assert_eq!(a.trend.len(), 1);
    }
    let json: serde_json::Value = serde_json::to_value(&r).expect("json");
    assert_eq!(json["month"], "2026-11");
    assert_eq!(json["associations"].as_array().map(Vec::len), Some(3));
    assert!(json["network"]["trial_balance"].is_array());
    assert!(json["missing"].as_array().is_some_and(Vec::is_empty));
    drop(n.dir);
}

#[test]
fn a_missing_month_is_named_and_a_tampered_or_unknown_package_refused() {
    let mut n = network();
    let first = n.registry.associations[0].clone();
    // The first association's November package is changed by one byte.
    let nov_file = n.folder.join(format!("{}_2026-11.ayni-red", first.ruc));
    let mut bytes = std::fs::read(&nov_file).expect("read");
    let at = bytes.len() - 20;
    bytes[at] ^= 0x02;
    std::fs::write(&nov_file, &bytes).expect("tampered");
    // A fourth association in the registry that never sent.
    n.registry.associations.push(network::Member {
        ruc: "0590000000001".into(),
        name: "Asociación que no envía".into(),
        key: "ab".repeat(32),
    });
    // A package of a book the registry does not know.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut stranger = demo(&dir, 21, 6);
    let bytes = sealed(&mut stranger, mo(2026, 11));
    std::fs::write(n.folder.join("extra.ayni-red"), &bytes).expect("written");
    let files = network::package_files(std::slice::from_ref(&n.folder)).expect("files");
    let (ok, refused) = network::read_packages(&files, Some(&n.registry));
    let reasons: BTreeMap<String, Refusal> = refused
        .iter()
        .map(|r| {
            let name = PathBuf::from(&r.file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, r.reason.clone())
        })
        .collect();
    assert_eq!(
        reasons.get(&format!("{}_2026-11.ayni-red", first.ruc)),
        Some(&Refusal::Hash)
    );
    assert_eq!(reasons.get("extra.ayni-red"), Some(&Refusal::UnknownKey));
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(
        ok.len(),
        1 + 2 + 2,
        "the first's October, the others' two months"
    );

    // A registry that gives the second association's key to the third: the
    // second's packages are refused as another association's.
    let mut swapped = n.registry.clone();
    swapped.associations[2].key = swapped.associations[1].key.clone();
    swapped.associations[1].key = "cd".repeat(32);
    let (_, wrong) = network::read_packages(&files, Some(&swapped));
    let second = &n.registry.associations[1].ruc;
    assert!(
        wrong
            .iter()
            .any(|r| r.file.ends_with(&format!("{second}_2026-11.ayni-red"))
                && r.reason == Refusal::WrongAssociation),
        "{wrong:?}"
    );

    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
    let r = NetworkReport::of(ok, refused, Some(&n.registry), None, today, Lang::En);
    let missing: BTreeMap<&str, Vec<Month>> = r
        .missing
        .iter()
        .map(|(ruc, _, m)| (ruc.as_str(), m.clone()))
        .collect();
    assert_eq!(missing.get(first.ruc.as_str()), Some(&vec![mo(2026, 11)]));
    assert_eq!(
        missing.get("0590000000001"),
        Some(&vec![mo(2026, 10), mo(2026, 11)])
    );
    let text = String::from_utf8(
        ayni::report::render::render(&r, ayni::report::render::Format::Table, Lang::En)
            .expect("table"),
    )
    .expect("utf8");
    assert!(text.contains("Missing: Asociación que no envía"), "{text}");
    assert!(
        text.lines().nth(1).is_some_and(|l| l.trim().is_empty()),
        "a network has no RUC line: {text}"
    );
    assert!(
        text.contains("extra.ayni-red: the key is not in the network's registry"),
        "{text}"
    );
}
