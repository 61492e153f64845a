//! The grammar the candidates stage reads a trigger's sentence by:
//! clauses, whether a trigger is a noun or a verb, negation, modality,
//! the passive, relative and reduced relative clauses, references to
//! events told elsewhere, and which date of the sentence is the event's.

use crate::context::Context;
use crate::time;
use crate::triggers::Pos;
use std::ops::Range;

/// Token ranges of the clauses of a sentence: split at ; : ( ) dashes and
/// at commas that do not separate items of a list of names.
pub(super) fn clauses(ctx: &Context, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut within = None;
    for i in range.clone() {
        // Only punctuation bounds a clause.
        if ctx.doc.tokens[i].kind != crate::text::TokenKind::Punct {
            continue;
        }
        // "met Zalmay Khalilzad, a US envoy, in Qatar": a noun phrase set
        // off after a name belongs to the clause around it.
        // The phrase's closing comma, unless a new clause starts after it
        // ("in northern Kenya, where they clashed").
        if within.take() == Some(i)
            && !ctx.is(i + 1, &ctx.lex.relative_openers)
            && !ctx.is(i + 1, &ctx.lex.subordinators)
        {
            continue;
        }
        if let Some(close) = apposition_after(ctx, &range, i) {
            within = Some(close);
            continue;
        }
        let w = ctx.w(i);
        let boundary = match w {
            ";" | ":" | "(" | ")" | "\u{2014}" | "\u{2013}" | "-" => true,
            "," => {
                let named = |j: usize| names_something(ctx, j);
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

/// Whether token `j` is part of an actor or a place mention.
fn names_something(ctx: &Context, j: usize) -> bool {
    ctx.mentions.actor_at.get(j).is_some_and(Option::is_some)
        || ctx.mentions.place_at.get(j).is_some_and(Option::is_some)
}

/// Longest phrase set off by commas after a name, in tokens.
const SET_OFF_MAX: usize = 12;

/// The closing comma of a noun phrase set off after the name before the
/// comma at `i` (it opens with a determiner), or of a place phrase set
/// off after a capitalised word ("Omar Jilo, in northern Kenya,"): words
/// only, no speech verb ("the army said") and no trigger.
fn apposition_after(ctx: &Context, range: &Range<usize>, i: usize) -> Option<usize> {
    let named = |j: usize| names_something(ctx, j);
    if ctx.w(i) != "," || i == range.start {
        return None;
    }
    // "raided Omar Jilo, in northern Kenya, where": a place for a name
    // the gazetteer lacks.
    let capital = ctx.w(i - 1).starts_with(char::is_uppercase);
    let described = named(i - 1) && ctx.is(i + 1, &ctx.lex.determiners);
    let placed = capital && ctx.is(i + 1, &ctx.lex.locative_prepositions);
    if !(described || placed) {
        return name_after(ctx, range, i);
    }
    let lim = (i + SET_OFF_MAX).min(range.end);
    let close = (i + 2..lim).find(|&k| ctx.doc.tokens[k].kind == crate::text::TokenKind::Punct)?;
    let has_place = (i + 2..close).any(named);
    if placed && !has_place {
        return None;
    }
    let triggers = &ctx.mentions.triggers;
    let first = triggers.partition_point(|h| h.toks.start <= i);
    let trigger_inside = triggers.get(first).is_some_and(|h| h.toks.start < close);
    let plain = !trigger_inside && (i + 1..close).all(|k| !ctx.is(k, &ctx.lex.speech_verbs));
    (ctx.w(close) == "," && plain).then_some(close)
}

/// Longest name set off after what it names, in tokens.
const NAME_MAX: usize = 4;

/// The closing comma of a name the dictionaries lack set off after an
/// actor or place ("a member of the Syrian parliament, Omar Haddad,
/// began"): a person named after the body they belong to.
fn name_after(ctx: &Context, range: &Range<usize>, i: usize) -> Option<usize> {
    if !names_something(ctx, i - 1) {
        return None;
    }
    let lim = (i + 2 + NAME_MAX).min(range.end);
    let close = (i + 2..lim).find(|&k| ctx.w(k) == ",")?;
    let name = (i + 1..close).all(|k| {
        ctx.w(k).starts_with(char::is_uppercase)
            && !names_something(ctx, k)
            && ctx.doc.tokens[k].kind != crate::text::TokenKind::Punct
    });
    name.then_some(close)
}

/// Whether the verb at `start` is a participle set off by a comma after
/// its clause (", accusing him of ...", ", shelling their positions").
pub(super) fn set_off_participle(ctx: &Context, start: usize) -> bool {
    ctx.is_word(start.wrapping_sub(1), ",") && ctx.w(start).ends_with("ing")
}

/// The clause holding token `t`.
pub(super) fn clause_of(clauses: &[Range<usize>], t: usize) -> Range<usize> {
    clauses
        .iter()
        .find(|c| c.contains(&t))
        .cloned()
        .unwrap_or(t..t + 1)
}

/// Whether the words before `start` make the trigger a noun.
pub(super) fn nominal_context(ctx: &Context, start: usize, end: usize) -> bool {
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
pub(super) fn choose_entry(
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

pub(super) fn negated(ctx: &Context, start: usize, clause_start: usize) -> bool {
    let lo = start.saturating_sub(3).max(clause_start);
    (lo..start).any(|k| {
        let w = ctx.doc.low(k);
        ctx.is(k, &ctx.lex.negators) || w.ends_with("n't") || w.ends_with("n\u{2019}t")
    }) || (start >= 2 && ctx.is_word(start - 1, "to") && ctx.is(start - 2, &ctx.lex.failure_verbs))
}

pub(super) enum Modality {
    Asserted,
    Future,
    Hypothetical,
    Conditional,
}

pub(super) fn modality(
    ctx: &Context,
    start: usize,
    clause_start: usize,
    sentence: Range<usize>,
) -> Modality {
    let lo = start.saturating_sub(4).max(clause_start);
    // A word of a name is no modal: "Theresa May accused".
    let modal = |k: usize| ctx.is(k, &ctx.lex.modal_cues) && ctx.mentions.actor_at[k].is_none();
    if let Some(m) = (lo..start).find(|&k| modal(k)) {
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

pub(super) fn passive(ctx: &Context, start: usize) -> bool {
    let w = ctx.w(start);
    let participle =
        w.ends_with("ed") || w.ends_with("en") || ctx.is(start, &ctx.lex.irregular_participles);
    // "accused of", "suspected of": the active voice puts an object
    // between ("accused him of"); "warned of" is active.
    participle
        && (ctx.is(start.wrapping_sub(1), &ctx.lex.be_forms)
            || ctx.is(start.wrapping_sub(2), &ctx.lex.be_forms) && ctx.w(start - 1).ends_with("ly")
            || ctx.is(start, &ctx.lex.of_passives) && ctx.is_word(start + 1, "of"))
}

/// True when a main clause starts between `a` and `b` (", and the army
/// said", "; ", "but").
pub(super) fn crosses_main_clause(ctx: &Context, a: usize, b: usize) -> bool {
    (a..b).any(|k| {
        ctx.is(k, &ctx.lex.clause_breaks)
            || (ctx.w(k) == "," && ctx.is(k + 1, &ctx.lex.clause_joiners))
    })
}

pub(super) fn nearest_time(
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

pub(super) fn is_promise(ctx: &Context, trigger: u16) -> bool {
    ctx.dict.triggers[trigger as usize].promise
}

pub(super) type Clauses<'a, 'b> = (&'a Context<'b>, &'a Vec<Range<usize>>);

/// True when token `t` lies in a relative or subordinate clause ("who took
/// control two weeks ago"), whose date is not the main event's.
pub(super) fn in_relative_clause(clauses: &Clauses, t: usize) -> bool {
    let (ctx, list) = clauses;
    let c = clause_of(list, t);
    ctx.is(c.start, &ctx.lex.relative_openers)
}

/// A past participle right after a noun and before a preposition or time
/// word: "weapons seized last year from", "the curfew imposed in"; or
/// after an actor and before "of" (see [`of_after_actor`]).
pub(super) fn reduced_relative(ctx: &Context, start: usize, end: usize) -> bool {
    let w = ctx.doc.low(start);
    let participle = w.ends_with("ed") || w.ends_with("en");
    let prev = start.wrapping_sub(1);
    participle && (after_noun(ctx, prev, end) || of_after_actor(ctx, prev, end))
}

fn after_noun(ctx: &Context, prev: usize, end: usize) -> bool {
    ctx.w(prev).starts_with(char::is_lowercase)
        && ctx.mentions.actor_at.get(prev).is_some_and(Option::is_none)
        && !ctx.is(prev, &ctx.lex.be_forms)
        && !ctx.is(prev, &ctx.lex.not_before_participle)
        && !ctx.w(prev).ends_with("ly")
        && ctx.is(end, &ctx.lex.reduced_relative_followers)
}

/// "..., the former drug lord accused of murdering an agent": after an
/// actor inside a noun phrase (a word or comma before it, not the start
/// of a sentence as in a headline's "Police accused of abuses"), a
/// participle passive with "of" describes the actor.
fn of_after_actor(ctx: &Context, prev: usize, end: usize) -> bool {
    let Some(Some(a)) = ctx.mentions.actor_at.get(prev) else {
        return false;
    };
    let before = ctx.actor(*a as usize).toks.start.wrapping_sub(1);
    ctx.is_word(end, "of")
        && ctx.is(prev + 1, &ctx.lex.of_passives)
        && (ctx.w(before) == "," || ctx.w(before).starts_with(char::is_lowercase))
}

/// "after the attack", "following the invasion", "in the wake of the
/// bombing": the noun names an event as a point of reference.
pub(super) fn reference_phrase(ctx: &Context, start: usize, floor: usize) -> bool {
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
pub(super) fn disaster_near(ctx: &Context, start: usize, end: usize, range: Range<usize>) -> bool {
    let before =
        (start.saturating_sub(3).max(range.start)..start).any(|k| ctx.is(k, &ctx.lex.disasters));
    let after = (end..(end + 4).min(range.end)).any(|k| ctx.is(k, &ctx.lex.disasters));
    before || after && (ctx.is_word(end, "in") || ctx.is_word(end, "by"))
}

/// "the nationwide protests", "a fresh attack", "its first direct
/// attack": one or two lower-case words between a determiner and the
/// trigger make it a noun.
pub(super) fn adjective_after_determiner(ctx: &Context, start: usize) -> bool {
    // A participle qualifies the noun too: "a suspected crude bomb",
    // "an improvised explosive device".
    let adjective = |k: usize| {
        let w = ctx.w(k);
        w.starts_with(char::is_lowercase)
            && !ctx.is(k, &ctx.lex.be_forms)
            && !ctx.is(k, &ctx.lex.not_adjectives)
            && ctx.mentions.actor_at[k].is_none()
    };
    // "the deadly attack", "its first direct attack"; after a number, a
    // plural ("two petrol bombs", not "three candidates withdrew").
    let plural = ctx.doc.low(start).ends_with('s');
    let marker = |k: usize| {
        ctx.is(k, &ctx.lex.noun_only_markers)
            || plural && crate::quantity::parse_number(ctx.lex, ctx.w(k)).is_some()
    };
    (1..=2).any(|n| start > n && marker(start - n - 1) && (start - n..start).all(adjective))
}
