//! Key -> Action: the single input path. The help overlay and the footer
//! hints are generated from this table, so they can't lie.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::{Lang, Msg};
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
    /// Choosing one of every report of the registry (reports).
    ReportList,
    /// The libro mayor of an account (Enter on the chart of accounts).
    Ledger,
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
    /// Configuración: its sections and their lists.
    Setup,
    /// Configuración on the first run: the same, led step by step.
    SetupFirstRun,
    /// A form of Configuración (typing goes to its fields).
    SetupForm,
    /// The backups screen: a destination or a copy to restore.
    Backup,
    /// The backups screen's typed folder or file.
    BackupPath,
    /// Importing from a spreadsheet: the file picker.
    Import,
    /// Importing from a spreadsheet: what to import, and the preview.
    ImportStep,
    /// A form of fields without lines (a member, the settings, the new
    /// book): the entry form's keys but those that add and remove lines.
    RecordForm,
    /// A list's search box has the keys (members, journal, accounts, loans):
    /// typing goes to the box.
    ListSearch,
    /// The teaching panel, on any screen that shows it (its keys come
    /// after the screen's own and before every other).
    Teach,
    /// The exercises overlay of a practice book.
    ExercisesOverlay,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    /// Leave the form on show, what was typed thrown away: the yes to the
    /// question Esc asks on a form that was changed (no key).
    Discard,
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
    /// Rebuild the practice book from its scenario (asked first; the
    /// learner's book kept aside).
    ResetPractice,
    /// Show or hide the teaching panel (T-accounts and the equation).
    ToggleTeach,
    /// The teaching panel's next page of lines.
    TeachDown,
    /// The teaching panel's previous page of lines.
    TeachUp,
    /// Roomy (projector) or compact layout.
    ToggleLayout,
    /// Write the current list to files (the day's receipts on the cobro screen).
    Export,
    /// Print a receipt again (the counter): its text and its PDF beside the book.
    Reprint,
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
    /// The entries of the account on show in the journal (the ledger view).
    AccountJournal,
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
    /// The list of every report (the reports screen).
    OtherReports,
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
    /// Write the loan off (castigo; the loan card).
    WriteOff,
    /// Void the loan's disbursement (the loan card).
    VoidLoan,
    Grant,
    Contribute,
    /// Between two savings accounts of the member.
    Transfer,
    /// Create the association's book (the first screen).
    CreateBook,
    /// Open a practice book (the first screen).
    OpenPractice,
    /// Open Configuración (accounts, charge types, products).
    OpenSetup,
    /// Configuración led step by step, after the book was created (no key).
    FirstRunSetup,
    /// Add a row to the list on show (Configuración).
    AddItem,
    /// Edit the selected row (Configuración).
    EditItem,
    /// Switch the selected row off or back on (a charge type).
    ToggleItem,
    /// The loan-product form, from a loan application with no product (no key).
    NewLoanProduct,
    /// Generate the members' charges through the current month.
    GenerateCharges,
    /// Forgive all or part of a charge (the member card).
    Waive,
    /// Retire the member (the member card).
    Retire,
    /// The backups screen: a copy now, a restore.
    OpenBackup,
    /// Import members or opening balances from a spreadsheet.
    OpenImport,
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

