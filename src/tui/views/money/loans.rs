//! The loan screens: the list coloured by arrears, the loan card, the
//! simulator, and the review of the loan forms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::{
    amount, block, field_label, fit, fit_rows, inner_w, list_window, sel_mark, spaced,
};
use super::money_line;
use crate::domain::date::format_date;
use crate::domain::loan::{Loan, LoanStatus, Method, Prepay, Schedule};
use crate::domain::money::Money;
use crate::i18n::Lang;
use crate::report::dues::{decimal_text, percent_text};
use crate::report::loans::{
    EventKind, InstallmentStatus, installment_status, loan_status_code, loan_status_label,
};
use crate::tui::app::App;
use crate::tui::money::{Field, FormInfo, MoneyForm, Pending};
use crate::tui::msg::Msg;

pub(super) fn method_short(m: Method, lang: Lang) -> &'static str {
    match (m, lang) {
        (Method::French, Lang::Es) => "Francés",
        (Method::French, Lang::En) => "French",
        (Method::German, Lang::Es) => "Alemán",
        (Method::German, Lang::En) => "German",
        (Method::Flat, Lang::Es) => "Plano",
        (Method::Flat, Lang::En) => "Flat",
    }
}

/// "1.000,00 · 18 % · 12 meses · Francés".
pub(super) fn terms_text(app: &App, loan: &Loan) -> String {
    let lang = app.lang;
    Msg::LoanTerms.fill(
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
fn arrears_style(app: &App, status: &str, days: i64) -> Style {
    match status {
        "active" if days > 30 => app.theme.overdue,
        "active" if days > 0 => app.theme.warning,
        "active" | "applied" => app.theme.base,
        _ => app.theme.muted,
    }
}

/// The arrears of a running loan in words (the colour only repeats them):
/// "⚠ vencido" past 30 days, "atrasado" before.
fn arrears_word(app: &App, status: &str, days: i64) -> Option<String> {
    match status {
        "active" if days > 30 => Some(format!("⚠ {}", app.t(Msg::Overdue))),
        "active" if days > 0 => Some(app.t(Msg::Late).to_string()),
        _ => None,
    }
}

// ---- the list ----

pub(super) fn render_list(app: &App, f: &mut Frame, area: Rect) {
    let m = &app.money;
    let lang = app.lang;
    let title = match &m.arrears {
        Some(a) => Msg::LoansTitle.fill(
            lang,
            &[
                ("outstanding", &a.outstanding.localized(lang)),
                ("par", &percent_text(a.par30, lang)),
            ],
        ),
        None => app.t(Msg::Portfolio).to_string(),
    };
    let w = inner_w(app, area);
    let name_w = w.saturating_sub(6 + 12 + 12 + 10 + 2 + 12);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{:>12}{:>12}{:>10}  {}",
            fit(app.t(Msg::Number), 6),
            fit(app.t(Msg::Member), name_w),
            app.t(Msg::FLoanAmount),
            app.t(Msg::LoanOutstanding),
            app.t(Msg::LoanDays),
            fit(app.t(Msg::Status), 12)
        ),
        app.theme.header,
    ))];
    if m.loans.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::NoLoans),
            app.theme.muted,
        )));
    }
    let height = area.height.saturating_sub(3) as usize;
    let mut rows = Vec::new();
    for i in list_window(app, m.loan_sel, m.loans.len(), height) {
        let r = &m.loans[i];
        let sel = i == m.loan_sel;
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
        rows.push(Line::from(Span::styled(
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
        )));
    }
    lines.extend(spaced(app, rows));
    f.render_widget(Paragraph::new(lines).block(block(app, &title, true)), area);
}

// ---- the loan card ----

