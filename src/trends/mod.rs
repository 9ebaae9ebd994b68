//! Aggregation: how themes spread across cities and periods.
//!
//! Input: one `(theme, city, period)` triple per article. Output: counts
//! and *shares*, where a share is the fraction of the articles in that city
//! (or period) that carry the theme, so a city with many articles does not
//! look more committed to every theme than a small one.
//!
//! The [`TrendTable`] holds four views, each with its own row type:
//! theme × city ([`CityRow`]), theme × period ([`PeriodRow`]), the corpus
//! as a whole ([`ThemeRow`]) and theme × city × period ([`PanelRow`]), of
//! which the first two are margins. A city or period the pages did not reveal is
//! `None`; how that and "every city / every period" are written is up to
//! the writers (`trends.csv` says `unknown` and `all`).
//!
//! Counts are kept alongside shares so tables from separate runs can be
//! added together and the shares recomputed.
//!
//! Beside the table, [`Diffusion`] records when each city first carried each
//! theme (which city took a theme up first), [`DateCoverage`] how many
//! articles could not be placed in a period and why, and [`wilson_interval`]
//! how far a share measured on few articles can be trusted.

mod adoption;
mod diffusion;
mod period;

use std::collections::BTreeMap;

pub use adoption::{Adoption, AtRisk, CityWindow};
pub use diffusion::{Diffusion, FirstSeen};
pub use period::{AUTO_RULE, ENOUGH_ARTICLES, GIVEN_PERIOD, Period, PeriodKey};

/// Articles a city needs to be named as leading a theme.
pub const MIN_LEADING_ARTICLES: usize = 3;

/// z for a two-sided 95% interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// One of a theme's leading cities: the share of the city's own articles
/// that carry the theme, and the counts it rests on. Shown as
/// `常州 20% (1/5)`: leading cities are ranked by the lower Wilson bound,
/// so a share on few articles may sit below a smaller one on many, and the
/// counts show why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CityShare {
    pub city: String,
    pub share: f64,
    /// The city's articles in the theme.
    pub articles: usize,
    /// The city's articles, every theme together.
    pub city_articles: usize,
}

impl std::fmt::Display for CityShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:.0}% ({}/{})",
            self.city,
            self.share * 100.0,
            self.articles,
            self.city_articles
        )
    }
}

/// How leading cities are ranked, as the report and summary say it.
pub const LEADING_CITIES_RANKING: &str = "ranked by the lower bound of the 95% Wilson interval of the share of the city's articles, so few articles do not lead on luck; share (theme articles/city articles)";

/// The articles carrying `theme` in one slice of the corpus (a city, a
/// period, or all of it), and their share of the slice's articles.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow<S> {
    pub theme: String,
    pub slice: S,
    pub articles: usize,
    /// Articles in the slice, every theme together: the share's denominator.
    pub slice_articles: usize,
    pub share: f64,
}

impl<S> TrendRow<S> {
    /// The share's 95% [`wilson_interval`], the band the time chart draws.
    pub fn interval(&self) -> (f64, f64) {
        wilson_interval(self.articles, self.slice_articles)
    }
}

/// Theme × city, every period together; `None` is the unknown city.
pub type CityRow = TrendRow<Option<String>>;
/// Theme × period, every city together; `None` is the unknown period.
pub type PeriodRow = TrendRow<Option<PeriodKey>>;
/// Theme in the whole corpus.
pub type ThemeRow = TrendRow<()>;
/// Theme × city × period: the share of the city's articles in the period.
pub type PanelRow = TrendRow<(Option<String>, Option<PeriodKey>)>;

/// Theme × city and theme × period counts with shares, and the joint
/// theme × city × period panel whose margins they are.
#[derive(Debug, Clone, Default)]
pub struct TrendTable {
    by_city: Vec<CityRow>,
    by_period: Vec<PeriodRow>,
    overall: Vec<ThemeRow>,
    panel: Vec<PanelRow>,
}

/// Which themes a view writes for each slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Only the themes the slice carries.
    Sparse,
    /// Every theme of the corpus, 0 where the slice has none: a panel
    /// model needs the zeros, and a slice with articles but none in a theme
    /// says something a missing row does not.
    Dense,
}

