//! Loans: the list, the loan card, the simulator, and the application,
//! disbursement and repayment forms.
//!
//! The loan screens: the list coloured by arrears, the loan card, the
//! simulator, and the review of the loan forms.

use crate::domain::glyphs::Mark;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;

use super::Head::{L, R, Raw};
use super::heading;
use super::money::{
    Back, EntryLine, Field, FormInfo, FormKind, MoneyForm, MoneyState, Pending, Refusal, View,
    amount_field, cash_field, open_date_field, product_of, resolve_member,
};
use super::{
    amount, block, field_label, fit, fit_rows, inner_w, list_window, sel_mark, spaced, styled,
};
use crate::books::loans::{LoanApplication, LoanOpError};
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::date::format_date;
use crate::domain::entry::Posting;
use crate::domain::input;
use crate::domain::loan::{
    Loan, LoanError, LoanProduct, LoanStatus, Method, Prepay, Schedule, schedule,
};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::report::dues::{decimal_text, percent_text};
use crate::report::loans::LoanStatement;
use crate::report::loans::{
    EventKind, InstallmentStatus, installment_status, loan_status_code, loan_status_label,
};
use crate::ui::app::Input;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::widgets::search::Typed;

/// Lowercase without accents, the way people compare names.
pub(super) fn fold(s: &str) -> String {
    crate::report::dues::fold(s)
}

/// The loan simulator: change a figure and the schedules follow.
#[derive(Clone, Debug)]
pub struct Simulator {
    /// Amount, rate, months, method, start.
    fields: Vec<(Field, Input)>,
    /// The field still holds its first value: typing replaces it.
    fresh: Vec<bool>,
    focus: usize,
    method: Method,
    /// French and German side by side, and the chosen method's schedule.
    french: Option<Schedule>,
    german: Option<Schedule>,
    pub chosen: Option<Schedule>,
    /// The first installment shown.
    top: usize,
    error: Option<String>,
}

impl Default for Simulator {
    fn default() -> Self {
        let v = Input::new;
        Simulator {
            fields: vec![
                (Field::LoanAmount, v("1000")),
                (Field::Rate, v("15")),
                (Field::Months, v("12")),
                (Field::Method, v("")),
                (Field::Start, v("")),
            ],
            fresh: vec![true; 5],
            focus: 0,
            method: Method::French,
            french: None,
            german: None,
            chosen: None,
            top: 0,
            error: None,
        }
    }
}

impl Simulator {
    pub fn value(&self, f: Field) -> &str {
        self.fields
            .iter()
            .find(|(ff, _)| *ff == f)
            .map(|(_, i)| i.value.as_str())
            .unwrap_or("")
    }

    fn set_error(&mut self, f: Field, e: String) {
        if let Some((_, i)) = self.fields.iter_mut().find(|(ff, _)| *ff == f) {
            i.error = Some(e);
        }
    }

    /// Reads the figures and makes the schedules (none while a figure is wrong).
    fn compute(&mut self, lang: Lang) {
        for (_, i) in &mut self.fields {
            i.error = None;
        }
        self.error = None;
        self.french = None;
        self.german = None;
        self.chosen = None;
        let amount = match input::amount(self.value(Field::LoanAmount)) {
            Ok(a) if a.is_positive() => Some(a),
            Ok(_) => {
                self.set_error(
                    Field::LoanAmount,
                    LoanError::NonPositiveAmount.message(lang),
                );
                None
            }
            Err(e) => {
                self.set_error(Field::LoanAmount, e.message(lang));
                None
            }
        };
        let rate = match input::rate(self.value(Field::Rate)) {
            Ok(r) => Some(r),
            Err(e) => {
                self.set_error(Field::Rate, e.message(lang));
                None
            }
        };
        let months = match input::months(self.value(Field::Months)) {
            Ok(m) => Some(m),
            Err(e) => {
                self.set_error(Field::Months, e.message(lang));
                None
            }
        };
        let start = match input::date(self.value(Field::Start)) {
            Ok(d) => Some(d),
            Err(e) => {
                self.set_error(Field::Start, e.message(lang));
                None
            }
        };
        let (Some(amount), Some(rate), Some(months), Some(start)) = (amount, rate, months, start)
        else {
            return;
        };
        let make = |m: Method| schedule(m, amount, rate, months, start);
        match (
            make(Method::French),
            make(Method::German),
            make(self.method),
        ) {
            (Ok(f), Ok(g), Ok(c)) => {
                self.french = Some(f);
                self.german = Some(g);
                self.top = self.top.min(c.installments.len().saturating_sub(1));
                self.chosen = Some(c);
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                let field = match e {
                    LoanError::NonPositiveAmount | LoanError::TooLarge => Field::LoanAmount,
                    LoanError::BadTerm => Field::Months,
                    LoanError::BadRate => Field::Rate,
                    LoanError::BadDate => Field::Start,
                };
                self.set_error(field, e.message(lang));
            }
        }
    }
}

/// The part of `amount` that is `percent` percent, to the cent.
pub fn percent_of(amount: Money, percent: Decimal) -> Money {
    Money::from_decimal_rounded(amount.to_decimal() * percent / Decimal::ONE_HUNDRED)
        .unwrap_or_default()
}

impl MoneyState {
    /// `6`: the loan list.
    pub fn open_loans(&mut self, ctx: &mut Ctx) -> Effect {
        let loaded = self.load_loans(ctx);
        self.form = None;
        loaded.then(self.show(View::Loans))
    }

    /// `6` from another screen: the loan list with its search box cleared.
    pub fn open_loans_afresh(&mut self, ctx: &mut Ctx) -> Effect {
        self.loan_search = Default::default();
        self.open_loans(ctx)
    }

    fn load_loans(&mut self, ctx: &Ctx) -> Effect {
        let book = &*ctx.book;
        let today = book.today();
        match (
            book.loan_portfolio(today),
            book.loan_arrears(today),
            book.loan_products(),
        ) {
            (Ok(rows), Ok(a), Ok(products)) => {
                let kept = self.selected_loan();
                self.loans = rows;
                self.arrears = Some(a);
                self.loan_products = products;
                self.filter_loans(ctx.members, kept);
                Effect::None
            }
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Effect::error(e.message(ctx.lang)),
        }
    }

