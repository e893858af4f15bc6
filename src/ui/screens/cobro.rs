//! The counter (ventanilla, the "cobro" tab): one screen per member visit.
//!
//! Built for a queue of members: type part of a name or cédula, Enter; the
//! member's dues owed, the loan installment due (late interest included),
//! savings and fund are on screen, and the amount handed over is already
//! the common case (what is owed today). Type what the member hands over,
//! Enter to see the receipt, Enter to record it: the dues first, then the
//! installment, then the rest to savings — one transaction, one numbered
//! receipt — and the search is ready for the next member. Tab reaches the
//! split, the date (a meeting held last week is entered with its own date,
//! which stays for the whole queue) and the cash or bank account. The
//! day's receipts and their running total stay below; Ctrl-P writes them
//! (each as the receipt the member takes home) beside the book, Ctrl-X
//! voids one with a reason.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{
    amount, block, error_text, field_label, field_style, fit, fit_rows, inner_w, list_window,
    sel_mark, spaced, styled,
};
use crate::books::visit::{VisitFigures, VisitPlan};
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::input;
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::domain::visit::{Split, Visit};
use crate::i18n::{Lang, Msg, fill};
use crate::report::dues::{month_text, receipt_number};
use crate::ui::app::Input;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::text_input::{Filter, TextInput};

/// Where the treasurer is in one visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// Typing a name or number; ↑↓ pick the member.
    #[default]
    Search,
    /// The member is chosen; typing the amount (Tab: the split, date, account).
    Amount,
    /// The receipt preview; Enter records it.
    Confirm,
    /// Voiding a receipt: its number and the reason.
    Void,
    /// Printing a receipt again: its number.
    Reprint,
}

/// The fields of a visit, in Tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// What the member hands over.
    Given,
    Dues,
    Loan,
    Savings,
    Date,
    Account,
}

const FIELDS: [Field; 6] = [
    Field::Given,
    Field::Dues,
    Field::Loan,
    Field::Savings,
    Field::Date,
    Field::Account,
];

impl Field {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Given => Msg::UiCobroAmount,
            Field::Dues => Msg::UiVisitDues,
            Field::Loan => Msg::UiVisitLoan,
            Field::Savings => Msg::UiVisitSavings,
            Field::Date => Msg::UiFDate,
            Field::Account => Msg::UiVisitAccount,
        }
        .t(lang)
    }
    fn index(self) -> usize {
        FIELDS.iter().position(|f| *f == self).unwrap_or(0)
    }
    fn is_amount(self) -> bool {
        matches!(
            self,
            Field::Given | Field::Dues | Field::Loan | Field::Savings
        )
    }
}

/// A row of the day's list: a visit, or a dues receipt made elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRow {
    pub number: u64,
    pub member: u32,
    pub total: Money,
    pub void: bool,
}

/// The void form: which receipt and why.
#[derive(Clone, Debug, Default)]
pub struct VoidForm {
    pub number: Input,
    pub reason: Input,
    pub focus: usize,
}

/// The screen's state.
#[derive(Clone, Debug, Default)]
pub struct Cobro {
    pub phase: Phase,
    pub query: TextInput,
    /// Members matching the query (active first).
    matches: Vec<Member>,
    sel: usize,
    /// The chosen (or highlighted) member.
    member: Option<Member>,
    /// What the member owes and holds on the visit's date.
    pub figures: Option<VisitFigures>,
    /// The visit's fields (see [`FIELDS`]); the date and the account stay
    /// from one member to the next.
    pub fields: Vec<Input>,
    pub focus: usize,
    /// The amount shown is the suggestion: the first key typed replaces it.
    pub suggested: bool,
    /// The split was typed by hand (the amount handed over is its sum).
    manual: bool,
    /// The visit worked out by the books, shown for confirmation.
    pub(super) plan: Option<VisitPlan>,
    /// The day's receipts, oldest first.
    pub today: Vec<DayRow>,
    day: Option<NaiveDate>,
    /// The visit just recorded, shown until the next member.
    pub last: Option<Visit>,
    pub void: VoidForm,
    /// The members' names, for the receipts shown.
    member_names: std::collections::HashMap<u32, String>,
    /// The name of the account money comes into, as shown beside its code.
    account_name: String,
    /// The book's today, to say "today's receipts" only of today's.
    today_date: Option<NaiveDate>,
}

impl Cobro {
    /// What the member owes in all (dues and the installment due).
    pub fn owed_total(&self) -> Money {
        self.figures.as_ref().map_or(Money::ZERO, |f| f.suggested())
    }

    /// The day's total, leaving out void receipts.
    pub fn day_total(&self) -> Money {
        self.today.iter().filter(|r| !r.void).map(|r| r.total).sum()
    }

    /// The receipt under review, if one is shown.
    pub fn plan_shown(&self) -> Option<&VisitPlan> {
        self.plan.as_ref()
    }

    /// The amount handed over, as typed.
    pub fn amount(&self) -> Input {
        self.fields
            .get(Field::Given.index())
            .cloned()
            .unwrap_or_default()
    }

    fn value(&self, f: Field) -> &str {
        self.fields.get(f.index()).map_or("", |i| i.value.as_str())
    }

    fn field(&mut self, f: Field) -> &mut Input {
        if self.fields.len() < FIELDS.len() {
            self.reset_fields(None);
        }
        &mut self.fields[f.index()]
    }

    /// Fresh fields: amounts empty; the date today (or as kept) and 1101.
    fn reset_fields(&mut self, keep: Option<(String, String)>) {
        let (date, account) = keep.unwrap_or_else(|| (String::new(), CASH.to_string()));
        let amount = || Input {
            value: TextInput::new().with_filter(Filter::Amount),
            error: None,
        };
        self.fields = vec![
            amount(),
            amount(),
            amount(),
            amount(),
            Input::new(&date),
            Input::new(&account),
        ];
    }

    /// The visit's date: the date field when it reads as one, else today.
    pub fn date(&self, book: &Book) -> NaiveDate {
        input::date(self.value(Field::Date)).unwrap_or_else(|_| book.today())
    }

