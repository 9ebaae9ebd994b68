//! Metadata the user gives rather than the page: most real collections
//! carry city and date in file names or a spreadsheet, and what the user
//! states overrides what the reader would infer.
//!
//! - [`Manifest`]: a CSV with columns `source, city, date, newspaper`
//!   (any may be empty; `source` matches a file's path as given or its name).
//! - [`NamePattern`]: a file-name pattern such as `{city}_{date}.txt`, with
//!   the fields `{city}`, `{date}`, `{newspaper}` and `{any}`.
//!
//! The manifest wins over the pattern for a field both give.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;

use crate::error::{Error, Result};

/// What the user states about one input. Each field keeps where it was
/// stated: merged statements can take the city from one place and the date
/// from another, and the evidence column must name the right one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    pub city: Option<Stated>,
    pub date: Option<Stated>,
    pub newspaper: Option<Stated>,
}

/// One stated value and where it was stated (`manifest`, `file name`,
/// `input`), for the evidence column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub value: String,
    pub origin: &'static str,
}

impl Given {
    /// The values stated in `origin`.
    pub fn from(
        origin: &'static str,
        city: Option<String>,
        date: Option<String>,
        newspaper: Option<String>,
    ) -> Given {
        let stated = |value: Option<String>| value.map(|value| Stated { value, origin });
        Given {
            city: stated(city),
            date: stated(date),
            newspaper: stated(newspaper),
        }
    }

    /// `self`'s fields, with `other`'s filling the gaps.
    pub fn or(self, other: Given) -> Given {
        Given {
            city: self.city.or(other.city),
            date: self.date.or(other.date),
            newspaper: self.newspaper.or(other.newspaper),
        }
    }
}

/// A metadata manifest, keyed by source.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    rows: BTreeMap<String, Given>,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = crate::read::decode(&bytes).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Manifest::parse(&text, path)
    }

    pub fn parse(text: &str, origin: &Path) -> Result<Manifest> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let bad = |line: usize, message: String| Error::Data {
            path: origin.to_path_buf(),
            line,
            message,
        };
        let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let Some(source) = column("source") else {
            return Err(bad(
                1,
                "no `source` column (expected source, city, date, newspaper)".into(),
            ));
        };
        let (city, date, newspaper) = (column("city"), column("date"), column("newspaper"));
        let mut rows = BTreeMap::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| bad(i + 2, e.to_string()))?;
            let field = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let Some(key) = field(Some(source)) else {
                return Err(bad(i + 2, "empty `source`".into()));
            };
            rows.insert(
                key,
                Given::from("manifest", field(city), field(date), field(newspaper)),
            );
        }
        Ok(Manifest { rows })
    }

    /// The row for `source`: by the path as given, else by file name.
    pub fn get(&self, source: &str) -> Option<&Given> {
        self.rows.get(source).or_else(|| {
            let name = Path::new(source).file_name()?.to_str()?;
            self.rows.get(name)
        })
    }
}

/// A file-name pattern, compiled.
#[derive(Debug, Clone)]
pub struct NamePattern {
    regex: Regex,
}

impl NamePattern {
    /// `{city}_{date}.txt` and the like; text outside the braces must match
    /// literally.
    pub fn parse(pattern: &str) -> Result<NamePattern> {
        let field = Regex::new(r"\{(\w+)\}").expect("static pattern");
        let mut regex = String::from("^");
        let mut last = 0;
        for c in field.captures_iter(pattern) {
            let m = c.get(0).expect("group 0");
            regex.push_str(&regex::escape(&pattern[last..m.start()]));
            regex.push_str(match &c[1] {
                "city" => r"(?P<city>[^_\-\s./]+?)",
                "newspaper" => r"(?P<newspaper>[^_\-\s./]+?)",
                "date" => r"(?P<date>\d{4}(?:[-.]?\d{1,2}){0,2})",
                "any" => r".*?",
                other => {
                    return Err(Error::Settings(format!(
                        "name pattern {pattern}: unknown field {{{other}}} (use city, date, newspaper, any)"
                    )));
                }
            });
            last = m.end();
        }
        regex.push_str(&regex::escape(&pattern[last..]));
        regex.push('$');
        let regex = Regex::new(&regex)
            .map_err(|e| Error::Settings(format!("name pattern {pattern}: {e}")))?;
        Ok(NamePattern { regex })
    }

