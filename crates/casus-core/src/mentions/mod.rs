//! Stage 3, mentions: the dictionary phrases of an article turned into
//! actor, place, trigger and outlet mentions, token by token, with an
//! index from each token to the actor and place mentions covering it.

mod toponyms;

use crate::actors::{Actor, ActorEntry, Iso3, MentionKind, Sector};
use crate::dictionaries::{Dictionaries, Entry};
use crate::lexicon::Lexicon;
use crate::phrases::longest_non_overlapping_spans;
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use std::ops::Range;

/// An actor mention with its token range.
#[derive(Clone, Debug)]
pub struct ActorMention {
    /// The actor.
    pub actor: Actor,
    /// Token range.
    pub toks: Range<usize>,
    /// Countries given by "in X (and Y)" right after the mention.
    pub in_countries: Vec<Iso3>,
    /// Part of a coordination with the mention before ("X and Y").
    pub coordinated: bool,
}

/// A place mention: the candidate places of one name.
#[derive(Clone, Debug)]
pub struct PlaceMention {
    /// Candidate place indices (several when places share a name).
    pub candidates: Vec<u32>,
    /// Token range.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
}

/// A trigger phrase found in the text, with all its lexicon entries.
#[derive(Clone, Debug)]
pub struct TriggerHit {
    /// Trigger entries sharing this surface form, in lexicon order.
    pub entries: Vec<u16>,
    /// Token range.
    pub toks: Range<usize>,
    /// Where in the text.
    pub span: Span,
}

/// An outlet mention.
#[derive(Clone, Debug)]
pub struct OutletMention {
    /// Index into the outlet table.
    pub outlet: u16,
    /// Token range.
    pub toks: Range<usize>,
}

