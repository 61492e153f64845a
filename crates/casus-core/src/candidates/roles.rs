//! Roles: the source and target of a trigger, from the clause around it
//! (active and passive voice, "by", "on", "against", "targeting",
//! possessives and modifiers, pronouns), and the places stated for it.

use crate::actors::MentionKind;
use crate::context::Context;
use crate::ontology::EventType;
use crate::quantity::Casualty;
use std::ops::Range;

/// The roles found for one trigger.
pub(super) struct Roles {
    /// Source actor mentions.
    pub sources: Vec<usize>,
    /// Target actor mentions.
    pub targets: Vec<usize>,
}

/// Assigns source and target to the trigger at `start..end`.
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
pub(super) fn assign(
    ctx: &Context,
    sentence: Range<usize>,
    clause: &Range<usize>,
    start: usize,
    end: usize,
    nominal: bool,
    passive: bool,
    speakers: &[usize],
    statement: bool,
) -> Roles {
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    if nominal {
        // "Israeli strikes", "Russia's attack", "U.S. strikes"
        if let Some(a) = modifier_before(ctx, start) {
            sources = coordinated_left(ctx, a);
        }
        // "attack by militants"
        if sources.is_empty() {
            if let Some(a) = by_agent(ctx, end, clause.end.min(end + 4)) {
                sources.push(a);
            }
        }
        // "condemnation from the Pope", "calls for calm have come from
        // the UN": what is said comes from its sayer.
        if sources.is_empty() && statement {
            if let Some(a) = agent_after(ctx, "from", end, clause.end.min(end + 5)) {
                sources = coordinated_right(ctx, a, clause.end);
            }
        }
        // "X launched an attack": the light verb's subject.
        if sources.is_empty() {
            let lo = start.saturating_sub(5).max(clause.start.saturating_sub(0));
            if let Some(lv) = (lo..start).rev().find(|&k| ctx.is(k, &ctx.lex.light_verbs)) {
                if let Some(s) = subject(ctx, sentence.clone(), lv, speakers) {
                    sources = s;
                }
                // "gave the Ivory Coast 5 million dollars of aid": the
                // light verb's object receives.
                if let Some(t) = object(ctx, lv + 1, start, speakers, true) {
                    targets = vec![t];
                }
            }
        }
        // "the rebels insisted on their demands": the owner of the deed
        // is the clause's subject.
        if sources.is_empty() {
            if let Some(own) = own_possessive_before(ctx, start) {
                if let Some(s) = subject(ctx, sentence.clone(), own, speakers) {
                    sources = s;
                }
            }
        }
        // "fighting between the army and the RSF"
        if let Some(b) = (end..clause.end.min(end + 12)).find(|&k| ctx.is_word(k, "between")) {
            let mut pair: Vec<usize> = (b + 1..clause.end.min(b + 12))
                .filter_map(|k| ctx.mentions.actor_at[k].map(|a| a as usize))
                .collect();
            pair.dedup();
            if pair.len() >= 2 && sources.is_empty() {
                return Roles {
                    sources: vec![pair[0]],
                    targets: vec![pair[1]],
                };
            }
        }
        if targets.is_empty() {
            if let Some(t) = object_after_prep(ctx, end, clause.end, speakers) {
                targets = coordinated_right(ctx, t, clause.end);
            }
        }
    } else if passive {
        if let Some(t) = subject(ctx, sentence.clone(), start, speakers) {
            targets = t;
        }
        let lim = clause.end.max(end + 1).min(sentence.end);
        if let Some(a) = by_agent(ctx, end, lim) {
            sources.push(a);
        }
    } else {
        // "Pakistan said 26 civilians were killed and vowed to retaliate":
        // a verb after "and" shares the sentence's first subject.
        // ", accusing her of lying": a participle set off after the
        // clause shares its subject too.
        let participle = super::grammar::set_off_participle(ctx, start);
        let joined = ctx.is_word(start.wrapping_sub(1), "and") || participle;
        let shared = joined.then(|| {
            crate::context::within(&ctx.mentions.actors, &sentence, |a| a.toks.start).find(|&a| {
                let m = ctx.actor(a);
                m.toks.end <= start
                    && ctx.preposition_before(m.toks.start).is_none()
                    && m.actor.kind != MentionKind::Modifier
            })
        });
        if let Some(Some(a)) = shared {
            sources = coordinated_left(ctx, a);
        } else if let Some(s) = subject(ctx, sentence.clone(), start, speakers) {
            sources = s;
        }
        if let Some(t) = object(
            ctx,
            end,
            clause.end.max(end).min(sentence.end),
            speakers,
            !statement,
        ) {
            targets = coordinated_right(ctx, t, clause.end);
        }
    }
    // "between Syria and Yasser Arafat"
    targets.retain(|t| !sources.contains(t));
    // The source for a statement may be the speaker when nothing else is.
    if sources.is_empty() && !speakers.is_empty() && !nominal && statement {
        sources.push(speakers[0]);
    }
    Roles { sources, targets }
}

