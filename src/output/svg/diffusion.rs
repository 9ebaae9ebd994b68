//! Diffusion: which city took a theme up first, and how fast did it spread?
//! One panel per theme on the calendar axis of the trends: a dot for each
//! city at the period it first carried the theme (cities adopting in the
//! same period stack up), joined by the step line of the cumulative number
//! of cities. The first adopters are named in the panel, marked when the
//! collection starts with them (left-censored, from [`Adoption`]), since
//! "first" can only mean first in this collection.

use plotters::style::text_anchor::{HPos, VPos};

use super::ChartInput;
use super::kit::{
    Area, Chart, ChartError, DrawResult, Grid, Header, NO_DATA, ThemeStyle, draw_sized_marker,
    draw_theme_line, fit, message_chart, note, render,
};
use super::time_axis::{TimeAxis, TimePanel};
use crate::plural::noun_for;
use crate::trends::{Adoption, FirstSeen};

const FILE: &str = "theme_diffusion.svg";
const TITLE: &str = "主题在城市间的扩散 Which city took a theme up first";
const PANEL_H: i32 = 180;
const Y_LABEL_W: i32 = 36;
/// Room under each panel's title for the first adopters.
const FIRST_H: i32 = 18;
/// First adopters named in each panel.
const NAMED: usize = 3;
const NAMES_PX: f64 = 11.0;
/// Marks a named city whose first article opens the collection.
const LEFT_CENSORED: &str = "*";

pub(super) fn theme_diffusion(input: &ChartInput) -> Result<Chart, ChartError> {
    let header = Header {
        title: TITLE,
        notes: vec![
            "每个点：一个城市首次刊登该主题文章的时期；折线：累计城市数 · dot = the period a city first carried the theme; line = cumulative number of cities".into(),
            "纵轴：已刊登该主题的城市数（累计） · y axis: cities that have carried the theme so far (cumulative count)".into(),
            format!("“首先”指本数据集中最早；{LEFT_CENSORED} = 在数据集第一期即已刊登（左删失），之前可能已采纳"),
            format!("first = first in this collection; {LEFT_CENSORED} = carried it in the collection's first period (left-censored): it may have taken it up earlier"),
            "只计城市和日期都已知的文章；完整列表见 diffusion.csv · only articles with a known city and period count; the full list is diffusion.csv".into(),
        ],
        caption: format!(
            "One panel per theme. Each dot is a city, placed at the period of its first article \
             in the theme; the step line, read on the y axis, counts the cities that had carried the \
             theme by then. The first {NAMED} cities to carry it are named, with the period. \
             First means first in this collection: a city marked {LEFT_CENSORED} carried the theme \
             in the collection's first period, where every city is left-censored (nodes.csv flags \
             the cities seen from then), so it may have taken the theme up before the collection \
             starts. Articles with no known city or \
             period cannot say who was first and are left out; every first-seen date is in diffusion.csv."
        ),
    };
    let axis = TimeAxis::new(input.diffusion.rows().iter().map(|r| r.first_period));
    if input.themes.is_empty() || axis.periods.is_empty() {
        return message_chart(FILE, &header, NO_DATA);
    }
    let adoptions: Vec<Vec<&FirstSeen>> = input
        .themes
        .iter()
        .map(|t| input.diffusion.of_theme(&t.theme.id).collect())
        .collect();
    // The y scale every panel shares; even, so the half-way gridline is a
    // whole number of cities.
    let most = adoptions
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(1)
        .next_multiple_of(2);
    let grid = Grid {
        top: header.height(),
        cols: 3,
        panel_h: PANEL_H,
    };
    render(FILE, &header, grid.height(input.themes.len()), |root| {
        for (i, (summary, cities)) in input.themes.iter().zip(&adoptions).enumerate() {
            let panel = TimePanel::in_grid(&grid, i, Y_LABEL_W, FIRST_H);
            let suffix = format!(" ({} 城 {})", cities.len(), noun_for(cities.len(), "city"));
            panel.draw_title(root, ThemeStyle::nth(i), (&summary.theme.name, &suffix))?;
            root.draw_text(
                &fit(
                    &first_adopters(cities, input.adoption),
                    NAMES_PX,
                    f64::from(panel.width - 8),
                ),
                &note(NAMES_PX, (HPos::Left, VPos::Center)),
                (panel.origin.0 + 4, panel.under_title_y()),
            )?;
            draw_adoptions(root, &axis, &panel, most, ThemeStyle::nth(i), cities)?;
        }
        Ok(())
    })
}

