//! Applying a fitted model: every article gets its nearest cluster's theme,
//! a runner-up, or the reason it is `other`, with the same vocabulary, IDF,
//! projection and centroids whether it was in the fitting corpus or not.

use ndarray::Array2;

use super::ThemeModel;
use super::decide::Evidence;
use crate::cluster::place;
use crate::reduce::Lsa;
use crate::scope::Scope;
use crate::terms::{TermBag, TermCorpus};
use crate::vectorize::Weigher;

/// Articles [`ThemeModel::assign_all`] projects at a time.
const ASSIGN_BLOCK: usize = 16_384;

/// An article with no term in the vocabulary.
pub(super) const NO_TERMS: Assignment = Assignment {
    cluster: None,
    theme: None,
    score: 0.0,
    second: None,
    other: Some(OtherReason::NoTerms),
    named_scores: Vec::new(),
};

/// Where one article landed: its best theme, the runner-up, and why it is
/// `other` when it has no theme.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    /// The nearest k-means cluster; `None` when the article has no term in
    /// the vocabulary.
    pub cluster: Option<usize>,
    /// Index into [`ThemeModel::themes`]; `None` when the article is
    /// `other` (see `other`).
    pub theme: Option<usize>,
    /// The theme's score: for a named theme the cosine with its centre
    /// plus the article's keyword share, for a free theme the cosine with
    /// its closest cluster centre (see `decide.rs`).
    pub score: f64,
    /// The best-scoring theme other than `theme`, with its score.
    pub second: Option<(usize, f64)>,
    /// Why the article is `other`, when it is.
    pub other: Option<OtherReason>,
    /// The article's score for every named theme, in the order of
    /// [`ThemeModel::named`]; empty when it has no term to score.
    pub named_scores: Vec<f64>,
}

/// Why an article is not placed in a theme.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum OtherReason {
    /// Not one of its terms is in the fitted vocabulary.
    NoTerms,
    /// Its cosine to every cluster centre is under
    /// [`ModelSettings::outlier_below`](super::ModelSettings::outlier_below).
    FarFromEveryTheme,
    /// It reports from abroad with nothing Chinese in it (see
    /// [`crate::scope`]), so only a free theme could take it, and none is
    /// near (or the model has none).
    Abroad,
    /// It is a roundup of several unrelated items (see [`crate::roundup`]).
    Roundup,
    /// It is mainly about a subject no policy theme covers (the lexicon's
    /// `[[not_policy]]`, index into [`ThemeModel::not_policy`]), and its
    /// nearest cluster is no free theme.
    NotPolicy(usize),
}

impl OtherReason {
    pub fn as_str(self) -> &'static str {
        match self {
            OtherReason::NoTerms => "no term in the vocabulary",
            OtherReason::FarFromEveryTheme => "far from every theme",
            OtherReason::Abroad => "news from abroad, no Chinese policy theme",
            OtherReason::Roundup => "a roundup of several news items",
            OtherReason::NotPolicy(_) => "not a policy theme",
        }
    }
}

impl Assignment {
    /// Makes a themed article `other` for `reason`, its theme becoming the
    /// runner-up a reader can still see; an article already `other` keeps
    /// its first reason.
    pub fn set_aside(&mut self, reason: OtherReason) {
        if let Some(theme) = self.theme.take() {
            self.second = Some((theme, self.score));
            self.other = Some(reason);
        }
    }
}

impl ThemeModel {
    /// Assigns every article of `corpus`, in blocks so that only a block's
    /// projections are held at once.
    pub fn assign_all(&self, corpus: &TermCorpus) -> Vec<Assignment> {
        let weigher = self.vocabulary.weigher(&corpus.table);
        let keywords = self.keyword_index();
        let named = self.named.len();
        let scope = Scope::of_table(&corpus.table);
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
                            let shares = keywords.shares(&weigher, bag);
                            self.decide(
                                placement.nearest[r],
                                x.row(r),
                                placement.cosines.row(r),
                                &Evidence {
                                    shares: &shares[..named],
                                    not_policy: &shares[named..],
                                    abroad: scope.is_abroad(bag),
                                },
                            )
                        } else {
                            NO_TERMS
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The theme an article was nearest to, even when it is `other` for
    /// being far from all of them.
    pub fn nearest_theme(&self, assignment: &Assignment) -> Option<usize> {
        assignment.cluster.map(|c| self.cluster_theme[c])
    }
}

/// The projections of articles (rows, in the order of `items`) from their
/// term bags, with no TF-IDF row built: [`Lsa::project`] takes the weights
/// in any order and scales its results, so they need neither sorting nor
/// scaling here.
pub(super) fn project<'b, T: Sync>(
    lsa: &Lsa,
    weigher: &Weigher,
    items: &'b [T],
    bag: impl Fn(&'b T) -> &'b TermBag + Sync,
) -> Array2<f32> {
    lsa.project(items.len(), |i| weigher.weights(bag(&items[i])))
}

#[cfg(test)]
mod tests {
    use super::super::ModelSettings;
    use super::super::fixtures::{corpus, fit, lexicon};
    use super::*;

    #[test]
    fn articles_without_known_terms_are_not_forced_into_a_theme() {
        let (model, _) = fit(&corpus(), &lexicon(), &ModelSettings::default());
        let a = model
            .assign_all(&TermCorpus::from_docs(&[vec!["从未见过"]]))
            .remove(0);
        assert_eq!((a.cluster, a.theme), (None, None));
        assert_eq!(a.other, Some(OtherReason::NoTerms));
    }

    #[test]
    fn every_article_gets_a_runner_up_theme_scored_below_its_own() {
        let settings = ModelSettings {
            k: Some(3),
            ..ModelSettings::default()
        };
        let (_, assignments) = fit(&corpus(), &lexicon(), &settings);
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
        let (model, assignments) = fit(&corpus(), &lexicon(), &strict);
        let a = &assignments[0];
        assert_eq!(a.theme, None);
        assert_eq!(a.other, Some(OtherReason::FarFromEveryTheme));
        // The nearest theme is still known, for the reason column.
        assert_eq!(
            model.themes[model.nearest_theme(a).unwrap()].id,
            "new_energy"
        );
    }
}
