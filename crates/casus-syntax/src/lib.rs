//! Syntax for casus: universal part-of-speech tags and labelled dependency
//! trees over words casus has already split, from a model trained on
//! Universal Dependencies (English EWT).
//!
//! - [`Model::analyse`] tags and parses one sentence: greedy, left to right,
//!   an averaged perceptron for the tags and an arc-hybrid transition parser
//!   whose moves and relations are two more perceptrons.
//! - [`train`] learns a model from CoNLL-U sentences ([`conllu::read`]); the
//!   parser learns from a dynamic oracle with exploration, on tags the
//!   tagger gives (jackknifed), so that it is used to the tagger's errors;
//!   models from several seeds are averaged.
//! - [`score`] measures tags and trees against gold (UPOS, UAS, LAS).
//!
//! **Architecture Invariant:** no I/O: the model comes in and goes out as
//! bytes ([`Model::from_bytes`], [`Model::to_bytes`]).

pub mod conllu;
mod features;
mod model;
mod parser;
mod perceptron;
mod state;
mod tagger;
mod upos;
mod weights;

pub use upos::{Upos, WORD_TAGS};

use features::WordKeys;
use parser::{Example, Nodes, Parser};
use tagger::{Padded, Tagger};

/// What can go wrong reading a treebank or a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A CoNLL-U line that cannot be read.
    #[error("line {line}: {why}")]
    Conllu {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// A model file that cannot be read.
    #[error("model byte {byte}: {why}")]
    Model {
        /// Where reading stopped.
        byte: usize,
        /// What is wrong there.
        why: String,
    },
}

/// A tagger and a parser.
#[derive(Clone, Debug, Default)]
pub struct Model {
    note: String,
    tagger: Tagger,
    parser: Parser,
}

/// One analysed sentence: per word (0-based), its tag, head (0 for the
/// root, else the 1-based index of the head word) and relation.
#[derive(Clone, Debug)]
pub struct Analysis<'w> {
    /// The words, as given.
    pub words: Vec<&'w str>,
    /// Their universal tags.
    pub upos: Vec<Upos>,
    /// Their treebank tags, as indexes into the model's tag set.
    tags: Vec<u8>,
    /// Their heads: 0 for the root, else a 1-based word index.
    pub heads: Vec<u32>,
    /// Their relations, as indexes into the model's relation names.
    pub rels: Vec<u8>,
    names: &'w [String],
    tagset: &'w [(Upos, String)],
}

impl Analysis<'_> {
    /// Word `i`'s relation to its head ("nsubj", "obl:tmod").
    pub fn deprel(&self, i: usize) -> &str {
        self.rels
            .get(i)
            .and_then(|&r| self.names.get(r as usize))
            .map_or("dep", String::as_str)
    }

    /// Word `i`'s treebank tag ("VBD"; "_" if it has none).
    pub fn xpos(&self, i: usize) -> &str {
        self.tags
            .get(i)
            .and_then(|&t| self.tagset.get(t as usize))
            .map_or("_", |p| p.1.as_str())
    }

    /// Word `i`'s head as a 0-based word index, or None for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        match self.heads.get(i) {
            Some(&h) if h > 0 => Some(h as usize - 1),
            _ => None,
        }
    }
}

impl Model {
    /// Checks, in a few milliseconds and without reading its tables, that
    /// `bytes` are a whole model of the format this build reads: its
    /// magic, its format version and its checksum. For start-up, before
    /// [`Model::from_bytes`] is needed.
    ///
    /// # Errors
    /// [`Error::Model`] saying which of the three is wrong.
    pub fn check(bytes: &[u8]) -> Result<(), Error> {
        model::check(bytes)
    }

