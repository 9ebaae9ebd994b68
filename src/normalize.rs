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

/// White space that web pages carry and plain text does not: no-break and
/// typographic spaces become a space, zero-width ones go, so a line made of
/// them is blank and a padded line is trimmed.
fn html_space(c: char) -> Option<Option<char>> {
    match c {
        '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => Some(Some(' ')),
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => Some(None),
        _ => None,
    }
}

impl TextFilter for LineEndings {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let body: Cow<str> =
            if body.chars().any(|c| html_space(c).is_some()) || body.contains("&nbsp;") {
                Cow::Owned(
                    body.replace("&nbsp;", " ")
                        .chars()
                        .filter_map(|c| html_space(c).unwrap_or(Some(c)))
                        .collect(),
                )
            } else {
                Cow::Borrowed(body)
            };
        let clean = !body.contains('\r')
            && body
                .split('\n')
                .all(|l| l.trim_end_matches([' ', '\t', '\u{3000}']).len() == l.len());
        if clean {
            return body;
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

/// Whether `text` may hold a tone-marked letter. They all lie in
/// U+00E0–U+01DC, whose UTF-8 forms begin with a byte 0xC3–0xC7, a byte the
/// three-byte forms of Han characters and CJK punctuation never hold, so
/// nearly every Chinese page is cleared by this byte scan, far cheaper than
/// the gloss search it spares.
fn may_hold_tone_marks(text: &str) -> bool {
    text.bytes().any(|b| (0xc3..=0xc7).contains(&b))
}

impl TextFilter for PinyinGlossRemover {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !may_hold_tone_marks(text) {
            return Cow::Borrowed(text);
        }
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
///
/// OpenCC's conversion is costly and on a Simplified corpus almost no line
/// needs it, so a line is first screened by counting its
/// [`convertible`](Self::convertible) characters, which bound how many
/// conversion can change: only lines whose bound passes the rule are
/// converted. Conversion matches its dictionary keys greedily left to right
/// and no key holds a line break, so converting a line alone gives the same
/// text as converting the page and cutting out that line.
pub struct TraditionalToSimplified {
    opencc: OpenCC,
    /// The Han characters conversion can change: those `t2s` changes when
    /// converted on their own, plus [`CHANGED_ONLY_IN_PHRASES`]. Every value
    /// in ferrous-opencc 0.4's t2s tables has its key's length, so a line
    /// converts character for character and each changed position holds one
    /// of these characters, converted either as itself (a single-character
    /// key) or inside a phrase key. Their count in a line is therefore never
    /// below the count conversion changes, and the rule only grows more
    /// likely with more changes, so a line whose count fails the rule would
    /// fail it converted. The bound is loose where a phrase keeps a character
    /// that alone would change (`乾坤` keeps `乾`): such a line may pass the
    /// screen and be converted only to fail the rule, which costs time, never
    /// a wrong result.
    convertible: HanSet,
}

/// Characters `t2s` leaves alone on their own but changes inside one of its
/// phrases (`回覆` → `回复`, `瞭解` → `了解`, `沈默` → `沉默`): the entries of
/// ferrous-opencc 0.4's TSPhrases.txt that change a position TSCharacters.txt
/// maps to itself. Without them a short line such as `回覆` would be screened
/// out although conversion changes it. Re-derive on upgrading OpenCC tables.
const CHANGED_ONLY_IN_PHRASES: &str = "么俱彷沈牴瞭藉衹覆";

const MIN_CHANGED_SHARE: f64 = 0.1;
const MIN_CHANGED: usize = 2;
/// Lines this short may be a single Traditional word (`區`, `領導`).
const SHORT_LINE_HAN: usize = 4;
/// Conversions of a Traditional line after the first, at most: chains in
/// OpenCC's t2s tables are short, and a bound keeps a cycle from looping.
const MAX_CONVERSIONS: usize = 3;

impl TraditionalToSimplified {
    pub fn new() -> Result<Self, Error> {
        let opencc = OpenCC::from_config(BuiltinConfig::T2s)
            .map_err(|e| Error::Resource(format!("OpenCC t2s tables: {e}")))?;
        let convertible = HanSet::changed_alone(&opencc).with(CHANGED_ONLY_IN_PHRASES);
        Ok(TraditionalToSimplified {
            opencc,
            convertible,
        })
    }

    /// `converted` (the conversion of `line`) with each character that the
    /// single-character table changed converted again until it settles: a
    /// few entries lead to another Traditional form (薴 → 苧 → 苎), and
    /// normalised text must come through normalising unchanged. A
    /// character a phrase changed (么麼 → 幺麽) is the phrase's choice and
    /// stays.
    fn settled(&self, line: &str, converted: String) -> String {
        let alone = |c: char| {
            let mut one = [0u8; 4];
            self.opencc.convert(c.encode_utf8(&mut one)).chars().next()
        };
        if !line
            .chars()
            .zip(converted.chars())
            .any(|(a, b)| a != b && alone(b) != Some(b))
        {
            return converted;
        }
        line.chars()
            .zip(converted.chars())
            .map(|(a, mut b)| {
                if a != b && alone(a) == Some(b) {
                    for _ in 0..MAX_CONVERSIONS {
                        match alone(b) {
                            Some(next) if next != b => b = next,
                            _ => break,
                        }
                    }
                }
                b
            })
            .collect()
    }

    /// Whether conversion could change enough of `line` to call it
    /// Traditional; `false` is a proof that it cannot.
    fn may_read_as_traditional(&self, line: &str) -> bool {
        let (mut han, mut convertible) = (0usize, 0usize);
        for c in line.chars().filter(|&c| is_han(c)) {
            han += 1;
            convertible += self.convertible.contains(c) as usize;
        }
        enough_changed(han, convertible)
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
    enough_changed(han, changed)
}

/// The rule, on a line of `han` Han characters of which `changed` convert.
fn enough_changed(han: usize, changed: usize) -> bool {
    changed > 0
        && changed as f64 >= MIN_CHANGED_SHARE * han as f64
        && (changed >= MIN_CHANGED || han < SHORT_LINE_HAN)
}

impl TextFilter for TraditionalToSimplified {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        // `text[copied..]` is not in `out` yet; `start` is where `line` begins.
        let (mut copied, mut start) = (0, 0);
        for line in text.split('\n') {
            if self.may_read_as_traditional(line) {
                let converted = self.opencc.convert(line);
                if reads_as_traditional(line, &converted) {
                    let converted = self.settled(line, converted);
                    let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    out.push_str(&text[copied..start]);
                    out.push_str(&converted);
                    copied = start + line.len();
                }
            }
            start += line.len() + 1;
        }
        match out {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        }
    }
}

const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9fff;

/// A set of characters of the blocks [`is_han`] accepts, a bit each
/// (3.4 kB), so a lookup costs a shift and a mask.
struct HanSet {
    bits: Vec<u64>,
}

impl HanSet {
    /// The Han characters `opencc` changes when each is converted on its own,
    /// worked out once a run. One by one rather than in one call over all of
    /// them a character a line, which would rely on no table entry producing
    /// a line break.
    fn changed_alone(opencc: &OpenCC) -> HanSet {
        let mut set = HanSet {
            bits: vec![0; (HAN_LAST - HAN_FIRST) as usize / 64 + 1],
        };
        let mut one = [0u8; 4];
        for c in (HAN_FIRST..=HAN_LAST).filter_map(char::from_u32) {
            if is_han(c) {
                let alone = c.encode_utf8(&mut one);
                if opencc.convert(alone) != *alone {
                    set.insert(c);
                }
            }
        }
        set
    }

    fn with(mut self, chars: &str) -> HanSet {
        chars.chars().for_each(|c| self.insert(c));
        self
    }

    /// The bit of `c`, for a character [`is_han`] accepts.
    fn slot(c: char) -> (usize, u64) {
        let i = (c as u32 - HAN_FIRST) as usize;
        (i / 64, 1 << (i % 64))
    }

    fn insert(&mut self, c: char) {
        debug_assert!(is_han(c));
        let (word, bit) = Self::slot(c);
        self.bits[word] |= bit;
    }

    fn contains(&self, c: char) -> bool {
        if !is_han(c) {
            return false;
        }
        let (word, bit) = Self::slot(c);
        self.bits[word] & bit != 0
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

/// For text shown to people (example titles in the report's table and
/// cards), not part of the standard chain and never applied to data files:
/// ASCII punctuation that follows Chinese text becomes the full-width mark
/// Chinese is set with, so a title reads `开放发展，释放新活力` whether the
/// page used `，` (which [`WidthFolder`] folds for matching) or typed `,`.
/// Punctuation after a digit or Latin letter (`12:30`, `1,000`, `"Made in
/// China", reports say`) is kept, a bracket pair is widened or kept as a
/// pair, and web addresses are left as they are.
pub struct ChinesePunctuation;

impl ChinesePunctuation {
    /// Whether `c`, the last character before a mark (quotes looked past),
    /// is Chinese text.
    fn chinese(c: Option<char>) -> bool {
        c.is_some_and(|c| is_han(c) || "（）《》「」『』【】、。".contains(c))
    }

    /// The last character of `text` that is not a quotation mark: a mark
    /// after `“十四五”` follows Chinese, one after `"China"` does not.
    fn last_unquoted(text: &str) -> Option<char> {
        text.chars().rev().find(|c| !"“”‘’\"'".contains(*c))
    }

    /// Byte ranges of web addresses (`https://…` up to the next space).
    fn addresses(text: &str) -> Vec<std::ops::Range<usize>> {
        text.match_indices("://")
            .map(|(at, _)| {
                let start = text[..at]
                    .rfind(|c: char| !c.is_ascii_alphanumeric())
                    .map_or(0, |i| i + 1);
                let end = text[at..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| at + i);
                start..end
            })
            .collect()
    }
}

impl TextFilter for ChinesePunctuation {
    fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !text.contains([',', ';', ':', '!', '?', '(', ')']) {
            return Cow::Borrowed(text);
        }
        let addresses = Self::addresses(text);
        // Whether each open bracket was widened, so its partner matches.
        let mut open: Vec<bool> = Vec::new();
        let mut out = String::with_capacity(text.len() + 8);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if addresses.iter().any(|r| r.contains(&at)) {
                out.push(c);
                continue;
            }
            // What was written so far, so `)` widened just now counts.
            let before = Self::last_unquoted(&out);
            let after = chars.peek().map(|&(_, c)| c);
            let wide = match c {
                ',' | ';' | ':' | '!' | '?' if Self::chinese(before) => {
                    char::from_u32(c as u32 + 0xfee0)
                }
                '(' => {
                    let widened = Self::chinese(after);
                    open.push(widened);
                    widened.then_some('（')
                }
                ')' => match open.pop() {
                    Some(widened) => widened.then_some('）'),
                    None => Self::chinese(before).then_some('）'),
                },
                _ => None,
            };
            out.push(wide.unwrap_or(c));
        }
        Cow::Owned(out)
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
    fn html_white_space_is_plain_space_and_padding_goes() {
        assert_eq!(
            LineEndings
                .apply("标题\u{a0}\u{a0}\r\n\u{a0}&nbsp;\r\n\u{3000}\u{3000}本报讯\u{200b}　正文"),
            "标题\n\n\u{3000}\u{3000}本报讯　正文"
        );
    }

    #[test]
    fn marked_pinyin_glosses_are_removed() {
        let out = PinyinGlossRemover.apply("市領(lǐng)導(dǎo)現(xiàn)場");
        assert_eq!(out, "市領導現場");
    }

    #[test]
    fn the_byte_screen_finds_every_tone_mark() {
        for c in TONE_MARKS.chars() {
            assert!(may_hold_tone_marks(&format!("领{c}")), "{c}");
        }
        // The middle dot (U+00B7) and the punctuation of Chinese text pass.
        assert!(!may_hold_tone_marks(
            "市领导(ling dao)现场督办，“重点”提案·——。"
        ));
    }

    #[test]
    fn real_parentheses_survive() {
        let text = "征图新视(江苏)科技,景区(点)闭馆,人工智能(ai)";
        assert_eq!(PinyinGlossRemover.apply(text), text);
        // Past the tone-mark screen too: one marked gloss is not a glossed
        // page, so the unmarked `(ai)` and `(点)` stay.
        let one_gloss = "領(lǐng)导,景区(点)闭馆,人工智能(ai)";
        assert_eq!(
            PinyinGlossRemover.apply(one_gloss),
            "領导,景区(点)闭馆,人工智能(ai)"
        );
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

    static T2S: LazyLock<TraditionalToSimplified> =
        LazyLock::new(|| TraditionalToSimplified::new().unwrap());

    /// The filter as it was before lines were screened: the whole page
    /// converted, then each line the rule calls Traditional taken.
    fn unscreened(text: &str) -> String {
        let converted = T2S.opencc.convert(text);
        text.split('\n')
            .zip(converted.split('\n'))
            .map(|(o, c)| if reads_as_traditional(o, c) { c } else { o })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn simplified_lines_with_a_variant_or_two_are_screened_out() {
        // Lines from xinwenlianbo: 覆, 沈 and 乾 are characters t2s can
        // change, but one or two of them do not make a line Traditional.
        for line in [
            "咸宁四季度集中开工项目146个,乾坤未定,显著成效。",
            "中午12时07分,专机抵达辽宁沈阳。沈阳桃仙国际机场以“过水门”最高礼遇迎接志愿军烈士回国。",
            "在贵州,今年力争全省累计建成5G基站16万个,实现5G网络县城主城区全覆盖,覆盖70%以上的行政村。",
        ] {
            assert!(!T2S.may_read_as_traditional(line), "{line}");
            assert!(matches!(T2S.apply(line), Cow::Borrowed(_)), "{line}");
        }
    }

    #[test]
    fn a_glossed_traditional_seed_page_is_still_converted() {
        let raw = include_str!("../seeds/002_fc22e45bb4ab6a52.txt");
        let page = PinyinGlossRemover
            .apply(&LineEndings.apply(raw))
            .into_owned();
        let out = T2S.apply(&page);
        assert_eq!(out, unscreened(&page));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "市领导现场督办政协重点提案");
        assert!(lines[1].starts_with("淮安日报讯:昨日,市委书记史志军现场督办政协重点提案"));
        assert!(lines.contains(&"■融媒体记者 杨丹丹"));
        assert!(lines.contains(&"- 中国淮安旅游宣传片"));
    }

    #[test]
    fn a_character_whose_conversion_is_traditional_again_settles() {
        let once = T2S.apply("薴").into_owned();
        assert_eq!(once, "苎");
        assert_eq!(T2S.apply(&once), once);
    }

    #[test]
    fn characters_changed_only_inside_phrases_still_count() {
        for (phrase, simplified) in [
            ("么麼", "幺麽"),
            ("傢俱", "家具"),
            ("彷彿", "仿佛"),
            ("沈默", "沉默"),
            ("牴觸", "抵触"),
            ("瞭解", "了解"),
            ("藉口", "借口"),
            ("衹得", "只得"),
            ("回覆", "回复"),
        ] {
            assert_eq!(T2S.apply(phrase), simplified);
        }
        for c in CHANGED_ONLY_IN_PHRASES.chars() {
            assert_eq!(T2S.opencc.convert(&c.to_string()), c.to_string());
        }
    }

    // Simplified, Traditional, variant and phrase-only pieces, so that
    // random lines fall on both sides of the rule and of the screen.
    proptest::proptest! {
        #[test]
        fn screening_never_changes_the_result(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(&[
                        "的", "发展", "项目", "什么", "覆盖", "沈阳", "乾坤", "显著",
                        "發展", "項目", "國", "後", "於", "乾隆", "顯著", "回覆", "瞭解",
                        "么麼", "沈默", "藉口", "傢俱", "新聞", "AI", "12", ",", "。", " ",
                    ][..]),
                    0..24,
                ),
                1..5,
            )
        ) {
            let text = lines.iter().map(|l| l.concat()).collect::<Vec<_>>().join("\n");
            proptest::prop_assert_eq!(T2S.apply(&text), unscreened(&text));
        }
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
    fn shown_text_gets_chinese_punctuation_back() {
        let shown = |t| ChinesePunctuation.apply(t).into_owned();
        assert_eq!(shown("开放发展,释放新活力"), "开放发展，释放新活力");
        assert_eq!(
            shown("找到自己的“燃”点(人民论坛):时评!"),
            "找到自己的“燃”点（人民论坛）：时评！"
        );
        assert_eq!(shown("“十四五”,开局"), "“十四五”，开局");
        // Numbers and Latin text keep their ASCII marks.
        assert_eq!(shown("12:30开会,投资1,000亿"), "12:30开会，投资1,000亿");
        assert_eq!(shown("GDP (2024) 增长"), "GDP (2024) 增长");
        // English after a quotation keeps its comma; a bracket pair opened
        // on Latin text stays ASCII at both ends; addresses are untouched.
        assert_eq!(
            shown("“Made in China”, reports say"),
            "“Made in China”, reports say"
        );
        assert_eq!(shown("(COVID新冠)疫情"), "(COVID新冠)疫情");
        assert_eq!(
            shown("详见 https://example.cn/中文?id=1,谢谢"),
            "详见 https://example.cn/中文?id=1,谢谢"
        );
        assert_eq!(
            shown("详见https://example.cn/a?b=1 谢谢,再见"),
            "详见https://example.cn/a?b=1 谢谢，再见"
        );
        assert!(matches!(
            ChinesePunctuation.apply("推进“一网统管”。"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn standard_chain_cleans_a_glossed_traditional_line() {
        let n = Normalizer::standard().unwrap();
        let raw = "\u{feff}市領(lǐng)導(dǎo)現(xiàn)場督辦政協(xié)重點提案（一）\r\n";
        assert_eq!(n.normalize(raw), "市领导现场督办政协重点提案(一)\n");
    }
}
