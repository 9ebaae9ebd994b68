//! `merge`: shard reports in, one report out, as one `assign` over the
//! whole corpus would have written it.
//!
//! Nothing is summed here: each shard's `rows.jsonl` ([`crate::output::rows`])
//! is read back into the articles, skips and furniture a run holds, put in
//! the order one whole run reads them (file by file as read, then by
//! position in the file), and handed to [`RunResult::assemble`], the code
//! every run aggregates with. Counts, shares, intervals, leading cities,
//! diffusion and every table built there come out as in one run.
//!
//! Before that, the shards must fit together: one fingerprint (model and
//! settings), the same inputs, the same count N, and each index 0..N once.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::article::{ArticleSummary, Skipped};
use crate::error::ModelError;
use crate::model::{Assignment, OtherReason, ThemeModel};
use crate::output::MODEL_FILE;
use crate::output::rows::{ROWS_FILE, Row, RowsHeader};
use crate::page::PageFurniture;
use crate::report::{Reading, RunResult, RunSettings, file_order, in_input_order};
use crate::shard::Shard;
use crate::terms::TermCorpus;
use crate::trends::{GIVEN_PERIOD, Period};

/// Why shards cannot be merged; each names the shard folder at fault.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("no shard folders given")]
    NoShards,
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{0} is not a shard report: it has no {ROWS_FILE} (write one with `assign --shard I/N`)"
    )]
    NotAShard(PathBuf),
    #[error("{path}, line {line}: {message}")]
    Row {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Model {
        path: PathBuf,
        #[source]
        source: ModelError,
    },
    #[error(
        "{shard} was made with another model or settings than {first} (fingerprint {found}, not {expected}); assign every shard with the same model.json and options"
    )]
    OtherModel {
        shard: PathBuf,
        first: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{shard} differs from {first} in its {what}; give every shard the same {what}")]
    OtherSettings {
        shard: PathBuf,
        first: PathBuf,
        what: &'static str,
    },
    #[error("{second} and {first} are both shard {index}/{count}")]
    Twice {
        first: PathBuf,
        second: PathBuf,
        index: u32,
        count: u32,
    },
    #[error("shard(s) {missing} of {count} missing: every part is needed for the whole")]
    Missing { missing: String, count: u32 },
}

/// One shard folder's header, as read, and the part it says it holds.
struct ShardDir {
    dir: PathBuf,
    header: RowsHeader,
    shard: Shard,
}

/// Reads the shard reports in `dirs` and rebuilds the report of the whole
/// corpus. The order of `dirs` does not matter.
pub fn merge(dirs: &[PathBuf]) -> Result<RunResult, MergeError> {
    let shards = dirs
        .iter()
        .map(|dir| read_header(dir))
        .collect::<Result<Vec<_>, _>>()?;
    check(&shards)?;
    let first = &shards[0];
    let model_path = first.dir.join(MODEL_FILE);
    let text = std::fs::read_to_string(&model_path).map_err(|source| MergeError::Io {
        path: model_path.clone(),
        source,
    })?;
    let model = ThemeModel::from_json(&text).map_err(|source| MergeError::Model {
        path: model_path,
        source,
    })?;
    let mut themed = Vec::new();
    let mut skipped = Vec::new();
    let mut furniture = Vec::new();
    for shard in &shards {
        read_rows(
            &shard.dir,
            &model,
            &mut themed,
            &mut skipped,
            &mut furniture,
        )?;
    }
    let sources = first.header.sources.clone();
    let order = file_order(&sources);
    // Each page and line sits in one shard, in order there: sorting by file
    // then position interleaves the shards as one run reads the files.
    themed.sort_by_key(|(a, _): &(ArticleSummary, Assignment)| {
        (order.get(a.source.as_str()).copied(), a.position)
    });
    furniture.sort_by_key(|f: &PageFurniture| order.get(f.source.as_str()).copied());
    in_input_order(&mut skipped, &sources);
    let (articles, assignments): (Vec<ArticleSummary>, _) = themed.into_iter().unzip();
    let mut settings = first.header.settings.clone();
    settings.shard = None;
    if settings.period_rule != GIVEN_PERIOD {
        settings.period = Period::auto(articles.iter().map(|a| &a.date.date));
    }
    let reading = Reading {
        articles,
        // Term bags serve only `evaluate`, which a merged report never feeds;
        // each shard's roundups were given their theme when it was assigned.
        corpus: TermCorpus::default(),
        roundups: Vec::new(),
        skipped,
        furniture,
        files: shards.iter().map(|s| s.header.files).sum(),
        sources,
    };
    Ok(RunResult::assemble(
        settings,
        reading,
        model,
        assignments,
        None,
    ))
}

fn open_rows(dir: &Path) -> Result<(PathBuf, BufReader<File>), MergeError> {
    let path = dir.join(ROWS_FILE);
    if !path.is_file() {
        return Err(MergeError::NotAShard(dir.to_path_buf()));
    }
    let file = File::open(&path).map_err(|source| MergeError::Io {
        path: path.clone(),
        source,
    })?;
    Ok((path, BufReader::new(file)))
}

