//! Reading one trigger of a sentence: whether it states an event of its
//! own, names the event a statement is about, or is no event (quoted,
//! negated, background, a purpose or a manner); and if it states one,
//! how it is coded, who did it to whom, where and when.

use super::grammar::{
    choose_entry, clause_of, crosses_main_clause, disaster_near, is_promise, modality,
    nearest_time, negated, nominal_context, passive, reduced_relative, reference_phrase,
    set_off_participle, Modality,
};
use super::{roles, tree_roles, About, Candidate, SentenceFacts};
use crate::context::Context;
use crate::mentions::TriggerHit;
use crate::ontology::{Coding, EventType, Recode};
use crate::text::TokenKind;
use crate::time::TimeMention;
use crate::triggers::{Pos, Trigger};
use std::ops::Range;

/// What a trigger of a sentence turns out to be.
// An event is moved once into the sentence's list: boxing it would
// allocate for every event.
#[allow(clippy::large_enum_variant)]
pub(super) enum Reading {
    /// No event: quoted, negated, background, a purpose or a manner.
    Nothing,
    /// The event named inside the statement at this index among the
    /// sentence's candidates ("demanded that Israel withdraw").
    Embedded(usize, Embedding),
    /// An event of its own.
    Event(Candidate),
}

/// A trigger embedded in a statement, with what the statement learns of
/// it.
pub(super) struct Embedding {
    /// The embedded event's type, for a promise that becomes a threat.
    event_type: EventType,
    /// What the statement is about, when the trigger is a noun.
    about: Option<About>,
    /// "its attacks", "their attacks": the speaker's own deeds.
    own_possessive: bool,
}

/// A trigger with the entry chosen for it and its clause.
struct Trig<'a> {
    hit: &'a TriggerHit,
    id: u16,
    entry: &'a Trigger,
    nominal: bool,
    /// The words before it make it a noun.
    nominal_ctx: bool,
    clause: Range<usize>,
}

impl Trig<'_> {
    fn start(&self) -> usize {
        self.hit.toks.start
    }

    fn end(&self) -> usize {
        self.hit.toks.end
    }
}

/// Reads trigger `hit` of sentence `s`, whose candidates so far are
/// `sofar`.
pub(super) fn trigger(
    cx: &Context,
    s: &SentenceFacts,
    hit: &TriggerHit,
    sofar: &[Candidate],
) -> Reading {
    let start = hit.toks.start;
    // Quoted words, and attribution verbs ("announced", "reported"), are
    // not events.
    if cx.doc.in_quote.get(start).copied().unwrap_or(false) || s.attrib.verbs.contains(&start) {
        return Reading::Nothing;
    }
    let nominal_ctx = nominal_context(cx, start, hit.toks.end);
    let Some((id, nominal)) =
        choose_entry(cx, &hit.entries, hit.toks.clone(), s.range.end, nominal_ctx)
    else {
        return Reading::Nothing;
    };
    let t = Trig {
        hit,
        id,
        entry: &cx.dict.triggers[id as usize],
        nominal,
        nominal_ctx,
        clause: clause_of(&s.clauses, start),
    };
    // "would not meet their demands", "will not accept refugees": a
    // refused cooperation is a rejection; any other negated deed is no
    // event.
    let refused = negated(cx, start, t.clause.start);
    let refusal = refused && !nominal && t.entry.code.event_type.is_cooperative();
    if refused && !refusal || background(cx, s, &t, sofar) || purpose(cx, &t, sofar) {
        return Reading::Nothing;
    }
    if let Some(g) = governor(cx, &t, sofar) {
        return Reading::Embedded(g, embedding(cx, &t, &sofar[g]));
    }
    match coding(cx, s, &t, refusal) {
        Some((code, future)) => Reading::Event(event(cx, s, &t, code, future, sofar)),
        None => Reading::Nothing,
    }
}

