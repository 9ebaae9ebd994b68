//! Crawled e-paper pages read whole, as `run` reads them: for each kind of
//! crawl debris, what becomes an article, what becomes furniture, and what
//! date results. Each page is a few lines in the shape real e-paper pages
//! take (headline stacks over `　　`-indented paragraphs, CRLF line ends).

use policy_themes::meta::given::{GivenMeta, NamePattern};
use policy_themes::page::{PageRead, PageReader};
use policy_themes::read::Document;

fn read_page(name: &str, page: &str, given: GivenMeta) -> PageRead {
    let reader = PageReader::new(given).expect("tables load");
    reader.read(&Document::Page {
        source: name.to_string(),
        text: page.replace('\n', "\r\n"),
    })
}

fn plain(page: &str) -> PageRead {
    read_page("晚报_2026-03-28_01.txt", page, GivenMeta::default())
}

fn titles(page: &PageRead) -> Vec<&str> {
    page.articles
        .iter()
        .map(|a| a.title.as_deref().unwrap_or(""))
        .collect()
}

fn furniture(page: &PageRead) -> Vec<(&str, &str)> {
    page.furniture
        .iter()
        .map(|f| (f.furniture.kind.as_str(), f.furniture.text.as_str()))
        .collect()
}

fn dates(page: &PageRead) -> Vec<String> {
    page.articles.iter().map(|a| a.date.date.to_iso()).collect()
}

fn events(page: &PageRead) -> Vec<String> {
    page.articles
        .iter()
        .map(|a| a.date.event.map(|e| e.to_iso()).unwrap_or_default())
        .collect()
}

#[test]
fn web_page_title_navigation_and_date_line() {
    let page = "市委召开全会部署全年工作_江城晚报\n\n\n市委召开全会部署全年工作\n2026-03-28\n　　本报讯（记者 王小明）3月27日，市委召开全会。\n　　会议强调，要扎实推进各项工作。\n<<上一篇 下一篇>>\n返回主页\n返回目录\n";
    let read = plain(page);
    assert_eq!(titles(&read), vec!["市委召开全会部署全年工作"]);
    assert_eq!(
        furniture(&read),
        vec![
            ("page_title", "市委召开全会部署全年工作_江城晚报"),
            ("date_line", "2026-03-28"),
            ("navigation", "<<上一篇 下一篇>>"),
            ("navigation", "返回主页"),
            ("navigation", "返回目录"),
        ]
    );
    // The date line is the issue date; the dateline is the event's day.
    assert_eq!(dates(&read), vec!["2026-03-28"]);
    assert_eq!(events(&read), vec!["2026-03-27"]);
}

#[test]
fn photo_credits_captions_and_short_photo_items() {
    let page = "老旧小区改造启动\n　　本市今年将改造老旧小区120个，涉及居民3万余户。\n记者 张三 摄\n制图 李四\n企业供图\n\n图片报道\n　　3月27日，市民在公园赏花。\n新华社发\n\n美丽乡村\n　　游客在村里观光。\n";
    let read = plain(page);
    assert_eq!(titles(&read), vec!["老旧小区改造启动", "美丽乡村"]);
    let kinds: Vec<&str> = furniture(&read).iter().map(|f| f.0).collect();
    assert_eq!(
        kinds,
        vec![
            "photo_credit",
            "photo_credit",
            "photo_credit",
            "photo_caption",
            "photo_caption",
            "photo_credit"
        ]
    );
    // Nothing on the page states when it was printed.
    assert_eq!(dates(&read), vec!["", ""]);
}

#[test]
fn adverts_lottery_results_colophon_and_editors_notes() {
    let page = "春耕正当时\n　　各地抓紧春耕，农资供应充足。\n广告\n　　诚招加盟，热线电话12345678。\n体彩开奖公告\n　　大乐透第26032期开奖号码：01 05 12 23 30\n本报地址：江城市解放路1号\n邮发代号：37-25\n——编者\n";
    let read = plain(page);
    assert_eq!(titles(&read), vec!["春耕正当时"]);
    let kinds: Vec<&str> = furniture(&read).iter().map(|f| f.0).collect();
    assert_eq!(
        kinds,
        vec![
            "advert",
            "advert",
            "lottery",
            "lottery",
            "colophon",
            "colophon",
            "editor_note"
        ]
    );
    assert_eq!(dates(&read), vec![""]);
}

#[test]
fn boxes_bylines_datelines_and_continuations() {
    let page = "脱贫攻坚看海雀\n本报记者 王小明\n核心阅读\n　　本报毕节2月12日电  海雀村艰苦奋斗34年。\n（上接第一版）\n　　村民收入大幅提高。\n记者手记\n　　变化来自奋斗。\n　　（下转第四版）\n\n\n短评：让奋斗成为习惯\n　　■记者 李华\n　　奋斗是幸福的底色。\n　　（本报记者 李华）\n";
    let read = plain(page);
    assert_eq!(titles(&read), vec!["脱贫攻坚看海雀", "短评:让奋斗成为习惯"]);
    assert_eq!(read.articles[0].byline, vec!["本报记者 王小明"]);
    assert!(read.articles[0].body.contains("记者手记"));
    assert_eq!(
        read.articles[1].byline,
        vec!["■记者 李华", "(本报记者 李华)"]
    );
    let kinds: Vec<&str> = furniture(&read).iter().map(|f| f.0).collect();
    assert_eq!(kinds, vec!["teaser", "teaser"]);
    // A dateline with no year anywhere dates nothing.
    assert_eq!(dates(&read), vec!["", ""]);
    assert!(read.articles[0].date.evidence.contains("no year"));
}

#[test]
fn a_past_event_in_the_body_never_dates_the_page() {
    // The page names 2018 often, about a past event; its dateline is the
    // report's day. No year is tied to the time of writing: unknown.
    let page = "\n总书记的牵挂\n\n　　新华社哈尔滨2月25日电  2018年9月26日上午，习近平来到黑龙江。\n　　2018年，全省粮食产量再创新高，2018年农民收入增长。\n\n黑土地上春耕忙\n\n　　各地抓紧备耕。\n";
    let read = plain(page);
    assert_eq!(titles(&read), vec!["总书记的牵挂", "黑土地上春耕忙"]);
    assert_eq!(dates(&read), vec!["", ""]);
    assert!(
        read.articles[0].date.evidence.contains("not tied"),
        "{}",
        read.articles[0].date.evidence
    );
    // With the issue date from the file name, every article carries it and
    // the dateline resolves to the day before.
    let pattern = NamePattern::parse("{newspaper}_{date}_{any}.txt").expect("pattern");
    let given = GivenMeta {
        manifest: None,
        pattern: Some(pattern),
    };
    let read = read_page("人民日报_2019-02-26_04.txt", page, given);
    assert_eq!(dates(&read), vec!["2019-02-26", "2019-02-26"]);
    assert_eq!(events(&read), vec!["2019-02-25", ""]);
}

#[test]
fn a_page_with_no_markers_is_one_article() {
    let page = "　　这是一段没有任何标记的文字，讲述了城市发展的故事。\n　　第二段继续讲述城市发展的故事。\n";
    let read = plain(page);
    assert_eq!(read.articles.len(), 1);
    assert!(read.furniture.is_empty());
}
