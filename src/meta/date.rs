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
            event: None,
        },
        (Some((y, y_ev)), None) => DatedBy {
            date: PartialDate {
                year: Some(y),
                month: None,
                day: None,
            },
            evidence: y_ev,
            event: None,
        },
        (None, Some((_, m_ev))) => {
            DatedBy::unknown(format!("dateline {m_ev} but no year on the page"))
        }
        (None, None) => DatedBy::unknown("no date on the page"),
    }
}

/// Where a report's dateline names its day: `本报北京2月12日电`,
/// `新华社北京2月25日电`, `本报讯 2月20日,` `本报讯(记者…)12月5日上午`. A day
/// with a year before it (`2018年9月26日上午`) is an event in the text, not
/// a dateline.
static DATELINE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:本报|新华社|中新社|\p{Han}{2,6}社|\p{Han}{2,8}(?:日报|晚报|报|网))[^\s,，。\d]{0,12}",
        r"(\d{1,2})月(\d{1,2})日(?:电|讯)",
        r"|(?:本报讯|\p{Han}{2,8}(?:日报|晚报|报|网)讯)\s*[:：]?\s*(?:[(（][^)）]{0,40}[)）])?\s*(?:记者[^\d,，。]{0,12}报道\s*[:：]?)?\s*",
        r"(\d{1,2})月(\d{1,2})日)"
    ))
    .expect("static pattern")
});
/// A year named as a plan's horizon, not a year the page lives in:
/// `到2035年`, `至2025年`, the end of `2024—2026年`, `2030年前`.
static HORIZON_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^年(前|底前|以前|末前|左右)").expect("static pattern"));
/// Words that tie a named year to the time of writing: the year's work
/// being deployed (`对2023年党风廉政建设工作进行全面部署`), a batch of the
/// year's programme (`2024年第二批`), the year's task list.
static PRESENT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年(?:[^。,，;；:：!?！？]{0,16}部署|第[一二三四五六七八九十\d]{1,3}批|度?[^。,，;；]{0,6}任务清单)")
        .expect("static pattern")
});
/// A year named with a month or quarter: `2019年10月`, `2024年四季度`.
static YEAR_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年(?:(\d{1,2})月|第?([一二三四1-4])季度)").expect("static pattern")
});
/// Annual work is deployed for the coming year late in a year and for the
/// current one early in it: a deployment names the page's year only in the
/// first half.
const LAST_DEPLOYMENT_MONTH: u32 = 6;

/// How the page ties `year` to the time of writing, if it does: the year
/// named with the datelines' month or its quarter, or in words about the
/// year's own work. A year merely named is no evidence: pages talk about
/// past years at length.
fn present_year(texts: &[&str], year: i32, month: Option<u32>) -> Option<String> {
    for text in texts {
        for c in YEAR_PERIOD.captures_iter(text) {
            let (Ok(y), Some(m)) = (c[1].parse::<i32>(), month) else {
                continue;
            };
            let named_month = c.get(2).and_then(|x| x.as_str().parse::<u32>().ok());
            let quarter = c.get(3).map(|q| match q.as_str() {
                "一" | "1" => 1,
                "二" | "2" => 2,
                "三" | "3" => 3,
                _ => 4,
            });
            if y == year && (named_month == Some(m) || quarter == Some((m - 1) / 3 + 1)) {
                return Some(c[0].to_string());
            }
        }
        for c in PRESENT_YEAR.captures_iter(text) {
            let deployment = c[0].ends_with("部署");
            let in_season = month.is_none_or(|m| m <= LAST_DEPLOYMENT_MONTH);
            if c[1].parse::<i32>() == Ok(year) && (!deployment || in_season) {
                return Some(c[0].to_string());
            }
        }
    }
    None
}

/// How many days a dateline may precede the issue that prints it.
const MAX_REPORT_LAG: u32 = 3;
/// Datelines on one issue lie within this many days of each other.
const MAX_DATELINE_SPREAD: u32 = 14;

