//! The actor dictionaries that stage 3 (mentions) reads: countries,
//! capitals and seats of power, people, organisations and armed groups,
//! agents that carry a sector, and outlets; and the `Actor` they make
//! ("Iranian-backed militants": militants, sponsor IRN; "Israel's army":
//! ISR MIL). The rules that join them are in `mentions/actors.rs`.

mod phoenix;

use crate::data::{DataError, DataFiles, Table};
use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::time::Date;
use phoenix::{role_at, Role};
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

/// An ISO 3166-1 alpha-3 code, stored inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iso3([u8; 3]);

impl Iso3 {
    /// Parses three ASCII upper-case letters.
    pub fn parse(s: &str) -> Option<Iso3> {
        let b = s.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| Iso3([b[0], b[1], b[2]]))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl Serialize for Iso3 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Iso3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The CAMEO sector codes casus uses.
pub(crate) const SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "CVL", "POL", "BUS", "MED", "IGO", "NGO", "COP", "JUD", "EDU", "REF",
    "LAB", "AGR", "OPP", "PTY", "LEG", "SPY", "ACT", "HLH", "ELI", "CRM", "UAF", "REL", "MNC",
];

/// A CAMEO sector code: one of [`SECTORS`].
pub(crate) type Sector = &'static str;

/// The entry of [`SECTORS`] equal to `code`, if it is one.
pub(crate) fn sector(code: &str) -> Option<Sector> {
    SECTORS.iter().find(|s| **s == code).copied()
}

/// A country as an actor.
#[derive(Clone, Debug)]
pub(crate) struct Country {
    /// ISO3 code.
    pub iso3: Iso3,
    /// Canonical English name.
    pub name: String,
    /// The first of its metonyms: its capital, as the table lists it.
    pub capital: Option<String>,
}

/// A named actor from the dictionaries: a person or an organisation.
#[derive(Clone, Debug)]
pub(crate) struct Named {
    /// Canonical name.
    pub name: String,
    /// Country, if the actor belongs to one.
    pub country: Option<Iso3>,
    /// CAMEO sector.
    pub sector: Option<Sector>,
    /// CAMEO actor code, if conventional.
    pub code: Option<String>,
    /// Dated roles (the Phoenix dictionaries'): the one held on the
    /// article's date gives country, sector and code, and the fields
    /// above are empty; none for casus's own tables, whose fields hold at
    /// any date.
    pub roles: Vec<Role>,
}

impl Named {
    /// Country, sector and code on `date` (see [`role_at`]).
    pub(crate) fn at(&self, date: Option<Date>) -> (Option<Iso3>, Option<Sector>, Option<String>) {
        match role_at(&self.roles, date) {
            Some(r) => (r.country, r.sector, Some(r.code.to_string())),
            None => (self.country, self.sector, self.code.clone()),
        }
    }
}

/// A kind of actor named by a common noun ("police", "foreign minister").
#[derive(Clone, Debug)]
pub(crate) struct Agent {
    /// The noun as listed.
    pub noun: String,
    /// CAMEO sector.
    pub sector: Sector,
    /// A role held by one person, which a following name joins.
    pub title: bool,
    /// A weapon or vehicle ("missiles", "warplanes"): it can stand for who
    /// acts, but is never the target of the deed it is used in.
    pub instrument: bool,
}

/// What a dictionary phrase names (the payload of the actor phrases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActorEntry {
    /// A country's name: index into [`ActorBook::countries`].
    Country(u16),
    /// A country's adjective or demonym.
    Adjective(u16),
    /// A capital or seat of power standing for a government.
    Metonym(u16),
    /// A person: index into [`ActorBook::people`].
    Person(u16),
    /// An organisation or armed group: index into [`ActorBook::orgs`].
    Org(u16),
    /// An agent noun: index into [`ActorBook::agents`].
    Agent(u16),
    /// A news outlet: index into [`ActorBook::outlets`].
    Outlet(u16),
}

/// All actor dictionaries.
pub(crate) struct ActorBook {
    /// Countries.
    pub countries: Vec<Country>,
    /// People.
    pub people: Vec<Named>,
    /// Organisations and armed groups.
    pub orgs: Vec<Named>,
    /// Agent nouns.
    pub agents: Vec<Agent>,
    /// News outlets.
    pub outlets: Vec<Named>,
}

