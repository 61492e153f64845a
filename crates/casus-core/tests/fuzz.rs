//! Fuzzing every entry point of the pipeline with property tests: bytes
//! of any kind, invalid UTF-8, NUL bytes, byte-order marks, CRLF,
//! right-to-left and CJK text, emoji and combining marks, text with no
//! sentence end, words thousands of letters long, and JSON articles whose
//! fields are of every wrong kind or nested thousands deep. Nothing may
//! panic or hang, and everything the pipeline returns must point into the
//! text it was given.
//!
//! The normal test run tries a few hundred inputs per property. The long
//! run of RELIABILITY.md sets `CASUS_FUZZ_CASES` (inputs per property):
//!
//! ```sh
//! CASUS_FUZZ_CASES=1500000 cargo test --release -p casus-core --test fuzz -- --nocapture
//! ```
//!
//! A watchdog ends the run, printing the input, if one input takes longer
//! than `CASUS_FUZZ_LIMIT_SECS` (default 20 s): a hang is a failure too.

use casus_core::record::ActorRecord;
use casus_core::{decode, ArticleMeta, Date, JsonArticle, JsonArticleError, Pipeline, Record};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{json, Value};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().unwrap_or_else(|e| panic!("{e}")))
}

/// Inputs per property: `CASUS_FUZZ_CASES`, else 256.
fn config() -> Config {
    let cases = std::env::var("CASUS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        max_shrink_iters: 4096,
        // A failing input is saved beside this file (fuzz.proptest-regressions,
        // which holds the three this file has found so far)
        // and tried first on every later run; commit it with the fix.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// The inputs being worked on, by thread, with when each began.
static RUNNING: Mutex<Vec<(std::thread::ThreadId, Instant, String)>> = Mutex::new(Vec::new());

/// Runs `f` on `input` under the watchdog: if it takes longer than the
/// limit, the process prints the input and exits with a failure.
fn watched<T>(input: &dyn std::fmt::Debug, f: impl FnOnce() -> T) -> T {
    static DOG: OnceLock<()> = OnceLock::new();
    DOG.get_or_init(|| {
        let limit = std::env::var("CASUS_FUZZ_LIMIT_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, started, input)) = running
                .iter()
                .find(|(_, started, _)| started.elapsed() > Duration::from_secs(limit))
            {
                eprintln!(
                    "fuzz: an input has run for {:.0} s (limit {limit} s), a hang: {}",
                    started.elapsed().as_secs_f64(),
                    input.chars().take(4000).collect::<String>()
                );
                std::process::exit(3);
            }
        });
    });
    /// Takes the input off the watch list when done, panic or not.
    struct Done(std::thread::ThreadId);
    impl Drop for Done {
        fn drop(&mut self) {
            RUNNING
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|(id, _, _)| *id != self.0);
        }
    }
    let me = std::thread::current().id();
    let shown = format!("{input:?}");
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((me, Instant::now(), shown));
    let _done = Done(me);
    f()
}

/// Pieces of hostile text: news words and punctuation, and everything a
/// scraper hands over.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "Israeli",
        "troops",
        "attacked",
        "the",
        "U.S.",
        "Gen.",
        "said",
        "on",
        "Friday",
        "Kyiv",
        "killed",
        "at least",
        "12",
        "1,200",
        "wounded",
        "in",
        "Iraq",
        "and",
        "Syria",
        "by",
        "Hamas",
        "'s",
        "Jan.",
        "2024-01-28",
        "police",
        "protesters",
        "arrested",
        "MOSCOW,",
        "(Reuters)",
        "-",
        "—",
        ".",
        ",",
        "?",
        "!",
        "\"",
        "\u{201C}",
        "\u{201D}",
        "'",
        "(",
        ")",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        " ",
        "\u{FEFF}",
        "\0",
        "\u{200F}",
        "\u{202E}",
        "\u{200D}",
        "\u{00A0}",
        "\u{2028}",
        "الجيش",
        "قتل",
        "צה״ל",
        "北京",
        "东京都",
        "서울",
        "👨\u{200D}👩\u{200D}👧",
        "🙂",
        "e\u{301}",
        "\u{FFFD}",
        "Київ",
        "...",
        "--",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        8 => fixed,
        // A word or number far longer than any real one.
        1 => (1usize..3000, prop::sample::select(vec!['a', 'Z', '9', '.', '-', '\'', 'é']))
            .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect()),
        1 => any::<String>(),
    ]
}

