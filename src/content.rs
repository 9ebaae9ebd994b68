//! Terms that say where or who, not what: place names and people's titles.
//!
//! On real government text they gather articles by province or by the
//! officials named (`广东省·试行`, `主任·领导小组·副局长`) rather than by
//! policy, so they are kept out of theme vectors and theme labels. City
//! detection reads the raw text and is unaffected.

use std::sync::OnceLock;

use crate::meta::gazetteer::Gazetteer;

/// Official titles as whole terms or as the end of one (`副局长`,
/// `党委书记`).
const TITLE_ENDINGS: &[&str] = &[
    "书记",
    "主任",
    "主席",
    "局长",
    "厅长",
    "处长",
    "科长",
    "部长",
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "省长",
    "州长",
    "组长",
    "秘书长",
    "总理",
    "院长",
    "署长",
    "司长",
    "委员",
    "董事长",
    "总经理",
    "领导小组",
    "常委",
];

/// Whether a term names a place or a person's title, and so carries no
/// policy content. A county name that is also an ordinary word (`合作`)
/// is kept. The gazetteer is read once, on first use.
pub fn is_where_or_who(term: &str) -> bool {
    if TITLE_ENDINGS.iter().any(|t| term.ends_with(t)) {
        return true;
    }
    static GAZETTEER: OnceLock<Option<Gazetteer>> = OnceLock::new();
    GAZETTEER
        .get_or_init(|| Gazetteer::builtin().ok())
        .as_ref()
        .is_some_and(|g| {
            g.mentions(term)
                .any(|m| m.text == term && m.targets.iter().any(|t| !t.bare))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_and_titles_are_recognised_and_content_is_not() {
        for term in ["广东省", "杭州", "余杭区", "副局长", "领导小组", "主任"] {
            assert!(is_where_or_who(term), "{term}");
        }
        for term in ["电池", "增长", "委员会", "合作", "医保", "试行"] {
            assert!(!is_where_or_who(term), "{term}");
        }
    }
}
