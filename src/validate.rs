//! Validation against a hand-coded sample: how often a run's themes agree
//! with careful readers, beside the dictionary method on the same lexicon.
//!
//! A reference article is coded with its main `theme`, optional `alt`
//! themes a reader could also defend, and optionally `city`, `text` and
//! `corpus`. It is matched to a run's `articles.csv` row by `id`, or, when
//! it names a `page` (a page file) or has no id, by its title. Agreement is
//! lenient (the run's theme is the main theme or an alternative); macro-F1
//! is over the named themes the reference uses, main theme against the
//! run's. A free theme or `other` counts as `none`; an article the run did
//! not give counts as a miss.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::lexicon::ThemeLexicon;
use crate::metrics::ratio;

/// The reader's theme for an article about none of the named themes.
pub const NONE: &str = "none";
/// The run's theme for a reference article it did not give.
pub const NOT_FOUND: &str = "(not found)";
/// The dictionary method names a theme only from this many seed-term hits.
const DICTIONARY_MIN_HITS: usize = 2;
/// A title matches a run's title at this similarity or more.
const TITLE_MATCH: f64 = 0.6;

/// One hand-coded article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coded {
    pub id: Option<String>,
    pub title: Option<String>,
    /// The page file the article is on, for articles found by title.
    pub page: Option<String>,
    pub corpus: Option<String>,
    pub text: Option<String>,
    pub theme: String,
    pub alt: Vec<String>,
    pub city: Option<String>,
}

impl Coded {
    fn accepts(&self, theme: &str) -> bool {
        self.theme == theme || self.alt.iter().any(|a| a == theme)
    }
}

/// One row of a run's `articles.csv`, the fields validation reads.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct RunRow {
    pub id: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub title: String,
    pub theme: String,
    #[serde(default)]
    pub city: String,
}

#[derive(Deserialize)]
struct CodedRecord {
    id: Option<String>,
    title: Option<String>,
    page: Option<String>,
    corpus: Option<String>,
    text: Option<String>,
    theme: Option<String>,
    #[serde(default)]
    alt: Alternatives,
    city: Option<String>,
}

/// Alternatives as a JSON list, or as one string separated by `;`, `,` or
/// `|` (a CSV cell).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Alternatives {
    #[default]
    Missing,
    List(Vec<String>),
    Joined(String),
}

