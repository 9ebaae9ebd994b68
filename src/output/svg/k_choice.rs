//! How `--k auto` chose k: the combined score that decides, against k, with
//! the two scores it averages, and the pick marked. Drawn only when k was
//! chosen automatically; its numbers are `k_choice.csv`'s.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Area, Chart, ChartError, DrawResult, GRID, Header, INK, MARGIN, MUTED, PALETTE, ThemeStyle,
    WIDTH, draw_keyed_label, draw_marker, draw_theme_line, font, note, render, text_width,
};
use crate::choose_k::KChoice;

pub const FILE: &str = "k_choice.svg";
const TITLE: &str = "主题数 k 的选择 How k was chosen";
const PLOT_H: i32 = 300;
const LEGEND_H: i32 = 34;
const Y_LABEL_W: i32 = 56;
const X_AXIS_H: i32 = 50;

/// One line of the chart: its key, its style and a value per candidate
/// (`None` where the candidate has none).
struct Series {
    label: &'static str,
    style: ThemeStyle,
    values: Vec<Option<f64>>,
}

pub(super) fn k_choice(choice: &KChoice) -> Result<Chart, ChartError> {
    let header = Header {
        title: TITLE,
        notes: vec![
            "综合得分 = 轮廓系数与主题质量（一致性 × 多样性）各缩放到 0..1 后的平均；得分最高的 k 被选中".into(),
            "combined score = mean of silhouette and topic quality (coherence × diversity), each rescaled to 0..1 over the candidates; the highest picks k".into(),
            format!(
                "在 {} 篇抽样文章上计算；原始得分见 k_choice.csv · scored on a sample of {}; raw scores in k_choice.csv",
                choice.sample,
                crate::plural::count(choice.sample, "article")
            ),
        ],
        caption: format!(
            "How --k auto picked k = {}: every candidate k was fitted on the same sample and scored by \
             silhouette (how well articles sit in their own cluster) and by topic quality (NPMI coherence \
             of each theme's top terms times their diversity). Both are rescaled to 0..1 over the \
             candidates (dashed lines); their mean, the combined score (solid line), decides, and the \
             highest wins (grey rule). Neighbouring k often score close: overrule the pick with --k N.",
            choice.k
        ),
    };
    let series = [
        Series {
            label: "综合得分 combined score",
            style: ThemeStyle {
                color: PALETTE[0],
                hollow: false,
            },
            values: choice.scores.iter().map(|s| Some(s.combined)).collect(),
        },
        Series {
            label: "轮廓系数 silhouette (0..1)",
            style: ThemeStyle {
                color: PALETTE[1],
                hollow: true,
            },
            values: choice.scores.iter().map(|s| s.silhouette_scaled).collect(),
        },
        Series {
            label: "主题质量 topic quality (0..1)",
            style: ThemeStyle {
                color: PALETTE[2],
                hollow: true,
            },
            values: choice
                .scores
                .iter()
                .map(|s| Some(s.topic_quality_scaled))
                .collect(),
        },
    ];
    let top = header.height() + LEGEND_H;
    let height = top + PLOT_H + X_AXIS_H + MARGIN;
    render(FILE, &header, height, |root| {
        let mut x = MARGIN;
        for s in &series {
            draw_keyed_label(
                root,
                (x, header.height() + 10),
                s.style,
                s.label,
                &font(13.0),
            )?;
            x += 30 + text_width(s.label, 13.0) as i32 + 28;
        }
        let plot = Plot {
            x_range: (MARGIN + Y_LABEL_W, WIDTH as i32 - MARGIN - 20),
            top: top + 10,
            bottom: top + PLOT_H,
            ks: choice.scores.iter().map(|s| s.k).collect(),
        };
        plot.draw_frame(root, choice.k)?;
        // Components first, so the deciding line is drawn on top.
        for s in series.iter().rev() {
            plot.draw_series(root, s)?;
        }
        Ok(())
    })
}

/// The plotting rectangle: candidates evenly along x, 0..1 up y.
struct Plot {
    x_range: (i32, i32),
    top: i32,
    bottom: i32,
    ks: Vec<usize>,
}

impl Plot {
    fn x(&self, i: usize) -> i32 {
        let (x0, x1) = self.x_range;
        let slots = self.ks.len().max(1) as i32;
        x0 + (2 * i as i32 + 1) * (x1 - x0) / (2 * slots)
    }

    fn y(&self, v: f64) -> i32 {
        let t = if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.bottom - (t * f64::from(self.bottom - self.top)).round() as i32
    }

