//! Key -> Action: the single input path. The help overlay and the footer
//! hints are generated from this table, so they can't lie.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;
use crate::ui::widgets::text_input::{Edit, Refused, TextInput};

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
    /// The month-close wizard: typing goes to the cash count.
    Close,
    /// The reports screen.
    Reports,
    /// Choosing a member by typing part of the name (reports).
    Picker,
    /// Choosing the format of an export (reports).
    ExportFormat,
    /// The member card (its savings keys).
    MemberCard,
    /// A member's savings and passbook.
    Savings,
    /// The solidarity fund.
    Fund,
    /// The loan list.
    Loans,
    /// One loan.
    LoanCard,
    /// The savings, fund and loan forms.
    MoneyForm,
    /// The loan simulator (typing goes to its figures).
    Simulator,
    /// A reviewed form waiting for its confirmation.
    MoneyConfirm,
    /// Inside any text field (the contexts where letters are typed): the
    /// keys that move the cursor and edit at it.
    Field,
    /// A yes/no question where Enter is a yes (reversing an entry); any
    /// other key is a no.
    Confirm,
    /// A yes/no question that takes only an explicit yes (an outsized
    /// amount): Enter, pressed out of habit, is a no.
    ConfirmStrict,
    /// The first screen when there is no book: create one or practise.
    Welcome,
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
    /// Roomy (projector) or compact layout.
    ToggleLayout,
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
    /// The cursor of a text field one character left or right.
    Left,
    Right,
    /// The cursor of a text field to its start or end.
    Home,
    End,
    /// Removes the character at the cursor.
    Delete,
    /// Text pasted into the focused field (the terminal's bracketed paste).
    Paste(String),
    Yes,
    No,
    /// Open the month-close wizard.
    OpenClose,
    /// Open the reports screen.
    OpenReports,
    /// Write the SEPS B11 package of the month.
    SepsExport,
    /// Choose the member (the member statement).
    PickMember,
    GoLoans,
    GoFund,
    /// The member's savings and passbook.
    OpenSavings,
    Deposit,
    Withdraw,
    Simulate,
    NewLoan,
    Disburse,
    PayLoan,
    Grant,
    Contribute,
    /// Between two savings accounts of the member.
    Transfer,
    /// Create the association's book (the first screen).
    CreateBook,
    /// Open a practice book (the first screen).
    OpenPractice,
}

impl Action {
    /// The edit of a text field this action is, if it is one.
    pub fn edit(&self) -> Option<Edit> {
        Some(match self {
            Action::Char(c) => Edit::Insert(*c),
            Action::Paste(s) => Edit::Paste(s.clone()),
            Action::Backspace => Edit::Backspace,
            Action::Delete => Edit::Delete,
            Action::Left => Edit::Left,
            Action::Right => Edit::Right,
            Action::Home => Edit::Home,
            Action::End => Edit::End,
            _ => return None,
        })
    }

    /// Applies this action to a text field when it is an edit: `None` when
    /// it is not one, else whether the field took it.
    pub fn apply_to(&self, input: &mut TextInput) -> Option<Result<(), Refused>> {
        self.edit().map(|e| input.apply(e))
    }

