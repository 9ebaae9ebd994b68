//! Lines of a crawled page that belong to no article: what the site, the
//! photo desk, the advertising desk and the printer add around the news.
//!
//! Each rule reads one trimmed line on its own. The patterns name the
//! furniture by its form (a site suffix after `_`, a date alone on a line,
//! a credit ending in `摄`/`供图`), never by a particular paper.

use std::sync::LazyLock;

use regex::Regex;

use super::FurnitureKind;

/// What a debris line does to the lines around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Debris {
    /// The line alone is furniture.
    Line(FurnitureKind),
    /// The line heads a block (`图片报道`, `广告`, `体彩开奖公告`) whose
    /// body lines are furniture of the same kind, up to the next headline.
    Block(FurnitureKind),
    /// A box or section label inside an article (`核心阅读`, `记者手记`):
    /// part of the article, never its headline.
    BoxLabel,
}

/// `<title>` of an article web page: the headline, a separator and the
/// site's name (`市委召开会议_十堰晚报`, `… - 人民网`, `…｜XX日报`).
static PAGE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(_|\s[-|｜]\s|｜|\|)\s*\p{Han}{1,12}(日报|晚报|早报|商报|时报|都市报|报|网|新闻网|数字报|电子报|客户端)(\s*[-_|｜]\s*\S{1,12})?$")
        .expect("static pattern")
});
/// A date alone on its line, as an e-paper prints it under a headline.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^((发布|出版)?(日期|时间)[:：]?\s*)?((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?",
        r"(\s+\d{1,2}:\d{2}(:\d{2})?)?(\s*(星期|周)[一二三四五六日天])?",
        r"(\s*第?\s*[A-Z]?\d{1,3}\s*版\S{0,12})?(\s+(来源|作者|稿源)[:：]?\s*\S{1,20})?$"
    ))
        .expect("static pattern")
});
/// Site navigation on article pages.
static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[<«《〈]*\s*(上一篇|下一篇|上一版|下一版|返回主页|返回首页|返回目录|返回顶部|返回版面|版面导航|本版新闻|打印本页|关闭窗口|放大|缩小|默认)")
        .expect("static pattern")
});
/// A photo or graphics credit printed on its own line.
static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[(（]?\s*(",
        r"(本报|特约|实习|首席)?(摄影)?(记者|通讯员)[\p{Han}·A-Za-z\s、]{1,24}摄(影)?",
        r"|[\p{Han}·A-Za-z\s、]{1,24}\s摄(影)?",
        r"|制图\s*[:：/]?\s*[\p{Han}·\s、]{2,16}",
        r"|(绘图|漫画|图片|图表|图)(\s+|\s*[:：/]\s*)[\p{Han}·\s、]{2,16}",
        r"|\p{Han}{0,12}(供图|供稿|资料图片|资料照片)",
        r"|(新华社|中新社|\p{Han}{1,8}社)(记者\s*[\p{Han}·\s]{2,12})?发",
        r"|(人民视觉|视觉中国|东方IC|IC photo)",
        r")\s*[)）]?$"
    ))
    .expect("static pattern")
});
/// A credit above accepts only short names: `新华社发` is a credit, a
/// sentence ending in `发` is not.
const MAX_CREDIT_CHARS: usize = 30;
static PHOTO_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(图片报道|图片新闻|新闻图片|摄影报道|图说|组图)$").expect("static pattern")
});
static ADVERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（【\[]?\s*(公益)?广告\s*[)）】\]]?$").expect("static pattern")
});
static LOTTERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(福彩|体彩|福利彩票|体育彩票|双色球|大乐透|排列[35三五]|七星彩|3D|快乐8)[^。]{0,16}(开奖公告|开奖结果|开奖)")
        .expect("static pattern")
});
static COLOPHON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(本报地址|社址|地址[:：]|邮发代号|邮政编码|邮编[:：]|国内统一|国内统一连续出版物号|",
        r"广告(经营)?许可证|广告热线|发行热线|订阅热线|新闻热线|零售价|定价|",
        r"印刷[:：]|印刷厂|承印|总编辑|社长[:：]|值班(总)?编辑|责任编辑|责编|编辑[:：]|校对[:：]|版式|美编)"
    ))
    .expect("static pattern")
});
static EDITOR_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(——|—|-)\s*编\s*者$|^编者按").expect("static pattern"));
static BOX_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[【\[]?(核心阅读|短评|记者手记|编后|编后语|编后记|链接|相关链接|背景链接|背景|小贴士|延伸阅读|记者观察|点评|专家点评|数说|知识链接)[】\]]?$")
        .expect("static pattern")
});
/// Column banners set apart by their brackets (`【民生】`, `·今日关注·`).
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(【[^】]{1,16}】|\[[^\]]{1,16}\]|[·•]\s*[^·•]{1,16}\s*[·•]|<[^>]{1,16}>|〔[^〕]{1,16}〕)$")
        .expect("static pattern")
});

/// A photo caption set flush left: a sentence closed by its credit
/// (`3月27日，市民在公园赏花。记者 张三 摄`).
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,，。].*摄(影)?\s*[)）]?$").expect("static pattern"));

