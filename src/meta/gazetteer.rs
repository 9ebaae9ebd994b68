//! The gazetteer: Chinese administrative divisions and the names news text
//! uses for them, each resolved to its prefecture-level city.
//!
//! Source: `data/divisions.tsv`, derived by `scripts/divisions.py` from the
//! areacodes data set (yescallop/areacodes, CC0): the divisions in use in 2024
//! and the prefecture-level names used since 1981 with the current code that
//! took each over (襄樊 → 襄阳), so a time series stays on one key. It is
//! patched by `data/gazetteer.tsv` (extra aliases, short names that are
//! mostly ordinary words or foreign places). A county-level unit's prefecture
//! is its code's first four digits + `00`; the four municipalities and the
//! county-level cities governed directly by a province are their own city.

use jieba_rs::Jieba;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};

/// Provincial-level units that are cities too: the four municipalities,
/// Hong Kong and Macao.
const MUNICIPALITIES: [&str; 6] = ["11", "12", "31", "50", "81", "82"];

/// The administrative level of a named place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
    County,
    District,
}

/// A prefecture-level city (or a unit governed as one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    /// The name researchers write: `常州` for 常州市, `海南州` for
    /// 海南藏族自治州.
    pub name: String,
    /// Its 6-digit division code, as in use now.
    pub code: String,
}

/// What one name in text can point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index into [`Gazetteer::cities`]; `None` for a province.
    pub city: Option<usize>,
    pub province: String,
    pub level: Level,
    /// A county name without its suffix (`赤壁` for `赤壁市`): many such
    /// names are also ordinary words (`合作`, `同心`), so they only
    /// corroborate a city the page names in other ways.
    pub bare: bool,
    /// The years the name meant this place: from, and until (`None` while
    /// in use). 襄樊 meant 襄阳 until 2010; 通州市 was 南通's until 2009.
    pub from: u16,
    pub until: Option<u16>,
}

impl Target {
    fn valid_in(&self, year: i32) -> bool {
        i32::from(self.from) <= year && self.until.is_none_or(|u| year <= i32::from(u))
    }
}

/// Which of a name's targets count: those it had in a year, those in use
/// now, or all.
#[derive(Debug, Clone, Copy)]
enum Era {
    In(i32),
    Now,
    Ever,
}

impl Era {
    /// The targets a name had in `year`, else those in use now, else all: a
    /// name resolves to the division valid at the article's date when known.
    fn of(targets: &[Target], year: Option<i32>) -> Era {
        match year {
            Some(y) if targets.iter().any(|t| t.valid_in(y)) => Era::In(y),
            _ if targets.iter().any(|t| t.until.is_none()) => Era::Now,
            _ => Era::Ever,
        }
    }

    fn keeps(self, target: &Target) -> bool {
        match self {
            Era::In(y) => target.valid_in(y),
            Era::Now => target.until.is_none(),
            Era::Ever => true,
        }
    }
}

#[derive(Debug, Clone)]
struct Alias {
    text: String,
    targets: Vec<Target>,
    /// Short district names (`武进`) are ordinary words too often to count in
    /// running text, but are safe inside a newspaper's name (`武进日报`).
    in_text: bool,
}

/// A place name found in text.
#[derive(Debug, Clone, Copy)]
pub struct Mention<'g> {
    pub text: &'g str,
    all: &'g [Target],
    era: Era,
    /// Byte offsets of the name in the text searched.
    pub start: usize,
    pub end: usize,
}

pub struct Gazetteer {
    cities: Vec<City>,
    /// The place part of newspapers named after a place they do not
    /// belong to (`光明` for the national 光明日报, not 深圳's 光明区).
    papers: Vec<String>,
    /// Province short names (`安徽`) by 2-digit code.
    provinces: BTreeMap<String, String>,
    aliases: Vec<Alias>,
    /// Index over the aliases that count in running text, each name's
    /// value its index in `aliases`.
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    by_text: BTreeMap<String, usize>,
    /// jieba's own dictionary, to tell a place name from part of a longer
    /// word. Made on first use, as only city detection needs it, or copied
    /// from the segmenter's (see [`Gazetteer::words_from`]).
    words: OnceLock<Jieba>,
    /// Words jieba must know to see that a name is part of them.
    longer_words: Vec<String>,
}

/// A division as listed: code, official name and the year it took them.
struct Division {
    code: String,
    name: String,
    from: u16,
}

