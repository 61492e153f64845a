//! Phrase dictionaries compiled into one automaton.
//!
//! Every dictionary (actors, places, triggers, outlets) adds its phrases to
//! one [`PhraseSet`]; an article is scanned once. Matching ignores ASCII
//! case, except that a letter written in upper case in the data must be
//! upper case in the text: "US" does not match "us", "Jordan" does not
//! match "jordan", while "attack" matches "Attack" and "ATTACK". A match
//! must start and end at word boundaries. Where matches overlap, the
//! longest wins ("Islamic Resistance in Iraq" over "Iraq").
//!
//! Since a match starts at a word boundary, the automaton is not run over
//! every byte: the first word at each token start (or each word start, for
//! text without tokens) is looked up in a hash map of the phrases' first
//! words, and only where it is one is the automaton walked as a trie,
//! from the state after that word, until no phrase continues. The cost
//! follows the words of the text, not the size of the dictionaries.

use crate::lexicon::{word_hash, word_hash_at};
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use rustc_hash::FxHashMap as HashMap;

/// A dictionary phrase found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PhraseMatch {
    /// Where in the text.
    pub span: Span,
    /// Index of the phrase in its [`PhraseSet`] (see [`PhraseSet::payloads`]).
    pub phrase: u32,
}

/// Builds a [`PhraseSet`].
pub(crate) struct PhraseSetBuilder<P> {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    /// Per phrase: added only by [`PhraseSetBuilder::add_name`].
    listed: Vec<bool>,
    payloads: Vec<Vec<(Vec<u16>, P)>>,
}

impl<P> Default for PhraseSetBuilder<P> {
    fn default() -> Self {
        PhraseSetBuilder {
            index: HashMap::default(),
            patterns: Vec::new(),
            listed: Vec::new(),
            payloads: Vec::new(),
        }
    }
}

impl<P: Clone> PhraseSetBuilder<P> {
    /// Adds `phrase` with `payload`, and its spelling variants: a curly
    /// apostrophe for a straight one, and for hyphenated phrases the
    /// spaced and joined forms ("cease-fire", "cease fire").
    pub(crate) fn add(&mut self, phrase: &str, payload: P) {
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return;
        }
        let mut forms = vec![phrase.to_string()];
        if phrase.contains('\'') {
            forms.push(phrase.replace('\'', "\u{2019}"));
        }
        if phrase.contains('-') && phrase.chars().all(|c| !c.is_uppercase()) {
            forms.push(phrase.replace('-', " "));
            forms.push(phrase.replace('-', ""));
        }
        for form in forms {
            self.add_form(form, payload.clone(), false);
        }
    }

    /// Adds a name from a long list (the Phoenix dictionaries' tens of
    /// thousands): looked up by its hash where a word of the text starts,
    /// not compiled into the automaton, whose build would take tens of
    /// megabytes for them. Matches as [`PhraseSetBuilder::add`]'s do.
    pub(crate) fn add_name(&mut self, phrase: &str, payload: P) {
        let phrase = phrase.trim();
        if !phrase.is_empty() {
            self.add_form(phrase.to_string(), payload, true);
        }
    }

    fn add_form(&mut self, form: String, payload: P, listed: bool) {
        let upper: Vec<u16> = form
            .bytes()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_uppercase())
            .map(|(i, _)| i as u16)
            .collect();
        let key = form.to_ascii_lowercase();
        let i = *self.index.entry(key.clone()).or_insert_with(|| {
            self.patterns.push(key);
            self.listed.push(listed);
            self.payloads.push(Vec::new());
            self.patterns.len() - 1
        });
        self.listed[i] &= listed;
        self.payloads[i].push((upper, payload));
    }

    /// Compiles the automaton.
    pub(crate) fn build(self) -> PhraseSet<P> {
        // Patterns are lower case and searched in a lower-cased copy of
        // the text: faster than a case-insensitive automaton.
        let mut punct_starts = [false; 256];
        let mut first_words: HashMap<u64, FirstWord> = HashMap::default();
        let mut words: Vec<u8> = Vec::new();
        let (mut compiled, mut ids) = (Vec::new(), Vec::new());
        let mut names = Names::default();
        for (i, p) in self.patterns.iter().enumerate() {
            if self.listed[i] {
                names.add(p, i as u32);
            } else {
                compiled.push(p.as_str());
                ids.push(i as u32);
            }
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&compiled);
        // Only fails past internal size limits (billions of states), which
        // phrase dictionaries never reach; an empty set keeps extraction
        // running.
        let nfa = match nfa {
            Ok(nfa) => {
                for p in &compiled {
                    let (w, hash) = first_word(p);
                    if w == 0 {
                        punct_starts[usize::from(p.as_bytes()[0])] = true;
                        continue;
                    }
                    if first_words.contains_key(&hash) {
                        continue;
                    }
                    // The state after the first word: walks start there.
                    let Ok(mut state) = nfa.start_state(Anchored::Yes) else {
                        continue;
                    };
                    for &c in &p.as_bytes()[..w] {
                        state = nfa.next_state(Anchored::Yes, state, c);
                    }
                    first_words.insert(
                        hash,
                        FirstWord {
                            at: words.len() as u32,
                            len: w as u32,
                            state,
                        },
                    );
                    words.extend_from_slice(&p.as_bytes()[..w]);
                }
                nfa
            }
            Err(_) => NFA::new(Vec::<String>::new()).unwrap_or_else(|_| unreachable!()),
        };
        PhraseSet {
            nfa,
            ids,
            first_words,
            words,
            punct_starts,
            names,
            payloads: self.payloads,
        }
    }
}

