//! Configuración: what an association sets up once and changes seldom,
//! in five sections, each a list with its forms:
//!
//! - the association's data (the settings form, `settings.rs`, opened from here);
//! - the cash and bank accounts (1101, 1103 and their sub-accounts): add a
//!   bank account as a sub-account of 1103;
//! - the charge types (monthly dues, contributions, the fund...): add one,
//!   change its amount from a month on, switch it off or back on;
//! - the savings products: add, edit the rate, the interest base and the
//!   minimum balance;
//! - the loan products: add, or edit the terms for new applications (a loan
//!   keeps the terms it was made with), with the warning of a rate above the
//!   legal cap kept in the product and the refusal of a late rate above the
//!   BCE rule.
//!
//! The first run (after the welcome screen creates the book) goes through
//! the same sections in order, each skipped with Tab, and ends on the
//! dashboard. The loan application with no loan product opens the loan
//! product form here and goes back to the application once it is saved.
//!
//! Every field is read as typed with the parsers of `domain::input` and said
//! wrong in words under it; nothing is written until the form is saved
//! (F2), and a refusal of the book changes nothing.

use crate::domain::glyphs::Mark;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;

use super::Head::{L, R, Raw};
use super::{block, field_label, field_style, heading, inner_w, sel_mark, styled};
use crate::books::dues::{ChargeTypeInput, DuesError};
use crate::books::loans::{LoanOpError, rate_cap_warning};
use crate::books::savings::SavingsError;
use crate::books::{Book, BookError};
use crate::domain::account::{Account, codes, validate_sub_account};
use crate::domain::dues::{ChargeKind, ChargeType, Frequency};
use crate::domain::input;
use crate::domain::loan::{LoanError, LoanProduct, Method, max_late_rate};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::savings::{InterestBase, SavingsKind, SavingsProduct};
use crate::domain::settings::Settings;
use crate::domain::text::TextField;
use crate::i18n::{Label, Lang, Msg};
use crate::report::dues::decimal_text;
use crate::ui::app::{Input, Screen};
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};

/// The sections, in the order the first run goes through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Association,
    Accounts,
    Charges,
    Savings,
    Loans,
}

/// Every section, in order.
pub const SECTIONS: [Section; 5] = [
    Section::Association,
    Section::Accounts,
    Section::Charges,
    Section::Savings,
    Section::Loans,
];

impl Section {
    fn index(self) -> usize {
        SECTIONS.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// Its name on the sections' bar.
    fn name(self) -> Msg {
        match self {
            Section::Association => Msg::UiSetupSecAssociation,
            Section::Accounts => Msg::UiSetupSecAccounts,
            Section::Charges => Msg::UiSetupSecCharges,
            Section::Savings => Msg::UiSetupSecSavings,
            Section::Loans => Msg::UiSetupSecLoans,
        }
    }

    /// What it is for and its keys, in a sentence.
    fn about(self) -> Msg {
        match self {
            Section::Association => Msg::UiSetupAboutAssociation,
            Section::Accounts => Msg::UiSetupAboutAccounts,
            Section::Charges => Msg::UiSetupAboutCharges,
            Section::Savings => Msg::UiSetupAboutSavings,
            Section::Loans => Msg::UiSetupAboutLoans,
        }
    }
}

/// What a form does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    /// A bank account: a sub-account of 1103.
    BankAccount,
    ChargeType,
    /// A new amount of this charge type from a month on.
    ChargeAmount(u32),
    /// Switch this charge type off from a month on.
    ChargeOff(u32),
    /// Switch this charge type back on.
    ChargeOn(u32),
    SavingsProduct,
    /// The rate, base and minimum balance of this savings product.
    EditSavings(u32),
    LoanProduct,
    /// The terms of this loan product, for the applications made from now on.
    EditLoan(u32),
}

/// A field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Code,
    ChargeKind,
    Amount,
    FromMonth,
    Frequency,
    Account,
    Approval,
    SavingsKind,
    Rate,
    Base,
    MinBalance,
    Method,
    MaxMonths,
    MaxAmount,
    LateRate,
    Guarantee,
    SavingsMultiple,
    RateCap,
}

impl Field {
    fn label(self) -> Msg {
        match self {
            Field::Name => Msg::UiSetupFName,
            Field::Code => Msg::UiSetupFCode,
            Field::ChargeKind => Msg::UiSetupFChargeKind,
            Field::Amount => Msg::UiSetupFAmount,
            Field::FromMonth => Msg::UiSetupFFromMonth,
            Field::Frequency => Msg::UiSetupFFrequency,
            Field::Account => Msg::UiSetupFAccount,
            Field::Approval => Msg::UiSetupFApproval,
            Field::SavingsKind => Msg::UiSetupFSavingsKind,
            Field::Rate => Msg::UiSetupFRate,
            Field::Base => Msg::UiSetupFBase,
            Field::MinBalance => Msg::UiSetupFMinBalance,
            Field::Method => Msg::UiSetupFMethod,
            Field::MaxMonths => Msg::UiSetupFMaxMonths,
            Field::MaxAmount => Msg::UiSetupFMaxAmount,
            Field::LateRate => Msg::UiSetupFLateRate,
            Field::Guarantee => Msg::UiSetupFGuarantee,
            Field::SavingsMultiple => Msg::UiSetupFSavingsMultiple,
            Field::RateCap => Msg::UiSetupFRateCap,
        }
    }

    /// How many options a choice field has (0: a field typed in).
    fn options(self) -> usize {
        match self {
            Field::ChargeKind => CHARGE_KINDS.len(),
            Field::Frequency => FREQUENCIES.len(),
            Field::SavingsKind => SAVINGS_KINDS.len(),
            Field::Base => BASES.len(),
            Field::Method => METHODS.len(),
            _ => 0,
        }
    }

    /// The name of option `i` of a choice field.
    fn option(self, i: usize, lang: Lang) -> String {
        let s = match self {
            Field::ChargeKind => CHARGE_KINDS.get(i).map(|k| k.label(lang)),
            Field::Frequency => FREQUENCIES
                .get(i)
                .map(|f| crate::report::dues::frequency_label(*f, lang)),
            Field::SavingsKind => SAVINGS_KINDS.get(i).map(|k| k.label(lang)),
            Field::Base => BASES.get(i).map(|b| b.label(lang)),
            Field::Method => METHODS.get(i).map(|m| m.label(lang)),
            _ => None,
        };
        s.unwrap_or("").to_string()
    }
}