impl ActorBook {
    /// Loads the actor dictionaries and adds their phrases via
    /// `add_to(phrase, entry, listed)`: casus's own tables, then the
    /// Phoenix ones (`listed`, see [`PhraseSetBuilder::add_name`]) for
    /// phrases ours lack.
    ///
    /// [`PhraseSetBuilder::add_name`]: crate::phrases::PhraseSetBuilder::add_name
    pub(crate) fn load(
        files: &DataFiles,
        lex: &Lexicon,
        mut add_to: impl FnMut(&str, ActorEntry, bool),
    ) -> Result<ActorBook, DataError> {
        let mut taken: HashSet<String> = HashSet::default();
        let mut add = |s: &str, e: ActorEntry| {
            taken.insert(s.to_lowercase());
            add_to(s, e, false);
        };
        let t = files.table("actors/countries.tsv")?;
        let cols = (
            t.col("iso3")?,
            t.col("name")?,
            t.col("aliases")?,
            t.col("adjectives")?,
            t.col("metonyms")?,
        );
        let mut countries = Vec::new();
        for r in &t.rows {
            let iso3 = Iso3::parse(r.get(cols.0))
                .ok_or_else(|| t.error(r, format!("bad ISO3 code {:?}", r.get(cols.0))))?;
            let i = countries.len() as u16;
            countries.push(Country {
                iso3,
                name: r.get(cols.1).to_string(),
                capital: r.list(cols.4).next().map(str::to_string),
            });
            add(r.get(cols.1), ActorEntry::Country(i));
            for a in r.list(cols.2) {
                add(a, ActorEntry::Country(i));
            }
            for a in r.list(cols.3) {
                add(a, ActorEntry::Adjective(i));
            }
            for a in r.list(cols.4) {
                add(a, ActorEntry::Metonym(i));
                if !a.starts_with("the ") {
                    add(&format!("the {a}"), ActorEntry::Metonym(i));
                }
            }
        }
        let known: Vec<Iso3> = countries.iter().map(|c| c.iso3).collect();
        let find_country =
            |t: &Table, r: &crate::data::Row, code: &str| -> Result<Option<Iso3>, DataError> {
                if code.is_empty() {
                    return Ok(None);
                }
                Iso3::parse(code)
                    .filter(|c| known.contains(c))
                    .map(Some)
                    .ok_or_else(|| {
                        t.error(
                            r,
                            format!("{code:?} is not a country of actors/countries.tsv"),
                        )
                    })
            };
        let named = |file: &str,
                     kind: fn(u16) -> ActorEntry,
                     add: &mut dyn FnMut(&str, ActorEntry)|
         -> Result<Vec<Named>, DataError> {
            let t = files.table(file)?;
            let (c_name, c_alias, c_country) =
                (t.col("name")?, t.col("aliases")?, t.col("country")?);
            let c_sector = t.col("sector").ok();
            let c_code = t.col("code").ok();
            let mut out = Vec::new();
            for r in &t.rows {
                let i = out.len() as u16;
                let country = find_country(&t, r, r.get(c_country))?;
                let mut sector_code = None;
                if let Some(sec) = c_sector.map(|c| r.get(c)).filter(|s| !s.is_empty()) {
                    sector_code = Some(sector(sec).ok_or_else(|| {
                        t.error(r, format!("{sec:?} is not a CAMEO sector code"))
                    })?);
                }
                out.push(Named {
                    name: r.get(c_name).to_string(),
                    country,
                    sector: sector_code,
                    code: c_code
                        .map(|c| r.get(c).to_string())
                        .filter(|s| !s.is_empty()),
                    roles: Vec::new(),
                });
                add(r.get(c_name), kind(i));
                for a in r.list(c_alias) {
                    add(a, kind(i));
                }
            }
            Ok(out)
        };
        let people = named("actors/people.tsv", ActorEntry::Person, &mut add)?;
        let orgs = named("actors/organizations.tsv", ActorEntry::Org, &mut add)?;
        let outlets = named("actors/outlets.tsv", ActorEntry::Outlet, &mut add)?;
        let t = files.table("actors/agents.tsv")?;
        let (c_p, c_s, c_k) = (t.col("phrase")?, t.col("sector")?, t.col("kind")?);
        let mut agents = Vec::new();
        for r in &t.rows {
            let i = agents.len() as u16;
            let (title, instrument) = match r.get(c_k) {
                "title" => (true, false),
                "instrument" => (false, true),
                "person" | "group" => (false, false),
                k => {
                    return Err(t.error(
                        r,
                        format!("kind {k:?} is not person, group, title or instrument"),
                    ))
                }
            };
            let noun = r.get(c_p);
            let Some(sector_code) = sector(r.get(c_s)) else {
                return Err(t.error(r, format!("{:?} is not a CAMEO sector code", r.get(c_s))));
            };
            agents.push(Agent {
                noun: noun.to_string(),
                sector: sector_code,
                title,
                instrument,
            });
            add(noun, ActorEntry::Agent(i));
            let pl = crate::inflect::plural(noun);
            if pl != noun {
                add(&pl, ActorEntry::Agent(i));
            }
        }
        let mut book = ActorBook {
            countries,
            people,
            orgs,
            agents,
            outlets,
        };
        book.add_phoenix(files, lex, &taken, &mut add_to)?;
        Ok(book)
    }