/// A country/organisation modifier right before a noun trigger, with at
/// most two lower-case words between ("Israeli air strikes", "Russia's
/// latest attack").
pub(super) fn modifier_before(ctx: &Context, start: usize) -> Option<usize> {
    let mut j = start;
    let mut steps = 3;
    while steps > 0 {
        steps -= 1;
        j = j.checked_sub(1)?;
        if ctx.w(j) == "'s" || ctx.w(j) == "\u{2019}s" {
            continue;
        }
        // "Russian missile and drone strikes": nouns coordinated inside
        // the compound do not end it.
        let lower = |k: usize| ctx.w(k).starts_with(char::is_lowercase);
        if ctx.is_word(j, "and") && lower(j + 1) && j > 0 && lower(j - 1) {
            steps += 1;
            continue;
        }
        if let Some(a) = ctx.mentions.actor_at[j] {
            let a = a as usize;
            let m = ctx.actor(a);
            // "in the Syrian capital" places; "over Israeli raids" is
            // the cause of a complaint, and "Israeli" the raids' doer.
            let cause = ctx.preposition_before(m.toks.start) == Some("over");
            if ctx.is_locative_phrase(m.toks.start) && !cause {
                return None;
            }
            return Some(a);
        }
        if !ctx.w(j).starts_with(char::is_lowercase)
            || ctx.is(j, &ctx.lex.prepositions)
            || ctx.is(j, &ctx.lex.modifier_breaks)
        {
            return None;
        }
    }
    None
}

/// "its", "their" right before a noun trigger, or before one lower-case
/// word before it ("their hunger strike", "its new demands"), where the
/// phrase is a verb's object ("pressed their demands", "insisted on its
/// demands"), not a noun's ("the files from their investigation").
fn own_possessive_before(ctx: &Context, start: usize) -> Option<usize> {
    let lower = |k: usize| ctx.w(k).starts_with(char::is_lowercase);
    let own = [1, 2]
        .into_iter()
        .map(|n| start.wrapping_sub(n))
        .take_while(|&k| k < start && (k + 1 == start || lower(k + 1)))
        .find(|&k| ctx.is(k, &ctx.lex.own_possessives))?;
    let before = own.wrapping_sub(1);
    let governed = ctx.is(before, &ctx.lex.prepositions);
    let of_verb = ctx.is_word(before, "on") || ctx.is_word(before, "for");
    (!governed || of_verb).then_some(own)
}

/// "by X" within `start..lim`.
pub(super) fn by_agent(ctx: &Context, start: usize, lim: usize) -> Option<usize> {
    agent_after(ctx, "by", start, lim)
}

/// The actor of "PREP X" within `start..lim` (X at most four words on).
fn agent_after(ctx: &Context, prep: &str, start: usize, lim: usize) -> Option<usize> {
    let b = (start..lim).find(|&k| ctx.is_word(k, prep))?;
    let mut k = b + 1;
    while k < lim.max(b + 4) && k < b + 5 {
        if let Some(a) = ctx.mentions.actor_at.get(k).copied().flatten() {
            return Some(a as usize);
        }
        k += 1;
    }
    None
}