    /// Whether the action only moves the cursor of a field.
    pub fn moves_cursor(&self) -> bool {
        matches!(
            self,
            Action::Left | Action::Right | Action::Home | Action::End
        )
    }
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
            "Enseñanza: cuentas T",
            "Teaching: T-accounts"
        ),
        b!(
            Global,
            "A",
            KeyCode::Char('A'),
            NONE,
            ToggleLayout,
            "Diseño amplio (proyector)",
            "Roomy layout (projector)"
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
            "F4",
            KeyCode::F(4),
            NONE,
            ToggleLayout,
            "Diseño amplio/compacto",
            "Roomy/compact layout"
        ),
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
        b!(
            Global,
            "C",
            KeyCode::Char('C'),
            NONE,
            OpenClose,
            "Cerrar mes",
            "Close month"
        ),
        b!(
            Global,
            "R",
            KeyCode::Char('R'),
            NONE,
            OpenReports,
            "Informes",
            "Reports"
        ),
        b!(
            Close,
            "Enter",
            KeyCode::Enter,
            NONE,
            Submit,
            "Seguir",
            "Next"
        ),
        b!(
            Close,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Campo siguiente",
            "Next field"
        ),
        b!(
            Close,
            "S-Tab",
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            PrevField,
            "Campo anterior",
            "Previous field"
        ),
        b!(Close, "Esc", KeyCode::Esc, NONE, Back, "Volver", "Back"),
        b!(Close, "F1", KeyCode::F(1), NONE, Help, "Ayuda", "Help"),
        b!(
            Reports,
            "←→",
            KeyCode::Right,
            NONE,
            NextField,
            "Informe",
            "Report"
        ),
        b!(
            Reports,
            "←",
            KeyCode::Left,
            NONE,
            PrevField,
            "Informe anterior",
            "Previous report"
        ),
        b!(
            Reports,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Informe siguiente",
            "Next report"
        ),
        b!(
            Reports,
            "S-Tab",
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            PrevField,
            "Informe anterior",
            "Previous report"
        ),
        b!(
            Reports,
            "[",
            KeyCode::Char('['),
            NONE,
            PrevMonth,
            "Mes anterior",
            "Previous month"
        ),
        b!(
            Reports,
            "]",
            KeyCode::Char(']'),
            NONE,
            NextMonth,
            "Mes siguiente",
            "Next month"
        ),
        b!(
            Reports,
            "m",
            KeyCode::Char('m'),
            NONE,
            PickMember,
            "Elegir socio",
            "Choose member"
        ),
        b!(
            Reports,
            "x",
            KeyCode::Char('x'),
            NONE,
            Export,
            "Exportar",
            "Export"
        ),
        b!(
            Reports,
            "b",
            KeyCode::Char('b'),
            NONE,
            SepsExport,
            "SEPS B11",
            "SEPS B11"
        ),
        b!(
            Picker,
            "Enter",
            KeyCode::Enter,
            NONE,
            Submit,
            "Elegir",
            "Choose"
        ),
        b!(Picker, "↑↓", KeyCode::Up, NONE, Up, "Socio", "Member"),
        b!(
            Picker,
            "Esc",
            KeyCode::Esc,
            NONE,
            Back,
            "Cancelar",
            "Cancel"
        ),
        b!(
            ExportFormat,
            "c",
            KeyCode::Char('c'),
            NONE,
            Char('c'),
            "CSV",
            "CSV"
        ),
        b!(
            ExportFormat,
            "e",
            KeyCode::Char('e'),
            NONE,
            Char('e'),
            "Excel (XLSX)",
            "Excel (XLSX)"
        ),
        b!(
            ExportFormat,
            "h",
            KeyCode::Char('h'),
            NONE,
            Char('h'),
            "HTML para imprimir",
            "HTML to print"
        ),
        b!(
            ExportFormat,
            "p",
            KeyCode::Char('p'),
            NONE,
            Char('p'),
            "PDF",
            "PDF"
        ),
        b!(
            ExportFormat,
            "Esc",
            KeyCode::Esc,
            NONE,
            Back,
            "Cancelar",
            "Cancel"
        ),
        b!(
            Global,
            "6",
            KeyCode::Char('6'),
            NONE,
            GoLoans,
            "Préstamos",
            "Loans"
        ),
        b!(
            Global,
            "7",
            KeyCode::Char('7'),
            NONE,
            GoFund,
            "Fondo solidario",
            "Solidarity fund"
        ),
        b!(
            MemberCard,
            "h",
            KeyCode::Char('h'),
            NONE,
            OpenSavings,
            "Ahorros",
            "Savings"
        ),
        b!(
            MemberCard,
            "d",
            KeyCode::Char('d'),
            NONE,
            Deposit,
            "Depositar",
            "Deposit"
        ),
        b!(
            MemberCard,
            "w",
            KeyCode::Char('w'),
            NONE,
            Withdraw,
            "Retirar",
            "Withdraw"
        ),
        b!(
            MemberCard,
            "e",
            KeyCode::Char('e'),
            NONE,
            EditMember,
            "Editar",
            "Edit"
        ),
        b!(
            Savings,
            "d",
            KeyCode::Char('d'),
            NONE,
            Deposit,
            "Depositar",
            "Deposit"
        ),
        b!(
            Savings,
            "w",
            KeyCode::Char('w'),
            NONE,
            Withdraw,
            "Retirar",
            "Withdraw"
        ),
        b!(
            Savings,
            "t",
            KeyCode::Char('t'),
            NONE,
            Transfer,
            "Transferir",
            "Transfer"
        ),
        b!(
            Savings,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Otra cuenta",
            "Next account"
        ),
        b!(
            Fund,
            "g",
            KeyCode::Char('g'),
            NONE,
            Grant,
            "Entregar ayuda",
            "Give a grant"
        ),
        b!(
            Fund,
            "a",
            KeyCode::Char('a'),
            NONE,
            Contribute,
            "Recibir aporte",
            "Take a contribution"
        ),
        b!(
            Loans,
            "a",
            KeyCode::Char('a'),
            NONE,
            NewLoan,
            "Solicitud",
            "Apply"
        ),
        b!(
            Loans,
            "d",
            KeyCode::Char('d'),
            NONE,
            Disburse,
            "Desembolsar",
            "Disburse"
        ),
        b!(
            Loans,
            "p",
            KeyCode::Char('p'),
            NONE,
            PayLoan,
            "Pagar",
            "Pay"
        ),
        b!(
            Loans,
            "s",
            KeyCode::Char('s'),
            NONE,
            Simulate,
            "Simulador",
            "Simulator"
        ),
        b!(
            LoanCard,
            "d",
            KeyCode::Char('d'),
            NONE,
            Disburse,
            "Desembolsar",
            "Disburse"
        ),
        b!(
            LoanCard,
            "p",
            KeyCode::Char('p'),
            NONE,
            PayLoan,
            "Pagar",
            "Pay"
        ),
        b!(
            LoanCard,
            "↑↓",
            KeyCode::Up,
            NONE,
            Up,
            "Plan de pagos",
            "Schedule"
        ),
        b!(
            MoneyForm,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Campo siguiente",
            "Next field"
        ),
        b!(
            MoneyForm,
            "S-Tab",
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            PrevField,
            "Campo anterior",
            "Previous field"
        ),
        b!(
            MoneyForm,
            "F2",
            KeyCode::F(2),
            NONE,
            Submit,
            "Revisar",
            "Review"
        ),
        b!(
            MoneyForm,
            "C-s",
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
            Submit,
            "Revisar",
            "Review"
        ),
        b!(
            Simulator,
            "Tab",
            KeyCode::Tab,
            NONE,
            NextField,
            "Campo siguiente",
            "Next field"
        ),
        b!(
            Simulator,
            "S-Tab",
            KeyCode::BackTab,
            KeyModifiers::SHIFT,
            PrevField,
            "Campo anterior",
            "Previous field"
        ),
        b!(
            Simulator,
            "PgDn",
            KeyCode::PageDown,
            NONE,
            PageDown,
            "Cuotas siguientes",
            "Later installments"
        ),
        b!(
            Simulator,
            "PgUp",
            KeyCode::PageUp,
            NONE,
            PageUp,
            "Cuotas anteriores",
            "Earlier installments"
        ),
        b!(Simulator, "Esc", KeyCode::Esc, NONE, Back, "Volver", "Back"),
        b!(
            MoneyConfirm,
            "Enter",
            KeyCode::Enter,
            NONE,
            Submit,
            "Registrar",
            "Post"
        ),
        b!(
            MoneyConfirm,
            "Esc",
            KeyCode::Esc,
            NONE,
            Back,
            "Corregir",
            "Correct"
        ),
        b!(
            MoneyForm,
            "Esc",
            KeyCode::Esc,
            NONE,
            Back,
            "Cancelar",
            "Cancel"
        ),
        b!(Confirm, "s", KeyCode::Char('s'), NONE, Yes, "Sí", "Yes"),
        b!(Confirm, "S", KeyCode::Char('S'), NONE, Yes, "Sí", "Yes"),
        b!(Confirm, "y", KeyCode::Char('y'), NONE, Yes, "Sí", "Yes"),
        b!(Confirm, "Y", KeyCode::Char('Y'), NONE, Yes, "Sí", "Yes"),
        b!(Confirm, "Enter", KeyCode::Enter, NONE, Yes, "Sí", "Yes"),
        b!(
            ConfirmStrict,
            "s",
            KeyCode::Char('s'),
            NONE,
            Yes,
            "Sí",
            "Yes"
        ),
        b!(
            ConfirmStrict,
            "S",
            KeyCode::Char('S'),
            NONE,
            Yes,
            "Sí",
            "Yes"
        ),
        b!(
            ConfirmStrict,
            "y",
            KeyCode::Char('y'),
            NONE,
            Yes,
            "Sí",
            "Yes"
        ),
        b!(
            ConfirmStrict,
            "Y",
            KeyCode::Char('Y'),
            NONE,
            Yes,
            "Sí",
            "Yes"
        ),
        // Any other key is a no; Esc is the one the footer names.
        b!(Confirm, "Esc", KeyCode::Esc, NONE, No, "No", "No"),
        b!(ConfirmStrict, "Esc", KeyCode::Esc, NONE, No, "No", "No"),
        b!(
            Welcome,
            "1",
            KeyCode::Char('1'),
            NONE,
            CreateBook,
            "Crear el libro de la asociación",
            "Create the association's book"
        ),
        b!(
            Welcome,
            "2",
            KeyCode::Char('2'),
            NONE,
            OpenPractice,
            "Abrir un libro de práctica",
            "Open a practice book"
        ),
        b!(
            Welcome,
            "q",
            KeyCode::Char('q'),
            NONE,
            Quit,
            "Salir",
            "Quit"
        ),
        b!(Welcome, "Esc", KeyCode::Esc, NONE, Quit, "Salir", "Quit"),
        b!(
            Field,
            "←→",
            KeyCode::Left,
            NONE,
            Left,
            "Mover el cursor en el campo",
            "Move the cursor in the field"
        ),
        b!(Field, "→", KeyCode::Right, NONE, Right, "", ""),
        b!(
            Field,
            "Home",
            KeyCode::Home,
            NONE,
            Home,
            "Al inicio del campo",
            "To the field's start"
        ),
        b!(
            Field,
            "End",
            KeyCode::End,
            NONE,
            End,
            "Al final del campo",
            "To the field's end"
        ),
        b!(
            Field,
            "Bksp",
            KeyCode::Backspace,
            NONE,
            Backspace,
            "Borrar antes del cursor",
            "Delete before the cursor"
        ),
        b!(
            Field,
            "Del",
            KeyCode::Delete,
            NONE,
            Delete,
            "Borrar en el cursor",
            "Delete at the cursor"
        ),
    ]
}

