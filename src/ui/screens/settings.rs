//! The association's settings form: name, RUC, kind, address, officers,
//! fiscal year, and the loan-loss provision percentages by days past due.
//!
//! The settings form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{block, inner_w, styled};
use crate::books::Book;
use crate::domain::input;
use crate::domain::settings::{
    AssocKind, PROVISION_BUCKETS, ProvisionRates, percent_text, provision_bucket_label,
};
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::ui::app::{Input, Screen};
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, Look, ViewCtx};

/// The settings being edited.
#[derive(Clone, Debug, Default)]
pub struct SettingsForm {
    /// name, ruc, kind, address, treasurer, president, fiscal year start,
    /// then the provision percentage of each of [`PROVISION_BUCKETS`]
    fields: Vec<Input>,
    focus: usize,
    /// What the fields held when the form opened ([`SettingsForm::changed`]).
    opened: Vec<String>,
}

/// Field labels.
pub const LABELS: [Msg; 7] = [
    Msg::UiSetName,
    Msg::UiSetRuc,
    Msg::UiSetKind,
    Msg::UiSetAddress,
    Msg::UiSetTreasurer,
    Msg::UiSetPresident,
    Msg::UiSetFiscalStart,
];

/// The first of the provision fields.
const FIRST_PROVISION: usize = LABELS.len();

/// The label of field `i`.
pub fn label(i: usize, lang: Lang) -> String {
    match LABELS.get(i) {
        Some(m) => m.t(lang).to_string(),
        None => {
            let bucket = provision_bucket_label(i - FIRST_PROVISION, lang);
            Msg::UiSetProvision.fill(lang, &[("bucket", &bucket)])
        }
    }
}

impl SettingsForm {
    /// Opens the form in `slot` (nothing when the settings cannot be read).
    pub fn open_in(slot: &mut Option<SettingsForm>, ctx: &mut Ctx) -> Effect {
        match SettingsForm::open(ctx.book, ctx.lang) {
            Some(s) => {
                *slot = Some(s);
                Effect::Show(Screen::Settings)
            }
            None => Effect::None,
        }
    }

    /// The form filled with the book's settings and provision percentages
    /// (`None` when they cannot be read).
    pub fn open(book: &Book, lang: Lang) -> Option<SettingsForm> {
        let s = book.settings().ok()?;
        let rates = book.provision_rates().ok()?;
        let v = Input::new;
        let mut fields = vec![
            v(&s.name),
            v(s.ruc.as_deref().unwrap_or("")),
            v(s.kind.code()),
            v(&s.address),
            v(&s.treasurer),
            v(&s.president),
            v(&s.fiscal_year_start.to_string()),
        ];
        fields.extend(rates.percent.iter().map(|p| v(&percent_text(*p, lang))));
        let opened = super::typed(&fields);
        Some(SettingsForm {
            fields,
            focus: 0,
            opened,
        })
    }

    /// Whether a field holds something else than when the form opened:
    /// Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        super::typed(&self.fields) != self.opened
    }

    /// A key on the form: move, type (checked as typed), save or leave.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let n = self.fields.len();
        match action {
            Action::Back if self.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return Effect::Pop { saved: None },
            Action::NextField if self.focus + 1 == n => return self.save(ctx),
            Action::Submit => return self.save(ctx),
            a if super::move_focus(&mut self.focus, n, &a) => {}
            a => {
                if let Some(Err(r)) = a.apply_to(&mut self.fields[self.focus].value) {
                    return Effect::Status {
                        text: r.message(lang),
                        error: true,
                    };
                }
            }
        }
        let f = self;
        // As you type: the RUC, the kind and the month.
        f.fields[1].error = if f.fields[1].value.trim().is_empty() {
            None
        } else {
            crate::domain::ident::validate_ruc(&f.fields[1].value)
                .err()
                .map(|e| e.message(lang))
        };
        f.fields[2].error = AssocKind::parse(&f.fields[2].value)
            .is_none()
            .then(|| Msg::UiSetKindError.t(lang).to_string());
        f.fields[6].error = f.fields[6]
            .value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .is_none()
            .then(|| Msg::UiSetMonthError.t(lang).to_string());
        // Each percentage from 0 to 100, none below the one before it.
        for i in 0..PROVISION_BUCKETS.len() {
            f.fields[FIRST_PROVISION + i].error = None;
        }
        if let Err(e) = provision_rates(f) {
            let i = match e {
                crate::domain::settings::SettingsError::ProvisionPercent(i)
                | crate::domain::settings::SettingsError::ProvisionOrder(i) => i,
                _ => 0,
            };
            f.fields[FIRST_PROVISION + i].error = Some(e.message(lang));
        }
        Effect::None
    }

    fn save(&self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let f = self;
        if f.fields.iter().any(|i| i.error.is_some()) {
            return Effect::None;
        }
        let book = &mut *ctx.book;
        let Ok(mut s) = book.settings() else {
            return Effect::None;
        };
        let val = |i: usize| f.fields[i].value.trim().to_string();
        s.name = val(0);
        s.ruc = Some(val(1)).filter(|r| !r.is_empty());
        if let Some(k) = AssocKind::parse(&val(2)) {
            s.kind = k;
        }
        s.address = val(3);
        s.treasurer = val(4);
        s.president = val(5);
        s.fiscal_year_start = val(6).parse().unwrap_or(1);
        let saved = provision_rates(f)
            .map_err(crate::books::BookError::from)
            .and_then(|rates| book.update_settings_and_provisions(s, rates));
        match saved {
            Ok(_) => Effect::Pop {
                saved: Some(Msg::UiSetSaved.t(lang).to_string()),
            },
            Err(e) => Effect::Status {
                text: e.message(lang),
                error: true,
            },
        }
    }
}

/// The provision percentages typed in the form, checked.
fn provision_rates(
    f: &SettingsForm,
) -> Result<ProvisionRates, crate::domain::settings::SettingsError> {
    let mut rates = ProvisionRates::default();
    for i in 0..PROVISION_BUCKETS.len() {
        rates.percent[i] = input::percent(&f.fields[FIRST_PROVISION + i].value)
            .map_err(|_| crate::domain::settings::SettingsError::ProvisionPercent(i))?;
    }
    rates.validate()
}

// ---- Drawing

impl SettingsForm {
    /// Draws the form.
    pub fn render(&self, v: &ViewCtx, f: &mut Frame, area: Rect) {
        let form = self;
        let app = v;
        let mut lines = Vec::new();
        for (i, input) in form.fields.iter().enumerate() {
            let focus = i == form.focus;
            let label = label(i, app.lang());
            let w = inner_w(app, area);
            super::form_field(app, &label, input, focus, 40, w, &mut lines);
        }
        // The screen layout is this computer's choice (kept in the configuration
        // file), not the association's: shown here with its key.
        lines.push(Line::from(""));
        lines.push(styled(
            Msg::UiLayoutSetting.fill(app.lang(), &[("layout", &app.density().label(app.lang()))]),
            app.theme().info,
        ));
        let title = Msg::UiSetTitle.t(app.lang());
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, title, true)),
            area,
        );
    }
}
