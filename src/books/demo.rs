//! Demo books (`ayni demo`): a realistic practice book of an association of
//! the popular and solidarity economy in the Ecuadorian Andes, with members,
//! opening balances and M months of history ending in the clock's month
//! (earlier months closed, the current one open).
//!
//! Everything is posted through the books API (entries through `post_in`, the
//! same path as [`Book::post`], members through `insert_member`, reversals,
//! retirements and closes through their operations), so a demo book obeys
//! every rule a real one does and `ayni check` passes on it.
//!
//! Deterministic: the same seed and the same clock give the same book, entry
//! for entry and hash for hash. Randomness comes from [`Rng`] (splitmix64),
//! consumed in a fixed order; the book's clock is stepped to each entry's date
//! so that `recorded_at` is both realistic and reproducible.
//!
//! Speed: one store transaction per month (in bulk mode, without waiting for
//! the disk), and one durable commit at the end. The book is built in a
//! temporary file beside the target and renamed over it only when complete,
//! so a kill half-way leaves any earlier practice book as it was.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::close::CloseOptions;
use super::{Book, BookError, Clock};
use crate::domain::account::codes::{
    ACCUMULATED_LOSSES, ACCUMULATED_SURPLUS, BANKS, CASH, DONATIONS, LEGAL_RESERVE,
    MEMBER_CONTRIBUTIONS, SAVINGS_DEPOSITS, YEAR_LOSS, YEAR_SURPLUS,
};
use crate::domain::entry::{Entry, EntryDraft, EntryKind, Posting};
use crate::domain::ident::{make_cedula, make_company_ruc};
use crate::domain::member::MemberInput;
use crate::domain::money::Money;
use crate::domain::period::Month;
use crate::domain::settings::{AssocKind, Settings};
use crate::store::{StoreError, WriteTx};

/// Accounts the demo posts to besides the ones in `codes`.
const FURNITURE: &str = "1805";
const DUES_INCOME: &str = "5490";
const STAFF: &str = "4501";
const FEES: &str = "4502";
const SERVICES: &str = "4503";
const OTHER_EXPENSES: &str = "4507";

/// The longest history generated (20 years); longer requests are shortened.
pub const MAX_MONTHS: u32 = 240;
/// The most members generated; larger requests are reduced.
pub const MAX_MEMBERS: usize = 100_000;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Members (at least 1, at most [`MAX_MEMBERS`]).
    pub members: usize,
    /// Months of history ending in the current month (1 to [`MAX_MONTHS`]).
    pub months: u32,
    /// The same seed (and clock) gives the same book.
    pub seed: u64,
    /// Replace an existing practice book (never a real one).
    pub force: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            members: 40,
            months: 12,
            seed: 1,
            force: false,
        }
    }
}

/// Creates a practice book at `path` with the system clock: see
/// [`create_demo_with_clock`].
pub fn create_demo(path: &Path, opts: &DemoOptions) -> Result<Book, BookError> {
    create_demo_with_clock(path, opts, Clock::System)
}

/// Creates a practice book at `path` whose history ends in `clock`'s month.
///
/// An existing file is refused ([`StoreError::AlreadyExists`]) unless
/// `opts.force`; even then only a practice book is replaced: a real book, a
/// file that is not an ayni book or a damaged one is refused with
/// [`BookError::NotPractice`] and left untouched, and a book open in another
/// ayni with [`StoreError::Locked`]. The returned book is open read-write at
/// `path`, with `clock`.
pub fn create_demo_with_clock(
    path: &Path,
    opts: &DemoOptions,
    clock: Clock,
) -> Result<Book, BookError> {
    if std::fs::symlink_metadata(path).is_ok() {
        if !opts.force {
            return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
        }
        refuse_unless_practice(path)?;
    }
    let tmp = temp_path(path)?;
    // A leftover of a killed run of a process that had our id: it is ours.
    if tmp.exists() {
        let _ = std::fs::remove_file(&tmp);
    }
    if let Err(e) = generate(&tmp, opts, clock) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = put_in_place(&tmp, path, opts.force) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let mut book = Book::open(path)?;
    book.set_clock(clock);
    Ok(book)
}

/// Only a practice book may be replaced; anything else is refused untouched
/// (opened read-only, so not a byte is written to it).
fn refuse_unless_practice(path: &Path) -> Result<(), BookError> {
    let practice = Book::open_read_only(path).and_then(|b| b.settings().map(|s| s.practice));
    match practice {
        Ok(true) => Ok(()),
        // These say better what is wrong than "not a practice book".
        Err(BookError::Store(e @ (StoreError::Locked(_) | StoreError::NeedsMigration(_)))) => {
            Err(e.into())
        }
        Ok(false) | Err(_) => Err(BookError::NotPractice(path.to_path_buf())),
    }
}

