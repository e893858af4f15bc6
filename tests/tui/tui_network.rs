//! The coordinator's screen on TestBackend: three associations (one of the
//! registry's never sent), sorted by an indicator, one opened in detail, in
//! both languages and in ASCII.

use ayni::books::Clock;
use ayni::domain::period::Month;
use ayni::i18n::Lang;
use ayni::report::network::{self, NetworkReport, Registry, package};
use ayni::training::practice::{DemoOptions, create_demo_with_clock};
use ayni::ui::network::{NetworkScreen, Sort};
use ayni::ui::theme::Theme;
use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn at(s: &str) -> Clock {
    Clock::Fixed(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("clock"))
}

/// Two demo books' October and November packages, and a registry naming a
/// third association that sent nothing.
fn report(lang: Lang) -> NetworkReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut registry = Registry {
        name: "Red de prueba".into(),
        associations: Vec::new(),
    };
    let mut packages = Vec::new();
    for (seed, members) in [(31, 10), (32, 16)] {
        let (mut book, _) = create_demo_with_clock(
            &dir.path().join(format!("b{seed}.ayni")),
            &DemoOptions {
                members,
                months: 4,
                seed,
                force: false,
            },
            at("2026-12-02 10:00:00"),
        )
        .expect("demo");
        let key = book.ensure_network_key().expect("key");
        for m in [10, 11] {
            let month = Month::new(2026, m).expect("month");
            let c = package::content(&book, month, Lang::Es).expect("content");
            packages.push(package::open(&package::seal(&c, &key)).expect("verified"));
        }
        let s = book.settings().expect("settings");
        registry.associations.push(network::Member {
            ruc: s.ruc.clone().expect("ruc"),
            name: s.name.clone(),
            key: book.network_public_key().expect("key").expect("made"),
        });
    }
    registry.associations.push(network::Member {
        ruc: "0590000000001".into(),
        name: "Asociación que no envía".into(),
        key: "ab".repeat(32),
    });
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
    NetworkReport::of(packages, Vec::new(), Some(&registry), None, today, lang)
}

fn draw(s: &NetworkScreen, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| s.render(f)).expect("draw");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn press(s: &mut NetworkScreen, code: KeyCode) -> bool {
    s.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn screen(lang: Lang, ascii: bool) -> NetworkScreen {
    NetworkScreen::new(report(lang), lang, Theme::default(), ascii)
}

#[test]
fn network_screen_lists_associations_with_marks_and_the_one_missing() {
    let s = screen(Lang::Es, false);
    let text = draw(&s, 80, 24);
    assert!(text.contains("2 de 3 enviaron el mes"), "{text}");
    assert!(
        text.contains("Asociación que no envía") && text.contains("no envió"),
        "{text}"
    );
    assert!(text.contains("Red (consolidado)"), "{text}");
    assert!(
        text.lines().any(|l| l.contains('✓') || l.contains('✗')),
        "{text}"
    );
    insta::assert_snapshot!("network_screen_by_name_es", text);
}

#[test]
fn network_screen_sorts_by_the_chosen_indicator_worst_first_then_best_first() {
    let mut s = screen(Lang::En, false);
    let ids = s.ids().iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let a1 = ids.iter().position(|x| x == "A1").expect("A1");
    for _ in 0..a1 {
        press(&mut s, KeyCode::Right);
    }
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.sort, Sort::Worst);
    let worst = s.order();
    // The association that sent nothing has no value: always last.
    let last = worst.last().copied().expect("rows");
    assert!(s.report.associations[last].content.is_none());
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.sort, Sort::Best);
    let best = s.order();
    assert_eq!(best.last(), worst.last(), "not available stays last");
    let sent_worst: Vec<usize> = worst[..2].to_vec();
    let mut sent_best: Vec<usize> = best[..2].to_vec();
    sent_best.reverse();
    assert_eq!(sent_worst, sent_best, "best first is worst first reversed");
    let text = draw(&s, 100, 30);
    assert!(
        text.contains("A1: Loan delinquency (over 30 days)"),
        "{text}"
    );
    assert!(text.contains("order: best first"), "{text}");
    insta::assert_snapshot!("network_screen_sorted_best_first_en", text);
    press(&mut s, KeyCode::Char('s'));
    assert_eq!(s.sort, Sort::Name);
}

#[test]
fn network_screen_enter_opens_the_detail_and_esc_goes_back_q_quits() {
    let mut s = screen(Lang::Es, false);
    let first = s.order()[0];
    assert!(!press(&mut s, KeyCode::Enter));
    assert_eq!(s.detail, Some(first));
    let text = draw(&s, 80, 24);
    let a = &s.report.associations[first];
    assert!(
        text.contains(&a.ruc) && text.contains("Meses enviados: 2026-10, 2026-11"),
        "{text}"
    );
    assert!(
        text.contains("oct 2026"),
        "last month's values beside: {text}"
    );
    insta::assert_snapshot!("network_screen_detail_es", text);
    // The list scrolls to the last indicator.
    for _ in 0..40 {
        press(&mut s, KeyCode::Down);
    }
    assert!(draw(&s, 80, 24).contains("SOL"));
    assert!(!press(&mut s, KeyCode::Esc));
    assert_eq!(s.detail, None);
    assert!(press(&mut s, KeyCode::Char('q')));
}

#[test]
fn network_screen_in_ascii_draws_no_box_or_mark_characters() {
    let s = screen(Lang::Es, true);
    let text = draw(&s, 80, 24);
    assert!(
        text.chars().all(|c| (c as u32) <= 0xFF),
        "only Latin-1 in ASCII mode: {text}"
    );
    insta::assert_snapshot!("network_screen_ascii_es", text);
}
