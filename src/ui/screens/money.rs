//! Savings, the solidarity fund and loans.
//!
//! - From the member card: `h` the member's savings (accounts, passbook with
//!   the running balance), `d` a deposit, `w` a withdrawal.
//! - `7`: the solidarity fund (balance, movements, grants); `g` a grant, `a` a
//!   voluntary contribution.
//! - `6`: the loan list; Enter the loan card; `s` the simulator; `a` an
//!   application; `d` a disbursement; `p` a repayment; on the loan card `x`
//!   a write-off and `v` the void of the disbursement, each posted only on
//!   an explicit yes (s or y).
//!
//! Every form shows what will be posted and waits for Enter; Esc corrects.
//! The books make every check again when posting, and a refusal changes
//! nothing. The screens are drawn at the end of this file from this state;
//! the loan screens' state and drawing are in `loans.rs`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;

use super::Head::{L, R, Raw};
use super::heading;
pub use super::loans::{Simulator, percent_of};
use super::{
    amount, block, error_text, field_label, fit, fit_rows, inner_w, list_window, loans, sel_mark,
    spaced, styled,
};
use crate::books::dues::DuesError;
use crate::books::loans::{LoanApplication, LoanArrears, LoanRow, VoidPlan, WriteOffPlan};
use crate::books::savings::{FundRequest, PassbookLine, SavingsError, SavingsView};
use crate::books::{Book, BookError};
use crate::domain::account::Account;
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::entry::Posting;
use crate::domain::input;
use crate::domain::loan::{Allocation, Loan, LoanProduct, Prepay, Schedule};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::savings::SavingsKind;
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::report::dues::decimal_text;
use crate::report::loans::LoanStatement;
use crate::report::savings::FundStatement;
use crate::ui::app::{Input, Screen};
use crate::ui::density::Density;
use crate::ui::keymap::{Action, Context};
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::search::SearchBox;

/// Which of the screens is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum View {
    /// The loan list.
    #[default]
    Loans,
    /// One member's savings.
    Savings,
    /// The solidarity fund.
    Fund,
    /// One loan.
    LoanCard,
    Simulator,
    /// A form (`MoneyState::form`).
    Form,
}

/// Where Esc goes from a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Back {
    /// The member card.
    Card,
    View(View),
}

/// A field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Amount,
    /// The savings account a transfer goes to.
    ToAccount,
    /// The amount of a loan.
    LoanAmount,
    Date,
    Cash,
    Beneficiary,
    Reason,
    Approval,
    Description,
    Member,
    Product,
    Months,
    Guarantor,
    Purpose,
    Prepay,
    Rate,
    Method,
    Start,
}

impl Field {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Amount => Msg::UiFAmount,
            Field::LoanAmount => Msg::UiFLoanAmount,
            Field::ToAccount => Msg::UiFToAccount,
            Field::Date => Msg::UiFDate,
            Field::Cash => Msg::UiFCash,
            Field::Beneficiary => Msg::UiFBeneficiary,
            Field::Reason => Msg::UiFReason,
            Field::Approval => Msg::UiFApproval,
            Field::Description => Msg::UiFDescription,
            Field::Member => Msg::UiFMember,
            Field::Product => Msg::UiFProduct,
            Field::Months => Msg::UiFMonths,
            Field::Guarantor => Msg::UiFGuarantor,
            Field::Purpose => Msg::UiFPurpose,
            Field::Prepay => Msg::UiFPrepay,
            Field::Rate => Msg::UiFRate,
            Field::Method => Msg::UiFMethod,
            Field::Start => Msg::UiFStart,
        }
        .t(lang)
    }
}

/// What a form does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Deposit,
    Withdraw,
    Transfer,
    Grant,
    Contribute,
    Apply,
    Disburse,
    Repay,
    /// A loan written off (castigo).
    WriteOff,
    /// A disbursement voided.
    Void,
}

/// What a form shows beside its fields.
#[derive(Clone, Debug)]
pub enum FormInfo {
    /// The member and the account the money goes into or out of.
    Savings {
        member: Member,
        account: Option<SavingsView>,
        /// The member's other accounts (where a transfer may go).
        others: Vec<SavingsView>,
    },
    /// The fund's balance now.
    Fund { balance: Money },
    /// The book's loan products.
    Products(Vec<LoanProduct>),
    /// The loan, what is due now and what pays it off today.
    Loan {
        loan: Box<Loan>,
        name: String,
        product: Option<LoanProduct>,
        due_now: Money,
        payoff: Money,
        days_late: i64,
    },
}

/// A reviewed operation, waiting for the confirmation.
#[derive(Clone, Debug)]
pub enum Pending {
    Deposit {
        member: u32,
        name: String,
        account: Option<u32>,
        amount: Money,
        date: NaiveDate,
        cash: String,
        balance_after: Money,
    },
    Withdraw {
        account: u32,
        name: String,
        amount: Money,
        date: NaiveDate,
        cash: String,
        balance_after: Money,
        available_after: Money,
    },
    Transfer {
        from: u32,
        to: u32,
        to_product: String,
        amount: Money,
        date: NaiveDate,
        from_after: Money,
        to_after: Money,
    },
    Grant {
        member: Option<u32>,
        beneficiary: String,
        amount: Money,
        reason: String,
        approval: String,
        date: NaiveDate,
        cash: String,
        fund_after: Money,
    },
    Contribute {
        member: Option<u32>,
        name: String,
        amount: Money,
        description: String,
        date: NaiveDate,
        cash: String,
        fund_after: Money,
    },
    Apply {
        application: LoanApplication,
        name: String,
        guarantor: Option<String>,
        product: LoanProduct,
        schedule: Box<Schedule>,
        guarantee: Money,
        /// The product's rate cap, when the rate exceeds it.
        warning: Option<Decimal>,
    },
    Disburse {
        loan: u32,
        name: String,
        amount: Money,
        date: NaiveDate,
        cash: String,
        guarantee: Money,
        schedule: Box<Schedule>,
    },
    Repay {
        loan: u32,
        name: String,
        amount: Money,
        date: NaiveDate,
        cash: String,
        how: Prepay,
        alloc: Allocation,
        payoff: Money,
        outstanding: Money,
    },
    WriteOff {
        name: String,
        plan: Box<WriteOffPlan>,
        /// The entry's lines: side, account (code and name), amount.
        lines: Vec<EntryLine>,
    },
    Void {
        name: String,
        amount: Money,
        plan: Box<VoidPlan>,
        lines: Vec<EntryLine>,
    },
}

/// One line of the entry a review shows: the posting and its account's
/// name, read from the book at review time.
#[derive(Clone, Debug)]
pub struct EntryLine {
    pub posting: Posting,
    pub name: String,
}

impl Pending {
    /// Whether only an explicit yes (s or y) posts it: Enter, pressed out
    /// of habit, does not write a loan off or void a disbursement.
    pub fn strict(&self) -> bool {
        matches!(self, Pending::WriteOff { .. } | Pending::Void { .. })
    }
}

/// A form of these screens.
#[derive(Clone, Debug)]
pub struct MoneyForm {
    kind: FormKind,
    pub fields: Vec<(Field, Input)>,
    /// What the field's text stands for (a member's name, an account's), in muted text.
    hints: Vec<Option<String>>,
    /// The field still holds its first value (a suggestion): typing replaces it.
    fresh: Vec<bool>,
    focus: usize,
    /// The repayment's choice for a prepayment.
    pub(super) prepay: Prepay,
    pub(super) info: FormInfo,
    pub pending: Option<Pending>,
    /// The cash account the reviewed operation names, read from the book
    /// at review time (the review is drawn without the book).
    pub(super) cash: Option<Account>,
    /// What the reviewed operation will post, as the books plan it, for
    /// the teaching panel (empty when it posts nothing, as an application).
    pub taught: Vec<Posting>,
    error: Option<String>,
    back: Back,
    /// What the fields held when the form opened ([`MoneyForm::changed`]).
    opened: (Vec<String>, Prepay),
    /// The active members that match the focused member or guarantor
    /// field (never the borrower), at most [`SUGGESTED`]; empty when the
    /// text already names the one member listed.
    pub suggest: Vec<Member>,
    /// How many members matched (`suggest` shows the first ones).
    pub(super) matched: usize,
    /// The suggestion ↑↓ picked, which Enter or Tab takes.
    pub pick: usize,
}

/// How many matching members a member field lists under it.
pub(super) const SUGGESTED: usize = 4;

