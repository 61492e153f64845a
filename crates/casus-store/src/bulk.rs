//! A bulk load: many batches in one transaction, with the events and
//! the secondary indexes made once at the end instead of kept up to date
//! report by report.
//!
//! Keeping a store's indexes up to date costs a random B-tree write per
//! index per report, and finding each new report's merge candidates a
//! lookup; on a store larger than memory that is most of the time of an
//! ingest. A bulk load drops the indexes and triggers that only queries
//! need (read from the catalog), appends articles and reports, and at the
//! end groups every report of the store at once ([`merge::group`], the
//! same rule an incremental ingest applies to a neighbourhood, so the
//! result is the same), writes all events in id order, and makes the
//! indexes and the full-text index again, each in one sorted pass.
//!
//! It is all one transaction: a load that fails or is killed leaves the
//! store as it was, and running it again gives what one run would.

use crate::conn::{collect, Conn};
use crate::error::Result;
use crate::ingest::{write_articles, Rows};
use crate::merge;
use crate::model::{ArticleIn, IngestSummary, Report};
use crate::rows::{read_report, report_columns};
use crate::schema::{self, Deferred, CORE_COLUMNS, CORE_WIDTH};
use crate::value::Value;
use std::collections::{HashMap, HashSet};

/// Where an ingest's batches go: each in a transaction of its own
/// ([`crate::Store::ingest`]), or all into one [`BulkLoad`].
pub enum Load<'s> {
    /// A transaction per batch.
    Batches(&'s mut dyn Conn),
    /// One bulk load.
    Bulk(BulkLoad<'s>),
}

impl Load<'_> {
    /// The stored content hashes of the articles among `ids`.
    pub fn hashes(&mut self, ids: &[&str]) -> Result<HashMap<String, String>> {
        match self {
            Load::Batches(c) => crate::ingest::stored_hashes(*c, ids),
            Load::Bulk(b) => b.hashes(ids),
        }
    }

    /// Stores a batch.
    pub fn ingest(&mut self, batch: &[ArticleIn]) -> Result<IngestSummary> {
        match self {
            Load::Batches(c) => crate::ingest::ingest(*c, batch),
            Load::Bulk(b) => b.ingest(batch),
        }
    }

    /// Ends the load: a bulk load's events and indexes are made and it
    /// is committed.
    pub fn finish(self) -> Result<()> {
        match self {
            Load::Batches(_) => Ok(()),
            Load::Bulk(b) => b.finish(),
        }
    }
}

/// A bulk load in progress: [`BulkLoad::ingest`] batches, then
/// [`BulkLoad::finish`]. Dropped unfinished, it rolls back.
pub struct BulkLoad<'s> {
    conn: &'s mut dyn Conn,
    /// Every report of the store as it will be, in memory for grouping.
    reports: Vec<Report>,
    /// The indexes and triggers to make again.
    deferred: Vec<Deferred>,
    finished: bool,
}

