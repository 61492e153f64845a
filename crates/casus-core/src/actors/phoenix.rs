//! The Phoenix actor and agent dictionaries of PETRARCH2, as converted by
//! `tools/convert_phoenix.py` into `data/actors/phoenix_*.tsv`: some
//! 18,000 people and 7,000 groups with their dated roles ("AFGGOV
//! 2001-12-22.."), and 3,000 agent nouns. casus's own tables take
//! precedence: a phrase they already name is not added again.

use super::{sector, Agent, Iso3, Named, Sector};
use crate::data::{DataError, DataFiles, Row, Table};
use crate::time::Date;
use rustc_hash::FxHashSet as HashSet;

/// One role an actor holds: a CAMEO code read as country and sector, and
/// the dates it holds between (either end open).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Role {
    /// The full CAMEO code ("AFGGOVBUS", "IGOUNO").
    pub code: Box<str>,
    /// The first three-letter part that is a country of the actor tables.
    pub country: Option<Iso3>,
    /// The first part that is a sector casus knows; the Phoenix codes for
    /// armed non-state groups (IMG, INS, SEP) read as REB.
    pub sector: Option<Sector>,
    /// First day held, if known.
    pub from: Option<Date>,
    /// Last day held, if known.
    pub to: Option<Date>,
    /// Whether the dictionary gives the role dates at all.
    pub dated: bool,
}

impl Role {
    /// Reads "AFGGOV 2001-12-22..", "SYRGOV ..2000-01-01" or "AFGELI";
    /// `is_country` says which three-letter codes are countries.
    pub(crate) fn parse(s: &str, is_country: &dyn Fn(Iso3) -> bool) -> Option<Role> {
        let (code, span) = s.split_once(' ').unwrap_or((s, ""));
        if code.len() < 3 || code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let parts: Vec<&str> = (0..code.len() / 3)
            .map(|i| &code[i * 3..i * 3 + 3])
            .collect();
        // Past the first place, CAMEO's "MUS" is the religion (Muslim),
        // not Mauritius: "IMGMUSISI" is a Muslim militant group.
        let country = parts
            .iter()
            .enumerate()
            .filter(|&(k, p)| k == 0 || *p != "MUS")
            .filter_map(|(_, p)| Iso3::parse(p))
            .find(|&c| is_country(c));
        let sector = parts.iter().find_map(|p| match *p {
            "IMG" | "INS" | "SEP" => sector("REB"),
            p => sector(p),
        });
        let (from, to) = match span.split_once("..") {
            Some((a, b)) => (Date::parse_iso(a), Date::parse_iso(b)),
            None if span.is_empty() => (None, None),
            None => return None,
        };
        Some(Role {
            code: code.into(),
            country,
            sector,
            from,
            to,
            dated: !span.is_empty(),
        })
    }

    /// Whether the role holds on `date`.
    fn holds(&self, date: Date) -> bool {
        self.dated && self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }

    /// Days from the role's dates to `date`, 0 if it holds then.
    fn distance(&self, date: Date) -> i32 {
        match (self.from, self.to) {
            (Some(f), _) if date < f => date.days_until(f),
            (_, Some(t)) if t < date => t.days_until(date),
            _ => 0,
        }
    }
}

/// The role of `roles` held on `date`: one whose dates hold then (the
/// latest begun), else one without dates, else the nearest in time. With
/// no date, the role still held at the end of the dictionary's record
/// (open-ended), else one without dates, else the last.
pub(crate) fn role_at(roles: &[Role], date: Option<Date>) -> Option<&Role> {
    let undated = || roles.iter().find(|r| !r.dated);
    match date {
        Some(d) => roles
            .iter()
            .filter(|r| r.holds(d))
            .max_by_key(|r| r.from)
            .or_else(undated)
            .or_else(|| {
                roles
                    .iter()
                    .filter(|r| r.dated)
                    .min_by_key(|r| r.distance(d))
            }),
        None => roles
            .iter()
            .find(|r| r.dated && r.to.is_none())
            .or_else(undated)
            .or_else(|| roles.iter().max_by_key(|r| r.to)),
    }
}

