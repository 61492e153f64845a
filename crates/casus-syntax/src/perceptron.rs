//! The averaged perceptron: a linear model over hashed features, trained
//! by mistakes and averaged over every step so that late updates do not
//! dominate. [`Trainer`] learns; [`Weights`] is the frozen result.

use crate::weights::{Builder, Weights};
use rustc_hash::FxHashMap;

/// Weights being learned, with what averaging needs.
pub(crate) struct Trainer {
    classes: usize,
    index: FxHashMap<u64, u32>,
    /// Current weights, `classes` per feature.
    w: Vec<f32>,
    /// Sum over updates of step × change, to take the average at the end.
    u: Vec<f64>,
    /// Instances seen.
    step: u64,
}

impl Trainer {
    /// An empty model over `classes` classes.
    pub(crate) fn new(classes: usize) -> Trainer {
        Trainer {
            classes,
            index: FxHashMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            step: 1,
        }
    }

    /// Adds each feature's current weights into `scores` (`classes` long).
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let at = row as usize * self.classes;
                for (s, w) in scores.iter_mut().zip(&self.w[at..at + self.classes]) {
                    *s += w;
                }
            }
        }
    }

    /// How many classes it scores.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Counts one instance (call once per decision, updated or not).
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves the weights towards `truth` and away from `guess`.
    pub(crate) fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            let at = self.row(f);
            self.bump(at + truth, 1.0);
            self.bump(at + guess, -1.0);
        }
    }

    /// The first weight of feature `f`'s row, adding the row if new.
    fn row(&mut self, f: u64) -> usize {
        let next = self.index.len() as u32;
        let row = *self.index.entry(f).or_insert(next);
        if row == next {
            self.w.resize(self.w.len() + self.classes, 0.0);
            self.u.resize(self.u.len() + self.classes, 0.0);
        }
        row as usize * self.classes
    }

    fn bump(&mut self, i: usize, by: f32) {
        self.w[i] += by;
        self.u[i] += self.step as f64 * f64::from(by);
    }

    /// The averaged weights, dropping those whose size is below `floor`.
    pub(crate) fn finish(&self, floor: f32) -> Weights {
        let mut rows: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        rows.sort_unstable();
        let avg = |i: usize| (f64::from(self.w[i]) - self.u[i] / self.step as f64) as f32;
        let max = (0..self.w.len()).map(|i| avg(i).abs()).fold(0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut b = Builder::new(self.classes, scale, rows.len());
        let mut entries = Vec::new();
        for (key, row) in rows {
            let at = row as usize * self.classes;
            entries.clear();
            for c in 0..self.classes {
                let w = avg(at + c);
                let q = (w / scale).round() as i16;
                if w.abs() >= floor && q != 0 {
                    entries.push((c as u8, q));
                }
            }
            b.push(key, &entries);
        }
        b.finish()
    }
}

/// The index of the highest score (the first of equals).
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