    /// What the file name of `source` states, if it matches.
    pub fn given(&self, source: &str) -> Option<Given> {
        let name = Path::new(source).file_name()?.to_str()?;
        let c = self.regex.captures(name)?;
        let get = |f: &str| c.name(f).map(|m| m.as_str().to_string());
        Some(Given::from(
            "file name",
            get("city"),
            get("date").map(|d| normalise_compact_date(&d)),
            get("newspaper"),
        ))
    }
}

/// `20241205` → `2024-12-05`, `202412` → `2024-12`; other forms unchanged.
fn normalise_compact_date(date: &str) -> String {
    if date.bytes().all(|b| b.is_ascii_digit()) {
        match date.len() {
            8 => return format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]),
            6 => return format!("{}-{}", &date[..4], &date[4..]),
            _ => {}
        }
    }
    date.to_string()
}

/// The user's statements, merged: manifest first, then file name.
#[derive(Debug, Clone, Default)]
pub struct GivenMeta {
    pub manifest: Option<Manifest>,
    pub pattern: Option<NamePattern>,
}

impl GivenMeta {
    pub fn for_source(&self, source: &str) -> Given {
        let from_manifest = self.manifest.as_ref().and_then(|m| m.get(source)).cloned();
        let from_name = self.pattern.as_ref().and_then(|p| p.given(source));
        from_manifest
            .unwrap_or_default()
            .or(from_name.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &Option<Stated>) -> Option<&str> {
        s.as_ref().map(|s| s.value.as_str())
    }

    fn origin(s: &Option<Stated>) -> Option<&str> {
        s.as_ref().map(|s| s.origin)
    }

    #[test]
    fn manifest_rows_match_by_path_or_file_name() {
        let m = Manifest::parse(
            "source,city,date,newspaper\nseeds/a.txt,咸宁,2024-12-05,\nb.txt,,2023,十堰晚报\n",
            Path::new("meta.csv"),
        )
        .unwrap();
        let a = m.get("seeds/a.txt").unwrap();
        assert_eq!(
            (value(&a.city), value(&a.date), value(&a.newspaper)),
            (Some("咸宁"), Some("2024-12-05"), None)
        );
        assert_eq!(
            value(&m.get("elsewhere/b.txt").unwrap().newspaper),
            Some("十堰晚报")
        );
        assert!(m.get("c.txt").is_none());
    }

    #[test]
    fn manifest_errors_name_file_and_line() {
        let err = Manifest::parse("file,city\nx,y\n", Path::new("m.csv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "m.csv, line 1: no `source` column (expected source, city, date, newspaper)"
        );
        let err = Manifest::parse("source,city\nx,y\n,z\n", Path::new("m.csv")).unwrap_err();
        assert_eq!(err.to_string(), "m.csv, line 3: empty `source`");
    }

    #[test]
    fn file_name_patterns_give_city_and_date() {
        let p = NamePattern::parse("{city}_{date}.txt").unwrap();
        let g = p.given("pages/咸宁_20241205.txt").unwrap();
        assert_eq!(
            (value(&g.city), value(&g.date)),
            (Some("咸宁"), Some("2024-12-05"))
        );
        assert!(p.given("pages/咸宁.txt").is_none());
        let p = NamePattern::parse("{newspaper}-{date}-{any}.txt").unwrap();
        let g = p.given("十堰晚报-2023-02-21-p3.txt").unwrap();
        assert_eq!(
            (value(&g.newspaper), value(&g.date)),
            (Some("十堰晚报"), Some("2023-02-21"))
        );
        assert!(NamePattern::parse("{town}.txt").is_err());
    }

    #[test]
    fn the_manifest_wins_over_the_file_name() {
        let given = GivenMeta {
            manifest: Some(
                Manifest::parse("source,city\n常州_2024.txt,常州\n", Path::new("m")).unwrap(),
            ),
            pattern: Some(NamePattern::parse("{city}_{date}.txt").unwrap()),
        };
        let g = given.for_source("x/常州_2024.txt");
        assert_eq!(
            (value(&g.city), value(&g.date)),
            (Some("常州"), Some("2024"))
        );
        // Each value names where it came from: the city from the manifest,
        // the date (which the manifest leaves out) from the file name.
        assert_eq!(
            (origin(&g.city), origin(&g.date)),
            (Some("manifest"), Some("file name"))
        );
        let g = given.for_source("咸宁_2021.txt");
        assert_eq!(
            (value(&g.city), origin(&g.city)),
            (Some("咸宁"), Some("file name"))
        );
    }
}