/// Everything the dictionaries found in an article.
#[derive(Default, Debug)]
pub struct Mentions {
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
pub(crate) fn find(d: &Dictionaries, text: &str, doc: &Doc) -> Mentions {
    let all = d.phrases.find_at_tokens(text, doc);
    let toponyms = toponyms::find(&d.gazetteer, &d.lexicon, text, doc);
    // Dictionary phrases and place names in one list of spans; a phrase
    // and a place name of the same words are one match with both
    // meanings ("Washington" the government and the city).
    // Both lists are in text order, longest first at one start: merged,
    // not sorted.
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
    let spans: Vec<Span> = items.iter().map(|i| i.0).collect();
    // The entries of all matches in one vector, each match a slice of it.
    let mut pool: Vec<Entry> = Vec::with_capacity(items.len() * 2);
    let mut found: Vec<(Range<usize>, Span, Range<usize>)> = Vec::with_capacity(items.len());
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
            if !someone || t.in_context {
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
    let matched: Vec<Matched> = found
        .into_iter()
        .map(|(toks, span, e)| Matched {
            toks,
            span,
            entries: &pool[e],
        })
        .collect();
    // Countries of the places named with one unambiguous country.
    let mut place_countries: Vec<Iso3> = Vec::new();
    for m in &matched {
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
    let lw = |i: usize| doc.tok(text, i);
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
        actor_entries
            .sort_by_key(|e| entry_country(d, e).is_none_or(|c| !place_countries.contains(&c)));
        let consumed = build_actor(d, text, doc, &matched, i, actor_entries, &mut out.actors);
        i += consumed.max(1);
    }
    // "ethnic Albanians in south Serbia": an ethnic group is of the country
    // it lives in, not the one its name comes from; "Bosnian Serbs" are
    // Bosnian.
    let mut k = 0;
    while k < out.actors.len() {
        let start = out.actors[k].toks.start;
        if start > 0
            && lw(start - 1).eq_ignore_ascii_case("ethnic")
            && out.actors[k].actor.sector.is_none()
        {
            let a = &mut out.actors[k].actor;
            a.name = format!("ethnic {}", a.span.slice(text));
            a.country = None;
            a.sector = Some("CVL");
            a.kind = MentionKind::Entity;
        }
        if k > 0 {
            let (prev, cur) = (&out.actors[k - 1], &out.actors[k]);
            let adjacent = prev.toks.end == cur.toks.start;
            if adjacent
                && prev.actor.kind == MentionKind::Modifier
                && cur.actor.kind == MentionKind::Entity
                && cur.actor.sector.is_none()
                && cur.toks.len() == 1
            {
                let mut merged = cur.clone();
                merged.actor.country = prev.actor.country;
                merged.actor.span = prev.actor.span.cover(cur.actor.span);
                merged.actor.name = merged.actor.span.slice(text).to_string();
                merged.toks = prev.toks.start..cur.toks.end;
                out.actors[k - 1] = merged;
                out.actors.remove(k);
                continue;
            }
        }
        k += 1;
    }
    // A person first named in full is later named by surname
    // ("President Mohamed Bazoum" ... "Bazoum's release").
    let mut surnames: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (i, a) in out.actors.iter().enumerate() {
        if a.actor.kind != MentionKind::Entity || a.actor.sector.is_none() {
            continue;
        }
        let name = a.actor.name.as_str();
        let person_like = name.split_whitespace().nth(1).is_some()
            && name
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase));
        if let Some(last) = name
            .split_whitespace()
            .next_back()
            .filter(|w| person_like && w.len() >= 3)
        {
            surnames.entry(last).or_insert(i);
        }
    }
    let mut later = Vec::new();
    if !surnames.is_empty() {
        let mut covered = vec![false; doc.tokens.len()];
        for a in &out.actors {
            for t in a.toks.clone() {
                if let Some(c) = covered.get_mut(t) {
                    *c = true;
                }
            }
        }
        for pm in &out.places {
            for t in pm.toks.clone() {
                if let Some(c) = covered.get_mut(t) {
                    *c = true;
                }
            }
        }
        for (t, tok) in doc.tokens.iter().enumerate() {
            // Surnames are capitalised: other words need no lookup.
            let capital = text
                .as_bytes()
                .get(tok.span.start())
                .is_some_and(|b| b.is_ascii_uppercase() || !b.is_ascii());
            if covered[t] || tok.kind != TokenKind::Word || !capital {
                continue;
            }
            let w = tok.span.slice(text);
            if let Some(&i) = surnames.get(w).filter(|&&i| out.actors[i].toks.end <= t) {
                let mut a = out.actors[i].clone();
                a.actor.span = tok.span;
                a.toks = t..t + 1;
                a.in_countries.clear();
                a.coordinated = false;
                later.push(a);
            }
        }
    }
    if !later.is_empty() {
        out.actors.extend(later);
        out.actors.sort_by_key(|a| a.toks.start);
    }
    // "X and Y", "X, Y and Z": mark coordination.
    for k in 1..out.actors.len() {
        let (a, b) = (&out.actors[k - 1], &out.actors[k]);
        let gap = b.toks.start.saturating_sub(a.toks.end);
        let w = lw(a.toks.end);
        let conjunction = w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or");
        // "X and Y", "X, Y", "X and the Y"; not "X, the Y" (a new clause).
        let joined = a.toks.end < b.toks.start
            && (gap == 1 && (conjunction || w == ",")
                || gap == 2 && conjunction && lw(a.toks.end + 1).eq_ignore_ascii_case("the"));
        if joined {
            out.actors[k].coordinated = true;
        }
    }
    // "in X (and Y)" right after an actor: countries the actor is in.
    let place_starting = |j: usize| {
        let k = out.places.partition_point(|pm| pm.toks.start < j);
        out.places.get(k).filter(|pm| pm.toks.start == j)
    };
    let mut found: Vec<(usize, Vec<Iso3>)> = Vec::new();
    for (ai, a) in out.actors.iter().enumerate() {
        if a.actor.kind != MentionKind::Entity {
            continue;
        }
        let mut j = a.toks.end;
        if !(lw(j).eq_ignore_ascii_case("in") || lw(j).eq_ignore_ascii_case("from")) {
            continue;
        }
        j += 1;
        if lw(j).eq_ignore_ascii_case("both") {
            j += 1;
        }
        let mut countries = Vec::new();
        loop {
            if lw(j).eq_ignore_ascii_case("the") {
                j += 1;
            }
            let Some(pm) = place_starting(j) else { break };
            let Some(c) = pm
                .candidates
                .first()
                .and_then(|&c| d.gazetteer.places[c as usize].country)
            else {
                break;
            };
            countries.push(c);
            j = pm.toks.end;
            if lw(j) == "," || lw(j).eq_ignore_ascii_case("and") {
                j += 1;
            } else {
                break;
            }
        }
        if !countries.is_empty() {
            found.push((ai, countries));
        }
    }
    for (ai, countries) in found {
        out.actors[ai].in_countries = countries;
    }
    // "doctors from two American aid groups", "officials of the
    // ministry": an agent takes the country of the actor it belongs to.
    for ai in 0..out.actors.len() {
        let a = &out.actors[ai];
        if a.actor.country.is_some()
            || a.actor.kind != MentionKind::Entity
            || !a.in_countries.is_empty()
        {
            continue;
        }
        let j = a.toks.end;
        if !(lw(j).eq_ignore_ascii_case("from") || lw(j).eq_ignore_ascii_case("of")) {
            continue;
        }
        let owner = out.actors[ai + 1..]
            .iter()
            .take_while(|b| b.toks.start <= j + 3)
            .find(|b| {
                b.toks.start > j
                    && b.actor.country.is_some()
                    && b.actor.kind != MentionKind::Country
            })
            .and_then(|b| b.actor.country);
        if let Some(c) = owner {
            out.actors[ai].actor.country = Some(c);
        }
    }
    index_tokens(&mut out, doc.tokens.len());
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

fn is_capitalized_name(lex: &Lexicon, text: &str, doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| {
        t.kind == TokenKind::Word && {
            let w = t.span.slice(text);
            w.starts_with(|c: char| c.is_uppercase()) && w.len() > 1 && !lex.not_names.contains(w)
        }
    })
}