/// The subject of the verb at `verb`: the nearest actor to the left in the
/// sentence that is not the object of a preposition; a pronoun subject
/// takes the nearest actor before it.
pub(super) fn subject(
    ctx: &Context,
    sentence: Range<usize>,
    verb: usize,
    speakers: &[usize],
) -> Option<Vec<usize>> {
    // "Pakistan, a close U.S. ally, refused": the subject stands before
    // the apposition, not inside it.
    let mut k = apposition_before(ctx, &sentence, verb).unwrap_or(verb);
    let mut pronoun_at = None;
    let mut fallback = None;

    while k > sentence.start {
        k -= 1;
        let w = ctx.w(k);
        if w == ";" {
            break;
        }
        if let Some(a) = ctx.mentions.actor_at[k] {
            let a = a as usize;
            let m = ctx.actor(a);
            k = m.toks.start;
            if speakers.contains(&a) && is_attribution_phrase(ctx, m.toks.start) {
                continue;
            }
            if ctx.preposition_before(m.toks.start).is_some()
                && !ctx.is_word(m.toks.start.wrapping_sub(1), "targeting")
                && !quantity_of(ctx, m.toks.start)
                && !opens_clause(ctx, m.toks.start, m.toks.end, verb)
            {
                continue;
            }
            if m.actor.kind == MentionKind::Modifier
                && !ctx
                    .mentions
                    .actor_at
                    .get(m.toks.end)
                    .is_some_and(Option::is_some)
            {
                // "Syrian and Iraqi borders": an adjective, not a subject,
                // unless it modifies a trigger noun right after it.
                continue;
            }
            // "killed 23 people when they blew themselves up": a pronoun
            // names the subject before it, not the object of its verb.
            if pronoun_at.is_some() && object_of_verb(ctx, m.toks.start) {
                fallback.get_or_insert(a);
                continue;
            }
            return Some(coordinated_left(ctx, a));
        }
        if pronoun_at.is_none()
            && ctx.is(k, &ctx.lex.subject_pronouns)
            && !ctx.is(k.wrapping_sub(1), &ctx.lex.prepositions)
        {
            // "who" is a relative pronoun: keep looking left for its head.
            if !ctx.is_word(k, "who") {
                pronoun_at = Some(k);
            }
        }
    }
    if let Some(a) = fallback {
        return Some(coordinated_left(ctx, a));
    }
    // A pronoun with no antecedent in the sentence: the last actor of the
    // previous sentence that was not an object.
    if pronoun_at.is_some() {
        let s = ctx.doc.sentence_of(sentence.start);
        if s > 0 {
            let prev = ctx.doc.sentences[s - 1].tokens.clone();
            let best =
                crate::context::within(&ctx.mentions.actors, &prev, |a| a.toks.start).find(|&i| {
                    let a = &ctx.mentions.actors[i];
                    ctx.preposition_before(a.toks.start).is_none()
                        && a.actor.kind != MentionKind::Modifier
                });
            return best.map(|b| vec![b]);
        }
    }
    None
}

/// Words after the forces a deployment moves within which it says where
/// they go.
const DESTINATION_WINDOW: usize = 10;

