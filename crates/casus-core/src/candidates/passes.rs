//! What a sentence's candidates learn from one another once every
//! trigger is read: harm verbs join the attack they tell of, claims of a
//! deed told before are marked, and casualty counts go to their event.

use super::grammar::passive;
use super::{roles, Candidate};
use crate::context::Context;
use crate::ontology::EventType;
use crate::quantity::{self, Casualty, Harm};
use std::ops::Range;

/// Casualty verbs ("killed", "wounded") that follow an attack in the same
/// sentence are part of it: "a drone attack that killed three". So are
/// those before an attack noun, or before an attack verb that a word of
/// occasion introduces ("three were killed when gunmen stormed the
/// post"). A harm verb with no attack to join, in the passive, reports
/// the casualties of an attack told before ("700 people had been
/// killed"). The sentence's candidates are those of `cands` from `first`
/// on.
pub(super) fn join_harm_verbs(cx: &Context, cands: &mut Vec<Candidate>, first: usize) {
    let mut k = first;
    while k < cands.len() {
        let is_harm = |c: &Candidate| {
            cx.dict.triggers[c.trigger as usize].harm && c.code.event_type == EventType::Assault
        };
        let harm = is_harm(&cands[k]);
        let attack = |j: &usize| cands[*j].code.event_type == EventType::Assault;
        let later = |j: &usize| {
            let c = &cands[*j];
            c.nominal || !is_harm(c) && occasioned(cx, cands[k].toks.end..c.toks.start)
        };
        let earlier = (first..k)
            .rev()
            .find(attack)
            .or_else(|| (k + 1..cands.len()).find(|j| attack(j) && later(j)));
        match earlier {
            Some(j) if harm => {
                let verb = cands.remove(k);
                let j = if j > k { j - 1 } else { j };
                join_attack(cx, &mut cands[j], verb);
                continue;
            }
            None if harm && passive(cx, cands[k].toks.start) => cands[k].report = true,
            _ => {}
        }
        k += 1;
    }
}

/// Whether a word of occasion ("when", "as", "after") opens the clause
/// between a toll and the deed after it, a few words on.
fn occasioned(cx: &Context, between: Range<usize>) -> bool {
    between.len() <= 6 && between.clone().any(|k| cx.is(k, &cx.lex.occasion_words))
}

/// Attack `a` takes in what the harm verb `verb` says of it. Who was
/// struck is not who struck: in "a bomb killed a child and wounded two
/// women" the child is no subject of "wounded". An attack after a word
/// of occasion is the toll's own deed, not background.
fn join_attack(cx: &Context, a: &mut Candidate, mut verb: Candidate) {
    if !a.nominal && a.toks.start > verb.toks.start {
        // "Workers were injured when they clashed with police": the
        // victims may be a side of the deed told after them.
        a.reference = false;
    } else {
        a.sources.retain(|s| !verb.targets.contains(s));
    }
    if a.targets.is_empty() {
        a.targets = std::mem::take(&mut verb.targets);
    }
    verb.sources.retain(|s| !a.targets.contains(s));
    if a.sources.is_empty() && !verb.sources.is_empty() {
        // "Fighters killed 40 civilians in an attack": the killers did the
        // attack. But in "the attack that killed X" the verb's subject is
        // the attack itself, so an actor before the attack noun is not its
        // source.
        let before_verb = verb.toks.start < a.toks.start;
        if before_verb
            || verb
                .sources
                .iter()
                .all(|&s| cx.actor(s).toks.start > a.toks.end)
        {
            a.sources = verb.sources;
        }
    }
    if a.places.is_empty() {
        a.places = verb.places;
    }
    if a.time.is_none() {
        a.time = verb.time;
    }
}

/// "The Houthis said they had fired the missile": a verb whose object is
/// a weapon or deed already told is a claim of it. "Islamic State claimed
/// the attack", "al-Shabaab said it carried out the attack", "the group
/// that planned the bombings": who did an event told before.
pub(super) fn mark_claims(cx: &Context, cands: &mut [Candidate], sentence: &Range<usize>) {
    for c in cands.iter_mut() {
        if !c.nominal
            && c.code.event_type == EventType::Assault
            && cx.is_word(c.toks.end, "the")
            && cx.is(c.toks.end + 1, &cx.lex.deed_nouns)
        {
            c.report = true;
            c.nominal = true;
        }
    }
    for c in cands.iter_mut() {
        if c.nominal && c.definite && !c.code.event_type.is_verbal() {
            let lo = c.toks.start.saturating_sub(4).max(sentence.start);
            let claim =
                |k: usize| cx.is(k, &cx.lex.claim_words) || cx.is(k, &cx.lex.responsibility_verbs);
            if (lo..c.toks.start).any(claim) {
                c.report = true;
            }
        }
    }
}

/// Casualties go to the nearest event of force before them (else the
/// first after), with their victims when it has no target.
pub(super) fn assign_casualties(
    cx: &Context,
    cands: &mut [Candidate],
    casualties: Vec<Casualty>,
    sentence: &Range<usize>,
) {
    for c in casualties {
        let owner = (0..cands.len())
            .filter(|&j| cands[j].code.event_type.is_force())
            .min_by_key(|&j| {
                let d = c.token as isize - cands[j].toks.start as isize;
                (d < 0, d.unsigned_abs())
            });
        let Some(j) = owner else {
            continue;
        };
        let slot = match c.harm {
            Harm::Killed => &mut cands[j].killed,
            Harm::Injured => &mut cands[j].injured,
        };
        if slot.is_none_or(|s| s.vague && !c.vague) {
            *slot = Some(c);
        }
        // The victims: "killed three American soldiers"; whoever was
        // harmed did not do it.
        if cands[j].targets.is_empty() {
            if let Some(v) = roles::victim(cx, &c, sentence.clone()) {
                cands[j].targets = vec![v];
                cands[j].sources.retain(|&a| a != v);
            }
        }
    }
}

/// A toll in sentence `si`, which names no event of force, for the last
/// event of force in the sentence before it whose toll of that kind is
/// not yet known: "Militants attacked the post. Two soldiers were
/// killed."
pub(super) fn later_toll(cx: &Context, si: usize, range: Range<usize>, out: &mut [Candidate]) {
    let previous = out
        .iter()
        .rposition(|c| c.sent + 1 == si && c.code.event_type.is_force());
    let Some(j) = previous else {
        return;
    };
    if !mentions_harm(cx, &range) {
        return;
    }
    for c in super::tolls::read(cx, si, &range) {
        let slot = match c.harm {
            Harm::Killed => &mut out[j].killed,
            Harm::Injured => &mut out[j].injured,
        };
        if slot.is_none() {
            *slot = Some(c);
        }
    }
}

/// Whether any token of `range` is a word of harm, or "no"/"nobody" that
/// may begin a toll of zero: the cheap test before reading tolls.
fn mentions_harm(cx: &Context, range: &Range<usize>) -> bool {
    let (lex, doc) = (cx.lex, cx.doc);
    range.clone().any(|k| {
        quantity::harm_at(lex, doc, k).is_some()
            || doc.is(k, &lex.zero_killed_nouns)
            || doc.is(k, &lex.zero_injured_nouns)
    })
}
