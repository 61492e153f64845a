//! The web page in a real browser: `casus serve` on a store seeded with
//! the development set and a flare between two countries, driven in headless Chromium by
//! tests/browser/page.test.mjs (playwright-core). Screenshots go to
//! target/browser-screenshots.
//!
//! Needs Debian's chromium and `npm ci` in tests/browser; without them
//! the test says so and passes, except under CI (`CI` set), where it
//! fails: .ci/run installs both.

mod common;

use common::{root, serve};
use std::path::Path;
use std::process::Command;

#[test]
fn the_page_works_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let tests = root().join("tests/browser");
    let ready = Path::new(&chromium).exists()
        && tests.join("node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs {chromium}, node and `npm ci` in tests/browser"
        );
        eprintln!("skipped: no {chromium}, node or tests/browser/node_modules");
        return;
    }
    let dir = std::env::temp_dir().join(format!("casus-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let db = dir.join("page.db").display().to_string();
    let seeded = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(["--db", &db, "ingest"])
        .arg(root().join("tests/golden/dev"))
        // A flare after calm, for the dyad view's alert.
        .arg(root().join("crates/casus-store/tests/fixtures/flare.jsonl"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let token = "browser-test-token";
    let (_server, url) = serve(&db, token);
    let shots = root().join("target/browser-screenshots");
    let run = Command::new("node")
        .arg("page.test.mjs")
        .current_dir(&tests)
        .env("CASUS_URL", &url)
        .env("CASUS_TOKEN", token)
        .env("CASUS_SHOTS", &shots)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap_or_else(|e| panic!("running node: {e}"));
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    eprintln!("{out}{err}");
    assert!(
        run.status.success(),
        "the page failed in Chromium:\n{out}{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
