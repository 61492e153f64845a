//! Discourse: candidates across sentences. A definite description ("the
//! attack", "these bombings") joins the event it refers back to; a
//! responsibility phrase ("planned … by X") gives a source; "a week after
//! the attack" dates one event from another; "in response to" links them.

use crate::candidates::Candidate;
use crate::context::Context;
use crate::ontology::EventType;
use crate::quantity::parse_number;
use crate::words::{words, Words};

const RESPONSIBILITY: &Words = words![
    "planned",
    "facilitated",
    "orchestrated",
    "conducted",
    "masterminded",
    "directed",
    "carried",
    "claimed",
    "launched",
    "executed",
    "perpetrated",
    "ordered",
];
const RESPONSE_CUES: &[&[&str]] = &[
    &["in", "response", "to"],
    &["in", "retaliation", "for"],
    &["retaliation", "for"],
    &["in", "revenge", "for"],
    &["in", "reprisal", "for"],
    &["to", "avenge"],
    &["responding", "to"],
    &["in", "answer", "to"],
    &["following"],
    &["after"],
];

/// Joins, dates and links the candidates of an article.
pub(crate) fn resolve(ctx: &Context, mut cands: Vec<Candidate>) -> Vec<Candidate> {
    resolve_in_place(ctx, &mut cands);
    cands
}

fn resolve_in_place(ctx: &Context, cands: &mut [Candidate]) {
    relative_dates(ctx, cands);
    let n = cands.len();
    let mut measured_from: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (x, c) in cands.iter().enumerate() {
        if let Some((y, _, _)) = c.after {
            measured_from[y].push(x);
        }
    }
    for j in 0..n {
        // What may refer back: a definite description without its own
        // source ("the attack"), a report of casualties or of a claim, and
        // a bare deed with no actors at all ("explosions were heard").
        let c = &cands[j];
        let bare = c.sources.is_empty() && c.targets.is_empty() && !c.event_type.is_verbal();
        if !(c.definite && c.sources.is_empty() || c.report || c.reference || bare) {
            continue;
        }
        // The event that "after the attack" is measured from is not the
        // attack itself.
        let mut excluded: Vec<usize> = measured_from[j].iter().map(|&x| root(cands, x)).collect();
        // Nor is the deed "in retaliation for the shelling" answers the
        // shelling.
        if response_cue(ctx, &cands[j]).is_some() {
            excluded.extend(
                same_sentence(cands, j)
                    .filter(|&x| x != j)
                    .map(|x| root(cands, x)),
            );
        }
        // A definite description refers back a few sentences at most.
        let lo = (0..j)
            .rev()
            .take_while(|&i| cands[i].sent + REFERENCE_WINDOW >= cands[j].sent)
            .last()
            .unwrap_or(j);
        let head = cands[j].head(ctx.text).to_ascii_lowercase();
        let compatible = |i: usize, c: &[Candidate]| {
            let (a, b) = (&c[i], &c[j]);
            // "An April 1 strike" is not the attack of April 13.
            let dates_agree = match (a.time, b.time) {
                (Some(x), Some(y)) => x.date.days_until(y.date).abs() <= 1,
                _ => true,
            };
            a.merged_into.is_none()
                && a.event_type == b.event_type
                && !excluded.contains(&i)
                && places_agree(ctx, a, b)
                && dates_agree
        };
        let same_head = (lo..j).rev().find(|&i| {
            compatible(i, cands)
                && cands[i]
                    .span
                    .slice(ctx.text)
                    .to_ascii_lowercase()
                    .contains(head.as_str())
        });
        let any = || (lo..j).rev().find(|&i| compatible(i, cands));
        match same_head.or_else(any) {
            Some(i) => merge(cands, i, j),
            // Nothing to refer to: background, or an event of its own.
            None if cands[j].reference => cands[j].dropped = true,
            None => cands[j].report = false,
        }
    }
    plural_references(cands);
    statements_about_events(ctx, cands);
    retaliation_targets(cands, ctx);
    denial_targets(cands, ctx);
    responsibility(ctx, cands);
    // Dates across the "after" relation, now that joins are done.
    for x in 0..n {
        let Some((y, days, tol)) = cands[x].after else {
            continue;
        };
        let (rx, ry) = (root(cands, x), root(cands, y));
        if rx == ry {
            continue;
        }
        let dx = cands[rx].time.map(|t| t.date);
        let dy = cands[ry].time.map(|t| t.date);
        match (dx, dy) {
            (Some(d), None) if cands[ry].derived_date.is_none() => {
                cands[ry].derived_date = Some((d.add_days(-days), tol))
            }
            (None, Some(d)) if cands[rx].derived_date.is_none() => {
                cands[rx].derived_date = Some((d.add_days(days), tol))
            }
            _ => {}
        }
    }
    links(ctx, cands);
    narrative_places(ctx, cands);
    narrative_dates(ctx, cands);
}

