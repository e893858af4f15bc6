//! Loans: the list, the loan card, the simulator, and the application,
//! disbursement and repayment forms.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    Back, Field, FormInfo, FormKind, MoneyForm, Pending, Refusal, View, amount_field, cash_field,
    open_date_field, product_of, resolve_member,
};
use crate::books::loans::{LoanApplication, LoanOpError};
use crate::books::{Book, BookError};
use crate::domain::account::codes::CASH;
use crate::domain::input;
use crate::domain::loan::{LoanError, LoanProduct, LoanStatus, Method, Schedule, schedule};
use crate::domain::member::Member;
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::tui::app::{App, Input};
use crate::tui::keymap::Action;
use crate::tui::msg::Msg;

/// The loan simulator: change a figure and the schedules follow.
#[derive(Clone, Debug)]
pub struct Simulator {
    /// Amount, rate, months, method, start.
    pub fields: Vec<(Field, Input)>,
    /// The field still holds its first value: typing replaces it.
    pub fresh: Vec<bool>,
    pub focus: usize,
    pub method: Method,
    /// French and German side by side, and the chosen method's schedule.
    pub french: Option<Schedule>,
    pub german: Option<Schedule>,
    pub chosen: Option<Schedule>,
    /// The first installment shown.
    pub top: usize,
    pub error: Option<String>,
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

impl App {
    /// `6`: the loan list.
    pub(crate) fn open_loans(&mut self) {
        if self.book.is_none() {
            return;
        }
        self.load_loans();
        self.money.form = None;
        self.show(View::Loans);
    }

    fn load_loans(&mut self) {
        let Some(book) = &self.book else { return };
        let today = book.today();
        match (book.loan_portfolio(today), book.loan_arrears(today)) {
            (Ok(rows), Ok(a)) => {
                self.money.loan_sel = self.money.loan_sel.min(rows.len().saturating_sub(1));
                self.money.loans = rows;
                self.money.arrears = Some(a);
            }
            (Err(e), _) | (_, Err(e)) => self.money_error(e),
        }
    }

    /// The selected loan of the list.
    fn selected_loan(&self) -> Option<u32> {
        self.money.loans.get(self.money.loan_sel).map(|r| r.loan)
    }

    pub(super) fn loans_key(&mut self, action: Action) {
        match action {
            Action::Open | Action::NextField | Action::Submit => {
                if let Some(id) = self.selected_loan() {
                    self.open_loan_card(id);
                }
            }
            Action::Simulate => self.open_simulator(),
            Action::NewLoan => self.open_apply(),
            Action::Disburse | Action::PayLoan => {
                if let Some(id) = self.selected_loan() {
                    self.open_loan_form(action, id, Back::View(View::Loans));
                }
            }
            _ => {}
        }
    }

    /// A loan's card: its schedule against its payments, its operations, the payoff.
    pub(super) fn open_loan_card(&mut self, id: u32) {
        let Some(book) = &self.book else { return };
        match crate::report::loans::loan_statement(book, id, book.today()) {
            Ok(s) => {
                // The first installment not paid yet shows near the top.
                let next = s
                    .loan
                    .installments
                    .iter()
                    .position(|i| !i.is_settled())
                    .unwrap_or(s.loan.installments.len());
                self.money.schedule_top = next.saturating_sub(1);
                if let Some(i) = self.money.loans.iter().position(|r| r.loan == id) {
                    self.money.loan_sel = i;
                }
                self.money.statement = Some(s);
                self.show(View::LoanCard);
            }
            Err(e) => self.money_error(e),
        }
    }

    pub(super) fn loan_card_key(&mut self, action: Action) {
        let Some(id) = self.money.statement.as_ref().map(|s| s.loan.id) else {
            return;
        };
        if matches!(action, Action::Disburse | Action::PayLoan) {
            self.open_loan_form(action, id, Back::View(View::LoanCard));
        }
    }

    /// The disbursement (`d`) or repayment (`p`) form of a loan.
    fn open_loan_form(&mut self, action: Action, id: u32, back: Back) {
        let lang = self.lang;
        let Some(book) = &self.book else { return };
        let today = book.today();
        let loan = match book.loan(id) {
            Ok(l) => l,
            Err(e) => return self.money_error(e),
        };
        let wanted = if action == Action::Disburse {
            LoanStatus::Applied
        } else {
            LoanStatus::Active
        };
        if loan.status != wanted {
            self.status = Some((LoanOpError::WrongState.message(lang), true));
            return;
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
        let (due_now, payoff) = if loan.status == LoanStatus::Active {
            let payoff = match book.payoff_amount(id, today) {
                Ok(p) => p,
                Err(e) => return self.money_error(e),
            };
            // What is due today: what a payment of the whole payoff would settle before the prepayment.
            let due = match book.plan_loan_payment(id, payoff, today) {
                Ok((a, _)) => a.late + a.interest + a.principal,
                Err(e) => return self.money_error(e),
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
        self.open_form(form);
    }

    /// `a` on the loan list: a new application.
    fn open_apply(&mut self) {
        let Some(book) = &self.book else { return };
        let products = match book.loan_products() {
            Ok(p) => p,
            Err(e) => return self.money_error(e),
        };
        let Some(first) = products.first() else {
            self.status = Some((self.t(Msg::NoProducts).to_string(), true));
            return;
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
        self.open_form(form);
    }

    // ---- the simulator ----

    fn open_simulator(&mut self) {
        let Some(book) = &self.book else { return };
        let mut sim = Simulator::default();
        if let Some(p) = book
            .loan_products()
            .ok()
            .and_then(|ps| ps.into_iter().next())
        {
            sim.fields[1]
                .1
                .value
                .set(&crate::report::dues::decimal_text(p.rate, self.lang));
        }
        sim.fields[4].1.value.set(&book.today().to_string());
        sim.compute(self.lang);
        self.money.sim = sim;
        self.show(View::Simulator);
    }

    pub(super) fn sim_key(&mut self, action: Action) {
        let rows = self.money.rows.get().max(1);
        let s = &mut self.money.sim;
        let n = s.fields.len();
        let len = s.chosen.as_ref().map(|c| c.installments.len()).unwrap_or(0);
        match action {
            Action::Back => return self.open_loans(),
            Action::NextField | Action::Down => s.focus = (s.focus + 1) % n,
            Action::PrevField | Action::Up => s.focus = (s.focus + n - 1) % n,
            Action::PageDown => {
                s.top = (s.top + rows).min(len.saturating_sub(rows));
                return;
            }
            Action::PageUp => {
                s.top = s.top.saturating_sub(rows);
                return;
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
                // The first value is replaced by what is typed or pasted, and
                // edited in place once the cursor moves or a key deletes.
                let i = s.focus;
                let mut typed = s.fields[i].1.value.clone();
                if s.fresh[i] && matches!(a, Action::Char(_) | Action::Paste(_)) {
                    typed.clear();
                }
                if let Some(Err(r)) = a.apply_to(&mut typed) {
                    return self.refused(r);
                }
                s.fields[i].1.value = typed;
                s.fresh[i] = false;
                if a.moves_cursor() {
                    return;
                }
            }
            _ => return,
        }
        s.compute(self.lang);
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
        return Err((Some(Field::Member), Msg::Required.t(lang).to_string()));
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
