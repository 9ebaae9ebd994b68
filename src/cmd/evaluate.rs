//! `policy-themes evaluate`: the run, then its numbers. Fits exactly as
//! `run` does (same flags, same report written to `--out`), then scores the
//! themes against the corpus's reference labels and by label-free measures,
//! as a table or as JSON.

use anyhow::Result;
use clap::Args;
use policy_themes::evaluate::{Evaluation, evaluate_run};
use policy_themes::metrics::Agreement;
use policy_themes::plural::count;

use super::run::{Format, RunArgs, fit_and_report};
use super::{Outcome, emit};

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
    let format = args.run.format;
    let result = fit_and_report(args.run, Some(args.label.clone()))?;
    let evaluation = evaluate_run(&result)?;
    match format {
        Format::Json => emit(format!("{}\n", serde_json::to_string_pretty(&evaluation)?))?,
        Format::Table => emit(table(&evaluation, &args.label))?,
    }
    Ok(Outcome::after(&result.skipped))
}

fn table(e: &Evaluation, field: &str) -> String {
    let mut out = format!(
        "{}, {} with a `{field}` ({}); k = {}, {}; seed {}\n",
        count(e.articles, "article"),
        e.labelled,
        count(e.labels, "label"),
        count(e.clusters, "cluster"),
        count(e.themes, "theme"),
        e.seed
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
