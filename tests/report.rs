//! The report as a reader and a script meet it: `report.html`, the SVG
//! charts, `summary.json` and the CSVs, from real runs of the command.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{column, report_with_k, run, seeds, seeds_report};

const HOSTILE_TITLE: &str = r#"<script>alert("x")</script> & 'q' 咸宁"#;
const HOSTILE_CITY: &str = "A&B<城>";

/// The seed pages as JSONL records whose titles and city are hostile.
fn hostile_input(dir: &Path) -> PathBuf {
    let input = dir.join("hostile.jsonl");
    let mut pages: Vec<PathBuf> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let lines: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            serde_json::json!({
                "id": format!("h{i}"),
                "title": HOSTILE_TITLE,
                "city": HOSTILE_CITY,
                "date": format!("2024-0{}", i + 1),
                "text": fs::read_to_string(page).unwrap(),
            })
            .to_string()
        })
        .collect();
    fs::write(&input, lines.join("\n")).unwrap();
    input
}

/// Text of every `<text>` element of a well-formed SVG.
fn svg_texts(path: &Path) -> Vec<String> {
    let svg = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", path.display()));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[test]
fn every_chart_is_well_formed_titled_and_carries_chinese_text() {
    let out = tempfile::tempdir().unwrap();
    seeds_report(out.path());
    let expected = [
        ("theme_by_city.svg", "各城市的主题占比 Theme share by city"),
        (
            "theme_over_time.svg",
            "主题占比随时间变化 Theme share over time",
        ),
        (
            "theme_diffusion.svg",
            "主题在城市间的扩散 Which city took a theme up first",
        ),
        (
            "theme_terms.svg",
            "主题卡片：代表词与例文 Theme cards: top terms and example titles",
        ),
        (
            "city_profiles.svg",
            "城市画像 City profiles: each city's top themes",
        ),
    ];
    let html = fs::read_to_string(out.path().join("report.html")).unwrap();
    for (file, title) in expected {
        let texts = svg_texts(&out.path().join(file));
        assert_eq!(texts[0], title, "{file}");
        let chinese = texts
            .iter()
            .filter(|t| t.chars().filter(|&c| is_cjk(c)).count() >= 2)
            .count();
        assert!(chinese >= 5, "{file}: {chinese} Chinese labels");
        let names_cities = !matches!(file, "theme_over_time.svg" | "theme_terms.svg");
        if names_cities {
            assert!(
                texts.iter().any(|t| t.contains("咸宁")),
                "{file} lacks 咸宁"
            );
        }
        // The page embeds the chart itself and links the file.
        assert!(html.contains(&format!("aria-label=\"{}\"", title.replace('\'', "&#39;"))));
        assert!(html.contains(&format!("<a href=\"{file}\">")));
    }
    // Self-contained: no scripts, nothing fetched.
    for forbidden in ["<script", "http://", "https://", "<link", "@import"] {
        let outside_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !outside_svg_namespace.contains(forbidden),
            "report has {forbidden}"
        );
    }
    assert!(html.contains("<dt>seed</dt><dd>42</dd>"));
    assert!(html.contains("<dt>articles read</dt><dd>24</dd>"));
}