/// Background, not news: events in a relative clause about a place or
/// person ("where 28 people have been killed", "whom they had taken
/// hostage"), reduced relatives ("weapons seized last year from"),
/// capitalised words inside a name ("Agency for Development and
/// Cooperation"), deaths a disaster caused, the manner of an event
/// already found ("arrested hundreds in raids"), and a noun that
/// modifies the actor after it ("attack helicopters").
fn background(cx: &Context, s: &SentenceFacts, t: &Trig, sofar: &[Candidate]) -> bool {
    let (start, end) = (t.start(), t.end());
    let capitalised = start > s.range.start
        && cx.w(start).starts_with(char::is_uppercase)
        && !cx.w(start).chars().all(|c| c.is_uppercase());
    cx.is(t.clause.start, &cx.lex.background_relatives)
        || !t.nominal && reduced_relative(cx, start, end)
        || capitalised
        // "the earthquake that killed thousands", "killed in a crash".
        || t.entry.harm && disaster_near(cx, start, end, s.range.clone())
        || t.nominal && manner(cx, t, sofar)
        || !t.nominal && same_deed_again(cx, t, sofar)
        || t.nominal && modifies_actor(cx, end)
        || on_whose_behalf(cx, t)
}

/// "rallied in support of the president", "at the request of the prime
/// minister", "per the request": a request or support named as the
/// circumstance of another deed, not reported as news.
fn on_whose_behalf(cx: &Context, t: &Trig) -> bool {
    let (start, end) = (t.start(), t.end());
    let kind = matches!(
        t.entry.code.event_type,
        EventType::Request | EventType::Support
    );
    let det = cx.is(start.wrapping_sub(1), &cx.lex.determiners);
    let prep = start.wrapping_sub(if det { 2 } else { 1 });
    let circumstance = cx.is(prep, &cx.lex.circumstance_prepositions);
    let of_whom = cx.is_word(end, "of") || cx.is_word(end, ",");
    kind && circumstance && of_whom
}

/// "arrested hundreds in raids": a noun after "in" or "during" that tells
/// the manner of an event already found in the clause.
fn manner(cx: &Context, t: &Trig, sofar: &[Candidate]) -> bool {
    let start = t.start();
    (cx.is_word(start.wrapping_sub(1), "in") || cx.is_word(start.wrapping_sub(1), "during"))
        && sofar
            .iter()
            .any(|c| c.toks.end <= start && t.clause.contains(&c.toks.start))
}

/// "launched an offensive against the rebels, shelling their positions":
/// a participle set off after a deed of the same type in the sentence
/// tells how that deed was done; it is no deed of its own.
fn same_deed_again(cx: &Context, t: &Trig, sofar: &[Candidate]) -> bool {
    let start = t.start();
    let participle = set_off_participle(cx, start);
    // Harm words ("..., killing five") join their deed with their toll
    // (`passes::join_harm_verbs`).
    participle
        && !t.entry.harm
        && sofar
            .iter()
            .any(|c| c.toks.end <= start && c.code.event_type == t.entry.code.event_type)
}

/// "invasion forces", "attack helicopters": a lower-case noun right
/// before an actor that starts at token `end` modifies it.
fn modifies_actor(cx: &Context, end: usize) -> bool {
    cx.mentions
        .actor_at
        .get(end)
        .is_some_and(|a| a.is_some_and(|a| cx.actor(a as usize).toks.start == end))
        && cx.w(end).starts_with(char::is_lowercase)
}

/// "marched through Hong Kong to demand ...", "telephoned X to discuss":
/// the purpose of an event already found in the clause, not an event of
/// its own.
fn purpose(cx: &Context, t: &Trig, sofar: &[Candidate]) -> bool {
    let start = t.start();
    cx.is_word(start.wrapping_sub(1), "to")
        && sofar
            .iter()
            .any(|c| c.toks.end <= start && t.clause.contains(&c.toks.start))
        || protest_demand(cx, t, sofar)
}

/// "staged a protest, demanding the governor's resignation", "rallied
/// in demand of wages", "blocked roads to press their demands": a demand
/// that is not a finite verb, after a protest in the same sentence, is
/// what the protest was for, not a request of its own.
fn protest_demand(cx: &Context, t: &Trig, sofar: &[Candidate]) -> bool {
    let start = t.start();
    t.entry.code.event_type == EventType::Request
        && non_finite(cx, start)
        && sofar
            .iter()
            .any(|c| c.toks.end <= start && c.code.event_type == EventType::Protest)
}

