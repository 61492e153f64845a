//! Stage 7: casualty counts: killed, dead, wounded, injured, in digits or
//! words, with "at least", "more than" and vague counts as lower bounds.

use crate::span::Span;
use crate::text::{Doc, TokenKind};
use crate::words::{words, Words};

/// Whether a count is of the dead or the injured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Harm {
    /// Killed, dead, died.
    Killed,
    /// Wounded, injured, hurt.
    Injured,
}

/// A casualty count stated in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Casualty {
    /// Killed or injured.
    pub harm: Harm,
    /// The lower bound the text gives ("over 40" is 40).
    pub count: u32,
    /// True for a vague count ("dozens"), which gold does not check.
    pub vague: bool,
    /// The number's words.
    pub span: Span,
    /// Token index of the harm word ("killed").
    pub token: usize,
}

/// The value of a number written in digits ("1,200", "1.5") or words
/// ("three", "twenty-one", "a dozen"), if `s` is one.
pub fn parse_number(s: &str) -> Option<u64> {
    let first = s.chars().next()?;
    if first.is_ascii_digit() {
        let clean: String = s.chars().filter(|&c| c != ',').collect();
        if let Ok(n) = clean.parse::<u64>() {
            return Some(n);
        }
        return clean.parse::<f64>().ok().map(|f| f as u64);
    }
    let lower = s.to_ascii_lowercase();
    if let Some((a, b)) = lower.split_once('-') {
        return Some(word_number(a)? + word_number(b)?);
    }
    word_number(&lower)
}

fn word_number(w: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as u64);
    }
    if let Some(i) = TENS.iter().position(|u| *u == w) {
        return Some(20 + 10 * i as u64);
    }
    match w {
        "a" | "an" => Some(1),
        "dozen" => Some(12),
        "hundred" => Some(100),
        "thousand" => Some(1000),
        _ => None,
    }
}

/// A number phrase starting at token `i`: (value, last token, vague).
/// Reads "at least", "more than", "over", "nearly", "about", "some",
/// "up to", multipliers ("1.5 million", "three hundred", "two dozen"),
/// and vague counts ("dozens", "scores", "hundreds", "half a dozen").
pub fn number_at(text: &str, doc: &Doc, i: usize, limit: usize) -> Option<(u64, usize, bool)> {
    let tok = |k: usize| if k < limit { doc.tok(text, k) } else { "" };
    let low = |k: usize| if k < limit { doc.low(k) } else { "" };
    let mut k = i;
    // Bound words that come before the number.
    loop {
        let w = low(k);
        let pair = (w, low(k + 1));
        if matches!(
            pair,
            ("at", "least")
                | ("more", "than")
                | ("up", "to")
                | ("as", "many")
                | ("fewer", "than")
                | ("less", "than")
        ) {
            k += 2;
            if tok(k).eq_ignore_ascii_case("as") {
                k += 1;
            }
        } else if matches!(
            w,
            "over"
                | "nearly"
                | "about"
                | "some"
                | "around"
                | "approximately"
                | "almost"
                | "roughly"
                | "least"
        ) {
            k += 1;
        } else {
            break;
        }
    }
    let w = low(k);
    let vague = match w {
        "dozens" => Some(24),
        "scores" => Some(40),
        "hundreds" => Some(200),
        "thousands" => Some(2000),
        "tens" if tok(k + 2).eq_ignore_ascii_case("thousands") => Some(20000),
        "half"
            if tok(k + 1).eq_ignore_ascii_case("a") && tok(k + 2).eq_ignore_ascii_case("dozen") =>
        {
            return Some((6, k + 2, false));
        }
        _ => None,
    };
    if let Some(v) = vague {
        let end = if tok(k + 1).eq_ignore_ascii_case("of") {
            k + 1
        } else {
            k
        };
        return Some((v, end, true));
    }
    if w == "a" || w == "an" {
        // "a dozen", "a hundred", not "a soldier".
        let next = low(k + 1);
        return match next {
            "dozen" | "hundred" | "thousand" => Some((word_number(next)?, k + 1, false)),
            _ => None,
        };
    }
    let is_num = doc
        .tokens
        .get(k)
        .is_some_and(|t| t.kind == TokenKind::Number)
        && k < limit;
    let mut n = if is_num {
        parse_number(tok(k))?
    } else {
        word_number(w)?
    };
    if w == "zero" || (!is_num && matches!(w, "hundred" | "thousand" | "dozen")) {
        return None;
    }
    let mut end = k;
    match low(k + 1) {
        "dozen" => {
            n *= 12;
            end += 1;
        }
        "hundred" => {
            n *= 100;
            end += 1;
        }
        "thousand" => {
            n *= 1000;
            end += 1;
        }
        "million" => {
            let f: f64 = tok(k).replace(',', "").parse().unwrap_or(n as f64);
            n = (f * 1e6) as u64;
            end += 1;
        }
        _ => {}
    }
    Some((n, end, false))
}