    fn account(&self) -> String {
        self.value(Field::Account).trim().to_string()
    }

    fn name_account(&mut self, ctx: &Ctx) {
        let code = self.account();
        self.account_name =
            crate::report::format::account_name(ctx.book.chart(), &code, ctx.lang).to_string();
    }
}

impl Cobro {
    /// Starts the counter afresh: an empty search, today's date, the cash
    /// account, and the day's receipts.
    pub fn open(&mut self, ctx: &mut Ctx) -> Effect {
        *self = Cobro::default();
        self.reset_fields(Some((ctx.book.today().to_string(), CASH.to_string())));
        self.name_account(ctx);
        self.search(ctx).then(self.load_day(ctx))
    }

    fn load_day(&mut self, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        let day = self.date(book);
        self.today_date = Some(book.today());
        self.member_names = ctx.members.iter().map(|m| (m.id, m.full_name())).collect();
        match day_rows(book, day) {
            Ok(rows) => {
                self.today = rows;
                self.day = Some(day);
                Effect::None
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// Filters the members by the query and loads the highlighted one's figures.
    fn search(&mut self, ctx: &mut Ctx) -> Effect {
        let mut found = crate::books::members::search(ctx.members.to_vec(), &self.query);
        // Active members first; retired ones may still settle old dues.
        found.sort_by_key(|m| !m.status.is_active());
        self.matches = found;
        self.sel = self.sel.min(self.matches.len().saturating_sub(1));
        self.load_member(ctx)
    }

    fn load_member(&mut self, ctx: &mut Ctx) -> Effect {
        let book = &*ctx.book;
        self.member = self.matches.get(self.sel).cloned();
        self.figures = None;
        let Some(m) = &self.member else {
            return Effect::None;
        };
        match book.visit_figures(m.id, self.date(book)) {
            Ok(f) => {
                self.figures = Some(f);
                Effect::None
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// A key on the counter.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.fields.len() < FIELDS.len() {
            self.reset_fields(None);
        }
        match self.phase {
            Phase::Search => self.on_search(action, ctx),
            Phase::Amount => self.on_amount(action, ctx),
            Phase::Confirm => self.on_confirm(action, ctx),
            Phase::Void => self.on_void(action, ctx),
            Phase::Reprint => self.on_reprint(action, ctx),
        }
    }

    /// A yes to the outsized amount's question: the receipt preview.
    pub fn confirmed(&mut self, plan: VisitPlan) {
        self.plan = Some(plan);
        self.phase = Phase::Confirm;
    }

    fn on_search(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            a if a.moves_cursor() => {
                let _ = a.apply_to(&mut self.query);
            }
            a if a.edit().is_some() => {
                if matches!(a, Action::Char(_) | Action::Paste(_)) {
                    self.last = None;
                }
                if let Some(Err(r)) = a.apply_to(&mut self.query) {
                    return Effect::error(r.message(ctx.lang));
                }
                self.sel = 0;
                return self.search(ctx);
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let len = self.matches.len();
                if len == 0 {
                    return Effect::None;
                }
                let by: i64 = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(ctx.page as i64),
                    _ => ctx.page as i64,
                };
                self.sel = (self.sel as i64 + by).clamp(0, len as i64 - 1) as usize;
                self.last = None;
                return self.load_member(ctx);
            }
            Action::Submit | Action::Open | Action::NextField => {
                if self.member.is_none() {
                    return Effect::error(ctx.t(Msg::UiCobroNoMember));
                }
                self.last = None;
                self.begin_amount(ctx.lang);
            }
            Action::Back => {
                if self.query.is_empty() {
                    return Effect::Home;
                }
                self.query.clear();
                self.sel = 0;
                return self.search(ctx);
            }
            Action::Export => return self.export(ctx),
            Action::Reverse => self.begin_void(),
            Action::Reprint => {
                self.begin_void();
                // Any receipt may be printed again, a void one too.
                if let Some(v) = &self.last {
                    self.void.number = Input::new(&v.number.to_string());
                } else if let Some(r) = self.today.last() {
                    self.void.number = Input::new(&r.number.to_string());
                }
                self.void.focus = 0;
                self.phase = Phase::Reprint;
            }
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    /// The amount phase: the suggestion in the amount, its default split.
    fn begin_amount(&mut self, lang: Lang) {
        let owed = self.owed_total();
        self.manual = false;
        self.set_given(owed, lang);
        self.suggested = owed.is_positive();
        self.focus = 0;
        for f in FIELDS {
            self.field(f).error = None;
        }
        self.phase = Phase::Amount;
    }

    /// Puts `given` in the amount and its default split in the parts.
    fn set_given(&mut self, given: Money, lang: Lang) {
        self.field(Field::Given).value.set(&editable(given, lang));
        self.resplit(lang);
    }

    /// The default split of the amount typed (when the split is not by hand).
    fn resplit(&mut self, lang: Lang) {
        if self.manual {
            return;
        }
        let given = input::amount(self.value(Field::Given)).unwrap_or(Money::ZERO);
        let split = match &self.figures {
            Some(f) => f.split(given),
            None => Split::default_for(given, Money::ZERO, Money::ZERO),
        };
        for (f, m) in [
            (Field::Dues, split.dues),
            (Field::Loan, split.loan),
            (Field::Savings, split.savings),
        ] {
            let text = editable(m, lang);
            let input = self.field(f);
            input.value.set(&text);
            input.error = None;
        }
    }

    /// Whether the member has a loan the visit can pay (else its field is skipped).
    fn has_loan(&self) -> bool {
        self.figures.as_ref().is_some_and(|f| f.loan.is_some())
    }

    fn on_amount(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let field = FIELDS[self.focus.min(FIELDS.len() - 1)];
        match action {
            Action::NextField | Action::Down | Action::PrevField | Action::Up => {
                let forward = matches!(action, Action::NextField | Action::Down);
                let n = FIELDS.len();
                loop {
                    self.focus = if forward {
                        (self.focus + 1) % n
                    } else {
                        (self.focus + n - 1) % n
                    };
                    if FIELDS[self.focus] != Field::Loan || self.has_loan() {
                        break;
                    }
                }
                // The value in the field reached is replaced by what is typed
                // (edited in place once the cursor moves or a key deletes).
                let now = FIELDS[self.focus];
                self.suggested = now != Field::Account && !self.value(now).is_empty();
            }
            a if a.edit().is_some() => {
                let fresh = self.suggested;
                let mut typed = self.field(field).value.clone();
                if fresh && matches!(a, Action::Char(_) | Action::Paste(_)) {
                    typed.clear();
                }
                match a.apply_to(&mut typed) {
                    Some(Err(_)) if field.is_amount() => {
                        self.field(field).error = Some(Msg::UiCobroDigitsOnly.t(lang).to_string());
                        return Effect::None;
                    }
                    Some(Err(r)) => {
                        self.field(field).error = Some(r.message(lang));
                        return Effect::None;
                    }
                    _ => {}
                }
                let changed = typed.as_str() != self.value(field);
                self.field(field).value = typed;
                self.field(field).error = None;
                self.suggested = false;
                if changed {
                    return self.edited(field, ctx);
                }
            }
            Action::Submit | Action::Open => return self.plan(ctx),
            Action::Back => {
                self.phase = Phase::Search;
                self.plan = None;
            }
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    /// A field changed: check it as typed and work the figures out again.
    fn edited(&mut self, field: Field, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        match field {
            Field::Given => {
                self.manual = false;
                self.check_amount(Field::Given, lang);
                self.resplit(lang);
            }
            Field::Dues | Field::Loan | Field::Savings => {
                // The split by hand: the amount handed over is its sum.
                self.manual = true;
                self.check_amount(field, lang);
                let sum: Money = [Field::Dues, Field::Loan, Field::Savings]
                    .iter()
                    .map(|f| input::amount(self.value(*f)).unwrap_or(Money::ZERO))
                    .sum();
                self.field(Field::Given).value.set(&editable(sum, lang));
            }
            Field::Date => {
                let text = self.value(Field::Date).to_string();
                let book = &*ctx.book;
                let err = match input::date(&text) {
                    Err(e) => Some(e.message(lang)),
                    Ok(d) => book.check_date_open(d).err().map(|e| e.message(lang)),
                };
                self.field(Field::Date).error = err.clone();
                if err.is_none() {
                    // Another day: what is owed on it, and that day's receipts.
                    let e = self.load_member(ctx).then(self.load_day(ctx));
                    self.resplit(lang);
                    return e;
                }
            }
            Field::Account => {
                let code = self.account();
                let err = cash_account_error(ctx.book, &code, lang);
                self.field(Field::Account).error = err;
                self.name_account(ctx);
            }
        }
        Effect::None
    }

    fn check_amount(&mut self, field: Field, lang: Lang) {
        let text = self.value(field).trim().to_string();
        let err = if text.is_empty() {
            None
        } else {
            input::amount(&text).err().map(|e| e.message(lang))
        };
        self.field(field).error = err;
    }

    /// Reads a part of the split (empty: zero).
    fn part(&self, field: Field) -> Option<Money> {
        let text = self.value(field).trim();
        if text.is_empty() {
            return Some(Money::ZERO);
        }
        input::amount(text).ok()
    }

    /// Checks the fields and shows the receipt that would be issued.
    fn plan(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let Some(member) = self.member.clone() else {
            return Effect::None;
        };
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return Effect::None;
        }
        let mut parts = [Money::ZERO; 3];
        for (k, f) in [Field::Dues, Field::Loan, Field::Savings]
            .into_iter()
            .enumerate()
        {
            match self.part(f) {
                Some(m) => parts[k] = m,
                None => {
                    self.check_amount(f, lang);
                    self.focus = f.index();
                    return Effect::None;
                }
            }
        }
        let date = match input::date(self.value(Field::Date)) {
            Ok(d) => d,
            Err(e) => {
                self.field(Field::Date).error = Some(e.message(lang));
                self.focus = Field::Date.index();
                return Effect::None;
            }
        };
        let split = Split {
            dues: parts[0],
            loan: parts[1],
            savings: parts[2],
        };
        let account = self.account();
        match book.visit_plan(member.id, date, &account, split) {
            Ok(plan) => match crate::ui::screen::outsized(book, plan.total()) {
                // Far beyond the book's size: a yes first (see `App::update`).
                Ok(Some((amount, assets))) => {
                    return Effect::Ask(Box::new(crate::ui::screen::Outsized {
                        amount,
                        assets,
                        then: crate::ui::screen::OutsizedNext::Cobro(Box::new(plan)),
                    }));
                }
                Ok(None) => self.confirmed(plan),
                Err(e) => self.field(Field::Given).error = Some(e.message(lang)),
            },
            Err(e) => {
                let on = match &e {
                    BookError::Dues(crate::books::dues::DuesError::BadCashAccount(_))
                    | BookError::UnknownAccount(_)
                    | BookError::NotPostable(_) => Field::Account,
                    BookError::ClosedMonth(_) | BookError::FutureMonth(_) => Field::Date,
                    BookError::Dues(_) => Field::Dues,
                    BookError::Loan(_) => Field::Loan,
                    BookError::Savings(_) => Field::Savings,
                    _ => Field::Given,
                };
                self.focus = on.index();
                self.field(on).error = Some(e.message(lang));
            }
        }
        Effect::None
    }

    fn on_confirm(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Submit | Action::Open | Action::NextField | Action::Yes => self.post(ctx),
            Action::Char('s' | 'S' | 'y' | 'Y') => self.post(ctx),
            Action::Back | Action::No | Action::Char('n' | 'N') => {
                self.plan = None;
                self.phase = Phase::Amount;
                Effect::None
            }
            Action::Help => Effect::Help,
            _ => Effect::None,
        }
    }

    /// Records the visit: its entries and one receipt; then the next member.
    fn post(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let Some(plan) = self.plan.take() else {
            return Effect::None;
        };
        match ctx.book.commit_visit(&plan) {
            Ok(visit) => {
                let name = self
                    .member
                    .as_ref()
                    .map(Member::full_name)
                    .unwrap_or_default();
                let done = Effect::say(fill(
                    ctx.t(Msg::UiCobroDone),
                    &[
                        ("n", &receipt_number(visit.number)),
                        ("name", &name),
                        ("amount", &visit.total.localized(lang)),
                    ],
                ));
                self.last = Some(visit);
                self.phase = Phase::Search;
                self.query.clear();
                self.sel = 0;
                let keep = (self.value(Field::Date).to_string(), self.account());
                self.reset_fields(Some(keep));
                // The dashboard, the journal and the lists see the payment.
                done.then(Effect::Reload)
                    .then(self.search(ctx))
                    .then(self.load_day(ctx))
            }
            Err(e) => {
                self.phase = Phase::Amount;
                self.field(Field::Given).error = Some(e.message(lang));
                Effect::None
            }
        }
    }

    /// Ctrl-X: the void form, on the last receipt recorded (or the day's last).
    fn begin_void(&mut self) {
        let number = self
            .last
            .as_ref()
            .map(|v| v.number)
            .or_else(|| self.today.iter().rev().find(|r| !r.void).map(|r| r.number));
        self.void = VoidForm {
            number: Input::new(&number.map(|n| n.to_string()).unwrap_or_default()),
            reason: Input::default(),
            focus: usize::from(number.is_some()),
        };
        self.phase = Phase::Void;
    }

    fn on_void(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let v = &mut self.void;
        match action {
            Action::Back => self.phase = Phase::Search,
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                v.focus = 1 - v.focus.min(1);
            }
            Action::Submit | Action::Open => return self.void_now(ctx),
            a if a.edit().is_some() => {
                let field = if v.focus == 0 {
                    &mut v.number
                } else {
                    &mut v.reason
                };
                if let Some(Err(r)) = a.apply_to(&mut field.value) {
                    field.error = Some(r.message(lang));
                } else {
                    field.error = None;
                }
            }
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    fn on_reprint(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        match action {
            Action::Back => self.phase = Phase::Search,
            Action::Submit | Action::Open | Action::NextField => return self.reprint(ctx),
            a if a.edit().is_some() => {
                let field = &mut self.void.number;
                field.error = match a.apply_to(&mut field.value) {
                    Some(Err(r)) => Some(r.message(lang)),
                    _ => None,
                };
            }
            Action::Help => return Effect::Help,
            _ => {}
        }
        Effect::None
    }

    /// Writes receipt N beside the book: its text (a thermal printer) and
    /// an 80 mm roll PDF.
    fn reprint(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let text = self
            .void
            .number
            .value
            .trim()
            .trim_start_matches('0')
            .to_string();
        let Ok(number) = text.parse::<u64>() else {
            self.void.number.error = Some(Msg::UiVisitVoidNumber.t(lang).to_string());
            return Effect::None;
        };
        let book = &*ctx.book;
        let slip = match crate::report::visit::slip(book, number, lang) {
            Ok(Some(s)) => s,
            Ok(None) => {
                self.void.number.error =
                    Some(crate::books::visit::VisitError::UnknownReceipt(number).message(lang));
                return Effect::None;
            }
            Err(e) => return Effect::error(e.message(lang)),
        };
        match write_slip(ctx, Msg::UiStemReceipt.t(lang), number, slip) {
            Ok(short) => {
                self.phase = Phase::Search;
                Effect::say(
                    Msg::UiVisitReprinted
                        .fill(lang, &[("n", &receipt_number(number)), ("file", &short)]),
                )
            }
            Err(msg) => Effect::error(msg),
        }
    }

    fn void_now(&mut self, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let text = self
            .void
            .number
            .value
            .trim()
            .trim_start_matches('0')
            .to_string();
        let Ok(number) = text.parse::<u64>() else {
            self.void.number.error = Some(Msg::UiVisitVoidNumber.t(lang).to_string());
            self.void.focus = 0;
            return Effect::None;
        };
        let reason = self.void.reason.value.as_str().to_string();
        match ctx.book.void_receipt(number, &reason) {
            Ok(_) => {
                self.phase = Phase::Search;
                if self.last.as_ref().is_some_and(|v| v.number == number) {
                    self.last = None;
                }
                Effect::say(Msg::UiVisitVoided.fill(lang, &[("n", &receipt_number(number))]))
                    .then(Effect::Reload)
                    .then(self.search(ctx))
                    .then(self.load_day(ctx))
            }
            Err(e) => {
                let on_reason = matches!(
                    e,
                    BookError::Visit(crate::books::visit::VisitError::ReasonRequired)
                        | BookError::Text(_)
                );
                if on_reason {
                    self.void.reason.error = Some(e.message(lang));
                    self.void.focus = 1;
                } else {
                    self.void.number.error = Some(e.message(lang));
                    self.void.focus = 0;
                }
                Effect::None
            }
        }
    }

    /// Writes the day's receipts beside the book: a text file to print (the
    /// day's list, then each receipt as the member takes it home) and a CSV.
    fn export(&mut self, ctx: &mut Ctx) -> Effect {
        match self.try_export(ctx) {
            Ok(()) => {
                // The name without its association (the status line is short).
                let day = self.day.unwrap_or_else(|| ctx.book.today());
                let short = format!(
                    "…-{}-{}",
                    Msg::UiStemReceipts.t(ctx.lang),
                    day.format("%Y-%m-%d")
                );
                Effect::say(fill(ctx.t(Msg::UiCobroExported), &[("file", &short)]))
            }
            Err(msg) => Effect::error(msg),
        }
    }

    fn try_export(&self, ctx: &Ctx) -> Result<(), String> {
        let book = &*ctx.book;
        let lang = ctx.lang;
        let fail = |e: BookError| e.message(lang);
        let day = self.day.unwrap_or_else(|| book.today());
        let receipts = book.receipts_of_day(day).map_err(fail)?;
        let settings = book.settings().map_err(fail)?;
        let types = book.charge_types().map_err(fail)?;
        let chart = book.chart();
        let names = crate::report::dues::DuesNames {
            association: &settings.name,
            members: ctx.members,
            types: &types,
            chart,
        };
        let mut text = crate::report::dues::day_receipts_table(day, &receipts, &names, lang);
        let slips = crate::report::visit::day_slips(book, day, lang).map_err(fail)?;
        for slip in &slips {
            text.push_str("\n\n");
            text.push_str(slip);
        }
        let title = Msg::UiCobroDay.fill(
            lang,
            &[
                ("date", &format_date(day, lang)),
                ("count", &slips.len()),
                ("total", &self.day_total().localized(lang)),
            ],
        );
        let pdf = crate::report::render::slips::slips_pdf(
            &slips,
            crate::report::render::slips::Paper::A4,
            &title,
        )
        .map_err(|e| e.message(lang))?;
        let csv = crate::report::dues::day_receipts_csv(&receipts, &names, lang);
        let dir = ctx
            .book_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let stem = Msg::UiStemReceipts.t(lang);
        // The association in the file's name: two books in one folder never
        // overwrite each other's receipts.
        let assoc = file_prefix(&settings.name, ctx.book_path);
        let base = format!("{assoc}-{stem}-{}", day.format("%Y-%m-%d"));
        let txt_path = dir.join(format!("{base}.txt"));
        let csv_path = dir.join(format!("{base}.csv"));
        let pdf_path = dir.join(format!("{base}.pdf"));
        for (path, body) in [
            (&txt_path, text.into_bytes()),
            (&csv_path, csv.into_bytes()),
            (&pdf_path, pdf),
        ] {
            write_atomically(path, &body).map_err(|e| {
                fill(
                    Msg::UiCobroExportFailed.t(lang),
                    &[("path", &path.display()), ("error", &e)],
                )
            })?;
        }
        Ok(())
    }
}

/// Writes a slip beside the book as `<association>-<stem>-<number>` .txt (a
/// thermal printer) and .pdf (an 80 mm roll); gives the short name the status
/// line says ("…-recibo-000012"), or what went wrong in words.
pub(super) fn write_slip(
    ctx: &Ctx,
    stem: &str,
    number: u64,
    slip: String,
) -> Result<String, String> {
    let lang = ctx.lang;
    let book = &*ctx.book;
    let title = format!("{stem} {}", receipt_number(number));
    let pdf = crate::report::render::slips::slips_pdf(
        std::slice::from_ref(&slip),
        crate::report::render::slips::Paper::Roll80,
        &title,
    )
    .map_err(|e| e.message(lang))?;
    let assoc = book.settings().map(|s| s.name).unwrap_or_default();
    let base = format!(
        "{}-{stem}-{}",
        file_prefix(&assoc, ctx.book_path),
        receipt_number(number)
    );
    let dir = super::reports::book_dir(ctx.book_path);
    for (ext, body) in [("txt", slip.into_bytes()), ("pdf", pdf)] {
        let path = dir.join(format!("{base}.{ext}"));
        write_atomically(&path, &body).map_err(|e| {
            fill(
                Msg::UiCobroExportFailed.t(lang),
                &[("path", &path.display()), ("error", &e)],
            )
        })?;
    }
    // The association is left out: the status line is short.
    Ok(format!("…-{stem}-{}", receipt_number(number)))
}

/// The start of a receipt file's name: the association, lower case without
/// accents (the book's file name when the association's has no letters or
/// digits), so that two books in one folder never overwrite each other's.
fn file_prefix(association: &str, book_path: &std::path::Path) -> String {
    let mut assoc: String = super::reports::file_stem(association)
        .chars()
        .take(40)
        .collect();
    assoc = assoc.trim_end_matches('-').to_string();
    if assoc.is_empty() {
        assoc = super::reports::file_stem(
            &book_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    assoc
}

/// An amount as typed into a field: no grouping, the language's decimal
/// mark (empty for zero).
fn editable(m: Money, lang: Lang) -> String {
    if !m.is_positive() {
        return String::new();
    }
    m.plain().replace('.', Msg::RepDecimalPoint.t(lang))
}

/// The day's receipts: the visits, and the dues receipts that are no
/// visit's (recorded elsewhere), in number order.
fn day_rows(book: &Book, day: NaiveDate) -> Result<Vec<DayRow>, BookError> {
    let visits = book.visits_of_day(day)?;
    let numbers: std::collections::HashSet<u64> = visits.iter().map(|v| v.number).collect();
    let mut rows: Vec<DayRow> = visits
        .iter()
        .map(|v| DayRow {
            number: v.number,
            member: v.member,
            total: v.total,
            void: v.voided.is_some(),
        })
        .collect();
    for r in book.receipts_of_day(day)? {
        if !numbers.contains(&r.number) {
            rows.push(DayRow {
                number: r.number,
                member: r.member,
                total: r.total,
                void: r.reversed_by.is_some(),
            });
        }
    }
    rows.sort_by_key(|r| r.number);
    Ok(rows)
}

/// What is wrong with `code` as the account money comes into.
fn cash_account_error(book: &Book, code: &str, lang: Lang) -> Option<String> {
    (!(crate::domain::account::is_cash_or_bank(code) && book.is_postable(code)))
        .then(|| crate::books::dues::DuesError::BadCashAccount(code.to_string()).message(lang))
}
/// Writes a file whole or not at all (see `crate::files`: a temporary file
/// that takes no existing file's name, renamed into place).
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::files::write(path, bytes)
}

// ---- Drawing

impl Cobro {
    /// Draws the screen.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        // The day's list below, while searching (or when there is room).
        let day_rows = match (self.phase, area.height) {
            (Phase::Search | Phase::Void | Phase::Reprint, 18..) | (_, 30..) => 7,
            (Phase::Search | Phase::Void | Phase::Reprint, 14..=17) => 4,
            _ => 0,
        };
        let [top, day] =
            Layout::vertical([Constraint::Min(8), Constraint::Length(day_rows)]).areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(top);
        render_search(self, app, f, left);
        render_member(self, app, f, right);
        if day_rows > 0 {
            render_day(self, app, f, day);
        }
    }
}

fn render_search(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let searching = c.phase == Phase::Search;
    let inner_w = inner_w(app, area);
    let mut lines = vec![
        styled(app.t(Msg::UiCobroSearch), app.theme.muted),
        styled(
            fit(&c.query.view(searching, inner_w), inner_w),
            if searching {
                app.theme.input
            } else {
                app.theme.base
            },
        ),
    ];
    let height = area.height.saturating_sub(4) as usize;
    if c.matches.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroNoMember), app.theme.warning));
    }
    let mut rows = Vec::new();
    for i in list_window(app, c.sel, c.matches.len(), height) {
        let m = &c.matches[i];
        let mut text = m.full_name();
        if !m.status.is_active() {
            text.push_str(&format!(" ({})", app.t(Msg::UiCobroRetired)));
        }
        // The cédula when it fits whole (the chosen member's is in the
        // title on the right).
        let with_id = format!("{text} · {}", m.id_number);
        if with_id.chars().count() + 2 <= inner_w {
            text = with_id;
        }
        let style = super::row_style(app, i == c.sel, m.status.is_active(), app.theme.muted);
        // The selection is marked by a sign as well as by colour.
        let mark = sel_mark(i == c.sel);
        rows.push(styled(fit(&format!("{mark}{text}"), inner_w), style));
    }
    lines.extend(spaced(app, rows));
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::UiCobroTitle), searching)),
        area,
    );
}

