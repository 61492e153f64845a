//! Feature keys: every feature is a 64-bit hash of its template's number
//! and the values it combines, so the weights need no feature strings.

use std::hash::{BuildHasher, Hasher};

/// A key for a string (its bytes hashed), never 0, which stands for "none".
pub(crate) fn text_key(s: &str) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s.as_bytes());
    h.finish() | 1
}

/// One feature's key: template `t` with up to three values.
#[inline]
pub(crate) fn key(t: u32, a: u64, b: u64, c: u64) -> u64 {
    let h = u64::from(t)
        .wrapping_add(1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ a.wrapping_mul(0xD6E8_FEB8_6659_FD93)
        ^ b.rotate_left(21).wrapping_mul(0xA076_1D64_78BD_642F)
        ^ c.rotate_left(42).wrapping_mul(0xE703_7ED1_A0B4_28DB);
    fold(h)
}

/// A 64-bit finaliser (Murmur3's), so that nearby values spread.
#[inline]
fn fold(mut h: u64) -> u64 {
    h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The keys of one word that the tagger's and parser's features read.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordKeys {
    /// The form, lower-cased.
    pub lower: u64,
    /// The form as written.
    pub cased: u64,
    /// Its last one, two, three and four characters (lower-cased).
    pub suffix: [u64; 4],
    /// Its first one, two and three characters (lower-cased).
    pub prefix: [u64; 3],
    /// Its shape: letters as X and x, digits as d, runs cut at two ("Xxx", "dd,dd").
    pub shape: u64,
}

impl WordKeys {
    /// The keys of `word`.
    pub(crate) fn of(word: &str) -> WordKeys {
        let lower = word.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        let piece = |from: usize, to: usize| -> u64 {
            let s: String = chars[from.min(n)..to.min(n)].iter().collect();
            text_key(&s)
        };
        WordKeys {
            lower: text_key(&lower),
            cased: text_key(word),
            suffix: [1, 2, 3, 4].map(|k| piece(n.saturating_sub(k), n)),
            prefix: [1, 2, 3].map(|k| piece(0, k)),
            shape: text_key(&shape(word)),
        }
    }

    /// The keys standing for a position before the first or after the last word.
    pub(crate) fn edge(which: &str) -> WordKeys {
        let k = text_key(which);
        WordKeys {
            lower: k,
            cased: k,
            suffix: [k; 4],
            prefix: [k; 3],
            shape: k,
        }
    }
}

/// A word's shape: upper-case letters as X, others as x, digits as d, any
/// other character as itself, and each run cut at two.
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 2 {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_cut_runs_at_two() {
        assert_eq!(shape("Baghdad"), "Xxx");
        assert_eq!(shape("1,200"), "d,dd");
        assert_eq!(shape("U.S."), "X.X.");
    }

    #[test]
    fn keys_differ_by_template_and_value_order() {
        assert_ne!(key(1, 5, 7, 0), key(2, 5, 7, 0));
        assert_ne!(key(1, 5, 7, 0), key(1, 7, 5, 0));
    }
}
