//! The calendar x axis of the charts over time, and the small-multiple
//! panel and plot laid out over it: each period sits at its place in time,
//! so a gap between periods stays visible.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::kit::{
    Area, DrawResult, GRID, Grid, RULE, ThemeStyle, clean, draw_theme_title, finite, note,
};
use crate::trends::PeriodKey;

/// A calendar x axis over the known periods of a run: each period at its
/// place in time, so a gap of two years looks like one.
pub(super) struct TimeAxis {
    /// Known periods in calendar order, with their ordinals.
    pub periods: Vec<(PeriodKey, i64)>,
}

impl TimeAxis {
    pub fn new(periods: impl IntoIterator<Item = PeriodKey>) -> TimeAxis {
        let mut periods: Vec<(PeriodKey, i64)> =
            periods.into_iter().map(|p| (p, p.ordinal())).collect();
        periods.sort_by_key(|p| p.1);
        periods.dedup_by_key(|p| p.1);
        TimeAxis { periods }
    }

    /// Pixel x of ordinal `ordinal` in a plot running from `x0` to `x1`.
    pub fn x(&self, ordinal: i64, (x0, x1): (i32, i32)) -> i32 {
        let (Some(first), Some(last)) = (self.periods.first(), self.periods.last()) else {
            return x0;
        };
        if last.1 == first.1 {
            return (x0 + x1) / 2;
        }
        let t = (ordinal - first.1) as f64 / (last.1 - first.1) as f64;
        x0 + (t * f64::from(x1 - x0)).round() as i32
    }

    /// A thin axis line under a plot with dated ticks: years when the
    /// periods span several (every second, fifth… year when room is
    /// short), else each period that fits, so a spike can be dated.
    pub fn draw(&self, area: &Area, (x0, x1): (i32, i32), y: i32) -> DrawResult {
        area.draw(&PathElement::new(
            vec![(x0, y), (x1, y)],
            RULE.stroke_width(1),
        ))?;
        for (ordinal, label) in self.ticks(x1 - x0) {
            let x = self.x(ordinal, (x0, x1));
            area.draw(&PathElement::new(
                vec![(x, y), (x, y + 3)],
                RULE.stroke_width(1),
            ))?;
            // Labels at the ends are aligned inward so none leaves the panel.
            let h = if x - x0 < TICK_LABEL_PX / 2 {
                HPos::Left
            } else if x1 - x < TICK_LABEL_PX / 2 {
                HPos::Right
            } else {
                HPos::Center
            };
            area.draw_text(&clean(&label), &note(11.0, (h, VPos::Top)), (x, y + 4))?;
        }
        Ok(())
    }

    /// The ordinals and labels of the ticks that fit in `width` pixels.
    fn ticks(&self, width: i32) -> Vec<(i64, String)> {
        let (Some(&(first, lo)), Some(&(_, hi))) = (self.periods.first(), self.periods.last())
        else {
            return Vec::new();
        };
        let room = (width / TICK_LABEL_PX).max(1) as i64;
        let per_year = match first {
            PeriodKey::Year(_) => 1,
            PeriodKey::Quarter(..) => 4,
            PeriodKey::Month(..) => 12,
        };
        let (first_year, last_year) = (lo.div_euclid(per_year), hi.div_euclid(per_year));
        if last_year > first_year {
            let years = last_year - first_year + 1;
            let step = [1, 2, 5, 10, 20, 50, 100]
                .into_iter()
                .find(|s| (years + s - 1) / s <= room)
                .unwrap_or(100);
            return (first_year..=last_year)
                .filter(|y| y % step == 0)
                .map(|y| (y * per_year, format!("{y}")))
                .filter(|(o, _)| (lo..=hi).contains(o))
                .collect();
        }
        // Within one year: every period, or every second, third… that fits.
        let step = ((hi - lo + 1) as f64 / room as f64).ceil().max(1.0) as usize;
        self.periods
            .iter()
            .step_by(step)
            .map(|(p, o)| (*o, p.to_string()))
            .collect()
    }
}

/// Room a tick label needs on the axis, in pixels (`2024-03` at 11 px).
const TICK_LABEL_PX: i32 = 48;

/// The plotting rectangle of a small-multiple panel over a [`TimeAxis`]:
/// y runs from 0 at `bottom` to the top of the scale at `top`.
pub(super) struct TimePlot {
    pub x_range: (i32, i32),
    pub top: i32,
    pub bottom: i32,
}

impl TimePlot {
    /// Pixel y of `fraction` of the scale (clamped to the plot).
    pub fn y(&self, fraction: f64) -> i32 {
        let t = finite(fraction).min(1.0);
        self.bottom - (t * f64::from(self.bottom - self.top)).round() as i32
    }

    /// Gridlines at half and all of the scale, labelled `half` and `full`,
    /// and the time axis along the bottom.
    pub fn draw_frame(
        &self,
        root: &Area,
        axis: &TimeAxis,
        (half, full): (&str, &str),
    ) -> DrawResult {
        for (fraction, label) in [(0.5, half), (1.0, full)] {
            let gy = self.y(fraction);
            root.draw(&PathElement::new(
                vec![(self.x_range.0, gy), (self.x_range.1, gy)],
                GRID.stroke_width(1),
            ))?;
            root.draw_text(
                label,
                &note(10.0, (HPos::Right, VPos::Center)),
                (self.x_range.0 - 8, gy),
            )?;
        }
        axis.draw(root, self.x_range, self.bottom)
    }
}

/// A theme's panel in a small multiple over a [`TimeAxis`]: a title row
/// with the theme's key and name, `under_title` pixels for a line of text,
/// then the plot with the time axis along its bottom.
pub(super) struct TimePanel {
    pub origin: (i32, i32),
    pub width: i32,
    pub height: i32,
    /// Room left of the plot for the y labels.
    pub y_label_w: i32,
    pub under_title: i32,
}

impl TimePanel {
    const TITLE_H: i32 = 26;
    const AXIS_H: i32 = 22;

    /// Panel `index` of `grid`.
    pub fn in_grid(grid: &Grid, index: usize, y_label_w: i32, under_title: i32) -> TimePanel {
        TimePanel {
            origin: grid.origin(index),
            width: grid.panel_w(),
            height: grid.panel_h,
            y_label_w,
            under_title,
        }
    }

    /// The title row: see [`draw_theme_title`].
    pub fn draw_title(&self, root: &Area, style: ThemeStyle, text: (&str, &str)) -> DrawResult {
        let (x, y) = self.origin;
        draw_theme_title(root, (x, y + Self::TITLE_H / 2), self.width, style, text)
    }

    /// Pixel y of the middle of the room under the title.
    pub fn under_title_y(&self) -> i32 {
        self.origin.1 + Self::TITLE_H + self.under_title / 2
    }

    pub fn plot(&self) -> TimePlot {
        let (x, y) = self.origin;
        TimePlot {
            x_range: (x + self.y_label_w, x + self.width - 16),
            top: y + Self::TITLE_H + self.under_title + 6,
            bottom: y + self.height - Self::AXIS_H - 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_placed_on_a_calendar() {
        let axis = TimeAxis::new(
            [(2024, 12), (2021, 12), (2023, 12)].map(|(y, m)| PeriodKey::Month(y, m)),
        );
        let labels: Vec<String> = axis.periods.iter().map(|p| p.0.to_string()).collect();
        assert_eq!(labels, ["2021-12", "2023-12", "2024-12"]);
        // Two years then one: the middle period sits two thirds along.
        assert_eq!(axis.x(axis.periods[1].1, (0, 300)), 200);
    }
}
