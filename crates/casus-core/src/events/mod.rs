//! Stages 4 to 9: events. Triggers become candidate events with roles,
//! place, date, casualties and attribution (`find`); candidates about the
//! same event are joined and linked across sentences (`discourse`); the
//! result becomes records (`build`).

pub mod context;
pub mod mentions;
pub mod toponyms;
pub mod triggers;

mod attribution;
mod build;
mod discourse;
mod find;
mod roles;

use crate::article::Article;
use crate::ontology::EventType;
use crate::pipeline::Pipeline;
use crate::quantity::Casualty;
use crate::record::Record;
use crate::span::Span;
use crate::time::TimeMention;
use std::ops::Range;

/// A candidate event: one trigger with what the sentence says about it.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Sentence index.
    pub sent: usize,
    /// The trigger entry chosen.
    pub trigger: u16,
    /// PLOVER type (may differ from the trigger's: "will support" is an
    /// intent, AGREE).
    pub event_type: EventType,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
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
    /// Other sentences that report this event (after joining).
    pub more_sents: Vec<usize>,
    /// Indices (into the article's candidates) of events this answers.
    pub responds_to: Vec<usize>,
    /// This event happened `days` after candidate `other` ("a week after
    /// the attack"), give or take the tolerance.
    pub after: Option<(usize, i32, u8)>,
    /// A date worked out from another event's ("a week after the attack"),
    /// with its tolerance in days.
    pub derived_date: Option<(crate::time::Date, u8)>,
    /// Merged into another candidate (by index) during discourse.
    pub merged_into: Option<usize>,
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
    /// Dropped as background.
    pub dropped: bool,
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
pub struct About {
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

/// Extracts the event records of `article`.
pub(crate) fn extract(
    p: &Pipeline,
    article: &Article,
    mark: &mut dyn FnMut(crate::pipeline::Stage),
) -> Vec<Record> {
    use crate::pipeline::Stage;
    let ctx = context::Context::marked(p, article, mark);
    let mut cands = Vec::new();
    for si in 0..ctx.doc.sentences.len() {
        find::sentence(&ctx, si, &mut cands);
    }
    mark(Stage::Events);
    discourse::resolve(&ctx, &mut cands);
    mark(Stage::Discourse);
    let records = build::records(&ctx, &cands);
    mark(Stage::Records);
    records
}

/// The places `article` names, each resolved to one gazetteer entry
/// with the article as context, in text order.
pub(crate) fn places(p: &Pipeline, article: &Article) -> Vec<crate::record::LocationRecord> {
    let ctx = context::Context::new(p, article);
    ctx.m
        .places
        .iter()
        .zip(&ctx.place_choice)
        .map(|(pm, &chosen)| {
            build::place_record(
                &p.gazetteer.places[chosen as usize],
                ctx.text,
                Some(pm.span),
                "text",
            )
        })
        .collect()
}

/// Prints an article's mentions and candidates to standard error, for
/// rule development (`cargo run --example debug FILE`); `trace` adds each
/// trigger's roles.
#[doc(hidden)]
pub fn debug(p: &Pipeline, article: &Article, trace: bool) {
    let mut ctx = context::Context::new(p, article);
    ctx.trace = trace;
    for a in &ctx.m.actors {
        eprintln!(
            "actor {:?} {:?} {:?} {:?} {:?} kind={:?} in={:?} coord={}",
            a.toks,
            a.actor.span.slice(ctx.text),
            a.actor.name,
            a.actor.country,
            a.actor.sector,
            a.actor.kind,
            a.in_countries,
            a.coordinated
        );
    }
    for pm in &ctx.m.places {
        eprintln!(
            "place {:?} -> {}",
            pm.span.slice(ctx.text),
            p.gazetteer.places[pm.candidates[0] as usize].name
        );
    }
    let mut cands = Vec::new();
    for si in 0..ctx.doc.sentences.len() {
        find::sentence(&ctx, si, &mut cands);
    }
    for c in &cands {
        eprintln!(
            "pre {} {:?} src={:?}",
            c.event_type,
            c.span.slice(ctx.text),
            c.sources
        );
    }
    discourse::resolve(&ctx, &mut cands);
    for (i, c) in cands.iter().enumerate() {
        let names = |v: &[usize]| {
            v.iter()
                .map(|&a| ctx.actor(a).actor.span.slice(ctx.text))
                .collect::<Vec<_>>()
        };
        eprintln!("cand {i} s{} {} {:?} nominal={} definite={} src={:?} tgt={:?} places={:?} time={:?} merged={:?} after={:?} resp={:?}", c.sent, c.event_type, c.span.slice(ctx.text), c.nominal, c.definite, names(&c.sources), names(&c.targets), c.places.iter().map(|&p| ctx.m.places[p].span.slice(ctx.text)).collect::<Vec<_>>(), c.time.map(|t| t.date), c.merged_into, c.after, c.responds_to);
    }
}