const KILLED: &Words = words![
    "killed",
    "kill",
    "kills",
    "killing",
    "dead",
    "died",
    "deaths",
    "slain",
    "fatalities",
    "lives",
    "perished",
    "massacred",
    "executed",
];
const INJURED: &Words = words![
    "injured", "injuring", "injures", "injure", "wounded", "wounding", "wounds", "hurt",
    "injuries",
];
const BE: &[&str] = &["was", "were", "been", "are", "is", "be", "being"];

/// Finds casualty counts in tokens `range` of `doc`.
pub fn find(text: &str, doc: &Doc, range: std::ops::Range<usize>) -> Vec<Casualty> {
    let mut out: Vec<Casualty> = Vec::new();
    let tok = |k: usize| doc.tok(text, k);
    for k in range.clone() {
        let w = doc.low(k);
        let h = doc.hashes[k];
        let harm = if KILLED.has(h, w) {
            Harm::Killed
        } else if INJURED.has(h, w) {
            Harm::Injured
        } else {
            continue;
        };
        let mut found = None;
        // Backward: "three soldiers were killed", "12 dead", "40 injured".
        let lo = k.saturating_sub(8).max(range.start);
        for j in (lo..k).rev() {
            let t = tok(j);
            if matches!(t, "." | ";" | ":") || (t == "," && j + 1 < k && !BE.contains(&tok(j + 1)))
            {
                break;
            }
            if let Some((n, end, vague)) = number_at(text, doc, j, range.end) {
                let between_ok = (end + 1..k).all(|b| {
                    let bt = tok(b);
                    doc.tokens[b].kind == TokenKind::Word
                        && !KILLED.words.contains(&bt)
                        && !INJURED.words.contains(&bt)
                        || bt == ","
                        || bt == "'s"
                });
                let passive_or_bare = end + 1 == k
                    || (end + 1..k).any(|b| BE.contains(&doc.low(b)))
                    || matches!(
                        w,
                        "dead" | "deaths" | "injuries" | "fatalities" | "died" | "perished"
                    );
                if between_ok && passive_or_bare {
                    // Skip "more than" etc. already read by number_at.
                    let start = (lo..=j)
                        .rev()
                        .take_while(|&b| b == j || is_bound_word(tok(b)))
                        .last()
                        .unwrap_or(j);
                    found = Some((n, vague, doc.tokens[start].span.cover(doc.tokens[end].span)));
                }
                break;
            }
        }
        // Forward: "killed at least 12", "claimed the lives of three".
        if found.is_none() && !matches!(w, "dead" | "deaths" | "died" | "injuries") {
            let mut j = k + 1;
            if w == "lives" && tok(j).eq_ignore_ascii_case("of") {
                j += 1;
            } else if w == "lives" {
                continue;
            }
            if j < range.end {
                if let Some((mut n, mut end, vague)) = number_at(text, doc, j, range.end) {
                    // "killing 60 Afghans and 13 American troops": both.
                    let mut q = end + 1;
                    while q < range.end
                        && q <= end + 4
                        && doc.tokens[q].kind == TokenKind::Word
                        && doc.low(q) != "and"
                    {
                        q += 1;
                    }
                    if doc.low(q) == "and" {
                        if let Some((m, e2, false)) = number_at(text, doc, q + 1, range.end) {
                            let noun_follows = doc
                                .tokens
                                .get(e2 + 1)
                                .is_some_and(|t| t.kind == TokenKind::Word)
                                && !KILLED.words.contains(&doc.low(e2 + 1))
                                && !INJURED.words.contains(&doc.low(e2 + 1))
                                && !matches!(
                                    doc.low(e2 + 1),
                                    "others" | "more" | "people" | "injured" | "wounded"
                                );
                            let other_harm = (e2 + 1..(e2 + 5).min(range.end)).any(|x| {
                                INJURED.words.contains(&doc.low(x))
                                    || KILLED.words.contains(&doc.low(x))
                            });
                            if noun_follows && !vague && !other_harm {
                                n += m;
                                end = e2;
                            }
                        }
                    }
                    found = Some((n, vague, doc.tokens[j].span.cover(doc.tokens[end].span)));
                }
            }
        }
        // "the death toll rose to 25"
        if found.is_none() && w == "death" {
            continue;
        }
        if let Some((n, vague, span)) = found {
            if n == 0 || n > 10_000_000 {
                continue;
            }
            if !out.iter().any(|c| c.span == span) {
                out.push(Casualty {
                    harm,
                    count: n as u32,
                    vague,
                    span,
                    token: k,
                });
            }
        }
    }
    // "death toll rose to N" / "death toll of N"
    for k in range.clone() {
        if tok(k).eq_ignore_ascii_case("toll") {
            for j in k + 1..(k + 5).min(range.end) {
                if let Some((n, end, vague)) = number_at(text, doc, j, range.end) {
                    if matches!(doc.low(j - 1), "to" | "of" | "at" | "reached" | "than") {
                        let span = doc.tokens[j].span.cover(doc.tokens[end].span);
                        out.push(Casualty {
                            harm: Harm::Killed,
                            count: n as u32,
                            vague,
                            span,
                            token: k,
                        });
                    }
                    break;
                }
            }
        }
    }
    out
}