/// The active members whose name or cédula holds every word of `text`
/// (accents and case ignored; `#12` is member 12), but `except`, in name order.
pub(super) fn matching_members<'a>(
    members: &'a [Member],
    text: &str,
    except: Option<u32>,
) -> Vec<&'a Member> {
    let query = loans::fold(text);
    let words: Vec<&str> = query.split_whitespace().filter(|w| *w != "#").collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<&Member> = members
        .iter()
        .filter(|m| m.status.is_active() && Some(m.id) != except)
        .filter(|m| {
            let hay = loans::fold(&format!("{} {}", m.full_name(), m.id_number));
            let number = m.id.to_string();
            // `#12` is member 12; `12` is member 12 or a cédula or name
            // holding it; other words are looked for anywhere.
            words.iter().all(|w| match w.strip_prefix('#') {
                Some(n) => n == number,
                None => *w == number || hay.contains(w),
            })
        })
        .collect();
    // The member the text names exactly (the whole cédula, or the number)
    // first: typing "13" offers member 13 before cédulas starting with 13.
    let exact = |m: &Member| {
        let t = text.trim();
        let key = t.strip_prefix('#').unwrap_or(t);
        m.id_number == t || m.id.to_string() == key
    };
    found.sort_by_key(|m| (!exact(m), loans::fold(&m.full_name())));
    found
}

impl MoneyForm {
    pub(super) fn new(
        kind: FormKind,
        fields: Vec<(Field, String)>,
        info: FormInfo,
        back: Back,
    ) -> Self {
        let n = fields.len();
        let fresh = fields.iter().map(|(_, v)| !v.is_empty()).collect();
        let opened = (
            fields.iter().map(|(_, v)| v.clone()).collect(),
            Prepay::ShortenTerm,
        );
        MoneyForm {
            kind,
            fresh,
            fields: fields
                .into_iter()
                .map(|(f, v)| {
                    (
                        f,
                        Input {
                            value: v.into(),
                            error: None,
                        },
                    )
                })
                .collect(),
            hints: vec![None; n],
            focus: 0,
            prepay: Prepay::ShortenTerm,
            info,
            pending: None,
            cash: None,
            taught: Vec::new(),
            error: None,
            back,
            opened,
            suggest: Vec::new(),
            matched: 0,
            pick: 0,
        }
    }

    /// Whether a field holds something else than when the form opened:
    /// Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        (
            super::typed(self.fields.iter().map(|(_, i)| i)),
            self.prepay,
        ) != self.opened
    }

    /// The member the text of field `f` names, if it names one.
    fn named(&self, f: Field, book: &Book, members: &[Member], lang: Lang) -> Option<u32> {
        let text = self.value(f).trim();
        (!text.is_empty())
            .then(|| resolve_member(book, members, text, lang).ok())
            .flatten()
            .map(|m| m.id)
    }

    /// The members the focused field lists, read again from what it holds.
    fn suggest_members(&mut self, book: &Book, members: &[Member], lang: Lang) {
        let Some(&(field, ref input)) = self.fields.get(self.focus) else {
            return;
        };
        let text = input.value.trim().to_string();
        let found = match field {
            Field::Member | Field::Guarantor
                if !text.is_empty() && !self.fresh.get(self.focus).copied().unwrap_or(false) =>
            {
                // The guarantor is never the borrower.
                let borrower = (field == Field::Guarantor)
                    .then(|| self.named(Field::Member, book, members, lang))
                    .flatten();
                matching_members(members, &text, borrower)
            }
            _ => Vec::new(),
        };
        let named = self.named(field, book, members, lang);
        // Nothing to choose when the text names the one member that matches.
        let found = if found.len() == 1 && Some(found[0].id) == named {
            Vec::new()
        } else {
            found
        };
        self.matched = found.len();
        self.suggest = found.into_iter().take(SUGGESTED).cloned().collect();
        self.pick = self.pick.min(self.suggest.len().saturating_sub(1));
    }

    /// Enter or Tab on a member field that lists members: the picked one
    /// goes into the field (its cédula), unless the text already names it.
    fn take_suggestion(&mut self, book: &Book, members: &[Member], lang: Lang) {
        let Some(m) = self.suggest.get(self.pick).cloned() else {
            return;
        };
        let i = self.focus;
        let Some(field) = self.fields.get(i).map(|(f, _)| *f) else {
            return;
        };
        if self.named(field, book, members, lang) != Some(m.id) {
            let key = if m.id_number.is_empty() {
                format!("#{}", m.id)
            } else {
                m.id_number.clone()
            };
            self.fields[i].1.value.set(&key);
            self.fields[i].1.error = None;
        }
        self.suggest.clear();
        self.pick = 0;
    }

    /// The text typed in a field ("" when the form has no such field).
    pub fn value(&self, f: Field) -> &str {
        self.fields
            .iter()
            .find(|(ff, _)| *ff == f)
            .map(|(_, i)| i.value.as_str())
            .unwrap_or("")
    }

    fn index(&self, f: Field) -> Option<usize> {
        self.fields.iter().position(|(ff, _)| *ff == f)
    }
}

/// A member's savings.
#[derive(Clone, Debug, Default)]
pub struct SavingsData {
    member: Option<Member>,
    accounts: Vec<SavingsView>,
    sel: usize,
    /// The selected account's passbook, oldest first.
    passbook: Vec<PassbookLine>,
    /// The passbook line at the bottom of the window.
    scroll: usize,
}

impl SavingsData {
    pub fn selected(&self) -> Option<&SavingsView> {
        self.accounts.get(self.sel)
    }
}

/// The state of these screens.
#[derive(Clone, Debug, Default)]
pub struct MoneyState {
    pub view: View,
    pub form: Option<MoneyForm>,
    savings: SavingsData,
    pub fund: Option<FundStatement>,
    /// The fund movement at the bottom of the window.
    fund_scroll: usize,
    pub loans: Vec<LoanRow>,
    /// The loan list's search box (`/`).
    pub loan_search: SearchBox,
    /// The rows of `loans` the search box leaves, in their order.
    pub(super) loan_view: Vec<usize>,
    /// The book's loan products (their names are searched), as loaded with the list.
    pub(super) loan_products: Vec<LoanProduct>,
    pub(super) arrears: Option<LoanArrears>,
    /// The selected row of the list as filtered (`loan_view`).
    pub loan_sel: usize,
    pub statement: Option<LoanStatement>,
    /// The first installment shown on the loan card.
    pub(super) schedule_top: usize,
    pub sim: Simulator,
    /// How many rows the scrolling table (passbook, fund movements,
    /// schedule) shows in the last known size: the bounds of scrolling,
    /// computed in [`MoneyState::update`] (see [`MoneyState::table_rows`]).
    pub(super) rows: usize,
}

/// Why a review stopped: the field at fault (if one) and the message.
pub(super) type Refusal = (Option<Field>, String);

impl MoneyState {
    /// Whether the header marks the current tab (not on the loans and fund screens).
    pub fn tab_shown(&self) -> bool {
        match self.view {
            View::Savings => true,
            View::Form => matches!(
                self.form.as_ref().map(|f| f.back),
                Some(Back::Card | Back::View(View::Savings))
            ),
            _ => false,
        }
    }

    /// Which keymap applies on these screens.
    pub fn context(&self) -> Context {
        match self.view {
            View::Loans if self.loan_search.active => Context::ListSearch,
            View::Form
                if self
                    .form
                    .as_ref()
                    .and_then(|f| f.pending.as_ref())
                    .is_some_and(Pending::strict) =>
            {
                Context::ConfirmStrict
            }
            View::Form if self.form.as_ref().is_some_and(|f| f.pending.is_some()) => {
                Context::MoneyConfirm
            }
            View::Form => Context::MoneyForm,
            View::Simulator => Context::Simulator,
            View::Savings => Context::Savings,
            View::Fund => Context::Fund,
            View::Loans => Context::Loans,
            View::LoanCard => Context::LoanCard,
        }
    }

    /// Shows `view` (and these screens, if another was shown).
    pub(super) fn show(&mut self, view: View) -> Effect {
        self.view = view;
        Effect::Show(Screen::Money)
    }

    /// How many rows the view's scrolling table shows in `body` (the
    /// screen's area), laid out as drawn; `None` when it shows none.
    pub fn table_rows(&self, density: Density, body: Rect) -> Option<usize> {
        let rows = |r: Rect, less: usize| {
            density.rows_in((r.height.saturating_sub(3) as usize).saturating_sub(less))
        };
        match self.view {
            View::Savings => Some(rows(savings_areas(&self.savings, density, body)[1], 0)),
            View::Fund => self
                .fund
                .as_ref()
                .map(|s| rows(fund_areas(s, density, body)[1], 0)),
            View::LoanCard => self
                .statement
                .as_ref()
                .map(|s| rows(loans::card_areas(s, body)[1], 0)),
            View::Simulator => self.sim.chosen.as_ref().map(|_| {
                let notes = loans::sim_notes(&self.sim, Lang::default()).len();
                rows(loans::sim_areas(body)[1], notes)
            }),
            View::Loans | View::Form => None,
        }
    }

