//! `policy-themes run` as a user runs it: real command, real files.

mod common;

use std::fs;
use std::path::Path;

use common::{column, report_with_k, rows, run, run_output, seeds};

fn header(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn seeds_run_writes_every_output_with_the_contract_columns() {
    let out = tempfile::tempdir().unwrap();
    let assert = run(&[
        seeds().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ])
    .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for file in [
        "articles.csv",
        "themes.csv",
        "trends.csv",
        "skipped.csv",
        "furniture.csv",
        "model.json",
        "diffusion.csv",
        "panel.csv",
        "summary.json",
        "report.html",
        "theme_by_city.svg",
        "theme_over_time.svg",
        "theme_diffusion.svg",
        "theme_terms.svg",
        "city_profiles.svg",
    ] {
        assert!(out.path().join(file).is_file(), "{file} missing");
    }
    // The column order is part of the contract scripts read by position.
    assert_eq!(
        header(&out.path().join("articles.csv")),
        [
            "id",
            "source",
            "position",
            "title",
            "city",
            "city_code",
            "date",
            "date_precision",
            "theme",
            "theme_name",
            "cluster",
            "score",
            "chars",
            "city_confidence",
            "city_evidence",
            "date_evidence",
            "lead",
            "theme2",
            "score2",
            "theme_scores",
            "other_reason",
            "truncated_from",
            "event_date",
        ]
    );
    assert_eq!(
        header(&out.path().join("themes.csv"))[..5],
        ["theme", "theme_name", "theme_name_en", "articles", "share"]
    );
    assert!(header(&out.path().join("themes.csv")).contains(&"top_terms".to_string()));
    assert_eq!(
        header(&out.path().join("trends.csv")),
        [
            "theme",
            "city",
            "period",
            "articles",
            "share",
            "share_low",
            "share_high",
            "city_code"
        ]
    );
    assert_eq!(rows(&out.path().join("articles.csv")).len(), 24);
    // The summary is data on stdout; the account of the run is on stderr.
    assert!(
        stdout.contains("leading cities") && stdout.contains("projects"),
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "5 input files: 5 used, 0 skipped; 24 articles kept, 0 JSONL/CSV lines skipped"
        ),
        "{stderr}"
    );
}

#[test]
fn same_input_and_seed_give_byte_identical_files_whatever_the_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Two runs, one thread and two: the thread count must not show.
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        run(&[
            seeds().to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--seed",
            "7",
            "--threads",
            threads,
            "-q",
        ])
        .success();
    }
    let mut names: Vec<_> = fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 19);
    for name in names {
        assert_eq!(
            fs::read(a.path().join(&name)).unwrap(),
            fs::read(b.path().join(&name)).unwrap(),
            "{name:?} differs between runs"
        );
    }
}

#[test]
fn jsonl_fields_are_used_and_never_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    let pages: Vec<String> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut lines: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, text)| serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string())
        .collect();
    // The text is about 咸宁; the record says otherwise and wins.
    lines.push(
        serde_json::json!({
            "id": "given", "title": "给定标题", "city": "某市", "date": "2020-05",
            "text": pages.iter().find(|p| p.contains("咸宁日报")).unwrap(),
        })
        .to_string(),
    );
    fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    report_with_k(&input, 2, &out);
    let articles = rows(&out.join("articles.csv"));
    assert_eq!(articles.len(), 6);
    let given = articles.iter().find(|r| &r[0] == "given").unwrap();
    assert_eq!(
        (&given[3], &given[4], &given[5], &given[6], &given[7]),
        ("给定标题", "某市", "", "2020-05", "month")
    );
    let inferred = articles
        .iter()
        .find(|r| r[0].starts_with("doc-") && &r[4] == "咸宁");
    assert!(
        inferred.is_some(),
        "the city is inferred from the text when not given"
    );
    // A given city the gazetteer does not know is kept, flagged and counted.
    let evidence = column(&out.join("articles.csv"), "city_evidence");
    let flagged = evidence
        .iter()
        .filter(|e| e.contains("not in the gazetteer"))
        .count();
    assert_eq!(flagged, 1, "{evidence:?}");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["counts"]["unknown_given_cities"], 1);
    let again = dir.path().join("again");
    let (code, _, stderr) = run_output(&[
        input.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--k",
        "2",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 article with a given city the gazetteer does not know"),
        "{stderr}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_output_not_the_run() {
    use std::process::{Command, Stdio};
    let out = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-themes"))
        .args(["run", seeds().to_str().unwrap(), "--out"])
        .arg(out.path())
        .arg("-q")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head` that has read enough: the pipe closes before the
    // summary is written.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.path().join("articles.csv").exists());
}
