//! `report.html`: the one page a researcher opens first. Self-contained —
//! no scripts, no network, charts inline as SVG — so it can be mailed,
//! archived or opened from a USB stick and look the same.
//!
//! Every text that came from the articles (titles, terms, city and theme
//! names) passes through [`escape`]; the SVG charts were escaped for XML
//! when drawn. Nothing in the page depends on the time or the machine, so
//! the same run gives the same bytes.

use std::fmt::Write;

use crate::model::OTHER;
use crate::normalize::{ChinesePunctuation, TextFilter};
use crate::output::summary::{Summary, summary};
use crate::output::svg::{Chart, theme_swatch};
use crate::output::{csv, k_choice, summary};
use crate::plural::count;
use crate::report::RunResult;
use crate::trends::LEADING_CITIES_RANKING;

/// The swatch of the `other` row: a neutral grey, not a theme's colour.
const OTHER_SWATCH: &str = "background:#bbbbbb;border:2px solid #bbbbbb;border-radius:0";

/// Terms shown per theme in the table.
const TABLE_TERMS: usize = 8;
/// Example titles shown per theme in the table.
const TABLE_TITLES: usize = 2;

const STYLE: &str = "
body { margin: 0; background: #fafafa; color: #222;
  font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei',
    'WenQuanYi Micro Hei', sans-serif; line-height: 1.5; }