/// The kinds of charge, the most common first.
const CHARGE_KINDS: [ChargeKind; 5] = [
    ChargeKind::MonthlyDues,
    ChargeKind::Contribution,
    ChargeKind::SolidarityFund,
    ChargeKind::Admission,
    ChargeKind::Extraordinary,
];
const FREQUENCIES: [Frequency; 2] = [Frequency::Monthly, Frequency::Once];
const SAVINGS_KINDS: [SavingsKind; 2] = [SavingsKind::Ordinary, SavingsKind::Programmed];
const BASES: [InterestBase; 2] = [InterestBase::AverageDaily, InterestBase::Minimum];
/// Flat interest is for teaching only: a product is French or German.
const METHODS: [Method; 2] = [Method::French, Method::German];

/// One field of a form: typed text or one of its options.
#[derive(Clone, Debug)]
struct Slot {
    field: Field,
    input: Input,
    /// The option chosen (choice fields).
    choice: usize,
    /// The first value is a suggestion: typing replaces it.
    fresh: bool,
    required: bool,
}

/// A form of the setup screen.
#[derive(Clone, Debug)]
pub struct SetupForm {
    pub kind: FormKind,
    slots: Vec<Slot>,
    focus: usize,
    /// A save was tried: empty required fields are said too.
    tried: bool,
    /// What does not stop the save but must be read (a rate above its cap).
    pub warning: Option<String>,
    /// What the form is about (a charge type's or a product's name).
    subject: String,
    /// What the fields held when the form was shown ([`SetupForm::changed`]).
    opened: Vec<(String, usize)>,
}

/// What a form, read without a fault, will save.
enum Ready {
    Bank { code: String, name: String },
    Charge(ChargeTypeInput),
    Amount { id: u32, from: Month, amount: Money },
    Off { id: u32, from: Month },
    On { id: u32 },
    Savings(SavingsProduct),
    EditSavings(SavingsProduct),
    Loan(LoanProduct),
    EditLoan(LoanProduct),
}

impl SetupForm {
    fn new(kind: FormKind, subject: String) -> SetupForm {
        SetupForm {
            kind,
            slots: Vec::new(),
            focus: 0,
            tried: false,
            warning: None,
            subject,
            opened: Vec::new(),
        }
    }

    /// What each field holds: its text and the option chosen.
    fn held(&self) -> Vec<(String, usize)> {
        self.slots
            .iter()
            .map(|s| (s.input.value.to_string(), s.choice))
            .collect()
    }

