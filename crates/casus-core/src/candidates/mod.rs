//! Stage 5, candidates: the events each sentence states. Each trigger
//! of a sentence is read on its own (`read`: quotation, negation,
//! modality, embedding, background; roles from `roles`, and from the
//! parse by `tree_roles` where the windows found no source; places,
//! date), with the sentence's grammar (`grammar`), dates, casualty
//! counts (the parse's too, `tolls`, where no word window gave one) and
//! attribution (`attribution`); then the sentence's candidates learn
//! from one another (`passes`).

mod attribution;
mod grammar;
mod passes;
mod read;
mod roles;
mod tolls;
mod tree_roles;

use crate::context::Context;
use crate::ontology::{Coding, EventType};
use crate::quantity::Casualty;
use crate::span::Span;
use crate::time::{self, TimeMention};
use attribution::Attribution;
use read::Reading;
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
    /// Where no place is named: the nationality that names the country of
    /// one ("in the Syrian capital"), an actor mention.
    pub place_actor: Option<usize>,
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
    pub(crate) fn head<'t>(&self, text: &'t str) -> &'t str {
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
    /// The first token of its trigger.
    pub at: usize,
}

/// The candidate events of every sentence, in text order.
pub(crate) fn find(cx: &Context) -> Vec<Candidate> {
    let mut out = Vec::new();
    for si in 0..cx.doc.sentences.len() {
        sentence(cx, si, &mut out);
    }
    out
}

/// What a sentence gives every trigger in it.
struct SentenceFacts {
    /// Its index.
    index: usize,
    /// Its tokens.
    range: Range<usize>,
    /// Its clauses, as token ranges.
    clauses: Vec<Range<usize>>,
    /// The dates it states.
    times: Vec<TimeMention>,
    /// Who it says said it.
    attrib: Attribution,
}

/// Appends the candidate events of sentence `si` to `out`.
fn sentence(cx: &Context, si: usize, out: &mut Vec<Candidate>) {
    let range = cx.doc.sentences[si].tokens.clone();
    let triggers = &cx.mentions.triggers;
    let hits: Vec<usize> = crate::context::within(triggers, &range, |h| h.toks.start)
        .filter(|&i| triggers[i].toks.end <= range.end)
        .collect();
    // Most sentences name no event: nothing else to read in them, but a
    // toll that follows its event ("Two soldiers died. No civilians were
    // hurt.").
    if hits.is_empty() {
        passes::later_toll(cx, si, range, out);
        return;
    }
    let s = SentenceFacts {
        index: si,
        clauses: grammar::clauses(cx, range.clone()),
        times: time::find(cx.lex, cx.text, cx.doc, range.clone(), cx.article.date),
        attrib: attribution::find(cx, range.clone()),
        range,
    };
    let first = out.len();
    for hi in hits {
        match read::trigger(cx, &s, &triggers[hi], &out[first..]) {
            Reading::Nothing => {}
            Reading::Embedded(g, e) => read::embed(cx, &mut out[first + g], e),
            Reading::Event(c) => out.push(c),
        }
    }
    passes::join_harm_verbs(cx, out, first);
    passes::mark_claims(cx, &mut out[first..], &s.range);
    if !out[first..].iter().any(|c| c.code.event_type.is_force()) {
        passes::later_toll(cx, si, s.range, out);
        return;
    }
    let casualties = tolls::read(cx, si, &s.range);
    passes::assign_casualties(cx, &mut out[first..], casualties, &s.range);
}
