//! Every endpoint of the API, in process (no socket): the answers, and
//! the errors for bad parameters, bodies and tokens. The store is a
//! SQLite file seeded through the API itself with the store's test
//! articles (written for casus's tests).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use casus_core::Pipeline;
use casus_server::{App, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const TOKEN: &str = "test-token";
const ARTICLES: &str = include_str!("../../casus-store/tests/fixtures/articles.jsonl");

fn db(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("casus-api-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(format!("{name}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    path.display().to_string()
}

fn server(name: &str, config: Config) -> Router {
    let pipeline = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    let app = App::open(
        Config {
            db: db(name),
            ..config
        },
        pipeline,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    casus_server::router(Arc::new(app))
}

fn with_token() -> Config {
    Config {
        token: Some(TOKEN.into()),
        ..Config::default()
    }
}

/// An answer: status, content type, body as JSON.
struct Answer {
    status: StatusCode,
    body: Value,
    headers: axum::http::HeaderMap,
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let r = app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = r.status();
    let headers = r.headers().clone();
    let bytes = r
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        body,
        headers,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    let req = Request::get(uri)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    send(app, req).await
}

async fn post(
    app: &Router,
    token: Option<&str>,
    content_type: &str,
    body: impl Into<Body>,
) -> Answer {
    let mut req = Request::post("/api/articles").header(header::CONTENT_TYPE, content_type);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, req.body(body.into()).unwrap_or_else(|e| panic!("{e}"))).await
}

/// The answer is an error with `status` whose message contains `words`.
fn refused(a: &Answer, status: StatusCode, words: &str) {
    assert_eq!(a.status, status, "{}", a.body);
    assert_eq!(a.body["error"]["status"], status.as_u16(), "{}", a.body);
    let message = a.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(words), "{message:?} lacks {words:?}");
}

async fn seeded(name: &str) -> Router {
    let app = server(name, with_token());
    let a = post(&app, Some(TOKEN), "application/x-ndjson", ARTICLES).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    app
}

fn ids(events: &Value) -> Vec<String> {
    events
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posted_articles_are_extracted_stored_and_answered() {
    let app = server("post", with_token());
    let a = post(&app, Some(TOKEN), "application/x-ndjson", ARTICLES).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let articles = a.body["articles"].as_array().cloned().unwrap_or_default();
    assert_eq!(articles.len(), 5);
    assert!(articles.iter().all(|x| x["status"] == "new"));
    assert_eq!(a.body["summary"]["reports"], 7);
    // Paper B's Kharkiv report joined Wire A's event.
    let paper = articles
        .iter()
        .find(|x| x["id"] == "paper-kharkiv")
        .expect("paper-kharkiv");
    assert_eq!(paper["events"][0]["event_type"], "ASSAULT");
    assert_eq!(paper["events"][0]["event_id"], "paper-kharkiv#1");
    assert!(paper["events"][0]["evidence"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Kharkiv")));
    // The same again is unchanged; one object without an id gets one
    // from its text, the same each time.
    let again = post(&app, Some(TOKEN), "application/x-ndjson", ARTICLES).await;
    assert!(again.body["articles"]
        .as_array()
        .is_some_and(|a| a.iter().all(|x| x["status"] == "unchanged")));
    let one = r#"{"title":"Rally","date":"2024-05-01","text":"Thousands of workers marched in Paris on Wednesday to protest against the pension reform."}"#;
    let first = post(&app, Some(TOKEN), "application/json", one).await;
    let second = post(&app, Some(TOKEN), "application/json; charset=utf-8", one).await;
    assert_eq!(first.body["articles"][0]["status"], "new", "{}", first.body);
    assert_eq!(second.body["articles"][0]["status"], "unchanged");
    assert_eq!(
        first.body["articles"][0]["id"],
        second.body["articles"][0]["id"]
    );
    assert_eq!(
        first.body["articles"][0]["events"][0]["event_type"],
        "PROTEST"
    );
    // A batch with a bad line stores the rest and names the line.
    let mixed = "{\"id\":\"ok-1\",\"date\":\"2024-05-02\",\"text\":\"Police arrested 40 protesters in Dhaka on Thursday.\"}\n\
                 {\"id\":\"bad\",\"date\":\"2024-02-30\",\"text\":\"x\"}\nnot json\n";
    let m = post(&app, Some(TOKEN), "application/x-ndjson", mixed).await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
    assert_eq!(m.body["articles"][0]["id"], "ok-1");
    let errors = m.body["errors"].as_array().cloned().unwrap_or_default();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["at"], "line 2");
    assert_eq!(errors[1]["at"], "line 3");
    let found = get(&app, "/api/events?text=arrested").await;
    assert_eq!(ids(&found.body["events"]).len(), 1, "{}", found.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_the_token_and_a_proper_body() {
    let app = server(
        "writes",
        Config {
            max_body: 2000,
            ..with_token()
        },
    );
    let body = r#"{"text":"Protesters marched in Lima."}"#;
    let a = post(&app, None, "application/json", body).await;
    refused(&a, StatusCode::UNAUTHORIZED, "Authorization: Bearer");
    assert!(a.headers.contains_key(header::WWW_AUTHENTICATE));
    refused(
        &post(&app, Some("guess"), "application/json", body).await,
        StatusCode::UNAUTHORIZED,
        "token",
    );
    refused(
        &post(&app, Some(&format!("{TOKEN}x")), "application/json", body).await,
        StatusCode::UNAUTHORIZED,
        "token",
    );
    refused(
        &post(&app, Some(TOKEN), "application/json", "{\"text\":").await,
        StatusCode::BAD_REQUEST,
        "not JSON",
    );
    refused(
        &post(&app, Some(TOKEN), "application/json", r#"{"id":"a"}"#).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no \"text\"",
    );
    refused(
        &post(
            &app,
            Some(TOKEN),
            "application/json",
            r#"{"text":"x","date":"soon"}"#,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "\"date\"",
    );
    refused(
        &post(&app, Some(TOKEN), "application/json", "[]").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no article",
    );
    refused(
        &post(&app, Some(TOKEN), "text/plain", body).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "application/json",
    );
    let big = format!("{{\"text\":\"{}\"}}", "a".repeat(5000));
    refused(
        &post(&app, Some(TOKEN), "application/json", big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "2000 bytes",
    );
    // Nothing was stored by any of these.
    let listed = get(&app, "/api/events").await;
    assert_eq!(ids(&listed.body["events"]).len(), 0);

    // A server started without a token takes no writes at all.
    let read_only = server("read-only", Config::default());
    refused(
        &post(&read_only, Some(TOKEN), "application/json", body).await,
        StatusCode::FORBIDDEN,
        "without a token",
    );
    assert_eq!(get(&read_only, "/api/meta").await.body["writable"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_articles_and_too_slow_requests_are_refused() {
    let app = server(
        "many",
        Config {
            max_body: 1 << 20,
            ..with_token()
        },
    );
    let many = "{\"text\":\"a\"}\n".repeat(casus_server::routes::articles::MAX_ARTICLES + 1);
    refused(
        &post(&app, Some(TOKEN), "application/x-ndjson", many).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "at most",
    );
    // 300 articles take far longer than a millisecond to extract.
    let slow = server(
        "slow",
        Config {
            timeout: Duration::from_millis(1),
            max_body: 1 << 20,
            ..with_token()
        },
    );
    let batch: String = (0..300)
        .map(|i| format!("{{\"id\":\"s{i}\",\"text\":\"Troops shelled the town of Bakhmut on Monday, killing {i} soldiers, officials said.\"}}\n"))
        .collect();
    refused(
        &post(&slow, Some(TOKEN), "application/x-ndjson", batch).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "longer than",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_page_through_the_store_once() {
    let app = seeded("pages").await;
    let all = get(&app, "/api/events?limit=1000").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body["next"], Value::Null);
    let want = ids(&all.body["events"]);
    assert_eq!(want.len(), 6);
    // Pages of two, following the cursor, give the same events once.
    let mut got = Vec::new();
    let mut uri = "/api/events?limit=2".to_string();
    loop {
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        got.extend(ids(&page.body["events"]));
        match page.body["next"].as_str() {
            Some(c) => uri = format!("/api/events?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(got, want);
    // Filters, repeated or with commas.
    let assaults = get(&app, "/api/events?type=assault").await;
    let n = ids(&assaults.body["events"]).len();
    assert!((3..6).contains(&n), "{n}");
    let both = get(&app, "/api/events?type=ASSAULT&type=PROTEST").await;
    let joined = get(&app, "/api/events?type=ASSAULT,PROTEST").await;
    assert_eq!(ids(&both.body["events"]), ids(&joined.body["events"]));
    assert_eq!(ids(&both.body["events"]).len(), n + 1);
    let ukraine = get(
        &app,
        "/api/events?country=ukr&since=2024-03-09&until=2024-03-09",
    )
    .await;
    assert!(ids(&ukraine.body["events"]).contains(&"paper-kharkiv#1".to_string()));
    let boxed = get(&app, "/api/events?bbox=20,40,45,55&min_fatalities=1").await;
    assert_eq!(ids(&boxed.body["events"]), ["paper-kharkiv#1"]);
    let actor = get(&app, "/api/events?actor=kenya%20police").await;
    assert_eq!(ids(&actor.body["events"]).len(), 1, "{}", actor.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_are_named() {
    let app = seeded("bad").await;
    for (uri, words) in [
        ("/api/events?type=BOMBING", "type \"BOMBING\""),
        ("/api/events?since=2024-13-01", "since"),
        ("/api/events?until=last%20week", "until"),
        (
            "/api/events?since=2024-03-02&until=2024-03-01",
            "before since",
        ),
        ("/api/events?country=Ukraine", "country"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=0,80,10,95", "bbox"),
        ("/api/events?min_fatalities=-3", "min_fatalities"),
        ("/api/events?limit=1000000", "limit"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?cursor=zz", "cursor"),
        ("/api/events?cursor=41", "cursor"),
        ("/api/events?tpye=ASSAULT", "unknown parameter \"tpye\""),
        ("/api/events?country=UKR&country=RUS", "twice"),
        ("/api/stats?bucket=year", "bucket"),
        ("/api/stats?limit=5", "unknown parameter"),
        ("/api/map?cell=0", "cell"),
        ("/api/map?cell=NaN", "cell"),
        ("/api/map?max_cells=100000", "max_cells"),
        ("/api/actors", "q"),
        ("/api/actors?q=ab&limit=1000", "limit"),
        ("/api/events/paper-kharkiv%231?x=1", "unknown parameter"),
    ] {
        refused(&get(&app, uri).await, StatusCode::BAD_REQUEST, words);
    }
    let long = format!("/api/actors?q={}", "a".repeat(101));
    refused(
        &get(&app, &long).await,
        StatusCode::BAD_REQUEST,
        "100 characters",
    );
    refused(
        &get(&app, "/api/events/no-such-event").await,
        StatusCode::NOT_FOUND,
        "no-such-event",
    );
    refused(
        &get(&app, "/api/nothing").await,
        StatusCode::NOT_FOUND,
        "/api/nothing",
    );
    refused(
        &get(&app, "/assets/secret.txt").await,
        StatusCode::NOT_FOUND,
        "secret.txt",
    );
    let del = Request::delete("/api/events")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    refused(
        &send(&app, del).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "DELETE",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_event_counts_the_grid_and_names() {
    let app = seeded("read").await;
    // One event with its reports and their evidence.
    let e = get(&app, "/api/events/paper-kharkiv%231").await;
    assert_eq!(e.status, StatusCode::OK, "{}", e.body);
    assert_eq!(e.body["event"]["num_reports"], 2);
    let reports = e.body["reports"].as_array().cloned().unwrap_or_default();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["title"], "Strike on Kharkiv kills four");
    assert_eq!(reports[1]["outlet"], "Wire A");
    let record = &reports[1]["record"];
    let (ev, trigger) = (&record["evidence"], &record["trigger"]);
    assert!(ev["start"].as_u64() <= trigger["start"].as_u64());
    assert!(trigger["end"].as_u64() <= ev["end"].as_u64());
    // Counts agree with the listing.
    let stats = get(&app, "/api/stats").await;
    assert_eq!(stats.status, StatusCode::OK);
    assert_eq!(stats.body["events"], 6);
    assert_eq!(stats.body["timeline"]["bucket"], "day");
    let rows = stats.body["timeline"]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        rows.iter()
            .filter_map(|r| r["events"].as_i64())
            .sum::<i64>(),
        6
    );
    let months = get(&app, "/api/stats?bucket=month&type=ASSAULT").await;
    assert_eq!(months.body["timeline"]["bucket"], "month");
    assert!(months.body["timeline"]["rows"].as_array().is_some_and(|r| r
        .iter()
        .all(|r| r["day"] == "2024-03" && r["event_type"] == "ASSAULT")));
    let ukraine = get(&app, "/api/stats?country=UKR").await;
    assert!(ukraine.body["events"]
        .as_i64()
        .is_some_and(|n| n > 0 && n < 6));
    // The grid: fine cells hold every placed event; one cell at most
    // makes one cell of them all.
    let grid = get(&app, "/api/map?cell=0.5").await;
    assert_eq!(grid.status, StatusCode::OK, "{}", grid.body);
    let cells = grid.body["cells"].as_array().cloned().unwrap_or_default();
    let placed: i64 = cells.iter().filter_map(|c| c["events"].as_i64()).sum();
    assert!(placed >= 5, "{placed}");
    let one = get(&app, "/api/map?cell=0.5&max_cells=1").await;
    assert_eq!(one.body["cells"].as_array().map(Vec::len), Some(1));
    assert_eq!(one.body["cells"][0]["events"], placed);
    // Names for completion.
    let names = get(&app, "/api/actors?q=russ").await;
    assert!(
        names.body["actors"][0]["name"]
            .as_str()
            .is_some_and(|n| n.to_lowercase().starts_with("russia")),
        "{}",
        names.body
    );
    // Health and what the page needs to start.
    let h = get(&app, "/healthz").await;
    assert_eq!(
        (h.status, &h.body["status"]),
        (StatusCode::OK, &Value::from("ok"))
    );
    let meta = get(&app, "/api/meta").await;
    assert_eq!(meta.body["types"].as_array().map(Vec::len), Some(16));
    assert_eq!(meta.body["countries"]["UKR"], "Ukraine");
    assert_eq!(meta.body["writable"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_files_are_served_with_safe_headers() {
    let app = server("page", Config::default());
    let req = Request::get("/")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = r
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .to_bytes();
    let html = String::from_utf8_lossy(&html);
    // Every file the page names is served, and nothing from elsewhere.
    for name in ["app.js", "style.css"] {
        assert!(html.contains(&format!("/assets/{name}")), "{name}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    for name in [
        "app.js",
        "map.js",
        "timeline.js",
        "style.css",
        "countries-50m.json",
    ] {
        let req = Request::get(format!("/assets/{name}"))
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let r = app
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status(), StatusCode::OK, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_are_kept_a_moment_and_no_cache_skips_them() {
    let app = server(
        "cache",
        Config {
            cache_ttl: Duration::from_millis(400),
            ..with_token()
        },
    );
    let how = |a: &Answer| {
        a.headers
            .get(casus_server::cache::HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let first = get(&app, "/api/stats").await;
    assert_eq!(how(&first), "miss");
    assert_eq!(first.body["events"], 0);
    let a = post(&app, Some(TOKEN), "application/x-ndjson", ARTICLES).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Within the time kept: the same answer, from memory.
    let again = get(&app, "/api/stats").await;
    assert_eq!(how(&again), "hit");
    assert_eq!(again.body, first.body);
    // Past the cache, at once: the write shows.
    let req = Request::get("/api/stats")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let fresh = send(&app, req).await;
    assert_eq!(how(&fresh), "bypass");
    assert!(
        fresh.body["events"].as_u64().unwrap_or(0) > 0,
        "{}",
        fresh.body
    );
    // After the time kept: asked again.
    tokio::time::sleep(Duration::from_millis(450)).await;
    let later = get(&app, "/api/stats").await;
    assert_eq!(how(&later), "miss");
    assert_eq!(later.body["events"], fresh.body["events"]);
    // Errors are never kept.
    let bad = get(&app, "/api/stats?type=BOMBING").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = get(&app, "/api/stats?type=BOMBING").await;
    assert_eq!(how(&bad), "");
}

/// Two articles of our own: a drone attack, and the strikes another
/// outlet says answer it.
const CHAIN: &str = include_str!("../../casus-store/tests/fixtures/chain.jsonl");
const FLARE: &str = include_str!("../../casus-store/tests/fixtures/flare.jsonl");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_chain_goes_both_ways() {
    let app = server("chain", with_token());
    let a = post(&app, Some(TOKEN), "application/x-ndjson", CHAIN).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let c = get(&app, "/api/events/drone-report%231/chain").await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.body["event"]["id"], "drone-report#1");
    assert_eq!(c.body["event"]["num_articles"], 2, "{}", c.body);
    assert_eq!(c.body["answers"], serde_json::json!([]));
    let strikes = &c.body["answered_by"][0];
    assert_eq!(strikes["event"]["event_type"], "ASSAULT", "{}", c.body);
    assert_eq!(strikes["event"]["date"], "2024-05-08");
    assert_eq!(strikes["next"][0]["event"]["event_type"], "THREATEN");
    let short = get(&app, "/api/events/drone-report%231/chain?depth=1").await;
    assert_eq!(short.body["answered_by"][0]["next"], serde_json::json!([]));
    refused(
        &get(&app, "/api/events/nothing/chain").await,
        StatusCode::NOT_FOUND,
        "no event",
    );
    refused(
        &get(&app, "/api/events/drone-report%231/chain?depth=0").await,
        StatusCode::BAD_REQUEST,
        "depth",
    );
    refused(
        &get(&app, "/api/events/drone-report%231/chain?deep=3").await,
        StatusCode::BAD_REQUEST,
        "unknown parameter",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dyads_and_alerts_are_answered_and_checked() {
    let app = server("dyads", with_token());
    let a = post(&app, Some(TOKEN), "application/x-ndjson", CHAIN).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let d = get(&app, "/api/dyads?a=USA&b=syr").await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    assert_eq!(d.body["a"], serde_json::json!({"Country": "USA"}));
    assert_eq!(d.body["days"][0]["date"], "2024-05-08");
    assert_eq!(d.body["days"][0]["by_type"]["ASSAULT"], 1);
    // The day's event is marked, and opens.
    assert_eq!(d.body["marks_total"], 1);
    let id = d.body["marks"][0]["id"].as_str().unwrap_or_default();
    let e = get(&app, &format!("/api/events/{}", id.replace('#', "%23"))).await;
    assert_eq!(e.status, StatusCode::OK, "{id}: {}", e.body);
    assert_eq!(d.body["alerts"], serde_json::json!([]));
    // The flare's day is an alert of its dyad too.
    let f = post(&app, Some(TOKEN), "application/x-ndjson", FLARE).await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);
    let flare = get(&app, "/api/dyads?a=UKR&b=RUS").await;
    assert_eq!(
        flare.body["alerts"][0]["date"], "2024-03-22",
        "{}",
        flare.body
    );
    assert_eq!(flare.body["rule"]["k"], 3.0);
    let r = get(
        &app,
        "/api/dyads?a=USA&b=SYR&since=2024-05-01&until=2024-05-10",
    )
    .await;
    assert_eq!(r.body["days"].as_array().map(Vec::len), Some(10));
    refused(
        &get(&app, "/api/dyads?a=USA").await,
        StatusCode::BAD_REQUEST,
        "b: a side is missing",
    );
    refused(
        &get(&app, "/api/dyads?a=USA&b=SYR&since=May").await,
        StatusCode::BAD_REQUEST,
        "not a date",
    );
    refused(
        &get(
            &app,
            "/api/dyads?a=USA&b=SYR&since=2000-01-01&until=2024-01-01",
        )
        .await,
        StatusCode::BAD_REQUEST,
        "at most",
    );
    let al = get(&app, "/api/alerts").await;
    assert_eq!(al.status, StatusCode::OK, "{}", al.body);
    assert_eq!(al.body["rule"]["window"], 28);
    assert!(al.body["alerts"].is_array(), "{}", al.body);
    refused(
        &get(&app, "/api/alerts?window=3").await,
        StatusCode::BAD_REQUEST,
        "unknown parameter",
    );
}
