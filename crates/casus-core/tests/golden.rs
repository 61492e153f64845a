//! Golden tests on real text: the seed example, our development set and
//! the shared suites, scored by `../shared/eval/score.py`. Thresholds sit a
//! little under the measured scores, so a change that loses accuracy fails
//! here and says by how much.

use casus_core::{ArticleMeta, Date, Pipeline, Record};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    root().join("../shared")
}

fn pipeline() -> Pipeline {
    Pipeline::builtin().unwrap_or_else(|e| panic!("built-in data does not load: {e}"))
}

/// Extracts every article of a JSONL file.
fn extract_jsonl(p: &Pipeline, path: &Path) -> Vec<(String, Record)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let body = v["text"].as_str().unwrap_or_default().to_string();
        let meta = ArticleMeta {
            id: v["id"].as_str().unwrap_or_default().to_string(),
            date: v["date"].as_str().and_then(Date::parse_iso),
            outlet: v["outlet"].as_str().map(String::from),
            ..Default::default()
        };
        for r in p.extract_text(meta, &body).records {
            out.push((body.clone(), r));
        }
    }
    out
}

/// Extracts every .txt article of a directory.
fn extract_dir(p: &Pipeline, dir: &Path) -> Vec<(String, Record)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for r in p
            .extract_text(
                ArticleMeta {
                    id,
                    ..Default::default()
                },
                &text,
            )
            .records
        {
            out.push((text.clone(), r));
        }
    }
    out
}

