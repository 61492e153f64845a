//! casus-core: the pure casus pipeline, from a news article to event
//! records. No I/O, no global state: a [`Pipeline`] is built once from the
//! data files (compiled in, or passed by the caller) and then reads
//! articles, on as many threads as the caller likes.
//!
//! The stages, in the order the code runs:
//!
//! 1. [`article`]: decode bytes, read the date line, outlet and dateline.
//! 2. [`text`]: sentences and tokens with byte offsets.
//! 3. [`actors`]: countries, people, organisations, agents; joined into
//!    actor mentions by `events::mentions`.
//! 4. [`events`]: triggers, negation, modality and quotation.
//! 5. [`events`]: source and target roles, pronouns and definite
//!    descriptions.
//! 6. [`time`]: dates relative to the article's date.
//! 7. [`quantity`]: casualty counts.
//! 8. [`geo`]: places of events.
//! 9. [`events`]: attribution; then records ([`record`]), one per event
//!    type, dyad, location country and day.
//!
//! Every record's evidence is a [`span::Span`] of the article text.
//!
//! ```
//! use casus_core::{ArticleMeta, Date, Pipeline};
//!
//! let pipeline = Pipeline::builtin().expect("the built-in data loads");
//! let meta = ArticleMeta {
//!     id: "example".into(),
//!     date: Date::new(2024, 2, 4),
//!     ..Default::default()
//! };
//! let text = "U.S. warplanes struck militants in Syria on Friday, the Pentagon said.";
//! let out = pipeline.extract_text(meta, text);
//! let strike = &out.records[0];
//! assert_eq!(strike.event_type, "ASSAULT");
//! assert_eq!(strike.date, Date::new(2024, 2, 2));
//! assert_eq!(&text[strike.evidence.start..strike.evidence.end], strike.evidence.text);
//! ```

pub mod actors;
pub mod article;
pub mod article_json;
pub mod data;
pub mod diagnostic;
pub mod events;
pub mod geo;
pub mod lexicon;
pub mod ontology;
pub mod pipeline;
pub mod quantity;
pub mod record;
pub mod span;
pub mod text;
pub mod time;
pub mod words;

pub use article::ArticleMeta;
pub use article_json::{JsonArticle, JsonArticleError};
pub use data::{DataError, DataFiles};
pub use diagnostic::Diagnostic;
pub use ontology::EventType;
pub use pipeline::{Extraction, Pipeline, Stage};
pub use record::Record;
pub use time::Date;
