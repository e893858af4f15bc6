//! Control and invisible characters (escape, bell, newlines, direction
//! overrides, zero-width characters): refused where text is typed, naming the
//! character and its place; never printed raw, even from a book made before
//! the rule.

use ayni::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use ayni::domain::member::Member;
use ayni::domain::money::Money;
use ayni::store::{Mode, Store, StoreRead};

use crate::cli_common::{Env, json, today, today_date};

/// Characters that must never reach a terminal raw.
fn raw_danger(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    })
}

fn assert_clean(what: &str, s: &str) {
    if let Some(c) = raw_danger(s) {
        panic!("{what} prints {:?} raw:\n{}", c, s.escape_debug());
    }
}

/// A refusal that names the character and where it is, in a clean message.
fn refused_naming(env: &Env, lang: &str, args: &[&str], code: &str, place: &str) {
    let r = env.run(lang, args);
    let err = r.refused().to_string();
    assert_clean("the refusal", &err);
    assert!(
        err.contains(code) && err.contains(place),
        "{args:?}: expected {code} and {place:?} in:\n{err}"
    );
}

#[test]
fn control_characters_are_refused_where_text_is_typed() {
    let env = Env::new();
    let ced = env.add_member(1_234_001, "Rosa", "Quispe");
    env.run(
        "es",
        &[
            "entry",
            "add",
            "--date",
            &today(),
            "--description",
            "Aporte inicial",
            "--debit",
            "1101=50,00",
            "--credit",
            "3402=50,00",
        ],
    )
    .ok();
    let before = env.snapshot();
    let date = today();
    let entry = |description: &str, reference: &str| -> Vec<String> {
        [
            "entry",
            "add",
            "--date",
            &date,
            "--description",
            description,
            "--reference",
            reference,
            "--debit",
            "4503=1,00",
            "--credit",
            "1101=1,00",
        ]
        .map(String::from)
        .to_vec()
    };
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        // A title-setting escape sequence, a bell.
        (entry("Luz\u{1b}]0;pwned\u{7}", ""), "U+001B", "posición 4"),
        (entry("Pago\nde luz", ""), "U+000A", "posición 5"),
        (entry("Luz", "F\u{202e}-001"), "U+202E", "posición 2"),
        (entry("\u{200b}", ""), "U+200B", "posición 1"),
        (
            [
                "member",
                "add",
                "--id-number",
                "1712345675",
                "--first-names",
                "Ana\u{200d}",
                "--last-names",
                "Sisa",
                "--gender",
                "F",
                "--join-date",
                "2024-01-01",
            ]
            .map(String::from)
            .to_vec(),
            "U+200D",
            "posición 4",
        ),
        (
            ["member", "edit", &ced, "--community", "Peguche\tAlto"]
                .map(String::from)
                .to_vec(),
            "U+0009",
            "posición 8",
        ),
        (
            [
                "member",
                "retire",
                &ced,
                "--reason",
                "Cambio de\u{1b}[2J domicilio",
            ]
            .map(String::from)
            .to_vec(),
            "U+001B",
            "posición 10",
        ),
        (
            [
                "account", "add", "--parent", "4503", "--code", "450301", "--name", "Luz\u{7}",
            ]
            .map(String::from)
            .to_vec(),
            "U+0007",
            "posición 4",
        ),
        (
            [
                "dues",
                "types",
                "add",
                "--name",
                "Cuota\u{2066} mensual",
                "--kind",
                "monthly",
                "--amount",
                "3",
                "--from",
                &date[..7],
            ]
            .map(String::from)
            .to_vec(),
            "U+2066",
            "posición 6",
        ),
        (
            [
                "loan",
                "product",
                "add",
                "--name",
                "Micro\u{feff}crédito",
                "--rate",
                "12",
                "--max-months",
                "24",
                "--max-amount",
                "1000",
            ]
            .map(String::from)
            .to_vec(),
            "U+FEFF",
            "posición 6",
        ),
        (
            [
                "fund",
                "grant",
                "--beneficiary",
                "Familia Sisa",
                "--amount",
                "1,00",
                "--reason",
                "Incen\u{85}dio",
                "--approval",
                "Acta 9",
            ]
            .map(String::from)
            .to_vec(),
            "U+0085",
            "posición 6",
        ),
    ];
    for (args, code, place) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused_naming(&env, "es", &args, code, place);
    }
    // In English too, and a name made only of invisible characters.
    let e = entry("Rent\u{1b}[31m", "");
    let e: Vec<&str> = e.iter().map(String::as_str).collect();
    refused_naming(&env, "en", &e, "U+001B", "at position 5");
    let r = env.run(
        "en",
        &[
            "member",
            "add",
            "--id-number",
            "1712345675",
            "--first-names",
            "\u{301}\u{301}",
            "--last-names",
            "Sisa",
            "--gender",
            "F",
            "--join-date",
            "2024-01-01",
        ],
    );
    let err = r.refused();
    assert!(
        err.contains("First names: Has no visible character"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before, "a refused text changed the book");

    // A new book's name.
    let other = Env::empty();
    let r = other.run("es", &["init", "--name", "Caja\u{1b}]2;x\u{7}"]);
    let err = r.refused();
    assert!(
        err.contains("El nombre contiene") && err.contains("U+001B"),
        "{err}"
    );
    assert!(!other.book.exists(), "a refused book was created");
}

