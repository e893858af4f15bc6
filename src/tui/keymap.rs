//! Key -> Action: the single input path. The help overlay and the footer
//! hints are generated from this table, so they can't lie.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;

/// Where a key applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Any list screen (not while typing in a form).
    Global,
    Members,
    Journal,
    Accounts,
    /// The cobro screen: typing goes to its search or amount.
    Cobro,
    Form,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Help,
    GoDashboard,
    GoMembers,
    GoJournal,
    GoAccounts,
    GoCobro,
    /// The glossary of accounting terms.
    Glossary,
    /// The exercises of a practice scenario, checked now.
    Exercises,
    /// Show or hide the teaching panel (T-accounts and the equation).
    ToggleTeach,
    /// Write the current list to files (the day's receipts on the cobro screen).
    Export,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    Search,
    NewMember,
    EditMember,
    NewEntry,
    OpenSettings,
    Reverse,
    PrevMonth,
    NextMonth,
    AllMonths,
    ToggleLang,
    NextField,
    PrevField,
    Submit,
    AddLine,
    RemoveLine,
    Char(char),
    Backspace,
    Yes,
    No,
}

/// One binding: context, key, action, and the help text (es, en).
pub struct Binding {
    pub context: Context,
    pub key: &'static str,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    pub help: (&'static str, &'static str),
}

const NONE: KeyModifiers = KeyModifiers::NONE;

macro_rules! b {
    ($ctx:ident, $label:expr, $code:expr, $mods:expr, $action:expr, $es:expr, $en:expr) => {
        Binding {
            context: Context::$ctx,
            key: $label,
            code: $code,
            mods: $mods,
            action: $action,
            help: ($es, $en),
        }
    };
}

/// The keymap.
pub fn bindings() -> Vec<Binding> {
    use Action::*;
    vec![
        b!(
            Global,
            "1",
            KeyCode::Char('1'),
            NONE,
            GoDashboard,
            "Panel",
            "Dashboard"
        ),
        b!(
            Global,
            "2",
            KeyCode::Char('2'),
            NONE,
            GoMembers,
            "Socios",
            "Members"
        ),
        b!(
            Global,
            "3",
            KeyCode::Char('3'),
            NONE,
            GoJournal,
            "Diario",
            "Journal"
        ),
        b!(
            Global,
            "4",
            KeyCode::Char('4'),
            NONE,
            GoAccounts,
            "Cuentas",
            "Accounts"
        ),
        b!(
            Global,
            "n",
            KeyCode::Char('n'),
            NONE,
            NewEntry,
            "Nuevo asiento",
            "New entry"
        ),
        b!(
            Global,
            "c",
            KeyCode::Char('c'),
            NONE,
            OpenSettings,
            "Configuración",
            "Settings"
        ),
        b!(
            Global,
            "5",
            KeyCode::Char('5'),
            NONE,
            GoCobro,
            "Cobro de cuotas",
            "Take dues"
        ),
        b!(
            Global,
            "T",
            KeyCode::Char('T'),
            NONE,
            ToggleTeach,
            "Panel de enseñanza (cuentas T)",
            "Teaching panel (T-accounts)"
        ),
        b!(Global, "?", KeyCode::Char('?'), NONE, Help, "Ayuda", "Help"),
        b!(
            Global,
            "g",
            KeyCode::Char('g'),
            NONE,
            Glossary,
            "Glosario contable",
            "Accounting glossary"
        ),
        b!(
            Global,
            "E",
            KeyCode::Char('E'),
            NONE,
            Exercises,
            "Ejercicios de la práctica",
            "Practice exercises"
        ),
        b!(
            Global,
            "L",
            KeyCode::Char('L'),
            NONE,
            ToggleLang,
            "Español/English",
            "English/Español"
        ),
        b!(Global, "q", KeyCode::Char('q'), NONE, Quit, "Salir", "Quit"),
        b!(Global, "Esc", KeyCode::Esc, NONE, Back, "Volver", "Back"),
        b!(Global, "↑/k", KeyCode::Up, NONE, Up, "Subir", "Up"),
        b!(Global, "↓/j", KeyCode::Down, NONE, Down, "Bajar", "Down"),
        b!(Global, "k", KeyCode::Char('k'), NONE, Up, "Subir", "Up"),
        b!(Global, "j", KeyCode::Char('j'), NONE, Down, "Bajar", "Down"),
        b!(
            Global,
            "PgUp",
            KeyCode::PageUp,
            NONE,
            PageUp,
            "Página anterior",
            "Previous page"
        ),
        b!(
            Global,
            "PgDn",
            KeyCode::PageDown,
            NONE,
            PageDown,
            "Página siguiente",
            "Next page"
        ),
        b!(Global, "Enter", KeyCode::Enter, NONE, Open, "Abrir", "Open"),
        b!(
            Members,
            "/",
            KeyCode::Char('/'),
            NONE,
            Search,
            "Buscar",
            "Search"
        ),
        b!(
            Members,
            "a",
            KeyCode::Char('a'),
            NONE,
            NewMember,
            "Nuevo socio",
            "New member"
        ),
        b!(
            Members,
            "e",
            KeyCode::Char('e'),
            NONE,
            EditMember,
            "Editar socio",
            "Edit member"
        ),
        b!(
            Journal,
            "[",
            KeyCode::Char('['),
            NONE,
            PrevMonth,
            "Mes anterior",
            "Previous month"
        ),
        b!(
            Journal,
            "]",
            KeyCode::Char(']'),
            NONE,
            NextMonth,
            "Mes siguiente",
            "Next month"
        ),
        b!(
            Journal,
            "t",
            KeyCode::Char('t'),
            NONE,
            AllMonths,
            "Todos los meses",
            "All months"
        ),
        b!(
            Journal,
            "/",
            KeyCode::Char('/'),
            NONE,
            Search,
            "Filtrar",
            "Filter"
        ),
        b!(
            Journal,
            "r",
            KeyCode::Char('r'),
            NONE,
            Reverse,
            "Reversar asiento",
            "Reverse entry"
        ),
        b!(
            Accounts,
            "[",
            KeyCode::Char('['),
            NONE,
            PrevMonth,
            "Mes anterior",
            "Previous month"
        ),
        b!(
            Accounts,
            "]",
            KeyCode::Char(']'),
            NONE,
            NextMonth,
            "Mes siguiente",
            "Next month"
        ),
        b!(
            Accounts,
            "/",
            KeyCode::Char('/'),
            NONE,
            Search,
            "Buscar cuenta",
            "Search account"
        ),
        b!(
            Form,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Campo siguiente",
            "Next field"
        ),
        b!(
            Form,
            "S-Tab",
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            PrevField,
            "Campo anterior",
            "Previous field"
        ),
        b!(
            Form,
            "F2",
            KeyCode::F(2),
            NONE,
            Submit,
            "Guardar / revisar",
            "Save / review"
        ),
        b!(
            Form,
            "C-s",
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
            Submit,
            "Guardar / revisar",
            "Save / review"
        ),
        b!(
            Form,
            "C-n",
            KeyCode::Char('n'),
            KeyModifiers::CONTROL,
            AddLine,
            "Añadir línea",
            "Add line"
        ),
        b!(
            Form,
            "C-d",
            KeyCode::Char('d'),
            KeyModifiers::CONTROL,
            RemoveLine,
            "Quitar línea",
            "Remove line"
        ),
        b!(Form, "Esc", KeyCode::Esc, NONE, Back, "Cancelar", "Cancel"),
        b!(
            Form,
            "F3",
            KeyCode::F(3),
            NONE,
            ToggleTeach,
            "Panel de enseñanza",
            "Teaching panel"
        ),
        b!(
            Cobro,
            "F3",
            KeyCode::F(3),
            NONE,
            ToggleTeach,
            "Panel de enseñanza",
            "Teaching panel"
        ),
        b!(
            Cobro,
            "Enter",
            KeyCode::Enter,
            NONE,
            Submit,
            "Elegir / cobrar",
            "Choose / take"
        ),
        b!(Cobro, "Esc", KeyCode::Esc, NONE, Back, "Volver", "Back"),
        b!(Cobro, "↑↓", KeyCode::Up, NONE, Up, "Socio", "Member"),
        b!(Cobro, "↓", KeyCode::Down, NONE, Down, "Bajar", "Down"),
        b!(
            Cobro,
            "C-p",
            KeyCode::Char('p'),
            KeyModifiers::CONTROL,
            Export,
            "Recibos del día",
            "Day's receipts"
        ),
        b!(Cobro, "F1", KeyCode::F(1), NONE, Help, "Ayuda", "Help"),
    ]
}

