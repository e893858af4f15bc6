//! The chart of accounts with balances at the month's end.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{MARK_W, amount, block, fit, inner_w, list_window, sel_mark, spaced, styled};
use crate::i18n::Msg;
use crate::ui::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let lang = app.lang;
    let [top, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let search = if app.searching || !app.query.is_empty() {
        format!(
            "  / {}",
            app.query.view(app.searching, area.width as usize / 2)
        )
    } else {
        String::new()
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(" [ {} ] ", app.accounts_month.name(lang)),
                app.theme.title,
            ),
            Span::styled(search, app.theme.input),
        ])),
        top,
    );
    let rows = app.accounts_view();
    let w = inner_w(app, list);
    let name_w = w.saturating_sub(MARK_W + 8 + 14 * 3).max(10);
    let mut lines = vec![styled(
        format!(
            "{}{}{}{:>14}{:>14}{:>14}",
            sel_mark(false),
            fit(app.t(Msg::UiAccount), 8),
            fit("", name_w),
            app.t(Msg::UiDebit),
            app.t(Msg::UiCredit),
            app.t(Msg::UiBalance)
        ),
        app.theme.header,
    )];
    let height = list.height.saturating_sub(3) as usize;
    let mut out = Vec::new();
    for i in list_window(app, app.account_sel, rows.len(), height) {
        let a = rows[i];
        let indent = match a.account.code.len() {
            1 => "",
            2 => " ",
            4 => "  ",
            _ => "   ",
        };
        let sel = i == app.account_sel;
        let style = if sel {
            app.theme.selected
        } else if a.postable {
            app.theme.base
        } else {
            app.theme.header
        };
        let mut spans = vec![Span::styled(
            format!(
                "{}{}{}",
                sel_mark(sel),
                fit(&a.account.code, 8),
                fit(&format!("{indent}{}", a.account.display_name(lang)), name_w)
            ),
            style,
        )];
        if sel {
            spans.push(Span::styled(
                format!(
                    "{:>14}{:>14}{:>14}",
                    a.debit.localized(lang),
                    a.credit.localized(lang),
                    a.natural().localized(lang)
                ),
                style,
            ));
        } else {
            spans.push(Span::styled(
                format!("{:>14}", a.debit.localized(lang)),
                app.theme.debit,
            ));
            spans.push(Span::styled(
                format!("{:>14}", a.credit.localized(lang)),
                app.theme.credit,
            ));
            spans.push(amount(app, a.natural(), 14));
        }
        out.push(Line::from(spans));
    }
    lines.extend(spaced(app, out));
    f.render_widget(
        Paragraph::new(lines).block(block(app, app.t(Msg::UiChart), true)),
        list,
    );
}
