//! The name index of the gazetteer: every name and alias of every city,
//! first-level division and hand-kept place, by the hash of its canonical
//! form, and the search for those names in an article's tokens.
//!
//! The canonical form of a name is lower case, with Latin diacritics
//! folded ("Kraków" → "krakow"), apostrophes dropped ("Ma'rib" →
//! "marib"), hyphens read as spaces and runs of spaces as one: "Al-Hasakah", "al Hasakah"
//! and "AL HASAKAH" are one name. Building the index is one pass over the
//! tables and a sort, so it loads in milliseconds; a lookup is one hash
//! probe, confirmed against the stored text.

use crate::lexicon::{word_hash, word_hash_at, Words};
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// A name of the text that the gazetteer knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameMatch {
    /// Where in the text.
    pub span: Span,
    /// The tokens it covers.
    pub toks: Range<usize>,
    /// The places of that name: a range of the `pool` passed to
    /// [`NameIndex::find`].
    pub places: Range<usize>,
    /// The name is an alias of all those places, none's own name
    /// ("Irbil", "Ky.").
    pub alias: bool,
    /// The name is a division's short form ("Ky.").
    pub short: bool,
}

/// What a name is to its place. A place's own name hides the places it is
/// only an alias of ("Islamabad" is no old Chittagong); a division's name
/// hides only small towns' aliases ("New York" is the city as well as the
/// state whose own name it is; "Missouri" is no Montana town).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NameKind {
    /// The place's own name.
    Own,
    /// A division's own name.
    Division,
    /// Another name of a city of a million people or more.
    MajorAlias,
    /// Another name of the place.
    Alias,
    /// A division's short form, as news writes it after a town ("Ky.",
    /// "TX", "In"): an alias read only there.
    Short,
}

/// Names by the hash of their canonical form.
#[derive(Default)]
pub(crate) struct NameIndex {
    /// Hash → range of `entries` (empty for a beginning of names that is
    /// no name itself), and whether it begins longer names: what a
    /// search has read is extended only while it begins some name.
    keys: FxHashMap<u64, (u32, u32, bool)>,
    /// (place, where its canonical name is in `text`, its length, the
    /// place's own name rather than an alias).
    entries: Vec<(u32, u32, u32, NameKind)>,
    /// Canonical names end to end.
    text: String,
    /// The most tokens a name spans.
    max_tokens: usize,
}

/// Collects names, then builds a [`NameIndex`].
#[derive(Default)]
pub(crate) struct NameIndexBuilder {
    items: Vec<(u64, u32, u32, u32, NameKind)>,
    /// Where each distinct name of several words is in `text`.
    spans: Vec<(u32, u32)>,
    text: String,
    max_words: usize,
    buf: String,
}

impl NameIndexBuilder {
    /// Adds `name` for place `place`, as its own name, a division's, or
    /// an alias ("Irbil" for Erbil).
    pub(crate) fn add(&mut self, name: &str, place: u32, kind: NameKind) {
        self.buf.clear();
        canonical(name, &mut self.buf);
        if self.buf.is_empty() {
            return;
        }
        // Tokens it may span: its words, and the periods and apostrophes
        // that the tokenizer splits off ("St." "Cox" "'s").
        let words = self.buf.split(' ').count() + name.matches(['.', '\'', '\u{2019}']).count();
        self.max_words = self.max_words.max(words);
        let at = self.text.len() as u32;
        self.text.push_str(&self.buf);
        if self.buf.bytes().any(|c| !c.is_ascii_alphanumeric()) {
            self.spans.push((at, self.buf.len() as u32));
        }
        self.items.push((
            word_hash(self.buf.as_bytes()),
            place,
            at,
            self.buf.len() as u32,
            kind,
        ));
    }