/// A label and an amount on one line, `w` columns in all.
fn money_line<'a>(
    app: &ViewCtx,
    label: &str,
    m: Money,
    w: usize,
    style: ratatui::style::Style,
) -> Line<'a> {
    let amount_w = 12;
    Line::from(vec![
        Span::styled(fit(label, w.saturating_sub(amount_w)), style),
        amount(app, m, amount_w),
    ])
}

/// The member's position: dues owed, the loan due, savings and fund.
fn position_lines<'a>(c: &Cobro, app: &ViewCtx, w: usize, owed_rows: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let mut lines = Vec::new();
    let Some(fg) = &c.figures else {
        return lines;
    };
    if fg.owed.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroOwesNothing), app.theme.muted));
    } else {
        let head = Msg::UiVisitDuesOwed.fill(lang, &[("n", &fg.owed.len())]);
        lines.push(money_line(app, &head, fg.dues_owed, w, app.theme.header));
        // The oldest stay visible; the rest is summed.
        let shown = fg.owed.len().min(owed_rows.max(1));
        let cut = if shown < fg.owed.len() {
            shown.saturating_sub(1)
        } else {
            shown
        };
        let mut rows = Vec::new();
        for l in &fg.owed[..cut] {
            let label = format!("  {} {}", month_text(l.month, lang), l.type_name);
            rows.push(money_line(app, &label, l.due, w, app.theme.base));
        }
        if cut < fg.owed.len() {
            let rest: Money = fg.owed[cut..].iter().map(|l| l.due).sum();
            let label = format!("  … +{}", fg.owed.len() - cut);
            rows.push(money_line(app, &label, rest, w, app.theme.muted));
        }
        lines.extend(spaced(app, rows));
    }
    if let Some(l) = &fg.loan {
        if l.due_now.is_positive() {
            let head = Msg::UiVisitLoanDue.fill(lang, &[("n", &l.loan)]);
            lines.push(money_line(app, &head, l.due_now, w, app.theme.header));
        } else {
            let head = Msg::UiVisitLoanUpToDate.fill(lang, &[("n", &l.loan)]);
            lines.push(styled(fit(&head, w), app.theme.header));
        }
        if l.late.is_positive() {
            lines.push(money_line(
                app,
                &format!("  {}", app.t(Msg::UiVisitLate)),
                l.late,
                w,
                app.theme.warning,
            ));
        }
        if let Some(next) = l.next_due {
            let label = Msg::UiVisitNext.fill(lang, &[("date", &format_date(next, lang))]);
            lines.push(money_line(
                app,
                &format!("  {label}"),
                l.next_amount,
                w,
                app.theme.muted,
            ));
        }
        let label = Msg::UiVisitBalance.t(lang);
        lines.push(money_line(
            app,
            &format!("  {label}"),
            l.balance,
            w,
            app.theme.muted,
        ));
    }
    lines.push(money_line(
        app,
        app.t(Msg::UiVisitSavingsHeld),
        fg.savings,
        w,
        app.theme.base,
    ));
    lines.push(money_line(
        app,
        app.t(Msg::UiVisitFund),
        fg.fund,
        w,
        app.theme.base,
    ));
    lines
}

