//! Roles from the parse, for a trigger whose word windows found no
//! source: the subject of a verb whose head names no actor but whose
//! modifiers do ("A group of Eritrean refugees began", "The chairman of
//! the Polish parliament's committee accused"), the agent of a passive
//! ("by"), the subject of any verb over a deed noun ("accelerated the
//! withdrawal of"), and with them, where the windows found none, the
//! object or the "against", "on", "at" phrase as target. Both sides of one actor phrase come from
//! its coordination ("the US and Britain"). A side the windows found is
//! kept: replacing both sides by the parse's lowered every set measured
//! (the parser still errs on appositions of titles and long names).
//!
//! A parse costs as much as the rest of an article's extraction, so only
//! a sentence where the parse can give a source is parsed (`worth_parsing`).

use super::roles::Roles;
use crate::context::Context;
use crate::syntax::SentenceSyntax;
use std::ops::Range;

/// What the parse says of one trigger: the words naming its sides.
#[derive(Default)]
struct Args {
    sources: Vec<usize>,
    targets: Vec<usize>,
}

/// The trigger a sentence's parse is asked about.
pub(super) struct Ask<'r> {
    /// Its tokens.
    pub toks: &'r Range<usize>,
    /// Used as a noun.
    pub nominal: bool,
    /// A verb in the passive voice.
    pub passive: bool,
    /// The sentence's speakers, who are no side of its deeds.
    pub speakers: &'r [usize],
    /// Its clause's tokens.
    pub clause: &'r Range<usize>,
}

/// Fills the empty source of `r`, the roles of trigger `q` in sentence
/// `si` (tokens `range`), from the sentence's parse, and its empty
/// target with what the same parse gives.
///
/// A parse costs as much as the rest of an article's extraction, so a
/// sentence is parsed only where it can give a source the windows
/// missed: an actor, no speaker and no side yet, stands in its clause
/// before an active verb or a noun that a verb governs, or a passive verb
/// has "by" after it.
pub(super) fn fill(cx: &Context, si: usize, range: &Range<usize>, q: &Ask, r: &mut Roles) {
    if !r.sources.is_empty() || !worth_parsing(cx, range, q, r) {
        return;
    }
    let Some(t) = cx.parse(si) else {
        return;
    };
    let Some(h) = trigger_word(t, q.toks) else {
        return;
    };
    let args = if q.nominal || !is_verb(t, h) {
        noun_args(t, h)
    } else {
        verb_args(t, h)
    };
    let trig = q.toks;
    r.sources = actors_of(cx, t, &args.sources, trig)
        .into_iter()
        .filter(|a| !r.targets.contains(a) && !q.speakers.contains(a))
        .collect();
    if r.targets.is_empty() {
        r.targets = actors_of(cx, t, &args.targets, trig)
            .into_iter()
            .filter(|a| !r.sources.contains(a))
            .collect();
    }
}

/// The cheap test before parsing: whether the parse could name a source.
fn worth_parsing(cx: &Context, range: &Range<usize>, q: &Ask, r: &Roles) -> bool {
    let trig = q.toks;
    if q.passive {
        return (trig.end..range.end).any(|k| cx.is_word(k, "by"));
    }
    if q.nominal && !after_verb(cx, range, trig.start) {
        return false;
    }
    // "attacked and killed": the verb after "and" shares the first one's
    // subject, which the windows already sought.
    if !q.nominal && cx.is_word(trig.start.wrapping_sub(1), "and") {
        return false;
    }
    crate::context::within(&cx.mentions.actors, range, |a| a.toks.start).any(|a| {
        let m = cx.actor(a);
        m.toks.end <= trig.start
            && m.toks.start >= q.clause.start
            && !r.targets.contains(&a)
            && !q.speakers.contains(&a)
    })
}

