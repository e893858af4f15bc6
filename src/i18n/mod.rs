//! Languages and the message catalogue. Every string a user sees comes from a
//! catalogue entry (or a `message(lang)` of a typed error) in Spanish and English.
//!
//! The catalogue is the one `catalog! { ... }` in `catalog.rs`, which
//! generates [`Msg`]. Add entries there; the compiler refuses an entry without
//! both languages, and the tests refuse an empty text or placeholders that
//! differ between the two languages.

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
    /// Every language, in the order offered to the user.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The language `L` switches to: the one that is not this one.
    pub fn other(self) -> Lang {
        Lang::ALL.into_iter().find(|l| *l != self).unwrap_or(self)
    }

    /// Reads "es", "ES", "es_EC.UTF-8", "es-419", "spanish", "español",
    /// "castellano", "en", "en_US", "english", "inglés" ... `None` otherwise.
    pub fn parse(s: &str) -> Option<Lang> {
        let t = s.trim().to_lowercase();
        // The language part of a locale: what comes before `_`, `-`, `.`, `@`.
        let head: String = t
            .chars()
            .take_while(|c| !matches!(c, '_' | '-' | '.' | '@'))
            .collect();
        match head.as_str() {
            "es" | "spa" | "spanish" | "español" | "espanol" | "castellano" => Some(Lang::Es),
            "en" | "eng" | "english" | "inglés" | "ingles" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to use: the command line's, else the config file's, else
    /// the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set and
    /// not "C"/"POSIX"); Spanish when none of them says English.
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
            let Some(v) = env(key) else { continue };
            let v = v.trim();
            if v.is_empty() || is_neutral_locale(v) {
                continue;
            }
            // The first real locale decides; one we do not speak means Spanish.
            return Lang::parse(v).unwrap_or(Lang::Es);
        }
        Lang::Es
    }

    /// "es" or "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language's own name: "Español", "English".
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
        }
    }
}

impl Lang {
    /// The language of the texts ayni writes into a book (the descriptions
    /// of the entries it posts itself): the book is kept in Spanish, whatever
    /// language the user reads.
    pub const BOOK: Lang = Lang::Es;

    /// How a date is written: 31/01/2026 (es) or 2026-01-31 (en), as a
    /// `chrono` format.
    pub fn date_format(self) -> &'static str {
        match self {
            Lang::Es => "%d/%m/%Y",
            Lang::En => "%Y-%m-%d",
        }
    }

    /// One of two values the data carries in both languages (an account's
    /// Spanish and English names). Texts of the program are catalogue
    /// entries, not pairs picked here.
    pub fn pick<T>(self, es: T, en: T) -> T {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }

    /// The thousands separator and the decimal mark: `1.234,50` (es),
    /// `1,234.50` (en).
    pub fn number_marks(self) -> (char, char) {
        match self {
            Lang::Es => ('.', ','),
            Lang::En => (',', '.'),
        }
    }
}

/// "C", "POSIX", "C.UTF-8" ...: a locale that says nothing about language.
fn is_neutral_locale(v: &str) -> bool {
    let head = v.split(['.', '@']).next().unwrap_or(v);
    head == "C" || head == "POSIX"
}

