//! What the store keeps and answers with: articles, reports (one
//! article's account of an event) and events (reports merged).

use crate::error::Result;
use crate::value::{Row, Value};
use casus_core::record::ActorRecord;
use casus_core::{EventType, Record};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An actor as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Actor {
    /// Canonical name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// CAMEO sector.
    pub sector: Option<String>,
    /// CAMEO actor code (`USAMIL`).
    pub code: Option<String>,
}

impl Actor {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.country.is_none() && self.sector.is_none()
    }
}

/// A place as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Place {
    /// Canonical name.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    /// First-level division.
    pub admin1: Option<String>,
    /// Latitude, WGS 84.
    pub lat: Option<f64>,
    /// Longitude, WGS 84.
    pub lon: Option<f64>,
    /// `point`, `city`, `admin1` or `country`.
    pub precision: Option<String>,
}

/// What an event is: the columns `reports` and `events` share
/// ([`crate::schema::CORE_COLUMNS`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Core {
    /// PLOVER event type.
    pub event_type: EventType,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO event code.
    pub cameo: Option<String>,
    /// Goldstein value of the CAMEO code.
    pub goldstein: Option<f64>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who acted.
    pub source: Actor,
    /// Who was acted upon.
    pub target: Actor,
    /// Where.
    pub location: Place,
    /// People killed.
    pub fatalities: Option<i64>,
    /// People injured.
    pub injuries: Option<i64>,
    /// ACLED event type, where ACLED codes such events.
    pub acled_event_type: Option<String>,
    /// ACLED sub-event type.
    pub acled_sub_event_type: Option<String>,
}

impl Core {
    /// An event of type `event_type` of which nothing else is known.
    pub fn new(event_type: EventType) -> Core {
        Core {
            event_type,
            mode: None,
            cameo: None,
            goldstein: None,
            date: None,
            source: Actor::default(),
            target: Actor::default(),
            location: Place::default(),
            fatalities: None,
            injuries: None,
            acled_event_type: None,
            acled_sub_event_type: None,
        }
    }

    /// The core of an extracted record.
    pub fn of(r: &Record) -> Core {
        let actor = |a: &Option<ActorRecord>| {
            a.as_ref().map_or_else(Actor::default, |a| Actor {
                name: Some(a.name.clone()),
                country: a.country.map(|c| c.to_string()),
                sector: a.sector.map(String::from),
                code: a.code.clone(),
            })
        };
        Core {
            event_type: r.event_type,
            mode: r.mode.clone(),
            cameo: r.cameo.clone(),
            // The f32's shortest decimal form (3.4, not 3.4000000953…).
            goldstein: r.goldstein.and_then(|g| g.to_string().parse::<f64>().ok()),
            date: r.date.map(|d| d.to_string()),
            source: actor(&r.source),
            target: actor(&r.target),
            location: r.location.as_ref().map_or_else(Place::default, |l| Place {
                name: Some(l.name.clone()),
                country: l.country.map(|c| c.to_string()),
                admin1: l.admin1.clone(),
                lat: l.lat,
                lon: l.lon,
                precision: Some(l.precision.to_string()),
            }),
            fatalities: r.fatalities.map(i64::from),
            injuries: r.injuries.map(i64::from),
            acled_event_type: r.acled.as_ref().map(|a| a.event_type.clone()),
            acled_sub_event_type: r.acled.as_ref().map(|a| a.sub_event_type.clone()),
        }
    }

    /// The values of [`crate::schema::CORE_COLUMNS`], in order.
    pub fn values(&self) -> Vec<Value> {
        let c = self.clone();
        vec![
            c.event_type.as_str().into(),
            c.mode.into(),
            c.cameo.into(),
            c.goldstein.into(),
            c.date.unwrap_or_default().into(),
            c.source.name.into(),
            c.source.country.into(),
            c.source.sector.into(),
            c.target.name.into(),
            c.target.country.into(),
            c.target.sector.into(),
            c.location.name.into(),
            c.location.country.into(),
            c.location.admin1.into(),
            c.location.lat.into(),
            c.location.lon.into(),
            c.location.precision.into(),
            c.fatalities.into(),
            c.injuries.into(),
            c.source.code.into(),
            c.target.code.into(),
            c.acled_event_type.into(),
            c.acled_sub_event_type.into(),
        ]
    }

    /// Reads [`crate::schema::CORE_COLUMNS`] from `row`, starting at
    /// column `at`.
    pub fn read(row: &dyn Row, at: usize) -> Result<Core> {
        let t = |i: usize| row.text(at + i);
        Ok(Core {
            event_type: read_type(row, at)?,
            mode: t(1)?,
            cameo: t(2)?,
            goldstein: row.real(at + 3)?,
            date: t(4)?.filter(|d| !d.is_empty()),
            source: Actor {
                name: t(5)?,
                country: t(6)?,
                sector: t(7)?,
                code: t(19)?,
            },
            target: Actor {
                name: t(8)?,
                country: t(9)?,
                sector: t(10)?,
                code: t(20)?,
            },
            location: Place {
                name: t(11)?,
                country: t(12)?,
                admin1: t(13)?,
                lat: row.real(at + 14)?,
                lon: row.real(at + 15)?,
                precision: t(16)?,
            },
            fatalities: row.int(at + 17)?,
            injuries: row.int(at + 18)?,
            acled_event_type: t(21)?,
            acled_sub_event_type: t(22)?,
        })
    }
}