/// A verb form that is no finite verb, or a noun after a preposition or
/// an owner: "demanding", "to demand", "in demand of", "their demands".
fn non_finite(cx: &Context, start: usize) -> bool {
    cx.w(start).ends_with("ing")
        || cx.is(start.wrapping_sub(1), &cx.lex.prepositions)
        || cx.is(start.wrapping_sub(1), &cx.lex.own_possessives)
}

/// Whether a demand that is a protest's purpose ("demanding", "to press
/// their demands") stands in `from..to`: what follows it is what the
/// protesters asked for, not news of its own ("demanding the arrest of
/// the mayor").
fn protest_demand_between(cx: &Context, from: usize, to: usize) -> bool {
    let hits = &cx.mentions.triggers;
    let first = hits.partition_point(|h| h.toks.start < from);
    hits[first..]
        .iter()
        .take_while(|h| h.toks.end <= to)
        .any(|h| {
            let request = h
                .entries
                .iter()
                .any(|&e| cx.dict.triggers[e as usize].code.event_type == EventType::Request);
            request && non_finite(cx, h.toks.start)
        })
}

/// Types whose complement ("demanded that X withdraw", "accused X of
/// attacking") is what was said, not a separate event.
const GOVERNING: &[EventType] = &[
    EventType::Consult,
    EventType::Support,
    EventType::Concede,
    EventType::Request,
    EventType::Accuse,
    EventType::Reject,
    EventType::Threaten,
    EventType::Agree,
    EventType::Sanction,
];

/// The statement of this sentence that the trigger is embedded in, by
/// index into `sofar`: "demanded that Israel withdraw", "agreed to
/// provide aid", "accused X of attacking". A verb after "and" starts its
/// own statement ("condemned the coup and demanded his release").
fn governor(cx: &Context, t: &Trig, sofar: &[Candidate]) -> Option<usize> {
    let start = t.start();
    if cx.is_word(start.wrapping_sub(1), "and") && !t.nominal {
        return None;
    }
    (0..sofar.len()).rev().find(|&g| {
        let c = &sofar[g];
        let cooperative = matches!(
            c.code.event_type,
            EventType::Agree | EventType::Support | EventType::Concede | EventType::Consult
        );
        let demanded = c.code.event_type == EventType::Protest
            && c.toks.end <= start
            && protest_demand_between(cx, c.toks.end, start);
        demanded
            || !c.reference
                && GOVERNING.contains(&c.code.event_type)
                && c.toks.end <= start
                && !crosses_main_clause(cx, c.toks.end, start)
                && (!cooperative
                    || t.nominal
                    || cx.is_word(start - 1, "to")
                    || cx.is_word(start.saturating_sub(2), "to")
                    || is_promise(cx, c.trigger))
    })
}

/// How far after a deed noun its doer may be named by "by": past the
/// deed's own object ("the killing of two reporters by soldiers").
const DOER_WINDOW: usize = 7;

/// What statement `g` learns of the trigger embedded in it.
fn embedding(cx: &Context, t: &Trig, g: &Candidate) -> Embedding {
    let start = t.start();
    let about = (g.about.is_none() && (t.nominal_ctx || t.entry.pos == Pos::Noun)).then(|| {
        let definite = cx.is(start.wrapping_sub(1), &cx.lex.definite_determiners)
            || cx.is(start.wrapping_sub(2), &cx.lex.definite_determiners);
        let head = t
            .hit
            .span
            .slice(cx.text)
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_end_matches('s')
            .to_ascii_lowercase();
        // "the Iranian attack"; a complaint about "the killing of a
        // reporter by soldiers" ("a deal brokered by China" is no doer's).
        let complaint = matches!(g.code.event_type, EventType::Accuse | EventType::Protest);
        let doer = roles::modifier_before(cx, start).or_else(|| {
            let lim = t.clause.end.min(t.end() + DOER_WINDOW);
            complaint
                .then(|| roles::by_agent(cx, t.end(), lim))
                .flatten()
        });
        About {
            event_type: t.entry.code.event_type,
            sources: doer.into_iter().collect(),
            definite,
            head,
            own: false,
            at: start,
        }
    });
    Embedding {
        event_type: t.entry.code.event_type,
        about,
        own_possessive: (1..=2).any(|n| cx.is(start.wrapping_sub(n), &cx.lex.own_possessives)),
    }
}

