//! `policy-themes inspect` and the reading options shared with `run`:
//! CSV input, a metadata manifest and file-name patterns.

use std::fs;
use std::path::PathBuf;

mod common;

use common::{command_output, seeds};

fn seed(name: &str) -> PathBuf {
    seeds().join(name)
}

fn inspect(args: &[&str]) -> (i32, String) {
    let (code, stdout, _) = command_output("inspect", args);
    (code, stdout)
}

#[test]
fn inspect_shows_articles_evidence_and_furniture() {
    let page = seed("003_0c7b1efa5163341b.txt");
    let (code, out) = inspect(&[page.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("  city: 咸宁 (confidence"), "{out}");
    // Each article says where its city comes from.
    assert!(
        out.contains("       city: 咸宁 — the paper's city: newspaper 咸宁日报"),
        "{out}"
    );
    assert!(
        out.contains("  date: 2021-12-03 (day) — masthead 2021年12月3日"),
        "{out}"
    );
    assert!(out.contains("  8 article(s)"), "{out}");
    assert!(out.contains("  #3 树牢“项目为王”理念推动高质量发展\n       boundary: line 61 (dateline)\n       event date: 2021-12-02\n       deck: 杨军在市“十四五”重点基础设施项目专题会议上要求"), "{out}");
    assert!(
        out.contains(
            "  #4 (no headline on the page)\n       boundary: line 79 (dateline)\n       event date: 2021-12-02\n       starts: 本报讯 记者吴文谨报道:12月2日"
        ),
        "{out}"
    );
    assert!(out.contains("    line 114 teaser: (详见第四版)"), "{out}");
    assert!(out.contains("    line 134 fragment: 力的?"), "{out}");
}

#[test]
fn a_manifest_overrides_what_the_page_says_and_a_name_pattern_fills_in() {
    let dir = tempfile::tempdir().unwrap();
    // The page names 咸宁 and its masthead date; the file name and the
    // manifest say otherwise, and the user's word wins.
    let page = dir.path().join("常州_20240301.txt");
    fs::copy(seed("003_0c7b1efa5163341b.txt"), &page).unwrap();
    let (_, out) = inspect(&[
        page.to_str().unwrap(),
        "--name-pattern",
        "{city}_{date}.txt",
    ]);
    assert!(
        out.contains("  city: 常州 (confidence 1.00) — given in the file name"),
        "{out}"
    );
    assert!(
        out.contains("  date: 2024-03-01 (day) — given in the file name"),
        "{out}"
    );
    let manifest = dir.path().join("meta.csv");
    fs::write(
        &manifest,
        "source,city,date,newspaper\n常州_20240301.txt,淮安,2024-02,\n",
    )
    .unwrap();
    let (_, out) = inspect(&[
        page.to_str().unwrap(),
        "--name-pattern",
        "{city}_{date}.txt",
        "--meta",
        manifest.to_str().unwrap(),
    ]);
    assert!(
        out.contains("  city: 淮安 (confidence 1.00) — given in the manifest"),
        "{out}"
    );
    assert!(
        out.contains("  date: 2024-02 (month) — given in the manifest"),
        "{out}"
    );
}

#[test]
fn a_stated_newspaper_is_evidence_for_the_city() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.txt");
    fs::write(
        &page,
        "区领导督查重大项目建设情况\n\n本报讯 昨天下午,区领导率队督查重大项目建设情况。",
    )
    .unwrap();
    let manifest = dir.path().join("meta.csv");
    fs::write(&manifest, "source,newspaper\np.txt,武进日报\n").unwrap();
    let (_, out) = inspect(&[page.to_str().unwrap(), "--meta", manifest.to_str().unwrap()]);
    assert!(
        out.contains("  city: 常州 (confidence 1.00) — the paper's city: newspaper 武进日报"),
        "{out}"
    );
}

#[test]
fn csv_input_reads_the_named_text_column() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("news.csv");
    fs::write(
        &table,
        "id,title,正文\nn1,集中开工,\"咸宁四季度集中开工项目146个,总投资393亿元。\"\nn2,专项检查,嘉鱼县市场监管局开展医疗器械专项检查。\n",
    )
    .unwrap();
    let (code, out) = inspect(&[table.to_str().unwrap(), "--text-column", "正文"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("  #2 集中开工\n       starts: 咸宁四季度集中开工项目146个,总投资393亿元。"),
        "{out}"
    );
    // A local brief names its place once, by its name or a county's.
    assert!(
        out.contains("  city: 咸宁 (confidence 1.00) — 咸宁: 咸宁×1"),
        "{out}"
    );
    assert!(
        out.contains("  #3 专项检查\n       starts: 嘉鱼县市场监管局开展医疗器械专项检查。\n       city: 咸宁 — 咸宁: 嘉鱼县×1"),
        "{out}"
    );
    let (code, out) = inspect(&[table.to_str().unwrap()]);
    assert_eq!(code, 2, "no `text` column, nothing readable: {out}");
}
