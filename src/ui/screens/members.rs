//! Members: the searchable list, the member card, the add/edit form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Head::{L, Raw};
use super::heading;
use super::{MARK_W, amount, block, fit, inner_w, list_window, sel_mark, spaced, styled};
use crate::domain::date::format_date;
use crate::i18n::Msg;
use chrono::NaiveDate;

use crate::books::members::MemberBalance;
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::member::{Field, Member, MemberInput};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::Lang;
use crate::ui::app::{Input, Screen};
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::search::{SearchBox, Typed};

/// The member card: the member and what they hold, as loaded.
#[derive(Clone, Debug)]
pub struct Card {
    pub member: Member,
    balances: Vec<MemberBalance>,
    owed: Money,
    /// The member's own accounts (savings, contributions, loans, the fund)
    /// with their balance on their natural side.
    rows: Vec<(Account, Money)>,
}

impl Card {
    /// The card of `member`: their balances, and what they owe through the
    /// current month (`fallback` when the book cannot say which it is).
    pub fn open(book: &Book, member: Member, fallback: Month) -> Result<Card, BookError> {
        let through = book.current_month().unwrap_or(fallback);
        let owed = book
            .owed(member.id, through)
            .map(|v| v.iter().map(|c| c.due).sum())
            .unwrap_or_default();
        let balances = book.member_balances(member.id)?;
        let rows = own_accounts(book, &balances);
        Ok(Card {
            member,
            balances,
            owed,
            rows,
        })
    }

    /// The balances and what is owed read again (after an operation).
    pub fn refresh(&mut self, book: &Book) {
        if let Ok(b) = book.member_balances(self.member.id) {
            self.rows = own_accounts(book, &b);
            self.balances = b;
        }
        if let Ok(month) = book.current_month()
            && let Ok(owed) = book.owed(self.member.id, month)
        {
            self.owed = owed.iter().map(|c| c.due).sum();
        }
    }
}

/// The member's own accounts among `balances`, on their natural side.
fn own_accounts(book: &Book, balances: &[MemberBalance]) -> Vec<(Account, Money)> {
    balances
        .iter()
        .filter_map(|b| {
            let acc = book.account(&b.account)?;
            if !(acc.subledger || acc.code == crate::books::savings::FUND_ACCOUNT) {
                return None;
            }
            let natural = if acc.debit_normal() {
                b.balance
            } else {
                -b.balance
            };
            Some((acc.clone(), natural))
        })
        .collect()
}

/// The members tab: the list as the search box leaves it, the selection,
/// and the card of the member opened from it.
#[derive(Clone, Debug, Default)]
pub struct MembersList {
    /// The members matching the search box.
    pub view: Vec<Member>,
    pub sel: usize,
    pub search: SearchBox,
    /// How many members the book has.
    total: usize,
    pub card: Option<Card>,
}

impl MembersList {
    /// The list again from the book's `members`, filtered by the search box.
    pub fn filter(&mut self, members: &[Member]) {
        self.view = crate::books::members::search(members.to_vec(), &self.search.query);
        self.total = members.len();
        self.sel = self.sel.min(self.view.len().saturating_sub(1));
    }

    /// Selects member `id` (the first one when it is not listed).
    pub fn select(&mut self, id: u32) {
        self.sel = self.view.iter().position(|x| x.id == id).unwrap_or(0);
    }

    /// The member the keys act on: the card's (`on_card`), else the selected one.
    pub fn current(&self, on_card: bool) -> Option<&Member> {
        match (&self.card, on_card) {
            (Some(c), true) => Some(&c.member),
            _ => self.view.get(self.sel),
        }
    }

