//! The theme lexicon: named policy themes and their seed terms, read from
//! `data/themes.toml` (shipped, built in) or a user's file (`--lexicon`).
//!
//! The lexicon does not classify articles by counting alone: it seeds
//! centroids for the themes the corpus carries, centres each named theme
//! on the articles its seed terms clearly name, and adds an article's share
//! of weight on a theme's seed terms to its cosine with that centre (see
//! `model/decide.rs`). Its `[[not_policy]]` subjects (the armed forces,
//! sports results, entertainment, the lottery) mark articles a careful
//! reader gives no policy theme at all.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

const BUILTIN: &str = include_str!("../data/themes.toml");

/// One named theme as the user wrote it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconTheme {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub terms: Vec<String>,
    /// Whether the names of other countries count as the theme's seed
    /// terms in an article's keyword shares (see `model/decide.rs`).
    #[serde(default)]
    pub countries: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThemeLexicon {
    pub themes: Vec<LexiconTheme>,
    /// Subjects that are no policy theme (`[[not_policy]]`): an article
    /// mainly about one of them gets no named theme (a free theme, or
    /// `other` with the subject as the reason).
    pub not_policy: Vec<LexiconTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    theme: Vec<LexiconTheme>,
    #[serde(default)]
    not_policy: Vec<LexiconTheme>,
}

impl ThemeLexicon {
    pub fn builtin() -> Result<ThemeLexicon> {
        ThemeLexicon::parse(BUILTIN, Path::new("data/themes.toml"))
    }

    pub fn load(path: &Path) -> Result<ThemeLexicon> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        ThemeLexicon::parse(&text, path)
    }

    /// Parses and checks a lexicon; errors carry the line number.
    pub fn parse(text: &str, origin: &Path) -> Result<ThemeLexicon> {
        let at = |offset: usize, message: String| Error::Data {
            path: origin.to_path_buf(),
            line: text[..offset.min(text.len())].matches('\n').count() + 1,
            message,
        };
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().to_string())
        })?;
        let mut ids = BTreeSet::new();
        for theme in file.theme.iter().chain(&file.not_policy) {
            let offset = text.find(&format!("\"{}\"", theme.id)).unwrap_or(0);
            let valid_id = !theme.id.is_empty()
                && theme
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_id {
                return Err(at(
                    offset,
                    format!("theme id `{}` must be snake_case ASCII", theme.id),
                ));
            }
            if theme.id.starts_with("theme_") || theme.id == "other" {
                return Err(at(offset, format!("theme id `{}` is reserved", theme.id)));
            }
            if !ids.insert(theme.id.as_str()) {
                return Err(at(offset, format!("theme id `{}` appears twice", theme.id)));
            }
            if theme.terms.is_empty() {
                return Err(at(offset, format!("theme `{}` has no terms", theme.id)));
            }
        }
        if let Some(subject) = file.not_policy.iter().find(|s| s.countries) {
            let offset = text.find(&format!("\"{}\"", subject.id)).unwrap_or(0);
            return Err(at(
                offset,
                format!(
                    "`countries` is for themes, not the subject `{}`",
                    subject.id
                ),
            ));
        }
        Ok(ThemeLexicon {
            themes: file.theme,
            not_policy: file.not_policy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_has_the_core_themes() {
        let lex = ThemeLexicon::builtin().unwrap();
        let ids: Vec<&str> = lex.themes.iter().map(|t| t.id.as_str()).collect();
        for id in [
            "new_energy",
            "ecology",
            "governance",
            "projects",
            "industry",
            "livelihood",
            "safety",
            "opening",
            "rural",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
    }

    #[test]
    fn malformed_lexicon_names_the_line() {
        let text = "[[theme]]\nid = \"a\"\nname = \"甲\"\nname_en = \"A\"\nterms = [\"储能\",\n";
        let err = ThemeLexicon::parse(text, Path::new("my.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("my.toml, line "), "{err}");
    }

    #[test]
    fn duplicate_and_reserved_ids_are_refused() {
        let theme = |id: &str| {
            format!(
                "[[theme]]\nid = \"{id}\"\nname = \"甲\"\nname_en = \"A\"\nterms = [\"储能\"]\n"
            )
        };
        let twice = format!("{}{}", theme("a"), theme("a"));
        let err = ThemeLexicon::parse(&twice, Path::new("x.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(err, "x.toml, line 2: theme id `a` appears twice");
        assert!(ThemeLexicon::parse(&theme("other"), Path::new("x")).is_err());
        // A subject outside policy may not take a theme's id either.
        let subject = theme("a").replace("[[theme]]", "[[not_policy]]");
        let clash = format!("{}{subject}", theme("a"));
        assert!(ThemeLexicon::parse(&clash, Path::new("x")).is_err());
        let apart = format!("{}{}", theme("a"), subject.replace("\"a\"", "\"b\""));
        let lexicon = ThemeLexicon::parse(&apart, Path::new("x")).unwrap();
        assert_eq!((lexicon.themes.len(), lexicon.not_policy.len()), (1, 1));
    }

    #[test]
    fn an_empty_lexicon_is_allowed() {
        assert!(
            ThemeLexicon::parse("# nothing\n", Path::new("e.toml"))
                .unwrap()
                .themes
                .is_empty()
        );
    }
}