/// A book made by an older version: a member, an entry and an account with
/// escape sequences, direction overrides and zero-width characters, written
/// as that version stored them (the entry sealed into the chain).
fn older_book(env: &Env) -> (String, u32, u64) {
    let ced = env.add_member(1_234_002, "Rosa", "Quispe");
    let store = Store::open(&env.book, Mode::ReadWrite).expect("the book");
    let tx = store.write().expect("write");
    let id = tx
        .member_by_id_number(&ced)
        .expect("index")
        .expect("the member");
    let mut m: Member = tx.member(id).expect("read").expect("the member");
    m.first_names = "Ro\u{200b}sa\u{1b}]0;pwned\u{7}".into();
    m.community = "Peguche\u{202e}otlA".into();
    tx.put_member(&m).expect("member");
    let draft = EntryDraft::new(
        today_date(),
        "Luz",
        "F-1",
        EntryKind::Manual,
        vec![
            Posting::debit("4503", Money::from_cents(150)),
            Posting::credit("1101", Money::from_cents(150)),
        ],
    )
    .expect("draft");
    let next: u64 = tx.meta_get("next_entry_id").expect("meta").unwrap_or(1);
    let head: [u8; 32] = tx.meta_get("chain_head").expect("meta").unwrap_or([0; 32]);
    let mut e = Entry::seal(draft, next, 0, head);
    e.description = "Luz\u{1b}[2J\u{1b}]0;pwned\u{7} de\u{202e} marzo".into();
    e.reference = "F\u{200b}-1\r".into();
    e.hash = e.compute_hash();
    tx.put_entry(&e).expect("entry");
    tx.meta_put("next_entry_id", &(next + 1)).expect("meta");
    tx.meta_put("chain_head", &e.hash).expect("meta");
    tx.commit().expect("commit");
    drop(store);
    (ced, id, next)
}

