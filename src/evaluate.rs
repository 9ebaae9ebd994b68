//! A run scored: agreement of its themes and clusters with the reference
//! labels the inputs carry (NMI, ARI, V-measure, purity), and the label-free
//! [`Quality`] of its model.
//!
//! A researcher should not have to trust that themes are good; these are the
//! measures the literature uses (see [`crate::metrics`]), so our numbers can
//! be set beside scikit-learn's and gensim's.

use serde::Serialize;

use crate::choose_k::KChoice;
use crate::error::Result;
use crate::metrics::{Agreement, agreement};
use crate::model::{Assignment, theme_id};
use crate::quality::{Quality, quality};
use crate::report::RunResult;

/// A run scored: against reference labels when the corpus has them, and by
/// the label-free measures always.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub articles: usize,
    /// Articles with a reference label.
    pub labelled: usize,
    /// Distinct reference labels.
    pub labels: usize,
    /// k-means clusters in the model.
    pub clusters: usize,
    /// Themes with at least one article (clusters matching the same lexicon
    /// theme count once), plus `other` when some articles are.
    pub themes: usize,
    pub seed: u64,
    /// The themes articles are reported under (`theme` in articles.csv,
    /// `other` included) against the labels.
    pub themes_vs_labels: Option<Agreement>,
    /// The raw k-means clusters against the labels.
    pub clusters_vs_labels: Option<Agreement>,
    pub quality: Quality,
    pub k_choice: Option<KChoice>,
}

/// Scores a run against the reference labels its articles were read with
/// (see [`crate::read::ReadOptions::label_field`]).
pub fn evaluate_run(run: &RunResult) -> Result<Evaluation> {
    let seed = run.settings.seed;
    let assignments: Vec<Assignment> = run.articles.iter().map(|a| a.assignment.clone()).collect();
    let labels: Vec<Option<&str>> = run
        .articles
        .iter()
        .map(|a| a.article.label.as_deref())
        .collect();
    let labelled: Vec<usize> = (0..labels.len()).filter(|&i| labels[i].is_some()).collect();
    let truth: Vec<&str> = labelled.iter().filter_map(|&i| labels[i]).collect();
    let against = |found: Vec<String>| (!labelled.is_empty()).then(|| agreement(&truth, &found));
    let themes: Vec<String> = labelled
        .iter()
        .map(|&i| theme_id(&run.model, &assignments[i]).to_string())
        .collect();
    let clusters: Vec<String> = labelled
        .iter()
        .map(|&i| {
            assignments[i]
                .cluster
                .map_or("none".to_string(), |c| c.to_string())
        })
        .collect();
    let mut distinct_labels = truth.clone();
    distinct_labels.sort_unstable();
    distinct_labels.dedup();
    let mut distinct_themes: Vec<&str> = assignments
        .iter()
        .map(|a| theme_id(&run.model, a))
        .collect();
    distinct_themes.sort_unstable();
    distinct_themes.dedup();
    Ok(Evaluation {
        articles: run.articles.len(),
        labelled: labelled.len(),
        labels: distinct_labels.len(),
        clusters: run.model.centroids.nrows(),
        themes: distinct_themes.len(),
        seed,
        themes_vs_labels: against(themes),
        clusters_vs_labels: against(clusters),
        quality: quality(&run.model, &run.corpus, &assignments, seed)?,
        k_choice: run.k_choice.clone(),
    })
}
