//! Bad input never crashes the run or loses an article: one case per kind
//! of bad input, each asserting the message and the accounting.

use std::fs;
use std::path::Path;

mod common;

use common::{rows, run_output as run, seeds};

/// A folder with the seed pages plus the given extra files.
fn corpus_with(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    for (name, bytes) in extra {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_file_and_line_is_used_or_skipped_with_a_reason() {
    let jsonl = concat!(
        "{\"id\":\"ok-1\",\"text\":\"咸宁高新区重大项目集中开工,总投资55.7亿元。\"}\n",
        "not json at all\n",
        "{\"title\":\"无正文\"}\n",
        "\n",
        "{\"text\": 42}\n",
        "{\"id\":\"ok-2\",\"text\":\"嘉鱼县开展医疗器械专项检查。\"}\n",
    );
    let mut bytes = jsonl.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"text\":\"\xff\xfe broken\"}\n");
    let input = corpus_with(&[
        ("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        (
            "latin1.txt",
            b"caf\xe9 cr\xe8me br\xfbl\xe9e na\xefve \xe0 la carte",
        ),
        ("empty.txt", b"  \n\n"),
        ("notes.jsonl", &bytes),
        (
            "table.csv",
            "id,text\nc1,咸宁市推进重大项目建设。\nc2,\"引号没有闭合,然后\nc3,嘉鱼县开展专项检查。\n".as_bytes(),
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&[s(input.path()), "--out", s(out.path())]);
    assert_eq!(code, 3, "some inputs were skipped: {stderr}");
    // Files: 5 seeds + 5 extra found = 7 used + 3 skipped. Lines: 6 non-blank
    // JSONL lines = 2 articles + 4 skipped; 2 CSV rows = 1 article + 1
    // skipped (its stray quote would swallow the rest of the file).
    assert!(
        stderr.contains(
            "10 input files: 7 used, 3 skipped; 27 articles kept, 5 JSONL/CSV lines skipped"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("binary.txt: binary file (contains NUL bytes)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt: cannot decode as UTF-8, UTF-16, GB18030 or Big5"),
        "{stderr}"
    );
    let skipped: Vec<(String, String, String)> = rows(&out.path().join("skipped.csv"))
        .iter()
        .map(|r| {
            (
                r[0].rsplit('/').next().unwrap().to_string(),
                r[1].to_string(),
                r[2].to_string(),
            )
        })
        .collect();
    let expected = [
        ("binary.txt", "0", "binary file"),
        ("empty.txt", "0", "empty page"),
        ("latin1.txt", "0", "cannot decode"),
        ("notes.jsonl", "2", "not JSON"),
        ("notes.jsonl", "3", "no `text` field"),
        ("notes.jsonl", "5", "`text` is not a string"),
        ("notes.jsonl", "7", "not UTF-8"),
        ("table.csv", "3", "bad CSV row"),
    ];
    assert_eq!(skipped.len(), expected.len(), "{skipped:?}");
    for (file, line, reason) in expected {
        assert!(
            skipped
                .iter()
                .any(|(f, l, r)| f == file && l == line && r.starts_with(reason)),
            "no skip {file}:{line} {reason} in {skipped:?}"
        );
    }
    let ids: Vec<String> = rows(&out.path().join("articles.csv"))
        .iter()
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(ids.len(), 27);
    assert!(ids.contains(&"ok-1".to_string()) && ids.contains(&"ok-2".to_string()));
}

#[test]
fn strict_makes_any_skip_fatal_and_writes_nothing() {
    let input = corpus_with(&[("binary.txt", b"\0\0\0")]);
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report");
    let (code, _, stderr) = run(&[s(input.path()), "--out", s(&report), "--strict"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --strict: 1 input(s) skipped, no report written; first: "),
        "{stderr}"
    );
    assert!(!report.exists());
}

#[test]
fn an_empty_input_set_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&[s(empty.path()), "--out", s(out.path())]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: no input: no files found"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["does/not/exist.txt", "--out", s(&out.path().join("r"))]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "1 input file(s), none readable; first: does/not/exist.txt: no such file or folder"
        ),
        "{stderr}"
    );
}

#[test]
fn a_new_run_replaces_an_old_report_whole_and_a_failed_one_leaves_it() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report");
    assert_eq!(run(&[s(&seeds()), "--out", s(&report), "-q"]).0, 0);
    fs::write(report.join("stale_chart.svg"), "<svg/>").unwrap();
    let before = fs::read(report.join("articles.csv")).unwrap();
    // A run that fails (impossible k) leaves the previous report as it was.
    let (code, _, stderr) = run(&[s(&seeds()), "--out", s(&report), "--k", "1000"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: invalid setting: k = 1000"),
        "{stderr}"
    );
    assert_eq!(fs::read(report.join("articles.csv")).unwrap(), before);
    assert!(report.join("stale_chart.svg").exists());
    // A finished run replaces the folder: no stale file survives.
    assert_eq!(
        run(&[s(&seeds()), "--out", s(&report), "-q", "--k", "3"]).0,
        0
    );
    assert!(!report.join("stale_chart.svg").exists());
    let entries: Vec<_> = fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "staging folders left behind");
}

#[test]
fn a_folder_that_is_not_a_report_is_never_replaced() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("thesis.docx"), b"precious").unwrap();
    let (code, _, stderr) = run(&[s(&seeds()), "--out", s(out.path())]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("exists and is not a policy-themes report folder"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(out.path().join("thesis.docx")).unwrap(),
        b"precious"
    );
}

