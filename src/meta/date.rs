//! When a page was published, as precisely as the page allows.
//!
//! - A masthead date (`2021年12月3日` in the masthead) gives the day.
//! - Otherwise the year comes from years the articles name (`2024年第二批`),
//!   leaving out years that look back (`自2010年以来`) or ahead (the end of
//!   `2024—2026年`); the most named wins, the later on a tie.
//! - A month comes from the datelines (`本报讯 2月20日`): the event a report
//!   covers happened shortly before the page, so with a year the page is
//!   dated to the month, not the day.
//! - A month without a year is not a date: nothing is invented.
//!
//! Relative words (`昨日`) need a known page date and are left to the
//! article they appear in.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::article::{DatedBy, PartialDate};

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日").expect("static pattern")
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(.?)((?:19|20)\d{2})年(以来|前|初以来)?").expect("static pattern")
});
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})月(\d{1,2})日").expect("static pattern"));
/// How far into a dateline paragraph its date may sit:
/// `本报讯(记者姜明助 通讯员某某)12月5日上午` fits.
const DATELINE_REACH: usize = 48;

/// The first [`DATELINE_REACH`] characters of a line, borrowed.
fn dateline_head(line: &str) -> &str {
    line.char_indices()
        .nth(DATELINE_REACH)
        .map_or(line, |(cut, _)| &line[..cut])
}

/// Dates a page from its masthead lines and its articles' text.
pub fn date_page(masthead: &[String], datelines: &[&str], article_text: &[&str]) -> DatedBy {
    if let Some(dated) = masthead.iter().find_map(|line| full_date(line, "masthead")) {
        return dated;
    }
    let year = page_year(article_text);
    let month = dateline_month(datelines);
    match (year, month) {
        (Some((y, y_ev)), Some((m, m_ev))) => DatedBy {
            date: PartialDate {
                year: Some(y),
                month: Some(m),
                day: None,
            },
            evidence: format!("dateline {m_ev} with {y_ev}"),
        },
        (Some((y, y_ev)), None) => DatedBy {
            date: PartialDate {
                year: Some(y),
                month: None,
                day: None,
            },
            evidence: y_ev,
        },
        (None, Some((_, m_ev))) => {
            DatedBy::unknown(format!("dateline {m_ev} but no year on the page"))
        }
        (None, None) => DatedBy::unknown("no date on the page"),
    }
}

/// Dates an official document by its signature: a closing line that ends
/// in a full date, alone or after the issuing office
/// (`上海市发展和改革委员会2015年5月28日`). A date inside a sentence (a
/// deadline: `请于2015年6月30日前报送。`) does not count.
pub fn signature_date(text: &str) -> Option<DatedBy> {
    text.lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(SIGNATURE_LINES)
        .filter(|l| {
            l.chars().count() <= SIGNATURE_MAX_CHARS
                && !l.contains(['，', ',', '。', ';', '；', ':', '：'])
        })
        .find_map(|l| {
            let c = FULL_DATE.captures_iter(l).last()?;
            let at_end = l[c.get(0)?.end()..]
                .trim_matches(|ch: char| ch.is_whitespace() || "()（）".contains(ch))
                .is_empty();
            at_end.then(|| full_date(&c[0], "signature")).flatten()
        })
}

/// Closing lines searched: the signature can sit above a site's footer.
const SIGNATURE_LINES: usize = 6;
/// An issuing office and a date fit; a paragraph does not.
const SIGNATURE_MAX_CHARS: usize = 40;

fn full_date(line: &str, source: &str) -> Option<DatedBy> {
    let c = FULL_DATE.captures(line)?;
    let date = valid(&c[1], Some(&c[2]), Some(&c[3]))?;
    Some(DatedBy {
        date,
        evidence: format!("{source} {}", &c[0]),
    })
}

/// The day a dateline's relative word (`昨日`, `昨天`, `前日`) points to,
/// given the page's own day. An article keeps the page's publication date;
/// this is the date of the event it reports, for its evidence.
pub fn relative_day(dateline: &str, page: &PartialDate) -> Option<(&'static str, PartialDate)> {
    // Most pages are not dated to the day: nothing to resolve against.
    let (mut year, mut month, mut day) = (page.year?, page.month?, page.day?);
    let head = dateline_head(dateline);
    let (word, back) = [("昨日", 1), ("昨天", 1), ("前日", 2), ("前天", 2)]
        .into_iter()
        .find(|(w, _)| head.contains(w))?;
    for _ in 0..back {
        if day > 1 {
            day -= 1;
        } else {
            (year, month) = if month == 1 {
                (year - 1, 12)
            } else {
                (year, month - 1)
            };
            day = days_in_month(year, month);
        }
    }
    Some((
        word,
        PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        },
    ))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses a date given by the user (`2024-12-05`, `2024-12`, `2024`,
/// `2024/12/5`, `2024年12月5日`). `None` if it is none of these.
pub fn parse_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    if let Some(c) = FULL_DATE.captures(text) {
        return valid(&c[1], Some(&c[2]), Some(&c[3]));
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => valid(y, None, None),
        [y, m] if y.len() == 4 => valid(y, Some(m), None),
        [y, m, d] if y.len() == 4 => valid(y, Some(m), Some(d.get(..2).unwrap_or(d))),
        _ => None,
    }
}

