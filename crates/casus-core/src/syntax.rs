//! Syntax on demand: the universal tags and dependency tree of a sentence,
//! over casus's own tokens, from the model of `casus-syntax` (trained on UD
//! English EWT; `data/syntax/en_ewt.model`).
//!
//! The model is read the first time a sentence is parsed, not before, and
//! an article's context (stages 5 to 7) parses each sentence at most
//! once: extraction pays for syntax only in the sentences a rule asks
//! about.

use crate::span::Span;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A syntax model that could not be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("syntax model (syntax/en_ewt.model): {0}")]
pub struct SyntaxError(pub String);

/// The model's bytes and, once asked for, the model.
#[derive(Debug)]
pub(crate) struct Syntax {
    bytes: Cow<'static, [u8]>,
    model: OnceLock<Result<casus_syntax::Model, SyntaxError>>,
}

impl Syntax {
    /// A model to be read from `bytes` when first needed.
    pub(crate) fn new(bytes: Cow<'static, [u8]>) -> Syntax {
        Syntax {
            bytes,
            model: OnceLock::new(),
        }
    }

    /// The model, read now if it has not been.
    pub(crate) fn model(&self) -> Result<&casus_syntax::Model, SyntaxError> {
        self.model
            .get_or_init(|| {
                casus_syntax::Model::from_bytes(&self.bytes).map_err(|e| SyntaxError(e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The words the parser reads for a sentence's tokens: each token is a
/// word, but for contractions, which UD splits ("don't" is "do" and
/// "n't", "we're" is "we" and "'re") and casus keeps whole.
pub(crate) struct Words<'t> {
    /// The words' texts.
    pub words: Vec<&'t str>,
    /// Where each word is in the text.
    pub spans: Vec<Span>,
    /// Each word's token, as an index into the sentence's tokens.
    pub token: Vec<usize>,
}

/// The endings UD splits off a word, longest first.
const CONTRACTIONS: [&str; 12] = [
    "n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'m", "’m", "'d", "’d",
];

/// The parser's words for tokens at `spans` of `text`.
pub(crate) fn words<'t>(text: &'t str, spans: &[Span]) -> Words<'t> {
    let mut w = Words {
        words: Vec::with_capacity(spans.len()),
        spans: Vec::with_capacity(spans.len()),
        token: Vec::with_capacity(spans.len()),
    };
    for (i, &sp) in spans.iter().enumerate() {
        let t = sp.slice(text);
        let cut = CONTRACTIONS.iter().find_map(|c| {
            let at = t.len().checked_sub(c.len())?;
            (at > 0 && t.is_char_boundary(at) && t[at..].eq_ignore_ascii_case(c)).then_some(at)
        });
        let parts = match cut {
            Some(at) => vec![(sp.start(), sp.start() + at), (sp.start() + at, sp.end())],
            None => vec![(sp.start(), sp.end())],
        };
        for (a, b) in parts {
            if let Some(s) = Span::new(text, a, b) {
                w.words.push(s.slice(text));
                w.spans.push(s);
                w.token.push(i);
            }
        }
    }
    w
}

/// Tags and parses the tokens at `spans` of `text`: the parser's words
/// for them and its analysis of those words.
pub(crate) fn analyse<'a>(
    model: &'a casus_syntax::Model,
    text: &'a str,
    spans: &[Span],
) -> (Words<'a>, casus_syntax::Analysis<'a>) {
    let w = words(text, spans);
    let tree = model.analyse(&w.words);
    (w, tree)
}

/// A sentence's tags and tree, for the rules: word `i` of `tree` is (part
/// of) token `token[i]` of the article.
pub(crate) struct SentenceSyntax<'a> {
    /// The parser's analysis of the sentence's words.
    pub tree: casus_syntax::Analysis<'a>,
    /// Each word's token, as an index into the article's tokens.
    pub token: Vec<usize>,
}

impl SentenceSyntax<'_> {
    /// The dependents of word `head` with relation `rel`, in order.
    pub(crate) fn children<'s>(
        &'s self,
        head: usize,
        rel: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        (0..self.tree.heads.len())
            .filter(move |&i| self.tree.head(i) == Some(head) && self.tree.deprel(i) == rel)
    }

    /// The first dependent of word `head` with relation `rel`.
    pub(crate) fn child(&self, head: usize, rel: &str) -> Option<usize> {
        self.children(head, rel).next()
    }
}

/// One word of a parsed sentence, for output (`casus parse`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedWord {
    /// Byte offsets of the token in the article text.
    pub start: usize,
    /// End of the token (exclusive).
    pub end: usize,
    /// The token's text.
    pub text: String,
    /// Its universal tag ("NOUN").
    pub upos: &'static str,
    /// Its treebank tag ("NNS").
    pub xpos: String,
    /// Its head: 0 for the root, else the 1-based index of the head word.
    pub head: u32,
    /// Its relation to the head ("nsubj").
    pub deprel: String,
}

/// A sentence of an article with its syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedSentence {
    /// The sentence's text.
    pub text: String,
    /// Its words, in order.
    pub words: Vec<ParsedWord>,
}

/// The words of `analysis` with their places in the text.
pub(crate) fn parsed_sentence(
    text: &str,
    spans: &[Span],
    analysis: &casus_syntax::Analysis<'_>,
) -> ParsedSentence {
    let words = spans
        .iter()
        .enumerate()
        .map(|(i, s)| ParsedWord {
            start: s.start(),
            end: s.end(),
            text: s.slice(text).to_string(),
            upos: analysis.upos[i].as_str(),
            xpos: analysis.xpos(i).to_string(),
            head: analysis.heads[i],
            deprel: analysis.deprel(i).to_string(),
        })
        .collect();
    let text = match (spans.first(), spans.last()) {
        (Some(a), Some(b)) => text.get(a.start()..b.end()).unwrap_or("").to_string(),
        _ => String::new(),
    };
    ParsedSentence { text, words }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let spans: Vec<Span> = text
            .split(' ')
            .scan(0, |at, w| {
                let s = Span::new(text, *at, *at + w.len());
                *at += w.len() + 1;
                s
            })
            .collect();
        words(text, &spans).words
    }

    #[test]
    fn the_built_in_model_loads_and_names_its_treebank() {
        let syntax = Syntax::new(crate::DataFiles::builtin().syntax_model());
        let model = syntax.model().expect("the built-in model reads");
        assert!(model.note().contains("UD English EWT"), "{}", model.note());
        assert!(model
            .note()
            .contains("15d613d8447b3478787d4c278730a1e48a945efb"));
    }

    #[test]
    fn a_broken_model_is_an_error_naming_the_file_not_a_panic() {
        let syntax = Syntax::new(Cow::Owned(b"CASUSYN2\x05".to_vec()));
        let err = syntax.model().expect_err("cut short");
        assert!(
            err.to_string()
                .starts_with("syntax model (syntax/en_ewt.model): model byte"),
            "{err}"
        );
    }

    #[test]
    fn contractions_are_two_words_as_ud_has_them() {
        assert_eq!(split("we don't know"), ["we", "do", "n't", "know"]);
        assert_eq!(split("They’re sure"), ["They", "’re", "sure"]);
        assert_eq!(split("I'm here"), ["I", "'m", "here"]);
        assert_eq!(split("n't"), ["n't"], "a bare ending stays whole");
        assert_eq!(split("Ahmed'd"), ["Ahmed", "'d"]);
    }
}
