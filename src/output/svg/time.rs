//! Theme share over time: how do themes rise and fall? Small multiples, one
//! panel per theme, of its share of each period's articles, with a 95%
//! Wilson band so a period of three articles reads as the guess it is, and
//! hollow markers on periods with few articles. A strip on top shows how
//! many articles each period holds. Periods sit on a calendar axis; a
//! period with no articles is a gap, not a zero.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::kit::{
    Area, Chart, ChartError, DrawResult, Grid, Header, MARGIN, MUTED, NO_DATA, ThemeStyle, WIDTH,
    draw_marker, draw_theme_line, finite, message_chart, mix, nice_ceiling, note, render,
};
use super::time_axis::{TimeAxis, TimePanel};
use crate::plural::count;
use crate::trends::Period;
use crate::trends::{ENOUGH_ARTICLES, TrendTable, wilson_interval};

const FILE: &str = "theme_over_time.svg";
const TITLE: &str = "主题占比随时间变化 Theme share over time";
/// Periods with fewer articles than this get a hollow marker.
pub(super) const FEW_ARTICLES: usize = ENOUGH_ARTICLES;
const STRIP_H: i32 = 90;
const PANEL_H: i32 = 170;
const Y_LABEL_W: i32 = 40;

fn unit_names(period: Period) -> (&'static str, &'static str) {
    let zh = match period {
        Period::Month => "月",
        Period::Quarter => "季度",
        Period::Year => "年",
    };
    (zh, period.as_str())
}

pub(super) fn theme_over_time(input: &ChartInput) -> Result<Chart, ChartError> {
    let (zh, en) = unit_names(input.period);
    let dates = input.dates;
    let placed = match input.period {
        Period::Year => (
            format!("{} 篇按年计入；{} 篇无日期", dates.placed, dates.undated),
            format!(
                "{} placed by year; {} undated",
                count(dates.placed, "article"),
                dates.undated
            ),
        ),
        _ => (
            format!(
                "{} 篇按{zh}计入；{} 篇只知年份，未计入（不放进一月）；{} 篇无日期",
                dates.placed, dates.too_coarse, dates.undated
            ),
            format!(
                "{} placed by {en}; {} dated only to the year, left out (not put in January); {} undated",
                count(dates.placed, "article"),
                dates.too_coarse,
                dates.undated
            ),
        ),
    };
    let notes = vec![
        format!(
            "每{zh}文章中属于该主题的比例；阴影为 95% Wilson 区间；空心点：该期文章少于 {FEW_ARTICLES} 篇；时期无文章处断开"
        ),
        format!(
            "share of each {en}'s articles; band = 95% Wilson interval; hollow dot = fewer than {FEW_ARTICLES} articles; gaps = no articles"
        ),
        placed.0,
        placed.1,
    ];
    let header = Header {
        title: TITLE,
        notes,
        caption: format!(
            "One panel per theme: its share of each {en}'s articles (the line), with a 95% Wilson \
             interval (the band) that widens where a {en} holds few articles; hollow dots mark {en}s \
             with fewer than {FEW_ARTICLES} articles. The strip on top counts the articles of each {en}. \
             Dated only to the year: {}; undated: {}; neither is placed in a {en}.",
            // Under years nothing dated is too coarse: it counts 0 there.
            count(dates.too_coarse, "article"),
            count(dates.undated, "article")
        ),
    };
    let axis = TimeAxis::new(input.trends.known_periods());
    if input.themes.is_empty() || axis.periods.is_empty() {
        return message_chart(FILE, &header, NO_DATA);
    }
    let totals: Vec<usize> = axis
        .periods
        .iter()
        .map(|&(p, _)| input.trends.period_total(p))
        .collect();
    let points: Vec<Vec<SharePoint>> = input
        .themes
        .iter()
        .map(|summary| share_points(input.trends, &summary.theme.id, &axis, &totals))
        .collect();
    let y_max = share_ceiling(&points);
    let grid = Grid {
        top: header.height() + STRIP_H + 16,
        cols: 3,
        panel_h: PANEL_H,
    };
    let height = grid.height(input.themes.len());
    render(FILE, &header, height, |root| {
        draw_volume_strip(root, &axis, &totals, header.height())?;
        for (i, (summary, points)) in input.themes.iter().zip(&points).enumerate() {
            let panel = TimePanel::in_grid(&grid, i, Y_LABEL_W, 0);
            panel.draw_title(root, ThemeStyle::nth(i), (&summary.theme.name, ""))?;
            draw_shares(root, &axis, &panel, y_max, ThemeStyle::nth(i), points)?;
        }
        Ok(())
    })
}

