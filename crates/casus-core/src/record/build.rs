//! From candidates to records: one record per event type, dyad, location
//! country and day; actors and places filled from context where the
//! sentence leaves them open; codes from the ontology.

use crate::actors::{Iso3, MentionKind};
use crate::article::Article;
use crate::candidates::Candidate;
use crate::context::Context;
use crate::discourse::{root, Event};
use crate::geo::Place;
use crate::ontology::EventType;
use crate::record::{
    AcledRecord, ActorRecord, Attribution, Evidence, LocationRecord, PlaceRecord, Record,
};
use crate::span::Span;

/// Types whose target, when the text names none, is the place they
/// happened in.
const IMPLIED_TARGET: &[EventType] = &[
    EventType::Assault,
    EventType::Coerce,
    EventType::Mobilize,
    EventType::Concede,
    EventType::Aid,
];

/// An actor the text implies but does not name: a country's government,
/// its people, or the country itself. Its words are empty and its offsets
/// point at the trigger.
fn implied_actor(
    ctx: &Context,
    country: Iso3,
    sector: &'static str,
    noun: &str,
    at: Span,
) -> ActorRecord {
    let cname = ctx
        .dict
        .actors
        .country(country)
        .map_or(country.as_str(), |c| c.name.as_str());
    ActorRecord {
        text: String::new(),
        name: if noun.is_empty() {
            cname.to_string()
        } else {
            format!("{cname} {noun}")
        },
        country: Some(country),
        sector: (!sector.is_empty()).then_some(sector),
        code: Some(format!("{country}{sector}")),
        sponsor: None,
        country_from: None,
        start: at.start(),
        end: at.start(),
    }
}

/// A record under construction, with what merging needs to know.
struct Draft {
    cand: usize,
    record: Record,
    date_stated: bool,
    /// Candidates whose records this one took in (a link to one of
    /// them that has no record of its own lands here).
    absorbed: Vec<usize>,
}

/// Builds the records of an article from its resolved candidates.
pub(crate) fn records(ctx: &Context, evs: &[Event]) -> Vec<Record> {
    let mut drafts: Vec<Draft> = Vec::new();
    for (ci, c) in evs.iter().enumerate() {
        if c.merged_into.is_some() || c.dropped {
            continue;
        }
        for d in expand(ctx, ci, c) {
            // One record per type, dyad, place and day: the first draft of
            // the same key whose day agrees (or is not stated) takes it in.
            let dup = drafts.iter().position(|e| {
                same_key(&e.record, &d.record)
                    && (e.record.date == d.record.date || !e.date_stated || !d.date_stated)
            });
            match dup {
                Some(e) => {
                    let e = &mut drafts[e];
                    if d.cand != e.cand && !e.absorbed.contains(&d.cand) {
                        e.absorbed.push(d.cand);
                    }
                    if !e.date_stated && d.date_stated {
                        e.record.date = d.record.date;
                        e.record.date_evidence = d.record.date_evidence.clone();
                        e.date_stated = true;
                    }
                    e.record.fatalities = e.record.fatalities.max(d.record.fatalities);
                    e.record.injuries = e.record.injuries.max(d.record.injuries);
                }
                None => drafts.push(d),
            }
        }
    }
    drafts.sort_by_key(|d| (d.record.evidence.start, d.record.trigger.start));
    // Ids, then links by candidate.
    let id_of = |i: usize| format!("{}#{}", ctx.article.id, i + 1);
    let mut links: Vec<Vec<usize>> = drafts
        .iter()
        .map(|d| {
            evs[d.cand]
                .responds_to
                .iter()
                .flat_map(|&y| {
                    let root = root(evs, y);
                    let own: Vec<usize> = (0..drafts.len())
                        .filter(|&k| drafts[k].cand == root)
                        .collect();
                    if own.is_empty() {
                        (0..drafts.len())
                            .filter(|&k| drafts[k].absorbed.contains(&root))
                            .collect()
                    } else {
                        own
                    }
                })
                .filter(|&k| drafts[k].cand != d.cand)
                .collect()
        })
        .collect();
    reactions(&drafts, evs, &mut links);
    let links: Vec<Vec<String>> = links
        .into_iter()
        .map(|l| l.into_iter().map(id_of).collect())
        .collect();
    let mut out: Vec<Record> = Vec::with_capacity(drafts.len());
    for (i, (d, responds_to)) in drafts.into_iter().zip(links).enumerate() {
        let mut r = d.record;
        r.id = id_of(i);
        r.responds_to = responds_to;
        out.push(r);
    }
    out
}

