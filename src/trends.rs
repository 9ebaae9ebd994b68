//! Aggregation: how themes spread across cities and periods.
//!
//! Input: one `(theme, city, period)` triple per article. Output: a tidy
//! long table of counts and *shares*, where a share is the fraction of the
//! articles in that city (or period) that carry the theme, so a city with
//! many articles does not look more committed to every theme than a small one.
//!
//! One table holds three views, told apart by the `all` marker:
//! - `city = X, period = all`: theme × city;
//! - `city = all, period = P`: theme × period;
//! - `city = all, period = all`: the corpus as a whole.
//!
//! Counts are kept alongside shares so tables from separate runs can be
//! added together and the shares recomputed.
//!
//! Beside the table, [`Diffusion`] records when each city first carried each
//! theme (which city took a theme up first), [`DateCoverage`] how many
//! articles could not be placed in a period and why, and [`wilson_interval`]
//! how far a share measured on few articles can be trusted.

use std::collections::BTreeMap;

use crate::article::PartialDate;

/// Marks a row that covers every city or every period.
pub const ALL: &str = "all";
/// Stands in for a city or period the pages did not reveal.
pub const UNKNOWN: &str = "unknown";

/// Articles a city needs to be named as leading a theme.
pub const MIN_LEADING_ARTICLES: usize = 3;

/// z for a two-sided 95% interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// The calendar unit trends are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The period a date falls in, if it is known precisely enough: a date
    /// known only to the year has no month and is not put in January.
    pub fn of(self, date: &PartialDate) -> Option<String> {
        let year = date.year?;
        match self {
            Period::Year => Some(format!("{year:04}")),
            Period::Quarter => date
                .month
                .map(|m| format!("{year:04}-Q{}", (m - 1) / 3 + 1)),
            Period::Month => date.month.map(|m| format!("{year:04}-{m:02}")),
        }
    }
}

/// One of a theme's leading cities: the share of the city's own articles
/// that carry the theme. Shown as `咸宁 83%`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CityShare {
    pub city: String,
    pub share: f64,
}

impl std::fmt::Display for CityShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:.0}%", self.city, self.share * 100.0)
    }
}

/// One row of `trends.csv`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrendRow {
    pub theme: String,
    pub city: String,
    pub period: String,
    pub articles: usize,
    pub share: f64,
}

/// Theme × city and theme × period counts with shares.
#[derive(Debug, Clone, Default)]
pub struct TrendTable {
    rows: Vec<TrendRow>,
}

/// What the aggregation needs to know of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub theme: String,
    pub city: Option<String>,
    pub period: Option<String>,
    /// The article's date at its own precision (`2024-12-05`, `2024-12`,
    /// `2024`), empty when unknown: it orders cities within a period.
    pub date: String,
}

impl TrendTable {
    /// Count observations into the three views. Rows come out sorted by
    /// theme, then city, then period, so the table is byte-stable.
    pub fn build(observations: &[Observation]) -> TrendTable {
        // (city, period) slice -> theme -> count, on borrowed names: one
        // count per article and view, no string made until the rows.
        let mut cells: BTreeMap<(&str, &str), BTreeMap<&str, usize>> = BTreeMap::new();
        for obs in observations {
            let city = obs.city.as_deref().unwrap_or(UNKNOWN);
            let period = obs.period.as_deref().unwrap_or(UNKNOWN);
            for key in [(city, ALL), (ALL, period), (ALL, ALL)] {
                *cells.entry(key).or_default().entry(&obs.theme).or_default() += 1;
            }
        }
        let mut rows = Vec::new();
        for ((city, period), themes) in &cells {
            let total: usize = themes.values().sum();
            for (theme, &articles) in themes {
                rows.push(TrendRow {
                    theme: theme.to_string(),
                    city: city.to_string(),
                    period: period.to_string(),
                    articles,
                    share: articles as f64 / total as f64,
                });
            }
        }
        rows.sort_by(|a, b| (&a.theme, &a.city, &a.period).cmp(&(&b.theme, &b.city, &b.period)));
        TrendTable { rows }
    }

    pub fn rows(&self) -> &[TrendRow] {
        &self.rows
    }

    /// Theme × city rows (every period together).
    pub fn by_city(&self) -> impl Iterator<Item = &TrendRow> {
        self.rows
            .iter()
            .filter(|r| r.period == ALL && r.city != ALL)
    }

    /// Theme × period rows (every city together).
    pub fn by_period(&self) -> impl Iterator<Item = &TrendRow> {
        self.rows
            .iter()
            .filter(|r| r.city == ALL && r.period != ALL)
    }

