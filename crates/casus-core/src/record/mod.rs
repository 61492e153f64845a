//! The event record, SCHEMA v1: the boundary between the pipeline and
//! everything that stores, serves or scores its output. Only this module's
//! types derive `Serialize`; the pipeline's inner types stay free to change.

use crate::actors::Iso3;
use crate::ontology::EventType;
use crate::time::Date;
use serde::Serialize;

mod build;

pub(crate) use build::{place_mention, place_record, records as build};

/// Exact bytes of the article that support a field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The words: `text == article_text[start..end]`.
    pub text: String,
    /// First byte in the article text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// An actor of an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRecord {
    /// The words in the article.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-3 code of the actor's country.
    pub country: Option<Iso3>,
    /// CAMEO sector (GOV, MIL, REB, …).
    pub sector: Option<&'static str>,
    /// CAMEO actor code, e.g. USAMIL.
    pub code: Option<String>,
    /// A sponsor named in the text ("Iranian-backed"): not the actor's
    /// nationality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<Iso3>,
    /// Where `country` comes from when the actor's own words give none
    /// ("police", "gunmen", "protesters"): `"place"`, the country the
    /// event happened in (ACLED's and GDELT's convention); `"sponsor"`,
    /// its sponsor's; `"article"`, the country of the dateline or the one
    /// the article names most. Absent when the words give it ("Kenyan
    /// police", "police in Kenya").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_from: Option<&'static str>,
    /// Where the actor's words are.
    pub start: usize,
    /// End of the actor's words.
    pub end: usize,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LocationRecord {
    /// The words in the article (empty when inferred).
    pub text: String,
    /// Canonical place name.
    pub name: String,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<Iso3>,
    /// First-level division, where known.
    pub admin1: Option<String>,
    /// Latitude, WGS 84.
    pub lat: Option<f64>,
    /// Longitude, WGS 84.
    pub lon: Option<f64>,
    /// `point`, `city`, `admin1` or `country`.
    pub precision: &'static str,
    /// GeoNames id, where the place came from GeoNames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u32>,
    /// How the place was chosen: `text` (stated for this event),
    /// `dateline`, `actor` (an actor's country), and for a deed placed by
    /// none of these `sentence` (its sentence's first place) or `article`
    /// (the country the article names most).
    pub basis: &'static str,
    /// Where the place's words are (absent when inferred).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// End of the place's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// A place name read in an article and the place it stands for: one line
/// of `casus places`, the geoparser's output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceRecord {
    /// The article's id.
    pub article_id: String,
    /// Byte offset of the name in the article's text.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// The words as written ("Anbar province").
    pub text: String,
    /// The place's canonical name ("Al Anbar").
    pub name: String,
    /// ISO 3166-1 alpha-3 code, where the place lies in one country.
    pub country: Option<Iso3>,
    /// First-level division the place is in, or is.
    pub admin1: Option<String>,
    /// Latitude, WGS 84 (GeoNames' point for a country or division).
    pub lat: f64,
    /// Longitude, WGS 84.
    pub lon: f64,
    /// GeoNames id, where the place came from GeoNames.
    pub geonames_id: Option<u32>,
    /// `point`, `city`, `admin1` or `country`.
    pub precision: &'static str,
    /// What kind of place: `country`, `admin1`, `admin2`, `populated
    /// place`, `region`, `point`, `continent`.
    pub feature: &'static str,
    /// How the text names it: `name` ("Iraq", "Anbar province") or
    /// `demonym` ("Iraqi", "Iraqis"; events do not take these as places).
    pub form: &'static str,
}

impl PlaceRecord {
    /// The record as one line of JSON (no trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Who the article says reported or claimed the event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribution {
    /// The speaker ("John Kirby", "officials").
    pub speaker: Option<String>,
    /// The outlet ("CNN"), or the article's own outlet.
    pub outlet: Option<String>,
}

/// ACLED's classification beside the PLOVER code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AcledRecord {
    /// ACLED event type.
    pub event_type: String,
    /// ACLED sub-event type.
    pub sub_event_type: String,
}

/// One event record (SCHEMA v1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// The input article's id.
    pub article_id: String,
    /// Unique within the article: `ARTICLE#N`.
    pub id: String,
    /// PLOVER event type.
    pub event_type: EventType,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO event code.
    pub cameo: Option<String>,
    /// Goldstein value of the CAMEO code.
    pub goldstein: Option<f32>,
    /// ACLED event and sub-event type, where ACLED codes such events.
    pub acled: Option<AcledRecord>,
    /// When it happened (`YYYY-MM-DD`).
    pub date: Option<Date>,
    /// How far the date may be off, in days, when it was inferred.
    #[serde(skip_serializing_if = "is_zero")]
    pub date_tolerance_days: u8,
    /// Who acted.
    pub source: Option<ActorRecord>,
    /// Who was acted upon.
    pub target: Option<ActorRecord>,
    /// Where.
    pub location: Option<LocationRecord>,
    /// People killed (lower bound).
    pub fatalities: Option<u32>,
    /// People injured (lower bound).
    pub injuries: Option<u32>,
    /// The sentence that states the event.
    pub evidence: Evidence,
    /// The trigger words.
    pub trigger: Evidence,
    /// The words that give the date, when the text states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_evidence: Option<Evidence>,
    /// Who said so.
    pub attribution: Option<Attribution>,
    /// Ids of earlier events in the article that this one answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responds_to: Vec<String>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Record {
    /// The record as one line of JSON (no trailing newline).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
