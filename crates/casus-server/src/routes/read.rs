//! The read endpoints: events, one event, counts, the map's grid, actor
//! names, what the server knows, and health.

use crate::app::App;
use crate::error::ApiError;
use crate::params::Params;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use casus_core::Date;
use casus_store::aggregate::DayCount;
use casus_store::params::{decode_cursor, encode_cursor};
use casus_store::{Cursor, Event};
use serde_json::{json, Value};
use std::sync::Arc;

/// The largest page of events.
pub const MAX_LIMIT: u64 = 1000;
/// The most cells the map endpoint answers with.
pub const MAX_CELLS: usize = 10_000;

type Answer = Result<Json<Value>, ApiError>;

/// `GET /api/events`: a page of events, latest first.
pub async fn events(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), true, &["limit", "cursor"])?;
    let mut f = p.filter()?;
    let limit = p.number("limit", 100, 1, MAX_LIMIT)?;
    f.after = p.get("cursor").map(decode_cursor).transpose()?;
    // One more than asked tells whether there is a next page.
    f.limit = Some(limit + 1);
    let mut page: Vec<Event> = app
        .read(move |_, s| {
            let mut out = Vec::new();
            s.events(&f, &mut |e| {
                out.push(e);
                Ok(())
            })?;
            Ok(out)
        })
        .await?;
    let more = page.len() as u64 > limit;
    page.truncate(limit as usize);
    let next = page
        .last()
        .filter(|_| more)
        .map(|e| encode_cursor(&Cursor::after(e)));
    Ok(Json(json!({"events": page, "next": next})))
}

/// `GET /api/events/{id}`: one event with its reports.
pub async fn event(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    Params::parse(q.as_deref(), false, &[])?;
    let key = id.clone();
    let found = app.read(move |_, s| Ok(s.event(&key)?)).await?;
    let Some((event, reports)) = found else {
        return Err(ApiError::not_found(format!("no event {id:?}")));
    };
    Ok(Json(json!({"event": event, "reports": reports})))
}

/// `GET /api/events/{id}/chain?depth=`: what the event answers and what
/// answers it, `depth` steps each way (1 to 50, default 10).
pub async fn chain(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Answer {
    let p = Params::parse(q.as_deref(), false, &["depth"])?;
    let depth = p.number("depth", 10, 1, 50)?;
    let key = id.clone();
    let found = app.read(move |_, s| Ok(s.chain(&key, depth)?)).await?;
    let Some(chain) = found else {
        return Err(ApiError::not_found(format!("no event {id:?}")));
    };
    Ok(Json(serde_json::to_value(chain).map_err(internal)?))
}

/// `GET /api/dyads?a=USA&b=IRN&since=&until=`: the daily series of the
/// events between two sides (ISO3 codes, or actors by name), with the
/// events themselves and the days of escalation (the rule of `casus
/// alerts`, with its defaults).
pub async fn dyads(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), false, &["a", "b", "since", "until"])?;
    let side = |k: &str| {
        p.get(k)
            .map(str::trim)
            .filter(|v| {
                !v.is_empty() && v.chars().count() <= 200 && !v.chars().any(char::is_control)
            })
            .map(casus_store::dyad::Side::parse)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{k}: a side is missing (a country as USA, or an actor's name)"
                ))
            })
    };
    let (a, b) = (side("a")?, side("b")?);
    let (since, until) = (day(&p, "since")?, day(&p, "until")?);
    let series = app
        .read(move |_, s| {
            let rule = casus_store::dyad::Rule::default();
            Ok(s.dyad(&a, &b, since.as_deref(), until.as_deref(), &rule)?)
        })
        .await?;
    Ok(Json(serde_json::to_value(series).map_err(internal)?))
}

/// `GET /api/alerts?since=&until=`: the days when a pair of countries
/// escalates (the rule of `casus alerts`, with its defaults).
pub async fn alerts(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), false, &["since", "until"])?;
    let (since, until) = (day(&p, "since")?, day(&p, "until")?);
    let rule = casus_store::dyad::Rule::default();
    let alerts = app
        .read(move |_, s| Ok(s.alerts(since.as_deref(), until.as_deref(), &rule)?))
        .await?;
    Ok(Json(json!({"rule": rule, "alerts": alerts})))
}

/// The date parameter `key`, checked.
fn day(p: &Params, key: &str) -> Result<Option<String>, ApiError> {
    match p.get(key).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => Date::parse_iso(v)
            .map(|d| Some(d.to_string()))
            .ok_or_else(|| ApiError::bad_request(format!("{key} {v:?}: not a date (YYYY-MM-DD)"))),
    }
}

