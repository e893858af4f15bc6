//! The user's configuration file, `<config_dir>/config.toml`:
//!
//! ```toml
//! lang = "es"      # or "en"
//! theme = "proyector"
//! layout = "roomy"  # or "compact"; the interactive program's `A` key writes it
//! ascii = true      # draw with ASCII only (an old console); false: never
//! ```
//!
//! A missing file is no configuration; a file that cannot be read or parsed is
//! a warning (the program goes on with defaults), never a crash. Only a
//! regular file of at most [`MAX_BYTES`] is read: a named pipe or a device in
//! its place (`/dev/zero`) is a warning at once, never a wait or a flood.
//! The file is written (the `A` key) whole or not at all, owner only.

use std::path::{Path, PathBuf};

use crate::files::ReadError;
use crate::i18n::{Lang, Msg};
use crate::ui::density::Density;

/// The largest configuration file read (a real one is a few lines).
pub const MAX_BYTES: u64 = 64 * 1024;

/// The settings read from the configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// As written in the file (`es`, `en`); checked by [`Lang::parse`].
    pub lang: Option<String>,
    pub theme: Option<String>,
    /// The layout density of the interactive program (checked by [`Density::parse`]).
    pub layout: Option<Density>,
    /// Draw with ASCII only (`true`), never (`false`), or as the console
    /// asks (absent); see [`crate::domain::glyphs`].
    pub ascii: Option<bool>,
}

/// Something wrong with the configuration file, reported and then ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigWarning {
    Unreadable {
        path: PathBuf,
        detail: String,
    },
    Malformed {
        path: PathBuf,
        detail: String,
    },
    NotText {
        path: PathBuf,
    },
    /// A named pipe, a device or a folder in the file's place.
    NotAFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
    },
    WrongType {
        path: PathBuf,
        key: &'static str,
    },
    BadLang {
        path: PathBuf,
        value: String,
    },
    BadLayout {
        path: PathBuf,
        value: String,
    },
}

impl ConfigWarning {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ConfigWarning::Unreadable { path, detail } => Msg::ErrConfigWarningUnreadable
                .fill(lang, &[("detail", &detail), ("path", &path.display())]),
            ConfigWarning::Malformed { path, detail } => Msg::ErrConfigWarningMalformed
                .fill(lang, &[("detail", &detail), ("path", &path.display())]),
            ConfigWarning::NotText { path } => {
                Msg::ErrConfigWarningNotText.fill(lang, &[("path", &path.display())])
            }
            ConfigWarning::NotAFile { path } => {
                Msg::ErrConfigWarningNotAFile.fill(lang, &[("path", &path.display())])
            }
            ConfigWarning::TooLarge { path } => Msg::ErrConfigWarningTooLarge.fill(
                lang,
                &[("path", &path.display()), ("kb", &(MAX_BYTES / 1024))],
            ),
            ConfigWarning::WrongType { path, key } => Msg::ErrConfigWarningWrongType
                .fill(lang, &[("key", &key), ("path", &path.display())]),
            ConfigWarning::BadLang { path, value } => Msg::ErrConfigWarningBadLang
                .fill(lang, &[("path", &path.display()), ("value", &value)]),
            ConfigWarning::BadLayout { path, value } => Msg::ErrConfigWarningBadLayout
                .fill(lang, &[("path", &path.display()), ("value", &value)]),
        }
    }
}

/// Parses the text of a configuration file.
pub fn parse(text: &str, path: &Path) -> (Config, Vec<ConfigWarning>) {
    let mut warnings = Vec::new();
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let detail = e.message().trim().to_string();
            warnings.push(ConfigWarning::Malformed {
                path: path.to_path_buf(),
                detail,
            });
            return (Config::default(), warnings);
        }
    };
    let mut get = |key: &'static str| match table.get(key) {
        None => None,
        Some(toml::Value::String(s)) if s.trim().is_empty() => None,
        Some(toml::Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => {
            warnings.push(ConfigWarning::WrongType {
                path: path.to_path_buf(),
                key,
            });
            None
        }
    };
    let layout = get("layout");
    let mut config = Config {
        lang: get("lang"),
        theme: get("theme"),
        layout: None,
        ascii: None,
    };
    match table.get("ascii") {
        None => {}
        Some(toml::Value::Boolean(b)) => config.ascii = Some(*b),
        Some(_) => warnings.push(ConfigWarning::WrongType {
            path: path.to_path_buf(),
            key: "ascii",
        }),
    }
    if let Some(l) = layout {
        config.layout = Density::parse(&l);
        if config.layout.is_none() {
            warnings.push(ConfigWarning::BadLayout {
                path: path.to_path_buf(),
                value: l,
            });
        }
    }
    if let Some(l) = &config.lang
        && Lang::parse(l).is_none()
    {
        warnings.push(ConfigWarning::BadLang {
            path: path.to_path_buf(),
            value: l.clone(),
        });
        config.lang = None;
    }
    (config, warnings)
}

