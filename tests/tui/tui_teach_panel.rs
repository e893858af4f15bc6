//! The teaching panel never hides a line: every account and every movement
//! of the operation, paged with Alt-↓ / Alt-↑ when they do not fit (the
//! border says "más ↓"), and the figures on screen add up: each T's
//! saldo nuevo is its saldo anterior plus its debits less its credits, read
//! back from the rendered screen.

use std::collections::BTreeMap;

use crate::tui_common::*;

use ayni::books::Book;
use ayni::domain::entry::{EntryDraft, EntryKind, Posting};
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::training::teach::Lesson;
use ayni::ui::App;
use ayni::ui::density::Density;
use ayni::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn m(s: &str) -> Money {
    Money::parse(s).expect("amount")
}

fn alt(a: &mut App, code: KeyCode) {
    a.on_key(KeyEvent::new(code, KeyModifiers::ALT));
}

fn lesson(a: &App) -> Lesson {
    a.screens
        .teach
        .lesson
        .clone()
        .expect("the panel has a lesson")
}

fn buffer(a: &mut App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| ayni::ui::screens::render(a, f)).expect("draw");
    a.resize(w, h);
    t.backend().buffer().clone()
}

/// The panel's rows on a screen: from its top border to its bottom one.
fn panel_rows(s: &str, lang: Lang) -> (usize, Vec<String>) {
    let title = match lang {
        Lang::Es => "┌ Cuentas T ",
        Lang::En => "┌ T-accounts ",
    };
    let lines: Vec<&str> = s.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.starts_with(title))
        .unwrap_or_else(|| panic!("no teaching panel:\n{s}"));
    let bottom = lines[top..]
        .iter()
        .position(|l| l.starts_with('└'))
        .map(|i| top + i)
        .unwrap_or_else(|| panic!("the panel has no bottom:\n{s}"));
    (
        top,
        lines[top..=bottom].iter().map(|l| l.to_string()).collect(),
    )
}

/// Every line of the panel, paged through with Alt-↓ from the first page
/// to the last (the one without "más ↓" / "more ↓"), by their index in
/// the panel; the pages seen on the way.
fn every_panel_line(a: &mut App, w: u16, h: u16, lang: Lang) -> (Vec<String>, Vec<String>) {
    let more = match lang {
        Lang::Es => "más ↓",
        Lang::En => "more ↓",
    };
    for _ in 0..50 {
        alt(a, KeyCode::Up);
    }
    let mut by_index: BTreeMap<usize, String> = BTreeMap::new();
    let mut pages = Vec::new();
    for _ in 0..50 {
        let s = screen(a, w, h);
        let (_, rows) = panel_rows(&s, lang);
        let top = a.screens.teach.top as usize;
        for (i, row) in rows[1..rows.len() - 1].iter().enumerate() {
            by_index.insert(top + i, row.clone());
        }
        let last = rows.last().cloned().unwrap_or_default();
        pages.push(s);
        if !last.contains(more) {
            break;
        }
        alt(a, KeyCode::Down);
    }
    let lines: Vec<String> = by_index.into_values().collect();
    (lines, pages)
}

/// One T-account as read back from the screen.
#[derive(Debug, Default)]
struct ReadT {
    before: Option<Money>,
    debits: Vec<Money>,
    credits: Vec<Money>,
    sums: Option<(Money, Money)>,
    after: Option<Money>,
}

fn chars_to(s: &[char]) -> String {
    s.iter().collect::<String>().trim().to_string()
}

