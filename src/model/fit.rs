//! The fit: vectorise → reduce → guided k-means → name themes, on
//! segmented articles, one step per function below.
//!
//! The fit's cost does not grow with the corpus where it need not: TF-IDF
//! rows are made on the fly, never held for every article, and LSA and the
//! k-means restarts read seeded samples ([`FitSamples`](super::FitSamples));
//! the winning centroids are refined on every article, by full k-means on a
//! corpus of moderate size and mini-batch k-means beyond.

use std::collections::{BTreeSet, HashMap, HashSet};

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::assign::{NO_TERMS, project};
use super::decide::{
    Evidence, KeywordIndex, NamedTheme, NotPolicy, clear_theme, seed_columns, unit_mean,
};
use super::{Assignment, CheckedSettings, ThemeModel};
use crate::cluster::{Placement, Restarts, best_of_restarts, place, present_themes};
use crate::content::{framing_terms, is_where_or_who};
use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::plural::count;
use crate::progress::{Laps, Progress, Silent, Stage};
use crate::reduce::Lsa;
use crate::sample::{sorted_sample, stream};
use crate::scope::Scope;
use crate::terms::TermCorpus;
use crate::themes::{
    TOP_TERMS, TermWeight, Theme, distinctive_terms, distinctive_weights, group_profiles,
    name_themes, seed_term_vector, unnamed_label,
};
use crate::vectorize::{SparseRow, TfIdfSettings, Vocabulary, Weigher};

/// When k is not given: one free cluster per this many articles (at most
/// [`MAX_DEFAULT_FREE`]) beside the lexicon themes present. A corpus smaller
/// than that is too small to reveal a theme of its own reliably.
const ARTICLES_PER_FREE_CLUSTER: usize = 100;
const MAX_DEFAULT_FREE: usize = 10;
/// A lexicon theme is present when it is the closest theme, at this cosine
/// or more, of at least this share of the articles (and at least one).
const PRESENT_MIN_SIMILARITY: f64 = 0.05;
const PRESENT_MIN_SHARE: f64 = 0.005;
/// A lexicon theme no cluster was named for is decided per article when at
/// least this many articles clearly name it: a few articles, not a stray one.
const MIN_SEEDS: usize = 3;
/// A free cluster takes a named theme when at least this share of its
/// articles were decided for that theme by their own keywords: a majority,
/// not a strong minority.
const MAJORITY: f64 = 0.5;

impl ThemeModel {
    /// Fits a model on segmented articles and returns it with every
    /// article's assignment.
    pub fn fit(
        corpus: &TermCorpus,
        lexicon: &ThemeLexicon,
        settings: &CheckedSettings,
    ) -> Result<(ThemeModel, Vec<Assignment>)> {
        ThemeModel::fit_observed(corpus, lexicon, settings, &Silent)
    }

