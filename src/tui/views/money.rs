//! Savings, the solidarity fund and the forms of `tui::money`; the loan
//! screens are in `money/loans.rs`.

mod loans;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{
    amount, block, error_text, field_label, fit, fit_rows, inner_w, list_window, sel_mark, spaced,
};
use crate::domain::date::format_date;
use crate::domain::loan::Prepay;
use crate::domain::money::Money;
use crate::report::dues::decimal_text;
use crate::tui::app::App;
use crate::tui::money::{Field, FormInfo, FormKind, MoneyForm, Pending, View};
use crate::tui::msg::Msg;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    match app.money.view {
        View::Savings => render_savings(app, f, area),
        View::Fund => render_fund(app, f, area),
        View::Loans => loans::render_list(app, f, area),
        View::LoanCard => loans::render_card(app, f, area),
        View::Simulator => loans::render_simulator(app, f, area),
        View::Form => render_form(app, f, area),
    }
}

/// A label and an amount on one line, the amount right-aligned.
fn money_line<'a>(app: &App, label: &str, m: Money, w: usize) -> Line<'a> {
    let aw = 14;
    Line::from(vec![
        Span::raw(fit(label, w.saturating_sub(aw))),
        amount(app, m, aw),
    ])
}

// ---- savings ----

fn render_savings(app: &App, f: &mut Frame, area: Rect) {
    let s = &app.money.savings;
    let lang = app.lang;
    let name = s.member.as_ref().map(|m| m.full_name()).unwrap_or_default();
    let rows = s.accounts.len().clamp(1, 4) as u16;
    // Roomy: the accounts a line apart (when there is more than one).
    let acc_lines = if app.density.is_roomy() {
        rows * 2 - 1
    } else {
        rows
    };
    let [top, book] =
        Layout::vertical([Constraint::Length(acc_lines + 4), Constraint::Min(4)]).areas(area);
    let w = inner_w(app, top);
    let prod_w = w.saturating_sub(8 + 14 * 3);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{:>14}{:>14}{:>14}",
            fit(app.t(Msg::SavAccount), 8),
            fit(app.t(Msg::SavProduct), prod_w),
            app.t(Msg::Balance),
            app.t(Msg::SavBlocked),
            app.t(Msg::SavAvailable)
        ),
        app.theme.header,
    ))];
    if s.accounts.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::NoSavingsAccount),
            app.theme.muted,
        )));
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
        lines.push(Line::from(Span::styled(
            Msg::SavFormula.fill(
                lang,
                &[
                    ("balance", &v.account.balance.localized(lang)),
                    ("minimum", &v.product.min_balance.localized(lang)),
                    ("blocked", &v.account.blocked.localized(lang)),
                    ("available", &v.available.localized(lang)),
                ],
            ),
            app.theme.muted,
        )));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            &Msg::SavTitle.fill(lang, &[("name", &name)]),
            true,
        )),
        top,
    );

    // The passbook: oldest first, the window ending at the latest movement.
    let w = inner_w(app, book);
    let kind_w = w.saturating_sub(11 + 8 + 13 * 3);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{:>8}{:>13}{:>13}{:>13}",
            fit(app.t(Msg::Date), 11),
            fit(app.t(Msg::SavMovement), kind_w),
            app.t(Msg::SavEntry),
            app.t(Msg::FAmount),
            app.t(Msg::SavBlocked),
            app.t(Msg::Balance)
        ),
        app.theme.header,
    ))];
    let height = fit_rows(app, book.height.saturating_sub(3) as usize);
    if s.passbook.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::NoBalances),
            app.theme.muted,
        )));
    }
    app.money.rows.set(height);
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
            Msg::SavPassbook.fill(lang, &[("n", &v.account.id), ("product", &v.product.name)])
        }
        None => app.t(Msg::SavPassbookNone).to_string(),
    };
    f.render_widget(Paragraph::new(lines).block(block(app, &title, false)), book);
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