    /// Gridlines and labels of both axes, and the rule at the pick.
    fn draw_frame(&self, root: &Area, picked: usize) -> DrawResult {
        let (x0, x1) = self.x_range;
        for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let y = self.y(v);
            root.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                GRID.stroke_width(1),
            ))?;
            root.draw_text(
                &format!("{v:.2}"),
                &note(11.0, (HPos::Right, VPos::Center)),
                (x0 - 8, y),
            )?;
        }
        root.draw_text(
            "得分 score",
            &note(12.0, (HPos::Left, VPos::Bottom)),
            (MARGIN, self.top - 8),
        )?;
        for (i, k) in self.ks.iter().enumerate() {
            let style = if *k == picked {
                font(12.0).color(&INK)
            } else {
                font(12.0).color(&MUTED)
            };
            root.draw_text(
                &k.to_string(),
                &style.pos(Pos::new(HPos::Center, VPos::Top)),
                (self.x(i), self.bottom + 6),
            )?;
        }
        root.draw_text(
            "k（聚类数）· k, number of clusters",
            &note(12.0, (HPos::Center, VPos::Top)),
            ((x0 + x1) / 2, self.bottom + 26),
        )?;
        if let Some(i) = self.ks.iter().position(|k| *k == picked) {
            let x = self.x(i);
            root.draw(&DashedPathElement::new(
                [(x, self.top), (x, self.bottom)],
                4,
                3,
                MUTED.stroke_width(1),
            ))?;
            root.draw_text(
                &format!("选定 picked k = {picked}"),
                &font(12.0)
                    .color(&INK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
                // Above the plot, clear of the lines at the top of the scale.
                (x, self.top - 6),
            )?;
        }
        Ok(())
    }

    /// A line through the candidates that have a value, broken where one
    /// has none, with a marker on each.
    fn draw_series(&self, root: &Area, series: &Series) -> DrawResult {
        let points: Vec<Option<(i32, i32)>> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (self.x(i), self.y(v))))
            .collect();
        for run in points.split(Option::is_none) {
            let line: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
            if line.len() > 1 {
                draw_theme_line(root, &line, series.style)?;
            }
        }
        for p in points.iter().flatten() {
            draw_marker(root, *p, series.style)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::svg_texts;
    use super::*;
    use crate::choose_k::KScore;

    /// Four candidates, k = 5 picked: silhouette peaks at 4 and topic
    /// quality at 6, so only the combined line peaks at the pick. Rescaled
    /// by hand: silhouette 0.10..0.20, quality 0.30..0.40.
    fn choice() -> KChoice {
        let score = |k, s: Option<(f64, f64)>, q: (f64, f64)| KScore {
            k,
            silhouette: s.map(|s| s.0),
            coherence: 0.2,
            diversity: 0.9,
            topic_quality: q.0,
            silhouette_scaled: s.map(|s| s.1),
            topic_quality_scaled: q.1,
            combined: (s.map_or(0.0, |s| s.1) + q.1) / 2.0,
        };
        KChoice {
            k: 5,
            sample: 40,
            scores: vec![
                score(4, Some((0.20, 1.0)), (0.30, 0.0)),
                score(5, Some((0.18, 0.8)), (0.37, 0.7)),
                score(6, None, (0.40, 1.0)),
                score(7, Some((0.10, 0.0)), (0.32, 0.2)),
            ],
        }
    }

    #[test]
    fn the_chart_names_the_pick_and_plots_the_combined_score() {
        let chart = k_choice(&choice()).unwrap();
        assert_eq!(chart.file_name, FILE);
        let texts = svg_texts(&chart.svg);
        assert_eq!(texts[0], TITLE);
        for text in [
            "选定 picked k = 5",
            "综合得分 combined score",
            "轮廓系数 silhouette (0..1)",
            "主题质量 topic quality (0..1)",
            "4",
            "7",
        ] {
            assert!(texts.iter().any(|t| t == text), "{text} missing: {texts:?}");
        }
        assert!(texts.iter().any(|t| t.contains("sample of 40 articles")));
        assert!(chart.svg.contains(super::super::kit::FONT_FAMILY));
        assert!(chart.caption.contains("k = 5"));
    }

    /// The points of every `<polyline>` stroked in `color`.
    fn polylines(svg: &str, color: RGBColor) -> Vec<Vec<(i32, i32)>> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let stroke = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(&stroke))
            .map(|n| {
                n.attribute("points")
                    .unwrap_or("")
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_combined_line_peaks_at_the_pick_rule() {
        let choice = choice();
        let svg = k_choice(&choice).unwrap().svg;
        // The combined line is the solid one through every candidate (the
        // legend key in the same colour has two points).
        let lines = polylines(&svg, PALETTE[0]);
        let combined: Vec<&Vec<(i32, i32)>> = lines
            .iter()
            .filter(|l| l.len() == choice.scores.len())
            .collect();
        assert_eq!(combined.len(), 1, "{lines:?}");
        let peak = combined[0].iter().min_by_key(|p| p.1).unwrap();
        // The grey dashed rule: vertical segments, all at one x.
        let rule: Vec<(i32, i32)> = polylines(&svg, MUTED).into_iter().flatten().collect();
        assert!(rule.len() > 2, "no pick rule: {svg}");
        assert!(
            rule.iter().all(|p| p.0 == peak.0),
            "{rule:?} vs peak {peak:?}"
        );
        // And that x is the picked k's, where its tick label is centred.
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let tick = doc
            .descendants()
            .find(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some("5"))
            .and_then(|n| n.attribute("x")?.parse::<i32>().ok());
        assert_eq!(tick, Some(peak.0));
    }
}
