//! What a run produced, ready to write: every article with its theme, the
//! themes summarised, the trend tables, and the account of every input.
//! [`crate::output`] writes it; [`crate::evaluate`] scores it.

use std::collections::HashMap;

use crate::article::{ArticleSummary, Skipped};
use crate::choose_k::KChoice;
use crate::model::{Assignment, OTHER, OTHER_NAME, ThemeModel, theme_id};
use crate::page::PageFurniture;
use crate::plural::count;
use crate::shard::Shard;
use crate::terms::TermCorpus;
use crate::themes::Theme;
use crate::trends::{
    Adoption, CityShare, DateCoverage, Diffusion, Observation, Period, TrendTable, wilson_interval,
};

/// An article with its theme.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct ThemedArticle {
    pub article: ArticleSummary,
    pub assignment: Assignment,
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
    /// Articles whose given city the gazetteer does not know: kept as
    /// given, flagged in `city_evidence`.
    pub unknown_given_cities: usize,
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
            unknown_given_cities: articles
                .iter()
                .filter(|a| a.article.city.is_unknown_given())
                .count(),
        }
    }
}

impl std::fmt::Display for Accounting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} used, {} skipped; {} kept, {} skipped",
            count(self.files_found, "input file"),
            self.files_used,
            self.files_skipped,
            count(self.articles, "article"),
            count(self.lines_skipped, "JSONL/CSV line")
        )?;
        if self.truncated > 0 {
            write!(
                f,
                "; {} cut to {} characters",
                count(self.truncated, "article"),
                crate::article::MAX_ARTICLE_CHARS
            )?;
        }
        if self.unknown_given_cities > 0 {
            write!(
                f,
                "; {} with a given city the gazetteer does not know (kept, flagged in city_evidence)",
                count(self.unknown_given_cities, "article")
            )?;
        }
        Ok(())
    }
}

/// The settings a run used, as its report states them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunSettings {
    /// The input paths as given on the command line.
    pub inputs: Vec<String>,
    pub lexicon: String,
    /// Clusters actually fitted (given or chosen).
    pub k: usize,
    pub seed: u64,
    pub period: Period,
    /// What makes `assign` runs label alike: the saved model and the
    /// settings that change a label ([`crate::shard::fingerprint`]); shards
    /// merge only when theirs agree. `run` fits its model and has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The part of the inputs this report covers, when it is a shard: its
    /// counts and tables are that part's alone until merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// How the period was set: `given`, or the rule `--period auto` applied.
    pub period_rule: String,
    /// Articles of a theme a city needs in one period to adopt it.
    pub adopt_min: usize,
}

/// What a run produced.
pub struct RunResult {
    pub settings: RunSettings,
    pub articles: Vec<ThemedArticle>,
    pub themes: Vec<ThemeSummary>,
    /// The articles no theme took, when there are any: a row of the summary
    /// table, `themes.csv` and `summary.json` (see [`Self::summary_rows`]),
    /// but no theme of the charts.
    pub other: Option<ThemeSummary>,
    pub trends: TrendTable,
    /// When each city first carried each theme.
    pub diffusion: Diffusion,
    /// The adoption panel, cascades and cities under `settings.adopt_min`.
    pub adoption: Adoption,
    /// How many articles the period view could place.
    pub dates: DateCoverage,
    pub model: ThemeModel,
    pub skipped: Vec<Skipped>,
    pub furniture: Vec<PageFurniture>,
    pub accounting: Accounting,
    /// Each article's term bag, in the order of `articles`: the report
    /// itself does not need it, but `evaluate` does, to score coherence on
    /// the articles as they were segmented ([`crate::quality`]).
    pub corpus: TermCorpus,
    /// How `--k auto` chose k, when it did.
    pub k_choice: Option<KChoice>,
    /// Every input file found, in the order read (a shard's too: all of
    /// them), which puts merged shards back in order.
    pub sources: Vec<String>,
}

/// A theme together with how the corpus carries it: what the summary table,
/// `themes.csv` and the charts show.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSummary {
    pub theme: Theme,
    pub articles: usize,
    /// Fraction of all articles.
    pub share: f64,
    /// The share's 95% Wilson interval ([`wilson_interval`]).
    pub share_low: f64,
    pub share_high: f64,
    /// Known cities where the theme takes the largest share of their
    /// articles, strongest first.
    pub leading_cities: Vec<CityShare>,
    /// Up to three titles of the articles closest to the theme's centre.
    pub example_titles: Vec<String>,
}