    /// A key on these screens.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        use Action::*;
        if let Some(rows) = ctx.body.and_then(|b| self.table_rows(ctx.density, b)) {
            self.rows = rows;
        }
        match self.view {
            View::Form => return self.form_key(action, ctx),
            View::Simulator => return self.sim_key(action, ctx),
            _ => {}
        }
        if self.view == View::Loans
            && let Some(e) = self.loan_search_key(&action, ctx)
        {
            return e;
        }
        match action {
            Back => self.back(ctx),
            Up => self.move_by(-1),
            Down => self.move_by(1),
            PageUp => self.move_by(-(self.page(ctx) as i64)),
            PageDown => self.move_by(self.page(ctx) as i64),
            // Every global key the main screen answers (the footer and
            // the help list them here too).
            Quit | Help | ToggleLang | GoDashboard | GoMembers | GoJournal | GoAccounts
            | GoCobro | GoLoans | GoFund | NewEntry | OpenSettings | OpenSetup | OpenClose
            | OpenReports | GenerateCharges | OpenBackup => Effect::Pass(action),
            a => match self.view {
                View::Savings => self.savings_key(a, ctx),
                View::Fund => self.fund_key(a, ctx),
                View::Loans => self.loans_key(a, ctx),
                View::LoanCard => self.loan_card_key(a, ctx),
                View::Form | View::Simulator => Effect::None,
            },
        }
    }

    fn back(&mut self, ctx: &mut Ctx) -> Effect {
        match self.view {
            View::Savings => Effect::Card,
            View::LoanCard | View::Simulator => self.open_loans(ctx),
            View::Loans | View::Fund | View::Form => Effect::Show(Screen::Main),
        }
    }

    /// A page of the screen's list: the rows of its table, or of the loan list.
    fn page(&self, ctx: &Ctx) -> usize {
        match self.view {
            View::Loans => ctx.page,
            _ => self.rows.max(1),
        }
    }

    fn move_by(&mut self, by: i64) -> Effect {
        let m = self;
        let rows = m.rows.max(1);
        // Moves `v` by `by` within `lo..=hi` (from where the view shows it).
        let step = |v: usize, lo: usize, hi: usize| {
            let hi = hi.max(lo);
            (v.clamp(lo, hi) as i64 + by).clamp(lo as i64, hi as i64) as usize
        };
        match m.view {
            // The passbook and the fund keep their latest line at the bottom:
            // `scroll` is the last row shown.
            View::Savings => {
                let len = m.savings.passbook.len();
                m.savings.scroll = step(
                    m.savings.scroll,
                    rows.min(len).saturating_sub(1),
                    len.saturating_sub(1),
                );
            }
            View::Fund => {
                let len = m.fund.as_ref().map(|f| f.movements.len()).unwrap_or(0);
                m.fund_scroll = step(
                    m.fund_scroll,
                    rows.min(len).saturating_sub(1),
                    len.saturating_sub(1),
                );
            }
            View::Loans => m.loan_sel = step(m.loan_sel, 0, m.loan_view.len().saturating_sub(1)),
            View::LoanCard => {
                let len = m
                    .statement
                    .as_ref()
                    .map(|s| s.loan.installments.len())
                    .unwrap_or(0);
                m.schedule_top = step(m.schedule_top, 0, len.saturating_sub(rows));
            }
            View::Simulator | View::Form => {}
        }
        Effect::None
    }

    // ---- the member card and savings ----

    /// `h`, `d` or `w` on the card of `member`.
    pub fn card_savings(&mut self, action: Action, member: &Member, ctx: &mut Ctx) -> Effect {
        let loaded = match self.load_savings(member, ctx) {
            Ok(e) => e,
            Err(e) => return e,
        };
        loaded.then(match action {
            Action::Deposit => self.open_savings_form(FormKind::Deposit, Back::Card, ctx),
            Action::Withdraw => self.open_savings_form(FormKind::Withdraw, Back::Card, ctx),
            _ => self.show(View::Savings),
        })
    }

    /// Loads a member's savings accounts (the ordinary one selected) and its
    /// passbook; `Err` when they cannot be read.
    fn load_savings(&mut self, member: &Member, ctx: &Ctx) -> Result<Effect, Effect> {
        let book = &*ctx.book;
        match book.member_savings(member.id) {
            Ok(accounts) => {
                let same = self.savings.member.as_ref().map(|m| m.id) == Some(member.id);
                let keep = self
                    .savings
                    .selected()
                    .map(|v| v.account.id)
                    .filter(|_| same);
                let sel = keep
                    .and_then(|id| accounts.iter().position(|v| v.account.id == id))
                    .or_else(|| {
                        accounts
                            .iter()
                            .position(|v| v.product.kind == SavingsKind::Ordinary)
                    })
                    .unwrap_or(0);
                self.savings = SavingsData {
                    member: Some(member.clone()),
                    accounts,
                    sel,
                    passbook: Vec::new(),
                    scroll: 0,
                };
                Ok(self.load_passbook(ctx))
            }
            Err(e) => Err(Effect::error(e.message(ctx.lang))),
        }
    }

    fn load_passbook(&mut self, ctx: &Ctx) -> Effect {
        let s = &mut self.savings;
        let Some(id) = s.selected().map(|v| v.account.id) else {
            s.passbook.clear();
            return Effect::None;
        };
        match ctx.book.passbook(id) {
            Ok((view, lines)) => {
                s.accounts[s.sel] = view;
                s.scroll = lines.len().saturating_sub(1);
                s.passbook = lines;
                Effect::None
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    fn savings_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let back = Back::View(View::Savings);
        match action {
            Action::Deposit => self.open_savings_form(FormKind::Deposit, back, ctx),
            Action::Withdraw => self.open_savings_form(FormKind::Withdraw, back, ctx),
            Action::Transfer => self.open_savings_form(FormKind::Transfer, back, ctx),
            Action::NextField | Action::PrevField => {
                let s = &mut self.savings;
                let n = s.accounts.len();
                if n > 1 {
                    s.sel = if action == Action::NextField {
                        (s.sel + 1) % n
                    } else {
                        (s.sel + n - 1) % n
                    };
                    return self.load_passbook(ctx);
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    fn open_savings_form(&mut self, kind: FormKind, back: Back, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let s = &self.savings;
        let Some(member) = s.member.clone() else {
            return Effect::None;
        };
        let account = s.selected().cloned();
        let others: Vec<SavingsView> = s
            .accounts
            .iter()
            .filter(|v| Some(v.account.id) != account.as_ref().map(|a| a.account.id))
            .cloned()
            .collect();
        if kind != FormKind::Deposit && account.is_none() {
            return Effect::error(ctx.t(Msg::UiNoSavingsAccount));
        }
        if kind == FormKind::Transfer && others.is_empty() {
            return Effect::error(ctx.t(Msg::UiOneAccount));
        }
        let today = book.today().to_string();
        let fields = if kind == FormKind::Transfer {
            // The other account is suggested when there is only one.
            let to = match others.as_slice() {
                [only] => only.account.id.to_string(),
                _ => String::new(),
            };
            vec![
                (Field::Amount, String::new()),
                (Field::ToAccount, to),
                (Field::Date, today),
            ]
        } else {
            vec![
                (Field::Amount, String::new()),
                (Field::Date, today),
                (Field::Cash, CASH.to_string()),
            ]
        };
        let form = MoneyForm::new(
            kind,
            fields,
            FormInfo::Savings {
                member,
                account,
                others,
            },
            back,
        );
        self.open_form(form, ctx)
    }

    // ---- the solidarity fund ----

    /// `7`: the solidarity fund.
    pub fn open_fund(&mut self, ctx: &mut Ctx) -> Effect {
        let loaded = self.load_fund(ctx);
        loaded.then(self.show(View::Fund))
    }

    fn load_fund(&mut self, ctx: &Ctx) -> Effect {
        match crate::report::savings::fund_statement(ctx.book, None) {
            Ok(s) => {
                self.fund_scroll = s.movements.len().saturating_sub(1);
                self.fund = Some(s);
                Effect::None
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    fn fund_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let balance = match book.fund_balance() {
            Ok(b) => b,
            Err(e) => return Effect::error(e.message(ctx.lang)),
        };
        let today = book.today().to_string();
        let back = Back::View(View::Fund);
        let form = match action {
            Action::Grant => MoneyForm::new(
                FormKind::Grant,
                vec![
                    (Field::Beneficiary, String::new()),
                    (Field::Amount, String::new()),
                    (Field::Reason, String::new()),
                    (Field::Approval, String::new()),
                    (Field::Date, today),
                    (Field::Cash, CASH.to_string()),
                ],
                FormInfo::Fund { balance },
                back,
            ),
            Action::Contribute => MoneyForm::new(
                FormKind::Contribute,
                vec![
                    (Field::Member, String::new()),
                    (Field::Amount, String::new()),
                    (Field::Description, String::new()),
                    (Field::Date, today),
                    (Field::Cash, CASH.to_string()),
                ],
                FormInfo::Fund { balance },
                back,
            ),
            _ => return Effect::None,
        };
        self.open_form(form, ctx)
    }

    // ---- forms ----

    pub(super) fn open_form(&mut self, form: MoneyForm, ctx: &Ctx) -> Effect {
        self.form = Some(form);
        self.form_hints(ctx);
        self.show(View::Form)
    }

    fn form_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(form) = &mut self.form else {
            return Effect::None;
        };
        if form.pending.as_ref().is_some_and(Pending::strict) {
            // Only s or y posts; any other key goes back to the form, unposted.
            if action == Action::Yes {
                return self.post(ctx);
            }
            form.pending = None;
            form.error = Some(ctx.t(Msg::UiStrictNotPosted).to_string());
            return Effect::None;
        }
        if form.pending.is_some() {
            match action {
                Action::NextField
                | Action::Submit
                | Action::Open
                | Action::Yes
                | Action::Char('s' | 'S' | 'y' | 'Y') => return self.post(ctx),
                Action::Back | Action::No | Action::PrevField | Action::Char('n' | 'N') => {
                    form.pending = None
                }
                Action::Help => return Effect::Help,
                _ => {}
            }
            return Effect::None;
        }
        let n = form.fields.len();
        if !form.suggest.is_empty() {
            match action {
                Action::Up => {
                    form.pick = form.pick.saturating_sub(1);
                    return Effect::None;
                }
                Action::Down => {
                    form.pick = (form.pick + 1).min(form.suggest.len() - 1);
                    return Effect::None;
                }
                Action::NextField => form.take_suggestion(ctx.book, ctx.members, ctx.lang),
                _ => {}
            }
        }
        if action.edit().is_some() && !action.moves_cursor() {
            // A new text: the first of its matches is picked.
            form.pick = 0;
        }
        match action {
            Action::Back if form.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return self.form_cancel(),
            Action::NextField if form.focus + 1 == n => {
                self.review(ctx);
                return Effect::None;
            }
            a if super::move_focus(&mut form.focus, n, &a) => {}
            Action::Submit => {
                self.review(ctx);
                return Effect::None;
            }
            Action::Char(_) if form.fields[form.focus].0 == Field::Prepay => {
                form.prepay = match form.prepay {
                    Prepay::ShortenTerm => Prepay::LowerInstallment,
                    Prepay::LowerInstallment => Prepay::ShortenTerm,
                };
            }
            a if a.edit().is_some() && form.fields[form.focus].0 != Field::Prepay => {
                let i = form.focus;
                if let Some(e) =
                    super::type_fresh(&mut form.fields[i].1, &mut form.fresh[i], &a, ctx.lang)
                {
                    return e;
                }
            }
            _ => return Effect::None,
        }
        form.error = None;
        self.form_hints(ctx);
        Effect::None
    }

    fn form_cancel(&mut self) -> Effect {
        let back = self.form.take().map(|f| f.back);
        match back {
            Some(Back::Card) | None => Effect::Card,
            Some(Back::View(v)) => self.show(v),
        }
    }

    /// The checks made as the user types: what a member number or an account
    /// stands for, and whether an amount or a date can be read.
    fn form_hints(&mut self, ctx: &Ctx) {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let Some(form) = &mut self.form else {
            return;
        };
        for i in 0..form.fields.len() {
            let (field, input) = &form.fields[i];
            let text = input.value.trim();
            let (error, hint) = if text.is_empty() {
                // What to type, until something is typed.
                let placeholder = match field {
                    Field::Member if form.kind == FormKind::Contribute => {
                        Some(Msg::UiOptionalMemberPlaceholder)
                    }
                    Field::Member => Some(Msg::UiMemberPlaceholder),
                    Field::Guarantor => Some(Msg::UiOptionalMemberPlaceholder),
                    Field::Beneficiary => Some(Msg::UiBeneficiaryPlaceholder),
                    _ => None,
                };
                (None, placeholder.map(|m| m.t(lang).to_string()))
            } else {
                match field {
                    Field::Amount | Field::LoanAmount => {
                        (input::amount(text).err().map(|e| e.message(lang)), None)
                    }
                    Field::Date => (input::date(text).err().map(|e| e.message(lang)), None),
                    Field::Months => (input::months(text).err().map(|e| e.message(lang)), None),
                    Field::Cash => match cash_account(book, text, lang) {
                        Ok(code) => (
                            None,
                            book.account(&code)
                                .map(|a| a.display_name(lang).to_string()),
                        ),
                        Err(e) => (Some(e), None),
                    },
                    Field::Member | Field::Guarantor => {
                        match resolve_member(book, ctx.members, text, lang) {
                            Ok(m) => (None, Some(m.full_name())),
                            Err(e) => (Some(e), None),
                        }
                    }
                    Field::Beneficiary => (
                        None,
                        Some(match book.find_member(text) {
                            Ok(m) => Msg::UiGrantToMember.fill(lang, &[("name", &m.full_name())]),
                            Err(_) => Msg::UiNotMemberShort.t(lang).to_string(),
                        }),
                    ),
                    Field::ToAccount => match to_account(&form.info, text, lang) {
                        Ok(v) => (None, Some(v.product.name.clone())),
                        Err(e) => (Some(e), None),
                    },
                    Field::Product => match product_of(&form.info, text, lang) {
                        Ok(p) => (None, Some(p.name.clone())),
                        Err(e) => (Some(e), None),
                    },
                    _ => (None, None),
                }
            };
            form.fields[i].1.error = error;
            form.hints[i] = hint;
        }
        form.suggest_members(book, ctx.members, lang);
    }

    /// Checks the form and shows what will be posted.
    fn review(&mut self, ctx: &Ctx) {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let Some(form) = &mut self.form else {
            return;
        };
        let result = match form.kind {
            FormKind::Deposit | FormKind::Withdraw | FormKind::Transfer => {
                review_savings(book, form, lang)
            }
            FormKind::Grant | FormKind::Contribute => review_fund(book, ctx.members, form, lang),
            FormKind::Apply => loans::review_apply(book, ctx.members, form, lang),
            FormKind::Disburse => loans::review_disburse(book, form, lang),
            FormKind::Repay => loans::review_repay(book, form, lang),
            FormKind::WriteOff => loans::review_write_off(book, form, lang),
            FormKind::Void => loans::review_void(book, form, lang),
        };
        match result {
            Ok(p) => {
                form.taught = planned_postings(book, &p);
                form.pending = Some(p);
                form.cash = book.account(form.value(Field::Cash).trim()).cloned();
                form.error = None;
            }
            Err((field, msg)) => match field.and_then(|f| form.index(f)) {
                Some(i) => {
                    form.fields[i].1.error = Some(msg);
                    form.focus = i;
                }
                None => form.error = Some(msg),
            },
        }
    }

    /// Posts the reviewed operation; a refusal goes back to the form and changes nothing.
    fn post(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(pending) = self.form.as_mut().and_then(|f| f.pending.take()) else {
            return Effect::None;
        };
        let book = &mut *ctx.book;
        // The message, the screen to show next, and the loan it is about.
        let done: Result<(String, View, Option<u32>), BookError> = match pending {
            Pending::Deposit {
                member,
                account,
                amount,
                date,
                cash,
                ..
            } => book.deposit(member, account, amount, date, &cash).map(|e| {
                (
                    Msg::UiDepositDone
                        .fill(lang, &[("amount", &amount.localized(lang)), ("n", &e.id)]),
                    View::Savings,
                    None,
                )
            }),
            Pending::Withdraw {
                account,
                amount,
                date,
                cash,
                ..
            } => book.withdraw(account, amount, date, &cash).map(|e| {
                (
                    Msg::UiWithdrawDone
                        .fill(lang, &[("amount", &amount.localized(lang)), ("n", &e.id)]),
                    View::Savings,
                    None,
                )
            }),
            Pending::Transfer {
                from,
                to,
                amount,
                date,
                ..
            } => book.transfer_savings(from, to, amount, date).map(|e| {
                (
                    Msg::UiTransferDone
                        .fill(lang, &[("amount", &amount.localized(lang)), ("n", &e.id)]),
                    View::Savings,
                    None,
                )
            }),
            Pending::Grant {
                member,
                beneficiary,
                amount,
                reason,
                approval,
                date,
                cash,
                ..
            } => book
                .fund_grant(
                    member,
                    &beneficiary,
                    amount,
                    &reason,
                    &approval,
                    date,
                    &cash,
                )
                .map(|g| {
                    (
                        Msg::UiGrantDone.fill(
                            lang,
                            &[
                                ("n", &g.number),
                                ("name", &g.beneficiary),
                                ("amount", &g.amount.localized(lang)),
                            ],
                        ),
                        View::Fund,
                        None,
                    )
                }),
            Pending::Contribute {
                member,
                amount,
                description,
                date,
                cash,
                ..
            } => book
                .fund_contribute(member, amount, date, &cash, &description)
                .map(|e| {
                    (
                        Msg::UiContributionDone
                            .fill(lang, &[("amount", &amount.localized(lang)), ("n", &e.id)]),
                        View::Fund,
                        None,
                    )
                }),
            Pending::Apply { application, .. } => book.apply_loan(&application).map(|(l, w)| {
                let mut msg = Msg::UiApplyDone.fill(lang, &[("n", &l.id)]);
                if let Some(cap) = w {
                    msg = format!(
                        "{msg} {}",
                        crate::books::loans::rate_cap_warning(l.rate, cap, lang)
                    );
                }
                (msg, View::LoanCard, Some(l.id))
            }),
            Pending::Disburse {
                loan, date, cash, ..
            } => book.disburse_loan(loan, date, &cash).map(|l| {
                (
                    Msg::UiDisburseDone
                        .fill(lang, &[("n", &l.id), ("amount", &l.amount.localized(lang))]),
                    View::LoanCard,
                    Some(l.id),
                )
            }),
            Pending::Repay {
                loan,
                amount,
                date,
                cash,
                how,
                ..
            } => book.pay_loan(loan, amount, date, &cash, how).map(|(e, l)| {
                let m = if matches!(l.status, crate::domain::loan::LoanStatus::PaidOff(_)) {
                    Msg::UiPaidOffDone
                } else {
                    Msg::UiRepayDone
                };
                (
                    m.fill(
                        lang,
                        &[
                            ("n", &e.id),
                            ("loan", &l.id),
                            ("amount", &amount.localized(lang)),
                        ],
                    ),
                    View::LoanCard,
                    Some(l.id),
                )
            }),
            Pending::WriteOff { plan, .. } => book.commit_write_off(&plan).map(|o| {
                (
                    Msg::UiWriteOffDone.fill(
                        lang,
                        &[
                            ("n", &o.loan.id),
                            ("entry", &o.entry.id),
                            ("amount", &o.principal.localized(lang)),
                        ],
                    ),
                    View::LoanCard,
                    Some(o.loan.id),
                )
            }),
            Pending::Void { plan, .. } => book.commit_void(&plan).map(|o| {
                let mut msg =
                    Msg::UiVoidDone.fill(lang, &[("n", &o.loan.id), ("entry", &o.entry.id)]);
                if o.released.is_positive() {
                    msg = format!(
                        "{msg} {}",
                        Msg::UiVoidReleasedDone
                            .fill(lang, &[("amount", &o.released.localized(lang))])
                    );
                }
                (msg, View::LoanCard, Some(o.loan.id))
            }),
        };
        match done {
            Ok((msg, view, loan)) => {
                self.form = None;
                // The dashboard and the lists see the operation; this screen
                // reads its figures again.
                let shown = match (view, loan) {
                    (View::Savings, _) => {
                        let loaded = match self.savings.member.clone() {
                            Some(m) => self.load_savings(&m, ctx).unwrap_or_else(|e| e),
                            None => Effect::None,
                        };
                        loaded.then(self.show(View::Savings))
                    }
                    (View::Fund, _) => self.open_fund(ctx),
                    (_, Some(id)) => {
                        let list = self.open_loans(ctx);
                        list.then(self.open_loan_card(id, ctx))
                    }
                    _ => self.open_loans(ctx),
                };
                Effect::Reload.then(shown).then(Effect::say(msg))
            }
            Err(e) => {
                if let Some(f) = &mut self.form {
                    f.error = Some(e.message(lang));
                }
                Effect::None
            }
        }
    }
}

/// The cash or bank account typed in a form, or why it cannot be used.
fn cash_account(book: &Book, text: &str, lang: Lang) -> Result<String, String> {
    let code = text.trim();
    if code.starts_with("11") && book.is_postable(code) {
        Ok(code.to_string())
    } else {
        Err(DuesError::BadCashAccount(code.to_string()).message(lang))
    }
}

/// A member from a cédula, a number (`12` or `#12`), or a name that only one member has.
pub(super) fn resolve_member(
    book: &Book,
    members: &[Member],
    text: &str,
    lang: Lang,
) -> Result<Member, String> {
    if let Ok(m) = book.find_member(text) {
        return Ok(m);
    }
    let found = crate::books::members::search(members.to_vec(), text);
    let exact: Vec<&Member> = found
        .iter()
        .filter(|m| m.full_name().eq_ignore_ascii_case(text.trim()))
        .collect();
    match (found.len(), exact.len()) {
        (_, 1) => Ok(exact[0].clone()),
        (1, _) => Ok(found[0].clone()),
        (0, _) => Err(BookError::UnknownMember(text.trim().to_string()).message(lang)),
        (n, _) => Err(Msg::UiManyMembers.fill(lang, &[("n", &n)])),
    }
}

/// A loan product by its number, from the form's list.
pub(super) fn product_of<'a>(
    info: &'a FormInfo,
    text: &str,
    lang: Lang,
) -> Result<&'a LoanProduct, String> {
    let FormInfo::Products(products) = info else {
        return Err(String::new());
    };
    let n = text.trim().trim_start_matches('#').parse::<u32>().ok();
    products.iter().find(|p| Some(p.id) == n).ok_or_else(|| {
        crate::books::loans::LoanOpError::UnknownProduct(n.unwrap_or(0)).message(lang)
    })
}

/// An amount field: a number above zero.
pub(super) fn amount_field(
    form: &MoneyForm,
    field: Field,
    nonpositive: String,
    lang: Lang,
) -> Result<Money, Refusal> {
    let a = input::amount(form.value(field)).map_err(|e| (Some(field), e.message(lang)))?;
    if !a.is_positive() {
        return Err((Some(field), nonpositive));
    }
    Ok(a)
}

/// The date field: a real date in an open month.
pub(super) fn open_date_field(
    book: &Book,
    form: &MoneyForm,
    lang: Lang,
) -> Result<NaiveDate, Refusal> {
    let d =
        input::date(form.value(Field::Date)).map_err(|e| (Some(Field::Date), e.message(lang)))?;
    book.check_date_open(d)
        .map_err(|e| (Some(Field::Date), e.message(lang)))?;
    Ok(d)
}

pub(super) fn cash_field(book: &Book, form: &MoneyForm, lang: Lang) -> Result<String, Refusal> {
    cash_account(book, form.value(Field::Cash), lang).map_err(|e| (Some(Field::Cash), e))
}

/// The account a transfer goes to: another of the member's, by its number.
fn to_account<'a>(info: &'a FormInfo, text: &str, lang: Lang) -> Result<&'a SavingsView, String> {
    let FormInfo::Savings { others, .. } = info else {
        return Err(String::new());
    };
    let n = text.trim().trim_start_matches('#').parse::<u32>().ok();
    others
        .iter()
        .find(|v| Some(v.account.id) == n)
        .ok_or_else(|| SavingsError::BadTransfer.message(lang))
}

/// The postings a reviewed operation will post, from the books' own plan
/// of it (the plan the confirmation commits is made again then): what the
/// teaching panel teaches. None for an application (it posts nothing).
fn planned_postings(book: &Book, p: &Pending) -> Vec<Posting> {
    let planned = match p {
        Pending::Deposit {
            member,
            account,
            amount,
            date,
            cash,
            ..
        } => book
            .deposit_plan(*member, *account, *amount, *date, cash)
            .map(|p| p.draft.postings().to_vec()),
        Pending::Withdraw {
            account,
            amount,
            date,
            cash,
            ..
        } => book
            .withdrawal_plan(*account, *amount, *date, cash)
            .map(|p| p.draft.postings().to_vec()),
        Pending::Grant {
            member,
            beneficiary,
            amount,
            reason,
            approval,
            date,
            cash,
            ..
        } => book
            .fund_plan(
                FundRequest::Grant {
                    member: *member,
                    beneficiary: beneficiary.clone(),
                    reason: reason.clone(),
                    approval: approval.clone(),
                },
                *amount,
                *date,
                cash,
            )
            .map(|p| p.draft.postings().to_vec()),
        Pending::Contribute {
            member,
            amount,
            description,
            date,
            cash,
            ..
        } => book
            .fund_plan(
                FundRequest::Contribution {
                    member: *member,
                    description: description.clone(),
                },
                *amount,
                *date,
                cash,
            )
            .map(|p| p.draft.postings().to_vec()),
        Pending::Disburse {
            loan, date, cash, ..
        } => book
            .disbursement_plan(*loan, *date, cash)
            .map(|p| p.postings()),
        Pending::Repay {
            loan,
            amount,
            date,
            cash,
            how,
            ..
        } => book
            .loan_payment_plan(*loan, *amount, *date, cash, *how)
            .map(|p| p.postings()),
        Pending::WriteOff { lines, .. } | Pending::Void { lines, .. } => {
            Ok(lines.iter().map(|l| l.posting.clone()).collect())
        }
        Pending::Transfer {
            from,
            to,
            amount,
            date,
            ..
        } => book
            .transfer_plan(*from, *to, *amount, *date)
            .map(|d| d.postings().to_vec()),
        Pending::Apply { .. } => Ok(Vec::new()),
    };
    // The review itself has said why an operation cannot be made; the
    // panel then has nothing to teach.
    planned.unwrap_or_default()
}

fn review_savings(book: &Book, form: &MoneyForm, lang: Lang) -> Result<Pending, Refusal> {
    let FormInfo::Savings {
        member, account, ..
    } = &form.info
    else {
        return Err((None, String::new()));
    };
    let amount = amount_field(
        form,
        Field::Amount,
        SavingsError::NonPositive.message(lang),
        lang,
    )?;
    if form.kind == FormKind::Transfer {
        let Some(v) = account else {
            return Err((None, Msg::UiNoSavingsAccount.t(lang).to_string()));
        };
        let to = to_account(&form.info, form.value(Field::ToAccount), lang)
            .map_err(|e| (Some(Field::ToAccount), e))?;
        if amount > v.available {
            return Err((Some(Field::Amount), insufficient(v, amount, lang)));
        }
        let date = open_date_field(book, form, lang)?;
        return Ok(Pending::Transfer {
            from: v.account.id,
            to: to.account.id,
            to_product: to.product.name.clone(),
            amount,
            date,
            from_after: v.account.balance - amount,
            to_after: to.account.balance + amount,
        });
    }
    let date = open_date_field(book, form, lang)?;
    let cash = cash_field(book, form, lang)?;
    let name = member.full_name();
    if form.kind == FormKind::Deposit {
        return Ok(Pending::Deposit {
            member: member.id,
            name,
            account: account.as_ref().map(|v| v.account.id),
            amount,
            date,
            cash,
            balance_after: account
                .as_ref()
                .map(|v| v.account.balance)
                .unwrap_or_default()
                + amount,
        });
    }
    let Some(v) = account else {
        return Err((None, Msg::UiNoSavingsAccount.t(lang).to_string()));
    };
    if amount > v.available {
        return Err((Some(Field::Amount), insufficient(v, amount, lang)));
    }
    Ok(Pending::Withdraw {
        account: v.account.id,
        name,
        amount,
        date,
        cash,
        balance_after: v.account.balance - amount,
        available_after: v.available - amount,
    })
}

/// The refusal the books give for taking more than is available, with the same figures.
fn insufficient(v: &SavingsView, amount: Money, lang: Lang) -> String {
    SavingsError::Insufficient {
        amount,
        available: v.available,
        balance: v.account.balance,
        minimum: v.product.min_balance,
        blocked: v.account.blocked,
    }
    .message(lang)
}

fn review_fund(
    book: &Book,
    members: &[Member],
    form: &MoneyForm,
    lang: Lang,
) -> Result<Pending, Refusal> {
    let FormInfo::Fund { .. } = &form.info else {
        return Err((None, String::new()));
    };
    let balance = book.fund_balance().map_err(|e| (None, e.message(lang)))?;
    let amount = amount_field(
        form,
        Field::Amount,
        SavingsError::NonPositive.message(lang),
        lang,
    )?;
    if form.kind == FormKind::Grant {
        let text = form.value(Field::Beneficiary).trim();
        let member = book.find_member(text).ok();
        let beneficiary = match &member {
            Some(m) => m.full_name(),
            None => text.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        let incomplete = SavingsError::GrantIncomplete.message(lang);
        for (f, v) in [
            (Field::Beneficiary, beneficiary.as_str()),
            (Field::Reason, form.value(Field::Reason)),
            (Field::Approval, form.value(Field::Approval)),
        ] {
            if v.trim().is_empty() {
                return Err((Some(f), incomplete));
            }
        }
        if amount > balance {
            return Err((
                Some(Field::Amount),
                SavingsError::FundTooSmall { amount, balance }.message(lang),
            ));
        }
        let date = open_date_field(book, form, lang)?;
        let cash = cash_field(book, form, lang)?;
        return Ok(Pending::Grant {
            member: member.map(|m| m.id),
            beneficiary,
            amount,
            reason: form.value(Field::Reason).trim().to_string(),
            approval: form.value(Field::Approval).trim().to_string(),
            date,
            cash,
            fund_after: balance - amount,
        });
    }
    let text = form.value(Field::Member).trim();
    let member = if text.is_empty() {
        None
    } else {
        Some(resolve_member(book, members, text, lang).map_err(|e| (Some(Field::Member), e))?)
    };
    let date = open_date_field(book, form, lang)?;
    let cash = cash_field(book, form, lang)?;
    Ok(Pending::Contribute {
        member: member.as_ref().map(|m| m.id),
        name: member.map(|m| m.full_name()).unwrap_or_default(),
        amount,
        description: form.value(Field::Description).trim().to_string(),
        date,
        cash,
        fund_after: balance + amount,
    })
}

// ---- Drawing

impl MoneyState {
    /// Draws the view on show.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        match self.view {
            View::Savings => render_savings(&self.savings, app, f, area),
            View::Fund => self.render_fund(app, f, area),
            View::Loans => self.render_loans(app, f, area),
            View::LoanCard => self.render_card(app, f, area),
            View::Simulator => self.sim.render(app, f, area),
            View::Form => {
                if let Some(form) = &self.form {
                    form.render(app, f, area);
                }
            }
        }
    }
}

/// What the reviews of the money forms write with, `w` columns wide.
pub(super) struct Review<'r> {
    pub(super) app: &'r ViewCtx<'r>,
    pub(super) w: usize,
    /// The cash account the form names, as the book had it at review time.
    pub(super) cash: Option<&'r Account>,
}

