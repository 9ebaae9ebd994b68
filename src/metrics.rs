//! The measures themselves, on plain values: agreement of a clustering with
//! reference labels (NMI, ARI, V-measure, purity), NPMI coherence of term
//! lists, topic diversity and silhouette.
//!
//! They know nothing of articles, models or reports, so whatever scores
//! something ([`crate::quality`], [`crate::evaluate`]) can use them without
//! depending on the rest of the pipeline. Each is computed the standard way,
//! so its numbers can be set beside scikit-learn's and gensim's.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use linfa::DatasetBase;
use linfa::metrics::SilhouetteScore;
use ndarray::{Array1, Array2};
use serde::Serialize;

/// Agreement of a clustering with reference labels. Every score is 1 for a
/// perfect match; NMI, V-measure and purity are at least 0, ARI is about 0
/// for chance and can go below.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Agreement {
    /// Normalised mutual information, arithmetic-mean normalisation
    /// (scikit-learn's default).
    pub nmi: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Each cluster holds one class only.
    pub homogeneity: f64,
    /// Each class sits in one cluster only.
    pub completeness: f64,
    /// Harmonic mean of homogeneity and completeness.
    pub v_measure: f64,
    /// Share of articles in their cluster's majority class.
    pub purity: f64,
}

/// `a` out of `b` as a fraction, 0 when there is nothing to count.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Compares `found` cluster labels with `truth` class labels, article by
/// article. Labels are any comparable values; both slices have one entry per
/// article.
pub fn agreement<A, B>(truth: &[A], found: &[B]) -> Agreement
where
    A: Eq + Hash,
    B: Eq + Hash,
{
    let n = truth.len().min(found.len());
    if n == 0 {
        return Agreement {
            nmi: 1.0,
            ari: 1.0,
            homogeneity: 1.0,
            completeness: 1.0,
            v_measure: 1.0,
            purity: 1.0,
        };
    }
    let classes = index_labels(&truth[..n]);
    let clusters = index_labels(&found[..n]);
    let (n_classes, n_clusters) = (
        classes.iter().max().map_or(0, |m| m + 1),
        clusters.iter().max().map_or(0, |m| m + 1),
    );
    let mut table = vec![vec![0usize; n_clusters]; n_classes];
    for (&a, &b) in classes.iter().zip(&clusters) {
        table[a][b] += 1;
    }
    let class_sizes: Vec<usize> = table.iter().map(|r| r.iter().sum()).collect();
    let cluster_sizes: Vec<usize> = (0..n_clusters)
        .map(|b| table.iter().map(|r| r[b]).sum())
        .collect();
    let nf = n as f64;
    let entropy = |sizes: &[usize]| -> f64 {
        sizes
            .iter()
            .filter(|&&s| s > 0)
            .map(|&s| {
                let p = s as f64 / nf;
                -p * p.ln()
            })
            .sum()
    };
    let (h_class, h_cluster) = (entropy(&class_sizes), entropy(&cluster_sizes));
    let mut mutual = 0.0;
    for (a, row) in table.iter().enumerate() {
        for (b, &count) in row.iter().enumerate() {
            if count > 0 {
                let c = count as f64;
                mutual +=
                    c / nf * (c * nf / (class_sizes[a] as f64 * cluster_sizes[b] as f64)).ln();
            }
        }
    }
    let ratio = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 1.0 };
    let nmi = if h_class + h_cluster > 0.0 {
        2.0 * mutual / (h_class + h_cluster)
    } else {
        1.0
    };
    let homogeneity = ratio(mutual, h_class);
    let completeness = ratio(mutual, h_cluster);
    let v_measure = if homogeneity + completeness > 0.0 {
        2.0 * homogeneity * completeness / (homogeneity + completeness)
    } else {
        0.0
    };
    let pairs = |x: usize| (x * x.saturating_sub(1)) as f64 / 2.0;
    let index: f64 = table.iter().flatten().map(|&c| pairs(c)).sum();
    let rows: f64 = class_sizes.iter().map(|&c| pairs(c)).sum();
    let cols: f64 = cluster_sizes.iter().map(|&c| pairs(c)).sum();
    let expected = rows * cols / pairs(n).max(1.0);
    let maximum = (rows + cols) / 2.0;
    let ari = if maximum - expected == 0.0 {
        1.0
    } else {
        (index - expected) / (maximum - expected)
    };
    let majority: usize = (0..n_clusters)
        .map(|b| table.iter().map(|r| r[b]).max().unwrap_or(0))
        .sum();
    Agreement {
        nmi,
        ari,
        homogeneity,
        completeness,
        v_measure,
        purity: majority as f64 / nf,
    }
}