    /// Builds the index.
    pub(crate) fn build(mut self) -> NameIndex {
        // Primary first, so that a duplicate keeps it.
        self.items
            .sort_unstable_by_key(|&(h, p, _, _, kind)| (h, p, kind));
        self.items.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut keys = FxHashMap::default();
        keys.reserve(self.items.len());
        let mut entries = Vec::with_capacity(self.items.len());
        let mut i = 0;
        while i < self.items.len() {
            let h = self.items[i].0;
            let from = entries.len() as u32;
            let first = (self.items[i].2, self.items[i].3);
            let text_of = |at: u32, len: u32| &self.text[at as usize..(at + len) as usize];
            while i < self.items.len() && self.items[i].0 == h {
                let (_, p, mut at, mut len, kind) = self.items[i];
                if text_of(at, len) == text_of(first.0, first.1) {
                    (at, len) = first;
                }
                entries.push((p, at, len, kind));
                i += 1;
            }
            keys.insert(h, (from, entries.len() as u32, false));
        }
        // The beginnings of names that end where a word ends ("kryvyi" of
        // "kryvyi rih").
        for &(at, len) in &self.spans {
            let name = &self.text[at as usize..(at + len) as usize];
            let b = name.as_bytes();
            for k in 1..b.len() {
                let edge = !b[k].is_ascii_alphanumeric() || !b[k - 1].is_ascii_alphanumeric();
                if edge && name.is_char_boundary(k) {
                    let h = word_hash(name[..k].trim_end().as_bytes());
                    keys.entry(h).or_insert((0, 0, true)).2 = true;
                }
            }
        }
        NameIndex {
            keys,
            entries,
            text: self.text,
            max_tokens: self.max_words.max(1),
        }
    }
}

impl NameIndex {
    /// The most tokens a name spans.
    pub(crate) fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// The places named `name` (any spelling with the same canonical
    /// form), appended to `out`. A name that is some places' own name
    /// stands for those places only, not for the places it is an alias
    /// of ("Islamabad" is the capital of Pakistan, though GeoNames also
    /// lists it as an old name of Chittagong).
    pub(crate) fn lookup(&self, name: &str, out: &mut Vec<u32>) {
        let mut buf = String::new();
        canonical(name, &mut buf);
        self.lookup_canonical(&buf, out);
    }

    /// Appends the places of canonical name `canon` to `out`; says whether
    /// longer names begin with it and whether it is only an alias.
    fn lookup_canonical(&self, canon: &str, out: &mut Vec<u32>) -> Found {
        self.lookup_hashed(word_hash_at(canon.as_bytes(), 0, canon.len()), canon, out)
    }

    /// As [`NameIndex::lookup_canonical`], with `h` the hash of `canon`.
    fn lookup_hashed(&self, h: u64, canon: &str, out: &mut Vec<u32>) -> Found {
        let Some(&(from, to, longer)) = self.keys.get(&h) else {
            return Found::default();
        };
        let entries = &self.entries[from as usize..to as usize];
        let Some(&(_, at0, len0, _)) = entries.first() else {
            return Found {
                longer,
                ..Found::default()
            };
        };
        // Entries of one name share its text (see `build`), so one
        // comparison confirms them; a colliding name has its own text.
        let is = |at: u32, len: u32| {
            self.text
                .as_bytes()
                .get(at as usize..(at + len) as usize)
                .is_some_and(|t| same_bytes(t, canon.as_bytes()))
        };
        let first_ok = is(at0, len0);
        let ok = |&(_, at, len, _): &(u32, u32, u32, NameKind)| {
            if (at, len) == (at0, len0) {
                first_ok
            } else {
                is(at, len)
            }
        };
        let named = |k: NameKind| matches!(k, NameKind::Own | NameKind::Division);
        let any_own = entries.iter().any(|e| e.3 == NameKind::Own && ok(e));
        let any_named = entries.iter().any(|e| named(e.3) && ok(e));
        let shown = |k: NameKind| match k {
            NameKind::Own | NameKind::Division => true,
            NameKind::MajorAlias => !any_own,
            NameKind::Alias | NameKind::Short => !any_named,
        };
        out.extend(entries.iter().filter(|e| shown(e.3) && ok(e)).map(|e| e.0));
        Found {
            longer,
            alias: !any_named,
            short: !any_named && entries.iter().any(|e| e.3 == NameKind::Short && ok(e)),
        }
    }