/// A name no longer in use, the current code that took it over and the
/// years it was in use.
struct Former {
    name: String,
    code: String,
    from: u16,
    until: u16,
    prefecture: bool,
}

impl<'g> Mention<'g> {
    /// What the name meant at the text's date.
    pub fn targets(&self) -> impl Iterator<Item = &'g Target> + use<'g> {
        let era = self.era;
        self.all.iter().filter(move |t| era.keeps(t))
    }
}

impl Gazetteer {
    /// The built-in gazetteer, built once a process and shared by every
    /// reader of places (page reading, the vocabulary's place filter).
    pub fn shared() -> Result<&'static Gazetteer> {
        static SHARED: OnceLock<Gazetteer> = OnceLock::new();
        if let Some(g) = SHARED.get() {
            return Ok(g);
        }
        let built = Gazetteer::builtin()?;
        Ok(SHARED.get_or_init(|| built))
    }

    /// The shipped divisions patched by the shipped `data/gazetteer.tsv`.
    pub fn builtin() -> Result<Gazetteer> {
        Gazetteer::with_patches(
            include_str!("../../data/gazetteer.tsv"),
            "data/gazetteer.tsv",
        )
    }

    /// The shipped divisions patched by `patches` (the `data/gazetteer.tsv`
    /// format).
    pub fn with_patches(patches: &str, origin: &str) -> Result<Gazetteer> {
        let (mut divisions, formers) = shipped_divisions()?;
        let mut extra_aliases: Vec<(String, String)> = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
        let mut weak: Vec<String> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut papers: Vec<String> = Vec::new();
        for (i, line) in patches.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let bad = |message: &str| Error::Data {
                path: origin.into(),
                line: i + 1,
                message: message.to_string(),
            };
            match fields.as_slice() {
                ["add", code, name] if is_code(code) => divisions.push(Division {
                    code: code.to_string(),
                    name: name.to_string(),
                    from: 0,
                }),
                ["alias", text, code] if is_code(code) => {
                    extra_aliases.push((text.to_string(), code.to_string()))
                }
                ["ignore", text] => ignored.push(text.to_string()),
                ["weak", text] => weak.push(text.to_string()),
                ["word", text] => words.push(text.to_string()),
                ["paper", name] => match ["日报", "晚报", "都市报"]
                    .iter()
                    .find_map(|kind| name.strip_suffix(kind))
                {
                    Some(place) if !place.is_empty() => papers.push(place.to_string()),
                    _ => return Err(bad("a `paper` must end in 日报, 晚报 or 都市报")),
                },
                _ => {
                    return Err(bad(
                        "expected `add CODE NAME`, `alias TEXT CODE`, `ignore TEXT`, `weak TEXT`, `word TEXT` or `paper NAME`, tab-separated",
                    ));
                }
            }
        }
        divisions.sort_by(|a, b| a.code.cmp(&b.code));
        divisions.dedup_by(|a, b| a.code == b.code);
        let mut gazetteer = Gazetteer::build(
            &divisions,
            &formers,
            &extra_aliases,
            &ignored,
            &weak,
            &words,
        )?;
        gazetteer.papers = papers;
        Ok(gazetteer)
    }

    fn build(
        divisions: &[Division],
        formers: &[Former],
        extra_aliases: &[(String, String)],
        ignored: &[String],
        weak: &[String],
        longer_words: &[String],
    ) -> Result<Gazetteer> {
        let by_code: BTreeMap<&str, &str> = divisions
            .iter()
            .map(|d| (d.code.as_str(), d.name.as_str()))
            .collect();
        let mut cities: Vec<City> = Vec::new();
        let mut provinces: BTreeMap<String, String> = BTreeMap::new();
        let mut city_of_code: BTreeMap<String, usize> = BTreeMap::new();
        let mut named: Vec<(String, Target, bool)> = Vec::new();
        for d in divisions {
            let province = d.code[..2].to_string();
            let level = level_of(&d.code, &d.name);
            let Some(level) = level else { continue };
            if level == Level::Province {
                let short = short_name(&d.name, level).unwrap_or_else(|| d.name.clone());
                provinces.insert(province.clone(), short);
            }
            let city = match level {
                Level::Province if MUNICIPALITIES.contains(&province.as_str()) => {
                    Some(add_city(&mut cities, &mut city_of_code, &d.code, &d.name))
                }
                Level::Province => None,
                Level::Prefecture => {
                    Some(add_city(&mut cities, &mut city_of_code, &d.code, &d.name))
                }
                Level::County | Level::District => {
                    let parent = format!("{}00", &d.code[..4]);
                    let province_code = format!("{province}0000");
                    if MUNICIPALITIES.contains(&province.as_str()) {
                        city_of_code.get(&province_code).copied()
                    } else if by_code
                        .get(parent.as_str())
                        .is_some_and(|n| is_real_prefecture(n))
                    {
                        city_of_code.get(&parent).copied()
                    } else {
                        // Governed directly by the province: its own city.
                        Some(add_city(&mut cities, &mut city_of_code, &d.code, &d.name))
                    }
                }
            };
            // A municipality is a city as much as a province: `我市` in a
            // Shanghai document means 上海.
            let level = if level == Level::Province && city.is_some() {
                Level::Prefecture
            } else {
                level
            };
            let target = Target {
                city,
                province: province.clone(),
                level,
                bare: false,
                from: d.from,
                until: None,
            };
            named.push((d.name.clone(), target.clone(), true));
            if let Some(short) = short_name(&d.name, level) {
                let bare = Target {
                    bare: level == Level::County,
                    ..target.clone()
                };
                named.push((short.clone(), bare, level != Level::District));
                if d.name.ends_with("自治州") {
                    named.push((format!("{short}州"), target, true));
                }
            }
        }
        for (text, code) in extra_aliases {
            let Some(&city) = city_of_code.get(code) else {
                return Err(Error::Data {
                    path: "data/gazetteer.tsv".into(),
                    line: 0,
                    message: format!("alias {text} points to {code}, which is not a city"),
                });
            };
            let target = Target {
                city: Some(city),
                province: code[..2].to_string(),
                level: Level::Prefecture,
                bare: false,
                from: 0,
                until: None,
            };
            named.push((text.clone(), target, true));
        }
        // A former name counts for the city that took it over. A former
        // prefecture's name (and its short form) only where no unit in use
        // has it; a former county's full name always, for the years it was
        // in use (通州市 → 南通 until 2009).
        let in_use: BTreeSet<String> = named.iter().map(|(text, _, _)| text.clone()).collect();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for former in formers {
            let prefecture = format!("{}00", &former.code[..4]);
            let municipality = format!("{}0000", &former.code[..2]);
            let Some(&city) = city_of_code
                .get(&former.code)
                .or_else(|| city_of_code.get(&prefecture))
                .or_else(|| city_of_code.get(&municipality))
            else {
                continue;
            };
            let level = if former.prefecture {
                Level::Prefecture
            } else {
                Level::County
            };
            let target = Target {
                city: Some(city),
                province: former.code[..2].to_string(),
                level,
                bare: false,
                from: former.from,
                until: Some(former.until),
            };
            if former.prefecture {
                let names = std::iter::once(former.name.clone())
                    .chain(short_name(&former.name, Level::Prefecture));
                for name in names {
                    if !in_use.contains(&name) && taken.insert(name.clone()) {
                        named.push((name, target.clone(), true));
                    }
                }
            } else if !former.name.ends_with('区')
                || short_name(&former.name, Level::District).is_some()
            {
                // `郊区` or `城区` alone is no place; `达县` is.
                named.push((former.name.clone(), target, true));
            }
        }

        let mut aliases: Vec<Alias> = Vec::new();
        let mut by_text: BTreeMap<String, usize> = BTreeMap::new();
        for (text, target, in_text) in named {
            let idx = *by_text.entry(text.clone()).or_insert_with(|| {
                aliases.push(Alias {
                    text: text.clone(),
                    targets: Vec::new(),
                    in_text: true,
                });
                aliases.len() - 1
            });
            let alias = &mut aliases[idx];
            alias.in_text &= in_text && !ignored.contains(&text);
            // A name that is also an ordinary word or a foreign place
            // (来宾, 德州) only corroborates a city named in another way.
            let target = Target {
                bare: target.bare || weak.contains(&text),
                ..target
            };
            if !alias.targets.contains(&target) {
                alias.targets.push(target);
            }
        }
        // A name shared with a province (吉林) means the province in running
        // text more often than the city: the city needs corroboration.
        for alias in &mut aliases {
            if alias
                .targets
                .iter()
                .any(|t| t.level == Level::Province && t.city.is_none())
            {
                for target in &mut alias.targets {
                    target.bare |= target.city.is_some();
                }
            }
        }
        // A double-array automaton that steps a character at a time: every
        // article's text passes through it, and Chinese text has a third of
        // the steps of its UTF-8 bytes.
        let matcher = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(
                aliases
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.in_text)
                    .map(|(i, a)| (a.text.as_str(), i as u32)),
            )
            .map_err(|e| Error::Resource(format!("gazetteer index: {e}")))?;
        Ok(Gazetteer {
            cities,
            papers: Vec::new(),
            provinces,
            aliases,
            matcher,
            by_text,
            words: OnceLock::new(),
            longer_words: longer_words.to_vec(),
        })
    }

    /// The dictionary that checks where words begin and end around a name:
    /// jieba's own, loaded on first use unless [`Gazetteer::words_from`]
    /// gave it.
    pub fn words(&self) -> &Jieba {
        self.words
            .get_or_init(|| self.with_longer_words(Jieba::new()))
    }

    /// Builds the dictionary of [`Gazetteer::words`] from `base`, a copy of
    /// jieba's own dictionary that the caller loaded anyway: copying it is
    /// several times quicker than loading it again. Does nothing once the
    /// dictionary is built.
    pub fn words_from(&self, base: Jieba) {
        self.words.get_or_init(|| self.with_longer_words(base));
    }

    fn with_longer_words(&self, mut words: Jieba) -> Jieba {
        for word in &self.longer_words {
            words.add_word(word, None, None);
        }
        words
    }

    pub fn cities(&self) -> &[City] {
        &self.cities
    }

    /// Whether a newspaper whose name ends in `run` before its kind
    /// (`日报`) belongs to no place it names (光明日报).
    pub fn paper_elsewhere(&self, run: &str) -> bool {
        self.papers.iter().any(|p| run.ends_with(p.as_str()))
    }

    /// A province's short name (`安徽`) from its 2-digit code; the code
    /// itself if unknown.
    pub fn province_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.provinces.get(code).map_or(code, String::as_str)
    }

    /// The place name `term` starts with (苏州 in 苏州工业园区, the whole of
    /// 广东省), unless that name is also an ordinary word or a foreign place
    /// (德州 is also Texas): what says a term is a Chinese place.
    pub fn leading_place(&self, term: &str) -> Option<&str> {
        self.mentions(term, None)
            .find(|m| m.start == 0 && m.targets().any(|t| !t.bare))
            .map(|m| m.text)
    }

    /// Every place name in `text` that counts as evidence, longest match first
    /// (`武进区` rather than a shorter name inside it).
    pub fn mentions<'g, 't>(
        &'g self,
        text: &'t str,
        year: Option<i32>,
    ) -> impl Iterator<Item = Mention<'g>> + use<'g, 't> {
        self.matcher.leftmost_find_iter(text).map(move |m| {
            let alias = &self.aliases[m.value() as usize];
            Mention {
                text: &alias.text,
                all: &alias.targets,
                era: Era::of(&alias.targets, year),
                start: m.start(),
                end: m.end(),
            }
        })
    }

    /// The places a name may mean, including short district names that do not
    /// count in running text. Empty when the name is unknown.
    fn lookup(&self, name: &str) -> &[Target] {
        self.by_text
            .get(name)
            .map_or(&[], |&i| self.aliases[i].targets.as_slice())
    }

    /// The one city `name` means now, if it means exactly one. A name
    /// shared by a prefecture-level city and districts elsewhere means the
    /// city (西安 is 西安市, not 辽源's 西安区).
    pub fn city_named(&self, name: &str) -> Option<usize> {
        self.city_named_in(name, None)
    }

    /// The one city `name` meant in `year`: the division valid then, else
    /// the one in use now.
    pub fn city_named_in(&self, name: &str, year: Option<i32>) -> Option<usize> {
        let all = self.lookup(name);
        let era = Era::of(all, year);
        let targets = || all.iter().filter(move |t| era.keeps(t));
        one_city(targets().filter_map(|t| t.city)).or_else(|| {
            one_city(
                targets()
                    .filter(|t| t.level == Level::Prefecture)
                    .filter_map(|t| t.city),
            )
        })
    }
}