#[test]
fn hostile_values_stay_data_and_write_nothing_outside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let hostile = [
        "../../x",
        "/etc",
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
        "a\u{7}b",
    ];
    let lines: Vec<String> = hostile
        .iter()
        .enumerate()
        .map(|(i, h)| {
            serde_json::json!({"id": format!("h{i}"), "city": h, "title": h,
                "text": "咸宁高新区四季度重大项目集中开工,总投资55.7亿元,涉及新能源、新材料等领域。"})
            .to_string()
        })
        .collect();
    fs::write(&input, lines.join("\n")).unwrap();
    let report = dir.path().join("report");
    let (code, _, stderr) = run(&[s(&input), "--out", s(&report), "--k", "1"]);
    assert_eq!(code, 0, "{stderr}");
    let mut top: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["in.jsonl", "report"]);
    let cities: Vec<String> = rows(&report.join("articles.csv"))
        .iter()
        .map(|r| r[4].to_string())
        .collect();
    assert_eq!(cities, hostile);
    for chart in [
        "theme_by_city.svg",
        "theme_over_time.svg",
        "theme_terms.svg",
    ] {
        let svg = fs::read_to_string(report.join(chart)).unwrap();
        assert!(!svg.contains("<script>"), "{chart} carries raw markup");
    }
}

#[test]
fn a_huge_single_line_page_is_cut_with_a_warning_not_a_crash() {
    // 50 MB on one line, no article markers at all.
    let sentence = "咸宁市推进重大项目建设,加快新能源产业发展,持续改善民生。";
    let repeats = 50 * 1024 * 1024 / sentence.len();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("huge.txt");
    fs::write(&page, sentence.repeat(repeats)).unwrap();
    let report = dir.path().join("report");
    let (code, _, stderr) = run(&[s(&page), "--out", s(&report)]);
    assert_eq!(code, 0, "{stderr}");
    let total_chars = sentence.chars().count() * repeats;
    assert!(
        stderr.contains(&format!(
            "cut {}#1 from {total_chars} characters",
            s(&page).trim_end_matches(".txt")
        )),
        "{stderr}"
    );
    let mut reader = csv::Reader::from_path(report.join("articles.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let articles: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        articles.len(),
        1,
        "a page with no markers is kept as one article"
    );
    let cell = |name: &str| articles[0][header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("truncated_from"), total_chars.to_string());
    assert_eq!(cell("chars"), "200000");
}
