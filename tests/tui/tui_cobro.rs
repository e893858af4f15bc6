//! The cobro screen driven by keys as a treasurer would at a meeting:
//! search, Enter, amount, Enter, Enter — and the next member.

use crate::tui_common::*;

use ayni::books::Book;
use ayni::domain::member::Member;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::ui::App;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn book(a: &App) -> &Book {
    a.book.as_ref().expect("a book is open")
}

/// The first active member (in name order) who owes something, with the amount.
fn debtor(a: &App, skip: usize) -> (Member, Money) {
    let b = book(a);
    let month = b.current_month().expect("month");
    let mut members = b.members().expect("members");
    members.sort_by_key(|m| m.full_name());
    members
        .into_iter()
        .filter(|m| m.status.is_active())
        .filter_map(|m| {
            let owed: Money = b.owed(m.id, month).ok()?.iter().map(|c| c.due).sum();
            owed.is_positive().then_some((m, owed))
        })
        .nth(skip)
        .expect("the practice book has members in arrears")
}

fn entries(a: &App) -> u64 {
    book(a).entry_count(None).expect("count")
}

#[test]
fn meeting_flow_takes_a_payment_in_five_keys_after_the_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, owed) = debtor(&a, 0);
    let before_entries = entries(&a);
    let today = book(&a).today();
    let before_receipts = book(&a).receipts_of_day(today).expect("receipts").len();
    let cash_before = book(&a)
        .balance_of("1101", book(&a).current_month().expect("m"))
        .expect("cash");

    // The search: part of the cédula.
    keys(&mut a, &m.id_number[..7]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&m.full_name()[..10]), "{s}");
    assert!(s.contains("Cuotas adeudadas"), "{s}");

    // Enter, the amount's two digits, Enter (preview), Enter (record): five keys.
    let mut pressed = key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Valor recibido"), "{s}");
    // What is owed is suggested.
    assert!(s.contains(&owed.localized(Lang::Es)), "{s}");
    let amount = Money::parse("2").expect("amount").min(owed);
    pressed += keys(&mut a, "2");
    pressed += key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Recibo a emitir"), "{s}");
    assert!(s.contains("Enter registra el pago"), "{s}");
    // Nothing is written by the preview.
    assert_eq!(entries(&a), before_entries);
    pressed += key(&mut a, KeyCode::Enter);
    assert!(pressed <= 5, "{pressed} keys");

    // One entry, one receipt, the cash up by the amount, the books whole.
    assert_eq!(entries(&a), before_entries + 1);
    let receipts = book(&a).receipts_of_day(today).expect("receipts");
    assert_eq!(receipts.len(), before_receipts + 1);
    let r = receipts.last().expect("the new receipt");
    assert_eq!(r.member, m.id);
    assert_eq!(r.total, amount);
    let cash_after = book(&a)
        .balance_of("1101", book(&a).current_month().expect("m"))
        .expect("cash");
    assert_eq!(cash_after - cash_before, amount);
    let owed_after: Money = book(&a)
        .owed(m.id, book(&a).current_month().expect("m"))
        .expect("owed")
        .iter()
        .map(|c| c.due)
        .sum();
    assert_eq!(owed_after, owed - amount);
    assert!(book(&a).check().expect("check").ok());

    // Ready for the next member: empty search, the receipt and the day's total shown.
    let s = screen(&mut a, 80, 24);
    assert!(a.screens.cobro.query.is_empty());
    assert!(s.contains("Último recibo"), "{s}");
    assert!(s.contains("Recibos de hoy"), "{s}");
    assert!(
        a.status
            .as_ref()
            .is_some_and(|(t, err)| !err && t.contains("registrado")),
        "{:?}",
        a.status
    );
    insta::assert_snapshot!("cobro_after_a_payment_shows_the_receipt_and_the_day", s);
}

#[test]
fn paying_everything_owed_is_enter_enter_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::En);
    key(&mut a, KeyCode::Char('5'));
    let (m, owed) = debtor(&a, 0);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Receipt to issue"), "{s}");
    insta::assert_snapshot!("cobro_preview_of_paying_all_owed_in_english", s);
    key(&mut a, KeyCode::Enter);
    let month = book(&a).current_month().expect("m");
    assert!(book(&a).owed(m.id, month).expect("owed").is_empty());
    assert_eq!(
        a.screens.cobro.today.last().map(|r| r.total),
        Some(owed),
        "the day's list has the receipt"
    );
    assert_eq!(a.screens.cobro.day_total(), owed);
}

