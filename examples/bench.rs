//! In-process timings of ayni on one book: what a treasurer waits for.
//!
//! ```text
//! cargo run --release --example bench -- BOOK [--runs N] [--tsv]
//! ```
//!
//! BOOK is an existing book (make one with `ayni demo --book BOOK --members
//! 2000 --months 120`). It is opened read-write as the interactive program
//! does; the payment is recorded in a copy of it, next to it, removed at the
//! end. Each figure is the median of N runs (default 7) after one warm-up run,
//! with the slowest run beside it; keystrokes are timed one by one (median and
//! slowest of all of them). Nothing here is a pass/fail test: `benches/run.sh`
//! runs it on three books and BENCHMARKS.md keeps the figures.
//!
//! Screens are rendered with ratatui's TestBackend at 120x40, through the same
//! `App` and `views::render` as the terminal, so a keystroke's figure is the
//! whole update-and-draw the terminal would wait for.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ayni::books::Book;
use ayni::domain::account::codes::CASH;
use ayni::domain::money::Money;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::report::render::{Format, render};
use ayni::ui::App;
use ayni::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 120;
const H: u16 = 40;

type Res<T> = Result<T, String>;

fn err<E: std::fmt::Debug>(what: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{what}: {e:?}")
}

/// Timings of one measurement, in milliseconds.
struct Figure {
    name: &'static str,
    median: f64,
    max: f64,
    n: usize,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn figure(name: &'static str, mut t: Vec<f64>) -> Figure {
    t.sort_by(|a, b| a.total_cmp(b));
    let n = t.len();
    Figure {
        name,
        median: if n == 0 { 0.0 } else { t[n / 2] },
        max: t.last().copied().unwrap_or(0.0),
        n,
    }
}

/// Runs `f` once to warm up, then `runs` times; the median and slowest.
fn time(name: &'static str, runs: usize, mut f: impl FnMut() -> Res<()>) -> Res<Figure> {
    f()?;
    let mut t = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        t.push(ms(start.elapsed()));
    }
    Ok(figure(name, t))
}

fn draw(term: &mut Terminal<TestBackend>, app: &mut App) -> Res<()> {
    let drawn = term
        .draw(|f| ayni::ui::screens::render(app, f))
        .map_err(err("draw"))?
        .area;
    app.resize(drawn.width, drawn.height);
    Ok(())
}