/// Checks the evidence invariant, writes the records and scores them.
fn score(records: &[(String, Record)], gold: &Path, name: &str) -> Value {
    for (text, r) in records {
        for ev in [&r.evidence, &r.trigger] {
            assert_eq!(
                text.get(ev.start..ev.end),
                Some(ev.text.as_str()),
                "{}: evidence offsets do not slice the article",
                r.id
            );
        }
        for a in [&r.source, &r.target].into_iter().flatten() {
            if !a.text.is_empty() {
                assert_eq!(
                    text.get(a.start..a.end),
                    Some(a.text.as_str()),
                    "{}: actor offsets",
                    r.id
                );
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("casus-golden-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let pred = dir.join("pred.jsonl");
    let body: String = records.iter().map(|(_, r)| r.to_json() + "\n").collect();
    std::fs::write(&pred, body).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("python3")
        .arg(shared().join("eval/score.py"))
        .arg(gold)
        .arg(&pred)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("running python3 ../shared/eval/score.py: {e}"));
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("score.py output: {e}"));
    eprintln!("{name}: {v}");
    v
}

fn f1(v: &Value, level: &str) -> f64 {
    v[level]["f1"].as_f64().unwrap_or(0.0)
}

fn at_least(v: &Value, level: &str, min: f64, name: &str) {
    let got = f1(v, level);
    assert!(
        got >= min,
        "{name}: {level} F1 fell to {got:.3} (threshold {min}); run `casus extract` on it and \
         `python3 ../shared/eval/score.py GOLD PRED --show-errors` to see what broke"
    );
}

#[test]
fn seed_example_tower22() {
    let p = pipeline();
    let path = shared().join("examples/tower22.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let recs: Vec<(String, Record)> = p
        .extract_text(
            ArticleMeta {
                id: "tower22".into(),
                ..Default::default()
            },
            &text,
        )
        .records
        .into_iter()
        .map(|r| (text.clone(), r))
        .collect();
    let v = score(
        &recs,
        &shared().join("examples/tower22.gold.jsonl"),
        "tower22",
    );
    at_least(&v, "full", 0.8, "tower22");
    at_least(&v, "relations", 1.0, "tower22");
    // The drone attack: Jordan, 3 killed, 40 injured, by the Islamic
    // Resistance in Iraq.
    let drone = recs
        .iter()
        .map(|(_, r)| r)
        .find(|r| {
            r.location
                .as_ref()
                .and_then(|l| l.country)
                .map(|c| c.to_string())
                .as_deref()
                == Some("JOR")
        })
        .unwrap_or_else(|| panic!("no event located in Jordan"));
    assert_eq!(drone.event_type, "ASSAULT");
    assert_eq!(drone.fatalities, Some(3));
    assert_eq!(drone.injuries, Some(40));
    assert_eq!(
        drone.source.as_ref().map(|s| s.name.as_str()),
        Some("Islamic Resistance in Iraq")
    );
    assert_eq!(
        drone.location.as_ref().map(|l| l.name.as_str()),
        Some("Tower 22")
    );
}

#[test]
fn development_set() {
    let p = pipeline();
    let recs = extract_dir(&p, &root().join("tests/golden/dev"));
    let gold = root().join("tests/golden/dev.gold.jsonl");
    let v = score(&recs, &gold, "dev");
    at_least(&v, "type", DEV_TYPE, "dev set");
    at_least(&v, "dyad", DEV_DYAD, "dev set");
    at_least(&v, "full", DEV_FULL, "dev set");
    at_least(&v, "relations", DEV_LINKS, "dev set links");
    // Where: the median error where gold has coordinates, and the share
    // of events paired at the dyad level whose location country is right.
    let km = v["geo_median_km"].as_f64().unwrap_or(f64::INFINITY);
    assert!(km <= 25.0, "dev set: geo median {km} km > 25");
    let pred = std::env::temp_dir()
        .join(format!("casus-golden-{}-dev", std::process::id()))
        .join("pred.jsonl");
    let out = Command::new("python3")
        .arg(root().join("tests/golden/location_accuracy.py"))
        .arg(shared().join("eval/score.py"))
        .arg(&gold)
        .arg(&pred)
        .output()
        .unwrap_or_else(|e| panic!("running tests/golden/location_accuracy.py: {e}"));
    assert!(
        out.status.success(),
        "location_accuracy.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let loc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("dev locations: {loc}");
    let acc = loc["location_country_accuracy"].as_f64().unwrap_or(0.0);
    assert!(
        acc >= 0.95,
        "dev set: location country accuracy {acc} < 0.95"
    );
}

#[test]
fn plover_gold_standard_records() {
    let p = pipeline();
    let suite = shared().join("suites/plover_gsr");
    let recs = extract_jsonl(&p, &suite.join("articles.jsonl"));
    let v = score(&recs, &suite.join("gold.jsonl"), "plover_gsr");
    at_least(&v, "type", GSR_TYPE, "PLOVER GSR");
    at_least(&v, "dyad", GSR_DYAD, "PLOVER GSR");
    let fatalities = v["fatalities_exact"].as_f64().unwrap_or(0.0);
    assert!(
        fatalities >= GSR_FATALITIES,
        "PLOVER GSR: fatalities exact fell to {fatalities} (threshold {GSR_FATALITIES})"
    );
}

/// Real news no one here wrote: 48 political Wikinews articles, with
/// gold written by ANNOTATION.md before casus's output was seen
/// (`tests/golden/wikinews/`). Where casus is weakest; the floors hold
/// what it does now.
#[test]
fn wikinews_political_articles() {
    let p = pipeline();
    let articles = shared().join("suites/wikinews/political_dev.jsonl");
    let recs = extract_jsonl(&p, &articles);
    let gold = root().join("tests/golden/wikinews/political_dev.gold.jsonl");
    let v = score(&recs, &gold, "wikinews_political");
    at_least(&v, "type", WIKINEWS_TYPE, "Wikinews political");
    at_least(&v, "dyad", WIKINEWS_DYAD, "Wikinews political");
}

#[test]
fn petrarch_unit_records_run_clean() {
    let p = pipeline();
    let suite = shared().join("suites/petrarch_unit");
    let recs = extract_jsonl(&p, &suite.join("articles.jsonl"));
    let v = score(&recs, &suite.join("gold.jsonl"), "petrarch_unit");
    // A robustness check (fictional actors, WEIS codes): no crash, and
    // the dyads it scores do not collapse.
    at_least(&v, "dyad", PETRARCH_DYAD, "PETRARCH2 unit records");
}

// Measured scores minus a small margin; raise them as accuracy improves.
const DEV_TYPE: f64 = 0.85;
const DEV_DYAD: f64 = 0.74;
const DEV_FULL: f64 = 0.73;
const DEV_LINKS: f64 = 0.70;
const GSR_TYPE: f64 = 0.83;
const GSR_DYAD: f64 = 0.64;
const GSR_FATALITIES: f64 = 0.85;
const PETRARCH_DYAD: f64 = 0.50;
const WIKINEWS_TYPE: f64 = 0.62;
const WIKINEWS_DYAD: f64 = 0.27;