    /// The list again as the search box leaves it: every word typed (accents
    /// and case ignored) is in the member's name or cédula, the loan's
    /// number or its product's name (`#12`: loan 12 only). Loan `kept` stays selected when it is
    /// still listed, else the first row is.
    pub(super) fn filter_loans(&mut self, members: &[Member], kept: Option<u32>) {
        let query = fold(self.loan_search.query.as_str());
        let words: Vec<&str> = query.split_whitespace().filter(|w| *w != "#").collect();
        let products = &self.loan_products;
        self.loan_view = (0..self.loans.len())
            .filter(|&i| {
                if words.is_empty() {
                    return true;
                }
                let r = &self.loans[i];
                let id_number = members
                    .iter()
                    .find(|m| m.id == r.member)
                    .map(|m| m.id_number.as_str())
                    .unwrap_or("");
                let product = products
                    .iter()
                    .find(|p| p.id == r.product)
                    .map(|p| p.name.as_str())
                    .unwrap_or("");
                let hay = fold(&format!("{} {} {} {}", r.loan, r.name, id_number, product));
                let number = r.loan.to_string();
                // `#12` is loan 12; other words are looked for anywhere.
                words.iter().all(|w| match w.strip_prefix('#') {
                    Some(n) => n == number,
                    None => hay.contains(w),
                })
            })
            .collect();
        self.loan_sel = kept
            .and_then(|id| {
                self.loan_view
                    .iter()
                    .position(|&i| self.loans.get(i).map(|r| r.loan) == Some(id))
            })
            .unwrap_or(0);
    }

    /// A key for the loan list's search box: `/` gives it the keys, typing
    /// filters the list, the arrows move the selection, Enter or Tab keeps
    /// the filter, Esc clears it. `None`: the key is the list's.
    pub(super) fn loan_search_key(&mut self, action: &Action, ctx: &Ctx) -> Option<Effect> {
        let kept = self.selected_loan();
        if !self.loan_search.active {
            return match action {
                Action::Search => {
                    self.loan_search.active = true;
                    Some(Effect::None)
                }
                // A filter kept with Enter: Esc clears it before it leaves.
                Action::Back if !self.loan_search.query.is_empty() => {
                    self.loan_search.clear();
                    self.filter_loans(ctx.members, kept);
                    Some(Effect::None)
                }
                _ => None,
            };
        }
        match self.loan_search.key(action.clone()) {
            Typed::Refused(r) => return Some(Effect::error(r.message(ctx.lang))),
            Typed::Other(a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                self.loan_sel = super::moved(self.loan_sel, self.loan_view.len(), a, ctx.page);
                return Some(Effect::None);
            }
            Typed::Other(_) | Typed::Done => return Some(Effect::None),
            Typed::Edited | Typed::Cancelled => {}
        }
        self.filter_loans(ctx.members, kept);
        Some(Effect::None)
    }

    /// The selected loan of the list.
    fn selected_loan(&self) -> Option<u32> {
        self.loan_view
            .get(self.loan_sel)
            .and_then(|&i| self.loans.get(i))
            .map(|r| r.loan)
    }

