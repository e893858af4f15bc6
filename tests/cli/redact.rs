//! `ayni backup --redact -o FILE`: a copy for a trainer or a developer with
//! every figure of the book and none of its members' personal data.

use std::path::Path;

use serde_json::Value;

use crate::cli_common::{Env, ayni_in, json, today};

/// A practice book, plus a grant to a family outside the association and a
/// hand-written entry that names a member and their cédula in its text.
fn book() -> (Env, Value) {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "12", "--months", "4"])
        .ok();
    let members = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    let m = &members[0];
    let (first, last, ced) = (
        m["first_names"].as_str().expect("names"),
        m["last_names"].as_str().expect("names"),
        m["id_number"].as_str().expect("number"),
    );
    env.run(
        "es",
        &[
            "fund",
            "grant",
            "--beneficiary",
            "Familia Tuquerres Anrango",
            "--amount",
            "2,00",
            "--reason",
            "Incendio de la vivienda",
            "--approval",
            "Acta 9",
        ],
    )
    .ok();
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--date",
            &today(),
            "--description",
            &format!("Pasajes de {first} {last} (C.I. {ced}) a la capacitación"),
            "--debit",
            "4507=1,50",
            "--credit",
            "1101=1,50",
        ],
    )
    .ok();
    (env, members)
}