/// The spellings news gives a name that the dictionaries write with
/// spaces for hyphens: the Arabic article joined to the word after it
/// ("Omar al Bashir": "Omar al-Bashir"), and a person's two-syllable
/// Korean or Chinese given name joined ("Moon Jae in": "Moon Jae-in",
/// "Tsai Ing Wen": "Tsai Ing-wen").
fn hyphenated(name: &str, person: bool) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = name.split(' ').collect();
    if words.iter().skip(1).any(|w| matches!(*w, "al" | "el")) {
        let mut v = String::with_capacity(name.len());
        for (k, w) in words.iter().enumerate() {
            v.push_str(w);
            let article = k > 0 && matches!(*w, "al" | "el");
            if k + 1 < words.len() {
                v.push(if article { '-' } else { ' ' });
            }
        }
        out.push(v);
    }
    let short = |w: &&str| w.len() <= 4 && w.starts_with(|c: char| c.is_alphabetic());
    if person && words.len() == 3 && words.iter().all(short) && !words.contains(&"al") {
        let last = words[2];
        let mut lower = last[..1].to_lowercase();
        lower.push_str(&last[1..]);
        out.push(format!("{} {}-{}", words[0], words[1], lower));
    }
    out
}

/// People and groups of `actors/phoenix_actors.tsv`, pushed onto `people`
/// and `orgs`; each phrase not in `taken` is added via `add` with the
/// entry's index.
pub(crate) struct Load<'a> {
    /// Lower-cased phrases casus's own tables name.
    pub taken: &'a HashSet<String>,
    /// Which ISO3 codes are countries of the actor tables.
    pub is_country: &'a dyn Fn(Iso3) -> bool,
    /// Whether a word, last in an agent phrase, makes it no actor (a
    /// building, vehicle, place or movement: `not_agents` and the place
    /// word lists of `lexicon/nouns.tsv`).
    pub not_agent: &'a dyn Fn(&str) -> bool,
}

