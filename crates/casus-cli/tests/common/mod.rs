//! What the store tests share: running casus, fresh stores, and the
//! corpora they ingest.

// Each test file uses its own share of these.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The workspace's root, where casus runs.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `casus ARGS`, run in the workspace's root without a CASUS_DB.
pub fn casus_cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_casus"));
    c.args(args).env_remove("CASUS_DB").current_dir(root());
    c
}

/// Runs `casus ARGS` to its end.
pub fn casus(args: &[&str]) -> Output {
    casus_cmd(args)
        .output()
        .unwrap_or_else(|e| panic!("running casus: {e}"))
}

/// A folder of this test process's own.
pub fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("casus-cli-store-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    d
}

/// The path of a SQLite store named `name` in [`dir`], with no file yet.
pub fn fresh_db(name: &str) -> String {
    let p = dir().join(name);
    for ext in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
    p.display().to_string()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Everything `db` holds, in a fixed order (equal dumps, equal stores).
pub fn dump(db: &str) -> String {
    casus_store::Store::open(db)
        .and_then(|mut s| s.dump())
        .unwrap_or_else(|e| panic!("{db}: {e}"))
}

/// How many articles, reports and events `db` holds.
pub fn totals(db: &str) -> casus_store::Totals {
    casus_store::Store::open(db)
        .and_then(|mut s| s.totals())
        .unwrap_or_else(|e| panic!("{db}: {e}"))
}

/// Asserts that `casus check` finds `db` sound; `when` says after what.
pub fn assert_sound(db: &str, when: &str) {
    let o = casus(&["--db", db, "check"]);
    assert!(
        o.status.success(),
        "{when}: the store is not sound:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
}

/// A corpus large enough that ingest takes a while: the PLOVER suite's
/// texts, each under 30 ids and four outlets. Written once per test
/// process (tests run in parallel, and one must never read the file
/// while another rewrites it).
pub fn big_corpus() -> PathBuf {
    static CORPUS: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let mut out = String::new();
            let src =
                std::fs::read_to_string(root().join("../shared/suites/plover_gsr/articles.jsonl"))
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
        })
        .clone()
}

/// A PostgreSQL server for the tests (CASUS_TEST_POSTGRES); `None`, said
/// on standard error, when there is none, and a failure under CI, which
/// must run these tests.
pub fn postgres_base() -> Option<String> {
    match std::env::var("CASUS_TEST_POSTGRES") {
        Ok(base) => Some(base.trim_end_matches('/').to_string()),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the PostgreSQL tests: set CASUS_TEST_POSTGRES"
            );
            eprintln!("CASUS_TEST_POSTGRES is not set: not run");
            None
        }
    }
}

/// A new, empty PostgreSQL database `name` on `base`; returns its URL.
pub fn fresh_postgres(base: &str, name: &str) -> String {
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("{e}"));
    // Each on its own: neither may run inside a transaction block.
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin.batch_execute(&sql).unwrap_or_else(|e| panic!("{e}"));
    }
    format!("{base}/{name}")
}

/// Stops the server however the test ends.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `casus serve` on a free port; returns it and its URL.
pub fn serve(db: &str, token: &str) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args([
            "--db",
            db,
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token",
            token,
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting casus serve: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| unreachable!());
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stderr)
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("{e}"));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (server, url)
}
