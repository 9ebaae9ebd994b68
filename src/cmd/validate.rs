//! `policy-themes validate`: a run's themes against a hand-coded sample,
//! beside the dictionary method on the same lexicon.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use policy_themes::lexicon::ThemeLexicon;
use policy_themes::validate::{
    MethodReport, Validation, read_reference, read_run, validate, write_validation,
};

use super::{Outcome, emit};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Hand-coded sample (JSONL, or CSV with a header): `id` or `title`
    /// (with `page` for an article of a page file), `theme`, optional `alt`,
    /// `city`, `corpus` and `text` (for the dictionary method's figures).
    #[arg(long, value_name = "CODED.jsonl|csv")]
    pub reference: PathBuf,
    /// The lexicon the runs used. Default: the built-in data/themes.toml.
    #[arg(long, value_name = "FILE.toml")]
    pub lexicon: Option<PathBuf>,
    /// Folder for validation.csv, validation_themes.csv and
    /// validation_confusion.csv.
    #[arg(long, default_value = "validation")]
    pub out: PathBuf,
    /// The runs' articles.csv files.
    #[arg(required = true, value_name = "ARTICLES.csv")]
    pub articles: Vec<PathBuf>,
}

pub fn validate_command(args: ValidateArgs) -> Result<Outcome> {
    let lexicon = match &args.lexicon {
        Some(path) => ThemeLexicon::load(path)?,
        None => ThemeLexicon::builtin()?,
    };
    let reference = read_reference(&args.reference)?;
    let mut rows = Vec::new();
    for path in &args.articles {
        rows.extend(read_run(path)?);
    }
    let v = validate(&reference, &rows, &lexicon);
    emit(summary(&v))?;
    write_validation(&v, &args.out)?;
    eprintln!("written to {}", args.out.display());
    Ok(Outcome::Clean)
}

fn summary(v: &Validation) -> String {
    let mut s = format!(
        "reference articles {}, not found in the runs {}\n",
        v.reference, v.not_found
    );
    let line = |name: &str, m: &MethodReport| {
        let mut l = format!(
            "{name:<11} agreement {:.3}  macro-F1 {:.3}",
            m.scores.agreement, m.scores.macro_f1
        );
        for (corpus, (n, a)) in &m.by_corpus {
            l.push_str(&format!("  {corpus} {a:.3} (n {n})"));
        }
        l.push('\n');
        l
    };
    s.push_str(&line("run", &v.run));
    if let Some(d) = &v.dictionary {
        s.push_str(&line("dictionary", d));
    }
    s.push_str("\ntheme        ref  run   precision recall  F1");
    if v.dictionary.is_some() {
        s.push_str("    | dictionary precision recall  F1");
    }
    s.push('\n');
    for (i, t) in v.run.themes.iter().enumerate() {
        s.push_str(&format!(
            "{:<12} {:>3} {:>4}   {:.3}     {:.3}   {:.3}",
            t.theme, t.support, t.predicted, t.precision, t.recall, t.f1
        ));
        if let Some(d) = v.dictionary.as_ref().and_then(|d| d.themes.get(i)) {
            s.push_str(&format!(
                " |            {:.3}     {:.3}   {:.3}",
                d.precision, d.recall, d.f1
            ));
        }
        s.push('\n');
    }
    s.push_str("\nconfusion (reference → run: articles)\n");
    for ((r, p), n) in &v.run.confusion {
        if r != p {
            s.push_str(&format!("  {r} → {p}: {n}\n"));
        }
    }
    s.push_str(&format!(
        "\ncity precision {:.3} (of {} given), recall {:.3} (of {} coded)\n",
        v.city_precision.0, v.city_precision.1, v.city_recall.0, v.city_recall.1
    ));
    s
}
