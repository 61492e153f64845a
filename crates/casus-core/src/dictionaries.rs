//! The dictionaries: every table of `data/`, loaded and compiled once,
//! which every stage of the pipeline reads and none changes.
//!
//! Actor names, place names of the phrase kind (countries and their
//! aliases), trigger phrases in all their inflected forms and blocking
//! phrases go into one [`PhraseSet`], so that an article is scanned once
//! for all of them; towns and divisions have their own name index in the
//! [`Gazetteer`].

use crate::actors::{ActorBook, ActorEntry};
use crate::data::{DataError, DataFiles};
use crate::geo::{Gazetteer, Precision};
use crate::lexicon::Lexicon;
use crate::ontology::Ontology;
use crate::phrases::{PhraseSet, PhraseSetBuilder};
use crate::triggers::{self, Trigger};

/// What a dictionary phrase stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// An actor phrase.
    Actor(ActorEntry),
    /// A place: index into the gazetteer.
    Place(u32),
    /// An event trigger: index into the trigger lexicon.
    Trigger(u16),
    /// A phrase that holds a trigger word but names no event.
    Block,
}

/// The compiled dictionaries.
pub(crate) struct Dictionaries {
    /// Every phrase of the actor, country, trigger and blocker tables.
    pub phrases: PhraseSet<Entry>,
    /// Actor dictionaries.
    pub actors: ActorBook,
    /// Places.
    pub gazetteer: Gazetteer,
    /// Trigger lexicon.
    pub triggers: Vec<Trigger>,
    /// Code tables.
    pub ontology: Ontology,
    /// Word lists.
    pub lexicon: Lexicon,
}

impl Dictionaries {
    /// Loads every table of `files`; fails naming the file and line of
    /// the first bad row.
    pub(crate) fn load(files: &DataFiles) -> Result<Dictionaries, DataError> {
        let mut b = PhraseSetBuilder::default();
        let lexicon = Lexicon::load(files)?;
        let ontology = Ontology::load(files)?;
        let actors = ActorBook::load(files, &lexicon, |s, e, listed| {
            if listed {
                b.add_name(s, Entry::Actor(e))
            } else {
                b.add(s, Entry::Actor(e))
            }
        })?;
        let names = |iso| {
            let mut v = Vec::new();
            if let Some(c) = actors.country(iso) {
                v.push(c.name.clone());
            }
            // Aliases are phrases of the actor table: found again below.
            v
        };
        let gazetteer = Gazetteer::load(files, &lexicon, &names, |s, i| b.add(s, Entry::Place(i)))?;
        country_aliases(files, &gazetteer, &mut b)?;
        let triggers = triggers::load(files, &ontology, &lexicon, |s, i| {
            b.add(s, Entry::Trigger(i))
        })?;
        let t = files.table("triggers/blockers.tsv")?;
        let c = t.col("phrase")?;
        for r in &t.rows {
            b.add(r.get(c), Entry::Block);
        }
        Ok(Dictionaries {
            phrases: b.build(),
            actors,
            gazetteer,
            triggers,
            ontology,
            lexicon,
        })
    }
}

/// Country aliases ("Britain", "the Philippines") as places too, but for
/// those that are the own name of one of the country's first-level
/// divisions: "Wales" is Britain as an actor and Wales as a place.
fn country_aliases(
    files: &DataFiles,
    gazetteer: &Gazetteer,
    b: &mut PhraseSetBuilder<Entry>,
) -> Result<(), DataError> {
    let t = files.table("actors/countries.tsv")?;
    let (c_iso, c_alias) = (t.col("iso3")?, t.col("aliases")?);
    for r in &t.rows {
        let Some(i) = gazetteer.places.iter().position(|p| {
            p.precision == Precision::Country
                && p.country.is_some_and(|c| c.as_str() == r.get(c_iso))
        }) else {
            continue;
        };
        let country = gazetteer.places[i].country;
        let division = |a: &str| {
            gazetteer
                .places
                .iter()
                .any(|p| p.precision == Precision::Admin1 && p.country == country && &*p.name == a)
        };
        for a in r.list(c_alias).filter(|a| !division(a)) {
            b.add(a, Entry::Place(i as u32));
        }
    }
    Ok(())
}