/// The program on the book at `book`, in English.
fn on(env: &Env, book: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ayni_in(env.dir.path())
        .args(["--lang", "en", "--book"])
        .arg(book)
        .args(args)
        .output()
        .expect("ayni runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A report as JSON, without the fields that name people.
fn figures(env: &Env, book: &Path, args: &[&str]) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for k in ["name", "president", "treasurer"] {
                    map.remove(k);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (code, out, err) = on(env, book, args);
    assert_eq!(code, 0, "{err}");
    let mut v = json(&out);
    strip(&mut v);
    v
}

/// Every name, number and phone of the original members, the officers and
/// the outside beneficiary: none may be found in a redacted copy.
fn personal_data(members: &Value) -> Vec<String> {
    let mut out = vec!["Familia Tuquerres Anrango".to_string()];
    for m in members.as_array().expect("a list") {
        let f = |k: &str| m[k].as_str().unwrap_or_default().to_string();
        out.push(format!("{} {}", f("last_names"), f("first_names")));
        out.push(format!("{} {}", f("first_names"), f("last_names")));
        out.push(f("last_names"));
        out.push(f("first_names"));
        out.push(f("id_number"));
        if !f("phone").is_empty() {
            out.push(f("phone"));
        }
    }
    out
}

fn find(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n)
}

#[cfg(unix)]
fn owner_only(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(p).expect("exists").permissions().mode();
    assert_eq!(
        mode & 0o077,
        0,
        "{} is readable by others: {mode:o}",
        p.display()
    );
}
#[cfg(not(unix))]
fn owner_only(_p: &Path) {}

#[test]
fn redact_copy_keeps_every_figure_and_no_personal_data() {
    let (env, members) = book();
    let personal = personal_data(&members);
    let before = env.bytes();
    // The original does hold what the copy must not (the scan can find it).
    let journal = env.run("en", &["export", "journal"]).ok().to_string();
    assert!(personal.iter().any(|p| find(&before, p)));
    assert!(find(journal.as_bytes(), &personal[3]), "{}", personal[3]);

    let copy = env.path("para-capacitador.ayni");
    let out = env
        .run("es", &["backup", "--redact", "-o", &copy.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Copia anonimizada guardada en"), "{out}");
    assert!(out.contains("12 socios"), "{out}");
    assert!(out.contains("pasa todas las verificaciones"), "{out}");

    // (d) The original is untouched, to the byte.
    assert!(env.bytes() == before, "the book itself changed");
    owner_only(&env.book);
    owner_only(&copy);

    // (a) The copy passes every check and says what it is.
    let (code, text, err) = on(&env, &copy, &["check"]);
    assert_eq!(code, 0, "{text}{err}");
    assert!(text.contains("redacted copy made on"), "{text}");
    let orig_check = json(env.run("en", &["check", "--format", "json"]).ok());
    let (_, copy_check, _) = on(&env, &copy, &["check", "--format", "json"]);
    let copy_check = json(&copy_check);
    assert_eq!(copy_check["entries"], orig_check["entries"]);
    assert_eq!(copy_check["members"], orig_check["members"]);

    // (b) Every figure is the book's own.
    for args in [
        &["report", "trial-balance", "--format", "json"][..],
        &["report", "balance-sheet", "--format", "json"][..],
        &["report", "income-statement", "--format", "json"][..],
        &["report", "loans", "--format", "json"][..],
        &["report", "loan-arrears", "--format", "json"][..],
    ] {
        assert_eq!(
            figures(&env, &copy, args),
            figures(&env, &env.book, args),
            "{args:?}"
        );
    }
    let loans = figures(&env, &copy, &["report", "loans", "--format", "json"]);
    assert!(
        loans["totals"]["loans"].as_u64().unwrap_or(0) > 0,
        "{loans}"
    );

    // Members keep their numbers and dates of joining; names become pseudonyms.
    let (_, list, _) = on(
        &env,
        &copy,
        &["member", "list", "--all", "--format", "json"],
    );
    let redacted = json(&list);
    let redacted = redacted.as_array().expect("a list");
    assert_eq!(redacted.len(), members.as_array().map_or(0, Vec::len));
    for r in redacted {
        let id = r["id"].as_u64().expect("a number");
        let orig = members
            .as_array()
            .and_then(|a| a.iter().find(|m| m["id"].as_u64() == Some(id)))
            .expect("the same member numbers");
        assert_eq!(r["last_names"], "Socio", "{r}");
        assert_eq!(r["first_names"], format!("{id:04}"), "{r}");
        assert_eq!(r["join_date"], orig["join_date"]);
        assert_eq!(r["status"], orig["status"]);
        assert_eq!(r["phone"], "");
        assert_ne!(r["id_number"], orig["id_number"]);
        if let Some(b) = orig["birth_date"].as_str() {
            assert_eq!(r["birth_date"], format!("{}-01-01", &b[..4]));
        }
        assert!(
            r["community"]
                .as_str()
                .is_some_and(|c| c.starts_with("Comunidad ")),
            "{r}"
        );
    }
    // A synthetic cédula is valid: a member can be found by it.
    let ced = redacted[0]["id_number"].as_str().expect("a number");
    let (code, shown, err) = on(&env, &copy, &["member", "show", ced]);
    assert_eq!(code, 0, "{err}");
    assert!(shown.contains("Socio"), "{shown}");

    // (c) No name, number or phone of the original in the copy's bytes, nor
    // in its journal export.
    let bytes = std::fs::read(&copy).expect("the copy");
    let (code, copy_journal, _) = on(&env, &copy, &["export", "journal"]);
    assert_eq!(code, 0);
    for p in &personal {
        assert!(!find(&bytes, p), "the copy still holds {p:?}");
        assert!(!find(copy_journal.as_bytes(), p), "its journal holds {p:?}");
    }
    assert!(
        copy_journal.contains("Pasajes de Socio 0"),
        "{copy_journal}"
    );
    assert!(copy_journal.contains("Beneficiario 0002"), "{copy_journal}");
}

#[test]
fn redact_refuses_to_overwrite_anything_and_changes_nothing() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "6", "--months", "2"])
        .ok();
    let before = env.bytes();

    // No -o: a redacted copy never goes among the automatic backups.
    let err = env.run("es", &["backup", "--redact"]).refused().to_string();
    assert!(
        err.contains("indique dónde guardarla con -o ARCHIVO"),
        "{err}"
    );

    // Onto an existing file.
    let other = env.path("notas.txt");
    std::fs::write(&other, "mis notas").expect("write");
    let err = env
        .run(
            "es",
            &["backup", "--redact", "-o", &other.to_string_lossy()],
        )
        .refused()
        .to_string();
    assert!(err.contains("no se sobrescribe"), "{err}");
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "mis notas");

    // Onto the book itself.
    let err = env
        .run(
            "en",
            &["backup", "--redact", "-o", &env.book.to_string_lossy()],
        )
        .refused()
        .to_string();
    assert!(err.contains("is an ayni book"), "{err}");
    assert!(env.bytes() == before, "the book itself changed");

    // A redacted copy is not restored over a real book.
    let copy = env.path("copia.ayni");
    env.run("en", &["backup", "--redact", "-o", &copy.to_string_lossy()])
        .ok();
    let err = env
        .run("en", &["restore", &copy.to_string_lossy()])
        .refused()
        .to_string();
    assert!(err.contains("is a redacted copy"), "{err}");
    let err = env
        .run("es", &["restore", &copy.to_string_lossy()])
        .refused()
        .to_string();
    assert!(err.contains("es una copia anonimizada"), "{err}");
    assert!(env.bytes() == before, "the book itself changed");
    // Nothing half-made is left beside the copy.
    assert!(!env.path("copia.part").exists());
}

