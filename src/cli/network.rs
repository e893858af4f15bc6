//! `ayni export network`, `ayni network key`, `ayni network report` and
//! `ayni network PATH...` (the coordinator's screen).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::dues::parse_month;
use super::output::{eprintln, println};
use super::statements::{
    SepsArgs, create_folder, deliver, file_target, needs_output, say, seps_month, write_checked,
};
use super::{CliError, Ctx};
use crate::books::Book;
use crate::books::network_key::public_hex;
use crate::domain::period::Month;
use crate::i18n::Msg;
use crate::report::network::{self, NetworkError, NetworkReport, Registry, package};
use crate::report::render::{Format as RFormat, render};

/// `ayni network`: the coordinator's screen over packages, or a subcommand.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct NetworkArgs {
    #[command(subcommand)]
    pub cmd: Option<NetworkCmd>,
    /// Packages (.ayni-red files, or folders holding them) for the coordinator's screen
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The network's registry (TOML): its associations and their public keys
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// YYYY-MM [default: the latest month of the packages]
    #[arg(long)]
    pub month: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum NetworkCmd {
    /// Consolidate packages: each association's indicators, the network's trial
    /// balance, members, portfolio and savings, the months missing
    Report(ReportArgs),
    /// The book's public key, to give the network's coordinator once (made the first time)
    Key,
}

/// `ayni network report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Packages: .ayni-red files, or folders holding them
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The network's registry (TOML): its associations and their public keys
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
    /// YYYY-MM [default: the latest month of the packages]
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: RFormat,
    /// Write to a file instead of the terminal (required for xlsx and pdf)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: NetworkArgs) -> Result<(), CliError> {
    match a.cmd {
        Some(NetworkCmd::Key) => key(ctx),
        Some(NetworkCmd::Report(r)) => report(ctx, r),
        None => {
            let month = a
                .month
                .as_deref()
                .map(|m| parse_month("--month", m))
                .transpose()?;
            let r = consolidate(ctx, &a.paths, a.registry.as_deref(), month)?;
            let opts = crate::ui::network::NetworkOptions {
                lang: ctx.lang,
                theme: ctx
                    .theme
                    .clone()
                    .unwrap_or_else(|| crate::ui::theme::DEFAULT_THEME.to_string()),
                config_dir: ctx.config_dir.clone(),
                ascii: ctx.ascii,
            };
            let result = crate::ui::network::run_network(opts, r);
            super::install_panic_hook();
            result.map_err(|e| CliError::Ui(e.message(ctx.lang)))
        }
    }
}

/// The book's key, made now if it has none (the book opened to write only then).
fn book_with_key(ctx: &Ctx) -> Result<(Book, ed25519_dalek::SigningKey), CliError> {
    let book = ctx.open_ro()?;
    if let Some(k) = book.network_key()? {
        return Ok((book, k));
    }
    drop(book);
    let mut book = ctx.open_rw()?;
    let k = book.ensure_network_key()?;
    Ok((book, k))
}

fn key(ctx: &Ctx) -> Result<(), CliError> {
    let (book, k) = book_with_key(ctx)?;
    let s = book.settings()?;
    let public = public_hex(&k.verifying_key());
    println(&Msg::NetCliKey.fill(
        ctx.lang,
        &[
            ("key", &public),
            ("ruc", &s.ruc.unwrap_or_default()),
            ("name", &s.name.replace('"', "'")),
        ],
    ))
}

/// `ayni export network`: the month's package, as the SEPS files are
/// written (a closed month, the last closed by default; into a folder under
/// its name, or to the file named).
pub fn export(ctx: &Ctx, a: SepsArgs) -> Result<(), CliError> {
    let (book, k) = book_with_key(ctx)?;
    let month = seps_month(&book, a.month.as_deref())?;
    let content = package::content(&book, month, ctx.lang)?;
    let bytes = package::seal(&content, &k);
    let path = file_target(a.output.as_deref(), &package::file_name(&content));
    if let Some(dir) = path.parent() {
        create_folder(ctx, dir)?;
    }
    write_checked(&path, &bytes, book.path(), ctx.lang)?;
    say(
        a.output.as_deref(),
        &Msg::NetCliWritten.fill(
            ctx.lang,
            &[
                ("month", &month.name(ctx.lang)),
                ("path", &path.display()),
                ("bytes", &bytes.len()),
                ("key", &public_hex(&k.verifying_key())),
            ],
        ),
    )
}

/// The packages of `paths` read and consolidated; each refused one named
/// on standard error.
fn consolidate(
    ctx: &Ctx,
    paths: &[PathBuf],
    registry: Option<&Path>,
    month: Option<Month>,
) -> Result<NetworkReport, CliError> {
    let registry = registry.map(Registry::read).transpose()?;
    let files = network::package_files(paths)?;
    if files.is_empty() {
        return Err(NetworkError::NoPackages.into());
    }
    let (ok, refused) = network::read_packages(&files, registry.as_ref());
    if ok.is_empty() {
        return Err(NetworkError::AllRefused(refused).into());
    }
    for r in &refused {
        eprintln(&Msg::NetRefused.fill(
            ctx.lang,
            &[
                ("file", &r.file),
                ("reason", &network::refusal_text(&r.reason, ctx.lang)),
            ],
        ));
    }
    if registry.is_none() {
        eprintln(Msg::NetCliNoRegistry.t(ctx.lang));
    }
    Ok(NetworkReport::of(
        ok,
        refused,
        registry.as_ref(),
        month,
        crate::clock::today(),
        ctx.lang,
    ))
}

fn report(ctx: &Ctx, a: ReportArgs) -> Result<(), CliError> {
    needs_output(a.format, a.output.as_deref())?;
    let month = a
        .month
        .as_deref()
        .map(|m| parse_month("--month", m))
        .transpose()?;
    let r = consolidate(ctx, &a.paths, a.registry.as_deref(), month)?;
    let bytes = render(&r, a.format, ctx.lang)?;
    deliver(&bytes, a.output.as_deref(), Path::new(""), ctx.lang)
}
