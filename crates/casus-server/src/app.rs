//! The server's state: the store's connections, the pipeline, the token
//! and the limits. Store calls block, so they run on tokio's blocking
//! threads, each on a connection of its own.

use crate::error::ApiError;
use casus_core::Pipeline;
use casus_store::{Store, StoreError};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store: a SQLite path, `:memory:` or a PostgreSQL URL.
    pub db: String,
    /// The bearer token that writes need; with none, writes are refused.
    pub token: Option<String>,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// How long a request may take to be answered (else 503).
    pub timeout: Duration,
    /// How long a client may take to send a request's head, or the body
    /// of a write (else 408); an idle connection is closed after it too.
    pub send_timeout: Duration,
    /// Connections open at once; more are answered 503.
    pub max_connections: usize,
    /// How long a read's answer is kept for the same question asked
    /// again ([`crate::cache`]); zero keeps none.
    pub cache_ttl: Duration,
    /// Connections to the store (readers run side by side; writes take
    /// the first). `:memory:` always has one, as each connection to it
    /// would be a database of its own.
    pub connections: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            db: casus_store::DEFAULT_PATH.into(),
            token: None,
            max_body: 4 << 20,
            timeout: Duration::from_secs(30),
            send_timeout: Duration::from_secs(10),
            max_connections: 4096,
            cache_ttl: Duration::from_secs(1),
            connections: 4,
        }
    }
}

/// The state every request shares.
pub struct App {
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// One permit per reading connection, and one for the writer:
    /// requests wait for a connection here, as tasks, and take a
    /// blocking thread only once one is theirs. (Waiting on the
    /// connections' locks instead would fill tokio's blocking threads
    /// with waiting reads, and a write would queue behind all of them.)
    read_slots: Arc<Semaphore>,
    write_slot: Arc<Semaphore>,
    /// Answers of reads, kept for a moment.
    pub cache: crate::cache::Cache,
    /// Extracts events from posted articles.
    pub pipeline: Pipeline,
    /// SHA-256 of the token, if writes are allowed.
    token: Option<[u8; 32]>,
    /// The configuration it was opened with (the token left out).
    pub config: Config,
    /// The store's name for messages (no password).
    pub name: String,
}

impl App {
    /// Opens the store's connections.
    pub fn open(mut config: Config, pipeline: Pipeline) -> Result<App, StoreError> {
        let n = if config.db == ":memory:" {
            1
        } else {
            config.connections.clamp(1, 64)
        };
        let stores = (0..n)
            .map(|_| Store::open(&config.db).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        let name = stores
            .first()
            .map(|s| lock(s).name().to_string())
            .unwrap_or_default();
        let token = config
            .token
            .take()
            .filter(|t| !t.is_empty())
            .map(|t| Sha256::digest(t.as_bytes()).into());
        // Reads use every connection but the writer's, when there are
        // others.
        let readers = if n == 1 { 1 } else { n - 1 };
        Ok(App {
            stores,
            next: AtomicUsize::new(0),
            read_slots: Arc::new(Semaphore::new(readers)),
            write_slot: Arc::new(Semaphore::new(1)),
            cache: crate::cache::Cache::new(config.cache_ttl, 4096),
            pipeline,
            token,
            config,
            name,
        })
    }

    /// True when a token is set, so writes can be allowed.
    pub fn writable(&self) -> bool {
        self.token.is_some()
    }

    /// True when `given` is the token, compared in constant time.
    pub fn token_is(&self, given: &str) -> bool {
        use subtle::ConstantTimeEq;
        match &self.token {
            Some(want) => {
                let got: [u8; 32] = Sha256::digest(given.as_bytes()).into();
                bool::from(got.ct_eq(want))
            }
            None => false,
        }
    }

    /// Runs `f` with a store connection on a blocking thread: a free
    /// connection, or the next in turn.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&App, &mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(false, f).await
    }

    /// Runs `f` with the connection that writes (one at a time).
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&App, &mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(true, f).await
    }

    async fn run<T, F>(self: &Arc<Self>, write: bool, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&App, &mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let slots = if write {
            &self.write_slot
        } else {
            &self.read_slots
        };
        let permit = Arc::clone(slots).acquire_owned().await.map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                format!("the server is shutting down: {e}"),
            )
        })?;
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut store = if write {
                lock(&app.stores[0])
            } else {
                app.reader()
            };
            f(&app, &mut store)
        })
        .await
        .map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                format!("a request failed inside the server: {e}"),
            )
        })?
    }

    /// A free connection other than the writer's, else the next
    /// reader's in turn, waited for (the only one, if there is one).
    fn reader(&self) -> MutexGuard<'_, Store> {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let order = (0..n).map(|i| (start + i) % n);
        // Reads leave the writer's connection alone when there are
        // others: a long write should not hold them up.
        for i in order.clone().filter(|&i| i != 0 || n == 1) {
            if let Ok(g) = self.stores[i].try_lock() {
                return g;
            }
        }
        let i = if n == 1 { 0 } else { 1 + start % (n - 1) };
        lock(&self.stores[i])
    }
}

/// Locks a connection; one whose last user panicked is still usable, as
/// every store call is a transaction of its own.
fn lock(m: &Mutex<Store>) -> MutexGuard<'_, Store> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
