//! The few operations the store needs from a database, so that schema,
//! ingest, merging and queries are written once for both backends.
//!
//! SQL is written with numbered parameters (`$1`, `$2`) as PostgreSQL
//! spells them; the SQLite connection rewrites them to `?1`, `?2`.

use crate::error::Result;
use crate::value::{Row, Value};
use std::time::Duration;

/// Which SQL the database speaks where the two differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite 3.
    Sqlite,
    /// PostgreSQL 12 or later.
    Postgres,
}

impl Dialect {
    /// A case-insensitive pattern match.
    pub fn ilike(self) -> &'static str {
        match self {
            // SQLite's LIKE ignores ASCII case already.
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        }
    }
}

/// A database connection.
pub trait Conn: Send {
    /// The SQL dialect.
    fn dialect(&self) -> Dialect;
    /// Runs statements without parameters (DDL, `BEGIN`, `COMMIT`).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Runs one statement; returns the rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs a query, calling `each` with every row in order.
    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()>;
    /// Begins a transaction that will write, waiting for any other
    /// writer to finish first (up to the connection's [`Wait`]): writers
    /// take turns, so that two processes never merge the same events
    /// from different snapshots.
    fn begin_write(&mut self) -> Result<()>;
    /// How long [`Conn::begin_write`] waits for another writer, and
    /// whom it tells when it starts waiting.
    fn set_wait(&mut self, wait: Wait);
    /// Prepares for (`on`) or ends one long transaction that writes a
    /// large share of the database, outside any transaction. By default
    /// nothing changes.
    fn bulk_mode(&mut self, on: bool) -> Result<()> {
        let _ = on;
        Ok(())
    }
}

/// How long a writer waits for another to finish, and what it does when
/// it starts waiting.
pub struct Wait {
    /// The longest wait; after it, [`crate::StoreError::Busy`].
    pub limit: Duration,
    /// Called once each time a write has to wait (to say so: "waiting
    /// for another writer").
    pub notify: Option<Box<dyn FnMut() + Send>>,
}

impl Default for Wait {
    /// Ten seconds, silently.
    fn default() -> Wait {
        Wait {
            limit: Duration::from_secs(10),
            notify: None,
        }
    }
}

impl std::fmt::Debug for Wait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wait")
            .field("limit", &self.limit)
            .field("notify", &self.notify.is_some())
            .finish()
    }
}

/// Runs `work` in a write transaction ([`Conn::begin_write`]):
/// committed if it returns `Ok`, rolled back otherwise.
pub fn transaction<T>(
    conn: &mut dyn Conn,
    work: impl FnOnce(&mut dyn Conn) -> Result<T>,
) -> Result<T> {
    conn.begin_write()?;
    match work(conn) {
        Ok(v) => {
            conn.batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            // The error that matters is the first one.
            let _ = conn.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The rows of a query, each read by `read`.
pub fn collect<T>(
    conn: &mut dyn Conn,
    sql: &str,
    params: &[Value],
    mut read: impl FnMut(&dyn Row) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    conn.query(sql, params, &mut |r| {
        out.push(read(r)?);
        Ok(())
    })?;
    Ok(out)
}
