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
//! Each article then gets its own city ([`CityResolver::article`]): its
//! dateline (`本报达州10月14日电`, `新华社南京…电`, `咸宁日报讯`) unless the
//! story is about somewhere else; else the city paper's city; else what its
//! title and body name, where the city in the title or placed with its
//! province in the first sentence weighs more, a story about a whole
//! province or naming other provinces as much gets none, and national news
//! (a capital dateline, 我国/国务院…) names cities in passing. Names mean
//! the divisions of the text's year.

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
    /// The year of the text, when known: names resolve to the divisions
    /// valid then.
    year: Option<i32>,
}

/// The text of a page the resolver weighs: masthead and bylines for
/// newspaper names; the titles and bodies of its articles, in pieces (no
/// name spans two), for mentions.
pub struct PageText<'a> {
    pub masthead: &'a [String],
    pub articles: &'a [&'a str],
}

#[derive(Default)]
struct Tally {
    score: f64,
    /// The part of `score` from names in the text, not from a newspaper's
    /// name or the page's voice.
    mentions: f64,
    /// The part of `mentions` from names of the city itself, a county with
    /// its suffix or any name after its province: a district's name
    /// (`龙山区`) may be a foreign city's too (Seoul's), so it alone does
    /// not place a brief.
    firm: f64,
    /// A newspaper's name points here.
    paper: bool,
    /// The story's title names it (and no other city).
    titled: bool,
    /// The part of `mentions` from the title and first sentence.
    heading: f64,
    /// What was seen, for the evidence string: label -> count.
    seen: BTreeMap<String, usize>,
}

