//! Adoption data in the shapes diffusion studies use: an event-history
//! panel (city × theme × period while the city is at risk) and cascades
//! (when each city adopted each theme) with the list of every city and the
//! window in which the collection observes it.
//!
//! A city *adopts* a theme in the first period in which it has at least
//! `adopt_min` articles of the theme. It is observed from its first to its
//! last dated article; a city that never adopts is right-censored at its
//! last period. A city whose first article falls in the corpus's first
//! period is *left-censored*: the collection may start after it took a
//! theme up, so "first" means first in this collection.

use std::collections::{BTreeMap, BTreeSet};

use super::{Observation, PeriodKey};

/// One known city and the periods the collection sees it in.
#[derive(Debug, Clone, PartialEq)]
pub struct CityWindow {
    pub city: String,
    /// First and last period with a dated article from the city; `None`
    /// when none of its articles has a period.
    pub window: Option<(PeriodKey, PeriodKey)>,
    /// The city's articles, dated or not.
    pub articles: usize,
    /// The city's first article falls in the corpus's first period.
    pub left_censored: bool,
}

/// One row of the event-history panel: a city at risk of adopting a theme
/// in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    pub theme: String,
    pub city: String,
    pub period: PeriodKey,
    /// Periods since the corpus's first (see [`Adoption::index`]).
    pub index: i64,
    /// The city adopts the theme in this period; its last row for the theme.
    pub adopted: bool,
    /// The city's articles of the theme in the period.
    pub articles: usize,
    /// The city's articles in the period, every theme together.
    pub city_articles: usize,
}

/// The adoption panel, the cascades and the cities, for one adoption rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adoption {
    first_period: Option<PeriodKey>,
    cities: Vec<CityWindow>,
    panel: Vec<AtRisk>,
}

impl Adoption {
    /// Builds every view from one row per article. Articles with no known
    /// city take no part; a city's articles with no period count towards
    /// its total only. Rows are ordered by theme, city and period, so
    /// output is byte-stable.
    pub fn build(observations: &[Observation], adopt_min: usize) -> Adoption {
        let adopt_min = adopt_min.max(1);
        // The corpus's periods: the panel's clock, gaps and all.
        let periods: BTreeSet<PeriodKey> = observations.iter().filter_map(|o| o.period).collect();
        let first_period = periods.first().copied();
        let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
        // city -> period -> theme -> articles
        let mut cells: BTreeMap<&str, BTreeMap<PeriodKey, BTreeMap<&str, usize>>> = BTreeMap::new();
        let mut themes: BTreeSet<&str> = BTreeSet::new();
        for obs in observations {
            let Some(city) = obs.city.as_deref() else {
                continue;
            };
            *totals.entry(city).or_default() += 1;
            let by_period = cells.entry(city).or_default();
            if let Some(period) = obs.period {
                *by_period
                    .entry(period)
                    .or_default()
                    .entry(&obs.theme)
                    .or_default() += 1;
                themes.insert(&obs.theme);
            }
        }
        let index = |p: PeriodKey| periods_since(first_period, p);
        let cities: Vec<CityWindow> = totals
            .iter()
            .map(|(&city, &articles)| {
                let dated = &cells[city];
                let window = dated
                    .first_key_value()
                    .zip(dated.last_key_value())
                    .map(|((&first, _), (&last, _))| (first, last));
                CityWindow {
                    city: city.to_string(),
                    window,
                    articles,
                    left_censored: window.is_some_and(|(first, _)| Some(first) == first_period),
                }
            })
            .collect();
        let mut panel = Vec::new();
        for &theme in &themes {
            for window in &cities {
                let Some((first, last)) = window.window else {
                    continue;
                };
                let dated = &cells[window.city.as_str()];
                for &period in periods.range(first..=last) {
                    let cell = dated.get(&period);
                    let articles = cell.and_then(|c| c.get(theme)).copied().unwrap_or(0);
                    let adopted = articles >= adopt_min;
                    panel.push(AtRisk {
                        theme: theme.to_string(),
                        city: window.city.clone(),
                        period,
                        index: index(period),
                        adopted,
                        articles,
                        city_articles: cell.map_or(0, |c| c.values().sum()),
                    });
                    if adopted {
                        break;
                    }
                }
            }
        }
        Adoption {
            first_period,
            cities,
            panel,
        }
    }

    /// A period as a number: periods since the corpus's first, in the
    /// period's unit, so a gap of quiet months stays a gap.
    pub fn index(&self, period: PeriodKey) -> i64 {
        periods_since(self.first_period, period)
    }

    /// Every known city, by name.
    pub fn cities(&self) -> &[CityWindow] {
        &self.cities
    }

    /// City × theme × period rows while the city is at risk.
    pub fn panel(&self) -> &[AtRisk] {
        &self.panel
    }

