//! What can go wrong in the store.

use thiserror::Error;

/// An error of the store: the backend's, or the store's own.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite refused or failed.
    ///
    /// The message says all there is: the backend's error is not also a
    /// source, so a chain of causes does not print it twice.
    #[error("SQLite: {}", sqlite_message(.0))]
    Sqlite(rusqlite::Error),
    /// PostgreSQL refused or failed (its message, as for SQLite).
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(postgres::Error),
    /// Another process kept the store's write lock for longer than this
    /// one would wait.
    #[error(
        "the store is busy: another process has been writing to it for the {} s this one waits \
         (another casus ingest, or casus serve taking articles); try again when it is done, \
         or wait longer"
        , seconds(*.waited)
    )]
    Busy {
        /// How long this process waited.
        waited: std::time::Duration,
    },
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

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        StoreError::Postgres(e)
    }
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, StoreError>;

/// SQLite's message once (rusqlite repeats it with the code's own
/// words), with what it means for a store where that is not plain: a
/// full disk, a write the disk refused, a lock, a damaged file.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let rusqlite::Error::SqliteFailure(f, message) = e else {
        return e.to_string();
    };
    let m = message.clone().unwrap_or_else(|| f.to_string());
    match f.code {
        C::DiskFull => format!("the disk is full ({m})"),
        C::SystemIoFailure => format!(
            "the system refused to read or write the file ({m}, code {}): \
             the disk may be full or failing, or the file past a size limit",
            f.extended_code
        ),
        C::DatabaseBusy | C::DatabaseLocked => {
            format!("another process holds the store's lock ({m})")
        }
        C::DatabaseCorrupt => format!("the file is damaged ({m}): see casus check"),
        C::NotADatabase => format!("the file is not a SQLite database ({m})"),
        _ => m,
    }
}

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

/// Seconds as said in messages: whole from ten up, to a tenth below.
fn seconds(d: std::time::Duration) -> String {
    if d.as_secs() >= 10 || d.subsec_millis() == 0 {
        d.as_secs().to_string()
    } else {
        format!("{:.1}", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_busy_store_says_how_long_it_waited() {
        let said = |ms| {
            StoreError::Busy {
                waited: Duration::from_millis(ms),
            }
            .to_string()
        };
        assert!(said(300).contains("for the 0.3 s"), "{}", said(300));
        assert!(said(600_000).contains("for the 600 s"), "{}", said(600_000));
        assert!(said(2_000).contains("for the 2 s"), "{}", said(2_000));
    }
}
