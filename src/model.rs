//! The fitted theme model: a plain value that can be saved, loaded and
//! applied to new articles without refitting (linfa's fit/predict shape).
//!
//! `ThemeModel::fit` runs vectorise → reduce → guided k-means → name themes
//! on segmented articles; `ThemeModel::assign_all` labels segmented articles
//! with the same vocabulary, IDF, projection and centroids, so an article
//! gets the same theme whether it was in the fitting corpus or not.
//!
//! The fit's cost does not grow with the corpus where it need not: TF-IDF
//! rows are made on the fly, never held for every article, and LSA and the
//! k-means restarts read seeded samples ([`FitSamples`]); the winning
//! centroids are refined on every article, by full k-means on a corpus of
//! moderate size and mini-batch k-means beyond.

use std::collections::HashSet;

use ndarray::{Array1, Array2, ArrayView1, Axis, CowArray};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cluster::{
    MAX_ITERATIONS, complete_centroids, kmeans, minibatch_kmeans, place, present_themes,
    with_anchors,
};
use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::progress::{Laps, Progress, Silent, Stage};
use crate::reduce::Lsa;
use crate::sample::{sorted_sample, stream};
use crate::terms::{TermBag, TermCorpus};
use crate::themes::{
    TOP_TERMS, Theme, distinctive_terms, distinctive_weights, group_profiles, match_lexicon,
    seed_term_vector, unnamed_label,
};
use crate::vectorize::{SparseRow, TfIdfSettings, Vocabulary, Weigher};

/// Settings that shape a fit. Stored in the model so a saved model says how
/// it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSettings {
    /// Number of clusters; `None` picks one from the lexicon themes the
    /// corpus carries plus room for themes no list foresaw.
    pub k: Option<usize>,
    pub seed: u64,
    /// LSA dimensions (fewer if the corpus has lower rank). 100, though 64
    /// would make every k-means distance, projection and the saved
    /// components smaller: on cnews_dev (k = 10, seeds 1–40) mean NMI was
    /// 0.916 with 64 and 0.915 with 100, but on xinwenlianbo (k = 12, seeds
    /// 1–48) clusters took a lexicon theme's name 101 times with 64 and 111
    /// with 100, 生态环保 12 times against 22 (measured with this setting
    /// changed): fewer dimensions blur the themes a policy reader looks for.
    pub dims: usize,
    /// k-means restarts with different free centroids; the lowest inertia
    /// wins. Twenty: with ten, mean NMI on cnews_dev (k = 10, seeds 1–10)
    /// was 0.916 against 0.919, and the final inertia on xinwenlianbo
    /// (k = 12, seeds 1–5) 0.642 against 0.638 (measured with this setting
    /// changed, at 100 LSA dimensions).
    pub restarts: usize,
    pub tfidf: TfIdfSettings,
    /// How much of a large corpus each step of the fit reads.
    #[serde(default)]
    pub samples: FitSamples,
    /// An article whose cosine to the nearest cluster centre is below this
    /// is `other`, "far from every theme", rather than forced into one.
    pub outlier_below: f64,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            k: None,
            seed: 42,
            dims: 100,
            restarts: 20,
            tfidf: TfIdfSettings::default(),
            samples: FitSamples::default(),
            outlier_below: OUTLIER_BELOW,
        }
    }
}

/// Where the fit reads a seeded sample rather than every article: its cost
/// then stops growing with the corpus except where it must (projecting,
/// refining and assigning every article).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitSamples {
    /// LSA is fitted on at most this many articles: the leading directions
    /// of a corpus show in a few thousand of its articles, and the cost of
    /// the decomposition grows with every article in it.
    pub lsa: usize,
    /// k-means restarts run on at most this many; the winner is then
    /// refined on every article. The choice among restarts needs the shape
    /// of the corpus, not every article.
    ///
    /// Neither sample can be much smaller without cost: on cnews_dev (k =
    /// 10, seeds 1–40, 100 LSA dimensions) fitting LSA on half of its 1,065
    /// articles lowered mean NMI from 0.915 to 0.898, and running the
    /// restarts on half to 0.902 (measured with these settings changed).
    pub restarts: usize,
    /// Up to this many articles the refinement is full k-means; beyond it,
    /// mini-batch k-means, whose cost does not grow with the iterations a
    /// full pass over a large corpus would take.
    pub full_kmeans_up_to: usize,
}