    /// Reads a model written by [`Model::to_bytes`].
    ///
    /// # Errors
    /// [`Error::Model`] with the byte where the file stops making sense:
    /// anything [`Model::check`] finds, then the tables themselves.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let (note, tagger, parser) = model::decode(bytes)?;
        Ok(Model {
            note,
            tagger,
            parser,
        })
    }

    /// The model as bytes, for a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        model::encode(&self.note, &self.tagger, &self.parser)
    }

    /// What it was trained on (the treebank and its commit).
    pub fn note(&self) -> &str {
        &self.note
    }

    /// How many features each part holds: tagger, moves, relations.
    pub fn sizes(&self) -> [usize; 3] {
        [
            self.tagger.weights.len(),
            self.parser.moves.len(),
            self.parser.labels.len(),
        ]
    }

    /// The model without weights smaller than `floor` in its tagger, moves
    /// and relations (a smaller file, a faster parse).
    pub fn pruned(&self, floor: [f32; 3]) -> Model {
        let mut m = self.clone();
        m.tagger.weights = self.tagger.weights.pruned(floor[0]);
        m.parser.moves = self.parser.moves.pruned(floor[1]);
        m.parser.labels = self.parser.labels.pruned(floor[2]);
        m
    }

    /// The mean of models trained alike but for their seeds: their
    /// weights averaged, feature by feature (the first one's note, tags,
    /// dictionaries and relation names are kept; they must agree).
    pub fn mean(models: &[Model]) -> Model {
        let mut m = models.first().cloned().unwrap_or_default();
        let part = |f: fn(&Model) -> &weights::Weights| {
            weights::Weights::mean(&models.iter().map(f).collect::<Vec<_>>())
        };
        m.tagger.weights = part(|m| &m.tagger.weights);
        m.parser.moves = part(|m| &m.parser.moves);
        m.parser.labels = part(|m| &m.parser.labels);
        m
    }

    /// The universal tags of a sentence's words.
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let tags = self.tagger.tag(&Padded::new(words));
        tags.into_iter().map(|t| self.tagger.upos(t)).collect()
    }

    /// Tags and parses a sentence's words.
    pub fn analyse<'w>(&'w self, words: &[&'w str]) -> Analysis<'w> {
        let padded = Padded::new(words);
        let tags = self.tagger.tag(&padded);
        self.parse_tagged(words, &padded, tags)
    }

    /// Parses a treebank sentence on its gold tags (for measuring the parser
    /// alone).
    pub fn parse_gold_tags<'w>(&'w self, sent: &'w conllu::TreeSentence) -> Analysis<'w> {
        let words: Vec<&str> = sent.words.iter().map(String::as_str).collect();
        let padded = Padded::new(&words);
        self.parse_tagged(&words, &padded, tagger::gold(sent, &self.tagger.tagset))
    }

    fn parse_tagged<'w>(
        &'w self,
        words: &[&'w str],
        padded: &Padded,
        tags: Vec<u8>,
    ) -> Analysis<'w> {
        let nodes = Nodes::new((0..padded.len()).map(|i| padded.word(i)), &tags);
        let (heads, rels) = if words.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            self.parser.parse(&nodes)
        };
        Analysis {
            words: words.to_vec(),
            upos: tags.iter().map(|&t| self.tagger.upos(t)).collect(),
            tags,
            heads,
            rels,
            names: &self.parser.names,
            tagset: &self.tagger.tagset,
        }
    }
}

/// How to train.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes of the tagger over the treebank.
    pub tagger_epochs: usize,
    /// Passes of the parser.
    pub parser_epochs: usize,
    /// Folds for the tags the parser learns on (1: gold tags).
    pub jackknife: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// Models trained, each with its own seed (the next after `seed`), and
    /// averaged: in EWT four gave half a point of UAS and LAS over one.
    pub seeds: usize,
    /// Averaged weights smaller than this are dropped when training ends
    /// (in EWT, 0.5 halves the averaged model for nothing measurable).
    pub floor: f32,
    /// What the model was trained on, kept in it.
    pub note: String,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            tagger_epochs: 10,
            parser_epochs: 15,
            jackknife: 10,
            seed: 20_261_206,
            seeds: 4,
            floor: 0.5,
            note: String::new(),
        }
    }
}

/// Trains a tagger and a parser on treebank sentences.
pub fn train(sents: &[conllu::TreeSentence], opts: &TrainOptions) -> Model {
    let seeds: Vec<u64> = (0..opts.seeds.max(1) as u64)
        .map(|i| opts.seed + i)
        .collect();
    let models: Vec<Model> = std::thread::scope(|scope| {
        let runs: Vec<_> = seeds
            .iter()
            .map(|&seed| scope.spawn(move || train_seed(sents, opts, seed)))
            .collect();
        runs.into_iter().filter_map(|r| r.join().ok()).collect()
    });
    Model::mean(&models).pruned([opts.floor; 3])
}

