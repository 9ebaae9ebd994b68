//! Label-free quality of a fitted model on the corpus it assigned: how well
//! each theme's top terms belong together (NPMI coherence), how distinct the
//! themes' vocabularies are (diversity) and how well separated the articles
//! are (silhouette).
//!
//! `--k auto` ([`crate::choose_k`]) ranks candidate k by it and `evaluate`
//! ([`crate::evaluate`]) reports it; the measures are in [`crate::metrics`].

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::metrics::{diversity, npmi_coherence, silhouette};
use crate::model::{Assignment, ThemeModel};
use crate::sample::{sorted_sample, stream};
use crate::terms::TermCorpus;
use crate::vectorize::SparseRow;

/// How many top terms coherence and diversity look at (the usual 10).
pub const QUALITY_TERMS: usize = 10;
// Themes must carry at least as many top terms as quality reads.
const _: () = assert!(crate::themes::TOP_TERMS >= QUALITY_TERMS);
/// Silhouette is quadratic in the articles it scores.
pub const SILHOUETTE_SAMPLE: usize = 2000;

/// Label-free quality of a fitted model on a corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    /// Mean NPMI of the themes' top-10 terms (document co-occurrence in the
    /// corpus), over themes with articles.
    pub coherence: f64,
    /// Distinct top-10 terms / (10 · themes with articles).
    pub diversity: f64,
    /// Mean silhouette of the k-means clusters in LSA space, on a seeded
    /// sample of at most [`SILHOUETTE_SAMPLE`] articles.
    pub silhouette: Option<f64>,
    pub themes: Vec<ThemeQuality>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeQuality {
    pub theme: String,
    pub name: String,
    pub articles: usize,
    pub coherence: f64,
}

/// Scores `model`'s themes on the segmented articles it assigned.
pub fn quality(
    model: &ThemeModel,
    corpus: &TermCorpus,
    assignments: &[Assignment],
    seed: u64,
) -> Result<Quality> {
    let weigher = model.vocabulary.weigher(&corpus.table);
    let rows: Vec<SparseRow> = corpus.bags.par_iter().map(|b| weigher.row(b)).collect();
    let mut sizes = vec![0usize; model.themes.len()];
    for t in assignments.iter().filter_map(|a| a.theme) {
        sizes[t] += 1;
    }
    let present: Vec<usize> = (0..model.themes.len()).filter(|&t| sizes[t] > 0).collect();
    let top: Vec<Vec<usize>> = present
        .iter()
        .map(|&t| {
            model.themes[t]
                .top_terms
                .iter()
                .take(QUALITY_TERMS)
                .filter_map(|w| model.vocabulary.index_of(&w.term))
                .collect()
        })
        .collect();
    let in_docs: Vec<&[u32]> = rows.iter().map(|r| r.indices.as_slice()).collect();
    let per_theme = npmi_coherence(&top, &in_docs);
    let coherence = if per_theme.is_empty() {
        0.0
    } else {
        per_theme.iter().sum::<f64>() / per_theme.len() as f64
    };
    // Only the silhouette's sample is embedded: the score is quadratic in
    // the rows it reads, and the rest would only be thrown away.
    let placed: Vec<usize> = (0..rows.len())
        .filter(|&i| assignments[i].cluster.is_some())
        .collect();
    let sample: Vec<usize> = sorted_sample(&mut stream(seed), placed.len(), SILHOUETTE_SAMPLE)
        .into_iter()
        .map(|j| placed[j])
        .collect();
    let sample_rows: Vec<SparseRow> = sample.iter().map(|&i| rows[i].clone()).collect();
    let labels: Vec<usize> = sample
        .iter()
        .filter_map(|&i| assignments[i].cluster)
        .collect();
    let x = model.lsa.embed_all(&sample_rows).mapv(f64::from);
    Ok(Quality {
        coherence,
        diversity: diversity(&top),
        silhouette: silhouette(x, &labels)
            .map_err(|e| Error::Quality(format!("silhouette: {e}")))?,
        themes: present
            .iter()
            .zip(&per_theme)
            .map(|(&t, &c)| ThemeQuality {
                theme: model.themes[t].id.clone(),
                name: model.themes[t].name.clone(),
                articles: sizes[t],
                coherence: c,
            })
            .collect(),
    })
}
