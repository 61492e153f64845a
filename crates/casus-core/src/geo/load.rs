//! Loading the gazetteer from its tables: countries and continents at
//! GeoNames' points, first- and second-level divisions, every populated
//! place of 1,000 people or more, and the hand-kept places.

use super::{Feature, Gazetteer, Place, Precision};
use crate::actors::Iso3;
use crate::data::{DataError, DataFiles, Row, Table};
use crate::geo::names::{NameIndexBuilder, NameKind};
use crate::lexicon::Lexicon;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// People from which a city's aliases are not hidden by a division's
/// name ("New York").
const MAJOR_ALIAS: u64 = 1_000_000;

/// The places read so far and their names.
#[derive(Default)]
struct Loader {
    places: Vec<Place>,
    names: NameIndexBuilder,
    /// Each first-level division's place by (country, GeoNames code).
    admin1_at: FxHashMap<(Iso3, String), u32>,
}

/// Loads the gazetteer. Country names go to `add(name, place index)`
/// (the phrase dictionary, where countries are actors as well);
/// `country_names` gives each country's names from the actor table, so
/// "Britain" is a place as well as an actor. Every other name goes to the
/// name index.
pub(super) fn gazetteer(
    files: &DataFiles,
    lex: &Lexicon,
    country_names: &dyn Fn(Iso3) -> Vec<String>,
    mut add: impl FnMut(&str, u32),
) -> Result<Gazetteer, DataError> {
    let mut l = Loader::default();
    l.countries(files, country_names, &mut add)?;
    l.continents(files)?;
    let admin1 = l.admin1(files, lex)?;
    l.abbreviations(files)?;
    l.division_points(files)?;
    l.admin2(files, lex, &admin1)?;
    l.cities(files, &admin1)?;
    l.hand_kept(files)?;
    let countries = l
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.precision == Precision::Country)
        .filter_map(|(i, p)| Some((p.country?, i as u32)))
        .collect();
    let continents = (0..l.places.len() as u32)
        .filter(|&i| l.places[i as usize].feature == Feature::Continent)
        .collect();
    Ok(Gazetteer {
        places: l.places,
        countries,
        continents,
        names: l.names.build(),
    })
}

/// Field `i` of `r` as a coordinate no larger than `max` in magnitude.
fn coord(t: &Table, r: &Row, i: usize, max: f64) -> Result<f64, DataError> {
    parse_coord(t, r, r.get(i), max)
}

/// `s`, of row `r`, as a coordinate no larger than `max` in magnitude.
fn parse_coord(t: &Table, r: &Row, s: &str, max: f64) -> Result<f64, DataError> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.abs() <= max)
        .ok_or_else(|| t.error(r, format!("bad coordinate {s:?}")))
}

/// Field `i` of `r` as a number of `what`.
fn number<T: std::str::FromStr>(t: &Table, r: &Row, i: usize, what: &str) -> Result<T, DataError> {
    parse_number(t, r, r.get(i), what)
}

/// `s`, of row `r`, as a number of `what`.
fn parse_number<T: std::str::FromStr>(
    t: &Table,
    r: &Row,
    s: &str,
    what: &str,
) -> Result<T, DataError> {
    s.parse()
        .map_err(|_| t.error(r, format!("bad {what} {s:?}")))
}

/// Field `i` of `r` as a GeoNames id, `None` when empty.
fn geonames_id(t: &Table, r: &Row, i: usize) -> Result<Option<u32>, DataError> {
    match r.get(i) {
        "" => Ok(None),
        _ => number(t, r, i, "GeoNames id").map(Some),
    }
}

/// Field `i` of `r` as an ISO3 code.
fn iso3(t: &Table, r: &Row, i: usize) -> Result<Iso3, DataError> {
    Iso3::parse(r.get(i)).ok_or_else(|| t.error(r, "bad ISO3 code"))
}

/// Field `i` of `r`, which must not be empty.
fn name<'a>(t: &Table, r: &Row<'a>, i: usize) -> Result<&'a str, DataError> {
    Some(r.get(i))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| t.error(r, "empty name"))
}

impl Loader {
    /// The next place's index.
    fn next(&self) -> u32 {
        self.places.len() as u32
    }

