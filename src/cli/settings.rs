//! `ayni settings provisions [--set BUCKET=PERCENT]...`: the book's loan-loss
//! provision percentages by days past due, shown or changed.

use crate::i18n::Msg;
use clap::Subcommand;
use serde_json::json;

use super::output::{Format, print};
use super::{CliError, Ctx};
use crate::domain::input;
use crate::domain::settings::{
    PROVISION_BUCKETS, ProvisionRates, SettingsError, percent_text, provision_bucket_label,
};

#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    /// Loan-loss provision percentages by days past due, applied at each month close
    Provisions {
        /// BUCKET=PERCENT, repeatable; buckets: 0 (up to date), 1-30, 31-60, 61-90, 91-180, 181-360, 361+
        #[arg(long = "set", value_name = "BUCKET=PERCENT")]
        set: Vec<String>,
        #[arg(long, value_parser = crate::cli::output::record_formats(), default_value = "table")]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, c: SettingsCmd) -> Result<(), CliError> {
    match c {
        SettingsCmd::Provisions { set, format } => provisions(ctx, &set, format),
    }
}

/// The changes asked for, applied to `rates` (nothing is saved here).
fn apply(mut rates: ProvisionRates, set: &[String]) -> Result<ProvisionRates, CliError> {
    for spec in set {
        let Some((bucket, percent)) = spec.split_once('=') else {
            return Err(SettingsError::ProvisionSpec(spec.trim().to_string()).into());
        };
        let i = ProvisionRates::bucket(bucket)?;
        rates.percent[i] = input::percent(percent).map_err(CliError::input("--set", spec))?;
    }
    Ok(rates)
}

fn provisions(ctx: &Ctx, set: &[String], format: Format) -> Result<(), CliError> {
    let (rates, changed) = if set.is_empty() {
        (ctx.open_ro()?.provision_rates()?, false)
    } else {
        // The changes are checked before the book is opened to write.
        let current = ctx.open_ro()?.provision_rates()?;
        apply(current, set)?.validate()?;
        let mut book = ctx.open_rw()?;
        let rates = apply(book.provision_rates()?, set)?;
        (book.set_provision_rates(rates)?, true)
    };
    let lang = ctx.lang;
    let text = match format {
        Format::Json => crate::report::render::to_json(&json!({
            "changed": changed,
            "buckets": PROVISION_BUCKETS.iter().zip(rates.percent).map(|(b, p)| json!({
                "bucket": b,
                "percent": p.normalize().to_string(),
            })).collect::<Vec<_>>(),
        })),
        _ => {
            let mut t = String::new();
            if changed {
                t.push_str(Msg::CliProvisionRatesSaved.t(ctx.lang));
            }
            t.push_str(Msg::CliProvisionRatesHead.t(ctx.lang));
            let mut table = crate::report::table::Table::new(vec![
                crate::report::table::Column::left(Msg::CliProvisionBucket.t(ctx.lang), 8),
                crate::report::table::Column::left(Msg::CliProvisionLoansWith.t(ctx.lang), 26),
                crate::report::table::Column::right("%"),
            ]);
            for (i, p) in rates.percent.iter().enumerate() {
                table.row(&[
                    PROVISION_BUCKETS[i].to_string(),
                    provision_bucket_label(i, lang).to_string(),
                    percent_text(*p, lang),
                ]);
            }
            for line in table.render().lines() {
                t.push_str(&format!("  {line}\n"));
            }
            t.push_str(Msg::CliProvisionRule.t(ctx.lang));
            t
        }
    };
    print(&text)
}
