//! `policy-themes inspect`: how a page was read — each article's headline,
//! deck, byline and first words, the city and date with the evidence used,
//! and the furniture dropped — so a user can see why, and disagree.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use policy_themes::normalize::Normalizer;
use policy_themes::page::{PageRead, PageReader};
use policy_themes::plural::count;
use policy_themes::read::{Document, read_inputs};
use policy_themes::split::ArticleSplitter;

use super::{Outcome, ReadArgs, emit, position};

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Pages (.txt), JSONL files or folders, read as `run` reads them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

pub fn inspect(args: InspectArgs) -> Result<Outcome> {
    let (options, given) = args.read.resolve()?;
    let read = read_inputs(&args.inputs, &options);
    for s in &read.skipped {
        emit(format!(
            "{}{}: skipped: {}\n\n",
            s.source,
            position(s.position),
            s.reason
        ))?;
    }
    if read.documents.is_empty() {
        bail!("nothing readable to inspect");
    }
    let reader = PageReader::new(given)?;
    let normalizer = Normalizer::standard()?;
    for doc in &read.documents {
        let boundaries = match doc {
            Document::Page { text, .. } => ArticleSplitter
                .split(&normalizer.normalize(text))
                .articles
                .iter()
                .map(|a| format!("line {} ({})", a.first_line, a.boundary))
                .collect(),
            Document::Record(_) => Vec::new(),
        };
        emit(describe(&reader.read(doc), &boundaries))?;
    }
    Ok(Outcome::after(&read.skipped))
}

/// The plain-text account of one page; `boundaries` says, for each article
/// of a page, where it starts and why a boundary was drawn there.
pub fn describe(page: &PageRead, boundaries: &[String]) -> String {
    let mut out = String::new();
    let Some(first) = page.articles.first() else {
        for s in &page.skipped {
            out.push_str(&format!("{}: {}\n\n", s.source, s.reason));
        }
        return out;
    };
    out.push_str(&format!("{}\n", first.source));
    // The page's city: the one most of its articles get (each article's
    // own follows it).
    let mut counts: Vec<(Option<&str>, usize)> = Vec::new();
    for a in &page.articles {
        let city = a.city.city.as_deref();
        match counts.iter_mut().find(|(c, _)| *c == city) {
            Some((_, n)) => *n += 1,
            None => counts.push((city, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let page_city = counts
        .iter()
        .find(|(_, n)| *n == most)
        .and_then(|(city, _)| {
            page.articles
                .iter()
                .find(|a| a.city.city.as_deref() == *city)
        })
        .map_or(&first.city, |a| &a.city);
    out.push_str(&format!(
        "  city: {} (confidence {:.2}) — {}\n",
        page_city.city.as_deref().unwrap_or("unknown"),
        page_city.confidence,
        page_city.evidence
    ));
    let date = &first.date.date;
    out.push_str(&format!(
        "  date: {} ({}) — {}\n",
        if date.to_iso().is_empty() {
            "unknown".to_string()
        } else {
            date.to_iso()
        },
        date.precision(),
        first.date.evidence
    ));
    out.push_str(&format!("  {} article(s)\n", page.articles.len()));
    for (i, a) in page.articles.iter().enumerate() {
        out.push_str(&format!(
            "  #{} {}\n",
            a.position,
            a.title.as_deref().unwrap_or("(no headline on the page)")
        ));
        if let Some(why) = boundaries.get(i) {
            out.push_str(&format!("       boundary: {why}\n"));
        }
        if let Some(event) = a.date.event {
            out.push_str(&format!("       event date: {}\n", event.to_iso()));
        }
        for line in &a.deck {
            out.push_str(&format!("       deck: {line}\n"));
        }
        for line in &a.byline {
            out.push_str(&format!("       byline: {line}\n"));
        }
        out.push_str(&format!("       starts: {}\n", a.lead()));
        out.push_str(&format!(
            "       city: {} — {}\n",
            a.city.city.as_deref().unwrap_or("none"),
            a.city.evidence
        ));
        if let Some(n) = a.truncated_from {
            out.push_str(&format!("       cut from {n} characters\n"));
        }
    }
    if !page.furniture.is_empty() {
        out.push_str(&format!(
            "  furniture ({}, not articles):\n",
            count(page.furniture.len(), "line")
        ));
        for f in &page.furniture {
            out.push_str(&format!(
                "    line {} {}: {}\n",
                f.furniture.line,
                f.furniture.kind.as_str(),
                f.furniture.text
            ));
        }
    }
    out.push('\n');
    out
}