    /// A key on the list (`on_card`: the card is shown over it). What is not
    /// the list's goes back to the router. `fallback`: the month the card
    /// owes through when the book cannot say.
    pub fn update(
        &mut self,
        action: Action,
        on_card: bool,
        fallback: Month,
        ctx: &mut Ctx,
    ) -> Effect {
        if self.search.active {
            if let Typed::Refused(r) = self.search.key(action) {
                return Effect::error(r.message(ctx.lang));
            }
            self.sel = 0;
            self.filter(ctx.members);
            return Effect::None;
        }
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if !on_card => {
                self.sel = super::moved(self.sel, self.view.len(), action, ctx.page);
            }
            Action::Search => self.search.active = true,
            Action::Open => {
                if let Some(mm) = self.view.get(self.sel).cloned() {
                    match Card::open(ctx.book, mm, fallback) {
                        Ok(card) => {
                            self.card = Some(card);
                            return Effect::Show(Screen::MemberCard);
                        }
                        Err(e) => return Effect::error(e.message(ctx.lang)),
                    }
                }
            }
            a => return Effect::Pass(a),
        }
        Effect::None
    }

    /// Draws the list and its search box.
    pub fn render_list(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let [search, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let label = format!(" / {}: ", app.t(Msg::UiSearch));
        let room = (area.width as usize).saturating_sub(label.chars().count() + 12);
        let search_line = Line::from(vec![
            Span::styled(label, app.theme.muted),
            Span::styled(
                self.search.query.view(self.search.active, room),
                if self.search.active {
                    app.theme.input
                } else {
                    app.theme.base
                },
            ),
            Span::styled(
                format!("   {} / {}", self.view.len(), self.total),
                app.theme.muted,
            ),
        ]);
        f.render_widget(Paragraph::new(search_line), search);
        let w = inner_w(app, list);
        let name_w = w.saturating_sub(MARK_W + 12 + 20 + 10).max(10);
        let mut lines = vec![heading(
            app,
            &[
                Raw(sel_mark(false)),
                L(app.t(Msg::UiIdShort), 12),
                L(app.t(Msg::UiName), name_w),
                L(app.t(Msg::UiCommunity), 20),
                L(app.t(Msg::UiStatus), 10),
            ],
        )];
        let height = list.height.saturating_sub(3) as usize;
        let mut rows = Vec::new();
        for i in list_window(app, self.sel, self.view.len(), height) {
            let mm = &self.view[i];
            let style =
                super::row_style(app, i == self.sel, mm.status.is_active(), app.theme.muted);
            rows.push(styled(
                format!(
                    "{}{}{}{}{}",
                    sel_mark(i == self.sel),
                    fit(&mm.id_number, 12),
                    fit(&mm.full_name(), name_w),
                    fit(&mm.community, 20),
                    fit(mm.status.label(app.lang), 10)
                ),
                style,
            ));
        }
        lines.extend(spaced(app, rows));
        f.render_widget(
            Paragraph::new(lines).block(super::tab_block(app, Msg::UiTabMembers, true)),
            list,
        );
    }

    /// Draws the member card, as loaded.
    pub fn render_card(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let Some(card) = &self.card else { return };
        let mm = &card.member;
        let lang = app.lang;
        let [data, bal] = Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(area);
        let row = |label: Msg, value: String| {
            Line::from(vec![
                Span::styled(fit(label.t(lang), 16), app.theme.muted),
                Span::raw(value),
            ])
        };
        let lines = vec![
            row(
                Msg::UiIdNumber,
                format!("{} ({})", mm.id_number, mm.id_kind.label(lang)),
            ),
            row(Msg::UiGender, mm.gender.label(lang).to_string()),
            row(
                Msg::UiBorn,
                mm.birth_date
                    .map(|d| format_date(d, lang))
                    .unwrap_or_default(),
            ),
            row(Msg::UiJoined, format_date(mm.join_date, lang)),
            row(Msg::UiPhone, mm.phone.clone()),
            row(Msg::UiCommunity, mm.community.clone()),
            row(Msg::UiStatus, mm.status.label(lang).to_string()),
        ];
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                &format!("#{} {}", mm.id, mm.full_name()),
                true,
            )),
            data,
        );
        let mut lines = vec![Line::from(vec![
            Span::styled(fit(Msg::UiOwes.t(lang), 40), app.theme.muted),
            amount(app, card.owed, 14),
        ])];
        if card.balances.is_empty() && card.owed.is_zero() {
            lines.push(styled(app.t(Msg::UiNoBalances), app.theme.muted));
        }
        let rows = card
            .rows
            .iter()
            .map(|(acc, natural)| {
                Line::from(vec![
                    Span::raw(fit(&format!("{} {}", acc.code, acc.display_name(lang)), 40)),
                    amount(app, *natural, 14),
                ])
            })
            .collect();
        lines.extend(spaced(app, rows));
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiBalances), false)),
            bal,
        );
    }
}

/// The member form (new or edit).
#[derive(Clone, Debug)]
pub struct MemberForm {
    editing: Option<u32>,
    pub fields: Vec<(Field, Input)>,
    focus: usize,
    /// What the fields held when the form opened ([`MemberForm::changed`]).
    opened: Vec<String>,
}

