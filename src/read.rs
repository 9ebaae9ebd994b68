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
//! - Folders are walked recursively in name order, so runs are repeatable.
//!
//! A file or line that cannot be used becomes a [`Skipped`] entry naming the
//! problem (a [`ReadError`], as text); the run goes on. JSONL files are
//! streamed line by line; a page file is read whole, up to
//! [`MAX_PAGE_BYTES`].

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, Encoding, GBK, UTF_8};
use serde_json::Value;

use crate::article::Skipped;

/// Why a file, line or row could not be read. The message is what
/// skipped.csv and the terminal show as the reason.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file or folder")]
    Missing,
    #[error("cannot list folder: {0}")]
    ListFolder(std::io::Error),
    #[error("not a .txt, .jsonl or .csv file")]
    NotAnInput,
    #[error("cannot read: {0}")]
    CannotRead(std::io::Error),
    #[error("read failed: {0}")]
    ReadFailed(std::io::Error),
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
    /// Input files found (read or not).
    pub files: usize,
}

/// Text handed on per batch by [`read_inputs_in_batches`]: enough for every
/// thread to have work, small enough that a corpus is never held whole.
pub const BATCH_BYTES: usize = 4 << 20;

/// Collects documents and hands them on whenever a batch is full.
struct Batcher<'a> {
    out: ReadOutcome,
    bytes: usize,
    each: &'a mut dyn FnMut(Vec<Document>),
}

impl Batcher<'_> {
    fn push(&mut self, document: Document) {
        self.bytes += document.text_len();
        self.out.documents.push(document);
        if self.bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.out.documents.is_empty() {
            (self.each)(std::mem::take(&mut self.out.documents));
        }
        self.bytes = 0;
    }

    fn skip(&mut self, skipped: Skipped) {
        self.out.skipped.push(skipped);
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
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            text_column: "text".to_string(),
            label_field: None,
        }
    }
}

/// Reads every input path. Never fails as a whole: problems are recorded in
/// `skipped`; the caller decides whether an empty result is an error.
pub fn read_inputs(paths: &[PathBuf], options: &ReadOptions) -> ReadOutcome {
    let mut documents = Vec::new();
    let mut out = read_inputs_in_batches(paths, options, &mut |batch| documents.extend(batch));
    out.documents = documents;
    out
}

/// Reads every input path like [`read_inputs`], but hands the documents to
/// `each` in batches of about [`BATCH_BYTES`] of text, in input order, so
/// that a caller can process a corpus larger than memory. The outcome
/// returned holds the skipped inputs and the file count, no documents.
pub fn read_inputs_in_batches(
    paths: &[PathBuf],
    options: &ReadOptions,
    each: &mut dyn FnMut(Vec<Document>),
) -> ReadOutcome {
    let mut out = Batcher {
        out: ReadOutcome::default(),
        bytes: 0,
        each,
    };
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            collect_dir(path, &mut files, &mut out.out.skipped);
            for file in files {
                read_file(&file, options, &mut out);
            }
        } else if path.exists() {
            read_file(path, options, &mut out);
        } else {
            out.out.files += 1;
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
        } else if input_kind(&path).is_some() {
            files.push(path);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InputKind {
    Page,
    Jsonl,
    Csv,
}

fn input_kind(path: &Path) -> Option<InputKind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "txt" => Some(InputKind::Page),
        "jsonl" => Some(InputKind::Jsonl),
        "csv" => Some(InputKind::Csv),
        _ => None,
    }
}

/// A page file larger than this is not a newspaper page; reading it whole
/// would only exhaust memory.
pub const MAX_PAGE_BYTES: u64 = 256 * 1024 * 1024;

fn read_file(path: &Path, options: &ReadOptions, out: &mut Batcher) {
    out.out.files += 1;
    let Some(kind) = input_kind(path) else {
        out.skip(skip(path, 0, ReadError::NotAnInput));
        return;
    };
    match kind {
        InputKind::Jsonl => read_jsonl(path, options, out),
        InputKind::Page | InputKind::Csv => {
            let text = match read_text(path) {
                Ok(text) => text,
                Err(reason) => return out.skip(skip(path, 0, reason)),
            };
            if kind == InputKind::Csv {
                let mut rows = ReadOutcome::default();
                read_csv(path, &text, options, &mut rows);
                out.out.skipped.extend(rows.skipped);
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
    }
}

/// A whole file, decoded; up to [`MAX_PAGE_BYTES`].
fn read_text(path: &Path) -> Result<String, ReadError> {
    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge { size });
    }
    let bytes = fs::read(path).map_err(ReadError::CannotRead)?;
    decode(&bytes)
}