    /// Whether a field holds something else than when the form was shown:
    /// Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        self.held() != self.opened
    }

    /// A field typed in (`fresh`: its first value is a suggestion).
    fn text(mut self, field: Field, value: &str, fresh: bool, required: bool) -> SetupForm {
        self.slots.push(Slot {
            field,
            input: Input::new(value),
            choice: 0,
            fresh,
            required,
        });
        self
    }

    /// A choice field on option `choice`.
    fn choice(mut self, field: Field, choice: usize) -> SetupForm {
        self.slots.push(Slot {
            field,
            input: Input::default(),
            choice,
            fresh: false,
            required: true,
        });
        self
    }

    fn slot(&self, f: Field) -> Option<&Slot> {
        self.slots.iter().find(|s| s.field == f)
    }

    fn slot_mut(&mut self, f: Field) -> Option<&mut Slot> {
        self.slots.iter_mut().find(|s| s.field == f)
    }

    /// The text of a field, trimmed.
    pub fn value(&self, f: Field) -> &str {
        self.slot(f).map(|s| s.input.value.trim()).unwrap_or("")
    }

    fn chosen(&self, f: Field) -> usize {
        self.slot(f).map(|s| s.choice).unwrap_or(0)
    }

    fn fail(&mut self, f: Field, e: String) {
        if let Some(s) = self.slot_mut(f) {
            s.input.error = Some(e);
        }
    }

    /// Reads field `f` with `parse`: `Ok(None)` when it is empty and may be,
    /// `Err` when it is wrong (said under it) or empty and required (said
    /// once a save was tried).
    fn read<T>(
        &mut self,
        f: Field,
        lang: Lang,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ()> {
        let Some(slot) = self.slot(f) else {
            return Ok(None);
        };
        let text = slot.input.value.trim().to_string();
        if text.is_empty() {
            if !slot.required {
                return Ok(None);
            }
            if self.tried {
                self.fail(f, Msg::UiSetupRequired.t(lang).to_string());
            }
            return Err(());
        }
        match parse(&text) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                self.fail(f, e);
                Err(())
            }
        }
    }

    /// Reads a field that must hold a value.
    fn need<T>(
        &mut self,
        f: Field,
        lang: Lang,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        self.read(f, lang, parse).ok().flatten()
    }

    /// Checks every field as typed (what is wrong is said under it) and,
    /// when nothing is, what the form will save.
    fn check(&mut self, book: &Book, lang: Lang) -> Option<Ready> {
        for s in &mut self.slots {
            s.input.error = None;
        }
        self.warning = None;
        let name =
            |s: &str| crate::domain::text::field(TextField::Name, s).map_err(|e| e.message(lang));
        let amount = |s: &str| match input::amount(s) {
            Ok(a) if a.is_positive() => Ok(a),
            Ok(_) => Err(DuesError::NonPositive.message(lang)),
            Err(e) => Err(e.message(lang)),
        };
        let month = |s: &str| input::month(s).map_err(|e| e.message(lang));
        let rate = |s: &str| input::rate(s).map_err(|e| e.message(lang));
        match self.kind {
            FormKind::BankAccount => {
                let n = self.need(Field::Name, lang, name);
                let code = self.need(Field::Code, lang, |s| {
                    validate_sub_account(codes::BANKS, s, "-")
                        .map_err(|e| e.message(lang))
                        .and_then(|()| match book.account(s) {
                            Some(_) => Err(BookError::AccountExists(s.to_string()).message(lang)),
                            None => Ok(s.to_string()),
                        })
                });
                Some(Ready::Bank {
                    code: code?,
                    name: n?,
                })
            }
            FormKind::ChargeType => {
                let kind = CHARGE_KINDS
                    .get(self.chosen(Field::ChargeKind))
                    .copied()
                    .unwrap_or(ChargeKind::MonthlyDues);
                let n = self.need(Field::Name, lang, name);
                let a = self.need(Field::Amount, lang, amount);
                let from = self.need(Field::FromMonth, lang, month);
                let account = self.need(Field::Account, lang, |s| {
                    if book.is_postable(s) {
                        Ok(s.to_string())
                    } else {
                        Err(DuesError::BadAccount(s.to_string()).message(lang))
                    }
                });
                let approval = self
                    .read(Field::Approval, lang, |s| {
                        crate::domain::text::field(TextField::Approval, s)
                            .map_err(|e| e.message(lang))
                    })
                    .ok()?
                    .unwrap_or_default();
                if kind == ChargeKind::Extraordinary && approval.is_empty() {
                    if self.tried {
                        self.fail(Field::Approval, DuesError::ApprovalRequired.message(lang));
                    }
                    return None;
                }
                let frequency = FREQUENCIES.get(self.chosen(Field::Frequency)).copied();
                Some(Ready::Charge(ChargeTypeInput {
                    name: n?,
                    kind,
                    frequency,
                    account: Some(account?),
                    start_month: from?,
                    amount: a?,
                    approval,
                    members: None,
                }))
            }
            FormKind::ChargeAmount(id) => {
                let a = self.need(Field::Amount, lang, amount);
                let from = self.need(Field::FromMonth, lang, month);
                Some(Ready::Amount {
                    id,
                    from: from?,
                    amount: a?,
                })
            }
            FormKind::ChargeOff(id) => {
                let from = self.need(Field::FromMonth, lang, month)?;
                Some(Ready::Off { id, from })
            }
            FormKind::ChargeOn(id) => Some(Ready::On { id }),
            FormKind::SavingsProduct | FormKind::EditSavings(_) => {
                let n = match self.kind {
                    FormKind::SavingsProduct => self.need(Field::Name, lang, name),
                    _ => Some(self.subject.clone()),
                };
                let r = self.need(Field::Rate, lang, rate);
                let min = self.need(Field::MinBalance, lang, |s| match input::amount(s) {
                    Ok(m) if m.is_negative() => Err(SavingsError::BadProduct.message(lang)),
                    Ok(m) => Ok(m),
                    Err(e) => Err(e.message(lang)),
                });
                let base = BASES
                    .get(self.chosen(Field::Base))
                    .copied()
                    .unwrap_or(InterestBase::AverageDaily);
                let kind = SAVINGS_KINDS
                    .get(self.chosen(Field::SavingsKind))
                    .copied()
                    .unwrap_or(SavingsKind::Ordinary);
                let p = SavingsProduct {
                    id: 0,
                    name: n?,
                    kind,
                    rate: r?,
                    base,
                    min_balance: min?,
                };
                Some(match self.kind {
                    FormKind::EditSavings(id) => Ready::EditSavings(SavingsProduct { id, ..p }),
                    _ => Ready::Savings(p),
                })
            }
            FormKind::LoanProduct => self.check_loan(lang),
            FormKind::EditLoan(id) => match self.check_loan(lang)? {
                Ready::Loan(p) => Some(Ready::EditLoan(LoanProduct { id, ..p })),
                other => Some(other),
            },
        }
    }

    fn check_loan(&mut self, lang: Lang) -> Option<Ready> {
        let name =
            |s: &str| crate::domain::text::field(TextField::Name, s).map_err(|e| e.message(lang));
        let rate = |s: &str| input::rate(s).map_err(|e| e.message(lang));
        let n = self.need(Field::Name, lang, name);
        let r = self.need(Field::Rate, lang, rate);
        let months = self.need(Field::MaxMonths, lang, |s| match input::months(s) {
            Ok(m) if (1..=360).contains(&m) => Ok(m),
            Ok(_) => Err(LoanError::BadTerm.message(lang)),
            Err(e) => Err(e.message(lang)),
        });
        let max = self.need(Field::MaxAmount, lang, |s| match input::amount(s) {
            Ok(a) if a.is_positive() => Ok(a),
            Ok(_) => Err(LoanError::NonPositiveAmount.message(lang)),
            Err(e) => Err(e.message(lang)),
        });
        let late = self.read(Field::LateRate, lang, rate);
        let guarantee = self.need(Field::Guarantee, lang, |s| {
            input::percent(s).map_err(|e| e.message(lang))
        });
        let multiple = self.read(Field::SavingsMultiple, lang, |s| {
            input::multiple(s).map_err(|e| e.message(lang))
        });
        let cap = self.read(Field::RateCap, lang, rate);
        // The BCE rule: a late rate of at most 1.1 times the rate.
        let mut late_ok = true;
        if let (Some(r), Ok(Some(l))) = (r, &late)
            && *l > max_late_rate(r)
        {
            let allowed = max_late_rate(r).normalize();
            self.fail(
                Field::LateRate,
                LoanOpError::LateRateAboveCap { allowed }.message(lang),
            );
            late_ok = false;
        }
        if let (Some(r), Ok(Some(c))) = (r, &cap)
            && r > *c
        {
            self.warning = Some(rate_cap_warning(r, *c, lang));
        }
        let method = METHODS
            .get(self.chosen(Field::Method))
            .copied()
            .unwrap_or(Method::French);
        if !late_ok {
            return None;
        }
        Some(Ready::Loan(LoanProduct {
            id: 0,
            name: n?,
            method,
            rate: r?,
            max_months: months?,
            max_amount: max?,
            late_rate: late.ok()?,
            guarantee_percent: guarantee?,
            max_savings_multiple: multiple.ok()?,
            rate_cap: cap.ok()?,
        }))
    }

    /// The first thing said wrong under a field.
    fn first_error(&self) -> Option<String> {
        self.slots.iter().find_map(|s| s.input.error.clone())
    }

    /// A key in a choice field: Space or → the next option, ← the one
    /// before, a letter the next option starting with it. Whether the key
    /// was one of these.
    fn choose(&mut self, action: &Action, lang: Lang) -> bool {
        let Some(slot) = self.slots.get(self.focus) else {
            return false;
        };
        let n = slot.field.options();
        if n == 0 {
            return false;
        }
        let field = slot.field;
        let now = slot.choice;
        let next = match action {
            Action::Char(' ') | Action::Right => (now + 1) % n,
            Action::Left => (now + n - 1) % n,
            Action::Char(c) => {
                let c = crate::report::dues::fold(&c.to_string());
                (1..=n)
                    .map(|k| (now + k) % n)
                    .find(|&i| crate::report::dues::fold(&field.option(i, lang)).starts_with(&c))
                    .unwrap_or(now)
            }
            _ => return action.edit().is_some(),
        };
        if let Some(s) = self.slots.get_mut(self.focus) {
            s.choice = next;
        }
        if field == Field::ChargeKind && next != now {
            self.kind_changed(now, next);
        }
        true
    }

    /// A charge type's kind changed: its frequency and, while not typed
    /// in, its account follow the kind's.
    fn kind_changed(&mut self, before: usize, after: usize) {
        let (Some(old), Some(new)) = (CHARGE_KINDS.get(before), CHARGE_KINDS.get(after)) else {
            return;
        };
        let once = matches!(new, ChargeKind::Admission | ChargeKind::Extraordinary);
        if let Some(s) = self.slot_mut(Field::Frequency) {
            s.choice = usize::from(once);
        }
        if let Some(s) = self.slot_mut(Field::Account)
            && s.input.value.trim() == old.default_account()
        {
            s.input.value.set(new.default_account());
            s.fresh = true;
        }
    }
}

