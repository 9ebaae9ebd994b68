//! The run, stage by stage: read → normalise → split → metadata → segment →
//! fit themes → aggregate. Each stage is a module; this one only passes data
//! along, in one direction, and keeps the count of what went where.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::article::{Article, ArticleSummary, CityBy, DatedBy, PartialDate, Skipped};
use crate::choose_k::{KChoice, KRange, choose_k};
use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::meta::city::{CityResolver, PageText};
use crate::meta::date::{article_date, date_page, issue_date, parse_date, signature_date};
use crate::meta::gazetteer::Gazetteer;
use crate::meta::given::{Given, GivenMeta};
use crate::model::{Assignment, ModelSettings, ThemeModel};
use crate::normalize::Normalizer;
use crate::read::{Document, ReadOptions, Record, read_inputs_in_batches};
use crate::sample::sorted_sample;
use crate::segment::Segmenter;
use crate::split::{ArticleSplitter, Furniture, SplitPage};
use crate::terms::{TermCorpus, TermTable, Tokens};
use crate::themes::ThemeSummary;
use crate::timings::Timings;
use crate::trends::{DateCoverage, Diffusion, Observation, TrendTable};

/// The calendar unit trends are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
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
    pub fn of(self, date: &PartialDate) -> Option<String> {
        let year = date.year?;
        match self {
            Period::Year => Some(format!("{year:04}")),
            Period::Quarter => date
                .month
                .map(|m| format!("{year:04}-Q{}", (m - 1) / 3 + 1)),
            Period::Month => date.month.map(|m| format!("{year:04}-{m:02}")),
        }
    }
}

/// Everything a run needs, resolved from the command line.
pub struct RunConfig {
    pub inputs: Vec<PathBuf>,
    pub lexicon: ThemeLexicon,
    pub model: ModelSettings,
    /// `--k auto`: score this range of k and fit the chosen one (overrides
    /// `model.k`).
    pub auto_k: Option<KRange>,
    /// Fit on a seeded sample of this many articles and assign every
    /// article with that model: a large corpus costs a sample's fit plus
    /// one cheap assignment per article.
    pub fit_sample: Option<usize>,
    pub period: Period,
    /// Where the lexicon came from, as the report should name it.
    pub lexicon_source: String,
    /// Show progress on stderr (it still hides itself when stderr is not a terminal).
    pub progress: bool,
    pub read: ReadOptions,
    /// City, date and newspaper the user states for inputs.
    pub given: GivenMeta,
}

/// An article with its theme.
pub struct ThemedArticle {
    pub article: ArticleSummary,
    pub assignment: Assignment,
}

/// Furniture found on one page.
pub struct PageFurniture {
    pub source: String,
    pub furniture: Furniture,
}

/// How every input was accounted for: each file found was used or skipped,
/// each JSONL line became an article or was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accounting {
    pub files_found: usize,
    pub files_used: usize,
    pub files_skipped: usize,
    pub articles: usize,
    pub lines_skipped: usize,
    pub truncated: usize,
}

impl Accounting {
    fn new(files_found: usize, skipped: &[Skipped], articles: &[ThemedArticle]) -> Accounting {
        let files_skipped = skipped.iter().filter(|s| s.position == 0).count();
        Accounting {
            files_found,
            files_used: files_found - files_skipped.min(files_found),
            files_skipped,
            articles: articles.len(),
            lines_skipped: skipped.len() - files_skipped,
            truncated: articles
                .iter()
                .filter(|a| a.article.truncated_from.is_some())
                .count(),
        }
    }
}

impl std::fmt::Display for Accounting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} input files: {} used, {} skipped; {} articles kept, {} JSONL/CSV lines skipped",
            self.files_found,
            self.files_used,
            self.files_skipped,
            self.articles,
            self.lines_skipped
        )?;
        if self.truncated > 0 {
            write!(
                f,
                "; {} articles cut to {} characters",
                self.truncated,
                crate::article::MAX_ARTICLE_CHARS
            )?;
        }
        Ok(())
    }
}

/// The settings a run used, as its report states them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunSettings {
    /// The input paths as given on the command line.
    pub inputs: Vec<String>,
    pub lexicon: String,
    /// Clusters actually fitted (given or chosen).
    pub k: usize,
    pub seed: u64,
    pub period: Period,
}