    /// Adoptions by theme, then city: the panel's rows where a city took a
    /// theme up, each its last row for the theme.
    pub fn cascades(&self) -> impl Iterator<Item = &AtRisk> {
        self.panel.iter().filter(|r| r.adopted)
    }
}

/// `period` counted in its unit from `first` (0 with no first period).
fn periods_since(first: Option<PeriodKey>, period: PeriodKey) -> i64 {
    first.map_or(0, |f| period.ordinal() - f.ordinal())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(theme: &str, city: Option<&str>, month: Option<u32>) -> Observation {
        let period = month.map(|m| PeriodKey::Month(2024, m));
        Observation {
            theme: theme.into(),
            city: city.map(Into::into),
            period,
            date: period.map(|p| p.to_string()).unwrap_or_default(),
        }
    }

    /// (theme, city, month, adopted, articles, city_articles) of each row.
    fn rows(adoption: &Adoption) -> Vec<(&str, &str, String, bool, usize, usize)> {
        adoption
            .panel()
            .iter()
            .map(|r| {
                (
                    r.theme.as_str(),
                    r.city.as_str(),
                    r.period.to_string(),
                    r.adopted,
                    r.articles,
                    r.city_articles,
                )
            })
            .collect()
    }

    fn corpus() -> Vec<Observation> {
        vec![
            // 咸宁 from January: eco in March, twice; nothing in February.
            obs("rural", Some("咸宁"), Some(1)),
            obs("eco", Some("咸宁"), Some(3)),
            obs("eco", Some("咸宁"), Some(3)),
            obs("eco", Some("咸宁"), Some(4)),
            obs("rural", Some("咸宁"), Some(5)),
            // 常州 from February: eco once in February, never rural.
            obs("eco", Some("常州"), Some(2)),
            obs("eco", Some("常州"), Some(4)),
            // No city, or no period: no place in the panel.
            obs("eco", None, Some(1)),
            obs("rural", Some("十堰"), None),
        ]
    }

    #[test]
    fn a_city_leaves_the_risk_set_once_it_adopts() {
        let adoption = Adoption::build(&corpus(), 1);
        let m = |n: u32| PeriodKey::Month(2024, n).to_string();
        assert_eq!(
            rows(&adoption),
            [
                ("eco", "咸宁", m(1), false, 0, 1),
                ("eco", "咸宁", m(2), false, 0, 0),
                ("eco", "咸宁", m(3), true, 2, 2),
                ("eco", "常州", m(2), true, 1, 1),
                ("rural", "咸宁", m(1), true, 1, 1),
                // 常州 never carries rural: right-censored at its last month.
                ("rural", "常州", m(2), false, 0, 1),
                ("rural", "常州", m(3), false, 0, 0),
                ("rural", "常州", m(4), false, 0, 1),
            ]
        );
        let cascades: Vec<(&str, &str, i64)> = adoption
            .cascades()
            .map(|c| (c.theme.as_str(), c.city.as_str(), c.index))
            .collect();
        assert_eq!(
            cascades,
            [("eco", "咸宁", 2), ("eco", "常州", 1), ("rural", "咸宁", 0)]
        );
    }

    #[test]
    fn adopt_min_asks_for_more_articles_in_one_period() {
        let adoption = Adoption::build(&corpus(), 2);
        let adopters: Vec<(&str, &str, String)> = adoption
            .cascades()
            .map(|c| (c.theme.as_str(), c.city.as_str(), c.period.to_string()))
            .collect();
        assert_eq!(adopters, [("eco", "咸宁", "2024-03".to_string())]);
        // 常州's two eco articles fall in different months: never adopts.
        assert!(
            rows(&adoption)
                .iter()
                .any(|r| r.0 == "eco" && r.1 == "常州" && r.2 == "2024-04" && !r.3)
        );
    }

    #[test]
    fn every_city_is_listed_with_its_window_and_left_censoring() {
        let adoption = Adoption::build(&corpus(), 1);
        let cities: Vec<(&str, Option<String>, usize, bool)> = adoption
            .cities()
            .iter()
            .map(|c| {
                (
                    c.city.as_str(),
                    c.window.map(|(f, l)| format!("{f}..{l}")),
                    c.articles,
                    c.left_censored,
                )
            })
            .collect();
        let window = |f: &str, l: &str| Some(format!("{f}..{l}"));
        assert_eq!(
            cities,
            [
                // 十堰 never adopts anything and has no dated article.
                ("十堰", None, 1, false),
                ("咸宁", window("2024-01", "2024-05"), 5, true),
                ("常州", window("2024-02", "2024-04"), 2, false),
            ]
        );
        assert_eq!(adoption.index(PeriodKey::Month(2025, 1)), 12);
    }
}
