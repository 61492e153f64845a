//! Discourse: candidates across sentences. A definite description ("the
//! attack", "these bombings") joins the event it refers back to; a
//! responsibility phrase ("planned … by X") gives a source; "a week after
//! the attack" dates one event from another; "in response to" links them.

use crate::candidates::{About, Candidate};
use crate::context::Context;
use crate::ontology::EventType;
use crate::quantity::parse_number;
use crate::time::Date;

/// Joins, dates and links the candidates of an article.
/// A candidate as discourse leaves it: its roles, places, date and tolls
/// completed from the candidates joined to it, and how it stands to the
/// article's other events.
#[derive(Clone, Debug)]
pub(crate) struct Event {
    /// The candidate.
    pub cand: Candidate,
    /// Other sentences that report this event (after joining).
    pub more_sents: Vec<usize>,
    /// Indices (into the article's events) of events this answers.
    pub responds_to: Vec<usize>,
    /// This event happened `days` after event `other` ("a week after the
    /// attack"), give or take the tolerance: `(other, days, tolerance)`.
    pub after: Option<(usize, i32, u8)>,
    /// A date worked out from another event's, with its tolerance in days.
    pub derived_date: Option<(Date, u8)>,
    /// Joined into another event (by index): no record of its own.
    pub merged_into: Option<usize>,
    /// Dropped as background: named for reference, never reported.
    pub dropped: bool,
}

/// Stage 6: joins, dates and links the candidates of an article; one
/// event per candidate, in the same order.
pub(crate) fn resolve(ctx: &Context, cands: Vec<Candidate>) -> Vec<Event> {
    let mut evs: Vec<Event> = cands
        .into_iter()
        .map(|cand| Event {
            cand,
            more_sents: Vec::new(),
            responds_to: Vec::new(),
            after: None,
            derived_date: None,
            merged_into: None,
            dropped: false,
        })
        .collect();
    join(ctx, &mut evs);
    evs
}

fn join(ctx: &Context, evs: &mut [Event]) {
    relative_dates(ctx, evs);
    let n = evs.len();
    let mut measured_from: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (x, c) in evs.iter().enumerate() {
        if let Some((y, _, _)) = c.after {
            measured_from[y].push(x);
        }
    }
    for j in 0..n {
        // What may refer back: a definite description without its own
        // source ("the attack"), a report of casualties or of a claim, and
        // a bare deed with no actors at all ("explosions were heard").
        let c = &evs[j];
        let bare = c.cand.sources.is_empty()
            && c.cand.targets.is_empty()
            && !c.cand.code.event_type.is_verbal();
        if !(c.cand.definite && c.cand.sources.is_empty()
            || c.cand.report
            || c.cand.reference
            || bare)
        {
            continue;
        }
        // The event that "after the attack" is measured from is not the
        // attack itself.
        let mut excluded: Vec<usize> = measured_from[j].iter().map(|&x| root(evs, x)).collect();
        // Nor is the deed "in retaliation for the shelling" answers the
        // shelling.
        if response_cue(ctx, &evs[j].cand).is_some() {
            excluded.extend(
                same_sentence(evs, j)
                    .filter(|&x| x != j)
                    .map(|x| root(evs, x)),
            );
        }
        // A definite description refers back a few sentences at most.
        let lo = (0..j)
            .rev()
            .take_while(|&i| evs[i].cand.sent + REFERENCE_WINDOW >= evs[j].cand.sent)
            .last()
            .unwrap_or(j);
        let head = evs[j].cand.head(ctx.text).to_ascii_lowercase();
        let compatible = |i: usize, c: &[Event]| {
            let (a, b) = (&c[i], &c[j]);
            // "An April 1 strike" is not the attack of April 13.
            let dates_agree = match (a.cand.time, b.cand.time) {
                (Some(x), Some(y)) => x.date.days_until(y.date).abs() <= 1,
                _ => true,
            };
            a.merged_into.is_none()
                && a.cand.code.event_type == b.cand.code.event_type
                && !excluded.contains(&i)
                && places_agree(ctx, &a.cand, &b.cand)
                && dates_agree
        };
        let same_head = (lo..j).rev().find(|&i| {
            compatible(i, evs)
                && evs[i]
                    .cand
                    .span
                    .slice(ctx.text)
                    .to_ascii_lowercase()
                    .contains(head.as_str())
        });
        let any = || (lo..j).rev().find(|&i| compatible(i, evs));
        match same_head.or_else(any) {
            Some(i) => merge(evs, i, j),
            // Nothing to refer to: background, or an event of its own;
            // a toll of its own, with a side named, makes it news ("two
            // soldiers were killed after the Russian strike on Odesa").
            None if evs[j].cand.reference && !has_toll(&evs[j].cand) => evs[j].dropped = true,
            None => evs[j].cand.report = false,
        }
    }
    plural_references(evs);
    statements_about_events(ctx, evs);
    retaliation_targets(evs, ctx);
    denial_targets(evs, ctx);
    responsibility(ctx, evs);
    // No one is both sides of one deed ("suspended aid deliveries": the
    // aid's giver is the one suspending, not its target).
    for e in evs.iter_mut() {
        let sources = &e.cand.sources;
        e.cand.targets.retain(|t| !sources.contains(t));
    }
    // Dates across the "after" relation, now that joins are done.
    for x in 0..n {
        let Some((y, days, tol)) = evs[x].after else {
            continue;
        };
        let (rx, ry) = (root(evs, x), root(evs, y));
        if rx == ry {
            continue;
        }
        let dx = evs[rx].cand.time.map(|t| t.date);
        let dy = evs[ry].cand.time.map(|t| t.date);
        match (dx, dy) {
            (Some(d), None) if evs[ry].derived_date.is_none() => {
                evs[ry].derived_date = Some((d.add_days(-days), tol))
            }
            (None, Some(d)) if evs[rx].derived_date.is_none() => {
                evs[rx].derived_date = Some((d.add_days(days), tol))
            }
            _ => {}
        }
    }
    links(ctx, evs);
    narrative_places(ctx, evs);
    narrative_dates(ctx, evs);
}