impl Default for FitSamples {
    fn default() -> Self {
        FitSamples {
            lsa: 5000,
            restarts: 4000,
            full_kmeans_up_to: 50_000,
        }
    }
}

/// Default for [`ModelSettings::outlier_below`]. Centres are means of unit
/// vectors, so a typical member sits at cosine 0.4–0.8; under 0.15 the
/// article shares little with any theme. Measured: 1 of 1,065 cnews_dev
/// articles (k = 10), 190 of 19,594 xinwenlianbo stories (k = 12), none of
/// the 24 sample-page articles.
const OUTLIER_BELOW: f64 = 0.15;

/// When k is not given: one free cluster per this many articles (at most
/// [`MAX_DEFAULT_FREE`]) beside the lexicon themes present. A corpus smaller
/// than that is too small to reveal a theme of its own reliably.
const ARTICLES_PER_FREE_CLUSTER: usize = 100;
const MAX_DEFAULT_FREE: usize = 10;
/// A lexicon theme is present when it is the closest theme, at this cosine
/// or more, of at least this share of the articles (and at least one).
const PRESENT_MIN_SIMILARITY: f64 = 0.05;
const PRESENT_MIN_SHARE: f64 = 0.005;
/// How many articles a lexicon theme's anchor counts as.
const ANCHOR_WEIGHT: usize = 3;

/// Articles [`ThemeModel::assign_all`] projects at a time.
const ASSIGN_BLOCK: usize = 16_384;

/// An article with no term in the vocabulary.
const NO_TERMS: Assignment = Assignment {
    cluster: None,
    theme: None,
    score: 0.0,
    second: None,
    other: Some(OtherReason::NoTerms),
};

/// Where one article landed: its best theme, the runner-up, and why it is
/// `other` when it has no theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// The nearest k-means cluster; `None` when the article has no term in
    /// the vocabulary.
    pub cluster: Option<usize>,
    /// Index into [`ThemeModel::themes`]; `None` when the article is
    /// `other` (see `other`).
    pub theme: Option<usize>,
    /// Cosine similarity to the nearest cluster centre.
    pub score: f64,
    /// The best theme other than the nearest cluster's, with its cosine
    /// (the closest centre among that theme's clusters).
    pub second: Option<(usize, f64)>,
    /// Why the article is `other`, when it is.
    pub other: Option<OtherReason>,
}

/// Why an article is not placed in a theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OtherReason {
    /// Not one of its terms is in the fitted vocabulary.
    NoTerms,
    /// Its cosine to every cluster centre is under
    /// [`ModelSettings::outlier_below`].
    FarFromEveryTheme,
}

