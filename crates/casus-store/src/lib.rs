//! casus-store: keeps what casus extracts. Articles, the reports
//! extracted from them (one record of one article) and the events those
//! reports are merged into, in an embedded SQLite file (the default) or
//! a shared PostgreSQL database, behind one interface.
//!
//! Everything above the [`conn::Conn`] trait (schema, ingest, merging,
//! queries) is written once; each backend only runs SQL.
//!
//! ```
//! # fn main() -> Result<(), casus_store::StoreError> {
//! let mut store = casus_store::Store::open(":memory:")?;
//! let stats = store.stats(&Default::default())?;
//! assert_eq!(stats.events, 0);
//! # Ok(())
//! # }
//! ```

pub mod aggregate;
pub mod bulk;
pub mod chain;
pub mod check;
pub mod conn;
pub mod dyad;
pub mod error;
pub mod ingest;
pub mod merge;
pub mod model;
pub mod params;
pub mod postgres;
pub mod query;
mod rows;
pub mod schema;
pub mod sqlite;
pub mod value;

pub use conn::{Dialect, Wait};
pub use error::{Result, StoreError};
pub use model::{
    Actor, ArticleIn, Core, Cursor, Event, Filter, IngestSummary, Place, Report, ReportDetail,
    Stats,
};

use conn::Conn;
use std::collections::HashMap;

/// The default store: a SQLite file in the working directory.
pub const DEFAULT_PATH: &str = "casus.db";

/// An open store.
pub struct Store {
    conn: Box<dyn Conn>,
    /// What it was opened with, for messages (a password is never kept).
    name: String,
}

impl Store {
    /// Opens a store, creating and migrating it as needed: a PostgreSQL
    /// URL (`postgres://…` or `postgresql://…`), `:memory:` for a
    /// throw-away SQLite database, or else the path of a SQLite file.
    pub fn open(spec: &str) -> Result<Store> {
        let (conn, name): (Box<dyn Conn>, String) = if is_postgres(spec) {
            (Box::new(postgres::Postgres::connect(spec)?), redact(spec))
        } else if spec == ":memory:" {
            (Box::new(sqlite::Sqlite::in_memory()?), spec.to_string())
        } else {
            (
                Box::new(sqlite::Sqlite::open(std::path::Path::new(spec))?),
                spec.to_string(),
            )
        };
        let mut store = Store { conn, name };
        schema::migrate(store.conn.as_mut())?;
        Ok(store)
    }

    /// The store as opened (a URL's password left out).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The backend's dialect.
    pub fn dialect(&self) -> Dialect {
        self.conn.dialect()
    }

    /// The stored content hashes of the articles among `ids`: an article
    /// whose hash is unchanged need not be extracted again.
    pub fn hashes(&mut self, ids: &[&str]) -> Result<HashMap<String, String>> {
        ingest::stored_hashes(self.conn.as_mut(), ids)
    }

    /// Stores a batch of articles in one transaction (all or nothing).
    pub fn ingest(&mut self, batch: &[ArticleIn]) -> Result<IngestSummary> {
        ingest::ingest(self.conn.as_mut(), batch)
    }