    pub(super) fn loans_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match (&action, self.selected_loan()) {
            (Action::Open | Action::NextField | Action::Submit, Some(id)) => {
                self.open_loan_card(id, ctx)
            }
            (Action::Simulate, _) => self.open_simulator(ctx),
            (Action::NewLoan, _) => self.open_apply(ctx),
            (Action::Disburse | Action::PayLoan, Some(id)) => {
                self.open_loan_form(action.clone(), id, Back::View(View::Loans), ctx)
            }
            _ => Effect::None,
        }
    }

    /// A loan's card: its schedule against its payments, its operations, the payoff.
    pub(super) fn open_loan_card(&mut self, id: u32, ctx: &Ctx) -> Effect {
        let book = &*ctx.book;
        match crate::report::loans::loan_statement(book, id, book.today()) {
            Ok(s) => {
                // The first installment not paid yet shows near the top.
                let next = s
                    .loan
                    .installments
                    .iter()
                    .position(|i| !i.is_settled())
                    .unwrap_or(s.loan.installments.len());
                self.schedule_top = next.saturating_sub(1);
                if let Some(i) = self
                    .loan_view
                    .iter()
                    .position(|&i| self.loans.get(i).map(|r| r.loan) == Some(id))
                {
                    self.loan_sel = i;
                }
                self.statement = Some(s);
                self.show(View::LoanCard)
            }
            Err(e) => Effect::error(e.message(ctx.lang)),
        }
    }

    pub(super) fn loan_card_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(id) = self.statement.as_ref().map(|s| s.loan.id) else {
            return Effect::None;
        };
        match action {
            Action::Disburse | Action::PayLoan => {
                self.open_loan_form(action, id, Back::View(View::LoanCard), ctx)
            }
            Action::WriteOff => self.open_loan_op(FormKind::WriteOff, id, ctx),
            Action::VoidLoan => self.open_loan_op(FormKind::Void, id, ctx),
            _ => Effect::None,
        }
    }

    /// The write-off (`x`) or the void of the disbursement (`v`) of a
    /// running loan: the date (today), the reason (and the write-off's
    /// approval); the review shows what the book plans.
    fn open_loan_op(&mut self, kind: FormKind, id: u32, ctx: &Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let today = book.today();
        let (loan, name, product) = match loan_in_state(book, id, LoanStatus::Active, lang) {
            Ok(found) => found,
            Err(e) => return e,
        };
        let days_late = loan.days_past_due(today);
        let mut fields = vec![(Field::Date, today.to_string())];
        if kind == FormKind::WriteOff {
            fields.push((Field::Approval, String::new()));
        }
        fields.push((Field::Reason, String::new()));
        let form = MoneyForm::new(
            kind,
            fields,
            FormInfo::Loan {
                loan: Box::new(loan),
                name,
                product,
                due_now: Money::ZERO,
                payoff: Money::ZERO,
                days_late,
            },
            Back::View(View::LoanCard),
        );
        self.open_form(form, ctx)
    }

    /// The disbursement (`d`) or repayment (`p`) form of a loan.
    fn open_loan_form(&mut self, action: Action, id: u32, back: Back, ctx: &Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let today = book.today();
        let wanted = if action == Action::Disburse {
            LoanStatus::Applied
        } else {
            LoanStatus::Active
        };
        let (loan, name, product) = match loan_in_state(book, id, wanted, lang) {
            Ok(found) => found,
            Err(e) => return e,
        };
        let (due_now, payoff) = if loan.status == LoanStatus::Active {
            let payoff = match book.payoff_amount(id, today) {
                Ok(p) => p,
                Err(e) => return Effect::error(e.message(lang)),
            };
            // What is due today: what a payment of the whole payoff would settle before the prepayment.
            let due = match book.plan_loan_payment(id, payoff, today) {
                Ok((a, _)) => a.late + a.interest + a.principal,
                Err(e) => return Effect::error(e.message(lang)),
            };
            (due, payoff)
        } else {
            (Money::ZERO, Money::ZERO)
        };
        let days_late = if loan.status == LoanStatus::Active {
            loan.days_past_due(today)
        } else {
            0
        };
        let (kind, fields) = if action == Action::Disburse {
            (
                FormKind::Disburse,
                vec![
                    (Field::Date, today.to_string()),
                    (Field::Cash, CASH.to_string()),
                ],
            )
        } else {
            // Suggested: what is due today, or else the next installment.
            let suggested = if due_now.is_positive() {
                due_now
            } else {
                loan.installments
                    .iter()
                    .find(|i| !i.is_settled())
                    .map(|i| i.principal_due() + i.interest_due())
                    .unwrap_or(payoff)
                    .min(payoff)
            };
            (
                FormKind::Repay,
                vec![
                    (Field::Amount, suggested.localized(lang)),
                    (Field::Date, today.to_string()),
                    (Field::Cash, CASH.to_string()),
                    (Field::Prepay, String::new()),
                ],
            )
        };
        let form = MoneyForm::new(
            kind,
            fields,
            FormInfo::Loan {
                loan: Box::new(loan),
                name,
                product,
                due_now,
                payoff,
                days_late,
            },
            back,
        );
        self.open_form(form, ctx)
    }

    /// `a` on the loan list: a new application.
    fn open_apply(&mut self, ctx: &Ctx) -> Effect {
        let lang = ctx.lang;
        let book = &*ctx.book;
        let products = match book.loan_products() {
            Ok(p) => p,
            Err(e) => return Effect::error(e.message(lang)),
        };
        let Some(first) = products.first() else {
            // No dead end: the loan-product form, then back to the application.
            return Effect::Pass(Action::NewLoanProduct);
        };
        let form = MoneyForm::new(
            FormKind::Apply,
            vec![
                (Field::Member, String::new()),
                (Field::Product, first.id.to_string()),
                (Field::LoanAmount, String::new()),
                (Field::Months, String::new()),
                (Field::Guarantor, String::new()),
                (Field::Approval, String::new()),
                (Field::Purpose, String::new()),
                (Field::Date, book.today().to_string()),
            ],
            FormInfo::Products(products),
            Back::View(View::Loans),
        );
        self.open_form(form, ctx)
    }

    // ---- the simulator ----

    fn open_simulator(&mut self, ctx: &Ctx) -> Effect {
        let book = &*ctx.book;
        let mut sim = Simulator::default();
        if let Some(p) = book
            .loan_products()
            .ok()
            .and_then(|ps| ps.into_iter().next())
        {
            sim.fields[1]
                .1
                .value
                .set(&crate::report::dues::decimal_text(p.rate, ctx.lang));
        }
        sim.fields[4].1.value.set(&book.today().to_string());
        sim.compute(ctx.lang);
        self.sim = sim;
        self.show(View::Simulator)
    }

    pub(super) fn sim_key(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let rows = self.rows.max(1);
        let s = &mut self.sim;
        let n = s.fields.len();
        let len = s.chosen.as_ref().map(|c| c.installments.len()).unwrap_or(0);
        match action {
            Action::Back => return self.open_loans(ctx),
            a if super::move_focus(&mut s.focus, n, &a) => {}
            Action::PageDown => {
                s.top = (s.top + rows).min(len.saturating_sub(rows));
                return Effect::None;
            }
            Action::PageUp => {
                s.top = s.top.saturating_sub(rows);
                return Effect::None;
            }
            Action::Char(c) if s.fields[s.focus].0 == Field::Method => {
                s.method = match c.to_ascii_lowercase() {
                    'f' => Method::French,
                    'a' | 'g' => Method::German,
                    'p' => Method::Flat,
                    _ => match s.method {
                        Method::French => Method::German,
                        Method::German => Method::Flat,
                        Method::Flat => Method::French,
                    },
                };
            }
            a if a.edit().is_some() && s.fields[s.focus].0 != Field::Method => {
                let i = s.focus;
                if let Some(e) =
                    super::type_fresh(&mut s.fields[i].1, &mut s.fresh[i], &a, ctx.lang)
                {
                    return e;
                }
            }
            _ => return Effect::None,
        }
        s.compute(ctx.lang);
        Effect::None
    }
}

/// Which field an application's refusal is about.
fn application_field(e: &BookError) -> Option<Field> {
    match e {
        BookError::Loan(l) => match l {
            LoanOpError::BadGuarantor => Some(Field::Guarantor),
            LoanOpError::ApprovalRequired => Some(Field::Approval),
            LoanOpError::AboveMaxAmount(_)
            | LoanOpError::AboveSavingsMultiple { .. }
            | LoanOpError::Schedule(LoanError::NonPositiveAmount) => Some(Field::LoanAmount),
            LoanOpError::AboveMaxTerm(_) | LoanOpError::Schedule(LoanError::BadTerm) => {
                Some(Field::Months)
            }
            LoanOpError::InactiveBorrower => Some(Field::Member),
            LoanOpError::UnknownProduct(_) => Some(Field::Product),
            _ => None,
        },
        BookError::UnknownMember(_) => Some(Field::Member),
        _ => None,
    }
}

fn member_field(
    book: &Book,
    members: &[Member],
    form: &MoneyForm,
    field: Field,
    lang: Lang,
) -> Result<Option<Member>, Refusal> {
    let text = form.value(field).trim();
    if text.is_empty() {
        return Ok(None);
    }
    resolve_member(book, members, text, lang)
        .map(Some)
        .map_err(|e| (Some(field), e))
}

pub(super) fn review_apply(
    book: &Book,
    members: &[Member],
    form: &MoneyForm,
    lang: Lang,
) -> Result<Pending, Refusal> {
    let Some(member) = member_field(book, members, form, Field::Member, lang)? else {
        return Err((Some(Field::Member), Msg::UiRequired.t(lang).to_string()));
    };
    let product: LoanProduct = product_of(&form.info, form.value(Field::Product), lang)
        .map_err(|e| (Some(Field::Product), e))?
        .clone();
    let amount = amount_field(
        form,
        Field::LoanAmount,
        LoanError::NonPositiveAmount.message(lang),
        lang,
    )?;
    let months = input::months(form.value(Field::Months))
        .map_err(|e| (Some(Field::Months), e.message(lang)))?;
    let guarantor = member_field(book, members, form, Field::Guarantor, lang)?;
    let date: NaiveDate =
        input::date(form.value(Field::Date)).map_err(|e| (Some(Field::Date), e.message(lang)))?;
    let application = LoanApplication {
        member: member.id,
        product: product.id,
        amount,
        months,
        rate: None,
        purpose: form.value(Field::Purpose).trim().to_string(),
        guarantor: guarantor.as_ref().map(|g| g.id),
        approval: form.value(Field::Approval).trim().to_string(),
        date,
    };
    let (product, warning) = book
        .check_loan_application(&application)
        .map_err(|e| (application_field(&e), e.message(lang)))?;
    let s = schedule(product.method, amount, product.rate, months, date)
        .map_err(|e| (Some(Field::LoanAmount), e.message(lang)))?;
    Ok(Pending::Apply {
        name: member.full_name(),
        guarantor: guarantor.map(|g| g.full_name()),
        guarantee: percent_of(amount, product.guarantee_percent),
        product,
        schedule: Box::new(s),
        warning,
        application,
    })
}

