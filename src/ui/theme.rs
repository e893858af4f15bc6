//! Colour themes. Styles are named by meaning (`title`, `debit`, `overdue`
//! ...), never by colour. Three themes are built in (`oscuro`, the default;
//! `claro`; `proyector`, high contrast for classroom projectors), embedded from
//! `themes/*.toml`. A file `<config_dir>/themes/<name>.toml` changes a
//! built-in theme or adds a new one; it may give only some styles, or only
//! some fields of a style: the rest come from the built-in theme of the same
//! name, or from `oscuro`.

use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::i18n::{Lang, Msg};

/// The built-in themes, the default first.
pub const BUILTIN_NAMES: [&str; 3] = ["oscuro", "claro", "proyector"];

/// The default theme.
pub const DEFAULT_THEME: &str = "oscuro";

const OSCURO: &str = include_str!("../../themes/oscuro.toml");
const CLARO: &str = include_str!("../../themes/claro.toml");
const PROYECTOR: &str = include_str!("../../themes/proyector.toml");

/// The canonical built-in name and the embedded text of a built-in theme,
/// accepting English aliases ("default", "dark", "light", "projector").
fn builtin_source(name: &str) -> Option<(&'static str, &'static str)> {
    match name.trim().to_lowercase().as_str() {
        "oscuro" | "dark" | "default" | "predeterminado" => Some(("oscuro", OSCURO)),
        "claro" | "light" => Some(("claro", CLARO)),
        "proyector" | "projector" | "high-contrast" | "alto-contraste" | "contraste" => {
            Some(("proyector", PROYECTOR))
        }
        _ => None,
    }
}

/// A colour of a theme: what ratatui draws, and its sRGB value when known
/// (`None` for "reset", the terminal's own colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeColor {
    pub color: Color,
    pub rgb: Option<[u8; 3]>,
}

impl ThemeColor {
    /// Reads "#rrggbb", "#rgb" or a name (black, red, green, yellow, blue,
    /// magenta, cyan, gray, darkgray, lightred, lightgreen, lightyellow,
    /// lightblue, lightmagenta, lightcyan, white, reset). Named colours are
    /// the terminal's; their `rgb` is the usual xterm value.
    pub fn parse(s: &str) -> Option<ThemeColor> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix('#') {
            return parse_hex(hex).map(|[r, g, b]| ThemeColor {
                color: Color::Rgb(r, g, b),
                rgb: Some([r, g, b]),
            });
        }
        let name: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect::<String>()
            .to_lowercase()
            .replace("grey", "gray");
        let (color, rgb) = match name.as_str() {
            "reset" | "default" => {
                return Some(ThemeColor {
                    color: Color::Reset,
                    rgb: None,
                });
            }
            "black" => (Color::Black, [0, 0, 0]),
            "red" => (Color::Red, [205, 0, 0]),
            "green" => (Color::Green, [0, 205, 0]),
            "yellow" => (Color::Yellow, [205, 205, 0]),
            "blue" => (Color::Blue, [0, 0, 238]),
            "magenta" => (Color::Magenta, [205, 0, 205]),
            "cyan" => (Color::Cyan, [0, 205, 205]),
            "gray" | "lightgray" => (Color::Gray, [229, 229, 229]),
            "darkgray" => (Color::DarkGray, [127, 127, 127]),
            "lightred" => (Color::LightRed, [255, 0, 0]),
            "lightgreen" => (Color::LightGreen, [0, 255, 0]),
            "lightyellow" => (Color::LightYellow, [255, 255, 0]),
            "lightblue" => (Color::LightBlue, [92, 92, 255]),
            "lightmagenta" => (Color::LightMagenta, [255, 0, 255]),
            "lightcyan" => (Color::LightCyan, [0, 255, 255]),
            "white" => (Color::White, [255, 255, 255]),
            _ => return None,
        };
        Some(ThemeColor {
            color,
            rgb: Some(rgb),
        })
    }
}

/// "rrggbb" or "rgb" (without '#').
fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    // ASCII hex digits only from here, so byte slicing is on characters.
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some([
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        ]),
        3 => {
            let mut out = [0u8; 3];
            for (slot, i) in out.iter_mut().zip(0..3) {
                // 0..=15 times 17 is at most 255.
                *slot = channel(&hex[i..i + 1])? * 17;
            }
            Some(out)
        }
        _ => None,
    }
}