/// Statement `g` takes in what is embedded in it: "promised severe
/// sanctions", "vowed to strike" make it a threat.
pub(super) fn embed(cx: &Context, g: &mut Candidate, e: Embedding) {
    let t = e.event_type;
    if is_promise(cx, g.trigger) && !t.is_cooperative() && !t.is_verbal() {
        g.code = cx.dict.ontology.recode(Recode::threat_of(t));
    }
    if let Some(mut about) = e.about {
        // A threat to go on with "its attacks" is about the speaker's own
        // deeds ("condemned their killing" is about the victims').
        about.own = g.code.event_type == EventType::Threaten && e.own_possessive;
        g.about = Some(about);
    }
}

/// How the trigger is coded, and whether it is announced for later; none
/// when the words make it expected or hypothetical, not done.
fn coding(cx: &Context, s: &SentenceFacts, t: &Trig, refusal: bool) -> Option<(Coding, bool)> {
    // "more releases were expected", "talks are due"
    let end = t.end();
    let expected = (end..(end + 3).min(s.range.end))
        .any(|k| cx.is(k.wrapping_sub(1), &cx.lex.be_forms) && cx.is(k, &cx.lex.expectation_words));
    if expected {
        return None;
    }
    if object_names_no_deed(cx, t) {
        return None;
    }
    let ontology = &cx.dict.ontology;
    let mut code = t.entry.code.clone();
    if refusal {
        code = ontology.recode(Recode::Refusal);
    }
    // "will meet on Tuesday" is an announcement, dated when made.
    let lemma = &t.entry.lemma;
    let mut future = lemma.starts_with("will ") || lemma.starts_with("would ");
    let ty = code.event_type;
    match modality(cx, t.start(), t.clause.start, s.range.clone()) {
        // "may halt mediation if cooperation founders": a conditional
        // measure against someone is a threat.
        Modality::Conditional if !ty.is_verbal() && !ty.is_cooperative() => {
            code = ontology.recode(Recode::threat_of(ty));
        }
        Modality::Hypothetical | Modality::Conditional => return None,
        // "Britain will expel 23 diplomats": an announced measure.
        Modality::Future
            if matches!(
                ty,
                EventType::Sanction | EventType::Coerce | EventType::Mobilize
            ) && !s
                .range
                .clone()
                .any(|k| cx.is_word(k, "unless") || cx.is_word(k, "if")) => {}
        Modality::Future if !ty.is_verbal() => {
            // "will meet on Tuesday": the event is the announcement,
            // dated when it was made, not the meeting's day.
            future = true;
            let rule = if ty.is_cooperative() {
                Recode::Promise
            } else {
                Recode::threat_of(ty)
            };
            code = ontology.recode(rule);
        }
        _ => {}
    }
    Some((code, future))
}