pub(super) fn review_disburse(
    book: &Book,
    form: &MoneyForm,
    lang: Lang,
) -> Result<Pending, Refusal> {
    let FormInfo::Loan {
        loan,
        name,
        product,
        ..
    } = &form.info
    else {
        return Err((None, String::new()));
    };
    let date = open_date_field(book, form, lang)?;
    let cash = cash_field(book, form, lang)?;
    let s = schedule(loan.method, loan.amount, loan.rate, loan.months, date)
        .map_err(|e| (Some(Field::Date), e.message(lang)))?;
    Ok(Pending::Disburse {
        loan: loan.id,
        name: name.clone(),
        amount: loan.amount,
        date,
        cash,
        guarantee: product
            .as_ref()
            .map(|p| percent_of(loan.amount, p.guarantee_percent))
            .unwrap_or_default(),
        schedule: Box::new(s),
    })
}

pub(super) fn review_repay(book: &Book, form: &MoneyForm, lang: Lang) -> Result<Pending, Refusal> {
    let FormInfo::Loan { loan, name, .. } = &form.info else {
        return Err((None, String::new()));
    };
    let amount = amount_field(
        form,
        Field::Amount,
        LoanError::NonPositiveAmount.message(lang),
        lang,
    )?;
    let date = open_date_field(book, form, lang)?;
    let cash = cash_field(book, form, lang)?;
    let (alloc, payoff) = book
        .plan_loan_payment(loan.id, amount, date)
        .map_err(|e| (None, e.message(lang)))?;
    if amount > payoff {
        return Err((
            Some(Field::Amount),
            LoanOpError::AbovePayoff { payoff }.message(lang),
        ));
    }
    Ok(Pending::Repay {
        loan: loan.id,
        name: name.clone(),
        amount,
        date,
        cash,
        how: form.prepay,
        alloc,
        payoff,
        outstanding: loan.outstanding(),
    })
}

/// Which field a refusal of a write-off or a void is about.
fn loan_op_field(e: &BookError) -> Option<Field> {
    match e {
        BookError::Loan(LoanOpError::ApprovalRequired) => Some(Field::Approval),
        BookError::Loan(LoanOpError::ReasonRequired) => Some(Field::Reason),
        BookError::Loan(
            LoanOpError::FutureDate { .. } | LoanOpError::BeforeDisbursement { .. },
        ) => Some(Field::Date),
        _ => None,
    }
}

/// The reason typed: required (the command line requires it too).
fn reason_field(form: &MoneyForm, lang: Lang) -> Result<String, Refusal> {
    let reason = form.value(Field::Reason).trim();
    if reason.is_empty() {
        return Err((
            Some(Field::Reason),
            LoanOpError::ReasonRequired.message(lang),
        ));
    }
    Ok(reason.to_string())
}

/// The lines of an entry as a review shows them, with the accounts' names.
fn entry_lines(book: &Book, postings: &[Posting], lang: Lang) -> Vec<EntryLine> {
    postings
        .iter()
        .map(|p| EntryLine {
            posting: p.clone(),
            name: book
                .account(&p.account)
                .map(|a| a.display_name(lang).to_string())
                .unwrap_or_default(),
        })
        .collect()
}

pub(super) fn review_write_off(
    book: &Book,
    form: &MoneyForm,
    lang: Lang,
) -> Result<Pending, Refusal> {
    let FormInfo::Loan { loan, name, .. } = &form.info else {
        return Err((None, String::new()));
    };
    let date = open_date_field(book, form, lang)?;
    let approval = form.value(Field::Approval).trim().to_string();
    if approval.is_empty() {
        return Err((
            Some(Field::Approval),
            LoanOpError::ApprovalRequired.message(lang),
        ));
    }
    let reason = reason_field(form, lang)?;
    let plan = book
        .write_off_plan(loan.id, date, &approval, &reason)
        .map_err(|e| (loan_op_field(&e), e.message(lang)))?;
    Ok(Pending::WriteOff {
        name: name.clone(),
        lines: entry_lines(book, plan.draft.postings(), lang),
        plan: Box::new(plan),
    })
}

pub(super) fn review_void(book: &Book, form: &MoneyForm, lang: Lang) -> Result<Pending, Refusal> {
    let FormInfo::Loan { loan, name, .. } = &form.info else {
        return Err((None, String::new()));
    };
    let date = open_date_field(book, form, lang)?;
    let reason = reason_field(form, lang)?;
    let plan = book
        .void_plan(loan.id, date, &reason)
        .map_err(|e| (loan_op_field(&e), e.message(lang)))?;
    Ok(Pending::Void {
        name: name.clone(),
        amount: loan.amount,
        lines: entry_lines(book, plan.draft.postings(), lang),
        plan: Box::new(plan),
    })
}

/// The entry a review will post, a line per posting: the account, the
/// debit or the credit.
fn entry_review<'a>(app: &ViewCtx, entry: &[EntryLine], w: usize, lines: &mut Vec<Line<'a>>) {
    let aw = 12;
    let name_w = w.saturating_sub(aw * 2);
    lines.push(heading(
        app,
        &[
            L(app.t(Msg::UiEntryToPost), name_w),
            R(app.t(Msg::Debit), aw),
            R(app.t(Msg::Credit), aw),
        ],
    ));
    for e in entry {
        let (dr, cr) = super::posting_sides(app, &e.posting, aw);
        lines.push(Line::from(vec![
            Span::raw(fit(&format!("{} {}", e.posting.account, e.name), name_w)),
            dr,
            cr,
        ]));
    }
}

// ---- Drawing

pub(super) fn method_short(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::French => Msg::UiMethodFrench,
        Method::German => Msg::UiMethodGerman,
        Method::Flat => Msg::UiMethodFlat,
    }
    .t(lang)
}

/// "1.000,00 · 18 % · 12 meses · Francés".
pub(super) fn terms_text(app: &ViewCtx, loan: &Loan) -> String {
    let lang = app.lang;
    Msg::UiLoanTerms.fill(
        lang,
        &[
            ("amount", &loan.amount.localized(lang)),
            ("rate", &decimal_text(loan.rate, lang)),
            ("months", &loan.months),
            ("method", &method_short(loan.method, lang)),
        ],
    )
}