/// How many sentences back a reaction may answer a deed.
const REACTION_WINDOW: usize = 8;

/// The kinds of earlier event that an event of type `t` reacts to, when
/// it is aimed at their doer, the likeliest first.
fn reacts_to(t: EventType) -> &'static [EventType] {
    match t {
        // Condemning, threatening or punishing the doer of a deed.
        EventType::Accuse | EventType::Threaten | EventType::Sanction => &[
            EventType::Assault,
            EventType::Coerce,
            EventType::Sanction,
            EventType::Mobilize,
            EventType::Threaten,
        ],
        // Demands: to free the detained, to stop the fighting.
        EventType::Request => &[EventType::Coerce, EventType::Assault, EventType::Mobilize],
        // Rebutting what was said or done against the rejecter.
        EventType::Reject => &[
            EventType::Accuse,
            EventType::Request,
            EventType::Threaten,
            EventType::Sanction,
        ],
        // Cracking down on protesters or rioters.
        EventType::Coerce => &[EventType::Protest, EventType::Assault],
        // Thanking a giver.
        EventType::Support => &[EventType::Aid],
        _ => &[],
    }
}

/// "The United States condemned the invasion", "Pakistan vowed to
/// respond", "the UN called on the army to free them", "riot police
/// detained dozens": a record aimed at the doer of an earlier deed in
/// the story answers the latest such deed, when nothing else links it.
/// Records, not candidates, because an agent's country ("the army",
/// "protesters") is known only once the story's places are. Only a
/// crackdown answers a deed of its own country's people.
fn reactions(drafts: &[Draft], evs: &[Event], links: &mut [Vec<usize>]) {
    let country = |a: Option<&ActorRecord>| a.and_then(|a| a.country);
    fn name(a: Option<&ActorRecord>) -> Option<&str> {
        a.map(|a| a.name.as_str())
    }
    for k in 0..drafts.len() {
        let r = &drafts[k].record;
        if !links[k].is_empty() {
            continue;
        }
        let kinds = reacts_to(r.event_type);
        let aimed_at = country(r.target.as_ref());
        let me = country(r.source.as_ref());
        if aimed_at.is_none() && me.is_none() {
            continue;
        }
        let domestic = r.event_type == EventType::Coerce;
        // The side that suffered a deed whose doer the story does not
        // give may answer it: "Israel blamed Hezbollah for the rocket
        // strike", "Russia vowed to respond to the sanctions" (of a
        // union of no one country).
        let victim_answers = matches!(
            r.event_type,
            EventType::Accuse | EventType::Threaten | EventType::Reject
        );
        let sent = evs[drafts[k].cand].cand.sent;
        let fits = |i: usize, kind: &EventType| {
            let e = &drafts[i].record;
            let doer = country(e.source.as_ref());
            let victim = country(e.target.as_ref());
            let aimed = match aimed_at {
                Some(a) => doer == Some(a) && (domestic || me != doer),
                None => false,
            };
            let answered = victim_answers && me.is_some() && victim == me && doer.is_none();
            drafts[i].cand != drafts[k].cand
                && e.event_type == *kind
                && (aimed || answered)
                && name(e.source.as_ref()) != name(r.source.as_ref())
        };
        let window = || {
            (0..k)
                .rev()
                .take_while(|&i| evs[drafts[i].cand].cand.sent + REACTION_WINDOW >= sent)
        };
        let deed = kinds
            .iter()
            .find_map(|kind| window().find(|&i| fits(i, kind)));
        if let Some(i) = deed {
            links[k].push(i);
        }
    }
}

/// True if two records have the same type, dyad and place country: an
/// actor is known by its country, else by its name.
fn same_key(a: &Record, b: &Record) -> bool {
    fn same_actor(a: Option<&ActorRecord>, b: Option<&ActorRecord>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => match (a.country, b.country) {
                (Some(x), Some(y)) => x == y,
                (None, None) => a.name == b.name,
                _ => false,
            },
            _ => false,
        }
    }
    a.event_type == b.event_type
        && same_actor(a.source.as_ref(), b.source.as_ref())
        && same_actor(a.target.as_ref(), b.target.as_ref())
        && a.location.as_ref().and_then(|l| l.country)
            == b.location.as_ref().and_then(|l| l.country)
}

