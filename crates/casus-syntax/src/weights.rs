//! Frozen weights: for each feature key its non-zero (class, weight) pairs,
//! weights in 16 bits (times a scale), in an open-addressed table laid out
//! for the number of classes so that a feature costs as few memory reads
//! as can be: the moves' three weights sit in the table's slot itself; a
//! relation's or a tag's non-zero weights (two or three of fifty or a
//! hundred, on average) in a packed list. Scoring reads every feature's
//! slot, then every list's start, before it adds anything, so that the
//! memory reads overlap.

/// Frozen weights of one model.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    classes: usize,
    /// A quantised weight times `scale` is the weight.
    scale: f32,
    /// Table size minus one (a power of two minus one).
    mask: usize,
    layout: Layout,
    /// The keys in the order their rows were added, for writing out.
    keys: Vec<u64>,
}

/// Where the weights are, by how many classes there are.
#[derive(Clone, Debug)]
enum Layout {
    /// Up to three classes: each slot is (16-bit key check, weights),
    /// eight bytes; check 0 is empty.
    Inline(Vec<(u16, [i16; 3])>),
    /// More: each slot is (key check, first entry); entries are packed with
    /// bit 31 marking a row's last, bits 16..24 the class, bits 0..16 the
    /// weight.
    Sparse(Vec<(u32, u32)>, Vec<u32>),
}

const LAST: u32 = 1 << 31;

impl Default for Weights {
    fn default() -> Weights {
        Builder::new(0, 1.0, 0).finish()
    }
}

/// Where a key's probe starts, and the check it leaves there (never 0).
#[inline]
fn probe(key: u64, mask: usize) -> (usize, u32) {
    (key as usize & mask, (key >> 32) as u32 | 1)
}

/// The slot of `check` from `at` on, or the empty slot (check 0) where it
/// would go.
#[inline]
fn seek<C: Copy + PartialEq + Default, T>(
    slots: &[(C, T)],
    mut at: usize,
    check: C,
    mask: usize,
) -> usize {
    loop {
        let c = slots[at].0;
        if c == check || c == C::default() {
            return at;
        }
        at = (at + 1) & mask;
    }
}

/// The 16-bit check of the inline layout (never 0). A missing feature
/// passes it at one slot in 65,536, and the weights it then adds are
/// another feature's: noise far below what pruning drops.
#[inline]
fn short(check: u32) -> u16 {
    (check >> 16) as u16 | 1
}

/// Reads every feature's home slot once, without acting on what it finds,
/// so that the reads overlap: the lookups after find them in the cache.
#[inline]
fn touch(feats: &[u64], mask: usize, read: impl Fn(usize) -> u32) {
    let mut acc = 0u32;
    for &f in feats {
        acc ^= read(f as usize & mask);
    }
    std::hint::black_box(acc);
}

/// Builds [`Weights`] row by row.
pub(crate) struct Builder {
    w: Weights,
}

impl Builder {
    /// Room for `rows` features over `classes` classes.
    pub(crate) fn new(classes: usize, scale: f32, rows: usize) -> Builder {
        let size = (rows * 3 / 2).next_power_of_two().max(2);
        let layout = if classes <= 3 {
            Layout::Inline(vec![(0, [0; 3]); size])
        } else {
            Layout::Sparse(vec![(0, 0); size], Vec::with_capacity(rows * 4))
        };
        Builder {
            w: Weights {
                classes,
                scale,
                mask: size - 1,
                layout,
                keys: Vec::with_capacity(rows),
            },
        }
    }

    /// Adds a feature's quantised row (nothing if it is empty or the key
    /// is there already).
    pub(crate) fn push(&mut self, key: u64, entries: &[(u8, i16)]) {
        let w = &mut self.w;
        if entries.is_empty() || w.keys.len() * 4 > w.mask * 3 {
            return;
        }
        let (at, check) = probe(key, w.mask);
        match &mut w.layout {
            Layout::Inline(slots) => {
                let at = seek(slots, at, short(check), w.mask);
                if slots[at].0 != 0 {
                    return;
                }
                let mut row = [0i16; 3];
                for &(c, q) in entries {
                    if let Some(r) = row.get_mut(c as usize) {
                        *r = q;
                    }
                }
                slots[at] = (short(check), row);
            }
            Layout::Sparse(slots, packed) => {
                let at = seek(slots, at, check, w.mask);
                if slots[at].0 != 0 {
                    return;
                }
                slots[at] = (check, packed.len() as u32);
                for (n, &(c, q)) in entries.iter().enumerate() {
                    let last = if n + 1 == entries.len() { LAST } else { 0 };
                    packed.push(last | u32::from(c) << 16 | u32::from(q as u16));
                }
            }
        }
        w.keys.push(key);
    }

    /// The weights.
    pub(crate) fn finish(self) -> Weights {
        self.w
    }
}

impl Weights {
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

