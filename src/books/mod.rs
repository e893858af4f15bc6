//! The application layer. Each operation validates, builds its journal entry
//! and subledger changes, and commits them in ONE store transaction; queries
//! for screens and reports read maintained totals.

pub mod account_ledger;
pub mod backup;
pub mod check;
pub mod clock_check;
pub mod close;
pub mod dues;
pub mod import;
pub mod ledger;
pub mod loans;
pub mod members;
pub mod network_key;
pub mod opening;
pub mod practice_book;
pub mod provisions;
pub mod redact;
pub mod savings;
pub mod view;
pub mod visit;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::account::{Account, AccountError, seed_chart};
use crate::domain::entry::EntryError;
use crate::domain::member::{Field, MemberError};
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::{Settings, SettingsError};
use crate::i18n::{Lang, Msg};
use crate::store::{Mode, Store, StoreRead};

/// The store's errors and the few facts about it the front ends need (a
/// full disk, a panic inside the storage engine): above books, the store is
/// reached only through books.
pub use crate::store::{StoreError, is_disk_full, panic_is_guarded, panic_is_the_engines};
pub use import::{ImportLineError, ImportPreview};

/// Where "now" comes from: the program's clock ([`crate::clock`], local time),
/// or a fixed instant (practice books being built, tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(self) -> NaiveDateTime {
        match self {
            Clock::System => crate::clock::now(),
            Clock::Fixed(t) => t,
        }
    }
    pub fn today(self) -> NaiveDate {
        self.now().date()
    }
}

