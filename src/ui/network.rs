//! The coordinator's screen (`ayni network PATH...`): the network's
//! associations against their indicators, read-only.
//!
//! One row per association (the network's consolidated figures last): its
//! members, its portfolio, the value of the indicator chosen with ← →, and
//! the status mark of every indicator in order (the chosen one underlined).
//! `s` sorts by the chosen indicator (worst first, then best first, then by
//! name again); Enter opens one association's detail: every indicator with
//! its value, target and last month's value, its members and portfolio.
//! Esc goes back; `q` quits. Nothing here writes anything.

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState};

use super::UiError;
use super::theme::Theme;
use crate::domain::glyphs::Mark;
use crate::i18n::{Lang, Msg};
use crate::report::indicators::{Indicator, Status, percent};
use crate::report::network::NetworkReport;

/// How the rows are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// By name (as the registry, then the packages, list them).
    Name,
    /// By the chosen indicator, the worst status first.
    Worst,
    /// By the chosen indicator, the best status first.
    Best,
}

/// The coordinator's screen.
pub struct NetworkScreen {
    pub report: NetworkReport,
    pub lang: Lang,
    pub theme: Theme,
    pub ascii: bool,
    /// The selected row, in the order shown.
    pub selected: usize,
    /// The chosen indicator (an index into [`NetworkScreen::ids`]).
    pub column: usize,
    pub sort: Sort,
    /// The association whose detail is open (an index into the report's list).
    pub detail: Option<usize>,
    /// The indicator selected in the detail (it scrolls the list).
    pub detail_row: usize,
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Bad => 0,
        Status::Warn => 1,
        Status::Ok => 2,
        Status::Na => 3,
    }
}

impl NetworkScreen {
    pub fn new(report: NetworkReport, lang: Lang, theme: Theme, ascii: bool) -> NetworkScreen {
        NetworkScreen {
            report,
            lang,
            theme,
            ascii,
            selected: 0,
            column: 0,
            sort: Sort::Name,
            detail: None,
            detail_row: 0,
        }
    }

    /// The indicators shown as columns: the network's, without the
    /// morosidad by kind of credit (in the detail).
    pub fn ids(&self) -> Vec<&str> {
        self.report
            .network
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .filter(|id| !id.starts_with("MOR-"))
            .collect()
    }

    fn chosen(&self) -> String {
        self.ids()
            .get(self.column)
            .map(|s| s.to_string())
            .unwrap_or_default()
    }

