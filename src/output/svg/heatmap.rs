//! Theme × city heatmap: which themes does each city push? Cells are the
//! share of the city's own articles in the theme, so big and small cities
//! compare fairly. Cities run largest first; beyond [`MAX_CITIES`] they are
//! left out of the picture (every city stays in `trends.csv`).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Area, Chart, ChartError, DrawResult, EMPTY_CELL, Header, INK, KEY_W, MARGIN, MUTED, NO_DATA,
    RULE, ThemeStyle, WIDTH, article_count, bold, clean, draw_keyed_label, finite, fit, font,
    message_chart, mix, nice_ceiling, percent, render, text_width, widest,
};
use crate::report::ThemeSummary;
use crate::trends::TrendTable;

/// ColorBrewer YlGnBu: sequential, colour-blind safe, and unlike any single
/// theme colour, so a heatmap cell is not mistaken for a theme.
const SHARE_RAMP: [RGBColor; 9] = [
    RGBColor(0xFF, 0xFF, 0xD9),
    RGBColor(0xED, 0xF8, 0xB1),
    RGBColor(0xC7, 0xE9, 0xB4),
    RGBColor(0x7F, 0xCD, 0xBB),
    RGBColor(0x41, 0xB6, 0xC4),
    RGBColor(0x1D, 0x91, 0xC0),
    RGBColor(0x22, 0x5E, 0xA8),
    RGBColor(0x25, 0x34, 0x94),
    RGBColor(0x08, 0x1D, 0x58),
];

const CITY_FILE: &str = "theme_by_city.svg";
const CITY_TITLE: &str = "各城市的主题占比 Theme share by city";
pub(super) const MAX_CITIES: usize = 30;
const CELL_H: i32 = 30;
const MAX_CELL_W: i32 = 110;
const ROW_LABEL_PX: f64 = 13.0;
const COLUMN_LABEL_PX: f64 = 12.0;
const MAX_COLUMN_LABEL_W: f64 = 150.0;
const COLUMN_LINE_H: i32 = 16;
const SCALE_BLOCK_H: i32 = 48;
const AXIS_CAPTION_H: i32 = 22;

pub(super) fn theme_by_city(
    themes: &[ThemeSummary],
    trends: &TrendTable,
) -> Result<Chart, ChartError> {
    let (cities, left_out) = heatmap_cities(trends);
    let mut header = Header {
        title: CITY_TITLE,
        notes: vec!["格子颜色与数字：该城市文章中属于此主题的比例 · cell = share of the city's articles in the theme".into()],
        caption: "Each cell is the share of a city's articles that carry the theme (a column adds up to 100%, \
                  other included). Cities run from most to fewest articles, the count in brackets; \
                  themes from largest to smallest."
            .into(),
    };
    if left_out > 0 {
        header.notes.push(format!(
            "只显示文章最多的 {} 个城市，另有 {left_out} 个见 trends.csv · showing the {} cities with most articles; {left_out} more in trends.csv",
            cities.len(),
            cities.len()
        ));
        header.caption.push_str(&format!(
            " Only the {} cities with most articles are drawn; all {} are in trends.csv (rows with period = all).",
            cities.len(),
            cities.len() + left_out
        ));
    }
    if themes.is_empty() || cities.is_empty() {
        return message_chart(CITY_FILE, &header, NO_DATA);
    }

    let shares: Vec<Vec<f64>> = themes
        .iter()
        .map(|t| {
            cities
                .iter()
                .map(|(city, _)| finite(trends.city_share(&t.theme.id, city.as_deref())))
                .collect()
        })
        .collect();
    let scale = ShareScale::new(shares.iter().flatten().copied().fold(0.0, f64::max));
    let layout = HeatmapLayout::new(&header, themes, &cities);

    render(CITY_FILE, &header, layout.height(), |root| {
        scale.draw_legend(root, (MARGIN, header.height()))?;
        layout.draw_axis_captions(root)?;
        layout.draw_row_labels(root, themes)?;
        layout.draw_column_labels(root, &cities)?;
        layout.draw_cells(root, &shares, &scale)
    })
}

/// The cities to show, largest first, and how many were left out. `unknown`
/// keeps a column when present: a big unknown share says the city detection
/// is failing, which the reader should see.
fn heatmap_cities(trends: &TrendTable) -> (Vec<(Option<String>, usize)>, usize) {
    let mut shown: Vec<(Option<String>, usize)> = trends
        .known_cities()
        .into_iter()
        .map(|(city, n)| (Some(city), n))
        .collect();
    let unknown = trends.unknown_city_articles();
    let total = shown.len() + usize::from(unknown > 0);
    shown.truncate(MAX_CITIES - usize::from(unknown > 0));
    if unknown > 0 {
        shown.push((None, unknown));
    }
    let left_out = total - shown.len();
    (shown, left_out)
}

/// `None` is the unknown city.
fn city_name(city: Option<&str>) -> &str {
    city.unwrap_or("未知 unknown")
}

