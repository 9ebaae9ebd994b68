//! SVG charts of the themes, for a reader who wants the picture rather than
//! the CSV.
//!
//! Three charts, each answering one question:
//! - `theme_by_city.svg`: which themes does each city push? A heatmap of
//!   theme × city shares (share of the city's own articles, so big and small
//!   cities compare fairly).
//! - `theme_over_time.svg`: which themes rise or fade? One line per theme of
//!   its share of each period's articles.
//! - `theme_terms.svg`: what is each theme about? Small multiples of the
//!   terms that mark it, as horizontal bars.
//!
//! Theme `i` (in the order given, largest first) wears the same colour and
//! key glyph in every chart. Beyond the palette's ten colours the cycle
//! repeats with dashed lines and pale markers and bars, so two themes never
//! look identical.
//!
//! Plotters draws the shapes, but its layout measures text by UTF-8 bytes,
//! which makes Chinese about twice too wide. So titles, legends, heatmap
//! labels and term panels are placed here in pixel coordinates, using
//! [`text_width`]; plotters' own axis layout is used only for the line chart,
//! whose tick labels are ASCII. Every string passes through plotters, which
//! escapes it for XML; [`clean`] also removes characters XML cannot carry.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::themes::{TermWeight, ThemeSummary};
use crate::trends::{TrendTable, UNKNOWN};

/// One rendered chart: the caller decides where to write it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub file_name: String,
    pub title: String,
    pub svg: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("could not draw {file}: {message}")]
    Draw { file: String, message: String },
}

/// Draw the theme × city heatmap, the theme-share-over-time lines and the
/// top-terms panels.
pub fn render_charts(
    themes: &[ThemeSummary],
    trends: &TrendTable,
) -> Result<Vec<Chart>, ChartError> {
    Ok(vec![
        theme_by_city(themes, trends)?,
        theme_over_time(themes, trends)?,
        theme_terms(themes)?,
    ])
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Fallbacks so a viewer without Noto still finds a CJK font.
const FONT_FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";
/// Plotters writes `font-size = size / 1.24`; multiply by this so the size
/// we ask for is the size in the file, which [`text_width`] relies on.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

const WIDTH: u32 = 1100;
const MARGIN: i32 = 20;
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
const RULE: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
const EMPTY_CELL: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);

const NO_DATA: &str = "无数据 · no data";

/// Tableau 10: colour-blind-aware and long enough for most theme counts.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4E, 0x79, 0xA7),
    RGBColor(0xF2, 0x8E, 0x2B),
    RGBColor(0xE1, 0x57, 0x59),
    RGBColor(0x76, 0xB7, 0xB2),
    RGBColor(0x59, 0xA1, 0x4F),
    RGBColor(0xED, 0xC9, 0x48),
    RGBColor(0xB0, 0x7A, 0xA1),
    RGBColor(0xFF, 0x9D, 0xA7),
    RGBColor(0x9C, 0x75, 0x5F),
    RGBColor(0xBA, 0xB0, 0xAC),
];

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

// ---------------------------------------------------------------------------
// Chart 1: theme × city heatmap

const CITY_FILE: &str = "theme_by_city.svg";
const CITY_TITLE: &str = "各城市的主题占比 Theme share by city";
const MAX_CITIES: usize = 30;
const CELL_H: i32 = 30;
const MAX_CELL_W: i32 = 110;
const ROW_LABEL_PX: f64 = 13.0;
const COLUMN_LABEL_PX: f64 = 12.0;
const MAX_COLUMN_LABEL_W: f64 = 150.0;
const COLUMN_LINE_H: i32 = 16;
const SCALE_BLOCK_H: i32 = 48;
const AXIS_CAPTION_H: i32 = 22;

