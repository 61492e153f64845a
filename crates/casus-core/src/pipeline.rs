//! The pipeline: dictionaries compiled once, then applied to articles.

use crate::actors::{ActorBook, ActorEntry};
use crate::article::{self, ArticleMeta};
use crate::data::{DataError, DataFiles};
use crate::diagnostic::Diagnostic;
use crate::events::triggers::{self, Trigger};
use crate::geo::Gazetteer;
use crate::lexicon::{PhraseSet, PhraseSetBuilder};
use crate::ontology::Ontology;
use crate::record::Record;

/// What a dictionary phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// An actor phrase.
    Actor(ActorEntry),
    /// A place: index into the gazetteer.
    Place(u32),
    /// An event trigger: index into the trigger lexicon.
    Trigger(u16),
    /// A phrase that holds a trigger word but names no event.
    Block,
}

/// The compiled dictionaries. Build one with [`Pipeline::builtin`] or
/// [`Pipeline::new`] and share it between threads: extraction only reads it.
pub struct Pipeline {
    pub(crate) phrases: PhraseSet<Entry>,
    /// Actor dictionaries.
    pub actors: ActorBook,
    /// Places.
    pub gazetteer: Gazetteer,
    /// Trigger lexicon.
    pub triggers: Vec<Trigger>,
    /// Code tables.
    pub ontology: Ontology,
}

/// The result of extracting one article.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Event records, in text order.
    pub records: Vec<Record>,
    /// What was odd about the input.
    pub diagnostics: Vec<Diagnostic>,
}

impl Pipeline {
    /// Builds the pipeline from the data files shipped with casus.
    pub fn builtin() -> Result<Pipeline, DataError> {
        Pipeline::new(&DataFiles::builtin())
    }

    /// Builds the pipeline from `files`; fails naming the file and line of
    /// the first bad row.
    pub fn new(files: &DataFiles) -> Result<Pipeline, DataError> {
        let mut b = PhraseSetBuilder::default();
        let ontology = Ontology::load(files)?;
        let actors = ActorBook::load(files, |s, e| b.add(s, Entry::Actor(e)))?;
        let names = |iso| {
            let mut v = Vec::new();
            if let Some(c) = actors.country(iso) {
                v.push(c.name.clone());
            }
            // Aliases are phrases of the actor table: found again below.
            v
        };
        let gazetteer = Gazetteer::load(files, &names, |s, i| b.add(s, Entry::Place(i)))?;
        // Country aliases ("Britain", "the Philippines") as places too.
        let t = files.table("actors/countries.tsv")?;
        let (c_iso, c_alias) = (t.col("iso3")?, t.col("aliases")?);
        for r in &t.rows {
            let Some(i) = gazetteer.places.iter().position(|p| {
                p.precision == crate::geo::Precision::Country
                    && p.country.is_some_and(|c| c.as_str() == r.get(c_iso))
            }) else {
                continue;
            };
            for a in r.list(c_alias) {
                b.add(a, Entry::Place(i as u32));
            }
        }
        let triggers = triggers::load(files, &ontology, |s, i| b.add(s, Entry::Trigger(i)))?;
        let t = files.table("triggers/blockers.tsv")?;
        let c = t.col("phrase")?;
        for r in &t.rows {
            b.add(r.get(c), Entry::Block);
        }
        Ok(Pipeline {
            phrases: b.build(),
            actors,
            gazetteer,
            triggers,
            ontology,
        })
    }

    /// Extracts the events of one article given as bytes. Never fails:
    /// odd input yields diagnostics.
    pub fn extract(&self, meta: ArticleMeta, bytes: &[u8]) -> Extraction {
        self.extract_marked(meta, bytes, &mut |_| {})
    }

    /// [`Pipeline::extract`], calling `mark` as each [`Stage`] ends (in
    /// the order of [`Stage::ALL`]), so that a caller can time the
    /// stages; the pipeline itself reads no clock.
    pub fn extract_marked(
        &self,
        meta: ArticleMeta,
        bytes: &[u8],
        mark: &mut dyn FnMut(Stage),
    ) -> Extraction {
        let (text, mut diagnostics) = article::decode(bytes);
        let (article, d) = article::parse(meta, text);
        diagnostics.extend(d);
        mark(Stage::Article);
        let records = crate::events::extract(self, &article, mark);
        Extraction {
            records,
            diagnostics,
        }
    }

    /// The places an article names (countries, divisions, towns, bases),
    /// each resolved with the article as context: a geoparser on its own.
    pub fn places(&self, meta: ArticleMeta, text: &str) -> Vec<crate::record::LocationRecord> {
        let (article, _) = article::parse(meta, article::decode(text.as_bytes()).0);
        crate::events::places(self, &article)
    }

    /// Extracts the events of one article given as text (read as
    /// [`Pipeline::extract`] reads bytes: offsets are into `text`).
    pub fn extract_text(&self, meta: ArticleMeta, text: &str) -> Extraction {
        self.extract(meta, text.as_bytes())
    }
}

/// A stage of extraction, as [`Pipeline::extract_marked`] reports its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Decoding, the date line, the outlet and the dateline.
    Article,
    /// Tokens and sentences.
    Tokens,
    /// Actors, places, triggers and outlets found in the text.
    Mentions,
    /// Each place mention resolved, the article's countries.
    Places,
    /// Event candidates per sentence: roles, dates, casualties.
    Events,
    /// Candidates joined, dated and linked across sentences.
    Discourse,
    /// Records built.
    Records,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 7] = [
        Stage::Article,
        Stage::Tokens,
        Stage::Mentions,
        Stage::Places,
        Stage::Events,
        Stage::Discourse,
        Stage::Records,
    ];

    /// Its name, lower case.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Article => "article",
            Stage::Tokens => "tokens",
            Stage::Mentions => "mentions",
            Stage::Places => "places",
            Stage::Events => "events",
            Stage::Discourse => "discourse",
            Stage::Records => "records",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_is_marked_once_in_order() {
        let p = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut seen = Vec::new();
        let x = p.extract_marked(
            ArticleMeta::default(),
            b"Police fired tear gas at protesters in Nairobi on Tuesday.",
            &mut |s| seen.push(s),
        );
        assert_eq!(seen, Stage::ALL);
        assert!(!x.records.is_empty());
        // An empty article passes through every stage too.
        seen.clear();
        p.extract_marked(ArticleMeta::default(), b"", &mut |s| seen.push(s));
        assert_eq!(seen, Stage::ALL);
    }
}
