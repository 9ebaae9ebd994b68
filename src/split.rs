//! Splitting a newspaper page into articles and page furniture.
//!
//! A page is a run of lines: mastheads, headline stacks, bylines, datelines,
//! body paragraphs broken by column wrapping, navigation lists and teasers for
//! other pages. [`ArticleSplitter`] first gives every line a [`LineKind`] from
//! its own text, then walks the lines once, the way a reader's eye does:
//!
//! - short unpunctuated lines gather into a *pending headline stack*;
//! - a byline (`■记者 …`) or dateline (`本报讯`, `淮安日报讯:`, `新华社…电`)
//!   opens an article, taking the pending stack as its headline;
//! - a body line continues the current article, unless a strong break came
//!   first (furniture, a closing photo credit, two or more blank lines), in
//!   which case the pending stack heads a new article that has no marker;
//! - a paragraph that stops mid-sentence (no 。!?; at its end) continues on
//!   the next line, which is how words broken across lines (`发\n\n展`) rejoin.
//!
//! Nothing is dropped silently: every line ends up in an article (headline,
//! byline or body) or in [`Furniture`] with its kind.

use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::is_han;

mod debris;
mod flat;
mod indented;

pub use debris::date_line;

/// What a single line looks like on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Opens an article body: `本报讯`, `淮安日报讯:`, `新华社北京12月2日电`.
    Dateline,
    /// Names the authors or the photographer: `■记者 …`, `… 摄`.
    Byline,
    /// Newspaper name, edition number, masthead date, site address.
    Masthead,
    /// Site navigation: `新闻搜索`, `推荐新闻`, link-list items.
    Navigation,
    /// Points to another page: `(详见第四版)`.
    Teaser,
    /// A scrap of a neighbouring column, too short to be anything: `力的?`.
    Fragment,
    /// Short and not sentence-final: a headline, or a body line cut short.
    Short,
    /// Body text.
    Body,
}

/// Why a line is not part of any article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FurnitureKind {
    Masthead,
    Navigation,
    /// A teaser and the headline it advertises.
    Teaser,
    Fragment,
    /// Headline lines with no article under them.
    OrphanHeadline,
    /// The article web page's `<title>` with the site's name:
    /// `…_XX晚报`.
    PageTitle,
    /// A date printed alone under a headline (`2026-03-28`): the issue date.
    DateLine,
    /// `记者 XX 摄`, `制图 XX`, `企业供图`, `新华社发` printed on their own.
    PhotoCredit,
    /// `图片报道` and the caption text under it.
    PhotoCaption,
    /// `广告` and the advert text under it.
    Advert,
    /// `福彩/体彩开奖公告` and the numbers under it.
    Lottery,
    /// The paper's colophon: `本报地址…`, `邮发代号`.
    Colophon,
    /// An editor's note signed `——编者`, printed apart from any article.
    EditorNote,
}

impl FurnitureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FurnitureKind::Masthead => "masthead",
            FurnitureKind::Navigation => "navigation",
            FurnitureKind::Teaser => "teaser",
            FurnitureKind::Fragment => "fragment",
            FurnitureKind::OrphanHeadline => "orphan_headline",
            FurnitureKind::PageTitle => "page_title",
            FurnitureKind::DateLine => "date_line",
            FurnitureKind::PhotoCredit => "photo_credit",
            FurnitureKind::PhotoCaption => "photo_caption",
            FurnitureKind::Advert => "advert",
            FurnitureKind::Lottery => "lottery",
            FurnitureKind::Colophon => "colophon",
            FurnitureKind::EditorNote => "editor_note",
        }
    }

    /// Whether the line states the page's issue date when it holds one (a
    /// masthead, a date printed under a headline), as against dates that
    /// articles talk about.
    pub fn dates_the_page(self) -> bool {
        matches!(self, FurnitureKind::Masthead | FurnitureKind::DateLine)
    }
}

/// A line that is not part of an article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Furniture {
    /// 1-based line number on the page.
    pub line: usize,
    pub kind: FurnitureKind,
    pub text: String,
}

