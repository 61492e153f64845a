//! Stage 5, candidates: the events each sentence states. Its triggers,
//! filtered for negation, modality, quotation and embedding, each with
//! its roles (`roles`), places, date, casualties and attribution
//! (`attribution`).

mod attribution;
mod roles;

use crate::context::Context;
use crate::ontology::{Coding, EventType, Recode};
use crate::quantity::Casualty;
use crate::quantity::{self, Harm};
use crate::span::Span;
use crate::time;
use crate::time::TimeMention;
use crate::triggers::Pos;
use std::ops::Range;

/// A candidate event: one trigger with what its sentence says about it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Sentence index.
    pub sent: usize,
    /// The trigger entry chosen.
    pub trigger: u16,
    /// PLOVER type and mode, CAMEO code (may differ from the trigger's:
    /// "will support" is an intent, AGREE).
    pub code: Coding,
    /// The trigger's tokens.
    pub toks: Range<usize>,
    /// The trigger's words.
    pub span: Span,
    /// Used as a noun ("the attack") rather than a verb.
    pub nominal: bool,
    /// A definite noun ("the attack", "these bombings") that may refer
    /// back to an event already reported.
    pub definite: bool,
    /// Source actor mentions (several for "X and Y agreed").
    pub sources: Vec<usize>,
    /// Target actor mentions.
    pub targets: Vec<usize>,
    /// Place mentions stated for this event (several: one record each).
    pub places: Vec<usize>,
    /// The date stated for this event.
    pub time: Option<TimeMention>,
    /// Killed count.
    pub killed: Option<Casualty>,
    /// Injured count.
    pub injured: Option<Casualty>,
    /// An event this statement is about ("condemned the attack"): the
    /// embedded trigger's type, its own sources, and whether it was a
    /// definite description.
    pub about: Option<About>,
    /// A report of casualties or responsibility for an event told
    /// elsewhere ("700 people had been killed", "X claimed the attack"):
    /// joined to that event, never a record of its own.
    pub report: bool,
    /// Named as a point of reference ("after the fighting"): joined to the
    /// event it names, or dropped as background when none was reported.
    pub reference: bool,
    /// The subject is "the two leaders", "both sides": the dyad of the
    /// event before.
    pub plural_ref: bool,
    /// Speaker and outlet of the sentence.
    pub speaker: Option<usize>,
    /// Outlet mention index.
    pub outlet: Option<u16>,
}

impl Candidate {
    /// The last word of the trigger, lower-cased without a plural s: the
    /// head that a later "the attack" must share to refer back.
    pub fn head<'t>(&self, text: &'t str) -> &'t str {
        let w = self.span.slice(text);
        let last = w.rsplit(' ').next().unwrap_or(w);
        last.strip_suffix('s').unwrap_or(last)
    }
}

/// An event named inside a statement ("condemned the Iranian attack").
#[derive(Clone, Debug)]
pub(crate) struct About {
    /// Its PLOVER type.
    pub event_type: EventType,
    /// Its sources, when the words give them ("Iranian attack").
    pub sources: Vec<usize>,
    /// "the attack": refers to an event reported before.
    pub definite: bool,
    /// Its trigger head word.
    pub head: String,
    /// "vowed to continue their attacks": a threat about the speaker's
    /// own deeds, which it does not answer.
    pub own: bool,
}