    /// Sets `scores` (`classes` long) to the sum of each feature's weights,
    /// in units of [`Weights::scale`].
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        match &self.layout {
            Layout::Inline(slots) => self.score_inline(slots, feats, scores),
            Layout::Sparse(slots, packed) => self.score_sparse(slots, packed, feats, scores),
        }
    }

    #[inline]
    fn score_inline(&self, slots: &[(u16, [i16; 3])], feats: &[u64], scores: &mut [f32]) {
        touch(feats, self.mask, |at| u32::from(slots[at].0));
        let mut sum = [0i32; 3];
        for &f in feats {
            let (at, check) = probe(f, self.mask);
            let check = short(check);
            let (c, row) = &slots[seek(slots, at, check, self.mask)];
            if *c == check {
                for (s, &q) in sum.iter_mut().zip(row) {
                    *s += i32::from(q);
                }
            }
        }
        for (s, q) in scores.iter_mut().zip(sum) {
            *s = q as f32;
        }
    }

    #[inline]
    fn score_sparse(
        &self,
        slots: &[(u32, u32)],
        packed: &[u32],
        feats: &[u64],
        scores: &mut [f32],
    ) {
        touch(feats, self.mask, |at| slots[at].0);
        // First every row's start, reading its first entry so that the
        // rows' reads overlap too; then the sums.
        let mut starts = Vec::with_capacity(feats.len());
        let mut acc = 0u32;
        for &f in feats {
            let (at, check) = probe(f, self.mask);
            let (c, start) = slots[seek(slots, at, check, self.mask)];
            if c == check {
                acc ^= packed.get(start as usize).copied().unwrap_or(0);
                starts.push(start as usize);
            }
        }
        std::hint::black_box(acc);
        let mut sum = [0i32; 256];
        for start in starts {
            for &e in packed.get(start..).unwrap_or(&[]) {
                sum[(e >> 16 & 0xFF) as usize] += i32::from(e as u16 as i16);
                if e & LAST != 0 {
                    break;
                }
            }
        }
        for (s, q) in scores.iter_mut().zip(sum) {
            *s = q as f32;
        }
    }

    /// Feature `key`'s row, quantised (empty if it has none).
    pub(crate) fn row(&self, key: u64) -> Vec<(u8, i16)> {
        let (at, check) = probe(key, self.mask);
        let nonzero = |row: &[i16]| -> Vec<(u8, i16)> {
            let row = row.iter().take(self.classes).enumerate();
            row.filter(|(_, &q)| q != 0)
                .map(|(c, &q)| (c as u8, q))
                .collect()
        };
        match &self.layout {
            Layout::Inline(slots) => {
                let (c, row) = &slots[seek(slots, at, short(check), self.mask)];
                if *c == short(check) {
                    nonzero(row)
                } else {
                    Vec::new()
                }
            }
            Layout::Sparse(slots, packed) => {
                let (c, start) = slots[seek(slots, at, check, self.mask)];
                let mut out = Vec::new();
                if c == check {
                    for &e in packed.get(start as usize..).unwrap_or(&[]) {
                        out.push(((e >> 16 & 0xFF) as u8, e as u16 as i16));
                        if e & LAST != 0 {
                            break;
                        }
                    }
                }
                out
            }
        }
    }

    /// Each feature's key, in the order of the slots that hold them, so
    /// that a model read back in this order fills its table front to back.
    pub(crate) fn keys_in_table_order(&self) -> Vec<u64> {
        let mut keyed: Vec<(usize, u64)> = self
            .keys
            .iter()
            .map(|&k| {
                let (at, check) = probe(k, self.mask);
                let slot = match &self.layout {
                    Layout::Inline(s) => seek(s, at, short(check), self.mask),
                    Layout::Sparse(s, _) => seek(s, at, check, self.mask),
                };
                // A run that wraps past the end belongs after the last slot.
                (
                    if slot < at {
                        slot + self.mask + 1
                    } else {
                        slot
                    },
                    k,
                )
            })
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, k)| k).collect()
    }

    /// The same weights without entries smaller than `floor`.
    pub(crate) fn pruned(&self, floor: f32) -> Weights {
        let q = (floor / self.scale).round() as i32;
        let mut b = Builder::new(self.classes, self.scale, self.keys.len());
        for &k in &self.keys {
            let mut row = self.row(k);
            row.retain(|&(_, w)| i32::from(w).abs() >= q);
            b.push(k, &row);
        }
        b.finish()
    }

    /// The mean of several weight sets over the same classes (a feature
    /// missing from one counts as zero there).
    pub(crate) fn mean(all: &[&Weights]) -> Weights {
        let classes = all.first().map_or(0, |w| w.classes);
        let mut sums: rustc_hash::FxHashMap<u64, Vec<f32>> = rustc_hash::FxHashMap::default();
        for w in all {
            for &k in &w.keys {
                let row = sums.entry(k).or_insert_with(|| vec![0.0; classes]);
                for (c, q) in w.row(k) {
                    row[c as usize] += f32::from(q) * w.scale / all.len() as f32;
                }
            }
        }
        let max = sums.values().flatten().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys: Vec<u64> = sums.keys().copied().collect();
        keys.sort_unstable();
        let mut b = Builder::new(classes, scale, keys.len());
        for k in keys {
            let row: Vec<(u8, i16)> = sums[&k]
                .iter()
                .enumerate()
                .map(|(c, &x)| (c as u8, (x / scale).round() as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            b.push(k, &row);
        }
        b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(n: u64) -> u64 {
        crate::features::key(1, n, 0, 0)
    }

    fn scores_of(classes: usize) -> Vec<f32> {
        let mut b = Builder::new(classes, 0.5, 3);
        b.push(k(11), &[(0, 3), (2, -1)]);
        b.push(k(22), &[(1, 4)]);
        b.push(k(33), &[(2, 2)]);
        let w = b.finish();
        let mut s = vec![0.0; classes];
        w.score(&[k(11), k(22), k(99)], &mut s);
        s
    }

    #[test]
    fn every_layout_sums_the_rows_of_the_features_it_has() {
        for classes in [3, 40, 100] {
            let s = scores_of(classes);
            assert_eq!(&s[..3], &[3.0, 4.0, -1.0], "{classes} classes");
        }
    }

    #[test]
    fn rows_read_back_as_they_went_in() {
        let mut b = Builder::new(40, 1.0, 1);
        b.push(k(7), &[(5, 9), (39, -2)]);
        assert_eq!(b.finish().row(k(7)), vec![(5, 9), (39, -2)]);
    }
}
