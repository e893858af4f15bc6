//! A manual journal entry: date, description, lines with an account picker;
//! the review shows the entry that will post before it is confirmed.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{amount, block, error_text, field_label, fit, inner_w, sel_mark, spaced, styled};
use crate::books::{Book, BookError};
use crate::domain::date::format_date;
use crate::domain::entry::{EntryDraft, EntryKind, Posting, Side};
use crate::domain::input;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::i18n::{Lang, Msg, fill};
use crate::ui::app::Screen;
use crate::ui::keymap::Action;
use crate::ui::screen::{Ctx, Effect, ViewCtx};
use crate::ui::screen::{Outsized, OutsizedNext, outsized};
use crate::ui::widgets::text_input::Input;
use crate::ui::widgets::text_input::TextInput;

/// One line of the entry form.
#[derive(Clone, Debug, Default)]
pub struct LineInput {
    account: Input,
    debit: Input,
    credit: Input,
    member: Input,
    /// The name of the account typed, as the book has it.
    account_name: String,
}

/// The manual entry form.
#[derive(Clone, Debug)]
pub struct EntryForm {
    date: Input,
    description: Input,
    reference: Input,
    lines: Vec<LineInput>,
    /// 0 date, 1 description, 2 reference, then 4 fields per line.
    focus: usize,
    /// Every account that matches the focused account field (by code or
    /// by name, accents and case ignored), and the chosen one; the picker
    /// shows [`PICK_ROWS`] of them at a time around the chosen one.
    suggestions: Vec<(String, String)>,
    suggestion: usize,
    /// The reviewed draft, waiting for confirmation.
    pub review: Option<EntryDraft>,
    /// The names of the review's accounts, line by line.
    review_names: Vec<String>,
    error: Option<String>,
    /// What the fields held when the form opened ([`EntryForm::changed`]).
    opened: Vec<String>,
}

/// Accounts the picker shows at a time; ↑↓ and PgUp/PgDn reach the others.
pub const PICK_ROWS: usize = 6;

impl EntryForm {
    /// Opens a new entry's form in `slot`.
    pub fn open_in(slot: &mut Option<EntryForm>, ctx: &mut Ctx) -> Effect {
        *slot = Some(EntryForm::open(ctx.book));
        Effect::Show(Screen::EntryForm)
    }

    /// An empty form dated today.
    pub fn open(book: &Book) -> EntryForm {
        let today = book.today();
        let mut form = EntryForm {
            date: Input::new(&today.to_string()),
            description: Input {
                value: TextInput::new().with_max(crate::domain::entry::DESCRIPTION_MAX),
                error: None,
            },
            reference: Input {
                value: TextInput::new().with_max(crate::domain::entry::REFERENCE_MAX),
                error: None,
            },
            lines: vec![LineInput::default(), LineInput::default()],
            focus: 1,
            suggestions: Vec::new(),
            suggestion: 0,
            review: None,
            review_names: Vec::new(),
            error: None,
            opened: Vec::new(),
        };
        form.opened = form.held();
        form
    }

    /// What the fields hold now (and how many lines there are).
    fn held(&self) -> Vec<String> {
        let mut held = super::typed(
            [&self.date, &self.description, &self.reference]
                .into_iter()
                .chain(
                    self.lines
                        .iter()
                        .flat_map(|l| [&l.account, &l.debit, &l.credit, &l.member]),
                ),
        );
        held.push(self.lines.len().to_string());
        held
    }

    /// Whether anything was typed (or a line added or removed) since the
    /// form opened: Esc then asks before throwing it away.
    pub fn changed(&self) -> bool {
        self.held() != self.opened
    }

    /// What line `line` has in its account field, as typed or chosen.
    pub fn account_typed(&self, line: usize) -> Option<&str> {
        self.lines.get(line).map(|l| l.account.value.as_str())
    }