/// Reads the T-accounts off the panel's lines: each row of T's starts at a
/// line with "Debe │ Haber"; each T's debit figure ends just before its
/// " │ " and its credit figure ends where "Haber" ends; the words on its
/// left say which row it is. Balances read as debit minus credit.
fn read_ts(lines: &[String], lang: Lang) -> Vec<ReadT> {
    let (debe, haber, before, after, sums) = match lang {
        Lang::Es => ("Debe", "Haber", "saldo anterior", "saldo nuevo", "sumas"),
        Lang::En => ("Debit", "Credit", "balance before", "balance after", "sums"),
    };
    let mut out: Vec<ReadT> = Vec::new();
    // The T's of the current row: (index in `out`, separator column, side width).
    let mut row: Vec<(usize, usize, usize)> = Vec::new();
    for line in lines {
        // Without the panel's own borders.
        let c: Vec<char> = line.chars().collect();
        let c = &c[1..c.len().saturating_sub(1)];
        let seps: Vec<usize> = (1..c.len().saturating_sub(1))
            .filter(|&i| c[i] == '│' && c[i - 1] == ' ' && c[i + 1] == ' ')
            .collect();
        if seps.is_empty() {
            continue;
        }
        let text: String = c.iter().collect();
        if text.contains(&format!("{debe} │")) {
            row = seps
                .iter()
                .map(|&p| {
                    let after_sep: String = c[p + 1..].iter().collect();
                    let lead = after_sep.chars().take_while(|ch| *ch == ' ').count();
                    let side = lead + haber.chars().count() - 1;
                    out.push(ReadT::default());
                    (out.len() - 1, p, side)
                })
                .collect();
            continue;
        }
        assert_eq!(seps.len(), row.len(), "a line of as many T's: {line}");
        let mut prev_end = 0;
        for &(t, p, side) in &row {
            let debit_start = p.saturating_sub(side + 1);
            let words = chars_to(&c[prev_end..debit_start]);
            let fig = |s: String| (!s.is_empty()).then(|| m(&s));
            let d = fig(chars_to(&c[debit_start..p]));
            let end = (p + 2 + side).min(c.len());
            let cr = fig(chars_to(&c[p + 1..end]));
            prev_end = end;
            let signed = || d.unwrap_or_default() - cr.unwrap_or_default();
            let rt = &mut out[t];
            if words == before {
                rt.before = Some(signed());
            } else if words == after {
                rt.after = Some(signed());
            } else if words == sums {
                rt.sums = Some((d.unwrap_or_default(), cr.unwrap_or_default()));
            } else {
                assert!(
                    words.is_empty(),
                    "a movement has no words: {words:?} in {line}"
                );
                rt.debits.extend(d);
                rt.credits.extend(cr);
            }
        }
    }
    out
}

/// Every T on screen adds up, and they are the lesson's, each with all of
/// its movements.
fn assert_every_t_adds_up(lines: &[String], lang: Lang, lesson: &Lesson) {
    let ts = read_ts(lines, lang);
    let text = lines.join("\n");
    assert_eq!(ts.len(), lesson.accounts.len(), "every account:\n{text}");
    for (t, want) in ts.iter().zip(&lesson.accounts) {
        assert!(
            text.contains(&want.account.code),
            "{}:\n{text}",
            want.account.code
        );
        let (before, after) = (
            t.before.expect("saldo anterior"),
            t.after.expect("saldo nuevo"),
        );
        let (d, c): (Money, Money) = (
            t.debits.iter().copied().sum(),
            t.credits.iter().copied().sum(),
        );
        assert_eq!(
            before + d - c,
            after,
            "{} adds up:\n{text}",
            want.account.code
        );
        assert_eq!(
            t.debits, want.debits,
            "{} debits:\n{text}",
            want.account.code
        );
        assert_eq!(
            t.credits, want.credits,
            "{} credits:\n{text}",
            want.account.code
        );
        assert_eq!((before, after), (want.before, want.after()));
        if t.debits.len() > 1 || t.credits.len() > 1 {
            assert_eq!(t.sums, Some((d, c)), "{} sums:\n{text}", want.account.code);
        }
    }
}

/// A practice book with, as its newest entry, a collection of three
/// receipts into cash (three debits to 1101) against two income lines.
fn three_debits(dir: &tempfile::TempDir, lang: Lang, theme: &str) -> App {
    let (mut book, path) = practice(dir);
    let date = book.today();
    book.post(
        EntryDraft::new(
            date,
            "Venta de rifas: tres entregas",
            "R-3",
            EntryKind::Manual,
            vec![
                Posting::debit("1101", m("99.10")),
                Posting::debit("1101", m("4.37")),
                Posting::debit("1101", m("44.05")),
                Posting::credit("5490", m("100.00")),
                Posting::credit("5490", m("47.52")),
            ],
        )
        .expect("balanced"),
    )
    .expect("posted");
    app_on(book, path, lang, theme)
}