/// What a run produced.
pub struct RunResult {
    pub settings: RunSettings,
    pub articles: Vec<ThemedArticle>,
    pub themes: Vec<ThemeSummary>,
    pub trends: TrendTable,
    /// When each city first carried each theme.
    pub diffusion: Diffusion,
    /// How many articles the period view could place.
    pub dates: DateCoverage,
    pub model: ThemeModel,
    pub skipped: Vec<Skipped>,
    pub furniture: Vec<PageFurniture>,
    pub accounting: Accounting,
    /// Each article's terms, as segmented for the fit (for evaluation).
    pub corpus: TermCorpus,
    /// How `--k auto` chose k, when it did.
    pub k_choice: Option<KChoice>,
    pub timings: Timings,
}

/// Reads one document into articles with their metadata: the normalise →
/// split → city and date stages. Built once (its tables take a moment to
/// load) and shared across threads.
pub struct PageReader {
    normalizer: Normalizer,
    splitter: ArticleSplitter,
    gazetteer: Gazetteer,
    given: GivenMeta,
}

pub fn run(config: &RunConfig) -> Result<RunResult> {
    let mut read = read_and_segment(config, TermTable::default())?;
    let mut clock = Instant::now();
    let mut settings = config.model.clone();
    let sampled;
    let fit_on = match config.fit_sample.filter(|&n| n < read.corpus.len()) {
        Some(n) => {
            let mut rng = Xoshiro256Plus::seed_from_u64(settings.seed);
            sampled = read
                .corpus
                .select(&sorted_sample(&mut rng, read.corpus.len(), n));
            &sampled
        }
        None => &read.corpus,
    };
    let k_choice = match &config.auto_k {
        Some(range) => {
            let choice = choose_k(fit_on, &config.lexicon, &config.model, range)?;
            settings.k = Some(choice.k);
            read.timings.lap("choose k", &mut clock);
            Some(choice)
        }
        None => None,
    };
    let spinner = progress_spinner(config.progress, "fitting themes");
    let (model, fitted) =
        ThemeModel::fit_timed(fit_on, &config.lexicon, &settings, &mut read.timings)?;
    spinner.finish_and_clear();
    clock = Instant::now();
    let assignments = if fitted.len() == read.corpus.len() {
        fitted
    } else {
        let all = model.assign_all(&read.corpus);
        read.timings.lap("assign themes", &mut clock);
        all
    };
    Ok(finish(config, read, model, assignments, k_choice))
}

/// Reads and segments like [`run`], then labels the articles with a fitted
/// model instead of fitting one: an article gets the theme it would have
/// had in the fitting run.
pub fn assign(config: &RunConfig, model: ThemeModel) -> Result<RunResult> {
    let table = TermTable::with_terms(model.vocabulary.terms.iter().map(String::as_str));
    let mut read = read_and_segment(config, table)?;
    let mut clock = Instant::now();
    let assignments = model.assign_all(&read.corpus);
    read.timings.lap("assign themes", &mut clock);
    Ok(finish(config, read, model, assignments, None))
}

/// Articles read and segmented, before any theme.
struct Segmented {
    articles: Vec<ArticleSummary>,
    corpus: TermCorpus,
    skipped: Vec<Skipped>,
    furniture: Vec<PageFurniture>,
    files: usize,
    timings: Timings,
}