/// An event the text gives no date for happened when the event it
/// answers did, or when the last dated event before it in the story did
/// ("Israel freed 39 prisoners the same evening").
fn narrative_dates(ctx: &Context, cands: &mut [Candidate]) {
    for j in 0..cands.len() {
        let c = &cands[j];
        if c.merged_into.is_some() || c.time.is_some() || c.derived_date.is_some() {
            continue;
        }
        let dated = |i: usize| {
            let r = &cands[root(cands, i)];
            r.time.map(|t| t.date).or(r.derived_date.map(|d| d.0))
        };
        let from_answer = c.responds_to.iter().find_map(|&i| dated(i));
        // ... of the same story: sharing a country with this event.
        let mine = countries_of(ctx, c);
        let from_story = || {
            (0..j)
                .rev()
                .take_while(|&i| cands[i].sent + NARRATIVE_WINDOW >= c.sent)
                .filter(|&i| {
                    mine.is_empty()
                        || countries_of(ctx, &cands[i])
                            .iter()
                            .any(|k| mine.contains(k))
                })
                .find_map(|i| cands[i].time.map(|t| t.date))
        };
        // Else the last date the story gave, even in a sentence with no
        // event ("late on Wednesday ... earlier in the day").
        let from_text = || {
            let first = c.sent.saturating_sub(NARRATIVE_WINDOW - 1);
            (first..c.sent).rev().find_map(|s| {
                let range = ctx.doc.sentences[s].tokens.clone();
                crate::time::find(ctx.text, ctx.doc, range, ctx.article.date)
                    .last()
                    .map(|t| t.date)
            })
        };
        // A statement with no date of its own was made when the article
        // says, unless it answers an event.
        let statement = c.event_type.is_verbal();
        let found = if statement {
            from_answer.or_else(from_story)
        } else {
            from_answer.or_else(from_story).or_else(from_text)
        };
        if let Some(d) = found {
            cands[j].derived_date = Some((d, 1));
        }
    }
}

/// A threat with no target, after an attack by someone else, is aimed at
/// the attacker: "Iran vowed revenge", "the group said it would respond".
fn retaliation_targets(cands: &mut [Candidate], ctx: &Context) {
    for j in 0..cands.len() {
        let c = &cands[j];
        if c.merged_into.is_some() || c.event_type != EventType::Threaten || !c.targets.is_empty() {
            continue;
        }
        let Some(&mine) = c.sources.first() else {
            continue;
        };
        let me = source_country(ctx, c);
        let my_name = ctx.actor(mine).actor.name.as_str();
        let attack = latest_before(cands, j, |e| {
            !e.event_type.is_verbal()
                && !e.event_type.is_cooperative()
                && e.sources
                    .first()
                    .is_some_and(|&s| ctx.actor(s).actor.name != my_name)
                && (me.is_none() || source_country(ctx, e) != me)
        });
        if let Some(r) = attack {
            answer(cands, j, r);
        }
    }
}