    /// Begins a bulk load: batches added to it go in as one transaction,
    /// with the events and the query indexes made once at its end
    /// ([`bulk::BulkLoad::finish`]). Much faster than [`Store::ingest`]
    /// batch by batch when the load is large beside the store (a new
    /// store, an archive); the store's result is the same.
    pub fn bulk_load(&mut self) -> Result<bulk::BulkLoad<'_>> {
        bulk::BulkLoad::begin(self.conn.as_mut())
    }

    /// A load of many batches: a bulk load if `bulk`, else a
    /// transaction per batch.
    pub fn load(&mut self, bulk: bool) -> Result<bulk::Load<'_>> {
        Ok(if bulk {
            bulk::Load::Bulk(self.bulk_load()?)
        } else {
            bulk::Load::Batches(self.conn.as_mut())
        })
    }

    /// Refreshes the statistics the query planner chooses indexes by
    /// (SQLite's `PRAGMA optimize`; PostgreSQL's `VACUUM ANALYZE`, which
    /// also marks the pages a load wrote as visible to all, so that
    /// queries read the indexes alone): worth running after a large
    /// ingest.
    pub fn optimize(&mut self) -> Result<()> {
        match self.conn.dialect() {
            // It may write (ANALYZE): in turn with other writers.
            Dialect::Sqlite => {
                conn::transaction(self.conn.as_mut(), |c| c.batch("PRAGMA optimize"))
            }
            Dialect::Postgres => self.conn.batch("VACUUM ANALYZE"),
        }
    }

    /// Calls `each` with the events that pass `f`, latest first.
    pub fn events(&mut self, f: &Filter, each: &mut dyn FnMut(Event) -> Result<()>) -> Result<()> {
        query::events(self.conn.as_mut(), f, each)
    }

    /// One event with its reports.
    pub fn event(&mut self, id: &str) -> Result<Option<(Event, Vec<ReportDetail>)>> {
        query::event(self.conn.as_mut(), id)
    }

    /// Counts by type, country and month of the events that pass `f`.
    pub fn stats(&mut self, f: &Filter) -> Result<Stats> {
        query::stats(self.conn.as_mut(), f)
    }

    /// Counts of the events that pass `f` by day and type, in day order.
    pub fn timeline(&mut self, f: &Filter) -> Result<Vec<aggregate::DayCount>> {
        aggregate::timeline(self.conn.as_mut(), f)
    }

    /// The events that pass `f` counted in a grid of `cell`-degree
    /// cells, made coarser until there are at most `max_cells`.
    pub fn grid(&mut self, f: &Filter, cell: f64, max_cells: usize) -> Result<aggregate::Grid> {
        aggregate::grid(self.conn.as_mut(), f, cell, max_cells)
    }

    /// Up to `limit` actor names containing `words`, for completion.
    pub fn actors(&mut self, words: &str, limit: u64) -> Result<Vec<aggregate::ActorName>> {
        aggregate::actors(self.conn.as_mut(), words, limit)
    }

    /// The reports of an article and their events: `(report, event)`.
    pub fn article_events(&mut self, id: &str) -> Result<Vec<(String, String)>> {
        aggregate::article_events(self.conn.as_mut(), id)
    }

    /// For each of the events `ids`: its outlets, article URLs and
    /// titles (distinct, sorted) and the evidence of its first report.
    pub fn sources(&mut self, ids: &[&str]) -> Result<HashMap<String, Sources>> {
        let mut out: HashMap<String, Sources> = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT r.event_id, r.id, r.outlet, a.url, a.title, r.evidence FROM reports r \
                 JOIN articles a ON a.id = r.article_id WHERE r.event_id IN ({}) ORDER BY r.id",
                ingest::placeholders(1, chunk.len())
            );
            let params: Vec<value::Value> = chunk.iter().map(|&s| s.into()).collect();
            self.conn.query(&sql, &params, &mut |r| {
                let s = out.entry(r.req_text(0)?).or_default();
                for (i, list) in [(2, &mut s.outlets), (3, &mut s.urls), (4, &mut s.titles)] {
                    if let Some(v) = r.text(i)? {
                        if !list.contains(&v) {
                            list.push(v);
                        }
                    }
                }
                if s.evidence.is_empty() {
                    s.evidence = r.req_text(5)?;
                }
                Ok(())
            })?;
        }
        for s in out.values_mut() {
            s.outlets.sort();
            s.urls.sort();
            s.titles.sort();
        }
        Ok(out)
    }

    /// How many articles, reports and events the store holds.
    pub fn totals(&mut self) -> Result<Totals> {
        let mut n = [0i64; 3];
        for (i, table) in ["articles", "reports", "events"].iter().enumerate() {
            conn::collect(
                self.conn.as_mut(),
                &format!("SELECT COUNT(*) FROM {table}"),
                &[],
                |r| {
                    n[i] = r.int(0)?.unwrap_or(0);
                    Ok(())
                },
            )?;
        }
        Ok(Totals {
            articles: n[0],
            reports: n[1],
            events: n[2],
        })
    }

    /// A canonical text of the whole store, for comparing two stores.
    pub fn dump(&mut self) -> Result<String> {
        query::dump(self.conn.as_mut())
    }

    /// Applies any migrations not yet applied (opening does so too);
    /// returns their versions.
    pub fn migrate(&mut self) -> Result<Vec<i64>> {
        schema::migrate(self.conn.as_mut())
    }

    /// How long a write waits for another process's write to finish,
    /// and whom it tells when it starts waiting (by default ten seconds,
    /// silently); after that, [`StoreError::Busy`].
    pub fn set_wait(&mut self, wait: conn::Wait) {
        self.conn.set_wait(wait);
    }

    /// The chain of event `id` (what it answers and what answers it),
    /// `depth` steps each way at most ([`chain::chain`]).
    pub fn chain(&mut self, id: &str, depth: usize) -> Result<Option<chain::Chain>> {
        if id.contains('\0') {
            return Ok(None);
        }
        chain::chain(self.conn.as_mut(), id, depth)
    }

    /// The daily series of the events between `a` and `b`
    /// ([`dyad::series`]).
    pub fn dyad(
        &mut self,
        a: &dyad::Side,
        b: &dyad::Side,
        since: Option<&str>,
        until: Option<&str>,
        rule: &dyad::Rule,
    ) -> Result<dyad::Series> {
        dyad::series(self.conn.as_mut(), a, b, since, until, rule)
    }

    /// The days of escalation of every pair of countries
    /// ([`dyad::alerts`]).
    pub fn alerts(
        &mut self,
        since: Option<&str>,
        until: Option<&str>,
        rule: &dyad::Rule,
    ) -> Result<Vec<dyad::Alert>> {
        dyad::alerts(self.conn.as_mut(), since, until, rule)
    }

    /// Checks the store: the database's own checks (SQLite) and that the
    /// stored events are what their reports make ([`check::check`]).
    pub fn check(&mut self) -> Result<check::Checked> {
        check::check(self.conn.as_mut())
    }

    /// The schema version.
    pub fn schema_version(&mut self) -> Result<i64> {
        schema::version(self.conn.as_mut())
    }
}

/// Where an event was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sources {
    /// Outlets of its reports.
    pub outlets: Vec<String>,
    /// URLs of its articles.
    pub urls: Vec<String>,
    /// Headlines of its articles.
    pub titles: Vec<String>,
    /// The evidence sentence of its first report.
    pub evidence: String,
}

/// The size of a store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Articles.
    pub articles: i64,
    /// Reports.
    pub reports: i64,
    /// Events.
    pub events: i64,
}

/// True for a PostgreSQL connection URL.
pub fn is_postgres(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// `spec` with any password replaced by `***`.
fn redact(spec: &str) -> String {
    // scheme://user:password@host/…
    let Some((scheme, rest)) = spec.split_once("://") else {
        return spec.to_string();
    };
    match rest.split_once('@') {
        Some((auth, host)) => match auth.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => spec.to_string(),
        },
        None => spec.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_kept() {
        assert_eq!(
            redact("postgres://casus:secret@db:5432/casus"),
            "postgres://casus:***@db:5432/casus"
        );
        assert_eq!(redact("postgres://db/casus"), "postgres://db/casus");
    }
}