/// The temporary file the book is built in: hidden, in the target's folder
/// (so that the final rename stays on one file system), named by process.
fn temp_path(path: &Path) -> Result<PathBuf, BookError> {
    let name = path
        .file_name()
        .ok_or_else(|| StoreError::Foreign(path.to_path_buf()))?
        .to_string_lossy();
    Ok(path.with_file_name(format!(".{name}.demo-{}.tmp", std::process::id())))
}

fn fs_error(path: &Path, e: std::io::Error) -> BookError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::Permission(path.to_path_buf())
        }
        std::io::ErrorKind::StorageFull => StoreError::DiskFull,
        _ => StoreError::Io(format!("{}: {e}", path.display())),
    }
    .into()
}

/// Moves the finished book to `path`. Without `force` nothing may be there
/// (a hard link refuses atomically); with it, the rename replaces the old
/// practice book in one step.
fn put_in_place(tmp: &Path, path: &Path, force: bool) -> Result<(), BookError> {
    if force {
        std::fs::rename(tmp, path).map_err(|e| fs_error(path, e))?;
    } else {
        match std::fs::hard_link(tmp, path) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
            }
            // File systems without hard links: check, then rename.
            Err(_) => {
                if std::fs::symlink_metadata(path).is_ok() {
                    return Err(StoreError::AlreadyExists(path.to_path_buf()).into());
                }
                std::fs::rename(tmp, path).map_err(|e| fs_error(path, e))?;
            }
        }
    }
    sync_folder(path);
    Ok(())
}