#[test]
fn redact_into_a_folder_names_the_copy_and_speaks_english() {
    let env = Env::empty();
    env.run("en", &["demo", "--members", "6", "--months", "2"])
        .ok();
    let usb = env.path("usb");
    std::fs::create_dir(&usb).expect("folder");
    let out = env
        .run("en", &["backup", "--redact", "-o", &usb.to_string_lossy()])
        .ok()
        .to_string();
    assert!(out.contains("Redacted copy saved to"), "{out}");
    assert!(out.contains("The figures are the book's own"), "{out}");
    let files: Vec<_> = std::fs::read_dir(&usb)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(
        files[0].to_string_lossy().contains("-anonimizada-"),
        "{files:?}"
    );
    owner_only(&files[0]);
    let (code, _, err) = on(&env, &files[0], &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn exports_are_written_for_the_owner_only() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "6", "--months", "2"])
        .ok();
    // The book and its automatic copies (and their folder) are the owner's only.
    owner_only(&env.book);
    env.run("es", &["backup"]).ok();
    let copies = env.path("libro.ayni.copias");
    owner_only(&copies);
    let auto: Vec<_> = std::fs::read_dir(&copies)
        .expect("the backup folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(!auto.is_empty());
    auto.iter().for_each(|p| owner_only(p));
    let dir = env.path("exportes");
    std::fs::create_dir(&dir).expect("folder");
    // A file left readable by everyone is restricted when written over.
    let list = dir.join("socios.csv");
    std::fs::write(&list, "viejo").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&list, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let d = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let runs: Vec<Vec<String>> = vec![
        vec!["member", "list", "--format", "csv", "-o", &d("socios.csv")],
        vec![
            "report",
            "member-statement",
            "--all",
            "--format",
            "pdf",
            "-o",
            &d("estados.pdf"),
        ],
        vec![
            "report",
            "member-statement",
            "#1",
            "--format",
            "html",
            "-o",
            &d("estado.html"),
        ],
        vec!["export", "journal", "-o", &d("libro.journal")],
        vec!["export", "seps-s01", "-o", &d("")],
        vec![
            "report",
            "balance-sheet",
            "--format",
            "xlsx",
            "-o",
            &d("balance.xlsx"),
        ],
        vec![
            "dues",
            "receipts",
            "--format",
            "csv",
            "-o",
            &d("recibos.csv"),
        ],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run("es", &args).ok();
    }
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), runs.len(), "{files:?}");
    assert!(files.iter().any(|f| f.to_string_lossy().contains("S01_")));
    assert_ne!(std::fs::read_to_string(&list).expect("read"), "viejo");
    for f in &files {
        owner_only(f);
    }
}

#[test]
fn journal_names_members_by_number_not_identification() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "6", "--months", "2"])
        .ok();
    let members = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    let journal = env.run("en", &["export", "journal"]).ok().to_string();
    assert!(journal.contains("; member: #1\n"), "{journal}");
    for m in members.as_array().expect("a list") {
        let ced = m["id_number"].as_str().expect("a number");
        assert!(!journal.contains(ced), "the journal carries {ced}");
    }
}