    /// The draft to confirm, with its accounts' names.
    pub fn reviewed(&mut self, draft: EntryDraft, book: &Book, lang: Lang) {
        self.review_names = draft
            .postings()
            .iter()
            .map(|p| {
                book.account(&p.account)
                    .map(|a| a.display_name(lang).to_string())
                    .unwrap_or_default()
            })
            .collect();
        self.review = Some(draft);
        self.error = None;
    }

    /// Field count of the entry form.
    fn entry_fields(f: &EntryForm) -> usize {
        3 + f.lines.len() * 4
    }

    /// The focused input of the entry form.
    pub fn entry_input(f: &mut EntryForm) -> &mut Input {
        match f.focus {
            0 => &mut f.date,
            1 => &mut f.description,
            2 => &mut f.reference,
            n => {
                let line = &mut f.lines[(n - 3) / 4];
                match (n - 3) % 4 {
                    0 => &mut line.account,
                    1 => &mut line.debit,
                    2 => &mut line.credit,
                    _ => &mut line.member,
                }
            }
        }
    }

    fn is_account_field(f: &EntryForm) -> bool {
        f.focus >= 3 && (f.focus - 3) % 4 == 0
    }

    /// A key on the form: move, type (checked as typed), review, post.
    pub fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let lang = ctx.lang;
        let f = self;
        if let Some(draft) = f.review.clone() {
            match action {
                Action::NextField | Action::Submit | Action::Yes | Action::Open => {
                    match ctx.book.post(draft) {
                        Ok(e) => {
                            return Effect::say(fill(Msg::UiPosted.t(lang), &[("n", &e.id)]))
                                .then(Effect::Journal(Month::of(e.date)));
                        }
                        Err(e) => {
                            f.review = None;
                            f.error = Some(e.message(lang));
                        }
                    }
                }
                _ => f.review = None,
            }
            return Effect::None;
        }
        let book = &*ctx.book;
        let n = Self::entry_fields(f);
        match action {
            Action::Back if f.changed() => return Effect::AskDiscard,
            Action::Back | Action::Discard => return Effect::Main,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown
                if Self::is_account_field(f) && !f.suggestions.is_empty() =>
            {
                f.suggestion = super::moved(f.suggestion, f.suggestions.len(), action, PICK_ROWS);
                return Effect::None;
            }
            Action::NextField | Action::Down => {
                if Self::is_account_field(f)
                    && let Some((code, _)) = f.suggestions.get(f.suggestion).cloned()
                {
                    Self::entry_input(f).value.set(&code);
                }
                f.focus = (f.focus + 1) % n;
            }
            Action::PrevField | Action::Up => f.focus = (f.focus + n - 1) % n,
            a if a.moves_cursor() => {
                let _ = a.apply_to(&mut Self::entry_input(f).value);
                return Effect::None;
            }
            a if a.edit().is_some() => {
                if let Some(Err(r)) = a.apply_to(&mut Self::entry_input(f).value) {
                    return Effect::error(r.message(lang));
                }
            }
            Action::AddLine => {
                f.lines.push(LineInput::default());
                f.focus = 3 + (f.lines.len() - 1) * 4;
            }
            Action::RemoveLine if f.focus >= 3 && f.lines.len() > 2 => {
                let i = (f.focus - 3) / 4;
                f.lines.remove(i);
                f.focus = 3 + i.min(f.lines.len() - 1) * 4;
            }
            Action::Submit => {
                match Self::build_draft(book, f, lang) {
                    Ok(d) => match book.validate_draft(&d) {
                        Ok(()) => {
                            f.error = None;
                            match outsized(book, d.total()) {
                                Ok(Some((amount, assets))) => {
                                    return Effect::Ask(Box::new(Outsized {
                                        amount,
                                        assets,
                                        then: OutsizedNext::Entry(d),
                                    }));
                                }
                                Ok(None) => f.reviewed(d, book, lang),
                                Err(e) => f.error = Some(e.message(lang)),
                            }
                        }
                        Err(e) => f.error = Some(e.message(lang)),
                    },
                    Err(msg) => f.error = Some(msg),
                }
                return Effect::None;
            }
            _ => {}
        }
        // Suggestions for the account field, and live checks of what was typed.
        f.suggestions.clear();
        if Self::is_account_field(f) {
            // "utiles" finds "Útiles", "45" every account under 45.
            let q = crate::report::dues::fold(Self::entry_input(f).value.trim());
            f.suggestions = book
                .chart()
                .iter()
                .filter(|a| book.is_postable(&a.code))
                .filter(|a| {
                    q.is_empty()
                        || a.code.starts_with(&q)
                        || crate::report::dues::fold(a.display_name(lang)).contains(&q)
                })
                .map(|a| (a.code.clone(), a.display_name(lang).to_string()))
                .collect();
            f.suggestion = 0;
        }
        f.date.error = input::date(&f.date.value).err().map(|e| e.message(lang));
        for l in &mut f.lines {
            for inp in [&mut l.debit, &mut l.credit] {
                inp.error = if inp.value.trim().is_empty() {
                    None
                } else {
                    input::amount(&inp.value).err().map(|e| e.message(lang))
                };
            }
            let code = l.account.value.trim();
            l.account_name = book
                .account(code)
                .map(|a| a.display_name(lang).to_string())
                .unwrap_or_default();
            l.account.error = if code.is_empty() {
                None
            } else if book.account(code).is_none() {
                Some(BookError::UnknownAccount(code.to_string()).message(lang))
            } else if !book.is_postable(code) {
                Some(BookError::NotPostable(code.to_string()).message(lang))
            } else {
                None
            };
        }
        f.error = None;
        Effect::None
    }

    /// Reads the form into a balanced draft, or says what is wrong.
    fn build_draft(book: &Book, f: &EntryForm, lang: Lang) -> Result<EntryDraft, String> {
        let date: NaiveDate = input::date(&f.date.value).map_err(|e| e.message(lang))?;
        let mut postings = Vec::new();
        for (i, l) in f.lines.iter().enumerate() {
            let code = l.account.value.trim();
            if code.is_empty()
                && l.debit.value.trim().is_empty()
                && l.credit.value.trim().is_empty()
            {
                continue;
            }
            let line = i + 1;
            let (side, text) = match (
                l.debit.value.trim().is_empty(),
                l.credit.value.trim().is_empty(),
            ) {
                (false, true) => (Side::Debit, &l.debit.value),
                (true, false) => (Side::Credit, &l.credit.value),
                _ => {
                    return Err(Msg::UiLineOneSide.fill(lang, &[("line", &line)]));
                }
            };
            let amount = input::amount(text).map_err(|e| {
                Msg::UiLineError.fill(lang, &[("line", &line), ("error", &e.message(lang))])
            })?;
            let mut p = Posting {
                account: code.to_string(),
                side,
                amount,
                member: None,
            };
            if !l.member.value.trim().is_empty() {
                let mm = book
                    .find_member(&l.member.value)
                    .map_err(|e| e.message(lang))?;
                p.member = Some(mm.id);
            }
            postings.push(p);
        }
        EntryDraft::new(
            date,
            &f.description.value,
            &f.reference.value,
            EntryKind::Manual,
            postings,
        )
        .map_err(|e| e.message(lang))
    }
}

