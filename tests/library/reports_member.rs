//! Member statements (estado de cuenta) checked against the member's records
//! and the journal, and printed one page per member.

use std::io::Cursor;

use crate::reports_common::*;
use ayni::books::ledger::JournalFilter;
use ayni::domain::entry::Side;
use ayni::domain::money::Money;
use ayni::i18n::Lang;
use ayni::report::member_statement::{all_member_statements, member_statement};
use ayni::report::render::{Format, render};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;

/// The member's credit minus debit on accounts under `prefix`, entries in [from, to].
fn member_credit(
    book: &ayni::books::Book,
    member: u32,
    prefix: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Money {
    let mut s = Money::ZERO;
    for e in all_entries(book) {
        if e.date < from || e.date > to {
            continue;
        }
        for p in &e.postings {
            if p.member == Some(member) && p.account.starts_with(prefix) {
                match p.side {
                    Side::Credit => s += p.amount,
                    Side::Debit => s -= p.amount,
                }
            }
        }
    }
    s
}

#[test]
fn member_statement_matches_the_member_records_and_the_journal() {
    let f = build(true);
    let b = &f.book;
    let (from, to) = (mo(2025, 1), mo(2026, 2));
    let ms = member_statement(b, f.ana, from, to, Lang::Es).expect("statement");
    assert_eq!(ms.statements.len(), 1);
    let s = &ms.statements[0];
    assert_eq!(s.member.id, f.ana);
    assert_eq!(s.member.name, "Quispe Lema Ana");

    // Contributions (3103) from the journal.
    let end = to.last_day();
    assert_eq!(
        s.contributions.closing,
        member_credit(b, f.ana, "3103", d("2000-01-01"), end)
    );
    assert_eq!(s.contributions.opening, Money::ZERO);
    assert_eq!(
        s.contributions.increase - s.contributions.decrease,
        s.contributions.closing
    );

    // Dues: every month of the range, owed as the books say.
    let months: std::collections::BTreeSet<_> = s.dues.lines.iter().map(|l| l.month).collect();
    assert_eq!(months.len(), 14);
    let owed: Money = b.owed(f.ana, to).expect("owed").iter().map(|c| c.due).sum();
    assert_eq!(s.dues.owed_total, owed);
    assert_eq!(
        s.dues.charged,
        s.dues.lines.iter().map(|l| l.amount).sum::<Money>()
    );
    assert_eq!(
        s.dues.charged - s.dues.paid - s.dues.waived,
        s.dues.owed_in_range
    );
    // Payments: Ana's dues receipts in the range, as the journal has them.
    let receipts: Money = b
        .journal(
            &JournalFilter {
                member: Some(f.ana),
                ..Default::default()
            },
            0,
            usize::MAX,
        )
        .expect("journal")
        .iter()
        .filter(|e| e.kind == ayni::domain::entry::EntryKind::DuesPayment && e.date <= end)
        .map(|e| {
            e.postings
                .iter()
                .filter(|p| p.side == Side::Credit)
                .map(|p| p.amount)
                .sum::<Money>()
        })
        .sum();
    assert_eq!(s.dues.paid_in_range, receipts);
    assert_eq!(s.dues.payments.len(), 4);

    // Savings: the passbook's movements and the account balance.
    assert_eq!(s.savings.len(), 1);
    let sv = &s.savings[0];
    assert_eq!(
        (
            sv.movement.opening,
            sv.movement.increase,
            sv.movement.decrease,
            sv.movement.closing
        ),
        (Money::ZERO, m(5_000), m(1_000), m(4_000))
    );
    assert_eq!(sv.lines.len(), 2);
    let acc = b.member_savings(f.ana).expect("savings")[0].account.balance;
    assert_eq!(sv.movement.closing, acc);
    assert_eq!(sv.movement.closing, -journal_sum(b, "2101", |x| x <= end));

    // The loan: disbursed, one installment paid, the rest overdue.
    assert_eq!(s.loans.len(), 1);
    let l = &s.loans[0];
    let loan = b.loan(f.loan).expect("loan");
    assert_eq!(l.principal.opening, Money::ZERO);
    assert_eq!(l.principal.increase, m(30_000));
    assert_eq!(l.principal.closing, loan.outstanding());
    let repaid = member_credit(b, f.ana, "14", d("2025-01-01"), end) + m(30_000); // the disbursement was a debit of 300.00
    assert_eq!(l.principal.decrease, repaid);
    assert_eq!(l.installments.len(), 6);
    assert_eq!(l.payments.len(), 1);
    assert_eq!(l.payments[0].principal, l.principal.decrease);
    assert_eq!(l.days_late, loan.days_past_due(end));
    assert!(l.days_late > 250);
    assert_eq!(l.overdue_principal, loan.outstanding());

    // One month: February 2026 only.
    let feb = member_statement(b, f.ana, to, to, Lang::Es).expect("feb");
    let s = &feb.statements[0];
    assert_eq!(
        s.contributions.opening,
        member_credit(b, f.ana, "3103", d("2000-01-01"), d("2026-01-31"))
    );
    assert_eq!(
        s.contributions.increase,
        member_credit(b, f.ana, "3103", d("2026-02-01"), end)
    );
    assert_eq!(s.dues.lines.len(), 3);
    assert_eq!(s.dues.payments.len(), 1);
    assert_eq!(s.savings[0].movement.opening, m(5_000));
    assert_eq!(s.savings[0].lines.len(), 1);
    let l = &s.loans[0];
    assert_eq!(l.principal.opening, l.principal.closing);
    assert!(l.installments.is_empty() && l.payments.is_empty());

    // April 2025: the installment due and paid in the month; the balance before and after.
    let apr = member_statement(b, f.ana, mo(2025, 4), mo(2025, 4), Lang::Es).expect("apr");
    let l = &apr.statements[0].loans[0];
    assert_eq!(l.principal.opening, m(30_000));
    assert_eq!(l.installments.len(), 1);
    assert_eq!(l.installments[0].paid, l.installments[0].payment);
    assert_eq!(l.principal.closing, m(30_000) - l.payments[0].principal);
    assert_eq!(l.days_late, 0);

    // Before the loan existed there is no loan section; the fund shows Beto's contribution.
    let jan25 = member_statement(b, f.ana, mo(2025, 1), mo(2025, 1), Lang::Es).expect("jan");
    assert!(jan25.statements[0].loans.is_empty());
    let beto = member_statement(b, f.beto, to, to, Lang::Es).expect("beto");
    let fund = beto.statements[0].fund;
    assert_eq!(fund.increase, m(500));
    assert_eq!(
        fund.closing,
        member_credit(b, f.beto, "3303", d("2000-01-01"), end)
    );

    // An unknown member is refused with a message.
    let err = member_statement(b, 999, to, to, Lang::Es).expect_err("unknown");
    assert!(err.message(Lang::Es).contains("999"));
}

/// Every `<` of the document opens or closes one of the tags the writer uses.
fn only_known_tags(html: &str) -> Result<(), String> {
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "section", "header", "div",
        "span", "h2", "h3", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "p",
    ];
    for (i, _) in html.match_indices('<') {
        let rest = html[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        if !TAGS.contains(&name.as_str()) {
            return Err(html[i..(i + 40).min(html.len())].to_string());
        }
    }
    Ok(())
}

fn pdf_pages(bytes: &[u8]) -> usize {
    let mut warnings = Vec::new();
    let doc =
        printpdf::PdfDocument::parse(bytes, &printpdf::PdfParseOptions::default(), &mut warnings)
            .expect("parse pdf");
    doc.pages.len()
}

#[test]
fn all_members_print_one_page_each() {
    let f = build(true);
    let b = &f.book;
    let month = mo(2026, 2);
    let all = all_member_statements(b, month, month, Lang::Es).expect("all");
    assert_eq!(all.statements.len(), 3);
    let names: Vec<&str> = all
        .statements
        .iter()
        .map(|s| s.member.name.as_str())
        .collect();

    // HTML: one page block per member, names, signature lines, everything escaped.
    let html =
        String::from_utf8(render(&all, Format::Html, Lang::Es).expect("html")).expect("utf8");
    assert_eq!(html.matches("<section class=\"page\">").count(), 3);
    assert!(html.contains("page-break-after: always"));
    assert!(html.contains("@media print"));
    assert!(html.contains("size: A4"));
    for n in &names {
        assert!(html.contains(n), "{n}");
    }
    assert_eq!(html.matches("class=\"sig\"").count(), 6);
    assert_eq!(html.matches(TREASURER).count(), 3);
    assert_eq!(html.matches(PRESIDENT).count(), 3);
    assert!(html.contains("Tesorero(a)") && html.contains("Presidente(a)"));
    assert!(html.contains("Caja &lt;Unión&gt; &amp; Progreso"));
    assert!(html.contains("Otavalo, &lt;Imbabura&gt;"));
    only_known_tags(&html).expect("no unescaped < from data");

    // PDF: as many pages as members.
    let pdf = render(&all, Format::Pdf, Lang::Es).expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(pdf_pages(&pdf), 3);

    // XLSX: the formula-looking surname stays text.
    let bytes = render(&all, Format::Xlsx, Lang::Es).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("range");
    let formulas = wb.worksheet_formula(&sheet).expect("formulas");
    assert!(formulas.rows().flatten().all(|x| x.is_empty()));
    let carla = range.rows().flatten().find_map(|c| match c {
        Data::String(s) if s.starts_with("=SUMA(1;2) Carla") => Some(s.clone()),
        _ => None,
    });
    assert!(carla.is_some(), "Carla's heading as text");
    for n in &names {
        assert!(
            range
                .rows()
                .flatten()
                .any(|c| matches!(c, Data::String(s) if s.contains(n))),
            "{n}"
        );
    }

    // CSV: every row keyed by the member, formula-like names made safe.
    let csv_text =
        String::from_utf8(render(&all, Format::Csv, Lang::Es).expect("csv")).expect("utf8");
    assert!(csv_text.contains("'=SUMA(1;2) Carla"));
    assert!(!csv_text.contains(",=SUMA"));

    // JSON: the data, amounts as strings.
    let json: serde_json::Value =
        serde_json::from_slice(&render(&all, Format::Json, Lang::Es).expect("json")).expect("json");
    assert_eq!(json["statements"].as_array().map(|a| a.len()), Some(3));
    assert_eq!(json["from"], "2026-02");
    assert!(json["statements"][0]["dues"]["charged"].is_string());

    // English labels.
    let en =
        String::from_utf8(render(&all, Format::Table, Lang::En).expect("table")).expect("utf8");
    assert!(en.contains("Member statement") && en.contains("Dues and contributions"));
    let en_html =
        String::from_utf8(render(&all, Format::Html, Lang::En).expect("html")).expect("utf8");
    assert!(en_html.contains("Treasurer") && en_html.contains("President"));
    assert!(en_html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));

    // A long range flows onto more sheets, each member still starting on a new one.
    let long = all_member_statements(b, mo(2025, 1), month, Lang::Es).expect("long");
    let pages = pdf_pages(&render(&long, Format::Pdf, Lang::Es).expect("pdf"));
    assert!(pages >= 3);
}

