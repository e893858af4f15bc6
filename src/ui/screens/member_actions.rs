//! The member card's operations that are not money moving: a waiver
//! (exoneración: all or part of an owed charge forgiven, with a reason and
//! the approval's reference; [`Book::record_waiver`]) and a retirement
//! (the date and a reason; [`Book::retire_plan`], then
//! [`Book::commit_retire`]). Each is a form, then a review that asks for
//! a yes; nothing is written before it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, field_label, form_field, inner_w, sel_mark, styled, type_fresh};
use crate::books::dues::{ChargeLine, DuesError};
use crate::books::members::RetirePlan;
use crate::domain::date::format_date;
use crate::domain::input;
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::ui::app::{Input, Screen};
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};

/// Columns of a field's label.
const LABEL_W: usize = 22;
/// Owed charges shown at once in the waiver's list.
const CHARGE_ROWS: usize = 6;

/// A waiver or a retirement of one member, as typed.
#[derive(Clone, Debug)]
pub struct MemberAction {
    pub member: Member,
    pub kind: Kind,
    /// The field with the keys.
    focus: usize,
    /// What the fields held when the form opened ([`MemberAction::changed`]).
    opened: Vec<String>,
}

/// Which operation, and its own state.
#[derive(Clone, Debug)]
pub enum Kind {
    Waiver(Waiver),
    Retire(Retire),
}

/// The waiver's form: the owed charge chosen, the amount (all of it until
/// another is typed), the reason and the approval; the amount reviewed.
#[derive(Clone, Debug)]
pub struct Waiver {
    pub charges: Vec<ChargeLine>,
    pub sel: usize,
    amount: Input,
    /// The amount is still the charge's whole due (replaced by typing).
    fresh: bool,
    reason: Input,
    approval: Input,
    /// The amount to forgive, checked, waiting for a yes.
    pub review: Option<Money>,
}

/// The retirement's form: the date and the reason; the plan reviewed.
#[derive(Clone, Debug)]
pub struct Retire {
    date: Input,
    reason: Input,
    pub review: Option<Box<RetirePlan>>,
    /// The balances left to settle, worded (account, balance), for the review.
    balances: Vec<(String, Money)>,
}

impl MemberAction {
    /// Opens the waiver of `member`'s owed charges in `slot`; says so, and
    /// opens nothing, when they owe none.
    pub fn open_waiver(slot: &mut Option<MemberAction>, member: &Member, ctx: &mut Ctx) -> Effect {
        let owed = ctx
            .book
            .current_month()
            .and_then(|m| ctx.book.owed(member.id, m));
        let charges: Vec<ChargeLine> = match owed {
            Ok(v) => v.into_iter().filter(|c| c.due.is_positive()).collect(),
            Err(e) => return Effect::error(e.message(ctx.lang)),
        };
        let Some(first) = charges.first() else {
            return Effect::error(
                Msg::UiWaiveNoCharges.fill(ctx.lang, &[("name", &member.full_name())]),
            );
        };
        let amount = Input::new(&first.due.to_string());
        *slot = Some(MemberAction {
            member: member.clone(),
            kind: Kind::Waiver(Waiver {
                charges,
                sel: 0,
                amount,
                fresh: true,
                reason: Input::default(),
                approval: Input::default(),
                review: None,
            }),
            focus: 0,
            opened: Vec::new(),
        });
        MemberAction::opened(slot)
    }

    /// Opens the retirement of `member` in `slot`, dated today.
    pub fn open_retire(slot: &mut Option<MemberAction>, member: &Member, ctx: &mut Ctx) -> Effect {
        *slot = Some(MemberAction {
            member: member.clone(),
            kind: Kind::Retire(Retire {
                date: Input::new(&ctx.book.today().to_string()),
                reason: Input::default(),
                review: None,
                balances: Vec::new(),
            }),
            focus: 0,
            opened: Vec::new(),
        });
        MemberAction::opened(slot)
    }

    /// The form just opened in `slot` remembers what its fields hold, and is shown.
    fn opened(slot: &mut Option<MemberAction>) -> Effect {
        if let Some(m) = slot {
            m.opened = m.held();
        }
        Effect::Show(Screen::MemberAction)
    }

