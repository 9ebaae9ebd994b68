//! `rows.jsonl`, the machine file a shard's report carries beside
//! articles.csv: everything [`crate::merge`] needs to rebuild the whole
//! report with the same aggregation code a single run uses, at full
//! precision (articles.csv rounds scores, and ties between rounded scores
//! would reorder a theme's example titles).
//!
//! The first line is a [`RowsHeader`]; every other line is one [`Row`],
//! in the shard's order: articles, then what was skipped, then furniture.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::article::Skipped;
use crate::page::PageFurniture;
use crate::report::{RunResult, RunSettings, ThemedArticle};

pub const ROWS_FILE: &str = "rows.jsonl";

/// What a shard says of itself: its settings (shard and fingerprint
/// included), the files it counted, and every input file found, its own
/// or not, in the order read.
#[derive(Debug, Serialize, Deserialize)]
pub struct RowsHeader {
    pub settings: RunSettings,
    pub files: usize,
    pub sources: Vec<String>,
}

/// One line after the header: borrowed when written, so that no article
/// is copied, owned when read back.
// One row exists at a time, on its way to or from a line: boxing the
// large variant would only add an allocation per article.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Row<'a> {
    Article(Cow<'a, ThemedArticle>),
    Skipped(Cow<'a, Skipped>),
    Furniture(Cow<'a, PageFurniture>),
}

/// Writes `rows.jsonl` for `run` to `out`.
pub fn write_rows(run: &RunResult, out: &mut impl Write) -> io::Result<()> {
    let header = RowsHeader {
        settings: run.settings.clone(),
        files: run.accounting.files_found,
        sources: run.sources.clone(),
    };
    line(out, &header)?;
    let rows = (run.articles.iter().map(|a| Row::Article(Cow::Borrowed(a))))
        .chain(run.skipped.iter().map(|s| Row::Skipped(Cow::Borrowed(s))))
        .chain(
            run.furniture
                .iter()
                .map(|f| Row::Furniture(Cow::Borrowed(f))),
        );
    for row in rows {
        line(out, &row)?;
    }
    Ok(())
}

fn line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
