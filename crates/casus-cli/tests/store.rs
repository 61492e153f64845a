//! `casus ingest`, `query`, `export` and `stats` end to end: idempotent
//! ingest, bad lines skipped with their file and line, every output
//! layout, filters checked, and a store that survives SIGKILL at random
//! moments with nothing lost and nothing duplicated.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

fn casus_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_casus"));
    c.args(args)
        .env_remove("CASUS_DB")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    c
}

fn casus(args: &[&str]) -> Output {
    casus_cmd(args)
        .output()
        .unwrap_or_else(|e| panic!("running casus: {e}"))
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("casus-cli-store-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

fn fresh_db(name: &str) -> String {
    let p = dir().join(name);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    p.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn dump(db: &str) -> String {
    casus_store::Store::open(db)
        .and_then(|mut s| s.dump())
        .unwrap_or_else(|e| panic!("{db}: {e}"))
}

const FIXTURE: &str = "crates/casus-store/tests/fixtures/articles.jsonl";

#[test]
fn ingest_twice_changes_nothing_and_bad_lines_are_skipped() {
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(FIXTURE),
    )
    .unwrap_or_else(|e| panic!("{e}"));
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

/// A corpus large enough that ingest takes a while: the public suites'
/// texts, each under several ids (so the copies' reports merge too).
fn big_corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = String::new();
    let src = std::fs::read_to_string(root.join("../shared/suites/plover_gsr/articles.jsonl"))
        .unwrap_or_else(|e| panic!("{e}"));
    for copy in 0..30 {
        for line in src.lines() {
            let mut v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
            let id = format!("{}~{copy}", v["id"].as_str().unwrap_or("x"));
            v["id"] = id.into();
            v["outlet"] = format!("outlet{}", copy % 4).into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    let p = dir().join("big.jsonl");
    std::fs::write(&p, out).unwrap_or_else(|e| panic!("{e}"));
    p
}

/// The development set's articles under several ids and outlets, in
/// order and in reverse.
fn dev_copies(copies: usize) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/golden/dev"))
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
    let forward = dir().join("dev-forward.jsonl");
    std::fs::write(&forward, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    lines.reverse();
    let backward = dir().join("dev-backward.jsonl");
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

/// Runs casus with `args` and kills it with SIGKILL after `at`, if it is
/// still running then; returns whether it was killed.
fn kill_at(args: &[&str], at: std::time::Duration) -> bool {
    let mut child = casus_cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(at);
    let running = child.try_wait().ok().flatten().is_none();
    if running {
        child.kill().unwrap_or_else(|e| panic!("{e}"));
    }
    let _ = child.wait();
    running
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing() {
    let corpus = big_corpus();
    let corpus = corpus.to_str().unwrap_or_default();
    let clean = fresh_db("clean.db");
    let t = Instant::now();
    let o = casus(&[
        "--db", &clean, "ingest", "--batch", "40", "--jobs", "1", corpus,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let took = t.elapsed();
    let want = dump(&clean);
    assert!(want.lines().count() > 1000, "corpus too small to test");

    let crashed = fresh_db("crashed.db");
    // A seed from the clock, printed so a failure can be replayed.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("kill seed {seed}, clean ingest {took:?}");
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let total = casus_store::Store::open(&clean)
        .and_then(|mut s| s.totals())
        .unwrap_or_else(|e| panic!("{e}"))
        .articles;
    let mut killed = 0;
    let mut partial = Vec::new();
    // Six kills, and more (up to 20) until one has landed mid-ingest: a
    // loaded machine may stretch the run past where the kills land.
    for round in 0..20 {
        if round >= 6 && partial.iter().any(|&n| n > 0 && n < total) {
            break;
        }
        let at = took.mul_f64(0.05 + (next() % 1000) as f64 / 1000.0 * 0.9);
        if kill_at(
            &[
                "--db", &crashed, "ingest", "--batch", "40", "--jobs", "1", corpus,
            ],
            at,
        ) {
            killed += 1;
        }
        let n = casus_store::Store::open(&crashed)
            .and_then(|mut s| s.totals())
            .unwrap_or_else(|e| panic!("{e}"))
            .articles;
        partial.push(n);
    }
    eprintln!("articles stored after each killed run: {partial:?}");
    assert!(killed > 0, "no run was killed: the corpus ingests too fast");
    assert!(
        partial.iter().any(|&n| n > 0 && n < total),
        "no kill landed in the middle of an ingest: {partial:?} of {total}"
    );
    let o = casus(&["--db", &crashed, "ingest", "--batch", "40", corpus]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = dump(&crashed);
    assert!(
        got == want,
        "the store after {killed} kills differs from a clean ingest"
    );

    // A bulk load is one transaction: killed, it leaves the store as it
    // was; run again, it gives what batch by batch gave.
    let bulk = fresh_db("bulk.db");
    let t = Instant::now();
    let o = casus(&["--db", &bulk, "ingest", "--bulk", "--jobs", "1", corpus]);
    assert!(o.status.success(), "{}", stderr(&o));
    let took = t.elapsed();
    assert!(dump(&bulk) == want, "a bulk load gave another store");
    let mut crashed = fresh_db("bulk-crashed.db");
    let mut killed_mid = 0;
    for _ in 0..4 {
        let at = took.mul_f64(0.05 + (next() % 1000) as f64 / 1000.0 * 0.9);
        if kill_at(
            &["--db", &crashed, "ingest", "--bulk", "--jobs", "1", corpus],
            at,
        ) {
            let n = casus_store::Store::open(&crashed)
                .and_then(|mut s| s.totals())
                .unwrap_or_else(|e| panic!("{e}"));
            // Killed before its commit, nothing; after it (while the
            // statistics are refreshed), everything.
            let nothing = n.articles + n.reports + n.events == 0;
            assert!(
                nothing || dump(&crashed) == want,
                "a killed bulk load left {n:?}"
            );
            if nothing {
                killed_mid += 1;
            } else {
                crashed = fresh_db("bulk-crashed.db");
            }
        }
    }
    assert!(killed_mid > 0, "no bulk load was killed before its end");
    let o = casus(&["--db", &crashed, "ingest", "--bulk", corpus]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dump(&crashed) == want,
        "a bulk load after kills gave another store"
    );
}

/// The same commands on PostgreSQL, when a test server is given.
#[test]
fn ingest_and_query_on_postgres() {
    let Ok(base) = std::env::var("CASUS_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the PostgreSQL tests: set CASUS_TEST_POSTGRES"
        );
        eprintln!("CASUS_TEST_POSTGRES is not set: not run");
        return;
    };
    let base = base.trim_end_matches('/');
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("{e}"));
    admin
        .batch_execute("DROP DATABASE IF EXISTS casus_t_cli WITH (FORCE)")
        .unwrap_or_else(|e| panic!("{e}"));
    admin
        .batch_execute("CREATE DATABASE casus_t_cli")
        .unwrap_or_else(|e| panic!("{e}"));
    let db = format!("{base}/casus_t_cli");
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
