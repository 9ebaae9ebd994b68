//! `policy-themes check-meta`: how well the reader infers city and date,
//! measured on a JSONL corpus that states them. The corpus's `city` and
//! `date` fields are hidden from the reader, which sees only `title` and
//! `text`, and its answers are compared with them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use policy_themes::meta::check::{MetaCheck, Observed};
use policy_themes::meta::given::GivenMeta;
use policy_themes::page::PageReader;
use policy_themes::plural::count;
use policy_themes::read::{Document, ReadOptions, read_inputs};
use rayon::prelude::*;

use super::{Outcome, emit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckMetaArgs {
    /// JSONL corpus with `text` and reference `city` and/or `date` fields.
    pub corpus: PathBuf,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// How many disagreements to list in the table.
    #[arg(long, default_value_t = 20)]
    pub show: usize,
}

pub fn check_meta(args: CheckMetaArgs) -> Result<Outcome> {
    let read = read_inputs(std::slice::from_ref(&args.corpus), &ReadOptions::default());
    let records: Vec<_> = read
        .documents
        .into_iter()
        .filter_map(|d| match d {
            Document::Record(r) => Some(r),
            Document::Page { .. } => None,
        })
        .collect();
    if records.is_empty() {
        bail!("{}: no JSONL records to check", args.corpus.display());
    }
    let reader = PageReader::new(GivenMeta::default())?;
    let inferred: Vec<_> = records
        .par_iter()
        .map(|r| {
            let hidden = policy_themes::read::Record {
                city: None,
                date: None,
                ..r.clone()
            };
            reader.read(&Document::Record(hidden)).articles.remove(0)
        })
        .collect();
    let mut check = MetaCheck::default();
    for (r, a) in records.iter().zip(&inferred) {
        check.add(
            reader.gazetteer(),
            &Observed {
                id: &a.id,
                title: r.title.as_deref().unwrap_or(""),
                reference_city: r.city.as_deref(),
                inferred_city: a.city.city.as_deref(),
                city_evidence: &a.city.evidence,
                reference_date: r.date.as_deref(),
                inferred_date: a.date.date,
                date_evidence: &a.date.evidence,
            },
        );
    }
    match args.format {
        Format::Json => emit(format!("{}\n", serde_json::to_string_pretty(&check)?))?,
        Format::Table => emit(table(&check, args.show))?,
    }
    Ok(Outcome::after(&read.skipped))
}

/// The check as lines of text.
fn table(check: &MetaCheck, show: usize) -> String {
    let mut lines = vec![count(check.records, "record")];
    for (name, s) in [("city", &check.city), ("date", &check.date)] {
        lines.push(format!(
            "{name}: reference for {}, inferred for {} (coverage {:.1}%), correct {} (accuracy {:.1}%); inferred where the reference has none: {}",
            s.with_reference,
            s.inferred,
            100.0 * s.coverage(),
            s.correct,
            100.0 * s.accuracy(),
            s.inferred_without_reference
        ));
    }
    if !check.mismatches.is_empty() {
        lines.push(format!(
            "\ndisagreements (first {show} of {}):",
            check.mismatches.len()
        ));
        for m in check.mismatches.iter().take(show) {
            lines.push(format!(
                "  {} {}: reference {}, inferred {} — {} [{}]",
                m.field, m.id, m.reference, m.inferred, m.title, m.evidence
            ));
        }
    }
    lines.join("\n") + "\n"
}
