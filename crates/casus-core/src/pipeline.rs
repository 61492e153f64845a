//! The pipeline: the dictionaries compiled once, then the stages of
//! extraction called in order on each article. Each stage is a function
//! from what the stages before it made to a value of its own type:
//!
//! ```text
//! bytes ─ article::read ─▶ Article ─ text::segment ─▶ Doc
//!   ─ mentions::find ─▶ Mentions ─ places::resolve ─▶ Places
//!   ─ candidates::find ─▶ Vec<Candidate> ─ discourse::resolve ─▶ Vec<Event>
//!   ─ record::build ─▶ Vec<Record>
//! ```
//!
//! The stages after places read the article through one [`Context`] of
//! references to these values.

use crate::actors::ActorEntry;
use crate::article::{self, Article, ArticleMeta};
use crate::context::Context;
use crate::data::{DataError, DataFiles};
use crate::diagnostic::Diagnostic;
use crate::dictionaries::{Dictionaries, Entry};
use crate::geo::Precision;
use crate::mentions::{self, Mentions};
use crate::places::{self, Places};
use crate::record::{self, LocationRecord, PlaceRecord, Record};
use crate::span::Span;
use crate::syntax::{ParsedSentence, SyntaxError};
use crate::text::{self, Doc};
use crate::{candidates, discourse};

