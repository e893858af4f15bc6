//! Issue 15, point 8: restoring a copy older than the book says how many
//! entries will be lost (and the date of the last one) and asks to confirm;
//! without a terminal to ask at, it is refused unless `--yes` is given.

use crate::cli_common::{Env, today_date};

fn add_entry(env: &Env, date: &str) {
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            date,
            "--description",
            "Pago de luz",
            "--debit",
            "4503=2",
            "--credit",
            "1101=2",
        ],
    )
    .ok();
}

fn entries(env: &Env) -> u64 {
    let out = env
        .run("en", &["check", "--format", "json"])
        .ok()
        .to_string();
    crate::cli_common::json(&out)["entries"]
        .as_u64()
        .expect("entries")
}

#[test]
fn restoring_an_older_copy_names_the_loss_and_needs_yes() {
    let env = Env::new();
    let day = today_date();
    let date = day.format("%Y-%m-%d").to_string();
    // Money in the box first, so that the expenses can be paid.
    let ced = env.add_member(4_000_021, "Killa", "Farinango");
    let credit = format!("3103=100@{ced}");
    env.run(
        "en",
        &[
            "entry",
            "add",
            "--date",
            &date,
            "--description",
            "Aporte",
            "--debit",
            "1101=100",
            "--credit",
            &credit,
        ],
    )
    .ok();
    let copy = env.path("copia.ayni");
    let copy_s = copy.to_string_lossy().to_string();
    env.run("en", &["backup", "-o", &copy_s]).ok();
    let at_copy = entries(&env);
    add_entry(&env, &date);
    add_entry(&env, &date);
    let before = env.bytes();

    let r = env.run("en", &["restore", &copy_s]);
    let err = r.refused();
    assert!(
        err.contains("the copy has 2 entries fewer than the book"),
        "{err}"
    );
    assert!(err.contains("they will be lost"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    let shown = ayni::domain::date::format_date(day, ayni::i18n::Lang::En);
    assert!(err.contains(&shown), "the last entry's date {shown}: {err}");
    let r = env.run("es", &["restore", &copy_s]);
    let err = r.refused();
    assert!(
        err.contains("la copia tiene 2 asiento(s) menos que el libro"),
        "{err}"
    );
    assert!(err.contains("se perderán"), "{err}");
    assert!(env.bytes() == before, "a refused restore changed the book");

    env.run("en", &["restore", "--yes", &copy_s]).ok();
    assert_eq!(entries(&env), at_copy);
    // A copy with every entry of the book is restored without a question.
    env.run("en", &["restore", &copy_s]).ok();
}
