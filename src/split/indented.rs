//! Pages whose body paragraphs are indented (`　　…`), as e-papers and
//! their crawlers print them: every article is a headline stack of
//! flush-left lines (引题 / 主标题 / 副题, any of them possibly empty) over
//! indented paragraphs. The indentation, not blank lines or line length,
//! draws the boundaries: a flush-left line after body text starts the next
//! headline stack, so a blank kicker line or a missing separator changes
//! nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::debris::{Debris, debris, is_banner};
use super::{
    BYLINE, DATELINE, Furniture, FurnitureKind, MAX_BYLINE_CHARS, PageArticle, SplitPage, TEASER,
};

/// Lines indented like body text for the page to be read this way: a
/// handful, and a fair share of the text lines.
const MIN_INDENTED_LINES: usize = 3;
const MIN_INDENTED_SHARE: f64 = 0.3;
/// A body line this long is a paragraph, not a column-wrapped fragment.
const MIN_PARAGRAPH_CHARS: usize = 12;

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
    /// Bylines and box labels met between the stack and the body.
    pending_byline: Vec<String>,
    pending_body: Vec<String>,
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
            if CLOSING_BYLINE.is_match(line) && self.stack.is_empty() {
                if let Some(current) = self.current.as_mut() {
                    current.byline.push(line.to_string());
                    return;
                }
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
            let mut paragraphs = std::mem::take(&mut self.pending_body);
            paragraphs.push(line.to_string());
            self.current = Some(PageArticle {
                title,
                deck,
                byline: std::mem::take(&mut self.pending_byline),
                paragraphs,
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
        2 => Some(candidates[1]),
        _ => Some(candidates[1]),
    };
    let Some(main) = main else {
        return (None, Vec::new());
    };
    let mut deck = lines;
    let title = deck.remove(main);
    (Some(title), deck)
}