/// Reads the inputs batch by batch: each batch is split and dated, then
/// segmented, in parallel, and only its summaries and term bags are kept.
fn read_and_segment(config: &RunConfig, table: TermTable) -> Result<Segmented> {
    let started = Instant::now();
    // Loading jieba's dictionary and the gazetteer and OpenCC tables takes a
    // noticeable part of a small run; they load side by side.
    let (reader, segmenter) =
        rayon::join(|| PageReader::new(config.given.clone()), Segmenter::builtin);
    let (reader, segmenter) = (reader?, segmenter?);
    let mut corpus = TermCorpus {
        table,
        bags: Vec::new(),
    };
    let mut articles: Vec<ArticleSummary> = Vec::new();
    let mut page_skips = Vec::new();
    let mut furniture = Vec::new();
    let (mut input_bytes, mut documents) = (0, 0);
    let (mut splitting, mut segmenting) = (Duration::ZERO, Duration::ZERO);
    let bar = progress_counter(config.progress, "reading");
    let read = read_inputs_in_batches(&config.inputs, &config.read, &mut |batch| {
        input_bytes += batch.iter().map(Document::text_len).sum::<usize>();
        documents += batch.len();
        let clock = Instant::now();
        let pages: Vec<PageRead> = batch.par_iter().map(|doc| reader.read(doc)).collect();
        drop(batch);
        let mut found = Vec::new();
        for page in pages {
            page_skips.extend(page.skipped);
            found.extend(page.articles);
            furniture.extend(page.furniture);
        }
        splitting += clock.elapsed();
        let clock = Instant::now();
        let tokens: Vec<Tokens> = found
            .par_iter()
            .map(|a| segmenter.tokens(&a.text_pieces(), &corpus.table))
            .collect();
        corpus.bags.extend(corpus.table.admit(tokens));
        segmenting += clock.elapsed();
        let clock = Instant::now();
        bar.inc(found.len() as u64);
        articles.par_extend(found.into_par_iter().map(ArticleSummary::from));
        splitting += clock.elapsed();
    });
    bar.finish_and_clear();
    let mut timings = Timings {
        input_bytes,
        ..Timings::default()
    };
    let reading = started.elapsed().saturating_sub(splitting + segmenting);
    timings.stages.push(("read files", reading));
    timings.stages.push(("split and date pages", splitting));
    timings.stages.push(("segment", segmenting));
    if documents == 0 {
        let detail = match read.skipped.first() {
            Some(s) => format!(
                "{} input file(s), none readable; first: {}: {}",
                read.files, s.source, s.reason
            ),
            None => "no .txt or .jsonl files found in the given paths".to_string(),
        };
        return Err(Error::NoInput(detail));
    }
    if articles.is_empty() {
        return Err(Error::NoInput(
            "no article text found in any input".to_string(),
        ));
    }
    let mut skipped = read.skipped;
    skipped.extend(page_skips);
    Ok(Segmented {
        articles,
        corpus,
        skipped,
        furniture,
        files: read.files,
        timings,
    })
}

fn finish(
    config: &RunConfig,
    mut read: Segmented,
    model: ThemeModel,
    assignments: Vec<Assignment>,
    k_choice: Option<KChoice>,
) -> RunResult {
    let mut clock = Instant::now();
    let articles: Vec<ThemedArticle> = std::mem::take(&mut read.articles)
        .into_iter()
        .zip(assignments)
        .map(|(article, assignment)| ThemedArticle {
            article,
            assignment,
        })
        .collect();
    let observations = observations(&articles, &model, config.period);
    let trends = TrendTable::build(&observations);
    let themes = summarize(&articles, &model, &trends);
    let accounting = Accounting::new(read.files, &read.skipped, &articles);
    let settings = RunSettings {
        inputs: config
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        lexicon: config.lexicon_source.clone(),
        k: model.centroids.nrows(),
        seed: config.model.seed,
        period: config.period,
    };
    let diffusion = Diffusion::build(&observations);
    let dates = DateCoverage::count(&observations);
    read.timings.lap("aggregate", &mut clock);
    RunResult {
        settings,
        articles,
        themes,
        trends,
        diffusion,
        dates,
        model,
        skipped: read.skipped,
        furniture: read.furniture,
        accounting,
        corpus: read.corpus,
        k_choice,
        timings: read.timings,
    }
}

/// Theme id an article is counted under: its theme, or `other` when it has
/// none (see [`OTHER`]).
pub fn theme_id<'m>(model: &'m ThemeModel, assignment: &Assignment) -> &'m str {
    assignment
        .theme
        .map_or(OTHER, |t| model.themes[t].id.as_str())
}

/// Theme for articles that are not placed: no term left to compare, or far
/// from every theme (see [`crate::model::OtherReason`]).
pub const OTHER: &str = "other";

fn observations(
    articles: &[ThemedArticle],
    model: &ThemeModel,
    period: Period,
) -> Vec<Observation> {
    articles
        .iter()
        .map(|a| Observation {
            theme: theme_id(model, &a.assignment).to_string(),
            city: a.article.city.city.clone(),
            period: period.of(&a.article.date.date),
            date: a.article.date.date.to_iso(),
        })
        .collect()
}

