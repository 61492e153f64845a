//! The `casus` binary on good and bad input: errors name the file and
//! line, the rest of a batch goes through, and the exit code says that
//! something failed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn casus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .unwrap_or_else(|e| panic!("running casus: {e}"))
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casus-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    p
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}")))
        .collect()
}

#[test]
fn readme_example_runs() {
    let o = casus(&["extract", "examples/kabul-airport.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let recs = lines(&o);
    assert!(
        recs.iter().any(|r| r["event_type"] == "ASSAULT"),
        "no ASSAULT in the README example"
    );
}

#[test]
fn empty_file_gives_no_records_and_succeeds() {
    let p = tmp("empty.txt", b"");
    let o = casus(&["extract", p.to_str().unwrap_or_default()]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_and_extraction_goes_on() {
    let p = tmp("bad-utf8.txt", b"date 2024-02-02\n\nIsraeli troops \xFF\xFE raided the city of Jenin on Friday, killing three militants.");
    let o = casus(&["extract", p.to_str().unwrap_or_default()]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad-utf8.txt: byte 32: invalid UTF-8"),
        "stderr: {err}"
    );
    assert!(
        !lines(&o).is_empty(),
        "the rest of the article was not extracted"
    );
}

#[test]
fn malformed_jsonl_line_is_named_and_the_rest_goes_through() {
    let p = tmp(
        "batch.jsonl",
        b"{\"id\":\"a\",\"date\":\"2024-01-05\",\"text\":\"Russian forces shelled Kharkiv on Friday, killing two people.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"date\":\"2024-01-05\",\"text\":\"Protesters marched in Nairobi on Thursday against new taxes.\"}\n",
    );
    let o = casus(&["extract", p.to_str().unwrap_or_default()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed line must make the exit code non-zero"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("batch.jsonl:2: not JSON"), "stderr: {err}");
    let ids: Vec<String> = lines(&o)
        .iter()
        .map(|r| r["article_id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        ids.contains(&"a".to_string()) && ids.contains(&"c".to_string()),
        "ids: {ids:?}"
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let o = casus(&["extract", "no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/file.txt: no such file"));
}

#[test]
fn ten_megabyte_article() {
    let sentence = "Israeli aircraft struck a building in Gaza City on Tuesday, killing four people, officials said. ";
    let mut text = String::from("date 2024-03-05\n\n");
    while text.len() < 10_000_000 {
        text.push_str(sentence);
    }
    let p = tmp("big.txt", text.as_bytes());
    let o = casus(&["extract", p.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // One event repeated in every sentence is one record per day and dyad.
    assert!(!lines(&o).is_empty());
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    let a = casus(&["extract", "--jobs", "1", "tests/golden/dev"]);
    let b = casus(&["extract", "--jobs", "2", "tests/golden/dev"]);
    assert!(a.status.success() && b.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn stdin_and_date_flag() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(["extract", "--date", "2024-02-04", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    use std::io::Write;
    child
        .stdin
        .take()
        .map(|mut s| {
            s.write_all(b"Turkish warplanes struck Kurdish militants in northern Iraq on Friday.")
        })
        .transpose()
        .unwrap_or_else(|e| panic!("{e}"));
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let recs = lines(&o);
    assert_eq!(
        recs.first().map(|r| r["date"].clone()),
        Some(serde_json::json!("2024-02-02"))
    );
}

#[test]
fn bad_data_file_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("casus-cli-data-{}", std::process::id()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for name in casus_core::DataFiles::NAMES {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(root.join(name), &to).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let agents = dir.join("actors/agents.tsv");
    let mut text = std::fs::read_to_string(&agents).unwrap_or_default();
    text.push_str("gendarmes\tXXX\tgroup\n");
    std::fs::write(&agents, &text).unwrap_or_else(|e| panic!("{e}"));
    let line = text.lines().count();
    let o = casus(&[
        "--data",
        dir.to_str().unwrap_or_default(),
        "extract",
        "examples/kabul-airport.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "actors/agents.tsv:{line}: \"XXX\" is not a CAMEO sector code"
        )),
        "stderr: {err}"
    );
}

/// A copy of `data/` in a fresh directory, with `file` replaced by what
/// `edit` makes of it; returns casus's exit code and standard error.
fn with_broken_data(tag: &str, file: &str, edit: impl Fn(&str) -> String) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("casus-cli-data-{tag}-{}", std::process::id()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for name in casus_core::DataFiles::NAMES {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(root.join(name), &to).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap_or(&dir)).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, edit(&text)).unwrap_or_else(|e| panic!("{e}"));
    let o = casus(&[
        "--data",
        dir.to_str().unwrap_or_default(),
        "extract",
        "examples/kabul-airport.txt",
    ]);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn bad_or_empty_gazetteer_files_name_file_and_line() {
    let (code, err) = with_broken_data("admin1", "gazetteer/admin1.tsv", |t| {
        format!("{t}IRQ\t99\t\tNowhere\t\t123.0\t44.0\t1000\n")
    });
    let line = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer/admin1.tsv"),
    )
    .map(|t| t.lines().count() + 1)
    .unwrap_or_default();
    assert_eq!(code, Some(2));
    assert!(
        err.contains(&format!(
            "gazetteer/admin1.tsv:{line}: bad coordinate \"123.0\""
        )),
        "stderr: {err}"
    );
    let (code, err) = with_broken_data("cities", "gazetteer/cities.tsv", |_| String::new());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("gazetteer/cities.tsv:0: empty file"),
        "stderr: {err}"
    );
}

/// A data directory's own syntax model is checked at start-up: one of an
/// older format, or damaged, stops casus before any article is read, with
/// the directory, the file and what is wrong.
#[test]
fn a_damaged_or_outdated_syntax_model_stops_casus_at_start_up() {
    let model = "syntax/en_ewt.model";
    let (code, err) = with_broken_data("old-model", model, |_| "CASUSYN1 tables".into());
    assert_eq!(code, Some(2));
    assert!(
        err.contains(
            "syntax/en_ewt.model:0: model byte 7: format version 1, and this casus reads version 2"
        ),
        "stderr: {err}"
    );
    let (code, err) = with_broken_data("cut-model", model, |_| "CASUSYN2 a model cut short".into());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("loading the data in")
            && err.contains("syntax/en_ewt.model:0: model byte 18: its checksum does not match"),
        "stderr: {err}"
    );
}

/// `casus bench` runs end to end (nothing here is timed): the corpus it
/// writes is the input of `casus extract`, the peer runs on that file and
/// its report is read, and a peer that fails, or a peer without a corpus
/// file, is a clear error.
#[test]
fn bench_writes_its_corpus_and_reads_its_peer() {
    let corpus = tmp("bench-corpus.jsonl", b"");
    let corpus_s = corpus.to_str().unwrap_or_default();
    let peer = tmp(
        "peer.sh",
        b"#!/bin/sh\n# CORPUS --mb MB --processes N\ntest -s \"$1\" && test \"$2\" = --mb || exit 3\necho warming up\necho '{\"name\":\"a stub\",\"articles\":2,\"bytes\":2000,\"seconds\":0.5,\"entities\":7}'\n",
    );
    let peer_cmd = format!("sh {}", peer.display());
    let o = casus(&[
        "bench",
        "--mb",
        "1",
        "--jobs",
        "2",
        "--corpus-out",
        corpus_s,
        "--peer",
        &peer_cmd,
        "examples",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for want in [
        "corpus: ",
        "floor:",
        "1 thread:",
        "stages: article",
        "2 threads:",
        "peak memory:",
        "(a stub, 1 process, 0.0 MB in 0.5 s, 7 entities)",
        "(a stub, 2 processes,",
        "x the peer on 1 core",
    ] {
        assert!(out.contains(want), "no {want:?} in:\n{out}");
    }
    // The corpus: at least 1 MB of articles, each one extractable.
    let text = std::fs::read_to_string(&corpus).unwrap_or_default();
    let articles: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let bytes: usize = articles
        .iter()
        .map(|a| a["text"].as_str().map_or(0, str::len))
        .sum();
    assert!(bytes >= 1_000_000, "{bytes} bytes");
    let o = casus(&["extract", corpus_s]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let records = lines(&o);
    assert!(records.len() >= articles.len(), "{} records", records.len());

    let bad = tmp(
        "bad-peer.sh",
        b"#!/bin/sh\necho model not found >&2\nexit 4\n",
    );
    let bad_cmd = format!("sh {}", bad.display());
    let o = casus(&[
        "bench",
        "--mb",
        "1",
        "--quick",
        "--corpus-out",
        corpus_s,
        "--peer",
        &bad_cmd,
        "examples",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("failed") && err.contains("model not found"),
        "{err}"
    );

    let o = casus(&["bench", "--mb", "1", "--peer", &bad_cmd, "examples"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("--peer needs --corpus-out"), "{err}");
}

/// Every bad input of tests/bad-inputs does what expected.tsv says: its
/// exit code, its number of records, and errors or warnings that name the
/// file, the line and the byte. Each record of a text file points at the
/// file's own bytes. All of them as one batch: the good ones go through
/// and the exit code says that some failed.
#[test]
fn bad_inputs_behave_as_expected_tsv_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("tests/bad-inputs");
    let manifest = std::fs::read_to_string(dir.join("expected.tsv"))
        .unwrap_or_else(|e| panic!("expected.tsv: {e}"));
    let mut total = 0;
    let mut listed = Vec::new();
    for (n, line) in manifest.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, code, records, said] = cols[..] else {
            panic!("expected.tsv:{}: four columns, got {line:?}", n + 1);
        };
        listed.push(file.to_string());
        let path = format!("tests/bad-inputs/{file}");
        let o = casus(&["extract", &path]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code().map(|c| c.to_string()).as_deref(),
            Some(code),
            "{file}: {err}"
        );
        let recs = lines(&o);
        assert_eq!(
            recs.len().to_string(),
            records,
            "{file}: records; stderr: {err}"
        );
        for part in said.split('|').filter(|p| !p.is_empty()) {
            assert!(err.contains(part), "{file}: no {part:?} in:\n{err}");
        }
        total += recs.len();
        if file.ends_with(".txt") {
            let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{e}"));
            for r in &recs {
                let (s, e) = (
                    r["evidence"]["start"].as_u64(),
                    r["evidence"]["end"].as_u64(),
                );
                let (Some(s), Some(e)) = (s, e) else {
                    panic!("{file}: no offsets in {r}");
                };
                let at = &bytes[s as usize..e as usize];
                let said = r["evidence"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .as_bytes();
                assert_eq!(at.len(), said.len(), "{file}: {r}");
                // The same bytes, but for those read as spaces.
                assert!(
                    at.iter().zip(said).all(|(a, b)| a == b || *b == b' '),
                    "{file}: evidence is not the file's bytes at {s}..{e}"
                );
            }
        }
    }
    // Every file of the folder is listed.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".txt") || f.ends_with(".jsonl"))
        .collect();
    files.sort();
    listed.sort();
    assert_eq!(
        files, listed,
        "files of tests/bad-inputs not in expected.tsv, or gone"
    );
    // All at once: the rest of the batch goes through, exit code 1.
    let o = casus(&["extract", "tests/bad-inputs"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(lines(&o).len(), total);
}

/// `casus places` on a short report in our own words: every place name
/// and demonym with the place read for it, as the golden file has them
/// (`CASUS_BLESS=1` rewrites the golden file after a deliberate change).
#[test]
fn places_lists_every_place_name_with_its_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/places");
    let input = root.join("floods.txt");
    let want_path = root.join("floods.places.jsonl");
    let o = casus(&["places", input.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = String::from_utf8_lossy(&o.stdout).into_owned();
    if std::env::var_os("CASUS_BLESS").is_some() {
        std::fs::write(&want_path, &got).unwrap_or_else(|e| panic!("{e}"));
    }
    let want = std::fs::read_to_string(&want_path).unwrap_or_else(|e| panic!("{e}"));
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        assert_eq!(a, b, "line {} of {}", i + 1, want_path.display());
    }
    assert_eq!(g.len(), w.len(), "{got}");
}

/// The CoNLL-U word lines of `casus parse` output, as columns.
fn conllu_words(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn parse_writes_one_tree_per_sentence_over_the_text() {
    // The date line is the article's metadata, not its text: not parsed.
    let text = "date 2024-03-04\nGunmen attacked a police station in Kano on Monday. \
                The army said two officers were killed and the attackers didn't escape.\n";
    let input = tmp("parse-kano.txt", text.as_bytes());
    let o = casus(&["parse", input.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.starts_with("# newdoc id = parse-kano\n# sent_id = parse-kano-1\n"),
        "{out}"
    );
    let sentences: Vec<&str> = out.split("\n\n").filter(|s| s.contains('\t')).collect();
    assert_eq!(sentences.len(), 2, "{out}");
    for s in &sentences {
        let words = conllu_words(s);
        assert!(words.iter().all(|w| w.len() == 10), "{s}");
        let roots = words.iter().filter(|w| w[6] == "0").count();
        assert_eq!(roots, 1, "one root: {s}");
        for w in &words {
            // TokenRange points at the word's bytes in the article.
            let range = w[9].rsplit("TokenRange=").next().unwrap_or_default();
            let (a, b) = range.split_once(':').unwrap_or_default();
            let (a, b): (usize, usize) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
            assert_eq!(text.get(a..b), Some(w[1].as_str()), "{s}");
        }
    }
    let first = conllu_words(sentences[0]);
    assert_eq!(first[0][1], "Gunmen");
    assert_eq!(first[0][7], "nsubj", "{}", sentences[0]);
    assert_eq!(first[0][6], "2", "Gunmen hangs on attacked");
    let second = conllu_words(sentences[1]);
    let forms: Vec<&str> = second.iter().map(|w| w[1].as_str()).collect();
    assert!(
        forms.windows(2).any(|p| p == ["did", "n't"]),
        "contractions split: {forms:?}"
    );
}

#[test]
fn parse_conllu_keeps_the_words_and_a_bad_file_is_named() {
    let good = "# sent_id = a1\n# text = Rebels seized the town.\n\
                1\tRebels\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
                2\tseized\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                3\tthe\t_\tDET\tDT\t_\t4\tdet\t_\t_\n\
                4\ttown\t_\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No\n\
                5\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    let path = tmp("good.conllu", good.as_bytes());
    let o = casus(&["parse", "--conllu", path.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.starts_with("# sent_id = a1\n# text = Rebels seized the town.\n"),
        "{out}"
    );
    let forms: Vec<String> = conllu_words(&out)
        .into_iter()
        .map(|w| w[1].clone())
        .collect();
    assert_eq!(forms, ["Rebels", "seized", "the", "town", "."]);

    let bad = tmp(
        "bad.conllu",
        b"# sent_id = b1\n1\tRebels\t_\tNOUNS\tNNS\t_\t0\troot\t_\t_\n\n",
    );
    let o = casus(&["parse", "--conllu", bad.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.conllu") && err.contains("line 2"),
        "{err}"
    );
}