/// A first word of some phrase: where its text is in
/// [`PhraseSet::words`], and the automaton's state after it.
struct FirstWord {
    at: u32,
    len: u32,
    state: StateID,
}

/// The phrases added by [`PhraseSetBuilder::add_name`], by the
/// [`word_hash`] of their lower-case text.
#[derive(Default)]
struct Names {
    by_hash: HashMap<u64, (u32, Box<str>)>,
    /// The hashes of their first words.
    firsts: rustc_hash::FxHashSet<u64>,
    /// The hashes of their beginnings that end where a word does and that
    /// some longer name continues ("nouri", "nouri al" of "nouri
    /// al-maliki"): a lookup stops at the first beginning of no name.
    prefixes: rustc_hash::FxHashSet<u64>,
    /// The longest, in bytes.
    max_len: usize,
}

impl Names {
    fn add(&mut self, lower: &str, phrase: u32) {
        let (_, first) = first_word(lower);
        self.firsts.insert(first);
        let b = lower.as_bytes();
        for e in 1..b.len() {
            if word_ends(b, e) {
                self.prefixes.insert(word_hash(&b[..e]));
            }
        }
        self.max_len = self.max_len.max(lower.len());
        self.by_hash
            .insert(word_hash(lower.as_bytes()), (phrase, lower.into()));
    }
}