/// Labels renumbered 0.. in order of first appearance.
pub fn index_labels<L: Eq + Hash>(labels: &[L]) -> Vec<usize> {
    let mut ids: HashMap<&L, usize> = HashMap::new();
    labels
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect()
}

/// NPMI coherence of each term list in `top_terms` (term indices), from
/// document co-occurrence in `docs`, which lists the distinct term indices
/// each document holds. Pairs that never co-occur score −1; a list's
/// coherence is the mean over its term pairs (0 for fewer than two terms).
pub fn npmi_coherence<D: AsRef<[u32]>>(top_terms: &[Vec<usize>], docs: &[D]) -> Vec<f64> {
    let wanted: BTreeSet<usize> = top_terms.iter().flatten().copied().collect();
    let mut postings: HashMap<usize, Vec<u32>> = wanted.iter().map(|&t| (t, Vec::new())).collect();
    for (d, terms) in docs.iter().enumerate() {
        for &t in terms.as_ref() {
            if let Some(list) = postings.get_mut(&(t as usize)) {
                list.push(d as u32);
            }
        }
    }
    let n = docs.len().max(1) as f64;
    let npmi = |a: &[u32], b: &[u32]| -> f64 {
        let both = intersection_size(a, b) as f64;
        if both == 0.0 {
            return -1.0;
        }
        let p_ab = both / n;
        if p_ab >= 1.0 {
            return 1.0;
        }
        let (p_a, p_b) = (a.len() as f64 / n, b.len() as f64 / n);
        (p_ab / (p_a * p_b)).ln() / -p_ab.ln()
    };
    top_terms
        .iter()
        .map(|terms| {
            let mut sum = 0.0;
            let mut count = 0usize;
            for (i, a) in terms.iter().enumerate() {
                for b in &terms[i + 1..] {
                    sum += npmi(&postings[a], &postings[b]);
                    count += 1;
                }
            }
            if count == 0 { 0.0 } else { sum / count as f64 }
        })
        .collect()
}

