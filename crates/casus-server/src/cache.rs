//! Answers of the read endpoints kept for a moment and shared: many
//! clients asking the same question at once (a dashboard's counts, the
//! map's grid) cost the store one query, and the rest wait for its
//! answer instead of queueing for connections.
//!
//! An answer is kept for `ttl` (one second by default) from when it was
//! asked for, whatever is written meanwhile, by this server or another
//! process: so an answer is never older than `ttl` plus the time to
//! compute it, and a server whose store is written many times a second
//! still answers most reads from memory. (Forgetting every answer on
//! each write was tried: at ten writes a second under a thousand
//! clients, every question was asked of the store again and reads
//! queued for seconds.) A request with `Cache-Control: no-cache` skips
//! the cache, for a client that must see its own write at once. Only
//! successful answers are kept; a request that finds its answer being
//! computed waits for it (one query, however many ask).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, Response, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// An answer, computed once.
struct Entry {
    made: Instant,
    body: OnceCell<(HeaderValue, Bytes)>,
}

/// The kept answers, by path and query.
pub struct Cache {
    ttl: Duration,
    max: usize,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

/// Whether an answer came from the cache (`hit`), was computed for it
/// (`miss`) or skipped it (`bypass`): the answer's header
/// `x-casus-cache`.
pub const HEADER: &str = "x-casus-cache";

impl Cache {
    /// A cache keeping answers up to `ttl` (zero keeps none) and at most
    /// `max` of them.
    pub fn new(ttl: Duration, max: usize) -> Cache {
        Cache {
            ttl,
            max: max.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The answer for `key`: kept, being computed (waited for), or
    /// computed now by `answer`. An answer that is not 200 is passed on
    /// and not kept; with `bypass`, `answer` is asked and nothing kept.
    pub async fn get<F, Fut>(&self, key: String, bypass: bool, answer: F) -> Response<Body>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Response<Body>>,
    {
        if self.ttl.is_zero() || bypass {
            let mut r = answer().await;
            r.headers_mut()
                .insert(HEADER, HeaderValue::from_static("bypass"));
            return r;
        }
        let entry = {
            let mut map = self
                .entries
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let fresh = |e: &Entry| e.made.elapsed() < self.ttl;
            match map.get(&key) {
                Some(e) if fresh(e) => Arc::clone(e),
                _ => {
                    if map.len() >= self.max {
                        map.retain(|_, e| fresh(e));
                        if map.len() >= self.max {
                            map.clear();
                        }
                    }
                    let e = Arc::new(Entry {
                        made: Instant::now(),
                        body: OnceCell::new(),
                    });
                    map.insert(key, Arc::clone(&e));
                    e
                }
            }
        };
        let mut computed = false;
        let mut refused: Option<Response<Body>> = None;
        let kept = entry
            .body
            .get_or_try_init(|| async {
                computed = true;
                let r = answer().await;
                if r.status() != StatusCode::OK {
                    refused = Some(r);
                    return Err(());
                }
                let content_type = r
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .cloned()
                    .unwrap_or_else(|| HeaderValue::from_static("application/json"));
                match axum::body::to_bytes(r.into_body(), usize::MAX).await {
                    Ok(b) => Ok((content_type, b)),
                    Err(_) => Err(()),
                }
            })
            .await;
        match (kept, refused) {
            (Ok((content_type, body)), _) => Response::builder()
                .header(header::CONTENT_TYPE, content_type.clone())
                .header(HEADER, if computed { "miss" } else { "hit" })
                .body(Body::from(body.clone()))
                .unwrap_or_default(),
            (Err(()), Some(r)) => r,
            (Err(()), None) => {
                axum::response::IntoResponse::into_response(crate::error::ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "an answer could not be read",
                ))
            }
        }
    }
}
