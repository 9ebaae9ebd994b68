//! What shapes a fit, in linfa's shape: [`ModelSettings`] are the settings
//! as given, [`ModelSettings::check`] turns them into [`CheckedSettings`]
//! or names the bad one, and only checked settings reach
//! [`ThemeModel::fit`](super::ThemeModel::fit), so a bad setting is refused
//! before any article is read or any work is done.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::vectorize::TfIdfSettings;

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
    /// components smaller: with fewer dimensions the label agreement stays
    /// the same but fewer clusters line up with the lexicon's themes, and
    /// naming the themes a policy reader looks for is this tool's job.
    pub dims: usize,
    /// k-means restarts with different free centroids; the lowest inertia
    /// wins. The free centroids' starts decide which optimum k-means finds,
    /// so fewer restarts leave a worse optimum more often.
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
    /// Neither sample can be much smaller without cost: a smaller LSA
    /// sample misses directions of the corpus's smaller themes, and a
    /// smaller restart sample picks the winner from a coarser picture of
    /// the corpus; both lower agreement with reference labels.
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
/// article shares little with any theme. The bar is low on purpose: it
/// should catch the odd article that fits nowhere, not trim every theme's
/// fringe.
const OUTLIER_BELOW: f64 = 0.15;

/// [`ModelSettings`] that [`ModelSettings::check`] found sound; the only
/// settings a fit takes. Read them through `Deref`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSettings(ModelSettings);

impl Deref for CheckedSettings {
    type Target = ModelSettings;

    fn deref(&self) -> &ModelSettings {
        &self.0
    }
}

impl ModelSettings {
    /// The settings, if every one of them can make a fit; otherwise an
    /// [`Error::Settings`] naming the first bad one. Whether k is more than
    /// the articles with terms is known only during the fit, which says so
    /// then.
    pub fn check(&self) -> Result<CheckedSettings> {
        let bad = |message: String| Err(Error::Settings(message));
        if self.k == Some(0) {
            return bad("k must be at least 1".to_string());
        }
        if self.dims == 0 {
            return bad("the number of LSA dimensions must be at least 1".to_string());
        }
        if self.restarts == 0 {
            return bad("the number of k-means restarts must be at least 1".to_string());
        }
        if self.samples.lsa == 0 {
            return bad("the LSA sample must hold at least 1 article".to_string());
        }
        if self.samples.restarts == 0 {
            return bad("the k-means restart sample must hold at least 1 article".to_string());
        }
        if !(0.0..=1.0).contains(&self.tfidf.max_df) {
            return bad(format!(
                "max_df is a fraction of the articles, from 0 to 1, not {}",
                self.tfidf.max_df
            ));
        }
        if self.tfidf.max_features == 0 {
            return bad("max_features must be at least 1".to_string());
        }
        if !self.outlier_below.is_finite() {
            return bad(format!(
                "outlier_below is a cosine and must be a finite number, not {}",
                self.outlier_below
            ));
        }
        Ok(CheckedSettings(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass() {
        let checked = ModelSettings::default().check().unwrap();
        assert_eq!(*checked, ModelSettings::default());
    }

    #[test]
    fn every_bad_setting_is_refused_with_its_name() {
        let d = ModelSettings::default;
        let cases: Vec<(ModelSettings, &str)> = vec![
            (ModelSettings { k: Some(0), ..d() }, "k must be at least 1"),
            (ModelSettings { dims: 0, ..d() }, "LSA dimensions"),
            (ModelSettings { restarts: 0, ..d() }, "restarts"),
            (
                ModelSettings {
                    samples: FitSamples {
                        lsa: 0,
                        ..FitSamples::default()
                    },
                    ..d()
                },
                "LSA sample",
            ),
            (
                ModelSettings {
                    samples: FitSamples {
                        restarts: 0,
                        ..FitSamples::default()
                    },
                    ..d()
                },
                "restart sample",
            ),
            (
                ModelSettings {
                    tfidf: TfIdfSettings {
                        max_df: f64::NAN,
                        ..TfIdfSettings::default()
                    },
                    ..d()
                },
                "max_df",
            ),
            (
                ModelSettings {
                    tfidf: TfIdfSettings {
                        max_df: 1.5,
                        ..TfIdfSettings::default()
                    },
                    ..d()
                },
                "max_df",
            ),
            (
                ModelSettings {
                    tfidf: TfIdfSettings {
                        max_features: 0,
                        ..TfIdfSettings::default()
                    },
                    ..d()
                },
                "max_features",
            ),
            (
                ModelSettings {
                    outlier_below: f64::NAN,
                    ..d()
                },
                "outlier_below",
            ),
            (
                ModelSettings {
                    outlier_below: f64::INFINITY,
                    ..d()
                },
                "outlier_below",
            ),
        ];
        for (settings, says) in cases {
            let err = settings.check().unwrap_err();
            assert!(matches!(err, Error::Settings(_)), "{err}");
            assert!(err.to_string().contains(says), "{err} should say {says}");
        }
    }
}
