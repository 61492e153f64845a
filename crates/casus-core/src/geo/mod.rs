//! The gazetteer, in which stage 4 (places) resolves names: countries
//! (with a centre), first-level divisions and cities of the generated
//! GeoNames tables, and hand-kept places (bases, regions, disputed areas);
//! the name index that finds them in text ([`names`]); and the choice
//! among places that share a name.

pub(crate) mod names;

use crate::actors::Iso3;
use crate::data::{DataError, DataFiles};
use crate::lexicon::Lexicon;
use names::{NameIndex, NameIndexBuilder};
use rustc_hash::FxHashMap;

/// How precise a location is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precision {
    /// A named point: a base, a crossing, a camp.
    Point,
    /// A city, town or village.
    City,
    /// A first-level division or a named region.
    Admin1,
    /// A country as a whole (coordinates are its centre).
    Country,
}

impl Precision {
    /// The name used in records.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Precision::Point => "point",
            Precision::City => "city",
            Precision::Admin1 => "admin1",
            Precision::Country => "country",
        }
    }
}

/// What kind of place a gazetteer entry is (GeoNames' feature classes,
/// coarsely).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    /// A sovereign country or a dependency.
    Country,
    /// A first-level division: state, province, governorate, oblast.
    Admin1,
    /// A second-level division: county, district.
    Admin2,
    /// A city, town or village.
    PopulatedPlace,
    /// A named region across divisions or countries ("the Sahel").
    Region,
    /// A named point: a base, a crossing, a camp.
    Point,
    /// A continent.
    Continent,
}

impl Feature {
    /// The name used in `casus places`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Admin1 => "admin1",
            Feature::Admin2 => "admin2",
            Feature::PopulatedPlace => "populated place",
            Feature::Region => "region",
            Feature::Point => "point",
            Feature::Continent => "continent",
        }
    }
}

/// A place in the gazetteer.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    /// Canonical name.
    pub name: String,
    /// Country; `None` for seas and regions that span several.
    pub country: Option<Iso3>,
    /// Name of the first-level division (province, governorate, oblast,
    /// state) the place is in, or is.
    pub admin1: Option<String>,
    /// Latitude, WGS 84.
    pub lat: f64,
    /// Longitude, WGS 84.
    pub lon: f64,
    /// Precision of the coordinates.
    pub precision: Precision,
    /// What kind of place.
    pub feature: Feature,
    /// GeoNames id, where the place came from GeoNames.
    pub geonames_id: Option<u32>,
    /// Population, for choosing among places of one name.
    pub population: u64,
    /// From the hand-kept table (`places.tsv`), which is preferred to the
    /// generated ones for a name they share.
    pub hand_kept: bool,
}

/// The gazetteer.
pub(crate) struct Gazetteer {
    /// All places: countries first, then first-level divisions, cities
    /// and hand-kept places.
    pub places: Vec<Place>,
    /// The country place of each ISO3 code, by index into `places`.
    countries: FxHashMap<Iso3, u32>,
    /// Names of divisions, cities and hand-kept places (countries are
    /// found with the actors, as they are actors too).
    pub names: NameIndex,
}

fn coord(
    t: &crate::data::Table,
    r: &crate::data::Row,
    i: usize,
    max: f64,
) -> Result<f64, DataError> {
    r.get(i)
        .parse::<f64>()
        .ok()
        .filter(|v| v.abs() <= max)
        .ok_or_else(|| t.error(r, format!("bad coordinate {:?}", r.get(i))))
}

impl Gazetteer {
    /// Each country's ISO3 code and name, in code order.
    pub(crate) fn country_names(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for place in &self.places {
            if place.precision == Precision::Country {
                if let Some(c) = place.country {
                    out.entry(c.to_string())
                        .or_insert_with(|| place.name.clone());
                }
            }
        }
        out
    }

    /// The place that stands for country `iso` (its centre).
    pub(crate) fn country(&self, iso: Iso3) -> Option<&Place> {
        self.countries
            .get(&iso)
            .and_then(|&i| self.places.get(i as usize))
    }