// ---- Drawing
fn field<'a>(app: &ViewCtx, input: &Input, focus: bool, w: usize) -> Span<'a> {
    let style = super::field_style(app, input, focus, false);
    Span::styled(fit(&input.value.view(focus, w), w), style)
}

impl EntryForm {
    /// Draws the form, or the entry it will post.
    pub fn render(&self, app: &ViewCtx, f: &mut Frame, area: Rect) {
        let form = self;
        let lang = app.lang;
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
            for (i, p) in d.postings().iter().enumerate() {
                let name = form.review_names.get(i).cloned().unwrap_or_default();
                let indent = if p.side == Side::Credit { "   " } else { "" };
                let (dr, cr) = super::posting_sides(app, p, 13);
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
        // The focused field's row, kept on screen when the lines do not fit.
        let mut focus_row = form.focus.min(2);
        for (li, l) in form.lines.iter().enumerate() {
            let base = 3 + li * 4;
            let name = &l.account_name;
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
            if (base..base + 4).contains(&form.focus) {
                focus_row = lines.len() - 1;
            }
            for inp in [&l.account, &l.debit, &l.credit] {
                if let Some(e) = &inp.error {
                    lines.push(styled(format!("  {}", error_text(e)), app.theme.error));
                }
            }
        }
        let diff = dsum - csum;
        let said = if diff.is_zero() && dsum.is_positive() {
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
        };
        let mut total = vec![
            Span::styled(fit(app.t(Msg::UiTotal), 8 + name_w + 1), app.theme.header),
            amount(app, dsum, 12),
            Span::raw(" "),
            amount(app, csum, 12),
        ];
        let used: usize = total.iter().map(|s| s.width()).sum();
        if used + 2 + said.width() <= w {
            total.push(Span::raw("  "));
            total.push(said);
            lines.push(Line::from(total));
        } else {
            // A large difference goes under the totals rather than past the edge.
            lines.push(Line::from(total));
            let pad = w.saturating_sub(said.width());
            lines.push(Line::from(vec![Span::raw(" ".repeat(pad)), said]));
        }
        if let Some(e) = &form.error {
            // Wrapped: a refusal says the account, the day and the balance available.
            for l in super::exercises::wrap(&error_text(e), w, 2) {
                lines.push(styled(l, app.theme.error));
            }
        }
        let mut keep_to = focus_row;
        if let Some(row) = suggestion_row
            && !form.suggestions.is_empty()
        {
            let sug = self.picker(app);
            let at = row.min(lines.len());
            keep_to = at + sug.len() - 1;
            for (k, l) in sug.into_iter().enumerate() {
                lines.insert(at + k, l);
            }
        }
        // The focused line (and its picker) always on screen; the refusal
        // under the total too when there is room for both.
        let room = area.height.saturating_sub(2) as usize;
        let last = lines.len().saturating_sub(1);
        if form.error.is_some() && last + 1 - focus_row.min(last) <= room.saturating_sub(2) {
            keep_to = keep_to.max(last);
        }
        let lines = super::scrolled(app, lines, room, focus_row..=keep_to);
        f.render_widget(
            Paragraph::new(lines).block(block(app, app.t(Msg::UiNewEntry), true)),
            area,
        );
    }

    /// The account picker under the focused account field: a hint, then
    /// [`PICK_ROWS`] of the matching accounts around the chosen one, with
    /// a mark when there are more above or below.
    fn picker<'a>(&self, app: &ViewCtx) -> Vec<Line<'a>> {
        let mut sug = vec![styled(
            format!("  {}", app.t(Msg::UiPickAccount)),
            app.theme.muted,
        )];
        let len = self.suggestions.len();
        let shown = super::window(self.suggestion, len, PICK_ROWS);
        let more = |m: Msg| styled(format!("    {}", m.t(app.lang)), app.theme.muted);
        if shown.start > 0 {
            sug.push(more(Msg::UiMoreAbove));
        }
        for i in shown.clone() {
            let Some((code, name)) = self.suggestions.get(i) else {
                continue;
            };
            let style = if i == self.suggestion {
                app.theme.selected
            } else {
                app.theme.info
            };
            sug.push(styled(
                format!("  {}{code} {name}", sel_mark(i == self.suggestion)),
                style,
            ));
        }
        if shown.end < len {
            sug.push(more(Msg::UiMoreBelow));
        }
        sug
    }
}
