//! TF-IDF: term bags ([`crate::terms`]) in, L2-normalised sparse rows out.
//!
//! Written here rather than taken from linfa's `TfIdfVectorizer`, which
//! tokenises with an ASCII regex, recomputes IDF from whatever batch it is
//! given (so an article assigned later would get different weights) and
//! builds a vocabulary-wide dense row per document. The fitted
//! [`Vocabulary`] keeps its IDF, so new articles are weighted exactly as the
//! corpus it was fitted on; a [`Weigher`] reads the term ids of any
//! [`TermTable`] with it.
//!
//! Weighting: sublinear tf (`1 + ln tf`), smoothed idf
//! (`ln((1 + n) / (1 + df)) + 1`), rows scaled to unit length. Terms in fewer
//! than `min_df` articles or more than `max_df` of them are pruned; at most
//! `max_features` terms are kept, the most widespread first.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::terms::{TermBag, TermCorpus, TermCounts, TermTable};

/// Pruning settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TfIdfSettings {
    pub min_df: usize,
    /// Fraction of articles, 0..=1.
    pub max_df: f64,
    pub max_features: usize,
}

impl Default for TfIdfSettings {
    fn default() -> Self {
        TfIdfSettings {
            min_df: 2,
            max_df: 0.5,
            max_features: 50_000,
        }
    }
}

/// A sparse row: term indices ascending, with their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl SparseRow {
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        self.indices
            .iter()
            .zip(&self.values)
            .map(|(&i, &v)| (i as usize, v))
    }
}

/// The fitted vocabulary: terms in a fixed order with their IDF.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vocabulary {
    pub settings: TfIdfSettings,
    pub terms: Vec<String>,
    pub idf: Vec<f32>,
    #[serde(skip)]
    index: HashMap<String, u32>,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings && self.terms == other.terms && self.idf == other.idf
    }
}

impl Vocabulary {
    /// Learns terms and IDF from segmented articles and their term counts
    /// ([`TermCorpus::term_counts`]). Terms in `protected`
    /// (the lexicon's seed terms, known to carry meaning) are kept even when
    /// rarer than `min_df` or `excluded`: in a small corpus a theme's telling
    /// word is often in one article only. Terms `excluded` says carry no
    /// content are left out before the `max_features` most frequent are
    /// chosen, so they never take a place a content term would have had.
    pub fn fit(
        corpus: &TermCorpus,
        counts: &TermCounts,
        settings: TfIdfSettings,
        protected: &HashSet<&str>,
        excluded: impl Fn(&str) -> bool + Sync,
    ) -> Vocabulary {
        let n = corpus.len();
        let df = &counts.articles;
        let term = |id: usize| corpus.table.term(id as u32);
        let eligible: Vec<bool> = (0..df.len())
            .into_par_iter()
            .map(|id| {
                let d = df[id];
                d > 0
                    && (protected.contains(term(id))
                        || (d >= settings.min_df && !excluded(term(id))))
            })
            .collect();
        let max_df = ((settings.max_df * n as f64).floor() as usize).max(1);
        let keep = |id: usize, max: usize| eligible[id] && df[id] <= max;
        // A corpus of near-identical articles can lose every term to max_df;
        // then a vocabulary without the upper bound is better than none.
        let max_df = if (0..df.len()).any(|id| keep(id, max_df)) {
            max_df
        } else {
            n
        };
        let mut kept: Vec<usize> = (0..df.len()).filter(|&id| keep(id, max_df)).collect();
        if kept.len() > settings.max_features {
            kept.par_sort_by(|&a, &b| df[b].cmp(&df[a]).then(term(a).cmp(term(b))));
            kept.truncate(settings.max_features);
        }
        kept.par_sort_by(|&a, &b| term(a).cmp(term(b)));
        let terms: Vec<String> = kept.iter().map(|&id| term(id).to_string()).collect();
        let idf = kept
            .iter()
            .map(|&id| (((1 + n) as f64 / (1 + df[id]) as f64).ln() + 1.0) as f32)
            .collect();
        Vocabulary::from_parts(settings, terms, idf)
    }

