//! Which prefecture-level city a page speaks for.
//!
//! Evidence is weighed per page, strongest first:
//! 1. a newspaper's own name (`咸宁日报`, `十堰晚报`, `淮安日报讯`, `武进日报`),
//!    in the masthead, a dateline or a byline;
//! 2. the page's voice: `我市`/`全市` with the city it names most, `我区`/`全区`
//!    with the district it names most, `我县`/`全县` likewise — a page about a
//!    delegation from 海南州 visiting `我区` (武进区) is filed under 常州;
//! 3. how often each city is named, directly or through its counties and
//!    districts; a county's bare name (`赤壁`, but also `合作`, `同心`) only
//!    counts for a city the page names in another way.
//!
//! The resolver leaves the city empty rather than guess when the evidence is
//! thin or split. A name counts only as a word of its own: 佛罗里达州 is not
//! 达州 and 红海城市 not 海城市.
//!
//! An article's own dateline (`本报达州10月14日电`, `新华社南京…电`,
//! `咸宁日报讯`) names its city before any page evidence does.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use jieba_rs::Jieba;
use regex::Regex;

use crate::article::CityBy;
use crate::meta::gazetteer::{Gazetteer, Level, Mention, Target};
use crate::normalize::is_han;

/// A newspaper name: the place is the Han run before the paper's kind.
static NEWSPAPER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Han}{2,6}?)(日报|晚报|都市报)").expect("static pattern"));

/// An agency's or paper's dateline: `本报达州10月14日电`, `新华社南京电`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\p{Han}]{0,3}(?:本报|新华社|中新社|新华网|人民网|央视网)(?:记者)?(\p{Han}{2,8}?)(?:\d{1,2}月\d{1,2}日)?(?:电|讯)")
        .expect("static pattern")
});
/// A paper's own dateline: `咸宁日报讯`.
static PAPER_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\p{Han}]{0,3}(\p{Han}{2,6}?)(?:日报|晚报|都市报)讯").expect("static pattern")
});
/// Characters either side of a name that jieba sees when checking it.
const WORD_CONTEXT: usize = 6;

const NEWSPAPER_WEIGHT: f64 = 10.0;
/// The page speaking as `我市`/`我区`/`我县` of the unit it names most.
const VOICE_WEIGHT: f64 = 10.0;
const VOICES: [(Level, [&str; 3]); 3] = [
    (Level::Prefecture, ["我市", "全市", "本市"]),
    (Level::District, ["我区", "全区", "本区"]),
    (Level::County, ["我县", "全县", "本县"]),
];
/// The winner must hold this share of all the evidence...
const MIN_CONFIDENCE: f64 = 0.5;
/// ...and amount to at least three plain mentions: national news names
/// a city or two in passing.
const MIN_SCORE: f64 = 3.0;

pub struct CityResolver<'g> {
    gazetteer: &'g Gazetteer,
}

/// The text of a page the resolver weighs: masthead, bylines and datelines
/// for newspaper names; the titles and bodies of its articles, in pieces
/// (no name spans two), for mentions.
pub struct PageText<'a> {
    pub masthead: &'a [String],
    pub articles: &'a [&'a str],
}

#[derive(Default)]
struct Tally {
    score: f64,
    /// What was seen, for the evidence string: label -> count.
    seen: BTreeMap<String, usize>,
}

