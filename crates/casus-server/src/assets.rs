//! The page's files, built into the binary: nothing is fetched from
//! elsewhere, so the page works offline and the binary is all there is
//! to deploy.

use crate::error::ApiError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A file of the page.
struct Asset {
    name: &'static str,
    mime: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "map.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/map.js"),
    },
    Asset {
        name: "timeline.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/timeline.js"),
    },
    Asset {
        name: "chain.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/chain.js"),
    },
    Asset {
        name: "dyad.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/dyad.js"),
    },
    Asset {
        name: "style.css",
        mime: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/style.css"),
    },
    // Natural Earth's country shapes at 1:50 million, from the npm
    // package world-atlas 2.0.2 (licence in assets/LICENSES).
    Asset {
        name: "countries-50m.json",
        mime: "application/json",
        bytes: include_bytes!("../assets/countries-50m.json"),
    },
];

const INDEX: &str = include_str!("../assets/index.html");

/// `GET /`: the page.
pub async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

/// `GET /favicon.ico`: none, said plainly, so that browsers stop asking.
pub async fn favicon() -> Response {
    (
        axum::http::StatusCode::NO_CONTENT,
        [(header::CACHE_CONTROL, "max-age=86400")],
    )
        .into_response()
}

/// `GET /assets/{name}`.
pub async fn file(Path(name): Path<String>) -> Result<Response, ApiError> {
    let a = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or_else(|| ApiError::not_found(format!("no such file: /assets/{name}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, a.mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        a.bytes,
    )
        .into_response())
}
