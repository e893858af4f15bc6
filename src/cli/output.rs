//! Where command output goes: the terminal, or a file named with `-o`.

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use super::error::{CliError, io_detail};
use crate::i18n::{Lang, Msg};

/// The first bytes of every redb file (and so of every ayni book).
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// Every command writes the report layer's one format: a report in any of
/// the six, a list in table, CSV or JSON, a single record (and `check`) in
/// table or JSON.
pub use crate::report::render::Format;

/// A format's name on the command line and its help line.
fn name_and_help(f: Format) -> (&'static str, &'static str) {
    match f {
        Format::Table => (
            "table",
            "Aligned columns for people, amounts in the language's style",
        ),
        Format::Csv => (
            "csv",
            "Comma-separated values with a header row, amounts with a point",
        ),
        Format::CsvEs => (
            "csv-es",
            "Semicolons and decimal commas, for Excel in Spanish",
        ),
        Format::Json => (
            "json",
            "JSON, amounts as strings with two decimals and a point",
        ),
        Format::Xlsx => ("xlsx", "Spreadsheet (needs -o FILE)"),
        Format::Html => (
            "html",
            "Printable page with the association's name, RUC and signature lines",
        ),
        Format::Pdf => ("pdf", "The printable page as PDF (needs -o FILE)"),
    }
}

/// `--format` of a report: all six formats.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let (name, help) = name_and_help(*self);
        Some(PossibleValue::new(name).help(help))
    }
}

/// `--format` of a list: table, CSV (also the Spanish spreadsheet's), JSON
/// or a spreadsheet.
pub fn list_formats() -> impl TypedValueParser<Value = Format> {
    formats(
        &[
            Format::Table,
            Format::Csv,
            Format::CsvEs,
            Format::Json,
            Format::Xlsx,
        ],
        true,
    )
}

/// `--format` of a list that is only shown (a simulation): table, CSV,
/// the Spanish spreadsheet's CSV, or JSON.
pub fn shown_list_formats() -> impl TypedValueParser<Value = Format> {
    formats(
        &[Format::Table, Format::Csv, Format::CsvEs, Format::Json],
        true,
    )
}

/// The format a list's own text is made in: its spreadsheet and its Spanish
/// CSV are made from its CSV (see [`emit_list`]).
pub fn list_text_format(format: Format) -> Format {
    match format {
        Format::Xlsx | Format::CsvEs => Format::Csv,
        other => other,
    }
}

/// Refuses a list's spreadsheet without `-o FILE` before any work.
pub fn list_needs_output(format: Format, out: Option<&Path>) -> Result<(), CliError> {
    if format.is_binary() && out.is_none_or(crate::files::is_stdout) {
        return Err(CliError::BinaryNeedsOutput(format.extension()));
    }
    Ok(())
}

/// Writes a list made in [`list_text_format`] as `format` asks: the text
/// as it is ([`emit`]), the CSV with semicolons and decimal commas, or the
/// CSV's rows as a spreadsheet headed with the association and `title`.
pub fn emit_list(
    book: &crate::books::Book,
    format: Format,
    title: &str,
    text: &str,
    out: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    match format {
        Format::CsvEs => emit(
            &crate::report::render::spanish_csv(text),
            out,
            book.path(),
            lang,
        ),
        Format::Xlsx => sheet_to_file(book, out, lang, || {
            let letterhead = crate::report::render::Letterhead::of(book)?;
            let doc =
                crate::report::render::csv_doc(letterhead, title, String::new(), "list", text);
            Ok(crate::report::render::render_doc(&doc, Format::Xlsx, lang)?)
        }),
        _ => emit(text, out, book.path(), lang),
    }
}

/// A list's spreadsheet, made by `make` once the file named with `-o` is
/// known to be one to write, written whole or not at all.
fn sheet_to_file(
    book: &crate::books::Book,
    out: Option<&Path>,
    lang: Lang,
    make: impl FnOnce() -> Result<Vec<u8>, CliError>,
) -> Result<(), CliError> {
    let path = match out {
        Some(p) if !crate::files::is_stdout(p) => p,
        _ => return Err(CliError::BinaryNeedsOutput(Format::Xlsx.extension())),
    };
    check_target(path, book.path(), lang)?;
    let bytes = make()?;
    crate::files::write(path, &bytes).map_err(|e| write_error(path, &e, lang))?;
    eprintln(&Msg::CliSavedTo.fill(lang, &[("path", &path.display())]));
    Ok(())
}

/// `--format` of `ayni exercises`: a list's formats, and with `--worksheet`
/// the printable HTML and PDF.
pub fn worksheet_formats() -> impl TypedValueParser<Value = Format> {
    formats(
        &[
            Format::Table,
            Format::Csv,
            Format::Json,
            Format::Html,
            Format::Pdf,
        ],
        true,
    )
}

