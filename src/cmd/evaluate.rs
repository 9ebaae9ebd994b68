//! `policy-themes evaluate`: the run, then its numbers. Fits exactly as
//! `run` does (same flags, same report written to `--out`), then scores the
//! themes against the corpus's reference labels and by label-free measures,
//! as a table or as JSON.

use anyhow::Result;
use clap::Args;
use policy_themes::evaluate::{Evaluation, evaluate_run};
use policy_themes::metrics::Agreement;
use policy_themes::output::{ReportOptions, write_report};
use policy_themes::pipeline;

use super::Outcome;
use super::run::{Format, RunArgs, report_k_choice};

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// JSONL field or CSV column holding an article's reference label.
    #[arg(long, default_value = "label")]
    pub label: String,
}

/// `--format` (shared with `run`) picks the table or JSON.
pub fn evaluate(args: EvaluateArgs) -> Result<Outcome> {
    let (out, seed, quiet) = (args.run.out.clone(), args.run.seed, args.run.quiet);
    let (format, options) = (
        args.run.format,
        ReportOptions {
            excel: args.run.excel,
        },
    );
    let observer = args.run.observer();
    let label = args.label;
    let mut config = args.run.into_config()?;
    config.read.label_field = Some(label.clone());
    let result = pipeline::run(&config, &observer);
    observer.finish();
    let result = result?;
    write_report(&out, &result, options)?;
    if let Some(choice) = &result.k_choice
        && !quiet
    {
        report_k_choice(choice);
    }
    let evaluation = evaluate_run(&result, seed)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&evaluation)?),
        Format::Table => print!("{}", table(&evaluation, &label)),
    }
    Ok(Outcome::after(&result.skipped))
}

fn table(e: &Evaluation, field: &str) -> String {
    let mut out = format!(
        "{} articles, {} with a `{field}` ({} labels); k = {} clusters, {} themes; seed {}\n",
        e.articles, e.labelled, e.labels, e.clusters, e.themes, e.seed
    );
    let agreement = |name: &str, a: &Option<Agreement>| match a {
        Some(a) => format!(
            "{name:<20} NMI {:.4}  ARI {:.4}  V-measure {:.4} (homogeneity {:.4}, completeness {:.4})  purity {:.4}\n",
            a.nmi, a.ari, a.v_measure, a.homogeneity, a.completeness, a.purity
        ),
        None => format!("{name:<20} (no reference labels)\n"),
    };
    out += &agreement("themes vs labels", &e.themes_vs_labels);
    out += &agreement("clusters vs labels", &e.clusters_vs_labels);
    let q = &e.quality;
    out += &format!(
        "coherence (NPMI of top-10 terms, document co-occurrence) {:.4}; diversity (unique top-10 terms / 10·themes) {:.4}; silhouette (LSA, sample ≤ 2000) {}\n",
        q.coherence,
        q.diversity,
        q.silhouette.map_or("-".to_string(), |s| format!("{s:.4}"))
    );
    out += "theme                  articles  coherence  name\n";
    for t in &q.themes {
        out += &format!(
            "{:<22} {:>8}  {:>9.4}  {}\n",
            t.theme, t.articles, t.coherence, t.name
        );
    }
    out
}