    /// The names in tokens `range` of `doc`: each starts at a capitalised
    /// word ("Kharkiv", or "al-Hasakah" with a lower-case article) and
    /// does not cross a line break or a comma. Overlapping names are all
    /// returned; their places go to `pool`.
    pub(crate) fn find(
        &self,
        leading: &Words,
        text: &str,
        doc: &Doc,
        range: Range<usize>,
        pool: &mut Vec<u32>,
    ) -> Vec<NameMatch> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let bytes = text.as_bytes();
        for i in range.clone() {
            let t = doc.tokens[i];
            if t.kind != TokenKind::Word {
                continue;
            }
            // Most words are lower case and begin no name: one byte and,
            // for a few, one hash tell.
            let b0 = bytes[t.span.start()];
            if b0.is_ascii_lowercase()
                && !doc.is(i, leading)
                && !bytes
                    .get(t.span.start() + 2..t.span.start() + 4)
                    .is_some_and(|b| b.contains(&b'-'))
            {
                continue;
            }
            let w = t.span.slice(text);
            // "the West Bank", "the White House", "south Lebanon": names
            // with an article or a compass word.
            let starts = starts_name(w)
                || doc.is(i, leading)
                    && doc
                        .tokens
                        .get(i + 1)
                        .is_some_and(|n| starts_name(n.span.slice(text)));
            if !starts {
                continue;
            }
            buf.clear();
            let mut j = i;
            while j < range.end && j - i < self.max_tokens {
                let tj = doc.tokens[j];
                if j > i {
                    let gap = bytes
                        .get(doc.tokens[j - 1].span.end()..tj.span.start())
                        .unwrap_or(b"\n");
                    let stop = tj.kind == TokenKind::Punct
                        && matches!(
                            bytes[tj.span.start()],
                            b',' | b';' | b':' | b'(' | b')' | b'"'
                        );
                    if stop || gap.contains(&b'\n') {
                        break;
                    }
                    if !gap.is_empty() && !buf.ends_with(' ') {
                        buf.push(' ');
                    }
                }
                let low = doc.low(j);
                let plain = low.is_ascii() && !low.contains(['-', '`', '\'']);
                let from = pool.len();
                // A plain first word is its own canonical form, and the
                // document hashed it already.
                // "Cox" of "Cox's Bazar": a possessive joins the word.
                let possessive = doc.tokens.get(j + 1).is_some_and(|n| {
                    n.kind == TokenKind::Possessive && n.span.start() == tj.span.end()
                });
                let found = if j == i && plain {
                    let found = self.lookup_hashed(doc.hashes[j], low, pool);
                    if found.longer || possessive {
                        buf.push_str(low);
                    }
                    found
                } else {
                    if plain {
                        buf.push_str(low);
                    } else {
                        canonical_append(tj.span.slice(text), &mut buf);
                    }
                    self.lookup_canonical(buf.trim_end(), pool)
                };
                j += 1;
                if pool.len() > from {
                    out.push(NameMatch {
                        span: t.span.cover(tj.span),
                        toks: i..j,
                        places: from..pool.len(),
                        alias: found.alias,
                        short: found.short,
                    });
                }
                if !found.longer && !possessive {
                    break;
                }
            }
        }
        out
    }
}

/// What a lookup found besides its places.
#[derive(Clone, Copy, Default)]
struct Found {
    /// Longer names begin with the name looked up.
    longer: bool,
    /// The name is only an alias of the places found.
    alias: bool,
    /// The name is a division's short form.
    short: bool,
}

