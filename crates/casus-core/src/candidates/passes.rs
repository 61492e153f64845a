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
/// sentence are part of it: "a drone attack that killed three". A harm
/// verb with no attack to join, in the passive, reports the casualties
/// of an attack told before ("700 people had been killed").
/// The sentence's candidates are those of `cands` from `first` on.
pub(super) fn join_harm_verbs(cx: &Context, cands: &mut Vec<Candidate>, first: usize) {
    let mut k = first;
    while k < cands.len() {
        let harm = cx.dict.triggers[cands[k].trigger as usize].harm
            && cands[k].code.event_type == EventType::Assault;
        let attack = |j: &usize| cands[*j].code.event_type == EventType::Assault;
        let earlier = (first..k)
            .rev()
            .find(attack)
            .or_else(|| (k + 1..cands.len()).find(|j| attack(j) && cands[*j].nominal));
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

/// Attack `a` takes in what the harm verb `verb` says of it.
fn join_attack(cx: &Context, a: &mut Candidate, verb: Candidate) {
    if a.targets.is_empty() {
        a.targets = verb.targets;
    }
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
/// the attack", "al-Shabaab said it carried out the attack": who did an
/// event told before.
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
            if (lo..c.toks.start).any(|k| cx.is(k, &cx.lex.claim_words)) {
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
        // The victims: "killed three American soldiers".
        if cands[j].targets.is_empty() {
            if let Some(v) = roles::victim(cx, &c, sentence.clone()) {
                cands[j].targets = vec![v];
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
