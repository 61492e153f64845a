//! `POST /api/articles`: articles in, events out. One article as a JSON
//! object (or an array of them) with `Content-Type: application/json`,
//! or JSON Lines with `application/x-ndjson` (also `application/jsonl`).
//! The articles are extracted, stored in one transaction, and answered
//! with their records, each naming the event it joined.

use crate::app::App;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use casus_core::{Date, JsonArticle};
use casus_store::ArticleIn;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// The most articles one request may carry.
pub const MAX_ARTICLES: usize = 1000;

/// How the body holds its articles.
enum Layout {
    Json,
    Lines,
}

fn layout(headers: &HeaderMap) -> Result<Layout, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "application/json" => Ok(Layout::Json),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
            Ok(Layout::Lines)
        }
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "Content-Type {:?}: send application/json (one article, or an array) \
                 or application/x-ndjson (one article a line)",
                if ct.is_empty() { "(none)" } else { ct }
            ),
        )),
    }
}

/// An item of the body that is not an article: where, and why.
struct Bad {
    at: String,
    message: String,
}

/// The articles of the body, and the items that are not articles.
fn read_body(layout: Layout, body: &[u8]) -> Result<(Vec<JsonArticle>, Vec<Bad>), ApiError> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    match layout {
        Layout::Json => {
            let v: Value = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))?;
            let items: Vec<&Value> = match &v {
                Value::Array(a) => a.iter().collect(),
                one => vec![one],
            };
            let many = matches!(v, Value::Array(_));
            for (i, item) in items.into_iter().enumerate() {
                let at = if many {
                    format!("item {i}")
                } else {
                    "the article".into()
                };
                match JsonArticle::from_value(item) {
                    Ok(a) => good.push(a),
                    Err(e) => bad.push(Bad {
                        at,
                        message: e.to_string(),
                    }),
                }
            }
        }
        Layout::Lines => {
            for (i, line) in body.split(|&b| b == b'\n').enumerate() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let at = format!("line {}", i + 1);
                match JsonArticle::parse(line) {
                    Ok(a) => good.push(a),
                    Err(e) => bad.push(Bad {
                        at,
                        message: e.to_string(),
                    }),
                }
            }
        }
    }
    Ok((good, bad))
}

/// Today in UTC: the date of an article that gives none.
fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::new(1970, 1, 1)?.add_days(i32::try_from(secs / 86_400).ok()?))
}

/// An id from the text, for an article posted without one: the same
/// text posted again is the same article.
fn id_of(text: &str) -> String {
    let h = Sha256::digest(text.as_bytes());
    let hex: String = h.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("post-{hex}")
}

/// The handler.
pub async fn post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let layout = layout(&headers)?;
    let body = body.map_err(|e| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "the body is larger than this server takes ({} bytes)",
                app.config.max_body
            )
        } else {
            format!("the body could not be read: {}", e.body_text())
        };
        ApiError::new(status, message)
    })?;
    let (articles, bad) = read_body(layout, &body)?;
    if articles.len() > MAX_ARTICLES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "{} articles in one request; at most {MAX_ARTICLES}",
                articles.len()
            ),
        ));
    }
    let errors: Vec<Value> = bad
        .iter()
        .map(|b| json!({"at": b.at, "message": b.message}))
        .collect();
    if articles.is_empty() {
        let message = match bad.first() {
            Some(b) if bad.len() == 1 => format!("{}: {}", b.at, b.message),
            Some(_) => format!("none of the {} items is an article", bad.len()),
            None => "the body holds no article".into(),
        };
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message,
        });
    }
    let mut answer = app
        .write(move |app, store| {
            let fallback = today();
            let mut batch: Vec<ArticleIn> = Vec::with_capacity(articles.len());
            for a in &articles {
                let meta = a.meta(&id_of(&a.text), fallback);
                let mut article = ArticleIn::new(&meta, a.url.clone(), a.text.clone());
                article.records = app.pipeline.extract_text(meta, &article.text).records;
                batch.push(article);
            }
            let ids: Vec<&str> = batch.iter().map(|a| a.id.as_str()).collect();
            let before = store.hashes(&ids)?;
            let summary = store.ingest(&batch)?;
            let mut out = Vec::with_capacity(batch.len());
            for a in &batch {
                let status = match before.get(&a.id) {
                    None => "new",
                    Some(h) if *h == a.content_hash() => "unchanged",
                    Some(_) => "updated",
                };
                let joined: HashMap<String, String> =
                    store.article_events(&a.id)?.into_iter().collect();
                let events: Vec<Value> = a
                    .records
                    .iter()
                    .map(|r| {
                        let mut v = serde_json::to_value(r).unwrap_or(Value::Null);
                        if let Some(o) = v.as_object_mut() {
                            o.insert("event_id".into(), json!(joined.get(&r.id)));
                        }
                        v
                    })
                    .collect();
                out.push(json!({
                    "id": a.id,
                    "title": a.title,
                    "date": a.date,
                    "status": status,
                    "events": events,
                }));
            }
            Ok(json!({"articles": out, "summary": summary}))
        })
        .await?;
    if let Some(o) = answer.as_object_mut() {
        o.insert("errors".into(), Value::Array(errors));
    }
    Ok((StatusCode::OK, Json(answer)))
}
