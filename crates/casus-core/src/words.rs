//! Small sets of cue words ("to", "said", "would") that the event rules
//! test tokens against, compared by a hash computed once per token.
//!
//! Each set is built at compile time by [`words!`]: its words and their
//! hashes. A token's lower-cased text is hashed once when the article is
//! segmented ([`crate::text::Doc::hashes`]); testing it against a set then
//! compares integers, and only a hash that matches is confirmed by
//! comparing the text, so a collision can never make a false match.

/// A set of lower-case words with their hashes.
#[derive(Debug)]
pub struct Words {
    /// The words, lower case.
    pub words: &'static [&'static str],
    /// [`word_hash`] of each word, in the same order.
    pub hashes: &'static [u64],
    /// A 1024-bit filter: bit `hash >> 54` is set for each word's hash,
    /// so most words outside the set are ruled out by one bit test.
    pub filter: [u64; 16],
}

impl Words {
    /// True if `word` (lower case) with hash `hash` is in the set.
    #[inline(always)]
    pub fn has(&self, hash: u64, word: &str) -> bool {
        self.may_have(hash) && self.confirm(hash, word.as_bytes())
    }

    /// False when no word of the set has this hash (one bit test); true
    /// means "perhaps", to be settled by [`Words::has`].
    #[inline(always)]
    pub fn may_have(&self, hash: u64) -> bool {
        let bit = (hash >> 54) as usize;
        self.filter[bit >> 6] >> (bit & 63) & 1 == 1
    }

    /// The exact test behind the filter: a word of the set has this hash
    /// and these bytes (lower case).
    #[inline(always)]
    pub fn confirm(&self, hash: u64, word: &[u8]) -> bool {
        self.hashes
            .iter()
            .position(|&h| h == hash)
            .is_some_and(|k| {
                // Cue words are short: compared inline, not by a call.
                let a = self.words[k].as_bytes();
                a.len() == word.len() && a.iter().zip(word).all(|(x, y)| x == y)
            })
    }
}

/// A 64-bit hash of `bytes`, eight bytes at a time (a word of up to eight
/// letters takes one multiplication); a `const fn` so that sets of words
/// are hashed at compile time.
pub const fn word_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = bytes.len() as u64;
    let mut i = 0;
    while i < bytes.len() {
        let mut chunk: u64 = 0;
        let mut k = 0;
        while k < 8 && i + k < bytes.len() {
            chunk |= (bytes[i + k] as u64) << (8 * k);
            k += 1;
        }
        h = (h ^ chunk).wrapping_mul(K).rotate_left(29);
        i += 8;
    }
    h ^ (h >> 32)
}

/// [`word_hash`] of `buf[start..end]`, reading eight bytes at a time
/// from `buf` where it can (past `end` if the buffer goes on, the extra
/// bytes masked off): the same value, with fewer steps per byte.
#[inline]
pub fn word_hash_at(buf: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let Some(bytes) = buf.get(start..end) else {
        return word_hash(&[]);
    };
    let mut h: u64 = bytes.len() as u64;
    let mut i = start;
    while i < end {
        let n = (end - i).min(8);
        let chunk = match buf.get(i..i + 8) {
            Some(b) => {
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                let v = u64::from_le_bytes(a);
                if n == 8 {
                    v
                } else {
                    v & ((1u64 << (8 * n)) - 1)
                }
            }
            None => {
                let mut a = [0u8; 8];
                a[..n].copy_from_slice(&buf[i..i + n]);
                u64::from_le_bytes(a)
            }
        };
        h = (h ^ chunk).wrapping_mul(K).rotate_left(29);
        i += 8;
    }
    h ^ (h >> 32)
}

/// The hashes of the first `N` words of `words`.
pub const fn hashes<const N: usize>(words: &[&str]) -> [u64; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = word_hash(words[i].as_bytes());
        i += 1;
    }
    out
}

/// The [`Words::filter`] of a set with these hashes.
pub const fn filter(hashes: &[u64]) -> [u64; 16] {
    let mut out = [0; 16];
    let mut i = 0;
    while i < hashes.len() {
        let bit = (hashes[i] >> 54) as usize;
        out[bit >> 6] |= 1 << (bit & 63);
        i += 1;
    }
    out
}

/// A `&'static Words` of the given lower-case word literals, hashed at
/// compile time: `words!["said", "told"]`.
macro_rules! words {
    ($($w:literal),+ $(,)?) => {{
        const WORDS: &[&str] = &[$($w),+];
        const HASHES: &[u64] = &$crate::words::hashes::<{ WORDS.len() }>(WORDS);
        const SET: $crate::words::Words = $crate::words::Words {
            words: WORDS,
            hashes: HASHES,
            filter: $crate::words::filter(HASHES),
        };
        &SET
    }};
}
pub(crate) use words;

/// Prepositions that place what follows.
pub const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "into",
    "throughout",
    "around",
    "off",
    "within",
    "over",
    "along",
];

/// Prepositions (an actor after one is not a subject).
pub const PREPOSITIONS: &Words = words![
    "of",
    "in",
    "on",
    "at",
    "from",
    "with",
    "to",
    "against",
    "by",
    "for",
    "into",
    "over",
    "near",
    "between",
    "among",
    "across",
    "toward",
    "towards",
    "through",
    "after",
    "before",
    "under",
    "within",
    "around",
    "about",
    "than",
    "like",
    "outside",
    "inside",
    "throughout",
    "including",
    "despite",
    "behind",
    "upon",
    "off",
    "along",
    "amid",
    "during",
    "via",
    "targeting",
];

/// Nouns that make "of X" a place ("the town of Huwara").
pub const PLACE_NOUNS: &Words = words![
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "outskirts",
    "capital",
    "suburbs",
    "suburb",
    "port",
    "island",
    "state",
    "governorate",
    "oblast",
    "area",
    "enclave",
    "camp",
    "neighbourhood",
    "neighborhood",
    "municipality",
    "county",
    "streets",
    "centre",
    "center",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_its_words_and_nothing_else() {
        let set = words!["said", "told", "to"];
        for w in ["said", "told", "to"] {
            assert!(set.has(word_hash(w.as_bytes()), w));
        }
        for w in ["say", "", "Said", "tol"] {
            assert!(!set.has(word_hash(w.as_bytes()), w));
        }
        // The fast form agrees with the const one, at every length and
        // with or without bytes after the word.
        let text = b"a bc def ghijklmnopqrstuvwxyz0123456789";
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert_eq!(word_hash_at(text, start, end), word_hash(&text[start..end]));
            }
        }
        // A forged hash is confirmed against the text.
        assert!(!set.has(word_hash(b"said"), "sand"));
    }
}