/// One article per CSV row; a row that cannot be read is skipped with its
/// line number. Rows are kept back until the whole file is read: a quote
/// never closed at the end takes back the rows it swallowed.
fn read_csv(path: &Path, text: &str, options: &ReadOptions, out: &mut ReadOutcome) {
    let text_column = options.text_column.as_str();
    let source = path.display().to_string();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Strict field counts: a stray quote swallows separators, and the row's
    // wrong width is how it shows.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(body.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return out.skipped.push(skip(path, 1, ReadError::BadCsvHeader(e)));
        }
    };
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(text_at) = column(text_column) else {
        let missing = ReadError::NoTextColumn(text_column.to_string());
        return out.skipped.push(skip(path, 0, missing));
    };
    let (id, title, city, date) = (
        column("id"),
        column("title"),
        column("city"),
        column("date"),
    );
    let label = options.label_field.as_deref().and_then(column);
    // Where the last row started, and how many articles came before it.
    let mut last_row: Option<(usize, usize, usize)> = None;
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                out.skipped.push(skip(path, line, ReadError::BadCsvRow(e)));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        last_row = row
            .position()
            .map(|p| (p.byte() as usize, line, out.documents.len()));
        let field = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match field(Some(text_at)) {
            Some(text) => out.documents.push(Document::Record(Record {
                source: source.clone(),
                line,
                id: field(id),
                title: field(title),
                text,
                city: field(city),
                date: field(date),
                label: field(label),
            })),
            None => out.skipped.push(skip(
                path,
                line,
                ReadError::EmptyText(text_column.to_string()),
            )),
        }
    }
    // A quote never closed runs to the end of the file, where the reader
    // ends it quietly; an odd count of quotes from the last row on shows it.
    if let Some((byte, line, before)) = last_row
        && out.documents.len() > before
        && body
            .get(byte..)
            .is_some_and(|rest| rest.matches('"').count() % 2 == 1)
    {
        out.documents.truncate(before);
        out.skipped.push(skip(path, line, ReadError::UnclosedQuote));
    }
}

/// Decodes a file's bytes as Chinese text, or says why it cannot.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ReadError::InvalidAfterBom {
                encoding: encoding.name(),
            });
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Allow);
    // GB18030 is reported as GBK, whose decoder handles all of GB18030.
    if guess != GBK && guess != BIG5 && guess != UTF_8 {
        return Err(ReadError::UnknownEncoding {
            guess: guess.name(),
        });
    }
    let (text, _, had_errors) = guess.decode(bytes);
    if had_errors {
        return Err(ReadError::InvalidBytes {
            encoding: guess.name(),
        });
    }
    Ok(text.into_owned())
}

/// Streams a JSONL file line by line: a bad line is skipped with its
/// number, and the file is never held whole in memory.
fn read_jsonl(path: &Path, options: &ReadOptions, out: &mut Batcher) {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.skip(skip(path, 0, ReadError::CannotRead(e)));
            return;
        }
    };
    let source = path.display().to_string();
    let mut reader = BufReader::new(file);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => n += 1,
            Err(e) => {
                out.skip(skip(path, n + 1, ReadError::ReadFailed(e)));
                break;
            }
        }
        let bytes = if n == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf
        };
        let Ok(line) = std::str::from_utf8(bytes) else {
            out.skip(skip(path, n, ReadError::JsonlNotUtf8));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_record(line, options.label_field.as_deref()) {
            Ok(mut record) => {
                record.source = source.clone();
                record.line = n;
                out.push(Document::Record(record));
            }
            Err(reason) => out.skip(skip(path, n, reason)),
        }
    }
}

