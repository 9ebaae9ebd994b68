//! Segmentation: article text in, theme-bearing terms out.
//!
//! jieba-rs cuts the text, with the shipped policy dictionary
//! (`data/userdict.txt`) so that terms such as 新质生产力 or 钠离子电池 stay
//! whole. The tokens then pass a chain of small [`TokenFilter`]s: only
//! Chinese words of two or more characters, no stopwords
//! (`data/stopwords.txt`). Numbers, dates, punctuation and Latin debris carry
//! no theme and go.

use std::io::Cursor;

use jieba_rs::Jieba;

use crate::error::{Error, Result};
use crate::normalize::is_han;
use crate::terms::{TermTable, Tokens};

const USER_DICT: &str = include_str!("../data/userdict.txt");
const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// Decides whether a token is kept.
pub trait TokenFilter: Send + Sync {
    fn keep(&self, token: &str) -> bool;
}

/// Keeps words of at least `min_chars` Chinese characters and nothing else.
pub struct ChineseWords {
    pub min_chars: usize,
}

impl TokenFilter for ChineseWords {
    fn keep(&self, token: &str) -> bool {
        token.chars().all(is_han) && token.chars().count() >= self.min_chars
    }
}

/// Drops listed words. Asked once per token: Fx hashing, as in
/// [`crate::terms::TermTable`].
pub struct Stopwords {
    words: rustc_hash::FxHashSet<String>,
}

impl Stopwords {
    /// One word per line; `#` starts a comment line.
    pub fn parse(list: &str) -> Stopwords {
        Stopwords {
            words: dictionary_lines(list).map(str::to_string).collect(),
        }
    }
}

impl TokenFilter for Stopwords {
    fn keep(&self, token: &str) -> bool {
        !self.words.contains(token)
    }
}

fn dictionary_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The opening and closing bytes of a body that are part of an article's
/// frame: about twenty Chinese characters, where formulas such as
/// `央视网消息（新闻联播）：` and sign-offs sit.
const FRAME_BYTES: usize = 60;

/// jieba plus the token filter chain. Cheap to share across threads.
pub struct Segmenter {
    jieba: Jieba,
    filters: Vec<Box<dyn TokenFilter>>,
}

impl Segmenter {
    /// jieba's own dictionary, the shipped policy dictionary and stopwords.
    pub fn builtin() -> Result<Segmenter> {
        Segmenter::with_jieba(Jieba::new())
    }

    /// [`Segmenter::builtin`] on `jieba`, which holds jieba's own
    /// dictionary already.
    pub fn with_jieba(mut jieba: Jieba) -> Result<Segmenter> {
        let entries: Vec<&str> = dictionary_lines(USER_DICT).collect();
        jieba
            .load_dict(&mut Cursor::new(entries.join("\n")))
            .map_err(|e| Error::Resource(format!("data/userdict.txt: {e}")))?;
        Ok(Segmenter {
            jieba,
            filters: vec![
                Box::new(ChineseWords { min_chars: 2 }),
                Box::new(Stopwords::parse(STOPWORDS)),
            ],
        })
    }

    /// The terms of one article's title and body that survive every
    /// filter, as ids of `table` (new ones marked for
    /// [`TermTable::admit`]), without a string per token. The title and
    /// the body's first and last [`FRAME_BYTES`] are its frame (see
    /// [`Tokens::push_framing`]). Cut piece by piece, which is what jieba
    /// does with a line break anyway, so the article's text is never copied
    /// into one string.
    pub fn tokens(&self, title: &str, body: &str, table: &TermTable) -> Tokens {
        let mut tokens = Tokens::default();
        self.each_term(title, |t| tokens.push_framing(table, t));
        let start = body.as_ptr() as usize;
        let closing = body.len().saturating_sub(FRAME_BYTES);
        self.each_term(body, |t| {
            let at = t.as_ptr() as usize - start;
            if at < FRAME_BYTES || at >= closing {
                tokens.push_framing(table, t);
            } else {
                tokens.push(table, t);
            }
        });
        tokens
    }

    fn each_term<'t>(&self, text: &'t str, mut f: impl FnMut(&'t str)) {
        for token in self.jieba.cut(text, true) {
            if self.filters.iter().all(|filter| filter.keep(token.word)) {
                f(token.word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms that survive the filters, as words.
    fn terms(s: &Segmenter, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        s.each_term(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn policy_terms_stay_whole() {
        let s = Segmenter::builtin().unwrap();
        let terms = terms(
            &s,
            "加快钠离子电池、固态电池等核心产品攻关,培育新质生产力,推进“一网统管”。",
        );
        for term in ["钠离子电池", "固态电池", "新质生产力", "一网统管"] {
            assert!(terms.iter().any(|t| t == term), "{term} not in {terms:?}");
        }
    }

    #[test]
    fn numbers_punctuation_and_stopwords_are_dropped() {
        let s = Segmenter::builtin().unwrap();
        let terms = terms(&s, "本报讯 2024年12月5日,我们的146个项目和5G基站。");
        assert!(
            terms
                .iter()
                .all(|t| t.chars().all(is_han) && t.chars().count() >= 2)
        );
        assert!(
            !terms.iter().any(|t| t == "我们" || t == "本报讯"),
            "{terms:?}"
        );
        assert!(terms.iter().any(|t| t == "项目"), "{terms:?}");
    }

    #[test]
    fn an_article_cut_piece_by_piece_gives_the_terms_of_its_joined_text() {
        let s = Segmenter::builtin().unwrap();
        let (title, body) = (
            "咸宁加快新能源产业发展",
            "全市储能电站项目集中开工,推进乡村振兴。",
        );
        let mut table = TermTable::default();
        let pieces = s.tokens(title, body, &table);
        let joined = s.tokens("", &format!("{title}\n{body}"), &table);
        let bags = table.admit(vec![pieces, joined]);
        assert!(!bags[0].is_empty());
        assert_eq!(bags[0], bags[1]);
    }

    #[test]
    fn filters_compose() {
        let stop = Stopwords::parse("# comment\n我们\n");
        assert!(!stop.keep("我们"));
        assert!(stop.keep("项目"));
        assert!(!ChineseWords { min_chars: 2 }.keep("5G"));
        assert!(!ChineseWords { min_chars: 2 }.keep("市"));
    }
}