/// A practice book whose newest entry moves four accounts.
fn four_accounts(dir: &tempfile::TempDir, lang: Lang, theme: &str) -> App {
    let (mut book, path) = practice(dir);
    let date = book.today();
    book.post(
        EntryDraft::new(
            date,
            "Compra de útiles y refrigerios, pago en caja y banco",
            "F-12",
            EntryKind::Manual,
            vec![
                Posting::debit("4507", m("12.50")),
                Posting::debit("4503", m("8.20")),
                Posting::credit("1101", m("10.70")),
                Posting::credit("1103", m("10.00")),
            ],
        )
        .expect("balanced"),
    )
    .expect("posted");
    app_on(book, path, lang, theme)
}

/// The newest entry opened from the journal with the panel on.
fn open_newest(a: &mut App) {
    a.set_teach(true);
    key(a, KeyCode::Char('3'));
    key(a, KeyCode::Enter);
    let newest = a
        .book
        .as_ref()
        .map(|b: &Book| b.entry_count(None).expect("count"))
        .expect("book");
    let s = screen(a, 100, 30);
    assert!(
        s.lines()
            .take(3)
            .any(|l| l.contains(&format!("┌ N.º {newest} "))),
        "the newest entry is open:\n{s}"
    );
}

#[test]
fn teach_a_t_with_three_debits_shows_them_all_and_they_add_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = three_debits(&dir, Lang::Es, "oscuro");
    open_newest(&mut a);
    let l = lesson(&a);
    let cash = &l.accounts[0];
    assert_eq!(cash.debits.len(), 3);
    let s = screen(&mut a, 100, 30);
    for fig in ["99,10", "4,37", "44,05", "147,52"] {
        assert!(s.contains(fig), "{fig}:\n{s}");
    }
    assert!(s.contains("saldo anterior") && s.contains("saldo nuevo") && s.contains("sumas"));
    insta::assert_snapshot!("teach_three_debits_with_their_sums_100x30", s);
    let (lines, _) = every_panel_line(&mut a, 100, 30, Lang::Es);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
    // In English too.
    a.lang = Lang::En;
    let (lines, _) = every_panel_line(&mut a, 100, 30, Lang::En);
    assert_every_t_adds_up(&lines, Lang::En, &l);
}

#[test]
fn teach_an_entry_of_four_accounts_shows_all_four_at_80x24() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = four_accounts(&dir, Lang::Es, "oscuro");
    open_newest(&mut a);
    let l = lesson(&a);
    assert_eq!(l.accounts.len(), 4);
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(
        !pages[0].contains("… +"),
        "no hidden accounts:\n{}",
        pages[0]
    );
    insta::assert_snapshot!("teach_four_accounts_first_page_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
}

#[test]
fn teach_scrolling_says_more_below_and_reaches_the_last_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = four_accounts(&dir, Lang::Es, "proyector");
    a.density = Density::Roomy;
    open_newest(&mut a);
    let s = screen(&mut a, 80, 24);
    let (_, rows) = panel_rows(&s, Lang::Es);
    let bottom = rows.last().cloned().unwrap_or_default();
    assert!(bottom.contains("más ↓") && bottom.contains("Alt-↑↓"), "{s}");
    assert!(!bottom.contains("↑ más"), "nothing above yet:\n{s}");
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(pages.len() > 1, "it took paging");
    let last = pages.last().cloned().unwrap_or_default();
    let (_, rows) = panel_rows(&last, Lang::Es);
    let bottom = rows.last().cloned().unwrap_or_default();
    assert!(
        bottom.contains("↑ más") && !bottom.contains("más ↓"),
        "{last}"
    );
    // The last line of the panel is the equation after the operation.
    assert!(rows[rows.len() - 2].contains("Después"), "{last}");
    assert!(lines.last().is_some_and(|l| l.contains("Después")));
    insta::assert_snapshot!("teach_scrolled_to_the_last_page_roomy_80x24", last);
    assert_every_t_adds_up(&lines, Lang::Es, &lesson(&a));
    // Back up to the first page.
    for _ in 0..pages.len() {
        alt(&mut a, KeyCode::Up);
    }
    assert_eq!(a.screens.teach.top, 0);
    assert_eq!(screen(&mut a, 80, 24), pages[0]);
}