impl MemberForm {
    /// Opens in `slot` the form for member `editing`, or for a new member.
    pub fn open_in(slot: &mut Option<MemberForm>, editing: Option<u32>, ctx: &mut Ctx) -> Effect {
        *slot = Some(MemberForm::open(editing, ctx.members, ctx.book, ctx.lang));
        Effect::Show(Screen::MemberForm)
    }

    /// The form for member `editing` (one of `members`), or for a new member
    /// joining today.
    pub fn open(editing: Option<u32>, members: &[Member], book: &Book, lang: Lang) -> MemberForm {
        let input = match editing.and_then(|id| members.iter().find(|mm| mm.id == id)) {
            Some(mm) => MemberInput::from_member(mm),
            None => MemberInput {
                join_date: book.today().to_string(),
                ..MemberInput::default()
            },
        };
        let v = Input::new;
        let fields = vec![
            (Field::IdNumber, v(&input.id_number)),
            (Field::FirstNames, v(&input.first_names)),
            (Field::LastNames, v(&input.last_names)),
            (Field::Gender, v(&input.gender)),
            (Field::BirthDate, v(&input.birth_date)),
            (Field::JoinDate, v(&input.join_date)),
            (Field::Phone, v(&input.phone)),
            (Field::Community, v(&input.community)),
        ];
        let opened = super::typed(fields.iter().map(|(_, i)| i));
        let mut form = MemberForm {
            editing,
            fields,
            focus: 0,
            opened,
        };
        form.validate(false, book.today(), lang);
        form
    }

    /// Whether a field holds something else than when the form opened:
    /// Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        super::typed(self.fields.iter().map(|(_, i)| i)) != self.opened
    }

    fn input(&self) -> MemberInput {
        let g = |field: Field| {
            self.fields
                .iter()
                .find(|(ff, _)| *ff == field)
                .map(|(_, i)| i.value.to_string())
                .unwrap_or_default()
        };
        MemberInput {
            id_kind: None,
            id_number: g(Field::IdNumber),
            first_names: g(Field::FirstNames),
            last_names: g(Field::LastNames),
            gender: g(Field::Gender),
            birth_date: g(Field::BirthDate),
            join_date: g(Field::JoinDate),
            phone: g(Field::Phone),
            community: g(Field::Community),
        }
    }

    /// Validates as you type: each field's problem under it, in words.
    /// Fields still empty are not flagged until the form is submitted.
    fn validate(&mut self, all: bool, today: NaiveDate, lang: Lang) -> bool {
        let errs = self.input().validate(today).err().unwrap_or_default();
        for (field, inp) in &mut self.fields {
            inp.error = errs
                .iter()
                .find(|(ef, _)| ef == field)
                .filter(|_| all || !inp.value.trim().is_empty())
                .map(|(_, e)| e.message(lang));
        }
        errs.is_empty()
    }

    /// A key on the form: move, type (checked as typed), save or leave.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let f = &mut *self;
        let n = f.fields.len();
        match action {
            Action::Back if f.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return Effect::Main,
            Action::NextField if f.focus + 1 == n => return self.save(ctx),
            Action::Submit => return self.save(ctx),
            a if super::move_focus(&mut f.focus, n, &a) => {}
            a => {
                if let Some(Err(r)) = a.apply_to(&mut f.fields[f.focus].1.value) {
                    return Effect::error(r.message(ctx.lang));
                }
            }
        }
        self.validate(false, ctx.book.today(), ctx.lang);
        Effect::None
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        if !self.validate(true, ctx.book.today(), ctx.lang) {
            return Effect::None;
        }
        let input = self.input();
        let r = match self.editing {
            Some(id) => ctx.book.edit_member(id, &input),
            None => ctx.book.add_member(&input),
        };
        match r {
            Ok(mm) => Effect::say(Msg::UiMemberSaved.fill(ctx.lang, &[("name", &mm.full_name())]))
                .then(Effect::Member(mm.id)),
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }
}

impl MemberForm {
    /// Draws the form.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let form = self;
        let title = if form.editing.is_some() {
            app.t(Msg::UiEditMember)
        } else {
            app.t(Msg::UiNewMember)
        };
        let mut lines = Vec::new();
        for (i, (field, input)) in form.fields.iter().enumerate() {
            let focus = i == form.focus;
            let w = inner_w(app, area);
            super::form_field(app, field.label(app.lang), input, focus, 24, w, &mut lines);
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, title, true)),
            area,
        );
    }
}
