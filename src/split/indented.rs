//! Pages whose body paragraphs are indented (`　　…`), as e-papers and
//! their crawlers print them: every article is a headline stack of
//! flush-left lines (引题 / 主标题 / 副题, any of them possibly empty) over
//! indented paragraphs. The indentation, not blank lines or line length,
//! draws the boundaries: a flush-left line after body text starts the next
//! headline stack, so a blank kicker line or a missing separator changes
//! nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::debris::{Debris, debris, is_banner, is_caption};
use super::{
    BYLINE, DATELINE, Furniture, FurnitureKind, MAX_BYLINE_CHARS, PageArticle, SplitPage, TEASER,
};

/// Lines indented like body text for the page to be read this way: a
/// handful, and a fair share of the text lines.
const MIN_INDENTED_LINES: usize = 2;
const MIN_INDENTED_SHARE: f64 = 0.25;
/// A body line this long is a paragraph, not a column-wrapped fragment.
const MIN_PARAGRAPH_CHARS: usize = 6;

/// The indentation most body paragraphs of the page carry, if the page is
/// laid out that way: the leading white space of the most paragraphs
/// (lines long enough to be text).
pub fn body_indent(page: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut text_lines = 0usize;
    for line in page.lines() {
        let trimmed = line.trim_start();
        if trimmed.trim().is_empty() {
            continue;
        }
        text_lines += 1;
        let prefix = &line[..line.len() - trimmed.len()];
        if prefix.is_empty() || trimmed.chars().count() < MIN_PARAGRAPH_CHARS {
            continue;
        }
        match counts.iter_mut().find(|(p, _)| p == prefix) {
            Some((_, n)) => *n += 1,
            None => counts.push((prefix.to_string(), 1)),
        }
    }
    let (prefix, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    let share = n as f64 / text_lines.max(1) as f64;
    (n >= MIN_INDENTED_LINES && share >= MIN_INDENTED_SHARE).then_some(prefix)
}

/// A closing byline set in brackets at the end of a body:
/// `（本报记者 王小明）`, `(记者 张三 通讯员 李四)`.
static CLOSING_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]\s*(本报|新华社|人民日报|全媒体|融媒体|特约|见习|实习)?\s*(记者|通讯员|实习生|评论员)[^()（）。]{1,40}[)）]$")
        .expect("static pattern")
});

/// The blank lines a page usually leaves between two body paragraphs (0 on
/// most pages, 1 on double-spaced ones).
fn paragraph_gap(page: &str, indent: &str) -> usize {
    let mut counts = [0usize; 4];
    let (mut blanks, mut after_body) = (0usize, false);
    for raw in page.lines() {
        if raw.trim().is_empty() {
            blanks += 1;
            continue;
        }
        let body = raw.starts_with(indent);
        if body && after_body {
            counts[blanks.min(3)] += 1;
        }
        after_body = body;
        blanks = 0;
    }
    (0..4)
        .max_by_key(|&g| (counts[g], std::cmp::Reverse(g)))
        .unwrap_or(0)
}

/// A line that only names authors: `本报记者 王小明`, `■记者 张三 通讯员 李四`.
fn is_byline(line: &str) -> bool {
    line.chars().count() <= MAX_BYLINE_CHARS
        && !line.contains(['。', ',', '，', ':', '：', ';', '；', '!', '?', '！', '？'])
        && BYLINE.is_match(line)
        && debris(line) != Some(Debris::BoxLabel)
}

pub fn split(page: &str, indent: &str) -> SplitPage {
    // Lines of one headline stack sit together; a wider gap than a
    // paragraph's twice over separates a headline with no text under it (a
    // photo whose caption the page lacks) from the next stack.
    let stack_gap = 2 * (paragraph_gap(page, indent) + 1);
    let mut walk = Walk::default();
    let mut blanks = 0usize;
    for (i, raw) in page.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            blanks += 1;
            continue;
        }
        if blanks >= stack_gap && !raw.starts_with(indent) {
            walk.headline_alone();
        }
        blanks = 0;
        let indented = raw.starts_with(indent);
        walk.step(i + 1, line, indented);
    }
    walk.finish()
}

