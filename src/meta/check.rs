//! Measuring metadata against a corpus that states it: how often the city
//! (and date) the reader infers from an article's words agrees with the
//! corpus's own fields, which the reader is not shown.
//!
//! City: *coverage* is the share of records with a reference city for which
//! a city was inferred, *accuracy* the share of those that are right (names
//! compared as cities: `上海市` and `上海` agree). Date: an inferred date is
//! right when the reference agrees with it at the inferred precision.

use serde::Serialize;

use crate::article::PartialDate;
use crate::meta::date::parse_date;
use crate::meta::gazetteer::Gazetteer;
use crate::metrics::ratio;

/// One disagreement, for the user to read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub id: String,
    pub title: String,
    pub field: &'static str,
    pub reference: String,
    pub inferred: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// Records whose reference has the field.
    pub with_reference: usize,
    /// ...for which the reader inferred a value.
    pub inferred: usize,
    /// ...and the value agrees with the reference.
    pub correct: usize,
    /// Records with no reference value for which the reader gave one anyway.
    pub inferred_without_reference: usize,
}

impl FieldScore {
    pub fn coverage(&self) -> f64 {
        ratio(self.inferred, self.with_reference)
    }

    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.inferred)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MetaCheck {
    pub records: usize,
    pub city: FieldScore,
    pub date: FieldScore,
    pub mismatches: Vec<Mismatch>,
}

/// What the reader inferred for one record, and what the corpus says.
pub struct Observed<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub reference_city: Option<&'a str>,
    pub inferred_city: Option<&'a str>,
    pub city_evidence: &'a str,
    pub reference_date: Option<&'a str>,
    pub inferred_date: PartialDate,
    pub date_evidence: &'a str,
}

impl MetaCheck {
    pub fn add(&mut self, gazetteer: &Gazetteer, o: &Observed<'_>) {
        self.records += 1;
        let same_city = |a: &str, b: &str| {
            a == b
                || matches!((gazetteer.city_named(a), gazetteer.city_named(b)), (Some(x), Some(y)) if x == y)
        };
        score(&mut self.city, o.reference_city, o.inferred_city, |r, i| {
            same_city(r, i)
        });
        if let (Some(r), Some(i)) = (o.reference_city, o.inferred_city)
            && !same_city(r, i)
        {
            self.mismatches.push(Mismatch {
                id: o.id.to_string(),
                title: o.title.to_string(),
                field: "city",
                reference: r.to_string(),
                inferred: i.to_string(),
                evidence: o.city_evidence.to_string(),
            });
        }
        let inferred_date =
            (o.inferred_date != PartialDate::UNKNOWN).then(|| o.inferred_date.to_iso());
        let reference_date = o.reference_date.and_then(parse_date);
        let agrees = |r: &PartialDate| {
            let i = &o.inferred_date;
            i.year == r.year
                && (i.month.is_none() || i.month == r.month)
                && (i.day.is_none() || i.day == r.day)
        };
        score(
            &mut self.date,
            reference_date.as_ref().map(|_| ""),
            inferred_date.as_deref(),
            |_, _| reference_date.as_ref().is_some_and(agrees),
        );
        if let (Some(r), Some(i)) = (&reference_date, &inferred_date)
            && !agrees(r)
        {
            self.mismatches.push(Mismatch {
                id: o.id.to_string(),
                title: o.title.to_string(),
                field: "date",
                reference: r.to_iso(),
                inferred: i.clone(),
                evidence: o.date_evidence.to_string(),
            });
        }
    }
}

fn score(
    s: &mut FieldScore,
    reference: Option<&str>,
    inferred: Option<&str>,
    agree: impl Fn(&str, &str) -> bool,
) {
    match (reference, inferred) {
        (Some(r), Some(i)) => {
            s.with_reference += 1;
            s.inferred += 1;
            s.correct += agree(r, i) as usize;
        }
        (Some(_), None) => s.with_reference += 1,
        (None, Some(_)) => s.inferred_without_reference += 1,
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observed<'a>(reference: Option<&'a str>, inferred: Option<&'a str>) -> Observed<'a> {
        Observed {
            id: "x",
            title: "t",
            reference_city: reference,
            inferred_city: inferred,
            city_evidence: "",
            reference_date: Some("2020-07-23"),
            inferred_date: parse_date("2020-07").unwrap(),
            date_evidence: "",
        }
    }

    #[test]
    fn cities_compare_as_cities_and_scores_add_up() {
        let g = Gazetteer::builtin().unwrap();
        let mut check = MetaCheck::default();
        check.add(&g, &observed(Some("上海市"), Some("上海")));
        check.add(&g, &observed(Some("武汉市"), Some("咸宁")));
        check.add(&g, &observed(Some("南昌市"), None));
        check.add(&g, &observed(None, Some("深圳")));
        assert_eq!(check.city.with_reference, 3);
        assert_eq!(check.city.inferred, 2);
        assert_eq!(check.city.correct, 1);
        assert_eq!(check.city.inferred_without_reference, 1);
        assert!((check.city.coverage() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(check.city.accuracy(), 0.5);
        assert_eq!(check.mismatches.len(), 1);
        assert_eq!(check.mismatches[0].inferred, "咸宁");
    }

    #[test]
    fn an_inferred_date_is_right_at_its_own_precision() {
        let g = Gazetteer::builtin().unwrap();
        let mut check = MetaCheck::default();
        check.add(&g, &observed(None, None)); // 2020-07 vs 2020-07-23: right
        let mut wrong = observed(None, None);
        wrong.inferred_date = parse_date("2019").unwrap();
        check.add(&g, &wrong);
        assert_eq!(
            (
                check.date.with_reference,
                check.date.inferred,
                check.date.correct
            ),
            (2, 2, 1)
        );
    }
}
