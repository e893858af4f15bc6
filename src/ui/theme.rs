//! Colour themes from `themes/*.toml`: built in, overridable by files in the
//! user's config folder (`<config>/themes/<name>.toml`). Styles are named by
//! meaning, never by colour.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

use crate::i18n::Lang;

const BUILTIN: [(&str, &str); 3] = [
    ("oscuro", include_str!("../../themes/oscuro.toml")),
    ("claro", include_str!("../../themes/claro.toml")),
    ("proyector", include_str!("../../themes/proyector.toml")),
];

/// Why a theme cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme '{name}' (available: {available})")]
    Unknown { name: String, available: String },
    #[error("{file}: line {line}: {detail}")]
    Malformed {
        file: String,
        line: usize,
        detail: String,
    },
    #[error("{file}: style '{style}': '{value}' is not a colour")]
    BadColour {
        file: String,
        style: String,
        value: String,
    },
}

impl ThemeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ThemeError::Unknown { name, available }, Lang::Es) => {
                format!("No existe el tema «{name}» (disponibles: {available}).")
            }
            (ThemeError::Unknown { name, available }, Lang::En) => {
                format!("There is no theme '{name}' (available: {available}).")
            }
            (ThemeError::Malformed { file, line, detail }, Lang::Es) => {
                format!("El archivo de tema {file} tiene un error en la línea {line}: {detail}")
            }
            (ThemeError::Malformed { file, line, detail }, Lang::En) => {
                format!("The theme file {file} has an error on line {line}: {detail}")
            }
            (ThemeError::BadColour { file, style, value }, Lang::Es) => format!(
                "En {file}, el estilo «{style}»: «{value}» no es un color (use #rrggbb o un nombre)."
            ),
            (ThemeError::BadColour { file, style, value }, Lang::En) => format!(
                "In {file}, style '{style}': '{value}' is not a colour (use #rrggbb or a name)."
            ),
        }
    }
}

/// One style as written in a theme file, before resolution.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Def {
    fg: Option<String>,
    bg: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reversed: Option<bool>,
}

impl Def {
    fn merge(&mut self, o: &Def) {
        if o.fg.is_some() {
            self.fg.clone_from(&o.fg);
        }
        if o.bg.is_some() {
            self.bg.clone_from(&o.bg);
        }
        self.bold = o.bold.or(self.bold);
        self.italic = o.italic.or(self.italic);
        self.underline = o.underline.or(self.underline);
        self.reversed = o.reversed.or(self.reversed);
    }
}

macro_rules! roles {
    ($($field:ident),* $(,)?) => {
        /// The styles of a theme, by meaning.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Theme {
            pub name: String,
            pub description: String,
            $(pub $field: Style,)*
            /// (fg, bg) RGB of each style, bg falling back to `base`'s: for contrast checks.
            pub colours: BTreeMap<&'static str, (Option<(u8, u8, u8)>, Option<(u8, u8, u8)>)>,
        }

        /// Every style name a theme defines.
        pub const ROLES: &[&str] = &[$(stringify!($field)),*];

        fn build(name: String, description: String, defs: &BTreeMap<String, Def>, file: &str) -> Result<Theme, ThemeError> {
            let base_bg = defs.get("base").and_then(|d| d.bg.clone());
            let mut colours = BTreeMap::new();
            $(
                let d = defs.get(stringify!($field)).cloned().unwrap_or_default();
                let $field = resolve(&d, stringify!($field), file)?;
                let fg = d.fg.as_deref().and_then(rgb);
                let bg = d.bg.as_deref().or(base_bg.as_deref()).and_then(rgb);
                colours.insert(stringify!($field), (fg, bg));
            )*
            Ok(Theme { name, description, $($field,)* colours })
        }
    };
}

roles!(
    base,
    muted,
    title,
    border,
    border_focus,
    selected,
    header,
    amount_positive,
    amount_negative,
    debit,
    credit,
    overdue,
    ok,
    warning,
    error,
    info,
    key_hint,
    input,
    input_invalid,
    practice_banner,
    tab_active,
    tab_inactive,
);

/// `#rrggbb` to RGB.
fn rgb(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

fn colour(s: &str) -> Option<Color> {
    if let Some((r, g, b)) = rgb(s) {
        return Some(Color::Rgb(r, g, b));
    }
    Some(match s.to_lowercase().as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "white" => Color::White,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        _ => return None,
    })
}