impl Review<'_> {
    /// The review's title line.
    pub(super) fn head<'a>(&self, s: String) -> Line<'a> {
        styled(s, self.app.theme.title)
    }

    /// A plain line.
    pub(super) fn text<'a>(&self, s: String) -> Line<'a> {
        Line::from(Span::raw(s))
    }

    /// A catalogue label and an amount (see [`money_line`]).
    pub(super) fn money<'a>(&self, label: Msg, m: Money) -> Line<'a> {
        money_line(self.app, self.app.t(label), m, self.w)
    }

    /// A label and an amount (see [`money_line`]).
    pub(super) fn money_as<'a>(&self, label: &str, m: Money) -> Line<'a> {
        money_line(self.app, label, m, self.w)
    }

    /// A cash account by its code and name (its code alone when the book
    /// does not name it).
    pub(super) fn cash_name(&self, code: &str) -> String {
        let lang = self.app.lang;
        self.cash
            .filter(|a| a.code == code)
            .map(|a| format!("{code} {}", a.display_name(lang)))
            .unwrap_or_else(|| code.to_string())
    }
}

/// A label and an amount on one line, the amount right-aligned.
pub(super) fn money_line<'a>(app: &ViewCtx, label: &str, m: Money, w: usize) -> Line<'a> {
    let aw = 14;
    Line::from(vec![
        Span::raw(fit(label, w.saturating_sub(aw))),
        amount(app, m, aw),
    ])
}

