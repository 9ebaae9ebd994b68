//! Theme cards: what is each theme about? One card per theme: the terms
//! that set it apart as horizontal bars, and two titles of the articles
//! closest to its centre, so a reader sees the theme in the papers' words.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::kit::{
    Area, Chart, ChartError, DrawResult, Grid, Header, KEY_W, MUTED, NO_DATA, RULE, ThemeStyle,
    article_count, draw_bar, draw_theme_title, finite, fit, font, message_chart, note, render,
    text_width, widest,
};
use crate::normalize::{ChinesePunctuation, TextFilter};
use crate::report::ThemeSummary;
use crate::themes::TermWeight;

const FILE: &str = "theme_terms.svg";
const TITLE: &str = "主题卡片：代表词与例文 Theme cards: top terms and example titles";
const TERMS_PER_CARD: usize = 8;
const TITLES_PER_CARD: usize = 2;
const CARD_TITLE_H: i32 = 30;
const BAR_ROW_H: i32 = 22;
const EXAMPLE_H: i32 = 19;
const TERM_PX: f64 = 12.0;
const EXAMPLE_PX: f64 = 12.0;
const VALUE_W: i32 = 48;
const CARD_H: i32 =
    CARD_TITLE_H + TERMS_PER_CARD as i32 * BAR_ROW_H + 8 + TITLES_PER_CARD as i32 * EXAMPLE_H + 22;

pub(super) fn theme_cards(themes: &[ThemeSummary]) -> Result<Chart, ChartError> {
    let header = Header {
        title: TITLE,
        notes: vec![
            format!("每个主题前 {TERMS_PER_CARD} 个词与两篇例文标题；括号内为文章数 · top {TERMS_PER_CARD} terms and two example titles per theme; (n) = articles"),
            "条长：词权重（类别 TF-IDF），各卡片刻度不同 · bar length = term weight (class-based TF-IDF), scaled per card".into(),
        ],
        caption: "One card per theme, largest first: the terms that set its articles apart from the \
                  rest (class-based TF-IDF; bars are scaled within each card) and the titles of the two \
                  articles closest to the theme's centre."
            .into(),
    };
    if themes.is_empty() {
        return message_chart(FILE, &header, NO_DATA);
    }
    let terms: Vec<Vec<&TermWeight>> = themes
        .iter()
        .map(|t| top_terms(&t.theme.top_terms))
        .collect();
    let widest_term = widest(terms.iter().flatten().map(|t| &t.term), TERM_PX);
    let layout = CardLayout {
        grid: Grid {
            top: header.height(),
            cols: 3,
            panel_h: CARD_H,
        },
        term_w: widest_term.ceil().clamp(36.0, 110.0) as i32,
    };
    render(FILE, &header, layout.grid.height(themes.len()), |root| {
        for (i, (summary, terms)) in themes.iter().zip(&terms).enumerate() {
            layout.draw_card(root, i, summary, terms)?;
        }
        Ok(())
    })
}

/// The strongest terms by weight (ties keep the given order).
fn top_terms(terms: &[TermWeight]) -> Vec<&TermWeight> {
    let mut sorted: Vec<&TermWeight> = terms.iter().collect();
    sorted.sort_by(|a, b| finite(b.weight).total_cmp(&finite(a.weight)));
    sorted.truncate(TERMS_PER_CARD);
    sorted
}

struct CardLayout {
    grid: Grid,
    /// Room for the term labels, the same on every card so bars line up.
    term_w: i32,
}

impl CardLayout {
    fn draw_card(
        &self,
        root: &Area,
        index: usize,
        summary: &ThemeSummary,
        terms: &[&TermWeight],
    ) -> DrawResult {
        let (x, y) = self.grid.origin(index);
        let width = self.grid.panel_w();
        let style = ThemeStyle::nth(index);
        let count = format!(" {}", article_count(summary.articles));
        draw_theme_title(
            root,
            (x, y + CARD_TITLE_H / 2),
            width,
            style,
            (&summary.theme.name, &count),
        )?;
        let bars_y = y + CARD_TITLE_H;
        if terms.is_empty() {
            root.draw_text(
                "无代表词 no terms",
                &note(TERM_PX, (HPos::Left, VPos::Top)),
                (x + KEY_W, bars_y + 4),
            )?;
        } else {
            self.draw_bars(root, (x, bars_y), style, terms)?;
        }
        let examples_y = bars_y + TERMS_PER_CARD as i32 * BAR_ROW_H + 8;
        self.draw_examples(root, (x, examples_y), width, &summary.example_titles)
    }