fn key(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Times each key of `keys` from the key to the finished frame.
fn keystrokes(
    term: &mut Terminal<TestBackend>,
    app: &mut App,
    keys: &[KeyCode],
    into: &mut Vec<f64>,
) -> Res<()> {
    for k in keys {
        let start = Instant::now();
        key(app, *k);
        draw(term, app)?;
        into.push(ms(start.elapsed()));
    }
    Ok(())
}

/// The process's peak resident memory so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn open_app(path: &Path) -> Res<(App, Terminal<TestBackend>)> {
    let book = Book::open(path).map_err(err("open"))?;
    let mut app = App::new(Some(book), path.to_path_buf(), Lang::Es, Theme::default());
    let mut term = Terminal::new(TestBackend::new(W, H)).map_err(err("terminal"))?;
    draw(&mut term, &mut app)?;
    Ok((app, term))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let mut book_path: Option<PathBuf> = None;
    let mut runs = 7usize;
    let mut tsv = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--runs needs a number")?;
            }
            "--tsv" => tsv = true,
            _ if book_path.is_none() => book_path = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    let path = book_path.ok_or("usage: bench BOOK [--runs N] [--tsv]")?;
    let runs = runs.max(1);
    let lang = Lang::Es;
    let mut out: Vec<Figure> = Vec::new();

    // Open + first frame, as `ayni` does on start (the book read-write).
    out.push(time("open + first frame (120x40)", runs, || {
        open_app(&path).map(|_| ())
    })?);

    let book = Book::open_read_only(&path).map_err(err("open read-only"))?;
    let month = book.current_month().map_err(err("month"))?;
    let closed = book
        .closed_through()
        .map_err(err("closed"))?
        .ok_or("the book has no closed month (the B11 needs one)")?;
    let today = book.today();
    let entries = book.entry_count(None).map_err(err("count"))?;
    let members = book.members().map_err(err("members"))?;
    // The member with the longest history: the first one still active.
    let member = members
        .iter()
        .find(|m| m.status.is_active())
        .map(|m| m.id)
        .ok_or("no active member")?;

    out.push(time("trial balance (book)", runs, || {
        let tb = book.trial_balance(month).map_err(err("tb"))?;
        let text = ayni::report::trial_balance::to_table(&tb, lang, "Balance de comprobación");
        std::hint::black_box(text);
        Ok(())
    })?);
    out.push(time("trial balance (statement, 3 columns)", runs, || {
        let tb = ayni::report::statements::trial_balance(&book, month, lang).map_err(err("tb"))?;
        std::hint::black_box(render(&tb, Format::Table, lang).map_err(err("render"))?);
        Ok(())
    })?);
    out.push(time("balance sheet", runs, || {
        let fp = ayni::report::statements::financial_position(&book, month, lang)
            .map_err(err("position"))?;
        std::hint::black_box(render(&fp, Format::Table, lang).map_err(err("render"))?);
        Ok(())
    })?);
    let year_ago = Month::from_key(month.key().saturating_sub(11));
    out.push(time("member statement (12 months)", runs, || {
        let s =
            ayni::report::member_statement::member_statement(&book, member, year_ago, month, lang)
                .map_err(err("statement"))?;
        std::hint::black_box(render(&s, Format::Table, lang).map_err(err("render"))?);
        Ok(())
    })?);
    out.push(time("arrears: dues", runs, || {
        let rows = book.arrears(month).map_err(err("arrears"))?;
        std::hint::black_box(ayni::report::dues::arrears_table(&rows, month, lang));
        Ok(())
    })?);
    out.push(time("arrears: loans", runs, || {
        let a = book.loan_arrears(today).map_err(err("loan arrears"))?;
        std::hint::black_box(ayni::report::loans::arrears_table(&a, lang));
        Ok(())
    })?);
    out.push(time("loan portfolio (today)", runs, || {
        let rows = book.loan_portfolio(today).map_err(err("loan portfolio"))?;
        std::hint::black_box(ayni::report::loans::portfolio_table(&rows, today, lang));
        Ok(())
    })?);
    // A past day (the end of the last closed month): the loans as they stood
    // then, rebuilt from their events.
    let closed_end = closed.last_day();
    out.push(time(
        "arrears: loans, end of last closed month",
        runs,
        || {
            let a = book.loan_arrears(closed_end).map_err(err("loan arrears"))?;
            std::hint::black_box(ayni::report::loans::arrears_table(&a, lang));
            Ok(())
        },
    )?);
    out.push(time(
        "loan portfolio, end of last closed month",
        runs,
        || {
            let rows = book
                .loan_portfolio(closed_end)
                .map_err(err("loan portfolio"))?;
            std::hint::black_box(ayni::report::loans::portfolio_table(
                &rows, closed_end, lang,
            ));
            Ok(())
        },
    )?);
    out.push(time("B11 export (XML)", runs, || {
        let xml = ayni::report::seps::b11_xml(&book, closed).map_err(err("b11"))?;
        std::hint::black_box(xml);
        Ok(())
    })?);
    drop(book);

    // One payment committed durably, on a copy of the book.
    let copy = path.with_extension("bench-copy.ayni");
    std::fs::copy(&path, &copy).map_err(err("copy"))?;
    let pay = (|| -> Res<Vec<Figure>> {
        let mut book = Book::open(&copy).map_err(err("open copy"))?;
        let payers: Vec<u32> = book
            .members()
            .map_err(err("members"))?
            .iter()
            .filter(|m| m.status.is_active())
            .map(|m| m.id)
            .collect();
        let mut t = Vec::new();
        let mut done = 0;
        for id in payers {
            if done > runs {
                break;
            }
            // Members who owe something pay part of it (the counter's usual case).
            let owed: Money = book
                .owed(id, month)
                .map_err(err("owed"))?
                .iter()
                .map(|c| c.due)
                .sum();
            if !owed.is_positive() {
                continue;
            }
            let amount = owed.min(Money::from_cents(300));
            let start = Instant::now();
            book.pay_dues(id, amount, today, CASH, None)
                .map_err(err("pay"))?;
            if done > 0 {
                t.push(ms(start.elapsed()));
            }
            done += 1;
        }
        let mut figures = vec![figure("dues payment, committed durably", t)];
        // A cash payment backdated to the month's first day: the posting that
        // reads the most of the cash account's days (every one from then on).
        let first = month.first_day();
        let mut t = Vec::new();
        for i in 0..=runs {
            let draft = ayni::domain::entry::EntryDraft::new(
                first,
                "Pasajes (registro tardío)",
                "",
                ayni::domain::entry::EntryKind::Manual,
                vec![
                    ayni::domain::entry::Posting::debit("4503", Money::from_cents(1)),
                    ayni::domain::entry::Posting::credit(CASH, Money::from_cents(1)),
                ],
            )
            .map_err(err("draft"))?;
            let start = Instant::now();
            book.post(draft).map_err(err("post"))?;
            if i > 0 {
                t.push(ms(start.elapsed()));
            }
        }
        figures.push(figure("cash payment dated the 1st, committed durably", t));
        // The same without the wait for the disk (which dominates, and varies
        // on a shared machine): what the posting itself costs.
        book.set_bulk(true).map_err(err("bulk"))?;
        let mut t = Vec::new();
        for i in 0..=runs * 10 {
            let draft = ayni::domain::entry::EntryDraft::new(
                first,
                "Pasajes (registro tardío)",
                "",
                ayni::domain::entry::EntryKind::Manual,
                vec![
                    ayni::domain::entry::Posting::debit("4503", Money::from_cents(1)),
                    ayni::domain::entry::Posting::credit(CASH, Money::from_cents(1)),
                ],
            )
            .map_err(err("draft"))?;
            let start = Instant::now();
            book.post(draft).map_err(err("post"))?;
            if i > 0 {
                t.push(ms(start.elapsed()));
            }
        }
        book.set_bulk(false).map_err(err("bulk"))?;
        figures.push(figure("the same, not waiting for the disk", t));
        Ok(figures)
    })();
    let _ = std::fs::remove_file(&copy);
    out.extend(pay?);

    // Keystrokes: members list (scroll, page, search) and journal.
    let (mut app, mut term) = open_app(&path)?;
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &[KeyCode::Char('2')], &mut t)?;
    out.push(figure("key: open members tab", t));
    let mut t = Vec::new();
    let downs = vec![KeyCode::Down; 40];
    keystrokes(&mut term, &mut app, &downs, &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::PageDown; 10], &mut t)?;
    out.push(figure("key: scroll members (Down, PgDn)", t));
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &[KeyCode::Char('/')], &mut t)?;
    let typed: Vec<KeyCode> = "quispe mar".chars().map(KeyCode::Char).collect();
    keystrokes(&mut term, &mut app, &typed, &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::Backspace; 4], &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::Esc], &mut t)?;
    out.push(figure("key: search members (type, erase)", t));
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &[KeyCode::Char('3')], &mut t)?;
    out.push(figure("key: open journal tab", t));
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &downs, &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::PageDown; 10], &mut t)?;
    out.push(figure("key: scroll journal (Down, PgDn)", t));
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &[KeyCode::Char('['); 3], &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::Char('t')], &mut t)?;
    out.push(figure("key: journal month back, all months", t));
    let mut t = Vec::new();
    keystrokes(&mut term, &mut app, &[KeyCode::Char('/')], &mut t)?;
    let typed: Vec<KeyCode> = "cuota".chars().map(KeyCode::Char).collect();
    keystrokes(&mut term, &mut app, &typed, &mut t)?;
    keystrokes(&mut term, &mut app, &[KeyCode::Esc], &mut t)?;
    out.push(figure("key: search journal", t));
    drop(app);

    let peak = peak_mib();
    if tsv {
        println!("entries\t{entries}");
        for f in &out {
            println!("{}\t{:.2}\t{:.2}\t{}", f.name, f.median, f.max, f.n);
        }
        println!("peak memory MiB\t{peak:.1}");
    } else {
        println!(
            "{} ({entries} entries, {} members)",
            path.display(),
            members.len()
        );
        println!("{:<42} {:>10} {:>10} {:>5}", "", "median ms", "max ms", "n");
        for f in &out {
            println!(
                "{:<42} {:>10.2} {:>10.2} {:>5}",
                f.name, f.median, f.max, f.n
            );
        }
        println!("peak memory of this process: {peak:.1} MiB");
    }
    Ok(())
}
