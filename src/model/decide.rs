//! The theme of each article, decided from what the article itself says.
//!
//! k-means finds and refines the corpus's themes, but an article is not
//! given its cluster's name wholesale: clusters on real text often gather
//! by genre or boilerplate, and an article about batteries inside such a
//! cluster is still about new energy. Following seeded k-means (Basu,
//! Banerjee & Mooney 2002) and keyATM, each named lexicon theme gets a
//! centre made from the articles whose seed terms clearly name it, and each
//! unnamed cluster stays a free theme. An article then takes the theme it
//! scores highest on: for a named theme its cosine with the theme's centre
//! plus its own share of weight on the theme's seed terms, for a free theme
//! its cosine with the cluster's centre. A story from abroad with nothing
//! Chinese in it (see [`crate::scope`]) is left to the free themes, and
//! one mainly about a subject no policy theme covers (the lexicon's
//! `[[not_policy]]`) gets no named theme: it joins its nearest cluster when
//! that is a free theme, and is set aside otherwise.

use ndarray::{Array2, ArrayView1, Axis};
use serde::{Deserialize, Serialize};

use super::ThemeModel;
use super::assign::{Assignment, OtherReason};
use crate::lexicon::ThemeLexicon;
use crate::scope;
use crate::terms::TermBag;
use crate::vectorize::{Vocabulary, Weigher};

/// How much an article's own keyword share adds to its cosine with a named
/// theme's centre: at 1, an article with a fifth of its weight on a theme's
/// seed terms outscores a cluster it is 0.2 closer to. The keyword share is
/// what keeps a cluster's genre from overriding an article's subject.
const KEYWORD_WEIGHT: f64 = 1.0;
/// An article with at least this share of its weight on one named theme's
/// seed terms (about one specific seed term used in earnest) is decided
/// among the named themes only (keyATM's keyword topics): its words say
/// which policy it is about, and a free cluster, often shaped by genre or
/// boilerplate, cannot take it. Below it, named and free themes compete on
/// equal terms.
const KEYWORD_SUPPORT: f64 = 0.05;
/// An article seeds a named theme's centre when at least this share of its
/// TF-IDF weight lies on the theme's seed terms: several seed terms,
/// repeated, rather than a passing mention.
const SEED_MIN_SHARE: f64 = 0.2;
/// ... and that share is at least this many times its next theme's, so a
/// seed is about one theme.
const SEED_MARGIN: f64 = 2.0;

/// A lexicon theme as articles are decided for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedTheme {
    /// Index into [`ThemeModel::themes`].
    pub theme: usize,
    /// Vocabulary columns of the theme's seed terms.
    pub terms: Vec<u32>,
    /// Unit-length centre, in LSA space, of the articles whose seed terms
    /// clearly name the theme.
    pub centroid: Vec<f32>,
}

/// A subject of the lexicon that is no policy theme (the armed forces,
/// sports results), as articles are set aside for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotPolicy {
    pub id: String,
    pub name: String,
    /// Vocabulary columns of its seed terms.
    pub terms: Vec<u32>,
}

/// What an article's own words say, beside its place among the centres.
pub(super) struct Evidence<'a> {
    /// Its keyword share for each named theme, in the order of
    /// [`ThemeModel::named`].
    pub shares: &'a [f64],
    /// Its keyword share for each subject of [`ThemeModel::not_policy`].
    pub not_policy: &'a [f64],
    /// Whether it reports from abroad with nothing Chinese in it.
    pub abroad: bool,
}

/// Which term sets (themes, then subjects outside policy, by position)
/// each vocabulary column is a seed term of, indexed by column: looked up
/// for every term of every article.
pub(super) struct KeywordIndex {
    themes_of: Vec<Vec<usize>>,
    themes: usize,
}