    /// Rebuilds the lookup index after deserialising.
    pub fn from_parts(settings: TfIdfSettings, terms: Vec<String>, idf: Vec<f32>) -> Vocabulary {
        let index = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Vocabulary {
            settings,
            terms,
            idf,
            index,
        }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn index_of(&self, term: &str) -> Option<usize> {
        self.index.get(term).map(|&i| i as usize)
    }

    /// Reads bags of `table`'s ids with this vocabulary. The weigher
    /// holds its own copy of the weights it needs, so it outlives the
    /// vocabulary's moving into a fitted model.
    pub fn weigher(&self, table: &TermTable) -> Weigher {
        Weigher {
            idf: self.idf.clone(),
            columns: (0..table.len())
                .into_par_iter()
                .map(|id| {
                    self.index
                        .get(table.term(id as u32))
                        .copied()
                        .unwrap_or(NOT_KEPT)
                })
                .collect(),
        }
    }
}

/// `1 + ln(tf)`, the weight of a term that occurs `tf` times. Nearly every
/// count is small, and those are looked up: the fit weighs every article
/// several times over.
fn sublinear_tf(tf: u32) -> f32 {
    static SMALL: LazyLock<[f32; SMALL_COUNTS]> =
        LazyLock::new(|| std::array::from_fn(|n| 1.0 + (n as f32).ln()));
    SMALL
        .get(tf as usize)
        .copied()
        .unwrap_or_else(|| 1.0 + (tf as f32).ln())
}

const SMALL_COUNTS: usize = 64;

/// A term of the table that the vocabulary does not keep.
const NOT_KEPT: u32 = u32::MAX;

/// Turns term bags into TF-IDF rows: the vocabulary's idf weights plus,
/// for each id of one [`TermTable`], the vocabulary column it maps to.
pub struct Weigher {
    idf: Vec<f32>,
    columns: Vec<u32>,
}

impl Weigher {
    /// Whether any of the article's terms is in the vocabulary.
    pub fn has_terms(&self, bag: &TermBag) -> bool {
        bag.ids().iter().any(|&id| {
            self.columns
                .get(id as usize)
                .is_some_and(|&c| c != NOT_KEPT)
        })
    }

    /// The TF-IDF weights `(column, weight)` of one article's terms in the
    /// vocabulary, in the bag's order and not yet scaled to unit length.
    pub fn weights<'a>(&'a self, bag: &'a TermBag) -> impl Iterator<Item = (usize, f32)> + 'a {
        bag.iter().filter_map(|(id, tf)| {
            let column = *self.columns.get(id as usize)?;
            (column != NOT_KEPT).then(|| {
                let weight = sublinear_tf(tf) * self.idf[column as usize];
                (column as usize, weight)
            })
        })
    }

    /// The TF-IDF weights of one article scaled to unit length (an article
    /// with no weight stays empty), in the bag's order: for sums over
    /// articles, which need no order.
    pub fn unit_weights(&self, bag: &TermBag) -> Vec<(usize, f32)> {
        let mut weights: Vec<(usize, f32)> = self.weights(bag).collect();
        let norm = weights.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            weights.iter_mut().for_each(|(_, v)| *v /= norm);
        }
        weights
    }