#[test]
fn hostile_titles_and_cities_are_escaped_in_the_page_and_the_charts() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_input(dir.path());
    let out = dir.path().join("out");
    report_with_k(&input, 2, &out);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script"),
        "an article's <script> reached the page"
    );
    assert!(
        html.contains("· &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; 咸宁")
    );
    assert!(html.contains("A&amp;B&lt;城&gt;"));
    for file in [
        "theme_by_city.svg",
        "city_profiles.svg",
        "theme_diffusion.svg",
    ] {
        let raw = fs::read_to_string(out.join(file)).unwrap();
        assert!(!raw.contains("<script") && !raw.contains("<城>"), "{file}");
        // Parsed back, the city is intact text.
        let texts = svg_texts(&out.join(file));
        assert!(texts.iter().any(|t| t.contains(HOSTILE_CITY)), "{file}");
    }
    let cards_raw = fs::read_to_string(out.join("theme_terms.svg")).unwrap();
    assert!(!cards_raw.contains("<script"));
    let cards = svg_texts(&out.join("theme_terms.svg"));
    assert!(cards.iter().any(|t| t.contains(r#"<script>alert("x")"#)));
}

#[test]
fn shares_in_trends_csv_sum_to_one_per_city_and_period() {
    let out = tempfile::tempdir().unwrap();
    seeds_report(out.path());
    let mut sums: std::collections::BTreeMap<(String, String), (f64, usize)> = Default::default();
    let mut reader = csv::Reader::from_path(out.path().join("trends.csv")).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let entry = sums
            .entry((row[1].to_string(), row[2].to_string()))
            .or_default();
        entry.0 += row[4].parse::<f64>().unwrap();
        entry.1 += row[3].parse::<usize>().unwrap();
    }
    // Shares are written to 6 decimals.
    for (slice, (sum, _)) in &sums {
        assert!((sum - 1.0).abs() < 1e-4, "{slice:?} sums to {sum}");
    }
    assert_eq!(sums[&("all".to_string(), "all".to_string())].1, 24);
    let by_period: usize = sums
        .iter()
        .filter(|((city, period), _)| city == "all" && period != "all")
        .map(|(_, (_, n))| n)
        .sum();
    assert_eq!(by_period, 24, "every article is in exactly one period row");
}

#[test]
fn panel_csv_adds_up_to_the_marginal_rows_of_trends_csv() {
    use std::collections::BTreeMap;
    let out = tempfile::tempdir().unwrap();
    seeds_report(out.path());
    let field = |row: &csv::StringRecord, reader_header: &csv::StringRecord, name: &str| {
        let at = reader_header.iter().position(|h| h == name).unwrap();
        row[at].to_string()
    };
    let read = |file: &str| {
        let mut reader = csv::Reader::from_path(out.path().join(file)).unwrap();
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (header, rows)
    };
    // (theme, city, period) -> articles; the panel summed over one side.
    let mut margins: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let (header, panel) = read("panel.csv");
    assert!(!panel.is_empty());
    for row in &panel {
        let (theme, city, period) = (
            field(row, &header, "theme"),
            field(row, &header, "city"),
            field(row, &header, "period"),
        );
        let n: usize = field(row, &header, "articles").parse().unwrap();
        let total: usize = field(row, &header, "city_period_articles").parse().unwrap();
        assert!(n <= total && total > 0, "{row:?}");
        *margins
            .entry((theme.clone(), city, "all".into()))
            .or_default() += n;
        *margins.entry((theme, "all".into(), period)).or_default() += n;
    }
    margins.retain(|_, n| *n > 0);
    let (header, trends) = read("trends.csv");
    let marginal: BTreeMap<(String, String, String), usize> = trends
        .iter()
        .filter(|r| (field(r, &header, "city") == "all") != (field(r, &header, "period") == "all"))
        .map(|r| {
            (
                (
                    field(r, &header, "theme"),
                    field(r, &header, "city"),
                    field(r, &header, "period"),
                ),
                field(r, &header, "articles").parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(margins, marginal);
}

#[test]
fn adoption_files_list_every_city_and_end_each_risk_spell_at_adoption() {
    use std::collections::{BTreeMap, BTreeSet};
    let out = tempfile::tempdir().unwrap();
    run(&[
        seeds().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--adopt-min",
        "2",
        "-q",
    ])
    .success();
    let file = |name: &str| out.path().join(name);
    let cities: BTreeSet<String> = column(&file("articles.csv"), "city")
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    let nodes: BTreeSet<String> = column(&file("nodes.csv"), "city").into_iter().collect();
    assert_eq!(nodes, cities, "nodes.csv lists every known city");
    let adopters: BTreeSet<String> = column(&file("cascades.csv"), "node_name")
        .into_iter()
        .collect();
    assert!(adopters.is_subset(&nodes));
    assert!(adopters.len() < nodes.len(), "some city never adopts");
    // Per city × theme: periods ascend and only the last row may adopt,
    // with at least --adopt-min articles.
    let panel = file("adoption_panel.csv");
    let keys = column(&panel, "city")
        .into_iter()
        .zip(column(&panel, "theme"));
    // (period_index, adopted, articles) of each row
    type Spell = Vec<(i64, bool, usize)>;
    let mut spells: BTreeMap<(String, String), Spell> = BTreeMap::new();
    for (key, ((index, adopted), articles)) in keys.zip(
        column(&panel, "period_index")
            .into_iter()
            .zip(column(&panel, "adopted"))
            .zip(column(&panel, "articles")),
    ) {
        spells.entry(key).or_default().push((
            index.parse().unwrap(),
            adopted == "1",
            articles.parse().unwrap(),
        ));
    }
    let mut adoptions = 0;
    for (key, spell) in &spells {
        assert!(
            spell.windows(2).all(|w| w[0].0 < w[1].0 && !w[0].1),
            "{key:?}"
        );
        let last = spell.last().unwrap();
        assert_eq!(last.1, last.2 >= 2, "{key:?}");
        adoptions += usize::from(last.1);
    }
    assert!(adoptions > 0);
    assert_eq!(adoptions, column(&file("cascades.csv"), "cascade_id").len());
}

#[test]
fn other_is_a_row_everywhere_so_shares_add_up_to_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages: Vec<PathBuf> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut lines: Vec<String> = pages
        .iter()
        .map(|page| serde_json::json!({ "text": fs::read_to_string(page).unwrap() }).to_string())
        .collect();
    // No Chinese term at all: no theme can take it.
    lines.push(serde_json::json!({ "city": "常州", "text": "Lorem ipsum 12345" }).to_string());
    let input = dir.path().join("with-other.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    let assert = run(&[
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ])
    .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let other_line = stdout
        .lines()
        .find(|l| l.contains(" other "))
        .unwrap_or_else(|| panic!("no other row:\n{stdout}"));
    assert!(other_line.contains("常州 "), "{other_line}");
    assert!(stdout.contains("by 95% lower bound"), "{stdout}");
    let themes = out.join("themes.csv");
    assert_eq!(column(&themes, "theme").last().unwrap(), "other");
    let shares: f64 = column(&themes, "share")
        .iter()
        .map(|s| s.parse::<f64>().unwrap())
        .sum();
    assert!(
        (shares - 1.0).abs() < 1e-3,
        "themes.csv shares sum to {shares}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let rows = summary["themes"].as_array().unwrap();
    assert_eq!(rows.last().unwrap()["theme"], "other");
    // 25 articles over four calendar years: too few for months or quarters, so
    // `--period auto` (the default) counts by year, and says why.
    assert_eq!(summary["settings"]["period"], "year");
    let rule = summary["settings"]["period_rule"].as_str().unwrap();
    assert!(
        rule.starts_with("auto: the finest of month, quarter and year"),
        "{rule}"
    );
    let total: f64 = rows.iter().map(|t| t["share"].as_f64().unwrap()).sum();
    assert!(
        (total - 1.0).abs() < 1e-9,
        "summary.json shares sum to {total}"
    );
    // Leading cities carry their counts: `常州 50% (1/2)`. (A whole page
    // given as one record is a bundle of items, `other` too.)
    let city = &rows.last().unwrap()["leading_cities"][0];
    let articles = city["articles"].as_u64().unwrap();
    assert!(articles >= 1);
    assert!(city["city_articles"].as_u64().unwrap() >= articles);
}

#[test]
fn json_summary_on_stdout_matches_summary_json_and_excel_adds_a_bom() {
    let out = tempfile::tempdir().unwrap();
    let assert = run(&[
        seeds().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--format",
        "json",
        "--excel",
        "--period",
        "month",
        "-q",
    ])
    .success();
    let stdout = assert.get_output().stdout.clone();
    assert_eq!(stdout, fs::read(out.path().join("summary.json")).unwrap());
    let summary: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(summary["counts"]["articles"], 24);
    assert_eq!(summary["settings"]["seed"], 42);
    assert_eq!(summary["settings"]["period"], "month");
    assert_eq!(summary["settings"]["period_rule"], "given");
    let themes = summary["themes"].as_array().unwrap();
    let total: u64 = themes.iter().map(|t| t["articles"].as_u64().unwrap()).sum();
    assert_eq!(total, 24);
    for file in ["articles.csv", "trends.csv", "diffusion.csv"] {
        let bytes = fs::read(out.path().join(file)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{file} lacks the BOM");
        assert!(!bytes[3..].starts_with(b"\xEF\xBB\xBF"), "{file} has two");
    }
    assert!(
        !fs::read(out.path().join("summary.json"))
            .unwrap()
            .starts_with(b"\xEF")
    );
    // The workbook opens, holds a sheet per table, and keeps periods text.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(out.path().join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "themes",
            "trends",
            "panel",
            "diffusion",
            "adoption_panel",
            "cascades",
            "nodes",
            "skipped",
            "furniture"
        ]
    );
    let trends = book.worksheet_range("trends").unwrap();
    assert_eq!(
        trends.rows().count(),
        column(&out.path().join("trends.csv"), "theme").len() + 1
    );
    let period = trends
        .rows()
        .skip(1)
        .map(|row| &row[2])
        .find(|cell| **cell != Data::String("all".into()))
        .unwrap();
    assert!(
        matches!(period, Data::String(p) if p.len() == 7 && p.as_bytes()[4] == b'-'),
        "{period:?}"
    );
    assert!(matches!(trends.rows().nth(1).unwrap()[3], Data::Float(_)));
}

#[test]
fn verbose_lists_the_files_and_quiet_prints_nothing() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let verbose = run(&[seeds().to_str().unwrap(), "--out", dir, "--verbose"]).success();
    let stderr = String::from_utf8(verbose.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("settings: inputs"), "{stderr}");
    assert!(stderr.contains("report.html"), "{stderr}");
    let quiet = run(&[seeds().to_str().unwrap(), "--out", dir, "-q"]).success();
    assert!(quiet.get_output().stderr.is_empty());
}
