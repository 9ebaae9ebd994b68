//! Subcommands, one file each. Every file holds its clap arguments and the
//! few lines that turn them into library calls; the work is in the library.

mod assign;
mod evaluate;
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
    /// Run, then score the themes: NMI, ARI, V-measure and purity against a
    /// JSONL `label` field; coherence, diversity and silhouette.
    Evaluate(evaluate::EvaluateArgs),
    /// Label new articles with a saved model.json, without refitting.
    Assign(assign::AssignArgs),
}

pub fn execute(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Evaluate(args) => evaluate::evaluate(args),
        Command::Assign(args) => assign::assign(args),
    }
}