    /// The TF-IDF row of one article; terms outside the vocabulary are
    /// ignored.
    pub fn row(&self, bag: &TermBag) -> SparseRow {
        let mut entries = self.unit_weights(bag);
        entries.sort_unstable_by_key(|e| e.0);
        let (indices, values) = entries
            .into_iter()
            .map(|(column, weight)| (column as u32, weight))
            .unzip();
        SparseRow { indices, values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit_without_max_df(d: &TermCorpus) -> Vocabulary {
        let settings = TfIdfSettings {
            max_df: 1.0,
            ..TfIdfSettings::default()
        };
        Vocabulary::fit(d, &d.term_counts(), settings, &HashSet::new(), |_| false)
    }

    fn docs(texts: &[&str]) -> TermCorpus {
        let split: Vec<Vec<&str>> = texts.iter().map(|t| t.split(' ').collect()).collect();
        TermCorpus::from_docs(&split)
    }

    fn bag(table: &mut TermTable, words: &[&str]) -> TermBag {
        TermBag::count(words.iter().map(|w| table.intern(w)).collect())
    }

    #[test]
    fn prunes_by_document_frequency() {
        let d = docs(&[
            "储能 光伏 发展",
            "储能 光伏 发展",
            "医保 中医 发展",
            "医保 孤词 发展",
        ]);
        let v = Vocabulary::fit(
            &d,
            &d.term_counts(),
            TfIdfSettings::default(),
            &HashSet::new(),
            |_| false,
        );
        // 发展 is in every article (> max_df), 中医 and 孤词 in one (< min_df).
        assert_eq!(v.terms, vec!["储能", "光伏", "医保"]);
        let protected = HashSet::from(["中医"]);
        let v = Vocabulary::fit(
            &d,
            &d.term_counts(),
            TfIdfSettings::default(),
            &protected,
            |_| false,
        );
        assert_eq!(v.terms, vec!["中医", "储能", "光伏", "医保"]);
    }

    #[test]
    fn excluded_terms_never_take_a_place_in_max_features() {
        let d = docs(&[
            "广东省 储能 光伏",
            "广东省 储能 医保",
            "广东省 光伏 医保",
            "其他 储能 光伏",
        ]);
        let settings = TfIdfSettings {
            max_df: 1.0,
            max_features: 2,
            ..TfIdfSettings::default()
        };
        // 广东省 is the most frequent term; left out, the two places go to
        // the most frequent content terms; a protected term is never left out.
        let v = Vocabulary::fit(&d, &d.term_counts(), settings, &HashSet::new(), |t| {
            t == "广东省"
        });
        assert_eq!(v.terms, vec!["储能", "光伏"]);
        let protected = HashSet::from(["广东省"]);
        let roomier = TfIdfSettings {
            max_features: 3,
            ..settings
        };
        let v = Vocabulary::fit(&d, &d.term_counts(), roomier, &protected, |t| t == "广东省");
        assert!(v.terms.contains(&"广东省".to_string()), "{:?}", v.terms);
    }

    #[test]
    fn rows_are_sublinear_idf_weighted_and_unit_length() {
        let d = docs(&["储能 储能 储能 光伏", "储能 医保", "光伏 医保", "医保 其他"]);
        let v = fit_without_max_df(&d);
        let row = v.weigher(&d.table).row(&d.bags[0]);
        let norm: f32 = row.values.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-6);
        let w = |t: &str| {
            row.values[row
                .indices
                .iter()
                .position(|&i| i as usize == v.index_of(t).unwrap())
                .unwrap()]
        };
        // Same df, so the ratio is the sublinear tf ratio 1 + ln 3 : 1.
        assert!((w("储能") / w("光伏") - (1.0 + 3f32.ln())).abs() < 1e-5);
    }

    #[test]
    fn identical_articles_keep_a_vocabulary() {
        let d = docs(&["储能 光伏", "储能 光伏", "储能 光伏"]);
        let v = Vocabulary::fit(
            &d,
            &d.term_counts(),
            TfIdfSettings::default(),
            &HashSet::new(),
            |_| false,
        );
        assert_eq!(v.terms, vec!["储能", "光伏"]);
    }

    #[test]
    fn terms_outside_the_vocabulary_are_ignored() {
        let mut d = docs(&["储能 光伏", "储能 医保", "光伏 医保", "医保 储能"]);
        let v = fit_without_max_df(&d);
        let unknown = bag(&mut d.table, &["从未见过"]);
        let mixed = bag(&mut d.table, &["储能", "从未见过"]);
        let weigher = v.weigher(&d.table);
        assert!(weigher.row(&unknown).is_empty());
        let mixed = weigher.row(&mixed);
        assert_eq!(mixed.indices, vec![v.index_of("储能").unwrap() as u32]);
        assert_eq!(mixed.values, vec![1.0]);
    }
}