    /// The people of `office_holders.tsv` and the Phoenix dictionaries'
    /// people, groups and agents (see `phoenix.rs`), for the phrases that
    /// ours (`taken`) lack.
    fn add_phoenix(
        &mut self,
        files: &DataFiles,
        lex: &Lexicon,
        taken: &HashSet<String>,
        add_to: &mut impl FnMut(&str, ActorEntry, bool),
    ) -> Result<(), DataError> {
        let known: Vec<Iso3> = self.countries.iter().map(|c| c.iso3).collect();
        let is_country = |c: Iso3| known.contains(&c);
        let not_agent = |w: &str| {
            let s = w.strip_suffix('s').unwrap_or(w);
            [w, s].iter().any(|w| {
                [
                    &lex.not_agents,
                    &lex.place_nouns,
                    &lex.settlement_words,
                    &lex.institution_words,
                ]
                .iter()
                .any(|l| l.contains(w))
            })
        };
        let load = phoenix::Load {
            taken,
            is_country: &is_country,
            not_agent: &not_agent,
        };
        // Office-holders since 2016, by hand, then Phoenix's.
        for file in ["actors/office_holders.tsv", "actors/phoenix_actors.tsv"] {
            load.actors(
                files,
                file,
                &mut self.people,
                &mut self.orgs,
                &mut |n, person, i| {
                    let e = if person {
                        ActorEntry::Person(i)
                    } else {
                        ActorEntry::Org(i)
                    };
                    add_to(n, e, true)
                },
            )?;
        }
        load.agents(files, &mut self.agents, &mut |n, i| {
            add_to(n, ActorEntry::Agent(i), false)
        })
    }

    /// The country with code `iso3`.
    pub(crate) fn country(&self, iso3: Iso3) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso3 == iso3)
    }
}

/// An actor as it appears in an event: who, of which country and sector.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Actor {
    /// The words in the article.
    pub span: Span,
    /// Canonical name ("United States", "Kataib Hezbollah", "Iraqi police").
    pub name: String,
    /// The actor's country.
    pub country: Option<Iso3>,
    /// CAMEO sector.
    pub sector: Option<Sector>,
    /// CAMEO actor code.
    pub code: Option<String>,
    /// A sponsor named by "-backed", "-led" ("Iranian-backed"): not the
    /// actor's nationality.
    pub sponsor: Option<Iso3>,
    /// What the mention is made of.
    pub kind: MentionKind,
    /// A weapon or vehicle standing for its users (see [`Agent::instrument`]).
    pub instrument: bool,
}

/// What an actor mention is made of; decides how it can be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MentionKind {
    /// A country's name ("Jordan"): also a place.
    Country,
    /// A capital or seat ("Washington", "the Kremlin").
    Metonym,
    /// A country adjective alone ("Israeli" in "Israeli strikes").
    Modifier,
    /// A person, organisation, group or agent phrase.
    Entity,
}

impl Actor {
    /// The CAMEO actor code: the dictionary's, else one built from
    /// `country` (the actor's, or the one the event gives it) and the
    /// sector ("USA" + "MIL" = "USAMIL").
    pub(crate) fn cameo_code_for(&self, country: Option<Iso3>) -> Option<String> {
        if let Some(c) = &self.code {
            return Some(c.clone());
        }
        match (&country, &self.sector) {
            (Some(c), Some(s)) => Some(format!("{c}{s}")),
            (Some(c), None) => Some(c.to_string()),
            (None, Some(s)) => Some(s.to_string()),
            (None, None) => None,
        }
    }
}