    fn draw_bars(
        &self,
        root: &Area,
        (x, bars_y): (i32, i32),
        style: ThemeStyle,
        terms: &[&TermWeight],
    ) -> DrawResult {
        let bar_x = x + self.term_w + 8;
        // The bars' common baseline doubles as the card's value axis.
        let axis_bottom = bars_y + terms.len() as i32 * BAR_ROW_H;
        root.draw(&PathElement::new(
            vec![(bar_x, bars_y), (bar_x, axis_bottom)],
            RULE.stroke_width(1),
        ))?;
        let max = terms.iter().map(|t| finite(t.weight)).fold(0.0, f64::max);
        let room = self.grid.panel_w() - self.term_w - 8 - VALUE_W - 12;
        for (j, term) in terms.iter().enumerate() {
            let row_y = bars_y + j as i32 * BAR_ROW_H;
            let mid = row_y + BAR_ROW_H / 2;
            let label = font(TERM_PX).pos(Pos::new(HPos::Right, VPos::Center));
            let text = fit(&term.term, TERM_PX, f64::from(self.term_w));
            root.draw_text(&text, &label, (bar_x - 6, mid))?;
            let scaled = if max > 0.0 {
                finite(term.weight) / max
            } else {
                0.0
            };
            let length = (scaled * f64::from(room)).round() as i32;
            if length > 0 {
                draw_bar(
                    root,
                    [(bar_x, row_y + 4), (bar_x + length, row_y + BAR_ROW_H - 4)],
                    style,
                )?;
            }
            let weight = format_weight(finite(term.weight));
            root.draw_text(
                &weight,
                &note(11.0, (HPos::Left, VPos::Center)),
                (bar_x + length + 4, mid),
            )?;
        }
        Ok(())
    }

    /// Example titles in quotes, one line each, cut to the card's width.
    fn draw_examples(
        &self,
        root: &Area,
        (x, y): (i32, i32),
        width: i32,
        titles: &[String],
    ) -> DrawResult {
        let room = f64::from(width - 24);
        let style = font(EXAMPLE_PX)
            .color(&MUTED)
            .pos(Pos::new(HPos::Left, VPos::Center));
        if titles.is_empty() {
            return root.draw_text("（无标题 no titles）", &style, (x + 4, y + EXAMPLE_H / 2));
        }
        for (j, title) in titles.iter().take(TITLES_PER_CARD).enumerate() {
            let line_y = y + j as i32 * EXAMPLE_H + EXAMPLE_H / 2;
            root.draw_text(&quote(title, EXAMPLE_PX, room), &style, (x + 4, line_y))?;
        }
        Ok(())
    }
}

/// `title` in Chinese double quotes, with Chinese punctuation (see
/// [`ChinesePunctuation`]), cut to fit `room` inside them. Quotes
/// the title already holds become single quotes, as Chinese nests them, so
/// a title that starts or ends with a quotation does not read `““…””`.
fn quote(title: &str, px: f64, room: f64) -> String {
    let inner: String = ChinesePunctuation
        .apply(title.trim())
        .chars()
        .map(|c| match c {
            '“' => '‘',
            '”' => '’',
            c => c,
        })
        .collect();
    let marks = text_width("“”", px);
    format!("“{}”", fit(&inner, px, room - marks))
}

/// Three significant digits: c-TF-IDF weights may be 0.0123 or 12.3.
fn format_weight(w: f64) -> String {
    if w <= 0.0 {
        return "0".into();
    }
    let decimals = (2.0 - w.log10().floor()).clamp(0.0, 6.0) as usize;
    format!("{w:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn cards_show_terms_counts_and_two_example_titles() {
        let mut sample = sample();
        sample.themes[0].example_titles.push("第三个标题".into());
        let texts = svg_texts(&theme_cards(&sample.themes).unwrap().svg);
        assert!(texts.iter().any(|t| t == "生态环保 (4)"));
        assert!(texts.iter().any(|t| t == "河长"));
        assert!(texts.iter().any(|t| t == "“咸宁推进河长制”"));
        assert!(texts.iter().any(|t| t == "“常州整治黑臭水体”"));
        assert!(!texts.iter().any(|t| t.contains("第三个标题")));
        assert!(
            texts
                .iter()
                .any(|t| t.contains(r#"<script>alert("x")</script>"#))
        );
    }

    #[test]
    fn quoted_titles_nest_their_own_quotes_and_keep_the_closing_mark() {
        assert_eq!(
            quote("打造“15分钟便民生活服务圈”", 12.0, 1000.0),
            "“打造‘15分钟便民生活服务圈’”"
        );
        assert_eq!(
            quote(" “十四五”期间全国水生态环境 ", 12.0, 1000.0),
            "“‘十四五’期间全国水生态环境”"
        );
        let cut = quote("打造“15分钟便民生活服务圈”", 12.0, 120.0);
        assert_eq!(cut, "“打造‘15分钟…”");
        assert!(text_width(&cut, 12.0) <= 120.0);
    }

    #[test]
    fn top_terms_are_the_heaviest_eight() {
        let terms: Vec<TermWeight> = (0..10)
            .map(|i| TermWeight {
                term: format!("t{i}"),
                weight: f64::from(i),
            })
            .chain([TermWeight {
                term: "nan".into(),
                weight: f64::NAN,
            }])
            .collect();
        let top: Vec<&str> = top_terms(&terms).iter().map(|t| t.term.as_str()).collect();
        assert_eq!(top, ["t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2"]);
    }

    #[test]
    fn weights_keep_three_significant_digits() {
        assert_eq!(format_weight(0.03127), "0.0313");
        assert_eq!(format_weight(12.34), "12.3");
        assert_eq!(format_weight(0.0), "0");
    }
}