/// An event the text gives no date for happened when the event it
/// answers did, or when the last dated event before it in the story did
/// ("Israel freed 39 prisoners the same evening").
fn narrative_dates(ctx: &Context, evs: &mut [Event]) {
    for j in 0..evs.len() {
        let c = &evs[j];
        if c.merged_into.is_some() || c.cand.time.is_some() || c.derived_date.is_some() {
            continue;
        }
        let dated = |i: usize| {
            let r = &evs[root(evs, i)];
            r.cand.time.map(|t| t.date).or(r.derived_date.map(|d| d.0))
        };
        let from_answer = c.responds_to.iter().find_map(|&i| dated(i));
        // ... of the same story: sharing a country with this event.
        let mine = countries_of(ctx, &c.cand);
        let from_story = || {
            (0..j)
                .rev()
                .take_while(|&i| evs[i].cand.sent + NARRATIVE_WINDOW >= c.cand.sent)
                .filter(|&i| {
                    mine.is_empty()
                        || countries_of(ctx, &evs[i].cand)
                            .iter()
                            .any(|k| mine.contains(k))
                })
                .find_map(|i| evs[i].cand.time.map(|t| t.date))
        };
        // Else the last date the story gave, even in a sentence with no
        // event ("late on Wednesday ... earlier in the day").
        let from_text = || {
            let first = c.cand.sent.saturating_sub(NARRATIVE_WINDOW - 1);
            (first..c.cand.sent).rev().find_map(|s| {
                let range = ctx.doc.sentences[s].tokens.clone();
                crate::time::find(ctx.lex, ctx.text, ctx.doc, range, ctx.article.date)
                    .last()
                    .map(|t| t.date)
            })
        };
        // A statement with no date of its own was made when the article
        // says, unless it answers an event.
        let statement = c.cand.code.event_type.is_verbal();
        let found = if statement {
            from_answer.or_else(from_story)
        } else {
            from_answer.or_else(from_story).or_else(from_text)
        };
        if let Some(d) = found {
            evs[j].derived_date = Some((d, 1));
        }
    }
}

