//! The theme commands as a user runs them: `assign` with a saved model,
//! `evaluate` against labels, and input that must fail cleanly or not at all.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;

use common::seeds;

fn cli(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("policy-themes")
        .unwrap()
        .args(args)
        .assert()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

#[test]
fn assign_with_the_saved_model_reproduces_the_fitting_run() {
    let dir = tempfile::tempdir().unwrap();
    let (fitted, assigned) = (dir.path().join("fit"), dir.path().join("assign"));
    let seeds = seeds();
    cli(&["run", path(&seeds), "--out", path(&fitted), "-q"]).success();
    let model = fitted.join("model.json");
    cli(&[
        "assign",
        "--model",
        path(&model),
        path(&seeds),
        "--out",
        path(&assigned),
        "-q",
    ])
    .success();
    for file in ["articles.csv", "themes.csv", "trends.csv", "model.json"] {
        assert_eq!(
            fs::read_to_string(fitted.join(file)).unwrap(),
            fs::read_to_string(assigned.join(file)).unwrap(),
            "{file} differs between run and assign"
        );
    }
}

/// Two topics in plain sentences, six articles each, labelled.
fn labelled_corpus(dir: &Path) -> PathBuf {
    let sport = [
        "足球联赛第十轮比赛昨晚结束，主队球员两次进球，教练赛后表示满意。",
        "篮球比赛进入决赛阶段，球员状态出色，教练安排轮换，球迷热情高涨。",
        "这场足球比赛中，前锋球员梅开二度，主教练称赞球队防守稳固。",
        "联赛积分榜上，球队凭借三连胜升至第二，球员和教练都很兴奋。",
        "乒乓球比赛冠军由年轻球员夺得，教练认为决赛发挥了训练水平。",
        "球迷涌入体育场观看足球比赛，主队球员最后时刻进球锁定胜局。",
    ];
    let farm = [
        "夏粮小麦开镰收割，农机手驾驶收割机在麦田作业，粮食丰收在望。",
        "水稻插秧进入高峰，农民抢抓农时，农机合作社提供机械化服务。",
        "秋粮播种面积稳定，小麦和水稻良种覆盖率提高，粮食产量有保障。",
        "农田水利设施完善后，小麦亩产提高，农民种粮积极性明显增强。",
        "农机补贴政策落地，农民购买收割机和插秧机，水稻生产更省力。",
        "粮食收购价格稳定，农民售粮顺利，小麦水稻仓储条件不断改善。",
    ];
    let lines: Vec<String> = sport
        .iter()
        .map(|t| (t, "体育"))
        .chain(farm.iter().map(|t| (t, "农业")))
        .enumerate()
        .map(|(i, (t, label))| {
            serde_json::json!({"id": format!("a{i}"), "text": t, "label": label}).to_string()
        })
        .collect();
    let file = dir.join("labelled.jsonl");
    fs::write(&file, lines.join("\n")).unwrap();
    file
}

#[test]
fn evaluate_scores_themes_against_labels_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = labelled_corpus(dir.path());
    let out = dir.path().join("out");
    let assert = cli(&[
        "evaluate",
        path(&corpus),
        "--k",
        "2",
        "--out",
        path(&out),
        "--format",
        "json",
        "-q",
    ])
    .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["labelled"], 12);
    assert_eq!(json["labels"], 2);
    let agreement = &json["themes_vs_labels"];
    for metric in ["nmi", "ari", "v_measure", "purity"] {
        let v = agreement[metric].as_f64().unwrap();
        assert!(v > 0.99, "{metric} = {v} on two clearly separate topics");
    }
    let quality = &json["quality"];
    // Sentences this short rarely repeat a pair of terms: coherence is a
    // valid NPMI mean, not necessarily a high one.
    let coherence = quality["coherence"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&coherence), "{quality}");
    assert_eq!(quality["themes"].as_array().unwrap().len(), 2, "{quality}");
    assert!(quality["diversity"].as_f64().unwrap() > 0.5, "{quality}");
    assert!(quality["silhouette"].as_f64().unwrap() > 0.0, "{quality}");
    assert!(out.join("articles.csv").is_file());
}