/// A cash or bank account with its balance at the month's end.
#[derive(Clone, Debug)]
pub struct AccountRow {
    pub account: Account,
    pub balance: Money,
}

/// What the screen shows of the book, as last loaded.
#[derive(Clone, Debug, Default)]
pub struct SetupData {
    pub settings: Option<Settings>,
    pub accounts: Vec<AccountRow>,
    pub charges: Vec<ChargeType>,
    pub savings: Vec<SavingsProduct>,
    pub loans: Vec<LoanProduct>,
    pub month: Option<Month>,
}

/// The setup screen's state.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub section: Section,
    /// The selected row of each section.
    sel: [usize; 5],
    /// Led through the sections after the book was created.
    pub first_run: bool,
    pub form: Option<SetupForm>,
    pub data: SetupData,
    /// The loan-product form was opened from a loan application: once
    /// saved, back to it; Esc back to the loan list.
    for_loan: bool,
    /// The settings form was opened from here: saved or left, back here.
    pub(crate) in_settings: bool,
    /// Shown since it was last opened: a reload of the book reads it again.
    pub(crate) shown: bool,
}

impl Setup {
    /// Opens the screen on its first section (`first_run`: the guided
    /// round after the book was created).
    pub fn open(&mut self, first_run: bool, ctx: &mut Ctx) -> Effect {
        *self = Setup {
            first_run,
            shown: true,
            ..Setup::default()
        };
        let loaded = self.reload(ctx);
        let said = if first_run {
            Effect::say(ctx.t(Msg::UiSetupWelcome))
        } else {
            Effect::None
        };
        loaded.then(said).then(Effect::Show(Screen::Setup))
    }

    /// The loan-product form, opened from a loan application when the
    /// book has none: once saved, back to the application.
    pub fn open_for_loan(&mut self, ctx: &mut Ctx) -> Effect {
        *self = Setup {
            section: Section::Loans,
            shown: true,
            for_loan: true,
            ..Setup::default()
        };
        let loaded = self.reload(ctx);
        let mut form = loan_form();
        form.opened = form.held();
        self.form = Some(form);
        loaded
            .then(Effect::say(ctx.t(Msg::UiNoProducts)))
            .then(Effect::Show(Screen::Setup))
    }

    /// Which keymap applies.
    pub fn context(&self) -> Context {
        if self.form.is_some() {
            Context::SetupForm
        } else if self.first_run {
            Context::SetupFirstRun
        } else {
            Context::Setup
        }
    }

    /// Reads again what the screen shows.
    pub(crate) fn load(&mut self, book: &Book) -> Result<(), BookError> {
        let month = book.current_month()?;
        let mut accounts = Vec::new();
        for a in book.chart() {
            let cash_or_bank = [codes::CASH, codes::BANKS]
                .iter()
                .any(|c| a.code.starts_with(c));
            if cash_or_bank {
                accounts.push(AccountRow {
                    account: a.clone(),
                    balance: book.balance_of(&a.code, month)?,
                });
            }
        }
        self.data = SetupData {
            settings: Some(book.settings()?),
            accounts,
            charges: book.charge_types()?,
            savings: book.savings_products()?,
            loans: book.loan_products()?,
            month: Some(month),
        };
        let len = self.rows();
        let s = &mut self.sel[self.section.index()];
        *s = (*s).min(len.saturating_sub(1));
        Ok(())
    }

    fn reload(&mut self, ctx: &Ctx) -> Effect {
        match self.load(ctx.book) {
            Ok(()) => Effect::None,
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// The rows of the section on show.
    fn rows(&self) -> usize {
        match self.section {
            Section::Association => 0,
            Section::Accounts => self.data.accounts.len(),
            Section::Charges => self.data.charges.len(),
            Section::Savings => self.data.savings.len(),
            Section::Loans => self.data.loans.len(),
        }
    }

    /// The selected row of the section on show.
    pub fn selected(&self) -> usize {
        self.sel[self.section.index()]
    }

    /// A key on the screen.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.form.is_some() {
            return self.form_key(action, ctx);
        }
        let i = self.section.index();
        match action {
            Action::NextField => match SECTIONS.get(i + 1) {
                Some(s) => self.section = *s,
                None if self.first_run => return self.finish(ctx),
                None => self.section = SECTIONS[0],
            },
            Action::PrevField => {
                self.section = match i.checked_sub(1) {
                    Some(j) => SECTIONS[j],
                    None if self.first_run => SECTIONS[0],
                    None => SECTIONS[SECTIONS.len() - 1],
                }
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let len = self.rows();
                self.sel[i] = super::moved(self.sel[i], len, action, ctx.page);
            }
            Action::AddItem => return self.open_add(ctx),
            Action::EditItem | Action::Open => return self.open_edit(ctx),
            Action::ToggleItem => return self.open_toggle(ctx),
            Action::Back if self.first_run => return self.finish(ctx),
            Action::Back => {
                self.shown = false;
                return Effect::Show(Screen::Main);
            }
            a => return Effect::Pass(a),
        }
        Effect::None
    }

