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
//! [`best_of_restarts`] runs several such starts and keeps the lowest
//! inertia.

use linfa::DatasetBase;
use linfa::prelude::*;
use linfa_clustering::{IncrKMeansError, KMeans, KMeansInit};
use linfa_nn::distance::Distance;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, CowArray, Zip};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::sample::{sorted_sample, stream};

mod lanes;

pub use lanes::LaneL2;
use lanes::lane_dot;

/// Iteration cap and tolerance for one k-means run.
pub const MAX_ITERATIONS: u64 = 300;
const TOLERANCE: f32 = 1e-6;

/// The lexicon themes the corpus carries: those that are the closest theme
/// (by cosine, at least `min_similarity`) of at least `min_articles`
/// articles. Returns `(theme index, article count)`, most articles first.
pub fn present_themes(
    embeddings: &Array2<f32>,
    anchors: &[Option<Array1<f32>>],
    min_similarity: f64,
    min_articles: usize,
) -> Vec<(usize, usize)> {
    let closest: Vec<Option<usize>> = embeddings
        .axis_iter(Axis(0))
        .into_par_iter()
        .map(|x| {
            anchors
                .iter()
                .enumerate()
                .filter_map(|(t, a)| a.as_ref().map(|a| (t, x.dot(a))))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .filter(|&(_, sim)| f64::from(sim) >= min_similarity)
                .map(|(t, _)| t)
        })
        .collect();
    let mut counts = vec![0usize; anchors.len()];
    for t in closest.into_iter().flatten() {
        counts[t] += 1;
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
    embeddings: ArrayView2<f32>,
    anchors: &[Array1<f32>],
    weight: usize,
) -> Array2<f32> {
    let mut rows: Vec<ArrayView1<f32>> = embeddings.axis_iter(Axis(0)).collect();
    for a in anchors {
        rows.extend(std::iter::repeat_n(a.view(), weight));
    }
    ndarray::stack(Axis(0), &rows).unwrap_or_else(|_| embeddings.to_owned())
}

/// Completes `fixed` to `k` starting centroids with k-means++ (each new one
/// drawn with probability proportional to its squared distance from the
/// nearest centroid so far).
pub fn complete_centroids(
    embeddings: ArrayView2<f32>,
    fixed: &[Array1<f32>],
    k: usize,
    rng: &mut Xoshiro256Plus,
) -> Array2<f32> {
    let n = embeddings.nrows();
    let mut centroids: Vec<Array1<f32>> = fixed.to_vec();
    let mut nearest: Vec<f32> = (0..n)
        .map(|i| {
            centroids
                .iter()
                .map(|c| squared_distance(embeddings.row(i), c.view()))
                .fold(f32::INFINITY, f32::min)
        })
        .collect();
    // Greedy k-means++ (Arthur & Vassilvitskii's variant that scikit-learn
    // uses): several candidates per step, keep the one that lowers the total
    // distance most. Plain k-means++ often starts two centroids in one big
    // topic, and k-means rarely climbs out of that.
    let trials = 2 + (k as f64).ln().floor() as usize;
    while centroids.len() < k {
        let total: f64 = nearest
            .iter()
            .filter(|d| d.is_finite())
            .map(|&d| f64::from(d))
            .sum();
        let mut best: Option<(f64, Vec<f32>, usize)> = None;
        for _ in 0..trials {
            let pick = if centroids.is_empty() || total <= 0.0 {
                rng.gen_range(0..n)
            } else {
                let mut target = rng.gen_range(0.0..total);
                nearest
                    .iter()
                    .position(|&d| {
                        target -= f64::from(d);
                        target < 0.0
                    })
                    .unwrap_or(n - 1)
            };
            let candidate = embeddings.row(pick);
            let updated: Vec<f32> = nearest
                .iter()
                .enumerate()
                .map(|(i, &d)| d.min(squared_distance(embeddings.row(i), candidate)))
                .collect();
            let potential: f64 = updated.iter().map(|&d| f64::from(d)).sum();
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
    embeddings: ArrayView2<f32>,
    init: Array2<f32>,
    max_iterations: u64,
    rng: Xoshiro256Plus,
) -> Result<(Array2<f32>, f64)> {
    let k = init.nrows();
    let dataset = DatasetBase::from(embeddings);
    let model = KMeans::params_with(k, rng, LaneL2)
        .init_method(KMeansInit::Precomputed(init))
        .n_runs(1)
        .max_n_iterations(max_iterations)
        .tolerance(TOLERANCE)
        .fit(&dataset)
        .map_err(|e| Error::Cluster(e.to_string()))?;
    Ok((model.centroids().clone(), f64::from(model.inertia())))
}

/// Articles per mini-batch, and the most passes over the data it may take.
/// Two passes: the centroids start from the restarts' winner and each
/// batch moves them less than the last, so further passes move few
/// articles and cost a full pass each.
const BATCH: usize = 4096;
const MAX_EPOCHS: usize = 2;
/// A batch moving the centroids less than this (Frobenius norm) ends the fit.
const BATCH_TOLERANCE: f32 = 1e-4;

/// Mini-batch k-means (Sculley 2010, linfa's incremental fit) from `init`
/// over the articles plus each anchor `weight` times, in batches drawn from
/// one seeded shuffle: for a corpus where full passes would cost too much.
pub fn minibatch_kmeans(
    embeddings: &Array2<f32>,
    anchors: &[Array1<f32>],
    weight: usize,
    init: Array2<f32>,
    mut rng: Xoshiro256Plus,
) -> Result<Array2<f32>> {
    let n = embeddings.nrows();
    let mut order: Vec<usize> = (0..n + anchors.len() * weight).collect();
    order.shuffle(&mut rng);
    let params = KMeans::params_with(init.nrows(), rng, LaneL2)
        .init_method(KMeansInit::Precomputed(init))
        .tolerance(BATCH_TOLERANCE)
        .check()
        .map_err(|e| Error::Cluster(e.to_string()))?;
    let mut model = None;
    for _ in 0..MAX_EPOCHS {
        for chunk in order.chunks(BATCH) {
            let mut batch = Array2::zeros((chunk.len(), embeddings.ncols()));
            for (mut target, &i) in batch.axis_iter_mut(Axis(0)).zip(chunk) {
                match i.checked_sub(n) {
                    None => target.assign(&embeddings.row(i)),
                    Some(a) => target.assign(&anchors[a / weight]),
                }
            }
            match params.fit_with(model.take(), &DatasetBase::from(batch)) {
                Ok(done) => return Ok(done.centroids().clone()),
                Err(IncrKMeansError::NotConverged(going)) => model = Some(going),
                Err(e) => return Err(Error::Cluster(e.to_string())),
            }
        }
    }
    model
        .map(|m| m.centroids().clone())
        .ok_or_else(|| Error::Cluster("mini-batch k-means saw no batch".to_string()))
}

/// Restarts stop after this many iterations and only the best goes on to
/// convergence: by then the starts have shown which optimum they head for,
/// and most of a run's iterations are the slow approach to it. Stopping
/// much earlier picks a different winner than running every start to the
/// end would.
const RESTART_ITERATIONS: u64 = 20;

/// How [`best_of_restarts`] runs: its seed, how many restarts, on a sample
/// of how many articles, and up to how many articles the winner is refined
/// by full k-means rather than mini-batch.
pub struct Restarts {
    pub seed: u64,
    pub runs: usize,
    pub sample: usize,
    pub full_kmeans_up_to: usize,
}

/// How many articles a lexicon theme's anchor counts as.
const ANCHOR_WEIGHT: usize = 3;

/// Runs k-means on the articles `x` plus anchors from the anchored
/// centroids plus fresh free ones (greedy k-means++ among the articles),
/// several times when there are free ones to vary, and keeps the lowest
/// inertia.
pub fn best_of_restarts(
    x: &Array2<f32>,
    fixed: &[Array1<f32>],
    k: usize,
    restarts: &Restarts,
) -> Result<Array2<f32>> {
    let mut rng = stream(restarts.seed);
    let runs = if fixed.len() < k {
        restarts.runs.max(1)
    } else {
        1
    };
    // Sampled whether or not there are restarts to compare: with every
    // centroid anchored, a large corpus still wants the sample's cheap first
    // run and the mini-batch refinement, not full k-means on every article.
    let sampled = x.nrows() > restarts.sample;
    let x_sample = if sampled {
        let rows = sorted_sample(&mut rng, x.nrows(), restarts.sample);
        CowArray::from(x.select(Axis(0), &rows))
    } else {
        CowArray::from(x.view())
    };
    let data_sample = with_anchors(x_sample.view(), fixed, ANCHOR_WEIGHT);
    // Each run draws its starting points from its own stream (the seeded
    // one, jumped 2^128 draws ahead per run) and is deterministic from
    // there, and ties go to the earlier run, so the runs, starts included,
    // go in parallel without threads changing the result. Greedy k-means++
    // starts cost a pass over the sample per centroid, too much to draw
    // one run after another.
    let streams: Vec<Xoshiro256Plus> = (0..runs)
        .map(|_| {
            let stream = rng.clone();
            rng.jump();
            stream
        })
        .collect();
    let fits: Vec<(Array2<f32>, f64)> = streams
        .into_par_iter()
        .map(|mut stream| {
            let init = complete_centroids(x_sample.view(), fixed, k, &mut stream);
            kmeans(data_sample.view(), init, RESTART_ITERATIONS, stream)
        })
        .collect::<Result<_>>()?;
    let best = fits
        .into_iter()
        .reduce(|best, run| if run.1 < best.1 { run } else { best })
        .map(|(c, _)| c)
        .ok_or_else(|| Error::Cluster("k-means produced no run".to_string()))?;
    if !sampled {
        Ok(kmeans(data_sample.view(), best, MAX_ITERATIONS, rng)?.0)
    } else if x.nrows() <= restarts.full_kmeans_up_to {
        let data = with_anchors(x.view(), fixed, ANCHOR_WEIGHT);
        Ok(kmeans(data.view(), best, MAX_ITERATIONS, rng)?.0)
    } else {
        minibatch_kmeans(x, fixed, ANCHOR_WEIGHT, best, rng)
    }
}

/// Articles placed against the centroids: each one's nearest centroid, by
/// the k-means rule, and its cosine with every centroid.
pub struct Placement {
    pub nearest: Vec<usize>,
    /// Articles × centroids.
    pub cosines: Array2<f32>,
}

/// Places the rows of `x` with one dot product per centroid:
/// ‖x − c‖² = ‖x‖² + ‖c‖² − 2 x·c, and ‖x‖² is the same for every c, so the
/// nearest centroid is the one with the least ‖c‖² − 2 x·c; the cosine is
/// x·c / (‖x‖ ‖c‖). Distances and then cosines took twice the passes over
/// the centroids.
pub fn place(x: ArrayView2<f32>, centroids: &Array2<f32>) -> Placement {
    let squared: Vec<f32> = centroids
        .axis_iter(Axis(0))
        .map(|c| lane_dot(c, c))
        .collect();
    let mut nearest = vec![0; x.nrows()];
    let mut cosines = Array2::zeros((x.nrows(), centroids.nrows()));
    Zip::from(cosines.rows_mut())
        .and(x.rows())
        .and(&mut nearest)
        .par_for_each(|mut cos, x, nearest| {
            let norm = lane_dot(x, x).sqrt();
            let mut best = f32::INFINITY;
            for (c, centroid) in centroids.axis_iter(Axis(0)).enumerate() {
                let dot = lane_dot(x, centroid);
                if squared[c] - 2.0 * dot < best {
                    best = squared[c] - 2.0 * dot;
                    *nearest = c;
                }
                let norms = norm * squared[c].sqrt();
                cos[c] = if norms > 0.0 { dot / norms } else { 0.0 };
            }
        });
    Placement { nearest, cosines }
}

fn squared_distance(a: ArrayView1<f32>, b: ArrayView1<f32>) -> f32 {
    LaneL2.rdistance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use rand::SeedableRng;

    fn points() -> Array2<f32> {
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
        let data = with_anchors(x.view(), &[array![0.0, -1.0]], 3);
        assert_eq!(data.nrows(), 9);
        assert_eq!(data.row(8), array![0.0, -1.0]);
    }

    #[test]
    fn free_centroids_start_far_from_the_seeded_ones() {
        let x = points();
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let init = complete_centroids(x.view(), &[array![1.0, 0.0]], 3, &mut rng);
        assert_eq!(init.nrows(), 3);
        for c in init.axis_iter(Axis(0)).skip(1) {
            assert!(
                c[0] < 0.5,
                "a free centroid restarted at the seeded theme: {c}"
            );
        }
    }

    #[test]
    fn minibatch_kmeans_finds_separated_groups_and_repeats_itself() {
        // Three tight groups of 5,000 points each around distinct centres,
        // started from poor centroids (all near one group).
        let centres = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]];
        let x = Array2::from_shape_fn((15_000, 2), |(i, j)| {
            centres[i % 3][j] + 0.05 * ((i * 7 + j * 13) % 11) as f32 / 11.0
        });
        let init = array![[1.0, 0.1], [0.9, 0.0], [1.0, -0.1]];
        let anchor = [array![0.0, 1.0]];
        let rng = Xoshiro256Plus::seed_from_u64(5);
        let a = minibatch_kmeans(&x, &anchor, 3, init.clone(), rng.clone()).unwrap();
        let b = minibatch_kmeans(&x, &anchor, 3, init, rng).unwrap();
        assert_eq!(a, b);
        let nearest = place(x.view(), &a).nearest;
        let mut distinct = nearest[..3].to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 3, "{a}");
        for (i, &n) in nearest.iter().enumerate() {
            assert_eq!(n, nearest[i % 3]);
        }
    }

    #[test]
    fn placement_agrees_with_distances_and_cosines() {
        // Rows of several lengths, and a zero row, which is nearest to the
        // shortest centroid and has cosine 0 with every one.
        let x = array![[2.0, 0.0], [0.3, 0.4], [-1.0, -1.5], [0.0, 0.0]];
        let c = array![[1.0, 0.0], [0.0, 0.5], [-2.0, -2.0]];
        let p = place(x.view(), &c);
        for (i, row) in x.axis_iter(Axis(0)).enumerate() {
            let distances: Vec<f32> = c
                .axis_iter(Axis(0))
                .map(|c| squared_distance(row, c))
                .collect();
            let closest = (0..3).min_by(|&a, &b| distances[a].total_cmp(&distances[b]));
            assert_eq!(Some(p.nearest[i]), closest, "row {i}");
            for (j, centroid) in c.axis_iter(Axis(0)).enumerate() {
                let norms = row.dot(&row).sqrt() * centroid.dot(&centroid).sqrt();
                let want = if norms > 0.0 {
                    row.dot(&centroid) / norms
                } else {
                    0.0
                };
                assert!(
                    (p.cosines[[i, j]] - want).abs() < 1e-6,
                    "row {i}, centroid {j}"
                );
            }
        }
        assert_eq!(p.nearest, vec![0, 1, 2, 1]);
    }

    #[test]
    fn kmeans_from_given_centroids_is_deterministic_and_separates_groups() {
        let x = points();
        let init = array![[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]];
        let rng = Xoshiro256Plus::seed_from_u64(1);
        let (a, _) = kmeans(x.view(), init.clone(), MAX_ITERATIONS, rng.clone()).unwrap();
        let (b, _) = kmeans(x.view(), init, MAX_ITERATIONS, rng).unwrap();
        assert_eq!(a, b);
        assert_eq!(place(x.view(), &a).nearest, vec![0, 0, 1, 1, 2, 2]);
    }
}