/// "Kenya deployed troops to the Somali border", "Britain mobilized army
/// reservists for a war against Iraq", "France offered troops to the
/// force in Liberia": armed forces or police that are the object of a
/// deployment, an offer or aid, of no country or the source's own, are
/// what the source moves, not its target; the target is the first actor
/// after a preposition of destination within `lim`, or none.
pub(super) fn destination(ctx: &Context, r: &mut Roles, lim: usize) {
    let Some(&t) = r.targets.first() else {
        return;
    };
    let m = ctx.actor(t);
    let own = r.sources.first().and_then(|&s| ctx.actor(s).actor.country);
    let force = matches!(m.actor.sector, Some("MIL" | "COP"))
        && m.actor.kind == MentionKind::Entity
        && (m.actor.country.is_none() || m.actor.country == own);
    if !force || own.is_none() {
        return;
    }
    let lim = lim.min(m.toks.end + DESTINATION_WINDOW);
    let to = (m.toks.end..lim).find(|&k| ctx.is(k, &ctx.lex.destination_prepositions));
    r.targets = to
        .and_then(|p| (p + 1..lim).find_map(|j| ctx.mentions.actor_at[j]))
        .map(|a| coordinated_right(ctx, a as usize, lim))
        .unwrap_or_default();
    r.targets.retain(|a| !r.sources.contains(a));
}

/// Longest phrase set off by commas between a subject and its verb.
const APPOSITION_MAX: usize = 25;

/// "Pakistan, a close U.S. ally, has refused", "the man, who was
/// questioned by police, fled": the comma before the verb at `verb`
/// (auxiliaries and adverbs between) closes a phrase set off after the
/// subject, opened by a determiner or a relative word; the opening
/// comma's token. The phrase describes the subject; whatever actor it
/// names is not the verb's.
fn apposition_before(ctx: &Context, sentence: &Range<usize>, verb: usize) -> Option<usize> {
    let mut close = verb.checked_sub(1)?;
    while close > sentence.start && ctx.is(close, &ctx.lex.auxiliaries) {
        close -= 1;
    }
    if ctx.w(close) != "," {
        return None;
    }
    let lo = close.saturating_sub(APPOSITION_MAX).max(sentence.start + 1);
    let open = (lo..close)
        .rev()
        .find(|&k| ctx.w(k) == "," || ctx.w(k) == ";")?;
    let opens =
        ctx.is(open + 1, &ctx.lex.determiners) || ctx.is(open + 1, &ctx.lex.relative_openers);
    let head_word = ctx.w(open - 1).starts_with(char::is_alphanumeric);
    (ctx.w(open) == "," && open + 1 < close && opens && head_word).then_some(open)
}

/// "after gunmen ambushed a patrol": a word of occasion before an actor
/// that the verb follows at once opens a clause whose subject it is.
fn opens_clause(ctx: &Context, start: usize, end: usize, verb: usize) -> bool {
    end == verb && ctx.is(start.wrapping_sub(1), &ctx.lex.occasion_words)
}

fn is_attribution_phrase(ctx: &Context, start: usize) -> bool {
    ctx.is(start.wrapping_sub(1), &ctx.lex.speaker_markers)
        || ctx.is_word(start.wrapping_sub(1), ",")
}

