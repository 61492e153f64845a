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
            root.join("crates/casus-syntax/src").join(part),
            root.join("crates/casus-syntax/examples").join(part),
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

/// The top-level modules of a crate's `src/` and the ones each names
/// through `crate::` (outside its tests).
fn module_graph(src: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut files = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.map(|e| e.path()).unwrap_or_default();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut graph: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for f in files {
        let rel = f.strip_prefix(src).unwrap_or(&f);
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let module = first
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let uses = graph.entry(module.clone()).or_default();
        for part in code.split("crate::").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module && !uses.contains(&name) {
                uses.push(name);
            }
        }
        // `use crate::{a, b::c}`
        for part in code.split("crate::{").skip(1) {
            for item in part.split('}').next().unwrap_or("").split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module && !uses.contains(&name) {
                    uses.push(name);
                }
            }
        }
    }
    graph
}

/// A cycle among the modules of `graph`, if there is one.
fn cycle(graph: &std::collections::BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &std::collections::BTreeMap<String, Vec<String>>,
        m: &str,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            return Some(path[i..].to_vec());
        }
        if done.iter().any(|d| d == m) {
            return None;
        }
        path.push(m.to_string());
        for n in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, n, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.push(m.to_string());
        None
    }
    let mut done = Vec::new();
    graph
        .keys()
        .find_map(|m| visit(graph, m, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for krate in ["casus-core", "casus-store"] {
        let graph = module_graph(&root.join("crates").join(krate).join("src"));
        assert!(
            graph.len() > 5,
            "{krate}: only {} modules found",
            graph.len()
        );
        if let Some(c) = cycle(&graph) {
            panic!("{krate}: modules import each other: {}", c.join(" -> "));
        }
    }
}