#[derive(Debug, Default)]
struct Walk {
    done: Vec<PageArticle>,
    current: Option<PageArticle>,
    /// Flush-left lines waiting for the body they head: (line, text).
    stack: Vec<(usize, String)>,
    /// Bylines met between the stack and the body.
    pending_byline: Vec<String>,
    /// Inside an advert, a photo feature or lottery results: their body
    /// lines are furniture too.
    block: Option<FurnitureKind>,
    furniture: Vec<Furniture>,
}

impl Walk {
    fn step(&mut self, n: usize, line: &str, indented: bool) {
        // Navigation, teasers and date lines are furniture wherever they sit.
        if TEASER.is_match(line) {
            return self.drop_line(n, line, FurnitureKind::Teaser);
        }
        match debris(line) {
            // A date alone after an article's text signs it (a letter's
            // date); only one printed above the text is the page's.
            Some(Debris::Line(FurnitureKind::DateLine))
                if self.stack.is_empty() && self.current.is_some() =>
            {
                return self.body_line(n, line);
            }
            Some(Debris::Line(kind @ (FurnitureKind::Navigation | FurnitureKind::DateLine))) => {
                return self.drop_line(n, line, kind);
            }
            Some(Debris::Line(kind)) if !indented => return self.drop_line(n, line, kind),
            Some(Debris::Block(kind)) if !indented => {
                self.orphan_stack();
                self.close_current();
                self.block = Some(kind);
                return self.drop_line(n, line, kind);
            }
            Some(Debris::BoxLabel) if !indented => return self.body_line(n, line),
            _ => {}
        }
        if indented {
            if let Some(kind) = self.block {
                return self.drop_line(n, line, kind);
            }
            // A byline set as a paragraph (`　　■记者 张三`) under the
            // headline opens the article; at the end it closes it.
            if is_byline(line) {
                if !self.stack.is_empty() || self.current.is_none() {
                    self.pending_byline.push(line.to_string());
                    return;
                }
                if let Some(current) = self.current.as_mut() {
                    current.byline.push(line.to_string());
                    return;
                }
            }
            if CLOSING_BYLINE.is_match(line)
                && self.stack.is_empty()
                && let Some(current) = self.current.as_mut()
            {
                current.byline.push(line.to_string());
                return;
            }
            return self.body_line(n, line);
        }
        self.block = None;
        let sentence_end = line.ends_with('。');
        if is_byline(line) {
            if self.stack.is_empty()
                && let Some(current) = self.current.as_mut()
            {
                current.byline.push(line.to_string());
            } else {
                self.pending_byline.push(line.to_string());
            }
            return;
        }
        // A caption goes with the article it illustrates; between articles
        // it is furniture.
        if is_caption(line) {
            if self.stack.is_empty() && self.current.is_some() {
                return self.body_line(n, line);
            }
            return self.drop_line(n, line, FurnitureKind::PhotoCaption);
        }
        // A flush-left sentence or dateline is body text that lost its
        // indentation, not a headline.
        if sentence_end || DATELINE.is_match(line) {
            return self.body_line(n, line);
        }
        self.stack.push((n, line.to_string()));
    }

    fn drop_line(&mut self, line: usize, text: &str, kind: FurnitureKind) {
        self.furniture.push(Furniture {
            line,
            kind,
            text: text.to_string(),
        });
    }

    fn orphan_stack(&mut self) {
        for (n, text) in std::mem::take(&mut self.stack) {
            self.drop_line(n, &text, FurnitureKind::OrphanHeadline);
        }
        for text in std::mem::take(&mut self.pending_byline) {
            if let Some(current) = self.current.as_mut() {
                current.byline.push(text);
            }
        }
    }