// ---- savings ----

fn render_savings(s: &SavingsData, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let name = s.member.as_ref().map(|m| m.full_name()).unwrap_or_default();
    let acc_lines = account_lines(s, app.density);
    let [top, book] = savings_areas(s, app.density, area);
    let w = inner_w(app, top);
    let prod_w = w.saturating_sub(8 + 14 * 3);
    let mut lines = vec![heading(
        app,
        &[
            L(app.t(Msg::UiSavAccount), 8),
            L(app.t(Msg::UiSavProduct), prod_w),
            R(app.t(Msg::UiBalance), 14),
            R(app.t(Msg::UiSavBlocked), 14),
            R(app.t(Msg::UiSavAvailable), 14),
        ],
    )];
    if s.accounts.is_empty() {
        lines.push(styled(app.t(Msg::UiNoSavingsAccount), app.theme.muted));
    }
    let mut acc_rows = Vec::new();
    for i in list_window(app, s.sel, s.accounts.len(), acc_lines as usize) {
        let v = &s.accounts[i];
        let sel = i == s.sel;
        let mark = sel_mark(sel);
        let style = if sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        acc_rows.push(Line::from(vec![
            Span::styled(fit(&format!("{mark}{}", v.account.id), 8), style),
            Span::styled(fit(&v.product.name, prod_w), style),
            amount(app, v.account.balance, 14),
            amount(app, v.account.blocked, 14),
            amount(app, v.available, 14),
        ]));
    }
    lines.extend(spaced(app, acc_rows));
    if let Some(v) = s.selected() {
        lines.push(styled(
            Msg::UiSavFormula.fill(
                lang,
                &[
                    ("balance", &v.account.balance.localized(lang)),
                    ("minimum", &v.product.min_balance.localized(lang)),
                    ("blocked", &v.account.blocked.localized(lang)),
                    ("available", &v.available.localized(lang)),
                ],
            ),
            app.theme.muted,
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            &Msg::UiSavTitle.fill(lang, &[("name", &name)]),
            true,
        )),
        top,
    );

    // The passbook: oldest first, the window ending at the latest movement.
    let w = inner_w(app, book);
    let kind_w = w.saturating_sub(11 + 8 + 13 * 3);
    let mut lines = vec![heading(
        app,
        &[
            L(app.t(Msg::UiDate), 11),
            L(app.t(Msg::UiSavMovement), kind_w),
            R(app.t(Msg::UiSavEntry), 8),
            R(app.t(Msg::UiFAmount), 13),
            R(app.t(Msg::UiSavBlocked), 13),
            R(app.t(Msg::UiBalance), 13),
        ],
    )];
    let height = fit_rows(app, book.height.saturating_sub(3) as usize);
    if s.passbook.is_empty() {
        lines.push(styled(app.t(Msg::UiNoBalances), app.theme.muted));
    }
    let mut rows = Vec::new();
    for l in &s.passbook[bottom_window(s.scroll, s.passbook.len(), height)] {
        rows.push(Line::from(vec![
            Span::raw(fit(&format_date(l.date, lang), 11)),
            Span::raw(fit(l.kind.label(lang), kind_w)),
            Span::styled(format!("{:>8}", l.entry), app.theme.muted),
            if l.amount.is_zero() {
                Span::raw(format!("{:13}", ""))
            } else {
                amount(app, l.amount, 13)
            },
            if l.blocked_change.is_zero() {
                Span::raw(format!("{:13}", ""))
            } else {
                amount(app, l.blocked_change, 13)
            },
            amount(app, l.balance, 13),
        ]));
    }
    lines.extend(spaced(app, rows));
    let title = match s.selected() {
        Some(v) => {
            Msg::UiSavPassbook.fill(lang, &[("n", &v.account.id), ("product", &v.product.name)])
        }
        None => app.t(Msg::UiSavPassbookNone).to_string(),
    };
    f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), book);
}

