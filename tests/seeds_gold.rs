//! The run on the shipped sample pages, measured against a careful reader's
//! reference (`tests/fixtures/seeds_gold.json`): articles found, furniture
//! kept out, city and date per page, themes.

use std::path::PathBuf;

use policy_themes::lexicon::ThemeLexicon;
use policy_themes::model::{ModelSettings, theme_id};
use policy_themes::pipeline::{self, RunConfig};
use policy_themes::progress::Silent;
use policy_themes::report::{RunResult, ThemedArticle};
use policy_themes::trends::Period;
use serde_json::Value;

fn gold() -> Value {
    let text = std::fs::read_to_string(fixture("seeds_gold.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run_seeds() -> RunResult {
    let config = RunConfig {
        inputs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")],
        lexicon: ThemeLexicon::builtin().unwrap(),
        model: ModelSettings::default(),
        auto_k: None,
        fit_sample: None,
        period: Some(Period::Month),
        adopt_min: 1,
        fingerprint: None,
        lexicon_source: "built-in".into(),
        read: Default::default(),
        given: Default::default(),
    };
    pipeline::run(&config, &Silent).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The articles of `file` in the run.
fn articles_of<'r>(run: &'r RunResult, file: &str) -> Vec<&'r ThemedArticle> {
    run.articles
        .iter()
        .filter(|a| a.article.source.ends_with(file))
        .collect()
}

/// Finds the run's article for a gold article: same title, or for an
/// untitled one, a body starting with the reference's first words.
fn find<'r>(found: &[&'r ThemedArticle], expected: &Value) -> Option<&'r ThemedArticle> {
    found
        .iter()
        .copied()
        .find(|a| match expected["title"].as_str() {
            Some(title) => a.article.title.as_deref().map(squash) == Some(squash(title)),
            None => {
                let start = squash(expected["body_starts"].as_str().unwrap_or("\u{0}"));
                squash(&a.article.lead).starts_with(&start)
            }
        })
}

#[test]
fn articles_furniture_city_and_date_match_the_reference() {
    let run = run_seeds();
    let gold = gold();
    let mut required = 0;
    let mut found_required = 0;
    let mut report = Vec::new();
    for page in gold["pages"].as_array().unwrap() {
        let file = page["file"].as_str().unwrap();
        let found = articles_of(&run, file);
        for expected in page["articles"].as_array().unwrap() {
            let optional = expected["optional"].as_bool().unwrap_or(false);
            let hit = find(&found, expected);
            // An optional article (a photo caption, a one-line brief) may
            // be found or not; a required one missing is a failure.
            if !optional {
                required += 1;
                found_required += hit.is_some() as usize;
                if hit.is_none() {
                    report.push(format!("{file}: missing {}", expected["title"]));
                }
            }
        }
        // Every article on the page is one the reader listed: no furniture
        // (mastheads, banners, teasers, navigation) became an article.
        for a in &found {
            let listed = page["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| find(&[*a], e).is_some());
            if !listed {
                report.push(format!("{file}: extra article {:?}", a.article.title));
            }
        }
        let expected_city = page["city"].as_str().unwrap();
        let expected_date = page["date"].as_str().unwrap_or("");
        let expected_precision = page["precision"].as_str().unwrap();
        for a in &found {
            if a.article.city.city.as_deref() != Some(expected_city) {
                report.push(format!(
                    "{file}: city {:?}, expected {expected_city}",
                    a.article.city.city
                ));
            }
            let date = &a.article.date.date;
            if date.to_iso() != expected_date || date.precision().as_str() != expected_precision {
                report.push(format!(
                    "{file}: date {:?} ({}), expected {expected_date:?} ({expected_precision})",
                    date.to_iso(),
                    date.precision()
                ));
            }
        }
    }
    let found_all = run.articles.len();
    eprintln!("articles: {found_all} found, {found_required}/{required} required ones among them");
    assert!(
        required >= 20,
        "the reference lists {required} required articles"
    );
    assert_eq!(found_required, required, "{}", report.join("\n"));
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn themes_agree_with_the_reference() {
    let run = run_seeds();
    let gold = gold();
    let mut total = 0;
    let mut agree = 0;
    let mut misses = Vec::new();
    for page in gold["pages"].as_array().unwrap() {
        let file = page["file"].as_str().unwrap();
        let found = articles_of(&run, file);
        for expected in page["articles"].as_array().unwrap() {
            let Some(a) = find(&found, expected) else {
                continue;
            };
            total += 1;
            let theme = theme_id(&run.model, &a.assignment);
            let allowed: Vec<&str> = expected["themes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if allowed.contains(&theme) {
                agree += 1;
            } else {
                misses.push(format!(
                    "{:?}: {theme}, reference {allowed:?}",
                    a.article.title
                ));
            }
        }
    }
    eprintln!(
        "themes: {agree}/{total} agree with the reference\n{}",
        misses.join("\n")
    );
    assert!(
        agree >= 20,
        "{agree}/{total} themes agree:\n{}",
        misses.join("\n")
    );
}

#[test]
fn the_same_seed_gives_the_same_result() {
    let a = run_seeds();
    let b = run_seeds();
    let themes = |r: &RunResult| -> Vec<String> {
        r.articles
            .iter()
            .map(|a| {
                format!(
                    "{}:{:.6}",
                    theme_id(&r.model, &a.assignment),
                    a.assignment.score
                )
            })
            .collect()
    };
    assert_eq!(themes(&a), themes(&b));
    assert_eq!(a.model, b.model);
}