/// An article as found on the page, before metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageArticle {
    pub title: Option<String>,
    /// The other headline lines: kicker, subheadline, column banner.
    pub deck: Vec<String>,
    pub byline: Vec<String>,
    /// Paragraphs, broken lines rejoined.
    pub paragraphs: Vec<String>,
    /// 1-based line where the article starts on the page.
    pub first_line: usize,
    /// Why an article was taken to start here (shown by `inspect`).
    pub boundary: &'static str,
}

impl PageArticle {
    pub fn body(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// A page read into articles and furniture.
#[derive(Debug, Clone, Default)]
pub struct SplitPage {
    pub articles: Vec<PageArticle>,
    pub furniture: Vec<Furniture>,
}

/// Headlines on these pages run to 40 characters; body lines are longer or
/// end a sentence.
const MAX_HEADLINE_CHARS: usize = 40;
const MAX_BYLINE_CHARS: usize = 48;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(本报讯|\p{Han}{2,8}(日报|晚报|报|网)讯|(本报|新华社|中新社)[^\s,。]{0,12}\d{1,2}月\d{1,2}日(电|讯)|新华社[^\s,。]{0,12}电|(中新|人民|新华)网[^\s,。]{0,12}(电|讯))")
        .expect("static pattern")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[■●◆▲□★▼]|^\p{Han}{0,8}?(本报|全媒体|融媒体|见习|特约|首席)?(记者|通讯员|实习生)")
        .expect("static pattern")
});
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\p{Han}{2,6}(日报|晚报|都市报|商报|时报|早报)$",
        r"|^[A-Z][A-Z .'-]{3,}$",
        r"|机关报$",
        r"|www\.|https?://",
        r"|^\d{4}年\d{1,2}月\d{1,2}日(\s*星期.)?$",
        r"|^[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年",
        r"|刊号|代号|^第\d+期|今日\d+版|^星期[一二三四五六日天]$",
    ))
    .expect("static pattern")
});
static PHOTO_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s摄(影)?$").expect("static pattern"));
/// A newspaper's logo line: its name with a site name or hotline, and no
/// sentence in it (`十堰晚报 秦楚网 8110110`).
static LOGO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Han}{2,4}(日报|晚报|都市报)").expect("static pattern"));
static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(新闻搜索|推荐新闻|相关新闻|热点新闻|相关阅读|延伸阅读|上一篇|下一篇|返回目录|返回首页|打印本页|关闭窗口|分享到)|^[-·•►]\s")
        .expect("static pattern")
});
static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]\s*(详见|下转|转第|接第|上接|见第|紧转)[^)）]{0,12}[)）]$")
        .expect("static pattern")
});

/// Whether a paragraph ends a sentence, so the next line starts a new one.
pub fn ends_sentence(text: &str) -> bool {
    // A photo credit (`… 徐晶玮 摄`) closes a caption.
    if PHOTO_CREDIT.is_match(text) {
        return true;
    }
    let trimmed = text.trim_end_matches(['”', '’', '」', '』', ')', '）', '"']);
    // A closing quote with nothing before it that ends a sentence, as in
    // `…与“常州所能”`, leaves the sentence open.
    matches!(
        trimmed.chars().last(),
        Some('。' | '!' | '?' | ';' | '…' | ':' | '！' | '？' | '；' | '：')
    )
}

/// Classifies one trimmed, non-empty line.
pub fn classify_line(line: &str) -> LineKind {
    let chars = line.chars().count();
    if chars <= 60 && NAVIGATION.is_match(line) {
        return LineKind::Navigation;
    }
    if TEASER.is_match(line) {
        return LineKind::Teaser;
    }
    if DATELINE.is_match(line) {
        return LineKind::Dateline;
    }
    let sentence_punct = line.contains(['。', ',', ';', ':', '、', '!', '?']);
    let credit = PHOTO_CREDIT.is_match(line);
    if chars <= MAX_BYLINE_CHARS
        && !line.contains('。')
        && (credit || (!ends_sentence(line) && BYLINE.is_match(line)))
    {
        return LineKind::Byline;
    }
    if chars <= MAX_HEADLINE_CHARS
        && (MASTHEAD.is_match(line) || (LOGO.is_match(line) && !sentence_punct))
    {
        return LineKind::Masthead;
    }
    let han = line.chars().filter(|&c| is_han(c)).count();
    if han <= 3 && chars <= 5 && line.chars().last().is_some_and(|c| !is_han(c)) {
        return LineKind::Fragment;
    }
    let ends_clause = matches!(
        line.chars().last(),
        Some('。' | ';' | '…' | ',' | '、' | ':')
    );
    if chars <= MAX_HEADLINE_CHARS && !ends_clause {
        LineKind::Short
    } else {
        LineKind::Body
    }
}