impl KeywordIndex {
    pub(super) fn new<'a>(term_sets: impl IntoIterator<Item = &'a [u32]>) -> KeywordIndex {
        let mut themes_of: Vec<Vec<usize>> = Vec::new();
        let mut themes = 0;
        for (t, terms) in term_sets.into_iter().enumerate() {
            for &c in terms {
                let c = c as usize;
                if themes_of.len() <= c {
                    themes_of.resize(c + 1, Vec::new());
                }
                themes_of[c].push(t);
            }
            themes = t + 1;
        }
        KeywordIndex { themes_of, themes }
    }

    /// The share of an article's unit TF-IDF weight on each theme's seed
    /// terms. Summed in column order, so an article gets the same shares
    /// whatever order its terms were read in.
    pub(super) fn shares(&self, weigher: &Weigher, bag: &TermBag) -> Vec<f64> {
        let mut weights: Vec<(usize, f32)> = weigher.weights(bag).collect();
        weights.sort_unstable_by_key(|e| e.0);
        let norm = weights
            .iter()
            .map(|&(_, v)| f64::from(v) * f64::from(v))
            .sum::<f64>()
            .sqrt();
        let mut shares = vec![0.0; self.themes];
        if norm > 0.0 {
            for (c, v) in weights {
                for &t in self.themes_of.get(c).into_iter().flatten() {
                    shares[t] += f64::from(v) / norm;
                }
            }
        }
        shares
    }
}

/// Vocabulary columns of each lexicon theme's seed terms, and of the names
/// of other countries for a theme that counts them (`countries = true`):
/// in a story China takes part in (one from abroad gets no named theme),
/// naming other countries is evidence of opening-up and exchange. They
/// weigh in an article's keyword shares, never in the clusters' anchors.
pub(super) fn seed_columns(lexicon: &ThemeLexicon, vocabulary: &Vocabulary) -> Vec<Vec<u32>> {
    lexicon
        .themes
        .iter()
        .map(|t| {
            let countries = t.countries.then(scope::countries).into_iter().flatten();
            let mut columns: Vec<u32> = t
                .terms
                .iter()
                .map(String::as_str)
                .chain(countries.copied())
                .filter_map(|term| vocabulary.index_of(term))
                .map(|c| c as u32)
                .collect();
            columns.sort_unstable();
            columns.dedup();
            columns
        })
        .collect()
}

/// The theme an article's keyword shares clearly name, if any (see
/// [`SEED_MIN_SHARE`] and [`SEED_MARGIN`]).
pub(super) fn clear_theme(shares: &[f64]) -> Option<usize> {
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| shares[b].total_cmp(&shares[a]).then(a.cmp(&b)));
    let best = *order.first()?;
    let next = order.get(1).map_or(0.0, |&t| shares[t]);
    (shares[best] >= SEED_MIN_SHARE && shares[best] >= SEED_MARGIN * next).then_some(best)
}

/// Unit-length mean of the rows of `x` listed in `rows`; `None` when there
/// are none or they cancel out.
pub(super) fn unit_mean(x: &Array2<f32>, rows: &[usize]) -> Option<Vec<f32>> {
    if rows.is_empty() {
        return None;
    }
    let mut sum = vec![0.0f64; x.ncols()];
    for &r in rows {
        for (s, &v) in sum.iter_mut().zip(x.index_axis(Axis(0), r)) {
            *s += f64::from(v);
        }
    }
    let norm = sum.iter().map(|v| v * v).sum::<f64>().sqrt();
    (norm > 0.0).then(|| sum.iter().map(|v| (v / norm) as f32).collect())
}

impl ThemeModel {
    /// Whether theme `t` is a lexicon theme decided per article.
    pub(super) fn is_named(&self, t: usize) -> bool {
        self.named.iter().any(|n| n.theme == t)
    }

    /// Drops the themes neither a cluster nor the lexicon stands for, and
    /// renumbers the rest in their order.
    pub(super) fn drop_unused_themes(&mut self) {
        let used: Vec<bool> = (0..self.themes.len())
            .map(|t| self.is_named(t) || self.cluster_theme.contains(&t))
            .collect();
        let mut new_index = vec![usize::MAX; used.len()];
        let mut next = 0;
        for (t, &u) in used.iter().enumerate() {
            if u {
                new_index[t] = next;
                next += 1;
            }
        }
        let mut keep = used.iter();
        self.themes.retain(|_| *keep.next().unwrap_or(&false));
        for t in &mut self.cluster_theme {
            *t = new_index[*t];
        }
        for n in &mut self.named {
            n.theme = new_index[n.theme];
        }
    }

