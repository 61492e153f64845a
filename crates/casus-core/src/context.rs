//! The context of stages 5 to 7 (candidates, discourse, records): the
//! article and the outputs of stages 2 to 4 by reference, with the
//! questions about tokens that every rule asks (is this word one of a
//! set, is this actor a place, which preposition governs this phrase).

use crate::actors::MentionKind;
use crate::article::Article;
use crate::dictionaries::Dictionaries;
use crate::lexicon::{Lexicon, Words};
use crate::mentions::{ActorMention, Mentions};
use crate::places::Places;
use crate::span::Span;
use crate::syntax::SentenceSyntax;
use crate::syntax::Syntax;
use crate::text::Doc;
use std::cell::OnceCell;

/// What the stages after places read of one article: the text and the
/// outputs of the stages before, by reference. It holds no state of its
/// own but for the debugging switch and the parses it has been asked for.
pub(crate) struct Context<'a> {
    /// The dictionaries.
    pub dict: &'a Dictionaries,
    /// Their word lists.
    pub lex: &'a Lexicon,
    /// The article.
    pub article: &'a Article,
    /// The article text.
    pub text: &'a str,
    /// Its tokens, sentences and quotations (stage 2).
    pub doc: &'a Doc,
    /// Its mentions (stage 3).
    pub mentions: &'a Mentions,
    /// Its places, resolved (stage 4).
    pub places: &'a Places,
    /// Print each trigger's roles to standard error (rule development
    /// only; set by `Pipeline::debug`).
    pub trace: bool,
    /// The syntax model, read when first needed.
    syntax: &'a Syntax,
    /// Each sentence's parse, made when first asked for.
    parses: Vec<OnceCell<Option<SentenceSyntax<'a>>>>,
}

/// The mentions of each kind whose first token lies in `tokens`, as a range
/// of indices into a list sorted by first token.
pub(crate) fn within<T>(
    list: &[T],
    tokens: &std::ops::Range<usize>,
    start: impl Fn(&T) -> usize,
) -> std::ops::Range<usize> {
    let a = list.partition_point(|m| start(m) < tokens.start);
    let b = list.partition_point(|m| start(m) < tokens.end);
    a..b.max(a)
}

impl<'a> Context<'a> {
    /// The context of `article` after stage 4.
    pub(crate) fn new(
        dict: &'a Dictionaries,
        syntax: &'a Syntax,
        article: &'a Article,
        doc: &'a Doc,
        mentions: &'a Mentions,
        places: &'a Places,
    ) -> Context<'a> {
        Context {
            dict,
            lex: &dict.lexicon,
            article,
            text: &article.text,
            doc,
            mentions,
            places,
            trace: false,
            syntax,
            parses: doc.sentences.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The tags and tree of sentence `s` (an index into the sentences),
    /// parsed the first time it is asked for; None if the model cannot be
    /// read or there is no such sentence.
    pub(crate) fn parse(&self, s: usize) -> Option<&SentenceSyntax<'a>> {
        let cell = self.parses.get(s)?;
        cell.get_or_init(|| {
            let model = self.syntax.model().ok()?;
            let range = self.doc.sentences.get(s)?.tokens.clone();
            let first = range.start;
            let spans: Vec<Span> = self.doc.tokens[range].iter().map(|t| t.span).collect();
            let (w, tree) = crate::syntax::analyse(model, self.text, &spans);
            Some(SentenceSyntax {
                tree,
                token: w.token.iter().map(|t| first + t).collect(),
            })
        })
        .as_ref()
    }

    /// Text of token `i` ("" past the end).
    pub(crate) fn w(&self, i: usize) -> &'a str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| t.span.slice(self.text))
    }

    /// True when token `i` is one of `words` (lower-case words; the
    /// token's ASCII case is ignored).
    #[inline(always)]
    pub(crate) fn is(&self, i: usize, words: &Words) -> bool {
        self.doc.is(i, words)
    }

    /// True when token `i` is `word` (lower case), in any case.
    #[inline(always)]
    pub(crate) fn is_word(&self, i: usize, word: &str) -> bool {
        self.doc.is_word(i, word)
    }

    /// True when token `i` ends a run of lower-case words before a
    /// phrase: a past tense, or an auxiliary or "said" written in lower
    /// case (the lexicon's `verbish`).
    fn is_verbish(&self, i: usize) -> bool {
        let w = self.w(i);
        w.ends_with("ed")
            || self.is(i, &self.lex.verbish) && !w.bytes().any(|b| b.is_ascii_uppercase())
    }

    /// The actor mention `i`.
    pub(crate) fn actor(&self, i: usize) -> &ActorMention {
        &self.mentions.actors[i]
    }

    /// True when actor mention `i` is a country name used as a place
    /// ("in Iraq", "to Moscow").
    pub(crate) fn actor_is_place(&self, i: usize) -> bool {
        let a = &self.mentions.actors[i];
        matches!(a.actor.kind, MentionKind::Country | MentionKind::Metonym)
            && self.is_locative_phrase(a.toks.start)
    }

    /// True when the phrase starting at token `start` is governed by a
    /// preposition that places it ("in", "near").
    pub(crate) fn is_locative_phrase(&self, start: usize) -> bool {
        self.preposition_index(start)
            .is_some_and(|p| self.is(p, &self.lex.locative_prepositions))
    }

    /// The preposition governing the phrase starting at token `start`,
    /// looking back over determiners and adjectives ("in the northern",
    /// "at the secretive").
    pub(crate) fn preposition_before(&self, start: usize) -> Option<&'a str> {
        self.preposition_index(start).map(|p| self.w(p))
    }

    /// The token of [`Context::preposition_before`].
    pub(crate) fn preposition_index(&self, start: usize) -> Option<usize> {
        let mut j = start;
        for _ in 0..4 {
            j = j.checked_sub(1)?;
            if self.is(j, &self.lex.prepositions) {
                return Some(j);
            }
            let w = self.w(j);
            let lower_word = w.starts_with(|c: char| c.is_lowercase()) && !self.is_verbish(j);
            if !(lower_word
                || w == "'s"
                || self.mentions.place_at.get(j).is_some_and(Option::is_some))
            {
                return None;
            }
        }
        None
    }
}
