//! The embedded backend: one SQLite file, in write-ahead-log mode.

use crate::conn::{Conn, Dialect, Wait};
use crate::error::{Result, StoreError};
use crate::value::{Row, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// A SQLite database file.
pub struct Sqlite {
    conn: rusqlite::Connection,
    wait: Wait,
}

/// How often a write that waits for another looks again.
const BUSY_SLICE: Duration = Duration::from_millis(250);

/// True when `e` says another connection holds the lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Sqlite {
    /// Opens (creating if need be) the database at `path`.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let conn = rusqlite::Connection::open(path)?;
        Sqlite::setup(conn)
    }

    /// A database in memory, for tests and one-off runs.
    pub fn in_memory() -> Result<Sqlite> {
        Sqlite::setup(rusqlite::Connection::open_in_memory()?)
    }

    fn setup(conn: rusqlite::Connection) -> Result<Sqlite> {
        // WAL: a crash (even SIGKILL) never loses a committed
        // transaction, and readers do not block the writer. NORMAL sync
        // is durable against a process crash; only a power cut may lose
        // the last transactions, never corrupt the file. While another
        // process runs a bulk load outside the log, the file stays in its
        // mode, and that process puts the log back when it is done.
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if is_busy(&e) => {}
            other => other?,
        }
        // Any other statement waits up to the wait's limit for a lock (a
        // read waits only while a bulk load outside the log commits).
        conn.busy_timeout(Wait::default().limit)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A page cache of up to 256 MiB and a memory map of the file:
        // ingest and queries on a million events stay in memory instead
        // of reading and spilling pages through system calls.
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Checkpoint every 64 MiB of log rather than every 4 MiB: a page
        // rewritten by many transactions is copied back once.
        conn.pragma_update(None, "wal_autocheckpoint", 16_384)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Sqlite {
            conn,
            wait: Wait::default(),
        })
    }

    /// `BEGIN IMMEDIATE`, tried again while another process holds the
    /// lock, up to the wait's limit; the wait's `notify` is told once.
    fn begin_immediate(&mut self) -> Result<()> {
        let started = Instant::now();
        let mut told = false;
        loop {
            match self.conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => return Ok(()),
                Err(e) if is_busy(&e) => {
                    let waited = started.elapsed();
                    if waited >= self.wait.limit {
                        return Err(StoreError::Busy { waited });
                    }
                    if !told {
                        told = true;
                        if let Some(n) = self.wait.notify.as_mut() {
                            n();
                        }
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// `$1` → `?1`: SQLite's numbered parameters.
fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

struct SqliteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl Row for SqliteRow<'_, '_> {
    fn text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.0.get(i)?)
    }
    fn int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.0.get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>> {
        Ok(self.0.get(i)?)
    }
}

impl Conn for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once, so a transaction
    /// never reads a snapshot it then cannot write from (a deferred
    /// `BEGIN` that upgrades fails at once, without waiting). While
    /// another process holds the lock, it looks again every 250 ms up to
    /// the wait's limit.
    fn begin_write(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_SLICE)?;
        let begun = self.begin_immediate();
        self.conn.busy_timeout(self.wait.limit)?;
        begun
    }

    fn set_wait(&mut self, wait: Wait) {
        // A bad limit has no effect: the old one stays.
        let _ = self.conn.busy_timeout(wait.limit);
        self.wait = wait;
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut st = self.conn.prepare_cached(&numbered(sql))?;
        Ok(st.execute(rusqlite::params_from_iter(params.iter()))? as u64)
    }

    /// A long load goes through a rollback journal instead of the log:
    /// pages beyond the file's old end need no journal, so the load is
    /// written once, into the file, instead of into the log and then
    /// copied back (and pages the cache spills are read back from the
    /// file's memory map). The log is switched on again after. If
    /// another connection has the file open the log stays, and the load
    /// is only slower.
    fn bulk_mode(&mut self, on: bool) -> Result<()> {
        let mode = if on { "TRUNCATE" } else { "WAL" };
        match self
            .conn
            .pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0))
        {
            Ok(_) => Ok(()),
            // Another process is writing: the log stays, and the load
            // waits its turn in `begin_write`.
            Err(e) if is_busy(&e) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(&numbered(sql))?;
        let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
        while let Some(r) = rows.next()? {
            each(&SqliteRow(r))?;
        }
        Ok(())
    }
}