    /// The stack so far heads no text: a headline printed alone (a photo
    /// item without its caption) is an article with no body.
    fn headline_alone(&mut self) {
        if self.stack.is_empty() {
            return;
        }
        self.close_current();
        let stack = std::mem::take(&mut self.stack);
        let first_line = stack[0].0;
        let (title, deck) = choose_title(stack.into_iter().map(|(_, t)| t).collect());
        self.done.push(PageArticle {
            title,
            deck,
            byline: std::mem::take(&mut self.pending_byline),
            first_line,
            boundary: "headline with no text under it",
            ..PageArticle::default()
        });
    }

    fn close_current(&mut self) {
        if let Some(a) = self.current.take() {
            self.done.push(a);
        }
    }

    fn body_line(&mut self, n: usize, line: &str) {
        // A lone flush-left line ending in a colon right over body text is a
        // letter's salutation (`…全体成员：`), not a headline; a kicker
        // ending in a colon has its headline under it.
        if let [(_, only)] = self.stack.as_slice()
            && only.ends_with([':', '：'])
            && self.pending_byline.is_empty()
            && let Some(current) = self.current.as_mut()
        {
            current
                .paragraphs
                .push(std::mem::take(&mut self.stack)[0].1.clone());
            current.paragraphs.push(line.to_string());
            return;
        }
        let heads_new = !self.stack.is_empty() || !self.pending_byline.is_empty();
        if heads_new || self.current.is_none() {
            self.close_current();
            let stack = std::mem::take(&mut self.stack);
            let boundary = if !stack.is_empty() {
                "headline stack over indented body"
            } else if !self.pending_byline.is_empty() {
                "byline over indented body"
            } else {
                "page starts with body text"
            };
            let first_line = stack.first().map_or(n, |(l, _)| *l);
            let (title, deck) = choose_title(stack.into_iter().map(|(_, t)| t).collect());
            self.current = Some(PageArticle {
                title,
                deck,
                byline: std::mem::take(&mut self.pending_byline),
                paragraphs: vec![line.to_string()],
                first_line,
                boundary,
            });
            return;
        }
        if let Some(current) = self.current.as_mut() {
            current.paragraphs.push(line.to_string());
        }
    }

    fn finish(mut self) -> SplitPage {
        self.orphan_stack();
        self.close_current();
        self.furniture.sort_by_key(|f| f.line);
        SplitPage {
            articles: self.done,
            furniture: self.furniture,
        }
    }
}

/// Picks the main headline of a stack of flush-left lines. Bracketed column
/// banners and `——` subheadlines are deck. Of the rest, one line is the
/// headline; of two, the lower (a kicker sits above the headline far more
/// often than a plain subheadline below it); of three or more, the second
/// (kicker, headline, subheadline).
fn choose_title(lines: Vec<String>) -> (Option<String>, Vec<String>) {
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| !is_banner(&lines[i]) && !lines[i].starts_with(['—', '-']))
        .collect();
    let main = match candidates.len() {
        0 => lines.len().checked_sub(1),
        1 => Some(candidates[0]),
        _ => Some(candidates[1]),
    };
    let Some(main) = main else {
        return (None, Vec::new());
    };
    let mut deck = lines;
    let title = deck.remove(main);
    (Some(title), deck)
}

#[cfg(test)]
mod tests {
    use super::super::ArticleSplitter;
    use super::*;

    /// Normalised the way the reader sees pages: `　　` is two spaces.
    fn split_page(page: &str) -> SplitPage {
        ArticleSplitter.split(&page.replace('\u{3000}', " "))
    }

    fn titles(page: &SplitPage) -> Vec<&str> {
        page.articles
            .iter()
            .map(|a| a.title.as_deref().unwrap_or(""))
            .collect()
    }

    fn furniture(page: &SplitPage) -> Vec<(FurnitureKind, &str)> {
        page.furniture
            .iter()
            .map(|f| (f.kind, f.text.as_str()))
            .collect()
    }

