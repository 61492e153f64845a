//! Property tests: extraction never panics and always returns evidence
//! that slices the input. (That segmentation tiles the text is a property
//! test of `text.rs`.)

use casus_core::{ArticleMeta, Pipeline};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().unwrap_or_else(|e| panic!("{e}")))
}

/// News-like text: words from event reporting mixed with punctuation,
/// quotes, numbers, non-ASCII and odd whitespace.
fn newsy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
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
        "\u{201C}",
        "\u{201D}",
        "\"",
        ".",
        ",",
        "?",
        "killed",
        "12",
        "1,200",
        "at least",
        "\n\n",
        "Iran's",
        "Jan.",
        "5",
        "Київ",
        "北京",
        "🙂",
        "\u{FFFD}",
        "-",
        "—",
        "(AP)",
        "MOSCOW,",
        "militants",
        "in",
        "Iraq",
        "and",
        "Syria",
        "were",
        "by",
        "Hamas",
        "'s",
        "\t",
        "\r\n",
    ]);
    prop::collection::vec(words, 0..80).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn extraction_never_panics_and_evidence_slices_the_input(text in newsy()) {
        let ex = pipeline().extract_text(ArticleMeta { id: "p".into(), ..Default::default() }, &text);
        for r in &ex.records {
            prop_assert_eq!(text.get(r.evidence.start..r.evidence.end), Some(r.evidence.text.as_str()));
            prop_assert_eq!(text.get(r.trigger.start..r.trigger.end), Some(r.trigger.text.as_str()));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let ex = pipeline().extract(ArticleMeta { id: "b".into(), ..Default::default() }, &bytes);
        prop_assert!(ex.records.len() <= bytes.len());
    }
}