fn render_member(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let w = inner_w(app, area);
    // The receipt just recorded, until the next member is searched.
    if let (Phase::Search, Some(v)) = (c.phase, &c.last) {
        let name = c.member_names.get(&v.member).cloned().unwrap_or_default();
        let lines = visit_lines(app, v, w);
        let title = format!("{}: {name}", app.t(Msg::UiCobroLast));
        f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), area);
        return;
    }
    if matches!(c.phase, Phase::Void | Phase::Reprint) {
        let reprint = c.phase == Phase::Reprint;
        let mut lines = Vec::new();
        let label_w = 14;
        for (k, (label, input)) in [
            (Msg::UiVisitVoidReceipt, &c.void.number),
            (Msg::UiFReason, &c.void.reason),
        ]
        .into_iter()
        .enumerate()
        .take(if reprint { 1 } else { 2 })
        {
            let focus = c.void.focus == k;
            let room = w.saturating_sub(label_w + 2);
            lines.push(Line::from(vec![
                field_label(app, label.t(app.lang), focus, label_w),
                Span::styled(
                    input.value.view(focus, room),
                    field_style(app, input, focus, false),
                ),
            ]));
            if let Some(e) = &input.error {
                lines.push(styled(error_text(e), app.theme.error));
            }
        }
        lines.push(Line::from(""));
        let (hint, title) = if reprint {
            (Msg::UiVisitReprintHint, Msg::UiVisitReprintTitle)
        } else {
            (Msg::UiVisitVoidHint, Msg::UiVisitVoidTitle)
        };
        lines.push(styled(app.t(hint), app.theme.muted));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block(app, app.t(title), true)),
            area,
        );
        return;
    }
    let Some(m) = &c.member else {
        f.render_widget(
            Paragraph::new(styled(app.t(Msg::UiCobroNoMember), app.theme.muted)).block(block(
                app,
                app.t(Msg::UiMember),
                false,
            )),
            area,
        );
        return;
    };
    let title = format!("{} · {}", m.full_name(), m.id_number);
    let mut lines: Vec<Line> = Vec::new();
    match (c.phase, &c.plan) {
        (Phase::Confirm, Some(plan)) => {
            // The keys last, whole: the preview takes the rows above them.
            let hint = super::exercises::wrap(app.t(Msg::UiCobroConfirm), w, 0);
            let room = (area.height.saturating_sub(2) as usize).saturating_sub(hint.len());
            lines.extend(plan_lines(app, plan, w, room));
            for l in hint {
                lines.push(styled(l, app.theme.warning));
            }
        }
        _ => {
            let fields = if c.phase == Phase::Amount {
                FIELDS.len() - usize::from(!c.has_loan()) + 2
            } else {
                0
            };
            let fixed = 2
                + fields
                + c.figures.as_ref().map_or(0, |f| {
                    3 + f.loan.as_ref().map_or(0, |l| {
                        2 + usize::from(l.late.is_positive()) + usize::from(l.next_due.is_some())
                    })
                });
            let owed_rows = fit_rows(app, (area.height as usize).saturating_sub(fixed));
            lines.extend(position_lines(c, app, w, owed_rows));
            if c.phase == Phase::Amount {
                lines.extend(field_lines(c, app, w));
            }
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, &title, c.phase != Phase::Search)),
        area,
    );
}