/// Contexts where letters are typed into a field rather than read as keys.
pub(crate) fn typing(context: Context) -> bool {
    matches!(
        context,
        Context::Form
            | Context::Cobro
            | Context::Close
            | Context::Picker
            | Context::MoneyForm
            | Context::Simulator
            | Context::MoneyConfirm
    )
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
    match context {
        // A question: whatever is not a yes is a no.
        Context::Confirm | Context::ConfirmStrict => return Some(Action::No),
        // The first screen takes its own keys only.
        Context::Welcome => return None,
        _ => {}
    }
    if typing(context) {
        // Inside a field, the keys that move its cursor and edit at it.
        if let Some(b) = all
            .iter()
            .find(|b| b.context == Context::Field && matches(b))
        {
            return Some(b.action.clone());
        }
        return match key.code {
            KeyCode::Enter => Some(Action::NextField),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
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
    lines_of(context, lang, false)
}

/// The help lines of a context; with `own_first`, its own keys before the
/// global ones, so that where a global key has the same name ("1", "g") the
/// one that works here is the one a footer finds.
fn lines_of(context: Context, lang: Lang, own_first: bool) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    // A question and the first screen take their own keys only.
    let own_only = matches!(
        context,
        Context::Welcome | Context::Confirm | Context::ConfirmStrict
    );
    let mut all = bindings();
    if own_first {
        all.sort_by_key(|b| b.context != context);
    }
    all.into_iter()
        .filter(|b| {
            b.context == context
                || (!own_only && b.context == Context::Global && !typing(context))
                || (!own_only && b.context == Context::Field && typing(context))
        })
        .filter(|b| seen.insert((b.key, b.help)))
        .filter(|b| !(b.key == "k" || b.key == "j" || b.key == "↓" || b.key == "←"))
        .filter(|b| !(b.context == Context::Field && b.key == "→"))
        .map(|b| {
            (
                b.key.to_string(),
                if lang == Lang::Es { b.help.0 } else { b.help.1 }.to_string(),
            )
        })
        .collect()
}

/// Drops footer items, from the second-to-last backwards, until the rest fit
/// in `width` columns (each item takes its key, its text and two spaces), so
/// a narrow terminal shows whole hints and keeps help (`?`) and the last one
/// (Esc or q).
pub fn fit_footer(mut items: Vec<(String, String)>, width: usize) -> Vec<(String, String)> {
    let w = |items: &[(String, String)]| -> usize {
        items
            .iter()
            .map(|(k, t)| k.chars().count() + t.chars().count() + 2)
            .sum()
    };
    // Help (`?`) and the last hint are kept; the others go from the end.
    while w(&items) > width {
        let Some(i) = (0..items.len().saturating_sub(1))
            .rev()
            .find(|&i| items[i].0 != "?")
        else {
            break;
        };
        items.remove(i);
    }
    items
}

/// The footer: the most useful keys of a context.
pub fn footer(context: Context, lang: Lang) -> Vec<(String, String)> {
    let wanted: &[&str] = match context {
        Context::Members => &["/", "a", "e", "Enter", "?", "q"],
        Context::Journal => &["[", "]", "/", "Enter", "r", "?", "q"],
        Context::Accounts => &["[", "]", "/", "n", "?", "q"],
        Context::Form => &["Tab", "F2", "C-n", "C-d", "Esc"],
        Context::Cobro => &["Enter", "↑↓", "C-p", "Esc", "F1"],
        Context::Close => &["Enter", "Tab", "Esc", "F1"],
        Context::Reports => &["←→", "[", "]", "x", "b", "Esc"],
        Context::Picker => &["Enter", "↑↓", "Esc"],
        Context::ExportFormat => &["c", "e", "h", "p", "Esc"],
        Context::Global => &["2", "3", "4", "5", "n", "?", "q"],
        Context::MemberCard => &["h", "d", "w", "e", "Esc", "?", "q"],
        Context::Savings => &["d", "w", "t", "Tab", "Esc", "?", "q"],
        Context::Fund => &["g", "a", "Esc", "?", "q"],
        Context::Loans => &["Enter", "a", "d", "p", "s", "Esc", "?"],
        Context::LoanCard => &["p", "d", "↑↓", "Esc", "?", "q"],
        Context::MoneyForm => &["Tab", "S-Tab", "F2", "Esc"],
        Context::Simulator => &["Tab", "PgDn", "PgUp", "Esc"],
        Context::MoneyConfirm => &["Enter", "Esc"],
        Context::Field => &[],
        Context::Confirm | Context::ConfirmStrict => &["s", "Esc"],
        Context::Welcome => &["1", "2", "q"],
    };
    let lines = lines_of(context, lang, true);
    wanted
        .iter()
        .filter_map(|k| lines.iter().find(|(key, _)| key == k).cloned())
        .collect()
}

#[cfg(test)]
mod footer_tests {
    use super::*;

    #[test]
    fn a_narrow_footer_keeps_whole_hints_and_the_last_one() {
        let all = footer(Context::Form, Lang::Es);
        let full: usize = all
            .iter()
            .map(|(k, t)| k.chars().count() + t.chars().count() + 2)
            .sum();
        assert!(
            full > 80,
            "the Spanish form footer is wider than 80: {full}"
        );
        let fitted = fit_footer(all.clone(), 80);
        assert!(fitted.len() < all.len());
        assert_eq!(fitted.last(), all.last(), "Esc stays");
        assert_eq!(fitted.first(), all.first());
        let width: usize = fitted
            .iter()
            .map(|(k, t)| k.chars().count() + t.chars().count() + 2)
            .sum();
        assert!(width <= 80);
        assert_eq!(
            fit_footer(all.clone(), 500),
            all,
            "nothing dropped when it fits"
        );
        let journal = fit_footer(footer(Context::Journal, Lang::Es), 60);
        let keys: Vec<&str> = journal.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"?") && keys.last() == Some(&"q"), "{keys:?}");
    }
}

