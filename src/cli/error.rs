//! What a command can refuse, each with a message in Spanish and English.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::books::BookError;
use crate::domain::date::format_date;
use crate::domain::input::InputError;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::SettingsError;
use crate::i18n::Lang;
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
    #[error("the {0} format needs -o FILE")]
    BinaryNeedsOutput(&'static str),
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
            _ => 1,
        }
    }

    /// The message for the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        use CliError::*;
        let es = lang == Lang::Es;
        match self {
            Book(e) => e.message(lang),
            Training(e) => e.message(lang),
            Clock(crate::clock::ClockError(v)) if es => format!(
                "La variable {}=«{v}» no es una fecha y hora local: use AAAA-MM-DD o AAAA-MM-DDTHH:MM.",
                crate::clock::ENV
            ),
            Clock(crate::clock::ClockError(v)) => format!(
                "The variable {}='{v}' is not a local date and time: use YYYY-MM-DD or YYYY-MM-DDTHH:MM.",
                crate::clock::ENV
            ),
            Input { spec, err } if spec.is_empty() => err.message(lang),
            Input { spec, err } if es => format!("En «{spec}»: {}", err.message(lang)),
            Input { spec, err } => format!("In '{spec}': {}", err.message(lang)),
            PostingSyntax(s) if es => format!(
                "«{s}» no es una línea de asiento: escriba CUENTA=VALOR o CUENTA=VALOR@SOCIO (por ejemplo 1101=25,50 o 3103=10@1712345678)."
            ),
            PostingSyntax(s) => format!(
                "'{s}' is not an entry line: write ACCOUNT=AMOUNT or ACCOUNT=AMOUNT@MEMBER (for example 1101=25.50 or 3103=10@1712345678)."
            ),
            Kind(k) if es => format!(
                "«{k}» no es un tipo de organización: use asociacion, caja o cooperativa."
            ),
            Kind(k) => format!(
                "'{k}' is not a kind of organisation: use asociacion, caja or cooperativa."
            ),
            IdKind(k) if es => format!(
                "«{k}» no es un tipo de identificación: use cedula, ruc o pasaporte."
            ),
            IdKind(k) => format!(
                "'{k}' is not an identification kind: use cedula, ruc or passport."
            ),
            NoDataDir if es => "No se encontró la carpeta de datos de este sistema; indique el libro con --book RUTA o la variable AYNI_BOOK.".into(),
            NoDataDir => "This system has no data folder; name the book with --book PATH or the AYNI_BOOK variable.".into(),
            CreateFolder { path, detail } if es => {
                format!("No se pudo crear la carpeta {}: {detail}.", path.display())
            }
            CreateFolder { path, detail } => {
                format!("Could not create the folder {}: {detail}.", path.display())
            }
            DemoExists(p) if es => format!(
                "Ya existe un libro en {}; no se sobrescribe. Para reemplazar un libro de práctica use --force, o elija otro archivo con --book.",
                p.display()
            ),
            DemoExists(p) => format!(
                "A book already exists at {}; it is not overwritten. To replace a practice book use --force, or choose another file with --book.",
                p.display()
            ),
            DemoNotPractice(p) if es => format!(
                "{} es un libro real, no de práctica: no se reemplaza ni con --force. Elija otro archivo con --book.",
                p.display()
            ),
            DemoNotPractice(p) => format!(
                "{} is a real book, not a practice book: it is not replaced, even with --force. Choose another file with --book.",
                p.display()
            ),
            DemoRange if es => {
                "Un libro de práctica tiene de 1 a 2000 socios y de 1 a 120 meses.".into()
            }
            DemoRange => "A practice book has 1 to 2000 members and 1 to 120 months.".into(),
            ReadInput { path, detail } if es => {
                format!("No se pudo leer {}: {detail}.", path.display())
            }
            ReadInput { path, detail } => format!("Could not read {}: {detail}.", path.display()),
            NotAFile(p) if es => format!("{} no es un archivo.", p.display()),
            NotAFile(p) => format!("{} is not a file.", p.display()),
            InputTooLarge(p) if es => format!(
                "{} es demasiado grande para una lista de socios (máximo 20 MB).",
                p.display()
            ),
            InputTooLarge(p) => format!(
                "{} is too large for a list of members (at most 20 MB).",
                p.display()
            ),
            WriteOutput { path, detail } if es => {
                format!("No se pudo escribir {}: {detail}.", path.display())
            }
            WriteOutput { path, detail } => {
                format!("Could not write {}: {detail}.", path.display())
            }
            OutputIsBook(p) if es => format!(
                "{} es un libro de ayni; no se sobrescribe con un reporte. Elija otro archivo con -o.",
                p.display()
            ),
            OutputIsBook(p) => format!(
                "{} is an ayni book; it is not overwritten with a report. Choose another file with -o.",
                p.display()
            ),
            NothingToEdit if es => "No indicó ningún dato para cambiar (por ejemplo --phone 0991234567).".into(),
            NothingToEdit => "No field to change was given (for example --phone 0991234567).".into(),
            ImportErrors(n) if es => format!(
                "El archivo tiene {n} error(es); corríjalo y vuelva a intentar. No se importó nada."
            ),
            ImportErrors(n) => {
                format!("The file has {n} error(s); fix it and try again. Nothing was imported.")
            }
            CheckFailed { title, detail } if es => format!("Falla: {title}: {detail}."),
            CheckFailed { title, detail } => format!("Failed: {title}: {detail}."),
            BadMethod(m) if es => format!(
                "«{m}» no es un método: use french (francés, cuota fija), german (alemán, cuota decreciente) o flat (plano, solo para enseñar)."
            ),
            BadMethod(m) => format!(
                "'{m}' is not a method: use french (fixed installment), german (fixed principal) or flat (teaching only)."
            ),
            BadPrepay(p) if es => format!(
                "«{p}» no es una opción de prepago: use plazo (acortar el plazo) o cuota (bajar la cuota)."
            ),
            BadPrepay(p) => format!(
                "'{p}' is not a prepayment choice: use term (shorten the term) or installment (lower the installment)."
            ),
            BadCashAccount(a) if es => format!(
                "«{a}» no es una cuenta de efectivo: use caja, bancos o el código de una cuenta de fondos disponibles (11...)."
            ),
            BadCashAccount(a) => format!(
                "'{a}' is not a cash account: use caja, bancos or the code of a cash-and-banks account (11...)."
            ),
            BadLoanStatus(st) if es => format!(
                "«{st}» no es un estado de préstamo: use solicitado, vigente, cancelado o castigado."
            ),
            BadLoanStatus(st) => format!(
                "'{st}' is not a loan status: use applied, active, paid_off or written_off."
            ),
            UnknownLoanProduct { key, known } if es => {
                if known.is_empty() {
                    format!(
                        "No existe el producto de crédito «{key}»: el libro aún no tiene productos; cree uno con ayni loan product add."
                    )
                } else {
                    format!(
                        "No existe el producto de crédito «{key}». Productos: {}.",
                        known.join(", ")
                    )
                }
            }
            UnknownLoanProduct { key, known } => {
                if known.is_empty() {
                    format!(
                        "There is no loan product '{key}': the book has no products yet; add one with ayni loan product add."
                    )
                } else {
                    format!(
                        "There is no loan product '{key}'. Products: {}.",
                        known.join(", ")
                    )
                }
            }
            ReasonRequired if es => {
                "Indique el motivo del castigo con --reason (por ejemplo «socio fallecido»).".into()
            }
            ReasonRequired => {
                "Give the reason for the write-off with --reason (for example 'member deceased').".into()
            }
            UnknownChargeType(t) if es => format!(
                "No existe el tipo de cobro «{t}»; vea los tipos con: ayni dues types"
            ),
            UnknownChargeType(t) => {
                format!("There is no charge type '{t}'; list them with: ayni dues types")
            }
            SeveralCharges { month, types } if es => format!(
                "En {} hay varios cobros pendientes ({types}); indique cuál con --type.",
                month.name(lang)
            ),
            SeveralCharges { month, types } => format!(
                "{} has several charges due ({types}); name one with --type.",
                month.name(lang)
            ),
            ChargePick(s) if es => format!(
                "«{s}» no indica un cobro: escriba AAAA-MM o AAAA-MM:TIPO (por ejemplo 2026-09 o 2026-09:1)."
            ),
            ChargePick(s) => format!(
                "'{s}' does not name a charge: write YYYY-MM or YYYY-MM:TYPE (for example 2026-09 or 2026-09:1)."
            ),
            GenerateFuture { through, current } if es => format!(
                "No se generan cobros de {}: el mes abierto es {}. Los pagos por adelantado se aplican solos a los meses futuros.",
                through.name(lang),
                current.name(lang)
            ),
            GenerateFuture { through, current } => format!(
                "Charges are not generated for {}: the open month is {}. Payments in advance are applied to future months by themselves.",
                through.name(lang),
                current.name(lang)
            ),
            RetiredOwesNothing { member, date } if es => format!(
                "{member} se retiró el {} y no debe nada: no se reciben más pagos de cuotas.",
                format_date(*date, lang)
            ),
            RetiredOwesNothing { member, date } => format!(
                "{member} retired on {} and owes nothing: no more dues payments are taken.",
                format_date(*date, lang)
            ),
            NoSavingsAccount(m) if es => format!(
                "{m} no tiene cuenta de ahorros; se abre con su primer depósito."
            ),
            NoSavingsAccount(m) => {
                format!("{m} has no savings account; one opens with the first deposit.")
            }
            NotMembersAccount { account, member } if es => {
                format!("La cuenta de ahorros {account} no es de {member}.")
            }
            NotMembersAccount { account, member } => {
                format!("Savings account {account} does not belong to {member}.")
            }
            NoAccountOfProduct { member, product } if es => format!(
                "{member} no tiene una cuenta de «{product}»; ábrala con: ayni savings open"
            ),
            NoAccountOfProduct { member, product } => format!(
                "{member} has no '{product}' account; open one with: ayni savings open"
            ),
            UnknownProduct(p) if es => format!(
                "No existe el producto de ahorro «{p}»; vea los productos con: ayni savings products"
            ),
            UnknownProduct(p) => format!(
                "There is no savings product '{p}'; list them with: ayni savings products"
            ),
            NothingDueInMonth { member, month } if es => format!(
                "{member} no tiene nada pendiente en {}: no hay qué exonerar.",
                month.name(lang)
            ),
            NothingDueInMonth { member, month } => format!(
                "{member} has nothing due in {}: there is nothing to waive.",
                month.name(lang)
            ),
            UnknownReceipt(n) if es => format!("No existe el recibo N.º {n:06}."),
            UnknownReceipt(n) => format!("There is no receipt No. {n:06}."),
            NoExercises(p) if es => format!(
                "{} no tiene ejercicios: los traen los escenarios. Vea «ayni demo --list-scenarios» y cree uno con «ayni demo --scenario NOMBRE».",
                p.display()
            ),
            NoExercises(p) => format!(
                "{} has no exercises: scenarios carry them. See 'ayni demo --list-scenarios' and build one with 'ayni demo --scenario NAME'.",
                p.display()
            ),
            ResetNotPractice(p) if es => format!(
                "{} es un libro real, no de práctica: «ayni reset» nunca lo toca. No se cambió nada.",
                p.display()
            ),
            ResetNotPractice(p) => format!(
                "{} is a real book, not a practice book: 'ayni reset' never touches it. Nothing was changed.",
                p.display()
            ),
            Ui(m) => m.clone(),
            BrokenPipe => String::new(),
            Report(e) => e.message(lang),
            Seps(e) => e.message(lang),
            BinaryNeedsOutput(ext) if es => format!(
                "El formato {ext} es un archivo, no texto para la terminal: indique dónde guardarlo con -o ARCHIVO.{ext}."
            ),
            BinaryNeedsOutput(ext) => format!(
                "The {ext} format is a file, not text for the terminal: say where to save it with -o FILE.{ext}."
            ),
            CashCountRequired { month, book } if es => format!(
                "Para cerrar {} indique el arqueo de caja con --cash-count VALOR (el libro muestra {} en caja al {}). Si no coincide, explique la diferencia con --explain TEXTO. Para ver el cierre sin guardar nada use --dry-run.",
                month.name(lang),
                book.localized(lang),
                crate::domain::date::format_date(month.last_day(), lang)
            ),
            CashCountRequired { month, book } => format!(
                "To close {} give the cash count with --cash-count AMOUNT (the book shows {} in cash at {}). If it differs, explain the difference with --explain TEXT. To see the close without saving anything use --dry-run.",
                month.name(lang),
                book.localized(lang),
                crate::domain::date::format_date(month.last_day(), lang)
            ),
            CashDifference(e) if es => format!(
                "{} Con --explain TEXTO la diferencia se registra como sobrante o faltante junto con el cierre. No se cerró nada.",
                e.message(lang)
            ),
            CashDifference(e) => format!(
                "{} With --explain TEXT the difference is recorded as a surplus or shortfall with the close. Nothing was closed.",
                e.message(lang)
            ),
            AlreadyClosed { month, next } if es => format!(
                "{} ya está cerrado; un mes cerrado no se vuelve a abrir (las correcciones se registran en un mes abierto).{}",
                month.name(lang),
                next.map(|n| format!(" El siguiente por cerrar es {}.", n.name(lang)))
                    .unwrap_or_default()
            ),
            AlreadyClosed { month, next } => format!(
                "{} is already closed; a closed month is never reopened (corrections go in an open month).{}",
                month.name(lang),
                next.map(|n| format!(" The next to close is {}.", n.name(lang)))
                    .unwrap_or_default()
            ),
            ExplainWithoutCount if es => "--explain explica la diferencia del arqueo: úselo junto con --cash-count VALOR.".into(),
            ExplainWithoutCount => "--explain explains a cash count difference: use it with --cash-count AMOUNT.".into(),
            NotWhole { title, detail } if es => format!(
                "Los libros no están íntegros ({title}: {detail}); el mes no se cierra. Revíselos con «ayni check»."
            ),
            NotWhole { title, detail } => format!(
                "The books are not whole ({title}: {detail}); the month is not closed. See 'ayni check'."
            ),
            MemberOrAll if es => "Indique el socio (número de identificación o #n) o use --all para todos los socios.".into(),
            MemberOrAll => "Name the member (identification number or #n), or use --all for every member.".into(),
            KeepRange(n) if es => format!(
                "No se pueden guardar {n} copias automáticas: indique un número de 1 a 1000."
            ),
            KeepRange(n) => format!(
                "Cannot keep {n} automatic backups: give a number from 1 to 1000."
            ),
            Restore(detail) if es => format!("No se restauró nada: {detail}"),
            Restore(detail) => format!("Nothing was restored: {detail}"),
            RedactNeedsOutput if es => "Una copia anonimizada (--redact) no va con las copias automáticas: indique dónde guardarla con -o ARCHIVO.".into(),
            RedactNeedsOutput => "A redacted copy (--redact) does not go with the automatic backups: say where to save it with -o FILE.".into(),
            BackupNeedsFile if es => "Una copia de seguridad es un archivo: indique con -o un archivo o una carpeta, no «-» (la salida estándar).".into(),
            BackupNeedsFile => "A backup is a file: give -o a file or a folder, not '-' (standard output).".into(),
        }
    }
}