fn source_country(ctx: &Context, c: &Candidate) -> Option<crate::actors::Iso3> {
    c.sources.first().and_then(|&s| ctx.actor(s).actor.country)
}

/// The latest surviving event within the reference window before `j`
/// that `fits`.
fn latest_before(
    cands: &[Candidate],
    j: usize,
    fits: impl Fn(&Candidate) -> bool,
) -> Option<usize> {
    (0..j)
        .rev()
        .take_while(|&i| cands[i].sent + REFERENCE_WINDOW >= cands[j].sent)
        .map(|i| root(cands, i))
        .find(|&r| fits(&cands[r]))
}

/// Event `j` answers event `r`: it targets `r`'s source and links to it.
fn answer(cands: &mut [Candidate], j: usize, r: usize) {
    cands[j].targets = cands[r].sources.iter().take(1).copied().collect();
    if !cands[j].responds_to.contains(&r) {
        cands[j].responds_to.push(r);
    }
}

/// How many sentences back an undated event takes its date from.
const NARRATIVE_WINDOW: usize = 3;

/// How many sentences back "the attack" may refer.
const REFERENCE_WINDOW: usize = 8;

/// The candidates of `y`'s sentence (candidates are in text order).
fn same_sentence(cands: &[Candidate], y: usize) -> std::ops::Range<usize> {
    let s = cands[y].sent;
    let a = (0..y)
        .rev()
        .take_while(|&i| cands[i].sent == s)
        .last()
        .unwrap_or(y);
    let b = (y..cands.len())
        .take_while(|&i| cands[i].sent == s)
        .last()
        .unwrap_or(y);
    a..b + 1
}

/// Follows `merged_into` to the candidate that survives.
pub fn root(cands: &[Candidate], mut i: usize) -> usize {
    while let Some(k) = cands[i].merged_into {
        i = k;
    }
    i
}

fn places_agree(ctx: &Context, a: &Candidate, b: &Candidate) -> bool {
    if a.places.is_empty() || b.places.is_empty() {
        return true;
    }
    let country = |pm: usize| ctx.dict.gazetteer.places[ctx.places.choice[pm] as usize].country;
    b.places
        .iter()
        .any(|&pb| a.places.iter().any(|&pa| country(pa) == country(pb)))
}

fn merge(cands: &mut [Candidate], into: usize, from: usize) {
    let src = cands[from].clone();
    let dst = &mut cands[into];
    // A claim ("X claimed the attack") names who did it.
    if dst.sources.is_empty() || src.report && src.nominal && !src.sources.is_empty() {
        dst.sources = src.sources;
    }
    // A precise count beats a vague one ("hundreds", then "at least 700").
    if src.killed.is_some_and(|k| !k.vague) && dst.killed.is_some_and(|k| k.vague) {
        dst.killed = src.killed;
    }
    if src.injured.is_some_and(|k| !k.vague) && dst.injured.is_some_and(|k| k.vague) {
        dst.injured = src.injured;
    }
    if dst.targets.is_empty() {
        dst.targets = src.targets;
    }
    if dst.places.is_empty() {
        dst.places = src.places;
    }
    if dst.time.is_none() {
        dst.time = src.time;
    }
    if dst.killed.is_none() {
        dst.killed = src.killed;
    }
    if dst.injured.is_none() {
        dst.injured = src.injured;
    }
    if dst.sent != src.sent && !dst.more_sents.contains(&src.sent) {
        dst.more_sents.push(src.sent);
    }
    dst.responds_to.extend(src.responds_to);
    cands[from].merged_into = Some(into);
}