pub(super) fn render_card(app: &App, f: &mut Frame, area: Rect) {
    let Some(s) = &app.money.statement else {
        return;
    };
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    let loan = &s.loan;
    let events = (s.events.len() as u16).clamp(1, 4);
    let [info, sched, evs] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(4),
        Constraint::Length(events + 3),
    ])
    .areas(area);

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
            format!(" · {} ", app.t(Msg::PayoffToday)),
            app.theme.muted,
        ));
        first.push(Span::styled(l(p), app.theme.title));
    }
    let mut terms = terms_text(app, loan);
    // The true cost of the loan's terms, for every method.
    terms.push_str(&format!(
        " · {}",
        Msg::LoanEffective.fill(
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
            app.t(Msg::Disbursed),
            format_date(d, lang)
        ));
    }
    let guarantor = s
        .guarantor
        .as_ref()
        .map(|g| g.full_name())
        .unwrap_or_else(|| app.t(Msg::NoGuarantor).to_string());
    let mut third = format!("{}: {guarantor}", Field::Guarantor.label(lang));
    if let Some((acc, g)) = loan.guarantee {
        third.push_str(&format!(
            " · {}",
            Msg::GuaranteeHeld.fill(lang, &[("amount", &l(g)), ("n", &acc)])
        ));
    }
    // Arrears while the loan runs; else the application.
    let fourth = if loan.status == LoanStatus::Active {
        Msg::LoanArrearsLine.fill(
            lang,
            &[
                ("outstanding", &l(s.outstanding())),
                ("overdue", &l(s.overdue_principal())),
                ("days", &s.days_past_due()),
                ("late", &l(s.late_due())),
            ],
        )
    } else {
        let mut t = Msg::LoanApplied.fill(
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
        Line::from(Span::styled(
            fourth,
            arrears_style(app, "active", s.days_past_due()),
        )),
    ];
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            &Msg::LoanTitle.fill(lang, &[("n", &loan.id), ("name", &name)]),
            true,
        )),
        info,
    );

    // The schedule against its payments.
    let w = inner_w(app, sched);
    let status_w = w.saturating_sub(4 + 11 + 10 * 4 + 1);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:>3} {}{:>10}{:>10}{:>10}{:>10} {}",
            app.t(Msg::Number),
            fit(app.t(Msg::LoanDue), 11),
            app.t(Msg::LoanPayment),
            app.t(Msg::LoanInterest),
            app.t(Msg::LoanPrincipal),
            app.t(Msg::LoanPaid),
            fit(app.t(Msg::Status), status_w)
        ),
        app.theme.header,
    ))];
    if loan.installments.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::NotDisbursed),
            app.theme.muted,
        )));
    }
    let height = fit_rows(app, sched.height.saturating_sub(3) as usize);
    let n = loan.installments.len();
    app.money.rows.set(height);
    let top = app.money.schedule_top.min(n.saturating_sub(height));
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
        rows.push(Line::from(Span::styled(
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
        )));
    }
    lines.extend(spaced(app, rows));
    let title = if n > height {
        Msg::ScheduleRange.fill(
            lang,
            &[
                ("from", &(top + 1)),
                ("to", &(top + height).min(n)),
                ("n", &n),
            ],
        )
    } else {
        app.t(Msg::Schedule).to_string()
    };
    f.render_widget(
        Paragraph::new(lines).block(block(app, &title, false)),
        sched,
    );

    // The operations, latest last.
    let w = inner_w(app, evs);
    let kind_w = w.saturating_sub(11 + 10 + 8 + 9 + 10 + 8);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{:>10}{:>8}{:>9}{:>10}{:>8}",
            fit(app.t(Msg::Date), 11),
            fit(app.t(Msg::LoanOperation), kind_w),
            app.t(Msg::FAmount),
            app.t(Msg::LoanLate),
            app.t(Msg::LoanInterest),
            app.t(Msg::LoanPrincipal),
            app.t(Msg::SavEntry)
        ),
        app.theme.header,
    ))];
    if s.events.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::NoEvents),
            app.theme.muted,
        )));
    }
    let skip = s.events.len().saturating_sub(events as usize);
    for e in &s.events[skip..] {
        let mut kind = e.kind.label(lang).to_string();
        if e.reversed_by.is_some() {
            kind = format!("{kind} ({})", app.t(Msg::CobroReversed));
        }
        let blank = |m: Money| {
            if m.is_zero() || e.kind == EventKind::Disbursement {
                String::new()
            } else {
                l(m)
            }
        };
        lines.push(Line::from(Span::styled(
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
        )));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::LoanEvents), false)),
        evs,
    );
}

// ---- the simulator ----