    /// The keyword index of the model's named themes and then of its
    /// subjects no policy theme covers.
    pub(super) fn keyword_index(&self) -> KeywordIndex {
        KeywordIndex::new(
            self.named
                .iter()
                .map(|n| &n.terms)
                .chain(self.not_policy.iter().map(|n| &n.terms))
                .map(Vec::as_slice),
        )
    }

    /// Decides one article from its nearest cluster, its unit LSA row `x`,
    /// its cosines with every cluster centre and what its own words say.
    pub(super) fn decide(
        &self,
        cluster: usize,
        x: ArrayView1<f32>,
        cosines: ArrayView1<f32>,
        evidence: &Evidence,
    ) -> Assignment {
        let Evidence {
            shares,
            not_policy,
            abroad,
        } = *evidence;
        let named_cosines: Vec<f64> = self
            .named
            .iter()
            .map(|n| f64::from(x.iter().zip(&n.centroid).map(|(a, b)| a * b).sum::<f32>()))
            .collect();
        let named_scores: Vec<f64> = named_cosines
            .iter()
            .zip(shares)
            .map(|(cos, share)| cos + KEYWORD_WEIGHT * share)
            .collect();
        // Every theme's score: named themes by centre and keywords, free
        // themes by their closest cluster.
        // A story from abroad is about no Chinese policy whatever words it
        // uses (see `crate::scope`): only free themes may take it.
        let mut scores: Vec<Option<f64>> = vec![None; self.themes.len()];
        if !abroad {
            for (n, &s) in self.named.iter().zip(&named_scores) {
                scores[n.theme] = Some(s);
            }
        }
        // Without keywords of its own, an article is placed by the clusters
        // it is close to, named or free: a cluster most of whose articles
        // name one theme (see `adopt_majorities`) stands for that theme.
        let keyword_topic = !abroad && shares.iter().any(|&s| s >= KEYWORD_SUPPORT);
        let mut nearest = f64::NEG_INFINITY;
        if !keyword_topic {
            for (&t, &cos) in self.cluster_theme.iter().zip(cosines) {
                if abroad && self.is_named(t) {
                    continue;
                }
                let cos = f64::from(cos);
                nearest = nearest.max(cos);
                scores[t] = Some(scores[t].map_or(cos, |s: f64| s.max(cos)));
            }
        }
        let mut ranked: Vec<(usize, f64)> = scores
            .iter()
            .enumerate()
            .filter_map(|(t, s)| s.map(|s| (t, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = ranked.first().copied();
        let score = best.map_or(0.0, |b| b.1);
        // Far means far by cosine from every centre that may take the
        // article, named or free: the keyword share decides between themes,
        // not whether one fits.
        if !abroad {
            nearest = named_cosines
                .iter()
                .copied()
                .chain(cosines.iter().map(|&c| f64::from(c)))
                .fold(nearest, f64::max);
        }
        let far = nearest < self.settings.outlier_below;
        let runner_up = ranked.get(1).copied();
        // A subject outside policy keeps an article from a named theme; one
        // a free theme (a theme no list foresaw) took keeps it.
        let subject = best
            .filter(|b| self.is_named(b.0))
            .and_then(|_| not_policy_subject(shares, not_policy));
        let home = self.cluster_theme[cluster];
        let (theme, score, second, other) = if abroad && (best.is_none() || far) {
            // No free theme exists, or none is near: either way it is the
            // story's being abroad that leaves it without a theme.
            (None, score, runner_up, Some(OtherReason::Abroad))
        } else if far {
            (None, score, runner_up, Some(OtherReason::FarFromEveryTheme))
        } else if let Some(subject) = subject {
            // Kept from the named theme its words lean to, which stays as
            // runner-up (as for a roundup). No policy theme is still a
            // theme: a match report whose nearest cluster is one no list
            // foresaw (the corpus's sports news) joins it.
            if self.is_named(home) {
                (None, score, best, Some(OtherReason::NotPolicy(subject)))
            } else {
                (Some(home), f64::from(cosines[cluster]), best, None)
            }
        } else {
            (best.map(|b| b.0), score, runner_up, None)
        };
        Assignment {
            cluster: Some(cluster),
            theme,
            score,
            second,
            other,
            named_scores,
        }
    }
}

/// The subject no policy theme covers that an article is mainly about:
/// the one with most of its weight, at least [`KEYWORD_SUPPORT`] of it and
/// more than on any named theme's seed terms.
fn not_policy_subject(shares: &[f64], not_policy: &[f64]) -> Option<usize> {
    let named_best = shares.iter().copied().fold(0.0, f64::max);
    not_policy
        .iter()
        .enumerate()
        .filter(|&(_, &s)| s >= KEYWORD_SUPPORT && s > named_best)
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_countries_count_for_a_theme_that_asks_for_them() {
        use crate::lexicon::LexiconTheme;
        use crate::vectorize::TfIdfSettings;
        let terms: Vec<String> = ["外贸", "越南", "储能"].map(String::from).to_vec();
        let vocabulary = Vocabulary::from_parts(TfIdfSettings::default(), terms, vec![1.0; 3]);
        let theme = |countries| LexiconTheme {
            id: "opening".into(),
            name: "开放合作".into(),
            name_en: "Opening".into(),
            terms: vec!["外贸".into()],
            countries,
        };
        let columns = |countries| {
            let lexicon = ThemeLexicon {
                themes: vec![theme(countries)],
                not_policy: Vec::new(),
            };
            seed_columns(&lexicon, &vocabulary).remove(0)
        };
        assert_eq!(columns(false), [0]);
        assert_eq!(columns(true), [0, 1]);
    }

    #[test]
    fn a_match_report_with_a_passing_policy_word_joins_the_sports_cluster() {
        use crate::lexicon::LexiconTheme;
        use crate::model::ModelSettings;
        use crate::model::fixtures::{docs, fit, lexicon};
        use crate::terms::TermCorpus;
        // The shared corpus's football stories, and one more that names a
        // battery in passing.
        let mut docs = docs();
        docs.push(
            ["足球", "比赛", "球员", "联赛", "进球", "教练", "电池"]
                .map(String::from)
                .to_vec(),
        );
        let mut lexicon = lexicon();
        lexicon.not_policy.push(LexiconTheme {
            id: "sports".into(),
            name: "体育赛事".into(),
            name_en: "Sports results".into(),
            terms: ["球员", "进球", "联赛"].map(String::from).to_vec(),
            countries: false,
        });
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (model, assignments) = fit(&TermCorpus::from_docs(&docs), &lexicon, &settings);
        let report = assignments.last().unwrap();
        let theme = report.theme.expect("the match report has a theme");
        // Not new energy, nor set aside: the theme of the football cluster,
        // which no lexicon theme names, with new energy as runner-up.
        assert!(!model.is_named(theme), "{}", model.themes[theme].name);
        assert_eq!(report.other, None);
        let new_energy = model.named[0].theme;
        assert_eq!(report.second.map(|(t, _)| t), Some(new_energy));
    }

    #[test]
    fn a_subject_outside_policy_needs_more_weight_than_every_theme() {
        assert_eq!(not_policy_subject(&[0.1, 0.02], &[0.3]), Some(0));
        assert_eq!(not_policy_subject(&[0.3, 0.02], &[0.1]), None);
        assert_eq!(not_policy_subject(&[0.0, 0.0], &[0.01]), None);
        assert_eq!(not_policy_subject(&[0.0], &[]), None);
    }

    #[test]
    fn a_clear_theme_needs_weight_and_a_margin() {
        assert_eq!(clear_theme(&[0.3, 0.1, 0.0]), Some(0));
        assert_eq!(clear_theme(&[0.3, 0.2, 0.0]), None);
        assert_eq!(clear_theme(&[0.1, 0.0]), None);
        assert_eq!(clear_theme(&[]), None);
    }
}