fn evidence(text: &str, span: Span) -> Evidence {
    Evidence {
        text: span.slice(text).to_string(),
        start: span.start(),
        end: span.end(),
    }
}

/// The records of one candidate: split per source (unless a joint
/// statement), per target country and per place country.
fn expand(ctx: &Context, ci: usize, e: &Event) -> Vec<Draft> {
    let c = &e.cand;
    let text = ctx.text;
    let symmetric = matches!(
        c.code.event_type,
        EventType::Agree | EventType::Consult | EventType::Cooperate | EventType::Support
    ) || c.code.mode.as_deref() == Some("ceasefire")
        || ctx.dict.triggers[c.trigger as usize].mutual;
    // Each source with each target, or no one where none is named.
    let mut dyads: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    if symmetric && c.sources.len() >= 2 && c.targets.is_empty() {
        // "X and Y agreed": one joint event, X with Y.
        dyads.push((Some(c.sources[0]), Some(c.sources[1])));
    } else {
        for si in 0..c.sources.len().max(1) {
            for ti in 0..c.targets.len().max(1) {
                dyads.push((c.sources.get(si).copied(), c.targets.get(ti).copied()));
            }
        }
    }
    // The first place named in each country, or none.
    let mut places: Vec<Option<usize>> = Vec::with_capacity(c.places.len().max(1));
    let mut seen: Vec<Option<Iso3>> = Vec::new();
    for &p in &c.places {
        let country = ctx.dict.gazetteer.places[ctx.places.choice[p] as usize].country;
        if !seen.contains(&country) {
            places.push(Some(p));
        }
        seen.push(country);
    }
    if places.is_empty() {
        places.push(None);
    }
    let sentence = ctx.doc.sentences[c.sent].span;
    let article_date = ctx.article.date;
    let (date, tolerance, stated) = match (c.time, e.derived_date) {
        (Some(t), _) => (Some(t.date), t.tolerance, true),
        (None, Some((d, tol))) => (Some(d), tol, true),
        (None, None) => (article_date, 0, false),
    };
    let mut out = Vec::new();
    for &(s, t) in &dyads {
        for &pl in &places {
            let location = location(ctx, c, pl, s, t).or_else(|| unplaced(ctx, c));
            let loc_country = location.as_ref().and_then(|l| l.country);
            // The place stated for the deed or named in its sentence.
            let here = pl.is_some() || location.as_ref().is_some_and(|l| l.basis == "sentence");
            let mut source = s.map(|a| actor_record(ctx, a, loc_country, here));
            let mut target = t.map(|a| actor_record(ctx, a, loc_country, here));
            let stated_place = location.as_ref().is_some_and(|l| l.basis != "actor");
            implied_sides(ctx, c, stated_place, loc_country, &mut source, &mut target);
            let acled = ctx
                .dict
                .ontology
                .acled(
                    c.code.event_type,
                    c.code.mode.as_deref(),
                    target.as_ref().and_then(|t| t.sector),
                )
                .map(|a| AcledRecord {
                    event_type: a.event_type,
                    sub_event_type: a.sub_event_type,
                });
            let attribution = attribution(ctx, c);
            let record = Record {
                article_id: ctx.article.id.clone(),
                id: String::new(),
                event_type: c.code.event_type,
                mode: c.code.mode.clone(),
                cameo: Some(c.code.cameo.clone()),
                goldstein: ctx.dict.ontology.goldstein(&c.code.cameo),
                acled,
                date,
                date_tolerance_days: tolerance,
                source,
                target,
                location,
                fatalities: c.killed.map(|k| k.count),
                injuries: c.injured.map(|k| k.count),
                evidence: evidence(text, sentence),
                trigger: evidence(text, c.span),
                date_evidence: c.time.map(|t| evidence(text, t.span)),
                attribution,
                responds_to: vec![],
            };
            out.push(Draft {
                cand: ci,
                record,
                date_stated: stated,
                absorbed: Vec::new(),
            });
        }
    }
    out
}

