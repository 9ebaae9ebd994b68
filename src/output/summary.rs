//! The theme summary: printed on stdout as one aligned row per theme, with
//! CJK text measured by display width so columns line up in a terminal, and
//! the same content as JSON (`summary.json`, `--format json`) for notebooks
//! and scripts, with the run's settings and counts beside it.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::{RunResult, RunSettings};
use crate::trends::{CityShare, DateCoverage, LEADING_CITIES_RANKING};

/// Terms shown per theme in the terminal (the CSV has them all).
const SUMMARY_TERMS: usize = 6;

pub fn summary_table(run: &RunResult) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "theme",
            "name",
            "articles",
            "share",
            "top terms",
            "leading cities (by 95% lower bound)",
        ]);
    for s in run.summary_rows() {
        let terms: Vec<&str> = s
            .theme
            .top_terms
            .iter()
            .take(SUMMARY_TERMS)
            .map(|t| t.term.as_str())
            .collect();
        let cities: Vec<String> = s.leading_cities.iter().map(ToString::to_string).collect();
        table.add_row(vec![
            s.theme.id.clone(),
            s.theme.name.clone(),
            s.articles.to_string(),
            format!("{:.1}%", s.share * 100.0),
            terms.join(" "),
            cities.join(", "),
        ]);
    }
    for col in [2, 3] {
        if let Some(c) = table.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{table}\n")
}

/// `summary.json`: what the table shows, plus the settings and counts a
/// script needs to interpret it. Field order is fixed, so output is stable.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub settings: &'a RunSettings,
    /// What `share_low` and `share_high` are, here and in the CSV tables.
    pub share_interval: &'static str,
    /// How `leading_cities` are ranked.
    pub leading_cities: &'static str,
    pub counts: Counts,
    pub themes: Vec<ThemeEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    /// Input files found, read or not.
    pub files: usize,
    pub articles: usize,
    /// Inputs and records that did not become articles (`skipped.csv`):
    /// whole files, and JSONL lines.
    pub skipped: usize,
    pub files_skipped: usize,
    pub lines_skipped: usize,
    /// Page lines kept out of articles (`furniture.csv`).
    pub furniture_lines: usize,
    /// Distinct known cities.
    pub cities: usize,
    /// Articles whose city is not known.
    pub unknown_city: usize,
    /// Articles whose given city the gazetteer does not know (kept as
    /// given, flagged in `city_evidence`).
    pub unknown_given_cities: usize,
    /// How many articles the period view could place.
    pub dates: DateCoverage,
}

#[derive(Debug, Serialize)]
pub struct ThemeEntry<'a> {
    pub theme: &'a str,
    pub name: &'a str,
    pub name_en: &'a str,
    pub articles: usize,
    /// Fraction of all articles.
    pub share: f64,
    pub share_low: f64,
    pub share_high: f64,
    /// Distinctive terms, strongest first.
    pub top_terms: Vec<&'a str>,
    pub leading_cities: &'a [CityShare],
    pub example_titles: &'a [String],
}

pub fn summary(run: &RunResult) -> Summary<'_> {
    Summary {
        settings: &run.settings,
        share_interval: SHARE_INTERVAL,
        leading_cities: LEADING_CITIES_RANKING,
        counts: Counts {
            files: run.accounting.files_found,
            articles: run.articles.len(),
            skipped: run.skipped.len(),
            files_skipped: run.accounting.files_skipped,
            lines_skipped: run.accounting.lines_skipped,
            furniture_lines: run.furniture.len(),
            cities: run.trends.known_cities().len(),
            unknown_city: run.trends.unknown_city_articles(),
            unknown_given_cities: run.accounting.unknown_given_cities,
            dates: run.dates,
        },
        themes: run
            .summary_rows()
            .map(|s| ThemeEntry {
                theme: &s.theme.id,
                name: &s.theme.name,
                name_en: &s.theme.name_en,
                articles: s.articles,
                share: s.share,
                share_low: s.share_low,
                share_high: s.share_high,
                top_terms: s.theme.top_terms.iter().map(|t| t.term.as_str()).collect(),
                leading_cities: &s.leading_cities,
                example_titles: &s.example_titles,
            })
            .collect(),
    }
}

/// How `summary.json` states the meaning of `share_low` and `share_high`.
pub const SHARE_INTERVAL: &str = "share_low and share_high (here, in themes.csv, trends.csv and panel.csv) bound the 95% Wilson score interval of share, the band theme_over_time.svg draws";

pub const JSON_FILE: &str = "summary.json";

/// [`summary`] as pretty-printed JSON, ending in a newline.
pub fn summary_json(run: &RunResult) -> Result<String> {
    let mut json = serde_json::to_string_pretty(&summary(run)).map_err(|e| Error::Output {
        path: JSON_FILE.into(),
        message: e.to_string(),
    })?;
    json.push('\n');
    Ok(json)
}
