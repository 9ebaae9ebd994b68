//! Outputs: CSV tables, SVG charts, the fitted model and the terminal
//! summary. Exporters return bytes or strings; [`write_report`] is the one
//! place that decides file names and writes them.

pub mod csv;
pub mod k_choice;
pub mod summary;
pub mod svg;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::RunResult;

/// Writes every output file into `dir` (created if missing) and returns the
/// paths written, in a fixed order.
pub fn write_report(dir: &Path, run: &RunResult) -> Result<Vec<PathBuf>> {
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
        ("model.json".into(), run.model.to_json()?.into_bytes()),
    ];
    if let Some(choice) = &run.k_choice {
        files.push((k_choice::CSV_FILE.into(), k_choice::k_choice_csv(choice)?));
        files.push((
            k_choice::SVG_FILE.into(),
            k_choice::k_choice_svg(choice)?.into_bytes(),
        ));
    }
    let charts = svg::render_charts(&run.themes, &run.trends).map_err(|e| Error::Output {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
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