/// The compiled dictionaries and the stages that read them. Build one
/// with [`Pipeline::builtin`] or [`Pipeline::new`] and share it between
/// threads: extraction only reads it.
pub struct Pipeline {
    dict: Dictionaries,
    syntax: crate::syntax::Syntax,
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
        files.check_syntax_model()?;
        Ok(Pipeline {
            dict: Dictionaries::load(files)?,
            syntax: crate::syntax::Syntax::new(files.syntax_model()),
        })
    }

    /// Extracts the events of one article given as bytes. Never fails:
    /// odd input yields diagnostics.
    pub fn extract(&self, meta: ArticleMeta, bytes: &[u8]) -> Extraction {
        self.extract_marked(meta, bytes, &mut |_| {})
    }

    /// Extracts the events of one article given as text (read as
    /// [`Pipeline::extract`] reads bytes: offsets are into `text`).
    pub fn extract_text(&self, meta: ArticleMeta, text: &str) -> Extraction {
        self.extract(meta, text.as_bytes())
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
        let d = &self.dict;
        let (article, diagnostics) = article::read(&d.lexicon, meta, bytes);
        mark(Stage::Article);
        let doc = text::segment(&article.text, article.body, &d.lexicon.abbreviations);
        mark(Stage::Segments);
        let mentions = mentions::find(d, &article.text, &doc, article.date);
        mark(Stage::Mentions);
        let places = places::resolve(d, &article, &doc, &mentions);
        mark(Stage::Places);
        let cx = Context::new(d, &self.syntax, &article, &doc, &mentions, &places);
        let candidates = candidates::find(&cx);
        mark(Stage::Candidates);
        let events = discourse::resolve(&cx, candidates);
        mark(Stage::Discourse);
        let records = record::build(&cx, &events);
        mark(Stage::Records);
        Extraction {
            records,
            diagnostics,
        }
    }

    /// The places an article names (countries, divisions, towns, bases),
    /// each resolved with the article as context, in text order: a
    /// geoparser on its own (stages 1 to 4). The article is read as
    /// [`Pipeline::extract`] reads it, with the same diagnostics.
    pub fn places(&self, meta: ArticleMeta, bytes: &[u8]) -> (Vec<PlaceRecord>, Vec<Diagnostic>) {
        let d = &self.dict;
        let (article, diagnostics) = article::read(&d.lexicon, meta, bytes);
        let (doc, mentions, places) = self.resolve_places(&article);
        let mut records: Vec<PlaceRecord> = mentions
            .places
            .iter()
            .zip(&places.choice)
            .map(|(pm, &chosen)| {
                let place = &d.gazetteer.places[chosen as usize];
                record::place_mention(&article, place, pm.span, "name")
            })
            .collect();
        records.extend(self.dateline_places(&article, &places));
        records.extend(self.demonyms(&article, &doc, &records));
        records.sort_by_key(|r| (r.start, r.end));
        (records, diagnostics)
    }

    /// The places of the dateline ("GLASGOW, Ky."): its town, and the
    /// division or country after it.
    fn dateline_places(&self, article: &Article, places: &Places) -> Vec<PlaceRecord> {
        let g = &self.dict.gazetteer;
        let Some(dl) = &article.dateline else {
            return Vec::new();
        };
        let town = places.dateline.map(|(_, p)| (p, dl.place));
        let region = places.dateline_region.zip(dl.region);
        town.into_iter()
            .chain(region)
            .map(|(p, span)| record::place_mention(article, &g.places[p as usize], span, "name"))
            .collect()
    }

    /// The country and continent adjectives and demonyms of `article`
    /// ("Russian", "Iraqis", "European") outside the place names already
    /// read, each standing for its country or continent (as the
    /// geoparsing test sets mark them).
    fn demonyms(&self, article: &Article, doc: &Doc, names: &[PlaceRecord]) -> Vec<PlaceRecord> {
        let d = &self.dict;
        let mut out = Vec::new();
        for m in d.phrases.find_at_tokens(&article.text, doc) {
            let (start, end) = (m.span.start(), m.span.end());
            if names.iter().any(|r| r.start < end && start < r.end) {
                continue;
            }
            let country = d.phrases.payloads(&article.text, &m).find_map(|e| match e {
                Entry::Actor(ActorEntry::Adjective(i)) => d.actors.countries.get(*i as usize),
                _ => None,
            });
            if let Some(place) = country.and_then(|c| d.gazetteer.country(c.iso3)) {
                out.push(record::place_mention(article, place, m.span, "demonym"));
            }
        }
        // "European", "Africans": their continent.
        for (i, t) in doc.tokens.iter().enumerate() {
            let Some(place) = doc
                .value(i, &d.lexicon.continent_demonyms)
                .and_then(|id| d.gazetteer.continent(id))
            else {
                continue;
            };
            let (start, end) = (t.span.start(), t.span.end());
            if !names.iter().any(|r| r.start < end && start < r.end) {
                out.push(record::place_mention(article, place, t.span, "demonym"));
            }
        }
        out
    }

    /// Stages 2 to 4 of `article`.
    fn resolve_places(&self, article: &Article) -> (Doc, Mentions, Places) {
        let d = &self.dict;
        let doc = text::segment(&article.text, article.body, &d.lexicon.abbreviations);
        let mentions = mentions::find(d, &article.text, &doc, article.date);
        let places = places::resolve(d, article, &doc, &mentions);
        (doc, mentions, places)
    }

    /// Tags and parses every sentence of an article, over casus's own
    /// sentences and tokens (`casus parse`): all of its text after any
    /// `date` line, headline and dateline included. The article is read
    /// as [`Pipeline::extract`] reads it, with the same diagnostics.
    ///
    /// # Errors
    /// [`SyntaxError`] if the syntax model cannot be read.
    pub fn parse(
        &self,
        meta: ArticleMeta,
        bytes: &[u8],
    ) -> Result<(Vec<ParsedSentence>, Vec<Diagnostic>), SyntaxError> {
        let model = self.syntax.model()?;
        let (article, diagnostics) = article::read(&self.dict.lexicon, meta, bytes);
        let doc = text::segment(
            &article.text,
            article.content,
            &self.dict.lexicon.abbreviations,
        );
        let sentences = doc
            .sentences
            .iter()
            .map(|s| {
                let spans: Vec<Span> = doc.tokens[s.tokens.clone()]
                    .iter()
                    .map(|t| t.span)
                    .collect();
                let (w, tree) = crate::syntax::analyse(model, &article.text, &spans);
                crate::syntax::parsed_sentence(&article.text, &w.spans, &tree)
            })
            .collect();
        Ok((sentences, diagnostics))
    }

    /// The syntax model (read now if it has not been), for callers that
    /// bring their own words (`casus parse --conllu`).
    ///
    /// # Errors
    /// [`SyntaxError`] if it cannot be read.
    pub fn syntax_model(&self) -> Result<&casus_syntax::Model, SyntaxError> {
        self.syntax.model()
    }

    /// Each country's ISO3 code and name, in code order.
    pub fn country_names(&self) -> std::collections::BTreeMap<String, String> {
        self.dict.gazetteer.country_names()
    }

    /// How many places the gazetteer holds.
    pub fn place_count(&self) -> usize {
        self.dict.gazetteer.places.len()
    }

    /// The gazetteer's towns and cities of at least `min_population`
    /// people, as records locate them (no words of an article: `text`
    /// empty, `basis` "gazetteer").
    pub fn cities(&self, min_population: u64) -> Vec<LocationRecord> {
        self.dict
            .gazetteer
            .places
            .iter()
            .filter(|p| p.precision == Precision::City && p.population >= min_population)
            .map(|p| record::place_record(p, "", None, "gazetteer"))
            .collect()
    }

    /// Prints an article's mentions and candidates to standard error, for
    /// rule development (`cargo run --example debug FILE`); `trace` adds
    /// each trigger's roles.
    #[doc(hidden)]
    pub fn debug(&self, meta: ArticleMeta, text: &str, trace: bool) {
        let (article, _) = article::read(&self.dict.lexicon, meta, text.as_bytes());
        let (doc, mentions, places) = self.resolve_places(&article);
        let mut cx = Context::new(&self.dict, &self.syntax, &article, &doc, &mentions, &places);
        cx.trace = trace;
        crate::debug::print(&cx);
    }
}

/// A stage of extraction, as [`Pipeline::extract_marked`] reports its end.
/// Stages run in this order; the crate's documentation lists them by
/// these numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// 1. Decoding, the date line, the outlet and the dateline.
    Article,
    /// 2. Sentences, tokens and quotations.
    Segments,
    /// 3. Actors, place names, triggers and outlets found in the text.
    Mentions,
    /// 4. Each place name resolved; the article's countries.
    Places,
    /// 5. Event candidates per sentence: roles, dates, tolls, attribution.
    Candidates,
    /// 6. Candidates joined, dated and linked across sentences.
    Discourse,
    /// 7. Records built.
    Records,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: [Stage; 7] = [
        Stage::Article,
        Stage::Segments,
        Stage::Mentions,
        Stage::Places,
        Stage::Candidates,
        Stage::Discourse,
        Stage::Records,
    ];

    /// Its name, lower case.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Article => "article",
            Stage::Segments => "segments",
            Stage::Mentions => "mentions",
            Stage::Places => "places",
            Stage::Candidates => "candidates",
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
