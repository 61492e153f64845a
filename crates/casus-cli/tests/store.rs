//! `casus ingest`, `query`, `export` and `stats` end to end: idempotent
//! ingest, bad lines skipped with their file and line, every output
//! layout, filters checked, and merging that does not depend on order
//! (crash.rs kills ingests and fills disks).

mod common;

use common::*;
use std::path::PathBuf;

const FIXTURE: &str = "crates/casus-store/tests/fixtures/articles.jsonl";

#[test]
fn ingest_twice_changes_nothing_and_bad_lines_are_skipped() {
    let good = std::fs::read_to_string(root().join(FIXTURE)).unwrap_or_else(|e| panic!("{e}"));
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(2, "{\"id\": \"broken\", \"text\": ");
    let input = dir().join("with-bad-line.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let input = input.display().to_string();
    let db = fresh_db("twice.db");
    let o = casus(&["--db", &db, "ingest", &input]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a bad line fails the run: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(err.contains("with-bad-line.jsonl:3: not JSON"), "{err}");
    assert!(
        err.contains("5 new, 0 unchanged, 0 updated, 1 failed"),
        "{err}"
    );
    let before = dump(&db);
    let o = casus(&["--db", &db, "ingest", &input]);
    assert!(
        stderr(&o).contains("0 new, 5 unchanged, 0 updated, 1 failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(dump(&db), before, "a second ingest changed the store");
}

#[test]
fn query_export_and_stats_in_every_layout() {
    let db = fresh_db("layouts.db");
    let o = casus(&["--db", &db, "ingest", FIXTURE, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Piped: JSON Lines, latest first.
    let o = casus(&["--db", &db, "query", "--country", "UKR"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["id"], "paper-lviv#1");
    let kharkiv = events
        .iter()
        .find(|e| e["id"] == "paper-kharkiv#1")
        .unwrap_or_else(|| panic!("no Kharkiv event"));
    assert_eq!(kharkiv["num_reports"], 2);
    assert_eq!(kharkiv["num_sources"], 2);
    let o = casus(&[
        "--db", &db, "query", "--format", "table", "--type", "assault",
    ]);
    let table = stdout(&o);
    assert!(table.starts_with("id "), "{table}");
    assert!(
        table.contains("Kharkiv (UKR)") && table.contains("(4 events)"),
        "{table}"
    );
    let o = casus(&[
        "--db",
        &db,
        "query",
        "--format",
        "csv",
        "--min-fatalities",
        "10",
    ]);
    let csv = stdout(&o);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("wire-rafah#1,")),
        "{csv}"
    );
    // Exports.
    let o = casus(&["--db", &db, "export", "--format", "geojson"]);
    let g: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("GeoJSON: {e}"));
    assert_eq!(g["type"], "FeatureCollection");
    assert_eq!(g["features"].as_array().map(Vec::len), Some(6));
    let lviv = g["features"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["id"] == "paper-lviv#1"))
        .unwrap_or_else(|| panic!("no Lviv feature"));
    let lon = lviv["geometry"]["coordinates"][0].as_f64().unwrap_or(0.0);
    assert!((23.0..25.0).contains(&lon), "Lviv at lon {lon}");
    let o = casus(&["--db", &db, "export", "--format", "acled-csv"]);
    let acled = stdout(&o);
    let head: Vec<&str> = acled.lines().next().unwrap_or("").split(',').collect();
    assert_eq!(head[..3], ["event_id_cnty", "event_date", "year"]);
    let rafah = acled
        .lines()
        .find(|l| l.starts_with("wire-rafah#1"))
        .unwrap_or_else(|| panic!("{acled}"));
    assert!(
        rafah.contains("Wire A") && rafah.contains(",12,"),
        "{rafah}"
    );
    let o = casus(&[
        "--db",
        &db,
        "export",
        "--format",
        "gdelt-tsv",
        "--type",
        "PROTEST",
    ]);
    let gdelt = stdout(&o);
    let row: Vec<&str> = gdelt.lines().nth(1).unwrap_or("").split('\t').collect();
    assert_eq!(row.len(), 29, "{gdelt}");
    assert_eq!(row[1], "20240311");
    assert_eq!(
        row[17], "4",
        "a protest is material conflict (CAMEO 14): {gdelt}"
    );
    let out = dir().join("export.jsonl");
    let o = casus(&[
        "--db",
        &db,
        "export",
        "--format",
        "jsonl",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert!(stderr(&o).contains("wrote 6 events"), "{}", stderr(&o));
    let o = casus(&["--db", &db, "stats", "--json"]);
    let st: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(st["events"], 6);
    assert_eq!(st["by_month"][0][0], "2024-03");
}

#[test]
fn parquet_export_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let db = fresh_db("parquet.db");
    casus(&["--db", &db, "ingest", FIXTURE, "--quiet"]);
    let out = dir().join("events.parquet");
    let o = casus(&[
        "--db",
        &db,
        "export",
        "--format",
        "parquet",
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = std::fs::File::open(&out).unwrap_or_else(|e| panic!("{e}"));
    let reader = SerializedFileReader::new(file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reader.metadata().file_metadata().num_rows(), 6);
    let rows: Vec<String> = reader
        .get_row_iter(None)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")).to_string())
        .collect();
    let rafah = rows
        .iter()
        .find(|r| r.contains("wire-rafah#1"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert!(rafah.contains("fatalities: 12"), "{rafah}");
    assert!(rafah.contains("date: 2024-03-09"), "{rafah}");
}

#[test]
fn bad_filters_are_refused_with_a_reason() {
    let db = fresh_db("filters.db");
    for (args, want) in [
        (vec!["--type", "BOMBING"], "not a PLOVER event type"),
        (vec!["--since", "2024-13-01"], "not a date"),
        (vec!["--bbox", "10,20,30"], "four numbers"),
        (vec!["--bbox", "10,50,30,40"], "south before north"),
        (vec!["--country", "Ukraine"], "alpha-3"),
    ] {
        let mut a = vec!["--db", &db, "query"];
        a.extend(args);
        let o = casus(&a);
        assert_eq!(o.status.code(), Some(2), "{a:?}");
        assert!(stderr(&o).contains(want), "{a:?}: {}", stderr(&o));
    }
}

/// The development set's articles under several ids and outlets, in
/// order and in reverse.
fn dev_copies(copies: usize) -> (PathBuf, PathBuf) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/golden/dev"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for copy in 0..copies {
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{e}"));
            let stem = f
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            lines.push(
                serde_json::json!({
                    "id": format!("{stem}~{copy}"),
                    "outlet": format!("outlet{}", copy % 3),
                    "text": text,
                })
                .to_string(),
            );
        }
    }
    // Named by the number of copies: tests that run at once with other
    // numbers never share a file.
    let forward = dir().join(format!("dev-forward-{copies}.jsonl"));
    std::fs::write(&forward, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    lines.reverse();
    let backward = dir().join(format!("dev-backward-{copies}.jsonl"));
    std::fs::write(&backward, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    (forward, backward)
}

#[test]
fn merging_real_articles_does_not_depend_on_order_or_batches() {
    let (forward, backward) = dev_copies(5);
    let a = fresh_db("order-a.db");
    let b = fresh_db("order-b.db");
    let o = casus(&["--db", &a, "ingest", forward.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = casus(&[
        "--db",
        &b,
        "ingest",
        "--batch",
        "7",
        backward.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (da, db) = (dump(&a), dump(&b));
    assert!(da == db, "ingest order changed the store");
    // One bulk load, backwards: the same store.
    let c = fresh_db("order-c.db");
    let o = casus(&[
        "--db",
        &c,
        "ingest",
        "--bulk",
        backward.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dump(&c) == da, "a bulk load gave another store");
    // The copies merged: each event has five reports, from three outlets.
    let st = casus_store::Store::open(&a)
        .and_then(|mut s| s.totals())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(st.events * 4 < st.reports, "{st:?}");
}

/// The same commands on PostgreSQL, when a test server is given.
#[test]
fn ingest_and_query_on_postgres() {
    let Some(base) = postgres_base() else { return };
    let db = fresh_postgres(&base, "casus_t_cli");
    let o = casus(&["--db", &db, "ingest", FIXTURE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = casus(&["--db", &db, "ingest", FIXTURE]);
    assert!(stderr(&o).contains("0 new, 5 unchanged"), "{}", stderr(&o));
    let o = casus(&["--db", &db, "query", "--type", "ASSAULT", "--format", "csv"]);
    assert_eq!(stdout(&o).lines().count(), 5, "{}", stdout(&o));
    let sqlite = fresh_db("pg-twin.db");
    casus(&["--db", &sqlite, "ingest", FIXTURE]);
    let a = casus(&["--db", &db, "export", "--format", "jsonl"]);
    let b = casus(&["--db", &sqlite, "export", "--format", "jsonl"]);
    assert_eq!(stdout(&a), stdout(&b), "PostgreSQL and SQLite disagree");
}

/// The store benchmark runs end to end (its figures are for README, not
/// asserted: speed is measured, never tested).
#[test]
fn bench_store_runs_on_a_small_store() {
    let db = fresh_db("bench.db");
    let o = casus(&[
        "--db",
        &db,
        "bench-store",
        "--events",
        "300",
        "--runs",
        "2",
        "--batch",
        "50",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("reports/s") && out.contains("query latest 100"),
        "{out}"
    );
    let st = casus_store::Store::open(&db)
        .and_then(|mut s| s.totals())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(st.reports >= 300, "{st:?}");
}

/// The load test runs against a real server: every kind of request is
/// answered, writes land in the store, and the report has its lines (its
/// figures are for RELIABILITY.md, not asserted: speed is measured,
/// never tested).
#[test]
fn bench_serve_loads_a_real_server_and_its_writes_land() {
    let db = fresh_db("bench-serve.db");
    let (forward, _) = dev_copies(1);
    let o = casus(&["--db", &db, "ingest", forward.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = totals(&db).articles;
    let (server, url) = serve(&db, "load-token");
    let o = casus(&[
        "bench-serve",
        "--url",
        &url,
        "--clients",
        "20",
        "--secs",
        "3",
        "--writes",
        "0.2",
        "--token",
        "load-token",
    ]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    for kind in [
        "GET /api/events (filters)",
        "GET /api/events/{id}",
        "GET /api/stats",
        "GET /api/map",
        "GET /api/actors",
        "GET / and assets",
        "POST /api/articles",
        "all reads",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(kind)),
            "no line for {kind}: {out}"
        );
    }
    assert!(out.contains("errors: none"), "{out}");
    let written: i64 = out
        .lines()
        .find_map(|l| l.strip_prefix("articles written: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count of writes: {out}"));
    assert!(written > 0, "{out}");
    drop(server);
    assert_eq!(totals(&db).articles, before + written, "{out}");
    assert_sound(&db, "after the load test");

    // Writes without the token are refused before anything runs.
    let o = casus(&["bench-serve", "--url", &url, "--writes", "0.1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("needs the server's token"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn chain_prints_both_ways_as_a_tree_or_json() {
    let db = fresh_db("chain.db");
    let o = casus(&[
        "--db",
        &db,
        "ingest",
        "crates/casus-store/tests/fixtures/chain.jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = casus(&["--db", &db, "chain", "drone-report#1"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "answers no stored event", "{out}");
    assert!(
        lines[1].starts_with("● 2024-05-05 ASSAULT") && lines[1].contains("2 killed"),
        "{out}"
    );
    assert_eq!(lines[2], "answered by:", "{out}");
    assert!(
        lines[3].starts_with("  ↓ 2024-05-08 ASSAULT United States (USA)"),
        "{out}"
    );
    assert!(lines[4].starts_with("    ↓ 2024-05-08 THREATEN"), "{out}");
    let o = casus(&["--db", &db, "chain", "drone-report#1", "--json"]);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    assert_eq!(
        v["answered_by"][0]["next"][0]["event"]["event_type"],
        "THREATEN"
    );
    let o = casus(&["--db", &db, "chain", "nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no event \"nothing\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn dyad_draws_the_days_and_alerts_name_the_flare() {
    let db = fresh_db("dyad.db");
    let o = casus(&[
        "--db",
        &db,
        "ingest",
        "crates/casus-store/tests/fixtures/flare.jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = casus(&["--db", &db, "dyad", "RUS", "ukr"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        out.starts_with("RUS – UKR, 2024-03-04 to 2024-03-22: 2 events"),
        "{out}"
    );
    assert!(out.contains("conflict by day (█ = 10.0):"), "{out}");
    let flare = out
        .lines()
        .find(|l| l.trim_start().starts_with("2024-03-22"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        flare.contains("ASSAULT 1") && flare.ends_with('⚠'),
        "{flare}"
    );
    let o = casus(&["--db", &db, "dyad", "RUS", "UKR", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["days"].as_array().map(Vec::len), Some(19));
    let o = casus(&["--db", &db, "alerts"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("rule: a day whose conflict score is at least 10.0"),
        "{out}"
    );
    assert!(
        out.contains("2024-03-22 RUS – UKR: conflict 10.0 against a baseline of"),
        "{out}"
    );
    let o = casus(&["--db", &db, "alerts", "--min-score", "20"]);
    assert!(stdout(&o).contains("no alerts"), "{}", stdout(&o));
    let o = casus(&["--db", &db, "dyad", "RUS", "USA"]);
    assert!(
        stdout(&o).contains("no events between them"),
        "{}",
        stdout(&o)
    );
}