fn render_fund(app: &App, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let Some(s) = &app.money.fund else { return };
    let grant_rows = (s.grants.len() as u16).clamp(1, 4);
    // Roomy: the grants a line apart.
    let grant_lines = if app.density.is_roomy() {
        grant_rows * 2 - 1
    } else {
        grant_rows
    };
    let [top, moves, grants] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(4),
        Constraint::Length(grant_lines + 3),
    ])
    .areas(area);
    // Voided operations (and their reversals) count in neither total.
    let (contributions, given) = s.standing_totals();
    let summary = Line::from(vec![
        Span::styled(format!("{} ", app.t(Msg::FundBalance)), app.theme.muted),
        Span::styled(s.balance.localized(lang), app.theme.title),
        Span::styled(format!("   {} ", app.t(Msg::FundInTotal)), app.theme.muted),
        Span::raw(contributions.localized(lang)),
        Span::styled(format!("   {} ", app.t(Msg::FundOutTotal)), app.theme.muted),
        Span::raw(given.localized(lang)),
    ]);
    f.render_widget(
        Paragraph::new(summary).block(block(app, app.t(Msg::Fund), true)),
        top,
    );

    let w = inner_w(app, moves);
    let desc_w = w.saturating_sub(11 + 11 * 3);
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{:>11}{:>11}{:>11}",
            fit(app.t(Msg::Date), 11),
            fit(app.t(Msg::Description), desc_w),
            app.t(Msg::FundIn),
            app.t(Msg::FundOut),
            app.t(Msg::Balance)
        ),
        app.theme.header,
    ))];
    let height = fit_rows(app, moves.height.saturating_sub(3) as usize);
    app.money.rows.set(height);
    let mut rows = Vec::new();
    for m in &s.movements[bottom_window(app.money.fund_scroll, s.movements.len(), height)] {
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
        Paragraph::new(lines).block(block(app, app.t(Msg::FundMoves), false)),
        moves,
    );

    let w = inner_w(app, grants);
    let rest = w.saturating_sub(4 + 11 + 10 + 2 + 15);
    let who_w = (rest * 3 / 5).min(24);
    let why_w = rest - who_w;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{}{}{}{:>10}  {}{}",
            fit(app.t(Msg::Number), 4),
            fit(app.t(Msg::Date), 11),
            fit(app.t(Msg::FBeneficiary), who_w),
            app.t(Msg::FAmount),
            fit(app.t(Msg::FundApproval), 15),
            fit(app.t(Msg::FReason), why_w)
        ),
        app.theme.header,
    ))];
    if s.grants.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::FundNoGrants),
            app.theme.muted,
        )));
    }
    let shown = s.grants.len().saturating_sub(grant_rows as usize);
    let mut rows = Vec::new();
    for g in &s.grants[shown..] {
        let reversed = g.reversed_by.is_some();
        let mut why = g.grant.reason.clone();
        if reversed {
            why = format!("{} — {why}", app.t(Msg::CobroReversed));
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
        Paragraph::new(lines).block(block(app, app.t(Msg::FundGrants), false)),
        grants,
    );
}

// ---- forms ----

fn form_title(app: &App, form: &MoneyForm) -> String {
    let lang = app.lang;
    match (&form.kind, &form.info) {
        (FormKind::Deposit, FormInfo::Savings { member, .. }) => {
            Msg::DepositTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Withdraw, FormInfo::Savings { member, .. }) => {
            Msg::WithdrawTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Transfer, FormInfo::Savings { member, .. }) => {
            Msg::TransferTitle.fill(lang, &[("name", &member.full_name())])
        }
        (FormKind::Grant, _) => app.t(Msg::GrantTitle).to_string(),
        (FormKind::Contribute, _) => app.t(Msg::ContributeTitle).to_string(),
        (FormKind::Apply, _) => app.t(Msg::ApplyTitle).to_string(),
        (FormKind::Disburse, FormInfo::Loan { loan, name, .. }) => {
            Msg::DisburseTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        (FormKind::Repay, FormInfo::Loan { loan, name, .. }) => {
            Msg::RepayTitle.fill(lang, &[("n", &loan.id), ("name", name)])
        }
        _ => String::new(),
    }
}

fn prepay_text(app: &App, p: Prepay) -> &'static str {
    match p {
        Prepay::ShortenTerm => app.t(Msg::PrepayTerm),
        Prepay::LowerInstallment => app.t(Msg::PrepayInstallment),
    }
}