/// What the aggregation needs to know of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub theme: String,
    pub city: Option<String>,
    pub period: Option<PeriodKey>,
    /// The article's date at its own precision (`2024-12-05`, `2024-12`,
    /// `2024`), empty when unknown: it orders cities within a period.
    pub date: String,
}

/// Counts `observations` into the slices `key` puts them in. Counting runs
/// on borrowed keys and names, one count per article, and `own` makes a
/// slice's owned key once per row. Rows come out by slice, then theme.
fn view<'a, K: Ord + Copy, S>(
    observations: &'a [Observation],
    key: impl Fn(&'a Observation) -> K,
    own: impl Fn(K) -> S,
    fill: Fill,
) -> Vec<TrendRow<S>> {
    let mut cells: BTreeMap<K, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut every_theme: BTreeMap<&str, usize> = BTreeMap::new();
    for obs in observations {
        *cells
            .entry(key(obs))
            .or_default()
            .entry(&obs.theme)
            .or_default() += 1;
        every_theme.entry(&obs.theme).or_default();
    }
    let mut rows = Vec::new();
    for (&slice, themes) in &mut cells {
        let total: usize = themes.values().sum();
        if fill == Fill::Dense {
            for &theme in every_theme.keys() {
                themes.entry(theme).or_default();
            }
        }
        for (theme, &articles) in &*themes {
            rows.push(TrendRow {
                theme: theme.to_string(),
                slice: own(slice),
                articles,
                slice_articles: total,
                share: articles as f64 / total as f64,
            });
        }
    }
    rows
}

impl TrendTable {
    /// Count observations into the three views, each ordered by slice
    /// (unknown first), then theme.
    pub fn build(observations: &[Observation]) -> TrendTable {
        TrendTable {
            by_city: view(
                observations,
                |o| o.city.as_deref(),
                |c| c.map(str::to_string),
                Fill::Sparse,
            ),
            by_period: view(observations, |o| o.period, |p| p, Fill::Sparse),
            overall: view(observations, |_| (), |()| (), Fill::Sparse),
            panel: view(
                observations,
                |o| (o.city.as_deref(), o.period),
                |(c, p)| (c.map(str::to_string), p),
                Fill::Dense,
            ),
        }
    }

    /// Theme × city × period rows, every theme of the corpus for each city
    /// and period with articles (0 where it carries none), by city, period
    /// and theme; the unknown city or period is `None`. Summed over periods
    /// they give [`Self::by_city`], over cities [`Self::by_period`].
    pub fn panel(&self) -> &[PanelRow] {
        &self.panel
    }

    /// Theme × city rows (every period together).
    pub fn by_city(&self) -> &[CityRow] {
        &self.by_city
    }

    /// Theme × period rows (every city together).
    pub fn by_period(&self) -> &[PeriodRow] {
        &self.by_period
    }

    /// Theme rows over the whole corpus.
    pub fn overall(&self) -> &[ThemeRow] {
        &self.overall
    }