#[test]
fn bad_amounts_are_explained_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, _) = debtor(&a, 0);
    let before = entries(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);

    // Letters are not typed into an amount.
    keys(&mut a, "x");
    assert!(screen(&mut a, 80, 24).contains("Escriba solo el valor"));
    // Three decimals.
    keys(&mut a, "1,005");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(a.screens.cobro.amount().error.is_some(), "{s}");
    insta::assert_snapshot!("cobro_refuses_three_decimals", s);
    // Zero.
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "0");
    key(&mut a, KeyCode::Enter);
    assert!(a.screens.cobro.amount().error.is_some());
    // More than is owed: the rest is a savings deposit, said in the preview.
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "99");
    key(&mut a, KeyCode::Enter);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains("Recibo a emitir") && s.contains("Depósito de ahorro"),
        "{s}"
    );
    key(&mut a, KeyCode::Esc);
    // Dues by hand beyond what is owed plus the months that can be paid
    // ahead: refused on the dues field, in words.
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "99999");
    key(&mut a, KeyCode::Enter);
    let err = a.screens.cobro.fields[1].error.clone().unwrap_or_default();
    assert!(err.contains("supera"), "{err}");
    // Esc twice: back to the search, nothing written.
    key(&mut a, KeyCode::Esc);
    assert_eq!(entries(&a), before);
    assert!(book(&a).check().expect("check").ok());
}

#[test]
fn a_payment_can_be_corrected_before_it_is_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, _) = debtor(&a, 0);
    let before = entries(&a);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "3");
    key(&mut a, KeyCode::Enter);
    // Esc from the preview goes back to the amount.
    key(&mut a, KeyCode::Esc);
    assert_eq!(
        a.screens.cobro.phase,
        ayni::ui::screens::cobro::Phase::Amount
    );
    key(&mut a, KeyCode::Backspace);
    keys(&mut a, "1");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert_eq!(entries(&a), before + 1);
    assert_eq!(
        a.screens.cobro.last.as_ref().map(|r| r.total),
        Money::parse("1").ok()
    );
}

#[test]
fn an_unknown_member_is_said_and_esc_leaves_the_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    keys(&mut a, "zzzzqqq");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("Ningún socio coincide"), "{s}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.screens.cobro.phase,
        ayni::ui::screens::cobro::Phase::Search
    );
    // Esc clears the search, a second Esc goes back to the dashboard.
    key(&mut a, KeyCode::Esc);
    assert!(a.screens.cobro.query.is_empty());
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.tab, ayni::ui::app::Tab::Dashboard);
}

#[test]
fn the_days_receipts_are_written_for_printing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    let (m, _) = debtor(&a, 0);
    keys(&mut a, &m.id_number);
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "2");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let number = a
        .screens
        .cobro
        .last
        .as_ref()
        .map(|r| r.number)
        .expect("receipt");
    a.on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    let day = book(&a).today().format("%Y-%m-%d").to_string();
    // The file names carry the association: two books in one folder never
    // overwrite each other's receipts.
    let association = book(&a).settings().expect("settings").name;
    let first_word = association
        .split_whitespace()
        .next()
        .expect("a name")
        .to_lowercase()
        .replace('á', "a")
        .replace('é', "e")
        .replace('í', "i")
        .replace('ó', "o")
        .replace('ú', "u")
        .replace('ñ', "n");
    let base = std::fs::read_dir(dir.path())
        .expect("the book's folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find_map(|n| {
            n.strip_suffix(&format!("-recibos-{day}.txt"))
                .map(str::to_string)
        })
        .expect("the text file is written beside the book");
    assert!(base.starts_with(&first_word), "{base} for {association}");
    let base = format!("{base}-recibos-{day}");
    let txt = std::fs::read_to_string(dir.path().join(format!("{base}.txt")))
        .expect("the text file to print");
    assert!(txt.contains(&format!("RECIBO N.º {number:06}")), "{txt}");
    assert!(txt.contains(&m.full_name()), "{txt}");
    let csv = std::fs::read_to_string(dir.path().join(format!("{base}.csv"))).expect("the CSV");
    #[cfg(unix)]
    for ext in ["txt", "csv"] {
        // Receipts carry names: readable by their owner only.
        use std::os::unix::fs::PermissionsExt;
        let p = dir.path().join(format!("{base}.{ext}"));
        let mode = std::fs::metadata(&p).expect("written").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{}: {mode:o}", p.display());
    }
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().filter_map(Result::ok).collect();
    assert!(
        rows.iter()
            .any(|r| r.get(0) == Some(&number.to_string()) && r.get(4) == Some("2.00")),
        "{csv}"
    );
    assert!(
        a.status
            .as_ref()
            .is_some_and(|(t, e)| !e && t.contains("recibos-")),
        "{:?}",
        a.status
    );
}