    /// The end of the first run: the dashboard.
    fn finish(&mut self, ctx: &Ctx) -> Effect {
        self.first_run = false;
        self.shown = false;
        Effect::Home.then(Effect::say(ctx.t(Msg::UiSetupDone)))
    }

    /// `a`: a new row of the section.
    fn open_add(&mut self, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let month = self
            .data
            .month
            .unwrap_or_else(|| Month::of(book.today()))
            .to_string();
        let form = match self.section {
            Section::Association => return self.open_settings(),
            Section::Accounts => SetupForm::new(FormKind::BankAccount, String::new())
                .text(Field::Name, "", false, true)
                .text(Field::Code, &free_bank_code(book), true, true),
            Section::Charges => {
                let kind = CHARGE_KINDS[0];
                SetupForm::new(FormKind::ChargeType, String::new())
                    .text(Field::Name, "", false, true)
                    .choice(Field::ChargeKind, 0)
                    .text(Field::Amount, "", false, true)
                    .text(Field::FromMonth, &month, true, true)
                    .choice(Field::Frequency, 0)
                    .text(Field::Account, kind.default_account(), true, true)
                    .text(Field::Approval, "", false, false)
            }
            Section::Savings => SetupForm::new(FormKind::SavingsProduct, String::new())
                .text(Field::Name, "", false, true)
                .choice(Field::SavingsKind, 0)
                .text(Field::Rate, "0", true, true)
                .choice(Field::Base, 0)
                .text(Field::MinBalance, "0", true, true),
            Section::Loans => loan_form(),
        };
        self.show_form(form, ctx)
    }

    /// Enter or `e`: the selected row's edit (the association's data, a
    /// charge type's amount, a savings or loan product's terms).
    fn open_edit(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let sel = self.selected();
        let month = self
            .data
            .month
            .unwrap_or_else(|| Month::of(ctx.book.today()));
        let form = match self.section {
            Section::Association => return self.open_settings(),
            Section::Accounts => return Effect::say(ctx.t(Msg::UiSetupAccountsNoEdit)),
            Section::Loans => {
                let Some(p) = self.data.loans.get(sel) else {
                    return Effect::None;
                };
                loan_form_of(p, lang)
            }
            Section::Charges => {
                let Some(t) = self.data.charges.get(sel) else {
                    return Effect::None;
                };
                let now = t
                    .amount_for(month)
                    .or(t.amounts.first().map(|(_, a)| *a))
                    .unwrap_or(Money::ZERO);
                SetupForm::new(FormKind::ChargeAmount(t.id), t.name.clone())
                    .text(Field::Amount, &now.localized(lang), true, true)
                    .text(Field::FromMonth, &month.to_string(), true, true)
            }
            Section::Savings => {
                let Some(p) = self.data.savings.get(sel) else {
                    return Effect::None;
                };
                let base = BASES.iter().position(|b| *b == p.base).unwrap_or(0);
                let kind = SAVINGS_KINDS.iter().position(|k| *k == p.kind).unwrap_or(0);
                SetupForm::new(FormKind::EditSavings(p.id), p.name.clone())
                    .choice(Field::SavingsKind, kind)
                    .text(Field::Rate, &decimal_text(p.rate, lang), true, true)
                    .choice(Field::Base, base)
                    .text(
                        Field::MinBalance,
                        &p.min_balance.localized(lang),
                        true,
                        true,
                    )
            }
        };
        self.show_form(form, ctx)
    }

    /// `o`: switch the selected charge type off from a month on, or back on.
    fn open_toggle(&mut self, ctx: &mut Ctx) -> Effect {
        if self.section != Section::Charges {
            return Effect::None;
        }
        let Some(t) = self.data.charges.get(self.selected()) else {
            return Effect::None;
        };
        let month = self
            .data
            .month
            .unwrap_or_else(|| Month::of(ctx.book.today()));
        let form = match t.end_month {
            Some(_) => SetupForm::new(FormKind::ChargeOn(t.id), t.name.clone()),
            None => SetupForm::new(FormKind::ChargeOff(t.id), t.name.clone()).text(
                Field::FromMonth,
                &month.to_string(),
                true,
                true,
            ),
        };
        self.show_form(form, ctx)
    }

    /// The association's data: the settings form, back here once saved or left.
    fn open_settings(&mut self) -> Effect {
        self.in_settings = true;
        Effect::Pass(Action::OpenSettings)
    }

    fn show_form(&mut self, mut form: SetupForm, ctx: &Ctx) -> Effect {
        form.check(ctx.book, ctx.lang);
        form.opened = form.held();
        self.form = Some(form);
        Effect::None
    }

