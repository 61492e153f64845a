//! The embedded backend: one SQLite file, in write-ahead-log mode.

use crate::conn::{Conn, Dialect};
use crate::error::Result;
use crate::value::{Row, Value};
use std::path::Path;

/// A SQLite database file.
pub struct Sqlite {
    conn: rusqlite::Connection,
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
        // the last transactions, never corrupt the file.
        conn.pragma_update(None, "journal_mode", "WAL")?;
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
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(Sqlite { conn })
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
        let _: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", mode, |r| r.get(0))?;
        Ok(())
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