/// The action of a key in a context (the context's own bindings first, then global ones).
pub fn lookup(context: Context, key: KeyEvent) -> Option<Action> {
    let all = bindings();
    let matches = |b: &Binding| {
        b.code == key.code
            && (b.mods == key.modifiers
                || (b.mods == NONE
                    && key.modifiers == KeyModifiers::SHIFT
                    && matches!(key.code, KeyCode::Char(_))))
    };
    if let Some(b) = all.iter().find(|b| b.context == context && matches(b)) {
        return Some(b.action.clone());
    }
    if context == Context::Form || context == Context::Cobro {
        return match key.code {
            KeyCode::Enter => Some(Action::NextField),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Backspace => Some(Action::Backspace),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::Char(c))
            }
            _ => None,
        };
    }
    all.iter()
        .find(|b| b.context == Context::Global && matches(b))
        .map(|b| b.action.clone())
}

/// The help lines of a context: its own keys, then the global ones.
pub fn help_lines(context: Context, lang: Lang) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    bindings()
        .into_iter()
        .filter(|b| {
            b.context == context
                || (b.context == Context::Global
                    && context != Context::Form
                    && context != Context::Cobro)
        })
        .filter(|b| seen.insert((b.key, b.help)))
        .filter(|b| !(b.key == "k" || b.key == "j" || b.key == "↓"))
        .map(|b| {
            (
                b.key.to_string(),
                if lang == Lang::Es { b.help.0 } else { b.help.1 }.to_string(),
            )
        })
        .collect()
}

/// The footer: the most useful keys of a context.
pub fn footer(context: Context, lang: Lang) -> Vec<(String, String)> {
    let wanted: &[&str] = match context {
        Context::Members => &["/", "a", "e", "Enter", "?", "q"],
        Context::Journal => &["[", "]", "/", "Enter", "r", "?", "q"],
        Context::Accounts => &["[", "]", "/", "n", "?", "q"],
        Context::Form => &["Tab", "F2", "C-n", "C-d", "Esc"],
        Context::Cobro => &["Enter", "↑↓", "C-p", "Esc", "F1"],
        Context::Global => &["2", "3", "4", "5", "n", "?", "q"],
    };
    let lines = help_lines(context, lang);
    wanted
        .iter()
        .filter_map(|k| lines.iter().find(|(key, _)| key == k).cloned())
        .collect()
}
