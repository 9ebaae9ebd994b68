//! Property tests over the text stages: arbitrary bytes and arbitrary
//! Unicode never make decoding, normalising or splitting panic, and
//! splitting never loses text — the articles' titles, decks, bylines and
//! paragraphs plus the dropped furniture hold exactly the page's
//! characters, white space aside.
//!
//! `cargo test` runs a short version (proptest's default case count); a
//! long run sets `PROPTEST_CASES`, e.g. `PROPTEST_CASES=1000000 cargo test
//! --release --test fuzz_text`.

use std::sync::LazyLock;

use policy_themes::normalize::Normalizer;
use policy_themes::read::decode;
use policy_themes::split::{ArticleSplitter, SplitPage};
use proptest::prelude::*;

static NORMALIZER: LazyLock<Normalizer> = LazyLock::new(|| Normalizer::standard().unwrap());

/// Lines of the kinds real pages hold, so the generator reaches every
/// branch of the splitter rather than only "body text".
const PAGE_LINES: &[&str] = &[
    "",
    "市委市政府专题研究新型电池产业发展工作",
    "以前瞻思维战略眼光研究谋划布局产业 抢占新能源风口",
    "■记者 姜琨 全正 通讯员 范庭雨",
    "本报讯 2月20日,市委、市政府召开新型电池产业发展工作专题会议。",
    "淮安日报讯:昨日,市委书记现场督办政协重点提案。",
    "新华社北京12月2日电 12月2日,国家主席在北京致辞。",
    "会上,专家学者和企业家代表作了发言,切实运用到产业发展实",
    "践之中。",
    "咸宁日报",
    "XIANNING DAILY",
    "2021年12月3日",
    "第12867期 (今日8版)",
    "十堰晚报 秦楚网 8110110",
    "新闻搜索",
    "- 淮安市公安局警方提示",
    "自助车管所,“智”在哪?",
    "(详见第四版)",
    "力的?",
    "咸宁日报全媒体记者 夏正伟 摄",
    "重点项目",
    "进行时",
    "市領(lǐng)導(dǎo)現(xiàn)場督辦",
    "（全角）：１２月，ＡＩ！",
];

fn page() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => proptest::sample::select(PAGE_LINES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[\\p{Han}，。、“”?!:;\\s]{0,60}",
    ];
    proptest::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

fn visible_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars
}

fn kept_text(split: &SplitPage) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for a in &split.articles {
        parts.extend(a.title.as_deref());
        parts.extend(a.deck.iter().map(String::as_str));
        parts.extend(a.byline.iter().map(String::as_str));
        parts.extend(a.paragraphs.iter().map(String::as_str));
    }
    parts.extend(split.furniture.iter().map(|f| f.text.as_str()));
    parts.join("\n")
}

proptest! {
    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let decoded = decode(&bytes).ok();
        // Plain UTF-8 (no byte-order mark, no NUL) comes back unchanged.
        if let Ok(utf8) = std::str::from_utf8(&bytes)
            && !bytes.contains(&0)
            && !utf8.starts_with('\u{feff}')
        {
            prop_assert_eq!(decoded.as_deref(), Some(utf8));
        }
    }

    #[test]
    fn normalising_never_panics_and_is_idempotent(text in page()) {
        let once = NORMALIZER.normalize(&text);
        prop_assert_eq!(NORMALIZER.normalize(&once), once);
    }

    #[test]
    fn splitting_never_loses_or_invents_text(text in page()) {
        let normalized = NORMALIZER.normalize(&text);
        let split = ArticleSplitter.split(&normalized);
        prop_assert_eq!(visible_chars(&kept_text(&split)), visible_chars(&normalized));
        for a in &split.articles {
            prop_assert!(a.first_line >= 1);
        }
    }
}
