//! CSV exporters. Each returns the bytes of one file, except that
//! `articles.csv`, as large as the corpus, is written to the writer it is
//! given; [`super::write_report`] decides where they go. Tidy, UTF-8, one
//! header row, columns by name; made ready for Excel as they are written
//! when the run asks for it ([`CsvTable`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use csv::Writer;
use rayon::prelude::*;

use crate::article::PartialDate;
use crate::error::{Error, Result};
use crate::model::{Assignment, OtherReason};
use crate::model::{OTHER_NAME, theme_id};
use crate::page::PageFurniture;
use crate::report::{RunResult, ThemedArticle};
use crate::trends::{Adoption, Diffusion, PanelRow, PeriodKey, TrendRow, TrendTable};

/// The files of this module, named once for the exporters' errors, the
/// report writer and the report page's list of files.
pub const ARTICLES_FILE: &str = "articles.csv";
pub const THEMES_FILE: &str = "themes.csv";
pub const TRENDS_FILE: &str = "trends.csv";
pub const PANEL_FILE: &str = "panel.csv";
pub const DIFFUSION_FILE: &str = "diffusion.csv";
pub const ADOPTION_FILE: &str = "adoption_panel.csv";
pub const CASCADES_FILE: &str = "cascades.csv";
pub const NODES_FILE: &str = "nodes.csv";
pub const SKIPPED_FILE: &str = "skipped.csv";
pub const FURNITURE_FILE: &str = "furniture.csv";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One CSV file being made. For Excel (`excel`: see
/// [`super::ReportOptions::excel`]) the file starts with a byte-order mark,
/// and every text cell Excel would run as a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return first: an article title like `=HYPERLINK(…)`)
/// is written with `'` in front, as it is written; numbers such as `-0.5`
/// stay numbers.
pub(super) struct CsvTable {
    file: &'static str,
    excel: bool,
    writer: Writer<Vec<u8>>,
}

impl CsvTable {
    /// A file whose first row is `header`.
    pub fn new(file: &'static str, excel: bool, header: &[&str]) -> Result<CsvTable> {
        let start = if excel { UTF8_BOM.to_vec() } else { Vec::new() };
        let mut table = CsvTable {
            file,
            excel,
            writer: Writer::from_writer(start),
        };
        table.row(header)?;
        Ok(table)
    }

    /// Rows to be joined after a file's header: a block of a file made in
    /// parallel.
    fn block(file: &'static str, excel: bool) -> CsvTable {
        CsvTable {
            file,
            excel,
            writer: Writer::from_writer(Vec::new()),
        }
    }

    pub fn row<T: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = T>) -> Result<()> {
        for cell in cells {
            let cell = cell.as_ref();
            let cell = if self.excel {
                excel_cell(cell)
            } else {
                Cow::Borrowed(cell)
            };
            self.writer
                .write_field(cell.as_bytes())
                .map_err(|e| self.error(e))?;
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| self.error(e))
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        let file = self.file;
        self.writer.into_inner().map_err(|e| output_error(file, e))
    }

    fn error(&self, e: csv::Error) -> Error {
        output_error(self.file, e)
    }
}

fn output_error(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Output {
        path: file.into(),
        message: e.to_string(),
    }
}

fn excel_cell(cell: &str) -> Cow<'_, str> {
    let formula =
        cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes `articles.csv`, one row per article, to `out`. Blocks of rows are
/// made in parallel and written in order, a few at a time: the file grows
/// with the corpus, so made on one thread it would be the slowest part of
/// a large report, and joined whole in memory it would add a copy of the
/// file to the run's peak.
pub fn write_articles_csv(run: &RunResult, excel: bool, out: &mut impl Write) -> io::Result<()> {
    let header = CsvTable::new(ARTICLES_FILE, excel, &ARTICLE_COLUMNS)
        .and_then(CsvTable::finish)
        .map_err(io::Error::other)?;
    out.write_all(&header)?;
    for wave in run
        .articles
        .chunks(ARTICLE_ROWS_PER_BLOCK * ARTICLE_BLOCKS_PER_WAVE)
    {
        let blocks: Vec<Vec<u8>> = wave
            .par_chunks(ARTICLE_ROWS_PER_BLOCK)
            .map(|block| article_rows(run, block, excel))
            .collect::<Result<_>>()
            .map_err(io::Error::other)?;
        for block in blocks {
            out.write_all(&block)?;
        }
    }
    Ok(())
}