#[test]
fn teach_roomy_80x24_keeps_every_line_of_the_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = four_accounts(&dir, Lang::Es, "proyector");
    a.density = Density::Roomy;
    open_newest(&mut a);
    let s = screen(&mut a, 80, 24);
    let (top, _) = panel_rows(&s, Lang::Es);
    let entry: Vec<&str> = s.lines().take(top).collect();
    let entry = entry.join("\n");
    for line in ["4507", "4503", "1101 Caja", "1103", "Total"] {
        assert!(entry.contains(line), "{line} above the panel:\n{s}");
    }
    for fig in ["12,50", "8,20", "10,70", "10,00", "20,70"] {
        assert!(entry.contains(fig), "{fig} above the panel:\n{s}");
    }
    insta::assert_snapshot!("teach_roomy_entry_whole_above_the_panel_80x24", s);
}

#[test]
fn teach_proyector_100x30_debits_and_credits_in_the_journals_colours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = three_debits(&dir, Lang::Es, "proyector");
    open_newest(&mut a);
    let theme = Theme::builtin("proyector").expect("theme");
    let s = screen(&mut a, 100, 30);
    insta::assert_snapshot!("teach_proyector_100x30", s);
    let buf = buffer(&mut a, 100, 30);
    let (top, rows) = panel_rows(&s, Lang::Es);
    // Each movement's figure in the journal's colour of its side.
    let mut seen = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        let y = (top + i) as u16;
        for (fig, style, n) in [
            ("44,05", theme.debit, &mut seen.0),
            (" 47,52", theme.credit, &mut seen.1),
        ] {
            if let Some(byte) = row.find(fig) {
                // The figure's first digit (past the space that sets it apart).
                let x = row[..byte].chars().count() as u16 + u16::from(fig.starts_with(' '));
                assert!(style.fg.is_some(), "the theme colours {fig}'s side");
                assert_eq!(Some(buf[(x, y)].fg), style.fg, "{fig}:\n{s}");
                *n += 1;
            }
        }
    }
    assert_eq!(seen, (1, 1), "{s}");
    assert!(
        rows.iter()
            .filter(|r| r.contains(" │ "))
            .all(|r| !r.contains('+')),
        "no plus signs for movements:\n{s}"
    );
}

#[test]
fn teach_a_counter_visit_of_dues_an_installment_and_a_deposit_shows_every_account() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_counter::caja(&dir, Lang::Es);
    a.set_teach(true);
    key(&mut a, KeyCode::Char('5'));
    let (mem, dues, due) = crate::tui_counter::owes_dues_and_an_installment(&a);
    keys(&mut a, &mem.id_number);
    key(&mut a, KeyCode::Enter);
    let given = dues + due + Money::from_cents(1_000);
    keys(&mut a, &given.plain().replace('.', ","));
    key(&mut a, KeyCode::Enter);
    let l = lesson(&a);
    assert!(l.accounts.len() >= 4, "{:?}", l.accounts);
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    insta::assert_snapshot!("teach_counter_visit_first_page_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
    // At 100x30 the whole preview stays above the panel, its last line too.
    let (lines, pages) = every_panel_line(&mut a, 100, 30, Lang::Es);
    assert!(pages[0].contains("Enter registra el pago"), "{}", pages[0]);
    insta::assert_snapshot!("teach_counter_visit_first_page_100x30", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
}

#[test]
fn teach_a_loan_payoff_shows_every_line_of_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::Es);
    a.set_teach(true);
    let id = crate::tui_money::late_loan(&a);
    crate::tui_money::open_loan(&mut a, id);
    let b = crate::tui_money::book(&a);
    let payoff = b.payoff_amount(id, b.today()).expect("payoff");
    key(&mut a, KeyCode::Char('p'));
    crate::tui_money::clear(&mut a);
    keys(&mut a, &payoff.plain());
    key(&mut a, KeyCode::F(2));
    let taught = a.screens.money.form.as_ref().expect("form").taught.clone();
    assert!(
        taught.len() >= 4,
        "cash, principal, interest, late: {taught:?}"
    );
    let l = lesson(&a);
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(
        pages[0].contains("Este pago cancela el préstamo"),
        "{}",
        pages[0]
    );
    insta::assert_snapshot!("teach_loan_payoff_review_first_page_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
    // Enter still records it; the panel then has nothing to review.
    let before = crate::tui_money::book(&a).entry_count(None).expect("count");
    key(&mut a, KeyCode::Enter);
    assert!(a.screens.teach.lesson.is_none());
    // What was taught is what was posted: the payment and, when the loan
    // had a guarantee blocked, its release, in the same transaction.
    let b = crate::tui_money::book(&a);
    let after = b.entry_count(None).expect("count");
    let posted: Vec<Posting> = (before + 1..=after)
        .flat_map(|id| b.entry(id).expect("read").expect("entry").postings)
        .collect();
    assert_eq!(posted, taught);
}