/// The style of a loan by its arrears.
fn arrears_style(app: &ViewCtx, status: &str, days: i64) -> Style {
    match status {
        "active" if days > 30 => app.theme.overdue,
        "active" if days > 0 => app.theme.warning,
        "active" | "applied" => app.theme.base,
        _ => app.theme.muted,
    }
}

/// The arrears of a running loan in words (the colour only repeats them):
/// "⚠ vencido" past 30 days, "atrasado" before.
fn arrears_word(app: &ViewCtx, status: &str, days: i64) -> Option<String> {
    match status {
        "active" if days > 30 => Some(format!(
            "{} {}",
            super::mark(Mark::Warn),
            app.t(Msg::UiOverdue)
        )),
        "active" if days > 0 => Some(app.t(Msg::UiLate).to_string()),
        _ => None,
    }
}

// ---- the list ----

impl MoneyState {
    pub(super) fn render_loans(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let m = self;
        let lang = app.lang;
        let title = match &m.arrears {
            Some(a) => Msg::UiLoansTitle.fill(
                lang,
                &[
                    ("outstanding", &a.outstanding.localized(lang)),
                    ("par", &percent_text(a.par30, lang)),
                ],
            ),
            None => app.t(Msg::UiPortfolio).to_string(),
        };
        let w = inner_w(app, area);
        let name_w = w.saturating_sub(6 + 12 + 12 + 10 + 2 + 12);
        let mut lines = vec![heading(
            app,
            &[
                L(app.t(Msg::UiNumber), 6),
                L(app.t(Msg::UiMember), name_w),
                R(app.t(Msg::UiFLoanAmount), 12),
                R(app.t(Msg::UiLoanOutstanding), 12),
                R(app.t(Msg::UiLoanDays), 10),
                Raw("  "),
                L(app.t(Msg::UiStatus), 12),
            ],
        )];
        // The search box, while it has the keys or holds a filter.
        let area = if m.loan_search.active || !m.loan_search.query.is_empty() {
            let [search, list] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
            let label = format!(" / {}: ", app.t(Msg::UiSearch));
            let room = (area.width as usize).saturating_sub(label.chars().count() + 12);
            let line = Line::from(vec![
                Span::styled(label, app.theme.muted),
                Span::styled(
                    m.loan_search.query.view(m.loan_search.active, room),
                    if m.loan_search.active {
                        app.theme.input
                    } else {
                        app.theme.base
                    },
                ),
                Span::styled(
                    format!("   {} / {}", m.loan_view.len(), m.loans.len()),
                    app.theme.muted,
                ),
            ]);
            f.render_widget(Paragraph::new(line), search);
            list
        } else {
            area
        };
        if m.loans.is_empty() {
            lines.push(styled(app.t(Msg::UiNoLoans), app.theme.muted));
        } else if m.loan_view.is_empty() {
            lines.push(styled(app.t(Msg::UiNoLoanMatches), app.theme.muted));
        }
        let height = area.height.saturating_sub(3) as usize;
        let mut rows = Vec::new();
        for (k, i) in list_window(app, m.loan_sel, m.loan_view.len(), height)
            .filter_map(|k| m.loan_view.get(k).map(|&i| (k, i)))
        {
            let r = &m.loans[i];
            let sel = k == m.loan_sel;
            let style = if sel {
                app.theme.selected
            } else {
                arrears_style(app, r.status, r.days_past_due)
            };
            let mark = sel_mark(sel);
            let status = arrears_word(app, r.status, r.days_past_due)
                .unwrap_or_else(|| loan_status_label(r.status, lang).to_string());
            let days = if r.days_past_due > 0 {
                r.days_past_due.to_string()
            } else {
                String::new()
            };
            let outstanding = if r.status == "active" {
                r.outstanding.localized(lang)
            } else {
                String::new()
            };
            rows.push(styled(
                format!(
                    "{}{}{:>12}{:>12}{:>10}  {}",
                    fit(&format!("{mark}{}", r.loan), 6),
                    fit(&r.name, name_w),
                    r.amount.localized(lang),
                    outstanding,
                    days,
                    fit(&status, 12)
                ),
                style,
            ));
        }
        lines.extend(spaced(app, rows));
        f.render_widget(Paragraph::new(lines).block(block(app, &title, true)), area);
    }
}

// ---- the loan card ----

/// The loan card's parts: the loan, its schedule, its operations.
pub(super) fn card_areas(s: &LoanStatement, area: Rect) -> [Rect; 3] {
    let events = (s.events.len() as u16).clamp(1, 4);
    Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(4),
        Constraint::Length(events + 3),
    ])
    .areas(area)
}

