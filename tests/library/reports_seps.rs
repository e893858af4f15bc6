//! The SEPS files checked against every rule of ../shared/SEPS.md: the B11
//! XML parsed back, its hash and zip, the refusals, the monthly-balances
//! spreadsheet and the S01 members file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use crate::reports_common::*;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::report::seps::{
    B11_NAMESPACE, S01_COLUMNS, S01Options, SepsError, b11, b11_xml, monthly_balances_xlsx, s01,
    write_b11_package,
};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use md5::{Digest, Md5};
use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

#[derive(Debug, Clone)]
struct Node {
    tag: String,
    code: String,
    name: String,
    total: Money,
    parent: Option<usize>,
}

struct Parsed {
    root: BTreeMap<String, String>,
    nodes: Vec<Node>,
}

fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("attribute");
            (
                a.key.as_ref().to_string(),
                a.normalized_value(XmlVersion::Explicit1_0)
                    .expect("value")
                    .into_owned(),
            )
        })
        .collect()
}

fn is_amount(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some((int, frac)) = s.split_once('.') else {
        return false;
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 2
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Parses a B11 document, checking the namespace of every element.
fn parse(xml: &str) -> Parsed {
    let mut reader = NsReader::from_str(xml);
    let mut root = BTreeMap::new();
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<Option<usize>> = Vec::new();
    loop {
        let (ns, ev) = reader.read_resolved_event().expect("xml");
        let ns_ok = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == B11_NAMESPACE);
        match ev {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "balance" => {
                assert!(ns_ok, "root in the B11 namespace");
                assert!(stack.is_empty(), "balance is the root");
                root = attrs(&e);
                stack.push(None);
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                assert!(ns_ok, "rows in the B11 namespace");
                let a = attrs(e);
                let total = a.get("total").expect("total");
                assert!(is_amount(total), "two decimals with a point: {total}");
                nodes.push(Node {
                    tag: e.local_name().as_ref().to_string(),
                    code: a.get("codigo").expect("codigo").clone(),
                    name: a.get("nombre").expect("nombre").clone(),
                    total: Money::parse(total).expect("amount"),
                    parent: stack.last().copied().flatten(),
                });
                if matches!(ev, Event::Start(_)) {
                    stack.push(Some(nodes.len() - 1));
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "every element closed");
    Parsed { root, nodes }
}

fn tag_for(code: &str) -> &'static str {
    match code.len() {
        1 => "elemento",
        2 => "grupo",
        4 => "cuenta",
        6 => "subcuenta",
        _ => "?",
    }
}

fn check_b11(xml: &str, month: ayni::domain::period::Month, book: &ayni::books::Book) -> Parsed {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let p = parse(xml);
    // Root attributes.
    assert_eq!(p.root.get("estructura").map(String::as_str), Some("B11"));
    assert_eq!(p.root.get("rucEntidad"), Some(&ruc()));
    assert_eq!(
        p.root.get("fechaCorte"),
        Some(&month.last_day().format("%d/%m/%Y").to_string())
    );
    assert_eq!(p.root.get("numRegistro"), Some(&p.nodes.len().to_string()));
    let sum: Money = p.nodes.iter().map(|n| n.total).sum();
    assert_eq!(p.root.get("valorCuadre"), Some(&sum.plain()));
    for n in &p.nodes {
        // Nesting by code length, under the right parent.
        assert_eq!(n.tag, tag_for(&n.code), "{n:?}");
        match n.parent {
            None => assert_eq!(n.code.len(), 1, "{n:?} at the top"),
            Some(i) => {
                let parent = &p.nodes[i];
                let expected = match n.code.len() {
                    2 => 1,
                    4 => 2,
                    _ => 4,
                };
                assert_eq!(parent.code, n.code[..expected], "{n:?} under {parent:?}");
            }
        }
        // Names in upper case.
        assert!(!n.name.is_empty());
        assert_eq!(n.name, n.name.to_uppercase(), "{n:?}");
        // Parents add up their children.
        let children: Vec<&Node> = p
            .nodes
            .iter()
            .filter(|c| c.parent.is_some_and(|i| p.nodes[i].code == n.code))
            .collect();
        if !children.is_empty() {
            assert_eq!(
                n.total,
                children.iter().map(|c| c.total).sum::<Money>(),
                "{n:?}"
            );
        }
    }
    // Every account with a balance is there, with every level above it.
    let tb = book.trial_balance(month).expect("tb");
    for r in tb.rows.iter().filter(|r| !r.balance.is_zero()) {
        let code = &r.account.code;
        let node = p
            .nodes
            .iter()
            .find(|n| &n.code == code)
            .expect("account reported");
        assert_eq!(node.total, r.natural(), "{code}");
        for len in [1, 2, 4] {
            if code.len() > len {
                assert!(
                    p.nodes.iter().any(|n| n.code == code[..len]),
                    "level {len} of {code}"
                );
            }
        }
    }
    p
}

fn element(p: &Parsed, code: &str) -> Money {
    p.nodes
        .iter()
        .find(|n| n.code == code)
        .map(|n| n.total)
        .unwrap_or_default()
}

#[test]
fn b11_follows_every_rule_of_seps_md() {
    let f = build(true);
    let b = &f.book;
    let feb = mo(2026, 2);
    let xml = b11_xml(b, feb).expect("b11");
    let p = check_b11(&xml, feb, b);
    // Before the year end: Activo = Pasivo + Patrimonio + Ingresos - Gastos.
    assert_eq!(
        element(&p, "1"),
        element(&p, "2") + element(&p, "3") + element(&p, "5") - element(&p, "4")
    );
    assert!(!element(&p, "5").is_zero());
    // The sub-account is a subcuenta under its cuenta, the name in upper case.
    let sub = p.nodes.iter().find(|n| n.code == "110301").expect("110301");
    assert_eq!(sub.tag, "subcuenta");
    assert_eq!(sub.name, "=BANCO PICHINCHA");
    assert_eq!(p.nodes[sub.parent.expect("parent")].code, "1103");
    let caja = p.nodes.iter().find(|n| n.code == "1101").expect("1101");
    assert_eq!(caja.name, "CAJA");
    let reserves = p.nodes.iter().find(|n| n.code == "3303").expect("3303");
    assert_eq!(reserves.name, "ESPECIALES");

    // December after the close: Activo = Pasivo + Patrimonio, no income or expenses.
    let dec = mo(2025, 12);
    let xml = b11_xml(b, dec).expect("b11 december");
    let p = check_b11(&xml, dec, b);
    assert_eq!(element(&p, "1"), element(&p, "2") + element(&p, "3"));
    assert!(
        !p.nodes
            .iter()
            .any(|n| n.code.starts_with('4') || n.code.starts_with('5'))
    );
    // Only contra accounts (the loss of the year, the loan-loss provision
    // 1499 that each close now posts) may be below zero (SEPS.md).
    for n in p.nodes.iter().filter(|n| n.total.is_negative()) {
        let contra = b.chart().iter().any(|a| a.code == n.code && a.contra);
        assert!(n.code.starts_with("36") || contra, "{n:?}");
    }
}

#[test]
fn b11_package_has_the_xml_its_hash_and_the_zip() {
    let f = build(true);
    let dir = f.dir.path().join("seps");
    let feb = mo(2026, 2);
    let paths = write_b11_package(&f.book, feb, &dir).expect("package");
    let stem = format!("B11_{}_28-02-2026", ruc());
    assert_eq!(paths.xml, dir.join(format!("{stem}.xml")));
    assert_eq!(paths.hash, dir.join(format!("{stem}-hash.txt")));
    assert_eq!(paths.zip, dir.join(format!("{stem}.zip")));
    let xml = std::fs::read(&paths.xml).expect("xml");
    assert_eq!(xml, b11_xml(&f.book, feb).expect("xml").into_bytes());
    let digest: String = Md5::digest(&xml)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let hash = std::fs::read_to_string(&paths.hash).expect("hash");
    assert_eq!(hash.trim(), digest);
    assert_eq!(hash.trim().len(), 32);
    assert_eq!(hash.trim(), hash.trim().to_uppercase());
    // The zip holds both files, byte for byte.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(&paths.zip).expect("zip")).expect("archive");
    assert_eq!(zip.len(), 2);
    let mut inner = Vec::new();
    zip.by_name(&format!("{stem}.xml"))
        .expect("xml in zip")
        .read_to_end(&mut inner)
        .expect("read");
    assert_eq!(inner, xml);
    let mut inner_hash = String::new();
    zip.by_name(&format!("{stem}-hash.txt"))
        .expect("hash in zip")
        .read_to_string(&mut inner_hash)
        .expect("read");
    assert_eq!(inner_hash, hash);
}

#[test]
fn seps_files_are_refused_without_ruc_or_for_an_open_month() {
    // No RUC.
    let f = build(false);
    let dir = f.dir.path().join("no-ruc");
    let e = write_b11_package(&f.book, mo(2026, 2), &dir).expect_err("no RUC");
    assert!(matches!(e, SepsError::MissingRuc));
    assert!(e.message(Lang::Es).contains("RUC"));
    assert!(e.message(Lang::En).contains("RUC"));
    assert!(!dir.exists(), "nothing written");
    assert!(matches!(
        b11_xml(&f.book, mo(2026, 2)),
        Err(SepsError::MissingRuc)
    ));
    assert!(matches!(
        monthly_balances_xlsx(&f.book, mo(2026, 2), Lang::Es),
        Err(SepsError::MissingRuc)
    ));
    assert!(matches!(
        s01(&f.book, mo(2026, 2), &S01Options::default()),
        Err(SepsError::MissingRuc)
    ));

    // The open month (March 2026) and a month never reached.
    let f = build(true);
    for month in [mo(2026, 3), mo(2027, 1)] {
        let dir = f.dir.path().join(format!("open-{month}"));
        let e = write_b11_package(&f.book, month, &dir).expect_err("open month");
        assert!(matches!(e, SepsError::NotClosed { .. }), "{e:?}");
        assert!(e.message(Lang::Es).contains("no está cerrado"));
        assert!(
            e.message(Lang::Es).contains("febrero 2026"),
            "names the last closed month"
        );
        assert!(e.message(Lang::En).contains("is not closed"));
        assert!(!dir.exists(), "nothing written");
    }
    assert!(matches!(
        monthly_balances_xlsx(&f.book, mo(2026, 3), Lang::Es),
        Err(SepsError::NotClosed { .. })
    ));
    assert!(matches!(
        s01(&f.book, mo(2026, 3), &S01Options::default()),
        Err(SepsError::NotClosed { .. })
    ));
}

#[test]
fn a_month_before_the_books_first_entry_is_refused_like_an_open_month() {
    // The fixture's history begins in January 2025; every month through
    // February 2026 is closed.
    let f = build(true);
    for month in [mo(2024, 12), mo(2019, 3)] {
        let dir = f.dir.path().join(format!("before-{month}"));
        let e = write_b11_package(&f.book, month, &dir).expect_err("no history");
        assert!(
            matches!(e, SepsError::NoEntries { first: Some(m), .. } if m == mo(2025, 1)),
            "{e:?}"
        );
        assert!(
            e.message(Lang::Es)
                .contains("sus registros empiezan en enero 2025"),
            "{}",
            e.message(Lang::Es)
        );
        assert!(e.message(Lang::En).contains("no entries up to"));
        assert!(!dir.exists(), "nothing written");
        assert!(matches!(
            monthly_balances_xlsx(&f.book, month, Lang::Es),
            Err(SepsError::NoEntries { .. })
        ));
    }
    // Its first month is a balance like any other.
    assert!(b11(&f.book, mo(2025, 1)).is_ok());
}

#[test]
fn monthly_balances_spreadsheet_reads_back() {
    let f = build(true);
    let feb = mo(2026, 2);
    let bytes = monthly_balances_xlsx(&f.book, feb, Lang::Es).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("range");
    let formulas = wb.worksheet_formula(&sheet).expect("formulas");
    assert!(
        formulas.rows().flatten().all(|x| x.is_empty()),
        "no formulas"
    );
    assert_eq!(range.get_value((0, 0)), Some(&Data::String(NAME.into())));
    assert!(matches!(range.get_value((1, 0)), Some(Data::String(s)) if s.contains(&ruc())));
    let header = range
        .rows()
        .position(|r| r.first() == Some(&Data::String("Código".into())))
        .expect("header");
    let p = parse(&b11_xml(&f.book, feb).expect("b11"));
    let rows: Vec<&[Data]> = range.rows().skip(header + 1).collect();
    assert_eq!(rows.len(), p.nodes.len());
    for (r, n) in rows.iter().zip(&p.nodes) {
        assert_eq!(r[0], Data::String(n.code.clone()));
        assert_eq!(r[1], Data::String(n.name.clone()));
        let Data::Float(x) = r[2] else {
            panic!("balance is a number: {:?}", r[2])
        };
        assert_eq!(format!("{x:.2}"), n.total.plain(), "{}", n.code);
    }
}

#[test]
fn s01_lists_the_members_with_their_contributions() {
    let f = build(true);
    let feb = mo(2026, 2);
    let text = s01(&f.book, feb, &S01Options::default()).expect("s01");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], S01_COLUMNS.join("\t"));
    assert_eq!(lines.len(), 4, "header and three members");
    let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split('\t').collect()).collect();
    for r in &rows {
        assert_eq!(r.len(), 12);
        assert_eq!(r[0], "C");
        assert_eq!(r[3], r[3].to_uppercase());
        assert_eq!(r[4], "02/05/1980");
        assert_eq!(r[7], "02/01/2025");
        assert_eq!(r[8], "S");
        assert_eq!(r[10], "N");
    }
    let ana = rows
        .iter()
        .find(|r| r[3] == "QUISPE LEMA ANA")
        .expect("Ana");
    let contributed = -journal_sum(&f.book, "3103", |x| x <= feb.last_day());
    let total: Money = rows
        .iter()
        .map(|r| Money::parse(r[6]).expect("amount"))
        .sum();
    assert_eq!(total, contributed);
    assert_eq!(ana[5], "F");
    let member = f.book.member(f.ana).expect("member").expect("ana");
    assert_eq!(ana[1], member.id_number);
    assert!(rows.iter().any(|r| r[3] == "=SUMA(1;2) CARLA"));

    // At an earlier cut the contributions are those of that day.
    let mar25 = mo(2025, 3);
    let text = s01(
        &f.book,
        mar25,
        &S01Options {
            header: false,
            directors: BTreeMap::from([(
                f.beto,
                ayni::domain::date::parse_date("2025-01-15").expect("date"),
            )]),
            ..S01Options::default()
        },
    )
    .expect("s01");
    let rows: Vec<Vec<&str>> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 3);
    let total: Money = rows
        .iter()
        .map(|r| Money::parse(r[6]).expect("amount"))
        .sum();
    assert_eq!(
        total,
        -journal_sum(&f.book, "3103", |x| x <= mar25.last_day())
    );
    let beto = rows
        .iter()
        .find(|r| r[3] == "CHANGO ALBERTO")
        .expect("Beto");
    assert_eq!((beto[10], beto[11]), ("S", "15/01/2025"));
}
