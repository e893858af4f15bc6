//! The journal: entries with debit and credit columns; an entry's detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{MARK_W, amount, block, fit, inner_w, list_window, sel_mark, spaced, styled};
use crate::domain::date::format_date;
use crate::domain::entry::Side;
use crate::i18n::Msg;
use crate::ui::app::App;

pub fn render_list(app: &App, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let [top, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let month = app
        .journal_month
        .map(|m| m.name(lang))
        .unwrap_or_else(|| app.t(Msg::UiAllMonths).to_string());
    let mut filter = String::new();
    if let Some(a) = &app.journal_filter.account {
        filter = format!(" · {} {a}", app.t(Msg::UiAccount));
    }
    if let Some(mid) = app.journal_filter.member {
        let name = app
            .members
            .iter()
            .find(|mm| mm.id == mid)
            .map(|mm| mm.full_name())
            .unwrap_or_default();
        filter = format!(" · {} {name}", app.t(Msg::UiMember));
    }
    let search = if app.searching {
        format!("  / {}", app.query.view(true, area.width as usize / 2))
    } else {
        String::new()
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" [ {month} ] "), app.theme.title),
            Span::styled(
                format!(
                    "{} {}{filter}",
                    app.journal_total,
                    app.t(Msg::UiEntries).to_lowercase()
                ),
                app.theme.muted,
            ),
            Span::styled(search, app.theme.input),
        ])),
        top,
    );
    let w = inner_w(app, list);
    let desc_w = w.saturating_sub(MARK_W + 6 + 11 + 13 + 13).max(8);
    let mut lines = vec![styled(
        format!(
            "{}{:>5} {}{}{:>13}{:>13}",
            sel_mark(false),
            app.t(Msg::UiNumber),
            fit(app.t(Msg::UiDate), 11),
            fit(app.t(Msg::UiDescription), desc_w),
            app.t(Msg::UiDebit),
            app.t(Msg::UiCredit)
        ),
        app.theme.header,
    )];
    let height = list.height.saturating_sub(3) as usize;
    let mut rows = Vec::new();
    for i in list_window(app, app.journal_sel, app.journal.len(), height) {
        let e = &app.journal[i];
        // With an account filter, show that account's side; otherwise the entry total on both.
        let (d, c) = match &app.journal_filter.account {
            Some(a) => e.postings.iter().filter(|p| &p.account == a).fold(
                (
                    crate::domain::money::Money::ZERO,
                    crate::domain::money::Money::ZERO,
                ),
                |(d, c), p| match p.side {
                    Side::Debit => (d + p.amount, c),
                    Side::Credit => (d, c + p.amount),
                },
            ),
            None => (e.total(), e.total()),
        };
        let sel = i == app.journal_sel;
        let base = if sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        let mut spans = vec![Span::styled(
            format!(
                "{}{:>5} {}{}",
                sel_mark(sel),
                e.id,
                fit(&format_date(e.date, lang), 11),
                fit(&e.description, desc_w)
            ),
            base,
        )];
        for (v, st) in [(d, app.theme.debit), (c, app.theme.credit)] {
            let text = if v.is_zero() {
                String::new()
            } else {
                v.localized(lang)
            };
            spans.push(Span::styled(
                format!("{text:>13}"),
                if sel { app.theme.selected } else { st },
            ));
        }
        rows.push(Line::from(spans));
    }
    lines.extend(spaced(app, rows));
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            app.t(Msg::UiTabJournal)
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' '),
            true,
        )),
        list,
    );
}

pub fn render_detail(app: &App, f: &mut Frame, area: Rect) {
    let Some((e, by)) = &app.entry_detail else {
        return;
    };
    let lang = app.lang;
    let book = app.book.as_ref();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(fit(app.t(Msg::UiDate), 14), app.theme.muted),
            Span::raw(format!(
                "{}   {}",
                format_date(e.date, lang),
                e.kind.label(lang)
            )),
        ]),
        Line::from(vec![
            Span::styled(fit(app.t(Msg::UiDescription), 14), app.theme.muted),
            Span::raw(e.description.clone()),
        ]),
        Line::from(vec![
            Span::styled(fit(app.t(Msg::UiReference), 14), app.theme.muted),
            Span::raw(e.reference.clone()),
        ]),
        Line::from(""),
    ];
    let w = inner_w(app, area);
    let acc_w = w.saturating_sub(26 + 14).max(10);
    lines.push(styled(
        format!(
            "{}{:>13}{:>13}",
            fit(app.t(Msg::UiAccount), acc_w + 14),
            app.t(Msg::UiDebit),
            app.t(Msg::UiCredit)
        ),
        app.theme.header,
    ));
    let mut rows = Vec::new();
    for p in &e.postings {
        let name = book
            .and_then(|b| b.account(&p.account))
            .map(|a| a.display_name(lang).to_string())
            .unwrap_or_default();
        let member = p
            .member
            .and_then(|mid| app.members.iter().find(|mm| mm.id == mid))
            .map(|mm| mm.full_name())
            .unwrap_or_default();
        let indent = if p.side == Side::Credit { "   " } else { "" };
        let (d, c) = match p.side {
            Side::Debit => (amount(app, p.amount, 13), Span::raw(format!("{:>13}", ""))),
            Side::Credit => (Span::raw(format!("{:>13}", "")), amount(app, p.amount, 13)),
        };
        rows.push(Line::from(vec![
            Span::raw(fit(&format!("{indent}{} {name}", p.account), acc_w)),
            Span::styled(fit(&member, 14), app.theme.muted),
            d,
            c,
        ]));
    }
    lines.extend(spaced(app, rows));
    lines.push(Line::from(vec![
        Span::styled(fit(app.t(Msg::UiTotal), acc_w + 14), app.theme.header),
        amount(app, e.total(), 13),
        amount(app, e.total(), 13),
    ]));
    lines.push(Line::from(""));
    if let Some(r) = e.reverses {
        lines.push(styled(
            format!("{} {r}", app.t(Msg::UiReverses)),
            app.theme.warning,
        ));
    }
    if let Some(b) = by {
        lines.push(styled(
            format!("{} {b}", app.t(Msg::UiReversedBy)),
            app.theme.warning,
        ));
    }
    lines.push(styled(
        format!(
            "{} {}",
            app.t(Msg::UiHash),
            e.hash
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
        app.theme.muted,
    ));
    let _ = Layout::vertical([Constraint::Min(1)]);
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            &format!("{} {}", app.t(Msg::UiNumber), e.id),
            true,
        )),
        area,
    );
}