fn read_header(dir: &Path) -> Result<ShardDir, MergeError> {
    let (path, mut reader) = open_rows(dir)?;
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|source| MergeError::Io {
            path: path.clone(),
            source,
        })?;
    let header: RowsHeader = serde_json::from_str(&line).map_err(|e| MergeError::Row {
        path: path.clone(),
        line: 1,
        message: e.to_string(),
    })?;
    let Some(shard) = header.settings.shard else {
        return Err(MergeError::NotAShard(dir.to_path_buf()));
    };
    // The file was written by `assign`, but may have been edited since.
    let shard = Shard::new(shard.index, shard.count).map_err(|e| MergeError::Row {
        path: path.clone(),
        line: 1,
        message: e.to_string(),
    })?;
    Ok(ShardDir {
        dir: dir.to_path_buf(),
        header,
        shard,
    })
}

/// One model, one set of inputs, and each of the N parts exactly once.
fn check(shards: &[ShardDir]) -> Result<(), MergeError> {
    let first = shards.first().ok_or(MergeError::NoShards)?;
    let settings = &first.header.settings;
    let part = first.shard;
    let mut seen: Vec<Option<&Path>> = vec![None; part.count as usize];
    for shard in shards {
        let theirs = &shard.header.settings;
        let other = |what| MergeError::OtherSettings {
            shard: shard.dir.clone(),
            first: first.dir.clone(),
            what,
        };
        if theirs.fingerprint != settings.fingerprint {
            return Err(MergeError::OtherModel {
                shard: shard.dir.clone(),
                first: first.dir.clone(),
                found: theirs.fingerprint.clone().unwrap_or_default(),
                expected: settings.fingerprint.clone().unwrap_or_default(),
            });
        }
        let this = shard.shard;
        if this.count != part.count {
            return Err(other("shard count (I/N)"));
        }
        // With `--period auto` each shard picks a unit for its own part;
        // the merge picks again for the whole.
        let given_period = |s: &RunSettings| (s.period_rule == GIVEN_PERIOD).then_some(s.period);
        if (
            &theirs.inputs,
            &theirs.lexicon,
            theirs.k,
            theirs.seed,
            given_period(theirs),
            theirs.adopt_min,
        ) != (
            &settings.inputs,
            &settings.lexicon,
            settings.k,
            settings.seed,
            given_period(settings),
            settings.adopt_min,
        ) {
            return Err(other("input paths and settings"));
        }
        if shard.header.sources != first.header.sources {
            return Err(other("input files found"));
        }
        match seen[this.index as usize].replace(&shard.dir) {
            None => {}
            Some(before) => {
                return Err(MergeError::Twice {
                    first: before.to_path_buf(),
                    second: shard.dir.clone(),
                    index: this.index,
                    count: this.count,
                });
            }
        }
    }
    let missing: Vec<String> = (0..part.count)
        .filter(|&i| seen[i as usize].is_none())
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            missing: missing.join(", "),
            count: part.count,
        });
    }
    Ok(())
}

/// Reads a shard's rows after its header, checking that every theme and
/// cluster an article names exists in `model`.
fn read_rows(
    dir: &Path,
    model: &ThemeModel,
    themed: &mut Vec<(ArticleSummary, Assignment)>,
    skipped: &mut Vec<Skipped>,
    furniture: &mut Vec<PageFurniture>,
) -> Result<(), MergeError> {
    let (path, reader) = open_rows(dir)?;
    for (i, line) in reader.lines().enumerate().skip(1) {
        let bad = |message: String| MergeError::Row {
            path: path.clone(),
            line: i + 1,
            message,
        };
        let line = line.map_err(|source| MergeError::Io {
            path: path.clone(),
            source,
        })?;
        let row: Row = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        match row {
            Row::Article(a) => {
                let a = Cow::into_owned(a);
                let known = |theme: Option<usize>| theme.is_none_or(|t| t < model.themes.len());
                // An article without terms has no named scores; any other
                // has one per named theme.
                let scores = a.assignment.named_scores.len();
                if !known(a.assignment.theme)
                    || !known(a.assignment.second.map(|(t, _)| t))
                    || a.assignment
                        .cluster
                        .is_some_and(|c| c >= model.centroids.nrows())
                    || (scores != 0 && scores != model.named.len())
                    || matches!(a.assignment.other,
                        Some(OtherReason::NotPolicy(s)) if s >= model.not_policy.len())
                {
                    return Err(bad(
                        "a theme, cluster, named-theme score or subject the model does not have"
                            .into(),
                    ));
                }
                themed.push((a.article, a.assignment));
            }
            Row::Skipped(s) => skipped.push(s.into_owned()),
            Row::Furniture(f) => furniture.push(f.into_owned()),
        }
    }
    Ok(())
}
