//! The layout density of the interactive program: `compact` (the default) or
//! `roomy`, for a classroom projector where the back row must read: a blank
//! line between the rows of lists and tables, padding inside panels, wider
//! gaps between report columns, fewer rows per page, a footer with more air.

use crate::i18n::Lang;

/// How much air the screens have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Density {
    /// As many rows as fit.
    #[default]
    Compact,
    /// More space between rows and inside panels (for projectors).
    Roomy,
}

impl Density {
    /// Reads a name: "roomy" / "amplio" / "espacioso", "compact" / "compacto"
    /// (any case, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Density> {
        match s.trim().to_lowercase().as_str() {
            "roomy" | "amplio" | "espacioso" | "spacious" | "proyector" | "projector" => {
                Some(Density::Roomy)
            }
            "compact" | "compacto" | "normal" => Some(Density::Compact),
            _ => None,
        }
    }

    /// The name written in the configuration file.
    pub fn code(self) -> &'static str {
        match self {
            Density::Compact => "compact",
            Density::Roomy => "roomy",
        }
    }

    /// The name shown to the user.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Density::Compact => crate::i18n::Msg::UiDensityCompact,
            Density::Roomy => crate::i18n::Msg::UiDensityRoomy,
        }
        .t(lang)
    }

    /// What the status line says after switching to this layout: where it
    /// was saved, that it holds for now (`Ok(None)`: no configuration), or
    /// why it could not be saved (then as an error).
    pub fn switched(
        self,
        lang: Lang,
        saved: &std::io::Result<Option<std::path::PathBuf>>,
    ) -> (String, bool) {
        use crate::i18n::Msg;
        let label = self.label(lang);
        match saved {
            Ok(Some(path)) => (
                Msg::UiLayoutSaved.fill(lang, &[("layout", &label), ("path", &path.display())]),
                false,
            ),
            Ok(None) => (Msg::UiLayoutNow.fill(lang, &[("layout", &label)]), false),
            Err(e) => (
                Msg::UiLayoutNotSaved.fill(lang, &[("layout", &label), ("error", e)]),
                true,
            ),
        }
    }

    /// The other one.
    pub fn toggled(self) -> Density {
        match self {
            Density::Compact => Density::Roomy,
            Density::Roomy => Density::Compact,
        }
    }

    pub fn is_roomy(self) -> bool {
        self == Density::Roomy
    }

    /// How many rows of a list fit in `lines` screen lines: all of them when
    /// compact; roomy puts a blank line between two rows, so `k` rows take
    /// `2k - 1` lines. Never less than one row when there is a line at all.
    pub fn rows_in(self, lines: usize) -> usize {
        match self {
            Density::Compact => lines,
            Density::Roomy => lines.div_ceil(2),
        }
    }

    /// Columns of padding inside each side of a panel.
    pub fn padding(self) -> u16 {
        match self {
            Density::Compact => 0,
            Density::Roomy => 1,
        }
    }

    /// The gap between two columns of a report table.
    pub fn column_gap(self) -> usize {
        match self {
            Density::Compact => 1,
            Density::Roomy => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_in_both_languages() {
        assert_eq!(Density::parse("roomy"), Some(Density::Roomy));
        assert_eq!(Density::parse(" Amplio "), Some(Density::Roomy));
        assert_eq!(Density::parse("compacto"), Some(Density::Compact));
        assert_eq!(Density::parse("compact"), Some(Density::Compact));
        assert_eq!(Density::parse("wide"), None);
        for d in [Density::Compact, Density::Roomy] {
            assert_eq!(Density::parse(d.code()), Some(d));
            assert_eq!(Density::parse(d.label(Lang::Es)), Some(d));
            assert_eq!(Density::parse(d.label(Lang::En)), Some(d));
            assert_eq!(d.toggled().toggled(), d);
        }
    }

    #[test]
    fn roomy_rows_leave_a_line_between_them() {
        assert_eq!(Density::Compact.rows_in(10), 10);
        // 5 rows and 4 blank lines between them fit in 9 lines; 10 lines too.
        assert_eq!(Density::Roomy.rows_in(9), 5);
        assert_eq!(Density::Roomy.rows_in(10), 5);
        assert_eq!(Density::Roomy.rows_in(1), 1);
        assert_eq!(Density::Roomy.rows_in(0), 0);
    }
}
