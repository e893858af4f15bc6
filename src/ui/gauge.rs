//! The interface's gauge on long work ([`crate::domain::progress`]): while
//! the books are checked, every statement written, a practice book made or
//! members imported, a box over the last screen says what is being done and
//! how far it has gone. The interface runs the work on its own thread, so
//! the gauge draws straight on the terminal, at most ten times a second and
//! only once the work has run for a moment; the next screen replaces it.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::progress::Progress;
use crate::i18n::{Lang, Msg};
use crate::ui::theme::Theme;

/// How long work runs before the gauge is drawn.
pub const AFTER: Duration = Duration::from_millis(300);
/// The least time between two drawings of the gauge.
pub const EVERY: Duration = Duration::from_millis(100);

/// The gauge, on the interface's terminal, over the last screen drawn.
pub struct Gauge<B: Backend> {
    terminal: Rc<RefCell<Terminal<B>>>,
    last: Rc<RefCell<Buffer>>,
    theme: Theme,
    lang: Lang,
    ascii: bool,
    after: Duration,
    every: Duration,
    started: Instant,
    drawn: Option<Instant>,
    what: Option<Msg>,
    total: u64,
    done: u64,
}

impl<B: Backend> Gauge<B> {
    /// A gauge on `terminal`, drawn over `last` (the screen as last drawn),
    /// once the work has run for `after`, at most once every `every`.
    pub fn new(
        terminal: Rc<RefCell<Terminal<B>>>,
        last: Rc<RefCell<Buffer>>,
        theme: Theme,
        lang: Lang,
        ascii: bool,
        after: Duration,
        every: Duration,
    ) -> Self {
        Gauge {
            terminal,
            last,
            theme,
            lang,
            ascii,
            after,
            every,
            started: Instant::now(),
            drawn: None,
            what: None,
            total: 0,
            done: 0,
        }
    }

    fn draw(&mut self, now: Instant) {
        let Some(what) = self.what else { return };
        if now.duration_since(self.started) < self.after
            || self
                .drawn
                .is_some_and(|d| now.duration_since(d) < self.every)
        {
            return;
        }
        let (Ok(mut terminal), Ok(last)) = (self.terminal.try_borrow_mut(), self.last.try_borrow())
        else {
            return;
        };
        let text = what.t(self.lang);
        // A terminal that fails to draw only loses the gauge, not the work.
        let _ = terminal.draw(|f| {
            let area = f.area();
            let buf = f.buffer_mut();
            if last.area == area {
                buf.merge(&last);
            }
            draw_gauge(
                buf,
                area,
                &self.theme,
                text,
                self.done,
                self.total,
                self.ascii,
            );
        });
        self.drawn = Some(now);
    }
}

impl<B: Backend> Progress for Gauge<B> {
    fn begin(&mut self, what: Msg, total: u64) {
        self.what = Some(what);
        self.total = total;
        self.done = 0;
        self.drawn = None;
        self.draw(Instant::now());
    }

    fn advance(&mut self, n: u64) {
        self.done = self.done.saturating_add(n);
        self.draw(Instant::now());
    }

    fn end(&mut self) {
        self.what = None;
    }
}

/// Draws the box of the gauge, centred in `area`: what is being done, a bar
/// and how much of it is done (`done` of `total`; a count alone when the
/// total is not known).
pub fn draw_gauge(
    buf: &mut Buffer,
    area: Rect,
    theme: &Theme,
    what: &str,
    done: u64,
    total: u64,
    ascii: bool,
) {
    use ratatui::widgets::Widget;
    let width = (unicode_width::UnicodeWidthStr::width(what) as u16 + 6)
        .clamp(30, 60)
        .min(area.width);
    let r = crate::ui::screens::centered(area, width, 3);
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .style(theme.base)
        .title(Line::styled(format!(" {what} "), theme.title));
    let inner = block.inner(r);
    block.render(r, buf);
    let shown = if total > 0 {
        let done = done.min(total);
        let pct = done * 100 / total;
        let label = format!(" {pct:>3} % ");
        let room = (inner.width as usize).saturating_sub(label.len() + 2);
        let full = (room as u64 * done / total) as usize;
        let (on, off) = if ascii { ('#', '-') } else { ('█', '░') };
        format!(
            " {}{}{label}",
            on.to_string().repeat(full),
            off.to_string().repeat(room - full)
        )
    } else {
        format!(" {done}")
    };
    Paragraph::new(shown).style(theme.ok).render(inner, buf);
    if ascii {
        crate::ui::screens::to_ascii(buf, r);
    }
}
