//! `ayni loan simulate|product|new|disburse|pay|payoff|schedule|list|show|writeoff`
//! and `ayni report loans|loan-arrears`.

use crate::cli_common::{Env, json};
use ayni::books::Book;
use ayni::books::close::CloseOptions;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use chrono::{Datelike, Months, NaiveDate};

fn today() -> NaiveDate {
    crate::cli_common::today_date()
}

/// Day `day` of the month `back` months before this one.
fn month_day(back: u32, day: u32) -> NaiveDate {
    let first = today().with_day(1).expect("the first of the month exists");
    first
        .checked_sub_months(Months::new(back))
        .and_then(|m| m.with_day(day))
        .expect("a day between 1 and 28 exists in every month")
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn simulate(lang: &str, args: &[&str]) -> crate::cli_common::Run {
    // No --book and no default book: the simulator needs none.
    let env = Env::empty();
    let mut all = vec!["loan", "simulate"];
    all.extend_from_slice(args);
    let r = env.run_default(lang, &all);
    assert!(no_book_in(env.dir.path()), "the simulator created no book");
    r
}

/// No `.ayni` file anywhere under `dir`.
fn no_book_in(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |entries| {
        entries.flatten().all(|e| {
            let p = e.path();
            if p.is_dir() {
                no_book_in(&p)
            } else {
                p.extension().is_none_or(|x| x != "ayni")
            }
        })
    })
}

fn sim_json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    json(simulate("en", &all).ok())
}

/// Column `key` of every installment.
fn col(v: &serde_json::Value, key: &str) -> Vec<String> {
    v["installments"]
        .as_array()
        .expect("installments")
        .iter()
        .map(|i| i[key].as_str().expect("a string").to_string())
        .collect()
}

fn cents(s: &str) -> i64 {
    Money::parse(s).expect("an amount").cents()
}

/// Every schedule: principal sums to the amount, payments to principal plus
/// interest, the balance ends at zero, and the totals are the columns' sums.
fn assert_amortises(v: &serde_json::Value) {
    let sum = |k: &str| col(v, k).iter().map(|s| cents(s)).sum::<i64>();
    assert_eq!(sum("principal"), cents(v["amount"].as_str().unwrap_or("")));
    assert_eq!(sum("payment"), sum("principal") + sum("interest"));
    assert_eq!(
        sum("interest"),
        cents(v["total_interest"].as_str().unwrap_or(""))
    );
    assert_eq!(
        sum("payment"),
        cents(v["total_paid"].as_str().unwrap_or(""))
    );
    assert_eq!(col(v, "balance").last().map(String::as_str), Some("0.00"));
}

#[test]
fn simulate_the_issue_example_exactly_without_a_book() {
    let out = simulate(
        "en",
        &[
            "--amount",
            "1000",
            "--rate",
            "15",
            "--months",
            "12",
            "--method",
            "french",
            "--start",
            "2026-01-15",
            "--format",
            "json",
        ],
    )
    .ok()
    .to_string();
    // The shape and the first installment exactly as issue 5 writes them.
    assert!(
        out.starts_with(
            r#"{"method":"french","amount":"1000.00","rate":"15","months":12,"effective_annual_rate":"16.08","installments":[{"n":1,"due":"2026-02-15","payment":"90.26","interest":"12.50","principal":"77.76","balance":"922.24"},{"n":2,"due":"2026-03-15","#
        ),
        "{out}"
    );
    let v = json(&out);
    assert_eq!(v["installments"].as_array().map(Vec::len), Some(12));
    // French: the same installment every month, the last one by cents.
    let payments = col(&v, "payment");
    assert!(payments[..11].iter().all(|p| p == "90.26"), "{payments:?}");
    assert!((cents(&payments[11]) - 9_026).abs() <= 5, "{payments:?}");
    assert_eq!(col(&v, "due")[11], "2027-01-15");
    assert_amortises(&v);
    // The keys end with the totals, in the issue's order.
    let tail = out.trim_end();
    let ti = tail.find(r#""total_interest":"#).expect("total_interest");
    let tp = tail.find(r#""total_paid":"#).expect("total_paid");
    assert!(ti < tp && tail.ends_with("\"}"), "{tail}");

    // The table shows both rates, in Spanish and in English.
    let es = simulate(
        "es",
        &[
            "--amount",
            "1.000,00",
            "--rate",
            "15",
            "--months",
            "12",
            "--start",
            "15/01/2026",
        ],
    )
    .ok()
    .to_string();
    assert!(es.contains("Tasa nominal anual   15 %"), "{es}");
    assert!(es.contains("Tasa efectiva anual  16,08 %"), "{es}");
    assert!(es.contains("90,26 (la última 90,24)"), "{es}");
    assert!(es.contains("15/02/2026"), "{es}");
    let en = simulate(
        "en",
        &[
            "--amount",
            "1000",
            "--rate",
            "15",
            "--months",
            "12",
            "--start",
            "2026-01-15",
        ],
    )
    .ok()
    .to_string();
    assert!(en.contains("Effective annual rate  16.08%"), "{en}");
    assert!(en.contains("Total to pay           1,083.10"), "{en}");
}

#[test]
fn simulate_german_flat_zero_rate_and_month_ends() {
    // German 1200 at 12% for 3 months: principal 400 each, interest 12, 8, 4.
    let v = sim_json(&[
        "--amount",
        "1200",
        "--rate",
        "12",
        "--months",
        "3",
        "--method",
        "german",
        "--start",
        "2026-03-10",
    ]);
    assert_eq!(v["method"], "german");
    assert_eq!(col(&v, "principal"), ["400.00", "400.00", "400.00"]);
    assert_eq!(col(&v, "interest"), ["12.00", "8.00", "4.00"]);
    assert_eq!(col(&v, "payment"), ["412.00", "408.00", "404.00"]);
    assert_eq!(v["effective_annual_rate"], "12.68");
    assert_amortises(&v);

    // Flat 1000 at 10% for 3 months: 25.00 of interest, remainders in the last.
    let v = sim_json(&[
        "--amount",
        "1000",
        "--rate",
        "10",
        "--months",
        "3",
        "--method",
        "plano",
        "--start",
        "2026-01-01",
    ]);
    assert_eq!(v["method"], "flat");
    assert_eq!(col(&v, "interest"), ["8.33", "8.33", "8.34"]);
    assert_eq!(col(&v, "principal"), ["333.33", "333.33", "333.34"]);
    assert_eq!(v["total_interest"], "25.00");
    assert_amortises(&v);
    // The table warns that flat interest is for teaching only.
    let t = simulate(
        "es",
        &[
            "--amount", "1000", "--rate", "10", "--months", "3", "--method", "flat",
        ],
    )
    .ok()
    .to_string();
    assert!(t.contains("Interés plano: solo para enseñar"), "{t}");

    // Rate 0: no interest, the remainder in the last installment.
    let v = sim_json(&[
        "--amount",
        "1000",
        "--rate",
        "0",
        "--months",
        "3",
        "--start",
        "2026-01-01",
    ]);
    assert_eq!(col(&v, "payment"), ["333.33", "333.33", "333.34"]);
    assert_eq!(v["total_interest"], "0.00");
    assert_eq!(v["effective_annual_rate"], "0.00");
    assert_eq!(v["rate"], "0");

    // A loan of 31 January falls due on the last day of shorter months.
    let v = sim_json(&[
        "--amount",
        "300",
        "--rate",
        "12",
        "--months",
        "3",
        "--start",
        "2026-01-31",
    ]);
    assert_eq!(col(&v, "due"), ["2026-02-28", "2026-03-31", "2026-04-30"]);
    let v = sim_json(&[
        "--amount",
        "300",
        "--rate",
        "12",
        "--months",
        "2",
        "--start",
        "2024-01-31",
    ]);
    assert_eq!(col(&v, "due"), ["2024-02-29", "2024-03-31"]);

    // A decimal comma in the rate, and CSV.
    let csv = simulate(
        "en",
        &[
            "--amount",
            "1000",
            "--rate",
            "15,5",
            "--months",
            "2",
            "--start",
            "2026-01-15",
            "--format",
            "csv",
        ],
    )
    .ok()
    .to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "n,due,payment,interest,principal,balance");
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[3].starts_with("TOTAL,,"), "{csv}");
}

