//! The parser: greedy arc-hybrid moves chosen by an averaged perceptron over
//! the stack's and buffer's words, tags, dependents and relations
//! (templates after Zhang and Nivre's, 2011), trained with a dynamic oracle
//! and exploration. Each arc's relation is chosen when the arc is made, by a
//! second perceptron that sees both words and the dependents made so far.

use crate::features::{key, WordKeys};
use crate::perceptron::{argmax, Trainer};
use crate::state::{projectivize, Move, State, MOVES, NONE};
use crate::tagger::Tag;
use crate::weights::Weights;

/// A trained parser.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parser {
    /// Scores the three moves.
    pub(crate) moves: Weights,
    /// Scores the relation of a new arc.
    pub(crate) labels: Weights,
    /// The relations, by class.
    pub(crate) names: Vec<String>,
}

/// What the features read of a sentence: per node (0 the root), its word's
/// keys and tag.
pub(crate) struct Nodes<'a> {
    keys: Vec<&'a WordKeys>,
    tags: Vec<u64>,
    /// How many commas, semicolons, colons and dashes lie before each node.
    marks: Vec<u16>,
}

static ROOT_KEYS: std::sync::LazyLock<WordKeys> =
    std::sync::LazyLock::new(|| WordKeys::edge("<root>"));

impl<'a> Nodes<'a> {
    /// The nodes of words with keys `keys` and tags `tags`.
    pub(crate) fn new(keys: impl Iterator<Item = &'a WordKeys>, tags: &[Tag]) -> Nodes<'a> {
        let mut k: Vec<&WordKeys> = vec![&ROOT_KEYS];
        k.extend(keys);
        let mut t = vec![ROOT_TAG];
        t.extend(tags.iter().map(|&t| u64::from(t) + 1));
        let mut marks = Vec::with_capacity(k.len());
        let mut n = 0u16;
        for w in &k {
            marks.push(n);
            n += u16::from(MARKS.contains(&w.lower));
        }
        Nodes {
            keys: k,
            tags: t,
            marks,
        }
    }

    fn len(&self) -> usize {
        self.keys.len() - 1
    }
}

static MARKS: std::sync::LazyLock<[u64; 5]> =
    std::sync::LazyLock::new(|| [",", ";", ":", "-", "--"].map(crate::features::text_key));

/// The punctuation marks between nodes `a` and `b` (at most 3).
fn marks_between(nodes: &Nodes<'_>, a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 9;
    }
    let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
    let n = nodes.marks[hi] - nodes.marks[(lo + 1).min(hi)];
    u64::from(n.min(3))
}

/// The root's tag value in the features.
const ROOT_TAG: u64 = 0x1000;

/// A node's values for the features: word, tag, word with tag, relation.
#[derive(Clone, Copy)]
struct Vals {
    w: u64,
    t: u64,
    wt: u64,
    l: u64,
}

const ABSENT: Vals = Vals {
    w: 0x5a5a,
    t: 0x33,
    wt: 0x5a33,
    l: 0x77,
};

fn vals(nodes: &Nodes<'_>, st: &State, x: u32) -> Vals {
    if x == NONE {
        return ABSENT;
    }
    let (w, t) = (nodes.keys[x as usize].lower, nodes.tags[x as usize]);
    let l = if st.heads[x as usize] == NONE {
        0x66
    } else {
        u64::from(st.labels[x as usize]) + 1
    };
    Vals {
        w,
        t,
        wt: w ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        l,
    }
}

fn kid(st: &State, x: u32, right: bool, k: usize) -> u32 {
    if x == NONE {
        return NONE;
    }
    if right {
        st.rkids[x as usize][k]
    } else {
        st.lkids[x as usize][k]
    }
}

fn bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d),
        5..=7 => 5,
        _ => 6,
    }
}

fn valency(st: &State, x: u32, side: usize) -> u64 {
    if x == NONE {
        99
    } else {
        u64::from(st.valency[x as usize][side])
    }
}

fn labelset(st: &State, x: u32, side: usize) -> u64 {
    if x == NONE {
        1 << 63
    } else {
        st.labelsets[x as usize][side]
    }
}