const ARTICLE_ROWS_PER_BLOCK: usize = 2048;
/// Blocks made before they are written: work for every core, and a few
/// tens of megabytes in memory at a time.
const ARTICLE_BLOCKS_PER_WAVE: usize = 32;

/// The columns of `articles.csv`, and of `articles.parquet` in the same
/// order.
pub(super) const ARTICLE_COLUMNS: [&str; 23] = [
    "id",
    "source",
    "position",
    "title",
    "city",
    "city_code",
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
    "theme_scores",
    "other_reason",
    "truncated_from",
    "event_date",
];

/// One article's row as values, before they are written as text (CSV) or
/// typed columns (Parquet), in [`ARTICLE_COLUMNS`] order.
pub(super) struct ArticleRow<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub position: usize,
    pub title: Option<&'a str>,
    pub city: Option<&'a str>,
    pub city_code: Option<&'a str>,
    pub date: PartialDate,
    pub theme: &'a str,
    pub theme_name: &'a str,
    pub cluster: Option<usize>,
    pub score: f64,
    pub chars: usize,
    pub city_confidence: f64,
    pub city_evidence: &'a str,
    pub date_evidence: &'a str,
    pub lead: &'a str,
    pub theme2: Option<&'a str>,
    pub score2: Option<f64>,
    /// Every named theme's score, `id:score` joined by `;`.
    pub theme_scores: String,
    /// Empty when the article has a theme.
    pub other_reason: String,
    pub truncated_from: Option<usize>,
    pub event_date: Option<PartialDate>,
}

impl<'a> ArticleRow<'a> {
    pub fn of(run: &'a RunResult, themed: &'a ThemedArticle) -> ArticleRow<'a> {
        let a = &themed.article;
        let theme = themed.assignment.theme.map(|t| &run.model.themes[t]);
        let second = themed.assignment.second;
        ArticleRow {
            id: &a.id,
            source: &a.source,
            position: a.position,
            title: a.title.as_deref(),
            city: a.city.city.as_deref(),
            city_code: a.city.code.as_deref(),
            date: a.date.date,
            theme: theme_id(&run.model, &themed.assignment),
            theme_name: theme.map_or(OTHER_NAME, |t| t.name.as_str()),
            cluster: themed.assignment.cluster,
            score: themed.assignment.score,
            chars: a.chars,
            city_confidence: a.city.confidence,
            city_evidence: &a.city.evidence,
            date_evidence: &a.date.evidence,
            lead: &a.lead,
            theme2: second.map(|(t, _)| run.model.themes[t].id.as_str()),
            score2: second.map(|(_, s)| s),
            theme_scores: theme_scores(run, &themed.assignment),
            other_reason: other_reason(run, &themed.assignment),
            truncated_from: a.truncated_from,
            event_date: a.date.event,
        }
    }
}

/// The rows of `articles.csv` for `articles`, without the header.
fn article_rows(run: &RunResult, articles: &[ThemedArticle], excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::block(ARTICLES_FILE, excel);
    for themed in articles {
        let r = ArticleRow::of(run, themed);
        w.row([
            r.id,
            r.source,
            &r.position.to_string(),
            r.title.unwrap_or(""),
            r.city.unwrap_or(""),
            r.city_code.unwrap_or(""),
            &r.date.to_iso(),
            r.date.precision().as_str(),
            r.theme,
            r.theme_name,
            &r.cluster.map_or(String::new(), |c| c.to_string()),
            &format!("{:.4}", r.score),
            &r.chars.to_string(),
            &format!("{:.2}", r.city_confidence),
            r.city_evidence,
            r.date_evidence,
            r.lead,
            r.theme2.unwrap_or(""),
            &r.score2.map_or(String::new(), |s| format!("{s:.4}")),
            &r.theme_scores,
            &r.other_reason,
            &r.truncated_from.map_or(String::new(), |n| n.to_string()),
            &r.event_date.map_or(String::new(), |d| d.to_iso()),
        ])?;
    }
    w.finish()
}

