//! The gazetteer: Chinese administrative divisions and the names news text
//! uses for them, each resolved to its prefecture-level city.
//!
//! Source: GB/T 2260, revision 2016-07, from the `gb2260` crate (MIT), patched
//! by `data/gazetteer.tsv` (divisions created since, extra aliases, and short
//! names that are mostly ordinary words). A county-level unit's prefecture is
//! its code's first four digits + `00`; the four municipalities and the
//! county-level cities governed directly by a province are their own city.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::error::{Error, Result};

const REVISION: &str = "201607";
const MUNICIPALITIES: [&str; 4] = ["11", "12", "31", "50"];

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
    pub targets: &'g [Target],
}

pub struct Gazetteer {
    cities: Vec<City>,
    aliases: Vec<Alias>,
    /// Index over the aliases that count in running text.
    matcher: AhoCorasick,
    matcher_aliases: Vec<usize>,
    by_text: BTreeMap<String, usize>,
}

/// A division as listed: code and official name.
struct Division {
    code: String,
    name: String,
}

impl Gazetteer {
    /// GB/T 2260 patched by the shipped `data/gazetteer.tsv`.
    pub fn builtin() -> Result<Gazetteer> {
        Gazetteer::with_patches(
            include_str!("../../data/gazetteer.tsv"),
            "data/gazetteer.tsv",
        )
    }

    /// GB/T 2260 patched by `patches` (the `data/gazetteer.tsv` format).
    pub fn with_patches(patches: &str, origin: &str) -> Result<Gazetteer> {
        let mut divisions = gb2260_divisions();
        let mut extra_aliases: Vec<(String, String)> = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
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
                }),
                ["alias", text, code] if is_code(code) => {
                    extra_aliases.push((text.to_string(), code.to_string()))
                }
                ["ignore", text] => ignored.push(text.to_string()),
                _ => {
                    return Err(bad(
                        "expected `add CODE NAME`, `alias TEXT CODE` or `ignore TEXT`, tab-separated",
                    ));
                }
            }
        }
        divisions.sort_by(|a, b| a.code.cmp(&b.code));
        divisions.dedup_by(|a, b| a.code == b.code);
        Gazetteer::build(&divisions, &extra_aliases, &ignored)
    }

    fn build(
        divisions: &[Division],
        extra_aliases: &[(String, String)],
        ignored: &[String],
    ) -> Result<Gazetteer> {
        let by_code: BTreeMap<&str, &str> = divisions
            .iter()
            .map(|d| (d.code.as_str(), d.name.as_str()))
            .collect();
        let mut cities: Vec<City> = Vec::new();
        let mut city_of_code: BTreeMap<String, usize> = BTreeMap::new();
        let mut named: Vec<(String, Target, bool)> = Vec::new();
        for d in divisions {
            let province = d.code[..2].to_string();
            let level = level_of(&d.code, &d.name);
            let Some(level) = level else { continue };
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
            };
            named.push((text.clone(), target, true));
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
            if !alias.targets.contains(&target) {
                alias.targets.push(target);
            }
        }
        let matcher_aliases: Vec<usize> =
            (0..aliases.len()).filter(|&i| aliases[i].in_text).collect();
        // A DFA, not the NFA the crate picks for this many names: every
        // article's text passes through it, and a DFA takes one table
        // lookup per byte where the NFA follows failure links; its larger
        // build is paid once a run.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(matcher_aliases.iter().map(|&i| &aliases[i].text))
            .map_err(|e| Error::Resource(format!("gazetteer index: {e}")))?;
        Ok(Gazetteer {
            cities,
            aliases,
            matcher,
            matcher_aliases,
            by_text,
        })
    }

    pub fn cities(&self) -> &[City] {
        &self.cities
    }

    /// Every place name in `text` that counts as evidence, longest match first
    /// (`武进区` rather than a shorter name inside it).
    pub fn mentions<'g, 't>(
        &'g self,
        text: &'t str,
    ) -> impl Iterator<Item = Mention<'g>> + use<'g, 't> {
        self.matcher.find_iter(text).map(move |m| {
            let alias = &self.aliases[self.matcher_aliases[m.pattern().as_usize()]];
            Mention {
                text: &alias.text,
                targets: &alias.targets,
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

    /// The one city `name` means, if it means exactly one.
    pub fn city_named(&self, name: &str) -> Option<usize> {
        let mut cities = self.lookup(name).iter().filter_map(|t| t.city);
        let first = cities.next()?;
        cities.all(|c| c == first).then_some(first)
    }
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
    });
    cities.len() - 1
}

fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Every division of the GB/T 2260 revision, walked level by level.
fn gb2260_divisions() -> Vec<Division> {
    let get = |code: &str| {
        gb2260::Division::get_by_revision(code, REVISION).map(|d| Division {
            code: d.code.to_string(),
            name: d.name.to_string(),
        })
    };
    let mut out = Vec::new();
    for p in 11..=82 {
        let Some(province) = get(&format!("{p:02}0000")) else {
            continue;
        };
        out.push(province);
        for c in 1..=99 {
            let prefecture = get(&format!("{p:02}{c:02}00"));
            let has_prefecture = prefecture.is_some();
            out.extend(prefecture);
            // Counties can sit under a grouping code with no entry of its own.
            if has_prefecture || c == 90 {
                out.extend((1..=99).filter_map(|d| get(&format!("{p:02}{c:02}{d:02}"))));
            }
        }
    }
    out
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
            Level::Province => &["省", "市"],
            Level::Prefecture => &["市", "地区", "盟"],
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
        assert_eq!(city_name(&g, "海南州").as_deref(), Some("海南州"));
        // A municipality's district belongs to the municipality.
        assert_eq!(city_name(&g, "浦东新区").as_deref(), Some("上海"));
        // A county-level city under the province is its own city.
        assert_eq!(city_name(&g, "仙桃").as_deref(), Some("仙桃"));
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
            .mentions("武进发展所需,武进区2024年计划")
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
            .mentions("中华人民共和国,共和县")
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
            "p.tsv, line 2: expected `add CODE NAME`, `alias TEXT CODE` or `ignore TEXT`, tab-separated"
        );
    }
}