/// A threat with no target, after an attack by someone else, is aimed at
/// the attacker: "Iran vowed revenge", "the group said it would respond".
fn retaliation_targets(evs: &mut [Event], ctx: &Context) {
    for j in 0..evs.len() {
        let c = &evs[j];
        if c.merged_into.is_some()
            || c.cand.code.event_type != EventType::Threaten
            || !c.cand.targets.is_empty()
        {
            continue;
        }
        let Some(&mine) = c.cand.sources.first() else {
            continue;
        };
        let me = source_country(ctx, &c.cand);
        let my_name = ctx.actor(mine).actor.name.as_str();
        let attack = latest_before(evs, j, |e| {
            !e.code.event_type.is_verbal()
                && !e.code.event_type.is_cooperative()
                && e.sources
                    .first()
                    .is_some_and(|&s| ctx.actor(s).actor.name != my_name)
                && (me.is_none() || source_country(ctx, e) != me)
        });
        if let Some(r) = attack {
            answer(evs, j, r);
        }
    }
}

fn source_country(ctx: &Context, c: &Candidate) -> Option<crate::actors::Iso3> {
    c.sources.first().and_then(|&s| ctx.actor(s).actor.country)
}

/// The latest surviving event within the reference window before `j`
/// that `fits`.
fn latest_before(evs: &[Event], j: usize, fits: impl Fn(&Candidate) -> bool) -> Option<usize> {
    (0..j)
        .rev()
        .take_while(|&i| evs[i].cand.sent + REFERENCE_WINDOW >= evs[j].cand.sent)
        .map(|i| root(evs, i))
        .find(|&r| fits(&evs[r].cand))
}

/// Event `j` answers event `r`: it targets `r`'s source and links to it.
fn answer(evs: &mut [Event], j: usize, r: usize) {
    evs[j].cand.targets = evs[r].cand.sources.iter().take(1).copied().collect();
    if !evs[j].responds_to.contains(&r) {
        evs[j].responds_to.push(r);
    }
}

/// How many sentences back an undated event takes its date from.
const NARRATIVE_WINDOW: usize = 3;

/// How many sentences back "the attack" may refer.
const REFERENCE_WINDOW: usize = 8;

/// The candidates of `y`'s sentence (candidates are in text order).
fn same_sentence(evs: &[Event], y: usize) -> std::ops::Range<usize> {
    let s = evs[y].cand.sent;
    let a = (0..y)
        .rev()
        .take_while(|&i| evs[i].cand.sent == s)
        .last()
        .unwrap_or(y);
    let b = (y..evs.len())
        .take_while(|&i| evs[i].cand.sent == s)
        .last()
        .unwrap_or(y);
    a..b + 1
}

/// Follows `merged_into` to the candidate that survives.
/// Whether the candidate tells its own dead or wounded and names who was
/// harmed or who harmed them ("an extended battle with cancer" names no
/// one).
fn has_toll(c: &Candidate) -> bool {
    (c.killed.is_some() || c.injured.is_some()) && !(c.sources.is_empty() && c.targets.is_empty())
}