/// Reads an event type written by [`Core::values`].
pub(crate) fn read_type(row: &dyn Row, at: usize) -> Result<EventType> {
    let name = row.req_text(at)?;
    EventType::parse(&name)
        .ok_or_else(|| crate::StoreError::Corrupt(format!("{name:?} is not a PLOVER event type")))
}

/// One article's account of one event: an extracted record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The record's id (`ARTICLE#N`).
    pub id: String,
    /// The article it came from.
    pub article_id: String,
    /// The event it is merged into.
    pub event_id: String,
    /// The article's outlet, or the outlet the text credits.
    pub outlet: Option<String>,
    /// What it says happened.
    #[serde(flatten)]
    pub core: Core,
}

/// An event: one or more reports merged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// The smallest id of its reports: stable whatever the order of
    /// ingest.
    pub id: String,
    /// What happened (the best-placed report's account, the earliest
    /// date, the highest casualty figures).
    #[serde(flatten)]
    pub core: Core,
    /// Reports merged into it (GDELT's NumMentions).
    pub num_reports: i64,
    /// Distinct articles among them (GDELT's NumArticles).
    pub num_articles: i64,
    /// Distinct outlets among them (GDELT's NumSources); an article of
    /// no known outlet counts as a source of its own.
    pub num_sources: i64,
}

/// A report with what a reader checks it by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDetail {
    /// The report.
    #[serde(flatten)]
    pub report: Report,
    /// The article's headline.
    pub title: Option<String>,
    /// The article's URL.
    pub url: Option<String>,
    /// The article's date.
    pub article_date: Option<String>,
    /// The extracted record as casus wrote it (SCHEMA v1), evidence and
    /// offsets included.
    pub record: serde_json::Value,
}

/// An article to store, with the records extracted from it.
#[derive(Clone, Debug)]
pub struct ArticleIn {
    /// The article id: the key that makes re-ingest idempotent.
    pub id: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The text.
    pub text: String,
    /// What casus extracted from it.
    pub records: Vec<Record>,
}

impl ArticleIn {
    /// An article to store, its records not yet extracted: the date is
    /// the metadata's, else the fallback. NUL, which is no character of
    /// news text and which PostgreSQL's TEXT cannot hold, becomes a
    /// space, as the pipeline reads it.
    pub fn new(meta: &casus_core::ArticleMeta, url: Option<String>, text: String) -> ArticleIn {
        let text = if text.contains('\0') {
            text.replace('\0', " ")
        } else {
            text
        };
        ArticleIn {
            id: meta.id.clone(),
            outlet: meta.outlet.clone(),
            date: meta.date.or(meta.fallback_date).map(|d| d.to_string()),
            title: meta.title.clone(),
            url,
            text,
            records: Vec::new(),
        }
    }

    /// A hash of everything extraction depends on (text, date, outlet,
    /// title, URL): equal hashes mean an unchanged article.
    pub fn content_hash(&self) -> String {
        content_hash(
            &self.text,
            [&self.date, &self.outlet, &self.title, &self.url],
        )
    }
}

/// The SHA-256 (hex) of an article's text and metadata, each part length
/// prefixed so that no two different articles hash alike by shifting
/// bytes between fields.
fn content_hash(text: &str, meta: [&Option<String>; 4]) -> String {
    let mut h = Sha256::new();
    for part in std::iter::once(Some(text)).chain(meta.iter().map(|m| m.as_deref())) {
        match part {
            Some(s) => {
                h.update([1]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0]),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Articles stored for the first time.
    pub new: u64,
    /// Articles already stored with the same content: nothing changed.
    pub unchanged: u64,
    /// Articles whose content changed: their reports were replaced.
    pub updated: u64,
    /// Inputs that could not be read as articles.
    pub failed: u64,
    /// Reports written.
    pub reports: u64,
}

impl IngestSummary {
    /// Adds another summary's counts to this one.
    pub fn add(&mut self, o: &IngestSummary) {
        self.new += o.new;
        self.unchanged += o.unchanged;
        self.updated += o.updated;
        self.failed += o.failed;
        self.reports += o.reports;
    }
}

/// Filters of `casus query`, `export` and `stats`; every one is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// PLOVER types (any of).
    pub types: Vec<EventType>,
    /// PLOVER modes (any of).
    pub modes: Vec<String>,
    /// ISO3 of the source, target or location.
    pub country: Option<String>,
    /// Words in an actor's name (any report's source or target).
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// `[west, south, east, north]` in degrees.
    pub bbox: Option<[f64; 4]>,
    /// At least this many killed.
    pub min_fatalities: Option<i64>,
    /// Words in any report's evidence.
    pub text: Option<String>,
    /// At most this many events.
    pub limit: Option<u64>,
    /// Only events after this one in the order of listing (latest
    /// first): where the previous page ended.
    pub after: Option<Cursor>,
}

/// A place in the listing order of events (date descending, then id
/// descending; events without a date last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The event's date, "" if it has none.
    pub date: String,
    /// The event's id.
    pub id: String,
}

impl Cursor {
    /// The cursor just after `e`.
    pub fn after(e: &Event) -> Cursor {
        Cursor {
            date: e.core.date.clone().unwrap_or_default(),
            id: e.id.clone(),
        }
    }
}

/// Counts of events by type, country and month.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Events.
    pub events: i64,
    /// Reports.
    pub reports: i64,
    /// Articles.
    pub articles: i64,
    /// Events by PLOVER type, most first.
    pub by_type: Vec<(String, i64)>,
    /// Events by location country, most first.
    pub by_country: Vec<(String, i64)>,
    /// Events by month (`YYYY-MM`), in order.
    pub by_month: Vec<(String, i64)>,
}
