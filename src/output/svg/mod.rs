//! SVG charts of the themes, for a reader who wants the picture rather than
//! the CSV. Each chart answers one question:
//!
//! | file | question |
//! |---|---|
//! | `theme_by_city.svg` | which themes does each city push? (heatmap of shares) |
//! | `theme_over_time.svg` | how do themes rise and fall? (share per period, with its uncertainty) |
//! | `theme_diffusion.svg` | which city took a theme up first? (first-seen dots, cumulative cities) |
//! | `theme_terms.svg` | what is each theme about? (theme cards: terms and example titles) |
//! | `city_profiles.svg` | what does each large city write about? (its top themes) |
//! | `k_choice.svg` | why this k? (`--k auto`'s combined score against k; only then) |
//!
//! Every number comes from the [`TrendTable`] (`trends.csv`), the
//! [`Diffusion`] table (`diffusion.csv`) or the theme summary (`themes.csv`).
//! Theme `i` (in the summary's order, largest first) wears the same colour
//! and key glyph in every chart. [`kit`] holds what the charts share.

mod cards;
mod diffusion;
mod heatmap;
mod k_choice;
mod kit;
mod profiles;
mod time;
mod time_axis;

pub use kit::{Chart, ChartError};

use crate::choose_k::KChoice;
use crate::report::ThemeSummary;
use crate::trends::Period;
use crate::trends::{Adoption, DateCoverage, Diffusion, TrendTable};

/// Everything the charts draw from.
#[derive(Debug, Clone, Copy)]
pub struct ChartInput<'a> {
    /// Largest first: the order fixes each theme's colour.
    pub themes: &'a [ThemeSummary],
    pub trends: &'a TrendTable,
    pub diffusion: &'a Diffusion,
    /// Which cities the collection starts with (left-censored).
    pub adoption: &'a Adoption,
    pub dates: DateCoverage,
    /// The unit the periods are counted in.
    pub period: Period,
    /// `--k auto`'s scores, when it chose k.
    pub k_choice: Option<&'a KChoice>,
}

/// CSS for a swatch that keys a page's table to the charts: theme
/// `index`'s fill, outlined in its colour, square on the second trip round
/// the palette (as its chart markers are) and round otherwise.
pub fn theme_swatch(index: usize) -> String {
    let style = kit::ThemeStyle::nth(index);
    format!(
        "background:{};border:2px solid {};border-radius:{}",
        hex(style.fill()),
        hex(style.color),
        if style.hollow { "0" } else { "50%" }
    )
}

