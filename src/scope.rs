//! Whether an article reports on China or only on other countries, read
//! from its terms.
//!
//! A careful reader codes a story about a war, an election or an earthquake
//! abroad as no Chinese policy theme at all, whatever policy words it uses
//! (a refinery struck, a hospital besieged); a story where China takes part
//! (中方, a visit, a Chinese city) keeps its theme, diplomacy included. So
//! an article is abroad when it names other countries and nothing Chinese.

use std::collections::HashSet;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::meta::gazetteer::Gazetteer;
use crate::terms::{TermBag, TermTable};

/// Names of countries, territories and bodies outside China (see
/// `scripts/countries.py`).
const COUNTRIES: &str = include_str!("../data/countries.txt");

/// An article is abroad when it names other countries at least this many
/// times: a single foreign name is a passing mention.
const MIN_FOREIGN: u32 = 2;

/// Words that put China in the story: its names (as part of a longer word
/// too: 中国式现代化, 中方, 中共中央) ...
const CHINA_WITHIN: &[&str] = &["中国", "中华", "中方", "中共"];
/// ... China with one other country, in the two characters news writes it
/// (中越, 俄中): 中 with a country's one-character short name ...
const SHORT_NAMES: &str = "美俄乌以日韩朝英法德意印巴伊叙土越菲泰缅老柬马新蒙哈吉塔非欧澳加墨古";
/// ... and words that mean China whole.
const CHINA_WORDS: &[&str] = &["我国", "国务院", "习近平", "党中央", "两岸", "祖国"];

/// The ending of the name of a nationality (朝鲜族).
const NATIONALITY: &str = "族";

/// What a term says about where a story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    China,
    Abroad,
    Neither,
}

/// The place every term of a corpus's table names, looked up once per
/// distinct term.
pub struct Scope {
    places: Vec<Place>,
}

impl Scope {
    /// Classifies every term of `table`: Chinese places come from the
    /// gazetteer page reading uses, foreign ones from `data/countries.txt`.
    pub fn of_table(table: &TermTable) -> Scope {
        let gazetteer = Gazetteer::shared().ok();
        let places = (0..table.len() as u32)
            .into_par_iter()
            .map(|id| place_of(table.term(id), gazetteer))
            .collect();
        Scope { places }
    }

    /// Whether the article with these terms names other countries and
    /// nothing Chinese.
    pub fn is_abroad(&self, bag: &TermBag) -> bool {
        let mut foreign = 0;
        for (id, n) in bag.iter() {
            match self.places.get(id as usize) {
                Some(Place::China) => return false,
                Some(Place::Abroad) => foreign += n,
                _ => {}
            }
        }
        foreign >= MIN_FOREIGN
    }
}

/// The names of countries, territories and bodies outside China.
pub fn countries() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        COUNTRIES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether a term is China paired with another country (中越, 俄中).
fn is_with_china(term: &str) -> bool {
    let mut chars = term.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('中'), Some(other), None) | (Some(other), Some('中'), None) => {
            SHORT_NAMES.contains(other)
        }
        _ => false,
    }
}

fn place_of(term: &str, gazetteer: Option<&Gazetteer>) -> Place {
    if CHINA_WORDS.contains(&term)
        || CHINA_WITHIN.iter().any(|c| term.contains(c))
        || is_with_china(term)
    {
        return Place::China;
    }
    // A Chinese place may lead a longer word (苏州工业园区, 广东省委); a
    // name the gazetteer marks as also foreign or ordinary (德州 is also
    // Texas) does not put a story in China.
    if gazetteer.is_some_and(|g| g.leading_place(term).is_some()) {
        return Place::China;
    }
    // So may a country (尼泊尔政府, 美国总统), but a nationality of China
    // named after one (朝鲜族, 蒙古族) is Chinese.
    let names = countries();
    let leads_with_country = term
        .char_indices()
        .skip(1)
        .map(|(i, _)| &term[..i])
        .chain([term])
        .any(|prefix| names.contains(prefix));
    if leads_with_country && !term.ends_with(NATIONALITY) {
        Place::Abroad
    } else {
        Place::Neither
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;
    use crate::terms::TermCorpus;

    fn abroad(texts: &[&str]) -> Vec<bool> {
        let segmenter = Segmenter::builtin().unwrap();
        let mut table = TermTable::default();
        let tokens = texts
            .iter()
            .map(|t| segmenter.tokens("", t, &table))
            .collect();
        let bags = table.admit(tokens);
        let corpus = TermCorpus { table, bags };
        let scope = Scope::of_table(&corpus.table);
        corpus.bags.iter().map(|b| scope.is_abroad(b)).collect()
    }

    #[test]
    fn news_from_abroad_is_told_from_news_china_takes_part_in() {
        assert_eq!(
            abroad(&[
                "俄罗斯国防部称，俄军打击了乌克兰一处炼油厂，乌军称击落多架无人机。",
                "尼泊尔西部发生强烈地震，尼泊尔政府称死亡人数已升至158人。",
                "中方愿同越南一道，推动两国全面战略合作伙伴关系不断发展。",
                "日本和韩国企业在苏州工业园区签约，投资建设新能源电池项目。",
                "延边朝鲜族自治州举办民俗文化节，朝鲜族和蒙古族群众载歌载舞。",
                "美国总统发表讲话。",
                "我国对美国、日本和欧盟的出口同比增长。",
                "越南总理举行欢迎仪式，越方表示越中关系不断发展。",
            ]),
            [true, true, false, false, false, false, false, false]
        );
    }
}