/// Every named theme's score for the article, `id:score` joined by `;`, so
/// researchers can set their own threshold.
fn theme_scores(run: &RunResult, assignment: &Assignment) -> String {
    // Written into one string: a string per theme would be most of the
    // allocations made for a row.
    let mut out = String::with_capacity(run.model.named.len() * 20);
    for (i, (n, s)) in run
        .model
        .named
        .iter()
        .zip(&assignment.named_scores)
        .enumerate()
    {
        let separator = if i == 0 { "" } else { ";" };
        let id = &run.model.themes[n.theme].id;
        // Writing to a String cannot fail.
        let _ = write!(out, "{separator}{id}:{s:.3}");
    }
    out
}

/// Why an article is `other`, with the nearest theme when distance was the
/// reason, so a reader can judge the call: "far from every theme (nearest:
/// rural, 0.08)".
fn other_reason(run: &RunResult, assignment: &Assignment) -> String {
    let Some(reason) = assignment.other else {
        return String::new();
    };
    match run.model.nearest_theme(assignment) {
        Some(t) if reason == OtherReason::FarFromEveryTheme => format!(
            "{} (nearest: {}, {:.2})",
            reason.as_str(),
            run.model.themes[t].id,
            assignment.score
        ),
        _ => match reason {
            OtherReason::NotPolicy(s) => {
                format!("{}: {}", reason.as_str(), run.model.not_policy[s].name)
            }
            _ => reason.as_str().to_string(),
        },
    }
}

/// `themes.csv`: one row per theme, largest first.
pub fn themes_csv(run: &RunResult, excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        THEMES_FILE,
        excel,
        &[
            "theme",
            "theme_name",
            "theme_name_en",
            "articles",
            "share",
            "share_low",
            "share_high",
            "top_terms",
            "leading_cities",
            "example_titles",
        ],
    )?;
    for s in run.summary_rows() {
        let terms: Vec<&str> = s.theme.top_terms.iter().map(|t| t.term.as_str()).collect();
        let cities: Vec<String> = s.leading_cities.iter().map(ToString::to_string).collect();
        w.row([
            s.theme.id.as_str(),
            &s.theme.name,
            &s.theme.name_en,
            &s.articles.to_string(),
            &format!("{:.4}", s.share),
            &format!("{:.4}", s.share_low),
            &format!("{:.4}", s.share_high),
            &terms.join(" "),
            &cities.join("; "),
            &s.example_titles.join(" | "),
        ])?;
    }
    w.finish()
}

/// Each city's division code, for the files keyed by city name: names
/// are resolved through the gazetteer, so a name has one code (none for a
/// given city the gazetteer does not know).
pub fn city_codes(run: &RunResult) -> BTreeMap<&str, &str> {
    run.articles
        .iter()
        .filter_map(|a| {
            let city = &a.article.city;
            Some((city.city.as_deref()?, city.code.as_deref()?))
        })
        .collect()
}

/// `trends.csv`: the tidy long table (see [`crate::trends`]), its three
/// views told apart by the `all` marker: `city = X, period = all` is theme ×
/// city, `city = all, period = P` theme × period, `all/all` the corpus. A
/// city or period the pages did not reveal is `unknown`. Rows are sorted by
/// theme, city and period as written, so the file is byte-stable.
pub fn trends_csv(
    trends: &TrendTable,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        TRENDS_FILE,
        excel,
        &[
            "theme",
            "city",
            "period",
            "articles",
            "share",
            "share_low",
            "share_high",
            "city_code",
        ],
    )?;
    for r in trend_rows(trends) {
        let [share, low, high] = share_cells(r.share, r.interval);
        w.row([
            r.theme,
            &r.city,
            &r.period,
            &r.articles.to_string(),
            &share,
            &low,
            &high,
            codes.get(r.city.as_str()).copied().unwrap_or(""),
        ])?;
    }
    w.finish()
}

/// One row of `trends.csv` and `trends.parquet`, before its city code.
pub(super) struct TrendLine<'a> {
    pub theme: &'a str,
    pub city: String,
    pub period: String,
    pub articles: usize,
    pub share: f64,
    /// The share's 95% Wilson interval.
    pub interval: (f64, f64),
}