/// Defines a catalogue: `catalog! { Key => ("español", "English"), ... }`
/// generates `pub enum Msg { Key, ... }` with `Msg::t(lang)`, `Msg::fill(lang,
/// args)` and `Msg::ALL`. Keys are checked at compile time, so no entry can
/// miss a language. Entries may carry doc comments.
#[macro_export]
macro_rules! catalog {
    ($($(#[$meta:meta])* $key:ident => ($es:expr, $en:expr)),* $(,)?) => {
        /// A message of the catalogue; [`Msg::t`] gives its text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($(#[$meta])* $key),* }

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

            /// The text in the language with its `{placeholders}` filled.
            pub fn fill(
                self,
                lang: $crate::i18n::Lang,
                args: &[(&str, &dyn ::std::fmt::Display)],
            ) -> String {
                $crate::i18n::fill(self.t(lang), args)
            }
        }
    };
}

/// Replaces `{name}` placeholders with the values given. A placeholder without
/// a value, and any other brace, is left as written. Values are inserted as
/// they are: a value containing `{x}` is not filled again.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name = after.find('}').map(|end| &after[..end]);
        match name.and_then(|n| args.iter().find(|(k, _)| *k == n).map(|(_, v)| (n, v))) {
            Some((n, v)) => {
                out.push_str(&v.to_string());
                rest = &after[n.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The distinct placeholders of a template, sorted (for tests of the catalogues).
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
    out.dedup();
    out
}

mod catalog;
pub mod labels;
pub use catalog::Msg;
pub use labels::Label;

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn detection_order() {
        let en = env_of(&[("LANG", "en_US.UTF-8")]);
        // The command line wins, then the configuration, then the locale.
        assert_eq!(Lang::detect_with(Some("es"), Some("en"), &en), Lang::Es);
        assert_eq!(
            Lang::detect_with(Some("en"), Some("es"), |_| None),
            Lang::En
        );
        assert_eq!(Lang::detect_with(None, Some("es"), &en), Lang::Es);
        assert_eq!(Lang::detect_with(None, None, &en), Lang::En);
        // Unreadable values fall through to the next source.
        assert_eq!(
            Lang::detect_with(Some("xx"), Some("klingon"), &en),
            Lang::En
        );
        assert_eq!(Lang::detect_with(Some("xx"), None, |_| None), Lang::Es);
        // Nothing at all: Spanish.
        assert_eq!(Lang::detect_with(None, None, |_| None), Lang::Es);
    }

    #[test]
    fn detection_reads_the_locale_variables_in_order() {
        let all = env_of(&[
            ("LC_ALL", "es_EC.UTF-8"),
            ("LC_MESSAGES", "en_US.UTF-8"),
            ("LANG", "en_US.UTF-8"),
        ]);
        assert_eq!(Lang::detect_with(None, None, all), Lang::Es);
        let messages = env_of(&[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "es_EC.UTF-8")]);
        assert_eq!(Lang::detect_with(None, None, messages), Lang::En);
        // Empty, "C" and "POSIX" say nothing: the next variable decides.
        let skip = env_of(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "C"),
            ("LANG", "en_US.UTF-8"),
        ]);
        assert_eq!(Lang::detect_with(None, None, skip), Lang::En);
        let posix = env_of(&[("LC_ALL", "POSIX"), ("LANG", "C.UTF-8")]);
        assert_eq!(Lang::detect_with(None, None, posix), Lang::Es);
        // A language we do not speak: Spanish, even if a later variable is English.
        let french = env_of(&[("LC_ALL", "fr_FR.UTF-8"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(Lang::detect_with(None, None, french), Lang::Es);
    }

    #[test]
    fn parses_names() {
        for s in [
            "es",
            "ES",
            " es ",
            "es_EC",
            "es_EC.UTF-8",
            "es-419",
            "es_ES@euro",
            "spanish",
            "Español",
            "espanol",
            "castellano",
        ] {
            assert_eq!(Lang::parse(s), Some(Lang::Es), "{s}");
        }
        for s in [
            "en",
            "EN",
            "en_US",
            "en_GB.UTF-8",
            "en-US",
            "english",
            "English",
            "inglés",
            "ingles",
        ] {
            assert_eq!(Lang::parse(s), Some(Lang::En), "{s}");
        }
        for s in ["", "de", "fr_FR.UTF-8", "C", "POSIX", "esperanto", "enx"] {
            assert_eq!(Lang::parse(s), None, "{s}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(Lang::parse(l.native_name()), Some(l));
        }
        assert_eq!(Lang::default(), Lang::Es);
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{n} socios en {c}", &[("n", &3), ("c", &"Peguche")]),
            "3 socios en Peguche"
        );
        assert_eq!(fill("{a} y {a}", &[("a", &1)]), "1 y 1");
        // Unknown placeholders and stray braces stay as written.
        assert_eq!(fill("{x} {n} {", &[("n", &2)]), "{x} 2 {");
        assert_eq!(fill("sin nada", &[]), "sin nada");
        // A value is not filled again.
        assert_eq!(fill("{a}{b}", &[("a", &"{b}"), ("b", &"B")]), "{b}B");
        assert_eq!(fill("ñ{a}ñ", &[("a", &"é")]), "ñéñ");
        assert_eq!(Msg::Total.fill(Lang::En, &[]), "Total");
    }

    #[test]
    fn lists_placeholders() {
        assert_eq!(
            placeholders("a {y} b {x} {y}"),
            vec!["x".to_string(), "y".to_string()]
        );
        assert!(placeholders("none").is_empty());
    }

    #[test]
    fn catalogue_is_complete() {
        assert!(!Msg::ALL.is_empty());
        for m in Msg::ALL {
            let (es, en) = (m.t(Lang::Es), m.t(Lang::En));
            assert!(!es.trim().is_empty(), "{m:?} has no Spanish text");
            assert!(!en.trim().is_empty(), "{m:?} has no English text");
            assert_eq!(
                placeholders(es),
                placeholders(en),
                "{m:?}: the placeholders differ between Spanish and English"
            );
        }
    }

    #[test]
    fn catalogue_texts() {
        assert_eq!(Msg::Yes.t(Lang::Es), "Sí");
        assert_eq!(Msg::ChartOfAccounts.t(Lang::En), "Chart of accounts");
        assert_eq!(Msg::Debit.t(Lang::Es), "Debe");
    }
}