fn render_form(app: &App, f: &mut Frame, area: Rect) {
    let Some(form) = &app.money.form else { return };
    let title = form_title(app, form);
    let mut lines = Vec::new();
    if let Some(p) = &form.pending {
        let w = inner_w(app, area).min(60);
        review_lines(app, form, p, w, &mut lines);
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            app.t(Msg::MoneyConfirm),
            app.theme.warning,
        )));
    } else {
        field_lines(app, form, inner_w(app, area), &mut lines);
        lines.push(Line::from(""));
        info_lines(app, form, &mut lines);
        lines.push(Line::from(Span::styled(
            app.t(Msg::MoneyFormHint),
            app.theme.muted,
        )));
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(error_text(e), app.theme.error)));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(app, &title, true)),
        area,
    );
}

const LABEL_W: usize = 28;

fn field_lines<'a>(app: &App, form: &MoneyForm, w: usize, lines: &mut Vec<Line<'a>>) {
    for (i, (field, input)) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let fresh = form.fresh.get(i).copied().unwrap_or(false);
        let style = if input.error.is_some() {
            app.theme.input_invalid
        } else if focus && fresh {
            app.theme.selected
        } else if focus {
            app.theme.input
        } else {
            app.theme.base
        };
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
            Some(app.t(Msg::PrepayHint).to_string())
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
            lines.push(Line::from(Span::styled(
                format!("{:indent$}{e}", ""),
                app.theme.error,
            )));
        }
    }
}

fn info_lines<'a>(app: &App, form: &MoneyForm, lines: &mut Vec<Line<'a>>) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    match &form.info {
        FormInfo::Savings { account, .. } => match account {
            Some(v) => {
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} {} · {}",
                        app.t(Msg::SavAccount),
                        v.account.id,
                        v.product.name
                    ),
                    app.theme.info,
                )));
                lines.push(Line::from(Span::styled(
                    Msg::SavFormula.fill(
                        lang,
                        &[
                            ("balance", &l(v.account.balance)),
                            ("minimum", &l(v.product.min_balance)),
                            ("blocked", &l(v.account.blocked)),
                            ("available", &l(v.available)),
                        ],
                    ),
                    app.theme.info,
                )));
            }
            None => lines.push(Line::from(Span::styled(
                app.t(Msg::DepositOpens),
                app.theme.info,
            ))),
        },
        FormInfo::Fund { balance } => lines.push(Line::from(vec![
            Span::styled(format!("{} ", app.t(Msg::FundBalance)), app.theme.muted),
            Span::styled(l(*balance), app.theme.info),
        ])),
        FormInfo::Products(products) => {
            lines.push(Line::from(Span::styled(
                app.t(Msg::ProductsTitle),
                app.theme.header,
            )));
            for p in products {
                lines.push(Line::from(Span::styled(
                    Msg::ProductLine.fill(
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
                )));
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
            lines.push(Line::from(Span::styled(
                loans::terms_text(app, loan),
                app.theme.info,
            )));
            if form.kind == FormKind::Disburse {
                let pct = product
                    .as_ref()
                    .map(|p| p.guarantee_percent)
                    .unwrap_or_default();
                lines.push(Line::from(Span::styled(
                    Msg::GuaranteeInfo.fill(
                        lang,
                        &[
                            ("pct", &decimal_text(pct, lang)),
                            (
                                "amount",
                                &l(crate::tui::money::percent_of(loan.amount, pct)),
                            ),
                        ],
                    ),
                    app.theme.info,
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    Msg::RepayInfo.fill(
                        lang,
                        &[("outstanding", &l(loan.outstanding())), ("days", days_late)],
                    ),
                    app.theme.info,
                )));
                lines.push(Line::from(Span::styled(
                    Msg::RepayDue.fill(lang, &[("due", &l(*due_now)), ("payoff", &l(*payoff))]),
                    app.theme.info,
                )));
            }
        }
    }
}

