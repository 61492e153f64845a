//! The tagger and parser learn a small treebank written for this test, the
//! model survives its file format, and bad input is named by line or byte.

use casus_syntax::{conllu, score, train, Model, TrainOptions};

const SMALL: &str = include_str!("data/small.conllu");

fn trained() -> Model {
    let sents = conllu::read(SMALL).expect("the small treebank reads");
    let opts = TrainOptions {
        tagger_epochs: 8,
        parser_epochs: 8,
        jackknife: 1,
        // Five sentences give small averaged weights: keep them all.
        floor: 0.0,
        seeds: 2,
        note: "small test treebank".into(),
        ..TrainOptions::default()
    };
    train(&sents, &opts)
}

#[test]
fn the_reader_keeps_words_tags_heads_and_relations() {
    let sents = conllu::read(SMALL).expect("reads");
    assert_eq!(sents.len(), 5);
    let s = &sents[1];
    assert_eq!(s.id, "small-2");
    assert_eq!(s.words[3], "killed");
    assert_eq!(s.upos[3].as_str(), "VERB");
    assert_eq!(s.xpos[3], "VBN");
    assert_eq!(s.heads[3], 9);
    assert_eq!(s.deprels[1], "nsubj:pass");
}

#[test]
fn a_model_learns_the_sentences_it_was_trained_on() {
    let model = trained();
    let sents = conllu::read(SMALL).expect("reads");
    let s = score(&model, &sents);
    assert!(s.upos > 0.97, "tags {:.3}", s.upos);
    assert!(s.uas > 0.97, "heads {:.3}", s.uas);
    assert!(s.las > 0.95, "relations {:.3}", s.las);
}

#[test]
fn the_subject_of_a_new_sentence_is_found() {
    let model = trained();
    let words = ["Gunmen", "attacked", "the", "airport", "."];
    let a = model.analyse(&words);
    assert_eq!(a.head(0), Some(1), "Gunmen hangs on attacked");
    assert_eq!(a.deprel(0), "nsubj");
    assert_eq!(a.head(1), None, "attacked is the root");
    assert_eq!(a.head(3), Some(1));
    assert_eq!(a.deprel(3), "obj");
}

#[test]
fn a_model_read_back_from_its_bytes_parses_the_same() {
    let model = trained();
    let again = Model::from_bytes(&model.to_bytes()).expect("reads back");
    assert_eq!(again.note(), "small test treebank");
    let words = ["Rebels", "seized", "the", "airport", "."];
    let (a, b) = (model.analyse(&words), again.analyse(&words));
    assert_eq!(a.heads, b.heads);
    assert_eq!(a.upos, b.upos);
    assert_eq!(
        (0..5).map(|i| a.deprel(i)).collect::<Vec<_>>(),
        (0..5).map(|i| b.deprel(i)).collect::<Vec<_>>()
    );
}

#[test]
fn every_word_gets_one_head_and_the_tree_has_one_root() {
    let model = trained();
    let words = [
        "said", "the", "police", ",", "who", "fired", "at", "rebels", "in", "the", "town", ".",
    ];
    let a = model.analyse(&words);
    assert_eq!(a.heads.len(), words.len());
    assert_eq!(a.heads.iter().filter(|&&h| h == 0).count(), 1);
    assert!(a.heads.iter().all(|&h| h as usize <= words.len()));
    assert!(model.analyse(&[]).heads.is_empty());
}

#[test]
fn pruning_drops_small_weights_and_keeps_the_model_working() {
    let model = trained();
    let small = model.pruned([0.5; 3]);
    let (before, after) = (model.sizes(), small.sizes());
    assert!(
        after.iter().zip(before).all(|(a, b)| *a <= b),
        "{after:?} vs {before:?}"
    );
    assert!(
        after.iter().zip(before).any(|(a, b)| *a < b),
        "something is pruned"
    );
    assert_eq!(
        small
            .analyse(&["Rebels", "seized", "the", "town", "."])
            .heads
            .len(),
        5
    );
}

#[test]
fn the_mean_of_a_model_and_itself_parses_as_it_does() {
    let model = trained();
    let twice = Model::mean(&[model.clone(), model.clone()]);
    assert_eq!(twice.sizes(), model.sizes());
    let words = ["Protesters", "marched", "to", "the", "airport", "."];
    let (a, b) = (model.analyse(&words), twice.analyse(&words));
    assert_eq!(a.heads, b.heads);
    assert_eq!(a.upos, b.upos);
}

#[test]
fn a_bad_line_is_named() {
    let err = conllu::read("# sent_id = x\n1\tword\tword\tNOUN\n").expect_err("too few columns");
    assert!(err.to_string().starts_with("line 2:"), "{err}");
    let err = conllu::read("1\tword\tword\tNOUNISH\tNN\t_\t0\troot\t_\t_\n").expect_err("bad tag");
    assert!(err.to_string().contains("UPOS"), "{err}");
}

#[test]
fn a_bad_model_is_named_by_byte() {
    let err = Model::from_bytes(b"NOTAMODEL").expect_err("bad magic");
    assert!(
        err.to_string().starts_with("model byte 0: not a casus"),
        "{err}"
    );
    let bytes = trained().to_bytes();
    let half = &bytes[..bytes.len() / 2];
    let err = Model::from_bytes(half).expect_err("cut short");
    assert!(err.to_string().contains("checksum does not match"), "{err}");
    let err = Model::check(&bytes[..12]).expect_err("too short for a checksum");
    assert!(err.to_string().contains("ends early"), "{err}");
}

/// One byte changed anywhere, even in a weight the parse might not miss,
/// and the model is refused; the format's version is read before all else.
#[test]
fn a_damaged_or_older_model_is_refused() {
    let bytes = trained().to_bytes();
    assert!(Model::check(&bytes).is_ok());
    for at in [9, bytes.len() / 3, bytes.len() - 9] {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x10;
        let err = Model::check(&damaged).expect_err("damaged");
        assert!(err.to_string().contains("checksum"), "byte {at}: {err}");
    }
    let mut older = bytes.clone();
    older[7] = b'1';
    let err = Model::from_bytes(&older).expect_err("version 1");
    assert!(
        err.to_string()
            .contains("format version 1, and this casus reads version 2"),
        "{err}"
    );
}

#[test]
fn conllu_out_has_ten_columns_per_word() {
    let model = trained();
    let words = ["Rebels", "seized", "the", "town", "."];
    let mut out = String::new();
    conllu::write(
        &mut out,
        "t1",
        Some("Rebels seized the town."),
        &model.analyse(&words),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "# sent_id = t1");
    assert_eq!(lines[1], "# text = Rebels seized the town.");
    assert!(
        lines[2..7].iter().all(|l| l.split('\t').count() == 10),
        "{out}"
    );
    assert!(out.ends_with("\n\n"));
}
