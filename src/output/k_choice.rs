//! `--k auto`'s evidence as files: `k_choice.csv` (one row per candidate k)
//! and `k_choice.svg` (silhouette and coherence against k, the pick marked),
//! so a user can see the curve and overrule the pick with `--k N`.
//!
//! The chart carries only ASCII text, so plotters' own axis layout is used
//! (its text measuring is only wrong for CJK, see `svg/kit.rs`).

use plotters::prelude::*;

use super::csv::CsvTable;
use crate::choose_k::KChoice;
use crate::error::{Error, Result};

pub const CSV_FILE: &str = "k_choice.csv";
pub const SVG_FILE: &str = "k_choice.svg";

/// `k_choice.csv`: `k, silhouette, coherence, diversity, topic_quality,
/// combined, picked`.
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
            format!("{:.6}", s.combined),
            (s.k == choice.k).to_string(),
        ])?;
    }
    w.finish()
}

const SILHOUETTE: RGBColor = RGBColor(0x4E, 0x79, 0xA7);
const COHERENCE: RGBColor = RGBColor(0xF2, 0x8E, 0x2B);
const PICK: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// `k_choice.svg`: both scores per k on one axis, a grey rule at the pick.
pub fn k_choice_svg(choice: &KChoice) -> Result<String> {
    let draw_err = |e: String| Error::Output {
        path: SVG_FILE.into(),
        message: e,
    };
    let silhouette: Vec<(f64, f64)> = choice
        .scores
        .iter()
        .filter_map(|s| s.silhouette.map(|v| (s.k as f64, v)))
        .collect();
    let coherence: Vec<(f64, f64)> = choice
        .scores
        .iter()
        .map(|s| (s.k as f64, s.coherence))
        .collect();
    let values = silhouette.iter().chain(&coherence).map(|p| p.1);
    let lo = values.clone().fold(0.0f64, f64::min);
    let hi = values.fold(0.0f64, f64::max);
    let pad = ((hi - lo) * 0.1).max(0.01);
    let (k_min, k_max) = (
        choice.scores.first().map_or(1, |s| s.k) as f64,
        choice.scores.last().map_or(2, |s| s.k) as f64,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 450)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_err(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Choosing k: picked k = {} (on {} articles)",
                    choice.k, choice.sample
                ),
                ("sans-serif", 20),
            )
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(k_min - 0.5..k_max + 0.5, lo - pad..hi + pad)
            .map_err(|e| draw_err(e.to_string()))?;
        chart
            .configure_mesh()
            .x_desc("k (number of clusters)")
            .y_desc("score")
            .x_labels(choice.scores.len().min(20))
            .x_label_formatter(&|k| format!("{k:.0}"))
            .draw()
            .map_err(|e| draw_err(e.to_string()))?;
        chart
            .draw_series(LineSeries::new(
                [(choice.k as f64, lo - pad), (choice.k as f64, hi + pad)],
                PICK.stroke_width(2),
            ))
            .map_err(|e| draw_err(e.to_string()))?
            .label(format!("picked k = {}", choice.k))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], PICK.stroke_width(2)));
        for (points, colour, name) in [
            (&silhouette, SILHOUETTE, "silhouette (LSA space)"),
            (&coherence, COHERENCE, "coherence (NPMI, top 10 terms)"),
        ] {
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    colour.stroke_width(2),
                ))
                .map_err(|e| draw_err(e.to_string()))?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(2))
                });
            chart
                .draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))
                .map_err(|e| draw_err(e.to_string()))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| draw_err(e.to_string()))?;
        root.present().map_err(|e| draw_err(e.to_string()))?;
    }
    Ok(svg)
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
            "k,silhouette,coherence,diversity,topic_quality,combined,picked"
        );
        assert_eq!(lines.len(), 4);
        assert!(lines[2].starts_with("3,0.120000,0.250000,") && lines[2].ends_with(",true"));
        assert!(lines[3].starts_with("4,,"), "{}", lines[3]);
    }

    #[test]
    fn chart_names_the_pick_and_both_scores() {
        let svg = k_choice_svg(&choice()).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        for text in ["picked k = 3", "silhouette", "coherence"] {
            assert!(svg.contains(text), "{text} missing");
        }
    }
}
