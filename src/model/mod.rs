//! The fitted theme model: a plain value that can be saved, loaded and
//! applied to new articles without refitting (linfa's fit/predict shape).
//!
//! [`ModelSettings`] are checked into [`CheckedSettings`] (`settings.rs`);
//! [`ThemeModel::fit`] (`fit.rs`) runs vectorise → reduce → guided k-means
//! → name themes on segmented articles; [`ThemeModel::assign_all`]
//! (`assign.rs`) labels segmented articles with the same vocabulary, IDF,
//! projection and centroids, so an article gets the same theme whether it
//! was in the fitting corpus or not.

mod assign;
mod decide;
mod fit;
mod settings;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

pub use assign::{Assignment, OtherReason};
pub use decide::{NamedTheme, NotPolicy};
pub use settings::{CheckedSettings, FitSamples, ModelSettings};

pub use crate::error::ModelError;

use crate::reduce::Lsa;
use crate::themes::Theme;
use crate::vectorize::Vocabulary;

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
    /// The lexicon themes the corpus carries, decided per article.
    pub named: Vec<NamedTheme>,
    /// The lexicon's subjects that are no policy theme, by their seed
    /// terms in the vocabulary.
    #[serde(default)]
    pub not_policy: Vec<NotPolicy>,
}

impl ThemeModel {
    /// Writes the model as JSON to `out` as it is serialised, without the
    /// whole text in memory (tens of megabytes for a large vocabulary).
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(out, self).map_err(std::io::Error::from)
    }

    pub fn from_json(text: &str) -> Result<ThemeModel, ModelError> {
        let mut model: ThemeModel = serde_json::from_str(text).map_err(ModelError::NotAModel)?;
        let v = &model.vocabulary;
        model.vocabulary = Vocabulary::from_parts(v.settings, v.terms.clone(), v.idf.clone());
        model.consistent()?;
        Ok(model)
    }

    /// The parts of a loaded model fit together, so that assigning with it
    /// cannot index out of bounds: a hand-edited or truncated model.json is
    /// refused with the mismatch named.
    fn consistent(&self) -> Result<(), ModelError> {
        let terms = self.vocabulary.len();
        let mismatch = |what: &'static str, found: usize, expected: usize| {
            Err(ModelError::Inconsistent {
                what,
                found,
                expected,
            })
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
        if let Some(&t) = self.cluster_theme.iter().find(|&&t| t >= self.themes.len()) {
            return mismatch("a cluster's theme index", t, self.themes.len());
        }
        for named in &self.named {
            if named.theme >= self.themes.len() {
                return mismatch("a named theme's index", named.theme, self.themes.len());
            }
            if named.centroid.len() != self.lsa.dims() {
                return mismatch(
                    "a named theme's centre width",
                    named.centroid.len(),
                    self.lsa.dims(),
                );
            }
            if let Some(&c) = named.terms.iter().find(|&&c| c as usize >= terms) {
                return mismatch("a named theme's seed term column", c as usize, terms);
            }
        }
        for subject in &self.not_policy {
            if let Some(&c) = subject.terms.iter().find(|&&c| c as usize >= terms) {
                return mismatch("a subject's seed term column", c as usize, terms);
            }
        }
        Ok(())
    }
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
/// How `other` is named where a theme shows its name.
pub const OTHER_NAME: &str = "(other)";

/// A small corpus of three topics and a lexicon naming two of them, for the
/// tests of every part of the model.
#[cfg(test)]
mod fixtures {
    use super::{Assignment, ModelSettings, ThemeModel};
    use crate::lexicon::{LexiconTheme, ThemeLexicon};
    use crate::terms::TermCorpus;

    pub fn corpus() -> TermCorpus {
        TermCorpus::from_docs(&docs())
    }

    /// The articles of [`corpus`] as words: thirty, ten on each of new
    /// energy, health insurance and football.
    pub fn docs() -> Vec<Vec<String>> {
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
        docs
    }

    pub fn lexicon() -> ThemeLexicon {
        ThemeLexicon {
            themes: vec![
                LexiconTheme {
                    id: "new_energy".into(),
                    name: "新能源".into(),
                    name_en: "New energy".into(),
                    terms: vec!["储能".into(), "光伏".into(), "电池".into()],
                    countries: false,
                },
                LexiconTheme {
                    id: "livelihood".into(),
                    name: "民生服务".into(),
                    name_en: "Livelihood".into(),
                    terms: vec!["医保".into(), "医院".into()],
                    countries: false,
                },
            ],
            not_policy: Vec::new(),
        }
    }

    /// A fit with settings the test knows to be sound.
    pub fn fit(
        corpus: &TermCorpus,
        lexicon: &ThemeLexicon,
        settings: &ModelSettings,
    ) -> (ThemeModel, Vec<Assignment>) {
        ThemeModel::fit(corpus, lexicon, &settings.check().unwrap()).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{corpus, fit, lexicon};
    use super::*;
    use crate::terms::TermCorpus;

    fn json(model: &ThemeModel) -> String {
        let mut out = Vec::new();
        model.write_json(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn saved_model_assigns_exactly_as_the_fit_did() {
        let docs = corpus();
        let (model, assignments) = fit(&docs, &lexicon(), &ModelSettings::default());
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
        let (model, _) = fit(&corpus(), &lexicon(), &ModelSettings::default());
        let mut fewer_themes = model.clone();
        fewer_themes.themes.truncate(1);
        let mut narrow = model.clone();
        narrow.centroids = Array2::zeros((model.centroids.nrows(), 1));
        for broken in [fewer_themes, narrow] {
            let err = ThemeModel::from_json(&json(&broken)).unwrap_err();
            assert!(matches!(err, ModelError::Inconsistent { .. }), "{err}");
            assert!(err.to_string().contains("not a consistent"), "{err}");
        }
        let err = ThemeModel::from_json("{\"settings\": 1}").unwrap_err();
        assert!(matches!(err, ModelError::NotAModel(_)), "{err}");
        assert!(
            err.to_string().contains("not a policy-themes model"),
            "{err}"
        );
        // Callers see it as the library's error, with the same message.
        let err = crate::error::Error::from(err);
        assert!(
            err.to_string().starts_with("not a policy-themes model"),
            "{err}"
        );
    }
}