/// `--format` of a receipt: a list's formats, or its printable PDF.
pub fn receipt_formats() -> impl TypedValueParser<Value = Format> {
    formats(
        &[Format::Table, Format::Csv, Format::Json, Format::Pdf],
        true,
    )
}

/// `--format` of a single record and of `check`: table or JSON.
pub fn record_formats() -> impl TypedValueParser<Value = Format> {
    formats(&[Format::Table, Format::Json], false)
}

/// A parser that takes only the formats `of` (with their help lines when
/// `help`); clap refuses any other name before the command runs.
fn formats(of: &[Format], help: bool) -> impl TypedValueParser<Value = Format> {
    let values = of.iter().map(|f| {
        let (name, text) = name_and_help(*f);
        let value = PossibleValue::new(name);
        if help { value.help(text) } else { value }
    });
    PossibleValuesParser::new(values).map(|s| Format::parse(&s).unwrap_or_default())
}

/// Writes a list that is a report in `format`: its table, CSV or JSON as
/// text, its Spanish CSV, or its spreadsheet (to a file).
pub fn emit_report_list<R: crate::report::render::Report>(
    book: &crate::books::Book,
    report: &R,
    format: Format,
    out: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    match format {
        Format::Xlsx => sheet_to_file(book, out, lang, || {
            Ok(crate::report::render::render(report, Format::Xlsx, lang)?)
        }),
        Format::CsvEs => emit(
            &crate::report::render::spanish_csv(&report.to_csv(lang)),
            out,
            book.path(),
            lang,
        ),
        Format::Csv => emit(&report.to_csv(lang), out, book.path(), lang),
        Format::Json => emit(&report.to_json(), out, book.path(), lang),
        _ => emit(&report.to_table(lang), out, book.path(), lang),
    }
}

/// Writes text to standard output. A closed pipe (`| head`) ends the command quietly.
/// A control or invisible character that reached the text (from a book made
/// by an older version, or quoted from what was typed) is written as its
/// escape, never raw: see [`crate::domain::text::visible_document`].
pub fn print(text: &str) -> Result<(), CliError> {
    let text = visible_output(text);
    let mut out = io::stdout().lock();
    let text = for_console(text, out.is_terminal());
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(stdout_error)
}

/// Whether the console wants ASCII ([`super::console`]): set once at start.
static ASCII: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints with ASCII only from now on (`--ascii`, an old console).
pub fn set_ascii(on: bool) {
    ASCII.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// A text as an old console is given it: its marks and lines in ASCII
/// ([`crate::domain::glyphs::text`]), only when it goes to the console
/// itself; what goes to a file or a pipe is written as it is.
fn for_console(text: std::borrow::Cow<'_, str>, terminal: bool) -> std::borrow::Cow<'_, str> {
    if terminal && ASCII.load(std::sync::atomic::Ordering::Relaxed) {
        match crate::domain::glyphs::text(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o),
        }
    } else {
        text
    }
}

/// What is written of a text: control and invisible characters escaped
/// ([`crate::domain::text::visible_document`]), but for the byte-order mark
/// a Spanish CSV starts with (see [`crate::report::render::spanish_csv`]),
/// which Excel needs to read it as UTF-8.
fn visible_output(text: &str) -> std::borrow::Cow<'_, str> {
    match text.strip_prefix(crate::report::render::UTF8_BOM) {
        Some(rest) => std::borrow::Cow::Owned(format!(
            "{}{}",
            crate::report::render::UTF8_BOM,
            crate::domain::text::visible_document(rest)
        )),
        None => crate::domain::text::visible_document(text),
    }
}

/// Like [`print`], adding a newline when the text has none.
pub fn println(text: &str) -> Result<(), CliError> {
    if text.ends_with('\n') {
        print(text)
    } else {
        print(&format!("{text}\n"))
    }
}

/// Writes a line to standard error, ignoring failures (there is nowhere else to report them).
/// Control and invisible characters are escaped as in [`print`].
pub fn eprintln(text: &str) {
    let text = crate::domain::text::visible_document(text);
    let mut err = io::stderr().lock();
    let text = for_console(text, err.is_terminal());
    let _ = err.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = err.write_all(b"\n");
    }
    let _ = err.flush();
}

pub fn stdout_error(e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::BrokenPipe
    } else {
        CliError::WriteOutput {
            path: PathBuf::from("stdout"),
            detail: e.to_string(),
        }
    }
}