/// The settings of one style: colours and text attributes. `None` means "not
/// set here": the colour underneath (the base background, the terminal's
/// colour) shows through, and no attribute is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyleSpec {
    fg: Option<ThemeColor>,
    bg: Option<ThemeColor>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reversed: Option<bool>,
}

impl StyleSpec {
    /// The ratatui style.
    pub fn style(&self) -> Style {
        let mut s = Style::new();
        if let Some(c) = self.fg {
            s = s.fg(c.color);
        }
        if let Some(c) = self.bg {
            s = s.bg(c.color);
        }
        for (on, m) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underline, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on == Some(true) {
                s = s.add_modifier(m);
            }
        }
        s
    }

    /// Takes every field the file sets.
    fn apply(&mut self, style: &'static str, raw: &RawStyle) -> Result<(), BadColour> {
        let colour = |field: &Option<Spanned<String>>| -> Result<Option<ThemeColor>, BadColour> {
            match field {
                None => Ok(None),
                Some(v) => ThemeColor::parse(v.get_ref())
                    .map(Some)
                    .ok_or_else(|| BadColour {
                        style,
                        value: v.get_ref().clone(),
                        offset: v.span().start,
                    }),
            }
        };
        if let Some(c) = colour(&raw.fg)? {
            self.fg = Some(c);
        }
        if let Some(c) = colour(&raw.bg)? {
            self.bg = Some(c);
        }
        for (mine, theirs) in [
            (&mut self.bold, raw.bold),
            (&mut self.italic, raw.italic),
            (&mut self.underline, raw.underline),
            (&mut self.reversed, raw.reversed),
        ] {
            if theirs.is_some() {
                *mine = theirs;
            }
        }
        Ok(())
    }
}

/// One style as written in a file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reversed: Option<bool>,
}

/// A colour a file gives that is not one.
struct BadColour {
    style: &'static str,
    value: String,
    offset: usize,
}

macro_rules! theme_styles {
    ($($(#[$doc:meta])* $field:ident),* $(,)?) => {
        /// The names of the styles, as written in theme files.
        pub const STYLE_NAMES: &[&str] = &[$(stringify!($field)),*];

        /// A theme file as written.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawTheme {
            #[allow(dead_code)] // Read for completeness; the file's name decides.
            name: Option<String>,
            description: Option<String>,
            $($field: Option<RawStyle>,)*
        }

        /// The settings of every style of a theme (its colours, for checks
        /// such as contrast).
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct StyleSpecs {
            $($(#[$doc])* pub $field: StyleSpec,)*
        }

        impl StyleSpecs {
            /// Every style with its name, in [`STYLE_NAMES`] order.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, &StyleSpec)> {
                [$((stringify!($field), &self.$field)),*].into_iter()
            }

            /// The style of that name.
            pub fn get(&self, name: &str) -> Option<&StyleSpec> {
                match name {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }

            /// Takes every field the file sets.
            fn apply(&mut self, raw: &RawTheme) -> Result<(), BadColour> {
                $(if let Some(r) = &raw.$field {
                    self.$field.apply(stringify!($field), r)?;
                })*
                Ok(())
            }
        }

        /// A colour theme: one ratatui style per meaning.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            /// The name it was loaded by ("oscuro", or a user's file name).
            pub name: String,
            pub description: String,
            $($(#[$doc])* pub $field: Style,)*
            /// What the styles were made from.
            pub specs: StyleSpecs,
        }

        impl Theme {
            fn from_specs(name: String, description: String, specs: StyleSpecs) -> Theme {
                Theme {
                    name,
                    description,
                    $($field: specs.$field.style(),)*
                    specs,
                }
            }
        }
    };
}

theme_styles! {
    /// Normal text and the background of the whole screen.
    base,
    /// Secondary text: hints, units, disabled things.
    muted,
    /// Titles of screens and panels.
    title,
    /// Borders of panels that do not have the focus.
    border,
    /// The border of the panel with the focus.
    border_focus,
    /// The selected row or item.
    selected,
    /// Table headers.
    header,
    /// Amounts above zero (a surplus, money in).
    amount_positive,
    /// Amounts below zero (a deficit, money out).
    amount_negative,
    /// The debit column.
    debit,
    /// The credit column.
    credit,
    /// Overdue dues and loans.
    overdue,
    /// Things that are fine (the books balance, paid up).
    ok,
    /// Things to look at.
    warning,
    /// Errors.
    error,
    /// Information.
    info,
    /// Key labels in the footer.
    key_hint,
    /// A text field being edited.
    input,
    /// A text field whose content is not valid.
    input_invalid,
    /// The banner of practice mode (a book for learning).
    practice_banner,
    /// The active tab.
    tab_active,
    /// The other tabs.
    tab_inactive,
}

/// Why a theme could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme '{name}'; available: {}", available.join(", "))]
    Unknown {
        name: String,
        available: Vec<String>,
    },
    #[error("'{0}' is not a theme name (letters, digits, '-' and '_' only)")]
    BadName(String),
    #[error("cannot read the theme file {}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the theme file {}{} is malformed: {detail}", file.display(), Location(*line, *column))]
    Malformed {
        file: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        detail: String,
    },
    #[error(
        "the theme file {}{}: '{value}' (style {style}) is not a colour; use \"#rrggbb\" or a name such as \"white\"",
        file.display(), Location(Some(*line), Some(*column))
    )]
    BadColour {
        file: PathBuf,
        line: usize,
        column: usize,
        style: String,
        value: String,
    },
}

/// ", line L, column C" in English.
struct Location(Option<usize>, Option<usize>);

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(l), Some(c)) => write!(f, ", line {l}, column {c}"),
            (Some(l), None) => write!(f, ", line {l}"),
            _ => Ok(()),
        }
    }
}