/// The visit's fields: the amount, its split, the date and the account.
fn field_lines<'a>(c: &Cobro, app: &ViewCtx, w: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let label_w = 18;
    let mut lines = Vec::new();
    let mut error = None;
    for (k, f) in FIELDS.iter().enumerate() {
        if *f == Field::Loan && !c.has_loan() {
            continue;
        }
        let Some(input) = c.fields.get(k) else {
            continue;
        };
        let focus = c.focus == k;
        let fresh = focus && c.suggested;
        let label = if *f == Field::Given {
            f.label(lang).to_string()
        } else {
            format!("  {}", f.label(lang))
        };
        let room = w.saturating_sub(label_w + 2).min(14);
        let mut spans = vec![
            field_label(app, &label, focus, label_w),
            Span::styled(
                format!(" {} ", input.value.view(focus && !fresh, room)),
                field_style(app, input, focus, fresh),
            ),
        ];
        if *f == Field::Account {
            let name = &c.account_name;
            let used = label_w + room.min(input.value.as_str().chars().count().max(4)) + 3;
            spans.push(Span::styled(
                fit(&format!(" {name}"), w.saturating_sub(used)),
                app.theme.muted,
            ));
        }
        lines.push(Line::from(spans));
        if input.error.is_some() && (error.is_none() || focus) {
            error = input.error.clone();
        }
    }
    match error {
        Some(e) => lines.push(styled(error_text(&e), app.theme.error)),
        None => lines.push(styled(fit(app.t(Msg::UiVisitHint), w), app.theme.muted)),
    }
    lines
}

