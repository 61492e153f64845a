//! ARCHITECTURE.md stays true: every file or folder it names exists.

use std::path::Path;

#[test]
fn every_path_in_architecture_md_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("ARCHITECTURE.md: {e}"));
    let mut missing = Vec::new();
    let mut checked = 0;
    for (i, part) in text.split('`').enumerate() {
        // Odd parts are inside backticks.
        if i % 2 == 0 || part.contains(' ') || part.contains("::") || part.contains('*') {
            continue;
        }
        let looks_like_path = part.ends_with(".rs")
            || part.ends_with(".md")
            || part.ends_with(".tsv")
            || part.ends_with(".py")
            || part.ends_with(".js")
            || part.ends_with(".mjs")
            || part.ends_with('/');
        if !looks_like_path {
            continue;
        }
        let candidates = [
            root.join(part),
            root.join("crates/casus-core/src").join(part),
            root.join("crates/casus-core/src/candidates").join(part),
            root.join("crates/casus-core/src/mentions").join(part),
            root.join("crates/casus-core/src/record").join(part),
            root.join("crates/casus-core/src/geo").join(part),
            root.join("tests/golden").join(part),
            root.join("crates/casus-core/tests").join(part),
            root.join("crates/casus-cli/src").join(part),
            root.join("crates/casus-cli/tests").join(part),
            root.join("crates/casus-store/src").join(part),
            root.join("crates/casus-server/src").join(part),
            root.join("crates/casus-server/tests").join(part),
            root.join("crates/casus-server").join(part),
            root.join("crates/casus-server/assets").join(part),
            root.join("crates/casus-export/src").join(part),
            root.join("crates/casus-py").join(part),
            root.join("examples").join(part),
            root.join("data").join(part),
            root.join("bench").join(part),
        ];
        checked += 1;
        if !candidates.iter().any(|p| p.exists()) {
            missing.push(part.to_string());
        }
    }
    assert!(
        checked > 20,
        "only {checked} paths found: did the format of ARCHITECTURE.md change?"
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}; update the code map"
    );
}