impl<'a> TrendLine<'a> {
    fn of<S>(row: &'a TrendRow<S>, city: String, period: String) -> TrendLine<'a> {
        TrendLine {
            theme: &row.theme,
            city,
            period,
            articles: row.articles,
            share: row.share,
            interval: row.interval(),
        }
    }
}

/// The three views of `trends` as one table, sorted by theme, city and
/// period as written (see [`trends_csv`]).
pub(super) fn trend_rows(trends: &TrendTable) -> Vec<TrendLine<'_>> {
    let by_city = trends
        .by_city()
        .iter()
        .map(|r| TrendLine::of(r, city_label(&r.slice), ALL.to_string()));
    let by_period = trends
        .by_period()
        .iter()
        .map(|r| TrendLine::of(r, ALL.to_string(), period_label(&r.slice)));
    let overall = trends
        .overall()
        .iter()
        .map(|r| TrendLine::of(r, ALL.to_string(), ALL.to_string()));
    let mut rows: Vec<TrendLine> = by_city.chain(by_period).chain(overall).collect();
    rows.sort_by(|a, b| (a.theme, &a.city, &a.period).cmp(&(b.theme, &b.city, &b.period)));
    rows
}

/// `panel.csv`: theme × city × period, every theme for each city and
/// period with articles (0 where it carries none), the share of the city's
/// articles in the period with its Wilson bounds. Summed over periods the
/// counts give the `period = all` rows of `trends.csv`, over cities the
/// `city = all` rows. Sorted by theme, city and period as written.
pub fn panel_csv(
    trends: &TrendTable,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        PANEL_FILE,
        excel,
        &[
            "theme",
            "city",
            "city_code",
            "period",
            "articles",
            "city_period_articles",
            "share",
            "share_low",
            "share_high",
        ],
    )?;
    for (city, period, r) in panel_rows(trends) {
        let [share, low, high] = share_cells(r.share, r.interval());
        w.row([
            r.theme.as_str(),
            &city,
            codes.get(city.as_str()).copied().unwrap_or(""),
            &period,
            &r.articles.to_string(),
            &r.slice_articles.to_string(),
            &share,
            &low,
            &high,
        ])?;
    }
    w.finish()
}

/// The panel's rows with their city and period as written, sorted by
/// theme, city and period, for `panel.csv` and `panel.parquet`.
pub(super) fn panel_rows(trends: &TrendTable) -> Vec<(String, String, &PanelRow)> {
    let mut rows: Vec<(String, String, &PanelRow)> = trends
        .panel()
        .iter()
        .map(|r| (city_label(&r.slice.0), period_label(&r.slice.1), r))
        .collect();
    rows.sort_by(|a, b| (&a.2.theme, &a.0, &a.1).cmp(&(&b.2.theme, &b.0, &b.1)));
    rows
}

const ALL: &str = "all";
const UNKNOWN: &str = "unknown";

/// A city as `trends.csv` and `panel.csv` write it.
fn city_label(city: &Option<String>) -> String {
    city.as_deref().unwrap_or(UNKNOWN).to_string()
}

/// A period as `trends.csv` and `panel.csv` write it.
fn period_label(period: &Option<PeriodKey>) -> String {
    period.map_or_else(|| UNKNOWN.to_string(), |p| p.to_string())
}

/// A share and its 95% Wilson bounds as the tables write them.
fn share_cells(share: f64, (low, high): (f64, f64)) -> [String; 3] {
    [share, low, high].map(|v| format!("{v:.6}"))
}

/// `diffusion.csv`: when each known city first carried each theme.
pub fn diffusion_csv(
    diffusion: &Diffusion,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        DIFFUSION_FILE,
        excel,
        &[
            "theme",
            "city",
            "first_period",
            "first_date",
            "articles",
            "order",
            "cities_by_then",
            "city_code",
        ],
    )?;
    for r in diffusion.rows() {
        w.row([
            r.theme.as_str(),
            &r.city,
            &r.first_period.to_string(),
            &r.first_date,
            &r.articles.to_string(),
            &r.order.to_string(),
            &r.cities_by_then.to_string(),
            codes.get(r.city.as_str()).copied().unwrap_or(""),
        ])?;
    }
    w.finish()
}

/// `adoption_panel.csv`: the event-history panel, one row per known city ×
/// theme × period while the city is at risk of adopting the theme (from
/// its first dated article until it adopts, or until its last dated
/// article when it never does). `at_risk` is 1 on every row, so the file
/// reads as a risk set as it is; `period_index` counts periods from the
/// corpus's first, for a survival model's clock.
pub fn adoption_panel_csv(
    adoption: &Adoption,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        ADOPTION_FILE,
        excel,
        &[
            "city",
            "city_code",
            "theme",
            "period",
            "period_index",
            "at_risk",
            "adopted",
            "articles",
            "city_articles",
        ],
    )?;
    for r in adoption.panel() {
        w.row([
            r.city.as_str(),
            codes.get(r.city.as_str()).copied().unwrap_or(""),
            &r.theme,
            &r.period.to_string(),
            &r.index.to_string(),
            "1",
            if r.adopted { "1" } else { "0" },
            &r.articles.to_string(),
            &r.city_articles.to_string(),
        ])?;
    }
    w.finish()
}