/// "X, carried out nearly a week after the deadly assault": X is dated
/// seven days (give or take two) after the assault.
fn relative_dates(ctx: &Context, cands: &mut [Candidate]) {
    for y in 0..cands.len() {
        let s = cands[y].toks.start;
        let sent = cands[y].sent;
        let range = ctx.doc.sentences[sent].tokens.clone();
        // "<N> <unit> after [the] [deadly] <Y>"
        let Some(after) = (s.saturating_sub(4).max(range.start)..s)
            .rev()
            .find(|&k| ctx.is(k, words!["after", "before"]))
        else {
            continue;
        };
        let Some(unit) = after.checked_sub(1) else {
            continue;
        };
        let per = match ctx.doc.low(unit) {
            "day" | "days" => 1,
            "week" | "weeks" => 7,
            "month" | "months" => 30,
            _ => continue,
        };
        let Some(num_tok) = unit.checked_sub(1) else {
            continue;
        };
        let n = match ctx.doc.low(num_tok) {
            "a" | "an" | "one" => 1,
            w => match parse_number(w) {
                Some(n) => n as i32,
                None => continue,
            },
        };
        let vague = ctx.is(
            num_tok.wrapping_sub(1),
            words![
                "nearly", "about", "almost", "some", "around", "roughly", "over", "more", "less",
            ],
        );
        let mut days = n * per;
        if ctx.is(after, words!["before"]) {
            days = -days;
        }
        let tol = if vague {
            (per as u8).min(7).div_ceil(3).max(2)
        } else {
            0
        };
        // X: the event of the same sentence this phrase modifies.
        let x = same_sentence(cands, y)
            .filter(|&x| x != y && cands[x].toks.start < num_tok)
            .max_by_key(|&x| cands[x].toks.start);
        if let Some(x) = x {
            cands[x].after = Some((y, days, tol));
        }
    }
}

/// A source from "planned … by X", "carried out by X", "blamed on X" in
/// the sentences of an event that has none.
fn responsibility(ctx: &Context, cands: &mut [Candidate]) {
    #[allow(clippy::needless_range_loop)] // the loop body writes cands[i]
    for i in 0..cands.len() {
        if cands[i].merged_into.is_some()
            || !cands[i].sources.is_empty()
            || cands[i].event_type.is_verbal()
        {
            continue;
        }
        let sents: Vec<usize> = std::iter::once(cands[i].sent)
            .chain(cands[i].more_sents.iter().copied())
            .collect();
        for s in sents {
            let range = ctx.doc.sentences[s].tokens.clone();
            let found = range.clone().find_map(|k| {
                if !ctx.is(k, RESPONSIBILITY) && !ctx.is(k, words!["blamed", "attributed"]) {
                    return None;
                }
                let prep = if ctx.is(k, words!["blamed"]) {
                    words!["on"]
                } else if ctx.is(k, words!["attributed"]) {
                    words!["to"]
                } else {
                    words!["by"]
                };
                let p = (k + 1..(k + 8).min(range.end)).find(|&j| ctx.is(j, prep))?;
                (p + 1..(p + 4).min(range.end))
                    .find_map(|j| ctx.mentions.actor_at[j].map(|a| a as usize))
            });
            if let Some(a) = found {
                cands[i].sources = vec![a];
                break;
            }
        }
    }
}

/// Where the cue that `c` is answered starts: "in retaliation for
/// (last week's deadly) c", "in response to (Sunday's) c".
fn response_cue(ctx: &Context, c: &Candidate) -> Option<usize> {
    let s = c.toks.start;
    let range = ctx.doc.sentences[c.sent].tokens.clone();
    // Between the cue and the event, only its description: "in
    // retaliation for last week's deadly drone attack", "in response
    // to Sunday's attack".
    let describes = |k: usize| {
        let w = ctx.w(k);
        w.starts_with(char::is_lowercase)
            || w.starts_with(|c: char| c.is_ascii_digit())
            || matches!(w, "'s" | "’s" | "'" | "’")
            || crate::time::is_calendar_word(ctx.doc, k)
    };
    RESPONSE_CUES.iter().find_map(|cue| {
        let n = cue.len();
        (1..=5).find_map(|gap| {
            let at = s.checked_sub(n + gap - 1)?;
            (at >= range.start
                && cue
                    .iter()
                    .enumerate()
                    .all(|(k, w)| ctx.doc.low(at + k) == *w)
                && (at + n..s).all(describes))
            .then_some(at)
        })
    })
}

