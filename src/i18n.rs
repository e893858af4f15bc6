//! Languages and the message catalogue. Every string a user sees comes from a
//! catalogue entry (or a `message(lang)` of a typed error) in Spanish and English.

use std::fmt::Display;

/// The interface language. Spanish unless the user or the locale says English.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    /// Reads "es", "es_EC.UTF-8", "en", "en_US", "english", "español" ...
    pub fn parse(s: &str) -> Option<Lang> {
        let t = s.trim().to_lowercase();
        let head: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        match head.as_str() {
            "es" | "spa" | "spanish" | "espanol" => Some(Lang::Es),
            "en" | "eng" | "english" | "ingles" => Some(Lang::En),
            _ if t.starts_with("español") || t.starts_with("castellano") => Some(Lang::Es),
            _ if t.starts_with("inglés") => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to use: the command line's, else the config file's, else
    /// the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`); Spanish otherwise.
    pub fn detect(cli: Option<&str>, config: Option<&str>) -> Lang {
        Lang::detect_with(cli, config, |k| std::env::var(k).ok())
    }

    /// [`Lang::detect`] with the environment given (for tests).
    pub fn detect_with(
        cli: Option<&str>,
        config: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Lang {
        if let Some(l) = cli.and_then(Lang::parse) {
            return l;
        }
        if let Some(l) = config.and_then(Lang::parse) {
            return l;
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = env(key) {
                let v = v.trim().to_string();
                if v.is_empty() || v == "C" || v == "POSIX" || v.starts_with("C.") {
                    continue;
                }
                return Lang::parse(&v).unwrap_or(Lang::Es);
            }
        }
        Lang::Es
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

/// Defines a catalogue: `catalog! { Key => ("español", "English"), ... }`
/// generates `pub enum Msg { Key, ... }` with `Msg::t(lang)` and `Msg::ALL`.
/// Keys are checked at compile time, so no entry can miss a language.
#[macro_export]
macro_rules! catalog {
    ($($key:ident => ($es:expr, $en:expr)),* $(,)?) => {
        /// A message of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// Every entry, for tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The text in the language.
            pub fn t(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, $crate::i18n::Lang::Es) => $es,
                      (Msg::$key, $crate::i18n::Lang::En) => $en,)*
                }
            }
        }
    };
}

/// Replaces `{name}` placeholders with the values given.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), &v.to_string());
    }
    out
}

/// The placeholders of a template, in order (for tests of the catalogues).
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out.sort();
    out
}

pub mod general {
    //! Words used across the interface.
    crate::catalog! {
        Yes => ("Sí", "Yes"),
        No => ("No", "No"),
        Ok => ("Aceptar", "OK"),
        Cancel => ("Cancelar", "Cancel"),
        Save => ("Guardar", "Save"),
        Back => ("Volver", "Back"),
        Quit => ("Salir", "Quit"),
        Help => ("Ayuda", "Help"),
        Search => ("Buscar", "Search"),
        Error => ("Error", "Error"),
        Warning => ("Atención", "Warning"),
        Month => ("Mes", "Month"),
        Date => ("Fecha", "Date"),
        Description => ("Descripción", "Description"),
        Reference => ("Referencia", "Reference"),
        Account => ("Cuenta", "Account"),
        Debit => ("Debe", "Debit"),
        Credit => ("Haber", "Credit"),
        Balance => ("Saldo", "Balance"),
        Total => ("Total", "Total"),
        Member => ("Socio", "Member"),
        Members => ("Socios", "Members"),
        Journal => ("Diario", "Journal"),
        Dashboard => ("Panel", "Dashboard"),
        ChartOfAccounts => ("Plan de cuentas", "Chart of accounts"),
        Settings => ("Configuración", "Settings"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_order() {
        let env = |k: &str| match k {
            "LANG" => Some("en_US.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(Lang::detect_with(Some("es"), Some("en"), env), Lang::Es);
        assert_eq!(Lang::detect_with(None, Some("es"), env), Lang::Es);
        assert_eq!(Lang::detect_with(None, None, env), Lang::En);
        assert_eq!(
            Lang::detect_with(None, None, |_| Some("C.UTF-8".to_string())),
            Lang::Es
        );
        assert_eq!(
            Lang::detect_with(None, None, |k| (k == "LC_ALL")
                .then(|| "es_EC.UTF-8".to_string())),
            Lang::Es
        );
        assert_eq!(
            Lang::detect_with(None, None, |k| (k == "LANG")
                .then(|| "fr_FR.UTF-8".to_string())),
            Lang::Es
        );
        assert_eq!(Lang::detect_with(Some("xx"), None, |_| None), Lang::Es);
    }

    #[test]
    fn parses_names() {
        assert_eq!(Lang::parse("es_EC.UTF-8"), Some(Lang::Es));
        assert_eq!(Lang::parse("English"), Some(Lang::En));
        assert_eq!(Lang::parse("español"), Some(Lang::Es));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{n} socios en {c}", &[("n", &3), ("c", &"Peguche")]),
            "3 socios en Peguche"
        );
        assert_eq!(
            placeholders("a {x} b {y}"),
            vec!["x".to_string(), "y".to_string()]
        );
    }

    #[test]
    fn general_catalogue_is_complete() {
        for m in general::Msg::ALL {
            assert!(
                !m.t(Lang::Es).is_empty() && !m.t(Lang::En).is_empty(),
                "{m:?}"
            );
            assert_eq!(
                placeholders(m.t(Lang::Es)),
                placeholders(m.t(Lang::En)),
                "{m:?}"
            );
        }
    }
}