/// Whether actor mention `a` lies inside the trigger's own words.
fn in_trigger(cx: &Context, a: usize, trig: &Range<usize>) -> bool {
    let m = cx.actor(a);
    m.toks.start < trig.end && trig.start < m.toks.end
}

/// Whether the noun at token `start` may be the object of a verb just
/// before its phrase ("filed a lawsuit", "stepped up its strikes"): the
/// word before its determiner, or before it, is a lower-case word and no
/// preposition, conjunction, relative word or form of "be". Its own
/// modifiers the windows read; a noun that opens its clause ("the
/// strikes targeted") has no verb to take a source from.
fn after_verb(cx: &Context, range: &Range<usize>, start: usize) -> bool {
    let lex = cx.lex;
    let det = (start.saturating_sub(3).max(range.start)..start)
        .rev()
        .find(|&k| cx.is(k, &lex.determiners) || cx.is(k, &lex.own_possessives));
    let Some(v) = det
        .unwrap_or(start)
        .checked_sub(1)
        .filter(|&v| v >= range.start)
    else {
        return false;
    };
    let closed = [
        &lex.prepositions,
        &lex.be_forms,
        &lex.clause_breaks,
        &lex.clause_joiners,
        &lex.relative_openers,
        &lex.subordinators,
        &lex.determiners,
    ];
    cx.w(v).starts_with(|c: char| c.is_ascii_lowercase())
        && !closed.iter().any(|words| cx.is(v, words))
        && !cx.is_word(v, "and")
        && !cx.is_word(v, "or")
}

/// The trigger's word in the tree: of its words, the one whose head lies
/// outside them ("opened fire": "opened").
fn trigger_word(t: &SentenceSyntax<'_>, trig: &Range<usize>) -> Option<usize> {
    let inside = |w: usize| trig.contains(&t.token[w]);
    (0..t.token.len())
        .filter(|&w| inside(w))
        .find(|&w| t.tree.head(w).is_none_or(|h| !inside(h)))
}

fn is_verb(t: &SentenceSyntax<'_>, w: usize) -> bool {
    matches!(t.tree.upos[w].as_str(), "VERB" | "AUX")
}

/// Whether the preposition of oblique or nominal modifier `w` is one of
/// `preps` (lower-case words).
fn case_in(t: &SentenceSyntax<'_>, w: usize, preps: &[&str]) -> bool {
    t.child(w, "case").is_some_and(|c| {
        preps
            .iter()
            .any(|p| t.tree.words[c].eq_ignore_ascii_case(p))
    })
}

/// The obliques (or nominal modifiers) of `head` whose preposition is
/// one of `preps`.
fn by_case(t: &SentenceSyntax<'_>, head: usize, rels: &[&str], preps: &[&str]) -> Vec<usize> {
    (0..t.tree.heads.len())
        .filter(|&i| t.tree.head(i) == Some(head) && rels.contains(&t.tree.deprel(i)))
        .filter(|&i| case_in(t, i, preps))
        .collect()
}

/// Prepositions that put the one acted on after a deed.
const TARGET_PREPS: &[&str] = &[
    "against", "on", "upon", "at", "to", "into", "toward", "towards",
];

/// The sides of verb `h`: active subject and object, passive subject and
/// agent, with a subject shared from the verb it is joined to and the
/// one asked to act for a complement ("urged Y to withdraw").
fn verb_args(t: &SentenceSyntax<'_>, h: usize) -> Args {
    let a = &t.tree;
    let passive = t.child(h, "nsubj:pass").is_some()
        || t.child(h, "aux:pass").is_some()
        || (a.deprel(h) == "acl" && a.xpos(h) == "VBN");
    let mut out = Args::default();
    if passive {
        out.targets.extend(t.child(h, "nsubj:pass"));
        if out.targets.is_empty() && a.deprel(h) == "acl" {
            out.targets.extend(a.head(h));
        }
        out.sources.extend(t.child(h, "obl:agent"));
        out.sources.extend(by_case(t, h, &["obl"], &["by"]));
        return out;
    }
    out.sources.extend(subject(t, h));
    out.targets
        .extend(t.child(h, "obj").or_else(|| t.child(h, "iobj")));
    if out.targets.is_empty() {
        out.targets.extend(by_case(t, h, &["obl"], TARGET_PREPS));
    }
    out
}