fn parse_record(line: &str, label_field: Option<&str>) -> Result<Record, ReadError> {
    let value: Value = serde_json::from_str(line).map_err(ReadError::NotJson)?;
    let Value::Object(map) = value else {
        return Err(ReadError::NotAnObject);
    };
    let field = |name: &str| -> Option<String> {
        match map.get(name)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let text = match map.get("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return Err(ReadError::EmptyText("text".to_string())),
        Some(_) => return Err(ReadError::TextNotString),
        None => return Err(ReadError::NoTextField),
    };
    Ok(Record {
        id: field("id"),
        title: field("title"),
        text,
        city: field("city"),
        date: field("date"),
        label: label_field.and_then(field),
        ..Record::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "咸宁四季度集中开工项目146个\n本报讯 我市举行集中开工活动。";

    #[test]
    fn decodes_every_supported_encoding() {
        let (gbk, _, _) = GBK.encode(PAGE);
        assert_eq!(decode(&gbk).unwrap(), PAGE);
        let traditional = "淮安日報訊:市委書記現場督辦政協重點提案,推動經濟社會高質量發展。";
        let (big5, _, _) = BIG5.encode(traditional);
        assert_eq!(decode(&big5).unwrap(), traditional);
        let mut utf8_bom = vec![0xef, 0xbb, 0xbf];
        utf8_bom.extend_from_slice(PAGE.as_bytes());
        assert_eq!(decode(&utf8_bom).unwrap(), PAGE);
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(PAGE.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), PAGE);
    }

    #[test]
    fn binary_and_foreign_bytes_are_refused_with_a_reason() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(matches!(err, ReadError::Binary), "{err:?}");
        assert_eq!(err.to_string(), "binary file (contains NUL bytes)");
        assert!(matches!(decode(b"\0"), Err(ReadError::Binary)));
    }

    fn labels(out: &ReadOutcome) -> Vec<Option<&str>> {
        out.documents
            .iter()
            .map(|d| match d {
                Document::Record(r) => r.label.as_deref(),
                Document::Page { .. } => None,
            })
            .collect()
    }

    #[test]
    fn jsonl_labels_are_read_when_asked_for_strings_and_numbers_alike() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        fs::write(
            &path,
            "{\"text\":\"甲\",\"label\":\"财经\"}\n{\"text\":\"乙\",\"label\":3}\n{\"text\":\"丙\"}\n{\"text\":\"丁\",\"label\":[1]}\n",
        )
        .unwrap();
        let asked = ReadOptions {
            label_field: Some("label".to_string()),
            ..ReadOptions::default()
        };
        let out = read_inputs(std::slice::from_ref(&path), &asked);
        assert_eq!(labels(&out), vec![Some("财经"), Some("3"), None, None]);
        let unasked = read_inputs(&[path], &ReadOptions::default());
        assert_eq!(labels(&unasked), vec![None; 4]);
    }

    #[test]
    fn csv_labels_come_from_the_named_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        fs::write(&path, "text,类别\n甲,财经\n乙,\n丙,7\n").unwrap();
        let asked = ReadOptions {
            label_field: Some("类别".to_string()),
            ..ReadOptions::default()
        };
        let out = read_inputs(std::slice::from_ref(&path), &asked);
        assert_eq!(labels(&out), vec![Some("财经"), None, Some("7")]);
        let absent = ReadOptions {
            label_field: Some("label".to_string()),
            ..ReadOptions::default()
        };
        assert_eq!(labels(&read_inputs(&[path], &absent)), vec![None; 3]);
    }

    #[test]
    fn jsonl_lines_become_records_or_skips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        fs::write(
            &path,
            "{\"id\":\"x1\",\"text\":\"正文\",\"city\":\"咸宁\",\"date\":\"2024-12\"}\n\nnot json\n{\"title\":\"无正文\"}\n",
        )
        .unwrap();
        let out = read_inputs(&[path], &ReadOptions::default());
        assert_eq!(out.files, 1);
        let Document::Record(r) = &out.documents[0] else {
            panic!("expected a record")
        };
        assert_eq!(
            (r.id.as_deref(), r.line, r.city.as_deref()),
            (Some("x1"), 1, Some("咸宁"))
        );
        let reasons: Vec<(usize, &str)> = out
            .skipped
            .iter()
            .map(|s| (s.position, s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].0, 3);
        assert!(reasons[0].1.starts_with("not JSON"));
        assert_eq!(reasons[1], (4, "no `text` field"));
    }

    #[test]
    fn csv_rows_become_records_and_bad_rows_skips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let text = "编号,正文,city\nr1,咸宁举行集中开工活动。,咸宁\nr2,,\nr3,\"未闭合的引号,x\n";
        let (gbk, _, _) = GBK.encode(text);
        fs::write(&path, &gbk).unwrap();
        let options = ReadOptions {
            text_column: "正文".to_string(),
            ..ReadOptions::default()
        };
        let out = read_inputs(std::slice::from_ref(&path), &options);
        assert_eq!(out.documents.len(), 1, "{:?}", out.skipped);
        let Document::Record(r) = &out.documents[0] else {
            panic!("expected a record")
        };
        assert_eq!(
            (r.text.as_str(), r.city.as_deref(), r.line),
            ("咸宁举行集中开工活动。", Some("咸宁"), 2)
        );
        assert_eq!(
            (out.skipped[0].position, out.skipped[0].reason.as_str()),
            (3, "empty `正文`")
        );
        assert_eq!(out.skipped[1].position, 4);
        assert!(
            out.skipped[1].reason.starts_with("bad CSV row"),
            "{:?}",
            out.skipped
        );
        let missing = read_inputs(&[path], &ReadOptions::default());
        assert!(
            missing.skipped[0].reason.starts_with("no `text` column"),
            "{:?}",
            missing.skipped
        );
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
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].reason, "no such file or folder");
    }
}
