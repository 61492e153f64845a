//! The averaged perceptron: a linear model over hashed features, trained
//! by mistakes and averaged over every step so that late updates do not
//! dominate. [`Trainer`] learns; [`Weights`] is the frozen, sparse result.

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
        let mut out = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            let at = row as usize * self.classes;
            let mut entries = Vec::new();
            for c in 0..self.classes {
                let avg = f64::from(self.w[at + c]) - self.u[at + c] / self.step as f64;
                if avg.abs() as f32 >= floor {
                    entries.push((c as u8, avg as f32));
                }
            }
            out.push((key, entries));
        }
        Weights::from_rows(self.classes, &out)
    }
}

/// Frozen weights: for each feature, its non-zero (class, weight) pairs,
/// weights in 16 bits. Laid out so that a feature costs two memory reads: a
/// slot of an open-addressed table (part of the key and where its row
/// starts), then its row, packed.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    classes: usize,
    /// A quantised weight times `scale` is the weight.
    scale: f32,
    /// Table size minus one (a power of two minus one).
    mask: usize,
    /// (key check, row start); a check of 0 is an empty slot.
    slots: Vec<(u32, u32)>,
    /// Packed entries: bit 31 marks a row's last, bits 16..24 the class,
    /// bits 0..16 the quantised weight.
    entries: Vec<u32>,
    /// The keys in the order their rows were added, for writing out.
    keys: Vec<u64>,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights::empty(0)
    }
}

const LAST: u32 = 1 << 31;

/// Where in the table a key's probe starts, and the check it leaves there.
#[inline]
fn probe(key: u64, mask: usize) -> (usize, u32) {
    (key as usize & mask, (key >> 32) as u32 | 1)
}

impl Weights {
    /// No features over `classes` classes.
    pub(crate) fn empty(classes: usize) -> Weights {
        Weights {
            classes,
            scale: 1.0,
            mask: 0,
            slots: vec![(0, 0)],
            entries: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Weights from rows of (key, [(class, weight)]), quantised to 16 bits.
    pub(crate) fn from_rows(classes: usize, rows: &[(u64, Vec<(u8, f32)>)]) -> Weights {
        let max = rows
            .iter()
            .flat_map(|(_, e)| e.iter().map(|(_, w)| w.abs()))
            .fold(0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let rows: Vec<(u64, Vec<(u8, i16)>)> = rows
            .iter()
            .map(|(k, e)| {
                let q = e.iter().map(|&(c, w)| (c, (w / scale).round() as i16));
                (*k, q.filter(|&(_, q)| q != 0).collect())
            })
            .filter(|(_, e): &(u64, Vec<(u8, i16)>)| !e.is_empty())
            .collect();
        Weights::from_quantised(classes, scale, &rows)
    }

    /// Weights from quantised rows.
    pub(crate) fn from_quantised(
        classes: usize,
        scale: f32,
        rows: &[(u64, Vec<(u8, i16)>)],
    ) -> Weights {
        let size = (rows.len() * 3 / 2).next_power_of_two().max(1);
        let mask = size - 1;
        let mut w = Weights {
            classes,
            scale,
            mask,
            slots: vec![(0, 0); size],
            entries: Vec::with_capacity(rows.iter().map(|r| r.1.len()).sum()),
            keys: Vec::with_capacity(rows.len()),
        };
        for (key, entries) in rows {
            if entries.is_empty() {
                continue;
            }
            let (mut at, check) = probe(*key, mask);
            while w.slots[at].0 != 0 && w.slots[at].0 != check {
                at = (at + 1) & mask;
            }
            w.slots[at] = (check, w.entries.len() as u32);
            for (n, &(c, q)) in entries.iter().enumerate() {
                let last = if n + 1 == entries.len() { LAST } else { 0 };
                w.entries
                    .push(last | u32::from(c) << 16 | u32::from(q as u16));
            }
            w.keys.push(*key);
        }
        w
    }

    /// How many classes it scores.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// How many features it holds.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// What a quantised weight of 1 is worth.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Adds each feature's weights into `scores` (`classes` long, zeroed
    /// here), in units of [`Weights::scale`].
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for &f in feats {
            let Some(start) = self.find(f) else { continue };
            let mut i = start as usize;
            while let Some(&e) = self.entries.get(i) {
                if let Some(s) = scores.get_mut((e >> 16 & 0xFF) as usize) {
                    *s += f32::from(e as u16 as i16);
                }
                if e & LAST != 0 {
                    break;
                }
                i += 1;
            }
        }
    }

    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        let (mut at, check) = probe(key, self.mask);
        loop {
            let (c, start) = self.slots[at];
            if c == check {
                return Some(start);
            }
            if c == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    /// Each row as (key, quantised entries), in the order they were added.
    pub(crate) fn rows(&self) -> Vec<(u64, Vec<(u8, i16)>)> {
        self.keys
            .iter()
            .map(|&k| {
                let mut row = Vec::new();
                let mut i = self.find(k).unwrap_or(u32::MAX) as usize;
                while let Some(&e) = self.entries.get(i) {
                    row.push(((e >> 16 & 0xFF) as u8, e as u16 as i16));
                    if e & LAST != 0 {
                        break;
                    }
                    i += 1;
                }
                (k, row)
            })
            .collect()
    }

    /// The same weights without entries smaller than `floor`.
    pub(crate) fn pruned(&self, floor: f32) -> Weights {
        let q = (floor / self.scale).round() as i32;
        let rows: Vec<(u64, Vec<(u8, i16)>)> = self
            .rows()
            .into_iter()
            .map(|(k, e)| {
                (
                    k,
                    e.into_iter()
                        .filter(|&(_, w)| i32::from(w).abs() >= q)
                        .collect(),
                )
            })
            .collect();
        Weights::from_quantised(self.classes, self.scale, &rows)
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