fn intersection_size(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Topic diversity: distinct terms among all themes' top terms over the
/// number of top terms listed (10·k when every theme lists 10). 1 means no
/// two themes share a top term.
pub fn diversity<T: Eq + Hash>(top_terms: &[Vec<T>]) -> f64 {
    let listed: usize = top_terms.iter().map(Vec::len).sum();
    if listed == 0 {
        return 0.0;
    }
    let distinct: HashSet<&T> = top_terms.iter().flatten().collect();
    distinct.len() as f64 / listed as f64
}

/// Mean silhouette (Euclidean, which on unit-length vectors ranks pairs as
/// cosine does) of the rows of `x` with their `labels`. linfa's score is
/// exact and quadratic in the rows, so callers pass a sample. `None` with
/// fewer than two clusters, where silhouette is undefined.
pub fn silhouette(x: Array2<f64>, labels: &[usize]) -> Result<Option<f64>, linfa::Error> {
    let mut distinct = labels.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Ok(None);
    }
    DatasetBase::new(x, Array1::from(labels.to_vec()))
        .silhouette_score()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn identical_partitions_agree_perfectly_whatever_the_names() {
        let a = agreement(&["x", "x", "y", "y"], &[7, 7, 3, 3]);
        for v in [a.nmi, a.ari, a.v_measure, a.purity] {
            assert!(close(v, 1.0), "{a:?}");
        }
    }

    #[test]
    fn independent_partitions_score_nothing() {
        let a = agreement(&[0, 0, 1, 1], &[0, 1, 0, 1]);
        assert!(close(a.nmi, 0.0) && close(a.v_measure, 0.0), "{a:?}");
        // Pairs: 0 agree, expected 2·2/6, max 2 → (0 − 2/3) / (2 − 2/3).
        assert!(close(a.ari, -0.5), "{a:?}");
        assert!(close(a.purity, 0.5), "{a:?}");
    }

    #[test]
    fn a_split_class_is_homogeneous_but_incomplete() {
        // Two classes of three; the clustering cuts them into three pairs.
        let a = agreement(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
        // I = (2/3)·ln 2; H(class) = ln 2; H(cluster) = ln 3.
        let i = 2.0 / 3.0 * 2f64.ln();
        assert!(close(a.homogeneity, i / 2f64.ln()), "{a:?}");
        assert!(close(a.completeness, i / 3f64.ln()), "{a:?}");
        assert!(close(a.nmi, 2.0 * i / (2f64.ln() + 3f64.ln())), "{a:?}");
        assert!(close(a.v_measure, a.nmi), "{a:?}");
        // Σ C(nij,2) = 2, class pairs 6, cluster pairs 3, all pairs 15.
        assert!(close(a.ari, (2.0 - 1.2) / (4.5 - 1.2)), "{a:?}");
        assert!(close(a.purity, 5.0 / 6.0), "{a:?}");
    }

    #[test]
    fn npmi_rewards_terms_that_share_articles() {
        // a = 0, b = 1, c = 2 over four articles.
        let docs = [vec![0, 1], vec![0, 1], vec![2], vec![0, 2]];
        let c = npmi_coherence(&[vec![0, 1], vec![0, 2], vec![1, 2], vec![0]], &docs);
        // p(a) = 3/4, p(b) = 1/2, p(ab) = 1/2.
        assert!(close(c[0], (0.5f64 / 0.375).ln() / 2f64.ln()), "{c:?}");
        // p(c) = 1/2, p(ac) = 1/4.
        assert!(close(c[1], (0.25f64 / 0.375).ln() / 4f64.ln()), "{c:?}");
        assert!(close(c[2], -1.0), "{c:?}");
        assert_eq!(c[3], 0.0);
    }

    #[test]
    fn labels_are_numbered_in_order_of_first_appearance() {
        assert_eq!(index_labels(&["b", "a", "b", "c"]), vec![0, 1, 0, 2]);
        assert!(index_labels::<u8>(&[]).is_empty());
    }

    #[test]
    fn diversity_counts_shared_top_terms_once() {
        assert!(close(diversity(&[vec!["a", "b"], vec!["c", "d"]]), 1.0));
        assert!(close(diversity(&[vec!["a", "b"], vec!["a", "c"]]), 0.75));
        assert_eq!(diversity::<&str>(&[]), 0.0);
    }

    #[test]
    fn silhouette_is_high_for_separated_groups_and_undefined_for_one() {
        let x = array![[0.0, 1.0], [0.0, 0.9], [5.0, 0.0], [5.0, 0.1]];
        // a = 0.1, b ≈ 5.05 for every point.
        let s = silhouette(x.clone(), &[0, 0, 1, 1]).unwrap().unwrap();
        assert!(s > 0.97, "{s}");
        let mixed = silhouette(x.clone(), &[0, 1, 0, 1]).unwrap().unwrap();
        assert!(mixed < 0.0, "{mixed}");
        assert_eq!(silhouette(x.clone(), &[0, 0, 0, 0]).unwrap(), None);
    }
}
