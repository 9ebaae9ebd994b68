//! `policy-themes assign`: label new articles with a saved model, without
//! refitting. Reads like `run` and writes the same report (articles.csv,
//! themes.csv, trends.csv, charts, and the model it used).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use policy_themes::lexicon::ThemeLexicon;
use policy_themes::model::ThemeModel;
use policy_themes::output::{ReportOptions, summary::summary_table, write_report};
use policy_themes::pipeline::{self, RunConfig};

use super::observer::Observer;
use super::{Outcome, ReadArgs, TrendArgs, report_skipped};

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
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also print how long each stage took, and the throughput.
    #[arg(long)]
    pub timings: bool,
}

pub fn assign(args: AssignArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.model)
        .with_context(|| format!("reading the model {}", args.model.display()))?;
    let model = ThemeModel::from_json(&text)
        .with_context(|| format!("loading the model {}", args.model.display()))?;
    let (read, given) = args.read.resolve()?;
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
    };
    let observer = Observer::for_stderr(args.quiet);
    let started = Instant::now();
    let result = pipeline::assign(&config, model, &observer);
    observer.clear();
    let result = result?;
    let writing = Instant::now();
    write_report(&args.out, &result, ReportOptions::default())?;
    let writing = writing.elapsed();
    print!("{}", summary_table(&result));
    if !args.quiet {
        eprintln!(
            "{} articles assigned with {}; {} skipped; report in {}",
            result.articles.len(),
            args.model.display(),
            result.skipped.len(),
            args.out.display()
        );
        report_skipped(&result.skipped);
    }
    if args.timings {
        eprintln!("{}", observer.throughput(started.elapsed(), writing));
    }
    Ok(Outcome::after(&result.skipped))
}
