//! The gauge of long work, drawn over the last screen while a key's
//! operation runs, in Unicode and in ASCII.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use ayni::domain::progress::{Progress, shown_by};
use ayni::i18n::{Lang, Msg};
use ayni::ui::gauge::Gauge;
use ayni::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The dashboard drawn, then the books checked with the gauge shown from
/// the first step: what the terminal shows half-way.
fn half_way(ascii: bool) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = crate::tui_common::app(&dir, Lang::Es);
    app.ascii = ascii;
    let terminal = Rc::new(RefCell::new(
        Terminal::new(TestBackend::new(80, 24)).expect("terminal"),
    ));
    let last = Rc::new(RefCell::new(Buffer::default()));
    {
        let mut t = terminal.borrow_mut();
        let frame = t
            .draw(|f| ayni::ui::screens::render(&app, f))
            .expect("draw");
        last.borrow_mut().clone_from(frame.buffer);
    }
    let mut gauge = Gauge::new(
        terminal.clone(),
        last.clone(),
        Theme::builtin("oscuro").expect("theme"),
        Lang::Es,
        ascii,
        Duration::ZERO,
        Duration::ZERO,
    );
    gauge.begin(Msg::ProgressCheck, 200);
    gauge.advance(90);
    let shown = text(terminal.borrow().backend().buffer());
    drop(gauge);
    shown
}

#[test]
fn the_gauge_says_what_is_done_and_how_far_over_the_last_screen() {
    let s = half_way(false);
    insta::assert_snapshot!("gauge_checking_half_way_es", s);
    assert!(s.contains("Verificando los asientos"), "{s}");
    assert!(s.contains("45 %"), "{s}");
    assert!(s.contains('█') && s.contains('░'), "{s}");
    // The screen behind stays: the header and the dashboard's panels.
    assert!(s.contains("LIBRO DE PRÁCTICA"), "{s}");
    assert!(s.contains("Últimos asientos"), "{s}");
}

#[test]
fn the_gauge_on_an_old_console_is_drawn_in_ascii() {
    let s = half_way(true);
    insta::assert_snapshot!("gauge_checking_half_way_ascii_es", s);
    assert!(s.contains("45 %"), "{s}");
    assert!(s.contains("#-"), "{s}");
    assert!(s.chars().all(|c| (c as u32) <= 0xFF), "{s}");
}

/// The books' check tells the gauge every entry, and the gauge is taken
/// away when it ends: the check's result is the same with it or without.
#[test]
fn a_check_tells_its_progress_entry_by_entry() {
    #[derive(Default)]
    struct Count(Rc<RefCell<(u64, u64, bool)>>);
    impl Progress for Count {
        fn begin(&mut self, what: Msg, total: u64) {
            if what == Msg::ProgressCheck {
                self.0.borrow_mut().0 = total;
            }
        }
        fn advance(&mut self, n: u64) {
            self.0.borrow_mut().1 += n;
        }
        fn end(&mut self) {
            self.0.borrow_mut().2 = true;
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (book, _) = crate::tui_common::practice(&dir);
    let seen = Rc::new(RefCell::new((0, 0, false)));
    let told = shown_by(Box::new(Count(seen.clone())), || book.check()).expect("check");
    let alone = book.check().expect("check");
    let (total, done, ended) = *seen.borrow();
    assert_eq!(total, book.entry_count(None).expect("count"));
    assert_eq!(done, total);
    assert!(ended);
    assert_eq!(told.entries, alone.entries);
    assert!(told.ok() && alone.ok());
}
