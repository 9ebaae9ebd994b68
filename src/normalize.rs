//! Normalisation: raw page text in, clean Simplified text out.
//!
//! Text passes through a chain of small filters, each doing one job and
//! tested on its own (the shape of tantivy's token filters):
//!
//! 1. [`LineEndings`]: byte-order mark dropped, `\r\n` and `\r` to `\n`,
//!    trailing spaces trimmed from every line.
//! 2. [`PinyinGlossRemover`]: `領(lǐng)導(dǎo)` → `領導`, as some sites print.
//! 3. [`TraditionalToSimplified`]: OpenCC's phrase-level `t2s` tables, applied
//!    to the lines detected as Traditional, so mixed pages are handled and
//!    Simplified text is never touched.
//! 4. [`WidthFolder`]: full-width ASCII forms (`，：（１`) folded to their
//!    half-width forms so later patterns match one spelling.
//!
//! Joining lines that column wrapping broke mid-sentence needs to know
//! headlines from body text, so it happens in [`crate::split`], not here.

use std::borrow::Cow;
use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use regex::Regex;

use crate::error::Error;

/// One step of the normalisation chain.
pub trait TextFilter: Send + Sync {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str>;
}

/// The standard chain, built once and shared across threads.
pub struct Normalizer {
    filters: Vec<Box<dyn TextFilter>>,
}

impl Normalizer {
    pub fn standard() -> Result<Normalizer, Error> {
        Ok(Normalizer {
            filters: vec![
                Box::new(LineEndings),
                Box::new(PinyinGlossRemover),
                Box::new(TraditionalToSimplified::new()?),
                Box::new(WidthFolder),
            ],
        })
    }

    pub fn normalize(&self, text: &str) -> String {
        let mut out = Cow::Borrowed(text);
        for filter in &self.filters {
            if let Cow::Owned(changed) = filter.apply(&out) {
                out = Cow::Owned(changed);
            }
        }
        out.into_owned()
    }
}

/// Byte-order mark, line endings and trailing white space.
pub struct LineEndings;

impl TextFilter for LineEndings {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let clean = !body.contains('\r')
            && body
                .split('\n')
                .all(|l| l.trim_end_matches([' ', '\t', '\u{3000}']).len() == l.len());
        if clean {
            return Cow::Borrowed(body);
        }
        let unified = body.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = unified
            .split('\n')
            .map(|l| l.trim_end_matches([' ', '\t', '\u{3000}']))
            .collect();
        Cow::Owned(lines.join("\n"))
    }
}

const TONE_MARKS: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

/// Removes pinyin glosses printed after characters: `領(lǐng)` → `領`.
///
/// A gloss is a parenthesised run of 1–7 pinyin letters right after a Han
/// character. One with a tone mark is always a gloss; an unmarked one
/// (`(de)`, a neutral tone) only on a page that already carries at least three
/// marked glosses, so that a real `(AI)` or `(江苏)` survives elsewhere.
pub struct PinyinGlossRemover;

static GLOSS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7})[)）]").expect("static pattern")
});

impl TextFilter for PinyinGlossRemover {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let marked = |gloss: &str| gloss.chars().any(|c| TONE_MARKS.contains(c));
        let marked_count = GLOSS
            .captures_iter(text)
            .filter(|c| marked(&c[2]))
            .take(3)
            .count();
        if marked_count == 0 {
            return Cow::Borrowed(text);
        }
        let strip_unmarked = marked_count >= 3;
        GLOSS.replace_all(text, |c: &regex::Captures| {
            if strip_unmarked || marked(&c[2]) {
                c[1].to_string()
            } else {
                c[0].to_string()
            }
        })
    }
}

/// Converts Traditional text to Simplified with OpenCC's `t2s` phrase
/// tables, line by line, so a page mixing the scripts (a Traditional
/// article reprinted on a Simplified page) is handled and Simplified lines
/// are never touched.
///
/// A line counts as Traditional when conversion changes a tenth or more of
/// its Han characters (two at least, unless the line is a word or two):
/// Simplified text changes by a variant form here and there, well under a
/// hundredth of a long line, a Traditional line by a quarter or more.
pub struct TraditionalToSimplified {
    opencc: OpenCC,
}

const MIN_CHANGED_SHARE: f64 = 0.1;
const MIN_CHANGED: usize = 2;
/// Lines this short may be a single Traditional word (`區`, `領導`).
const SHORT_LINE_HAN: usize = 4;

impl TraditionalToSimplified {
    pub fn new() -> Result<Self, Error> {
        let opencc = OpenCC::from_config(BuiltinConfig::T2s)
            .map_err(|e| Error::Resource(format!("OpenCC t2s tables: {e}")))?;
        Ok(TraditionalToSimplified { opencc })
    }
}

/// Whether `converted` differs from `original` enough to call it Traditional.
fn reads_as_traditional(original: &str, converted: &str) -> bool {
    let (mut han, mut changed) = (0usize, 0usize);
    for (a, b) in original.chars().zip(converted.chars()) {
        if is_han(a) {
            han += 1;
            changed += (a != b) as usize;
        }
    }
    changed > 0
        && changed as f64 >= MIN_CHANGED_SHARE * han as f64
        && (changed >= MIN_CHANGED || han < SHORT_LINE_HAN)
}