fn is_bound_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "at" | "least"
            | "more"
            | "than"
            | "over"
            | "nearly"
            | "about"
            | "some"
            | "up"
            | "to"
            | "around"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn counts(s: &str) -> Vec<(Harm, u32)> {
        let doc = segment(s, Span::whole(s));
        find(s, &doc, 0..doc.tokens.len())
            .into_iter()
            .map(|c| (c.harm, c.count))
            .collect()
    }

    #[test]
    fn numbers_in_words_and_digits() {
        assert_eq!(parse_number("1,200"), Some(1200));
        assert_eq!(parse_number("twenty-one"), Some(21));
        assert_eq!(parse_number("Three"), Some(3));
        assert_eq!(parse_number("troops"), None);
    }

    #[test]
    fn casualty_phrases() {
        assert_eq!(
            counts("a drone attack that claimed the lives of three American soldiers and injured over 40 others"),
            [(Harm::Killed, 3), (Harm::Injured, 40)]
        );
        assert_eq!(
            counts("At least 12 people were killed and 30 wounded."),
            [(Harm::Killed, 12), (Harm::Injured, 30)]
        );
        assert_eq!(
            counts("The strike killed at least 133 civilians."),
            [(Harm::Killed, 133)]
        );
        assert_eq!(
            counts("the death toll rose to more than 200."),
            [(Harm::Killed, 200)]
        );
        assert_eq!(
            counts("Three US servicemen were killed by a bomb."),
            [(Harm::Killed, 3)]
        );
        assert_eq!(
            counts("killing one person and arresting 12"),
            [(Harm::Killed, 1)]
        );
    }

    proptest::proptest! {
        /// Any short text, digits and separators above all, is a number
        /// or not, without a panic.
        #[test]
        fn numbers_parse_or_not(s in "\\PC{0,24}|[0-9,.-]{0,24}") {
            let _ = parse_number(&s);
        }
    }
}