/// `cascades.csv`: one row per adoption, in the long form R's
/// NetworkInference reads (`as_cascade_long`): the theme is the cascade,
/// the city the node, the period index the numeric event time.
pub fn cascades_csv(adoption: &Adoption, excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        CASCADES_FILE,
        excel,
        &["cascade_id", "node_name", "event_time", "period"],
    )?;
    for c in adoption.cascades() {
        w.row([
            c.theme.as_str(),
            &c.city,
            &c.index.to_string(),
            &c.period.to_string(),
        ])?;
    }
    w.finish()
}

/// `nodes.csv`: every known city, never-adopters included, with the window
/// the collection observes it in and whether that window starts with the
/// corpus (left-censored: its "first" may be older than the collection).
pub fn nodes_csv(
    adoption: &Adoption,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(
        NODES_FILE,
        excel,
        &[
            "city",
            "city_code",
            "articles",
            "first_period",
            "last_period",
            "first_index",
            "last_index",
            "left_censored",
        ],
    )?;
    for c in adoption.cities() {
        let label = |p: Option<PeriodKey>| p.map_or(String::new(), |p| p.to_string());
        let index =
            |p: Option<PeriodKey>| p.map_or(String::new(), |p| adoption.index(p).to_string());
        let (first, last) = (c.window.map(|w| w.0), c.window.map(|w| w.1));
        w.row([
            c.city.as_str(),
            codes.get(c.city.as_str()).copied().unwrap_or(""),
            &c.articles.to_string(),
            &label(first),
            &label(last),
            &index(first),
            &index(last),
            if c.left_censored { "1" } else { "0" },
        ])?;
    }
    w.finish()
}

/// `skipped.csv`: inputs and lines that did not become articles, with why.
pub fn skipped_csv(run: &RunResult, excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(SKIPPED_FILE, excel, &["source", "position", "reason"])?;
    for s in &run.skipped {
        w.row([s.source.as_str(), &s.position.to_string(), &s.reason])?;
    }
    w.finish()
}

/// `furniture.csv`: page lines that are not part of any article.
pub fn furniture_csv(furniture: &[PageFurniture], excel: bool) -> Result<Vec<u8>> {
    let mut w = CsvTable::new(FURNITURE_FILE, excel, &["source", "line", "kind", "text"])?;
    for f in furniture {
        w.row([
            f.source.as_str(),
            &f.furniture.line.to_string(),
            f.furniture.kind.as_str(),
            &f.furniture.text,
        ])?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_csv_neutralises_formulas_but_keeps_numbers() {
        let rows = [
            ["=HYPERLINK(\"http://x\")", "-0.5"],
            ["@SUM(A1)", "+3"],
            ["普通标题", "1"],
        ];
        let write = |excel| {
            let mut t = CsvTable::new("t.csv", excel, &["title", "score"]).unwrap();
            for row in rows {
                t.row(row).unwrap();
            }
            t.finish().unwrap()
        };
        let out = write(true);
        assert!(out.starts_with(UTF8_BOM));
        let text = String::from_utf8(out[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "title,score\n\"'=HYPERLINK(\"\"http://x\"\")\",-0.5\n'@SUM(A1),+3\n普通标题,1\n"
        );
        let plain = String::from_utf8(write(false)).unwrap();
        assert_eq!(
            plain,
            "title,score\n\"=HYPERLINK(\"\"http://x\"\")\",-0.5\n@SUM(A1),+3\n普通标题,1\n"
        );
    }

    #[test]
    fn a_block_for_excel_neutralises_its_cells_and_has_no_byte_order_mark() {
        // articles.csv is a header file plus blocks: only the header may
        // carry the mark, and every block must still neutralise formulas.
        let mut block = CsvTable::block(ARTICLES_FILE, true);
        block.row(["=1+1", "-0.5"]).unwrap();
        assert_eq!(block.finish().unwrap(), b"'=1+1,-0.5\n");
    }
}
