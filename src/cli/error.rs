//! What a command can refuse, each with a message in Spanish and English.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::books::BookError;
use crate::domain::date::format_date;
use crate::domain::input::InputError;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::SettingsError;
use crate::i18n::{Lang, Msg};
use crate::report::render::ReportError;
use crate::report::seps::SepsError;

/// Why a command did not do what was asked. Every variant is a refusal
/// (exit code 1) except [`CliError::BrokenPipe`], which ends quietly.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Book(#[from] BookError),
    /// A typed value refused; `spec` is the flag and the text (`--rate 150`).
    #[error("bad value in {spec}: {err}")]
    Input { spec: String, err: InputError },
    #[error(transparent)]
    Training(#[from] crate::training::TrainingError),
    /// A scenario file that cannot be built (its problems by line): refused
    /// input, exit code 2.
    #[error(transparent)]
    ScenarioFile(crate::training::TrainingError),
    #[error(transparent)]
    Class(#[from] crate::training::class::ClassError),
    /// `ayni reset` refused or declined: the sentence to show.
    #[error("reset refused: {0}")]
    Reset(String),
    #[error("bad posting line {0}")]
    PostingSyntax(String),
    #[error("unknown association kind {0}")]
    Kind(String),
    #[error("unknown identification kind {0}")]
    IdKind(String),
    #[error("no data folder on this system")]
    NoDataDir,
    #[error("cannot create folder {path}: {detail}")]
    CreateFolder { path: PathBuf, detail: String },
    #[error("a book already exists at {0}")]
    DemoExists(PathBuf),
    #[error("{0} is not a practice book")]
    DemoNotPractice(PathBuf),
    #[error("demo size out of range")]
    DemoRange,
    #[error("cannot read {path}: {detail}")]
    ReadInput { path: PathBuf, detail: String },
    #[error("{0} is not a file")]
    NotAFile(PathBuf),
    #[error("{0} is too large")]
    InputTooLarge(PathBuf),
    #[error("cannot write {path}: {detail}")]
    WriteOutput { path: PathBuf, detail: String },
    #[error("refusing to overwrite a book with an export: {0}")]
    OutputIsBook(PathBuf),
    #[error("nothing to change")]
    NothingToEdit,
    #[error("the import preview found errors")]
    ImportErrors(usize),
    #[error("check failed: {title}: {detail}")]
    CheckFailed { title: String, detail: String },
    #[error("unknown loan method {0}")]
    BadMethod(String),
    #[error("unknown prepayment choice {0}")]
    BadPrepay(String),
    #[error("bad cash account {0}")]
    BadCashAccount(String),
    #[error("unknown loan status {0}")]
    BadLoanStatus(String),
    #[error("unknown loan product {key}")]
    UnknownLoanProduct { key: String, known: Vec<String> },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("unknown charge type {0}")]
    UnknownChargeType(String),
    #[error("{month} has several charges; name one with --type")]
    SeveralCharges { month: Month, types: String },
    #[error("bad charge pick {0}")]
    ChargePick(String),
    #[error("charges cannot be generated for {through}, after the open month {current}")]
    GenerateFuture { through: Month, current: Month },
    #[error("{member} retired and owes nothing")]
    RetiredOwesNothing { member: String, date: NaiveDate },
    #[error("{0} has no savings account")]
    NoSavingsAccount(String),
    #[error("savings account {account} does not belong to {member}")]
    NotMembersAccount { account: u32, member: String },
    #[error("{member} has no account of the product {product}")]
    NoAccountOfProduct { member: String, product: String },
    #[error("unknown savings product {0}")]
    UnknownProduct(String),
    #[error("{member} has nothing due in {month}")]
    NothingDueInMonth { member: String, month: Month },
    #[error("receipt {0} not found")]
    UnknownReceipt(u64),
    #[error("{0} has no exercises")]
    NoExercises(PathBuf),
    #[error("{0} is not a practice book; it is never reset")]
    ResetNotPractice(PathBuf),
    #[error("{0}")]
    Ui(String),
    #[error("output closed")]
    BrokenPipe,
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Seps(#[from] SepsError),
    #[error(transparent)]
    Network(#[from] crate::report::network::NetworkError),
    #[error(transparent)]
    Package(#[from] crate::report::network::package::PackageError),
    #[error("the {0} format needs -o FILE")]
    BinaryNeedsOutput(&'static str),
    #[error("the {0} format is for the worksheet (--worksheet)")]
    NeedsWorksheet(&'static str),
    #[error("the close of {month} needs the cash count")]
    CashCountRequired { month: Month, book: Money },
    #[error("the cash count differs from the book")]
    CashDifference(BookError),
    #[error("{month} is already closed")]
    AlreadyClosed { month: Month, next: Option<Month> },
    #[error("--explain goes with --cash-count")]
    ExplainWithoutCount,
    #[error("the books are not whole: {title}: {detail}")]
    NotWhole { title: String, detail: String },
    #[error("name a member or use --all")]
    MemberOrAll,
    #[error("backups to keep out of range: {0}")]
    KeepRange(u32),
    #[error("nothing was restored: {0}")]
    Restore(String),
    #[error("--redact needs -o FILE")]
    RedactNeedsOutput,
    #[error("a backup is written to a file, not to standard output")]
    BackupNeedsFile,
    #[error(transparent)]
    Clock(#[from] crate::clock::ClockError),
}

impl From<SettingsError> for CliError {
    fn from(e: SettingsError) -> Self {
        CliError::Book(BookError::Settings(e))
    }
}

impl From<crate::domain::entry::EntryError> for CliError {
    fn from(e: crate::domain::entry::EntryError) -> Self {
        CliError::Book(BookError::Entry(e))
    }
}

impl CliError {
    /// Wraps a typed value that was refused, naming the flag it was given to
    /// (`--rate 150`). With no flag (a positional argument) the message is
    /// the input error's alone, which quotes the text.
    pub fn input(flag: &str, text: &str) -> impl FnOnce(InputError) -> CliError {
        let spec = if flag.is_empty() {
            String::new()
        } else {
            format!("{flag} {text}")
        };
        move |err| CliError::Input { spec, err }
    }

    /// The process exit code: 1 for every refusal, 0 when the reader of our
    /// output went away (`ayni export journal | head`).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BrokenPipe => 0,
            CliError::ScenarioFile(_) => 2,
            _ => 1,
        }
    }

    /// The message for the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        use CliError::*;
        match self {
            Book(e) => e.message(lang),
            Training(e) | ScenarioFile(e) => e.message(lang),
            Class(e) => e.message(lang),
            Reset(text) => text.clone(),
            Clock(crate::clock::ClockError(v)) => {
                Msg::ErrCliClock.fill(lang, &[("var", &crate::clock::ENV), ("value", v)])
            }
            Input { spec, err } if spec.is_empty() => err.message(lang),
            Input { spec, err } => {
                Msg::ErrCliInput.fill(lang, &[("err", &err.message(lang)), ("spec", &spec)])
            }
            PostingSyntax(s) => Msg::ErrCliPostingSyntax.fill(lang, &[("text", &s)]),
            Kind(k) => Msg::ErrCliKind.fill(lang, &[("k", &k)]),
            IdKind(k) => Msg::ErrCliIdKind.fill(lang, &[("k", &k)]),
            NoDataDir => Msg::ErrCliNoDataDir.t(lang).into(),
            CreateFolder { path, detail } => Msg::ErrCliCreateFolder
                .fill(lang, &[("detail", &detail), ("path", &path.display())]),
            DemoExists(p) => Msg::ErrCliDemoExists.fill(lang, &[("path", &p.display())]),
            DemoNotPractice(p) => Msg::ErrCliDemoNotPractice.fill(lang, &[("path", &p.display())]),
            DemoRange => Msg::ErrCliDemoRange.t(lang).into(),
            ReadInput { path, detail } => {
                Msg::ErrCliReadInput.fill(lang, &[("detail", &detail), ("path", &path.display())])
            }
            NotAFile(p) => Msg::ErrCliNotAFile.fill(lang, &[("path", &p.display())]),
            InputTooLarge(p) => Msg::ErrCliInputTooLarge.fill(lang, &[("path", &p.display())]),
            WriteOutput { path, detail } => {
                Msg::ErrCliWriteOutput.fill(lang, &[("detail", &detail), ("path", &path.display())])
            }
            OutputIsBook(p) => Msg::ErrCliOutputIsBook.fill(lang, &[("path", &p.display())]),
            NothingToEdit => Msg::ErrCliNothingToEdit.t(lang).into(),
            ImportErrors(n) => Msg::ErrCliImportErrors.fill(lang, &[("n", &n)]),
            CheckFailed { title, detail } => {
                Msg::ErrCliCheckFailed.fill(lang, &[("detail", &detail), ("title", &title)])
            }
            BadMethod(m) => Msg::ErrCliBadMethod.fill(lang, &[("m", &m)]),
            BadPrepay(p) => Msg::ErrCliBadPrepay.fill(lang, &[("choice", &p)]),
            BadCashAccount(a) => Msg::ErrCliBadCashAccount.fill(lang, &[("a", &a)]),
            BadLoanStatus(st) => Msg::ErrCliBadLoanStatus.fill(lang, &[("st", &st)]),
            UnknownLoanProduct { key, known } if known.is_empty() => {
                Msg::ErrCliNoLoanProducts.fill(lang, &[("key", key)])
            }
            UnknownLoanProduct { key, known } => Msg::ErrCliUnknownLoanProduct
                .fill(lang, &[("key", key), ("known", &known.join(", "))]),
            ReasonRequired => Msg::ErrCliReasonRequired.t(lang).into(),
            UnknownChargeType(t) => Msg::ErrCliUnknownChargeType.fill(lang, &[("t", &t)]),
            SeveralCharges { month, types } => Msg::ErrCliSeveralCharges
                .fill(lang, &[("month", &month.name(lang)), ("types", &types)]),
            ChargePick(s) => Msg::ErrCliChargePick.fill(lang, &[("text", &s)]),
            GenerateFuture { through, current } => Msg::ErrCliGenerateFuture.fill(
                lang,
                &[
                    ("current", &current.name(lang)),
                    ("through", &through.name(lang)),
                ],
            ),
            RetiredOwesNothing { member, date } => Msg::ErrCliRetiredOwesNothing.fill(
                lang,
                &[("date", &format_date(*date, lang)), ("member", &member)],
            ),
            NoSavingsAccount(m) => Msg::ErrCliNoSavingsAccount.fill(lang, &[("m", &m)]),
            NotMembersAccount { account, member } => Msg::ErrCliNotMembersAccount
                .fill(lang, &[("account", &account), ("member", &member)]),
            NoAccountOfProduct { member, product } => Msg::ErrCliNoAccountOfProduct
                .fill(lang, &[("member", &member), ("product", &product)]),
            UnknownProduct(p) => Msg::ErrCliUnknownProduct.fill(lang, &[("product", &p)]),
            NothingDueInMonth { member, month } => Msg::ErrCliNothingDueInMonth
                .fill(lang, &[("member", &member), ("month", &month.name(lang))]),
            UnknownReceipt(n) => {
                Msg::ErrCliUnknownReceipt.fill(lang, &[("n", &format!("{:06}", n))])
            }
            NoExercises(p) => Msg::ErrCliNoExercises.fill(lang, &[("path", &p.display())]),
            ResetNotPractice(p) => {
                Msg::ErrCliResetNotPractice.fill(lang, &[("path", &p.display())])
            }
            Ui(m) => m.clone(),
            BrokenPipe => String::new(),
            Report(e) => e.message(lang),
            Seps(e) => e.message(lang),
            Network(e) => e.message(lang),
            Package(e) => e.message(lang),
            BinaryNeedsOutput(ext) => Msg::ErrCliBinaryNeedsOutput.fill(lang, &[("ext", &ext)]),
            NeedsWorksheet(ext) => Msg::ErrCliNeedsWorksheet.fill(lang, &[("ext", &ext)]),
            CashCountRequired { month, book } => Msg::ErrCliCashCountRequired.fill(
                lang,
                &[
                    ("month", &month.name(lang)),
                    ("book", &book.localized(lang)),
                    (
                        "day",
                        &crate::domain::date::format_date(month.last_day(), lang),
                    ),
                ],
            ),
            CashDifference(e) => Msg::ErrCliCashDifference.fill(lang, &[("e", &e.message(lang))]),
            AlreadyClosed { month, next } => {
                let next = next
                    .map(|n| Msg::ErrCliNextToClose.fill(lang, &[("month", &n.name(lang))]))
                    .unwrap_or_default();
                Msg::ErrCliAlreadyClosed
                    .fill(lang, &[("month", &month.name(lang)), ("next", &next)])
            }
            ExplainWithoutCount => Msg::ErrCliExplainWithoutCount.t(lang).into(),
            NotWhole { title, detail } => {
                Msg::ErrCliNotWhole.fill(lang, &[("detail", &detail), ("title", &title)])
            }
            MemberOrAll => Msg::ErrCliMemberOrAll.t(lang).into(),
            KeepRange(n) => Msg::ErrCliKeepRange.fill(lang, &[("n", &n)]),
            Restore(detail) => Msg::ErrCliRestore.fill(lang, &[("detail", &detail)]),
            RedactNeedsOutput => Msg::ErrCliRedactNeedsOutput.t(lang).into(),
            BackupNeedsFile => Msg::ErrCliBackupNeedsFile.t(lang).into(),
        }
    }
}

/// The metadata of a file the user named to read from: refused when it
/// cannot be read or is not a regular file.
pub fn input_file(path: &std::path::Path, lang: Lang) -> Result<std::fs::Metadata, CliError> {
    let meta = std::fs::metadata(path).map_err(|e| CliError::ReadInput {
        path: path.to_path_buf(),
        detail: io_detail(&e, lang),
    })?;
    if !meta.is_file() {
        return Err(CliError::NotAFile(path.to_path_buf()));
    }
    Ok(meta)
}

/// Describes an I/O error in plain words (the system's own text is English).
pub fn io_detail(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    if crate::files::is_no_reader(e) {
        return Msg::CliBrokenPipe.t(lang).to_string();
    }
    if crate::books::is_disk_full(e) {
        return Msg::CliDiskFull.t(lang).to_string();
    }
    match e.kind() {
        NotFound => Msg::ErrIoNotFound,
        PermissionDenied => Msg::ErrIoPermissionDenied,
        StorageFull => Msg::ErrIoStorageFull,
        IsADirectory => Msg::ErrIoIsADirectory,
        ReadOnlyFilesystem => Msg::ErrIoReadOnly,
        _ => return e.to_string(),
    }
    .t(lang)
    .to_string()
}