/// The candidate the trigger states.
fn event(
    cx: &Context,
    s: &SentenceFacts,
    t: &Trig,
    mut code: Coding,
    future: bool,
    sofar: &[Candidate],
) -> Candidate {
    let (start, end) = (t.start(), t.end());
    let r = sides(cx, s, t, code.event_type);
    // Who acts changes what the deed is: soldiers blocking roads restrict
    // movement; protesters storming a building riot.
    if let Some(rule) = recode_by_actor(cx, t, &code, &r.sources) {
        code = cx.dict.ontology.recode(rule);
    }
    if is_baton_charge(cx, t, &code) {
        code = cx.dict.ontology.recode(Recode::BatonCharge);
    }
    if is_verbal_attack(cx, t, &code) {
        code = cx.dict.ontology.recode(Recode::VerbalAttack);
    }
    let plural_ref = r.sources.first().is_some_and(|&a| {
        let s = cx.actor(a).toks.start;
        (cx.is_word(s.wrapping_sub(1), "two") || cx.is_word(s.wrapping_sub(1), "both"))
            || cx.is_word(s, "both")
    });
    // A statement's complement ("agreed to resign on Wednesday", "ordered
    // Israel to prevent genocide in Gaza") has its own date and place; a
    // noun's does not ("signed agreements to normalise relations ... on
    // Tuesday").
    let statement = code.event_type.is_verbal() && !t.nominal;
    let places = roles::places(
        cx,
        &t.clause,
        s.range.clone(),
        start,
        end,
        code.event_type,
        statement,
    );
    let place_actor = (places.is_empty() && !code.event_type.is_verbal())
        .then(|| roles::place_by_nationality(cx, &t.clause, start, end))
        .flatten();
    let time = if future {
        None
    } else {
        own_time(cx, s, t, statement)
    };
    Candidate {
        sent: s.index,
        trigger: t.id,
        code,
        toks: t.hit.toks.clone(),
        span: t.hit.span,
        nominal: t.nominal,
        definite: t.nominal && definite(cx, s.range.start, start),
        sources: r.sources,
        targets: r.targets,
        places,
        place_actor,
        time,
        killed: None,
        injured: None,
        about: None,
        report: false,
        reference: reference(cx, s, t, sofar),
        plural_ref,
        speaker: s.attrib.speaker,
        outlet: s.attrib.outlet,
    }
}

/// The trigger's source and target.
fn sides(cx: &Context, s: &SentenceFacts, t: &Trig, ty: EventType) -> roles::Roles {
    let (start, end) = (t.start(), t.end());
    let passive = !t.nominal && (passive(cx, start) || bare_toll(cx, t));
    let mut r = roles::assign(
        cx,
        s.range.clone(),
        &t.clause,
        start,
        end,
        t.nominal,
        passive,
        &s.attrib.speakers,
        ty.is_verbal(),
    );
    // "Britain said Libya must hand over the bombers": Libya is asked, by
    // whoever said it.
    if t.entry.lemma == "must" {
        let asked = std::mem::take(&mut r.sources);
        // "that it must": the pronoun's place, not its antecedent's.
        let pronoun = cx.is(start.wrapping_sub(1), &cx.lex.subject_pronouns);
        let subj_start = match asked.first() {
            Some(&a) if !pronoun => cx.actor(a).toks.start,
            _ => start,
        };
        // "told Poland that it must": the verb of telling before "that".
        let teller_at = |lim: usize| {
            (s.range.start..lim)
                .rev()
                .find(|&k| cx.is(k, &cx.lex.must_tellers))
        };
        let told = teller_at(subj_start).map(|k| match teller_at(k) {
            Some(v) if cx.is_word(k, "that") => v,
            _ => k,
        });
        let teller = told
            .and_then(|k| roles::subject(cx, s.range.clone(), k, &[]))
            .or_else(|| s.attrib.speaker.map(|a| vec![a]));
        r.targets = asked;
        r.sources = teller.unwrap_or_default();
        r.sources.retain(|a| !r.targets.contains(a));
        if r.sources.is_empty() {
            (r.sources, r.targets) = addressed(cx, std::mem::take(&mut r.targets), told);
        }
    }
    if matches!(ty, EventType::Mobilize | EventType::Agree | EventType::Aid) && !t.nominal {
        roles::destination(cx, &mut r, t.clause.end.max(end).min(s.range.end));
    }
    let ask = tree_roles::Ask {
        toks: &t.hit.toks,
        nominal: t.nominal,
        passive,
        speakers: &s.attrib.speakers,
        clause: &t.clause,
    };
    tree_roles::fill(cx, s.index, &s.range, &ask, &mut r);
    if cx.trace {
        eprintln!(
            "  trig {:?} nominal={} passive={passive} src={:?} tgt={:?}",
            t.hit.span.slice(cx.text),
            t.nominal,
            r.sources,
            r.targets
        );
    }
    r
}

/// "Chirac reminded Iraq that it must cooperate": where the one who must
/// is the teller itself, the pronoun is the one told, named between the
/// teller and the word that opens what was told (`told`).
fn addressed(cx: &Context, teller: Vec<usize>, told: Option<usize>) -> (Vec<usize>, Vec<usize>) {
    let (Some(&first), Some(told)) = (teller.last(), told) else {
        return (Vec::new(), teller);
    };
    let from = cx.actor(first).toks.end;
    let one_told = (from..told).find_map(|k| cx.mentions.actor_at[k].map(|a| a as usize));
    match one_told {
        Some(a) if !teller.contains(&a) => (teller, vec![a]),
        _ => (Vec::new(), teller),
    }
}