impl MoneyState {
    pub(super) fn render_card(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let Some(s) = &self.statement else {
            return;
        };
        let lang = app.lang;
        let l = |m: Money| m.localized(lang);
        let loan = &s.loan;
        let events = (s.events.len() as u16).clamp(1, 4);
        let [info, sched, evs] = card_areas(s, area);

        let name = s.member.as_ref().map(|m| m.full_name()).unwrap_or_default();
        let status = loan_status_label(loan_status_code(&loan.status), lang);
        let status = match &loan.status {
            LoanStatus::PaidOff(d) | LoanStatus::WrittenOff(d) | LoanStatus::Voided(d) => {
                format!("{status} {}", format_date(*d, lang))
            }
            _ => status.to_string(),
        };
        let product = s
            .product
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let code = loan_status_code(&loan.status);
        let status = match arrears_word(app, code, s.days_past_due()) {
            Some(word) => format!("{status} · {word}"),
            None => status,
        };
        let mut first = vec![
            Span::styled(status, arrears_style(app, code, s.days_past_due())),
            Span::styled(format!(" · {product}"), app.theme.muted),
        ];
        if let Some(p) = s.payoff {
            first.push(Span::styled(
                format!(" · {} ", app.t(Msg::UiPayoffToday)),
                app.theme.muted,
            ));
            first.push(Span::styled(l(p), app.theme.title));
        }
        let mut terms = terms_text(app, loan);
        // The true cost of the loan's terms, for every method.
        terms.push_str(&format!(
            " · {}",
            Msg::UiLoanEffective.fill(
                lang,
                &[(
                    "tea",
                    &percent_text(crate::report::loans::loan_effective_rate(loan), lang)
                )]
            )
        ));
        if let Some(d) = loan.disbursed_on {
            terms.push_str(&format!(
                " · {} {}",
                app.t(Msg::UiDisbursed),
                format_date(d, lang)
            ));
        }
        let guarantor = s
            .guarantor
            .as_ref()
            .map(|g| g.full_name())
            .unwrap_or_else(|| app.t(Msg::UiNoGuarantor).to_string());
        let mut third = format!("{}: {guarantor}", Field::Guarantor.label(lang));
        if let Some((acc, g)) = loan.guarantee {
            third.push_str(&format!(
                " · {}",
                Msg::UiGuaranteeHeld.fill(lang, &[("amount", &l(g)), ("n", &acc)])
            ));
        }
        // Arrears while the loan runs; else the application.
        let fourth = if loan.status == LoanStatus::Active {
            Msg::UiLoanArrearsLine.fill(
                lang,
                &[
                    ("outstanding", &l(s.outstanding())),
                    ("overdue", &l(s.overdue_principal())),
                    ("days", &s.days_past_due()),
                    ("late", &l(s.late_due())),
                ],
            )
        } else {
            let mut t = Msg::UiLoanApplied.fill(
                lang,
                &[
                    ("date", &format_date(loan.applied_on, lang)),
                    ("approval", &loan.approval),
                ],
            );
            if !loan.purpose.is_empty() {
                t.push_str(&format!(" · {}", loan.purpose));
            }
            t
        };
        let lines = vec![
            Line::from(first),
            Line::from(Span::raw(terms)),
            Line::from(Span::raw(third)),
            styled(fourth, arrears_style(app, "active", s.days_past_due())),
        ];
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                &Msg::UiLoanTitle.fill(lang, &[("n", &loan.id), ("name", &name)]),
                true,
            )),
            info,
        );

        // The schedule against its payments.
        let w = inner_w(app, sched);
        let status_w = w.saturating_sub(4 + 11 + 10 * 4 + 1);
        let mut lines = vec![heading(
            app,
            &[
                R(app.t(Msg::UiNumber), 3),
                Raw(" "),
                L(app.t(Msg::UiLoanDue), 11),
                R(app.t(Msg::UiLoanPayment), 10),
                R(app.t(Msg::UiLoanInterest), 10),
                R(app.t(Msg::UiLoanPrincipal), 10),
                R(app.t(Msg::UiLoanPaid), 10),
                Raw(" "),
                L(app.t(Msg::UiStatus), status_w),
            ],
        )];
        if loan.installments.is_empty() {
            lines.push(styled(app.t(Msg::UiNotDisbursed), app.theme.muted));
        }
        let height = fit_rows(app, sched.height.saturating_sub(3) as usize);
        let n = loan.installments.len();
        let top = self.schedule_top.min(n.saturating_sub(height));
        let mut rows = Vec::new();
        for i in loan.installments.iter().skip(top).take(height) {
            let st = installment_status(loan, i, s.date);
            let style = match st {
                InstallmentStatus::Paid => app.theme.muted,
                InstallmentStatus::Overdue { days, .. } if days > 30 => app.theme.overdue,
                InstallmentStatus::Overdue { .. } => app.theme.warning,
                InstallmentStatus::WrittenOff => app.theme.muted,
                _ => app.theme.base,
            };
            let paid = i.principal_paid + i.interest_paid + i.late_paid;
            rows.push(styled(
                format!(
                    "{:>3} {}{:>10}{:>10}{:>10}{:>10} {}",
                    i.inst.n,
                    fit(&format_date(i.inst.due, lang), 11),
                    l(i.inst.payment),
                    l(i.inst.interest),
                    l(i.inst.principal),
                    l(paid),
                    fit(&st.label(lang), status_w)
                ),
                style,
            ));
        }
        lines.extend(spaced(app, rows));
        let title = if n > height {
            Msg::UiScheduleRange.fill(
                lang,
                &[
                    ("from", &(top + 1)),
                    ("to", &(top + height).min(n)),
                    ("n", &n),
                ],
            )
        } else {
            app.t(Msg::UiSchedule).to_string()
        };
        f.render_widget(
            Paragraph::new(lines).block(block(app, &title, false)),
            sched,
        );

        // The operations, latest last.
        let w = inner_w(app, evs);
        let kind_w = w.saturating_sub(11 + 10 + 8 + 9 + 10 + 8);
        let mut lines = vec![heading(
            app,
            &[
                L(app.t(Msg::UiDate), 11),
                L(app.t(Msg::UiLoanOperation), kind_w),
                R(app.t(Msg::UiFAmount), 10),
                R(app.t(Msg::UiLoanLate), 8),
                R(app.t(Msg::UiLoanInterest), 9),
                R(app.t(Msg::UiLoanPrincipal), 10),
                R(app.t(Msg::UiSavEntry), 8),
            ],
        )];
        if s.events.is_empty() {
            lines.push(styled(app.t(Msg::UiNoEvents), app.theme.muted));
        }
        let skip = s.events.len().saturating_sub(events as usize);
        for e in &s.events[skip..] {
            let mut kind = e.kind.label(lang).to_string();
            if e.reversed_by.is_some() {
                kind = format!("{kind} ({})", app.t(Msg::UiCobroReversed));
            }
            let blank = |m: Money| {
                if m.is_zero() || e.kind == EventKind::Disbursement {
                    String::new()
                } else {
                    l(m)
                }
            };
            lines.push(styled(
                format!(
                    "{}{}{:>10}{:>8}{:>9}{:>10}{:>8}",
                    fit(&format_date(e.date, lang), 11),
                    fit(&kind, kind_w),
                    l(e.amount),
                    blank(e.late),
                    blank(e.interest),
                    blank(e.principal),
                    e.entry
                ),
                if e.reversed_by.is_some() {
                    app.theme.muted
                } else {
                    app.theme.base
                },
            ));
        }
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiLoanEvents), false)),
            evs,
        );
    }
}

// ---- the simulator ----

/// The simulator's parts: the figures and the comparison, the schedule.
pub(super) fn sim_areas(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(8), Constraint::Min(4)]).areas(area)
}

/// What the chosen schedule must say above its rows: the real cost of a
/// flat loan, and a last installment that rounding sets apart.
pub(super) fn sim_notes(s: &Simulator, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    if let Some(c) = s
        .chosen
        .as_ref()
        .filter(|_| s.fields.iter().all(|(_, i)| i.error.is_none()))
    {
        if c.method == Method::Flat {
            notes.push(Msg::UiSimFlatCost.fill(
                lang,
                &[("tea", &percent_text(c.effective_annual_rate(), lang))],
            ));
        }
        if let Some((regular, last)) = c.last_installment_gap() {
            notes.push(Msg::UiSimLastGap.fill(
                lang,
                &[
                    ("last", &last.localized(lang)),
                    ("regular", &regular.localized(lang)),
                ],
            ));
        }
    }
    notes
}

