//! Reading inputs: files and folders in, decoded documents out.
//!
//! - `.txt`: one newspaper page per file, in UTF-8 (with or without BOM),
//!   UTF-16 with BOM, GB18030/GBK or Big5, detected per file.
//! - `.jsonl`: one article per line; `text` is required, `id`, `title`,
//!   `city` and `date` are used when present, and so is the reference label
//!   field named by [`ReadOptions::label_field`].
//! - `.csv`: one article per row, with a header row; the text column is
//!   named by [`ReadOptions::text_column`], and `id`, `title`, `city`, `date`
//!   and label columns are used when present. Any of the page encodings.
//! - `.docx`: a Word document, one page: its paragraphs as lines.
//! - `.html`, `.htm`: a saved web or e-paper page, one page: its visible
//!   text, block elements as lines. Any of the page encodings.
//! - Folders are walked recursively in name order, so runs are repeatable.
//!   Every file found counts: one of another kind (`.md`, `.png`, `.doc`…)
//!   is skipped with its reason, never passed over in silence.
//!
//! A file or line that cannot be used becomes a [`Skipped`] entry naming the
//! problem (a [`ReadError`], as text); the run goes on. JSONL files are
//! streamed line by line; a page file is read whole, up to
//! [`MAX_PAGE_BYTES`].

mod decode;
mod docx;
mod html;
mod records;

use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub use decode::decode;
use records::{read_csv, read_jsonl};

use crate::article::Skipped;
use crate::shard::Shard;

/// Why a file, line or row could not be read. The message is what
/// skipped.csv and the terminal show as the reason.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file or folder")]
    Missing,
    #[error("cannot list folder: {0}")]
    ListFolder(std::io::Error),
    #[error("not a .txt, .jsonl, .csv, .docx, .html or .htm file")]
    NotAnInput,
    #[error("an old binary Word .doc file: save it as .docx")]
    OldWordDoc,
    #[error("not a Word .docx file: {0}")]
    NotDocx(String),
    #[error("cannot read: {0}")]
    Open(std::io::Error),
    #[error("read failed: {0}")]
    ReadLine(std::io::Error),
    #[error("{size} bytes is more than a page can be ({MAX_PAGE_BYTES}); split the file")]
    TooLarge { size: u64 },
    #[error("empty page")]
    EmptyPage,
    #[error("invalid {encoding} after its byte-order mark")]
    InvalidAfterBom { encoding: &'static str },
    #[error("binary file (contains NUL bytes)")]
    Binary,
    #[error("cannot decode as UTF-8, UTF-16, GB18030 or Big5 (looks like {guess})")]
    UnknownEncoding { guess: &'static str },
    #[error("invalid bytes for {encoding}")]
    InvalidBytes { encoding: &'static str },
    #[error("not UTF-8 (JSON Lines must be UTF-8)")]
    JsonlNotUtf8,
    #[error("not JSON: {0}")]
    NotJson(serde_json::Error),
    #[error("not a JSON object")]
    NotAnObject,
    #[error("no `text` field")]
    NoTextField,
    #[error("`text` is not a string")]
    TextNotString,
    /// The text field or column is there but blank.
    #[error("empty `{0}`")]
    EmptyText(String),
    #[error("bad header row: {0}")]
    BadCsvHeader(csv::Error),
    #[error("no `{0}` column (name the text column with --text-column)")]
    NoTextColumn(String),
    #[error("bad CSV row: {0}")]
    BadCsvRow(csv::Error),
    #[error("bad CSV row: a quote is never closed, so the rest of the file would read as one cell")]
    UnclosedQuote,
}

/// One decoded input unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A newspaper page, to be split into articles.
    Page { source: String, text: String },
    /// One article given as a JSONL line or CSV row.
    Record(Record),
}

impl Document {
    /// Bytes of text (UTF-8), for throughput.
    pub fn text_len(&self) -> usize {
        match self {
            Document::Page { text, .. } => text.len(),
            Document::Record(r) => r.text.len() + r.title.as_ref().map_or(0, String::len),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    pub source: String,
    /// 1-based line in the JSONL or CSV file.
    pub line: usize,
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub city: Option<String>,
    pub date: Option<String>,
    /// The reference label, when [`ReadOptions::label_field`] names a field
    /// or column the record has.
    pub label: Option<String>,
}

/// Everything read, and everything that could not be.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
    /// Input files found (read or not); with a shard, those whose position
    /// 0 it owns, so that the shards' counts add up to the whole.
    pub files: usize,
    /// Every input file found, in the order read, each shard's or not:
    /// what puts merged shards back in the order of one whole run.
    pub sources: Vec<String>,
}

/// Text handed on per batch by [`read_inputs_in_batches`]: enough for every
/// thread to have work, small enough that a corpus is never held whole.
pub const BATCH_BYTES: usize = 4 << 20;

/// Collects documents and hands them on whenever a batch is full.
struct Batcher<'a> {
    out: ReadOutcome,
    bytes: usize,
    shard: Option<Shard>,
    each: &'a mut dyn FnMut(Vec<Document>) -> ControlFlow<()>,
    /// Set once `each` breaks: nothing more is read.
    stopped: bool,
}

impl Batcher<'_> {
    /// Counts a file found, if the shard read owns it.
    fn found(&mut self, path: &Path) {
        let source = path.display().to_string();
        if self.keeps(&source, 0) {
            self.out.files += 1;
        }
        self.out.sources.push(source);
    }

    /// Whether the unit at `position` of `source` is read, for a shard.
    fn keeps(&self, source: &str, position: usize) -> bool {
        self.shard.is_none_or(|s| s.keeps(source, position))
    }

    fn push(&mut self, document: Document) {
        if self.stopped {
            return;
        }
        let kept = match &document {
            Document::Page { source, .. } => self.keeps(source, 0),
            Document::Record(r) => self.keeps(&r.source, r.line),
        };
        if !kept {
            return;
        }
        self.bytes += document.text_len();
        self.out.documents.push(document);
        if self.bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.out.documents.is_empty() {
            let batch = std::mem::take(&mut self.out.documents);
            self.stopped = (self.each)(batch).is_break();
        }
        self.bytes = 0;
    }

    fn skip(&mut self, skipped: Skipped) {
        if self.keeps(&skipped.source, skipped.position) {
            self.out.skipped.push(skipped);
        }
    }
}