    /// A key on a form: move, type (checked as typed), save or leave.
    fn form_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(form) = &mut self.form else {
            return Effect::None;
        };
        let n = form.slots.len();
        match action {
            Action::Back if form.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return self.cancel(),
            Action::Submit => return self.save(ctx),
            Action::NextField if form.focus + 1 >= n => return self.save(ctx),
            Action::Help => return Effect::Help,
            _ if n == 0 => return Effect::None,
            a if super::move_focus(&mut form.focus, n, &a) => {}
            a if form.choose(&a, lang) => {}
            a if a.edit().is_some() => {
                let i = form.focus;
                let Some(slot) = form.slots.get_mut(i) else {
                    return Effect::None;
                };
                if let Some(e) = super::type_fresh(&mut slot.input, &mut slot.fresh, &a, lang) {
                    return e;
                }
            }
            _ => return Effect::None,
        }
        form.check(ctx.book, lang);
        // What the status line said of an earlier try is stale now.
        Effect::ClearStatus
    }

    /// Esc on a form: nothing saved, back to the list (or to the loan list
    /// when the form was opened from a loan application).
    fn cancel(&mut self) -> Effect {
        self.form = None;
        if std::mem::take(&mut self.for_loan) {
            self.shown = false;
            return Effect::Pass(Action::GoLoans);
        }
        Effect::None
    }

    /// F2: the form is saved when nothing in it is wrong; the book checks
    /// again and a refusal changes nothing.
    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(form) = &mut self.form else {
            return Effect::None;
        };
        form.tried = true;
        let Some(ready) = form.check(ctx.book, lang) else {
            let e = form
                .first_error()
                .unwrap_or_else(|| Msg::UiSetupFix.t(lang).to_string());
            return Effect::error(e);
        };
        let adding = matches!(
            form.kind,
            FormKind::BankAccount
                | FormKind::ChargeType
                | FormKind::SavingsProduct
                | FormKind::LoanProduct
        );
        let book = &mut *ctx.book;
        let saved: Result<String, BookError> = match ready {
            Ready::Bank { code, name } => book
                .add_sub_account(codes::BANKS, &code, &name)
                .map(|a| Msg::UiSetupBankSaved.fill(lang, &[("code", &a.code), ("name", &a.name)])),
            Ready::Charge(input) => book
                .add_charge_type(&input)
                .map(|t| Msg::UiSetupChargeSaved.fill(lang, &[("name", &t.name)])),
            Ready::Amount { id, from, amount } => {
                book.set_charge_amount(id, from, amount).map(|t| {
                    Msg::UiSetupAmountSaved.fill(
                        lang,
                        &[
                            ("name", &t.name),
                            ("amount", &amount.localized(lang)),
                            ("month", &from.name(lang)),
                        ],
                    )
                })
            }
            Ready::Off { id, from } => book.switch_off_charge_type(id, Some(from)).map(|t| {
                Msg::UiSetupChargeOff.fill(lang, &[("name", &t.name), ("month", &from.name(lang))])
            }),
            Ready::On { id } => book
                .switch_off_charge_type(id, None)
                .map(|t| Msg::UiSetupChargeOn.fill(lang, &[("name", &t.name)])),
            Ready::Savings(p) => book
                .add_savings_product(&p.name, p.kind, p.rate, p.base, p.min_balance)
                .map(|p| Msg::UiSetupSavingsSaved.fill(lang, &[("name", &p.name)])),
            Ready::EditSavings(p) => {
                let name = p.name.clone();
                book.update_savings_product(&p)
                    .map(|()| Msg::UiSetupSavingsSaved.fill(lang, &[("name", &name)]))
            }
            Ready::Loan(p) => book.add_loan_product(p).map(|(p, over)| {
                // The warning itself was shown in the form before saving.
                let said = match over {
                    Some(_) => Msg::UiSetupLoanSavedOverCap,
                    None => Msg::UiSetupLoanSaved,
                };
                said.fill(lang, &[("name", &p.name)])
            }),
            Ready::EditLoan(p) => book.update_loan_product(p).map(|(p, over)| {
                let said = match over {
                    Some(_) => Msg::UiSetupLoanUpdatedOverCap,
                    None => Msg::UiSetupLoanUpdated,
                };
                said.fill(lang, &[("name", &p.name)])
            }),
        };
        match saved {
            Ok(said) => {
                self.form = None;
                let reloaded = self.reload(ctx);
                if adding {
                    // The new row, at the end of the list, is the one selected.
                    let rows = self.rows();
                    self.sel[self.section.index()] = rows.saturating_sub(1);
                }
                let effect = Effect::say(said).then(reloaded).then(Effect::Reload);
                if std::mem::take(&mut self.for_loan) {
                    self.shown = false;
                    return effect.then(Effect::Pass(Action::NewLoan));
                }
                effect
            }
            Err(e) => Effect::error(e.message(lang)),
        }
    }

    /// Back from the settings form opened here (`saved`: what it said).
    pub(crate) fn back_from_settings(&mut self, saved: Option<String>) -> Effect {
        self.in_settings = false;
        let back = Effect::Show(Screen::Setup);
        match saved {
            Some(text) => Effect::say(text).then(Effect::Reload).then(back),
            None => back,
        }
    }
}

/// A new loan product's form.
fn loan_form() -> SetupForm {
    SetupForm::new(FormKind::LoanProduct, String::new())
        .text(Field::Name, "", false, true)
        .choice(Field::Method, 0)
        .text(Field::Rate, "", false, true)
        .text(Field::MaxMonths, "", false, true)
        .text(Field::MaxAmount, "", false, true)
        .text(Field::LateRate, "", false, false)
        .text(Field::Guarantee, "0", true, true)
        .text(Field::SavingsMultiple, "", false, false)
        .text(Field::RateCap, "", false, false)
}

/// The form of an existing loan product, filled with its terms (each a
/// suggestion that typing replaces).
fn loan_form_of(p: &LoanProduct, lang: Lang) -> SetupForm {
    let opt = |d: Option<Decimal>| d.map(|d| decimal_text(d, lang)).unwrap_or_default();
    let method = METHODS.iter().position(|m| *m == p.method).unwrap_or(0);
    let late = opt(p.late_rate);
    let multiple = opt(p.max_savings_multiple);
    let cap = opt(p.rate_cap);
    SetupForm::new(FormKind::EditLoan(p.id), p.name.clone())
        // The name is corrected where it is (typing does not replace it).
        .text(Field::Name, &p.name, false, true)
        .choice(Field::Method, method)
        .text(Field::Rate, &decimal_text(p.rate, lang), true, true)
        .text(Field::MaxMonths, &p.max_months.to_string(), true, true)
        .text(Field::MaxAmount, &p.max_amount.localized(lang), true, true)
        .text(Field::LateRate, &late, !late.is_empty(), false)
        .text(
            Field::Guarantee,
            &decimal_text(p.guarantee_percent, lang),
            true,
            true,
        )
        .text(
            Field::SavingsMultiple,
            &multiple,
            !multiple.is_empty(),
            false,
        )
        .text(Field::RateCap, &cap, !cap.is_empty(), false)
}