/// The receipt to be issued: what each part pays, the total, what is left.
fn plan_lines<'a>(app: &ViewCtx, plan: &VisitPlan, w: usize, room: usize) -> Vec<Line<'a>> {
    let n = plan.dues.as_ref().map_or(0, |d| d.payment.lines.len());
    // Every charge paid, spaced when roomy; then without the spacing; then
    // the newest charges summed in one line, until the whole preview fits.
    let mut fallback = Vec::new();
    for keep in (1..=n.max(1)).rev() {
        for spacing in [true, false] {
            if spacing && !app.density.is_roomy() {
                continue;
            }
            let lines = plan_lines_with(app, plan, w, keep, spacing);
            if lines.len() <= room {
                return lines;
            }
            fallback = lines;
        }
    }
    fallback
}

/// The preview of a visit with at most `keep` lines of charges (the rest
/// summed in the last), the rows spaced or not.
fn plan_lines_with<'a>(
    app: &ViewCtx,
    plan: &VisitPlan,
    w: usize,
    keep: usize,
    spacing: bool,
) -> Vec<Line<'a>> {
    let lang = app.lang;
    let mut lines = vec![styled(
        fit(
            &Msg::UiVisitPreview.fill(
                lang,
                &[
                    ("n", &receipt_number(plan.number)),
                    ("date", &format_date(plan.date, lang)),
                    ("account", &plan.cash_account),
                ],
            ),
            w,
        ),
        app.theme.header,
    )];
    let mut rows = Vec::new();
    if let Some(d) = &plan.dues {
        // The charges paid, the oldest first; a long list summed.
        let keep = keep.max(1);
        let n = d.payment.lines.len();
        let cut = if n > keep { keep.saturating_sub(1) } else { n };
        for l in &d.payment.lines[..cut] {
            let label = format!("{} {}", month_text(l.month, lang), l.type_name);
            rows.push(money_line(app, &label, l.applied, w, app.theme.base));
        }
        if cut < n {
            let rest: Money = d.payment.lines[cut..].iter().map(|l| l.applied).sum();
            rows.push(money_line(
                app,
                &format!("… +{}", n - cut),
                rest,
                w,
                app.theme.muted,
            ));
        }
        if d.payment.advance.is_positive() {
            rows.push(money_line(
                app,
                app.t(Msg::UiCobroAdvance),
                d.payment.advance,
                w,
                app.theme.muted,
            ));
        }
    }
    let loan = plan.loan.as_ref().map(|l| {
        LoanPaid(
            l.loan_id,
            l.amount,
            l.principal + l.prepaid,
            l.interest,
            l.late,
        )
    });
    let savings = plan.savings.as_ref().map(|s| s.amount);
    let paid = Paid {
        loan,
        savings,
        total: plan.total(),
    };
    lines.extend(paid_tail(app, rows, paid, &plan.after, w, spacing));
    lines
}

