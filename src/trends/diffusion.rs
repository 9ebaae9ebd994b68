//! Which city took a theme up first: the first period each known city
//! carried each theme, in adoption order.

use std::collections::BTreeMap;

use super::{Observation, PeriodKey};

/// One row of `diffusion.csv`: when a city first carried a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstSeen {
    pub theme: String,
    pub city: String,
    /// The first period with an article of the theme from the city.
    pub first_period: PeriodKey,
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
        let mut firsts: BTreeMap<&str, BTreeMap<&str, (PeriodKey, &str, usize)>> = BTreeMap::new();
        for obs in observations {
            let (Some(city), Some(period)) = (&obs.city, obs.period) else {
                continue;
            };
            let entry = firsts
                .entry(&obs.theme)
                .or_default()
                .entry(city)
                .or_insert((period, &obs.date, 0));
            entry.2 += 1;
            if (period, obs.date.as_str()) < (entry.0, entry.1) {
                (entry.0, entry.1) = (period, &obs.date);
            }
        }
        let mut rows = Vec::new();
        for (theme, cities) in firsts {
            let mut adopted: Vec<(&str, (PeriodKey, &str, usize))> = cities.into_iter().collect();
            adopted.sort_by(|a, b| (a.1.0, a.1.1, a.0).cmp(&(b.1.0, b.1.1, b.0)));
            for (i, &(city, (period, date, articles))) in adopted.iter().enumerate() {
                rows.push(FirstSeen {
                    theme: theme.to_string(),
                    city: city.to_string(),
                    first_period: period,
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

    fn dated(
        theme: &str,
        city: Option<&str>,
        period: Option<(i32, u32)>,
        date: &str,
    ) -> Observation {
        Observation {
            theme: theme.into(),
            city: city.map(Into::into),
            period: period.map(|(y, m)| PeriodKey::Month(y, m)),
            date: date.into(),
        }
    }

    #[test]
    fn diffusion_orders_cities_by_when_they_first_carried_a_theme() {
        let diffusion = Diffusion::build(&[
            dated("eco", Some("常州"), Some((2024, 3)), "2024-03-20"),
            dated("eco", Some("咸宁"), Some((2024, 5)), "2024-05-01"),
            dated("eco", Some("咸宁"), Some((2024, 1)), "2024-01-09"),
            dated("eco", Some("淮安"), Some((2024, 3)), "2024-03-02"),
            dated("eco", Some("常州"), Some((2024, 3)), "2024-03-01"),
            // No city or no period: cannot tell who was first.
            dated("eco", None, Some((2023, 1)), "2023-01"),
            dated("eco", Some("十堰"), None, ""),
            dated("rural", Some("十堰"), Some((2024, 2)), "2024-02"),
        ]);
        let eco: Vec<(&str, String, &str, usize, usize, usize)> = diffusion
            .of_theme("eco")
            .map(|r| {
                (
                    r.city.as_str(),
                    r.first_period.to_string(),
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
                ("咸宁", "2024-01".to_string(), "2024-01-09", 2, 1, 1),
                ("常州", "2024-03".to_string(), "2024-03-01", 2, 2, 3),
                ("淮安", "2024-03".to_string(), "2024-03-02", 1, 3, 3),
            ]
        );
        assert_eq!(diffusion.of_theme("rural").count(), 1);
        assert_eq!(diffusion.rows().len(), 4);
    }
}