impl ThemeSummary {
    /// `theme` carried by `n` of the corpus's `total` articles.
    fn new(
        theme: Theme,
        n: usize,
        total: usize,
        example_titles: Vec<String>,
        trends: &TrendTable,
    ) -> ThemeSummary {
        let (share_low, share_high) = wilson_interval(n, total);
        ThemeSummary {
            leading_cities: trends.leading_cities(&theme.id, LEADING_CITIES),
            theme,
            articles: n,
            share: n as f64 / total as f64,
            share_low,
            share_high,
            example_titles,
        }
    }

    /// The articles no theme took (`other`), as a row of the summary, so
    /// the table's shares add up to the whole corpus; `None` when every
    /// article has a theme.
    fn other(articles: &[ThemedArticle], trends: &TrendTable) -> Option<ThemeSummary> {
        let n = articles
            .iter()
            .filter(|a| a.assignment.theme.is_none())
            .count();
        let theme = Theme {
            id: OTHER.to_string(),
            name: OTHER_NAME.to_string(),
            name_en: OTHER.to_string(),
            top_terms: Vec::new(),
        };
        (n > 0).then(|| ThemeSummary::new(theme, n, articles.len(), Vec::new(), trends))
    }
}

/// Leading cities shown per theme.
const LEADING_CITIES: usize = 3;

/// What a run read, before any theme.
pub(crate) struct Reading {
    pub articles: Vec<ArticleSummary>,
    /// Each article's terms, in the order of `articles`.
    pub corpus: TermCorpus,
    /// Whether each article is a roundup of several items (see
    /// [`crate::roundup`]), in the order of `articles`.
    pub roundups: Vec<bool>,
    pub skipped: Vec<Skipped>,
    pub furniture: Vec<PageFurniture>,
    /// Input files found (this shard's, with a shard).
    pub files: usize,
    /// Every input file found, in the order read.
    pub sources: Vec<String>,
}

impl RunResult {
    /// Joins what was read with the themes `model` gave it (one assignment
    /// per article) and aggregates the trends.
    pub(crate) fn assemble(
        settings: RunSettings,
        reading: Reading,
        model: ThemeModel,
        assignments: Vec<Assignment>,
        k_choice: Option<KChoice>,
    ) -> RunResult {
        let articles: Vec<ThemedArticle> = reading
            .articles
            .into_iter()
            .zip(assignments)
            .map(|(article, assignment)| ThemedArticle {
                article,
                assignment,
            })
            .collect();
        let observations = observations(&articles, &model, settings.period);
        let trends = TrendTable::build(&observations);
        let themes = summarize(&articles, &model, &trends);
        let other = ThemeSummary::other(&articles, &trends);
        let accounting = Accounting::new(reading.files, &reading.skipped, &articles);
        let diffusion = Diffusion::build(&observations);
        let adoption = Adoption::build(&observations, settings.adopt_min);
        let dates = DateCoverage::count(&observations);
        RunResult {
            settings,
            articles,
            themes,
            other,
            trends,
            diffusion,
            adoption,
            dates,
            model,
            skipped: reading.skipped,
            furniture: reading.furniture,
            accounting,
            corpus: reading.corpus,
            k_choice,
            sources: reading.sources,
        }
    }
}

/// Puts what was skipped in input order: by file, in the order the files
/// were read, then by line; skips found on reading a file and on splitting
/// its page are otherwise apart. A merge of shards sorts the same way
/// ([`crate::merge`]), so its skipped.csv is that of one whole run.
pub(crate) fn in_input_order(skipped: &mut [Skipped], sources: &[String]) {
    let order = file_order(sources);
    skipped.sort_by_key(|s| (order.get(s.source.as_str()).copied(), s.position));
}

/// Each file's place in the order read; a file named twice keeps its first.
pub(crate) fn file_order(sources: &[String]) -> HashMap<&str, usize> {
    let mut order = HashMap::with_capacity(sources.len());
    for (i, source) in sources.iter().enumerate() {
        order.entry(source.as_str()).or_insert(i);
    }
    order
}

impl RunResult {
    /// The rows of the theme summary: the themes, largest first, then
    /// `other`, so their shares add up to every article.
    pub fn summary_rows(&self) -> impl Iterator<Item = &ThemeSummary> {
        self.themes.iter().chain(&self.other)
    }
}

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
        .map(|(theme, (&n, best))| {
            let titles = best
                .iter()
                .filter_map(|a| a.article.title.clone())
                .collect();
            ThemeSummary::new(theme.clone(), n, articles.len(), titles, trends)
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