impl ThemeError {
    /// A sentence for the user saying what is wrong.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ThemeError::Unknown { name, available } => Msg::UiThemeUnknown.fill(
                lang,
                &[("name", name), ("available", &available.join(", "))],
            ),
            ThemeError::BadName(n) => Msg::UiThemeBadName.fill(lang, &[("name", n)]),
            ThemeError::Unreadable { file, source } => {
                Msg::UiThemeUnreadable.fill(lang, &[("file", &file.display()), ("source", source)])
            }
            ThemeError::Malformed {
                file,
                line,
                column,
                detail,
            } => {
                let at = match (line, column) {
                    (Some(l), Some(c)) => {
                        Msg::UiThemeAtLineColumn.fill(lang, &[("line", l), ("column", c)])
                    }
                    (Some(l), None) => Msg::UiThemeAtLine.fill(lang, &[("line", l)]),
                    _ => String::new(),
                };
                Msg::UiThemeMalformed.fill(
                    lang,
                    &[("file", &file.display()), ("at", &at), ("detail", detail)],
                )
            }
            ThemeError::BadColour {
                file,
                line,
                column,
                style,
                value,
            } => Msg::UiThemeBadColour.fill(
                lang,
                &[
                    ("file", &file.display()),
                    ("line", line),
                    ("column", column),
                    ("style", style),
                    ("value", value),
                ],
            ),
        }
    }
}

