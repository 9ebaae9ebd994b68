//! Clustering: reduced article vectors in, k centroids out.
//!
//! k-means itself is linfa's. What is ours is where it starts: themes of the
//! lexicon that the corpus clearly carries ([`present_themes`]) start a
//! centroid at their seed terms and stay in the data as a small prior
//! ([`with_anchors`]), and the
//! remaining centroids — for themes no list foresaw — are drawn by greedy
//! k-means++ from the articles those seeds explain worst. A small corpus
//! (two dozen articles) thus starts from sensible themes instead of random
//! points, and a large one still finds its own.
//!
//! Every random choice comes from one seeded Xoshiro256+ stream and linfa
//! runs single-start from the given centroids, so a seed fixes the result;
//! the caller ([`crate::model`]) runs several such starts and keeps the
//! lowest inertia.

use linfa::DatasetBase;
use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array1, Array2, ArrayView1, Axis};
use rand::Rng;
use rand_xoshiro::Xoshiro256Plus;

use crate::error::{Error, Result};

/// Iteration cap and tolerance for one k-means run.
const MAX_ITERATIONS: u64 = 300;
const TOLERANCE: f64 = 1e-6;

/// The lexicon themes the corpus carries: those that are the closest theme
/// (by cosine, at least `min_similarity`) of at least `min_articles`
/// articles. Returns `(theme index, article count)`, most articles first.
pub fn present_themes(
    embeddings: &Array2<f64>,
    anchors: &[Option<Array1<f64>>],
    min_similarity: f64,
    min_articles: usize,
) -> Vec<(usize, usize)> {
    let mut counts = vec![0usize; anchors.len()];
    for x in embeddings.axis_iter(Axis(0)) {
        let best = anchors
            .iter()
            .enumerate()
            .filter_map(|(t, a)| a.as_ref().map(|a| (t, x.dot(a))))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((t, sim)) = best
            && sim >= min_similarity
        {
            counts[t] += 1;
        }
    }
    let mut present: Vec<(usize, usize)> = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n >= min_articles.max(1))
        .collect();
    present.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    present
}

/// The articles plus each anchor repeated `weight` times: anchors act as a
/// prior worth `weight` articles, which holds a small cluster near its
/// lexicon theme and is outweighed in a large one.
pub fn with_anchors(
    embeddings: &Array2<f64>,
    anchors: &[Array1<f64>],
    weight: usize,
) -> Array2<f64> {
    let mut rows: Vec<ArrayView1<f64>> = embeddings.axis_iter(Axis(0)).collect();
    for a in anchors {
        rows.extend(std::iter::repeat_n(a.view(), weight));
    }
    ndarray::stack(Axis(0), &rows).unwrap_or_else(|_| embeddings.clone())
}

