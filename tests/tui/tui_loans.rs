//! The loan simulator tells the real cost and a last installment that cent
//! rounding sets apart.

use crate::tui_common::{app, key, keys, screen};
use ayni::i18n::Lang;
use ayni::ui::screens::money::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Opens the simulator and types amount, rate, months, a method key and the start.
fn simulate(a: &mut ayni::ui::App, amount: &str, rate: &str, months: &str, method: &str) {
    key(a, KeyCode::Char('6'));
    key(a, KeyCode::Char('s'));
    assert_eq!(a.screens.money.view, View::Simulator);
    keys(a, amount);
    key(a, KeyCode::Tab);
    keys(a, rate);
    key(a, KeyCode::Tab);
    keys(a, months);
    key(a, KeyCode::Tab);
    keys(a, method);
    key(a, KeyCode::Tab);
    keys(a, "2026-01-15");
}

#[test]
fn the_simulator_tells_the_real_cost_of_flat_interest() {
    for (lang, cost) in [(Lang::Es, "30,12 %"), (Lang::En, "30.12%")] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        simulate(&mut a, "1000", "15", "12", "p");
        let s = screen(&mut a, 80, 24);
        assert!(
            s.contains(&match lang {
                Lang::Es => format!("Costo real (tasa efectiva anual): {cost}"),
                Lang::En => format!("Real cost (effective annual rate): {cost}"),
            }),
            "{s}"
        );
        // French and German each with its own effective rate (both 16.08 %).
        let fr_ge = match lang {
            Lang::Es => "16,08 %    16,08 %",
            Lang::En => "16.08%     16.08%",
        };
        assert!(s.contains(fr_ge), "{s}");
    }
}

#[test]
fn the_simulator_says_when_rounding_sets_the_last_installment_apart() {
    for lang in [Lang::Es, Lang::En] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = app(&dir, lang);
        // 10,000 at 12 % over 360 months: 102.86 a month, the last 107.43.
        simulate(&mut a, "10000", "12", "360", "f");
        let s = screen(&mut a, 80, 24);
        let (last, regular) = match lang {
            Lang::Es => ("107,43", "102,86"),
            Lang::En => ("107.43", "102.86"),
        };
        assert!(s.contains(last) && s.contains(regular), "{s}");
        assert!(
            s.contains(match lang {
                Lang::Es => "más de 1 % por redondeo",
                Lang::En => "over 1% by rounding",
            }),
            "{s}"
        );
        // The 12-month example says nothing of the kind.
        a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        simulate(&mut a, "1000", "15", "12", "f");
        let s = screen(&mut a, 80, 24);
        assert!(s.contains("90,26") || s.contains("90.26"), "{s}");
        assert!(!s.contains("redondeo") && !s.contains("rounding"), "{s}");
    }
}
