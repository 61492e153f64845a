//! The seventeen universal part-of-speech tags.

/// A universal part-of-speech tag (UD's UPOS), plus the two pseudo-tags the
/// parser's features use for the root and for positions past either end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
    /// The artificial root (never output for a word).
    Root,
    /// No token at that position (never output for a word).
    None,
}

/// The tags a word can have, in the order of [`Upos`]'s discriminants.
pub const WORD_TAGS: [Upos; 17] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

impl Upos {
    /// The tag as CoNLL-U writes it ("NOUN").
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
            Upos::Root => "<ROOT>",
            Upos::None => "<NONE>",
        }
    }

    /// The tag CoNLL-U's `s` names, if it is one of the seventeen.
    pub fn parse(s: &str) -> Option<Upos> {
        WORD_TAGS.iter().copied().find(|t| t.as_str() == s)
    }

    /// The tag with index `i` among [`WORD_TAGS`].
    pub fn from_index(i: usize) -> Upos {
        WORD_TAGS.get(i).copied().unwrap_or(Upos::X)
    }

    /// Its index among [`WORD_TAGS`] (17 and 18 for the pseudo-tags).
    pub fn index(self) -> usize {
        self as usize
    }
}
