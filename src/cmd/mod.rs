//! Subcommands, one file each. Every file holds its clap arguments and the
//! few lines that turn them into library calls; the work is in the library.

mod check_meta;
mod run;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "policy-themes",
    version,
    about = "Which policy themes Chinese local-government news pushes, by city and over time"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read pages, find themes, write CSV, SVG charts and a summary.
    Run(run::RunArgs),
    /// Measure city and date inference on a JSONL corpus that states them.
    CheckMeta(check_meta::CheckMetaArgs),
}

/// How a command that did not fail ended; the exit code tells a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything read was used (exit 0).
    Clean,
    /// The report is written, but some inputs were skipped (exit 3).
    Skipped,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Skipped => 3,
        }
    }
}

/// Exit code of a failed run (no report written; a previous one is intact).
pub const FAILED: u8 = 2;

pub fn execute(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::CheckMeta(args) => check_meta::check_meta(args),
    }
}