/// The 1-based line and column of a byte offset in `text`.
fn line_column(text: &str, offset: usize) -> Option<(usize, usize)> {
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// Parses a theme file over the styles `specs` already has.
fn parse_over(
    text: &str,
    file: &Path,
    specs: &mut StyleSpecs,
) -> Result<Option<String>, ThemeError> {
    let raw: RawTheme = toml::from_str(text).map_err(|e| {
        let at = e.span().and_then(|s| line_column(text, s.start));
        ThemeError::Malformed {
            file: file.to_path_buf(),
            line: at.map(|(l, _)| l),
            column: at.map(|(_, c)| c),
            detail: e.message().trim().to_string(),
        }
    })?;
    specs.apply(&raw).map_err(|b| {
        let (line, column) = line_column(text, b.offset).unwrap_or((1, 1));
        ThemeError::BadColour {
            file: file.to_path_buf(),
            line,
            column,
            style: b.style.to_string(),
            value: b.value,
        }
    })?;
    Ok(raw.description)
}

/// Whether a name can be a theme file's name (no paths, nothing hidden).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The relative luminance of an sRGB colour, as WCAG 2.x defines it.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// The WCAG 2.x contrast ratio of two colours, from 1 to 21.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

impl Theme {
    /// A built-in theme ("oscuro", "claro", "proyector"; also "default",
    /// "dark", "light", "projector").
    pub fn builtin(name: &str) -> Option<Theme> {
        let (canonical, text) = builtin_source(name)?;
        let mut specs = StyleSpecs::default();
        let file = PathBuf::from(format!("themes/{canonical}.toml"));
        // The built-in files are tested to parse (`builtins_parse_with_every_style`).
        let description = parse_over(text, &file, &mut specs).ok()?;
        Some(Theme::from_specs(
            canonical.to_string(),
            description.unwrap_or_default(),
            specs,
        ))
    }

    /// The theme of that name: `<config_dir>/themes/<name>.toml` when it
    /// exists (over the built-in theme of the same name, or `oscuro`), else
    /// the built-in theme.
    pub fn load(name: &str, config_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let name = name.trim();
        if !valid_name(name) {
            return Err(ThemeError::BadName(name.to_string()));
        }
        if let Some(dir) = config_dir {
            let file = dir.join("themes").join(format!("{name}.toml"));
            match std::fs::read_to_string(&file) {
                Ok(text) => return Theme::from_user_file(name, &text, &file),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(ThemeError::Unreadable { file, source }),
            }
        }
        Theme::builtin(name).ok_or_else(|| ThemeError::Unknown {
            name: name.to_string(),
            available: Theme::available(config_dir),
        })
    }

    /// [`Theme::load`], or the default theme when `name` is `None` or cannot
    /// be loaded; the error is returned to be shown as a warning.
    pub fn load_or_default(
        name: Option<&str>,
        config_dir: Option<&Path>,
    ) -> (Theme, Option<ThemeError>) {
        match Theme::load(name.unwrap_or(DEFAULT_THEME), config_dir) {
            Ok(t) => (t, None),
            Err(e) => (Theme::default(), Some(e)),
        }
    }

    fn from_user_file(name: &str, text: &str, file: &Path) -> Result<Theme, ThemeError> {
        let base = Theme::builtin(name)
            .or_else(|| Theme::builtin(DEFAULT_THEME))
            .unwrap_or_else(Theme::plain);
        let same = builtin_source(name).is_some();
        let mut specs = base.specs;
        let description = parse_over(text, file, &mut specs)?;
        let description = match description {
            Some(d) => d,
            None if same => base.description,
            None => name.to_string(),
        };
        Ok(Theme::from_specs(name.to_string(), description, specs))
    }

    /// The names of the themes: the built-in ones, then those of the files
    /// in `<config_dir>/themes/`, sorted.
    pub fn available(config_dir: Option<&Path>) -> Vec<String> {
        let mut out: Vec<String> = BUILTIN_NAMES.iter().map(|n| n.to_string()).collect();
        let mut extra: Vec<String> = config_dir
            .and_then(|d| std::fs::read_dir(d.join("themes")).ok())
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                if path.extension()? != "toml" {
                    return None;
                }
                let stem = path.file_stem()?.to_str()?.to_string();
                valid_name(&stem).then_some(stem)
            })
            .filter(|n| !out.contains(n))
            .collect();
        extra.sort();
        extra.dedup();
        out.extend(extra);
        out
    }

    /// A theme without colours: the terminal's own, with bold, underline
    /// and reverse video for meaning. For `NO_COLOR`, and the last resort.
    pub fn plain() -> Theme {
        let on = Some(true);
        let plain = StyleSpec::default();
        let bold = StyleSpec { bold: on, ..plain };
        let reversed = StyleSpec {
            reversed: on,
            ..plain
        };
        let strong_reversed = StyleSpec {
            bold: on,
            reversed: on,
            ..plain
        };
        let specs = StyleSpecs {
            base: plain,
            muted: StyleSpec {
                italic: on,
                ..plain
            },
            title: bold,
            border: plain,
            border_focus: bold,
            selected: strong_reversed,
            header: StyleSpec {
                bold: on,
                underline: on,
                ..plain
            },
            amount_positive: plain,
            amount_negative: bold,
            debit: plain,
            credit: plain,
            overdue: bold,
            ok: plain,
            warning: bold,
            error: strong_reversed,
            info: plain,
            key_hint: reversed,
            input: StyleSpec {
                underline: on,
                ..plain
            },
            input_invalid: strong_reversed,
            practice_banner: strong_reversed,
            tab_active: strong_reversed,
            tab_inactive: plain,
        };
        Theme::from_specs(
            "plain".to_string(),
            "Sin colores / No colours".to_string(),
            specs,
        )
    }

    /// The WCAG contrast ratio of a style's text against its background
    /// (the base background when it has none; the base text colour when it
    /// has no colour of its own). `None` for an unknown style or when a
    /// colour is the terminal's own ("reset", or not set).
    pub fn contrast(&self, style: &str) -> Option<f64> {
        let s = self.specs.get(style)?;
        let base = &self.specs.base;
        let fg = s.fg.or(base.fg)?.rgb?;
        let bg = s.bg.or(base.bg)?.rgb?;
        // Reverse video swaps the colours, which leaves the ratio as it is.
        Some(contrast_ratio(fg, bg))
    }

    /// [`Theme::contrast`] of every style.
    pub fn contrasts(&self) -> Vec<(&'static str, Option<f64>)> {
        STYLE_NAMES.iter().map(|&n| (n, self.contrast(n))).collect()
    }
}