    /// The associations in the order shown (indices into the report's list).
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.report.associations.len()).collect();
        if self.sort == Sort::Name {
            return order;
        }
        let id = self.chosen();
        // The status, then how far the value is outside its target.
        let key = |i: &usize| {
            let a = &self.report.associations[*i];
            let ind = a.indicators.iter().find(|x| x.id == id);
            let status = ind.map_or(Status::Na, |x| x.status);
            let off = match (ind.and_then(|x| x.value), ind.and_then(|x| x.norm)) {
                (Some(v), Some(n)) => {
                    let below = n.ok.min.map_or(rust_decimal::Decimal::ZERO, |m| m - v);
                    let above = n.ok.max.map_or(rust_decimal::Decimal::ZERO, |m| v - m);
                    below.max(above).max(rust_decimal::Decimal::ZERO)
                }
                _ => rust_decimal::Decimal::ZERO,
            };
            (rank(status), off)
        };
        order.sort_by(|a, b| {
            let (ra, oa) = key(a);
            let (rb, ob) = key(b);
            // Not available always last.
            let na = (ra == 3).cmp(&(rb == 3));
            let worst_first = ra.cmp(&rb).then(ob.cmp(&oa));
            match self.sort {
                Sort::Best => na.then(worst_first.reverse()),
                _ => na.then(worst_first),
            }
        });
        order
    }

    /// Handles a key; true when the screen is to close.
    pub fn key(&mut self, k: KeyEvent) -> bool {
        if k.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c || k.code == KeyCode::Char('q') {
            return true;
        }
        if let Some(i) = self.detail {
            let n = self
                .report
                .associations
                .get(i)
                .map_or(0, |a| a.indicators.len());
            match k.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace => self.detail = None,
                KeyCode::Down => self.detail_row = (self.detail_row + 1).min(n.saturating_sub(1)),
                KeyCode::Up => self.detail_row = self.detail_row.saturating_sub(1),
                _ => {}
            }
            return false;
        }
        let rows = self.report.associations.len();
        let cols = self.ids().len();
        match k.code {
            KeyCode::Esc => return true,
            KeyCode::Down => self.selected = (self.selected + 1).min(rows.saturating_sub(1)),
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = rows.saturating_sub(1),
            KeyCode::Right if cols > 0 => self.column = (self.column + 1) % cols,
            KeyCode::Left if cols > 0 => self.column = (self.column + cols - 1) % cols,
            KeyCode::Char('s') => {
                self.sort = match self.sort {
                    Sort::Name => Sort::Worst,
                    Sort::Worst => Sort::Best,
                    Sort::Best => Sort::Name,
                };
                self.selected = 0;
            }
            KeyCode::Enter => {
                self.detail = self.order().get(self.selected).copied();
                self.detail_row = 0;
            }
            _ => {}
        }
        false
    }

    /// A status's colour, beside its mark (never instead of it).
    fn status_style(&self, s: Status) -> Style {
        match s {
            Status::Ok => self.theme.ok,
            Status::Warn => self.theme.warning,
            Status::Bad => self.theme.error,
            Status::Na => self.theme.muted,
        }
    }

    fn marks_line(&self, list: &[Indicator]) -> Line<'static> {
        let chosen = self.chosen();
        let spans: Vec<Span> = self
            .ids()
            .iter()
            .map(|id| {
                let s = list
                    .iter()
                    .find(|x| x.id == *id)
                    .map_or(Status::Na, |x| x.status);
                let style = self.status_style(s);
                let style = if *id == chosen {
                    style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
                } else {
                    style
                };
                Span::styled(s.mark().to_string(), style)
            })
            .collect();
        Line::from(spans)
    }

    /// Draws the screen (ASCII when asked).
    pub fn render(&self, f: &mut Frame) {
        let area = f.area();
        f.render_widget(Block::default().style(self.theme.base), area);
        match self.detail {
            Some(i) => self.render_detail(f, area, i),
            None => self.render_list(f, area),
        }
        if self.ascii {
            super::screens::to_ascii(f.buffer_mut(), area);
        }
    }

    fn title(&self) -> Line<'static> {
        let r = &self.report;
        Line::from(vec![
            Span::styled(
                format!(" {} — {} · ", r.letterhead.name, r.month.name(self.lang)),
                self.theme.title,
            ),
            Span::styled(
                Msg::UiNetSent.fill(
                    self.lang,
                    &[
                        ("n", &r.network.associations),
                        ("of", &r.associations.len()),
                    ],
                ),
                self.theme.muted,
            ),
        ])
    }

    fn render_list(&self, f: &mut Frame, area: Rect) {
        let lang = self.lang;
        let [head, chosen, body, notes, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(3),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(Paragraph::new(self.title()), head);
        let id = self.chosen();
        let ind = self.report.network.indicators.iter().find(|i| i.id == id);
        let sort = match self.sort {
            Sort::Name => Msg::UiNetSortName,
            Sort::Worst => Msg::UiNetSortWorst,
            Sort::Best => Msg::UiNetSortBest,
        };
        let line = match ind {
            Some(i) => Msg::UiNetChosen.fill(
                lang,
                &[
                    ("id", &i.id),
                    ("name", &i.name),
                    (
                        "target",
                        &i.norm.map(|n| n.ok.localized(lang)).unwrap_or_default(),
                    ),
                    ("sort", &sort.t(lang)),
                ],
            ),
            None => String::new(),
        };
        f.render_widget(
            Paragraph::new(Line::styled(format!(" {line}"), self.theme.info)),
            chosen,
        );

        let n_ids = self.ids().len() as u16;
        let header = Row::new(vec![
            Msg::NetColName.t(lang).to_string(),
            Msg::NetColMembers.t(lang).to_string(),
            Msg::NetColPortfolio.t(lang).to_string(),
            id.clone(),
            Msg::NetColMarks.t(lang).to_string(),
        ])
        .style(self.theme.header);
        let value_of = |list: &[Indicator]| {
            list.iter()
                .find(|x| x.id == id)
                .map(|x| percent(x.value, lang))
                .unwrap_or_default()
        };
        let mut rows: Vec<Row> = Vec::new();
        for i in self.order() {
            let a = &self.report.associations[i];
            let (members, portfolio) = match &a.content {
                Some(c) => (
                    c.members.active.to_string(),
                    c.portfolio.outstanding.localized(lang),
                ),
                None => (String::new(), Msg::NetNotSent.t(lang).to_string()),
            };
            rows.push(Row::new(vec![
                ratatui::text::Text::from(a.name.clone()),
                ratatui::text::Text::from(Line::from(members).right_aligned()),
                ratatui::text::Text::from(Line::from(portfolio).right_aligned()),
                ratatui::text::Text::from(Line::from(value_of(&a.indicators)).right_aligned()),
                ratatui::text::Text::from(self.marks_line(&a.indicators)),
            ]));
        }
        let net = &self.report.network;
        rows.push(
            Row::new(vec![
                ratatui::text::Text::from(Msg::UiNetTotal.t(lang).to_string()),
                ratatui::text::Text::from(
                    Line::from(net.members.active.to_string()).right_aligned(),
                ),
                ratatui::text::Text::from(
                    Line::from(net.portfolio.outstanding.localized(lang)).right_aligned(),
                ),
                ratatui::text::Text::from(Line::from(value_of(&net.indicators)).right_aligned()),
                ratatui::text::Text::from(self.marks_line(&net.indicators)),
            ])
            .style(Style::default().add_modifier(Modifier::BOLD)),
        );
        let table = Table::new(
            rows,
            [
                Constraint::Min(12),
                Constraint::Length(7),
                Constraint::Length(12),
                Constraint::Length(9),
                Constraint::Length(n_ids.max(11)),
            ],
        )
        .header(header)
        .row_highlight_style(self.theme.selected)
        .highlight_symbol(format!("{} ", Mark::Selected.text(false)))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(self.theme.border_focus)
                .title(Span::styled(
                    format!(" {} ", Msg::NetAssociations.t(lang)),
                    self.theme.title,
                )),
        );
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, body, &mut state);

        let mut note = Vec::new();
        let ids = self.ids().join(" ");
        note.push(Line::styled(
            format!(" {}", Msg::UiNetLegend.fill(lang, &[("ids", &ids)])),
            self.theme.muted,
        ));
        let missing: Vec<String> = self
            .report
            .missing
            .iter()
            .map(|(_, name, months)| format!("{name} ({})", months.len()))
            .collect();
        let refused = self.report.refused.len();
        let mut warn = String::new();
        if !missing.is_empty() {
            warn.push_str(&Msg::UiNetMissing.fill(lang, &[("list", &missing.join(", "))]));
        }
        if refused > 0 {
            if !warn.is_empty() {
                warn.push_str(" · ");
            }
            let files: Vec<String> = self
                .report
                .refused
                .iter()
                .map(|r| {
                    std::path::Path::new(&r.file)
                        .file_name()
                        .map_or(r.file.clone(), |n| n.to_string_lossy().into_owned())
                })
                .collect();
            warn.push_str(
                &Msg::UiNetRefused.fill(lang, &[("n", &refused), ("files", &files.join(", "))]),
            );
        }
        if !warn.is_empty() {
            note.push(Line::styled(
                format!(" {} {warn}", Mark::Warn.text(false)),
                self.theme.warning,
            ));
        }
        f.render_widget(
            Paragraph::new(note).wrap(ratatui::widgets::Wrap { trim: false }),
            notes,
        );
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", Msg::UiNetKeys.t(lang)),
                self.theme.key_hint,
            )),
            foot,
        );
    }

    fn render_detail(&self, f: &mut Frame, area: Rect, i: usize) {
        let lang = self.lang;
        let Some(a) = self.report.associations.get(i) else {
            return;
        };
        let [head, facts, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Min(4),
            Constraint::Length(1),
        ])
        .areas(area);
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {} · {} · {} {}", a.name, a.ruc, a.canton, a.province),
                self.theme.title,
            )),
            head,
        );
        let sent: Vec<String> = a.months.iter().map(|m| m.to_string()).collect();
        let mut lines = vec![Line::from(format!(
            " {}: {}",
            Msg::UiNetMonthsSent.t(lang),
            if sent.is_empty() {
                "—".to_string()
            } else {
                sent.join(", ")
            }
        ))];
        match &a.content {
            Some(c) => {
                let g = |k: &str| c.members.by_gender.get(k).copied().unwrap_or(0);
                lines.push(Line::from(format!(
                    " {}: {}",
                    Msg::NetMembersActive.t(lang),
                    Msg::NetMembersByGender.fill(
                        lang,
                        &[
                            ("n", &c.members.active),
                            ("f", &g("F")),
                            ("m", &g("M")),
                            ("o", &g("O")),
                        ],
                    )
                )));
                lines.push(Line::from(format!(
                    " {}: {}",
                    Msg::NetColPortfolio.t(lang),
                    Msg::NetPortfolioLine.fill(
                        lang,
                        &[
                            ("amount", &c.portfolio.outstanding.localized(lang)),
                            ("loans", &c.portfolio.loans),
                            (
                                "women",
                                &percent(
                                    crate::report::indicators::ratio(
                                        c.portfolio.outstanding_to_women,
                                        c.portfolio.outstanding,
                                    ),
                                    lang,
                                ),
                            ),
                        ],
                    )
                )));
            }
            None => lines.push(Line::styled(
                format!(
                    " {} {}",
                    Mark::Warn.text(false),
                    Msg::UiNetNotSentMonth.fill(lang, &[("month", &self.report.month.name(lang))])
                ),
                self.theme.warning,
            )),
        }
        f.render_widget(Paragraph::new(lines), facts);

        let previous = a.trend.last();
        let header = Row::new(vec![
            String::new(),
            Msg::IndColId.t(lang).to_string(),
            Msg::IndColName.t(lang).to_string(),
            Msg::IndColValue.t(lang).to_string(),
            Msg::IndColTarget.t(lang).to_string(),
            previous
                .map(|(m, _)| crate::report::render::month_short(*m, lang))
                .unwrap_or_default(),
        ])
        .style(self.theme.header);
        let rows: Vec<Row> = a
            .indicators
            .iter()
            .map(|x| {
                let before = previous
                    .and_then(|(_, v)| v.get(&x.id).cloned().flatten())
                    .and_then(|s| s.parse::<rust_decimal::Decimal>().ok());
                let style = self.status_style(x.status);
                Row::new(vec![
                    ratatui::text::Text::from(Span::styled(x.status.mark(), style)),
                    ratatui::text::Text::from(x.id.clone()),
                    ratatui::text::Text::from(x.name.clone()),
                    ratatui::text::Text::from(Line::from(percent(x.value, lang)).right_aligned()),
                    ratatui::text::Text::from(
                        x.norm.map(|n| n.ok.localized(lang)).unwrap_or_default(),
                    ),
                    ratatui::text::Text::from(
                        Line::from(before.map(|v| percent(Some(v), lang)).unwrap_or_default())
                            .right_aligned(),
                    ),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(1),
                Constraint::Length(8),
                Constraint::Min(16),
                Constraint::Length(9),
                Constraint::Length(8),
                Constraint::Length(9),
            ],
        )
        .header(header)
        .row_highlight_style(self.theme.selected)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(self.theme.border_focus)
                .title(Span::styled(
                    format!(" {} ", Msg::RepIndicators.t(lang)),
                    self.theme.title,
                )),
        );
        let mut state = TableState::default().with_selected(Some(self.detail_row));
        f.render_stateful_widget(table, body, &mut state);
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {}", Msg::UiNetDetailKeys.t(lang)),
                self.theme.key_hint,
            )),
            foot,
        );
    }
}

/// What `ayni network PATH...` needs besides the report.
pub struct NetworkOptions {
    pub lang: Lang,
    pub theme: String,
    pub config_dir: Option<std::path::PathBuf>,
    pub ascii: bool,
}

/// Runs the coordinator's screen until the user quits. The terminal is
/// given back whatever happens (a panic, a signal, the window closed).
pub fn run_network(opts: NetworkOptions, report: NetworkReport) -> Result<(), UiError> {
    let (theme, _) = Theme::load_or_default(Some(&opts.theme), opts.config_dir.as_deref());
    let mut screen = NetworkScreen::new(report, opts.lang, theme, opts.ascii);
    let guard = super::TerminalGuard::begin()?;
    let result = (|| -> Result<(), UiError> {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        loop {
            if guard.stopping() {
                return Ok(());
            }
            terminal.draw(|f| screen.render(f))?;
            if !event::poll(Duration::from_millis(250))? {
                continue;
            }
            if let Event::Key(k) = event::read()?
                && screen.key(k)
            {
                return Ok(());
            }
        }
    })();
    guard.end(|| {});
    result
}