/// The lines the savings accounts take: up to four, a line apart when roomy.
fn account_lines(s: &SavingsData, density: Density) -> u16 {
    let rows = s.accounts.len().clamp(1, 4) as u16;
    if density.is_roomy() {
        rows * 2 - 1
    } else {
        rows
    }
}

/// The savings screen's parts: the accounts, the passbook.
fn savings_areas(s: &SavingsData, density: Density, area: Rect) -> [Rect; 2] {
    Layout::vertical([
        Constraint::Length(account_lines(s, density) + 4),
        Constraint::Min(4),
    ])
    .areas(area)
}

/// The lines the fund's grants take: up to four, a line apart when roomy.
fn grant_lines(s: &FundStatement, density: Density) -> u16 {
    let rows = (s.grants.len() as u16).clamp(1, 4);
    if density.is_roomy() {
        rows * 2 - 1
    } else {
        rows
    }
}

/// The fund screen's parts: the summary, the movements, the grants.
fn fund_areas(s: &FundStatement, density: Density, area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(4),
        Constraint::Length(grant_lines(s, density) + 3),
    ])
    .areas(area)
}

/// The rows to show so that row `last` is the bottom one (or all when they fit).
fn bottom_window(last: usize, len: usize, height: usize) -> std::ops::Range<usize> {
    if len <= height {
        return 0..len;
    }
    let end = (last + 1).clamp(height, len);
    end - height..end
}