/// Every member's statements written member by member (what the command
/// line does for HTML and PDF, in the memory of one statement) are the same
/// bytes as the whole document rendered at once; the other formats are left
/// to the whole document.
#[test]
fn statements_written_member_by_member_are_the_whole_document() {
    use ayni::report::member_statement::write_all_member_statements;
    let f = build(true);
    let b = &f.book;
    for (from, to) in [(mo(2026, 2), mo(2026, 2)), (mo(2025, 1), mo(2026, 2))] {
        let all = all_member_statements(b, from, to, Lang::Es).expect("all");
        for format in [Format::Html, Format::Pdf] {
            let whole = render(&all, format, Lang::Es).expect("whole");
            let mut streamed = Vec::new();
            let done = write_all_member_statements(b, from, to, Lang::Es, format, &mut streamed)
                .expect("streamed");
            assert!(done);
            assert_eq!(whole, streamed, "{format:?}");
        }
        let pdf = render(&all, Format::Pdf, Lang::Es).expect("pdf");
        assert!(pdf_pages(&pdf) >= all.statements.len());
        let mut csv = Vec::new();
        let done =
            write_all_member_statements(b, from, to, Lang::Es, Format::Csv, &mut csv).expect("csv");
        assert!(!done && csv.is_empty());
    }
}

