//! One document read into articles with their metadata: normalise → split →
//! city and date. A page yields several articles and its furniture; a JSONL
//! or CSV record yields one article.

use crate::article::{Article, CityBy, DatedBy, Skipped};
use crate::error::Result;
use crate::meta::city::{CityResolver, PageText};
use crate::meta::date::{article_date, date_page, issue_date, parse_date, signature_date};
use crate::meta::gazetteer::Gazetteer;
use crate::meta::given::{Given, GivenMeta};
use crate::normalize::Normalizer;
use crate::read::{Document, Record};
use crate::split::{ArticleSplitter, Furniture, SplitPage};

/// Furniture found on one page.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct PageFurniture {
    pub source: String,
    pub furniture: Furniture,
}

/// Reads one document into articles with their metadata: the normalise →
/// split → city and date stages. Built once (its tables take a moment to
/// load) and shared across threads.
pub struct PageReader {
    normalizer: Normalizer,
    splitter: ArticleSplitter,
    gazetteer: &'static Gazetteer,
    given: GivenMeta,
}

/// What one document yielded.
pub struct PageRead {
    pub articles: Vec<Article>,
    pub furniture: Vec<PageFurniture>,
    pub skipped: Vec<Skipped>,
}

impl PageReader {
    pub fn new(given: GivenMeta) -> Result<PageReader> {
        Ok(PageReader {
            normalizer: Normalizer::standard()?,
            splitter: ArticleSplitter,
            gazetteer: Gazetteer::shared()?,
            given,
        })
    }