/// The candidate events of every sentence, in text order.
pub(crate) fn find(cx: &Context) -> Vec<Candidate> {
    let mut out = Vec::new();
    for si in 0..cx.doc.sentences.len() {
        sentence(cx, si, &mut out);
    }
    out
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

/// Appends the candidate events of sentence `si` to `out`.
fn sentence(ctx: &Context, si: usize, out: &mut Vec<Candidate>) {
    let s = &ctx.doc.sentences[si];
    let range = s.tokens.clone();
    let hits: Vec<usize> = crate::context::within(&ctx.mentions.triggers, &range, |h| h.toks.start)
        .filter(|&i| ctx.mentions.triggers[i].toks.end <= range.end)
        .collect();
    // Most sentences name no event: nothing else to read in them.
    if hits.is_empty() {
        return;
    }
    let clauses = clauses(ctx, range.clone());
    let times = time::find(ctx.lex, ctx.text, ctx.doc, range.clone(), ctx.article.date);
    let casualties = quantity::find(ctx.lex, ctx.text, ctx.doc, range.clone());
    let attrib = attribution::find(ctx, range.clone());
    let first = out.len();
    for hi in hits {
        let hit = &ctx.mentions.triggers[hi];
        let start = hit.toks.start;
        if ctx.doc.in_quote.get(start).copied().unwrap_or(false) {
            continue;
        }
        // Attribution verbs ("announced", "reported") are not events.
        if attrib.verbs.contains(&start) {
            continue;
        }
        let nominal_ctx = nominal_context(ctx, start, hit.toks.end);
        let Some((tid, nominal)) =
            choose_entry(ctx, &hit.entries, hit.toks.clone(), range.end, nominal_ctx)
        else {
            continue;
        };
        let trig = &ctx.dict.triggers[tid as usize];
        let clause = clause_of(&clauses, start);
        // "would not meet their demands", "will not accept refugees": a
        // refused cooperation is a rejection; any other negated deed is
        // no event.
        let refused = negated(ctx, start, clause.start);
        let refusal = refused && !nominal && trig.code.event_type.is_cooperative();
        if refused && !refusal {
            continue;
        }
        // Background, not news: events in a relative clause about a place
        // or person ("where 28 people have been killed", "whom they had
        // taken hostage"), reduced relatives ("weapons seized last year
        // from"), and capitalised words inside a name ("Agency for
        // Development and Cooperation").
        if ctx.is(clause.start, &ctx.lex.background_relatives) {
            continue;
        }
        if !nominal && reduced_relative(ctx, start, hit.toks.end) {
            continue;
        }
        if start > range.start
            && ctx.w(start).starts_with(char::is_uppercase)
            && !ctx.w(start).chars().all(|c| c.is_uppercase())
        {
            continue;
        }
        // "the earthquake that killed thousands", "killed in a crash":
        // deaths without an attacker.
        if trig.harm && disaster_near(ctx, start, hit.toks.end, range.clone()) {
            continue;
        }
        // "arrested hundreds in raids": the manner of an event already
        // found in the clause.
        if nominal
            && (ctx.is_word(start.wrapping_sub(1), "in")
                || ctx.is_word(start.wrapping_sub(1), "during"))
            && out[first..]
                .iter()
                .any(|c| c.toks.end <= start && clause.contains(&c.toks.start))
        {
            continue;
        }
        // "invasion forces", "attack helicopters": a noun that modifies
        // the actor after it names no event.
        if nominal
            && ctx.mentions.actor_at.get(hit.toks.end).is_some_and(|a| {
                a.is_some_and(|a| ctx.actor(a as usize).toks.start == hit.toks.end)
            })
            && ctx.w(hit.toks.end).starts_with(char::is_lowercase)
        {
            continue;
        }
        // "after the fighting", "following the invasion", "since the
        // coup": a reference to an event told elsewhere.
        // "..., one day after a Serbian jet shot down a helicopter": a deed
        // in a clause of time or cause after the sentence's own event is
        // background too.
        let subordinate = !nominal
            && (start.saturating_sub(8).max(range.start)..start)
                .rev()
                .take_while(|&k| !(ctx.is_word(k, ",") || ctx.is_word(k, ";")))
                .find(|&k| ctx.is(k, &ctx.lex.subordinators))
                .is_some_and(|sub| {
                    // "after the prime minister said Georgia would suspend
                    // talks": what was said there is news.
                    let told = (sub..start).any(|k| attrib.verbs.contains(&k));
                    !told && out[first..].iter().any(|c| c.toks.end <= sub)
                });
        let reference = nominal && reference_phrase(ctx, start, range.start) || subordinate;
        // Embedded in an earlier statement of this sentence: "demanded that
        // Israel withdraw", "agreed to provide aid", "accused X of attacking".
        // A verb after "and" starts its own statement ("condemned the coup
        // and demanded his release").
        let coordinated_verb = ctx.is_word(start.wrapping_sub(1), "and") && !nominal;
        let governor = (first..out.len()).rev().find(|&g| {
            let c = &out[g];
            !c.reference
                && !coordinated_verb
                && GOVERNING.contains(&c.code.event_type)
                && c.toks.end <= start
                && !crosses_main_clause(ctx, c.toks.end, start)
                && (!matches!(
                    c.code.event_type,
                    EventType::Agree | EventType::Support | EventType::Concede | EventType::Consult
                ) || nominal
                    || ctx.is_word(start - 1, "to")
                    || ctx.is_word(start.saturating_sub(2), "to")
                    || is_promise(ctx, out[g].trigger))
        });
        // "marched through Hong Kong to demand ...", "telephoned X to
        // discuss": the purpose of an event already found in the clause,
        // not an event of its own.
        let purpose = ctx.is_word(start.wrapping_sub(1), "to")
            && out[first..]
                .iter()
                .any(|c| c.toks.end <= start && clause.contains(&c.toks.start));
        if purpose {
            continue;
        }
        if let Some(g) = governor {
            // "promised severe sanctions", "vowed to strike": a threat.
            let t = trig.code.event_type;
            if is_promise(ctx, out[g].trigger) && !t.is_cooperative() && !t.is_verbal() {
                out[g].code = ctx.dict.ontology.recode(Recode::threat_of(t));
            }
            if out[g].about.is_none() && (nominal_ctx || trig.pos == Pos::Noun) {
                let definite = ctx.is(start.wrapping_sub(1), &ctx.lex.definite_determiners)
                    || ctx.is(start.wrapping_sub(2), &ctx.lex.definite_determiners);
                let sources = roles::modifier_before(ctx, start).into_iter().collect();
                let head = hit
                    .span
                    .slice(ctx.text)
                    .rsplit(' ')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('s')
                    .to_ascii_lowercase();
                // ("condemned their killing": the victims'.)
                let own = out[g].code.event_type == EventType::Threaten
                    && (1..=2).any(|n| ctx.is(start.wrapping_sub(n), &ctx.lex.own_possessives));
                out[g].about = Some(About {
                    event_type: trig.code.event_type,
                    sources,
                    definite,
                    head,
                    own,
                });
            }
            continue;
        }
        let mut code = trig.code.clone();
        // "more releases were expected", "talks are due"
        let expected = (hit.toks.end..(hit.toks.end + 3).min(range.end)).any(|k| {
            ctx.is(k.wrapping_sub(1), &ctx.lex.be_forms) && ctx.is(k, &ctx.lex.expectation_words)
        });
        if expected {
            continue;
        }
        if refusal {
            code = ctx.dict.ontology.recode(Recode::Refusal);
        }
        // "will meet on Tuesday" is an announcement, dated when made.
        let mut future = trig.lemma.starts_with("will ") || trig.lemma.starts_with("would ");
        match modality(ctx, start, clause.start, range.clone()) {
            // "may halt mediation if cooperation founders": a conditional
            // measure against someone is a threat.
            Modality::Conditional
                if !code.event_type.is_verbal() && !code.event_type.is_cooperative() =>
            {
                code = ctx.dict.ontology.recode(Recode::threat_of(code.event_type));
            }
            Modality::Hypothetical | Modality::Conditional => continue,
            // "Britain will expel 23 diplomats": an announced measure.
            Modality::Future
                if matches!(
                    code.event_type,
                    EventType::Sanction | EventType::Coerce | EventType::Mobilize
                ) && !range
                    .clone()
                    .any(|k| ctx.is_word(k, "unless") || ctx.is_word(k, "if")) => {}
            Modality::Future if !code.event_type.is_verbal() => {
                // "will meet on Tuesday": the event is the announcement,
                // dated when it was made, not the meeting's day.
                future = true;
                let rule = if code.event_type.is_cooperative() {
                    Recode::Promise
                } else {
                    Recode::threat_of(code.event_type)
                };
                code = ctx.dict.ontology.recode(rule);
            }
            _ => {}
        }
        let passive = !nominal && passive(ctx, start);
        let mut r = roles::assign(
            ctx,
            range.clone(),
            &clause,
            start,
            hit.toks.end,
            nominal,
            passive,
            &attrib.speakers,
            code.event_type.is_verbal(),
        );
        // "Britain said Libya must hand over the bombers": Libya is asked,
        // by whoever said it.
        if trig.lemma == "must" {
            let asked = std::mem::take(&mut r.sources);
            let subj_start = asked.first().map_or(start, |&a| ctx.actor(a).toks.start);
            let teller = (range.start..subj_start)
                .rev()
                .find(|&k| ctx.is(k, &ctx.lex.must_tellers))
                .and_then(|k| roles::subject(ctx, range.clone(), k, &[]))
                .or_else(|| attrib.speaker.map(|s| vec![s]));
            r.targets = asked;
            r.sources = teller.unwrap_or_default();
            r.sources.retain(|s| !r.targets.contains(s));
        }
        if ctx.trace {
            eprintln!(
                "  trig {:?} nominal={nominal} passive={passive} src={:?} tgt={:?}",
                hit.span.slice(ctx.text),
                r.sources,
                r.targets
            );
        }
        // Who acts changes what the deed is: soldiers blocking roads
        // restrict movement; protesters storming a building riot.
        let sector = r.sources.first().and_then(|&a| ctx.actor(a).actor.sector);
        let rule = match (code.event_type, sector) {
            // Troops or police arriving somewhere are deployed, not visiting.
            (EventType::Consult, Some("MIL" | "COP")) if code.mode.as_deref() == Some("visit") => {
                Some(Recode::Deployment)
            }
            (EventType::Protest, Some("MIL" | "COP" | "GOV")) => Some(Recode::Restriction),
            (EventType::Assault | EventType::Coerce, Some("CVL" | "EDU" | "LAB"))
                if ctx.actor(r.sources[0]).actor.name.ends_with("ers")
                    || ctx.actor(r.sources[0]).actor.name.contains("student") =>
            {
                Some(Recode::Riot)
            }
            _ => None,
        };
        if let Some(rule) = rule {
            code = ctx.dict.ontology.recode(rule);
        }
        let plural_ref = r.sources.first().is_some_and(|&a| {
            let s = ctx.actor(a).toks.start;
            (ctx.is_word(s.wrapping_sub(1), "two") || ctx.is_word(s.wrapping_sub(1), "both"))
                || ctx.is_word(s, "both")
        });
        // A statement's complement ("agreed to resign on Wednesday",
        // "ordered Israel to prevent genocide in Gaza") has its own date
        // and place; a noun's does not ("signed agreements to normalise
        // relations ... on Tuesday").
        let statement = code.event_type.is_verbal() && !nominal;
        let places = roles::places(
            ctx,
            &clause,
            range.clone(),
            start,
            hit.toks.end,
            code.event_type,
            statement,
        );
        let complement = if statement {
            (hit.toks.end..clause.end)
                .find(|&k| ctx.is_word(k, "to") || ctx.is_word(k, "that"))
                .unwrap_or(clause.end)
        } else {
            range.end
        };
        let own_times: Vec<time::TimeMention> = times
            .iter()
            .copied()
            .filter(|t| t.token < complement)
            .collect();
        let time = if future {
            None
        } else {
            nearest_time(&own_times, &clause, &(ctx, &clauses), start)
        };
        let definite = nominal
            && (start > range.start + 2
                && ctx.is(start - 3, &ctx.lex.definite_determiners)
                && ctx.w(start - 2).starts_with(char::is_lowercase)
                && ctx.w(start - 1).starts_with(char::is_lowercase)
                || start > range.start && ctx.is(start - 1, &ctx.lex.definite_determiners)
                || start > range.start + 1
                    && ctx.is(start - 2, &ctx.lex.definite_determiners)
                    && ctx.w(start - 1).starts_with(char::is_lowercase));
        out.push(Candidate {
            sent: si,
            trigger: tid,
            code,
            toks: hit.toks.clone(),
            span: hit.span,
            nominal,
            definite,
            sources: r.sources,
            targets: r.targets,
            places,
            time,
            killed: None,
            injured: None,
            about: None,
            report: false,
            reference,
            plural_ref,
            speaker: attrib.speaker,
            outlet: attrib.outlet,
        });
    }
    // Casualty verbs ("killed", "wounded") that follow an attack in the
    // same sentence are part of it: "a drone attack that killed three".
    let mut k = first;
    while k < out.len() {
        let is_harm_verb = ctx.dict.triggers[out[k].trigger as usize].harm;
        let earlier = (first..k)
            .rev()
            .find(|&j| out[j].code.event_type == EventType::Assault)
            .or_else(|| {
                (k + 1..out.len())
                    .find(|&j| out[j].code.event_type == EventType::Assault && out[j].nominal)
            });
        // "700 people had been killed": casualties of an attack told before.
        if is_harm_verb
            && earlier.is_none()
            && out[k].code.event_type == EventType::Assault
            && passive(ctx, out[k].toks.start)
        {
            out[k].report = true;
        }
        if is_harm_verb && out[k].code.event_type == EventType::Assault {
            if let Some(j) = earlier {
                let victim = out[k].targets.clone();
                if out[j].targets.is_empty() {
                    out[j].targets = victim;
                }
                if out[j].sources.is_empty() && !out[k].sources.is_empty() {
                    let src = out[k].sources.clone();
                    // "Fighters killed 40 civilians in an attack": the
                    // killers did the attack. But in "the attack that
                    // killed X" the verb's subject is the attack itself, so
                    // an actor before the attack noun is not its source.
                    let before_verb = out[k].toks.start < out[j].toks.start;
                    if before_verb
                        || src
                            .iter()
                            .all(|&a| ctx.actor(a).toks.start > out[j].toks.end)
                    {
                        out[j].sources = src;
                    }
                }
                if out[j].places.is_empty() {
                    out[j].places = out[k].places.clone();
                }
                if out[j].time.is_none() {
                    out[j].time = out[k].time;
                }
                out.remove(k);
                continue;
            }
        }
        k += 1;
    }
    // "The Houthis said they had fired the missile": a verb whose object
    // is a weapon or deed already told is a claim of it.
    for c in &mut out[first..] {
        if !c.nominal
            && c.code.event_type == EventType::Assault
            && ctx.is_word(c.toks.end, "the")
            && ctx.is(c.toks.end + 1, &ctx.lex.deed_nouns)
        {
            c.report = true;
            c.nominal = true;
        }
    }
    // "Islamic State claimed the attack", "al-Shabaab said it carried out
    // the attack": who did an event told before.
    for c in &mut out[first..] {
        if c.nominal && c.definite && !c.code.event_type.is_verbal() {
            let lo = c.toks.start.saturating_sub(4).max(range.start);
            if (lo..c.toks.start).any(|k| ctx.is(k, &ctx.lex.claim_words)) {
                c.report = true;
            }
        }
    }
    // Casualties go to the nearest event before them (else the first).
    for c in casualties {
        let owner = (first..out.len())
            .filter(|&j| {
                matches!(
                    out[j].code.event_type,
                    EventType::Assault | EventType::Coerce | EventType::Protest
                )
            })
            .min_by_key(|&j| {
                let d = c.token as isize - out[j].toks.start as isize;
                (d < 0, d.unsigned_abs())
            });
        if let Some(j) = owner {
            let slot = match c.harm {
                Harm::Killed => &mut out[j].killed,
                Harm::Injured => &mut out[j].injured,
            };
            if slot.is_none_or(|s| s.vague && !c.vague) {
                *slot = Some(c);
            }
            // The victims: "killed three American soldiers".
            if out[j].targets.is_empty() {
                if let Some(v) = roles::victim(ctx, &c, range.clone()) {
                    out[j].targets = vec![v];
                }
            }
        }
    }
}

/// Token ranges of the clauses of a sentence: split at ; : ( ) dashes and
/// at commas that do not separate items of a list of names.
pub fn clauses(ctx: &Context, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for i in range.clone() {
        // Only punctuation bounds a clause.
        if ctx.doc.tokens[i].kind != crate::text::TokenKind::Punct {
            continue;
        }
        let w = ctx.w(i);
        let boundary = match w {
            ";" | ":" | "(" | ")" | "\u{2014}" | "\u{2013}" | "-" => true,
            "," => {
                let named = |j: usize| {
                    ctx.mentions.actor_at.get(j).is_some_and(Option::is_some)
                        || ctx.mentions.place_at.get(j).is_some_and(Option::is_some)
                };
                let list = i > range.start
                    && named(i - 1)
                    && (named(i + 1)
                        || (ctx.is_word(i + 1, "and") || ctx.is_word(i + 1, "or")) && named(i + 2));
                !list
            }
            _ => false,
        };
        if boundary {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    if out.is_empty() {
        out.push(range);
    }
    out
}

/// The clause holding token `t`.
pub fn clause_of(clauses: &[Range<usize>], t: usize) -> Range<usize> {
    clauses
        .iter()
        .find(|c| c.contains(&t))
        .cloned()
        .unwrap_or(t..t + 1)
}

/// Whether the words before `start` make the trigger a noun.
fn nominal_context(ctx: &Context, start: usize, end: usize) -> bool {
    if start == 0 {
        return true;
    }
    if ctx.is(start - 1, &ctx.lex.noun_markers)
        || ctx.doc.tokens[start - 1].kind == crate::text::TokenKind::Number
        || adjective_after_determiner(ctx, start)
    {
        return true;
    }
    // "Israeli strikes", "U.S. strikes on", "Hamas attack on"
    if let Some(a) = ctx.mentions.actor_at[start - 1] {
        let a = ctx.actor(a as usize);
        let followed = ctx.is(end, &ctx.lex.nominal_followers);
        return a.actor.kind == crate::actors::MentionKind::Modifier
            || followed && !ctx.is_word(end, "in")
            || followed && a.actor.kind != crate::actors::MentionKind::Entity;
    }
    // Sentence-initial capitalised noun: "Clashes erupted".
    false
}

/// Picks the first entry whose `needs` are met and whose part of speech
/// fits; returns it and whether it is used as a noun.
fn choose_entry(
    ctx: &Context,
    entries: &[u16],
    toks: Range<usize>,
    limit: usize,
    nominal_ctx: bool,
) -> Option<(u16, bool)> {
    let (start, end) = (toks.start, toks.end);
    let needs_met = |tid: u16| {
        let t = &ctx.dict.triggers[tid as usize];
        // A noun's needs may stand before it ("launched an offensive"); a
        // verb's come after it.
        let back = if t.pos == Pos::Noun { 4 } else { 0 };
        t.needs.is_empty()
            || (start.saturating_sub(back)..(end + 6).min(limit))
                .filter(|k| *k < start || *k >= end)
                .any(|k| {
                    let w = ctx.doc.low(k);
                    t.needs.iter().any(|n| n == w)
                })
    };
    let fits = |tid: u16, want_noun: bool| {
        let pos = ctx.dict.triggers[tid as usize].pos;
        match pos {
            Pos::Noun => want_noun,
            Pos::Verb => !want_noun,
            Pos::Phrase => true,
        }
    };
    // After "the", "its", "a" a word is a noun: no verb reading.
    let strong_noun = ctx.is(start.wrapping_sub(1), &ctx.lex.noun_only_markers)
        || adjective_after_determiner(ctx, start);
    let readings: &[bool] = if strong_noun && nominal_ctx {
        &[true]
    } else {
        &[nominal_ctx, !nominal_ctx]
    };
    for &want_noun in readings {
        if let Some(&t) = entries
            .iter()
            .find(|&&t| fits(t, want_noun) && needs_met(t))
        {
            let nominal = match ctx.dict.triggers[t as usize].pos {
                Pos::Noun => true,
                Pos::Verb => false,
                Pos::Phrase => nominal_ctx,
            };
            return Some((t, nominal));
        }
    }
    None
}

fn negated(ctx: &Context, start: usize, clause_start: usize) -> bool {
    let lo = start.saturating_sub(3).max(clause_start);
    (lo..start).any(|k| {
        let w = ctx.doc.low(k);
        ctx.is(k, &ctx.lex.negators) || w.ends_with("n't") || w.ends_with("n\u{2019}t")
    }) || (start >= 2 && ctx.is_word(start - 1, "to") && ctx.is(start - 2, &ctx.lex.failure_verbs))
}

enum Modality {
    Asserted,
    Future,
    Hypothetical,
    Conditional,
}

fn modality(ctx: &Context, start: usize, clause_start: usize, sentence: Range<usize>) -> Modality {
    let lo = start.saturating_sub(4).max(clause_start);
    if let Some(m) = (lo..start).find(|&k| ctx.is(k, &ctx.lex.modal_cues)) {
        // "NATO confirmed it would tighten the blockade": reported future.
        let reported = ctx.is_word(m, "would")
            && (sentence.start..m).any(|k| ctx.is(k, &ctx.lex.reporting_verbs));
        if reported {
            return Modality::Future;
        }
        let condition =
            (start..sentence.end).any(|k| ctx.is_word(k, "if") || ctx.is_word(k, "unless"));
        if condition && ctx.is(m, &ctx.lex.conditional_modals) {
            return Modality::Conditional;
        }
        return Modality::Hypothetical;
    }
    let lo = start.saturating_sub(3).max(clause_start);
    if (lo..start).any(|k| ctx.is(k, &ctx.lex.future_markers)) {
        return Modality::Future;
    }
    Modality::Asserted
}

fn passive(ctx: &Context, start: usize) -> bool {
    let w = ctx.w(start);
    let participle =
        w.ends_with("ed") || w.ends_with("en") || ctx.is(start, &ctx.lex.irregular_participles);
    participle
        && (ctx.is(start.wrapping_sub(1), &ctx.lex.be_forms)
            || ctx.is(start.wrapping_sub(2), &ctx.lex.be_forms) && ctx.w(start - 1).ends_with("ly"))
}

/// True when a main clause starts between `a` and `b` (", and the army
/// said", "; ", "but").
fn crosses_main_clause(ctx: &Context, a: usize, b: usize) -> bool {
    (a..b).any(|k| {
        ctx.is(k, &ctx.lex.clause_breaks)
            || (ctx.w(k) == "," && ctx.is(k + 1, &ctx.lex.clause_joiners))
    })
}

fn nearest_time(
    times: &[time::TimeMention],
    clause: &Range<usize>,
    clauses: &Clauses,
    start: usize,
) -> Option<time::TimeMention> {
    let (ctx, _) = clauses;
    // "officials said on Tuesday": that dates the telling, not the deed.
    let of_telling = |t: &time::TimeMention| {
        let k = t.token;
        ctx.is(k.wrapping_sub(1), &ctx.lex.telling_verbs)
            || ctx.is(k.wrapping_sub(2), &ctx.lex.telling_verbs)
                && ctx.is(k.wrapping_sub(1), &ctx.lex.telling_date_words)
    };
    times
        .iter()
        .filter(|t| clause.contains(&t.token))
        .min_by_key(|t| (t.token as isize - start as isize).unsigned_abs())
        .or_else(|| {
            times
                .iter()
                .filter(|t| !in_relative_clause(clauses, t.token) && !of_telling(t))
                .min_by_key(|t| (t.token as isize - start as isize).unsigned_abs())
        })
        .copied()
}

fn is_promise(ctx: &Context, trigger: u16) -> bool {
    ctx.dict.triggers[trigger as usize].promise
}

type Clauses<'a, 'b> = (&'a Context<'b>, &'a Vec<Range<usize>>);

/// True when token `t` lies in a relative or subordinate clause ("who took
/// control two weeks ago"), whose date is not the main event's.
fn in_relative_clause(clauses: &Clauses, t: usize) -> bool {
    let (ctx, list) = clauses;
    let c = clause_of(list, t);
    ctx.is(c.start, &ctx.lex.relative_openers)
}

/// A past participle right after a noun and before a preposition or time
/// word: "weapons seized last year from", "the curfew imposed in".
fn reduced_relative(ctx: &Context, start: usize, end: usize) -> bool {
    let w = ctx.doc.low(start);
    let participle = w.ends_with("ed") || w.ends_with("en");
    let prev = start.wrapping_sub(1);
    participle
        && ctx.w(prev).starts_with(char::is_lowercase)
        && ctx.mentions.actor_at.get(prev).is_some_and(Option::is_none)
        && !ctx.is(prev, &ctx.lex.be_forms)
        && !ctx.is(prev, &ctx.lex.not_before_participle)
        && !ctx.w(prev).ends_with("ly")
        && ctx.is(end, &ctx.lex.reduced_relative_followers)
}

/// "after the attack", "following the invasion", "in the wake of the
/// bombing": the noun names an event as a point of reference.
fn reference_phrase(ctx: &Context, start: usize, floor: usize) -> bool {
    let lo = start.saturating_sub(8).max(floor);
    (lo..start).any(|k| {
        ctx.is(k, &ctx.lex.reference_prepositions)
            || ctx.is(k, &ctx.lex.reference_nouns) && ctx.is(k + 1, &ctx.lex.reference_nouns)
            || ctx.is_word(k, "connection") && ctx.is_word(k + 1, "with")
            || (ctx.is_word(k, "because") || ctx.is_word(k, "due"))
                && (ctx.is_word(k + 1, "of") || ctx.is_word(k + 1, "to"))
    }) && !(lo..start).any(|k| ctx.is(k, &ctx.lex.response_nouns))
}

/// True when a harm word's cause is a disaster: "the earthquake that
/// killed", "killed in the floods".
fn disaster_near(ctx: &Context, start: usize, end: usize, range: Range<usize>) -> bool {
    let before =
        (start.saturating_sub(3).max(range.start)..start).any(|k| ctx.is(k, &ctx.lex.disasters));
    let after = (end..(end + 4).min(range.end)).any(|k| ctx.is(k, &ctx.lex.disasters));
    before || after && (ctx.is_word(end, "in") || ctx.is_word(end, "by"))
}

/// "the nationwide protests", "a fresh attack", "its first direct
/// attack": one or two lower-case words between a determiner and the
/// trigger make it a noun.
fn adjective_after_determiner(ctx: &Context, start: usize) -> bool {
    let adjective = |k: usize| {
        let w = ctx.w(k);
        w.starts_with(char::is_lowercase)
            && !w.ends_with("ed")
            && !ctx.is(k, &ctx.lex.be_forms)
            && !ctx.is(k, &ctx.lex.not_adjectives)
            && !ctx.is(k, &ctx.lex.not_adjectives)
            && ctx.mentions.actor_at[k].is_none()
    };
    // "the deadly attack", "its first direct attack".
    (1..=2).any(|n| {
        start > n
            && ctx.is(start - n - 1, &ctx.lex.noun_only_markers)
            && (start - n..start).all(adjective)
    })
}
