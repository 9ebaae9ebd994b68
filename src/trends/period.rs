//! The calendar unit trends are counted in, and the key of one period.

use std::collections::BTreeMap;
use std::fmt;

use crate::article::PartialDate;

/// Articles a period needs for its share to be read on its own: fewer, and
/// the time chart draws the period hollow.
pub const ENOUGH_ARTICLES: usize = 30;

/// The period rule of a run whose unit was given with `--period`.
pub const GIVEN_PERIOD: &str = "given";

/// How `--period auto` chooses, as the report and summary state it.
pub const AUTO_RULE: &str = "auto: the finest of month, quarter and year at which more than half of the periods from the first dated article to the last hold at least 30 articles (year when none does)";

/// The calendar unit trends are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// The finest unit at which more than half of the periods between the
    /// first and the last dated article (empty ones included: a gap is a
    /// period with nothing to read) hold [`ENOUGH_ARTICLES`]; a year when
    /// none does. Month for a daily news feed; year for a few documents a
    /// month over decades, whose monthly chart would be all noise.
    pub fn auto<'a>(dates: impl Iterator<Item = &'a PartialDate> + Clone) -> Period {
        [Period::Month, Period::Quarter]
            .into_iter()
            .find(|unit| {
                let mut counts: BTreeMap<PeriodKey, usize> = BTreeMap::new();
                for date in dates.clone() {
                    if let Some(key) = unit.of(date) {
                        *counts.entry(key).or_default() += 1;
                    }
                }
                let (Some((first, _)), Some((last, _))) =
                    (counts.first_key_value(), counts.last_key_value())
                else {
                    return false;
                };
                let span = last.ordinal() - first.ordinal() + 1;
                let enough = counts.values().filter(|&&n| n >= ENOUGH_ARTICLES).count();
                2 * enough as i64 > span
            })
            .unwrap_or(Period::Year)
    }

    /// The period a date falls in, if it is known precisely enough: a date
    /// known only to the year has no month and is not put in January.
    pub fn of(self, date: &PartialDate) -> Option<PeriodKey> {
        let year = date.year?;
        match self {
            Period::Year => Some(PeriodKey::Year(year)),
            Period::Quarter => date
                .month
                .map(|m| PeriodKey::Quarter(year, (m - 1) / 3 + 1)),
            Period::Month => date.month.map(|m| PeriodKey::Month(year, m)),
        }
    }
}

/// One period: a year, a quarter (1–4) of a year, or a month (1–12) of a
/// year. Keys of one unit order by calendar; a run counts in one unit only.
/// Shown as `2024`, `2024-Q4` or `2024-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKey {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

impl PeriodKey {
    /// The period as a count of its unit since year 0, so periods can be
    /// placed on a calendar axis with the gaps between them visible.
    pub fn ordinal(self) -> i64 {
        match self {
            PeriodKey::Year(y) => i64::from(y),
            PeriodKey::Quarter(y, q) => i64::from(y) * 4 + i64::from(q) - 1,
            PeriodKey::Month(y, m) => i64::from(y) * 12 + i64::from(m) - 1,
        }
    }
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodKey::Year(y) => write!(f, "{y:04}"),
            PeriodKey::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            PeriodKey::Month(y, m) => write!(f, "{y:04}-{m:02}"),
        }
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
        assert_eq!(Period::Year.of(&year_only), Some(PeriodKey::Year(2024)));
        assert_eq!(Period::Month.of(&day), Some(PeriodKey::Month(2024, 11)));
        assert_eq!(Period::Quarter.of(&day), Some(PeriodKey::Quarter(2024, 4)));
        assert_eq!(Period::Month.of(&PartialDate::UNKNOWN), None);
    }

    #[test]
    fn auto_takes_the_finest_unit_whose_periods_mostly_hold_enough_articles() {
        let dates = |per_month: &[(i32, u32, usize)]| -> Vec<PartialDate> {
            per_month
                .iter()
                .flat_map(|&(y, m, n)| vec![parse_date(&format!("{y}-{m:02}-01")).unwrap(); n])
                .collect()
        };
        // A daily feed: 40 a month for a year.
        let feed = dates(&(1..=12).map(|m| (2024, m, 40)).collect::<Vec<_>>());
        assert_eq!(Period::auto(feed.iter()), Period::Month);
        // 12 a month: too few a month, enough a quarter.
        let monthly = dates(&(1..=12).map(|m| (2024, m, 12)).collect::<Vec<_>>());
        assert_eq!(Period::auto(monthly.iter()), Period::Quarter);
        // Two busy months ten years apart: the empty periods between count.
        let sparse = dates(&[(2010, 1, 50), (2020, 1, 50)]);
        assert_eq!(Period::auto(sparse.iter()), Period::Year);
        // Nothing dated: a year, the coarsest.
        assert_eq!(Period::auto([PartialDate::UNKNOWN].iter()), Period::Year);
    }

    #[test]
    fn period_keys_order_by_calendar_and_print_as_before() {
        let months = [
            PeriodKey::Month(2023, 12),
            PeriodKey::Month(2024, 2),
            PeriodKey::Month(2024, 11),
        ];
        assert!(months.windows(2).all(|w| w[0] < w[1]));
        assert!(PeriodKey::Quarter(2023, 4) < PeriodKey::Quarter(2024, 1));
        assert!(PeriodKey::Year(999) < PeriodKey::Year(2024));
        let shown: Vec<String> = [
            PeriodKey::Year(2024),
            PeriodKey::Quarter(2024, 4),
            PeriodKey::Month(2024, 11),
            PeriodKey::Month(2024, 3),
            PeriodKey::Year(999),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(shown, ["2024", "2024-Q4", "2024-11", "2024-03", "0999"]);
        assert_eq!(PeriodKey::Year(2024).ordinal(), 2024);
        assert_eq!(PeriodKey::Quarter(2024, 1).ordinal(), 2024 * 4);
        assert_eq!(PeriodKey::Month(2024, 12).ordinal(), 2024 * 12 + 11);
    }
}