    /// Cities ordered by how many articles they hold, largest first (ties by
    /// name), with the unknown city last.
    fn cities(&self) -> Vec<(Option<&str>, usize)> {
        let mut totals: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for r in &self.by_city {
            *totals.entry(r.slice.as_deref()).or_default() += r.articles;
        }
        let mut cities: Vec<(Option<&str>, usize)> = totals.into_iter().collect();
        cities.sort_by(|a, b| {
            a.0.is_none()
                .cmp(&b.0.is_none())
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        cities
    }

    /// The known cities, largest first (ties by name), with their articles.
    pub fn known_cities(&self) -> Vec<(String, usize)> {
        self.cities()
            .into_iter()
            .filter_map(|(c, n)| Some((c?.to_string(), n)))
            .collect()
    }

    /// Articles whose city the pages did not reveal.
    pub fn unknown_city_articles(&self) -> usize {
        self.by_city
            .iter()
            .filter(|r| r.slice.is_none())
            .map(|r| r.articles)
            .sum()
    }

    /// Known periods in calendar order.
    pub fn known_periods(&self) -> Vec<PeriodKey> {
        let mut periods: Vec<PeriodKey> = self.by_period.iter().filter_map(|r| r.slice).collect();
        periods.sort();
        periods.dedup();
        periods
    }

    /// Share of `city`'s articles carried by `theme` (0 when none); `None`
    /// is the unknown city.
    pub fn city_share(&self, theme: &str, city: Option<&str>) -> f64 {
        self.by_city
            .iter()
            .find(|r| r.theme == theme && r.slice.as_deref() == city)
            .map_or(0.0, |r| r.share)
    }

    /// Articles carrying `theme` in `period` (0 when none).
    pub fn period_articles(&self, theme: &str, period: PeriodKey) -> usize {
        self.by_period
            .iter()
            .find(|r| r.theme == theme && r.slice == Some(period))
            .map_or(0, |r| r.articles)
    }

    /// Articles in `period`, every theme together.
    pub fn period_total(&self, period: PeriodKey) -> usize {
        self.by_period
            .iter()
            .filter(|r| r.slice == Some(period))
            .map(|r| r.articles)
            .sum()
    }

    /// The known cities where `theme` takes the largest share of the city's
    /// articles, strongest first. Cities are ranked by the lower end of the
    /// share's [`wilson_interval`], so 3 of 3 articles (somewhere above 44%)
    /// does not outrank 90 of 150 (above 52%); ties go to the city with more
    /// articles.
    /// Cities with fewer than [`MIN_LEADING_ARTICLES`] articles in all are
    /// left out when any city (the unknown one too) has that many, so one
    /// stray article does not make a city lead at 100%.
    pub fn leading_cities(&self, theme: &str, n: usize) -> Vec<CityShare> {
        let sizes: BTreeMap<Option<&str>, usize> = self.cities().into_iter().collect();
        let floor = if sizes.values().any(|&s| s >= MIN_LEADING_ARTICLES) {
            MIN_LEADING_ARTICLES
        } else {
            0
        };
        let size = |city: &str| sizes.get(&Some(city)).copied().unwrap_or(0);
        let mut rows: Vec<(&str, &CityRow)> = self
            .by_city
            .iter()
            .filter(|r| r.theme == theme)
            .filter_map(|r| Some((r.slice.as_deref()?, r)))
            .filter(|&(city, _)| size(city) >= floor)
            .collect();
        let lower = |(_, r): &(&str, &CityRow)| r.interval().0;
        rows.sort_by(|a, b| {
            lower(b)
                .total_cmp(&lower(a))
                .then(b.1.articles.cmp(&a.1.articles))
                .then(a.0.cmp(b.0))
        });
        rows.into_iter()
            .take(n)
            .map(|(city, r)| CityShare {
                city: city.to_string(),
                share: r.share,
                articles: r.articles,
                city_articles: r.slice_articles,
            })
            .collect()
    }
}

/// 95% Wilson score interval for a share of `hits` among `n` articles: unlike
/// `p ± 1.96·se` it stays inside 0..=1 and stays wide when `n` is small, so
/// a period of three articles cannot pass for a spike. `(0, 1)` when `n` is 0.
pub fn wilson_interval(hits: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p) = (n as f64, hits.min(n) as f64 / n as f64);
    let z2 = Z_95 * Z_95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z_95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// How many articles the theme × period view could place, and why the rest
/// could not: a chart over months must say how many articles it leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DateCoverage {
    /// Articles dated precisely enough for the period unit.
    pub placed: usize,
    /// Articles with a date coarser than the period unit (a year, when
    /// trends are by month or quarter): never put in January.
    pub too_coarse: usize,
    /// Articles with no date at all.
    pub undated: usize,
}

impl DateCoverage {
    pub fn count(observations: &[Observation]) -> DateCoverage {
        let mut coverage = DateCoverage::default();
        for obs in observations {
            match (&obs.period, obs.date.is_empty()) {
                (Some(_), _) => coverage.placed += 1,
                (None, true) => coverage.undated += 1,
                (None, false) => coverage.too_coarse += 1,
            }
        }
        coverage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(period: Option<(i32, u32)>) -> Option<PeriodKey> {
        period.map(|(y, m)| PeriodKey::Month(y, m))
    }

    /// Two themes in two cities and two months, with an unknown city and
    /// an unknown period among them.
    fn two_cities() -> Vec<Observation> {
        vec![
            obs("ecology", Some("咸宁"), Some((2024, 12))),
            obs("projects", Some("咸宁"), Some((2024, 12))),
            obs("projects", Some("咸宁"), Some((2024, 11))),
            obs("projects", Some("常州"), None),
            obs("ecology", None, Some((2024, 11))),
        ]
    }

    fn obs(theme: &str, city: Option<&str>, period: Option<(i32, u32)>) -> Observation {
        let period = month(period);
        Observation {
            theme: theme.into(),
            city: city.map(Into::into),
            period,
            date: period.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    #[test]
    fn wilson_interval_is_wide_for_few_articles_and_narrow_for_many() {
        let (lo, hi) = wilson_interval(1, 2);
        assert!(lo < 0.1 && hi > 0.9, "({lo}, {hi})");
        let (lo, hi) = wilson_interval(500, 1000);
        assert!((lo - 0.469).abs() < 1e-3 && (hi - 0.531).abs() < 1e-3);
        // Known value: 0 of 10 gives (0, 0.2775).
        let (lo, hi) = wilson_interval(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 1e-3, "{hi}");
        assert_eq!(wilson_interval(3, 3).1, 1.0);
        assert_eq!(wilson_interval(0, 0), (0.0, 1.0));
    }

    #[test]
    fn every_row_carries_the_wilson_bounds_of_its_share() {
        // 3 of 10 by hand: p = 0.3, z² = 3.8415, denominator 1.38415,
        // centre (0.3 + 0.19207) / 1.38415 = 0.35550, half-width
        // 1.96 · sqrt(0.021 + 0.0096036) / 1.38415 = 0.24772.
        let mut all = vec![obs("a", Some("常州"), Some((2024, 1))); 3];
        all.extend(vec![obs("b", Some("常州"), Some((2024, 1))); 7]);
        let table = TrendTable::build(&all);
        let row = table.by_city().iter().find(|r| r.theme == "a").unwrap();
        assert_eq!((row.articles, row.slice_articles), (3, 10));
        let (lo, hi) = row.interval();
        assert!((lo - 0.10779).abs() < 1e-4, "{lo}");
        assert!((hi - 0.60322).abs() < 1e-4, "{hi}");
        assert_eq!(table.by_period()[0].interval(), (lo, hi));
        assert_eq!(table.overall()[0].interval(), wilson_interval(3, 10));
    }

    #[test]
    fn the_panel_adds_up_to_the_city_and_period_rows() {
        let mut all = two_cities();
        all.push(obs("ecology", Some("常州"), Some((2024, 11))));
        let table = TrendTable::build(&all);
        let mut by_city: BTreeMap<(&str, Option<&str>), usize> = BTreeMap::new();
        let mut by_period: BTreeMap<(&str, Option<PeriodKey>), usize> = BTreeMap::new();
        for r in table.panel() {
            *by_city.entry((&r.theme, r.slice.0.as_deref())).or_default() += r.articles;
            *by_period.entry((&r.theme, r.slice.1)).or_default() += r.articles;
        }
        // Panel zeros aside, every margin is a row of the marginal views.
        by_city.retain(|_, n| *n > 0);
        by_period.retain(|_, n| *n > 0);
        let city_rows: BTreeMap<_, _> = table
            .by_city()
            .iter()
            .map(|r| ((r.theme.as_str(), r.slice.as_deref()), r.articles))
            .collect();
        let period_rows: BTreeMap<_, _> = table
            .by_period()
            .iter()
            .map(|r| ((r.theme.as_str(), r.slice), r.articles))
            .collect();
        assert_eq!(by_city, city_rows);
        assert_eq!(by_period, period_rows);
        // 咸宁 in 2024-11: one article, projects; ecology is there as 0 of 1.
        let cell: Vec<(&str, usize, usize)> = table
            .panel()
            .iter()
            .filter(|r| r.slice == (Some("咸宁".into()), Some(PeriodKey::Month(2024, 11))))
            .map(|r| (r.theme.as_str(), r.articles, r.slice_articles))
            .collect();
        assert_eq!(cell, [("ecology", 0, 1), ("projects", 1, 1)]);
    }

    #[test]
    fn date_coverage_tells_coarse_dates_from_missing_ones() {
        let coverage = DateCoverage::count(&[
            obs("a", None, Some((2024, 1))),
            Observation {
                theme: "a".into(),
                city: None,
                period: None,
                date: "2024".into(),
            },
            obs("a", None, None),
            obs("a", None, None),
        ]);
        assert_eq!(
            coverage,
            DateCoverage {
                placed: 1,
                too_coarse: 1,
                undated: 2
            }
        );
    }

    #[test]
    fn shares_in_each_city_and_period_sum_to_one() {
        let table = TrendTable::build(&two_cities());
        fn sums<S: Ord + Clone + std::fmt::Debug>(rows: &[TrendRow<S>]) {
            let mut sums: BTreeMap<S, f64> = BTreeMap::new();
            for r in rows {
                *sums.entry(r.slice.clone()).or_default() += r.share;
            }
            for (slice, sum) in sums {
                assert!((sum - 1.0).abs() < 1e-12, "{slice:?} sums to {sum}");
            }
        }
        sums(table.by_city());
        sums(table.by_period());
        sums(table.overall());
        assert!((table.city_share("projects", Some("咸宁")) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(table.city_share("projects", None), 0.0);
        let period_share = |theme, period| {
            table
                .by_period()
                .iter()
                .find(|r| r.theme == theme && r.slice == month(period))
                .map_or(0.0, |r| r.share)
        };
        assert_eq!(period_share("ecology", Some((2024, 11))), 0.5);
        assert_eq!(period_share("projects", None), 1.0);
        assert_eq!(table.period_total(PeriodKey::Month(2024, 11)), 2);
        assert_eq!(
            table.period_articles("projects", PeriodKey::Month(2024, 12)),
            1
        );
    }

    #[test]
    fn shares_are_normalised_by_city_size_not_raw_counts() {
        // A big city with many ecology articles and a small one with three
        // projects articles: projects is 100% of the small city's output.
        let mut all = vec![obs("projects", Some("小城"), None); 3];
        all.push(obs("projects", Some("孤城"), None));
        for _ in 0..9 {
            all.push(obs("ecology", Some("大城"), None));
        }
        all.push(obs("projects", Some("大城"), None));
        all.extend(vec![obs("projects", None, None); 20]);
        let table = TrendTable::build(&all);
        // 孤城 has one article: it does not lead at 100%. The unknown city,
        // though the largest, leads nothing and is not a known city.
        let leading: Vec<String> = table
            .leading_cities("projects", 3)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(leading, ["小城 100% (3/3)", "大城 10% (1/10)"]);
        assert_eq!(table.cities()[0], (Some("大城"), 10));
        assert_eq!(table.cities()[3], (None, 20));
        assert_eq!(
            table.known_cities(),
            [
                ("大城".to_string(), 10),
                ("小城".into(), 3),
                ("孤城".into(), 1)
            ]
        );
        assert_eq!(table.unknown_city_articles(), 20);
    }

    #[test]
    fn a_small_city_at_100_percent_does_not_outrank_a_large_committed_one() {
        let mut all = vec![obs("projects", Some("小城"), None); 3];
        for i in 0..150 {
            let theme = if i < 90 { "projects" } else { "ecology" };
            all.push(obs(theme, Some("大城"), None));
        }
        let table = TrendTable::build(&all);
        let leading: Vec<String> = table
            .leading_cities("projects", 2)
            .into_iter()
            .map(|c| c.city)
            .collect();
        assert_eq!(leading, ["大城", "小城"]);
    }

    #[test]
    fn known_periods_sort_in_calendar_order() {
        let table = TrendTable::build(&[
            obs("a", None, None),
            obs("a", None, Some((2024, 2))),
            obs("a", None, Some((2023, 12))),
        ]);
        assert_eq!(
            table.known_periods(),
            [PeriodKey::Month(2023, 12), PeriodKey::Month(2024, 2)]
        );
    }
}