/// Each city's dot on the step line of the cumulative count of cities;
/// `most` cities is the top of the y scale every panel shares, labelled
/// with its unit.
fn draw_adoptions(
    root: &Area,
    axis: &TimeAxis,
    panel: &TimePanel,
    most: usize,
    style: ThemeStyle,
    cities: &[&FirstSeen],
) -> DrawResult {
    let plot = panel.plot();
    let y_of = |count: usize| plot.y(count as f64 / most as f64);
    let (x_range, plot_bottom) = (plot.x_range, plot.bottom);
    // The frame's middle rule sits at half the top, which for an odd count
    // is a half city.
    let half = if most.is_multiple_of(2) {
        (most / 2).to_string()
    } else {
        format!("{:.1}", most as f64 / 2.0)
    };
    plot.draw_frame(root, axis, (&half, &format!("{most} 城")))?;
    if cities.is_empty() {
        return Ok(());
    }
    // The step line: flat until the next period with a new city, then up.
    let mut steps = vec![(x_range.0, plot_bottom)];
    for city in cities {
        let px = axis.x(city.first_period.ordinal(), x_range);
        let before = steps.last().map_or(plot_bottom, |s| s.1);
        steps.push((px, before));
        steps.push((px, y_of(city.order)));
    }
    steps.push((x_range.1, steps.last().map_or(plot_bottom, |s| s.1)));
    draw_theme_line(root, &steps, style)?;
    let radius = if most > 40 { 2 } else { 4 };
    for city in cities {
        let px = axis.x(city.first_period.ordinal(), x_range);
        let centre = (px, y_of(city.order));
        draw_sized_marker(root, centre, radius, style)?;
    }
    Ok(())
}

/// "首先 first: 咸宁* 2021, 常州 2024, …": the first cities with the period
/// (on the chart's axis) they took the theme up in, starred when that is
/// the collection's first period, where `adoption` counts every city seen
/// as left-censored: one seen first later, or first seen without the
/// theme, was watched taking it up.
fn first_adopters(cities: &[&FirstSeen], adoption: &Adoption) -> String {
    if cities.is_empty() {
        return "无已知城市 no known city".into();
    }
    let named: Vec<String> = cities
        .iter()
        .take(NAMED)
        .map(|c| {
            let censored = adoption.index(c.first_period) == 0;
            let mark = if censored { LEFT_CENSORED } else { "" };
            format!("{}{mark} {}", c.city, c.first_period)
        })
        .collect();
    format!("首先 first: {}", named.join(", "))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn panels_name_the_first_cities_in_adoption_order() {
        let sample = sample();
        let chart = theme_diffusion(&sample.input()).unwrap();
        let texts = svg_texts(&chart.svg);
        // 咸宁's first article opens the collection (2024-01): starred.
        assert!(
            texts
                .iter()
                .any(|t| t == "首先 first: 咸宁* 2024-01, 常州 2024-03"),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("生态环保 (2 城 cities)"))
        );
        // 咸宁 2024-01, then A&B<城> and 常州 in 2024-02, by name.
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("首先 first: 咸宁* 2024-01, A&B<城> 2024-02")),
            "{texts:?}"
        );
        let evil: Vec<&FirstSeen> = sample.diffusion.of_theme("evil").collect();
        assert_eq!(
            first_adopters(&evil, &sample.adoption),
            "首先 first: 咸宁* 2024-01, A&B<城> 2024-02, 常州 2024-02"
        );
        // 咸宁 was watched from the first period: taking a theme up later
        // is an observed adoption, not a censored one.
        let later = FirstSeen {
            first_period: evil[1].first_period,
            ..evil[0].clone()
        };
        assert_eq!(
            first_adopters(&[&later], &sample.adoption),
            "首先 first: 咸宁 2024-02"
        );
        // The y axis says what it counts.
        assert!(texts.iter().any(|t| t == "4 城"), "{texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.contains("cities that have carried the theme"))
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("first = first in this collection"))
        );
    }
}
