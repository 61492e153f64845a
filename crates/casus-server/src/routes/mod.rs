//! The routes, and what wraps them: the token check on writes, the
//! write's body read within a time and a size, the time limit, JSON for unknown paths and methods, and the
//! page's security headers.

pub mod articles;
pub mod read;

use crate::app::App;
use crate::assets;
use crate::error::ApiError;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// Every route of the server.
pub fn router(app: Arc<App>) -> Router {
    let writes = Router::new()
        .route("/api/articles", post(articles::post))
        // The last layer runs first: the token, then the body.
        .route_layer(middleware::from_fn_with_state(app.clone(), read_body))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    let reads = Router::new()
        .route("/api/events", get(read::events))
        .route("/api/events/{id}", get(read::event))
        .route("/api/events/{id}/chain", get(read::chain))
        .route("/api/stats", get(read::stats))
        .route("/api/map", get(read::map))
        .route("/api/actors", get(read::actors))
        .route("/api/dyads", get(read::dyads))
        .route("/api/alerts", get(read::alerts))
        .route_layer(middleware::from_fn_with_state(app.clone(), cached));
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::file))
        .route("/favicon.ico", get(assets::favicon))
        .route("/healthz", get(read::health))
        .route("/api/meta", get(read::meta))
        .merge(reads)
        .merge(writes)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(app.config.max_body))
        .layer(middleware::from_fn_with_state(app.clone(), time_limit))
        .layer(middleware::from_fn(headers))
        .with_state(app)
}

/// A read's answer from the cache ([`crate::cache`]), by its path and
/// query.
async fn cached(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let key = req.uri().path_and_query().map_or_else(
        || req.uri().path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    let bypass = req
        .headers()
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',').any(|d| {
                matches!(
                    d.trim().to_ascii_lowercase().as_str(),
                    "no-cache" | "no-store" | "max-age=0"
                )
            })
        });
    app.cache.get(key, bypass, || next.run(req)).await
}

/// Writes need `Authorization: Bearer TOKEN`; a server without a token
/// takes none.
async fn require_token(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if !app.writable() {
        return axum::response::IntoResponse::into_response(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are off: this server was started without a token (--token or CASUS_TOKEN)",
        ));
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if app.token_is(t) => next.run(req).await,
        Some(_) => axum::response::IntoResponse::into_response(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "the bearer token is not this server's",
        )),
        None => axum::response::IntoResponse::into_response(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need a header Authorization: Bearer TOKEN",
        )),
    }
}

/// A write's body is read whole before the write runs, within the
/// time a client has to send (else 408: a client too slow to send is
/// not kept waiting on) and the largest size allowed (else 413, at once
/// when its length is declared). It runs after the token check, so that
/// only a client with the token can make the server hold a body.
async fn read_body(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    use axum::response::IntoResponse as _;
    let (parts, body) = req.into_parts();
    let (max, wait) = (app.config.max_body, app.config.send_timeout);
    let bytes = match tokio::time::timeout(wait, axum::body::to_bytes(body, max)).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            return if too_large {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the body is larger than this server takes ({max} bytes)"),
                )
            } else {
                ApiError::bad_request(format!("the body could not be read: {e}"))
            }
            .into_response();
        }
        Err(_) => {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the body did not arrive within the {:.0} s this server waits",
                    wait.as_secs_f64()
                ),
            )
            .into_response()
        }
    };
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// A request that takes longer than the server's time limit is answered
/// 503 (a write still finishes or rolls back whole in the store).
async fn time_limit(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let limit = app.config.timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => axum::response::IntoResponse::into_response(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than this server allows ({:.0} s)",
                limit.as_secs_f64()
            ),
        )),
    }
}

/// Headers on every answer: no sniffing of types, no framing, and the
/// page may load only what this server serves.
async fn headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; \
             script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    r
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such path: {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