/// The direct object of a verb: the first actor after it in the clause,
/// skipping places ("in Iraq") and speakers.
fn object(ctx: &Context, end: usize, lim: usize, speakers: &[usize], deed: bool) -> Option<usize> {
    // "demanded his release", "freed them": the nearest actor before.
    if ctx.is(end, &ctx.lex.object_pronouns) {
        let mut k = end;
        while k > 0 {
            k -= 1;
            if let Some(a) = ctx.mentions.actor_at[k] {
                let m = ctx.actor(a as usize);
                if m.actor.kind == MentionKind::Entity && !speakers.contains(&(a as usize)) {
                    return Some(a as usize);
                }
            }
            if end - k > 60 {
                break;
            }
        }
    }
    for k in end..lim {
        // "arrived in Haiti to lead a UN mission": a purpose, not an object.
        if deed
            && k > end
            && ctx.is_word(k, "to")
            && ctx.w(k + 1).starts_with(char::is_lowercase)
            && !ctx.is(k + 1, &ctx.lex.determiners)
        {
            return None;
        }
        if ctx.is(k, &ctx.lex.object_stops) && k > end {
            // "said" starts an attribution; "that" a complement clause,
            // whose subject is the target of demands and accusations.
            if ctx.is_word(k, "that") {
                continue;
            }
            // "rejected calls by Belarus": the author of what was said.
            if ctx.is_word(k, "by") && ctx.is(k - 1, &ctx.lex.said_nouns) {
                return (k + 1..(k + 4).min(lim))
                    .find_map(|j| ctx.mentions.actor_at[j].map(|a| a as usize));
            }
            return None;
        }
        if let Some(a) = ctx.mentions.actor_at.get(k).copied().flatten() {
            let a = a as usize;
            let m = ctx.actor(a);
            // "offered its troops to Lebanon": the subject's own people
            // are not the target; "fired a missile": nor is the weapon.
            if ctx.is(m.toks.start.wrapping_sub(1), &ctx.lex.own_possessives) {
                continue;
            }
            if m.actor.instrument {
                // "shot down drones launched by the Houthis": the launcher.
                let by = (m.toks.end..(m.toks.end + 3).min(lim)).find(|&k| ctx.is_word(k, "by"));
                let launcher = by
                    .and_then(|b| (b + 1..(b + 4).min(lim)).find_map(|k| ctx.mentions.actor_at[k]));
                if let Some(a) = launcher {
                    return Some(a as usize);
                }
                continue;
            }
            let aimed = ctx.is(m.toks.start.wrapping_sub(1), &ctx.lex.aimed_prepositions);
            // "in the Palestinian uprising": a nationality in a phrase of
            // place is no object either.
            let governing = ctx.preposition_index(m.toks.start);
            let aimed = aimed || governing.is_some_and(|p| ctx.is(p, &ctx.lex.aimed_prepositions));
            let placed =
                m.actor.kind == MentionKind::Modifier && ctx.is_locative_phrase(m.toks.start);
            if speakers.contains(&a) || (ctx.actor_is_place(a) || placed) && !aimed {
                continue;
            }
            return Some(a);
        }
    }
    None
}

/// The object of a preposition after a noun trigger: "attack on X",
/// "strikes against X", "talks with X", "visit to X".
fn object_after_prep(ctx: &Context, end: usize, lim: usize, speakers: &[usize]) -> Option<usize> {
    let mut k = end;
    while k < lim && k < end + 8 {
        if ctx.is(k, &ctx.lex.target_prepositions) {
            for j in k + 1..(k + 5).min(lim.max(k + 1)) {
                if let Some(a) = ctx.mentions.actor_at.get(j).copied().flatten() {
                    let a = a as usize;
                    if !speakers.contains(&a) && !names_a_place(ctx, a) {
                        return Some(a);
                    }
                }
                // "an attack on a base in Jordan": past the object, a
                // place says where, not whom.
                if ctx.is(j, &ctx.lex.target_prepositions)
                    || (ctx.is_word(j, ",") || ctx.is_word(j, "."))
                    || j > k + 1 && ctx.is(j, &ctx.lex.location_prepositions)
                {
                    break;
                }
            }
        }
        if ctx.is(k, &ctx.lex.prep_object_stops) {
            return None;
        }
        k += 1;
    }
    None
}

/// "the Iraqi city of Basra", "a Syrian village": a nationality before a
/// place noun says whose the place is, not whom a deed was done to.
fn names_a_place(ctx: &Context, a: usize) -> bool {
    let m = ctx.actor(a);
    m.actor.kind == MentionKind::Modifier && ctx.is(m.toks.end, &ctx.lex.place_nouns)
}

/// `a` and the actors coordinated before it ("the United States and
/// Jordan" → both).
fn coordinated_left(ctx: &Context, a: usize) -> Vec<usize> {
    let mut out = vec![a];
    let mut i = a;
    while ctx.mentions.actors[i].coordinated && i > 0 {
        i -= 1;
        out.push(i);
    }
    out.reverse();
    out
}

/// `a` and the actors coordinated after it within `lim`.
fn coordinated_right(ctx: &Context, a: usize, lim: usize) -> Vec<usize> {
    let mut out = vec![a];
    let mut i = a + 1;
    while i < ctx.mentions.actors.len()
        && ctx.mentions.actors[i].coordinated
        && ctx.mentions.actors[i].toks.start < lim
    {
        if !ctx.actor_is_place(i) {
            out.push(i);
        }
        i += 1;
    }
    out
}