    /// Countries at GeoNames' points; their names are the actor table's.
    fn countries(
        &mut self,
        files: &DataFiles,
        country_names: &dyn Fn(Iso3) -> Vec<String>,
        add: &mut impl FnMut(&str, u32),
    ) -> Result<(), DataError> {
        let t = files.table("gazetteer/countries.tsv")?;
        let c = (
            t.col("iso3")?,
            t.col("geonameid")?,
            t.col("name")?,
            t.col("lat")?,
            t.col("lon")?,
        );
        for r in &t.rows {
            let iso = iso3(&t, r, c.0)?;
            let i = self.next();
            self.places.push(Place {
                name: name(&t, r, c.2)?.into(),
                country: Some(iso),
                admin1: None,
                lat: coord(&t, r, c.3, 90.0)?,
                lon: coord(&t, r, c.4, 180.0)?,
                precision: Precision::Country,
                feature: Feature::Country,
                geonames_id: geonames_id(&t, r, c.1)?,
                population: u64::MAX,
                hand_kept: false,
            });
            for n in country_names(iso) {
                add(&n, i);
            }
        }
        Ok(())
    }

    /// Continents at GeoNames' points.
    fn continents(&mut self, files: &DataFiles) -> Result<(), DataError> {
        let t = files.table("gazetteer/continents.tsv")?;
        let c = (
            t.col("geonameid")?,
            t.col("name")?,
            t.col("lat")?,
            t.col("lon")?,
        );
        for r in &t.rows {
            let i = self.next();
            let n = name(&t, r, c.1)?;
            self.places.push(Place {
                name: n.into(),
                country: None,
                admin1: None,
                lat: coord(&t, r, c.2, 90.0)?,
                lon: coord(&t, r, c.3, 180.0)?,
                precision: Precision::Region,
                feature: Feature::Continent,
                geonames_id: geonames_id(&t, r, c.0)?,
                population: 0,
                hand_kept: false,
            });
            self.names.add(n, i, NameKind::Own);
        }
        Ok(())
    }