impl<'g> CityResolver<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        CityResolver { gazetteer }
    }

    pub fn resolve(&self, page: &PageText<'_>) -> CityBy {
        self.decide(self.tallies(page))
    }

    /// The evidence for each city the page names.
    fn tallies(&self, page: &PageText<'_>) -> BTreeMap<usize, Tally> {
        let mut tallies: BTreeMap<usize, Tally> = BTreeMap::new();
        for line in page
            .masthead
            .iter()
            .map(String::as_str)
            .chain(page.articles.iter().copied())
        {
            for paper in NEWSPAPER.captures_iter(line) {
                if let Some(city) = self.newspaper_city(&paper[1]) {
                    let t = tallies.entry(city).or_default();
                    t.score += NEWSPAPER_WEIGHT;
                    *t.seen
                        .entry(format!("newspaper {}", &paper[0]))
                        .or_default() += 1;
                }
            }
        }
        let mut mentions: Vec<Mention<'_>> = Vec::new();
        // Bare or weak names that follow their own province (广西北海,
        // 山东德州): the province corroborates them.
        let mut qualified: BTreeSet<usize> = BTreeSet::new();
        let words = self.gazetteer.words();
        for text in page.articles {
            let found: Vec<Mention<'_>> = self.gazetteer.mentions(text).collect();
            // Indices of names that follow their own province; the pair is
            // one word to jieba (`广西北海`), so it is checked as a whole.
            let mut paired: BTreeSet<usize> = BTreeSet::new();
            for (i, pair) in found.windows(2).enumerate() {
                let [province, name] = pair else { continue };
                let cities: Vec<usize> = name
                    .targets
                    .iter()
                    .filter(|t| {
                        province
                            .targets
                            .iter()
                            .any(|p| p.level == Level::Province && p.province == t.province)
                    })
                    .filter_map(|t| t.city)
                    .collect();
                if province.end == name.start
                    && !cities.is_empty()
                    && stands_alone(words, text, province.start, name.end)
                {
                    qualified.extend(cities);
                    paired.extend([i, i + 1]);
                }
            }
            mentions.extend(found.into_iter().enumerate().filter_map(|(i, m)| {
                (paired.contains(&i) || stands_alone(words, text, m.start, m.end)).then_some(m)
            }));
        }
        let provinces: Vec<&str> = mentions
            .iter()
            .flat_map(|m| m.targets.iter())
            .filter(|t| t.level == Level::Province)
            .map(|t| t.province.as_str())
            .collect();
        // Cities named by something stronger than a bare county name.
        let anchored: BTreeSet<usize> = tallies
            .keys()
            .copied()
            .chain(qualified)
            .chain(
                mentions
                    .iter()
                    .flat_map(|m| m.targets.iter())
                    .filter(|t| !t.bare)
                    .filter_map(|t| t.city),
            )
            .collect();
        let mut by_level: BTreeMap<(Level, &str), (usize, f64)> = BTreeMap::new();
        for mention in &mentions {
            let cities: Vec<&Target> = mention
                .targets
                .iter()
                .filter(|t| t.city.is_some_and(|c| !t.bare || anchored.contains(&c)))
                .collect();
            // An ambiguous name counts for the reading whose province the page
            // names; otherwise it is split between its readings.
            let in_named_province: Vec<&Target> = cities
                .iter()
                .copied()
                .filter(|t| provinces.contains(&t.province.as_str()))
                .collect();
            let readings = if cities.len() > 1 && in_named_province.len() == 1 {
                in_named_province
            } else {
                cities
            };
            for target in &readings {
                let Some(city) = target.city else { continue };
                let weight = 1.0 / readings.len() as f64;
                let t = tallies.entry(city).or_default();
                t.score += weight;
                *t.seen.entry(mention.text.to_string()).or_default() += 1;
                let e = by_level
                    .entry((target.level, mention.text))
                    .or_insert((city, 0.0));
                e.1 += weight;
            }
        }
        // The page's own voice: `我区` with the district it names most.
        for (level, words) in &VOICES {
            if !words
                .iter()
                .any(|w| page.articles.iter().any(|text| text.contains(w)))
            {
                continue;
            }
            let top = by_level
                .iter()
                .filter(|((l, _), _)| l == level)
                .max_by(|a, b| a.1.1.total_cmp(&b.1.1).then(b.0.1.cmp(a.0.1)));
            if let Some(((_, name), (city, _))) = top {
                let t = tallies.entry(*city).or_default();
                t.score += VOICE_WEIGHT;
                *t.seen.entry(format!("{} + {name}", words[0])).or_default() += 1;
            }
        }
        tallies
    }

    /// The city of a city paper, from its name alone (masthead, bylines, a
    /// stated newspaper, `咸宁日报讯` datelines): the default for its local
    /// articles. `None` for a national or provincial paper, or when the
    /// names disagree.
    pub fn paper(&self, lines: &[&str]) -> Option<CityBy> {
        let mut found: BTreeMap<usize, String> = BTreeMap::new();
        for line in lines {
            for paper in NEWSPAPER.captures_iter(line) {
                if let Some(city) = self.newspaper_city(&paper[1]) {
                    found.entry(city).or_insert_with(|| paper[0].to_string());
                }
            }
        }
        let mut found = found.into_iter();
        let (city, paper) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        Some(self.named(city, format!("the paper's city: newspaper {paper}"), 1.0))
    }

    /// The city of a page that speaks as a local paper (`我市`, `全区`) when
    /// its paper's name is not on it: the default for its articles. `None`
    /// for a page with no local voice or one naming many other cities, as on
    /// a national paper.
    pub fn local(&self, page: &PageText<'_>) -> Option<CityBy> {
        let voiced = VOICES
            .iter()
            .flat_map(|(_, words)| words)
            .any(|w| page.articles.iter().any(|text| text.contains(w)));
        if !voiced {
            return None;
        }
        // A local paper's page is about its own city; a national paper's
        // page that quotes a `我县` names cities all over the country.
        let tallies = self.tallies(page);
        if tallies.len() > 1 + LOCAL_MAX_OTHER_CITIES {
            return None;
        }
        let by = self.decide(tallies);
        by.city.is_some().then(|| CityBy {
            evidence: format!("the page's city: {}", by.evidence),
            ..by
        })
    }

    /// The city an article's own dateline names, if any. A national agency's
    /// dateline in the capital (`新华社北京电`) is where the agency sits, not
    /// where the story is, so it names no city.
    pub fn dateline(&self, first_paragraph: &str) -> Option<CityBy> {
        if let Some(c) = DATELINE.captures(first_paragraph) {
            let place = &c[1];
            let city = self.gazetteer.city_named(place)?;
            if self.gazetteer.cities()[city].code == CAPITAL {
                return None;
            }
            return Some(self.named(city, format!("dateline {}", &c[0]), 1.0));
        }
        let c = PAPER_DATELINE.captures(first_paragraph)?;
        let city = self.newspaper_city(&c[1])?;
        Some(self.named(city, format!("dateline {}", &c[0]), 1.0))
    }

    /// A city the user stated, under its gazetteer name and code; a name the
    /// gazetteer does not know is kept as given and flagged.
    pub fn given(&self, value: &str, origin: &str) -> CityBy {
        match self.gazetteer.city_named(value.trim()) {
            Some(city) => self.named(city, format!("given in the {origin}"), 1.0),
            None => CityBy {
                city: Some(value.to_string()),
                code: None,
                evidence: format!("given in the {origin}; {UNKNOWN_GIVEN}"),
                confidence: 1.0,
            },
        }
    }

    fn named(&self, city: usize, evidence: String, confidence: f64) -> CityBy {
        let city = &self.gazetteer.cities()[city];
        CityBy {
            city: Some(city.name.clone()),
            code: Some(city.code.clone()),
            evidence,
            confidence,
        }
    }

    /// The city a newspaper's name points to: the longest tail of the Han run
    /// before `日报` that names exactly one city (`中共咸宁市委机关报` aside,
    /// a run like `记者从咸宁` still ends in the place).
    fn newspaper_city(&self, run: &str) -> Option<usize> {
        let chars: Vec<char> = run.chars().collect();
        (2..=chars.len().min(5)).rev().find_map(|n| {
            let tail: String = chars[chars.len() - n..].iter().collect();
            self.gazetteer.city_named(&tail)
        })
    }

    fn decide(&self, tallies: BTreeMap<usize, Tally>) -> CityBy {
        let total: f64 = tallies.values().map(|t| t.score).sum();
        let best = tallies
            .iter()
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(a.0)));
        let Some((&city, tally)) = best else {
            return CityBy::unknown("no place named");
        };
        let evidence = describe(&self.gazetteer.cities()[city].name, tally, &tallies, city);
        let confidence = tally.score / total;
        if tally.score < MIN_SCORE || confidence < MIN_CONFIDENCE {
            return CityBy {
                city: None,
                code: None,
                evidence: format!("too weak: {evidence}"),
                confidence,
            };
        }
        self.named(city, evidence, confidence)
    }
}