impl Load<'_> {
    /// Loads the actors of table `file` (`actors/phoenix_actors.tsv`, or
    /// a table of its columns); `add(phrase, person, index)`.
    pub(crate) fn actors(
        &self,
        files: &DataFiles,
        file: &str,
        people: &mut Vec<Named>,
        orgs: &mut Vec<Named>,
        add: &mut dyn FnMut(&str, bool, u16),
    ) -> Result<(), DataError> {
        let t = files.table(file)?;
        let c = (
            t.col("name")?,
            t.col("aliases")?,
            t.col("kind")?,
            t.col("roles")?,
        );
        // A hyphenated spelling never shadows a name the table writes.
        let written: HashSet<String> = t
            .rows
            .iter()
            .flat_map(|r| std::iter::once(r.get(c.0)).chain(r.list(c.1)))
            .map(str::to_lowercase)
            .collect();
        for r in &t.rows {
            let person = match r.get(c.2) {
                "person" => true,
                "group" => false,
                k => return Err(t.error(r, format!("kind {k:?} is not person or group"))),
            };
            let roles = self.roles(&t, r, c.3)?;
            let table = if person { &mut *people } else { &mut *orgs };
            let i = u16::try_from(table.len())
                .map_err(|_| t.error(r, "more than 65,535 people or groups"))?;
            let names: Vec<&str> = std::iter::once(r.get(c.0)).chain(r.list(c.1)).collect();
            let fresh: Vec<&str> = names
                .into_iter()
                .filter(|n| !self.taken.contains(&n.to_lowercase()))
                .collect();
            if fresh.is_empty() {
                continue;
            }
            // Country, sector and code come from the roles, at a date.
            table.push(Named {
                name: r.get(c.0).to_string(),
                country: None,
                sector: None,
                code: None,
                roles,
            });
            for n in fresh {
                add(n, person, i);
                for v in hyphenated(n, person) {
                    let low = v.to_lowercase();
                    if !self.taken.contains(&low) && !written.contains(&low) {
                        add(&v, person, i);
                    }
                }
            }
        }
        Ok(())
    }

    fn roles(&self, t: &Table, r: &Row, col: usize) -> Result<Vec<Role>, DataError> {
        r.list(col)
            .map(|s| {
                Role::parse(s, self.is_country)
                    .ok_or_else(|| t.error(r, format!("role {s:?} is not CODE or CODE FROM..TO")))
            })
            .collect()
    }

    /// Agent nouns of `actors/phoenix_agents.tsv` not in `taken` and not
    /// ending in a `not_agent` word, pushed
    /// onto `agents`; `add(phrase, index)`.
    pub(crate) fn agents(
        &self,
        files: &DataFiles,
        agents: &mut Vec<Agent>,
        add: &mut dyn FnMut(&str, u16),
    ) -> Result<(), DataError> {
        let t = files.table("actors/phoenix_agents.tsv")?;
        let (c_p, c_s) = (t.col("phrase")?, t.col("sector")?);
        for r in &t.rows {
            let noun = r.get(c_p);
            let last = noun.rsplit(' ').next().unwrap_or(noun);
            if self.taken.contains(noun) || (self.not_agent)(last) {
                continue;
            }
            let Some(sector) = sector(r.get(c_s)) else {
                return Err(t.error(r, format!("{:?} is not a CAMEO sector code", r.get(c_s))));
            };
            let i = agents.len() as u16;
            agents.push(Agent {
                noun: noun.to_string(),
                sector,
                title: false,
                instrument: false,
            });
            add(noun, i);
            let pl = crate::inflect::plural(noun);
            if pl != noun && !self.taken.contains(&pl) {
                add(&pl, i);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(list: &[&str]) -> Vec<Role> {
        let known = |c: Iso3| ["AFG", "KOR", "SYR", "MUS"].contains(&c.as_str());
        list.iter()
            .map(|s| Role::parse(s, &known).unwrap_or_else(|| panic!("{s}")))
            .collect()
    }

    fn code_at(roles: &[Role], date: Option<Date>) -> Option<&str> {
        role_at(roles, date).map(|r| &*r.code)
    }

    fn date(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    #[test]
    fn a_name_written_with_spaces_is_also_read_with_its_hyphens() {
        assert_eq!(hyphenated("Umar al Bashir", true), ["Umar al-Bashir"]);
        assert_eq!(
            hyphenated("Abd al Aziz al Hakim", true),
            ["Abd al-Aziz al-Hakim"]
        );
        assert_eq!(hyphenated("Tsai Ing Wen", true), ["Tsai Ing-wen"]);
        assert_eq!(hyphenated("Moon Jae in", true), ["Moon Jae-in"]);
        // Long words are no syllables of a given name; groups keep theirs.
        assert!(hyphenated("Hamid Karzai Khan", true).is_empty());
        assert!(hyphenated("Red Army Unit", false).is_empty());
    }

    #[test]
    fn muslim_after_the_first_place_is_no_mauritius() {
        let r = roles(&["IMGMUSISI", "MUSGOV"]);
        assert_eq!(r[0].country, None);
        assert_eq!(r[1].country.map(|c| c.to_string()), Some("MUS".into()));
    }

    #[test]
    fn a_code_reads_as_country_and_sector_in_any_order() {
        let r = roles(&["AFGGOVBUS", "IGOUNO", "IMGMUSALQ", "NGOKOR"]);
        assert_eq!(
            (r[0].country.map(|c| c.to_string()), r[0].sector),
            (Some("AFG".into()), Some("GOV"))
        );
        assert_eq!((r[1].country, r[1].sector), (None, Some("IGO")));
        assert_eq!(
            r[2].sector,
            Some("REB"),
            "an international militarised group is armed"
        );
        assert_eq!(r[3].country.map(|c| c.to_string()), Some("KOR".into()));
        let known = |_: Iso3| true;
        assert!(
            Role::parse("AFGGOV 2001-12-22", &known).is_none(),
            "dates need .."
        );
        assert!(Role::parse("AFGGO", &known).is_none());
    }

    #[test]
    fn the_role_held_on_the_articles_date_is_taken() {
        // A diplomat of one country who later heads an international body.
        let r = roles(&[
            "KORGOV 2004-01-17..2006-12-01",
            "IGOUNO 2007-01-01..2016-12-31",
            "KORELI",
        ]);
        assert_eq!(code_at(&r, date("2005-06-01")), Some("KORGOV"));
        assert_eq!(code_at(&r, date("2010-03-03")), Some("IGOUNO"));
        // Outside every dated role: the undated one.
        assert_eq!(code_at(&r, date("2020-01-01")), Some("KORELI"));
        assert_eq!(code_at(&r, date("1990-01-01")), Some("KORELI"));
    }

    #[test]
    fn without_an_undated_role_the_nearest_in_time_is_taken() {
        let r = roles(&["SYRELI 1983-01-01..2000-01-01", "SYRGOV 2000-07-17.."]);
        assert_eq!(code_at(&r, date("2000-03-01")), Some("SYRELI"));
        assert_eq!(code_at(&r, date("2000-06-30")), Some("SYRGOV"));
        assert_eq!(code_at(&r, date("2023-06-30")), Some("SYRGOV"));
        // No date: the role still held when the dictionary was written.
        assert_eq!(code_at(&r, None), Some("SYRGOV"));
        let closed = roles(&[
            "AFGGOV 1990-01-01..1992-01-01",
            "AFGMIL 1995-01-01..1996-01-01",
        ]);
        assert_eq!(code_at(&closed, None), Some("AFGMIL"));
    }
}