    /// The gazetteer the reader resolves places with.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer
    }

    /// The city of a city paper, for its local articles: as the user states
    /// it, else from the paper's name (masthead, bylines, a stated
    /// newspaper, `咸宁日报讯` datelines), else from a page that speaks
    /// as a local paper (`我市`). `None` for a national or provincial paper.
    fn paper_city(
        &self,
        resolver: &CityResolver<'_>,
        given: &Given,
        masthead: &[String],
        datelines: &[&str],
        texts: &[&str],
    ) -> Option<CityBy> {
        if let Some(city) = &given.city {
            return Some(resolver.given(&city.value, city.origin));
        }
        let lines: Vec<&str> = masthead
            .iter()
            .map(String::as_str)
            .chain(given.newspaper.as_ref().map(|n| n.value.as_str()))
            .chain(datelines.iter().copied())
            .collect();
        resolver.paper(&lines).or_else(|| {
            resolver.local(&PageText {
                masthead,
                articles: texts,
            })
        })
    }

    /// The date: as the user states it, else inferred from the page.
    fn date(given: &Given, infer: impl FnOnce() -> DatedBy) -> DatedBy {
        match &given.date {
            Some(d) => match parse_date(&d.value) {
                Some(date) => DatedBy {
                    date,
                    evidence: format!("given in the {}", d.origin),
                    event: None,
                },
                None => DatedBy::unknown(format!(
                    "given date `{}` ({}) not understood",
                    d.value, d.origin
                )),
            },
            None => infer(),
        }
    }

    pub fn read(&self, doc: &Document) -> PageRead {
        match doc {
            Document::Page { source, text } => self.read_page(source, text),
            Document::Record(record) => PageRead {
                articles: vec![self.read_record(record)],
                furniture: Vec::new(),
                skipped: Vec::new(),
            },
        }
    }

    fn read_page(&self, source: &str, text: &str) -> PageRead {
        let normalized = self.normalizer.normalize(text);
        let SplitPage {
            articles,
            furniture,
        } = self.splitter.split(&normalized);
        let masthead: Vec<String> = furniture
            .iter()
            .filter(|f| f.kind.dates_the_page())
            .map(|f| f.text.clone())
            .chain(articles.iter().flat_map(|a| a.byline.iter().cloned()))
            .collect();
        let bodies: Vec<String> = articles.iter().map(|a| a.body()).collect();
        let texts: Vec<&str> = articles
            .iter()
            .zip(&bodies)
            .flat_map(|(a, body)| a.title.as_deref().into_iter().chain([body.as_str()]))
            .collect();
        let given = self.given.for_source(source);
        let datelines: Vec<&str> = articles
            .iter()
            .filter_map(|a| a.paragraphs.first().map(String::as_str))
            .collect();
        // Names resolve to the divisions of the page's date.
        let date = Self::date(&given, || issue_date(&masthead, &datelines, &texts));
        let resolver = CityResolver::new(self.gazetteer).in_year(date.date.year);
        let paper = self.paper_city(&resolver, &given, &masthead, &datelines, &texts);
        let cities: Vec<CityBy> = articles
            .iter()
            .zip(&bodies)
            .map(|(a, body)| {
                let lead: Vec<&str> = a
                    .paragraphs
                    .iter()
                    .take(DATELINE_PARAGRAPHS)
                    .map(String::as_str)
                    .collect();
                resolver.article(paper.as_ref(), &lead, a.title.as_deref(), body)
            })
            .collect();
        let mut skipped = Vec::new();
        if articles.is_empty() {
            skipped.push(Skipped {
                source: source.to_string(),
                position: 0,
                reason: format!(
                    "no article text on the page ({} kept as furniture)",
                    crate::plural::count(furniture.len(), "line")
                ),
            });
        }
        let stem = source.strip_suffix(".txt").unwrap_or(source);
        let articles = articles
            .into_iter()
            .zip(bodies)
            .zip(cities)
            .enumerate()
            .map(|(i, ((a, body), city))| Article {
                id: format!("{stem}#{}", i + 1),
                source: source.to_string(),
                position: i + 1,
                date: article_date(&date, a.paragraphs.first().map(String::as_str)),
                title: a.title,
                deck: a.deck,
                byline: a.byline,
                body,
                city,
                truncated_from: None,
                label: None,
            })
            .map(limited)
            .collect();
        PageRead {
            articles,
            furniture: furniture
                .into_iter()
                .map(|f| PageFurniture {
                    source: source.to_string(),
                    furniture: f,
                })
                .collect(),
            skipped,
        }
    }

    fn read_record(&self, record: &Record) -> Article {
        let body = self.normalizer.normalize(&record.text);
        let title = record
            .title
            .as_deref()
            .map(|t| self.normalizer.normalize(t));
        let texts: Vec<&str> = title
            .as_deref()
            .into_iter()
            .chain([body.as_str()])
            .collect();
        // The record's own fields first, then the manifest and file name.
        let given = Given::from("input", record.city.clone(), record.date.clone(), None)
            .or(self.given.for_source(&record.source));
        let date = Self::date(&given, || {
            signature_date(&body).unwrap_or_else(|| {
                let first = body.lines().next().unwrap_or("");
                date_page(&[], &[first], &texts)
            })
        });
        // Names resolve to the divisions of the record's date.
        let resolver = CityResolver::new(self.gazetteer).in_year(date.date.year);
        let city = match &given.city {
            Some(city) => resolver.given(&city.value, city.origin),
            None => {
                let lead: Vec<&str> = body.lines().take(DATELINE_PARAGRAPHS).collect();
                resolver.article(None, &lead, title.as_deref(), &body)
            }
        };
        limited(Article {
            id: record
                .id
                .clone()
                .unwrap_or_else(|| format!("{}#{}", record.source, record.line)),
            source: record.source.clone(),
            position: record.line,
            title,
            deck: Vec::new(),
            byline: Vec::new(),
            body,
            city,
            date,
            truncated_from: None,
            label: record.label.clone(),
        })
    }
}

/// How many of an article's first paragraphs may hold its dateline: a
/// lead-in or a deck may come before it.
const DATELINE_PARAGRAPHS: usize = 3;

fn limited(mut article: Article) -> Article {
    article.limit_length();
    article
}