/// "In response to a drone attack …, the United States struck", "the
/// United States struck … in retaliation for a drone attack": the strike
/// answers the attack. The events after the cued one answer it; if none
/// follows, the nearest one before the cue does.
fn links(ctx: &Context, cands: &mut [Candidate]) {
    for y in 0..cands.len() {
        let cue_at = response_cue(ctx, &cands[y]);
        let Some(cue_at) = cue_at else {
            continue;
        };
        let target = root(cands, y);
        let others: Vec<usize> = same_sentence(cands, y)
            .filter(|&x| x != y && root(cands, x) != target)
            .collect();
        let after: Vec<usize> = others
            .iter()
            .copied()
            .filter(|&x| cands[x].toks.start > cands[y].toks.end)
            .collect();
        let before = || {
            others
                .iter()
                .copied()
                .rfind(|&x| cands[x].toks.end <= cue_at)
        };
        let answering: Vec<usize> = if !after.is_empty() {
            after
        } else if let Some(x) = before() {
            vec![x]
        } else {
            told_before(ctx, cands, y, cue_at).into_iter().collect()
        };
        for x in answering {
            let rx = root(cands, x);
            if !cands[rx].responds_to.contains(&target) {
                cands[rx].responds_to.push(target);
            }
        }
    }
}

/// "Iran fired missiles at Israel. The barrage was in retaliation for
/// …": a cue whose clause begins with a description of a deed ("the
/// barrage was", "the strikes came") and holds no event of its own
/// answers for the first deed of the sentence before.
fn told_before(ctx: &Context, cands: &[Candidate], y: usize, cue_at: usize) -> Option<usize> {
    let range = ctx.doc.sentences[cands[y].sent].tokens.clone();
    // After "X said (that)", the clause of the cue.
    let start = (range.start..cue_at)
        .rfind(|&k| ctx.is(k, words!["said", "says", "say", "stated", "that"]))
        .map_or(range.start, |k| k + 1);
    let subject = start..cue_at;
    let refers = subject.len() <= 4
        && ctx.is(start, words!["the", "this", "that", "these", "those", "it"])
        && subject
            .clone()
            .any(|k| ctx.is(k, words!["was", "were", "is", "are", "came"]));
    if !refers || cands[y].sent == 0 {
        return None;
    }
    let previous = cands[y].sent - 1;
    (0..y)
        .filter(|&i| cands[i].sent == previous && cands[i].merged_into.is_none())
        .find(|&i| !cands[i].event_type.is_verbal() && !cands[i].report)
}

/// "The two leaders agreed": the dyad of the nearest event before with two
/// actors.
fn plural_references(cands: &mut [Candidate]) {
    for j in 0..cands.len() {
        if !cands[j].plural_ref || cands[j].merged_into.is_some() {
            continue;
        }
        let pair = (0..j).rev().take(6).find_map(|i| {
            let c = &cands[i];
            match (c.sources.first(), c.targets.first(), c.sources.get(1)) {
                (Some(&s), Some(&t), _) | (Some(&s), None, Some(&t)) => Some((s, t)),
                _ => None,
            }
        });
        if let Some((s, t)) = pair {
            cands[j].sources = vec![s];
            cands[j].targets = vec![t];
            // ... where they met.
            if cands[j].places.is_empty() {
                let near = (0..j).rev().take(6).find(|&i| !cands[i].places.is_empty());
                if let Some(i) = near {
                    cands[j].places = cands[i].places.clone();
                }
            }
        }
    }
}