/// Text built from pieces, joined by spaces or nothing.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), any::<bool>()), 0..120).prop_map(|ps| {
        let mut s = String::new();
        for (p, space) in ps {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Bytes: hostile text with invalid UTF-8 and random bytes spliced in.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let chunk = prop_oneof![
        4 => piece().prop_map(String::into_bytes),
        1 => prop::sample::select(vec![
            vec![0xFFu8], vec![0xC3], vec![0xE2, 0x82], vec![0xF0, 0x9F, 0x99],
            vec![0xED, 0xA0, 0x80], vec![0xEF, 0xBB, 0xBF], vec![0x00], vec![0xC0, 0xAF],
        ]),
        1 => prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(chunk, 0..120).prop_map(|cs| cs.concat())
}

/// A sentence that never ends: words and commas, no full stop.
fn no_sentence_end() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "troops", "Gaza", "shelled", "and", "the", "city", ",", "police", "of", "Kenya", "said",
    ]);
    prop::collection::vec(word, 0..3000).prop_map(|w| w.join(" "))
}

/// Checks that every offset of `records` lies in `text` and that the
/// words each one quotes are the words at its offsets.
fn check_records(text: &str, records: &[Record]) -> Result<(), TestCaseError> {
    let at = |start: usize, end: usize, words: &str, what: &str| -> Result<(), TestCaseError> {
        prop_assert_eq!(
            text.get(start..end),
            Some(words),
            "{} at {}..{} does not slice the text",
            what,
            start,
            end
        );
        Ok(())
    };
    let actor = |a: &Option<ActorRecord>, what: &str| -> Result<(), TestCaseError> {
        if let Some(a) = a {
            // Implied actors have no words and point at the trigger.
            at(a.start, a.end, &a.text, what)?;
        }
        Ok(())
    };
    for r in records {
        at(
            r.evidence.start,
            r.evidence.end,
            &r.evidence.text,
            "evidence",
        )?;
        at(r.trigger.start, r.trigger.end, &r.trigger.text, "trigger")?;
        prop_assert!(r.evidence.start <= r.trigger.start && r.trigger.end <= r.evidence.end);
        if let Some(d) = &r.date_evidence {
            at(d.start, d.end, &d.text, "date evidence")?;
        }
        actor(&r.source, "source")?;
        actor(&r.target, "target")?;
        if let Some(l) = &r.location {
            if let (Some(s), Some(e)) = (l.start, l.end) {
                at(s, e, &l.text, "location")?;
            }
            if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
                prop_assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
            }
        }
        // Every record is one line of valid JSON.
        let line = r.to_json();
        prop_assert!(!line.contains('\n'));
        let back: Value = serde_json::from_str(&line)
            .map_err(|e| TestCaseError::fail(format!("record is not JSON: {e}: {line}")))?;
        prop_assert_eq!(back["id"].as_str(), Some(r.id.as_str()));
    }
    Ok(())
}

/// As [`check_records`] for any input: offsets are into the text as the
/// pipeline reads it (invalid UTF-8, NUL and a leading byte-order mark
/// read as spaces), which has every byte where the input has it.
fn check_decoded(input: &[u8], records: &[Record]) -> Result<(), TestCaseError> {
    let (text, _) = decode(input);
    prop_assert_eq!(text.len(), input.len());
    for (t, i) in text.bytes().zip(input) {
        prop_assert!(t == *i || t == b' ');
    }
    check_records(&text, records)
}

fn meta(id: &str) -> ArticleMeta {
    ArticleMeta {
        id: id.into(),
        date: Date::parse_iso("2024-02-04"),
        ..Default::default()
    }
}

