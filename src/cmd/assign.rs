//! `policy-themes assign`: label new articles with a saved model, without
//! refitting. Reads like `run` and writes the same report (articles.csv,
//! themes.csv, trends.csv, charts, and the model it used). With `--shard
//! I/N` it labels one part of the inputs, for `merge` to join.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use policy_themes::lexicon::ThemeLexicon;
use policy_themes::model::ThemeModel;
use policy_themes::pipeline::{self, RunConfig};
use policy_themes::plural::count;
use policy_themes::shard::{Shard, fingerprint};

use super::observer::Observer;
use super::{Outcome, ParquetArg, ReadArgs, TrendArgs, publish_report};

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// A model.json written by `run` (or `evaluate`).
    #[arg(long)]
    pub model: PathBuf,
    /// Pages, JSONL files or folders, as for `run`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Folder for the report (created if missing).
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    #[command(flatten)]
    pub trends: TrendArgs,
    #[command(flatten)]
    pub parquet: ParquetArg,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also print how long each stage took, and the throughput.
    #[arg(long)]
    pub timings: bool,
    /// Label only part I of N (0 <= I < N) of the inputs, chosen by a
    /// stable hash of each page's path or each line's path and number, so
    /// the N parts cover every article once whatever the argument order.
    /// Give every part the same input paths. The report counts its part
    /// alone and carries rows.jsonl; `merge` joins the N reports into the
    /// whole one.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

pub fn assign(args: AssignArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.model)
        .with_context(|| format!("reading the model {}", args.model.display()))?;
    let model = ThemeModel::from_json(&text)
        .with_context(|| format!("loading the model {}", args.model.display()))?;
    let (mut read, given) = args.read.resolve()?;
    read.shard = args.shard;
    let manifest = match &args.read.meta {
        Some(path) => std::fs::read(path)
            .with_context(|| format!("reading the manifest {}", path.display()))?,
        None => Vec::new(),
    };
    // Everything that changes an article's row, and nothing that does not
    // (input paths, output folder, threads).
    let fingerprint = fingerprint(
        text.as_bytes(),
        &[
            ("period", args.trends.period.as_str().as_bytes()),
            ("adopt-min", args.trends.adopt_min.to_string().as_bytes()),
            ("text-column", args.read.text_column.as_bytes()),
            ("meta", &manifest),
            (
                "name-pattern",
                args.read.name_pattern.as_deref().unwrap_or("").as_bytes(),
            ),
        ],
    );
    let config = RunConfig {
        read,
        given,
        lexicon_source: format!("none: themes from {}", args.model.display()),
        inputs: args.inputs,
        // The model carries its themes; the lexicon only guides a fit.
        lexicon: ThemeLexicon::default(),
        model: model.settings.clone(),
        auto_k: None,
        fit_sample: None,
        period: args.trends.period.unit(),
        adopt_min: args.trends.adopt_min.get(),
        fingerprint: Some(fingerprint),
    };
    let observer = Observer::for_stderr(args.quiet);
    let started = Instant::now();
    let result = pipeline::assign(&config, model, &observer);
    observer.clear();
    let result = result?;
    let writing = Instant::now();
    publish_report(&args.out, &result, &args.parquet, args.quiet, || {
        format!(
            "{} assigned with {}; {} skipped",
            count(result.articles.len(), "article"),
            args.model.display(),
            result.skipped.len()
        )
    })?;
    let writing = writing.elapsed();
    if args.timings {
        eprintln!("{}", observer.throughput(started.elapsed(), writing));
    }
    Ok(Outcome::after(&result.skipped))
}