/// "X condemned the Iranian attack", "Y blamed Iran for the strikes": a
/// statement about an event targets who did it and answers it.
fn statements_about_events(ctx: &Context, cands: &mut [Candidate]) {
    for g in 0..cands.len() {
        let Some(about) = cands[g].about.clone().filter(|a| !a.own) else {
            continue;
        };
        if cands[g].merged_into.is_some() {
            continue;
        }
        let named = |i: usize| {
            let c = &cands[root(cands, i)];
            c.event_type == about.event_type
                && (about.definite
                    || c.span
                        .slice(ctx.text)
                        .to_ascii_lowercase()
                        .contains(&about.head))
        };
        let window = || {
            (0..g)
                .rev()
                .take_while(|&i| cands[i].sent + REFERENCE_WINDOW >= cands[g].sent)
        };
        // "The Iranian attack": the latest attack by Iran, if the story
        // has one, before the latest attack of all.
        let doers: Vec<_> = about
            .sources
            .iter()
            .filter_map(|&a| ctx.actor(a).actor.country)
            .collect();
        let by_doer = window().find(|&i| {
            named(i)
                && source_country(ctx, &cands[root(cands, i)]).is_some_and(|k| doers.contains(&k))
        });
        let earlier = by_doer.or_else(|| window().find(|&i| named(i)));
        let earlier = earlier.map(|i| root(cands, i));
        if cands[g].targets.is_empty() {
            if !about.sources.is_empty() {
                cands[g].targets = about.sources.clone();
            } else if let Some(e) = earlier {
                cands[g].targets = cands[e].sources.iter().take(1).copied().collect();
            }
        }
        if let Some(e) = earlier.filter(|_| about.definite) {
            if e != g && !cands[g].responds_to.contains(&e) {
                cands[g].responds_to.push(e);
            }
        }
    }
}

/// "Hezbollah denied any involvement": a rejection with no target of its
/// own answers the latest accusation against the one who rejects.
fn denial_targets(cands: &mut [Candidate], ctx: &Context) {
    let country = |a: usize| ctx.actor(a).actor.country;
    for j in 0..cands.len() {
        let c = &cands[j];
        if c.merged_into.is_some() || c.event_type != EventType::Reject {
            continue;
        }
        let Some(me) = source_country(ctx, c) else {
            continue;
        };
        let own_target = c.targets.first().and_then(|&t| country(t)) == Some(me);
        if !c.targets.is_empty() && !own_target {
            continue;
        }
        let accusation = latest_before(cands, j, |e| {
            e.event_type == EventType::Accuse && e.targets.iter().any(|&t| country(t) == Some(me))
        });
        if let Some(r) = accusation {
            answer(cands, j, r);
        }
    }
}

/// The countries an event involves: its actors' and its places'.
fn countries_of(ctx: &Context, c: &Candidate) -> Vec<crate::actors::Iso3> {
    let actors = c
        .sources
        .iter()
        .chain(&c.targets)
        .filter_map(|&a| ctx.actor(a).actor.country);
    let places = c
        .places
        .iter()
        .filter_map(|&p| ctx.dict.gazetteer.places[ctx.places.choice[p] as usize].country);
    actors.chain(places).collect()
}

/// "Thousands rallied in Tbilisi ... Police detained 20 protesters": a
/// deed whose actors name no country happens where the story's last deed
/// did.
fn narrative_places(ctx: &Context, cands: &mut [Candidate]) {
    for j in 0..cands.len() {
        let c = &cands[j];
        if c.merged_into.is_some() || !c.places.is_empty() || c.event_type.is_verbal() {
            continue;
        }
        let anonymous = c
            .sources
            .iter()
            .chain(&c.targets)
            .all(|&a| ctx.actor(a).actor.country.is_none());
        if !anonymous {
            continue;
        }
        let near = (0..j)
            .rev()
            .take_while(|&i| cands[i].sent + 1 >= c.sent)
            .find(|&i| !cands[i].places.is_empty());
        if let Some(i) = near {
            cands[j].places = cands[i].places.clone();
        }
    }
}