/// Everything an operation on the books can refuse. Each has a message in
/// Spanish and English ([`BookError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("invalid member data")]
    Member(Vec<(Field, MemberError)>),
    #[error("account {0} does not exist")]
    UnknownAccount(String),
    #[error("account {0} groups other accounts; post to one of its sub-accounts")]
    NotPostable(String),
    #[error("account {0} belongs to the members' subledger: each line needs a member")]
    MemberRequired(String),
    #[error("member {0} not found")]
    UnknownMember(String),
    #[error("member {0} is already retired")]
    AlreadyRetired(String),
    #[error("identification number {id_number} already belongs to {name}")]
    DuplicateId { id_number: String, name: String },
    #[error("{0} is closed; post the correction in an open month")]
    ClosedMonth(Month),
    #[error("{0} is in the future")]
    FutureMonth(Month),
    #[error("the period starts in {from}, after its last month {to}")]
    MonthRange { from: Month, to: Month },
    #[error("entry {0} not found")]
    EntryNotFound(u64),
    #[error("entry {id} was already reversed by entry {by}")]
    AlreadyReversed { id: u64, by: u64 },
    #[error("entry {0} is itself a reversal")]
    ReverseOfReversal(u64),
    #[error("account {0} already exists")]
    AccountExists(String),
    #[error("account {0} already has postings; sub-accounts must be created before posting")]
    ParentHasPostings(String),
    #[error("months are closed in order: the next month to close is {0}")]
    CloseOrder(Month),
    #[error("the retirement date must be between the join date and today")]
    RetireDate,
    #[error("this book does not refund capital contributions to departing members")]
    NotRefundable,
    #[error("{0} is not a practice book; it is never replaced")]
    NotPractice(PathBuf),
    #[error("the book is open read-only")]
    ReadOnly,
    #[error("the CSV file has errors; nothing was imported")]
    Import(ImportPreview),
    #[error(transparent)]
    Dues(#[from] dues::DuesError),
    #[error(transparent)]
    Savings(#[from] savings::SavingsError),
    #[error(transparent)]
    Loan(#[from] loans::LoanOpError),
    #[error(transparent)]
    Close(#[from] close::CloseError),
    #[error(transparent)]
    Visit(#[from] visit::VisitError),
    #[error(transparent)]
    Opening(#[from] opening::OpeningError),
    #[error(transparent)]
    Backup(#[from] backup::BackupError),
    #[error("{0}")]
    File(String),
    #[error("the system's random source failed: {0}")]
    Random(String),
    #[error(transparent)]
    Clock(#[from] clock_check::ClockBehind),
    #[error(transparent)]
    Text(#[from] crate::domain::text::TextError),
    #[error("member number {0} is already taken")]
    MemberNumberTaken(u32),
    #[error(
        "account {account} would go below zero on {short_on}: {out} goes out, {available} is available from {date} on"
    )]
    CashShort {
        account: String,
        /// The account's name in Spanish and in English.
        names: (String, String),
        /// The operation's date.
        date: NaiveDate,
        /// The first day whose balance would be negative.
        short_on: NaiveDate,
        /// What the operation takes out of the account.
        out: Money,
        /// The most that can leave the account on `date` (never below zero).
        available: Money,
    },
    #[error("account {account}'s totals would exceed the largest figure a book holds")]
    TotalTooLarge {
        account: String,
        names: (String, String),
    },
}

impl BookError {
    pub fn message(&self, lang: Lang) -> String {
        use BookError::*;
        match self {
            Store(e) => e.message(lang),
            Settings(e) => e.message(lang),
            Entry(e) => e.message(lang),
            Account(e) => e.message(lang),
            Member(errs) => errs
                .iter()
                .map(|(f, e)| format!("{}: {}", f.label(lang), e.message(lang)))
                .collect::<Vec<_>>()
                .join("\n"),
            UnknownAccount(c) => Msg::ErrBookUnknownAccount.fill(lang, &[("c", &c)]),
            NotPostable(c) => Msg::ErrBookNotPostable.fill(lang, &[("c", &c)]),
            MemberRequired(c) => Msg::ErrBookMemberRequired.fill(lang, &[("c", &c)]),
            UnknownMember(m) => Msg::ErrBookUnknownMember.fill(lang, &[("m", &m)]),
            AlreadyRetired(m) => Msg::ErrBookAlreadyRetired.fill(lang, &[("m", &m)]),
            DuplicateId { id_number, name } => {
                Msg::ErrBookDuplicateId.fill(lang, &[("id_number", &id_number), ("name", &name)])
            }
            ClosedMonth(m) => Msg::ErrBookClosedMonth.fill(lang, &[("m", &m.name(lang))]),
            FutureMonth(m) => Msg::ErrBookFutureMonth.fill(lang, &[("m", &m.name(lang))]),
            MonthRange { from, to } => Msg::ErrBookMonthRange
                .fill(lang, &[("from", &from.name(lang)), ("to", &to.name(lang))]),
            EntryNotFound(id) => Msg::ErrBookEntryNotFound.fill(lang, &[("id", &id)]),
            AlreadyReversed { id, by } => {
                Msg::ErrBookAlreadyReversed.fill(lang, &[("by", &by), ("id", &id)])
            }
            ReverseOfReversal(id) => Msg::ErrBookReverseOfReversal.fill(lang, &[("id", &id)]),
            AccountExists(c) => Msg::ErrBookAccountExists.fill(lang, &[("c", &c)]),
            ParentHasPostings(c) => Msg::ErrBookParentHasPostings.fill(lang, &[("c", &c)]),
            CloseOrder(m) => Msg::ErrBookCloseOrder.fill(lang, &[("m", &m.name(lang))]),
            RetireDate => Msg::ErrBookRetireDate.t(lang).into(),
            NotRefundable => Msg::ErrBookNotRefundable.t(lang).into(),
            NotPractice(p) => Msg::ErrBookNotPractice.fill(lang, &[("path", &p.display())]),
            ReadOnly => Msg::ErrBookReadOnly.t(lang).into(),
            Import(p) => {
                let mut s = Msg::ErrBookImport.fill(lang, &[("n", &p.errors.len())]);
                for e in p.errors.iter().take(50) {
                    s.push('\n');
                    s.push_str(&e.message(lang));
                }
                s
            }
            Dues(e) => e.message(lang),
            Savings(e) => e.message(lang),
            Loan(e) => e.message(lang),
            Close(e) => e.message(lang),
            Visit(e) => e.message(lang),
            Opening(e) => e.message(lang),
            Backup(e) => e.message(lang),
            File(s) => s.clone(),
            Random(d) => Msg::ErrRandom.fill(lang, &[("detail", d)]),
            Clock(e) => e.message(lang),
            Text(e) => e.message(lang),
            MemberNumberTaken(n) => Msg::ErrBookMemberNumberTaken.fill(lang, &[("n", &n)]),
            CashShort {
                account,
                names,
                date,
                short_on,
                out,
                available,
            } => cash_short_message(account, names, *date, *short_on, *out, *available, lang),
            TotalTooLarge { account, names } => Msg::ErrBookTotalTooLarge.fill(
                lang,
                &[
                    ("account", account),
                    ("name", lang.pick(&names.0, &names.1)),
                ],
            ),
        }
    }
}

/// The message of [`BookError::CashShort`].
fn cash_short_message(
    account: &str,
    names: &(String, String),
    date: NaiveDate,
    short_on: NaiveDate,
    out: Money,
    available: Money,
    lang: Lang,
) -> String {
    let d = |x| crate::domain::date::format_date(x, lang);
    let (out, available) = (out.localized(lang), available.localized(lang));
    let name = lang.pick(&names.0, &names.1);
    let msg = if short_on > date {
        Msg::ErrBookCashShortLater
    } else {
        Msg::ErrBookCashShort
    };
    msg.fill(
        lang,
        &[
            ("account", &account),
            ("name", name),
            ("date", &d(date)),
            ("short_on", &d(short_on)),
            ("out", &out),
            ("available", &available),
        ],
    )
}

/// An open book: one association's accounts, members and journal.
pub struct Book {
    store: Store,
    clock: Clock,
    /// The chart, cached: it changes only through this book (the file is locked).
    chart: Vec<Account>,
}

impl std::fmt::Debug for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book")
            .field("path", &self.path())
            .field("read_only", &self.is_read_only())
            .finish()
    }
}

impl Book {
    /// Creates a new book at `path` with the seeded chart of accounts.
    pub fn create(path: &Path, settings: Settings) -> Result<Book, BookError> {
        Book::create_with_clock(path, settings, Clock::System)
    }

    pub fn create_with_clock(
        path: &Path,
        settings: Settings,
        clock: Clock,
    ) -> Result<Book, BookError> {
        let settings = settings.validate()?;
        let created = clock.now().and_utc().timestamp();
        let store = Store::create(path, |tx| {
            tx.meta_put("settings", &settings)?;
            tx.meta_put("created_at", &created)?;
            tx.meta_put("next_entry_id", &1u64)?;
            tx.meta_put("next_member_id", &1u32)?;
            tx.meta_put("chain_head", &[0u8; 32])?;
            for a in seed_chart() {
                tx.put_account(&a)?;
            }
            Ok(())
        })?;
        Book::from_store(store, clock)
    }

    /// Opens a book to read and write.
    pub fn open(path: &Path) -> Result<Book, BookError> {
        Book::from_store(Store::open(path, Mode::ReadWrite)?, Clock::System)
    }

    /// Opens a book only to read: the file is never written.
    pub fn open_read_only(path: &Path) -> Result<Book, BookError> {
        Book::from_store(Store::open(path, Mode::ReadOnly)?, Clock::System)
    }

    fn from_store(store: Store, clock: Clock) -> Result<Book, BookError> {
        let chart = store.read()?.accounts()?;
        Ok(Book {
            store,
            clock,
            chart,
        })
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }
    pub fn clock(&self) -> Clock {
        self.clock
    }
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
    pub fn path(&self) -> &Path {
        self.store.path()
    }
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }
    /// Refuses any change to a book opened read-only.
    pub(crate) fn check_writable(&self) -> Result<(), BookError> {
        if self.is_read_only() {
            Err(BookError::ReadOnly)
        } else {
            Ok(())
        }
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
    pub(crate) fn now_ts(&self) -> i64 {
        self.clock.now().and_utc().timestamp()
    }

    /// Bulk mode for generating practice books: commits skip the wait for the
    /// disk until it is switched off, which makes everything durable at once.
    pub fn set_bulk(&mut self, on: bool) -> Result<(), BookError> {
        Ok(self.store.set_bulk(on)?)
    }

    /// Batching, in bulk mode: operations share one store transaction,
    /// committed in large batches (see `store::batch`). An operation that
    /// fails inside a batch abandons it, so operations that may refuse are
    /// run with batching off.
    pub fn set_batching(&mut self, on: bool) -> Result<(), BookError> {
        Ok(self.store.set_batching(on)?)
    }

    pub fn settings(&self) -> Result<Settings, BookError> {
        Ok(self.store.read()?.settings()?)
    }

    pub fn update_settings(&mut self, s: Settings) -> Result<Settings, BookError> {
        let s = s.validate()?;
        let tx = self.store.write()?;
        tx.meta_put("settings", &s)?;
        tx.commit()?;
        Ok(s)
    }

    /// The last closed month, if any.
    /// A stored key outside the months ayni writes (1900-2200) is damage: an error.
    pub fn closed_through(&self) -> Result<Option<Month>, BookError> {
        let Some(key) = self.store.read()?.meta_get::<u32>("closed_through")? else {
            return Ok(None);
        };
        let m = Month::from_key(key);
        if Month::new(m.year(), m.month()) != Some(m) {
            return Err(BookError::Store(StoreError::Decode {
                table: "meta",
                detail: format!("closed_through {key} is not a month from 1900 to 2200"),
            }));
        }
        Ok(Some(m))
    }

    /// The month the treasurer works in: today's month (never before the first open month).
    pub fn current_month(&self) -> Result<Month, BookError> {
        let today = Month::of(self.today());
        Ok(match self.closed_through()? {
            Some(c) if c >= today => c.next(),
            _ => today,
        })
    }

    /// The chart, in code order.
    pub fn chart(&self) -> &[Account] {
        &self.chart
    }

    pub fn account(&self, code: &str) -> Option<&Account> {
        self.chart.iter().find(|a| a.code == code)
    }

    /// Whether entries may post to the account (a leaf of the chart).
    pub fn is_postable(&self, code: &str) -> bool {
        code.len() >= 4
            && self.account(code).is_some()
            && !self
                .chart
                .iter()
                .any(|a| a.code.len() > code.len() && a.code.starts_with(code))
    }

    /// Refuses money paid in or out through anything but a postable cash or
    /// bank account (11...).
    pub(crate) fn check_cash_account(&self, cash_account: &str) -> Result<(), BookError> {
        if cash_account.starts_with("11") && self.is_postable(cash_account) {
            Ok(())
        } else {
            Err(dues::DuesError::BadCashAccount(cash_account.to_string()).into())
        }
    }

    /// The checks of an operation that moves cash on `date`: the book is
    /// writable, the cash account, the date is open.
    pub(crate) fn cash_guard(&self, date: NaiveDate, cash_account: &str) -> Result<(), BookError> {
        self.check_writable()?;
        self.check_cash_account(cash_account)?;
        self.check_date_open(date)
    }
}

/// `text` with every run of white space made one space, cut to `max`
/// characters: a reason or purpose as it is recorded.
pub(crate) fn squashed(text: &str, max: usize) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// The default book: `libro.ayni` beside the program when there is one (a
/// portable folder on a USB stick: see [`portable_book`]), else in the
/// platform's data folder.
pub fn default_book_path() -> Option<PathBuf> {
    portable_book().or_else(|| {
        directories::ProjectDirs::from("ec", "ayni", "ayni")
            .map(|d| d.data_dir().join("libro.ayni"))
    })
}

/// The book kept beside the program, `libro.ayni` in the program's folder,
/// when that file exists: the portable mode of the Windows folder, whose
/// program opens the book that travels with it.
pub fn portable_book() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let book = exe.parent()?.join("libro.ayni");
    book.is_file().then_some(book)
}

/// The platform's configuration folder (themes, language).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("ec", "ayni", "ayni").map(|d| d.config_dir().to_path_buf())
}

/// A money amount from cents.
pub(crate) fn m(c: i64) -> Money {
    Money::from_cents(c)
}
