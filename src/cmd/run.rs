//! `policy-themes run`: the whole job. Raw flags live in [`RunArgs`];
//! [`RunArgs::into_config`] resolves them (loading the lexicon) into the
//! library's [`RunConfig`].

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use policy_themes::choose_k::{KChoice, KRange};
use policy_themes::lexicon::ThemeLexicon;
use policy_themes::model::ModelSettings;
use policy_themes::output::{summary::summary_table, write_report};
use policy_themes::pipeline::{self, Period, RunConfig};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Newspaper pages (.txt, one page per file), JSONL files (one article
    /// per line, `text` required) or folders of them.
    #[arg(default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
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
    /// Calendar unit for trends over time.
    #[arg(long, value_enum, default_value = "month")]
    pub period: Period,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

impl RunArgs {
    pub fn into_config(self) -> Result<RunConfig> {
        let lexicon = match &self.lexicon {
            Some(path) => ThemeLexicon::load(path)?,
            None => ThemeLexicon::builtin()?,
        };
        Ok(RunConfig {
            inputs: self.inputs,
            lexicon,
            model: ModelSettings {
                k: self.k.and_then(KArg::fixed),
                seed: self.seed,
                ..ModelSettings::default()
            },
            auto_k: self.k.and_then(KArg::auto),
            period: self.period,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        })
    }
}

pub fn run(args: RunArgs) -> Result<()> {
    let quiet = args.quiet;
    let out = args.out.clone();
    let config = args.into_config()?;
    let started = std::time::Instant::now();
    let result = pipeline::run(&config)?;
    let written = write_report(&out, &result)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    print!("{}", summary_table(&result));
    if let Some(choice) = &result.k_choice
        && !quiet
    {
        report_k_choice(choice);
    }
    if !quiet {
        eprintln!(
            "{} articles from {} input files; {} skipped (see skipped.csv), {} furniture lines dropped (see furniture.csv)",
            result.articles.len(),
            result.files,
            result.skipped.len(),
            result.furniture.len(),
        );
        for s in &result.skipped {
            eprintln!(
                "  skipped {}{}: {}",
                s.source,
                position(s.position),
                s.reason
            );
        }
        eprintln!(
            "wrote {} files to {} in {:.1}s",
            written.len(),
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
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
        "--k auto: picked k = {} (scored on {} articles; combined = mean of silhouette and topic quality = coherence x diversity, each rescaled to 0..1)",
        choice.k, choice.sample
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

fn position(p: usize) -> String {
    if p == 0 {
        String::new()
    } else {
        format!(":{p}")
    }
}
