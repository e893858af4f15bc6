//! Whether the console can show Unicode's marks and lines, or needs ASCII
//! ([`crate::domain::glyphs`]): `--ascii`, else the configuration's `ascii`,
//! else what the console says of itself.

/// Whether to draw and print with ASCII only: `flag` (`--ascii`) or the
/// configuration's `ascii` when given, else [`old_console`].
pub fn ascii(flag: bool, config: Option<bool>) -> bool {
    flag || config.unwrap_or_else(old_console)
}

/// Whether this console cannot show Unicode's marks: on Windows, a console
/// whose output code page is not UTF-8 (65001) or whose font is not TrueType
/// (the raster font of Windows 7 and 8); elsewhere, a locale that names a
/// character set other than UTF-8 (`es_EC.ISO-8859-1`). A locale of `C`, or
/// none, is taken as a modern terminal.
pub fn old_console() -> bool {
    #[cfg(windows)]
    {
        windows::old_console()
    }
    #[cfg(not(windows))]
    {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let locale = var("LC_ALL")
            .or_else(|| var("LC_CTYPE"))
            .or_else(|| var("LANG"));
        locale.is_some_and(|l| not_utf8(&l))
    }
}

/// Whether a locale (`es_EC.UTF-8`, `es_EC.ISO-8859-1@euro`) names a
/// character set other than UTF-8.
#[cfg_attr(windows, allow(dead_code))]
fn not_utf8(locale: &str) -> bool {
    let Some((_, rest)) = locale.split_once('.') else {
        return false;
    };
    let charset = rest.split('@').next().unwrap_or("");
    let plain: String = charset
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !plain.is_empty() && plain != "utf8"
}

#[cfg(windows)]
#[allow(unsafe_code, reason = "two calls into the console's API, by value")]
mod windows {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        CONSOLE_FONT_INFOEX, GetConsoleOutputCP, GetCurrentConsoleFontEx, GetStdHandle,
        STD_OUTPUT_HANDLE,
    };

    /// UTF-8's code page.
    const UTF8: u32 = 65001;
    /// `TMPF_TRUETYPE` in `FontFamily`: the font is TrueType.
    const TRUETYPE: u32 = 4;

    pub(super) fn old_console() -> bool {
        // SAFETY: takes nothing, returns a number (0 without a console).
        let page = unsafe { GetConsoleOutputCP() };
        if page != 0 && page != UTF8 {
            return true;
        }
        // SAFETY: returns a handle or INVALID_HANDLE_VALUE / null.
        let out = unsafe { GetStdHandle(STD_OUTPUT_HANDLE) };
        if out.is_null() || out == INVALID_HANDLE_VALUE {
            return false;
        }
        let mut font = CONSOLE_FONT_INFOEX {
            cbSize: std::mem::size_of::<CONSOLE_FONT_INFOEX>() as u32,
            ..Default::default()
        };
        // SAFETY: `font` is a valid, sized CONSOLE_FONT_INFOEX the call fills;
        // it fails (0) when the output is not a console.
        let got = unsafe { GetCurrentConsoleFontEx(out, 0, &mut font) };
        got != 0 && font.FontFamily & TRUETYPE == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_that_names_another_charset_asks_for_ascii() {
        assert!(not_utf8("es_EC.ISO-8859-1"));
        assert!(not_utf8("es_ES.ISO-8859-15@euro"));
        assert!(not_utf8("en_US.CP850"));
        assert!(!not_utf8("es_EC.UTF-8"));
        assert!(!not_utf8("es_EC.utf8"));
        assert!(!not_utf8("C"));
        assert!(!not_utf8("C.UTF-8"));
        assert!(!not_utf8("es_EC"));
    }

    #[test]
    fn the_flag_and_the_configuration_come_before_the_console() {
        assert!(ascii(true, Some(false)));
        assert!(ascii(false, Some(true)));
        assert!(!ascii(false, Some(false)));
    }
}