/// The PDF's cross-reference table points at every object it names, and
/// every sheet says "page i of n" with n drawn once for all.
#[test]
fn the_pdf_is_whole_its_objects_where_its_table_says() {
    let f = build(true);
    let all = all_member_statements(&f.book, mo(2025, 1), mo(2026, 2), Lang::Es).expect("all");
    let pdf = render(&all, Format::Pdf, Lang::Es).expect("pdf");
    let mark = b"startxref\n";
    let at = pdf
        .windows(mark.len())
        .rposition(|w| w == mark)
        .expect("startxref");
    let tail = std::str::from_utf8(&pdf[at + mark.len()..]).expect("ascii");
    let start: usize = tail
        .lines()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("offset");
    assert!(pdf[start..].starts_with(b"xref\n0 "));
    let table = std::str::from_utf8(&pdf[start..]).expect("ascii table");
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let size: usize = table
        .lines()
        .nth(1)
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|n| n.parse().ok())
        .expect("size");
    for (n, line) in table.lines().skip(3).take(size - 1).enumerate() {
        let at: usize = line[..10].parse().expect("offset");
        let head = format!("{} 0 obj\n", n + 1);
        assert!(pdf[at..].starts_with(head.as_bytes()), "object {}", n + 1);
    }
    let sheets = pdf_pages(&pdf);
    assert_eq!(text.matches("/Type /Page ").count(), sheets);
    assert!(text.contains(&format!("/Count {sheets} >>")));
    assert!(text.trim_end().ends_with("%%EOF"));
}
