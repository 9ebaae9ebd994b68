//! What the command-level tests share: the sample pages and a way to run
//! `policy-themes run` as a user would.

use std::path::PathBuf;

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