/// `oscuro`.
impl Default for Theme {
    fn default() -> Theme {
        Theme::builtin(DEFAULT_THEME).unwrap_or_else(Theme::plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_theme(dir: &Path, name: &str, text: &str) -> PathBuf {
        let themes = dir.join("themes");
        std::fs::create_dir_all(&themes).expect("create themes dir");
        let file = themes.join(format!("{name}.toml"));
        std::fs::write(&file, text).expect("write theme");
        file
    }

    #[test]
    fn builtins_parse_with_every_style() {
        for name in BUILTIN_NAMES {
            let (_, text) = builtin_source(name).expect("builtin");
            // Every style is written out, with a text colour, in each file.
            let table: toml::Table = toml::from_str(text).expect("toml");
            assert_eq!(table.get("name").and_then(|v| v.as_str()), Some(name));
            assert!(table.get("description").is_some_and(|v| v.is_str()));
            for style in STYLE_NAMES {
                let t = table
                    .get(*style)
                    .and_then(|v| v.as_table())
                    .unwrap_or_else(|| panic!("{name}: style {style} missing"));
                assert!(t.contains_key("fg"), "{name}: {style} has no fg");
            }
            let theme = Theme::builtin(name).expect("parses");
            assert_eq!(theme.name, name);
            assert!(!theme.description.is_empty());
            for (style, spec) in theme.specs.iter() {
                assert!(spec.fg.and_then(|c| c.rgb).is_some(), "{name}: {style}");
            }
            assert!(theme.base.bg.is_some(), "{name}: base has a background");
            assert_eq!(theme.specs.iter().count(), STYLE_NAMES.len());
        }
    }

    #[test]
    fn styles_carry_the_attributes() {
        let t = Theme::builtin("oscuro").expect("oscuro");
        assert_eq!(t.title.fg, Some(Color::Rgb(0x7c, 0xc7, 0xff)));
        assert!(t.title.add_modifier.contains(Modifier::BOLD));
        assert_eq!(t.muted.bg, None, "no background of its own");
        assert!(
            Theme::builtin("proyector")
                .expect("proyector")
                .header
                .add_modifier
                .contains(Modifier::UNDERLINED)
        );
        assert_eq!(Theme::default(), t);
    }

    #[test]
    fn aliases_and_case() {
        assert_eq!(
            Theme::builtin("default").map(|t| t.name),
            Some("oscuro".into())
        );
        assert_eq!(
            Theme::builtin("light").map(|t| t.name),
            Some("claro".into())
        );
        assert_eq!(
            Theme::builtin("Proyector").map(|t| t.name),
            Some("proyector".into())
        );
        assert_eq!(
            Theme::builtin("projector").map(|t| t.name),
            Some("proyector".into())
        );
        assert!(Theme::builtin("nope").is_none());
        assert_eq!(
            Theme::load(" claro ", None).map(|t| t.name).ok(),
            Some("claro".into())
        );
    }

    #[test]
    fn colours_parse() {
        assert_eq!(
            ThemeColor::parse("#0b4f8a"),
            Some(ThemeColor {
                color: Color::Rgb(0x0b, 0x4f, 0x8a),
                rgb: Some([0x0b, 0x4f, 0x8a])
            })
        );
        assert_eq!(
            ThemeColor::parse("#fff").and_then(|c| c.rgb),
            Some([255; 3])
        );
        assert_eq!(
            ThemeColor::parse("White").map(|c| c.color),
            Some(Color::White)
        );
        assert_eq!(
            ThemeColor::parse("dark grey").map(|c| c.color),
            Some(Color::DarkGray)
        );
        assert_eq!(
            ThemeColor::parse("light_blue").map(|c| c.color),
            Some(Color::LightBlue)
        );
        assert_eq!(
            ThemeColor::parse("reset"),
            Some(ThemeColor {
                color: Color::Reset,
                rgb: None
            })
        );
        for bad in [
            "", "#", "#12", "#12345", "#1234567", "#gggggg", "#ééé", "rojo", "12",
        ] {
            assert_eq!(ThemeColor::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_override_file_merges() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_theme(
            dir.path(),
            "claro",
            "[title]\nfg = \"#000000\"\n\n[selected]\nbold = false\n",
        );
        let t = Theme::load("claro", Some(dir.path())).expect("loads");
        let claro = Theme::builtin("claro").expect("claro");
        assert_eq!(t.name, "claro");
        assert_eq!(t.description, claro.description);
        assert_eq!(t.title.fg, Some(Color::Rgb(0, 0, 0)));
        // Only the colour changed: bold is kept.
        assert!(t.title.add_modifier.contains(Modifier::BOLD));
        // Only the attribute changed: the colours are kept.
        assert!(!t.selected.add_modifier.contains(Modifier::BOLD));
        assert_eq!(t.selected.bg, claro.selected.bg);
        // Everything else is claro's.
        assert_eq!(t.base, claro.base);
        assert_eq!(t.debit, claro.debit);
        assert_eq!(t.tab_inactive, claro.tab_inactive);
    }

    #[test]
    fn a_new_theme_falls_back_to_oscuro() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_theme(
            dir.path(),
            "mi-tema",
            "name = \"mi-tema\"\ndescription = \"Mío\"\n[base]\nfg = \"white\"\nbg = \"black\"\n",
        );
        let t = Theme::load("mi-tema", Some(dir.path())).expect("loads");
        let oscuro = Theme::builtin("oscuro").expect("oscuro");
        assert_eq!(t.name, "mi-tema");
        assert_eq!(t.description, "Mío");
        assert_eq!(t.base.fg, Some(Color::White));
        assert_eq!(t.base.bg, Some(Color::Black));
        assert_eq!(t.title, oscuro.title);
        assert_eq!(t.overdue, oscuro.overdue);
        assert_eq!(
            Theme::available(Some(dir.path())),
            vec!["oscuro", "claro", "proyector", "mi-tema"]
        );
        // A user's file of a built-in name is listed once.
        write_theme(dir.path(), "claro", "");
        std::fs::write(dir.path().join("themes").join("notas.txt"), "x").expect("write");
        assert_eq!(
            Theme::available(Some(dir.path())),
            vec!["oscuro", "claro", "proyector", "mi-tema"]
        );
        assert_eq!(Theme::available(None), BUILTIN_NAMES.to_vec());
    }

    #[test]
    fn a_broken_file_names_the_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = write_theme(
            dir.path(),
            "roto",
            "name = \"roto\"\n[base]\nfg = \"#ffffff\nbg = \"#000000\"\n",
        );
        let e = Theme::load("roto", Some(dir.path())).expect_err("broken");
        match &e {
            ThemeError::Malformed { file: f, line, .. } => {
                assert_eq!(f, &file);
                assert_eq!(*line, Some(3));
            }
            other => panic!("{other:?}"),
        }
        let shown = file.display().to_string();
        assert!(
            e.message(Lang::Es).contains(&shown),
            "{}",
            e.message(Lang::Es)
        );
        assert!(
            e.message(Lang::Es).contains("línea 3"),
            "{}",
            e.message(Lang::Es)
        );
        assert!(
            e.message(Lang::En).contains("line 3"),
            "{}",
            e.message(Lang::En)
        );
        assert!(e.to_string().contains(&shown));
    }

    #[test]
    fn unknown_styles_and_fields_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_theme(
            dir.path(),
            "typo",
            "[base]\nfg = \"white\"\n\n[titel]\nfg = \"red\"\n",
        );
        match Theme::load("typo", Some(dir.path())) {
            Err(ThemeError::Malformed { line, detail, .. }) => {
                assert_eq!(line, Some(4));
                assert!(detail.contains("titel"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        write_theme(dir.path(), "campo", "[title]\nnegrita = true\n");
        assert!(matches!(
            Theme::load("campo", Some(dir.path())),
            Err(ThemeError::Malformed { line: Some(2), .. })
        ));
        write_theme(dir.path(), "tipo", "[title]\nbold = \"yes\"\n");
        assert!(matches!(
            Theme::load("tipo", Some(dir.path())),
            Err(ThemeError::Malformed { line: Some(2), .. })
        ));
    }

    #[test]
    fn a_bad_colour_names_the_line_and_style() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = write_theme(
            dir.path(),
            "color",
            "[base]\nfg = \"white\"\n[debit]\nbg = \"#12\"\n",
        );
        let e = Theme::load("color", Some(dir.path())).expect_err("bad colour");
        match &e {
            ThemeError::BadColour {
                file: f,
                line,
                style,
                value,
                ..
            } => {
                assert_eq!(f, &file);
                assert_eq!(*line, 4);
                assert_eq!(style, "debit");
                assert_eq!(value, "#12");
            }
            other => panic!("{other:?}"),
        }
        assert!(e.message(Lang::Es).contains("no es un color"));
        assert!(e.message(Lang::En).contains("is not a colour"));
    }

    #[test]
    fn unknown_and_bad_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_theme(dir.path(), "mio", "");
        let e = Theme::load("azul", Some(dir.path())).expect_err("unknown");
        match &e {
            ThemeError::Unknown { name, available } => {
                assert_eq!(name, "azul");
                assert_eq!(available, &vec!["oscuro", "claro", "proyector", "mio"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            e.message(Lang::Es),
            "No existe el tema «azul». Temas disponibles: oscuro, claro, proyector, mio."
        );
        assert_eq!(
            e.message(Lang::En),
            "There is no theme 'azul'. Available themes: oscuro, claro, proyector, mio."
        );
        for bad in ["", "../claro", "a/b", ".hidden", "con espacio"] {
            assert!(
                matches!(
                    Theme::load(bad, Some(dir.path())),
                    Err(ThemeError::BadName(_))
                ),
                "{bad}"
            );
        }
        assert!(
            ThemeError::BadName("x/y".into())
                .message(Lang::Es)
                .contains("«x/y»")
        );
    }

    #[test]
    fn load_or_default_never_fails() {
        let (t, e) = Theme::load_or_default(None, None);
        assert_eq!(t.name, "oscuro");
        assert!(e.is_none());
        let (t, e) = Theme::load_or_default(Some("inexistente"), None);
        assert_eq!(t.name, "oscuro");
        assert!(matches!(e, Some(ThemeError::Unknown { .. })));
        let (t, _) = Theme::load_or_default(Some("proyector"), None);
        assert_eq!(t.name, "proyector");
    }

    #[test]
    fn plain_theme_has_no_colours() {
        let t = Theme::plain();
        for (style, spec) in t.specs.iter() {
            assert!(spec.fg.is_none() && spec.bg.is_none(), "{style}");
        }
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn contrast_ratio_follows_wcag() {
        assert!((contrast_ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        let r = contrast_ratio([0x76, 0x76, 0x76], [255, 255, 255]);
        assert!((r - 4.54).abs() < 0.01, "{r}");
        assert_eq!(
            contrast_ratio([10, 20, 30], [200, 210, 220]),
            contrast_ratio([200, 210, 220], [10, 20, 30])
        );
    }

    /// The minimum contrast of every style of a built-in theme.
    fn check_contrast(name: &str, low: &[&str], low_min: f64, min: f64) {
        let t = Theme::builtin(name).expect("builtin");
        let mut failures = Vec::new();
        for (style, ratio) in t.contrasts() {
            let need = if low.contains(&style) { low_min } else { min };
            match ratio {
                Some(r) if r >= need => {}
                Some(r) => failures.push(format!("{style}: {r:.2} < {need}")),
                None => failures.push(format!("{style}: no colour")),
            }
        }
        assert!(failures.is_empty(), "{name}: {failures:?}");
    }

    #[test]
    fn proyector_contrast_is_high() {
        check_contrast("proyector", &[], 4.5, 4.5);
        // And comfortably above the 7:1 of WCAG AAA.
        check_contrast("proyector", &[], 7.0, 7.0);
    }

    #[test]
    fn oscuro_and_claro_contrast_is_sufficient() {
        let low = ["muted", "border", "tab_inactive"];
        check_contrast("oscuro", &low, 3.0, 4.5);
        check_contrast("claro", &low, 3.0, 4.5);
    }
}
