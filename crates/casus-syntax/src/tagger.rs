//! The tagger: greedy, left to right, an averaged perceptron over the word,
//! its affixes and shape, its neighbours and the two tags before it. Words
//! frequent and unambiguous in training are tagged from a dictionary.

use crate::conllu::TreeSentence;
use crate::features::{key, WordKeys};
use crate::perceptron::{argmax, Trainer};
use crate::upos::Upos;
use crate::weights::Weights;
use rustc_hash::FxHashMap;

/// How often a word must be seen, and how nearly always with one tag, to
/// be tagged from the dictionary.
const DICT_MIN_COUNT: u32 = 20;
const DICT_MIN_SHARE: f64 = 0.99;

/// A tag the tagger gives: a universal tag with a treebank tag ("VERB"
/// with "VBN"), so that the parser sees the finer one.
pub(crate) type Tag = u8;

/// The tag standing for no word, in the features.
const NO_TAG: u64 = 0xFFFF;

/// A trained tagger.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tagger {
    pub(crate) weights: Weights,
    /// Cased form key → its one tag.
    pub(crate) dict: FxHashMap<u64, Tag>,
    /// The tags, by class: universal and treebank tag.
    pub(crate) tagset: Vec<(Upos, String)>,
    /// Lower-cased form key → the universal tags it had in training (a bit
    /// set), for words seen often enough: what the words ahead may be.
    pub(crate) ambig: FxHashMap<u64, u32>,
}

/// How often a word must be seen for its ambiguity class, and what share a
/// tag must have to be in it.
const AMBIG_MIN_COUNT: u32 = 3;
const AMBIG_MIN_SHARE: f64 = 0.05;

/// The words of a sentence with two edge positions on either side, so that
/// features read `i - 2 ..= i + 2` without bounds checks.
pub(crate) struct Padded {
    keys: Vec<WordKeys>,
}

impl Padded {
    /// The keys of `words`, padded.
    pub(crate) fn new(words: &[&str]) -> Padded {
        let mut keys = Vec::with_capacity(words.len() + 4);
        keys.push(WordKeys::edge("<s2>"));
        keys.push(WordKeys::edge("<s1>"));
        keys.extend(words.iter().map(|w| WordKeys::of(w)));
        keys.push(WordKeys::edge("</s1>"));
        keys.push(WordKeys::edge("</s2>"));
        Padded { keys }
    }

    /// The keys of word `i` (0-based, unpadded).
    pub(crate) fn word(&self, i: usize) -> &WordKeys {
        &self.keys[i + 2]
    }

    /// How many words.
    pub(crate) fn len(&self) -> usize {
        self.keys.len() - 4
    }
}

/// The features of word `i` given the two tags before it and the padded
/// ambiguity classes of the sentence.
fn features(p: &Padded, amb: &[u64], i: usize, t1: u64, t2: u64, out: &mut Vec<u64>) {
    out.clear();
    let k = &p.keys;
    let (w, m1, m2, p1, p2) = (&k[i + 2], &k[i + 1], &k[i], &k[i + 3], &k[i + 4]);
    let (a0, a1, a2, am1) = (amb[i + 2], amb[i + 3], amb[i + 4], amb[i + 1]);
    out.push(key(31, a0, 0, 0));
    out.push(key(32, a1, 0, 0));
    out.push(key(33, a2, 0, 0));
    out.push(key(34, a0, a1, 0));
    out.push(key(35, t1, a1, 0));
    out.push(key(36, w.lower, a1, 0));
    out.push(key(37, am1, a0, a1));
    out.push(key(38, t1, a0, a1));
    out.push(key(0, 0, 0, 0));
    out.push(key(1, w.lower, 0, 0));
    out.push(key(2, w.cased, 0, 0));
    for (n, s) in w.suffix.iter().enumerate() {
        out.push(key(3 + n as u32, *s, 0, 0));
    }
    for (n, s) in w.prefix.iter().enumerate() {
        out.push(key(7 + n as u32, *s, 0, 0));
    }
    out.push(key(10, w.shape, 0, 0));
    out.push(key(11, t1, 0, 0));
    out.push(key(12, t1, t2, 0));
    out.push(key(13, t1, w.lower, 0));
    out.push(key(14, m1.lower, 0, 0));
    out.push(key(15, m1.suffix[2], 0, 0));
    out.push(key(16, m2.lower, 0, 0));
    out.push(key(17, p1.lower, 0, 0));
    out.push(key(18, p1.suffix[2], 0, 0));
    out.push(key(19, p2.lower, 0, 0));
    out.push(key(20, p1.shape, 0, 0));
    out.push(key(21, m1.shape, w.shape, 0));
    out.push(key(22, m1.lower, w.lower, 0));
    out.push(key(23, w.lower, p1.lower, 0));
    out.push(key(24, t1, w.suffix[2], 0));
    out.push(key(25, t1, p1.lower, 0));
    out.push(key(26, w.shape, p1.shape, 0));
    out.push(key(27, t2, 0, 0));
    out.push(key(28, w.suffix[1], p1.suffix[1], 0));
    out.push(key(29, m1.lower, w.lower, p1.lower));
    out.push(key(30, i.min(1) as u64, w.shape, 0));
}