fn resolve(d: &Def, style: &str, file: &str) -> Result<Style, ThemeError> {
    let mut s = Style::default();
    let col = |v: &String| {
        colour(v).ok_or_else(|| ThemeError::BadColour {
            file: file.to_string(),
            style: style.to_string(),
            value: v.clone(),
        })
    };
    if let Some(fg) = &d.fg {
        s = s.fg(col(fg)?);
    }
    if let Some(bg) = &d.bg {
        s = s.bg(col(bg)?);
    }
    for (on, m) in [
        (d.bold, Modifier::BOLD),
        (d.italic, Modifier::ITALIC),
        (d.underline, Modifier::UNDERLINED),
        (d.reversed, Modifier::REVERSED),
    ] {
        if on == Some(true) {
            s = s.add_modifier(m);
        }
    }
    Ok(s)
}

/// Parses a theme file into (name, description, styles).
fn parse(
    text: &str,
    file: &str,
) -> Result<(Option<String>, Option<String>, BTreeMap<String, Def>), ThemeError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
            .unwrap_or(1);
        ThemeError::Malformed {
            file: file.to_string(),
            line,
            detail: e.message().to_string(),
        }
    })?;
    let mut defs = BTreeMap::new();
    let mut name = None;
    let mut description = None;
    for (k, v) in table {
        match (k.as_str(), v) {
            ("name", toml::Value::String(s)) => name = Some(s),
            ("description", toml::Value::String(s)) => description = Some(s),
            (_, toml::Value::Table(t)) => {
                let s = |key: &str| t.get(key).and_then(|v| v.as_str()).map(str::to_string);
                let b = |key: &str| t.get(key).and_then(|v| v.as_bool());
                defs.insert(
                    k.clone(),
                    Def {
                        fg: s("fg"),
                        bg: s("bg"),
                        bold: b("bold"),
                        italic: b("italic"),
                        underline: b("underline"),
                        reversed: b("reversed"),
                    },
                );
            }
            (other, _) => {
                return Err(ThemeError::Malformed {
                    file: file.to_string(),
                    line: 1,
                    detail: format!("unexpected key '{other}'"),
                });
            }
        }
    }
    Ok((name, description, defs))
}

fn user_file(config_dir: Option<&Path>, name: &str) -> Option<PathBuf> {
    let p = config_dir?.join("themes").join(format!("{name}.toml"));
    p.is_file().then_some(p)
}

impl Theme {
    /// A built-in theme.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        let (n, d, defs) = parse(text, name).ok()?;
        build(
            n.unwrap_or_else(|| name.to_string()),
            d.unwrap_or_default(),
            &defs,
            name,
        )
        .ok()
    }

    /// The default theme (`oscuro`).
    pub fn default_theme() -> Theme {
        // The built-in files are part of the binary and tested to parse; the
        // fallback is never reached but keeps this function total.
        Theme::builtin("oscuro").unwrap_or_else(|| Theme::plain())
    }

    /// A theme with no colours (terminal defaults), the last resort.
    pub fn plain() -> Theme {
        build("plain".into(), String::new(), &BTreeMap::new(), "plain")
            .unwrap_or_else(|_| unreachable_theme())
    }

    /// Loads `name`: the user's file overrides or adds to the built-in of the
    /// same name (styles it does not give fall back to that built-in, or to `oscuro`).
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let builtin = BUILTIN.iter().find(|(n, _)| *n == name);
        let user = user_file(config_dir, name);
        if builtin.is_none() && user.is_none() {
            return Err(ThemeError::Unknown {
                name: name.to_string(),
                available: Theme::available(config_dir).join(", "),
            });
        }
        let fallback = builtin.map(|b| b.1).unwrap_or(BUILTIN[0].1);
        let (bn, bd, mut defs) = parse(fallback, name)?;
        let (mut title, mut desc) = (bn, bd);
        let mut file = name.to_string();
        if let Some(path) = user {
            file = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| ThemeError::Malformed {
                file: file.clone(),
                line: 1,
                detail: e.to_string(),
            })?;
            let (un, ud, udefs) = parse(&text, &file)?;
            for (k, v) in udefs {
                defs.entry(k).or_default().merge(&v);
            }
            title = un.or(title);
            desc = ud.or(desc);
        }
        build(
            title.unwrap_or_else(|| name.to_string()),
            desc.unwrap_or_default(),
            &defs,
            &file,
        )
    }

    /// Names of the themes available: built-ins and the user's files.
    pub fn available(config_dir: Option<&Path>) -> Vec<String> {
        let mut v: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        if let Some(dir) = config_dir
            && let Ok(rd) = std::fs::read_dir(dir.join("themes"))
        {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml")
                    && let Some(stem) = p.file_stem().map(|s| s.to_string_lossy().into_owned())
                    && !v.contains(&stem)
                {
                    v.push(stem);
                }
            }
        }
        v
    }
}

