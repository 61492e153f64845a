//! The trigger lexicon: words and phrases that name events, with their
//! PLOVER type, mode and CAMEO code (`data/triggers/triggers.tsv`).

use crate::data::{DataError, DataFiles};
use crate::inflect::{phrase_forms, Irregulars};
use crate::lexicon::Lexicon;
use crate::ontology::{Coding, Ontology};

/// How a trigger phrase is used in a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    /// A verb ("attacked").
    Verb,
    /// A noun ("the attack").
    Noun,
    /// A fixed phrase, matched as written ("is willing to").
    Phrase,
}

/// A trigger entry.
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    /// The phrase as listed (a lemma for verbs and nouns).
    pub lemma: String,
    /// Verb, noun or fixed phrase.
    pub pos: Pos,
    /// PLOVER type and mode, and CAMEO code.
    pub code: Coding,
    /// Tells a harm done in an attack ("kill"): the lexicon's
    /// `harm_triggers`.
    pub harm: bool,
    /// A promise ("vow"): `promise_triggers`.
    pub promise: bool,
    /// A deed of both sides at once ("clash"): `mutual_triggers`.
    pub mutual: bool,
    /// Words one of which must follow within six tokens.
    pub needs: Vec<String>,
}

/// Loads the trigger lexicon, adding every inflected form via `add`.
pub(crate) fn load(
    files: &DataFiles,
    ontology: &Ontology,
    lex: &Lexicon,
    mut add: impl FnMut(&str, u16),
) -> Result<Vec<Trigger>, DataError> {
    let t = files.table("lexicon/irregular_verbs.tsv")?;
    let (c_b, c_p, c_pp) = (t.col("base")?, t.col("past")?, t.col("participle")?);
    let mut irregular = Irregulars::default();
    for v in lex.doubling_verbs.iter() {
        irregular.add_doubling(v);
    }
    for r in &t.rows {
        irregular.insert(
            r.get(c_b),
            r.list(c_p).map(String::from).collect(),
            r.list(c_pp).map(String::from).collect(),
        );
    }
    let t = files.table("triggers/triggers.tsv")?;
    let cols = (
        t.col("phrase")?,
        t.col("pos")?,
        t.col("event_type")?,
        t.col("mode")?,
        t.col("cameo")?,
        t.col("needs")?,
    );
    let mut out = Vec::new();
    for r in &t.rows {
        let pos = match r.get(cols.1) {
            "v" => Pos::Verb,
            "n" => Pos::Noun,
            "p" => Pos::Phrase,
            p => return Err(t.error(r, format!("pos {p:?} is not v, n or p"))),
        };
        let code = ontology
            .coding(r.get(cols.2), r.get(cols.3), r.get(cols.4))
            .map_err(|m| t.error(r, m))?;
        let i = out.len() as u16;
        let lemma = r.get(cols.0).to_string();
        let forms = match pos {
            Pos::Phrase => vec![lemma.clone()],
            _ => phrase_forms(&lemma, pos == Pos::Verb, &irregular),
        };
        for f in &forms {
            add(f, i);
        }
        out.push(Trigger {
            harm: lex.harm_triggers.contains(&lemma),
            promise: lex.promise_triggers.contains(&lemma),
            mutual: lex.mutual_triggers.contains(&lemma),
            lemma,
            pos,
            code,
            needs: r.list(cols.5).map(|s| s.to_ascii_lowercase()).collect(),
        });
    }
    Ok(out)
}
