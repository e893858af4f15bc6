//! The chart of accounts with balances at the month's end.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Head::{L, R, Raw};
use super::heading;
use super::ledger::LedgerView;
use super::{MARK_W, amount, block, fit, inner_w, list_window, sel_mark, spaced};
use crate::books::ledger::AccountBalance;
use crate::books::{Book, BookError};
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::ui::app::Screen;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::search::{SearchBox, Typed};

/// The accounts tab: the chart with balances at a month's end, the
/// selection and the search box.
#[derive(Clone, Debug)]
pub struct AccountsList {
    pub month: Month,
    rows: Vec<AccountBalance>,
    sel: usize,
    pub search: SearchBox,
    /// The libro mayor of the account opened with Enter.
    pub ledger: Option<LedgerView>,
}

impl Default for AccountsList {
    fn default() -> Self {
        AccountsList {
            month: Month::of(crate::clock::today()),
            rows: Vec::new(),
            sel: 0,
            search: SearchBox::default(),
            ledger: None,
        }
    }
}

impl AccountsList {
    /// The balances again from the book (`current`: the month shown first).
    pub fn load(&mut self, book: &Book, current: Month, lang: Lang) -> Result<(), BookError> {
        if self.rows.is_empty() {
            self.month = current;
        }
        self.rows = book.account_balances(self.month)?;
        self.sel = self.sel.min(self.view(lang).len().saturating_sub(1));
        Ok(())
    }

    /// The accounts matching the search box (by code or name).
    pub fn view(&self, lang: Lang) -> Vec<&AccountBalance> {
        let q = self.search.query.to_lowercase();
        self.rows
            .iter()
            .filter(|a| {
                q.is_empty()
                    || a.account.code.starts_with(&q)
                    || a.account.display_name(lang).to_lowercase().contains(&q)
            })
            .collect()
    }

    /// A key on the chart; what is not the chart's goes back to the router.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.search.active {
            if let Typed::Refused(r) = self.search.key(action) {
                return Effect::error(r.message(ctx.lang));
            }
            self.sel = 0;
            return Effect::None;
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.sel = super::moved(self.sel, self.view(ctx.lang).len(), action, ctx.page);
            }
            Action::Search => self.search.active = true,
            Action::Open => {
                // The account's libro mayor (a group's: its sub-accounts').
                let code = self
                    .view(ctx.lang)
                    .get(self.sel)
                    .map(|a| (a.account.code.clone(), a.postable));
                if let Some((code, postable)) = code {
                    self.ledger = Some(LedgerView::open(&code, postable, self.month, ctx));
                    return Effect::Show(Screen::Ledger);
                }
            }
            Action::PrevMonth | Action::NextMonth => {
                self.month = if action == Action::PrevMonth {
                    self.month.prev()
                } else {
                    self.month.next()
                };
                return Effect::Reload;
            }
            a => return Effect::Pass(a),
        }
        Effect::None
    }

    /// A key on the libro mayor opened from the chart.
    pub fn update_ledger(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match &mut self.ledger {
            Some(l) => l.update(action, ctx),
            None => Effect::Main,
        }
    }

    /// The libro mayor laid out again (in the interface's new language).
    pub fn reload_ledger(&mut self, ctx: &mut Ctx) {
        if let Some(l) = &mut self.ledger
            && l.lang() != ctx.lang
        {
            l.load(ctx);
        }
    }

    /// Draws the chart, its month and search box.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let [top, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let search = if self.search.active || !self.search.query.is_empty() {
            format!(
                "  / {}",
                self.search
                    .query
                    .view(self.search.active, area.width as usize / 2)
            )
        } else {
            String::new()
        };
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" [ {} ] ", self.month.name(lang)), app.theme.title),
                Span::styled(search, app.theme.input),
            ])),
            top,
        );
        let rows = self.view(lang);
        let w = inner_w(app, list);
        let name_w = w.saturating_sub(MARK_W + 8 + 14 * 3).max(10);
        let mut lines = vec![heading(
            app,
            &[
                Raw(sel_mark(false)),
                L(app.t(Msg::UiAccount), 8),
                L("", name_w),
                R(app.t(Msg::UiDebit), 14),
                R(app.t(Msg::UiCredit), 14),
                R(app.t(Msg::UiBalance), 14),
            ],
        )];
        let height = list.height.saturating_sub(3) as usize;
        let mut out = Vec::new();
        for i in list_window(app, self.sel, rows.len(), height) {
            let a = rows[i];
            let indent = match a.account.code.len() {
                1 => "",
                2 => " ",
                4 => "  ",
                _ => "   ",
            };
            let sel = i == self.sel;
            let style = super::row_style(app, sel, a.postable, app.theme.header);
            let mut spans = vec![Span::styled(
                format!(
                    "{}{}{}",
                    sel_mark(sel),
                    fit(&a.account.code, 8),
                    fit(&format!("{indent}{}", a.account.display_name(lang)), name_w)
                ),
                style,
            )];
            if sel {
                spans.push(Span::styled(
                    format!(
                        "{:>14}{:>14}{:>14}",
                        a.debit.localized(lang),
                        a.credit.localized(lang),
                        a.natural().localized(lang)
                    ),
                    style,
                ));
            } else {
                spans.push(Span::styled(
                    format!("{:>14}", a.debit.localized(lang)),
                    app.theme.debit,
                ));
                spans.push(Span::styled(
                    format!("{:>14}", a.credit.localized(lang)),
                    app.theme.credit,
                ));
                spans.push(amount(app, a.natural(), 14));
            }
            out.push(Line::from(spans));
        }
        lines.extend(spaced(app, out));
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiChart), true)),
            list,
        );
    }
}
