//! Stage 3, mentions: the dictionary phrases of an article turned into
//! actor, place, trigger and outlet mentions, token by token, with an
//! index from each token to the actor and place mentions covering it.

mod actors;
mod passes;
mod toponyms;

use crate::actors::{Actor, ActorEntry, Iso3};
use crate::dictionaries::{Dictionaries, Entry};
use crate::phrases::{longest_non_overlapping_spans, PhraseMatch};
use crate::span::Span;
use crate::text::Doc;
use crate::time::Date;
use std::ops::Range;
use toponyms::Toponym;

/// An actor mention with its token range.
#[derive(Clone, Debug)]
pub(crate) struct ActorMention {
    /// The actor.
    pub actor: Actor,
    /// Token range.
    pub toks: Range<usize>,
    /// The place mentions (indices into [`Mentions::places`]) of "in X
    /// (and Y)" right after the mention.
    pub in_places: Vec<usize>,
    /// Part of a coordination with the mention before ("X and Y").
    pub coordinated: bool,
}

/// A place mention: the candidate places of one name.
#[derive(Clone, Debug)]
pub(crate) struct PlaceMention {
    /// Candidate place indices (several when places share a name).
    pub candidates: Vec<u32>,
    /// Token range.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
}

/// A trigger phrase found in the text, with all its lexicon entries.
#[derive(Clone, Debug)]
pub(crate) struct TriggerHit {
    /// Trigger entries sharing this surface form, in lexicon order.
    pub entries: Vec<u16>,
    /// Token range.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
}

/// An outlet mention.
#[derive(Clone, Debug)]
pub(crate) struct OutletMention {
    /// Index into the outlet table.
    pub outlet: u16,
    /// Token range.
    pub toks: Range<usize>,
}

/// Everything the dictionaries found in an article.
#[derive(Default, Debug)]
pub(crate) struct Mentions {
    /// Actors, in text order.
    pub actors: Vec<ActorMention>,
    /// Places, in text order.
    pub places: Vec<PlaceMention>,
    /// Triggers, in text order.
    pub triggers: Vec<TriggerHit>,
    /// Outlets, in text order.
    pub outlets: Vec<OutletMention>,
    /// For each token, the first actor mention covering it.
    pub actor_at: Vec<Option<u32>>,
    /// For each token, the last place mention covering it.
    pub place_at: Vec<Option<u32>>,
}

struct Matched<'a> {
    toks: Range<usize>,
    span: Span,
    entries: &'a [Entry],
}

/// The actor of an entry, if it is one.
fn actor_entry(e: &Entry) -> Option<ActorEntry> {
    match e {
        Entry::Actor(a) => Some(*a),
        _ => None,
    }
}

impl Matched<'_> {
    /// The entries of one kind.
    fn only<T>(&self, pick: impl Fn(&Entry) -> Option<T>) -> Vec<T> {
        self.entries.iter().filter_map(pick).collect()
    }
}

/// Finds the mentions of `doc` (whose tokens index `text`).
pub(crate) fn find(d: &Dictionaries, text: &str, doc: &Doc, date: Option<Date>) -> Mentions {
    let all = d.phrases.find_at_tokens(text, doc);
    let toponyms = toponyms::find(&d.gazetteer, &d.lexicon, text, doc);
    let items = merge(&all, &toponyms);
    let (pool, found) = resolve(d, text, doc, &all, &toponyms, &items);
    let matched: Vec<Matched> = found
        .into_iter()
        .map(|(toks, span, e)| Matched {
            toks,
            span,
            entries: &pool[e],
        })
        .collect();
    let mut out = classify(d, text, doc, &matched, date);
    let lw = |i: usize| doc.tok(text, i);
    passes::ethnic_groups_and_modifiers(text, lw, &mut out.actors);
    passes::named_before_title(&d.lexicon, text, doc, &mut out);
    passes::surnames(text, doc, &mut out);
    passes::coordination(lw, &mut out.actors);
    passes::places_in(lw, &mut out);
    passes::owners(lw, &mut out.actors);
    index_tokens(&mut out, doc.tokens.len());
    out
}

/// A phrase of the dictionaries, a place name, or both, and its span:
/// `(span, index into the phrase matches, index into the toponyms)`.
type Item = (Span, Option<usize>, Option<usize>);

