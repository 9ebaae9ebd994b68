//! Saved web and e-paper pages (`.html`, `.htm`) as page text: parsed with
//! a real HTML parser (html5ever, through `scraper`), so broken markup,
//! entities and comments are handled as a browser would. Block elements
//! become lines, the way the page shows them, because page splitting reads
//! line structure (headline lines, indented paragraphs); scripts, styles,
//! navigation and the `<head>` carry no article text and are dropped.

use scraper::{ElementRef, Html, Node};

use crate::normalize::is_han;

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "nav", "noscript", "template", "svg", "iframe", "button", "select",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The visible text of an HTML document, one line per block, lines trimmed
/// of ASCII whitespace and blank lines dropped. Runs of ASCII whitespace
/// inside a line become one space, as a browser shows them; a full-width
/// space (U+3000), which Chinese pages indent paragraphs with, is text.
pub fn html_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut text = Text::default();
    walk(document.root_element(), &mut text);
    text.out
        .split('\n')
        .map(|line| line.trim_matches(|c: char| c.is_ascii_whitespace()))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn walk(element: ElementRef, out: &mut Text) {
    let name = element.value().name();
    if DROPPED.contains(&name) {
        return;
    }
    let block = BLOCKS.contains(&name);
    if block || name == "br" {
        out.line_break();
    }
    for child in element.children() {
        if let Some(child) = ElementRef::wrap(child) {
            walk(child, out);
        } else if let Node::Text(text) = child.value() {
            out.push(text);
        }
    }
    if block {
        out.line_break();
    }
}

/// The text being collected, with the whitespace run seen last and not yet
/// written: whether it becomes a space depends on the character after it.
#[derive(Default)]
struct Text {
    out: String,
    /// A run of ASCII whitespace is pending; `true` if it held a line break.
    pending: Option<bool>,
}

impl Text {
    /// Appends `text`, each run of ASCII whitespace as one space, except a
    /// run with a line break between two Chinese characters, which is only
    /// the source's line wrapping (CSS's segment-break rule for Chinese).
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                let breaks = self.pending == Some(true) || c == '\n' || c == '\r';
                self.pending = Some(breaks);
                continue;
            }
            if let Some(breaks) = self.pending.take() {
                let wrapped =
                    breaks && self.out.chars().next_back().is_some_and(is_wide) && is_wide(c);
                if !wrapped && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
            }
            self.out.push(c);
        }
    }

    fn line_break(&mut self) {
        self.pending = None;
        self.out.push('\n');
    }
}

/// A Chinese character or full-width punctuation.
fn is_wide(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_chrome_is_dropped() {
        let page = r#"<!DOCTYPE html><html><head><title>咸宁日报</title>
            <style>p { color: red }</style><script>var x = "<p>不是正文</p>";</script></head>
            <body><nav><a href="/">首页</a> | <a href="/a">要闻</a></nav>
            <h1>咸宁四季度集中开工项目146个</h1>
            <p>　　本报讯 12月5日，我市举行
               四季度重大项目集中开工活动。</p>
            <p>总投资&nbsp;325亿元<br>涉及先进制造业 &amp; 基础设施</p>
            <div><span>来源：</span><span>咸宁日报</span></div>
            <!-- 注释 --></body></html>"#;
        assert_eq!(
            html_text(page),
            "咸宁四季度集中开工项目146个\n\
             \u{3000}\u{3000}本报讯 12月5日，我市举行四季度重大项目集中开工活动。\n\
             总投资\u{a0}325亿元\n\
             涉及先进制造业 & 基础设施\n\
             来源：咸宁日报"
        );
    }
}