/// `color` as CSS writes it, `#RRGGBB`.
fn hex(color: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

/// Draw every chart, in the order the report shows them.
pub fn render_charts(input: &ChartInput) -> Result<Vec<Chart>, ChartError> {
    let mut charts = vec![
        heatmap::theme_by_city(input.themes, input.trends)?,
        time::theme_over_time(input)?,
        diffusion::theme_diffusion(input)?,
        cards::theme_cards(input.themes)?,
        profiles::city_profiles(input.themes, input.trends)?,
    ];
    if let Some(choice) = input.k_choice {
        charts.push(k_choice::k_choice(choice)?);
    }
    Ok(charts)
}

#[cfg(test)]
mod test_support {
    //! Sample data and checks the chart tests share.

    use crate::report::ThemeSummary;
    use crate::themes::{TermWeight, Theme};
    use crate::trends::{Adoption, DateCoverage, Diffusion, Observation, PeriodKey, TrendTable};

    pub fn summary(id: &str, name: &str, articles: usize, terms: &[(&str, f64)]) -> ThemeSummary {
        ThemeSummary {
            theme: Theme {
                id: id.into(),
                name: name.into(),
                name_en: id.into(),
                top_terms: terms
                    .iter()
                    .map(|(term, weight)| TermWeight {
                        term: (*term).into(),
                        weight: *weight,
                    })
                    .collect(),
            },
            articles,
            share: 0.0,
            share_low: 0.0,
            share_high: 0.0,
            leading_cities: vec![],
            example_titles: vec![],
        }
    }

    /// An article of `theme` from `city` in month `period` (`2024-01`).
    pub fn obs(theme: &str, city: &str, period: &str) -> Observation {
        let (year, month) = period.split_once('-').expect("a test month");
        let month = PeriodKey::Month(
            year.parse().expect("a year"),
            month.parse().expect("a month"),
        );
        Observation {
            theme: theme.into(),
            city: Some(city.into()),
            period: Some(month),
            date: period.into(),
        }
    }

    /// What the charts draw from, owned.
    pub struct Sample {
        pub themes: Vec<ThemeSummary>,
        pub trends: TrendTable,
        pub diffusion: Diffusion,
        pub adoption: Adoption,
        pub dates: DateCoverage,
    }

    impl Sample {
        pub fn new(themes: Vec<ThemeSummary>, observations: &[Observation]) -> Sample {
            Sample {
                themes,
                trends: TrendTable::build(observations),
                diffusion: Diffusion::build(observations),
                adoption: Adoption::build(observations, 1),
                dates: DateCoverage::count(observations),
            }
        }

        pub fn input(&self) -> super::ChartInput<'_> {
            super::ChartInput {
                themes: &self.themes,
                trends: &self.trends,
                diffusion: &self.diffusion,
                adoption: &self.adoption,
                dates: self.dates,
                period: crate::trends::Period::Month,
                k_choice: None,
            }
        }
    }

    /// Two themes over three cities and three months; hostile theme, term,
    /// title and city names.
    pub fn sample() -> Sample {
        let mut themes = vec![
            summary(
                "ecology",
                "生态环保",
                4,
                &[("生态", 0.3), ("环保", 0.2), ("河长", 0.1)],
            ),
            summary("evil", r#"<script>&"'"#, 2, &[("<b>", 0.5)]),
        ];
        themes[0].example_titles = vec!["咸宁推进河长制".into(), "常州整治黑臭水体".into()];
        themes[1].example_titles = vec![r#"<script>alert("x")</script> & 'q'"#.into()];
        Sample::new(
            themes,
            &[
                obs("ecology", "咸宁", "2024-01"),
                obs("ecology", "咸宁", "2024-02"),
                obs("ecology", "常州", "2024-03"),
                obs("ecology", "常州", "2024-03"),
                obs("evil", "咸宁", "2024-01"),
                obs("evil", "常州", "2024-02"),
                obs("evil", "A&B<城>", "2024-02"),
            ],
        )
    }

    /// Parses `svg` as XML and returns the text of every `<text>` element.
    pub fn svg_texts(svg: &str) -> Vec<String> {
        let doc =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::kit::{FONT_FAMILY, PALETTE, ThemeStyle};
    use super::test_support::*;
    use super::*;

    #[test]
    fn renders_every_chart_well_formed_with_title_and_cjk_text() {
        let sample = sample();
        let charts = render_charts(&sample.input()).unwrap();
        let names: Vec<&str> = charts.iter().map(|c| c.file_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "theme_by_city.svg",
                "theme_over_time.svg",
                "theme_diffusion.svg",
                "theme_terms.svg",
                "city_profiles.svg",
            ]
        );
        for chart in &charts {
            let texts = svg_texts(&chart.svg);
            assert_eq!(texts[0], chart.title, "{}", chart.file_name);
            assert!(
                texts.iter().any(|t| t.contains("生态环保")),
                "{} lacks the theme name",
                chart.file_name
            );
            assert!(chart.svg.contains(FONT_FAMILY));
            assert!(!chart.caption.is_empty());
        }
    }

    #[test]
    fn hostile_names_are_escaped() {
        let sample = sample();
        for chart in render_charts(&sample.input()).unwrap() {
            assert!(!chart.svg.contains("<script>"), "{}", chart.file_name);
            assert!(!chart.svg.contains("<b>"), "{}", chart.file_name);
            let texts = svg_texts(&chart.svg);
            // Parsed back, the hostile name is text, intact.
            assert!(
                texts.iter().any(|t| t.contains(r#"<script>&"'"#)),
                "{}",
                chart.file_name
            );
        }
    }

    #[test]
    fn control_characters_do_not_reach_the_svg() {
        let sample = Sample::new(
            vec![summary("t", "a\u{0}b\u{1b}c", 1, &[("x\u{7}", 1.0)])],
            &[obs("t", "咸宁", "2024-01")],
        );
        for chart in render_charts(&sample.input()).unwrap() {
            assert!(
                !chart.svg.chars().any(|c| c.is_control() && c != '\n'),
                "{}",
                chart.file_name
            );
            svg_texts(&chart.svg);
        }
    }

    #[test]
    fn each_theme_keeps_its_colour_in_every_chart() {
        let sample = sample();
        for chart in render_charts(&sample.input()).unwrap() {
            for i in 0..sample.themes.len() {
                let colour = hex(ThemeStyle::nth(i).color);
                assert!(
                    chart.svg.contains(&colour),
                    "{} lacks colour of theme {i}",
                    chart.file_name
                );
            }
            // Colours belong to positions: the third colour is unused.
            assert!(!chart.svg.contains(&hex(PALETTE[2])), "{}", chart.file_name);
        }
    }

    #[test]
    fn a_theme_past_the_palette_differs_in_shape_in_the_table_swatch() {
        let first = theme_swatch(0);
        let wrapped = theme_swatch(PALETTE.len());
        assert!(first.contains("border-radius:50%"), "{first}");
        assert!(wrapped.contains("border-radius:0"), "{wrapped}");
        let border = format!("border:2px solid {}", hex(PALETTE[0]));
        assert!(first.contains(&border) && wrapped.contains(&border));
        assert_eq!(
            PALETTE
                .iter()
                .map(|c| hex(*c))
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            12,
            "a dozen distinct colours"
        );
    }

    #[test]
    fn output_is_deterministic() {
        let sample = sample();
        assert_eq!(
            render_charts(&sample.input()).unwrap(),
            render_charts(&sample.input()).unwrap()
        );
    }

    #[test]
    fn empty_inputs_give_no_data_charts() {
        let empty = Sample::new(vec![], &[]);
        for chart in render_charts(&empty.input()).unwrap() {
            let texts = svg_texts(&chart.svg);
            assert!(
                texts.iter().any(|t| t.contains("no data")),
                "{}",
                chart.file_name
            );
        }
    }
}