/// The sides the text implies where it names none: the doer
/// (`implied_source`); the government a protest is against; the actor's
/// own country for a domestic measure; the place a deed was done in; the
/// government of a country visited.
fn implied_sides(
    ctx: &Context,
    c: &Candidate,
    stated_place: bool,
    loc_country: Option<Iso3>,
    source: &mut Option<ActorRecord>,
    target: &mut Option<ActorRecord>,
) {
    if source.is_none() && stated_place {
        *source = loc_country.and_then(|k| implied_source(ctx, c, k));
    }
    // A protest is against the government of the place it is held
    // in, else of the protesters' country.
    let src_country = source.as_ref().and_then(|s| s.country);
    if target.is_none() && c.code.event_type == EventType::Protest {
        let k = if stated_place {
            loc_country.or(src_country)
        } else {
            src_country
        };
        *target = k.map(|k| implied_actor(ctx, k, "GOV", "government", c.span));
    }
    // Domestic measures with no one named act on the actor's own
    // country: a curfew, a concession, a refusal to resign.
    let domestic = matches!(
        c.code.event_type,
        EventType::Concede | EventType::Coerce | EventType::Reject
    ) || c.code.event_type == EventType::Accuse
        && c.code.mode.as_deref() == Some("investigate")
        || c.code.event_type == EventType::Threaten
            && matches!(c.code.mode.as_deref(), Some("restrict"));
    if target.is_none() && domestic && (!stated_place || loc_country == src_country) {
        *target = src_country.map(|k| implied_actor(ctx, k, "", "", c.span));
    }
    // A deed done in a stated place with no named target is done to
    // that place ("Israeli warplanes struck targets across Gaza").
    if target.is_none() && IMPLIED_TARGET.contains(&c.code.event_type) && stated_place {
        *target = loc_country.map(|k| implied_actor(ctx, k, "", "", c.span));
    }
    // A visit to another country is a visit to its government.
    if target.is_none()
        && c.code.event_type == EventType::Consult
        && stated_place
        && loc_country != src_country
    {
        *target = loc_country.map(|k| implied_actor(ctx, k, "GOV", "government", c.span));
    }
}

/// The doer of a deed that names none, told in a place of country `k`:
/// the people of the place for a protest; the police for an arrest
/// ("twenty people were arrested"); unidentified attackers of the place
/// for an attack ("a roadside bomb killed two soldiers near Samarra"),
/// but not for a strike from the air or from afar (drones, missiles,
/// shelling), which often comes across a border.
fn implied_source(ctx: &Context, c: &Candidate, k: Iso3) -> Option<ActorRecord> {
    let mode = c.code.mode.as_deref();
    let (sector, noun) = match c.code.event_type {
        EventType::Protest => ("CVL", "protesters"),
        EventType::Coerce if mode == Some("arrest") => ("COP", "police"),
        EventType::Assault if !matches!(mode, Some("aerial" | "heavy-weapons")) => {
            ("UAF", "attackers")
        }
        _ => return None,
    };
    Some(implied_actor(ctx, k, sector, noun, c.span))
}

/// Who the candidate's sentence says said it, and the outlet.
fn attribution(ctx: &Context, c: &Candidate) -> Option<Attribution> {
    let speaker = c.speaker.map(|a| {
        let m = ctx.actor(a);
        let words = m.actor.span.slice(ctx.text);
        if m.actor.name.len() > words.len() {
            m.actor.name.clone()
        } else {
            words.to_string()
        }
    });
    let outlet = c
        .outlet
        .map(|o| ctx.dict.actors.outlets[o as usize].name.clone())
        .or_else(|| ctx.article.outlet.clone());
    (speaker.is_some() || outlet.is_some()).then_some(Attribution { speaker, outlet })
}

fn actor_record(
    ctx: &Context,
    a: usize,
    loc_country: Option<Iso3>,
    loc_stated: bool,
) -> ActorRecord {
    let m = ctx.actor(a);
    let actor = &m.actor;
    let (country, country_from) = match actor.country {
        Some(c) => (Some(c), None),
        None => implied_country(ctx, a, loc_country, loc_stated),
    };
    let mut name = actor.name.clone();
    if actor.country.is_none()
        && actor.kind == MentionKind::Entity
        && country.is_some()
        && name.starts_with(char::is_lowercase)
    {
        if let Some(c) = country.and_then(|c| ctx.dict.actors.country(c)) {
            name = format!("{} {}", c.name, name);
        }
    }
    let code = actor.cameo_code_for(country);
    ActorRecord {
        text: actor.span.slice(ctx.text).to_string(),
        name,
        country,
        sector: actor.sector,
        code,
        sponsor: actor.sponsor,
        country_from,
        start: actor.span.start(),
        end: actor.span.end(),
    }
}