#[test]
fn stored_control_characters_never_print_raw() {
    let env = Env::new();
    let (ced, id, entry) = older_book(&env);
    let entry = entry.to_string();
    let month = &today()[..7];
    let number = format!("#{id}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["entry", "list"],
        vec!["entry", "list", "--format", "csv"],
        vec!["entry", "list", "--format", "json"],
        vec!["entry", "show", &entry],
        vec!["report", "cash-book", "--month", month],
        vec!["report", "cash-book", "--month", month, "--format", "csv"],
        vec!["report", "cash-book", "--month", month, "--format", "json"],
        vec!["member", "list"],
        vec!["member", "list", "--format", "csv"],
        vec!["member", "list", "--format", "json"],
        vec!["member", "show", &ced],
        vec!["report", "member-statement", &number],
        vec!["report", "member-statement", &number, "--format", "csv"],
        vec!["export", "journal"],
    ];
    for args in &runs {
        for lang in ["es", "en"] {
            let r = env.run(lang, args);
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
            assert_clean(&format!("{args:?}"), &r.stdout);
            assert_clean(&format!("{args:?} (stderr)"), &r.stderr);
        }
    }
    // What was there is shown, escaped; JSON keeps the text itself.
    let csv = env
        .run("en", &["entry", "list", "--format", "csv"])
        .ok()
        .to_string();
    assert!(
        csv.contains("Luz\\u001b[2J\\u001b]0;pwned\\u0007 de\\u202e marzo"),
        "{csv}"
    );
    let v = json(env.run("en", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v[0]["first_names"], "Ro\u{200b}sa\u{1b}]0;pwned\u{7}");
    // A file written with -o is as clean as the terminal.
    let out = env.path("caja.csv");
    env.run(
        "es",
        &[
            "report",
            "cash-book",
            "--month",
            month,
            "--format",
            "csv",
            "-o",
            &out.to_string_lossy(),
        ],
    )
    .ok();
    assert_clean(
        "the CSV file",
        &std::fs::read_to_string(&out).expect("the file"),
    );

    // Input quoted back in an error message is escaped too.
    let r = env.run("es", &["member", "show", "\u{1b}]0;pwned\u{7}"]);
    assert_clean("the unknown member message", r.refused());
    let r = env.run("en", &["entry", "list", "--format", "x\u{1b}[2J"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_clean("a usage error", &r.stderr);

    // The member can still save (the entry's text names them), the entry can
    // be reversed, and the name edited back to a clean one.
    env.run("es", &["savings", "deposit", &ced, "--amount", "5"])
        .ok();
    env.run("es", &["entry", "reverse", &entry]).ok();
    let r = env.run(
        "es",
        &["member", "edit", &ced, "--last-names", "Quispe Sisa"],
    );
    assert!(r.refused().contains("Nombres:"), "{}", r.stderr);
    env.run(
        "es",
        &[
            "member",
            "edit",
            &ced,
            "--first-names",
            "Rosa",
            "--community",
            "Peguche Alto",
        ],
    )
    .ok();
    assert_clean("the journal", env.run("en", &["export", "journal"]).ok());
}

#[test]
fn an_import_names_the_line_and_column_of_a_control_character() {
    let env = Env::new();
    let file = env.path("socios.csv");
    std::fs::write(
        &file,
        "cedula,nombres,apellidos,genero,fecha_ingreso,x\u{1b}[2J\u{1b}]0;pwned\u{7}\n\
         1712345675,Rosa,Quispe,F,2024-01-01,\n",
    )
    .expect("write");
    let r = env.run("es", &["member", "import", &file.to_string_lossy()]);
    let err = r.refused();
    assert_clean("the unknown column message", err);
    assert!(
        err.contains("Línea 1: columna desconocida «x\\u001b[2J\\u001b]0;pwned\\u0007»"),
        "{err}"
    );
    std::fs::write(
        &file,
        "cedula,nombres,apellidos,genero,fecha_ingreso,comunidad\r\n\
         1712345675,Rosa,Quispe,F,2024-01-01,Peguche\r\n\
         1712345683,\"Ana\nMaría\",Sisa,F,2024-01-01,Agato\u{202e}\r\n",
    )
    .expect("write");
    let r = env.run("es", &["member", "import", &file.to_string_lossy()]);
    let err = r.refused();
    assert_clean("the import errors", err);
    assert!(
        err.contains("Línea 3: Nombres: Contiene un carácter de control o invisible (U+000A, salto de línea) en la posición 4"),
        "{err}"
    );
    assert!(
        err.contains("Línea 3: Comunidad: Contiene un carácter de control o invisible (U+202E, cambio de dirección del texto) en la posición 6"),
        "{err}"
    );
    let v = json(env.run("es", &["member", "list", "--format", "json"]).ok());
    assert_eq!(v.as_array().map(Vec::len), Some(0), "all or nothing");
}