#[test]
fn simulate_refuses_bad_input_with_a_clear_message() {
    let base = |amount: &str, rate: &str, months: &str| {
        vec![
            "--amount".to_string(),
            amount.to_string(),
            "--rate".to_string(),
            rate.to_string(),
            "--months".to_string(),
            months.to_string(),
            "--start".to_string(),
            "2026-01-15".to_string(),
        ]
    };
    let run = |lang: &str, args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        simulate(lang, &a).refused().to_string()
    };
    let err = run("es", base("mil", "15", "12"));
    assert!(err.contains("«mil» no es un valor"), "{err}");
    let err = run("en", base("mil", "15", "12"));
    assert!(err.contains("'mil' is not an amount"), "{err}");
    let err = run("es", base("0", "15", "12"));
    assert!(err.contains("El monto debe ser mayor que cero."), "{err}");
    let err = run("en", base("-5", "15", "12"));
    assert!(
        err.contains("The amount must be greater than zero."),
        "{err}"
    );
    let err = run("es", base("1000", "15", "0"));
    assert!(err.contains("El plazo debe ser de 1 a 360 meses."), "{err}");
    let err = run("en", base("1000", "15", "-3"));
    assert!(err.contains("The term must be 1 to 360 months."), "{err}");
    let err = run("en", base("1000", "15", "361"));
    assert!(err.contains("The term must be 1 to 360 months."), "{err}");
    let err = run("es", base("1000", "15", "doce"));
    assert!(err.contains("«doce» no es un plazo"), "{err}");
    let err = run("en", base("1000", "quince", "12"));
    assert!(err.contains("'quince' is not a rate"), "{err}");
    let err = run("es", base("1000", "-1", "12"));
    assert!(err.contains("«-1» no es una tasa"), "{err}");
    let err = run("en", base("1000", "150", "12"));
    assert!(err.contains("'150' is not a rate"), "{err}");

    let mut a = base("1000", "15", "12");
    a[7] = "2026-02-30".into();
    let err = run("es", a);
    assert!(err.contains("«2026-02-30» no es una fecha válida"), "{err}");
    let mut a = base("1000", "15", "12");
    a.extend(["--method".to_string(), "italiano".to_string()]);
    let err = run("en", a);
    assert!(err.contains("'italiano' is not a method"), "{err}");
    assert!(err.contains("french") && err.contains("german"), "{err}");
}

/// A fresh book with two members who have savings, and a loan product.
struct Fixture {
    env: Env,
    ana: String,
    luis: String,
}