fn review_lines<'a>(app: &App, form: &MoneyForm, p: &Pending, w: usize, lines: &mut Vec<Line<'a>>) {
    let lang = app.lang;
    let l = |m: Money| m.localized(lang);
    let head = |s: String| Line::from(Span::styled(s, app.theme.title));
    let text = |s: String| Line::from(Span::raw(s));
    let book = app.book.as_ref();
    let cash_name = |code: &str| {
        book.and_then(|b| b.account(code))
            .map(|a| format!("{code} {}", a.display_name(lang)))
            .unwrap_or_else(|| code.to_string())
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
                .unwrap_or_else(|| app.t(Msg::NewAccount).to_string());
            lines.push(head(Msg::DepositReview.fill(
                lang,
                &[("amount", &l(*amount)), ("n", &acc), ("name", name)],
            )));
            lines.push(text(Msg::CashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(money_line(app, app.t(Msg::BalanceAfter), *balance_after, w));
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
            lines.push(head(Msg::WithdrawReview.fill(
                lang,
                &[("amount", &l(*amount)), ("n", account), ("name", name)],
            )));
            lines.push(text(Msg::CashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(money_line(app, app.t(Msg::BalanceAfter), *balance_after, w));
            lines.push(money_line(
                app,
                app.t(Msg::AvailableAfter),
                *available_after,
                w,
            ));
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
            lines.push(head(Msg::TransferReview.fill(
                lang,
                &[
                    ("amount", &l(*amount)),
                    ("from", from),
                    ("to", to),
                    ("product", to_product),
                ],
            )));
            lines.push(text(format!(
                "{} {}",
                app.t(Msg::Date),
                format_date(*date, lang)
            )));
            lines.push(money_line(
                app,
                &Msg::AccountAfter.fill(lang, &[("n", from)]),
                *from_after,
                w,
            ));
            lines.push(money_line(
                app,
                &Msg::AccountAfter.fill(lang, &[("n", to)]),
                *to_after,
                w,
            ));
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
            lines.push(head(
                Msg::GrantReview.fill(lang, &[("amount", &l(*amount)), ("name", beneficiary)]),
            ));
            lines.push(Line::from(Span::styled(
                if member.is_some() {
                    app.t(Msg::IsMember)
                } else {
                    app.t(Msg::GrantNotMember)
                },
                app.theme.muted,
            )));
            lines.push(text(format!("{}: {reason}", Field::Reason.label(lang))));
            lines.push(text(format!("{}: {approval}", Field::Approval.label(lang))));
            lines.push(text(Msg::CashOut.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(money_line(app, app.t(Msg::FundAfter), *fund_after, w));
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
            lines.push(head(
                Msg::ContributeReview.fill(lang, &[("amount", &l(*amount))]),
            ));
            if member.is_some() {
                lines.push(text(format!("{}: {name}", Field::Member.label(lang))));
            }
            if !description.is_empty() {
                lines.push(text(format!(
                    "{}: {description}",
                    Field::Description.label(lang)
                )));
            }
            lines.push(text(Msg::CashIn.fill(
                lang,
                &[
                    ("date", &format_date(*date, lang)),
                    ("cash", &cash_name(cash)),
                ],
            )));
            lines.push(money_line(app, app.t(Msg::FundAfter), *fund_after, w));
        }
        Pending::Apply { .. } | Pending::Disburse { .. } | Pending::Repay { .. } => {
            loans::review_lines(app, form, p, w, lines)
        }
    }
}