    /// [`ThemeModel::fit`], telling `progress` as each of its steps ends.
    pub fn fit_observed(
        corpus: &TermCorpus,
        lexicon: &ThemeLexicon,
        settings: &CheckedSettings,
        progress: &dyn Progress,
    ) -> Result<(ThemeModel, Vec<Assignment>)> {
        let mut laps = Laps::begin(progress, Stage::Vocabulary);
        let vocabulary = fit_vocabulary(corpus, lexicon, settings.tfidf);
        // TF-IDF weights are made from the term bags when needed rather
        // than kept: for a large corpus they would outweigh everything else
        // the fit holds.
        let weigher = vocabulary.weigher(&corpus.table);
        let usable = articles_with_terms(corpus, &weigher)?;
        laps.next(Stage::Vocabulary, Stage::Reduce);

        let (lsa, x) = reduce(corpus, &usable, &vocabulary, &weigher, settings)?;
        laps.next(Stage::Reduce, Stage::Cluster);

        let seed_vectors: Vec<Option<Vec<f64>>> = lexicon
            .themes
            .iter()
            .map(|t| seed_term_vector(&t.terms, &vocabulary))
            .collect();
        let (k, fixed) = anchored_centroids(&x, &lsa, &seed_vectors, settings.k)?;
        let centroids = best_of_restarts(&x, &fixed, k, &restarts(settings))?;
        let placement = place(x.view(), &centroids);
        laps.next(Stage::Cluster, Stage::NameThemes);

        let labels = &placement.nearest;
        let profiles = group_profiles(&usable, labels, k, vocabulary.len(), |i| {
            weigher.unit_weights(&corpus.bags[i])
        });
        let (cluster_theme, mut themes) =
            name_themes(&profiles, labels, &vocabulary, lexicon, &seed_vectors);
        let columns = seed_columns(lexicon, &vocabulary);
        let not_policy = not_policy_subjects(lexicon, &vocabulary);
        let keywords = KeywordIndex::new(
            columns
                .iter()
                .chain(not_policy.iter().map(|n| &n.terms))
                .map(Vec::as_slice),
        );
        // Each usable article's keyword shares for every lexicon theme and
        // then every subject outside policy, and whether it reports from
        // abroad, made in one pass for choosing the centres and for both
        // decisions.
        let themes_in_lexicon = lexicon.themes.len();
        let scope = Scope::of_table(&corpus.table);
        let (shares, abroad): (Vec<Vec<f64>>, Vec<bool>) = usable
            .par_iter()
            .map(|&i| {
                let bag = &corpus.bags[i];
                (keywords.shares(&weigher, bag), scope.is_abroad(bag))
            })
            .unzip();
        let named = named_themes(
            lexicon,
            &columns,
            &clear_rows(&shares, &abroad, themes_in_lexicon),
            (&x, &centroids),
            &cluster_theme,
            &mut themes,
        );
        let mut model = ThemeModel {
            settings: (**settings).clone(),
            vocabulary,
            lsa,
            centroids,
            cluster_theme,
            themes,
            named,
            not_policy,
        };
        let named_shares = model.named_shares(lexicon, &shares);
        drop(shares);
        let rows = FitRows {
            usable: &usable,
            x: &x,
            placement: &placement,
            shares: &named_shares,
            abroad: &abroad,
        };
        let first = model.fitted_assignments(corpus.len(), &rows);
        let assignments = if adopt_majorities(&mut model, &first) {
            model.fitted_assignments(corpus.len(), &rows)
        } else {
            first
        };
        drop(x);
        let top_terms = decided_top_terms(corpus, &weigher, &assignments, &model);
        for (theme, terms) in model.themes.iter_mut().zip(top_terms) {
            if !terms.is_empty() {
                theme.top_terms = terms;
            }
        }
        relabel_free_themes(&mut model, &assignments);
        laps.lap(Stage::NameThemes);
        Ok((model, assignments))
    }

    /// Every article's assignment from what the fit knows of the usable
    /// ones; the rest have no term to place them by.
    fn fitted_assignments(&self, articles: usize, rows: &FitRows) -> Vec<Assignment> {
        let named = self.named.len();
        let mut row_of = vec![None; articles];
        for (r, &i) in rows.usable.iter().enumerate() {
            row_of[i] = Some(r);
        }
        row_of
            .par_iter()
            .map(|r| match r {
                Some(r) => self.decide(
                    rows.placement.nearest[*r],
                    rows.x.row(*r),
                    rows.placement.cosines.row(*r),
                    &Evidence {
                        shares: &rows.shares[*r][..named],
                        not_policy: &rows.shares[*r][named..],
                        abroad: rows.abroad[*r],
                    },
                ),
                None => NO_TERMS,
            })
            .collect()
    }

    /// Keyword shares for every lexicon theme and then every subject, cut
    /// down to the named themes in the order of [`ThemeModel::named`] and
    /// then the subjects: the order of [`ThemeModel::keyword_index`].
    fn named_shares(&self, lexicon: &ThemeLexicon, shares: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let themes = lexicon.themes.len();
        let columns: Vec<usize> = self
            .named
            .iter()
            .filter_map(|n| {
                let id = &self.themes[n.theme].id;
                lexicon.themes.iter().position(|t| &t.id == id)
            })
            .chain(themes..themes + self.not_policy.len())
            .collect();
        shares
            .par_iter()
            .map(|s| columns.iter().map(|&t| s[t]).collect())
            .collect()
    }
}