impl TextFilter for TraditionalToSimplified {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let converted = self.opencc.convert(text);
        if converted == text {
            return Cow::Borrowed(text);
        }
        let (original_lines, converted_lines): (Vec<&str>, Vec<&str>) =
            (text.split('\n').collect(), converted.split('\n').collect());
        if original_lines.len() != converted_lines.len() {
            // Conversion never adds or removes a line break; if it did, the
            // page is taken whole.
            return if reads_as_traditional(text, &converted) {
                Cow::Owned(converted)
            } else {
                Cow::Borrowed(text)
            };
        }
        let mut any = false;
        let lines: Vec<&str> = original_lines
            .iter()
            .zip(&converted_lines)
            .map(|(o, c)| {
                if o != c && reads_as_traditional(o, c) {
                    any = true;
                    *c
                } else {
                    *o
                }
            })
            .collect();
        if any {
            Cow::Owned(lines.join("\n"))
        } else {
            Cow::Borrowed(text)
        }
    }
}

/// Folds full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space
/// to their ASCII forms. Chinese punctuation proper (`。、“”`) is kept.
pub struct WidthFolder;

impl TextFilter for WidthFolder {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let is_wide = |c: char| ('\u{ff01}'..='\u{ff5e}').contains(&c) || c == '\u{3000}';
        if !text.chars().any(is_wide) {
            return Cow::Borrowed(text);
        }
        Cow::Owned(
            text.chars()
                .map(|c| match c {
                    '\u{3000}' => ' ',
                    c if is_wide(c) => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                    c => c,
                })
                .collect(),
        )
    }
}

/// CJK Unified Ideographs and Extension A: what counts as a Chinese character
/// for detection, city and headline heuristics.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_unified_and_bom_dropped() {
        assert_eq!(
            LineEndings.apply("\u{feff}甲 \r\n乙\r丙\u{3000}"),
            "甲\n乙\n丙"
        );
        assert!(matches!(LineEndings.apply("甲\n乙"), Cow::Borrowed(_)));
    }

    #[test]
    fn marked_pinyin_glosses_are_removed() {
        let out = PinyinGlossRemover.apply("市領(lǐng)導(dǎo)現(xiàn)場");
        assert_eq!(out, "市領導現場");
    }

    #[test]
    fn real_parentheses_survive() {
        let text = "征图新视(江苏)科技,景区(点)闭馆,人工智能(ai)";
        assert_eq!(PinyinGlossRemover.apply(text), text);
    }

    #[test]
    fn unmarked_glosses_go_only_on_a_glossed_page() {
        let glossed = "領(lǐng)導(dǎo)現(xiàn)場的(de)";
        assert_eq!(PinyinGlossRemover.apply(glossed), "領導現場的");
        assert_eq!(PinyinGlossRemover.apply("好的(de)"), "好的(de)");
    }

    #[test]
    fn traditional_page_is_converted_at_phrase_level() {
        let t2s = TraditionalToSimplified::new().unwrap();
        let out = t2s.apply("淮安日報訊:市委書記現場督辦政協重點提案,加快壯大新能源產業集群。");
        assert_eq!(
            out,
            "淮安日报讯:市委书记现场督办政协重点提案,加快壮大新能源产业集群。"
        );
    }

    #[test]
    fn simplified_text_is_never_touched() {
        let t2s = TraditionalToSimplified::new().unwrap();
        // 著/乾/後 are characters t2s may rewrite; in Simplified text they must stay.
        let text = "咸宁四季度集中开工项目146个,乾坤未定,显著成效,参保人员报销更便利。";
        assert!(matches!(t2s.apply(text), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_simplified_line_with_variant_forms_is_left_alone() {
        let t2s = TraditionalToSimplified::new().unwrap();
        // 著 and 乾 are forms t2s may rewrite; two of them in a long line
        // are variants, not a Traditional text.
        let line = format!(
            "{}著{}乾{}",
            "显著成效".repeat(10),
            "项目建设".repeat(10),
            "参保人员报销更便利".repeat(5)
        );
        assert!(matches!(t2s.apply(&line), Cow::Borrowed(_)));
    }

    #[test]
    fn a_mixed_page_converts_only_its_traditional_lines() {
        let t2s = TraditionalToSimplified::new().unwrap();
        let page = "咸宁四季度集中开工项目146个,乾坤未定,显著成效。\n淮安日報訊:市委書記現場督辦政協重點提案。\n參保人員報銷更便利";
        assert_eq!(
            t2s.apply(page),
            "咸宁四季度集中开工项目146个,乾坤未定,显著成效。\n淮安日报讯:市委书记现场督办政协重点提案。\n参保人员报销更便利"
        );
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(
            WidthFolder.apply("本报讯（记者）：１２月，ＡＩ！"),
            "本报讯(记者):12月,AI!"
        );
        assert_eq!(WidthFolder.apply("“项目为王”。"), "“项目为王”。");
    }

    #[test]
    fn standard_chain_cleans_a_glossed_traditional_line() {
        let n = Normalizer::standard().unwrap();
        let raw = "\u{feff}市領(lǐng)導(dǎo)現(xiàn)場督辦政協(xié)重點提案（一）\r\n";
        assert_eq!(n.normalize(raw), "市领导现场督办政协重点提案(一)\n");
    }
}