/// Whether a word may end before byte `e` of `b` (a byte that is not an
/// ASCII letter or digit, or the end).
fn word_ends(b: &[u8], e: usize) -> bool {
    b.get(e).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// A compiled set of phrases with payloads.
pub(crate) struct PhraseSet<P> {
    nfa: NFA,
    /// The phrase of each pattern of the automaton.
    ids: Vec<u32>,
    /// Names looked up by hash.
    names: Names,
    /// The first words of the phrases that begin with a word, by
    /// [`word_hash`].
    first_words: HashMap<u64, FirstWord>,
    /// The text of the first words, end to end.
    words: Vec<u8>,
    /// First bytes of the phrases that begin with punctuation.
    punct_starts: [bool; 256],
    payloads: Vec<Vec<(Vec<u16>, P)>>,
}

impl<P> PhraseSet<P> {
    /// All word-bounded matches in `text[range]`, overlapping ones
    /// included, in order of start.
    pub(crate) fn find_all(&self, text: &str, range: Span) -> Vec<PhraseMatch> {
        self.find_all_lower(text, &text.to_ascii_lowercase(), range)
    }

    /// As [`PhraseSet::find_all`], with `lower` the ASCII lower-cased copy
    /// of `text` (same length) when the caller has one already.
    pub(crate) fn find_all_lower(&self, text: &str, lower: &str, range: Span) -> Vec<PhraseMatch> {
        let Some(hay) = lower.get(range.start()..range.end()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let Ok(root) = self.nfa.start_state(Anchored::Yes) else {
            return out;
        };
        let mut after_word = !boundary_before(text, range.start());
        let low = hay;
        let hay = hay.as_bytes();
        let mut i = 0;
        while i < hay.len() {
            let (ch_len, is_word) = if hay[i].is_ascii() {
                (1, hay[i].is_ascii_alphanumeric())
            } else {
                low[i..]
                    .chars()
                    .next()
                    .map_or((1, false), |c| (c.len_utf8(), c.is_alphanumeric()))
            };
            if !is_word {
                if !after_word && self.punct_starts[usize::from(hay[i])] {
                    self.walk(text, hay, range.start(), i, root, 0, &mut out);
                }
                after_word = false;
                i += ch_len;
                continue;
            }
            let (w, hash) = first_word(&low[i..]);
            if !after_word {
                let first = self.first_words.get(&hash).filter(|f| {
                    self.words.get(f.at as usize..(f.at + f.len) as usize) == Some(&hay[i..i + w])
                });
                if let Some(f) = first {
                    self.walk(text, hay, range.start(), i, f.state, w, &mut out);
                }
                if self.names.firsts.contains(&hash) {
                    self.look_up_names(text, hay, range.start(), i, &mut out);
                }
            }
            after_word = true;
            i += w.max(1);
        }
        out.sort_by_key(|m| (m.span.start(), std::cmp::Reverse(m.span.end())));
        out
    }

    /// The matches that start at a token of `doc` (whose tokens index
    /// `text`), overlapping ones included, in order of start: the matches
    /// of [`PhraseSet::find_all_lower`] that begin where a token does,
    /// the only ones a mention can use. A token of letters and digits
    /// alone is its own first word, which the document has hashed.
    pub(crate) fn find_at_tokens(&self, text: &str, doc: &Doc) -> Vec<PhraseMatch> {
        let mut out = Vec::with_capacity(doc.tokens.len() / 2 + 4);
        let Ok(root) = self.nfa.start_state(Anchored::Yes) else {
            return out;
        };
        let lower = doc.lower.as_str();
        let hay = lower.as_bytes();
        let bytes = text.as_bytes();
        for (i, t) in doc.tokens.iter().enumerate() {
            let s = t.span.start();
            // A token right after a letter or digit ("'s") starts no
            // phrase.
            let after_word = s > 0
                && match bytes[s - 1] {
                    b if b.is_ascii() => b.is_ascii_alphanumeric(),
                    _ => !boundary_before(text, s),
                };
            if after_word {
                continue;
            }
            let Some(&b0) = hay.get(s) else {
                continue;
            };
            let tok = &hay[s..t.span.end()];
            let (w, hash) = if t.kind == TokenKind::Punct {
                (0, 0)
            } else if tok.iter().all(u8::is_ascii_alphanumeric) {
                (tok.len(), doc.hashes[i])
            } else {
                first_word(&lower[s..])
            };
            if w == 0 {
                if self.punct_starts[usize::from(b0)] {
                    self.walk(text, hay, 0, s, root, 0, &mut out);
                }
                continue;
            }
            let first = self.first_words.get(&hash).filter(|f| {
                self.words.get(f.at as usize..(f.at + f.len) as usize) == Some(&hay[s..s + w])
            });
            if let Some(f) = first {
                self.walk(text, hay, 0, s, f.state, w, &mut out);
            }
            if self.names.firsts.contains(&hash) {
                self.look_up_names(text, hay, 0, s, &mut out);
            }
        }
        out.sort_by_key(|m| (m.span.start(), std::cmp::Reverse(m.span.end())));
        out
    }

    /// Walks the automaton over `hay` from the phrase start `i` (offset
    /// `base` in the text), in state `sid` after `done` bytes, and pushes
    /// every phrase that ends at a word boundary.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        text: &str,
        hay: &[u8],
        base: usize,
        i: usize,
        mut sid: StateID,
        done: usize,
        out: &mut Vec<PhraseMatch>,
    ) {
        let s = base + i;
        let mut len = done;
        loop {
            if len > 0 && self.nfa.is_match(sid) && boundary_after(text, s + len) {
                for k in 0..self.nfa.match_len(sid) {
                    let pid = self.nfa.match_pattern(sid, k);
                    // A state also holds the phrases that are suffixes of
                    // its path; only those starting at `s` count here.
                    if self.nfa.pattern_len(pid) != len {
                        continue;
                    }
                    let phrase = self.ids[pid.as_usize()];
                    let span = Span::new(text, s, s + len);
                    if let Some(span) = span.filter(|_| self.case_holds(text.as_bytes(), s, phrase))
                    {
                        out.push(PhraseMatch { span, phrase });
                    }
                }
            }
            let Some(&c) = hay.get(i + len) else {
                return;
            };
            sid = self.nfa.next_state(Anchored::Yes, sid, c);
            if self.nfa.is_dead(sid) {
                return;
            }
            len += 1;
        }
    }

    /// Pushes every name of [`Names`] that starts at `i` of `hay` (offset
    /// `base` in the text) and ends at a word boundary.
    fn look_up_names(
        &self,
        text: &str,
        hay: &[u8],
        base: usize,
        i: usize,
        out: &mut Vec<PhraseMatch>,
    ) {
        let s = base + i;
        let last = hay.len().min(i + self.names.max_len);
        for e in i + 1..=last {
            if !word_ends(hay, e) {
                continue;
            }
            let h = word_hash(&hay[i..e]);
            if let Some((phrase, name)) = self.names.by_hash.get(&h) {
                let holds = name.as_bytes() == &hay[i..e]
                    && boundary_after(text, base + e)
                    && self.case_holds(text.as_bytes(), s, *phrase);
                if let Some(span) = Span::new(text, s, base + e).filter(|_| holds) {
                    out.push(PhraseMatch {
                        span,
                        phrase: *phrase,
                    });
                }
            }
            if !self.names.prefixes.contains(&h) {
                return;
            }
        }
    }

    /// True if any of the phrase's payloads' case rules holds for a match
    /// starting at `start`.
    fn case_holds(&self, bytes: &[u8], start: usize, phrase: u32) -> bool {
        self.payloads[phrase as usize].iter().any(|(upper, _)| {
            upper.iter().all(|&p| {
                bytes
                    .get(start + p as usize)
                    .is_some_and(u8::is_ascii_uppercase)
            })
        })
    }

    /// The payloads of phrase `phrase` whose case rule holds for the
    /// match at `span` of `text`.
    pub(crate) fn payloads<'a>(
        &'a self,
        text: &'a str,
        m: &PhraseMatch,
    ) -> impl Iterator<Item = &'a P> + 'a {
        let bytes = text.as_bytes();
        let start = m.span.start();
        self.payloads[m.phrase as usize]
            .iter()
            .filter(move |(upper, _)| {
                upper.iter().all(|&p| {
                    bytes
                        .get(start + p as usize)
                        .is_some_and(u8::is_ascii_uppercase)
                })
            })
            .map(|(_, p)| p)
    }
}

