//! Subcommands, one file each. Every file holds its clap arguments and the
//! few lines that turn them into library calls; the work is in the library.

mod assign;
mod check_meta;
mod evaluate;
mod inspect;
mod merge;
mod observer;
mod run;
mod validate;

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use policy_themes::article::Skipped;
use policy_themes::meta::given::{GivenMeta, Manifest, NamePattern};
use policy_themes::output::{ReportOptions, summary::summary_table, write_report};
use policy_themes::read::ReadOptions;
use policy_themes::report::RunResult;
use policy_themes::trends::Period;

#[derive(Debug, Parser)]
#[command(
    name = "policy-themes",
    version,
    about = "Which policy themes Chinese local-government news pushes, by city and over time"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read pages, find themes, write CSV, SVG charts and a summary.
    Run(run::RunArgs),
    /// Show how pages are read: articles, headlines, city and date with
    /// their evidence, and the furniture dropped.
    Inspect(inspect::InspectArgs),
    /// Measure city and date inference on a JSONL corpus that states them.
    CheckMeta(check_meta::CheckMetaArgs),
    /// Run, then score the themes: NMI, ARI, V-measure and purity against a
    /// JSONL `label` field or CSV `label` column; coherence, diversity and
    /// silhouette.
    Evaluate(evaluate::EvaluateArgs),
    /// Label new articles with a saved model.json, without refitting.
    Assign(assign::AssignArgs),
    /// Score runs' articles.csv against a hand-coded sample: agreement,
    /// macro-F1, per-theme precision and recall, a confusion table, and
    /// the dictionary method's figures beside them.
    Validate(validate::ValidateArgs),
    /// Join the reports of `assign --shard I/N` into the whole corpus's
    /// report, as one `assign` over it would write.
    Merge(merge::MergeArgs),
}

/// How inputs are read, shared by every command that reads them.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// For .csv inputs: the column holding the article text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Metadata manifest, a CSV with columns `source, city, date,
    /// newspaper`; what it states overrides what the pages say.
    #[arg(long, value_name = "FILE.csv")]
    pub meta: Option<PathBuf>,
    /// File-name pattern stating metadata, e.g. `{city}_{date}.txt`
    /// (fields: city, date, newspaper, any). The manifest wins over it.
    #[arg(long, value_name = "PATTERN")]
    pub name_pattern: Option<String>,
}

impl ReadArgs {
    pub fn resolve(&self) -> Result<(ReadOptions, GivenMeta)> {
        let options = ReadOptions {
            text_column: self.text_column.clone(),
            label_field: None,
            shard: None,
        };
        let given = GivenMeta {
            manifest: self.meta.as_deref().map(Manifest::load).transpose()?,
            pattern: self
                .name_pattern
                .as_deref()
                .map(NamePattern::parse)
                .transpose()?,
        };
        Ok((options, given))
    }
}

/// `--parquet`, for every command that writes a report.
#[derive(Debug, Args)]
pub struct ParquetArg {
    /// Also write articles.parquet, trends.parquet, panel.parquet and
    /// adoption_panel.parquet (zstd; a shard writes
    /// articles/part-NNNNN.parquet, so all shards' parts read as one
    /// dataset).
    #[arg(long)]
    pub parquet: bool,
}

/// How articles are counted over time, shared by `run` and `assign`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Calendar unit for trends over time; `auto` takes the finest of
    /// month, quarter and year at which more than half of the periods hold
    /// at least 30 articles.
    #[arg(long, value_enum, default_value = "auto")]
    pub period: PeriodArg,
    /// Articles of a theme a city needs in one period to count as adopting
    /// it (adoption_panel.csv, cascades.csv).
    #[arg(long, value_name = "N", default_value = "1")]
    pub adopt_min: NonZeroUsize,
}

/// `--period`: the calendar unit trends are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    Auto,
    Month,
    Quarter,
    Year,
}

impl PeriodArg {
    /// The value as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodArg::Auto => "auto",
            PeriodArg::Month => "month",
            PeriodArg::Quarter => "quarter",
            PeriodArg::Year => "year",
        }
    }

    /// The unit, or `None` for `auto`.
    pub fn unit(self) -> Option<Period> {
        match self {
            PeriodArg::Auto => None,
            PeriodArg::Month => Some(Period::Month),
            PeriodArg::Quarter => Some(Period::Quarter),
            PeriodArg::Year => Some(Period::Year),
        }
    }
}

/// How a command that did not fail ended; the exit code tells a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything read was used (exit 0).
    Clean,
    /// The report is written, but some inputs were skipped (exit 3).
    Skipped,
}

impl Outcome {
    /// Clean unless something was skipped.
    pub fn after(skipped: &[Skipped]) -> Outcome {
        if skipped.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Skipped
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Skipped => 3,
        }
    }
}

/// `:N` after a file name for a line or position, nothing for a whole file.
pub fn position(p: usize) -> String {
    if p == 0 {
        String::new()
    } else {
        format!(":{p}")
    }
}

/// Writes a shard or merged report to `out`, prints the summary table on
/// stdout and, unless `quiet`, `headline` and what was skipped on stderr:
/// what `assign` and `merge` do once they have their result.
pub fn publish_report(
    out: &Path,
    result: &RunResult,
    parquet: &ParquetArg,
    quiet: bool,
    headline: impl FnOnce() -> String,
) -> Result<()> {
    write_report(
        out,
        result,
        ReportOptions {
            parquet: parquet.parquet,
            ..ReportOptions::default()
        },
    )?;
    emit(summary_table(result))?;
    if !quiet {
        eprintln!("{}; report in {}", headline(), out.display());
        report_skipped(&result.skipped);
    }
    Ok(())
}

/// Writes `text` to standard output. A reader that stops early (`| head`)
/// closes the pipe: that ends the output, not the command, whose files
/// are still written.
pub fn emit(text: impl std::fmt::Display) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match write!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => Ok(written?),
    }
}

/// Lists what was skipped, and why, on stderr.
pub fn report_skipped(skipped: &[Skipped]) {
    for s in skipped {
        eprintln!(
            "  skipped {}{}: {}",
            s.source,
            position(s.position),
            s.reason
        );
    }
}

/// Exit code of a failed run (no report written; a previous one is intact).
pub const FAILED: u8 = 2;

pub fn execute(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Inspect(args) => inspect::inspect(args),
        Command::CheckMeta(args) => check_meta::check_meta(args),
        Command::Evaluate(args) => evaluate::evaluate(args),
        Command::Assign(args) => assign::assign(args),
        Command::Validate(args) => validate::validate_command(args),
        Command::Merge(args) => merge::merge(args),
    }
}
