//! Stage 4, places: each place name of the article resolved to one place
//! of the gazetteer, with the article as context, and the countries the
//! article is about.
//!
//! A name several places share ("Tripoli", "Georgia") is the one in a
//! country the article names through its actors and its unambiguous
//! places, never through the candidates themselves; an actor that is
//! itself a place name ("Tripoli" for Libya's government) is no evidence
//! for which one it is.

use crate::actors::Iso3;
use crate::article::Article;
use crate::dictionaries::{Dictionaries, Entry};
use crate::geo::{Anchors, Precision};
use crate::mentions::{Mentions, PlaceMention};
use crate::span::Span;
use crate::text::Doc;

/// The places of one article.
pub(crate) struct Places {
    /// For each place mention (in the order of [`Mentions::places`]), the
    /// place chosen: an index into the gazetteer.
    pub choice: Vec<u32>,
    /// Countries named in the article, most mentioned first.
    pub countries: Vec<Iso3>,
    /// The dateline's country and place, if the dateline names a known
    /// place.
    pub dateline: Option<(Iso3, u32)>,
    /// The division or country the dateline puts its place in ("Ky."
    /// of "GLASGOW, Ky.").
    pub dateline_region: Option<u32>,
}

/// Resolves the place mentions of `article`.
pub(crate) fn resolve(d: &Dictionaries, article: &Article, doc: &Doc, m: &Mentions) -> Places {
    let named = named_countries(d, m);
    let (dateline, dateline_region) = dateline(d, article, &named);
    let first: Vec<u32> = m
        .places
        .iter()
        .map(|pm| choose(d, doc, pm, &named, &Anchors::default()))
        .collect();
    let mut anchors = anchors(d, m, &first);
    anchors.dateline_region = dateline_region;
    // "LONDON, Ky. — London Police have arrested": the dateline's town,
    // though the name alone reaches only the great city.
    let dateline_name = article
        .dateline
        .as_ref()
        .map(|dl| dl.place.slice(&article.text).to_lowercase());
    let choice = m
        .places
        .iter()
        .enumerate()
        .map(|(k, pm)| match pm.candidates.len() {
            _ if dateline.is_some()
                && dateline_name.as_deref()
                    == Some(pm.span.slice(&article.text).to_lowercase().as_str()) =>
            {
                dateline.map_or(first[k], |(_, p)| p)
            }
            1 => first[k],
            // "GLASGOW, Ky. — … in Glasgow": the dateline's town.
            _ if dateline.is_some_and(|(_, p)| pm.candidates.contains(&p)) => {
                dateline.map_or(first[k], |(_, p)| p)
            }
            _ => match container(d, doc, m, &first, k) {
                Some(within) => choose(d, doc, &within, &named, &anchors),
                None => choose(d, doc, pm, &named, &anchors),
            },
        })
        .collect();
    Places {
        choice,
        countries: countries(d, m),
        dateline,
        dateline_region,
    }
}

/// The countries of the article by their actors' mentions, most
/// mentioned first (ties: first mentioned first), then the countries of
/// its place names' candidates.
fn countries(d: &Dictionaries, m: &Mentions) -> Vec<Iso3> {
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
            if let Some(c) = d.gazetteer.places[cand as usize].country {
                if !counts.iter().any(|(k, _, _)| *k == c) {
                    counts.push((c, 0, usize::MAX));
                }
            }
        }
    }
    counts.sort_by_key(|&(_, n, first)| (std::cmp::Reverse(n), first));
    counts.iter().map(|c| c.0).collect()
}

/// The countries that decide among places of one name: those of the
/// article's actors that are not place names themselves, and those of
/// its place names that have candidates in one country only.
fn named_countries(d: &Dictionaries, m: &Mentions) -> Vec<Iso3> {
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
            .filter_map(|&c| d.gazetteer.places[c as usize].country);
        if let Some(c) = cs.next() {
            if cs.all(|k| k == c) && !named.contains(&c) {
                named.push(c);
            }
        }
    }
    named
}

/// "Paris, Missouri", "Glasgow, Ky.", "Tripoli, Lebanon": mention `k`
/// with only its candidates inside the division or country that follows
/// it after a comma; with that division or country itself when none is
/// (a village the gazetteer lacks is still in its province).
fn container(
    d: &Dictionaries,
    doc: &Doc,
    m: &Mentions,
    first: &[u32],
    k: usize,
) -> Option<PlaceMention> {
    let pm = &m.places[k];
    if doc.low(pm.toks.end) != "," {
        return None;
    }
    let next = m.places[k + 1..]
        .iter()
        .take_while(|n| n.toks.start <= pm.toks.end + 1)
        .position(|n| n.toks.start == pm.toks.end + 1)?;
    let outer = first[k + 1 + next];
    let candidates = within(d, &pm.candidates, outer)?;
    Some(PlaceMention {
        candidates,
        ..pm.clone()
    })
}