/// One period of one theme: where it is, its share and interval, and
/// whether it rests on few articles.
struct SharePoint {
    ordinal: i64,
    share: f64,
    low: f64,
    high: f64,
    few: bool,
}

fn share_points(
    trends: &TrendTable,
    theme: &str,
    axis: &TimeAxis,
    totals: &[usize],
) -> Vec<SharePoint> {
    axis.periods
        .iter()
        .zip(totals)
        .filter(|(_, n)| **n > 0)
        .map(|((period, ordinal), &n)| {
            let hits = trends.period_articles(theme, *period);
            let (low, high) = wilson_interval(hits, n);
            SharePoint {
                ordinal: *ordinal,
                share: finite(hits as f64 / n as f64),
                low,
                high,
                few: n < FEW_ARTICLES,
            }
        })
        .collect()
}

/// The y scale all panels share (so panels compare): the highest top of
/// any band, rounded up, so no band is cut off, however few articles it
/// rests on.
fn share_ceiling(points: &[Vec<SharePoint>]) -> f64 {
    let top = points
        .iter()
        .flatten()
        .map(|p| p.high.max(p.share))
        .fold(0.0, f64::max);
    nice_ceiling(top * 100.0) / 100.0
}

/// Articles per period as thin bars, so the reader sees where the data is.
fn draw_volume_strip(root: &Area, axis: &TimeAxis, totals: &[usize], top: i32) -> DrawResult {
    let x_range = (MARGIN + Y_LABEL_W + 8, WIDTH as i32 - MARGIN - 8);
    let (bar_top, base) = (top + 22, top + STRIP_H - 16);
    root.draw_text(
        "每期文章数 Articles per period",
        &note(12.0, (HPos::Left, VPos::Top)),
        (MARGIN, top),
    )?;
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    root.draw_text(
        &max.to_string(),
        &note(11.0, (HPos::Right, VPos::Center)),
        (x_range.0 - 6, bar_top),
    )?;
    let slot = (x_range.1 - x_range.0) / (axis.periods.len() as i32).max(1);
    let half = (slot / 2 - 1).clamp(1, 12);
    for ((_, ordinal), &n) in axis.periods.iter().zip(totals) {
        let x = axis.x(*ordinal, x_range);
        let h = (n as f64 / max as f64 * f64::from(base - bar_top)).round() as i32;
        let colour = if n < FEW_ARTICLES {
            mix(MUTED, WHITE, 0.6)
        } else {
            MUTED
        };
        root.draw(&Rectangle::new(
            [(x - half, base - h), (x + half, base)],
            colour.filled(),
        ))?;
    }
    axis.draw(root, x_range, base)
}

