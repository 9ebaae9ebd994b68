//! The run, stage by stage: read → normalise → split → metadata → segment →
//! fit themes → aggregate. Each stage is a module; this one only passes data
//! along, in one direction, and tells a [`Progress`] how far it got.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use jieba_rs::Jieba;
use rayon::prelude::*;

use crate::article::ArticleSummary;
use crate::choose_k::{KRange, choose_k};
use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::meta::given::GivenMeta;
use crate::model::{Assignment, ModelSettings, OtherReason, ThemeModel};
use crate::page::{PageRead, PageReader};
use crate::progress::{Progress, Stage, timed};
use crate::read::{Document, ReadOptions, read_inputs_in_batches};
use crate::report::{Reading, RunResult, RunSettings, in_input_order};
use crate::roundup;
use crate::sample::{sorted_sample, stream};
use crate::segment::Segmenter;
use crate::terms::{TermCorpus, TermTable, Tokens};
use crate::trends::{AUTO_RULE, GIVEN_PERIOD, Period};

/// Everything a run needs, resolved from the command line.
pub struct RunConfig {
    pub inputs: Vec<PathBuf>,
    pub lexicon: ThemeLexicon,
    pub model: ModelSettings,
    /// `--k auto`: score this range of k and fit the chosen one (overrides
    /// `model.k`).
    pub auto_k: Option<KRange>,
    /// Fit on a seeded sample of this many articles and assign every
    /// article with that model: a large corpus costs a sample's fit plus
    /// one cheap assignment per article.
    pub fit_sample: Option<usize>,
    /// The unit trends are counted in; `None` chooses it from the dates
    /// ([`Period::auto`]).
    pub period: Option<Period>,
    /// Articles of a theme a city needs in one period to adopt it.
    pub adopt_min: usize,
    /// Where the lexicon came from, as the report should name it.
    pub lexicon_source: String,
    pub read: ReadOptions,
    /// City, date and newspaper the user states for inputs.
    pub given: GivenMeta,
    /// `assign`'s [`crate::shard::fingerprint`], stated in the report.
    pub fingerprint: Option<String>,
}

/// Reads, segments, fits the themes and aggregates.
pub fn run(config: &RunConfig, progress: &dyn Progress) -> Result<RunResult> {
    // A bad setting is refused before any input is read.
    config.model.check()?;
    let reading = read_and_segment(config, TermTable::default(), progress)?;
    let mut settings = config.model.clone();
    let sampled;
    let corpus = &reading.corpus;
    let on_sample = config.fit_sample.filter(|&n| n < corpus.len());
    let fit_on = match on_sample {
        Some(n) => {
            let mut rng = stream(settings.seed);
            sampled = corpus.select(&sorted_sample(&mut rng, corpus.len(), n));
            &sampled
        }
        None => corpus,
    };
    let k_choice = match &config.auto_k {
        Some(range) => {
            let choice = timed(progress, Stage::ChooseK, || {
                choose_k(fit_on, &config.lexicon, &config.model, range)
            })?;
            settings.k = Some(choice.k);
            Some(choice)
        }
        None => None,
    };
    let (model, fitted) =
        ThemeModel::fit_observed(fit_on, &config.lexicon, &settings.check()?, progress)?;
    let assignments = match on_sample {
        None => fitted,
        Some(_) => timed(progress, Stage::AssignThemes, || model.assign_all(corpus)),
    };
    Ok(finish(
        config,
        reading,
        model,
        assignments,
        k_choice,
        progress,
    ))
}

/// Reads and segments like [`run`], then labels the articles with a fitted
/// model instead of fitting one: an article gets the theme it would have
/// had in the fitting run (with this version's rules for news from abroad
/// and roundups, whatever version saved the model).
pub fn assign(config: &RunConfig, model: ThemeModel, progress: &dyn Progress) -> Result<RunResult> {
    let table = TermTable::with_terms(model.vocabulary.terms.iter().map(String::as_str));
    let reading = read_and_segment(config, table, progress)?;
    let assignments = timed(progress, Stage::AssignThemes, || {
        model.assign_all(&reading.corpus)
    });
    Ok(finish(config, reading, model, assignments, None, progress))
}

/// The page reader and the segmenter. Loading jieba's dictionary and the
/// gazetteer and OpenCC tables takes a noticeable part of a small run; they
/// load side by side, and jieba's dictionary once, for both the segmenter
/// and the place-name checks.
fn load_reader_and_segmenter(config: &RunConfig) -> Result<(PageReader, Segmenter)> {
    let (reader, jieba) = rayon::join(|| PageReader::new(config.given.clone()), Jieba::new);
    let reader = reader?;
    let words = jieba.clone();
    let ((), segmenter) = rayon::join(
        || reader.gazetteer().words_from(words),
        || Segmenter::with_jieba(jieba),
    );
    Ok((reader, segmenter?))
}