// ---- the solidarity fund ----

impl MoneyState {
    fn render_fund(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let lang = app.lang;
        let Some(s) = &self.fund else {
            return;
        };
        let grant_rows = (s.grants.len() as u16).clamp(1, 4);
        let [top, moves, grants] = fund_areas(s, app.density, area);
        // Voided operations (and their reversals) count in neither total.
        let (contributions, given) = s.standing_totals();
        let summary = Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::UiFundBalance)), app.theme.muted),
            Span::styled(s.balance.localized(lang), app.theme.title),
            Span::styled(
                format!("   {} ", app.t(Msg::UiFundInTotal)),
                app.theme.muted,
            ),
            Span::raw(contributions.localized(lang)),
            Span::styled(
                format!("   {} ", app.t(Msg::UiFundOutTotal)),
                app.theme.muted,
            ),
            Span::raw(given.localized(lang)),
        ]);
        f.render_widget(
            Paragraph::new(summary).block(block(app, app.t(Msg::UiFund), true)),
            top,
        );

        let w = inner_w(app, moves);
        let desc_w = w.saturating_sub(11 + 11 * 3);
        let mut lines = vec![heading(
            app,
            &[
                L(app.t(Msg::UiDate), 11),
                L(app.t(Msg::UiDescription), desc_w),
                R(app.t(Msg::UiFundIn), 11),
                R(app.t(Msg::UiFundOut), 11),
                R(app.t(Msg::UiBalance), 11),
            ],
        )];
        let height = fit_rows(app, moves.height.saturating_sub(3) as usize);
        let mut rows = Vec::new();
        for m in &s.movements[bottom_window(self.fund_scroll, s.movements.len(), height)] {
            let blank = |x: Money| {
                if x.is_zero() {
                    Span::raw(format!("{:11}", ""))
                } else {
                    amount(app, x, 11)
                }
            };
            rows.push(Line::from(vec![
                Span::raw(fit(&format_date(m.date, lang), 11)),
                Span::raw(fit(&m.description, desc_w)),
                blank(m.contributions),
                blank(m.grants),
                amount(app, m.balance, 11),
            ]));
        }
        lines.extend(spaced(app, rows));
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiFundMoves), false)),
            moves,
        );

        let w = inner_w(app, grants);
        let rest = w.saturating_sub(4 + 11 + 10 + 2 + 15);
        let who_w = (rest * 3 / 5).min(24);
        let why_w = rest - who_w;
        let mut lines = vec![heading(
            app,
            &[
                L(app.t(Msg::UiNumber), 4),
                L(app.t(Msg::UiDate), 11),
                L(app.t(Msg::UiFBeneficiary), who_w),
                R(app.t(Msg::UiFAmount), 10),
                Raw("  "),
                L(app.t(Msg::UiFundApproval), 15),
                L(app.t(Msg::UiFReason), why_w),
            ],
        )];
        if s.grants.is_empty() {
            lines.push(styled(app.t(Msg::UiFundNoGrants), app.theme.muted));
        }
        let shown = s.grants.len().saturating_sub(grant_rows as usize);
        let mut rows = Vec::new();
        for g in &s.grants[shown..] {
            let reversed = g.reversed_by.is_some();
            let mut why = g.grant.reason.clone();
            if reversed {
                why = format!("{} — {why}", app.t(Msg::UiCobroReversed));
            }
            let style = if reversed {
                app.theme.muted
            } else {
                app.theme.base
            };
            rows.push(Line::from(vec![
                Span::styled(fit(&g.grant.number.to_string(), 4), style),
                Span::styled(fit(&format_date(g.grant.date, lang), 11), style),
                Span::styled(fit(&g.grant.beneficiary, who_w), style),
                amount(app, g.grant.amount, 10),
                Span::raw("  "),
                Span::styled(fit(&g.grant.approval, 14), style),
                Span::raw(" "),
                Span::styled(fit(&why, why_w), style),
            ]));
        }
        lines.extend(spaced(app, rows));
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiFundGrants), false)),
            grants,
        );
    }
}

// ---- forms ----

fn form_title(app: &ViewCtx, form: &MoneyForm) -> String {
    let lang = app.lang;
    match (&form.kind, &form.info) {
        (FormKind::Deposit, FormInfo::Savings { member, .. }) => {
            Msg::UiDepositTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Withdraw, FormInfo::Savings { member, .. }) => {
            Msg::UiWithdrawTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Transfer, FormInfo::Savings { member, .. }) => {
            Msg::UiTransferTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Grant, _) => app.t(Msg::UiGrantTitle).to_string(),
        (FormKind::Contribute, _) => app.t(Msg::UiContributeTitle).to_string(),
        (FormKind::Apply, _) => app.t(Msg::UiApplyTitle).to_string(),
        (FormKind::Disburse, FormInfo::Loan { loan, name, .. }) => {
            Msg::UiDisburseTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        (FormKind::Repay, FormInfo::Loan { loan, name, .. }) => {
            Msg::UiRepayTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        (FormKind::WriteOff, FormInfo::Loan { loan, name, .. }) => {
            Msg::UiWriteOffTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        (FormKind::Void, FormInfo::Loan { loan, name, .. }) => {
            Msg::UiVoidTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        _ => String::new(),
    }
}

fn prepay_text(app: &ViewCtx, p: Prepay) -> &'static str {
    match p {
        Prepay::ShortenTerm => app.t(Msg::UiPrepayTerm),
        Prepay::LowerInstallment => app.t(Msg::UiPrepayInstallment),
    }
}

impl MoneyForm {
    fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let form = self;
        let title = form_title(app, form);
        let mut lines = Vec::new();
        if let Some(p) = &form.pending {
            // Amounts line up 60 columns wide; an entry's lines take the width.
            let wide = inner_w(app, area);
            review_lines(app, form, p, wide.min(60), wide, &mut lines);
            lines.push(Line::from(""));
            let confirm = if p.strict() {
                Msg::UiMoneyConfirmStrict
            } else {
                Msg::UiMoneyConfirm
            };
            lines.push(styled(app.t(confirm), app.theme.warning));
        } else {
            field_lines(app, form, inner_w(app, area), &mut lines);
            lines.push(Line::from(""));
            info_lines(app, form, &mut lines);
            lines.push(styled(app.t(Msg::UiMoneyFormHint), app.theme.muted));
        }
        if let Some(e) = &form.error {
            lines.push(styled(error_text(e), app.theme.error));
        }
        super::form_panel(app, f, &title, lines, area);
    }
}

const LABEL_W: usize = 28;

fn field_lines<'a>(app: &ViewCtx, form: &MoneyForm, w: usize, lines: &mut Vec<Line<'a>>) {
    for (i, (field, input)) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let fresh = form.fresh.get(i).copied().unwrap_or(false);
        let style = super::field_style(app, input, focus, fresh);
        let value = if *field == Field::Prepay {
            prepay_text(app, form.prepay).to_string()
        } else {
            input.value.view_whole(focus && !fresh)
        };
        let mut spans = vec![
            field_label(app, field.label(app.lang), focus, LABEL_W),
            Span::styled(value, style),
        ];
        let hint = if *field == Field::Prepay {
            Some(app.t(Msg::UiPrepayHint).to_string())
        } else {
            form.hints.get(i).cloned().flatten()
        };
        if let Some(h) = hint {
            spans.push(Span::styled(format!("  {h}"), app.theme.muted));
        }
        lines.push(Line::from(spans));
        if let Some(e) = &input.error {
            // Under the field when it fits, else across the form.
            let e = error_text(e);
            let indent = if LABEL_W + e.chars().count() <= w {
                LABEL_W
            } else {
                2
            };
            lines.push(styled(format!("{:indent$}{e}", ""), app.theme.error));
        }
        if focus && !form.suggest.is_empty() {
            suggestion_lines(app, form, w, lines);
        }
    }
}

