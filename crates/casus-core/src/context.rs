//! The context of stages 5 to 7 (candidates, discourse, records): the
//! article and the outputs of stages 2 to 4 by reference, with the
//! questions about tokens that every rule asks (is this word one of a
//! set, is this actor a place, which preposition governs this phrase).

use crate::actors::MentionKind;
use crate::article::Article;
use crate::dictionaries::Dictionaries;
use crate::mentions::{ActorMention, Mentions};
use crate::places::Places;
use crate::text::Doc;
use crate::words::{Words, LOCATIVE, PREPOSITIONS};

/// What the stages after places read of one article: the text and the
/// outputs of the stages before, by reference. It holds no state of its
/// own but for the debugging switch.
pub(crate) struct Context<'a> {
    /// The dictionaries.
    pub dict: &'a Dictionaries,
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
}

/// The mentions of each kind whose first token lies in `tokens`, as a range
/// of indices into a list sorted by first token.
pub fn within<T>(
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
    pub fn new(
        dict: &'a Dictionaries,
        article: &'a Article,
        doc: &'a Doc,
        mentions: &'a Mentions,
        places: &'a Places,
    ) -> Context<'a> {
        Context {
            dict,
            article,
            text: &article.text,
            doc,
            mentions,
            places,
            trace: false,
        }
    }

    /// Text of token `i` ("" past the end).
    pub fn w(&self, i: usize) -> &'a str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| t.span.slice(self.text))
    }

    /// True when token `i` is one of `words` (lower-case words; the
    /// token's ASCII case is ignored).
    #[inline(always)]
    pub fn is(&self, i: usize, words: &Words) -> bool {
        self.doc.is(i, words)
    }

    /// The actor mention `i`.
    pub fn actor(&self, i: usize) -> &ActorMention {
        &self.mentions.actors[i]
    }

    /// True when actor mention `i` is a country name used as a place
    /// ("in Iraq", "to Moscow").
    pub fn actor_is_place(&self, i: usize) -> bool {
        let a = &self.mentions.actors[i];
        matches!(a.actor.kind, MentionKind::Country | MentionKind::Metonym)
            && self
                .preposition_before(a.toks.start)
                .is_some_and(|p| LOCATIVE.iter().any(|l| l.eq_ignore_ascii_case(p)))
    }

    /// The preposition governing the phrase starting at token `start`,
    /// looking back over determiners and adjectives ("in the northern",
    /// "at the secretive").
    pub fn preposition_before(&self, start: usize) -> Option<&'a str> {
        let mut j = start;
        for _ in 0..4 {
            j = j.checked_sub(1)?;
            let w = self.w(j);
            if self.is(j, PREPOSITIONS) {
                return Some(w);
            }
            let lower_word = w.starts_with(|c: char| c.is_lowercase()) && !is_verbish(w);
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

fn is_verbish(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "said" | "will" | "would"
        )
}
