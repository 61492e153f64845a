//! The gazetteer, in which stage 4 (places) resolves names: countries
//! (with a centre), first-level divisions and cities of the generated
//! GeoNames tables, and hand-kept places (bases, regions, disputed areas);
//! the name index that finds them in text ([`names`]); and the choice
//! among places that share a name.

mod load;
pub(crate) mod names;

use crate::actors::Iso3;
use crate::data::{DataError, DataFiles};
use crate::lexicon::Lexicon;
pub(crate) use load::without_division_word;
use names::NameIndex;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// How precise a location is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Precision {
    /// A named point: a base, a crossing, a camp.
    Point,
    /// A city, town or village.
    City,
    /// A second-level division: county, district.
    Admin2,
    /// A first-level division or a named region.
    Admin1,
    /// A country as a whole (coordinates are GeoNames' point for it).
    Country,
    /// A continent or a region across countries.
    Region,
}

impl Precision {
    /// The name used in records.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Precision::Point => "point",
            Precision::City => "city",
            Precision::Admin2 => "admin2",
            Precision::Admin1 => "admin1",
            Precision::Country => "country",
            Precision::Region => "region",
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
    pub name: Box<str>,
    /// Country; `None` for seas and regions that span several.
    pub country: Option<Iso3>,
    /// Name of the first-level division (province, governorate, oblast,
    /// state) the place is in, or is (shared by the places of one).
    pub admin1: Option<Arc<str>>,
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
    pub(crate) countries: FxHashMap<Iso3, u32>,
    /// The continents, by index into `places`.
    pub(crate) continents: Vec<u32>,
    /// Names of divisions, cities and hand-kept places (countries are
    /// found with the actors, as they are actors too).
    pub names: NameIndex,
}

impl Gazetteer {
    /// The continent of GeoNames id `id`.
    pub(crate) fn continent(&self, id: u32) -> Option<&Place> {
        self.continents
            .iter()
            .map(|&i| &self.places[i as usize])
            .find(|p| p.geonames_id == Some(id))
    }

    /// Each country's ISO3 code and name, in code order.
    pub(crate) fn country_names(&self) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for place in &self.places {
            if place.precision == Precision::Country {
                if let Some(c) = place.country {
                    out.entry(c.to_string())
                        .or_insert_with(|| place.name.to_string());
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

    /// Loads the gazetteer (see [`load`]).
    pub(crate) fn load(
        files: &DataFiles,
        lex: &Lexicon,
        country_names: &dyn Fn(Iso3) -> Vec<String>,
        add: impl FnMut(&str, u32),
    ) -> Result<Gazetteer, DataError> {
        load::gazetteer(files, lex, country_names, add)
    }

    /// Chooses among places sharing a name, by a score: the size of the
    /// place (the logarithm of its population; a country counts as a
    /// place of a million, a continent as one of ten million, a
    /// hand-kept place as one of three million, a division a thirtieth of
    /// its people, so that "in Donetsk" is the city and "Washington" the
    /// capital), plus one for a place in a country the article names,
    /// plus one and a half for a place in a division the article names or
    /// near a place it names ([`Anchors`]: "London" in an article that
    /// names Ontario is London, Ontario), plus three for a place in the
    /// dateline's division ("Monroe County" under "HOLLIDAY, Mo." is
    /// Missouri's). "Tripoli" in an article about Lebanon is Lebanon's;
    /// "Donetsk" stays the Ukrainian city though the article names
    /// Russia, for the Russian town of that name is twenty times smaller.
    /// Ties go to the earlier place.
    pub(crate) fn choose(
        &self,
        candidates: &[u32],
        context: &[Iso3],
        anchors: &Anchors,
    ) -> Option<u32> {
        let score = |i: u32| {
            let p = &self.places[i as usize];
            let size = match p.precision {
                Precision::Country => 6.0,
                Precision::Region => 7.0,
                _ if p.hand_kept => 6.5,
                Precision::Admin1 | Precision::Admin2 => (p.population as f64 + 1.0).log10() - 1.5,
                _ => (p.population as f64 + 1.0).log10(),
            };
            let named = p.country.is_some_and(|c| context.contains(&c));
            let anchored = anchors.hold(self, i, candidates);
            let local = anchors.in_dateline_region(self, i);
            size + if named { 1.0 } else { 0.0 }
                + if anchored { 1.5 } else { 0.0 }
                + if local { DATELINE_REGION_WEIGHT } else { 0.0 }
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

/// Places an article names without doubt (a name only one place bears,
/// a division), by which the places of an ambiguous name are told apart.
#[derive(Default)]
pub(crate) struct Anchors {
    /// The anchoring places.
    pub places: Vec<u32>,
    /// The division of the dateline ("Ky." of "GLASGOW, Ky."): local
    /// news, whose places are that division's.
    pub dateline_region: Option<u32>,
}

/// What lying in the dateline's division adds to a place's score.
const DATELINE_REGION_WEIGHT: f64 = 3.0;

/// How near a town must be to a place the article names to be taken
/// for the town meant, in kilometres.
const NEAR_KM: f64 = 150.0;

impl Anchors {
    /// Whether place `i` lies in the dateline's division.
    fn in_dateline_region(&self, g: &Gazetteer, i: u32) -> bool {
        self.dateline_region.is_some_and(|r| {
            let (p, q) = (&g.places[i as usize], &g.places[r as usize]);
            q.precision == Precision::Admin1
                && r != i
                && p.country == q.country
                && q.admin1.is_some()
                && p.admin1 == q.admin1
        })
    }

    /// Whether place `i` lies in a division among the anchors or near a
    /// town among them. An anchor that the name itself may stand for
    /// anchors none of its `candidates` ("the Gaza Strip" does not make a
    /// later "Gaza" the city).
    fn hold(&self, g: &Gazetteer, i: u32, candidates: &[u32]) -> bool {
        let p = &g.places[i as usize];
        let others = self.places.iter().filter(|a| !candidates.contains(a));
        others.copied().any(|a| {
            let q = &g.places[a as usize];
            match q.precision {
                Precision::Admin1 | Precision::Admin2 => {
                    q.country == p.country && q.admin1.is_some() && q.admin1 == p.admin1
                }
                Precision::City | Precision::Point => km(p.lat, p.lon, q.lat, q.lon) <= NEAR_KM,
                _ => false,
            }
        })
    }
}

/// Great-circle distance in kilometres.
pub(crate) fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().min(1.0).asin()
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
