//! Tolls the word windows of `quantity` leave unread, from the parse:
//! the count on the victim of a harm word, however far the two stand
//! apart ("Five militants suspected to belong to separatist groups were
//! killed", "A supporter of the party was attacked and killed"). The
//! victim is the harm word's passive subject, or that of the verb it
//! completes ("were shot and killed", "was shot dead"); the subject of
//! "died"; the object of "killed"; the noun a participle qualifies ("1
//! protester shot dead"). Its count is the number on it, or one for a
//! single person ("a", "the", "his" before a person noun; "him").
//!
//! Only a sentence with a harm word that no window gave a count is parsed.

use crate::context::Context;
use crate::quantity::{self, harm_at, number_at, Casualty, Harm};
use crate::span::Span;
use crate::syntax::SentenceSyntax;
use std::ops::Range;

/// The tolls of sentence `si` (tokens `range`): the word windows'
/// (`quantity::find`), then the parse's for what they left unread.
pub(super) fn read(cx: &Context, si: usize, range: &Range<usize>) -> Vec<Casualty> {
    let mut found = quantity::find(cx.lex, cx.text, cx.doc, range.clone());
    let more = from_parse(cx, si, range, &found);
    found.extend(more);
    found
}

/// Counts for the harm words of sentence `si` (tokens `range`) of a kind
/// `found` has none of.
fn from_parse(cx: &Context, si: usize, range: &Range<usize>, found: &[Casualty]) -> Vec<Casualty> {
    let unread: Vec<(usize, Harm)> = range
        .clone()
        .filter_map(|k| {
            let harm = harm_at(cx.lex, cx.doc, k)?;
            (!found.iter().any(|c| c.harm == harm)).then_some((k, harm))
        })
        .collect();
    if unread.is_empty() || !may_count(cx, range) {
        return Vec::new();
    }
    let Some(tree) = cx.parse(si) else {
        return Vec::new();
    };
    let mut out: Vec<Casualty> = Vec::new();
    for (k, harm) in unread {
        if out.iter().any(|c| c.harm == harm) {
            continue;
        }
        let Some(word) = tree.token.iter().position(|&t| t == k) else {
            continue;
        };
        if let Some((count, span)) = victim(tree, word).and_then(|v| count_on(cx, tree, v, range)) {
            out.push(Casualty {
                harm,
                count,
                vague: false,
                span,
                token: k,
            });
        }
    }
    out
}

/// Whether the sentence has a word a count could be read from (a number,
/// a person noun, "him"): the cheap test before parsing it.
fn may_count(cx: &Context, range: &Range<usize>) -> bool {
    let (lex, doc) = (cx.lex, cx.doc);
    range.clone().any(|k| {
        doc.tokens[k].kind == crate::text::TokenKind::Number
            || doc.is(k, &lex.cardinals.words)
            || doc.is(k, &lex.person_nouns)
            || doc.is(k, &lex.harm_pronouns)
    })
}

/// The word that names the victims of the harm word `h`.
fn victim(t: &SentenceSyntax<'_>, h: usize) -> Option<usize> {
    let a = &t.tree;
    // "were shot and killed", "was shot dead": the first verb's subject,
    // when the harm word has no object of its own and is passive.
    let shared = matches!(a.deprel(h), "conj" | "xcomp")
        && t.child(h, "obj").is_none()
        && t.child(h, "nsubj").is_none();
    let verb = if shared { a.head(h).unwrap_or(h) } else { h };
    if let Some(v) = t.child(verb, "nsubj:pass") {
        return Some(v);
    }
    let passive = a.xpos(h) == "VBN"
        && (t.child(h, "obl:agent").is_some()
            || t.child(verb, "aux:pass").is_some()
            || t.child(verb, "cop").is_some());
    if shared && passive {
        return t.child(verb, "nsubj");
    }
    // "1 protester shot dead by police": the noun the participle qualifies.
    if a.deprel(verb) == "acl" {
        return a.head(verb);
    }
    match a.upos[h].as_str() {
        "VERB" => t.child(verb, "obj").or_else(|| intransitive(t, verb)),
        _ => intransitive(t, verb),
    }
}

/// The subject of a verb of dying ("two protesters died"), not of one
/// that takes an object ("a soldier killed two").
fn intransitive(t: &SentenceSyntax<'_>, verb: usize) -> Option<usize> {
    let has_object = t.child(verb, "obj").is_some();
    (!has_object)
        .then(|| t.child(verb, "nsubj"))
        .flatten()
        .filter(|_| !t.tree.xpos(verb).starts_with("VBG"))
}

/// How many the victim word `v` counts, with the words that say so:
/// its number, or one for a single person; coordinated victims add up
/// ("a soldier and two civilians").
fn count_on(
    cx: &Context,
    t: &SentenceSyntax<'_>,
    v: usize,
    range: &Range<usize>,
) -> Option<(u32, Span)> {
    let mut total = 0u32;
    let mut span: Option<Span> = None;
    let conjuncts = (0..t.tree.heads.len())
        .filter(|&i| t.tree.head(i) == Some(v) && t.tree.deprel(i) == "conj")
        .filter(|&i| t.tree.upos[i] == t.tree.upos[v]);
    for n in std::iter::once(v).chain(conjuncts) {
        let (c, s) = one_count(cx, t, n, range)?;
        total = total.saturating_add(c);
        span = Some(span.map_or(s, |x| x.cover(s)));
    }
    span.map(|s| (total, s))
}

/// The count on one victim noun.
fn one_count(
    cx: &Context,
    t: &SentenceSyntax<'_>,
    n: usize,
    range: &Range<usize>,
) -> Option<(u32, Span)> {
    let (lex, doc) = (cx.lex, cx.doc);
    let tok = *t.token.get(n)?;
    let noun = doc.tokens[tok].span;
    // "killing one": the object is the number itself.
    let number = if t.tree.upos[n].as_str() == "NUM" {
        Some(n)
    } else {
        t.child(n, "nummod")
    };
    if let Some(num) = number {
        let at = t.token[num];
        let (value, end, vague) = number_at(lex, cx.text, doc, at, range.end)?;
        if vague || value == 0 || value > 10_000_000 {
            return None;
        }
        return Some((
            value as u32,
            doc.tokens[at].span.cover(doc.tokens[end].span),
        ));
    }
    if doc.is(tok, &lex.harm_pronouns) {
        return Some((1, noun));
    }
    // "Robert Barasa was shot dead": a person's name is one victim.
    let name = t.tree.xpos(n) == "NNP" && t.child(n, "det").is_none();
    if name {
        return Some((1, noun));
    }
    if !doc.is(tok, &lex.person_nouns) {
        return None;
    }
    let det = t
        .child(n, "det")
        .map(|d| t.token[d])
        .filter(|&d| doc.is(d, &lex.one_victim_words) || doc.is(d, &lex.definite_determiners))
        .or_else(|| t.child(n, "nmod:poss").map(|d| t.token[d]))?;
    Some((1, doc.tokens[det].span.cover(noun)))
}