/// The country of an agent its words give none ("police", "gunmen"):
/// the country a phrase puts it in ("police in Kenya"), else that of the
/// place stated for the event, else its sponsor's, the dateline's or the
/// article's; with where it came from (see [`ActorRecord::country_from`]).
/// None for international bodies and for what is no agent of a country.
fn implied_country(
    ctx: &Context,
    a: usize,
    loc_country: Option<Iso3>,
    loc_stated: bool,
) -> (Option<Iso3>, Option<&'static str>) {
    let m = ctx.actor(a);
    let local = m.actor.sector.is_some_and(|s| !matches!(s, "IGO" | "NGO"));
    if !local {
        return (None, None);
    }
    let within = in_countries(ctx, a);
    let here = within.iter().find(|&&c| Some(c) == loc_country);
    if let Some(&c) = here.or(within.first()) {
        return (Some(c), None);
    }
    if let Some(c) = loc_country.filter(|_| loc_stated) {
        return (Some(c), Some("place"));
    }
    if let Some(c) = m.actor.sponsor {
        return (Some(c), Some("sponsor"));
    }
    let article = ctx
        .places
        .dateline
        .map(|d| d.0)
        .or_else(|| ctx.places.countries.first().copied());
    (article, article.map(|_| "article"))
}

pub(crate) fn place_record(
    p: &Place,
    text: &str,
    span: Option<Span>,
    basis: &'static str,
) -> LocationRecord {
    LocationRecord {
        text: span.map_or(String::new(), |s| s.slice(text).to_string()),
        name: p.name.to_string(),
        country: p.country,
        admin1: p.admin1.as_deref().map(str::to_string),
        lat: Some(p.lat),
        lon: Some(p.lon),
        precision: p.precision.as_str(),
        geonames_id: p.geonames_id,
        basis,
        start: span.map(|s| s.start()),
        end: span.map(|s| s.end()),
    }
}

/// One place name of `article` and the place chosen for it.
pub(crate) fn place_mention(
    article: &Article,
    p: &Place,
    span: Span,
    form: &'static str,
) -> PlaceRecord {
    PlaceRecord {
        article_id: article.id.clone(),
        start: span.start(),
        end: span.end(),
        text: span.slice(&article.text).to_string(),
        name: p.name.to_string(),
        country: p.country,
        admin1: p.admin1.as_deref().map(str::to_string),
        lat: p.lat,
        lon: p.lon,
        geonames_id: p.geonames_id,
        precision: p.precision.as_str(),
        feature: p.feature.as_str(),
        form,
    }
}

/// The countries of the places actor `a` is said to be in ("militias in
/// Tripoli"), as the places were resolved.
fn in_countries(ctx: &Context, a: usize) -> Vec<Iso3> {
    let g = &ctx.dict.gazetteer;
    ctx.actor(a)
        .in_places
        .iter()
        .filter_map(|&p| g.places[ctx.places.choice[p] as usize].country)
        .collect()
}

fn country_place<'a>(ctx: &Context<'a>, c: Iso3) -> Option<&'a Place> {
    ctx.dict.gazetteer.country(c)
}

/// Modes of coercion that hold where whoever imposes them rules.
const JURISDICTION_MODES: [&str; 4] = ["restrict", "censor", "curfew", "martial-law"];

