//! News roundups (国内联播快讯, 简讯): one article bundling several short
//! items, each a headline line over its own paragraph.
//!
//! Its items are about unrelated things (a trade figure, a railway, a
//! festival), so the bundle as a whole is mainly about no one policy
//! theme, and a careful reader codes it as none. It stays one article
//! (its id, city and date are the record's); its theme is `other`, with
//! the theme its words lean to as runner-up.

/// A bundle has at least this many items: two headlines may be a story
/// with a subhead.
const MIN_ITEMS: usize = 3;
/// A headline line is this many characters long...
const HEADLINE_CHARS: std::ops::RangeInclusive<usize> = 6..=40;
/// ... and does not end as a sentence does.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '：', '…', '”', '」'];
/// Marks that follow a section number (一、 3. 4．).
const NUMBER_MARKS: &[char] = &['、', '.', '．'];
/// What 第 and a number head in a document (第四章, 第二部分).
const SECTION_UNITS: &str = "章节条部编篇";

/// How many items `body` bundles, when it is a roundup: it opens with a
/// headline and holds at least [`MIN_ITEMS`] of them.
pub fn items(body: &str) -> Option<usize> {
    let lines: Vec<&str> = body
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let heads: Vec<usize> = (0..lines.len())
        .filter(|&i| is_headline(lines[i], lines.get(i + 1).copied()))
        .collect();
    (heads.len() >= MIN_ITEMS && heads[0] == 0).then_some(heads.len())
}

/// Whether `line` heads an item: headline-long, not a sentence, not a
/// numbered section, and followed by a longer line that is prose.
fn is_headline(line: &str, next: Option<&str>) -> bool {
    let chars = line.chars().count();
    let Some(next) = next else {
        return false;
    };
    HEADLINE_CHARS.contains(&chars)
        && !line.ends_with(SENTENCE_ENDS)
        && !line.contains('。')
        && !is_numbered(line)
        && next.chars().count() > chars
        && next.ends_with(SENTENCE_ENDS)
}

/// Whether `line` is a numbered section heading of a document (一、
/// （二） 3. 第四章), which heads a part of one text, not an item of a
/// bundle. A headline may start with a number too (第七届进博会开幕,
/// 3.5万吨…): a section number stands alone before its mark.
fn is_numbered(line: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut chars = line.chars().peekable();
    let bracketed = chars.next_if(|&c| c == '（' || c == '(').is_some();
    let ordinal = !bracketed && chars.next_if_eq(&'第').is_some();
    let mut digits = 0;
    while chars.next_if(|&c| is_digit(c)).is_some() {
        digits += 1;
    }
    let next = chars.next();
    let after = chars.next();
    digits > 0
        && match next {
            Some(c) if bracketed => c == '）' || c == ')',
            Some(c) if ordinal => SECTION_UNITS.contains(c),
            Some(c) => NUMBER_MARKS.contains(&c) && !after.is_some_and(|a| a.is_ascii_digit()),
            None => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUNDUP: &str = "\n央企战略性新兴产业上半年投资同比增长超40%\n\
        国务院国资委最新数据显示，今年1—6月，中央企业累计完成固定资产投资1.4万亿元。\n\
        2023年国家医保飞行检查工作正式启动\n\
        国家医保局联合财政部印发《2023年医疗保障基金飞行检查工作方案》，各地将完成现场检查。\n\
        川青铁路青白江至镇江关段开始联调联试\n\
        四川至青海的川青铁路青白江至镇江关段今天进入联调联试阶段，为开通运营打下基础。\n";

    #[test]
    fn a_bundle_of_headlined_items_is_a_roundup() {
        assert_eq!(items(ROUNDUP), Some(3));
    }

    #[test]
    fn section_numbers_are_told_from_headlines_that_start_with_a_number() {
        for heading in [
            "一、总体要求",
            "（二）重点任务",
            "3. 保障措施",
            "第四章 附则",
        ] {
            assert!(is_numbered(heading), "{heading}");
        }
        for headline in [
            "第七届进博会开幕",
            "3.5万吨物资运抵灾区",
            "2023年国家医保飞行检查启动",
        ] {
            assert!(!is_numbered(headline), "{headline}");
        }
    }

    #[test]
    fn stories_and_documents_with_headings_are_not_roundups() {
        // A story opening with prose.
        let story = format!("记者今天从有关部门获悉，多项工作取得进展。{ROUNDUP}");
        assert_eq!(items(&story), None);
        // A document whose headings are numbered sections.
        let document = "一、总体要求\n坚持节约优先，推动能源消费革命，构建清洁低碳的能源体系。\n\
             二、重点任务\n加快发展非化石能源，推进煤炭清洁高效利用，提高能源效率。\n\
             三、保障措施\n加强组织领导，完善政策体系，强化监督考核，确保各项任务落实。\n";
        assert_eq!(items(document), None);
        // A story with three unnumbered subheads is a story too: its
        // body opens with prose.
        let story = "记者今天从有关部门获悉，今年以来各地推进项目建设，取得明显成效。\n\
             抓项目促投资\n各地把项目建设作为稳增长的重要抓手，重点项目进展顺利。\n\
             优服务强保障\n各地持续优化营商环境，为企业提供全流程服务。\n\
             惠民生增福祉\n一批民生项目建成投用，群众获得感不断增强。\n";
        assert_eq!(items(story), None);
        // Two items are a story with a subhead.
        let two: String = ROUNDUP.lines().take(5).collect::<Vec<_>>().join("\n");
        assert_eq!(items(&two), None);
    }
}