/// Pixel geometry of the heatmap, worked out before drawing because the
/// SVG's height depends on it.
struct HeatmapLayout {
    top: i32,
    row_label_w: i32,
    grid_x: i32,
    grid_y: i32,
    cell_w: i32,
    rows: usize,
    /// Column labels are "name (count)" running upwards when the name or
    /// count does not fit across a cell, else name over count.
    rotate_columns: bool,
}

impl HeatmapLayout {
    fn new(header: &Header, themes: &[ThemeSummary], cities: &[(Option<String>, usize)]) -> Self {
        let widest_name = widest(themes.iter().map(|t| &t.theme.name), ROW_LABEL_PX);
        let row_label_w = (f64::from(KEY_W) + widest_name + 12.0)
            .ceil()
            .clamp(140.0, 280.0) as i32;
        let grid_x = MARGIN + row_label_w;
        let available = WIDTH as i32 - grid_x - MARGIN;
        let cell_w = (available / cities.len().max(1) as i32).min(MAX_CELL_W);
        let widest_line = widest(
            cities
                .iter()
                .flat_map(|(city, n)| [city_name(city.as_deref()).to_string(), article_count(*n)]),
            COLUMN_LABEL_PX,
        );
        let rotate_columns = widest_line > f64::from(cell_w - 6);
        let column_label_h = if rotate_columns {
            let labels = cities
                .iter()
                .map(|(city, n)| Self::rotated_label(city.as_deref(), *n));
            widest(labels, COLUMN_LABEL_PX)
                .min(MAX_COLUMN_LABEL_W)
                .ceil() as i32
                + 10
        } else {
            2 * COLUMN_LINE_H + 6
        };
        let top = header.height() + SCALE_BLOCK_H;
        HeatmapLayout {
            top,
            row_label_w,
            grid_x,
            grid_y: top + AXIS_CAPTION_H + column_label_h,
            cell_w,
            rows: themes.len(),
            rotate_columns,
        }
    }

    fn height(&self) -> i32 {
        self.grid_y + self.rows as i32 * CELL_H + MARGIN
    }

    fn cell_x(&self, col: usize) -> i32 {
        self.grid_x + col as i32 * self.cell_w
    }

    fn cell_y(&self, row: usize) -> i32 {
        self.grid_y + row as i32 * CELL_H
    }

    fn draw_axis_captions(&self, root: &Area) -> DrawResult {
        let y = self.top + AXIS_CAPTION_H / 2;
        let style = bold(13.0).pos(Pos::new(HPos::Left, VPos::Center));
        root.draw_text("主题 Theme", &style, (MARGIN, y))?;
        root.draw_text("城市（文章数） City (articles)", &style, (self.grid_x, y))
    }

    fn draw_row_labels(&self, root: &Area, themes: &[ThemeSummary]) -> DrawResult {
        let max_w = f64::from(self.row_label_w - KEY_W - 12);
        for (row, summary) in themes.iter().enumerate() {
            let name = fit(&summary.theme.name, ROW_LABEL_PX, max_w);
            let y = self.cell_y(row) + CELL_H / 2;
            draw_keyed_label(
                root,
                (MARGIN, y),
                ThemeStyle::nth(row),
                &name,
                &font(ROW_LABEL_PX),
            )?;
        }
        Ok(())
    }

    fn rotated_label(city: Option<&str>, articles: usize) -> String {
        format!("{} {}", city_name(city), article_count(articles))
    }

    fn draw_column_labels(&self, root: &Area, cities: &[(Option<String>, usize)]) -> DrawResult {
        let base = self.grid_y - 6;
        for (col, (city, n)) in cities.iter().enumerate() {
            let x = self.cell_x(col) + self.cell_w / 2;
            if self.rotate_columns {
                let label = fit(
                    &Self::rotated_label(city.as_deref(), *n),
                    COLUMN_LABEL_PX,
                    MAX_COLUMN_LABEL_W,
                );
                let style = font(COLUMN_LABEL_PX)
                    .pos(Pos::new(HPos::Left, VPos::Center))
                    .transform(FontTransform::Rotate270);
                root.draw_text(&label, &style, (x, base))?;
            } else {
                let style = font(COLUMN_LABEL_PX).pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw_text(
                    &clean(city_name(city.as_deref())),
                    &style,
                    (x, base - COLUMN_LINE_H),
                )?;
                root.draw_text(&article_count(*n), &style.color(&MUTED), (x, base))?;
            }
        }
        Ok(())
    }