impl Simulator {
    pub(super) fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let s = self;
        let lang = app.lang;
        let [top, table] = sim_areas(area);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);

        // The figures.
        let label_w = 17;
        let mut lines = Vec::new();
        for (i, (field, input)) in s.fields.iter().enumerate() {
            let focus = i == s.focus;
            let fresh = s.fresh.get(i).copied().unwrap_or(false);
            let style = super::field_style(app, input, focus, fresh || *field == Field::Method);
            let value = if *field == Field::Method {
                method_short(s.method, lang).to_string()
            } else {
                input.value.view_whole(focus && !fresh)
            };
            lines.push(Line::from(vec![
                field_label(app, field.label(lang), focus, label_w),
                Span::styled(value, style),
            ]));
        }
        if s.fields.get(s.focus).map(|f| f.0) == Some(Field::Method) {
            lines.push(styled(app.t(Msg::UiMethodHint), app.theme.muted));
        }
        super::form_panel(app, f, app.t(Msg::UiSimTitle), lines, left);

        // French and German side by side.
        let w = inner_w(app, right);
        let col = 11;
        let lw = w.saturating_sub(col * 2);
        let mut lines = vec![heading(
            app,
            &[
                L("", lw),
                R(method_short(Method::French, lang), col),
                R(method_short(Method::German, lang), col),
            ],
        )];
        if let (Some(fr), Some(ge)) = (&s.french, &s.german) {
            let row = |label: Msg, a: Money, b: Money| {
                Line::from(vec![
                    Span::raw(fit(label.t(lang), lw)),
                    amount(app, a, col),
                    amount(app, b, col),
                ])
            };
            let first = |x: &Schedule| {
                x.installments
                    .first()
                    .map(|i| i.payment)
                    .unwrap_or_default()
            };
            let last = |x: &Schedule| x.installments.last().map(|i| i.payment).unwrap_or_default();
            lines.push(row(Msg::UiSimFirst, first(fr), first(ge)));
            lines.push(row(Msg::UiSimLast, last(fr), last(ge)));
            lines.push(row(
                Msg::UiSimInterest,
                fr.total_interest(),
                ge.total_interest(),
            ));
            lines.push(row(Msg::UiSimTotal, fr.total_paid(), ge.total_paid()));
            // The true cost of each (the internal rate of its cash flows).
            let tea = |x: &Schedule| percent_text(x.effective_annual_rate(), lang);
            lines.push(Line::from(vec![
                Span::raw(fit(app.t(Msg::UiSimEffective), lw)),
                Span::styled(format!("{:>col$}", tea(fr)), app.theme.base),
                Span::styled(format!("{:>col$}", tea(ge)), app.theme.base),
            ]));
        }
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiSimCompare), false)),
            right,
        );

        // The chosen method's schedule.
        let w = inner_w(app, table);
        let cw = (w.saturating_sub(5 + 11) / 4).max(8);
        let mut lines = vec![heading(
            app,
            &[
                R(app.t(Msg::UiNumber), 4),
                Raw(" "),
                L(app.t(Msg::UiLoanDue), 11),
                R(app.t(Msg::UiLoanPayment), cw),
                R(app.t(Msg::UiLoanInterest), cw),
                R(app.t(Msg::UiLoanPrincipal), cw),
                R(app.t(Msg::UiBalance), cw),
            ],
        )];
        // What the chosen schedule must say above its rows: the real cost of a
        // flat loan, and a last installment that rounding sets apart.
        let notes = sim_notes(s, lang);
        for n in &notes {
            lines.push(styled(fit(n, w), app.theme.warning));
        }
        let height = fit_rows(
            app,
            (table.height.saturating_sub(3) as usize).saturating_sub(notes.len()),
        );
        let mut title = app.t(Msg::UiSchedule).to_string();
        // While a figure is wrong, what is wrong takes the schedule's place.
        for e in s.fields.iter().filter_map(|(_, i)| i.error.as_ref()) {
            lines.push(styled(super::error_text(e), app.theme.error));
        }
        if let Some(c) = &s.chosen {
            let n = c.installments.len();
            let top = s.top.min(n.saturating_sub(height));
            let mut rows = Vec::new();
            for i in c.installments.iter().skip(top).take(height) {
                rows.push(Line::from(vec![
                    Span::raw(format!("{:>4} ", i.n)),
                    Span::raw(fit(&format_date(i.due, lang), 11)),
                    amount(app, i.payment, cw),
                    amount(app, i.interest, cw),
                    amount(app, i.principal, cw),
                    amount(app, i.balance, cw),
                ]));
            }
            lines.extend(spaced(app, rows));
            title = Msg::UiSimSchedule.fill(
                lang,
                &[
                    ("method", &c.method.label(lang)),
                    ("n", &n),
                    ("from", &(top + 1)),
                    ("to", &(top + height).min(n)),
                ],
            );
        }
        f.render_widget(
            Paragraph::new(lines).block(block(app, &title, false)),
            table,
        );
    }
}

// ---- reviews of the loan forms ----