/// What the fit decides its usable articles from, row `r` for the article
/// `usable[r]`: its LSA row, its placement among the clusters, its keyword
/// shares for the named themes and then for the subjects no policy theme
/// covers, and whether it reports from abroad.
struct FitRows<'a> {
    usable: &'a [usize],
    x: &'a Array2<f32>,
    placement: &'a Placement,
    shares: &'a [Vec<f64>],
    abroad: &'a [bool],
}

/// The lexicon's subjects no policy theme covers, by their seed terms in
/// the vocabulary; a subject none of whose terms the corpus uses is left
/// out.
fn not_policy_subjects(lexicon: &ThemeLexicon, vocabulary: &Vocabulary) -> Vec<NotPolicy> {
    lexicon
        .not_policy
        .iter()
        .filter_map(|subject| {
            let mut terms: Vec<u32> = subject
                .terms
                .iter()
                .filter_map(|t| vocabulary.index_of(t))
                .map(|c| c as u32)
                .collect();
            terms.sort_unstable();
            terms.dedup();
            (!terms.is_empty()).then(|| NotPolicy {
                id: subject.id.clone(),
                name: subject.name.clone(),
                terms,
            })
        })
        .collect()
}

/// For each of `themes` lexicon themes (the first shares of each row), the
/// rows of the articles whose keyword shares clearly name it; a story from
/// abroad names none.
fn clear_rows(shares: &[Vec<f64>], abroad: &[bool], themes: usize) -> Vec<Vec<usize>> {
    let mut rows = vec![Vec::new(); themes];
    for (r, s) in shares.iter().enumerate() {
        if abroad[r] {
            continue;
        }
        if let Some(t) = clear_theme(&s[..themes]) {
            rows[t].push(r);
        }
    }
    rows
}

/// The lexicon themes the corpus carries: those at least [`MIN_SEEDS`]
/// articles clearly name, centred on those articles, and those a cluster
/// was named for, centred on its centre when too few articles name them.
/// A theme no cluster was named for is added to `themes`.
fn named_themes(
    lexicon: &ThemeLexicon,
    columns: &[Vec<u32>],
    seeds: &[Vec<usize>],
    (x, centroids): (&Array2<f32>, &Array2<f32>),
    cluster_theme: &[usize],
    themes: &mut Vec<Theme>,
) -> Vec<NamedTheme> {
    let mut named = Vec::new();
    for (t, lex) in lexicon.themes.iter().enumerate() {
        let existing = themes.iter().position(|th| th.id == lex.id);
        let centroid = if seeds[t].len() >= MIN_SEEDS {
            unit_mean(x, &seeds[t])
        } else {
            existing.and_then(|e| {
                let clusters: Vec<usize> = (0..cluster_theme.len())
                    .filter(|&c| cluster_theme[c] == e)
                    .collect();
                unit_mean(centroids, &clusters)
            })
        };
        let Some(centroid) = centroid else {
            continue;
        };
        let theme = existing.unwrap_or_else(|| {
            themes.push(Theme {
                id: lex.id.clone(),
                name: lex.name.clone(),
                name_en: lex.name_en.clone(),
                top_terms: Vec::new(),
            });
            themes.len() - 1
        });
        named.push(NamedTheme {
            theme,
            terms: columns[t].clone(),
            centroid,
        });
    }
    named
}

