//! The schema and its versioned migrations.
//!
//! Each migration is one DDL script, written once with `{INT}` and
//! `{REAL}` for the column types the two databases spell differently, and
//! applied in its own transaction with its version recorded in
//! `casus_migrations`. A store newer than this build is refused rather
//! than misread.

use crate::conn::{transaction, Conn, Dialect};
use crate::error::{Result, StoreError};

/// A date is `YYYY-MM-DD`, or '' when unknown: never NULL, so that the
/// listing order (date descending) is an index's order.
///
/// The columns that describe an event, shared by `reports` (one article's
/// account) and `events` (the merged account), in this order.
pub const CORE_COLUMNS: &str = "event_type, mode, cameo, goldstein, date, \
     source_name, source_country, source_sector, \
     target_name, target_country, target_sector, \
     location_name, location_country, admin1, lat, lon, precision, \
     fatalities, injuries, \
     source_code, target_code, acled_event_type, acled_sub_event_type";

/// The columns the merge test reads, all in the index `reports_merge`:
/// finding a new report's candidates reads the index alone, never the
/// (large) report rows.
pub const MERGE_COLUMNS: &str = "event_type, location_country, date, article_id, event_id, \
     source_name, source_country, source_sector, \
     target_name, target_country, target_sector, \
     admin1, lat, lon, precision";

/// How many columns [`CORE_COLUMNS`] names.
pub const CORE_WIDTH: usize = 23;

const CORE_DDL: &str = "event_type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    goldstein {REAL},
    date TEXT NOT NULL DEFAULT '',
    source_name TEXT,
    source_country TEXT,
    source_sector TEXT,
    target_name TEXT,
    target_country TEXT,
    target_sector TEXT,
    location_name TEXT,
    location_country TEXT,
    admin1 TEXT,
    lat {REAL},
    lon {REAL},
    precision TEXT,
    fatalities {INT},
    injuries {INT},
    source_code TEXT,
    target_code TEXT,
    acled_event_type TEXT,
    acled_sub_event_type TEXT";

/// A migration: its version, the DDL both databases run, and the DDL
/// only SQLite or only PostgreSQL runs (full-text search is spelt
/// differently).
struct Migration {
    version: i64,
    both: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// The migrations, oldest first; a version is never reused or edited
/// once released.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        both: "CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    outlet TEXT,
    date TEXT,
    title TEXT,
    url TEXT,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    outlet TEXT,
    {CORE},
    evidence TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX reports_article ON reports (article_id);
CREATE INDEX reports_event ON reports (event_id);
CREATE INDEX reports_merge ON reports (
    event_type, location_country, date, article_id, event_id,
    source_name, source_country, source_sector,
    target_name, target_country, target_sector,
    admin1, lat, lon, precision
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    {CORE},
    num_reports {INT} NOT NULL,
    num_articles {INT} NOT NULL,
    num_sources {INT} NOT NULL
);
CREATE INDEX events_date ON events (date, id);
CREATE INDEX events_type_date ON events (event_type, date, id);
CREATE TABLE event_countries (
    country TEXT NOT NULL,
    date TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (country, date, event_id)
){WITHOUT_ROWID};",
        sqlite: "CREATE VIRTUAL TABLE reports_fts USING fts5(
    evidence, content='reports', content_rowid='rowid'
);
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, evidence) VALUES (new.rowid, new.evidence);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, evidence)
    VALUES ('delete', old.rowid, old.evidence);
END;",
        postgres:
            "CREATE INDEX reports_fts ON reports USING GIN (to_tsvector('simple', evidence));",
    },
    // Links between reports (a record's `responds_to`): the chains of
    // events that answer each other. Filled from the stored records.
    Migration {
        version: 2,
        both: "CREATE TABLE report_links (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    answers TEXT NOT NULL,
    PRIMARY KEY (report_id, answers)
);
CREATE INDEX report_links_answers ON report_links (answers);",
        sqlite: "INSERT INTO report_links (report_id, answers)
    SELECT r.id, j.value FROM reports r, json_each(r.record, '$.responds_to') j;",
        postgres: "INSERT INTO report_links (report_id, answers)
    SELECT r.id, x FROM reports r, jsonb_array_elements_text(r.record::jsonb -> 'responds_to') x;",
    },
];

/// The newest schema version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