pub(crate) fn root(evs: &[Event], mut i: usize) -> usize {
    while let Some(k) = evs[i].merged_into {
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

fn merge(evs: &mut [Event], into: usize, from: usize) {
    let src = evs[from].clone();
    let dst = &mut evs[into];
    // A claim ("X claimed the attack") names who did it.
    if dst.cand.sources.is_empty()
        || src.cand.report && src.cand.nominal && !src.cand.sources.is_empty()
    {
        dst.cand.sources = src.cand.sources;
    }
    // A precise count beats a vague one ("hundreds", then "at least 700").
    if src.cand.killed.is_some_and(|k| !k.vague) && dst.cand.killed.is_some_and(|k| k.vague) {
        dst.cand.killed = src.cand.killed;
    }
    if src.cand.injured.is_some_and(|k| !k.vague) && dst.cand.injured.is_some_and(|k| k.vague) {
        dst.cand.injured = src.cand.injured;
    }
    if dst.cand.targets.is_empty() {
        dst.cand.targets = src.cand.targets;
    }
    if dst.cand.places.is_empty() {
        dst.cand.places = src.cand.places;
    }
    if dst.cand.time.is_none() {
        dst.cand.time = src.cand.time;
    }
    if dst.cand.killed.is_none() {
        dst.cand.killed = src.cand.killed;
    }
    if dst.cand.injured.is_none() {
        dst.cand.injured = src.cand.injured;
    }
    if dst.cand.sent != src.cand.sent && !dst.more_sents.contains(&src.cand.sent) {
        dst.more_sents.push(src.cand.sent);
    }
    dst.responds_to.extend(src.responds_to);
    evs[from].merged_into = Some(into);
}

/// "X, carried out nearly a week after the deadly assault": X is dated
/// seven days (give or take two) after the assault.
fn relative_dates(ctx: &Context, evs: &mut [Event]) {
    for y in 0..evs.len() {
        let s = evs[y].cand.toks.start;
        let sent = evs[y].cand.sent;
        let range = ctx.doc.sentences[sent].tokens.clone();
        // "<N> <unit> after [the] [deadly] <Y>"
        let Some(after) = (s.saturating_sub(4).max(range.start)..s)
            .rev()
            .find(|&k| ctx.is_word(k, "after") || ctx.is_word(k, "before"))
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
            w => match parse_number(ctx.lex, w) {
                Some(n) => n as i32,
                None => continue,
            },
        };
        let vague = ctx.is(num_tok.wrapping_sub(1), &ctx.lex.approximators);
        let mut days = n * per;
        if ctx.is_word(after, "before") {
            days = -days;
        }
        let tol = if vague {
            (per as u8).min(7).div_ceil(3).max(2)
        } else {
            0
        };
        // X: the event of the same sentence this phrase modifies.
        let x = same_sentence(evs, y)
            .filter(|&x| x != y && evs[x].cand.toks.start < num_tok)
            .max_by_key(|&x| evs[x].cand.toks.start);
        if let Some(x) = x {
            evs[x].after = Some((y, days, tol));
        }
    }
}

/// A source from "planned … by X", "carried out by X", "blamed on X" in
/// the sentences of an event that has none.
fn responsibility(ctx: &Context, evs: &mut [Event]) {
    #[allow(clippy::needless_range_loop)] // the loop body writes evs[i]
    for i in 0..evs.len() {
        if evs[i].merged_into.is_some()
            || !evs[i].cand.sources.is_empty()
            || evs[i].cand.code.event_type.is_verbal()
        {
            continue;
        }
        let sents: Vec<usize> = std::iter::once(evs[i].cand.sent)
            .chain(evs[i].more_sents.iter().copied())
            .collect();
        for s in sents {
            let range = ctx.doc.sentences[s].tokens.clone();
            let found = range.clone().find_map(|k| {
                let blame = ctx.is_word(k, "blamed") || ctx.is_word(k, "attributed");
                if !ctx.is(k, &ctx.lex.responsibility_verbs) && !blame {
                    return None;
                }
                let prep = if ctx.is_word(k, "blamed") {
                    "on"
                } else if ctx.is_word(k, "attributed") {
                    "to"
                } else {
                    "by"
                };
                let p = (k + 1..(k + 8).min(range.end)).find(|&j| ctx.is_word(j, prep))?;
                (p + 1..(p + 4).min(range.end))
                    .find_map(|j| ctx.mentions.actor_at[j].map(|a| a as usize))
            });
            if let Some(a) = found {
                evs[i].cand.sources = vec![a];
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
            || crate::time::is_calendar_word(ctx.lex, ctx.doc, k)
    };
    ctx.lex.response_cues.iter().find_map(|cue| {
        let n = cue.len();
        (1..=5).find_map(|gap| {
            let at = s.checked_sub(n + gap - 1)?;
            (at >= range.start
                && cue
                    .iter()
                    .enumerate()
                    .all(|(k, w)| ctx.doc.low(at + k) == &**w)
                && (at + n..s).all(describes))
            .then_some(at)
        })
    })
}

/// "In response to a drone attack …, the United States struck", "the
/// United States struck … in retaliation for a drone attack": the strike
/// answers the attack. The events after the cued one answer it; if none
/// follows, the nearest one before the cue does.
fn links(ctx: &Context, evs: &mut [Event]) {
    for y in 0..evs.len() {
        let cue_at = response_cue(ctx, &evs[y].cand);
        let Some(cue_at) = cue_at else {
            continue;
        };
        let target = root(evs, y);
        let others: Vec<usize> = same_sentence(evs, y)
            .filter(|&x| x != y && root(evs, x) != target)
            .collect();
        let after: Vec<usize> = others
            .iter()
            .copied()
            .filter(|&x| evs[x].cand.toks.start > evs[y].cand.toks.end)
            .collect();
        let before = || {
            others
                .iter()
                .copied()
                .rfind(|&x| evs[x].cand.toks.end <= cue_at)
        };
        let answering: Vec<usize> = if !after.is_empty() {
            after
        } else if let Some(x) = before() {
            vec![x]
        } else {
            told_before(ctx, evs, y, cue_at).into_iter().collect()
        };
        for x in answering {
            let rx = root(evs, x);
            if !evs[rx].responds_to.contains(&target) {
                evs[rx].responds_to.push(target);
            }
        }
    }
}

/// "Iran fired missiles at Israel. The barrage was in retaliation for
/// …": a cue whose clause begins with a description of a deed ("the
/// barrage was", "the strikes came") and holds no event of its own
/// answers for the first deed of the sentence before.
fn told_before(ctx: &Context, evs: &[Event], y: usize, cue_at: usize) -> Option<usize> {
    let range = ctx.doc.sentences[evs[y].cand.sent].tokens.clone();
    // After "X said (that)", the clause of the cue.
    let start = (range.start..cue_at)
        .rfind(|&k| ctx.is(k, &ctx.lex.speech_openers))
        .map_or(range.start, |k| k + 1);
    let subject = start..cue_at;
    let refers = subject.len() <= 4
        && ctx.is(start, &ctx.lex.anaphors)
        && subject.clone().any(|k| ctx.is(k, &ctx.lex.copulas));
    if !refers || evs[y].cand.sent == 0 {
        return None;
    }
    let previous = evs[y].cand.sent - 1;
    (0..y)
        .filter(|&i| evs[i].cand.sent == previous && evs[i].merged_into.is_none())
        .find(|&i| !evs[i].cand.code.event_type.is_verbal() && !evs[i].cand.report)
}

/// "The two leaders agreed": the dyad of the nearest event before with two
/// actors.
fn plural_references(evs: &mut [Event]) {
    for j in 0..evs.len() {
        if !evs[j].cand.plural_ref || evs[j].merged_into.is_some() {
            continue;
        }
        let pair = (0..j).rev().take(6).find_map(|i| {
            let c = &evs[i];
            match (
                c.cand.sources.first(),
                c.cand.targets.first(),
                c.cand.sources.get(1),
            ) {
                (Some(&s), Some(&t), _) | (Some(&s), None, Some(&t)) => Some((s, t)),
                _ => None,
            }
        });
        if let Some((s, t)) = pair {
            evs[j].cand.sources = vec![s];
            evs[j].cand.targets = vec![t];
            // ... where they met.
            if evs[j].cand.places.is_empty() {
                let near = (0..j)
                    .rev()
                    .take(6)
                    .find(|&i| !evs[i].cand.places.is_empty());
                if let Some(i) = near {
                    evs[j].cand.places = evs[i].cand.places.clone();
                }
            }
        }
    }
}

/// "X condemned the Iranian attack", "Y blamed Iran for the strikes": a
/// statement about an event targets who did it and answers it.
fn statements_about_events(ctx: &Context, evs: &mut [Event]) {
    for g in 0..evs.len() {
        let Some(about) = evs[g].cand.about.clone().filter(|a| !a.own) else {
            continue;
        };
        if evs[g].merged_into.is_some() {
            continue;
        }
        let named = |i: usize| {
            let c = &evs[root(evs, i)];
            c.cand.code.event_type == about.event_type
                && (about.definite
                    || c.cand
                        .span
                        .slice(ctx.text)
                        .to_ascii_lowercase()
                        .contains(&about.head))
        };
        let window = || {
            (0..g)
                .rev()
                .take_while(|&i| evs[i].cand.sent + REFERENCE_WINDOW >= evs[g].cand.sent)
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
                && source_country(ctx, &evs[root(evs, i)].cand).is_some_and(|k| doers.contains(&k))
        });
        let earlier = by_doer.or_else(|| window().find(|&i| named(i)));
        let earlier = earlier.map(|i| root(evs, i));
        if blames_the_doer(ctx, &evs[g].cand, &about) {
            evs[g].cand.targets.clear();
        }
        if evs[g].cand.targets.is_empty() {
            if !about.sources.is_empty() {
                evs[g].cand.targets = about.sources.clone();
            } else if let Some(e) = earlier {
                evs[g].cand.targets = evs[e].cand.sources.iter().take(1).copied().collect();
            }
        }
        if let Some(e) = earlier.filter(|_| about.definite) {
            if e != g && !evs[g].responds_to.contains(&e) {
                evs[g].responds_to.push(e);
            }
        }
    }
}

/// "condemned the killing of a reporter by soldiers", "complained to the
/// UN over Israeli raids": a complaint about a deed whose doer the words
/// name is against that doer, not the deed's victim nor the one
/// complained to.
fn blames_the_doer(ctx: &Context, c: &Candidate, about: &About) -> bool {
    let complaint = matches!(c.code.event_type, EventType::Accuse | EventType::Protest);
    let beside = |&t: &usize| {
        let start = ctx.actor(t).toks.start;
        let to = |k: usize| ctx.is_word(k, "to");
        let det = ctx.is(start.wrapping_sub(1), &ctx.lex.determiners);
        start > about.at || to(start.wrapping_sub(1)) || det && to(start.wrapping_sub(2))
    };
    complaint && !about.sources.is_empty() && !c.targets.is_empty() && c.targets.iter().all(beside)
}

/// "Hezbollah denied any involvement": a rejection with no target of its
/// own answers the latest accusation against the one who rejects.
fn denial_targets(evs: &mut [Event], ctx: &Context) {
    let country = |a: usize| ctx.actor(a).actor.country;
    for j in 0..evs.len() {
        let c = &evs[j];
        if c.merged_into.is_some() || c.cand.code.event_type != EventType::Reject {
            continue;
        }
        let Some(me) = source_country(ctx, &c.cand) else {
            continue;
        };
        let own_target = c.cand.targets.first().and_then(|&t| country(t)) == Some(me);
        if !c.cand.targets.is_empty() && !own_target {
            continue;
        }
        let accusation = latest_before(evs, j, |e| {
            e.code.event_type == EventType::Accuse
                && e.targets.iter().any(|&t| country(t) == Some(me))
        });
        if let Some(r) = accusation {
            answer(evs, j, r);
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
fn narrative_places(ctx: &Context, evs: &mut [Event]) {
    for j in 0..evs.len() {
        let c = &evs[j];
        if c.merged_into.is_some()
            || !c.cand.places.is_empty()
            || c.cand.code.event_type.is_verbal()
        {
            continue;
        }
        let anonymous = c
            .cand
            .sources
            .iter()
            .chain(&c.cand.targets)
            .all(|&a| ctx.actor(a).actor.country.is_none());
        if !anonymous {
            continue;
        }
        let near = (0..j)
            .rev()
            .take_while(|&i| evs[i].cand.sent + 1 >= c.cand.sent)
            .find(|&i| !evs[i].cand.places.is_empty());
        if let Some(i) = near {
            evs[j].cand.places = evs[i].cand.places.clone();
        }
    }
}
