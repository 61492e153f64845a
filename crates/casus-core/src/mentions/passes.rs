//! What the actor mentions of an article learn from one another and
//! from the words around them once all are found: ethnic groups,
//! adjectives joined to the noun after them, surnames of people named in
//! full before, coordination, the countries an actor is in, and the
//! country of the actor an agent belongs to.

use super::{ActorMention, Mentions};
use crate::actors::MentionKind;
use crate::text::{Doc, TokenKind};

/// "ethnic Albanians in south Serbia": an ethnic group is of the country
/// it lives in, not the one its name comes from; "Bosnian Serbs" are
/// Bosnian. `lw` gives a token's text.
pub(super) fn ethnic_groups_and_modifiers<'t>(
    text: &str,
    lw: impl Fn(usize) -> &'t str,
    actors: &mut Vec<ActorMention>,
) {
    let mut k = 0;
    while k < actors.len() {
        let start = actors[k].toks.start;
        if start > 0
            && lw(start - 1).eq_ignore_ascii_case("ethnic")
            && actors[k].actor.sector.is_none()
        {
            let a = &mut actors[k].actor;
            a.name = format!("ethnic {}", a.span.slice(text));
            a.country = None;
            a.sector = Some("CVL");
            a.kind = MentionKind::Entity;
        }
        if k > 0 {
            let (prev, cur) = (&actors[k - 1], &actors[k]);
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
                actors[k - 1] = merged;
                actors.remove(k);
                continue;
            }
        }
        k += 1;
    }
}

/// Most words of a name the dictionaries lack.
const NAME_WORDS: usize = 4;

/// "Jeff Rathke, the State Department's spokesman,", "Zalmay Khalilzad, a
/// US peace envoy,": a name the dictionaries lack, right before a comma
/// and an actor that describes it, is that actor (its country and
/// sector), named as written; later its surname alone names it too.
pub(super) fn named_before_title(
    lex: &crate::lexicon::Lexicon,
    text: &str,
    doc: &Doc,
    out: &mut Mentions,
) {
    let mut found = Vec::new();
    let covered = covered(doc, out);
    for a in out.actors.iter() {
        let known = a.actor.kind == MentionKind::Entity
            && (a.actor.country.is_some() || a.actor.sector.is_some());
        let mut k = a.toks.start;
        if k > 0 && matches!(doc.low(k - 1), "the" | "a" | "an") {
            k -= 1;
        }
        if !known || k < 3 || doc.tok(text, k - 1) != "," {
            continue;
        }
        let end = k - 1;
        let mut start = end;
        while start > end.saturating_sub(NAME_WORDS)
            && !covered[start - 1]
            && super::actors::is_capitalized_name(lex, text, doc, start - 1)
            && lex.months.value(doc.tok(text, start - 1)).is_none()
            && lex.weekdays.value(doc.tok(text, start - 1)).is_none()
        {
            start -= 1;
        }
        // The whole name: two words at least, nothing capitalised before.
        let whole = start == 0 || !doc.tok(text, start - 1).starts_with(char::is_uppercase);
        if end - start < 2 || !whole {
            continue;
        }
        let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
        let mut named = a.named_at(start..end, span);
        named.actor.name = span.slice(text).to_string();
        found.push(named);
    }
    add_in_order(&mut out.actors, found);
}

impl ActorMention {
    /// The same actor named again over `toks`, alone.
    fn named_at(&self, toks: std::ops::Range<usize>, span: crate::span::Span) -> ActorMention {
        let mut a = self.clone();
        a.actor.span = span;
        a.toks = toks;
        a.in_places.clear();
        a.coordinated = false;
        a
    }
}

/// For each token (and one past the last), whether an actor or a place
/// mention covers it.
fn covered(doc: &Doc, out: &Mentions) -> Vec<bool> {
    let mut covered = vec![false; doc.tokens.len() + 1];
    let actors = out.actors.iter().map(|a| &a.toks);
    for toks in actors.chain(out.places.iter().map(|p| &p.toks)) {
        if let Some(c) = covered.get_mut(toks.clone()) {
            c.fill(true);
        }
    }
    covered
}

/// Adds mentions found by a pass, keeping the list in text order.
fn add_in_order(actors: &mut Vec<ActorMention>, found: Vec<ActorMention>) {
    if !found.is_empty() {
        actors.extend(found);
        actors.sort_by_key(|a| a.toks.start);
    }
}

/// A person first named in full is later named by surname ("President
/// Mohamed Bazoum" ... "Bazoum's release").
pub(super) fn surnames(text: &str, doc: &Doc, out: &mut Mentions) {
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
        let covered = covered(doc, out);
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
                later.push(out.actors[i].named_at(t..t + 1, tok.span));
            }
        }
    }
    add_in_order(&mut out.actors, later);
}

