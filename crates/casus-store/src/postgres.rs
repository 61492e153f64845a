//! The shared-server backend: PostgreSQL through its native protocol.

use crate::conn::{Conn, Dialect, Wait};
use crate::error::{Result, StoreError};
use crate::value::{Row, Value};
use postgres::fallible_iterator::FallibleIterator;
use std::collections::HashMap;

/// A connection to a PostgreSQL database.
pub struct Postgres {
    client: postgres::Client,
    /// Prepared statements by their SQL: each is parsed once per
    /// connection.
    statements: HashMap<String, postgres::Statement>,
    wait: Wait,
}

/// The key of the advisory lock that writers take in turn ("casus").
const WRITE_LOCK: i64 = 0x0063_6173_7573;

impl Postgres {
    /// Connects with a URL (`postgres://user@host:port/db`) or a
    /// key-value string (`host=/tmp port=5433 dbname=casus`).
    pub fn connect(url: &str) -> Result<Postgres> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        // Notices ("relation already exists, skipping") are not news.
        client.batch_execute("SET client_min_messages = WARNING")?;
        Ok(Postgres {
            client,
            statements: HashMap::new(),
            wait: Wait::default(),
        })
    }

    fn prepare(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

struct PgRow<'a>(&'a postgres::Row);

impl Row for PgRow<'_> {
    fn text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.0.try_get(i)?)
    }
    fn int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.0.try_get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>> {
        Ok(self.0.try_get(i)?)
    }
}

fn refs(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl Conn for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// A transaction that holds the store's advisory write lock until
    /// it ends: writers take turns, as on SQLite, so that two processes
    /// never regroup the same events from different snapshots. A writer
    /// that finds the lock taken tells the wait's `notify` and waits up
    /// to its limit (`lock_timeout`).
    fn begin_write(&mut self) -> Result<()> {
        self.client.batch_execute("BEGIN")?;
        let got = self
            .client
            .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .and_then(|r| r.try_get::<_, bool>(0));
        match got {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => {
                let _ = self.client.batch_execute("ROLLBACK");
                return Err(e.into());
            }
        }
        if let Some(n) = self.wait.notify.as_mut() {
            n();
        }
        let ms = self.wait.limit.as_millis().max(1);
        self.client
            .batch_execute(&format!("SET LOCAL lock_timeout = {ms}"))?;
        let started = std::time::Instant::now();
        match self
            .client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        {
            Ok(_) => {
                self.client.batch_execute("SET LOCAL lock_timeout = 0")?;
                Ok(())
            }
            Err(e) => {
                let _ = self.client.batch_execute("ROLLBACK");
                // 55P03: lock_not_available.
                if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
                    Err(StoreError::Busy {
                        waited: started.elapsed(),
                    })
                } else {
                    Err(e.into())
                }
            }
        }
    }

    fn set_wait(&mut self, wait: Wait) {
        self.wait = wait;
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let st = self.prepare(sql)?;
        Ok(self.client.execute(&st, &refs(params))?)
    }

    fn query(
        &mut self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&dyn Row) -> Result<()>,
    ) -> Result<()> {
        let st = self.prepare(sql)?;
        let mut rows = self.client.query_raw(&st, params.iter())?;
        while let Some(r) = rows.next()? {
            each(&PgRow(&r))?;
        }
        Ok(())
    }
}
