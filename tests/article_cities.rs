//! Each article of a page gets its own city: a national paper's page with
//! three datelines yields three cities (or none), not the page's majority.

use policy_themes::meta::given::GivenMeta;
use policy_themes::page::PageReader;
use policy_themes::read::Document;

const NATIONAL_PAGE: &str = "人民日报\n2024年10月15日 星期二\n\n\
达州推进秸秆综合利用\n\n\
本报达州10月14日电 记者某某报道:今年以来,当地加快秸秆综合利用,农户收益增加。\n\n\
南京地铁新线开通\n\n\
新华社南京10月14日电 记者某某报道:新线全长30公里,沿线设站20座,方便市民出行。\n\n\
冰雪大世界开园\n\n\
本报哈尔滨10月14日电 记者某某报道:哈尔滨冰雪大世界今天开园,游客踊跃。\n\n\
全国秋粮收获过半\n\n\
新华社北京10月14日电 记者从农业农村部获悉,全国秋粮收获进度过半,各地抢抓晴好天气。\n";

const CITY_PAGE: &str = "咸宁日报\n2024年10月15日 星期二\n\n\
我市召开秋季安全生产会议\n\n\
本报讯 记者某某报道:会议要求各地压实责任,确保安全生产形势稳定,全市上下齐抓共管。\n\n\
中部地区企业对接会举行\n\n\
新华社武汉10月14日电 记者某某报道:对接会上各地企业签约项目十个,总投资超过百亿元。\n";

fn cities(text: &str) -> Vec<(Option<String>, Option<String>, String)> {
    let reader = PageReader::new(GivenMeta::default()).unwrap();
    let read = reader.read(&Document::Page {
        source: "page.txt".into(),
        text: text.into(),
    });
    read.articles
        .into_iter()
        .map(|a| (a.city.city, a.city.code, a.city.evidence))
        .collect()
}

#[test]
fn a_national_page_gives_each_article_its_own_dateline_city_or_none() {
    let got = cities(NATIONAL_PAGE);
    let names: Vec<Option<&str>> = got.iter().map(|(c, _, _)| c.as_deref()).collect();
    assert_eq!(
        names,
        vec![Some("达州"), Some("南京"), Some("哈尔滨"), None],
        "{got:?}"
    );
    assert_eq!(got[0].1.as_deref(), Some("511700"));
    assert!(got[0].2.starts_with("dateline"), "{got:?}");
}

#[test]
fn a_city_paper_is_the_default_and_a_dateline_overrides_it() {
    let got = cities(CITY_PAGE);
    let names: Vec<Option<&str>> = got.iter().map(|(c, _, _)| c.as_deref()).collect();
    assert_eq!(names, vec![Some("咸宁"), Some("武汉")], "{got:?}");
    assert!(got[0].2.contains("the paper's city"), "{got:?}");
}