    /// Loads the gazetteer. Country names go to `add(name, place index)`
    /// (the phrase dictionary, where countries are actors as well);
    /// `country_names` gives each country's names from the actor table, so
    /// "Britain" is a place as well as an actor. Every other name goes to
    /// the name index.
    pub(crate) fn load(
        files: &DataFiles,
        lex: &Lexicon,
        country_names: &dyn Fn(Iso3) -> Vec<String>,
        mut add: impl FnMut(&str, u32),
    ) -> Result<Gazetteer, DataError> {
        let mut places = Vec::new();
        let t = files.table("gazetteer/country_centres.tsv")?;
        let (c_iso, c_name, c_lat, c_lon) =
            (t.col("iso3")?, t.col("name")?, t.col("lat")?, t.col("lon")?);
        for r in &t.rows {
            let iso = Iso3::parse(r.get(c_iso)).ok_or_else(|| t.error(r, "bad ISO3 code"))?;
            let i = places.len() as u32;
            places.push(Place {
                name: r.get(c_name).to_string(),
                country: Some(iso),
                admin1: None,
                lat: coord(&t, r, c_lat, 90.0)?,
                lon: coord(&t, r, c_lon, 180.0)?,
                precision: Precision::Country,
                feature: Feature::Country,
                geonames_id: None,
                population: u64::MAX,
                hand_kept: false,
            });
            for n in country_names(iso) {
                add(&n, i);
            }
        }
        let mut names = NameIndexBuilder::default();
        // First-level divisions, named as GeoNames names them, and without
        // the word for the division ("Basra Governorate" is "Basra").
        let t = files.table("gazetteer/admin1.tsv")?;
        let cols = (
            t.col("country")?,
            t.col("code")?,
            t.col("name")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        let mut admin1_names: FxHashMap<(Iso3, &str), &str> = FxHashMap::default();
        for r in &t.rows {
            let iso = Iso3::parse(r.get(cols.0)).ok_or_else(|| t.error(r, "bad ISO3 code"))?;
            let name = r.get(cols.2);
            if name.is_empty() {
                return Err(t.error(r, "empty name"));
            }
            admin1_names.insert((iso, r.get(cols.1)), name);
            let i = places.len() as u32;
            places.push(Place {
                name: name.to_string(),
                country: Some(iso),
                admin1: Some(name.to_string()),
                lat: coord(&t, r, cols.3, 90.0)?,
                lon: coord(&t, r, cols.4, 180.0)?,
                precision: Precision::Admin1,
                feature: Feature::Admin1,
                geonames_id: None,
                population: r
                    .get(cols.5)
                    .parse()
                    .map_err(|_| t.error(r, "bad population"))?,
                hand_kept: false,
            });
            names.add(name, i, true);
            if let Some(short) = without_division_word(lex, name) {
                names.add(short, i, true);
            }
        }
        let t = files.table("gazetteer/cities.tsv")?;
        let cols = (
            t.col("geonameid")?,
            t.col("name")?,
            t.col("aliases")?,
            t.col("country")?,
            t.col("admin1")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        for r in &t.rows {
            let i = places.len() as u32;
            let country = Iso3::parse(r.get(cols.3)).ok_or_else(|| t.error(r, "bad ISO3 code"))?;
            places.push(Place {
                name: r.get(cols.1).to_string(),
                country: Some(country),
                admin1: admin1_names
                    .get(&(country, r.get(cols.4)))
                    .map(|a| a.to_string()),
                lat: coord(&t, r, cols.5, 90.0)?,
                lon: coord(&t, r, cols.6, 180.0)?,
                precision: Precision::City,
                feature: Feature::PopulatedPlace,
                geonames_id: Some(
                    r.get(cols.0)
                        .parse()
                        .map_err(|_| t.error(r, "bad GeoNames id"))?,
                ),
                population: r
                    .get(cols.7)
                    .parse()
                    .map_err(|_| t.error(r, "bad population"))?,
                hand_kept: false,
            });
            names.add(r.get(cols.1), i, true);
            for a in r.list(cols.2) {
                names.add(a, i, false);
            }
        }
        load_hand_kept(files, &mut places, &mut names)?;
        let countries = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.precision == Precision::Country)
            .filter_map(|(i, p)| Some((p.country?, i as u32)))
            .collect();
        Ok(Gazetteer {
            places,
            countries,
            names: names.build(),
        })
    }

    /// Chooses among places sharing a name, by a score: the size of the
    /// place (the logarithm of its population; a country counts as a
    /// place of a million, a hand-kept place as one of three million, a
    /// division a thirtieth of its people, so that "in Donetsk" is the
    /// city and "Washington" the capital), plus one for a place in a
    /// country the article names. "Tripoli" in an article about Lebanon is
    /// Lebanon's; "Donetsk" stays the Ukrainian city though the article
    /// names Russia, for the Russian town of that name is twenty times
    /// smaller. Ties go to the earlier place.
    pub(crate) fn choose(&self, candidates: &[u32], context: &[Iso3]) -> Option<u32> {
        let score = |i: u32| {
            let p = &self.places[i as usize];
            let size = match p.precision {
                Precision::Country => 6.0,
                _ if p.hand_kept => 6.5,
                Precision::Admin1 => (p.population as f64 + 1.0).log10() - 1.5,
                _ => (p.population as f64 + 1.0).log10(),
            };
            let named = p.country.is_some_and(|c| context.contains(&c));
            size + if named { 1.0 } else { 0.0 }
        };
        candidates
            .iter()
            .copied()
            .fold(None, |best: Option<(u32, f64)>, i| {
                let s = score(i);
                match best {
                    Some((_, b)) if b >= s => best,
                    _ => Some((i, s)),
                }
            })
            .map(|(i, _)| i)
    }
}

/// Hand-kept places: bases, crossings, camps, disputed areas, regions.
fn load_hand_kept(
    files: &DataFiles,
    places: &mut Vec<Place>,
    names: &mut NameIndexBuilder,
) -> Result<(), DataError> {
    let t = files.table("gazetteer/places.tsv")?;
    let cols = (
        t.col("name")?,
        t.col("aliases")?,
        t.col("country")?,
        t.col("kind")?,
        t.col("lat")?,
        t.col("lon")?,
    );
    for r in &t.rows {
        let (precision, feature) = match r.get(cols.3) {
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
        let i = places.len() as u32;
        let name = r.get(cols.0);
        places.push(Place {
            name: name.to_string(),
            country: Iso3::parse(r.get(cols.2)),
            admin1: (precision == Precision::Admin1).then(|| name.to_string()),
            lat: coord(&t, r, cols.4, 90.0)?,
            lon: coord(&t, r, cols.5, 180.0)?,
            precision,
            feature,
            geonames_id: None,
            population: 0,
            hand_kept: true,
        });
        // Hand-kept aliases are chosen with care: as good as names.
        names.add(name, i, true);
        for a in r.list(cols.1) {
            names.add(a, i, true);
        }
    }
    Ok(())
}

/// A Latin letter with its diacritic removed, as English news spells
/// place names ("Brasília" → "Brasilia", "Kraków" → "Krakow").
pub(crate) fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'Í' | 'Î' | 'İ' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'Ó' | 'Ö' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ú' | 'Ü' => 'U',
        'ñ' | 'ń' | 'ň' => 'n',
        'ç' | 'č' | 'ć' => 'c',
        'Č' | 'Ç' => 'C',
        'š' | 'ś' | 'ş' | 'ș' => 's',
        'Š' | 'Ś' | 'Ş' | 'Ș' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ż' => 'Z',
        'ł' => 'l',
        'Ł' => 'L',
        'ř' => 'r',
        'ď' => 'd',
        'ť' | 'ț' => 't',
        'ğ' => 'g',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// A division's name without the word for the division, if it has one:
/// "Basra Governorate" → "Basra", "Muhafazat Kirkuk" → "Kirkuk",
/// "Wilayat-e Baghlan" → "Baghlan" (the lexicon's `division_prefixes`
/// and `division_suffixes`).
fn without_division_word<'a>(lex: &Lexicon, name: &'a str) -> Option<&'a str> {
    let before = |p: &str| name.strip_prefix(p)?.strip_prefix(' ');
    let after = |x: &str| name.strip_suffix(x)?.strip_suffix(' ');
    let short = lex
        .division_prefixes
        .iter()
        .find_map(before)
        .or_else(|| lex.division_suffixes.iter().find_map(after))?;
    (short.len() >= 3).then_some(short)
}