#[cfg(test)]
mod field_key_tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, NONE)
    }

    #[test]
    fn a_footer_names_the_key_as_it_works_on_its_screen() {
        let has = |c: Context, key: &str, text: &str| {
            footer(c, Lang::En)
                .iter()
                .any(|(k, t)| k == key && t == text)
        };
        // The fund screen's g gives a grant; the global g (glossary) does not
        // work there, so the footer must not say it does.
        assert_eq!(
            lookup(Context::Fund, k(KeyCode::Char('g'))),
            Some(Action::Grant)
        );
        assert!(
            has(Context::Fund, "g", "Give a grant"),
            "{:?}",
            footer(Context::Fund, Lang::En)
        );
        // The first screen's 1 and 2, not the tabs'.
        assert!(has(Context::Welcome, "1", "Create the association's book"));
        assert!(!has(Context::Welcome, "1", "Dashboard"));
        // A question: yes, and the key that says no.
        assert!(has(Context::ConfirmStrict, "s", "Yes"));
        assert!(has(Context::ConfirmStrict, "Esc", "No"));
    }

    #[test]
    fn inside_a_field_the_arrows_move_the_cursor_elsewhere_they_keep_their_meaning() {
        for ctx in [
            Context::Form,
            Context::Cobro,
            Context::Close,
            Context::Picker,
            Context::MoneyForm,
            Context::Simulator,
        ] {
            assert_eq!(lookup(ctx, k(KeyCode::Left)), Some(Action::Left), "{ctx:?}");
            assert_eq!(lookup(ctx, k(KeyCode::Right)), Some(Action::Right));
            assert_eq!(lookup(ctx, k(KeyCode::Home)), Some(Action::Home));
            assert_eq!(lookup(ctx, k(KeyCode::End)), Some(Action::End));
            assert_eq!(lookup(ctx, k(KeyCode::Delete)), Some(Action::Delete));
            assert_eq!(lookup(ctx, k(KeyCode::Backspace)), Some(Action::Backspace));
        }
        // The reports screen (no field): ← → change the report.
        assert_eq!(
            lookup(Context::Reports, k(KeyCode::Right)),
            Some(Action::NextField)
        );
        assert_eq!(
            lookup(Context::Reports, k(KeyCode::Left)),
            Some(Action::PrevField)
        );
        let help = help_lines(Context::Form, Lang::En);
        assert!(
            help.iter()
                .any(|(k, t)| k == "Del" && t.contains("at the cursor"))
        );
        assert!(!help.iter().any(|(k, _)| k == "→"), "one line for ← →");
        assert!(
            !help_lines(Context::Members, Lang::En)
                .iter()
                .any(|(k, _)| k == "Del")
        );
    }

    #[test]
    fn questions_and_the_first_screen_go_through_the_keymap() {
        for yes in ['s', 'S', 'y', 'Y'] {
            assert_eq!(
                lookup(Context::Confirm, k(KeyCode::Char(yes))),
                Some(Action::Yes)
            );
            assert_eq!(
                lookup(Context::ConfirmStrict, k(KeyCode::Char(yes))),
                Some(Action::Yes)
            );
        }
        assert_eq!(
            lookup(Context::Confirm, k(KeyCode::Enter)),
            Some(Action::Yes)
        );
        // Enter out of habit is not a yes to an outsized amount.
        assert_eq!(
            lookup(Context::ConfirmStrict, k(KeyCode::Enter)),
            Some(Action::No)
        );
        for other in [
            KeyCode::Esc,
            KeyCode::Char('n'),
            KeyCode::Char('x'),
            KeyCode::Up,
        ] {
            assert_eq!(lookup(Context::Confirm, k(other)), Some(Action::No));
            assert_eq!(lookup(Context::ConfirmStrict, k(other)), Some(Action::No));
        }
        assert_eq!(
            lookup(Context::Welcome, k(KeyCode::Char('1'))),
            Some(Action::CreateBook)
        );
        assert_eq!(
            lookup(Context::Welcome, k(KeyCode::Char('2'))),
            Some(Action::OpenPractice)
        );
        assert_eq!(
            lookup(Context::Welcome, k(KeyCode::Esc)),
            Some(Action::Quit)
        );
        // No global key on the first screen (there is no book to go to).
        assert_eq!(lookup(Context::Welcome, k(KeyCode::Char('3'))), None);
        assert_eq!(lookup(Context::Welcome, k(KeyCode::Char('?'))), None);
    }
}