/// Keeps the longest of overlapping matches (leftmost on ties), in text
/// order. See [`longest_non_overlapping_spans`].
#[cfg(test)]
fn longest_non_overlapping(matches: &[PhraseMatch]) -> Vec<PhraseMatch> {
    let spans: Vec<Span> = matches.iter().map(|m| m.span).collect();
    longest_non_overlapping_spans(&spans)
        .into_iter()
        .map(|i| matches[i])
        .collect()
}

/// The indices of the longest of overlapping spans (leftmost on ties), in
/// text order. Spans are taken in runs that overlap each other; a span
/// that overlaps nothing (most of them) is kept at once, and within a run
/// the longest are taken first.
pub(crate) fn longest_non_overlapping_spans(spans: &[Span]) -> Vec<usize> {
    // Spans come sorted from the scans; only others need an order.
    let sorted = spans.is_sorted_by_key(|s| s.start());
    let mut order: Vec<usize> = Vec::new();
    if !sorted {
        order = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].start());
    }
    let at = |k: usize| if sorted { k } else { order[k] };
    // Buffers for the runs of overlapping spans, reused from run to run.
    let (mut run, mut by_length, mut keep) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        let mut end = spans[at(i)].end();
        let mut j = i + 1;
        while j < spans.len() && spans[at(j)].start() < end {
            end = end.max(spans[at(j)].end());
            j += 1;
        }
        if j == i + 1 {
            out.push(at(i));
        } else {
            run.clear();
            run.extend((i..j).map(at));
            by_length.clear();
            by_length.extend(0..run.len());
            by_length.sort_by_key(|&k| {
                let s = spans[run[k]];
                (std::cmp::Reverse(s.len()), s.start())
            });
            keep.clear();
            keep.resize(run.len(), false);
            for &k in &by_length {
                let s = spans[run[k]];
                keep[k] = (0..run.len()).all(|q| {
                    let t = spans[run[q]];
                    !keep[q] || t.end() <= s.start() || s.end() <= t.start()
                });
            }
            out.extend(run.iter().zip(&keep).filter(|(_, k)| **k).map(|(&m, _)| m));
        }
        i = j;
    }
    out
}