/// How to read inputs beyond their file type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The CSV column holding article text.
    pub text_column: String,
    /// The JSONL field or CSV column holding an article's reference label
    /// (a string or number), for `evaluate`; `None` reads no label.
    pub label_field: Option<String>,
    /// Read only this part of the inputs ([`crate::shard`]): pages, lines
    /// and rows, and the files that cannot be read, of other parts are
    /// passed over (a page unread, a line unparsed).
    pub shard: Option<Shard>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            text_column: "text".to_string(),
            label_field: None,
            shard: None,
        }
    }
}

/// Reads every input path. Never fails as a whole: problems are recorded in
/// `skipped`; the caller decides whether an empty result is an error.
pub fn read_inputs(paths: &[PathBuf], options: &ReadOptions) -> ReadOutcome {
    let mut documents = Vec::new();
    let mut out = read_inputs_in_batches(paths, options, &mut |batch| {
        documents.extend(batch);
        ControlFlow::Continue(())
    });
    out.documents = documents;
    out
}

/// Reads every input path like [`read_inputs`], but hands the documents to
/// `each` in batches of about [`BATCH_BYTES`] of text, in input order, so
/// that a caller can process a corpus larger than memory. The outcome
/// returned holds the skipped inputs and the file count, no documents.
/// When `each` breaks (its caller is giving up), reading stops there and
/// the outcome covers only what was read.
pub fn read_inputs_in_batches(
    paths: &[PathBuf],
    options: &ReadOptions,
    each: &mut dyn FnMut(Vec<Document>) -> ControlFlow<()>,
) -> ReadOutcome {
    let mut out = Batcher {
        out: ReadOutcome::default(),
        bytes: 0,
        shard: options.shard,
        each,
        stopped: false,
    };
    for path in paths {
        if out.stopped {
            break;
        }
        if path.is_dir() {
            let (mut files, mut unlisted) = (Vec::new(), Vec::new());
            collect_dir(path, &mut files, &mut unlisted);
            // Through the shard's filter: one shard reports a folder.
            unlisted.into_iter().for_each(|s| out.skip(s));
            for file in files {
                if out.stopped {
                    break;
                }
                read_file(&file, options, &mut out);
            }
        } else if path.exists() {
            read_file(path, options, &mut out);
        } else {
            out.found(path);
            out.skip(skip(path, 0, ReadError::Missing));
        }
    }
    out.flush();
    out.out
}

fn skip(path: &Path, position: usize, reason: ReadError) -> Skipped {
    Skipped {
        source: path.display().to_string(),
        position,
        reason: reason.to_string(),
    }
}

fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push(skip(dir, 0, ReadError::ListFolder(e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(&path, files, skipped);
        } else {
            files.push(path);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InputKind {
    Page,
    Jsonl,
    Csv,
    Docx,
    Html,
}

fn input_kind(path: &Path) -> Option<InputKind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "txt" => Some(InputKind::Page),
        "jsonl" => Some(InputKind::Jsonl),
        "csv" => Some(InputKind::Csv),
        "docx" => Some(InputKind::Docx),
        "html" | "htm" => Some(InputKind::Html),
        _ => None,
    }
}

/// A page file larger than this is not a newspaper page; reading it whole
/// would only exhaust memory.
pub const MAX_PAGE_BYTES: u64 = 256 * 1024 * 1024;

fn read_file(path: &Path, options: &ReadOptions, out: &mut Batcher) {
    out.found(path);
    let Some(kind) = input_kind(path) else {
        let old_word = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("doc"));
        let reason = if old_word {
            ReadError::OldWordDoc
        } else {
            ReadError::NotAnInput
        };
        out.skip(skip(path, 0, reason));
        return;
    };
    // Another shard's page is not even read.
    let page = matches!(kind, InputKind::Page | InputKind::Docx | InputKind::Html);
    if page && !out.keeps(&path.display().to_string(), 0) {
        return;
    }
    if kind == InputKind::Jsonl {
        return read_jsonl(path, options, out);
    }
    let text = match kind {
        InputKind::Docx => read_bytes(path).and_then(|bytes| docx::docx_text(&bytes)),
        InputKind::Html => read_text(path).map(|page| html::html_text(&page)),
        _ => read_text(path),
    };
    let text = match text {
        Ok(text) => text,
        Err(reason) => return out.skip(skip(path, 0, reason)),
    };
    if kind == InputKind::Csv {
        let mut rows = ReadOutcome::default();
        read_csv(path, &text, options, &mut rows);
        rows.skipped.into_iter().for_each(|s| out.skip(s));
        rows.documents.into_iter().for_each(|d| out.push(d));
    } else if text.trim().is_empty() {
        out.skip(skip(path, 0, ReadError::EmptyPage));
    } else {
        out.push(Document::Page {
            source: path.display().to_string(),
            text,
        });
    }
}

/// A whole file, decoded; up to [`MAX_PAGE_BYTES`].
fn read_text(path: &Path) -> Result<String, ReadError> {
    decode(&read_bytes(path)?)
}

/// A whole file's bytes, up to [`MAX_PAGE_BYTES`].
fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge { size });
    }
    fs::read(path).map_err(ReadError::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "咸宁四季度集中开工项目146个\n本报讯 我市举行集中开工活动。";

    #[test]
    fn reading_stops_when_the_caller_breaks() {
        let dir = tempfile::tempdir().unwrap();
        // More than one batch of text in the first file, so that a batch is
        // handed on before its end.
        let line = format!("{{\"text\": \"{}\"}}\n", "项目".repeat(2000));
        let lines = BATCH_BYTES / (2000 * "项目".len()) + 10;
        fs::write(dir.path().join("a.jsonl"), line.repeat(lines)).unwrap();
        fs::write(dir.path().join("b.txt"), PAGE).unwrap();
        let paths = [dir.path().join("a.jsonl"), dir.path().join("b.txt")];
        let mut batches = 0;
        let out = read_inputs_in_batches(&paths, &ReadOptions::default(), &mut |_| {
            batches += 1;
            ControlFlow::Break(())
        });
        assert_eq!(batches, 1);
        assert_eq!(out.sources.len(), 1, "{:?}", out.sources);
        let all = read_inputs_in_batches(&paths, &ReadOptions::default(), &mut |_| {
            ControlFlow::Continue(())
        });
        assert_eq!(all.sources.len(), 2);
    }

    #[test]
    fn folders_are_walked_in_name_order_and_missing_paths_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.txt"), PAGE).unwrap();
        fs::write(dir.path().join("a.txt"), PAGE).unwrap();
        fs::write(dir.path().join("notes.md"), "x").unwrap();
        let out = read_inputs(
            &[dir.path().to_path_buf(), dir.path().join("gone.txt")],
            &ReadOptions::default(),
        );
        let sources: Vec<String> = out
            .documents
            .iter()
            .map(|d| match d {
                Document::Page { source, .. } => source.rsplit('/').next().unwrap().to_string(),
                Document::Record(_) => unreachable!(),
            })
            .collect();
        assert_eq!(sources, vec!["a.txt", "b.txt"]);
        let reasons: Vec<(&str, &str)> = out
            .skipped
            .iter()
            .map(|s| (s.source.rsplit('/').next().unwrap(), s.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "notes.md",
                    "not a .txt, .jsonl, .csv, .docx, .html or .htm file"
                ),
                ("gone.txt", "no such file or folder")
            ]
        );
        assert_eq!(out.files, 4);
    }
}
