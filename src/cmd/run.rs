//! `policy-themes run`: the whole job. Raw flags live in [`RunArgs`];
//! [`RunArgs::into_config`] resolves them (loading the lexicon) into the
//! library's [`RunConfig`].

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Args;
use policy_themes::choose_k::{KChoice, KRange};
use policy_themes::lexicon::ThemeLexicon;
use policy_themes::model::ModelSettings;
use policy_themes::output::summary::{summary_json, summary_table};
use policy_themes::output::{ReportOptions, write_report};
use policy_themes::pipeline::{self, RunConfig};
use policy_themes::plural::count;
use policy_themes::report::RunResult;

use super::observer::Observer;
use super::{Outcome, ParquetArg, ReadArgs, TrendArgs, emit, position, report_skipped};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Newspaper pages (.txt, one page per file), JSONL files (one article
    /// per line, `text` required) or folders of them.
    #[arg(default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Folder for the report (created if missing).
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Number of clusters, or `auto` to score k = 4..20 on a sample
    /// (silhouette and coherence) and pick one; the scores go to
    /// k_choice.csv and k_choice.svg. Default: the lexicon themes the corpus
    /// carries, plus one free cluster per 100 articles (at most 10).
    #[arg(long)]
    pub k: Option<KArg>,
    /// Random seed: the same input and seed give byte-identical output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Theme lexicon (TOML, the format of data/themes.toml). Default: the
    /// built-in one.
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub trends: TrendArgs,
    /// What stdout carries: the summary table, or the summary as JSON (the
    /// content of summary.json).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also write report.xlsx (a sheet per table, periods kept as text),
    /// and start every CSV with a UTF-8 byte-order mark so Excel shows
    /// Chinese.
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub parquet: ParquetArg,
    /// Print nothing on stderr but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Fit the themes on a seeded sample of N articles, then assign every
    /// article with that model (for corpora too large to fit whole). To
    /// fit once for a corpus labelled in shards, run this once and give its
    /// model.json to every `assign --shard I/N`, then `merge`.
    #[arg(long, value_name = "N")]
    pub fit_sample: Option<usize>,
    /// Worker threads for reading and segmenting (default: one per core).
    /// Output does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Fail, writing no report, if any input file or line is skipped.
    #[arg(long)]
    pub strict: bool,
    /// Also print the settings, date coverage and every file written.
    #[arg(long, short)]
    pub verbose: bool,
    /// Also print how long each stage took, and the throughput.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

impl RunArgs {
    pub fn into_config(self) -> Result<RunConfig> {
        let (lexicon, lexicon_source) = match &self.lexicon {
            Some(path) => (ThemeLexicon::load(path)?, path.display().to_string()),
            None => (
                ThemeLexicon::builtin()?,
                "built-in (data/themes.toml)".to_string(),
            ),
        };
        let (read, given) = self.read.resolve()?;
        Ok(RunConfig {
            read,
            given,
            inputs: self.inputs,
            lexicon,
            model: ModelSettings {
                k: self.k.and_then(KArg::fixed),
                seed: self.seed,
                ..ModelSettings::default()
            },
            auto_k: self.k.and_then(KArg::auto),
            fit_sample: self.fit_sample,
            period: self.trends.period.unit(),
            adopt_min: self.trends.adopt_min.get(),
            fingerprint: None,
            lexicon_source,
        })
    }
}

pub fn run(args: RunArgs) -> Result<Outcome> {
    let format = args.format;
    let result = fit_and_report(args, None)?;
    match format {
        Format::Table => emit(summary_table(&result))?,
        Format::Json => emit(summary_json(&result)?)?,
    }
    Ok(Outcome::after(&result.skipped))
}

/// What `run` and `evaluate` share: fits, writes the report, and tells
/// stderr what happened; stdout is left to the caller. `label_field` names
/// the reference labels to read with the articles.
pub fn fit_and_report(args: RunArgs, label_field: Option<String>) -> Result<RunResult> {
    let (quiet, verbose, strict, timings) = (args.quiet, args.verbose, args.strict, args.timings);
    let observer = Observer::for_stderr(quiet);
    let out = args.out.clone();
    let options = ReportOptions {
        excel: args.excel,
        parquet: args.parquet.parquet,
    };
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| anyhow::anyhow!("--threads {n}: {e}"))?;
    }
    let mut config = args.into_config()?;
    config.read.label_field = label_field;
    let started = Instant::now();
    let result = pipeline::run(&config, &observer);
    observer.clear();
    let result = result?;
    if strict && let Some(first) = result.skipped.first() {
        bail!(
            "--strict: {} input(s) skipped, no report written; first: {}{}: {}",
            result.skipped.len(),
            first.source,
            position(first.position),
            first.reason
        );
    }
    let writing = Instant::now();
    let written = write_report(&out, &result, options)?;
    let writing = writing.elapsed();
    if let Some(choice) = &result.k_choice
        && !quiet
    {
        report_k_choice(choice);
    }
    if verbose {
        let s = &result.settings;
        eprintln!(
            "settings: inputs {}; lexicon {}; k {}; seed {}; period {} ({})",
            s.inputs.join(", "),
            s.lexicon,
            s.k,
            s.seed,
            s.period.as_str(),
            s.period_rule
        );
        let d = result.dates;
        eprintln!(
            "dates: {} placed by {}, {} too coarse (year only), {} undated; {}, {}",
            d.placed,
            s.period.as_str(),
            d.too_coarse,
            d.undated,
            count(result.themes.len(), "theme"),
            count(
                result.diffusion.rows().len(),
                "theme × city first-seen date"
            )
        );
    }
    if !quiet {
        eprintln!("{}", result.accounting);
        report_skipped(&result.skipped);
        for a in result
            .articles
            .iter()
            .filter_map(|a| a.article.truncated_from.map(|n| (a, n)))
        {
            eprintln!("  cut {} from {} characters", a.0.article.id, a.1);
        }
        if verbose {
            for path in &written {
                eprintln!("  wrote {}", path.display());
            }
        }
        eprintln!(
            "{} dropped (furniture.csv); wrote {} to {}",
            count(result.furniture.len(), "furniture line"),
            count(written.len(), "file"),
            out.display()
        );
    }
    if timings {
        eprintln!("{}", observer.throughput(started.elapsed(), writing));
    }
    Ok(result)
}

