//! Articles given one per JSONL line or CSV row.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use super::{Batcher, Document, ReadError, ReadOptions, ReadOutcome, Record, skip};

/// One article per CSV row; a row that cannot be read is skipped with its
/// line number. Rows are kept back until the whole file is read: a quote
/// never closed at the end takes back the rows it swallowed.
pub(super) fn read_csv(path: &Path, text: &str, options: &ReadOptions, out: &mut ReadOutcome) {
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

/// Streams a JSONL file line by line: a bad line is skipped with its
/// number, and the file is never held whole in memory.
pub(super) fn read_jsonl(path: &Path, options: &ReadOptions, out: &mut Batcher) {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.skip(skip(path, 0, ReadError::Open(e)));
            return;
        }
    };
    let source = path.display().to_string();
    let mut reader = BufReader::new(file);
    let mut buf = Vec::new();
    let mut n = 0;
    while !out.stopped {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => n += 1,
            Err(e) => {
                out.skip(skip(path, n + 1, ReadError::ReadLine(e)));
                break;
            }
        }
        let bytes = if n == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf
        };
        // Another shard's line is not even parsed.
        if !out.keeps(&source, n) {
            continue;
        }
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
    use crate::read::read_inputs;
    use encoding_rs::GBK;

    fn labels(out: &ReadOutcome) -> Vec<Option<&str>> {
        out.documents
            .iter()
            .map(|d| match d {
                Document::Record(r) => r.label.as_deref(),
                Document::Page { .. } => None,
            })
            .collect()
    }

    fn reading_labels(field: &str) -> ReadOptions {
        ReadOptions {
            label_field: Some(field.to_string()),
            ..ReadOptions::default()
        }
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
        let asked = reading_labels("label");
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
        let asked = reading_labels("类别");
        let out = read_inputs(std::slice::from_ref(&path), &asked);
        assert_eq!(labels(&out), vec![Some("财经"), None, Some("7")]);
        let absent = reading_labels("label");
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
}