    fn draw_cells(&self, root: &Area, shares: &[Vec<f64>], scale: &ShareScale) -> DrawResult {
        // Shrink the annotation in narrow cells so "100%" still fits.
        let px = (f64::from(self.cell_w - 6) / (4.0 * 0.55)).min(11.0);
        for (row, row_shares) in shares.iter().enumerate() {
            for (col, &share) in row_shares.iter().enumerate() {
                let (x, y) = (self.cell_x(col), self.cell_y(row));
                let fill = if share > 0.0 {
                    scale.colour(share)
                } else {
                    EMPTY_CELL
                };
                // One pixel of white between cells keeps the grid readable.
                root.draw(&Rectangle::new(
                    [(x, y), (x + self.cell_w - 1, y + CELL_H - 1)],
                    fill.filled(),
                ))?;
                if share > 0.0 {
                    let style = font(px)
                        .color(scale.text_colour(share))
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    root.draw_text(
                        &percent(share),
                        &style,
                        (x + self.cell_w / 2, y + CELL_H / 2),
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// Maps a share onto [`SHARE_RAMP`]. The top of the scale is the largest
/// share shown, rounded up to 10%, so typical 5–40% shares use the whole
/// ramp instead of its pale end.
struct ShareScale {
    max: f64,
}

impl ShareScale {
    fn new(largest: f64) -> Self {
        ShareScale {
            max: nice_ceiling(largest * 100.0) / 100.0,
        }
    }

    fn position(&self, share: f64) -> f64 {
        (share / self.max).clamp(0.0, 1.0)
    }

    fn colour(&self, share: f64) -> RGBColor {
        let t = self.position(share) * (SHARE_RAMP.len() - 1) as f64;
        let i = (t.floor() as usize).min(SHARE_RAMP.len() - 2);
        mix(SHARE_RAMP[i], SHARE_RAMP[i + 1], t - i as f64)
    }

    /// White on the dark half of the ramp, ink on the light half.
    fn text_colour(&self, share: f64) -> &'static RGBColor {
        if self.position(share) > 0.55 {
            &WHITE
        } else {
            &INK
        }
    }

    /// Caption, gradient bar with 0 / half / max ticks, and the grey "none"
    /// swatch.
    fn draw_legend(&self, root: &Area, (x, y): (i32, i32)) -> DrawResult {
        const BAR_W: i32 = 240;
        const STEPS: i32 = 48;
        let caption = "占比 Share of city's articles (%)";
        let label = font(12.0).pos(Pos::new(HPos::Left, VPos::Center));
        root.draw_text(caption, &label, (x, y + 12))?;
        let bar_x = x + text_width(caption, 12.0) as i32 + 12;
        for step in 0..STEPS {
            let share = self.max * (f64::from(step) + 0.5) / f64::from(STEPS);
            let x0 = bar_x + step * BAR_W / STEPS;
            let x1 = bar_x + (step + 1) * BAR_W / STEPS;
            root.draw(&Rectangle::new(
                [(x0, y + 6), (x1, y + 18)],
                self.colour(share).filled(),
            ))?;
        }
        let tick = font(11.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for fraction in [0.0, 0.5, 1.0] {
            let tx = bar_x + (fraction * f64::from(BAR_W)) as i32;
            root.draw_text(
                &format!("{:.0}%", self.max * fraction * 100.0),
                &tick,
                (tx, y + 22),
            )?;
        }
        let none_x = bar_x + BAR_W + 24;
        root.draw(&Rectangle::new(
            [(none_x, y + 6), (none_x + 12, y + 18)],
            EMPTY_CELL.filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(none_x, y + 6), (none_x + 12, y + 18)],
            RULE.stroke_width(1),
        ))?;
        root.draw_text("无 none", &label, (none_x + 18, y + 12))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::trends::Observation;

    #[test]
    fn cells_show_the_share_of_the_city_and_columns_name_over_count() {
        let sample = sample();
        let svg = theme_by_city(&sample.themes, &sample.trends).unwrap().svg;
        let texts = svg_texts(&svg);
        // Three columns fit across: name over count.
        assert!(texts.contains(&"咸宁".to_string()) && texts.contains(&"(3)".to_string()));
        // 咸宁: 2 of 3 articles are ecology.
        assert!(texts.contains(&"67%".to_string()));
        assert!(texts.iter().any(|t| t == "A&B<城>"));
    }

    #[test]
    fn heatmap_keeps_thirty_cities_and_unknown() {
        let mut observations: Vec<Observation> = (0..40)
            .flat_map(|c| (0..=c).map(move |_| obs("a", &format!("城{c:02}"), "2024-01")))
            .collect();
        observations.push(Observation {
            theme: "a".into(),
            city: None,
            period: None,
            date: String::new(),
        });
        let trends = TrendTable::build(&observations);
        let (cities, left_out) = heatmap_cities(&trends);
        assert_eq!(cities.len(), MAX_CITIES);
        assert_eq!(left_out, 11);
        assert_eq!(cities[0].0.as_deref(), Some("城39"));
        assert_eq!(cities[MAX_CITIES - 1].0, None);

        let themes = vec![summary("a", "甲", observations.len(), &[])];
        let chart = theme_by_city(&themes, &trends).unwrap();
        let texts = svg_texts(&chart.svg);
        assert!(texts.iter().any(|t| t.contains("11 more in trends.csv")));
        assert!(texts.iter().any(|t| t == "城39 (40)"));
        assert!(!texts.iter().any(|t| t == "城10 (11)"));
        assert!(texts.iter().any(|t| t == "未知 unknown (1)"));
        assert!(chart.caption.contains("all 41 are in trends.csv"));
    }
}
