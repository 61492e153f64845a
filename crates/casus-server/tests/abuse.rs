//! Abusive requests against a real server on a loopback socket: bodies
//! past the limit, clients that send slowly or not at all, more
//! connections than allowed, paths that climb out of the assets, SQL in
//! every filter, a wrong token a thousand times, and broken HTTP. Each
//! gets its 4xx (or its connection closed), the store is unchanged, and
//! the server answers normally afterwards.

use casus_core::Pipeline;
use casus_server::{App, Config};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TOKEN: &str = "abuse-test-token";
const ARTICLES: &str = include_str!("../../casus-store/tests/fixtures/articles.jsonl");

/// Starts a server on a free loopback port with `config`, on a store
/// seeded with the store's test articles; returns its address. The
/// server runs until the test process ends.
fn start(name: &str, config: Config) -> SocketAddr {
    let dir = std::env::temp_dir().join(format!("casus-abuse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let db = dir.join(format!("{name}.db")).display().to_string();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{ext}"));
    }
    let pipeline = Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
    let app = App::open(
        Config {
            db,
            token: Some(TOKEN.into()),
            ..config
        },
        pipeline,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
        casus_server::run(app, addr, |at| {
            let _ = tx.send(at);
        })
        .unwrap_or_else(|e| panic!("{e}"));
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("the server did not start: {e}"));
    let seeded = request(
        addr,
        "POST",
        "/api/articles",
        &[
            ("Authorization", &format!("Bearer {TOKEN}")),
            ("Content-Type", "application/x-ndjson"),
        ],
        ARTICLES.as_bytes(),
    );
    assert_eq!(seeded.status, 200, "{}", seeded.body);
    addr
}

/// An answer read off the socket.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

/// Sends `raw` bytes on a new connection and reads the answer until the
/// server closes it (None when it closed without answering).
fn exchange(addr: SocketAddr, raw: &[u8]) -> Option<Answer> {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap_or_else(|e| panic!("{e}"));
    // The server may answer and close before it has read everything.
    let _ = s.write_all(raw);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    parse(&out)
}

fn parse(out: &[u8]) -> Option<Answer> {
    let text = String::from_utf8_lossy(out).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    Some(Answer { status, body })
}

/// A request with `headers` and `body` on a connection of its own.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: casus\r\nConnection: close\r\n");
    for (k, v) in headers {
        raw.push_str(&format!("{k}: {v}\r\n"));
    }
    raw.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(body);
    exchange(addr, &bytes).unwrap_or_else(|| panic!("{method} {path}: no answer"))
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[], b"")
}

/// The store's count of events, asked past the cache.
fn fresh_stats(addr: SocketAddr) -> Answer {
    request(
        addr,
        "GET",
        "/api/stats",
        &[("Cache-Control", "no-cache")],
        b"",
    )
}

/// The server still answers, and the store holds what it held.
fn still_up(addr: SocketAddr, events: &str) {
    let h = get(addr, "/healthz");
    assert_eq!(h.status, 200, "{}", h.body);
    let st = fresh_stats(addr);
    assert_eq!(st.status, 200, "{}", st.body);
    let v: serde_json::Value = serde_json::from_str(&st.body).unwrap_or_default();
    assert_eq!(v["events"].to_string(), events, "the store changed");
}

fn event_count(addr: SocketAddr) -> String {
    let st = fresh_stats(addr);
    let v: serde_json::Value = serde_json::from_str(&st.body).unwrap_or_default();
    v["events"].to_string()
}

