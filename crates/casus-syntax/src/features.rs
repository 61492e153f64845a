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
        let mut buf = [0u8; 64];
        let lower: std::borrow::Cow<'_, str> = if word.len() <= buf.len() && word.is_ascii() {
            let b = &mut buf[..word.len()];
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or(word))
        } else {
            std::borrow::Cow::Owned(word.to_lowercase())
        };
        // Character boundaries, so that affixes are whole characters.
        let ends: Vec<usize> = lower
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .chain([lower.len()])
            .collect();
        let n = ends.len();
        let cut = |chars: usize| {
            if chars == 0 {
                0
            } else {
                ends[chars.min(n) - 1]
            }
        };
        let suffix = |k: usize| text_key(&lower[cut(n.saturating_sub(k))..]);
        let prefix = |k: usize| text_key(&lower[..cut(k)]);
        WordKeys {
            lower: text_key(&lower),
            cased: text_key(word),
            suffix: [suffix(1), suffix(2), suffix(3), suffix(4)],
            prefix: [prefix(1), prefix(2), prefix(3)],
            shape: shape_key(word),
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

/// The key of a word's [`shape`], made without allocating for short words.
fn shape_key(word: &str) -> u64 {
    let mut buf = [0u8; 32];
    let mut len = 0;
    let mut fits = true;
    for_shape(word, |c| {
        if c.is_ascii() && len < buf.len() {
            buf[len] = c as u8;
            len += 1;
        } else {
            fits = false;
        }
    });
    match std::str::from_utf8(&buf[..len]) {
        Ok(s) if fits => text_key(s),
        _ => text_key(&shape(word)),
    }
}

/// A word's shape: upper-case letters as X, others as x, digits as d, any
/// other character as itself, and each run cut at two.
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    for_shape(word, |c| out.push(c));
    out
}

/// Calls `emit` with each character of `word`'s [`shape`].
fn for_shape(word: &str, mut emit: impl FnMut(char)) {
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
            emit(s);
        }
    }
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
    fn affixes_are_whole_characters() {
        let k = WordKeys::of("Zürich");
        assert_eq!(k.suffix[3], text_key("rich"));
        assert_eq!(k.prefix[1], text_key("zü"));
        assert_eq!(k.lower, text_key("zürich"));
        assert_eq!(WordKeys::of("BAGHDAD").suffix[2], text_key("dad"));
        assert_eq!(WordKeys::of("a").suffix[3], text_key("a"));
    }

    #[test]
    fn keys_differ_by_template_and_value_order() {
        assert_ne!(key(1, 5, 7, 0), key(2, 5, 7, 0));
        assert_ne!(key(1, 5, 7, 0), key(1, 7, 5, 0));
    }
}