impl Alternatives {
    fn into_vec(self) -> Vec<String> {
        match self {
            Alternatives::Missing => Vec::new(),
            Alternatives::List(list) => list,
            Alternatives::Joined(s) => s
                .split([';', ',', '|', '；', '，'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        }
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl CodedRecord {
    fn into_coded(self, path: &Path, line: usize) -> Result<Coded> {
        let data = |message: &str| Error::Data {
            path: path.to_path_buf(),
            line,
            message: message.to_string(),
        };
        let theme = non_empty(self.theme).ok_or_else(|| data("no `theme`"))?;
        let coded = Coded {
            id: non_empty(self.id),
            title: non_empty(self.title),
            page: non_empty(self.page),
            corpus: non_empty(self.corpus),
            text: self.text,
            theme,
            alt: self.alt.into_vec(),
            city: non_empty(self.city),
        };
        if coded.id.is_none() && coded.title.is_none() {
            return Err(data("neither `id` nor `title` to match the article by"));
        }
        Ok(coded)
    }
}

/// Reads a hand-coded sample: JSONL (one object a line) or, for a `.csv`
/// file, CSV with a header (`alt` separated by `;`).
pub fn read_reference(path: &Path) -> Result<Vec<Coded>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut coded = Vec::new();
    if is_csv {
        let mut reader = csv::Reader::from_path(path).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        for (n, record) in reader.deserialize::<CodedRecord>().enumerate() {
            let record = record.map_err(|e| Error::Data {
                path: path.to_path_buf(),
                line: n + 2,
                message: e.to_string(),
            })?;
            coded.push(record.into_coded(path, n + 2)?);
        }
    } else {
        let text = std::fs::read_to_string(path).map_err(io)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record: CodedRecord = serde_json::from_str(line).map_err(|e| Error::Data {
                path: path.to_path_buf(),
                line: n + 1,
                message: e.to_string(),
            })?;
            coded.push(record.into_coded(path, n + 1)?);
        }
    }
    if coded.is_empty() {
        return Err(Error::NoInput(format!(
            "{} codes no article",
            path.display()
        )));
    }
    Ok(coded)
}

/// Reads the rows of one run's `articles.csv`.
pub fn read_run(path: &Path) -> Result<Vec<RunRow>> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    reader
        .deserialize::<RunRow>()
        .enumerate()
        .map(|(n, row)| {
            row.map_err(|e| Error::Data {
                path: path.to_path_buf(),
                line: n + 2,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Agreement and macro-F1 of one method's themes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub agreement: f64,
    pub macro_f1: f64,
}

/// Precision, recall and F1 of one named theme (main theme only).
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeScore {
    pub theme: String,
    pub support: usize,
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Everything validation reports for one method.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodReport {
    pub scores: Scores,
    pub themes: Vec<ThemeScore>,
    /// (reference theme, method's theme) → articles.
    pub confusion: BTreeMap<(String, String), usize>,
    /// Agreement by corpus, for references that name one.
    pub by_corpus: BTreeMap<String, (usize, f64)>,
}

/// The run's figures and, when the reference carries texts, the dictionary
/// method's.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub reference: usize,
    pub not_found: usize,
    pub run: MethodReport,
    pub dictionary: Option<MethodReport>,
    /// Of the cities the run gave, the share the reader gave too; of the
    /// reader's cities, the share the run gave; with their counts.
    pub city_precision: (f64, usize),
    pub city_recall: (f64, usize),
}

/// Scores a run (the rows of its `articles.csv` files) against the coded
/// sample. `named` are the lexicon's theme ids; any other theme is `none`.
pub fn validate(reference: &[Coded], rows: &[RunRow], lexicon: &ThemeLexicon) -> Validation {
    let named: Vec<&str> = lexicon.themes.iter().map(|t| t.id.as_str()).collect();
    let mut by_id: HashMap<&str, &RunRow> = HashMap::new();
    let mut by_page: HashMap<&str, Vec<&RunRow>> = HashMap::new();
    for row in rows {
        by_id.insert(&row.id, row);
        by_page.entry(file_name(&row.source)).or_default().push(row);
    }
    let matched: Vec<Option<&RunRow>> = reference
        .iter()
        .map(|c| match (&c.page, &c.id, &c.title) {
            (None, Some(id), _) => by_id.get(id.as_str()).copied(),
            (Some(page), _, Some(title)) => by_title(title, by_page.get(page.as_str())),
            (None, None, Some(title)) => by_title(title, Some(&rows.iter().collect())),
            _ => None,
        })
        .collect();
    let run_themes: Vec<String> = matched
        .iter()
        .map(|m| match m {
            None => NOT_FOUND.to_string(),
            Some(row) if named.contains(&row.theme.as_str()) => row.theme.clone(),
            Some(_) => NONE.to_string(),
        })
        .collect();
    let dictionary = reference.iter().all(|c| c.text.is_some()).then(|| {
        let themes: Vec<String> = reference
            .iter()
            .map(|c| dictionary_theme(c.text.as_deref().unwrap_or(""), lexicon))
            .collect();
        method_report(reference, &themes, &named)
    });
    let (mut given, mut given_right, mut wanted, mut wanted_found) = (0, 0, 0, 0);
    for (c, m) in reference.iter().zip(&matched) {
        let want = city_norm(c.city.as_deref().unwrap_or(""));
        let got = city_norm(m.map_or("", |r| r.city.as_str()));
        if !got.is_empty() {
            given += 1;
            given_right += usize::from(got == want);
        }
        if !want.is_empty() {
            wanted += 1;
            wanted_found += usize::from(got == want);
        }
    }
    Validation {
        reference: reference.len(),
        not_found: matched.iter().filter(|m| m.is_none()).count(),
        run: method_report(reference, &run_themes, &named),
        dictionary,
        city_precision: (ratio(given_right, given), given),
        city_recall: (ratio(wanted_found, wanted), wanted),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn by_title<'r>(title: &str, rows: Option<&Vec<&'r RunRow>>) -> Option<&'r RunRow> {
    let want = core_title(title);
    let mut best: Option<(f64, &RunRow)> = None;
    for &row in rows? {
        let s = similarity(&want, &core_title(&row.title));
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, row));
        }
    }
    best.filter(|&(s, _)| s >= TITLE_MATCH).map(|(_, r)| r)
}

/// The dictionary method: count every seed term's occurrences in the text,
/// take the theme with the most (the first listed on a tie), `none` under
/// [`DICTIONARY_MIN_HITS`].
pub fn dictionary_theme(text: &str, lexicon: &ThemeLexicon) -> String {
    let mut best: Option<(&str, usize)> = None;
    for theme in &lexicon.themes {
        let hits: usize = theme
            .terms
            .iter()
            .map(|t| text.matches(t.as_str()).count())
            .sum();
        if best.is_none_or(|(_, b)| hits > b) {
            best = Some((&theme.id, hits));
        }
    }
    match best {
        Some((id, hits)) if hits >= DICTIONARY_MIN_HITS => id.to_string(),
        _ => NONE.to_string(),
    }
}

fn method_report(reference: &[Coded], found: &[String], named: &[&str]) -> MethodReport {
    let mut ok = 0;
    let (mut tp, mut fp, mut fnn) = (
        HashMap::<&str, usize>::new(),
        HashMap::<&str, usize>::new(),
        HashMap::<&str, usize>::new(),
    );
    let mut confusion = BTreeMap::new();
    let mut corpora: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (c, p) in reference.iter().zip(found) {
        let agrees = c.accepts(p);
        ok += usize::from(agrees);
        if *p == c.theme {
            *tp.entry(p).or_default() += 1;
        } else {
            *fp.entry(p).or_default() += 1;
            *fnn.entry(&c.theme).or_default() += 1;
        }
        *confusion.entry((c.theme.clone(), p.clone())).or_default() += 1;
        if let Some(corpus) = &c.corpus {
            let e = corpora.entry(corpus.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(agrees);
        }
    }
    let get = |m: &HashMap<&str, usize>, t: &str| m.get(t).copied().unwrap_or(0);
    let themes: Vec<ThemeScore> = named
        .iter()
        .map(|&t| {
            let (tp, fp, fnn) = (get(&tp, t), get(&fp, t), get(&fnn, t));
            let precision = ratio(tp, tp + fp);
            let recall = ratio(tp, tp + fnn);
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            ThemeScore {
                theme: t.to_string(),
                support: tp + fnn,
                predicted: tp + fp,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let used: Vec<f64> = themes
        .iter()
        .filter(|t| t.support > 0)
        .map(|t| t.f1)
        .collect();
    MethodReport {
        scores: Scores {
            agreement: ratio(ok, reference.len()),
            macro_f1: used.iter().sum::<f64>() / used.len().max(1) as f64,
        },
        themes,
        confusion,
        by_corpus: corpora
            .into_iter()
            .map(|(c, (n, ok))| (c, (n, ratio(ok, n))))
            .collect(),
    }
}

/// A city without the suffix 市, 地区 or 自治州 (kept when nothing would
/// be left but one character).
fn city_norm(city: &str) -> String {
    let city = city.trim();
    for suffix in ["市", "地区", "自治州"] {
        if let Some(stem) = city.strip_suffix(suffix)
            && stem.chars().count() > 1
        {
            return stem.to_string();
        }
    }
    city.to_string()
}

/// A title with full-width punctuation folded to ASCII, whitespace removed
/// and a short trailing parenthesis (a source or date note) cut.
fn core_title(title: &str) -> Vec<char> {
    let folded: Vec<char> = title
        .chars()
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            '：' => ':',
            '，' | '、' => ',',
            '？' => '?',
            '（' => '(',
            '）' => ')',
            '！' => '!',
            '—' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace() && *c != '　')
        .collect();
    // The leftmost opening parenthesis with 1 to 20 characters and no
    // closing one before the final `)`, as the reference scorer's regex.
    if folded.last() == Some(&')') {
        let end = folded.len() - 1;
        let cut = (0..end).find(|&open| {
            folded[open] == '('
                && (1..=20).contains(&(end - open - 1))
                && !folded[open + 1..end].contains(&')')
        });
        if let Some(open) = cut {
            return folded[..open].to_vec();
        }
    }
    folded
}

/// Similarity of two titles: containment scores by relative length, else
/// the matching-blocks ratio of Python's `difflib.SequenceMatcher`.
fn similarity(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.windows(short.len()).any(|w| w == short) {
        return 0.5 + 0.5 * short.len() as f64 / long.len() as f64;
    }
    2.0 * matching_characters(a, b) as f64 / (a.len() + b.len()) as f64
}

/// Characters in the matching blocks: the longest common run (earliest in
/// `a`, then in `b`), then recursively the same on either side of it.
fn matching_characters(a: &[char], b: &[char]) -> usize {
    let mut total = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (mut best_i, mut best_j, mut best) = (alo, blo, 0);
        let mut previous = vec![0usize; bhi - blo + 1];
        for (i, ca) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut current = vec![0usize; bhi - blo + 1];
            for (j, cb) in b.iter().enumerate().take(bhi).skip(blo) {
                if ca == cb {
                    let k = previous[j - blo] + 1;
                    current[j - blo + 1] = k;
                    if k > best {
                        (best_i, best_j, best) = (i + 1 - k, j + 1 - k, k);
                    }
                }
            }
            previous = current;
        }
        if best > 0 {
            total += best;
            if alo < best_i && blo < best_j {
                queue.push((alo, best_i, blo, best_j));
            }
            if best_i + best < ahi && best_j + best < bhi {
                queue.push((best_i + best, ahi, best_j + best, bhi));
            }
        }
    }
    total
}

/// Writes `validation.csv` (each method's agreement and macro-F1, overall
/// and by corpus), `validation_themes.csv` (precision and recall by theme)
/// and `validation_confusion.csv` (reference theme × method's theme) to
/// `out`.
pub fn write_validation(v: &Validation, out: &Path) -> Result<()> {
    let fail = |path: PathBuf, e: &dyn std::fmt::Display| Error::Output {
        path,
        message: e.to_string(),
    };
    std::fs::create_dir_all(out).map_err(|e| fail(out.to_path_buf(), &e))?;
    let methods: Vec<(&str, &MethodReport)> = std::iter::once(("run", &v.run))
        .chain(v.dictionary.as_ref().map(|d| ("dictionary", d)))
        .collect();
    let write = |name: &str, header: &[&str], rows: Vec<Vec<String>>| -> Result<()> {
        let path = out.join(name);
        let mut w = csv::Writer::from_path(&path).map_err(|e| fail(path.clone(), &e))?;
        w.write_record(header).map_err(|e| fail(path.clone(), &e))?;
        for row in rows {
            w.write_record(&row).map_err(|e| fail(path.clone(), &e))?;
        }
        w.flush().map_err(|e| fail(path.clone(), &e))
    };
    let mut summary = Vec::new();
    for (method, m) in &methods {
        summary.push(vec![
            method.to_string(),
            "all".into(),
            v.reference.to_string(),
            format!("{:.3}", m.scores.agreement),
            format!("{:.3}", m.scores.macro_f1),
        ]);
        for (corpus, (n, agreement)) in &m.by_corpus {
            summary.push(vec![
                method.to_string(),
                corpus.clone(),
                n.to_string(),
                format!("{agreement:.3}"),
                String::new(),
            ]);
        }
    }
    write(
        "validation.csv",
        &["method", "corpus", "articles", "agreement", "macro_f1"],
        summary,
    )?;
    let themes = methods
        .iter()
        .flat_map(|(method, m)| {
            m.themes.iter().map(move |t| {
                vec![
                    method.to_string(),
                    t.theme.clone(),
                    t.support.to_string(),
                    t.predicted.to_string(),
                    format!("{:.3}", t.precision),
                    format!("{:.3}", t.recall),
                    format!("{:.3}", t.f1),
                ]
            })
        })
        .collect();
    write(
        "validation_themes.csv",
        &[
            "method",
            "theme",
            "reference",
            "predicted",
            "precision",
            "recall",
            "f1",
        ],
        themes,
    )?;
    let confusion = methods
        .iter()
        .flat_map(|(method, m)| {
            m.confusion.iter().map(move |((r, p), n)| {
                vec![method.to_string(), r.clone(), p.clone(), n.to_string()]
            })
        })
        .collect();
    write(
        "validation_confusion.csv",
        &["method", "reference", "found", "articles"],
        confusion,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconTheme;

    fn lexicon() -> ThemeLexicon {
        let theme = |id: &str, terms: &[&str]| LexiconTheme {
            id: id.into(),
            name: id.into(),
            name_en: id.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            countries: false,
        };
        ThemeLexicon {
            themes: vec![
                theme("new_energy", &["电池", "光伏"]),
                theme("livelihood", &["医保", "养老"]),
            ],
            not_policy: Vec::new(),
        }
    }

    fn coded(id: &str, theme: &str, alt: &[&str], text: &str) -> Coded {
        Coded {
            id: Some(id.into()),
            theme: theme.into(),
            alt: alt.iter().map(|a| a.to_string()).collect(),
            text: Some(text.into()),
            corpus: Some("c".into()),
            ..Coded::default()
        }
    }

    fn row(id: &str, theme: &str) -> RunRow {
        RunRow {
            id: id.into(),
            theme: theme.into(),
            ..RunRow::default()
        }
    }

    #[test]
    fn agreement_f1_and_the_dictionary_by_hand() {
        let reference = vec![
            coded("a", "new_energy", &[], "电池 电池 光伏"),
            coded("b", "new_energy", &["livelihood"], "医保 医保 电池"),
            coded("c", "livelihood", &[], "养老"),
            coded("d", "none", &[], "足球"),
            coded("e", "livelihood", &[], "医保 养老"),
        ];
        let rows = vec![
            row("a", "new_energy"),
            row("b", "livelihood"),
            row("c", "theme_03"),
            row("d", "other"),
        ];
        let v = validate(&reference, &rows, &lexicon());
        assert_eq!(v.not_found, 1);
        // a, b (an alternative) and d (a free theme is none) agree.
        assert_eq!(v.run.scores.agreement, 0.6);
        // new_energy: tp 1, fp 0, fn 1 → F1 2/3; livelihood: tp 0 → 0.
        assert!((v.run.scores.macro_f1 - 1.0 / 3.0).abs() < 1e-12);
        let livelihood = &v.run.themes[1];
        assert_eq!((livelihood.support, livelihood.predicted), (2, 1));
        assert_eq!(v.run.confusion[&("livelihood".into(), NOT_FOUND.into())], 1);
        let d = v.dictionary.unwrap();
        // a new_energy, b livelihood (2 against 1), c none (1 hit),
        // d none, e livelihood: a, b, d, e agree.
        assert_eq!(d.scores.agreement, 0.8);
        assert_eq!(d.by_corpus["c"], (5, 0.8));
    }

    #[test]
    fn titles_match_like_difflib() {
        let t = |s: &str| core_title(s);
        assert_eq!(t("储能电站开工（图）"), t("储能电站开工"));
        assert_eq!(similarity(&t("abcd"), &t("bcde")), 0.75);
        assert_eq!(similarity(&t("储能"), &t("储能电站")), 0.75);
        assert_eq!(matching_characters(&t("abxcd"), &t("abcd")), 4);
    }

    #[test]
    fn cities_are_compared_without_their_suffix() {
        assert_eq!(city_norm("杭州市"), "杭州");
        assert_eq!(city_norm("恩施自治州"), "恩施");
        assert_eq!(city_norm("沙市"), "沙市");
    }
}