/// Gives a free cluster the named theme most of its articles were decided
/// for by their own keywords, so that its articles without keywords of
/// their own follow what the cluster is about (seeded k-means: the seeds
/// name their cluster). Free themes no cluster stands for any more are
/// dropped. Returns whether any cluster changed.
fn adopt_majorities(model: &mut ThemeModel, assignments: &[Assignment]) -> bool {
    let k = model.cluster_theme.len();
    let mut members = vec![0usize; k];
    let mut decided: Vec<HashMap<usize, usize>> = vec![HashMap::new(); k];
    for a in assignments {
        if let Some(c) = a.cluster {
            members[c] += 1;
            if let Some(t) = a.theme.filter(|&t| model.is_named(t)) {
                *decided[c].entry(t).or_default() += 1;
            }
        }
    }
    let mut changed = false;
    for c in 0..k {
        if model.is_named(model.cluster_theme[c]) {
            continue;
        }
        let majority = decided[c]
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .filter(|(_, n)| **n as f64 >= MAJORITY * members[c] as f64);
        if let Some((&t, _)) = majority {
            model.cluster_theme[c] = t;
            changed = true;
        }
    }
    if changed {
        model.drop_unused_themes();
    }
    changed
}

/// Labels the free themes afresh from the terms of the articles decided for
/// them (larger themes first, so they get the clearest terms): the articles
/// a named theme took from a cluster no longer shape its label.
fn relabel_free_themes(model: &mut ThemeModel, assignments: &[Assignment]) {
    let mut sizes = vec![0usize; model.themes.len()];
    for t in assignments.iter().filter_map(|a| a.theme) {
        sizes[t] += 1;
    }
    let mut free: Vec<usize> = (0..model.themes.len())
        .filter(|&t| !model.is_named(t))
        .collect();
    free.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut used = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for t in free {
        let theme = &mut model.themes[t];
        let mut label = unnamed_label(&theme.top_terms, &mut used);
        if !labels.insert(label.clone()) {
            label = format!("{label} ({})", theme.id);
        }
        theme.name = label.clone();
        theme.name_en = label;
    }
}

/// Each theme's distinctive terms among the articles decided for it;
/// empty for a theme no article took.
fn decided_top_terms(
    corpus: &TermCorpus,
    weigher: &Weigher,
    assignments: &[Assignment],
    model: &ThemeModel,
) -> Vec<Vec<TermWeight>> {
    let (articles, groups): (Vec<usize>, Vec<usize>) = assignments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.theme.map(|t| (i, t)))
        .unzip();
    let profiles = group_profiles(
        &articles,
        &groups,
        model.themes.len(),
        model.vocabulary.len(),
        |i| weigher.unit_weights(&corpus.bags[i]),
    );
    distinctive_terms(
        &distinctive_weights(&profiles),
        &model.vocabulary,
        TOP_TERMS,
    )
}

/// The vocabulary, keeping the lexicon's seed terms however rare they are
/// and leaving out place names, people's titles, government offices and
/// the corpus's framing terms (see [`crate::content`]) unless the lexicon
/// lists them.
fn fit_vocabulary(corpus: &TermCorpus, lexicon: &ThemeLexicon, tfidf: TfIdfSettings) -> Vocabulary {
    let seed_terms: HashSet<&str> = lexicon
        .themes
        .iter()
        .flat_map(|t| t.terms.iter().map(String::as_str))
        .collect();
    let counts = corpus.term_counts();
    let framing = framing_terms(corpus, &counts);
    Vocabulary::fit(corpus, &counts, tfidf, &seed_terms, |t| {
        framing.contains(t) || is_where_or_who(t)
    })
}

/// The articles with at least one term in the vocabulary, the only ones the
/// fit can place.
fn articles_with_terms(corpus: &TermCorpus, weigher: &Weigher) -> Result<Vec<usize>> {
    let usable: Vec<usize> = (0..corpus.len())
        .into_par_iter()
        .filter(|&i| weigher.has_terms(&corpus.bags[i]))
        .collect();
    if usable.is_empty() {
        return Err(Error::Cluster(
            "no article has a term left after segmentation and pruning".to_string(),
        ));
    }
    Ok(usable)
}