#[test]
fn cobro_at_80x24_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = app(&dir, Lang::Es);
    key(&mut a, KeyCode::Char('5'));
    insta::assert_snapshot!("cobro_opens_with_the_search_es", screen(&mut a, 80, 24));
    a.lang = Lang::En;
    insta::assert_snapshot!("cobro_opens_with_the_search_en", screen(&mut a, 80, 24));
}

/// The amounts of the preview's charge lines (between the receipt line and
/// "Total"), read back from the screen's right-hand panel.
fn preview_amounts(s: &str, lang: Lang, receipt: &str, total: &str) -> (Vec<Money>, Money) {
    let mut shown = Vec::new();
    let mut sum = None;
    let mut inside = false;
    for line in s.lines() {
        let right: String = line.chars().skip(34).collect();
        let right = right.trim_end_matches(['│', ' ']).trim_start_matches('│');
        if right.contains(receipt) {
            inside = true;
            continue;
        }
        if !inside || right.trim().is_empty() {
            continue;
        }
        let figure = right.split_whitespace().last().unwrap_or("");
        let amount = match lang {
            Lang::Es => Money::parse(&figure.replace('.', "").replace(',', ".")),
            Lang::En => Money::parse(&figure.replace(',', "")),
        };
        if right.trim_start().starts_with(total) {
            sum = amount.ok();
            break;
        }
        if let Ok(m) = amount {
            shown.push(m);
        }
    }
    (shown, sum.expect("a Total line"))
}

/// A member a year behind, paid at 80x24 in the roomy projector layout:
/// the preview shows what the visit pays and the keys to record it, whole,
/// in both languages, and the charges on screen add up to the total.
#[test]
fn the_roomy_preview_at_80x24_keeps_its_keys_whole_and_adds_up() {
    use ayni::training::scenarios::create_scenario;
    use ayni::ui::density::Density;
    for (lang, receipt, total, hint) in [
        (
            Lang::Es,
            "Recibo a emitir",
            "Total",
            "Enter registra el pago · Esc corrige",
        ),
        (
            Lang::En,
            "Receipt to issue",
            "Total",
            "Enter records the payment · Esc corrects",
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caja.ayni");
        let (b, _) = create_scenario(&path, "caja-un-ano", false, clock()).expect("scenario");
        let mut a = app_on(b, path, lang, "proyector");
        a.density = Density::Roomy;
        key(&mut a, KeyCode::Char('5'));
        // The member who owes the most charges.
        let (m, owed) = {
            let bk = book(&a);
            let month = bk.current_month().expect("month");
            bk.members()
                .expect("members")
                .into_iter()
                .filter(|m| m.status.is_active())
                .filter_map(|m| {
                    let o = bk.owed(m.id, month).ok()?;
                    let sum: Money = o.iter().map(|c| c.due).sum();
                    Some((o.len(), m, sum))
                })
                .max_by_key(|(n, m, _)| (*n, std::cmp::Reverse(m.id)))
                .map(|(_, m, sum)| (m, sum))
                .expect("a member")
        };
        keys(&mut a, &m.id_number);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
        let s = screen(&mut a, 80, 24);
        assert!(s.contains(receipt), "{s}");
        let whole = s.lines().any(|l| {
            l.split_once(hint)
                .is_some_and(|(_, rest)| rest.trim() == "│")
        });
        assert!(whole, "«{hint}» is cut:\n{s}");
        let (shown, sum) = preview_amounts(&s, lang, receipt, total);
        assert_eq!(sum, owed, "{s}");
        assert_eq!(shown.iter().copied().sum::<Money>(), sum, "{s}");
        if lang == Lang::Es {
            insta::assert_snapshot!("cobro_roomy_preview_of_a_year_behind_80x24", s);
        }
    }
}
