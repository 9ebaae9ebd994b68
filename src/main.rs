//! The `policy-themes` command: parse arguments, run, report errors.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match cmd::execute(cmd::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