fn entity(d: &Dictionaries, span: Span, e: ActorEntry) -> Option<Actor> {
    let b = &d.actors;
    let mk = |name: &str, country, sector: Option<Sector>, code: Option<String>, kind| Actor {
        span,
        name: name.to_string(),
        country,
        sector,
        code,
        sponsor: None,
        kind,
        instrument: false,
    };
    Some(match e {
        ActorEntry::Country(c) => {
            let c = &b.countries[c as usize];
            mk(&c.name, Some(c.iso3), None, None, MentionKind::Country)
        }
        ActorEntry::Metonym(c) => {
            let c = &b.countries[c as usize];
            mk(
                &c.name,
                Some(c.iso3),
                Some("GOV"),
                None,
                MentionKind::Metonym,
            )
        }
        ActorEntry::Person(i) => {
            let n = &b.people[i as usize];
            mk(
                &n.name,
                n.country,
                n.sector,
                n.code.clone(),
                MentionKind::Entity,
            )
        }
        ActorEntry::Org(i) => {
            let n = &b.orgs[i as usize];
            mk(
                &n.name,
                n.country,
                n.sector,
                n.code.clone(),
                MentionKind::Entity,
            )
        }
        ActorEntry::Agent(i) => {
            let a = &b.agents[i as usize];
            let mut actor = mk(&a.noun, None, Some(a.sector), None, MentionKind::Entity);
            actor.instrument = a.instrument;
            actor
        }
        ActorEntry::Adjective(c) => {
            let c = &b.countries[c as usize];
            mk(&c.name, Some(c.iso3), None, None, MentionKind::Modifier)
        }
        ActorEntry::Outlet(_) => return None,
    })
}

