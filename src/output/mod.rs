//! Outputs: CSV tables, SVG charts, the fitted model and the terminal
//! summary. Exporters return bytes or strings, each module naming its files
//! in constants; [`write_report`] is the one place that writes them.

pub mod csv;
pub mod html;
pub mod k_choice;
pub mod parquet;
pub mod rows;
pub mod summary;
pub mod svg;
pub mod xlsx;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::report::RunResult;

/// Marks a folder as a policy-themes report, so a later run may replace it.
pub const REPORT_MARKER: &str = ".policy-themes-report";

/// The fitted model, which `assign` applies to new articles.
pub const MODEL_FILE: &str = "model.json";

/// How the report is written, beyond what the run found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Start every CSV with a UTF-8 byte-order mark, without which Excel
    /// reads UTF-8 as the local code page and garbles Chinese, and write
    /// the tables as a workbook too ([`xlsx`]), whose typed cells keep
    /// periods such as `2024-12` from turning into dates.
    pub excel: bool,
    /// Also write the articles and trends as Parquet ([`parquet`]).
    pub parquet: bool,
}

/// Writes every output file into `dir` and returns the paths written, in a
/// fixed order.
///
/// The files are written to a fresh sibling folder first and swapped in at
/// the end, so an interrupted run (Ctrl-C, kill, a full disk) leaves the
/// previous report intact and a finished one never mixes old and new files.
/// An existing `dir` is replaced only if it is empty or an earlier report
/// (it holds [`REPORT_MARKER`]); any other folder is refused, never deleted.
pub fn write_report(dir: &Path, run: &RunResult, options: ReportOptions) -> Result<Vec<PathBuf>> {
    let staging = Staging::create(dir)?;
    // articles.csv, as large as the corpus, and model.json, as large as its
    // vocabulary, are the two big files: each is made and written while
    // the other files are, so neither waits for the rest.
    let (articles, (model, others)) = rayon::join(
        || {
            staging.write_with(csv::ARTICLES_FILE, |out| {
                csv::write_articles_csv(run, options.excel, out)
            })
        },
        || {
            rayon::join(
                || staging.write_with(MODEL_FILE, |out| run.model.write_json(out)),
                || -> Result<Vec<String>> {
                    let files = render_files(run, dir, options)?;
                    for (name, bytes) in &files {
                        staging.write(name, bytes)?;
                    }
                    Ok(files.into_iter().map(|(name, _)| name).collect())
                },
            )
        },
    );
    articles?;
    model?;
    let mut others = others?;
    // A shard's report carries its rows for `merge`; a whole one does not.
    if run.settings.shard.is_some() {
        staging.write_with(rows::ROWS_FILE, |out| rows::write_rows(run, out))?;
        others.push(rows::ROWS_FILE.to_string());
    }
    staging.write(
        REPORT_MARKER,
        b"policy-themes report folder: a new run replaces its whole content\n",
    )?;
    staging.commit()?;
    Ok([csv::ARTICLES_FILE, MODEL_FILE]
        .into_iter()
        .map(String::from)
        .chain(others)
        .map(|name| dir.join(name))
        .collect())
}