/// The city all of `cities` name, if they name one.
fn one_city(mut cities: impl Iterator<Item = usize>) -> Option<usize> {
    let first = cities.next()?;
    cities.all(|c| c == first).then_some(first)
}

/// Registers a prefecture-level city and returns its index.
fn add_city(
    cities: &mut Vec<City>,
    index: &mut BTreeMap<String, usize>,
    code: &str,
    full: &str,
) -> usize {
    index.insert(code.to_string(), cities.len());
    cities.push(City {
        name: match short_name(full, Level::Prefecture) {
            Some(short) if full.ends_with("自治州") => format!("{short}州"),
            Some(short) => short,
            None => full.to_string(),
        },
        code: code.to_string(),
    });
    cities.len() - 1
}

fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The divisions in use and the former prefecture-level names, from the
/// shipped `data/divisions.tsv`.
fn shipped_divisions() -> Result<(Vec<Division>, Vec<Former>)> {
    const ORIGIN: &str = "data/divisions.tsv";
    let mut divisions = Vec::new();
    let mut formers = Vec::new();
    for (i, line) in include_str!("../../data/divisions.tsv").lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || Error::Data {
            path: ORIGIN.into(),
            line: i + 1,
            message: "expected `CODE NAME FROM` or `former NAME CODE FROM UNTIL LEVEL`".into(),
        };
        let year = |y: &str| y.parse::<u16>().map_err(|_| bad());
        match line.split('\t').collect::<Vec<_>>().as_slice() {
            [code, name, from] if is_code(code) => divisions.push(Division {
                code: code.to_string(),
                name: name.to_string(),
                from: year(from)?,
            }),
            ["former", name, code, from, until, level] if is_code(code) => formers.push(Former {
                name: name.to_string(),
                code: code.to_string(),
                from: year(from)?,
                until: year(until)?,
                prefecture: *level == "prefecture",
            }),
            _ => return Err(bad()),
        }
    }
    Ok((divisions, formers))
}

