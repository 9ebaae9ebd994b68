//! Working at scale: fitting on a sample, and assigning shards of a corpus
//! separately with one model so their counts add up to the whole corpus's.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use common::{column, report_with_k, rows, run, seeds, seeds_report};

fn assign(model: &Path, inputs: &[&Path], out: &Path) {
    Command::cargo_bin("policy-themes")
        .unwrap()
        .arg("assign")
        .arg("--model")
        .arg(model)
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .assert()
        .success();
}

/// `trends.csv` as counts by (theme, city, period).
fn counts(report: &Path) -> BTreeMap<(String, String, String), u64> {
    rows(&report.join("trends.csv"))
        .iter()
        .map(|r| {
            (
                (r[0].to_string(), r[1].to_string(), r[2].to_string()),
                r[3].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn shard_counts_add_up_to_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let fitted = dir.path().join("fitted");
    seeds_report(&fitted);
    let model = fitted.join("model.json");
    let mut pages: Vec<_> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let (first, second): (Vec<&Path>, Vec<&Path>) = (
        pages[..3].iter().map(|p| p.as_path()).collect(),
        pages[3..].iter().map(|p| p.as_path()).collect(),
    );
    let (a, b, whole) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("whole"),
    );
    assign(&model, &first, &a);
    assign(&model, &second, &b);
    let all: Vec<&Path> = pages.iter().map(|p| p.as_path()).collect();
    assign(&model, &all, &whole);
    let mut merged = counts(&a);
    for (key, n) in counts(&b) {
        *merged.entry(key).or_default() += n;
    }
    assert_eq!(merged, counts(&whole));
    // Every one of the sample pages' 24 articles is counted once, in some theme.
    let whole_corpus: u64 = merged
        .iter()
        .filter(|((_, city, period), _)| city == "all" && period == "all")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(whole_corpus, 24);
}

#[test]
fn fitting_on_a_sample_still_themes_every_article_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one", "two"] {
        let out = dir.path().join(name);
        run(&[
            seeds().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--fit-sample",
            "16",
            "-q",
        ])
        .success();
    }
    let articles = rows(&dir.path().join("one/articles.csv"));
    assert_eq!(articles.len(), 24);
    assert!(
        articles.iter().all(|r| !r[8].is_empty()),
        "every article has a theme"
    );
    for file in ["articles.csv", "trends.csv", "model.json"] {
        assert_eq!(
            fs::read(dir.path().join("one").join(file)).unwrap(),
            fs::read(dir.path().join("two").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_corpus_of_many_blocks_keeps_every_article_in_order_with_its_theme() {
    // More articles than one block of the projection (4,096) and of
    // articles.csv (8,192): blocks joined out of order, or rows paired with
    // another block's themes, show as ids out of input order or a topic
    // split across themes.
    let topics = [
        ["储能", "光伏", "电池", "新能源", "电站", "并网"],
        ["医保", "医院", "中医", "诊疗", "参保", "药品"],
        ["足球", "比赛", "球员", "联赛", "进球", "教练"],
    ];
    let n = 8_300;
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let words = &topics[i % 3];
            let text: String = (0..5).map(|j| words[(i / 3 + j) % 6]).collect();
            format!(r#"{{"id": "a{i:05}", "text": "{text}。"}}"#)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    report_with_k(&input, 3, &out);
    let articles = out.join("articles.csv");
    let ids = column(&articles, "id");
    let expected: Vec<String> = (0..n).map(|i| format!("a{i:05}")).collect();
    assert_eq!(ids, expected);
    let themes = column(&articles, "theme");
    for (i, theme) in themes.iter().enumerate() {
        assert_eq!(theme, &themes[i % 3], "article {i}");
    }
    let mut distinct = themes[..3].to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{distinct:?}");
}