/// The place of an event: stated for it, else the dateline (for deeds),
/// else an actor's country.
fn location(
    ctx: &Context,
    c: &Candidate,
    pl: Option<usize>,
    s: Option<usize>,
    t: Option<usize>,
) -> Option<LocationRecord> {
    if let Some(pm) = pl {
        let place = &ctx.dict.gazetteer.places[ctx.places.choice[pm] as usize];
        return Some(place_record(
            place,
            ctx.text,
            Some(ctx.mentions.places[pm].span),
            "text",
        ));
    }
    // "in the Syrian capital": the country the words name.
    if let Some(a) = c.place_actor {
        let m = ctx.actor(a);
        if let Some(p) = m.actor.country.and_then(|k| country_place(ctx, k)) {
            return Some(place_record(p, ctx.text, Some(m.actor.span), "text"));
        }
    }
    let actor_country = |a: Option<usize>| -> Option<Iso3> {
        let m = ctx.actor(a?);
        m.actor
            .country
            .or_else(|| in_countries(ctx, a?).first().copied())
    };
    let verbal = c.code.event_type.is_verbal()
        && !matches!(c.code.event_type, EventType::Consult | EventType::Agree);
    let from_actor = |a: Option<usize>| {
        actor_country(a)
            .and_then(|k| country_place(ctx, k))
            .map(|p| place_record(p, ctx.text, None, "actor"))
    };
    if verbal {
        return from_actor(s)
            .or_else(|| dateline(ctx))
            .or_else(|| from_actor(t));
    }
    // Sanctions are decided where those who impose them are; bans,
    // censorship and curfews hold where those who impose them rule
    // ("Germany banned an Iranian airline").
    if c.code.event_type == EventType::Sanction {
        return from_actor(s).or_else(|| dateline(ctx));
    }
    let measure = c.code.event_type == EventType::Coerce
        && c.code
            .mode
            .as_deref()
            .is_some_and(|m| JURISDICTION_MODES.contains(&m));
    if measure {
        return from_actor(s)
            .or_else(|| dateline(ctx))
            .or_else(|| from_actor(t));
    }
    // Meetings and agreements happen where the story is filed from, or
    // where those who agree are.
    if matches!(c.code.event_type, EventType::Agree | EventType::Consult)
        && c.code.mode.as_deref() != Some("visit")
    {
        if let Some(d) = dateline(ctx) {
            return Some(d);
        }
        if c.code.event_type == EventType::Agree {
            return from_actor(s).or_else(|| from_actor(t));
        }
    }
    if c.code.event_type == EventType::Consult
        || c.code.event_type.is_cooperative() && c.code.mode.as_deref() == Some("visit")
    {
        return from_actor(t)
            .or_else(|| dateline(ctx))
            .or_else(|| from_actor(s));
    }
    dateline(ctx).or_else(|| {
        // An attack on a country happens there; an attack on an agent
        // happens where that agent is.
        let target_is_country = t.is_some_and(|a| ctx.actor(a).actor.kind == MentionKind::Country);
        if target_is_country {
            from_actor(t)
        } else {
            from_actor(t).or_else(|| from_actor(s))
        }
    })
}

/// Where a deed that its words, actors and dateline place nowhere
/// happened: its sentence's first place, else the article's country.
/// Statements and sanctions are not placed by the story's places.
fn unplaced(ctx: &Context, c: &Candidate) -> Option<LocationRecord> {
    let t = c.code.event_type;
    if t.is_verbal() || t == EventType::Sanction {
        return None;
    }
    sentence_place(ctx, c).or_else(|| article_country(ctx))
}

/// The first place named in the event's sentence, for an event whose
/// own words and actors place it nowhere.
fn sentence_place(ctx: &Context, c: &Candidate) -> Option<LocationRecord> {
    let toks = ctx.doc.sentences.get(c.sent)?.tokens.clone();
    let (pm, m) = ctx
        .mentions
        .places
        .iter()
        .enumerate()
        .find(|(_, m)| toks.contains(&m.toks.start))?;
    let place = &ctx.dict.gazetteer.places[ctx.places.choice[pm] as usize];
    Some(place_record(place, ctx.text, Some(m.span), "sentence"))
}

/// The country the article names most, for an event placed nowhere else.
fn article_country(ctx: &Context) -> Option<LocationRecord> {
    let place = country_place(ctx, *ctx.places.countries.first()?)?;
    Some(place_record(place, ctx.text, None, "article"))
}

fn dateline(ctx: &Context) -> Option<LocationRecord> {
    let (_, place) = ctx.places.dateline?;
    let p = &ctx.dict.gazetteer.places[place as usize];
    let span = ctx.article.dateline.as_ref().map(|d| d.place);
    Some(place_record(p, ctx.text, span, "dateline"))
}
