//! Outputs: CSV tables, SVG charts, the fitted model and the terminal
//! summary. Exporters return bytes or strings; [`write_report`] is the one
//! place that decides file names and writes them.

pub mod csv;
pub mod html;
pub mod summary;
pub mod svg;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::RunResult;

/// How the report is written, beyond what the run found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Start every CSV with a UTF-8 byte-order mark, without which Excel
    /// reads UTF-8 as the local code page and garbles Chinese.
    pub excel: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes every output file into `dir` (created if missing) and returns the
/// paths written, in a fixed order.
pub fn write_report(dir: &Path, run: &RunResult, options: ReportOptions) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("articles.csv".into(), csv::articles_csv(run)?),
        ("themes.csv".into(), csv::themes_csv(run)?),
        ("trends.csv".into(), csv::trends_csv(&run.trends)?),
        ("skipped.csv".into(), csv::skipped_csv(run)?),
        ("furniture.csv".into(), csv::furniture_csv(&run.furniture)?),
        ("diffusion.csv".into(), csv::diffusion_csv(&run.diffusion)?),
        ("model.json".into(), run.model.to_json()?.into_bytes()),
        (
            "summary.json".into(),
            summary::summary_json(run)?.into_bytes(),
        ),
    ];
    if options.excel {
        for (name, bytes) in &mut files {
            if name.ends_with(".csv") {
                bytes.splice(0..0, UTF8_BOM.iter().copied());
            }
        }
    }
    let charts = svg::render_charts(&svg::ChartInput {
        themes: &run.themes,
        trends: &run.trends,
        diffusion: &run.diffusion,
        dates: run.dates,
        period: run.settings.period,
    })
    .map_err(|e| Error::Output {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    files.push((
        "report.html".into(),
        html::report_html(run, &charts).into_bytes(),
    ));
    files.extend(
        charts
            .into_iter()
            .map(|c| (c.file_name, c.svg.into_bytes())),
    );
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::write(&path, bytes).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
