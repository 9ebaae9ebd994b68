//! City profiles: what does each large city write about? One small panel
//! per city (the cities with most articles), its top themes as bars of the
//! share of its articles, in the themes' own colours. All panels share one
//! scale so cities compare.

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Area, Chart, ChartError, DrawResult, GRID, Grid, Header, NO_DATA, ThemeStyle, bold, draw_bar,
    finite, fit, font, message_chart, nice_ceiling, note, percent, render,
};
use crate::report::ThemeSummary;
use crate::trends::TrendTable;
use plotters::prelude::*;

const FILE: &str = "city_profiles.svg";
const TITLE: &str = "城市画像 City profiles: each city's top themes";
/// Cities drawn, largest first.
pub(super) const PROFILE_CITIES: usize = 12;
const THEMES_PER_CITY: usize = 5;
const ROW_H: i32 = 20;
const PANEL_TITLE_H: i32 = 28;
const PANEL_H: i32 = PANEL_TITLE_H + THEMES_PER_CITY as i32 * ROW_H + 18;
const NAME_W: f64 = 120.0;
const LABEL_PX: f64 = 12.0;

pub(super) fn city_profiles(
    themes: &[ThemeSummary],
    trends: &TrendTable,
) -> Result<Chart, ChartError> {
    let cities = trends.known_cities();
    let shown = cities.len().min(PROFILE_CITIES);
    let mut header = Header {
        title: TITLE,
        notes: vec![format!(
            "每个城市文章数最多的前 {THEMES_PER_CITY} 个主题，条长为占该城市文章的比例 · each city's top {THEMES_PER_CITY} themes; bar = share of the city's articles"
        )],
        caption: format!(
            "The {} with most articles, largest first, each with the themes that take the \
             largest shares of its own articles. Bars share one scale and keep each theme's colour.",
            crate::plural::count(shown, "city")
        ),
    };
    if cities.len() > shown {
        header.notes.push(format!(
            "只显示文章最多的 {shown} 个城市（共 {} 个）· the {shown} cities with most articles of {}",
            cities.len(),
            cities.len()
        ));
    }
    if themes.is_empty() || cities.is_empty() {
        return message_chart(FILE, &header, NO_DATA);
    }
    let profiles: Vec<Profile> = cities
        .iter()
        .take(shown)
        .map(|(city, articles)| Profile::of(city, *articles, themes, trends))
        .collect();
    let top = profiles
        .iter()
        .flat_map(|p| p.bars.iter().map(|b| b.1))
        .fold(0.0, f64::max);
    let scale = nice_ceiling(top * 100.0) / 100.0;
    let grid = Grid {
        top: header.height(),
        cols: 4,
        panel_h: PANEL_H,
    };
    render(FILE, &header, grid.height(profiles.len()), |root| {
        for (i, profile) in profiles.iter().enumerate() {
            profile.draw(root, &grid, i, themes, scale)?;
        }
        Ok(())
    })
}

struct Profile {
    city: String,
    articles: usize,
    /// (theme index, share), largest share first.
    bars: Vec<(usize, f64)>,
}

impl Profile {
    fn of(city: &str, articles: usize, themes: &[ThemeSummary], trends: &TrendTable) -> Profile {
        let mut bars: Vec<(usize, f64)> = themes
            .iter()
            .enumerate()
            .map(|(i, t)| (i, finite(trends.city_share(&t.theme.id, Some(city)))))
            .filter(|b| b.1 > 0.0)
            .collect();
        bars.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        bars.truncate(THEMES_PER_CITY);
        Profile {
            city: city.to_string(),
            articles,
            bars,
        }
    }

    fn draw(
        &self,
        root: &Area,
        grid: &Grid,
        index: usize,
        themes: &[ThemeSummary],
        scale: f64,
    ) -> DrawResult {
        let (x, y) = grid.origin(index);
        let width = grid.panel_w() - 12;
        let title = format!("{} ({} 篇)", self.city, self.articles);
        root.draw_text(
            &fit(&title, 14.0, f64::from(width)),
            &bold(14.0).pos(Pos::new(HPos::Left, VPos::Center)),
            (x, y + PANEL_TITLE_H / 2),
        )?;
        let bar_x = x + NAME_W as i32 + 6;
        let room = width - NAME_W as i32 - 6 - 36;
        let bottom = y + PANEL_TITLE_H + THEMES_PER_CITY as i32 * ROW_H;
        root.draw(&PathElement::new(
            vec![(bar_x, y + PANEL_TITLE_H), (bar_x, bottom)],
            GRID.stroke_width(1),
        ))?;
        for (row, &(theme, share)) in self.bars.iter().enumerate() {
            let mid = y + PANEL_TITLE_H + row as i32 * ROW_H + ROW_H / 2;
            let name = fit(&themes[theme].theme.name, LABEL_PX, NAME_W);
            root.draw_text(
                &name,
                &font(LABEL_PX).pos(Pos::new(HPos::Right, VPos::Center)),
                (bar_x - 6, mid),
            )?;
            let length = ((share / scale).min(1.0) * f64::from(room))
                .round()
                .max(1.0) as i32;
            draw_bar(
                root,
                [(bar_x, mid - 6), (bar_x + length, mid + 6)],
                ThemeStyle::nth(theme),
            )?;
            root.draw_text(
                &percent(share),
                &note(11.0, (HPos::Left, VPos::Center)),
                (bar_x + length + 4, mid),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn profiles_list_the_largest_known_cities_with_their_top_themes() {
        let sample = sample();
        let chart = city_profiles(&sample.themes, &sample.trends).unwrap();
        let texts = svg_texts(&chart.svg);
        let titles: Vec<&String> = texts.iter().filter(|t| t.ends_with(" 篇)")).collect();
        assert_eq!(titles, ["咸宁 (3 篇)", "常州 (3 篇)", "A&B<城> (1 篇)"]);
        // 咸宁: ecology 67%, then the hostile theme 33%.
        let at = texts.iter().position(|t| t == "咸宁 (3 篇)").unwrap();
        assert_eq!(
            texts[at + 1..at + 5],
            ["生态环保", "67%", r#"<script>&"'"#, "33%"]
        );
    }

    #[test]
    fn more_cities_than_fit_are_counted() {
        let observations: Vec<_> = (0..20)
            .map(|c| obs("a", &format!("城{c:02}"), "2024-01"))
            .collect();
        let sample = Sample::new(vec![summary("a", "甲", 20, &[])], &observations);
        let texts = svg_texts(&city_profiles(&sample.themes, &sample.trends).unwrap().svg);
        assert!(
            texts
                .iter()
                .any(|t| t.ends_with("the 12 cities with most articles of 20"))
        );
        assert_eq!(
            texts.iter().filter(|t| t.ends_with(" 篇)")).count(),
            PROFILE_CITIES
        );
    }
}