/// Whether a line is a photo caption closed by its credit.
pub fn is_caption(line: &str) -> bool {
    CAPTION.is_match(line)
}

/// Lines longer than this are text, whatever word they start with.
const MAX_DEBRIS_CHARS: usize = 80;

/// Classifies a trimmed line as page debris, if it is.
pub fn debris(line: &str) -> Option<Debris> {
    let chars = line.chars().count();
    if chars > MAX_DEBRIS_CHARS {
        return None;
    }
    let sentence = line.contains(['。', '，', ',', '；', ';']);
    if NAVIGATION.is_match(line) && chars <= 40 {
        return Some(Debris::Line(FurnitureKind::Navigation));
    }
    if DATE_LINE.is_match(line) {
        return Some(Debris::Line(FurnitureKind::DateLine));
    }
    if PHOTO_BLOCK.is_match(line) {
        return Some(Debris::Block(FurnitureKind::PhotoCaption));
    }
    if ADVERT.is_match(line) {
        return Some(Debris::Block(FurnitureKind::Advert));
    }
    if LOTTERY.is_match(line) && !sentence && chars <= 40 {
        return Some(Debris::Block(FurnitureKind::Lottery));
    }
    if BOX_LABEL.is_match(line) {
        return Some(Debris::BoxLabel);
    }
    if !sentence && PAGE_TITLE.is_match(line) {
        return Some(Debris::Line(FurnitureKind::PageTitle));
    }
    if COLOPHON.is_match(line) {
        return Some(Debris::Line(FurnitureKind::Colophon));
    }
    if EDITOR_NOTE.is_match(line) && chars <= 12 {
        return Some(Debris::Line(FurnitureKind::EditorNote));
    }
    if chars <= MAX_CREDIT_CHARS && !sentence && PHOTO_CREDIT.is_match(line) {
        return Some(Debris::Line(FurnitureKind::PhotoCredit));
    }
    None
}

/// Whether a headline line is a column banner set in brackets.
pub fn is_banner(line: &str) -> bool {
    BANNER.is_match(line)
}

/// The date a date line states, as (year, month, day).
pub fn date_line(line: &str) -> Option<(i32, u32, u32)> {
    let c = DATE_LINE.captures(line.trim())?;
    Some((c[4].parse().ok()?, c[5].parse().ok()?, c[6].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use FurnitureKind::*;

    #[test]
    fn debris_lines_are_named_by_their_form() {
        for (line, want) in [
            (
                "市委召开全会部署全年工作_十堰晚报",
                Some(Debris::Line(PageTitle)),
            ),
            ("春耕正当时 - 人民网", Some(Debris::Line(PageTitle))),
            ("<<上一篇 下一篇>>", Some(Debris::Line(Navigation))),
            ("返回主页", Some(Debris::Line(Navigation))),
            ("返回目录", Some(Debris::Line(Navigation))),
            ("2026-03-28", Some(Debris::Line(DateLine))),
            ("2026年03月28日 星期六", Some(Debris::Line(DateLine))),
            ("记者 王小明 摄", Some(Debris::Line(PhotoCredit))),
            ("制图 李华", Some(Debris::Line(PhotoCredit))),
            ("企业供图", Some(Debris::Line(PhotoCredit))),
            ("新华社发", Some(Debris::Line(PhotoCredit))),
            ("图片报道", Some(Debris::Block(PhotoCaption))),
            ("广告", Some(Debris::Block(Advert))),
            ("体彩开奖公告", Some(Debris::Block(Lottery))),
            (
                "福彩双色球第2026032期开奖公告",
                Some(Debris::Block(Lottery)),
            ),
            (
                "本报地址：北京市朝阳区金台西路2号",
                Some(Debris::Line(Colophon)),
            ),
            ("邮发代号1-1", Some(Debris::Line(Colophon))),
            ("——编者", Some(Debris::Line(EditorNote))),
            ("核心阅读", Some(Debris::BoxLabel)),
            ("记者手记", Some(Debris::BoxLabel)),
            ("短评", Some(Debris::BoxLabel)),
            // Headlines and body text are not debris.
            ("人勤春早农事忙", None),
            ("去年我国航班正常率80.13%", None),
            ("——辽宁落实习近平总书记全国两会重要讲话精神纪实", None),
            ("新华社北京2月12日电 2月12日，会议在京召开。", None),
            ("习近平对新型冠状病毒感染的肺炎疫情作出重要指示强调", None),
            ("为2010年以来最高水平", None),
            ("宣读习近平主席贺信并发表主旨演讲", None),
        ] {
            assert_eq!(debris(line), want, "{line}");
        }
    }

    #[test]
    fn a_date_line_gives_its_date() {
        assert_eq!(date_line("2026-03-28"), Some((2026, 3, 28)));
        assert_eq!(date_line("2019年02月13日"), Some((2019, 2, 13)));
        assert_eq!(date_line("发布时间：2026-03-28 08:30"), Some((2026, 3, 28)));
        assert_eq!(
            date_line("2026年3月28日 星期六 第A03版"),
            Some((2026, 3, 28))
        );
        assert_eq!(date_line("2026-03-28 来源：江城晚报"), Some((2026, 3, 28)));
        assert_eq!(date_line("2019年2月13日上午，会议召开"), None);
    }
}