/// LSA fitted on a seeded sample of the usable articles, and every usable
/// article projected with it (rows in the order of `usable`).
fn reduce(
    corpus: &TermCorpus,
    usable: &[usize],
    vocabulary: &Vocabulary,
    weigher: &Weigher,
    settings: &CheckedSettings,
) -> Result<(Lsa, Array2<f32>)> {
    let mut rng = stream(settings.seed);
    let lsa_rows: Vec<SparseRow> = sorted_sample(&mut rng, usable.len(), settings.samples.lsa)
        .par_iter()
        .map(|&u| weigher.row(&corpus.bags[usable[u]]))
        .collect();
    let lsa = Lsa::fit(&lsa_rows, vocabulary.len(), settings.dims, settings.seed)?;
    drop(lsa_rows);
    let x = project(&lsa, weigher, usable, |&i| &corpus.bags[i]);
    Ok((lsa, x))
}

/// The number of clusters and the centroids anchored at the lexicon themes
/// the corpus carries (at most k of them, most articles first).
fn anchored_centroids(
    x: &Array2<f32>,
    lsa: &Lsa,
    seed_vectors: &[Option<Vec<f64>>],
    k: Option<usize>,
) -> Result<(usize, Vec<Array1<f32>>)> {
    let anchors: Vec<Option<Array1<f32>>> = seed_vectors
        .iter()
        .map(|v| v.as_ref().map(|v| lsa.embed(&dense_to_sparse(v))))
        .collect();
    let usable = x.nrows();
    let min_articles = (usable as f64 * PRESENT_MIN_SHARE).ceil() as usize;
    let mut present = present_themes(x, &anchors, PRESENT_MIN_SIMILARITY, min_articles);
    let k = cluster_count(k, present.len(), usable)?;
    present.truncate(k);
    let fixed = present
        .iter()
        .filter_map(|&(t, _)| anchors[t].clone())
        .collect();
    Ok((k, fixed))
}

/// The k given, if the `usable` articles can fill it; otherwise one
/// cluster per lexicon theme `present` plus free ones for themes no list
/// foresaw, never more than half the articles.
fn cluster_count(k: Option<usize>, present: usize, usable: usize) -> Result<usize> {
    match k {
        Some(k) if k > usable => Err(Error::Settings(format!(
            "k = {k} is more than the {} that {} terms to cluster",
            count(usable, "article"),
            if usable == 1 { "has" } else { "have" }
        ))),
        Some(k) => Ok(k),
        None => {
            let free = (usable / ARTICLES_PER_FREE_CLUSTER).min(MAX_DEFAULT_FREE);
            let free = if present == 0 { free.max(1) } else { free };
            Ok((present + free).min((usable / 2).max(1)))
        }
    }
}