/// Any JSON value, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        piece().prop_map(Value::String),
        prop::sample::select(vec![
            "2024-02-02",
            "2024-99-01",
            "",
            "0000-00-00",
            "2024-02-30"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(piece(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON article whose fields may be missing or of any kind.
fn json_article() -> impl Strategy<Value = Vec<u8>> {
    let field = |name: &'static str| {
        prop::option::of(json_value()).prop_map(move |v| v.map(|v| (name.to_string(), v)))
    };
    (
        field("id"),
        field("date"),
        field("outlet"),
        field("title"),
        field("url"),
        prop_oneof![
            3 => hostile_text().prop_map(|t| Some(("text".to_string(), Value::String(t)))),
            1 => field("text"),
        ],
        field("extra"),
    )
        .prop_map(|(a, b, c, d, e, f, g)| {
            let obj: serde_json::Map<String, Value> =
                [a, b, c, d, e, f, g].into_iter().flatten().collect();
            serde_json::to_vec(&Value::Object(obj)).unwrap_or_default()
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn hostile_text_extracts_without_panic(text in hostile_text()) {
        let ex = watched(&text, || pipeline().extract_text(meta("t"), &text));
        check_decoded(text.as_bytes(), &ex.records)?;
    }

    #[test]
    fn any_bytes_extract_without_panic(bytes in hostile_bytes()) {
        let ex = watched(&bytes, || pipeline().extract(meta("b"), &bytes));
        check_decoded(&bytes, &ex.records)?;
        // Every replacement is reported with its byte offset.
        let bad = std::str::from_utf8(&bytes).is_err();
        prop_assert!(!bad || !ex.diagnostics.is_empty());
    }

    #[test]
    fn hostile_bytes_parse_into_trees_over_their_text(bytes in hostile_bytes()) {
        let (sentences, _) = watched(&bytes, || pipeline().parse(meta("p"), &bytes))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = casus_core::decode(&bytes).0;
        for s in &sentences {
            prop_assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
            for w in &s.words {
                prop_assert!(w.head as usize <= s.words.len());
                prop_assert_eq!(text.get(w.start..w.end), Some(w.text.as_str()));
            }
        }
    }

    #[test]
    fn random_bytes_extract_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let ex = watched(&bytes, || pipeline().extract(meta("r"), &bytes));
        check_decoded(&bytes, &ex.records)?;
    }

    #[test]
    fn text_with_no_sentence_end_is_cut_and_extracted(text in no_sentence_end()) {
        let ex = watched(&text, || pipeline().extract_text(meta("n"), &text));
        check_decoded(text.as_bytes(), &ex.records)?;
        for r in &ex.records {
            // No sentence is longer than the cap on its tokens allows.
            prop_assert!(r.evidence.text.split_whitespace().count() <= casus_core::MAX_SENTENCE_TOKENS);
        }
    }

    #[test]
    fn json_articles_parse_or_say_why(line in json_article()) {
        let got = watched(&String::from_utf8_lossy(&line), || JsonArticle::parse(&line));
        let v: Value = serde_json::from_slice(&line).map_err(|e| TestCaseError::fail(e.to_string()))?;
        match got {
            Ok(a) => {
                prop_assert_eq!(Some(a.text.as_str()), v["text"].as_str());
                let ex = watched(&a.text, || pipeline().extract_text(a.meta("j", None), &a.text));
                check_decoded(a.text.as_bytes(), &ex.records)?;
            }
            Err(JsonArticleError::Invalid(m)) => {
                // The message names the field at fault.
                prop_assert!(
                    ["\"text\"", "\"id\"", "\"date\"", "\"outlet\"", "\"title\"", "\"url\""]
                        .iter()
                        .any(|f| m.contains(f)),
                    "{}", m
                );
            }
            Err(JsonArticleError::NotJson(m)) => prop_assert!(false, "valid JSON refused: {}", m),
        }
    }

    #[test]
    fn any_bytes_as_a_json_article_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = watched(&bytes, || JsonArticle::parse(&bytes));
    }

    #[test]
    fn dates_parse_or_not(s in "\\PC{0,24}|[0-9,.-]{0,24}") {
        watched(&s, || {
            if let Some(d) = Date::parse_iso(&s) {
                // A date read is the date written at the start, and what
                // follows it is no digit.
                assert!(s.starts_with(&d.to_string()), "{s:?} read as {d}");
                assert!(!s.as_bytes().get(10).is_some_and(u8::is_ascii_digit), "{s:?}");
            }
        });
    }
}

/// JSON nested far deeper than any parser's recursion should go is an
/// error, not a stack overflow.
#[test]
fn deeply_nested_json_is_refused() {
    for depth in [200, 10_000, 1_000_000] {
        let mut s = String::from("{\"text\":\"Police arrested ten protesters.\",\"x\":");
        s.push_str(&"[".repeat(depth));
        s.push_str(&"]".repeat(depth));
        s.push('}');
        match JsonArticle::parse(s.as_bytes()) {
            Err(JsonArticleError::NotJson(m)) => assert!(m.contains("recursion"), "{m}"),
            other => panic!("depth {depth}: {other:?}"),
        }
    }
}

/// A 50 MB article on one line with no sentence end (a scrape gone
/// wrong): cut into bounded sentences and extracted, with every offset in
/// the text.
#[test]
fn fifty_megabytes_on_one_line() {
    let unit =
        "Police said troops shelled the city of Kharkiv , killing 3 civilians and wounding 12 ";
    let text = unit.repeat(50_000_000 / unit.len() + 1);
    // Not under the watchdog: 50 MB take about 13 s here. Every event of
    // the text is the same one, so they merge into one record.
    let ex = pipeline().extract_text(meta("big"), &text);
    assert!(!ex.records.is_empty());
    for r in &ex.records {
        assert_eq!(
            text.get(r.evidence.start..r.evidence.end),
            Some(r.evidence.text.as_str())
        );
        assert!(r.evidence.text.len() < 4 * casus_core::MAX_SENTENCE_TOKENS * 12);
    }
}
