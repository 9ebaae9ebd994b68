//! What the command-level tests share: the sample pages and a way to run
//! `policy-themes run` as a user would.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// `policy-themes run ARGS…`, not yet asserted.
pub fn run(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("policy-themes")
        .unwrap()
        .arg("run")
        .args(args)
        .assert()
}

/// The report of the sample pages with the default settings, written into
/// `out`.
pub fn seeds_report(out: &Path) {
    run(&[
        seeds().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ])
    .success();
}

/// The report of `input` with `k` clusters, written into `out`.
pub fn report_with_k(input: &Path, k: usize, out: &Path) {
    run(&[
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--k",
        &k.to_string(),
        "-q",
    ])
    .success();
}

/// `policy-themes run ARGS…` as exit code, stdout and stderr.
pub fn run_output(args: &[&str]) -> (i32, String, String) {
    command_output("run", args)
}

/// `policy-themes COMMAND ARGS…` as exit code, stdout and stderr.
pub fn command_output(command: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("policy-themes")
        .unwrap()
        .arg(command)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The values of the column headed `name`, row by row.
pub fn column(path: &Path, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{}: no column {name}", path.display()));
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect()
}

/// The data rows of a CSV file.
pub fn rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}