/// Other cities a page may name and still speak for one city by its voice.
const LOCAL_MAX_OTHER_CITIES: usize = 2;
/// The capital's code: national agencies date their stories there.
const CAPITAL: &str = "110000";
/// How `city_evidence` flags a given city the gazetteer does not know.
pub const UNKNOWN_GIVEN: &str = "not in the gazetteer";

/// Whether the name at `start..end` of `text` is a word of its own rather
/// than part of a longer one: jieba must not cut through its start
/// (佛罗里达州 is not 达州, 红海城市 not 海城市), nor through its end unless
/// the name ends in an administrative suffix (`咸宁市委` is still 咸宁市).
fn stands_alone(words: &Jieba, text: &str, start: usize, end: usize) -> bool {
    let is_han = |c: Option<char>| c.is_some_and(is_han);
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let name = &text[start..end];
    let suffixed = name.ends_with(['市', '县', '区', '州', '旗', '盟']);
    let check_start = is_han(before);
    let check_end = is_han(after) && !suffixed;
    if !check_start && !check_end {
        return true;
    }
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(WORD_CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .nth(WORD_CONTEXT)
        .map_or(text.len(), |(i, _)| end + i);
    let mut cuts = BTreeSet::new();
    let mut at = from;
    for word in words.cut(&text[from..to], false) {
        at += word.word.len();
        cuts.insert(at);
    }
    (!check_start || cuts.contains(&start)) && (!check_end || cuts.contains(&end))
}

/// `咸宁: newspaper 咸宁日报×1, 咸宁×12, 赤壁市×2; also 武汉 1.0`
fn describe(name: &str, tally: &Tally, all: &BTreeMap<usize, Tally>, best: usize) -> String {
    let mut seen: Vec<(&String, &usize)> = tally.seen.iter().collect();
    seen.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = seen
        .iter()
        .take(4)
        .map(|(w, n)| format!("{w}×{n}"))
        .collect();
    let others = all.iter().filter(|(c, _)| **c != best).count();
    let mut out = format!("{name}: {} (score {:.1})", parts.join(", "), tally.score);
    if others > 0 {
        out.push_str(&format!("; {others} other cities named"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(masthead: &[&str], text: &str) -> CityBy {
        let g = Gazetteer::builtin().unwrap();
        let masthead: Vec<String> = masthead.iter().map(|s| s.to_string()).collect();
        CityResolver::new(&g).resolve(&PageText {
            masthead: &masthead,
            articles: &[text],
        })
    }

    #[test]
    fn newspaper_name_outweighs_mentions() {
        let by = resolve(&["咸宁日报"], "代表团从武汉出发,武汉市领导、武汉企业参加。");
        assert_eq!(by.city.as_deref(), Some("咸宁"));
        assert!(
            by.evidence.contains("newspaper 咸宁日报"),
            "{}",
            by.evidence
        );
    }

    #[test]
    fn our_district_points_to_its_city() {
        let text = "青海省海南州党政代表团来我区考察。海南州委书记、海南州州长和海南州代表团,\
                    常州与海南州合作。全区推进武进区项目,武进区会议。";
        let by = resolve(&[], text);
        assert_eq!(by.city.as_deref(), Some("常州"), "{}", by.evidence);
    }

    #[test]
    fn county_names_count_for_their_prefecture() {
        let by = resolve(&[], "嘉鱼县开展专项检查,通城县、赤壁市同步推进。");
        assert_eq!(by.city.as_deref(), Some("咸宁"));
    }

    #[test]
    fn thin_or_split_evidence_gives_no_city() {
        assert_eq!(resolve(&[], "国家主席在北京发表讲话").city, None);
        assert_eq!(resolve(&[], "会议在江苏召开,全国各地代表参加。").city, None);
        let split = resolve(&[], "常州、咸宁、淮安、十堰四地代表,常州和咸宁");
        assert_eq!(split.city, None, "{}", split.evidence);
    }

    #[test]
    fn names_inside_longer_words_do_not_count() {
        let by = resolve(&[], "美国佛罗里达州遭飓风袭击,佛罗里达州州长发表讲话。");
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = resolve(&[], "红海城市荷台达港口遭袭,红海城市居民撤离。");
        assert_eq!(by.city, None, "{}", by.evidence);
        // A city with its suffix followed by more words still counts.
        let by = resolve(
            &[],
            "达州市委召开会议,达州市政府部署工作,达州市民踊跃参与。",
        );
        assert_eq!(by.city.as_deref(), Some("达州"), "{}", by.evidence);
    }

    #[test]
    fn ordinary_words_and_foreign_places_need_corroboration() {
        let by = resolve(&[], "巴中关系历久弥坚,巴中两国友好,巴中合作。");
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = resolve(&[], "美国德州发生枪击,德州警方称,德州州长表示。");
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = resolve(&[], "欢迎来宾,来宾们参观了展览,来宾代表发言。");
        assert_eq!(by.city, None, "{}", by.evidence);
        // A province's name is not its namesake city.
        let by = resolve(&[], "吉林加快振兴,吉林的粮食丰收,吉林的冰雪旅游火热。");
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = resolve(&[], "北海市召开大会,北海市民热情参与,北海的渔民丰收。");
        assert_eq!(by.city.as_deref(), Some("北海"), "{}", by.evidence);
        let by = resolve(&[], "在广西北海侨港码头,北海的渔船出海,北海的渔民丰收。");
        assert_eq!(by.city.as_deref(), Some("北海"), "{}", by.evidence);
    }

    #[test]
    fn an_article_dateline_names_its_city() {
        let g = Gazetteer::builtin().unwrap();
        let r = CityResolver::new(&g);
        let by = r.dateline("本报达州10月14日电 记者报道").unwrap();
        assert_eq!(by.city.as_deref(), Some("达州"));
        assert_eq!(by.code.as_deref(), Some("511700"));
        let by = r.dateline("新华社南京10月14日电(记者某某)").unwrap();
        assert_eq!(by.city.as_deref(), Some("南京"));
        let by = r.dateline("咸宁日报讯(记者某某)").unwrap();
        assert_eq!(by.city.as_deref(), Some("咸宁"));
        // The capital is where national agencies sit, not a story's city.
        assert!(r.dateline("新华社北京10月14日电").is_none());
        assert!(r.dateline("本报讯 近日").is_none());
    }

    #[test]
    fn only_a_city_paper_gives_its_articles_a_default() {
        let g = Gazetteer::builtin().unwrap();
        let r = CityResolver::new(&g);
        assert_eq!(
            r.paper(&["咸宁日报 2024年10月14日"])
                .and_then(|b| b.city)
                .as_deref(),
            Some("咸宁")
        );
        assert!(r.paper(&["人民日报 2024年10月14日"]).is_none());
        assert!(r.paper(&["咸宁日报", "十堰日报"]).is_none());
    }

    #[test]
    fn given_cities_take_their_gazetteer_name_and_code() {
        let g = Gazetteer::builtin().unwrap();
        let r = CityResolver::new(&g);
        for name in ["南昌市", "南昌", "洪都"] {
            let by = r.given(name, "input");
            assert_eq!(by.city.as_deref(), Some("南昌"), "{name}");
            assert_eq!(by.code.as_deref(), Some("360100"), "{name}");
        }
        let by = r.given("上海市", "input");
        assert_eq!(
            (by.city.as_deref(), by.code.as_deref()),
            (Some("上海"), Some("310000"))
        );
        let by = r.given("幻想乡", "manifest");
        assert_eq!((by.city.as_deref(), by.code), (Some("幻想乡"), None));
        assert!(by.evidence.contains(UNKNOWN_GIVEN), "{}", by.evidence);
    }
}