/// What a visit pays of a loan: its number, the amount, then principal,
/// interest and late interest.
struct LoanPaid(u32, Money, Money, Money, Money);

/// What a visit pays beyond its dues: of a loan, into savings, and the total.
struct Paid {
    loan: Option<LoanPaid>,
    savings: Option<Money>,
    total: Money,
}

/// The rows after the dues: the loan's amount and its parts (those not
/// zero), the deposit, the total, and what is left after the visit.
fn paid_tail<'a>(
    app: &ViewCtx,
    mut rows: Vec<Line<'a>>,
    paid: Paid,
    after: &crate::domain::visit::VisitAfter,
    w: usize,
    spacing: bool,
) -> Vec<Line<'a>> {
    let lang = app.lang;
    let Paid {
        loan,
        savings,
        total,
    } = paid;
    if let Some(LoanPaid(n, amount, principal, interest, late)) = loan {
        let head = Msg::RepVisitLoan.fill(lang, &[("n", &n)]);
        rows.push(money_line(app, &head, amount, w, app.theme.base));
        for (label, m) in [
            (Msg::RepVisitPrincipal, principal),
            (Msg::RepVisitInterest, interest),
            (Msg::RepVisitLate, late),
        ] {
            if m.is_positive() {
                let label = format!("  {}", label.t(lang));
                rows.push(money_line(app, &label, m, w, app.theme.muted));
            }
        }
    }
    if let Some(m) = savings {
        rows.push(money_line(
            app,
            app.t(Msg::UiVisitDeposit),
            m,
            w,
            app.theme.base,
        ));
    }
    let mut lines = if spacing { spaced(app, rows) } else { rows };
    lines.push(money_line(
        app,
        app.t(Msg::UiTotal),
        total,
        w,
        app.theme.header,
    ));
    lines.extend(after_lines(app, after, w));
    lines
}

