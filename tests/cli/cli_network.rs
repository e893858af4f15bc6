//! `ayni export network`, `ayni network key` and `ayni network report` as a
//! coordinator runs them: packages of two demo books consolidated, a changed
//! byte refused by name, the registry's keys printed by each book.

use crate::cli_common::Env;

#[test]
fn a_coordinator_consolidates_two_books_and_a_changed_package_is_refused_by_name() {
    let one = Env::empty();
    one.run(
        "es",
        &["demo", "--members", "8", "--months", "3", "--seed", "5"],
    )
    .ok();
    let two = Env::empty();
    two.run(
        "es",
        &["demo", "--members", "12", "--months", "3", "--seed", "6"],
    )
    .ok();
    let folder = one.path("red");
    let out = folder.to_string_lossy().into_owned();
    let mut registry = String::from("name = \"Red de prueba\"\n");
    for env in [&one, &two] {
        let said = env.run("es", &["export", "network", "-o", &format!("{out}/")]);
        assert!(
            said.ok().contains("firmado con la clave"),
            "{}",
            said.stdout
        );
        let key = env.run("es", &["network", "key"]);
        let text = key.ok();
        let block = text.split("(red.toml):\n").nth(1).expect("registry lines");
        registry.push_str(block);
        registry.push('\n');
    }
    // The open month (the tests' today's) makes no package, and says so in
    // the network's words.
    let month = ayni::domain::period::Month::of(crate::cli_common::test_now().date());
    let open = one.run(
        "es",
        &[
            "export",
            "network",
            "--month",
            &month.to_string(),
            "-o",
            &format!("{out}/"),
        ],
    );
    let said = format!(
        "{} no está cerrado; el paquete para la red",
        month.name(ayni::i18n::Lang::Es)
    );
    assert!(open.refused().contains(&said), "{}", open.stderr);
    let reg = one.path("red.toml");
    std::fs::write(&reg, &registry).expect("registry");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(
        files.len(),
        2,
        "one package per book for the last closed month"
    );

    let r = one.run(
        "en",
        &[
            "network",
            "report",
            &out,
            "--registry",
            &reg.to_string_lossy(),
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(r.ok()).expect("json");
    assert_eq!(json["associations"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["network"]["associations"], 2);
    assert!(json["refused"].as_array().is_some_and(Vec::is_empty));

    // One byte changed in one package: that one is refused by its name,
    // the other still consolidated.
    let victim = &files[0];
    let mut bytes = std::fs::read(victim).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x04;
    std::fs::write(victim, &bytes).expect("tampered");
    let r = one.run(
        "en",
        &[
            "network",
            "report",
            &out,
            "--registry",
            &reg.to_string_lossy(),
        ],
    );
    let text = r.ok();
    let name = victim
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        r.stderr.contains(&name) && r.stderr.contains("SHA-256"),
        "{}",
        r.stderr
    );
    assert!(text.contains("Refused:") && text.contains(&name), "{text}");
    // Alone, it is refused and nothing else is printed.
    let alone = one.run("es", &["network", "report", &victim.to_string_lossy()]);
    let err = alone.refused();
    assert!(
        err.contains("Ningún paquete se pudo leer") && err.contains(&name),
        "{err}"
    );
    assert!(alone.stdout.is_empty());
}

#[test]
fn a_package_of_an_open_month_or_without_ruc_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let r = env.run(
        "es",
        &["export", "network", "-o", &env.path("x").to_string_lossy()],
    );
    assert!(r.refused().contains("RUC"), "{}", r.stderr);
    assert!(!env.path("x").exists());
    let bad = env.path("bad.toml");
    std::fs::write(&bad, "[[association]]\nruc = \"1\"\nkey = \"zz\"\n").expect("write");
    std::fs::write(env.path("p.ayni-red"), "AYNI-RED 1\n").expect("write");
    let r = env.run(
        "en",
        &[
            "network",
            "report",
            &env.path("p.ayni-red").to_string_lossy(),
            "--registry",
            &bad.to_string_lossy(),
        ],
    );
    assert!(
        r.refused().contains("64 hexadecimal digits"),
        "{}",
        r.stderr
    );
}