/// Describes an I/O error in plain words (the system's own text is English).
pub fn io_detail(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    if crate::files::is_no_reader(e) {
        return match lang {
            Lang::Es => "es una tubería que ningún programa está leyendo".into(),
            Lang::En => "it is a pipe that no program is reading".into(),
        };
    }
    if crate::books::is_disk_full(e) {
        return match lang {
            Lang::Es => "el disco está lleno (o se llegó al límite de tamaño de archivo); el archivo anterior quedó como estaba".into(),
            Lang::En => "the disk is full (or the file size limit was reached); any earlier file was left as it was".into(),
        };
    }
    match (e.kind(), lang) {
        (NotFound, Lang::Es) => "no existe".into(),
        (NotFound, Lang::En) => "it does not exist".into(),
        (PermissionDenied, Lang::Es) => "sin permiso".into(),
        (PermissionDenied, Lang::En) => "permission denied".into(),
        (StorageFull, Lang::Es) => "el disco está lleno".into(),
        (StorageFull, Lang::En) => "the disk is full".into(),
        (IsADirectory, Lang::Es) => "es una carpeta".into(),
        (IsADirectory, Lang::En) => "it is a folder".into(),
        (ReadOnlyFilesystem, Lang::Es) => "el disco es de solo lectura".into(),
        (ReadOnlyFilesystem, Lang::En) => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}
