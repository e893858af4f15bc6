//! `--layout roomy|compact` and the configuration's `layout`.

use crate::cli_common::*;

#[test]
fn layout_option_takes_both_names_and_refuses_others() {
    let env = Env::new();
    // Accepted in English and in Spanish (the command runs as usual).
    for name in ["roomy", "compact", "amplio", "compacto"] {
        let out = env.run("es", &["--layout", name, "check"]);
        out.ok();
    }
    // Anything else is a usage error that names the choices.
    let out = env.run("en", &["--layout", "wide", "check"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("roomy"), "{}", out.stderr);
    assert!(out.stderr.contains("compact"), "{}", out.stderr);
}

#[test]
fn a_bad_layout_in_the_configuration_is_a_warning_in_the_users_language() {
    let env = Env::new();
    let dir = env.path("config").join("ayni");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), "layout = \"huge\"\n").expect("config");
    let out = env.run("es", &["check"]);
    out.ok();
    assert!(
        out.stderr
            .contains("el diseño «huge» no existe (use \"roomy\" o \"compact\"); se ignora"),
        "{}",
        out.stderr
    );
    let out = env.run("en", &["check"]);
    out.ok();
    assert!(
        out.stderr.contains("layout 'huge' does not exist"),
        "{}",
        out.stderr
    );
    // A good one says nothing.
    std::fs::write(dir.join("config.toml"), "layout = \"roomy\"\n").expect("config");
    let out = env.run("es", &["check"]);
    out.ok();
    assert!(!out.stderr.contains("Aviso"), "{}", out.stderr);
}