/// Byte equality without a library call: names are short.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Lower-case words that can begin a name before a capitalised word.
/// A word that can start a place name: capitalised, or an Arabic article
/// before a capital ("al-Hasakah", "el-Arish").
fn starts_name(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => return true,
        Some(b) if b.is_ascii() => {}
        Some(_) if w.starts_with(char::is_uppercase) => return true,
        _ => {}
    }
    // An article joined by a hyphen at its third or fourth byte.
    if !w.as_bytes().get(2..4).is_some_and(|b| b.contains(&b'-')) {
        return false;
    }
    [
        "al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "az-", "at-",
    ]
    .iter()
    .any(|a| {
        w.strip_prefix(a)
            .is_some_and(|r| r.starts_with(char::is_uppercase))
    })
}

/// Writes the canonical form of `s` to `out`.
pub(crate) fn canonical(s: &str, out: &mut String) {
    canonical_append(s.trim(), out);
    while out.ends_with(' ') {
        out.pop();
    }
}

fn canonical_append(s: &str, out: &mut String) {
    for c in s.chars() {
        let c = match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => ' ',
            // "Ma'rib" is "Marib", "N'Djamena" "NDjamena".
            '\'' | '\u{2019}' | '\u{2018}' | '`' => continue,
            c if c.is_whitespace() => ' ',
            c => super::fold_char(c).to_ascii_lowercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_agree() {
        let c = |s: &str| {
            let mut o = String::new();
            canonical(s, &mut o);
            o
        };
        assert_eq!(c("Al-Hasakah"), "al hasakah");
        assert_eq!(c("al  Hasakah"), "al hasakah");
        assert_eq!(c("Kraków"), "krakow");
        assert_eq!(c("Ma’rib"), "marib");
        assert_eq!(c("St. Petersburg"), "st. petersburg");
    }

    #[test]
    fn names_are_found_in_tokens_and_confirmed() {
        let mut b = NameIndexBuilder::default();
        b.add("Kryvyi Rih", 1, NameKind::Own);
        b.add("Al-Hasakah", 2, NameKind::Own);
        b.add("Rih", 3, NameKind::Own);
        b.add("Kryvyi Rih", 4, NameKind::Alias);
        let idx = b.build();
        let text = "Missiles hit Kryvyi Rih and al-Hasakah, officials said.";
        let doc = crate::text::segment(
            text,
            Span::whole(text),
            &crate::lexicon::builtin().abbreviations,
        );
        let mut pool = Vec::new();
        let found = idx.find(
            &crate::lexicon::builtin().name_leaders,
            text,
            &doc,
            0..doc.tokens.len(),
            &mut pool,
        );
        let names: Vec<(&str, Vec<u32>)> = found
            .iter()
            .map(|m| (m.span.slice(text), pool[m.places.clone()].to_vec()))
            .collect();
        assert_eq!(
            names,
            [
                ("Kryvyi Rih", vec![1]),
                ("Rih", vec![3]),
                ("al-Hasakah", vec![2])
            ]
        );
        let mut b = NameIndexBuilder::default();
        b.add("Cox’s Bāzār", 7, NameKind::Own);
        let idx2 = b.build();
        let text2 = "Camps near Cox's Bazar burned.";
        let doc2 = crate::text::segment(
            text2,
            Span::whole(text2),
            &crate::lexicon::builtin().abbreviations,
        );
        let found2 = idx2.find(
            &crate::lexicon::builtin().name_leaders,
            text2,
            &doc2,
            0..doc2.tokens.len(),
            &mut pool,
        );
        assert_eq!(
            found2
                .iter()
                .map(|m| m.span.slice(text2))
                .collect::<Vec<_>>(),
            ["Cox's Bazar"]
        );
        let mut out = Vec::new();
        idx.lookup("KRYVYI  RIH", &mut out);
        assert_eq!(out, [1]);
        out.clear();
        idx.lookup("Kryvyi", &mut out);
        assert!(out.is_empty());
    }
}