/// How the k-means restarts run, from the settings.
fn restarts(settings: &CheckedSettings) -> Restarts {
    Restarts {
        seed: settings.seed,
        runs: settings.restarts,
        sample: settings.samples.restarts,
        full_kmeans_up_to: settings.samples.full_kmeans_up_to,
    }
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::{corpus, fit, lexicon};
    use super::super::{FitSamples, ModelSettings};
    use super::*;

    #[test]
    fn lexicon_themes_are_named_and_unforeseen_ones_labelled() {
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (model, assignments) = fit(&corpus(), &lexicon(), &settings);
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
    fn a_free_cluster_most_of_whose_articles_name_a_theme_takes_it() {
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (mut model, mut assignments) = fit(&corpus(), &lexicon(), &settings);
        let free = (0..model.cluster_theme.len())
            .find(|&c| !model.is_named(model.cluster_theme[c]))
            .unwrap();
        let new_energy = model.named[0].theme;
        let themes_before = model.themes.len();
        // Say two thirds of the football cluster's articles were decided
        // for new energy by their own keywords.
        let in_free: Vec<usize> = (0..assignments.len())
            .filter(|&i| assignments[i].cluster == Some(free))
            .collect();
        for &i in &in_free[..in_free.len() * 2 / 3] {
            assignments[i].theme = Some(new_energy);
        }
        assert!(adopt_majorities(&mut model, &assignments));
        assert_eq!(model.themes.len(), themes_before - 1);
        let new_energy = model.named[0].theme;
        assert_eq!(model.themes[new_energy].id, "new_energy");
        assert_eq!(model.cluster_theme[free], new_energy);
        assert!(model.cluster_theme.iter().all(|&t| t < model.themes.len()));
        // A strong minority is not enough.
        let (mut model, assignments) = fit(&corpus(), &lexicon(), &settings);
        let mut minority = assignments.clone();
        for &i in &in_free[..in_free.len() / 3] {
            minority[i].theme = Some(model.named[0].theme);
        }
        assert!(!adopt_majorities(&mut model, &minority));
    }

    /// Articles repeating `words`, each dropping one of them in turn so
    /// they are not identical.
    fn docs(words: &str, n: usize) -> Vec<Vec<String>> {
        let words: Vec<&str> = words.split(' ').collect();
        (0..n)
            .map(|i| {
                words
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i % words.len() || words.len() < 4)
                    .map(|(_, w)| w.to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_article_about_batteries_in_a_genre_cluster_is_still_new_energy() {
        let mut all = docs("快评 央视 本台 播发 足球 比赛 球员", 24);
        all.extend(docs("快评 央视 本台 播发 新闻 联播 电池", 3));
        all.extend(docs("储能 光伏 电池 新能源 电站 装机 并网", 12));
        all.extend(docs("医保 医院 诊疗 参保 药品 门诊", 12));
        let corpus = TermCorpus::from_docs(&all);
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (model, assignments) = fit(&corpus, &lexicon(), &settings);
        let id = |i: usize| super::super::theme_id(&model, &assignments[i]);
        // The genre articles cluster together whatever they are about...
        assert_eq!(assignments[24].cluster, assignments[0].cluster);
        // ...but the battery ones are named for what they say.
        for i in 24..27 {
            assert_eq!(id(i), "new_energy", "article {i}");
        }
        assert!(id(0).starts_with("theme_"), "{}", id(0));
        assert_eq!(id(30), "new_energy");
        assert_eq!(id(45), "livelihood");
        // Every named theme is scored for every article.
        assert!(
            assignments
                .iter()
                .all(|a| a.named_scores.len() == model.named.len())
        );
    }

    #[test]
    fn places_and_titles_are_never_in_theme_vectors_or_labels() {
        let mut all = docs("广东省 主任 副局长 试行 办法 通知 足球 联赛", 20);
        all.extend(docs("杭州 书记 储能 光伏 电池 新能源 电站", 20));
        let corpus = TermCorpus::from_docs(&all);
        let settings = ModelSettings {
            k: Some(2),
            ..ModelSettings::default()
        };
        let (model, _) = fit(&corpus, &lexicon(), &settings);
        for term in ["广东省", "主任", "副局长", "杭州", "书记"] {
            assert_eq!(model.vocabulary.index_of(term), None, "{term}");
            for theme in &model.themes {
                assert!(!theme.name.contains(term), "{}", theme.name);
                assert!(theme.top_terms.iter().all(|t| t.term != term));
            }
        }
    }

    #[test]
    fn impossible_k_is_a_clear_error() {
        let docs = corpus();
        let zero = ModelSettings {
            k: Some(0),
            ..ModelSettings::default()
        };
        let err = zero.check().unwrap_err();
        assert!(matches!(err, Error::Settings(_)), "{err}");
        // More clusters than articles is known only once the fit has them.
        let too_many = ModelSettings {
            k: Some(31),
            ..ModelSettings::default()
        };
        let err = ThemeModel::fit(&docs, &lexicon(), &too_many.check().unwrap()).unwrap_err();
        assert!(matches!(err, Error::Settings(_)), "{err}");
        assert!(err.to_string().contains("k = 31"), "{err}");
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
                    .install(|| fit(&corpus(), &lexicon(), &settings))
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
        let (_, assignments) = fit(&corpus(), &lexicon(), &settings);
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
}
