//! casus-core: the pure casus pipeline, from a news article to event
//! records. No I/O, no global state: a [`Pipeline`] is built once from the
//! data files (compiled in, or passed by the caller) and then reads
//! articles, on as many threads as the caller likes.
//!
//! The stages, in the order `Pipeline::extract_marked` calls them (the
//! numbers of [`Stage`]); each is a function of the values the stages
//! before it made:
//!
//! 1. article (`article.rs`): decode the bytes, read the date line, the
//!    outlet and the dateline.
//! 2. segments (`text.rs`): sentences and tokens with byte offsets, and
//!    the tokens inside quotation marks.
//! 3. mentions (`mentions/`): the dictionaries' phrases as actor, place
//!    name, trigger and outlet mentions.
//! 4. places (`places.rs`): each place name resolved in the gazetteer;
//!    the article's countries and its dateline's place.
//! 5. candidates (`candidates/`): per sentence, the triggers that state
//!    events, with roles, places, dates (`time.rs`), casualties
//!    (`quantity.rs`) and attribution.
//! 6. discourse (`discourse.rs`): candidates across sentences joined
//!    (definite descriptions, reports, claims), dated from one another
//!    and linked ("in retaliation for").
//! 7. records (`record/`): one [`Record`] per event type, dyad, location
//!    country and day, with codes from the ontology.
//!
//! Every record's evidence is bytes of the article text as given.
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

// Every function a named step one can read at once (clippy.toml: 150
// lines of code at most).
#![warn(clippy::too_many_lines)]
// `pub` means public: what the CLI, store, server and Python package use.
// Everything else is pub(crate) or private.
#![warn(unreachable_pub)]

mod actors;
mod article;
mod article_json;
mod candidates;
mod context;
mod data;
mod debug;
mod diagnostic;
mod dictionaries;
mod discourse;
mod geo;
mod inflect;
mod lexicon;
mod mentions;
mod ontology;
mod phrases;
mod pipeline;
mod places;
mod quantity;
pub mod record;
mod span;
mod syntax;
mod text;
mod time;
mod triggers;

pub use actors::Iso3;
pub use article::{decode, ArticleMeta};
pub use article_json::{JsonArticle, JsonArticleError};
pub use data::{DataError, DataFiles};
pub use diagnostic::Diagnostic;
pub use ontology::EventType;
pub use pipeline::{Extraction, Pipeline, Stage};
pub use record::{PlaceRecord, Record};
pub use syntax::{ParsedSentence, ParsedWord, SyntaxError};
pub use text::MAX_SENTENCE_TOKENS;
pub use time::Date;