/// Refuses to write a report over the open book or over any other ayni book.
/// Standard output (`-o -`) is always fine; a device or a pipe is never
/// opened here (a named pipe would wait for a writer).
pub fn check_target(out: &Path, book: &Path, lang: Lang) -> Result<(), CliError> {
    if crate::files::is_stdout(out) {
        return Ok(());
    }
    if let (Ok(a), Ok(b)) = (out.canonicalize(), book.canonicalize())
        && a == b
    {
        return Err(CliError::OutputIsBook(out.to_path_buf()));
    }
    if out.is_dir() {
        return Err(CliError::NotAFile(out.to_path_buf()));
    }
    if let Ok(mut f) = crate::files::open_regular(out) {
        let mut head = [0u8; 9];
        if f.read(&mut head).is_ok_and(|n| n == head.len()) && head == REDB_MAGIC {
            return Err(CliError::OutputIsBook(out.to_path_buf()));
        }
    }
    let real = crate::files::resolve_links(out);
    if let Some(parent) = real.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(CliError::WriteOutput {
            path: out.to_path_buf(),
            detail: Msg::CliFolderMissing.fill(lang, &[("parent", &parent.display())]),
        });
    }
    Ok(())
}

fn write_error(path: &Path, e: &io::Error, lang: Lang) -> CliError {
    CliError::WriteOutput {
        path: path.to_path_buf(),
        detail: io_detail(e, lang),
    }
}

/// Writes a whole report to `out` (after [`check_target`]), or to standard
/// output (no `-o`, or `-o -`). A file is written whole or not at all.
pub fn emit(text: &str, out: Option<&Path>, book: &Path, lang: Lang) -> Result<(), CliError> {
    match out {
        None => print(text),
        Some(p) if crate::files::is_stdout(p) => print(text),
        Some(path) => {
            check_target(path, book, lang)?;
            let text = visible_output(text);
            crate::files::write(path, text.as_bytes()).map_err(|e| write_error(path, &e, lang))?;
            eprintln(&Msg::CliSavedTo.fill(lang, &[("path", &path.display())]));
            Ok(())
        }
    }
}

/// A writer that remembers the first error's kind, so that a closed pipe can
/// be told apart from a real failure after a library call maps it to text.
pub struct Tracked<W: Write> {
    inner: W,
    pub failed: Option<io::ErrorKind>,
}

impl<W: Write> Tracked<W> {
    pub fn new(inner: W) -> Tracked<W> {
        Tracked {
            inner,
            failed: None,
        }
    }
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.failed.get_or_insert(e.kind());
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.failed.get_or_insert(e.kind());
        })
    }
}

/// Where a streamed export goes: standard output, or a file being written
/// (put in place by [`finish_stream`] only once the export is whole).
pub enum Sink {
    Stdout(io::StdoutLock<'static>),
    File(crate::files::Output),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// A streamed export being written.
pub type Stream = Tracked<BufWriter<Sink>>;

/// Opens the destination of a streamed export: a file (checked) or standard
/// output (no `-o`, or `-o -`). Dropped without [`finish_stream`], the file
/// is not written: an existing one stays as it was.
pub fn open_stream(out: Option<&Path>, book: &Path, lang: Lang) -> Result<Stream, CliError> {
    let sink = match out {
        Some(path) if !crate::files::is_stdout(path) => {
            check_target(path, book, lang)?;
            let f = crate::files::create(path).map_err(|e| write_error(path, &e, lang))?;
            Sink::File(f)
        }
        _ => Sink::Stdout(io::stdout().lock()),
    };
    Ok(Tracked::new(BufWriter::new(sink)))
}

/// Ends a streamed export that was written whole: a file is put in place.
pub fn finish_stream(w: Stream, out: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let sink = w.inner.into_inner().map_err(|e| {
        let e = e.into_error();
        match out {
            Some(p) if !crate::files::is_stdout(p) => write_error(p, &e, lang),
            _ => stdout_error(e),
        }
    })?;
    match (sink, out) {
        (Sink::File(f), Some(p)) => f.commit().map_err(|e| write_error(p, &e, lang)),
        (Sink::Stdout(mut s), _) => s.flush().map_err(stdout_error),
        (Sink::File(_), None) => Ok(()),
    }
}

/// Turns a failure of a streamed export into the right error.
pub fn stream_error(
    failed: Option<io::ErrorKind>,
    out: Option<&Path>,
    lang: Lang,
) -> Option<CliError> {
    let kind = failed?;
    let out = out.filter(|p| !crate::files::is_stdout(p));
    Some(match out {
        None if kind == io::ErrorKind::BrokenPipe => CliError::BrokenPipe,
        None => stdout_error(io::Error::from(kind)),
        Some(p) => write_error(p, &io::Error::from(kind), lang),
    })
}