fn fixture() -> Fixture {
    let env = Env::new();
    let ana = env.add_member(2_200_001, "Ana María", "Lema Yamberla");
    let luis = env.add_member(2_200_002, "Luis", "Cotacachi Males");
    // There is no savings command yet: the deposits go through the library.
    {
        let mut book = Book::open(&env.book).expect("the book opens");
        let m = Money::from_cents(100_000);
        book.deposit(1, None, m, month_day(5, 2), "1101")
            .expect("deposit");
        book.deposit(2, None, m, month_day(5, 2), "1101")
            .expect("deposit");
    }
    let out = env
        .run(
            "es",
            &[
                "loan",
                "product",
                "add",
                "--name",
                "Microcrédito",
                "--method",
                "german",
                "--rate",
                "12",
                "--max-months",
                "24",
                "--max-amount",
                "3000",
                "--guarantee",
                "10",
                "--max-savings-multiple",
                "5",
                "--rate-cap",
                "28,5",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Producto de crédito registrado."), "{out}");
    assert!(out.contains("Tasa de mora"), "{out}");
    assert!(out.contains("13,2 %"), "{out}");
    Fixture { env, ana, luis }
}

/// Everything a refusal must leave as it was.
fn state(env: &Env) -> String {
    let mut s = env.snapshot();
    s.push_str(env.run("en", &["loan", "list", "--format", "json"]).ok());
    s.push_str(
        env.run("en", &["loan", "product", "list", "--format", "json"])
            .ok(),
    );
    s
}

fn blocked_savings(env: &Env, member: u32) -> Money {
    let book = Book::open_read_only(&env.book).expect("the book opens");
    book.member_savings(member)
        .expect("savings")
        .iter()
        .map(|s| s.account.blocked)
        .sum()
}

#[test]
fn products_list_in_every_format() {
    let f = fixture();
    let v = json(
        f.env
            .run("en", &["loan", "product", "list", "--format", "json"])
            .ok(),
    );
    assert_eq!(v[0]["id"], 1);
    assert_eq!(v[0]["name"], "Microcrédito");
    assert_eq!(v[0]["method"], "german");
    assert_eq!(v[0]["rate"], "12");
    assert_eq!(v[0]["late_rate"], "13.2");
    assert_eq!(v[0]["late_rate_default"], true);
    assert_eq!(v[0]["max_amount"], "3000.00");
    assert_eq!(v[0]["guarantee_percent"], "10");
    assert_eq!(v[0]["max_savings_multiple"], "5");
    assert_eq!(v[0]["rate_cap"], "28.5");
    let csv = f
        .env
        .run("es", &["loan", "product", "list", "--format", "csv"])
        .ok()
        .to_string();
    assert!(
        csv.contains("1,Microcrédito,german,12,12.68,13.2,24,3000.00,10,5,28.5"),
        "{csv}"
    );
    // A rate above the product's cap is accepted with a warning.
    let r = f.env.run(
        "en",
        &[
            "loan",
            "product",
            "add",
            "--name",
            "Emergencia",
            "--rate",
            "30",
            "--max-months",
            "6",
            "--max-amount",
            "500",
            "--rate-cap",
            "28.5",
            "--late-rate",
            "32",
        ],
    );
    r.ok();
    assert!(
        r.stderr.contains("exceeds the legal cap of 28.5 %"),
        "{}",
        r.stderr
    );
    let t = f
        .env
        .run("en", &["loan", "product", "list"])
        .ok()
        .to_string();
    assert!(t.contains("Emergencia") && t.contains("32%"), "{t}");
    // Flat interest is not offered as a product; a bad percentage is refused.
    let before = state(&f.env);
    let err = f
        .env
        .run(
            "en",
            &[
                "loan",
                "product",
                "add",
                "--name",
                "Plano",
                "--method",
                "flat",
                "--rate",
                "10",
                "--max-months",
                "6",
                "--max-amount",
                "500",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("the French or German method"), "{err}");
    let err = f
        .env
        .run(
            "es",
            &[
                "loan",
                "product",
                "add",
                "--name",
                "Otro",
                "--rate",
                "10",
                "--max-months",
                "6",
                "--max-amount",
                "500",
                "--guarantee",
                "120",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("«120» no es un porcentaje"), "{err}");
    assert_eq!(state(&f.env), before);
}

#[test]
fn the_whole_life_of_a_loan_and_refusals_that_change_nothing() {
    let f = fixture();
    let env = &f.env;
    let d0 = month_day(4, 1);
    let apply = |lang: &str, member: &str, extra: &[&str]| {
        let mut a = vec![
            "loan",
            "new",
            member,
            "--product",
            "microcrédito",
            "--purpose",
            "Compra de semillas",
            "--approval",
            "Acta 3 del comité de crédito",
        ];
        a.extend_from_slice(extra);
        env.run(lang, &a)
    };

    // Refusals at application: nothing changes.
    let before = state(env);
    let g_self = format!("#{}", 1);
    let err = apply(
        "es",
        &f.ana,
        &["--amount", "1200", "--months", "3", "--guarantor", &g_self],
    )
    .refused()
    .to_string();
    assert!(
        err.contains("El garante debe ser otro socio activo."),
        "{err}"
    );
    let err = apply(
        "en",
        &f.ana,
        &["--amount", "1200", "--months", "3", "--guarantor", &f.ana],
    )
    .refused()
    .to_string();
    assert!(
        err.contains("The guarantor must be another active member."),
        "{err}"
    );
    let err = apply(
        "en",
        &f.ana,
        &[
            "--amount",
            "3000.01",
            "--months",
            "3",
            "--guarantor",
            &f.luis,
        ],
    )
    .refused()
    .to_string();
    assert!(
        err.contains("The amount exceeds the product's maximum (3,000.00)."),
        "{err}"
    );
    let err = apply(
        "es",
        &f.ana,
        &["--amount", "1200", "--months", "25", "--guarantor", &f.luis],
    )
    .refused()
    .to_string();
    assert!(
        err.contains("El plazo supera el máximo del producto (24 meses)."),
        "{err}"
    );
    let err = apply(
        "es",
        &f.ana,
        &["--amount", "1200", "--months", "0", "--guarantor", &f.luis],
    )
    .refused()
    .to_string();
    assert!(err.contains("El plazo debe ser de 1 a 360 meses."), "{err}");
    let err = apply(
        "en",
        &f.ana,
        &["--amount", "1200", "--months", "3", "--guarantor", "#9"],
    )
    .refused()
    .to_string();
    assert!(err.contains("There is no member '#9'."), "{err}");
    let err = env
        .run(
            "es",
            &[
                "loan",
                "new",
                &f.ana,
                "--product",
                "Vivienda",
                "--amount",
                "100",
                "--months",
                "3",
                "--approval",
                "Acta 3",
            ],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("No existe el producto de crédito «Vivienda». Productos: 1 Microcrédito."),
        "{err}"
    );
    assert_eq!(state(env), before, "the refusals changed nothing");

    // Two applications: Ana (guaranteed by Luis) and Luis (guaranteed by Ana).
    let out = apply(
        "es",
        &f.ana,
        &[
            "--amount",
            "1200",
            "--months",
            "3",
            "--guarantor",
            &f.luis,
            "--date",
            &iso(d0),
        ],
    )
    .ok()
    .to_string();
    assert!(
        out.starts_with("Solicitud registrada: préstamo N.º 1.\n"),
        "{out}"
    );
    assert!(out.contains("Lema Yamberla Ana María"), "{out}");
    assert!(out.contains("Tasa efectiva anual  12,68 %"), "{out}");
    assert!(out.contains("ayni loan disburse 1"), "{out}");
    let out = apply(
        "en",
        "#2",
        &[
            "--amount",
            "600",
            "--months",
            "6",
            "--guarantor",
            "#1",
            "--date",
            &iso(d0),
        ],
    )
    .ok()
    .to_string();
    assert!(
        out.starts_with("Application recorded: loan No. 2.\n"),
        "{out}"
    );
    let v = json(
        env.run(
            "en",
            &["loan", "list", "--status", "solicitado", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(v[0]["status"], "applied");
    assert_eq!(v[0]["member_id_number"], f.ana.as_str());

    // Disbursement from the cash box: the schedule starts that day, the
    // guarantee (10 %) is blocked in the borrower's savings.
    let out = env
        .run(
            "es",
            &[
                "loan",
                "disburse",
                "1",
                "--date",
                &iso(d0),
                "--account",
                "caja",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Préstamo N.º 1 desembolsado"), "{out}");
    assert!(out.contains("1.200,00"), "{out}");
    assert!(out.contains("Caja (1101)"), "{out}");
    assert!(
        out.contains("Encaje bloqueado en la cuenta de ahorro"),
        "{out}"
    );
    assert!(out.contains("120,00"), "{out}");
    assert!(out.contains("412,00") && out.contains("404,00"), "{out}");
    assert_eq!(blocked_savings(env, 1), Money::from_cents(12_000));
    env.run(
        "en",
        &["loan", "disburse", "2", "--date", &iso(month_day(4, 5))],
    )
    .ok();
    assert_eq!(blocked_savings(env, 2), Money::from_cents(6_000));
    // A loan is disbursed once.
    let before = state(env);
    let err = env
        .run("en", &["loan", "disburse", "1", "--date", &iso(d0)])
        .refused()
        .to_string();
    assert!(err.contains("not in a state that allows"), "{err}");
    assert_eq!(state(env), before);

    // Installment 1 (400 + 12.00) paid 25 days late, before installment 2
    // falls due (every month has at least 28 days): late interest first,
    // 400 x 13.2 % x 25 / 360 = 3.67, then interest 12.00, then principal.
    let due1 = d0 + Months::new(1);
    let paid1 = due1 + chrono::Days::new(25);
    let out = env
        .run(
            "es",
            &["loan", "pay", "1", "--amount", "100", "--date", &iso(paid1)],
        )
        .ok()
        .to_string();
    assert!(out.contains("Pago registrado: préstamo N.º 1"), "{out}");
    assert!(out.contains("Interés de mora              3,67"), "{out}");
    assert!(out.contains("Interés                     12,00"), "{out}");
    assert!(out.contains("Capital                     84,33"), "{out}");
    assert!(out.contains("Prepago (abono a capital)    0,00"), "{out}");
    assert!(out.contains("Saldo de capital: 1.115,67."), "{out}");
    let s = json(
        env.run(
            "en",
            &[
                "loan",
                "schedule",
                "1",
                "--date",
                &iso(paid1),
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(s["installments"][0]["principal_paid"], "84.33");
    assert_eq!(s["installments"][0]["late_paid"], "3.67");
    assert_eq!(s["installments"][0]["status"], "overdue");

    // The portfolio and the arrears on a date when both loans are late.
    let report_day = iso(month_day(2, 20));
    let p = json(
        env.run(
            "en",
            &["report", "loans", "--date", &report_day, "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(p["totals"]["loans"], 2);
    assert_eq!(p["totals"]["active"], 2);
    assert_eq!(p["totals"]["outstanding"], "1715.67");
    assert_eq!(p["loans"][1]["outstanding"], "600.00");
    // Loan 2's first installment fell due on day 5 of the third month back.
    let due2 = month_day(3, 5);
    let late2 = (month_day(2, 20) - due2).num_days();
    assert_eq!(p["loans"][1]["days_past_due"], late2);
    let a = json(
        env.run(
            "en",
            &[
                "report",
                "loan-arrears",
                "--date",
                &report_day,
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(a["outstanding"], "1715.67");
    let in_buckets: i64 = a["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| cents(b["amount"].as_str().unwrap_or("")))
        .sum();
    assert_eq!(
        in_buckets + cents(a["current"].as_str().unwrap_or("")),
        171_567
    );
    // Both loans are more than 30 days late on that date: PAR30 is everything.
    assert_eq!(a["at_risk_30"], "1715.67");
    assert_eq!(a["par30"], "100.00");
    let t = env
        .run("es", &["report", "loan-arrears", "--date", &report_day])
        .ok()
        .to_string();
    assert!(
        t.contains("Cartera en riesgo a más de 30 días (PAR30): 100,00 %"),
        "{t}"
    );
    let csv = env
        .run(
            "en",
            &["report", "loans", "--date", &report_day, "--format", "csv"],
        )
        .ok()
        .to_string();
    assert!(
        csv.lines().any(|l| l.starts_with("TOTAL,,,,1715.67,")),
        "{csv}"
    );

    // The month of the disbursements is closed: nothing more is posted in it.
    {
        let mut book = Book::open(&env.book).expect("the book opens");
        // Months close in order, from the month of the oldest entry.
        let mut month = book
            .next_month_to_close()
            .expect("next")
            .expect("the book has entries");
        while month <= Month::of(d0) {
            book.close_month_with(
                month,
                &CloseOptions {
                    backup: false,
                    ..CloseOptions::default()
                },
            )
            .expect("the month closes");
            month = month.next();
        }
    }
    let before = state(env);
    let err = env
        .run(
            "es",
            &[
                "loan",
                "pay",
                "1",
                "--amount",
                "50",
                "--date",
                &iso(month_day(4, 20)),
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("está cerrado"), "{err}");
    let err = env
        .run("en", &["loan", "pay", "99", "--amount", "50"])
        .refused()
        .to_string();
    assert!(err.contains("There is no loan 99."), "{err}");
    let err = env.run("es", &["loan", "show", "99"]).refused().to_string();
    assert!(err.contains("No existe el préstamo 99."), "{err}");
    let err = env
        .run("es", &["loan", "pay", "1", "--amount", "cien"])
        .refused()
        .to_string();
    assert!(err.contains("«cien» no es un valor"), "{err}");
    let err = env
        .run(
            "en",
            &["loan", "pay", "1", "--amount", "10", "--account", "cofre"],
        )
        .refused()
        .to_string();
    assert!(err.contains("'cofre' is not a cash account"), "{err}");
    assert_eq!(state(env), before, "the refusals changed nothing");

    // Payoff: the principal, interest only to that day, and the late interest.
    let pay_day = iso(month_day(2, 20));
    let po = json(
        env.run(
            "en",
            &[
                "loan", "payoff", "1", "--date", &pay_day, "--format", "json",
            ],
        )
        .ok(),
    );
    assert_eq!(po["loan"], 1);
    assert_eq!(po["principal"], "1115.67");
    let total = cents(po["payoff"].as_str().unwrap_or(""));
    let late = cents(po["late_interest"].as_str().unwrap_or(""));
    assert!(late > 0, "{po}");
    assert_eq!(
        total,
        111_567 + cents(po["interest"].as_str().unwrap_or("")) + late
    );
    let t = env
        .run("es", &["loan", "payoff", "1", "--date", &pay_day])
        .ok()
        .to_string();
    assert!(t.contains("Para cancelar el préstamo N.º 1"), "{t}");
    // One cent more than the payoff is refused and changes nothing.
    let before = state(env);
    let over = Money::from_cents(total + 1).plain();
    let err = env
        .run(
            "en",
            &["loan", "pay", "1", "--amount", &over, "--date", &pay_day],
        )
        .refused()
        .to_string();
    assert!(err.contains("exceeds what pays the loan off"), "{err}");
    assert_eq!(state(env), before);
    // The payoff pays it off and releases the guarantee.
    let exact = Money::from_cents(total).plain();
    let out = env
        .run(
            "en",
            &[
                "loan",
                "pay",
                "1",
                "--amount",
                &exact,
                "--date",
                &pay_day,
                "--account",
                "caja",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("The loan is paid off."), "{out}");
    assert!(out.contains("The guarantee was released"), "{out}");
    // The late interest charged is the one the payoff announced.
    let late_line = out
        .lines()
        .find(|l| l.starts_with("Late interest"))
        .expect("the allocation shows the late interest");
    assert_eq!(
        late_line.split_whitespace().last(),
        Some(Money::from_cents(late).plain().as_str()),
        "{out}"
    );
    assert_eq!(blocked_savings(env, 1), Money::ZERO);
    let st = json(
        env.run("en", &["loan", "show", "1", "--format", "json"])
            .ok(),
    );
    assert_eq!(st["loan"]["status"], "paid_off");
    assert_eq!(st["outstanding"], "0.00");
    assert_eq!(st["events"].as_array().map(Vec::len), Some(3));
    assert_eq!(st["events"][2]["kind"], "payoff");
    let v = json(
        env.run(
            "en",
            &["loan", "list", "--status", "active", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["id"], 2);

    // Write-off of loan 2: the guarantee (60.00) covers part, the rest is a loss.
    let before = state(env);
    let err = env
        .run(
            "es",
            &[
                "loan",
                "writeoff",
                "2",
                "--reason",
                " ",
                "--approval",
                "Acta 9",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("Indique el motivo del castigo"), "{err}");
    let err = env
        .run(
            "en",
            &[
                "loan",
                "writeoff",
                "2",
                "--reason",
                "Left",
                "--approval",
                "",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("An approval reference is required."), "{err}");
    assert_eq!(state(env), before);
    let out = env
        .run(
            "es",
            &[
                "loan",
                "writeoff",
                "2",
                "--reason",
                "Socio migró sin dejar bienes",
                "--approval",
                "Acta 9 de asamblea",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Préstamo N.º 2 castigado"), "{out}");
    assert!(out.contains("Acta 9 de asamblea"), "{out}");
    assert!(out.contains("Capital castigado       600,00"), "{out}");
    assert!(out.contains("Cubierto con el encaje   60,00"), "{out}");
    assert!(out.contains("Pérdida (gasto)         540,00"), "{out}");
    let journal = env.run("en", &["export", "journal"]).ok().to_string();
    // (The export writes a description's colon as a dash, for hledger.)
    assert!(
        journal
            .contains("Castigo del préstamo 2- Socio migró sin dejar bienes | Acta 9 de asamblea"),
        "{journal}"
    );
    let st = json(
        env.run("en", &["loan", "show", "2", "--format", "json"])
            .ok(),
    );
    assert_eq!(st["loan"]["status"], "written_off");
    let err = env
        .run("en", &["loan", "payoff", "2"])
        .refused()
        .to_string();
    assert!(err.contains("not in a state that allows"), "{err}");

    // The portfolio is empty now, and the books are whole.
    let p = json(env.run("en", &["report", "loans", "--format", "json"]).ok());
    assert_eq!(p["totals"]["outstanding"], "0.00");
    assert_eq!(p["totals"]["active"], 0);
    let check = env.run("es", &["check"]);
    let out = check.ok();
    assert!(out.contains("El libro está íntegro"), "{out}");
    let table = env.run("es", &["loan", "list"]).ok().to_string();
    assert!(
        table.contains("Cancelado") && table.contains("Castigado"),
        "{table}"
    );
}

#[test]
fn the_demo_portfolio_agrees_with_the_trial_balance() {
    let env = Env::empty();
    env.run("es", &["demo"]).ok();
    let p = json(env.run("en", &["report", "loans", "--format", "json"]).ok());
    let a = json(
        env.run("en", &["report", "loan-arrears", "--format", "json"])
            .ok(),
    );
    // The arrears report and the portfolio count the same principal.
    assert_eq!(a["outstanding"], p["totals"]["outstanding"]);
    let at_risk: i64 = p["loans"]
        .as_array()
        .expect("loans")
        .iter()
        .filter(|l| l["status"] == "active" && l["days_past_due"].as_i64().unwrap_or(0) > 30)
        .map(|l| cents(l["outstanding"].as_str().unwrap_or("")))
        .sum();
    assert_eq!(cents(a["at_risk_30"].as_str().unwrap_or("")), at_risk);
    assert!(at_risk > 0, "the demo has late loans");
    // The loan subledger reconciles to the portfolio accounts 1404 and 1452.
    let tb = json(
        env.run("en", &["report", "trial-balance", "--format", "json"])
            .ok(),
    );
    let balance = |code: &str| -> i64 {
        tb["accounts"]
            .as_array()
            .expect("trial balance accounts")
            .iter()
            .find(|r| r["code"] == code)
            .map(|r| cents(r["balance"].as_str().unwrap_or("0")))
            .unwrap_or(0)
    };
    assert_eq!(
        balance("1404") + balance("1452"),
        cents(p["totals"]["outstanding"].as_str().unwrap_or(""))
    );
    // Every loan shows, by status in either language.
    let list = json(env.run("en", &["loan", "list", "--format", "json"]).ok());
    assert_eq!(
        list.as_array().map(Vec::len),
        p["loans"].as_array().map(Vec::len)
    );
    let written = json(
        env.run(
            "es",
            &["loan", "list", "--status", "castigado", "--format", "json"],
        )
        .ok(),
    );
    assert!(
        written
            .as_array()
            .is_some_and(|w| !w.is_empty() && w.iter().all(|l| l["status"] == "written_off"))
    );
    let err = env
        .run("en", &["loan", "list", "--status", "lost"])
        .refused()
        .to_string();
    assert!(err.contains("'lost' is not a loan status"), "{err}");
    // A loan's statement in Spanish.
    let id = p["loans"][0]["loan"].as_u64().unwrap_or(1).to_string();
    let s = env.run("es", &["loan", "show", &id]).ok().to_string();
    assert!(
        s.contains(&format!("Estado de cuenta del préstamo N.º {id}")),
        "{s}"
    );
    assert!(s.contains("Plan de pagos y pagos"), "{s}");
    env.run("en", &["check"]).ok();
}

#[test]
fn an_extra_amount_prepays_and_lowers_the_installment_when_asked() {
    let f = fixture();
    let env = &f.env;
    let d0 = month_day(3, 1);
    env.run(
        "en",
        &[
            "loan",
            "new",
            &f.ana,
            "--product",
            "1",
            "--amount",
            "1200",
            "--months",
            "3",
            "--guarantor",
            &f.luis,
            "--approval",
            "Acta 5",
            "--date",
            &iso(d0),
        ],
    )
    .ok();
    env.run("en", &["loan", "disburse", "1", "--date", &iso(d0)])
        .ok();
    // On the first due date: 412.00 is due (400 + 12.00); 100.00 more prepays.
    let due1 = iso(d0 + Months::new(1));
    let before = state(env);
    let err = env
        .run(
            "es",
            &[
                "loan", "pay", "1", "--amount", "512", "--date", &due1, "--prepay", "mitad",
            ],
        )
        .refused()
        .to_string();
    assert!(err.contains("«mitad» no es una opción de prepago"), "{err}");
    assert_eq!(state(env), before);
    let out = env
        .run(
            "es",
            &[
                "loan", "pay", "1", "--amount", "512", "--date", &due1, "--prepay", "cuota",
            ],
        )
        .ok()
        .to_string();
    assert!(out.contains("Interés de mora              0,00"), "{out}");
    assert!(out.contains("Interés                     12,00"), "{out}");
    assert!(out.contains("Capital                    400,00"), "{out}");
    assert!(out.contains("Prepago (abono a capital)  100,00"), "{out}");
    assert!(out.contains("El prepago baja la cuota"), "{out}");
    assert!(out.contains("Saldo de capital: 700,00."), "{out}");
    // The rest, 700.00, over the two installments left: 350.00 each, with
    // interest on the lower balance (7.00, then 3.50).
    let s = json(
        env.run(
            "en",
            &["loan", "schedule", "1", "--date", &due1, "--format", "json"],
        )
        .ok(),
    );
    let rows: Vec<(String, String, String)> = s["installments"]
        .as_array()
        .expect("installments")
        .iter()
        .map(|i| {
            (
                i["principal"].as_str().unwrap_or("").to_string(),
                i["interest"].as_str().unwrap_or("").to_string(),
                i["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let r = |p: &str, i: &str, s: &str| (p.to_string(), i.to_string(), s.to_string());
    assert_eq!(
        rows,
        vec![
            r("400.00", "12.00", "paid"),
            r("350.00", "7.00", "pending"),
            r("350.00", "3.50", "pending"),
        ]
    );
    env.run("en", &["check"]).ok();
}

// ---------------------------------------------------------------------------
// Money is never wrong: the figures of the issue, end to end.

/// The program "on" 2026-12-01 (whatever day the suite runs), on `env`'s book.
fn on_dec_first(env: &Env, lang: &str, args: &[&str]) -> (i32, String, String) {
    let o = env
        .cmd(lang)
        .env(ayni::clock::ENV, "2026-12-01T10:00:00")
        .args(args)
        .output()
        .expect("ayni runs");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        err,
    )
}

/// Loan 8 of `demo --members 25 --months 12 --seed 2024` (the year of
/// history the caja-un-ano scenario once was) built on 2026-12-01: its payoff
/// that day is 613.21 + 7.97; after a payment of 313.21 it is 307.97 (it was
/// 303.90) and installment 4 carries 8.57 of interest (it carried 12.47).
#[test]
fn the_issue_example_a_prepayment_lowers_the_payoff_by_exactly_what_was_paid() {
    let env = Env::empty();
    let ok = |lang: &str, args: &[&str]| {
        let (code, out, err) = on_dec_first(&env, lang, args);
        assert_eq!(code, 0, "{args:?}\n{out}\n{err}");
        out
    };
    ok(
        "es",
        &[
            "demo",
            "--members",
            "25",
            "--months",
            "12",
            "--seed",
            "2024",
        ],
    );
    let payoff = |lang: &str| {
        json(&ok(
            lang,
            &[
                "loan",
                "payoff",
                "8",
                "--date",
                "2026-12-01",
                "--format",
                "json",
            ],
        ))
    };
    let before = payoff("en");
    assert_eq!(
        (
            before["payoff"].as_str(),
            before["principal"].as_str(),
            before["interest"].as_str()
        ),
        (Some("621.18"), Some("613.21"), Some("7.97"))
    );
    let out = ok(
        "es",
        &[
            "loan",
            "pay",
            "8",
            "--amount",
            "313.21",
            "--date",
            "2026-12-01",
        ],
    );
    assert!(out.contains("Prepago (abono a capital)  313,21"), "{out}");
    let after = payoff("en");
    assert_eq!(after["payoff"], "307.97");
    assert_eq!(after["principal"], "300.00");
    assert_eq!(after["interest"], "7.97");
    let s = json(&ok(
        "en",
        &[
            "loan",
            "schedule",
            "8",
            "--date",
            "2026-12-01",
            "--format",
            "json",
        ],
    ));
    let fourth = &s["installments"][3];
    assert_eq!(fourth["n"], 4);
    assert_eq!(fourth["interest"], "8.57");
    let check = ok("es", &["check"]);
    assert!(check.contains("El libro está íntegro"), "{check}");
}

#[test]
fn simulate_tells_the_real_cost_of_flat_interest() {
    let args = [
        "--amount",
        "1000",
        "--rate",
        "15",
        "--months",
        "12",
        "--method",
        "flat",
        "--start",
        "2026-01-15",
    ];
    let v = sim_json(&args);
    assert_eq!(v["effective_annual_rate"], "30.12");
    let es = simulate("es", &args).ok().to_string();
    assert!(es.contains("Tasa efectiva anual  30,12 %"), "{es}");
    let en = simulate("en", &args).ok().to_string();
    assert!(en.contains("Effective annual rate  30.12%"), "{en}");
    // French and German: the nominal rate compounded monthly.
    for method in ["french", "german"] {
        let v = sim_json(&[
            "--amount", "1000", "--rate", "15", "--months", "12", "--method", method,
        ]);
        assert_eq!(v["effective_annual_rate"], "16.08", "{method}");
    }
}

/// Issue 15: 40,000,000,000 flat at 100 % for 30 years showed 0.00 interest.
#[test]
fn simulate_refuses_figures_beyond_the_largest_amount() {
    let args = [
        "--amount",
        "40000000000",
        "--rate",
        "100",
        "--months",
        "360",
        "--method",
        "flat",
    ];
    let es = simulate("es", &args).refused().to_string();
    assert!(es.contains("superan el máximo"), "{es}");
    assert!(es.contains("999.999.999.999,99"), "{es}");
    let en = simulate("en", &args).refused().to_string();
    assert!(en.contains("exceed the largest amount"), "{en}");
    let r = simulate("en", &[&args[..], &["--format", "json"]].concat());
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // French at the largest amount, over 30 years at 100 %: the total is too large.
    let en = simulate(
        "en",
        &[
            "--amount",
            "999999999999",
            "--rate",
            "100",
            "--months",
            "360",
        ],
    )
    .refused()
    .to_string();
    assert!(en.contains("exceed the largest amount"), "{en}");
}

#[test]
fn simulate_says_when_cent_rounding_sets_the_last_installment_apart() {
    let args = [
        "--amount",
        "10000",
        "--rate",
        "12",
        "--months",
        "360",
        "--start",
        "2026-01-01",
    ];
    let es = simulate("es", &args).ok().to_string();
    assert!(
        es.contains("la última cuota (107,43) difiere de las demás (102,86) en más del 1 %"),
        "{es}"
    );
    let en = simulate("en", &args).ok().to_string();
    assert!(
        en.contains(
            "the last installment (107.43) differs from the others (102.86) by more than 1%"
        ),
        "{en}"
    );
    // The 12-month example says nothing of the kind.
    let short = simulate(
        "en",
        &["--amount", "1000", "--rate", "15", "--months", "12"],
    )
    .ok()
    .to_string();
    assert!(!short.contains("by more than 1%"), "{short}");
}

#[test]
fn a_product_with_a_late_rate_above_the_bce_cap_is_refused() {
    let f = fixture();
    let before = state(&f.env);
    let add = |lang: &str, late: &str| {
        f.env.run(
            lang,
            &[
                "loan",
                "product",
                "add",
                "--name",
                "Consumo",
                "--rate",
                "18",
                "--max-months",
                "12",
                "--max-amount",
                "2000",
                "--late-rate",
                late,
            ],
        )
    };
    let es = add("es", "20").refused().to_string();
    assert!(es.contains("como máximo 19,8 %"), "{es}");
    let en = add("en", "19,81").refused().to_string();
    assert!(en.contains("at most 19.8%"), "{en}");
    assert_eq!(state(&f.env), before, "nothing was added");
    let out = add("es", "19,8").ok().to_string();
    assert!(out.contains("Producto de crédito registrado."), "{out}");
}

/// Applies for a loan of Ana's (guaranteed by Luis) dated `date`.
fn apply_for(f: &Fixture, amount: &str, months: &str, date: &str) -> u32 {
    let out = f
        .env
        .run(
            "en",
            &[
                "loan",
                "new",
                &f.ana,
                "--product",
                "1",
                "--amount",
                amount,
                "--months",
                months,
                "--guarantor",
                &f.luis,
                "--approval",
                "Acta 5",
                "--date",
                date,
            ],
        )
        .ok()
        .to_string();
    out.split("loan No. ")
        .nth(1)
        .and_then(|s| {
            s.trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('.')
                .next()
        })
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("no loan number in {out}"))
}

#[test]
fn a_disbursement_with_no_payments_is_voided_and_its_guarantee_released() {
    let f = fixture();
    let env = &f.env;
    let applied = month_day(1, 10);
    let id = apply_for(&f, "600", "6", &iso(applied)).to_string();
    // Not before the application, not in the future.
    let before = state(env);
    let err = env
        .run(
            "es",
            &["loan", "disburse", &id, "--date", &iso(month_day(1, 9))],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("no puede ser anterior a la solicitud"),
        "{err}"
    );
    let tomorrow = today().succ_opt().expect("a day");
    let err = env
        .run("en", &["loan", "disburse", &id, "--date", &iso(tomorrow)])
        .refused()
        .to_string();
    assert!(err.contains("later than today"), "{err}");
    assert_eq!(state(env), before);
    env.run("es", &["loan", "disburse", &id, "--date", &iso(applied)])
        .ok();
    assert_eq!(blocked_savings(env, 1), Money::from_cents(6_000));
    let err = env
        .run("en", &["loan", "void", &id, "--reason", " "])
        .refused()
        .to_string();
    assert!(!err.is_empty());
    let out = env
        .run(
            "es",
            &["loan", "void", &id, "--reason", "Se digitó mal el monto"],
        )
        .ok()
        .to_string();
    assert!(
        out.contains(&format!("Desembolso del préstamo N.º {id} anulado")),
        "{out}"
    );
    assert!(out.contains("Se liberó el encaje"), "{out}");
    assert_eq!(blocked_savings(env, 1), Money::ZERO);
    let list = env.run("es", &["loan", "list"]).ok().to_string();
    assert!(list.contains("Anulado"), "{list}");
    let voided = json(
        env.run(
            "en",
            &["loan", "list", "--status", "anulado", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(voided.as_array().map(Vec::len), Some(1), "{voided}");
    let show = json(
        env.run("en", &["loan", "show", &id, "--format", "json"])
            .ok(),
    );
    assert_eq!(show["loan"]["status"], "voided");
    assert_eq!(show["outstanding"], "0.00");
    assert_eq!(show["events"][0]["kind"], "disbursement");
    assert_eq!(show["events"][0]["reversed"], true);
    let journal = env.run("en", &["export", "journal"]).ok().to_string();
    assert!(journal.contains("Se digitó mal el monto"), "{journal}");
    let p = json(env.run("en", &["report", "loans", "--format", "json"]).ok());
    assert_eq!(p["totals"]["outstanding"], "0.00");
    assert!(
        env.run("es", &["check"])
            .ok()
            .contains("El libro está íntegro")
    );

    // A loan with a payment cannot be voided.
    let id = apply_for(&f, "300", "3", &iso(month_day(2, 3))).to_string();
    env.run(
        "es",
        &["loan", "disburse", &id, "--date", &iso(month_day(2, 3))],
    )
    .ok();
    env.run(
        "es",
        &[
            "loan",
            "pay",
            &id,
            "--amount",
            "50",
            "--date",
            &iso(month_day(1, 3)),
        ],
    )
    .ok();
    let before = state(env);
    let err = env
        .run("es", &["loan", "void", &id, "--reason", "Error"])
        .refused()
        .to_string();
    assert!(err.contains("no se puede anular"), "{err}");
    let err = env
        .run("en", &["loan", "void", &id, "--reason", "Error"])
        .refused()
        .to_string();
    assert!(err.contains("cannot be voided"), "{err}");
    assert_eq!(state(env), before);
}

#[test]
fn a_written_off_loan_shows_its_installments_written_off_not_repaid() {
    let f = fixture();
    let env = &f.env;
    let start = month_day(4, 2);
    let id = apply_for(&f, "600", "6", &iso(start)).to_string();
    env.run("es", &["loan", "disburse", &id, "--date", &iso(start)])
        .ok();
    // The first installment (100 + 6.00) paid on its day; the rest never.
    env.run(
        "es",
        &[
            "loan",
            "pay",
            &id,
            "--amount",
            "106",
            "--date",
            &iso(month_day(3, 2)),
        ],
    )
    .ok();
    env.run(
        "es",
        &[
            "loan",
            "writeoff",
            &id,
            "--reason",
            "Socio migró",
            "--approval",
            "Acta 9",
        ],
    )
    .ok();
    let s = json(
        env.run("en", &["loan", "schedule", &id, "--format", "json"])
            .ok(),
    );
    let statuses: Vec<&str> = s["installments"]
        .as_array()
        .expect("installments")
        .iter()
        .map(|i| i["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(statuses[0], "paid");
    assert!(
        statuses[1..].iter().all(|st| *st == "written_off"),
        "{statuses:?}"
    );
    assert_eq!(s["totals"]["principal_paid"], "100.00");
    let table = env.run("es", &["loan", "show", &id]).ok().to_string();
    assert!(table.contains("Castigada"), "{table}");
    assert!(
        table.contains("capital castigado (no pagado) 500,00"),
        "{table}"
    );
    assert!(
        !table.contains("Pagada") || table.matches("Pagada").count() == 1,
        "{table}"
    );
}

/// Every refusal of a typed value names the flag it was given to, with the
/// one input module's words; rates are read as the interface reads them.
#[test]
fn refused_values_name_their_flag_and_rates_read_as_in_the_interface() {
    let base = |rate: &str, months: &str, start: &str| {
        [
            "--amount", "1000", "--rate", rate, "--months", months, "--start", start,
        ]
        .map(str::to_string)
        .to_vec()
    };
    let run = |lang: &str, args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        simulate(lang, &a)
    };
    let err = run("es", base("150", "12", "2026-01-15"))
        .refused()
        .to_string();
    assert!(
        err.contains("En «--rate 150»: «150» no es una tasa"),
        "{err}"
    );
    let err = run("en", base("15%%", "12", "2026-01-15"))
        .refused()
        .to_string();
    assert!(
        err.contains("In '--rate 15%%': '15%%' is not a rate"),
        "{err}"
    );
    let err = run("en", base("15", "+12", "2026-01-15"))
        .refused()
        .to_string();
    assert!(
        err.contains("In '--months +12': '+12' is not a term"),
        "{err}"
    );
    let err = run("es", base("15", "12", "2026-02-30"))
        .refused()
        .to_string();
    assert!(
        err.contains("En «--start 2026-02-30»: «2026-02-30» no es una fecha"),
        "{err}"
    );
    // `15 %`, `15,5` and `15.5` are the rates the interface accepts too.
    for rate in ["15 %", "15,5", "15.5%"] {
        let out = run("en", base(rate, "12", "2026-01-15")).ok().to_string();
        assert!(out.contains("1000.00") || out.contains("1,000.00"), "{out}");
    }

    // A product: each flag named; a guarantee takes at most two decimals, as
    // the provision percentages do. Nothing is written.
    let f = fixture();
    let before = state(&f.env);
    let product = |extra: &[&str]| {
        let mut a = vec![
            "loan",
            "product",
            "add",
            "--name",
            "Otro",
            "--rate",
            "10",
            "--max-months",
            "6",
            "--max-amount",
            "500",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    for (lang, extra, want) in [
        (
            "es",
            &["--guarantee", "10,125"][..],
            "En «--guarantee 10,125»: «10,125» no es un porcentaje",
        ),
        (
            "en",
            &["--late-rate", "doce"][..],
            "In '--late-rate doce': 'doce' is not a rate",
        ),
        (
            "en",
            &["--rate-cap", "-1"][..],
            "In '--rate-cap -1': '-1' is not a rate",
        ),
        (
            "es",
            &["--max-savings-multiple", "0"][..],
            "En «--max-savings-multiple 0»: «0» no es un número de veces",
        ),
    ] {
        let args = product(extra);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = f.env.run(lang, &a).refused().to_string();
        assert!(err.contains(want), "{err}");
    }
    let err = f
        .env
        .run(
            "en",
            &["loan", "pay", "1", "--amount", "10", "--date", "31/02/2026"],
        )
        .refused()
        .to_string();
    assert!(
        err.contains("In '--date 31/02/2026': '31/02/2026' is not a valid date"),
        "{err}"
    );
    assert_eq!(state(&f.env), before);
}
