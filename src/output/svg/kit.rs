//! The toolkit every chart shares: canvas, header, fonts, the theme palette
//! and key glyphs, text measuring, and small-multiple grids. The calendar
//! axis of the charts over time is in [`super::time_axis`].
//!
//! Plotters draws the shapes, but its layout measures text by UTF-8 bytes,
//! which makes Chinese about twice too wide. So charts place their text in
//! pixel coordinates, measured with [`text_width`]. Every string passes
//! through plotters, which escapes it for XML; [`clean`] also removes
//! characters XML cannot carry.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One rendered chart: the caller decides where to write it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub file_name: String,
    pub title: String,
    /// What the chart shows and how to read it, for the report's caption.
    pub caption: String,
    pub svg: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("could not draw {file}: {message}")]
    Draw { file: String, message: String },
}

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Fallbacks so a viewer without Noto still finds a CJK font.
pub(super) const FONT_FAMILY: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif";
/// Plotters writes `font-size = size / 1.24`; multiply by this so the size
/// we ask for is the size in the file, which [`text_width`] relies on.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

pub(super) const WIDTH: u32 = 1100;
pub(super) const MARGIN: i32 = 20;
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(super) const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub(super) const RULE: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
pub(super) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub(super) const EMPTY_CELL: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);

pub(super) const NO_DATA: &str = "无数据 · no data";

/// Paul Tol's "muted" qualitative scheme (nine colours, readable as text or
/// thin lines on white), then a red, a blue and an orchid, so a run of a
/// dozen themes needs no second trip round. The three were searched for
/// (`bench/palette_check.py --search`) so that, with Machado et al.'s (2009)
/// full deuteranopia and protanopia simulated as well as normal vision, any
/// two of the twelve differ by CIEDE2000 >= 11; `bench/palette_check.py`
/// checks it. The orange, blue and brown used before fell short (against
/// olive, purple and green), and on the search's grid no orange or yellow
/// clears even 10 against the nine.
pub(super) const PALETTE: [RGBColor; 12] = [
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0xCC, 0x66, 0x77),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0xDD, 0xCC, 0x77),
    RGBColor(0x88, 0xCC, 0xEE),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0xAA, 0x44, 0x99),
    RGBColor(0xCC, 0x00, 0x00),
    RGBColor(0x33, 0x99, 0xFF),
    RGBColor(0xCC, 0x66, 0xBB),
];

/// Draws `header`, then runs `draw`, on a fresh white SVG canvas of `height`
/// pixels, and returns the document.
pub(super) fn render(
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
        caption: header.caption.clone(),
        svg,
    })
}