/// The (month, day) a report's dateline names, if the paragraph opens with
/// one.
pub fn dateline_day(paragraph: &str) -> Option<(u32, u32)> {
    let c = DATELINE_DAY.captures(paragraph.trim_start())?;
    let (m, d) = match (c.get(1), c.get(2)) {
        (Some(m), Some(d)) => (m, d),
        _ => (c.get(3)?, c.get(4)?),
    };
    let (m, d): (u32, u32) = (m.as_str().parse().ok()?, d.as_str().parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

/// The latest year the texts name that is not a plan's horizon: a page
/// that names a year lives in that year or later.
fn latest_year(texts: &[&str]) -> Option<i32> {
    let mut latest: Option<i32> = None;
    for text in texts {
        for c in YEAR.captures_iter(text) {
            let before = &c[1];
            let whole = c.get(0).map_or(0, |m| m.end());
            let after = &text[whole - "年".len()..];
            let range_end = matches!(before, "—" | "-" | "–" | "~" | "至" | "到");
            if range_end || HORIZON_AFTER.is_match(after) {
                continue;
            }
            if let Ok(y) = c[2].parse::<i32>() {
                latest = Some(latest.map_or(y, |l| l.max(y)));
            }
        }
    }
    latest
}

/// Dates a page's issue from what only the issue date can be: a masthead
/// date or a date line printed under a headline (to the day), else the
/// datelines of its reports (to the month, when they leave no doubt).
///
/// Dates inside article text are events, often past ones, and never the
/// page's date; the year the page names most is not its year either (a
/// February page reviews last year at length). A year may support the
/// datelines' month only when the page names no later year, and the month
/// only when the latest dateline leaves a few days before the month ends
/// (`1月31日电` may be printed in February).
pub fn issue_date(masthead: &[String], paragraphs: &[&str], article_text: &[&str]) -> DatedBy {
    let mut printed: Vec<(PartialDate, String)> = Vec::new();
    for line in masthead {
        let found = full_date(line, "masthead")
            .map(|d| (d.date, d.evidence))
            .or_else(|| {
                let (y, m, d) = crate::split::date_line(line)?;
                let date = valid(&y.to_string(), Some(&m.to_string()), Some(&d.to_string()))?;
                Some((date, format!("date line {}", line.trim())))
            });
        if let Some(found) = found
            && !printed.iter().any(|(d, _)| *d == found.0)
        {
            printed.push(found);
        }
    }
    match printed.as_slice() {
        [(date, evidence)] => {
            return DatedBy {
                date: *date,
                evidence: evidence.clone(),
                event: None,
            };
        }
        [] => {}
        many => {
            let all: Vec<&str> = many.iter().map(|(_, e)| e.as_str()).collect();
            return DatedBy::unknown(format!("printed dates disagree: {}", all.join(", ")));
        }
    }
    let days: Vec<(u32, u32)> = paragraphs.iter().filter_map(|p| dateline_day(p)).collect();
    let Some(&(last_m, last_d)) = days.iter().max_by_key(|&&(m, d)| order_key(m, d, &days)) else {
        return year_only(article_text, "no dateline names a day");
    };
    let first = days.iter().min_by_key(|&&(m, d)| order_key(m, d, &days));
    let said = format!("dateline {last_m}月{last_d}日");
    if let Some(&(m, d)) = first
        && order_key(last_m, last_d, &days) - order_key(m, d, &days) > MAX_DATELINE_SPREAD
    {
        return DatedBy::unknown(format!(
            "datelines {m}月{d}日 and {last_m}月{last_d}日 disagree"
        ));
    }
    let Some(year) = latest_year(article_text) else {
        return DatedBy::unknown(format!("{said} but no year on the page"));
    };
    let Some(tie) = present_year(article_text, year, Some(last_m)) else {
        return DatedBy::unknown(format!(
            "{said}; the latest year named, {year}年, is not tied to the time of writing"
        ));
    };
    if last_d + MAX_REPORT_LAG > days_in_month(year, last_m) {
        let why = format!("{said} is too near the month's end to name the issue month");
        // Late December may be printed in January: not even the year is sure.
        return if last_m == 12 {
            DatedBy::unknown(why)
        } else {
            year_only(article_text, &why)
        };
    }
    DatedBy {
        date: PartialDate {
            year: Some(year),
            month: Some(last_m),
            day: None,
        },
        evidence: format!("{said} with {tie}, the latest year the page names"),
        event: None,
    }
}

/// The page's year alone: the latest year it names, none being later.
fn year_only(article_text: &[&str], why: &str) -> DatedBy {
    let latest = latest_year(article_text);
    let tie = latest.and_then(|y| present_year(article_text, y, None));
    match (latest, tie) {
        (Some(year), Some(tie)) => DatedBy {
            date: PartialDate {
                year: Some(year),
                month: None,
                day: None,
            },
            evidence: format!("{tie}, the latest year the page names ({why})"),
            event: None,
        },
        (Some(year), None) => DatedBy::unknown(format!(
            "no masthead or date line, {why}; the latest year named, {year}年, is not tied to the time of writing"
        )),
        (None, _) => DatedBy::unknown(format!("no masthead or date line, {why}, no year named")),
    }
}

/// Orders datelines across New Year: with both December and January on a
/// page, January comes after.
fn order_key(m: u32, d: u32, all: &[(u32, u32)]) -> u32 {
    let wraps = all.iter().any(|&(m, _)| m == 12) && all.iter().any(|&(m, _)| m == 1);
    let month = if wraps && m <= 6 { m + 12 } else { m };
    month * 31 + d
}

/// An article's date: its page's issue date, with the day its dateline
/// reports from (`本报北京2月12日电`, or `昨日` counted back from the issue)
/// as the event date. The event date is resolved against the issue date,
/// never after it: a December dateline on a January page is last year's.
pub fn article_date(page: &DatedBy, dateline: Option<&str>) -> DatedBy {
    let mut dated = page.clone();
    let Some(dateline) = dateline else {
        return dated;
    };
    if let Some((word, event)) = relative_day(dateline, &page.date) {
        dated.evidence = format!(
            "{}; the dateline's {word} is {}",
            page.evidence,
            event.to_iso()
        );
        dated.event = Some(event);
    } else if let Some((m, d)) = dateline_day(dateline)
        && let Some(event) = resolve_day(m, d, &page.date)
    {
        dated.event = Some(event);
    }
    dated
}

/// The latest day with this month and day that is not after the issue date
/// (known at least to the month).
fn resolve_day(m: u32, d: u32, issue: &PartialDate) -> Option<PartialDate> {
    let (year, month) = (issue.year?, issue.month?);
    let issue_day = issue.day.unwrap_or(31);
    let year = if (m, d) > (month, issue_day) {
        year - 1
    } else {
        year
    };
    (d <= days_in_month(year, m)).then_some(PartialDate {
        year: Some(year),
        month: Some(m),
        day: Some(d),
    })
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
        event: None,
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
    fn given(iso: &str) -> DatedBy {
        DatedBy {
            date: parse_date(iso).unwrap(),
            evidence: "given".to_string(),
            event: None,
        }
    }

    #[test]
    fn datelines_name_their_day_but_body_dates_do_not() {
        for (line, want) in [
            ("新华社北京2月25日电  2月25日，会议召开。", Some((2, 25))),
            (
                "本报北京2月12日电  (记者赵展慧)记者12日获悉。",
                Some((2, 12)),
            ),
            ("本报达州10月14日电  记者从达州获悉。", Some((10, 14))),
            ("本报讯 2月20日,市委召开会议。", Some((2, 20))),
            (
                "本报讯(记者姜明助)12月5日上午,我市举行开工活动。",
                Some((12, 5)),
            ),
            (
                "本报讯 记者吴文谨报道:12月2日,我市召开会议。",
                Some((12, 2)),
            ),
            ("2018年9月26日上午,习近平来到黑龙江。", None),
            ("本报讯 2018年9月26日上午,会议召开。", None),
            ("9月26日,会议召开。", None),
        ] {
            assert_eq!(dateline_day(line), want, "{line}");
        }
    }

    #[test]
    fn body_dates_and_the_most_named_year_never_date_the_page() {
        // A February 2019 page recalling a past event, naming 2018 often.
        let text = "2018年9月26日上午,习近平来到黑龙江。2018年粮食丰收,2018年产量创新高。";
        let d = issue_date(&[], &["新华社北京2月25日电 会议召开。", text], &[text]);
        assert_eq!(d.date.precision(), DatePrecision::Unknown);
        assert!(d.evidence.contains("not tied"), "{}", d.evidence);
    }

    #[test]
    fn a_year_supports_the_dateline_month_only_when_tied_and_latest() {
        let deploy = "对2023年党风廉政建设工作进行全面部署。";
        let d = issue_date(&[], &["本报讯 2月20日,市委召开会议。"], &[deploy]);
        assert_eq!(d.date.to_iso(), "2023-02");
        // A later year named: 2023 may not be the page's year.
        let later = "2024年将建成新园区。";
        let d = issue_date(&[], &["本报讯 2月20日,市委召开会议。"], &[deploy, later]);
        assert_eq!(d.date.precision(), DatePrecision::Unknown);
        // A plan's horizon is not a later year.
        let horizon = "到2035年基本实现现代化,三年行动计划(2023—2025年)。";
        let d = issue_date(&[], &["本报讯 2月20日,市委召开会议。"], &[deploy, horizon]);
        assert_eq!(d.date.to_iso(), "2023-02");
        // The year with the dateline's quarter.
        let quarter = "咸宁高新区2024年四季度集中开工项目24个。";
        let d = issue_date(&[], &["本报讯(记者姜明助)12月5日上午,开工。"], &[quarter]);
        assert_eq!(d.date.to_iso(), "2024-12");
    }

    #[test]
    fn a_dateline_near_the_month_end_does_not_name_the_month() {
        let text = "2020年1月31日起施行。";
        let d = issue_date(&[], &["新华社北京1月30日电 会议召开。"], &[text]);
        assert_ne!(d.date.precision(), DatePrecision::Month);
        assert!(d.evidence.contains("month's end"), "{}", d.evidence);
    }

    #[test]
    fn a_masthead_or_date_line_gives_the_day_and_conflicts_give_none() {
        let d = issue_date(
            &["2026-03-28".to_string()],
            &["本报讯 3月27日,会议召开。"],
            &[],
        );
        assert_eq!(d.date.to_iso(), "2026-03-28");
        assert_eq!(d.evidence, "date line 2026-03-28");
        let both = ["2026-03-28".to_string(), "2026-03-21".to_string()];
        let d = issue_date(&both, &[], &[]);
        assert_eq!(d.date.precision(), DatePrecision::Unknown);
        assert!(d.evidence.contains("disagree"));
    }

    #[test]
    fn the_event_date_is_resolved_against_the_issue_date() {
        let d = article_date(&given("2019-02-26"), Some("新华社北京2月25日电 会议召开。"));
        assert_eq!(d.date.to_iso(), "2019-02-26");
        assert_eq!(d.event.map(|e| e.to_iso()).as_deref(), Some("2019-02-25"));
        // Across New Year the year rolls back.
        let d = article_date(&given("2020-01-02"), Some("本报北京12月31日电 会议召开。"));
        assert_eq!(d.event.map(|e| e.to_iso()).as_deref(), Some("2019-12-31"));
        // `昨日` counts back from the issue day.
        let d = article_date(&given("2021-12-03"), Some("本报讯 昨日,市委召开会议。"));
        assert_eq!(d.event.map(|e| e.to_iso()).as_deref(), Some("2021-12-02"));
        // No issue date: no event date, and no date invented.
        let d = article_date(
            &DatedBy::unknown("none"),
            Some("新华社北京2月25日电 会议。"),
        );
        assert_eq!(d.event, None);
        assert_eq!(d.date.precision(), DatePrecision::Unknown);
    }
}