#[test]
fn teach_a_savings_deposit_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::Es);
    a.set_teach(true);
    let (mem, _, _) = crate::tui_money::saver(&a, 1);
    crate::tui_money::open_card(&mut a, &mem);
    key(&mut a, KeyCode::Char('d'));
    keys(&mut a, "25,50");
    crate::tui_money::enter(&mut a, 3);
    let l = lesson(&a);
    let codes: Vec<&str> = l.accounts.iter().map(|t| t.account.code.as_str()).collect();
    assert_eq!(codes, ["1101", "2101"]);
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(pages[0].contains("Enter registra"), "{}", pages[0]);
    insta::assert_snapshot!("teach_deposit_review_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
}

/// A transfer between two of a member's savings accounts moves money
/// inside 2101: the panel shows that account debited and credited by the
/// same amount, its balance unchanged, before the transfer is confirmed.
#[test]
fn teach_a_savings_transfer_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::Es);
    a.set_teach(true);
    let b = crate::tui_money::book(&a);
    let mem = b
        .members()
        .expect("members")
        .into_iter()
        .filter(|x| x.status.is_active())
        .find(|x| {
            b.member_savings(x.id)
                .is_ok_and(|v| v.len() == 2 && v[0].available >= m("5"))
        })
        .expect("a member with two accounts");
    let before = b.entry_count(None).expect("count");
    crate::tui_money::open_card(&mut a, &mem);
    key(&mut a, KeyCode::Char('h'));
    key(&mut a, KeyCode::Char('t'));
    keys(&mut a, "5");
    crate::tui_money::enter(&mut a, 3);
    let l = lesson(&a);
    let codes: Vec<&str> = l.accounts.iter().map(|t| t.account.code.as_str()).collect();
    assert_eq!(codes, ["2101"]);
    assert_eq!(l.accounts[0].debits, vec![m("5")]);
    assert_eq!(l.accounts[0].credits, vec![m("5")]);
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(
        pages[0].contains("Transferir 5,00 de la cuenta"),
        "{}",
        pages[0]
    );
    insta::assert_snapshot!("teach_transfer_review_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
    // Confirmed, it posts one entry and the review's lesson goes.
    key(&mut a, KeyCode::Enter);
    let b = crate::tui_money::book(&a);
    assert_eq!(b.entry_count(None).expect("count"), before + 1);
    assert!(a.screens.teach.lesson.is_none());
}

#[test]
fn teach_a_withdrawal_review_in_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::En);
    a.set_teach(true);
    let (mem, _, _) = crate::tui_money::saver(&a, 0);
    crate::tui_money::open_card(&mut a, &mem);
    key(&mut a, KeyCode::Char('w'));
    keys(&mut a, "1");
    crate::tui_money::enter(&mut a, 3);
    let l = lesson(&a);
    let (lines, _) = every_panel_line(&mut a, 100, 30, Lang::En);
    assert_every_t_adds_up(&lines, Lang::En, &l);
    let cash = l
        .accounts
        .iter()
        .find(|t| t.account.code == "1101")
        .expect("cash");
    assert_eq!(cash.credits, vec![m("1")]);
}

#[test]
fn teach_a_fund_grant_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::Es);
    a.set_teach(true);
    let (mem, _, _) = crate::tui_money::saver(&a, 2);
    key(&mut a, KeyCode::Char('7'));
    key(&mut a, KeyCode::Char('g'));
    keys(&mut a, &mem.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "15");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Enfermedad");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 21");
    key(&mut a, KeyCode::F(2));
    let l = lesson(&a);
    assert!(l.accounts.iter().any(|t| t.account.code == "1101"));
    let (lines, pages) = every_panel_line(&mut a, 80, 24, Lang::Es);
    assert!(pages[0].contains(&format!("Entregar 15,00 a {}", mem.full_name())));
    insta::assert_snapshot!("teach_grant_review_80x24", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
}

