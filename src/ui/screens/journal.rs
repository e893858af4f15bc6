//! The journal: entries with debit and credit columns; an entry's detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Head::{L, R, Raw};
use super::heading;
use super::{
    MARK_W, amount, block, fit, inner_w, list_window, sel_mark, spaced, spaced_in, styled,
};
use crate::books::ledger::JournalFilter;
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::date::format_date;
use crate::domain::entry::Entry;
use crate::domain::entry::Side;
use crate::domain::member::Member;
use crate::domain::period::Month;
use crate::i18n::{Msg, fill};
use crate::ui::app::Screen;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::search::{SearchBox, Typed};

/// The journal tab: the entries of a month (or all), filtered by an
/// account or a member, the selection, and the entry opened from it.
#[derive(Clone, Debug, Default)]
pub struct JournalList {
    /// `None`: all months.
    month: Option<Month>,
    pub entries: Vec<Entry>,
    pub sel: usize,
    /// How many entries the month has (the filter's, when there is one).
    total: u64,
    filter: JournalFilter,
    pub(super) search: SearchBox,
    /// The name of the filter's member, as loaded.
    filter_member: String,
    pub(super) detail: Option<EntryDetail>,
    /// Loaded once (the month shown first was set).
    loaded: bool,
}

/// An entry opened from the journal, with what its lines name, as loaded.
#[derive(Clone, Debug)]
pub struct EntryDetail {
    pub entry: Entry,
    /// The entry that reverses this one.
    reversed_by: Option<u64>,
    /// Each line's account.
    accounts: Vec<Option<Account>>,
    /// Each line's member's name (empty when none).
    members: Vec<String>,
}

impl JournalList {
    /// The entries again from the book (`current`: the month shown first).
    pub fn load(
        &mut self,
        book: &Book,
        members: &[Member],
        current: Month,
    ) -> Result<(), BookError> {
        // The first load shows the current month; after that "all months"
        // stays all months, even when the current one has no entries.
        if !self.loaded {
            self.month = Some(current);
            self.loaded = true;
        }
        let mut f = self.filter.clone();
        f.month = self.month;
        self.entries = book.journal(&f, 0, 500)?;
        self.total = if f.account.is_none() && f.member.is_none() {
            book.entry_count(f.month)?
        } else {
            self.entries.len() as u64
        };
        self.sel = self.sel.min(self.entries.len().saturating_sub(1));
        self.filter_member = f
            .member
            .and_then(|mid| members.iter().find(|mm| mm.id == mid))
            .map(|mm| mm.full_name())
            .unwrap_or_default();
        Ok(())
    }

    /// Shows `month` under `filter`, from the top (the router reloads).
    pub fn show(&mut self, month: Option<Month>, filter: JournalFilter) {
        self.month = month;
        self.filter = filter;
        self.sel = 0;
    }

    /// Clears the filter and the search box; says whether there was any.
    pub fn clear_filters(&mut self) -> bool {
        let filtered = self.filter != JournalFilter::default();
        self.filter = JournalFilter::default();
        self.search.clear() | filtered
    }

    /// The entry the keys act on: the opened one (`on_detail`), else the selected one.
    pub fn current(&self, on_detail: bool) -> Option<&Entry> {
        match (&self.detail, on_detail) {
            (Some(d), true) => Some(&d.entry),
            _ => self.entries.get(self.sel),
        }
    }