/// A subheadline printed under the main line: `——…`, or a purpose clause
/// (`以…`, `让…`) elaborating on the headline above it.
pub(super) fn reads_as_subheadline(line: &str) -> bool {
    line.starts_with('—') || line.starts_with(['以', '让', '使'])
}

/// Debris that a page without indentation shows by its form alone. Photo
/// credits ending in `摄` are left to [`LineKind::Byline`]: on such pages they
/// close the caption above them.
pub(super) fn flat_debris(line: &str) -> Option<FurnitureKind> {
    match debris::debris(line)? {
        debris::Debris::Line(FurnitureKind::PhotoCredit) if PHOTO_CREDIT.is_match(line) => None,
        debris::Debris::Line(kind) | debris::Debris::Block(kind) => Some(kind),
        debris::Debris::BoxLabel => None,
    }
}

/// Splits normalised page text into articles and furniture.
#[derive(Debug, Default, Clone, Copy)]
pub struct ArticleSplitter;

impl ArticleSplitter {
    pub fn split(&self, page: &str) -> SplitPage {
        if let Some(indent) = indented::body_indent(page) {
            return indented::split(page, &indent);
        }
        flat::split(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(page: &SplitPage) -> Vec<Option<&str>> {
        page.articles.iter().map(|a| a.title.as_deref()).collect()
    }

    #[test]
    fn lines_are_classified_by_their_own_text() {
        use LineKind::*;
        for (line, kind) in [
            (
                "本报讯 2月20日,市委、市政府召开新型电池产业发展工作专题会议。",
                Dateline,
            ),
            (
                "淮安日报讯:昨日,市委书记史志军现场督办政协重点提案。",
                Dateline,
            ),
            (
                "新华社北京12月2日电 12月2日,国家主席习近平在北京致辞。",
                Dateline,
            ),
            (
                "本报讯(记者姜明助)12月5日上午,我市举行集中开工活动。",
                Dateline,
            ),
            ("■记者 姜琨 全正 通讯员 范庭雨", Byline),
            ("■据秦楚网《民意直通车》", Byline),
            ("咸宁日报全媒体记者 王莉敏 通讯员 王丰", Byline),
            ("咸宁日报全媒体记者 夏正伟 摄", Byline),
            ("咸宁日报", Masthead),
            ("XIANNING DAILY", Masthead),
            ("中共咸宁市委机关报", Masthead),
            ("2021年12月3日", Masthead),
            ("辛丑年十月廿九", Masthead),
            ("第12867期 (今日8版)", Masthead),
            ("十堰晚报 秦楚网 8110110", Masthead),
            ("新闻搜索", Navigation),
            ("- 淮安市公安局警方提示", Navigation),
            ("(详见第四版)", Teaser),
            ("力的?", Fragment),
            ("堰石村何时通天然气?", Short),
            ("开放发展,释放新活力", Short),
            ("会议还研究了其他事项。", Body),
            ("——抢抓机遇,拓展“朋友圈”。", Body),
        ] {
            assert_eq!(classify_line(line), kind, "{line}");
        }
    }

    #[test]
    fn open_quote_does_not_end_a_sentence() {
        assert!(!ends_sentence("把“海南州所需”与“常州所能”"));
        assert!(ends_sentence("他说:“抓项目就是抓发展。”"));
        assert!(ends_sentence("请问今年能不能通天然气?"));
    }

    #[test]
    fn headline_byline_dateline_make_one_article() {
        let page = "市委市政府专题研究新型电池产业发展工作\n\n以前瞻思维战略眼光研究谋划布局产业 抢占新能源风口\n\n■记者 姜琨\n\n本报讯 2月20日,市委召开会议。\n\n会上,专家作了发言,切实运用到产业发展实\n\n践之中。";
        let split = ArticleSplitter.split(page);
        assert_eq!(split.articles.len(), 1);
        let a = &split.articles[0];
        assert_eq!(
            a.title.as_deref(),
            Some("市委市政府专题研究新型电池产业发展工作")
        );
        assert_eq!(
            a.deck,
            vec!["以前瞻思维战略眼光研究谋划布局产业 抢占新能源风口"]
        );
        assert_eq!(a.byline, vec!["■记者 姜琨"]);
        assert_eq!(
            a.paragraphs,
            vec![
                "本报讯 2月20日,市委召开会议。",
                "会上,专家作了发言,切实运用到产业发展实践之中。"
            ]
        );
        assert!(split.furniture.is_empty());
    }

    #[test]
    fn kicker_above_main_headline_goes_to_deck() {
        let page = "杨军在市“十四五”重点基础设施项目专题会议上要求\n\n树牢“项目为王”理念推动高质量发展\n\n本报讯 记者吴文谨报道:12月2日,我市召开专题会议。";
        let split = ArticleSplitter.split(page);
        assert_eq!(
            titles(&split),
            vec![Some("树牢“项目为王”理念推动高质量发展")]
        );
        assert_eq!(
            split.articles[0].deck,
            vec!["杨军在市“十四五”重点基础设施项目专题会议上要求"]
        );
    }

    #[test]
    fn dateline_after_a_finished_body_starts_an_untitled_article() {
        let page = "市政协常委会议召开\n\n本报讯 会议审议通过了规则。\n\n本报讯 记者吴文谨报道:12月2日,我市召开续会。";
        let split = ArticleSplitter.split(page);
        assert_eq!(titles(&split), vec![Some("市政协常委会议召开"), None]);
        assert!(split.articles[1].paragraphs[0].starts_with("本报讯 记者吴文谨报道"));
    }

    #[test]
    fn short_line_inside_a_body_is_body_text() {
        let page = "某局开展专项检查\n\n本报讯 该局对企业督促其限期整改。\n\n截至目前,该局共出动执法人员16人\n\n次,对全县4家企业开展了全覆盖检查。";
        let split = ArticleSplitter.split(page);
        assert_eq!(split.articles.len(), 1);
        assert_eq!(
            split.articles[0].paragraphs[1],
            "截至目前,该局共出动执法人员16人次,对全县4家企业开展了全覆盖检查。"
        );
    }

    #[test]
    fn teaser_and_navigation_are_furniture() {
        let page = "某文章标题\n本报讯 正文结束。\n■融媒体记者 杨丹丹\n新闻搜索\n推荐新闻\n- 2016放假安排公布\n自助车管所,“智”在哪?\n(详见第四版)";
        let split = ArticleSplitter.split(page);
        assert_eq!(split.articles.len(), 1);
        assert_eq!(split.articles[0].byline, vec!["■融媒体记者 杨丹丹"]);
        let kinds: Vec<FurnitureKind> = split.furniture.iter().map(|f| f.kind).collect();
        use FurnitureKind::*;
        assert_eq!(
            kinds,
            vec![Navigation, Navigation, Navigation, Teaser, Teaser]
        );
    }

    #[test]
    fn photo_caption_takes_the_headline_printed_below_it() {
        let page = "会议还研究了其他事项。\n\n\n\n省重大项目——科恩新能源智能装备项目位于西太湖科技产业园,总投资10亿元,预计明年2月竣工。徐晶玮 摄\n\n重点项目\n进行时";
        let split = ArticleSplitter.split(page);
        assert_eq!(titles(&split), vec![None, Some("重点项目 进行时")]);
    }

    #[test]
    fn page_without_markers_is_one_article() {
        let page = "这是一段没有任何标记的文字,讲述了城市发展的故事。\n\n第二段继续讲述。";
        let split = ArticleSplitter.split(page);
        assert_eq!(split.articles.len(), 1);
        assert_eq!(split.articles[0].paragraphs.len(), 2);
    }
}