/// One binding: context, key, action, and its help text (a catalogue entry).
pub struct Binding {
    pub context: Context,
    pub key: &'static str,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    pub help: Msg,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// The keymap, one binding a row: context, the key as shown, its code, its
/// modifiers, the action, the help text. A context's own rows are found
/// before the global ones; the order of the rows is the order of the help.
pub fn bindings() -> Vec<Binding> {
    use Action::*;
    use Context::*;
    use KeyCode as K;
    use Msg as M;
    #[rustfmt::skip]
    let table = [
        (Global, "1", K::Char('1'), NONE, GoDashboard, M::UiKeyDashboard),
        (Global, "2", K::Char('2'), NONE, GoMembers, M::UiKeyMembers),
        (Global, "3", K::Char('3'), NONE, GoJournal, M::UiKeyJournal),
        (Global, "4", K::Char('4'), NONE, GoAccounts, M::UiKeyAccounts),
        (Global, "n", K::Char('n'), NONE, NewEntry, M::UiKeyNewEntry),
        (Global, "c", K::Char('c'), NONE, OpenSettings, M::UiKeySettings),
        (Global, "8", K::Char('8'), NONE, OpenSetup, M::UiKeySetup),
        (Global, "5", K::Char('5'), NONE, GoCobro, M::UiKeyTakeDues),
        (Global, "T", K::Char('T'), NONE, ToggleTeach, M::UiKeyTeachingTAccounts),
        (Global, "A", K::Char('A'), NONE, ToggleLayout, M::UiKeyRoomyLayoutProjector),
        (Global, "?", K::Char('?'), NONE, Help, M::UiKeyHelp),
        (Global, "g", K::Char('g'), NONE, Glossary, M::UiKeyAccountingGlossary),
        (Global, "E", K::Char('E'), NONE, Action::Exercises, M::UiKeyPracticeExercises),
        (ExercisesOverlay, "Enter", K::Enter, NONE, Open, M::UiKeyCheckAgain),
        (ExercisesOverlay, "r", K::Char('r'), NONE, ResetPractice, M::UiKeyResetPractice),
        (ExercisesOverlay, "Esc", K::Esc, NONE, Back, M::UiKeyClose),
        (Global, "L", K::Char('L'), NONE, ToggleLang, M::UiKeyEnglishEspaOl),
        (Global, "q", K::Char('q'), NONE, Quit, M::UiKeyQuit),
        (Global, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (Global, "↑/k", K::Up, NONE, Up, M::UiKeyUp),
        (Global, "↓/j", K::Down, NONE, Down, M::UiKeyDown),
        (Global, "k", K::Char('k'), NONE, Up, M::UiKeyUp),
        (Global, "j", K::Char('j'), NONE, Down, M::UiKeyDown),
        (Global, "PgUp", K::PageUp, NONE, PageUp, M::UiKeyPreviousPage),
        (Global, "PgDn", K::PageDown, NONE, PageDown, M::UiKeyNextPage),
        (Global, "Enter", K::Enter, NONE, Open, M::UiKeyOpen),
        (Members, "/", K::Char('/'), NONE, Search, M::UiKeySearch),
        (Members, "a", K::Char('a'), NONE, NewMember, M::UiKeyNewMember),
        (Members, "e", K::Char('e'), NONE, EditMember, M::UiKeyEditMember),
        (Members, "i", K::Char('i'), NONE, OpenImport, M::UiKeyImport),
        (Journal, "[", K::Char('['), NONE, PrevMonth, M::UiKeyPreviousMonth),
        (Journal, "]", K::Char(']'), NONE, NextMonth, M::UiKeyNextMonth),
        (Journal, "t", K::Char('t'), NONE, AllMonths, M::UiKeyAllMonths),
        (Journal, "/", K::Char('/'), NONE, Search, M::UiKeyFilter),
        (Journal, "p", K::Char('p'), NONE, Reprint, M::UiKeyPrintVoucher),
        (Journal, "r", K::Char('r'), NONE, Reverse, M::UiKeyReverseEntry),
        (Accounts, "[", K::Char('['), NONE, PrevMonth, M::UiKeyPreviousMonth),
        (Accounts, "]", K::Char(']'), NONE, NextMonth, M::UiKeyNextMonth),
        (Accounts, "/", K::Char('/'), NONE, Search, M::UiKeySearchAccount),
        (Ledger, "[", K::Char('['), NONE, PrevMonth, M::UiKeyPreviousMonth),
        (Ledger, "]", K::Char(']'), NONE, NextMonth, M::UiKeyNextMonth),
        (Ledger, "t", K::Char('t'), NONE, AllMonths, M::UiKeyAllMonths),
        (Ledger, "x", K::Char('x'), NONE, Export, M::UiKeyExport),
        (Ledger, "d", K::Char('d'), NONE, AccountJournal, M::UiKeyLedgerJournal),
        (Ledger, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (Form, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (Form, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (Form, "F2", K::F(2), NONE, Submit, M::UiKeySaveReview),
        (Form, "C-s", K::Char('s'), CTRL, Submit, M::UiKeySaveReview),
        (Form, "C-n", K::Char('n'), CTRL, AddLine, M::UiKeyAddLine),
        (Form, "C-d", K::Char('d'), CTRL, RemoveLine, M::UiKeyRemoveLine),
        (Form, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        // The entry form's account picker: a page of accounts.
        (Form, "PgUp", K::PageUp, NONE, PageUp, M::UiKeyPreviousPage),
        (Form, "PgDn", K::PageDown, NONE, PageDown, M::UiKeyNextPage),
        (Form, "F4", K::F(4), NONE, ToggleLayout, M::UiKeyRoomyCompactLayout),
        (Form, "F3", K::F(3), NONE, ToggleTeach, M::UiKeyTeachingPanel),
        (RecordForm, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (RecordForm, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (RecordForm, "F2", K::F(2), NONE, Submit, M::UiKeySave),
        (RecordForm, "C-s", K::Char('s'), CTRL, Submit, M::UiKeySave),
        (RecordForm, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (RecordForm, "F4", K::F(4), NONE, ToggleLayout, M::UiKeyRoomyCompactLayout),
        (RecordForm, "F3", K::F(3), NONE, ToggleTeach, M::UiKeyTeachingPanel),
        (Cobro, "F3", K::F(3), NONE, ToggleTeach, M::UiKeyTeachingPanel),
        (Teach, "Alt-↓", K::Down, ALT, TeachDown, M::UiKeyTeachScrollDown),
        (Teach, "Alt-↑", K::Up, ALT, TeachUp, M::UiKeyTeachScrollUp),
        (Cobro, "Enter", K::Enter, NONE, Submit, M::UiKeyChooseTake),
        (Cobro, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (Cobro, "↑↓", K::Up, NONE, Up, M::UiKeyMember),
        (Cobro, "↓", K::Down, NONE, Down, M::UiKeyDown),
        (Cobro, "C-p", K::Char('p'), CTRL, Export, M::UiKeyDaysReceipts),
        (Cobro, "C-x", K::Char('x'), CTRL, Reverse, M::UiKeyVoidReceipt),
        (Cobro, "C-r", K::Char('r'), CTRL, Reprint, M::UiKeyReprint),
        (Cobro, "Tab", K::Tab, NONE, NextField, M::UiKeyVisitField),
        (Cobro, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (Cobro, "F1", K::F(1), NONE, Help, M::UiKeyHelp),
        (Global, "C", K::Char('C'), NONE, OpenClose, M::UiKeyCloseMonth),
        (Global, "R", K::Char('R'), NONE, OpenReports, M::UiKeyReports),
        (Close, "Enter", K::Enter, NONE, Submit, M::UiKeyNext),
        (Close, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (Close, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (Close, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (Close, "F1", K::F(1), NONE, Help, M::UiKeyHelp),
        (Close, "F3", K::F(3), NONE, ToggleTeach, M::UiKeyTeachingPanel),
        (Reports, "←→", K::Right, NONE, NextField, M::UiKeyReport),
        (Reports, "←", K::Left, NONE, PrevField, M::UiKeyPreviousReport),
        (Reports, "Tab", K::Tab, NONE, NextField, M::UiKeyNextReport),
        (Reports, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousReport),
        (Reports, "[", K::Char('['), NONE, PrevMonth, M::UiKeyPreviousMonth),
        (Reports, "]", K::Char(']'), NONE, NextMonth, M::UiKeyNextMonth),
        (Reports, "m", K::Char('m'), NONE, PickMember, M::UiKeyChooseMember),
        (Reports, "x", K::Char('x'), NONE, Export, M::UiKeyExport),
        (Reports, "b", K::Char('b'), NONE, SepsExport, M::UiKeySEPSB11),
        (Reports, "o", K::Char('o'), NONE, OtherReports, M::UiKeyOtherReports),
        (Picker, "Enter", K::Enter, NONE, Submit, M::UiKeyChoose),
        (Picker, "↑↓", K::Up, NONE, Up, M::UiKeyMember),
        (Picker, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (ReportList, "Enter", K::Enter, NONE, Submit, M::UiKeyChoose),
        (ReportList, "↑↓", K::Up, NONE, Up, M::UiKeyReport),
        (ReportList, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (ExportFormat, "c", K::Char('c'), NONE, Char('c'), M::UiKeyCSV),
        (ExportFormat, "s", K::Char('s'), NONE, Char('s'), M::UiKeyCsvForSpanishExcel),
        (ExportFormat, "e", K::Char('e'), NONE, Char('e'), M::UiKeyExcelXLSX),
        (ExportFormat, "h", K::Char('h'), NONE, Char('h'), M::UiKeyHTMLToPrint),
        (ExportFormat, "p", K::Char('p'), NONE, Char('p'), M::UiKeyPDF),
        (ExportFormat, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (Global, "6", K::Char('6'), NONE, GoLoans, M::UiKeyLoans),
        (Global, "7", K::Char('7'), NONE, GoFund, M::UiKeySolidarityFund),
        (MemberCard, "h", K::Char('h'), NONE, OpenSavings, M::UiKeySavings),
        (MemberCard, "d", K::Char('d'), NONE, Deposit, M::UiKeyDeposit),
        (MemberCard, "w", K::Char('w'), NONE, Withdraw, M::UiKeyWithdraw),
        (MemberCard, "e", K::Char('e'), NONE, EditMember, M::UiKeyEdit),
        (MemberCard, "x", K::Char('x'), NONE, Waive, M::UiKeyWaive),
        (MemberCard, "r", K::Char('r'), NONE, Retire, M::UiKeyRetire),
        (Global, "G", K::Char('G'), NONE, GenerateCharges, M::UiKeyGenerateCharges),
        (Global, "B", K::Char('B'), NONE, OpenBackup, M::UiKeyBackups),
        (Backup, "Enter", K::Enter, NONE, Submit, M::UiKeyChoose),
        (Backup, "↑↓", K::Up, NONE, Up, M::UiKeyBackupRow),
        (Backup, "↓", K::Down, NONE, Down, M::UiKeyDown),
        (Backup, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (BackupPath, "Enter", K::Enter, NONE, Submit, M::UiKeyChoose),
        (BackupPath, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (Savings, "d", K::Char('d'), NONE, Deposit, M::UiKeyDeposit),
        (Savings, "w", K::Char('w'), NONE, Withdraw, M::UiKeyWithdraw),
        (Savings, "t", K::Char('t'), NONE, Transfer, M::UiKeyTransfer),
        (Savings, "Tab", K::Tab, NONE, NextField, M::UiKeyNextAccount),
        (Fund, "g", K::Char('g'), NONE, Grant, M::UiKeyGiveAGrant),
        (Fund, "a", K::Char('a'), NONE, Contribute, M::UiKeyTakeAContribution),
        (Loans, "/", K::Char('/'), NONE, Search, M::UiKeySearch),
        (Loans, "a", K::Char('a'), NONE, NewLoan, M::UiKeyApply),
        (Loans, "d", K::Char('d'), NONE, Disburse, M::UiKeyDisburse),
        (Loans, "p", K::Char('p'), NONE, PayLoan, M::UiKeyPay),
        (Loans, "s", K::Char('s'), NONE, Simulate, M::UiKeySimulator),
        (LoanCard, "d", K::Char('d'), NONE, Disburse, M::UiKeyDisburse),
        (LoanCard, "p", K::Char('p'), NONE, PayLoan, M::UiKeyPay),
        (LoanCard, "x", K::Char('x'), NONE, WriteOff, M::UiKeyWriteOff),
        (LoanCard, "v", K::Char('v'), NONE, VoidLoan, M::UiKeyVoidDisbursement),
        (LoanCard, "↑↓", K::Up, NONE, Up, M::UiKeySchedule),
        (MoneyForm, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (MoneyForm, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (MoneyForm, "F2", K::F(2), NONE, Submit, M::UiKeyReview),
        (MoneyForm, "C-s", K::Char('s'), CTRL, Submit, M::UiKeyReview),
        (Simulator, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (Simulator, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (Simulator, "PgDn", K::PageDown, NONE, PageDown, M::UiKeyLaterInstallments),
        (Simulator, "PgUp", K::PageUp, NONE, PageUp, M::UiKeyEarlierInstallments),
        (Simulator, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (MoneyConfirm, "Enter", K::Enter, NONE, Submit, M::UiKeyPost),
        (MoneyConfirm, "Esc", K::Esc, NONE, Back, M::UiKeyCorrect),
        (MoneyConfirm, "F3", K::F(3), NONE, ToggleTeach, M::UiKeyTeachingPanel),
        (MoneyForm, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (Confirm, "s", K::Char('s'), NONE, Yes, M::UiKeyYes),
        (Confirm, "S", K::Char('S'), NONE, Yes, M::UiKeyYes),
        (Confirm, "y", K::Char('y'), NONE, Yes, M::UiKeyYes),
        (Confirm, "Y", K::Char('Y'), NONE, Yes, M::UiKeyYes),
        (Confirm, "Enter", K::Enter, NONE, Yes, M::UiKeyYes),
        (ConfirmStrict, "s", K::Char('s'), NONE, Yes, M::UiKeyYes),
        (ConfirmStrict, "S", K::Char('S'), NONE, Yes, M::UiKeyYes),
        (ConfirmStrict, "y", K::Char('y'), NONE, Yes, M::UiKeyYes),
        (ConfirmStrict, "Y", K::Char('Y'), NONE, Yes, M::UiKeyYes),
        (Confirm, "Esc", K::Esc, NONE, No, M::UiKeyNo),
        (ConfirmStrict, "Esc", K::Esc, NONE, No, M::UiKeyNo),
        (Welcome, "1", K::Char('1'), NONE, CreateBook, M::UiKeyCreateTheAssociationsBook),
        (Welcome, "2", K::Char('2'), NONE, OpenPractice, M::UiKeyOpenAPracticeBook),
        (Welcome, "q", K::Char('q'), NONE, Quit, M::UiKeyQuit),
        (Welcome, "Esc", K::Esc, NONE, Quit, M::UiKeyQuit),
        (Setup, "Tab", K::Tab, NONE, NextField, M::UiKeyNextSection),
        (Setup, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousSection),
        (Setup, "a", K::Char('a'), NONE, AddItem, M::UiKeyAdd),
        (Setup, "Enter", K::Enter, NONE, EditItem, M::UiKeyEdit),
        (Setup, "e", K::Char('e'), NONE, EditItem, M::UiKeyEdit),
        (Setup, "o", K::Char('o'), NONE, ToggleItem, M::UiKeySwitchOffOn),
        (Setup, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (SetupFirstRun, "Tab", K::Tab, NONE, NextField, M::UiKeyNextStep),
        (SetupFirstRun, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousStep),
        (SetupFirstRun, "a", K::Char('a'), NONE, AddItem, M::UiKeyAdd),
        (SetupFirstRun, "Enter", K::Enter, NONE, EditItem, M::UiKeyEdit),
        (SetupFirstRun, "e", K::Char('e'), NONE, EditItem, M::UiKeyEdit),
        (SetupFirstRun, "o", K::Char('o'), NONE, ToggleItem, M::UiKeySwitchOffOn),
        (SetupFirstRun, "Esc", K::Esc, NONE, Back, M::UiKeyFinishSetup),
        (SetupForm, "Tab", K::Tab, NONE, NextField, M::UiKeyNextField),
        (SetupForm, "S-Tab", K::BackTab, SHIFT, PrevField, M::UiKeyPreviousField),
        (SetupForm, "F2", K::F(2), NONE, Submit, M::UiKeySave),
        (SetupForm, "C-s", K::Char('s'), CTRL, Submit, M::UiKeySave),
        (SetupForm, "Esc", K::Esc, NONE, Back, M::UiKeyCancel),
        (SetupForm, "F1", K::F(1), NONE, Help, M::UiKeyHelp),
        (Import, "Enter", K::Enter, NONE, Open, M::UiKeyImportOpen),
        (Import, "↑↓", K::Up, NONE, Up, M::UiKeyImportMove),
        (Import, "↓", K::Down, NONE, Down, M::UiKeyDown),
        (Import, "Bksp", K::Backspace, NONE, Backspace, M::UiKeyImportParent),
        (Import, "l", K::Char('l'), NONE, Char('l'), M::UiKeyImportBookFolder),
        (Import, "d", K::Char('d'), NONE, Char('d'), M::UiKeyImportDocuments),
        (Import, "D", K::Char('D'), NONE, Char('D'), M::UiKeyImportDownloads),
        (Import, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (ImportStep, "Enter", K::Enter, NONE, Open, M::UiKeyImportNext),
        (ImportStep, "↑↓", K::Up, NONE, Up, M::UiKeyImportMove),
        (ImportStep, "↓", K::Down, NONE, Down, M::UiKeyDown),
        (ImportStep, "Esc", K::Esc, NONE, Back, M::UiKeyBack),
        (ListSearch, "Enter", K::Enter, NONE, Submit, M::UiKeyEndSearch),
        (ListSearch, "Tab", K::Tab, NONE, NextField, M::UiKeyEndSearch),
        (ListSearch, "Esc", K::Esc, NONE, Back, M::UiKeyClearSearch),
        (Field, "←→", K::Left, NONE, Left, M::UiKeyMoveTheCursorInTheField),
        (Field, "→", K::Right, NONE, Right, M::UiKeyCursorRight),
        (Field, "Home", K::Home, NONE, Home, M::UiKeyToTheFieldsStart),
        (Field, "End", K::End, NONE, End, M::UiKeyToTheFieldsEnd),
        (Field, "Bksp", K::Backspace, NONE, Backspace, M::UiKeyDeleteBeforeTheCursor),
        (Field, "Del", K::Delete, NONE, Delete, M::UiKeyDeleteAtTheCursor),
    ];
    table
        .into_iter()
        .map(|(context, key, code, mods, action, help)| Binding {
            context,
            key,
            code,
            mods,
            action,
            help,
        })
        .collect()
}

/// Contexts where letters are typed into a field rather than read as keys.
pub(crate) fn typing(context: Context) -> bool {
    matches!(
        context,
        Context::Form
            | Context::RecordForm
            | Context::Cobro
            | Context::Close
            | Context::Picker
            | Context::MoneyForm
            | Context::Simulator
            | Context::MoneyConfirm
            | Context::SetupForm
            | Context::BackupPath
            | Context::ListSearch
    )
}

/// Ctrl-C: quits from any screen, before the screen sees the key.
pub fn interrupts(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(CTRL)
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
    // The teaching panel's keys, wherever it can be shown (there is no
    // book, so no panel, on the first screen).
    if context != Context::Welcome
        && let Some(b) = all
            .iter()
            .find(|b| b.context == Context::Teach && matches(b))
    {
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

/// The help lines of the teaching panel's keys (the help lists them while
/// the panel is shown).
pub fn teach_help_lines(lang: Lang) -> Vec<(String, String)> {
    lines_of(Context::Teach, lang, false)
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
        .map(|b| (b.key.to_string(), b.help.t(lang).to_string()))
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
        Context::Members => &["/", "a", "e", "i", "Enter", "?", "q"],
        Context::Journal => &["[", "]", "/", "Enter", "r", "?", "q"],
        // Enter opens the account's libro mayor.
        Context::Accounts => &["Enter", "[", "]", "/", "n", "?", "q"],
        // `?` works here too (the help lists it); the period line says `[ ]`.
        Context::Ledger => &["[", "]", "t", "x", "d", "Esc"],
        Context::Form => &["Tab", "F2", "C-n", "C-d", "Esc"],
        Context::Cobro => &["Enter", "Tab", "C-p", "C-x", "Esc", "F1"],
        Context::Close => &["Enter", "Tab", "Esc", "F1"],
        Context::Reports => &["←→", "[", "]", "x", "b", "o", "Esc"],
        Context::Picker => &["Enter", "↑↓", "Esc"],
        Context::ReportList => &["Enter", "↑↓", "Esc"],
        Context::ExportFormat => &["c", "s", "e", "h", "p", "Esc"],
        Context::Global => &["2", "3", "4", "5", "n", "?", "q"],
        // `e` and `q` work on the card too (the help lists them); the
        // footer keeps what fits at 80 columns.
        Context::MemberCard => &["h", "d", "w", "x", "r", "Esc", "?"],
        Context::Savings => &["d", "w", "t", "Tab", "Esc", "?", "q"],
        Context::Fund => &["g", "a", "Esc", "?", "q"],
        Context::Loans => &["Enter", "/", "a", "d", "p", "Esc", "s", "?"],
        // `q` works on the card too (the help lists it); Esc is kept last
        // so a narrow footer drops the schedule keys first.
        Context::LoanCard => &["p", "d", "x", "v", "↑↓", "?", "Esc"],
        Context::MoneyForm => &["Tab", "S-Tab", "F2", "Esc"],
        Context::Simulator => &["Tab", "PgDn", "PgUp", "Esc"],
        Context::MoneyConfirm => &["Enter", "Esc"],
        Context::Field => &[],
        Context::Confirm | Context::ConfirmStrict => &["s", "Esc"],
        Context::Welcome => &["1", "2", "q"],
        Context::Setup => &["Tab", "a", "Enter", "o", "?", "Esc"],
        Context::SetupFirstRun => &["Tab", "a", "Enter", "o", "?", "Esc"],
        Context::SetupForm => &["Tab", "S-Tab", "F2", "Esc"],
        Context::Backup => &["Enter", "↑↓", "Esc", "?"],
        Context::BackupPath => &["Enter", "Esc"],
        Context::Import => &["Enter", "↑↓", "Bksp", "l", "d", "D", "Esc"],
        Context::ImportStep => &["Enter", "↑↓", "Esc", "?"],
        Context::ListSearch => &["Enter", "Esc"],
        Context::RecordForm => &["Tab", "S-Tab", "F2", "Esc"],
        Context::Teach => &["Alt-↓", "Alt-↑"],
        Context::ExercisesOverlay => &["↑/k", "Enter", "r", "L", "Esc"],
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