fn valid(year: &str, month: Option<&str>, day: Option<&str>) -> Option<PartialDate> {
    let year: i32 = year.parse().ok()?;
    let month: Option<u32> = month.map(str::parse).transpose().ok()?;
    let day: Option<u32> = day
        .map(|d| d.trim_end_matches(|c: char| !c.is_ascii_digit()).parse())
        .transpose()
        .ok()?;
    let ok = (1900..=2100).contains(&year)
        && month.is_none_or(|m| (1..=12).contains(&m))
        && day.is_none_or(|d| (1..=31).contains(&d));
    ok.then_some(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

fn page_year(texts: &[&str]) -> Option<(i32, String)> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for c in texts.iter().flat_map(|text| YEAR.captures_iter(text)) {
        let before = &c[1];
        let looks_back = before == "自" || before == "从" || c.get(3).is_some();
        let range_end = matches!(before, "—" | "-" | "–" | "~" | "至" | "到");
        if looks_back || range_end {
            continue;
        }
        if let Ok(y) = c[2].parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    let (&year, &n) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))?;
    Some((year, format!("{year}年 named {n}×")))
}

/// The month of the datelines, the most common one (the later on a tie).
fn dateline_month(datelines: &[&str]) -> Option<(u32, String)> {
    let mut counts: BTreeMap<u32, (usize, String)> = BTreeMap::new();
    for line in datelines {
        let head = dateline_head(line);
        if let Some(c) = MONTH_DAY.captures(head)
            && let (Ok(m), Ok(d)) = (c[1].parse::<u32>(), c[2].parse::<u32>())
            && (1..=12).contains(&m)
            && (1..=31).contains(&d)
        {
            let entry = counts.entry(m).or_insert((0, c[0].to_string()));
            entry.0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(a.0.cmp(&b.0)))
        .map(|(m, (_, text))| (m, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::DatePrecision;

    #[test]
    fn masthead_date_gives_the_day() {
        let masthead = vec!["咸宁日报".to_string(), "2021年12月3日".to_string()];
        let d = date_page(&masthead, &["新华社北京12月2日电"], &["2020年初"]);
        assert_eq!(d.date.to_iso(), "2021-12-03");
        assert_eq!(d.date.precision(), DatePrecision::Day);
    }

    #[test]
    fn dateline_month_with_a_named_year_gives_the_month() {
        let d = date_page(
            &[],
            &["本报讯 2月20日,市委召开会议"],
            &["对2023年党风廉政建设进行部署"],
        );
        assert_eq!(d.date.to_iso(), "2023-02");
        assert_eq!(d.date.precision(), DatePrecision::Month);
    }

    #[test]
    fn backward_and_range_end_years_are_not_the_page_year() {
        let text = "自2010年以来,常州派出干部。2023年取得第一。武进区2024年第二批计划,\
                    三年行动计划(2024—2026年),2024年任务清单";
        let d = date_page(&[], &["本报讯 (记者 张可馨) 昨天下午"], &[text]);
        assert_eq!(d.date.to_iso(), "2024");
        assert_eq!(d.date.precision(), DatePrecision::Year);
    }

    #[test]
    fn no_year_means_unknown_even_with_a_month() {
        let d = date_page(
            &[],
            &["本报讯 12月5日,我市召开会议"],
            &["昨日,市委书记现场督办"],
        );
        assert_eq!(d.date.precision(), DatePrecision::Unknown);
        assert_eq!(d.date.to_iso(), "");
    }

    #[test]
    fn a_signature_line_dates_a_document_but_a_deadline_does_not() {
        let doc =
            "各有关单位:\n请于2015年6月30日前报送材料。\n上海市发展和改革委员会\n2015年5月28日\n";
        let signed_inline = "特此通知。\n上海市发展和改革委员会2015年5月28日\n©北大法宝:专业提供法律信息。\n原文链接:https://example";
        assert_eq!(
            signature_date(signed_inline).unwrap().date.to_iso(),
            "2015-05-28"
        );
        let d = signature_date(doc).unwrap();
        assert_eq!(d.date.to_iso(), "2015-05-28");
        assert_eq!(d.evidence, "signature 2015年5月28日");
        assert!(signature_date("请于2015年6月30日前报送材料。\n联系人:张三").is_none());
    }

    #[test]
    fn relative_words_count_back_from_the_page_day() {
        let day = |s: &str| parse_date(s).unwrap();
        let page = day("2021-12-03");
        let (word, date) =
            relative_day("本报讯 记者陈志茹报道:昨日,记者从市医疗保障局获悉", &page).unwrap();
        assert_eq!((word, date.to_iso().as_str()), ("昨日", "2021-12-02"));
        assert_eq!(
            relative_day("本报讯 前天,市委召开会议", &day("2024-03-01"))
                .unwrap()
                .1
                .to_iso(),
            "2024-02-28"
        );
        assert_eq!(
            relative_day("昨天", &day("2021-01-01")).unwrap().1.to_iso(),
            "2020-12-31"
        );
        // No page day, or no relative word: nothing.
        assert!(relative_day("昨日,市委书记现场督办", &day("2024-12")).is_none());
        assert!(relative_day("本报讯 12月2日,我市召开续会", &page).is_none());
    }

    #[test]
    fn user_dates_parse_at_their_precision() {
        assert_eq!(parse_date("2024-12-05").unwrap().to_iso(), "2024-12-05");
        assert_eq!(parse_date("2024/2").unwrap().to_iso(), "2024-02");
        assert_eq!(parse_date("2022").unwrap().to_iso(), "2022");
        assert_eq!(parse_date("2022年9月24日").unwrap().to_iso(), "2022-09-24");
        assert_eq!(
            parse_date("2022-09-24T19:00:00").unwrap().to_iso(),
            "2022-09-24"
        );
        assert!(parse_date("2022-13-01").is_none());
        assert!(parse_date("soon").is_none());
    }
}
