//! The `policy-themes` command: parse arguments, run, report errors.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match cmd::execute(cmd::Cli::parse()) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(cmd::FAILED)
        }
    }
}