/// The features of the move to make in `st`.
#[inline(never)]
fn move_features(nodes: &Nodes<'_>, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let (s0i, s1i, b0i) = (st.s(0), st.s(1), st.buf(0));
    let v = |x: u32| vals(nodes, st, x);
    let (s0, s1, s2) = (v(s0i), v(s1i), v(st.s(2)));
    let (b0, b1, b2) = (v(b0i), v(st.buf(1)), v(st.buf(2)));
    let (s0l, s0l2) = (v(kid(st, s0i, false, 0)), v(kid(st, s0i, false, 1)));
    let (s0r, s0r2) = (v(kid(st, s0i, true, 0)), v(kid(st, s0i, true, 1)));
    let (b0l, b0l2) = (v(kid(st, b0i, false, 0)), v(kid(st, b0i, false, 1)));
    let s1r = v(kid(st, s1i, true, 0));
    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(key(t, a, b, c));
    for (base, x) in [(1, s0), (4, b0), (7, b1), (10, b2), (13, s1)] {
        f(base, x.wt, 0, 0);
        f(base + 1, x.w, 0, 0);
        f(base + 2, x.t, 0, 0);
    }
    f(16, s2.t, 0, 0);
    f(17, s2.w, 0, 0);
    f(20, s0.wt, b0.wt, 0);
    f(21, s0.wt, b0.w, 0);
    f(22, s0.w, b0.wt, 0);
    f(23, s0.wt, b0.t, 0);
    f(24, s0.t, b0.wt, 0);
    f(25, s0.w, b0.w, 0);
    f(26, s0.t, b0.t, 0);
    f(27, b0.t, b1.t, 0);
    f(28, s1.t, s0.t, 0);
    f(29, s1.w, s0.w, 0);
    f(30, s1.wt, s0.t, 0);
    f(31, s1.t, s0.wt, 0);
    f(32, b0.t, b1.t, b2.t);
    f(33, s0.t, b0.t, b1.t);
    f(34, s1.t, s0.t, b0.t);
    f(35, s0.t, s0l.t, b0.t);
    f(36, s0.t, s0r.t, b0.t);
    f(37, s0.t, b0.t, b0l.t);
    f(38, s1.t, s1r.t, s0.t);
    f(39, s1.t, s0.t, s0r.t);
    f(40, s2.t, s1.t, s0.t);
    f(41, s1.t, s0.t, b1.t);
    let (d, d1) = (bucket(s0i, b0i), bucket(s1i, s0i));
    f(42, s0.w, d, 0);
    f(43, s0.t, d, 0);
    f(44, b0.w, d, 0);
    f(45, b0.t, d, 0);
    f(46, s0.w, b0.w, d);
    f(47, s0.t, b0.t, d);
    f(48, s1.t, s0.t, d1);
    f(49, s1.w, s0.w, d1);
    let (s0vl, s0vr, b0vl, s1vr) = (
        valency(st, s0i, 0),
        valency(st, s0i, 1),
        valency(st, b0i, 0),
        valency(st, s1i, 1),
    );
    f(50, s0.w, s0vr, 0);
    f(51, s0.t, s0vr, 0);
    f(52, s0.w, s0vl, 0);
    f(53, s0.t, s0vl, 0);
    f(54, b0.w, b0vl, 0);
    f(55, b0.t, b0vl, 0);
    f(56, s1.t, s1vr, 0);
    for (base, x) in [
        (60, s0l),
        (63, s0r),
        (66, b0l),
        (69, s1r),
        (72, s0l2),
        (75, s0r2),
        (78, b0l2),
    ] {
        f(base, x.w, 0, 0);
        f(base + 1, x.t, 0, 0);
        f(base + 2, x.l, 0, 0);
    }
    f(81, s0.t, s0l.t, s0l2.t);
    f(82, s0.t, s0r.t, s0r2.t);
    f(83, b0.t, b0l.t, b0l2.t);
    f(84, s0.w, labelset(st, s0i, 1), 0);
    f(85, s0.t, labelset(st, s0i, 1), 0);
    f(86, s0.w, labelset(st, s0i, 0), 0);
    f(87, s0.t, labelset(st, s0i, 0), 0);
    f(88, b0.w, labelset(st, b0i, 0), 0);
    f(89, b0.t, labelset(st, b0i, 0), 0);
    f(90, s1.t, labelset(st, s1i, 1), 0);
    f(91, s0.t, s0l.l, s0r.l);
    f(92, b0.t, b0l.l, b0l2.l);
    let (p0, p1) = (
        marks_between(nodes, s0i, b0i),
        marks_between(nodes, s1i, s0i),
    );
    f(93, s0.t, b0.t, p0);
    f(94, s1.t, s0.t, p1);
    f(95, s0.w, b0.t, p0);
    let suffix = |x: u32| {
        if x == NONE {
            0
        } else {
            nodes.keys[x as usize].suffix[2]
        }
    };
    f(96, suffix(b0i), b0.t, 0);
    f(97, suffix(s0i), s0.t, 0);
    f(98, s0.w, b0.t, b1.t);
    f(99, s0.t, b0.w, b1.t);
}