/// `--k N` or `--k auto`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KArg {
    Fixed(usize),
    Auto,
}

impl KArg {
    pub fn fixed(self) -> Option<usize> {
        match self {
            KArg::Fixed(k) => Some(k),
            KArg::Auto => None,
        }
    }

    pub fn auto(self) -> Option<KRange> {
        (self == KArg::Auto).then(KRange::default)
    }
}

impl std::str::FromStr for KArg {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<KArg, String> {
        if s == "auto" {
            return Ok(KArg::Auto);
        }
        s.parse()
            .map(KArg::Fixed)
            .map_err(|_| format!("`{s}` is neither a number of clusters nor `auto`"))
    }
}

/// Prints `--k auto`'s table of candidates on stderr.
pub fn report_k_choice(choice: &KChoice) {
    eprintln!(
        "--k auto: picked k = {} (scored on {}; combined = mean of silhouette and topic quality = coherence x diversity, each rescaled to 0..1)",
        choice.k,
        count(choice.sample, "article")
    );
    eprintln!("   k  silhouette  coherence  diversity  quality  combined");
    for s in &choice.scores {
        let silhouette = s.silhouette.map_or("-".to_string(), |v| format!("{v:.4}"));
        eprintln!(
            "{}{:>3}  {:>10}  {:>9.4}  {:>9.3}  {:>7.3}  {:>8.3}",
            if s.k == choice.k { "*" } else { " " },
            s.k,
            silhouette,
            s.coherence,
            s.diversity,
            s.topic_quality,
            s.combined
        );
    }
}