/// Reads the inputs batch by batch on a thread of its own: each batch is
/// split and dated, then segmented, in parallel while the next is read, and
/// only its summaries and term bags are kept.
fn read_and_segment(
    config: &RunConfig,
    table: TermTable,
    progress: &dyn Progress,
) -> Result<Reading> {
    let started = Instant::now();
    progress.begin(Stage::ReadFiles);
    let mut corpus = TermCorpus {
        table,
        bags: Vec::new(),
    };
    let mut articles: Vec<ArticleSummary> = Vec::new();
    let mut roundups: Vec<bool> = Vec::new();
    let mut page_skips = Vec::new();
    let mut furniture = Vec::new();
    let mut documents = 0;
    let (mut splitting, mut segmenting) = (Duration::ZERO, Duration::ZERO);
    // The next batch is read while this one is split and segmented, and
    // the first while the dictionaries load: reading is one thread's work,
    // and the other cores would wait for it.
    let (send, batches) = mpsc::sync_channel::<Vec<Document>>(1);
    let read = thread::scope(|scope| -> Result<_> {
        let reader_thread = scope.spawn(|| {
            let send = send;
            read_inputs_in_batches(&config.inputs, &config.read, &mut |batch| {
                // The receiver is gone only if this run is ending anyway
                // (an error or a panic): then there is no more to read.
                match send.send(batch) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                }
            })
        });
        // Only broken shipped data fails to load; the reading thread then
        // finds the channel closed and stops.
        let (reader, segmenter) = load_reader_and_segmenter(config)?;
        for batch in batches {
            let bytes = batch.iter().map(Document::text_len).sum::<usize>();
            documents += batch.len();
            let clock = Instant::now();
            let pages: Vec<PageRead> = batch.par_iter().map(|doc| reader.read(doc)).collect();
            drop(batch);
            let mut found = Vec::new();
            for page in pages {
                page_skips.extend(page.skipped);
                found.extend(page.articles);
                furniture.extend(page.furniture);
            }
            splitting += clock.elapsed();
            let clock = Instant::now();
            // Each body is read once, for its terms and for whether it is a
            // roundup.
            let (tokens, bundles): (Vec<Tokens>, Vec<bool>) = found
                .par_iter()
                .map(|a| {
                    let [title, body] = a.text_pieces();
                    (
                        segmenter.tokens(title, body, &corpus.table),
                        roundup::items(body).is_some(),
                    )
                })
                .unzip();
            corpus.bags.extend(corpus.table.admit(tokens));
            roundups.extend(bundles);
            segmenting += clock.elapsed();
            let clock = Instant::now();
            progress.read(found.len(), bytes);
            articles.par_extend(found.into_par_iter().map(ArticleSummary::from));
            splitting += clock.elapsed();
        }
        // A panic while reading is a bug, reported as it happened.
        Ok(reader_thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })?;
    let reading = started.elapsed().saturating_sub(splitting + segmenting);
    progress.finished(Stage::ReadFiles, reading);
    progress.finished(Stage::SplitAndDate, splitting);
    progress.finished(Stage::Segment, segmenting);
    // A shard may hold nothing of a small corpus: its empty report still
    // merges. A whole run with nothing to read is an error.
    let whole_run = config.read.shard.is_none();
    if documents == 0 && whole_run {
        let detail = match read.skipped.first() {
            Some(s) => format!(
                "{} input file(s), none readable; first: {}: {}",
                read.files, s.source, s.reason
            ),
            None => "no files found in the given paths".to_string(),
        };
        return Err(Error::NoInput(detail));
    }
    if articles.is_empty() && whole_run {
        return Err(Error::NoInput(
            "no article text found in any input".to_string(),
        ));
    }
    let mut skipped = read.skipped;
    skipped.extend(page_skips);
    in_input_order(&mut skipped, &read.sources);
    Ok(Reading {
        articles,
        corpus,
        roundups,
        skipped,
        furniture,
        files: read.files,
        sources: read.sources,
    })
}

fn finish(
    config: &RunConfig,
    reading: Reading,
    model: ThemeModel,
    mut assignments: Vec<Assignment>,
    k_choice: Option<crate::choose_k::KChoice>,
    progress: &dyn Progress,
) -> RunResult {
    debug_assert_eq!(assignments.len(), reading.roundups.len());
    for (assignment, _) in assignments
        .iter_mut()
        .zip(&reading.roundups)
        .filter(|(_, roundup)| **roundup)
    {
        assignment.set_aside(OtherReason::Roundup);
    }
    let period = config
        .period
        .unwrap_or_else(|| Period::auto(reading.articles.iter().map(|a| &a.date.date)));
    let settings = RunSettings {
        inputs: config
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        lexicon: config.lexicon_source.clone(),
        k: model.centroids.nrows(),
        seed: config.model.seed,
        period,
        period_rule: if config.period.is_some() {
            GIVEN_PERIOD.to_string()
        } else {
            AUTO_RULE.to_string()
        },
        adopt_min: config.adopt_min,
        fingerprint: config.fingerprint.clone(),
        shard: config.read.shard,
    };
    timed(progress, Stage::Aggregate, || {
        RunResult::assemble(settings, reading, model, assignments, k_choice)
    })
}