impl Tagger {
    /// The tags of a sentence's words.
    pub(crate) fn tag(&self, p: &Padded) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(p.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.tagset.len()];
        let amb = ambiguity(&self.ambig, p);
        let (mut prev, mut prev2) = (NO_TAG, NO_TAG);
        for i in 0..p.len() {
            let t = match self.dict.get(&p.word(i).cased) {
                Some(&t) => t,
                None => {
                    features(p, &amb, i, prev, prev2, &mut feats);
                    self.weights.score(&feats, &mut scores);
                    argmax(&scores) as Tag
                }
            };
            tags.push(t);
            (prev2, prev) = (prev, u64::from(t));
        }
        tags
    }

    /// The universal tag of tag `t`.
    pub(crate) fn upos(&self, t: Tag) -> Upos {
        self.tagset.get(t as usize).map_or(Upos::X, |p| p.0)
    }
}

/// Trains a tagger for `epochs` passes over `sents`, in an order shuffled
/// by `seed`.
pub(crate) fn train(
    sents: &[TreeSentence],
    tagset: &[(Upos, String)],
    epochs: usize,
    seed: u64,
) -> Tagger {
    let gold_tags: Vec<Vec<Tag>> = sents.iter().map(|s| gold(s, tagset)).collect();
    let dict = build_dict(sents, &gold_tags, tagset.len());
    let padded: Vec<Padded> = sents
        .iter()
        .map(|s| Padded::new(&s.words.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let mut model = Trainer::new(tagset.len());
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = crate::Rng(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; tagset.len()];
    let ambig = build_ambig(sents);
    let ambs: Vec<Vec<u64>> = padded.iter().map(|p| ambiguity(&ambig, p)).collect();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (p, gold) = (&padded[s], &gold_tags[s]);
            let (mut prev, mut prev2) = (NO_TAG, NO_TAG);
            for (i, &truth) in gold.iter().enumerate() {
                let guess = if let Some(&t) = dict.get(&p.word(i).cased) {
                    t
                } else {
                    features(p, &ambs[s], i, prev, prev2, &mut feats);
                    model.score(&feats, &mut scores);
                    let g = argmax(&scores) as Tag;
                    model.update(&feats, truth as usize, g as usize);
                    model.tick();
                    g
                };
                (prev2, prev) = (prev, u64::from(guess));
            }
        }
    }
    Tagger {
        weights: model.finish(1e-3),
        dict,
        tagset: tagset.to_vec(),
        ambig,
    }
}

/// Each padded position's ambiguity class key (1 for a word never seen
/// often enough, 2 at the edges).
fn ambiguity(ambig: &FxHashMap<u64, u32>, p: &Padded) -> Vec<u64> {
    let mut out = vec![2; p.len() + 4];
    for i in 0..p.len() {
        out[i + 2] = ambig
            .get(&p.word(i).lower)
            .map_or(1, |&c| u64::from(c) << 2);
    }
    out
}

/// The universal tags each frequent lower-cased form had in training.
fn build_ambig(sents: &[TreeSentence]) -> FxHashMap<u64, u32> {
    let mut counts: FxHashMap<u64, [u32; 17]> = FxHashMap::default();
    for s in sents {
        for (w, t) in s.words.iter().zip(&s.upos) {
            counts.entry(WordKeys::of(w).lower).or_insert([0; 17])[t.index().min(16)] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, c)| {
            let total: u32 = c.iter().sum();
            let set = c.iter().enumerate().fold(0u32, |set, (t, &n)| {
                if f64::from(n) >= AMBIG_MIN_SHARE * f64::from(total) && n > 0 {
                    set | 1 << t
                } else {
                    set
                }
            });
            (total >= AMBIG_MIN_COUNT).then_some((k, set))
        })
        .collect()
}

/// A sentence's gold tags as classes of `tagset` (0 if a pair is missing).
pub(crate) fn gold(s: &TreeSentence, tagset: &[(Upos, String)]) -> Vec<Tag> {
    s.upos
        .iter()
        .zip(&s.xpos)
        .map(|(u, x)| {
            tagset
                .iter()
                .position(|(a, b)| a == u && b == x)
                .unwrap_or(0) as Tag
        })
        .collect()
}

/// Every pair of universal and treebank tag in the treebank, by frequency.
pub(crate) fn tagset(sents: &[TreeSentence]) -> Vec<(Upos, String)> {
    let mut counts: FxHashMap<(Upos, &str), usize> = FxHashMap::default();
    for s in sents {
        for (u, x) in s.upos.iter().zip(&s.xpos) {
            *counts.entry((*u, x.as_str())).or_default() += 1;
        }
    }
    let mut pairs: Vec<((Upos, &str), usize)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    pairs
        .into_iter()
        .take(255)
        .map(|((u, x), _)| (u, x.to_string()))
        .collect()
}

/// Cased forms seen often and nearly always with one tag.
fn build_dict(sents: &[TreeSentence], tags: &[Vec<Tag>], classes: usize) -> FxHashMap<u64, Tag> {
    let mut counts: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (s, t) in sents.iter().zip(tags) {
        for (w, &t) in s.words.iter().zip(t) {
            counts
                .entry(WordKeys::of(w).cased)
                .or_insert_with(|| vec![0; classes])[t as usize] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, c)| {
            let total: u32 = c.iter().sum();
            let (best, &n) = c.iter().enumerate().max_by_key(|(_, &n)| n)?;
            (total >= DICT_MIN_COUNT && f64::from(n) / f64::from(total) >= DICT_MIN_SHARE)
                .then_some((k, best as Tag))
        })
        .collect()
}
