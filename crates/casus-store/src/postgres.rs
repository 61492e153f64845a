//! The shared-server backend: PostgreSQL through its native protocol.

use crate::conn::{Conn, Dialect};
use crate::error::Result;
use crate::value::{Row, Value};
use postgres::fallible_iterator::FallibleIterator;
use std::collections::HashMap;

/// A connection to a PostgreSQL database.
pub struct Postgres {
    client: postgres::Client,
    /// Prepared statements by their SQL: each is parsed once per
    /// connection.
    statements: HashMap<String, postgres::Statement>,
}

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
