//! A development aid: an article's mentions and candidates printed to
//! standard error (`cargo run --example debug FILE`), to see why a rule
//! did or did not fire. Not part of extraction.

use crate::context::Context;
use crate::{candidates, discourse};

/// Prints the mentions, the candidates of stage 5 and what discourse
/// made of them.
pub(crate) fn print(cx: &Context) {
    for a in &cx.mentions.actors {
        eprintln!(
            "actor {:?} {:?} {:?} {:?} {:?} kind={:?} in={:?} coord={}",
            a.toks,
            a.actor.span.slice(cx.text),
            a.actor.name,
            a.actor.country,
            a.actor.sector,
            a.actor.kind,
            a.in_places,
            a.coordinated
        );
    }
    for pm in &cx.mentions.places {
        eprintln!(
            "place {:?} -> {}",
            pm.span.slice(cx.text),
            cx.dict.gazetteer.places[pm.candidates[0] as usize].name
        );
    }
    let cands = candidates::find(cx);
    for c in &cands {
        eprintln!(
            "pre {} {:?} src={:?}",
            c.code.event_type,
            c.span.slice(cx.text),
            c.sources
        );
    }
    let cands = discourse::resolve(cx, cands);
    let names = |v: &[usize]| {
        v.iter()
            .map(|&a| cx.actor(a).actor.span.slice(cx.text))
            .collect::<Vec<_>>()
    };
    for (i, c) in cands.iter().enumerate() {
        let places: Vec<&str> = c
            .cand
            .places
            .iter()
            .map(|&p| cx.mentions.places[p].span.slice(cx.text))
            .collect();
        eprintln!(
            "cand {i} s{} {} {:?} nominal={} definite={} src={:?} tgt={:?} places={places:?} \
             time={:?} merged={:?} after={:?} resp={:?}",
            c.cand.sent,
            c.cand.code.event_type,
            c.cand.span.slice(cx.text),
            c.cand.nominal,
            c.cand.definite,
            names(&c.cand.sources),
            names(&c.cand.targets),
            c.cand.time.map(|t| t.date),
            c.merged_into,
            c.after,
            c.responds_to
        );
    }
    if cx.trace {
        print_parses(cx);
    }
}

/// The tags and tree of each sentence with a trigger, one word a line.
fn print_parses(cx: &Context) {
    for (n, s) in cx.doc.sentences.iter().enumerate() {
        if !cx
            .mentions
            .triggers
            .iter()
            .any(|t| s.tokens.contains(&t.toks.start))
        {
            continue;
        }
        let Some(syn) = cx.parse(n) else { continue };
        let a = &syn.tree;
        eprintln!("parse s{n}");
        for i in 0..a.words.len() {
            eprintln!(
                "  {}\t{}\t{}\t{}\t{}\ttoken {}",
                i + 1,
                a.words[i],
                a.upos[i].as_str(),
                a.heads[i],
                a.deprel(i),
                syn.token[i]
            );
        }
    }
}
