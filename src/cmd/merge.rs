//! `policy-themes merge`: join the reports of `assign --shard I/N` into
//! the report one `assign` over the whole corpus writes.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use policy_themes::merge::merge as merge_shards;
use policy_themes::output::{ReportOptions, summary::summary_table, write_report};
use policy_themes::plural::count;

use super::{Outcome, ParquetArg, report_skipped};

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard report folders, each written by `assign --shard I/N`, all N
    /// of them, in any order.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// Folder for the merged report (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub parquet: ParquetArg,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn merge(args: MergeArgs) -> Result<Outcome> {
    let result = merge_shards(&args.shards)?;
    write_report(
        &args.out,
        &result,
        ReportOptions {
            parquet: args.parquet.parquet,
            ..ReportOptions::default()
        },
    )?;
    print!("{}", summary_table(&result));
    if !args.quiet {
        eprintln!(
            "{} merged: {}; {} skipped; report in {}",
            count(args.shards.len(), "shard"),
            count(result.articles.len(), "article"),
            result.skipped.len(),
            args.out.display()
        );
        report_skipped(&result.skipped);
    }
    Ok(Outcome::after(&result.skipped))
}
