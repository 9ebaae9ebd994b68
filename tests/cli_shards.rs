//! `assign --shard I/N` and `merge`: N parts of a corpus labelled apart and
//! merged give, byte for byte, the report of one `assign` over the whole.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{column, command_output, seeds, seeds_report};

/// A corpus of pages and JSONL lines (with a bad line, a blank text and a
/// missing file, so skipped.csv has rows from several shards), the model
/// fitted on the seed pages, and the folder to write reports in.
struct Corpus {
    dir: tempfile::TempDir,
    inputs: Vec<PathBuf>,
    model: PathBuf,
}

fn corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let fitted = dir.path().join("fitted");
    seeds_report(&fitted);
    // Paragraphs of the seed pages as JSONL articles, spread over three
    // cities and six months so trends and diffusion have rows to merge.
    let mut pages: Vec<PathBuf> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut lines = Vec::new();
    let paragraphs = pages
        .iter()
        .flat_map(|p| {
            fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.chars().count() > 60);
    for (i, text) in paragraphs.enumerate() {
        let city = ["常州", "咸宁", "无锡"][i % 3];
        let line = serde_json::json!({
            "id": format!("p{i:03}"),
            "text": text,
            "city": city,
            "date": format!("2024-{:02}-{:02}", 1 + i % 6, 1 + i % 28),
        });
        lines.push(line.to_string());
        if i == 20 {
            lines.push("{not json".to_string());
        }
        if i == 40 {
            lines.push(r#"{"id": "blank", "text": "  "}"#.to_string());
        }
    }
    let jsonl = dir.path().join("paragraphs.jsonl");
    fs::write(&jsonl, lines.join("\n")).unwrap();
    Corpus {
        inputs: vec![seeds(), jsonl, dir.path().join("gone.txt")],
        model: fitted.join("model.json"),
        dir,
    }
}

impl Corpus {
    /// `assign` over `inputs` into the folder `name`, with `extra` options.
    fn assign(&self, inputs: &[PathBuf], name: &str, extra: &[&str]) -> PathBuf {
        let out = self.dir.path().join(name);
        let mut args: Vec<String> = vec!["--model".into(), self.model.display().to_string()];
        args.extend(inputs.iter().map(|p| p.display().to_string()));
        args.extend(["--out".into(), out.display().to_string(), "-q".into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, stderr) = command_output("assign", &args);
        // 3: the report is written, and says what was skipped (a shard
        // may hold none of the skips).
        assert!(code == 0 || code == 3, "{stderr}");
        out
    }

    fn shards(&self, n: u32, extra: &[&str]) -> Vec<PathBuf> {
        (0..n)
            .map(|i| {
                let shard = format!("{i}/{n}");
                let mut args = vec!["--shard", &shard];
                args.extend(extra);
                self.assign(&self.inputs, &format!("shard{i}"), &args)
            })
            .collect()
    }
}

fn merge(out: &Path, shards: &[PathBuf], extra: &[&str]) -> (i32, String) {
    let mut args = vec!["--out".to_string(), out.display().to_string(), "-q".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(shards.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = command_output("merge", &args);
    (code, stderr)
}

/// Every file of a report folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn merged_shards_equal_one_assign_over_the_whole_corpus_byte_for_byte() {
    let corpus = corpus();
    let whole = corpus.assign(&corpus.inputs, "whole", &["--parquet"]);
    let mut shards = corpus.shards(4, &["--parquet"]);
    // Every shard has a part of the articles, and together they have all;
    // each writes its Parquet part, named by its index.
    let whole_ids = column(&whole.join("articles.csv"), "id");
    let mut parts = 0;
    for shard in &shards {
        let ids = column(&shard.join("articles.csv"), "id");
        assert!(!ids.is_empty() && ids.len() < whole_ids.len());
        let index = shard.to_string_lossy().chars().last().unwrap();
        let part = format!("articles/part-0000{index}.parquet");
        assert!(shard.join(&part).is_file(), "{part}");
        parts += ids.len();
    }
    assert_eq!(parts, whole_ids.len());
    // The order the shards are named in does not matter.
    shards.reverse();
    let merged = corpus.dir.path().join("merged");
    let (code, stderr) = merge(&merged, &shards, &["--parquet"]);
    assert_eq!(code, 3, "{stderr}");
    let (merged, whole) = (files(&merged), files(&whole));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&merged), names(&whole));
    assert!(names(&whole).contains(&"articles.parquet".to_string()));
    for ((name, m), (_, w)) in merged.iter().zip(&whole) {
        assert!(m == w, "{name} differs:\n{}", String::from_utf8_lossy(m));
    }
    // The corpus made sure the test is not vacuous: skips, several cities.
    let skipped = &whole.iter().find(|(n, _)| n == "skipped.csv").unwrap().1;
    assert_eq!(String::from_utf8_lossy(skipped).lines().count(), 4);
}

#[test]
fn a_page_or_line_lands_in_the_same_shard_whatever_the_argument_order() {
    let corpus = corpus();
    let forward = corpus.assign(&corpus.inputs, "forward", &["--shard", "1/3"]);
    let mut reversed = corpus.inputs.clone();
    reversed.reverse();
    let backward = corpus.assign(&reversed, "backward", &["--shard", "1/3"]);
    let mut a = column(&forward.join("articles.csv"), "id");
    let mut b = column(&backward.join("articles.csv"), "id");
    a.sort();
    b.sort();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn merge_refuses_shards_of_another_model_and_missing_or_doubled_shards() {
    let corpus = corpus();
    let shards = corpus.shards(3, &[]);
    let out = corpus.dir.path().join("merged");
    let odd = corpus.assign(
        &corpus.inputs,
        "yearly",
        &["--shard", "2/3", "--period", "year"],
    );
    let (code, stderr) = merge(
        &out,
        &[shards[0].clone(), shards[1].clone(), odd.clone()],
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!(
            "{} was made with another model or settings",
            odd.display()
        )),
        "{stderr}"
    );
    let (code, stderr) = merge(&out, &shards[..2], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("shard(s) 2 of 3 missing"), "{stderr}");
    let (code, stderr) = merge(&out, &[shards[0].clone(), shards[0].clone()], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("are both shard 0/3"), "{stderr}");
    let (code, stderr) = merge(&out, &[corpus.dir.path().join("fitted")], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a shard report"), "{stderr}");
    // A row whose named-theme scores the model cannot have (one score, for
    // a model with several named themes) is refused, naming its line.
    let rows = shards[1].join("rows.jsonl");
    let text = fs::read_to_string(&rows).unwrap();
    let scored = with_one_named_score(&text);
    assert_ne!(scored, text, "no article row with named scores");
    fs::write(&rows, scored).unwrap();
    let (code, stderr) = merge(&out, &shards, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("named-theme score"), "{stderr}");
    assert!(!out.exists(), "a refused merge writes nothing");
}

/// `text` with the first non-empty `"named_scores":[…]` cut to one score.
fn with_one_named_score(text: &str) -> String {
    let key = "\"named_scores\":[";
    let mut from = 0;
    while let Some(at) = text[from..].find(key).map(|i| from + i + key.len()) {
        let end = at + text[at..].find(']').unwrap();
        if end > at {
            return format!("{}0.5{}", &text[..at], &text[end..]);
        }
        from = end;
    }
    text.to_string()
}

#[test]
fn a_shard_with_nothing_to_read_still_merges() {
    // Eight parts of five pages: some shards get no page at all.
    let corpus = corpus();
    let pages = vec![seeds()];
    let whole = corpus.assign(&pages, "whole", &[]);
    let shards: Vec<PathBuf> = (0..8)
        .map(|i| {
            let shard = format!("{i}/8");
            corpus.assign(&pages, &format!("part{i}"), &["--shard", &shard])
        })
        .collect();
    let empty = shards
        .iter()
        .filter(|s| column(&s.join("articles.csv"), "id").is_empty())
        .count();
    assert!(
        empty > 0,
        "every shard got a page; the test needs one that did not"
    );
    let merged = corpus.dir.path().join("merged");
    let (code, stderr) = merge(&merged, &shards, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files(&merged), files(&whole));
}