/// Dictionary phrases and place names in one list of spans; a phrase and
/// a place name of the same words are one match with both meanings
/// ("Washington" the government and the city). Both lists are in text
/// order, longest first at one start: merged, not sorted.
fn merge(all: &[PhraseMatch], toponyms: &[Toponym]) -> Vec<Item> {
    let mut tops: Vec<usize> = (0..toponyms.len()).collect();
    tops.sort_by_key(|&i| {
        (
            toponyms[i].span.start(),
            std::cmp::Reverse(toponyms[i].span.end()),
        )
    });
    let mut items: Vec<(Span, Option<usize>, Option<usize>)> =
        Vec::with_capacity(all.len() + tops.len());
    let (mut a, mut b) = (0, 0);
    let key = |s: Span| (s.start(), std::cmp::Reverse(s.end()));
    while a < all.len() || b < tops.len() {
        let pa = all.get(a).map(|m| m.span);
        let pb = tops.get(b).map(|&i| toponyms[i].span);
        match (pa, pb) {
            (Some(x), Some(y)) if x == y => {
                items.push((x, Some(a), Some(tops[b])));
                a += 1;
                b += 1;
            }
            (Some(x), Some(y)) if key(x) < key(y) => {
                items.push((x, Some(a), None));
                a += 1;
            }
            (Some(x), None) => {
                items.push((x, Some(a), None));
                a += 1;
            }
            (_, Some(y)) => {
                items.push((y, None, Some(tops[b])));
                b += 1;
            }
            (None, None) => break,
        }
    }
    items
}

/// A match kept: its tokens, its span and its entries (a range of the
/// pool of entries).
type Resolved = (Range<usize>, Span, Range<usize>);

/// The longest of overlapping items, each with its tokens and its
/// entries (a slice of the returned pool), where the words allow them.
fn resolve(
    d: &Dictionaries,
    text: &str,
    doc: &Doc,
    all: &[PhraseMatch],
    toponyms: &[Toponym],
    items: &[Item],
) -> (Vec<Entry>, Vec<Resolved>) {
    let spans: Vec<Span> = items.iter().map(|i| i.0).collect();
    // The entries of all matches in one vector, each match a slice of it.
    let mut pool: Vec<Entry> = Vec::with_capacity(items.len() * 2);
    let mut found: Vec<Resolved> = Vec::with_capacity(items.len());
    // The kept spans are in text order: their tokens are found by walking
    // forward from the last one.
    let mut cursor = 0;
    for k in longest_non_overlapping_spans(&spans) {
        let (span, phrase, toponym) = items[k];
        let from = pool.len();
        let mut toks = None;
        if let Some(m) = phrase.map(|i| &all[i]) {
            toks = token_range(doc, m.span, &mut cursor);
            if toks.is_none() {
                continue;
            }
            pool.extend(d.phrases.payloads(text, m).copied());
        }
        if let Some(t) = toponym.map(|i| &toponyms[i]) {
            // A word that names someone ("Police said", "Jackson told")
            // is a place only where the words make it one.
            let someone = pool[from..].iter().any(|e| {
                matches!(
                    e,
                    Entry::Actor(
                        ActorEntry::Person(_)
                            | ActorEntry::Org(_)
                            | ActorEntry::Agent(_)
                            | ActorEntry::Outlet(_)
                            | ActorEntry::Adjective(_)
                    )
                )
            });
            // "in English", "the Canadian": a nation's adjective is never
            // the town spelled like it (English, Indiana).
            let adjective = pool[from..]
                .iter()
                .any(|e| matches!(e, Entry::Actor(ActorEntry::Adjective(_))));
            if !adjective && (!someone || t.in_context) {
                pool.extend(t.places.iter().map(|&c| Entry::Place(c)));
            }
            toks = Some(t.toks.clone());
        }
        // "Michael Jordan", "Kevin Georgia": a country's name after a
        // given name is a surname, neither the country nor a place.
        if let Some(t) = toks.as_ref().filter(|t| t.start > 0) {
            let named_person = doc.is(t.start - 1, &d.lexicon.given_names)
                && doc.tok(text, t.start - 1).starts_with(char::is_uppercase)
                && pool[from..]
                    .iter()
                    .any(|e| matches!(e, Entry::Actor(ActorEntry::Country(_))));
            if named_person {
                pool.truncate(from);
                continue;
            }
        }
        if let Some(toks) = toks.filter(|_| pool.len() > from) {
            found.push((toks, span, from..pool.len()));
        }
    }
    (pool, found)
}

