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

use std::collections::BTreeMap;

/// Marks a row that covers every city or every period.
pub const ALL: &str = "all";
/// Stands in for a city or period the pages did not reveal.
pub const UNKNOWN: &str = "unknown";

/// Articles a city needs to be named as leading a theme.
pub const MIN_LEADING_ARTICLES: usize = 3;

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
}

impl TrendTable {
    /// Count observations into the three views. Rows come out sorted by
    /// theme, then city, then period, so the table is byte-stable.
    pub fn build(observations: &[Observation]) -> TrendTable {
        // (city, period) slice -> theme -> count
        let mut cells: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
        for obs in observations {
            let city = obs.city.clone().unwrap_or_else(|| UNKNOWN.to_string());
            let period = obs.period.clone().unwrap_or_else(|| UNKNOWN.to_string());
            for key in [
                (city.clone(), ALL.to_string()),
                (ALL.to_string(), period),
                (ALL.to_string(), ALL.to_string()),
            ] {
                *cells
                    .entry(key)
                    .or_default()
                    .entry(obs.theme.clone())
                    .or_default() += 1;
            }
        }
        let mut rows = Vec::new();
        for ((city, period), themes) in &cells {
            let total: usize = themes.values().sum();
            for (theme, &articles) in themes {
                rows.push(TrendRow {
                    theme: theme.clone(),
                    city: city.clone(),
                    period: period.clone(),
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

    /// Share of `period`'s articles carried by `theme` (0 when none).
    pub fn period_share(&self, theme: &str, period: &str) -> f64 {
        self.by_period()
            .find(|r| r.theme == theme && r.period == period)
            .map_or(0.0, |r| r.share)
    }

    /// The known cities where `theme` takes the largest share of the city's
    /// articles, strongest first; ties go to the city with more articles.
    /// Cities with fewer than [`MIN_LEADING_ARTICLES`] articles in all are
    /// left out when any city has that many, so one stray article does not
    /// make a city lead at 100%.
    pub fn leading_cities(&self, theme: &str, n: usize) -> Vec<(String, f64)> {
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
        rows.sort_by(|a, b| {
            b.share
                .total_cmp(&a.share)
                .then(b.articles.cmp(&a.articles))
                .then(a.city.cmp(&b.city))
        });
        rows.into_iter()
            .take(n)
            .map(|r| (r.city.clone(), r.share))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(theme: &str, city: Option<&str>, period: Option<&str>) -> Observation {
        Observation {
            theme: theme.into(),
            city: city.map(Into::into),
            period: period.map(Into::into),
        }
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
        assert_eq!(table.period_share("ecology", "2024-11"), 0.5);
        assert_eq!(table.period_share("projects", UNKNOWN), 1.0);
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
        let table = TrendTable::build(&all);
        // 孤城 has one article: it does not lead at 100%.
        assert_eq!(
            table.leading_cities("projects", 3),
            vec![("小城".to_string(), 1.0), ("大城".to_string(), 0.1)]
        );
        assert_eq!(table.cities()[0], ("大城".to_string(), 10));
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
