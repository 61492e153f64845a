//! Casualty counts, read by stage 5 (candidates): killed, dead, wounded,
//! injured, in digits or words, with "at least", "more than" and vague
//! counts as lower bounds.

use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use std::ops::Range;

/// Whether a count is of the dead or the injured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Harm {
    /// Killed, dead, died.
    Killed,
    /// Wounded, injured, hurt.
    Injured,
}

/// A casualty count stated in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Casualty {
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
pub(crate) fn parse_number(lex: &Lexicon, s: &str) -> Option<u64> {
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
        return Some(word_number(lex, a)? + word_number(lex, b)?);
    }
    word_number(lex, &lower)
}

/// The value of a number word ("three", "dozen"): the lexicon's
/// `cardinals`.
fn word_number(lex: &Lexicon, w: &str) -> Option<u64> {
    lex.cardinals.value(w).map(u64::from)
}

/// A number phrase starting at token `i`: (value, last token, vague).
/// Reads "at least", "more than", "over", "nearly", "about", "some",
/// "up to", multipliers ("1.5 million", "three hundred", "two dozen"),
/// and vague counts ("dozens", "scores", "hundreds", "half a dozen").
pub(crate) fn number_at(
    lex: &Lexicon,
    text: &str,
    doc: &Doc,
    i: usize,
    limit: usize,
) -> Option<(u64, usize, bool)> {
    let tok = |k: usize| if k < limit { doc.tok(text, k) } else { "" };
    let low = |k: usize| if k < limit { doc.low(k) } else { "" };
    let mut k = i;
    // Bound words that come before the number.
    loop {
        if let Some(n) = doc.phrase_len(k, &lex.count_bound_pairs, limit) {
            k += n;
            if tok(k).eq_ignore_ascii_case("as") {
                k += 1;
            }
        } else if k < limit && doc.is(k, &lex.count_bounds) {
            k += 1;
        } else {
            break;
        }
    }
    let w = low(k);
    // "no one" is nobody.
    if w == "one" && k > 0 && doc.low(k - 1) == "no" {
        return None;
    }
    let vague = match w {
        // "tens of thousands", "half a dozen": a count of its own.
        "tens" if tok(k + 2).eq_ignore_ascii_case("thousands") => Some(20000),
        "half"
            if tok(k + 1).eq_ignore_ascii_case("a") && tok(k + 2).eq_ignore_ascii_case("dozen") =>
        {
            return Some((6, k + 2, false));
        }
        _ if k < limit => doc.value(k, &lex.vague_counts).map(u64::from),
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
        return (k + 1 < limit)
            .then(|| doc.value(k + 1, &lex.multipliers))
            .flatten()
            .map(|m| (u64::from(m), k + 1, false));
    }
    let is_num = doc
        .tokens
        .get(k)
        .is_some_and(|t| t.kind == TokenKind::Number)
        && k < limit;
    let mut n = if is_num {
        parse_number(lex, tok(k))?
    } else {
        u64::from(
            (k < limit)
                .then(|| doc.value(k, &lex.cardinals))
                .flatten()?,
        )
    };
    // "zero", and a multiplier alone, count no one.
    if !is_num && (n == 0 || doc.is(k, &lex.multipliers.words)) {
        return None;
    }
    let mut end = k;
    match low(k + 1) {
        // News writes millions with decimals ("1.5 million").
        "million" => {
            let f: f64 = tok(k).replace(',', "").parse().unwrap_or(n as f64);
            n = (f * 1e6) as u64;
            end += 1;
        }
        _ => {
            if let Some(m) = (k + 1 < limit)
                .then(|| doc.value(k + 1, &lex.multipliers))
                .flatten()
            {
                n *= u64::from(m);
                end += 1;
            }
        }
    }
    Some((n, end, false))
}

/// Whether token `k` is a word of death or of injury.
pub(crate) fn harm_at(lex: &Lexicon, doc: &Doc, k: usize) -> Option<Harm> {
    if doc.is(k, &lex.killed_words) || to_death(lex, doc, k) {
        Some(Harm::Killed)
    } else if doc.is(k, &lex.injured_words) {
        Some(Harm::Injured)
    } else {
        None
    }
}

/// A participle before "to death" ("hacked to death", "beaten to
/// death", "stoned to death"): the manner of a killing.
fn to_death(lex: &Lexicon, doc: &Doc, k: usize) -> bool {
    let w = doc.low(k);
    (w.ends_with("ed") || doc.is(k, &lex.irregular_participles))
        && doc.is_word(k + 1, "to")
        && doc.is_word(k + 2, "death")
}