/// A member's phone, cédula and birth date written in free text the ways
/// people write them: none of them is left in a redacted copy.
#[test]
fn redact_finds_phones_cedulas_and_birth_dates_however_written() {
    let env = Env::empty();
    env.run("es", &["demo", "--members", "8", "--months", "2"])
        .ok();
    let members = json(
        env.run("en", &["member", "list", "--all", "--format", "json"])
            .ok(),
    );
    let m = members
        .as_array()
        .and_then(|a| {
            a.iter().find(|m| {
                m["id_kind"] == "cedula"
                    && m["phone"].as_str().is_some_and(|p| p.len() == 10)
                    && m["birth_date"].is_string()
            })
        })
        .expect("a member with a cédula, a phone and a birth date")
        .clone();
    let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
    let (ced, phone, born) = (s("id_number"), s("phone"), s("birth_date"));
    let (y, mo, d) = (&born[..4], &born[5..7], &born[8..10]);
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let month_name = MONTHS[mo.parse::<usize>().expect("a month") - 1];
    let p = &phone[1..];
    let forms = vec![
        format!("{}-{}-{}", &phone[..3], &phone[3..6], &phone[6..]),
        format!("{} {} {}", &phone[..3], &phone[3..6], &phone[6..]),
        format!("+593 {} {} {}", &p[..2], &p[2..5], &p[5..]),
        format!("+593{p}"),
        format!("593{p}"),
        format!("({}) {}-{}", &phone[..3], &phone[3..6], &phone[6..]),
        format!("{}-{}", &ced[..9], &ced[9..]),
        format!("{ced}001"),
        born.clone(),
        format!("{d}/{mo}/{y}"),
        format!("{d}-{mo}-{y}"),
        format!("{} de {month_name} de {y}", d.trim_start_matches('0')),
    ];
    // Each form in an entry's description, and all of them in a retirement reason.
    for (i, f) in forms.iter().enumerate() {
        env.run(
            "es",
            &[
                "entry",
                "add",
                "--date",
                &today(),
                "--description",
                &format!("Dato {i}: {f}, revisar"),
                "--reference",
                &format!("R{i}"),
                "--debit",
                "4507=0,10",
                "--credit",
                "1101=0,10",
            ],
        )
        .ok();
    }
    let other = members
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|o| o["id"] != m["id"] && o["status"] == "active")
        })
        .expect("another member");
    env.run(
        "es",
        &[
            "member",
            "retire",
            other["id_number"].as_str().expect("a number"),
            "--reason",
            &format!("Se muda; tel. {}, nació {}", forms[2], forms[9]),
        ],
    )
    .ok();
    let texts = [
        "entry",
        "list",
        "--account",
        "4507",
        "--limit",
        "100000",
        "--format",
        "json",
    ];
    let original = env.run("en", &texts).ok().to_string();
    for f in &forms {
        assert!(original.contains(f.as_str()), "the original holds {f}");
    }

    let copy = env.path("copia.ayni");
    env.run("es", &["backup", "--redact", "-o", &copy.to_string_lossy()])
        .ok();
    let bytes = std::fs::read(&copy).expect("the copy");
    let (code, copy_journal, _) = on(&env, &copy, &["export", "journal"]);
    assert_eq!(code, 0);
    let (_, list, _) = on(
        &env,
        &copy,
        &["member", "list", "--all", "--format", "json"],
    );
    let (_, entries, _) = on(&env, &copy, &texts);
    for f in &forms {
        assert!(!find(&bytes, f), "the copy still holds {f:?}");
        assert!(
            !copy_journal.contains(f.as_str()),
            "its journal holds {f:?}"
        );
        assert!(!entries.contains(f.as_str()), "its entries hold {f:?}");
        assert!(!list.contains(f.as_str()), "its member list holds {f:?}");
    }
    // The birth date keeps its year, in the form it was written.
    for kept in [
        format!("01/01/{y}"),
        format!("{y}-01-01"),
        format!("1 de enero de {y}"),
    ] {
        assert!(entries.contains(&kept), "{kept} in {entries}");
    }
    let (code, text, err) = on(&env, &copy, &["check"]);
    assert_eq!(code, 0, "{text}{err}");
}