fn unreachable_theme() -> Theme {
    let s = Style::default();
    Theme {
        name: "plain".into(),
        description: String::new(),
        base: s,
        muted: s,
        title: s,
        border: s,
        border_focus: s,
        selected: s.add_modifier(Modifier::REVERSED),
        header: s,
        amount_positive: s,
        amount_negative: s,
        debit: s,
        credit: s,
        overdue: s,
        ok: s,
        warning: s,
        error: s,
        info: s,
        key_hint: s.add_modifier(Modifier::REVERSED),
        input: s,
        input_invalid: s,
        practice_banner: s.add_modifier(Modifier::REVERSED),
        tab_active: s.add_modifier(Modifier::REVERSED),
        tab_inactive: s,
        colours: BTreeMap::new(),
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio between two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min_contrast(t: &Theme, role: &str) -> f64 {
        let (fg, bg) = t.colours.get(role).copied().unwrap_or((None, None));
        let base_fg = t.colours.get("base").and_then(|c| c.0);
        match (fg.or(base_fg), bg) {
            (Some(f), Some(b)) => contrast(f, b),
            _ => 0.0,
        }
    }

    #[test]
    fn builtins_parse_with_every_style() {
        for name in ["oscuro", "claro", "proyector"] {
            let t = Theme::load(name, None).expect("built-in loads");
            assert_eq!(t.name, name);
            for role in ROLES {
                assert!(t.colours.contains_key(role), "{name} lacks {role}");
                let (fg, bg) = t.colours[role];
                assert!(
                    fg.is_some() || *role == "base",
                    "{name}.{role} has no foreground"
                );
                assert!(bg.is_some(), "{name}.{role} has no background");
            }
        }
    }

    /// WCAG AA (4.5:1) for every text/background pair of `proyector`; the
    /// everyday themes too, with 3:1 for decoration (borders, muted text).
    #[test]
    fn contrast_meets_wcag_aa() {
        let t = Theme::load("proyector", None).expect("proyector");
        for role in ROLES {
            let c = min_contrast(&t, role);
            assert!(c >= 7.0, "proyector.{role}: {c:.2}:1 is below 7:1");
        }
        for name in ["oscuro", "claro"] {
            let t = Theme::load(name, None).expect("theme");
            for role in ROLES {
                let need = if matches!(*role, "muted" | "border" | "tab_inactive") {
                    3.0
                } else {
                    4.5
                };
                let c = min_contrast(&t, role);
                assert!(c >= need, "{name}.{role}: {c:.2}:1 is below {need}:1");
            }
        }
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn user_files_override_and_errors_name_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("themes")).expect("mkdir");
        std::fs::write(
            dir.path().join("themes/oscuro.toml"),
            "[selected]\nbg = \"#ff0000\"\n",
        )
        .expect("write");
        let t = Theme::load("oscuro", Some(dir.path())).expect("merged");
        assert_eq!(t.selected.bg, Some(Color::Rgb(255, 0, 0)));
        assert_eq!(
            t.title,
            Theme::builtin("oscuro").expect("builtin").title,
            "the rest is the built-in"
        );
        std::fs::write(
            dir.path().join("themes/mio.toml"),
            "name = \"mio\"\n[base]\nfg = \"white\"\nbg = \"black\"\n",
        )
        .expect("write");
        assert!(Theme::available(Some(dir.path())).contains(&"mio".to_string()));
        assert!(Theme::load("mio", Some(dir.path())).is_ok());
        std::fs::write(dir.path().join("themes/roto.toml"), "[base]\nfg = \n").expect("write");
        let e = Theme::load("roto", Some(dir.path())).expect_err("broken");
        assert!(
            matches!(&e, ThemeError::Malformed { file, line: 2, .. } if file.contains("roto.toml")),
            "{e:?}"
        );
        std::fs::write(
            dir.path().join("themes/malo.toml"),
            "[base]\nfg = \"rosado\"\n",
        )
        .expect("write");
        assert!(matches!(
            Theme::load("malo", Some(dir.path())),
            Err(ThemeError::BadColour { .. })
        ));
        let e = Theme::load("nada", None).expect_err("unknown");
        assert!(e.message(Lang::Es).contains("oscuro, claro, proyector"));
    }
}