/// The place, trigger, outlet and actor mentions of the matches.
fn classify(
    d: &Dictionaries,
    text: &str,
    doc: &Doc,
    matched: &[Matched],
    date: Option<Date>,
) -> Mentions {
    // Countries of the places named with one unambiguous country.
    let mut place_countries: Vec<Iso3> = Vec::new();
    for m in matched {
        let mut cs = m.entries.iter().filter_map(|e| match e {
            Entry::Place(i) => d.gazetteer.places[*i as usize].country,
            _ => None,
        });
        if let Some(c) = cs.next() {
            if cs.all(|d| d == c) && !place_countries.contains(&c) {
                place_countries.push(c);
            }
        }
    }
    let mut out = Mentions::default();
    let mut i = 0;
    let mut actor_buf: Vec<ActorEntry> = Vec::new();
    while i < matched.len() {
        let m = &matched[i];
        let places = m.only(|e| match e {
            Entry::Place(i) => Some(*i),
            _ => None,
        });
        if !places.is_empty() {
            out.places.push(PlaceMention {
                candidates: places,
                toks: m.toks.clone(),
                span: m.span,
            });
        }
        let triggers = m.only(|e| match e {
            Entry::Trigger(t) => Some(*t),
            _ => None,
        });
        if !triggers.is_empty() {
            out.triggers.push(TriggerHit {
                entries: triggers,
                toks: m.toks.clone(),
                span: m.span,
            });
        }
        // One buffer for every match's actor entries.
        actor_buf.clear();
        actor_buf.extend(m.entries.iter().filter_map(actor_entry));
        let actor_entries = &mut actor_buf;
        if let Some(ActorEntry::Outlet(o)) = actor_entries
            .iter()
            .find(|a| matches!(a, ActorEntry::Outlet(_)))
        {
            out.outlets.push(OutletMention {
                outlet: *o,
                toks: m.toks.clone(),
            });
            i += 1;
            continue;
        }
        if actor_entries.is_empty() {
            i += 1;
            continue;
        }
        // A name two countries share ("Congo", "Congolese"): the one the
        // article's places are in.
        actor_entries.sort_by_key(|e| {
            actors::entry_country(d, e).is_none_or(|c| !place_countries.contains(&c))
        });
        let consumed = actors::build(
            d,
            (text, doc, date),
            matched,
            i,
            actor_entries,
            &mut out.actors,
        );
        i += consumed.max(1);
    }
    out
}

/// Fills [`Mentions::actor_at`] and [`Mentions::place_at`] for `n` tokens.
fn index_tokens(m: &mut Mentions, n: usize) {
    m.actor_at = vec![None; n];
    for (i, a) in m.actors.iter().enumerate() {
        for t in a.toks.clone() {
            if let Some(slot) = m.actor_at.get_mut(t) {
                slot.get_or_insert(i as u32);
            }
        }
    }
    m.place_at = vec![None; n];
    for (i, pm) in m.places.iter().enumerate() {
        for t in pm.toks.clone() {
            if let Some(slot) = m.place_at.get_mut(t) {
                *slot = Some(i as u32);
            }
        }
    }
}

/// The tokens of `span` if it starts where a token does: the tokens from
/// that one to the one holding its last byte. Spans must come in order
/// of start; `from` keeps the place of the last one, so that finding the
/// tokens of all of them walks the tokens once.
fn token_range(doc: &Doc, span: Span, from: &mut usize) -> Option<Range<usize>> {
    let toks = &doc.tokens;
    let mut s = *from;
    while toks.get(s).is_some_and(|t| t.span.end() <= span.start()) {
        s += 1;
    }
    *from = s;
    if toks.get(s)?.span.start() != span.start() {
        return None;
    }
    let last = span.end().saturating_sub(1);
    let mut e = s;
    while toks.get(e).is_some_and(|t| t.span.end() <= last) {
        e += 1;
    }
    (toks.get(e)?.span.start() <= last).then_some(s..e + 1)
}