    #[test]
    fn headline_stacks_with_blank_slots_start_articles() {
        // Kicker / headline / subheadline, any empty; no separator needed.
        let page = "\n人勤春早农事忙\n\n　　早春时节，各地农民走进田间地头。\n\n\n找到自己的“燃”点（人民论坛）\n\n　　“超燃”“燃爆了”成了流行语。\n\n山东菏泽市夹河赵村第一书记姜浩成\n让村子发展有后劲\n\n　　春节前夕，姜浩成召开组织生活会。\n去年我国航班正常率80.13%\n为2010年以来最高水平\n　　本报北京2月12日电  （记者赵展慧）记者12日获悉。\n";
        let split = split_page(page);
        assert_eq!(
            titles(&split),
            vec![
                "人勤春早农事忙",
                "找到自己的“燃”点（人民论坛）",
                "让村子发展有后劲",
                "为2010年以来最高水平",
            ]
        );
        assert_eq!(
            split.articles[2].deck,
            vec!["山东菏泽市夹河赵村第一书记姜浩成"]
        );
        assert!(split.furniture.is_empty());
    }

    #[test]
    fn dash_subheadline_and_banner_are_deck() {
        let page = "【民生】\n构建良好政治生态 推动经济爬坡过坎\n——辽宁落实重要讲话精神纪实\n　　党的十八大以来，辽宁认真贯彻落实。\n　　辽宁找准工作重点，推进干部作风转变。\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["构建良好政治生态 推动经济爬坡过坎"]);
        assert_eq!(
            split.articles[0].deck,
            vec!["【民生】", "——辽宁落实重要讲话精神纪实"]
        );
    }

    #[test]
    fn a_headline_with_no_text_under_it_is_a_short_article() {
        let page = "　　风从东方来，万千气象新。\n\n\n初雪\n\n \n\n王勇强调\n标准引领创新发展\n\n　　新华社上海10月22日电  国务委员王勇出席大会。\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["", "初雪", "标准引领创新发展"]);
        assert!(split.articles[1].paragraphs.is_empty());
    }

    #[test]
    fn web_page_debris_is_furniture() {
        let page = "市委召开全会_江城晚报\n\n市委召开全会\n2026-03-28\n　　本报讯（记者 王小明）3月27日，市委召开全会。\n　　会议强调，要扎实推进各项工作。\n<<上一篇 下一篇>>\n返回主页\n返回目录\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["市委召开全会"]);
        assert_eq!(split.articles[0].paragraphs.len(), 2);
        use FurnitureKind::*;
        assert_eq!(
            furniture(&split),
            vec![
                (PageTitle, "市委召开全会_江城晚报"),
                (DateLine, "2026-03-28"),
                (Navigation, "<<上一篇 下一篇>>"),
                (Navigation, "返回主页"),
                (Navigation, "返回目录"),
            ]
        );
    }

    #[test]
    fn photo_credits_and_captions_are_never_articles() {
        let page = "老旧小区改造启动\n　　本市今年将改造老旧小区120个。\n记者 张三 摄\n制图 李四\n企业供图\n新华社发\n图片报道\n　　3月27日，市民在公园赏花。\n　　记者 赵六 摄\n美丽乡村\n　　游客在村里观光。（新华社记者 钱七摄）\n3月28日，游客在花海中拍照 记者 周八 摄\n";
        let split = split_page(page);
        // A headline over a caption is a short item; the photo feature
        // under `图片报道` is furniture.
        assert_eq!(titles(&split), vec!["老旧小区改造启动", "美丽乡村"]);
        // A flush-left caption after an article's text stays with it.
        assert_eq!(
            split.articles[1].paragraphs.last().map(String::as_str),
            Some("3月28日，游客在花海中拍照 记者 周八 摄")
        );
        use FurnitureKind::*;
        assert_eq!(
            furniture(&split),
            vec![
                (PhotoCredit, "记者 张三 摄"),
                (PhotoCredit, "制图 李四"),
                (PhotoCredit, "企业供图"),
                (PhotoCredit, "新华社发"),
                (PhotoCaption, "图片报道"),
                (PhotoCaption, "3月27日，市民在公园赏花。"),
                (PhotoCaption, "记者 赵六 摄"),
            ]
        );
    }