/// The victims of a casualty count: the actor right after the number
/// ("killed three American soldiers") or right before the harm word
/// ("three soldiers were killed").
pub(super) fn victim(ctx: &Context, c: &Casualty, sentence: Range<usize>) -> Option<usize> {
    let num_end = ctx.doc.token_at(c.span.end().saturating_sub(1))?;
    for k in num_end + 1..(num_end + 4).min(sentence.end) {
        if let Some(a) = ctx.mentions.actor_at[k] {
            return Some(a as usize);
        }
        if ctx.is(k, &ctx.lex.victim_stops) {
            break;
        }
    }
    None
}

/// The places stated for the trigger at `start..end`: a place after a
/// locative preposition in its clause (right of the trigger first, then
/// left), with places coordinated with it ("in Syria and Iraq").
pub(super) fn places(
    ctx: &Context,
    clause: &Range<usize>,
    sentence: Range<usize>,
    start: usize,
    end: usize,
    event_type: EventType,
    statement: bool,
) -> Vec<usize> {
    let locative = |pm: usize| {
        let toks = &ctx.mentions.places[pm].toks;
        // "shelled Kharkiv", "bombed the Gaza Strip": the place a deed is
        // done to is where it happens.
        // ("attacked Haiti's prisons": a possessive names whose they are.)
        // "strikes hit Kharkiv": a deed noun's verb of impact, then its object.
        let from = if ctx.is(end, &ctx.lex.impact_verbs) {
            end + 1
        } else {
            end
        };
        let object = (toks.start == from || toks.start == from + 1 && ctx.is_word(from, "the"))
            && !(ctx.is_word(toks.end, "'s") || ctx.is_word(toks.end, "’s"));
        if object && matches!(event_type, EventType::Assault | EventType::Coerce) {
            return true;
        }
        match ctx.preposition_index(toks.start) {
            Some(p) => {
                ctx.is(p, &ctx.lex.locative_prepositions)
                    || (ctx.is_word(p, "on") && event_type == EventType::Assault)
                    || (ctx.is_word(p, "to")
                        && matches!(event_type, EventType::Consult | EventType::Aid))
                    || (ctx.is_word(p, "of")
                        && ctx.is(toks.start.wrapping_sub(2), &ctx.lex.place_nouns))
                    // "a target southwest of Gaza City", "30 km north of Kyiv"
                    || (ctx.is_word(p, "of") && ctx.is(p.wrapping_sub(1), &ctx.lex.direction_words))
            }
            None => false,
        }
    };
    let quoted = ctx.doc.in_quote.get(start).copied().unwrap_or(false);
    let in_clause: Vec<usize> =
        crate::context::within(&ctx.mentions.places, clause, |pm| pm.toks.start)
            .filter(|&i| {
                let pm = &ctx.mentions.places[i];
                let t = pm.toks.start;
                // A country name inside a longer actor ("United States
                // troops") names the actor, not a place.
                let in_actor = ctx.mentions.actor_at[t]
                    .is_some_and(|a| ctx.actor(a as usize).toks.end > pm.toks.end);
                clause.contains(&t)
                    && sentence.contains(&t)
                    && !in_actor
                    && ctx.doc.in_quote.get(t).copied().unwrap_or(false) == quoted
            })
            .collect();
    // A statement's complement ("ordered Israel to prevent genocide in
    // Gaza", "accused X of attacking fishermen near the Paracels") tells
    // what was said, not where.
    let complement = if statement && event_type != EventType::Consult {
        (end..clause.end)
            .find(|&k| ctx.is(k, &ctx.lex.complement_openers))
            .unwrap_or(clause.end)
    } else {
        clause.end
    };
    let right = in_clause.iter().copied().find(|&i| {
        ctx.mentions.places[i].toks.start >= end
            && ctx.mentions.places[i].toks.start < complement
            && locative(i)
    });
    let left = || {
        in_clause
            .iter()
            .rev()
            .copied()
            .find(|&i| ctx.mentions.places[i].toks.end <= start && locative(i))
    };
    let Some(first) = right.or_else(left) else {
        return vec![];
    };
    // "in Iraq's Anbar province": the more specific place.
    let mut first = first;
    if ctx.is_word(ctx.mentions.places[first].toks.end, "'s")
        || ctx.is_word(ctx.mentions.places[first].toks.end, "’s")
    {
        if let Some(n) = ctx
            .mentions
            .place_at
            .get(ctx.mentions.places[first].toks.end + 1)
            .copied()
            .flatten()
        {
            first = n as usize;
        }
    }
    let mut out = vec![first];
    // Coordinated: "in Syria and Iraq", "in Iraq, Syria and Yemen".
    let mut k = ctx.mentions.places[first].toks.end;
    loop {
        if !((ctx.is_word(k, "and") || ctx.is_word(k, ",")) || ctx.is_word(k, "or")) {
            break;
        }
        let mut j = k + 1;
        if ctx.is(j, &ctx.lex.place_list_skips) {
            j += 1;
        }
        match ctx.mentions.place_at.get(j).copied().flatten() {
            Some(n) => {
                out.push(n as usize);
                k = ctx.mentions.places[n as usize].toks.end;
            }
            None => break,
        }
    }
    out
}