#[test]
fn oversized_bodies_are_413_and_a_wrong_token_401_a_thousand_times() {
    let addr = start(
        "bodies",
        Config {
            max_body: 64 << 10,
            ..Config::default()
        },
    );
    let n = event_count(addr);
    let auth = format!("Bearer {TOKEN}");
    let json = ("Content-Type", "application/json");
    // Declared too large: refused before it is read.
    let big = vec![b' '; (64 << 10) + 1];
    let a = request(
        addr,
        "POST",
        "/api/articles",
        &[("Authorization", &auth), json],
        &big,
    );
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(
        a.body.contains("larger than this server takes"),
        "{}",
        a.body
    );
    // Sent in chunks with no length: refused once past the limit.
    let mut raw = format!(
        "POST /api/articles HTTP/1.1\r\nHost: casus\r\nConnection: close\r\n\
         Authorization: {auth}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..20 {
        raw.extend_from_slice(b"1000\r\n");
        raw.extend(std::iter::repeat_n(b'x', 0x1000));
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let a = exchange(addr, &raw).unwrap_or_else(|| panic!("no answer to a chunked body"));
    assert_eq!(a.status, 413, "{}", a.body);
    // Without the token, a large body is refused for the token (the
    // server holds no body for a client without it).
    let a = request(addr, "POST", "/api/articles", &[json], &big);
    assert_eq!(a.status, 401, "{}", a.body);
    // A wrong token, a thousand times, each refused alike.
    let t = Instant::now();
    let body = br#"{"id": "w", "text": "Rebels attacked a convoy in Mali on Monday."}"#;
    for i in 0..1000 {
        let wrong = format!("Bearer {TOKEN}{i}");
        let a = request(
            addr,
            "POST",
            "/api/articles",
            &[("Authorization", &wrong), json],
            body,
        );
        assert_eq!(a.status, 401, "try {i}: {}", a.body);
        assert!(a.body.contains("not this server's"), "{}", a.body);
    }
    eprintln!("1,000 wrong tokens refused in {:?}", t.elapsed());
    still_up(addr, &n);
    // The right token still writes.
    let a = request(
        addr,
        "POST",
        "/api/articles",
        &[("Authorization", &auth), json],
        body,
    );
    assert_eq!(a.status, 200, "{}", a.body);
}

#[test]
fn slow_and_idle_clients_are_cut_off_and_others_served() {
    let addr = start(
        "slow",
        Config {
            send_timeout: Duration::from_secs(1),
            ..Config::default()
        },
    );
    let n = event_count(addr);
    // An idle connection is closed after the send timeout.
    let t = Instant::now();
    let mut idle = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    idle.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut buf = Vec::new();
    let _ = idle.read_to_end(&mut buf);
    let took = t.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "an idle connection stayed {took:?}"
    );

    // A head sent a byte every 250 ms (ten seconds for all of it): cut
    // off once the send timeout has passed, so writing to it fails.
    let t = Instant::now();
    let mut slow = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let mut cut = None;
    for b in b"GET /api/stats HTTP/1.1\r\nHost: casus\r\nX-Slow: yes\r\n\r\n" {
        if slow.write_all(&[*b]).is_err() {
            cut = Some(t.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let cut = cut.unwrap_or_else(|| panic!("a head sent over {:?} was read", t.elapsed()));
    assert!(cut < Duration::from_secs(5), "cut off only after {cut:?}");

    // A write's body that stops coming: 408.
    let raw = format!(
        "POST /api/articles HTTP/1.1\r\nHost: casus\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"text\": \""
    )
    .into_bytes();
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap_or_else(|e| panic!("{e}"));
    s.write_all(&raw).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let a = parse(&out).unwrap_or_else(|| panic!("no answer to a stalled body"));
    assert_eq!(a.status, 408, "{}", a.body);

    // Two hundred clients sending nothing do not hold up the others.
    let hogs: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let t = Instant::now();
    for _ in 0..20 {
        assert_eq!(get(addr, "/api/events?limit=5").status, 200);
    }
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "twenty reads beside 200 idle clients took {:?}",
        t.elapsed()
    );
    drop(hogs);
    still_up(addr, &n);
}

#[test]
fn connections_past_the_limit_are_503_until_some_close() {
    let addr = start(
        "limit",
        Config {
            max_connections: 20,
            send_timeout: Duration::from_secs(30),
            ..Config::default()
        },
    );
    let n = event_count(addr);
    let connect = || TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let mut held: Vec<TcpStream> = (0..20).map(|_| connect()).collect();
    // The server counts a connection once it has accepted it, which on a
    // busy machine may take a while: ask until it refuses, for at most
    // five seconds (a probe it still accepts is served and closed). The
    // connection that asked for the count may be let go only after the
    // held ones were accepted (the last refused): then a slot is free,
    // and one more held connection takes it, two at most.
    let deadline = Instant::now() + Duration::from_secs(5);
    let a = loop {
        std::thread::sleep(Duration::from_millis(100));
        let a = get(addr, "/healthz");
        if a.status == 503 || Instant::now() > deadline {
            break a;
        }
        if held.len() < 22 {
            held.push(connect());
        }
    };
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.body.contains("too many connections"), "{}", a.body);
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    still_up(addr, &n);
}

#[test]
fn paths_out_of_the_assets_sql_in_filters_and_broken_http_are_refused() {
    let addr = start("paths", Config::default());
    let n = event_count(addr);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/app.js%00.txt",
        "/assets/app.js/../../../etc/passwd",
        "/assets/%252e%252e%252fCargo.toml",
        "/assets/",
        "/assets/.",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/assets//etc/passwd",
    ] {
        let a = get(addr, path);
        assert!(
            matches!(a.status, 400 | 404),
            "{path}: {} {}",
            a.status,
            a.body
        );
        assert!(
            !a.body.contains("root:") && !a.body.contains("[workspace]"),
            "{path} gave a file: {}",
            a.body
        );
    }

    // SQL and other hostile strings in every filter of every endpoint:
    // refused as a bad value (400), or read as plain text that matches
    // nothing; never an error of the store, never a change to it.
    let hostile = [
        "' OR '1'='1",
        "1; DROP TABLE events; --",
        "') UNION SELECT id, text FROM articles --",
        "%",
        "_",
        "\\",
        "\"",
        "NULL",
        "%00",
        "%FF%FE",
        "1e308",
        "-1",
        "99999999999999999999",
        "2024-01-01' --",
        "$1",
        "?1",
    ];
    let long = "x".repeat(10_000);
    let filters = casus_server::params::FILTER_KEYS;
    let with = |more: &[&'static str]| -> Vec<&'static str> {
        filters.iter().chain(more).copied().collect()
    };
    let endpoints: [(&str, Vec<&str>); 6] = [
        ("/api/events", with(&["limit", "cursor"])),
        ("/api/stats", with(&[])),
        ("/api/map", with(&["cell", "max_cells"])),
        ("/api/actors", vec!["q", "limit"]),
        ("/api/meta", vec!["x"]),
        ("/api/events/x", vec!["x"]),
    ];
    let mut tried = 0;
    for (path, keys) in &endpoints {
        for key in keys {
            for v in hostile.iter().copied().chain([long.as_str()]) {
                let q: String = form_urlencoded::Serializer::new(String::new())
                    .append_pair(key, v)
                    .finish();
                // Some values go raw too, as a careless client sends them.
                for query in [q, format!("{key}={v}").replace(' ', "+")] {
                    let a = get(addr, &format!("{path}?{query}"));
                    tried += 1;
                    assert!(
                        a.status == 200 || a.status == 400,
                        "{path}?{query}: {} {}",
                        a.status,
                        a.body
                    );
                    // Words are words: quotes, SQL and LIKE's wildcards
                    // in them match only themselves, which no evidence
                    // or actor here holds.
                    if *path == "/api/events" && matches!(*key, "actor" | "text") {
                        let v: serde_json::Value =
                            serde_json::from_str(&a.body).unwrap_or_default();
                        let n = v["events"].as_array().map_or(0, Vec::len);
                        assert!(
                            n == 0 || !v["error"].is_null(),
                            "{path}?{query} matched {n} events"
                        );
                    }
                }
            }
        }
    }
    for id in hostile.iter().chain([&long.as_str()]) {
        let enc: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
        let a = get(addr, &format!("/api/events/{enc}"));
        tried += 1;
        assert!(
            matches!(a.status, 400 | 404),
            "{id}: {} {}",
            a.status,
            a.body
        );
    }
    eprintln!("{tried} hostile filter values answered 200 or 400");
    still_up(addr, &n);

    // Broken HTTP: the server says 400 (or 431, 405, 414) and goes on.
    let broken: [(&[u8], &[u16]); 7] = [
        (b"NONSENSE\r\n\r\n", &[400]),
        (b"GET\r\n\r\n", &[400]),
        (b"GET /healthz HTTP/9.9\r\n\r\n", &[400, 505]),
        (b"\x00\x01\x02\x03\r\n\r\n", &[400]),
        (
            b"GET /healthz HTTP/1.1\r\nHost: casus\r\nContent-Length: -5\r\n\r\n",
            &[400],
        ),
        (
            b"BREW /api/events HTTP/1.1\r\nHost: casus\r\nConnection: close\r\n\r\n",
            &[405],
        ),
        (
            b"GET /healthz HTTP/1.1\r\nHost: casus\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            &[400],
        ),
    ];
    for (raw, want) in broken {
        if let Some(a) = exchange(addr, raw) {
            assert!(
                want.contains(&a.status),
                "{:?}: {} {}",
                String::from_utf8_lossy(raw),
                a.status,
                a.body
            );
        }
    }
    // A head far past any real one: 431, or the connection closed.
    let huge = format!(
        "GET /healthz HTTP/1.1\r\nHost: casus\r\nX-Junk: {}\r\n\r\n",
        "y".repeat(1 << 20)
    );
    if let Some(a) = exchange(addr, huge.as_bytes()) {
        assert!(matches!(a.status, 400 | 431), "{} {}", a.status, a.body);
    }
    let long_path = format!("/api/events?text={}", "z".repeat(200_000));
    if let Some(a) = exchange(
        addr,
        format!("GET {long_path} HTTP/1.1\r\nHost: casus\r\nConnection: close\r\n\r\n").as_bytes(),
    ) {
        assert!(
            matches!(a.status, 200 | 400 | 414 | 431),
            "{} {}",
            a.status,
            a.body
        );
    }
    still_up(addr, &n);
}
