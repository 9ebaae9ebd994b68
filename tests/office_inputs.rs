//! A folder as users keep one: Word documents and saved web pages beside
//! notes and images. Every file is accounted for: the documents become
//! articles, the rest are skipped with a reason.

mod common;

use std::fs;
use std::path::PathBuf;

use common::{column, run_output, seeds};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/office")
        .join(name)
}

#[test]
fn docx_and_html_become_articles_and_other_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("inbox");
    fs::create_dir(&folder).unwrap();
    for name in ["battery-meeting.docx", "reading-china.html"] {
        fs::copy(fixture(name), folder.join(name)).unwrap();
    }
    fs::write(folder.join("notes.md"), "# 待读\n- 咸宁日报\n").unwrap();
    fs::write(folder.join("logo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = dir.path().join("out");
    // The sample pages beside the folder give the model enough to fit.
    let (code, _, stderr) = run_output(&[
        seeds().to_str().unwrap(),
        folder.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "skips give exit 3: {stderr}");
    assert!(
        stderr.contains("9 input files: 7 used, 2 skipped"),
        "{stderr}"
    );
    let articles = out.join("articles.csv");
    let from = |file: &str| -> Vec<String> {
        let sources = column(&articles, "source");
        column(&articles, "title")
            .into_iter()
            .zip(sources)
            .filter(|(_, source)| source.ends_with(file))
            .map(|(title, _)| title)
            .collect()
    };
    assert_eq!(
        from("battery-meeting.docx"),
        ["市委市政府专题研究新型电池产业发展工作"]
    );
    // The page's navigation and script are not an article or a title.
    assert_eq!(
        from("reading-china.html"),
        ["2021年“读懂中国”国际会议(广州)开幕 习近平发表视频致辞"]
    );
    let skipped = out.join("skipped.csv");
    let reasons: Vec<(String, String)> = column(&skipped, "source")
        .into_iter()
        .map(|s| s.rsplit('/').next().unwrap().to_string())
        .zip(column(&skipped, "reason"))
        .collect();
    let not_input = "not a .txt, .jsonl, .csv, .docx, .html or .htm file".to_string();
    assert_eq!(
        reasons,
        [
            ("logo.png".to_string(), not_input.clone()),
            ("notes.md".to_string(), not_input)
        ]
    );
}
