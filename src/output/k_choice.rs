//! `--k auto`'s evidence as a table: `k_choice.csv`, one row per candidate
//! k, so a user can check the pick and overrule it with `--k N`. Its chart,
//! `k_choice.svg`, is drawn with the report's others (`svg/k_choice.rs`).

use super::csv::CsvTable;
use crate::choose_k::KChoice;
use crate::error::Result;

pub const CSV_FILE: &str = "k_choice.csv";

/// `k_choice.csv`: `k, silhouette, coherence, diversity, topic_quality,
/// silhouette_scaled, topic_quality_scaled, combined, picked`.
pub fn k_choice_csv(choice: &KChoice, excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        CSV_FILE,
        excel,
        &[
            "k",
            "silhouette",
            "coherence",
            "diversity",
            "topic_quality",
            "silhouette_scaled",
            "topic_quality_scaled",
            "combined",
            "picked",
        ],
    )?;
    for s in &choice.scores {
        w.row([
            s.k.to_string(),
            s.silhouette.map_or(String::new(), |v| format!("{v:.6}")),
            format!("{:.6}", s.coherence),
            format!("{:.6}", s.diversity),
            format!("{:.6}", s.topic_quality),
            s.silhouette_scaled
                .map_or(String::new(), |v| format!("{v:.6}")),
            format!("{:.6}", s.topic_quality_scaled),
            format!("{:.6}", s.combined),
            (s.k == choice.k).to_string(),
        ])?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choose_k::KScore;

    fn choice() -> KChoice {
        let score = |k, s: Option<f64>, c| KScore {
            k,
            silhouette: s,
            coherence: c,
            diversity: 0.9,
            topic_quality: 0.5,
            silhouette_scaled: s.map(|_| 0.5),
            topic_quality_scaled: 0.5,
            combined: 0.5,
        };
        KChoice {
            k: 3,
            sample: 40,
            scores: vec![
                score(2, Some(0.10), 0.20),
                score(3, Some(0.12), 0.25),
                score(4, None, 0.22),
            ],
        }
    }

    #[test]
    fn csv_has_a_row_per_candidate_and_marks_the_pick() {
        let text = String::from_utf8(k_choice_csv(&choice(), false).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "k,silhouette,coherence,diversity,topic_quality,silhouette_scaled,\
             topic_quality_scaled,combined,picked"
        );
        assert_eq!(lines.len(), 4);
        assert!(lines[2].starts_with("3,0.120000,0.250000,") && lines[2].ends_with(",true"));
        // No silhouette: both its raw and its rescaled cell are empty.
        assert_eq!(
            lines[3],
            "4,,0.220000,0.900000,0.500000,,0.500000,0.500000,false"
        );
    }
}