/// Those of `candidates` inside division or country `outer`, else
/// `outer` alone; `None` when `outer` is neither.
fn within(d: &Dictionaries, candidates: &[u32], outer: u32) -> Option<Vec<u32>> {
    let g = &d.gazetteer;
    let o = &g.places[outer as usize];
    let inside = |c: &u32| {
        let p = &g.places[*c as usize];
        match o.precision {
            Precision::Country => p.country == o.country,
            Precision::Admin1 => {
                p.country == o.country && o.admin1.is_some() && p.admin1 == o.admin1
            }
            _ => false,
        }
    };
    if !matches!(o.precision, Precision::Country | Precision::Admin1) {
        return None;
    }
    let found: Vec<u32> = candidates.iter().copied().filter(inside).collect();
    Some(if found.is_empty() { vec![outer] } else { found })
}

/// The places of the article that tell namesakes apart: those of names
/// only one place bears, and the divisions chosen (`first`).
fn anchors(d: &Dictionaries, m: &Mentions, first: &[u32]) -> Anchors {
    let places = m
        .places
        .iter()
        .zip(first)
        .filter(|(pm, &c)| {
            pm.candidates.len() == 1
                || matches!(
                    d.gazetteer.places[c as usize].precision,
                    Precision::Admin1 | Precision::Admin2
                )
        })
        .map(|(_, &c)| c)
        .collect();
    Anchors {
        places,
        dateline_region: None,
    }
}

/// The place a mention stands for; "Mali's capital" is Bamako.
fn choose(
    d: &Dictionaries,
    doc: &Doc,
    pm: &PlaceMention,
    named: &[Iso3],
    anchors: &Anchors,
) -> u32 {
    let chosen = d
        .gazetteer
        .choose(&pm.candidates, named, anchors)
        .unwrap_or(pm.candidates[0]);
    let place = &d.gazetteer.places[chosen as usize];
    let capital_of = (place.precision == Precision::Country
        && matches!(doc.low(pm.toks.end), "'s" | "\u{2019}s")
        && doc.low(pm.toks.end + 1) == "capital")
        .then_some(place.country)
        .flatten();
    capital_of.and_then(|c| capital(d, c)).unwrap_or(chosen)
}

/// The dateline's place (a gazetteer name, or a country) and the
/// division or country that follows it ("GLASGOW, Ky."), which holds it.
fn dateline(
    d: &Dictionaries,
    article: &Article,
    named: &[Iso3],
) -> (Option<(Iso3, u32)>, Option<u32>) {
    let Some(dl) = article.dateline.as_ref() else {
        return (None, None);
    };
    let mut cands = places_named(d, dl.place.slice(&article.text));
    let outer = dl.region.and_then(|r| {
        let regions = places_named(d, r.slice(&article.text));
        d.gazetteer.choose(&regions, named, &Anchors::default())
    });
    if let Some(within) = outer.and_then(|o| within(d, &cands, o)) {
        cands = within;
    }
    let place = d
        .gazetteer
        .choose(&cands, named, &Anchors::default())
        .and_then(|c| Some((d.gazetteer.places[c as usize].country?, c)));
    (place, outer)
}

/// The places `name` (the whole of it) may be: gazetteer names and
/// countries.
fn places_named(d: &Dictionaries, name: &str) -> Vec<u32> {
    let mut cands: Vec<u32> = Vec::new();
    d.gazetteer.names.lookup(name, &mut cands);
    let whole = Span::whole(name);
    for pm in d.phrases.find_all(name, whole) {
        if pm.span.len() == name.len() {
            cands.extend(d.phrases.payloads(name, &pm).filter_map(|e| match e {
                Entry::Place(i) => Some(*i),
                _ => None,
            }));
        }
    }
    cands
}

/// The gazetteer's place for the capital of country `c`.
fn capital(d: &Dictionaries, c: Iso3) -> Option<u32> {
    let name = d.actors.country(c)?.capital.as_deref()?;
    let mut cands = Vec::new();
    d.gazetteer.names.lookup(name, &mut cands);
    cands.retain(|&i| d.gazetteer.places[i as usize].country == Some(c));
    d.gazetteer.choose(&cands, &[c], &Anchors::default())
}