/// "X and Y", "X, Y and Z": mark coordination. "Kofi Annan, UN
/// secretary-general,": a title set off by commas after a name is the
/// same actor, not a second.
pub(super) fn coordination<'t>(lw: impl Fn(usize) -> &'t str, actors: &mut [ActorMention]) {
    let capital = |i: usize| lw(i).starts_with(char::is_uppercase);
    for k in 1..actors.len() {
        let (a, b) = (&actors[k - 1], &actors[k]);
        let gap = b.toks.start.saturating_sub(a.toks.end);
        let w = lw(a.toks.end);
        let conjunction = w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or");
        // The title ends in a lower-case word and a comma, a few words on.
        let mut j = b.toks.end;
        while j < b.toks.end + 3 && lw(j).starts_with(char::is_lowercase) {
            j += 1;
        }
        let det = |i: usize| matches!(lw(i).to_ascii_lowercase().as_str(), "the" | "a" | "an");
        let title = w == "," && lw(j) == "," && capital(a.toks.end - 1) && !capital(j - 1)
            || w == "," && (det(b.toks.start) || det(b.toks.start - 1)) && described(a, b);
        let the_after = |m: &ActorMention| lw(m.toks.end + 1).eq_ignore_ascii_case("the");
        // "X, the Y and Z": a list when "and" joins the next one on.
        let listed = w == ","
            && actors.get(k + 1).is_some_and(|c| {
                let and = lw(b.toks.end);
                let cgap = c.toks.start.saturating_sub(b.toks.end);
                (and.eq_ignore_ascii_case("and") || and.eq_ignore_ascii_case("or"))
                    && (cgap == 1 || cgap == 2 && the_after(b))
            });
        // "X and Y", "X, Y", "X and the Y"; not "X, the Y" (an apposition
        // or a new clause) unless a list goes on.
        let joined = a.toks.end < b.toks.start
            && !title
            && (gap == 1 && (conjunction || w == ",")
                || gap == 2 && (conjunction || listed) && the_after(a));
        if joined {
            actors[k].coordinated = true;
        }
    }
}

/// "Jeff Rathke, the State Department spokesman": a name and, after its
/// comma, the description it was given its country and sector by.
fn described(a: &ActorMention, b: &ActorMention) -> bool {
    a.actor.kind == MentionKind::Entity
        && a.actor.code == b.actor.code
        && a.actor.country == b.actor.country
        && a.actor.sector == b.actor.sector
        && a.toks.end < b.toks.start
}

/// "in X (and Y)" right after an actor: the place mentions it is in,
/// whose countries are known once the places are resolved.
pub(super) fn places_in<'t>(lw: impl Fn(usize) -> &'t str, out: &mut Mentions) {
    let place_starting = |j: usize| {
        let k = out.places.partition_point(|pm| pm.toks.start < j);
        out.places
            .get(k)
            .filter(|pm| pm.toks.start == j)
            .map(|pm| (k, pm))
    };
    let mut found: Vec<(usize, Vec<usize>)> = Vec::new();
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
        let mut places = Vec::new();
        loop {
            if lw(j).eq_ignore_ascii_case("the") {
                j += 1;
            }
            let Some((k, pm)) = place_starting(j) else {
                break;
            };
            places.push(k);
            j = pm.toks.end;
            if lw(j) == "," || lw(j).eq_ignore_ascii_case("and") {
                j += 1;
            } else {
                break;
            }
        }
        if !places.is_empty() {
            found.push((ai, places));
        }
    }
    for (ai, places) in found {
        out.actors[ai].in_places = places;
    }
}

/// "doctors from two American aid groups", "officials of the ministry":
/// an agent takes the country of the actor it belongs to.
pub(super) fn owners<'t>(lw: impl Fn(usize) -> &'t str, actors: &mut [ActorMention]) {
    for ai in 0..actors.len() {
        let a = &actors[ai];
        if a.actor.country.is_some()
            || a.actor.kind != MentionKind::Entity
            || !a.in_places.is_empty()
        {
            continue;
        }
        let j = a.toks.end;
        if !(lw(j).eq_ignore_ascii_case("from") || lw(j).eq_ignore_ascii_case("of")) {
            continue;
        }
        let owner = actors[ai + 1..]
            .iter()
            .take_while(|b| b.toks.start <= j + 3)
            .find(|b| {
                b.toks.start > j
                    && b.actor.country.is_some()
                    && b.actor.kind != MentionKind::Country
            })
            .and_then(|b| b.actor.country);
        if let Some(c) = owner {
            actors[ai].actor.country = Some(c);
        }
    }
}