    /// First-level divisions, named as GeoNames names them, and also
    /// without the word for the division ("Basra Governorate" is
    /// "Basra"). Returns each division's name by (country, GeoNames
    /// admin1 code).
    fn admin1(
        &mut self,
        files: &DataFiles,
        lex: &Lexicon,
    ) -> Result<FxHashMap<(Iso3, String), Arc<str>>, DataError> {
        let t = files.table("gazetteer/admin1.tsv")?;
        let c = (
            t.col("country")?,
            t.col("code")?,
            t.col("geonameid")?,
            t.col("name")?,
            t.col("aliases")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        let mut by_code = FxHashMap::default();
        for r in &t.rows {
            let iso = iso3(&t, r, c.0)?;
            let n = name(&t, r, c.3)?;
            let shared: Arc<str> = Arc::from(n);
            by_code.insert((iso, r.get(c.1).to_string()), shared.clone());
            let i = self.next();
            self.admin1_at.insert((iso, r.get(c.1).to_string()), i);
            self.places.push(Place {
                name: n.into(),
                country: Some(iso),
                admin1: Some(shared),
                lat: coord(&t, r, c.5, 90.0)?,
                lon: coord(&t, r, c.6, 180.0)?,
                precision: Precision::Admin1,
                feature: Feature::Admin1,
                geonames_id: geonames_id(&t, r, c.2)?,
                population: number(&t, r, c.7, "population")?,
                hand_kept: false,
            });
            self.names.add(n, i, NameKind::Division);
            if let Some(short) = without_division_word(lex, n) {
                self.names.add(short, i, NameKind::Division);
            }
            self.aliases(lex, r.list(c.4), i);
        }
        Ok(by_code)
    }

    /// The short forms of first-level divisions ("Ky.", "Man.", "TX"),
    /// as aliases of the divisions (by country and GeoNames code).
    fn abbreviations(&mut self, files: &DataFiles) -> Result<(), DataError> {
        let t = files.table("gazetteer/abbreviations.tsv")?;
        let c = (t.col("country")?, t.col("code")?, t.col("abbreviations")?);
        let mut found = Vec::new();
        for r in &t.rows {
            let key = (iso3(&t, r, c.0)?, r.get(c.1).to_string());
            let &i = self
                .admin1_at
                .get(&key)
                .ok_or_else(|| t.error(r, format!("no division {} {}", key.0, key.1)))?;
            found.push((i, r));
        }
        for (i, r) in found {
            for a in r.list(c.2) {
                self.names.add(a, i, NameKind::Short);
            }
        }
        Ok(())
    }

    /// GeoNames' own points for the divisions where we have them, in
    /// place of the generated ones.
    fn division_points(&mut self, files: &DataFiles) -> Result<(), DataError> {
        let t = files.table("gazetteer/division_points.tsv")?;
        let c = (
            t.col("country")?,
            t.col("code")?,
            t.col("lat")?,
            t.col("lon")?,
        );
        for r in &t.rows {
            let key = (iso3(&t, r, c.0)?, r.get(c.1).to_string());
            let &i = self
                .admin1_at
                .get(&key)
                .ok_or_else(|| t.error(r, format!("no division {} {}", key.0, key.1)))?;
            let (lat, lon) = (coord(&t, r, c.2, 90.0)?, coord(&t, r, c.3, 180.0)?);
            let p = &mut self.places[i as usize];
            (p.lat, p.lon) = (lat, lon);
        }
        Ok(())
    }

    /// Second-level divisions (counties, districts), by their whole
    /// names ("Orange County"; "Orange" alone is the town).
    fn admin2(
        &mut self,
        files: &DataFiles,
        lex: &Lexicon,
        admin1: &FxHashMap<(Iso3, String), Arc<str>>,
    ) -> Result<(), DataError> {
        let by_name: FxHashMap<(Iso3, &str), &Arc<str>> =
            admin1.iter().map(|((c, _), n)| ((*c, &**n), n)).collect();
        let t = files.table("gazetteer/admin2.tsv")?;
        let c = (
            t.col("country")?,
            t.col("admin1")?,
            t.col("geonameid")?,
            t.col("name")?,
            t.col("aliases")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        for r in &t.rows {
            let iso = iso3(&t, r, c.0)?;
            let n = name(&t, r, c.3)?;
            let i = self.next();
            self.places.push(Place {
                name: n.into(),
                country: Some(iso),
                admin1: by_name.get(&(iso, r.get(c.1))).map(|a| Arc::clone(a)),
                lat: coord(&t, r, c.5, 90.0)?,
                lon: coord(&t, r, c.6, 180.0)?,
                precision: Precision::Admin2,
                feature: Feature::Admin2,
                geonames_id: geonames_id(&t, r, c.2)?,
                population: number(&t, r, c.7, "population")?,
                hand_kept: false,
            });
            // "Orange County" and "Amphoe Sikao" are named without their
            // word as well ("Orange County" is "Orange" with a county word).
            self.names.add(n, i, NameKind::Division);
            if let Some(short) = without_division_word(lex, n) {
                self.names.add(short, i, NameKind::Division);
            }
            self.aliases(lex, r.list(c.4).filter(|&a| a != n), i);
        }
        Ok(())
    }

    /// A division's other names as aliases of place `i`: as written
    /// ("Anbar Governorate", "Elgeyo-Marakwet"), not a compass word alone
    /// ("Northern" of Sudan's Northern State).
    fn aliases<'a>(&mut self, lex: &Lexicon, names: impl Iterator<Item = &'a str>, i: u32) {
        for a in names.filter(|a| !lex.compass_words.contains(&a.to_lowercase())) {
            self.names.add(a, i, NameKind::Alias);
        }
    }

    /// Every populated place of 1,000 people or more, with GeoNames'
    /// Latin-letter alternate names of the larger ones.
    fn cities(
        &mut self,
        files: &DataFiles,
        admin1: &FxHashMap<(Iso3, String), Arc<str>>,
    ) -> Result<(), DataError> {
        let t = files.table("gazetteer/cities.tsv")?;
        let c = (
            t.col("geonameid")?,
            t.col("name")?,
            t.col("aliases")?,
            t.col("country")?,
            t.col("admin1")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        let mut key = (
            Iso3::parse("USA").unwrap_or_else(|| unreachable!()),
            String::new(),
        );
        // The table is most of the gazetteer: room for it and the
        // hand-kept places at once, not twice what it needs.
        let hand_kept = files.table("gazetteer/places.tsv")?.rows.len();
        self.places.reserve_exact(t.rows.len() + hand_kept);
        for r in &t.rows {
            let i = self.next();
            let f: [&str; 16] = r.fields();
            let field = |k: usize| f.get(k).copied().unwrap_or("");
            key.0 = Iso3::parse(field(c.3)).ok_or_else(|| t.error(r, "bad ISO3 code"))?;
            key.1.clear();
            key.1.push_str(field(c.4));
            let n = Some(field(c.1))
                .filter(|n| !n.is_empty())
                .ok_or_else(|| t.error(r, "empty name"))?;
            self.places.push(Place {
                name: n.into(),
                country: Some(key.0),
                admin1: admin1.get(&key).cloned(),
                lat: parse_coord(&t, r, field(c.5), 90.0)?,
                lon: parse_coord(&t, r, field(c.6), 180.0)?,
                precision: Precision::City,
                feature: Feature::PopulatedPlace,
                geonames_id: Some(parse_number(&t, r, field(c.0), "GeoNames id")?),
                population: parse_number(&t, r, field(c.7), "population")?,
                hand_kept: false,
            });
            self.names.add(n, i, NameKind::Own);
            let kind = match self.places[i as usize].population {
                p if p >= MAJOR_ALIAS => NameKind::MajorAlias,
                _ => NameKind::Alias,
            };
            for a in field(c.2)
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                self.names.add(a, i, kind);
            }
        }
        Ok(())
    }

    /// Hand-kept places: bases, crossings, camps, disputed areas, regions.
    fn hand_kept(&mut self, files: &DataFiles) -> Result<(), DataError> {
        let t = files.table("gazetteer/places.tsv")?;
        let c = (
            t.col("name")?,
            t.col("aliases")?,
            t.col("country")?,
            t.col("kind")?,
            t.col("lat")?,
            t.col("lon")?,
        );
        for r in &t.rows {
            let (precision, feature) = match r.get(c.3) {
                "point" => (Precision::Point, Feature::Point),
                "city" => (Precision::City, Feature::PopulatedPlace),
                "region" => (Precision::Admin1, Feature::Region),
                "admin1" => (Precision::Admin1, Feature::Admin1),
                k => {
                    return Err(t.error(
                        r,
                        format!("kind {k:?} is not point, city, region or admin1"),
                    ))
                }
            };
            let i = self.next();
            let n = name(&t, r, c.0)?;
            self.places.push(Place {
                name: n.into(),
                country: Iso3::parse(r.get(c.2)),
                admin1: (precision == Precision::Admin1).then(|| Arc::from(n)),
                lat: coord(&t, r, c.4, 90.0)?,
                lon: coord(&t, r, c.5, 180.0)?,
                precision,
                feature,
                geonames_id: None,
                population: 0,
                hand_kept: true,
            });
            // Hand-kept aliases are chosen with care: as good as names.
            self.names.add(n, i, NameKind::Own);
            for a in r.list(c.1) {
                self.names.add(a, i, NameKind::Own);
            }
        }
        Ok(())
    }
}

/// A division's name without the word for the division, if it has one:
/// "Basra Governorate" → "Basra", "Muhafazat Kirkuk" → "Kirkuk",
/// "Wilayat-e Baghlan" → "Baghlan" (the lexicon's `division_prefixes`
/// and `division_suffixes`).
pub(crate) fn without_division_word<'a>(lex: &Lexicon, name: &'a str) -> Option<&'a str> {
    let before = |p: &str| name.strip_prefix(p)?.strip_prefix(' ');
    let after = |x: &str| name.strip_suffix(x)?.strip_suffix(' ');
    let short = lex
        .division_prefixes
        .iter()
        .find_map(before)
        .or_else(|| lex.division_suffixes.iter().find_map(after))?;
    (short.len() >= 3).then_some(short)
}
