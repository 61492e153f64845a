//! Attribution, within stage 5 (candidates): who the sentence says
//! reported or claimed what it states ("Kirby said", "according to
//! officials", "a Pentagon official quoted by the New York Times") and
//! which outlet ("CNN reports").

use crate::context::Context;
use std::ops::Range;

/// The attribution of one sentence.
#[derive(Default)]
pub(super) struct Attribution {
    /// Actor mentions that are speakers (not roles of the events).
    pub speakers: Vec<usize>,
    /// The main speaker.
    pub speaker: Option<usize>,
    /// The outlet named in the sentence.
    pub outlet: Option<u16>,
    /// Tokens that are speech verbs.
    pub verbs: Vec<usize>,
}

/// Finds the attribution of the sentence `range`.
pub(super) fn find(ctx: &Context, range: Range<usize>) -> Attribution {
    let mut out = Attribution::default();
    for k in range.clone() {
        // Lower case and not part of a name ("United States").
        let is_verb = ctx.is(k, &ctx.lex.speech_verbs)
            && ctx.w(k).starts_with(char::is_lowercase)
            && ctx.mentions.actor_at[k].is_none();
        if !is_verb || ctx.doc.in_quote.get(k).copied().unwrap_or(false) {
            continue;
        }
        out.verbs.push(k);
        let after_first = ctx.is(k, &ctx.lex.speaker_follows);
        // Right: "according to X", "citing X", "said X".
        let right = (k + 1..(k + 6).min(range.end)).find_map(|j| {
            if ctx.is_word(j, ",") || ctx.is_word(j, ".") {
                return Some(None);
            }
            ctx.mentions.actor_at[j].map(|a| Some(a as usize))
        });
        // Left: "X said", "X, the spokesman, said".
        let left = (range.start.max(k.saturating_sub(6))..k)
            .rev()
            .find_map(|j| {
                // Not "blamed Iran ... and said": that speaker is the
                // subject of the verb before.
                if ctx.is(j, &ctx.lex.speaker_left_stops) {
                    return Some(None);
                }
                ctx.mentions.actor_at[j].map(|a| Some(a as usize))
            });
        let who = if after_first {
            right.flatten()
        } else {
            left.flatten().or(right.flatten())
        };
        if let Some(a) = who {
            // Only a speaker phrase that ends the sentence or stands apart
            // ("..., officials said.") is kept out of the roles.
            out.speakers.push(a);
            out.speaker.get_or_insert(a);
        }
    }
    out.outlet = ctx
        .mentions
        .outlets
        .iter()
        .find(|o| range.contains(&o.toks.start))
        .map(|o| o.outlet);
    out
}
