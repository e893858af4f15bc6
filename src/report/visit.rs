//! The receipt a member takes home from the counter, as plain text for a
//! thermal printer (32 columns: it fits both 58 mm and 80 mm rolls).

use crate::domain::date::format_date;
use crate::domain::dues::Receipt;
use crate::domain::money::Money;
use crate::domain::settings::Settings;
use crate::domain::visit::Visit;
use crate::i18n::{Lang, Msg};
use crate::report::dues::{DuesNames, month_text, receipt_number};
use crate::report::format::printable;

/// The roll's width in characters.
pub const WIDTH: usize = 32;

/// `text` cut into lines of at most `w` characters at spaces (a word longer
/// than `w` is cut).
fn wrapped(text: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > w {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(w).collect();
            word = word.chars().skip(w).collect();
            out.push(head);
        }
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// A label and an amount on one line (the label wrapped above when long).
fn money_row(out: &mut String, label: &str, m: Money, lang: Lang) {
    let amount = m.localized(lang);
    let room = WIDTH.saturating_sub(amount.chars().count() + 1).max(8);
    // A label's leading spaces (a part under its heading) stay.
    let indent = label.chars().take_while(|c| *c == ' ').count();
    let mut lines: Vec<String> = wrapped(&printable(label), room.saturating_sub(indent))
        .into_iter()
        .map(|l| format!("{}{l}", " ".repeat(indent)))
        .collect();
    let last = lines.pop().unwrap_or_default();
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    let pad = WIDTH.saturating_sub(last.chars().count() + amount.chars().count());
    out.push_str(&last);
    out.push_str(&" ".repeat(pad.max(1)));
    out.push_str(&amount);
    out.push('\n');
}

fn text_row(out: &mut String, text: &str) {
    for l in wrapped(&printable(text), WIDTH) {
        out.push_str(&l);
        out.push('\n');
    }
}

/// The receipt's head: the association, its RUC, the number (and VOID),
/// the date and the member.
#[allow(clippy::too_many_arguments)]
fn head(
    out: &mut String,
    number: u64,
    date: chrono::NaiveDate,
    member: u32,
    void: bool,
    settings: &Settings,
    names: &DuesNames,
    lang: Lang,
) {
    let rule = "-".repeat(WIDTH);
    text_row(out, settings.name.trim());
    if let Some(ruc) = settings.ruc.as_deref().filter(|r| !r.trim().is_empty()) {
        text_row(out, &format!("RUC {ruc}"));
    }
    out.push_str(&rule);
    out.push('\n');
    let mut title = Msg::RepReceiptNo.fill(lang, &[("number", &receipt_number(number))]);
    if void {
        title.push_str(" — ");
        title.push_str(Msg::UiCobroReversed.t(lang));
    }
    text_row(out, &title);
    text_row(
        out,
        &format!("{}: {}", Msg::RepDate.t(lang), format_date(date, lang)),
    );
    let who = match names.member(member) {
        Some(m) => format!("{} · {} (#{})", m.full_name(), m.id_number, m.id),
        None => format!("#{member}"),
    };
    text_row(out, &format!("{}: {who}", Msg::RepMember.t(lang)));
    out.push_str(&rule);
    out.push('\n');
}

/// The months and charges a dues receipt paid.
fn dues_rows(out: &mut String, r: &Receipt, names: &DuesNames, lang: Lang) {
    for l in &r.lines {
        let label = format!(
            "{} {}",
            month_text(l.month, lang),
            names.type_name(l.charge_type)
        );
        money_row(out, &label, l.amount, lang);
    }
}

/// The total between two rules.
fn total_rows(out: &mut String, total: Money, lang: Lang) {
    let rule = "-".repeat(WIDTH);
    out.push_str(&rule);
    out.push('\n');
    money_row(out, "TOTAL", total, lang);
    out.push_str(&rule);
    out.push('\n');
}

/// The signature line, with the treasurer's name when the book has it.
fn signature(out: &mut String, settings: &Settings, lang: Lang) {
    out.push_str("\n\n");
    out.push_str(&"_".repeat(WIDTH - 8));
    out.push('\n');
    let treasurer = settings.treasurer.trim();
    if treasurer.is_empty() {
        text_row(out, Msg::RepVisitTreasurer.t(lang));
    } else {
        text_row(
            out,
            &format!("{} — {}", treasurer, Msg::RepVisitTreasurer.t(lang)),
        );
    }
}

/// A dues receipt recorded outside the counter, on the same roll.
pub fn dues_receipt_text(
    r: &Receipt,
    settings: &Settings,
    names: &DuesNames,
    lang: Lang,
) -> String {
    let mut out = String::new();
    head(
        &mut out,
        r.number,
        r.date,
        r.member,
        r.reversed_by.is_some(),
        settings,
        names,
        lang,
    );
    dues_rows(&mut out, r, names, lang);
    total_rows(&mut out, r.total, lang);
    signature(&mut out, settings, lang);
    out
}

/// The receipt of visit `v` (`dues`: its dues receipt, for the months paid).
pub fn receipt_text(
    v: &Visit,
    dues: Option<&Receipt>,
    settings: &Settings,
    names: &DuesNames,
    lang: Lang,
) -> String {
    let mut out = String::new();
    head(
        &mut out,
        v.number,
        v.date,
        v.member,
        v.voided.is_some(),
        settings,
        names,
        lang,
    );
    if let Some(r) = dues {
        dues_rows(&mut out, r, names, lang);
    } else if let Some(d) = &v.dues {
        money_row(&mut out, Msg::UiVisitDues.t(lang), d.amount, lang);
    }
    if let Some(l) = &v.loan {
        let head = Msg::RepVisitLoan.fill(lang, &[("n", &l.loan)]);
        money_row(&mut out, &head, l.amount, lang);
        for (label, m) in [
            (Msg::RepVisitPrincipal, l.principal + l.prepaid),
            (Msg::RepVisitInterest, l.interest),
            (Msg::RepVisitLate, l.late),
        ] {
            if m.is_positive() {
                money_row(&mut out, &format!("  {}", label.t(lang)), m, lang);
            }
        }
    }
    if let Some(s) = &v.savings {
        money_row(&mut out, Msg::UiVisitDeposit.t(lang), s.amount, lang);
    }
    total_rows(&mut out, v.total, lang);
    let a = &v.after;
    money_row(&mut out, Msg::UiVisitStillOwed.t(lang), a.dues_owed, lang);
    if let Some(b) = a.loan_balance {
        money_row(&mut out, Msg::UiVisitLoanLeft.t(lang), b, lang);
    }
    if let Some(d) = a.next_due {
        let label = Msg::UiVisitNext.fill(lang, &[("date", &format_date(d, lang))]);
        money_row(&mut out, &label, a.next_amount, lang);
    }
    money_row(&mut out, Msg::UiVisitSavingsHeld.t(lang), a.savings, lang);
    if let Some(void) = &v.voided {
        out.push_str(&"-".repeat(WIDTH));
        out.push('\n');
        text_row(
            &mut out,
            &Msg::RepVisitVoided.fill(
                lang,
                &[
                    ("date", &format_date(void.date, lang)),
                    ("reason", &void.reason),
                ],
            ),
        );
    }
    signature(&mut out, settings, lang);
    out
}

/// The receipt numbered `number` as the member takes it home: a visit's,
/// or a dues receipt recorded elsewhere (`None`: no receipt has it).
pub fn slip(
    book: &crate::books::Book,
    number: u64,
    lang: Lang,
) -> Result<Option<String>, crate::books::BookError> {
    Ok(slips_of(book, &[number], lang)?.pop())
}

/// Every receipt of `day`, in number order, as the members take them home.
pub fn day_slips(
    book: &crate::books::Book,
    day: chrono::NaiveDate,
    lang: Lang,
) -> Result<Vec<String>, crate::books::BookError> {
    let mut numbers: Vec<u64> = book.visits_of_day(day)?.iter().map(|v| v.number).collect();
    numbers.extend(book.receipts_of_day(day)?.iter().map(|r| r.number));
    numbers.sort_unstable();
    numbers.dedup();
    slips_of(book, &numbers, lang)
}

/// The receipts numbered `numbers` (those that exist), the association,
/// members and charge types read once for all of them.
fn slips_of(
    book: &crate::books::Book,
    numbers: &[u64],
    lang: Lang,
) -> Result<Vec<String>, crate::books::BookError> {
    let settings = book.settings()?;
    let members = book.members()?;
    let types = book.charge_types()?;
    let names = DuesNames {
        association: &settings.name,
        members: &members,
        types: &types,
        chart: book.chart(),
    };
    let mut out = Vec::with_capacity(numbers.len());
    for &n in numbers {
        let dues = book.receipt(n)?;
        match (book.visit(n)?, dues) {
            (Some(v), dues) => out.push(receipt_text(&v, dues.as_ref(), &settings, &names, lang)),
            (None, Some(r)) => out.push(dues_receipt_text(&r, &settings, &names, lang)),
            (None, None) => {}
        }
    }
    Ok(out)
}

/// A voucher (comprobante) for entry `id`, for an operation with no receipt
/// of its own (a withdrawal, a loan disbursed or paid, a grant, any entry):
/// the association, the entry's number, date, description and reference, the
/// member, each line as debit (D) or credit (H), and signature lines for the
/// treasurer and the member. An entry of a receipt gives that receipt.
pub fn entry_slip(
    book: &crate::books::Book,
    id: u64,
    lang: Lang,
) -> Result<Option<String>, crate::books::BookError> {
    let Some(e) = book.entry(id)? else {
        return Ok(None);
    };
    // Part of a receipt: the receipt the member took home.
    let receipt = match book.visit_of_entry(id)? {
        Some(n) => Some(n),
        None => book.receipt_of_entry(id)?.map(|r| r.number),
    };
    if let Some(n) = receipt {
        return slip(book, n, lang);
    }
    let settings = book.settings()?;
    let members = book.members()?;
    let rule = "-".repeat(WIDTH);
    let mut out = String::new();
    text_row(&mut out, settings.name.trim());
    if let Some(ruc) = settings.ruc.as_deref().filter(|r| !r.trim().is_empty()) {
        text_row(&mut out, &format!("RUC {ruc}"));
    }
    out.push_str(&rule);
    out.push('\n');
    text_row(
        &mut out,
        &Msg::RepVoucherNo.fill(lang, &[("number", &receipt_number(e.id))]),
    );
    text_row(
        &mut out,
        &format!("{}: {}", Msg::RepDate.t(lang), format_date(e.date, lang)),
    );
    text_row(&mut out, &e.description);
    if !e.reference.trim().is_empty() {
        text_row(&mut out, &e.reference);
    }
    let mut ids: Vec<u32> = e.postings.iter().filter_map(|p| p.member).collect();
    ids.sort_unstable();
    ids.dedup();
    for m in ids
        .iter()
        .filter_map(|id| members.iter().find(|m| m.id == *id))
    {
        text_row(
            &mut out,
            &format!(
                "{}: {} · {} (#{})",
                Msg::RepMember.t(lang),
                m.full_name(),
                m.id_number,
                m.id
            ),
        );
    }
    out.push_str(&rule);
    out.push('\n');
    for p in &e.postings {
        let name = crate::report::format::account_name(book.chart(), &p.account, lang);
        let side = if p.side == crate::domain::entry::Side::Debit {
            Msg::RepVoucherDebit.t(lang)
        } else {
            Msg::RepVoucherCredit.t(lang)
        };
        money_row(
            &mut out,
            &format!("{side} {} {name}", p.account),
            p.amount,
            lang,
        );
    }
    out.push_str(&rule);
    out.push('\n');
    let total: Money = e
        .postings
        .iter()
        .filter(|p| p.side == crate::domain::entry::Side::Debit)
        .map(|p| p.amount)
        .sum();
    money_row(&mut out, "TOTAL", total, lang);
    signature(&mut out, &settings, lang);
    if !ids.is_empty() {
        out.push_str("\n\n");
        out.push_str(&"_".repeat(WIDTH - 8));
        out.push('\n');
        text_row(&mut out, Msg::RepVoucherMember.t(lang));
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_and_names_wrap_within_the_roll() {
        let lines = wrapped("Asociación de Productores Agropecuarios Nuevo Amanecer", 32);
        assert!(lines.iter().all(|l| l.chars().count() <= 32), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "Asociación de Productores Agropecuarios Nuevo Amanecer"
        );
        let mut out = String::new();
        money_row(
            &mut out,
            "Depósito de ahorro a la vista del socio",
            Money::from_cents(123_456),
            Lang::Es,
        );
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.trim_end().ends_with("1.234,56"), "{out}");
    }
}
