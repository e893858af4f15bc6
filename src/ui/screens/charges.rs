//! The generation of charges (`G`): every member's charges through the
//! current month, planned first ([`Book::charge_generation_plan`]: how
//! many and their total, and the entry applying what was collected in
//! advance), committed on a yes ([`Book::commit_charge_generation`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{block, styled};
use crate::books::dues::ChargeGenerationPlan;
use crate::i18n::Msg;
use crate::ui::app::Screen;
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};

/// A plan that creates no charge and applies no advance.
fn empty(plan: &ChargeGenerationPlan) -> bool {
    plan.count == 0 && plan.advances.is_none()
}

/// The screen's state: the plan as made when it opened.
#[derive(Clone, Debug, Default)]
pub struct ChargeGeneration {
    pub plan: Option<ChargeGenerationPlan>,
}

impl ChargeGeneration {
    /// Nothing to generate and nothing to apply: any key goes back.
    fn nothing(&self) -> bool {
        self.plan.as_ref().is_none_or(empty)
    }

    /// The question's keymap (a yes generates, anything else goes back).
    pub fn context(&self) -> Context {
        Context::Confirm
    }

    /// Plans the generation through the current month; the book's refusal
    /// (a read-only book) on the status line, and nothing opens.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        let planned = ctx
            .book
            .current_month()
            .and_then(|m| ctx.book.charge_generation_plan(m));
        match planned {
            Ok(plan) => {
                self.plan = Some(plan);
                Effect::Show(Screen::Charges)
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// A yes commits the plan; any other key goes back.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(plan) = self.plan.take() else {
            return Effect::Main;
        };
        if action != Action::Yes || empty(&plan) {
            return Effect::Main;
        }
        let lang = ctx.lang;
        match ctx.book.commit_charge_generation(&plan) {
            Ok(done) => Effect::say(Msg::UiChgDone.fill(
                lang,
                &[
                    ("n", &done.generated),
                    ("through", &plan.through.name(lang)),
                    ("total", &done.amount.localized(lang)),
                ],
            ))
            .then(Effect::Reload)
            .then(Effect::Main),
            Err(e) => Effect::error(e.message(lang)).then(Effect::Main),
        }
    }

    /// Draws the plan and the question.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let mut lines: Vec<Line> = Vec::new();
        if let Some(plan) = &self.plan {
            lines.push(Line::raw(""));
            if self.nothing() {
                lines.push(styled(
                    Msg::UiChgNothing.fill(lang, &[("through", &plan.through.name(lang))]),
                    app.theme.info,
                ));
                lines.push(Line::raw(""));
                lines.push(styled(app.t(Msg::UiChgAnyKey), app.theme.muted));
            } else {
                lines.push(Line::raw(Msg::UiChgPlan.fill(
                    lang,
                    &[
                        ("n", &plan.count),
                        ("through", &plan.through.name(lang)),
                        ("total", &plan.amount.localized(lang)),
                    ],
                )));
                if let Some(e) = &plan.advances {
                    lines.push(Line::raw(""));
                    lines.push(Line::raw(Msg::UiChgAdvances.fill(
                        lang,
                        &[("id", &e.id), ("total", &e.total().localized(lang))],
                    )));
                }
                lines.push(Line::raw(""));
                lines.push(styled(app.t(Msg::UiChgAsk), app.theme.warning));
            }
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, app.t(Msg::UiChgTitle), true)),
            area,
        );
    }
}
