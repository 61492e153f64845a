//! Actor mentions from dictionary matches: a country, person,
//! organisation or agent alone, or joined with the matches after it
//! ("Iranian-backed militants", "Hungarian and Romanian officials",
//! "Israel's army", "Hamas militants", "Defence Minister Pierre Joxe",
//! "the president of Armenia").

use super::{actor_entry, ActorMention, Matched};
use crate::actors::{Actor, ActorEntry, Iso3, MentionKind, Sector};
use crate::dictionaries::{Dictionaries, Entry};
use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use crate::time::Date;
use std::ops::Range;

impl ActorMention {
    /// A mention of `actor` over tokens `toks`, coordinated with the one
    /// before or not.
    fn new(actor: Actor, toks: Range<usize>, coordinated: bool) -> ActorMention {
        ActorMention {
            actor,
            toks,
            in_places: vec![],
            coordinated,
        }
    }
}

/// The matches of an article and the one an actor mention starts at.
struct Builder<'a> {
    d: &'a Dictionaries,
    /// The article's date, at which a dated role is read.
    date: Option<Date>,
    text: &'a str,
    doc: &'a Doc,
    matched: &'a [Matched<'a>],
    i: usize,
}

fn is_agent(e: &ActorEntry) -> bool {
    matches!(e, ActorEntry::Agent(_))
}

fn is_named(e: &ActorEntry) -> bool {
    matches!(e, ActorEntry::Person(_) | ActorEntry::Org(_))
}

/// Builds the actor mention(s) starting at `matched[i]`, whose actor
/// entries are `entries` (the likeliest first); returns how many matches
/// it used.
pub(super) fn build<'a>(
    d: &'a Dictionaries,
    (text, doc, date): (&'a str, &'a Doc, Option<Date>),
    matched: &'a [Matched<'a>],
    i: usize,
    entries: &[ActorEntry],
    out: &mut Vec<ActorMention>,
) -> usize {
    let b = Builder {
        d,
        date,
        text,
        doc,
        matched,
        i,
    };
    if let Some(ActorEntry::Adjective(c)) = pick(entries, |e| matches!(e, ActorEntry::Adjective(_)))
    {
        return b.adjectives(c, entries, out);
    }
    if let Some(e) = pick(entries, |e| {
        matches!(e, ActorEntry::Country(_) | ActorEntry::Metonym(_))
    }) {
        return b.country(e, out);
    }
    if let Some(e @ ActorEntry::Org(_)) = pick(entries, |e| matches!(e, ActorEntry::Org(_))) {
        return b.org(e, out);
    }
    if pick(entries, is_agent).is_some() && b.attributive() {
        return 1;
    }
    if let Some(e) = pick(entries, |e| {
        matches!(e, ActorEntry::Agent(_) | ActorEntry::Person(_))
    }) {
        return b.agent_or_person(e, out);
    }
    1
}

impl<'a> Builder<'a> {
    /// The match the mention starts at.
    fn m(&self) -> &'a Matched<'a> {
        &self.matched[self.i]
    }