/// Every output file's name and bytes but `articles.csv`'s and the model's.
fn render_files(
    run: &RunResult,
    dir: &Path,
    options: ReportOptions,
) -> Result<Vec<(String, Vec<u8>)>> {
    let codes = csv::city_codes(run);
    let mut files = tables(run, &codes, options.excel)?;
    if options.excel {
        // The workbook is made from the plain tables: its cells are typed,
        // so they need neither the byte-order mark nor the formula guard.
        let plain = tables(run, &codes, false)?;
        let sheets: Vec<(&str, &[u8])> = plain
            .iter()
            .map(|(name, bytes)| (name.trim_end_matches(".csv"), bytes.as_slice()))
            .collect();
        files.push((xlsx::XLSX_FILE.into(), xlsx::workbook(&sheets)?));
    }
    files.push((
        summary::JSON_FILE.into(),
        summary::summary_json(run)?.into_bytes(),
    ));
    if options.parquet {
        match run.settings.shard {
            Some(shard) => files.push((
                parquet::articles_part_file(shard.index),
                parquet::articles_parquet(run)?,
            )),
            None => {
                files.push((
                    parquet::ARTICLES_FILE.into(),
                    parquet::articles_parquet(run)?,
                ));
                files.push((
                    parquet::TRENDS_FILE.into(),
                    parquet::trends_parquet(run, &codes)?,
                ));
                files.push((
                    parquet::PANEL_FILE.into(),
                    parquet::panel_parquet(run, &codes)?,
                ));
                files.push((
                    parquet::ADOPTION_FILE.into(),
                    parquet::adoption_panel_parquet(run, &codes)?,
                ));
            }
        }
    }
    let charts = svg::render_charts(&svg::ChartInput {
        themes: &run.themes,
        trends: &run.trends,
        diffusion: &run.diffusion,
        adoption: &run.adoption,
        dates: run.dates,
        period: run.settings.period,
        k_choice: run.k_choice.as_ref(),
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
    Ok(files)
}

/// Every CSV table but `articles.csv` (which grows with the corpus and is
/// streamed), as file name and bytes, for Excel when `excel`.
fn tables(
    run: &RunResult,
    codes: &BTreeMap<&str, &str>,
    excel: bool,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut tables: Vec<(String, Vec<u8>)> = vec![
        (csv::THEMES_FILE.into(), csv::themes_csv(run, excel)?),
        (
            csv::TRENDS_FILE.into(),
            csv::trends_csv(&run.trends, codes, excel)?,
        ),
        (
            csv::PANEL_FILE.into(),
            csv::panel_csv(&run.trends, codes, excel)?,
        ),
        (
            csv::DIFFUSION_FILE.into(),
            csv::diffusion_csv(&run.diffusion, codes, excel)?,
        ),
        (
            csv::ADOPTION_FILE.into(),
            csv::adoption_panel_csv(&run.adoption, codes, excel)?,
        ),
        (
            csv::CASCADES_FILE.into(),
            csv::cascades_csv(&run.adoption, excel)?,
        ),
        (
            csv::NODES_FILE.into(),
            csv::nodes_csv(&run.adoption, codes, excel)?,
        ),
        (csv::SKIPPED_FILE.into(), csv::skipped_csv(run, excel)?),
        (
            csv::FURNITURE_FILE.into(),
            csv::furniture_csv(&run.furniture, excel)?,
        ),
    ];
    if let Some(choice) = &run.k_choice {
        tables.push((
            k_choice::CSV_FILE.into(),
            k_choice::k_choice_csv(choice, excel)?,
        ));
    }
    Ok(tables)
}

/// A sibling folder the report is built in before it replaces `target`.
struct Staging {
    target: PathBuf,
    dir: PathBuf,
}

impl Staging {
    fn create(target: &Path) -> Result<Staging> {
        if target.exists() {
            let empty = || -> Result<bool> {
                let mut listing = fs::read_dir(target).map_err(|source| Error::Io {
                    path: target.to_path_buf(),
                    source,
                })?;
                Ok(listing.next().is_none())
            };
            let replaceable = target.is_dir() && (target.join(REPORT_MARKER).is_file() || empty()?);
            if !replaceable {
                return Err(Error::Output {
                    path: target.to_path_buf(),
                    message: "exists and is not a policy-themes report folder; choose a new or empty folder"
                        .to_string(),
                });
            }
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(cannot_write(&parent))?;
        let name = target
            .file_name()
            .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(cannot_write(&dir))?;
        }
        fs::create_dir(&dir).map_err(cannot_write(&dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
        })
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        self.write_with(name, |out| out.write_all(bytes))
    }

    /// Writes the file `name` by handing `write` a buffered writer to it.
    fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
    ) -> Result<()> {
        // Every name is fixed by this module, none comes from the input; the
        // check keeps it so should a per-city or per-theme file ever be added.
        // A name may lead into one folder of the report (a shard's
        // `articles/part-NNNNN.parquet`), never out of it.
        let plain =
            |part: &str| !part.is_empty() && part != ".." && part != "." && !part.contains('\\');
        let parts: Vec<&str> = name.split('/').collect();
        if parts.len() > 2 || !parts.iter().all(|p| plain(p)) {
            return Err(Error::Output {
                path: self.target.join(name),
                message: "not a plain file name".to_string(),
            });
        }
        let path = self.dir.join(name);
        if let Some(folder) = path.parent().filter(|&f| f != self.dir) {
            fs::create_dir_all(folder).map_err(cannot_write(folder))?;
        }
        let mut out = BufWriter::new(File::create(&path).map_err(cannot_write(&path))?);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(cannot_write(&path))
    }

    /// Swaps the finished folder in: the old report moves aside, the new
    /// one takes its name, the old one is removed.
    fn commit(self) -> Result<()> {
        let old = self.dir.with_extension("old");
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(cannot_write(&self.target))?;
        }
        fs::rename(&self.dir, &self.target).map_err(cannot_write(&self.target))?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(cannot_write(&old))?;
        }
        Ok(())
    }
}

/// A failed write, rename or removal while building the report: reported
/// as such (a full disk reads "cannot write …", not "cannot read …").
fn cannot_write(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Output {
        path,
        message: source.to_string(),
    }
}

impl Drop for Staging {
    /// A run that failed midway leaves no half-written folder behind.
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_folder_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.docx"), b"precious").unwrap();
        let err = Staging::create(dir.path()).err().unwrap().to_string();
        assert!(err.ends_with(
            "exists and is not a policy-themes report folder; choose a new or empty folder"
        ));
        assert!(dir.path().join("thesis.docx").exists());
    }

    #[test]
    fn a_failed_write_says_write_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("out")).unwrap();
        // The staging folder vanishing (a full or unmounted disk fails the
        // same way) makes the write itself fail.
        std::fs::remove_dir_all(&staging.dir).unwrap();
        let err = staging.write("articles.csv", b"x").unwrap_err().to_string();
        assert!(err.starts_with("cannot write "), "{err}");
        assert!(err.contains("articles.csv"), "{err}");
    }

    #[test]
    fn a_failed_run_leaves_the_previous_report_intact() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("out");
        let first = Staging::create(&report).unwrap();
        first.write(REPORT_MARKER, b"").unwrap();
        first.write("a.csv", b"old").unwrap();
        first.commit().unwrap();
        {
            let second = Staging::create(&report).unwrap();
            second.write("b.csv", b"new").unwrap();
            // dropped without commit: the run failed
        }
        assert_eq!(std::fs::read(report.join("a.csv")).unwrap(), b"old");
        assert!(!report.join("b.csv").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder left behind");
        let third = Staging::create(&report).unwrap();
        third.write("c.csv", b"new").unwrap();
        third.commit().unwrap();
        assert!(!report.join("a.csv").exists(), "old and new files mixed");
        assert!(report.join("c.csv").exists());
    }
}
