//! A manual journal entry: date, description, lines with an account picker;
//! the review shows the entry that will post before it is confirmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{amount, block, error_text, field_label, fit, inner_w, sel_mark, spaced, styled};
use crate::domain::date::format_date;
use crate::domain::entry::Side;
use crate::domain::money::Money;
use crate::i18n::Msg;
use crate::ui::app::{App, Input};

fn field<'a>(app: &App, input: &Input, focus: bool, w: usize) -> Span<'a> {
    let style = super::field_style(app, input, focus, false);
    Span::styled(fit(&input.value.view(focus, w), w), style)
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(form) = &app.entry_form else { return };
    let lang = app.lang;
    let book = app.book.as_ref();
    if let Some(d) = &form.review {
        // The confirmation: the journal entry as it will be posted.
        let mut lines = vec![
            styled(
                format!(
                    "{}  {}  {}",
                    format_date(d.date(), lang),
                    d.description(),
                    d.reference()
                ),
                app.theme.title,
            ),
            Line::from(""),
        ];
        let w = inner_w(app, area);
        let acc_w = w.saturating_sub(26).max(10);
        lines.push(styled(
            format!(
                "{}{:>13}{:>13}",
                fit(app.t(Msg::UiAccount), acc_w),
                app.t(Msg::UiDebit),
                app.t(Msg::UiCredit)
            ),
            app.theme.header,
        ));
        let mut rows = Vec::new();
        for p in d.postings() {
            let name = book
                .and_then(|b| b.account(&p.account))
                .map(|a| a.display_name(lang).to_string())
                .unwrap_or_default();
            let indent = if p.side == Side::Credit { "   " } else { "" };
            let (dr, cr) = match p.side {
                Side::Debit => (amount(app, p.amount, 13), Span::raw(format!("{:13}", ""))),
                Side::Credit => (Span::raw(format!("{:13}", "")), amount(app, p.amount, 13)),
            };
            rows.push(Line::from(vec![
                Span::raw(fit(&format!("{indent}{} {name}", p.account), acc_w)),
                dr,
                cr,
            ]));
        }
        lines.extend(spaced(app, rows));
        lines.push(Line::from(vec![
            Span::styled(fit(app.t(Msg::UiTotal), acc_w), app.theme.header),
            amount(app, d.total(), 13),
            amount(app, d.total(), 13),
        ]));
        lines.push(Line::from(""));
        lines.push(styled(app.t(Msg::UiConfirmEntry), app.theme.warning));
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiNewEntry), true)),
            area,
        );
        return;
    }
    let mut lines = Vec::new();
    for (i, (label, input)) in [
        (Msg::UiDate, &form.date),
        (Msg::UiDescription, &form.description),
        (Msg::UiReference, &form.reference),
    ]
    .into_iter()
    .enumerate()
    {
        lines.push(Line::from(vec![
            field_label(app, app.t(label), form.focus == i, 16),
            field(app, input, form.focus == i, 50),
        ]));
    }
    let w = inner_w(app, area);
    let name_w = w.saturating_sub(8 + 13 + 13 + 13 + 4).max(6);
    lines.push(styled(
        format!(
            "{}{}{:>13}{:>13} {}",
            fit(app.t(Msg::UiAccount), 8),
            fit("", name_w),
            app.t(Msg::UiDebit),
            app.t(Msg::UiCredit),
            app.t(Msg::UiMember)
        ),
        app.theme.header,
    ));
    let (mut dsum, mut csum) = (Money::ZERO, Money::ZERO);
    let mut suggestion_row = None;
    for (li, l) in form.lines.iter().enumerate() {
        let base = 3 + li * 4;
        let name = book
            .and_then(|b| b.account(l.account.value.trim()))
            .map(|a| a.display_name(lang).to_string())
            .unwrap_or_default();
        dsum += Money::parse(&l.debit.value).unwrap_or_default();
        csum += Money::parse(&l.credit.value).unwrap_or_default();
        lines.push(Line::from(vec![
            field(app, &l.account, form.focus == base, 8),
            Span::styled(fit(&format!(" {name}"), name_w), app.theme.muted),
            Span::raw(" "),
            field(app, &l.debit, form.focus == base + 1, 12),
            Span::raw(" "),
            field(app, &l.credit, form.focus == base + 2, 12),
            Span::raw(" "),
            field(app, &l.member, form.focus == base + 3, 12),
        ]));
        if form.focus == base {
            suggestion_row = Some(lines.len());
        }
        for inp in [&l.account, &l.debit, &l.credit] {
            if let Some(e) = &inp.error {
                lines.push(styled(format!("  {}", error_text(e)), app.theme.error));
            }
        }
    }
    let diff = dsum - csum;
    lines.push(Line::from(vec![
        Span::styled(fit(app.t(Msg::UiTotal), 8 + name_w + 1), app.theme.header),
        amount(app, dsum, 12),
        Span::raw(" "),
        amount(app, csum, 12),
        Span::raw("  "),
        if diff.is_zero() && dsum.is_positive() {
            Span::styled(app.t(Msg::UiBalanced), app.theme.ok)
        } else {
            Span::styled(
                format!(
                    "{} {}",
                    app.t(Msg::UiDifference),
                    diff.abs().localized(lang)
                ),
                app.theme.warning,
            )
        },
    ]));
    if let Some(e) = &form.error {
        // Wrapped: a refusal says the account, the day and the balance available.
        for l in super::exercises::wrap(&error_text(e), w, 2) {
            lines.push(styled(l, app.theme.error));
        }
    }
    if let Some(row) = suggestion_row
        && !form.suggestions.is_empty()
    {
        let mut sug = vec![styled(
            format!("  {}", app.t(Msg::UiPickAccount)),
            app.theme.muted,
        )];
        for (i, (code, name)) in form.suggestions.iter().enumerate() {
            let style = if i == form.suggestion {
                app.theme.selected
            } else {
                app.theme.info
            };
            sug.push(styled(
                format!("  {}{code} {name}", sel_mark(i == form.suggestion)),
                style,
            ));
        }
        let at = row.min(lines.len());
        for (k, l) in sug.into_iter().enumerate() {
            lines.insert(at + k, l);
        }
    }
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::UiNewEntry), true)),
        area,
    );
}