/// Finds casualty counts in tokens `range` of `doc`.
pub(crate) fn find(
    lex: &Lexicon,
    text: &str,
    doc: &Doc,
    range: std::ops::Range<usize>,
) -> Vec<Casualty> {
    let mut out: Vec<Casualty> = Vec::new();
    let tok = |k: usize| doc.tok(text, k);
    for k in range.clone() {
        let w = doc.low(k);
        let h = doc.hashes[k];
        let Some(harm) = harm_at(lex, doc, k) else {
            continue;
        };
        let mut found = None;
        // Backward: "three soldiers were killed", "12 dead", "40 injured".
        let lo = k.saturating_sub(8).max(range.start);
        for j in (lo..k).rev() {
            let t = tok(j);
            if matches!(t, "." | ";" | ":")
                || (t == "," && j + 1 < k && !doc.is_as_written(text, j + 1, &lex.passive_be))
            {
                break;
            }
            if let Some((n, end, vague)) = number_at(lex, text, doc, j, range.end) {
                let between_ok = (end + 1..k).all(|b| {
                    let bt = tok(b);
                    doc.tokens[b].kind == TokenKind::Word
                        && !doc.is_as_written(text, b, &lex.killed_words)
                        && !doc.is_as_written(text, b, &lex.injured_words)
                        || bt == ","
                        || bt == "'s"
                });
                let passive_or_bare = end + 1 == k
                    || (end + 1..k).any(|b| doc.is(b, &lex.passive_be))
                    || lex.bare_harm_words.has(h, w)
                    || !(end + 1..k).any(|b| doc.is(b, &lex.clause_links))
                        && reduced_passive(lex, text, doc, k, range.end);
                if between_ok && passive_or_bare {
                    // Skip "more than" etc. already read by number_at.
                    let start = (lo..=j)
                        .rev()
                        .take_while(|&b| b == j || is_bound_word(lex, tok(b)))
                        .last()
                        .unwrap_or(j);
                    found = Some((n, vague, doc.tokens[start].span.cover(doc.tokens[end].span)));
                }
                break;
            }
        }
        // Forward: "killed at least 12", "claimed the lives of three".
        if found.is_none() && !lex.no_count_after.has(h, w) {
            let mut j = k + 1;
            if w == "lives" && tok(j).eq_ignore_ascii_case("of") {
                j += 1;
            } else if w == "lives" {
                continue;
            }
            if j < range.end {
                if let Some((mut n, mut end, vague)) = number_at(lex, text, doc, j, range.end) {
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
                        if let Some((m, e2, false)) = number_at(lex, text, doc, q + 1, range.end) {
                            let noun_follows = doc
                                .tokens
                                .get(e2 + 1)
                                .is_some_and(|t| t.kind == TokenKind::Word)
                                && !doc.is(e2 + 1, &lex.killed_words)
                                && !doc.is(e2 + 1, &lex.injured_words)
                                && !doc.is(e2 + 1, &lex.not_victim_nouns);
                            let other_harm = (e2 + 1..(e2 + 5).min(range.end)).any(|x| {
                                doc.is(x, &lex.injured_words) || doc.is(x, &lex.killed_words)
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
        // One victim: "a young man was shot and killed", "killing him".
        if found.is_none() {
            found = one_before(lex, doc, k, &range)
                .or_else(|| one_after(lex, text, doc, k, &range))
                .map(|(n, span)| (n, false, span));
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
    none_harmed(lex, doc, &range, &mut out);
    // "death toll rose to N" / "death toll of N" / "the toll from the
    // strike rose to N"
    for k in range.clone() {
        if tok(k).eq_ignore_ascii_case("toll") {
            for j in k + 1..(k + TOLL_WINDOW).min(range.end) {
                if let Some((n, end, vague)) = number_at(lex, text, doc, j, range.end) {
                    if doc.is(j - 1, &lex.toll_links) {
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

/// Words from "toll" to its count, at most: "the toll from Monday's
/// strike on the market rose to 45".
const TOLL_WINDOW: usize = 10;

/// "11 people injured when the roof fell", "two soldiers wounded.": a
/// participle with no object after it (punctuation, a preposition or a
/// conjunction follows) is a passive without "be", as headlines and
/// reports write it; "two gunmen killed a guard" is not.
fn reduced_passive(lex: &Lexicon, text: &str, doc: &Doc, k: usize, end: usize) -> bool {
    let next = k + 1;
    // "injured over 40": a count of its own follows.
    if number_at(lex, text, doc, next, end).is_some() {
        return false;
    }
    next >= end
        || doc.tokens[next].kind == TokenKind::Punct
        || doc.is(next, &lex.prepositions)
        || doc.is(next, &lex.clause_links)
}

/// One victim before the harm word at `k`, the subject of its clause: "a
/// young man was shot and killed", "an officer died". A harm verb that
/// can take an object ("killed") needs a form of "be" between, or the
/// person is its agent ("a soldier killed two civilians").
fn one_before(lex: &Lexicon, doc: &Doc, k: usize, range: &Range<usize>) -> Option<(u64, Span)> {
    let mut j = k;
    while j > range.start && doc.is(j - 1, &lex.harm_chain_words) {
        j -= 1;
    }
    let passive = (j..k).any(|b| doc.is(b, &lex.passive_be));
    if doc.is(k, &lex.harm_verbs) && !passive {
        return None;
    }
    let noun = j.checked_sub(1).filter(|&n| n >= range.start)?;
    if !doc.is(noun, &lex.person_nouns) {
        return None;
    }
    let det = determiner_before(lex, doc, noun, range)?;
    Some((1, doc.tokens[det].span.cover(doc.tokens[noun].span)))
}

/// The "a"/"an"/"one" that makes the person noun at `noun` one person,
/// within five modifier words before it ("an off-duty Kenyan police
/// officer").
fn determiner_before(lex: &Lexicon, doc: &Doc, noun: usize, range: &Range<usize>) -> Option<usize> {
    let lo = noun.saturating_sub(6).max(range.start);
    for d in (lo..noun).rev() {
        if doc.is(d, &lex.one_victim_words) {
            return Some(d);
        }
        let t = &doc.tokens[d];
        let modifier = t.kind == TokenKind::Word && !doc.is(d, &lex.passive_be)
            || t.kind == TokenKind::Number
            || doc.low(d) == "-";
        if !modifier {
            return None;
        }
    }
    None
}

/// One victim, or one for each coordinated, after the harm verb at `k`:
/// "killed a farmer", "shot dead a businessman", "killing him", "killed
/// a soldier and a civilian".
fn one_after(
    lex: &Lexicon,
    text: &str,
    doc: &Doc,
    k: usize,
    range: &Range<usize>,
) -> Option<(u64, Span)> {
    let shot_dead = doc.low(k) == "dead" && k > range.start && doc.low(k - 1) == "shot";
    if !doc.is(k, &lex.harm_verbs) && !shot_dead {
        return None;
    }
    let j = k + 1;
    if j < range.end && doc.is(j, &lex.harm_pronouns) {
        return Some((1, doc.tokens[j].span));
    }
    let mut n = 0;
    let mut at = j;
    let mut span: Option<Span> = None;
    while at < range.end && doc.is(at, &lex.one_victim_words) {
        let noun = (at + 1..(at + 7).min(range.end))
            .take_while(|&x| doc.tokens[x].kind != TokenKind::Punct || doc.low(x) == "-")
            .find(|&x| doc.is(x, &lex.person_nouns))?;
        n += 1;
        let here = doc.tokens[at].span.cover(doc.tokens[noun].span);
        span = Some(span.map_or(here, |s| s.cover(here)));
        if doc.low(noun + 1) != "and" {
            break;
        }
        at = noun + 2;
        // "a guard and two cooks"
        if let Some((m, end, false)) = number_at(lex, text, doc, at, range.end) {
            let person = doc
                .tokens
                .get(end + 1)
                .is_some_and(|t| t.kind == TokenKind::Word)
                && !doc.is(end + 1, &lex.not_victim_nouns);
            if person {
                n += m;
                span = span.map(|s| s.cover(doc.tokens[end + 1].span));
            }
            break;
        }
    }
    span.map(|s| (n, s))
}

/// "No casualties were reported", "no injuries or deaths", "nobody was
/// hurt", "no one was killed": counts of zero, which the text states.
fn none_harmed(lex: &Lexicon, doc: &Doc, range: &Range<usize>, out: &mut Vec<Casualty>) {
    let zero = |harm, span, token| Casualty {
        harm,
        count: 0,
        vague: false,
        span,
        token,
    };
    for k in range.clone() {
        let w = doc.low(k);
        if w == "no" || w == "without" {
            let mut j = k + 1;
            while j < range.end {
                let mut hit = false;
                for (harm, nouns) in [
                    (Harm::Killed, &lex.zero_killed_nouns),
                    (Harm::Injured, &lex.zero_injured_nouns),
                ] {
                    if doc.is(j, nouns) && !out.iter().any(|c| c.harm == harm) {
                        out.push(zero(harm, doc.tokens[k].span.cover(doc.tokens[j].span), j));
                        hit = true;
                    }
                }
                hit |= doc.is(j, &lex.zero_killed_nouns) || doc.is(j, &lex.zero_injured_nouns);
                // "no injuries or deaths"
                if !hit || !matches!(doc.low(j + 1), "or" | "and") {
                    break;
                }
                j += 2;
            }
        }
        // "nobody was hurt", "no one was killed"
        let nobody = doc.is(k, &lex.nobody_words) || w == "no" && doc.low(k + 1) == "one";
        if nobody {
            let mut j = k + if w == "no" { 2 } else { 1 };
            while j < range.end && doc.is(j, &lex.harm_chain_words) {
                j += 1;
            }
            let harm = (j < range.end).then(|| harm_at(lex, doc, j)).flatten();
            if let Some(h) = harm.filter(|&h| !out.iter().any(|c| c.harm == h)) {
                out.push(zero(h, doc.tokens[k].span.cover(doc.tokens[j].span), j));
            }
        }
    }
}

/// True when `w` is a word of a bound before a count ("at least",
/// "over"): the lexicon's `count_bounds` and `count_bound_pairs`.
fn is_bound_word(lex: &Lexicon, w: &str) -> bool {
    lex.count_bounds.contains(w)
        || lex
            .count_bound_pairs
            .iter()
            .any(|p| p.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn counts(s: &str) -> Vec<(Harm, u32)> {
        let lex = crate::lexicon::builtin();
        let doc = segment(s, Span::whole(s), &lex.abbreviations);
        find(lex, s, &doc, 0..doc.tokens.len())
            .into_iter()
            .map(|c| (c.harm, c.count))
            .collect()
    }

    #[test]
    fn numbers_in_words_and_digits() {
        assert_eq!(parse_number(crate::lexicon::builtin(), "1,200"), Some(1200));
        assert_eq!(
            parse_number(crate::lexicon::builtin(), "twenty-one"),
            Some(21)
        );
        assert_eq!(parse_number(crate::lexicon::builtin(), "Three"), Some(3));
        assert_eq!(parse_number(crate::lexicon::builtin(), "troops"), None);
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
        // A verb of the manner of a killing, with "to death".
        assert_eq!(
            counts("Two herders were beaten to death near the well."),
            [(Harm::Killed, 2)]
        );
        assert_eq!(counts("They hacked to pieces the old fence."), []);
    }

    #[test]
    fn one_victim_is_a_count_of_one() {
        assert_eq!(
            counts("A young farmer was shot and killed near the market."),
            [(Harm::Killed, 1)]
        );
        assert_eq!(
            counts("An elderly woman died in the blaze."),
            [(Harm::Killed, 1)]
        );
        assert_eq!(
            counts("A constable died of his wounds."),
            [(Harm::Killed, 1)]
        );
        assert_eq!(
            counts("Gunmen shot dead a shopkeeper on Tuesday."),
            [(Harm::Killed, 1)]
        );
        assert_eq!(
            counts("the raid, killing her and injuring dozens"),
            [(Harm::Killed, 1), (Harm::Injured, 24)]
        );
        assert_eq!(
            counts("Soldiers killed a herder and a trader."),
            [(Harm::Killed, 2)]
        );
    }

    #[test]
    fn a_person_who_kills_is_no_victim() {
        // The agent of an active harm verb, and a victim with no article.
        assert_eq!(
            counts("A policeman killed two robbers."),
            [(Harm::Killed, 2)]
        );
        assert!(counts("The policeman was killed.").is_empty());
        assert!(counts("Police killed a number of suspects.").is_empty());
    }

    #[test]
    fn no_one_harmed_is_a_count_of_zero() {
        assert_eq!(
            counts("The two sides exchanged fire. No casualties were reported."),
            [(Harm::Killed, 0), (Harm::Injured, 0)]
        );
        assert_eq!(
            counts("No injuries or deaths were reported in the shelling."),
            [(Harm::Injured, 0), (Harm::Killed, 0)]
        );
        assert_eq!(counts("Nobody was hurt."), [(Harm::Injured, 0)]);
        assert_eq!(
            counts("No one was killed, but four people were injured."),
            [(Harm::Injured, 4), (Harm::Killed, 0)]
        );
    }

    proptest::proptest! {
        /// Any short text, digits and separators above all, is a number
        /// or not, without a panic.
        #[test]
        fn numbers_parse_or_not(s in "\\PC{0,24}|[0-9,.-]{0,24}") {
            let _ = parse_number(crate::lexicon::builtin(), &s);
        }
    }
}
