//! Stage 8: places. Countries (with a centre), cities of the generated
//! GeoNames table, and hand-kept places (bases, regions, disputed areas);
//! and the choice among places that share a name.

use crate::actors::Iso3;
use crate::data::{DataError, DataFiles};

/// How precise a location is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
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
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Point => "point",
            Precision::City => "city",
            Precision::Admin1 => "admin1",
            Precision::Country => "country",
        }
    }
}

/// A place in the gazetteer.
#[derive(Clone, Debug)]
pub struct Place {
    /// Canonical name.
    pub name: String,
    /// Country; `None` for seas and regions that span several.
    pub country: Option<Iso3>,
    /// First-level division code or name, if known.
    pub admin1: Option<String>,
    /// Latitude, WGS 84.
    pub lat: f64,
    /// Longitude, WGS 84.
    pub lon: f64,
    /// Precision of the coordinates.
    pub precision: Precision,
    /// GeoNames id, where the place came from GeoNames.
    pub geonames_id: Option<u32>,
    /// Population, for choosing among places of one name.
    pub population: u64,
}

/// The gazetteer.
pub struct Gazetteer {
    /// All places: countries first, then cities, then hand-kept places.
    pub places: Vec<Place>,
    /// The country place of each ISO3 code, by index into `places`.
    countries: rustc_hash::FxHashMap<Iso3, u32>,
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
    /// The place that stands for country `iso` (its centre).
    pub fn country(&self, iso: Iso3) -> Option<&Place> {
        self.countries
            .get(&iso)
            .and_then(|&i| self.places.get(i as usize))
    }

    /// Loads the gazetteer, adding each name via `add(name, place index)`.
    /// `country_names` gives each country's names from the actor table,
    /// so "Britain" is a place as well as an actor.
    pub fn load(
        files: &DataFiles,
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
                geonames_id: None,
                population: u64::MAX,
            });
            for n in country_names(iso) {
                add(&n, i);
            }
        }
        let t = files.table("gazetteer/cities.tsv")?;
        let cols = (
            t.col("geonameid")?,
            t.col("name")?,
            t.col("country")?,
            t.col("admin1")?,
            t.col("lat")?,
            t.col("lon")?,
            t.col("population")?,
        );
        for r in &t.rows {
            let i = places.len() as u32;
            places.push(Place {
                name: r.get(cols.1).to_string(),
                country: Iso3::parse(r.get(cols.2)),
                admin1: Some(r.get(cols.3).to_string()).filter(|s| !s.is_empty()),
                lat: coord(&t, r, cols.4, 90.0)?,
                lon: coord(&t, r, cols.5, 180.0)?,
                precision: Precision::City,
                geonames_id: r.get(cols.0).parse().ok(),
                population: r
                    .get(cols.6)
                    .parse()
                    .map_err(|_| t.error(r, "bad population"))?,
            });
            add(r.get(cols.1), i);
            // News writes "Brasilia" for "Brasília".
            let folded = fold_latin(r.get(cols.1));
            if folded != r.get(cols.1) {
                add(&folded, i);
            }
        }
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
            let precision = match r.get(cols.3) {
                "point" => Precision::Point,
                "city" => Precision::City,
                "region" | "admin1" => Precision::Admin1,
                k => {
                    return Err(t.error(
                        r,
                        format!("kind {k:?} is not point, city, region or admin1"),
                    ))
                }
            };
            let i = places.len() as u32;
            places.push(Place {
                name: r.get(cols.0).to_string(),
                country: Iso3::parse(r.get(cols.2)),
                admin1: None,
                lat: coord(&t, r, cols.4, 90.0)?,
                lon: coord(&t, r, cols.5, 180.0)?,
                precision,
                geonames_id: None,
                population: 0,
            });
            add(r.get(cols.0), i);
            for a in r.list(cols.1) {
                add(a, i);
            }
        }
        let countries = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.precision == Precision::Country)
            .filter_map(|(i, p)| Some((p.country?, i as u32)))
            .collect();
        Ok(Gazetteer { places, countries })
    }

    /// Chooses among places sharing a name: a place in one of the
    /// article's countries first, then the hand-kept or largest one.
    pub fn choose(&self, candidates: &[u32], context: &[Iso3]) -> Option<u32> {
        candidates.iter().copied().max_by_key(|&i| {
            let p = &self.places[i as usize];
            let in_context = p.country.is_some_and(|c| context.contains(&c));
            let hand_kept = p.geonames_id.is_none();
            (
                in_context,
                p.precision == Precision::Country,
                hand_kept,
                p.population,
            )
        })
    }
}

/// Latin letters with diacritics replaced by their base letter, as English
/// news spells place names ("Brasília" → "Brasilia", "Kraków" → "Krakow").
pub fn fold_latin(s: &str) -> String {
    s.chars()
        .map(|c| match c {
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
        })
        .collect()
}
