//! `policy-themes merge`: join the reports of `assign --shard I/N` into
//! the report one `assign` over the whole corpus writes.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use policy_themes::merge::merge as merge_shards;
use policy_themes::plural::count;

use super::{Outcome, ParquetArg, publish_report};

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
    publish_report(&args.out, &result, &args.parquet, args.quiet, || {
        format!(
            "{} merged: {}; {} skipped",
            count(args.shards.len(), "shard"),
            count(result.articles.len(), "article"),
            result.skipped.len()
        )
    })?;
    Ok(Outcome::after(&result.skipped))
}
