//! The per-article context every event stage reads: the text, tokens,
//! mentions, and indexes from tokens to mentions.

use super::mentions::{ActorMention, Mentions};
use crate::actors::{Iso3, MentionKind};
use crate::article::Article;
use crate::pipeline::Pipeline;
use crate::text::Doc;
use crate::words::{words, Words};

/// Read-only context of one article.
pub struct Context<'a> {
    /// The pipeline.
    pub p: &'a Pipeline,
    /// The article.
    pub article: &'a Article,
    /// The article text.
    pub text: &'a str,
    /// Its tokens and sentences.
    pub doc: Doc,
    /// Its mentions.
    pub m: Mentions,
    /// For each token, the actor mention covering it.
    pub actor_at: Vec<Option<u32>>,
    /// For each token, the place mention covering it.
    pub place_at: Vec<Option<u32>>,
    /// For each token, whether it is inside double quotes.
    pub in_quote: Vec<bool>,
    /// For each place mention, the chosen place.
    pub place_choice: Vec<u32>,
    /// Countries named in the article, most mentioned first.
    pub countries: Vec<Iso3>,
    /// The dateline's country, if the dateline names a known place.
    pub dateline_country: Option<(Iso3, u32)>,
    /// Print each trigger's roles to standard error (rule development
    /// only; set by [`super::debug`]).
    pub trace: bool,
}

/// The mentions of each kind whose first token lies in `tokens`, as a range
/// of indices into a list sorted by first token.
pub fn within<T>(
    list: &[T],
    tokens: &std::ops::Range<usize>,
    start: impl Fn(&T) -> usize,
) -> std::ops::Range<usize> {
    let a = list.partition_point(|m| start(m) < tokens.start);
    let b = list.partition_point(|m| start(m) < tokens.end);
    a..b.max(a)
}