fn entry_country(d: &Dictionaries, e: &ActorEntry) -> Option<Iso3> {
    match e {
        ActorEntry::Country(c) | ActorEntry::Adjective(c) | ActorEntry::Metonym(c) => {
            Some(d.actors.countries[*c as usize].iso3)
        }
        _ => None,
    }
}

fn pick(entries: &[ActorEntry], f: fn(&ActorEntry) -> bool) -> Option<ActorEntry> {
    entries.iter().copied().find(f)
}

/// Builds the actor mention(s) starting at `matched[i]`; returns how many
/// matches it used.
fn build_actor(
    d: &Dictionaries,
    text: &str,
    doc: &Doc,
    matched: &[Matched],
    i: usize,
    entries: &[ActorEntry],
    out: &mut Vec<ActorMention>,
) -> usize {
    let m = &matched[i];
    let lw = |k: usize| doc.tok(text, k);
    let next_actor = |from: usize, max_gap: usize| -> Option<(usize, Vec<ActorEntry>)> {
        let n = matched.get(from)?;
        let prev_end = matched[from - 1].toks.end;
        if n.toks.start < prev_end || n.toks.start - prev_end > max_gap {
            return None;
        }
        // Only lower-case words may stand between ("Iraqi security forces").
        if (prev_end..n.toks.start)
            .any(|k| !lw(k).starts_with(|c: char| c.is_lowercase()) || lw(k) == "and")
        {
            return None;
        }
        let es: Vec<ActorEntry> = n.only(actor_entry);
        (!es.is_empty()).then_some((from, es))
    };
    let is_agent = |e: &ActorEntry| matches!(e, ActorEntry::Agent(_));
    let is_named = |e: &ActorEntry| matches!(e, ActorEntry::Person(_) | ActorEntry::Org(_));

    // Country adjective(s) + agent/person/org: "Iranian-backed militants",
    // "Hungarian and Romanian officials", "Israeli Prime Minister X".
    if let Some(ActorEntry::Adjective(c0)) =
        pick(entries, |e| matches!(e, ActorEntry::Adjective(_)))
    {
        let mut adjectives = vec![(c0, m.span)];
        let mut j = i + 1;
        let mut sponsor = None;
        let after = text.get(m.span.end()..).unwrap_or("");
        // "Iranian-backed": the lexicon's sponsor_suffixes after a hyphen.
        let backed = after.strip_prefix('-').is_some_and(|after| {
            d.lexicon.sponsor_suffixes.iter().any(|s| {
                after
                    .get(..s.len())
                    .is_some_and(|a| a.eq_ignore_ascii_case(s))
            })
        });
        if backed {
            sponsor = Some(d.actors.countries[c0 as usize].iso3);
        }
        // "Hungarian and Romanian officials"
        while let Some(n) = matched.get(j) {
            let gap_ok = n.toks.start == matched[j - 1].toks.end + 1
                && (lw(matched[j - 1].toks.end).eq_ignore_ascii_case("and")
                    || lw(matched[j - 1].toks.end) == ",");
            match n.entries.iter().find_map(|e| match e {
                Entry::Actor(ActorEntry::Adjective(c)) => Some(*c),
                _ => None,
            }) {
                Some(c) if gap_ok && sponsor.is_none() => {
                    adjectives.push((c, n.span));
                    j += 1;
                }
                _ => break,
            }
        }
        if let Some((k, es)) = next_actor(j, 3) {
            if let Some(e) = pick(&es, is_agent).or_else(|| pick(&es, is_named)) {
                // "U.S. military aircraft", "Iraqi security forces": the
                // last noun of a run of agents is the head.
                let (k, e) = {
                    let (mut k, mut e) = (k, e);
                    while let Some(n) = matched
                        .get(k + 1)
                        .filter(|n| n.toks.start == matched[k].toks.end)
                    {
                        match n.entries.iter().find_map(|x| match x {
                            Entry::Actor(a @ ActorEntry::Agent(_)) => Some(*a),
                            _ => None,
                        }) {
                            Some(a) if matches!(e, ActorEntry::Agent(_)) => {
                                k += 1;
                                e = a;
                            }
                            _ => break,
                        }
                    }
                    (k, e)
                };
                let head = &matched[k];
                let span = m.span.cover(head.span);
                let Some(mut base) = entity(d, span, e) else {
                    return 1;
                };
                let (used, base_span) = extend_title(d, text, doc, matched, k, e, &mut base);
                let span = span.cover(base_span);
                base.span = span;
                let toks = m.toks.start
                    ..doc
                        .token_at(span.end() - 1)
                        .map_or(head.toks.end, |t| t + 1);
                if sponsor.is_some() {
                    base.sponsor = sponsor;
                    out.push(ActorMention {
                        actor: base,
                        toks,
                        in_countries: vec![],
                        coordinated: false,
                    });
                } else if matches!(e, ActorEntry::Agent(_)) || base.country.is_none() {
                    for (n, (c, _)) in adjectives.iter().enumerate() {
                        let mut a = base.clone();
                        let country = &d.actors.countries[*c as usize];
                        a.country = Some(country.iso3);
                        if matches!(e, ActorEntry::Agent(_))
                            && !base.name.starts_with(char::is_uppercase)
                        {
                            a.name = format!("{} {}", country.name, base.name);
                        }
                        out.push(ActorMention {
                            actor: a,
                            toks: toks.clone(),
                            in_countries: vec![],
                            coordinated: n > 0,
                        });
                    }
                } else {
                    out.push(ActorMention {
                        actor: base,
                        toks,
                        in_countries: vec![],
                        coordinated: false,
                    });
                }
                return k + used - i;
            }
        }
        // A name that is also an adjective ("U.S.", "US"): the country.
        if let Some(e @ ActorEntry::Country(_)) =
            pick(entries, |e| matches!(e, ActorEntry::Country(_)))
        {
            if let Some(a) = entity(d, m.span, e) {
                out.push(ActorMention {
                    actor: a,
                    toks: m.toks.clone(),
                    in_countries: vec![],
                    coordinated: false,
                });
            }
            return 1;
        }
        // A plural demonym stands for people ("Palestinians"); an
        // adjective alone modifies what follows ("Israeli strikes").
        for (n, (c, span)) in adjectives.iter().enumerate() {
            let word = span.slice(text);
            let country = &d.actors.countries[*c as usize];
            let plural = word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("ese");
            let followed_by_noun = lw(m.toks.end).starts_with(|c: char| c.is_lowercase())
                && !doc.is(m.toks.end, &d.lexicon.not_nouns);
            let kind = if plural
                || !followed_by_noun
                    && sponsor.is_none()
                    && adjectives.len() == 1
                    && !word.ends_with("ese")
                    && !word.ends_with("ss")
            {
                MentionKind::Entity
            } else {
                MentionKind::Modifier
            };
            let kind = if plural { MentionKind::Entity } else { kind };
            let toks = match doc.token_at(span.start()) {
                Some(t) => t..t + 1,
                None => continue,
            };
            out.push(ActorMention {
                actor: Actor {
                    span: *span,
                    name: country.name.clone(),
                    country: Some(country.iso3),
                    sector: None,
                    code: None,
                    sponsor: None,
                    instrument: false,
                    kind: if sponsor.is_some() {
                        MentionKind::Modifier
                    } else {
                        kind
                    },
                },
                toks,
                in_countries: vec![],
                coordinated: n > 0,
            });
        }
        return j - i;
    }

    // Country or metonym + 's + agent: "Israel's army", "Iran's foreign
    // minister", "Moscow's envoy"; or a country name used as a modifier:
    // "United States troops".
    if let Some(e) = pick(entries, |e| {
        matches!(e, ActorEntry::Country(_) | ActorEntry::Metonym(_))
    }) {
        if let Some((k, es)) = next_actor(i + 1, 0) {
            if let (Some(h @ ActorEntry::Agent(_)), ActorEntry::Country(_)) =
                (pick(&es, is_agent), e)
            {
                if let (Some(c), Some(mut base)) =
                    (entity(d, m.span, e), entity(d, matched[k].span, h))
                {
                    base.country = c.country;
                    base.name = format!("{} {}", c.name, base.name);
                    base.span = m.span.cover(matched[k].span);
                    let toks = m.toks.start..matched[k].toks.end;
                    out.push(ActorMention {
                        actor: base,
                        toks,
                        in_countries: vec![],
                        coordinated: false,
                    });
                    return 2;
                }
            }
        }
        if lw(m.toks.end) == "'s" || lw(m.toks.end) == "\u{2019}s" {
            if let Some(n) = matched.get(i + 1) {
                let gap = n.toks.start.saturating_sub(m.toks.end + 1);
                let words_ok = (m.toks.end + 1..n.toks.start)
                    .all(|k| lw(k).starts_with(|c: char| c.is_lowercase()));
                let es: Vec<ActorEntry> = n.only(actor_entry);
                if gap <= 2 && words_ok {
                    if let Some(h) = pick(&es, is_agent).or_else(|| pick(&es, is_named)) {
                        if let (Some(c), Some(mut base)) =
                            (entity(d, m.span, e), entity(d, n.span, h))
                        {
                            let (used, base_span) =
                                extend_title(d, text, doc, matched, i + 1, h, &mut base);
                            let span = m.span.cover(base_span);
                            if base.country.is_none() {
                                base.country = c.country;
                                if matches!(h, ActorEntry::Agent(_)) {
                                    base.name = format!("{} {}", c.name, base.name);
                                }
                            }
                            base.span = span;
                            let toks = m.toks.start
                                ..doc.token_at(span.end() - 1).map_or(n.toks.end, |t| t + 1);
                            out.push(ActorMention {
                                actor: base,
                                toks,
                                in_countries: vec![],
                                coordinated: false,
                            });
                            return 1 + used;
                        }
                    }
                }
            }
        }
        if let Some(a) = entity(d, m.span, e) {
            out.push(ActorMention {
                actor: a,
                toks: m.toks.clone(),
                in_countries: vec![],
                coordinated: false,
            });
        }
        return 1;
    }

    // Org + agent: "Hamas militants", "UN peacekeepers".
    if let Some(e @ ActorEntry::Org(_)) = pick(entries, |e| matches!(e, ActorEntry::Org(_))) {
        let Some(mut a) = entity(d, m.span, e) else {
            return 1;
        };
        let mut used = 1;
        let mut toks = m.toks.clone();
        if let Some((k, es)) = next_actor(i + 1, 0) {
            if let Some(ActorEntry::Agent(ag)) = pick(&es, is_agent) {
                a.span = a.span.cover(matched[k].span);
                toks.end = matched[k].toks.end;
                if a.sector.is_none() {
                    a.sector = Some(d.actors.agents[ag as usize].sector);
                }
                used = 2;
            }
        }
        out.push(ActorMention {
            actor: a,
            toks,
            in_countries: vec![],
            coordinated: false,
        });
        return used;
    }

    // An agent noun used as a modifier ("a military offensive", "a police
    // compound", "government forces") names no actor of its own.
    if let Some(ActorEntry::Agent(_)) = pick(entries, |e| matches!(e, ActorEntry::Agent(_))) {
        let next = m.toks.end;
        let w = lw(next);
        // "rebel attacks", "police raid": the agent does the deed named
        // next, so it stays an actor.
        let next_is_actor = matched.get(i + 1).is_some_and(|n| {
            n.toks.start == next
                && n.entries
                    .iter()
                    .any(|e| matches!(e, Entry::Actor(_) | Entry::Trigger(_)))
        });
        let lower_noun = w.starts_with(|c: char| c.is_lowercase())
            && !doc.is(next, &d.lexicon.not_nouns)
            && !w.ends_with("ed")
            && !w.ends_with("ing")
            && !w.ends_with("ly")
            && !doc.is_as_written(text, next, &d.lexicon.actor_followers);
        if doc.is(m.toks.start, &d.lexicon.attributive_agents)
            && m.toks.len() == 1
            && lower_noun
            && !next_is_actor
        {
            return 1;
        }
    }
    // Agent or person alone; a title joins a following name.
    if let Some(e) = pick(entries, |e| {
        matches!(e, ActorEntry::Agent(_) | ActorEntry::Person(_))
    }) {
        let Some(mut a) = entity(d, m.span, e) else {
            return 1;
        };
        let (used, span) = extend_title(d, text, doc, matched, i, e, &mut a);
        a.span = span;
        let mut toks = m.toks.start..doc.token_at(span.end() - 1).map_or(m.toks.end, |t| t + 1);
        // "the president of Armenia"
        if a.country.is_none() && lw(toks.end).eq_ignore_ascii_case("of") {
            let mut j = toks.end + 1;
            if lw(j).eq_ignore_ascii_case("the") {
                j += 1;
            }
            if let Some(n) = matched.get(i + used).filter(|n| n.toks.start == j) {
                if let Some(ActorEntry::Country(c)) = n.entries.iter().find_map(|e| match e {
                    Entry::Actor(a @ ActorEntry::Country(_)) => Some(*a),
                    _ => None,
                }) {
                    let country = &d.actors.countries[c as usize];
                    a.country = Some(country.iso3);
                    a.span = a.span.cover(n.span);
                    toks.end = n.toks.end;
                    out.push(ActorMention {
                        actor: a,
                        toks,
                        in_countries: vec![],
                        coordinated: false,
                    });
                    return used + 1;
                }
            }
        }
        out.push(ActorMention {
            actor: a,
            toks,
            in_countries: vec![],
            coordinated: false,
        });
        return used;
    }
    1
}