    /// Cities ordered by how many articles they hold, largest first (ties by
    /// name), with the unknown city last.
    pub fn cities(&self) -> Vec<(String, usize)> {
        let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
        for r in self.by_city() {
            *totals.entry(&r.city).or_default() += r.articles;
        }
        let mut cities: Vec<(String, usize)> = totals
            .into_iter()
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        cities.sort_by(|a, b| {
            (a.0 == UNKNOWN)
                .cmp(&(b.0 == UNKNOWN))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        cities
    }

    /// [`TrendTable::cities`] without the unknown city.
    pub fn known_cities(&self) -> Vec<(String, usize)> {
        let mut cities = self.cities();
        cities.retain(|(c, _)| c != UNKNOWN);
        cities
    }

    /// Articles whose city the pages did not reveal.
    pub fn unknown_city_articles(&self) -> usize {
        self.by_city()
            .filter(|r| r.city == UNKNOWN)
            .map(|r| r.articles)
            .sum()
    }

    /// Known periods in calendar order (`unknown` last).
    pub fn periods(&self) -> Vec<String> {
        let mut periods: Vec<String> = self.by_period().map(|r| r.period.clone()).collect();
        periods.sort_by(|a, b| (a == UNKNOWN).cmp(&(b == UNKNOWN)).then(a.cmp(b)));
        periods.dedup();
        periods
    }

    /// Share of `city`'s articles carried by `theme` (0 when none).
    pub fn city_share(&self, theme: &str, city: &str) -> f64 {
        self.by_city()
            .find(|r| r.theme == theme && r.city == city)
            .map_or(0.0, |r| r.share)
    }

    /// Articles carrying `theme` in `period` (0 when none).
    pub fn period_articles(&self, theme: &str, period: &str) -> usize {
        self.by_period()
            .find(|r| r.theme == theme && r.period == period)
            .map_or(0, |r| r.articles)
    }

    /// Articles in `period`, every theme together.
    pub fn period_total(&self, period: &str) -> usize {
        self.by_period()
            .filter(|r| r.period == period)
            .map(|r| r.articles)
            .sum()
    }

    /// The known cities where `theme` takes the largest share of the city's
    /// articles, strongest first. Cities are ranked by the lower end of the
    /// share's [`wilson_interval`], so 3 of 3 articles (somewhere above 44%)
    /// does not outrank 90 of 150 (above 52%); ties go to the city with more
    /// articles.
    /// Cities with fewer than [`MIN_LEADING_ARTICLES`] articles in all are
    /// left out when any city has that many, so one stray article does not
    /// make a city lead at 100%.
    pub fn leading_cities(&self, theme: &str, n: usize) -> Vec<CityShare> {
        let sizes: BTreeMap<String, usize> = self.cities().into_iter().collect();
        let floor = if sizes.values().any(|&s| s >= MIN_LEADING_ARTICLES) {
            MIN_LEADING_ARTICLES
        } else {
            0
        };
        let mut rows: Vec<&TrendRow> = self
            .by_city()
            .filter(|r| r.theme == theme && r.city != UNKNOWN && sizes[&r.city] >= floor)
            .collect();
        let lower = |r: &TrendRow| wilson_interval(r.articles, sizes[&r.city]).0;
        rows.sort_by(|a, b| {
            lower(b)
                .total_cmp(&lower(a))
                .then(b.articles.cmp(&a.articles))
                .then(a.city.cmp(&b.city))
        });
        rows.into_iter()
            .take(n)
            .map(|r| CityShare {
                city: r.city.clone(),
                share: r.share,
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

/// One row of `diffusion.csv`: when a city first carried a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstSeen {
    pub theme: String,
    pub city: String,
    /// The first period with an article of the theme from the city.
    pub first_period: String,
    /// The earliest date among that period's articles, at its own precision.
    pub first_date: String,
    /// The city's articles in the theme that have a period.
    pub articles: usize,
    /// 1 for the first city to carry the theme, 2 for the next…
    pub order: usize,
    /// Cities that had carried the theme by the end of `first_period`.
    pub cities_by_then: usize,
}

/// First-seen periods per theme × known city, in adoption order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diffusion {
    rows: Vec<FirstSeen>,
}

impl Diffusion {
    /// Articles with an unknown city or period are left out: they cannot say
    /// who carried a theme first. Rows are sorted by theme, then adoption
    /// order (period, first date, city name), so output is byte-stable.
    pub fn build(observations: &[Observation]) -> Diffusion {
        // theme -> city -> (first period, first date in it, articles)
        let mut firsts: BTreeMap<&str, BTreeMap<&str, (&str, &str, usize)>> = BTreeMap::new();
        for obs in observations {
            let (Some(city), Some(period)) = (&obs.city, &obs.period) else {
                continue;
            };
            let entry = firsts
                .entry(&obs.theme)
                .or_default()
                .entry(city)
                .or_insert((period, &obs.date, 0));
            entry.2 += 1;
            if (period.as_str(), obs.date.as_str()) < (entry.0, entry.1) {
                (entry.0, entry.1) = (period, &obs.date);
            }
        }
        let mut rows = Vec::new();
        for (theme, cities) in firsts {
            let mut adopted: Vec<(&str, (&str, &str, usize))> = cities.into_iter().collect();
            adopted.sort_by(|a, b| (a.1.0, a.1.1, a.0).cmp(&(b.1.0, b.1.1, b.0)));
            for (i, &(city, (period, date, articles))) in adopted.iter().enumerate() {
                rows.push(FirstSeen {
                    theme: theme.to_string(),
                    city: city.to_string(),
                    first_period: period.to_string(),
                    first_date: date.to_string(),
                    articles,
                    order: i + 1,
                    cities_by_then: adopted.iter().filter(|a| a.1.0 <= period).count(),
                });
            }
        }
        Diffusion { rows }
    }

    pub fn rows(&self) -> &[FirstSeen] {
        &self.rows
    }

    /// The cities that took up `theme`, first adopter first.
    pub fn of_theme<'a>(&'a self, theme: &'a str) -> impl Iterator<Item = &'a FirstSeen> {
        self.rows.iter().filter(move |r| r.theme == theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::date::parse_date;

    #[test]
    fn periods_never_smear_a_year_into_january() {
        let year_only = parse_date("2024").unwrap();
        let day = parse_date("2024-11-05").unwrap();
        assert_eq!(Period::Month.of(&year_only), None);
        assert_eq!(Period::Year.of(&year_only).as_deref(), Some("2024"));
        assert_eq!(Period::Month.of(&day).as_deref(), Some("2024-11"));
        assert_eq!(Period::Quarter.of(&day).as_deref(), Some("2024-Q4"));
        assert_eq!(Period::Month.of(&PartialDate::UNKNOWN), None);
    }

    fn obs(theme: &str, city: Option<&str>, period: Option<&str>) -> Observation {
        Observation {
            theme: theme.into(),
            city: city.map(Into::into),
            period: period.map(Into::into),
            date: period.unwrap_or_default().into(),
        }
    }

    fn dated(theme: &str, city: &str, period: &str, date: &str) -> Observation {
        Observation {
            theme: theme.into(),
            city: Some(city.into()),
            period: Some(period.into()),
            date: date.into(),
        }
    }

    #[test]
    fn diffusion_orders_cities_by_when_they_first_carried_a_theme() {
        let diffusion = Diffusion::build(&[
            dated("eco", "常州", "2024-03", "2024-03-20"),
            dated("eco", "咸宁", "2024-05", "2024-05-01"),
            dated("eco", "咸宁", "2024-01", "2024-01-09"),
            dated("eco", "淮安", "2024-03", "2024-03-02"),
            dated("eco", "常州", "2024-03", "2024-03-01"),
            // No city or no period: cannot tell who was first.
            obs("eco", None, Some("2023-01")),
            obs("eco", Some("十堰"), None),
            dated("rural", "十堰", "2024-02", "2024-02"),
        ]);
        let eco: Vec<(&str, &str, &str, usize, usize, usize)> = diffusion
            .of_theme("eco")
            .map(|r| {
                (
                    r.city.as_str(),
                    r.first_period.as_str(),
                    r.first_date.as_str(),
                    r.articles,
                    r.order,
                    r.cities_by_then,
                )
            })
            .collect();
        assert_eq!(
            eco,
            [
                ("咸宁", "2024-01", "2024-01-09", 2, 1, 1),
                ("常州", "2024-03", "2024-03-01", 2, 2, 3),
                ("淮安", "2024-03", "2024-03-02", 1, 3, 3),
            ]
        );
        assert_eq!(diffusion.of_theme("rural").count(), 1);
        assert_eq!(diffusion.rows().len(), 4);
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
    fn date_coverage_tells_coarse_dates_from_missing_ones() {
        let coverage = DateCoverage::count(&[
            obs("a", None, Some("2024-01")),
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
        let table = TrendTable::build(&[
            obs("ecology", Some("咸宁"), Some("2024-12")),
            obs("projects", Some("咸宁"), Some("2024-12")),
            obs("projects", Some("咸宁"), Some("2024-11")),
            obs("projects", Some("常州"), None),
            obs("ecology", None, Some("2024-11")),
        ]);
        let mut sums: BTreeMap<(String, String), f64> = BTreeMap::new();
        for r in table.rows() {
            *sums.entry((r.city.clone(), r.period.clone())).or_default() += r.share;
        }
        for (slice, sum) in sums {
            assert!((sum - 1.0).abs() < 1e-12, "{slice:?} sums to {sum}");
        }
        assert!((table.city_share("projects", "咸宁") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(table.city_share("projects", UNKNOWN), 0.0);
        let period_share = |theme, period| {
            table
                .by_period()
                .find(|r| r.theme == theme && r.period == period)
                .map_or(0.0, |r| r.share)
        };
        assert_eq!(period_share("ecology", "2024-11"), 0.5);
        assert_eq!(period_share("projects", UNKNOWN), 1.0);
        assert_eq!(table.period_total("2024-11"), 2);
        assert_eq!(table.period_articles("projects", "2024-12"), 1);
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
        assert_eq!(leading, ["小城 100%", "大城 10%"]);
        assert_eq!(table.cities()[0], ("大城".to_string(), 10));
        assert_eq!(table.cities()[3], (UNKNOWN.to_string(), 20));
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
    fn periods_sort_in_calendar_order_with_unknown_last() {
        let table = TrendTable::build(&[
            obs("a", None, None),
            obs("a", None, Some("2024-02")),
            obs("a", None, Some("2023-12")),
        ]);
        assert_eq!(table.periods(), vec!["2023-12", "2024-02", UNKNOWN]);
    }
}
