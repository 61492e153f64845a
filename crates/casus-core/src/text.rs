//! Stage 2, segments: sentences and tokens, with byte offsets into the
//! article text, and which tokens stand inside quotation marks.
//!
//! Tokens are words (letters and digits, with inner hyphens and apostrophes,
//! and dotted abbreviations such as "U.S."), numbers ("1,200", "64.45",
//! "2024-01-28"), a possessive "'s" split off its word, and single
//! punctuation marks. Sentences end at `.`, `!` or `?` (with any closing
//! quotes) before an upper-case letter, a digit or an opening quote, unless
//! the word before is a known abbreviation ("Gen.", "Jan.", "U.S."), and
//! always at a blank line. Tokens hold no strings: their text is a slice of
//! the article, so segmentation allocates two vectors per article.

use crate::lexicon::{word_hash, word_hash_at, Phrases, Valued, Words};
use crate::span::Span;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters (possibly with digits, inner hyphens, apostrophes, dots).
    Word,
    /// Starts with a digit.
    Number,
    /// A possessive `'s` or `’s`, split from the word before it.
    Possessive,
    /// One punctuation or symbol character.
    Punct,
}

/// A token of the article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where it is in the article text.
    pub span: Span,
    /// What it is made of.
    pub kind: TokenKind,
}

/// A sentence: a span of the text and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// From its first token's start to its last token's end.
    pub span: Span,
    /// Indices into [`Doc::tokens`].
    pub tokens: std::ops::Range<usize>,
}

/// The segmented body of an article.
///
/// Invariant (tested as a property): tokens are in order and do not
/// overlap; only whitespace lies between them; sentences cover consecutive
/// token ranges with only whitespace between them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Doc {
    /// All tokens of the body, in order.
    pub tokens: Vec<Token>,
    /// All sentences of the body, in order.
    pub sentences: Vec<Sentence>,
    /// The article text with ASCII letters lower-cased: same length and
    /// offsets, so `lower[span]` is a span's text for comparing words.
    pub lower: String,
    /// [`crate::lexicon::word_hash`] of each token's lower-cased text, for
    /// testing tokens against [`Words`].
    pub hashes: Vec<u64>,
    /// For each token, whether it is inside double quotes.
    pub in_quote: Vec<bool>,
}

impl Doc {
    /// The text of token `i`.
    pub(crate) fn tok<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.tokens.get(i).map_or("", |t| t.span.slice(text))
    }

    /// The lower-cased text of token `i` ("" past the end).
    pub(crate) fn low(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.lower.get(t.span.start()..t.span.end()))
            .unwrap_or("")
    }

    /// True if token `i` (lower-cased) is one of `words`; false past the
    /// end. The token's text is read only when its hash may be in the set.
    #[inline(always)]
    pub(crate) fn is(&self, i: usize, words: &Words) -> bool {
        let Some(&h) = self.hashes.get(i) else {
            return false;
        };
        // One bit test rules out most tokens; the few left are confirmed
        // on their bytes (a token's span always lies within the text).
        words.may_have(h)
            && words.confirm(
                h,
                self.lower
                    .as_bytes()
                    .get(self.tokens[i].span.start()..self.tokens[i].span.end())
                    .unwrap_or(&[]),
            )
    }

    /// True if token `i` is `word` (lower case), ignoring the token's
    /// ASCII case; false past the end. For the single words a rule names
    /// as grammar ("of", "to"); lists of words are [`Words`].
    #[inline(always)]
    pub(crate) fn is_word(&self, i: usize, word: &str) -> bool {
        // The word is a literal: its hash folds to a constant, and one
        // comparison rules out almost every token.
        self.hashes.get(i) == Some(&word_hash(word.as_bytes()))
            && self.tokens.get(i).is_some_and(|t| {
                // Short words: compared inline, not by a call.
                t.span.len() == word.len()
                    && self
                        .lower
                        .as_bytes()
                        .get(t.span.start()..t.span.end())
                        .is_some_and(|b| b.iter().zip(word.as_bytes()).all(|(x, y)| x == y))
            })
    }

    /// The number of token `i` in `list` (a month's, a cardinal's), if it
    /// is one of its words.
    #[inline(always)]
    pub(crate) fn value(&self, i: usize, list: &Valued) -> Option<u32> {
        let h = *self.hashes.get(i)?;
        if !list.words.may_have(h) {
            return None;
        }
        let k = list.words.position(h, self.low(i).as_bytes())?;
        list.nth_value(k)
    }

    /// How many tokens the phrase of `phrases` takes that starts at token
    /// `i` and ends before token `limit`, if one does.
    pub(crate) fn phrase_len(&self, i: usize, phrases: &Phrases, limit: usize) -> Option<usize> {
        if !self.is(i, phrases.firsts()) {
            return None;
        }
        phrases
            .iter()
            .find(|p| {
                i + p.len() <= limit && p.iter().enumerate().all(|(k, w)| self.is_word(i + k, w))
            })
            .map(<[Box<str>]>::len)
    }

    /// True if token `i` is one of `words` as written: in lower case.
    #[inline]
    pub(crate) fn is_as_written(&self, text: &str, i: usize, words: &Words) -> bool {
        self.is(i, words) && !self.tok(text, i).bytes().any(|b| b.is_ascii_uppercase())
    }

    /// The index of the token that starts at or contains byte `at`, if any.
    pub(crate) fn token_at(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.span.end() <= at);
        (i < self.tokens.len() && self.tokens[i].span.start() <= at).then_some(i)
    }

    /// The index of the sentence holding token `i`.
    pub(crate) fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.tokens.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }
}

