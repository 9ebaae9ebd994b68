//! `--k auto`: how many themes a corpus holds, chosen in the open.
//!
//! Every k in a range is fitted on the same seeded sample of articles and
//! scored twice: silhouette (are the clusters separated in LSA space?) and
//! topic quality, NPMI coherence times diversity (Dieng, Ruiz & Blei 2020):
//! coherence alone keeps rising with k, as small themes repeat the same
//! tight vocabulary, and diversity is what stops that. The two scores live on
//! different scales, so each is rescaled to 0..1 across the range and the k
//! with the best mean wins, the smaller k on a tie. The whole table is returned so the user can see the
//! curve and overrule the pick with `--k N`.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::model::{ModelSettings, ThemeModel};
use crate::quality::quality;
use crate::sample::{sorted_sample, stream};
use crate::terms::TermCorpus;

/// The articles each candidate k is fitted on, at most.
pub const K_SAMPLE: usize = 2000;
/// Restarts per candidate: the scan compares k, it does not need each
/// candidate's best optimum, and ten keep the scan affordable.
const SCAN_RESTARTS: usize = 10;

/// The candidates for k, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KRange {
    pub min: usize,
    pub max: usize,
}

impl Default for KRange {
    fn default() -> Self {
        KRange { min: 4, max: 20 }
    }
}

/// One candidate's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KScore {
    pub k: usize,
    /// `None` when the fit left fewer than two clusters in the sample.
    pub silhouette: Option<f64>,
    pub coherence: f64,
    pub diversity: f64,
    /// Coherence (shifted from −1..1 to 0..1) times diversity.
    pub topic_quality: f64,
    /// Silhouette rescaled to 0..1 over the range: half of `combined`.
    /// `None` with `silhouette`; it counts as 0 in `combined`.
    pub silhouette_scaled: Option<f64>,
    /// Topic quality rescaled to 0..1 over the range: the other half.
    pub topic_quality_scaled: f64,
    /// Mean of the two rescaled scores; what the pick maximises.
    pub combined: f64,
}

/// The pick and the evidence for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KChoice {
    pub k: usize,
    /// Articles in the sample the candidates were fitted on.
    pub sample: usize,
    pub scores: Vec<KScore>,
}

/// Scores every k of `range` that the corpus can support and picks one.
pub fn choose_k(
    docs: &TermCorpus,
    lexicon: &ThemeLexicon,
    settings: &ModelSettings,
    range: &KRange,
) -> Result<KChoice> {
    let sampled;
    let picked = if docs.len() > K_SAMPLE {
        let mut rng = stream(settings.seed);
        sampled = docs.select(&sorted_sample(&mut rng, docs.len(), K_SAMPLE));
        &sampled
    } else {
        docs
    };
    // k-means needs at least two articles per cluster to say anything.
    let max = range.max.min(picked.len() / 2);
    let min = range.min.max(2);
    if min > max {
        return Err(Error::Settings(format!(
            "--k auto needs at least {} to compare k = {min}..{}, got {}",
            crate::plural::count(2 * min, "article"),
            range.max,
            crate::plural::count(picked.len(), "article")
        )));
    }
    let raw: Vec<(usize, Option<f64>, f64, f64)> = (min..=max)
        .into_par_iter()
        .map(|k| {
            let candidate = ModelSettings {
                k: Some(k),
                restarts: SCAN_RESTARTS.min(settings.restarts),
                ..settings.clone()
            };
            let (model, assignments) = ThemeModel::fit(picked, lexicon, &candidate.check()?)?;
            let q = quality(&model, picked, &assignments, settings.seed)?;
            Ok((k, q.silhouette, q.coherence, q.diversity))
        })
        .collect::<Result<_>>()?;
    let silhouettes: Vec<Option<f64>> = raw.iter().map(|r| r.1).collect();
    let quality: Vec<f64> = raw.iter().map(|r| (r.2 + 1.0) / 2.0 * r.3).collect();
    let (s01, q01) = (
        rescale(&silhouettes),
        rescale(&quality.iter().copied().map(Some).collect::<Vec<_>>()),
    );
    let scores: Vec<KScore> = raw
        .iter()
        .enumerate()
        .map(|(i, &(k, silhouette, coherence, diversity))| KScore {
            k,
            silhouette,
            coherence,
            diversity,
            topic_quality: quality[i],
            silhouette_scaled: silhouette.map(|_| s01[i]),
            topic_quality_scaled: q01[i],
            combined: (s01[i] + q01[i]) / 2.0,
        })
        .collect();
    let best = scores
        .iter()
        .fold(None::<&KScore>, |best, s| match best {
            Some(b) if b.combined >= s.combined => Some(b),
            _ => Some(s),
        })
        .map_or(min, |s| s.k);
    Ok(KChoice {
        k: best,
        sample: picked.len(),
        scores,
    })
}