#[test]
fn teach_a_loan_disbursement_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_money::app(&dir, Lang::Es);
    let (mem, g) = crate::tui_money::borrower_and_guarantor(&a);
    key(&mut a, KeyCode::Char('6'));
    key(&mut a, KeyCode::Char('a'));
    keys(&mut a, &mem.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "2");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "200");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "6");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, &g.id_number);
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Acta 30");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "Semillas");
    key(&mut a, KeyCode::F(2));
    // An application posts nothing: no lesson.
    a.set_teach(true);
    assert!(a.screens.teach.lesson.is_none());
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('d'));
    crate::tui_money::enter(&mut a, 2);
    let l = lesson(&a);
    let portfolio = l
        .accounts
        .iter()
        .find(|t| t.account.code.starts_with("14"))
        .expect("the loan portfolio is debited");
    assert_eq!(portfolio.debits, vec![m("200")]);
    // The guarantee (encaje, 10 %) blocked with it is taught too: it is
    // posted in the same transaction, from 2101 to 2105.
    let t = |code: &str| {
        l.accounts
            .iter()
            .find(|t| t.account.code == code)
            .unwrap_or_else(|| panic!("{code} is not in the lesson"))
    };
    assert_eq!(t("2101").debits, vec![m("20")]);
    assert_eq!(t("2105").credits, vec![m("20")]);
    let (lines, pages) = every_panel_line(&mut a, 100, 30, Lang::Es);
    assert!(pages[0].contains("Desembolsar 200,00"), "{}", pages[0]);
    insta::assert_snapshot!("teach_disbursement_review_100x30", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
}

#[test]
fn teach_the_month_close_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = crate::tui_close::app(&dir, Lang::Es);
    a.set_teach(true);
    let b = a.book.as_ref().expect("book");
    let month = ayni::domain::period::Month::new(2026, 11).expect("month");
    let cash = b.balance_of("1101", month).expect("cash");
    keys(&mut a, "C");
    assert!(a.screens.teach.lesson.is_none(), "nothing to post yet");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, &cash.localized(Lang::Es));
    key(&mut a, KeyCode::Enter);
    let l = lesson(&a);
    assert!(l.accounts.len() >= 4, "{:?}", l.accounts);
    let (lines, pages) = every_panel_line(&mut a, 100, 30, Lang::Es);
    assert!(pages[0].contains("Al cerrar se registrará"), "{}", pages[0]);
    insta::assert_snapshot!("teach_close_preview_100x30", pages[0]);
    assert_every_t_adds_up(&lines, Lang::Es, &l);
    // At 80x24 in the roomy layout, with the panel under it, the preview
    // still shows what the close posts and the keys that go on.
    a.density = Density::Roomy;
    let s = screen(&mut a, 80, 24);
    for what in [
        "Provisión de cartera",
        "Antes de cerrar se guarda una copia del libro.",
        "Enter para confirmar · Esc vuelve al arqueo",
        "┌ Cuentas T ",
    ] {
        assert!(s.contains(what), "«{what}» is not on screen:\n{s}");
    }
    insta::assert_snapshot!("teach_close_preview_roomy_80x24", s);
    // The confirmation step teaches the same.
    key(&mut a, KeyCode::Enter);
    assert_eq!(lesson(&a), l);
}

#[test]
fn teach_the_help_lists_the_panels_keys_while_it_is_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = four_accounts(&dir, Lang::Es, "oscuro");
    key(&mut a, KeyCode::Char('3'));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('?'));
    assert!(
        !screen(&mut a, 100, 30).contains("Alt-↓"),
        "no panel, no keys"
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('T'));
    key(&mut a, KeyCode::Char('?'));
    let s = screen(&mut a, 100, 30);
    assert!(
        s.contains("Alt-↓") && s.contains("Panel de enseñanza: bajar"),
        "{s}"
    );
    assert!(
        s.contains("Alt-↑") && s.contains("Panel de enseñanza: subir"),
        "{s}"
    );
    // Alt-↓ on a screen without the panel does nothing.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('T'));
    let before = screen(&mut a, 100, 30);
    alt(&mut a, KeyCode::Down);
    assert_eq!(screen(&mut a, 100, 30), before);
}