main { max-width: 1140px; margin: 0 auto; padding: 24px 20px 48px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 40px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.lead { font-size: 16px; color: #444; }
nav ol { columns: 2; color: #444; }
a { color: #1d5fa0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e4e4e4; }
th { background: #f3f3f3; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { white-space: nowrap; }
.swatch { display: inline-block; width: 8px; height: 8px; margin-right: 6px;
  vertical-align: 0; box-sizing: content-box; }
.muted { color: #666; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 14px; color: #444; margin-top: 6px; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 14px; }
dl.settings dt { font-weight: bold; }
dl.settings dd { margin: 0; }
";

/// `text` safe anywhere in HTML text or a quoted attribute value. Control
/// characters, which HTML forbids, become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The page, with `charts` (as drawn for this run) inline.
pub fn report_html(run: &RunResult, charts: &[Chart]) -> String {
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>政策主题报告 Policy themes report</title>\n");
    let _ = writeln!(page, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    page.push_str("<h1>政策主题报告 Policy themes report</h1>\n");
    let s = summary(run);
    let _ = writeln!(page, "<p class=\"lead\">{}</p>", escape(&lead(run, &s)));
    contents(&mut page, charts);
    themes_table(&mut page, &s);
    for (i, chart) in charts.iter().enumerate() {
        figure(&mut page, i + 1, chart);
    }
    settings(&mut page, &s, run.k_choice.is_some());
    data_files(&mut page, run.k_choice.is_some());
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn lead(run: &RunResult, s: &Summary) -> String {
    let periods = run.trends.known_periods();
    let span = match (periods.first(), periods.last()) {
        (Some(first), Some(last)) if first != last => format!(", dated {first} to {last}"),
        (Some(only), _) => format!(", dated {only}"),
        _ => String::new(),
    };
    format!(
        "{} from {} in {}, from {} ({} with no known city){span}. \
         Which themes does each city push, how do themes rise and fall, and which \
         city took a theme up first?",
        count(s.counts.articles, "article"),
        count(s.counts.files, "input file"),
        count(run.themes.len(), "theme"),
        count(s.counts.cities, "known city"),
        count(s.counts.unknown_city, "article"),
    )
}

fn contents(page: &mut String, charts: &[Chart]) {
    page.push_str("<nav><ol>\n<li><a href=\"#themes\">主题一览 Themes</a></li>\n");
    for (i, chart) in charts.iter().enumerate() {
        let _ = writeln!(
            page,
            "<li><a href=\"#chart-{}\">{}</a></li>",
            i + 1,
            escape(&chart.title)
        );
    }
    page.push_str("<li><a href=\"#settings\">运行设置 Run settings</a></li>\n");
    page.push_str("<li><a href=\"#files\">数据文件 Data files</a></li>\n</ol></nav>\n");
}

fn themes_table(page: &mut String, s: &Summary) {
    page.push_str("<section id=\"themes\">\n<h2>主题一览 Themes</h2>\n<table>\n");
    page.push_str(
        "<tr><th>theme</th><th>id</th><th>articles</th><th>share</th>\
         <th>top terms</th><th>leading cities</th><th>example titles</th></tr>\n",
    );
    let _ = writeln!(
        page,
        "<caption>Shares add up to every article, other (the articles no theme took) included. \
         Leading cities: {}.</caption>",
        escape(LEADING_CITIES_RANKING)
    );
    for (i, t) in s.themes.iter().enumerate() {
        let terms: Vec<&str> = t.top_terms.iter().take(TABLE_TERMS).copied().collect();
        let cities: Vec<String> = t.leading_cities.iter().map(ToString::to_string).collect();
        let titles: Vec<String> = t
            .example_titles
            .iter()
            .take(TABLE_TITLES)
            .map(|title| format!("· {}", escape(&ChinesePunctuation.apply(title.trim()))))
            .collect();
        let english = if t.name_en != t.name {
            format!("<br><span class=\"muted\">{}</span>", escape(t.name_en))
        } else {
            String::new()
        };
        let _ = writeln!(
            page,
            "<tr><td class=\"name\"><span class=\"swatch\" style=\"{}\"></span>{}{english}</td>\
             <td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if t.theme == OTHER {
                OTHER_SWATCH.to_string()
            } else {
                theme_swatch(i)
            },
            escape(t.name),
            escape(t.theme),
            t.articles,
            t.share * 100.0,
            escape(&terms.join(" ")),
            escape(&cities.join(", ")),
            titles.join("<br>"),
        );
    }
    page.push_str("</table>\n</section>\n");
}

fn figure(page: &mut String, number: usize, chart: &Chart) {
    let title = escape(&chart.title);
    // The SVG is inline, so the page needs no other file; a role and label
    // let screen readers announce it.
    let svg = chart.svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{title}\" "),
        1,
    );
    let _ = writeln!(
        page,
        "<section id=\"chart-{number}\">\n<h2>图 {number} · Figure {number}</h2>\n<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n\
         <p class=\"muted\">File: <a href=\"{file}\">{file}</a></p>\n</section>",
        svg.trim_end(),
        escape(&chart.caption),
        file = escape(&chart.file_name),
    );
}

/// The run's settings; `auto_k` when `--k auto` chose k (its chart is
/// among the figures).
fn settings(page: &mut String, s: &Summary, auto_k: bool) {
    let k = if auto_k {
        format!(
            "{} (picked by --k auto: the highest combined score, see k_choice.svg)",
            s.settings.k
        )
    } else {
        s.settings.k.to_string()
    };
    let rows = [
        ("inputs", s.settings.inputs.join(", ")),
        ("lexicon", s.settings.lexicon.clone()),
        ("k (clusters)", k),
        ("seed", s.settings.seed.to_string()),
        (
            "period",
            format!(
                "{} ({})",
                s.settings.period.as_str(),
                s.settings.period_rule
            ),
        ),
        ("input files", s.counts.files.to_string()),
        ("articles read", s.counts.articles.to_string()),
        (
            "skipped",
            format!("{} (listed in skipped.csv)", s.counts.skipped),
        ),
        (
            "furniture lines",
            format!("{} (listed in furniture.csv)", s.counts.furniture_lines),
        ),
        (
            "dates",
            format!(
                "{} placed in a {}; {} too coarse for it (year only); {} undated",
                s.counts.dates.placed,
                s.settings.period.as_str(),
                s.counts.dates.too_coarse,
                s.counts.dates.undated
            ),
        ),
    ];
    page.push_str(
        "<section id=\"settings\">\n<h2>运行设置 Run settings</h2>\n<dl class=\"settings\">\n",
    );
    for (name, value) in rows {
        let _ = writeln!(page, "<dt>{name}</dt><dd>{}</dd>", escape(&value));
    }
    page.push_str("</dl>\n</section>\n");
}

/// The data files, `k_choice.csv` among them when `auto_k`.
fn data_files(page: &mut String, auto_k: bool) {
    const FILES: [(&str, &str); 11] = [
        (
            csv::ARTICLES_FILE,
            "one row per article: city, date, theme, score",
        ),
        (
            csv::THEMES_FILE,
            "one row per theme: size, top terms, leading cities",
        ),
        (
            csv::TRENDS_FILE,
            "theme × city and theme × period counts and shares; every chart's numbers",
        ),
        (
            csv::PANEL_FILE,
            "theme × city × period counts and shares, for panel models",
        ),
        (
            csv::DIFFUSION_FILE,
            "when each city first carried each theme",
        ),
        (
            csv::ADOPTION_FILE,
            "city × theme × period while the city has not yet adopted the theme, for event history analysis",
        ),
        (
            csv::CASCADES_FILE,
            "when each city adopted each theme, for diffusion-network inference",
        ),
        (
            csv::NODES_FILE,
            "every city with the periods it is observed in; left-censored when it starts with the collection",
        ),
        (
            summary::JSON_FILE,
            "this page's summary and settings, for scripts",
        ),
        (
            csv::SKIPPED_FILE,
            "inputs that did not become articles, with the reason",
        ),
        (csv::FURNITURE_FILE, "page lines kept out of articles"),
    ];
    page.push_str("<section id=\"files\">\n<h2>数据文件 Data files</h2>\n<ul>\n");
    let k_choice = auto_k.then_some((
        k_choice::CSV_FILE,
        "each candidate k of --k auto with its scores; the pick marked",
    ));
    for (file, what) in FILES.into_iter().chain(k_choice) {
        let _ = writeln!(page, "<li><a href=\"{file}\">{file}</a>: {what}</li>");
    }
    page.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_quotes_and_controls() {
        assert_eq!(
            escape(r#"<script>alert("x&y")</script> it's"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; it&#39;s"
        );
        assert_eq!(escape("咸宁\u{0}日报\n"), "咸宁 日报\n");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }
}