/// `GET /api/stats`: counts of the events that pass the filters by type,
/// country, month, and by day (or month, over long spans) and type.
pub async fn stats(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), true, &["bucket"])?;
    let f = p.filter()?;
    let bucket = match p.get("bucket").unwrap_or("auto") {
        b @ ("auto" | "day" | "month") => b.to_string(),
        other => {
            return Err(ApiError::bad_request(format!(
                "bucket {other:?}: one of auto, day, month"
            )))
        }
    };
    let (stats, days) = app
        .read(move |_, s| Ok((s.stats(&f)?, s.timeline(&f)?)))
        .await?;
    let (bucket, rows) = buckets(days, &bucket);
    Ok(Json(json!({
        "events": stats.events,
        "reports": stats.reports,
        "articles": stats.articles,
        "by_type": stats.by_type,
        "by_country": stats.by_country,
        "by_month": stats.by_month,
        "timeline": {"bucket": bucket, "rows": rows},
    })))
}

/// Days kept as they are (`auto` over no more than 400 days), or summed
/// into months (`YYYY-MM`).
fn buckets(days: Vec<DayCount>, bucket: &str) -> (&'static str, Vec<DayCount>) {
    let span = match (days.first(), days.last()) {
        (Some(a), Some(b)) => days_between(&a.day, &b.day),
        _ => 0,
    };
    if bucket == "day" || (bucket == "auto" && span <= 400) {
        return ("day", days);
    }
    let mut months: Vec<DayCount> = Vec::new();
    let mut by_key: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for d in days {
        let month = d.day.get(..7).unwrap_or(&d.day).to_string();
        *by_key.entry((month, d.event_type)).or_default() += d.events;
    }
    for ((day, event_type), events) in by_key {
        months.push(DayCount {
            day,
            event_type,
            events,
        });
    }
    ("month", months)
}

/// Days from `a` to `b`, both `YYYY-MM-DD` (0 if either is not).
fn days_between(a: &str, b: &str) -> i32 {
    match (Date::parse_iso(a), Date::parse_iso(b)) {
        (Some(a), Some(b)) => a.days_until(b),
        _ => 0,
    }
}

/// `GET /api/map`: the events that pass the filters counted in a grid of
/// `cell`-degree cells (default 1), at most `max_cells` of them.
pub async fn map(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), true, &["cell", "max_cells"])?;
    let f = p.filter()?;
    let cell = p.number("cell", 1.0, 0.0001, 90.0)?;
    let max_cells = p.number("max_cells", 2000, 1, MAX_CELLS)?;
    let grid = app
        .read(move |_, s| Ok(s.grid(&f, cell, max_cells)?))
        .await?;
    Ok(Json(serde_json::to_value(grid).map_err(internal)?))
}

/// `GET /api/actors?q=`: actor names containing the words, for
/// completion.
pub async fn actors(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    let p = Params::parse(q.as_deref(), false, &["q", "limit"])?;
    let words = p
        .get("q")
        .map(str::trim)
        .ok_or_else(|| ApiError::bad_request("q: the words to look for are missing"))?
        .to_string();
    if words.chars().count() > 100 {
        return Err(ApiError::bad_request("q: at most 100 characters"));
    }
    let limit = p.number("limit", 10, 1, 100)?;
    let names = app.read(move |_, s| Ok(s.actors(&words, limit)?)).await?;
    Ok(Json(json!({"actors": names})))
}

/// `GET /api/meta`: PLOVER types, country names, and whether writes are
/// allowed.
pub async fn meta(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Answer {
    Params::parse(q.as_deref(), false, &[])?;
    Ok(Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "store": app.name,
        "writable": app.writable(),
        "types": casus_core::EventType::ALL,
        "countries": app.pipeline.country_names(),
        "limits": {
            "events": MAX_LIMIT,
            "cells": MAX_CELLS,
            "body_bytes": app.config.max_body,
            "timeout_seconds": app.config.timeout.as_secs_f64(),
            "cache_seconds": app.config.cache_ttl.as_secs_f64(),
        },
    })))
}

/// `GET /healthz`: the store answers.
pub async fn health(State(app): State<Arc<App>>) -> Answer {
    let version = app
        .read(|_, s| Ok(s.schema_version()?))
        .await
        .map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                format!("the store does not answer: {}", e.message),
            )
        })?;
    Ok(Json(json!({"status": "ok", "schema_version": version})))
}

fn internal(e: serde_json::Error) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        format!("writing the answer failed: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str, t: &str, n: i64) -> DayCount {
        DayCount {
            day: d.into(),
            event_type: t.into(),
            events: n,
        }
    }

    #[test]
    fn long_spans_count_by_month() {
        assert_eq!(days_between("2024-02-28", "2024-03-01"), 2);
        let short = vec![
            day("2024-01-01", "ASSAULT", 1),
            day("2024-12-31", "ASSAULT", 2),
        ];
        assert_eq!(buckets(short.clone(), "auto").0, "day");
        let long = vec![
            day("2023-01-05", "ASSAULT", 1),
            day("2023-01-09", "ASSAULT", 2),
            day("2024-12-31", "PROTEST", 4),
        ];
        let (b, rows) = buckets(long.clone(), "auto");
        assert_eq!(b, "month");
        assert_eq!(
            rows,
            [day("2023-01", "ASSAULT", 3), day("2024-12", "PROTEST", 4)]
        );
        assert_eq!(buckets(long, "day").1.len(), 3);
        assert_eq!(buckets(short, "month").0, "month");
    }
}