pub(super) fn render_simulator(app: &App, f: &mut Frame, area: Rect) {
    let s = &app.money.sim;
    let lang = app.lang;
    let [top, table] = Layout::vertical([Constraint::Length(8), Constraint::Min(4)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);

    // The figures.
    let label_w = 17;
    let mut lines = Vec::new();
    for (i, (field, input)) in s.fields.iter().enumerate() {
        let focus = i == s.focus;
        let fresh = s.fresh.get(i).copied().unwrap_or(false);
        let style = if input.error.is_some() {
            app.theme.input_invalid
        } else if focus && (fresh || *field == Field::Method) {
            app.theme.selected
        } else if focus {
            app.theme.input
        } else {
            app.theme.base
        };
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
        lines.push(Line::from(Span::styled(
            app.t(Msg::MethodHint),
            app.theme.muted,
        )));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block(app, app.t(Msg::SimTitle), true)),
        left,
    );

    // French and German side by side.
    let w = inner_w(app, right);
    let col = 11;
    let lw = w.saturating_sub(col * 2);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{:>col$}{:>col$}",
            fit("", lw),
            method_short(Method::French, lang),
            method_short(Method::German, lang)
        ),
        app.theme.header,
    ))];
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
        lines.push(row(Msg::SimFirst, first(fr), first(ge)));
        lines.push(row(Msg::SimLast, last(fr), last(ge)));
        lines.push(row(
            Msg::SimInterest,
            fr.total_interest(),
            ge.total_interest(),
        ));
        lines.push(row(Msg::SimTotal, fr.total_paid(), ge.total_paid()));
        // The true cost of each (the internal rate of its cash flows).
        let tea = |x: &Schedule| percent_text(x.effective_annual_rate(), lang);
        lines.push(Line::from(vec![
            Span::raw(fit(app.t(Msg::SimEffective), lw)),
            Span::styled(format!("{:>col$}", tea(fr)), app.theme.base),
            Span::styled(format!("{:>col$}", tea(ge)), app.theme.base),
        ]));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::SimCompare), false)),
        right,
    );

    // The chosen method's schedule.
    let w = inner_w(app, table);
    let cw = (w.saturating_sub(5 + 11) / 4).max(8);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:>4} {}{:>cw$}{:>cw$}{:>cw$}{:>cw$}",
            app.t(Msg::Number),
            fit(app.t(Msg::LoanDue), 11),
            app.t(Msg::LoanPayment),
            app.t(Msg::LoanInterest),
            app.t(Msg::LoanPrincipal),
            app.t(Msg::Balance)
        ),
        app.theme.header,
    ))];
    // What the chosen schedule must say above its rows: the real cost of a
    // flat loan, and a last installment that rounding sets apart.
    let mut notes: Vec<String> = Vec::new();
    if let Some(c) = s
        .chosen
        .as_ref()
        .filter(|_| s.fields.iter().all(|(_, i)| i.error.is_none()))
    {
        if c.method == Method::Flat {
            notes.push(Msg::SimFlatCost.fill(
                lang,
                &[("tea", &percent_text(c.effective_annual_rate(), lang))],
            ));
        }
        if let Some((regular, last)) = c.last_installment_gap() {
            notes.push(Msg::SimLastGap.fill(
                lang,
                &[
                    ("last", &last.localized(lang)),
                    ("regular", &regular.localized(lang)),
                ],
            ));
        }
    }
    for n in &notes {
        lines.push(Line::from(Span::styled(fit(n, w), app.theme.warning)));
    }
    let height = fit_rows(
        app,
        (table.height.saturating_sub(3) as usize).saturating_sub(notes.len()),
    );
    let mut title = app.t(Msg::Schedule).to_string();
    // While a figure is wrong, what is wrong takes the schedule's place.
    for e in s.fields.iter().filter_map(|(_, i)| i.error.as_ref()) {
        lines.push(Line::from(Span::styled(
            super::super::error_text(e),
            app.theme.error,
        )));
    }
    if let Some(c) = &s.chosen {
        let n = c.installments.len();
        app.money.rows.set(height);
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
        title = Msg::SimSchedule.fill(
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

// ---- reviews of the loan forms ----

pub(super) fn review_lines<'a>(
    app: &App,
    form: &MoneyForm,
    p: &Pending,
    w: usize,
    lines: &mut Vec<Line<'a>>,
) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    let head = |s: String| Line::from(Span::styled(s, app.theme.title));
    let text = |s: String| Line::from(Span::raw(s));
    let cash_name = |code: &str| {
        app.book
            .as_ref()
            .and_then(|b| b.account(code))
            .map(|a| format!("{code} {}", a.display_name(lang)))
            .unwrap_or_else(|| code.to_string())
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
            lines.push(head(Msg::ApplyReview.fill(
                lang,
                &[
                    ("name", name),
                    ("amount", &l(application.amount)),
                    ("months", &application.months),
                ],
            )));
            lines.push(text(format!(
                "{}: {} · {} · {} %",
                app.t(Msg::SavProduct),
                product.name,
                method_short(product.method, lang),
                decimal_text(product.rate, lang)
            )));
            lines.push(text(format!(
                "{}: {}",
                Field::Guarantor.label(lang),
                guarantor
                    .clone()
                    .unwrap_or_else(|| app.t(Msg::NoGuarantor).to_string())
            )));
            lines.push(text(format!(
                "{}: {}",
                Field::Approval.label(lang),
                application.approval
            )));
            if !application.purpose.is_empty() {
                lines.push(text(format!(
                    "{}: {}",
                    app.t(Msg::Purpose),
                    application.purpose
                )));
            }
            let first = schedule
                .installments
                .first()
                .map(|i| i.payment)
                .unwrap_or_default();
            lines.push(money_line(app, app.t(Msg::FirstPayment), first, w));
            lines.push(money_line(
                app,
                app.t(Msg::SimInterest),
                schedule.total_interest(),
                w,
            ));
            lines.push(money_line(
                app,
                app.t(Msg::GuaranteeAtDisbursement),
                *guarantee,
                w,
            ));
            if let Some(cap) = warning {
                lines.push(Line::from(Span::styled(
                    crate::books::loans::rate_cap_warning(product.rate, *cap, lang),
                    app.theme.warning,
                )));
            }
            lines.push(Line::from(Span::styled(
                app.t(Msg::ApplyNoMoney),
                app.theme.muted,
            )));
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
            lines.push(head(
                Msg::DisburseReview.fill(lang, &[("amount", &l(*amount)), ("name", name)]),
            ));
            lines.push(text(Msg::CashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(money_line(app, app.t(Msg::GuaranteeBlocked), *guarantee, w));
            if let (Some(a), Some(b)) =
                (schedule.installments.first(), schedule.installments.last())
            {
                lines.push(text(Msg::DisburseSchedule.fill(
                    lang,
                    &[
                        ("n", &schedule.installments.len()),
                        ("first", &format_date(a.due, lang)),
                        ("payment", &l(a.payment)),
                        ("last", &format_date(b.due, lang)),
                    ],
                )));
            }
            lines.push(money_line(
                app,
                app.t(Msg::SimInterest),
                schedule.total_interest(),
                w,
            ));
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
            lines.push(head(
                Msg::RepayReview.fill(lang, &[("amount", &l(*amount)), ("name", name)]),
            ));
            lines.push(text(Msg::CashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(Line::from(Span::styled(
                app.t(Msg::Allocation),
                app.theme.header,
            )));
            lines.push(money_line(app, app.t(Msg::AllocLate), alloc.late, w));
            lines.push(money_line(
                app,
                app.t(Msg::AllocInterest),
                alloc.interest,
                w,
            ));
            lines.push(money_line(
                app,
                app.t(Msg::AllocPrincipal),
                alloc.principal,
                w,
            ));
            let pays_off = amount == payoff;
            if alloc.extra.is_positive() {
                let label = if pays_off {
                    app.t(Msg::AllocPayoff).to_string()
                } else {
                    format!(
                        "{} ({})",
                        app.t(Msg::AllocPrepay),
                        match how {
                            Prepay::ShortenTerm => app.t(Msg::PrepayTerm),
                            Prepay::LowerInstallment => app.t(Msg::PrepayInstallment),
                        }
                    )
                };
                lines.push(money_line(app, &label, alloc.extra, w));
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
                    lines.push(Line::from(Span::styled(
                        Msg::AllocCovers
                            .fill(lang, &[("list", &format!("{}{more}", parts.join(", ")))]),
                        app.theme.muted,
                    )));
                }
            }
            let after = if pays_off {
                Money::ZERO
            } else {
                (*outstanding - alloc.principal - alloc.extra).max(Money::ZERO)
            };
            lines.push(money_line(app, app.t(Msg::OutstandingAfter), after, w));
            if pays_off {
                lines.push(Line::from(Span::styled(
                    app.t(Msg::WillPayOff),
                    app.theme.ok,
                )));
            }
        }
        _ => {}
    }
}
