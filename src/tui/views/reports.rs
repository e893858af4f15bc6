//! The reports screen: the report selector and the month on top, the report
//! below (scrollable), and the member picker over it when open.
//!
//! A report is drawn from its [`Doc`], the same layout the exports write:
//! tables fit the window by narrowing the account names, and columns that
//! still do not fit are left out (and named under the report).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style as TStyle};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{block, fit, inner_w, list_window, sel_mark, spaced};
use crate::i18n::fill;
use crate::report::render::{Block, Cell, Doc, Kind, Style, Table};
use crate::tui::app::App;
use crate::tui::msg::Msg;
use crate::tui::reports::ReportKind;
use crate::ui::density::Density;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let [selector, info, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);
    render_selector(app, f, selector);
    let r = &app.reports;
    let lang = app.lang;
    let month = r.month.map(|m| m.name(lang)).unwrap_or_default();
    let mut spans = vec![
        Span::styled(format!("{}: ", app.t(Msg::RepMonth)), app.theme.muted),
        Span::styled(month, app.theme.title),
        Span::styled(format!("  {}", app.t(Msg::RepMonthKeys)), app.theme.muted),
    ];
    if r.kind == ReportKind::Member {
        let name = r
            .member
            .as_ref()
            .map(|m| m.full_name())
            .unwrap_or_else(|| "—".to_string());
        spans.push(Span::styled(
            format!("  {}: ", app.t(Msg::Member)),
            app.theme.muted,
        ));
        spans.push(Span::raw(name));
        spans.push(Span::styled(
            format!("  {}", app.t(Msg::RepMemberKey)),
            app.theme.muted,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), info);

    let inner_w = inner_w(app, body);
    let height = body.height.saturating_sub(2) as usize;
    let (title, lines, hidden) = match (&r.doc, &r.error) {
        (_, Some(e)) => (
            r.kind.label(lang).to_string(),
            vec![Line::from(Span::styled(e.clone(), app.theme.error))],
            Vec::new(),
        ),
        (Some(doc), None) => {
            let (lines, hidden) = doc_lines(app, doc, inner_w);
            (format!("{} — {}", doc.title, doc.period), lines, hidden)
        }
        (None, None) => (
            r.kind.label(lang).to_string(),
            vec![Line::from(Span::styled(
                app.t(Msg::RepChooseMember),
                app.theme.muted,
            ))],
            Vec::new(),
        ),
    };
    let shown: Vec<Line> = lines.into_iter().skip(r.scroll).take(height).collect();
    let mut b = block(app, &title, true);
    let mut bottom = Vec::new();
    if r.lines > height {
        bottom.push(format!(
            "{}-{}/{}",
            r.scroll + 1,
            (r.scroll + height).min(r.lines),
            r.lines
        ));
    }
    if !hidden.is_empty() {
        bottom.push(fill(
            app.t(Msg::RepHiddenColumns),
            &[("columns", &hidden.join(", "))],
        ));
    }
    if !bottom.is_empty() {
        b = b.title_bottom(Span::styled(
            format!(" {} ", bottom.join(" · ")),
            app.theme.muted,
        ));
    }
    f.render_widget(Paragraph::new(shown).block(b), body);
    if r.picker.is_some() {
        render_picker(app, f, body);
    }
}