/// The subject of verb `h`: its own, or for a verb joined to another
/// ("attacked and killed") or completing one ("decided to withdraw") the
/// other's; for "urged Y to withdraw" the one urged; for a participle
/// after a noun ("gunmen attacking a convoy") that noun.
fn subject(t: &SentenceSyntax<'_>, h: usize) -> Option<usize> {
    let a = &t.tree;
    if let Some(s) = t.child(h, "nsubj") {
        return Some(s);
    }
    let up = a.head(h)?;
    match a.deprel(h) {
        "conj" if is_verb(t, up) => subject(t, up),
        "xcomp" => t.child(up, "obj").or_else(|| subject(t, up)),
        "acl" => Some(up),
        _ => None,
    }
}

/// The sides of a deed named by noun `h`: its possessor, nationality
/// adjective or compound and "by" phrase as source, its "on", "against"
/// phrases as target; with no source of its own, the subject of the
/// verb whose object it is ("X launched strikes on Y").
fn noun_args(t: &SentenceSyntax<'_>, h: usize) -> Args {
    let a = &t.tree;
    let mut out = Args::default();
    out.sources.extend(t.child(h, "nmod:poss"));
    out.sources.extend(t.children(h, "amod"));
    out.sources.extend(t.children(h, "compound"));
    out.sources.extend(by_case(t, h, &["nmod"], &["by"]));
    if let Some(v) = a.head(h).filter(|&v| a.deprel(h) == "obj" && is_verb(t, v)) {
        out.sources.extend(subject(t, v));
        out.targets.extend(t.child(v, "iobj"));
        out.targets.extend(by_case(t, v, &["obl"], TARGET_PREPS));
    }
    out.targets.extend(by_case(t, h, &["nmod"], TARGET_PREPS));
    out
}

/// The actor mentions words `ws` name, with those coordinated with them
/// ("the US and Britain"): the mention on a word, else on its modifiers
/// ("the Syrian army", "forces of Sudan").
fn actors_of(
    cx: &Context,
    t: &SentenceSyntax<'_>,
    ws: &[usize],
    trig: &Range<usize>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for &w in ws {
        for n in std::iter::once(w).chain(t.children(w, "conj")) {
            if let Some(a) = actor_on(cx, t, n) {
                if !out.contains(&a) && !in_trigger(cx, a, trig) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The actor mention word `w` is part of, or else the nearest that its
/// modifiers name, two levels down at most ("the chairman of the Turkish
/// parliament's committee").
fn actor_on(cx: &Context, t: &SentenceSyntax<'_>, w: usize) -> Option<usize> {
    let on = |w: usize| cx.mentions.actor_at[t.token[w]].map(|a| a as usize);
    let mut level = vec![w];
    for _ in 0..3 {
        if let Some(a) = level.iter().find_map(|&n| on(n)) {
            return Some(a);
        }
        level = level.iter().flat_map(|&n| modifiers(t, n)).collect();
    }
    None
}

/// The words that say whose or which word `w` is: compounds, adjectives,
/// possessors, names, appositions and "of" phrases.
fn modifiers<'a>(t: &'a SentenceSyntax<'_>, w: usize) -> impl Iterator<Item = usize> + 'a {
    const MODS: &[&str] = &["compound", "amod", "nmod:poss", "flat", "appos", "nmod"];
    (0..t.tree.heads.len())
        .filter(move |&i| t.tree.head(i) == Some(w) && MODS.contains(&t.tree.deprel(i)))
        .filter(move |&i| t.tree.deprel(i) != "nmod" || case_in(t, i, &["of"]))
}