/// One model, its shuffles and folds drawn from `seed`, unpruned.
fn train_seed(sents: &[conllu::TreeSentence], opts: &TrainOptions, seed: u64) -> Model {
    let opts = &TrainOptions {
        seed,
        ..opts.clone()
    };
    let tagset = tagger::tagset(sents);
    let tagger = tagger::train(sents, &tagset, opts.tagger_epochs, opts.seed);
    let tags = jackknifed_tags(sents, &tagset, opts);
    let names = relation_names(sents);
    let keys: Vec<Vec<WordKeys>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| WordKeys::of(w)).collect())
        .collect();
    let examples: Vec<Example<'_>> = sents
        .iter()
        .zip(&keys)
        .zip(&tags)
        .map(|((s, k), t)| {
            let rels: Vec<u8> = s
                .deprels
                .iter()
                .map(|r| names.iter().position(|n| n == r).unwrap_or(0) as u8)
                .collect();
            Example::new(Nodes::new(k.iter(), t), &s.heads, &rels)
        })
        .collect();
    let parser = parser::train(&examples, names, opts.parser_epochs, opts.seed);
    Model {
        note: opts.note.clone(),
        tagger,
        parser,
    }
}

/// Each sentence's tags as a tagger trained without it gives them (or gold
/// tags if `opts.jackknife` is 1 or less).
fn jackknifed_tags(
    sents: &[conllu::TreeSentence],
    tagset: &[(Upos, String)],
    opts: &TrainOptions,
) -> Vec<Vec<u8>> {
    let k = opts.jackknife;
    if k <= 1 {
        return sents.iter().map(|s| tagger::gold(s, tagset)).collect();
    }
    let mut out = vec![Vec::new(); sents.len()];
    for fold in 0..k {
        let rest: Vec<conllu::TreeSentence> = sents
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let t = tagger::train(&rest, tagset, opts.tagger_epochs, opts.seed + fold as u64);
        for (i, s) in sents.iter().enumerate().filter(|(i, _)| i % k == fold) {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            out[i] = t.tag(&Padded::new(&words));
        }
    }
    out
}

/// Every relation in the treebank, "root" first, then by frequency.
fn relation_names(sents: &[conllu::TreeSentence]) -> Vec<String> {
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for s in sents {
        for r in &s.deprels {
            *counts.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<(&str, usize)> = counts.into_iter().filter(|(r, _)| *r != "root").collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    std::iter::once("root".to_string())
        .chain(names.into_iter().map(|(r, _)| r.to_string()))
        .take(64)
        .collect()
}

/// Tag and tree accuracy over a set of sentences, on gold words.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Words scored (punctuation included, as CoNLL 2018 does).
    pub words: usize,
    /// Share with the right universal tag.
    pub upos: f64,
    /// Share with the right head.
    pub uas: f64,
    /// Share with the right head and relation (subtypes ignored, as CoNLL 2018 does).
    pub las: f64,
}

/// Scores `model` on gold sentences (the model tags them itself).
pub fn score(model: &Model, gold: &[conllu::TreeSentence]) -> Scores {
    let (mut n, mut tags, mut heads, mut labelled) = (0usize, 0usize, 0usize, 0usize);
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let a = model.analyse(&words);
        for i in 0..words.len() {
            n += 1;
            tags += usize::from(a.upos[i] == s.upos[i]);
            if a.heads[i] == s.heads[i] {
                heads += 1;
                labelled += usize::from(universal(a.deprel(i)) == universal(&s.deprels[i]));
            }
        }
    }
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    Scores {
        words: n,
        upos: share(tags),
        uas: share(heads),
        las: share(labelled),
    }
}

/// A relation without its subtype ("nsubj:pass" → "nsubj").
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// A small deterministic generator (xorshift64*), for shuffles.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// Shuffles `v` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
}