/// Makes the rename itself durable (best effort; not possible on Windows).
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(f) = std::fs::File::open(dir) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// splitmix64 (Steele, Lea and Flood, 2014; the generator that seeds the
/// xoshiro family): the state advances by a fixed odd constant and each output
/// is the state mixed by two multiply-xorshift rounds. A few lines, fast,
/// identical on every platform, and plenty for made-up practice data (it is
/// not meant for anything secret).
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n` is 0); the modulo bias is negligible here.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }
    /// True with the given probability in percent.
    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    /// One of the items (the type's default for an empty slice).
    fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }
}

/// Where the association is.
struct Region {
    province: u8,
    province_name: &'static str,
    canton: &'static str,
    city: &'static str,
    communities: &'static [&'static str],
}

const REGIONS: &[Region] = &[
    Region {
        province: 10,
        province_name: "Imbabura",
        canton: "Otavalo",
        city: "Otavalo",
        communities: &[
            "San Pablo del Lago",
            "Cotama",
            "Peguche",
            "La Calera",
            "Ilumán",
            "Agato",
            "Quinchuquí",
            "Gualsaquí",
            "Araque",
            "Camuendo",
        ],
    },
    Region {
        province: 5,
        province_name: "Cotopaxi",
        canton: "Pujilí",
        city: "Latacunga",
        communities: &[
            "Zumbahua",
            "Guangaje",
            "Tigua",
            "Chugchilán",
            "Cochapamba",
            "Canchagua",
            "Quilotoa",
            "Salamalag",
            "Yanahurco",
            "Pilaló",
        ],
    },
    Region {
        province: 6,
        province_name: "Chimborazo",
        canton: "Colta",
        city: "Riobamba",
        communities: &[
            "Cajabamba",
            "Columbe",
            "Sicalpa",
            "Santiago de Quito",
            "Cacha",
            "Palmira",
            "Cebadas",
            "Licto",
            "Flores",
            "San Juan",
        ],
    },
    Region {
        province: 18,
        province_name: "Tungurahua",
        canton: "Ambato",
        city: "Ambato",
        communities: &[
            "Salasaca",
            "Chibuleo",
            "Pilahuín",
            "Quisapincha",
            "Santa Rosa",
            "Juan Benigno Vela",
            "Pasa",
            "Tisaleo",
            "Angahuana",
            "Llangahua",
        ],
    },
];

/// Provinces of the sierra (cédula prefixes) people move between.
const SIERRA: &[u8] = &[1, 2, 3, 4, 5, 6, 10, 11, 17, 18];

const WOMEN: &[&str] = &[
    "María",
    "Rosa",
    "Carmen",
    "Mercedes",
    "Sisa",
    "Nina",
    "Killa",
    "Tránsito",
    "Dolores",
    "Luz",
    "Blanca",
    "Zoila",
    "Inés",
    "Juana",
    "Alicia",
    "Martha",
    "Margarita",
    "Sumak",
    "Wayra",
    "Yolanda",
    "Gloria",
    "Lucía",
    "Rosario",
    "Fanny",
];
const MEN: &[&str] = &[
    "José",
    "Luis",
    "Manuel",
    "Segundo",
    "Juan",
    "Pedro",
    "Alfonso",
    "Rafael",
    "Inti",
    "Amaru",
    "César",
    "Jorge",
    "Ángel",
    "Miguel",
    "Carlos",
    "Héctor",
    "Alberto",
    "Francisco",
    "Rumi",
    "Atahualpa",
    "Fausto",
    "Galo",
    "Marcelo",
    "Víctor",
];
const SURNAMES: &[&str] = &[
    "Quispe",
    "Chango",
    "Guamán",
    "Morocho",
    "Pilataxi",
    "Yupanqui",
    "Sisa",
    "Tupac",
    "Cachiguango",
    "Lema",
    "Farinango",
    "Anrango",
    "Tituaña",
    "Guandinango",
    "Chicaiza",
    "Toapanta",
    "Paucar",
    "Caiza",
    "Yamberla",
    "Perugachi",
    "Cotacachi",
    "Andrango",
    "Males",
    "Maldonado",
    "Picuasi",
    "Cabascango",
    "Ushiña",
    "Pillajo",
    "Tipán",
    "Simbaña",
    "Lligalo",
    "Guachamín",
    "Pastuña",
    "Sigcha",
    "Muenala",
    "Cumbal",
    "Vega",
    "Pérez",
    "Yépez",
    "Díaz",
];
const KICHWA_NAMES: &[&str] = &[
    "Sumak Kawsay",
    "Ñukanchik Kullki",
    "Inti Raymi",
    "Mushuk Pakari",
    "Allpa Mama",
    "Runa Tinkuy",
    "Kawsay Ñan",
    "Sisa Pamba",
    "Wiñari",
    "Ayllu Llakta",
    "Mushuk Yuyay",
    "Maki Purarina",
];
/// Name patterns and the kind of association each is.
const NAME_PATTERNS: &[(&str, AssocKind)] = &[
    ("Caja de Ahorro", AssocKind::Caja),
    ("Caja Solidaria Comunitaria", AssocKind::Caja),
    (
        "Asociación de Productores Agropecuarios",
        AssocKind::Asociacion,
    ),
    ("Asociación de Artesanos Textiles", AssocKind::Asociacion),
    (
        "Asociación de Desarrollo Comunitario",
        AssocKind::Asociacion,
    ),
];
const NGOS: &[&str] = &[
    "Fundación Runa Tinkuy",
    "Fundación Minga por el Agua",
    "ONG Semillas Andinas",
    "Fondo de Desarrollo Comunitario Kawsay",
];
const DONATION_PURPOSES: &[&str] = &[
    "capacitación en contabilidad",
    "compra de semillas de papa",
    "mejora del local comunal",
    "feria agroecológica",
];
const RETIRE_REASONS: &[&str] = &[
    "Retiro voluntario: migró a la ciudad",
    "Retiro voluntario: cambio de domicilio",
    "Retiro voluntario por motivos familiares",
];
/// Savings deposits people usually make, in dollars.
const SAVINGS_DOLLARS: &[i64] = &[5, 5, 10, 10, 10, 15, 20, 20, 25, 30, 40, 50, 60, 80, 100];

/// One member as planned before the book exists.
struct Person {
    input: MemberInput,
    name: String,
    /// The month (index in the history) they join; `None`: before the history.
    join_idx: Option<u32>,
    /// How often they come to the monthly meeting (percent).
    attends: u64,
    /// How often they save at a meeting (percent).
    saves: u64,
    /// What they add to the monthly contribution, in cents.
    extra_aporte: i64,
}

/// A member in the book while the history is generated.
struct Live {
    id: u32,
    /// Index into the planned people: set from their enumeration, so
    /// `people[person]` is always in bounds.
    person: usize,
    savings: i64,
    missed: u32,
    retired: bool,
}

/// The association's habits and prices (cents).
struct Plan {
    months: u32,
    start: Month,
    /// Day of the month of the meeting (5 to 15).
    meeting_day: u32,
    dues: i64,
    dues_raise_idx: Option<u32>,
    aporte: i64,
    admission: i64,
    first_aporte: i64,
    rent: i64,
    transport: i64,
    bank_fee: i64,
    bonus: i64,
    accountant: i64,
    mistake_idx: u32,
    donation_idx: u32,
    /// (month index, person index) of each retirement.
    retirements: Vec<(u32, usize)>,
}

/// The generator: the book being written, the random stream, the clock
/// stamps and the balances it must never overdraw.
struct Gen {
    book: Book,
    rng: Rng,
    today: NaiveDate,
    now: NaiveDateTime,
    stamp: NaiveDateTime,
    cash: i64,
    bank: i64,
    receipts: u32,
    vouchers: u32,
}

fn at(d: NaiveDate, hour: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn c(cents: i64) -> Money {
    Money::from_cents(cents)
}

/// Day `day` of the month, no later than its last day nor `today`.
fn day_of(month: Month, day: u32, today: NaiveDate) -> NaiveDate {
    let last = month.last_day();
    let d = month
        .first_day()
        .with_day(day.clamp(1, last.day()))
        .unwrap_or(last);
    d.min(today).max(month.first_day())
}

/// The text with its first letter in upper case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a y b", "a, b y c".
fn join_words(parts: &[String]) -> String {
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} y {last}", rest.join(", ")),
    }
}

impl Gen {
    /// Moves the book's clock forward to `date` at `hour` (or a few seconds
    /// after the previous stamp), never past the real "now".
    fn tick(&mut self, date: NaiveDate, hour: u32) {
        let step = Duration::seconds(5 + self.rng.below(40) as i64);
        let next = at(date, hour)
            .max(self.stamp + step)
            .min(self.now)
            .max(self.stamp);
        self.stamp = next;
        self.book.set_clock(Clock::Fixed(next));
    }

    /// Posts an entry in the month's transaction, validated like
    /// [`Book::post`]; keeps the cash and bank balances.
    fn post(
        &mut self,
        tx: &WriteTx,
        date: NaiveDate,
        hour: u32,
        draft: Result<EntryDraft, crate::domain::entry::EntryError>,
    ) -> Result<Entry, BookError> {
        let draft = draft?;
        self.tick(date, hour);
        self.book.check_date_open(draft.date())?;
        let entry = self.book.post_in(tx, draft)?;
        for p in &entry.postings {
            if p.account == CASH {
                self.cash += p.signed().cents();
            } else if p.account == BANKS {
                self.bank += p.signed().cents();
            }
        }
        Ok(entry)
    }

    /// An expense paid in cash when there is enough, else from the bank,
    /// else not at all (a tiny association waits for the next meeting).
    fn expense(
        &mut self,
        tx: &WriteTx,
        date: NaiveDate,
        hour: u32,
        text: &str,
        account: &str,
        amount: i64,
    ) -> Result<Option<Entry>, BookError> {
        let from = if self.cash >= amount {
            CASH
        } else if self.bank >= amount {
            BANKS
        } else {
            return Ok(None);
        };
        self.vouchers += 1;
        let reference = format!("Egreso {:05}", self.vouchers);
        let lines = vec![
            Posting::debit(account, c(amount)),
            Posting::credit(from, c(amount)),
        ];
        let e = self.post(
            tx,
            date,
            hour,
            EntryDraft::new(date, text, &reference, EntryKind::Manual, lines),
        )?;
        Ok(Some(e))
    }
}

/// Builds the whole practice book at `tmp`.
fn generate(tmp: &Path, opts: &DemoOptions, clock: Clock) -> Result<(), BookError> {
    let now = clock.now();
    let today = now.date();
    let months = opts.months.clamp(1, MAX_MONTHS);
    let n = opts.members.clamp(1, MAX_MEMBERS);
    let end = Month::of(today);
    let mut start = end;
    for _ in 1..months {
        start = start.prev();
    }
    let first_day = start.first_day();
    let mut rng = Rng(opts.seed);

    // The association.
    // Both tables are non-empty constants and the index is reduced modulo
    // their length, so the indexing cannot fail.
    let region = &REGIONS[rng.below(REGIONS.len() as u64) as usize % REGIONS.len()];
    let (pattern, kind) =
        NAME_PATTERNS[rng.below(NAME_PATTERNS.len() as u64) as usize % NAME_PATTERNS.len()];
    let name = format!("{pattern} {}", rng.pick(KICHWA_NAMES));
    let ruc = make_company_ruc(region.province, rng.below(1_000_000) as u32);
    let founded = first_day
        .checked_sub_months(Months::new(rng.between(24, 144) as u32))
        .unwrap_or(first_day);
    let mut plan = Plan {
        months,
        start,
        meeting_day: rng.between(5, 15) as u32,
        dues: rng.pick(&[200, 300, 400, 500]),
        dues_raise_idx: None,
        aporte: rng.pick(&[500, 1000, 1500, 2000]),
        admission: rng.pick(&[1000, 1500, 2000]),
        first_aporte: rng.pick(&[1000, 2000, 3000]),
        rent: rng.pick(&[1000, 1500, 2000]),
        transport: rng.pick(&[150, 200, 250, 300]),
        bank_fee: rng.pick(&[50, 75, 100, 150]),
        bonus: rng.pick(&[1500, 2000, 2500]),
        accountant: rng.pick(&[6000, 8000, 10000]),
        mistake_idx: 1.min(months - 1),
        donation_idx: months / 2,
        retirements: Vec::new(),
    };
    if months >= 12 && plan.dues <= 400 {
        plan.dues_raise_idx = Some(months / 2);
    }

    // The members: about a quarter join during the history.
    let pre = if months > 1 { n - n / 4 } else { n };
    let founders = (pre / 3).max(2);
    let mut used: HashSet<String> = HashSet::new();
    let mut people = Vec::with_capacity(n);
    for i in 0..n {
        let join_idx = (i >= pre).then(|| 1 + rng.below(u64::from(months - 1)) as u32);
        let join = match join_idx {
            Some(k) => day_of(Month::from_key(start.key() + k), plan.meeting_day, today),
            None if i < founders => founded,
            None => {
                let span = (first_day - founded).num_days().max(1);
                (founded + Duration::days(rng.below(span as u64) as i64))
                    .min(first_day.pred_opt().unwrap_or(first_day))
            }
        };
        people.push(person(&mut rng, region, &mut used, join, join_idx, today));
    }
    // A couple retire during the history (never the president or treasurer).
    let retiring = if pre >= 6 {
        2
    } else if pre >= 3 {
        1
    } else {
        0
    };
    for k in 0..retiring {
        let mut who = 2 + rng.below((pre - 2) as u64) as usize;
        while plan.retirements.iter().any(|&(_, p)| p == who) {
            // Two distinct people: there are at least 4 candidates here.
            who = 2 + (who - 1) % (pre - 2);
        }
        let idx = (months - 1) * (k as u32 + 1) / (retiring as u32 + 1);
        plan.retirements.push((idx, who));
    }

    let mut settings = Settings::new(&name, Some(&ruc), kind)?;
    settings.address = format!(
        "Casa comunal de {}, cantón {}, {}",
        rng.pick(region.communities),
        region.canton,
        region.province_name
    );
    settings.president = people.first().map(|p| p.name.clone()).unwrap_or_default();
    settings.treasurer = match people.get(1) {
        Some(p) => p.name.clone(),
        None => format!("{} {}", rng.pick(WOMEN), rng.pick(SURNAMES)),
    };
    settings.practice = true;

    let created = at(first_day, 8).min(now);
    let mut book = Book::create_with_clock(tmp, settings, Clock::Fixed(created))?;
    book.set_bulk(true)?;
    let mut g = Gen {
        book,
        rng,
        today,
        now,
        stamp: created,
        cash: 0,
        bank: 0,
        receipts: 0,
        vouchers: 0,
    };
    let mut live: Vec<Live> = Vec::with_capacity(n);
    for idx in 0..months {
        month(&mut g, &plan, &people, &mut live, idx, region)?;
    }
    g.book.set_clock(clock);
    g.book.set_bulk(false)?;
    Ok(())
}

/// Plans one member.
fn person(
    rng: &mut Rng,
    region: &Region,
    used: &mut HashSet<String>,
    join: NaiveDate,
    join_idx: Option<u32>,
    today: NaiveDate,
) -> Person {
    let woman = rng.percent(55);
    let names = if woman { WOMEN } else { MEN };
    let mut first = rng.pick(names).to_string();
    if rng.percent(45) {
        let second = rng.pick(names);
        if !first.contains(second) {
            first = format!("{first} {second}");
        }
    }
    let last = format!("{} {}", rng.pick(SURNAMES), rng.pick(SURNAMES));
    // 18 to 75 years old today, and at least 16 when joining.
    let oldest = today
        .checked_sub_months(Months::new(75 * 12))
        .unwrap_or(today)
        .succ_opt()
        .unwrap_or(today);
    let youngest = today
        .checked_sub_months(Months::new(18 * 12))
        .unwrap_or(today)
        .min(
            join.checked_sub_months(Months::new(16 * 12))
                .unwrap_or(join),
        );
    let span = (youngest - oldest).num_days().max(0);
    let birth = oldest + Duration::days(rng.below(span as u64 + 1) as i64);
    // Older people have lower cédula numbers, as in the civil registry.
    let province = if rng.percent(75) {
        region.province
    } else {
        rng.pick(SIERRA)
    };
    let decade = (birth.year() - 1940).clamp(0, 84) as u32;
    let mut body = decade * 70_000 + rng.below(70_000) as u32;
    let mut cedula = make_cedula(province, body);
    while !used.insert(cedula.clone()) {
        body = (body + 1) % 6_000_000;
        cedula = make_cedula(province, body);
    }
    let phone = format!("09{}{:07}", rng.between(5, 9), rng.below(10_000_000));
    let community = rng.pick(region.communities).to_string();
    let attends = rng.pick(&[70, 80, 85, 90, 95, 98]);
    let saves = rng.pick(&[20, 40, 55, 70, 85]);
    let extra_aporte = if rng.percent(15) {
        rng.pick(&[500, 1000])
    } else {
        0
    };
    let name = format!("{first} {last}");
    Person {
        input: MemberInput {
            id_kind: None,
            id_number: cedula,
            first_names: first,
            last_names: last,
            gender: if woman { "F" } else { "M" }.to_string(),
            birth_date: birth.format("%Y-%m-%d").to_string(),
            join_date: join.format("%Y-%m-%d").to_string(),
            phone,
            community,
        },
        name,
        join_idx,
        attends,
        saves,
        extra_aporte,
    }
}

/// One month of history: its transaction of entries, then the retirements,
/// the reversal of the month's mistake and the close (except the last month).
fn month(
    g: &mut Gen,
    plan: &Plan,
    people: &[Person],
    live: &mut Vec<Live>,
    idx: u32,
    region: &Region,
) -> Result<(), BookError> {
    let month = Month::from_key(plan.start.key() + idx);
    let today = g.today;
    let day = |d: u32| day_of(month, d, today);
    let meeting = day(plan.meeting_day);
    let mut dues = plan.dues;
    if plan.dues_raise_idx.is_some_and(|r| idx >= r) {
        dues += 100;
    }

    let tx = g.book.store().write()?;
    if idx == 0 {
        opening(g, &tx, plan, people, live)?;
    }
    // New members register at the meeting and pay admission and a first contribution.
    for (i, p) in people.iter().enumerate() {
        if p.join_idx != Some(idx) {
            continue;
        }
        g.tick(meeting, 8);
        let m = insert(g, &tx, p, meeting)?;
        live.push(Live {
            id: m,
            person: i,
            savings: 0,
            missed: 0,
            retired: false,
        });
    }
    // The meeting: each member who comes pays dues and contribution, and may save.
    for l in live.iter_mut() {
        let p = &people[l.person];
        if l.retired {
            continue;
        }
        let joining = p.join_idx == Some(idx);
        if !joining && !g.rng.percent(p.attends) {
            l.missed = (l.missed + 1).min(3);
            continue;
        }
        let saving = if g.rng.percent(p.saves) {
            g.rng.pick(SAVINGS_DOLLARS) * 100
        } else {
            0
        };
        let mut parts = Vec::new();
        let mut lines = Vec::new();
        if joining {
            parts.push("cuota de ingreso".to_string());
            parts.push("aporte inicial".to_string());
            lines.push(Posting::credit(DUES_INCOME, c(plan.admission)).for_member(l.id));
            lines
                .push(Posting::credit(MEMBER_CONTRIBUTIONS, c(plan.first_aporte)).for_member(l.id));
        } else {
            let k = 1 + l.missed;
            l.missed = 0;
            parts.push(if k == 1 {
                "cuota mensual".to_string()
            } else {
                format!("{k} cuotas mensuales")
            });
            parts.push("aporte".to_string());
            lines.push(Posting::credit(DUES_INCOME, c(dues * i64::from(k))).for_member(l.id));
            lines.push(
                Posting::credit(MEMBER_CONTRIBUTIONS, c(plan.aporte + p.extra_aporte))
                    .for_member(l.id),
            );
        }
        if saving > 0 {
            parts.push("ahorro".to_string());
            lines.push(Posting::credit(SAVINGS_DEPOSITS, c(saving)).for_member(l.id));
            l.savings += saving;
        }
        let total: Money = lines.iter().map(|x| x.amount).sum();
        lines.insert(0, Posting::debit(CASH, total));
        g.receipts += 1;
        let text = capitalize(&format!("{} de {}", join_words(&parts), p.name));
        let reference = format!("Recibo {:05}", g.receipts);
        g.post(
            &tx,
            meeting,
            9,
            EntryDraft::new(meeting, &text, &reference, EntryKind::Manual, lines),
        )?;
    }
    // Some withdraw savings, paid from the cash just collected.
    for l in live.iter_mut() {
        if l.retired || l.savings < 1_000 || !g.rng.percent(6) {
            continue;
        }
        let amount = g.rng.between(1, (l.savings / 500).min(16)) * 500;
        if amount > g.cash {
            continue;
        }
        l.savings -= amount;
        g.vouchers += 1;
        let text = format!("Retiro de ahorros de {}", people[l.person].name);
        let reference = format!("Egreso {:05}", g.vouchers);
        let lines = vec![
            Posting::debit(SAVINGS_DEPOSITS, c(amount)).for_member(l.id),
            Posting::credit(CASH, c(amount)),
        ];
        g.post(
            &tx,
            meeting,
            11,
            EntryDraft::new(meeting, &text, &reference, EntryKind::Manual, lines),
        )?;
    }
    // Those who leave get their savings back by bank transfer.
    let mut leaving = Vec::new();
    for &(r_idx, who) in &plan.retirements {
        if r_idx != idx {
            continue;
        }
        let Some(l) = live.iter_mut().find(|l| l.person == who && !l.retired) else {
            continue;
        };
        if l.savings > 0 && g.bank >= l.savings {
            let amount = l.savings;
            l.savings = 0;
            g.vouchers += 1;
            let text = format!(
                "Devolución de ahorros por retiro de {}",
                people[l.person].name
            );
            let reference = format!("Egreso {:05}", g.vouchers);
            let lines = vec![
                Posting::debit(SAVINGS_DEPOSITS, c(amount)).for_member(l.id),
                Posting::credit(BANKS, c(amount)),
            ];
            g.post(
                &tx,
                meeting,
                12,
                EntryDraft::new(meeting, &text, &reference, EntryKind::Manual, lines),
            )?;
        }
        l.retired = true;
        leaving.push(l.id);
    }
    // The meeting's costs.
    g.expense(
        &tx,
        meeting,
        12,
        "Arriendo del salón comunal para la asamblea mensual",
        SERVICES,
        plan.rent,
    )?;
    if idx % 3 == 2 {
        g.expense(
            &tx,
            meeting,
            12,
            "Bonificación trimestral a la tesorera por llevar los libros",
            STAFF,
            plan.bonus,
        )?;
    }
    let mut mistake = None;
    if idx == plan.mistake_idx {
        // Stationery recorded twice from the same invoice: reversed at month end.
        let amount = g.rng.between(4, 12) * 50;
        let text = "Útiles de escritorio: cuaderno de actas, esferos y copias";
        g.expense(&tx, meeting, 13, text, OTHER_EXPENSES, amount)?;
        mistake = g.expense(&tx, meeting, 13, text, OTHER_EXPENSES, amount)?;
    }
    // The annual assembly applies last year's result: half of a surplus to
    // the legal reserve, the rest to accumulated surplus; a loss to
    // accumulated losses.
    if month.month() == 3 {
        let year = month.year() - 1;
        let surplus = -g.book.balance_of(YEAR_SURPLUS, month.prev())?.cents();
        let loss = g.book.balance_of(YEAR_LOSS, month.prev())?.cents();
        let mut lines = Vec::new();
        if surplus > 0 {
            let reserve = surplus / 2;
            lines.push(Posting::debit(YEAR_SURPLUS, c(surplus)));
            if reserve > 0 {
                lines.push(Posting::credit(LEGAL_RESERVE, c(reserve)));
            }
            lines.push(Posting::credit(ACCUMULATED_SURPLUS, c(surplus - reserve)));
        }
        if loss > 0 {
            lines.push(Posting::debit(ACCUMULATED_LOSSES, c(loss)));
            lines.push(Posting::credit(YEAR_LOSS, c(loss)));
        }
        if !lines.is_empty() {
            let text = format!(
                "Aplicación del resultado del ejercicio {year} aprobada por la asamblea general"
            );
            let reference = format!("Acta de asamblea {}", month.year());
            g.post(
                &tx,
                meeting,
                14,
                EntryDraft::new(meeting, &text, &reference, EntryKind::Manual, lines),
            )?;
        }
    }
    // The day after: cash above a small float goes to the bank.
    let deposit_day = day(plan.meeting_day + 1);
    if g.cash > 15_000 {
        let amount = (g.cash - 5_000) / 100 * 100;
        let text = format!(
            "Depósito del efectivo de la reunión en la cuenta de ahorros, {}",
            region.city
        );
        let lines = vec![
            Posting::debit(BANKS, c(amount)),
            Posting::credit(CASH, c(amount)),
        ];
        let reference = format!("Papeleta {}", 100_000 + g.rng.below(900_000));
        g.post(
            &tx,
            deposit_day,
            10,
            EntryDraft::new(deposit_day, &text, &reference, EntryKind::Manual, lines),
        )?;
        let text = format!("Pasajes a {} para depositar en el banco", region.city);
        g.expense(&tx, deposit_day, 11, &text, SERVICES, plan.transport)?;
    }
    if idx == plan.donation_idx {
        let d = day(plan.meeting_day + 3);
        let amount = g.rng.between(10, 40) * 5_000;
        let text = format!(
            "Donación de {} para {}",
            g.rng.pick(NGOS),
            g.rng.pick(DONATION_PURPOSES)
        );
        let reference = format!("Convenio {:03}-{}", g.rng.between(1, 150), month.year());
        let lines = vec![
            Posting::debit(BANKS, c(amount)),
            Posting::credit(DONATIONS, c(amount)),
        ];
        g.post(
            &tx,
            d,
            10,
            EntryDraft::new(d, &text, &reference, EntryKind::Manual, lines),
        )?;
    }
    if idx % 2 == 1 && idx != plan.mistake_idx {
        let d = day(plan.meeting_day + 6);
        let amount = g.rng.between(4, 18) * 50;
        g.expense(
            &tx,
            d,
            15,
            "Útiles de escritorio y copias de los estados de cuenta",
            OTHER_EXPENSES,
            amount,
        )?;
    }
    if month.month() == 3 && g.bank >= plan.accountant {
        let d = day(plan.meeting_day + 9);
        g.vouchers += 1;
        let reference = format!("Egreso {:05}", g.vouchers);
        let lines = vec![
            Posting::debit(FEES, c(plan.accountant)),
            Posting::credit(BANKS, c(plan.accountant)),
        ];
        g.post(
            &tx,
            d,
            15,
            EntryDraft::new(
                d,
                "Honorarios del contador: estados financieros anuales para la SEPS",
                &reference,
                EntryKind::Manual,
                lines,
            ),
        )?;
    }
    if month.last_day() <= today && g.bank >= plan.bank_fee {
        let d = month.last_day();
        let lines = vec![
            Posting::debit(OTHER_EXPENSES, c(plan.bank_fee)),
            Posting::credit(BANKS, c(plan.bank_fee)),
        ];
        g.post(
            &tx,
            d,
            16,
            EntryDraft::new(
                d,
                "Comisión bancaria por mantenimiento de la cuenta",
                "Nota de débito",
                EntryKind::Manual,
                lines,
            ),
        )?;
    }
    tx.commit()?;

    // Retirements, each in its own operation.
    for id in leaving {
        g.tick(meeting, 13);
        let reason = g.rng.pick(RETIRE_REASONS);
        g.book.retire_member(id, meeting, reason)?;
    }
    // The month's review finds the duplicate and reverses it.
    if let Some(dup) = mistake {
        let d = month.last_day().min(today);
        g.tick(d, 17);
        let text = format!(
            "Reverso del asiento {}: la factura de útiles se registró dos veces",
            dup.id
        );
        let e = g.book.reverse(dup.id, Some(d), Some(&text))?;
        for p in &e.postings {
            if p.account == CASH {
                g.cash += p.signed().cents();
            } else if p.account == BANKS {
                g.bank += p.signed().cents();
            }
        }
    }
    if idx + 1 < plan.months {
        g.tick(month.last_day(), 18);
        let opts = CloseOptions {
            cash_count: Some(c(g.cash)),
            backup: false,
            ..CloseOptions::default()
        };
        g.book.close_month_with(month, &opts)?;
    }
    Ok(())
}

/// Registers a member in the month's transaction (validated like `add_member`).
fn insert(g: &Gen, tx: &WriteTx, p: &Person, today: NaiveDate) -> Result<u32, BookError> {
    let v = p.input.validate(today).map_err(BookError::Member)?;
    Ok(g.book.insert_member(tx, v)?.id)
}

/// The first day: the members who were there before, and the balances the
/// association brings from its paper books.
fn opening(
    g: &mut Gen,
    tx: &WriteTx,
    plan: &Plan,
    people: &[Person],
    live: &mut Vec<Live>,
) -> Result<(), BookError> {
    let day = plan.start.first_day();
    for (i, p) in people.iter().enumerate() {
        if p.join_idx.is_some() {
            continue;
        }
        let id = insert(g, tx, p, day)?;
        live.push(Live {
            id,
            person: i,
            savings: 0,
            missed: 0,
            retired: false,
        });
    }
    let cash = g.rng.between(80, 250) * 100;
    let bank = (g.rng.between(400, 1_500) + 10 * live.len() as i64) * 100;
    let furniture = g.rng.between(25, 90) * 1_000;
    let lines = vec![
        Posting::debit(CASH, c(cash)),
        Posting::debit(BANKS, c(bank)),
        Posting::debit(FURNITURE, c(furniture)),
        Posting::credit(DONATIONS, c(furniture)),
        Posting::credit(ACCUMULATED_SURPLUS, c(cash + bank)),
    ];
    g.post(
        tx,
        day,
        8,
        EntryDraft::new(
            day,
            "Saldos iniciales de caja, banco y muebles donados (libros anteriores)",
            "Balance inicial",
            EntryKind::Opening,
            lines,
        ),
    )?;
    // Each member's card from the paper books: contributions and savings so far.
    for l in live.iter_mut() {
        let p = &people[l.person];
        let joined = crate::domain::date::parse_date(&p.input.join_date).unwrap_or(day);
        let months_in = ((day - joined).num_days() / 30).max(1);
        let aportes = (months_in * plan.aporte * g.rng.between(60, 100) / 100 / 100).max(5) * 100;
        let savings = if g.rng.percent(75) {
            g.rng.between(2, 160) * 500
        } else {
            0
        };
        let mut lines = vec![
            Posting::debit(BANKS, c(aportes + savings)),
            Posting::credit(MEMBER_CONTRIBUTIONS, c(aportes)).for_member(l.id),
        ];
        if savings > 0 {
            lines.push(Posting::credit(SAVINGS_DEPOSITS, c(savings)).for_member(l.id));
        }
        l.savings = savings;
        let text = format!("Saldo inicial de {}: aportes y ahorros", p.name);
        g.post(
            tx,
            day,
            8,
            EntryDraft::new(day, &text, "Balance inicial", EntryKind::Opening, lines),
        )?;
    }
    Ok(())
}