    /// Reverses entry `id` (the yes to [`Effect::AskReverse`]) and goes back
    /// to the list, read again.
    pub fn reverse(&mut self, id: u64, ctx: &mut Ctx) -> Effect {
        match ctx.book.reverse(id, None, None) {
            Ok(e) => Effect::say(fill(ctx.t(Msg::UiReversedOk), &[("n", &e.id)]))
                .then(Effect::Show(Screen::Main))
                .then(Effect::Reload),
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// A key on the journal (`on_detail`: the opened entry is shown over
    /// it). What is not the journal's goes back to the router. `fallback`:
    /// the month to step from when all months are shown.
    pub fn update(
        &mut self,
        action: Action,
        on_detail: bool,
        fallback: Month,
        ctx: &mut Ctx,
    ) -> Effect {
        if self.search.active {
            return match self.search.key(action) {
                Typed::Refused(r) => Effect::error(r.message(ctx.lang)),
                Typed::Done => self.filter_by_query(ctx),
                Typed::Other(a @ (Action::Up | Action::Down)) if !on_detail => {
                    self.sel = super::moved(self.sel, self.entries.len(), a, ctx.page);
                    Effect::None
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                if !on_detail {
                    self.sel = super::moved(self.sel, self.entries.len(), action, ctx.page);
                }
            }
            Action::Open => {
                if let Some(e) = self.entries.get(self.sel).cloned() {
                    let reversed_by = ctx.book.reversed_by(e.id).unwrap_or(None);
                    let accounts = e
                        .postings
                        .iter()
                        .map(|p| ctx.book.account(&p.account).cloned())
                        .collect();
                    let members = e
                        .postings
                        .iter()
                        .map(|p| {
                            p.member
                                .and_then(|mid| ctx.members.iter().find(|mm| mm.id == mid))
                                .map(|mm| mm.full_name())
                                .unwrap_or_default()
                        })
                        .collect();
                    self.detail = Some(EntryDetail {
                        entry: e,
                        reversed_by,
                        accounts,
                        members,
                    });
                    return Effect::Show(Screen::EntryDetail);
                }
            }
            Action::Search => {
                self.search.active = true;
                self.search.query.clear();
            }
            Action::Reverse => {
                if let Some(e) = self.current(on_detail) {
                    return Effect::AskReverse(e.id);
                }
            }
            // The entry's voucher (or its receipt) beside the book, to print.
            Action::Reprint => {
                if let Some(id) = self.current(on_detail).map(|e| e.id) {
                    return print_voucher(id, ctx);
                }
            }
            Action::PrevMonth | Action::NextMonth => {
                let cur = self.month.unwrap_or(fallback);
                self.month = Some(if action == Action::PrevMonth {
                    cur.prev()
                } else {
                    cur.next()
                });
                self.sel = 0;
                return Effect::Reload;
            }
            Action::AllMonths => {
                self.month = None;
                self.sel = 0;
                return Effect::Reload;
            }
            a => return Effect::Pass(a),
        }
        Effect::None
    }

    /// The search box's text as the journal's filter: an account code, or a
    /// member (id number or name).
    fn filter_by_query(&mut self, ctx: &mut Ctx) -> Effect {
        let q = self.search.query.trim().to_string();
        self.search.query.clear();
        let f = if q.is_empty() {
            JournalFilter::default()
        } else if ctx.book.account(&q).is_some() {
            JournalFilter {
                account: Some(q),
                ..JournalFilter::default()
            }
        } else if let Some(mm) = ctx.book.find_member(&q).ok().or_else(|| {
            crate::books::members::search(ctx.members.to_vec(), &q)
                .into_iter()
                .next()
        }) {
            JournalFilter {
                member: Some(mm.id),
                ..JournalFilter::default()
            }
        } else {
            return Effect::error(Msg::UiNotAccountNorMember.fill(ctx.lang, &[("q", &q)]));
        };
        self.filter = f;
        self.sel = 0;
        Effect::Reload
    }

    /// Draws the list, its month, filter and search box.
    pub fn render_list(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let [top, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let month = self
            .month
            .map(|m| m.name(lang))
            .unwrap_or_else(|| app.t(Msg::UiAllMonths).to_string());
        let mut filter = String::new();
        if let Some(a) = &self.filter.account {
            filter = format!(" · {} {a}", app.t(Msg::UiAccount));
        }
        if self.filter.member.is_some() {
            filter = format!(" · {} {}", app.t(Msg::UiMember), self.filter_member);
        }
        let search = if self.search.active {
            format!(
                "  / {}",
                self.search.query.view(true, area.width as usize / 2)
            )
        } else {
            String::new()
        };
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" [ {month} ] "), app.theme.title),
                Span::styled(
                    format!(
                        "{} {}{filter}",
                        self.total,
                        app.t(Msg::UiEntries).to_lowercase()
                    ),
                    app.theme.muted,
                ),
                Span::styled(search, app.theme.input),
            ])),
            top,
        );
        let w = inner_w(app, list);
        let desc_w = w.saturating_sub(MARK_W + 6 + 11 + 13 + 13).max(8);
        let mut lines = vec![heading(
            app,
            &[
                Raw(sel_mark(false)),
                R(app.t(Msg::UiNumber), 5),
                Raw(" "),
                L(app.t(Msg::UiDate), 11),
                L(app.t(Msg::UiDescription), desc_w),
                R(app.t(Msg::UiDebit), 13),
                R(app.t(Msg::UiCredit), 13),
            ],
        )];
        let height = list.height.saturating_sub(3) as usize;
        let mut rows = Vec::new();
        for i in list_window(app, self.sel, self.entries.len(), height) {
            let e = &self.entries[i];
            // With an account filter, show that account's side; otherwise the entry total on both.
            let (d, c) = match &self.filter.account {
                Some(a) => e.postings.iter().filter(|p| &p.account == a).fold(
                    (
                        crate::domain::money::Money::ZERO,
                        crate::domain::money::Money::ZERO,
                    ),
                    |(d, c), p| match p.side {
                        Side::Debit => (d + p.amount, c),
                        Side::Credit => (d, c + p.amount),
                    },
                ),
                None => (e.total(), e.total()),
            };
            let sel = i == self.sel;
            let base = super::row_style(app, sel, true, app.theme.base);
            let mut spans = vec![Span::styled(
                format!(
                    "{}{:>5} {}{}",
                    sel_mark(sel),
                    e.id,
                    fit(&format_date(e.date, lang), 11),
                    fit(&e.description, desc_w)
                ),
                base,
            )];
            for (v, st) in [(d, app.theme.debit), (c, app.theme.credit)] {
                let text = if v.is_zero() {
                    String::new()
                } else {
                    v.localized(lang)
                };
                spans.push(Span::styled(
                    format!("{text:>13}"),
                    if sel { app.theme.selected } else { st },
                ));
            }
            rows.push(Line::from(spans));
        }
        lines.extend(spaced(app, rows));
        f.render_widget(
            Paragraph::new(lines).block(super::tab_block(app, Msg::UiTabJournal, true)),
            list,
        );
    }

    /// Draws the entry opened from the list, as loaded.
    pub fn render_detail(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let Some(EntryDetail {
            entry: e,
            reversed_by: by,
            accounts,
            members,
        }) = &self.detail
        else {
            return;
        };
        let lang = app.lang;
        let mut lines = vec![
            Line::from(vec![
                Span::styled(fit(app.t(Msg::UiDate), 14), app.theme.muted),
                Span::raw(format!(
                    "{}   {}",
                    format_date(e.date, lang),
                    e.kind.label(lang)
                )),
            ]),
            Line::from(vec![
                Span::styled(fit(app.t(Msg::UiDescription), 14), app.theme.muted),
                Span::raw(e.description.clone()),
            ]),
            Line::from(vec![
                Span::styled(fit(app.t(Msg::UiReference), 14), app.theme.muted),
                Span::raw(e.reference.clone()),
            ]),
            Line::from(""),
        ];
        let w = inner_w(app, area);
        let acc_w = w.saturating_sub(26 + 14).max(10);
        lines.push(styled(
            format!(
                "{}{:>13}{:>13}",
                fit(app.t(Msg::UiAccount), acc_w + 14),
                app.t(Msg::UiDebit),
                app.t(Msg::UiCredit)
            ),
            app.theme.header,
        ));
        let mut rows = Vec::new();
        for ((p, account), member) in e.postings.iter().zip(accounts).zip(members) {
            let name = account
                .as_ref()
                .map(|a| a.display_name(lang).to_string())
                .unwrap_or_default();
            let indent = if p.side == Side::Credit { "   " } else { "" };
            let (d, c) = super::posting_sides(app, p, 13);
            rows.push(Line::from(vec![
                Span::raw(fit(&format!("{indent}{} {name}", p.account), acc_w)),
                Span::styled(fit(member, 14), app.theme.muted),
                d,
                c,
            ]));
        }
        // Roomy gives way before an entry's lines or its total are cut
        // (under the teaching panel at 80x24).
        let room = (area.height.saturating_sub(2) as usize).saturating_sub(lines.len() + 1);
        lines.extend(spaced_in(app, rows, room));
        lines.push(Line::from(vec![
            Span::styled(fit(app.t(Msg::UiTotal), acc_w + 14), app.theme.header),
            amount(app, e.total(), 13),
            amount(app, e.total(), 13),
        ]));
        lines.push(Line::from(""));
        if let Some(r) = e.reverses {
            lines.push(styled(
                format!("{} {r}", app.t(Msg::UiReverses)),
                app.theme.warning,
            ));
        }
        if let Some(b) = by {
            lines.push(styled(
                format!("{} {b}", app.t(Msg::UiReversedBy)),
                app.theme.warning,
            ));
        }
        lines.push(styled(
            format!(
                "{} {}",
                app.t(Msg::UiHash),
                e.hash
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
            app.theme.muted,
        ));
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                &format!("{} {}", app.t(Msg::UiNumber), e.id),
                true,
            )),
            area,
        );
    }
}

/// Writes entry `id`'s voucher beside the book (the receipt it belongs to,
/// when it is a receipt's), as text and an 80 mm roll PDF.
fn print_voucher(id: u64, ctx: &mut Ctx) -> Effect {
    let lang = ctx.lang;
    let slip = match crate::report::visit::entry_slip(ctx.book, id, lang) {
        Ok(Some(s)) => s,
        Ok(None) => return Effect::error(BookError::EntryNotFound(id).message(lang)),
        Err(e) => return Effect::error(e.message(lang)),
    };
    match super::cobro::write_slip(ctx, Msg::UiStemVoucher.t(lang), id, slip) {
        Ok(short) => Effect::say(Msg::UiVoucherWritten.fill(
            lang,
            &[
                ("n", &crate::report::dues::receipt_number(id)),
                ("file", &short),
            ],
        )),
        Err(msg) => Effect::error(msg),
    }
}