/// The features of the relation of a new arc from `h` to `d`.
#[inline(never)]
fn label_features(nodes: &Nodes<'_>, st: &State, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let v = |x: u32| vals(nodes, st, x);
    let (hv, dv) = (v(h), v(d));
    let dir: u64 = if d < h { 1 } else { 2 };
    let side = usize::from(d > h);
    let dist = bucket(h, d);
    let (dl, dr) = (v(kid(st, d, false, 0)), v(kid(st, d, true, 0)));
    let before = v(if d > 1 { d - 1 } else { NONE });
    let after = v(if d < nodes.len() as u32 { d + 1 } else { NONE });
    let suffix = |x: u32| nodes.keys[x as usize].suffix[1];
    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(key(200 + t, a, b, c));
    f(0, 0, 0, dir);
    f(1, dv.w, dir, 0);
    f(2, dv.t, dir, 0);
    f(3, hv.w, dir, 0);
    f(4, hv.t, dir, 0);
    f(5, dv.wt, hv.t, dir);
    f(6, dv.t, hv.wt, dir);
    f(7, dv.t, hv.t, dir);
    f(8, dv.w, hv.w, dir);
    f(9, dv.t, hv.t, dist.wrapping_mul(3) + dir);
    f(10, dv.t, labelset(st, d, 0), 0);
    f(11, dv.t, labelset(st, d, 1), 0);
    f(12, hv.t, labelset(st, h, side), dir);
    f(13, dv.t, hv.t, labelset(st, d, 0));
    f(14, suffix(d), dv.t, dir);
    f(15, suffix(h), hv.t, dir);
    f(16, dv.t, dl.t, dir);
    f(17, dv.t, dr.t, dir);
    f(18, before.t, dv.t, hv.t);
    f(19, after.t, dv.t, hv.t);
    f(20, dl.w, dv.t, hv.t);
    f(21, dv.w, hv.t, dir);
    f(22, dv.t, hv.w, dir);
    f(23, dl.l, dv.t, dir);
    f(24, dv.t, hv.t, labelset(st, h, side).wrapping_add(dir));
    f(25, suffix(h), dv.t, dir);
}

impl Parser {
    /// The heads and relations of a tagged sentence.
    pub(crate) fn parse(&self, nodes: &Nodes<'_>) -> (Vec<u32>, Vec<u8>) {
        let mut st = State::new(nodes.len());
        let mut feats = Vec::with_capacity(96);
        let mut scores = [0f32; 3];
        let mut lscores = vec![0f32; self.labels.classes()];
        while !st.done() {
            let m = match forced(&st) {
                Some(m) => m,
                None => {
                    move_features(nodes, &st, &mut feats);
                    self.moves.score(&feats, &mut scores);
                    best_valid(&st, &scores)
                }
            };
            let label = match st.arc(m) {
                Some((h, d)) => self.label(nodes, &st, h, d, &mut feats, &mut lscores),
                None => 0,
            };
            st.apply(m, label);
        }
        let heads = st.heads[1..].to_vec();
        (heads, st.labels[1..].to_vec())
    }

    fn label(
        &self,
        nodes: &Nodes<'_>,
        st: &State,
        h: u32,
        d: u32,
        feats: &mut Vec<u64>,
        scores: &mut [f32],
    ) -> u8 {
        let root = self.root_label();
        if h == 0 {
            return root;
        }
        label_features(nodes, st, h, d, feats);
        self.labels.score(feats, scores);
        if let Some(s) = scores.get_mut(root as usize) {
            *s = f32::NEG_INFINITY;
        }
        argmax(scores) as u8
    }

