//! Subcommands, one file each. Every file holds its clap arguments and the
//! few lines that turn them into library calls; the work is in the library.

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
}

pub fn execute(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
    }
}