/// The review of a loan form, `w` columns wide (an entry's lines `wide`).
pub(super) fn review_lines<'a>(
    app: &ViewCtx,
    form: &MoneyForm,
    p: &Pending,
    w: usize,
    wide: usize,
    lines: &mut Vec<Line<'a>>,
) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    let say = super::money::Review {
        app,
        w,
        cash: form.cash.as_ref(),
    };
    match p {
        Pending::Apply {
            application,
            name,
            guarantor,
            product,
            schedule,
            guarantee,
            warning,
        } => {
            lines.push(say.head(Msg::UiApplyReview.fill(
                lang,
                &[
                    ("name", name),
                    ("amount", &l(application.amount)),
                    ("months", &application.months),
                ],
            )));
            lines.push(say.text(format!(
                "{}: {} · {} · {} %",
                app.t(Msg::UiSavProduct),
                product.name,
                method_short(product.method, lang),
                decimal_text(product.rate, lang)
            )));
            lines.push(say.text(format!(
                "{}: {}",
                Field::Guarantor.label(lang),
                guarantor
                    .clone()
                    .unwrap_or_else(|| app.t(Msg::UiNoGuarantor).to_string())
            )));
            lines.push(say.text(format!(
                "{}: {}",
                Field::Approval.label(lang),
                application.approval
            )));
            if !application.purpose.is_empty() {
                lines.push(say.text(format!(
                    "{}: {}",
                    app.t(Msg::UiPurpose),
                    application.purpose
                )));
            }
            let first = schedule
                .installments
                .first()
                .map(|i| i.payment)
                .unwrap_or_default();
            lines.push(say.money(Msg::UiFirstPayment, first));
            lines.push(say.money(Msg::UiSimInterest, schedule.total_interest()));
            lines.push(say.money(Msg::UiGuaranteeAtDisbursement, *guarantee));
            if let Some(cap) = warning {
                lines.push(styled(
                    crate::books::loans::rate_cap_warning(product.rate, *cap, lang),
                    app.theme.warning,
                ));
            }
            lines.push(styled(app.t(Msg::UiApplyNoMoney), app.theme.muted));
        }
        Pending::Disburse {
            name,
            amount,
            date,
            cash,
            guarantee,
            schedule,
            ..
        } => {
            lines.push(say.head(
                Msg::UiDisburseReview.fill(lang, &[("amount", &l(*amount)), ("name", name)]),
            ));
            lines.push(say.text(Msg::UiCashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(say.money(Msg::UiGuaranteeBlocked, *guarantee));
            if let (Some(a), Some(b)) =
                (schedule.installments.first(), schedule.installments.last())
            {
                lines.push(say.text(Msg::UiDisburseSchedule.fill(
                    lang,
                    &[
                        ("n", &schedule.installments.len()),
                        ("first", &format_date(a.due, lang)),
                        ("payment", &l(a.payment)),
                        ("last", &format_date(b.due, lang)),
                    ],
                )));
            }
            lines.push(say.money(Msg::UiSimInterest, schedule.total_interest()));
        }
        Pending::Repay {
            name,
            amount,
            date,
            cash,
            how,
            alloc,
            payoff,
            outstanding,
            ..
        } => {
            lines.push(
                say.head(Msg::UiRepayReview.fill(lang, &[("amount", &l(*amount)), ("name", name)])),
            );
            lines.push(say.text(Msg::UiCashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &say.cash_name(cash)),
                ],
            )));
            lines.push(styled(app.t(Msg::UiAllocation), app.theme.header));
            let pays_off = amount == payoff;
            // A payoff says its interest and principal whole: what the
            // installments due take and what is left of the loan, which is
            // its remaining principal and the interest to date.
            let (interest, principal) = if pays_off && alloc.extra.is_positive() {
                let rest = (*outstanding - alloc.principal)
                    .max(Money::ZERO)
                    .min(alloc.extra);
                (
                    alloc.interest + (alloc.extra - rest),
                    alloc.principal + rest,
                )
            } else {
                (alloc.interest, alloc.principal)
            };
            lines.push(say.money(Msg::UiAllocLate, alloc.late));
            lines.push(say.money(Msg::UiAllocInterest, interest));
            lines.push(say.money(Msg::UiAllocPrincipal, principal));
            if alloc.extra.is_positive() && !pays_off {
                let label = format!(
                    "{} ({})",
                    app.t(Msg::UiAllocPrepay),
                    match how {
                        Prepay::ShortenTerm => app.t(Msg::UiPrepayTerm),
                        Prepay::LowerInstallment => app.t(Msg::UiPrepayInstallment),
                    }
                );
                lines.push(say.money_as(&label, alloc.extra));
            }
            // Which installments it settles, oldest first.
            if let FormInfo::Loan { loan, .. } = &form.info {
                let parts: Vec<String> = alloc
                    .lines
                    .iter()
                    .take(5)
                    .filter_map(|(k, la, i, pr)| {
                        loan.installments
                            .get(*k)
                            .map(|st| format!("{} ({})", st.inst.n, l(*la + *i + *pr)))
                    })
                    .collect();
                if !parts.is_empty() {
                    let more = if alloc.lines.len() > 5 { " …" } else { "" };
                    lines.push(styled(
                        Msg::UiAllocCovers
                            .fill(lang, &[("list", &format!("{}{more}", parts.join(", ")))]),
                        app.theme.muted,
                    ));
                }
            }
            let after = if pays_off {
                Money::ZERO
            } else {
                (*outstanding - alloc.principal - alloc.extra).max(Money::ZERO)
            };
            lines.push(say.money(Msg::UiOutstandingAfter, after));
            if pays_off {
                lines.push(styled(app.t(Msg::UiWillPayOff), app.theme.ok));
            }
        }
        Pending::WriteOff {
            name,
            plan,
            lines: entry,
        } => {
            lines.push(say.head(Msg::UiWriteOffReview.fill(
                lang,
                &[
                    ("amount", &l(plan.principal)),
                    ("n", &plan.loan_id),
                    ("name", name),
                ],
            )));
            lines.push(say.text(Msg::UiWriteOffWhen.fill(
                lang,
                &[
                    ("date", &format_date(plan.date, lang)),
                    ("approval", &plan.approval.trim()),
                ],
            )));
            lines.push(say.text(Msg::UiReasonLine.fill(lang, &[("reason", &plan.reason.trim())])));
            if plan.guarantee_used.is_positive() {
                lines.push(say.money(Msg::UiWriteOffGuarantee, plan.guarantee_used));
            }
            lines.push(say.money(Msg::UiWriteOffProvision, plan.from_provision));
            lines.push(say.money(Msg::UiWriteOffExpense, plan.to_expense));
            entry_review(app, entry, wide, lines);
        }
        Pending::Void {
            name,
            amount,
            plan,
            lines: entry,
        } => {
            lines.push(say.head(Msg::UiVoidReview.fill(
                lang,
                &[
                    ("amount", &l(*amount)),
                    ("n", &plan.loan_id),
                    ("name", name),
                ],
            )));
            lines.push(say.text(Msg::UiVoidWhen.fill(
                lang,
                &[
                    ("date", &format_date(plan.date, lang)),
                    ("reason", &plan.reason),
                ],
            )));
            if let Some((_, released)) = plan.release {
                lines.push(say.money(Msg::UiVoidReleased, released));
            }
            entry_review(app, entry, wide, lines);
        }
        _ => {}
    }
}

/// Loan `id` when it is `wanted` (else the book's "wrong state" in words),
/// with its member's name and its product.
fn loan_in_state(
    book: &Book,
    id: u32,
    wanted: LoanStatus,
    lang: Lang,
) -> Result<(Loan, String, Option<LoanProduct>), Effect> {
    let loan = book.loan(id).map_err(|e| Effect::error(e.message(lang)))?;
    if loan.status != wanted {
        return Err(Effect::error(LoanOpError::WrongState.message(lang)));
    }
    let name = book
        .member(loan.member)
        .ok()
        .flatten()
        .map(|m| m.full_name())
        .unwrap_or_default();
    let product = book
        .loan_products()
        .ok()
        .and_then(|ps| ps.into_iter().find(|p| p.id == loan.product));
    Ok((loan, name, product))
}