/// Themes with at least one article, largest first, each with the titles
/// of its best-placed articles (highest score first, ties in input order).
fn summarize(
    articles: &[ThemedArticle],
    model: &ThemeModel,
    trends: &TrendTable,
) -> Vec<ThemeSummary> {
    let total = articles.len() as f64;
    // One pass for every theme: its count and its best titled articles.
    let mut counts = vec![0usize; model.themes.len()];
    let mut best: Vec<Vec<&ThemedArticle>> = vec![Vec::new(); model.themes.len()];
    for a in articles {
        let Some(t) = a.assignment.theme else {
            continue;
        };
        counts[t] += 1;
        if a.article.title.is_none() {
            continue;
        }
        let top = &mut best[t];
        // Placed after every article scoring at least as high, so ties keep
        // input order.
        let at = top.partition_point(|b| b.assignment.score >= a.assignment.score);
        if at < EXAMPLE_TITLES {
            top.insert(at, a);
            top.truncate(EXAMPLE_TITLES);
        }
    }
    let mut out: Vec<ThemeSummary> = model
        .themes
        .iter()
        .zip(counts.iter().zip(&best))
        .filter(|(_, (n, _))| **n > 0)
        .map(|(theme, (&n, best))| ThemeSummary {
            theme: theme.clone(),
            articles: n,
            share: n as f64 / total,
            leading_cities: trends.leading_cities(&theme.id, 3),
            example_titles: best
                .iter()
                .filter_map(|a| a.article.title.clone())
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(a.theme.id.cmp(&b.theme.id))
    });
    out
}

/// Titles shown for each theme.
const EXAMPLE_TITLES: usize = 3;

/// For a stream of unknown length: counts what went by.
fn progress_counter(enabled: bool, what: &'static str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {msg} {human_pos} articles ({per_sec})")
    {
        bar.set_style(style);
    }
    bar.set_message(what);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// For a stage with no count to show: says the run is alive.
fn progress_spinner(enabled: bool, what: &'static str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_message(what);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
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
            gazetteer: Gazetteer::builtin()?,
            given,
        })
    }

    /// The gazetteer the reader resolves places with.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The city: as the user states it, else inferred from the page (a
    /// stated newspaper counts as masthead evidence).
    fn city(&self, given: &Given, masthead: &[String], texts: &[&str]) -> CityBy {
        if let Some(city) = &given.city {
            return CityBy {
                city: Some(city.value.clone()),
                evidence: format!("given in the {}", city.origin),
                confidence: 1.0,
            };
        }
        let mut masthead = masthead.to_vec();
        masthead.extend(given.newspaper.as_ref().map(|n| n.value.clone()));
        CityResolver::new(&self.gazetteer).resolve(&PageText {
            masthead: &masthead,
            articles: texts,
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
        let city = self.city(&given, &masthead, &texts);
        let datelines: Vec<&str> = articles
            .iter()
            .filter_map(|a| a.paragraphs.first().map(String::as_str))
            .collect();
        let date = Self::date(&given, || issue_date(&masthead, &datelines, &texts));
        let mut skipped = Vec::new();
        if articles.is_empty() {
            skipped.push(Skipped {
                source: source.to_string(),
                position: 0,
                reason: format!(
                    "no article text on the page ({} lines kept as furniture)",
                    furniture.len()
                ),
            });
        }
        let stem = source.strip_suffix(".txt").unwrap_or(source);
        let articles = articles
            .into_iter()
            .zip(bodies)
            .enumerate()
            .map(|(i, (a, body))| Article {
                id: format!("{stem}#{}", i + 1),
                source: source.to_string(),
                position: i + 1,
                date: article_date(&date, a.paragraphs.first().map(String::as_str)),
                title: a.title,
                deck: a.deck,
                byline: a.byline,
                body,
                city: city.clone(),
                truncated_from: None,
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
        let city = self.city(&given, &[], &texts);
        let date = Self::date(&given, || {
            signature_date(&body).unwrap_or_else(|| {
                let first = body.lines().next().unwrap_or("");
                date_page(&[], &[first], &texts)
            })
        });
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
        })
    }
}

fn limited(mut article: Article) -> Article {
    article.limit_length();
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_never_smear_a_year_into_january() {
        let year_only = parse_date("2024").unwrap();
        let day = parse_date("2024-11-05").unwrap();
        assert_eq!(Period::Month.of(&year_only), None);
        assert_eq!(Period::Year.of(&year_only).as_deref(), Some("2024"));
        assert_eq!(Period::Month.of(&day).as_deref(), Some("2024-11"));
        assert_eq!(Period::Quarter.of(&day).as_deref(), Some("2024-Q4"));
        assert_eq!(Period::Month.of(&PartialDate::UNKNOWN), None);
    }
}