#[test]
fn evaluate_table_reads_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = labelled_corpus(dir.path());
    let out = dir.path().join("out");
    let assert = cli(&["evaluate", path(&corpus), "--out", path(&out), "-q"]).success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for text in [
        "12 with a `label` (2 labels)",
        "NMI",
        "ARI",
        "purity",
        "coherence",
    ] {
        assert!(stdout.contains(text), "{text} missing from\n{stdout}");
    }
}

#[test]
fn evaluate_reads_labels_from_a_csv_column_too() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = labelled_corpus(dir.path());
    let corpus = dir.path().join("labelled.csv");
    let mut writer = csv::Writer::from_path(&corpus).unwrap();
    writer.write_record(["id", "text", "类别"]).unwrap();
    for line in fs::read_to_string(&jsonl).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let field = |name: &str| v[name].as_str().unwrap().to_string();
        writer
            .write_record([field("id"), field("text"), field("label")])
            .unwrap();
    }
    writer.flush().unwrap();
    let out = dir.path().join("out");
    let args = ["--k", "2", "--out", path(&out), "--format", "json", "-q"];
    let assert =
        cli(&[&["evaluate", path(&corpus), "--label", "类别"], &args[..]].concat()).success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(
        (json["labelled"].clone(), json["labels"].clone()),
        (12.into(), 2.into())
    );
    let nmi = json["themes_vs_labels"]["nmi"].as_f64().unwrap();
    assert!(nmi > 0.99, "NMI {nmi} on two clearly separate topics");
    // The same CSV, asked for a column it lacks, is scored without labels.
    let assert = cli(&[&["evaluate", path(&corpus)], &args[..]].concat()).success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json["labelled"], 0);
    assert!(json["themes_vs_labels"].is_null());
}

#[test]
fn a_corpus_of_identical_articles_is_themed_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = "十堰市召开新能源汽车产业发展大会，推进储能电站和光伏项目建设。";
    let lines: Vec<String> = (0..6)
        .map(|i| serde_json::json!({"id": format!("a{i}"), "text": text}).to_string())
        .collect();
    let input = dir.path().join("same.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    for k in [None, Some("3")] {
        let out = dir.path().join(format!("out{k:?}"));
        let mut args = vec!["run", path(&input), "--out", path(&out), "-q"];
        args.extend(k.iter().flat_map(|k| ["--k", k]));
        cli(&args).success();
        let themes = common::column(&out.join("articles.csv"), "theme");
        assert_eq!(themes, vec!["new_energy"; 6]);
    }
}

#[test]
fn auto_k_on_too_few_articles_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = labelled_corpus(dir.path());
    let out = dir.path().join("out");
    // 12 articles cannot compare k = 4..20 at two articles a cluster for
    // every k, but can for k = 4..6: the range is clipped, not refused.
    let assert = cli(&["run", path(&corpus), "--k", "auto", "--out", path(&out)]).success();
    assert!(stderr(&assert).contains("--k auto: picked k = "));
    assert!(out.join("k_choice.csv").is_file() && out.join("k_choice.svg").is_file());
    // The report embeds the chart as a figure and links both files.
    let page = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        page.contains("主题数 k 的选择 How k was chosen"),
        "no k figure"
    );
    assert!(
        page.contains("<a href=\"k_choice.svg\">") && page.contains("<a href=\"k_choice.csv\">")
    );
    let tiny = dir.path().join("tiny.jsonl");
    let first: Vec<String> = fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .take(5)
        .map(str::to_string)
        .collect();
    fs::write(&tiny, first.join("\n")).unwrap();
    let assert = cli(&["run", path(&tiny), "--k", "auto", "--out", path(&out)]).code(2);
    assert!(
        stderr(&assert).contains("--k auto needs at least 8 articles"),
        "{}",
        stderr(&assert)
    );
}

/// `run seeds --lexicon DIR/NAME` with the lexicon file holding `text`.
fn run_seeds_with_lexicon(
    dir: &Path,
    name: &str,
    text: &str,
    out: &Path,
) -> assert_cmd::assert::Assert {
    let lexicon = dir.join(name);
    fs::write(&lexicon, text).unwrap();
    let seeds = seeds();
    cli(&[
        "run",
        path(&seeds),
        "--lexicon",
        path(&lexicon),
        "--out",
        path(out),
        "-q",
    ])
}

#[test]
fn an_empty_lexicon_file_gives_unnamed_themes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_seeds_with_lexicon(dir.path(), "empty.toml", "", &out).success();
    let ids = common::column(&out.join("themes.csv"), "theme");
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| id.starts_with("theme_")), "{ids:?}");
}

