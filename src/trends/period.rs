//! The calendar unit trends are counted in, and the key of one period.

use std::fmt;

use crate::article::PartialDate;

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