/// Reads `<dir>/config.toml`; no folder or no file is an empty configuration.
pub fn load(dir: Option<&Path>) -> (Config, Vec<ConfigWarning>) {
    let Some(dir) = dir else {
        return (Config::default(), Vec::new());
    };
    let path = dir.join("config.toml");
    let bytes = match crate::files::read_capped(&path, MAX_BYTES) {
        Ok(b) => b,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return (Config::default(), Vec::new());
        }
        Err(e) => return (Config::default(), vec![read_warning(path, e)]),
    };
    match String::from_utf8(bytes) {
        Ok(text) => parse(&text, &path),
        Err(_) => (Config::default(), vec![ConfigWarning::NotText { path }]),
    }
}

fn read_warning(path: PathBuf, e: ReadError) -> ConfigWarning {
    match e {
        ReadError::NotRegular => ConfigWarning::NotAFile { path },
        ReadError::TooLarge(_) => ConfigWarning::TooLarge { path },
        ReadError::Io(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            ConfigWarning::NotAFile { path }
        }
        ReadError::Io(e) => ConfigWarning::Unreadable {
            path,
            detail: e.to_string(),
        },
    }
}

/// Writes `layout = "..."` into `<dir>/config.toml`, keeping every other
/// line (and comment) as it is: the line that sets `layout` is replaced, or
/// one is added. Creates the folder and the file when missing; the file is
/// written whole or not at all, readable by its owner only (a symbolic link
/// is followed). A configuration that is not a regular text file is left
/// alone (an error). Returns the file's path.
pub fn save_layout(dir: &Path, layout: Density) -> std::io::Result<PathBuf> {
    let path = dir.join("config.toml");
    let text = match crate::files::read_capped(&path, MAX_BYTES) {
        Ok(b) => String::from_utf8(b)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not a text file"))?,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(ReadError::Io(e)) => return Err(e),
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    std::fs::create_dir_all(dir)?;
    crate::files::write(&path, with_layout(&text, layout).as_bytes())?;
    Ok(path)
}

/// The text of a configuration file with its `layout` line set.
fn with_layout(text: &str, layout: Density) -> String {
    let line = format!("layout = \"{}\"", layout.code());
    let is_layout = |l: &str| {
        let t = l.trim_start();
        t.strip_prefix("layout")
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let mut out = Vec::new();
    let mut done = false;
    // Only top-level keys count: stop replacing at the first [table].
    let mut top = true;
    for l in text.lines() {
        if l.trim_start().starts_with('[') {
            if top && !done {
                out.push(line.clone());
                done = true;
            }
            top = false;
        }
        if top && is_layout(l) {
            if !done {
                out.push(line.clone());
                done = true;
            }
            continue;
        }
        out.push(l.to_string());
    }
    if !done {
        out.push(line);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> PathBuf {
        PathBuf::from("/x/config.toml")
    }

    #[test]
    fn reads_lang_and_theme() {
        let (c, w) = parse("lang = \"en\"\ntheme = \"proyector\"\n", &p());
        assert!(w.is_empty());
        assert_eq!(c.lang.as_deref(), Some("en"));
        assert_eq!(c.theme.as_deref(), Some("proyector"));
    }

    #[test]
    fn malformed_file_is_a_warning_not_a_crash() {
        let (c, w) = parse("lang = \"en\nthis is not toml", &p());
        assert_eq!(c, Config::default());
        assert!(matches!(w.as_slice(), [ConfigWarning::Malformed { .. }]));
        assert!(w[0].message(Lang::Es).contains("mal escrita"));
    }

    #[test]
    fn wrong_types_and_unknown_languages_are_ignored_with_a_warning() {
        let (c, w) = parse("lang = \"klingon\"\ntheme = 3\n", &p());
        assert_eq!(c, Config::default());
        assert_eq!(w.len(), 2);
        assert!(w.iter().any(|w| w.message(Lang::En).contains("klingon")));
    }

    #[test]
    fn reads_ascii_as_a_yes_or_no_and_warns_on_anything_else() {
        assert_eq!(parse("ascii = true\n", &p()).0.ascii, Some(true));
        assert_eq!(parse("ascii = false\n", &p()).0.ascii, Some(false));
        let (c, w) = parse("ascii = \"si\"\n", &p());
        assert_eq!(c.ascii, None);
        assert!(matches!(
            w.as_slice(),
            [ConfigWarning::WrongType { key: "ascii", .. }]
        ));
    }

    #[test]
    fn reads_the_layout_and_warns_on_an_unknown_one() {
        let (c, w) = parse("layout = \"amplio\"\n", &p());
        assert!(w.is_empty());
        assert_eq!(c.layout, Some(Density::Roomy));
        let (c, w) = parse("layout = \"huge\"\n", &p());
        assert_eq!(c.layout, None);
        assert!(w[0].message(Lang::Es).contains("«huge»"));
        assert!(w[0].message(Lang::En).contains("'huge'"));
    }

    #[test]
    fn saving_the_layout_keeps_the_rest_of_the_file() {
        let text = "# mine\nlang = \"en\"\nlayout = \"compact\"\ntheme = \"claro\"\n";
        let out = with_layout(text, Density::Roomy);
        assert_eq!(
            out,
            "# mine\nlang = \"en\"\nlayout = \"roomy\"\ntheme = \"claro\"\n"
        );
        let (c, w) = parse(&out, &p());
        assert!(w.is_empty());
        assert_eq!(c.layout, Some(Density::Roomy));
        assert_eq!(c.lang.as_deref(), Some("en"));
        // Added when missing, before any table.
        let out = with_layout("lang = \"es\"\n[extra]\nx = 1\n", Density::Compact);
        assert_eq!(out, "lang = \"es\"\nlayout = \"compact\"\n[extra]\nx = 1\n");
        assert_eq!(with_layout("", Density::Roomy), "layout = \"roomy\"\n");
        // On disk: the folder is made when missing.
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("ayni");
        let path = save_layout(&sub, Density::Roomy).expect("saved");
        let (c, _) = load(Some(&sub));
        assert_eq!(c.layout, Some(Density::Roomy));
        assert!(path.ends_with("config.toml"));
    }

    #[cfg(unix)]
    #[test]
    fn the_saved_configuration_is_the_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let path = save_layout(dir.path(), Density::Roomy).expect("saved");
        assert_eq!(mode(&path), 0o600);
        // A file the user made readable by everyone is restricted when saved over.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        save_layout(dir.path(), Density::Compact).expect("saved");
        assert_eq!(mode(&path), 0o600);
        let (c, w) = load(Some(dir.path()));
        assert!(w.is_empty());
        assert_eq!(c.layout, Some(Density::Compact));
    }

    #[test]
    fn a_configuration_too_large_is_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = "# x\n".repeat(MAX_BYTES as usize);
        std::fs::write(dir.path().join("config.toml"), big).expect("write");
        let (c, w) = load(Some(dir.path()));
        assert_eq!(c, Config::default());
        assert!(matches!(w.as_slice(), [ConfigWarning::TooLarge { .. }]));
        assert!(w[0].message(Lang::Es).contains("no se lee"));
        assert!(save_layout(dir.path(), Density::Roomy).is_err());
    }

    #[test]
    fn missing_file_is_no_configuration() {
        let dir = std::env::temp_dir().join("ayni-no-such-config-dir-for-test");
        let (c, w) = load(Some(&dir));
        assert_eq!(c, Config::default());
        assert!(w.is_empty());
    }
}