fn theme_by_city(themes: &[ThemeSummary], trends: &TrendTable) -> Result<Chart, ChartError> {
    let (cities, left_out) = heatmap_cities(trends);
    let mut header = Header {
        title: CITY_TITLE,
        notes: vec!["格子颜色与数字：该城市文章中属于此主题的比例 · cell = share of the city's articles in the theme".into()],
    };
    if left_out > 0 {
        header.notes.push(format!(
            "只显示文章最多的 {} 个城市，另有 {left_out} 个未显示 · showing the {} cities with most articles, {left_out} more left out",
            cities.len(),
            cities.len()
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
                .map(|(city, _)| finite(trends.city_share(&t.theme.id, city)))
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
fn heatmap_cities(trends: &TrendTable) -> (Vec<(String, usize)>, usize) {
    let all = trends.cities();
    let total = all.len();
    let (unknown, mut known): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(city, _)| city == UNKNOWN);
    known.truncate(MAX_CITIES - unknown.len().min(1));
    known.extend(unknown);
    let left_out = total - known.len();
    (known, left_out)
}

fn city_name(city: &str) -> &str {
    if city == UNKNOWN {
        "未知 unknown"
    } else {
        city
    }
}

fn article_count(articles: usize) -> String {
    format!("({articles})")
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
    fn new(header: &Header, themes: &[ThemeSummary], cities: &[(String, usize)]) -> Self {
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
                .flat_map(|(city, n)| [city_name(city).to_string(), article_count(*n)]),
            COLUMN_LABEL_PX,
        );
        let rotate_columns = widest_line > f64::from(cell_w - 6);
        let column_label_h = if rotate_columns {
            let labels = cities.iter().map(|(city, n)| Self::rotated_label(city, *n));
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

    fn rotated_label(city: &str, articles: usize) -> String {
        format!("{} {}", city_name(city), article_count(articles))
    }

    fn draw_column_labels(&self, root: &Area, cities: &[(String, usize)]) -> DrawResult {
        let base = self.grid_y - 6;
        for (col, (city, n)) in cities.iter().enumerate() {
            let x = self.cell_x(col) + self.cell_w / 2;
            if self.rotate_columns {
                let label = fit(
                    &Self::rotated_label(city, *n),
                    COLUMN_LABEL_PX,
                    MAX_COLUMN_LABEL_W,
                );
                let style = font(COLUMN_LABEL_PX)
                    .pos(Pos::new(HPos::Left, VPos::Center))
                    .transform(FontTransform::Rotate270);
                root.draw_text(&label, &style, (x, base))?;
            } else {
                let style = font(COLUMN_LABEL_PX).pos(Pos::new(HPos::Center, VPos::Bottom));
                root.draw_text(&clean(city_name(city)), &style, (x, base - COLUMN_LINE_H))?;
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

fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// "40%", or "<1%" so a tiny share is not shown as zero.
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

// ---------------------------------------------------------------------------
// Chart 2: theme share over time

const TIME_FILE: &str = "theme_over_time.svg";
const TIME_TITLE: &str = "主题占比随时间变化 Theme share over time";
const LEGEND_ROW_H: i32 = 22;
const LEGEND_PX: f64 = 13.0;

fn theme_over_time(themes: &[ThemeSummary], trends: &TrendTable) -> Result<Chart, ChartError> {
    let periods: Vec<String> = trends
        .periods()
        .into_iter()
        .filter(|p| p != UNKNOWN)
        .collect();
    let undated: usize = trends
        .by_period()
        .filter(|r| r.period == UNKNOWN)
        .map(|r| r.articles)
        .sum();
    let mut header = Header {
        title: TIME_TITLE,
        notes: vec![
            "每期文章中属于各主题的比例 · share of each period's articles carried by each theme"
                .into(),
        ],
    };
    if undated > 0 {
        header.notes.push(format!(
            "{undated} 篇文章无日期，未计入 · {undated} undated articles left out"
        ));
    }
    if themes.is_empty() {
        return message_chart(TIME_FILE, &header, NO_DATA);
    }
    if periods.len() < 2 {
        return message_chart(
            TIME_FILE,
            &header,
            "日期不足，无法绘制趋势 · not enough dated articles to draw a trend",
        );
    }

    let series: Vec<Vec<f64>> = themes
        .iter()
        .map(|t| {
            periods
                .iter()
                .map(|p| finite(trends.period_share(&t.theme.id, p)) * 100.0)
                .collect()
        })
        .collect();
    let y_max = nice_ceiling(series.iter().flatten().copied().fold(0.0, f64::max));
    let legend = Legend::new(themes);
    let plot_h = (legend.height() + 60).max(480);
    let height = header.height() + plot_h + MARGIN;

    render(TIME_FILE, &header, height, |root| {
        let (_, body) = root.split_vertically(header.height());
        let (plot, side) = body.split_horizontally(WIDTH as i32 - MARGIN - legend.width);
        draw_share_lines(root, &plot, &periods, &series, y_max)?;
        legend.draw(&side)
    })
}

/// Axes via plotters (ASCII tick labels measure fine), then each theme's
/// line drawn in pixels with the same helpers the legends use.
fn draw_share_lines(
    root: &Area,
    plot: &Area,
    periods: &[String],
    series: &[Vec<f64>],
    y_max: f64,
) -> DrawResult {
    const Y_LABEL_W: i32 = 70;
    let widest_period = widest(periods, 12.0);
    let plot_w = f64::from(plot.dim_in_pixel().0) - f64::from(Y_LABEL_W + MARGIN);
    // Upper bound on how many period labels fit side by side; plotters
    // then picks a round step (every 1, 2, 5… periods).
    let max_labels = ((plot_w / (widest_period + 16.0)) as usize).max(2);
    let last = periods.len() - 1;
    let mut chart = ChartBuilder::on(plot)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_top(10)
        .x_label_area_size(52)
        .y_label_area_size(Y_LABEL_W)
        .build_cartesian_2d((0..last).into_segmented(), 0.0..y_max)?;
    let period_label = |v: &SegmentValue<usize>| match v {
        SegmentValue::Exact(i) | SegmentValue::CenterOf(i) => {
            periods.get(*i).map_or_else(String::new, |p| clean(p))
        }
        SegmentValue::Last => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(max_labels)
        .x_label_formatter(&period_label)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .x_desc("时期 Period")
        .y_desc("占比 Share of articles (%)")
        .label_style(font(12.0))
        .axis_desc_style(font(13.0))
        .bold_line_style(RGBColor(0xE4, 0xE4, 0xE4))
        .light_line_style(TRANSPARENT)
        .axis_style(RULE)
        .draw()?;
    for (i, values) in series.iter().enumerate() {
        let style = ThemeStyle::nth(i);
        let points: Vec<(i32, i32)> = values
            .iter()
            .enumerate()
            .map(|(p, &v)| chart.backend_coord(&(SegmentValue::CenterOf(p), v)))
            .collect();
        draw_theme_line(root, &points, style)?;
        for &point in &points {
            draw_marker(root, point, style)?;
        }
    }
    Ok(())
}

/// The theme key column beside the line chart.
struct Legend {
    width: i32,
    names: Vec<String>,
}

impl Legend {
    const MAX_W: f64 = 280.0;

    fn new(themes: &[ThemeSummary]) -> Self {
        let text_max = Self::MAX_W - f64::from(KEY_W);
        let names: Vec<String> = themes
            .iter()
            .map(|t| fit(&t.theme.name, LEGEND_PX, text_max))
            .collect();
        let width = (f64::from(KEY_W) + widest(&names, LEGEND_PX) + 8.0)
            .ceil()
            .clamp(120.0, Self::MAX_W) as i32;
        Legend { width, names }
    }

    fn height(&self) -> i32 {
        30 + self.names.len() as i32 * LEGEND_ROW_H
    }

    fn draw(&self, area: &Area) -> DrawResult {
        let caption = bold(13.0).pos(Pos::new(HPos::Left, VPos::Top));
        area.draw_text("主题 Theme", &caption, (0, 12))?;
        for (i, name) in self.names.iter().enumerate() {
            let y = 30 + LEGEND_ROW_H * i as i32 + LEGEND_ROW_H / 2;
            draw_keyed_label(area, (0, y), ThemeStyle::nth(i), name, &font(LEGEND_PX))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Chart 3: top terms per theme

const TERMS_FILE: &str = "theme_terms.svg";
const TERMS_TITLE: &str = "各主题的代表词 Top terms per theme";
const TERMS_PER_PANEL: usize = 8;
const PANEL_COLS: usize = 3;
const PANEL_TITLE_H: i32 = 30;
const BAR_ROW_H: i32 = 22;
const TERM_PX: f64 = 12.0;
const VALUE_W: i32 = 48;

fn theme_terms(themes: &[ThemeSummary]) -> Result<Chart, ChartError> {
    let header = Header {
        title: TERMS_TITLE,
        notes: vec![
            format!("每个主题前 {TERMS_PER_PANEL} 个词；括号内为文章数 · top {TERMS_PER_PANEL} terms per theme; (n) = articles"),
            "条长：词权重（类别 TF-IDF），各面板刻度不同 · bar length = term weight (class-based TF-IDF), scaled per panel".into(),
        ],
    };
    if themes.is_empty() {
        return message_chart(TERMS_FILE, &header, NO_DATA);
    }
    let panels: Vec<Vec<&TermWeight>> = themes
        .iter()
        .map(|t| top_terms(&t.theme.top_terms))
        .collect();
    let widest_term = widest(panels.iter().flatten().map(|t| &t.term), TERM_PX);
    let layout = PanelLayout {
        top: header.height(),
        width: (WIDTH as i32 - 2 * MARGIN) / PANEL_COLS as i32,
        term_w: widest_term.ceil().clamp(36.0, 110.0) as i32,
    };
    let rows = themes.len().div_ceil(PANEL_COLS) as i32;
    let height = layout.top + rows * PanelLayout::HEIGHT + MARGIN;

    render(TERMS_FILE, &header, height, |root| {
        for (i, (summary, terms)) in themes.iter().zip(&panels).enumerate() {
            layout.draw_panel(root, i, summary, terms)?;
        }
        Ok(())
    })
}

/// The strongest terms by weight (ties keep the given order).
fn top_terms(terms: &[TermWeight]) -> Vec<&TermWeight> {
    let mut sorted: Vec<&TermWeight> = terms.iter().collect();
    sorted.sort_by(|a, b| finite(b.weight).total_cmp(&finite(a.weight)));
    sorted.truncate(TERMS_PER_PANEL);
    sorted
}

struct PanelLayout {
    top: i32,
    width: i32,
    /// Room for the term labels, the same in every panel so bars line up.
    term_w: i32,
}

impl PanelLayout {
    const HEIGHT: i32 = PANEL_TITLE_H + TERMS_PER_PANEL as i32 * BAR_ROW_H + 24;

    fn origin(&self, index: usize) -> (i32, i32) {
        let (row, col) = ((index / PANEL_COLS) as i32, (index % PANEL_COLS) as i32);
        (MARGIN + col * self.width, self.top + row * Self::HEIGHT)
    }

    fn draw_panel(
        &self,
        root: &Area,
        index: usize,
        summary: &ThemeSummary,
        terms: &[&TermWeight],
    ) -> DrawResult {
        let (x, y) = self.origin(index);
        let style = ThemeStyle::nth(index);
        self.draw_panel_title(root, (x, y), style, summary)?;
        let bars_y = y + PANEL_TITLE_H;
        if terms.is_empty() {
            let note = font(TERM_PX)
                .color(&MUTED)
                .pos(Pos::new(HPos::Left, VPos::Top));
            return root.draw_text("无代表词 no terms", &note, (x + KEY_W, bars_y + 4));
        }
        let bar_x = x + self.term_w + 8;
        // The bars' common baseline doubles as the panel's value axis.
        let axis_bottom = bars_y + terms.len() as i32 * BAR_ROW_H;
        root.draw(&PathElement::new(
            vec![(bar_x, bars_y), (bar_x, axis_bottom)],
            RULE.stroke_width(1),
        ))?;
        let max = terms.iter().map(|t| finite(t.weight)).fold(0.0, f64::max);
        for (j, term) in terms.iter().enumerate() {
            let row_y = bars_y + j as i32 * BAR_ROW_H;
            let scaled = if max > 0.0 {
                finite(term.weight) / max
            } else {
                0.0
            };
            self.draw_term_bar(root, (bar_x, row_y), style, term, scaled)?;
        }
        Ok(())
    }

    /// Key glyph, theme name cut to fit, and article count (never cut).
    fn draw_panel_title(
        &self,
        root: &Area,
        (x, y): (i32, i32),
        style: ThemeStyle,
        summary: &ThemeSummary,
    ) -> DrawResult {
        const TITLE_PX: f64 = 14.0;
        let count = format!(" {}", article_count(summary.articles));
        let room = f64::from(self.width - KEY_W - 16) - text_width(&count, TITLE_PX);
        let title = format!("{}{count}", fit(&summary.theme.name, TITLE_PX, room));
        let centre = (x, y + PANEL_TITLE_H / 2);
        draw_keyed_label(root, centre, style, &title, &bold(TITLE_PX))
    }

    /// One term: label right-aligned before `bar_x`, a bar `scaled` (0..=1)
    /// of the room, and the weight after the bar's end.
    fn draw_term_bar(
        &self,
        root: &Area,
        (bar_x, row_y): (i32, i32),
        style: ThemeStyle,
        term: &TermWeight,
        scaled: f64,
    ) -> DrawResult {
        let mid = row_y + BAR_ROW_H / 2;
        let label = font(TERM_PX).pos(Pos::new(HPos::Right, VPos::Center));
        let text = fit(&term.term, TERM_PX, f64::from(self.term_w));
        root.draw_text(&text, &label, (bar_x - 6, mid))?;
        let room = self.width - self.term_w - 8 - VALUE_W - 12;
        let length = (scaled * f64::from(room)).round() as i32;
        if length > 0 {
            let bar = [(bar_x, row_y + 4), (bar_x + length, row_y + BAR_ROW_H - 4)];
            root.draw(&Rectangle::new(bar, style.fill().filled()))?;
            root.draw(&Rectangle::new(bar, style.color.stroke_width(1)))?;
        }
        let value = font(11.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        let weight = format_weight(finite(term.weight));
        root.draw_text(&weight, &value, (bar_x + length + 4, mid))
    }
}

/// Three significant digits: c-TF-IDF weights may be 0.0123 or 12.3.
fn format_weight(w: f64) -> String {
    if w <= 0.0 {
        return "0".into();
    }
    let decimals = (2.0 - w.log10().floor()).clamp(0.0, 6.0) as usize;
    format!("{w:.decimals$}")
}

// ---------------------------------------------------------------------------
// Shared pieces: rendering, headers, theme keys, text

/// Draws `header`, then runs `draw`, on a fresh white SVG canvas of `height`
/// pixels, and returns the document.
fn render(
    file_name: &str,
    header: &Header,
    height: i32,
    draw: impl FnOnce(&Area) -> DrawResult,
) -> Result<Chart, ChartError> {
    let mut svg = String::new();
    {
        let size = (WIDTH, u32::try_from(height).unwrap_or(0));
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)
            .and_then(|()| header.draw(&root))
            .and_then(|()| draw(&root))
            .and_then(|()| root.present())
            .map_err(|e| ChartError::Draw {
                file: file_name.to_string(),
                message: e.to_string(),
            })?;
    }
    Ok(Chart {
        file_name: file_name.to_string(),
        title: header.title.to_string(),
        svg,
    })
}

/// A chart with nothing to plot: header plus a framed message, so the file
/// still exists and says why it is empty.
fn message_chart(file_name: &str, header: &Header, message: &str) -> Result<Chart, ChartError> {
    let height = header.height() + 200;
    render(file_name, header, height, |root| {
        let frame = [
            (MARGIN, header.height()),
            (WIDTH as i32 - MARGIN, height - MARGIN),
        ];
        root.draw(&Rectangle::new(frame, RULE.stroke_width(1)))?;
        let style = font(16.0)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let text = fit(message, 16.0, f64::from(WIDTH) - 80.0);
        root.draw_text(
            &text,
            &style,
            (WIDTH as i32 / 2, (header.height() + height - MARGIN) / 2),
        )
    })
}

/// Bold title and grey notes (what a cell or bar means, what was left out).
struct Header {
    title: &'static str,
    notes: Vec<String>,
}

impl Header {
    const TITLE_PX: f64 = 20.0;
    const NOTE_PX: f64 = 13.0;
    const NOTE_H: i32 = 19;

    fn height(&self) -> i32 {
        MARGIN + 30 + self.notes.len() as i32 * Self::NOTE_H + 12
    }

    fn draw(&self, root: &Area) -> DrawResult {
        let title = bold(Self::TITLE_PX).pos(Pos::new(HPos::Left, VPos::Top));
        root.draw_text(self.title, &title, (MARGIN, MARGIN))?;
        let note = font(Self::NOTE_PX)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Top));
        let room = f64::from(WIDTH) - 2.0 * f64::from(MARGIN);
        for (i, text) in self.notes.iter().enumerate() {
            let y = MARGIN + 30 + i as i32 * Self::NOTE_H;
            root.draw_text(&fit(text, Self::NOTE_PX, room), &note, (MARGIN, y))?;
        }
        Ok(())
    }
}

/// How theme `i` is drawn everywhere.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ThemeStyle {
    color: RGBColor,
    /// Second trip round the palette: dashed line, pale marker and bars.
    hollow: bool,
}

impl ThemeStyle {
    fn nth(i: usize) -> Self {
        ThemeStyle {
            color: PALETTE[i % PALETTE.len()],
            hollow: (i / PALETTE.len()) % 2 == 1,
        }
    }

    /// Inside of markers and bars; always outlined in `color`.
    fn fill(&self) -> RGBColor {
        if self.hollow {
            mix(self.color, WHITE, 0.75)
        } else {
            self.color
        }
    }
}

/// Width of the key glyph plus the gap before its label.
const KEY_W: i32 = 30;

/// Key glyph (a short line with a marker, as in the line chart) followed by
/// a label, vertically centred on `y`.
fn draw_keyed_label(
    area: &Area,
    (x, y): (i32, i32),
    style: ThemeStyle,
    label: &str,
    text: &TextStyle,
) -> DrawResult {
    draw_theme_line(area, &[(x, y), (x + 22, y)], style)?;
    draw_marker(area, (x + 11, y), style)?;
    area.draw_text(
        label,
        &text.pos(Pos::new(HPos::Left, VPos::Center)),
        (x + KEY_W, y),
    )
}

fn draw_theme_line(area: &Area, points: &[(i32, i32)], style: ThemeStyle) -> DrawResult {
    let stroke = style.color.stroke_width(2);
    if style.hollow {
        // 5 on, 3 off: a 22 px key reads "-o-" with the marker centred.
        area.draw(&DashedPathElement::new(
            points.iter().copied(),
            5,
            3,
            stroke,
        ))
    } else {
        area.draw(&PathElement::new(points.to_vec(), stroke))
    }
}

fn draw_marker(area: &Area, centre: (i32, i32), style: ThemeStyle) -> DrawResult {
    area.draw(&Circle::new(centre, 4, style.fill().filled()))?;
    area.draw(&Circle::new(centre, 4, style.color.stroke_width(2)))
}

fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, px * PLOTTERS_FONT_SCALE).into_font()).color(&INK)
}

fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        px * PLOTTERS_FONT_SCALE,
        FontStyle::Bold,
    ))
    .color(&INK)
}

/// Rough rendered width: CJK and other wide scripts take a full em, Latin
/// letters and digits a little over half. CJK fonts also draw `·` (which
/// joins the terms of an unnamed theme's name) and general punctuation such
/// as `…` and curly quotes a full em wide.
fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| char_width(c, px)).sum()
}

fn widest<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, px: f64) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(t.as_ref(), px))
        .fold(0.0, f64::max)
}