impl OtherReason {
    pub fn as_str(self) -> &'static str {
        match self {
            OtherReason::NoTerms => "no term in the vocabulary",
            OtherReason::FarFromEveryTheme => "far from every theme",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeModel {
    pub settings: ModelSettings,
    pub vocabulary: Vocabulary,
    pub lsa: Lsa,
    /// k × dims.
    pub centroids: Array2<f32>,
    /// For each cluster, its theme (index into `themes`).
    pub cluster_theme: Vec<usize>,
    pub themes: Vec<Theme>,
}

impl ThemeModel {
    /// Fits a model on segmented articles and returns it with every
    /// article's assignment.
    pub fn fit(
        corpus: &TermCorpus,
        lexicon: &ThemeLexicon,
        settings: &ModelSettings,
    ) -> Result<(ThemeModel, Vec<Assignment>)> {
        ThemeModel::fit_observed(corpus, lexicon, settings, &Silent)
    }

    /// [`ThemeModel::fit`], telling `progress` as each of its steps ends.
    pub fn fit_observed(
        corpus: &TermCorpus,
        lexicon: &ThemeLexicon,
        settings: &ModelSettings,
        progress: &dyn Progress,
    ) -> Result<(ThemeModel, Vec<Assignment>)> {
        if settings.k == Some(0) {
            return Err(Error::Settings("k must be at least 1".to_string()));
        }
        let mut laps = Laps::start(progress);
        laps.begin(Stage::Vocabulary);
        let seed_terms: HashSet<&str> = lexicon
            .themes
            .iter()
            .flat_map(|t| t.terms.iter().map(String::as_str))
            .collect();
        let vocabulary = Vocabulary::fit(corpus, settings.tfidf, &seed_terms);
        // TF-IDF weights are made from the term bags when needed rather
        // than kept: for a large corpus they would outweigh everything else
        // the fit holds.
        let weigher = vocabulary.weigher(&corpus.table);
        let usable: Vec<usize> = (0..corpus.len())
            .into_par_iter()
            .filter(|&i| weigher.has_terms(&corpus.bags[i]))
            .collect();
        if usable.is_empty() {
            return Err(Error::Cluster(
                "no article has a term left after segmentation and pruning".to_string(),
            ));
        }
        laps.lap(Stage::Vocabulary);

        let mut rng = stream(settings.seed);
        let lsa_rows: Vec<SparseRow> = sorted_sample(&mut rng, usable.len(), settings.samples.lsa)
            .par_iter()
            .map(|&u| weigher.row(&corpus.bags[usable[u]]))
            .collect();
        let lsa = Lsa::fit(&lsa_rows, vocabulary.len(), settings.dims, settings.seed)?;
        drop(lsa_rows);
        let x = project(&lsa, &weigher, &usable, |&i| &corpus.bags[i]);
        laps.lap(Stage::Reduce);

        let seed_vectors: Vec<Option<Vec<f64>>> = lexicon
            .themes
            .iter()
            .map(|t| seed_term_vector(&t.terms, &vocabulary))
            .collect();
        let anchors: Vec<Option<Array1<f32>>> = seed_vectors
            .iter()
            .map(|v| v.as_ref().map(|v| lsa.embed(&dense_to_sparse(v))))
            .collect();
        let min_articles = (usable.len() as f64 * PRESENT_MIN_SHARE).ceil() as usize;
        let mut present = present_themes(&x, &anchors, PRESENT_MIN_SIMILARITY, min_articles);

        let k = match settings.k {
            Some(k) if k > usable.len() => {
                return Err(Error::Settings(format!(
                    "k = {k} is more than the {} articles that have terms to cluster",
                    usable.len()
                )));
            }
            Some(k) => k,
            None => {
                let free = (usable.len() / ARTICLES_PER_FREE_CLUSTER).min(MAX_DEFAULT_FREE);
                let free = if present.is_empty() {
                    free.max(1)
                } else {
                    free
                };
                (present.len() + free).min((usable.len() / 2).max(1))
            }
        };
        present.truncate(k);
        let fixed: Vec<Array1<f32>> = present
            .iter()
            .filter_map(|&(t, _)| anchors[t].clone())
            .collect();
        let centroids = best_of_restarts(&x, &fixed, k, settings)?;
        let placement = place(x.view(), &centroids);
        drop(x);
        laps.lap(Stage::Cluster);

        let labels = &placement.nearest;
        let profiles = group_profiles(&usable, labels, k, vocabulary.len(), |i| {
            weigher.unit_weights(&corpus.bags[i])
        });
        let (cluster_theme, themes) =
            name_themes(&profiles, labels, &vocabulary, lexicon, &seed_vectors);
        let model = ThemeModel {
            settings: settings.clone(),
            vocabulary,
            lsa,
            centroids,
            cluster_theme,
            themes,
        };
        let mut row_of = vec![None; corpus.len()];
        for (r, &i) in usable.iter().enumerate() {
            row_of[i] = Some(r);
        }
        let assignments = row_of
            .par_iter()
            .map(|r| match r {
                Some(r) => model.assignment(placement.nearest[*r], placement.cosines.row(*r)),
                None => NO_TERMS,
            })
            .collect();
        laps.lap(Stage::NameThemes);
        Ok((model, assignments))
    }

    /// Assigns every article of `corpus`, in blocks so that only a block's
    /// projections are held at once.
    pub fn assign_all(&self, corpus: &TermCorpus) -> Vec<Assignment> {
        let weigher = self.vocabulary.weigher(&corpus.table);
        corpus
            .bags
            .chunks(ASSIGN_BLOCK)
            .flat_map(|bags| {
                let x = project(&self.lsa, &weigher, bags, |b| b);
                let placement = place(x.view(), &self.centroids);
                bags.iter()
                    .enumerate()
                    .map(|(r, bag)| {
                        if weigher.has_terms(bag) {
                            self.assignment(placement.nearest[r], placement.cosines.row(r))
                        } else {
                            NO_TERMS
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The assignment of an article whose nearest cluster is `cluster`,
    /// from its cosines with every cluster centre.
    fn assignment(&self, cluster: usize, cosines: ArrayView1<f32>) -> Assignment {
        let best_theme = self.cluster_theme[cluster];
        let score = f64::from(cosines[cluster]);
        let second = cosines
            .iter()
            .zip(&self.cluster_theme)
            .filter(|&(_, &t)| t != best_theme)
            .map(|(&s, &t)| (t, f64::from(s)))
            .fold(None, |best: Option<(usize, f64)>, (t, s)| match best {
                Some((_, b)) if b >= s => best,
                _ => Some((t, s)),
            });
        let far = score < self.settings.outlier_below;
        Assignment {
            cluster: Some(cluster),
            theme: (!far).then_some(best_theme),
            score,
            second,
            other: far.then_some(OtherReason::FarFromEveryTheme),
        }
    }

    /// The theme an article was nearest to, even when it is `other` for
    /// being far from all of them.
    pub fn nearest_theme(&self, assignment: &Assignment) -> Option<usize> {
        assignment.cluster.map(|c| self.cluster_theme[c])
    }

    /// Writes the model as JSON to `out` as it is serialised, without the
    /// whole text in memory (tens of megabytes for a large vocabulary).
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(out, self).map_err(std::io::Error::from)
    }

    pub fn from_json(text: &str) -> Result<ThemeModel> {
        let mut model: ThemeModel = serde_json::from_str(text)
            .map_err(|e| Error::Settings(format!("not a policy-themes model: {e}")))?;
        let v = &model.vocabulary;
        model.vocabulary = Vocabulary::from_parts(v.settings, v.terms.clone(), v.idf.clone());
        model.check()?;
        Ok(model)
    }

    /// The parts of a loaded model fit together, so that assigning with it
    /// cannot index out of bounds: a hand-edited or truncated model.json is
    /// refused with the mismatch named.
    fn check(&self) -> Result<()> {
        let terms = self.vocabulary.len();
        let mismatch = |what: &str, found: usize, expected: usize| {
            Err(Error::Settings(format!(
                "not a consistent policy-themes model: {what} is {found}, expected {expected}"
            )))
        };
        if self.vocabulary.idf.len() != terms {
            return mismatch(
                "the number of IDF weights",
                self.vocabulary.idf.len(),
                terms,
            );
        }
        if self.lsa.components.nrows() != terms {
            return mismatch("the number of LSA rows", self.lsa.components.nrows(), terms);
        }
        if self.centroids.ncols() != self.lsa.dims() {
            return mismatch(
                "the centroid width",
                self.centroids.ncols(),
                self.lsa.dims(),
            );
        }
        if self.cluster_theme.len() != self.centroids.nrows() {
            return mismatch(
                "the number of cluster themes",
                self.cluster_theme.len(),
                self.centroids.nrows(),
            );
        }
        match self.cluster_theme.iter().find(|&&t| t >= self.themes.len()) {
            Some(&t) => mismatch("a cluster's theme index", t, self.themes.len()),
            None => Ok(()),
        }
    }
}

/// The projections of articles (rows, in the order of `items`) from their
/// term bags, with no TF-IDF row built: [`Lsa::project`] takes the weights
/// in any order and scales its results, so they need neither sorting nor
/// scaling here.
fn project<'b, T: Sync>(
    lsa: &Lsa,
    weigher: &Weigher,
    items: &'b [T],
    bag: impl Fn(&'b T) -> &'b TermBag + Sync,
) -> Array2<f32> {
    lsa.project(items.len(), |i| weigher.weights(bag(&items[i])))
}

fn dense_to_sparse(v: &[f64]) -> SparseRow {
    let (indices, values) = v
        .iter()
        .enumerate()
        .filter(|(_, x)| **x != 0.0)
        .map(|(i, &x)| (i as u32, x as f32))
        .unzip();
    SparseRow { indices, values }
}

/// Restarts stop after this many iterations and only the best goes on to
/// convergence: by then the starts have shown which optimum they head for
/// (on cnews_dev, k = 10, seeds 1–5, twenty picked the same winners as
/// running every start to the end, ten did not for seed 1; over seeds
/// 1–40, ten averaged NMI 0.911 against 0.915; measured with this constant
/// changed), and most of a run's iterations are the slow approach to it.
const RESTART_ITERATIONS: u64 = 20;

/// Runs k-means on the articles `x` plus anchors from the anchored
/// centroids plus fresh free ones (greedy k-means++ among the articles),
/// several times when there are free ones to vary, and keeps the lowest
/// inertia.
fn best_of_restarts(
    x: &Array2<f32>,
    fixed: &[Array1<f32>],
    k: usize,
    settings: &ModelSettings,
) -> Result<Array2<f32>> {
    let mut rng = stream(settings.seed);
    let runs = if fixed.len() < k {
        settings.restarts.max(1)
    } else {
        1
    };
    let samples = settings.samples;
    // Sampled whether or not there are restarts to compare: with every
    // centroid anchored, a large corpus still wants the sample's cheap first
    // run and the mini-batch refinement, not full k-means on every article.
    let sampled = x.nrows() > samples.restarts;
    let x_sample = if sampled {
        let rows = sorted_sample(&mut rng, x.nrows(), samples.restarts);
        CowArray::from(x.select(Axis(0), &rows))
    } else {
        CowArray::from(x.view())
    };
    let data_sample = with_anchors(x_sample.view(), fixed, ANCHOR_WEIGHT);
    // Each run draws its starting points from its own stream (the seeded
    // one, jumped 2^128 draws ahead per run) and is deterministic from
    // there, and ties go to the earlier run, so the runs, starts included,
    // go in parallel without threads changing the result. Drawn in turn
    // from one stream, the starts took a tenth of the clustering.
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
    } else if x.nrows() <= samples.full_kmeans_up_to {
        let data = with_anchors(x.view(), fixed, ANCHOR_WEIGHT);
        Ok(kmeans(data.view(), best, MAX_ITERATIONS, rng)?.0)
    } else {
        minibatch_kmeans(x, fixed, ANCHOR_WEIGHT, best, rng)
    }
}

/// Gives every cluster a theme: the lexicon theme it matches, or its own
/// label. Clusters matching the same lexicon theme share it.
fn name_themes(
    profiles: &[Vec<f64>],
    labels: &[usize],
    vocabulary: &Vocabulary,
    lexicon: &ThemeLexicon,
    seed_vectors: &[Option<Vec<f64>>],
) -> (Vec<usize>, Vec<Theme>) {
    let matched = match_lexicon(&distinctive_weights(profiles), seed_vectors);
    // Theme groups: one per matched lexicon theme, one per unmatched cluster,
    // in order of first appearance by cluster index.
    let mut group_of_cluster = Vec::with_capacity(profiles.len());
    let mut group_keys: Vec<Option<usize>> = Vec::new();
    for m in &matched {
        let key = m.map(|(t, _)| t);
        let group = match key.and_then(|t| group_keys.iter().position(|g| *g == Some(t))) {
            Some(g) => g,
            None => {
                group_keys.push(key);
                group_keys.len() - 1
            }
        };
        group_of_cluster.push(group);
    }
    let mut group_profiles = vec![vec![0.0; vocabulary.len()]; group_keys.len()];
    for (c, profile) in profiles.iter().enumerate() {
        for (acc, v) in group_profiles[group_of_cluster[c]].iter_mut().zip(profile) {
            *acc += v;
        }
    }
    let terms = distinctive_terms(&distinctive_weights(&group_profiles), vocabulary, TOP_TERMS);
    let sizes: Vec<usize> = (0..group_keys.len())
        .map(|g| labels.iter().filter(|&&l| group_of_cluster[l] == g).count())
        .collect();
    // Label larger unnamed themes first so they get the clearest terms.
    let mut order: Vec<usize> = (0..group_keys.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut used = std::collections::BTreeSet::new();
    let mut labels = std::collections::BTreeSet::new();
    let mut themes: Vec<Option<Theme>> = vec![None; group_keys.len()];
    for g in order {
        themes[g] = Some(match group_keys[g] {
            Some(t) => {
                let lex = &lexicon.themes[t];
                Theme {
                    id: lex.id.clone(),
                    name: lex.name.clone(),
                    name_en: lex.name_en.clone(),
                    top_terms: terms[g].clone(),
                }
            }
            None => {
                let id = format!(
                    "theme_{:02}",
                    group_of_cluster.iter().position(|&x| x == g).unwrap_or(g)
                );
                let mut label = unnamed_label(&terms[g], &mut used);
                // A theme whose every term is taken would repeat a label;
                // its id keeps it apart.
                if !labels.insert(label.clone()) {
                    label = format!("{label} ({id})");
                }
                Theme {
                    id,
                    name: label.clone(),
                    name_en: label,
                    top_terms: terms[g].clone(),
                }
            }
        });
    }
    (group_of_cluster, themes.into_iter().flatten().collect())
}

/// Theme id an article is counted under: its theme, or `other` when it has
/// none (see [`OTHER`]).
pub fn theme_id<'m>(model: &'m ThemeModel, assignment: &Assignment) -> &'m str {
    assignment
        .theme
        .map_or(OTHER, |t| model.themes[t].id.as_str())
}

/// Theme for articles that are not placed: no term left to compare, or far
/// from every theme (see [`OtherReason`]).
pub const OTHER: &str = "other";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconTheme;

    fn json(model: &ThemeModel) -> String {
        let mut out = Vec::new();
        model.write_json(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn corpus() -> TermCorpus {
        let topics = [
            "储能 光伏 电池 新能源 储能 电站",
            "医保 医院 中医 诊疗 医保 参保",
            "足球 比赛 球员 联赛 进球 教练",
        ];
        let mut docs = Vec::new();
        for i in 0..30 {
            let words: Vec<String> = topics[i % 3]
                .split(' ')
                .enumerate()
                .filter(|(j, _)| (i / 3 + j) % 5 != 0)
                .map(|(_, w)| w.to_string())
                .collect();
            docs.push(words);
        }
        TermCorpus::from_docs(&docs)
    }

    fn lexicon() -> ThemeLexicon {
        ThemeLexicon {
            themes: vec![
                LexiconTheme {
                    id: "new_energy".into(),
                    name: "新能源".into(),
                    name_en: "New energy".into(),
                    terms: vec!["储能".into(), "光伏".into(), "电池".into()],
                },
                LexiconTheme {
                    id: "livelihood".into(),
                    name: "民生服务".into(),
                    name_en: "Livelihood".into(),
                    terms: vec!["医保".into(), "医院".into()],
                },
            ],
        }
    }

    #[test]
    fn lexicon_themes_are_named_and_unforeseen_ones_labelled() {
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (model, assignments) = ThemeModel::fit(&corpus(), &lexicon(), &settings).unwrap();
        let theme_of = |i: usize| model.themes[assignments[i].theme.unwrap()].id.clone();
        assert_eq!(theme_of(0), "new_energy");
        assert_eq!(theme_of(1), "livelihood");
        let sport = &model.themes[assignments[2].theme.unwrap()];
        assert!(sport.id.starts_with("theme_"));
        assert!(
            sport.name.contains("足球") || sport.name.contains("比赛"),
            "{}",
            sport.name
        );
        for i in 0..30 {
            assert_eq!(theme_of(i), theme_of(i % 3), "article {i}");
        }
    }

    #[test]
    fn saved_model_assigns_exactly_as_the_fit_did() {
        let docs = corpus();
        let (model, assignments) =
            ThemeModel::fit(&docs, &lexicon(), &ModelSettings::default()).unwrap();
        let loaded = ThemeModel::from_json(&json(&model)).unwrap();
        assert_eq!(loaded, model);
        assert_eq!(loaded.assign_all(&docs), assignments);
        // Each article read again on its own, with its own term ids (words
        // reversed, so they are numbered differently), lands the same.
        for (bag, a) in docs.bags.iter().zip(&assignments) {
            let mut words: Vec<&str> = bag
                .iter()
                .flat_map(|(id, n)| std::iter::repeat_n(docs.table.term(id), n as usize))
                .collect();
            words.reverse();
            assert_eq!(loaded.assign_all(&TermCorpus::from_docs(&[words]))[0], *a);
        }
    }

    #[test]
    fn inconsistent_saved_models_are_refused_not_a_panic_later() {
        let (model, _) = ThemeModel::fit(&corpus(), &lexicon(), &ModelSettings::default()).unwrap();
        let mut fewer_themes = model.clone();
        fewer_themes.themes.truncate(1);
        let mut narrow = model.clone();
        narrow.centroids = Array2::zeros((model.centroids.nrows(), 1));
        for broken in [fewer_themes, narrow] {
            let err = ThemeModel::from_json(&json(&broken)).unwrap_err();
            assert!(err.to_string().contains("not a consistent"), "{err}");
        }
        let err = ThemeModel::from_json("{\"settings\": 1}").unwrap_err();
        assert!(
            err.to_string().contains("not a policy-themes model"),
            "{err}"
        );
    }

    #[test]
    fn impossible_k_is_a_clear_error() {
        let docs = corpus();
        for k in [0, 31] {
            let settings = ModelSettings {
                k: Some(k),
                ..ModelSettings::default()
            };
            let err = ThemeModel::fit(&docs, &lexicon(), &settings).unwrap_err();
            assert!(matches!(err, Error::Settings(_)), "{err}");
        }
    }

    #[test]
    fn articles_without_known_terms_are_not_forced_into_a_theme() {
        let (model, _) = ThemeModel::fit(&corpus(), &lexicon(), &ModelSettings::default()).unwrap();
        let a = model.assign_all(&TermCorpus::from_docs(&[vec!["从未见过"]]))[0];
        assert_eq!((a.cluster, a.theme), (None, None));
        assert_eq!(a.other, Some(OtherReason::NoTerms));
    }

    #[test]
    fn the_fit_does_not_depend_on_the_number_of_threads() {
        let whole = ModelSettings {
            k: Some(4),
            restarts: 8,
            ..ModelSettings::default()
        };
        // Samples small enough for the 30-article corpus to take the large
        // corpus's path: LSA and restarts on samples, mini-batch refinement.
        let sampled = ModelSettings {
            samples: FitSamples {
                lsa: 9,
                restarts: 12,
                full_kmeans_up_to: 20,
            },
            ..whole.clone()
        };
        for settings in [whole, sampled] {
            let fit_with = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| ThemeModel::fit(&corpus(), &lexicon(), &settings).unwrap())
            };
            let (one, a) = fit_with(1);
            let (four, b) = fit_with(4);
            assert_eq!(one, four, "{:?}", settings.samples);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn a_fit_on_samples_still_keeps_the_topics_apart() {
        let settings = ModelSettings {
            k: Some(3),
            samples: FitSamples {
                lsa: 9,
                restarts: 12,
                full_kmeans_up_to: 20,
            },
            ..ModelSettings::default()
        };
        let (_, assignments) = ThemeModel::fit(&corpus(), &lexicon(), &settings).unwrap();
        for i in 0..30 {
            assert_eq!(
                assignments[i].cluster,
                assignments[i % 3].cluster,
                "article {i}"
            );
        }
        assert_ne!(assignments[0].cluster, assignments[1].cluster);
        assert_ne!(assignments[1].cluster, assignments[2].cluster);
        assert_ne!(assignments[0].cluster, assignments[2].cluster);
    }

    #[test]
    fn no_two_themes_share_a_label_even_when_their_terms_run_out() {
        let vocabulary = Vocabulary::from_parts(
            crate::vectorize::TfIdfSettings::default(),
            vec!["足球".into()],
            vec![1.0],
        );
        let profiles = vec![vec![1.0], vec![2.0]];
        let (_, themes) = name_themes(
            &profiles,
            &[0, 1],
            &vocabulary,
            &ThemeLexicon::default(),
            &[],
        );
        assert_eq!(themes[0].name, "足球");
        assert_eq!(themes[1].name, "足球 (theme_01)");
    }

    #[test]
    fn every_article_gets_a_runner_up_theme_scored_below_its_own() {
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (_, assignments) = ThemeModel::fit(&corpus(), &lexicon(), &settings).unwrap();
        for a in &assignments {
            let (second, score2) = a.second.unwrap();
            assert_ne!(Some(second), a.theme);
            assert!(score2 < a.score, "{a:?}");
            assert_eq!(a.other, None);
        }
    }

    #[test]
    fn articles_far_from_every_centre_are_other_with_the_reason() {
        let strict = ModelSettings {
            k: Some(3),
            outlier_below: 1.01,
            ..ModelSettings::default()
        };
        let (model, assignments) = ThemeModel::fit(&corpus(), &lexicon(), &strict).unwrap();
        let a = assignments[0];
        assert_eq!(a.theme, None);
        assert_eq!(a.other, Some(OtherReason::FarFromEveryTheme));
        // The nearest theme is still known, for the reason column.
        assert_eq!(
            model.themes[model.nearest_theme(&a).unwrap()].id,
            "new_energy"
        );
    }
}
