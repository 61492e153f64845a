//! Toponyms: the gazetteer names of an article that stand for places here.
//!
//! Tens of thousands of towns share their names with words and people
//! ("Police", "Jackson", "Split"), so a name counts as a place when it is
//! a major one (100,000 people or more, or a hand-kept place), or when the
//! words around it make it one: a locative preposition ("in Huwara",
//! "outside Kherson"), a place noun ("the town of Huwara"), or a division
//! word after it ("Anbar province", which also makes it the division and
//! not the city of the same name).

use crate::geo::{Gazetteer, Precision};
use crate::lexicon::{Lexicon, Words};
use crate::span::Span;
use crate::text::Doc;
use std::ops::Range;

/// A place name of the text with the places it may be.
#[derive(Clone, Debug)]
pub(super) struct Toponym {
    /// Tokens, including a division word after the name.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
    /// Candidate places (indices into the gazetteer).
    pub places: Vec<u32>,
    /// The words around it make it a place (not only its size).
    pub in_context: bool,
}

/// People below which a town needs context to count as a place.
const MAJOR: u64 = 100_000;

/// The toponyms of `doc`, in text order; overlapping ones are all kept
/// (the longest phrase of the article wins later).
pub(super) fn find(g: &Gazetteer, lex: &Lexicon, text: &str, doc: &Doc) -> Vec<Toponym> {
    let mut pool = Vec::new();
    let low = |i: usize| doc.low(i);
    let is = |i: usize, w: &Words| doc.is(i, w);
    let mut out = Vec::new();
    let names = g
        .names
        .find(&lex.name_leaders, text, doc, 0..doc.tokens.len(), &mut pool);
    for m in &names {
        let (start, end) = (m.toks.start, m.toks.end);
        // The preposition, over "the" and one adjective ("in the
        // northern city of", "near the town").
        let mut k = start;
        if k > 0 && low(k - 1) == "the" {
            k -= 1;
        }
        let prep = k.checked_sub(1);
        let locative = prep
            .is_some_and(|j| is(j, &lex.locative_prepositions) || is(j, &lex.toward_prepositions));
        let of_place = start >= 2
            && low(start - 1) == "of"
            && (is(start - 2, &lex.place_nouns)
                || start >= 3 && is(start - 3, &lex.place_nouns) && low(start - 2) == "'s");
        let cands = &pool[m.places.clone()];
        let admin1: Vec<u32> = cands
            .iter()
            .copied()
            .filter(|&c| g.places[c as usize].precision == Precision::Admin1)
            .collect();
        // "Anbar province": the division, when there is one of that name.
        let division = is(end, &lex.division_words) && !admin1.is_empty();
        // "Atlanta, Georgia": a place after a place and a comma.
        let apposition =
            start >= 2 && low(start - 1) == "," && names.iter().any(|n| n.toks.end == start - 1);
        // A month is a date, not the town of that name ("in March").
        if !division && crate::time::month_at(lex, text, doc, start).is_some() {
            continue;
        }
        let in_context = locative || of_place || division || apposition;
        let places: Vec<u32> = if division {
            admin1
        } else {
            cands
                .iter()
                .copied()
                .filter(|&c| {
                    let p = &g.places[c as usize];
                    // A division named by a compass word ("Western") is
                    // one only with its division word.
                    let compass = p.precision == Precision::Admin1
                        && is(start, &lex.compass_words)
                        && m.toks.len() == 1;
                    !compass
                        && (in_context
                            || p.hand_kept
                            || p.precision == Precision::City && p.population >= MAJOR)
                })
                .collect()
        };
        if places.is_empty() {
            continue;
        }
        let end_tok = if division { end + 1 } else { end };
        out.push(Toponym {
            toks: start..end_tok,
            span: m.span.cover(doc.tokens[end_tok - 1].span),
            places,
            in_context,
        });
    }
    out
}
