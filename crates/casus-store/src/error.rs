//! What can go wrong in the store.

use thiserror::Error;

/// An error of the store: the backend's, or the store's own.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite refused or failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused or failed.
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    /// The store was written by a newer casus.
    #[error(
        "the store is at schema version {found}; this casus knows up to {known}: upgrade casus"
    )]
    NewerSchema {
        /// The version in the store.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A value in the store is not what casus wrote.
    #[error("bad value in the store: {0}")]
    Corrupt(String),
    /// A request the store cannot answer.
    #[error("{0}")]
    Invalid(String),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The server's own message where there is one ("relation \"x\" does
/// not exist"), not the client's bare "db error".
fn postgres_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} ({})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                m.push_str(": ");
                m.push_str(d);
            }
            m
        }
        None => match std::error::Error::source(e) {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        },
    }
}