fn render_selector(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for k in ReportKind::ALL {
        // The chosen one is marked by brackets as well as by colour.
        if k == app.reports.kind {
            spans.push(Span::styled(
                format!("[{}]", k.label(app.lang)),
                app.theme.tab_active,
            ));
        } else {
            spans.push(Span::styled(
                format!(" {} ", k.label(app.lang)),
                app.theme.tab_inactive,
            ));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_picker(app: &App, f: &mut Frame, area: Rect) {
    let Some(p) = &app.reports.picker else { return };
    let w = 56.min(area.width);
    let h = 14.min(area.height);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let inner_w = inner_w(app, r);
    let mut lines = vec![
        Line::from(Span::styled(app.t(Msg::CobroSearch), app.theme.muted)),
        Line::from(Span::styled(
            fit(&p.query.view(true, inner_w), inner_w),
            app.theme.input,
        )),
    ];
    if p.matches.is_empty() {
        lines.push(Line::from(Span::styled(
            app.t(Msg::CobroNoMember),
            app.theme.warning,
        )));
    }
    let rows = (h as usize).saturating_sub(4);
    let mut shown = Vec::new();
    for i in list_window(app, p.sel, p.matches.len(), rows) {
        let m = &p.matches[i];
        let mark = sel_mark(i == p.sel);
        let style = if i == p.sel {
            app.theme.selected
        } else {
            app.theme.base
        };
        shown.push(Line::from(Span::styled(
            fit(
                &format!("{mark}{} · {}", m.full_name(), m.id_number),
                inner_w,
            ),
            style,
        )));
    }
    lines.extend(spaced(app, shown));
    f.render_widget(
        Paragraph::new(lines).style(app.theme.base).block(block(
            app,
            app.t(Msg::RepPickMember),
            true,
        )),
        r,
    );
}

/// Whether a table row gets a blank line before it (roomy: between rows,
/// but not before a total, which has its rule).
fn gap_before(density: Density, n: usize, style: Style) -> bool {
    density.is_roomy() && n > 0 && style != Style::Total
}

/// How many lines [`doc_lines`] makes of a document (the same at any width).
pub fn line_count(doc: &Doc, density: Density) -> usize {
    let mut n = 0;
    for (i, page) in doc.pages.iter().enumerate() {
        if i > 0 {
            n += 2;
        }
        if page.heading.is_some() {
            n += 2;
        }
        for b in &page.blocks {
            n += match b {
                Block::Fields(pairs) => pairs.len() + 1,
                Block::Note(_) => 2,
                Block::Table(t) => {
                    usize::from(t.title.is_some())
                        + 1
                        + t.rows.len()
                        + t.rows.iter().filter(|r| r.style == Style::Total).count()
                        + t.rows
                            .iter()
                            .enumerate()
                            .filter(|(n, r)| gap_before(density, *n, r.style))
                            .count()
                        + 1
                }
            };
        }
    }
    n
}

/// The document as screen lines `width` columns wide, and the headers of the
/// columns left out for want of room.
pub fn doc_lines(app: &App, doc: &Doc, width: usize) -> (Vec<Line<'static>>, Vec<String>) {
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut hidden: Vec<String> = Vec::new();
    for (i, page) in doc.pages.iter().enumerate() {
        if i > 0 {
            out.push(Line::from(Span::styled(
                "═".repeat(width),
                app.theme.border,
            )));
            out.push(Line::raw(""));
        }
        if let Some(h) = &page.heading {
            out.push(Line::from(Span::styled(fit(h, width), app.theme.title)));
            out.push(Line::from(Span::styled(
                "─".repeat(h.width().min(width)),
                app.theme.border,
            )));
        }
        for b in &page.blocks {
            match b {
                Block::Fields(pairs) => {
                    let lw = pairs.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
                    for (l, v) in pairs {
                        out.push(Line::from(vec![
                            Span::styled(format!("{}: ", fit(l, lw)), app.theme.muted),
                            Span::raw(fit(v, width.saturating_sub(lw + 2))),
                        ]));
                    }
                    out.push(Line::raw(""));
                }
                Block::Note(n) => {
                    out.push(Line::from(Span::styled(fit(n, width), app.theme.info)));
                    out.push(Line::raw(""));
                }
                Block::Table(t) => {
                    let (mut lines, h) = table_lines(app, t, width, lang);
                    out.append(&mut lines);
                    for name in h {
                        if !hidden.contains(&name) {
                            hidden.push(name);
                        }
                    }
                    out.push(Line::raw(""));
                }
            }
        }
    }
    (out, hidden)
}

/// The text of a cell as the screen shows it (names indented by level).
fn cell_text(t: &Table, col: usize, cell: &Cell, indent: u8, lang: crate::i18n::Lang) -> String {
    let s = cell.display(lang);
    if col == t.indent_col && matches!(cell, Cell::Text(_)) {
        format!("{}{s}", " ".repeat(indent as usize))
    } else {
        s
    }
}

fn table_lines(
    app: &App,
    t: &Table,
    width: usize,
    lang: crate::i18n::Lang,
) -> (Vec<Line<'static>>, Vec<String>) {
    // Natural widths: the widest cell or header of each column.
    let mut widths: Vec<usize> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = t
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i).map(|cell| (cell, r.indent)))
                .map(|(cell, ind)| cell_text(t, i, cell, ind, lang).width());
            let w = cells.chain([c.header.width()]).max().unwrap_or(0);
            match c.kind {
                Kind::Text if i == t.indent_col => w.min(40),
                Kind::Text => w.min((c.width as usize).clamp(4, 30)),
                _ => w,
            }
        })
        .collect();
    let mut shown: Vec<usize> = (0..t.columns.len()).collect();
    let total_with = |gap: usize, shown: &[usize], widths: &[usize]| -> usize {
        shown.iter().map(|i| widths[*i]).sum::<usize>() + gap * shown.len().saturating_sub(1)
    };
    // Roomy: wider gaps between the columns, when nothing is cut for them.
    let gap = if total_with(app.density.column_gap(), &shown, &widths) <= width {
        app.density.column_gap()
    } else {
        1
    };
    let total = |shown: &[usize], widths: &[usize]| total_with(gap, shown, widths);
    // Narrow the names first, then leave columns out from the right.
    let over = total(&shown, &widths).saturating_sub(width);
    if over > 0 && t.indent_col < widths.len() {
        let min = 12.min(widths[t.indent_col]);
        widths[t.indent_col] = widths[t.indent_col].saturating_sub(over).max(min);
    }
    let mut hidden = Vec::new();
    while total(&shown, &widths) > width && shown.len() > 2 {
        let Some(pos) = shown.iter().rposition(|i| *i != t.indent_col) else {
            break;
        };
        let i = shown.remove(pos);
        hidden.push(t.columns[i].header.clone());
    }
    hidden.reverse();
    let mut out = Vec::new();
    if let Some(title) = &t.title {
        out.push(Line::from(Span::styled(fit(title, width), app.theme.title)));
    }
    let align = |i: usize, s: &str| -> String {
        let w = widths[i];
        match t.columns[i].kind {
            Kind::Text => fit(s, w),
            _ => format!("{:>w$}", s.chars().take(w).collect::<String>()),
        }
    };
    let header: Vec<Span> = shown
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let sep = if n > 0 {
                " ".repeat(gap)
            } else {
                String::new()
            };
            Span::styled(
                format!("{sep}{}", align(*i, &t.columns[*i].header)),
                app.theme.header,
            )
        })
        .collect();
    out.push(Line::from(header));
    let used = total(&shown, &widths).min(width);
    for (rn, row) in t.rows.iter().enumerate() {
        if gap_before(app.density, rn, row.style) {
            out.push(Line::raw(""));
        }
        let style: TStyle = match row.style {
            Style::Normal => app.theme.base,
            Style::Group => app.theme.base.add_modifier(Modifier::BOLD),
            Style::Total => app.theme.header.add_modifier(Modifier::BOLD),
        };
        if row.style == Style::Total {
            out.push(Line::from(Span::styled("─".repeat(used), app.theme.border)));
        }
        let spans: Vec<Span> = shown
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let sep = if n > 0 {
                    " ".repeat(gap)
                } else {
                    String::new()
                };
                let cell = row.cells.get(*i).unwrap_or(&Cell::Empty);
                let text = cell_text(t, *i, cell, row.indent, lang);
                let s = match cell {
                    Cell::Amount(m) if m.is_negative() && row.style == Style::Normal => {
                        app.theme.amount_negative
                    }
                    _ => style,
                };
                Span::styled(format!("{sep}{}", align(*i, &text)), s)
            })
            .collect();
        out.push(Line::from(spans));
    }
    (out, hidden)
}
