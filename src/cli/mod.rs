//! The command line: clap definitions and the non-interactive commands.
//!
//! `ayni` alone opens the TUI; every other command does one thing and ends.
//! Results go to standard output, errors to standard error in the user's
//! language, with exit code 1 for a refused operation and 2 for a usage
//! error. A bug never shows a backtrace: the dispatch runs under
//! `catch_unwind` and an internal error is reported in one sentence (exit 3).

pub mod backup;
pub mod book;
pub mod class;
pub mod close;
pub mod console;
pub mod dues;
pub mod entries;
pub mod error;
pub mod loans;
pub mod members;
pub mod network;
pub mod output;
pub mod progress;
pub mod reports;
pub mod savings;
pub mod settings;
pub mod statements;
pub mod worksheet;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Args, Parser, Subcommand};

use crate::books::Book;
use crate::i18n::{Lang, Msg};
pub use error::CliError;
use output::Format;

/// Bookkeeping for associations of the popular and solidarity economy
/// (cajas de ahorro, producer associations, small cooperatives).
///
/// Run `ayni` alone to open the interactive program; `ayni demo` then `ayni`
/// to try it on a practice book.
#[derive(Parser, Debug)]
#[command(name = "ayni", version, about, long_about = None)]
pub struct Cli {
    /// The book file [default: the platform's data folder]
    #[arg(long, global = true, env = "AYNI_BOOK", value_name = "PATH")]
    pub book: Option<PathBuf>,
    /// Language of messages and reports [default: config file, else the system's locale]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Colour theme of the interactive program (oscuro, claro, proyector, or your own)
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Open the interactive program with the teaching panel (T-accounts) shown
    #[arg(long, global = true)]
    pub teach: bool,
    /// Layout of the interactive program: roomy (more space, for projectors) or compact
    /// [default: config file, else compact]
    #[arg(long, global = true, value_enum, value_name = "LAYOUT")]
    pub layout: Option<LayoutArg>,
    /// Draw and print with ASCII only (`>`, `[ok]`, `[x]`, `!`, `#`), for an old
    /// console whose font cannot show marks and lines
    /// [default: config file's `ascii`, else as the console asks]
    #[arg(long, global = true)]
    pub ascii: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--lang` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// Español
    Es,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        let code = match l {
            LangArg::Es => "es",
            LangArg::En => "en",
        };
        Lang::parse(code).unwrap_or_default()
    }
}

/// `--layout` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutArg {
    /// More space between rows and inside panels (amplio), for a projector
    #[value(alias = "amplio")]
    Roomy,
    /// As many rows as fit (compacto)
    #[value(alias = "compacto")]
    Compact,
}

impl From<LayoutArg> for crate::ui::density::Density {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Roomy => Self::Roomy,
            LayoutArg::Compact => Self::Compact,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new book for an association
    Init {
        /// Name of the association
        #[arg(long)]
        name: String,
        /// RUC (13 digits), if the association has one
        #[arg(long)]
        ruc: Option<String>,
        /// asociacion, caja or cooperativa
        #[arg(long, default_value = "asociacion")]
        kind: String,
    },
    /// Create a practice book with realistic members and history, or a classroom scenario
    Demo {
        /// Number of members
        #[arg(long, default_value_t = 40)]
        members: usize,
        /// Months of history, ending in the current month
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Seed: the same seed gives the same book
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace an existing practice book (a real book is never replaced)
        #[arg(long)]
        force: bool,
        /// Open the interactive program on the book once it is built
        #[arg(long)]
        open: bool,
        /// List the classroom scenarios, one a line, and build nothing
        #[arg(long, conflicts_with_all = ["scenario", "force", "open"])]
        list_scenarios: bool,
        /// Build a classroom scenario (with exercises) instead of the general demo
        #[arg(long, value_name = "NAME", conflicts_with_all = ["members", "months", "seed"])]
        scenario: Option<String>,
        /// Build a scenario from a scenario file (TOML; see the README)
        #[arg(
            long,
            value_name = "FILE",
            conflicts_with_all = ["members", "months", "seed", "scenario", "list_scenarios"]
        )]
        scenario_file: Option<std::path::PathBuf>,
        /// Build the book as of this day (YYYY-MM-DD), whatever day it is: the same book
        /// for a whole class; `ayni reset` rebuilds it for the same day
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// The exercises of a scenario's practice book, checked against the book now
    #[command(alias = "ejercicios")]
    Exercises {
        /// Every practice book (*.ayni) in this folder: students × tasks
        #[arg(long, value_name = "DIR")]
        class: Option<PathBuf>,
        /// The tasks as a worksheet to print and hand out (with --format html or pdf)
        #[arg(long, conflicts_with = "class")]
        worksheet: bool,
        /// With --worksheet: the answer key too (the keys, and the entries a right answer posts)
        #[arg(long, requires = "worksheet")]
        answers: bool,
        /// table, csv or json; with --worksheet: table, json, html or pdf
        #[arg(long, value_parser = crate::cli::output::worksheet_formats(), default_value = "table")]
        format: Format,
        /// Write to a file instead of the terminal (a PDF needs it)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Rebuild the practice book at --book as it was built (a real book is never touched;
    /// the work done is kept aside)
    Reset {
        /// Rebuild without asking
        #[arg(long)]
        yes: bool,
        /// The scenario to rebuild a book that cannot be opened from
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
        /// Rebuild the book as of this day (YYYY-MM-DD) [default: the day it was built for, else today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Members: add, list, show, import, retire, edit
    #[command(subcommand)]
    Member(MemberCmd),
    /// Journal entries: add, reverse, list, show
    #[command(subcommand)]
    Entry(EntryCmd),
    /// Chart of accounts: list with balances, add a sub-account
    #[command(subcommand)]
    Account(AccountCmd),
    /// Loans: simulate, products, apply, disburse, pay, payoff, schedule, list, show, write off
    #[command(subcommand)]
    Loan(loans::LoanCmd),
    /// Dues and contributions: charge types, charges, payments, waivers, what is owed
    #[command(subcommand)]
    Dues(dues::DuesCmd),
    /// Member savings: deposits, withdrawals, transfers, passbooks
    #[command(subcommand)]
    Savings(savings::SavingsCmd),
    /// The solidarity fund: contributions, grants, statement
    #[command(subcommand)]
    Fund(savings::FundCmd),
    /// Reports
    #[command(subcommand)]
    Report(ReportCmd),
    /// Exports in open formats
    #[command(subcommand)]
    Export(ExportCmd),
    /// A network of associations: the coordinator's screen over monthly
    /// packages (PATH...: files or folders), their consolidation, the book's key
    Network(network::NetworkArgs),
    /// Verify that the books are whole (balances, hash chain, totals, subledgers)
    Check {
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// Close a month: checks, charges, interest, reclassifications, provisions, lock, backup
    Close(close::CloseArgs),
    /// Settings of the book: the loan-loss provision percentages
    #[command(subcommand)]
    Settings(settings::SettingsCmd),
    /// Copy the book (or list the automatic copies, or set how many to keep)
    Backup(backup::BackupArgs),
    /// Replace the book with a backup, after checking it (the replaced book is kept aside)
    Restore(backup::RestoreArgs),
}

/// The fields of a member, for `member add` and `member edit`.
#[derive(Args, Debug, Default)]
pub struct MemberFields {
    /// Cédula (10 digits), RUC (13 digits) or passport number
    #[arg(long)]
    pub id_number: Option<String>,
    /// cedula, ruc or pasaporte [default: guessed from the number]
    #[arg(long)]
    pub id_kind: Option<String>,
    #[arg(long)]
    pub first_names: Option<String>,
    #[arg(long)]
    pub last_names: Option<String>,
    /// F, M or O
    #[arg(long)]
    pub gender: Option<String>,
    /// YYYY-MM-DD or DD/MM/YYYY
    #[arg(long)]
    pub birth_date: Option<String>,
    /// YYYY-MM-DD or DD/MM/YYYY
    #[arg(long)]
    pub join_date: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// Community or address
    #[arg(long)]
    pub community: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// Register a new member
    Add {
        #[command(flatten)]
        fields: MemberFields,
    },
    /// List members
    List {
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// Include retired members
        #[arg(long)]
        all: bool,
        /// Fuzzy search over names, identification and community
        #[arg(long, value_name = "Q")]
        search: Option<String>,
        /// Write to a file instead of the terminal
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show a member's data and balances
    Show {
        /// Identification number, or #n (the member's number)
        id: String,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// Import members from a CSV or XLSX file (all or nothing)
    Import {
        file: PathBuf,
        /// Only show what would be imported; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Import opening balances per member from a CSV or XLSX file, as one opening entry (all or nothing)
    ImportBalances {
        file: PathBuf,
        /// Opening date [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Cash on the opening date (or a CAJA line in the file)
        #[arg(long)]
        cash: Option<String>,
        /// Bank balance on the opening date (or a BANCO line in the file)
        #[arg(long)]
        bank: Option<String>,
        /// Only show what would be posted; write nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
    /// Retire a member (members with history are never deleted)
    Retire {
        /// Identification number, or #n
        id: String,
        /// Retirement date [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Change a member's data (only the fields given)
    Edit {
        /// Identification number, or #n
        id: String,
        #[command(flatten)]
        fields: MemberFields,
    },
}

#[derive(Subcommand, Debug)]
pub enum EntryCmd {
    /// Post a journal entry
    Add {
        /// Date of the entry [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        description: String,
        /// Receipt, invoice or document number
        #[arg(long, default_value = "")]
        reference: String,
        /// ACCOUNT=AMOUNT[@MEMBER], repeatable (amounts as 1234,56 or 1234.56)
        #[arg(long, value_name = "ACCOUNT=AMOUNT[@MEMBER]")]
        debit: Vec<String>,
        /// ACCOUNT=AMOUNT[@MEMBER], repeatable
        #[arg(long, value_name = "ACCOUNT=AMOUNT[@MEMBER]")]
        credit: Vec<String>,
        /// Mark it as an opening-balances entry
        #[arg(long)]
        opening: bool,
    },
    /// Reverse an entry with a new entry that undoes it
    Reverse {
        id: u64,
        /// Date of the reversal [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// List journal entries, newest first
    List {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        /// Account code
        #[arg(long)]
        account: Option<String>,
        /// Identification number, or #n
        #[arg(long)]
        member: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        /// At most this many entries
        #[arg(long)]
        limit: Option<usize>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show one entry
    Show {
        id: u64,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
}

#[derive(Subcommand, Debug)]
pub enum AccountCmd {
    /// The chart of accounts with balances at a month's end
    List {
        /// YYYY-MM [default: the current month]
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_parser = crate::cli::output::list_formats(), default_value = "table")]
        format: Format,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Add a 6-digit sub-account under a 4-digit account
    Add {
        #[arg(long)]
        parent: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Trial balance (balance de comprobación), cumulative to the month's end
    TrialBalance {
        /// YYYY-MM [default: the current open month]
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: crate::report::render::Format,
        /// Write to a file instead of the terminal (required for xlsx and pdf)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// General ledger (libro mayor) of an account: the balance brought
    /// forward, each movement with the running balance, the closing balance
    Ledger(reports::LedgerArgs),
    #[command(flatten)]
    Statements(statements::StatementCmd),
    /// Loan portfolio: each loan's outstanding principal and arrears
    Loans(reports::DatedArgs),
    /// Loan arrears: aging buckets (1-30 ... over 360 days) and PAR30
    LoanArrears(reports::DatedArgs),
    /// Members who owe dues and contributions: months and amount, by community
    DuesArrears(reports::DuesArrearsArgs),
}

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// The whole journal in plain-text accounting format (hledger, ledger)
    Journal {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    #[command(flatten)]
    Seps(statements::SepsCmd),
    /// The month's package for the network (<RUC>_<YYYY-MM>.ayni-red), signed
    Network(statements::SepsArgs),
}

/// What every command needs: the language, where the book is, the config folder.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    /// `--book` or `AYNI_BOOK`, when given.
    pub book: Option<PathBuf>,
    pub theme: Option<String>,
    pub config_dir: Option<PathBuf>,
    /// `--teach`: the interface opens with the teaching panel.
    pub teach: bool,
    /// `--layout`, else the configuration file's `layout`.
    pub layout: Option<crate::ui::density::Density>,
    /// Draw and print with ASCII only ([`console::ascii`]).
    pub ascii: bool,
}

impl Ctx {
    /// The book's path. An explicit path in a missing folder is an error; the
    /// default data folder is created when `create_folder` (init, demo, TUI).
    pub fn book_path(&self, create_folder: bool) -> Result<PathBuf, CliError> {
        if let Some(p) = &self.book {
            if let Some(parent) = p.parent()
                && !parent.as_os_str().is_empty()
                && !parent.is_dir()
            {
                return Err(CliError::Book(crate::books::BookError::Store(
                    crate::books::StoreError::MissingFolder(parent.to_path_buf()),
                )));
            }
            return Ok(p.clone());
        }
        let path = crate::books::default_book_path().ok_or(CliError::NoDataDir)?;
        if let Some(parent) = path.parent() {
            if create_folder {
                std::fs::create_dir_all(parent).map_err(|e| CliError::CreateFolder {
                    path: parent.to_path_buf(),
                    detail: error::io_detail(&e, self.lang),
                })?;
            } else if !path.exists() {
                return Err(CliError::Book(crate::books::BookError::Store(
                    crate::books::StoreError::NotFound(path),
                )));
            }
        }
        Ok(path)
    }

    /// Opens the book to read and write. Refused when the computer's date is
    /// before what the book holds (the clock looks wrong). The first write
    /// of a day makes the daily copy first (a failure to copy is a warning).
    pub fn open_rw(&self) -> Result<Book, CliError> {
        let book = Book::open(&self.book_path(false)?)?;
        book.check_clock()?;
        let lang = self.lang;
        book.daily_backup_before_writing(move |e| {
            output::eprintln(
                &Msg::CliDailyBackupFailed
                    .fill(lang, &[("message", &e.message(lang).trim_end_matches('.'))]),
            )
        });
        Ok(book)
    }

    /// Opens the book only to read: the file is never written.
    pub fn open_ro(&self) -> Result<Book, CliError> {
        let path = self.book_path(false)?;
        match Book::open_read_only(&path) {
            // Open in another window: its read-only view, saying from when.
            Err(e @ crate::books::BookError::Store(crate::books::StoreError::Locked(_))) => {
                match crate::books::view::open_view(&path) {
                    Ok(Some(view)) => {
                        output::eprintln(&view_notice(self.lang, view.taken_at));
                        Ok(view.book)
                    }
                    _ => Err(e.into()),
                }
            }
            r => Ok(r?),
        }
    }
}

/// "The book is open in another window; read-only view of 10:42" (with
/// the day when it is not today).
pub(crate) fn view_notice(lang: Lang, taken: chrono::NaiveDateTime) -> String {
    let time = taken.format("%H:%M").to_string();
    if taken.date() == crate::clock::today() {
        Msg::CliReadFromView.fill(lang, &[("time", &time)])
    } else {
        let date = crate::domain::date::format_date(taken.date(), lang);
        Msg::CliReadFromViewOf.fill(lang, &[("time", &time), ("date", &date)])
    }
}

/// The last panic's message and place, recorded by the hook and reported by [`main`].
static PANIC: Mutex<Option<String>> = Mutex::new(None);
/// The last panic was the storage engine's (a damaged book).
static ENGINE_PANIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            *p = Some(format!("{payload} [{place}]"));
        }
        // A panic of the storage engine that no store guard catches (in a
        // write's commit, say): a damaged page, reported as such below.
        if !crate::books::panic_is_guarded() {
            let engine = info
                .location()
                .is_some_and(|l| crate::books::panic_is_the_engines(l.file()));
            ENGINE_PANIC.store(engine, std::sync::atomic::Ordering::Relaxed);
        }
    }));
}

fn internal_error_message(lang: Lang) -> String {
    let detail = PANIC
        .lock()
        .ok()
        .and_then(|mut p| p.take())
        .unwrap_or_default();
    Msg::CliInternalError.fill(lang, &[("detail", &detail)])
}

/// The program: parse, read the configuration, run one command or the TUI.
pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with exit 0; usage errors exit 2.
            // A usage error quotes what was typed: never a control character raw.
            let plain = e.render().to_string();
            match crate::domain::text::visible_document(&plain) {
                std::borrow::Cow::Borrowed(_) => {
                    let _ = e.print();
                }
                std::borrow::Cow::Owned(safe) if e.use_stderr() => output::eprintln(&safe),
                std::borrow::Cow::Owned(safe) => {
                    let _ = output::print(&safe);
                }
            }
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let config_dir = crate::books::config_dir();
    let (config, warnings) = crate::config::load(config_dir.as_deref());
    // `--lang`, else the configuration file, else the system's locale.
    let lang = Lang::detect(
        cli.lang.map(|l| Lang::from(l).code()),
        config.lang.as_deref(),
    );
    for w in &warnings {
        output::eprintln(&w.message(lang));
    }
    let ctx = Ctx {
        lang,
        book: cli.book.clone().filter(|p| !p.as_os_str().is_empty()),
        theme: cli.theme.clone().or(config.theme),
        config_dir,
        teach: cli.teach,
        layout: cli.layout.map(Into::into).or(config.layout),
        ascii: console::ascii(cli.ascii, config.ascii),
    };
    output::set_ascii(ctx.ascii);
    if let Err(e) = crate::clock::init() {
        output::eprintln(&CliError::from(e).message(lang));
        return ExitCode::from(1);
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match cli.command {
        // The interface shows its own gauge.
        None => run(&ctx, None),
        command => progress::shown(ctx.lang, ctx.ascii, || run(&ctx, command)),
    }));
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            let msg = e.message(lang);
            if !msg.is_empty() {
                output::eprintln(&msg);
            }
            ExitCode::from(e.exit_code())
        }
        Err(_) if ENGINE_PANIC.load(std::sync::atomic::Ordering::Relaxed) => {
            // The transaction that met the damaged page was dropped unfinished
            // (never committed) while the panic unwound.
            let detail = PANIC
                .lock()
                .ok()
                .and_then(|mut p| p.take())
                .unwrap_or_default();
            let path = ctx.book_path(false).unwrap_or_default();
            output::eprintln(&crate::books::StoreError::Damaged(path, detail).message(lang));
            ExitCode::from(1)
        }
        Err(_) => {
            output::eprintln(&internal_error_message(lang));
            ExitCode::from(3)
        }
    }
}

/// Runs one command (or the TUI when there is none).
pub fn run(ctx: &Ctx, command: Option<Command>) -> Result<(), CliError> {
    // Debug builds only: lets the tests prove that a bug shows one sentence, not a backtrace.
    #[cfg(debug_assertions)]
    #[allow(
        clippy::panic,
        reason = "debug builds only: the tests' deliberate panic"
    )]
    if std::env::var_os("AYNI_DEBUG_PANIC").is_some() {
        panic!("AYNI_DEBUG_PANIC");
    }
    match command {
        None => book::tui(ctx),
        Some(Command::Init { name, ruc, kind }) => book::init(ctx, &name, ruc.as_deref(), &kind),
        Some(Command::Demo {
            list_scenarios: true,
            ..
        }) => book::list_scenarios(ctx),
        Some(Command::Demo {
            scenario: Some(name),
            force,
            open,
            date,
            ..
        }) => book::scenario(ctx, &name, force, open, date.as_deref()),
        Some(Command::Demo {
            scenario_file: Some(file),
            force,
            open,
            ..
        }) => book::scenario_from_file(ctx, &file, force, open),
        Some(Command::Demo {
            members,
            months,
            seed,
            force,
            open,
            date,
            ..
        }) => book::demo(ctx, members, months, seed, force, open, date.as_deref()),
        Some(Command::Exercises {
            worksheet: true,
            answers,
            format,
            output,
            ..
        }) => book::worksheet(ctx, answers, format, output.as_deref()),
        Some(Command::Exercises {
            class: Some(dir),
            format,
            ..
        }) => class::run(ctx, &dir, list_only(format)?),
        Some(Command::Exercises { format, .. }) => book::exercises(ctx, list_only(format)?),
        Some(Command::Reset {
            yes,
            scenario,
            date,
        }) => book::reset(ctx, yes, scenario.as_deref(), date.as_deref()),
        Some(Command::Member(c)) => members::run(ctx, c),
        Some(Command::Entry(c)) => entries::run(ctx, c),
        Some(Command::Account(c)) => entries::run_account(ctx, c),
        Some(Command::Loan(c)) => loans::run(ctx, c),
        Some(Command::Dues(c)) => dues::run(ctx, c),
        Some(Command::Savings(c)) => savings::run(ctx, c),
        Some(Command::Fund(c)) => savings::run_fund(ctx, c),
        Some(Command::Report(c)) => reports::run(ctx, c),
        Some(Command::Export(c)) => reports::export(ctx, c),
        Some(Command::Network(a)) => network::run(ctx, a),
        Some(Command::Check { format }) => reports::check(ctx, format),
        Some(Command::Close(a)) => close::run(ctx, a),
        Some(Command::Settings(c)) => settings::run(ctx, c),
        Some(Command::Backup(a)) => backup::run(ctx, a),
        Some(Command::Restore(a)) => backup::restore(ctx, a),
    }
}

/// A path for messages: as the user gave it.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// The checked exercises and the class are lists (table, CSV, JSON); the
/// printable formats are the worksheet's.
fn list_only(format: Format) -> Result<Format, CliError> {
    match format {
        Format::Html | Format::Pdf | Format::Xlsx => {
            Err(CliError::NeedsWorksheet(format.extension()))
        }
        f => Ok(f),
    }
}