    #[test]
    fn adverts_lottery_colophon_and_editors_notes_are_furniture() {
        let page = "春耕正当时\n　　各地抓紧春耕。\n广告\n　　诚招加盟，热线电话12345678。\n体彩开奖公告\n　　大乐透第26032期开奖号码：01 05 12 23 30\n本报地址：江城市解放路1号\n邮发代号：37-25\n——编者\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["春耕正当时"]);
        assert_eq!(split.articles[0].paragraphs, vec!["各地抓紧春耕。"]);
        use FurnitureKind::*;
        let kinds: Vec<FurnitureKind> = split.furniture.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Advert, Advert, Lottery, Lottery, Colophon, Colophon, EditorNote
            ]
        );
    }

    #[test]
    fn boxes_bylines_and_continuations_stay_with_their_article() {
        let page = "脱贫攻坚看海雀\n本报记者 王小明\n核心阅读\n　　海雀村艰苦奋斗34年。\n（上接第一版）\n　　村民收入大幅提高。\n记者手记\n　　变化来自奋斗。\n　　（本报记者 王小明）\n　　（下转第四版）\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["脱贫攻坚看海雀"]);
        let a = &split.articles[0];
        assert_eq!(a.byline, vec!["本报记者 王小明", "（本报记者 王小明）"]);
        assert_eq!(
            a.paragraphs,
            vec![
                "核心阅读",
                "海雀村艰苦奋斗34年。",
                "村民收入大幅提高。",
                "记者手记",
                "变化来自奋斗。"
            ]
        );
        let kinds: Vec<FurnitureKind> = split.furniture.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, vec![FurnitureKind::Teaser, FurnitureKind::Teaser]);
    }

    #[test]
    fn a_letter_keeps_its_salutation_and_its_date() {
        let page = "习近平给老人回信\n　　回信\n澳门街坊总会全体成员：\n　　你们好！看到你们的来信，我很高兴。\n　　祝你们生活幸福，健康长寿！\n　　习近平\n2019年10月6日\n";
        let split = split_page(page);
        assert_eq!(titles(&split), vec!["习近平给老人回信"]);
        let a = &split.articles[0];
        assert_eq!(a.paragraphs[1], "澳门街坊总会全体成员：");
        assert_eq!(
            a.paragraphs.last().map(String::as_str),
            Some("2019年10月6日")
        );
        assert!(split.furniture.is_empty());
    }

    #[test]
    fn a_page_of_one_long_article_stays_one() {
        let body = "　　这是一段很长的正文，讲述城市发展的故事。\n".repeat(30);
        let page = format!("城市发展纪事\n{body}");
        let split = split_page(&page);
        assert_eq!(titles(&split), vec!["城市发展纪事"]);
        assert_eq!(split.articles[0].paragraphs.len(), 30);
    }

    #[test]
    fn crlf_and_html_spaces_do_not_change_the_split() {
        let plain =
            "人勤春早农事忙\n\n　　早春时节，农民走进田间。\n\n春耕正当时\n　　各地抓紧春耕。\n";
        let crlf = plain
            .replace('\n', "\r\n")
            .replace("\r\n\r\n", "\r\n\u{a0}\u{a0}\r\n");
        let normalizer = crate::normalize::Normalizer::standard().expect("tables load");
        let a = ArticleSplitter.split(&normalizer.normalize(plain));
        let b = ArticleSplitter.split(&normalizer.normalize(&crlf));
        assert_eq!(titles(&a), titles(&b));
        assert_eq!(titles(&a), vec!["人勤春早农事忙", "春耕正当时"]);
    }
}