/// The first free code under 1103 (110301, 110302...).
fn free_bank_code(book: &Book) -> String {
    (1..100)
        .map(|n| format!("{}{n:02}", codes::BANKS))
        .find(|c| book.account(c).is_none())
        .unwrap_or_default()
}

// ---- Drawing

/// A text cut to `w` columns with an ellipsis when it is longer (never a
/// word cut without a mark), padded to `w`.
fn clip(s: &str, w: usize) -> String {
    // The column's last place stays blank, so the next column never touches
    // it; a long text gives way at a word (see `fit`).
    if w < 2 {
        return super::fit(s, w);
    }
    format!("{} ", super::fit(s, w - 1))
}

/// A month as `11/2026`.
fn short_month(m: Month) -> String {
    format!("{:02}/{}", m.month(), m.year())
}

/// A rate in percent ("15 %", "15.5%").
fn rate_text(d: Decimal, lang: Lang) -> String {
    Msg::UiSetupPercent.fill(lang, &[("rate", &decimal_text(d, lang))])
}

impl Setup {
    /// Draws the screen: the sections' bar, what the section is for, its
    /// list; or the form open on it.
    pub fn render(&self, v: &ViewCtx, f: &mut Frame, area: Rect) {
        let w = inner_w(v, area);
        let title = if self.first_run {
            Msg::UiSetupFirstRunTitle.fill(
                v.lang,
                &[
                    ("step", &(self.section.index() + 1)),
                    ("steps", &SECTIONS.len()),
                ],
            )
        } else {
            v.t(Msg::UiSetupTitle).to_string()
        };
        let mut lines = vec![self.bar(v)];
        match &self.form {
            Some(form) => self.form_lines(form, v, w, &mut lines),
            None => {
                lines.push(styled(v.t(self.section.about()), v.theme.muted));
                lines.push(Line::from(""));
                let room = (area.height as usize).saturating_sub(2 + lines.len() + 3);
                self.list_lines(v, w, room, &mut lines);
                if self.first_run {
                    lines.push(Line::from(""));
                    lines.push(styled(v.t(Msg::UiSetupFirstRunKeys), v.theme.info));
                }
            }
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(v, &title, true)),
            area,
        );
    }

    /// The sections, the one on show in brackets.
    fn bar<'a>(&self, v: &ViewCtx) -> Line<'a> {
        let mut spans = Vec::new();
        for s in SECTIONS {
            let name = v.t(s.name());
            if s == self.section {
                spans.push(Span::styled(format!("[{name}]"), v.theme.tab_active));
            } else {
                spans.push(Span::styled(format!(" {name} "), v.theme.tab_inactive));
            }
        }
        Line::from(spans)
    }

    /// The section's list, `room` lines at most.
    fn list_lines<'a>(&self, v: &ViewCtx, w: usize, room: usize, lines: &mut Vec<Line<'a>>) {
        let lang = v.lang;
        let sel = self.selected();
        let mut rows: Vec<(bool, String)> = Vec::new();
        let head = match self.section {
            Section::Association => {
                if let Some(s) = &self.data.settings {
                    let label_w = 26;
                    let pairs = [
                        (Msg::UiSetName, s.name.clone()),
                        (Msg::UiSetRuc, s.ruc.clone().unwrap_or_default()),
                        (Msg::UiSetupKind, s.kind.label(lang).to_string()),
                        (Msg::UiSetAddress, s.address.clone()),
                        (Msg::UiSetTreasurer, s.treasurer.clone()),
                        (Msg::UiSetPresident, s.president.clone()),
                    ];
                    for (label, value) in pairs {
                        lines.push(Line::from(vec![
                            Span::styled(clip(label.t(lang), label_w), v.theme.muted),
                            Span::styled(value, v.theme.base),
                        ]));
                    }
                }
                return;
            }
            Section::Accounts => {
                let name_w = w.saturating_sub(2 + 8 + 14);
                for r in &self.data.accounts {
                    rows.push((
                        r.account.code.len() > 4,
                        format!(
                            "{:<8}{}{:>14}",
                            r.account.code,
                            clip(r.account.display_name(lang), name_w),
                            r.balance.localized(lang)
                        ),
                    ));
                }
                heading(
                    v,
                    &[
                        Raw("  "),
                        L(v.t(Msg::UiSetupColCode), 8),
                        L(v.t(Msg::UiSetupColName), name_w),
                        R(v.t(Msg::UiSetupColBalance), 14),
                    ],
                )
            }
            Section::Charges => {
                let month = self.data.month;
                let name_w = w.saturating_sub(2 + 11 + 8 + 9 + 18);
                for t in &self.data.charges {
                    let amount = month
                        .and_then(|m| t.amount_for(m))
                        .or(t.amounts.first().map(|(_, a)| *a))
                        .unwrap_or(Money::ZERO);
                    let state = match t.end_month {
                        None => v.t(Msg::UiSetupActive).to_string(),
                        Some(m) => Msg::UiSetupOffFrom.fill(lang, &[("month", &short_month(m))]),
                    };
                    rows.push((
                        true,
                        format!(
                            "{}{:>10} {:<8}{:<9}{}",
                            clip(&t.name, name_w),
                            amount.localized(lang),
                            t.account,
                            short_month(t.start_month),
                            clip(&state, 18)
                        ),
                    ));
                }
                heading(
                    v,
                    &[
                        Raw("  "),
                        L(v.t(Msg::UiSetupColName), name_w),
                        R(v.t(Msg::UiSetupColAmount), 10),
                        Raw(" "),
                        L(v.t(Msg::UiSetupColAccount), 8),
                        L(v.t(Msg::UiSetupColFrom), 9),
                        L(v.t(Msg::UiSetupColState), 18),
                    ],
                )
            }
            Section::Savings => {
                let name_w = w.saturating_sub(2 + 19 + 8 + 24 + 11);
                for p in &self.data.savings {
                    rows.push((
                        true,
                        format!(
                            "{}{}{:>7} {}{:>11}",
                            clip(&p.name, name_w),
                            clip(p.kind.label(lang), 19),
                            rate_text(p.rate, lang),
                            clip(p.base.label(lang), 24),
                            p.min_balance.localized(lang)
                        ),
                    ));
                }
                heading(
                    v,
                    &[
                        Raw("  "),
                        L(v.t(Msg::UiSetupColName), name_w),
                        L(v.t(Msg::UiSetupColKind), 19),
                        R(v.t(Msg::UiSetupColRate), 7),
                        Raw(" "),
                        L(v.t(Msg::UiSetupColBase), 24),
                        R(v.t(Msg::UiSetupColMinimum), 11),
                    ],
                )
            }
            Section::Loans => {
                let name_w = w.saturating_sub(2 + 9 + 8 + 8 + 7 + 12 + 8);
                for p in &self.data.loans {
                    let late = p.late_rate.unwrap_or_else(|| max_late_rate(p.rate));
                    let cap = p.rate_cap.map(|c| rate_text(c, lang)).unwrap_or_default();
                    rows.push((
                        true,
                        format!(
                            "{}{}{:>7} {:>7} {:>6} {:>11} {:>7}",
                            clip(&p.name, name_w),
                            clip(crate::i18n::labels::method_short(p.method).t(lang), 9),
                            rate_text(p.rate, lang),
                            rate_text(late.normalize(), lang),
                            p.max_months,
                            p.max_amount.localized(lang),
                            cap
                        ),
                    ));
                }
                heading(
                    v,
                    &[
                        Raw("  "),
                        L(v.t(Msg::UiSetupColName), name_w),
                        L(v.t(Msg::UiSetupColMethod), 9),
                        R(v.t(Msg::UiSetupColRate), 7),
                        R(v.t(Msg::UiSetupColLate), 8),
                        R(v.t(Msg::UiSetupColMonths), 7),
                        R(v.t(Msg::UiSetupColMaxAmount), 12),
                        R(v.t(Msg::UiSetupColCap), 8),
                    ],
                )
            }
        };
        lines.push(head);
        if rows.is_empty() {
            lines.push(styled(v.t(Msg::UiSetupEmpty), v.theme.muted));
            return;
        }
        for i in super::window(sel, rows.len(), room.max(1)) {
            let Some((plain, text)) = rows.get(i) else {
                continue;
            };
            let style = super::row_style(v, i == sel, *plain, v.theme.muted);
            lines.push(Line::from(vec![
                Span::styled(sel_mark(i == sel), style),
                Span::styled(text.clone(), style),
            ]));
        }
    }

    /// A form's lines: what it does, its fields, what is wrong, the warning.
    fn form_lines<'a>(&self, form: &SetupForm, v: &ViewCtx, w: usize, lines: &mut Vec<Line<'a>>) {
        let lang = v.lang;
        let title = match form.kind {
            FormKind::BankAccount => Msg::UiSetupFormBank.t(lang).to_string(),
            FormKind::ChargeType => Msg::UiSetupFormCharge.t(lang).to_string(),
            FormKind::ChargeAmount(_) => {
                Msg::UiSetupFormAmount.fill(lang, &[("name", &form.subject)])
            }
            FormKind::ChargeOff(_) => Msg::UiSetupFormOff.fill(lang, &[("name", &form.subject)]),
            FormKind::ChargeOn(_) => Msg::UiSetupFormOn.fill(lang, &[("name", &form.subject)]),
            FormKind::SavingsProduct => Msg::UiSetupFormSavings.t(lang).to_string(),
            FormKind::EditSavings(_) => {
                Msg::UiSetupFormEditSavings.fill(lang, &[("name", &form.subject)])
            }
            FormKind::LoanProduct => Msg::UiSetupFormLoan.t(lang).to_string(),
            FormKind::EditLoan(_) => {
                Msg::UiSetupFormEditLoan.fill(lang, &[("name", &form.subject)])
            }
        };
        lines.push(styled(title, v.theme.title));
        if self.for_loan {
            lines.push(styled(v.t(Msg::UiSetupForLoan), v.theme.info));
        }
        let label_w = 34.min(w / 2);
        for (i, s) in form.slots.iter().enumerate() {
            let focus = i == form.focus;
            let label = v.t(s.field.label());
            if s.field.options() > 0 {
                let text = format!("‹ {} ›", s.field.option(s.choice, lang));
                let style = if focus { v.theme.input } else { v.theme.base };
                let mut spans = vec![
                    field_label(v, label, focus, label_w),
                    Span::styled(text, style),
                ];
                if focus {
                    spans.push(Span::styled(
                        format!(" {}", v.t(Msg::UiSetupChoiceKeys)),
                        v.theme.muted,
                    ));
                }
                lines.push(Line::from(spans));
            } else {
                lines.push(Line::from(vec![
                    field_label(v, label, focus, label_w),
                    Span::styled(
                        s.input.value.view_whole(focus),
                        field_style(v, &s.input, focus, focus && s.fresh),
                    ),
                ]));
                if let Some(e) = &s.input.error {
                    lines.push(styled(super::under_field(e, label_w, w), v.theme.error));
                }
            }
        }
        if let Some(warning) = &form.warning {
            lines.push(styled(
                format!("{} {warning}", super::mark(Mark::Warn)),
                v.theme.warning,
            ));
        }
        if let Some(note) = form_note(form.kind) {
            lines.push(styled(v.t(note), v.theme.muted));
        }
    }
}

/// What a form says under its fields.
fn form_note(kind: FormKind) -> Option<Msg> {
    match kind {
        FormKind::BankAccount => Some(Msg::UiSetupNoteBank),
        FormKind::ChargeType => Some(Msg::UiSetupNoteCharge),
        FormKind::ChargeAmount(_) => Some(Msg::UiSetupNoteAmount),
        FormKind::ChargeOff(_) => Some(Msg::UiSetupNoteOff),
        FormKind::ChargeOn(_) => Some(Msg::UiSetupNoteOn),
        FormKind::SavingsProduct | FormKind::EditSavings(_) => Some(Msg::UiSetupNoteSavings),
        FormKind::LoanProduct => Some(Msg::UiSetupNoteLoan),
        FormKind::EditLoan(_) => Some(Msg::UiSetupNoteEditLoan),
    }
}