#[test]
fn a_malformed_lexicon_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bad = "[[theme]]\nid = \"a\"\nname = \"甲\"\nterms = [\"储能\" \"光伏\"]\n";
    let assert = run_seeds_with_lexicon(dir.path(), "bad.toml", bad, &out).code(2);
    let message = stderr(&assert);
    assert!(message.contains("bad.toml, line 4"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn assign_with_a_file_that_is_not_a_model_fails_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    fs::write(&model, "{\"vocabulary\": []}").unwrap();
    let seeds = seeds();
    let out = dir.path().join("out");
    let assert = cli(&[
        "assign",
        "--model",
        path(&model),
        path(&seeds),
        "--out",
        path(&out),
    ])
    .code(2);
    let message = stderr(&assert);
    assert!(
        message.contains("loading the model") && message.contains("not a policy-themes model"),
        "{message}"
    );
}

#[test]
fn news_from_abroad_roundups_and_military_drill_get_no_policy_theme() {
    let dir = tempfile::tempdir().unwrap();
    let energy = [
        "十堰市召开新能源汽车产业发展大会，推进储能电站建设，动力电池产能持续扩大。",
        "宜宾市锂电池产业加快集聚，动力电池和正极材料项目相继投产，储能订单饱满。",
        "酒泉市风电和光伏发电装机突破两千万千瓦，新型储能电站并网运行。",
        "常州市新能源汽车产量增长，充电桩和换电站覆盖城区，动力电池回收体系建立。",
        "鄂尔多斯市绿氢制氢项目开工，氢燃料电池重卡投入运营，加氢站同步建设。",
    ];
    let abroad = "俄罗斯国防部称，俄军打击了乌克兰一处炼油厂和能源设施，乌军称击落多架无人机，乌克兰多地停电。";
    let diplomacy = "中方愿同越南一道，推进新能源和储能领域务实合作，两国企业签署光伏项目协议。";
    let roundup = "\n央企新能源汽车产业上半年投资同比增长超40%\n\
        国务院国资委数据显示，中央企业新能源汽车和动力电池投资同比增长超过40%。\n\
        2023年国家医保飞行检查工作正式启动\n\
        国家医保局印发医疗保障基金飞行检查工作方案，各地将完成现场检查。\n\
        川青铁路青白江至镇江关段开始联调联试\n\
        四川至青海的川青铁路今天进入联调联试阶段，为开通运营打下基础。\n";
    let drill = [
        "解放军某部官兵开展实战化军事训练，部队战士在训练场上练兵备战，提升储能电站防护作战能力。",
        "武警部队官兵冒雨开展军事训练，连队战士练兵热情高涨，部队战斗力稳步提升。",
    ];
    let mut texts = energy.to_vec();
    texts.extend([abroad, diplomacy, roundup]);
    texts.extend(drill);
    let lines: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("a{i}"), "text": t}).to_string())
        .collect();
    let input = dir.path().join("news.jsonl");
    fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    cli(&["run", path(&input), "--out", path(&out), "-q"]).success();
    let csv = out.join("articles.csv");
    let themes = common::column(&csv, "theme");
    let reasons = common::column(&csv, "other_reason");
    let theme2 = common::column(&csv, "theme2");
    assert_eq!(themes[..5], vec!["new_energy"; 5]);
    // The war report uses energy words, but it is news from abroad.
    assert_ne!(themes[5], "new_energy");
    // China's cooperation with another country keeps its policy theme.
    assert_eq!(themes[6], "new_energy");
    // A roundup of unrelated items is `other`, the theme its words lean
    // to the runner-up.
    assert_eq!(themes[7], "other");
    assert_eq!(reasons[7], "a roundup of several news items");
    assert!(["new_energy", "livelihood"].contains(&theme2[7].as_str()));
    // Drill by the armed forces is a subject no policy theme covers, even
    // with an energy word in it.
    for i in [8, 9] {
        assert!(
            themes[i] == "other" || themes[i].starts_with("theme_"),
            "{}",
            themes[i]
        );
    }
    assert!(
        reasons[8..]
            .iter()
            .any(|r| r == "not a policy theme: 军队国防"),
        "{reasons:?}"
    );
}