    fn root_label(&self) -> u8 {
        self.names.iter().position(|n| n == "root").unwrap_or(0) as u8
    }
}

/// The one valid move, if only one is (the stack holds just the root, or
/// the buffer is empty): no need to score it.
fn forced(st: &State) -> Option<Move> {
    let mut valid = MOVES.into_iter().filter(|&m| st.valid(m));
    match (valid.next(), valid.next()) {
        (Some(m), None) => Some(m),
        _ => None,
    }
}

fn best_valid(st: &State, scores: &[f32; 3]) -> Move {
    let mut best = None;
    for m in MOVES {
        if st.valid(m) && best.is_none_or(|b: Move| scores[m as usize] > scores[b as usize]) {
            best = Some(m);
        }
    }
    best.unwrap_or(Move::Shift)
}

/// One sentence for training: node keys, tags as the tagger gives them, and
/// gold heads (projective) and relations by node.
pub(crate) struct Example<'a> {
    pub(crate) nodes: Nodes<'a>,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
}

impl<'a> Example<'a> {
    /// An example from gold heads (1-based, 0 the root) and relation ids.
    pub(crate) fn new(nodes: Nodes<'a>, heads: &[u32], labels: &[u8]) -> Example<'a> {
        Example {
            nodes,
            heads: projectivize(heads),
            labels: std::iter::once(0).chain(labels.iter().copied()).collect(),
        }
    }
}

/// Trains the moves and relations for `epochs` passes over `examples`.
pub(crate) fn train(
    examples: &[Example<'_>],
    names: Vec<String>,
    epochs: usize,
    seed: u64,
) -> Parser {
    let mut moves = Trainer::new(3);
    let mut labels = Trainer::new(names.len());
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = crate::Rng(seed);
    let root = names.iter().position(|n| n == "root").unwrap_or(0) as u8;
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let explore = epoch > 0;
            train_one(&examples[i], &mut moves, &mut labels, explore, root);
        }
    }
    Parser {
        moves: moves.finish(1e-3),
        labels: labels.finish(1e-3),
        names,
    }
}

fn train_one(ex: &Example<'_>, moves: &mut Trainer, labels: &mut Trainer, explore: bool, root: u8) {
    let mut st = State::new(ex.nodes.len());
    let (mut feats, mut lfeats) = (Vec::new(), Vec::new());
    let mut scores = [0f32; 3];
    let mut lscores = vec![0f32; labels.classes()];
    while !st.done() {
        move_features(&ex.nodes, &st, &mut feats);
        moves.score(&feats, &mut scores);
        let guess = best_valid(&st, &scores);
        let mut best_gold: Option<Move> = None;
        for m in MOVES {
            if st.valid(m)
                && st.cost(m, &ex.heads) == 0
                && best_gold.is_none_or(|b| scores[m as usize] > scores[b as usize])
            {
                best_gold = Some(m);
            }
        }
        let gold = best_gold.unwrap_or(guess);
        moves.update(&feats, gold as usize, guess as usize);
        moves.tick();
        // After the first pass the parser follows its own moves, right or
        // wrong, and learns the best move from wherever they lead.
        let follow = if explore { guess } else { gold };
        let label = match st.arc(follow) {
            Some((0, _)) => root,
            Some((h, d)) => {
                label_features(&ex.nodes, &st, h, d, &mut lfeats);
                labels.score(&lfeats, &mut lscores);
                lscores[root as usize] = f32::NEG_INFINITY;
                let g = argmax(&lscores) as u8;
                if ex.heads[d as usize] == h {
                    let truth = ex.labels[d as usize];
                    labels.update(&lfeats, truth as usize, g as usize);
                    labels.tick();
                    truth
                } else {
                    g
                }
            }
            None => 0,
        };
        st.apply(follow, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_forced_only_when_it_is_the_one_valid_move() {
        let mut st = State::new(2);
        // Only the root on the stack: shifting is all there is.
        assert_eq!(forced(&st), Some(Move::Shift));
        st.apply(Move::Shift, 0);
        assert_eq!(forced(&st), None);
        st.apply(Move::Shift, 0);
        // The buffer is empty: the last word can only go right.
        assert_eq!(forced(&st), Some(Move::Right));
    }
}