/// Completes `fixed` to `k` starting centroids with k-means++ (each new one
/// drawn with probability proportional to its squared distance from the
/// nearest centroid so far).
pub fn complete_centroids(
    embeddings: &Array2<f64>,
    fixed: &[Array1<f64>],
    k: usize,
    rng: &mut Xoshiro256Plus,
) -> Array2<f64> {
    let n = embeddings.nrows();
    let mut centroids: Vec<Array1<f64>> = fixed.to_vec();
    let mut nearest: Vec<f64> = (0..n)
        .map(|i| {
            centroids
                .iter()
                .map(|c| squared_distance(embeddings.row(i), c.view()))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    // Greedy k-means++ (Arthur & Vassilvitskii's variant that scikit-learn
    // uses): several candidates per step, keep the one that lowers the total
    // distance most. Plain k-means++ often starts two centroids in one big
    // topic, and k-means rarely climbs out of that.
    let trials = 2 + (k as f64).ln().floor() as usize;
    while centroids.len() < k {
        let total: f64 = nearest.iter().filter(|d| d.is_finite()).sum();
        let mut best: Option<(f64, Vec<f64>, usize)> = None;
        for _ in 0..trials {
            let pick = if centroids.is_empty() || total <= 0.0 {
                rng.gen_range(0..n)
            } else {
                let mut target = rng.gen_range(0.0..total);
                nearest
                    .iter()
                    .position(|&d| {
                        target -= d;
                        target < 0.0
                    })
                    .unwrap_or(n - 1)
            };
            let candidate = embeddings.row(pick);
            let updated: Vec<f64> = nearest
                .iter()
                .enumerate()
                .map(|(i, &d)| d.min(squared_distance(embeddings.row(i), candidate)))
                .collect();
            let potential: f64 = updated.iter().sum();
            if best.as_ref().is_none_or(|b| potential < b.0) {
                best = Some((potential, updated, pick));
            }
        }
        if let Some((_, updated, pick)) = best {
            nearest = updated;
            centroids.push(embeddings.row(pick).to_owned());
        }
    }
    let mut out = Array2::zeros((k, embeddings.ncols()));
    for (mut row, c) in out.axis_iter_mut(Axis(0)).zip(&centroids) {
        row.assign(c);
    }
    out
}

/// One k-means run from `init`; returns the centroids and the inertia
/// (mean squared distance of articles to their centroid).
pub fn kmeans(
    embeddings: &Array2<f64>,
    init: Array2<f64>,
    rng: Xoshiro256Plus,
) -> Result<(Array2<f64>, f64)> {
    let k = init.nrows();
    let dataset = DatasetBase::from(embeddings.clone());
    let model = KMeans::params_with_rng(k, rng)
        .init_method(KMeansInit::Precomputed(init))
        .n_runs(1)
        .max_n_iterations(MAX_ITERATIONS)
        .tolerance(TOLERANCE)
        .fit(&dataset)
        .map_err(|e| Error::Cluster(e.to_string()))?;
    Ok((model.centroids().clone(), model.inertia()))
}

/// The centroid nearest to `x` (the k-means rule) and the cosine between
/// them, which is what an article's `score` reports.
pub fn nearest(centroids: &Array2<f64>, x: ArrayView1<f64>) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (c, centroid) in centroids.axis_iter(Axis(0)).enumerate() {
        let d = squared_distance(x, centroid);
        if d < best.1 {
            best = (c, d);
        }
    }
    (best.0, cosine(x, centroids.row(best.0)))
}

/// Cosine of two vectors; 0 when either is zero.
pub fn cosine(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    let norm = a.dot(&a).sqrt() * b.dot(&b).sqrt();
    if norm > 0.0 { a.dot(&b) / norm } else { 0.0 }
}

fn squared_distance(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum()
}

pub fn unit(mut v: Array1<f64>) -> Array1<f64> {
    let norm = v.dot(&v).sqrt();
    if norm > 0.0 {
        v /= norm;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use rand::SeedableRng;

    fn points() -> Array2<f64> {
        array![
            [1.0, 0.0],
            [0.95, 0.31],
            [0.0, 1.0],
            [0.31, 0.95],
            [-1.0, 0.0],
            [-0.95, -0.31]
        ]
    }

    #[test]
    fn only_themes_some_articles_lean_to_are_present() {
        let x = points();
        let themes = vec![
            Some(array![1.0, 0.0]),
            None,
            Some(array![0.0, -1.0]),
            Some(array![0.0, 1.0]),
        ];
        // Theme 2 is nobody's closest theme; theme 3 is closest for two articles.
        assert_eq!(present_themes(&x, &themes, 0.5, 1), vec![(0, 2), (3, 2)]);
        assert_eq!(present_themes(&x, &themes, 0.5, 3), vec![]);
    }

    #[test]
    fn anchors_join_the_data_with_their_weight() {
        let x = points();
        let data = with_anchors(&x, &[array![0.0, -1.0]], 3);
        assert_eq!(data.nrows(), 9);
        assert_eq!(data.row(8), array![0.0, -1.0]);
    }

    #[test]
    fn free_centroids_start_far_from_the_seeded_ones() {
        let x = points();
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let init = complete_centroids(&x, &[array![1.0, 0.0]], 3, &mut rng);
        assert_eq!(init.nrows(), 3);
        for c in init.axis_iter(Axis(0)).skip(1) {
            assert!(
                c[0] < 0.5,
                "a free centroid restarted at the seeded theme: {c}"
            );
        }
    }

    #[test]
    fn kmeans_from_given_centroids_is_deterministic_and_separates_groups() {
        let x = points();
        let init = array![[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]];
        let rng = Xoshiro256Plus::seed_from_u64(1);
        let (a, _) = kmeans(&x, init.clone(), rng.clone()).unwrap();
        let (b, _) = kmeans(&x, init, rng).unwrap();
        assert_eq!(a, b);
        let labels: Vec<usize> = x.axis_iter(Axis(0)).map(|r| nearest(&a, r).0).collect();
        assert_eq!(labels, vec![0, 0, 1, 1, 2, 2]);
    }
}