/// A title ("President", "Defence Minister") followed by a person in the
/// dictionary takes that person; followed by capitalised words not in any
/// dictionary, it takes them as the person's name. Returns the matches used
/// and the span now covered.
fn extend_title(
    d: &Dictionaries,
    text: &str,
    doc: &Doc,
    matched: &[Matched],
    k: usize,
    e: ActorEntry,
    actor: &mut Actor,
) -> (usize, Span) {
    let m = &matched[k];
    let title = match e {
        ActorEntry::Agent(a) => d.actors.agents[a as usize].title,
        _ => false,
    };
    if !title {
        return (1, m.span);
    }
    // A person from the dictionary right after the title.
    if let Some(n) = matched.get(k + 1) {
        if n.toks.start == m.toks.end {
            if let Some(pe @ ActorEntry::Person(_)) = n.entries.iter().find_map(|e| match e {
                Entry::Actor(a @ ActorEntry::Person(_)) => Some(*a),
                _ => None,
            }) {
                if let Some(person) = entity(d, n.span, pe) {
                    let sector = actor.sector.take();
                    let country = actor.country;
                    *actor = person;
                    if actor.sector.is_none() {
                        actor.sector = sector;
                    }
                    if actor.country.is_none() {
                        actor.country = country;
                    }
                    return (2, m.span.cover(n.span));
                }
            }
        }
    }
    // Capitalised words not matched by anything: a name, right after the
    // title or in apposition ("the city's leader, Carrie Lam,").
    let appositive = doc.tok(text, m.toks.end) == ",";
    let first = m.toks.end + usize::from(appositive);
    let mut j = first;
    let next_match_start = matched.get(k + 1).map_or(usize::MAX, |n| n.toks.start);
    while j < next_match_start && j < first + 4 && is_capitalized_name(&d.lexicon, text, doc, j) {
        j += 1;
    }
    let closed = !appositive || (j - first >= 2 && doc.tok(text, j) == ",");
    if j > first && closed {
        let name_span = doc.tokens[first].span.cover(doc.tokens[j - 1].span);
        actor.name = name_span.slice(text).to_string();
        return (1, m.span.cover(name_span));
    }
    (1, m.span)
}