impl<'g> CityResolver<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        CityResolver {
            gazetteer,
            year: None,
        }
    }

    /// The resolver for texts of `year`.
    pub fn in_year(self, year: Option<i32>) -> Self {
        CityResolver { year, ..self }
    }

    /// The evidence for each city the page names, and how often it names
    /// each province on its own (not as `湖南省永州市`).
    fn tallies(&self, page: &PageText<'_>) -> Evidence {
        let mut tallies: BTreeMap<usize, Tally> = BTreeMap::new();
        let mut alone: BTreeMap<String, usize> = BTreeMap::new();
        // The paper's own name stands in its masthead and bylines; a paper
        // named in a story (`哈尔滨日报` among prize winners) is not the
        // story's place.
        for line in page.masthead {
            for paper in NEWSPAPER.captures_iter(line) {
                if let Some(city) = self.newspaper_city(&paper[1]) {
                    let t = tallies.entry(city).or_default();
                    t.score += NEWSPAPER_WEIGHT;
                    t.paper = true;
                    *t.seen
                        .entry(format!("newspaper {}", &paper[0]))
                        .or_default() += 1;
                }
            }
        }
        let mut mentions: Vec<Mention<'_>> = Vec::new();
        // Which of `mentions` follow their own province.
        let mut after_province: Vec<bool> = Vec::new();
        // Bare or weak names that follow their own province (广西北海,
        // 山东德州): the province corroborates them.
        let mut qualified: BTreeSet<usize> = BTreeSet::new();
        let words = self.gazetteer.words();
        for text in page.articles {
            let found: Vec<Mention<'_>> = self.gazetteer.mentions(text, self.year).collect();
            // Indices of names that follow their own province.
            let mut paired: BTreeSet<usize> = BTreeSet::new();
            for (i, cities) in self.after_province(&found, text) {
                qualified.extend(cities);
                paired.extend([i - 1, i]);
            }
            for (i, m) in found.into_iter().enumerate() {
                if !paired.contains(&i) && !stands_alone(words, text, m.start, m.end) {
                    continue;
                }
                if !paired.contains(&i) {
                    for t in m.targets().filter(|t| t.city.is_none()) {
                        *alone.entry(t.province.clone()).or_default() += 1;
                    }
                }
                mentions.push(m);
                after_province.push(paired.contains(&i));
            }
        }
        let provinces: Vec<&str> = mentions
            .iter()
            .flat_map(|m| m.targets())
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
                    .flat_map(|m| m.targets())
                    .filter(|t| !t.bare)
                    .filter_map(|t| t.city),
            )
            .collect();
        let mut by_level: BTreeMap<(Level, &str), (usize, f64)> = BTreeMap::new();
        for (mention, &after_province) in mentions.iter().zip(&after_province) {
            let cities: Vec<&Target> = mention
                .targets()
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
                t.mentions += weight;
                if after_province || (target.level != Level::District && !target.bare) {
                    t.firm += weight;
                }
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
            let mut named: Vec<(&str, usize, f64)> = by_level
                .iter()
                .filter(|((l, _), _)| l == level)
                .map(|((_, name), &(city, n))| (*name, city, n))
                .collect();
            named.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
            // Two units named as often: the voice could be either's.
            let top = match named.as_slice() {
                [first, second, ..] if second.2 >= first.2 => None,
                [first, ..] => Some(*first),
                [] => None,
            };
            if let Some((name, city, _)) = top {
                let t = tallies.entry(city).or_default();
                t.score += VOICE_WEIGHT;
                *t.seen.entry(format!("{} + {name}", words[0])).or_default() += 1;
            }
        }
        Evidence {
            cities: tallies,
            provinces: alone,
        }
    }

    /// The names in `found` (mentions in `text`) that follow their own
    /// province (`湖南省永州市`, `广西北海`): each name's index and the cities
    /// it can mean there. The pair is one word to jieba (`广西北海`), so it
    /// is checked as a whole.
    fn after_province(&self, found: &[Mention<'_>], text: &str) -> Vec<(usize, Vec<usize>)> {
        let mut out = Vec::new();
        for (i, pair) in found.windows(2).enumerate() {
            let [province, name] = pair else { continue };
            let cities: Vec<usize> = name
                .targets()
                .filter(|t| {
                    province
                        .targets()
                        .any(|p| p.level == Level::Province && p.province == t.province)
                })
                .filter_map(|t| t.city)
                .collect();
            if province.end == name.start
                && !cities.is_empty()
                && stands_alone(self.gazetteer.words(), text, province.start, name.end)
            {
                out.push((i + 1, cities));
            }
        }
        out
    }

    /// The one city the first sentence of `body` places itself in with its
    /// province (`全国人大代表、安徽省潜山市黄铺村党委书记…`), if any.
    fn located(&self, body: &str) -> Option<usize> {
        let end = body.find(['。', '！', '？']).unwrap_or(body.len());
        let sentence = &body[..end];
        let found: Vec<Mention<'_>> = self.gazetteer.mentions(sentence, self.year).collect();
        let cities: BTreeSet<usize> = self
            .after_province(&found, sentence)
            .into_iter()
            .flat_map(|(_, cities)| cities)
            .collect();
        let mut cities = cities.into_iter();
        let city = cities.next()?;
        cities.next().is_none().then_some(city)
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
        let evidence = self.tallies(page);
        if evidence.cities.len() > 1 + LOCAL_MAX_OTHER_CITIES {
            return None;
        }
        let by = self.decide(evidence, PLAIN, MIN_CONFIDENCE);
        by.city.is_some().then(|| CityBy {
            evidence: format!("the page's city: {}", by.evidence),
            ..by
        })
    }

    /// The city an article's own dateline names, if any: the dateline
    /// (`本报达州10月14日电`) and the city.
    pub fn dateline<'t>(&self, paragraph: &'t str) -> Option<(&'t str, usize)> {
        if let Some(c) = DATELINE.captures(paragraph) {
            let city = self.gazetteer.city_named_in(&c[1], self.year)?;
            return Some((c.get(0)?.as_str(), city));
        }
        let c = PAPER_DATELINE.captures(paragraph)?;
        let city = self.newspaper_city(&c[1])?;
        Some((c.get(0)?.as_str(), city))
    }

    /// One article's city. Its own dateline (in one of its first
    /// paragraphs, `lead`) names it, unless the story never names that city
    /// again and is about somewhere else: a paper's bureau in a provincial
    /// capital dates stories from all over its province. A national
    /// agency's dateline in the capital (`新华社北京电`) marks national news:
    /// on a city paper's page the paper's city stays its default, elsewhere
    /// only a story that names one city far more than others is about it.
    /// Else the city paper's city (`paper`) for its local articles; else
    /// what the title and body name, or none.
    pub fn article(
        &self,
        paper: Option<&CityBy>,
        lead: &[&str],
        title: Option<&str>,
        body: &str,
    ) -> CityBy {
        let texts: Vec<&str> = title.into_iter().chain([body]).collect();
        let Some((line, city)) = lead.iter().find_map(|p| self.dateline(p)) else {
            if let Some(paper) = paper {
                return paper.clone();
            }
            let evidence = self.headed(title, body);
            return self.decide(evidence, min_score(&texts), MIN_CONFIDENCE);
        };
        // The story without its dateline: what else does it name?
        let body = body.replacen(line, "", 1);
        let evidence = self.headed(title, &body);
        let place = &self.gazetteer.cities()[city];
        if place.code == CAPITAL {
            // On a city paper's page the paper's city stays the default.
            if let Some(paper) = paper {
                return paper.clone();
            }
            let by = self.decide(evidence, PLAIN, NATIONAL_MIN_CONFIDENCE);
            return CityBy {
                evidence: format!("national dateline {line}; {}", by.evidence),
                ..by
            };
        }
        let named_again = evidence.cities.get(&city).is_some_and(|t| t.mentions > 0.0);
        let province = evidence
            .provinces
            .get(&place.code[..2])
            .copied()
            .unwrap_or(0);
        let elsewhere = evidence.cities.keys().any(|&c| c != city) || province > 0;
        if named_again || !elsewhere {
            return self.named(city, format!("dateline {line}"), 1.0);
        }
        CityBy::unknown(format!(
            "dateline {line}, but the story names {} and not {} again",
            self.elsewhere(&evidence, city),
            place.name
        ))
    }

    /// The evidence of a story's title and body, where the one city its
    /// title names (the issuer of a document, the subject of a report)
    /// and the one its first sentence places it in with its province
    /// weigh more: a story about that place may name it once.
    fn headed(&self, title: Option<&str>, body: &str) -> Evidence {
        let texts: Vec<&str> = title.into_iter().chain([body]).collect();
        let mut evidence = self.tallies(&PageText {
            masthead: &[],
            articles: &texts,
        });
        let in_title = title.and_then(|title| {
            let named = self.tallies(&PageText {
                masthead: &[],
                articles: &[title],
            });
            let mut cities = named.cities.into_iter().filter(|(_, t)| t.mentions > 0.0);
            let (city, _) = cities.next()?;
            cities.next().is_none().then_some(city)
        });
        if let Some(city) = in_title {
            let t = evidence.cities.entry(city).or_default();
            t.score += HEADING_WEIGHT;
            t.mentions += HEADING_WEIGHT;
            t.heading += HEADING_WEIGHT;
            t.titled = true;
            *t.seen.entry("in the title".into()).or_default() += 1;
        }
        if let Some(city) = self.located(body) {
            let t = evidence.cities.entry(city).or_default();
            t.score += HEADING_WEIGHT;
            t.mentions += HEADING_WEIGHT;
            t.heading += HEADING_WEIGHT;
            *t.seen.entry("in the first sentence".into()).or_default() += 1;
        }
        evidence
    }

    /// The other places a story names, for the evidence string.
    fn elsewhere(&self, evidence: &Evidence, city: usize) -> String {
        let cities = evidence
            .cities
            .keys()
            .filter(|&&c| c != city)
            .map(|&c| self.gazetteer.cities()[c].name.as_str());
        let provinces = evidence.provinces.keys().map(String::as_str);
        cities
            .chain(provinces.map(|p| self.gazetteer.province_name(p)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A city the user stated, under its gazetteer name and code; a name the
    /// gazetteer does not know is kept as given and flagged.
    pub fn given(&self, value: &str, origin: &str) -> CityBy {
        match self.gazetteer.city_named_in(value.trim(), self.year) {
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
        if self.gazetteer.paper_elsewhere(run) {
            return None;
        }
        let chars: Vec<char> = run.chars().collect();
        (2..=chars.len().min(5)).rev().find_map(|n| {
            let tail: String = chars[chars.len() - n..].iter().collect();
            self.gazetteer.city_named_in(&tail, self.year)
        })
    }

    fn decide(&self, evidence: Evidence, bar: Bar, min_confidence: f64) -> CityBy {
        let Evidence {
            cities: tallies,
            provinces,
        } = evidence;
        let total: f64 = tallies.values().map(|t| t.score).sum();
        let best = tallies
            .iter()
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(a.0)));
        let Some((&city, tally)) = best else {
            return CityBy::unknown("no place named");
        };
        let evidence = describe(&self.gazetteer.cities()[city].name, tally, &tallies, city);
        let code = &self.gazetteer.cities()[city].code;
        // Other provinces named on their own compete with the city: a
        // weather report naming 四川、重庆、贵州、湖南 is about none of them.
        let other_provinces: usize = provinces
            .iter()
            .filter(|(p, _)| **p != code[..2])
            .map(|(_, n)| n)
            .sum();
        let confidence = tally.score / (total + other_provinces as f64);
        // A story about a whole province names its province at least as
        // often as any one of its cities (安徽 in a report on 安徽 quoting
        // a 宣城 official); a municipality is its own province.
        let province = provinces.get(&code[..2]).copied().unwrap_or(0);
        if !tally.paper && !tally.titled && province >= 2 && province as f64 >= tally.mentions {
            return CityBy {
                city: None,
                code: None,
                evidence: format!(
                    "about the province: {}×{province}; {evidence}",
                    self.gazetteer.province_name(&code[..2])
                ),
                confidence,
            };
        }
        // National events take place in the capital: naming it in a title
        // (`…在北京举行`) or once in a brief does not make a story about it.
        let enough = if bar.national
            && !tally.paper
            && tally.heading == 0.0
            && tally.mentions < NATIONAL_MENTIONS
        {
            false
        } else if *code == CAPITAL {
            tally.score - tally.heading >= MIN_SCORE
        } else if tally.firm + tally.heading >= bar.score {
            tally.score >= bar.score
        } else {
            tally.score >= MIN_SCORE
        };
        if !enough || confidence < min_confidence {
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

/// What a text names: the evidence for each city, and how often each
/// province (by its 2-digit code) is named on its own.
struct Evidence {
    cities: BTreeMap<usize, Tally>,
    provinces: BTreeMap<String, usize>,
}

/// How much evidence a text needs to be about one city.
#[derive(Debug, Clone, Copy)]
struct Bar {
    score: f64,
    /// Words of national news: the city must be in the title or first
    /// sentence, or named again and again.
    national: bool,
}

/// A story names a city or two in passing, so a text must name its city
/// about three times; a photo caption or a local brief names its place
/// once. National news (`我国…`, `国务院…`, a roundup of national items)
/// is about a city only if its title or first sentence says so, or it
/// keeps naming it.
fn min_score(texts: &[&str]) -> Bar {
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let national = texts.iter().any(|t| NATIONAL.iter().any(|w| t.contains(w)));
    Bar {
        score: if chars < BRIEF_CHARS && !national {
            1.0
        } else {
            MIN_SCORE
        },
        national,
    }
}
/// A plain bar, for a page or a national agency's story.
const PLAIN: Bar = Bar {
    score: MIN_SCORE,
    national: false,
};
/// How often national news must name a city its title and first sentence
/// do not.
const NATIONAL_MENTIONS: f64 = 5.0;
const BRIEF_CHARS: usize = 250;
/// Words of national news: a brief with one of them (`我国…出口`,
/// `国务院总理…将出席`) names its place in passing.
const NATIONAL: [&str; 6] = ["全国", "我国", "中央", "国务院", "国家主席", "总理"];
/// A story under a national agency's capital dateline names places in
/// passing: one city must hold this share of the evidence.
const NATIONAL_MIN_CONFIDENCE: f64 = 0.75;
/// A city named in a story's title, or with its province in its first
/// sentence.
const HEADING_WEIGHT: f64 = 2.0;

/// Other cities a page may name and still speak for one city by its voice.
const LOCAL_MAX_OTHER_CITIES: usize = 2;
/// The capital's code: national agencies date their stories there.
const CAPITAL: &str = "110000";
/// How `city_evidence` flags a given city the gazetteer does not know.
pub const UNKNOWN_GIVEN: &str = "not in the gazetteer";

/// Whether the name at `start..end` of `text` is a word of its own rather
/// than part of a longer one: jieba must not cut through its start
/// (佛罗里达州 is not 达州, 红海城市 not 海城市), nor through its end unless
/// the name ends in an administrative suffix (`咸宁市委` is still 咸宁市);
/// nor may a lone surname-like character come before it (`徐大庆` is a
/// person, `斯大林` not 大林).
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
    let mut person = false;
    for word in words.tag(&text[from..to], false) {
        at += word.word.len();
        if at == start && word.word.chars().count() == 1 && word.tag == "nr" {
            person = true;
        }
        cuts.insert(at);
    }
    (!check_start || (cuts.contains(&start) && !person)) && (!check_end || cuts.contains(&end))
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

    /// What a page's evidence alone decides.
    fn decide_page(r: &CityResolver<'_>, page: &PageText<'_>) -> CityBy {
        r.decide(r.tallies(page), min_score(page.articles), MIN_CONFIDENCE)
    }

    fn resolve(masthead: &[&str], text: &str) -> CityBy {
        let g = Gazetteer::builtin().unwrap();
        let masthead: Vec<String> = masthead.iter().map(|s| s.to_string()).collect();
        decide_page(
            &CityResolver::new(&g),
            &PageText {
                masthead: &masthead,
                articles: &[text],
            },
        )
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
        let city = |lead: &str, body: &str| {
            let text = format!("{lead}{body}");
            r.article(None, &[lead, "正文"], Some("标题"), &text)
        };
        let by = city("本报达州10月14日电 记者报道", "活动在当地举行。");
        assert_eq!(by.city.as_deref(), Some("达州"), "{}", by.evidence);
        assert_eq!(by.code.as_deref(), Some("511700"));
        let by = city("新华社南京10月14日电(记者某某)", "南京市召开会议。");
        assert_eq!(by.city.as_deref(), Some("南京"));
        let by = city("咸宁日报讯(记者某某)", "近日,活动举行。");
        assert_eq!(by.city.as_deref(), Some("咸宁"));
        // The capital is where national agencies sit, not a story's city.
        let by = city(
            "新华社北京10月14日电",
            "国务院召开常务会议,武汉市代表发言。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        assert_eq!(city("本报讯 近日", "会议召开。").city, None);
        // A bureau in the provincial capital dates a story from elsewhere.
        let by = city(
            "新华社石家庄1月7日电",
            "活动7日在河北张家口市康保县启动,全国记者参加。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = city(
            "本报哈尔滨2月17日电",
            "黑龙江冰雪游火热,黑龙江推出定制游,深圳游客点赞。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        // A dateline after a lead-in paragraph still counts.
        let by = r.article(
            None,
            &[
                "今年是决胜之年。",
                "新华社昆明1月20日电 习近平视察驻云南部队",
            ],
            Some("标题"),
            "今年是决胜之年。新华社昆明1月20日电 习近平视察驻云南部队,在昆明看望官兵。",
        );
        assert_eq!(by.city.as_deref(), Some("昆明"), "{}", by.evidence);
    }

    fn article(title: &str, body: &str) -> CityBy {
        let g = Gazetteer::builtin().unwrap();
        let lead: Vec<&str> = body.lines().take(3).collect();
        CityResolver::new(&g).article(None, &lead, Some(title), body)
    }

    #[test]
    fn a_story_about_a_province_has_no_city() {
        let by = article(
            "着力在践行“三严三实”中走在前列",
            "安徽聚焦16个方面问题。安徽全省开展党内问责。安徽省委召开会议。\
             宣城市委书记说,我市坚持问题导向,宣城市开展整治。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        // ...but a city's document citing its province is the city's.
        let by = article(
            "南京市科技局关于组织申报江苏省碳达峰专项资金项目的通知",
            "各区科技局:根据江苏省科技厅通知,江苏省专项资金,江苏省要求,请南京市各单位申报。",
        );
        assert_eq!(by.city.as_deref(), Some("南京"), "{}", by.evidence);
    }

    #[test]
    fn the_first_sentence_and_the_title_place_a_story() {
        let by = article(
            "引才育才 振兴乡村",
            "全国两会临近,全国人大代表、安徽省潜山市黄铺村党委书记王绍南更忙了。\
             他去镇上参加座谈会,接待村民代表,听取他们对乡村振兴的意见。",
        );
        assert_eq!(by.city.as_deref(), Some("安庆"), "{}", by.evidence);
        let by = article(
            "第10届中国—南亚博览会将在昆明举行",
            "博览会将于6月举行,展期6天,各国客商参加。",
        );
        assert_eq!(by.city.as_deref(), Some("昆明"), "{}", by.evidence);
        // National events take place in the capital.
        let by = article(
            "巴黎残奥会中国体育代表团在北京成立",
            "代表团今天在北京成立,将参加全部项目的比赛,运动员来自各省区市,平均年龄二十六岁,\
             其中多名运动员是首次参加残奥会,代表团将全力以赴争取优异成绩,展现新时代风貌。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
    }

    #[test]
    fn a_caption_names_its_place_once_but_a_national_brief_does_not() {
        let by = article(
            "民族风",
            "2月16日,演员在开幕式现场表演。当日,内蒙古自治区第二届冬季运动会开幕式在呼伦贝尔市举行。",
        );
        assert_eq!(by.city.as_deref(), Some("呼伦贝尔"), "{}", by.evidence);
        let by = article(
            "高端船型出口大幅增长",
            "今年前五个月,我国高端船型出口量大幅增长,上海的船厂订单饱满。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        // Other provinces named compete with the one city.
        let by = article(
            "中东部雨水增多",
            "未来三天,四川、重庆、贵州、湖南、江西等地有中到大雨。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        // A district's name alone may be a foreign city's (Seoul's 龙山区).
        let by = article("首尔发生踩踏事故", "韩国首尔龙山区梨泰院发生踩踏事故。");
        assert_eq!(by.city, None, "{}", by.evidence);
    }

    #[test]
    fn national_news_names_cities_in_passing() {
        // A roundup of national items: one item is about 深圳.
        let by = article(
            "国内联播快讯",
            "我国数字消费规模持续扩大,各地推出新举措。\n\
             深圳推出数字消费券,深圳市民踊跃参与,深圳商户受益。\n\
             全国铁路发送旅客同比增长,国铁集团表示将加开列车。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        // ...but a national story whose title names the city is about it.
        let by = article(
            "河北保定:城改托起百姓安居梦",
            "保定市启动主城区城改工作,保定市莲池区村民喜提新居,全国城改经验推广。",
        );
        assert_eq!(by.city.as_deref(), Some("保定"), "{}", by.evidence);
    }

    #[test]
    fn a_national_paper_named_after_a_district_is_no_city_paper() {
        let g = Gazetteer::builtin().unwrap();
        let r = CityResolver::new(&g);
        assert!(r.paper(&["光明日报 2024年3月10日"]).is_none());
        assert!(r.paper(&["解放日报"]).is_none());
        assert_eq!(
            r.paper(&["武进日报"]).and_then(|b| b.city).as_deref(),
            Some("常州")
        );
    }

    #[test]
    fn person_and_foreign_names_are_not_cities() {
        let by = resolve(
            &[],
            "上等兵徐大庆感触最深。徐大庆说,徐大庆练武术,徐大庆激动地说。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
        let by = article(
            "俄称在苏梅州等地控制更多居民点",
            "俄军在苏梅州控制更多居民点,乌军在苏梅州发动反击。",
        );
        assert_eq!(by.city, None, "{}", by.evidence);
    }

    #[test]
    fn a_dated_text_names_the_divisions_of_its_year() {
        let g = Gazetteer::builtin().unwrap();
        let text = "铜山区召开会议,铜山区部署工作,铜山区各乡镇参加。";
        let page = PageText {
            masthead: &[],
            articles: &[text],
        };
        let then = decide_page(&CityResolver::new(&g).in_year(Some(1985)), &page);
        assert_eq!(then.city.as_deref(), Some("铜陵"), "{}", then.evidence);
        let now = decide_page(&CityResolver::new(&g).in_year(Some(2020)), &page);
        assert_eq!(now.city.as_deref(), Some("徐州"), "{}", now.evidence);
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
