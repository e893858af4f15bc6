//! The association's settings form: name, RUC, kind, address, officers, fiscal year.

use super::app::{App, Input, Screen};
use super::keymap::Action;
use crate::domain::settings::AssocKind;
use crate::i18n::Lang;

/// The settings being edited.
#[derive(Clone, Debug, Default)]
pub struct SettingsForm {
    /// name, ruc, kind, address, treasurer, president, fiscal year start
    pub fields: Vec<Input>,
    pub focus: usize,
}

/// Field labels (es, en).
pub const LABELS: [(&str, &str); 7] = [
    ("Nombre de la asociación", "Association's name"),
    ("RUC", "RUC"),
    (
        "Tipo (asociacion, caja, cooperativa)",
        "Kind (asociacion, caja, cooperativa)",
    ),
    ("Dirección", "Address"),
    ("Tesorero/a", "Treasurer"),
    ("Presidente/a", "President"),
    (
        "Primer mes del año fiscal (1-12)",
        "First month of the fiscal year (1-12)",
    ),
];

impl App {
    pub fn open_settings(&mut self) {
        let Some(book) = &self.book else { return };
        let Ok(s) = book.settings() else { return };
        let v = |x: &str| Input {
            value: x.to_string(),
            error: None,
        };
        self.settings_form = Some(SettingsForm {
            fields: vec![
                v(&s.name),
                v(s.ruc.as_deref().unwrap_or("")),
                v(s.kind.code()),
                v(&s.address),
                v(&s.treasurer),
                v(&s.president),
                v(&s.fiscal_year_start.to_string()),
            ],
            focus: 0,
        });
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
            Action::Char(c) => f.fields[f.focus].value.push(c),
            Action::Backspace => {
                f.fields[f.focus].value.pop();
            }
            Action::Submit => return self.save_settings(),
            _ => {}
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
            .then(|| match lang {
                Lang::Es => "Escriba asociacion, caja o cooperativa.".to_string(),
                Lang::En => "Type asociacion, caja or cooperativa.".to_string(),
            });
        f.fields[6].error = f.fields[6]
            .value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .is_none()
            .then(|| match lang {
                Lang::Es => "Un mes de 1 a 12.".to_string(),
                Lang::En => "A month from 1 to 12.".to_string(),
            });
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
        match book.update_settings(s) {
            Ok(_) => {
                self.status = Some((
                    if lang == Lang::Es {
                        "Configuración guardada."
                    } else {
                        "Settings saved."
                    }
                    .to_string(),
                    false,
                ));
                self.settings_form = None;
                self.screen = Screen::Main;
                self.reload();
            }
            Err(e) => self.status = Some((e.message(lang), true)),
        }
    }
}