fn render(m: &Migration, dialect: Dialect) -> String {
    let (int, real, without_rowid, own) = match dialect {
        Dialect::Sqlite => ("INTEGER", "REAL", " WITHOUT ROWID", m.sqlite),
        Dialect::Postgres => ("BIGINT", "DOUBLE PRECISION", "", m.postgres),
    };
    format!("{}\n{own}", m.both)
        .replace("{CORE}", CORE_DDL)
        .replace("{INT}", int)
        .replace("{REAL}", real)
        .replace("{WITHOUT_ROWID}", without_rowid)
}

/// The store's schema version (0 for an empty database), read without
/// writing: a store at the latest version is opened without waiting for
/// a writer.
pub fn version(conn: &mut dyn Conn) -> Result<i64> {
    let table = match conn.dialect() {
        Dialect::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'casus_migrations'"
        }
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM pg_tables \
             WHERE schemaname = current_schema() AND tablename = 'casus_migrations'"
        }
    };
    let mut exists = false;
    conn.query(table, &[], &mut |r| {
        exists = r.int(0)?.unwrap_or(0) > 0;
        Ok(())
    })?;
    if !exists {
        return Ok(0);
    }
    let mut v = 0;
    conn.query("SELECT MAX(version) FROM casus_migrations", &[], &mut |r| {
        v = r.int(0)?.unwrap_or(0);
        Ok(())
    })?;
    Ok(v)
}

/// Brings the schema up to date; returns the versions applied. Each
/// migration is applied in a write transaction that reads the version
/// again, so two processes opening a new store at once apply each
/// migration once.
pub fn migrate(conn: &mut dyn Conn) -> Result<Vec<i64>> {
    let mut applied = Vec::new();
    loop {
        let current = version(conn)?;
        if current > latest() {
            return Err(StoreError::NewerSchema {
                found: current,
                known: latest(),
            });
        }
        if current == latest() {
            return Ok(applied);
        }
        let dialect = conn.dialect();
        let done = transaction(conn, |c| {
            c.batch(
                "CREATE TABLE IF NOT EXISTS casus_migrations (
                    version BIGINT PRIMARY KEY,
                    applied_at TEXT NOT NULL
                )",
            )?;
            // Another process may have applied it while this one waited.
            let current = version(c)?;
            let Some(m) = MIGRATIONS.iter().find(|m| m.version > current) else {
                return Ok(None);
            };
            c.batch(&render(m, dialect))?;
            c.execute(
                "INSERT INTO casus_migrations (version, applied_at) VALUES ($1, $2)",
                &[m.version.into(), now().into()],
            )?;
            Ok(Some(m.version))
        })?;
        applied.extend(done);
    }
}

/// The current time, UTC, as ISO 8601 seconds.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i32;
    let date = casus_core::Date::new(1970, 1, 1)
        .map_or_else(String::new, |d| d.add_days(days).to_string());
    let s = secs % 86_400;
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The secondary index a bulk load keeps: replacing a changed article's
/// reports finds them through it.
const BULK_KEEPS: &str = "reports_article";

/// A secondary index or trigger of `reports` or `events`, as the
/// database's catalog gives it.
pub(crate) struct Deferred {
    /// `INDEX` or `TRIGGER`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// The statement that makes it.
    pub create: String,
}

/// The indexes and triggers a bulk load drops and makes again at its
/// end: every one on `reports` and `events` but the primary keys and
/// [`BULK_KEEPS`], read from the catalog so that they are what the store
/// has, whatever its version.
pub(crate) fn deferrable(c: &mut dyn Conn) -> Result<Vec<Deferred>> {
    let sql = match c.dialect() {
        Dialect::Sqlite => {
            "SELECT type, name, sql FROM sqlite_master \
             WHERE type IN ('index', 'trigger') AND tbl_name IN ('reports', 'events') \
             AND sql IS NOT NULL AND name <> $1 ORDER BY type, name"
        }
        Dialect::Postgres => {
            "SELECT 'index', indexname::text, indexdef FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename IN ('reports', 'events') \
             AND indexname::text <> $1 \
             AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname"
        }
    };
    crate::conn::collect(c, sql, &[BULK_KEEPS.into()], |r| {
        Ok(Deferred {
            kind: if r.req_text(0)? == "trigger" {
                "TRIGGER"
            } else {
                "INDEX"
            },
            name: r.req_text(1)?,
            create: r.req_text(2)?,
        })
    })
}

/// Makes the full-text index of the evidence anew from the reports
/// (SQLite's FTS5 table; PostgreSQL's is an index of `reports`, made
/// again with the others).
pub(crate) fn rebuild_text_index(c: &mut dyn Conn) -> Result<()> {
    match c.dialect() {
        Dialect::Sqlite => c.batch("INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')"),
        Dialect::Postgres => Ok(()),
    }
}