    /// What the fields hold (the waiver's charge chosen among them).
    fn held(&self) -> Vec<String> {
        match &self.kind {
            Kind::Waiver(w) => {
                let mut held = super::typed([&w.amount, &w.reason, &w.approval]);
                held.push(w.sel.to_string());
                held
            }
            Kind::Retire(r) => super::typed([&r.date, &r.reason]),
        }
    }

    /// Whether a field holds something else than when the form opened:
    /// Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        self.held() != self.opened
    }

    /// The form's keys, or the review's.
    pub fn context(&self) -> Context {
        let reviewing = match &self.kind {
            Kind::Waiver(w) => w.review.is_some(),
            Kind::Retire(r) => r.review.is_some(),
        };
        if reviewing {
            Context::MoneyConfirm
        } else {
            Context::MoneyForm
        }
    }

    /// How many fields the form has.
    fn fields(&self) -> usize {
        match self.kind {
            Kind::Waiver(_) => 4,
            Kind::Retire(_) => 2,
        }
    }

    /// A key on the form or its review.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.context() == Context::MoneyConfirm {
            return match action {
                Action::Submit => self.commit(ctx),
                Action::Back => {
                    self.clear_review();
                    Effect::ClearStatus
                }
                _ => Effect::None,
            };
        }
        let n = self.fields();
        match action {
            Action::Back if self.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return Effect::Card,
            Action::Submit => return self.review(ctx),
            Action::NextField if self.focus + 1 == n => return self.review(ctx),
            Action::Up | Action::Down if self.focus == 0 => {
                if let Kind::Waiver(w) = &mut self.kind {
                    let last = w.charges.len().saturating_sub(1);
                    w.sel = if action == Action::Up {
                        w.sel.saturating_sub(1)
                    } else {
                        (w.sel + 1).min(last)
                    };
                    if w.fresh
                        && let Some(c) = w.charges.get(w.sel)
                    {
                        w.amount = Input::new(&c.due.to_string());
                    }
                    return Effect::None;
                }
                super::move_focus(&mut self.focus, n, &action);
            }
            a if super::move_focus(&mut self.focus, n, &a) => {}
            a => return self.type_in(a, ctx),
        }
        Effect::None
    }

    /// A typed key into the focused field.
    fn type_in(&mut self, a: Action, ctx: &Ctx) -> Effect {
        let lang = ctx.lang;
        let field = match (&mut self.kind, self.focus) {
            (Kind::Waiver(w), 1) => {
                w.amount.error = None;
                return type_fresh(&mut w.amount, &mut w.fresh, &a, lang).unwrap_or(Effect::None);
            }
            (Kind::Waiver(_), 0) => return Effect::None,
            (Kind::Waiver(w), 2) => &mut w.reason,
            (Kind::Waiver(w), _) => &mut w.approval,
            (Kind::Retire(r), 0) => &mut r.date,
            (Kind::Retire(r), _) => &mut r.reason,
        };
        field.error = None;
        match a.apply_to(&mut field.value) {
            Some(Err(r)) => Effect::error(r.message(lang)),
            _ => Effect::None,
        }
    }

    fn clear_review(&mut self) {
        match &mut self.kind {
            Kind::Waiver(w) => w.review = None,
            Kind::Retire(r) => r.review = None,
        }
    }

    /// Checks the form; its review when it passes, each problem under its
    /// field (or the book's refusal on the status line) when not.
    fn review(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let id = self.member.id;
        match &mut self.kind {
            Kind::Waiver(w) => {
                let Some(charge) = w.charges.get(w.sel) else {
                    return Effect::None;
                };
                let amount = match input::amount(&w.amount.value) {
                    Ok(a) if !a.is_positive() => Err(DuesError::NonPositive.message(lang)),
                    Ok(a) if a > charge.due => {
                        Err(DuesError::WaiverTooLarge { due: charge.due }.message(lang))
                    }
                    Ok(a) => Ok(a),
                    Err(e) => Err(e.message(lang)),
                };
                w.amount.error = amount.as_ref().err().cloned();
                w.reason.error = w
                    .reason
                    .value
                    .trim()
                    .is_empty()
                    .then(|| DuesError::ReasonRequired.message(lang));
                w.approval.error = w
                    .approval
                    .value
                    .trim()
                    .is_empty()
                    .then(|| Msg::UiWaiveApprovalRequired.t(lang).to_string());
                match amount {
                    Ok(a) if w.reason.error.is_none() && w.approval.error.is_none() => {
                        w.review = Some(a);
                        Effect::ClearStatus
                    }
                    _ => Effect::None,
                }
            }
            Kind::Retire(r) => {
                let date = input::date(&r.date.value).map_err(|e| e.message(lang));
                r.date.error = date.as_ref().err().cloned();
                r.reason.error = r
                    .reason
                    .value
                    .trim()
                    .is_empty()
                    .then(|| Msg::UiReasonRequired.t(lang).to_string());
                let (Ok(date), None) = (date, &r.reason.error) else {
                    return Effect::None;
                };
                match ctx.book.retire_plan(id, date, r.reason.value.trim(), None) {
                    Ok(plan) => {
                        r.balances = plan
                            .balances
                            .iter()
                            .filter(|b| !b.balance.is_zero())
                            .map(|b| {
                                let name = ctx
                                    .book
                                    .account(&b.account)
                                    .map(|a| format!("{} {}", a.code, a.display_name(lang)))
                                    .unwrap_or_else(|| b.account.clone());
                                let natural = match ctx.book.account(&b.account) {
                                    Some(a) if !a.debit_normal() => -b.balance,
                                    _ => b.balance,
                                };
                                (name, natural)
                            })
                            .collect();
                        r.review = Some(Box::new(plan));
                        Effect::ClearStatus
                    }
                    Err(e) => Effect::error(e.message(lang)),
                }
            }
        }
    }

    /// Records the reviewed operation; back to the form with the book's
    /// refusal when it is refused.
    fn commit(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let member = self.member.clone();
        match &mut self.kind {
            Kind::Waiver(w) => {
                let (Some(amount), Some(charge)) = (w.review.take(), w.charges.get(w.sel)) else {
                    return Effect::None;
                };
                let today = ctx.book.today();
                let done = ctx.book.record_waiver(
                    member.id,
                    charge.month,
                    charge.charge_type,
                    Some(amount),
                    w.reason.value.trim(),
                    w.approval.value.trim(),
                    today,
                );
                match done {
                    Ok(d) => Effect::say(Msg::UiWaiveDone.fill(
                        lang,
                        &[
                            ("number", &d.waiver.number),
                            ("amount", &d.waiver.amount.localized(lang)),
                            ("name", &member.full_name()),
                            ("still", &d.still_owed.localized(lang)),
                            ("through", &d.through.name(lang)),
                        ],
                    ))
                    .then(Effect::Reload)
                    .then(Effect::Card),
                    Err(e) => Effect::error(e.message(lang)),
                }
            }
            Kind::Retire(r) => {
                let Some(plan) = r.review.take() else {
                    return Effect::None;
                };
                match ctx.book.commit_retire(&plan) {
                    Ok(done) => Effect::say(Msg::UiRetireDone.fill(
                        lang,
                        &[
                            ("name", &done.member.full_name()),
                            ("date", &format_date(plan.date, lang)),
                        ],
                    ))
                    .then(Effect::Member(done.member.id)),
                    Err(e) => Effect::error(e.message(lang)),
                }
            }
        }
    }

    /// Draws the form, or its review.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let name = self.member.full_name();
        let w = inner_w(app, area);
        let mut lines: Vec<Line> = Vec::new();
        let title = match &self.kind {
            Kind::Waiver(wv) => {
                self.waiver_lines(app, wv, w, &mut lines);
                Msg::UiWaiveTitle.fill(lang, &[("name", &name)])
            }
            Kind::Retire(r) => {
                self.retire_lines(app, r, w, &mut lines);
                Msg::UiRetireTitle.fill(lang, &[("name", &name)])
            }
        };
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, &title, true)),
            area,
        );
    }

    fn waiver_lines<'a>(&self, app: &ViewCtx, wv: &'a Waiver, w: usize, lines: &mut Vec<Line<'a>>) {
        let lang = app.lang;
        lines.push(Line::from(field_label(
            app,
            app.t(Msg::UiWaiveCharge),
            self.focus == 0 && wv.review.is_none(),
            LABEL_W,
        )));
        for i in super::window(wv.sel, wv.charges.len(), CHARGE_ROWS) {
            let c = &wv.charges[i];
            let text = Msg::UiWaiveChargeLine.fill(
                lang,
                &[
                    ("month", &c.month.name(lang)),
                    ("type", &c.type_name),
                    ("due", &c.due.localized(lang)),
                ],
            );
            let style = if i == wv.sel {
                app.theme.selected
            } else {
                app.theme.base
            };
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(format!("{}{text}", sel_mark(i == wv.sel)), style),
            ]));
        }
        if let (Some(amount), Some(c)) = (wv.review, wv.charges.get(wv.sel)) {
            lines.push(Line::raw(""));
            lines.push(Line::raw(Msg::UiWaiveReview.fill(
                lang,
                &[
                    ("amount", &amount.localized(lang)),
                    ("type", &c.type_name),
                    ("month", &c.month.name(lang)),
                    ("left", &(c.due - amount).localized(lang)),
                ],
            )));
            lines.push(Line::from(vec![
                Span::styled(
                    super::fit(app.t(Msg::UiReasonLabel), LABEL_W),
                    app.theme.muted,
                ),
                Span::raw(wv.reason.value.to_string()),
            ]));
            lines.push(Line::from(vec![
                Span::styled(
                    super::fit(app.t(Msg::UiWaiveApproval), LABEL_W),
                    app.theme.muted,
                ),
                Span::raw(wv.approval.value.to_string()),
            ]));
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiMoneyConfirm), app.theme.warning));
            return;
        }
        let f = self.focus;
        form_field(
            app,
            app.t(Msg::UiWaiveAmount),
            &wv.amount,
            f == 1,
            LABEL_W,
            w,
            lines,
        );
        form_field(
            app,
            app.t(Msg::UiReasonLabel),
            &wv.reason,
            f == 2,
            LABEL_W,
            w,
            lines,
        );
        form_field(
            app,
            app.t(Msg::UiWaiveApproval),
            &wv.approval,
            f == 3,
            LABEL_W,
            w,
            lines,
        );
        if f == 0 {
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiWaivePickHint), app.theme.muted));
        }
    }

    fn retire_lines<'a>(&self, app: &ViewCtx, r: &'a Retire, w: usize, lines: &mut Vec<Line<'a>>) {
        let lang = app.lang;
        if let Some(plan) = &r.review {
            lines.push(Line::raw(""));
            lines.push(Line::raw(Msg::UiRetireReview.fill(
                lang,
                &[
                    ("name", &self.member.full_name()),
                    ("date", &format_date(plan.date, lang)),
                ],
            )));
            lines.push(Line::from(vec![
                Span::styled(
                    super::fit(app.t(Msg::UiReasonLabel), LABEL_W),
                    app.theme.muted,
                ),
                Span::raw(plan.reason.clone()),
            ]));
            lines.push(Line::raw(""));
            if r.balances.is_empty() {
                lines.push(styled(app.t(Msg::UiRetireNoBalances), app.theme.muted));
            } else {
                lines.push(styled(app.t(Msg::UiRetireBalances), app.theme.warning));
                let name_w = w.saturating_sub(16).min(50);
                for (name, bal) in &r.balances {
                    lines.push(Line::from(vec![
                        Span::raw(format!("  {}", super::fit(name, name_w))),
                        super::amount(app, *bal, 14),
                    ]));
                }
            }
            lines.push(Line::raw(""));
            lines.push(styled(app.t(Msg::UiMoneyConfirm), app.theme.warning));
            return;
        }
        let f = self.focus;
        form_field(
            app,
            app.t(Msg::UiRetireDate),
            &r.date,
            f == 0,
            LABEL_W,
            w,
            lines,
        );
        form_field(
            app,
            app.t(Msg::UiReasonLabel),
            &r.reason,
            f == 1,
            LABEL_W,
            w,
            lines,
        );
    }
}
