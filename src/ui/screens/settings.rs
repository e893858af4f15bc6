//! The association's settings form: name, RUC, kind, address, officers,
//! fiscal year, and the loan-loss provision percentages by days past due.
//!
//! The settings form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, field_label, inner_w};
use crate::domain::input;
use crate::domain::settings::{
    AssocKind, PROVISION_BUCKETS, ProvisionRates, percent_text, provision_bucket_label,
};
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::ui::app::{App, Input, Screen};
use crate::ui::keymap::Action;

/// The settings being edited.
#[derive(Clone, Debug, Default)]
pub struct SettingsForm {
    /// name, ruc, kind, address, treasurer, president, fiscal year start,
    /// then the provision percentage of each of [`PROVISION_BUCKETS`]
    pub fields: Vec<Input>,
    pub focus: usize,
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

impl App {
    pub fn open_settings(&mut self) {
        let Some(book) = &self.book else { return };
        let Ok(s) = book.settings() else { return };
        let Ok(rates) = book.provision_rates() else {
            return;
        };
        let lang = self.lang;
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
        self.settings_form = Some(SettingsForm { fields, focus: 0 });
        self.screen = Screen::Settings;
    }

    pub fn update_settings_form(&mut self, action: Action) {
        let lang = self.lang;
        let Some(f) = &mut self.settings_form else {
            return;
        };
        let n = f.fields.len();
        match action {
            Action::Back => {
                self.settings_form = None;
                self.screen = Screen::Main;
                return;
            }
            Action::NextField | Action::Down => {
                if action == Action::NextField && f.focus + 1 == n {
                    return self.save_settings();
                }
                f.focus = (f.focus + 1) % n;
            }
            Action::PrevField | Action::Up => f.focus = (f.focus + n - 1) % n,
            Action::Submit => return self.save_settings(),
            a => {
                if let Some(Err(r)) = a.apply_to(&mut f.fields[f.focus].value) {
                    return self.refused(r);
                }
            }
        }
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
    }

    fn save_settings(&mut self) {
        let lang = self.lang;
        let Some(f) = &self.settings_form else { return };
        if f.fields.iter().any(|i| i.error.is_some()) {
            return;
        }
        let Some(book) = &mut self.book else { return };
        let Ok(mut s) = book.settings() else { return };
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
            Ok(_) => {
                self.status = Some((Msg::UiSetSaved.t(lang).to_string(), false));
                self.settings_form = None;
                self.screen = Screen::Main;
                self.reload();
            }
            Err(e) => self.status = Some((e.message(lang), true)),
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

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(form) = &app.settings_form else {
        return;
    };
    let mut lines = Vec::new();
    for (i, input) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let label = label(i, app.lang);
        let style = if input.error.is_some() {
            app.theme.input_invalid
        } else if focus {
            app.theme.input
        } else {
            app.theme.base
        };
        lines.push(Line::from(vec![
            field_label(app, &label, focus, 40),
            Span::styled(input.value.view_whole(focus), style),
        ]));
        if let Some(e) = &input.error {
            lines.push(Line::from(Span::styled(
                super::under_field(e, 40, inner_w(app, area)),
                app.theme.error,
            )));
        }
    }
    // The screen layout is this computer's choice (kept in the configuration
    // file), not the association's: shown here with its key.
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        Msg::UiLayoutSetting.fill(app.lang, &[("layout", &app.density.label(app.lang))]),
        app.theme.info,
    )));
    let title = Msg::UiSetTitle.t(app.lang);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, title, true)),
        area,
    );
}