impl<'a> Context<'a> {
    /// Builds the context of `article`.
    pub fn new(p: &'a Pipeline, article: &'a Article) -> Context<'a> {
        Context::marked(p, article, &mut |_| {})
    }

    /// Builds the context, calling `mark` as each stage ends.
    pub fn marked(
        p: &'a Pipeline,
        article: &'a Article,
        mark: &mut dyn FnMut(crate::pipeline::Stage),
    ) -> Context<'a> {
        use crate::pipeline::Stage;
        let text = article.text.as_str();
        let doc = crate::text::segment(text, article.body);
        mark(Stage::Tokens);
        let m = super::mentions::find(p, text, &doc, article.body);
        mark(Stage::Mentions);
        let n = doc.tokens.len();
        let mut actor_at = vec![None; n];
        for (i, a) in m.actors.iter().enumerate() {
            for t in a.toks.clone() {
                if let Some(slot) = actor_at.get_mut(t) {
                    slot.get_or_insert(i as u32);
                }
            }
        }
        let mut place_at = vec![None; n];
        for (i, pm) in m.places.iter().enumerate() {
            for t in pm.toks.clone() {
                if let Some(slot) = place_at.get_mut(t) {
                    *slot = Some(i as u32);
                }
            }
        }
        let in_quote = quotes(text, &doc);
        // Countries of the article, by mentions.
        let mut counts: Vec<(Iso3, usize, usize)> = Vec::new();
        for (order, a) in m.actors.iter().enumerate() {
            if let Some(c) = a.actor.country {
                match counts.iter_mut().find(|(k, _, _)| *k == c) {
                    Some(e) => e.1 += 1,
                    None => counts.push((c, 1, order)),
                }
            }
        }
        for pm in &m.places {
            for &cand in &pm.candidates {
                if let Some(c) = p.gazetteer.places[cand as usize].country {
                    if !counts.iter().any(|(k, _, _)| *k == c) {
                        counts.push((c, 0, usize::MAX));
                    }
                }
            }
        }
        counts.sort_by_key(|&(_, n, first)| (std::cmp::Reverse(n), first));
        let countries: Vec<Iso3> = counts.iter().map(|c| c.0).collect();
        // A place of several names is chosen by the countries the article
        // names: its actors' and its places of one country, never the
        // countries of the candidates themselves.
        // An actor that is itself a place name ("Tripoli" standing for
        // Libya's government) is no evidence for which Tripoli it is.
        let mut named: Vec<Iso3> = Vec::new();
        for a in &m.actors {
            // Places are in text order: look only at those starting here.
            let from = m.places.partition_point(|pm| pm.toks.start < a.toks.start);
            let is_place = m.places[from..]
                .iter()
                .take_while(|pm| pm.toks.start == a.toks.start)
                .any(|pm| pm.toks == a.toks);
            if let Some(c) = a.actor.country.filter(|c| !is_place && !named.contains(c)) {
                named.push(c);
            }
        }
        for pm in &m.places {
            let mut cs = pm
                .candidates
                .iter()
                .filter_map(|&c| p.gazetteer.places[c as usize].country);
            if let Some(c) = cs.next() {
                if cs.all(|d| d == c) && !named.contains(&c) {
                    named.push(c);
                }
            }
        }
        let low = |i: usize| doc.low(i);
        let place_choice = m
            .places
            .iter()
            .map(|pm| {
                let chosen = p
                    .gazetteer
                    .choose(&pm.candidates, &named)
                    .unwrap_or(pm.candidates[0]);
                // "Mali's capital" is Bamako.
                let place = &p.gazetteer.places[chosen as usize];
                let capital_of = (place.precision == crate::geo::Precision::Country
                    && matches!(low(pm.toks.end), "'s" | "\u{2019}s")
                    && low(pm.toks.end + 1) == "capital")
                    .then_some(place.country)
                    .flatten();
                capital_of.and_then(|c| capital(p, c)).unwrap_or(chosen)
            })
            .collect();
        let dateline_country = article.dateline.as_ref().and_then(|dl| {
            // The dateline's place: a gazetteer name, or a country.
            let name = dl.place.slice(text);
            let mut cands: Vec<u32> = Vec::new();
            p.gazetteer.names.lookup(name, &mut cands);
            let whole = crate::span::Span {
                start: 0,
                end: name.len(),
            };
            for pm in p.phrases.find_all(name, whole) {
                if pm.span.len() == name.len() {
                    cands.extend(p.phrases.payloads(name, &pm).filter_map(|e| match e {
                        crate::pipeline::Entry::Place(i) => Some(*i),
                        _ => None,
                    }));
                }
            }
            let chosen = p.gazetteer.choose(&cands, &named)?;
            Some((p.gazetteer.places[chosen as usize].country?, chosen))
        });
        mark(Stage::Places);
        Context {
            p,
            article,
            text,
            doc,
            m,
            actor_at,
            place_at,
            in_quote,
            place_choice,
            countries,
            dateline_country,
            trace: false,
        }
    }

    /// Text of token `i` ("" past the end).
    pub fn w(&self, i: usize) -> &'a str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| t.span.slice(self.text))
    }

    /// True when token `i` is one of `words` (lower-case words; the
    /// token's ASCII case is ignored).
    #[inline(always)]
    pub fn is(&self, i: usize, words: &Words) -> bool {
        self.doc.is(i, words)
    }

    /// The actor mention `i`.
    pub fn actor(&self, i: usize) -> &ActorMention {
        &self.m.actors[i]
    }

    /// True when actor mention `i` is a country name used as a place
    /// ("in Iraq", "to Moscow").
    pub fn actor_is_place(&self, i: usize) -> bool {
        let a = &self.m.actors[i];
        matches!(a.actor.kind, MentionKind::Country | MentionKind::Metonym)
            && self
                .preposition_before(a.toks.start)
                .is_some_and(|p| LOCATIVE.iter().any(|l| l.eq_ignore_ascii_case(p)))
    }

    /// The preposition governing the phrase starting at token `start`,
    /// looking back over determiners and adjectives ("in the northern",
    /// "at the secretive").
    pub fn preposition_before(&self, start: usize) -> Option<&'a str> {
        let mut j = start;
        for _ in 0..4 {
            j = j.checked_sub(1)?;
            let w = self.w(j);
            if self.is(j, PREPOSITIONS) {
                return Some(w);
            }
            let lower_word = w.starts_with(|c: char| c.is_lowercase()) && !is_verbish(w);
            if !(lower_word || w == "'s" || self.place_at.get(j).is_some_and(Option::is_some)) {
                return None;
            }
        }
        None
    }
}

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

fn is_verbish(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "said" | "will" | "would"
        )
}

/// The gazetteer's place for the capital of country `c`.
fn capital(p: &Pipeline, c: Iso3) -> Option<u32> {
    let name = p.actors.country(c)?.capital.as_deref()?;
    let mut cands = Vec::new();
    p.gazetteer.names.lookup(name, &mut cands);
    cands.retain(|&i| p.gazetteer.places[i as usize].country == Some(c));
    p.gazetteer.choose(&cands, &[c])
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
                .get(doc.tokens[i - 1].span.end..t.span.start)
                .unwrap_or(&[]);
            if gap.len() >= 2 && gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                open = false;
            }
        }
        // Quotes are punctuation tokens; words only carry the state.
        if t.kind != crate::text::TokenKind::Punct {
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
