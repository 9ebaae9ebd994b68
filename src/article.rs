//! The values that flow through the pipeline: a page read from disk, the
//! articles found on it, and the metadata attached to each article.
//!
//! Every later stage takes these by reference and adds to them; no stage
//! re-reads input, so what one article looked like at any step can be traced
//! back to its `source` and `position`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How precisely an article's date is known. Never stronger than the page
/// supports: a month-and-day with no year on the page stays `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    Unknown,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Unknown => "unknown",
        }
    }
}

impl fmt::Display for DatePrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date known to some precision. Fields below the precision are
/// unset: a `Month` date has `day == None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub const UNKNOWN: PartialDate = PartialDate {
        year: None,
        month: None,
        day: None,
    };

    pub fn precision(&self) -> DatePrecision {
        match (self.year, self.month, self.day) {
            (Some(_), Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), Some(_), None) => DatePrecision::Month,
            (Some(_), None, _) => DatePrecision::Year,
            _ => DatePrecision::Unknown,
        }
    }

    /// ISO-8601 text at the date's own precision: `2024-12-05`, `2024-12`,
    /// `2024`, or empty when unknown.
    pub fn to_iso(&self) -> String {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            _ => String::new(),
        }
    }
}

/// A date with the words on the page that justify it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedBy {
    pub date: PartialDate,
    pub evidence: String,
    /// The day a dateline reports from (`新华社北京2月25日电`), resolved
    /// against the issue date: an event, never the publication date.
    pub event: Option<PartialDate>,
}

impl DatedBy {
    pub fn unknown(evidence: impl Into<String>) -> Self {
        DatedBy {
            date: PartialDate::UNKNOWN,
            evidence: evidence.into(),
            event: None,
        }
    }
}

/// A prefecture-level city with the words on the page that point to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CityBy {
    /// Short prefecture name as researchers write it (`常州`, `咸宁`), or
    /// `None` when the evidence was too weak to name one.
    pub city: Option<String>,
    /// The city's current 6-digit division code; `None` with no city or a
    /// given city the gazetteer does not know.
    pub code: Option<String>,
    pub evidence: String,
    /// 0..1: how strongly the evidence points at this city rather than another.
    pub confidence: f64,
}

impl CityBy {
    /// A city the user gave that the gazetteer does not know: it has a
    /// name but no code.
    pub fn is_unknown_given(&self) -> bool {
        self.city.is_some() && self.code.is_none()
    }

    pub fn unknown(evidence: impl Into<String>) -> Self {
        CityBy {
            city: None,
            code: None,
            evidence: evidence.into(),
            confidence: 0.0,
        }
    }
}

/// One article, as found on a page or given in a JSONL record.
#[derive(Debug, Clone)]
pub struct Article {
    /// From the input when given, else `<file stem>#<position>`.
    pub id: String,
    /// The input file, as the user named it.
    pub source: String,
    /// 1-based order of the article within its source.
    pub position: usize,
    /// Main headline line; `None` when the page prints no headline.
    pub title: Option<String>,
    /// The other headline lines (kicker, subheadline, column banner).
    pub deck: Vec<String>,
    /// Author and photographer lines (`■记者 …`).
    pub byline: Vec<String>,
    /// Cleaned body text; paragraphs separated by `\n`.
    pub body: String,
    pub city: CityBy,
    pub date: DatedBy,
    /// The body's length in characters before it was cut to
    /// [`MAX_ARTICLE_CHARS`]; `None` when it was not cut.
    pub truncated_from: Option<usize>,
    /// The reference label the input gave it (see
    /// [`crate::read::ReadOptions::label_field`]), for `evaluate`; pages have
    /// none.
    pub label: Option<String>,
}

/// Longer than any real article by far (a long report runs to 20,000
/// characters); a body beyond it is a broken file and is cut, with a warning,
/// rather than allowed to exhaust memory in segmentation.
pub const MAX_ARTICLE_CHARS: usize = 200_000;

impl Article {
    /// Cuts the body to [`MAX_ARTICLE_CHARS`], remembering its length.
    pub fn limit_length(&mut self) {
        if let Some((cut, _)) = self.body.char_indices().nth(MAX_ARTICLE_CHARS) {
            self.truncated_from = Some(self.body.chars().count());
            self.body.truncate(cut);
        }
    }

    /// The body's first [`LEAD_CHARS`] characters, on one line.
    pub fn lead(&self) -> String {
        self.body
            .chars()
            .take(LEAD_CHARS)
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect()
    }

    /// Title and body: what segmentation and theme assignment read.
    pub fn text_pieces(&self) -> [&str; 2] {
        [self.title.as_deref().unwrap_or(""), &self.body]
    }

    /// Characters of article text (title + body), the unit reported as `chars`.
    pub fn chars(&self) -> usize {
        self.title.as_deref().map_or(0, |t| t.chars().count()) + self.body.chars().count()
    }
}

/// What the run keeps of an article once its text is segmented: where it
/// came from, its metadata and its opening words, for the report. The body
/// itself is let go, so that a corpus of a million articles is not held in
/// memory until the report is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub source: String,
    pub position: usize,
    pub title: Option<String>,
    /// The body's first [`LEAD_CHARS`] characters, on one line.
    pub lead: String,
    /// Characters of article text (title + body).
    pub chars: usize,
    pub city: CityBy,
    pub date: DatedBy,
    pub truncated_from: Option<usize>,
    /// The reference label, as on [`Article::label`].
    pub label: Option<String>,
}

/// How much of the body an [`ArticleSummary`] keeps.
pub const LEAD_CHARS: usize = 60;

impl From<Article> for ArticleSummary {
    fn from(article: Article) -> ArticleSummary {
        let chars = article.chars();
        let lead = article.lead();
        ArticleSummary {
            id: article.id,
            source: article.source,
            position: article.position,
            title: article.title,
            lead,
            chars,
            city: article.city,
            date: article.date,
            truncated_from: article.truncated_from,
            label: article.label,
        }
    }
}

/// Something the reader declined to make into an article, and why. Kept so
/// that a user can see that nothing was silently lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub source: String,
    /// Line number (JSONL) or article position; 0 for a whole file.
    pub position: usize,
    pub reason: String,
}
