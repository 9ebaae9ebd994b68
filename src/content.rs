//! Terms that say where, who or which programme, not what: place names,
//! people's titles, government offices and the corpus's own framing.
//!
//! On real government text they gather articles by province, by the
//! officials named (`广东省·试行`, `主任·领导小组·副局长`) or by programme
//! and genre (`快评·央视·本台`) rather than by policy, so they are kept out
//! of theme vectors and theme labels. City detection reads the raw text
//! and is unaffected.

use std::collections::HashSet;

use crate::meta::gazetteer::Gazetteer;
use crate::terms::{TermCorpus, TermCounts};

/// A term is part of the corpus's framing when at least this share of its
/// occurrences sit in articles' frames (titles, opening and closing words):
/// programme tags and agency formulas live there, while policy content
/// words, even those common in titles, mostly sit in the body.
const FRAMING_SHARE: f64 = 0.8;
/// ... and it occurs in at least this many articles (or one in
/// [`FRAMING_MIN_FRACTION`] of them, whichever is more): boilerplate is what
/// repeats across a source, not a word a few headlines share.
const FRAMING_MIN_ARTICLES: usize = 20;
const FRAMING_MIN_FRACTION: usize = 500;

/// The terms that frame this corpus's articles rather than say what they
/// are about (`快评`, `本台`, `快讯`, `联播`), learned from where they occur:
/// like places and titles, they are kept out of theme vectors and labels.
pub fn framing_terms<'c>(corpus: &'c TermCorpus, counts: &TermCounts) -> HashSet<&'c str> {
    let min_articles = FRAMING_MIN_ARTICLES.max(corpus.len() / FRAMING_MIN_FRACTION);
    (0..corpus.table.len() as u32)
        .filter(|&id| {
            let i = id as usize;
            counts.articles[i] >= min_articles
                && f64::from(corpus.table.framing(id))
                    >= FRAMING_SHARE * counts.occurrences[i] as f64
        })
        .map(|id| corpus.table.term(id))
        .collect()
}

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

/// Government offices as whole terms or as the end of one (`市政府`,
/// `人民政府办公厅`): the body that issues or signs a document, named in
/// its title and signature whatever the document is about.
const OFFICE_ENDINGS: &[&str] = &["政府", "办公厅", "办公室"];

/// The country itself, as news names it without naming it.
const OUR_COUNTRY: &str = "我国";

/// Whether a term names a place, a person's title or a government office,
/// and so carries no policy content. A county name that is also an
/// ordinary word (`合作`) is kept. It asks the shared gazetteer page
/// reading uses.
pub fn is_where_or_who(term: &str) -> bool {
    if term == OUR_COUNTRY {
        return true;
    }
    if TITLE_ENDINGS
        .iter()
        .chain(OFFICE_ENDINGS)
        .any(|t| term.ends_with(t))
    {
        return true;
    }
    Gazetteer::shared()
        .ok()
        .is_some_and(|g| g.leading_place(term) == Some(term))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;
    use crate::terms::TermTable;

    #[test]
    fn programme_tags_frame_articles_and_their_subjects_do_not() {
        let segmenter = Segmenter::builtin().unwrap();
        let subjects = ["储能电站", "医保报销", "高标准农田"];
        let mut table = TermTable::default();
        let tokens: Vec<_> = (0..60)
            .map(|i| {
                let subject = subjects[i % 3];
                let title = format!("【央视快评】推进{subject}建设");
                let body = format!(
                    "本台消息，记者从有关部门获悉。今年以来，各地持续推进{subject}建设，\
                     {subject}项目进展顺利，{subject}惠及更多群众，{subject}成效明显。\
                     专家表示，{subject}仍有很大空间。以上就是今天的快评。"
                );
                segmenter.tokens(&title, &body, &table)
            })
            .collect();
        let bags = table.admit(tokens);
        let corpus = TermCorpus { table, bags };
        let framing = framing_terms(&corpus, &corpus.term_counts());
        for term in ["快评", "本台消息"] {
            assert!(framing.contains(term), "{term} not in {framing:?}");
        }
        for term in ["储能", "医保", "农田", "项目"] {
            assert!(!framing.contains(term), "{term} in {framing:?}");
        }
    }

    #[test]
    fn places_and_titles_are_recognised_and_content_is_not() {
        for term in [
            "广东省",
            "杭州",
            "余杭区",
            "副局长",
            "领导小组",
            "主任",
            "人民政府",
            "办公厅",
            "我国",
        ] {
            assert!(is_where_or_who(term), "{term}");
        }
        for term in ["电池", "增长", "委员会", "合作", "医保", "试行"] {
            assert!(!is_where_or_who(term), "{term}");
        }
    }
}