/// The length in bytes of the run of letters and digits that `s` starts
/// with, and its [`word_hash`].
fn first_word(s: &str) -> (usize, u64) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            if !b[i].is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match s[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    (i, word_hash_at(b, 0, i))
}

fn boundary_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => text
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| !c.is_alphanumeric()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_wins_within_a_run_of_overlaps() {
        let text = " ".repeat(40);
        let m = |start, end| PhraseMatch {
            span: Span::new(&text, start, end).unwrap_or_default(),
            phrase: 0,
        };
        let want = vec![m(0, 10), m(12, 20), m(30, 33)];
        let run = [m(0, 10), m(2, 5), m(8, 14), m(12, 20), m(30, 33)];
        assert_eq!(longest_non_overlapping(&run), want);
        let shuffled = [m(12, 20), m(30, 33), m(2, 5), m(8, 14), m(0, 10)];
        assert_eq!(longest_non_overlapping(&shuffled), want);
        assert!(longest_non_overlapping(&[]).is_empty());
    }

    #[test]
    fn case_rule_and_boundaries() {
        let mut b = PhraseSetBuilder::default();
        b.add("US", 1);
        b.add("attack", 2);
        b.add("Iraq", 3);
        b.add("Islamic Resistance in Iraq", 4);
        let set = b.build();
        let text = "us and US; Attack attacks; the Islamic Resistance in Iraq";
        let all = set.find_all(text, Span::whole(text));
        let best = longest_non_overlapping(&all);
        let words: Vec<&str> = best.iter().map(|m| m.span.slice(text)).collect();
        assert_eq!(words, ["US", "Attack", "Islamic Resistance in Iraq"]);
    }

    #[test]
    fn listed_names_match_as_compiled_phrases_do() {
        let mut b = PhraseSetBuilder::default();
        b.add("Iraq", 1);
        b.add_name("Nouri al-Maliki", 2);
        b.add_name("Nouri", 3);
        // A phrase both compiled and listed is compiled, with both payloads.
        b.add_name("Iraq", 4);
        let set = b.build();
        let text = "Iraq's Nouri al-Maliki met nouri al-maliki and Nouri al-Malikis.";
        let doc = crate::text::segment(text, Span::whole(text), &Default::default());
        for all in [
            set.find_all(text, Span::whole(text)),
            set.find_at_tokens(text, &doc),
        ] {
            let found: Vec<(&str, Vec<i32>)> = longest_non_overlapping(&all)
                .iter()
                .map(|m| (m.span.slice(text), set.payloads(text, m).copied().collect()))
                .collect();
            // Lower case does not match a capital; "Malikis" is another word.
            assert_eq!(
                found,
                [
                    ("Iraq", vec![1, 4]),
                    ("Nouri al-Maliki", vec![2]),
                    ("Nouri", vec![3])
                ]
            );
        }
    }
}