/// Names of grouping codes that are not places: `市辖区`, `县`, `省直辖县级行政区划`.
fn is_real_prefecture(name: &str) -> bool {
    !(name == "市辖区" || name == "县" || name.contains("直辖"))
}

fn level_of(code: &str, name: &str) -> Option<Level> {
    if !is_real_prefecture(name) {
        return None;
    }
    Some(if code.ends_with("0000") {
        Level::Province
    } else if code.ends_with("00") {
        Level::Prefecture
    } else if name.ends_with('区') {
        Level::District
    } else {
        Level::County
    })
}

/// The name without its administrative suffix, when at least two characters
/// remain: `常州市` → `常州`, `嘉鱼县` → `嘉鱼`, `海南藏族自治州` → `海南`,
/// `广西壮族自治区` → `广西`.
fn short_name(full: &str, level: Level) -> Option<String> {
    let chars: Vec<char> = full.chars().collect();
    let autonomous = ["自治州", "自治县", "自治旗", "自治区"]
        .iter()
        .any(|s| full.ends_with(s));
    let short: String = if autonomous {
        // The ethnic names between place and suffix vary; the place name is
        // the first two characters (three for 内蒙古).
        let n = if full.starts_with("内蒙古") { 3 } else { 2 };
        chars.iter().take(n).collect()
    } else {
        let suffixes: &[&str] = match level {
            Level::Province => &["省", "市", "特别行政区"],
            Level::Prefecture => &["市", "地区", "盟", "特别行政区"],
            Level::County => &["县", "市", "旗"],
            Level::District => &["区"],
        };
        let stripped = suffixes
            .iter()
            .find_map(|s| full.strip_suffix(s))
            .unwrap_or(full);
        stripped.to_string()
    };
    (short.chars().count() >= 2 && short != full).then_some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city_name(g: &Gazetteer, name: &str) -> Option<String> {
        g.city_named(name).map(|i| g.cities()[i].name.clone())
    }

    #[test]
    fn counties_and_districts_resolve_to_their_prefecture() {
        let g = Gazetteer::builtin().unwrap();
        assert_eq!(city_name(&g, "武进区").as_deref(), Some("常州"));
        assert_eq!(city_name(&g, "嘉鱼县").as_deref(), Some("咸宁"));
        assert_eq!(city_name(&g, "嘉鱼").as_deref(), Some("咸宁"));
        assert_eq!(city_name(&g, "赤壁市").as_deref(), Some("咸宁"));
        assert_eq!(city_name(&g, "淮安").as_deref(), Some("淮安"));
        // 西安区 and 大同区 lie elsewhere; the short name means the city.
        assert_eq!(city_name(&g, "西安").as_deref(), Some("西安"));
        assert_eq!(city_name(&g, "大同").as_deref(), Some("大同"));
        assert_eq!(city_name(&g, "海南州").as_deref(), Some("海南州"));
        // A municipality's district belongs to the municipality.
        assert_eq!(city_name(&g, "浦东新区").as_deref(), Some("上海"));
        // A county-level city under the province is its own city.
        assert_eq!(city_name(&g, "仙桃").as_deref(), Some("仙桃"));
    }

    #[test]
    fn renamed_and_abolished_divisions_resolve_to_their_successor() {
        let g = Gazetteer::builtin().unwrap();
        // 襄樊 was renamed 襄阳 in 2010: one city, one code.
        assert_eq!(city_name(&g, "襄樊").as_deref(), Some("襄阳"));
        assert_eq!(city_name(&g, "襄樊市"), city_name(&g, "襄阳市"));
        // 巢湖 (prefecture) was abolished in 2011; its seat is under 合肥.
        assert_eq!(city_name(&g, "巢湖").as_deref(), Some("合肥"));
        // 莱芜 became a district of 济南 in 2019.
        assert_eq!(city_name(&g, "莱芜市").as_deref(), Some("济南"));
        let code = |n: &str| g.city_named(n).map(|i| g.cities()[i].code.clone());
        assert_eq!(code("襄樊").as_deref(), Some("420600"));
    }

    #[test]
    fn county_level_cities_under_a_province_are_their_own_city() {
        let g = Gazetteer::builtin().unwrap();
        let code = |n: &str| g.city_named(n).map(|i| g.cities()[i].code.clone());
        assert_eq!(code("天门市").as_deref(), Some("429006"));
        assert_eq!(code("济源").as_deref(), Some("419001"));
        assert_eq!(code("万宁市").as_deref(), Some("469006"));
        assert_eq!(city_name(&g, "香港").as_deref(), Some("香港"));
        assert_eq!(city_name(&g, "澳门").as_deref(), Some("澳门"));
    }

    #[test]
    fn names_resolve_to_the_division_of_the_articles_year() {
        let g = Gazetteer::builtin().unwrap();
        let code = |n: &str, year: Option<i32>| {
            g.city_named_in(n, year).map(|i| g.cities()[i].code.clone())
        };
        // 铜山区 was 铜陵's until 1987 and is 徐州's since 2010.
        assert_eq!(code("铜山区", Some(1985)).as_deref(), Some("340700"));
        assert_eq!(code("铜山区", Some(2015)).as_deref(), Some("320300"));
        assert_eq!(code("铜山区", None).as_deref(), Some("320300"));
        // Counties abolished since: 大同县 (2018) is 大同's 云州区, 达县
        // (2013) 达州's 达川区, 通州市 (2009) 南通's 通州区.
        assert_eq!(code("大同县", Some(2010)).as_deref(), Some("140200"));
        assert_eq!(code("大同县", None).as_deref(), Some("140200"));
        assert_eq!(code("达县", Some(2005)).as_deref(), Some("511700"));
        assert_eq!(code("通州市", Some(2005)).as_deref(), Some("320600"));
        // 思茅市 was renamed 普洱市 in 2007: one code before and after.
        assert_eq!(code("思茅市", Some(2005)), code("普洱市", Some(2020)));
        // `郊区` alone, a former district of many cities, is no place.
        assert_eq!(code("郊区", Some(1990)), None);
    }

    #[test]
    fn divisions_added_after_2016_are_known() {
        let g = Gazetteer::builtin().unwrap();
        assert_eq!(city_name(&g, "莱芜区").as_deref(), Some("济南"));
    }

    #[test]
    fn short_district_names_do_not_count_in_running_text() {
        let g = Gazetteer::builtin().unwrap();
        let found: Vec<&str> = g
            .mentions("武进发展所需,武进区2024年计划", None)
            .map(|m| m.text)
            .collect();
        assert_eq!(found, vec!["武进区"]);
        // ...but a newspaper name can still use them.
        assert_eq!(city_name(&g, "武进").as_deref(), Some("常州"));
    }

    #[test]
    fn ignored_short_names_are_not_evidence() {
        let g = Gazetteer::builtin().unwrap();
        let found: Vec<&str> = g
            .mentions("中华人民共和国,共和县", None)
            .map(|m| m.text)
            .collect();
        assert_eq!(found, vec!["共和县"]);
    }

    #[test]
    fn malformed_patch_line_is_reported_with_its_number() {
        let err = Gazetteer::with_patches("# c\nadd\t12\tX\n", "p.tsv")
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "p.tsv, line 2: expected `add CODE NAME`, `alias TEXT CODE`, `ignore TEXT`, `weak TEXT`, `word TEXT` or `paper NAME`, tab-separated"
        );
    }
}