/// A theme's share of each period as a line in its Wilson band, broken at
/// missing periods; `y_max` is the top of the y scale every panel shares.
fn draw_shares(
    root: &Area,
    axis: &TimeAxis,
    panel: &TimePanel,
    y_max: f64,
    style: ThemeStyle,
    points: &[SharePoint],
) -> DrawResult {
    let plot = panel.plot();
    let y_of = |share: f64| plot.y(share / y_max);
    let x_range = plot.x_range;
    let half = format!("{:.0}%", y_max * 50.0);
    let full = format!("{:.0}%", y_max * 100.0);
    plot.draw_frame(root, axis, (&half, &full))?;
    let band = mix(style.color, WHITE, 0.7);
    for run in consecutive_runs(points) {
        let xs: Vec<i32> = run.iter().map(|p| axis.x(p.ordinal, x_range)).collect();
        if run.len() == 1 {
            let p = &run[0];
            root.draw(&Rectangle::new(
                [(xs[0] - 3, y_of(p.high)), (xs[0] + 3, y_of(p.low))],
                band.filled(),
            ))?;
            continue;
        }
        let outline: Vec<(i32, i32)> = run
            .iter()
            .zip(&xs)
            .map(|(p, &px)| (px, y_of(p.high)))
            .chain(run.iter().zip(&xs).rev().map(|(p, &px)| (px, y_of(p.low))))
            .collect();
        root.draw(&Polygon::new(outline, band.filled()))?;
        let line: Vec<(i32, i32)> = run
            .iter()
            .zip(&xs)
            .map(|(p, &px)| (px, y_of(p.share)))
            .collect();
        draw_theme_line(root, &line, style)?;
    }
    // Markers only where few articles make the share shaky, and on lone
    // periods a line cannot show; a dense series stays a clean line.
    for (p, lone) in points.iter().zip(lone_flags(points)) {
        let centre = (axis.x(p.ordinal, x_range), y_of(p.share));
        if p.few {
            root.draw(&Circle::new(centre, 3, WHITE.filled()))?;
            root.draw(&Circle::new(centre, 3, style.color.stroke_width(1)))?;
        } else if lone {
            draw_marker(root, centre, style)?;
        }
    }
    Ok(())
}

/// Points split where a period is missing: no line is drawn across a gap.
fn consecutive_runs(points: &[SharePoint]) -> Vec<&[SharePoint]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i].ordinal != points[i - 1].ordinal + 1 {
            runs.push(&points[start..i]);
            start = i;
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// For each point, whether it has no neighbour to draw a line to.
fn lone_flags(points: &[SharePoint]) -> Vec<bool> {
    consecutive_runs(points)
        .into_iter()
        .flat_map(|run| std::iter::repeat_n(run.len() == 1, run.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::trends::Observation;

    fn point(ordinal: i64) -> SharePoint {
        SharePoint {
            ordinal,
            share: 0.5,
            low: 0.1,
            high: 0.9,
            few: true,
        }
    }

    #[test]
    fn lines_break_at_missing_periods() {
        let points: Vec<SharePoint> = [1, 2, 3, 7, 9, 10].map(point).into();
        let runs: Vec<usize> = consecutive_runs(&points).iter().map(|r| r.len()).collect();
        assert_eq!(runs, [3, 1, 2]);
        assert_eq!(
            lone_flags(&points),
            [false, false, false, true, false, false]
        );
    }

    #[test]
    fn the_scale_holds_every_band_even_on_few_articles() {
        let shaky = SharePoint {
            ordinal: 1,
            share: 0.2,
            low: 0.05,
            high: 0.43,
            few: true,
        };
        let steady = SharePoint {
            few: false,
            high: 0.31,
            ..point(2)
        };
        assert_eq!(share_ceiling(&[vec![shaky], vec![steady]]), 0.5);
        assert_eq!(share_ceiling(&[vec![point(1)]]), 0.9);
    }

    #[test]
    fn the_chart_says_how_many_dates_were_too_coarse_or_missing() {
        let mut observations = vec![
            obs("a", "咸宁", "2024-01"),
            obs("a", "咸宁", "2024-02"),
            obs("b", "咸宁", "2024-02"),
        ];
        observations.push(Observation {
            theme: "a".into(),
            city: None,
            period: None,
            date: "2023".into(),
        });
        observations.push(Observation {
            theme: "b".into(),
            city: None,
            period: None,
            date: String::new(),
        });
        let sample = Sample::new(
            vec![summary("a", "甲", 3, &[]), summary("b", "乙", 2, &[])],
            &observations,
        );
        let chart = theme_over_time(&sample.input()).unwrap();
        let texts = svg_texts(&chart.svg);
        assert!(
            texts.iter().any(|t| t.contains(
                "3 articles placed by month; 1 dated only to the year, left out (not put in January); 1 undated"
            )),
            "{texts:?}"
        );
        assert!(texts.contains(&"2024-01".to_string()) && texts.contains(&"2024-02".to_string()));
        // Every period here has few articles: each point is hollow-marked.
        assert!(chart.svg.matches("r=\"3\"").count() >= 4);
    }
}