impl<'s> BulkLoad<'s> {
    /// Begins a bulk load on `conn`: opens the transaction, reads the
    /// stored reports and drops the deferred indexes and triggers.
    pub(crate) fn begin(conn: &'s mut dyn Conn) -> Result<BulkLoad<'s>> {
        conn.bulk_mode(true)?;
        if let Err(e) = conn.begin_write() {
            let _ = conn.bulk_mode(false);
            return Err(e);
        }
        let mut load = BulkLoad {
            conn,
            reports: Vec::new(),
            deferred: Vec::new(),
            finished: false,
        };
        let c = &mut *load.conn;
        load.reports = collect(
            c,
            &format!("SELECT {} FROM reports", report_columns("")),
            &[],
            read_report,
        )?;
        load.deferred = schema::deferrable(c)?;
        for d in &load.deferred {
            c.batch(&format!("DROP {} {}", d.kind, quoted(&d.name)))?;
        }
        Ok(load)
    }

    /// The stored content hashes of the articles among `ids`, this
    /// load's included.
    pub fn hashes(&mut self, ids: &[&str]) -> Result<HashMap<String, String>> {
        crate::ingest::stored_hashes(self.conn, ids)
    }

    /// Adds a batch: new articles and their reports are written, changed
    /// ones replace their reports, unchanged ones are skipped.
    pub fn ingest(&mut self, batch: &[ArticleIn]) -> Result<IngestSummary> {
        let mut sum = IngestSummary::default();
        let mut replaced: HashSet<String> = HashSet::new();
        let fresh = write_articles(self.conn, batch, &mut sum, &mut |article, _| {
            replaced.insert(article.to_string());
        })?;
        if !replaced.is_empty() {
            // The replaced reports are gone from the table; from memory
            // too (the new ones are in `fresh`).
            self.reports
                .retain(|r| !replaced.contains(r.article_id.as_str()));
        }
        self.reports.extend(fresh);
        Ok(sum)
    }

    /// Groups every report into events, writes them, makes the indexes
    /// again and commits.
    pub fn finish(mut self) -> Result<()> {
        let c = &mut *self.conn;
        let reports = &self.reports;
        c.batch("DELETE FROM event_countries")?;
        c.batch("DELETE FROM events")?;
        let mut event_rows = Rows::new(
            format!(
                "INSERT INTO events (id, {CORE_COLUMNS}, num_reports, num_articles, num_sources)"
            ),
            1 + CORE_WIDTH + 3,
        );
        let mut countries: Vec<(String, String, String)> = Vec::new();
        let mut moved: Vec<(&str, String)> = Vec::new();
        // Groups come in the order of their first id, which names the
        // event: the events' key is written in order.
        let groups = merge::group(reports);
        for g in groups {
            let members: Vec<&Report> = g.iter().map(|&i| &reports[i]).collect();
            let Some(e) = merge::event_of(&members) else {
                continue;
            };
            for m in &members {
                if m.event_id != e.id {
                    moved.push((m.id.as_str(), e.id.clone()));
                }
            }
            let date = e.core.date.clone().unwrap_or_default();
            for k in crate::ingest::countries(&e) {
                countries.push((k.clone(), date.clone(), e.id.clone()));
            }
            event_rows.push(c, crate::ingest::event_values(&e))?;
        }
        event_rows.flush(c)?;
        countries.sort_unstable();
        let mut country_rows = Rows::new(
            "INSERT INTO event_countries (country, date, event_id)".to_string(),
            3,
        );
        for (k, d, id) in countries {
            country_rows.push(c, vec![k.into(), d.into(), id.into()])?;
        }
        country_rows.flush(c)?;
        moved.sort_unstable();
        for (report, event) in moved {
            c.execute(
                "UPDATE reports SET event_id = $1 WHERE id = $2",
                &[Value::from(event), Value::from(report)],
            )?;
        }
        schema::rebuild_text_index(c)?;
        for d in &self.deferred {
            c.batch(&d.create)?;
        }
        c.batch("COMMIT")?;
        self.finished = true;
        c.bulk_mode(false)?;
        Ok(())
    }
}

impl Drop for BulkLoad<'_> {
    fn drop(&mut self) {
        if !self.finished {
            // Nothing of an unfinished load is kept; an error here has
            // nowhere to go, and the transaction ends with the
            // connection anyway.
            let _ = self.conn.batch("ROLLBACK");
            let _ = self.conn.bulk_mode(false);
        }
    }
}

/// A name quoted as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deferred_names(c: &mut dyn Conn) -> Vec<String> {
        schema::deferrable(c)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|d| d.name)
            .collect()
    }

    #[test]
    fn indexes_and_triggers_are_dropped_for_the_load_and_made_again() {
        let mut db = crate::sqlite::Sqlite::in_memory().unwrap_or_else(|e| panic!("{e}"));
        schema::migrate(&mut db).unwrap_or_else(|e| panic!("{e}"));
        let before = deferred_names(&mut db);
        assert!(before.contains(&"reports_merge".to_string()), "{before:?}");
        assert!(before.contains(&"reports_fts_insert".to_string()));
        let load = BulkLoad::begin(&mut db).unwrap_or_else(|e| panic!("{e}"));
        load.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(deferred_names(&mut db), before);
        let load = BulkLoad::begin(&mut db).unwrap_or_else(|e| panic!("{e}"));
        drop(load);
        assert_eq!(deferred_names(&mut db), before, "after a rollback too");
    }
}