    /// The text of token `k`.
    fn lw(&self, k: usize) -> &'a str {
        self.doc.tok(self.text, k)
    }

    /// The match at `from` and its actor entries, if it follows the one
    /// before with at most `max_gap` lower-case words between ("Iraqi
    /// security forces").
    fn next_actor(&self, from: usize, max_gap: usize) -> Option<(usize, Vec<ActorEntry>)> {
        let n = self.matched.get(from)?;
        let prev_end = self.matched[from - 1].toks.end;
        if n.toks.start < prev_end || n.toks.start - prev_end > max_gap {
            return None;
        }
        if (prev_end..n.toks.start)
            .any(|k| !self.lw(k).starts_with(|c: char| c.is_lowercase()) || self.lw(k) == "and")
        {
            return None;
        }
        let es: Vec<ActorEntry> = n.only(actor_entry);
        (!es.is_empty()).then_some((from, es))
    }

    /// Country adjective(s) + agent/person/org: "Iranian-backed
    /// militants", "Hungarian and Romanian officials", "Israeli Prime
    /// Minister X"; else a country named by an adjective-like name
    /// ("U.S."), else the adjectives alone.
    fn adjectives(&self, c0: u16, entries: &[ActorEntry], out: &mut Vec<ActorMention>) -> usize {
        let (adjectives, j, sponsor) = self.adjective_run(c0);
        if let Some(used) = self.adjective_head(&adjectives, j, sponsor, out) {
            return used;
        }
        // A name that is also an adjective ("U.S.", "US"): the country.
        if let Some(e @ ActorEntry::Country(_)) =
            pick(entries, |e| matches!(e, ActorEntry::Country(_)))
        {
            if let Some(a) = entity(self.d, self.date, self.m().span, e) {
                out.push(ActorMention::new(a, self.m().toks.clone(), false));
            }
            return 1;
        }
        self.adjectives_alone(&adjectives, sponsor, out);
        j - self.i
    }

    /// The adjectives starting with `c0` ("Hungarian and Romanian"), the
    /// match after them, and the sponsor they name ("Iranian-backed").
    fn adjective_run(&self, c0: u16) -> (Vec<(u16, Span)>, usize, Option<Iso3>) {
        let m = self.m();
        let mut adjectives = vec![(c0, m.span)];
        let mut j = self.i + 1;
        let after = self.text.get(m.span.end()..).unwrap_or("");
        // "Iranian-backed": the lexicon's sponsor_suffixes after a hyphen.
        let backed = after.strip_prefix('-').is_some_and(|after| {
            self.d.lexicon.sponsor_suffixes.iter().any(|s| {
                after
                    .get(..s.len())
                    .is_some_and(|a| a.eq_ignore_ascii_case(s))
            })
        });
        let sponsor = backed.then(|| self.d.actors.countries[c0 as usize].iso3);
        // "Hungarian and Romanian officials"
        while let Some(n) = self.matched.get(j) {
            let before = self.lw(self.matched[j - 1].toks.end);
            let gap_ok = n.toks.start == self.matched[j - 1].toks.end + 1
                && (before.eq_ignore_ascii_case("and") || before == ",");
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
        (adjectives, j, sponsor)
    }

    /// The adjectives with the agent, person or organisation after them
    /// (the match at `j`): one mention per adjective's country for an
    /// agent ("Hungarian and Romanian officials"); returns the matches
    /// used, or none when no such head follows.
    fn adjective_head(
        &self,
        adjectives: &[(u16, Span)],
        j: usize,
        sponsor: Option<Iso3>,
        out: &mut Vec<ActorMention>,
    ) -> Option<usize> {
        let (k, es) = self.next_actor(j, 3)?;
        let e = pick(&es, is_agent).or_else(|| pick(&es, is_named))?;
        let (k, e) = self.last_agent(k, e);
        let m = self.m();
        let head = &self.matched[k];
        let span = m.span.cover(head.span);
        let Some(mut base) = entity(self.d, self.date, span, e) else {
            return Some(1);
        };
        let (used, base_span) = self.extend_title(k, e, &mut base);
        let span = span.cover(base_span);
        base.span = span;
        let toks = m.toks.start
            ..self
                .doc
                .token_at(span.end() - 1)
                .map_or(head.toks.end, |t| t + 1);
        if sponsor.is_some() {
            base.sponsor = sponsor;
            out.push(ActorMention::new(base, toks, false));
        } else if is_agent(&e) || base.country.is_none() {
            for (n, (c, _)) in adjectives.iter().enumerate() {
                let mut a = base.clone();
                let country = &self.d.actors.countries[*c as usize];
                a.country = Some(country.iso3);
                if is_agent(&e) && !base.name.starts_with(char::is_uppercase) {
                    a.name = format!("{} {}", country.name, base.name);
                }
                out.push(ActorMention::new(a, toks.clone(), n > 0));
            }
        } else {
            out.push(ActorMention::new(base, toks, false));
        }
        Some(k + used - self.i)
    }

    /// "U.S. military aircraft", "Iraqi security forces": the last noun of
    /// a run of agents from match `k` is the head.
    fn last_agent(&self, mut k: usize, mut e: ActorEntry) -> (usize, ActorEntry) {
        while let Some(n) = self
            .matched
            .get(k + 1)
            .filter(|n| n.toks.start == self.matched[k].toks.end)
        {
            match n.entries.iter().find_map(|x| match x {
                Entry::Actor(a @ ActorEntry::Agent(_)) => Some(*a),
                _ => None,
            }) {
                Some(a) if is_agent(&e) => {
                    k += 1;
                    e = a;
                }
                _ => break,
            }
        }
        (k, e)
    }

    /// A plural demonym stands for people ("Palestinians"); an adjective
    /// alone modifies what follows ("Israeli strikes").
    fn adjectives_alone(
        &self,
        adjectives: &[(u16, Span)],
        sponsor: Option<Iso3>,
        out: &mut Vec<ActorMention>,
    ) {
        let m = self.m();
        for (n, (c, span)) in adjectives.iter().enumerate() {
            let word = span.slice(self.text);
            let country = &self.d.actors.countries[*c as usize];
            let plural = word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("ese");
            let followed_by_noun = self.lw(m.toks.end).starts_with(|c: char| c.is_lowercase())
                && !self.doc.is(m.toks.end, &self.d.lexicon.not_nouns);
            let alone = !followed_by_noun
                && sponsor.is_none()
                && adjectives.len() == 1
                && !word.ends_with("ese")
                && !word.ends_with("ss");
            let kind = if (plural || alone) && sponsor.is_none() {
                MentionKind::Entity
            } else {
                MentionKind::Modifier
            };
            let Some(t) = self.doc.token_at(span.start()) else {
                continue;
            };
            let actor = Actor {
                span: *span,
                name: country.name.clone(),
                country: Some(country.iso3),
                sector: None,
                code: None,
                sponsor: None,
                instrument: false,
                kind,
            };
            out.push(ActorMention::new(actor, t..t + 1, n > 0));
        }
    }

    /// Country or metonym + agent: "United States troops", "Israel's
    /// army", "Iran's foreign minister", "Moscow's envoy"; else the
    /// country or seat alone.
    fn country(&self, e: ActorEntry, out: &mut Vec<ActorMention>) -> usize {
        let m = self.m();
        if let Some(used) = self.country_agent(e, out) {
            return used;
        }
        let possessive = self.lw(m.toks.end) == "'s" || self.lw(m.toks.end) == "\u{2019}s";
        if let Some(used) = possessive.then(|| self.possessed(e, out)).flatten() {
            return used;
        }
        if let Some(a) = entity(self.d, self.date, m.span, e) {
            out.push(ActorMention::new(a, m.toks.clone(), false));
        }
        1
    }

    /// A country's name or seat used as a modifier of the agent right
    /// after it: "United States troops", "State Department spokesman".
    fn country_agent(&self, e: ActorEntry, out: &mut Vec<ActorMention>) -> Option<usize> {
        let m = self.m();
        let (k, es) = self.next_actor(self.i + 1, 0)?;
        let (Some(h @ ActorEntry::Agent(_)), ActorEntry::Country(_) | ActorEntry::Metonym(_)) =
            (pick(&es, is_agent), e)
        else {
            return None;
        };
        let (c, mut base) = (
            entity(self.d, self.date, m.span, e)?,
            entity(self.d, self.date, self.matched[k].span, h)?,
        );
        base.country = c.country;
        base.name = format!("{} {}", c.name, base.name);
        base.span = m.span.cover(self.matched[k].span);
        let toks = m.toks.start..self.matched[k].toks.end;
        out.push(ActorMention::new(base, toks, false));
        Some(2)
    }

    /// "Israel's army", "Iran's foreign minister": the agent, person or
    /// organisation after the possessive, with at most two lower-case
    /// words between.
    fn possessed(&self, e: ActorEntry, out: &mut Vec<ActorMention>) -> Option<usize> {
        let m = self.m();
        let n = self.matched.get(self.i + 1)?;
        let gap = n.toks.start.saturating_sub(m.toks.end + 1);
        let words_ok = (m.toks.end + 1..n.toks.start)
            .all(|k| self.lw(k).starts_with(|c: char| c.is_lowercase()));
        if gap > 2 || !words_ok {
            return None;
        }
        let es: Vec<ActorEntry> = n.only(actor_entry);
        let h = pick(&es, is_agent).or_else(|| pick(&es, is_named))?;
        let (c, mut base) = (
            entity(self.d, self.date, m.span, e)?,
            entity(self.d, self.date, n.span, h)?,
        );
        let (used, base_span) = self.extend_title(self.i + 1, h, &mut base);
        let span = m.span.cover(base_span);
        if base.country.is_none() {
            base.country = c.country;
            if is_agent(&h) {
                base.name = format!("{} {}", c.name, base.name);
            }
        }
        base.span = span;
        let toks = m.toks.start
            ..self
                .doc
                .token_at(span.end() - 1)
                .map_or(n.toks.end, |t| t + 1);
        out.push(ActorMention::new(base, toks, false));
        Some(1 + used)
    }

    /// Org + agent: "Hamas militants", "UN peacekeepers".
    fn org(&self, e: ActorEntry, out: &mut Vec<ActorMention>) -> usize {
        let m = self.m();
        let Some(mut a) = entity(self.d, self.date, m.span, e) else {
            return 1;
        };
        let mut used = 1;
        let mut toks = m.toks.clone();
        if let Some((k, es)) = self.next_actor(self.i + 1, 0) {
            if let Some(ActorEntry::Agent(ag)) = pick(&es, is_agent) {
                a.span = a.span.cover(self.matched[k].span);
                toks.end = self.matched[k].toks.end;
                if a.sector.is_none() {
                    a.sector = Some(self.d.actors.agents[ag as usize].sector);
                }
                used = 2;
            }
        }
        out.push(ActorMention::new(a, toks, false));
        used
    }

    /// An agent noun used as a modifier ("a military offensive", "a
    /// police compound", "government forces") names no actor of its own;
    /// "rebel attacks", "police raid": an agent before the deed or actor
    /// named next stays an actor.
    fn attributive(&self) -> bool {
        let (m, doc, lex) = (self.m(), self.doc, &self.d.lexicon);
        let next = m.toks.end;
        let w = self.lw(next);
        let next_is_actor = self.matched.get(self.i + 1).is_some_and(|n| {
            n.toks.start == next
                && n.entries
                    .iter()
                    .any(|e| matches!(e, Entry::Actor(_) | Entry::Trigger(_)))
        });
        let lower_noun = w.starts_with(|c: char| c.is_lowercase())
            && !doc.is(next, &lex.not_nouns)
            && !w.ends_with("ed")
            && !w.ends_with("ing")
            && !w.ends_with("ly")
            && !doc.is_as_written(self.text, next, &lex.actor_followers)
            // "opposition groups", "party members": people of the agent.
            && !doc.is(next, &lex.group_nouns);
        doc.is(m.toks.start, &lex.attributive_agents)
            && m.toks.len() == 1
            && lower_noun
            && !next_is_actor
    }

    /// An agent or person alone; a title joins a following name; "the
    /// president of Armenia" takes the country.
    fn agent_or_person(&self, e: ActorEntry, out: &mut Vec<ActorMention>) -> usize {
        let m = self.m();
        let Some(mut a) = entity(self.d, self.date, m.span, e) else {
            return 1;
        };
        let (used, span) = self.extend_title(self.i, e, &mut a);
        a.span = span;
        let mut toks = m.toks.start
            ..self
                .doc
                .token_at(span.end() - 1)
                .map_or(m.toks.end, |t| t + 1);
        if a.country.is_none() && self.lw(toks.end).eq_ignore_ascii_case("of") {
            let mut j = toks.end + 1;
            if self.lw(j).eq_ignore_ascii_case("the") {
                j += 1;
            }
            let of = self
                .matched
                .get(self.i + used)
                .filter(|n| n.toks.start == j);
            if let Some(n) = of {
                if let Some(ActorEntry::Country(c)) = n.entries.iter().find_map(|e| match e {
                    Entry::Actor(a @ ActorEntry::Country(_)) => Some(*a),
                    _ => None,
                }) {
                    let country = &self.d.actors.countries[c as usize];
                    a.country = Some(country.iso3);
                    a.span = a.span.cover(n.span);
                    toks.end = n.toks.end;
                    out.push(ActorMention::new(a, toks, false));
                    return used + 1;
                }
            }
        }
        out.push(ActorMention::new(a, toks, false));
        used
    }

    /// A title ("President", "Defence Minister") followed by a person in the
    /// dictionary takes that person; followed by capitalised words not in any
    /// dictionary, it takes them as the person's name. Returns the matches used
    /// and the span now covered.
    fn extend_title(&self, k: usize, e: ActorEntry, actor: &mut Actor) -> (usize, Span) {
        let (d, text, doc, matched) = (self.d, self.text, self.doc, self.matched);
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
                    if let Some(person) = entity(d, self.date, n.span, pe) {
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
        while j < next_match_start && j < first + 4 && is_capitalized_name(&d.lexicon, text, doc, j)
        {
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
}

/// A capitalised word that may continue a personal name.
pub(super) fn is_capitalized_name(lex: &Lexicon, text: &str, doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| {
        t.kind == TokenKind::Word && {
            let w = t.span.slice(text);
            w.starts_with(|c: char| c.is_uppercase()) && w.len() > 1 && !lex.not_names.contains(w)
        }
    })
}

/// The actor a dictionary entry names, over `span`.
fn entity(d: &Dictionaries, date: Option<Date>, span: Span, e: ActorEntry) -> Option<Actor> {
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
        ActorEntry::Person(i) | ActorEntry::Org(i) => {
            let table = if matches!(e, ActorEntry::Person(_)) {
                &b.people
            } else {
                &b.orgs
            };
            let n = &table[i as usize];
            let (country, sector, code) = n.at(date);
            mk(&n.name, country, sector, code, MentionKind::Entity)
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

/// The country an entry names, if it names one.
pub(super) fn entry_country(d: &Dictionaries, e: &ActorEntry) -> Option<Iso3> {
    match e {
        ActorEntry::Country(c) | ActorEntry::Adjective(c) | ActorEntry::Metonym(c) => {
            Some(d.actors.countries[*c as usize].iso3)
        }
        _ => None,
    }
}

/// The first entry that `f` accepts.
fn pick(entries: &[ActorEntry], f: fn(&ActorEntry) -> bool) -> Option<ActorEntry> {
    entries.iter().copied().find(f)
}