/// The most tokens a sentence may hold; longer runs are cut.
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Splits `text[body]` into tokens and sentences; a period after one of
/// `abbreviations` ("Gen.", "Jan.") ends none.
pub(crate) fn segment(text: &str, body: Span, abbreviations: &Words) -> Doc {
    let tokens = tokenize(text, body);
    let lower = text.to_ascii_lowercase();
    let hashes: Vec<u64> = tokens
        .iter()
        .map(|t| word_hash_at(lower.as_bytes(), t.span.start(), t.span.end()))
        .collect();
    let sentences = split_sentences(text, &lower, &tokens, &hashes, abbreviations);
    let mut doc = Doc {
        tokens,
        sentences,
        lower,
        hashes,
        in_quote: Vec::new(),
    };
    doc.in_quote = quotes(text, &doc);
    doc
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn tokenize(text: &str, body: Span) -> Vec<Token> {
    let mut out = Vec::with_capacity(body.len() / 5 + 1);
    let Some(slice) = text.get(body.start()..body.end()) else {
        return out;
    };
    let base = body.start();
    let b = slice.as_bytes();
    let char_at = |i: usize| -> Option<char> {
        match b.get(i) {
            Some(&c) if c.is_ascii() => Some(char::from(c)),
            Some(_) => slice.get(i..).and_then(|r| r.chars().next()),
            None => None,
        }
    };
    // Token ends are found by whole characters: always char boundaries.
    let token = |start: usize, end: usize, kind: TokenKind| Token {
        span: Span::scanned(text, base + start, base + end),
        kind,
    };
    let mut i = 0;
    while let Some(&c0) = b.get(i) {
        // Most characters are ASCII spaces and punctuation: one byte each.
        match c0 {
            b' ' | b'\t'..=b'\r' => {
                i += 1;
                continue;
            }
            _ if c0.is_ascii() && !c0.is_ascii_alphanumeric() => {
                out.push(token(i, i + 1, TokenKind::Punct));
                i += 1;
                continue;
            }
            _ => {}
        }
        let Some(c) = char_at(i) else {
            break;
        };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if !is_word_char(c) {
            out.push(token(i, i + cl, TokenKind::Punct));
            i += cl;
            continue;
        }
        let numeric = c.is_ascii_digit();
        let mut end = i + cl;
        // Dotted abbreviations: single letters each followed by a period.
        if c.is_alphabetic() && char_at(end) == Some('.') {
            let mut j = end;
            let mut letters = 1;
            while let Some(rest) = slice.get(j..) {
                let mut cs = rest.chars();
                match (cs.next(), cs.next(), cs.next()) {
                    (Some('.'), Some(l), Some('.')) if l.is_alphabetic() => {
                        j += 1 + l.len_utf8();
                        letters += 1;
                    }
                    _ => break,
                }
            }
            if letters > 1 {
                out.push(token(i, j + 1, TokenKind::Word));
                i = j + 1;
                continue;
            }
        }
        loop {
            while b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                end += 1;
            }
            let Some(d) = char_at(end) else {
                break;
            };
            let dl = d.len_utf8();
            if is_word_char(d) {
                end += dl;
                continue;
            }
            // Joiners inside a token: hyphens and apostrophes between word
            // characters, and , . - between digits in numbers.
            let next = char_at(end + dl);
            let joins = match d {
                '-' | '\u{2011}' => next.is_some_and(is_word_char),
                ',' | '.' | ':' => numeric && next.is_some_and(|n| n.is_ascii_digit()),
                c if is_apostrophe(c) => {
                    // "Iran's" splits; "don't", "Ba'ath" join.
                    !possessive_after(slice, end + dl) && next.is_some_and(char::is_alphabetic)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            end += dl;
        }
        let kind = if numeric {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(token(i, end, kind));
        i = end;
        // A possessive 's right after the word.
        if let Some(a) = char_at(end).filter(|&a| is_apostrophe(a)) {
            let al = a.len_utf8();
            if possessive_after(slice, end + al) {
                out.push(token(end, end + al + 1, TokenKind::Possessive));
                i = end + al + 1;
            }
        }
    }
    out
}

/// True if `slice[at..]` is an "s" that ends its word: the rest of a
/// possessive "'s".
fn possessive_after(slice: &str, at: usize) -> bool {
    let rest = slice.as_bytes().get(at..).unwrap_or(&[]);
    matches!(rest.first(), Some(b's' | b'S'))
        && slice
            .get(at + 1..)
            .is_none_or(|r| !r.starts_with(is_word_char))
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "'" | "\u{201D}" | "\u{2019}" | ")" | "]")
}

fn split_sentences(
    text: &str,
    lower: &str,
    tokens: &[Token],
    hashes: &[u64],
    abbreviations: &Words,
) -> Vec<Sentence> {
    // About one sentence in twenty tokens: rarely a second allocation.
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let bytes = text.as_bytes();
        let first = bytes.get(t.span.start()).copied().unwrap_or(0);
        let mut end_here = false;
        if t.span.len() == 1 && matches!(first, b'.' | b'!' | b'?') {
            let s = t.span.slice(text);
            let abbrev = i.checked_sub(1).is_some_and(|p| {
                let (w, low) = (tokens[p].span.slice(text), tokens[p].span.slice(lower));
                abbreviations.has(hashes[p], low)
                    || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
            }) && s == "."
                && i > 0
                && tokens[i - 1].span.end() == t.span.start();
            // Absorb closing quotes and brackets.
            let mut j = i + 1;
            while j < tokens.len()
                && is_closing(tokens[j].span.slice(text))
                && tokens[j].span.start() == tokens[j - 1].span.end()
            {
                j += 1;
            }
            let next = tokens.get(j).map(|n| n.span.slice(text));
            let starts_new = next.is_none_or(|n| {
                n.chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(`[".contains(c)
                })
            });
            if starts_new && !abbrev {
                end_here = true;
                i = j - 1;
            }
        } else if t.kind == TokenKind::Word
            && t.span.len() > 2
            && bytes.get(t.span.end() - 1) == Some(&b'.')
        {
            // "U.S." ending a sentence: only at a paragraph break.
            let gap_end = tokens.get(i + 1).map_or(text.len(), |n| n.span.start());
            end_here = text
                .get(t.span.end()..gap_end)
                .is_some_and(|g| g.contains("\n\n"));
        }
        // A blank line always ends a sentence.
        if !end_here {
            if let Some(n) = tokens.get(i + 1) {
                // Most gaps are one space: only a longer one can hold a
                // blank line.
                let gap = bytes.get(t.span.end()..n.span.start()).unwrap_or(&[]);
                if gap.len() >= 2 && gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                    end_here = true;
                }
            }
        }
        // Text without sentence ends (a list, a scrape, a corrupt file)
        // is cut into pieces of bounded length, so no stage ever works on
        // an unbounded sentence.
        if i + 1 - start >= MAX_SENTENCE_TOKENS {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            out.push(Sentence {
                span: tokens[start].span.cover(tokens[i].span),
                tokens: start..i + 1,
            });
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// Marks the tokens inside double quotes (straight, curly, or ``…'').
/// A quote may run over several sentences; a paragraph break closes it.
fn quotes(text: &str, doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    let mut open = false;
    let bytes = text.as_bytes();
    #[allow(clippy::needless_range_loop)] // neighbours of i are read too
    for i in 0..doc.tokens.len() {
        let t = doc.tokens[i];
        if i > 0 {
            let gap = bytes
                .get(doc.tokens[i - 1].span.end()..t.span.start())
                .unwrap_or(&[]);
            if gap.len() >= 2 && gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                open = false;
            }
        }
        // Quotes are punctuation tokens; words only carry the state.
        if t.kind != TokenKind::Punct {
            out[i] = open;
            continue;
        }
        let w = t.span.slice(text);
        let next = doc.tok(text, i + 1);
        let opens = w == "\u{201C}" || (w == "`" && next == "`");
        let closes = w == "\u{201D}" || (w == "'" && next == "'");
        if w == "\"" {
            out[i] = true;
            open = !open;
            continue;
        }
        if opens {
            open = true;
        }
        out[i] = open;
        if closes {
            open = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let doc = segment(
            text,
            Span::whole(text),
            &crate::lexicon::builtin().abbreviations,
        );
        doc.tokens.iter().map(|t| t.span.slice(text)).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let doc = segment(
            text,
            Span::whole(text),
            &crate::lexicon::builtin().abbreviations,
        );
        doc.sentences.iter().map(|s| s.span.slice(text)).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_numbers_and_split_possessives() {
        assert_eq!(
            words("The U.S. sent 1,200 troops to Iran's border on 2024-01-28."),
            [
                "The",
                "U.S.",
                "sent",
                "1,200",
                "troops",
                "to",
                "Iran",
                "'s",
                "border",
                "on",
                "2024-01-28",
                "."
            ]
        );
        assert_eq!(
            words("Iranian-backed don't Ba'ath"),
            ["Iranian-backed", "don't", "Ba'ath"]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Gen. Smith met U.S. officials on Jan. 5. They agreed. \"Yes,\" he said."),
            [
                "Gen. Smith met U.S. officials on Jan. 5.",
                "They agreed.",
                "\"Yes,\" he said."
            ]
        );
    }

    #[test]
    fn blank_line_ends_a_sentence() {
        assert_eq!(
            sentences("A headline\n\nThe text."),
            ["A headline", "The text."]
        );
    }

    #[test]
    fn endless_text_is_cut_into_bounded_sentences() {
        let text = "war ".repeat(1000);
        let doc = segment(
            &text,
            Span::whole(&text),
            &crate::lexicon::builtin().abbreviations,
        );
        assert_eq!(doc.sentences.len(), 4);
        assert!(doc
            .sentences
            .iter()
            .all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
    }

    #[test]
    fn sentence_ends_before_quote() {
        assert_eq!(
            sentences("He said \"no.\" Then he left."),
            ["He said \"no.\"", "Then he left."]
        );
    }

    proptest::proptest! {
        /// Tokens lie in order with only whitespace between them, and
        /// sentences take the tokens in turn: segmenting loses nothing
        /// and never overlaps, whatever the text.
        #[test]
        fn tokens_and_sentences_tile_the_text(
            text in "([A-Za-z]{1,8}|U\\.S\\.|Gen\\.|Jan\\.|[0-9]{1,4}|1,200|[.,?!;:'\"()\u{201C}\u{201D}\u{2019}\u{2014}-]|Київ|北京|🙂|'s| |\n\n|\t|\r\n){0,80}"
        ) {
            let doc = segment(&text, Span::whole(&text), &crate::lexicon::builtin().abbreviations);
            let mut prev = 0;
            for t in &doc.tokens {
                proptest::prop_assert!(t.span.start() >= prev && t.span.start() < t.span.end());
                proptest::prop_assert!(text[prev..t.span.start()].chars().all(char::is_whitespace));
                prev = t.span.end();
            }
            proptest::prop_assert!(text[prev..].chars().all(char::is_whitespace));
            let mut next = 0;
            for s in &doc.sentences {
                proptest::prop_assert_eq!(s.tokens.start, next);
                proptest::prop_assert!(s.tokens.end > s.tokens.start);
                next = s.tokens.end;
            }
            proptest::prop_assert_eq!(next, doc.tokens.len());
            proptest::prop_assert_eq!(doc.in_quote.len(), doc.tokens.len());
        }
    }
}