/// Min–max rescaling to 0..1; a missing value scores 0, a flat series 0.5
/// (it says nothing about k).
fn rescale(values: &[Option<f64>]) -> Vec<f64> {
    let present = values.iter().flatten();
    let lo = present.clone().copied().fold(f64::INFINITY, f64::min);
    let hi = present.copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| match v {
            None => 0.0,
            Some(_) if hi - lo <= f64::EPSILON => 0.5,
            Some(v) => (v - lo) / (hi - lo),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescaling_spans_zero_to_one_and_flat_series_are_neutral() {
        assert_eq!(
            rescale(&[Some(1.0), Some(3.0), None, Some(2.0)]),
            vec![0.0, 1.0, 0.0, 0.5]
        );
        assert_eq!(rescale(&[Some(2.0), Some(2.0)]), vec![0.5, 0.5]);
    }

    /// Four topics with distinct vocabularies, 12 articles each; every
    /// article adds two words from a pool all topics share, so articles
    /// within a topic differ without forming sub-topics.
    fn four_topics() -> Vec<Vec<String>> {
        let topics = [
            [
                "储能",
                "光伏",
                "电池",
                "电站",
                "风电",
                "氢能",
                "充电桩",
                "锂电",
            ],
            [
                "医保", "医院", "诊疗", "参保", "药品", "门诊", "医生", "患者",
            ],
            [
                "足球", "比赛", "球员", "联赛", "进球", "教练", "球迷", "冠军",
            ],
            [
                "小麦", "粮食", "水稻", "农机", "秋粮", "播种", "农田", "丰收",
            ],
        ];
        let pool = [
            "今年",
            "记者",
            "同时",
            "群众",
            "部门",
            "表示",
            "全面",
            "目前",
            "进一步",
            "持续",
            "相关",
            "重点",
            "推进",
            "加快",
        ];
        (0..48)
            .map(|i| {
                let mut words: Vec<String> = topics[i % 4]
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| (i * 7 + j * 3) % 5 != 0)
                    .map(|(_, w)| w.to_string())
                    .collect();
                words.push(pool[(i * 5) % pool.len()].to_string());
                words
            })
            .collect()
    }

    #[test]
    fn auto_k_finds_the_number_of_distinct_topics() {
        let settings = ModelSettings::default();
        let range = KRange { min: 2, max: 8 };
        let choice = choose_k(
            &TermCorpus::from_docs(&four_topics()),
            &ThemeLexicon::default(),
            &settings,
            &range,
        )
        .unwrap();
        assert_eq!(choice.k, 4, "{:#?}", choice.scores);
        assert_eq!(choice.scores.len(), 7);
        // The stored rescaled scores are the ones the combined score averages.
        for s in &choice.scores {
            let halves = s.silhouette_scaled.unwrap_or(0.0) + s.topic_quality_scaled;
            assert_eq!(s.combined, halves / 2.0, "{s:#?}");
        }
        let top = |f: fn(&KScore) -> f64| choice.scores.iter().map(f).fold(0.0, f64::max);
        assert_eq!(top(|s| s.topic_quality_scaled), 1.0);
        assert_eq!(top(|s| s.silhouette_scaled.unwrap_or(0.0)), 1.0);
        assert_eq!(choice.sample, 48);
    }

    #[test]
    fn too_few_articles_for_the_range_is_an_error_not_a_panic() {
        let docs = TermCorpus::from_docs(&four_topics()[..1]);
        let err = choose_k(
            &docs,
            &ThemeLexicon::default(),
            &ModelSettings::default(),
            &KRange::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Settings(_)), "{err}");
        assert!(err.to_string().contains("got 1 article"), "{err}");
        assert!(!err.to_string().contains("got 1 articles"), "{err}");
    }
}
