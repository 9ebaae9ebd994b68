//! CSV exporters. Each returns the bytes of one file; [`super::write_report`]
//! decides where they go. Tidy, UTF-8, one header row, columns by name.

use csv::Writer;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::Assignment;
use crate::pipeline::{PageFurniture, RunResult, ThemedArticle, theme_id};
use crate::trends::{Diffusion, TrendTable};

/// The finished file's bytes, or the error naming `file`.
pub(super) fn finish<W: std::io::Write>(writer: Writer<W>, file: &str) -> Result<W> {
    writer.into_inner().map_err(|e| Error::Output {
        path: file.into(),
        message: e.to_string(),
    })
}

/// Turns a CSV error into one naming `file`.
pub(super) fn csv_error(file: &str) -> impl Fn(csv::Error) -> Error + use<> {
    let path = std::path::PathBuf::from(file);
    move |e| Error::Output {
        path: path.clone(),
        message: e.to_string(),
    }
}

/// `articles.csv`: one row per article. Blocks of rows are written in
/// parallel and joined in order: the file is as large as the corpus, and
/// writing it on one thread was the largest part of a report on a large
/// corpus.
pub fn articles_csv(run: &RunResult) -> Result<Vec<u8>> {
    let err = csv_error("articles.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "source",
        "position",
        "title",
        "city",
        "date",
        "date_precision",
        "theme",
        "theme_name",
        "cluster",
        "score",
        "chars",
        "city_confidence",
        "city_evidence",
        "date_evidence",
        "lead",
        "theme2",
        "score2",
        "other_reason",
        "truncated_from",
    ])
    .map_err(&err)?;
    let mut bytes = finish(w, "articles.csv")?;
    let blocks: Vec<Vec<u8>> = run
        .articles
        .par_chunks(ARTICLE_ROWS_PER_BLOCK)
        .map(|block| article_rows(run, block))
        .collect::<Result<_>>()?;
    for block in blocks {
        bytes.extend_from_slice(&block);
    }
    Ok(bytes)
}

const ARTICLE_ROWS_PER_BLOCK: usize = 8192;

/// The rows of `articles.csv` for `articles`, without the header.
fn article_rows(run: &RunResult, articles: &[ThemedArticle]) -> Result<Vec<u8>> {
    let err = csv_error("articles.csv");
    let mut w = Writer::from_writer(Vec::new());
    for themed in articles {
        let a = &themed.article;
        let theme = themed.assignment.theme.map(|t| &run.model.themes[t]);
        let second = themed.assignment.second;
        w.write_record([
            a.id.as_str(),
            &a.source,
            &a.position.to_string(),
            a.title.as_deref().unwrap_or(""),
            a.city.city.as_deref().unwrap_or(""),
            &a.date.date.to_iso(),
            a.date.date.precision().as_str(),
            theme_id(&run.model, &themed.assignment),
            theme.map_or("(other)", |t| t.name.as_str()),
            &themed
                .assignment
                .cluster
                .map_or(String::new(), |c| c.to_string()),
            &format!("{:.4}", themed.assignment.score),
            &a.chars.to_string(),
            &format!("{:.2}", a.city.confidence),
            &a.city.evidence,
            &a.date.evidence,
            &a.lead,
            second.map_or("", |(t, _)| run.model.themes[t].id.as_str()),
            &second.map_or(String::new(), |(_, s)| format!("{s:.4}")),
            &other_reason(run, &themed.assignment),
            &a.truncated_from.map_or(String::new(), |n| n.to_string()),
        ])
        .map_err(&err)?;
    }
    finish(w, "articles.csv")
}

/// Why an article is `other`, with the nearest theme when there is one so a
/// reader can judge the call: "far from every theme (nearest: rural, 0.08)".
fn other_reason(run: &RunResult, assignment: &Assignment) -> String {
    let Some(reason) = assignment.other else {
        return String::new();
    };
    match run.model.nearest_theme(assignment) {
        Some(t) => format!(
            "{} (nearest: {}, {:.2})",
            reason.as_str(),
            run.model.themes[t].id,
            assignment.score
        ),
        None => reason.as_str().to_string(),
    }
}

/// `themes.csv`: one row per theme, largest first.
pub fn themes_csv(run: &RunResult) -> Result<Vec<u8>> {
    let err = csv_error("themes.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record([
        "theme",
        "theme_name",
        "theme_name_en",
        "articles",
        "share",
        "top_terms",
        "leading_cities",
        "example_titles",
    ])
    .map_err(&err)?;
    for s in &run.themes {
        let terms: Vec<&str> = s.theme.top_terms.iter().map(|t| t.term.as_str()).collect();
        let cities: Vec<String> = s.leading_cities.iter().map(ToString::to_string).collect();
        w.write_record([
            s.theme.id.as_str(),
            &s.theme.name,
            &s.theme.name_en,
            &s.articles.to_string(),
            &format!("{:.4}", s.share),
            &terms.join(" "),
            &cities.join("; "),
            &s.example_titles.join(" | "),
        ])
        .map_err(&err)?;
    }
    finish(w, "themes.csv")
}

/// `trends.csv`: the tidy long table (see [`crate::trends`]).
pub fn trends_csv(trends: &TrendTable) -> Result<Vec<u8>> {
    let err = csv_error("trends.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record(["theme", "city", "period", "articles", "share"])
        .map_err(&err)?;
    for r in trends.rows() {
        w.write_record([
            r.theme.as_str(),
            &r.city,
            &r.period,
            &r.articles.to_string(),
            &format!("{:.6}", r.share),
        ])
        .map_err(&err)?;
    }
    finish(w, "trends.csv")
}

/// `diffusion.csv`: when each known city first carried each theme.
pub fn diffusion_csv(diffusion: &Diffusion) -> Result<Vec<u8>> {
    let err = csv_error("diffusion.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record([
        "theme",
        "city",
        "first_period",
        "first_date",
        "articles",
        "order",
        "cities_by_then",
    ])
    .map_err(&err)?;
    for r in diffusion.rows() {
        w.write_record([
            r.theme.as_str(),
            &r.city,
            &r.first_period,
            &r.first_date,
            &r.articles.to_string(),
            &r.order.to_string(),
            &r.cities_by_then.to_string(),
        ])
        .map_err(&err)?;
    }
    finish(w, "diffusion.csv")
}

/// `skipped.csv`: inputs and lines that did not become articles, with why.
pub fn skipped_csv(run: &RunResult) -> Result<Vec<u8>> {
    let err = csv_error("skipped.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record(["source", "position", "reason"])
        .map_err(&err)?;
    for s in &run.skipped {
        w.write_record([s.source.as_str(), &s.position.to_string(), &s.reason])
            .map_err(&err)?;
    }
    finish(w, "skipped.csv")
}

/// `furniture.csv`: page lines that are not part of any article.
pub fn furniture_csv(furniture: &[PageFurniture]) -> Result<Vec<u8>> {
    let err = csv_error("furniture.csv");
    let mut w = Writer::from_writer(Vec::new());
    w.write_record(["source", "line", "kind", "text"])
        .map_err(&err)?;
    for f in furniture {
        w.write_record([
            f.source.as_str(),
            &f.furniture.line.to_string(),
            f.furniture.kind.as_str(),
            &f.furniture.text,
        ])
        .map_err(&err)?;
    }
    finish(w, "furniture.csv")
}