/// The members a member field lists under it: the picked one marked, then
/// how many more match, and the keys that choose.
fn suggestion_lines<'a>(app: &ViewCtx, form: &MoneyForm, w: usize, lines: &mut Vec<Line<'a>>) {
    let room = w.saturating_sub(LABEL_W);
    for (k, m) in form.suggest.iter().enumerate() {
        let sel = k == form.pick;
        let id = format!("  {}", m.id_number);
        let name_w = room.saturating_sub(id.chars().count() + 2);
        let text = format!("{}{}{id}", sel_mark(sel), fit(&m.full_name(), name_w));
        let style = if sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{:LABEL_W$}", "")),
            Span::styled(text, style),
        ]));
    }
    let more = form.matched.saturating_sub(form.suggest.len());
    let keys = if more > 0 {
        Msg::UiSuggestMore.fill(app.lang, &[("n", &more)])
    } else {
        app.t(Msg::UiSuggestKeys).to_string()
    };
    lines.push(Line::from(vec![
        Span::raw(format!("{:LABEL_W$}", "")),
        Span::styled(fit(&keys, room), app.theme.muted),
    ]));
}

fn info_lines<'a>(app: &ViewCtx, form: &MoneyForm, lines: &mut Vec<Line<'a>>) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    match &form.info {
        FormInfo::Savings { account, .. } => match account {
            Some(v) => {
                lines.push(styled(
                    format!(
                        "{} {} · {}",
                        app.t(Msg::UiSavAccount),
                        v.account.id,
                        v.product.name
                    ),
                    app.theme.info,
                ));
                lines.push(styled(
                    Msg::UiSavFormula.fill(
                        lang,
                        &[
                            ("balance", &l(v.account.balance)),
                            ("minimum", &l(v.product.min_balance)),
                            ("blocked", &l(v.account.blocked)),
                            ("available", &l(v.available)),
                        ],
                    ),
                    app.theme.info,
                ));
            }
            None => lines.push(styled(app.t(Msg::UiDepositOpens), app.theme.info)),
        },
        FormInfo::Fund { balance } => lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::UiFundBalance)), app.theme.muted),
            Span::styled(l(*balance), app.theme.info),
        ])),
        FormInfo::Products(products) => {
            lines.push(styled(app.t(Msg::UiProductsTitle), app.theme.header));
            for p in products {
                lines.push(styled(
                    Msg::UiProductLine.fill(
                        lang,
                        &[
                            ("n", &p.id),
                            ("name", &p.name),
                            ("method", &loans::method_short(p.method, lang)),
                            ("rate", &decimal_text(p.rate, lang)),
                            ("max", &l(p.max_amount)),
                            ("months", &p.max_months),
                            ("guarantee", &decimal_text(p.guarantee_percent, lang)),
                        ],
                    ),
                    app.theme.info,
                ));
            }
        }
        FormInfo::Loan {
            loan,
            product,
            due_now,
            payoff,
            days_late,
            ..
        } => {
            lines.push(styled(loans::terms_text(app, loan), app.theme.info));
            if form.kind == FormKind::Disburse {
                let pct = product
                    .as_ref()
                    .map(|p| p.guarantee_percent)
                    .unwrap_or_default();
                lines.push(styled(
                    Msg::UiGuaranteeInfo.fill(
                        lang,
                        &[
                            ("pct", &decimal_text(pct, lang)),
                            (
                                "amount",
                                &l(crate::ui::screens::money::percent_of(loan.amount, pct)),
                            ),
                        ],
                    ),
                    app.theme.info,
                ));
            } else {
                lines.push(styled(
                    Msg::UiRepayInfo.fill(
                        lang,
                        &[("outstanding", &l(loan.outstanding())), ("days", days_late)],
                    ),
                    app.theme.info,
                ));
            }
            if form.kind == FormKind::Repay {
                lines.push(styled(
                    Msg::UiRepayDue.fill(lang, &[("due", &l(*due_now)), ("payoff", &l(*payoff))]),
                    app.theme.info,
                ));
            }
        }
    }
}

fn review_lines<'a>(
    app: &ViewCtx,
    form: &MoneyForm,
    p: &Pending,
    w: usize,
    wide: usize,
    lines: &mut Vec<Line<'a>>,
) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    let say = Review {
        app,
        w,
        cash: form.cash.as_ref(),
    };
    match p {
        Pending::Deposit {
            name,
            account,
            amount,
            date,
            cash,
            balance_after,
            ..
        } => {
            let acc = account
                .map(|a| a.to_string())
                .unwrap_or_else(|| app.t(Msg::UiNewAccount).to_string());
            lines.push(say.head(Msg::UiDepositReview.fill(
                lang,
                &[("amount", &l(*amount)), ("n", &acc), ("name", name)],
            )));
            lines.push(say.text(Msg::UiCashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(say.money(Msg::UiBalanceAfter, *balance_after));
        }
        Pending::Withdraw {
            account,
            name,
            amount,
            date,
            cash,
            balance_after,
            available_after,
        } => {
            lines.push(say.head(Msg::UiWithdrawReview.fill(
                lang,
                &[("amount", &l(*amount)), ("n", account), ("name", name)],
            )));
            lines.push(say.text(Msg::UiCashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(say.money(Msg::UiBalanceAfter, *balance_after));
            lines.push(say.money(Msg::UiAvailableAfter, *available_after));
        }
        Pending::Transfer {
            from,
            to,
            to_product,
            amount,
            date,
            from_after,
            to_after,
        } => {
            lines.push(say.head(Msg::UiTransferReview.fill(
                lang,
                &[
                    ("amount", &l(*amount)),
                    ("from", from),
                    ("to", to),
                    ("product", to_product),
                ],
            )));
            lines.push(say.text(format!(
                "{} {}",
                app.t(Msg::UiDate),
                format_date(*date, lang)
            )));
            lines.push(say.money_as(&Msg::UiAccountAfter.fill(lang, &[("n", from)]), *from_after));
            lines.push(say.money_as(&Msg::UiAccountAfter.fill(lang, &[("n", to)]), *to_after));
        }
        Pending::Grant {
            member,
            beneficiary,
            amount,
            reason,
            approval,
            date,
            cash,
            fund_after,
        } => {
            lines.push(say.head(
                Msg::UiGrantReview.fill(lang, &[("amount", &l(*amount)), ("name", beneficiary)]),
            ));
            lines.push(styled(
                if member.is_some() {
                    app.t(Msg::UiIsMember)
                } else {
                    app.t(Msg::UiGrantNotMember)
                },
                app.theme.muted,
            ));
            lines.push(say.text(format!("{}: {reason}", Field::Reason.label(lang))));
            lines.push(say.text(format!("{}: {approval}", Field::Approval.label(lang))));
            lines.push(say.text(Msg::UiCashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(say.money(Msg::UiFundAfter, *fund_after));
        }
        Pending::Contribute {
            member,
            name,
            amount,
            description,
            date,
            cash,
            fund_after,
        } => {
            lines.push(say.head(Msg::UiContributeReview.fill(lang, &[("amount", &l(*amount))])));
            if member.is_some() {
                lines.push(say.text(format!("{}: {name}", Field::Member.label(lang))));
            }
            if !description.is_empty() {
                lines.push(say.text(format!("{}: {description}", Field::Description.label(lang))));
            }
            lines.push(say.text(Msg::UiCashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(say.money(Msg::UiFundAfter, *fund_after));
        }
        Pending::Apply { .. }
        | Pending::Disburse { .. }
        | Pending::Repay { .. }
        | Pending::WriteOff { .. }
        | Pending::Void { .. } => loans::review_lines(app, form, p, w, wide, lines),
    }
}