fn char_width(c: char, px: f64) -> f64 {
    let wide = matches!(u32::from(c), 0xB7 | 0x2000..=0x206F | 0x1100..);
    if wide { px } else { 0.55 * px }
}

/// `text` made safe for XML: control characters, which XML 1.0 cannot
/// carry even escaped, become spaces. Plotters escapes the rest.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// [`clean`] `text`, cut with "…" to fit `max_w` pixels.
fn fit(text: &str, px: f64, max_w: f64) -> String {
    let text = clean(text);
    if text_width(&text, px) <= max_w {
        return text;
    }
    let mut used = char_width('…', px);
    let mut cut = String::new();
    for c in text.chars() {
        used += char_width(c, px);
        if used > max_w {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// Shares and weights come from arithmetic on input; never let a NaN or a
/// negative reach the geometry.
fn finite(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

/// `x` (a percentage) rounded up to a multiple of 10, within 10..=100.
fn nice_ceiling(x: f64) -> f64 {
    ((finite(x) / 10.0).ceil() * 10.0).clamp(10.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::Theme;
    use crate::trends::Observation;

    fn summary(id: &str, name: &str, articles: usize, terms: &[(&str, f64)]) -> ThemeSummary {
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
            leading_cities: vec![],
            example_titles: vec![],
        }
    }

    fn obs(theme: &str, city: &str, period: &str) -> Observation {
        Observation {
            theme: theme.into(),
            city: Some(city.into()),
            period: Some(period.into()),
        }
    }

    /// Two themes over three cities and three months; hostile theme, term
    /// and city names.
    fn sample() -> (Vec<ThemeSummary>, TrendTable) {
        let themes = vec![
            summary(
                "ecology",
                "生态环保",
                4,
                &[("生态", 0.3), ("环保", 0.2), ("河长", 0.1)],
            ),
            summary("evil", r#"<script>&"'"#, 2, &[("<b>", 0.5)]),
        ];
        let trends = TrendTable::build(&[
            obs("ecology", "咸宁", "2024-01"),
            obs("ecology", "咸宁", "2024-02"),
            obs("ecology", "常州", "2024-03"),
            obs("ecology", "常州", "2024-03"),
            obs("evil", "咸宁", "2024-01"),
            obs("evil", "常州", "2024-02"),
            obs("evil", "A&B<城>", "2024-02"),
        ]);
        (themes, trends)
    }

    /// Light well-formedness check without an XML parser: tags nest and
    /// close, and every `&` starts one of the five predefined entities.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "does not start with <svg");
        assert!(
            svg.trim_end().ends_with("</svg>"),
            "does not end with </svg>"
        );
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "'<' inside tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap_or(""));
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        for (i, _) in svg.match_indices('&') {
            let entity = &svg[i..];
            assert!(
                ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "bare & at {i}"
            );
        }
    }

    fn hex(color: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
    }

    #[test]
    fn renders_three_well_formed_charts_with_titles_and_names() {
        let (themes, trends) = sample();
        let charts = render_charts(&themes, &trends).unwrap();
        let names: Vec<&str> = charts.iter().map(|c| c.file_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "theme_by_city.svg",
                "theme_over_time.svg",
                "theme_terms.svg"
            ]
        );
        for chart in &charts {
            assert_well_formed(&chart.svg);
            assert!(
                chart.svg.contains(&chart.title),
                "{} lacks its title",
                chart.file_name
            );
            assert!(
                chart.svg.contains("生态环保"),
                "{} lacks the theme name",
                chart.file_name
            );
            assert!(chart.svg.contains(FONT_FAMILY));
        }
        let city = &charts[0].svg;
        // Two wide columns: name over count.
        assert!(city.contains(">\n咸宁\n<") && city.contains(">\n(3)\n<"));
        // 咸宁: 2 of 3 articles are ecology.
        assert!(city.contains("67%"));
        let time = &charts[1].svg;
        assert!(time.contains("2024-01") && time.contains("2024-03"));
        let terms = &charts[2].svg;
        assert!(terms.contains("生态环保 (4)") && terms.contains("河长"));
    }

    #[test]
    fn hostile_names_are_escaped() {
        let (themes, trends) = sample();
        for chart in render_charts(&themes, &trends).unwrap() {
            assert!(!chart.svg.contains("<script>"), "{}", chart.file_name);
            assert!(
                chart.svg.contains("&lt;script&gt;&amp;&quot;&apos;"),
                "{}",
                chart.file_name
            );
            assert_well_formed(&chart.svg);
        }
        let charts = render_charts(&themes, &trends).unwrap();
        assert!(charts[0].svg.contains("A&amp;B&lt;城&gt;"));
        assert!(charts[2].svg.contains("&lt;b&gt;") && !charts[2].svg.contains("<b>"));
    }

    #[test]
    fn control_characters_do_not_reach_the_svg() {
        let themes = vec![summary("t", "a\u{0}b\u{1b}c", 1, &[("x\u{7}", 1.0)])];
        let trends = TrendTable::build(&[obs("t", "咸宁", "2024-01")]);
        for chart in render_charts(&themes, &trends).unwrap() {
            assert!(
                !chart.svg.chars().any(|c| c.is_control() && c != '\n'),
                "{}",
                chart.file_name
            );
        }
    }

    #[test]
    fn each_theme_keeps_its_colour_in_every_chart() {
        let (themes, trends) = sample();
        let charts = render_charts(&themes, &trends).unwrap();
        for chart in &charts {
            for i in 0..themes.len() {
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
    fn themes_beyond_the_palette_differ_in_line_style() {
        let first = ThemeStyle::nth(0);
        let wrapped = ThemeStyle::nth(PALETTE.len());
        assert_eq!(first.color, wrapped.color);
        assert_ne!(first, wrapped);
        assert_eq!(ThemeStyle::nth(2 * PALETTE.len()), first);
    }

    #[test]
    fn output_is_deterministic() {
        let (themes, trends) = sample();
        assert_eq!(
            render_charts(&themes, &trends).unwrap(),
            render_charts(&themes, &trends).unwrap()
        );
    }

    #[test]
    fn empty_inputs_give_no_data_charts() {
        let charts = render_charts(&[], &TrendTable::default()).unwrap();
        assert_eq!(charts.len(), 3);
        for chart in &charts {
            assert_well_formed(&chart.svg);
            assert!(chart.svg.contains("no data"), "{}", chart.file_name);
        }
        // Themes but no trend rows: the heatmap has no columns.
        let (themes, _) = sample();
        let charts = render_charts(&themes, &TrendTable::default()).unwrap();
        assert!(charts[0].svg.contains("no data"));
        assert!(charts[2].svg.contains("生态环保"));
    }

    #[test]
    fn one_period_says_there_is_no_trend() {
        let themes = vec![summary("a", "甲", 2, &[])];
        let trends = TrendTable::build(&[
            obs("a", "咸宁", "2024-01"),
            Observation {
                theme: "a".into(),
                city: None,
                period: None,
            },
        ]);
        let charts = render_charts(&themes, &trends).unwrap();
        let time = &charts[1].svg;
        assert_well_formed(time);
        assert!(time.contains("not enough dated articles to draw a trend"));
        assert!(time.contains("1 undated articles left out"));
        assert!(charts[2].svg.contains("no terms"));
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
        });
        let trends = TrendTable::build(&observations);
        let (cities, left_out) = heatmap_cities(&trends);
        assert_eq!(cities.len(), MAX_CITIES);
        assert_eq!(left_out, 11);
        assert_eq!(cities[0].0, "城39");
        assert_eq!(cities[MAX_CITIES - 1].0, UNKNOWN);

        let themes = vec![summary("a", "甲", observations.len(), &[])];
        let svg = &render_charts(&themes, &trends).unwrap()[0].svg;
        assert!(svg.contains("11 more left out"));
        assert!(svg.contains("城39 (40)") && !svg.contains("城10 (11)"));
        assert!(svg.contains("未知 unknown (1)"));
        assert_well_formed(svg);
    }

    #[test]
    fn top_terms_are_the_heaviest_eight() {
        let terms: Vec<TermWeight> = (0..10)
            .map(|i| TermWeight {
                term: format!("t{i}"),
                weight: f64::from(i),
            })
            .chain([TermWeight {
                term: "nan".into(),
                weight: f64::NAN,
            }])
            .collect();
        let top: Vec<&str> = top_terms(&terms).iter().map(|t| t.term.as_str()).collect();
        assert_eq!(top, ["t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2"]);
    }

    #[test]
    fn text_is_measured_by_script_and_cut_to_fit() {
        assert_eq!(text_width("生态", 10.0), 20.0);
        assert!((text_width("ab", 10.0) - 11.0).abs() < 1e-9);
        assert_eq!(text_width("生态·环保…", 10.0), 60.0);
        assert_eq!(fit("生态环保", 10.0, 40.0), "生态环保");
        let cut = fit("生态环境保护督察", 10.0, 40.0);
        assert_eq!(cut, "生态环…");
        assert!(text_width(&cut, 10.0) <= 40.0);
    }

    #[test]
    fn numbers_are_formatted_for_reading() {
        assert_eq!(percent(0.4), "40%");
        assert_eq!(percent(0.001), "<1%");
        assert_eq!(format_weight(0.03127), "0.0313");
        assert_eq!(format_weight(12.34), "12.3");
        assert_eq!(format_weight(0.0), "0");
        assert_eq!(nice_ceiling(41.0), 50.0);
        assert_eq!(nice_ceiling(0.0), 10.0);
        assert_eq!(nice_ceiling(f64::NAN), 10.0);
    }
}