/// "One soldier killed as militants stormed the post", "two policemen
/// wounded in a blast", "a man shot dead in a market": a harm participle,
/// or one with its result ("dead", "to death"), right after its victims
/// with no object after it (a preposition, a word of occasion or the end
/// of the clause) is a passive without its "was"; so is any participle
/// right after an actor and before "by" ("a pastor stabbed by police").
fn bare_toll(cx: &Context, t: &Trig) -> bool {
    let (start, end) = (t.start(), t.end());
    let w = cx.doc.low(start);
    // "killed at least 40": a count after it is its object.
    let count = |k: usize| {
        let lim = cx.doc.tokens.len();
        crate::quantity::number_at(cx.lex, cx.text, cx.doc, k, lim).is_some()
    };
    let next = |k: usize| {
        (cx.is(k, &cx.lex.prepositions) && !count(k))
            || cx.is(k, &cx.lex.occasion_words)
            || matches!(cx.w(k), "," | "." | ";" | "")
    };
    // "shot dead by police", "hacked to death in": the result first.
    let after = match (cx.doc.low(end), cx.doc.low(end + 1)) {
        ("dead", _) => end + 1,
        ("to", "death") => end + 2,
        _ => end,
    };
    let participle = (w.ends_with("ed") || cx.is(start, &cx.lex.irregular_participles))
        && start > 0
        && cx.mentions.actor_at[start - 1].is_some();
    // "a pastor stabbed by police": any participle right before "by".
    let by = cx.is_word(after, "by");
    participle && (by || (t.entry.harm || after > end) && next(after))
}

/// The rule by which the deed's doer changes it: troops or police
/// "visiting" are deployed; soldiers, police or officials "protesting"
/// restrict; protesters or students attacking riot, but villagers who
/// kill someone ("killed by villagers", "beaten to death by a mob")
/// assault them.
fn recode_by_actor(cx: &Context, t: &Trig, code: &Coding, sources: &[usize]) -> Option<Recode> {
    let doer = sources.first().map(|&a| &cx.actor(a).actor);
    match (code.event_type, doer.and_then(|a| a.sector)) {
        (EventType::Consult, Some("MIL" | "COP")) if code.mode.as_deref() == Some("visit") => {
            Some(Recode::Deployment)
        }
        (EventType::Protest, Some("MIL" | "COP" | "GOV")) => Some(Recode::Restriction),
        (EventType::Assault | EventType::Coerce, Some("CVL" | "EDU" | "LAB"))
            if doer.is_some_and(|a| a.name.ends_with("ers") || a.name.contains("student"))
                && !a_killing(cx, t) =>
        {
            Some(Recode::Riot)
        }
        _ => None,
    }
}

/// Whether trigger `t` kills: a word of killing ("killed", "lynched") or
/// "to death" in it or right after it.
fn a_killing(cx: &Context, t: &Trig) -> bool {
    let (start, end) = (t.start(), t.end());
    (start..end).any(|k| cx.is(k, &cx.lex.killed_words))
        || (start..=end).any(|k| cx.is_word(k, "to") && cx.is_word(k + 1, "death"))
}

/// "charged the crowd", "charged protesters with batons": a charge of
/// force, told by what is charged (a crowd noun right after, past a
/// determiner) or by what with (a weapon of the hand after "with"),
/// where "charged him with murder" is an accusation.
fn is_baton_charge(cx: &Context, t: &Trig, code: &Coding) -> bool {
    if code.event_type != EventType::Accuse || t.entry.lemma != "charge" {
        return false;
    }
    let end = t.end();
    let mut k = end;
    if cx.is(k, &cx.lex.determiners) {
        k += 1;
    }
    if cx.is(k, &cx.lex.crowd_nouns) {
        return true;
    }
    let with = (end..end + 6).find(|&j| cx.is_word(j, "with"));
    with.is_some_and(|w| (w + 1..w + 3).any(|j| cx.is(j, &cx.lex.hand_weapons)))
}