/// Where a deed names no place: a nationality before a place noun after a
/// locative preposition in its clause ("in the Syrian capital", "near an
/// Afghan village") says in which country it was done. The modifier's
/// actor mention, right of the trigger first.
pub(super) fn place_by_nationality(
    ctx: &Context,
    clause: &Range<usize>,
    start: usize,
    end: usize,
) -> Option<usize> {
    let at = |k: usize| -> Option<usize> {
        if !ctx.is(k, &ctx.lex.locative_prepositions) {
            return None;
        }
        let j = if ctx.is(k + 1, &ctx.lex.determiners) {
            k + 2
        } else {
            k + 1
        };
        let a = ctx.mentions.actor_at.get(j).copied().flatten()? as usize;
        let m = ctx.actor(a);
        let named = m.actor.kind == MentionKind::Modifier && m.actor.country.is_some();
        (named && ctx.is(m.toks.end, &ctx.lex.place_nouns)).then_some(a)
    };
    (end..clause.end)
        .find_map(at)
        .or_else(|| (clause.start..start).rev().find_map(at))
}

/// Whether the phrase at `start` is a verb's object: a past-tense verb
/// before it, over a number or determiner ("killed 23 people", "attacked
/// the convoy").
fn object_of_verb(ctx: &Context, start: usize) -> bool {
    let mut k = start;
    while k > 0
        && (ctx.is(k - 1, &ctx.lex.determiners)
            || ctx.doc.tokens[k - 1].kind == crate::text::TokenKind::Number
            || ctx
                .lex
                .cardinals
                .value(&ctx.w(k - 1).to_ascii_lowercase())
                .is_some())
    {
        k -= 1;
    }
    k > 0 && ctx.w(k - 1).ends_with("ed") && ctx.w(k - 1).starts_with(char::is_lowercase)
}

/// "hundreds of people", "thousands of Kenyans", "a group of diplomats":
/// the phrase is the subject, not an object of "of".
fn quantity_of(ctx: &Context, start: usize) -> bool {
    let mut j = start;
    while j > 0
        && ctx.w(j - 1).starts_with(char::is_lowercase)
        && !ctx.is(j - 1, &ctx.lex.prepositions)
        && start - j < 2
    {
        j -= 1;
    }
    ctx.is_word(j.wrapping_sub(1), "of")
        && (ctx.is(j.wrapping_sub(2), &ctx.lex.group_nouns)
            || ctx
                .doc
                .tokens
                .get(j.wrapping_sub(2))
                .is_some_and(|t| t.kind == crate::text::TokenKind::Number))
}