/// What the member still owes and holds after the visit.
fn after_lines<'a>(
    app: &ViewCtx,
    after: &crate::domain::visit::VisitAfter,
    w: usize,
) -> Vec<Line<'a>> {
    let lang = app.lang;
    let mut lines = vec![money_line(
        app,
        app.t(Msg::UiVisitStillOwed),
        after.dues_owed,
        w,
        app.theme.muted,
    )];
    if let Some(b) = after.loan_balance {
        lines.push(money_line(
            app,
            app.t(Msg::UiVisitLoanLeft),
            b,
            w,
            app.theme.muted,
        ));
    }
    if let Some(d) = after.next_due {
        let label = Msg::UiVisitNext.fill(lang, &[("date", &format_date(d, lang))]);
        lines.push(money_line(
            app,
            &label,
            after.next_amount,
            w,
            app.theme.muted,
        ));
    }
    lines.push(money_line(
        app,
        app.t(Msg::UiVisitSavingsHeld),
        after.savings,
        w,
        app.theme.muted,
    ));
    lines
}

/// A recorded visit, as its receipt says.
fn visit_lines<'a>(app: &ViewCtx, v: &Visit, w: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let mut lines = vec![styled(
        fit(
            &format!(
                "{} {} · {}",
                app.t(Msg::UiNumber),
                receipt_number(v.number),
                format_date(v.date, lang)
            ),
            w,
        ),
        app.theme.header,
    )];
    let mut rows = Vec::new();
    if let Some(d) = &v.dues {
        rows.push(money_line(
            app,
            app.t(Msg::UiVisitDues),
            d.amount,
            w,
            app.theme.base,
        ));
    }
    let loan = v.loan.as_ref().map(|l| {
        LoanPaid(
            l.loan,
            l.amount,
            l.principal + l.prepaid,
            l.interest,
            l.late,
        )
    });
    let savings = v.savings.as_ref().map(|s| s.amount);
    let paid = Paid {
        loan,
        savings,
        total: v.total,
    };
    lines.extend(paid_tail(app, rows, paid, &v.after, w, true));
    lines
}

fn render_day(c: &Cobro, app: &ViewCtx, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let count = c.today.iter().filter(|r| !r.void).count();
    // "Today's receipts" only when the day is today (a late meeting's are "of" its day).
    let msg = if c.day.is_some() && c.day != c.today_date {
        Msg::UiCobroDayOf
    } else {
        Msg::UiCobroDay
    };
    let title = msg.fill(
        lang,
        &[
            (
                "date",
                &c.day.map(|d| format_date(d, lang)).unwrap_or_default(),
            ),
            ("count", &count),
            ("total", &c.day_total().localized(lang)),
        ],
    );
    let w = inner_w(app, area);
    let height = fit_rows(app, area.height.saturating_sub(2) as usize);
    let mut lines = Vec::new();
    if c.today.is_empty() {
        lines.push(styled(app.t(Msg::UiCobroNoReceipts), app.theme.muted));
    }
    // Newest first, with the running total of the day at each.
    let mut running = Money::ZERO;
    let mut rows = Vec::new();
    for r in &c.today {
        if !r.void {
            running += r.total;
        }
        rows.push((r, running));
    }
    let name_w = w.saturating_sub(8 + 13 + 13 + 2).max(8);
    let mut shown = Vec::new();
    for (r, run) in rows.iter().rev().take(height) {
        let name = c.member_names.get(&r.member).cloned().unwrap_or_default();
        let mut label = name;
        if r.void {
            label = format!("{label} — {}", app.t(Msg::UiCobroReversed));
        }
        shown.push(Line::from(vec![
            Span::raw(format!("{} ", receipt_number(r.number))),
            Span::styled(
                fit(&label, name_w),
                if r.void {
                    app.theme.muted
                } else {
                    app.theme.base
                },
            ),
            amount(app, r.total, 13),
            Span::styled(format!("{:>13}", run.localized(lang)), app.theme.muted),
        ]));
    }
    lines.extend(spaced(app, shown));
    f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), area);
}