/// A chart with nothing to plot: header plus a framed message, so the file
/// still exists and says why it is empty.
pub(super) fn message_chart(
    file_name: &str,
    header: &Header,
    message: &str,
) -> Result<Chart, ChartError> {
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

/// Bold title and grey notes (what a cell or bar means, what was left out),
/// plus the caption the report prints under the chart.
pub(super) struct Header {
    pub title: &'static str,
    pub notes: Vec<String>,
    pub caption: String,
}

impl Header {
    const TITLE_PX: f64 = 20.0;
    const NOTE_PX: f64 = 13.0;
    const NOTE_H: i32 = 19;

    pub fn height(&self) -> i32 {
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

/// Equal panels in rows of `cols`, below `top`: the layout of every small
/// multiple.
pub(super) struct Grid {
    pub top: i32,
    pub cols: usize,
    pub panel_h: i32,
}

impl Grid {
    pub fn panel_w(&self) -> i32 {
        (WIDTH as i32 - 2 * MARGIN) / self.cols as i32
    }

    /// Top-left corner of panel `index`.
    pub fn origin(&self, index: usize) -> (i32, i32) {
        let (row, col) = ((index / self.cols) as i32, (index % self.cols) as i32);
        (MARGIN + col * self.panel_w(), self.top + row * self.panel_h)
    }

    /// Canvas height for `panels` panels, bottom margin included.
    pub fn height(&self, panels: usize) -> i32 {
        self.top + panels.div_ceil(self.cols) as i32 * self.panel_h + MARGIN
    }
}

/// How theme `i` (in the order of the theme summary, largest first) is
/// drawn everywhere. Beyond the palette the cycle repeats with dashed
/// lines, square markers and pale bars, so two themes sharing a colour
/// still differ in shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ThemeStyle {
    pub color: RGBColor,
    /// Second trip round the palette: dashed line, square pale marker, pale
    /// bars.
    pub hollow: bool,
}

impl ThemeStyle {
    pub fn nth(i: usize) -> Self {
        ThemeStyle {
            color: PALETTE[i % PALETTE.len()],
            hollow: (i / PALETTE.len()) % 2 == 1,
        }
    }

    /// Inside of markers and bars; always outlined in `color`.
    pub fn fill(&self) -> RGBColor {
        if self.hollow {
            mix(self.color, WHITE, 0.75)
        } else {
            self.color
        }
    }
}

/// Width of the key glyph plus the gap before its label.
pub(super) const KEY_W: i32 = 30;

/// Key glyph (a short line with a marker) followed by a label, vertically
/// centred on `y`.
pub(super) fn draw_keyed_label(
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

/// Panel title: key glyph, the theme name cut to fit, and a suffix (a
/// count) that is never cut.
pub(super) fn draw_theme_title(
    area: &Area,
    (x, y): (i32, i32),
    width: i32,
    style: ThemeStyle,
    (name, suffix): (&str, &str),
) -> DrawResult {
    const TITLE_PX: f64 = 14.0;
    let room = f64::from(width - KEY_W - 16) - text_width(suffix, TITLE_PX);
    let title = format!("{}{suffix}", fit(name, TITLE_PX, room));
    draw_keyed_label(area, (x, y), style, &title, &bold(TITLE_PX))
}

pub(super) fn draw_theme_line(area: &Area, points: &[(i32, i32)], style: ThemeStyle) -> DrawResult {
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

pub(super) fn draw_marker(area: &Area, centre: (i32, i32), style: ThemeStyle) -> DrawResult {
    draw_sized_marker(area, centre, 4, style)
}

/// A theme's marker of `radius`: a dot, or a square on the second trip
/// round the palette.
pub(super) fn draw_sized_marker(
    area: &Area,
    (x, y): (i32, i32),
    radius: i32,
    style: ThemeStyle,
) -> DrawResult {
    let stroke = style.color.stroke_width(if radius > 3 { 2 } else { 1 });
    if style.hollow {
        let corners = [(x - radius, y - radius), (x + radius, y + radius)];
        area.draw(&Rectangle::new(corners, style.fill().filled()))?;
        area.draw(&Rectangle::new(corners, stroke))
    } else {
        area.draw(&Circle::new((x, y), radius, style.fill().filled()))?;
        area.draw(&Circle::new((x, y), radius, stroke))
    }
}

/// A filled bar outlined in the theme colour.
pub(super) fn draw_bar(area: &Area, corners: [(i32, i32); 2], style: ThemeStyle) -> DrawResult {
    area.draw(&Rectangle::new(corners, style.fill().filled()))?;
    area.draw(&Rectangle::new(corners, style.color.stroke_width(1)))
}

pub(super) fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, px * PLOTTERS_FONT_SCALE).into_font()).color(&INK)
}

pub(super) fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        px * PLOTTERS_FONT_SCALE,
        FontStyle::Bold,
    ))
    .color(&INK)
}

/// Small grey text anchored at `pos`.
pub(super) fn note(px: f64, pos: (HPos, VPos)) -> TextStyle<'static> {
    font(px).color(&MUTED).pos(Pos::new(pos.0, pos.1))
}

/// Rough rendered width: CJK and other wide scripts take a full em, Latin
/// letters and digits a little over half. CJK fonts also draw `·` (which
/// joins the terms of an unnamed theme's name) and general punctuation such
/// as `…` and curly quotes a full em wide.
pub(super) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(|c| char_width(c, px)).sum()
}

pub(super) fn widest<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, px: f64) -> f64 {
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
pub(super) fn clean(text: &str) -> String {
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
pub(super) fn fit(text: &str, px: f64, max_w: f64) -> String {
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
pub(super) fn finite(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

/// `x` (a percentage) rounded up to a multiple of 10, within 10..=100.
pub(super) fn nice_ceiling(x: f64) -> f64 {
    ((finite(x) / 10.0).ceil() * 10.0).clamp(10.0, 100.0)
}

pub(super) fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// "40%", or "<1%" so a tiny share is not shown as zero.
pub(super) fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

pub(super) fn article_count(articles: usize) -> String {
    format!("({articles})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_beyond_the_palette_differ_in_line_style() {
        let first = ThemeStyle::nth(0);
        let wrapped = ThemeStyle::nth(PALETTE.len());
        assert_eq!(first.color, wrapped.color);
        assert_ne!(first, wrapped);
        assert_eq!(ThemeStyle::nth(2 * PALETTE.len()), first);
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
        assert_eq!(nice_ceiling(41.0), 50.0);
        assert_eq!(nice_ceiling(0.0), 10.0);
        assert_eq!(nice_ceiling(f64::NAN), 10.0);
    }

    #[test]
    fn grids_place_panels_in_rows() {
        let grid = Grid {
            top: 100,
            cols: 3,
            panel_h: 50,
        };
        assert_eq!(grid.origin(0), (MARGIN, 100));
        assert_eq!(grid.origin(4), (MARGIN + grid.panel_w(), 150));
        assert_eq!(grid.height(4), 100 + 2 * 50 + MARGIN);
    }
}