/// "beat expectations", "struck a ten-month high", "would meet demand",
/// "released a list of dealerships", "the data released on Wednesday": a
/// verb whose object (the words after it up to a preposition, or a noun
/// right before its participle) is a figure, a forecast or a publication
/// names no deed.
fn object_names_no_deed(cx: &Context, t: &Trig) -> bool {
    let kind = t.entry.code.event_type;
    if t.nominal
        || !matches!(
            kind,
            EventType::Assault | EventType::Consult | EventType::Retreat
        )
    {
        return false;
    }
    let after = object_has(cx, t.end(), &cx.lex.figure_objects);
    let before =
        cx.w(t.start()).ends_with("ed") && cx.is(t.start().wrapping_sub(1), &cx.lex.figure_objects);
    after || before
}

/// "attacked the impeachment inquiry", "attacked his remarks": an attack
/// in words, told by what is attacked (a decision, inquiry, plan or
/// remark in the noun phrase right after the verb).
fn is_verbal_attack(cx: &Context, t: &Trig, code: &Coding) -> bool {
    if code.event_type != EventType::Assault || t.nominal || t.entry.lemma != "attack" {
        return false;
    }
    object_has(cx, t.end(), &cx.lex.opinion_nouns)
}

/// Whether the object after a verb ending before token `end` (its first
/// four words, up to a preposition or a mark) has a word of `words`.
fn object_has(cx: &Context, end: usize, words: &crate::lexicon::Words) -> bool {
    let word = |k: usize| {
        cx.doc
            .tokens
            .get(k)
            .is_some_and(|w| w.kind == TokenKind::Word)
    };
    (end..end + 4)
        .take_while(|&k| word(k) && !cx.is(k, &cx.lex.prepositions))
        .any(|k| cx.is(k, words))
}

/// The date of the sentence that is the event's: in its own clause, not
/// in a statement's complement.
fn own_time(cx: &Context, s: &SentenceFacts, t: &Trig, statement: bool) -> Option<TimeMention> {
    let complement = if statement {
        (t.end()..t.clause.end)
            .find(|&k| cx.is_word(k, "to") || cx.is_word(k, "that"))
            .unwrap_or(t.clause.end)
    } else {
        s.range.end
    };
    let own_times: Vec<TimeMention> = s
        .times
        .iter()
        .copied()
        .filter(|m| m.token < complement)
        .collect();
    nearest_time(&own_times, &t.clause, &(cx, &s.clauses), t.start())
}

/// "the attack", "these bombings", "the deadly attack": a noun after a
/// definite determiner, over at most two lower-case words, in the
/// sentence starting at token `first`.
fn definite(cx: &Context, first: usize, start: usize) -> bool {
    let det = &cx.lex.definite_determiners;
    let lower = |k: usize| cx.w(k).starts_with(char::is_lowercase);
    start > first + 2 && cx.is(start - 3, det) && lower(start - 2) && lower(start - 1)
        || start > first && cx.is(start - 1, det)
        || start > first + 1 && cx.is(start - 2, det) && lower(start - 1)
}

/// "after the fighting", "following the invasion", "since the coup": a
/// reference to an event told elsewhere. "..., one day after a Serbian
/// jet shot down a helicopter": a deed in a clause of time or cause after
/// the sentence's own event is background too.
fn reference(cx: &Context, s: &SentenceFacts, t: &Trig, sofar: &[Candidate]) -> bool {
    let start = t.start();
    let subordinate = !t.nominal
        && (start.saturating_sub(8).max(s.range.start)..start)
            .rev()
            .take_while(|&k| !(cx.is_word(k, ",") || cx.is_word(k, ";")))
            .find(|&k| cx.is(k, &cx.lex.subordinators))
            .is_some_and(|sub| {
                // "after the prime minister said Georgia would suspend
                // talks": what was said there is news.
                let told = (sub..start).any(|k| s.attrib.verbs.contains(&k));
                !told && sofar.iter().any(|c| c.toks.end <= sub)
            });
    t.nominal && reference_phrase(cx, start, s.range.start) || subordinate
}
